//! `explain`: the decisions of the planned network, or one rule by code.

use super::{exit, plan::with_topology, OutputFormat, SpecArgs, Ui};
use crate::teach::{explain, rule};

#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// A rule code (e.g. E061) to explain instead of the network
    #[arg(value_name = "RULE_CODE")]
    pub code: Option<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
}

pub fn explain(args: &ExplainArgs, ui: &Ui) -> i32 {
    if let Some(code) = &args.code {
        return explain_rule(code, args.output, ui);
    }
    with_topology(&args.spec, ui, |t, _| match args.output {
        OutputFormat::Text => print!("{}", explain::text(t)),
        OutputFormat::Json => print!("{}", explain::json(t)),
    })
}

fn explain_rule(code: &str, output: OutputFormat, ui: &Ui) -> i32 {
    match rule::lookup(code) {
        Ok(r) => {
            match output {
                OutputFormat::Text => print!("{}", rule::text(r)),
                OutputFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(r).expect("a rule serializes")
                ),
            }
            exit::OK
        }
        Err(hint) => {
            let hint = match hint {
                Some(h) => format!("; did you mean {h}?"),
                None => String::new(),
            };
            ui.error(format!("unknown rule code `{code}`{hint}"));
            ui.info("run `eksnet rules` to list every rule code");
            exit::USAGE
        }
    }
}
