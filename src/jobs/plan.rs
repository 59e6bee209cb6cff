//! `plan`: the planned network (subnets, routes, gateways, endpoints and
//! each node subnet's paths) as a report.

use super::{Document, Error, OutputFormat, Planned};
use crate::{report, text};

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub output: OutputFormat,
}

/// The plan report; failed when the plan has errors.
pub fn plan(p: &Planned, opts: &PlanOptions) -> Result<Document, Error> {
    p.show(|t| match opts.output {
        // Spec values (names, tags, ARNs) reach a terminal: controls escaped.
        OutputFormat::Text => text::shown_lines(&report::plan_text(t)).into_owned(),
        OutputFormat::Json => report::plan_json(t, &p.plan.diagnostics),
    })
}
