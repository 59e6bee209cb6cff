//! The cluster part of the Terraform view: the EKS cluster and the managed
//! node group, with the resources the node group must wait for.

use super::{subnet_ref, Ref, FORMAT};
use crate::render::checkov::{self, On, Skip};
use crate::topology::{EndpointKind, Tier, Topology};
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
    service_ipv4_cidr: String,
    logging: Vec<String>,
    secrets_encryption: bool,
    skips: Vec<Skip>,
    admins: Vec<String>,
    node_group_name: String,
    node_subnets: Vec<Ref>,
    instance_types: Vec<String>,
    ami_type: Option<&'static str>,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    /// Resources nodes need before they boot (routes, associations,
    /// endpoints) that nothing references: (type, name).
    node_depends_on: Vec<(&'static str, &'static str)>,
}

/// What the node group must wait for, as (resource type, name) of the
/// resources main.tf declares for this topology.
pub(super) fn node_dependencies(t: &Topology) -> Vec<(&'static str, &'static str)> {
    let mut d = Vec::new();
    let public_nodes = t.node_subnets().any(|s| s.tier == Tier::Public);
    if public_nodes {
        d.push(("aws_route_table_association", "public"));
        if t.internet_gateway.is_some() {
            d.push(("aws_route", "public_internet_gateway"));
        }
    } else {
        d.push(("aws_route_table_association", "private"));
        if !t.nat_gateways.is_empty() {
            d.push(("aws_route", "private_nat_gateway"));
        }
        if t.transit_gateway.is_some() {
            d.push(("aws_route", "private_transit_gateway"));
        }
    }
    if t.endpoints
        .iter()
        .any(|e| e.kind == EndpointKind::Interface)
    {
        d.push(("aws_vpc_endpoint", "interface"));
    }
    if t.endpoints.iter().any(|e| e.kind == EndpointKind::Gateway) {
        d.push(("aws_vpc_endpoint", "gateway"));
    }
    d
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
            .collect(),
        nat_eips: if c.allow_nat_addresses {
            t.nat_gateways.iter().map(|n| n.az.clone()).collect()
        } else {
            vec![]
        },
        service_ipv4_cidr: c.service_ipv4_cidr.to_string(),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        secrets_encryption: c.secrets_encryption,
        skips: checkov::skips(t, FORMAT, On::Cluster),
        admins: c.admin_principal_arns.clone(),
        node_group_name: g.name.clone(),
        node_subnets: g.subnets.iter().map(|s| subnet_ref(t, s)).collect(),
        instance_types: g.instance_types.clone(),
        ami_type: g.ami_type,
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        node_depends_on: node_dependencies(t),
    }
}
