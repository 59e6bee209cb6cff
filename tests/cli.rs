//! The command-line surface: `--help` of every command pinned by snapshots,
//! a check over every flag, `--version`, completions, the man page, colour
//! (only on a terminal, never with NO_COLOR), and a closed stdout.

use crate::snap;
use crate::support::eksnet;
use crate::support::pty::Pty;
use clap::CommandFactory;
use eksnet::cli::Cli;
use std::collections::BTreeSet;

/// Every command's path from the top (`[]`, `["plan"]`, ...), built so
/// that global flags are propagated into each one.
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
        out.push((path.clone(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut root = Cli::command();
    root.build();
    let mut out = Vec::new();
    walk(&root, Vec::new(), &mut out);
    out
}

#[test]
fn help_of_every_command_is_pinned() {
    let all = commands();
    assert!(all.len() >= 8, "{} commands", all.len());
    for (path, _) in all {
        let out = eksnet()
            .args(&path)
            .arg("--help")
            .env("COLUMNS", "100")
            .env("LINES", "50")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{path:?}");
        assert!(out.stderr.is_empty(), "{path:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let name = if path.is_empty() {
            "help_eksnet".to_string()
        } else {
            format!("help_{}", path.join("_"))
        };
        snap!(insta::assert_snapshot!(name, text));
    }
}

#[test]
fn every_flag_has_help_and_no_command_repeats_a_name() {
    Cli::command().debug_assert();
    for (path, cmd) in commands() {
        let mut longs = BTreeSet::new();
        let mut shorts = BTreeSet::new();
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            assert!(
                arg.get_help().is_some() || arg.get_long_help().is_some(),
                "`eksnet {}`: {id} has no help text",
                path.join(" ")
            );
            if let Some(l) = arg.get_long() {
                assert!(longs.insert(l), "`eksnet {}`: --{l} twice", path.join(" "));
            }
            if let Some(s) = arg.get_short() {
                assert!(shorts.insert(s), "`eksnet {}`: -{s} twice", path.join(" "));
            }
        }
        if !path.is_empty() {
            assert!(
                cmd.get_about().is_some(),
                "`eksnet {}` has no about",
                path.join(" ")
            );
            let after = cmd
                .get_after_help()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(
                after.contains("Example"),
                "`eksnet {}` --help shows no example",
                path.join(" ")
            );
        }
    }
}

#[test]
fn only_spec_keys_are_filed_under_spec_overrides() {
    use clap::Args;
    let overrides = eksnet::spec::Overrides::augment_args(clap::Command::new("overrides"));
    let keys: BTreeSet<&str> = overrides
        .get_arguments()
        .filter_map(|a| a.get_long())
        .collect();
    for (path, cmd) in commands() {
        for arg in cmd.get_arguments() {
            if arg
                .get_help_heading()
                .is_some_and(|h| h.starts_with("Spec overrides"))
            {
                let long = arg.get_long().unwrap_or_default();
                assert!(
                    keys.contains(long),
                    "`eksnet {}`: --{long} is not a spec key but is listed under Spec overrides \
                     (give it `help_heading`)",
                    path.join(" ")
                );
            }
        }
    }
}

#[test]
fn exit_codes_are_in_the_top_level_help() {
    let out = eksnet().arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "0    success",
        "1    the spec is invalid",
        "2    usage error",
        "3    drift",
        "130  the wizard was cancelled",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
}

#[test]
fn version_on_every_command() {
    let v = env!("CARGO_PKG_VERSION");
    for (args, want) in [
        (&["--version"][..], format!("eksnet {v}\n")),
        (&["-V"][..], format!("eksnet {v}\n")),
        (&["plan", "--version"][..], format!("eksnet-plan {v}\n")),
    ] {
        let out = eksnet().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{args:?}");
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = eksnet().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        for word in ["eksnet", "init", "plan", "validate", "vpc-cidr"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
    // The bash script is valid bash.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eksnet.bash");
    let out = eksnet().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&file, out.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // An unknown shell is a usage error.
    eksnet().args(["completions", "cmd"]).assert().code(2);
}

#[test]
fn man_page_names_every_command() {
    let out = eksnet().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH eksnet 1"), "{text}");
    for (path, _) in commands().into_iter().filter(|(p, _)| p.len() == 1) {
        assert!(text.contains(&path[0]), "the man page lacks {}", path[0]);
    }
}

/// SGR (colour) sequences: `ESC [ digits/; m`.
fn has_colour(raw: &[u8]) -> bool {
    raw.windows(2).enumerate().any(|(i, w)| {
        w == b"\x1b["
            && raw[i + 2..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || *b == b';'))
                .is_some_and(|n| raw[i + 2 + n] == b'm')
    })
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["validate", "--vpc-cidr", "10.0.0.0/8"];
    // A terminal without NO_COLOR, or with it empty (which counts as unset): colour.
    for env in [None, Some("")] {
        let mut t = Pty::spawn_env(dir.path(), &args, &[("NO_COLOR", env)]);
        t.wait_for("invalid");
        assert!(
            has_colour(t.raw()),
            "NO_COLOR={env:?}: no colour on a terminal"
        );
        let (code, _) = t.finish();
        assert_eq!(code, 1);
    }
    // NO_COLOR on a terminal: none.
    let mut t = Pty::spawn_env(dir.path(), &args, &[("NO_COLOR", Some("1"))]);
    t.wait_for("invalid");
    assert!(
        !has_colour(t.raw()),
        "{:?}",
        String::from_utf8_lossy(t.raw())
    );
    t.finish();
    // Not a terminal: none, even without NO_COLOR.
    let out = assert_cmd::Command::cargo_bin("eksnet")
        .unwrap()
        .env_remove("NO_COLOR")
        .current_dir(dir.path())
        .args(args)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E011]"));
    assert!(!has_colour(&out.stderr) && !has_colour(&out.stdout));
}

#[test]
fn the_wizard_is_plain_with_no_color_and_coloured_without() {
    let dir = tempfile::tempdir().unwrap();
    for (env, coloured) in [(None, true), (Some("1"), false)] {
        let mut t = Pty::spawn_env(dir.path(), &["init"], &[("NO_COLOR", env)]);
        t.wait_for("public-private");
        t.wait_for("enter to choose");
        assert_eq!(
            has_colour(t.raw()),
            coloured,
            "NO_COLOR={env:?}: {:?}",
            String::from_utf8_lossy(t.raw())
        );
        t.send("\x1b");
        let (code, _) = t.finish();
        assert_eq!(code, 130);
    }
}

#[test]
fn has_colour_finds_sgr_only() {
    assert!(has_colour(b"a\x1b[1;31merror\x1b[0m"));
    assert!(!has_colour(b"a\x1b[2Kb\x1b[1A"));
    assert!(!has_colour(b"plain"));
}

/// `eksnet explain | head -1`: a reader that stops reading ends eksnet
/// quietly, like any filter: no message, no panic, exit 0.
#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("eksnet");
    for args in [
        &["explain", "--output", "json"][..],
        &["--help"],
        &["schema"],
    ] {
        let mut child = std::process::Command::new(&bin)
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before eksnet has started writing (it plans first).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {stderr}"
        );
    }
}
