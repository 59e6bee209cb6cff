//! The VPC's subnets, each with the route table AWS applies to it and the
//! tier that table gives it, and the network ACL each one is under.

use super::routes::Routing;
use super::{parse_cidr, Input, NETWORK_ACLS, SUBNETS};
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::topology::{cidr, Subnet, Tags};
use std::collections::BTreeMap;

/// The subnets, in a fixed order: by AZ, then CIDR.
pub(super) fn subnets(
    input: &Input,
    subnets_in: &[&aws::Subnet],
    routing: &Routing,
    node_subnets: &[String],
) -> Result<Vec<Subnet>> {
    let mut subnets = Vec::new();
    for s in subnets_in {
        subnets.push(subnet(input, s, routing, node_subnets)?);
    }
    subnets.sort_by(|a, b| (&a.az, a.cidr).cmp(&(&b.az, b.cidr)));
    Ok(subnets)
}

/// One subnet; its `Name` tag is left out of its tags (the ID names it).
fn subnet(
    input: &Input,
    s: &aws::Subnet,
    routing: &Routing,
    node_subnets: &[String],
) -> Result<Subnet> {
    let cidr = parse_cidr(
        &input.file(SUBNETS),
        &format!("{} CidrBlock", s.subnet_id),
        &s.cidr_block,
    )?;
    let route_table = routing.table_of(&s.subnet_id);
    let tags: Tags = s
        .tags
        .iter()
        .filter(|t| t.key != "Name")
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();
    Ok(Subnet {
        id: s.subnet_id.clone(),
        tier: routing.tier_of(&route_table),
        az: s.availability_zone.clone(),
        cidr,
        map_public_ip_on_launch: s.map_public_ip_on_launch,
        route_table,
        tags,
        usable_addresses: cidr::usable(&cidr),
        available_addresses: Some(s.available_ip_address_count),
        nodes: node_subnets.contains(&s.subnet_id),
    })
}

/// Each subnet's network ACL: the associated one, else the VPC's default;
/// `None` (and a note) when network-acls.json was not collected.
pub(super) fn network_acls(
    input: &Input,
    vpc_id: &str,
    subnets: &[Subnet],
    notes: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, aws::NetworkAcl>> {
    let Some(acls) = &input.network_acls else {
        notes.push(
            Diagnostic::new(
                Code::N083,
                format!("{NETWORK_ACLS} not collected: network ACLs not checked"),
            )
            .on("vpc"),
        );
        return None;
    };
    let in_vpc: Vec<&aws::NetworkAcl> = acls.iter().filter(|a| a.vpc_id == vpc_id).collect();
    let default = in_vpc.iter().find(|a| a.is_default);
    let mut map = BTreeMap::new();
    for s in subnets {
        let acl = in_vpc
            .iter()
            .find(|a| a.associations.iter().any(|x| x.subnet_id == s.id))
            .or(default);
        if let Some(a) = acl {
            map.insert(s.id.clone(), (*a).clone());
        }
    }
    Some(map)
}
