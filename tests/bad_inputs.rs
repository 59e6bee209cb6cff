//! The bad-input corpus (tests/bad-inputs/cases.yaml), run through the real
//! binary: every case must fail with its exit code, print its rule code in a
//! diagnostic that names the right place (file:line:column, the file, or the
//! flag), and never panic or print a backtrace.
//!
//! A failing command must also leave its working directory as it found it.
//!
//! One test runs every case and reports all failures together, so a change
//! that moves many locations shows the whole picture at once. Inputs that
//! should not be committed (binary garbage, a 10 MB file) are generated here.

use crate::support::{eksnet, repo};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    case: String,
    #[serde(default)]
    about: Option<String>,
    /// A file in tests/bad-inputs/specs/ (it may be missing on purpose).
    #[serde(default)]
    spec: Option<String>,
    /// An input written by the test: binary, huge, nul, latin1.
    #[serde(default)]
    generate: Option<String>,
    /// Subcommand; `validate` when absent.
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    exit: i32,
    /// A rule code, or `usage` for a clap error.
    code: String,
    /// Where the message must point; see the header of cases.yaml.
    at: String,
    /// Text the diagnostic must contain besides (a "did you mean").
    #[serde(default)]
    says: Option<String>,
}

fn corpus() -> PathBuf {
    repo().join("tests/bad-inputs")
}

fn generated(kind: &str, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{kind}.yaml"));
    let bytes: Vec<u8> = match kind {
        // A fixed pseudo-random stream (xorshift), so a failure reproduces.
        "binary" => {
            let mut x: u32 = 0x9e37_79b9;
            (0..4096)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x >> 24) as u8
                })
                .collect()
        }
        // Valid YAML, 10 MB of it: the size limit must stop it before parsing.
        "huge" => {
            let mut s = String::from("apiVersion: eksnet/v1alpha1\ntags:\n");
            let mut i = 0;
            while s.len() < 10 * 1024 * 1024 {
                s.push_str(&format!("  key{i}: value{i}\n"));
                i += 1;
            }
            s.into_bytes()
        }
        "nul" => vec![0u8; 64],
        "latin1" => {
            let base = std::fs::read(corpus().join("specs/base.yaml")).expect("base spec");
            let text = String::from_utf8(base).expect("utf-8");
            let mut b = text.replace("name: bad-input", "name: cl").into_bytes();
            let at = b.windows(8).position(|w| w == b"name: cl").expect("name") + 8;
            b.insert(at, 0xfc); // ü in Latin-1
            b
        }
        other => panic!("unknown generated input `{other}`"),
    };
    std::fs::write(&path, bytes).expect("write generated input");
    path
}

/// The diagnostics in stderr, one block per `error[..]`/`warning[..]`/`note[..]` line.
fn blocks(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let starts =
            line.starts_with("error[") || line.starts_with("warning[") || line.starts_with("note[");
        match out.last_mut() {
            Some(b) if !starts && line.starts_with("  ") => {
                b.push('\n');
                b.push_str(line);
            }
            _ if starts => out.push(line.to_string()),
            _ => {}
        }
    }
    out
}

/// Run one case; `Err` says what is wrong.
fn check(c: &Case, work: &Path) -> Result<(), String> {
    let spec: Option<PathBuf> = match (&c.generate, &c.spec) {
        (Some(g), _) => Some(generated(g, work)),
        (None, Some(s)) => Some(corpus().join("specs").join(s)),
        (None, None) => None,
    };
    let mut cmd = eksnet();
    // A panic would print its message; with RUST_BACKTRACE it would also
    // print a backtrace, which must never reach a user either.
    cmd.env("RUST_BACKTRACE", "1").current_dir(work);
    cmd.arg(c.command.as_deref().unwrap_or("validate"));
    if let Some(p) = &spec {
        cmd.arg("--spec").arg(p);
    }
    cmd.args(&c.args);
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run eksnet: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let show = || format!("\n--- stderr ---\n{stderr}--------------");
    let lower = stderr.to_lowercase();
    if lower.contains("panicked") || lower.contains("backtrace") {
        return Err(format!("panicked or printed a backtrace{}", show()));
    }
    // A failing command writes nothing (`generate` least of all).
    let written: Vec<String> = std::fs::read_dir(work)
        .map_err(|e| e.to_string())?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().to_string()))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let ours = c.generate.as_ref().map(|g| format!("{g}.yaml"));
    let stray: Vec<&String> = written
        .iter()
        .filter(|n| Some(*n) != ours.as_ref())
        .collect();
    if !stray.is_empty() {
        return Err(format!("wrote {stray:?}{}", show()));
    }
    let code = out.status.code();
    if code != Some(c.exit) {
        return Err(format!("exit {:?}, expected {}{}", code, c.exit, show()));
    }
    if c.code == "usage" {
        // clap's own message: it names the offending flag.
        if !stderr.starts_with("error:") || !stderr.contains(&c.at) {
            return Err(format!(
                "expected a usage error naming `{}`{}",
                c.at,
                show()
            ));
        }
        return Ok(());
    }
    let place = match c.at.as_str() {
        "file" => format!(
            "--> {}",
            spec.as_ref().ok_or("`at: file` needs a spec")?.display()
        ),
        at if at.starts_with("flag ") => format!("--> {at}"),
        at => format!(
            "--> {}:{at}",
            spec.as_ref().ok_or("`at: L:C` needs a spec")?.display()
        ),
    };
    let ours: Vec<String> = blocks(&stderr)
        .into_iter()
        .filter(|b| b.contains(&format!("[{}]: ", c.code)))
        .collect();
    if ours.is_empty() {
        return Err(format!("no {} diagnostic{}", c.code, show()));
    }
    // The place must end where the location ends (no `8:3` matching `8:31`).
    let names_place = |b: &String| {
        b.lines().any(|l| {
            let l = l.trim_start();
            l == place || l.starts_with(&format!("{place} ")) || l.starts_with(&format!("{place},"))
        })
    };
    let Some(block) = ours.iter().find(|b| names_place(b)) else {
        return Err(format!("no {} diagnostic at `{place}`{}", c.code, show()));
    };
    if let Some(says) = &c.says {
        if !block.contains(says.as_str()) {
            return Err(format!(
                "the {} diagnostic does not say `{says}`{}",
                c.code,
                show()
            ));
        }
    }
    Ok(())
}

#[test]
fn every_bad_input_fails_cleanly_with_its_code_and_place() {
    let text = std::fs::read_to_string(corpus().join("cases.yaml")).expect("cases.yaml");
    let cases: Vec<Case> = serde_yaml_ng::from_str(&text).expect("cases.yaml parses");
    assert!(cases.len() >= 100, "the corpus holds {} cases", cases.len());

    let mut names = BTreeSet::new();
    let mut used = BTreeSet::new();
    for c in &cases {
        assert!(names.insert(c.case.as_str()), "case `{}` twice", c.case);
        assert!(
            c.spec.is_none() || c.generate.is_none(),
            "case `{}`: spec or generate, not both",
            c.case
        );
        if let Some(s) = &c.spec {
            used.insert(s.clone());
        }
    }
    // Every committed spec belongs to a case, so none is dead weight.
    for entry in std::fs::read_dir(corpus().join("specs")).expect("specs/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .to_string();
        assert!(used.contains(&name), "specs/{name} is not used by any case");
    }

    let mut failures = Vec::new();
    for c in &cases {
        let work = tempfile::tempdir().expect("temp dir");
        if let Err(why) = check(c, work.path()) {
            let about = c.about.as_deref().unwrap_or("");
            failures.push(format!("[{}] {about}: {why}", c.case));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
