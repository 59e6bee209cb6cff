//! The rules: the catalog of codes, and the checks that run on any Topology
//! (planned or imported). Checks of spec values run while planning, in
//! `topology::plan`, where the values are parsed; the network checks live in
//! `topology::network_checks`, beside the model they read, so the topology
//! never calls up into this layer.

pub mod catalog;

pub use crate::topology::network_checks::{check, pod_capacity};
