//! The Terraform view model, shaped like terraform-aws-modules: `this` for
//! singletons, the tier for per-tier resources (`aws_subnet.public`), and
//! `for_each` keyed by availability zone so that addresses stay stable when
//! an AZ is added. Map keys and `for_each` keys are computed here; the
//! templates lay out `terraform fmt`-canonical HCL (the widths that align
//! `=` come from here too, since key lengths vary). `network.rs` builds the
//! VPC's resources, `cluster.rs` the cluster and node group.
//!
//! Laid out as terraform-aws-modules' examples are: every resource is in a
//! module (`terraform/modules/eksnet/`) that configures no provider, so a
//! caller can use `count`, `for_each` and `depends_on` and its provider's
//! `default_tags` and assume-role; `terraform/` is a thin root that
//! configures the provider, calls the module and passes on its variables and
//! outputs.

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

/// The module's name in the root module: its resources' addresses start
/// with `module.eksnet.`.
pub const MODULE: &str = "eksnet";
/// The file that holds the network.
pub const MAIN: &str = "terraform/modules/eksnet/main.tf";
/// Where the network was before the module: an output directory an earlier
/// eksnet wrote holds it here.
pub const ROOT_MAIN: &str = "terraform/main.tf";
/// What an eksnet from before the module wrote into the root module and
/// nothing writes now (the other root files keep their names).
pub const LEGACY_FILES: &[&str] = &["terraform/eks.tf"];
/// The module's files, each with the template that lays it out.
const MODULE_FILES: &[(&str, &str)] = &[
    (
        "terraform/modules/eksnet/versions.tf",
        templates::TERRAFORM_VERSIONS,
    ),
    (
        "terraform/modules/eksnet/variables.tf",
        templates::TERRAFORM_VARIABLES,
    ),
    (MAIN, templates::TERRAFORM_MAIN),
    ("terraform/modules/eksnet/eks.tf", templates::TERRAFORM_EKS),
    (
        "terraform/modules/eksnet/outputs.tf",
        templates::TERRAFORM_OUTPUTS,
    ),
];
/// The root module's files; `moved.tf` is laid out from the module's.
const ROOT_FILES: &[(&str, &str)] = &[
    ("terraform/versions.tf", templates::TERRAFORM_VERSIONS),
    ("terraform/variables.tf", templates::TERRAFORM_VARIABLES),
    (ROOT_MAIN, templates::TERRAFORM_ROOT),
    ("terraform/outputs.tf", templates::TERRAFORM_OUTPUTS),
];
const MOVED: (&str, &str) = ("terraform/moved.tf", templates::TERRAFORM_MOVED);
/// The files written, each with the template that lays it out.
pub const FILES: &[(&str, &str)] = &[
    ROOT_FILES[0],
    ROOT_FILES[1],
    ROOT_FILES[2],
    ROOT_FILES[3],
    MOVED,
    MODULE_FILES[0],
    MODULE_FILES[1],
    MODULE_FILES[2],
    MODULE_FILES[3],
    MODULE_FILES[4],
];
const FORMAT: Format = Format::Terraform;

#[derive(Serialize)]
struct View {
    name: String,
    region: String,
    vpc_cidr: String,
    /// An Amazon-provided IPv6 /56 (`assign_generated_ipv6_cidr_block`).
    vpc_ipv6: bool,
    enable_dns_support: bool,
    enable_dns_hostnames: bool,
    /// checkov suppressions, by the resource that carries them.
    vpc_skips: Vec<Skip>,
    public_subnet_skips: Vec<Skip>,
    flow_log_group_skips: Vec<Skip>,
    tags: Vec<Tag>,
    tags_width: usize,
    internet_gateway: bool,
    egress_only_internet_gateway: bool,
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
    /// The flow-log role's `name_prefix`.
    flow_logs_role_prefix: String,
    cluster: Option<cluster::ClusterV>,
}

/// The view as one module of the layout sees it: the root module or the
/// module it calls (`module`).
#[derive(Serialize)]
struct Placed<'a> {
    #[serde(flatten)]
    view: &'a View,
    root: bool,
    module: &'static str,
}

/// The root module's `moved.tf`: each resource the module declares, as
/// (type, name).
#[derive(Serialize)]
struct MovedV {
    module: &'static str,
    moved: Vec<(String, String)>,
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
pub const CLUSTER_FILES: &[&str] = &[
    "terraform/variables.tf",
    "terraform/modules/eksnet/variables.tf",
    "terraform/modules/eksnet/eks.tf",
];

/// The longest `name_prefix` of an IAM role the AWS provider accepts: a role
/// name is at most 64 characters, and the provider appends a unique suffix
/// of 26.
const ROLE_NAME_PREFIX_MAX: usize = 64 - 26;

/// `<name>-<role>-`, the name cut so that the whole fits
/// [`ROLE_NAME_PREFIX_MAX`]: the prefix is a label for people, Terraform
/// keeps the role by its address.
fn role_name_prefix(name: &str, role: &str) -> String {
    let keep = ROLE_NAME_PREFIX_MAX - role.len() - 2;
    let name: String = name.chars().take(keep).collect();
    format!("{name}-{role}-")
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    let view = view(t, opts);
    let wanted = |files: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        files
            .iter()
            .copied()
            .filter(|(path, _)| !(opts.network_only && CLUSTER_FILES.contains(path)))
            .collect()
    };
    let placed = |root| Placed {
        view: &view,
        root,
        module: MODULE,
    };
    let module = lay_out_files(FORMAT, &wanted(MODULE_FILES), &placed(false))?;
    let mut files = lay_out_files(FORMAT, &wanted(ROOT_FILES), &placed(true))?;
    let moved = MovedV {
        module: MODULE,
        moved: module.iter().flat_map(|f| declared(&f.contents)).collect(),
    };
    files.extend(lay_out_files(FORMAT, &[MOVED], &moved)?);
    files.extend(module);
    Ok(files)
}

/// The resources a file of the module declares, as (type, name): the lines
/// `resource "TYPE" "NAME" {` the templates lay out.
fn declared(hcl: &str) -> Vec<(String, String)> {
    hcl.lines()
        .filter_map(|l| l.strip_prefix("resource \"")?.strip_suffix("\" {"))
        .filter_map(|l| l.split_once("\" \""))
        .map(|(ty, name)| (ty.to_string(), name.to_string()))
        .collect()
}

fn view(t: &Topology, opts: &RenderOptions) -> View {
    let user_tags = merged(t, &BTreeMap::new());
    View {
        name: t.name.clone(),
        region: t.region.clone(),
        vpc_cidr: t.vpc.cidr.to_string(),
        vpc_ipv6: t.vpc.amazon_ipv6,
        enable_dns_support: t.vpc.enable_dns_support,
        enable_dns_hostnames: t.vpc.enable_dns_hostnames,
        vpc_skips: checkov::skips(t, FORMAT, On::Vpc),
        public_subnet_skips: checkov::skips(t, FORMAT, On::PublicSubnets),
        flow_log_group_skips: checkov::skips(t, FORMAT, On::FlowLogGroup),
        tags_width: hcl_key_width(user_tags.keys().map(String::as_str)),
        tags: tag_list(&user_tags),
        internet_gateway: t.internet_gateway.is_some(),
        egress_only_internet_gateway: t.egress_only_internet_gateway.is_some(),
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
        flow_logs_role_prefix: role_name_prefix(&t.name, "flow-logs"),
        cluster: (!opts.network_only).then(|| cluster::cluster(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::{declared, role_name_prefix, ROLE_NAME_PREFIX_MAX};

    #[test]
    fn role_name_prefixes_fit_the_provider() {
        assert_eq!(role_name_prefix("demo", "cluster"), "demo-cluster-");
        let long = role_name_prefix(&"c".repeat(100), "flow-logs");
        assert_eq!(long.len(), ROLE_NAME_PREFIX_MAX);
        assert!(long.ends_with("c-flow-logs-"), "{long}");
    }

    #[test]
    fn declared_resources_are_read_from_their_blocks() {
        let hcl = "data \"aws_partition\" \"current\" {}\n\nresource \"aws_vpc\" \"this\" {\n  # resource \"x\" \"y\" {\n}\n";
        assert_eq!(declared(hcl), [("aws_vpc".to_string(), "this".to_string())]);
    }
}
