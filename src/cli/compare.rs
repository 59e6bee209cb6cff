//! `compare`: the four architectures side by side for the spec's VPC and AZs.

use super::{exit, OutputFormat, SpecArgs, Ui};
use crate::teach::compare;

#[derive(Debug, Clone, clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Output format on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub output: OutputFormat,
}

pub fn compare(args: &CompareArgs, ui: &Ui) -> i32 {
    let loaded = match args.spec.load(ui) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let cols = compare::compare(&loaded.spec);
    match args.output {
        OutputFormat::Text => print!("{}", compare::text(&loaded.spec, &cols)),
        OutputFormat::Json => print!("{}", compare::json(&loaded.spec, &cols)),
    }
    if cols.iter().any(|c| c.error.is_some()) {
        ui.error("some architectures could not be planned for this spec (see `Not planned`)");
        exit::PROBLEMS
    } else {
        exit::OK
    }
}
