//! Carving the tiers' subnets out of the VPC for the spec: explicit CIDRs,
//! per-tier prefixes, or eksctl's default layout (the algorithm is in `cidr`).

use super::checks::parse_cidr;
use super::cidr::{self, Request};
use super::model::*;
use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::{Architecture, Spec};
use ipnet::Ipv4Net;

pub(super) type Carved = (Vec<Ipv4Net>, Vec<Ipv4Net>);

/// Public and private subnet CIDRs in AZ order (empty for a tier the
/// architecture does not have).
pub(super) fn carve(
    spec: &Spec,
    arch: Architecture,
    vpc: Ipv4Net,
    azs: &[Az],
    d: &mut Diagnostics,
) -> Option<Carved> {
    let v = &spec.vpc;
    let n = azs.len();
    let mut ok = true;
    let tiers = [
        (
            "public",
            arch.has_public_subnets(),
            &v.subnets.public,
            v.public_subnet_prefix,
        ),
        (
            "private",
            arch.has_private_subnets(),
            &v.subnets.private,
            v.private_subnet_prefix,
        ),
    ];
    let default_prefix = cidr::eksctl_prefix(vpc.prefix_len(), n);
    let mut fixed: Vec<Vec<Ipv4Net>> = vec![vec![], vec![]];
    let mut requests = Vec::new();
    for (rank, (tier, wanted, explicit, prefix)) in tiers.iter().enumerate() {
        let cap = if *tier == "public" {
            "publicSubnetPrefix"
        } else {
            "privateSubnetPrefix"
        };
        if !wanted {
            if !explicit.is_empty() || prefix.is_some() {
                let field = if explicit.is_empty() {
                    format!("vpc.{cap}")
                } else {
                    format!("vpc.subnets.{tier}")
                };
                d.push(
                    Diagnostic::new(
                        "E018",
                        format!("{tier} subnets are given, but a {arch} VPC has none"),
                    )
                    .at(field),
                );
                ok = false;
            }
            continue;
        }
        if !explicit.is_empty() && prefix.is_some() {
            d.push(
                Diagnostic::new(
                    "E016",
                    format!("the {tier} tier has both `vpc.subnets.{tier}` and `vpc.{cap}`"),
                )
                .at(format!("vpc.{cap}")),
            );
            ok = false;
            continue;
        }
        if !explicit.is_empty() {
            if explicit.len() != n {
                d.push(
                    Diagnostic::new(
                        "E015",
                        format!(
                            "{} {tier} CIDR(s) for {n} availability zone(s)",
                            explicit.len()
                        ),
                    )
                    .at(format!("vpc.subnets.{tier}")),
                );
                ok = false;
            }
            for (i, s) in explicit.iter().enumerate() {
                let field = format!("vpc.subnets.{tier}[{i}]");
                match parse_cidr(s, &field, d) {
                    Some(c) if c.prefix_len() > 28 => {
                        d.push(
                            Diagnostic::new(
                                "E014",
                                format!("{tier} subnet {c} is smaller than /28"),
                            )
                            .at(field),
                        );
                        ok = false;
                    }
                    Some(c) if !vpc.contains(&c) => {
                        d.push(
                            Diagnostic::new(
                                "E013",
                                format!("{tier} subnet {c} is outside the VPC {vpc}"),
                            )
                            .at(field),
                        );
                        ok = false;
                    }
                    Some(c) => fixed[rank].push(c),
                    None => ok = false,
                }
            }
            continue;
        }
        let p = match prefix.or(default_prefix) {
            Some(p) => p,
            None => {
                d.push(
                    Diagnostic::new(
                        "E017",
                        format!("{} subnets cannot be carved from {vpc}", 2 * n),
                    )
                    .at("vpc.cidr"),
                );
                ok = false;
                continue;
            }
        };
        if p < vpc.prefix_len() || p > 28 {
            let field = if prefix.is_some() {
                format!("vpc.{cap}")
            } else {
                "vpc.cidr".to_string()
            };
            let msg = if prefix.is_some() {
                format!(
                    "{tier} subnet prefix /{p} must be between /{} and /28",
                    vpc.prefix_len()
                )
            } else {
                format!("the default {tier} subnet size /{p} for {vpc} is smaller than /28")
            };
            d.push(Diagnostic::new(if prefix.is_some() { "E019" } else { "E017" }, msg).at(field));
            ok = false;
            continue;
        }
        for az_index in 0..n {
            requests.push(Request {
                tier_rank: rank as u8,
                az_index,
                prefix: p,
            });
        }
    }
    // Explicit subnets must not overlap each other.
    let all_fixed: Vec<(String, Ipv4Net)> = fixed
        .iter()
        .zip(["public", "private"])
        .flat_map(|(v, t)| {
            v.iter()
                .enumerate()
                .map(move |(i, c)| (format!("vpc.subnets.{t}[{i}]"), *c))
        })
        .collect();
    for (i, (fa, a)) in all_fixed.iter().enumerate() {
        for (_, b) in &all_fixed[..i] {
            if cidr::overlaps(a, b) {
                d.push(Diagnostic::new("E012", format!("subnet {a} overlaps {b}")).at(fa.clone()));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    // eksctl leaves the public slots free in a VPC without public subnets.
    let reserve_public =
        !arch.has_public_subnets() && v.subnets.is_empty() && v.private_subnet_prefix.is_none();
    if reserve_public {
        for r in requests.iter_mut() {
            r.az_index += n;
        }
        for az_index in 0..n {
            requests.push(Request {
                tier_rank: 0,
                az_index,
                prefix: default_prefix?,
            });
        }
    }
    let flat_fixed: Vec<Ipv4Net> = all_fixed.iter().map(|(_, c)| *c).collect();
    let placed = match cidr::place(vpc, &flat_fixed, &requests) {
        Ok(p) => p,
        Err(i) => {
            let r = requests[i];
            let tier = if r.tier_rank == 0 {
                "public"
            } else {
                "private"
            };
            d.push(
                Diagnostic::new(
                    "E017",
                    format!(
                        "{} /{} {tier} subnets and the others do not fit in {vpc}",
                        n, r.prefix
                    ),
                )
                .at("vpc.cidr"),
            );
            return None;
        }
    };
    let mut out: Carved = (fixed[0].clone(), fixed[1].clone());
    let mut by_tier: [Vec<(usize, Ipv4Net)>; 2] = [vec![], vec![]];
    for (r, c) in requests.iter().zip(placed) {
        if reserve_public && r.tier_rank == 0 {
            continue;
        }
        by_tier[r.tier_rank as usize].push((r.az_index, c));
    }
    for (rank, list) in by_tier.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        list.sort_by_key(|(i, _)| *i);
        let cidrs: Vec<Ipv4Net> = list.iter().map(|(_, c)| *c).collect();
        if rank == 0 {
            out.0 = cidrs;
        } else {
            out.1 = cidrs;
        }
    }
    Some(out)
}
