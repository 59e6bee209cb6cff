//! `eksnet doctor`: why nodes cannot join, in a VPC that already exists.
//!
//! The describe-* JSON the AWS CLI prints (no credentials in eksnet) is
//! parsed (`aws`), imported into the same Topology a spec plans into
//! (`import`), and judged by the same rules and reachability engine as a
//! planned network. What only an existing VPC has, network ACLs, is checked
//! here (`nacl`). Every broken path comes with its fix as AWS CLI commands
//! (`fixes`); `report` prints it all.

pub mod aws;
mod fixes;
pub mod import;
mod nacl;
mod pod_fixes;
pub mod report;

pub use aws::InputError;
pub use fixes::{EndpointToCreate, Remedy};
pub use import::{Imported, Input, Options};

use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use crate::hash::HashMap;
use crate::topology::reach::{self, Family, Path, SubnetReach};
use crate::topology::{cidr, network_checks, Subnet, Topology};
use aws::NetworkAcl;
use ipnet::Ipv4Net;
use serde::Serialize;

/// One path of a node subnet, with its fixes when it is broken.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub ok: bool,
    /// "a → b → c", or "a → ✗ problem".
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Remedy>,
}

/// A node subnet's verdict.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetReport {
    pub subnet: String,
    pub az: String,
    pub tier: String,
    pub cidr: Ipv4Net,
    pub route_table: String,
    pub available_addresses: Option<u64>,
    /// Nodes launched here can register and pull their images.
    pub can_join: bool,
    pub api: Check,
    /// IPv6 clusters: the path to the dual-stack API endpoint over IPv6.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_ipv6: Option<Check>,
    pub images: Check,
    pub credentials: Check,
    /// What the credentials path covers ("STS", or "STS + eks-auth").
    #[serde(skip)]
    pub credentials_label: &'static str,
    /// The services the add-ons call (when the cluster runs any).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addons: Option<Check>,
    /// Other reasons nodes here cannot join (a full subnet, a network ACL).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blockers: Vec<Check>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub vpc: String,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub node_subnets_from: String,
    /// Where the pod subnets were taken from, when there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_subnets_from: Option<String>,
    /// The VPC endpoints that remedies below create, each command once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints_to_create: Vec<EndpointToCreate>,
    pub subnets: Vec<SubnetReport>,
    pub diagnostics: Diagnostics,
    #[serde(skip)]
    pub topology: Topology,
}

impl SubnetReport {
    /// The checks of its paths, each with the label and family of the path
    /// it judges (the labels `SubnetReach::paths` gives).
    pub fn path_checks(&self) -> Vec<(&'static str, Family, &Check)> {
        let mut out = vec![(reach::API_LABEL, Family::Ipv4, &self.api)];
        if let Some(v6) = &self.api_ipv6 {
            out.push((reach::API_LABEL, Family::Ipv6, v6));
        }
        out.extend([
            (reach::IMAGES_LABEL, Family::Ipv4, &self.images),
            (self.credentials_label, Family::Ipv4, &self.credentials),
        ]);
        if let Some(a) = &self.addons {
            out.push((reach::ADDONS_LABEL, Family::Ipv4, a));
        }
        out
    }
}

impl Report {
    pub fn all_can_join(&self) -> bool {
        self.subnets.iter().all(|s| s.can_join)
    }
    pub fn errors(&self) -> usize {
        self.diagnostics.errors().count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Read a collection directory and diagnose it.
pub fn diagnose(dir: &std::path::Path, opts: &Options) -> Result<Report, InputError> {
    let input = Input::load(dir)?;
    let imp = import::import(&input, opts)?;
    // The parsed files are freed beside the verdict, not before it.
    let ((subnets, diagnostics, endpoints_to_create), ()) =
        crate::par::both(true, || verdict(&imp), move || drop(input));
    // The report takes the topology over: a large VPC's is not copied.
    Ok(Report {
        vpc: imp.vpc_id,
        region: imp.topology.region.clone(),
        cluster: imp.cluster_name,
        node_subnets_from: imp.node_subnets_from,
        pod_subnets_from: imp.pods.from,
        endpoints_to_create,
        subnets,
        diagnostics,
        topology: imp.topology,
    })
}

fn check(p: &Path, fixes: Vec<Remedy>) -> Check {
    Check {
        ok: p.ok,
        path: p.describe(),
        problem: p.problem.clone(),
        fixes: if p.ok { vec![] } else { fixes },
    }
}

/// Run the rules and the reachability engine on an imported VPC.
pub fn examine(imp: &Imported) -> Report {
    let (subnets, diagnostics, endpoints_to_create) = verdict(imp);
    Report {
        vpc: imp.vpc_id.clone(),
        region: imp.topology.region.clone(),
        cluster: imp.cluster_name.clone(),
        node_subnets_from: imp.node_subnets_from.clone(),
        pod_subnets_from: imp.pods.from.clone(),
        endpoints_to_create,
        subnets,
        diagnostics,
        topology: imp.topology.clone(),
    }
}

/// Each node subnet's verdict, and every finding with its fix. The subnets
/// of a large VPC are judged on every core, the VPC-wide checks beside
/// them; the findings are gathered in the order one thread would make them.
/// Then the VPC endpoints their fixes create.
fn verdict(imp: &Imported) -> (Vec<SubnetReport>, Diagnostics, Vec<EndpointToCreate>) {
    let t = &imp.topology;
    let fixer = fixes::Fixer::new(imp);
    let paths = reach::analyze(t);
    let by_id: HashMap<&str, &Subnet> = t.subnets.iter().map(|s| (s.id.as_str(), s)).collect();
    let (chunks, checks) = crate::par::both(
        paths.len() >= 256,
        || {
            crate::par::map_chunks(&paths, 256, |chunk| {
                let mut diags = Diagnostics::default();
                let mut reports = Vec::with_capacity(chunk.len());
                reports.extend(chunk.iter().filter_map(|r| {
                    let s = by_id.get(r.subnet.as_str())?;
                    Some(subnet_report(imp, &fixer, s, r, &mut diags))
                }));
                (reports, diags)
            })
        },
        || network_checks::check_with(t, &paths),
    );
    let mut diags = Diagnostics(checks);
    diags.extend(imp.notes.iter().cloned());
    let mut subnets = Vec::new();
    for (reports, d) in chunks {
        if subnets.is_empty() {
            // The first chunk's reports take the others in: a large VPC's
            // are hundreds of megabytes, not held twice.
            subnets = reports;
            subnets.reserve_exact(paths.len() - subnets.len());
        } else {
            subnets.extend(reports);
        }
        diags.extend(d.0);
    }
    // A large VPC's paths are freed beside the fixes and the sort.
    crate::par::both(
        paths.len() >= 256,
        || {
            attach_fixes(&mut diags, &subnets, &fixer);
            diags.sort();
        },
        move || drop(paths),
    );
    let create = endpoints_to_create(&subnets, &fixer);
    (subnets, diags, create)
}

/// The endpoints that a first fix creates, each as its own finding (N131),
/// in the order of the report's findings: the findings of SARIF and Code
/// Quality, which show each path's first fix only, add these.
pub fn endpoint_findings(r: &Report) -> Diagnostics {
    let mut found = Diagnostics(
        r.endpoints_to_create
            .iter()
            .filter(|e| e.in_first_fix)
            .map(EndpointToCreate::finding)
            .collect(),
    );
    found.sort();
    found
}

/// The VPC endpoints that the subnets' remedies create, by service, each
/// with its command and whether a first fix creates it.
fn endpoints_to_create(subnets: &[SubnetReport], fixer: &fixes::Fixer) -> Vec<EndpointToCreate> {
    // Service → created by some subnet's first fix.
    let mut services = std::collections::BTreeMap::<&str, bool>::new();
    for s in subnets {
        for (.., check) in s.path_checks() {
            for (i, r) in check.fixes.iter().enumerate() {
                for service in &r.create_endpoints {
                    *services.entry(service).or_default() |= i == 0;
                }
            }
        }
    }
    services
        .into_iter()
        .filter_map(|(service, first)| {
            let mut e = fixer.create_endpoint(service)?;
            e.in_first_fix = first;
            Some(e)
        })
        .collect()
}

/// A node subnet's verdict: its three paths, each with its fixes, and what
/// else keeps nodes from joining (each network ACL blocker is a finding too).
fn subnet_report(
    imp: &Imported,
    fixer: &fixes::Fixer,
    s: &Subnet,
    r: &SubnetReach,
    diags: &mut Diagnostics,
) -> SubnetReport {
    let mut blockers = Vec::new();
    if s.available_addresses == Some(0) {
        blockers.push(Check {
            ok: false,
            path: format!("{} has no free addresses", s.id),
            problem: Some("new nodes get no network interface".into()),
            fixes: vec![],
        });
    }
    // An IPv6 cluster's nodes need an IPv6 address of the subnet (E105, E106).
    if imp.topology.ip_family == crate::topology::IpFamily::Ipv6
        && !s.ipv6.is_some_and(|v| v.assign_on_creation)
    {
        blockers.push(Check {
            ok: false,
            path: format!("{} does not give new nodes an IPv6 address", s.id),
            problem: Some("EKS refuses a managed node group there in an IPv6 cluster".into()),
            fixes: vec![],
        });
    }
    if let Some(acl) = imp.network_acls.as_ref().and_then(|m| m.get(&s.id)) {
        nacl_blockers(fixer, s, acl, r, &mut blockers, diags);
    }
    let api = check(&r.api, fixer.remedies(s, &r.api.causes, true));
    let api_ipv6 = r
        .api_ipv6
        .as_ref()
        .map(|p| check(p, fixer.remedies(s, &p.causes, true)));
    let images = check(&r.images, fixer.remedies(s, &r.images.causes, false));
    let credentials = check(
        &r.credentials,
        fixer.remedies(s, &r.credentials.causes, false),
    );
    let addons = r
        .addons
        .as_ref()
        .map(|p| check(p, fixer.remedies(s, &p.causes, false)));
    SubnetReport {
        subnet: s.id.clone(),
        az: s.az.clone(),
        tier: s.tier.as_str().to_string(),
        cidr: s.cidr,
        route_table: s.route_table.clone(),
        available_addresses: s.available_addresses,
        can_join: crate::topology::reach::api_joins(&imp.topology, r)
            && images.ok
            && blockers.is_empty(),
        api,
        api_ipv6,
        images,
        credentials,
        credentials_label: r.credentials_label,
        addons,
        blockers,
    }
}

/// What the subnet's network ACL drops of the traffic its working paths
/// carry: HTTPS out and the replies in, each once, as a blocker and an E082.
fn nacl_blockers(
    fixer: &fixes::Fixer,
    s: &Subnet,
    acl: &NetworkAcl,
    r: &SubnetReach,
    blockers: &mut Vec<Check>,
    diags: &mut Diagnostics,
) {
    for dest in nacl_destinations(&fixer.imp.topology, r) {
        for (egress, ports) in [(true, (443, 443)), (false, nacl::EPHEMERAL)] {
            let Some(d) = nacl::check(acl, egress, ports, dest) else {
                continue;
            };
            let words = d.describe();
            if blockers.iter().any(|b| b.path == words) {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    Code::E082,
                    format!("{words}: node subnet {} is cut off", s.id),
                )
                .on(s.place())
                .fix(fixer.nacl(&d).commands.join("\n")),
            );
            blockers.push(Check {
                ok: false,
                path: words,
                problem: Some("node traffic is dropped after the routes allow it".into()),
                fixes: vec![fixer.nacl(&d)],
            });
        }
    }
}

/// Where the subnet's working paths go, for the network ACL to let through:
/// the internet (also S3's public addresses behind a gateway endpoint), else
/// the VPC's own ranges, else nowhere. What lets 0.0.0.0/0 through lets the
/// VPC's own ranges through.
fn nacl_destinations(t: &Topology, r: &SubnetReach) -> Vec<Ipv4Net> {
    let paths: Vec<&Path> = r.paths().into_iter().map(|(_, p)| p).collect();
    let inside = paths
        .iter()
        .any(|p| p.ok && p.hops.iter().any(|h| h == "VPC local route"));
    let outside = paths.iter().any(|p| {
        p.ok && (!p.hops.iter().any(|h| h == "VPC local route")
            || p.hops.iter().any(|h| h.contains("gateway endpoint")))
    });
    if outside {
        vec![cidr::ANY]
    } else if inside {
        t.vpc.cidrs().copied().collect()
    } else {
        vec![]
    }
}

/// Findings get exact commands where one command does it; a broken path's
/// finding gets its path's first remedy.
fn attach_fixes(diags: &mut Diagnostics, subnets: &[SubnetReport], fixer: &fixes::Fixer) {
    let by_id: HashMap<&str, &SubnetReport> =
        subnets.iter().map(|s| (s.subnet.as_str(), s)).collect();
    crate::par::for_chunks_mut(&mut diags.0, 1024, |chunk| {
        for d in chunk {
            if let Some(cmd) = fixer.finding(d.code, d.place.resource.as_deref(), &d.message) {
                d.fix = cmd;
                continue;
            }
            if let Some(r) = broken_path(d, &by_id).and_then(|c| c.fixes.first()) {
                d.fix = r.as_fix();
            }
        }
    });
}

/// The path of a node subnet a reachability finding is about.
fn broken_path<'a>(d: &Diagnostic, subnets: &HashMap<&str, &'a SubnetReport>) -> Option<&'a Check> {
    // Other findings are not looked into.
    if !d.message.starts_with(reach::NODES_IN) {
        return None;
    }
    let sr = d
        .place
        .resource
        .as_deref()
        .and_then(|r| r.strip_prefix("subnet "))
        .and_then(|id| subnets.get(id).copied())?;
    sr.path_checks()
        .into_iter()
        .find(|(label, family, _)| {
            d.message
                .starts_with(&reach::finding_head(&sr.subnet, label, *family))
        })
        .map(|(.., check)| check)
}
