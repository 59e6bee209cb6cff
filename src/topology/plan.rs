//! Spec → Topology: check what was said, complete it with the architecture's
//! defaults, carve the subnets, and lay out routes, gateways and endpoints.
//!
//! Every problem is collected (not just the first); the topology is built
//! whenever the spec is complete enough to build it, so the network rules and
//! the reachability engine can report on it too.

use super::carve::carve;
use super::checks::{
    check_azs, check_endpoint_access, check_name, check_node_group, check_principals,
    check_service_cidr, check_tags, valid_tgw,
};
use super::cidr;
use super::endpoints::{max_pods, plan_endpoints};
use super::model::*;
use super::names::node_group_name;
use super::network_checks;
use crate::aws::{instances, regions, versions};
use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::{Architecture, Egress, NatMode, Spec, API_VERSION, KIND};
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
        d.extend(network_checks::check(t));
    }
    d.sort();
    Plan {
        topology,
        diagnostics: d,
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
    let vpc_cidr = cidr::parse(&spec.vpc.cidr, "vpc.cidr", d);
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
        if cidr::overlaps(&v, &cidr::DOCKER_BRIDGE) {
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
    let carved = subnets?;
    let (public_cidrs, private_cidrs) = (carved.public, carved.private);
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
                destination: cidr::ANY,
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
                destination: cidr::ANY,
                target: RouteTarget::NatGateway(n.id.clone()),
            });
        }
        if let Some(id) = &tgw {
            routes.push(Route {
                destination: cidr::ANY,
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
    let open_to_all = public_access_cidrs.iter().any(cidr::is_any);
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

fn role_tag(tier: Tier) -> Tags {
    let key = match tier {
        Tier::Public => "kubernetes.io/role/elb",
        Tier::Private => "kubernetes.io/role/internal-elb",
    };
    BTreeMap::from([(key.to_string(), "1".to_string())])
}
