//! `doctor`: diagnose an existing VPC from the AWS CLI's describe-* JSON.
//!
//! Failed when a node subnet cannot join, another error was found, or
//! (with `deny_warnings`) there are warnings.

use super::{Document, Error, OutputFormat};
use crate::doctor::{self, report, Options};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    /// What to diagnose: the node subnets and the VPC.
    pub diagnose: Options,
    pub output: OutputFormat,
    pub deny_warnings: bool,
}

/// The diagnosis of the collection in `dir`.
pub fn doctor(dir: &Path, opts: &DoctorOptions) -> Result<Document, Error> {
    let r = doctor::diagnose(dir, &opts.diagnose)?;
    let text = match opts.output {
        OutputFormat::Text => report::text(&r),
        OutputFormat::Json => report::json(&r),
    };
    let failed = !r.all_can_join()
        || r.diagnostics.has_errors()
        || (opts.deny_warnings && r.diagnostics.has_warnings());
    Ok(Document::new(text, failed))
}
