//! Which VPC is examined, and what describe-vpcs and the VPC's attribute and
//! DHCP files say of it: its CIDRs, its region, its DNS settings.

use super::{bad, parse_cidr, Input, Options, DHCP_OPTIONS, DNS_HOSTNAMES, DNS_SUPPORT, VPCS};
use crate::aws::regions;
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::topology::{cidr, Subnet, Vpc};
use ipnet::Ipv4Net;

/// `--vpc-id`, else the cluster's VPC, else the only VPC of vpcs.json.
pub(super) fn choose<'a>(input: &'a Input, opts: &Options) -> Result<&'a aws::Vpc> {
    let cluster_vpc = input
        .cluster
        .as_ref()
        .and_then(|c| c.resources_vpc_config.vpc_id.clone());
    let vpc_id = match (&opts.vpc_id, &cluster_vpc, input.vpcs.as_slice()) {
        (Some(id), _, _) => id.clone(),
        (None, Some(id), _) => id.clone(),
        (None, None, [one]) => one.vpc_id.clone(),
        (None, None, []) => {
            return Err(bad(input.file(VPCS), "holds no VPC".into()));
        }
        (None, None, many) => {
            let ids: Vec<&str> = many.iter().map(|v| v.vpc_id.as_str()).collect();
            return Err(bad(
                input.file(VPCS),
                format!(
                    "holds {} VPCs ({}); choose one with --vpc-id",
                    ids.len(),
                    ids.join(", ")
                ),
            ));
        }
    };
    input
        .vpcs
        .iter()
        .find(|v| v.vpc_id == vpc_id)
        .ok_or_else(|| bad(input.file(VPCS), format!("does not hold VPC {vpc_id}")))
}

/// The VPC's primary CIDR, and its other associated CIDRs, each once.
pub(super) fn cidrs(input: &Input, vpc: &aws::Vpc) -> Result<(Ipv4Net, Vec<Ipv4Net>)> {
    let primary = parse_cidr(&input.file(VPCS), "CidrBlock", &vpc.cidr_block)?;
    let mut secondary = Vec::new();
    for a in &vpc.cidr_block_association_set {
        let state = a
            .cidr_block_state
            .as_ref()
            .map_or("associated", |s| &s.state);
        let n = parse_cidr(
            &input.file(VPCS),
            "CidrBlockAssociationSet[].CidrBlock",
            &a.cidr_block,
        )?;
        if state == "associated" && n != primary && !secondary.contains(&n) {
            secondary.push(n);
        }
    }
    Ok((primary, secondary))
}

/// `arn:<partition>:<service>:<region>:…` → (partition, region).
fn arn_parts(arn: &str) -> Option<(String, String)> {
    let p: Vec<&str> = arn.split(':').collect();
    (p.len() > 3 && p[0] == "arn" && !p[3].is_empty()).then(|| (p[1].to_string(), p[3].to_string()))
}

/// Partition and region: the cluster's ARN, else a subnet's, else an AZ name.
pub(super) fn partition_and_region(input: &Input, subnets: &[&aws::Subnet]) -> (String, String) {
    let from_arn = input
        .cluster
        .as_ref()
        .and_then(|c| c.arn.as_deref())
        .and_then(arn_parts)
        .or_else(|| {
            subnets
                .iter()
                .find_map(|s| s.subnet_arn.as_deref().and_then(arn_parts))
        });
    if let Some(pr) = from_arn {
        return pr;
    }
    let region = subnets
        .first()
        .map(|s| {
            s.availability_zone
                .trim_end_matches(|c: char| c.is_ascii_lowercase())
                .to_string()
        })
        .unwrap_or_default();
    let partition = regions::find(&region).map_or("aws", |r| r.partition);
    (partition.to_string(), region)
}

/// The VPC's DNS settings, as far as they were collected.
pub(super) struct Dns {
    support: bool,
    hostnames: bool,
    /// Whether the VPC's DHCP options hand out AmazonProvidedDNS; `None`
    /// when they were not collected or not found.
    amazon_provided: Option<bool>,
}

/// The DNS attributes (on when not collected: describe-vpcs does not show
/// them) and the DHCP options' DNS servers, each gap noted.
pub(super) fn dns(input: &Input, vpc: &aws::Vpc, notes: &mut Vec<Diagnostic>) -> Dns {
    for (v, file, attr) in [
        (input.dns_support, DNS_SUPPORT, "enableDnsSupport"),
        (input.dns_hostnames, DNS_HOSTNAMES, "enableDnsHostnames"),
    ] {
        if v.is_none() {
            notes.push(
                Diagnostic::new(
                    Code::N083,
                    format!(
                        "{file} not collected: {attr} assumed on (describe-vpcs does not show it)"
                    ),
                )
                .on("vpc"),
            );
        }
    }
    Dns {
        support: input.dns_support.unwrap_or(true),
        hostnames: input.dns_hostnames.unwrap_or(true),
        amazon_provided: amazon_provided_dns(input, vpc, notes),
    }
}

/// Whether the VPC's DHCP options set uses AmazonProvidedDNS (it does when it
/// names no DNS servers).
fn amazon_provided_dns(input: &Input, vpc: &aws::Vpc, notes: &mut Vec<Diagnostic>) -> Option<bool> {
    let Some(sets) = &input.dhcp_options else {
        notes.push(
            Diagnostic::new(
                Code::N083,
                format!("{DHCP_OPTIONS} not collected: DNS servers not checked"),
            )
            .on("vpc"),
        );
        return None;
    };
    sets.iter()
        .find(|d| Some(&d.dhcp_options_id) == vpc.dhcp_options_id.as_ref())
        .map(|d| {
            d.dhcp_configurations
                .iter()
                .find(|c| c.key == "domain-name-servers")
                .is_none_or(|c| c.values.iter().any(|v| v.value == "AmazonProvidedDNS"))
        })
}

/// The VPC as the topology holds it; its unallocated addresses are those of
/// all its CIDRs that no subnet holds.
pub(super) fn model(
    vpc_id: &str,
    (primary, secondary): (Ipv4Net, Vec<Ipv4Net>),
    dns: Dns,
    subnets: &[Subnet],
) -> Vpc {
    let allocated: u64 = subnets.iter().map(|s| cidr::size(&s.cidr)).sum();
    let total: u64 = std::iter::once(&primary)
        .chain(&secondary)
        .map(cidr::size)
        .sum();
    Vpc {
        id: Some(vpc_id.to_string()),
        cidr: primary,
        amazon_ipv6: false,
        ipv6_cidrs: vec![],
        enable_dns_support: dns.support,
        enable_dns_hostnames: dns.hostnames,
        unallocated_addresses: total.saturating_sub(allocated),
        secondary_cidrs: secondary,
        amazon_provided_dns: dns.amazon_provided,
    }
}
