//! An existing VPC, as the AWS CLI describes it, read into the same
//! Topology a spec is planned into (`source: imported`), so the same rules
//! and reachability engine judge it.
//!
//! The network is read as AWS routes it: a subnet without an explicit
//! route-table association uses the VPC's main route table; a subnet (and a
//! route table) is public when its effective default route goes to the
//! VPC's internet gateway; a zonal NAT gateway sits in a subnet, a regional
//! one in none; a route whose target is gone (`blackhole`) leads nowhere.
//! IDs stay AWS's own, so every finding names what the user sees in the
//! console, and every fix is a command on those IDs.

mod cluster;
mod endpoints;
mod gateways;
mod ids;
mod input;
mod ipv6;
mod nodes;
mod pods;
mod routes;
mod subnets;
mod vpc;

pub use input::Input;
pub use pods::{PodSubnets, CNI_ROLE_TAG};

use super::aws::{self, InputError, Result};
use crate::diag::Diagnostic;
use crate::spec::NatMode;
use crate::topology::*;
use ipnet::Ipv4Net;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const VPCS: &str = "vpcs.json";
pub const SUBNETS: &str = "subnets.json";
pub const ROUTE_TABLES: &str = "route-tables.json";
pub const INTERNET_GATEWAYS: &str = "internet-gateways.json";
pub const NAT_GATEWAYS: &str = "nat-gateways.json";
pub const VPC_ENDPOINTS: &str = "vpc-endpoints.json";
pub const SECURITY_GROUPS: &str = "security-groups.json";
pub const CLUSTER: &str = "cluster.json";
pub const NETWORK_ACLS: &str = "network-acls.json";
pub const DHCP_OPTIONS: &str = "dhcp-options.json";
pub const DNS_SUPPORT: &str = "vpc-dns-support.json";
pub const DNS_HOSTNAMES: &str = "vpc-dns-hostnames.json";
/// `aws ec2 describe-egress-only-internet-gateways` (optional: IPv6 egress).
pub const EGRESS_ONLY_GATEWAYS: &str = "egress-only-internet-gateways.json";
/// `aws eks list-addons`: the EKS managed add-ons installed (optional).
pub const ADDONS: &str = "addons.json";
/// `kubectl get eniconfigs.crd.k8s.amazonaws.com -o json`: the ENIConfigs
/// of custom networking (optional).
pub const ENICONFIGS: &str = "eniconfigs.json";
/// `nodegroup-<name>.json`, one per `aws eks describe-nodegroup`.
pub const NODEGROUP_PREFIX: &str = "nodegroup-";

/// What the user chose on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--node-subnets`: where nodes run (else the node groups', else the cluster's).
    pub node_subnets: Vec<String>,
    /// `--vpc-id`: which VPC of vpcs.json (else the cluster's, else the only one).
    pub vpc_id: Option<String>,
}

/// The imported topology, and what the doctor needs besides it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub topology: Topology,
    pub vpc_id: String,
    /// The cluster's name, when cluster.json was collected.
    pub cluster_name: Option<String>,
    /// The EKS cluster security group (managed nodes carry it).
    pub cluster_security_group: Option<String>,
    /// Where the node subnets were taken from, in words.
    pub node_subnets_from: String,
    /// The network ACL of each subnet, when network-acls.json was collected.
    pub network_acls: Option<BTreeMap<String, std::sync::Arc<aws::NetworkAcl>>>,
    /// Notes about what was assumed (N083) or skipped.
    pub notes: Vec<Diagnostic>,
    /// NAT gateways that exist but cannot be routed to now (not available,
    /// or private): id → why.
    pub unusable_nats: BTreeMap<String, String>,
    /// The pod subnets: tagged for subnet discovery, or named by ENIConfigs.
    pub pods: PodSubnets,
}

fn bad(file: PathBuf, message: String) -> InputError {
    InputError { file, message }
}

fn parse_cidr(file: &Path, what: &str, s: &str) -> Result<Ipv4Net> {
    s.parse::<Ipv4Net>().map(|n| n.trunc()).map_err(|_| {
        bad(
            file.to_path_buf(),
            format!("{what}: `{s}` is not an IPv4 CIDR"),
        )
    })
}

/// Read the VPC the options choose, resource family by resource family, into
/// a topology. Each step may fail on what it reads; the steps run in this
/// order so that the same input always fails on the same first error.
pub fn import(input: &Input, opts: &Options) -> Result<Imported> {
    let mut notes = Vec::new();
    let vpc = vpc::choose(input, opts)?;
    let vpc_id = vpc.vpc_id.as_str();
    let cidrs = vpc::cidrs(input, vpc)?;
    let subnets_in: Vec<&aws::Subnet> = input
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .collect();
    let place = vpc::partition_and_region(input, &subnets_in);
    let igw = gateways::internet_gateway(input, vpc_id);
    let nats = gateways::nat_gateways(input, vpc_id, &subnets_in);
    // A large VPC's independent steps run side by side (a small one's cost
    // less than a thread); their errors are told in this order.
    let large = subnets_in.len() >= 1_024;
    let (routing, placement) = crate::par::both(
        large,
        || routes::routing(input, vpc_id, &nats.unusable, igw),
        || nodes::placement(input, opts, vpc_id, &subnets_in),
    );
    let (routing, placement) = (routing?, placement?);
    cluster::check_subnets(input, vpc_id, &subnets_in)?;
    let mut subnets = subnets::subnets(input, &subnets_in, &routing, &placement.subnets)?;
    let vpc_v6 = ipv6::vpc_blocks(input, vpc)?;
    ipv6::annotate_subnets(input, &subnets_in, &mut subnets, &vpc_v6)?;
    let (mut route_tables, transit_gateway) = routing.into_parts();
    ipv6::annotate_routes(input, &mut route_tables, igw)?;
    let cluster = cluster::cluster(input, cidrs.0, &placement.subnets, &mut notes)?;
    let cluster_sg = input
        .cluster
        .as_ref()
        .and_then(|c| c.resources_vpc_config.cluster_security_group_id.clone());
    // Each subnet's network ACL is found beside the endpoints and DNS; its
    // notes follow theirs.
    let (found, (network_acls, acl_notes)) = crate::par::both(
        large,
        || {
            let nodes = endpoints::Nodes::new(&subnets, cluster_sg.as_deref());
            let endpoints = endpoints::endpoints(input, vpc_id, &place.1, &nodes, &mut notes)?;
            Ok((endpoints, vpc::dns(input, vpc, &mut notes)))
        },
        || {
            let mut notes = Vec::new();
            let acls = subnets::network_acls(input, vpc_id, &subnets, &mut notes);
            (acls, notes)
        },
    );
    let (endpoints, dns) = found?;
    notes.extend(acl_notes);
    let mut vpc_model = vpc::model(vpc_id, cidrs, dns, &subnets);
    let pods = pods::pod_subnets(input, vpc_id, &vpc_model, &mut subnets, &mut notes);
    let node_group = nodes::node_group(input, &placement, &subnets, pods.network.as_ref());
    vpc_model.amazon_ipv6 = !vpc_v6.is_empty();
    vpc_model.ipv6_cidrs = vpc_v6;
    let network = Network {
        egress_only_internet_gateway: ipv6::egress_only_gateway(input, vpc_id, &route_tables),
        vpc: vpc_model,
        subnets,
        route_tables,
        internet_gateway: igw.map(|g| Gateway {
            id: Some(g.internet_gateway_id.clone()),
        }),
        nat_gateways: nats.usable,
        transit_gateway,
        endpoints,
    };
    let mut topology = topology(input, vpc_id, place, network, cluster, node_group);
    topology.pod_network = pods.network.clone();
    Ok(Imported {
        topology,
        vpc_id: vpc_id.to_string(),
        cluster_name: input.cluster.as_ref().map(|c| c.name.clone()),
        cluster_security_group: cluster_sg,
        node_subnets_from: placement.from,
        network_acls,
        notes,
        unusable_nats: nats.unusable,
        pods,
    })
}

/// The network resources of the VPC, as the topology holds them.
struct Network {
    vpc: Vpc,
    subnets: Vec<Subnet>,
    route_tables: Vec<RouteTable>,
    internet_gateway: Option<Gateway>,
    egress_only_internet_gateway: Option<Gateway>,
    nat_gateways: Vec<NatGateway>,
    transit_gateway: Option<TransitGateway>,
    endpoints: Vec<VpcEndpoint>,
}

/// The imported topology: named for the cluster (else the VPC), following
/// no architecture, its NAT mode read from how many NAT gateways it has.
fn topology(
    input: &Input,
    vpc_id: &str,
    (partition, region): (String, String),
    network: Network,
    cluster: Cluster,
    node_group: NodeGroup,
) -> Topology {
    let mut azs: Vec<String> = network.subnets.iter().map(|s| s.az.clone()).collect();
    azs.sort();
    azs.dedup();
    let nat_mode = match network.nat_gateways.len() {
        0 => NatMode::None,
        1 => NatMode::Single,
        _ => NatMode::PerAz,
    };
    let installed = input.addons.as_deref().unwrap_or_default();
    let karpenter_discovery = network
        .subnets
        .iter()
        .any(|s| s.tags.contains_key("karpenter.sh/discovery"));
    Topology {
        pod_network: None,
        source: Source::Imported,
        layout: Layout::Custom,
        name: input
            .cluster
            .as_ref()
            .map_or(vpc_id.to_string(), |c| c.name.clone()),
        region,
        partition,
        kubernetes_version: input
            .cluster
            .as_ref()
            .and_then(|c| c.version.clone())
            .unwrap_or_else(|| "unknown".into()),
        architecture: None,
        ip_family: ipv6::family(input),
        nat_mode,
        vpc: network.vpc,
        availability_zones: azs
            .into_iter()
            .map(|name| Az { name, is_id: false })
            .collect(),
        subnets: network.subnets,
        route_tables: network.route_tables,
        internet_gateway: network.internet_gateway,
        egress_only_internet_gateway: network.egress_only_internet_gateway,
        nat_gateways: network.nat_gateways,
        transit_gateway: network.transit_gateway,
        endpoints: network.endpoints,
        endpoint_ingress_cidrs: vec![],
        cluster,
        node_group,
        tags: Tags::new(),
        flow_logs: false,
        karpenter_discovery,
        addons: installed
            .iter()
            .filter_map(|n| crate::aws::addons::from_managed(n))
            .collect(),
        managed_addons: installed
            .iter()
            .map(|n| ManagedAddon {
                name: n.clone(),
                after_nodes: crate::aws::addons::managed_after_nodes(n),
                reason: "installed".into(),
            })
            .collect(),
    }
}
