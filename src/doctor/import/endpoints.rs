//! The VPC's endpoints, named by eksnet's catalog where it knows them, each
//! interface endpoint with the CIDRs its security groups admit HTTPS from.

use super::{parse_cidr, Input, SECURITY_GROUPS};
use crate::aws::services::{self, Service};
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::topology::{EndpointKind, Subnet, VpcEndpoint};
use ipnet::Ipv4Net;

/// Who may reach an interface endpoint: the CIDRs of the node subnets stand
/// for the nodes when a security group admits the cluster security group.
pub(super) struct Nodes<'a> {
    pub cidrs: Vec<Ipv4Net>,
    pub cluster_security_group: Option<&'a str>,
}

impl<'a> Nodes<'a> {
    pub fn new(subnets: &[Subnet], cluster_security_group: Option<&'a str>) -> Self {
        Nodes {
            cidrs: subnets.iter().filter(|s| s.nodes).map(|s| s.cidr).collect(),
            cluster_security_group,
        }
    }
}

/// The live endpoints of the VPC, one per service, sorted by service.
pub(super) fn endpoints(
    input: &Input,
    vpc_id: &str,
    region: &str,
    nodes: &Nodes,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<VpcEndpoint>> {
    let mut eps: Vec<&aws::VpcEndpoint> = input
        .endpoints
        .iter()
        .filter(|e| e.vpc_id == vpc_id)
        .collect();
    eps.sort_by(|a, b| a.vpc_endpoint_id.cmp(&b.vpc_endpoint_id));
    let mut endpoints: Vec<VpcEndpoint> = Vec::new();
    for e in eps {
        let Some((kind, service, known)) = identify(e, region) else {
            continue;
        };
        if endpoints.iter().any(|x| x.service == service) {
            continue;
        }
        let groups: Vec<String> = e.groups.iter().map(|g| g.group_id.clone()).collect();
        let ingress_cidrs = if kind == EndpointKind::Interface {
            Some(ingress_cidrs(input, &service, &groups, nodes, notes)?)
        } else {
            None
        };
        endpoints.push(VpcEndpoint {
            service,
            service_name: e.service_name.clone(),
            kind,
            reason: known
                .map_or("not in eksnet's catalog", |k| k.reason)
                .to_string(),
            required: false,
            for_addons: vec![],
            subnets: e.subnet_ids.clone(),
            route_tables: e.route_table_ids.clone(),
            private_dns: kind == EndpointKind::Interface && e.private_dns_enabled,
            endpoint_id: Some(e.vpc_endpoint_id.clone()),
            security_groups: groups,
            ingress_cidrs,
        });
    }
    endpoints.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(endpoints)
}

/// A live interface or gateway endpoint's kind, the service name eksnet
/// gives it, and its catalog entry; `None` for any other endpoint.
fn identify(
    e: &aws::VpcEndpoint,
    region: &str,
) -> Option<(EndpointKind, String, Option<&'static Service>)> {
    let state = e
        .state
        .as_deref()
        .unwrap_or("available")
        .to_ascii_lowercase();
    if state != "available" && state != "pending" {
        return None;
    }
    let kind = match e.vpc_endpoint_type.as_str() {
        "Interface" => EndpointKind::Interface,
        "Gateway" => EndpointKind::Gateway,
        _ => return None,
    };
    let suffix = service_suffix(&e.service_name, region);
    let known = services::find(suffix);
    // An endpoint of another type than the one eksnet's catalog uses
    // (an Interface s3 endpoint) is kept apart from the catalog one.
    let service = match known {
        Some(k) if k.kind == kind => suffix.to_string(),
        Some(_) => format!("{suffix} ({})", kind.as_str()),
        None => suffix.to_string(),
    };
    Some((kind, service, known))
}

/// The CIDRs an interface endpoint's security groups admit TCP 443 from; a
/// group not collected admits nothing (and is noted).
fn ingress_cidrs(
    input: &Input,
    service: &str,
    groups: &[String],
    nodes: &Nodes,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<Ipv4Net>> {
    let mut cidrs: Vec<Ipv4Net> = Vec::new();
    for g in groups {
        let Some(sg) = input.security_groups.iter().find(|s| &s.group_id == g) else {
            notes.push(
                Diagnostic::new(
                    Code::N083,
                    format!("security group {g} of the {service} endpoint is not in {SECURITY_GROUPS}: taken to admit nothing"),
                )
                .on(format!("endpoint {service}")),
            );
            continue;
        };
        admitted_by(input, sg, nodes, &mut cidrs)?;
    }
    Ok(cidrs)
}

/// Adds to `cidrs` what one security group admits TCP 443 from.
fn admitted_by(
    input: &Input,
    sg: &aws::SecurityGroup,
    nodes: &Nodes,
    cidrs: &mut Vec<Ipv4Net>,
) -> Result<()> {
    let sg_file = input.file(SECURITY_GROUPS);
    for p in sg.ip_permissions.iter().filter(|p| p.admits_tcp(443)) {
        for r in &p.ip_ranges {
            let n = parse_cidr(
                &sg_file,
                &format!("{} IpPermissions[].IpRanges[].CidrIp", sg.group_id),
                &r.cidr_ip,
            )?;
            if !cidrs.contains(&n) {
                cidrs.push(n);
            }
        }
        // Managed node groups' nodes carry the cluster security group.
        let from_nodes = p.user_id_group_pairs.iter().any(|pair| {
            pair.group_id.is_some() && pair.group_id.as_deref() == nodes.cluster_security_group
        });
        if from_nodes {
            for n in &nodes.cidrs {
                if !cidrs.contains(n) {
                    cidrs.push(*n);
                }
            }
        }
    }
    Ok(())
}

/// `com.amazonaws.us-west-2.ecr.dkr` → `ecr.dkr` (also `cn.com.amazonaws.`).
fn service_suffix<'a>(name: &'a str, region: &str) -> &'a str {
    for prefix in ["com.amazonaws.", "cn.com.amazonaws."] {
        if let Some(rest) = name
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix(region))
            .and_then(|r| r.strip_prefix('.'))
        {
            return rest;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_map_back_to_catalog_keys() {
        assert_eq!(
            service_suffix("com.amazonaws.us-west-2.ecr.dkr", "us-west-2"),
            "ecr.dkr"
        );
        assert_eq!(
            service_suffix("cn.com.amazonaws.cn-north-1.sts", "cn-north-1"),
            "sts"
        );
        assert_eq!(
            service_suffix("com.amazonaws.vpce.us-west-2.vpce-svc-1", "us-west-2"),
            "com.amazonaws.vpce.us-west-2.vpce-svc-1"
        );
    }
}
