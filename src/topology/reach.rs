//! Reachability: the path a node in each node subnet takes to what it needs.
//!
//! 1. The cluster API endpoint (to register: required to join).
//! 2. ECR and S3 (to pull the images every node runs: required to join).
//! 3. STS, and eks-auth with Pod Identity (pod credentials: wanted).
//! 4. The AWS services the cluster's add-ons call (wanted).
//!
//! It follows the model as AWS would: the subnet's route table, its default
//! route, whether the node gets a public IP, the NAT gateway's own route, the
//! endpoint access settings, VPC DNS, and the VPC endpoints. It reads only the
//! Topology, so it works the same on a planned and an imported network.

use super::cidr;
use super::model::*;
use crate::diag::{Code, Diagnostic};
use serde::Serialize;

/// One step of a path as data, for readers that draw it (diagrams) rather
/// than print it: each names the model object it passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hop {
    /// A subnet of the topology, by `id`.
    Subnet(String),
    /// The VPC's implicit `local` route.
    LocalRoute,
    InternetGateway,
    /// A NAT gateway, by `id`.
    NatGateway(String),
    /// A transit gateway, by its ID.
    TransitGateway(String),
    /// The EKS-managed ENIs of the private API endpoint.
    PrivateEndpoint,
    /// The public API endpoint.
    PublicEndpoint,
    /// A VPC endpoint, by service (`ecr.api`, `s3`).
    VpcEndpoint(String),
    /// AWS services' public endpoints, over the internet.
    AwsPublicServices,
}

/// Hops as text and as data. One text hop may name several data hops
/// ("ecr.api interface endpoint + s3 gateway endpoint").
#[derive(Debug, Clone, Default)]
struct Trail {
    text: Vec<String>,
    via: Vec<Hop>,
}

impl Trail {
    fn start(s: &Subnet) -> Trail {
        let mut t = Trail::default();
        t.push(
            format!("{} subnet {} ({})", s.tier.as_str(), s.id, s.az),
            Hop::Subnet(s.id.clone()),
        );
        t
    }
    fn push(&mut self, text: impl Into<String>, hop: Hop) {
        self.text.push(text.into());
        self.via.push(hop);
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    pub ok: bool,
    /// Each step, e.g. "0.0.0.0/0 → NAT gateway nat-us-west-2a".
    pub hops: Vec<String>,
    /// The same steps as data (the last one reached, when the path is broken).
    #[serde(skip)]
    pub via: Vec<Hop>,
    /// Why there is no path (when `ok` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The rule a missing path breaks.
    #[serde(skip)]
    pub code: Option<Code>,
    /// What breaks it, in terms a fix can act on (`doctor` turns these into
    /// AWS CLI commands). Not serialized: `problem` says it in words.
    #[serde(skip)]
    pub causes: Vec<Cause>,
}

/// One thing that breaks a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The route table has no 0.0.0.0/0 route.
    NoDefaultRoute { route_table: String },
    /// The default route points at an internet gateway the VPC lacks.
    NoInternetGateway { route_table: String },
    /// 0.0.0.0/0 goes to the internet gateway but the subnet gives no public IPs.
    NoPublicIp { subnet: String },
    /// The default route points at a NAT gateway that does not exist (or is
    /// not usable): `route_table`'s 0.0.0.0/0 should be replaced.
    MissingNat { route_table: String, nat: String },
    /// The NAT gateway has no way to the internet itself.
    NatWithoutInternet { nat: String },
    /// The default route goes somewhere eksnet cannot follow.
    Unfollowable { route_table: String, target: String },
    /// Public and private endpoint access are both off.
    EndpointAccessOff,
    /// Private access is on but the VPC's DNS attributes are not both on.
    VpcDnsOff,
    /// Private access is off and the public endpoint does not admit the
    /// address node traffic leaves with (a NAT gateway's, when known).
    PublicCidrs { nat: Option<String> },
    /// A VPC endpoint the path needs is missing or unusable.
    Endpoint {
        service: String,
        problem: EndpointProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointProblem {
    Missing,
    PrivateDnsOff,
    /// Its security groups do not admit TCP 443 from the subnet.
    IngressBlocked {
        subnet: String,
    },
    /// A gateway endpoint not on the subnet's route table.
    NotOnRouteTable {
        route_table: String,
    },
}

impl Path {
    fn ok(t: Trail) -> Path {
        Path {
            ok: true,
            hops: t.text,
            via: t.via,
            problem: None,
            code: None,
            causes: vec![],
        }
    }
    fn broken(code: Code, t: Trail, problem: impl Into<String>, causes: Vec<Cause>) -> Path {
        Path {
            ok: false,
            hops: t.text,
            via: t.via,
            problem: Some(problem.into()),
            code: Some(code),
            causes,
        }
    }
    /// "a → b → c", or "a → ✗ problem".
    pub fn describe(&self) -> String {
        let mut s = self.hops.join(" → ");
        if let Some(p) = &self.problem {
            if !s.is_empty() {
                s.push_str(" → ");
            }
            s.push_str("✗ ");
            s.push_str(p);
        }
        s
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetReach {
    pub subnet: String,
    pub az: String,
    pub api: Path,
    pub images: Path,
    pub credentials: Path,
    /// The AWS services the cluster's add-ons call beyond those above
    /// (none: no such add-on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addons: Option<Path>,
    /// What `credentials` covers: "STS", or "STS + eks-auth" with Pod Identity.
    #[serde(skip)]
    pub credentials_label: &'static str,
}

impl SubnetReach {
    /// The paths with the label reports print beside each.
    pub fn paths(&self) -> Vec<(&'static str, &Path)> {
        let mut out = vec![
            ("API endpoint", &self.api),
            ("ECR + S3", &self.images),
            (self.credentials_label, &self.credentials),
        ];
        if let Some(a) = &self.addons {
            out.push((ADDONS_LABEL, a));
        }
        out
    }
}

/// The label of the add-on services' path.
pub const ADDONS_LABEL: &str = "add-on APIs";

/// The services pods take credentials from: STS (IRSA), and eks-auth when
/// the cluster runs EKS Pod Identity.
fn credential_services(t: &Topology) -> (&'static str, Vec<(&'static str, bool)>) {
    if t.addons.contains(&crate::spec::Addon::PodIdentity) {
        ("STS + eks-auth", vec![("sts", false), ("eks-auth", false)])
    } else {
        ("STS", vec![("sts", false)])
    }
}

/// The services the add-ons call that no other path covers, each once.
fn addon_services(t: &Topology) -> Vec<(&'static str, bool)> {
    let covered = ["ec2", "ecr.api", "ecr.dkr", "s3", "sts", "eks-auth"];
    let mut out: Vec<&'static str> = t
        .addons
        .iter()
        .flat_map(|a| a.profile().endpoints.iter().copied())
        .filter(|s| !covered.contains(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out.into_iter().map(|s| (s, false)).collect()
}

/// How traffic to the internet leaves a subnet, if it does.
#[derive(Debug, Clone)]
enum Egress {
    /// Straight to the internet gateway with the node's own public IP.
    OwnPublicIp(Trail),
    /// Through NAT: hops, and the NAT gateway.
    Nat(Trail, NatGateway),
    /// Into a transit gateway: eksnet cannot see beyond it.
    Transit(Trail),
    None(Trail, String, Cause),
}

/// Where route table `rt_id` sends 0.0.0.0/0, if anywhere: the only route
/// eksnet reads besides the VPC's local one.
pub fn default_route(t: &Topology, rt_id: &str) -> Option<RouteTarget> {
    t.route_table(rt_id)?
        .routes
        .iter()
        .find(|r| cidr::is_any(&r.destination))
        .map(|r| r.target.clone())
}

fn egress(t: &Topology, s: &Subnet) -> Egress {
    let mut hops = Trail::start(s);
    let rt = s.route_table.clone();
    match default_route(t, &s.route_table) {
        None => Egress::None(
            hops,
            format!(
                "route table {} has no default route (0.0.0.0/0)",
                s.route_table
            ),
            Cause::NoDefaultRoute { route_table: rt },
        ),
        Some(RouteTarget::InternetGateway) => {
            if t.internet_gateway.is_none() {
                return Egress::None(
                    hops,
                    "the default route points at an internet gateway the VPC does not have".into(),
                    Cause::NoInternetGateway { route_table: rt },
                );
            }
            if !s.map_public_ip_on_launch {
                return Egress::None(
                    hops,
                    format!("0.0.0.0/0 goes to the internet gateway, but {} has MapPublicIpOnLaunch off: nodes get no public IP", s.id),
                    Cause::NoPublicIp { subnet: s.id.clone() },
                );
            }
            hops.push(
                "0.0.0.0/0 → internet gateway (node's own public IP)",
                Hop::InternetGateway,
            );
            Egress::OwnPublicIp(hops)
        }
        Some(RouteTarget::NatGateway(id)) => {
            let Some(nat) = t.nat_gateway(&id) else {
                return Egress::None(
                    hops,
                    format!("the default route points at NAT gateway {id}, which does not exist"),
                    Cause::MissingNat {
                        route_table: rt,
                        nat: id,
                    },
                );
            };
            hops.push(
                format!("0.0.0.0/0 → NAT gateway {} in {}", nat.id, nat.az),
                Hop::NatGateway(nat.id.clone()),
            );
            let why_not = match nat.subnet.as_ref().and_then(|id| t.subnet(id)) {
                // A zonal NAT gateway needs its own subnet's route to the IGW.
                Some(nat_subnet) => match default_route(t, &nat_subnet.route_table) {
                    Some(RouteTarget::InternetGateway) if t.internet_gateway.is_some() => None,
                    _ => Some(format!(
                        "NAT gateway {} sits in {}, which has no route to an internet gateway",
                        nat.id, nat_subnet.id
                    )),
                },
                // A regional NAT gateway (no subnet) needs the VPC's internet gateway.
                None if nat.subnet.is_none() && t.internet_gateway.is_none() => Some(format!(
                    "NAT gateway {} is regional, and the VPC has no internet gateway",
                    nat.id
                )),
                None => None,
            };
            if let Some(why) = why_not {
                return Egress::None(
                    hops,
                    why,
                    Cause::NatWithoutInternet {
                        nat: nat.id.clone(),
                    },
                );
            }
            hops.push("internet gateway", Hop::InternetGateway);
            Egress::Nat(hops, nat.clone())
        }
        Some(RouteTarget::TransitGateway(id)) => {
            hops.push(
                format!(
                    "0.0.0.0/0 → transit gateway {id} (egress beyond it is assumed, not verified)"
                ),
                Hop::TransitGateway(id.clone()),
            );
            Egress::Transit(hops)
        }
        Some(RouteTarget::Other(id)) => Egress::None(
            hops,
            format!("the default route goes to {id}, not a way out eksnet can follow"),
            Cause::Unfollowable {
                route_table: rt,
                target: id,
            },
        ),
    }
}

fn internet(e: &Egress) -> Option<Trail> {
    match e {
        Egress::OwnPublicIp(h) | Egress::Nat(h, _) | Egress::Transit(h) => Some(h.clone()),
        Egress::None(..) => None,
    }
}

fn api_path(t: &Topology, s: &Subnet, e: &Egress) -> Path {
    let c = &t.cluster;
    let dns = t.vpc.enable_dns_support && t.vpc.enable_dns_hostnames;
    let start = Trail::start(s);
    if c.endpoint_private_access && dns {
        let mut hops = start;
        hops.push("VPC local route", Hop::LocalRoute);
        hops.push(
            "EKS-managed ENI in the cluster subnets (private endpoint)",
            Hop::PrivateEndpoint,
        );
        return Path::ok(hops);
    }
    // What would mend the API path when the public one fails.
    let private_fix = if c.endpoint_private_access {
        Cause::VpcDnsOff
    } else {
        Cause::PublicCidrs { nat: None }
    };
    if !c.endpoint_public_access {
        if c.endpoint_private_access {
            return Path::broken(
                Code::E072,
                start,
                format!(
                    "{}, so the private endpoint's name does not resolve",
                    dns_off(t)
                ),
                vec![Cause::VpcDnsOff],
            );
        }
        return Path::broken(
            Code::E061,
            start,
            "both endpoint accesses are off",
            vec![Cause::EndpointAccessOff],
        );
    }
    let open = c.public_access_cidrs.iter().any(cidr::is_any);
    match e {
        Egress::None(hops, why, cause) => {
            let mut causes = vec![cause.clone()];
            if c.endpoint_private_access {
                causes.push(Cause::VpcDnsOff);
            }
            // With private access on, the root cause is DNS, not routing.
            if c.endpoint_private_access {
                Path::broken(
                    Code::E072,
                    hops.clone(),
                    format!("private access is on, but {}, so the private endpoint's name does not resolve; and no path to the public endpoint: {why}", dns_off(t)),
                    causes,
                )
            } else {
                Path::broken(
                    Code::E061,
                    hops.clone(),
                    format!("no path to the public endpoint: {why}"),
                    causes,
                )
            }
        }
        Egress::OwnPublicIp(hops) => {
            let mut hops = hops.clone();
            if open {
                hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
                Path::ok(hops)
            } else {
                Path::broken(Code::E034, hops, "the public endpoint admits only listed CIDRs, and nodes' public IPs cannot be known in advance", vec![private_fix])
            }
        }
        Egress::Nat(hops, nat) => nat_api_path(t, hops.clone(), nat, open),
        Egress::Transit(hops) => {
            let mut hops = hops.clone();
            if open {
                hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
                Path::ok(hops)
            } else {
                Path::broken(Code::E034, hops, "the public endpoint admits only listed CIDRs, and the address traffic leaves the transit gateway with is unknown", vec![private_fix])
            }
        }
    }
}

/// The API path through a NAT gateway to the public endpoint: open to all,
/// or admitting the NAT's address, or not.
fn nat_api_path(t: &Topology, mut hops: Trail, nat: &NatGateway, open: bool) -> Path {
    let c = &t.cluster;
    let allowed = |ip: std::net::Ipv4Addr| c.public_access_cidrs.iter().any(|n| n.contains(&ip));
    if open {
        hops.push("public endpoint (0.0.0.0/0 allowed)", Hop::PublicEndpoint);
        return Path::ok(hops);
    }
    if c.allow_nat_addresses || nat.public_ip.is_some_and(allowed) {
        hops.push(
            format!("public endpoint (NAT gateway {}'s address allowed)", nat.id),
            Hop::PublicEndpoint,
        );
        return Path::ok(hops);
    }
    let cause = if c.endpoint_private_access {
        Cause::VpcDnsOff
    } else {
        Cause::PublicCidrs {
            nat: Some(nat.id.clone()),
        }
    };
    let address = nat.public_ip.map_or_else(
        || "address".to_string(),
        |ip| format!("address {ip} (add {ip}/32 to the public access CIDRs)"),
    );
    let private = if c.endpoint_private_access {
        format!("; private access is on, but {}", dns_off(t))
    } else {
        "; or turn on private access".to_string()
    };
    Path::broken(
        Code::E034,
        hops,
        format!(
            "the public endpoint does not admit NAT gateway {}'s {address}{private}",
            nat.id
        ),
        vec![cause],
    )
}

/// Which of the VPC's two DNS attributes the private endpoint needs is off.
fn dns_off(t: &Topology) -> &'static str {
    match (t.vpc.enable_dns_support, t.vpc.enable_dns_hostnames) {
        (false, false) => "the VPC's enableDnsSupport and enableDnsHostnames are off",
        (false, true) => "the VPC's enableDnsSupport is off",
        (true, false) => "the VPC's enableDnsHostnames is off",
        (true, true) => "the VPC's DNS attributes are on",
    }
}

/// Why an endpoint cannot carry a subnet's traffic.
struct Unusable {
    why: String,
    problem: EndpointProblem,
    /// The service's name resolves to the endpoint anyway (private DNS is
    /// on), so traffic cannot fall back to the internet either.
    blocks_internet: bool,
}

/// An interface endpoint the subnet's nodes can use (private DNS, and 443 admitted).
fn interface_hop(t: &Topology, s: &Subnet, service: &str) -> Result<String, Unusable> {
    let Some(ep) = t.endpoint(service) else {
        return Err(Unusable {
            why: format!("no {service} endpoint"),
            problem: EndpointProblem::Missing,
            blocks_internet: false,
        });
    };
    if !ep.private_dns {
        return Err(Unusable {
            why: format!("the {service} endpoint has private DNS off"),
            problem: EndpointProblem::PrivateDnsOff,
            blocks_internet: false,
        });
    }
    if !ep.ingress(t).iter().any(|c| c.contains(&s.cidr)) {
        return Err(Unusable {
            why: format!(
                "the {service} endpoint's security group does not admit TCP 443 from {}",
                s.cidr
            ),
            problem: EndpointProblem::IngressBlocked {
                subnet: s.id.clone(),
            },
            blocks_internet: true,
        });
    }
    Ok(format!("{service} interface endpoint"))
}

fn gateway_hop(t: &Topology, s: &Subnet, service: &str) -> Result<String, Unusable> {
    match t.endpoint(service) {
        Some(ep) if ep.route_tables.contains(&s.route_table) => Ok(format!(
            "{service} gateway endpoint (route table {})",
            s.route_table
        )),
        Some(_) => Err(Unusable {
            why: format!(
                "the {service} gateway endpoint is not on route table {}",
                s.route_table
            ),
            problem: EndpointProblem::NotOnRouteTable {
                route_table: s.route_table.clone(),
            },
            blocks_internet: false,
        }),
        None => Err(Unusable {
            why: format!("no {service} endpoint"),
            problem: EndpointProblem::Missing,
            blocks_internet: false,
        }),
    }
}

/// Services reached through endpoints where present, else the internet.
fn services_path(t: &Topology, s: &Subnet, e: &Egress, needs: &[(&str, bool)], code: Code) -> Path {
    let mut via_endpoints = Vec::new();
    let mut endpoint_hops = Vec::new();
    let mut missing = Vec::new();
    for (svc, gateway) in needs {
        match if *gateway {
            gateway_hop(t, s, svc)
        } else {
            interface_hop(t, s, svc)
        } {
            Ok(h) => {
                via_endpoints.push(h);
                endpoint_hops.push(Hop::VpcEndpoint(svc.to_string()));
            }
            Err(u) => missing.push((svc.to_string(), u)),
        }
    }
    if missing.is_empty() {
        let mut hops = Trail::start(s);
        hops.push("VPC local route", Hop::LocalRoute);
        hops.text.push(via_endpoints.join(" + "));
        hops.via.extend(endpoint_hops);
        return Path::ok(hops);
    }
    let endpoint_causes = |list: &[&(String, Unusable)]| -> Vec<Cause> {
        list.iter()
            .map(|(svc, u)| Cause::Endpoint {
                service: svc.clone(),
                problem: u.problem.clone(),
            })
            .collect()
    };
    // An endpoint with private DNS takes the service's name: when it drops
    // the traffic, no internet path helps.
    let blocking: Vec<&(String, Unusable)> =
        missing.iter().filter(|(_, u)| u.blocks_internet).collect();
    if !blocking.is_empty() {
        let why: Vec<&str> = blocking.iter().map(|(_, u)| u.why.as_str()).collect();
        return Path::broken(
            code,
            Trail::start(s),
            format!(
                "{} (private DNS sends the service's name to the endpoint, so the internet path is not used)",
                why.join(", ")
            ),
            endpoint_causes(&blocking),
        );
    }
    match internet(e) {
        Some(mut hops) => {
            if !via_endpoints.is_empty() {
                hops.text.insert(
                    1,
                    format!(
                        "{} (the rest through the internet)",
                        via_endpoints.join(" + ")
                    ),
                );
                for (i, h) in endpoint_hops.into_iter().enumerate() {
                    hops.via.insert(1 + i, h);
                }
            }
            hops.push("AWS public service endpoints", Hop::AwsPublicServices);
            Path::ok(hops)
        }
        None => {
            let Egress::None(_, why, cause) = e else {
                unreachable!("internet() is Some for every other egress")
            };
            let all: Vec<&(String, Unusable)> = missing.iter().collect();
            let mut causes = vec![cause.clone()];
            causes.extend(endpoint_causes(&all));
            let words: Vec<&str> = missing.iter().map(|(_, u)| u.why.as_str()).collect();
            Path::broken(
                code,
                Trail::start(s),
                format!("{}; and no internet path: {why}", words.join(", ")),
                causes,
            )
        }
    }
}

/// The paths of every node subnet, in subnet order.
pub fn analyze(t: &Topology) -> Vec<SubnetReach> {
    t.node_subnets()
        .map(|s| {
            let e = egress(t, s);
            let (credentials_label, credentials) = credential_services(t);
            let addons = addon_services(t);
            SubnetReach {
                subnet: s.id.clone(),
                az: s.az.clone(),
                api: api_path(t, s, &e),
                images: services_path(
                    t,
                    s,
                    &e,
                    &[("ecr.api", false), ("ecr.dkr", false), ("s3", true)],
                    Code::E062,
                ),
                credentials: services_path(t, s, &e, &credentials, Code::W063),
                addons: (!addons.is_empty()).then(|| services_path(t, s, &e, &addons, Code::W094)),
                credentials_label,
            }
        })
        .collect()
}

/// The spec key whose fix (the catalog's) repairs a missing path, so the
/// diagnostic points into the spec as well as at the subnet. Missing
/// services have several causes (an exclusion, a missing transit gateway, a
/// subnet attribute), so they name the subnet only.
fn spec_field(code: Code) -> Option<&'static str> {
    match code {
        Code::E034 => Some("endpointAccess.publicCidrs"),
        Code::E061 => Some("endpointAccess"),
        _ => None,
    }
}

/// Diagnostics for every missing path. Only a planned topology has a spec
/// for them to point into.
pub fn diagnostics(t: &Topology, reach: &[SubnetReach]) -> Vec<Diagnostic> {
    let planned = t.source == Source::Planned;
    let mut out = Vec::new();
    for r in reach {
        for (label, p) in r.paths() {
            let what = match label {
                "API endpoint" => "the cluster API",
                "ECR + S3" => "ECR and S3",
                ADDONS_LABEL => "the services its add-ons call",
                other => other,
            };
            if let (Some(problem), Some(code)) = (&p.problem, p.code) {
                let mut d = Diagnostic::new(
                    code,
                    format!("nodes in {} cannot reach {what}: {problem}", r.subnet),
                )
                .on(format!("subnet {}", r.subnet));
                if let Some(field) = spec_field(code).filter(|_| planned) {
                    d = d.at(field);
                }
                out.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadedSpec;

    /// The built-in spec (public-private, NAT), with an ecr.api endpoint added.
    fn public_private_with_ecr_endpoint() -> Topology {
        let mut l = LoadedSpec::built_in();
        l.spec.private_link = vec!["ecr.api".into()];
        crate::topology::plan(&l.spec).topology.expect("plans")
    }

    #[test]
    fn an_endpoint_that_drops_traffic_takes_the_internet_path_away() {
        let mut t = public_private_with_ecr_endpoint();
        let ok = analyze(&t);
        assert!(ok.iter().all(|r| r.images.ok), "{ok:?}");
        // Its own security group admits nothing: private DNS still sends ECR
        // traffic to it, so NAT does not help.
        let ep = t
            .endpoints
            .iter_mut()
            .find(|e| e.service == "ecr.api")
            .unwrap();
        ep.ingress_cidrs = Some(vec![]);
        for r in analyze(&t) {
            assert!(!r.images.ok);
            assert_eq!(
                r.images.causes,
                vec![Cause::Endpoint {
                    service: "ecr.api".into(),
                    problem: EndpointProblem::IngressBlocked {
                        subnet: r.subnet.clone()
                    }
                }]
            );
        }
        // Without private DNS nodes ignore it and take the NAT path.
        let ep = t
            .endpoints
            .iter_mut()
            .find(|e| e.service == "ecr.api")
            .unwrap();
        ep.private_dns = false;
        assert!(analyze(&t).iter().all(|r| r.images.ok));
    }

    #[test]
    fn a_missing_route_names_its_route_table() {
        let mut t = public_private_with_ecr_endpoint();
        let s = t.node_subnets().next().unwrap().clone();
        t.route_tables
            .iter_mut()
            .find(|r| r.id == s.route_table)
            .unwrap()
            .routes
            .clear();
        let r = &analyze(&t)[0];
        assert!(r.images.causes.contains(&Cause::NoDefaultRoute {
            route_table: s.route_table.clone()
        }));
    }
}
