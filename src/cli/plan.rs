//! `plan`, `validate` and `rules`: their flags, and what they print.

use super::{show, OutputFormat, SpecArgs, Ui};
use crate::jobs::{self, Error, PlanOptions, ReportFormat, RulesOptions, ValidateOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    // The heading is named: after the flattened overrides clap would file
    // this flag under "Spec overrides".
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout (sarif: SARIF 2.1.0, for code scanning)
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: ReportFormat,
    /// Exit 1 when there are warnings
    #[arg(long, help_heading = "Output")]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RulesArgs {
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

pub fn plan(args: &PlanArgs, ui: &Ui) -> Result<(), Error> {
    let p = args.spec.plan(ui)?;
    ui.diagnostics(&p.plan.diagnostics);
    show(jobs::plan(
        &p,
        &PlanOptions {
            output: args.output,
        },
    )?)
}

pub fn validate(args: &ValidateArgs, ui: &Ui) -> Result<(), Error> {
    let opts = ValidateOptions {
        output: args.output,
        deny_warnings: args.deny_warnings,
    };
    let p = match args.spec.plan(ui) {
        Ok(p) => p,
        Err(Error::Load(e)) => {
            // JSON and SARIF on stdout even when there is no spec to plan;
            // stderr and the exit code tell the error as for any format.
            if let Some(doc) = jobs::unloadable(&e, args.spec.spec.as_deref(), &opts) {
                super::out(doc)?;
            }
            return Err(Error::Load(e));
        }
        Err(e) => return Err(e),
    };
    // JSON and SARIF carry the diagnostics themselves.
    if args.output == ReportFormat::Text {
        ui.diagnostics(&p.plan.diagnostics);
    }
    show(jobs::validate(&p, &opts))
}

pub fn rules(args: &RulesArgs) -> Result<(), Error> {
    super::out(jobs::rules(&RulesOptions {
        output: args.output,
    }))
}
