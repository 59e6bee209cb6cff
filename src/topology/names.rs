//! Names eksnet gives resources from the cluster's name, in one place so the
//! planner and the spec checks (which bound their length) agree.

/// The managed node group's name: `<cluster>-nodes`.
pub fn node_group_name(cluster: &str) -> String {
    format!("{cluster}-nodes")
}
