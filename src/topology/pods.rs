//! The pod IP space (`podNetwork`): the secondary CIDR, checked against
//! what AWS lets a VPC associate and against the networks it must not
//! overlap; one pod subnet per AZ carved from it (a locked one stays where
//! it is); and the VPC CNI mode the nodes run.

use super::cidr::{self, Request};
use super::lock::{Lock, Replacement};
use super::model::{Az, Tier};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{PodNetworkMode, PodNetworkSpec, Spec};
use ipnet::Ipv4Net;

/// What `podNetwork` settled, valid.
#[derive(Debug, Clone)]
pub(super) struct PodAsk {
    pub secondary: Option<Ipv4Net>,
    pub mode: PodNetworkMode,
    pub prefix_delegation: bool,
    subnet_prefix: Option<u8>,
}

/// The networks the secondary CIDR must not overlap (those that parsed).
pub(super) struct Others<'a> {
    pub vpc: Option<Ipv4Net>,
    pub service: Option<Ipv4Net>,
    /// `vpc.transitGatewayCidrs`: reached through the transit gateway.
    pub behind_tgw: &'a [Ipv4Net],
}

/// Check `podNetwork` against the VPC, service and transit gateway
/// networks and the zones.
/// `Ok(None)`: no pod network; `Err(())`: an error was reported.
pub(super) fn check(
    spec: &Spec,
    others: &Others<'_>,
    azs: Option<&[Az]>,
    d: &mut Diagnostics,
) -> Result<Option<PodAsk>, ()> {
    let Some(p) = &spec.pod_network else {
        return Ok(None);
    };
    let mut ok = keys_need_a_secondary(p, d);
    let secondary = match &p.secondary_cidr {
        Some(s) => {
            let c = cidr::parse(s, "podNetwork.secondaryCidr", d);
            ok &= c.is_some_and(|c| check_secondary(c, others, d));
            c
        }
        None => None,
    };
    let mode = p.mode.unwrap_or_default();
    if secondary.is_some() && mode == PodNetworkMode::CustomNetworking {
        ok &= custom_networking_zones(azs, d);
    }
    if let (Some(c), Some(prefix)) = (secondary, p.subnet_prefix) {
        if !(c.prefix_len()..=28).contains(&prefix) {
            d.push(
                Diagnostic::new(
                    Code::E124,
                    format!(
                        "pod subnet prefix /{prefix} must be between /{} and /28",
                        c.prefix_len()
                    ),
                )
                .at("podNetwork.subnetPrefix"),
            );
            ok = false;
        }
    }
    if !ok {
        return Err(());
    }
    Ok(Some(PodAsk {
        secondary,
        mode,
        prefix_delegation: p.prefix_delegation,
        subnet_prefix: p.subnet_prefix,
    }))
}

/// `mode` and `subnetPrefix` say how to use the secondary CIDR: alone they
/// mean nothing.
fn keys_need_a_secondary(p: &PodNetworkSpec, d: &mut Diagnostics) -> bool {
    if p.secondary_cidr.is_some() {
        return true;
    }
    let mut ok = true;
    for (given, key) in [
        (p.mode.is_some(), "mode"),
        (p.subnet_prefix.is_some(), "subnetPrefix"),
    ] {
        if given {
            d.push(
                Diagnostic::new(
                    Code::E120,
                    format!("`podNetwork.{key}` is set without `podNetwork.secondaryCidr`"),
                )
                .at(format!("podNetwork.{key}")),
            );
            ok = false;
        }
    }
    ok
}

/// A secondary CIDR AWS associates with this VPC, overlapping neither the
/// VPC, the service CIDR nor a network behind the transit gateway.
fn check_secondary(c: Ipv4Net, others: &Others<'_>, d: &mut Diagnostics) -> bool {
    let (vpc, service) = (others.vpc, others.service);
    let field = "podNetwork.secondaryCidr";
    let mut problems = Vec::new();
    if !(16..=28).contains(&c.prefix_len()) {
        problems.push((
            Code::E121,
            format!(
                "secondary CIDR {c} is /{}; AWS allows /16 to /28",
                c.prefix_len()
            ),
        ));
    }
    if let Some((range, what)) = super::limits::unusable_range(&c) {
        problems.push((
            Code::E121,
            format!("secondary CIDR {c} is in {range}, the {what} range"),
        ));
    }
    if let Some(v) = vpc {
        if cidr::overlaps(&v, &c) {
            problems.push((
                Code::E123,
                format!("secondary CIDR {c} overlaps the VPC {v}"),
            ));
        } else if let Some(why) = refused_with_primary(v, c) {
            problems.push((Code::E122, why));
        }
    }
    if let Some(s) = service {
        if cidr::overlaps(&s, &c) {
            problems.push((
                Code::E123,
                format!("secondary CIDR {c} overlaps the service CIDR {s}"),
            ));
        }
    }
    for n in others.behind_tgw.iter().filter(|n| cidr::overlaps(n, &c)) {
        problems.push((
            Code::E123,
            format!("secondary CIDR {c} overlaps {n}, a network behind the transit gateway"),
        ));
    }
    let ok = problems.is_empty();
    for (code, message) in problems {
        d.push(Diagnostic::new(code, message).at(field));
    }
    ok
}

/// The VPC guide's IPv4 CIDR block association restrictions, whose rows
/// are the range of the primary CIDR (the secondary is /16 or smaller and
/// overlaps neither the primary nor, then, a range the primary is in):
/// - any primary outside 198.19.0.0/16: no block from 198.19.0.0/16;
/// - an RFC 1918 primary: no block from another RFC 1918 range; in
///   10.0.0.0/8 with the primary in 10.0.0.0/15, none from 10.0.0.0/16; in
///   172.16.0.0/12, none from 172.31.0.0/16;
/// - any other primary: no RFC 1918 block.
fn refused_with_primary(primary: Ipv4Net, secondary: Ipv4Net) -> Option<String> {
    let range_of = |n: &Ipv4Net| cidr::PRIVATE_RANGES.iter().find(|r| r.contains(n)).copied();
    let vpc = format!("a VPC whose primary CIDR is {primary}");
    let from = |range: Ipv4Net| cidr::overlaps(&secondary, &range);
    if from(cidr::BENCHMARK_198_19) && !cidr::overlaps(&primary, &cidr::BENCHMARK_198_19) {
        return Some(format!(
            "{vpc} cannot add {secondary}, a block from {}",
            cidr::BENCHMARK_198_19
        ));
    }
    match (range_of(&primary), range_of(&secondary)) {
        (Some(p), Some(s)) if p != s => Some(format!(
            "{vpc} (in {p}) cannot add {secondary} from another RFC 1918 range ({s})"
        )),
        (None, Some(s)) => Some(format!(
            "{vpc} (outside RFC 1918) cannot add {secondary} (in {s})"
        )),
        (Some(_), Some(_)) if cidr::overlaps(&primary, &cidr::TEN_0_15) && from(cidr::TEN_0_16) => {
            Some(format!(
                "{vpc} (in {}) cannot add {secondary}, a block from {}",
                cidr::TEN_0_15,
                cidr::TEN_0_16
            ))
        }
        (Some(p), Some(_)) if p == cidr::PRIVATE_RANGES[1] && from(cidr::DEFAULT_VPC_172_31) => {
            Some(format!(
                "{vpc} (in {p}) cannot add {secondary}, a block from {}",
                cidr::DEFAULT_VPC_172_31
            ))
        }
        _ => None,
    }
}

/// ENIConfigs are named after the zone names nodes carry in
/// `topology.kubernetes.io/zone`, which an AZ ID does not tell offline.
fn custom_networking_zones(azs: Option<&[Az]>, d: &mut Diagnostics) -> bool {
    let Some(ids) = azs.filter(|azs| azs.iter().any(|a| a.is_id)) else {
        return true;
    };
    let names: Vec<&str> = ids.iter().map(|a| a.name.as_str()).collect();
    d.push(
        Diagnostic::new(
            Code::E125,
            format!(
                "custom networking names one ENIConfig per zone name, and the zones are AZ IDs ({})",
                names.join(", ")
            ),
        )
        .at("vpc.availabilityZones"),
    );
    false
}

/// Each AZ's pod subnet in AZ order: a locked one where it is (unless the
/// secondary CIDR changed), the others placed around them; what cannot
/// stay is a replacement. Empty without a secondary CIDR.
pub(super) fn carve(
    ask: Option<&PodAsk>,
    azs: &[Az],
    lock: Option<&Lock>,
    replaced: &mut Vec<Replacement>,
    d: &mut Diagnostics,
) -> Option<Vec<Ipv4Net>> {
    let secondary = ask.and_then(|a| a.secondary);
    let locked: Vec<_> = lock
        .into_iter()
        .flat_map(|l| l.subnets.iter().filter(|s| s.tier == Tier::Pod))
        .collect();
    let moved = lock.and_then(|l| (l.secondary != secondary).then_some(l.secondary));
    let mut fixed: Vec<(usize, Ipv4Net)> = Vec::new();
    for s in &locked {
        let az_index = azs.iter().position(|a| a.name == s.az);
        let why = match (moved, az_index) {
            (Some(_), _) if secondary.is_none() => {
                "`podNetwork.secondaryCidr` is gone, which deletes the pod subnets".to_string()
            }
            (Some(Some(old)), _) => format!(
                "the secondary CIDR changes from {old} to {}, which replaces every pod subnet",
                secondary.expect("present")
            ),
            (_, None) => "its zone is no longer in the spec, so it would be deleted".to_string(),
            (_, Some(i)) => {
                fixed.push((i, s.cidr));
                continue;
            }
        };
        replaced.push(Replacement {
            tier: Tier::Pod,
            az: s.az.clone(),
            cidr: s.cidr,
            why,
        });
    }
    let (Some(ask), Some(secondary)) = (ask, secondary) else {
        return Some(Vec::new());
    };
    let Some(prefix) = ask
        .subnet_prefix
        .or_else(|| even_split(secondary, azs.len()))
    else {
        d.push(
            Diagnostic::new(
                Code::E124,
                format!(
                    "{} pod subnets of /28 or larger cannot be carved from {secondary}",
                    azs.len()
                ),
            )
            .at("podNetwork.secondaryCidr"),
        );
        return None;
    };
    let requests: Vec<Request> = (0..azs.len())
        .filter(|i| !fixed.iter().any(|(f, _)| f == i))
        .map(|az_index| Request {
            tier: Tier::Pod,
            az_index,
            prefix,
        })
        .collect();
    let taken: Vec<Ipv4Net> = fixed.iter().map(|(_, c)| *c).collect();
    let Ok(placed) = cidr::place(secondary, &taken, &requests) else {
        let mut diag = Diagnostic::new(
            Code::E124,
            format!(
                "{} /{prefix} pod subnets do not fit in {secondary}",
                azs.len()
            ),
        )
        .at("podNetwork.subnetPrefix");
        if !fixed.is_empty() {
            diag = diag.fix(format!(
                "the pod subnets of {} stay where they are: give the new ones a smaller \
                 `podNetwork.subnetPrefix`, or use a larger secondary CIDR",
                super::lock::LOCK_FILE
            ));
        }
        d.push(diag);
        return None;
    };
    let mut all: Vec<(usize, Ipv4Net)> = requests
        .iter()
        .map(|r| r.az_index)
        .zip(placed)
        .chain(fixed)
        .collect();
    all.sort_by_key(|(i, _)| *i);
    Some(all.into_iter().map(|(_, c)| c).collect())
}

/// The largest equal pod subnets, one per AZ: the secondary CIDR split in
/// the next power of two at or above the AZ count; None below /28.
fn even_split(secondary: Ipv4Net, azs: usize) -> Option<u8> {
    let bits = azs.max(1).next_power_of_two().trailing_zeros() as u8;
    Some(secondary.prefix_len() + bits).filter(|p| *p <= 28)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    /// The VPC guide's table, a row at a time.
    #[test]
    fn association_restrictions() {
        let refused = |p: &str, s: &str| refused_with_primary(net(p), net(s)).is_some();
        assert!(!refused("10.0.0.0/16", "100.64.0.0/16"));
        assert!(!refused("10.0.0.0/16", "10.1.0.0/16"));
        assert!(refused("10.0.0.0/16", "192.168.0.0/16"));
        assert!(refused("192.168.0.0/16", "172.16.0.0/16"));
        assert!(refused("192.168.0.0/16", "198.19.0.0/16"));
        assert!(refused("172.16.0.0/16", "198.19.128.0/17"));
        assert!(!refused("100.64.0.0/16", "100.65.0.0/16"));
        assert!(refused("100.64.0.0/16", "10.0.0.0/16"));
        // Every row but 198.19.0.0/16's own refuses 198.19.0.0/16.
        assert!(refused("100.64.0.0/16", "198.19.0.0/16"));
        assert!(refused("203.0.113.0/24", "198.19.4.0/24"));
        assert!(!refused("198.19.0.0/24", "198.19.1.0/24"));
        assert!(refused("198.19.0.0/16", "10.0.0.0/16"));
        assert!(!refused("198.19.0.0/16", "100.64.0.0/16"));
        // 10.0.0.0/8: a primary in 10.0.0.0/15 keeps 10.0.0.0/16 out.
        assert!(refused("10.1.0.0/16", "10.0.0.0/16"));
        assert!(refused("10.0.0.0/17", "10.0.128.0/17"));
        assert!(!refused("10.2.0.0/16", "10.0.0.0/16"));
        assert!(!refused("10.1.0.0/16", "10.3.0.0/16"));
        // 172.16.0.0/12: never 172.31.0.0/16.
        assert!(refused("172.20.0.0/16", "172.31.0.0/16"));
        assert!(refused("172.16.0.0/16", "172.31.128.0/20"));
        assert!(!refused("172.20.0.0/16", "172.30.0.0/16"));
        // 192.168.0.0/16: any other block of it.
        assert!(!refused("192.168.0.0/17", "192.168.128.0/17"));
    }

    #[test]
    fn even_split_is_the_next_power_of_two() {
        assert_eq!(even_split(net("100.64.0.0/16"), 2), Some(17));
        assert_eq!(even_split(net("100.64.0.0/16"), 3), Some(18));
        assert_eq!(even_split(net("100.64.0.0/16"), 4), Some(18));
        assert_eq!(even_split(net("100.64.0.0/16"), 6), Some(19));
        assert_eq!(even_split(net("100.64.0.0/27"), 3), None);
    }
}
