//! `compare`: the four architectures side by side for the spec's VPC and AZs.

use super::{show, OutputFormat, SpecArgs, Ui};
use crate::jobs::{self, CompareOptions, Error};

#[derive(Debug, Clone, clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
    /// Expected node traffic to AWS services and the internet, GB a month:
    /// priced per GB through NAT or interface endpoints, with the break-even
    /// traffic between architectures (0 shows the fixed monthly costs only)
    #[arg(long, value_name = "GB", default_value_t = 0, help_heading = "Cost")]
    pub monthly_gb: u64,
}

pub fn compare(args: &CompareArgs, ui: &Ui) -> Result<(), Error> {
    let loaded = args.spec.load(ui)?;
    show(jobs::compare(
        &loaded,
        &CompareOptions {
            output: args.output,
            monthly_gb: args.monthly_gb,
        },
    ))
}
