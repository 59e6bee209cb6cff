//! Laying out the network once planning has settled every choice: subnets,
//! route tables and gateways, endpoints, the cluster and its node group.
//!
//! Nothing here can fail; what it finds worth saying (NAT addresses added
//! to the public endpoint, instance types without ENI figures) are notes.

use super::addons;
use super::carve::Carved;
use super::checks::Access;
use super::cidr;
use super::endpoints::{node_claim, plan_endpoints};
use super::ipv6;
use super::layout;
use super::model::*;
use super::names::node_group_name;
use crate::aws::{instances, regions};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Addon, Architecture, Egress, IpFamily, NatMode, PodNetworkMode, Spec};
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

/// What the checks settled: every value the layout needs, valid.
pub(super) struct Settled<'a> {
    pub spec: &'a Spec,
    pub region: &'static regions::Region,
    pub arch: Architecture,
    pub nat: NatMode,
    pub egress: Egress,
    /// The transit gateway private-only egress goes to.
    pub tgw: Option<String>,
    pub azs: Vec<Az>,
    pub vpc_cidr: Ipv4Net,
    pub carved: Carved,
    /// None in an IPv6 cluster.
    pub service_cidr: Option<Ipv4Net>,
    pub access: Access,
    /// The node group's AMI type (`check_ami_type`).
    pub ami_type: &'static str,
    /// `podNetwork`, checked (`pods::check`).
    pub pods: Option<super::pods::PodAsk>,
}

impl Settled<'_> {
    /// Nodes run in the public subnets (public-only), else in the private ones.
    fn nodes_public(&self) -> bool {
        self.arch == Architecture::PublicOnly
    }
}

/// Subnets, their route tables and the NAT gateways, as they are laid out.
#[derive(Default)]
struct Network {
    subnets: Vec<Subnet>,
    route_tables: Vec<RouteTable>,
    nat_gateways: Vec<NatGateway>,
}

pub(super) fn lay_out(s: Settled, d: &mut Diagnostics) -> Topology {
    let mut net = Network::default();
    public_tier(&s, &mut net);
    net.nat_gateways = nat_gateways(&s);
    private_tier(&s, &mut net);
    pod_tier(&s, &mut net);
    let endpoints = plan_endpoints(s.spec, s.region, s.arch, s.egress, s.nat, &net.subnets, d);
    let cluster = cluster(&s, &net, d);
    let addon_list = addons::distinct(&s.spec.addons);
    let pod_network = pod_network(&s, &net);
    let cni = pod_network
        .as_ref()
        .map_or(CniMode::default(), |p| CniMode {
            custom_networking: p.custom_networking(),
            prefix_delegation: p.prefix_delegation,
        });
    let node_group = node_group(&s, &net, &addon_list, cni, d);
    let secondary = secondary_cidr(&s);
    let family = s.spec.ip_family;
    let mut t = Topology {
        source: Source::Planned,
        layout: Layout::Custom,
        name: s.spec.name.clone(),
        region: s.spec.region.clone(),
        partition: s.region.partition.to_string(),
        kubernetes_version: s.spec.kubernetes_version.clone(),
        architecture: Some(s.arch),
        ip_family: family,
        nat_mode: s.nat,
        vpc: vpc(s.vpc_cidr, family, secondary, &net.subnets),
        internet_gateway: s.arch.has_public_subnets().then_some(Gateway { id: None }),
        egress_only_internet_gateway: ipv6::has_egress_only_gateway(family, s.arch)
            .then_some(Gateway { id: None }),
        transit_gateway: transit_gateway(s.tgw.clone(), &net.subnets),
        availability_zones: s.azs,
        endpoint_ingress_cidrs: endpoint_ingress_cidrs(s.vpc_cidr, secondary, &endpoints),
        endpoints,
        cluster,
        node_group,
        subnets: net.subnets,
        route_tables: net.route_tables,
        nat_gateways: net.nat_gateways,
        tags: s.spec.tags.clone(),
        flow_logs: s.spec.flow_logs,
        karpenter_discovery: s.spec.karpenter_tags(),
        managed_addons: addons::managed(&addon_list),
        addons: addon_list,
        pod_network,
    };
    t.layout = layout::of(&t);
    t
}

/// The public route table (to the internet gateway) and a public subnet per AZ.
fn public_tier(s: &Settled, net: &mut Network) {
    if !s.carved.public.is_empty() {
        net.route_tables.push(RouteTable {
            id: "public".into(),
            tier: Tier::Public,
            az: None,
            main: false,
            routes: vec![Route {
                destination: cidr::ANY,
                target: RouteTarget::InternetGateway,
            }],
            ipv6_routes: ipv6::public_routes(s.spec.ip_family),
            prefix_list_routes: vec![],
        });
    }
    for (i, (az, cidr)) in s.azs.iter().zip(&s.carved.public).enumerate() {
        let mut subnet = subnet(s, Tier::Public, (i, az), *cidr, "public".into());
        // TRUE on every public subnet, as AWS's templates, eksctl and the
        // CDK do: a node group placed there later must get public IPs
        // (the 2020 change), and NAT gateways need nothing else.
        subnet.map_public_ip_on_launch = true;
        net.subnets.push(subnet);
    }
}

/// One NAT gateway in the first AZ's public subnet, or one per AZ.
fn nat_gateways(s: &Settled) -> Vec<NatGateway> {
    let nat_azs: Vec<&Az> = match s.nat {
        NatMode::None => vec![],
        NatMode::Single => s.azs.iter().take(1).collect(),
        NatMode::PerAz => s.azs.iter().collect(),
    };
    nat_azs
        .into_iter()
        .map(|az| NatGateway {
            id: format!("nat-{}", az.name),
            az: az.name.clone(),
            subnet: Some(format!("public-{}", az.name)),
            public_ip: None,
        })
        .collect()
}

/// A private subnet per AZ, each with its own route table.
fn private_tier(s: &Settled, net: &mut Network) {
    let family = s.spec.ip_family;
    let egress_only = ipv6::has_egress_only_gateway(family, s.arch);
    for (i, (az, cidr)) in s.azs.iter().zip(&s.carved.private).enumerate() {
        let rt = format!("private-{}", az.name);
        net.route_tables.push(RouteTable {
            id: rt.clone(),
            tier: Tier::Private,
            az: Some(az.name.clone()),
            main: false,
            routes: private_routes(s, &net.nat_gateways, az),
            ipv6_routes: ipv6::private_routes(family, egress_only),
            prefix_list_routes: vec![],
        });
        net.subnets
            .push(subnet(s, Tier::Private, (i, az), *cidr, rt));
    }
}

/// A pod subnet per AZ of the secondary CIDR, on the route table of that
/// AZ's node subnet (the same NAT gateway, endpoints and S3 route). With
/// subnet discovery the VPC CNI finds it by its `kubernetes.io/role/cni` tag.
fn pod_tier(s: &Settled, net: &mut Network) {
    let discovery = s
        .pods
        .as_ref()
        .is_some_and(|p| p.mode == PodNetworkMode::SubnetDiscovery);
    for (i, (az, cidr)) in s.azs.iter().zip(&s.carved.pod).enumerate() {
        let Some(rt) = net
            .subnets
            .iter()
            .find(|n| n.nodes && n.az == az.name)
            .map(|n| n.route_table.clone())
        else {
            continue;
        };
        let mut subnet = subnet(s, Tier::Pod, (i, az), *cidr, rt);
        if discovery {
            subnet
                .tags
                .insert("kubernetes.io/role/cni".into(), "1".into());
        }
        net.subnets.push(subnet);
    }
}

fn secondary_cidr(s: &Settled) -> Option<Ipv4Net> {
    s.pods.as_ref().and_then(|p| p.secondary)
}

/// The pod network, with a prefix reservation in each subnet pods take
/// prefixes from: the pod subnets with custom networking, else the node
/// subnets (and, with subnet discovery, the pod subnets too).
fn pod_network(s: &Settled, net: &Network) -> Option<PodNetwork> {
    let p = s.pods.as_ref()?;
    let mut pn = PodNetwork {
        secondary_cidr: p.secondary,
        mode: p.mode,
        prefix_delegation: p.prefix_delegation,
        prefix_reservations: vec![],
    };
    if p.prefix_delegation {
        let custom = pn.custom_networking();
        pn.prefix_reservations = net
            .subnets
            .iter()
            .filter(|n| match n.tier {
                Tier::Pod => true,
                _ => n.nodes && !custom,
            })
            .filter_map(|n| {
                upper_half(&n.cidr).map(|cidr| PrefixReservation {
                    subnet: n.id.clone(),
                    cidr,
                })
            })
            .collect();
    }
    Some(pn)
}

/// The upper half of a subnet, when it holds at least one /28.
fn upper_half(net: &Ipv4Net) -> Option<Ipv4Net> {
    let half = net.prefix_len() + 1;
    if half > 28 {
        return None;
    }
    let start = u32::from(net.network()) + (1u32 << (32 - half));
    Ipv4Net::new(start.into(), half).ok()
}

/// A private subnet's way out: its AZ's NAT gateway (else the single
/// one), or the transit gateway.
fn private_routes(s: &Settled, nat_gateways: &[NatGateway], az: &Az) -> Vec<Route> {
    let mut routes = Vec::new();
    if let Some(n) = nat_gateways
        .iter()
        .find(|n| n.az == az.name)
        .or(nat_gateways.first())
    {
        routes.push(Route {
            destination: cidr::ANY,
            target: RouteTarget::NatGateway(n.id.clone()),
        });
    }
    if let Some(id) = &s.tgw {
        routes.push(Route {
            destination: cidr::ANY,
            target: RouteTarget::TransitGateway(id.clone()),
        });
    }
    routes
}

/// A subnet of `tier` in `az` (the spec's `position`-th zone), with its
/// role and discovery tags; nodes run there when the architecture puts
/// them in that tier.
fn subnet(
    s: &Settled,
    tier: Tier,
    (position, az): (usize, &Az),
    cidr: Ipv4Net,
    route_table: String,
) -> Subnet {
    let nodes = tier != Tier::Pod && (tier == Tier::Public) == s.nodes_public();
    // Karpenter finds its subnets by this tag: every private one, and the
    // public ones where nodes run there.
    let discovered = match tier {
        Tier::Public => nodes,
        Tier::Private => true,
        Tier::Pod => false,
    };
    let mut tags = role_tag(tier);
    if s.spec.karpenter_tags() && discovered {
        tags.insert("karpenter.sh/discovery".into(), s.spec.name.clone());
    }
    Subnet {
        id: format!("{}-{}", tier.as_str(), az.name),
        tier,
        az: az.name.clone(),
        cidr,
        ipv6: ipv6::subnet(s.spec.ip_family, tier, az, position),
        map_public_ip_on_launch: false,
        route_table,
        tags,
        usable_addresses: cidr::usable(&cidr),
        available_addresses: None,
        nodes,
    }
}

/// The load balancer role tag of a tier; pod subnets hold no load balancers.
fn role_tag(tier: Tier) -> Tags {
    let key = match tier {
        Tier::Public => "kubernetes.io/role/elb",
        Tier::Private => "kubernetes.io/role/internal-elb",
        Tier::Pod => return Tags::new(),
    };
    BTreeMap::from([(key.to_string(), "1".to_string())])
}

fn vpc(cidr: Ipv4Net, family: IpFamily, secondary: Option<Ipv4Net>, subnets: &[Subnet]) -> Vpc {
    let allocated: u64 = subnets
        .iter()
        .filter(|s| cidr.contains(&s.cidr))
        .map(|s| cidr::size(&s.cidr))
        .sum();
    Vpc {
        id: None,
        cidr,
        amazon_ipv6: family == IpFamily::Ipv6,
        ipv6_cidrs: vec![],
        enable_dns_support: true,
        enable_dns_hostnames: true,
        unallocated_addresses: cidr::size(&cidr).saturating_sub(allocated),
        secondary_cidrs: secondary.into_iter().collect(),
        amazon_provided_dns: None,
    }
}

/// The transit gateway, attached in the private subnets.
fn transit_gateway(id: Option<String>, subnets: &[Subnet]) -> Option<TransitGateway> {
    id.map(|id| TransitGateway {
        id,
        attachment_subnets: subnets
            .iter()
            .filter(|s| s.tier == Tier::Private)
            .map(|s| s.id.clone())
            .collect(),
    })
}

/// Interface endpoints admit HTTPS from the whole VPC, its pods' CIDR too.
fn endpoint_ingress_cidrs(
    vpc: Ipv4Net,
    secondary: Option<Ipv4Net>,
    endpoints: &[VpcEndpoint],
) -> Vec<Ipv4Net> {
    if endpoints.iter().any(|e| e.kind == EndpointKind::Interface) {
        std::iter::once(vpc).chain(secondary).collect()
    } else {
        vec![]
    }
}

fn node_subnet_ids(net: &Network) -> Vec<String> {
    net.subnets
        .iter()
        .filter(|s| s.nodes)
        .map(|s| s.id.clone())
        .collect()
}

fn cluster(s: &Settled, net: &Network, d: &mut Diagnostics) -> Cluster {
    let (public_access, private_access, public_access_cidrs, public_access_ipv6_cidrs) =
        s.access.clone();
    let allow_nat_addresses = allow_nat_addresses(&s.access, &net.nat_gateways, d);
    let mut logging = s.spec.control_plane_logging.clone();
    logging.sort();
    logging.dedup();
    Cluster {
        name: s.spec.name.clone(),
        endpoint_public_access: public_access,
        endpoint_private_access: private_access,
        public_access_cidrs,
        public_access_ipv6_cidrs,
        allow_nat_addresses,
        service_ipv4_cidr: s.service_cidr,
        subnets: node_subnet_ids(net),
        logging,
        secrets_encryption: s.spec.secrets_encryption,
        admin_principal_arns: s.spec.admin_principal_arns.clone(),
        creator_admin: s.spec.cluster_creator_admin,
    }
}

/// A restricted public endpoint without private access must admit the
/// nodes, which leave through the NAT gateways: their addresses are added.
fn allow_nat_addresses(access: &Access, nat_gateways: &[NatGateway], d: &mut Diagnostics) -> bool {
    let (public, private, cidrs, _) = access;
    let open_to_all = cidrs.iter().any(cidr::is_any);
    let allow = *public && !private && !open_to_all && !nat_gateways.is_empty();
    if allow {
        d.push(
            Diagnostic::new(
                Code::N035,
                format!(
                    "the Elastic IPs of {} NAT gateway(s) are added to the public endpoint's CIDRs",
                    nat_gateways.len()
                ),
            )
            .at("endpointAccess.publicCidrs"),
        );
    }
    allow
}

fn node_group(
    s: &Settled,
    net: &Network,
    addon_list: &[Addon],
    cni: CniMode,
    d: &mut Diagnostics,
) -> NodeGroup {
    let g = &s.spec.node_group;
    let ipv6 = s.spec.ip_family == IpFamily::Ipv6;
    // IPv6 forces prefix mode, whose max pods follow the vCPUs; pods then
    // take IPv6 addresses, and a node only its own IPv4 one.
    let (claim, unknown) = if ipv6 {
        let (max_pods, unknown) = ipv6::max_pods(&g.instance_types);
        let claim = Claim {
            max_pods,
            node_subnet: 1,
            pod_subnet: 0,
        };
        (claim, unknown)
    } else {
        node_claim(&g.instance_types, cni)
    };
    for t in unknown {
        d.push(
            Diagnostic::new(
                Code::N067,
                format!(
                    "`{t}` is not in eksnet's ENI table; assuming {} pods per node",
                    instances::UNKNOWN_MAX_PODS
                ),
            )
            .at("nodeGroup.instanceTypes"),
        );
    }
    NodeGroup {
        name: node_group_name(&s.spec.name),
        subnets: node_subnet_ids(net),
        instance_types: g.instance_types.clone(),
        min_size: g.min_size,
        desired_size: g.desired_size,
        max_size: g.max_size,
        private_networking: !s.nodes_public(),
        ami_type: Some(s.ami_type),
        max_pods_per_node: claim.max_pods,
        addresses_per_node: NodeAddresses {
            node_subnet: claim.node_subnet,
            pod_subnet: claim.pod_subnet,
        },
        policies: addons::node_policies(addon_list),
        cni_ipv6_policy: ipv6,
    }
}
