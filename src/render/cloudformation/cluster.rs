//! The cluster part of the CloudFormation view: the EKS cluster with its
//! IAM role, key and access entries, and the managed node group with what
//! it must wait for.

use super::network;
use super::{endpoint_id, res, tags, Names, Res, FORMAT};
use crate::render::checkov::{self, On, Skip};
use crate::render::Tag;
use crate::topology::{Prerequisite, Topology};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Serialize)]
pub(super) struct ClusterV {
    name: String,
    kubernetes_version: String,
    role: Res,
    subnets: Vec<String>,
    public_access: bool,
    private_access: bool,
    public_access_cidrs: Vec<String>,
    /// EIP logical IDs whose addresses join `public_access_cidrs`.
    nat_eips: Vec<String>,
    /// None in an IPv6 cluster (`IpFamily: ipv6`).
    service_ipv4_cidr: Option<String>,
    logging: Vec<String>,
    /// The secrets key's logical ID.
    kms_key: Option<&'static str>,
    tags: Vec<Tag>,
    /// checkov suppressions of the cluster resource.
    skips: Vec<Skip>,
    admins: Vec<AdminV>,
    creator_admin: bool,
    node_group: NodeGroupV,
    /// EKS managed add-ons: those nodes start with (in the node group's
    /// DependsOn), then those that wait for nodes.
    addons: Vec<AddonV>,
}

#[derive(Serialize)]
struct AddonV {
    res: Res,
    name: String,
    after_nodes: bool,
    /// Its `ConfigurationValues` (the VPC CNI's), and whether they are the
    /// body of an `Fn::Sub`.
    configuration: Option<(String, bool)>,
}

#[derive(Serialize)]
struct AdminV {
    id: String,
    principal_arn: String,
}

#[derive(Serialize)]
struct NodeGroupV {
    role: Res,
    subnets: Vec<String>,
    instance_types: Vec<String>,
    /// The AMI type the instance types need.
    ami_type: Option<&'static str>,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    tags: Vec<Tag>,
    /// The node role's AWS managed policies, by name.
    policies: Vec<String>,
    /// The node role's own policy with the VPC CNI's IPv6 permissions.
    cni_ipv6: Option<CniIpv6V>,
    /// What nodes need before they boot: their subnets' route table
    /// associations and routes, the VPC endpoints and the add-ons nodes
    /// start with. Nothing references these, so without DependsOn the node
    /// group could launch first.
    depends_on: Vec<String>,
    launch: LaunchV,
}

/// The VPC CNI's IPv6 permissions (`aws::ipv6`), as the node role's own policy.
#[derive(Serialize)]
struct CniIpv6V {
    actions: &'static [&'static str],
    tag_action: &'static str,
    /// checkov suppressions, on the node role that holds the policy.
    skips: Vec<Skip>,
}

/// The node group's launch template: the topology's `NodeLaunch` (root
/// volume, IMDS) and nothing else, so EKS still picks the AMI from
/// `AmiType` and gives nodes the cluster security group.
#[derive(Serialize)]
struct LaunchV {
    res: Res,
    root_device: &'static str,
    volume_gib: u32,
    volume_type: &'static str,
    http_tokens: &'static str,
    hop_limit: u8,
    /// What the nodes' tags go on as they launch.
    tagged_resources: &'static [&'static str],
}

/// The node group's DependsOn: the topology's prerequisites of the node
/// group (`Topology::node_group_prerequisites`) by logical ID, first
/// mention kept.
fn node_dependencies(t: &Topology) -> Vec<String> {
    let mut node_deps: Vec<String> = t
        .node_group_prerequisites()
        .into_iter()
        .map(|p| match p {
            Prerequisite::Association { subnet } => {
                let s = t.subnet(&subnet).expect("node subnets are in the topology");
                Names::association(s.tier, &s.az)
            }
            Prerequisite::Route { route_table, route } => {
                let rt = t
                    .route_table(&route_table)
                    .expect("subnets use route tables of the topology");
                network::route_id(rt, &route)
            }
            Prerequisite::Ipv6Route { route_table, route } => {
                let rt = t
                    .route_table(&route_table)
                    .expect("subnets use route tables of the topology");
                network::ipv6_route_id(rt, &route)
            }
            Prerequisite::Endpoint { service, .. } => endpoint_id(&service),
            Prerequisite::Addon { name } => addon_id(&name),
        })
        .collect();
    let mut seen = BTreeSet::new();
    node_deps.retain(|d| seen.insert(d.clone()));
    node_deps
}

/// The cluster; `nat_eips` are the NAT gateways' EIP logical IDs.
pub(super) fn cluster(t: &Topology, names: &Names, nat_eips: &[String]) -> ClusterV {
    let c = &t.cluster;
    ClusterV {
        name: c.name.clone(),
        kubernetes_version: t.kubernetes_version.clone(),
        role: res(t, "ClusterRole"),
        subnets: c.subnets.iter().map(|s| names.subnet(s)).collect(),
        public_access: c.endpoint_public_access,
        private_access: c.endpoint_private_access,
        public_access_cidrs: c
            .public_access_cidrs
            .iter()
            .map(|c| c.to_string())
            .chain(c.public_access_ipv6_cidrs.iter().map(|c| c.to_string()))
            .collect(),
        nat_eips: if c.allow_nat_addresses {
            nat_eips.to_vec()
        } else {
            vec![]
        },
        service_ipv4_cidr: c.service_ipv4_cidr.map(|s| s.to_string()),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        kms_key: c.secrets_encryption.then_some(super::SECRETS_KEY_ID),
        tags: tags(t, &BTreeMap::new()),
        skips: checkov::skips(t, FORMAT, On::Cluster),
        admins: admins(t),
        creator_admin: c.creator_admin,
        node_group: node_group(t, names, node_dependencies(t)),
        addons: t
            .managed_addons
            .iter()
            .map(|a| AddonV {
                res: res(t, &addon_id(&a.name)),
                name: a.name.clone(),
                after_nodes: a.after_nodes,
                configuration: (a.name == crate::aws::addons::VPC_CNI)
                    .then(|| super::pods::vpc_cni_configuration(t))
                    .flatten(),
            })
            .collect(),
    }
}

/// A managed add-on's logical ID: `Addon` and its name in Pascal case
/// (`vpc-cni` → `AddonVpcCni`).
fn addon_id(name: &str) -> String {
    let words = name.split(|c: char| !c.is_ascii_alphanumeric());
    let pascal: String = words
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("Addon{pascal}")
}

/// An access entry per admin principal, named for the principal (see
/// [`admin_id`]) so adding or removing another one leaves it in place.
fn admins(t: &Topology) -> Vec<AdminV> {
    t.cluster
        .admin_principal_arns
        .iter()
        .map(|arn| AdminV {
            id: admin_id(arn),
            principal_arn: arn.clone(),
        })
        .collect()
}

/// The access entry's logical ID: `AdminAccessEntry`, the role or user name
/// (its letters and digits, at most 64) and 8 hex digits of a hash of the
/// whole ARN, which tell apart the same name in two accounts or paths. It
/// depends on the ARN alone, never on its position in the list: a logical
/// ID that moved to another principal would replace both entries.
pub(super) fn admin_id(arn: &str) -> String {
    let name = arn.rsplit(['/', ':']).next().unwrap_or_default();
    let mut name: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(64)
        .collect();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("AdminAccessEntry{name}{:08X}", fnv1a32(arn))
}

/// FNV-1a, folded to 32 bits: stable across platforms and releases.
fn fnv1a32(s: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ((h >> 32) ^ h) as u32
}

fn node_group(t: &Topology, names: &Names, depends_on: Vec<String>) -> NodeGroupV {
    let g = &t.node_group;
    NodeGroupV {
        role: res(t, "NodeInstanceRole"),
        subnets: g.subnets.iter().map(|s| names.subnet(s)).collect(),
        instance_types: g.instance_types.clone(),
        ami_type: g.ami_type,
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        tags: tags(t, &BTreeMap::new()),
        policies: g.policies.clone(),
        cni_ipv6: g.cni_ipv6_policy.then(|| CniIpv6V {
            actions: crate::aws::ipv6::CNI_IPV6_ACTIONS,
            tag_action: crate::aws::ipv6::CNI_IPV6_TAG_ACTION,
            skips: checkov::skips(t, FORMAT, On::CniIpv6Policy),
        }),
        depends_on,
        launch: launch(t),
    }
}

fn launch(t: &Topology) -> LaunchV {
    let l = t
        .node_launch()
        .expect("a planned node group has launch settings");
    LaunchV {
        res: res(t, "NodeLaunchTemplate"),
        root_device: l.root_device,
        volume_gib: l.root_volume_gib,
        volume_type: l.root_volume_type,
        http_tokens: l.http_tokens(),
        hop_limit: l.imds_hop_limit,
        tagged_resources: crate::aws::nodes::NODE_TAGGED_RESOURCES,
    }
}

#[cfg(test)]
mod tests {
    use super::{addon_id, admin_id};

    #[test]
    fn addon_ids_are_pascal_case() {
        assert_eq!(addon_id("vpc-cni"), "AddonVpcCni");
        assert_eq!(
            addon_id("amazon-cloudwatch-observability"),
            "AddonAmazonCloudwatchObservability"
        );
    }

    #[test]
    fn admin_ids_are_alphanumeric_stable_and_tell_apart_accounts() {
        let a = admin_id("arn:aws:iam::123456789012:role/team/eks-admins");
        assert_eq!(
            a,
            admin_id("arn:aws:iam::123456789012:role/team/eks-admins")
        );
        assert!(a.starts_with("AdminAccessEntryEksadmins"), "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()) && a.len() <= 255);
        assert_ne!(
            a,
            admin_id("arn:aws:iam::210987654321:role/team/eks-admins")
        );
        let long = format!("arn:aws:iam::123456789012:user/{}", "x".repeat(300));
        assert_eq!(admin_id(&long).len(), 16 + 64 + 8);
    }
}
