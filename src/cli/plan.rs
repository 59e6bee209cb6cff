//! `plan`, `validate` and `rules`: their flags, and what they print.

use super::{show, OutputFormat, SpecArgs, SpecsArgs, Ui};
use crate::jobs::{self, Error, PlanOptions, ReportFormat, RulesOptions, ValidateOptions};
use crate::spec::Overrides;
use std::path::Path;

#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    // The heading is named: after the flattened overrides clap would file
    // this flag under "Spec overrides".
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
    /// What NODES nodes with PODS pods each need: subnet sizes, and whether a secondary CIDR must hold the pods
    #[arg(long, value_name = "NODES:PODS", value_parser = parse_size_for, help_heading = "Output")]
    pub size_for: Option<(u32, u32)>,
}

/// `NODES:PODS`, both whole numbers from 1.
fn parse_size_for(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}` is not NODES:PODS, e.g. 30:50 (30 nodes, 50 pods each)");
    let (n, p) = s.split_once(':').ok_or_else(bad)?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    let p: u32 = p.trim().parse().map_err(|_| bad())?;
    if n == 0 || p == 0 {
        return Err(format!("`{s}`: nodes and pods must be at least 1"));
    }
    // Each node takes its own address and its pods': beyond the largest
    // private IPv4 network there is nothing to size.
    if u64::from(n) * (u64::from(p) + 1) > 1 << 24 {
        return Err(format!(
            "`{s}`: {n} nodes of {p} pods need more addresses than 10.0.0.0/8 holds"
        ));
    }
    Ok((n, p))
}

#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub spec: SpecsArgs,
    /// Output format on stdout (sarif: SARIF 2.1.0, for code scanning; codequality: a GitLab Code Quality report)
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
            size_for: args.size_for,
        },
    )?)
}

/// One spec as always; with several (text output only), each is judged
/// on its own, its verdict on its own line.
pub fn validate(args: &ValidateArgs, ui: &Ui) -> Result<(), Error> {
    let opts = ValidateOptions {
        output: args.output,
        deny_warnings: args.deny_warnings,
    };
    let overrides = &args.spec.overrides;
    if let Some(spec) = args.spec.single() {
        return validate_one(spec, overrides, &opts, ui);
    }
    if args.output != ReportFormat::Text {
        return Err(Error::OneSpecOnly("--output json, sarif or codequality"));
    }
    // Validating writes nothing: the specs can be judged side by side.
    super::each_spec(&args.spec.specs, true, ui, |spec| {
        validate_one(Some(spec), overrides, &opts, ui)
    })
}

fn validate_one(
    spec: Option<&Path>,
    overrides: &Overrides,
    opts: &ValidateOptions,
    ui: &Ui,
) -> Result<(), Error> {
    let p = match super::load(spec, overrides, ui) {
        Ok(l) => jobs::Planned::new(l),
        Err(Error::Load(e)) => {
            // JSON and SARIF on stdout even when there is no spec to plan;
            // stderr and the exit code tell the error as for any format.
            if let Some(doc) = jobs::unloadable(&e, spec, opts) {
                super::out(doc)?;
            }
            return Err(Error::Load(e));
        }
        Err(e) => return Err(e),
    };
    // JSON, SARIF and Code Quality carry the diagnostics themselves.
    if opts.output == ReportFormat::Text {
        ui.diagnostics(&p.plan.diagnostics);
    }
    show(jobs::validate(&p, opts))
}

pub fn rules(args: &RulesArgs) -> Result<(), Error> {
    super::out(jobs::rules(&RulesOptions {
        output: args.output,
    }))
}
