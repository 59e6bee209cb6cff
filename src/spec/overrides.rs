//! Flags that mirror spec keys and override them (`--vpc-cidr` → `vpc.cidr`).
//!
//! Each flag records the field it set, so a diagnostic about that field names
//! the flag instead of a line of the file.

use super::load::LoadedSpec;
use super::types::{Architecture, Egress, LogType, NatMode};
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
value_enum!(EgressArg => Egress { TransitGateway, None });
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

impl Overrides {
    /// Apply every flag that was given to `l`, recording which field it set.
    pub fn apply(&self, l: &mut LoadedSpec) {
        macro_rules! set {
            ($opt:expr, $field:literal, $flag:literal, |$v:ident| $assign:expr) => {
                if let Some($v) = $opt.clone() {
                    $assign;
                    l.set_by_flag($field, $flag);
                }
            };
        }
        set!(self.name, "name", "--name", |v| l.spec.name = v);
        set!(self.region, "region", "--region", |v| l.spec.region = v);
        set!(
            self.kubernetes_version,
            "kubernetesVersion",
            "--kubernetes-version",
            |v| l.spec.kubernetes_version = v
        );
        if let Some(a) = self.architecture {
            l.spec.architecture = a.into();
            l.set_by_flag("architecture", "--architecture");
            // The built-in spec's NAT and endpoint access suit public-private
            // only; another architecture takes its own defaults instead.
            if l.source == super::SpecSource::BuiltIn {
                l.spec.vpc.nat = None;
                l.spec.endpoint_access = Default::default();
            }
        }
        set!(self.vpc_cidr, "vpc.cidr", "--vpc-cidr", |v| l
            .spec
            .vpc
            .cidr = v);
        set!(self.azs, "vpc.availabilityZones", "--azs", |v| l
            .spec
            .vpc
            .availability_zones =
            v);
        set!(self.nat, "vpc.nat", "--nat", |v| l.spec.vpc.nat =
            Some(v.into()));
        set!(
            self.public_subnet_prefix,
            "vpc.publicSubnetPrefix",
            "--public-subnet-prefix",
            |v| l.spec.vpc.public_subnet_prefix = Some(v)
        );
        set!(
            self.private_subnet_prefix,
            "vpc.privateSubnetPrefix",
            "--private-subnet-prefix",
            |v| l.spec.vpc.private_subnet_prefix = Some(v)
        );
        set!(
            self.public_subnets,
            "vpc.subnets.public",
            "--public-subnets",
            |v| l.spec.vpc.subnets.public = v
        );
        set!(
            self.private_subnets,
            "vpc.subnets.private",
            "--private-subnets",
            |v| l.spec.vpc.subnets.private = v
        );
        set!(self.egress, "vpc.egress", "--egress", |v| l
            .spec
            .vpc
            .egress =
            Some(v.into()));
        set!(
            self.transit_gateway_id,
            "vpc.transitGatewayId",
            "--transit-gateway-id",
            |v| l.spec.vpc.transit_gateway_id = Some(v)
        );
        set!(
            self.endpoint_public,
            "endpointAccess.public",
            "--endpoint-public",
            |v| l.spec.endpoint_access.public = Some(v)
        );
        set!(
            self.endpoint_private,
            "endpointAccess.private",
            "--endpoint-private",
            |v| l.spec.endpoint_access.private = Some(v)
        );
        set!(
            self.public_cidrs,
            "endpointAccess.publicCidrs",
            "--public-cidrs",
            |v| l.spec.endpoint_access.public_cidrs = v
        );
        set!(
            self.service_cidr,
            "serviceIpv4Cidr",
            "--service-cidr",
            |v| l.spec.service_ipv4_cidr = Some(v)
        );
        set!(
            self.instance_types,
            "nodeGroup.instanceTypes",
            "--instance-types",
            |v| l.spec.node_group.instance_types = v
        );
        set!(self.min_size, "nodeGroup.minSize", "--min-size", |v| l
            .spec
            .node_group
            .min_size =
            v);
        set!(
            self.desired_size,
            "nodeGroup.desiredSize",
            "--desired-size",
            |v| l.spec.node_group.desired_size = v
        );
        set!(self.max_size, "nodeGroup.maxSize", "--max-size", |v| l
            .spec
            .node_group
            .max_size =
            v);
        set!(self.private_link, "privateLink", "--private-link", |v| l
            .spec
            .private_link =
            v);
        set!(
            self.private_link_exclude,
            "privateLinkExclude",
            "--private-link-exclude",
            |v| l.spec.private_link_exclude = v
        );
        set!(
            self.karpenter_discovery,
            "karpenterDiscovery",
            "--karpenter-discovery",
            |v| l.spec.karpenter_discovery = v
        );
        set!(
            self.control_plane_logging,
            "controlPlaneLogging",
            "--control-plane-logging",
            |v| l.spec.control_plane_logging = v.into_iter().map(Into::into).collect()
        );
        set!(
            self.secrets_encryption,
            "secretsEncryption",
            "--secrets-encryption",
            |v| l.spec.secrets_encryption = v
        );
        set!(self.flow_logs, "flowLogs", "--flow-logs", |v| l
            .spec
            .flow_logs =
            v);
        if let Some(v) = &self.admin_principal_arns {
            l.spec.admin_principal_arns = v.clone();
            l.set_by_flag("adminPrincipalArns", "--admin-principal-arns");
        }
        for (k, v) in &self.tags {
            l.spec.tags.insert(k.clone(), v.clone());
            l.set_by_flag(&format!("tags.{k}"), "--tag");
        }
    }
}
