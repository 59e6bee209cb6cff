//! The VPC's subnets, each with the route table AWS applies to it and the
//! tier that table gives it, and the network ACL each one is under.

use super::routes::Routing;
use super::{parse_cidr, Input, NETWORK_ACLS, SUBNETS};
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::hash::{HashMap, HashSet};
use crate::topology::{cidr, Subnet, Tags};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The subnets, in a fixed order: by AZ, then CIDR.
pub(super) fn subnets(
    input: &Input,
    subnets_in: &[&aws::Subnet],
    routing: &Routing,
    node_subnets: &[String],
) -> Result<Vec<Subnet>> {
    let nodes: HashSet<&str> = node_subnets.iter().map(String::as_str).collect();
    // A large VPC's subnets are made on every core; the first error in
    // the file's order is still the one told.
    let mut subnets = Vec::with_capacity(subnets_in.len());
    for chunk in crate::par::map_chunks(subnets_in, 1_024, |chunk| {
        chunk
            .iter()
            .map(|s| subnet(input, s, routing, &nodes))
            .collect::<Result<Vec<Subnet>>>()
    }) {
        subnets.extend(chunk?);
    }
    Ok(sorted(subnets))
}

/// The subnets by AZ, then CIDR (then file order): the order is sorted,
/// not the subnets, which are large to move.
fn sorted(subnets: Vec<Subnet>) -> Vec<Subnet> {
    let mut order: Vec<usize> = (0..subnets.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (&subnets[a], &subnets[b]);
        (&x.az, x.cidr, a).cmp(&(&y.az, y.cidr, b))
    });
    let mut slots: Vec<Option<Subnet>> = subnets.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// One subnet; its `Name` tag is left out of its tags (the ID names it).
fn subnet(
    input: &Input,
    s: &aws::Subnet,
    routing: &Routing,
    nodes: &HashSet<&str>,
) -> Result<Subnet> {
    // The error's words are made only for a bad CIDR: a large VPC has
    // 100,000 good ones.
    let cidr = match s.cidr_block.parse::<ipnet::Ipv4Net>() {
        Ok(n) => n.trunc(),
        Err(_) => parse_cidr(
            &input.file(SUBNETS),
            &format!("{} CidrBlock", s.subnet_id),
            &s.cidr_block,
        )?,
    };
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
        ipv6: None,
        map_public_ip_on_launch: s.map_public_ip_on_launch,
        route_table,
        tags,
        usable_addresses: cidr::usable(&cidr),
        available_addresses: Some(s.available_ip_address_count),
        nodes: nodes.contains(s.subnet_id.as_str()),
    })
}

/// Each subnet's network ACL: the associated one, else the VPC's default;
/// `None` (and a note) when network-acls.json was not collected.
pub(super) fn network_acls(
    input: &Input,
    vpc_id: &str,
    subnets: &[Subnet],
    notes: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, Arc<aws::NetworkAcl>>> {
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
    // Each ACL once, without its associations (one per subnet: copied
    // for every subnet they would cost the square of a large VPC), shared
    // by the subnets it is on.
    let in_vpc: Vec<Arc<aws::NetworkAcl>> = acls
        .iter()
        .filter(|a| a.vpc_id == vpc_id)
        .map(|a| {
            Arc::new(aws::NetworkAcl {
                network_acl_id: a.network_acl_id.clone(),
                vpc_id: a.vpc_id.clone(),
                is_default: a.is_default,
                associations: vec![],
                entries: a.entries.clone(),
            })
        })
        .collect();
    let n = acls.iter().map(|a| a.associations.len()).sum();
    let mut of_subnet: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(n, Default::default());
    for (i, a) in acls.iter().filter(|a| a.vpc_id == vpc_id).enumerate() {
        for x in &a.associations {
            // The first ACL naming a subnet is the one it is under.
            of_subnet.entry(x.subnet_id.as_str()).or_insert(i);
        }
    }
    let default = in_vpc.iter().position(|a| a.is_default);
    // Sorted first, the map is built in one pass rather than by 100,000
    // inserts.
    let mut pairs: Vec<(&str, usize)> = subnets
        .iter()
        .filter_map(|s| {
            let i = of_subnet.get(s.id.as_str()).copied().or(default)?;
            Some((s.id.as_str(), i))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    Some(
        pairs
            .into_iter()
            .map(|(id, i)| (id.to_string(), Arc::clone(&in_vpc[i])))
            .collect(),
    )
}
