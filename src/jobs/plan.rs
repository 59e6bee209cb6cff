//! `plan`: the planned network (subnets, routes, gateways, endpoints and
//! each node subnet's paths) as a report.

use super::{Document, Error, OutputFormat, Planned};
use crate::topology::capacity;
use crate::{report, text};

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub output: OutputFormat,
    /// "What do I need": (nodes, pods per node) to size subnets for.
    pub size_for: Option<(u32, u32)>,
}

/// The plan report; failed when the plan has errors.
pub fn plan(p: &Planned, opts: &PlanOptions) -> Result<Document, Error> {
    let ipv6 = |t: &crate::topology::Topology| t.ip_family == crate::spec::IpFamily::Ipv6;
    if opts.size_for.is_some() && p.plan.topology.as_ref().is_some_and(ipv6) {
        return Err(Error::SizeForIpv6);
    }
    p.show(|t| {
        let sizing = opts
            .size_for
            .map(|(nodes, pods)| capacity::sizing(t, nodes, pods));
        match opts.output {
            // Spec values (names, tags, ARNs) reach a terminal: controls escaped.
            OutputFormat::Text => {
                let mut text = report::plan_text(t);
                if let Some(s) = &sizing {
                    text.push_str(&report::sizing_text(s));
                }
                text::shown_lines(&text).into_owned()
            }
            OutputFormat::Json => report::plan_json(t, &p.plan.diagnostics, sizing.as_ref()),
        }
    })
}
