//! Checks that read only the Topology, so they hold for a planned network and
//! for one imported from AWS alike. They live beside the model they read
//! (and the reachability engine they run), so planning needs nothing from
//! the `rules` layer above, which re-exports them.

use super::model::*;
use super::{cidr, lpm, reach};
use crate::diag::{Code, Diagnostic};
use crate::hash::{HashMap, HashSet};
use std::collections::{BTreeMap, BTreeSet};

pub fn check(t: &Topology) -> Vec<Diagnostic> {
    check_with(t, &reach::analyze(t))
}

/// [`check`], with the reachability analysis already run (the doctor reports
/// the paths too, and a large VPC is analyzed once).
pub fn check_with(t: &Topology, paths: &[reach::SubnetReach]) -> Vec<Diagnostic> {
    // On a large VPC the two halves run side by side (each takes about as
    // long); their findings are joined in this order.
    let (mut out, rest) = crate::par::both(
        t.subnets.len() >= 2_048,
        || {
            let mut out = Vec::new();
            let by_id: HashMap<&str, &Subnet> =
                t.subnets.iter().map(|s| (s.id.as_str(), s)).collect();
            subnets(t, &mut out);
            public_ips(t, &mut out);
            cluster_subnets(t, &by_id, &mut out);
            out
        },
        || rest_of_checks(t, paths),
    );
    out.extend(rest);
    out
}

/// The checks after the subnets' own, in their order.
fn rest_of_checks(t: &Topology, paths: &[reach::SubnetReach]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    super::capacity::warnings(t, &mut out);
    free_addresses(t, &mut out);
    load_balancer_tags(t, &mut out);
    vpc_dns(t, &mut out);
    endpoints(t, &mut out);
    prefix_lists(t, &mut out);
    super::ipv6_checks::check(t, &mut out);
    out.extend(reach::diagnostics(t, paths));
    out
}

fn subnets(t: &Topology, out: &mut Vec<Diagnostic>) {
    let overlaps = overlapping(&t.subnets);
    for (i, s) in t.subnets.iter().enumerate() {
        // Made only for a finding: most subnets of a large VPC have none.
        let on = || s.place();
        if !t.vpc.cidrs().any(|v| v.contains(&s.cidr)) {
            out.push(
                Diagnostic::new(
                    Code::E013,
                    format!("{} {} is outside the VPC {}", s.id, s.cidr, t.vpc.cidr),
                )
                .on(on()),
            );
        }
        if s.cidr.prefix_len() > 28 {
            out.push(
                Diagnostic::new(
                    Code::E014,
                    format!("{} {} is smaller than /28", s.id, s.cidr),
                )
                .on(on()),
            );
        }
        for &j in overlaps.get(&i).into_iter().flatten() {
            let other = &t.subnets[j];
            out.push(
                Diagnostic::new(
                    Code::E012,
                    format!("{} {} overlaps {} {}", s.id, s.cidr, other.id, other.cidr),
                )
                .on(on()),
            );
        }
    }
}

/// Each subnet (by index) and the subnets before it that it overlaps, in
/// order. Two CIDR blocks overlap only when one contains the other, so a
/// sweep by address keeps the blocks containing the current one on a stack
/// (at most 33 deep): no pair is compared that cannot overlap.
fn overlapping(subnets: &[Subnet]) -> BTreeMap<usize, Vec<usize>> {
    let mut order: Vec<usize> = (0..subnets.len()).collect();
    order.sort_by_key(|&i| (subnets[i].cidr.network(), subnets[i].cidr.prefix_len(), i));
    let end =
        |i: usize| u64::from(u32::from(subnets[i].cidr.network())) + cidr::size(&subnets[i].cidr);
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in order {
        let start = u64::from(u32::from(subnets[i].cidr.network()));
        while open.last().is_some_and(|&k| end(k) <= start) {
            open.pop();
        }
        for &k in &open {
            pairs.entry(i.max(k)).or_default().push(i.min(k));
        }
        open.push(i);
    }
    for v in pairs.values_mut() {
        v.sort_unstable();
    }
    pairs
}

/// Route tables that send some of the internet (by longest prefix match)
/// to the internet gateway: their subnets are public.
fn tables_to_igw(t: &Topology) -> HashSet<&str> {
    let local: Vec<_> = t.vpc.cidrs().copied().collect();
    let internet = lpm::internet();
    t.route_tables
        .iter()
        .filter(|rt| {
            reach::internet_ways(&local, Some(rt), &internet)
                .iter()
                .any(|w| w.target == Some(RouteTarget::InternetGateway))
        })
        .map(|rt| rt.id.as_str())
        .collect()
}

fn public_ips(t: &Topology, out: &mut Vec<Diagnostic>) {
    let to_igw = tables_to_igw(t);
    for s in &t.subnets {
        if s.map_public_ip_on_launch || !to_igw.contains(s.route_table.as_str()) {
            continue;
        }
        let on = s.place();
        if s.nodes {
            out.push(
                Diagnostic::new(
                    Code::E060,
                    format!(
                        "nodes run in public subnet {0} but it has MapPublicIpOnLaunch off: EKS refuses a new managed node group there with `Ec2SubnetInvalidConfiguration: One or more Amazon EC2 Subnets of [{0}] for node group ... does not automatically assign public IP addresses to instances launched into it`",
                        s.id
                    ),
                )
                .on(on),
            );
        } else if s.tier == Tier::Public {
            out.push(
                Diagnostic::new(
                    Code::W074,
                    format!("public subnet {} has MapPublicIpOnLaunch off", s.id),
                )
                .on(on),
            );
        }
    }
}

fn cluster_subnets(t: &Topology, by_id: &HashMap<&str, &Subnet>, out: &mut Vec<Diagnostic>) {
    let azs: BTreeSet<&str> = t
        .cluster
        .subnets
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
        .map(|s| s.az.as_str())
        .collect();
    if azs.len() < 2 {
        out.push(
            Diagnostic::new(
                Code::E066,
                format!("the cluster's subnets are in {} AZ(s)", azs.len()),
            )
            .on("cluster"),
        );
    }
    for s in t
        .cluster
        .subnets
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
    {
        let free = s.free_addresses();
        if free < 6 {
            out.push(
                Diagnostic::new(
                    Code::E065,
                    format!("{} has {free} free addresses; EKS needs 6", s.id),
                )
                .on(s.place()),
            );
        }
    }
}

/// Pods the subnet holds at the node group's maxSize: its addresses less one
/// per node (each node's primary address) and, in a cluster subnet, EKS's.
///
/// A pod subnet holds as many pods as it has free addresses; a node subnet
/// holds none under custom networking, nor where pods use IPv6 (they take
/// no IPv4 address of the subnet).
pub fn pod_capacity(t: &Topology, subnet: &str) -> Option<u64> {
    let s = t.subnet(subnet)?;
    if s.tier == Tier::Pod {
        return Some(s.free_addresses());
    }
    if !s.nodes || t.cni_mode().custom_networking || t.ip_family == IpFamily::Ipv6 {
        return None;
    }
    // As the capacity planner counts: each node's own address, and the
    // network interfaces EKS keeps in a cluster subnet.
    Some(s.free_addresses().saturating_sub(
        super::capacity::nodes_per_subnet(t) + super::capacity::eks_addresses(t, s),
    ))
}

/// What AWS reports free in each node subnet (imported networks only: a
/// planned subnet is empty). A full subnet launches no node.
fn free_addresses(t: &Topology, out: &mut Vec<Diagnostic>) {
    for s in t.node_subnets() {
        let Some(free) = s.available_addresses else {
            continue;
        };
        // Nearly full: under a tenth of its addresses, or under 16 (EKS's
        // recommended minimum for its own network interfaces).
        let low = (s.usable_addresses / 10).max(16);
        if free >= low {
            continue;
        }
        // "node subnet <id> (<cidr>) has ...", without the formatter: a
        // large VPC may have a finding here for every node subnet.
        let mut message = String::with_capacity(80);
        for part in ["node subnet ", &s.id, " ("] {
            message.push_str(part);
        }
        cidr::push_net(&mut message, &s.cidr);
        let code = if free == 0 {
            message.push_str(") has no free addresses");
            Code::E076
        } else {
            message.push_str(") has ");
            cidr::push_number(&mut message, free);
            message.push_str(" of ");
            cidr::push_number(&mut message, s.usable_addresses);
            message.push_str(" addresses free");
            Code::W075
        };
        out.push(Diagnostic::new(code, message).on(s.place()));
    }
}

/// Each tier load balancers go to, with its role tag (the value is `1` or
/// empty) and the kind of load balancer.
const LOAD_BALANCER_TIERS: [(Tier, &str, &str); 2] = [
    (Tier::Public, "kubernetes.io/role/elb", "internet-facing"),
    (Tier::Private, "kubernetes.io/role/internal-elb", "internal"),
];

fn load_balancer_tags(t: &Topology, out: &mut Vec<Diagnostic>) {
    for (tier, key, kind) in LOAD_BALANCER_TIERS {
        let mut subnets = t.subnets_of(tier).peekable();
        if subnets.peek().is_none() {
            continue;
        }
        let tagged = subnets.any(|s| s.tags.get(key).is_some_and(|v| v == "1" || v.is_empty()));
        if !tagged {
            out.push(
                Diagnostic::new(
                    Code::W077,
                    format!("no {} subnet carries `{key}`: {kind} load balancers have no subnet to go to", tier.as_str()),
                )
                .on(format!("{} subnets", tier.as_str()))
                .fix(format!("tag the {} subnets for load balancers: aws ec2 create-tags --resources SUBNET-IDS --tags Key={key},Value=1", tier.as_str())),
            );
        }
    }
}

/// Prefix-list routes eksnet does not follow (imported tables only): a list's
/// entries are not collected, so which addresses take the route is unknown.
/// An active route to a gateway endpoint, on a table a gateway endpoint
/// serves, is read as that endpoint (it serves the table) and not noted.
fn prefix_lists(t: &Topology, out: &mut Vec<Diagnostic>) {
    let served: HashSet<&str> = t
        .endpoints
        .iter()
        .filter(|e| e.kind == EndpointKind::Gateway)
        .flat_map(|e| e.route_tables.iter().map(String::as_str))
        .collect();
    let to_endpoint = |target: &RouteTarget| matches!(target, RouteTarget::Other(id) if id.starts_with("vpce-") && !id.contains(' '));
    for rt in &t.route_tables {
        for r in &rt.prefix_list_routes {
            if to_endpoint(&r.target) && served.contains(rt.id.as_str()) {
                continue;
            }
            let to = match &r.target {
                RouteTarget::InternetGateway => "the internet gateway".to_string(),
                RouteTarget::NatGateway(id) => format!("NAT gateway {id}"),
                RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
                RouteTarget::Other(id) => id.clone(),
            };
            out.push(
                Diagnostic::new(
                    Code::N083,
                    format!(
                        "route table {} sends prefix list {} to {to}: the list's entries are not collected, so eksnet does not know which addresses take this route and did not follow it",
                        rt.id, r.prefix_list
                    ),
                )
                .on(format!("route table {}", rt.id))
                .fix("check that no address nodes need is in the list (aws ec2 get-managed-prefix-list-entries --prefix-list-id PL-ID)"),
            );
        }
    }
}

/// Nodes register only in a VPC with DNS support and DNS hostnames on, and
/// the private endpoint's name resolves only through AmazonProvidedDNS.
/// With private access on and the public endpoint off, the reachability
/// engine already reports the broken path (E072).
fn vpc_dns(t: &Topology, out: &mut Vec<Diagnostic>) {
    let c = &t.cluster;
    let reported_by_reach = c.endpoint_private_access && !c.endpoint_public_access;
    let dns_on = t.vpc.enable_dns_support && t.vpc.enable_dns_hostnames;
    if !reported_by_reach && !dns_on {
        let off: Vec<&str> = [
            (!t.vpc.enable_dns_support).then_some("enableDnsSupport"),
            (!t.vpc.enable_dns_hostnames).then_some("enableDnsHostnames"),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.push(
            Diagnostic::new(
                Code::E072,
                if c.endpoint_private_access {
                    format!(
                        "private access is on but the VPC has {} off: nodes cannot register, and they resolve the API name to the public endpoint",
                        off.join(" and ")
                    )
                } else {
                    format!(
                        "the VPC has {} off: the EKS guide requires both, or nodes cannot register",
                        off.join(" and ")
                    )
                },
            )
            .on("vpc"),
        );
    }
    if t.vpc.amazon_provided_dns == Some(false) {
        out.push(
            Diagnostic::new(
                Code::W078,
                "the VPC's DHCP options do not hand out AmazonProvidedDNS",
            )
            .on("vpc"),
        );
    }
}

/// Endpoints that exist but do not serve the node subnets. Where a node
/// subnet has no other way, the reachability engine reports the broken path.
fn endpoints(t: &Topology, out: &mut Vec<Diagnostic>) {
    // The AZs nodes run in, in order: found once, not once per endpoint.
    let node_azs: BTreeSet<&str> = if t.endpoints.is_empty() {
        BTreeSet::new()
    } else {
        let azs: HashSet<&str> = t.node_subnets().map(|s| s.az.as_str()).collect();
        azs.into_iter().collect()
    };
    // What endpoints admit unless told otherwise: made once, not per endpoint.
    let shared_ingress = std::cell::OnceCell::new();
    for ep in &t.endpoints {
        let on = format!("endpoint {}", ep.service);
        match ep.kind {
            EndpointKind::Interface => {
                if !ep.private_dns {
                    out.push(
                        Diagnostic::new(
                            Code::W079,
                            format!("the {} endpoint has private DNS off: nodes resolve the service's public name and do not use it", ep.service),
                        )
                        .on(&on),
                    );
                    continue;
                }
                let own;
                let admitted = match &ep.ingress_cidrs {
                    Some(cidrs) => {
                        own = cidr::Cover::new(cidrs);
                        &own
                    }
                    None => {
                        shared_ingress.get_or_init(|| cidr::Cover::new(&t.endpoint_ingress_cidrs))
                    }
                };
                let blocked: Vec<String> = t
                    .node_subnets()
                    .filter(|s| !admitted.contains(&s.cidr))
                    .map(|s| format!("{} ({})", s.id, s.cidr))
                    .collect();
                missing_zones(t, ep, &node_azs, &on, out);
                if !blocked.is_empty() {
                    out.push(
                        Diagnostic::new(
                            Code::W080,
                            format!(
                                "the {} endpoint's security groups do not admit TCP 443 from node subnet(s) {}",
                                ep.service,
                                blocked.join(", ")
                            ),
                        )
                        .on(&on),
                    );
                }
            }
            EndpointKind::Gateway => {
                let mut seen = BTreeSet::new();
                let on_tables: HashSet<&str> = ep.route_tables.iter().map(String::as_str).collect();
                for s in t.node_subnets() {
                    if !on_tables.contains(s.route_table.as_str()) && seen.insert(&s.route_table) {
                        out.push(
                            Diagnostic::new(
                                Code::W081,
                                format!(
                                    "the {} gateway endpoint is not on route table {} of node subnet {}",
                                    ep.service, s.route_table, s.id
                                ),
                            )
                            .on(&on),
                        );
                    }
                }
            }
        }
    }
}

/// Node AZs (`node_azs`) where an interface endpoint has no network interface.
fn missing_zones(
    t: &Topology,
    ep: &VpcEndpoint,
    node_azs: &BTreeSet<&str>,
    on: &str,
    out: &mut Vec<Diagnostic>,
) {
    let az_of = |id: &String| t.subnet(id).map(|s| s.az.as_str());
    let covered: BTreeSet<&str> = ep.subnets.iter().filter_map(az_of).collect();
    let missing: Vec<&str> = node_azs.difference(&covered).copied().collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(
                Code::N090,
                format!(
                    "the {} endpoint has no network interface in {}, where nodes run",
                    ep.service,
                    missing.join(", ")
                ),
            )
            .on(on),
        );
    }
}
