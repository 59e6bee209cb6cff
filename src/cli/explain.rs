//! `explain`: the decisions of the planned network, or one rule by code.

use super::{out, show, OutputFormat, SpecArgs, Ui};
use crate::jobs::{self, Error, ExplainOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// A rule code (e.g. E061) or an add-on (e.g. karpenter) to explain instead of the network
    #[arg(value_name = "RULE_CODE|ADD-ON")]
    pub code: Option<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
}

pub fn explain(args: &ExplainArgs, ui: &Ui) -> Result<(), Error> {
    let opts = ExplainOptions {
        output: args.output,
    };
    if let Some(code) = &args.code {
        return out(jobs::explain_rule(code, &opts)?);
    }
    let p = args.spec.plan(ui)?;
    ui.diagnostics(&p.plan.diagnostics);
    show(jobs::explain(&p, &opts)?)
}
