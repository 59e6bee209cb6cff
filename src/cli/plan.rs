//! `plan`, `validate` and `rules`: their flags, and what they print.

use super::{show, OutputFormat, SpecArgs, Ui};
use crate::jobs::{self, Error, PlanOptions, RulesOptions, ValidateOptions};

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
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
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
    let p = match args.spec.plan(ui) {
        Ok(p) => p,
        // JSON on stdout even when there is no spec to plan; stderr and the
        // exit code tell the error as for any format.
        Err(Error::Load(e)) if args.output == OutputFormat::Json => {
            super::out(jobs::load_failure_json(&e))?;
            return Err(Error::Load(e));
        }
        Err(e) => return Err(e),
    };
    // JSON carries the diagnostics itself.
    if args.output == OutputFormat::Text {
        ui.diagnostics(&p.plan.diagnostics);
    }
    let opts = ValidateOptions {
        output: args.output,
        deny_warnings: args.deny_warnings,
    };
    show(jobs::validate(&p, &opts))
}

pub fn rules(args: &RulesArgs) -> Result<(), Error> {
    super::out(jobs::rules(&RulesOptions {
        output: args.output,
    }))
}
