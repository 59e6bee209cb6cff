//! The Routes section: every route of every route table, who uses the
//! table, and where its traffic goes and why.

use super::{fact, list, same, st, Fact, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::{RouteTable, RouteTarget, Subnet, Topology};

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

pub(super) fn routes(t: &Topology, out: &mut Vec<Statement>) {
    for (j, rt) in t.route_tables.iter().enumerate() {
        route_table(t, j, rt, out);
    }
}

/// One statement per route of table `j` (or one saying it has only the
/// local route), each naming the subnets that use the table and the gateway
/// endpoints that add routes to it.
fn route_table(t: &Topology, j: usize, rt: &RouteTable, out: &mut Vec<Statement>) {
    let (base, used) = table_users(t, j, rt);
    let (gw_text, gw_facts) = gateway_endpoint_routes(t, rt);
    if rt.routes.is_empty() {
        let mut facts = base;
        facts.push(fact(
            format!("/topology/routeTables/{j}/routes"),
            Vec::<()>::new(),
            "only the local route",
        ));
        facts.push(same("/topology/vpc/cidr", t.vpc.cidr));
        facts.extend(gw_facts);
        out.push(st(
            Section::Routes,
            format!(
                "Route table {} ({used}) has only the local route for {}: nothing leaves the VPC, so nodes reach AWS through PrivateLink endpoints and the API through the private endpoint.{gw_text}",
                rt.id, t.vpc.cidr
            ),
            facts,
            &[Ref::BlogNetworking, Ref::EksPrivate],
        ));
        return;
    }
    for (k, r) in rt.routes.iter().enumerate() {
        let rp = format!("/topology/routeTables/{j}/routes/{k}");
        let mut facts = base.clone();
        facts.push(same(format!("{rp}/destination"), r.destination));
        let (why, refs) = route_why(t, j, rt, &rp, &r.target, &mut facts);
        facts.extend(gw_facts.clone());
        out.push(st(
            Section::Routes,
            format!(
                "Route table {} ({used}): {} → {}: {why}.{gw_text}",
                rt.id,
                r.destination,
                target_text(t, &r.target)
            ),
            facts,
            refs,
        ));
    }
}

/// The table's id and the subnets associated with it, as facts, and the
/// words for who uses it.
fn table_users(t: &Topology, j: usize, rt: &RouteTable) -> (Vec<Fact>, String) {
    let users: Vec<(usize, &Subnet)> = t
        .subnets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.route_table == rt.id)
        .collect();
    let mut facts = vec![same(format!("/topology/routeTables/{j}/id"), &rt.id)];
    for (i, s) in &users {
        facts.push(fact(
            format!("/topology/subnets/{i}/routeTable"),
            &rt.id,
            s.id.clone(),
        ));
    }
    let names: Vec<String> = users.iter().map(|(_, s)| s.id.clone()).collect();
    let used = if names.is_empty() {
        if rt.main {
            "the VPC's main route table, used by subnets without an explicit association"
                .to_string()
        } else {
            "used by no subnet".to_string()
        }
    } else {
        format!("used by {}", list(&names))
    };
    (facts, used)
}

/// Gateway endpoints add their routes to these tables: the sentence that
/// says so (empty where none does), and its facts.
fn gateway_endpoint_routes(t: &Topology, rt: &RouteTable) -> (String, Vec<Fact>) {
    let mut gw = Vec::new();
    let mut facts = Vec::new();
    for (e, ep) in t.endpoints.iter().enumerate() {
        if let Some(k) = ep.route_tables.iter().position(|r| *r == rt.id) {
            gw.push(ep.service.clone());
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
    let text = if gw.is_empty() {
        String::new()
    } else {
        format!(
            " The {} gateway endpoint adds a route to the service's prefix list here, so that traffic stays in the VPC.",
            list(&gw)
        )
    };
    (text, facts)
}

/// What a route to `target` is for, with its sources; the target's facts
/// go to `facts`. `rp` points at the route.
fn route_why(
    t: &Topology,
    j: usize,
    rt: &RouteTable,
    rp: &str,
    target: &RouteTarget,
    facts: &mut Vec<Fact>,
) -> (String, &'static [Ref]) {
    match target {
        RouteTarget::InternetGateway => {
            facts.push(fact(
                format!("{rp}/target/kind"),
                "internetGateway",
                "the internet gateway",
            ));
            (
                "this is what makes a subnet public: instances with a public IP talk to the internet directly, and answers come back to them".into(),
                &[Ref::BlogNetworking],
            )
        }
        RouteTarget::NatGateway(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                nat_route_why(t, j, rt, id, facts),
                &[Ref::BlogNetworking, Ref::VpcNat],
            )
        }
        RouteTarget::TransitGateway(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                "egress is whatever lies beyond the transit gateway; eksnet assumes it reaches the internet or AWS services and cannot verify it".into(),
                &[Ref::BlogNetworking],
            )
        }
        RouteTarget::Other(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                "eksnet cannot follow this target, so it cannot say what lies beyond".into(),
                &[],
            )
        }
    }
}

/// What a route to NAT gateway `id` is for, and what it costs when the
/// gateway sits in another AZ than the table.
fn nat_route_why(
    t: &Topology,
    j: usize,
    rt: &RouteTable,
    id: &str,
    facts: &mut Vec<Fact>,
) -> String {
    let mut why = "nodes reach the internet and the public endpoints of AWS services (ECR, S3, STS) from the NAT gateway's Elastic IP, and nothing outside can open a connection to them".to_string();
    if let Some((n_idx, n)) = t.nat_gateways.iter().enumerate().find(|(_, n)| n.id == id) {
        facts.push(same(format!("/topology/natGateways/{n_idx}/az"), &n.az));
        if let Some(az) = rt.az.as_ref().filter(|az| **az != n.az) {
            facts.push(same(format!("/topology/routeTables/{j}/az"), az));
            why.push_str(&format!(
                "; traffic from {az} crosses to {} (cross-AZ data charges) and loses its way out if {} fails",
                n.az, n.az
            ));
        }
    }
    why
}
