//! The validated network model, how it is planned from a spec, the checks
//! that read it, and the reachability engine.
//!
//! Within the module the arrows point one way: `plan` settles the spec's
//! values (`checks`, `carve`, with `cidr`, `names` and a `lock` of the
//! subnets that exist) and hands them to
//! `build`, which lays out the `model` (with `endpoints` and `layout`);
//! `network_checks`, `reach` (with `lpm`, the route lookup) and
//! `prerequisites` only read the model.

mod addons;
mod build;
pub mod capacity;
mod carve;
mod checks;
pub mod cidr;
pub mod cni;
mod endpoints;
mod ipv6;
mod ipv6_checks;
mod layout;
mod limits;
mod lock;
pub mod lpm;
mod model;
mod names;
pub mod network_checks;
mod path;
mod plan;
mod pods;
mod prerequisites;
pub mod reach;
mod reach_ipv6;
mod transit;

pub use endpoints::{max_pods, node_claim};
pub use ipv6::ANY6;
pub use layout::eksctl_layout;
pub use lock::{Lock, LockError, LockedSubnet, Replacement, LOCK_FILE};
pub use model::*;
pub use names::node_group_name;
pub use plan::{plan, plan_locked, Plan};
pub use prerequisites::Prerequisite;
