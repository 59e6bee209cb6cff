//! The validated network model, how it is planned from a spec, and the
//! reachability engine that reads it.

pub mod cidr;
mod model;
mod plan;
pub mod reach;

pub use model::*;
pub use plan::{max_pods, node_group_name, plan, Plan};
