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
/// Loading the provider's schema is most of a validate run, so the cases are
/// validated as modules of two roots (one per core): each case's module
/// called with `count` (which Terraform refuses for a module with a provider
/// block of its own, so this also proves the module has none), and each
/// case's root module as it is (its provider block, its call of the module,
/// its `moved` blocks). Every variable of a case has a default, so the calls
/// need no arguments; an error names its module, so its case.
#[test]
fn terraform_init_and_validate_every_case() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(engine) = crate::support::terraform::Engine::from_env(tmp.path()) else {
        return;
    };
    let (_, dirs, _) = write_all(&tmp.path().join("cases"));
    assert!(dirs.len() >= 15, "every case renders Terraform");
    let roots: Vec<PathBuf> = (0..2)
        .map(|half| {
            let root = tmp.path().join(format!("root{half}"));
            std::fs::create_dir_all(&root).unwrap();
            let calls: String = dirs
                .iter()
                .skip(half)
                .step_by(2)
                .map(|d| {
                    let case = d.parent().unwrap().file_name().unwrap().to_str().unwrap();
                    let case = case.replace('-', "_");
                    let module = d.join("modules").join(eksnet::render::TERRAFORM_MODULE);
                    format!(
                        "module \"{case}\" {{\n  count  = 1\n  source = \"{}\"\n}}\n\nmodule \"{case}_root\" {{\n  source = \"{}\"\n}}\n\n",
                        module.display(),
                        d.display()
                    )
                })
                .collect();
            std::fs::write(root.join("main.tf"), calls).unwrap();
            root
        })
        .collect();
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for root in &roots {
            let (engine, failures) = (&engine, &failures);
            s.spawn(move || {
                let init = ["init", "-backend=false", "-input=false", "-no-color"];
                for args in [&init[..], &["validate", "-no-color"]] {
                    let (code, out) = engine.run(root, args);
                    if code != 0 {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{args:?} (exit {code}):\n{out}"));
                        return;
                    }
                }
                let lock = std::fs::read_to_string(root.join(".terraform.lock.hcl")).unwrap();
                assert!(lock.contains("provider \"registry.terraform.io/hashicorp/aws\""));
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "terraform:\n{}", failures.join("\n"));
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
