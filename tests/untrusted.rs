//! Input eksnet does not control: control characters never reach a
//! terminal raw (JSON keeps them exact); files that are not regular files,
//! or too large, are refused quickly with exit 2.

use crate::support::{eksnet, repo, spec_file};
use std::path::Path;

const ESC: u8 = 0x1b;

fn spec_with_escape(dir: &Path) -> std::path::PathBuf {
    spec_file(
        dir,
        "eksnet.yaml",
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: \"us-west-2\\e[31m\\u202e\"\n",
    )
}

#[test]
fn validate_text_shows_control_characters_as_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = spec_with_escape(tmp.path());
    let out = eksnet()
        .args(["validate", "--spec"])
        .arg(&spec)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&ESC), "{:?}", out.stdout);
    assert!(!out.stderr.contains(&ESC), "{:?}", out.stderr);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("unknown region `us-west-2\\u{1b}[31m\\u{202e}`"),
        "{err}"
    );

    // With colour forced, eksnet's own styles are there, the value's are not.
    let out = eksnet()
        .args(["validate", "--spec"])
        .arg(&spec)
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("us-west-2\\u{1b}[31m\\u{202e}`"), "{err}");
    assert!(!err.contains("us-west-2\u{1b}"), "{err}");
}

#[test]
fn validate_json_keeps_the_value_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = spec_with_escape(tmp.path());
    let out = eksnet()
        .args(["validate", "--output", "json", "--spec"])
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["diagnostics"][0]["message"],
        "unknown region `us-west-2\u{1b}[31m\u{202e}`"
    );
}

/// A copy of a doctor fixture.
fn doctor_fixture(case: &str, into: &Path) -> std::path::PathBuf {
    let dst = into.join(case);
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(repo().join("tests/fixtures/doctor").join(case)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    dst
}

#[test]
fn doctor_text_shows_control_characters_as_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = doctor_fixture("public-cidrs-exclude-nat", tmp.path());
    let p = d.join("cluster.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let name = "demo\u{1b}]0;owned\u{7}\u{9b}2J";
    v["cluster"]["name"] = name.into();
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();

    let out = eksnet().arg("doctor").arg(&d).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&ESC) && !out.stdout.contains(&7));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{9b}'), "{text}");
    assert!(
        text.contains("cluster demo\\u{1b}]0;owned\\u{7}\\u{9b}2J"),
        "{text}"
    );

    let out = eksnet()
        .args(["doctor", "--output", "json"])
        .arg(&d)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cluster"], name);
}
