//! eksnet: design the network of an Amazon EKS cluster and write it out as
//! infrastructure code.
//!
//! The pipeline, one module a stage:
//! `spec` (what the user said) → `topology` (the validated model, with the
//! `rules` and the reachability engine) → renderers and reports that only
//! read the topology. The binary in `main.rs` parses flags, runs a command
//! and reports; everything else lives here so tests and benches use it.

pub mod aws;
pub mod cli;
pub mod diag;
pub mod doctor;
pub mod output;
pub mod render;
pub mod report;
pub mod rules;
pub mod spec;
pub mod teach;
pub mod topology;
pub mod wizard;
