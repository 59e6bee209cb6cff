//! Flags that mirror spec keys and override them (`--vpc-cidr` → `vpc.cidr`).
//!
//! Each flag records the field it set, so a diagnostic about that field names
//! the flag instead of a line of the file.

use super::load::LoadedSpec;
use super::types::{Addon, Architecture, Egress, IpFamily, LogType, NatMode, PodNetworkMode};
use clap::Args;

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Spec overrides (each flag replaces the spec key named in its help)")]
pub struct Overrides {
    /// name: the cluster name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// region: AWS region code
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// kubernetesVersion
    #[arg(long, value_name = "VERSION")]
    pub kubernetes_version: Option<String>,
    /// architecture (with the built-in spec, NAT and endpoint access then take
    /// the new architecture's defaults)
    #[arg(long, value_enum, value_name = "ARCH")]
    pub architecture: Option<ArchArg>,
    /// ipFamily (with the built-in spec, `ipv6` drops its serviceIpv4Cidr,
    /// as EKS assigns an IPv6 cluster's service range, and its publicCidrs,
    /// so EKS's default 0.0.0.0/0 and ::/0 apply)
    #[arg(long, value_enum, value_name = "FAMILY")]
    pub ip_family: Option<IpFamilyArg>,
    /// vpc.cidr
    #[arg(long, value_name = "CIDR")]
    pub vpc_cidr: Option<String>,
    /// vpc.availabilityZones, comma-separated
    #[arg(long, value_name = "AZ,AZ", value_delimiter = ',')]
    pub azs: Option<Vec<String>>,
    /// vpc.nat
    #[arg(long, value_enum, value_name = "MODE")]
    pub nat: Option<NatArg>,
    /// vpc.publicSubnetPrefix
    #[arg(long, value_name = "LEN")]
    pub public_subnet_prefix: Option<u8>,
    /// vpc.privateSubnetPrefix
    #[arg(long, value_name = "LEN")]
    pub private_subnet_prefix: Option<u8>,
    /// vpc.subnets.public, comma-separated CIDRs in AZ order
    #[arg(long, value_name = "CIDR,CIDR", value_delimiter = ',')]
    pub public_subnets: Option<Vec<String>>,
    /// vpc.subnets.private, comma-separated CIDRs in AZ order
    #[arg(long, value_name = "CIDR,CIDR", value_delimiter = ',')]
    pub private_subnets: Option<Vec<String>>,
    /// vpc.egress (private-only)
    #[arg(long, value_enum, value_name = "EGRESS")]
    pub egress: Option<EgressArg>,
    /// vpc.transitGatewayId
    #[arg(long, value_name = "TGW_ID")]
    pub transit_gateway_id: Option<String>,
    /// endpointAccess.public
    #[arg(long, value_name = "BOOL")]
    pub endpoint_public: Option<bool>,
    /// endpointAccess.private
    #[arg(long, value_name = "BOOL")]
    pub endpoint_private: Option<bool>,
    /// endpointAccess.publicCidrs, comma-separated
    #[arg(long, value_name = "CIDR,CIDR", value_delimiter = ',')]
    pub public_cidrs: Option<Vec<String>>,
    /// serviceIpv4Cidr
    #[arg(long, value_name = "CIDR")]
    pub service_cidr: Option<String>,
    /// nodeGroup.instanceTypes, comma-separated
    #[arg(long, value_name = "TYPE,TYPE", value_delimiter = ',')]
    pub instance_types: Option<Vec<String>>,
    /// nodeGroup.minSize
    #[arg(long, value_name = "N")]
    pub min_size: Option<u32>,
    /// nodeGroup.desiredSize
    #[arg(long, value_name = "N")]
    pub desired_size: Option<u32>,
    /// nodeGroup.maxSize
    #[arg(long, value_name = "N")]
    pub max_size: Option<u32>,
    /// privateLink: extra PrivateLink services, comma-separated
    #[arg(long, value_name = "SVC,SVC", value_delimiter = ',')]
    pub private_link: Option<Vec<String>>,
    /// privateLinkExclude: required services to leave out, comma-separated
    #[arg(long, value_name = "SVC,SVC", value_delimiter = ',')]
    pub private_link_exclude: Option<Vec<String>>,
    /// tags: KEY=VALUE, repeatable (added to the spec's tags)
    #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
    /// addons: add-ons the cluster runs, comma-separated
    #[arg(long, value_enum, value_name = "ADDON,ADDON", value_delimiter = ',')]
    pub addons: Option<Vec<AddonArg>>,
    /// karpenterDiscovery
    #[arg(long, value_name = "BOOL")]
    pub karpenter_discovery: Option<bool>,
    /// controlPlaneLogging, comma-separated
    #[arg(long, value_enum, value_name = "TYPE,TYPE", value_delimiter = ',')]
    pub control_plane_logging: Option<Vec<LogArg>>,
    /// secretsEncryption
    #[arg(long, value_name = "BOOL")]
    pub secrets_encryption: Option<bool>,
    /// flowLogs
    #[arg(long, value_name = "BOOL")]
    pub flow_logs: Option<bool>,
    /// adminPrincipalArns: IAM role or user ARNs, comma-separated
    #[arg(long, value_name = "ARN,ARN", value_delimiter = ',')]
    pub admin_principal_arns: Option<Vec<String>>,
    /// clusterCreatorAdmin
    #[arg(long, value_name = "BOOL")]
    pub cluster_creator_admin: Option<bool>,
    /// podNetwork.secondaryCidr
    #[arg(long, value_name = "CIDR")]
    pub pod_secondary_cidr: Option<String>,
    /// podNetwork.mode
    #[arg(long, value_enum, value_name = "MODE")]
    pub pod_network_mode: Option<PodModeArg>,
    /// podNetwork.subnetPrefix
    #[arg(long, value_name = "LEN")]
    pub pod_subnet_prefix: Option<u8>,
    /// podNetwork.prefixDelegation
    #[arg(long, value_name = "BOOL")]
    pub prefix_delegation: Option<bool>,
}

fn parse_tag(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

macro_rules! value_enum {
    ($arg:ident => $target:ident { $($variant:ident),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub enum $arg { $($variant),* }
        impl From<$arg> for $target {
            fn from(a: $arg) -> $target {
                match a { $($arg::$variant => $target::$variant),* }
            }
        }
    };
}

value_enum!(ArchArg => Architecture { PublicOnly, PublicPrivate, PrivateOnly, FullyPrivate });
value_enum!(NatArg => NatMode { None, Single, PerAz });
value_enum!(IpFamilyArg => IpFamily { Ipv4, Ipv6 });
value_enum!(EgressArg => Egress { TransitGateway, None });
value_enum!(PodModeArg => PodNetworkMode { CustomNetworking, SubnetDiscovery });

/// The spec's `podNetwork`, made when a flag sets one of its keys.
fn pod_network(l: &mut LoadedSpec) -> &mut super::PodNetworkSpec {
    l.spec.pod_network.get_or_insert_with(Default::default)
}
value_enum!(AddonArg => Addon {
    PodIdentity, LoadBalancerController, ClusterAutoscaler, Karpenter, Cloudwatch, Ssm,
});
/// Log types, spelt as in the spec (`controllerManager`), with the
/// kebab-case spelling accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogArg {
    Api,
    Audit,
    Authenticator,
    #[value(name = "controllerManager", alias = "controller-manager")]
    ControllerManager,
    Scheduler,
}

impl From<LogArg> for LogType {
    fn from(a: LogArg) -> LogType {
        match a {
            LogArg::Api => LogType::Api,
            LogArg::Audit => LogType::Audit,
            LogArg::Authenticator => LogType::Authenticator,
            LogArg::ControllerManager => LogType::ControllerManager,
            LogArg::Scheduler => LogType::Scheduler,
        }
    }
}

/// What one flag did to the spec.
enum Set {
    /// Not given.
    Nothing,
    /// Replaced the field of its row.
    Field,
    /// Set these keys under the field of its row (`--tag K=V`: `tags.K`).
    Keys(Vec<String>),
}

/// A flag that overrides a spec field: the field's path, the flag, and how
/// it sets the field. The one list of them: overriding goes through it, and
/// the flag it names is what a diagnostic about the field points at.
struct Flag {
    field: &'static str,
    flag: &'static str,
    set: fn(&Overrides, &mut LoadedSpec) -> Set,
}

/// Set a field from a flag that was given.
fn put<T: Clone>(value: &Option<T>, assign: impl FnOnce(T)) -> Set {
    match value {
        Some(v) => {
            assign(v.clone());
            Set::Field
        }
        None => Set::Nothing,
    }
}

#[rustfmt::skip]
const FLAGS: &[Flag] = &[
    Flag { field: "name", flag: "--name", set: |o, l| put(&o.name, |v| l.spec.name = v) },
    Flag { field: "region", flag: "--region", set: |o, l| put(&o.region, |v| {
        l.spec.region = v;
        // The built-in spec's zones are us-west-2's; another region takes
        // its own default zones (`--azs`, later in this table, still wins).
        if l.source == super::SpecSource::BuiltIn {
            l.spec.vpc.availability_zones.clear();
        }
    }) },
    Flag { field: "kubernetesVersion", flag: "--kubernetes-version",
        set: |o, l| put(&o.kubernetes_version, |v| l.spec.kubernetes_version = v) },
    Flag { field: "architecture", flag: "--architecture", set: |o, l| put(&o.architecture, |v| {
        l.spec.architecture = v.into();
        // The built-in spec's NAT and endpoint access suit public-private
        // only; another architecture takes its own defaults instead.
        if l.source == super::SpecSource::BuiltIn {
            l.spec.vpc.nat = None;
            l.spec.endpoint_access = Default::default();
        }
    }) },
    Flag { field: "ipFamily", flag: "--ip-family", set: |o, l| put(&o.ip_family, |v| {
        l.spec.ip_family = v.into();
        // The built-in spec's service CIDR and public CIDRs are defaults,
        // not the user's choice: an IPv6 cluster has no service CIDR, and
        // admits ::/0 by default too (`--service-cidr` and `--public-cidrs`,
        // later in this table, still set them; the first is then refused).
        if l.source == super::SpecSource::BuiltIn && l.spec.ip_family == IpFamily::Ipv6 {
            l.spec.service_ipv4_cidr = None;
            l.spec.endpoint_access.public_cidrs.clear();
        }
    }) },
    Flag { field: "vpc.cidr", flag: "--vpc-cidr", set: |o, l| put(&o.vpc_cidr, |v| l.spec.vpc.cidr = v) },
    Flag { field: "vpc.availabilityZones", flag: "--azs",
        set: |o, l| put(&o.azs, |v| l.spec.vpc.availability_zones = v) },
    Flag { field: "vpc.nat", flag: "--nat", set: |o, l| put(&o.nat, |v| l.spec.vpc.nat = Some(v.into())) },
    Flag { field: "vpc.publicSubnetPrefix", flag: "--public-subnet-prefix",
        set: |o, l| put(&o.public_subnet_prefix, |v| l.spec.vpc.public_subnet_prefix = Some(v)) },
    Flag { field: "vpc.privateSubnetPrefix", flag: "--private-subnet-prefix",
        set: |o, l| put(&o.private_subnet_prefix, |v| l.spec.vpc.private_subnet_prefix = Some(v)) },
    Flag { field: "vpc.subnets.public", flag: "--public-subnets",
        set: |o, l| put(&o.public_subnets, |v| l.spec.vpc.subnets.public = v) },
    Flag { field: "vpc.subnets.private", flag: "--private-subnets",
        set: |o, l| put(&o.private_subnets, |v| l.spec.vpc.subnets.private = v) },
    Flag { field: "vpc.egress", flag: "--egress",
        set: |o, l| put(&o.egress, |v| l.spec.vpc.egress = Some(v.into())) },
    Flag { field: "vpc.transitGatewayId", flag: "--transit-gateway-id",
        set: |o, l| put(&o.transit_gateway_id, |v| l.spec.vpc.transit_gateway_id = Some(v)) },
    Flag { field: "endpointAccess.public", flag: "--endpoint-public",
        set: |o, l| put(&o.endpoint_public, |v| l.spec.endpoint_access.public = Some(v)) },
    Flag { field: "endpointAccess.private", flag: "--endpoint-private",
        set: |o, l| put(&o.endpoint_private, |v| l.spec.endpoint_access.private = Some(v)) },
    Flag { field: "endpointAccess.publicCidrs", flag: "--public-cidrs",
        set: |o, l| put(&o.public_cidrs, |v| l.spec.endpoint_access.public_cidrs = v) },
    Flag { field: "serviceIpv4Cidr", flag: "--service-cidr",
        set: |o, l| put(&o.service_cidr, |v| l.spec.service_ipv4_cidr = Some(v)) },
    Flag { field: "nodeGroup.instanceTypes", flag: "--instance-types",
        set: |o, l| put(&o.instance_types, |v| l.spec.node_group.instance_types = v) },
    Flag { field: "nodeGroup.minSize", flag: "--min-size",
        set: |o, l| put(&o.min_size, |v| l.spec.node_group.min_size = v) },
    Flag { field: "nodeGroup.desiredSize", flag: "--desired-size",
        set: |o, l| put(&o.desired_size, |v| l.spec.node_group.desired_size = v) },
    Flag { field: "nodeGroup.maxSize", flag: "--max-size",
        set: |o, l| put(&o.max_size, |v| l.spec.node_group.max_size = v) },
    Flag { field: "privateLink", flag: "--private-link",
        set: |o, l| put(&o.private_link, |v| l.spec.private_link = v) },
    Flag { field: "privateLinkExclude", flag: "--private-link-exclude",
        set: |o, l| put(&o.private_link_exclude, |v| l.spec.private_link_exclude = v) },
    Flag { field: "addons", flag: "--addons", set: |o, l| {
        put(&o.addons, |v| l.spec.addons = v.into_iter().map(Into::into).collect())
    } },
    Flag { field: "karpenterDiscovery", flag: "--karpenter-discovery",
        set: |o, l| put(&o.karpenter_discovery, |v| l.spec.karpenter_discovery = v) },
    Flag { field: "controlPlaneLogging", flag: "--control-plane-logging", set: |o, l| {
        put(&o.control_plane_logging, |v| {
            l.spec.control_plane_logging = v.into_iter().map(Into::into).collect()
        })
    } },
    Flag { field: "secretsEncryption", flag: "--secrets-encryption",
        set: |o, l| put(&o.secrets_encryption, |v| l.spec.secrets_encryption = v) },
    Flag { field: "flowLogs", flag: "--flow-logs", set: |o, l| put(&o.flow_logs, |v| l.spec.flow_logs = v) },
    Flag { field: "adminPrincipalArns", flag: "--admin-principal-arns",
        set: |o, l| put(&o.admin_principal_arns, |v| l.spec.admin_principal_arns = v) },
    Flag { field: "clusterCreatorAdmin", flag: "--cluster-creator-admin",
        set: |o, l| put(&o.cluster_creator_admin, |v| l.spec.cluster_creator_admin = v) },
    Flag { field: "podNetwork.secondaryCidr", flag: "--pod-secondary-cidr",
        set: |o, l| put(&o.pod_secondary_cidr, |v| pod_network(l).secondary_cidr = Some(v)) },
    Flag { field: "podNetwork.mode", flag: "--pod-network-mode",
        set: |o, l| put(&o.pod_network_mode, |v| pod_network(l).mode = Some(v.into())) },
    Flag { field: "podNetwork.subnetPrefix", flag: "--pod-subnet-prefix",
        set: |o, l| put(&o.pod_subnet_prefix, |v| pod_network(l).subnet_prefix = Some(v)) },
    Flag { field: "podNetwork.prefixDelegation", flag: "--prefix-delegation",
        set: |o, l| put(&o.prefix_delegation, |v| pod_network(l).prefix_delegation = v) },
    // Added to the spec's tags, key by key.
    Flag { field: "tags", flag: "--tag", set: |o, l| {
        for (k, v) in &o.tags {
            l.spec.tags.insert(k.clone(), v.clone());
        }
        Set::Keys(o.tags.iter().map(|(k, _)| k.clone()).collect())
    } },
];

impl Overrides {
    /// Apply every flag that was given to `l`, recording which field it set.
    pub fn apply(&self, l: &mut LoadedSpec) {
        for f in FLAGS {
            match (f.set)(self, l) {
                Set::Nothing => {}
                Set::Field => l.set_by_flag(f.field, f.flag),
                Set::Keys(keys) => {
                    for k in keys {
                        l.set_by_flag(&format!("{}.{k}", f.field), f.flag);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Overrides, FLAGS};
    use clap::CommandFactory;

    #[derive(clap::Parser)]
    struct Flags {
        #[command(flatten)]
        overrides: Overrides,
    }

    /// The table and the flags clap parses are the same list.
    #[test]
    fn every_override_flag_is_in_the_table_once() {
        let mut parsed: Vec<String> = Flags::command()
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        let mut table: Vec<String> = FLAGS.iter().map(|f| f.flag.to_string()).collect();
        parsed.sort();
        table.sort();
        assert_eq!(parsed, table);
    }
}
