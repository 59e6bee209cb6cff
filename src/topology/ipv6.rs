//! IPv6 clusters: what the spec may not combine with `ipFamily: ipv6`, and
//! the dual-stack parts of the layout (each subnet's /64 index, the `::/0`
//! routes, max pods in prefix mode).
//!
//! The VPC's /56 is Amazon-provided, so its address is known only once it
//! is deployed: a subnet's /64 is named by its index into the /56, a
//! function of its tier and its AZ's letter (or AZ ID number) alone, so it
//! stays put when AZs are added, removed or reordered.

use super::model::*;
use crate::aws::{instances, ipv6, regions};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Architecture, Egress, IpFamily, Spec};
use ipnet::Ipv6Net;
use std::net::Ipv6Addr;

/// `::/0`: every IPv6 address, the IPv6 default route's destination.
pub const ANY6: Ipv6Net = match Ipv6Net::new(Ipv6Addr::UNSPECIFIED, 0) {
    Ok(n) => n,
    Err(_) => panic!("::/0 is a network"),
};

/// Public subnets take /64 indices from 0, private ones from this one.
const PRIVATE_BASE: u8 = 64;

/// What `ipFamily: ipv6` cannot be combined with (E100 to E103, E119). Only
/// called for IPv6 specs.
pub(super) fn check(spec: &Spec, region: &regions::Region, egress: Egress, d: &mut Diagnostics) {
    if spec.service_ipv4_cidr.is_some() {
        d.push(
            Diagnostic::new(
                Code::E100,
                "`serviceIpv4Cidr` is set in an IPv6 cluster, where EKS assigns the service range",
            )
            .at("serviceIpv4Cidr"),
        );
    }
    if !ipv6::partition_allows_ipv6(region.partition) {
        d.push(
            Diagnostic::new(
                Code::E101,
                format!(
                    "{} is a China Region, where EKS creates no IPv6 clusters",
                    region.code
                ),
            )
            .at("ipFamily"),
        );
    }
    for (i, t) in spec.node_group.instance_types.iter().enumerate() {
        if !ipv6::is_nitro(t) {
            d.push(
                Diagnostic::new(
                    Code::E102,
                    format!("`{t}` is not built on the Nitro System, which IPv6 clusters need"),
                )
                .at(format!("nodeGroup.instanceTypes[{i}]")),
            );
        }
    }
    if spec.pod_network.is_some() {
        d.push(
            Diagnostic::new(
                Code::E119,
                "`podNetwork` plans IPv4 pod addresses, and this is an IPv6 cluster",
            )
            .at("podNetwork"),
        );
    }
    if spec.architecture == Architecture::PrivateOnly && egress == Egress::TransitGateway {
        d.push(
            Diagnostic::new(
                Code::E103,
                "an IPv6 cluster whose private subnets leave through a transit gateway",
            )
            .at("vpc.egress"),
        );
    }
}

/// The /64 index of a subnet of `tier` in `az`: public subnets from 0,
/// private ones from 64, plus the AZ's letter (`us-west-2c`: 2) or AZ ID
/// number (`usw2-az3`: 3). None for a zone named otherwise.
pub(super) fn subnet_index(tier: Tier, az: &Az) -> Option<u8> {
    let ordinal = if az.is_id {
        az.name.rsplit_once("-az")?.1.parse::<u8>().ok()?
    } else {
        let last = az.name.chars().last()?;
        last.is_ascii_lowercase().then(|| last as u8 - b'a')?
    };
    if ordinal >= PRIVATE_BASE {
        return None;
    }
    Some(match tier {
        Tier::Public => ordinal,
        Tier::Private => PRIVATE_BASE + ordinal,
        // Pod subnets are IPv4 only (podNetwork is refused with IPv6).
        Tier::Pod => return None,
    })
}

/// A subnet's IPv6 settings in a dual-stack VPC: its /64, IPv6 addresses
/// for what launches there (EKS requires it of node subnets) and DNS64 off:
/// pods reach IPv4-only names through their node's IPv4 address, so no
/// NAT64 is needed.
pub(super) fn subnet(family: IpFamily, tier: Tier, az: &Az, position: usize) -> Option<SubnetIpv6> {
    (family == IpFamily::Ipv6 && tier != Tier::Pod).then(|| SubnetIpv6 {
        // A zone without a letter or number (none in eksnet's table) falls
        // back to its position, still distinct within its tier.
        index: subnet_index(tier, az).unwrap_or_else(|| {
            let base = if tier == Tier::Public {
                0
            } else {
                PRIVATE_BASE
            };
            base + position as u8
        }),
        cidr: None,
        assign_on_creation: true,
        dns64: false,
    })
}

/// The IPv6 default route of a public route table: the internet gateway.
pub(super) fn public_routes(family: IpFamily) -> Vec<Ipv6Route> {
    default_route(family, Ipv6Target::InternetGateway)
}

/// The IPv6 default route of a private route table: the egress-only
/// internet gateway, where there is one.
pub(super) fn private_routes(family: IpFamily, egress_only: bool) -> Vec<Ipv6Route> {
    if egress_only {
        default_route(family, Ipv6Target::EgressOnlyInternetGateway)
    } else {
        vec![]
    }
}

fn default_route(family: IpFamily, target: Ipv6Target) -> Vec<Ipv6Route> {
    if family == IpFamily::Ipv6 {
        vec![Ipv6Route {
            destination: ANY6,
            target,
        }]
    } else {
        vec![]
    }
}

/// An egress-only internet gateway: IPv6 out of the private subnets where
/// IPv4 leaves through NAT (public-private).
pub(super) fn has_egress_only_gateway(family: IpFamily, arch: Architecture) -> bool {
    family == IpFamily::Ipv6 && arch == Architecture::PublicPrivate
}

/// Max pods per node in prefix mode (the largest instance type's), and the
/// types whose size tells no vCPU count (assumed 110).
pub(super) fn max_pods(types: &[String]) -> (u32, Vec<String>) {
    let mut unknown = Vec::new();
    let most = types
        .iter()
        .map(|t| {
            ipv6::prefix_mode_max_pods(t).unwrap_or_else(|| {
                unknown.push(t.clone());
                instances::UNKNOWN_MAX_PODS
            })
        })
        .max()
        .unwrap_or(instances::UNKNOWN_MAX_PODS);
    (most, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn az(name: &str, is_id: bool) -> Az {
        Az {
            name: name.into(),
            is_id,
        }
    }

    #[test]
    fn index_follows_tier_and_zone_letter_or_number() {
        assert_eq!(
            subnet_index(Tier::Public, &az("us-west-2a", false)),
            Some(0)
        );
        assert_eq!(
            subnet_index(Tier::Public, &az("us-west-2c", false)),
            Some(2)
        );
        assert_eq!(
            subnet_index(Tier::Private, &az("us-west-2a", false)),
            Some(64)
        );
        assert_eq!(subnet_index(Tier::Private, &az("usw2-az3", true)), Some(67));
        assert_eq!(subnet_index(Tier::Public, &az("use1-az6", true)), Some(6));
        assert_eq!(subnet_index(Tier::Public, &az("weird-zone-", false)), None);
    }

    #[test]
    fn any6_is_the_default_route() {
        assert_eq!(ANY6.to_string(), "::/0");
    }

    #[test]
    fn prefix_mode_takes_the_largest_type() {
        let types = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            max_pods(&types(&["m6i.large", "m6i.8xlarge"])),
            (250, vec![])
        );
        assert_eq!(
            max_pods(&types(&["m6i.metal"])),
            (110, vec!["m6i.metal".to_string()])
        );
    }
}
