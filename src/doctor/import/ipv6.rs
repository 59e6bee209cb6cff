//! The IPv6 side of an existing VPC: its IPv6 blocks, each subnet's /64 and
//! settings (auto-assign, DNS64), the IPv6 routes of each route table, the
//! egress-only internet gateway, and the cluster's IP family.

use super::{bad, Input, ROUTE_TABLES, SUBNETS, VPCS};
use crate::doctor::aws::{self, Result};
use crate::hash::HashMap;
use crate::topology::{Gateway, IpFamily, Ipv6Route, Ipv6Target, RouteTable, Subnet, SubnetIpv6};
use ipnet::Ipv6Net;
use std::path::Path;

fn parse(file: &Path, what: &str, s: &str) -> Result<Ipv6Net> {
    s.parse::<Ipv6Net>().map(|n| n.trunc()).map_err(|_| {
        bad(
            file.to_path_buf(),
            format!("{what}: `{s}` is not an IPv6 CIDR"),
        )
    })
}

/// The VPC's associated IPv6 blocks.
pub(super) fn vpc_blocks(input: &Input, vpc: &aws::Vpc) -> Result<Vec<Ipv6Net>> {
    vpc.ipv6_cidr_block_association_set
        .iter()
        .filter(|a| a.live())
        .map(|a| {
            parse(
                &input.file(VPCS),
                &format!("{} Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock", vpc.vpc_id),
                &a.ipv6_cidr_block,
            )
        })
        .collect()
}

/// Each subnet's IPv6 block and settings, from describe-subnets.
pub(super) fn annotate_subnets(
    input: &Input,
    subnets_in: &[&aws::Subnet],
    subnets: &mut [Subnet],
    vpc_blocks: &[Ipv6Net],
) -> Result<()> {
    // Nothing to do in a VPC of IPv4 subnets only (the common large one).
    if !subnets_in
        .iter()
        .any(|x| x.ipv6_cidr_block_association_set.iter().any(|b| b.live()))
    {
        return Ok(());
    }
    // By ID, not by scan: a large VPC has 100,000 subnets. The first of a
    // repeated ID is the one taken.
    let by_id: HashMap<&str, &aws::Subnet> = subnets_in
        .iter()
        .rev()
        .map(|x| (x.subnet_id.as_str(), *x))
        .collect();
    for s in subnets.iter_mut() {
        let Some(a) = by_id.get(s.id.as_str()) else {
            continue;
        };
        let Some(block) = a.ipv6_cidr_block_association_set.iter().find(|b| b.live()) else {
            continue;
        };
        let cidr = parse(
            &input.file(SUBNETS),
            &format!(
                "{} Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock",
                a.subnet_id
            ),
            &block.ipv6_cidr_block,
        )?;
        s.ipv6 = Some(SubnetIpv6 {
            index: index_in(vpc_blocks.first(), &cidr),
            cidr: Some(cidr),
            assign_on_creation: a.assign_ipv6_address_on_creation,
            dns64: a.enable_dns64,
        });
    }
    Ok(())
}

/// The /64's place in the VPC's /56 (bits 56 to 63), 0 outside it.
fn index_in(vpc: Option<&Ipv6Net>, subnet: &Ipv6Net) -> u8 {
    match vpc {
        Some(v) if v.prefix_len() == 56 && v.contains(subnet) => {
            ((u128::from(subnet.network()) >> 64) & 0xff) as u8
        }
        _ => 0,
    }
}

/// Each route table's IPv6 routes other than `local`.
pub(super) fn annotate_routes(
    input: &Input,
    tables: &mut [RouteTable],
    igw: Option<&aws::InternetGateway>,
) -> Result<()> {
    let by_id: HashMap<&str, &aws::RouteTable> = input
        .route_tables
        .iter()
        .rev()
        .map(|r| (r.route_table_id.as_str(), r))
        .collect();
    for t in tables.iter_mut() {
        let Some(rt) = by_id.get(t.id.as_str()) else {
            continue;
        };
        for r in &rt.routes {
            let (Some(dest), Some(target)) = (r.destination_ipv6_cidr_block.as_deref(), r.target())
            else {
                continue;
            };
            if target == "local" {
                continue;
            }
            let destination = parse(
                &input.file(ROUTE_TABLES),
                &format!("{} Routes[].DestinationIpv6CidrBlock", rt.route_table_id),
                dest,
            )?;
            t.ipv6_routes.push(Ipv6Route {
                destination,
                target: target_of(input, &rt.vpc_id, r, target, igw),
            });
        }
    }
    Ok(())
}

fn target_of(
    input: &Input,
    vpc_id: &str,
    r: &aws::Route,
    target: &str,
    igw: Option<&aws::InternetGateway>,
) -> Ipv6Target {
    if r.state.as_deref() == Some("blackhole") {
        Ipv6Target::Other(format!("{target} (blackhole: the target no longer exists)"))
    } else if r.egress_only_internet_gateway_id.is_some() {
        // With egress-only-internet-gateways.json, it must be this VPC's.
        match attached_egress_only(input, vpc_id) {
            Some(ids) if !ids.iter().any(|id| id == target) => Ipv6Target::Other(format!(
                "{target} (an egress-only internet gateway not attached to this VPC)"
            )),
            _ => Ipv6Target::EgressOnlyInternetGateway,
        }
    } else if igw.is_some_and(|g| g.internet_gateway_id == target) {
        Ipv6Target::InternetGateway
    } else {
        Ipv6Target::Other(target.to_string())
    }
}

/// The egress-only internet gateways attached to `vpc_id`, when
/// egress-only-internet-gateways.json was collected.
fn attached_egress_only(input: &Input, vpc_id: &str) -> Option<Vec<String>> {
    input.egress_only_gateways.as_ref().map(|gs| {
        gs.iter()
            .filter(|g| g.attachments.iter().any(|a| a.vpc_id == vpc_id))
            .map(|g| g.egress_only_internet_gateway_id.clone())
            .collect()
    })
}

/// The VPC's egress-only internet gateway: the attached one when the file
/// was collected, else the one its routes lead to.
pub(super) fn egress_only_gateway(
    input: &Input,
    vpc_id: &str,
    tables: &[RouteTable],
) -> Option<Gateway> {
    if let Some(ids) = attached_egress_only(input, vpc_id) {
        return ids.first().map(|id| Gateway {
            id: Some(id.clone()),
        });
    }
    let used = tables
        .iter()
        .flat_map(|t| &t.ipv6_routes)
        .any(|r| r.target == Ipv6Target::EgressOnlyInternetGateway);
    used.then(|| Gateway {
        id: input
            .route_tables
            .iter()
            .filter(|rt| rt.vpc_id == vpc_id)
            .flat_map(|rt| &rt.routes)
            .find_map(|r| r.egress_only_internet_gateway_id.clone()),
    })
}

/// The cluster's IP family, as describe-cluster reports it (IPv4 without
/// cluster.json).
pub(super) fn family(input: &Input) -> IpFamily {
    let ipv6 = input
        .cluster
        .as_ref()
        .and_then(|c| c.kubernetes_network_config.as_ref())
        .and_then(|k| k.ip_family.as_deref())
        == Some("ipv6");
    if ipv6 {
        IpFamily::Ipv6
    } else {
        IpFamily::Ipv4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_64s_place_in_the_56() {
        let vpc: Ipv6Net = "2600:1f14:abc:de00::/56".parse().unwrap();
        let s: Ipv6Net = "2600:1f14:abc:de41::/64".parse().unwrap();
        assert_eq!(index_in(Some(&vpc), &s), 0x41);
        assert_eq!(index_in(None, &s), 0);
    }
}
