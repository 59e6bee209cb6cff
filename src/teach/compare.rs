//! `eksnet compare`: the four architectures side by side for one VPC and one
//! set of AZs (public-private twice: with one NAT gateway and with one per
//! AZ, the choice that decides its cost and its failure domain), with what each costs per hour in the parts that differ
//! between them (NAT gateways, interface endpoints per AZ, public IPv4
//! addresses), and per month at the traffic the user expects
//! (`--monthly-gb`), with the break-even traffic between them (`cost`).
//!
//! Each column is a real plan: the spec with its architecture replaced and
//! its NAT and endpoint access back to the architecture's defaults (as
//! `--architecture` does for the built-in spec), so the numbers come from
//! the same Topology `plan` and `generate` would build. Prices are the
//! constants of `aws::prices`, printed with their region and date.

use super::cost::{self, BreakEven, Monthly};
use super::explain::wrap;
use crate::aws::prices;
use crate::report::{strings, table, yes_no};
use crate::spec::{Architecture, NatMode, Spec};
use crate::topology::reach::{self, Hop};
use crate::topology::{plan, EndpointKind, RouteTarget, Tier, Topology};
use serde::Serialize;
use std::fmt::Write;

/// The spec planned for `arch`: architecture replaced, NAT and endpoint
/// access reset to its defaults, and the settings that only another
/// architecture accepts (a tier it lacks, private-only's egress) dropped.
pub fn spec_for(spec: &Spec, arch: Architecture) -> Spec {
    let mut s = spec.clone();
    s.architecture = arch;
    s.vpc.nat = None;
    s.endpoint_access = Default::default();
    if !arch.has_public_subnets() {
        s.vpc.public_subnet_prefix = None;
        s.vpc.subnets.public.clear();
    }
    if !arch.has_private_subnets() {
        s.vpc.private_subnet_prefix = None;
        s.vpc.subnets.private.clear();
    }
    if arch != Architecture::PrivateOnly {
        s.vpc.egress = None;
        s.vpc.transit_gateway_id = None;
    }
    s
}

/// One compared layout: an architecture, and for public-private the NAT
/// mode (`None`: the architecture's default, a single NAT gateway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub architecture: Architecture,
    pub nat: Option<NatMode>,
}

impl Variant {
    /// The columns in order: each architecture with its defaults, and
    /// public-private again with a NAT gateway per AZ.
    pub fn all() -> Vec<Variant> {
        let mut v = Vec::new();
        for architecture in Architecture::ALL {
            v.push(Variant {
                architecture,
                nat: None,
            });
            if architecture == Architecture::PublicPrivate {
                v.push(Variant {
                    architecture,
                    nat: Some(NatMode::PerAz),
                });
            }
        }
        v
    }

    /// The column's name: the architecture's, `per-az` added for a NAT
    /// gateway per AZ.
    pub fn label(self) -> String {
        match self.nat {
            Some(NatMode::PerAz) => format!("{} per-az", self.architecture.as_str()),
            _ => self.architecture.as_str().to_string(),
        }
    }

    /// The spec planned for this column: `spec_for`, then the NAT mode.
    pub fn spec(self, spec: &Spec) -> Spec {
        let mut s = spec_for(spec, self.architecture);
        s.vpc.nat = self.nat;
        s
    }

    fn for_whom(self) -> &'static str {
        match self.nat {
            Some(NatMode::PerAz) => "production on public-private, as AWS's EKS VPC template and the VPC guide build it: an AZ's loss leaves the other AZs' egress, and no traffic crosses an AZ to its NAT gateway",
            _ => for_whom(self.architecture),
        }
    }
}

/// Hourly cost of the parts that differ between architectures, in USD.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub nat_gateways: usize,
    pub nat_gateways_usd: f64,
    /// Interface endpoints × the AZs each has a network interface in.
    pub interface_endpoint_azs: usize,
    pub interface_endpoints_usd: f64,
    /// NAT gateways' Elastic IPs, plus the nodes' own public IPs at desiredSize.
    pub public_ipv4_addresses: usize,
    /// Of those, the nodes' own.
    pub node_public_ipv4_addresses: usize,
    pub public_ipv4_usd: f64,
    pub total_usd: f64,
}

impl Cost {
    pub fn of(t: &Topology) -> Cost {
        let nat = t.nat_gateways.len();
        let azs = t.interface_endpoint_azs();
        let ips = t.public_ipv4_addresses();
        let nat_usd = nat as f64 * prices::NAT_GATEWAY_HOUR;
        let ep_usd = azs as f64 * prices::INTERFACE_ENDPOINT_AZ_HOUR;
        let ip_usd = ips as f64 * prices::PUBLIC_IPV4_HOUR;
        // Rounded to a micro-dollar so JSON shows 0.15, not 0.15000000000000002.
        let round = |v: f64| (v * 1e6).round() / 1e6;
        let (nat_usd, ep_usd, ip_usd) = (round(nat_usd), round(ep_usd), round(ip_usd));
        Cost {
            nat_gateways: nat,
            nat_gateways_usd: nat_usd,
            interface_endpoint_azs: azs,
            interface_endpoints_usd: ep_usd,
            public_ipv4_addresses: ips,
            node_public_ipv4_addresses: ips - nat,
            public_ipv4_usd: ip_usd,
            total_usd: round(nat_usd + ep_usd + ip_usd),
        }
    }
}

/// One architecture's column.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub architecture: Architecture,
    /// The column's name, e.g. `public-private per-az`.
    pub label: String,
    /// Why this architecture could not be planned for the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    pub for_whom: &'static str,
    /// The month's total at the compared traffic (see `summary.monthly`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_usd: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub public_subnets: Vec<String>,
    pub private_subnets: Vec<String>,
    pub internet_gateway: bool,
    /// IPv6 clusters: private subnets send ::/0 to an egress-only gateway.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub egress_only_internet_gateway: bool,
    /// The cluster's IP family (shown when some column is IPv6).
    #[serde(skip_serializing_if = "is_ipv4")]
    pub ip_family: &'static str,
    pub nat_mode: String,
    pub transit_gateway: Option<String>,
    pub endpoint_public_access: bool,
    pub endpoint_private_access: bool,
    pub public_access_cidrs: Vec<String>,
    pub interface_endpoints: Vec<String>,
    pub gateway_endpoints: Vec<String>,
    /// How the first node subnet's nodes leave the VPC (its default route).
    pub node_egress: String,
    /// Which API endpoint nodes use, from the reachability engine.
    pub nodes_reach_api: String,
    pub cost: Cost,
    pub monthly: Monthly,
}

fn is_ipv4(family: &&'static str) -> bool {
    *family == "ipv4"
}

/// Who each architecture is for (the blog's guidance, in short).
pub fn for_whom(arch: Architecture) -> &'static str {
    match arch {
        Architecture::PublicOnly => "basic web apps and labs where ingress to the nodes is no concern; the cheapest to run",
        Architecture::PublicPrivate => "most workloads: nodes unreachable from the internet, egress through NAT; a single NAT gateway is the cheapest but puts all egress in one AZ",
        Architecture::PrivateOnly => "workloads that need no ingress from the internet, with egress through PrivateLink or a transit gateway",
        Architecture::FullyPrivate => "regulated or isolated workloads with no internet path at all; kubectl over VPN or Direct Connect",
    }
}

fn summarize(t: &Topology, monthly_gb: u64) -> Summary {
    let subnets =
        |tier: Tier| -> Vec<String> { t.subnets_of(tier).map(|s| s.cidr.to_string()).collect() };
    let mut interface = Vec::new();
    let mut gateway = Vec::new();
    for e in &t.endpoints {
        match e.kind {
            EndpointKind::Interface => interface.push(e.service.clone()),
            EndpointKind::Gateway => gateway.push(e.service.clone()),
        }
    }
    let first = t.node_subnets().next();
    let node_egress = match first.and_then(|s| reach::default_route(t, &s.route_table)) {
        None => "none (local route only)".to_string(),
        Some(RouteTarget::InternetGateway) => "internet gateway, own public IPs".into(),
        Some(RouteTarget::NatGateway(_)) => "NAT gateway".into(),
        Some(RouteTarget::TransitGateway(id)) => format!("transit gateway {id}"),
        Some(RouteTarget::Other(id)) => id,
    };
    let reach = reach::analyze(t);
    let nodes_reach_api = match reach.first() {
        None => "no node subnets".to_string(),
        Some(r) if !r.api.ok => "no path".to_string(),
        Some(r) if r.api.via.contains(&Hop::PrivateEndpoint) => "private endpoint".to_string(),
        Some(r) if r.api.via.iter().any(|h| matches!(h, Hop::NatGateway(_))) => {
            "public endpoint via NAT".to_string()
        }
        Some(_) => "public endpoint".to_string(),
    };
    Summary {
        public_subnets: subnets(Tier::Public),
        private_subnets: subnets(Tier::Private),
        internet_gateway: t.internet_gateway.is_some(),
        egress_only_internet_gateway: t.egress_only_internet_gateway.is_some(),
        ip_family: t.ip_family.as_str(),
        nat_mode: t.nat_mode.as_str().to_string(),
        transit_gateway: t.transit_gateway.as_ref().map(|g| g.id.clone()),
        endpoint_public_access: t.cluster.endpoint_public_access,
        endpoint_private_access: t.cluster.endpoint_private_access,
        public_access_cidrs: strings(&t.cluster.public_access_cidrs),
        interface_endpoints: interface,
        gateway_endpoints: gateway,
        node_egress,
        nodes_reach_api,
        cost: Cost::of(t),
        monthly: Monthly::of(t, monthly_gb),
    }
}

/// The columns of `Variant::all` for `spec`, their months at
/// `monthly_gb` GB of node traffic.
pub fn compare(spec: &Spec, monthly_gb: u64) -> Vec<Column> {
    Variant::all()
        .into_iter()
        .map(|v| {
            let p = plan(&v.spec(spec));
            let (error, summary) = match p.valid() {
                Some(t) => (None, Some(summarize(t, monthly_gb))),
                None => (
                    Some(p.diagnostics.errors().next().map_or_else(
                        || "the spec could not be planned".to_string(),
                        |d| format!("{}: {}", d.code, d.message),
                    )),
                    None,
                ),
            };
            Column {
                architecture: v.architecture,
                label: v.label(),
                error,
                monthly_usd: summary.as_ref().map(|s| s.monthly.monthly_usd),
                summary,
                for_whom: v.for_whom(),
            }
        })
        .collect()
}

fn usd(v: f64) -> String {
    format!("${v:.3}")
}

fn subnets_cell(cidrs: &[String]) -> String {
    if cidrs.is_empty() {
        return "none".into();
    }
    let mut prefixes: Vec<String> = cidrs
        .iter()
        .filter_map(|c| c.split_once('/').map(|(_, p)| format!("/{p}")))
        .collect();
    prefixes.dedup();
    format!("{} × {}", cidrs.len(), prefixes.join(","))
}

type Cell = fn(&Summary) -> String;

/// The table's rows: a name, and how a planned column shows it.
const ROWS: &[(&str, Cell)] = &[
    ("public subnets", |s| subnets_cell(&s.public_subnets)),
    ("private subnets", |s| subnets_cell(&s.private_subnets)),
    ("internet gateway", |s| yes_no(s.internet_gateway).into()),
    ("NAT gateways", |s| {
        format!("{} ({})", s.cost.nat_gateways, s.nat_mode)
    }),
    ("nodes leave via", |s| s.node_egress.clone()),
    ("endpoint access", endpoint_access_cell),
    ("public API from", |s| {
        if s.public_access_cidrs.is_empty() {
            "-".into()
        } else {
            s.public_access_cidrs.join(",")
        }
    }),
    ("nodes reach API via", |s| s.nodes_reach_api.clone()),
    ("PrivateLink endpoints", private_link_cell),
    ("public IPv4 addresses", public_ipv4_cell),
    ("$/h NAT gateways", |s| usd(s.cost.nat_gateways_usd)),
    ("$/h interface endpoints", |s| {
        format!(
            "{} ({} endpoint-AZs)",
            usd(s.cost.interface_endpoints_usd),
            s.cost.interface_endpoint_azs
        )
    }),
    ("$/h public IPv4", |s| usd(s.cost.public_ipv4_usd)),
    ("$/h total", |s| usd(s.cost.total_usd)),
    ("month: NAT gateway-hours", |s| {
        month(s.monthly.nat_gateway_hours_usd)
    }),
    ("month: NAT per GB", |s| month(s.monthly.nat_gateway_gb_usd)),
    ("month: cross-AZ to NAT", |s| month(s.monthly.cross_az_usd)),
    ("month: endpoint AZ-hours", |s| {
        month(s.monthly.interface_endpoint_hours_usd)
    }),
    ("month: endpoint per GB", |s| {
        month(s.monthly.interface_endpoint_gb_usd)
    }),
    ("month: gateway endpoints", |s| {
        month(s.monthly.gateway_endpoints_usd)
    }),
    ("month: public IPv4", |s| month(s.monthly.public_ipv4_usd)),
    ("month: EKS control plane", |s| {
        format!(
            "{} ({})",
            month(s.monthly.control_plane_usd),
            s.monthly.control_plane_support
        )
    }),
    ("month: total", |s| month(s.monthly.monthly_usd)),
];

fn month(v: f64) -> String {
    format!("${v:.2}")
}

fn endpoint_access_cell(s: &Summary) -> String {
    match (s.endpoint_public_access, s.endpoint_private_access) {
        (true, true) => "public + private",
        (true, false) => "public",
        (false, true) => "private",
        (false, false) => "none",
    }
    .into()
}

fn private_link_cell(s: &Summary) -> String {
    if s.interface_endpoints.is_empty() && s.gateway_endpoints.is_empty() {
        "none".into()
    } else {
        format!(
            "{} interface + {} gateway",
            s.interface_endpoints.len(),
            s.gateway_endpoints.len()
        )
    }
}

fn public_ipv4_cell(s: &Summary) -> String {
    let c = &s.cost;
    match (c.nat_gateways, c.node_public_ipv4_addresses) {
        (0, 0) => "0".into(),
        (n, 0) => format!("{n} (NAT EIPs)"),
        (0, k) => format!("{k} (nodes at desired size)"),
        (n, k) => format!("{} ({n} NAT EIPs, {k} nodes)", n + k),
    }
}

/// The comparison as a text table, with prices' date and region, the
/// PrivateLink services, and who each architecture is for.
pub fn text(spec: &Spec, cols: &[Column]) -> String {
    let mut o = String::new();
    let azs = if spec.vpc.availability_zones.is_empty() {
        "the region's first three AZs".to_string()
    } else {
        spec.vpc.availability_zones.join(", ")
    };
    let gb = cols
        .iter()
        .find_map(|c| c.summary.as_ref())
        .map_or(0, |s| s.monthly.monthly_gb);
    let _ = writeln!(
        o,
        "The four architectures for VPC {} in {} ({azs}), public-private with one NAT gateway and with one per AZ, at {gb} GB of node traffic a month\n",
        spec.vpc.cidr, spec.region
    );
    o.push_str(&columns_table(cols));
    o.push('\n');
    o.push_str(&prices_note(&spec.region));
    break_even_text(&mut o, cols);
    o.push_str("\nPrivateLink services\n");
    for c in cols {
        let _ = writeln!(o, "  {:<22} {}", c.label, services_line(c));
    }
    o.push_str("\nWho each is for\n");
    for c in cols {
        let _ = writeln!(o, "  {:<22} {}", c.label, c.for_whom);
    }
    not_planned(&mut o, cols);
    o
}

/// Rows only an IPv6 comparison shows, after "internet gateway".
const IPV6_ROWS: &[(&str, Cell)] = &[
    ("IP family", |s| s.ip_family.into()),
    ("egress-only gateway", |s| {
        yes_no(s.egress_only_internet_gateway).into()
    }),
];

/// One row per entry of `ROWS` (and `IPV6_ROWS` when a column is IPv6),
/// one column per architecture.
fn columns_table(cols: &[Column]) -> String {
    let mut header = vec![""];
    header.extend(cols.iter().map(|c| c.label.as_str()));
    let ipv6 = cols
        .iter()
        .filter_map(|c| c.summary.as_ref())
        .any(|s| s.ip_family == "ipv6");
    let mut rows_shown: Vec<(&str, Cell)> = ROWS.to_vec();
    if ipv6 {
        let at = rows_shown
            .iter()
            .position(|(n, _)| *n == "internet gateway")
            .map_or(0, |i| i + 1);
        rows_shown.splice(at..at, IPV6_ROWS.iter().copied());
    }
    let rows: Vec<Vec<String>> = rows_shown
        .iter()
        .map(|(name, cell)| {
            let mut r = vec![name.to_string()];
            r.extend(cols.iter().map(|c| match (&c.summary, &c.error) {
                (Some(s), _) => cell(s),
                (None, _) => "(not planned)".to_string(),
            }));
            r
        })
        .collect();
    table(&header, &rows)
}

/// Where the prices come from, which region they are for, and what the
/// monthly model assumes and leaves out.
fn prices_note(region: &str) -> String {
    let reference = if region == prices::REGION {
        String::new()
    } else {
        format!(" They are a reference, not {region}'s prices: other regions differ.")
    };
    let mut o = wrap(
        &format!(
            "Prices: {} list prices read {}, in USD.{reference} NAT gateway ${}/h and ${}/GB processed; interface endpoint ${} per AZ-hour and ${}/GB (first PB); gateway endpoints free; public IPv4 address ${}/h (charged since 2024-02-01); cross-AZ transfer ${}/GB in each direction; EKS control plane ${:.2}/h in standard support, ${:.2}/h in extended; {} h a month.",
            prices::REGION,
            prices::AS_OF,
            prices::NAT_GATEWAY_HOUR,
            prices::NAT_GATEWAY_GB,
            prices::INTERFACE_ENDPOINT_AZ_HOUR,
            prices::INTERFACE_ENDPOINT_GB,
            prices::PUBLIC_IPV4_HOUR,
            prices::CROSS_AZ_GB_EACH_WAY,
            prices::EKS_CLUSTER_HOUR_STANDARD,
            prices::EKS_CLUSTER_HOUR_EXTENDED,
            prices::HOURS_PER_MONTH
        ),
        100,
        "",
        "",
    );
    o.push('\n');
    o.push_str(&wrap(
        "Model: all of --monthly-gb (node traffic to AWS services and the internet) leaves the node subnets their usual way: through NAT (plus cross-AZ transfer where the NAT gateway is in another AZ), through interface endpoints (an upper bound: what goes to S3 through the gateway endpoint is free), or from the nodes' own public IPs (no processing charge). Internet data transfer out, load balancers, instances and a transit gateway's own charges are left out. public-private has one NAT gateway in the first AZ; public-private per-az one in each AZ, each with an Elastic IP, and no cross-AZ transfer.",
        100,
        "",
        "",
    ));
    o
}

/// The traffic at which each pair of architectures costs the same.
fn break_even_text(o: &mut String, cols: &[Column]) {
    let pairs = cost::break_evens(&months(cols));
    if pairs.is_empty() {
        return;
    }
    o.push_str("\nBreak-even traffic (GB of node traffic a month)\n");
    for BreakEven { below, above, gb } in pairs {
        let _ = writeln!(
            o,
            "  {below} costs less below {gb} GB a month, {above} above",
        );
    }
}

/// A column's PrivateLink services, gateway endpoints marked.
fn services_line(c: &Column) -> String {
    match &c.summary {
        Some(s) if s.interface_endpoints.is_empty() && s.gateway_endpoints.is_empty() => {
            "none".to_string()
        }
        Some(s) => {
            let mut parts = s.interface_endpoints.clone();
            parts.extend(s.gateway_endpoints.iter().map(|g| format!("{g} (gateway)")));
            parts.join(", ")
        }
        None => "-".to_string(),
    }
}

/// Why each architecture that could not be planned was not.
fn not_planned(o: &mut String, cols: &[Column]) {
    let errors: Vec<&Column> = cols.iter().filter(|c| c.error.is_some()).collect();
    if errors.is_empty() {
        return;
    }
    o.push_str("\nNot planned\n");
    for c in errors {
        let _ = writeln!(
            o,
            "  {:<22} {}",
            c.label,
            c.error.as_deref().unwrap_or_default()
        );
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CompareJson<'a> {
    vpc_cidr: &'a str,
    region: &'a str,
    monthly_gb: u64,
    prices: PricesJson,
    architectures: &'a [Column],
    break_even: Vec<BreakEven>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PricesJson {
    region: &'static str,
    as_of: &'static str,
    nat_gateway_hour: f64,
    nat_gateway_gb: f64,
    interface_endpoint_az_hour: f64,
    interface_endpoint_gb: f64,
    public_ipv4_hour: f64,
    cross_az_gb_each_way: f64,
    eks_cluster_hour_standard: f64,
    eks_cluster_hour_extended: f64,
    hours_per_month: f64,
}

/// Each planned column's label and month, for the break-even pairs.
fn months(cols: &[Column]) -> Vec<(&str, &Monthly)> {
    cols.iter()
        .filter_map(|c| c.summary.as_ref().map(|s| (c.label.as_str(), &s.monthly)))
        .collect()
}

pub fn json(spec: &Spec, cols: &[Column]) -> String {
    let months = months(cols);
    let doc = CompareJson {
        vpc_cidr: &spec.vpc.cidr,
        region: &spec.region,
        monthly_gb: months.first().map_or(0, |(_, m)| m.monthly_gb),
        prices: PricesJson {
            region: prices::REGION,
            as_of: prices::AS_OF,
            nat_gateway_hour: prices::NAT_GATEWAY_HOUR,
            nat_gateway_gb: prices::NAT_GATEWAY_GB,
            interface_endpoint_az_hour: prices::INTERFACE_ENDPOINT_AZ_HOUR,
            interface_endpoint_gb: prices::INTERFACE_ENDPOINT_GB,
            public_ipv4_hour: prices::PUBLIC_IPV4_HOUR,
            cross_az_gb_each_way: prices::CROSS_AZ_GB_EACH_WAY,
            eks_cluster_hour_standard: prices::EKS_CLUSTER_HOUR_STANDARD,
            eks_cluster_hour_extended: prices::EKS_CLUSTER_HOUR_EXTENDED,
            hours_per_month: prices::HOURS_PER_MONTH,
        },
        break_even: cost::break_evens(&months),
        architectures: cols,
    };
    serde_json::to_string_pretty(&doc).expect("a comparison serializes") + "\n"
}
