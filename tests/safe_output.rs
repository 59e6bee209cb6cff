//! What `eksnet generate` leaves on disk, through the real binary, when all
//! goes well and when it does not:
//! - every example gives the same bytes on every run, in fresh processes
//!   (in-process determinism tests cannot see per-process hash seeds) and
//!   whatever the locale, time zone or working directory;
//! - a process killed at any moment leaves each generated file either as it
//!   was or as the new run would write it, never half-written;
//! - a write that fails (a file-size limit standing in for a full disk,
//!   since CI runs as root and a read-only directory does not stop root)
//!   leaves the previous files as they were.

use crate::support::repo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` (relative path → bytes), temporary files aside.
type Tree = BTreeMap<PathBuf, Vec<u8>>;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("eksnet")
}

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry").path().join("eksnet.yaml"))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no examples");
    v
}

fn generate(cwd: &Path, spec: &Path, out: &Path, force: bool) -> Command {
    let mut c = Command::new(bin());
    c.current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(["-q", "generate", "--format", "all", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out);
    if force {
        c.arg("--force");
    }
    c
}

fn run(mut c: Command) -> Output {
    let out = c.output().expect("run eksnet");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    out
}

fn is_temp(name: &str) -> bool {
    name.starts_with(".eksnet-") || name.contains(".eksnet-")
}

/// The files under `dir`, and the names of temporary files left there.
fn tree(dir: &Path) -> (Tree, Vec<String>) {
    let mut files = Tree::new();
    let mut temps = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if is_temp(&name) {
                temps.push(name);
            } else if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    (files, temps)
}

/// Two specs that give different files: an example and the same with another VPC CIDR.
fn old_and_new_specs(dir: &Path) -> (PathBuf, PathBuf) {
    let old = repo().join("examples/public-private/eksnet.yaml");
    let text = std::fs::read_to_string(&old).expect("example");
    let new = dir.join("new.yaml");
    let changed = text.replace("name: ", "name: x");
    assert_ne!(changed, text, "the example has a name to change");
    std::fs::write(&new, changed).unwrap();
    (old, new)
}

#[test]
fn every_example_gives_the_same_bytes_on_every_run() {
    const RUNS: usize = 12;
    // Environments that must not matter: locale, time zone, working directory.
    let envs: [&[(&str, &str)]; 3] = [
        &[],
        &[("LC_ALL", "de_DE.UTF-8"), ("TZ", "Pacific/Kiritimati")],
        &[("LANG", "C"), ("TZ", "UTC")],
    ];
    for spec in examples() {
        let tmp = tempfile::tempdir().unwrap();
        let mut first: Option<Tree> = None;
        for i in 0..RUNS {
            let cwd = tmp.path().join(format!("cwd{i}"));
            std::fs::create_dir_all(&cwd).unwrap();
            let out = tmp.path().join(format!("out{i}"));
            let mut c = generate(&cwd, &spec, &out, false);
            for (k, v) in envs[i % envs.len()] {
                c.env(k, v);
            }
            let o = run(c);
            assert!(
                o.status.success(),
                "{}: {}",
                spec.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            let (files, temps) = tree(&out);
            assert!(temps.is_empty(), "temporary files left: {temps:?}");
            match &first {
                None => {
                    assert!(files.len() >= 3, "{}: {:?}", spec.display(), files.keys());
                    first = Some(files);
                }
                Some(f) => {
                    for (path, bytes) in f {
                        assert_eq!(
                            files.get(path),
                            Some(bytes),
                            "{}: {} differs on run {i}",
                            spec.display(),
                            path.display()
                        );
                    }
                    assert_eq!(files.len(), f.len());
                }
            }
        }
    }
}

/// Kill `generate --force` after `delays`, each time from the old files;
/// every file must be old or new in full. Returns how many kills landed
/// before the process finished.
fn kill_at(dir: &Path, delays: &[Duration], fresh_out: bool) -> usize {
    let (old_spec, new_spec) = old_and_new_specs(dir);
    let scratch = dir.join("scratch");
    let o = run(generate(dir, &old_spec, &scratch.join("old"), false));
    assert!(o.status.success());
    let o = run(generate(dir, &new_spec, &scratch.join("new"), false));
    assert!(o.status.success());
    let (old, _) = tree(&scratch.join("old"));
    let (new, _) = tree(&scratch.join("new"));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    assert!(old.iter().any(|(p, b)| &new[p] != b), "the specs differ");

    let mut killed = 0;
    for (i, delay) in delays.iter().enumerate() {
        let out = dir.join(format!("out{i}"));
        if !fresh_out {
            let o = run(generate(dir, &old_spec, &out, false));
            assert!(o.status.success());
        }
        let mut c = generate(dir, &new_spec, &out, true);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        let mut child = c.spawn().expect("spawn");
        std::thread::sleep(*delay);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if !status.success() {
            killed += 1;
        }
        let (files, _temps) = tree(&out);
        if fresh_out && files.is_empty() {
            // Killed before the directory was renamed into place: nothing at all.
            assert!(!out.exists(), "run {i}: an empty output directory");
            continue;
        }
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            old.keys().collect::<Vec<_>>(),
            "run {i} (killed after {delay:?}): the set of files changed"
        );
        for (p, bytes) in &files {
            assert!(
                bytes == &old[p] || bytes == &new[p],
                "run {i} (killed after {delay:?}): {} is neither the old nor the new file",
                p.display()
            );
        }
        // A rerun after the kill completes the job.
        let o = run(generate(dir, &new_spec, &out, true));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            tree(&out).0,
            new,
            "run {i}: the rerun did not give the new files"
        );
    }
    killed
}

/// Delays from zero to a little over one whole run, so kills land before,
/// during and after the writes.
fn spread() -> Vec<Duration> {
    let tmp = tempfile::tempdir().unwrap();
    let spec = repo().join("examples/public-private/eksnet.yaml");
    let t = Instant::now();
    let o = run(generate(tmp.path(), &spec, &tmp.path().join("o"), false));
    assert!(o.status.success());
    let whole = t.elapsed();
    (0..30).map(|k| whole * k / 24).collect()
}

#[test]
fn a_killed_generate_leaves_each_file_old_or_new() {
    let delays = spread();
    let tmp = tempfile::tempdir().unwrap();
    let killed = kill_at(tmp.path(), &delays, false);
    assert!(killed > 0, "no kill landed before the process finished");
}

#[test]
fn a_killed_first_generate_leaves_all_or_nothing() {
    let delays = spread();
    let tmp = tempfile::tempdir().unwrap();
    let killed = kill_at(tmp.path(), &delays, true);
    assert!(killed > 0, "no kill landed before the process finished");
}

/// `ulimit -f 1`: no file may grow past 1 KiB. By default the kernel then
/// kills the process (SIGXFSZ); with the signal ignored the write fails
/// with EFBIG, as it would with ENOSPC on a full disk, and eksnet must say so.
#[test]
fn a_write_failure_leaves_the_previous_files_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let (old_spec, new_spec) = old_and_new_specs(tmp.path());
    let out = tmp.path().join("out");
    assert!(run(generate(tmp.path(), &old_spec, &out, false))
        .status
        .success());
    let (before, _) = tree(&out);
    assert!(
        before.values().any(|b| b.len() > 1024),
        "a generated file is larger than the limit"
    );

    // EFBIG first: a process that is killed cannot remove its temporary files.
    for (how, prelude) in [
        ("EFBIG", "trap '' XFSZ; ulimit -f 1"),
        ("killed by SIGXFSZ", "ulimit -f 1"),
    ] {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!("{prelude}; exec \"$0\" \"$@\""))
            .arg(bin())
            .args(["-q", "generate", "--format", "all", "--force", "--spec"])
            .arg(&new_spec)
            .arg("--out")
            .arg(&out)
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("bash");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{how}: the write succeeded");
        assert!(!err.contains("panicked"), "{how}: {err}");
        if how == "EFBIG" {
            assert_eq!(o.status.code(), Some(2), "{how}: {err}");
            assert!(err.contains("cannot write"), "{how}: {err}");
        }
        let (after, temps) = tree(&out);
        assert_eq!(after, before, "{how}: the previous files changed");
        if how == "EFBIG" {
            assert!(temps.is_empty(), "{how}: temporary files left: {temps:?}");
        }
    }
}

/// Two `generate --force` runs of different specs into one new directory at
/// once, several times over: each run waits for the other, so both succeed
/// and the directory holds one spec's files, all of them, never a mix.
#[test]
fn concurrent_generates_leave_one_specs_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = old_and_new_specs(tmp.path());
    let expected = |spec: &Path| {
        let dir = tmp.path().join(format!(
            "alone-{}",
            spec.file_name().unwrap().to_string_lossy()
        ));
        let out = run(generate(tmp.path(), spec, &dir, true));
        assert!(out.status.success());
        tree(&dir).0
    };
    let (want_old, want_new) = (expected(&old), expected(&new));
    for round in 0..6 {
        let out = tmp.path().join(format!("race-{round}"));
        let a = generate(tmp.path(), &old, &out, true).spawn().unwrap();
        let b = generate(tmp.path(), &new, &out, true).spawn().unwrap();
        for (name, child) in [("old", a), ("new", b)] {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}, {name}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let (files, temps) = tree(&out);
        assert!(
            temps.is_empty(),
            "round {round}: temporary files left: {temps:?}"
        );
        assert!(
            files == want_old || files == want_new,
            "round {round}: a mix of both specs' files"
        );
    }
}
