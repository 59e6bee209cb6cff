//! Helpers shared by the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

pub mod pty;
pub mod terraform;

/// The eksnet binary, with a clean environment for stable output.
pub fn eksnet() -> Command {
    let mut c = Command::cargo_bin("eksnet").expect("the eksnet binary is built");
    c.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    c
}

/// insta settings: snapshots in the top-level `snapshots/` folder, named
/// without the module prefix.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(repo().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Run `body` with the snapshot settings bound.
#[macro_export]
macro_rules! snap {
    ($($body:tt)*) => {
        $crate::support::snapshot_settings().bind(|| { $($body)* })
    };
}

/// Run a command that must succeed: its output, or a failure showing what it
/// printed.
pub fn succeeded(cmd: &mut std::process::Command) -> std::process::Output {
    let out = cmd.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path from an environment variable that `.ci/run` sets (a validator or
/// a shared data file). Outside CI a missing one skips the check with a
/// message; in CI (`CI` set) it fails the test, so no check is silently lost.
pub fn tool(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{var} is not set: .ci/run sets it; CI must run every validator")
        }
        _ => {
            eprintln!(
                "skipping: {var} is not set (run the tests through .ci/run to include this check)"
            );
            None
        }
    }
}

/// The built-in spec with `extra` YAML appended/overriding keys at top level:
/// returns the path of a temporary spec file.
pub fn spec_file(dir: &std::path::Path, name: &str, yaml: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, yaml).expect("write spec");
    p
}

/// A moto round-trip script run with the moto virtualenv's Python, its bin
/// directory (which holds `aws` for the collection script) first on the
/// PATH, and `EKSNET_BIN` naming the binary under test.
pub fn moto_script(python: &str, script: &str) -> std::process::Command {
    let python = PathBuf::from(python);
    let venv_bin = python
        .parent()
        .expect("python has a directory")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(venv_bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut cmd = std::process::Command::new(&python);
    cmd.arg(repo().join(script))
        .env("EKSNET_BIN", assert_cmd::cargo::cargo_bin("eksnet"))
        .env("PATH", path);
    cmd
}
