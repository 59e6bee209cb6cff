//! An existing VPC, as the AWS CLI describes it, read into the same
//! Topology a spec is planned into (`source: imported`), so the same rules
//! and reachability engine judge it.
//!
//! The network is read as AWS routes it: a subnet without an explicit
//! route-table association uses the VPC's main route table; a subnet (and a
//! route table) is public when its effective default route goes to the
//! VPC's internet gateway; a zonal NAT gateway sits in a subnet, a regional
//! one in none; a route whose target is gone (`blackhole`) leads nowhere.
//! IDs stay AWS's own, so every finding names what the user sees in the
//! console, and every fix is a command on those IDs.

use super::aws::{self, read_json, InputError, Result};
use crate::aws::{regions, services};
use crate::diag::Diagnostic;
use crate::spec::NatMode;
use crate::topology::{self, cidr, *};
use ipnet::Ipv4Net;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const VPCS: &str = "vpcs.json";
pub const SUBNETS: &str = "subnets.json";
pub const ROUTE_TABLES: &str = "route-tables.json";
pub const INTERNET_GATEWAYS: &str = "internet-gateways.json";
pub const NAT_GATEWAYS: &str = "nat-gateways.json";
pub const VPC_ENDPOINTS: &str = "vpc-endpoints.json";
pub const SECURITY_GROUPS: &str = "security-groups.json";
pub const CLUSTER: &str = "cluster.json";
pub const NETWORK_ACLS: &str = "network-acls.json";
pub const DHCP_OPTIONS: &str = "dhcp-options.json";
pub const DNS_SUPPORT: &str = "vpc-dns-support.json";
pub const DNS_HOSTNAMES: &str = "vpc-dns-hostnames.json";
/// `nodegroup-<name>.json`, one per `aws eks describe-nodegroup`.
pub const NODEGROUP_PREFIX: &str = "nodegroup-";

/// Every file of a collection directory, parsed.
#[derive(Debug, Clone)]
pub struct Input {
    pub dir: PathBuf,
    pub vpcs: Vec<aws::Vpc>,
    pub subnets: Vec<aws::Subnet>,
    pub route_tables: Vec<aws::RouteTable>,
    pub internet_gateways: Vec<aws::InternetGateway>,
    pub nat_gateways: Vec<aws::NatGateway>,
    pub endpoints: Vec<aws::VpcEndpoint>,
    pub security_groups: Vec<aws::SecurityGroup>,
    pub cluster: Option<aws::Cluster>,
    pub nodegroups: Vec<aws::Nodegroup>,
    pub network_acls: Option<Vec<aws::NetworkAcl>>,
    pub dhcp_options: Option<Vec<aws::DhcpOptions>>,
    pub dns_support: Option<bool>,
    pub dns_hostnames: Option<bool>,
}

fn required(dir: &Path, name: &str) -> Result<(PathBuf, serde_json::Value)> {
    let p = dir.join(name);
    match read_json(&p)? {
        Some(v) => Ok((p, v)),
        None => Err(InputError {
            file: p,
            message: "not found (it is required; collect it with the script in docs/doctor.md)"
                .into(),
        }),
    }
}

fn optional(dir: &Path, name: &str) -> Result<Option<(PathBuf, serde_json::Value)>> {
    let p = dir.join(name);
    Ok(read_json(&p)?.map(|v| (p, v)))
}

impl Input {
    pub fn load(dir: &Path) -> Result<Input> {
        if !dir.is_dir() {
            return Err(InputError {
                file: dir.to_path_buf(),
                message: "is not a directory".into(),
            });
        }
        let (p, v) = required(dir, VPCS)?;
        let vpcs = aws::list(&p, &v, "Vpcs", "VpcId")?;
        let (p, v) = required(dir, SUBNETS)?;
        let subnets = aws::list(&p, &v, "Subnets", "SubnetId")?;
        let (p, v) = required(dir, ROUTE_TABLES)?;
        let route_tables = aws::list(&p, &v, "RouteTables", "RouteTableId")?;
        let (p, v) = required(dir, INTERNET_GATEWAYS)?;
        let internet_gateways = aws::list(&p, &v, "InternetGateways", "InternetGatewayId")?;
        let (p, v) = required(dir, NAT_GATEWAYS)?;
        let nat_gateways = aws::list(&p, &v, "NatGateways", "NatGatewayId")?;
        let (p, v) = required(dir, VPC_ENDPOINTS)?;
        let endpoints = aws::list(&p, &v, "VpcEndpoints", "VpcEndpointId")?;
        let (p, v) = required(dir, SECURITY_GROUPS)?;
        let security_groups = aws::list(&p, &v, "SecurityGroups", "GroupId")?;
        let cluster = match optional(dir, CLUSTER)? {
            Some((p, v)) => Some(aws::object(&p, &v, "cluster")?),
            None => None,
        };
        let mut nodegroups = Vec::new();
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| InputError {
                file: dir.to_path_buf(),
                message: format!("cannot list: {e}"),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(NODEGROUP_PREFIX) && n.ends_with(".json"))
            })
            .collect();
        names.sort();
        for p in names {
            if let Some(v) = read_json(&p)? {
                nodegroups.push(aws::object(&p, &v, "nodegroup")?);
            }
        }
        let network_acls = match optional(dir, NETWORK_ACLS)? {
            Some((p, v)) => Some(aws::list(&p, &v, "NetworkAcls", "NetworkAclId")?),
            None => None,
        };
        let dhcp_options = match optional(dir, DHCP_OPTIONS)? {
            Some((p, v)) => Some(aws::list(&p, &v, "DhcpOptions", "DhcpOptionsId")?),
            None => None,
        };
        let dns_support = match optional(dir, DNS_SUPPORT)? {
            Some((p, v)) => Some(
                aws::object::<aws::DnsSupportAttribute>(&p, &v, "")?
                    .enable_dns_support
                    .value,
            ),
            None => None,
        };
        let dns_hostnames = match optional(dir, DNS_HOSTNAMES)? {
            Some((p, v)) => Some(
                aws::object::<aws::DnsHostnamesAttribute>(&p, &v, "")?
                    .enable_dns_hostnames
                    .value,
            ),
            None => None,
        };
        Ok(Input {
            dir: dir.to_path_buf(),
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            nat_gateways,
            endpoints,
            security_groups,
            cluster,
            nodegroups,
            network_acls,
            dhcp_options,
            dns_support,
            dns_hostnames,
        })
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// What the user chose on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--node-subnets`: where nodes run (else the node groups', else the cluster's).
    pub node_subnets: Vec<String>,
    /// `--vpc-id`: which VPC of vpcs.json (else the cluster's, else the only one).
    pub vpc_id: Option<String>,
}

/// The imported topology, and what the doctor needs besides it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub topology: Topology,
    pub vpc_id: String,
    /// The cluster's name, when cluster.json was collected.
    pub cluster_name: Option<String>,
    /// The EKS cluster security group (managed nodes carry it).
    pub cluster_security_group: Option<String>,
    /// Where the node subnets were taken from, in words.
    pub node_subnets_from: String,
    /// The network ACL of each subnet, when network-acls.json was collected.
    pub network_acls: Option<BTreeMap<String, aws::NetworkAcl>>,
    /// Notes about what was assumed (N083) or skipped.
    pub notes: Vec<Diagnostic>,
    /// NAT gateways that exist but cannot be routed to now (not available,
    /// or private): id → why.
    pub unusable_nats: BTreeMap<String, String>,
}

fn bad(file: PathBuf, message: String) -> InputError {
    InputError { file, message }
}

fn parse_cidr(file: &Path, what: &str, s: &str) -> Result<Ipv4Net> {
    s.parse::<Ipv4Net>().map(|n| n.trunc()).map_err(|_| {
        bad(
            file.to_path_buf(),
            format!("{what}: `{s}` is not an IPv4 CIDR"),
        )
    })
}

fn any() -> Ipv4Net {
    "0.0.0.0/0".parse().expect("literal")
}

pub fn import(input: &Input, opts: &Options) -> Result<Imported> {
    let mut notes = Vec::new();

    // Which VPC.
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
    let Some(vpc) = input.vpcs.iter().find(|v| v.vpc_id == vpc_id) else {
        return Err(bad(input.file(VPCS), format!("does not hold VPC {vpc_id}")));
    };
    let vpc_cidr = parse_cidr(&input.file(VPCS), "CidrBlock", &vpc.cidr_block)?;
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
        if state == "associated" && n != vpc_cidr && !secondary.contains(&n) {
            secondary.push(n);
        }
    }

    // Region and partition: the cluster's ARN, else a subnet's, else an AZ name.
    let arn_parts = |arn: &str| -> Option<(String, String)> {
        let p: Vec<&str> = arn.split(':').collect();
        (p.len() > 3 && p[0] == "arn" && !p[3].is_empty())
            .then(|| (p[1].to_string(), p[3].to_string()))
    };
    let subnets_in: Vec<&aws::Subnet> = input
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .collect();
    let from_arn = input
        .cluster
        .as_ref()
        .and_then(|c| c.arn.as_deref())
        .and_then(arn_parts)
        .or_else(|| {
            subnets_in
                .iter()
                .find_map(|s| s.subnet_arn.as_deref().and_then(arn_parts))
        });
    let (partition, region) = match from_arn {
        Some(pr) => pr,
        None => {
            let region = subnets_in
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
    };

    // The internet gateway attached to this VPC.
    let igw = input.internet_gateways.iter().find(|g| {
        g.attachments
            .iter()
            .any(|a| a.vpc_id == vpc_id && (a.state == "available" || a.state == "attached"))
    });

    // NAT gateways that can carry traffic to the internet.
    let subnet_az: BTreeMap<&str, &str> = subnets_in
        .iter()
        .map(|s| (s.subnet_id.as_str(), s.availability_zone.as_str()))
        .collect();
    let mut nat_gateways = Vec::new();
    let mut unusable_nats = BTreeMap::new();
    for n in &input.nat_gateways {
        let in_vpc = n.vpc_id.as_deref() == Some(vpc_id.as_str())
            || n.subnet_id
                .as_deref()
                .is_some_and(|s| subnet_az.contains_key(s));
        if !in_vpc {
            continue;
        }
        if n.state != "available" && n.state != "pending" {
            unusable_nats.insert(n.nat_gateway_id.clone(), format!("in state {}", n.state));
            continue;
        }
        if n.connectivity_type.as_deref() == Some("private") {
            unusable_nats.insert(
                n.nat_gateway_id.clone(),
                "a private NAT gateway (no internet access)".into(),
            );
            continue;
        }
        let regional = n.availability_mode.as_deref() == Some("regional") || n.subnet_id.is_none();
        let az = match &n.subnet_id {
            Some(s) if !regional => subnet_az
                .get(s.as_str())
                .map_or("unknown AZ", |a| a)
                .to_string(),
            _ => "every AZ (regional)".to_string(),
        };
        let public_ip = n
            .nat_gateway_addresses
            .iter()
            .find_map(|a| a.public_ip.as_deref())
            .and_then(|ip| ip.parse().ok());
        nat_gateways.push(NatGateway {
            id: n.nat_gateway_id.clone(),
            az,
            subnet: if regional { None } else { n.subnet_id.clone() },
            public_ip,
        });
    }

    // Route tables, and the target of each route.
    let rts: Vec<&aws::RouteTable> = input
        .route_tables
        .iter()
        .filter(|r| r.vpc_id == vpc_id)
        .collect();
    let mut transit = None;
    let mut route_tables = Vec::new();
    for rt in &rts {
        let main = rt.associations.iter().any(|a| a.main);
        let mut routes = Vec::new();
        for r in &rt.routes {
            let Some(dest) = r.destination_cidr_block.as_deref() else {
                continue; // IPv6 and prefix-list (gateway endpoint) routes
            };
            let Some(target) = r.target() else { continue };
            if target == "local" {
                continue;
            }
            let destination = parse_cidr(
                &input.file(ROUTE_TABLES),
                &format!("{} Routes[].DestinationCidrBlock", rt.route_table_id),
                dest,
            )?;
            let blackhole = r.state.as_deref() == Some("blackhole");
            let target = if r.nat_gateway_id.is_some() {
                match unusable_nats.get(target) {
                    Some(why) => RouteTarget::Other(format!("NAT gateway {target}, {why}")),
                    // A deleted NAT gateway leaves a blackhole route and,
                    // after an hour, no trace in describe-nat-gateways.
                    None => RouteTarget::NatGateway(target.to_string()),
                }
            } else if blackhole {
                RouteTarget::Other(format!("{target} (blackhole: the target no longer exists)"))
            } else if r.transit_gateway_id.is_some() {
                transit.get_or_insert_with(|| target.to_string());
                RouteTarget::TransitGateway(target.to_string())
            } else if target.starts_with("igw-") {
                if igw.is_some_and(|g| g.internet_gateway_id == target) {
                    RouteTarget::InternetGateway
                } else {
                    RouteTarget::Other(format!(
                        "{target} (an internet gateway not attached to this VPC)"
                    ))
                }
            } else {
                RouteTarget::Other(target.to_string())
            };
            routes.push(Route {
                destination,
                target,
            });
        }
        // The most specific route wins; eksnet reads only the default route,
        // so keep 0.0.0.0/0 routes in AWS's order and the rest after.
        routes.sort_by_key(|r| std::cmp::Reverse(r.destination.prefix_len() == 0));
        let public = routes
            .iter()
            .any(|r| r.destination.prefix_len() == 0 && r.target == RouteTarget::InternetGateway);
        route_tables.push(RouteTable {
            id: rt.route_table_id.clone(),
            tier: if public { Tier::Public } else { Tier::Private },
            az: None,
            main,
            routes,
        });
    }
    let Some(main_rt) = route_tables.iter().find(|r| r.main).map(|r| r.id.clone()) else {
        return Err(bad(
            input.file(ROUTE_TABLES),
            format!("no route table of {vpc_id} has `Associations[].Main: true` (was it filtered by VPC?)"),
        ));
    };
    let mut explicit: BTreeMap<&str, &str> = BTreeMap::new();
    for rt in &rts {
        for a in &rt.associations {
            let live = a
                .association_state
                .as_ref()
                .map_or(true, |s| s.state == "associated" || s.state.is_empty());
            if let (Some(s), true) = (a.subnet_id.as_deref(), live) {
                explicit.insert(s, rt.route_table_id.as_str());
            }
        }
    }

    // Where nodes run.
    let subnet_ids: BTreeSet<&str> = subnets_in.iter().map(|s| s.subnet_id.as_str()).collect();
    let mut ng_subnets: Vec<String> = Vec::new();
    for g in &input.nodegroups {
        for s in &g.subnets {
            if !ng_subnets.contains(s) {
                ng_subnets.push(s.clone());
            }
        }
    }
    let (node_list, from, from_file) = if !opts.node_subnets.is_empty() {
        (
            opts.node_subnets.clone(),
            "--node-subnets".to_string(),
            None,
        )
    } else if !ng_subnets.is_empty() {
        let names: Vec<&str> = input
            .nodegroups
            .iter()
            .map(|g| g.nodegroup_name.as_str())
            .collect();
        (
            ng_subnets.clone(),
            format!("node group(s) {}", names.join(", ")),
            Some(format!("{NODEGROUP_PREFIX}*.json")),
        )
    } else if let Some(c) = &input.cluster {
        (
            c.resources_vpc_config.subnet_ids.clone(),
            "the cluster's subnets (no node group collected)".to_string(),
            Some(CLUSTER.to_string()),
        )
    } else {
        return Err(bad(
            input.dir.clone(),
            "cannot tell where nodes run: pass --node-subnets, or collect cluster.json or nodegroup-<name>.json".into(),
        ));
    };
    for s in &node_list {
        if !subnet_ids.contains(s.as_str()) {
            let file = from_file
                .as_deref()
                .map_or(input.dir.clone(), |f| input.file(f));
            return Err(bad(
                file,
                format!("node subnet {s} ({from}) is not a subnet of {vpc_id} in {SUBNETS}"),
            ));
        }
    }
    if let Some(c) = &input.cluster {
        for s in &c.resources_vpc_config.subnet_ids {
            if !subnet_ids.contains(s.as_str()) {
                return Err(bad(
                    input.file(CLUSTER),
                    format!("cluster.resourcesVpcConfig.subnetIds names {s}, which is not a subnet of {vpc_id} in {SUBNETS}"),
                ));
            }
        }
    }

    // Subnets.
    let mut subnets = Vec::new();
    for s in &subnets_in {
        let cidr = parse_cidr(
            &input.file(SUBNETS),
            &format!("{} CidrBlock", s.subnet_id),
            &s.cidr_block,
        )?;
        let route_table = explicit
            .get(s.subnet_id.as_str())
            .map_or(main_rt.clone(), |r| r.to_string());
        let tier = route_tables
            .iter()
            .find(|r| r.id == route_table)
            .map_or(Tier::Private, |r| r.tier);
        let tags: Tags = s
            .tags
            .iter()
            .filter(|t| t.key != "Name")
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect();
        subnets.push(Subnet {
            id: s.subnet_id.clone(),
            tier,
            az: s.availability_zone.clone(),
            cidr,
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            route_table,
            tags,
            usable_addresses: cidr::usable(&cidr),
            available_addresses: Some(s.available_ip_address_count),
            nodes: node_list.contains(&s.subnet_id),
        });
    }
    // A fixed order: by AZ, then CIDR.
    subnets.sort_by(|a, b| (&a.az, a.cidr).cmp(&(&b.az, b.cidr)));
    route_tables.sort_by(|a, b| (!a.main, &a.id).cmp(&(!b.main, &b.id)));
    nat_gateways.sort_by(|a, b| a.id.cmp(&b.id));

    // The cluster.
    let cluster_file = input.file(CLUSTER);
    let cluster = match &input.cluster {
        Some(c) => {
            let v = &c.resources_vpc_config;
            let mut cidrs = Vec::new();
            if v.endpoint_public_access {
                for s in &v.public_access_cidrs {
                    cidrs.push(parse_cidr(
                        &cluster_file,
                        "cluster.resourcesVpcConfig.publicAccessCidrs",
                        s,
                    )?);
                }
                if cidrs.is_empty() {
                    cidrs.push(any());
                }
            }
            let service = match c
                .kubernetes_network_config
                .as_ref()
                .and_then(|k| k.service_ipv4_cidr.as_deref())
            {
                Some(s) => parse_cidr(
                    &cluster_file,
                    "cluster.kubernetesNetworkConfig.serviceIpv4Cidr",
                    s,
                )?,
                None => default_service_cidr(vpc_cidr),
            };
            Cluster {
                name: c.name.clone(),
                endpoint_public_access: v.endpoint_public_access,
                endpoint_private_access: v.endpoint_private_access,
                public_access_cidrs: cidrs,
                allow_nat_addresses: false,
                service_ipv4_cidr: service,
                subnets: v.subnet_ids.clone(),
                logging: vec![],
                secrets_encryption: false,
                admin_principal_arns: vec![],
            }
        }
        None => {
            notes.push(
                Diagnostic::new(
                    "N083",
                    format!("{CLUSTER} not collected: endpoint access assumed to be EKS's default (public, from 0.0.0.0/0; private off)"),
                )
                .on("cluster"),
            );
            Cluster {
                name: "CLUSTER-NAME".into(),
                endpoint_public_access: true,
                endpoint_private_access: false,
                public_access_cidrs: vec![any()],
                allow_nat_addresses: false,
                service_ipv4_cidr: default_service_cidr(vpc_cidr),
                subnets: node_list.clone(),
                logging: vec![],
                secrets_encryption: false,
                admin_principal_arns: vec![],
            }
        }
    };
    let cluster_sg = input
        .cluster
        .as_ref()
        .and_then(|c| c.resources_vpc_config.cluster_security_group_id.clone());

    // Endpoints, with the CIDRs their security groups admit TCP 443 from.
    let node_cidrs: Vec<Ipv4Net> = subnets.iter().filter(|s| s.nodes).map(|s| s.cidr).collect();
    let sg_file = input.file(SECURITY_GROUPS);
    let mut endpoints: Vec<VpcEndpoint> = Vec::new();
    let mut eps: Vec<&aws::VpcEndpoint> = input
        .endpoints
        .iter()
        .filter(|e| e.vpc_id == vpc_id)
        .collect();
    eps.sort_by(|a, b| a.vpc_endpoint_id.cmp(&b.vpc_endpoint_id));
    for e in eps {
        let state = e
            .state
            .as_deref()
            .unwrap_or("available")
            .to_ascii_lowercase();
        if state != "available" && state != "pending" {
            continue;
        }
        let kind = match e.vpc_endpoint_type.as_str() {
            "Interface" => EndpointKind::Interface,
            "Gateway" => EndpointKind::Gateway,
            _ => continue,
        };
        let suffix = service_suffix(&e.service_name, &region);
        let known = services::find(suffix);
        // An endpoint of another type than the one eksnet's catalog uses
        // (an Interface s3 endpoint) is kept apart from the catalog one.
        let service = match known {
            Some(k) if k.kind == kind => suffix.to_string(),
            Some(_) => format!("{suffix} ({})", kind.as_str()),
            None => suffix.to_string(),
        };
        if endpoints.iter().any(|x| x.service == service) {
            continue;
        }
        let groups: Vec<String> = e.groups.iter().map(|g| g.group_id.clone()).collect();
        let ingress_cidrs = if kind == EndpointKind::Interface {
            let mut cidrs: Vec<Ipv4Net> = Vec::new();
            for g in &groups {
                let Some(sg) = input.security_groups.iter().find(|s| &s.group_id == g) else {
                    notes.push(
                        Diagnostic::new(
                            "N083",
                            format!("security group {g} of the {service} endpoint is not in {SECURITY_GROUPS}: taken to admit nothing"),
                        )
                        .on(format!("endpoint {service}")),
                    );
                    continue;
                };
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
                    let from_nodes = p
                        .user_id_group_pairs
                        .iter()
                        .any(|pair| pair.group_id.is_some() && pair.group_id == cluster_sg);
                    if from_nodes {
                        for n in &node_cidrs {
                            if !cidrs.contains(n) {
                                cidrs.push(*n);
                            }
                        }
                    }
                }
            }
            Some(cidrs)
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
            subnets: e.subnet_ids.clone(),
            route_tables: e.route_table_ids.clone(),
            private_dns: kind == EndpointKind::Interface && e.private_dns_enabled,
            endpoint_id: Some(e.vpc_endpoint_id.clone()),
            security_groups: groups,
            ingress_cidrs,
        });
    }
    endpoints.sort_by(|a, b| a.service.cmp(&b.service));

    // VPC DNS and DHCP.
    let enable_dns_support = input.dns_support.unwrap_or(true);
    let enable_dns_hostnames = input.dns_hostnames.unwrap_or(true);
    for (v, file, attr) in [
        (input.dns_support, DNS_SUPPORT, "enableDnsSupport"),
        (input.dns_hostnames, DNS_HOSTNAMES, "enableDnsHostnames"),
    ] {
        if v.is_none() {
            notes.push(
                Diagnostic::new(
                    "N083",
                    format!(
                        "{file} not collected: {attr} assumed on (describe-vpcs does not show it)"
                    ),
                )
                .on("vpc"),
            );
        }
    }
    let amazon_provided_dns = match &input.dhcp_options {
        None => {
            notes.push(
                Diagnostic::new(
                    "N083",
                    format!("{DHCP_OPTIONS} not collected: DNS servers not checked"),
                )
                .on("vpc"),
            );
            None
        }
        Some(sets) => sets
            .iter()
            .find(|d| Some(&d.dhcp_options_id) == vpc.dhcp_options_id.as_ref())
            .map(|d| {
                d.dhcp_configurations
                    .iter()
                    .find(|c| c.key == "domain-name-servers")
                    .map_or(true, |c| {
                        c.values.iter().any(|v| v.value == "AmazonProvidedDNS")
                    })
            }),
    };

    // Network ACLs per subnet: the associated one, else the VPC's default.
    let network_acls = match &input.network_acls {
        None => {
            notes.push(
                Diagnostic::new(
                    "N083",
                    format!("{NETWORK_ACLS} not collected: network ACLs not checked"),
                )
                .on("vpc"),
            );
            None
        }
        Some(acls) => {
            let in_vpc: Vec<&aws::NetworkAcl> =
                acls.iter().filter(|a| a.vpc_id == vpc_id).collect();
            let default = in_vpc.iter().find(|a| a.is_default);
            let mut map = BTreeMap::new();
            for s in &subnets {
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
    };

    // The node groups, as one.
    let mut instance_types: Vec<String> = Vec::new();
    let (mut min, mut desired, mut max) = (0, 0, 0);
    for g in &input.nodegroups {
        for t in g.instance_types.iter().flatten() {
            if !instance_types.contains(t) {
                instance_types.push(t.clone());
            }
        }
        if let Some(s) = g.scaling_config {
            min += s.min_size;
            desired += s.desired_size;
            max += s.max_size;
        }
    }
    let max_pods_per_node = if instance_types.is_empty() {
        0
    } else {
        topology::max_pods(&instance_types).0
    };
    let node_group = NodeGroup {
        name: input
            .nodegroups
            .iter()
            .map(|g| g.nodegroup_name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        subnets: if ng_subnets.is_empty() {
            node_list.clone()
        } else {
            ng_subnets
        },
        instance_types,
        min_size: min,
        desired_size: desired,
        max_size: max,
        private_networking: !subnets.iter().any(|s| s.nodes && s.tier == Tier::Public),
        max_pods_per_node,
    };

    let mut azs: Vec<String> = subnets.iter().map(|s| s.az.clone()).collect();
    azs.sort();
    azs.dedup();
    let allocated: u64 = subnets.iter().map(|s| cidr::size(&s.cidr)).sum();
    let total: u64 = std::iter::once(&vpc_cidr)
        .chain(&secondary)
        .map(cidr::size)
        .sum();
    let nat_mode = match nat_gateways.len() {
        0 => NatMode::None,
        1 => NatMode::Single,
        _ => NatMode::PerAz,
    };
    let karpenter_discovery = subnets
        .iter()
        .any(|s| s.tags.contains_key("karpenter.sh/discovery"));
    let topology = Topology {
        source: Source::Imported,
        layout: Layout::Custom,
        name: input
            .cluster
            .as_ref()
            .map_or(vpc_id.clone(), |c| c.name.clone()),
        region,
        partition,
        kubernetes_version: input
            .cluster
            .as_ref()
            .and_then(|c| c.version.clone())
            .unwrap_or_else(|| "unknown".into()),
        architecture: None,
        nat_mode,
        vpc: Vpc {
            id: Some(vpc_id.clone()),
            cidr: vpc_cidr,
            enable_dns_support,
            enable_dns_hostnames,
            unallocated_addresses: total.saturating_sub(allocated),
            secondary_cidrs: secondary,
            amazon_provided_dns,
        },
        availability_zones: azs
            .into_iter()
            .map(|name| Az { name, is_id: false })
            .collect(),
        subnets,
        route_tables,
        internet_gateway: igw.map(|g| Gateway {
            id: Some(g.internet_gateway_id.clone()),
        }),
        nat_gateways,
        transit_gateway: transit.map(|id| TransitGateway {
            id,
            attachment_subnets: vec![],
        }),
        endpoints,
        endpoint_ingress_cidrs: vec![],
        cluster,
        node_group,
        tags: Tags::new(),
        flow_logs: false,
        karpenter_discovery,
    };
    Ok(Imported {
        topology,
        vpc_id,
        cluster_name: input.cluster.as_ref().map(|c| c.name.clone()),
        cluster_security_group: cluster_sg,
        node_subnets_from: from,
        network_acls,
        notes,
        unusable_nats,
    })
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

/// EKS's default service CIDR: 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in 10/8.
fn default_service_cidr(vpc: Ipv4Net) -> Ipv4Net {
    let ten: Ipv4Net = "10.0.0.0/8".parse().expect("literal");
    if ten.contains(&vpc) {
        "172.20.0.0/16".parse().expect("literal")
    } else {
        "10.100.0.0/16".parse().expect("literal")
    }
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
