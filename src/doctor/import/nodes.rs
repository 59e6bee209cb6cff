//! Where nodes run (`--node-subnets`, else the node groups' subnets, else
//! the cluster's), and the collected node groups read as the one node group
//! the topology holds.

use super::{bad, Input, Options, CLUSTER, SUBNETS};
use crate::doctor::aws::{self, Result};
use crate::hash::HashSet;
use crate::topology::{self, Claim, CniMode, NodeGroup, PodNetwork, Subnet, Tier};

/// The node subnets, and where they were taken from.
pub(super) struct Placement {
    pub subnets: Vec<String>,
    /// In words, for the report.
    pub from: String,
    /// The node groups' own subnets, each once (empty without node groups).
    nodegroup_subnets: Vec<String>,
}

/// Where nodes run; every node subnet must be a subnet of the VPC.
pub(super) fn placement(
    input: &Input,
    opts: &Options,
    vpc_id: &str,
    subnets_in: &[&aws::Subnet],
) -> Result<Placement> {
    let nodegroup_subnets = nodegroup_subnets(input);
    let (subnets, from) = if !opts.node_subnets.is_empty() {
        (opts.node_subnets.clone(), "--node-subnets".to_string())
    } else if !nodegroup_subnets.is_empty() {
        (
            nodegroup_subnets.clone(),
            format!("node group(s) {}", names(input)),
        )
    } else if let Some(c) = &input.cluster {
        (
            c.resources_vpc_config.subnet_ids.clone(),
            "the cluster's subnets (no node group collected)".to_string(),
        )
    } else {
        return Err(bad(
            input.dir.clone(),
            "cannot tell where nodes run: pass --node-subnets, or collect cluster.json or nodegroup-<name>.json".into(),
        ));
    };
    let known: HashSet<&str> = subnets_in.iter().map(|x| x.subnet_id.as_str()).collect();
    if let Some(s) = subnets.iter().find(|s| !known.contains(s.as_str())) {
        // The file that names it: a node group's, else the cluster's.
        let file = match opts.node_subnets.is_empty() {
            false => input.dir.clone(),
            true => input
                .nodegroups
                .iter()
                .find(|(_, g)| g.subnets.contains(s))
                .map_or_else(|| input.file(CLUSTER), |(file, _)| file.clone()),
        };
        return Err(bad(
            file,
            format!("node subnet {s} ({from}) is not a subnet of {vpc_id} in {SUBNETS}"),
        ));
    }
    Ok(Placement {
        subnets,
        from,
        nodegroup_subnets,
    })
}

/// The names of the collected node groups, joined.
fn names(input: &Input) -> String {
    input
        .nodegroups
        .iter()
        .map(|(_, g)| g.nodegroup_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The subnets of every collected node group, each once, in order.
fn nodegroup_subnets(input: &Input) -> Vec<String> {
    let mut subnets: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for (_, g) in &input.nodegroups {
        for s in &g.subnets {
            if seen.insert(s.as_str()) {
                subnets.push(s.clone());
            }
        }
    }
    subnets
}

/// The collected node groups as one: their names joined, their instance
/// types each once, their sizes summed.
/// Max pods and the addresses a node claims follow the pod network's CNI
/// mode, as the planner counts them.
pub(super) fn node_group(
    input: &Input,
    placement: &Placement,
    subnets: &[Subnet],
    pods: Option<&PodNetwork>,
) -> NodeGroup {
    let mut instance_types: Vec<String> = Vec::new();
    let (mut min, mut desired, mut max) = (0, 0, 0);
    for (_, g) in &input.nodegroups {
        for t in g.instance_types.iter().flatten() {
            if !instance_types.contains(t) {
                instance_types.push(t.clone());
            }
        }
        if let Some(s) = g.scaling_config {
            min += s.min_size;
            desired += s.desired_size;
            max += s.max_size;
        }
    }
    let mode = pods.map_or(CniMode::default(), |p| CniMode {
        custom_networking: p.custom_networking(),
        prefix_delegation: p.prefix_delegation,
    });
    let claim = if instance_types.is_empty() {
        Claim {
            max_pods: 0,
            node_subnet: 1,
            pod_subnet: 0,
        }
    } else {
        topology::node_claim(&instance_types, mode).0
    };
    NodeGroup {
        name: names(input),
        subnets: if placement.nodegroup_subnets.is_empty() {
            placement.subnets.clone()
        } else {
            placement.nodegroup_subnets.clone()
        },
        instance_types,
        min_size: min,
        desired_size: desired,
        max_size: max,
        private_networking: !subnets.iter().any(|s| s.nodes && s.tier == Tier::Public),
        ami_type: None,
        max_pods_per_node: claim.max_pods,
        addresses_per_node: topology::NodeAddresses {
            node_subnet: claim.node_subnet,
            pod_subnet: claim.pod_subnet,
        },
        policies: vec![],
        cni_ipv6_policy: false,
    }
}
