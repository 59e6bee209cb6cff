//! What the wizard shows: the subnets an answer gives, and the plan summary
//! before writing. Shorter than `eksnet plan` (which stays one command away)
//! so it fits a terminal; like every report it only reads the topology.

use crate::report::{route_target, table, thousands};
use crate::topology::{reach, RouteTarget, Tier, Topology};
use std::fmt::Write;

/// AZ, tier, CIDR and usable addresses of every subnet, and what is left.
pub fn subnets(t: &Topology) -> String {
    let rows: Vec<Vec<String>> = t
        .subnets
        .iter()
        .map(|s| {
            vec![
                s.az.clone(),
                s.tier.as_str().to_string(),
                s.cidr.to_string(),
                thousands(s.usable_addresses),
                if s.nodes { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    let mut o = table(&["AZ", "TIER", "CIDR", "USABLE IPS", "NODES"], &rows);
    let _ = writeln!(
        o,
        "{} of the VPC's addresses are in no subnet (room for more subnets later)",
        thousands(t.vpc.unallocated_addresses)
    );
    o
}

pub fn plan(t: &Topology) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", crate::report::title(t));
    let azs: Vec<&str> = t
        .availability_zones
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let _ = writeln!(o, "VPC {} across {}\n", t.vpc.cidr, azs.join(", "));
    if t.vpc.amazon_ipv6 {
        let _ = writeln!(
            o,
            "IPv6 cluster: an Amazon-provided /56, a /64 per subnet{}\n",
            if t.egress_only_internet_gateway.is_some() {
                ", ::/0 from the private subnets to an egress-only internet gateway"
            } else {
                ""
            }
        );
    }
    o.push_str(&subnets(t));

    let mut defaults: Vec<String> = Vec::new();
    for tier in [Tier::Public, Tier::Private] {
        let target = t
            .subnets
            .iter()
            .filter(|s| s.tier == tier)
            .find_map(|s| reach::default_route(t, &s.route_table));
        if t.subnets.iter().any(|s| s.tier == tier) {
            let to = match target {
                None => "nowhere (no route out)".to_string(),
                Some(RouteTarget::NatGateway(_)) => "NAT gateways".to_string(),
                Some(other) => route_target(t, &other),
            };
            defaults.push(format!("{} subnets → {to}", tier.as_str()));
        }
    }
    let _ = writeln!(o, "\nInternet: {}", defaults.join("; "));
    if !t.nat_gateways.is_empty() {
        let azs: Vec<&str> = t.nat_gateways.iter().map(|n| n.az.as_str()).collect();
        let _ = writeln!(
            o,
            "NAT gateways ({}): {}",
            t.nat_mode.as_str(),
            azs.join(", ")
        );
    }
    let c = &t.cluster;
    let public = if c.endpoint_public_access {
        let cidrs: Vec<String> = c
            .public_access_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect();
        format!("public from {}", cidrs.join(", "))
    } else {
        "public off".to_string()
    };
    let private = if c.endpoint_private_access {
        "private on"
    } else {
        "private off"
    };
    let _ = writeln!(o, "Cluster endpoint: {public}; {private}");
    if t.endpoints.is_empty() {
        let _ = writeln!(o, "PrivateLink endpoints: none");
    } else {
        let names: Vec<&str> = t.endpoints.iter().map(|e| e.service.as_str()).collect();
        let _ = writeln!(o, "PrivateLink endpoints: {}", names.join(", "));
    }
    let reach = reach::analyze(t);
    let broken: Vec<String> = reach
        .iter()
        .flat_map(|r| {
            r.paths()
                .into_iter()
                .filter(|(_, p)| !p.ok)
                .map(move |(what, p)| format!("  {} → {what}: NO {}", r.subnet, p.describe()))
        })
        .collect();
    if broken.is_empty() {
        let _ = writeln!(
            o,
            "Node subnets reach the API endpoint, ECR + S3 and STS + eks-auth: yes"
        );
    } else {
        let _ = writeln!(o, "Node subnets that cannot reach what they need:");
        for b in broken {
            let _ = writeln!(o, "{b}");
        }
    }
    o
}
