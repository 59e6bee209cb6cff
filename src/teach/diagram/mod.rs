//! `eksnet diagram`: the network as a picture, in Mermaid or Graphviz DOT.
//!
//! A Topology is first laid out as a `Scene` (boxes inside boxes, and
//! arrows) that knows no drawing language; `mermaid` and `dot` only print a
//! Scene, each with its own quoting. So both languages draw the same thing,
//! and ids are made safe once: every id is `[A-Za-z0-9_]`, unique, and
//! derived from model ids in a fixed order, so output is deterministic.
//!
//! The node → API arrows come from the reachability engine's paths
//! (`reach::analyze`), not from reading routes here: the picture shows the
//! path eksnet checked.

pub mod dot;
pub mod mermaid;

use crate::report::strings;
use crate::topology::reach::{self, Hop, SubnetReach};
use crate::topology::{Az, Cluster, EndpointKind, NatGateway, Subnet, Tier, Topology};
use std::collections::BTreeMap;

/// What a box is, for its shape and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    PublicSubnet,
    PrivateSubnet,
    Nat,
    Gateway,
    Endpoint,
    Api,
    AwsServices,
}

impl Class {
    /// Top to bottom: public subnets, private subnets, NAT gateways and VPC
    /// endpoints, the VPC's gateways, then what lies outside the VPC. Paths
    /// run down the picture: subnet → NAT → gateway → endpoint.
    pub fn layer(self) -> u8 {
        match self {
            Class::PublicSubnet => 0,
            Class::PrivateSubnet => 1,
            Class::Nat | Class::Endpoint => 2,
            Class::Gateway => 3,
            Class::Api | Class::AwsServices => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::PublicSubnet => "publicSubnet",
            Class::PrivateSubnet => "privateSubnet",
            Class::Nat => "nat",
            Class::Gateway => "gateway",
            Class::Endpoint => "endpoint",
            Class::Api => "api",
            Class::AwsServices => "aws",
        }
    }
}

/// What a group is, for its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    ControlPlane,
    Vpc,
    Az,
    Endpoints,
    AwsServices,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Label lines, unescaped.
    pub lines: Vec<String>,
    pub class: Class,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub kind: GroupKind,
    pub nodes: Vec<Node>,
    pub groups: Vec<Group>,
}

/// What an arrow shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A step of a node subnet's path to the cluster API.
    Api,
    /// A step of a node subnet's path to ECR and S3 (image pulls).
    Images,
    /// Where a path stops: it does not get through.
    Broken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
    pub kind: EdgeKind,
}

#[derive(Debug, Clone)]
pub struct Scene {
    pub title: String,
    /// What the arrow styles mean.
    pub legend: String,
    pub groups: Vec<Group>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
}

/// The diagram of `t` in `format`.
pub fn render(t: &Topology, format: Format) -> String {
    render_with(t, &reach::analyze(t), format)
}

/// [`render`] with the paths of `t` already found.
pub fn render_with(t: &Topology, reach: &[SubnetReach], format: Format) -> String {
    let scene = Scene::with(t, reach);
    match format {
        Format::Mermaid => mermaid::render(&scene),
        Format::Dot => dot::render(&scene),
    }
}

/// Safe, unique ids: `[A-Za-z0-9_]` only, never starting with a digit, and
/// never colliding after unsafe characters are replaced.
#[derive(Debug, Default)]
struct Ids {
    by_key: BTreeMap<String, String>,
    used: BTreeMap<String, ()>,
}

impl Ids {
    fn get(&mut self, kind: &str, key: &str) -> String {
        let full = format!("{kind}:{key}");
        if let Some(id) = self.by_key.get(&full) {
            return id.clone();
        }
        let joined = if key.is_empty() || key == kind {
            kind.to_string()
        } else if key.starts_with(&format!("{kind}-")) {
            key.to_string()
        } else {
            format!("{kind}_{key}")
        };
        let mut base: String = joined
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, 'n');
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains_key(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(id.clone(), ());
        self.by_key.insert(full, id.clone());
        id
    }
}

impl Scene {
    pub fn of(t: &Topology) -> Scene {
        Scene::with(t, &reach::analyze(t))
    }

    /// [`Scene::of`] with the paths of `t` already found.
    fn with(t: &Topology, reach: &[SubnetReach]) -> Scene {
        // Ids are handed out in the order the boxes are built: control
        // plane, VPC, arrows, then AWS's public services.
        let mut ids = Ids::default();
        let control_plane = control_plane(&t.cluster, &mut ids);
        let vpc = vpc(t, &mut ids);
        // Arrows, from the reachability engine: each node subnet's path to
        // the API, and (fainter) to ECR and S3.
        let edges = edges(t, reach, &mut ids);
        let mut groups = vec![control_plane];
        if reach
            .iter()
            .any(|r| r.images.via.contains(&Hop::AwsPublicServices))
        {
            groups.push(aws_services(t, &mut ids));
        }
        groups.push(vpc);
        let arch = t
            .architecture
            .map_or("imported VPC".to_string(), |a| a.to_string());
        Scene {
            title: format!("{} ({arch}, {})", t.name, t.region),
            legend: "bold arrows: node subnet → API endpoint · dashed: image pulls (ECR, S3)"
                .into(),
            groups,
            edges,
        }
    }
}

impl Group {
    /// A group of boxes only, with no groups inside.
    fn leaf(id: String, label: String, kind: GroupKind, nodes: Vec<Node>) -> Group {
        Group {
            id,
            label,
            kind,
            nodes,
            groups: vec![],
        }
    }
}

/// The control plane, outside the VPC: one box per API endpoint.
fn control_plane(c: &Cluster, ids: &mut Ids) -> Group {
    let mut api = Vec::new();
    if c.endpoint_public_access {
        let mut from = format!("from {}", strings(&c.public_access_cidrs).join(", "));
        if c.allow_nat_addresses {
            from.push_str(" + NAT EIPs");
        }
        api.push(Node {
            id: ids.get("api", "public"),
            lines: vec!["public API endpoint".into(), from],
            class: Class::Api,
        });
    }
    if c.endpoint_private_access {
        api.push(Node {
            id: ids.get("api", "private"),
            lines: vec![
                "private API endpoint".into(),
                "ENIs in the cluster subnets".into(),
            ],
            class: Class::Api,
        });
    }
    Group::leaf(
        ids.get("control_plane", ""),
        "EKS control plane (AWS-managed)".into(),
        GroupKind::ControlPlane,
        api,
    )
}

/// The VPC: gateways, one box per AZ, the endpoints.
fn vpc(t: &Topology, ids: &mut Ids) -> Group {
    let nodes = gateways(t, ids);
    let mut groups: Vec<Group> = t
        .availability_zones
        .iter()
        .map(|az| az_group(t, az, ids))
        .collect();
    groups.extend(unlisted_az_groups(t, ids));
    groups.extend(endpoints(t, ids));
    Group {
        id: ids.get("vpc", ""),
        label: format!("VPC {}", t.vpc.cidr),
        kind: GroupKind::Vpc,
        nodes,
        groups,
    }
}

/// The VPC's internet and transit gateways.
fn gateways(t: &Topology, ids: &mut Ids) -> Vec<Node> {
    let mut nodes = Vec::new();
    if t.internet_gateway.is_some() {
        nodes.push(Node {
            id: ids.get("igw", ""),
            lines: vec!["internet gateway".into()],
            class: Class::Gateway,
        });
    }
    if t.egress_only_internet_gateway.is_some() {
        nodes.push(Node {
            id: ids.get("eigw", ""),
            lines: vec![
                "egress-only internet gateway".into(),
                "IPv6 ::/0 out of the private subnets".into(),
            ],
            class: Class::Gateway,
        });
    }
    if let Some(g) = &t.transit_gateway {
        nodes.push(Node {
            id: ids.get("tgw", &g.id),
            lines: vec!["transit gateway".into(), g.id.clone()],
            class: Class::Gateway,
        });
    }
    nodes
}

/// One AZ: its public subnets, its private subnets, its pod subnets, then
/// its NAT gateways.
fn az_group(t: &Topology, az: &Az, ids: &mut Ids) -> Group {
    let mut nodes = Vec::new();
    for tier in [Tier::Public, Tier::Private, Tier::Pod] {
        for s in t
            .subnets
            .iter()
            .filter(|s| s.az == az.name && s.tier == tier)
        {
            nodes.push(subnet_node(t, s, ids));
        }
    }
    for n in t.nat_gateways.iter().filter(|n| n.az == az.name) {
        nodes.push(nat_node(n, ids));
    }
    Group::leaf(
        ids.get("az", &az.name),
        az.name.clone(),
        GroupKind::Az,
        nodes,
    )
}

/// A subnet's box: tier and CIDR, what runs there, MapPublicIpOnLaunch.
fn subnet_node(t: &Topology, s: &Subnet, ids: &mut Ids) -> Node {
    let has_nat = t
        .nat_gateways
        .iter()
        .any(|n| n.subnet.as_deref() == Some(s.id.as_str()));
    let role = match (s.tier, s.nodes, has_nat) {
        (_, true, _) => "nodes",
        (Tier::Public, false, true) => "load balancers, NAT",
        (Tier::Public, false, false) => "load balancers",
        (Tier::Private, false, _) => "no nodes",
        (Tier::Pod, false, _) => "pods",
    };
    let mut lines = vec![
        format!("{} · {}", s.tier.as_str(), s.cidr),
        role.to_string(),
        format!("MapPublicIpOnLaunch: {}", s.map_public_ip_on_launch),
    ];
    if let Some(v6) = s.ipv6 {
        lines.push(match v6.cidr {
            Some(c) => format!("IPv6 {c}"),
            None => format!("IPv6: /64 index {} of the VPC's /56", v6.index),
        });
    }
    Node {
        id: ids.get("subnet", &s.id),
        lines,
        class: subnet_class(s.tier),
    }
}

fn subnet_class(tier: Tier) -> Class {
    match tier {
        Tier::Public => Class::PublicSubnet,
        Tier::Private | Tier::Pod => Class::PrivateSubnet,
    }
}

fn nat_node(n: &NatGateway, ids: &mut Ids) -> Node {
    Node {
        id: ids.get("nat", &n.id),
        lines: vec![
            "NAT gateway".to_string(),
            n.id.clone(),
            n.subnet
                .as_ref()
                .map_or("regional".to_string(), |s| format!("in {s}")),
        ],
        class: Class::Nat,
    }
}

/// Subnets in no listed AZ (imported VPCs) still get drawn, one AZ box each.
fn unlisted_az_groups(t: &Topology, ids: &mut Ids) -> Vec<Group> {
    t.subnets
        .iter()
        .filter(|s| !t.availability_zones.iter().any(|a| a.name == s.az))
        .map(|s| {
            Group::leaf(
                ids.get("az", &s.az),
                s.az.clone(),
                GroupKind::Az,
                vec![Node {
                    id: ids.get("subnet", &s.id),
                    lines: vec![format!("{} · {}", s.tier.as_str(), s.cidr)],
                    class: subnet_class(s.tier),
                }],
            )
        })
        .collect()
}

/// The VPC endpoints, if there are any: one box for the interface
/// endpoints, one for the gateway endpoints.
fn endpoints(t: &Topology, ids: &mut Ids) -> Option<Group> {
    if t.endpoints.is_empty() {
        return None;
    }
    let services = |kind: EndpointKind| -> Vec<&str> {
        t.endpoints
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.service.as_str())
            .collect()
    };
    let interface = services(EndpointKind::Interface);
    let gateway = services(EndpointKind::Gateway);
    let mut nodes = Vec::new();
    if !interface.is_empty() {
        let mut lines = vec!["Interface, in every node subnet:".to_string()];
        lines.extend(interface.chunks(3).map(|chunk| chunk.join(", ")));
        nodes.push(Node {
            id: ids.get("ep", "interface"),
            lines,
            class: Class::Endpoint,
        });
    }
    if !gateway.is_empty() {
        nodes.push(Node {
            id: ids.get("ep", "gateway"),
            lines: vec![
                "Gateway, on the route tables:".to_string(),
                gateway.join(", "),
            ],
            class: Class::Endpoint,
        });
    }
    Some(Group::leaf(
        ids.get("endpoints", ""),
        "VPC endpoints (PrivateLink)".into(),
        GroupKind::Endpoints,
        nodes,
    ))
}

/// AWS's public service endpoints, outside the VPC.
fn aws_services(t: &Topology, ids: &mut Ids) -> Group {
    Group::leaf(
        ids.get("aws_services", ""),
        format!("AWS services in {}", t.region),
        GroupKind::AwsServices,
        vec![Node {
            id: ids.get("aws", "public"),
            lines: vec!["public endpoints".into(), "ECR, S3, STS, EC2".into()],
            class: Class::AwsServices,
        }],
    )
}

/// Every node subnet's arrows: its path to the API (and where it breaks),
/// then its path to ECR and S3.
fn edges(t: &Topology, reach: &[SubnetReach], ids: &mut Ids) -> Vec<Edge> {
    let mut edges: Vec<Edge> = Vec::new();
    for r in reach {
        path_edges(&mut edges, &r.api.via, EdgeKind::Api, ids, t);
        if !r.api.ok {
            if let Some(e) = broken_edge(t, r, ids) {
                push_edge(&mut edges, e);
            }
        }
        path_edges(&mut edges, &r.images.via, EdgeKind::Images, ids, t);
    }
    edges
}

/// The "no path" arrow from the last node a broken API path reaches to the
/// API endpoint it was meant for.
fn broken_edge(t: &Topology, r: &SubnetReach, ids: &mut Ids) -> Option<Edge> {
    let c = &t.cluster;
    let target = if c.endpoint_public_access {
        Some(ids.get("api", "public"))
    } else if c.endpoint_private_access {
        Some(ids.get("api", "private"))
    } else {
        None
    };
    let last = r.api.via.iter().rev().find_map(|h| node_for(h, ids, t));
    Some(Edge {
        from: last?,
        to: target?,
        label: "no path".into(),
        kind: EdgeKind::Broken,
    })
}

fn push_edge(edges: &mut Vec<Edge>, e: Edge) {
    if e.from != e.to && !edges.contains(&e) {
        edges.push(e);
    }
}

/// The arrows of one path. VPC endpoints fan out from the last node before
/// them (a path uses several endpoints side by side, not one after another).
/// Arrow styles say what a path is (see the legend); labels would repeat it
/// on every arrow and pile up where arrows meet.
fn path_edges(edges: &mut Vec<Edge>, via: &[Hop], kind: EdgeKind, ids: &mut Ids, t: &Topology) {
    let mut prev: Option<String> = None;
    for h in via {
        let Some(id) = node_for(h, ids, t) else {
            continue;
        };
        if let Some(from) = &prev {
            push_edge(
                edges,
                Edge {
                    from: from.clone(),
                    to: id.clone(),
                    label: String::new(),
                    kind,
                },
            );
        }
        if !matches!(h, Hop::VpcEndpoint(_)) {
            prev = Some(id);
        }
    }
}

/// The scene node a hop passes, if it is drawn.
fn node_for(h: &Hop, ids: &mut Ids, t: &Topology) -> Option<String> {
    match h {
        Hop::Subnet(id) => t.subnet(id).map(|_| ids.get("subnet", id)),
        Hop::InternetGateway => t.internet_gateway.as_ref().map(|_| ids.get("igw", "")),
        Hop::NatGateway(id) => t.nat_gateway(id).map(|_| ids.get("nat", id)),
        Hop::TransitGateway(id) => t.transit_gateway.as_ref().map(|_| ids.get("tgw", id)),
        Hop::PrivateEndpoint => Some(ids.get("api", "private")),
        Hop::PublicEndpoint => Some(ids.get("api", "public")),
        Hop::VpcEndpoint(svc) => t.endpoint(svc).map(|e| match e.kind {
            EndpointKind::Interface => ids.get("ep", "interface"),
            EndpointKind::Gateway => ids.get("ep", "gateway"),
        }),
        Hop::AwsPublicServices => Some(ids.get("aws", "public")),
        Hop::LocalRoute => None,
    }
}

/// Every node of a group tree, depth first.
pub fn all_nodes(groups: &[Group]) -> Vec<&Node> {
    let mut out = Vec::new();
    for g in groups {
        out.extend(g.nodes.iter());
        out.extend(all_nodes(&g.groups));
    }
    out
}

/// For each group, its own boxes in layer order (ids): the boxes to stack.
pub fn stacks(groups: &[Group]) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for g in groups {
        let mut nodes: Vec<&Node> = g.nodes.iter().collect();
        nodes.sort_by_key(|n| n.class.layer());
        if nodes.len() > 1 {
            out.push(nodes.iter().map(|n| n.id.as_str()).collect());
        }
        out.extend(stacks(&g.groups));
    }
    out
}

/// Every box's id by layer, in scene order.
pub fn layers(groups: &[Group]) -> BTreeMap<u8, Vec<&str>> {
    let mut out: BTreeMap<u8, Vec<&str>> = BTreeMap::new();
    for n in all_nodes(groups) {
        out.entry(n.class.layer()).or_default().push(n.id.as_str());
    }
    out
}
