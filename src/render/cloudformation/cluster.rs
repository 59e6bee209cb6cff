//! The cluster part of the CloudFormation view: the EKS cluster with its
//! IAM role, key and access entries, and the managed node group with what
//! it must wait for.

use super::network::{EndpointV, RouteTableV};
use super::{res, tags, Names, Res, FORMAT};
use crate::aws::{ami, versions};
use crate::render::checkov::{self, On, Skip};
use crate::render::Tag;
use crate::topology::Topology;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Serialize)]
pub(super) struct ClusterV {
    name: String,
    kubernetes_version: String,
    kubernetes_versions: Vec<String>,
    role: Res,
    subnets: Vec<String>,
    public_access: bool,
    private_access: bool,
    public_access_cidrs: Vec<String>,
    /// EIP logical IDs whose addresses join `public_access_cidrs`.
    nat_eips: Vec<String>,
    service_ipv4_cidr: String,
    logging: Vec<String>,
    kms_key: Option<Res>,
    tags: Vec<Tag>,
    /// checkov suppressions of the cluster resource.
    skips: Vec<Skip>,
    admins: Vec<AdminV>,
    node_group: NodeGroupV,
}

#[derive(Serialize)]
struct AdminV {
    id: String,
    principal_arn: String,
}

#[derive(Serialize)]
struct NodeGroupV {
    name: String,
    role: Res,
    subnets: Vec<String>,
    instance_types: String,
    /// The AMI type the instance types need; a parameter, beside them.
    ami_type: Option<&'static str>,
    ami_types: &'static [&'static str],
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    tags: Vec<Tag>,
    /// What nodes need before they boot: their subnets' route table
    /// associations and routes, and the VPC endpoints. Nothing references
    /// these, so without DependsOn the node group could launch first.
    depends_on: Vec<String>,
}

/// The node group's DependsOn: each node subnet's route table association
/// and its table's routes, then every VPC endpoint, first mention kept.
pub(super) fn node_dependencies(
    t: &Topology,
    names: &Names,
    route_tables: &[RouteTableV],
    endpoints: &[EndpointV],
) -> Vec<String> {
    let mut node_deps: Vec<String> = Vec::new();
    for s in t.node_subnets() {
        node_deps.push(Names::association(s.tier, &s.az));
        let rt = names.route_table(&s.route_table);
        if let Some(v) = route_tables.iter().find(|r| r.id == rt) {
            node_deps.extend(v.routes.iter().map(|r| r.id.clone()));
        }
    }
    node_deps.extend(endpoints.iter().map(|e| e.id.clone()));
    let mut seen = BTreeSet::new();
    node_deps.retain(|d| seen.insert(d.clone()));
    node_deps
}

/// The cluster; `nat_eips` are the NAT gateways' EIP logical IDs.
pub(super) fn cluster(
    t: &Topology,
    names: &Names,
    nat_eips: &[String],
    node_deps: Vec<String>,
) -> ClusterV {
    let c = &t.cluster;
    ClusterV {
        name: c.name.clone(),
        kubernetes_version: t.kubernetes_version.clone(),
        kubernetes_versions: versions::supported()
            .map(|r| r.version.to_string())
            .collect(),
        role: res(t, "ClusterRole"),
        subnets: c.subnets.iter().map(|s| names.subnet(s)).collect(),
        public_access: c.endpoint_public_access,
        private_access: c.endpoint_private_access,
        public_access_cidrs: c
            .public_access_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect(),
        nat_eips: if c.allow_nat_addresses {
            nat_eips.to_vec()
        } else {
            vec![]
        },
        service_ipv4_cidr: c.service_ipv4_cidr.to_string(),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        kms_key: c.secrets_encryption.then(|| res(t, "SecretsEncryptionKey")),
        tags: tags(t, &BTreeMap::new()),
        skips: checkov::skips(t, FORMAT, On::Cluster),
        admins: admins(t),
        node_group: node_group(t, names, node_deps),
    }
}

/// An access entry per admin principal.
fn admins(t: &Topology) -> Vec<AdminV> {
    t.cluster
        .admin_principal_arns
        .iter()
        .enumerate()
        .map(|(i, arn)| AdminV {
            id: format!("AdminAccessEntry{}", i + 1),
            principal_arn: arn.clone(),
        })
        .collect()
}

fn node_group(t: &Topology, names: &Names, depends_on: Vec<String>) -> NodeGroupV {
    let g = &t.node_group;
    NodeGroupV {
        name: g.name.clone(),
        role: res(t, "NodeInstanceRole"),
        subnets: g.subnets.iter().map(|s| names.subnet(s)).collect(),
        instance_types: g.instance_types.join(","),
        ami_type: g.ami_type,
        ami_types: ami::AL2023_AMI_TYPES,
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        tags: tags(t, &BTreeMap::new()),
        depends_on,
    }
}
