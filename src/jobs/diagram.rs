//! `diagram`: the planned network as Mermaid or Graphviz DOT.

use super::{Document, Error, Planned};
use crate::teach::diagram::{self, Format};

#[derive(Debug, Clone, Copy)]
pub struct DiagramOptions {
    pub format: Format,
}

/// The diagram; failed when the plan has errors.
pub fn diagram(p: &Planned, opts: &DiagramOptions) -> Result<Document, Error> {
    p.show(|t| diagram::render(t, opts.format))
}
