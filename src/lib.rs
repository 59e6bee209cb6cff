//! eksnet: design the network of an Amazon EKS cluster and write it out as
//! infrastructure code.
//!
//! The pipeline, one module a stage:
//! `spec` (what the user said) → `topology` (the validated model, with the
//! `rules` and the reachability engine) → renderers and reports that only
//! read the topology. Each command is a function of `jobs`, with typed
//! options, a typed outcome and one `Error`; `cli` parses flags, calls a job
//! and reports, and `main.rs` only runs `cli`.

pub mod aws;
pub mod cli;
pub mod codequality;
pub mod diag;
pub mod doctor;
pub mod hash;
pub mod jobs;
pub mod output;
pub mod par;
pub mod read;
pub mod render;
pub mod report;
pub mod rules;
pub mod sarif;
pub mod spec;
pub mod teach;
pub mod text;
pub mod topology;
pub mod wizard;
