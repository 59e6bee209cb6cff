//! The Routes section: every route of every route table, who uses the
//! table, and where its traffic goes and why. Tables with the same routes
//! (per-AZ tables to the same place, or each to its own AZ's NAT gateway)
//! share one statement, so the section grows little with the number of AZs.

use super::{fact, list, same, st, Fact, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::{RouteTable, RouteTarget, Topology};
use ipnet::Ipv4Net;

fn target_text(t: &Topology, target: &RouteTarget) -> String {
    match target {
        RouteTarget::InternetGateway => "the internet gateway".into(),
        RouteTarget::NatGateway(id) => match t.nat_gateway(id) {
            Some(n) => format!("NAT gateway {id} in {}", n.az),
            None => format!("NAT gateway {id}"),
        },
        RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
        RouteTarget::Other(id) => id.clone(),
    }
}

/// Where a route leads, as far as grouping tables is concerned.
#[derive(PartialEq)]
enum Via {
    Target(RouteTarget),
    /// The NAT gateway in the table's own AZ.
    OwnAzNat,
    /// A NAT gateway in another AZ than the table's.
    OtherAzNat(String),
}

fn via(t: &Topology, rt: &RouteTable, target: &RouteTarget) -> Via {
    if let (RouteTarget::NatGateway(id), Some(az)) = (target, &rt.az) {
        if let Some(n) = t.nat_gateway(id) {
            return if n.az == *az {
                Via::OwnAzNat
            } else {
                Via::OtherAzNat(id.clone())
            };
        }
    }
    Via::Target(target.clone())
}

/// What two tables must share to be told as one.
fn key(t: &Topology, rt: &RouteTable) -> (bool, bool, Vec<String>, Vec<(Ipv4Net, Via)>) {
    let used = t.subnets.iter().any(|s| s.route_table == rt.id);
    let gw = gateway_services(t, rt);
    let routes = rt
        .routes
        .iter()
        .map(|r| (r.destination, via(t, rt, &r.target)))
        .collect();
    (rt.main, used, gw, routes)
}

pub(super) fn routes(t: &Topology, out: &mut Vec<Statement>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (j, rt) in t.route_tables.iter().enumerate() {
        let k = key(t, rt);
        match groups
            .iter_mut()
            .find(|g| key(t, &t.route_tables[g[0]]) == k)
        {
            Some(g) => g.push(j),
            None => groups.push(vec![j]),
        }
    }
    for g in groups {
        route_tables(t, &g, out);
    }
}

/// One statement per route of the tables `js` (or one saying they have only
/// the local route), naming the subnets that use them and the gateway
/// endpoints that add routes to them.
fn route_tables(t: &Topology, js: &[usize], out: &mut Vec<Statement>) {
    let rt = &t.route_tables[js[0]];
    let mut base = Vec::new();
    let mut users = Vec::new();
    let mut gw_facts = Vec::new();
    for &j in js {
        users.extend(table_users(t, j, &mut base));
        gw_facts.extend(gateway_endpoint_facts(t, &t.route_tables[j]));
    }
    let ids: Vec<String> = js.iter().map(|&j| t.route_tables[j].id.clone()).collect();
    let tables = if js.len() == 1 {
        format!("Route table {}", rt.id)
    } else {
        format!("Route tables {}", list(&ids))
    };
    let used = used_text(rt, &users);
    let gw_text = gateway_endpoint_text(t, rt);
    if rt.routes.is_empty() {
        let mut facts = base;
        for &j in js {
            facts.push(fact(
                format!("/topology/routeTables/{j}/routes"),
                Vec::<()>::new(),
                "only the local route",
            ));
        }
        facts.push(same("/topology/vpc/cidr", t.vpc.cidr));
        facts.extend(gw_facts);
        out.push(st(
            Section::Routes,
            format!(
                "{tables} ({used}) {} only the local route for {}: nothing leaves the VPC, so nodes reach AWS through PrivateLink endpoints and the API through the private endpoint.{gw_text}",
                if js.len() == 1 { "has" } else { "have" },
                t.vpc.cidr
            ),
            facts,
            &[Ref::BlogNetworking, Ref::EksPrivate],
        ));
        return;
    }
    for (k, r) in rt.routes.iter().enumerate() {
        let mut facts = base.clone();
        for &j in js {
            facts.push(same(
                format!("/topology/routeTables/{j}/routes/{k}/destination"),
                r.destination,
            ));
        }
        let (to, why, refs) = route_why(t, js, k, &mut facts);
        facts.extend(gw_facts.clone());
        out.push(st(
            Section::Routes,
            format!(
                "{tables} ({used}): {} → {to}: {why}.{gw_text}",
                r.destination
            ),
            facts,
            refs,
        ));
    }
}

/// The subnets associated with table `j`; its id and theirs go to `facts`.
fn table_users(t: &Topology, j: usize, facts: &mut Vec<Fact>) -> Vec<String> {
    let rt = &t.route_tables[j];
    facts.push(same(format!("/topology/routeTables/{j}/id"), &rt.id));
    let mut names = Vec::new();
    for (i, s) in t.subnets.iter().enumerate() {
        if s.route_table == rt.id {
            facts.push(fact(
                format!("/topology/subnets/{i}/routeTable"),
                &rt.id,
                s.id.clone(),
            ));
            names.push(s.id.clone());
        }
    }
    names
}

/// The words for who uses the tables.
fn used_text(rt: &RouteTable, users: &[String]) -> String {
    if !users.is_empty() {
        format!("used by {}", list(users))
    } else if rt.main {
        "the VPC's main route table, used by subnets without an explicit association".to_string()
    } else {
        "used by no subnet".to_string()
    }
}

/// The gateway endpoints that add their routes to `rt`, as facts.
fn gateway_endpoint_facts(t: &Topology, rt: &RouteTable) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (e, ep) in t.endpoints.iter().enumerate() {
        if let Some(k) = ep.route_tables.iter().position(|r| *r == rt.id) {
            facts.push(fact(
                format!("/topology/endpoints/{e}/routeTables/{k}"),
                &rt.id,
                rt.id.clone(),
            ));
            facts.push(same(
                format!("/topology/endpoints/{e}/service"),
                &ep.service,
            ));
        }
    }
    facts
}

/// The services whose gateway endpoints add a route to table `rt`.
fn gateway_services(t: &Topology, rt: &RouteTable) -> Vec<String> {
    t.endpoints
        .iter()
        .filter(|e| e.route_tables.contains(&rt.id))
        .map(|e| e.service.clone())
        .collect()
}

/// The sentence saying which gateway endpoints add routes (empty where
/// none does); tables grouped together share them.
fn gateway_endpoint_text(t: &Topology, rt: &RouteTable) -> String {
    let gw = gateway_services(t, rt);
    if gw.is_empty() {
        String::new()
    } else {
        format!(
            " The {} gateway endpoint adds a route to the service's prefix list here, so that traffic stays in the VPC.",
            list(&gw)
        )
    }
}

/// Where route `k` of the tables `js` leads, what it is for and its
/// sources; the targets' facts go to `facts`.
fn route_why(
    t: &Topology,
    js: &[usize],
    k: usize,
    facts: &mut Vec<Fact>,
) -> (String, String, &'static [Ref]) {
    let rp = |j: usize| format!("/topology/routeTables/{j}/routes/{k}");
    let target = &t.route_tables[js[0]].routes[k].target;
    let to = target_text(t, target);
    match target {
        RouteTarget::InternetGateway => {
            for &j in js {
                facts.push(fact(
                    format!("{}/target/kind", rp(j)),
                    "internetGateway",
                    "the internet gateway",
                ));
            }
            (
                to,
                "this is what makes a subnet public: instances with a public IP talk to the internet directly, and answers come back to them".into(),
                &[Ref::BlogNetworking],
            )
        }
        RouteTarget::NatGateway(_) => {
            let (to, why) = nat_route(t, js, k, facts);
            (to, why, &[Ref::BlogNetworking, Ref::VpcNat])
        }
        RouteTarget::TransitGateway(id) | RouteTarget::Other(id) => {
            for &j in js {
                facts.push(same(format!("{}/target/id", rp(j)), id));
            }
            let why = if matches!(target, RouteTarget::TransitGateway(_)) {
                "egress is whatever lies beyond the transit gateway; eksnet assumes it reaches the internet or AWS services and cannot verify it"
            } else {
                "eksnet cannot follow this target, so it cannot say what lies beyond"
            };
            let refs: &'static [Ref] = if matches!(target, RouteTarget::TransitGateway(_)) {
                &[Ref::BlogNetworking]
            } else {
                &[]
            };
            (to, why.into(), refs)
        }
    }
}

/// Route `k` of the tables `js` to a NAT gateway: where it leads (each
/// table's own AZ's gateway, or one gateway), what it is for, and what it
/// costs when the gateway sits in another AZ than the tables.
fn nat_route(t: &Topology, js: &[usize], k: usize, facts: &mut Vec<Fact>) -> (String, String) {
    let mut why = "nodes reach the internet and the public endpoints of AWS services (ECR, S3, STS) from the NAT gateway's Elastic IP, and nothing outside can open a connection to them".to_string();
    let mut targets = Vec::new();
    let mut crossing = Vec::new();
    let mut nat_az = None;
    for &j in js {
        let rt = &t.route_tables[j];
        let RouteTarget::NatGateway(id) = &rt.routes[k].target else {
            continue;
        };
        facts.push(same(
            format!("/topology/routeTables/{j}/routes/{k}/target/id"),
            id,
        ));
        targets.push(target_text(t, &rt.routes[k].target));
        if let Some((n_idx, n)) = t.nat_gateways.iter().enumerate().find(|(_, n)| n.id == *id) {
            facts.push(same(format!("/topology/natGateways/{n_idx}/az"), &n.az));
            if let Some(az) = rt.az.as_ref().filter(|az| **az != n.az) {
                facts.push(same(format!("/topology/routeTables/{j}/az"), az));
                crossing.push(az.clone());
                nat_az = Some(n.az.clone());
            }
        }
    }
    if let Some(n_az) = nat_az {
        why.push_str(&format!(
            "; traffic from {} crosses to {n_az} (cross-AZ data charges) and loses its way out if {n_az} fails",
            list(&crossing)
        ));
    }
    targets.dedup();
    let to = if targets.len() > 1 {
        format!(
            "the NAT gateway in each table's own AZ ({})",
            list(&targets)
        )
    } else {
        targets.pop().unwrap_or_default()
    };
    (to, why)
}
