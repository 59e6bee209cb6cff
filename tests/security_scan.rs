//! checkov, once over the CloudFormation and Terraform of every case in
//! `cases`: every failed check must be one eksnet accepts on purpose, for a
//! reason written here, on the cases where that reason holds (a check about
//! an opt-in feature is accepted only where the spec leaves it off).
//!
//! Checks that should be fixed in the blueprints and are not yet are listed
//! apart, each with its fix; the test fails once such a check passes, so the
//! list only shrinks.

use crate::cases::{cases, Case};
use crate::support::tool;
use eksnet::render::{self, Format, RenderOptions};
use eksnet::topology::{plan, Topology};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Whether an accepted failure applies: the case's topology and the resource checkov named.
type Applies = fn(&Topology, &str) -> bool;

/// Failures accepted by design: (check, when, why).
const ACCEPTED: &[(&str, Applies, &str)] = &[
    (
        "CKV_AWS_130",
        |_, resource| resource.contains("public"),
        "public subnets assign public IPs: public-only nodes, NAT gateways and internet-facing \
         load balancers need them, and managed node groups follow the subnet setting (E060)",
    ),
    (
        "CKV_AWS_38",
        |t, _| t.cluster.public_access_cidrs.iter().any(|c| c.prefix_len() == 0),
        "the spec opens the public endpoint to 0.0.0.0/0 (the EKS default); W033 warns about it",
    ),
    (
        "CKV_AWS_39",
        |t, _| t.cluster.endpoint_public_access,
        "the spec turns the public endpoint on, for kubectl from outside the VPC",
    ),
    (
        "CKV_AWS_58",
        |t, _| !t.cluster.secrets_encryption,
        "secrets encryption is opt-in (`secretsEncryption: true` creates a KMS key)",
    ),
    (
        "CKV_AWS_37",
        |t, _| t.cluster.logging.len() < 5,
        "control-plane log types are opt-in (`controlPlaneLogging`); each costs CloudWatch ingestion",
    ),
    (
        "CKV2_AWS_11",
        |t, _| !t.flow_logs,
        "VPC flow logs are opt-in (`flowLogs: true`)",
    ),
    (
        "CKV_AWS_158",
        |t, resource| t.flow_logs && resource.to_lowercase().contains("flow"),
        "the flow-log group is encrypted with CloudWatch Logs' own key; a customer key would \
         need a key policy for the logs service of each region and partition",
    ),
    (
        "CKV_AWS_338",
        |t, resource| t.flow_logs && resource.to_lowercase().contains("flow"),
        "flow logs are kept 90 days, for troubleshooting; a year is a compliance choice with \
         its own cost, made by changing the retention",
    ),
];

/// Failures that should be fixed in the blueprints: (check, fix). Each must
/// still fail somewhere; remove an entry once its fix lands.
const TO_FIX: &[(&str, &str)] = &[
    (
        "CKV_AWS_23",
        "CloudFormation: give each SecurityGroupIngress rule of the endpoint security group \
         a `Description: HTTPS from the VPC` (Terraform has `description = \"HTTPS\"`)",
    ),
    (
        "CKV2_AWS_12",
        "Terraform: `resource \"aws_default_security_group\" \"this\" { vpc_id = \
         aws_vpc.this.id }`, with no rules, removes every rule of the VPC's default group \
         (nothing eksnet creates uses it; CloudFormation cannot manage it)",
    ),
    (
        "CKV2_AWS_64",
        "Terraform: give aws_kms_key.secrets a `policy` that writes out the key policy AWS \
         applies by default (the account root may use kms:*, so IAM policies govern the key)",
    ),
];

fn case_dir(root: &Path, c: &Case) -> Option<Topology> {
    let p = plan(&c.spec);
    let t = p.topology.filter(|_| !p.diagnostics.has_errors())?;
    let opts = RenderOptions {
        network_only: c.network_only,
        ..Default::default()
    };
    for format in [Format::CloudFormation, Format::Terraform] {
        for f in render::render(&t, format, &opts).expect("renders") {
            let path = root.join(c.name).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f.contents).unwrap();
        }
    }
    Some(t)
}

/// checkov's failed checks: (check id, case, resource).
fn failed(checkov: &str, root: &Path, framework: &str) -> Vec<(String, String, String)> {
    let out = std::process::Command::new(checkov)
        .args(["--skip-download", "--quiet", "--compact", "-o", "json"])
        .args(["--framework", framework, "-d"])
        .arg(root)
        .output()
        .expect("run checkov");
    let text = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON ({e}): {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // One report per framework; a list when several ran.
    let reports = match doc {
        serde_json::Value::Array(v) => v,
        other => vec![other],
    };
    let mut found = Vec::new();
    for r in reports {
        let summary = &r["summary"];
        assert_eq!(
            summary["parsing_errors"].as_u64().unwrap_or(0),
            0,
            "checkov could not parse some {framework} files: {summary}"
        );
        assert!(
            summary["passed"].as_u64().unwrap_or(0) > 0,
            "checkov checked no {framework} resource: {summary}"
        );
        for f in r["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let file = f["file_path"].as_str().unwrap_or_default();
            let case = file
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default();
            found.push((
                f["check_id"].as_str().unwrap_or_default().to_string(),
                case.to_string(),
                f["resource"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    found
}

#[test]
fn checkov_finds_nothing_unexplained() {
    let Some(checkov) = tool("EKSNET_CHECKOV") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut topologies = BTreeMap::new();
    for c in cases() {
        if let Some(t) = case_dir(tmp.path(), &c) {
            topologies.insert(c.name.to_string(), t);
        }
    }
    assert!(topologies.len() > 10, "too few cases rendered");

    let mut unexplained = BTreeSet::new();
    let mut still_failing = BTreeSet::new();
    for framework in ["cloudformation", "terraform"] {
        for (check, case, resource) in failed(&checkov, tmp.path(), framework) {
            let t = &topologies[&case];
            let accepted = ACCEPTED
                .iter()
                .any(|(id, applies, _)| *id == check && applies(t, &resource));
            if accepted {
                continue;
            }
            if TO_FIX.iter().any(|(id, _)| *id == check) {
                still_failing.insert(check.clone());
                continue;
            }
            unexplained.insert(format!("{check} {framework} {case}: {resource}"));
        }
    }
    assert!(
        unexplained.is_empty(),
        "checkov failures with no reason to accept them (fix the blueprint, or add a \
         justified entry to ACCEPTED):\n{}",
        unexplained.into_iter().collect::<Vec<_>>().join("\n")
    );
    for (id, fix) in TO_FIX {
        assert!(
            still_failing.contains(*id),
            "{id} passes now ({fix}): remove it from TO_FIX"
        );
    }
}
