//! `validate` and `generate` with several `--spec`: each spec handled on
//! its own, its outputs beside it, one summary line per spec, and the worst
//! exit code; with one spec nothing changes.

use crate::support::eksnet;
use std::fs;
use std::path::{Path, PathBuf};

const DEFAULT: &str = include_str!("../src/spec/default.yaml");

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = eksnet().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `dir/<name>/eksnet.yaml` holding `yaml`; its path relative to `dir`.
fn spec_in(dir: &Path, name: &str, yaml: &str) -> PathBuf {
    fs::create_dir_all(dir.join(name)).unwrap();
    fs::write(dir.join(name).join("eksnet.yaml"), yaml).unwrap();
    Path::new(name).join("eksnet.yaml")
}

/// A spec that loads but has errors (exit 1): a VPC CIDR too large.
fn with_errors() -> String {
    DEFAULT.replace("cidr: 192.168.0.0/16", "cidr: 10.0.0.0/8")
}

/// A spec with errors in `dir/bad`, then the default one in `dir/good`.
fn bad_then_good(dir: &Path) -> Vec<String> {
    let bad = spec_in(dir, "bad", &with_errors());
    let good = spec_in(dir, "good", DEFAULT);
    paths(&[&bad, &good])
}

fn paths(specs: &[&PathBuf]) -> Vec<String> {
    specs.iter().map(|p| p.display().to_string()).collect()
}

fn args<'a>(cmd: &'a str, specs: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![cmd];
    for s in specs {
        a.extend(["--spec", s.as_str()]);
    }
    a.extend(rest);
    a
}

#[test]
fn generate_writes_beside_each_spec_and_sums_up_each() {
    let tmp = tempfile::tempdir().unwrap();
    let a = spec_in(tmp.path(), "a", DEFAULT);
    let b = spec_in(tmp.path(), "b", &DEFAULT.replace("eksnet-demo", "other"));
    let specs = paths(&[&a, &b]);
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    for (dir, name) in [("a", "eksnet-demo"), ("b", "other")] {
        let cfn = tmp
            .path()
            .join(dir)
            .join("eksnet-out/cloudformation/template.yaml");
        let text = fs::read_to_string(&cfn).unwrap_or_else(|e| panic!("{}: {e}", cfn.display()));
        assert!(text.contains(name), "{dir}");
    }
    assert!(!tmp.path().join("eksnet-out").exists());
    for s in &specs {
        assert!(err.contains(&format!("eksnet: {s}: ok")), "{err}");
    }
    // The same files again: up to date, both of them.
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &["--check"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("are up to date").count(), 2, "{err}");
}

#[test]
fn generate_goes_on_past_a_broken_spec_and_exits_with_the_worst_code() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = bad_then_good(tmp.path());
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &[]));
    assert_eq!(code, 1, "{err}");
    assert!(!tmp.path().join("bad/eksnet-out").exists());
    assert!(tmp
        .path()
        .join("good/eksnet-out/eksctl/cluster.yaml")
        .is_file());
    assert!(
        err.contains(&format!("eksnet: {}: failed (exit 1)", specs[0])),
        "{err}"
    );
    assert!(err.contains(&format!("eksnet: {}: ok", specs[1])), "{err}");

    // Drift in one (exit 3) outweighs errors in another (exit 1).
    let cluster = tmp.path().join("good/eksnet-out/eksctl/cluster.yaml");
    fs::write(&cluster, "changed\n").unwrap();
    let (code, out, err) = run(tmp.path(), &args("generate", &specs, &["--check"]));
    assert_eq!(code, 3, "{err}");
    assert!(out.contains("changed"), "{out}");
    assert!(
        err.contains(&format!("eksnet: {}: failed (exit 3)", specs[1])),
        "{err}"
    );
}

#[test]
fn quiet_still_names_the_spec_that_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = bad_then_good(tmp.path());
    let quiet = [vec!["-q"], args("generate", &specs, &[])].concat();
    let (code, _, err) = run(tmp.path(), &quiet);
    assert_eq!(code, 1, "{err}");
    // The error alone does not say which spec it is about; the summary
    // does, without telling the error twice.
    assert_eq!(err.matches("nothing was generated").count(), 1, "{err}");
    assert!(
        err.contains(&format!("eksnet: {}: failed (exit 1)\n", specs[0])),
        "{err}"
    );
    assert!(
        !err.contains(&specs[1]),
        "quiet hides what went well: {err}"
    );
}

#[test]
fn validate_judges_each_spec() {
    let tmp = tempfile::tempdir().unwrap();
    let good = spec_in(tmp.path(), "good", DEFAULT);
    let bad = spec_in(tmp.path(), "bad", &with_errors());
    fs::write(tmp.path().join("unreadable.yaml"), "[not: a spec").unwrap();
    let mut specs = paths(&[&good, &bad]);
    let (code, out, err) = run(tmp.path(), &args("validate", &specs, &[]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains(&format!("{}: valid", specs[0])), "{out}");
    assert!(out.contains(&format!("{}: invalid", specs[1])), "{out}");
    assert!(err.contains(&format!("eksnet: {}: ok", specs[0])), "{err}");
    assert!(
        err.contains(&format!("eksnet: {}: failed (exit 1)", specs[1])),
        "{err}"
    );

    specs.push("unreadable.yaml".into());
    let (code, _, err) = run(tmp.path(), &args("validate", &specs, &[]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("eksnet: unreadable.yaml: failed (exit 2)"),
        "{err}"
    );
}

#[test]
fn flags_about_one_spec_are_refused_with_several() {
    let tmp = tempfile::tempdir().unwrap();
    let a = spec_in(tmp.path(), "a", DEFAULT);
    let b = spec_in(tmp.path(), "b", DEFAULT);
    let specs = paths(&[&a, &b]);
    for (cmd, rest) in [
        ("validate", &["--output", "json"][..]),
        ("generate", &["--format", "eksctl", "--stdout"][..]),
        // Whatever the format: several specs is the reason, not the format.
        ("generate", &["--stdout"][..]),
        ("generate", &["--ids-from", "ids.json"][..]),
    ] {
        let (code, out, err) = run(tmp.path(), &args(cmd, &specs, rest));
        assert_eq!(code, 2, "{cmd} {rest:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("works with one --spec only"), "{err}");
    }
    assert!(!tmp.path().join("a/eksnet-out").exists());
}

/// With one `--spec`, `--out` stays relative to the working directory and
/// no summary line is added.
#[test]
fn one_spec_is_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let a = spec_in(tmp.path(), "a", DEFAULT);
    let specs = paths(&[&a]);
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("eksnet-out/terraform/main.tf").is_file());
    assert!(!tmp.path().join("a/eksnet-out").exists());
    assert!(!err.contains(": ok"), "{err}");
    let (code, out, err) = run(tmp.path(), &args("validate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("{}: valid (", specs[0])), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

/// Specs are handled side by side, but what each prints is told spec by
/// spec, in the order they were given: each one's lines together, its
/// files' lines after its own `using` line and before the next spec's.
#[test]
fn side_by_side_specs_are_told_in_their_order() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..8).map(|i| format!("c{i}")).collect();
    let made: Vec<PathBuf> = names
        .iter()
        .map(|n| spec_in(tmp.path(), n, &DEFAULT.replace("eksnet-demo", n)))
        .collect();
    let specs = paths(&made.iter().collect::<Vec<_>>());
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    let mut at = 0;
    for (spec, name) in specs.iter().zip(&names) {
        let using = format!("eksnet: using {spec}");
        let wrote = format!("in {}", Path::new(name).join("eksnet-out").display());
        let u = at
            + err[at..]
                .find(&using)
                .unwrap_or_else(|| panic!("{using}: {err}"));
        let w = u + err[u..]
            .find(&wrote)
            .unwrap_or_else(|| panic!("{wrote}: {err}"));
        assert!(!err[u + 1..w].contains("eksnet: using"), "{err}");
        at = w;
    }
    let (code, out, err) = run(tmp.path(), &args("validate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    let judged: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(judged, specs, "{out}");
}

/// Two specs in one directory write the same files: they are handled one
/// after the other, so the second finds the first's files in place.
#[test]
fn specs_sharing_a_directory_take_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let a = spec_in(tmp.path(), "d", DEFAULT);
    fs::write(tmp.path().join("d/again.yaml"), DEFAULT).unwrap();
    let specs = vec![a.display().to_string(), "d/again.yaml".to_string()];
    let (code, _, err) = run(tmp.path(), &args("generate", &specs, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already up to date"), "{err}");
}
