//! The eksctl view model: an `eksctl.io/v1alpha5` ClusterConfig for the
//! same cluster.
//!
//! eksctl builds a VPC only with its own carving and creates PrivateLink
//! endpoints only in a private cluster, for a fixed set of services. So the
//! config lets eksctl create the VPC only when the plan is exactly what
//! eksctl would build; otherwise it describes the VPC that the
//! CloudFormation or Terraform output creates (`vpc.id`, `vpc.subnets`),
//! with IDs from `--ids-from` or clearly marked placeholders. It never lets
//! eksctl build a different network from the model's. `compat.rs` decides
//! whether eksctl may create the VPC, `existing.rs` describes it otherwise.

mod compat;
mod existing;

pub use compat::{eksctl_blockers, eksctl_creates_vpc, eksctl_layout};

use super::outputs::{NAT_PUBLIC_IPS, POD_SUBNET_IDS, SECRETS_KMS_KEY_ARN};
use super::{
    lay_out_files, tag_list, templates, Format, Ids, OutputFile, RenderError, RenderOptions, Tag,
};
use crate::spec::{Architecture, IpFamily, NatMode};
use crate::topology::{EndpointKind, Tier, Topology};
use existing::ExistingV;
use serde::Serialize;

pub const PATH: &str = "eksctl/cluster.yaml";
/// The file written, with the template that lays it out.
pub const FILES: &[(&str, &str)] = &[(PATH, templates::EKSCTL_CLUSTER)];

/// The endpoints eksctl creates in every private cluster.
pub const EKSCTL_REQUIRED_ENDPOINTS: &[&str] = &["ec2", "ecr.api", "ecr.dkr", "s3", "sts"];
/// What `privateCluster.additionalEndpointServices` accepts.
pub const EKSCTL_ADDITIONAL_ENDPOINTS: &[&str] = &["autoscaling", "cloudformation", "logs"];
/// The oldest eksctl release that reads every field this config may hold
/// (`vpc.controlPlaneSubnetIDs` came in 0.164.0). eksctl parses configs
/// strictly, so a field newer than the user's eksctl fails the whole file.
pub const EKSCTL_MIN_VERSION: &str = "0.164.0";
/// The eksctl release whose ClusterConfig schema the outputs are checked against.
pub const EKSCTL_CHECKED_VERSION: &str = crate::aws::versions::EKSCTL_RELEASE;

#[derive(Serialize)]
struct View {
    name: String,
    region: String,
    version: String,
    tags: Vec<Tag>,
    /// eksctl creates the VPC (else `existing` describes it).
    create: Option<CreateV>,
    existing: Option<ExistingV>,
    placeholders: bool,
    min_version: &'static str,
    checked_version: &'static str,
    /// Existing VPC: the subnets the control plane's network interfaces go
    /// in, when not all of the listed ones (eksctl otherwise uses them all).
    control_plane_subnet_ids: Vec<String>,
    /// eksctl builds the VPC and gives the control plane its public subnets
    /// too, which no released eksctl can prevent: said in a comment.
    control_plane_in_public_subnets: bool,
    cluster_endpoints: Option<EndpointsV>,
    public_access_cidrs: Vec<String>,
    private_cluster: Option<PrivateClusterV>,
    /// None in an IPv6 cluster (`ipFamily: IPv6`).
    service_ipv4_cidr: Option<String>,
    /// `ipFamily: IPv6`, with `iam.withOIDC` that eksctl releases before
    /// 0.230.0 require with it.
    ipv6: bool,
    admins: Vec<String>,
    creator_admin: bool,
    admin_policy_arn: String,
    secrets_key_arn: Option<String>,
    logging: Vec<String>,
    /// The EKS managed add-ons, in the topology's order.
    addons: Vec<AddonV>,
    node_group: NodeGroupV,
}

#[derive(Serialize)]
struct AddonV {
    name: String,
    /// Its `configurationValues` (JSON), when it has any: the VPC CNI's.
    configuration: Option<String>,
}

#[derive(Serialize)]
struct CreateV {
    azs: Vec<String>,
    cidr: String,
    nat: Option<&'static str>,
}

#[derive(Serialize)]
struct EndpointsV {
    public_access: bool,
    private_access: bool,
}

#[derive(Serialize)]
struct PrivateClusterV {
    additional: Vec<String>,
    skip_endpoint_creation: bool,
}

#[derive(Serialize)]
struct NodeGroupV {
    name: String,
    instance_types: Vec<String>,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    private_networking: bool,
    subnets: Vec<String>,
    /// The topology's `NodeLaunch`, written out though they are eksctl's
    /// defaults, so the three formats visibly agree.
    volume_gib: u32,
    volume_type: &'static str,
    disable_imds_v1: bool,
    /// eksctl's only say on the hop limit: 1 with `disablePodIMDS`, else 2.
    disable_pod_imds: bool,
    /// `iam.withAddonPolicies` keys for the node role's add-on policies.
    addon_policies: Vec<&'static str>,
    /// `iam.attachPolicy`: the VPC CNI's IPv6 permissions.
    cni_ipv6: Option<CniIpv6V>,
}

/// The VPC CNI's IPv6 permissions (`aws::ipv6`), as the node role's own policy.
#[derive(Serialize)]
struct CniIpv6V {
    actions: &'static [&'static str],
    tag_action: &'static str,
    tag_resource: String,
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    if opts.network_only {
        return Err(RenderError::NetworkOnlyEksctl);
    }
    let view = view(t, opts.ids.as_ref());
    lay_out_files(Format::Eksctl, FILES, &view)
}

pub fn notes(t: &Topology, opts: &RenderOptions) -> Vec<String> {
    let mut out = Vec::new();
    let blockers = eksctl_blockers(t);
    if blockers.is_empty() {
        out.push(
            "eksctl: eksctl creates the VPC itself (the plan is exactly eksctl's layout)".into(),
        );
        if t.subnets_of(Tier::Public)
            .any(|s| !t.cluster.subnets.contains(&s.id))
        {
            out.push("eksctl: released eksctl also gives the control plane the public subnets it creates (said in eksctl/cluster.yaml); nodes reach the API endpoint as in the other formats".into());
        }
        if opts.ids.is_some() {
            out.push(
                "eksctl: eksctl creates the VPC, so --ids-from gave no subnet or VPC IDs (only the secrets key's ARN, if the outputs hold one)"
                    .into(),
            );
        }
    } else {
        out.push(format!(
            "eksctl: the config uses the VPC that the CloudFormation or Terraform output creates, because {}",
            blockers.join("; ")
        ));
        if opts.ids.is_none() {
            out.push("eksctl: eksctl/cluster.yaml holds <placeholder> IDs: deploy the network (`eksnet generate --network-only`), then rerun with `--ids-from FILE`, FILE being the JSON of `aws cloudformation describe-stacks --stack-name NAME` or of `terraform output -json`".into());
        }
    }
    if t.architecture == Some(Architecture::FullyPrivate) && t.region == "eu-south-1" {
        out.push(
            "eksctl: eksctl's guide says it does not support fully-private clusters in eu-south-1"
                .into(),
        );
    }
    let key_from_ids = opts
        .ids
        .as_ref()
        .is_some_and(|i| i.secrets_kms_key_arn.is_some());
    if t.cluster.secrets_encryption && !key_from_ids {
        out.push(format!(
            "eksctl: secretsEncryption.keyARN is a <placeholder>: the network's outputs hold the key's ARN ({}); pass them with `--ids-from FILE`, or put the ARN of another KMS key there",
            SECRETS_KMS_KEY_ARN.cloudformation
        ));
    }
    out
}

fn placeholder(what: &str) -> String {
    format!("<{what}>")
}

fn view(t: &Topology, ids: Option<&Ids>) -> View {
    let creates = eksctl_creates_vpc(t);
    let c = &t.cluster;
    let fully_private = t.architecture == Some(Architecture::FullyPrivate);
    let existing = (!creates).then(|| existing::existing_vpc(t, ids));
    let control_plane_subnet_ids = existing
        .as_ref()
        .map(|e| existing::control_plane_subnet_ids(t, e))
        .unwrap_or_default();
    View {
        name: t.name.clone(),
        region: t.region.clone(),
        version: t.kubernetes_version.clone(),
        tags: tag_list(&t.tags),
        create: creates.then(|| create_vpc(t)),
        placeholders: existing.is_some() && ids.is_none(),
        min_version: EKSCTL_MIN_VERSION,
        checked_version: EKSCTL_CHECKED_VERSION,
        control_plane_subnet_ids,
        control_plane_in_public_subnets: creates
            && t.subnets_of(Tier::Public)
                .any(|s| !c.subnets.contains(&s.id)),
        existing,
        // eksctl rejects clusterEndpoints in a private cluster (it is
        // private-only by definition there).
        cluster_endpoints: (!fully_private).then_some(EndpointsV {
            public_access: c.endpoint_public_access,
            private_access: c.endpoint_private_access,
        }),
        public_access_cidrs: public_access_cidrs(t, ids),
        private_cluster: fully_private.then(|| private_cluster(t, creates)),
        service_ipv4_cidr: c.service_ipv4_cidr.map(|s| s.to_string()),
        ipv6: t.ip_family == IpFamily::Ipv6,
        admins: c.admin_principal_arns.clone(),
        creator_admin: c.creator_admin,
        admin_policy_arn: format!(
            "arn:{}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            t.partition
        ),
        secrets_key_arn: c.secrets_encryption.then(|| secrets_key_arn(ids)),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        addons: t
            .managed_addons
            .iter()
            .map(|a| AddonV {
                name: a.name.clone(),
                configuration: (a.name == crate::aws::addons::VPC_CNI)
                    .then(|| vpc_cni_configuration(t, ids))
                    .flatten(),
            })
            .collect(),
        node_group: node_group(t, creates),
    }
}

/// The VPC CNI add-on's configuration values: each pod subnet's ID from
/// `--ids-from`, or a placeholder naming the stack output to copy it from.
/// The ENIConfigs name no security group: eksctl creates the cluster
/// security group, and without one the VPC CNI gives the pods' network
/// interfaces the node's primary interface's groups (that same group).
fn vpc_cni_configuration(t: &Topology, ids: Option<&Ids>) -> Option<String> {
    let config = t.vpc_cni_config()?;
    let pods: Vec<&str> = t.subnets_of(Tier::Pod).map(|s| s.id.as_str()).collect();
    let subnet = |id: &str| {
        let i = pods.iter().position(|p| *p == id).unwrap_or(0);
        ids.and_then(|x| x.pod_subnet_ids.get(i).cloned())
            .unwrap_or_else(|| placeholder(&format!("{}[{i}]", POD_SUBNET_IDS.cloudformation)))
    };
    Some(config.json(&subnet, &[]))
}

/// The secrets key's ARN from `--ids-from`, or a placeholder naming the
/// stack output to copy it from.
fn secrets_key_arn(ids: Option<&Ids>) -> String {
    ids.and_then(|i| i.secrets_kms_key_arn.clone())
        .unwrap_or_else(|| placeholder(SECRETS_KMS_KEY_ARN.cloudformation))
}

/// The VPC eksctl creates: its AZs, CIDR and NAT (none in a fully private
/// cluster).
fn create_vpc(t: &Topology) -> CreateV {
    let fully_private = t.architecture == Some(Architecture::FullyPrivate);
    CreateV {
        azs: t
            .availability_zones
            .iter()
            .map(|a| a.name.clone())
            .collect(),
        cidr: t.vpc.cidr.to_string(),
        nat: (!fully_private).then_some(match t.nat_mode {
            NatMode::None => "Disable",
            NatMode::Single => "Single",
            NatMode::PerAz => "HighlyAvailable",
        }),
    }
}

/// The spec's CIDRs, then each NAT gateway's address (from `--ids-from`, or
/// a placeholder) when the spec admits them.
fn public_access_cidrs(t: &Topology, ids: Option<&Ids>) -> Vec<String> {
    let c = &t.cluster;
    let mut cidrs: Vec<String> = c
        .public_access_cidrs
        .iter()
        .map(|x| x.to_string())
        .chain(c.public_access_ipv6_cidrs.iter().map(|x| x.to_string()))
        .collect();
    if c.allow_nat_addresses {
        for (i, _) in t.nat_gateways.iter().enumerate() {
            let ip = ids
                .and_then(|x| x.nat_public_ips.get(i).cloned())
                .unwrap_or_else(|| placeholder(&format!("{}[{i}]", NAT_PUBLIC_IPS.cloudformation)));
            cidrs.push(format!("{ip}/32"));
        }
    }
    cidrs
}

fn private_cluster(t: &Topology, creates: bool) -> PrivateClusterV {
    let additional: Vec<String> = t
        .endpoints
        .iter()
        .filter(|e| e.kind == EndpointKind::Interface)
        .map(|e| e.service.clone())
        .filter(|s| EKSCTL_ADDITIONAL_ENDPOINTS.contains(&s.as_str()))
        .collect();
    PrivateClusterV {
        additional: if creates { additional } else { vec![] },
        // The CloudFormation or Terraform output creates the endpoints.
        skip_endpoint_creation: !creates,
    }
}

/// The node group; in an existing VPC it names its subnets by their keys
/// in `vpc.subnets`.
fn node_group(t: &Topology, creates: bool) -> NodeGroupV {
    let g = &t.node_group;
    let l = t
        .node_launch()
        .expect("a planned node group has launch settings");
    NodeGroupV {
        name: g.name.clone(),
        instance_types: g.instance_types.clone(),
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        private_networking: g.private_networking,
        subnets: if creates {
            vec![]
        } else {
            g.subnets
                .iter()
                .map(|s| existing::subnet_key(t, s))
                .collect()
        },
        volume_gib: l.root_volume_gib,
        volume_type: l.root_volume_type,
        disable_imds_v1: l.imds_v2_required,
        disable_pod_imds: match l.imds_hop_limit {
            1 => true,
            2 => false,
            other => unreachable!("eksctl sets a hop limit of 1 or 2, not {other}"),
        },
        addon_policies: g
            .policies
            .iter()
            .filter_map(|p| eksctl_addon_policy(p))
            .collect(),
        cni_ipv6: g.cni_ipv6_policy.then(|| CniIpv6V {
            actions: crate::aws::ipv6::CNI_IPV6_ACTIONS,
            tag_action: crate::aws::ipv6::CNI_IPV6_TAG_ACTION,
            tag_resource: format!("arn:{}:ec2:*:*:network-interface/*", t.partition),
        }),
    }
}

/// How eksctl gives the node role an AWS managed policy: the
/// `iam.withAddonPolicies` key that attaches it, or `None` for the policies
/// every eksctl node role has (with AmazonSSMManagedInstanceCore, and
/// AmazonEC2ContainerRegistryReadOnly in place of the pull-only policy).
fn eksctl_addon_policy(policy: &str) -> Option<&'static str> {
    match policy {
        "CloudWatchAgentServerPolicy" => Some("cloudWatch"),
        "AmazonEKSWorkerNodePolicy"
        | "AmazonEC2ContainerRegistryPullOnly"
        | "AmazonEKS_CNI_Policy"
        | "AmazonSSMManagedInstanceCore" => None,
        other => unreachable!("no eksctl setting attaches {other}: add one"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_add_on_policy_has_an_eksctl_setting() {
        for p in crate::aws::addons::PROFILES {
            for policy in p.node_policies {
                // Panics for a policy eksctl would not attach.
                let _ = super::eksctl_addon_policy(policy);
            }
        }
        assert_eq!(
            super::eksctl_addon_policy("CloudWatchAgentServerPolicy"),
            Some("cloudWatch")
        );
    }
}
