//! The network part of the Terraform view: subnets per tier, route tables
//! and routes, NAT and transit gateways, VPC endpoints, one constructor
//! each.

use super::{route_table_ref, subnet_ref, Ref};
use crate::render::filters::hcl_key_width;
use crate::render::{tag_list, Tag};
use crate::topology::{EndpointKind, Ipv6Target, RouteTable, RouteTarget, Tier, Topology};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct SubnetV {
    az: String,
    cidr: String,
    map_public_ip_on_launch: bool,
    /// The /64's index into the VPC's /56 (dual-stack VPCs).
    ipv6_index: Option<u8>,
    assign_ipv6_address_on_creation: bool,
    enable_dns64: bool,
    tags: Vec<Tag>,
    tags_width: usize,
    route_table: Ref,
}

#[derive(Serialize)]
pub(super) struct RouteTableV {
    az: Option<String>,
    routes: Vec<RouteV>,
    ipv6_routes: Vec<Ipv6RouteV>,
}

#[derive(Serialize)]
struct Ipv6RouteV {
    destination: String,
    /// One of these.
    internet_gateway: bool,
    egress_only_internet_gateway: bool,
}

#[derive(Serialize)]
struct RouteV {
    destination: String,
    /// One of these.
    internet_gateway: bool,
    nat_gateway: Option<String>,
    transit_gateway: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NatV {
    az: String,
    subnet: Ref,
}

#[derive(Serialize)]
pub(super) struct TgwV {
    id: String,
    subnets: Vec<Ref>,
}

#[derive(Serialize)]
pub(super) struct EndpointV {
    service: String,
    service_name: String,
    private_dns: bool,
    subnets: Vec<Ref>,
    route_tables: Vec<Ref>,
}

/// The subnets of one tier, with their own tags (the user's are in
/// `local.tags`).
pub(super) fn subnets(t: &Topology, tier: Tier) -> Vec<SubnetV> {
    t.subnets_of(tier)
        .map(|s| SubnetV {
            az: s.az.clone(),
            cidr: s.cidr.to_string(),
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            ipv6_index: s.ipv6.map(|v| v.index),
            assign_ipv6_address_on_creation: s.ipv6.is_some_and(|v| v.assign_on_creation),
            enable_dns64: s.ipv6.is_some_and(|v| v.dns64),
            tags: tag_list(&s.tags),
            tags_width: hcl_key_width(s.tags.keys().map(String::as_str)),
            route_table: route_table_ref(t, &s.route_table),
        })
        .collect()
}

/// The route tables of one tier.
pub(super) fn route_tables(t: &Topology, tier: Tier) -> impl Iterator<Item = RouteTableV> + '_ {
    t.route_tables
        .iter()
        .filter(move |r| r.tier == tier)
        .map(|rt| route_table(t, rt))
}

fn route_table(t: &Topology, rt: &RouteTable) -> RouteTableV {
    RouteTableV {
        az: rt.az.clone(),
        ipv6_routes: rt
            .ipv6_routes
            .iter()
            .map(|r| Ipv6RouteV {
                destination: r.destination.to_string(),
                internet_gateway: r.target == Ipv6Target::InternetGateway,
                egress_only_internet_gateway: r.target == Ipv6Target::EgressOnlyInternetGateway,
            })
            .collect(),
        routes: rt
            .routes
            .iter()
            .map(|r| RouteV {
                destination: r.destination.to_string(),
                internet_gateway: r.target == RouteTarget::InternetGateway,
                nat_gateway: match &r.target {
                    RouteTarget::NatGateway(n) => Some(
                        t.nat_gateway(n)
                            .expect("routes use NAT gateways of the topology")
                            .az
                            .clone(),
                    ),
                    _ => None,
                },
                transit_gateway: match &r.target {
                    RouteTarget::TransitGateway(g) => Some(g.clone()),
                    _ => None,
                },
            })
            .collect(),
    }
}

pub(super) fn nat_gateways(t: &Topology) -> Vec<NatV> {
    t.nat_gateways
        .iter()
        .map(|n| NatV {
            az: n.az.clone(),
            subnet: subnet_ref(
                t,
                n.subnet.as_deref().expect("planned NAT gateways are zonal"),
            ),
        })
        .collect()
}

pub(super) fn transit_gateway(t: &Topology) -> Option<TgwV> {
    t.transit_gateway.as_ref().map(|g| TgwV {
        id: g.id.clone(),
        subnets: g
            .attachment_subnets
            .iter()
            .map(|s| subnet_ref(t, s))
            .collect(),
    })
}

/// The endpoints of one kind (one `for_each` resource each).
pub(super) fn endpoints(t: &Topology, kind: EndpointKind) -> Vec<EndpointV> {
    t.endpoints
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| EndpointV {
            service: e.service.clone(),
            service_name: e.service_name.clone(),
            private_dns: e.private_dns,
            subnets: e.subnets.iter().map(|s| subnet_ref(t, s)).collect(),
            route_tables: e
                .route_tables
                .iter()
                .map(|r| route_table_ref(t, r))
                .collect(),
        })
        .collect()
}
