//! Longest prefix match: where a route table sends each address of a block,
//! as the VPC router decides it.
//!
//! AWS routes a packet by the most specific route that matches it; among
//! routes of the same prefix, a static route wins over a prefix-list route,
//! which wins over a propagated one. The table's CIDR routes (static: every
//! target the model holds) and the implicit `local` route of each VPC CIDR
//! take part here. A prefix-list route's CIDRs are not in the collected
//! JSON, so eksnet cannot place them in the address space: the model keeps
//! those routes (`RouteTable::prefix_list_routes`), and a gateway endpoint's
//! route to its service's list is read as the endpoint serving the table
//! (its `route_tables`), which carries that service's traffic; any other
//! prefix-list route is a note (`network_checks`), not followed.
//!
//! "The internet", where the public API endpoint, ECR, STS and S3 answer, is
//! every address outside the ranges that are never a public host's
//! (`cidr::never_public_ranges`) and outside the VPC. The addresses of AWS's
//! public endpoints are not known offline (and change), so eksnet splits
//! that space by the table's prefixes and asks that every part of it lead
//! out: a route that drops some public block may drop a service's address.

use super::cidr;
use super::model::{Route, RouteTable};
use ipnet::Ipv4Net;

/// A set of addresses as sorted, disjoint, half-open ranges `[start, end)`.
type Ranges = Vec<(u64, u64)>;

/// Where one part of the address space goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next<'a> {
    /// The VPC's `local` route.
    Local,
    /// A route of the table (the most specific that matches).
    Route(&'a Route),
    /// No route matches: the traffic is dropped.
    Nothing,
}

/// One decision of the router, and the blocks it applies to: the matching
/// routes' destinations, or for `Nothing` the unrouted blocks themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share<'a> {
    pub next: Next<'a>,
    pub blocks: Vec<Ipv4Net>,
}

fn range(n: &Ipv4Net) -> (u64, u64) {
    let start = u64::from(u32::from(n.network()));
    (start, start + cidr::size(n))
}

/// `set` without `cut`; both sorted and disjoint.
fn minus(set: &Ranges, cut: (u64, u64)) -> Ranges {
    let mut out = Vec::with_capacity(set.len() + 1);
    for &(a, b) in set {
        if b <= cut.0 || a >= cut.1 {
            out.push((a, b));
            continue;
        }
        if a < cut.0 {
            out.push((a, cut.0));
        }
        if b > cut.1 {
            out.push((cut.1, b));
        }
    }
    out
}

/// Whether `set` has an address in `r`.
fn meets(set: &Ranges, r: (u64, u64)) -> bool {
    set.iter().any(|&(a, b)| a < r.1 && b > r.0)
}

/// The CIDR blocks that exactly cover a range.
fn blocks_of(mut a: u64, b: u64, out: &mut Vec<Ipv4Net>) {
    while a < b {
        let align = if a == 0 {
            32
        } else {
            a.trailing_zeros().min(32)
        };
        let mut bits = align;
        while (1u64 << bits) > b - a {
            bits -= 1;
        }
        // a < 2^32 and bits ≤ 32: both conversions hold.
        let addr = std::net::Ipv4Addr::from(u32::try_from(a).unwrap_or(u32::MAX));
        if let Ok(n) = Ipv4Net::new(addr, 32 - bits as u8) {
            out.push(n);
        }
        a += 1u64 << bits;
    }
}

/// Where `rt` sends each address of `within`, most specific route first;
/// `local` are the VPC's CIDR blocks (its implicit `local` routes). Routes
/// of one destination count once (the first in the table's order).
pub fn split<'a>(local: &[Ipv4Net], rt: &'a RouteTable, within: &[Ipv4Net]) -> Vec<Share<'a>> {
    let mut left: Ranges = Vec::new();
    for n in within {
        left.push(range(n));
    }
    left.sort_unstable();
    left.dedup();
    // Candidates by prefix length, longest first; at equal length the local
    // route (a VPC CIDR) first, then the table's routes in order.
    let mut candidates: Vec<(u8, usize, Next<'a>, Ipv4Net)> = local
        .iter()
        .map(|c| (c.prefix_len(), 0, Next::Local, *c))
        .collect();
    for (i, r) in rt.routes.iter().enumerate() {
        candidates.push((
            r.destination.prefix_len(),
            i + 1,
            Next::Route(r),
            r.destination,
        ));
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut shares: Vec<Share<'a>> = Vec::new();
    for (_, _, next, dest) in candidates {
        let r = range(&dest);
        if !meets(&left, r) {
            continue;
        }
        left = minus(&left, r);
        match shares.iter_mut().find(|s| s.next == next) {
            Some(s) => s.blocks.push(dest),
            None => shares.push(Share {
                next,
                blocks: vec![dest],
            }),
        }
    }
    if !left.is_empty() {
        let mut blocks = Vec::new();
        for (a, b) in left {
            blocks_of(a, b, &mut blocks);
        }
        shares.push(Share {
            next: Next::Nothing,
            blocks,
        });
    }
    shares
}

/// The public address space: everything but the ranges never a public host's.
pub fn internet() -> Vec<Ipv4Net> {
    let mut left: Ranges = vec![range(&cidr::ANY)];
    for n in cidr::never_public_ranges() {
        left = minus(&left, range(&n));
    }
    let mut out = Vec::new();
    for (a, b) in left {
        blocks_of(a, b, &mut out);
    }
    out
}

/// Where `rt` sends the internet, by route (the VPC's own addresses, which
/// the local route takes, are left out).
pub fn to_internet<'a>(
    local: &[Ipv4Net],
    rt: &'a RouteTable,
    internet: &[Ipv4Net],
) -> Vec<Share<'a>> {
    split(local, rt, internet)
        .into_iter()
        .filter(|s| s.next != Next::Local)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_cover_ranges_exactly() {
        let mut out = Vec::new();
        blocks_of(0, 1 << 32, &mut out);
        assert_eq!(out, vec![n("0.0.0.0/0")]);
        out.clear();
        let (a, b) = range(&n("10.0.0.0/8"));
        blocks_of(a + 1, b, &mut out);
        assert_eq!(out.len(), 24);
        assert_eq!(out[0], n("10.0.0.1/32"));
        assert_eq!(out[23], n("10.128.0.0/9"));
    }

    #[test]
    fn the_internet_leaves_out_private_ranges() {
        let i = internet();
        assert!(i.iter().any(|b| b.contains(&n("52.94.0.0/16"))));
        assert!(!i.iter().any(|b| b.contains(&n("10.1.0.0/16"))));
        assert!(!i.iter().any(|b| b.contains(&n("192.168.0.0/24"))));
    }
}
