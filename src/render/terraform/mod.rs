//! The Terraform view model, shaped like terraform-aws-modules: `this` for
//! singletons, the tier for per-tier resources (`aws_subnet.public`), and
//! `for_each` keyed by availability zone so that addresses stay stable when
//! an AZ is added. Map keys and `for_each` keys are computed here; the
//! templates lay out `terraform fmt`-canonical HCL (the widths that align
//! `=` come from here too, since key lengths vary). `network.rs` builds the
//! VPC's resources, `cluster.rs` the cluster and node group.

mod cluster;
mod network;
mod pods;

use super::checkov::{self, On, Skip};
use super::filters::hcl_key_width;
use super::{
    lay_out_files, merged, tag_list, templates, Format, OutputFile, RenderError, RenderOptions, Tag,
};
use crate::topology::{EndpointKind, Tier, Topology};
use serde::Serialize;
use std::collections::BTreeMap;

/// The file that holds the network.
pub const MAIN: &str = "terraform/main.tf";
/// The files written, each with the template that lays it out.
pub const FILES: &[(&str, &str)] = &[
    ("terraform/versions.tf", templates::TERRAFORM_VERSIONS),
    ("terraform/variables.tf", templates::TERRAFORM_VARIABLES),
    (MAIN, templates::TERRAFORM_MAIN),
    ("terraform/eks.tf", templates::TERRAFORM_EKS),
    ("terraform/outputs.tf", templates::TERRAFORM_OUTPUTS),
];
const FORMAT: Format = Format::Terraform;

#[derive(Serialize)]
struct View {
    name: String,
    region: String,
    vpc_cidr: String,
    enable_dns_support: bool,
    enable_dns_hostnames: bool,
    /// checkov suppressions, by the resource that carries them.
    vpc_skips: Vec<Skip>,
    public_subnet_skips: Vec<Skip>,
    flow_log_group_skips: Vec<Skip>,
    tags: Vec<Tag>,
    tags_width: usize,
    internet_gateway: bool,
    public_subnets: Vec<network::SubnetV>,
    private_subnets: Vec<network::SubnetV>,
    /// The secondary CIDR, pod subnets and prefix reservations.
    pod_network: Option<pods::PodNetworkV>,
    /// The AZs are AZ IDs (`availability_zone_id`), not names.
    az_ids: bool,
    az_width: usize,
    public_route_table: Option<network::RouteTableV>,
    private_route_tables: Vec<network::RouteTableV>,
    nat_gateways: Vec<network::NatV>,
    transit_gateway: Option<network::TgwV>,
    endpoint_ingress_cidrs: Vec<String>,
    interface_endpoints: Vec<network::EndpointV>,
    gateway_endpoints: Vec<network::EndpointV>,
    flow_logs: bool,
    /// `data.aws_caller_identity` is read: by the flow-log role's trust
    /// policy and the secrets key's policy.
    caller_identity: bool,
    /// The secrets key and its alias: with the network too (with
    /// `--network-only`), so a cluster created another way can use it.
    secrets_key: Option<SecretsKeyV>,
    cluster: Option<cluster::ClusterV>,
}

#[derive(Serialize)]
struct SecretsKeyV {
    alias: String,
}

/// A reference to a resource: `aws_subnet.private["us-west-2a"]`.
#[derive(Serialize, Clone)]
struct Ref {
    name: &'static str,
    key: Option<String>,
}

fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Public => "public",
        Tier::Private => "private",
        Tier::Pod => "pod",
    }
}

/// The subnet with model id `id`, keyed by its AZ.
fn subnet_ref(t: &Topology, id: &str) -> Ref {
    let s = t.subnet(id).expect("ids refer to subnets of the topology");
    Ref {
        name: tier_name(s.tier),
        key: Some(s.az.clone()),
    }
}

/// The route table with model id `id`: the public one is shared (a
/// singleton, no key); private ones are per AZ.
fn route_table_ref(t: &Topology, id: &str) -> Ref {
    let rt = t
        .route_table(id)
        .expect("subnets use route tables of the topology");
    Ref {
        name: tier_name(rt.tier),
        key: rt.az.clone(),
    }
}

/// The files only a cluster has: with `--network-only` they would be empty,
/// so they are not written.
pub const CLUSTER_FILES: &[&str] = &["terraform/variables.tf", "terraform/eks.tf"];

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    let view = view(t, opts);
    let files: Vec<(&str, &str)> = FILES
        .iter()
        .copied()
        .filter(|(path, _)| !(opts.network_only && CLUSTER_FILES.contains(path)))
        .collect();
    lay_out_files(FORMAT, &files, &view)
}

fn view(t: &Topology, opts: &RenderOptions) -> View {
    let user_tags = merged(t, &BTreeMap::new());
    View {
        name: t.name.clone(),
        region: t.region.clone(),
        vpc_cidr: t.vpc.cidr.to_string(),
        enable_dns_support: t.vpc.enable_dns_support,
        enable_dns_hostnames: t.vpc.enable_dns_hostnames,
        vpc_skips: checkov::skips(t, FORMAT, On::Vpc),
        public_subnet_skips: checkov::skips(t, FORMAT, On::PublicSubnets),
        flow_log_group_skips: checkov::skips(t, FORMAT, On::FlowLogGroup),
        tags_width: hcl_key_width(user_tags.keys().map(String::as_str)),
        tags: tag_list(&user_tags),
        internet_gateway: t.internet_gateway.is_some(),
        public_subnets: network::subnets(t, Tier::Public),
        private_subnets: network::subnets(t, Tier::Private),
        pod_network: pods::pod_network(t),
        az_ids: t.availability_zones.iter().any(|a| a.is_id),
        az_width: hcl_key_width(t.availability_zones.iter().map(|a| a.name.as_str())),
        public_route_table: network::route_tables(t, Tier::Public).next(),
        private_route_tables: network::route_tables(t, Tier::Private).collect(),
        nat_gateways: network::nat_gateways(t),
        transit_gateway: network::transit_gateway(t),
        endpoint_ingress_cidrs: t
            .endpoint_ingress_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect(),
        interface_endpoints: network::endpoints(t, EndpointKind::Interface),
        gateway_endpoints: network::endpoints(t, EndpointKind::Gateway),
        flow_logs: t.flow_logs,
        caller_identity: t.flow_logs || t.cluster.secrets_encryption,
        secrets_key: t.cluster.secrets_encryption.then(|| SecretsKeyV {
            alias: crate::render::secrets_key_alias(t),
        }),
        cluster: (!opts.network_only).then(|| cluster::cluster(t)),
    }
}
