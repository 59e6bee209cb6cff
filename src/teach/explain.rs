//! `eksnet explain`: every decision of a Topology, in words, with its source.
//!
//! Each explanation is a `Statement`: the sentence, and the facts it talks
//! about as JSON pointers into the explained document (`/topology/...` as the
//! model serializes, `/reachability/...` as `reach::analyze` returns) with the
//! value read from the typed model and the way the sentence shows it. The
//! sentence is written from those same values, never from text copied from
//! elsewhere; a test resolves every pointer in the serialized model and checks
//! both the value and that the sentence shows it. What a choice means (why
//! MapPublicIpOnLaunch is on, what breaks if it were flipped) is chosen by
//! matching on the model's values, and cites where that knowledge comes from.

use super::sources::{inline, Ref};
use crate::aws::prices;
use crate::report::on_off;
use crate::spec::{Architecture, NatMode};
use crate::topology::reach::{self, SubnetReach};
use crate::topology::{EndpointKind, RouteTable, RouteTarget, Subnet, Tier, Topology};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The parts of an explanation, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Overview,
    Vpc,
    Subnets,
    Routes,
    Nat,
    Endpoint,
    Nodes,
    PrivateLink,
    Tags,
    Paths,
}

impl Section {
    pub fn heading(self) -> &'static str {
        match self {
            Section::Overview => "Architecture",
            Section::Vpc => "VPC",
            Section::Subnets => "Subnets",
            Section::Routes => "Routes",
            Section::Nat => "NAT",
            Section::Endpoint => "Cluster API endpoint",
            Section::Nodes => "Cluster and node subnets",
            Section::PrivateLink => "PrivateLink endpoints",
            Section::Tags => "Tags",
            Section::Paths => "Paths from the node subnets (reachability engine)",
        }
    }
}

/// One datum a statement talks about.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// JSON pointer into `document(t)`.
    pub pointer: String,
    /// The value, as read from the typed model.
    pub value: Value,
    /// How the sentence shows it.
    pub shown: String,
}

/// One point of an explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub section: Section,
    pub text: String,
    pub facts: Vec<Fact>,
    pub sources: Vec<Ref>,
}

/// The document the facts point into: the topology as it serializes, and
/// the reachability engine's paths.
pub fn document(t: &Topology) -> Value {
    serde_json::json!({
        "topology": t,
        "reachability": reach::analyze(t),
    })
}

/// Escape one JSON pointer token (RFC 6901): tag keys hold `/`.
pub fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn fact(pointer: impl Into<String>, value: impl Serialize, shown: impl Into<String>) -> Fact {
    Fact {
        pointer: pointer.into(),
        value: serde_json::to_value(value).expect("model values serialize"),
        shown: shown.into(),
    }
}

/// A fact shown as its own display form.
fn same<V: Serialize + ToString>(pointer: impl Into<String>, value: V) -> Fact {
    let shown = value.to_string();
    fact(pointer, value, shown)
}

fn st(section: Section, text: String, facts: Vec<Fact>, sources: &[Ref]) -> Statement {
    Statement {
        section,
        text,
        facts,
        sources: sources.to_vec(),
    }
}

fn list(items: &[String]) -> String {
    match items.len() {
        0 => "none".into(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Every statement about `t`, in print order.
pub fn statements(t: &Topology) -> Vec<Statement> {
    let mut out = Vec::new();
    overview(t, &mut out);
    vpc(t, &mut out);
    for (i, s) in t.subnets.iter().enumerate() {
        out.push(subnet(t, i, s));
    }
    routes(t, &mut out);
    nat(t, &mut out);
    endpoint_access(t, &mut out);
    nodes(t, &mut out);
    private_link(t, &mut out);
    tags(t, &mut out);
    paths(t, &reach::analyze(t), &mut out);
    out
}

fn overview(t: &Topology, out: &mut Vec<Statement>) {
    let head = vec![
        same("/topology/name", &t.name),
        same("/topology/region", &t.region),
        same("/topology/kubernetesVersion", &t.kubernetes_version),
    ];
    let Some(arch) = t.architecture else {
        let mut facts = head;
        facts.push(fact("/topology/architecture", Value::Null, "imported"));
        out.push(st(
            Section::Overview,
            format!(
                "{} in {} (Kubernetes {}) is an imported VPC: it follows no architecture by name, so each part below is explained on its own.",
                t.name, t.region, t.kubernetes_version
            ),
            facts,
            &[Ref::SeedNetworking],
        ));
        return;
    };
    let (what, trade, refs): (&str, &str, &[Ref]) = match arch {
        Architecture::PublicOnly => (
            "nodes and internet-facing load balancers share public subnets; every node has its own public IP and reaches the internet, the API endpoint, ECR and S3 through the internet gateway",
            "Trade-off: the simplest and cheapest layout (no NAT gateway), for basic web apps where ingress from the internet to the nodes is no concern; but every node is addressable from the internet, so only its security groups protect it, and each node's public IPv4 address is charged by the hour.",
            &[Ref::SeedNetworking],
        ),
        Architecture::PublicPrivate => (
            "load balancers live in public subnets and nodes in private subnets, which reach the internet through NAT",
            "Trade-off: nodes cannot be reached from the internet while most Kubernetes applications work unchanged; the price is the NAT gateways (per hour and per GB processed). It is AWS's recommended layout and eksctl's default VPC.",
            &[Ref::SeedNetworking, Ref::EksCreateVpc, Ref::Eksctl],
        ),
        Architecture::PrivateOnly => (
            "only private subnets, no internet gateway and no public ingress; nodes reach AWS services through PrivateLink endpoints, or through a transit gateway when one is configured",
            "Trade-off: for workloads that need no traffic from the internet; no load balancer can face the internet, and images must come from ECR (or through the egress path). The public endpoint stays on, as the blog asks, so kubectl works from outside without a VPN.",
            &[Ref::SeedNetworking, Ref::EksPrivate],
        ),
        Architecture::FullyPrivate => (
            "no route out of the VPC at all: PrivateLink endpoints replace the internet, and the API endpoint is private only",
            "Trade-off: the strictest isolation, but kubectl must run in the VPC or a connected network (VPN, Direct Connect, a bastion), every image, including operational tools such as Cluster Autoscaler, must come from ECR through the endpoints, and each interface endpoint is charged per AZ and hour.",
            &[Ref::SeedNetworking, Ref::EksPrivate],
        ),
    };
    let mut facts = head;
    facts.push(same("/topology/architecture", arch.as_str()));
    out.push(st(
        Section::Overview,
        format!(
            "{} in {} (Kubernetes {}) is {}: {what}. {trade}",
            t.name,
            t.region,
            t.kubernetes_version,
            arch.as_str()
        ),
        facts,
        refs,
    ));
}

fn vpc(t: &Topology, out: &mut Vec<Statement>) {
    let v = &t.vpc;
    let dns = v.enable_dns_support && v.enable_dns_hostnames;
    let why = if dns {
        "the private API endpoint's name resolves through an EKS-managed private hosted zone, which needs both; with either off, nodes could not register through private access"
    } else {
        "with either off, the private API endpoint's name does not resolve inside the VPC and nodes cannot register through private access; turn both on"
    };
    out.push(st(
        Section::Vpc,
        format!(
            "VPC {} has enableDnsSupport {} and enableDnsHostnames {}: {why}. {} addresses are in no subnet, left for later subnets.",
            v.cidr, v.enable_dns_support, v.enable_dns_hostnames, v.unallocated_addresses
        ),
        vec![
            same("/topology/vpc/cidr", v.cidr),
            same("/topology/vpc/enableDnsSupport", v.enable_dns_support),
            same("/topology/vpc/enableDnsHostnames", v.enable_dns_hostnames),
            same("/topology/vpc/unallocatedAddresses", v.unallocated_addresses),
        ],
        &[Ref::EksEndpoint, Ref::EksVpc],
    ));
}

fn subnet(t: &Topology, i: usize, s: &Subnet) -> Statement {
    let p = |field: &str| format!("/topology/subnets/{i}/{field}");
    let mut facts = vec![
        same(p("id"), &s.id),
        same(p("az"), &s.az),
        same(p("tier"), s.tier.as_str()),
        same(p("cidr"), s.cidr),
        same(p("usableAddresses"), s.usable_addresses),
        same(p("mapPublicIpOnLaunch"), s.map_public_ip_on_launch),
    ];
    let mut refs = vec![Ref::EksVpc];
    let role = match (s.tier, s.nodes) {
        (_, true) => {
            facts.push(fact(p("nodes"), true, "nodes run here"));
            "nodes run here"
        }
        (Tier::Public, false) => {
            facts.push(fact(
                p("nodes"),
                false,
                "no nodes: internet-facing load balancers",
            ));
            "no nodes: internet-facing load balancers live here"
        }
        (Tier::Private, false) => {
            facts.push(fact(p("nodes"), false, "no nodes"));
            "no nodes run here"
        }
    };
    let mut extra = String::new();
    for (j, n) in t.nat_gateways.iter().enumerate() {
        if n.subnet.as_deref() == Some(s.id.as_str()) {
            extra.push_str(&format!(" NAT gateway {} sits here.", n.id));
            facts.push(same(format!("/topology/natGateways/{j}/id"), &n.id));
        }
    }
    if let Some(k) = t.cluster.subnets.iter().position(|c| *c == s.id) {
        extra.push_str(
            " It is a cluster subnet: EKS places the control plane's network interfaces here.",
        );
        facts.push(fact(
            format!("/topology/cluster/subnets/{k}"),
            &s.id,
            "cluster subnet",
        ));
    }
    let map = s.map_public_ip_on_launch;
    let flip = match (s.tier, s.nodes, map) {
        (Tier::Public, true, true) => {
            refs.extend([Ref::SeedPublicIp, Ref::SeedNetworking]);
            "true: nodes get the public IPs their traffic leaves the internet gateway with. Flipped to false: since 2020-04-22 managed node groups follow this setting, so new nodes would get no public IP, could reach neither the API endpoint nor ECR, and the node group would fail to create"
        }
        (Tier::Public, false, true) => {
            refs.extend([Ref::AwsTemplates, Ref::SeedPublicIp, Ref::SeedNetworking]);
            "true, as in AWS's templates, eksctl and the CDK: nothing here needs it today (NAT gateways use Elastic IPs, load balancers get their own addresses), but a node group placed here later gets public IPs. Flipped to false: nothing running breaks (the blog leaves it unset where no nodes run), but a managed node group created here later fails (the 2020 change)"
        }
        (Tier::Public, _, false) => {
            refs.extend([Ref::SeedPublicIp]);
            "false: nothing launched here gets a public IP, so a managed node group here fails to create (since 2020-04-22 it follows this setting). Flipped to true: nodes could run here"
        }
        (Tier::Private, _, false) if t.internet_gateway.is_none() => {
            refs.push(Ref::SeedNetworking);
            "false, as a private subnet should be: the VPC has no internet gateway, so a public IP could carry no traffic. Flipped to true: nothing would be gained, and the subnet would no longer look private to audits"
        }
        (Tier::Private, _, false) => {
            refs.push(Ref::SeedNetworking);
            "false, as a private subnet should be: its default route does not go to the internet gateway, so a public IP would be of no use. Flipped to true: instances would get public IPv4 addresses that no route uses, each charged by the hour since February 2024, and the subnet would no longer look private to audits"
        }
        (Tier::Private, _, true) => {
            refs.push(Ref::SeedNetworking);
            "true on a private subnet: instances get public IPv4 addresses that no route uses, each charged by the hour since February 2024. Flipped to false, as the blog asks for private subnets: nothing is lost"
        }
    };
    Statement {
        section: Section::Subnets,
        text: format!(
            "{} in {}: {} subnet, {} with {} usable addresses (AWS keeps 5 of every subnet); {role}.{extra} MapPublicIpOnLaunch {flip}.",
            s.id,
            s.az,
            s.tier.as_str(),
            s.cidr,
            s.usable_addresses
        ),
        facts,
        sources: refs,
    }
}

fn target_text(t: &Topology, target: &RouteTarget) -> String {
    match target {
        RouteTarget::InternetGateway => "the internet gateway".into(),
        RouteTarget::NatGateway(id) => match t.nat_gateway(id) {
            Some(n) => format!("NAT gateway {id} in {}", n.az),
            None => format!("NAT gateway {id}"),
        },
        RouteTarget::TransitGateway(id) => format!("transit gateway {id}"),
        RouteTarget::Other(id) => id.clone(),
    }
}

fn routes(t: &Topology, out: &mut Vec<Statement>) {
    for (j, rt) in t.route_tables.iter().enumerate() {
        route_table(t, j, rt, out);
    }
}

/// One statement per route of table `j` (or one saying it has only the
/// local route), each naming the subnets that use the table and the gateway
/// endpoints that add routes to it.
fn route_table(t: &Topology, j: usize, rt: &RouteTable, out: &mut Vec<Statement>) {
    let (base, used) = table_users(t, j, rt);
    let (gw_text, gw_facts) = gateway_endpoint_routes(t, rt);
    if rt.routes.is_empty() {
        let mut facts = base;
        facts.push(fact(
            format!("/topology/routeTables/{j}/routes"),
            Vec::<()>::new(),
            "only the local route",
        ));
        facts.push(same("/topology/vpc/cidr", t.vpc.cidr));
        facts.extend(gw_facts);
        out.push(st(
            Section::Routes,
            format!(
                "Route table {} ({used}) has only the local route for {}: nothing leaves the VPC, so nodes reach AWS through PrivateLink endpoints and the API through the private endpoint.{gw_text}",
                rt.id, t.vpc.cidr
            ),
            facts,
            &[Ref::SeedNetworking, Ref::EksPrivate],
        ));
        return;
    }
    for (k, r) in rt.routes.iter().enumerate() {
        let rp = format!("/topology/routeTables/{j}/routes/{k}");
        let mut facts = base.clone();
        facts.push(same(format!("{rp}/destination"), r.destination));
        let (why, refs) = route_why(t, j, rt, &rp, &r.target, &mut facts);
        facts.extend(gw_facts.clone());
        out.push(st(
            Section::Routes,
            format!(
                "Route table {} ({used}): {} → {}: {why}.{gw_text}",
                rt.id,
                r.destination,
                target_text(t, &r.target)
            ),
            facts,
            refs,
        ));
    }
}

/// The table's id and the subnets associated with it, as facts, and the
/// words for who uses it.
fn table_users(t: &Topology, j: usize, rt: &RouteTable) -> (Vec<Fact>, String) {
    let users: Vec<(usize, &Subnet)> = t
        .subnets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.route_table == rt.id)
        .collect();
    let mut facts = vec![same(format!("/topology/routeTables/{j}/id"), &rt.id)];
    for (i, s) in &users {
        facts.push(fact(
            format!("/topology/subnets/{i}/routeTable"),
            &rt.id,
            s.id.clone(),
        ));
    }
    let names: Vec<String> = users.iter().map(|(_, s)| s.id.clone()).collect();
    let used = if names.is_empty() {
        if rt.main {
            "the VPC's main route table, used by subnets without an explicit association"
                .to_string()
        } else {
            "used by no subnet".to_string()
        }
    } else {
        format!("used by {}", list(&names))
    };
    (facts, used)
}

/// Gateway endpoints add their routes to these tables: the sentence that
/// says so (empty where none does), and its facts.
fn gateway_endpoint_routes(t: &Topology, rt: &RouteTable) -> (String, Vec<Fact>) {
    let mut gw = Vec::new();
    let mut facts = Vec::new();
    for (e, ep) in t.endpoints.iter().enumerate() {
        if let Some(k) = ep.route_tables.iter().position(|r| *r == rt.id) {
            gw.push(ep.service.clone());
            facts.push(fact(
                format!("/topology/endpoints/{e}/routeTables/{k}"),
                &rt.id,
                rt.id.clone(),
            ));
            facts.push(same(
                format!("/topology/endpoints/{e}/service"),
                &ep.service,
            ));
        }
    }
    let text = if gw.is_empty() {
        String::new()
    } else {
        format!(
            " The {} gateway endpoint adds a route to the service's prefix list here, so that traffic stays in the VPC.",
            list(&gw)
        )
    };
    (text, facts)
}

/// What a route to `target` is for, with its sources; the target's facts
/// go to `facts`. `rp` points at the route.
fn route_why(
    t: &Topology,
    j: usize,
    rt: &RouteTable,
    rp: &str,
    target: &RouteTarget,
    facts: &mut Vec<Fact>,
) -> (String, &'static [Ref]) {
    match target {
        RouteTarget::InternetGateway => {
            facts.push(fact(
                format!("{rp}/target/kind"),
                "internetGateway",
                "the internet gateway",
            ));
            (
                "this is what makes a subnet public: instances with a public IP talk to the internet directly, and answers come back to them".into(),
                &[Ref::SeedNetworking],
            )
        }
        RouteTarget::NatGateway(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                nat_route_why(t, j, rt, id, facts),
                &[Ref::SeedNetworking, Ref::VpcNat],
            )
        }
        RouteTarget::TransitGateway(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                "egress is whatever lies beyond the transit gateway; eksnet assumes it reaches the internet or AWS services and cannot verify it".into(),
                &[Ref::SeedNetworking],
            )
        }
        RouteTarget::Other(id) => {
            facts.push(same(format!("{rp}/target/id"), id));
            (
                "eksnet cannot follow this target, so it cannot say what lies beyond".into(),
                &[],
            )
        }
    }
}

/// What a route to NAT gateway `id` is for, and what it costs when the
/// gateway sits in another AZ than the table.
fn nat_route_why(
    t: &Topology,
    j: usize,
    rt: &RouteTable,
    id: &str,
    facts: &mut Vec<Fact>,
) -> String {
    let mut why = "nodes reach the internet (ECR, S3, STS and the public API endpoint) from the NAT gateway's Elastic IP, and nothing outside can open a connection to them".to_string();
    if let Some((n_idx, n)) = t.nat_gateways.iter().enumerate().find(|(_, n)| n.id == id) {
        facts.push(same(format!("/topology/natGateways/{n_idx}/az"), &n.az));
        if let Some(az) = rt.az.as_ref().filter(|az| **az != n.az) {
            facts.push(same(format!("/topology/routeTables/{j}/az"), az));
            why.push_str(&format!(
                "; traffic from {az} crosses to {} (cross-AZ data charges) and loses its way out if {} fails",
                n.az, n.az
            ));
        }
    }
    why
}

fn nat(t: &Topology, out: &mut Vec<Statement>) {
    let mode = t.nat_mode;
    let mut facts = vec![same("/topology/natMode", mode.as_str())];
    let ids: Vec<String> = t.nat_gateways.iter().map(|n| n.id.clone()).collect();
    for (j, n) in t.nat_gateways.iter().enumerate() {
        facts.push(same(format!("/topology/natGateways/{j}/id"), &n.id));
    }
    let (text, refs): (String, &[Ref]) = match mode {
        NatMode::None => {
            let why = match t.architecture {
                Some(Architecture::PublicOnly) => {
                    "nodes have public IPs of their own, so there is nothing to translate"
                }
                Some(Architecture::PublicPrivate) => {
                    "the private subnets have no way out to the internet; nodes need the private endpoint and PrivateLink endpoints"
                }
                _ => {
                    if t.transit_gateway.is_some() {
                        "there is no internet gateway for a NAT gateway to use; the transit gateway carries egress instead"
                    } else {
                        "there is no internet gateway for a NAT gateway to use; PrivateLink endpoints carry node traffic to AWS instead"
                    }
                }
            };
            (format!("NAT mode none: {why}."), &[Ref::SeedNetworking])
        }
        NatMode::Single => {
            let n = t.nat_gateways.first();
            if let Some(n) = n {
                facts.push(same("/topology/natGateways/0/az", &n.az));
            }
            let az = n.map_or("its AZ".to_string(), |n| n.az.clone());
            (
                format!(
                    "NAT mode single: one NAT gateway ({}) serves every AZ. The cheapest choice (one gateway-hour at ${} in {} and one Elastic IP), but the other AZs' traffic crosses to {az}, and an outage of {az} cuts their egress too; per-az keeps each AZ on its own NAT gateway.",
                    list(&ids),
                    prices::NAT_GATEWAY_HOUR,
                    prices::REGION
                ),
                &[Ref::VpcNat, Ref::Pricing],
            )
        }
        NatMode::PerAz => (
            format!(
                "NAT mode per-az: {} NAT gateways ({}), one per AZ: each AZ keeps its way out when another AZ fails, and no traffic crosses AZs to leave; each costs a gateway-hour (${} in {}) and an Elastic IP.",
                ids.len(),
                list(&ids),
                prices::NAT_GATEWAY_HOUR,
                prices::REGION
            ),
            &[Ref::VpcNat, Ref::Pricing],
        ),
    };
    out.push(st(Section::Nat, text, facts, refs));
}

fn endpoint_access(t: &Topology, out: &mut Vec<Statement>) {
    let c = &t.cluster;
    let nodes_via = if t.nat_gateways.is_empty() {
        "their own public IPs"
    } else {
        "the NAT gateways"
    };
    // Public access.
    let mut facts = vec![same(
        "/topology/cluster/endpointPublicAccess",
        c.endpoint_public_access,
    )];
    let text = if c.endpoint_public_access {
        let cidrs: Vec<String> = c
            .public_access_cidrs
            .iter()
            .map(|n| n.to_string())
            .collect();
        for (k, n) in c.public_access_cidrs.iter().enumerate() {
            facts.push(same(format!("/topology/cluster/publicAccessCidrs/{k}"), n));
        }
        let open = c.public_access_cidrs.iter().any(|n| n.prefix_len() == 0);
        let mut s = format!(
            "Public access true, from {}: kubectl and CI reach the API server from outside the VPC without a VPN.",
            list(&cidrs)
        );
        if open {
            s.push_str(" 0.0.0.0/0 lets anyone on the internet reach the API server (IAM authentication and RBAC still apply). Restrict it by listing your office or VPN ranges in endpointAccess.publicCidrs:");
            if c.endpoint_private_access {
                s.push_str(" with private access on, nodes do not use the public endpoint and are unaffected.");
            } else {
                if t.nat_gateways.is_empty() {
                    s.push_str(" with private access off, nodes use the public endpoint from their own public IPs, which cannot be known in advance, so turn private access on before restricting.");
                } else {
                    s.push_str(" with private access off, the NAT gateways' Elastic IPs must stay in the list or nodes cannot join (eksnet adds them when the list is restricted).");
                }
            }
        }
        if c.allow_nat_addresses {
            facts.push(fact(
                "/topology/cluster/allowNatAddresses",
                true,
                "Elastic IPs",
            ));
            s.push_str(" Private access is off and nodes leave through NAT, so the NAT gateways' Elastic IPs are added to the allowed CIDRs at deploy time; without them nodes could not join.");
        }
        s
    } else {
        "Public access false: the API server cannot be reached from the internet; kubectl must run in the VPC or a connected network (VPN, Direct Connect, a bastion).".to_string()
    };
    let refs: &[Ref] = if c.endpoint_public_access && !c.endpoint_private_access {
        &[Ref::EksEndpoint, Ref::SeedNetworking, Ref::TfEks2149]
    } else {
        &[Ref::EksEndpoint, Ref::SeedNetworking]
    };
    out.push(st(Section::Endpoint, text, facts, refs));
    // Private access.
    let facts = vec![same(
        "/topology/cluster/endpointPrivateAccess",
        c.endpoint_private_access,
    )];
    let text = if c.endpoint_private_access {
        "Private access true: API requests from inside the VPC, the kubelets' included, go through the local route to EKS-managed network interfaces in the cluster subnets and never leave the VPC.".to_string()
    } else {
        format!(
            "Private access false: nodes reach the API through the public endpoint, leaving the VPC through {nodes_via}; EKS still places network interfaces in the cluster subnets for kubectl exec and logs."
        )
    };
    out.push(st(
        Section::Endpoint,
        text,
        facts,
        &[Ref::EksEndpoint, Ref::SeedNetworking],
    ));
}

fn nodes(t: &Topology, out: &mut Vec<Statement>) {
    let c = &t.cluster;
    let mut facts = Vec::new();
    for (k, s) in c.subnets.iter().enumerate() {
        facts.push(same(format!("/topology/cluster/subnets/{k}"), s));
    }
    out.push(st(
        Section::Nodes,
        format!(
            "Cluster subnets {}: EKS places the control plane's cross-account network interfaces here; it needs subnets in at least two AZs, each with at least 6 free addresses (16 recommended).",
            list(&c.subnets)
        ),
        facts,
        &[Ref::EksVpc],
    ));
    let g = &t.node_group;
    let mut facts = vec![
        same("/topology/nodeGroup/name", &g.name),
        same(
            "/topology/nodeGroup/privateNetworking",
            g.private_networking,
        ),
    ];
    for (k, s) in g.subnets.iter().enumerate() {
        facts.push(same(format!("/topology/nodeGroup/subnets/{k}"), s));
    }
    let ip = if g.private_networking {
        "nodes get no public IP"
    } else {
        "nodes get public IPs from their subnets' MapPublicIpOnLaunch"
    };
    out.push(st(
        Section::Nodes,
        format!(
            "Node group {} runs in {} with privateNetworking {}: {ip}. Nodes need no AssociatePublicIpAddress in a launch template; leaving it out lets the subnet decide.",
            g.name,
            list(&g.subnets),
            g.private_networking
        ),
        facts,
        &[Ref::SeedNetworking, Ref::Eksctl],
    ));
    out.push(st(
        Section::Nodes,
        format!(
            "Service CIDR {}: Kubernetes ClusterIPs come from this range, which must not overlap the VPC ({}) or networks it talks to.",
            c.service_ipv4_cidr, t.vpc.cidr
        ),
        vec![
            same("/topology/cluster/serviceIpv4Cidr", c.service_ipv4_cidr),
            same("/topology/vpc/cidr", t.vpc.cidr),
        ],
        &[Ref::EksVpc],
    ));
}

fn private_link(t: &Topology, out: &mut Vec<Statement>) {
    if t.endpoints.is_empty() {
        let way = if t.nat_gateways.is_empty() {
            "their own public IPs and the internet gateway"
        } else {
            "NAT"
        };
        out.push(st(
            Section::PrivateLink,
            format!(
                "No PrivateLink endpoints: nodes reach EC2, ECR, S3 and STS at their public endpoints through {way}; endpoints are optional here (add them with privateLink to keep that traffic in the VPC)."
            ),
            vec![fact("/topology/endpoints", Vec::<()>::new(), "No PrivateLink endpoints")],
            &[Ref::SeedNetworking, Ref::EksPrivate],
        ));
        return;
    }
    for (e, ep) in t.endpoints.iter().enumerate() {
        let p = |f: &str| format!("/topology/endpoints/{e}/{f}");
        let mut facts = vec![
            same(p("service"), &ep.service),
            same(p("kind"), ep.kind.as_str()),
            same(p("serviceName"), &ep.service_name),
            same(p("reason"), &ep.reason),
            fact(
                p("required"),
                ep.required,
                if ep.required { "required" } else { "added" },
            ),
        ];
        let why_here = if ep.required {
            "required, as nothing else leads out of the VPC"
        } else {
            "added by the spec's privateLink list"
        };
        let place = match ep.kind {
            EndpointKind::Interface => {
                for (k, s) in ep.subnets.iter().enumerate() {
                    facts.push(same(p(&format!("subnets/{k}")), s));
                }
                facts.push(fact(
                    p("privateDns"),
                    ep.private_dns,
                    format!("private DNS {}", on_off(ep.private_dns)),
                ));
                let cidrs: Vec<String> = t
                    .endpoint_ingress_cidrs
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                for (k, c) in t.endpoint_ingress_cidrs.iter().enumerate() {
                    facts.push(same(format!("/topology/endpointIngressCidrs/{k}"), c));
                }
                format!(
                    "network interfaces in {} ({} AZs, each ${} per hour at {} prices), private DNS {} so the service's usual name resolves to them, and a security group admitting TCP 443 from {}",
                    list(&ep.subnets),
                    ep.subnets.len(),
                    prices::INTERFACE_ENDPOINT_AZ_HOUR,
                    prices::REGION,
                    on_off(ep.private_dns),
                    list(&cidrs)
                )
            }
            EndpointKind::Gateway => {
                for (k, r) in ep.route_tables.iter().enumerate() {
                    facts.push(same(p(&format!("routeTables/{k}")), r));
                }
                format!(
                    "a route to the service's prefix list in route tables {} (gateway endpoints have no hourly charge; the EKS guide asks for S3 as a gateway endpoint)",
                    list(&ep.route_tables)
                )
            }
        };
        out.push(st(
            Section::PrivateLink,
            format!(
                "{} ({} endpoint {}, {why_here}) — {}: {place}.",
                ep.service,
                ep.kind.as_str(),
                ep.service_name,
                ep.reason
            ),
            facts,
            &[Ref::EksPrivate, Ref::SeedNetworking],
        ));
    }
}

fn tags(t: &Topology, out: &mut Vec<Statement>) {
    // Group subnet tags by key=value, so one statement covers every subnet
    // carrying the same tag.
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in t.subnets.iter().enumerate() {
        for (k, v) in &s.tags {
            if t.tags.get(k) == Some(v) {
                continue; // the user's tag on everything: said once below
            }
            groups.entry((k, v)).or_default().push(i);
        }
    }
    for ((k, v), idx) in groups {
        let mut facts = Vec::new();
        let names: Vec<String> = idx.iter().map(|i| t.subnets[*i].id.clone()).collect();
        for i in &idx {
            facts.push(fact(
                format!("/topology/subnets/{i}/tags/{}", pointer_token(k)),
                v,
                format!("{k}={v}"),
            ));
        }
        let (why, refs): (String, &[Ref]) = match k {
            "kubernetes.io/role/elb" => (
                "load balancer controllers place internet-facing load balancers in the subnets tagged so. The old kubernetes.io/cluster/ tag with the cluster's name is not needed any more (only clusters up to 1.18 and AWS Load Balancer Controller up to 2.1.1 used it)".into(),
                &[Ref::EksVpc],
            ),
            "kubernetes.io/role/internal-elb" => (
                "load balancer controllers place internal load balancers in the subnets tagged so".into(),
                &[Ref::EksVpc],
            ),
            "karpenter.sh/discovery" => (
                "Karpenter finds the subnets to launch nodes in by this tag (subnetSelectorTerms)".into(),
                &[Ref::Karpenter],
            ),
            _ => ("set by the spec".into(), &[]),
        };
        out.push(st(
            Section::Tags,
            format!("{k}={v} on {}: {why}.", list(&names)),
            facts,
            refs,
        ));
    }
    for (k, v) in &t.tags {
        out.push(st(
            Section::Tags,
            format!("{k}={v}: the spec's tag, on every taggable resource."),
            vec![fact(
                format!("/topology/tags/{}", pointer_token(k)),
                v,
                format!("{k}={v}"),
            )],
            &[],
        ));
    }
}

fn paths(t: &Topology, reach: &[SubnetReach], out: &mut Vec<Statement>) {
    let _ = t;
    for (i, r) in reach.iter().enumerate() {
        for (what, key, p) in [
            ("the API endpoint", "api", &r.api),
            ("ECR and S3 (image pulls)", "images", &r.images),
            (
                "STS and eks-auth (pod credentials)",
                "credentials",
                &r.credentials,
            ),
        ] {
            let base = format!("/reachability/{i}/{key}");
            let mut facts = vec![
                same(format!("/reachability/{i}/subnet"), &r.subnet),
                fact(
                    format!("{base}/ok"),
                    p.ok,
                    if p.ok { "ok" } else { "NO PATH" },
                ),
            ];
            for (h, hop) in p.hops.iter().enumerate() {
                facts.push(same(format!("{base}/hops/{h}"), hop));
            }
            if let Some(problem) = &p.problem {
                facts.push(same(format!("{base}/problem"), problem));
            }
            out.push(st(
                Section::Paths,
                format!(
                    "{} → {what}: {}: {}",
                    r.subnet,
                    if p.ok { "ok" } else { "NO PATH" },
                    p.describe()
                ),
                facts,
                &[Ref::SeedNetworking],
            ));
        }
    }
}

/// Word-wrap `text` to `width` columns; continuation lines get `indent`.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        let len = line.chars().count() + word.chars().count() + usize::from(!empty);
        if !empty && len > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The explanation as text: a heading per section, one wrapped bullet per
/// statement with its sources, and the sources listed at the end.
pub fn text(t: &Topology) -> String {
    let stmts = statements(t);
    let mut o = String::new();
    let mut section = None;
    for s in &stmts {
        if section != Some(s.section) {
            if section.is_some() {
                o.push('\n');
            }
            o.push_str(s.section.heading());
            o.push('\n');
            section = Some(s.section);
        }
        let body = if s.sources.is_empty() {
            s.text.clone()
        } else {
            format!("{} {}", s.text, inline(&s.sources))
        };
        o.push_str(&wrap(&body, 100, "  - ", "    "));
    }
    o.push_str("\nSources\n");
    for r in cited(&stmts) {
        o.push_str(&wrap(
            &format!("[{}] {}", r.key(), r.title()),
            100,
            "  ",
            "    ",
        ));
    }
    o
}

/// Every source the statements cite, once, in a fixed order.
pub fn cited(stmts: &[Statement]) -> Vec<Ref> {
    let mut refs: Vec<Ref> = stmts.iter().flat_map(|s| s.sources.clone()).collect();
    refs.sort();
    refs.dedup();
    refs
}

#[derive(Serialize)]
struct ExplainJson<'a> {
    statements: &'a [Statement],
    sources: Vec<SourceJson>,
}

#[derive(Serialize)]
struct SourceJson {
    key: &'static str,
    title: &'static str,
}

/// The statements, facts included, as JSON.
pub fn json(t: &Topology) -> String {
    let stmts = statements(t);
    let doc = ExplainJson {
        sources: cited(&stmts)
            .into_iter()
            .map(|r| SourceJson {
                key: r.key(),
                title: r.title(),
            })
            .collect(),
        statements: &stmts,
    };
    serde_json::to_string_pretty(&doc).expect("statements serialize") + "\n"
}
