//! The table of specs that the render, consistency and validator tests all
//! run over: every architecture with each NAT mode that applies, 2/3/6 AZs,
//! custom prefixes, explicit CIDRs, restricted public CIDRs, extra
//! PrivateLink services, every add-on with and without a route out,
//! transit-gateway egress, a China region, AZ IDs, IPv6 clusters, `--network-only`,
//! and pod networks (each mode, with and without prefix delegation, across the
//! architectures). One place, so a new case is checked by every test.

use eksnet::spec::{
    Addon, Architecture, Egress, IpFamily, LoadedSpec, LogType, NatMode, PodNetworkMode,
    PodNetworkSpec, Spec,
};

pub struct Case {
    pub name: &'static str,
    pub spec: Spec,
    /// Render with `--network-only` (no cluster; eksctl refuses).
    pub network_only: bool,
}

/// The built-in spec set to `arch`, with that architecture's defaults (as
/// `--architecture` does).
pub fn base(arch: Architecture) -> Spec {
    let mut s = LoadedSpec::built_in().spec;
    s.architecture = arch;
    if arch != Architecture::PublicPrivate {
        s.vpc.nat = None;
        s.endpoint_access = Default::default();
    }
    s
}

fn case(name: &'static str, spec: Spec) -> Case {
    Case {
        name,
        spec,
        network_only: false,
    }
}

fn with(arch: Architecture, f: impl FnOnce(&mut Spec)) -> Spec {
    let mut s = base(arch);
    f(&mut s);
    s
}

/// `spec` as an IPv6 cluster, as `--ip-family ipv6` makes the built-in spec.
fn ipv6(mut s: Spec) -> Spec {
    s.ip_family = IpFamily::Ipv6;
    s.service_ipv4_cidr = None;
    s.endpoint_access.public_cidrs.clear();
    s
}

/// `podNetwork` with a secondary CIDR (or none), a mode and prefix delegation.
fn pods(
    secondary: Option<&str>,
    mode: Option<PodNetworkMode>,
    prefix_delegation: bool,
) -> Option<PodNetworkSpec> {
    Some(PodNetworkSpec {
        secondary_cidr: secondary.map(str::to_string),
        mode,
        subnet_prefix: None,
        prefix_delegation,
    })
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub fn cases() -> Vec<Case> {
    use Architecture::*;
    vec![
        case("public-only", base(PublicOnly)),
        case(
            "public-private-nat-none",
            // Without NAT the nodes need PrivateLink for ECR, S3 and STS.
            with(PublicPrivate, |s| {
                s.vpc.nat = Some(NatMode::None);
                s.private_link = strs(&["ec2", "ecr.api", "ecr.dkr", "eks-auth", "s3", "sts"]);
            }),
        ),
        case("public-private-nat-single", base(PublicPrivate)),
        case(
            "public-private-nat-per-az",
            with(PublicPrivate, |s| s.vpc.nat = Some(NatMode::PerAz)),
        ),
        case("private-only", base(PrivateOnly)),
        case(
            "private-only-transit-gateway",
            with(PrivateOnly, |s| {
                s.vpc.egress = Some(Egress::TransitGateway);
                s.vpc.transit_gateway_id = Some("tgw-0123456789abcdef0".into());
            }),
        ),
        case("fully-private", base(FullyPrivate)),
        case(
            "fully-private-eksctl-layout",
            // The required set is eksctl's own, so extra services eksctl
            // can create keep its one-step build.
            with(FullyPrivate, |s| {
                s.private_link = strs(&["cloudformation", "logs"]);
            }),
        ),
        case(
            "azs-2",
            with(PublicPrivate, |s| {
                s.vpc.availability_zones = strs(&["us-west-2a", "us-west-2b"])
            }),
        ),
        case(
            "azs-5",
            with(PublicPrivate, |s| {
                s.region = "us-east-1".into();
                s.vpc.cidr = "10.20.0.0/16".into();
                s.vpc.nat = Some(NatMode::PerAz);
                s.vpc.availability_zones = strs(&[
                    "us-east-1a",
                    "us-east-1b",
                    "us-east-1c",
                    "us-east-1d",
                    "us-east-1e",
                ]);
            }),
        ),
        case(
            "az-ids",
            with(PublicPrivate, |s| {
                s.vpc.availability_zones = strs(&["usw2-az1", "usw2-az2", "usw2-az3"])
            }),
        ),
        case(
            "custom-prefixes",
            with(PublicPrivate, |s| {
                s.vpc.cidr = "10.0.0.0/16".into();
                s.vpc.public_subnet_prefix = Some(24);
                s.vpc.private_subnet_prefix = Some(18);
            }),
        ),
        case(
            "explicit-cidrs",
            with(PublicPrivate, |s| {
                s.vpc.cidr = "10.1.0.0/16".into();
                s.vpc.subnets.public = strs(&["10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"]);
                s.vpc.subnets.private = strs(&["10.1.64.0/18", "10.1.128.0/18", "10.1.192.0/18"]);
            }),
        ),
        case(
            "restricted-public-cidrs",
            with(PublicPrivate, |s| {
                s.vpc.nat = Some(NatMode::PerAz);
                s.endpoint_access.public = Some(true);
                s.endpoint_access.private = Some(false);
                s.endpoint_access.public_cidrs = strs(&["203.0.113.0/24", "198.51.100.7/32"]);
            }),
        ),
        case(
            "extra-private-link",
            with(PrivateOnly, |s| {
                s.private_link = strs(&["logs", "ssm", "ssmmessages", "ec2messages", "kms"]);
            }),
        ),
        case(
            "fully-private-every-addon",
            // Every add-on's endpoints, managed add-ons, policies and tags.
            with(FullyPrivate, |s| s.addons = Addon::ALL.to_vec()),
        ),
        case(
            "public-private-every-addon",
            // With NAT the add-ons need no endpoints; the rest stays.
            with(PublicPrivate, |s| s.addons = Addon::ALL.to_vec()),
        ),
        case(
            "china",
            with(FullyPrivate, |s| {
                s.region = "cn-north-1".into();
                s.vpc.availability_zones = strs(&["cn-north-1a", "cn-north-1b"]);
                s.private_link = strs(&["autoscaling", "logs"]);
                // Flow logs: their role's conditions name the aws-cn partition.
                s.flow_logs = true;
            }),
        ),
        case(
            "graviton",
            with(PublicPrivate, |s| {
                s.node_group.instance_types = strs(&["m7g.large", "c7g.large"]);
            }),
        ),
        case(
            "all-features",
            with(PublicPrivate, |s| {
                s.flow_logs = true;
                s.secrets_encryption = true;
                s.karpenter_discovery = true;
                s.control_plane_logging =
                    vec![LogType::Api, LogType::Audit, LogType::Authenticator];
                s.admin_principal_arns = strs(&[
                    "arn:aws:iam::123456789012:role/platform-admin",
                    "arn:aws:iam::123456789012:user/alice",
                ]);
                s.tags.insert("team".into(), "platform".into());
                s.tags.insert("cost-center".into(), "1234".into());
            }),
        ),
        // IPv6 clusters: every architecture that allows IPv6, as the
        // built-in spec's `--ip-family ipv6` gives it (no service CIDR, EKS's
        // default public CIDRs), NAT per AZ, AZ IDs, every add-on.
        case("ipv6-public-only", ipv6(base(PublicOnly))),
        case(
            "ipv6-public-private-nat-per-az",
            ipv6(with(PublicPrivate, |s| s.vpc.nat = Some(NatMode::PerAz))),
        ),
        case(
            "ipv6-az-ids-every-addon",
            ipv6(with(PublicPrivate, |s| {
                s.vpc.availability_zones = strs(&["usw2-az1", "usw2-az2", "usw2-az3"]);
                s.addons = Addon::ALL.to_vec();
                s.node_group.instance_types = strs(&["m6i.8xlarge"]);
            })),
        ),
        case("ipv6-private-only", ipv6(base(PrivateOnly))),
        case("ipv6-fully-private", ipv6(base(FullyPrivate))),
        case(
            "pods-custom-networking",
            with(PublicPrivate, |s| {
                s.pod_network = pods(Some("100.64.0.0/16"), None, false)
            }),
        ),
        case(
            "pods-custom-networking-prefixes-public-only",
            with(PublicOnly, |s| {
                s.pod_network = pods(Some("100.64.0.0/16"), None, true)
            }),
        ),
        case(
            "pods-custom-networking-fully-private",
            // The endpoint security group admits the pod CIDR too.
            with(FullyPrivate, |s| {
                s.pod_network = pods(Some("100.64.0.0/17"), None, false)
            }),
        ),
        case(
            "pods-subnet-discovery-private-only",
            with(PrivateOnly, |s| {
                s.vpc.cidr = "10.0.0.0/16".into();
                s.pod_network = pods(
                    Some("10.1.0.0/16"),
                    Some(PodNetworkMode::SubnetDiscovery),
                    false,
                )
            }),
        ),
        // Each mode in every architecture: the other halves of the grid.
        case(
            "pods-subnet-discovery-public-only",
            with(PublicOnly, |s| {
                s.pod_network = pods(
                    Some("100.64.0.0/16"),
                    Some(PodNetworkMode::SubnetDiscovery),
                    false,
                )
            }),
        ),
        case(
            "pods-subnet-discovery-prefixes-public-private",
            with(PublicPrivate, |s| {
                s.pod_network = pods(
                    Some("100.64.0.0/16"),
                    Some(PodNetworkMode::SubnetDiscovery),
                    true,
                )
            }),
        ),
        case(
            "pods-subnet-discovery-fully-private",
            with(FullyPrivate, |s| {
                s.pod_network = pods(
                    Some("100.64.0.0/17"),
                    Some(PodNetworkMode::SubnetDiscovery),
                    false,
                )
            }),
        ),
        case(
            "pods-custom-networking-private-only",
            with(PrivateOnly, |s| {
                s.pod_network = pods(Some("100.64.0.0/16"), None, false)
            }),
        ),
        case(
            "pods-prefix-delegation",
            with(PublicPrivate, |s| s.pod_network = pods(None, None, true)),
        ),
        Case {
            name: "pods-network-only",
            spec: with(PublicPrivate, |s| {
                s.pod_network = pods(Some("100.64.0.0/16"), None, true)
            }),
            network_only: true,
        },
        Case {
            name: "network-only",
            spec: base(PublicPrivate),
            network_only: true,
        },
        Case {
            name: "network-only-fully-private",
            spec: base(FullyPrivate),
            network_only: true,
        },
    ]
}
