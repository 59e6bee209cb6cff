//! The rules: the catalog of codes, and the checks that run on any Topology
//! (planned or imported). Checks of spec values run while planning, in
//! `topology::plan`, where the values are parsed.

pub mod catalog;
mod network;

pub use network::{check, pod_capacity};
