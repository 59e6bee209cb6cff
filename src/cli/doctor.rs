//! `eksnet doctor DIR`: diagnose an existing VPC from the AWS CLI's JSON.
//!
//! Exit codes follow the rest of eksnet: 0 when every node subnet can join
//! (warnings printed), 1 when one cannot or another error was found (or on
//! warnings with --deny-warnings), 2 when the input cannot be read.

use crate::doctor::Options;
use crate::jobs::{self, DoctorOptions, Error, ReportFormat};
use std::io::Write;
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
    /// Output format on stdout (sarif: SARIF 2.1.0, for code scanning; codequality: a GitLab Code Quality report)
    #[arg(long, value_enum, default_value_t)]
    pub output: ReportFormat,
    /// Exit 1 when there are warnings
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn doctor(args: &DoctorArgs) -> Result<(), Error> {
    let opts = DoctorOptions {
        diagnose: Options {
            node_subnets: args
                .node_subnets
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            vpc_id: args.vpc_id.clone(),
        },
        output: args.output,
        deny_warnings: args.deny_warnings,
    };
    let report = jobs::diagnose(&args.dir, &opts)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let failed = jobs::write_diagnosis(&args.dir, &report, &opts, &mut out)?;
    out.flush().map_err(Error::Stdout)?;
    // eksnet ends next: a large VPC's report is millions of small
    // allocations, which the system takes back at once (freeing them one by
    // one costs a tenth of the run).
    std::mem::forget(report);
    if failed {
        Err(Error::Problems)
    } else {
        Ok(())
    }
}
