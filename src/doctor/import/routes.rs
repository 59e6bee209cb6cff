//! Route tables as AWS applies them: every IPv4 route of a table, by CIDR
//! or by prefix list (the reachability engine matches the longest prefix),
//! what each leads to (a route in state `blackhole`, an unusable NAT
//! gateway and another VPC's internet gateway lead nowhere eksnet can
//! follow), which table is the main one, and which subnets are associated
//! with a table explicitly.

use super::{bad, parse_cidr, Input, ROUTE_TABLES};
use crate::doctor::aws::{self, Result};
use crate::hash::HashMap;
use crate::topology::reach::internet_ways;
use crate::topology::{
    cidr, lpm, PrefixListRoute, Route, RouteTable, RouteTarget, Tier, TransitGateway,
};
use std::collections::BTreeMap;

/// The VPC's route tables, and how subnets map onto them.
pub(super) struct Routing<'a> {
    /// In AWS's order; see [`Routing::into_parts`].
    tables: Vec<RouteTable>,
    /// The first transit gateway a route leads to.
    transit: Option<String>,
    /// The main route table: subnets without an explicit association use it.
    main: String,
    /// Subnet → route table, from live explicit associations.
    explicit: HashMap<&'a str, &'a str>,
    /// Route table → its tier.
    tier: HashMap<String, Tier>,
}

impl Routing<'_> {
    /// The route table a subnet uses: its explicit one, else the main one.
    pub fn table_of(&self, subnet: &str) -> String {
        self.explicit
            .get(subnet)
            .map_or(self.main.clone(), |r| r.to_string())
    }

    /// A route table's tier; a table not found is private.
    pub fn tier_of(&self, table: &str) -> Tier {
        self.tier.get(table).copied().unwrap_or(Tier::Private)
    }

    /// The route tables, main first then by ID, and the transit gateway.
    pub fn into_parts(mut self) -> (Vec<RouteTable>, Option<TransitGateway>) {
        self.tables
            .sort_by(|a, b| (!a.main, &a.id).cmp(&(!b.main, &b.id)));
        let transit = self.transit.map(|id| TransitGateway {
            id,
            attachment_subnets: vec![],
        });
        (self.tables, transit)
    }
}

/// The route tables of the VPC, read; the VPC must have a main one.
pub(super) fn routing<'a>(
    input: &'a Input,
    vpc_id: &str,
    unusable_nats: &BTreeMap<String, String>,
    igw: Option<&aws::InternetGateway>,
) -> Result<Routing<'a>> {
    let rts: Vec<&aws::RouteTable> = input
        .route_tables
        .iter()
        .filter(|r| r.vpc_id == vpc_id)
        .collect();
    let mut transit = None;
    let mut tables = Vec::new();
    let internet = lpm::internet();
    for rt in &rts {
        let (routes, lists) = routes(input, rt, unusable_nats, igw)?;
        if transit.is_none() {
            transit = routes.iter().find_map(|r| match &r.target {
                RouteTarget::TransitGateway(id) => Some(id.clone()),
                _ => None,
            });
        }
        tables.push(route_table(rt, routes, lists, &internet));
    }
    let Some(main) = tables.iter().find(|r| r.main).map(|r| r.id.clone()) else {
        return Err(bad(
            input.file(ROUTE_TABLES),
            format!("no route table of {vpc_id} has `Associations[].Main: true` (was it filtered by VPC?)"),
        ));
    };
    Ok(Routing {
        tier: tables.iter().map(|r| (r.id.clone(), r.tier)).collect(),
        tables,
        transit,
        main,
        explicit: explicit_associations(&rts),
    })
}

/// A route table, from its routes in AWS's order; it is public when it
/// sends all of the internet (by longest prefix match) to the VPC's
/// internet gateway. The VPC's own blocks are left out of the match here:
/// they take the internet's addresses only in a VPC of public addresses,
/// where the table's tier is a label and routes are still matched in full
/// by the reachability engine.
fn route_table(
    rt: &aws::RouteTable,
    mut routes: Vec<Route>,
    prefix_list_routes: Vec<PrefixListRoute>,
    internet: &[ipnet::Ipv4Net],
) -> RouteTable {
    // Readers of the plan's views take the first 0.0.0.0/0 route as the
    // default one: keep those in AWS's order and the rest after.
    routes.sort_by_key(|r| std::cmp::Reverse(cidr::is_any(&r.destination)));
    let mut table = RouteTable {
        id: rt.route_table_id.clone(),
        tier: Tier::Private,
        az: None,
        main: rt.associations.iter().any(|a| a.main),
        routes,
        ipv6_routes: vec![],
        prefix_list_routes,
    };
    let public = internet_ways(&[], Some(&table), internet)
        .iter()
        .all(|w| w.target == Some(RouteTarget::InternetGateway));
    if public {
        table.tier = Tier::Public;
    }
    table
}

/// A table's IPv4 routes other than `local`, in AWS's order: by CIDR, and
/// by prefix list.
fn routes(
    input: &Input,
    rt: &aws::RouteTable,
    unusable_nats: &BTreeMap<String, String>,
    igw: Option<&aws::InternetGateway>,
) -> Result<(Vec<Route>, Vec<PrefixListRoute>)> {
    let mut routes = Vec::new();
    let mut lists = Vec::new();
    for r in &rt.routes {
        let Some(target) = r.target() else { continue };
        if target == "local" {
            continue;
        }
        let target = route_target(r, target, unusable_nats, igw);
        if let Some(pl) = r.destination_prefix_list_id.as_deref() {
            if r.destination_cidr_block.is_none() {
                lists.push(PrefixListRoute {
                    prefix_list: pl.to_string(),
                    target,
                });
                continue;
            }
        }
        let Some(dest) = r.destination_cidr_block.as_deref() else {
            continue; // IPv6
        };
        let destination = parse_cidr(
            &input.file(ROUTE_TABLES),
            &format!("{} Routes[].DestinationCidrBlock", rt.route_table_id),
            dest,
        )?;
        routes.push(Route {
            destination,
            target,
        });
    }
    Ok((routes, lists))
}

/// Where a route leads, as eksnet can follow it.
fn route_target(
    r: &aws::Route,
    target: &str,
    unusable_nats: &BTreeMap<String, String>,
    igw: Option<&aws::InternetGateway>,
) -> RouteTarget {
    let blackhole = r.state.as_deref() == Some("blackhole");
    if r.nat_gateway_id.is_some() && !blackhole {
        match unusable_nats.get(target) {
            Some(why) => RouteTarget::Other(format!("NAT gateway {target}, {why}")),
            None => RouteTarget::NatGateway(target.to_string()),
        }
    } else if r.nat_gateway_id.is_some() {
        // A deleted NAT gateway leaves a blackhole route and, after an
        // hour, no trace in describe-nat-gateways.
        match unusable_nats.get(target) {
            Some(why) => RouteTarget::Other(format!("NAT gateway {target}, {why}")),
            None => RouteTarget::Other(format!(
                "NAT gateway {target} (blackhole: the target no longer exists)"
            )),
        }
    } else if blackhole {
        RouteTarget::Other(format!("{target} (blackhole: the target no longer exists)"))
    } else if r.transit_gateway_id.is_some() {
        RouteTarget::TransitGateway(target.to_string())
    } else if target.starts_with("igw-") {
        if igw.is_some_and(|g| g.internet_gateway_id == target) {
            RouteTarget::InternetGateway
        } else {
            RouteTarget::Other(format!(
                "{target} (an internet gateway not attached to this VPC)"
            ))
        }
    } else {
        RouteTarget::Other(target.to_string())
    }
}

/// Subnet → route table, for associations that are live (a disassociated
/// one leaves the subnet on the main table).
fn explicit_associations<'a>(rts: &[&'a aws::RouteTable]) -> HashMap<&'a str, &'a str> {
    let n = rts.iter().map(|rt| rt.associations.len()).sum();
    let mut explicit = HashMap::with_capacity_and_hasher(n, Default::default());
    for rt in rts {
        for a in &rt.associations {
            let live = a
                .association_state
                .as_ref()
                .is_none_or(|s| s.state == "associated" || s.state.is_empty());
            if let (Some(s), true) = (a.subnet_id.as_deref(), live) {
                explicit.insert(s, rt.route_table_id.as_str());
            }
        }
    }
    explicit
}
