//! The Add-ons section: the EKS managed add-ons every output installs and
//! in what order, and what each of the spec's add-ons brings: endpoints when
//! nothing else leads out, node role policies, and what only the cluster
//! itself can set.

use super::{fact, list, same, st, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::{Source, Topology};

pub(super) fn addons(t: &Topology, out: &mut Vec<Statement>) {
    if t.source == Source::Planned {
        out.push(managed(t));
    }
    for (k, a) in t.addons.iter().enumerate() {
        out.push(addon(t, k, *a));
    }
}

/// The managed add-ons and their order around the node group.
fn managed(t: &Topology) -> Statement {
    let mut facts = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (i, m) in t.managed_addons.iter().enumerate() {
        facts.push(same(format!("/topology/managedAddons/{i}/name"), &m.name));
        facts.push(fact(
            format!("/topology/managedAddons/{i}/afterNodes"),
            m.after_nodes,
            if m.after_nodes { "after" } else { "before" },
        ));
        if m.after_nodes {
            after.push(m.name.clone());
        } else {
            before.push(m.name.clone());
        }
    }
    st(
        Section::Addons,
        format!(
            "Every output installs the EKS managed add-ons {} before the node group, so nodes start with the managed versions (they are DaemonSets), and {} after it, as their pods need nodes to run on. The VPC CNI, kube-proxy and CoreDNS are always there: EKS installs self-managed copies at creation, which the managed add-ons take over (resolve conflicts: overwrite).",
            list(&before),
            list(&after)
        ),
        facts,
        // eksnet's ordering, as eksctl orders them: no single page says it.
        &[],
    )
}

/// One add-on of the spec: endpoints, managed add-on, policies, settings.
fn addon(t: &Topology, k: usize, a: crate::spec::Addon) -> Statement {
    let p = a.profile();
    let mut facts = vec![same(format!("/topology/addons/{k}"), p.key)];
    let planned: Vec<String> = t
        .endpoints
        .iter()
        .enumerate()
        .filter(|(_, e)| e.for_addons.contains(&a))
        .map(|(e, ep)| {
            facts.push(same(
                format!("/topology/endpoints/{e}/service"),
                &ep.service,
            ));
            ep.service.clone()
        })
        .collect();
    let calls: Vec<String> = p.endpoints.iter().map(|s| s.to_string()).collect();
    let endpoints = if planned.is_empty() {
        format!(
            "it calls {}, reached here through the VPC's route out, so no endpoint is added for it",
            list(&calls)
        )
    } else {
        format!(
            "nothing leads out of the VPC, so the endpoints it calls are planned: {}",
            list(&planned)
        )
    };
    let mut parts = vec![endpoints];
    match p.managed {
        Some(m) => parts.push(format!(
            "the outputs install it as the EKS managed add-on {m}"
        )),
        None => parts.push(p.install.to_string()),
    }
    let policies: Vec<String> = t
        .node_group
        .policies
        .iter()
        .enumerate()
        .filter(|(_, x)| p.node_policies.contains(&x.as_str()))
        .map(|(i, x)| {
            facts.push(same(format!("/topology/nodeGroup/policies/{i}"), x));
            x.clone()
        })
        .collect();
    if !policies.is_empty() {
        parts.push(format!("the node role gets {}", list(&policies)));
    }
    let refs: &[Ref] = match a {
        crate::spec::Addon::Karpenter => &[Ref::EksPrivate, Ref::Karpenter],
        _ => &[Ref::EksPrivate],
    };
    st(
        Section::Addons,
        format!(
            "{} ({}): {}. In the cluster: {} ({}).",
            p.key,
            p.title,
            parts.join("; "),
            p.in_cluster,
            p.source
        ),
        facts,
        refs,
    )
}
