//! The IPv6 path of an IPv6 cluster's nodes to its API endpoint, which is
//! dual-stack (`aws::services::IPV6_CLUSTER_ENDPOINT`): nodes have an IPv6
//! address of their own and resolve AAAA records too, so they may take
//! either family. Every other service path stays IPv4 (`aws::services::
//! families`): pods reach them through their node's IPv4 address.

use super::ipv6::ANY6;
use super::model::*;
use super::path::{Cause, Family, Hop, Path, Trail};
use crate::aws::services::{Families, IPV6_CLUSTER_ENDPOINT};

/// Whether nodes of `t` have an IPv6 path to the API endpoint to prove.
pub(super) fn applies(t: &Topology) -> bool {
    t.ip_family == IpFamily::Ipv6 && IPV6_CLUSTER_ENDPOINT == Families::DualStack
}
use crate::diag::Code;

/// The node's IPv6 path from `s` to the API endpoint.
pub(super) fn api_path(t: &Topology, s: &Subnet) -> Path {
    let c = &t.cluster;
    let start = Trail::start(s);
    let broken = |hops: Trail, why: String, causes| {
        Path::broken(Code::E109, hops, why, causes).over(Family::Ipv6)
    };
    if !s.ipv6.is_some_and(|v| v.assign_on_creation) {
        return broken(
            start,
            format!("nodes launched in {} get no IPv6 address", s.id),
            vec![Cause::NoIpv6Address {
                subnet: s.id.clone(),
            }],
        );
    }
    if c.endpoint_private_access && t.vpc.enable_dns_support && t.vpc.enable_dns_hostnames {
        let mut hops = start;
        hops.push("VPC local IPv6 route", Hop::LocalRoute);
        hops.push(
            "EKS-managed ENI in the cluster subnets (private endpoint, dual-stack)",
            Hop::PrivateEndpoint,
        );
        return Path::ok(hops).over(Family::Ipv6);
    }
    if !c.endpoint_public_access {
        return broken(
            start,
            "the public endpoint is off and the private one does not resolve".into(),
            vec![Cause::EndpointAccessOff],
        );
    }
    let mut hops = start;
    let route = t
        .route_table(&s.route_table)
        .and_then(|rt| rt.ipv6_routes.iter().find(|r| r.destination == ANY6));
    let gateway = match route.map(|r| &r.target) {
        Some(Ipv6Target::InternetGateway) if t.internet_gateway.is_some() => {
            "::/0 → internet gateway (node's own IPv6 address)"
        }
        Some(Ipv6Target::EgressOnlyInternetGateway) if t.egress_only_internet_gateway.is_some() => {
            "::/0 → egress-only internet gateway"
        }
        other => {
            let why = match other {
                None => format!(
                    "route table {} has no IPv6 default route (::/0)",
                    s.route_table
                ),
                Some(target) => format!(
                    "route table {} sends ::/0 to {}, which does not lead out",
                    s.route_table,
                    target_words(target)
                ),
            };
            return broken(
                hops,
                why,
                vec![Cause::NoIpv6Route {
                    route_table: s.route_table.clone(),
                }],
            );
        }
    };
    hops.push(gateway, Hop::InternetGateway);
    if !admitted(c, s) {
        return broken(
            hops,
            "the public endpoint does not admit the nodes' IPv6 addresses (known only once deployed; ::/0 admits them)".into(),
            vec![Cause::PublicCidrs { nat: None }],
        );
    }
    hops.push("public endpoint (over IPv6)", Hop::PublicEndpoint);
    Path::ok(hops).over(Family::Ipv6)
}

/// Whether the public endpoint admits the subnet's IPv6 addresses: `::/0`,
/// or (imported) a listed block holding the subnet's /64.
fn admitted(c: &Cluster, s: &Subnet) -> bool {
    c.public_access_ipv6_cidrs.iter().any(|n| {
        *n == ANY6
            || s.ipv6
                .and_then(|v| v.cidr)
                .is_some_and(|own| n.contains(&own))
    })
}

fn target_words(target: &Ipv6Target) -> String {
    match target {
        Ipv6Target::InternetGateway => "an internet gateway the VPC does not have".into(),
        Ipv6Target::EgressOnlyInternetGateway => {
            "an egress-only internet gateway the VPC does not have".into()
        }
        Ipv6Target::Other(id) => id.clone(),
    }
}
