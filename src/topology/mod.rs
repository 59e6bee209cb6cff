//! The validated network model, how it is planned from a spec, and the
//! reachability engine that reads it.

mod build;
mod carve;
mod checks;
pub mod cidr;
mod endpoints;
mod layout;
mod model;
mod names;
pub mod network_checks;
mod plan;
pub mod reach;

pub use endpoints::max_pods;
pub use layout::eksctl_layout;
pub use model::*;
pub use names::node_group_name;
pub use plan::{plan, Plan};
