//! The Topology: the one validated, complete description of the network.
//!
//! Every output format, the explanations, the diagrams and the doctor read
//! this and nothing else. It knows no output format: names that a format
//! derives (CloudFormation logical IDs, Terraform keys) are computed by the
//! renderers from the stable `id`s here.

pub use crate::aws::instances::{Claim, CniMode};
pub use crate::aws::nodes::NodeLaunch;
pub use crate::aws::services::EndpointKind;
use crate::hash::HashMap;
pub use crate::spec::IpFamily;
use crate::spec::{Addon, Architecture, LogType, NatMode, PodNetworkMode};
use ipnet::{Ipv4Net, Ipv6Net};
use serde::Serialize;
use std::collections::BTreeMap;

pub type Tags = BTreeMap<String, String>;

/// Planned from a spec, or imported from an existing VPC (`doctor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Planned,
    Imported,
}

/// Whose carving the subnets are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Exactly what eksctl carves from this VPC CIDR for these AZs, in its
    /// order (`eksctl_layout`): eksctl could create these subnets itself.
    Eksctl,
    /// Any other: explicit CIDRs or prefixes that differ from eksctl's, an
    /// architecture eksctl lays out differently, or an imported VPC.
    Custom,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Topology {
    pub source: Source,
    /// Whether the subnets are eksctl's carving, found once when planning.
    /// Not serialized: it follows from the subnets, and the JSON outputs
    /// describe the network, not how eksnet compares it.
    #[serde(skip)]
    pub layout: Layout,
    pub name: String,
    pub region: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    pub kubernetes_version: String,
    /// None for an imported VPC, which follows no architecture by name.
    pub architecture: Option<Architecture>,
    /// The cluster's IP family; with `ipv6` the VPC and its subnets are
    /// dual-stack (`Vpc::amazon_ipv6`, `Subnet::ipv6`).
    #[serde(skip_serializing_if = "IpFamily::is_ipv4")]
    pub ip_family: IpFamily,
    pub nat_mode: NatMode,
    pub vpc: Vpc,
    pub availability_zones: Vec<Az>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateway: Option<Gateway>,
    /// Outbound-only IPv6 to the internet for private subnets (IPv6 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub egress_only_internet_gateway: Option<Gateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub transit_gateway: Option<TransitGateway>,
    pub endpoints: Vec<VpcEndpoint>,
    /// The security group of the interface endpoints: TCP 443 from these CIDRs.
    pub endpoint_ingress_cidrs: Vec<Ipv4Net>,
    pub cluster: Cluster,
    pub node_group: NodeGroup,
    /// Tags every taggable resource carries (the user's), before per-resource tags.
    pub tags: Tags,
    pub flow_logs: bool,
    pub karpenter_discovery: bool,
    /// The add-ons the cluster runs: the spec's, or (imported) those an
    /// installed EKS managed add-on stands for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addons: Vec<Addon>,
    /// EKS managed add-ons: the outputs install them (planned), or they are
    /// installed (imported, when `aws eks list-addons` was collected).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_addons: Vec<ManagedAddon>,
    /// Where pods get their addresses, when the spec says (`podNetwork`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_network: Option<PodNetwork>,
}

/// The pod IP space: a secondary CIDR with the pod subnets (`Tier::Pod`,
/// among the topology's subnets), and the VPC CNI's prefix mode.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodNetwork {
    /// The VPC's secondary CIDR the pod subnets are carved from (None:
    /// prefix delegation alone, in the node subnets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_cidr: Option<Ipv4Net>,
    /// How pods use the pod subnets (meaningful with a secondary CIDR).
    pub mode: PodNetworkMode,
    pub prefix_delegation: bool,
    /// Subnet CIDR reservations of the `prefix` type, so whole /28s stay
    /// free for prefix delegation: one per subnet pods take prefixes from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefix_reservations: Vec<PrefixReservation>,
}

/// A subnet CIDR reservation of the `prefix` type.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrefixReservation {
    /// The `id` of the subnet it is in.
    pub subnet: String,
    pub cidr: Ipv4Net,
}

impl PodNetwork {
    /// Custom networking is on: a secondary CIDR in that mode.
    pub fn custom_networking(&self) -> bool {
        self.secondary_cidr.is_some() && self.mode == PodNetworkMode::CustomNetworking
    }
}
/// An EKS managed add-on (`vpc-cni`, `eks-pod-identity-agent`, ...).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedAddon {
    pub name: String,
    /// Created after the node group (its pods are a Deployment, which waits
    /// for nodes); else before it, so nodes start with it.
    pub after_nodes: bool,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vpc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub cidr: Ipv4Net,
    /// An IPv6 block is associated: planned, an Amazon-provided /56 whose
    /// address is known only once deployed, so subnets name their /64 by
    /// index into it; imported, `ipv6_cidrs`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub amazon_ipv6: bool,
    /// Imported only: the VPC's associated IPv6 blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidrs: Vec<Ipv6Net>,
    pub enable_dns_support: bool,
    pub enable_dns_hostnames: bool,
    /// Addresses of the VPC in no subnet.
    pub unallocated_addresses: u64,
    /// Further IPv4 CIDR blocks associated with the VPC (subnets may lie in
    /// any of them): imported, or planned for pods (`podNetwork`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secondary_cidrs: Vec<Ipv4Net>,
    /// Imported only, when the DHCP options were collected: whether the
    /// VPC's DHCP options hand out AmazonProvidedDNS (private endpoint names
    /// resolve only through the VPC resolver).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amazon_provided_dns: Option<bool>,
}

impl Vpc {
    /// The VPC's CIDR blocks, primary first.
    pub fn cidrs(&self) -> impl Iterator<Item = &Ipv4Net> {
        std::iter::once(&self.cidr).chain(self.secondary_cidrs.iter())
    }
}

/// An availability zone as the user named it: `us-west-2a` or, by ID, `usw2-az1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Az {
    pub name: String,
    /// True when `name` is an AZ ID (`usw2-az1`), which CloudFormation and
    /// Terraform take in a different property than AZ names.
    pub is_id: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Public,
    Private,
    /// A pod subnet of the secondary CIDR (`podNetwork`): no nodes, no load
    /// balancers; on its AZ's node route table.
    Pod,
}

impl Subnet {
    /// Its free addresses: what AWS reports for an imported subnet, all its
    /// usable ones for a planned (empty) one.
    pub fn free_addresses(&self) -> u64 {
        self.available_addresses.unwrap_or(self.usable_addresses)
    }
    /// "subnet <id>": the resource a finding about it is on.
    pub fn place(&self) -> String {
        ["subnet ", &self.id].concat()
    }
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::Private => "private",
            Tier::Pod => "pod",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
    /// Stable key: `public-us-west-2a` when planned, the subnet ID when imported.
    pub id: String,
    pub tier: Tier,
    pub az: String,
    pub cidr: Ipv4Net,
    /// The subnet's IPv6 /64, in a dual-stack VPC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<SubnetIpv6>,
    pub map_public_ip_on_launch: bool,
    /// The `id` of the route table this subnet uses.
    pub route_table: String,
    /// Role tags, Karpenter discovery and the user's tags (not `Name`: each
    /// format names resources its own way).
    pub tags: Tags,
    /// Addresses left after AWS reserves five.
    pub usable_addresses: u64,
    /// Imported only: what AWS reports as free now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_addresses: Option<u64>,
    /// Nodes run here (and EKS places its cross-account ENIs here).
    pub nodes: bool,
}

/// A subnet's IPv6 block and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetIpv6 {
    /// Which /64 of the VPC's /56 (0 to 255): the same subnet keeps the
    /// same index whenever the spec is regenerated (imported: the /64's
    /// place in the VPC's first block, 0 outside it).
    pub index: u8,
    /// Imported only: the subnet's IPv6 block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Ipv6Net>,
    /// Instances launched here get an IPv6 address (EKS requires it of
    /// node subnets).
    pub assign_on_creation: bool,
    /// The VPC resolver returns synthesized IPv6 addresses for IPv4-only
    /// names (useful only with NAT64).
    pub dns64: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteTable {
    /// `public`, `private-us-west-2a`, or the route table ID when imported.
    pub id: String,
    pub tier: Tier,
    /// Set for per-AZ route tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    /// The VPC's main route table (imported VPCs): subnets without an explicit
    /// association use it.
    pub main: bool,
    /// Routes besides the implicit `local` route for the VPC CIDR.
    pub routes: Vec<Route>,
    /// IPv6 routes besides the VPC's local IPv6 route (dual-stack VPCs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ipv6_routes: Vec<Ipv6Route>,
    /// Imported only: routes whose destination is a prefix list (a gateway
    /// endpoint's, or a managed prefix list), whose addresses the collected
    /// JSON does not hold. A planned table's gateway endpoint routes are
    /// its endpoints' `route_tables`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_routes: Vec<PrefixListRoute>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrefixListRoute {
    /// `pl-...`
    pub prefix_list: String,
    pub target: RouteTarget,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub destination: Ipv4Net,
    pub target: RouteTarget,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ipv6Route {
    pub destination: Ipv6Net,
    pub target: Ipv6Target,
}

/// Where an IPv6 route leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum Ipv6Target {
    InternetGateway,
    EgressOnlyInternetGateway,
    /// Anything else an imported VPC routes IPv6 to; `id` as AWS names it.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum RouteTarget {
    InternetGateway,
    /// The `id` of a NAT gateway in this topology.
    NatGateway(String),
    TransitGateway(String),
    /// Anything else an imported VPC routes to (peering, instance, ...), which
    /// eksnet cannot follow; `id` as AWS names it.
    Other(String),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gateway {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NatGateway {
    /// `nat-us-west-2a` when planned.
    pub id: String,
    pub az: String,
    /// The public subnet it sits in (zonal NAT gateways only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet: Option<String>,
    /// Known only for imported VPCs; planned ones get an EIP at deploy time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<std::net::Ipv4Addr>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitGateway {
    pub id: String,
    /// Subnets of the VPC attachment (one per AZ).
    pub attachment_subnets: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VpcEndpoint {
    /// Short service name: `ecr.api`, `s3`.
    pub service: String,
    /// Full service name for this region and partition.
    pub service_name: String,
    pub kind: EndpointKind,
    /// Why it is here, in one line.
    pub reason: String,
    /// Part of the architecture's required set.
    pub required: bool,
    /// The add-ons that call it (planned without a route out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub for_addons: Vec<Addon>,
    /// Interface endpoints: the subnets they have ENIs in.
    pub subnets: Vec<String>,
    /// Gateway endpoints: the route tables they add their routes to.
    pub route_tables: Vec<String>,
    pub private_dns: bool,
    /// Imported only: the endpoint ID (`vpce-...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    /// Imported only: the security groups on its network interfaces.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    /// Interface endpoints with their own security groups (imported): TCP
    /// 443 is admitted from these CIDRs. None means the topology's shared
    /// endpoint security group (`Topology::endpoint_ingress_cidrs`) applies,
    /// as in every planned network.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress_cidrs: Option<Vec<Ipv4Net>>,
}

impl VpcEndpoint {
    /// The CIDRs TCP 443 is admitted from, whichever security group holds them.
    pub fn ingress<'a>(&'a self, t: &'a Topology) -> &'a [Ipv4Net] {
        self.ingress_cidrs
            .as_deref()
            .unwrap_or(&t.endpoint_ingress_cidrs)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: String,
    pub endpoint_public_access: bool,
    pub endpoint_private_access: bool,
    /// CIDRs allowed to reach the public endpoint (empty when it is off).
    pub public_access_cidrs: Vec<Ipv4Net>,
    /// IPv6 CIDRs allowed to reach the public endpoint (IPv6 clusters,
    /// whose public endpoint is dual-stack).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public_access_ipv6_cidrs: Vec<Ipv6Net>,
    /// The NAT gateways' Elastic IPs are appended to `public_access_cidrs` at
    /// deploy time: the public endpoint is restricted, private access is off,
    /// and nodes leave through NAT.
    pub allow_nat_addresses: bool,
    /// None in an IPv6 cluster: EKS assigns its service range.
    pub service_ipv4_cidr: Option<Ipv4Net>,
    /// Where EKS places its cross-account ENIs.
    pub subnets: Vec<String>,
    pub logging: Vec<LogType>,
    pub secrets_encryption: bool,
    pub admin_principal_arns: Vec<String>,
    /// EKS gives the cluster's creator a cluster-admin access entry.
    pub creator_admin: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroup {
    pub name: String,
    pub subnets: Vec<String>,
    pub instance_types: Vec<String>,
    pub min_size: u32,
    pub desired_size: u32,
    pub max_size: u32,
    /// Nodes get no public IP (eksctl `privateNetworking`).
    pub private_networking: bool,
    /// The AMI type every format names (`aws::ami::ami_type` of the
    /// instance types), found once when planning. None for an imported node
    /// group, whose AMI type eksnet does not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ami_type: Option<&'static str>,
    /// Pods one node can hold with the VPC CNI in the network's mode
    /// (largest instance type: the most subnet addresses one node can take).
    pub max_pods_per_node: u32,
    /// Addresses one node takes at max pods, in its own subnet and in its
    /// AZ's pod subnet (the largest of the instance types').
    pub addresses_per_node: NodeAddresses,
    /// The node role's AWS managed policies (planned; empty when imported).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// The node role also holds the VPC CNI's IPv6 permissions
    /// (`aws::ipv6::CNI_IPV6_ACTIONS`), a policy of the cluster's own: AWS
    /// manages none for IPv6.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cni_ipv6_policy: bool,
}

/// Addresses one node takes at max pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeAddresses {
    /// In the node's subnet: its primary address, and its pods' unless
    /// custom networking moves them.
    pub node_subnet: u64,
    /// In its AZ's pod subnet (custom networking; else 0).
    pub pod_subnet: u64,
}

impl Topology {
    /// How the VPC CNI gives pods addresses in this network.
    pub fn cni_mode(&self) -> CniMode {
        self.pod_network
            .as_ref()
            .map_or(CniMode::default(), |p| CniMode {
                custom_networking: p.custom_networking(),
                prefix_delegation: p.prefix_delegation,
            })
    }
    /// Interface endpoint network interfaces, one per endpoint and subnet:
    /// what PrivateLink charges by the hour.
    pub fn interface_endpoint_azs(&self) -> usize {
        self.endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::Interface)
            .map(|e| e.subnets.len())
            .sum()
    }

    /// Public IPv4 addresses the network holds: one per NAT gateway, and
    /// one per node at the desired size when nodes get public IPs.
    pub fn public_ipv4_addresses(&self) -> usize {
        let nodes = if self.node_group.private_networking {
            0
        } else {
            self.node_group.desired_size as usize
        };
        self.nat_gateways.len() + nodes
    }

    /// The architecture's name, or `imported` for a VPC eksnet did not plan.
    pub fn architecture_name(&self) -> &'static str {
        self.architecture.map_or("imported", |a| a.as_str())
    }
    /// How the node group's nodes launch (root volume, IMDS), which every
    /// format writes in a launch template: eksctl's managed node group
    /// defaults (`aws::nodes::EKSCTL_NODE_LAUNCH`) for a planned node group,
    /// so the three formats deploy the same nodes. None for an imported one,
    /// whose launch template eksnet does not read.
    pub fn node_launch(&self) -> Option<NodeLaunch> {
        (self.source == Source::Planned).then_some(crate::aws::nodes::EKSCTL_NODE_LAUNCH)
    }
    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.id == id)
    }
    /// The subnets by `id`, for lookups inside a loop over a large VPC's
    /// subnets ([`Topology::subnet`] scans them); as there, the first of a
    /// repeated ID is the one found.
    pub fn subnets_by_id(&self) -> HashMap<&str, &Subnet> {
        self.subnets
            .iter()
            .rev()
            .map(|s| (s.id.as_str(), s))
            .collect()
    }
    pub fn route_table(&self, id: &str) -> Option<&RouteTable> {
        self.route_tables.iter().find(|r| r.id == id)
    }
    pub fn nat_gateway(&self, id: &str) -> Option<&NatGateway> {
        self.nat_gateways.iter().find(|n| n.id == id)
    }
    pub fn endpoint(&self, service: &str) -> Option<&VpcEndpoint> {
        self.endpoints.iter().find(|e| e.service == service)
    }
    pub fn subnets_of(&self, tier: Tier) -> impl Iterator<Item = &Subnet> {
        self.subnets.iter().filter(move |s| s.tier == tier)
    }
    pub fn node_subnets(&self) -> impl Iterator<Item = &Subnet> {
        self.subnets.iter().filter(|s| s.nodes)
    }
}
