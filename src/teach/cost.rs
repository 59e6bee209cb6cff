//! What a planned network costs in a month, for `compare`: the hourly parts
//! (NAT gateways, interface endpoints per AZ, public IPv4 addresses, the EKS
//! control plane) and the parts that grow with traffic (NAT and interface
//! endpoint processing per GB, cross-AZ transfer to a NAT gateway in another
//! AZ), and the traffic at which one architecture becomes cheaper than another.
//!
//! The model is linear: `fixed + per_gb × GB`. The GB are the node traffic
//! to AWS services and the internet a month, and all of it is assumed to take
//! the node subnets' way out: a NAT gateway, interface endpoints (an upper
//! bound: what goes to S3 through the gateway endpoint is free), or the
//! nodes' own public IPs (no processing charge). What costs the same in every
//! architecture (internet data transfer out, load balancers, instances) or
//! lies beyond what eksnet builds (a transit gateway's charges) is left out.
//! Prices are `aws::prices`, a us-east-1 reference.

use crate::aws::{prices, versions};
use crate::topology::reach;
use crate::topology::{EndpointKind, RouteTarget, Topology};
use serde::Serialize;

/// One architecture's month, in USD, at `monthly_gb`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Monthly {
    pub monthly_gb: u64,
    pub nat_gateway_hours_usd: f64,
    pub nat_gateway_gb_usd: f64,
    pub interface_endpoint_hours_usd: f64,
    pub interface_endpoint_gb_usd: f64,
    /// Gateway endpoints (S3) have no charge; shown so the reader sees it.
    pub gateway_endpoints_usd: f64,
    pub public_ipv4_usd: f64,
    /// Transfer to a NAT gateway in another AZ and back (single NAT).
    pub cross_az_usd: f64,
    /// `standard` or `extended`, from the cluster's Kubernetes version.
    pub control_plane_support: &'static str,
    pub control_plane_usd: f64,
    /// What does not depend on traffic.
    pub fixed_usd: f64,
    /// What each further GB costs.
    pub per_gb_usd: f64,
    pub monthly_usd: f64,
}

/// Rounded to a cent's hundredth, so JSON shows 32.85, not 32.850000000000001.
fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// How each GB of node traffic is charged: processing per GB, and the share
/// of node subnets whose NAT gateway sits in another AZ.
fn per_gb(t: &Topology) -> (f64, f64, f64) {
    let nodes: Vec<_> = t.node_subnets().collect();
    let mut nat = 0usize;
    let mut cross = 0usize;
    let mut endpoints = 0usize;
    for s in &nodes {
        match reach::default_route(t, &s.route_table) {
            Some(RouteTarget::NatGateway(id)) => {
                nat += 1;
                if t.nat_gateway(&id).is_some_and(|n| n.az != s.az) {
                    cross += 1;
                }
            }
            None if t
                .endpoints
                .iter()
                .any(|e| e.kind == EndpointKind::Interface) =>
            {
                endpoints += 1
            }
            _ => {}
        }
    }
    let n = nodes.len().max(1) as f64;
    let nat_gb = nat as f64 / n * prices::NAT_GATEWAY_GB;
    let endpoint_gb = endpoints as f64 / n * prices::INTERFACE_ENDPOINT_GB;
    // A GB that crosses is charged leaving one AZ and entering the other.
    let cross_gb = cross as f64 / n * 2.0 * prices::CROSS_AZ_GB_EACH_WAY;
    (nat_gb, endpoint_gb, cross_gb)
}

/// The control plane's support and its hourly price.
fn control_plane(t: &Topology) -> (&'static str, f64) {
    let extended = versions::find(&t.kubernetes_version)
        .and_then(|r| r.support())
        .is_some_and(|s| s == versions::Support::Extended);
    if extended {
        ("extended", prices::EKS_CLUSTER_HOUR_EXTENDED)
    } else {
        ("standard", prices::EKS_CLUSTER_HOUR_STANDARD)
    }
}

impl Monthly {
    pub fn of(t: &Topology, monthly_gb: u64) -> Monthly {
        let h = prices::HOURS_PER_MONTH;
        let gb = monthly_gb as f64;
        let endpoint_azs = t.interface_endpoint_azs();
        let ips = t.public_ipv4_addresses();
        let (nat_gb, endpoint_gb, cross_gb) = per_gb(t);
        let (support, cluster_hour) = control_plane(t);
        let nat_hours = t.nat_gateways.len() as f64 * prices::NAT_GATEWAY_HOUR * h;
        let endpoint_hours = endpoint_azs as f64 * prices::INTERFACE_ENDPOINT_AZ_HOUR * h;
        let ipv4 = ips as f64 * prices::PUBLIC_IPV4_HOUR * h;
        let cluster = cluster_hour * h;
        let fixed = nat_hours + endpoint_hours + ipv4 + cluster;
        let per_gb = nat_gb + endpoint_gb + cross_gb;
        Monthly {
            monthly_gb,
            nat_gateway_hours_usd: round(nat_hours),
            nat_gateway_gb_usd: round(nat_gb * gb),
            interface_endpoint_hours_usd: round(endpoint_hours),
            interface_endpoint_gb_usd: round(endpoint_gb * gb),
            gateway_endpoints_usd: 0.0,
            public_ipv4_usd: round(ipv4),
            cross_az_usd: round(cross_gb * gb),
            control_plane_support: support,
            control_plane_usd: round(cluster),
            fixed_usd: round(fixed),
            // Finer: it is multiplied by thousands of GB.
            per_gb_usd: (per_gb * 1e6).round() / 1e6,
            monthly_usd: round(fixed + per_gb * gb),
        }
    }
}

/// Where two architectures cost the same.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakEven {
    /// Cheaper below `gb` (the one with the lower fixed cost).
    pub below: String,
    /// Cheaper above `gb` (the one with the lower cost per GB).
    pub above: String,
    /// GB a month, rounded up.
    pub gb: u64,
}

/// The break-even traffic of every pair of architectures whose lines cross
/// at a positive traffic, in the order of `months`.
pub fn break_evens(months: &[(&str, &Monthly)]) -> Vec<BreakEven> {
    let mut out = Vec::new();
    for (i, (a, ma)) in months.iter().enumerate() {
        for (b, mb) in &months[i + 1..] {
            let (cheap_fixed, other) = if ma.fixed_usd <= mb.fixed_usd {
                ((*a, *ma), (*b, *mb))
            } else {
                ((*b, *mb), (*a, *ma))
            };
            let slope = cheap_fixed.1.per_gb_usd - other.1.per_gb_usd;
            let gap = other.1.fixed_usd - cheap_fixed.1.fixed_usd;
            if slope > 0.0 && gap > 0.0 {
                out.push(BreakEven {
                    below: cheap_fixed.0.to_string(),
                    above: other.0.to_string(),
                    gb: (gap / slope).ceil() as u64,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(fixed: f64, per_gb: f64) -> Monthly {
        Monthly {
            monthly_gb: 0,
            nat_gateway_hours_usd: 0.0,
            nat_gateway_gb_usd: 0.0,
            interface_endpoint_hours_usd: 0.0,
            interface_endpoint_gb_usd: 0.0,
            gateway_endpoints_usd: 0.0,
            public_ipv4_usd: 0.0,
            cross_az_usd: 0.0,
            control_plane_support: "standard",
            control_plane_usd: 0.0,
            fixed_usd: fixed,
            per_gb_usd: per_gb,
            monthly_usd: fixed,
        }
    }

    #[test]
    fn lines_cross_where_fixed_and_per_gb_trade() {
        let nat = month(40.0, 0.055);
        let endpoints = month(110.0, 0.01);
        let cheaper_everywhere = month(10.0, 0.0);
        let b = break_evens(&[
            ("public-private", &nat),
            ("fully-private", &endpoints),
            ("public-only", &cheaper_everywhere),
        ]);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].below, "public-private");
        assert_eq!(b[0].above, "fully-private");
        // 70 / 0.045 = 1555.6
        assert_eq!(b[0].gb, 1556);
    }
}
