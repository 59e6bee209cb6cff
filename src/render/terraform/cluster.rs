//! The cluster part of the Terraform view: the EKS cluster and the managed
//! node group, with the resources the node group must wait for.

use super::{role_name_prefix, subnet_ref, tier_name, Ref, FORMAT};
use crate::render::checkov::{self, On, Skip};
use crate::topology::{EndpointKind, Ipv6Target, Prerequisite, RouteTarget, Topology};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ClusterV {
    name: String,
    kubernetes_version: String,
    subnets: Vec<Ref>,
    public_access: bool,
    private_access: bool,
    public_access_cidrs: Vec<String>,
    nat_eips: Vec<String>,
    /// None in an IPv6 cluster (`ip_family = "ipv6"`).
    service_ipv4_cidr: Option<String>,
    /// The node role's own policy with the VPC CNI's IPv6 permissions.
    cni_ipv6: Option<CniIpv6V>,
    logging: Vec<String>,
    secrets_encryption: bool,
    skips: Vec<Skip>,
    role_prefixes: RolePrefixesV,
    admins: Vec<String>,
    creator_admin: bool,
    /// The topology's node group name as a prefix, at most
    /// [`NODE_GROUP_NAME_PREFIX_MAX`] long.
    node_group_name_prefix: String,
    node_subnets: Vec<Ref>,
    instance_types: Vec<String>,
    ami_type: Option<&'static str>,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    /// Resources nodes need before they boot (routes, associations,
    /// endpoints) that nothing references: (type, name).
    node_depends_on: Vec<(&'static str, &'static str)>,
    launch: LaunchV,
    /// The node role's AWS managed policies, by name.
    node_policies: Vec<String>,
    /// EKS managed add-ons nodes start with, and those created after them.
    addons_before_nodes: Vec<String>,
    addons_after_nodes: Vec<String>,
    /// The VPC CNI add-on's configuration values, when it has any.
    vpc_cni: Option<super::pods::VpcCniV>,
}

/// The `name_prefix` of the cluster's and the nodes' IAM roles.
#[derive(Serialize)]
struct RolePrefixesV {
    cluster: String,
    node: String,
}

/// The VPC CNI's IPv6 permissions (`aws::ipv6`), as the node role's own policy.
#[derive(Serialize)]
struct CniIpv6V {
    actions: &'static [&'static str],
    tag_action: &'static str,
    skips: Vec<Skip>,
}

/// The node group's launch template: the topology's `NodeLaunch` (root
/// volume, IMDS) and nothing else, so EKS still picks the AMI from
/// `ami_type` and gives nodes the cluster security group.
#[derive(Serialize)]
struct LaunchV {
    skips: Vec<Skip>,
    root_device: &'static str,
    volume_gib: u32,
    volume_type: &'static str,
    http_tokens: &'static str,
    hop_limit: u8,
    /// What the nodes' tags go on as they launch.
    tagged_resources: &'static [&'static str],
}

fn launch(t: &Topology) -> LaunchV {
    let l = t
        .node_launch()
        .expect("a planned node group has launch settings");
    LaunchV {
        skips: checkov::skips(t, FORMAT, On::NodeLaunchTemplate),
        root_device: l.root_device,
        volume_gib: l.root_volume_gib,
        volume_type: l.root_volume_type,
        http_tokens: l.http_tokens(),
        hop_limit: l.imds_hop_limit,
        tagged_resources: crate::aws::nodes::NODE_TAGGED_RESOURCES,
    }
}

/// What the node group must wait for: the topology's prerequisites of the
/// node group (`Topology::node_group_prerequisites`) as (resource type,
/// name) of the resources main.tf declares, each once; associations, then
/// routes, then the interface and gateway endpoints, then the add-ons.
fn node_dependencies(t: &Topology) -> Vec<(&'static str, &'static str)> {
    let mut d: Vec<(&'static str, &'static str)> = Vec::new();
    for p in t.node_group_prerequisites() {
        let r = match p {
            Prerequisite::Association { subnet } => {
                let s = t.subnet(&subnet).expect("node subnets are in the topology");
                ("aws_route_table_association", tier_name(s.tier))
            }
            Prerequisite::Route { route, .. } => ("aws_route", route_name(&route.target)),
            Prerequisite::Ipv6Route { route, .. } => ("aws_route", ipv6_route_name(&route.target)),
            Prerequisite::Endpoint { kind, .. } => ("aws_vpc_endpoint", endpoint_name(kind)),
            Prerequisite::Addon { .. } => ("aws_eks_addon", "before_nodes"),
        };
        if !d.contains(&r) {
            d.push(r);
        }
    }
    let rank = |(ty, name): &(&str, &str)| match (*ty, *name) {
        ("aws_route_table_association", _) => 0,
        ("aws_route", _) => 1,
        (_, "interface") => 2,
        ("aws_eks_addon", _) => 4,
        _ => 3,
    };
    d.sort_by_key(rank);
    d
}

/// The `aws_route` resource that holds routes to `target` in main.tf.
fn route_name(target: &RouteTarget) -> &'static str {
    match target {
        RouteTarget::InternetGateway => "public_internet_gateway",
        RouteTarget::NatGateway(_) => "private_nat_gateway",
        RouteTarget::TransitGateway(_) => "private_transit_gateway",
        RouteTarget::Other(_) => {
            unreachable!("planned topologies route only to their own gateways")
        }
    }
}

/// The `aws_route` resource that holds IPv6 routes to `target` in main.tf.
fn ipv6_route_name(target: &Ipv6Target) -> &'static str {
    match target {
        Ipv6Target::InternetGateway => "public_internet_gateway_ipv6",
        Ipv6Target::EgressOnlyInternetGateway => "private_egress_only",
        Ipv6Target::Other(_) => {
            unreachable!("planned topologies route only to their own gateways")
        }
    }
}

/// The `aws_vpc_endpoint` resource that holds endpoints of `kind`.
fn endpoint_name(kind: EndpointKind) -> &'static str {
    match kind {
        EndpointKind::Interface => "interface",
        EndpointKind::Gateway => "gateway",
    }
}

/// The longest `node_group_name_prefix` the AWS provider accepts: a node
/// group name is at most 63 characters, and the provider appends a unique
/// suffix of 26 (`validation.StringLenBetween(0, 63-id.UniqueIDSuffixLength)`
/// in `aws_eks_node_group`).
const NODE_GROUP_NAME_PREFIX_MAX: usize = 63 - 26;

/// `<node group name>-`, cut to [`NODE_GROUP_NAME_PREFIX_MAX`]: the name is
/// only a label here, Terraform keeps the node group by its address.
fn node_group_name_prefix(name: &str) -> String {
    format!("{name}-")
        .chars()
        .take(NODE_GROUP_NAME_PREFIX_MAX)
        .collect()
}

pub(super) fn cluster(t: &Topology) -> ClusterV {
    let c = &t.cluster;
    let g = &t.node_group;
    ClusterV {
        name: c.name.clone(),
        kubernetes_version: t.kubernetes_version.clone(),
        subnets: c.subnets.iter().map(|s| subnet_ref(t, s)).collect(),
        public_access: c.endpoint_public_access,
        private_access: c.endpoint_private_access,
        public_access_cidrs: c
            .public_access_cidrs
            .iter()
            .map(|x| x.to_string())
            .chain(c.public_access_ipv6_cidrs.iter().map(|x| x.to_string()))
            .collect(),
        nat_eips: if c.allow_nat_addresses {
            t.nat_gateways.iter().map(|n| n.az.clone()).collect()
        } else {
            vec![]
        },
        service_ipv4_cidr: c.service_ipv4_cidr.map(|s| s.to_string()),
        cni_ipv6: g.cni_ipv6_policy.then(|| CniIpv6V {
            actions: crate::aws::ipv6::CNI_IPV6_ACTIONS,
            tag_action: crate::aws::ipv6::CNI_IPV6_TAG_ACTION,
            skips: checkov::skips(t, FORMAT, On::CniIpv6Policy),
        }),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        secrets_encryption: c.secrets_encryption,
        skips: checkov::skips(t, FORMAT, On::Cluster),
        role_prefixes: RolePrefixesV {
            cluster: role_name_prefix(&c.name, "cluster"),
            node: role_name_prefix(&c.name, "node"),
        },
        admins: c.admin_principal_arns.clone(),
        creator_admin: c.creator_admin,
        node_group_name_prefix: node_group_name_prefix(&g.name),
        node_subnets: g.subnets.iter().map(|s| subnet_ref(t, s)).collect(),
        instance_types: g.instance_types.clone(),
        ami_type: g.ami_type,
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        node_depends_on: node_dependencies(t),
        launch: launch(t),
        node_policies: g.policies.clone(),
        addons_before_nodes: addon_names(t, false),
        addons_after_nodes: addon_names(t, true),
        vpc_cni: super::pods::vpc_cni(t),
    }
}

fn addon_names(t: &Topology, after_nodes: bool) -> Vec<String> {
    t.managed_addons
        .iter()
        .filter(|a| a.after_nodes == after_nodes)
        .map(|a| a.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{node_group_name_prefix, NODE_GROUP_NAME_PREFIX_MAX};

    #[test]
    fn node_group_name_prefixes_fit_the_provider() {
        assert_eq!(node_group_name_prefix("demo-nodes"), "demo-nodes-");
        let long = node_group_name_prefix(&format!("{}-nodes", "c".repeat(57)));
        assert_eq!(long.len(), NODE_GROUP_NAME_PREFIX_MAX);
    }
}
