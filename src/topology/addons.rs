//! What the spec's add-ons bring besides endpoints (`endpoints.rs`): the EKS
//! managed add-ons every output installs, in the order EKS needs them, and
//! the node role's policies.

use super::model::ManagedAddon;
use crate::aws::addons::{self, Addon};
use crate::aws::nodes::NODE_POLICIES;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::Spec;

/// Each add-on where the list first names it, with its index there: a
/// repeat is planned once (W095).
pub(super) fn first_listed(list: &[Addon]) -> impl Iterator<Item = (usize, Addon)> + '_ {
    list.iter()
        .enumerate()
        .filter(|(i, a)| !list[..*i].contains(a))
        .map(|(i, a)| (i, *a))
}

/// W095 for an add-on listed again: it is planned once.
pub(super) fn check(spec: &Spec, d: &mut Diagnostics) {
    let first: Vec<usize> = first_listed(&spec.addons).map(|(i, _)| i).collect();
    for (i, a) in spec.addons.iter().enumerate() {
        if !first.contains(&i) {
            d.push(
                Diagnostic::new(Code::W095, format!("`{a}` is listed more than once"))
                    .at(format!("addons[{i}]")),
            );
        }
    }
}

/// The add-ons once each, in the order the spec lists them.
pub(super) fn distinct(list: &[Addon]) -> Vec<Addon> {
    first_listed(list).map(|(_, a)| a).collect()
}

/// The core add-ons (VPC CNI, kube-proxy, CoreDNS), then each add-on's
/// managed add-on, in spec order.
pub(super) fn managed(list: &[Addon]) -> Vec<ManagedAddon> {
    let core = addons::CORE.iter().map(|c| ManagedAddon {
        name: c.name.to_string(),
        after_nodes: c.after_nodes,
        reason: c.reason.to_string(),
    });
    let extra = list.iter().filter_map(|a| {
        let p = a.profile();
        p.managed.map(|name| ManagedAddon {
            name: name.to_string(),
            after_nodes: addons::managed_after_nodes(name),
            reason: format!("the `{}` add-on", p.key),
        })
    });
    core.chain(extra).collect()
}

/// The node role's AWS managed policies: every node's, then the add-ons'.
pub(super) fn node_policies(list: &[Addon]) -> Vec<String> {
    let mut out: Vec<String> = NODE_POLICIES.iter().map(|p| p.to_string()).collect();
    for a in list {
        for p in a.profile().node_policies {
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
    out
}
