//! `diagram`: the planned network as Mermaid or Graphviz DOT on stdout.

use super::{exit, plan::load_and_plan, SpecArgs, Ui};
use crate::teach::diagram::{self, Format};
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    /// Mermaid flowchart (renders on GitHub and GitLab)
    #[default]
    Mermaid,
    /// Graphviz DOT (render with `dot -Tsvg`)
    Dot,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DiagramArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Diagram language on stdout
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: DiagramFormat,
}

pub fn diagram(args: &DiagramArgs, ui: &Ui) -> i32 {
    let (_, plan) = match load_and_plan(&args.spec, ui) {
        Ok(p) => p,
        Err(code) => return code,
    };
    ui.diagnostics(&plan.diagnostics);
    let Some(t) = &plan.topology else {
        ui.error("the spec has errors; no network was planned");
        return exit::PROBLEMS;
    };
    let format = match args.format {
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Dot => Format::Dot,
    };
    print!("{}", diagram::render(t, format));
    if plan.diagnostics.has_errors() {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}
