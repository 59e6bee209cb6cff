//! The network part of the CloudFormation view: the VPC, its subnets, route
//! tables and routes, NAT and transit gateways, VPC endpoints and flow logs,
//! one constructor each.
//!
//! Zones are values, never parameters: `aws cloudformation deploy` keeps a
//! parameter's previous value, so positional zone parameters would move a
//! subnet to the zone another one had when a zone is added or removed.

use super::{endpoint_id, res, subnet_id, tags, tier_word, upper_alnum, Names, Res, FORMAT};
use crate::render::checkov::{self, On, Skip};
use crate::render::Tag;
use crate::topology::{
    EndpointKind, Ipv6Route, Ipv6Target, Route, RouteTable, RouteTarget, Tier, Topology,
};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct VpcV {
    id: String,
    cidr: String,
    /// The logical ID of the VPC's Amazon-provided IPv6 /56
    /// (`AWS::EC2::VPCCidrBlock`), in a dual-stack VPC.
    ipv6_block: Option<&'static str>,
    enable_dns_support: bool,
    enable_dns_hostnames: bool,
    tags: Vec<Tag>,
    skips: Vec<Skip>,
}

#[derive(Serialize)]
pub(super) struct SubnetV {
    id: String,
    cidr: String,
    /// The AZ name (`AvailabilityZone`) ...
    az_name: Option<String>,
    /// ... or the AZ ID, which CloudFormation takes in another property.
    az_id: Option<String>,
    map_public_ip_on_launch: bool,
    ipv6: Option<SubnetIpv6V>,
    tags: Vec<Tag>,
    skips: Vec<Skip>,
    association: String,
    route_table: String,
    /// A pod subnet waits for the CIDR block it lies in.
    depends_on: Option<&'static str>,
}

/// A subnet's /64: its index into the VPC's /56.
#[derive(Serialize)]
struct SubnetIpv6V {
    index: u8,
    assign_on_creation: bool,
    dns64: bool,
}

#[derive(Serialize)]
pub(super) struct RouteTableV {
    pub(super) id: String,
    tags: Vec<Tag>,
    pub(super) routes: Vec<RouteV>,
}

#[derive(Serialize, Default)]
pub(super) struct RouteV {
    pub(super) id: String,
    /// One of these two is set.
    destination: Option<String>,
    destination_ipv6: Option<String>,
    /// Exactly one of these is set.
    gateway: Option<String>,
    egress_only_gateway: Option<String>,
    nat_gateway: Option<String>,
    transit_gateway: Option<String>,
    depends_on: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NatV {
    pub(super) eip: Res,
    nat: Res,
    subnet: String,
}

#[derive(Serialize)]
pub(super) struct TgwV {
    id: String,
    transit_gateway_id: String,
    subnets: Vec<String>,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
pub(super) struct EndpointSgV {
    id: String,
    description: String,
    ingress_cidrs: Vec<String>,
    /// HTTPS from the VPC's IPv6 /56 too (dual-stack VPCs): its logical ID.
    ipv6_block: Option<&'static str>,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
pub(super) struct EndpointV {
    pub(super) id: String,
    service_name: String,
    kind: &'static str,
    subnets: Vec<String>,
    route_tables: Vec<String>,
    private_dns: bool,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
pub(super) struct FlowLogV {
    log_group: Res,
    log_group_skips: Vec<Skip>,
    role: Res,
    flow_log: Res,
}

pub(super) fn vpc(t: &Topology) -> VpcV {
    VpcV {
        id: "VPC".into(),
        cidr: t.vpc.cidr.to_string(),
        ipv6_block: t.vpc.amazon_ipv6.then_some(IPV6_BLOCK_ID),
        enable_dns_support: t.vpc.enable_dns_support,
        enable_dns_hostnames: t.vpc.enable_dns_hostnames,
        tags: tags(t, &BTreeMap::new()),
        skips: checkov::skips(t, FORMAT, On::Vpc),
    }
}

pub(super) fn subnets(t: &Topology, names: &Names) -> Vec<SubnetV> {
    let is_id = |az: &str| t.availability_zones.iter().any(|a| a.name == az && a.is_id);
    t.subnets
        .iter()
        .map(|s| SubnetV {
            id: subnet_id(s.tier, &s.az),
            cidr: s.cidr.to_string(),
            az_name: (!is_id(&s.az)).then(|| s.az.clone()),
            az_id: is_id(&s.az).then(|| s.az.clone()),
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            ipv6: s.ipv6.map(|v| SubnetIpv6V {
                index: v.index,
                assign_on_creation: v.assign_on_creation,
                dns64: v.dns64,
            }),
            tags: tags(t, &s.tags),
            skips: match s.tier {
                Tier::Public => checkov::skips(t, FORMAT, On::PublicSubnets),
                Tier::Private | Tier::Pod => vec![],
            },
            association: Names::association(s.tier, &s.az),
            route_table: names.route_table(&s.route_table),
            depends_on: super::pods::subnet_depends_on(s.tier),
        })
        .collect()
}

pub(super) fn route_tables(t: &Topology, names: &Names) -> Vec<RouteTableV> {
    t.route_tables
        .iter()
        .map(|rt| RouteTableV {
            id: names.route_table(&rt.id),
            tags: tags(t, &BTreeMap::new()),
            routes: rt
                .routes
                .iter()
                .map(|r| route(rt, r, names))
                .chain(rt.ipv6_routes.iter().map(|r| ipv6_route(rt, r)))
                .collect(),
        })
        .collect()
}

/// The logical ID of a route, named for its table and target.
pub(super) fn route_id(rt: &RouteTable, r: &Route) -> String {
    let sfx = rt.az.as_deref().map(upper_alnum).unwrap_or_default();
    match &r.target {
        RouteTarget::InternetGateway => format!("{}SubnetRoute{sfx}", tier_word(rt.tier)),
        RouteTarget::NatGateway(_) => format!("NAT{}SubnetRoute{sfx}", tier_word(rt.tier)),
        RouteTarget::TransitGateway(_) => format!("TransitGatewayRoute{sfx}"),
        RouteTarget::Other(_) => {
            unreachable!("planned topologies route only to their own gateways")
        }
    }
}

/// A route; routes through a gateway wait for the gateway's attachment.
fn route(rt: &RouteTable, r: &Route, names: &Names) -> RouteV {
    let mut v = RouteV {
        id: route_id(rt, r),
        destination: Some(r.destination.to_string()),
        ..RouteV::default()
    };
    match &r.target {
        RouteTarget::InternetGateway => {
            v.gateway = Some("InternetGateway".into());
            v.depends_on = Some("VPCGatewayAttachment".into());
        }
        RouteTarget::NatGateway(n) => {
            v.nat_gateway = Some(names.nat(n).1);
        }
        RouteTarget::TransitGateway(id) => {
            v.transit_gateway = Some(id.clone());
            v.depends_on = Some("TransitGatewayAttachment".into());
        }
        RouteTarget::Other(_) => {}
    }
    v
}

/// The logical ID of the VPC's IPv6 block.
pub(super) const IPV6_BLOCK_ID: &str = "VPCIpv6CidrBlock";
/// The logical ID of the egress-only internet gateway.
pub(super) const EGRESS_ONLY_GATEWAY_ID: &str = "EgressOnlyInternetGateway";

/// The logical ID of an IPv6 route, named for its table and target.
pub(super) fn ipv6_route_id(rt: &RouteTable, r: &Ipv6Route) -> String {
    let sfx = rt.az.as_deref().map(upper_alnum).unwrap_or_default();
    match &r.target {
        Ipv6Target::InternetGateway => format!("{}SubnetIpv6Route{sfx}", tier_word(rt.tier)),
        Ipv6Target::EgressOnlyInternetGateway => format!("EgressOnlySubnetIpv6Route{sfx}"),
        Ipv6Target::Other(_) => {
            unreachable!("planned topologies route only to their own gateways")
        }
    }
}

/// An IPv6 route; through the internet gateway it waits for the
/// gateway's attachment.
fn ipv6_route(rt: &RouteTable, r: &Ipv6Route) -> RouteV {
    let mut v = RouteV {
        id: ipv6_route_id(rt, r),
        destination_ipv6: Some(r.destination.to_string()),
        ..RouteV::default()
    };
    match &r.target {
        Ipv6Target::InternetGateway => {
            v.gateway = Some("InternetGateway".into());
            v.depends_on = Some("VPCGatewayAttachment".into());
        }
        Ipv6Target::EgressOnlyInternetGateway => {
            v.egress_only_gateway = Some(EGRESS_ONLY_GATEWAY_ID.into());
        }
        Ipv6Target::Other(_) => {}
    }
    v
}

pub(super) fn nat_gateways(t: &Topology, names: &Names) -> Vec<NatV> {
    t.nat_gateways
        .iter()
        .map(|n| {
            let (eip, nat) = names.nat(&n.id);
            NatV {
                eip: res(t, &eip),
                nat: res(t, &nat),
                subnet: names.subnet(n.subnet.as_deref().expect("planned NAT gateways are zonal")),
            }
        })
        .collect()
}

pub(super) fn transit_gateway(t: &Topology, names: &Names) -> Option<TgwV> {
    t.transit_gateway.as_ref().map(|g| TgwV {
        id: "TransitGatewayAttachment".into(),
        transit_gateway_id: g.id.clone(),
        subnets: g
            .attachment_subnets
            .iter()
            .map(|s| names.subnet(s))
            .collect(),
        tags: tags(t, &BTreeMap::new()),
    })
}

/// The security group of the interface endpoints, when there are any.
pub(super) fn endpoint_sg(t: &Topology) -> Option<EndpointSgV> {
    let has_interface = t
        .endpoints
        .iter()
        .any(|e| e.kind == EndpointKind::Interface);
    has_interface.then(|| EndpointSgV {
        id: "VPCEndpointSecurityGroup".into(),
        description: format!("Interface VPC endpoints of {}: HTTPS from the VPC", t.name),
        ingress_cidrs: t
            .endpoint_ingress_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect(),
        ipv6_block: t.vpc.amazon_ipv6.then_some(IPV6_BLOCK_ID),
        tags: tags(t, &BTreeMap::new()),
    })
}

pub(super) fn endpoints(t: &Topology, names: &Names) -> Vec<EndpointV> {
    t.endpoints
        .iter()
        .map(|e| EndpointV {
            id: endpoint_id(&e.service),
            service_name: e.service_name.clone(),
            kind: e.kind.as_str(),
            subnets: e.subnets.iter().map(|s| names.subnet(s)).collect(),
            route_tables: e
                .route_tables
                .iter()
                .map(|r| names.route_table(r))
                .collect(),
            private_dns: e.private_dns,
            tags: tags(t, &BTreeMap::new()),
        })
        .collect()
}

pub(super) fn flow_log(t: &Topology) -> Option<FlowLogV> {
    t.flow_logs.then(|| FlowLogV {
        log_group: res(t, "FlowLogGroup"),
        log_group_skips: checkov::skips(t, FORMAT, On::FlowLogGroup),
        role: res(t, "FlowLogRole"),
        flow_log: res(t, "FlowLog"),
    })
}
