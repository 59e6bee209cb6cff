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
}

pub fn compare(args: &CompareArgs, ui: &Ui) -> Result<(), Error> {
    let loaded = args.spec.load(ui)?;
    show(jobs::compare(
        &loaded,
        &CompareOptions {
            output: args.output,
        },
    ))
}
