//! The PrivateLink endpoints a planned network gets: when node subnets have
//! no route out, the architecture's required set and what the spec's
//! add-ons call; plus the spec's `privateLink`, less `privateLinkExclude`.

use super::model::*;
use crate::aws::{instances, regions, services};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Addon, Architecture, Egress, NatMode, Spec};
use std::collections::BTreeMap;

/// Why an endpoint is planned: the architecture's required set, add-ons
/// (by their index in `addons`), or the spec's `privateLink`.
#[derive(Default)]
struct Want {
    required: bool,
    addons: Vec<(usize, Addon)>,
    /// Added because control-plane logging is on, as eksctl does.
    for_logging: bool,
}

pub(super) fn plan_endpoints(
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
    let mut wanted: BTreeMap<&str, Want> = BTreeMap::new();
    if no_internet {
        for r in services::REQUIRED_WITHOUT_EGRESS {
            wanted.entry(r).or_default().required = true;
        }
        for (i, a) in super::addons::first_listed(&spec.addons) {
            for e in a.profile().endpoints {
                wanted.entry(e).or_default().addons.push((i, a));
            }
        }
        // eksctl adds a logs endpoint to a private cluster with control-plane
        // logging; so does eksnet, so the formats build the same network.
        if !spec.control_plane_logging.is_empty() {
            wanted.entry("logs").or_default().for_logging = true;
        }
    }
    exclude(spec, arch, &mut wanted, d);
    add_private_link(spec, region, &mut wanted, d);
    let node_subnets: Vec<&Subnet> = subnets.iter().filter(|s| s.nodes).collect();
    let mut route_tables: Vec<String> =
        node_subnets.iter().map(|s| s.route_table.clone()).collect();
    route_tables.dedup();
    let mut out = Vec::new();
    for (key, want) in wanted {
        let Some(s) = services::find(key) else {
            continue;
        };
        let Some(service_name) = services::service_name(s, region.code, region.partition) else {
            unconfirmed_in_china(spec, s.key, region, &want, d);
            continue;
        };
        out.push(VpcEndpoint {
            service: s.key.to_string(),
            service_name,
            kind: s.kind,
            reason: if want.for_logging && want.addons.is_empty() {
                format!(
                    "{} (eksctl adds it when control-plane logging is on; so does eksnet)",
                    s.reason
                )
            } else {
                s.reason.to_string()
            },
            required: want.required || want.for_logging,
            for_addons: want.addons.iter().map(|(_, a)| *a).collect(),
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
        });
    }
    out
}

/// `privateLinkExclude`: a required service may be left out (a region that
/// lacks it: W051); one an add-on calls may not (E092).
fn exclude(
    spec: &Spec,
    arch: Architecture,
    wanted: &mut BTreeMap<&str, Want>,
    d: &mut Diagnostics,
) {
    for (i, x) in spec.private_link_exclude.iter().enumerate() {
        let field = format!("privateLinkExclude[{i}]");
        match wanted.get(x.as_str()) {
            Some(w) if !w.addons.is_empty() => {
                let users: Vec<&str> = w.addons.iter().map(|(_, a)| a.as_str()).collect();
                d.push(
                    Diagnostic::new(
                        Code::E092,
                        format!(
                            "`{x}` is excluded, but the add-on(s) {} call it",
                            users.join(", ")
                        ),
                    )
                    .at(field),
                );
            }
            Some(_) => {
                wanted.remove(x.as_str());
                d.push(
                    Diagnostic::new(
                        Code::W051,
                        format!(
                            "`{x}` is excluded: {}",
                            services::find(x).map_or("", |s| s.reason)
                        ),
                    )
                    .at(field),
                );
            }
            None if services::find(x).is_none() => d.push(
                Diagnostic::new(Code::E050, format!("unknown PrivateLink service `{x}`")).at(field),
            ),
            None => d.push(
                Diagnostic::new(
                    Code::W052,
                    format!("`{x}` is not in the {arch} architecture's required set"),
                )
                .at(field),
            ),
        }
    }
}

/// `privateLink`: services added beyond the required set; and the eks
/// endpoint, which some regions do not offer (E053), wherever it came from.
fn add_private_link<'a>(
    spec: &'a Spec,
    region: &regions::Region,
    wanted: &mut BTreeMap<&'a str, Want>,
    d: &mut Diagnostics,
) {
    for (i, x) in spec.private_link.iter().enumerate() {
        let field = format!("privateLink[{i}]");
        match services::find(x) {
            None => d.push(
                Diagnostic::new(Code::E050, format!("unknown PrivateLink service `{x}`"))
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
                        Code::E053,
                        format!("the eks endpoint is not offered in {}", region.code),
                    )
                    .at(field),
                );
            }
            Some(s) if spec.private_link_exclude.iter().any(|e| e == s.key) => {}
            Some(s) => {
                wanted.entry(s.key).or_default();
            }
        }
    }
    if region.eks_private_link {
        return;
    }
    if let Some(w) = wanted.remove("eks") {
        for (i, a) in w.addons {
            d.push(
                Diagnostic::new(
                    Code::E053,
                    format!(
                        "the {a} add-on needs the eks endpoint without a route out, and {} does not offer it",
                        region.code
                    ),
                )
                .at(format!("addons[{i}]"))
                .fix("give the node subnets a route out, or leave the add-on out"),
            );
        }
    }
}

/// E093 for a service whose China name no source confirms, at what asked for it.
fn unconfirmed_in_china(
    spec: &Spec,
    key: &str,
    region: &regions::Region,
    want: &Want,
    d: &mut Diagnostics,
) {
    let msg = format!(
        "no source confirms the {key} endpoint's service name in {}; eksnet does not guess it",
        region.code
    );
    let mut fields: Vec<String> = want
        .addons
        .iter()
        .map(|(i, _)| format!("addons[{i}]"))
        .collect();
    fields.extend(
        spec.private_link
            .iter()
            .enumerate()
            .filter(|(_, x)| x.as_str() == key)
            .map(|(i, _)| format!("privateLink[{i}]")),
    );
    if fields.is_empty() {
        fields.push("region".into());
    }
    for f in fields {
        d.push(Diagnostic::new(Code::E093, msg.clone()).at(f));
    }
}

/// Max pods per node for the node group in the default mode (its largest
/// instance type: the most addresses one node can take), and the types
/// eksnet has no ENI figures for.
pub fn max_pods(types: &[String]) -> (u32, Vec<String>) {
    let (claim, unknown) = node_claim(types, CniMode::default());
    (claim.max_pods, unknown)
}

/// The largest claim of the instance types in `mode` (max pods, and the
/// addresses in each subnet, each the most any type takes), and the types
/// eksnet has no ENI figures for.
pub fn node_claim(types: &[String], mode: CniMode) -> (Claim, Vec<String>) {
    let mut unknown = Vec::new();
    let mut most = Claim {
        max_pods: 0,
        node_subnet: 0,
        pod_subnet: 0,
    };
    for t in types {
        let c = instances::claim(t, mode).unwrap_or_else(|| {
            unknown.push(t.clone());
            instances::unknown_claim(mode)
        });
        most.max_pods = most.max_pods.max(c.max_pods);
        most.node_subnet = most.node_subnet.max(c.node_subnet);
        most.pod_subnet = most.pod_subnet.max(c.pod_subnet);
    }
    (most, unknown)
}
