//! `diagram`: the planned network as Mermaid or Graphviz DOT on stdout.

use super::{show, SpecArgs, Ui};
use crate::jobs::{self, DiagramOptions, Error};
use crate::teach::diagram::Format;
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

pub fn diagram(args: &DiagramArgs, ui: &Ui) -> Result<(), Error> {
    let format = match args.format {
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Dot => Format::Dot,
    };
    let p = args.spec.plan(ui)?;
    ui.diagnostics(&p.plan.diagnostics);
    show(jobs::diagram(&p, &DiagramOptions { format })?)
}
