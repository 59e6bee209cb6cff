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
/// The spec's own file name is input too: the verdict line on stdout shows
/// its control characters escaped.
#[test]
fn validate_shows_a_spec_file_name_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = spec_file(
        tmp.path(),
        "ev\u{1b}[31mil.yaml",
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: us-west-2\n",
    );
    let out = eksnet()
        .args(["validate", "--spec"])
        .arg(&spec)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&ESC), "{:?}", out.stdout);
    assert!(!out.stderr.contains(&ESC), "{:?}", out.stderr);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ev\\u{1b}[31mil.yaml: valid"), "{text}");
}

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

#[test]
fn doctor_refuses_an_add_on_name_that_is_no_name_and_quotes_it_short() {
    let tmp = tempfile::tempdir().unwrap();
    let d = doctor_fixture("addon-endpoints-missing", tmp.path());
    for bad in ["vpc-cni;touch x", "coredns\u{1b}[2J", &"a".repeat(5000)] {
        let doc = serde_json::json!({ "addons": ["vpc-cni", bad] });
        std::fs::write(d.join("addons.json"), doc.to_string()).unwrap();
        let out = eksnet().arg("doctor").arg(&d).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("addons.json: addons[1]:"), "{err}");
        assert!(!err.contains('\u{1b}') && err.len() < 400, "{err}");
    }
}

/// Run `cmd`, failing the test if it has not ended within 20 seconds (a
/// read that blocks on a FIFO would never end).
fn run_with_deadline(mut cmd: std::process::Command) -> std::process::Output {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not end within 20 seconds");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The eksnet binary as a plain process, to wait on with a deadline.
fn eksnet_process() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("eksnet"));
    c.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    c
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

/// Exit 2, and stderr holds `needle`.
fn refused(out: std::process::Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "missing {needle:?} in\n{err}");
}

#[test]
fn doctor_refuses_a_fifo_and_a_huge_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = doctor_fixture("healthy-public-private", tmp.path());
    std::fs::remove_file(d.join("vpcs.json")).unwrap();
    mkfifo(&d.join("vpcs.json"));
    let mut cmd = eksnet_process();
    cmd.arg("doctor").arg(&d);
    refused(
        run_with_deadline(cmd),
        "vpcs.json: cannot read: it is a FIFO (named pipe), not a regular file",
    );

    std::fs::remove_file(d.join("vpcs.json")).unwrap();
    let f = std::fs::File::create(d.join("vpcs.json")).unwrap();
    f.set_len(64 * 1024 * 1024 + 1).unwrap(); // sparse: no disk used
    let mut cmd = eksnet_process();
    cmd.arg("doctor").arg(&d);
    refused(
        run_with_deadline(cmd),
        "vpcs.json: cannot read: it is larger than 64 MiB",
    );
}

fn generate_eksctl_ids_from(dir: &Path, ids: &Path) -> std::process::Command {
    let mut cmd = eksnet_process();
    cmd.current_dir(dir)
        .args(["generate", "--format", "eksctl", "--stdout", "--ids-from"])
        .arg(ids);
    cmd
}

#[test]
fn ids_from_refuses_a_fifo_and_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("stack.json");
    mkfifo(&fifo);
    refused(
        run_with_deadline(generate_eksctl_ids_from(tmp.path(), &fifo)),
        "it is a FIFO (named pipe), not a regular file",
    );
    refused(
        run_with_deadline(generate_eksctl_ids_from(tmp.path(), Path::new("/dev/zero"))),
        "cannot read /dev/zero: it is a device, not a regular file",
    );
}

#[test]
fn check_refuses_what_it_cannot_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    eksnet()
        .current_dir(tmp.path())
        .args(["generate", "--format", "eksctl", "--out"])
        .arg(&out)
        .assert()
        .success();
    let check = || {
        let mut cmd = eksnet_process();
        cmd.current_dir(tmp.path())
            .args(["generate", "--format", "eksctl", "--check", "--out"])
            .arg(&out);
        cmd
    };
    assert_eq!(run_with_deadline(check()).status.code(), Some(0));

    // A directory where a file belongs: exit 2, not drift (3).
    let readme = out.join("README.md");
    std::fs::remove_file(&readme).unwrap();
    std::fs::create_dir(&readme).unwrap();
    refused(
        run_with_deadline(check()),
        "README.md: it is a directory, not a regular file",
    );

    std::fs::remove_dir(&readme).unwrap();
    mkfifo(&readme);
    refused(
        run_with_deadline(check()),
        "README.md: it is a FIFO (named pipe), not a regular file",
    );

    // A missing file is still drift.
    std::fs::remove_file(&readme).unwrap();
    assert_eq!(run_with_deadline(check()).status.code(), Some(3));
}

#[test]
fn a_spec_that_is_a_fifo_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("eksnet.yaml");
    mkfifo(&fifo);
    let mut cmd = eksnet_process();
    cmd.args(["validate", "--spec"]).arg(&fifo);
    refused(
        run_with_deadline(cmd),
        "it is a FIFO (named pipe), not a regular file",
    );
}

/// `validate --output json` prints a document even when the spec cannot be
/// loaded; the exit code is the load error's.
#[test]
fn validate_json_on_load_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let bad_yaml = spec_file(
        tmp.path(),
        "bad.yaml",
        "apiVersion: eksnet/v1alpha1\nvpc: [unclosed\n",
    );
    for (spec, code, rule) in [
        (bad_yaml, 2, "S002"),
        (tmp.path().join("missing.yaml"), 2, "S001"),
        (tmp.path().to_path_buf(), 2, "S001"),
    ] {
        let out = eksnet()
            .args(["validate", "--output", "json", "--spec"])
            .arg(&spec)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{spec:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        assert_eq!(v["valid"], false);
        assert_eq!(v["diagnostics"][0]["code"], rule, "{v}");
    }
}

/// A tag value with ESC and a bidi override (E071 refuses it, but the
/// network is still planned and shown): `plan` and `explain` text show it
/// escaped; `plan --output json` keeps it exact.
#[test]
fn plan_and_explain_text_show_control_characters_as_escapes() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = spec_file(
        tmp.path(),
        "eksnet.yaml",
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: us-west-2\ntags: {team: \"a\\e[31m\\u202eb\"}\n",
    );
    for cmd in ["plan", "explain"] {
        let out = eksnet()
            .args([cmd, "--spec"])
            .arg(&spec)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!out.stdout.contains(&ESC), "{cmd}: {:?}", out.stdout);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains('\u{202e}'),
            "{cmd}"
        );
        assert!(!out.stderr.contains(&ESC), "{cmd}: {:?}", out.stderr);
    }
    let out = eksnet()
        .args(["plan", "--output", "json", "--spec"])
        .arg(&spec)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("\\u001b[31m\u{202e}b"), "{text}");
}

/// A UTF-8 byte-order mark before a spec or a doctor file is read past, and
/// the spec's locations still count from its first line.
#[test]
fn a_byte_order_mark_is_read_past() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("eksnet.yaml");
    std::fs::write(
        &spec,
        "\u{feff}apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: us-west-2\nvpc: {cidr: 10.0.0.0/8}\n",
    )
    .unwrap();
    let out = eksnet()
        .args(["validate", "--spec"])
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error[E011]") && err.contains("eksnet.yaml:5:7"),
        "{err}"
    );

    let dir = doctor_fixture("healthy-public-private", tmp.path());
    let vpcs = dir.join("vpcs.json");
    let text = std::fs::read_to_string(&vpcs).unwrap();
    std::fs::write(&vpcs, format!("\u{feff}{text}")).unwrap();
    let out = eksnet().arg("doctor").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A directory inside the output directory that is a symbolic link is not
/// written through: exit 2, and nothing lands where it points.
#[test]
fn generate_does_not_write_through_a_linked_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("terraform")).unwrap();
    let res = eksnet()
        .current_dir(tmp.path())
        .args(["generate", "--force", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8(res.stderr).unwrap();
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}
