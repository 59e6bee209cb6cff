//! Checks that read only the Topology, so they hold for a planned network and
//! for one imported from AWS alike.

use crate::diag::Diagnostic;
use crate::topology::{cidr, reach, RouteTarget, Tier, Topology};
use std::collections::BTreeSet;

pub fn check(t: &Topology) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    subnets(t, &mut out);
    public_ips(t, &mut out);
    cluster_subnets(t, &mut out);
    capacity(t, &mut out);
    out.extend(reach::diagnostics(&reach::analyze(t)));
    out
}

fn subnets(t: &Topology, out: &mut Vec<Diagnostic>) {
    for (i, s) in t.subnets.iter().enumerate() {
        let on = format!("subnet {}", s.id);
        if !t.vpc.cidr.contains(&s.cidr) {
            out.push(
                Diagnostic::new(
                    "E013",
                    format!("{} {} is outside the VPC {}", s.id, s.cidr, t.vpc.cidr),
                )
                .on(&on),
            );
        }
        if s.cidr.prefix_len() > 28 {
            out.push(
                Diagnostic::new("E014", format!("{} {} is smaller than /28", s.id, s.cidr)).on(&on),
            );
        }
        for other in &t.subnets[..i] {
            if cidr::overlaps(&s.cidr, &other.cidr) {
                out.push(
                    Diagnostic::new(
                        "E012",
                        format!("{} {} overlaps {} {}", s.id, s.cidr, other.id, other.cidr),
                    )
                    .on(&on),
                );
            }
        }
    }
}

/// A subnet is public when its default route goes to the internet gateway.
fn routes_to_igw(t: &Topology, rt: &str) -> bool {
    t.route_table(rt).is_some_and(|r| {
        r.routes
            .iter()
            .any(|r| r.destination.prefix_len() == 0 && r.target == RouteTarget::InternetGateway)
    })
}

fn public_ips(t: &Topology, out: &mut Vec<Diagnostic>) {
    for s in &t.subnets {
        if s.map_public_ip_on_launch || !routes_to_igw(t, &s.route_table) {
            continue;
        }
        let on = format!("subnet {}", s.id);
        if s.nodes {
            out.push(
                Diagnostic::new(
                    "E060",
                    format!(
                        "nodes run in public subnet {} but it has MapPublicIpOnLaunch off",
                        s.id
                    ),
                )
                .on(on),
            );
        } else if s.tier == Tier::Public {
            out.push(
                Diagnostic::new(
                    "W074",
                    format!("public subnet {} has MapPublicIpOnLaunch off", s.id),
                )
                .on(on),
            );
        }
    }
}

fn cluster_subnets(t: &Topology, out: &mut Vec<Diagnostic>) {
    let azs: BTreeSet<&str> = t
        .cluster
        .subnets
        .iter()
        .filter_map(|id| t.subnet(id))
        .map(|s| s.az.as_str())
        .collect();
    if azs.len() < 2 {
        out.push(
            Diagnostic::new(
                "E066",
                format!("the cluster's subnets are in {} AZ(s)", azs.len()),
            )
            .on("cluster"),
        );
    }
    for s in t.cluster.subnets.iter().filter_map(|id| t.subnet(id)) {
        let free = s.available_addresses.unwrap_or(s.usable_addresses);
        if free < 6 {
            out.push(
                Diagnostic::new(
                    "E065",
                    format!("{} has {free} free addresses; EKS needs 6", s.id),
                )
                .on(format!("subnet {}", s.id)),
            );
        }
    }
}

/// At maxSize, spread evenly, can the nodes of each subnet hold a full load of pods?
fn capacity(t: &Topology, out: &mut Vec<Diagnostic>) {
    let g = &t.node_group;
    let n = g.subnets.len().max(1) as u64;
    let nodes = (g.max_size as u64).div_ceil(n);
    let per_node = g.max_pods_per_node as u64 + 1;
    for s in g.subnets.iter().filter_map(|id| t.subnet(id)) {
        let need = nodes * per_node;
        let have = s.available_addresses.unwrap_or(s.usable_addresses);
        if need > have {
            out.push(
                Diagnostic::new(
                    "W064",
                    format!(
                        "{} has {have} free addresses; {nodes} node(s) at {} pods each need {need}",
                        s.id, g.max_pods_per_node
                    ),
                )
                .on(format!("subnet {}", s.id)),
            );
        }
    }
}

/// Pods the subnet holds at the node group's maxSize: its addresses less one
/// per node (each node's primary address).
pub fn pod_capacity(t: &Topology, subnet: &str) -> Option<u64> {
    let s = t.subnet(subnet)?;
    if !s.nodes {
        return None;
    }
    let n = t.node_group.subnets.len().max(1) as u64;
    let nodes = (t.node_group.max_size as u64).div_ceil(n);
    Some(
        s.available_addresses
            .unwrap_or(s.usable_addresses)
            .saturating_sub(nodes),
    )
}
