//! The spec: what the user writes in `eksnet.yaml`, key for key.
//!
//! These key names are a public contract: CI files in users' repositories hold
//! them, so a rename is a breaking change of `apiVersion`. Values stay close to
//! what was written (CIDRs are strings here); the topology builder checks and
//! completes them, so that every problem becomes a diagnostic with a rule code
//! rather than a bare parse error.

pub use crate::aws::addons::Addon;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub const API_VERSION: &str = "eksnet/v1alpha1";
pub const KIND: &str = "ClusterNetwork";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "eksnet ClusterNetwork spec")]
pub struct Spec {
    /// Always `eksnet/v1alpha1`.
    pub api_version: String,
    /// Always `ClusterNetwork`.
    pub kind: String,
    /// The EKS cluster name; also prefixes every resource name.
    pub name: String,
    /// AWS region code, e.g. `us-west-2`.
    pub region: String,
    /// Kubernetes version of the cluster, e.g. "1.33".
    #[serde(default = "default_kubernetes_version")]
    pub kubernetes_version: String,
    #[serde(default)]
    pub architecture: Architecture,
    /// The cluster's IP family, fixed when the cluster is created: `ipv4`
    /// (default) or `ipv6` (a dual-stack VPC; pods and services get IPv6).
    #[serde(default, skip_serializing_if = "IpFamily::is_ipv4")]
    pub ip_family: IpFamily,
    #[serde(default)]
    pub vpc: VpcSpec,
    #[serde(default)]
    pub endpoint_access: EndpointAccessSpec,
    /// Kubernetes service CIDR; default 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in 10.0.0.0/8.
    /// Not with `ipFamily: ipv6`, where EKS assigns the service range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ipv4_cidr: Option<String>,
    #[serde(default)]
    pub node_group: NodeGroupSpec,
    /// PrivateLink services to add beyond the architecture's required set, e.g. `logs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private_link: Vec<String>,
    /// Required PrivateLink services to leave out (a region that lacks one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private_link_exclude: Vec<String>,
    /// Tags added to every taggable resource.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Add-ons the cluster runs: each brings the PrivateLink endpoints it calls
    /// when nodes have no route out, its EKS managed add-on, node role policies
    /// and tags. The VPC CNI, kube-proxy and CoreDNS are always installed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addons: Vec<Addon>,
    /// Tag the node subnets with `karpenter.sh/discovery=<name>`
    /// (the `karpenter` add-on implies it; kept for specs written before add-ons).
    #[serde(default, skip_serializing_if = "is_false")]
    pub karpenter_discovery: bool,
    /// Control-plane log types sent to CloudWatch Logs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control_plane_logging: Vec<LogType>,
    /// Encrypt Kubernetes secrets with a KMS key created for the cluster.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secrets_encryption: bool,
    /// VPC flow logs to CloudWatch Logs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flow_logs: bool,
    /// IAM principals given cluster-admin access entries, besides the creator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admin_principal_arns: Vec<String>,
    /// Whether the IAM principal that creates the cluster gets a cluster-admin
    /// access entry from EKS (`bootstrapClusterCreatorAdminPermissions`).
    /// Turn it off when that principal is one of `adminPrincipalArns`: EKS
    /// would already hold its access entry, and creating it again fails.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub cluster_creator_admin: bool,
    /// Pod IP space: a secondary CIDR with a pod subnet per AZ, and the VPC
    /// CNI's prefix mode. IPv4 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_network: Option<PodNetworkSpec>,
}

impl Spec {
    /// Whether the node subnets carry Karpenter's
    /// discovery tag: asked for directly, or by the `karpenter` add-on.
    pub fn karpenter_tags(&self) -> bool {
        self.karpenter_discovery || self.addons.contains(&Addon::Karpenter)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

pub fn default_kubernetes_version() -> String {
    crate::aws::versions::default_version().to_string()
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Architecture {
    /// Nodes in public subnets with public IPs; no NAT.
    PublicOnly,
    /// Load balancers in public subnets, nodes in private subnets behind NAT (eksctl's and AWS's default).
    #[default]
    PublicPrivate,
    /// Private subnets only; egress through a transit gateway, or none.
    PrivateOnly,
    /// No internet path at all; PrivateLink endpoints replace it.
    FullyPrivate,
}

impl Architecture {
    pub const ALL: [Architecture; 4] = [
        Architecture::PublicOnly,
        Architecture::PublicPrivate,
        Architecture::PrivateOnly,
        Architecture::FullyPrivate,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::PublicOnly => "public-only",
            Architecture::PublicPrivate => "public-private",
            Architecture::PrivateOnly => "private-only",
            Architecture::FullyPrivate => "fully-private",
        }
    }
    pub fn has_public_subnets(self) -> bool {
        matches!(self, Architecture::PublicOnly | Architecture::PublicPrivate)
    }
    pub fn has_private_subnets(self) -> bool {
        !matches!(self, Architecture::PublicOnly)
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The cluster's IP family (EKS `kubernetesNetworkConfig.ipFamily`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum IpFamily {
    /// Pods and services get IPv4 addresses.
    #[default]
    Ipv4,
    /// Pods and services get IPv6 addresses; the VPC and its subnets are dual-stack.
    Ipv6,
}

impl IpFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            IpFamily::Ipv4 => "ipv4",
            IpFamily::Ipv6 => "ipv6",
        }
    }
    pub fn is_ipv4(&self) -> bool {
        *self == IpFamily::Ipv4
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum NatMode {
    None,
    #[default]
    Single,
    PerAz,
}

impl NatMode {
    pub fn as_str(self) -> &'static str {
        match self {
            NatMode::None => "none",
            NatMode::Single => "single",
            NatMode::PerAz => "per-az",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Egress {
    /// 0.0.0.0/0 goes to a transit gateway (`vpc.transitGatewayId`).
    TransitGateway,
    /// No route out of the VPC; PrivateLink endpoints replace the internet.
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpcSpec {
    /// IPv4 CIDR of the VPC, /16 to /28.
    #[serde(default = "default_vpc_cidr")]
    pub cidr: String,
    /// 2 to 6 AZ names (`us-west-2a`) or AZ IDs (`usw2-az1`); default: the region's first three.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    /// NAT gateways: `none`, `single` or `per-az`. Only public-private has NAT gateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat: Option<NatMode>,
    /// Prefix length of each public subnet, e.g. 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_subnet_prefix: Option<u8>,
    /// Prefix length of each private subnet, e.g. 19.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_subnet_prefix: Option<u8>,
    /// Explicit subnet CIDRs per tier, in AZ order.
    #[serde(default, skip_serializing_if = "SubnetsSpec::is_empty")]
    pub subnets: SubnetsSpec,
    /// private-only: where 0.0.0.0/0 goes (`transit-gateway` or `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Egress>,
    /// The transit gateway for `egress: transit-gateway`, e.g. `tgw-0123456789abcdef0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    /// With `egress: transit-gateway`: the IPv4 networks reached through it
    /// (other VPCs, on-premises), which neither the VPC nor the pods may overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_cidrs: Vec<String>,
}

pub fn default_vpc_cidr() -> String {
    "192.168.0.0/16".to_string()
}

impl Default for VpcSpec {
    fn default() -> Self {
        VpcSpec {
            cidr: default_vpc_cidr(),
            availability_zones: Vec::new(),
            nat: None,
            public_subnet_prefix: None,
            private_subnet_prefix: None,
            subnets: SubnetsSpec::default(),
            egress: None,
            transit_gateway_id: None,
            transit_gateway_cidrs: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubnetsSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private: Vec<String>,
}

impl SubnetsSpec {
    pub fn is_empty(&self) -> bool {
        self.public.is_empty() && self.private.is_empty()
    }
}

/// Cluster API endpoint access. Unset values take the architecture's default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointAccessSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<bool>,
    /// CIDRs allowed to reach the public endpoint; default 0.0.0.0/0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_cidrs: Vec<String>,
}

/// `podNetwork`: where pods get their addresses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodNetworkSpec {
    /// A second IPv4 CIDR associated with the VPC for pod addresses, e.g. 100.64.0.0/16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_cidr: Option<String>,
    /// How pods use the secondary CIDR: `custom-networking` (default) or `subnet-discovery`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<PodNetworkMode>,
    /// Prefix length of each AZ's pod subnet; default: the largest even split of the secondary CIDR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_prefix: Option<u8>,
    /// The VPC CNI's prefix mode: nodes get /28 prefixes instead of single addresses.
    #[serde(default, skip_serializing_if = "is_false")]
    pub prefix_delegation: bool,
}

/// How pods use the pod subnets of the secondary CIDR.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PodNetworkMode {
    /// Pods only in the pod subnets (VPC CNI custom networking, one ENIConfig per AZ);
    /// the node's primary network interface carries no pods.
    #[default]
    CustomNetworking,
    /// The VPC CNI's enhanced subnet discovery: new network interfaces go to the node's
    /// subnet or its AZ's pod subnet (tagged `kubernetes.io/role/cni`), whichever has more free addresses.
    SubnetDiscovery,
}

impl PodNetworkMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PodNetworkMode::CustomNetworking => "custom-networking",
            PodNetworkMode::SubnetDiscovery => "subnet-discovery",
        }
    }
}

impl fmt::Display for PodNetworkMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeGroupSpec {
    #[serde(default = "default_instance_types")]
    pub instance_types: Vec<String>,
    #[serde(default = "default_min")]
    pub min_size: u32,
    #[serde(default = "default_desired")]
    pub desired_size: u32,
    #[serde(default = "default_max")]
    pub max_size: u32,
}

fn default_instance_types() -> Vec<String> {
    vec!["m6i.large".to_string()]
}
fn default_min() -> u32 {
    1
}
fn default_desired() -> u32 {
    2
}
fn default_max() -> u32 {
    4
}

impl Default for NodeGroupSpec {
    fn default() -> Self {
        NodeGroupSpec {
            instance_types: default_instance_types(),
            min_size: default_min(),
            desired_size: default_desired(),
            max_size: default_max(),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum LogType {
    Api,
    Audit,
    Authenticator,
    ControllerManager,
    Scheduler,
}

impl LogType {
    pub fn as_str(self) -> &'static str {
        match self {
            LogType::Api => "api",
            LogType::Audit => "audit",
            LogType::Authenticator => "authenticator",
            LogType::ControllerManager => "controllerManager",
            LogType::Scheduler => "scheduler",
        }
    }
}
