//! `diagram`: the planned network as Mermaid or Graphviz DOT on stdout.

use super::{plan::with_topology, SpecArgs, Ui};
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
    let format = match args.format {
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Dot => Format::Dot,
    };
    with_topology(&args.spec, ui, |t, _| {
        print!("{}", diagram::render(t, format))
    })
}
