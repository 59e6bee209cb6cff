//! `eksnet explain <ADD-ON>`: one add-on profile in full, as the spec's
//! `addons` list names it.

use crate::aws::addons::{Addon, Profile};
use crate::aws::services;
use serde_json::json;
use std::fmt::Write;

/// The add-on named `key` (as in the spec), if there is one.
pub fn lookup(key: &str) -> Option<&'static Profile> {
    Addon::ALL
        .iter()
        .map(|a| a.profile())
        .find(|p| p.key.eq_ignore_ascii_case(key))
}

/// The add-on name closest to `key`, if it is close enough to be a typo.
pub fn suggest(key: &str) -> Option<&'static str> {
    let keys: Vec<&'static str> = Addon::ALL.iter().map(|a| a.as_str()).collect();
    crate::spec::suggest(key, &keys)
}

/// The profile as text.
pub fn text(p: &Profile) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} (add-on): {}\n", p.key, p.title);
    let endpoints: Vec<String> = p
        .endpoints
        .iter()
        .map(|e| {
            let why = services::find(e).map_or("", |s| s.reason);
            format!("{e} ({why})")
        })
        .collect();
    let lines = [
        format!(
            "Endpoints when node subnets have no route out: {}.",
            endpoints.join("; ")
        ),
        match p.managed {
            Some(m) => format!("Installed by every output as the EKS managed add-on {m}."),
            None => format!("{}.", p.install),
        },
        if p.node_policies.is_empty() {
            "Node role: nothing added.".into()
        } else {
            format!("Node role: {}.", p.node_policies.join(", "))
        },
        format!("In the cluster: {}.", p.in_cluster),
        format!("Source: {}", p.source),
    ];
    for l in lines {
        o.push_str(&super::explain::wrap(&l, 100, "", "  "));
    }
    o
}

/// The profile as JSON.
pub fn json(p: &Profile) -> String {
    let v = json!({
        "addon": p.key,
        "title": p.title,
        "endpoints": p.endpoints,
        "managedAddon": p.managed,
        "nodePolicies": p.node_policies,
        "install": (!p.install.is_empty()).then_some(p.install),
        "inCluster": p.in_cluster,
        "source": p.source,
    });
    serde_json::to_string_pretty(&v).expect("JSON values serialize") + "\n"
}
