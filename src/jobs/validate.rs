//! `validate`: every problem of a spec at once, and a verdict.

use super::{Document, Planned, ReportFormat};
use crate::diag::{Diagnostics, Severity};
use crate::spec::{LoadError, SpecSource};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions {
    pub output: ReportFormat,
    /// Warnings make the spec invalid too.
    pub deny_warnings: bool,
}

/// The verdict (a line of text, or JSON with the diagnostics); failed when
/// the spec is invalid.
pub fn validate(p: &Planned, opts: &ValidateOptions) -> Document {
    let d = &p.plan.diagnostics;
    let failed = d.has_errors() || (opts.deny_warnings && d.has_warnings());
    let text = match opts.output {
        ReportFormat::Text => {
            let errors = d.errors().count();
            let warnings = d.iter().filter(|x| x.severity == Severity::Warning).count();
            let verdict = if failed { "invalid" } else { "valid" };
            format!(
                "{}: {verdict} ({errors} error(s), {warnings} warning(s))\n",
                crate::text::shown(&p.loaded.source.describe())
            )
        }
        ReportFormat::Json => {
            let doc = serde_json::json!({ "valid": !failed, "diagnostics": d });
            serde_json::to_string_pretty(&doc).expect("serializes") + "\n"
        }
        ReportFormat::Sarif | ReportFormat::Codequality => {
            located(d, &p.loaded.source, opts.output)
        }
    };
    Document::new(text, failed)
}

/// The diagnostics as SARIF or a Code Quality report, located in the spec
/// file when there is one.
fn located(d: &Diagnostics, source: &SpecSource, format: ReportFormat) -> String {
    let file = match source {
        SpecSource::File(path) => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            Some((
                crate::sarif::artifact_uri(path, &cwd),
                path.display().to_string(),
            ))
        }
        SpecSource::BuiltIn => None,
    };
    let spec = file
        .as_ref()
        .map(|(uri, shown)| (uri.as_str(), shown.as_str()));
    let findings = crate::sarif::spec_findings(d, spec);
    let mut o = Vec::new();
    if format == ReportFormat::Codequality {
        crate::codequality::write_report(findings, &mut o)
    } else {
        crate::sarif::write_log(findings, &mut o)
    }
    .expect("writing to memory does not fail");
    String::from_utf8(o).expect("the report is UTF-8")
}

/// What `validate` shows of a spec that could not be loaded, so a tool
/// reading stdout gets a document: with JSON, the verdict (invalid, with the
/// load error's diagnostics); with SARIF or Code Quality, the document's own
/// diagnostics (syntax, unknown keys, wrong types) as a report, so code
/// scanning sees them too, but nothing when the file could not be read at all; nothing with
/// text. `spec` is the `--spec` given, if any.
pub fn unloadable(e: &LoadError, spec: Option<&Path>, opts: &ValidateOptions) -> Option<String> {
    match opts.output {
        ReportFormat::Text => None,
        ReportFormat::Json => {
            let doc = serde_json::json!({ "valid": false, "diagnostics": e.diagnostics() });
            Some(serde_json::to_string_pretty(&doc).expect("serializes") + "\n")
        }
        ReportFormat::Sarif | ReportFormat::Codequality => {
            if matches!(e, LoadError::Io { .. }) {
                return None;
            }
            let diags = Diagnostics(e.diagnostics());
            let path = spec.unwrap_or(Path::new("eksnet.yaml"));
            let source = SpecSource::File(path.to_path_buf());
            Some(located(&diags, &source, opts.output))
        }
    }
}
