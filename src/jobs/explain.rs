//! `explain`: why the planned network is shaped so, or one rule by its code.

use super::{Document, Error, OutputFormat, Planned};
use crate::teach::{addon, explain as teach, rule};
use crate::text;

#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainOptions {
    pub output: OutputFormat,
}

/// The decisions of the planned network; failed when the plan has errors.
pub fn explain(p: &Planned, opts: &ExplainOptions) -> Result<Document, Error> {
    p.show(|t| match opts.output {
        // Spec values (names, tags, ARNs) reach a terminal: controls escaped.
        OutputFormat::Text => text::shown_lines(&teach::text(t)).into_owned(),
        OutputFormat::Json => teach::json(t),
    })
}

/// One rule explained, by its code (E061), or one add-on, by its name.
pub fn explain_rule(code: &str, opts: &ExplainOptions) -> Result<String, Error> {
    if let Some(p) = addon::lookup(code) {
        return Ok(match opts.output {
            OutputFormat::Text => addon::text(p),
            OutputFormat::Json => addon::json(p),
        });
    }
    let r = rule::lookup(code).map_err(|suggestion| Error::UnknownRule {
        code: code.to_string(),
        suggestion: suggestion.or_else(|| addon::suggest(code)),
    })?;
    Ok(match opts.output {
        OutputFormat::Text => rule::text(r),
        OutputFormat::Json => serde_json::to_string_pretty(r).expect("a rule serializes") + "\n",
    })
}
