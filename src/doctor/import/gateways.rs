//! The VPC's ways to the internet: its internet gateway, and the NAT
//! gateways that can carry traffic out (those that exist but cannot are
//! kept apart, with why, so a route to one is named for what it is).

use super::Input;
use crate::doctor::aws;
use crate::hash::HashSet;
use crate::topology::NatGateway;
use std::collections::BTreeMap;

/// The internet gateway attached to the VPC.
pub(super) fn internet_gateway<'a>(
    input: &'a Input,
    vpc_id: &str,
) -> Option<&'a aws::InternetGateway> {
    input.internet_gateways.iter().find(|g| {
        g.attachments
            .iter()
            .any(|a| a.vpc_id == vpc_id && (a.state == "available" || a.state == "attached"))
    })
}

/// The VPC's NAT gateways, split by whether they can be routed to now.
pub(super) struct Nats {
    /// Sorted by ID.
    pub usable: Vec<NatGateway>,
    /// ID → why it cannot be used.
    pub unusable: BTreeMap<String, String>,
}

/// The NAT gateways of the VPC: named by its VPC, or by a subnet of it.
pub(super) fn nat_gateways(input: &Input, vpc_id: &str, subnets: &[&aws::Subnet]) -> Nats {
    // Only the NAT gateways' subnets are looked up: a large VPC has 100,000
    // subnets and a handful of NAT gateways.
    let wanted: HashSet<&str> = input
        .nat_gateways
        .iter()
        .filter_map(|n| n.subnet_id.as_deref())
        .collect();
    let subnet_az: BTreeMap<&str, &str> = subnets
        .iter()
        .filter(|s| wanted.contains(s.subnet_id.as_str()))
        .map(|s| (s.subnet_id.as_str(), s.availability_zone.as_str()))
        .collect();
    let mut nats = Nats {
        usable: Vec::new(),
        unusable: BTreeMap::new(),
    };
    for n in &input.nat_gateways {
        let in_vpc = n.vpc_id.as_deref() == Some(vpc_id)
            || n.subnet_id
                .as_deref()
                .is_some_and(|s| subnet_az.contains_key(s));
        if !in_vpc {
            continue;
        }
        match why_unusable(n) {
            Some(why) => {
                nats.unusable.insert(n.nat_gateway_id.clone(), why);
            }
            None => nats.usable.push(usable(n, &subnet_az)),
        }
    }
    nats.usable.sort_by(|a, b| a.id.cmp(&b.id));
    nats
}

/// Why a NAT gateway cannot carry traffic to the internet, if it cannot.
fn why_unusable(n: &aws::NatGateway) -> Option<String> {
    if n.state != "available" && n.state != "pending" {
        Some(format!("in state {}", n.state))
    } else if n.connectivity_type.as_deref() == Some("private") {
        Some("a private NAT gateway (no internet access)".into())
    } else {
        None
    }
}

/// A usable NAT gateway: a zonal one sits in its subnet's AZ, a regional one
/// in none.
fn usable(n: &aws::NatGateway, subnet_az: &BTreeMap<&str, &str>) -> NatGateway {
    let regional = n.availability_mode.as_deref() == Some("regional") || n.subnet_id.is_none();
    let az = match &n.subnet_id {
        Some(s) if !regional => subnet_az
            .get(s.as_str())
            .map_or("unknown AZ", |a| a)
            .to_string(),
        _ => "every AZ (regional)".to_string(),
    };
    let public_ip = n
        .nat_gateway_addresses
        .iter()
        .find_map(|a| a.public_ip.as_deref())
        .and_then(|ip| ip.parse().ok());
    NatGateway {
        id: n.nat_gateway_id.clone(),
        az,
        subnet: if regional { None } else { n.subnet_id.clone() },
        public_ip,
    }
}
