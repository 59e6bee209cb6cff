//! Spec → Topology: check what was said, complete it with the architecture's
//! defaults, carve the subnets, and lay out routes, gateways and endpoints.
//!
//! Every problem is collected (not just the first); the topology is built
//! whenever the spec is complete enough to build it, so the network rules and
//! the reachability engine can report on it too.

use super::cidr::{self, Request};
use super::model::*;
use crate::aws::{instances, regions, services, versions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::rules;
use crate::spec::{Architecture, Egress, NatMode, Spec, API_VERSION, KIND};
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

/// What planning gives: the topology when it could be built, and everything
/// the rules found.
#[derive(Debug)]
pub struct Plan {
    pub topology: Option<Topology>,
    pub diagnostics: Diagnostics,
}

impl Plan {
    /// The topology, when it was built and no rule found an error.
    pub fn valid(&self) -> Option<&Topology> {
        self.topology
            .as_ref()
            .filter(|_| !self.diagnostics.has_errors())
    }
}

pub fn plan(spec: &Spec) -> Plan {
    let mut d = Diagnostics::default();
    let topology = build(spec, &mut d);
    if let Some(t) = &topology {
        d.extend(rules::check(t));
    }
    d.sort();
    Plan {
        topology,
        diagnostics: d,
    }
}

fn parse_cidr(s: &str, field: &str, d: &mut Diagnostics) -> Option<Ipv4Net> {
    match s.trim().parse::<Ipv4Net>() {
        Ok(n) if n.network() == n.addr() => Some(n),
        Ok(n) => {
            d.push(
                Diagnostic::new(
                    "E010",
                    format!("`{s}` has host bits set; its network is {}", n.trunc()),
                )
                .at(field)
                .fix(format!("write `{}`", n.trunc())),
            );
            None
        }
        Err(_) => {
            let why = if s.contains(':') {
                " (IPv6 is not supported yet)"
            } else {
                ""
            };
            d.push(Diagnostic::new("E010", format!("`{s}` is not an IPv4 CIDR{why}")).at(field));
            None
        }
    }
}

fn build(spec: &Spec, d: &mut Diagnostics) -> Option<Topology> {
    let mut ok = true;
    if spec.api_version != API_VERSION {
        d.push(
            Diagnostic::new(
                "E001",
                format!(
                    "apiVersion is `{}`, expected `{API_VERSION}`",
                    spec.api_version
                ),
            )
            .at("apiVersion"),
        );
        ok = false;
    }
    if spec.kind != KIND {
        d.push(
            Diagnostic::new(
                "E001",
                format!("kind is `{}`, expected `{KIND}`", spec.kind),
            )
            .at("kind"),
        );
        ok = false;
    }
    check_name(&spec.name, d);
    if !versions::is_supported(&spec.kubernetes_version) {
        d.push(
            Diagnostic::new(
                "E024",
                format!(
                    "Kubernetes {} is not supported by EKS; supported: {}",
                    spec.kubernetes_version,
                    versions::list()
                ),
            )
            .at("kubernetesVersion"),
        );
    }
    let region = regions::find(&spec.region);
    if region.is_none() {
        let known: Vec<&str> = regions::REGIONS.iter().map(|r| r.code).collect();
        let hint =
            crate::spec::suggest(&spec.region, &known).map(|k| format!("did you mean `{k}`?"));
        let mut diag =
            Diagnostic::new("E003", format!("unknown region `{}`", spec.region)).at("region");
        if let Some(h) = hint {
            diag = diag.fix(h);
        }
        d.push(diag);
    }
    let region = region?;
    let arch = spec.architecture;

    // Availability zones.
    let azs: Vec<String> = if spec.vpc.availability_zones.is_empty() {
        region.default_azs()
    } else {
        spec.vpc.availability_zones.clone()
    };
    let az_list = check_azs(region, &azs, d);
    ok &= az_list.is_some();

    // VPC CIDR.
    let vpc_cidr = parse_cidr(&spec.vpc.cidr, "vpc.cidr", d);
    if let Some(v) = vpc_cidr {
        if !(16..=28).contains(&v.prefix_len()) {
            d.push(
                Diagnostic::new(
                    "E011",
                    format!("VPC CIDR {v} is /{}; AWS allows /16 to /28", v.prefix_len()),
                )
                .at("vpc.cidr"),
            );
            ok = false;
        }
        if cidr::overlaps(&v, &"172.17.0.0/16".parse().expect("literal")) {
            d.push(
                Diagnostic::new(
                    "W023",
                    format!("VPC CIDR {v} overlaps 172.17.0.0/16, Docker's default bridge network"),
                )
                .at("vpc.cidr"),
            );
        }
    }
    ok &= vpc_cidr.is_some();

    // NAT and egress.
    let nat = match (arch, spec.vpc.nat) {
        (Architecture::PublicPrivate, n) => n.unwrap_or(NatMode::Single),
        (_, None | Some(NatMode::None)) => NatMode::None,
        (a, Some(n)) => {
            d.push(
                Diagnostic::new("E040", format!("`vpc.nat: {}` in a {a} VPC", n.as_str()))
                    .at("vpc.nat"),
            );
            NatMode::None
        }
    };
    let egress = match (arch, spec.vpc.egress) {
        (Architecture::PrivateOnly, e) => e.unwrap_or(Egress::None),
        (_, None) => Egress::None,
        (a, Some(_)) => {
            d.push(
                Diagnostic::new("E041", format!("`vpc.egress` is set in a {a} VPC"))
                    .at("vpc.egress"),
            );
            Egress::None
        }
    };
    let tgw = match (egress, &spec.vpc.transit_gateway_id) {
        (Egress::TransitGateway, Some(id)) if valid_tgw(id) => Some(id.clone()),
        (Egress::TransitGateway, Some(id)) => {
            d.push(
                Diagnostic::new("E042", format!("`{id}` is not a transit gateway ID"))
                    .at("vpc.transitGatewayId"),
            );
            None
        }
        (Egress::TransitGateway, None) => {
            d.push(
                Diagnostic::new(
                    "E042",
                    "`vpc.egress: transit-gateway` without `vpc.transitGatewayId`",
                )
                .at("vpc.egress"),
            );
            None
        }
        (Egress::None, Some(_)) => {
            d.push(
                Diagnostic::new(
                    "E042",
                    "`vpc.transitGatewayId` is set but `vpc.egress` is not transit-gateway",
                )
                .at("vpc.transitGatewayId"),
            );
            None
        }
        (Egress::None, None) => None,
    };

    let service_cidr = check_service_cidr(spec, vpc_cidr, d);
    let endpoint = check_endpoint_access(spec, arch, d);
    let node_sizes_ok = check_node_group(spec, d);
    check_tags(spec, d);
    check_principals(spec, region.partition, d);

    let (az_list, vpc_cidr) = (az_list?, vpc_cidr?);
    let subnets = carve(spec, arch, vpc_cidr, &az_list, d);
    if !ok || !node_sizes_ok {
        return None;
    }
    let (public_cidrs, private_cidrs) = subnets?;
    let service_cidr = service_cidr?;
    let (public_access, private_access, public_access_cidrs) = endpoint?;

    // Subnets, route tables and gateways.
    let mut t_subnets = Vec::new();
    let mut route_tables = Vec::new();
    let mut nat_gateways = Vec::new();
    let nodes_public = arch == Architecture::PublicOnly;
    if !public_cidrs.is_empty() {
        route_tables.push(RouteTable {
            id: "public".into(),
            tier: Tier::Public,
            az: None,
            main: false,
            routes: vec![Route {
                destination: any(),
                target: RouteTarget::InternetGateway,
            }],
        });
    }
    for (az, cidr) in az_list.iter().zip(&public_cidrs) {
        let mut tags = role_tag(Tier::Public);
        if nodes_public && spec.karpenter_discovery {
            tags.insert("karpenter.sh/discovery".into(), spec.name.clone());
        }
        t_subnets.push(Subnet {
            id: format!("public-{}", az.name),
            tier: Tier::Public,
            az: az.name.clone(),
            cidr: *cidr,
            // TRUE on every public subnet, as AWS's templates, eksctl and the
            // CDK do: a node group placed there later must get public IPs
            // (the 2020 change), and NAT gateways need nothing else.
            map_public_ip_on_launch: true,
            route_table: "public".into(),
            tags,
            usable_addresses: cidr::usable(cidr),
            available_addresses: None,
            nodes: nodes_public,
        });
    }
    let nat_azs: Vec<&Az> = match nat {
        NatMode::None => vec![],
        NatMode::Single => az_list.iter().take(1).collect(),
        NatMode::PerAz => az_list.iter().collect(),
    };
    for az in &nat_azs {
        nat_gateways.push(NatGateway {
            id: format!("nat-{}", az.name),
            az: az.name.clone(),
            subnet: Some(format!("public-{}", az.name)),
            public_ip: None,
        });
    }
    for (az, cidr) in az_list.iter().zip(&private_cidrs) {
        let rt = format!("private-{}", az.name);
        let mut routes = Vec::new();
        if let Some(n) = nat_gateways
            .iter()
            .find(|n| n.az == az.name)
            .or(nat_gateways.first())
        {
            routes.push(Route {
                destination: any(),
                target: RouteTarget::NatGateway(n.id.clone()),
            });
        }
        if let Some(id) = &tgw {
            routes.push(Route {
                destination: any(),
                target: RouteTarget::TransitGateway(id.clone()),
            });
        }
        route_tables.push(RouteTable {
            id: rt.clone(),
            tier: Tier::Private,
            az: Some(az.name.clone()),
            main: false,
            routes,
        });
        let mut tags = role_tag(Tier::Private);
        if spec.karpenter_discovery {
            tags.insert("karpenter.sh/discovery".into(), spec.name.clone());
        }
        t_subnets.push(Subnet {
            id: format!("private-{}", az.name),
            tier: Tier::Private,
            az: az.name.clone(),
            cidr: *cidr,
            map_public_ip_on_launch: false,
            route_table: rt,
            tags,
            usable_addresses: cidr::usable(cidr),
            available_addresses: None,
            nodes: !nodes_public,
        });
    }
    let node_subnets: Vec<String> = t_subnets
        .iter()
        .filter(|s| s.nodes)
        .map(|s| s.id.clone())
        .collect();

    let endpoints = plan_endpoints(spec, region, arch, egress, nat, &t_subnets, d);
    let has_interface = endpoints.iter().any(|e| e.kind == EndpointKind::Interface);

    let allocated: u64 = t_subnets.iter().map(|s| cidr::size(&s.cidr)).sum();
    let open_to_all = public_access_cidrs.iter().any(|c| c.prefix_len() == 0);
    let allow_nat_addresses =
        public_access && !private_access && !open_to_all && !nat_gateways.is_empty();
    if allow_nat_addresses {
        d.push(
            Diagnostic::new(
                "N035",
                format!(
                    "the Elastic IPs of {} NAT gateway(s) are added to the public endpoint's CIDRs",
                    nat_gateways.len()
                ),
            )
            .at("endpointAccess.publicCidrs"),
        );
    }
    let (max_pods, unknown) = max_pods(&spec.node_group.instance_types);
    for t in unknown {
        d.push(
            Diagnostic::new(
                "N067",
                format!(
                    "`{t}` is not in eksnet's ENI table; assuming {} pods per node",
                    instances::UNKNOWN_MAX_PODS
                ),
            )
            .at("nodeGroup.instanceTypes"),
        );
    }
    Some(Topology {
        source: Source::Planned,
        name: spec.name.clone(),
        region: spec.region.clone(),
        partition: region.partition.to_string(),
        kubernetes_version: spec.kubernetes_version.clone(),
        architecture: Some(arch),
        nat_mode: nat,
        vpc: Vpc {
            id: None,
            cidr: vpc_cidr,
            enable_dns_support: true,
            enable_dns_hostnames: true,
            unallocated_addresses: cidr::size(&vpc_cidr).saturating_sub(allocated),
            secondary_cidrs: vec![],
            amazon_provided_dns: None,
        },
        internet_gateway: arch.has_public_subnets().then_some(Gateway { id: None }),
        transit_gateway: tgw.map(|id| TransitGateway {
            id,
            attachment_subnets: t_subnets
                .iter()
                .filter(|s| s.tier == Tier::Private)
                .map(|s| s.id.clone())
                .collect(),
        }),
        availability_zones: az_list,
        endpoint_ingress_cidrs: if has_interface {
            vec![vpc_cidr]
        } else {
            vec![]
        },
        endpoints,
        cluster: Cluster {
            name: spec.name.clone(),
            endpoint_public_access: public_access,
            endpoint_private_access: private_access,
            public_access_cidrs,
            allow_nat_addresses,
            service_ipv4_cidr: service_cidr,
            subnets: node_subnets.clone(),
            logging: {
                let mut l = spec.control_plane_logging.clone();
                l.sort();
                l.dedup();
                l
            },
            secrets_encryption: spec.secrets_encryption,
            admin_principal_arns: spec.admin_principal_arns.clone(),
        },
        node_group: NodeGroup {
            name: node_group_name(&spec.name),
            subnets: node_subnets,
            instance_types: spec.node_group.instance_types.clone(),
            min_size: spec.node_group.min_size,
            desired_size: spec.node_group.desired_size,
            max_size: spec.node_group.max_size,
            private_networking: !nodes_public,
            max_pods_per_node: max_pods,
        },
        subnets: t_subnets,
        route_tables,
        nat_gateways,
        tags: spec.tags.clone(),
        flow_logs: spec.flow_logs,
        karpenter_discovery: spec.karpenter_discovery,
    })
}

pub fn node_group_name(cluster: &str) -> String {
    format!("{cluster}-nodes")
}

fn any() -> Ipv4Net {
    "0.0.0.0/0".parse().expect("literal")
}

fn role_tag(tier: Tier) -> Tags {
    let key = match tier {
        Tier::Public => "kubernetes.io/role/elb",
        Tier::Private => "kubernetes.io/role/internal-elb",
    };
    BTreeMap::from([(key.to_string(), "1".to_string())])
}

fn valid_tgw(id: &str) -> bool {
    id.strip_prefix("tgw-").is_some_and(|h| {
        (h.len() == 8 || h.len() == 17)
            && h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    })
}

fn check_name(name: &str, d: &mut Diagnostics) {
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !first_ok || !rest_ok || name.len() > 100 {
        let why = if name.is_empty() {
            "the cluster name is empty".to_string()
        } else if name.len() > 100 {
            format!(
                "the cluster name is {} characters long (at most 100)",
                name.len()
            )
        } else {
            format!("the cluster name {name:?} has characters EKS does not allow")
        };
        d.push(Diagnostic::new("E002", why).at("name"));
        return;
    }
    let ng = node_group_name(name);
    if ng.len() > 63 {
        d.push(
            Diagnostic::new(
                "E070",
                format!(
                    "the node group name `{ng}` would be {} characters (at most 63)",
                    ng.len()
                ),
            )
            .at("name")
            .fix("use a cluster name of at most 57 characters"),
        );
    }
}

fn check_azs(region: &regions::Region, azs: &[String], d: &mut Diagnostics) -> Option<Vec<Az>> {
    let mut ok = true;
    if !(2..=6).contains(&azs.len()) {
        d.push(
            Diagnostic::new(
                "E004",
                format!("{} availability zone(s) given; EKS needs 2 to 6", azs.len()),
            )
            .at("vpc.availabilityZones"),
        );
        ok = false;
    }
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    for (i, az) in azs.iter().enumerate() {
        let field = format!("vpc.availabilityZones[{i}]");
        if azs[..i].contains(az) {
            d.push(Diagnostic::new("E006", format!("`{az}` is listed twice")).at(field));
            ok = false;
            continue;
        }
        match region.classify(az) {
            regions::AzKind::Foreign => {
                d.push(
                    Diagnostic::new("E005", format!("`{az}` is not a zone of {}", region.code))
                        .at(field)
                        .fix(format!("use one of {}", region.az_names().join(", "))),
                );
                ok = false;
            }
            kind => {
                let is_id = kind == regions::AzKind::Id;
                if is_id && regions::UNSUPPORTED_AZ_IDS.contains(&az.as_str()) {
                    d.push(
                        Diagnostic::new("E007", format!("EKS does not support the zone {az}"))
                            .at(field),
                    );
                    ok = false;
                }
                kinds.push(is_id);
                out.push(Az {
                    name: az.clone(),
                    is_id,
                });
            }
        }
    }
    if kinds.iter().any(|k| *k) && kinds.iter().any(|k| !*k) {
        d.push(
            Diagnostic::new("E008", "availability zones mix names and IDs")
                .at("vpc.availabilityZones"),
        );
        ok = false;
    }
    ok.then_some(out)
}

type Carved = (Vec<Ipv4Net>, Vec<Ipv4Net>);

/// Public and private subnet CIDRs in AZ order (empty for a tier the
/// architecture does not have).
fn carve(
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

fn check_service_cidr(spec: &Spec, vpc: Option<Ipv4Net>, d: &mut Diagnostics) -> Option<Ipv4Net> {
    let field = "serviceIpv4Cidr";
    let svc = match &spec.service_ipv4_cidr {
        Some(s) => parse_cidr(s, field, d)?,
        None => {
            let ten: Ipv4Net = "10.0.0.0/8".parse().expect("literal");
            let default = if vpc.is_some_and(|v| ten.contains(&v)) {
                "172.20.0.0/16"
            } else {
                "10.100.0.0/16"
            };
            default.parse().expect("literal")
        }
    };
    let private: [Ipv4Net; 3] =
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(|s| s.parse().expect("literal"));
    let mut ok = true;
    if !private.iter().any(|p| p.contains(&svc)) {
        d.push(
            Diagnostic::new(
                "E020",
                format!(
                    "service CIDR {svc} is outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16"
                ),
            )
            .at(field),
        );
        ok = false;
    }
    if !(12..=24).contains(&svc.prefix_len()) {
        d.push(
            Diagnostic::new(
                "E021",
                format!(
                    "service CIDR {svc} is /{}; EKS allows /12 to /24",
                    svc.prefix_len()
                ),
            )
            .at(field),
        );
        ok = false;
    }
    if let Some(v) = vpc {
        if cidr::overlaps(&v, &svc) {
            d.push(
                Diagnostic::new("E022", format!("service CIDR {svc} overlaps the VPC {v}"))
                    .at(field),
            );
            ok = false;
        }
    }
    ok.then_some(svc)
}

type Access = (bool, bool, Vec<Ipv4Net>);

fn check_endpoint_access(spec: &Spec, arch: Architecture, d: &mut Diagnostics) -> Option<Access> {
    let e = &spec.endpoint_access;
    let public = e.public.unwrap_or(arch != Architecture::FullyPrivate);
    let private = e.private.unwrap_or(true);
    let mut ok = true;
    if !public && !private {
        d.push(
            Diagnostic::new("E030", "endpoint access is off both publicly and privately")
                .at("endpointAccess"),
        );
        ok = false;
    }
    if public && !private && !arch.has_public_subnets() {
        // private-only and fully-private: no internet gateway, so the nodes'
        // only way to the API is the private endpoint (EKS guide, private clusters).
        d.push(
            Diagnostic::new("E032", format!("private access is off in a {arch} VPC"))
                .at("endpointAccess.private"),
        );
        ok = false;
    }
    if public && arch == Architecture::FullyPrivate {
        d.push(
            Diagnostic::new(
                "E031",
                "the public endpoint is on in a fully private cluster",
            )
            .at("endpointAccess.public"),
        );
        ok = false;
    }
    let mut cidrs = Vec::new();
    for (i, c) in e.public_cidrs.iter().enumerate() {
        match parse_cidr(c, &format!("endpointAccess.publicCidrs[{i}]"), d) {
            Some(n) => cidrs.push(n),
            None => ok = false,
        }
    }
    if !public && !e.public_cidrs.is_empty() {
        d.push(
            Diagnostic::new(
                "E036",
                "`publicCidrs` is set but the public endpoint is off",
            )
            .at("endpointAccess.publicCidrs"),
        );
        ok = false;
    }
    // Default to 0.0.0.0/0 only when none were given (not when the given
    // ones failed to parse: E010 says so, and W033 would be false).
    if public && e.public_cidrs.is_empty() {
        cidrs.push(any());
    }
    if !public {
        cidrs.clear();
    }
    if cidrs.iter().any(|c| c.prefix_len() == 0) {
        d.push(
            Diagnostic::new("W033", "the public endpoint admits 0.0.0.0/0")
                .at("endpointAccess.publicCidrs"),
        );
    }
    ok.then_some((public, private, cidrs))
}

fn check_node_group(spec: &Spec, d: &mut Diagnostics) -> bool {
    let g = &spec.node_group;
    let mut ok = true;
    if !(g.min_size <= g.desired_size && g.desired_size <= g.max_size && g.max_size >= 1) {
        d.push(
            Diagnostic::new(
                "E068",
                format!(
                    "minSize {} ≤ desiredSize {} ≤ maxSize {} does not hold (maxSize ≥ 1)",
                    g.min_size, g.desired_size, g.max_size
                ),
            )
            .at("nodeGroup"),
        );
        ok = false;
    }
    if g.instance_types.is_empty() || g.instance_types.len() > 20 {
        d.push(
            Diagnostic::new(
                "E069",
                format!(
                    "{} instance types given; a node group takes 1 to 20",
                    g.instance_types.len()
                ),
            )
            .at("nodeGroup.instanceTypes"),
        );
        ok = false;
    }
    for (i, t) in g.instance_types.iter().enumerate() {
        let valid = t.split_once('.').is_some_and(|(fam, size)| {
            !fam.is_empty()
                && !size.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        });
        if !valid {
            d.push(
                Diagnostic::new("E069", format!("`{t}` is not an instance type"))
                    .at(format!("nodeGroup.instanceTypes[{i}]")),
            );
            ok = false;
        }
    }
    ok
}

fn check_tags(spec: &Spec, d: &mut Diagnostics) {
    // Room for the tags eksnet adds itself: Name, a role tag and Karpenter's.
    if spec.tags.len() > 47 {
        d.push(
            Diagnostic::new(
                "E071",
                format!(
                    "{} tags given; with eksnet's own at most 47 fit in AWS's 50",
                    spec.tags.len()
                ),
            )
            .at("tags"),
        );
    }
    for (k, v) in &spec.tags {
        let field = format!("tags.{k}");
        if k.is_empty() || k.chars().count() > 128 {
            d.push(
                Diagnostic::new("E071", format!("tag key {k:?} must be 1 to 128 characters"))
                    .at(field),
            );
        } else if k.to_ascii_lowercase().starts_with("aws:") {
            d.push(
                Diagnostic::new(
                    "E071",
                    format!("tag key {k:?} uses the reserved prefix `aws:`"),
                )
                .at(field),
            );
        } else if v.chars().count() > 256 {
            d.push(
                Diagnostic::new(
                    "E071",
                    format!("the value of tag {k:?} is longer than 256 characters"),
                )
                .at(field),
            );
        } else if let Some(c) = k.chars().find(|&c| !tag_char(c)) {
            d.push(bad_tag_char(format!("tag key {k:?}"), c).at(field));
        } else if let Some(c) = v.chars().find(|&c| !tag_char(c)) {
            d.push(bad_tag_char(format!("the value of tag {k:?}"), c).at(field));
        } else if k == "Name" {
            d.push(
                Diagnostic::new("E071", "the `Name` tag is set by eksnet for each resource")
                    .at(field)
                    .fix("remove the `Name` tag"),
            );
        }
    }
}

/// Whether AWS accepts `c` in a tag key or value: the IAM and EC2 APIs
/// take `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, and CloudFormation validates IAM role
/// tags against it, so one tag list that every resource can carry keeps to it.
fn tag_char(c: char) -> bool {
    static ALLOWED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = ALLOWED.get_or_init(|| {
        regex::Regex::new(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]$").expect("a valid pattern")
    });
    re.is_match(c.encode_utf8(&mut [0; 4]))
}

fn bad_tag_char(what: String, c: char) -> Diagnostic {
    Diagnostic::new(
        "E071",
        format!(
            "{what} holds {c:?} (U+{:04X}), which AWS does not accept in tags",
            c as u32
        ),
    )
    .fix("use only letters, digits, spaces and _ . : / = + - @")
}

fn check_principals(spec: &Spec, partition: &str, d: &mut Diagnostics) {
    for (i, arn) in spec.admin_principal_arns.iter().enumerate() {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let ok = parts.len() == 6
            && parts[0] == "arn"
            && parts[1] == partition
            && parts[2] == "iam"
            && parts[3].is_empty()
            && parts[4].len() == 12
            && parts[4].chars().all(|c| c.is_ascii_digit())
            && (parts[5].starts_with("role/") || parts[5].starts_with("user/"))
            && parts[5].len() > 5
            && !arn.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            d.push(
                Diagnostic::new(
                    "E073",
                    format!("`{arn}` is not an IAM role or user ARN of partition {partition}"),
                )
                .at(format!("adminPrincipalArns[{i}]")),
            );
        }
    }
}

fn plan_endpoints(
    spec: &Spec,
    region: &regions::Region,
    arch: Architecture,
    egress: Egress,
    nat: NatMode,
    subnets: &[Subnet],
    d: &mut Diagnostics,
) -> Vec<VpcEndpoint> {
    // Node subnets without a default route need PrivateLink to pull images:
    // fully private, private-only without egress, public-private without NAT.
    let no_internet = arch == Architecture::FullyPrivate
        || (arch == Architecture::PrivateOnly && egress == Egress::None)
        || (arch == Architecture::PublicPrivate && nat == NatMode::None);
    let required: &[&str] = if no_internet {
        services::REQUIRED_WITHOUT_EGRESS
    } else {
        &[]
    };
    let mut wanted: BTreeMap<&str, bool> = BTreeMap::new();
    for r in required {
        wanted.insert(r, true);
    }
    for (i, x) in spec.private_link_exclude.iter().enumerate() {
        let field = format!("privateLinkExclude[{i}]");
        if wanted.remove(x.as_str()).is_some() {
            d.push(
                Diagnostic::new(
                    "W051",
                    format!(
                        "`{x}` is excluded: {}",
                        services::find(x).map_or("", |s| s.reason)
                    ),
                )
                .at(field),
            );
        } else if services::find(x).is_none() {
            d.push(Diagnostic::new("E050", format!("unknown PrivateLink service `{x}`")).at(field));
        } else {
            d.push(
                Diagnostic::new(
                    "W052",
                    format!("`{x}` is not in the {arch} architecture's required set"),
                )
                .at(field),
            );
        }
    }
    for (i, x) in spec.private_link.iter().enumerate() {
        let field = format!("privateLink[{i}]");
        match services::find(x) {
            None => d.push(
                Diagnostic::new("E050", format!("unknown PrivateLink service `{x}`"))
                    .at(field)
                    .fix(format!(
                        "use one of: {}",
                        services::CATALOG
                            .iter()
                            .map(|s| s.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            ),
            Some(s) if s.key == "eks" && !region.eks_private_link => {
                d.push(
                    Diagnostic::new(
                        "E053",
                        format!("the eks endpoint is not offered in {}", region.code),
                    )
                    .at(field),
                );
            }
            Some(s) if spec.private_link_exclude.iter().any(|e| e == s.key) => {}
            Some(s) => {
                wanted.entry(s.key).or_insert(false);
            }
        }
    }
    let node_subnets: Vec<&Subnet> = subnets.iter().filter(|s| s.nodes).collect();
    let mut route_tables: Vec<String> =
        node_subnets.iter().map(|s| s.route_table.clone()).collect();
    route_tables.dedup();
    wanted
        .into_iter()
        .filter_map(|(key, required)| services::find(key).map(|s| (s, required)))
        .map(|(s, required)| VpcEndpoint {
            service: s.key.to_string(),
            service_name: services::service_name(s, region.code, region.partition),
            kind: s.kind,
            reason: s.reason.to_string(),
            required,
            subnets: if s.kind == EndpointKind::Interface {
                node_subnets.iter().map(|n| n.id.clone()).collect()
            } else {
                vec![]
            },
            route_tables: if s.kind == EndpointKind::Gateway {
                route_tables.clone()
            } else {
                vec![]
            },
            private_dns: s.kind == EndpointKind::Interface,
            endpoint_id: None,
            security_groups: vec![],
            ingress_cidrs: None,
        })
        .collect()
}

/// Max pods per node for the node group (its largest instance type: the
/// most addresses one node can take), and the types eksnet has no ENI
/// figures for.
pub fn max_pods(types: &[String]) -> (u32, Vec<String>) {
    let mut unknown = Vec::new();
    let mut most = 0;
    for t in types {
        let p = instances::max_pods(t).unwrap_or_else(|| {
            unknown.push(t.clone());
            instances::UNKNOWN_MAX_PODS
        });
        most = most.max(p);
    }
    (most, unknown)
}
