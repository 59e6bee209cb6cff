//! The NAT section: the NAT mode, its gateways, and what the mode trades
//! between cost and keeping each AZ's way out.

use super::{list, same, st, Section, Statement};
use crate::aws::prices;
use crate::spec::{Architecture, NatMode};
use crate::teach::sources::Ref;
use crate::topology::Topology;

pub(super) fn nat(t: &Topology, out: &mut Vec<Statement>) {
    let mode = t.nat_mode;
    let mut facts = vec![same("/topology/natMode", mode.as_str())];
    let ids: Vec<String> = t.nat_gateways.iter().map(|n| n.id.clone()).collect();
    for (j, n) in t.nat_gateways.iter().enumerate() {
        facts.push(same(format!("/topology/natGateways/{j}/id"), &n.id));
    }
    let (text, refs): (String, &[Ref]) = match mode {
        NatMode::None => {
            let why = match t.architecture {
                Some(Architecture::PublicOnly) => {
                    "nodes have public IPs of their own, so there is nothing to translate"
                }
                Some(Architecture::PublicPrivate) => {
                    "the private subnets have no way out to the internet; nodes need the private endpoint and PrivateLink endpoints"
                }
                _ => {
                    if t.transit_gateway.is_some() {
                        "there is no internet gateway for a NAT gateway to use; the transit gateway carries egress instead"
                    } else {
                        "there is no internet gateway for a NAT gateway to use; PrivateLink endpoints carry node traffic to AWS instead"
                    }
                }
            };
            (format!("NAT mode none: {why}."), &[Ref::BlogNetworking])
        }
        NatMode::Single => {
            let n = t.nat_gateways.first();
            if let Some(n) = n {
                facts.push(same("/topology/natGateways/0/az", &n.az));
            }
            let az = n.map_or("its AZ".to_string(), |n| n.az.clone());
            (
                format!(
                    "NAT mode single: one NAT gateway ({}) serves every AZ. The cheapest in gateway-hours (one at ${} in {} and one Elastic IP), but the other AZs' traffic crosses to {az} and pays cross-AZ transfer, and an outage of {az} cuts their egress too. For production, AWS's EKS VPC template and the VPC guide put one NAT gateway in each AZ (per-az).",
                    list(&ids),
                    prices::NAT_GATEWAY_HOUR,
                    prices::REGION
                ),
                &[Ref::VpcNat, Ref::VpcPricing],
            )
        }
        NatMode::PerAz => (
            format!(
                "NAT mode per-az: {} NAT gateways ({}), one per AZ: each AZ keeps its way out when another AZ fails, and no traffic crosses AZs to leave; each costs a gateway-hour (${} in {}) and an Elastic IP.",
                ids.len(),
                list(&ids),
                prices::NAT_GATEWAY_HOUR,
                prices::REGION
            ),
            &[Ref::VpcNat, Ref::VpcPricing],
        ),
    };
    out.push(st(Section::Nat, text, facts, refs));
}
