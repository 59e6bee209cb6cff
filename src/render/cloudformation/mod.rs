//! The CloudFormation view model: one stack, named as eksctl's builder names
//! things (`SubnetPublicUSWEST2A`, `NATGatewayUSWEST2A`, `VPCEndpointS3`),
//! so people who read eksctl stacks recognise every resource. Where eksctl's
//! name would change with an everyday edit of the spec, the ID lasts
//! instead, so regenerating never replaces what is live (see README,
//! "Changing a deployed network").
//!
//! Logical IDs are derived here from the model's stable ids; the template in
//! `blueprints/cloudformation/` only lays the resources out. `network.rs`
//! builds the VPC and what it holds, `cluster.rs` the cluster, its IAM and
//! the node group.

mod cluster;
mod network;
mod pods;

use super::{
    lay_out_files, merged, tag_list, templates, upper_alnum, Format, OutputFile, RenderError,
    RenderOptions, Tag,
};
use crate::topology::{Tier, Topology};
use serde::Serialize;
use std::collections::BTreeMap;

pub const PATH: &str = "cloudformation/template.yaml";
/// The largest template CloudFormation takes inline (`TemplateBody`); a
/// larger one must come from S3 (`aws cloudformation deploy --s3-bucket`).
pub const INLINE_MAX_BYTES: usize = 51_200;

/// A CloudFormation stack name for the cluster: stack names take letters,
/// digits and hyphens and start with a letter, cluster names may also hold
/// underscores and start with a digit.
pub fn stack_name(cluster: &str) -> String {
    let mut s: String = cluster
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "eks-");
    }
    s
}

/// A note when the template is too large to deploy inline, with the command
/// that deploys it anyway (the one the generated README gives, plus the
/// bucket), run in the output directory. The stack name is letters, digits
/// and hyphens, the region a planned one: both are one shell word as they are.
pub fn size_note(t: &Topology, files: &[super::OutputFile]) -> Option<String> {
    let f = files
        .iter()
        .find(|f| f.path.as_path() == std::path::Path::new(PATH))?;
    let bytes = f.contents.len();
    (bytes > INLINE_MAX_BYTES).then(|| {
        format!(
            "cloudformation: {PATH} is {bytes} bytes, over the {INLINE_MAX_BYTES} CloudFormation takes inline: in the output directory, deploy it with `aws cloudformation deploy --template-file {PATH} --stack-name {} --capabilities CAPABILITY_IAM --region {} --s3-bucket BUCKET` (the CLI uploads it to BUCKET first), or fewer tags make it smaller",
            stack_name(&t.name),
            t.region
        )
    })
}

/// The file written, with the template that lays it out.
pub const FILES: &[(&str, &str)] = &[(PATH, templates::CLOUDFORMATION_TEMPLATE)];
const FORMAT: Format = Format::CloudFormation;

#[derive(Serialize)]
struct View {
    description: String,
    /// Subnets name their zones (not AZ IDs): cfn-lint's W3010 is told why
    /// they are values.
    zone_names: bool,
    vpc: network::VpcV,
    internet_gateway: Option<Res>,
    egress_only_internet_gateway: Option<Res>,
    subnets: Vec<network::SubnetV>,
    /// The secondary CIDR block and the prefix reservations.
    pod_network: Option<pods::PodNetworkV>,
    route_tables: Vec<network::RouteTableV>,
    nat_gateways: Vec<network::NatV>,
    transit_gateway: Option<network::TgwV>,
    endpoint_sg: Option<network::EndpointSgV>,
    endpoints: Vec<network::EndpointV>,
    flow_log: Option<network::FlowLogV>,
    /// The KMS key for Kubernetes secrets: with the network too (with
    /// `--network-only`), so a cluster created another way can use it.
    secrets_key: Option<SecretsKeyV>,
    cluster: Option<cluster::ClusterV>,
    outputs: OutputsV,
}

/// The secrets key and its alias.
#[derive(Serialize)]
struct SecretsKeyV {
    res: Res,
    alias: String,
}

/// A logical ID with the tags its resource carries (besides `Name`).
#[derive(Serialize)]
struct Res {
    id: String,
    tags: Vec<Tag>,
}

/// The logical IDs the stack outputs join or export.
#[derive(Serialize)]
struct OutputsV {
    subnets: Vec<String>,
    public_subnets: Vec<String>,
    private_subnets: Vec<String>,
    pod_subnets: Vec<String>,
    /// Each subnet on its own, exported (`output.*_subnets_by_az`).
    public_by_az: Vec<ByAzV>,
    private_by_az: Vec<ByAzV>,
    private_route_tables: Vec<String>,
    nat_eips: Vec<String>,
}

/// A per-AZ output: its key suffix, the AZ in its export name, and the
/// logical ID of its resource.
#[derive(Serialize)]
struct ByAzV {
    suffix: String,
    description: String,
    az: String,
    id: String,
}

fn tier_word(t: Tier) -> &'static str {
    match t {
        Tier::Public => "Public",
        Tier::Private => "Private",
        Tier::Pod => "Pod",
    }
}

pub fn subnet_id(tier: Tier, az: &str) -> String {
    format!("Subnet{}{}", tier_word(tier), upper_alnum(az))
}

pub fn endpoint_id(service: &str) -> String {
    format!("VPCEndpoint{}", upper_alnum(service))
}

/// The logical IDs of the model's resources, looked up by model id.
struct Names<'a> {
    t: &'a Topology,
}

impl Names<'_> {
    fn subnet(&self, id: &str) -> String {
        let s = self
            .t
            .subnet(id)
            .expect("ids refer to subnets of the topology");
        subnet_id(s.tier, &s.az)
    }

    fn route_table(&self, id: &str) -> String {
        let rt = self
            .t
            .route_table(id)
            .expect("subnets use route tables of the topology");
        format!(
            "{}RouteTable{}",
            tier_word(rt.tier),
            rt.az.as_deref().map(upper_alnum).unwrap_or_default()
        )
    }

    /// The association of the subnet of `tier` in `az` with its route table.
    fn association(tier: Tier, az: &str) -> String {
        format!(
            "RouteTableAssociation{}{}",
            tier_word(tier),
            upper_alnum(az)
        )
    }

    /// The Elastic IP and the NAT gateway, named for their AZ in every NAT
    /// mode: the single NAT gateway is the first AZ's, so switching between
    /// `single` and `per-az` keeps it and its address (eksctl names a single
    /// one without the suffix, which would replace both).
    fn nat(&self, id: &str) -> (String, String) {
        let n = self
            .t
            .nat_gateway(id)
            .expect("routes use NAT gateways of the topology");
        let sfx = upper_alnum(&n.az);
        (format!("NATIP{sfx}"), format!("NATGateway{sfx}"))
    }
}

/// The user's tags, then the resource's own.
fn tags(t: &Topology, own: &BTreeMap<String, String>) -> Vec<Tag> {
    tag_list(&merged(t, own))
}

/// A resource with no tags of its own.
fn res(t: &Topology, id: &str) -> Res {
    Res {
        id: id.to_string(),
        tags: tags(t, &BTreeMap::new()),
    }
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    let view = view(t, opts);
    lay_out_files(FORMAT, FILES, &view)
}

fn view(t: &Topology, opts: &RenderOptions) -> View {
    let names = Names { t };
    let route_tables = network::route_tables(t, &names);
    let nat_gateways = network::nat_gateways(t, &names);
    let endpoints = network::endpoints(t, &names);
    let nat_eips: Vec<String> = nat_gateways.iter().map(|n| n.eip.id.clone()).collect();
    let cluster = (!opts.network_only).then(|| cluster::cluster(t, &names, &nat_eips));
    View {
        description: format!(
            "EKS cluster network for {} ({}), generated by eksnet",
            t.name,
            t.architecture_name()
        ),
        zone_names: t.availability_zones.iter().any(|a| !a.is_id),
        vpc: network::vpc(t),
        internet_gateway: t
            .internet_gateway
            .as_ref()
            .map(|_| res(t, "InternetGateway")),
        egress_only_internet_gateway: t
            .egress_only_internet_gateway
            .as_ref()
            .map(|_| res(t, network::EGRESS_ONLY_GATEWAY_ID)),
        subnets: network::subnets(t, &names),
        pod_network: pods::pod_network(t, &names),
        route_tables,
        nat_gateways,
        transit_gateway: network::transit_gateway(t, &names),
        endpoint_sg: network::endpoint_sg(t),
        endpoints,
        flow_log: network::flow_log(t),
        secrets_key: secrets_key(t),
        cluster,
        outputs: outputs(t, &names, nat_eips),
    }
}

/// The logical ID of the secrets key, when the spec encrypts secrets.
const SECRETS_KEY_ID: &str = "SecretsEncryptionKey";

fn secrets_key(t: &Topology) -> Option<SecretsKeyV> {
    t.cluster.secrets_encryption.then(|| SecretsKeyV {
        res: res(t, SECRETS_KEY_ID),
        alias: crate::render::secrets_key_alias(t),
    })
}

fn outputs(t: &Topology, names: &Names, nat_eips: Vec<String>) -> OutputsV {
    let ids_of = |tier: Option<Tier>| -> Vec<String> {
        t.subnets
            .iter()
            .filter(|s| tier.is_none_or(|x| s.tier == x))
            .map(|s| subnet_id(s.tier, &s.az))
            .collect()
    };
    let by_az = |tier: Tier| -> Vec<ByAzV> {
        t.subnets_of(tier)
            .map(|s| ByAzV {
                suffix: upper_alnum(&s.az),
                description: format!("The {} subnet in {}", tier.as_str(), s.az),
                az: s.az.clone(),
                id: subnet_id(s.tier, &s.az),
            })
            .collect()
    };
    let mut private_route_tables: Vec<String> = Vec::new();
    for s in t.subnets_of(Tier::Private) {
        let rt = names.route_table(&s.route_table);
        if !private_route_tables.contains(&rt) {
            private_route_tables.push(rt);
        }
    }
    OutputsV {
        subnets: ids_of(None),
        public_subnets: ids_of(Some(Tier::Public)),
        private_subnets: ids_of(Some(Tier::Private)),
        pod_subnets: ids_of(Some(Tier::Pod)),
        public_by_az: by_az(Tier::Public),
        private_by_az: by_az(Tier::Private),
        private_route_tables,
        nat_eips,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stack_names_are_valid() {
        assert_eq!(super::stack_name("my_cluster"), "my-cluster");
        assert_eq!(super::stack_name("1st"), "eks-1st");
    }
}
