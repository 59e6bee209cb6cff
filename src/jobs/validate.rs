//! `validate`: every problem of a spec at once, and a verdict.

use super::{Document, OutputFormat, Planned};
use crate::diag::Severity;
use crate::spec::LoadError;

#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions {
    pub output: OutputFormat,
    /// Warnings make the spec invalid too.
    pub deny_warnings: bool,
}

/// The verdict (a line of text, or JSON with the diagnostics); failed when
/// the spec is invalid.
pub fn validate(p: &Planned, opts: &ValidateOptions) -> Document {
    let d = &p.plan.diagnostics;
    let failed = d.has_errors() || (opts.deny_warnings && d.has_warnings());
    let text = match opts.output {
        OutputFormat::Text => {
            let errors = d.errors().count();
            let warnings = d.iter().filter(|x| x.severity == Severity::Warning).count();
            let verdict = if failed { "invalid" } else { "valid" };
            format!(
                "{}: {verdict} ({errors} error(s), {warnings} warning(s))\n",
                p.loaded.source.describe()
            )
        }
        OutputFormat::Json => {
            let doc = serde_json::json!({ "valid": !failed, "diagnostics": d });
            serde_json::to_string_pretty(&doc).expect("serializes") + "\n"
        }
    };
    Document::new(text, failed)
}

/// The JSON verdict of a spec that could not be loaded (unreadable, not
/// YAML, not a spec document): invalid, with the load error's diagnostics,
/// so a tool reading stdout always gets a document.
pub fn load_failure_json(e: &LoadError) -> String {
    let doc = serde_json::json!({ "valid": false, "diagnostics": e.diagnostics() });
    serde_json::to_string_pretty(&doc).expect("serializes") + "\n"
}
