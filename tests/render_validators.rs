//! The real validators over every case: cfn-lint (no errors, no warnings),
//! `terraform fmt -check`, tf-check-args (HCL parses; every aws resource
//! type and argument exists in the provider), `terraform init` and
//! `terraform validate` with the real AWS provider, and the eksctl JSON schema,
//! plus test-side mirrors of eksctl's cross-field rules, which its schema
//! cannot hold. Tool paths come from the environment (`support::tool`).

use crate::cases::cases;
use crate::render::render_case;
use eksnet::render::{Format, EKSCTL_ADDITIONAL_ENDPOINTS};
use serde_yaml_ng::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Write every case under `dir/<case>/`; returns the CloudFormation
/// templates by region, the Terraform dirs and the eksctl files.
fn write_all(dir: &Path) -> (BTreeMap<String, Vec<PathBuf>>, Vec<PathBuf>, Vec<PathBuf>) {
    let mut cfn: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let (mut tf, mut eksctl) = (Vec::new(), Vec::new());
    for c in cases() {
        for (f, files) in render_case(&c) {
            for file in &files {
                let p = dir.join(c.name).join(&file.path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, &file.contents).unwrap();
                match f {
                    Format::CloudFormation => cfn.entry(c.spec.region.clone()).or_default().push(p),
                    Format::Eksctl => eksctl.push(p),
                    Format::Terraform => {}
                }
            }
            if f == Format::Terraform {
                tf.push(dir.join(c.name).join("terraform"));
            }
        }
    }
    (cfn, tf, eksctl)
}

fn run(mut cmd: Command) -> (i32, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// A command from an env var that may hold several words (`python script`).
fn command(spec: &str) -> Command {
    let mut words = spec.split_whitespace();
    let mut c = Command::new(words.next().expect("a command"));
    c.args(words);
    c
}

#[test]
fn cfn_lint_finds_nothing() {
    let Some(lint) = crate::support::tool("EKSNET_CFN_LINT") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (cfn, _, _) = write_all(tmp.path());
    assert!(cfn.len() >= 3, "cases span several regions");
    for (region, files) in cfn {
        let mut c = command(&lint);
        c.args(&files).args(["-r", &region]);
        let (code, out) = run(c);
        assert_eq!(code, 0, "cfn-lint in {region} (exit {code}):\n{out}");
    }
}

#[test]
fn terraform_fmt_and_provider_arguments() {
    let (Some(terraform), Some(check)) = (
        crate::support::tool("EKSNET_TERRAFORM"),
        crate::support::tool("EKSNET_TF_CHECK"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (_, dirs, _) = write_all(tmp.path());
    let mut c = command(&terraform);
    c.args(["fmt", "-check", "-recursive", "-diff"])
        .arg(tmp.path())
        .env("CHECKPOINT_DISABLE", "1");
    let (code, out) = run(c);
    assert_eq!(code, 0, "terraform fmt -check:\n{out}");
    let mut c = command(&check);
    c.args(&dirs);
    let (code, out) = run(c);
    assert_eq!(code, 0, "tf-check-args:\n{out}");
    assert!(out.contains(" 0 problem"), "{out}");
}

/// `terraform init` (offline, from the provider mirror) and `terraform
/// validate` on every Terraform case: the real provider checks types,
/// references and each resource's own rules, which tf-check-args cannot.
/// The first case is initialised; the others get a copy of its `.terraform`
/// and lock file (the same provider and constraint), then two threads validate.
#[test]
fn terraform_init_and_validate_every_case() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(engine) = crate::support::terraform::Engine::from_env(tmp.path()) else {
        return;
    };
    let (_, dirs, _) = write_all(&tmp.path().join("cases"));
    assert!(dirs.len() >= 15, "every case renders Terraform");
    let first = &dirs[0];
    let (code, out) = engine.run(
        first,
        &["init", "-backend=false", "-input=false", "-no-color"],
    );
    assert_eq!(code, 0, "terraform init in {}:\n{out}", first.display());
    let lock = std::fs::read_to_string(first.join(".terraform.lock.hcl")).unwrap();
    assert!(
        lock.contains("provider \"registry.terraform.io/hashicorp/aws\""),
        "{lock}"
    );
    for d in &dirs[1..] {
        let ok = Command::new("cp")
            .args(["-a", ".terraform", ".terraform.lock.hcl"])
            .arg(d)
            .current_dir(first)
            .status()
            .unwrap();
        assert!(ok.success(), "copy .terraform into {}", d.display());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(d) = dirs.get(i) else { break };
                let (code, out) = engine.run(d, &["validate", "-no-color"]);
                if code != 0 || !out.contains("Success! The configuration is valid.") {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{} (exit {code}):\n{out}", d.display()));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "terraform validate:\n{}",
        failures.join("\n")
    );
}

#[test]
fn eksctl_configs_match_the_schema() {
    let (Some(checker), Some(schema)) = (
        crate::support::tool("EKSNET_CHECK_JSONSCHEMA"),
        crate::support::tool("EKSNET_EKSCTL_SCHEMA"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (_, _, files) = write_all(tmp.path());
    let mut c = command(&checker);
    c.arg("--schemafile").arg(&schema).args(&files);
    let (code, out) = run(c);
    assert_eq!(code, 0, "check-jsonschema:\n{out}");
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

/// eksctl's own cross-field rules (pkg/apis/eksctl.io/v1alpha5 validation),
/// which the schema cannot express.
#[test]
fn eksctl_cross_field_rules_hold() {
    let mut checked = 0;
    for c in cases() {
        for (f, files) in render_case(&c) {
            if f != Format::Eksctl {
                continue;
            }
            checked += 1;
            let doc: Value = serde_yaml_ng::from_str(&files[0].contents).unwrap();
            let name = c.name;
            let private =
                get(&doc, &["privateCluster", "enabled"]).and_then(Value::as_bool) == Some(true);
            if let Some(extra) = get(&doc, &["privateCluster", "additionalEndpointServices"]) {
                for s in extra.as_sequence().unwrap() {
                    let s = s.as_str().unwrap();
                    assert!(EKSCTL_ADDITIONAL_ENDPOINTS.contains(&s), "{name}: {s}");
                }
            }
            let has_subnets = get(&doc, &["vpc", "subnets"]).is_some();
            assert!(
                !(has_subnets && doc.get("availabilityZones").is_some()),
                "{name}: availabilityZones beside vpc.subnets"
            );
            if private {
                assert!(
                    get(&doc, &["vpc", "clusterEndpoints"]).is_none(),
                    "{name}: clusterEndpoints in a private cluster"
                );
                if get(&doc, &["vpc", "id"]).is_some() {
                    assert!(
                        get(&doc, &["vpc", "subnets", "private"]).is_some(),
                        "{name}: a private cluster in an existing VPC needs private subnets"
                    );
                }
            }
            let version = get(&doc, &["metadata", "version"]).unwrap();
            assert!(
                version.is_string(),
                "{name}: metadata.version must be a string"
            );
            for ng in doc["managedNodeGroups"].as_sequence().unwrap() {
                let pn = ng.get("privateNetworking").and_then(Value::as_bool);
                if private {
                    assert_eq!(
                        pn,
                        Some(true),
                        "{name}: privateNetworking in a private cluster"
                    );
                }
                assert!(
                    !(ng.get("instanceType").is_some() && ng.get("instanceTypes").is_some()),
                    "{name}: both instanceType and instanceTypes"
                );
                // Node group subnets name subnets of the config.
                if let Some(subnets) = ng.get("subnets").and_then(Value::as_sequence) {
                    let tier = if pn == Some(true) {
                        "private"
                    } else {
                        "public"
                    };
                    for s in subnets {
                        assert!(
                            get(&doc, &["vpc", "subnets", tier, s.as_str().unwrap()]).is_some(),
                            "{name}: node group subnet {s:?} is not a {tier} subnet of vpc.subnets"
                        );
                    }
                }
            }
        }
    }
    assert!(checked >= 10);
}
