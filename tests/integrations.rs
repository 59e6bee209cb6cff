//! The files other tools read to run eksnet: the GitHub Action (`action.yml`),
//! the pre-commit hooks (`.pre-commit-hooks.yaml`) and the GitLab CI template
//! (`docs/gitlab/eksnet.gitlab-ci.yml`). Each is checked for
//! its shape and run with the binary under test on a good and a broken spec.

use crate::support::{repo, succeeded, tool};
use serde_yaml_ng::Value;
use std::path::Path;
use std::process::Command;

const GOOD: &str = "examples/public-private/eksnet.yaml";
const BROKEN: &str = "tests/fixtures/sarif/eksnet.yaml";

fn yaml(file: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn eksnet_bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("eksnet")
}

/// A PATH with the binary under test first, as `eksnet`.
fn path_with_eksnet() -> std::ffi::OsString {
    let dir = eksnet_bin().parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

/// A directory holding `spec` as ./eksnet.yaml and its generated outputs.
fn project(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join(spec), dir.path().join("eksnet.yaml")).unwrap();
    // A broken spec generates nothing; the hooks must fail on it either way.
    let _ = Command::new(eksnet_bin())
        .current_dir(dir.path())
        .args(["--quiet", "generate"])
        .output();
    dir
}

/// Every `--flag` the scripts hand to eksnet (not to cargo) exists.
fn flags_exist(scripts: &[String]) {
    let help = |cmd: &str| {
        let out = Command::new(eksnet_bin())
            .args([cmd, "--help"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let known = help("validate") + &help("generate");
    for line in scripts.iter().flat_map(|s| s.lines()) {
        if line.contains("cargo ") || !line.contains("eksnet") && !line.contains("args") {
            continue;
        }
        for flag in line.split_whitespace().filter(|w| w.starts_with("--")) {
            let flag = flag.trim_end_matches([')', ';']);
            assert!(
                known.contains(flag),
                "{flag} in {line:?} is not an eksnet flag"
            );
        }
    }
}

/// `file` matches check-jsonschema's built-in schema `builtin` (where the
/// validator is installed; in CI it must be).
fn matches_builtin_schema(builtin: &str, file: &str) {
    let Some(cj) = tool("EKSNET_CHECK_JSONSCHEMA") else {
        return;
    };
    let out = Command::new(cj)
        .args(["--builtin-schema", builtin])
        .arg(repo().join(file))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{file}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_action_matches_the_github_actions_schema() {
    matches_builtin_schema("vendor.github-actions", "action.yml");
}

/// The `run` script of the action's step `id`, and every script.
fn action_steps() -> (Value, Vec<String>) {
    let action = yaml("action.yml");
    let scripts = action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str().map(String::from))
        .collect();
    (action, scripts)
}

/// Run the action's validate step as the runner would, in `dir`.
fn run_validate_step(action: &Value, dir: &Path, deny: bool) -> (String, String) {
    let step = action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "validate")
        .expect("a step with id validate");
    let outputs = dir.join("github-output");
    let status = Command::new("bash")
        .current_dir(dir)
        .args(["-e", "-c", step["run"].as_str().unwrap()])
        .env("PATH", path_with_eksnet())
        .env("SPEC", "eksnet.yaml")
        .env("DENY_WARNINGS", if deny { "true" } else { "false" })
        .env("SARIF_FILE", "eksnet.sarif")
        .env("GITHUB_OUTPUT", &outputs)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the validate step records the status and succeeds"
    );
    let sarif = std::fs::read_to_string(dir.join("eksnet.sarif")).unwrap();
    let recorded = std::fs::read_to_string(&outputs).unwrap();
    std::fs::remove_file(outputs).unwrap();
    (recorded, sarif)
}

#[test]
fn the_action_validates_into_sarif_and_names_real_flags() {
    let (action, scripts) = action_steps();
    assert_eq!(action["runs"]["using"], "composite");
    assert!(scripts
        .iter()
        .any(|s| s.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\"")));
    assert!(scripts
        .iter()
        .any(|s| s.contains("eksnet generate") && s.contains("--check")));
    assert_eq!(
        action["outputs"]["sarif-file"]["value"],
        "${{ steps.validate.outputs.sarif-file }}"
    );
    flags_exist(&scripts);

    let good = project(GOOD);
    let (outputs, sarif) = run_validate_step(&action, good.path(), false);
    assert!(
        outputs.contains("sarif-file=eksnet.sarif\nstatus=0\n"),
        "{outputs}"
    );
    assert!(sarif.contains("\"version\": \"2.1.0\""));
    // With deny-warnings the warning-free example still passes.
    let (outputs, _) = run_validate_step(&action, good.path(), true);
    assert!(outputs.contains("status=0"), "{outputs}");

    let broken = project(BROKEN);
    let (outputs, sarif) = run_validate_step(&action, broken.path(), false);
    assert!(outputs.contains("status=1"), "{outputs}");
    assert!(sarif.contains("\"ruleId\": \"E012\""), "{sarif}");
}

#[test]
fn pre_commit_hooks_run_and_fail_on_a_broken_spec() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["eksnet-validate", "eksnet-generate-check"]);
    let good = project(GOOD);
    let broken = project(BROKEN);
    let mut scripts = Vec::new();
    for h in hooks {
        assert_eq!(h["language"], "system", "{h:?}");
        assert_eq!(h["pass_filenames"], false, "{h:?}");
        let entry = h["entry"].as_str().unwrap();
        scripts.push(entry.to_string());
        let mut words: Vec<String> = entry.split_whitespace().map(String::from).collect();
        assert_eq!(words[0], "eksnet");
        if let Some(args) = h["args"].as_sequence() {
            words.extend(args.iter().map(|a| a.as_str().unwrap().to_string()));
        }
        for (dir, ok) in [(good.path(), true), (broken.path(), false)] {
            let out = Command::new(eksnet_bin())
                .current_dir(dir)
                .args(&words[1..])
                .output()
                .unwrap();
            assert_eq!(
                out.status.success(),
                ok,
                "{entry} on {}: {}",
                if ok { GOOD } else { BROKEN },
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let files = regex::Regex::new(h["files"].as_str().unwrap()).unwrap();
        assert!(files.is_match("eksnet.yaml") && files.is_match("infra/eksnet.yaml"));
        assert!(!files.is_match("README.md"));
    }
    flags_exist(&scripts);
}

#[test]
fn every_example_matches_the_schema_editors_get() {
    let Some(cj) = tool("EKSNET_CHECK_JSONSCHEMA") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("eksnet.schema.json");
    succeeded(
        Command::new(eksnet_bin())
            .args(["schema", "--out"])
            .arg(&schema),
    );
    let stdout = Command::new(eksnet_bin())
        .arg("schema")
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        std::fs::read(&schema).unwrap(),
        stdout,
        "--out writes what stdout shows"
    );
    let mut examples: Vec<_> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path().join("eksnet.yaml"))
        .filter(|p| p.is_file())
        .collect();
    examples.sort();
    assert!(examples.len() >= 4, "{examples:?}");
    succeeded(
        Command::new(cj)
            .arg("--schemafile")
            .arg(&schema)
            .args(&examples),
    );
}

/// `cargo package` in the repository with `args`, which must succeed: stdout.
fn cargo_package(args: &[&str]) -> String {
    let mut cmd = cargo();
    cmd.args(["package", "--locked", "--allow-dirty"])
        .args(args);
    String::from_utf8(succeeded(&mut cmd).stdout).unwrap()
}

/// The cargo that runs the tests, in the repository.
fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(repo());
    cmd
}

/// `cargo package` makes the archive a publish uploads (metadata, lock file,
/// `include`). Without its verification build: that build would share this
/// target directory and leave eksnet's fingerprint pointing at the packaged
/// copy of the sources, so later builds here would not see source changes;
/// in a directory of its own it costs a dependency build on every CI run.
/// What the packaged build needs beyond `src/` is checked by the listing.
#[test]
fn the_package_is_made() {
    cargo_package(&["--quiet", "--no-verify"]);
    let archive = repo()
        .join("target/package")
        .join(format!("eksnet-{}.crate", env!("CARGO_PKG_VERSION")));
    assert!(archive.is_file(), "no {}", archive.display());
}

#[test]
fn the_package_ships_the_sources_and_templates_only() {
    let listing = cargo_package(&["--no-verify", "--list"]);
    let files: Vec<&str> = listing.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "ARCHITECTURE.md",
        "LICENSE",
        "src/main.rs",
        "build.rs",
        "src/spec/default.yaml",
        "blueprints/cloudformation/template.yaml.tera",
        "blueprints/terraform/main.tf.tera",
        "blueprints/eksctl/cluster.yaml.tera",
    ] {
        assert!(
            files.contains(&needed),
            "{needed} is not packaged:\n{listing}"
        );
    }
    let allowed = [
        "src/",
        "build.rs",
        "blueprints/",
        "Cargo.",
        "README.md",
        "ARCHITECTURE.md",
        "LICENSE",
        ".cargo_vcs_info.json",
    ];
    for f in &files {
        assert!(
            allowed.iter().any(|a| f.starts_with(a)),
            "{f} is packaged; only the sources, build script, templates and top-level docs belong"
        );
    }
}

/// The GitLab CI template's job `name` run as a runner would (each line of
/// `before_script` and `script` under `set -e`) in `dir`; its exit code.
fn run_gitlab_job(ci: &Value, name: &str, dir: &Path) -> i32 {
    let lines = |v: &Value| -> Vec<String> {
        v.as_sequence()
            .map(|s| s.iter().map(|l| l.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let mut script = lines(&ci[".eksnet"]["before_script"]);
    script.extend(lines(&ci[name]["script"]));
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir)
        .args(["-e", "-c", &script.join("\n")])
        .env("PATH", path_with_eksnet())
        .env("CARGO_HOME", dir.join(".cargo"));
    for (k, v) in ci["variables"].as_mapping().unwrap() {
        cmd.env(k.as_str().unwrap(), v.as_str().unwrap());
    }
    cmd.status().unwrap().code().unwrap()
}

#[test]
fn the_gitlab_template_matches_gitlab_ci_schema_and_its_jobs_run() {
    const FILE: &str = "docs/gitlab/eksnet.gitlab-ci.yml";
    matches_builtin_schema("vendor.gitlab-ci", FILE);
    let ci = yaml(FILE);
    let scripts: Vec<String> = ["eksnet-validate", "eksnet-generate-check"]
        .iter()
        .flat_map(|j| ci[*j]["script"].as_sequence().unwrap().clone())
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    flags_exist(&scripts);

    let good = project(GOOD);
    assert_eq!(run_gitlab_job(&ci, "eksnet-validate", good.path()), 0);
    assert_eq!(run_gitlab_job(&ci, "eksnet-generate-check", good.path()), 0);
    let sarif = std::fs::read_to_string(good.path().join("eksnet.sarif")).unwrap();
    assert!(sarif.contains("\"version\": \"2.1.0\""), "{sarif}");

    let broken = project(BROKEN);
    assert_eq!(run_gitlab_job(&ci, "eksnet-validate", broken.path()), 1);
    let sarif = std::fs::read_to_string(broken.path().join("eksnet.sarif")).unwrap();
    assert!(
        sarif.contains("\"ruleId\""),
        "the findings are in the artifact"
    );
    let report = std::fs::read_to_string(broken.path().join("eksnet-codequality.json")).unwrap();
    assert!(
        report.contains("\"check_name\": \"E012\""),
        "the merge request gets the findings: {report}"
    );
    // Outputs that drifted from the spec fail the check.
    std::fs::write(
        good.path().join("eksnet-out/terraform/main.tf"),
        "# edited\n",
    )
    .unwrap();
    assert_ne!(run_gitlab_job(&ci, "eksnet-generate-check", good.path()), 0);
}

#[test]
fn the_release_workflow_matches_github_workflow_schema() {
    matches_builtin_schema("vendor.github-workflows", ".github/workflows/release.yml");
    // The archives it builds are the ones the installer looks for.
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    assert!(text.contains("name=\"eksnet-${GITHUB_REF_NAME}-${{ matrix.target }}\""));
    assert!(text.contains("sha256sum eksnet-* > SHA256SUMS"));
}

/// `cargo binstall`'s metadata, expanded for every target the release
/// workflow builds, names the archive the workflow uploads and the path of
/// the binary inside it (`eksnet-<tag>-<target>/eksnet[.exe]`).
#[test]
fn the_binstall_metadata_names_the_release_archives() {
    let out =
        succeeded(cargo().args(["metadata", "--locked", "--no-deps", "--format-version", "1"]));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pkg = &meta["packages"][0];
    assert!(pkg["license"].is_string(), "no license: {pkg}");
    let binstall = &pkg["metadata"]["binstall"];
    let workflow = yaml(".github/workflows/release.yml");
    let targets = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("the workflow's build matrix");
    assert_eq!(targets.len(), 5);
    for t in targets {
        let (target, archive) = (
            t["target"].as_str().unwrap(),
            t["archive"].as_str().unwrap(),
        );
        let chosen = |key: &str| {
            binstall["overrides"][target][key]
                .as_str()
                .or(binstall[key].as_str())
                .unwrap_or_else(|| panic!("no {key} for {target}"))
                .to_string()
        };
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let expand = |tpl: String| {
            tpl.replace("{ repo }", "REPO")
                .replace("{ name }", "eksnet")
                .replace("{ version }", "9.9.9")
                .replace("{ target }", target)
                .replace("{ bin }", "eksnet")
                .replace("{ binary-ext }", exe)
        };
        let name = format!("eksnet-v9.9.9-{target}");
        assert_eq!(
            expand(chosen("pkg-url")),
            format!("REPO/releases/download/v9.9.9/{name}.{archive}")
        );
        assert_eq!(expand(chosen("bin-dir")), format!("{name}/eksnet{exe}"));
        let fmt = if archive == "zip" { "zip" } else { "tgz" };
        assert_eq!(chosen("pkg-fmt"), fmt, "{target}");
    }
}

/// A release directory as the workflow publishes it, holding this machine's
/// build of the binary under test; the installer's exit code and target dir.
fn install_from_fake_release(tamper: bool) -> (i32, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let target = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-gnu",
        ("linux", "aarch64") => "aarch64-unknown-linux-gnu",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        other => panic!("no release target for {other:?}"),
    };
    let name = format!("eksnet-v9.9.9-{target}");
    let stage = tmp.path().join("stage").join(&name);
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(eksnet_bin(), stage.join("eksnet")).unwrap();
    let rel = tmp.path().join("release");
    std::fs::create_dir_all(&rel).unwrap();
    let archive = format!("{name}.tar.gz");
    let sh = |script: &str, dir: &Path| {
        let ok = Command::new("sh")
            .current_dir(dir)
            .args(["-c", script])
            .status()
            .unwrap()
            .success();
        assert!(ok, "{script}");
    };
    sh(
        &format!("tar -czf ../release/{archive} {name}"),
        &tmp.path().join("stage"),
    );
    sh("sha256sum eksnet-* > SHA256SUMS", &rel);
    if tamper {
        let sums = std::fs::read_to_string(rel.join("SHA256SUMS")).unwrap();
        std::fs::write(
            rel.join("SHA256SUMS"),
            format!("{}{}", "0".repeat(64), &sums[64..]),
        )
        .unwrap();
    }
    let status = Command::new("sh")
        .arg(repo().join("scripts/install.sh"))
        .arg("v9.9.9")
        .env("EKSNET_DOWNLOAD_URL", format!("file://{}", rel.display()))
        .env("EKSNET_INSTALL_DIR", tmp.path().join("bin"))
        .status()
        .unwrap();
    (status.code().unwrap(), tmp)
}

#[test]
fn the_installer_checks_the_archive_against_sha256sums() {
    let (code, tmp) = install_from_fake_release(false);
    assert_eq!(code, 0);
    let out = Command::new(tmp.path().join("bin/eksnet"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("eksnet "));
    let (code, tmp) = install_from_fake_release(true);
    assert_eq!(code, 1, "a checksum mismatch stops the installer");
    assert!(!tmp.path().join("bin/eksnet").exists());
}
