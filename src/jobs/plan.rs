//! `plan`: the planned network (subnets, routes, gateways, endpoints and
//! each node subnet's paths) as a report.

use super::{Document, Error, OutputFormat, Planned};
use crate::report;

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub output: OutputFormat,
}

/// The plan report; failed when the plan has errors.
pub fn plan(p: &Planned, opts: &PlanOptions) -> Result<Document, Error> {
    p.show(|t| match opts.output {
        OutputFormat::Text => report::plan_text(t),
        OutputFormat::Json => report::plan_json(t, &p.plan.diagnostics),
    })
}
