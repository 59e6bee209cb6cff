//! The eksctl view model: an `eksctl.io/v1alpha5` ClusterConfig for the
//! same cluster.
//!
//! eksctl builds a VPC only with its own carving and creates PrivateLink
//! endpoints only in a private cluster, for a fixed set of services. So the
//! config lets eksctl create the VPC only when the plan is exactly what
//! eksctl would build; otherwise it describes the VPC that the
//! CloudFormation or Terraform output creates (`vpc.id`, `vpc.subnets`),
//! with IDs from `--ids-from` or clearly marked placeholders. It never lets
//! eksctl build a different network from the model's.

use super::{lay_out, tag_list, Format, Ids, OutputFile, RenderError, RenderOptions, Tag};
use crate::spec::{Architecture, NatMode};
use crate::topology::{EndpointKind, Layout, Tier, Topology};
use serde::Serialize;
use std::path::PathBuf;

pub const PATH: &str = "eksctl/cluster.yaml";

/// The endpoints eksctl creates in every private cluster.
pub const EKSCTL_REQUIRED_ENDPOINTS: &[&str] = &["ec2", "ecr.api", "ecr.dkr", "s3", "sts"];
/// What `privateCluster.additionalEndpointServices` accepts.
pub const EKSCTL_ADDITIONAL_ENDPOINTS: &[&str] = &["autoscaling", "cloudformation", "logs"];
/// The oldest eksctl release that reads every field this config may hold
/// (`vpc.controlPlaneSubnetIDs` came in 0.164.0). eksctl parses configs
/// strictly, so a field newer than the user's eksctl fails the whole file.
pub const EKSCTL_MIN_VERSION: &str = "0.164.0";
/// The eksctl release whose ClusterConfig schema the outputs are checked against.
pub const EKSCTL_CHECKED_VERSION: &str = "0.230.0";

/// Kept here under its old name; the topology owns it now.
pub use crate::topology::eksctl_layout;

/// Why eksctl cannot create this VPC itself (empty when it can).
pub fn eksctl_blockers(t: &Topology) -> Vec<String> {
    let mut why = Vec::new();
    match t.architecture {
        Some(Architecture::PublicPrivate) | Some(Architecture::FullyPrivate) => {}
        Some(a) => why.push(format!("eksctl does not build a {a} VPC")),
        None => why.push("the VPC exists already".into()),
    }
    if t.availability_zones.iter().any(|a| a.is_id) {
        why.push("eksctl takes availability zone names, not IDs".into());
    }
    if t.layout != Layout::Eksctl {
        why.push("the subnets are not eksctl's carving of the VPC CIDR".into());
    }
    let services: Vec<&str> = t.endpoints.iter().map(|e| e.service.as_str()).collect();
    if t.architecture == Some(Architecture::FullyPrivate) {
        let extra: Vec<&str> = services
            .iter()
            .copied()
            .filter(|s| !EKSCTL_REQUIRED_ENDPOINTS.contains(s))
            .collect();
        let missing = EKSCTL_REQUIRED_ENDPOINTS
            .iter()
            .any(|r| !services.contains(r));
        let unsupported: Vec<&str> = extra
            .iter()
            .copied()
            .filter(|s| !EKSCTL_ADDITIONAL_ENDPOINTS.contains(s))
            .collect();
        if missing {
            why.push(
                "eksctl always creates the ec2, ecr.api, ecr.dkr, s3 and sts endpoints".into(),
            );
        }
        if !unsupported.is_empty() {
            why.push(format!(
                "eksctl cannot create the {} endpoint(s)",
                unsupported.join(", ")
            ));
        }
        if !t.cluster.logging.is_empty() && !services.contains(&"logs") {
            why.push("eksctl adds a logs endpoint when control-plane logging is on".into());
        }
    } else if !services.is_empty() {
        why.push("eksctl creates VPC endpoints only in a fully private cluster".into());
    }
    if t.transit_gateway.is_some() {
        why.push("eksctl does not route to a transit gateway".into());
    }
    if t.flow_logs {
        why.push("eksctl does not create flow logs".into());
    }
    if t.karpenter_discovery {
        why.push("eksctl does not tag its subnets for Karpenter discovery".into());
    }
    if t.cluster.allow_nat_addresses {
        why.push("the NAT gateways' addresses must join the public endpoint's CIDRs".into());
    }
    why
}

/// eksctl creates the VPC itself: the plan is exactly eksctl's.
pub fn eksctl_creates_vpc(t: &Topology) -> bool {
    eksctl_blockers(t).is_empty()
}

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
    service_ipv4_cidr: String,
    admins: Vec<String>,
    admin_policy_arn: String,
    secrets_key_arn: Option<String>,
    logging: Vec<String>,
    node_group: NodeGroupV,
}

#[derive(Serialize)]
struct CreateV {
    azs: Vec<String>,
    cidr: String,
    nat: Option<&'static str>,
}

#[derive(Serialize)]
struct ExistingV {
    vpc_id: String,
    public: Vec<SubnetV>,
    private: Vec<SubnetV>,
}

#[derive(Serialize)]
struct SubnetV {
    key: String,
    id: String,
    az: Option<String>,
    cidr: String,
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
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    if opts.network_only {
        return Err(RenderError::NetworkOnlyEksctl);
    }
    let view = view(t, opts.ids.as_ref());
    Ok(vec![OutputFile {
        path: PathBuf::from(PATH),
        contents: lay_out(Format::Eksctl, "eksctl/cluster.yaml.tera", &view)?,
    }])
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
                "eksctl: --ids-from is not needed when eksctl creates the VPC; it was ignored"
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
    if t.cluster.secrets_encryption {
        out.push(
            "eksctl: secretsEncryption.keyARN is a <placeholder>: put the ARN of a KMS key there"
                .into(),
        );
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
    let subnet_key = |id: &str| -> String {
        let s = t.subnet(id).expect("ids refer to subnets of the topology");
        format!("{}-{}", s.tier.as_str(), s.az)
    };
    let existing = (!creates).then(|| {
        let tier = |tier: Tier, ids_of: Option<&Vec<String>>, out_name: &str| -> Vec<SubnetV> {
            t.subnets_of(tier)
                .enumerate()
                .map(|(i, s)| SubnetV {
                    key: format!("{}-{}", tier.as_str(), s.az),
                    id: ids_of
                        .and_then(|v| v.get(i).cloned())
                        .unwrap_or_else(|| placeholder(&format!("{out_name}[{i}]"))),
                    az: t
                        .availability_zones
                        .iter()
                        .any(|a| a.name == s.az && !a.is_id)
                        .then(|| s.az.clone()),
                    cidr: s.cidr.to_string(),
                })
                .collect()
        };
        let public = tier(
            Tier::Public,
            ids.map(|i| &i.public_subnet_ids),
            "PublicSubnetIds",
        );
        let private = tier(
            Tier::Private,
            ids.map(|i| &i.private_subnet_ids),
            "PrivateSubnetIds",
        );
        ExistingV {
            vpc_id: ids.map_or_else(|| placeholder("VpcId"), |i| i.vpc_id.clone()),
            public,
            private,
        }
    });
    let control_plane_subnet_ids = existing
        .as_ref()
        .map(|e| control_plane_subnet_ids(t, e))
        .unwrap_or_default();
    let mut public_access_cidrs: Vec<String> = c
        .public_access_cidrs
        .iter()
        .map(|x| x.to_string())
        .collect();
    if c.allow_nat_addresses {
        for (i, _) in t.nat_gateways.iter().enumerate() {
            let ip = ids
                .and_then(|x| x.nat_public_ips.get(i).cloned())
                .unwrap_or_else(|| placeholder(&format!("NatPublicIps[{i}]")));
            public_access_cidrs.push(format!("{ip}/32"));
        }
    }
    let additional: Vec<String> = t
        .endpoints
        .iter()
        .filter(|e| e.kind == EndpointKind::Interface)
        .map(|e| e.service.clone())
        .filter(|s| EKSCTL_ADDITIONAL_ENDPOINTS.contains(&s.as_str()))
        .collect();
    View {
        name: t.name.clone(),
        region: t.region.clone(),
        version: t.kubernetes_version.clone(),
        tags: tag_list(&t.tags),
        create: creates.then(|| CreateV {
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
        }),
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
        public_access_cidrs,
        private_cluster: fully_private.then(|| PrivateClusterV {
            additional: if creates { additional } else { vec![] },
            // The CloudFormation or Terraform output creates the endpoints.
            skip_endpoint_creation: !creates,
        }),
        service_ipv4_cidr: c.service_ipv4_cidr.to_string(),
        admins: c.admin_principal_arns.clone(),
        admin_policy_arn: format!(
            "arn:{}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            t.partition
        ),
        secrets_key_arn: c.secrets_encryption.then(|| placeholder("KMS key ARN")),
        logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
        node_group: NodeGroupV {
            name: t.node_group.name.clone(),
            instance_types: t.node_group.instance_types.clone(),
            min_size: t.node_group.min_size,
            desired_size: t.node_group.desired_size,
            max_size: t.node_group.max_size,
            private_networking: t.node_group.private_networking,
            subnets: if creates {
                vec![]
            } else {
                t.node_group.subnets.iter().map(|s| subnet_key(s)).collect()
            },
        },
    }
}

/// The IDs of the cluster's subnets, in the order the model lists them,
/// when they are not every subnet of the existing-VPC config (empty then:
/// eksctl gives the control plane every listed subnet by default).
fn control_plane_subnet_ids(t: &Topology, e: &ExistingV) -> Vec<String> {
    let listed: Vec<&SubnetV> = e.public.iter().chain(&e.private).collect();
    let key_of = |id: &String| {
        let s = t
            .subnet(id)
            .expect("cluster subnets are subnets of the topology");
        format!("{}-{}", s.tier.as_str(), s.az)
    };
    let ids: Vec<String> = t
        .cluster
        .subnets
        .iter()
        .filter_map(|id| {
            let key = key_of(id);
            listed.iter().find(|s| s.key == key).map(|s| s.id.clone())
        })
        .collect();
    if ids.len() == listed.len() {
        Vec::new()
    } else {
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadedSpec;

    #[test]
    fn the_default_plan_is_eksctls_own() {
        let t = crate::topology::plan(&LoadedSpec::built_in().spec)
            .topology
            .unwrap();
        let layout = eksctl_layout(&t).unwrap();
        let cidrs: Vec<String> = layout.iter().map(|(_, _, c)| c.to_string()).collect();
        assert_eq!(cidrs[0], "192.168.0.0/19");
        assert_eq!(cidrs[5], "192.168.160.0/19");
        assert!(eksctl_creates_vpc(&t), "{:?}", eksctl_blockers(&t));
    }

    #[test]
    fn az_ids_and_extra_endpoints_need_an_existing_vpc() {
        let mut spec = LoadedSpec::built_in().spec;
        spec.vpc.availability_zones = vec!["usw2-az1".into(), "usw2-az2".into()];
        spec.private_link = vec!["logs".into()];
        let t = crate::topology::plan(&spec).topology.unwrap();
        let why = eksctl_blockers(&t);
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(
            why[0].contains("IDs") && why[1].contains("endpoints"),
            "{why:?}"
        );
    }
}
