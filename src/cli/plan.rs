//! `plan`, `validate` and `rules`.

use super::{exit, OutputFormat, SpecArgs, Ui};
use crate::diag::Diagnostics;
use crate::rules::catalog::RULES;
use crate::topology::{plan as build_plan, Plan, Topology};
use crate::{report, spec::LoadedSpec};

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

/// Load and plan; diagnostics carry their file locations.
pub fn load_and_plan(args: &SpecArgs, ui: &Ui) -> Result<(LoadedSpec, Plan), i32> {
    let loaded = args.load(ui)?;
    let mut plan = build_plan(&loaded.spec);
    loaded.place(&mut plan.diagnostics);
    Ok((loaded, plan))
}

/// The shape of every command that prints something about a planned
/// network: load and plan, report the diagnostics, print what `show` makes
/// of the topology (even one with errors, so the user sees what is wrong),
/// and exit 1 when there were errors.
pub fn with_topology(args: &SpecArgs, ui: &Ui, show: impl FnOnce(&Topology, &Plan)) -> i32 {
    let (_, plan) = match load_and_plan(args, ui) {
        Ok(p) => p,
        Err(code) => return code,
    };
    ui.diagnostics(&plan.diagnostics);
    let Some(t) = &plan.topology else {
        ui.error("the spec has errors; no network was planned");
        return exit::PROBLEMS;
    };
    show(t, &plan);
    if plan.diagnostics.has_errors() {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

pub fn plan(args: &PlanArgs, ui: &Ui) -> i32 {
    with_topology(&args.spec, ui, |t, plan| match args.output {
        OutputFormat::Text => print!("{}", report::plan_text(t)),
        OutputFormat::Json => print!("{}", report::plan_json(t, &plan.diagnostics)),
    })
}

pub fn validate(args: &ValidateArgs, ui: &Ui) -> i32 {
    let (loaded, plan) = match load_and_plan(&args.spec, ui) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let d: &Diagnostics = &plan.diagnostics;
    let failed = d.has_errors() || (args.deny_warnings && d.has_warnings());
    match args.output {
        OutputFormat::Text => {
            ui.diagnostics(d);
            let errors = d.errors().count();
            let warnings = d
                .iter()
                .filter(|x| x.severity == crate::diag::Severity::Warning)
                .count();
            let verdict = if failed { "invalid" } else { "valid" };
            println!(
                "{}: {verdict} ({errors} error(s), {warnings} warning(s))",
                loaded.source.describe()
            );
        }
        OutputFormat::Json => {
            let doc = serde_json::json!({ "valid": !failed, "diagnostics": d });
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).expect("serializes")
            );
        }
    }
    if failed {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

pub fn rules(args: &RulesArgs) -> i32 {
    match args.output {
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = RULES
                .iter()
                .map(|r| {
                    vec![
                        r.code.to_string(),
                        r.severity.to_string(),
                        r.title.to_string(),
                    ]
                })
                .collect();
            print!("{}", report::table(&["CODE", "SEVERITY", "RULE"], &rows));
        }
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(RULES).expect("serializes")
        ),
    }
    exit::OK
}
