//! Reachability: the path a node in each node subnet takes to what it needs.
//!
//! 1. The cluster API endpoint (to register: required to join).
//! 2. ECR and S3 (to pull the images every node runs: required to join).
//! 3. STS, and eks-auth with Pod Identity (pod credentials: wanted).
//! 4. The AWS services the cluster's add-ons call (wanted).
//!
//! It follows the model as AWS would: the subnet's route table, each of its
//! routes by longest prefix match (`lpm`: every part of the internet must
//! lead out, and the VPC's addresses must stay on the local route), whether
//! the node gets a public IP, the NAT gateway's own route, the
//! endpoint access settings, VPC DNS, and the VPC endpoints. It reads only the
//! Topology, so it works the same on a planned and an imported network.

use super::cidr;
use super::lpm::{self, Next};
use super::model::*;
use crate::diag::{Code, Diagnostic};
use crate::hash::{HashMap, HashSet};
use ipnet::Ipv4Net;
use serde::Serialize;

use super::path::Trail;
pub use super::path::{Cause, EndpointProblem, Family, Hop, Path};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetReach {
    pub subnet: String,
    pub az: String,
    pub api: Path,
    /// IPv6 clusters: the nodes' path to the dual-stack API endpoint over
    /// IPv6 (`api` is the IPv4 one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_ipv6: Option<Path>,
    pub images: Path,
    pub credentials: Path,
    /// The AWS services the cluster's add-ons call beyond those above
    /// (none: no such add-on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addons: Option<Path>,
    /// What `credentials` covers: "STS", or "STS + eks-auth" with Pod Identity.
    #[serde(skip)]
    pub credentials_label: &'static str,
}

impl SubnetReach {
    /// The paths with the label reports print beside each.
    pub fn paths(&self) -> Vec<(&'static str, &Path)> {
        let mut out = vec![(API_LABEL, &self.api)];
        if let Some(p) = &self.api_ipv6 {
            out.push((API_LABEL, p));
        }
        out.extend([
            (IMAGES_LABEL, &self.images),
            (self.credentials_label, &self.credentials),
        ]);
        if let Some(a) = &self.addons {
            out.push((ADDONS_LABEL, a));
        }
        out
    }
    /// Whether nodes reach the API endpoint on some family.
    pub fn api_reached(&self) -> bool {
        self.api.ok || self.api_ipv6.as_ref().is_some_and(|p| p.ok)
    }
}

/// The label of the path to the API endpoint (either family's).
pub const API_LABEL: &str = "API endpoint";
/// The label of the path to the images (ECR and S3).
pub const IMAGES_LABEL: &str = "ECR + S3";
/// The label of the add-on services' path.
pub const ADDONS_LABEL: &str = "add-on APIs";

/// The services pods take credentials from: STS (IRSA), and eks-auth when
/// the cluster runs EKS Pod Identity.
fn credential_services(t: &Topology) -> (&'static str, Vec<(&'static str, bool)>) {
    if t.addons.contains(&crate::spec::Addon::PodIdentity) {
        ("STS + eks-auth", vec![("sts", false), ("eks-auth", false)])
    } else {
        ("STS", vec![("sts", false)])
    }
}

/// The services the add-ons call that no other path covers, each once.
fn addon_services(t: &Topology) -> Vec<(&'static str, bool)> {
    let covered = ["ec2", "ecr.api", "ecr.dkr", "s3", "sts", "eks-auth"];
    let mut out: Vec<&'static str> = t
        .addons
        .iter()
        .flat_map(|a| a.profile().endpoints.iter().copied())
        .filter(|s| !covered.contains(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out.into_iter().map(|s| (s, false)).collect()
}

/// The topology's parts by ID, and where each route table sends the
/// internet, found once for an analysis so that each subnet's paths cost
/// the same in a large VPC.
struct Index<'t> {
    subnets: HashMap<&'t str, &'t Subnet>,
    route_tables: HashMap<&'t str, &'t RouteTable>,
    nats: HashMap<&'t str, &'t NatGateway>,
    vpc: Vec<Ipv4Net>,
    /// By service: whom an endpoint admits (None: what the topology's
    /// endpoints admit unless told otherwise, `shared_ingress`, made once
    /// however many endpoints share it), and the route tables it is on.
    ingress: HashMap<&'t str, Option<cidr::Cover>>,
    shared_ingress: cidr::Cover,
    on_tables: HashMap<&'t str, HashSet<&'t str>>,
    /// By route table: where it sends the internet; and the tables with a
    /// route into the VPC's own blocks (only those can take VPC traffic
    /// from the local route). Each table is matched once, not per subnet.
    ways: HashMap<&'t str, Vec<Way>>,
    /// Where a table not found sends the internet: nowhere.
    no_table: Vec<Way>,
    routes_inside: HashSet<&'t str>,
}

impl<'t> Index<'t> {
    fn new(t: &'t Topology) -> Index<'t> {
        let internet = lpm::internet();
        let vpc: Vec<Ipv4Net> = t.vpc.cidrs().copied().collect();
        let ways = t
            .route_tables
            .iter()
            .rev()
            .map(|rt| (rt.id.as_str(), internet_ways(&vpc, Some(rt), &internet)))
            .collect();
        let routes_inside = t
            .route_tables
            .iter()
            .filter(|rt| {
                rt.routes
                    .iter()
                    .any(|r| vpc.iter().any(|v| v.contains(&r.destination)))
            })
            .map(|rt| rt.id.as_str())
            .collect();
        Index {
            ways,
            no_table: internet_ways(&vpc, None, &internet),
            routes_inside,
            subnets: t.subnets.iter().map(|s| (s.id.as_str(), s)).collect(),
            route_tables: t.route_tables.iter().map(|r| (r.id.as_str(), r)).collect(),
            nats: t.nat_gateways.iter().map(|n| (n.id.as_str(), n)).collect(),
            vpc,
            shared_ingress: if t.endpoints.iter().any(|e| e.ingress_cidrs.is_none()) {
                cidr::Cover::new(&t.endpoint_ingress_cidrs)
            } else {
                cidr::Cover::default()
            },
            // Reversed: the first endpoint of a service is the one kept.
            ingress: t
                .endpoints
                .iter()
                .rev()
                .map(|e| {
                    (
                        e.service.as_str(),
                        e.ingress_cidrs.as_ref().map(cidr::Cover::new),
                    )
                })
                .collect(),
            on_tables: t
                .endpoints
                .iter()
                .rev()
                .map(|e| {
                    let rts = e.route_tables.iter().map(String::as_str).collect();
                    (e.service.as_str(), rts)
                })
                .collect(),
        }
    }
    /// Whether the endpoint of `service` admits TCP 443 from `net`.
    fn admits(&self, service: &str, net: &Ipv4Net) -> bool {
        match self.ingress.get(service) {
            Some(Some(own)) => own.contains(net),
            Some(None) => self.shared_ingress.contains(net),
            None => false,
        }
    }
    fn route_table(&self, id: &str) -> Option<&'t RouteTable> {
        self.route_tables.get(id).copied()
    }
    /// Where route table `id` sends the internet (a table not found routes nothing).
    fn ways(&self, id: &str) -> &[Way] {
        self.ways.get(id).unwrap_or(&self.no_table)
    }
}

/// One way out of a subnet. Its egress is found the first time a path
/// needs it: the paths of a private cluster's nodes mostly end at VPC
/// endpoints and never ask.
struct WayOut<'a> {
    t: &'a Topology,
    s: &'a Subnet,
    at: &'a Index<'a>,
    way: &'a Way,
    egress: std::cell::OnceCell<Egress>,
}

impl WayOut<'_> {
    fn egress(&self) -> &Egress {
        self.egress
            .get_or_init(|| egress(self.t, self.s, self.way, self.at))
    }
}

/// How traffic to the internet leaves a subnet, if it does.
#[derive(Debug, Clone)]
enum Egress {
    /// Straight to the internet gateway with the node's own public IP.
    OwnPublicIp(Trail),
    /// Through NAT: hops, and the NAT gateway.
    Nat(Trail, NatGateway),
    /// Into a transit gateway: eksnet cannot see beyond it.
    Transit(Trail),
    None(Trail, String, Cause),
}

/// Where route table `rt_id` sends 0.0.0.0/0, if anywhere. The plan's
/// views read it (a planned table routes nothing else outward); the
/// reachability engine routes by longest prefix match (`internet_ways`).
pub fn default_route(t: &Topology, rt_id: &str) -> Option<RouteTarget> {
    t.route_table(rt_id)?
        .routes
        .iter()
        .find(|r| cidr::is_any(&r.destination))
        .map(|r| r.target.clone())
}

/// One way a route table sends part of the internet: the target (None: no
/// route, the traffic is dropped) and the destinations of the routes that
/// lead there (for None, the unrouted blocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Way {
    pub target: Option<RouteTarget>,
    pub destinations: Vec<Ipv4Net>,
}

/// Where a route table sends the internet, by longest prefix match, one
/// `Way` per target in the order the router reaches them (the most
/// specific first); no route at all for it is one way to nowhere.
pub fn internet_ways(local: &[Ipv4Net], rt: Option<&RouteTable>, internet: &[Ipv4Net]) -> Vec<Way> {
    let Some(rt) = rt else {
        return vec![Way {
            target: None,
            destinations: vec![cidr::ANY],
        }];
    };
    let mut ways: Vec<Way> = Vec::new();
    for share in lpm::to_internet(local, rt, internet) {
        let (target, dest) = match share.next {
            Next::Route(r) => (Some(r.target.clone()), vec![r.destination]),
            _ => (None, share.blocks),
        };
        match ways.iter_mut().find(|w| w.target == target) {
            Some(w) => w.destinations.extend(dest),
            None => ways.push(Way {
                target,
                destinations: dest,
            }),
        }
    }
    // Unrouted blocks first: they break the path whatever the others do.
    ways.sort_by_key(|w| w.target.is_some());
    if ways.is_empty() {
        // Not reachable from a valid model (a VPC is never all of the
        // internet), but no input may leave a subnet without a way.
        ways.push(Way {
            target: None,
            destinations: vec![cidr::ANY],
        });
    }
    if let [w] = ways.as_mut_slice() {
        if w.target.is_none() {
            // Nothing of the internet is routed: no default route.
            w.destinations = vec![cidr::ANY];
        }
    }
    ways
}

/// Whether every public address `rt_id` routes goes to the VPC's internet
/// gateway (what a zonal NAT gateway's subnet needs).
pub fn internet_via_igw(t: &Topology, rt: Option<&RouteTable>, internet: &[Ipv4Net]) -> bool {
    t.internet_gateway.is_some()
        && internet_ways(&t.vpc.cidrs().copied().collect::<Vec<_>>(), rt, internet)
            .iter()
            .all(|w| w.target == Some(RouteTarget::InternetGateway))
}

/// "the default route" (0.0.0.0/0 alone), else "the routes to a, b", with
/// its verb's ending.
fn routes_phrase(dests: &[Ipv4Net]) -> (String, &'static str) {
    match dests {
        [d] if cidr::is_any(d) => ("the default route".into(), "s"),
        [d] => (format!("the route to {d}"), "s"),
        _ => (format!("the routes to {}", blocks_text(dests)), ""),
    }
}

/// Blocks as a list, the first few when there are many.
fn blocks_text(dests: &[Ipv4Net]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = dests.iter().take(SHOWN).map(|d| d.to_string()).collect();
    if dests.len() > SHOWN {
        s.push(format!("and {} more", dests.len() - SHOWN));
    }
    s.join(", ")
}

/// How traffic from `s` to one part of the internet leaves, if it does.
fn egress(t: &Topology, s: &Subnet, way: &Way, at: &Index) -> Egress {
    let mut hops = Trail::start(s);
    let rt = s.route_table.clone();
    let dests = blocks_text(&way.destinations);
    let (routes, verb) = routes_phrase(&way.destinations);
    match way.target.clone() {
        None if way.destinations.iter().any(cidr::is_any) => Egress::None(
            hops,
            format!(
                "route table {} has no default route (0.0.0.0/0)",
                s.route_table
            ),
            Cause::NoDefaultRoute { route_table: rt },
        ),
        None => Egress::None(
            hops,
            format!(
                "route table {} has no route to part of the internet ({dests}): traffic there is dropped",
                s.route_table
            ),
            Cause::NoDefaultRoute { route_table: rt },
        ),
        Some(RouteTarget::InternetGateway) => {
            if t.internet_gateway.is_none() {
                return Egress::None(
                    hops,
                    format!("{routes} point{verb} at an internet gateway the VPC does not have"),
                    Cause::NoInternetGateway { route_table: rt },
                );
            }
            if !s.map_public_ip_on_launch {
                return Egress::None(
                    hops,
                    format!("{dests} go{} to the internet gateway, but {} has MapPublicIpOnLaunch off: nodes get no public IP", if verb.is_empty() { "" } else { "es" }, s.id),
                    Cause::NoPublicIp { subnet: s.id.clone() },
                );
            }
            hops.push(
                format!("{dests} → internet gateway (node's own public IP)"),
                Hop::InternetGateway,
            );
            Egress::OwnPublicIp(hops)
        }
        Some(RouteTarget::NatGateway(id)) => {
            let Some(nat) = at.nats.get(id.as_str()).copied() else {
                return Egress::None(
                    hops,
                    format!("{routes} point{verb} at NAT gateway {id}, which does not exist"),
                    Cause::MissingNat {
                        route_table: rt,
                        nat: id,
                    },
                );
            };
            hops.push(
                format!("{dests} → NAT gateway {} in {}", nat.id, nat.az),
                Hop::NatGateway(nat.id.clone()),
            );
            if let Some(why) = nat_stuck(t, nat, at) {
                return Egress::None(
                    hops,
                    why,
                    Cause::NatWithoutInternet {
                        nat: nat.id.clone(),
                    },
                );
            }
            hops.push("internet gateway", Hop::InternetGateway);
            Egress::Nat(hops, nat.clone())
        }
        Some(RouteTarget::TransitGateway(id)) => {
            hops.push(
                format!(
                    "{dests} → transit gateway {id} (egress beyond it is assumed, not verified)"
                ),
                Hop::TransitGateway(id.clone()),
            );
            Egress::Transit(hops)
        }
        Some(RouteTarget::Other(id)) => Egress::None(
            hops,
            if id.contains("(blackhole") {
                format!("{routes} go{} to {id}: the traffic is dropped", if verb.is_empty() { "" } else { "es" })
            } else {
                format!("{routes} go{} to {id}, not a way out eksnet can follow", if verb.is_empty() { "" } else { "es" })
            },
            Cause::Unfollowable {
                route_table: rt,
                target: id,
            },
        ),
    }
}

/// Why a NAT gateway cannot reach the internet itself, if it cannot.
fn nat_stuck(t: &Topology, nat: &NatGateway, at: &Index) -> Option<String> {
    match nat
        .subnet
        .as_ref()
        .and_then(|id| at.subnets.get(id.as_str()).copied())
    {
        // A zonal NAT gateway needs its own subnet's routes to the IGW.
        Some(nat_subnet) => {
            let rt = at.route_table(&nat_subnet.route_table);
            let to_igw = rt.is_some_and(|rt| {
                t.internet_gateway.is_some()
                    && at
                        .ways(&rt.id)
                        .iter()
                        .all(|w| w.target == Some(RouteTarget::InternetGateway))
            });
            (!to_igw).then(|| {
                format!(
                    "NAT gateway {} sits in {}, which has no route to an internet gateway",
                    nat.id, nat_subnet.id
                )
            })
        }
        // A regional NAT gateway (no subnet) needs the VPC's internet gateway.
        None if nat.subnet.is_none() && t.internet_gateway.is_none() => Some(format!(
            "NAT gateway {} is regional, and the VPC has no internet gateway",
            nat.id
        )),
        None => None,
    }
}

/// Every way `s`'s traffic to the internet leaves (or is dropped), one per
/// target its route table sends part of the internet to.
fn egresses<'a>(t: &'a Topology, s: &'a Subnet, at: &'a Index<'a>) -> Vec<WayOut<'a>> {
    at.ways(&s.route_table)
        .iter()
        .map(|way| WayOut {
            t,
            s,
            at,
            way,
            egress: std::cell::OnceCell::new(),
        })
        .collect()
}
fn internet(e: &Egress) -> Option<Trail> {
    match e {
        Egress::OwnPublicIp(h) | Egress::Nat(h, _) | Egress::Transit(h) => Some(h.clone()),
        Egress::None(..) => None,
    }
}

fn api_path(t: &Topology, s: &Subnet, e: &WayOut, at: &Index) -> Path {
    let c = &t.cluster;
    let dns = t.vpc.enable_dns_support && t.vpc.enable_dns_hostnames;
    if c.endpoint_private_access && dns {
        // The private endpoint's name resolves to ENIs in the cluster
        // subnets: no fallback to the public endpoint.
        if let Some((destinations, to)) = routed_away(s, &c.subnets, at) {
            return Path::broken(
                Code::E061,
                Trail::start(s),
                format!(
                    "route table {} sends {} (the cluster subnets, where the private endpoint's ENIs are) to {to}, not the VPC's local route",
                    s.route_table,
                    blocks_text(&destinations)
                ),
                vec![Cause::LocalOverridden {
                    route_table: s.route_table.clone(),
                    destinations,
                }],
            );
        }
        let mut hops = Trail::start(s);
        hops.push("VPC local route", Hop::LocalRoute);
        hops.push(
            "EKS-managed ENI in the cluster subnets (private endpoint)",
            Hop::PrivateEndpoint,
        );
        return Path::ok(hops);
    }
    // What would mend the API path when the public one fails.
    let private_fix = if c.endpoint_private_access {
        Cause::VpcDnsOff
    } else {
        Cause::PublicCidrs { nat: None }
    };
    if !c.endpoint_public_access {
        if c.endpoint_private_access {
            return Path::broken(
                Code::E072,
                Trail::start(s),
                format!(
                    "{}, so the private endpoint's name does not resolve",
                    dns_off(t)
                ),
                vec![Cause::VpcDnsOff],
            );
        }
        return Path::broken(
            Code::E061,
            Trail::start(s),
            "both endpoint accesses are off",
            vec![Cause::EndpointAccessOff],
        );
    }
    let open = c.public_access_cidrs.iter().any(cidr::is_any);
    match e.egress() {
        Egress::None(hops, why, cause) => {
            let mut causes = vec![cause.clone()];
            if c.endpoint_private_access {
                causes.push(Cause::VpcDnsOff);
            }
            // With private access on, the root cause is DNS, not routing.
            if c.endpoint_private_access {
                Path::broken(
                    Code::E072,
                    hops.clone(),
                    format!("private access is on, but {}, so the private endpoint's name does not resolve; and no path to the public endpoint: {why}", dns_off(t)),
                    causes,
                )
            } else {
                Path::broken(
                    Code::E061,
                    hops.clone(),
                    format!("no path to the public endpoint: {why}"),
                    causes,
                )
            }
        }
        Egress::OwnPublicIp(hops) => {
            let mut hops = hops.clone();
            if open {
                hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
                Path::ok(hops)
            } else {
                Path::broken(Code::E034, hops, "the public endpoint admits only listed CIDRs, and nodes' public IPs cannot be known in advance", vec![private_fix])
            }
        }
        Egress::Nat(hops, nat) => nat_api_path(t, hops.clone(), nat, open),
        Egress::Transit(hops) => {
            let mut hops = hops.clone();
            if open {
                hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
                Path::ok(hops)
            } else {
                Path::broken(Code::E034, hops, "the public endpoint admits only listed CIDRs, and the address traffic leaves the transit gateway with is unknown", vec![private_fix])
            }
        }
    }
}

/// The API path through a NAT gateway to the public endpoint: open to all,
/// or admitting the NAT's address, or not.
fn nat_api_path(t: &Topology, mut hops: Trail, nat: &NatGateway, open: bool) -> Path {
    let c = &t.cluster;
    let allowed = |ip: std::net::Ipv4Addr| c.public_access_cidrs.iter().any(|n| n.contains(&ip));
    if open {
        hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
        return Path::ok(hops);
    }
    if c.allow_nat_addresses || nat.public_ip.is_some_and(allowed) {
        hops.push(
            format!("public endpoint (NAT gateway {}'s address allowed)", nat.id),
            Hop::PublicEndpoint,
        );
        return Path::ok(hops);
    }
    let cause = if c.endpoint_private_access {
        Cause::VpcDnsOff
    } else {
        Cause::PublicCidrs {
            nat: Some(nat.id.clone()),
        }
    };
    let address = nat.public_ip.map_or_else(
        || "address".to_string(),
        |ip| format!("address {ip} (add {ip}/32 to the public access CIDRs)"),
    );
    let private = if c.endpoint_private_access {
        format!("; private access is on, but {}", dns_off(t))
    } else {
        "; or turn on private access".to_string()
    };
    Path::broken(
        Code::E034,
        hops,
        format!(
            "the public endpoint does not admit NAT gateway {}'s {address}{private}",
            nat.id
        ),
        vec![cause],
    )
}

/// Which of the VPC's two DNS attributes the private endpoint needs is off.
fn dns_off(t: &Topology) -> &'static str {
    match (t.vpc.enable_dns_support, t.vpc.enable_dns_hostnames) {
        (false, false) => "the VPC's enableDnsSupport and enableDnsHostnames are off",
        (false, true) => "the VPC's enableDnsSupport is off",
        (true, false) => "the VPC's enableDnsHostnames is off",
        (true, true) => "the VPC's DNS attributes are on",
    }
}

/// Why an endpoint cannot carry a subnet's traffic.
struct Unusable {
    why: String,
    problem: EndpointProblem,
    /// The service's name resolves to the endpoint anyway (private DNS is
    /// on), so traffic cannot fall back to the internet either.
    blocks_internet: bool,
}

/// Where `s`'s route table sends addresses of the subnets `to` that are not
/// taken by the local route: the routes' destinations and what they lead to. AWS
/// lets a table route a block inside the VPC (a middlebox) more
/// specifically than `local`; traffic to those addresses goes there.
fn routed_away(s: &Subnet, to: &[String], at: &Index) -> Option<(Vec<Ipv4Net>, String)> {
    if !at.routes_inside.contains(s.route_table.as_str()) {
        return None;
    }
    let rt = at.route_table(&s.route_table)?;
    let mut dests = Vec::new();
    let mut targets: Vec<String> = Vec::new();
    for share in lpm::split(&at.vpc, rt, &cidrs_of(to, at)) {
        if let Next::Route(r) = share.next {
            dests.push(r.destination);
            let word = target_words(&r.target);
            if !targets.contains(&word) {
                targets.push(word);
            }
        }
    }
    (!dests.is_empty()).then(|| (dests, targets.join(", ")))
}

/// A route target in words.
fn target_words(target: &RouteTarget) -> String {
    match target {
        RouteTarget::InternetGateway => "the internet gateway".into(),
        RouteTarget::NatGateway(id) => format!("NAT gateway {id}"),
        RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
        RouteTarget::Other(id) => id.clone(),
    }
}

/// The CIDR blocks of subnets, by ID (those the topology holds).
fn cidrs_of(ids: &[String], at: &Index) -> Vec<Ipv4Net> {
    ids.iter()
        .filter_map(|id| at.subnets.get(id.as_str()))
        .map(|s| s.cidr)
        .collect()
}

/// An interface endpoint the subnet's nodes can use (private DNS, 443
/// admitted, and its subnets reached by the local route).
fn usable_interface(t: &Topology, s: &Subnet, service: &str, at: &Index) -> Result<(), Unusable> {
    let Some(ep) = t.endpoint(service) else {
        return Err(Unusable {
            why: format!("no {service} endpoint"),
            problem: EndpointProblem::Missing,
            blocks_internet: false,
        });
    };
    if !ep.private_dns {
        return Err(Unusable {
            why: format!("the {service} endpoint has private DNS off"),
            problem: EndpointProblem::PrivateDnsOff,
            blocks_internet: false,
        });
    }
    if !at.admits(service, &s.cidr) {
        return Err(Unusable {
            why: format!(
                "the {service} endpoint's security group does not admit TCP 443 from {}",
                s.cidr
            ),
            problem: EndpointProblem::IngressBlocked {
                subnet: s.id.clone(),
            },
            blocks_internet: true,
        });
    }
    if let Some((destinations, to)) = routed_away(s, &ep.subnets, at) {
        return Err(Unusable {
            why: format!(
                "route table {} sends {} (where the {service} endpoint has network interfaces) to {to}, not the VPC's local route",
                s.route_table,
                blocks_text(&destinations)
            ),
            problem: EndpointProblem::RoutedAway {
                route_table: s.route_table.clone(),
                destinations,
            },
            blocks_internet: true,
        });
    }
    Ok(())
}

/// A gateway endpoint on the subnet's route table.
fn usable_gateway(t: &Topology, s: &Subnet, service: &str, at: &Index) -> Result<(), Unusable> {
    let on_table = |ep: &VpcEndpoint| {
        at.on_tables
            .get(ep.service.as_str())
            .is_some_and(|rts| rts.contains(s.route_table.as_str()))
    };
    match t.endpoint(service) {
        Some(ep) if on_table(ep) => Ok(()),
        Some(_) => Err(Unusable {
            why: format!(
                "the {service} gateway endpoint is not on route table {}",
                s.route_table
            ),
            problem: EndpointProblem::NotOnRouteTable {
                route_table: s.route_table.clone(),
            },
            blocks_internet: false,
        }),
        None => Err(Unusable {
            why: format!("no {service} endpoint"),
            problem: EndpointProblem::Missing,
            blocks_internet: false,
        }),
    }
}

/// Services reached through endpoints where present, else the internet.
fn services_path(
    t: &Topology,
    s: &Subnet,
    e: &WayOut,
    needs: &[(&str, bool)],
    code: Code,
    at: &Index,
) -> Path {
    // The usable endpoints as one hop: "a interface endpoint + b gateway
    // endpoint (route table rtb-1)", put together without the formatter.
    let mut via_endpoints = String::with_capacity(needs.len() * 40);
    let mut endpoint_hops = Vec::with_capacity(needs.len());
    let mut missing = Vec::new();
    for &(svc, gateway) in needs {
        let usable = if gateway {
            usable_gateway(t, s, svc, at)
        } else {
            usable_interface(t, s, svc, at)
        };
        match usable {
            Ok(()) => {
                if !via_endpoints.is_empty() {
                    via_endpoints.push_str(" + ");
                }
                via_endpoints.push_str(svc);
                if gateway {
                    via_endpoints.push_str(" gateway endpoint (route table ");
                    via_endpoints.push_str(&s.route_table);
                    via_endpoints.push(')');
                } else {
                    via_endpoints.push_str(" interface endpoint");
                }
                endpoint_hops.push(Hop::VpcEndpoint(svc.to_string()));
            }
            Err(u) => missing.push((svc, u)),
        }
    }
    if missing.is_empty() {
        let mut hops = Trail::start(s);
        hops.push("VPC local route", Hop::LocalRoute);
        hops.text.push(via_endpoints);
        hops.via.extend(endpoint_hops);
        return Path::ok(hops);
    }
    let endpoint_causes = |list: &[&(&str, Unusable)]| -> Vec<Cause> {
        list.iter()
            .map(|(svc, u)| Cause::Endpoint {
                service: svc.to_string(),
                problem: u.problem.clone(),
            })
            .collect()
    };
    // An endpoint with private DNS takes the service's name: when it drops
    // the traffic, no internet path helps.
    let blocking: Vec<&(&str, Unusable)> =
        missing.iter().filter(|(_, u)| u.blocks_internet).collect();
    if !blocking.is_empty() {
        let why: Vec<&str> = blocking.iter().map(|(_, u)| u.why.as_str()).collect();
        return Path::broken(
            code,
            Trail::start(s),
            format!(
                "{} (private DNS sends the service's name to the endpoint, so the internet path is not used)",
                why.join(", ")
            ),
            endpoint_causes(&blocking),
        );
    }
    match internet(e.egress()) {
        Some(mut hops) => {
            if !via_endpoints.is_empty() {
                via_endpoints.push_str(" (the rest through the internet)");
                hops.text.insert(1, via_endpoints);
                for (i, h) in endpoint_hops.into_iter().enumerate() {
                    hops.via.insert(1 + i, h);
                }
            }
            hops.push("AWS public service endpoints", Hop::AwsPublicServices);
            Path::ok(hops)
        }
        None => {
            let Egress::None(_, why, cause) = e.egress() else {
                unreachable!("internet() is Some for every other egress")
            };
            let all: Vec<&(&str, Unusable)> = missing.iter().collect();
            let mut causes = vec![cause.clone()];
            causes.extend(endpoint_causes(&all));
            let words: Vec<&str> = missing.iter().map(|(_, u)| u.why.as_str()).collect();
            Path::broken(
                code,
                Trail::start(s),
                format!("{}; and no internet path: {why}", words.join(", ")),
                causes,
            )
        }
    }
}

/// The paths of every node subnet, in subnet order.
pub fn analyze(t: &Topology) -> Vec<SubnetReach> {
    let at = Index::new(t);
    // What the credentials and add-on paths need is the cluster's, not a
    // subnet's: found once.
    let (credentials_label, credentials) = credential_services(t);
    let addons = addon_services(t);
    let nodes: Vec<&Subnet> = t.node_subnets().collect();
    // Each subnet's paths are its own: a large VPC's are found on every core.
    let chunks = crate::par::map_chunks(&nodes, 256, |chunk| {
        chunk
            .iter()
            .map(|s| subnet_reach(t, s, &at, (credentials_label, &credentials), &addons))
            .collect::<Vec<_>>()
    });
    // Into one vector of the exact size: a large VPC's paths are tens of
    // megabytes, which a vector grown by doubling would copy and, while
    // growing, hold twice.
    let mut all = Vec::with_capacity(nodes.len());
    chunks.into_iter().for_each(|c| all.extend(c));
    all
}

/// The paths of one node subnet.
fn subnet_reach(
    t: &Topology,
    s: &Subnet,
    at: &Index,
    (credentials_label, credentials): (&'static str, &[(&'static str, bool)]),
    addons: &[(&'static str, bool)],
) -> SubnetReach {
    // Each way out carries part of the internet, and a service's
    // address may lie in any part: a path holds only if it holds
    // through every way (the first broken one is told).
    let ways = egresses(t, s, at);
    let through = |path: &dyn Fn(&WayOut) -> Path| {
        let mut first = None;
        for way in &ways {
            let p = path(way);
            if !p.ok {
                return p;
            }
            first.get_or_insert(p);
        }
        first.expect("one way at least")
    };
    SubnetReach {
        subnet: s.id.clone(),
        az: s.az.clone(),
        api: through(&|e| api_path(t, s, e, at)),
        api_ipv6: super::reach_ipv6::applies(t).then(|| super::reach_ipv6::api_path(t, s)),
        images: through(&|e| {
            services_path(
                t,
                s,
                e,
                &[("ecr.api", false), ("ecr.dkr", false), ("s3", true)],
                Code::E062,
                at,
            )
        }),
        credentials: pods_through_node(
            t,
            through(&|e| services_path(t, s, e, credentials, Code::W063, at)),
        ),
        addons: (!addons.is_empty())
            .then(|| through(&|e| services_path(t, s, e, addons, Code::W094, at))),
        credentials_label,
    }
}

/// In an IPv6 cluster pods have IPv6 addresses, and a host-local IPv4
/// address the VPC CNI translates to their node's: STS answers IPv4 only by
/// its default name (`aws::services::families`), so pods reach it over
/// IPv4 through the node, on the node's IPv4 path.
fn pods_through_node(t: &Topology, mut p: Path) -> Path {
    if t.ip_family == IpFamily::Ipv6 && !p.hops.is_empty() {
        let how = if t.addons.contains(&crate::spec::Addon::PodIdentity) {
            "pod's host-local IPv4, translated to the node's IPv4 address (eks-auth: through the node's Pod Identity agent)"
        } else {
            "pod's host-local IPv4, translated to the node's IPv4 address"
        };
        p.hops.insert(1, how.into());
    }
    p
}

/// The spec key whose fix (the catalog's) repairs a missing path, so the
/// diagnostic points into the spec as well as at the subnet. Missing
/// services have several causes (an exclusion, a missing transit gateway, a
/// subnet attribute), so they name the subnet only.
fn spec_field(code: Code) -> Option<&'static str> {
    match code {
        Code::E034 => Some("endpointAccess.publicCidrs"),
        Code::E061 => Some("endpointAccess"),
        _ => None,
    }
}

/// Whether a broken path is told. In an IPv6 cluster nodes reach the
/// dual-stack API endpoint on either family: a broken IPv4 path is told
/// only when IPv6 fails too, a broken IPv6 path (E109) only when IPv4
/// works (else the IPv4 one says what both lack), and not where another
/// rule has said it already (E104 of the spec, E105 and E106 of a node
/// without an IPv6 address).
fn told(t: &Topology, r: &SubnetReach, p: &Path) -> bool {
    if p.ok {
        return false;
    }
    match (r.api_ipv6.as_ref(), p.code) {
        (Some(v6), _) if std::ptr::eq(p, &r.api) => !v6.ok,
        (Some(v6), _) if std::ptr::eq(p, v6) => {
            // A node without an IPv6 address does not try IPv6 (E105 and
            // E106 say why it has none).
            let said_elsewhere = p.causes.iter().all(|c| match c {
                Cause::NoIpv6Address { .. } => true,
                Cause::PublicCidrs { .. } => t.source == Source::Planned,
                _ => false,
            });
            r.api.ok && !said_elsewhere
        }
        _ => true,
    }
}

/// Whether nodes in `r`'s subnet reach the API endpoint as they need to:
/// on some family, and (IPv6 clusters) over IPv6 unless another rule says
/// why they do not try it.
pub fn api_joins(t: &Topology, r: &SubnetReach) -> bool {
    r.api_reached() && !r.api_ipv6.as_ref().is_some_and(|v6| told(t, r, v6))
}

/// How every finding of [`diagnostics`] begins.
pub const NODES_IN: &str = "nodes in ";

/// What nodes cannot reach, in a finding's words, for the path of `label`
/// (as [`SubnetReach::paths`] labels it) over `family`.
fn unreached(label: &str, family: Family) -> String {
    let what = match label {
        API_LABEL => "the cluster API",
        IMAGES_LABEL => "ECR and S3",
        ADDONS_LABEL => "the services its add-ons call",
        other => other,
    };
    match family {
        Family::Ipv6 => format!("{what} over IPv6"),
        Family::Ipv4 => what.to_string(),
    }
}

/// How a finding of [`diagnostics`] begins for the path of `label` (as
/// [`SubnetReach::paths`] labels it) over `family` from `subnet`: the
/// doctor finds the path a finding is about by these words.
pub fn finding_head(subnet: &str, label: &str, family: Family) -> String {
    format!(
        "{NODES_IN}{subnet} cannot reach {}: ",
        unreached(label, family)
    )
}

/// Diagnostics for every missing path. Only a planned topology has a spec
/// for them to point into.
pub fn diagnostics(t: &Topology, reach: &[SubnetReach]) -> Vec<Diagnostic> {
    let planned = t.source == Source::Planned;
    let mut out = Vec::new();
    for r in reach {
        for (label, p) in r.paths() {
            if !told(t, r, p) {
                continue;
            }
            if let (Some(problem), Some(code)) = (&p.problem, p.code) {
                let mut d =
                    Diagnostic::new(code, finding_head(&r.subnet, label, p.family) + problem)
                        .on(format!("subnet {}", r.subnet));
                if let Some(field) = spec_field(code).filter(|_| planned) {
                    d = d.at(field);
                }
                out.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadedSpec;

    /// The built-in spec (public-private, NAT), with an ecr.api endpoint added.
    fn public_private_with_ecr_endpoint() -> Topology {
        let mut l = LoadedSpec::built_in();
        l.spec.private_link = vec!["ecr.api".into()];
        crate::topology::plan(&l.spec).topology.expect("plans")
    }

    #[test]
    fn an_endpoint_that_drops_traffic_takes_the_internet_path_away() {
        let mut t = public_private_with_ecr_endpoint();
        let ok = analyze(&t);
        assert!(ok.iter().all(|r| r.images.ok), "{ok:?}");
        // Its own security group admits nothing: private DNS still sends ECR
        // traffic to it, so NAT does not help.
        let ep = t
            .endpoints
            .iter_mut()
            .find(|e| e.service == "ecr.api")
            .unwrap();
        ep.ingress_cidrs = Some(vec![]);
        for r in analyze(&t) {
            assert!(!r.images.ok);
            assert_eq!(
                r.images.causes,
                vec![Cause::Endpoint {
                    service: "ecr.api".into(),
                    problem: EndpointProblem::IngressBlocked {
                        subnet: r.subnet.clone()
                    }
                }]
            );
        }
        // Without private DNS nodes ignore it and take the NAT path.
        let ep = t
            .endpoints
            .iter_mut()
            .find(|e| e.service == "ecr.api")
            .unwrap();
        ep.private_dns = false;
        assert!(analyze(&t).iter().all(|r| r.images.ok));
    }

    /// The built-in topology with the first node subnet's route table's
    /// routes replaced.
    fn with_routes(routes: &[(&str, RouteTarget)]) -> (Topology, Subnet) {
        let mut t = public_private_with_ecr_endpoint();
        let s = t.node_subnets().next().unwrap().clone();
        // `NatGateway("")` stands for the topology's first NAT gateway.
        let nat = RouteTarget::NatGateway(t.nat_gateways[0].id.clone());
        let rt = t
            .route_tables
            .iter_mut()
            .find(|r| r.id == s.route_table)
            .unwrap();
        rt.routes = routes
            .iter()
            .map(|(d, target)| Route {
                destination: d.parse().unwrap(),
                target: match target {
                    RouteTarget::NatGateway(id) if id.is_empty() => nat.clone(),
                    other => other.clone(),
                },
            })
            .collect();
        (t, s)
    }

    fn reach_of(t: &Topology, s: &Subnet) -> SubnetReach {
        analyze(t).into_iter().find(|r| r.subnet == s.id).unwrap()
    }

    #[test]
    fn more_specific_routes_win_over_the_default_route() {
        let nat = RouteTarget::NatGateway(String::new());
        let hole = RouteTarget::Other("pcx-1 (blackhole: the target no longer exists)".into());
        // Two /1 routes to a blackhole hide a healthy default route.
        let (t, s) = with_routes(&[
            ("0.0.0.0/0", nat.clone()),
            ("0.0.0.0/1", hole.clone()),
            ("128.0.0.0/1", hole.clone()),
        ]);
        let r = reach_of(&t, &s);
        assert!(!r.images.ok, "{r:?}");
        assert!(
            r.images
                .describe()
                .contains("the routes to 0.0.0.0/1, 128.0.0.0/1 go to pcx-1"),
            "{}",
            r.images.describe()
        );
        // The same pair to the NAT gateway works without any 0.0.0.0/0.
        let (t, s) = with_routes(&[("0.0.0.0/1", nat.clone()), ("128.0.0.0/1", nat.clone())]);
        let r = reach_of(&t, &s);
        assert!(r.images.ok && r.credentials.ok, "{r:?}");
        assert!(r
            .images
            .describe()
            .contains("0.0.0.0/1, 128.0.0.0/1 → NAT gateway"));
        // Half of the internet unrouted drops what lies there.
        let (t, s) = with_routes(&[("0.0.0.0/1", nat.clone())]);
        let r = reach_of(&t, &s);
        assert!(!r.credentials.ok);
        assert!(
            r.credentials
                .describe()
                .contains("no route to part of the internet (128.0.0.0/3, "),
            "{}",
            r.credentials.describe()
        );
        // A more specific route to a private range leaves the internet alone.
        let (t, s) = with_routes(&[("0.0.0.0/0", nat.clone()), ("10.0.0.0/8", hole)]);
        assert!(reach_of(&t, &s).credentials.ok);
    }

    #[test]
    fn a_route_inside_the_vpc_takes_traffic_from_the_local_route() {
        let mut t = public_private_with_ecr_endpoint();
        t.cluster.endpoint_public_access = false;
        let s = t.node_subnets().next().unwrap().clone();
        let cluster_subnet = t.subnet(&t.cluster.subnets[1]).unwrap().cidr;
        assert!(reach_of(&t, &s).api.ok);
        let rt = t
            .route_tables
            .iter_mut()
            .find(|r| r.id == s.route_table)
            .unwrap();
        rt.routes.push(Route {
            destination: cluster_subnet,
            target: RouteTarget::Other("eni-0123456789abcdef0".into()),
        });
        let r = reach_of(&t, &s);
        assert!(!r.api.ok);
        assert_eq!(
            r.api.causes,
            vec![Cause::LocalOverridden {
                route_table: s.route_table.clone(),
                destinations: vec![cluster_subnet],
            }]
        );
    }

    #[test]
    fn a_missing_route_names_its_route_table() {
        let mut t = public_private_with_ecr_endpoint();
        let s = t.node_subnets().next().unwrap().clone();
        t.route_tables
            .iter_mut()
            .find(|r| r.id == s.route_table)
            .unwrap()
            .routes
            .clear();
        let r = &analyze(&t)[0];
        assert!(r.images.causes.contains(&Cause::NoDefaultRoute {
            route_table: s.route_table.clone()
        }));
    }

    /// The private endpoint's name needs both DNS attributes; the problem
    /// names exactly those that are off.
    #[test]
    fn dns_off_names_each_attribute_that_is_off() {
        let mut t = public_private_with_ecr_endpoint();
        for (support, hostnames, words) in [
            (false, true, "the VPC's enableDnsSupport is off"),
            (true, false, "the VPC's enableDnsHostnames is off"),
            (
                false,
                false,
                "the VPC's enableDnsSupport and enableDnsHostnames are off",
            ),
        ] {
            t.vpc.enable_dns_support = support;
            t.vpc.enable_dns_hostnames = hostnames;
            assert_eq!(dns_off(&t), words);
        }
    }
}
