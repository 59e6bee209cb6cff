//! The PrivateLink endpoints a planned network gets: the architecture's
//! required set when node subnets have no route out, plus the spec's add-ons.

use super::model::*;
use crate::aws::{instances, regions, services};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Architecture, Egress, NatMode, Spec};
use std::collections::BTreeMap;

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
                    Code::W051,
                    format!(
                        "`{x}` is excluded: {}",
                        services::find(x).map_or("", |s| s.reason)
                    ),
                )
                .at(field),
            );
        } else if services::find(x).is_none() {
            d.push(
                Diagnostic::new(Code::E050, format!("unknown PrivateLink service `{x}`")).at(field),
            );
        } else {
            d.push(
                Diagnostic::new(
                    Code::W052,
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
