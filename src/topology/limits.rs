//! The AWS limits no linter sees: values every tool accepts that then fail,
//! or quietly misbehave, in a real account. Each check runs while planning,
//! beside the spec-value checks in `checks`, and points at the spec key.
//!
//! Sources are in each rule's catalog entry; the numbers are AWS's defaults
//! or hard limits as documented (see `eksnet explain CODE`).

use super::cidr;
use super::model::{Az, Topology};
use crate::aws::{regions, versions};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{NatMode, Spec};
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

/// EKS's limit on the public endpoint's access CIDRs (not adjustable).
pub const MAX_PUBLIC_CIDRS: usize = 40;
/// The default Elastic IP quota per region; each public NAT gateway holds one.
pub const ELASTIC_IP_QUOTA: usize = 5;

/// AZ names in a region where EKS refuses an AZ ID: all of the region's
/// names together always include it (E009); fewer may (W087).
pub(super) fn check_az_names(region: &regions::Region, azs: &[Az], d: &mut Diagnostics) {
    let refused: Vec<&str> = region_refused_ids(region);
    if !region.names_may_be_refused() || azs.iter().all(|a| a.is_id) {
        return;
    }
    let names = azs.iter().filter(|a| !a.is_id).count();
    let ids = regions::supported_az_ids(region).join(", ");
    if names >= region.az_letters.len() {
        d.push(
            Diagnostic::new(
                Code::E009,
                format!(
                    "all {names} AZ names of {} are listed: in every account one of them is {} or does not exist",
                    region.code,
                    refused.join(" or ")
                ),
            )
            .at("vpc.availabilityZones")
            .fix(format!("list AZ IDs EKS supports instead: {ids}")),
        );
    } else {
        d.push(
            Diagnostic::new(
                Code::W087,
                format!(
                    "in {} an AZ name may map to {}, which EKS refuses, in the deploying account",
                    region.code,
                    refused.join(" or ")
                ),
            )
            .at("vpc.availabilityZones")
            .fix(format!("list AZ IDs EKS supports instead: {ids}")),
        );
    }
}

fn region_refused_ids(region: &regions::Region) -> Vec<&'static str> {
    regions::UNSUPPORTED_AZ_IDS
        .iter()
        .copied()
        .filter(|id| {
            id.strip_prefix(region.az_id_prefix)
                .is_some_and(|rest| rest.starts_with("-az"))
        })
        .collect()
}

/// A version past standard support still runs, at six times the price.
pub(super) fn check_version_support(version: &str, d: &mut Diagnostics) {
    let Some(release) = versions::find(version) else {
        return;
    };
    if !versions::eksctl_knows(version) {
        d.push(
            Diagnostic::new(
                Code::W091,
                format!(
                    "eksctl {} knows Kubernetes up to {}; its config for {version} fails to deploy",
                    versions::EKSCTL_RELEASE,
                    versions::EKSCTL_NEWEST
                ),
            )
            .at("kubernetesVersion"),
        );
    }
    if release.support() == Some(versions::Support::Extended) {
        d.push(
            Diagnostic::new(
                Code::W025,
                format!(
                    "Kubernetes {version} left standard support on {}; extended support costs ${:.2} instead of ${:.2} per cluster-hour and ends on {}",
                    release.standard_ends,
                    versions::EXTENDED_CLUSTER_HOUR,
                    versions::STANDARD_CLUSTER_HOUR,
                    release.extended_ends
                ),
            )
            .at("kubernetesVersion")
            .fix(format!(
                "use Kubernetes {} (the newest in standard support that eksctl knows)",
                versions::default_version()
            )),
        );
    }
}

/// Address ranges that cannot be a VPC's.
const UNUSABLE_VPC_RANGES: [(Ipv4Net, &str); 5] = [
    (cidr::THIS_NETWORK, "\"this network\""),
    (cidr::LOOPBACK, "loopback"),
    (cidr::LINK_LOCAL, "link-local"),
    (cidr::MULTICAST, "multicast"),
    (cidr::RESERVED, "reserved"),
];

/// The range, and what it is, when `net` overlaps one no VPC CIDR may use.
pub(super) fn unusable_range(net: &Ipv4Net) -> Option<(Ipv4Net, &'static str)> {
    UNUSABLE_VPC_RANGES
        .iter()
        .find(|(r, _)| cidr::overlaps(r, net))
        .copied()
}

pub(super) fn check_vpc_range(vpc: &Ipv4Net, d: &mut Diagnostics) -> bool {
    let Some((range, what)) = unusable_range(vpc) else {
        return true;
    };
    d.push(
        Diagnostic::new(
            Code::E026,
            format!("VPC CIDR {vpc} is in {range}, the {what} range"),
        )
        .at("vpc.cidr"),
    );
    false
}

/// Entries of the public endpoint's access list that can never be the
/// address a client connects from.
pub(super) fn check_public_cidrs(cidrs: &[Ipv4Net], d: &mut Diagnostics) {
    for (i, c) in cidrs.iter().enumerate() {
        if let Some((range, what)) = cidr::never_public(c) {
            d.push(
                Diagnostic::new(
                    Code::W038,
                    format!(
                        "{c} is in {range} ({what}), never the public address a client connects from"
                    ),
                )
                .at(format!("endpointAccess.publicCidrs[{i}]")),
            );
        }
    }
}

/// EKS's limit on the public endpoint's access list, counted as deployed:
/// the spec's CIDRs and, when they are added, one /32 per NAT gateway.
pub(super) fn check_access_list_size(t: &Topology, d: &mut Diagnostics) {
    let c = &t.cluster;
    let nat = if c.allow_nat_addresses {
        t.nat_gateways.len()
    } else {
        0
    };
    // IPv6 CIDRs (a dual-stack public endpoint) count toward the limit too.
    let given = c.public_access_cidrs.len() + c.public_access_ipv6_cidrs.len();
    let total = given + nat;
    if total > MAX_PUBLIC_CIDRS {
        let added = if nat > 0 {
            format!(" ({given} given, {nat} NAT gateway address(es) added)")
        } else {
            String::new()
        };
        d.push(
            Diagnostic::new(
                Code::E037,
                format!(
                    "{total} public access CIDRs{added}; EKS accepts at most {MAX_PUBLIC_CIDRS}"
                ),
            )
            .at("endpointAccess.publicCidrs"),
        );
    }
}

/// Whether the access list opens the endpoint to at least half of IPv4:
/// as good as 0.0.0.0/0 (W033), however it is split up.
pub(super) fn admits_most_of_the_internet(cidrs: &[Ipv4Net]) -> bool {
    let covered: u64 = Ipv4Net::aggregate(&cidrs.to_vec())
        .iter()
        .map(|n| 1u64 << (32 - n.prefix_len()))
        .sum();
    covered >= 1 << 31
}

/// Each public NAT gateway holds an Elastic IP from the region's quota.
pub(super) fn check_nat_addresses(nat: NatMode, azs: usize, d: &mut Diagnostics) {
    let gateways = match nat {
        NatMode::PerAz => azs,
        NatMode::Single => 1,
        NatMode::None => 0,
    };
    if gateways >= ELASTIC_IP_QUOTA {
        d.push(
            Diagnostic::new(
                Code::W044,
                format!(
                    "{gateways} NAT gateways need {gateways} Elastic IPs; the default quota is {ELASTIC_IP_QUOTA} per region, shared with the account's other VPCs"
                ),
            )
            .at("vpc.nat"),
        );
    }
}

/// Principals listed twice would get two access entries.
pub(super) fn check_duplicate_principals(spec: &Spec, d: &mut Diagnostics) {
    for (i, arn) in spec.admin_principal_arns.iter().enumerate() {
        // IAM names are unique ignoring case: `role/Admin` is `role/admin`.
        if spec.admin_principal_arns[..i]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(arn))
        {
            d.push(
                Diagnostic::new(Code::E085, format!("`{arn}` is listed twice"))
                    .at(format!("adminPrincipalArns[{i}]")),
            );
        }
    }
}

/// The creator's own access entry: a way to clash with the listed admins
/// (N088), or, turned off with none listed, no admin at all (W089).
pub(super) fn check_cluster_admins(spec: &Spec, d: &mut Diagnostics) {
    let listed = spec.admin_principal_arns.len();
    if spec.cluster_creator_admin && listed > 0 {
        d.push(
            Diagnostic::new(
                Code::N088,
                "EKS also gives the deploying principal an access entry: deploying fails if that principal is listed here",
            )
            .at("adminPrincipalArns"),
        );
    } else if !spec.cluster_creator_admin && listed == 0 {
        d.push(
            Diagnostic::new(
                Code::W089,
                "no IAM principal gets Kubernetes access to the cluster",
            )
            .at("clusterCreatorAdmin"),
        );
    }
}

/// IAM tag keys are case-insensitive, and the roles carry the spec's tags.
pub(super) fn check_tag_case(spec: &Spec, d: &mut Diagnostics) {
    // eksnet sets `Name` on every resource itself.
    let mut seen: BTreeMap<String, &str> = BTreeMap::from([("name".to_string(), "Name")]);
    for k in spec.tags.keys().filter(|k| *k != "Name") {
        match seen.get(&k.to_lowercase()) {
            Some(first) => d.push(
                Diagnostic::new(
                    Code::E086,
                    format!("tag keys `{first}` and `{k}` differ only in case"),
                )
                .at(format!("tags.{k}")),
            ),
            None => {
                seen.insert(k.to_lowercase(), k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(s: &[&str]) -> Vec<Ipv4Net> {
        s.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn half_of_the_internet_counts_as_all_of_it() {
        assert!(admits_most_of_the_internet(&nets(&["0.0.0.0/1"])));
        assert!(admits_most_of_the_internet(&nets(&[
            "0.0.0.0/1",
            "128.0.0.0/1"
        ])));
        // Overlapping entries are counted once.
        assert!(!admits_most_of_the_internet(&nets(&[
            "0.0.0.0/2",
            "0.0.0.0/2",
            "64.0.0.0/3"
        ])));
        assert!(!admits_most_of_the_internet(&nets(&["52.0.0.0/8"])));
        assert!(!admits_most_of_the_internet(&[]));
    }

    #[test]
    fn refused_ids_belong_to_their_region() {
        let ids = |r| region_refused_ids(regions::find(r).unwrap());
        assert_eq!(ids("us-east-1"), ["use1-az3"]);
        assert_eq!(ids("us-west-1"), ["usw1-az2"]);
        assert_eq!(ids("ca-central-1"), ["cac1-az3"]);
        assert!(ids("us-west-2").is_empty());
    }

    #[test]
    fn nat_gateways_count_against_the_address_quota() {
        let warns = |nat, azs| {
            let mut d = Diagnostics::default();
            check_nat_addresses(nat, azs, &mut d);
            !d.is_empty()
        };
        assert!(warns(NatMode::PerAz, 5));
        assert!(!warns(NatMode::PerAz, 4));
        assert!(!warns(NatMode::Single, 6));
    }
}
