//! `compare`: the four architectures side by side for the spec's VPC and
//! AZs, with hourly costs and a month's at the expected traffic.

use super::{Document, Error, OutputFormat};
use crate::spec::LoadedSpec;
use crate::teach::compare as teach;
use crate::text;

#[derive(Debug, Clone, Copy, Default)]
pub struct CompareOptions {
    pub output: OutputFormat,
    /// Node traffic to AWS services and the internet, GB a month.
    pub monthly_gb: u64,
}

/// The comparison; failed when an architecture could not be planned.
pub fn compare(loaded: &LoadedSpec, opts: &CompareOptions) -> Document {
    let cols = teach::compare(&loaded.spec, opts.monthly_gb);
    let text = match opts.output {
        // Spec values reach a terminal: controls escaped.
        OutputFormat::Text => text::shown_lines(&teach::text(&loaded.spec, &cols)).into_owned(),
        OutputFormat::Json => teach::json(&loaded.spec, &cols),
    };
    Document {
        text,
        failure: cols
            .iter()
            .any(|c| c.error.is_some())
            .then_some(Error::NotAllPlanned),
    }
}
