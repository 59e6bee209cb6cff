//! The PrivateLink section: every VPC endpoint, why it is there and where
//! it is placed, or how nodes reach AWS services without one.

use super::{fact, list, same, st, Fact, Section, Statement};
use crate::aws::prices;
use crate::report::{on_off, strings};
use crate::teach::sources::Ref;
use crate::topology::{EndpointKind, Topology, VpcEndpoint};

pub(super) fn private_link(t: &Topology, out: &mut Vec<Statement>) {
    if t.endpoints.is_empty() {
        let way = if t.nat_gateways.is_empty() {
            "their own public IPs and the internet gateway"
        } else {
            "NAT"
        };
        out.push(st(
            Section::PrivateLink,
            format!(
                "No PrivateLink endpoints: nodes reach EC2, ECR, S3 and STS at their public endpoints through {way}; endpoints are optional here (add them with privateLink to keep that traffic in the VPC)."
            ),
            vec![fact("/topology/endpoints", Vec::<()>::new(), "No PrivateLink endpoints")],
            &[Ref::BlogNetworking, Ref::EksPrivate],
        ));
        return;
    }
    for (e, ep) in t.endpoints.iter().enumerate() {
        out.push(endpoint(t, e, ep));
    }
}

/// One endpoint: what it is, why it is here, and where it is placed.
fn endpoint(t: &Topology, e: usize, ep: &VpcEndpoint) -> Statement {
    let p = |f: &str| format!("/topology/endpoints/{e}/{f}");
    let mut facts = vec![
        same(p("service"), &ep.service),
        same(p("kind"), ep.kind.as_str()),
        same(p("serviceName"), &ep.service_name),
        same(p("reason"), &ep.reason),
        fact(
            p("required"),
            ep.required,
            if ep.required { "required" } else { "added" },
        ),
    ];
    let why_here = if ep.required {
        "required, as nothing else leads out of the VPC".to_string()
    } else if !ep.for_addons.is_empty() {
        let names: Vec<&str> = ep.for_addons.iter().map(|a| a.as_str()).collect();
        for (k, a) in names.iter().enumerate() {
            facts.push(same(p(&format!("forAddons/{k}")), a));
        }
        format!(
            "for the {} add-on(s), as nothing else leads out of the VPC",
            names.join(", ")
        )
    } else {
        "added by the spec's privateLink list".to_string()
    };
    let place = match ep.kind {
        EndpointKind::Interface => interface_place(t, ep, &p, &mut facts),
        EndpointKind::Gateway => gateway_place(ep, &p, &mut facts),
    };
    st(
        Section::PrivateLink,
        format!(
            "{} ({} endpoint {}, {why_here}) — {}: {place}.",
            ep.service,
            ep.kind.as_str(),
            ep.service_name,
            ep.reason
        ),
        facts,
        if ep.kind == EndpointKind::Gateway {
            &[Ref::EksPrivate, Ref::EcrEndpoints]
        } else {
            &[Ref::EksPrivate, Ref::BlogNetworking]
        },
    )
}

/// Where an interface endpoint's network interfaces are, and who may reach
/// them; their facts go to `facts`.
fn interface_place(
    t: &Topology,
    ep: &VpcEndpoint,
    p: &impl Fn(&str) -> String,
    facts: &mut Vec<Fact>,
) -> String {
    for (k, s) in ep.subnets.iter().enumerate() {
        facts.push(same(p(&format!("subnets/{k}")), s));
    }
    facts.push(fact(
        p("privateDns"),
        ep.private_dns,
        format!("private DNS {}", on_off(ep.private_dns)),
    ));
    let cidrs = strings(&t.endpoint_ingress_cidrs);
    for (k, c) in t.endpoint_ingress_cidrs.iter().enumerate() {
        facts.push(same(format!("/topology/endpointIngressCidrs/{k}"), c));
    }
    format!(
        "network interfaces in {} ({} AZs, each ${} per hour at {} prices), private DNS {} so the service's usual name resolves to them, and a security group admitting TCP 443 from {}",
        list(&ep.subnets),
        ep.subnets.len(),
        prices::INTERFACE_ENDPOINT_AZ_HOUR,
        prices::REGION,
        on_off(ep.private_dns),
        list(&cidrs)
    )
}

/// The route tables a gateway endpoint adds its route to; their facts go to
/// `facts`.
fn gateway_place(ep: &VpcEndpoint, p: &impl Fn(&str) -> String, facts: &mut Vec<Fact>) -> String {
    for (k, r) in ep.route_tables.iter().enumerate() {
        facts.push(same(p(&format!("routeTables/{k}")), r));
    }
    format!(
        "a route to the service's prefix list in route tables {} (gateway endpoints have no hourly or per-GB charge; the ECR guide asks for the S3 gateway endpoint, as ECR keeps image layers in S3)",
        list(&ep.route_tables)
    )
}
