//! `doctor`: diagnose an existing VPC from the AWS CLI's describe-* JSON.
//!
//! Failed when a node subnet cannot join, another error was found, or
//! (with `deny_warnings`) there are warnings.

use super::{Document, Error, ReportFormat};
use crate::doctor::{self, report, Options};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    /// What to diagnose: the node subnets and the VPC.
    pub diagnose: Options,
    pub output: ReportFormat,
    pub deny_warnings: bool,
}

/// The diagnosis of the collection in `dir`.
pub fn doctor(dir: &Path, opts: &DoctorOptions) -> Result<Document, Error> {
    let r = doctor::diagnose(dir, &opts.diagnose)?;
    let text = match opts.output {
        ReportFormat::Text => report::text(&r),
        ReportFormat::Json => report::json(&r),
        ReportFormat::Sarif | ReportFormat::Codequality => {
            located(dir, &r.diagnostics, opts.output)
        }
    };
    let failed = !r.all_can_join()
        || r.diagnostics.has_errors()
        || (opts.deny_warnings && r.diagnostics.has_warnings());
    Ok(Document::new(text, failed))
}

/// The findings as SARIF or a Code Quality report, each at the collected
/// file of its resource within `dir` (the VPC's file when the collection has
/// no such file).
fn located(dir: &Path, d: &crate::diag::Diagnostics, format: ReportFormat) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let uri_of = |file: &str| {
        let name = if dir.join(file).is_file() {
            file
        } else {
            crate::doctor::import::VPCS
        };
        crate::sarif::artifact_uri(&dir.join(name), &cwd)
    };
    if format == ReportFormat::Codequality {
        crate::codequality::report(crate::sarif::doctor_findings(d, uri_of))
    } else {
        crate::sarif::for_doctor(d, uri_of)
    }
}
