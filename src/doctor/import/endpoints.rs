//! The VPC's endpoints, named by eksnet's catalog where it knows them, each
//! interface endpoint with the CIDRs its security groups admit HTTPS from.

use super::{parse_cidr, Input, SECURITY_GROUPS};
use crate::aws::services::{self, Service};
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::hash::HashSet;
use crate::topology::{cidr, EndpointKind, Subnet, VpcEndpoint};
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

/// Who may reach an interface endpoint: the CIDRs of the node subnets stand
/// for the nodes when a security group admits the cluster security group.
pub(super) struct Nodes<'a> {
    pub cidrs: Vec<Ipv4Net>,
    pub cluster_security_group: Option<&'a str>,
    /// `cidrs` each once, made when first needed: every endpoint that
    /// admits the nodes starts from it rather than adding 100,000 CIDRs.
    unique: std::cell::OnceCell<Cidrs>,
}

impl<'a> Nodes<'a> {
    pub fn new(subnets: &[Subnet], cluster_security_group: Option<&'a str>) -> Self {
        Nodes {
            cidrs: subnets.iter().filter(|s| s.nodes).map(|s| s.cidr).collect(),
            cluster_security_group,
            unique: std::cell::OnceCell::new(),
        }
    }

    /// Adds the node CIDRs to `cidrs`, in order, each once.
    fn add_to(&self, cidrs: &mut Cidrs) {
        if cidrs.list.is_empty() {
            let unique = self.unique.get_or_init(|| {
                let mut u = Cidrs::default();
                self.cidrs.iter().for_each(|n| u.add(*n));
                u
            });
            cidrs.list.clone_from(&unique.list);
            cidrs.seen.clone_from(&unique.seen);
        } else {
            self.cidrs.iter().for_each(|n| cidrs.add(*n));
        }
    }
}

/// The live endpoints of the VPC, one per service, sorted by service. A
/// service with several endpoints is carried by the one nodes use (see
/// [`carrier`]); each other one is a note (N096), not a finding.
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
    let mut by_service: BTreeMap<String, Vec<(VpcEndpoint, bool)>> = BTreeMap::new();
    for e in eps {
        let Some((kind, service, known)) = identify(e, region) else {
            continue;
        };
        let groups: Vec<String> = e.groups.iter().map(|g| g.group_id.clone()).collect();
        let ingress_cidrs = if kind == EndpointKind::Interface {
            Some(ingress_cidrs(input, &service, &groups, nodes, notes)?)
        } else {
            None
        };
        let available = e
            .state
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case("available"));
        by_service.entry(service.clone()).or_default().push((
            VpcEndpoint {
                service,
                service_name: e.service_name.clone().unwrap_or_default(),
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
            },
            available,
        ));
    }
    // A BTreeMap: the endpoints come out sorted by service.
    Ok(by_service
        .into_values()
        .map(|list| carrier(list, nodes, notes))
        .collect())
}

/// The endpoint of a service that nodes use, when it has several: for an
/// interface endpoint, the first (by ID) that is available, has private DNS
/// (its DNS name takes the service's name, so nodes resolve to it) and
/// admits every node subnet, else the best of those qualities in that
/// order; for gateway endpoints, the first, serving the route tables of
/// all (each serves the tables it is on). Every other one is noted.
fn carrier(
    mut list: Vec<(VpcEndpoint, bool)>,
    nodes: &Nodes,
    notes: &mut Vec<Diagnostic>,
) -> VpcEndpoint {
    let admits_nodes = |ep: &VpcEndpoint| {
        let admitted = cidr::Cover::new(ep.ingress_cidrs.iter().flatten());
        nodes.cidrs.iter().all(|c| admitted.contains(c))
    };
    let score =
        |(ep, available): &(VpcEndpoint, bool)| (ep.private_dns, *available, admits_nodes(ep));
    let mut best = 0;
    for i in 1..list.len() {
        if score(&list[i]) > score(&list[best]) {
            best = i;
        }
    }
    let (mut chosen, _) = list.swap_remove(best);
    // Back in ID order, for the notes.
    list.sort_by(|a, b| a.0.endpoint_id.cmp(&b.0.endpoint_id));
    let chosen_id = chosen.endpoint_id.clone().unwrap_or_default();
    for (other, _) in list {
        let other_id = other.endpoint_id.clone().unwrap_or_default();
        let why = if chosen.kind == EndpointKind::Gateway {
            for rt in other.route_tables {
                if !chosen.route_tables.contains(&rt) {
                    chosen.route_tables.push(rt);
                }
            }
            "each gateway endpoint serves the route tables it is on".to_string()
        } else {
            format!("nodes use {chosen_id}, whose private DNS takes the service's name; this one is not checked")
        };
        notes.push(
            Diagnostic::new(
                Code::N096,
                format!(
                    "{other_id} is another {} endpoint besides {chosen_id}: {why}",
                    chosen.service
                ),
            )
            .on(format!("endpoint {}", chosen.service)),
        );
    }
    chosen
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
    let suffix = service_suffix(e.service_name.as_deref()?, region);
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
    let mut cidrs = Cidrs::default();
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
    Ok(cidrs.list)
}

/// CIDRs in the order first met, each once.
#[derive(Default)]
struct Cidrs {
    list: Vec<Ipv4Net>,
    seen: HashSet<Ipv4Net>,
}

impl Cidrs {
    fn add(&mut self, n: Ipv4Net) {
        if self.seen.insert(n) {
            self.list.push(n);
        }
    }
}

/// Adds to `cidrs` what one security group admits TCP 443 from.
fn admitted_by(
    input: &Input,
    sg: &aws::SecurityGroup,
    nodes: &Nodes,
    cidrs: &mut Cidrs,
) -> Result<()> {
    let sg_file = input.file(SECURITY_GROUPS);
    for p in sg.ip_permissions.iter().filter(|p| p.admits_tcp(443)) {
        for r in &p.ip_ranges {
            let n = parse_cidr(
                &sg_file,
                &format!("{} IpPermissions[].IpRanges[].CidrIp", sg.group_id),
                &r.cidr_ip,
            )?;
            cidrs.add(n);
        }
        // Managed node groups' nodes carry the cluster security group.
        let from_nodes = p.user_id_group_pairs.iter().any(|pair| {
            pair.group_id.is_some() && pair.group_id.as_deref() == nodes.cluster_security_group
        });
        if from_nodes {
            nodes.add_to(cidrs);
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
