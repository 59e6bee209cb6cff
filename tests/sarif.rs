//! `--output sarif` of `validate` and `doctor`: snapshots, where results
//! point, and Microsoft's SARIF validator (sarif-multitool) on both.

use crate::snap;
use crate::support::{eksnet, repo, tool};
use std::path::Path;

const SPEC: &str = "tests/fixtures/sarif/eksnet.yaml";
const DOCTOR: &str = "tests/fixtures/doctor/nat-route-missing";

/// Run eksnet from the repository root (as CI does), returning the exit
/// code and stdout.
fn run(args: &[&str]) -> (i32, String) {
    let out = eksnet().current_dir(repo()).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// The log with the version left out, which changes on every release.
fn pinned(sarif: &str) -> String {
    let v = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    sarif.replace(&v, "\"[version]\"")
}

fn results(sarif: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "eksnet");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap().clone();
    for r in &results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"], "{r}");
        assert!(r["partialFingerprints"]["eksnetFinding/v1"].is_string());
    }
    results
}

/// Microsoft's validator: schema and SARIF rules. It exits 0 either way,
/// so its report is read: nothing but the missing informationUri (eksnet
/// has no home page to name) may be said.
fn multitool(name: &str, sarif: &str) {
    let Some(mt) = tool("EKSNET_SARIF_MULTITOOL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, sarif).unwrap();
    // No culture data needed: invariant globalization runs without libicu.
    let out = std::process::Command::new(mt)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .arg("validate")
        .arg(&file)
        .output()
        .expect("sarif-multitool runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("Analysis completed successfully"),
        "{report}"
    );
    let said: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .filter(|l| !(l.contains("SARIF2005") && l.contains("'informationUri'")))
        .collect();
    assert!(said.is_empty(), "sarif-multitool on {name}:\n{report}");
}

#[test]
fn validate_sarif_points_at_the_spec() {
    let (code, sarif) = run(&[
        "validate",
        "--spec",
        SPEC,
        "--endpoint-private=false",
        "--output",
        "sarif",
    ]);
    assert_eq!(code, 1);
    let results = results(&sarif);
    let at = |id: &str| {
        let r = results.iter().find(|r| r["ruleId"] == id).unwrap();
        r["locations"][0]["physicalLocation"].clone()
    };
    // A key in the file: its line and column.
    assert_eq!(at("E012")["artifactLocation"]["uri"], SPEC);
    assert_eq!(at("E012")["region"]["startLine"], 11);
    assert_eq!(at("E012")["region"]["startColumn"], 28);
    // Set by a flag: the spec file's first line.
    assert_eq!(at("E032")["region"]["startLine"], 1);
    assert!(at("E032")["region"]["startColumn"].is_null());
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"warning"), "{levels:?}");
    // The same bytes every run.
    assert_eq!(
        sarif,
        run(&[
            "validate",
            "--spec",
            SPEC,
            "--endpoint-private=false",
            "--output",
            "sarif"
        ])
        .1
    );
    snap!(insta::assert_snapshot!("sarif_validate", pinned(&sarif)));
    multitool("validate.sarif", &sarif);
}

#[test]
fn doctor_sarif_points_at_the_collected_files() {
    let (code, sarif) = run(&["doctor", DOCTOR, "--output", "sarif"]);
    assert_eq!(code, 1);
    let results = results(&sarif);
    assert!(!results.is_empty());
    for r in &results {
        let loc = &r["locations"][0];
        let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with(&format!("{DOCTOR}/")), "{uri}");
        assert!(repo().join(uri).is_file(), "{uri}");
        assert_eq!(loc["logicalLocations"][0]["kind"], "resource", "{r}");
    }
    snap!(insta::assert_snapshot!("sarif_doctor", pinned(&sarif)));
    multitool("doctor.sarif", &sarif);
}

/// A VPC whose nodes' first fix creates an endpoint: the log has that
/// endpoint as a note of its own (N131) with the command as its fix, and
/// is valid SARIF.
#[test]
fn doctor_sarif_gives_an_endpoint_to_create_its_own_result() {
    let (code, sarif) = run(&[
        "doctor",
        "tests/fixtures/doctor/ecr-endpoint-missing",
        "--output",
        "sarif",
    ]);
    assert_eq!(code, 1);
    let rules: Vec<String> = results(&sarif)
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["E062", "E062", "N131"], "{sarif}");
    snap!(insta::assert_snapshot!(
        "sarif_doctor_endpoint",
        pinned(&sarif)
    ));
    multitool("endpoint.sarif", &sarif);
}

#[test]
fn a_broken_document_and_the_built_in_spec_are_sarif_too() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nnmae: x\n",
    )
    .unwrap();
    let out = eksnet()
        .current_dir(dir.path())
        .args(["validate", "--spec", "broken.yaml", "--output", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif = String::from_utf8(out.stdout).unwrap();
    let found = results(&sarif);
    assert_eq!(found[0]["ruleId"], "S003", "{sarif}");
    let loc = &found[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "broken.yaml");
    assert_eq!(loc["region"]["startLine"], 3);
    multitool("broken.sarif", &sarif);

    // The built-in spec is in no file: its results point at no file.
    let empty = tempfile::tempdir().unwrap();
    let out = eksnet()
        .current_dir(empty.path())
        .args(["validate", "--output", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sarif = String::from_utf8(out.stdout).unwrap();
    assert!(results(&sarif)
        .iter()
        .all(|r| r["locations"][0]["physicalLocation"].is_null()));
    multitool("built-in.sarif", &sarif);
}

#[test]
fn an_absolute_spec_path_inside_the_working_directory_is_made_relative() {
    let abs = repo().join(SPEC);
    let (_, sarif) = run(&[
        "validate",
        "--spec",
        abs.to_str().unwrap(),
        "--output",
        "sarif",
    ]);
    let results = results(&sarif);
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, SPEC);
    assert!(!Path::new(uri.as_str().unwrap()).is_absolute());
}

/// A GitLab Code Quality report's issues, each checked for the fields GitLab
/// reads: a known severity, a path to a file of the repository, a line, and
/// a fingerprint no other issue has (GitLab shows one issue per fingerprint).
fn code_quality_issues(report: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(report).expect("a report is JSON");
    let issues = v.as_array().expect("a report is an array").clone();
    let mut fingerprints = std::collections::BTreeSet::new();
    for i in &issues {
        assert!(
            i["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{i}"
        );
        let code = i["check_name"].as_str().unwrap();
        assert!(eksnet::rules::catalog::find(code).is_some(), "{i}");
        let sev = i["severity"].as_str().unwrap();
        assert!(["info", "major", "critical"].contains(&sev), "{i}");
        let path = i["location"]["path"].as_str().unwrap();
        assert!(repo().join(path).is_file(), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
    issues
}

#[test]
fn code_quality_reports_point_where_sarif_does() {
    let (code, report) = run(&["validate", "--spec", SPEC, "--output", "codequality"]);
    assert_eq!(code, 1);
    let issues = code_quality_issues(&report);
    let (_, sarif) = run(&["validate", "--spec", SPEC, "--output", "sarif"]);
    let results = results(&sarif);
    assert_eq!(issues.len(), results.len());
    for (i, r) in issues.iter().zip(&results) {
        assert_eq!(i["check_name"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(i["location"]["lines"]["begin"], region["startLine"], "{i}");
        assert_eq!(i["location"]["path"], SPEC);
    }
    snap!(insta::assert_snapshot!("codequality_validate", report));

    let (code, report) = run(&["doctor", DOCTOR, "--output", "codequality"]);
    assert_eq!(code, 1);
    let issues = code_quality_issues(&report);
    assert!(issues
        .iter()
        .all(|i| i["location"]["path"].as_str().unwrap().starts_with(DOCTOR)));
    snap!(insta::assert_snapshot!("codequality_doctor", report));
}
