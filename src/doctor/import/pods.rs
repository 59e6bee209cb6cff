//! Pod subnets of an existing VPC. With ENIConfigs collected, the subnets
//! they name (custom networking: pods only there); else the subnets tagged
//! `kubernetes.io/role/cni=1`, where the VPC CNI's subnet discovery also
//! places pod network interfaces. If both, custom networking wins, as in
//! the VPC CNI. A node subnet stays a node subnet either way.

use super::{Input, ENICONFIGS};
use crate::diag::{Code, Diagnostic};
use crate::hash::{HashMap, HashSet};
use crate::spec::PodNetworkMode;
use crate::topology::{PodNetwork, Subnet, Tier, Vpc};
use std::collections::BTreeMap;

/// The tag subnet discovery looks for (value `1`).
pub const CNI_ROLE_TAG: &str = "kubernetes.io/role/cni";

/// The pod network read, and where its subnets were taken from.
#[derive(Debug, Clone, Default)]
pub struct PodSubnets {
    pub network: Option<PodNetwork>,
    /// In words, for the report (None: no pod subnets).
    pub from: Option<String>,
    /// The ENIConfigs' names by the subnet each names (fixes repoint them).
    pub eniconfigs: BTreeMap<String, Vec<String>>,
}

/// Mark the pod subnets (`Tier::Pod`) and say how pods use them. An
/// ENIConfig naming a subnet outside the VPC is an E129.
pub(super) fn pod_subnets(
    input: &Input,
    vpc_id: &str,
    vpc: &Vpc,
    subnets: &mut [Subnet],
    notes: &mut Vec<Diagnostic>,
) -> PodSubnets {
    let index: HashMap<String, usize> = subnets
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut out = PodSubnets::default();
    let eniconfigs = input.eniconfigs.as_deref().unwrap_or_default();
    let mode = if eniconfigs.is_empty() {
        for s in subnets.iter_mut() {
            if !s.nodes && s.tags.get(CNI_ROLE_TAG).is_some_and(|v| v == "1") {
                s.tier = Tier::Pod;
            }
        }
        out.from = Some(format!("their {CNI_ROLE_TAG}=1 tag (subnet discovery)"));
        PodNetworkMode::SubnetDiscovery
    } else {
        for e in eniconfigs {
            let Some(id) = e.spec.subnet.as_deref() else {
                continue;
            };
            let name = &e.metadata.name;
            match index.get(id).map(|&i| &mut subnets[i]) {
                Some(s) => {
                    if !s.nodes {
                        s.tier = Tier::Pod;
                    }
                    let names = out.eniconfigs.entry(id.to_string()).or_default();
                    names.push(name.clone());
                }
                None => notes.push(
                    Diagnostic::new(
                        Code::E129,
                        format!(
                            "ENIConfig {name} names {id}, which is not a subnet of {vpc_id} in subnets.json: nodes that select it get no pod addresses"
                        ),
                    )
                    .on(format!("eniconfig {name}")),
                ),
            }
        }
        out.from = Some(format!(
            "the ENIConfigs in {ENICONFIGS} (custom networking)"
        ));
        node_azs_without_eniconfig(subnets, &out.eniconfigs, notes);
        PodNetworkMode::CustomNetworking
    };
    let Some(first) = subnets.iter().find(|s| s.tier == Tier::Pod) else {
        out.from = None;
        // ENIConfigs that name only node subnets (or none) still turn
        // custom networking on: the VPC CNI runs in that mode.
        if mode == PodNetworkMode::CustomNetworking {
            out.network = Some(network(vpc.cidr, mode));
        }
        return out;
    };
    // The VPC block holding the pod subnets (the primary one, when they
    // were carved from it).
    let block = vpc
        .cidrs()
        .find(|c| c.contains(&first.cidr))
        .copied()
        .unwrap_or(first.cidr);
    out.network = Some(network(block, mode));
    out
}

fn network(block: ipnet::Ipv4Net, mode: PodNetworkMode) -> PodNetwork {
    PodNetwork {
        secondary_cidr: Some(block),
        mode,
        // Prefix mode is a VPC CNI setting: not in what is collected.
        prefix_delegation: false,
        prefix_reservations: vec![],
    }
}

/// E128: with custom networking, pods get addresses only in the subnet of
/// their node's ENIConfig, which must be in the node's zone; nodes in an AZ
/// where no ENIConfig names a subnet run pods that get none.
fn node_azs_without_eniconfig(
    subnets: &[Subnet],
    eniconfigs: &BTreeMap<String, Vec<String>>,
    notes: &mut Vec<Diagnostic>,
) {
    let covered: HashSet<&str> = subnets
        .iter()
        .filter(|s| eniconfigs.contains_key(&s.id))
        .map(|s| s.az.as_str())
        .collect();
    for s in subnets
        .iter()
        .filter(|s| s.nodes && !covered.contains(s.az.as_str()))
    {
        notes.push(
            Diagnostic::new(
                Code::E128,
                format!(
                    "custom networking: nodes in {} ({}) have no pod subnet there: no ENIConfig names a subnet of the zone, so their pods get no address",
                    s.az, s.id
                ),
            )
            .on(s.place()),
        );
    }
}
