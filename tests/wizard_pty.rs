//! `eksnet init` end to end: the real binary in a pseudo-terminal, driven
//! by keystrokes the way a person types them.
//!
//! How the terminal is driven, and why so:
//! - expectrl spawns the binary on a new pty (80×24, echo off) with
//!   `TERM=xterm-256color` and `NO_COLOR=1`, so inquire draws plain text.
//! - Every key is sent only after the prompt it answers is on screen:
//!   inquire switches the terminal to raw mode before drawing a prompt, so
//!   a key sent earlier could reach the cooked terminal (where Ctrl-C is a
//!   signal and Enter becomes a newline). Waiting on text, never on time,
//!   keeps the tests right on a slow, busy machine.
//! - The screen is read without blocking and polled every few
//!   milliseconds (expectrl's own `expect` spins on the CPU); ANSI control
//!   sequences are stripped before matching, and each match moves a cursor
//!   forward so an old drawing of the same text cannot match again.
//! - Keys: "\r" Enter, "\x1b" Esc (sent alone, so it is not read as the
//!   start of an escape sequence), "\x1b[B" down, "\x1b[D" (←, select
//!   none in a multi-select), " " toggle, "\x7f" Backspace, "\x03" Ctrl-C.

use crate::support::pty::{strip_ansi, Pty, BACKSPACE, CTRL_C, DOWN, ENTER, ESC, NONE};
use std::path::Path;

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn written(dir: &Path) -> eksnet::spec::Spec {
    let text = std::fs::read_to_string(dir.join("eksnet.yaml")).expect("eksnet.yaml written");
    serde_yaml_ng::from_str(&text).expect("eksnet.yaml is a spec")
}

/// `eksnet plan` on the written spec succeeds and names the cluster.
fn plans(dir: &Path, name: &str) {
    let out = crate::support::eksnet()
        .current_dir(dir)
        .args(["plan", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("{name} — ")));
}

/// The steps every architecture shares, from the name to the VPC CIDR.
fn common(t: &mut Pty, arch: &str, name: &str) {
    // Typing filters the list to the one architecture.
    t.answer("Architecture", &format!("{arch}{ENTER}"));
    t.answer("IP family", ENTER);
    t.answer("Cluster name", &format!("{name}{ENTER}"));
    t.answer("Region", ENTER);
    t.answer("Availability zones", ENTER);
}

fn finish_outputs_and_write(t: &mut Pty) {
    // Outputs: select none (←), so only the spec is written.
    t.answer("Outputs to generate now", &format!("{NONE}{ENTER}"));
    t.wait_for("Node subnets reach the API endpoint");
    t.answer("Write the spec?", ENTER);
}

#[test]
fn public_private_with_a_typed_invalid_cidr_rejected_then_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &[]);
    common(&mut t, "public-private", "shop");
    t.answer("VPC CIDR", &format!("10.0.0.300/16{ENTER}"));
    t.wait_for("error[E010]: `10.0.0.300/16` is not an IPv4 CIDR");
    t.send(&BACKSPACE.repeat("10.0.0.300/16".len()));
    t.send(&format!("10.0.0.0/16{ENTER}"));
    t.answer("Public subnet size", ENTER);
    t.answer("Private subnet size", ENTER);
    t.wait_for("10.0.0.0/19");
    t.answer("Use these subnets?", ENTER);
    t.answer("NAT gateways", &format!("per-az{ENTER}"));
    t.answer("Cluster API endpoint access", ENTER);
    t.answer("CIDRs allowed to reach the public endpoint", ENTER);
    t.answer("Add-ons the cluster runs", ENTER);
    t.answer("PrivateLink endpoints to add", ENTER);
    finish_outputs_and_write(&mut t);
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("wrote ./eksnet.yaml"), "{screen}");
    assert_eq!(files(dir.path()), ["eksnet.schema.json", "eksnet.yaml"]);
    let spec = written(dir.path());
    assert_eq!(spec.vpc.cidr, "10.0.0.0/16");
    assert_eq!(spec.vpc.nat, Some(eksnet::spec::NatMode::PerAz));
    plans(dir.path(), "shop");
}

#[test]
fn public_only_through_init() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &["init"]);
    common(&mut t, "public-only", "lab");
    t.answer("VPC CIDR", ENTER);
    t.answer("Public subnet size", ENTER);
    t.answer("Use these subnets?", ENTER);
    t.answer("Cluster API endpoint access", ENTER);
    t.answer("CIDRs allowed to reach the public endpoint", ENTER);
    t.answer("Add-ons the cluster runs", ENTER);
    t.answer("PrivateLink endpoints to add", ENTER);
    // Outputs: keep all three, in the default directory.
    t.answer("Outputs to generate now", ENTER);
    t.answer("Output directory", ENTER);
    t.answer("Write the spec?", ENTER);
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    // The outputs were written, and `generate` reproduces them from the spec.
    assert!(
        screen.contains("wrote 14 of 14 file(s) in eksnet-out"),
        "{screen}"
    );
    assert!(dir
        .path()
        .join("eksnet-out/cloudformation/template.yaml")
        .is_file());
    crate::support::eksnet()
        .current_dir(dir.path())
        .args(["generate", "--check"])
        .assert()
        .code(0);
    let spec = written(dir.path());
    assert_eq!(spec.architecture, eksnet::spec::Architecture::PublicOnly);
    plans(dir.path(), "lab");
}

#[test]
fn private_only_with_two_zones() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &["init"]);
    t.answer("Architecture", &format!("private-only{ENTER}"));
    t.answer("IP family", ENTER);
    t.answer("Cluster name", &format!("spoke{ENTER}"));
    t.answer("Region", &format!("eu-west-1{ENTER}"));
    // None, then the first two zones.
    t.answer("Availability zones", &format!("{NONE} {DOWN} {ENTER}"));
    t.answer("VPC CIDR", &format!("10.1.0.0/20{ENTER}"));
    t.answer("Private subnet size", ENTER);
    t.answer("Use these subnets?", ENTER);
    t.answer("Egress from the private subnets", ENTER);
    t.answer("Cluster API endpoint access", ENTER);
    t.answer("CIDRs allowed to reach the public endpoint", ENTER);
    t.answer("Add-ons the cluster runs", ENTER);
    t.answer("PrivateLink endpoints to add", ENTER);
    finish_outputs_and_write(&mut t);
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    let spec = written(dir.path());
    assert_eq!(spec.region, "eu-west-1");
    assert_eq!(spec.vpc.availability_zones, ["eu-west-1a", "eu-west-1b"]);
    plans(dir.path(), "spoke");
}

#[test]
fn fully_private_with_an_invalid_cidr_rejected_then_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &["init"]);
    common(&mut t, "fully-private", "vault");
    t.answer("VPC CIDR", &format!("10.0.0.1/16{ENTER}"));
    t.wait_for("error[E010]: `10.0.0.1/16` has host bits set");
    t.send(&BACKSPACE.repeat("10.0.0.1/16".len()));
    t.send(&format!("10.0.0.0/16{ENTER}"));
    t.answer("Private subnet size", ENTER);
    t.answer("Use these subnets?", ENTER);
    t.wait_for("Cluster endpoint: private only, the only access");
    // Space picks the first add-on, EKS Pod Identity; its endpoint's cost shows.
    t.wait_for("Add-ons the cluster runs");
    t.wait_for("pod-identity");
    t.answer("endpoint(s) in the node AZs: +$", &format!(" {ENTER}"));
    t.answer("PrivateLink endpoints to add", ENTER);
    finish_outputs_and_write(&mut t);
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    let spec = written(dir.path());
    assert_eq!(spec.addons, [eksnet::spec::Addon::PodIdentity]);
    assert_eq!(spec.vpc.cidr, "10.0.0.0/16");
    assert_eq!(spec.endpoint_access.public, Some(false));
    plans(dir.path(), "vault");
}

#[test]
fn esc_leaves_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &["init"]);
    t.answer("Architecture", ENTER);
    t.answer("IP family", ENTER);
    t.answer("Cluster name", ENTER);
    t.answer("Region", ESC);
    let (code, screen) = t.finish();
    assert_eq!(code, 130, "{screen}");
    assert!(
        screen.contains("cancelled; nothing was written"),
        "{screen}"
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn ctrl_c_at_the_last_question_leaves_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), &[]);
    common(&mut t, "public-private", "shop");
    t.answer("VPC CIDR", ENTER);
    t.answer("Public subnet size", ENTER);
    t.answer("Private subnet size", ENTER);
    t.answer("Use these subnets?", ENTER);
    t.answer("NAT gateways", ENTER);
    t.answer("Cluster API endpoint access", ENTER);
    t.answer("CIDRs allowed to reach the public endpoint", ENTER);
    t.answer("Add-ons the cluster runs", ENTER);
    t.answer("PrivateLink endpoints to add", ENTER);
    t.answer("Outputs to generate now", ENTER);
    t.answer("Output directory", ENTER);
    t.answer("Write the spec?", CTRL_C);
    let (code, screen) = t.finish();
    assert_eq!(code, 130, "{screen}");
    assert!(files(dir.path()).is_empty());
}

#[test]
fn an_existing_spec_is_kept_unless_replacing_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eksnet.yaml"), "mine\n").unwrap();
    let mut t = Pty::spawn(dir.path(), &["init"]);
    t.wait_for("./eksnet.yaml exists");
    common(&mut t, "fully-private", "vault");
    t.answer("VPC CIDR", ENTER);
    t.answer("Private subnet size", ENTER);
    t.answer("Use these subnets?", ENTER);
    t.answer("Add-ons the cluster runs", ENTER);
    t.answer("PrivateLink endpoints to add", ENTER);
    finish_outputs_and_write(&mut t);
    t.answer("Replace it?", ENTER); // the default is no
    let (code, screen) = t.finish();
    assert_eq!(code, 130, "{screen}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("eksnet.yaml")).unwrap(),
        "mine\n"
    );
    assert_eq!(files(dir.path()), ["eksnet.yaml"]);
}

#[test]
fn without_a_terminal_nothing_is_asked_or_written() {
    for args in [&[][..], &["init"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let out = crate::support::eksnet()
            .current_dir(dir.path())
            .args(args)
            .write_stdin("\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no terminal"), "{err}");
        assert!(err.contains("eksnet generate --spec FILE"), "{err}");
        assert!(out.stdout.is_empty());
        assert!(files(dir.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn ansi_stripping_keeps_the_text() {
    assert_eq!(
        strip_ansi(b"\x1b[?25l\x1b[1;31merror\x1b[0m: x\r\n\x1b]0;title\x07y"),
        "error: x\ny"
    );
}
