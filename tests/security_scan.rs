//! checkov, once over the CloudFormation and Terraform of every case in
//! `cases`, with no accept list here: every check must pass or be suppressed
//! inline in the generated file, where the renderer writes a suppression
//! only on the cases whose spec made that choice (src/render/checkov.rs).
//!
//! Each suppression found in the generated files must be one checkov
//! honoured (a real check on that resource, so none is stale) and must be
//! listed, with its exact justification, in README.md's security section.

use crate::cases::cases;
use crate::support::{repo, tool};
use eksnet::render::{self, Format, RenderOptions};
use eksnet::topology::plan;
use std::collections::BTreeSet;
use std::path::Path;

/// A suppression: (case, framework, check id, justification).
type Found = BTreeSet<(String, String, String, String)>;

/// Writes every case's CloudFormation and Terraform under `root/<case>/`;
/// returns how many cases rendered.
fn write_cases(root: &Path) -> usize {
    let mut n = 0;
    for c in cases() {
        let p = plan(&c.spec);
        let Some(t) = p.topology.filter(|_| !p.diagnostics.has_errors()) else {
            continue;
        };
        let opts = RenderOptions {
            network_only: c.network_only,
            ..Default::default()
        };
        for format in [Format::CloudFormation, Format::Terraform] {
            for f in render::render(&t, format, &opts).expect("renders") {
                let path = root.join(c.name).join(&f.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, f.contents).unwrap();
            }
        }
        n += 1;
    }
    n
}

/// The case a checkov `file_path` (relative to the scanned root) belongs to.
fn case_of(file: &str) -> String {
    file.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The suppressions written in the generated files: `Metadata` of
/// CloudFormation resources, `#checkov:skip=` lines of Terraform.
fn written(root: &Path) -> Found {
    let mut found = Found::new();
    for case in std::fs::read_dir(root).unwrap() {
        let dir = case.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let cfn = std::fs::read_to_string(dir.join("cloudformation/template.yaml")).unwrap();
        let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&cfn).unwrap();
        for (_, res) in doc["Resources"].as_mapping().unwrap() {
            for s in res["Metadata"]["checkov"]["skip"]
                .as_sequence()
                .into_iter()
                .flatten()
            {
                found.insert((
                    name.clone(),
                    "cloudformation".into(),
                    s["id"].as_str().unwrap().into(),
                    s["comment"].as_str().unwrap().into(),
                ));
            }
        }
        let module = Path::new("terraform/modules").join(eksnet::render::TERRAFORM_MODULE);
        let files = [dir.join("terraform"), dir.join(module)]
            .into_iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|f| f.unwrap().path())
            .filter(|p| p.is_file());
        for f in files {
            let text = std::fs::read_to_string(f).unwrap();
            for line in text.lines() {
                let Some(rest) = line.trim().strip_prefix("#checkov:skip=") else {
                    assert!(!line.contains("checkov"), "odd suppression: {line}");
                    continue;
                };
                let (id, why) = rest.split_once(':').expect("ID:justification");
                found.insert((name.clone(), "terraform".into(), id.into(), why.into()));
            }
        }
    }
    found
}

/// checkov's failed checks ("check framework case: resource") and the
/// suppressions it applied.
fn scan(checkov: &str, root: &Path, framework: &str) -> (Vec<String>, Found) {
    let out = std::process::Command::new(checkov)
        .args(["--skip-download", "--compact", "-o", "json"])
        .args(["--framework", framework, "-d"])
        .arg(root)
        .output()
        .expect("run checkov");
    let text = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON ({e}): {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // One report per framework; a list when several ran.
    let reports = match doc {
        serde_json::Value::Array(v) => v,
        other => vec![other],
    };
    let (mut failed, mut skipped) = (Vec::new(), Found::new());
    for r in reports {
        let summary = &r["summary"];
        assert_eq!(
            summary["parsing_errors"].as_u64().unwrap_or(0),
            0,
            "checkov could not parse some {framework} files: {summary}"
        );
        assert!(
            summary["passed"].as_u64().unwrap_or(0) > 0,
            "checkov checked no {framework} resource: {summary}"
        );
        let list = |key: &str| r["results"][key].as_array().cloned().unwrap_or_default();
        for f in list("failed_checks") {
            failed.push(format!(
                "{} {framework} {}: {}",
                f["check_id"].as_str().unwrap_or_default(),
                case_of(f["file_path"].as_str().unwrap_or_default()),
                f["resource"].as_str().unwrap_or_default()
            ));
        }
        for f in list("skipped_checks") {
            skipped.insert((
                case_of(f["file_path"].as_str().unwrap_or_default()),
                framework.to_string(),
                f["check_id"].as_str().unwrap_or_default().to_string(),
                f["check_result"]["suppress_comment"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ));
        }
    }
    (failed, skipped)
}

/// The lines of README.md between `## Security` and the next `## `.
fn readme_security() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines: Vec<String> = readme
        .lines()
        .skip_while(|l| l.trim_end() != "## Security")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .map(str::to_string)
        .collect();
    assert!(!lines.is_empty(), "README.md has no `## Security` section");
    lines
}

#[test]
fn checkov_fails_nothing_and_every_suppression_is_explained() {
    let Some(checkov) = tool("EKSNET_CHECKOV") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    assert!(write_cases(tmp.path()) > 10, "too few cases rendered");

    let mut failed = Vec::new();
    let mut skipped = Found::new();
    for framework in ["cloudformation", "terraform"] {
        let (f, s) = scan(&checkov, tmp.path(), framework);
        failed.extend(f);
        skipped.extend(s);
    }
    assert!(
        failed.is_empty(),
        "checkov failures (fix the blueprint, or suppress inline from \
         src/render/checkov.rs where the spec chose it, and list it in README.md):\n{}",
        failed.join("\n")
    );

    let written = written(tmp.path());
    assert!(
        !written.is_empty(),
        "no suppression found: is the parse broken?"
    );
    let stale: Vec<_> = written.difference(&skipped).collect();
    assert!(
        stale.is_empty(),
        "suppressions checkov did not apply (wrong id or resource?):\n{stale:#?}"
    );

    // The README lists each one on a line naming the check, with the
    // justification word for word.
    let section = readme_security();
    let mut unlisted = BTreeSet::new();
    for (_, _, id, why) in &written {
        let listed = section
            .iter()
            .any(|l| l.contains(&format!("`{id}`")) && l.contains(why.as_str()));
        if !listed {
            unlisted.insert(format!("{id}: {why}"));
        }
    }
    assert!(
        unlisted.is_empty(),
        "suppressions missing from README.md's security section:\n{}",
        unlisted.into_iter().collect::<Vec<_>>().join("\n")
    );
}
