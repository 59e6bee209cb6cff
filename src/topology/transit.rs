//! The networks behind a transit gateway (`vpc.transitGatewayCidrs`): a
//! private-only VPC sends 0.0.0.0/0 to the gateway, and the longer routes
//! of its route table reach these networks, so an address the VPC or its
//! pods hold there would be routed to the wrong place.

use ipnet::Ipv4Net;

use super::cidr;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Egress, Spec};

/// The transit gateway's networks, parsed, each checked against the VPC's
/// primary CIDR; none unless the VPC's egress is the transit gateway.
pub(super) fn networks(
    spec: &Spec,
    egress: Egress,
    vpc: Option<Ipv4Net>,
    d: &mut Diagnostics,
) -> Vec<Ipv4Net> {
    let given = &spec.vpc.transit_gateway_cidrs;
    if given.is_empty() {
        return Vec::new();
    }
    if egress != Egress::TransitGateway {
        d.push(
            Diagnostic::new(
                Code::E130,
                "`vpc.transitGatewayCidrs` is set but `vpc.egress` is not transit-gateway",
            )
            .at("vpc.transitGatewayCidrs")
            .fix("remove `vpc.transitGatewayCidrs`, or set `vpc.egress: transit-gateway`"),
        );
        return Vec::new();
    }
    let mut nets = Vec::new();
    for (i, s) in given.iter().enumerate() {
        let field = format!("vpc.transitGatewayCidrs[{i}]");
        let Some(n) = cidr::parse(s, &field, d) else {
            continue;
        };
        if let Some(v) = vpc.filter(|v| cidr::overlaps(v, &n)) {
            d.push(
                Diagnostic::new(
                    Code::E130,
                    format!("the VPC {v} overlaps {n}, a network behind the transit gateway"),
                )
                .at(field),
            );
        }
        nets.push(n);
    }
    nets
}
