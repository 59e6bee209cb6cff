//! Text and JSON reports of a topology for `plan` (and the diagnostics list
//! that every command prints).

use crate::diag::Diagnostics;
use crate::rules::pod_capacity;
use crate::topology::{capacity, reach, IpFamily, Ipv6Target, RouteTarget, Subnet, Topology, ANY6};
use serde::Serialize;
use std::fmt::Write;

/// Left-aligned columns separated by two spaces; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let last = cells.len() - 1;
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            l.push_str(c);
            if i < last {
                l.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header.to_vec(), &mut out);
    for r in rows {
        line(r.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

pub fn route_target(t: &Topology, target: &RouteTarget) -> String {
    match target {
        RouteTarget::InternetGateway => "internet gateway".into(),
        RouteTarget::NatGateway(id) => match t.nat_gateway(id) {
            Some(n) => format!("NAT gateway in {}", n.az),
            None => format!("NAT gateway {id}"),
        },
        RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
        RouteTarget::Other(id) => id.clone(),
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

pub fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The first line of a plan: name, architecture, region and version.
pub fn title(t: &Topology) -> String {
    format!(
        "{} — {} in {} (Kubernetes {})",
        t.name,
        t.architecture_name(),
        t.region,
        t.kubernetes_version
    )
}

/// Each item's display form, e.g. a list of CIDRs as strings.
pub fn strings<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(T::to_string).collect()
}

/// The text of `plan`: title and VPC, then the subnets, gateways, cluster
/// endpoint, node group, PrivateLink endpoints and node subnets' paths.
pub fn plan_text(t: &Topology) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", title(t));
    vpc_line(&mut o, t);
    o.push_str("\nSubnets\n");
    o.push_str(&subnets_table(t));
    ipv6_lines(&mut o, t);
    o.push_str("\nGateways\n");
    gateways(&mut o, t);
    o.push_str("\nCluster endpoint\n");
    cluster_endpoint(&mut o, t);
    node_group_line(&mut o, t);
    pod_network_line(&mut o, t);
    capacity_table(&mut o, t);
    addons_lines(&mut o, t);
    o.push_str("\nPrivateLink endpoints\n");
    private_link(&mut o, t);
    o.push_str("\nPaths from the node subnets\n");
    paths(&mut o, t);
    o
}

/// A dual-stack VPC: its /56, each subnet's /64 and IPv6 default route.
fn ipv6_lines(o: &mut String, t: &Topology) {
    if !t.vpc.amazon_ipv6 {
        return;
    }
    let _ = writeln!(
        o,
        "\nIPv6 (ipFamily {}): the VPC's Amazon-provided /56, known once deployed; pods and services get IPv6",
        t.ip_family.as_str()
    );
    let rows: Vec<Vec<String>> = t
        .subnets
        .iter()
        .filter_map(|s| {
            let v6 = s.ipv6?;
            let default = t
                .route_table(&s.route_table)
                .and_then(|rt| rt.ipv6_routes.iter().find(|r| r.destination == ANY6))
                .map_or("none (local only)".to_string(), |r| {
                    ipv6_target(&r.target).to_string()
                });
            Some(vec![
                s.id.clone(),
                format!("/64 index {} of the /56", v6.index),
                on_off(v6.assign_on_creation).into(),
                on_off(v6.dns64).into(),
                default,
            ])
        })
        .collect();
    o.push_str(&table(
        &["SUBNET", "IPv6 BLOCK", "ASSIGN IPv6", "DNS64", "::/0 →"],
        &rows,
    ));
}

/// Where an IPv6 route leads, in words.
pub fn ipv6_target(target: &Ipv6Target) -> &str {
    match target {
        Ipv6Target::InternetGateway => "internet gateway",
        Ipv6Target::EgressOnlyInternetGateway => "egress-only internet gateway",
        Ipv6Target::Other(id) => id,
    }
}

fn vpc_line(o: &mut String, t: &Topology) {
    let _ = writeln!(
        o,
        "VPC {}: {} addresses, {} in no subnet; DNS support {}, DNS hostnames {}",
        t.vpc.cidr,
        thousands(1u64 << (32 - t.vpc.cidr.prefix_len())),
        thousands(t.vpc.unallocated_addresses),
        on_off(t.vpc.enable_dns_support),
        on_off(t.vpc.enable_dns_hostnames),
    );
}

/// One row per subnet, with its default route and tags.
fn subnets_table(t: &Topology) -> String {
    let rows: Vec<Vec<String>> = t.subnets.iter().map(|s| subnet_row(t, s)).collect();
    table(
        &[
            "AZ",
            "TIER",
            "CIDR",
            "USABLE IPS",
            "IPS FOR PODS AT MAX",
            "MapPublicIpOnLaunch",
            "NODES",
            "0.0.0.0/0 →",
            "TAGS",
        ],
        &rows,
    )
}

fn subnet_row(t: &Topology, s: &Subnet) -> Vec<String> {
    let default = reach::default_route(t, &s.route_table)
        .map_or("none (local only)".to_string(), |target| {
            route_target(t, &target)
        });
    vec![
        s.az.clone(),
        s.tier.as_str().to_string(),
        s.cidr.to_string(),
        thousands(s.usable_addresses),
        pod_capacity(t, &s.id).map_or("-".into(), thousands),
        s.map_public_ip_on_launch.to_string(),
        yes_no(s.nodes).into(),
        default,
        s.tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// The internet gateway, NAT gateways and transit gateway.
fn gateways(o: &mut String, t: &Topology) {
    let _ = writeln!(
        o,
        "  internet gateway: {}",
        yes_no(t.internet_gateway.is_some())
    );
    if t.egress_only_internet_gateway.is_some() {
        let _ = writeln!(
            o,
            "  egress-only internet gateway: yes (IPv6 out of the private subnets)"
        );
    }
    if t.nat_gateways.is_empty() {
        let _ = writeln!(o, "  NAT gateways: none");
    } else {
        let list: Vec<String> = t
            .nat_gateways
            .iter()
            .map(|n| {
                format!(
                    "{} (in {})",
                    n.az,
                    n.subnet.as_deref().unwrap_or("no subnet: regional")
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "  NAT gateways ({}): {}",
            t.nat_mode.as_str(),
            list.join(", ")
        );
    }
    match &t.transit_gateway {
        Some(g) => {
            let _ = writeln!(
                o,
                "  transit gateway: {} (attached in {})",
                g.id,
                g.attachment_subnets.join(", ")
            );
        }
        None => {
            let _ = writeln!(o, "  transit gateway: none");
        }
    }
}

/// Public and private access, the service CIDR and the cluster subnets.
fn cluster_endpoint(o: &mut String, t: &Topology) {
    let c = &t.cluster;
    if c.endpoint_public_access {
        let nat = if c.allow_nat_addresses {
            " + the NAT gateways' Elastic IPs"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "  public access: on, from {}{nat}",
            strings(&c.public_access_cidrs).join(", ")
        );
    } else {
        let _ = writeln!(o, "  public access: off");
    }
    let _ = writeln!(o, "  private access: {}", on_off(c.endpoint_private_access));
    if !c.public_access_ipv6_cidrs.is_empty() {
        let _ = writeln!(
            o,
            "  public access over IPv6: from {}",
            strings(&c.public_access_ipv6_cidrs).join(", ")
        );
    }
    match c.service_ipv4_cidr {
        Some(s) => {
            let _ = writeln!(o, "  service CIDR: {s}");
        }
        None => {
            let _ = writeln!(o, "  service CIDR: IPv6, assigned by EKS");
        }
    }
    let _ = writeln!(o, "  cluster subnets: {}", c.subnets.join(", "));
}

fn node_group_line(o: &mut String, t: &Topology) {
    let g = &t.node_group;
    let _ = writeln!(
        o,
        "\nNode group {}: {}, min {} / desired {} / max {}, {} nodes, up to {} pods per node",
        g.name,
        g.instance_types.join(", "),
        g.min_size,
        g.desired_size,
        g.max_size,
        if g.private_networking {
            "private"
        } else {
            "public"
        },
        g.max_pods_per_node
    );
}

/// Where pods get their addresses, when the spec says.
fn pod_network_line(o: &mut String, t: &Topology) {
    let Some(p) = &t.pod_network else {
        return;
    };
    let mut parts = Vec::new();
    if let Some(c) = p.secondary_cidr {
        parts.push(format!("secondary CIDR {c}, {}", p.mode));
    }
    if p.prefix_delegation {
        parts.push("prefix delegation".to_string());
    }
    let _ = writeln!(o, "Pod network: {}", parts.join("; "));
}

/// The capacity planner's numbers, per node subnet and pod subnet: what
/// the node group at maxSize takes there, and what the subnet has (the
/// same numbers the capacity warnings use).
fn capacity_table(o: &mut String, t: &Topology) {
    let rows: Vec<Vec<String>> = capacity::needs(t)
        .iter()
        .map(|n| {
            let subnet = match &n.pooled_with {
                Some(pod) => format!("{} + {pod}", n.subnet),
                None => n.subnet.clone(),
            };
            let left = n.capacity as i64 - n.need() as i64;
            vec![
                n.az.clone(),
                subnet,
                n.nodes.to_string(),
                thousands(n.node_addresses),
                thousands(n.pod_addresses),
                n.eks_addresses.to_string(),
                thousands(n.need()),
                thousands(n.capacity),
                if left < 0 {
                    format!("-{}", thousands(left.unsigned_abs()))
                } else {
                    thousands(left as u64)
                },
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "Addresses at maxSize (nodes spread evenly over their subnets)"
    );
    o.push_str(&table(
        &[
            "AZ", "SUBNET", "NODES", "NODE IPS", "POD IPS", "EKS", "NEEDED", "FREE", "LEFT",
        ],
        &rows,
    ));
}

/// `plan --size-for NODES:PODS`: the subnets that node count and pod
/// density need, and whether the VPC holds them or a secondary CIDR must.
pub fn sizing_text(s: &capacity::Sizing) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\nSizing for {} nodes with {} pods each ({} per AZ)",
        s.nodes, s.pods_per_node, s.nodes_per_az
    );
    if s.pods_per_node > s.max_pods {
        let with = if s.pods_per_node <= s.max_pods_with_prefixes {
            format!(
                "prefix delegation (podNetwork.prefixDelegation: up to {})",
                s.max_pods_with_prefixes
            )
        } else {
            "larger instance types".to_string()
        };
        let _ = writeln!(
            o,
            "  the instance types hold {} pods per node: {} pods need {with}",
            s.max_pods, s.pods_per_node
        );
    }
    let n = &s.node_subnet;
    let _ = writeln!(
        o,
        "  without a pod network: each AZ's node subnet needs {} addresses (nodes, pods, EKS's 6): /{} or larger; {}",
        thousands(n.addresses),
        n.prefix,
        if s.fits_in_vpc {
            "the VPC holds them, no secondary CIDR needed"
        } else {
            "the VPC cannot hold them beside the public subnets: use a secondary CIDR"
        }
    );
    let (node, pod) = (&s.custom_node_subnet, &s.custom_pod_subnet);
    let secondary = if s.secondary_prefix >= 16 {
        format!("a secondary CIDR of /{} or larger", s.secondary_prefix)
    } else {
        format!(
            "/{} of pod subnets in all, more than the /16 a VPC CIDR block can be: use prefix delegation or fewer, larger nodes",
            s.secondary_prefix
        )
    };
    let _ = writeln!(
        o,
        "  with custom networking: node subnets /{} ({} addresses), pod subnets /{} ({} addresses), {secondary}",
        node.prefix,
        thousands(node.addresses),
        pod.prefix,
        thousands(pod.addresses)
    );
    o
}

/// The add-ons and the EKS managed add-ons, when there are any.
fn addons_lines(o: &mut String, t: &Topology) {
    if !t.addons.is_empty() {
        let names: Vec<&str> = t.addons.iter().map(|a| a.as_str()).collect();
        let _ = writeln!(o, "Add-ons: {}", names.join(", "));
    }
    if t.managed_addons.is_empty() {
        return;
    }
    let names = |after: bool| -> String {
        let n: Vec<&str> = t
            .managed_addons
            .iter()
            .filter(|m| m.after_nodes == after)
            .map(|m| m.name.as_str())
            .collect();
        if n.is_empty() {
            "none".into()
        } else {
            n.join(", ")
        }
    };
    let _ = writeln!(
        o,
        "EKS managed add-ons: {} before the nodes; {} after",
        names(false),
        names(true)
    );
}

/// The VPC endpoints as an indented table, or why there are none.
fn private_link(o: &mut String, t: &Topology) {
    if t.endpoints.is_empty() {
        o.push_str("  none: nodes reach AWS services through the internet path below\n");
        return;
    }
    let rows: Vec<Vec<String>> = t
        .endpoints
        .iter()
        .map(|e| {
            vec![
                e.service.clone(),
                e.kind.as_str().to_string(),
                e.service_name.clone(),
                why_here(e),
                e.reason.clone(),
            ]
        })
        .collect();
    for line in table(
        &["SERVICE", "TYPE", "SERVICE NAME", "WHY HERE", "WHAT FOR"],
        &rows,
    )
    .lines()
    {
        let _ = writeln!(o, "  {line}");
    }
}

/// Each node subnet's paths, from the reachability engine.
/// Why an endpoint is planned, in a word or two: the required set, the
/// add-ons that call it, or the spec's `privateLink`.
pub fn why_here(e: &crate::topology::VpcEndpoint) -> String {
    if e.required {
        "required".into()
    } else if !e.for_addons.is_empty() {
        let names: Vec<&str> = e.for_addons.iter().map(|a| a.as_str()).collect();
        format!("add-on {}", names.join(", "))
    } else {
        "added".into()
    }
}

fn paths(o: &mut String, t: &Topology) {
    for r in reach::analyze(t) {
        let _ = writeln!(o, "  {}", r.subnet);
        for (what, p) in r.paths() {
            // An IPv6 cluster's paths say which family they take.
            let family = if t.ip_family == IpFamily::Ipv6 {
                format!("{} ", p.family.as_str())
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "    {what:<15} {family}{} {}",
                if p.ok { "ok" } else { "NO" },
                p.describe()
            );
        }
        ipv6_path(o, t, &r.subnet);
    }
}

/// An IPv6 cluster's pods: where their IPv6 traffic leaves the subnet (the
/// paths above, over IPv4, are the nodes' and the pods' IPv4 ones).
fn ipv6_path(o: &mut String, t: &Topology, subnet: &str) {
    if t.ip_family != IpFamily::Ipv6 {
        return;
    }
    let Some(s) = t.subnet(subnet) else { return };
    let default = t
        .route_table(&s.route_table)
        .and_then(|rt| rt.ipv6_routes.iter().find(|r| r.destination == ANY6));
    let line = match default {
        Some(r) => format!(
            "ok {} → ::/0 → {} (pods' IPv4 leaves through their node, as above)",
            s.id,
            ipv6_target(&r.target)
        ),
        None => format!(
            "-- {} → local IPv6 route only (pods' IPv4 leaves through their node, as above)",
            s.id
        ),
    };
    let _ = writeln!(o, "    {:<15} {line}", "IPv6 out");
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanJson<'a> {
    topology: &'a Topology,
    reachability: Vec<reach::SubnetReach>,
    diagnostics: &'a Diagnostics,
    /// `plan --size-for`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sizing: Option<&'a capacity::Sizing>,
}

pub fn plan_json(
    t: &Topology,
    diagnostics: &Diagnostics,
    sizing: Option<&capacity::Sizing>,
) -> String {
    let doc = PlanJson {
        topology: t,
        reachability: reach::analyze(t),
        diagnostics,
        sizing,
    };
    serde_json::to_string_pretty(&doc).expect("a plan serializes") + "\n"
}
