//! Spec → Topology: check what was said, complete it with the architecture's
//! defaults, carve the subnets, and lay out routes, gateways and endpoints.
//!
//! Every problem is collected (not just the first); the topology is built
//! whenever the spec is complete enough to build it, so the network checks
//! and the reachability engine can report on it too.

use super::build::{lay_out, Settled};
use super::carve::carve;
use super::checks::{
    check_ami_type, check_azs, check_endpoint_access, check_name, check_node_group,
    check_principals, check_service_cidr, check_tags, valid_tgw,
};
use super::cidr;
use super::limits;
use super::lock::{Lock, Replacement};
use super::model::*;
use super::network_checks;
use super::pods;
use crate::aws::{regions, versions};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Architecture, Egress, IpFamily, NatMode, Spec, API_VERSION, KIND};
use ipnet::Ipv4Net;

/// What planning gives: the topology when it could be built, and everything
/// the rules found.
#[derive(Debug)]
pub struct Plan {
    pub topology: Option<Topology>,
    pub diagnostics: Diagnostics,
    /// Subnets of the lock that this plan moves or deletes (none without a
    /// lock): `generate` refuses them unless told to replace them.
    pub replacements: Vec<Replacement>,
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
    plan_locked(spec, None)
}

/// `plan`, keeping the subnets of `lock` where they are: the new ones are
/// placed around them, and those that cannot stay are the plan's
/// replacements.
pub fn plan_locked(spec: &Spec, lock: Option<&Lock>) -> Plan {
    let mut d = Diagnostics::default();
    let mut replacements = Vec::new();
    let topology = build(spec, lock, &mut replacements, &mut d);
    if let Some(t) = &topology {
        d.extend(network_checks::check(t));
    }
    d.sort();
    Plan {
        topology,
        diagnostics: d,
        replacements,
    }
}

/// Check every value of the spec, then lay out the network when nothing
/// that it needs is wrong.
fn build(
    spec: &Spec,
    lock: Option<&Lock>,
    replaced: &mut Vec<Replacement>,
    d: &mut Diagnostics,
) -> Option<Topology> {
    let mut ok = check_header(spec, d);
    check_name(&spec.name, d);
    check_version(&spec.kubernetes_version, d);
    let region = find_region(&spec.region, d)?;
    let arch = spec.architecture;

    let azs = availability_zones(spec, region, d);
    ok &= azs.is_some();
    if let Some(azs) = &azs {
        limits::check_az_names(region, azs, d);
    }
    let vpc_cidr = vpc_cidr(&spec.vpc.cidr, d);
    ok &= vpc_cidr.is_some_and(|(_, fits)| fits);
    let vpc_cidr = vpc_cidr.map(|(v, _)| v);

    let nat = nat_mode(arch, spec.vpc.nat, d);
    limits::check_nat_addresses(nat, azs.as_ref().map_or(0, Vec::len), d);
    let egress = egress(arch, spec.vpc.egress, d);
    let tgw = transit_gateway(egress, spec.vpc.transit_gateway_id.as_deref(), d);
    let behind_tgw = super::transit::networks(spec, egress, vpc_cidr, d);

    // An IPv6 cluster has no IPv4 service CIDR: EKS assigns an IPv6 range.
    let service_cidr = match spec.ip_family {
        IpFamily::Ipv4 => check_service_cidr(spec, vpc_cidr, d).map(Some),
        IpFamily::Ipv6 => {
            super::ipv6::check(spec, region, egress, d);
            Some(None)
        }
    };
    let others = pods::Others {
        vpc: vpc_cidr,
        service: service_cidr.flatten(),
        behind_tgw: &behind_tgw,
    };
    let pod_ask = pods::check(spec, &others, azs.as_deref(), d);
    ok &= pod_ask.is_ok();
    let access = check_endpoint_access(spec, arch, d);
    let node_sizes_ok = check_node_group(spec, d);
    let ami_type = check_ami_type(spec, d);
    check_tags(spec, d);
    super::addons::check(spec, d);
    check_principals(spec, region.partition, d);
    limits::check_duplicate_principals(spec, d);
    limits::check_cluster_admins(spec, d);
    limits::check_tag_case(spec, d);

    let (azs, vpc_cidr) = (azs?, vpc_cidr?);
    let mut carved = carve(spec, arch, vpc_cidr, &azs, lock, replaced, d);
    let pod_ask = pod_ask.ok()?;
    let pod_cidrs = pods::carve(pod_ask.as_ref(), &azs, lock, replaced, d);
    if let (Some(c), Some(p)) = (carved.as_mut(), pod_cidrs) {
        c.pod = p;
    } else {
        carved = None;
    }
    if !ok || !node_sizes_ok || ami_type.is_none() {
        return None;
    }
    let settled = Settled {
        spec,
        region,
        arch,
        nat,
        egress,
        tgw,
        azs,
        vpc_cidr,
        carved: carved?,
        service_cidr: service_cidr?,
        access: access?,
        ami_type: ami_type?,
        pods: pod_ask,
    };
    let t = lay_out(settled, d);
    limits::check_access_list_size(&t, d);
    Some(t)
}

/// `apiVersion` and `kind` name this format.
fn check_header(spec: &Spec, d: &mut Diagnostics) -> bool {
    let mut ok = true;
    if spec.api_version != API_VERSION {
        d.push(
            Diagnostic::new(
                Code::E001,
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
                Code::E001,
                format!("kind is `{}`, expected `{KIND}`", spec.kind),
            )
            .at("kind"),
        );
        ok = false;
    }
    ok
}

fn check_version(version: &str, d: &mut Diagnostics) {
    if !versions::is_supported(version) {
        d.push(
            Diagnostic::new(
                Code::E024,
                format!(
                    "Kubernetes {version} is not supported by EKS; supported: {}",
                    versions::list()
                ),
            )
            .at("kubernetesVersion"),
        );
    }
    limits::check_version_support(version, d);
}

fn find_region(code: &str, d: &mut Diagnostics) -> Option<&'static regions::Region> {
    let region = regions::find(code);
    if region.is_none() {
        let known: Vec<&str> = regions::REGIONS.iter().map(|r| r.code).collect();
        let hint = crate::spec::suggest(code, &known).map(|k| format!("did you mean `{k}`?"));
        let mut diag = Diagnostic::new(Code::E003, format!("unknown region `{code}`")).at("region");
        if let Some(h) = hint {
            diag = diag.fix(h);
        }
        d.push(diag);
    }
    region
}

/// The spec's zones, or the region's first three.
fn availability_zones(
    spec: &Spec,
    region: &regions::Region,
    d: &mut Diagnostics,
) -> Option<Vec<Az>> {
    let azs: Vec<String> = if spec.vpc.availability_zones.is_empty() {
        region.default_azs()
    } else {
        spec.vpc.availability_zones.clone()
    };
    check_azs(region, &azs, d)
}

/// The VPC CIDR, and whether its size is one AWS allows.
fn vpc_cidr(s: &str, d: &mut Diagnostics) -> Option<(Ipv4Net, bool)> {
    let v = cidr::parse(s, "vpc.cidr", d)?;
    let usable = limits::check_vpc_range(&v, d);
    let sized = (16..=28).contains(&v.prefix_len());
    if !sized {
        d.push(
            Diagnostic::new(
                Code::E011,
                format!("VPC CIDR {v} is /{}; AWS allows /16 to /28", v.prefix_len()),
            )
            .at("vpc.cidr"),
        );
    }
    if cidr::overlaps(&v, &cidr::DOCKER_BRIDGE) {
        d.push(
            Diagnostic::new(
                Code::W023,
                format!("VPC CIDR {v} overlaps 172.17.0.0/16, Docker's default bridge network"),
            )
            .at("vpc.cidr"),
        );
    }
    Some((v, sized && usable))
}

/// NAT gateways exist only in public-private, one by default.
fn nat_mode(arch: Architecture, nat: Option<NatMode>, d: &mut Diagnostics) -> NatMode {
    match (arch, nat) {
        (Architecture::PublicPrivate, n) => n.unwrap_or(NatMode::Single),
        (_, None | Some(NatMode::None)) => NatMode::None,
        (a, Some(n)) => {
            d.push(
                Diagnostic::new(
                    Code::E040,
                    format!("`vpc.nat: {}` in a {a} VPC", n.as_str()),
                )
                .at("vpc.nat"),
            );
            NatMode::None
        }
    }
}

/// Where private-only sends 0.0.0.0/0; no other architecture chooses.
fn egress(arch: Architecture, egress: Option<Egress>, d: &mut Diagnostics) -> Egress {
    match (arch, egress) {
        (Architecture::PrivateOnly, e) => e.unwrap_or(Egress::None),
        (_, None) => Egress::None,
        (a, Some(_)) => {
            d.push(
                Diagnostic::new(Code::E041, format!("`vpc.egress` is set in a {a} VPC"))
                    .at("vpc.egress"),
            );
            Egress::None
        }
    }
}

/// The transit gateway's ID, given exactly when egress goes to one.
fn transit_gateway(egress: Egress, id: Option<&str>, d: &mut Diagnostics) -> Option<String> {
    let problem = match (egress, id) {
        (Egress::TransitGateway, Some(id)) if valid_tgw(id) => return Some(id.to_string()),
        (Egress::TransitGateway, Some(id)) => (
            format!("`{id}` is not a transit gateway ID"),
            "vpc.transitGatewayId",
        ),
        (Egress::TransitGateway, None) => (
            "`vpc.egress: transit-gateway` without `vpc.transitGatewayId`".to_string(),
            "vpc.egress",
        ),
        (Egress::None, Some(_)) => (
            "`vpc.transitGatewayId` is set but `vpc.egress` is not transit-gateway".to_string(),
            "vpc.transitGatewayId",
        ),
        (Egress::None, None) => return None,
    };
    d.push(Diagnostic::new(Code::E042, problem.0).at(problem.1));
    None
}
