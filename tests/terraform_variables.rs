//! The Terraform module's variable checks, through `terraform plan` at the
//! generated root with the real provider: `-var` values that break a rule
//! make the plan fail with the rule's message (validation blocks for single
//! values, the node group's precondition for min ≤ desired ≤ max), and the
//! same root plans cleanly with its defaults. The provider gets dummy
//! credentials and makes no call: the plan only creates, and the spec reads
//! no data source that calls AWS.

use crate::cases::base;
use eksnet::render::{self, Format, RenderOptions};
use eksnet::spec::Architecture;
use eksnet::topology::plan;
use std::path::Path;

/// Test only: a provider that needs no account and calls nothing at plan.
const OFFLINE_PROVIDER: &str = r#"provider "aws" {
  region                      = "us-west-2"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"#;

/// Writes the default spec's Terraform into `dir`, with the offline
/// provider as an override file beside the root's provider block.
fn write_root(dir: &Path) {
    let p = plan(&base(Architecture::PublicPrivate));
    let t = p.valid().expect("the base spec plans");
    for f in render::render(t, Format::Terraform, &RenderOptions::default()).unwrap() {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.contents).unwrap();
    }
    std::fs::write(dir.join("terraform/offline_override.tf"), OFFLINE_PROVIDER).unwrap();
}

/// Terraform wraps its diagnostics to the width of a terminal: one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn plan_refuses_variables_that_break_a_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(engine) = crate::support::terraform::Engine::from_env(tmp.path()) else {
        return;
    };
    write_root(tmp.path());
    let root = tmp.path().join("terraform");
    let plan = |vars: &[&str]| -> (i32, String) {
        let mut args = vec!["plan", "-input=false", "-no-color", "-refresh=false"];
        for v in vars {
            args.extend(["-var", v]);
        }
        let mut c = engine.command(&root, &args);
        for k in [
            "AWS_PROFILE",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE",
        ] {
            c.env_remove(k);
        }
        let out = c.output().expect("runs terraform");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), one_line(&text))
    };
    let (code, out) = engine.run(
        &root,
        &["init", "-backend=false", "-input=false", "-no-color"],
    );
    assert_eq!(code, 0, "terraform init:\n{out}");
    // The defaults (the spec's values) plan: what fails below fails for its rule.
    let (code, out) = plan(&[]);
    assert_eq!(code, 0, "plan with the defaults:\n{out}");
    assert!(out.contains("Plan: "), "{out}");

    // Each single-value rule, all at once: Terraform reports every one.
    let (code, out) = plan(&[
        "kubernetes_version=latest",
        "node_instance_types=[]",
        "node_min_size=-1",
        "node_desired_size=1.5",
        "node_max_size=0",
    ]);
    assert_ne!(code, 0, "{out}");
    for said in [
        "kubernetes_version must be a Kubernetes minor version, such as \"1.33\".",
        "node_instance_types must list 1 to 20 instance types.",
        "node_min_size must be a whole number, 0 or more.",
        "node_desired_size must be a whole number, 0 or more.",
        "node_max_size must be a whole number, 1 or more.",
    ] {
        assert!(out.contains(said), "no {said:?} in:\n{out}");
    }
    let (code, out) = plan(&["node_instance_types=[\"M6i.Large\"]"]);
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("node_instance_types must hold instance types such as \"m6i.large\""),
        "{out}"
    );

    // Each size valid alone, but not in order: the node group's precondition.
    let order =
        "The node group's sizes must hold node_min_size <= node_desired_size <= node_max_size.";
    for vars in [
        &["node_min_size=3"][..],
        &["node_desired_size=5"],
        &["node_min_size=2", "node_desired_size=2", "node_max_size=1"],
    ] {
        let (code, out) = plan(vars);
        assert_ne!(code, 0, "{vars:?}: {out}");
        assert!(
            out.contains(order),
            "{vars:?}: no precondition message in:\n{out}"
        );
    }
}
