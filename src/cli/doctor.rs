//! `eksnet doctor DIR`: diagnose an existing VPC from the AWS CLI's JSON.
//!
//! Exit codes follow the rest of eksnet: 0 when every node subnet can join
//! (warnings printed), 1 when one cannot or another error was found (or on
//! warnings with --deny-warnings), 2 when the input cannot be read.

use super::{exit, OutputFormat, Ui};
use crate::doctor::{self, report, Options};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct DoctorArgs {
    /// Directory holding the describe-* JSON (see docs/doctor.md for the script that collects it)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Subnets the nodes run in (default: the node groups' subnets, else the cluster's)
    #[arg(long, value_name = "SUBNET-ID,...", value_delimiter = ',')]
    pub node_subnets: Vec<String>,
    /// The VPC to diagnose when vpcs.json holds several (default: the cluster's)
    #[arg(long, value_name = "VPC-ID")]
    pub vpc_id: Option<String>,
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
    /// Exit 1 when there are warnings
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn doctor(args: &DoctorArgs, ui: &Ui) -> i32 {
    let opts = Options {
        node_subnets: args
            .node_subnets
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        vpc_id: args.vpc_id.clone(),
    };
    let r = match doctor::diagnose(&args.dir, &opts) {
        Ok(r) => r,
        Err(e) => {
            ui.error(e.to_string());
            return exit::USAGE;
        }
    };
    match args.output {
        OutputFormat::Text => print!("{}", report::text(&r)),
        OutputFormat::Json => print!("{}", report::json(&r)),
    }
    let failed = !r.all_can_join()
        || r.diagnostics.has_errors()
        || (args.deny_warnings && r.diagnostics.has_warnings());
    if failed {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}
