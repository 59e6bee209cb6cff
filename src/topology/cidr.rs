//! The CIDR planner: where each subnet goes inside the VPC.
//!
//! The placement algorithm is frozen for `eksnet/v1alpha1`; moving a subnet
//! later would make `terraform apply` replace it. Snapshots pin it.
//!
//! 1. The default size of a subnet is eksctl's: the VPC is cut into 8 equal
//!    slots when 2×AZs ≤ 8, else into 16, so 192.168.0.0/16 with 3 AZs gives
//!    /19s (eksctl pkg/vpc `SetSubnets`).
//! 2. Explicit CIDRs (`vpc.subnets`) are taken as given.
//! 3. The other subnets are requests (tier, AZ, prefix length), sorted by
//!    size, largest first; ties keep public before private and AZ order. Each
//!    takes the lowest address aligned to its size that overlaps nothing
//!    placed before it.
//! 4. With neither prefixes nor explicit CIDRs, an architecture without public
//!    subnets still leaves the public slots free, as eksctl does in a fully
//!    private cluster: the private subnets land where eksctl puts them.
//!
//! Largest-first keeps every block aligned without gaps, so equal prefixes
//! give exactly eksctl's layout, and mixed sizes (small public, large private)
//! pack tightly.
//!
//! Also here, so each is spelled once: parsing a spec's CIDR, the address
//! ranges eksnet knows by heart (0.0.0.0/0, EKS's default service CIDRs,
//! the private ranges) and the arithmetic on blocks.

use super::model::Tier;
use crate::diag::{Code, Diagnostic, Diagnostics};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// 0.0.0.0/0: every address, the default route's destination.
pub const ANY: Ipv4Net = net(0, 0, 0, 0, 0);
/// 10.0.0.0/8, the largest private range.
pub const TEN: Ipv4Net = net(10, 0, 0, 0, 8);
/// The private ranges of RFC 1918, which EKS takes a service CIDR from.
pub const PRIVATE_RANGES: [Ipv4Net; 3] = [TEN, net(172, 16, 0, 0, 12), net(192, 168, 0, 0, 16)];
/// The Kubernetes service CIDR EKS picks when none is given...
pub const SERVICE_CIDR: Ipv4Net = net(10, 100, 0, 0, 16);
/// ...unless the VPC is in 10.0.0.0/8: then this one.
pub const SERVICE_CIDR_BESIDE_TEN: Ipv4Net = net(172, 20, 0, 0, 16);
/// Docker's default bridge network, which a VPC had better not overlap.
pub const DOCKER_BRIDGE: Ipv4Net = net(172, 17, 0, 0, 16);
/// 198.19.0.0/16 (benchmarking), which a VPC cannot add as a secondary
/// block unless its primary CIDR is in it.
pub const BENCHMARK_198_19: Ipv4Net = net(198, 19, 0, 0, 16);
/// 10.0.0.0/15: a VPC with a block in it cannot add one from 10.0.0.0/16...
pub const TEN_0_15: Ipv4Net = net(10, 0, 0, 0, 15);
/// ...this one.
pub const TEN_0_16: Ipv4Net = net(10, 0, 0, 0, 16);
/// 172.31.0.0/16 (default VPCs'), which a VPC with a primary CIDR in
/// 172.16.0.0/12 cannot add.
pub const DEFAULT_VPC_172_31: Ipv4Net = net(172, 31, 0, 0, 16);

/// 0.0.0.0/8, "this network": a source address only while booting.
pub const THIS_NETWORK: Ipv4Net = net(0, 0, 0, 0, 8);
/// 127.0.0.0/8, loopback.
pub const LOOPBACK: Ipv4Net = net(127, 0, 0, 0, 8);
/// 169.254.0.0/16, link-local: the instance metadata service and the VPC
/// resolver's link-local address live here.
pub const LINK_LOCAL: Ipv4Net = net(169, 254, 0, 0, 16);
/// 224.0.0.0/4, multicast.
pub const MULTICAST: Ipv4Net = net(224, 0, 0, 0, 4);
/// 240.0.0.0/4, reserved (and the broadcast address).
pub const RESERVED: Ipv4Net = net(240, 0, 0, 0, 4);
/// 100.64.0.0/10, shared address space behind carrier-grade NAT.
pub const SHARED: Ipv4Net = net(100, 64, 0, 0, 10);

/// Ranges that are never a host's address on the internet (RFC 6890), so
/// never the source a public endpoint sees. The documentation ranges
/// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are left out: specs and
/// guides use them as placeholders for a real office range.
const NEVER_PUBLIC: [(Ipv4Net, &str); 10] = [
    (THIS_NETWORK, "\"this network\""),
    (TEN, "private"),
    (SHARED, "shared address space"),
    (LOOPBACK, "loopback"),
    (LINK_LOCAL, "link-local"),
    (net(172, 16, 0, 0, 12), "private"),
    (net(192, 168, 0, 0, 16), "private"),
    (net(198, 18, 0, 0, 15), "benchmarking"),
    (MULTICAST, "multicast"),
    (RESERVED, "reserved"),
];

/// The range, and what it is, when `net` lies wholly in one that no
/// client's public address comes from; None when some address of it can be one.
pub fn never_public(net: &Ipv4Net) -> Option<(Ipv4Net, &'static str)> {
    NEVER_PUBLIC
        .iter()
        .find(|(range, _)| range.contains(net))
        .copied()
}

/// The ranges no public host's address lies in (see `never_public`).
pub fn never_public_ranges() -> impl Iterator<Item = Ipv4Net> {
    NEVER_PUBLIC.iter().map(|(range, _)| *range)
}

/// A set of CIDR blocks that tells whether one of them contains a block in
/// one binary search per prefix length it holds, however many blocks it
/// holds (a security group admitting every node subnet of a large VPC).
#[derive(Debug, Clone, Default)]
pub struct Cover(Vec<(u8, Vec<u32>)>);

/// The netmask of a prefix length (0 for /0).
fn mask(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

impl Cover {
    pub fn new<'a>(nets: impl IntoIterator<Item = &'a Ipv4Net>) -> Cover {
        let mut by_len: Vec<(u8, Vec<u32>)> = Vec::new();
        for n in nets {
            let p = n.prefix_len();
            let start = u32::from(n.network()) & mask(p);
            match by_len.iter_mut().find(|(len, _)| *len == p) {
                Some((_, starts)) => starts.push(start),
                None => by_len.push((p, vec![start])),
            }
        }
        for (_, starts) in &mut by_len {
            starts.sort_unstable();
            starts.dedup();
        }
        Cover(by_len)
    }
    /// Whether a block of the set contains `n`.
    pub fn contains(&self, n: &Ipv4Net) -> bool {
        let addr = u32::from(n.network());
        self.0.iter().any(|(p, starts)| {
            *p <= n.prefix_len() && starts.binary_search(&(addr & mask(*p))).is_ok()
        })
    }
}

/// Append `n` in decimal: what `{}` writes, without the formatter (the
/// checks of a large VPC put several numbers into each of 100,000 findings).
pub fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Append `n` as `{}` writes it (`10.0.0.48/28`), without the formatter.
pub fn push_net(out: &mut String, n: &Ipv4Net) {
    for (i, octet) in n.addr().octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_number(out, u64::from(octet));
    }
    out.push('/');
    push_number(out, u64::from(n.prefix_len()));
}

const fn net(a: u8, b: u8, c: u8, d: u8, prefix: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), prefix)
}

/// Whether `net` is 0.0.0.0/0: a default route, an endpoint open to all.
pub fn is_any(net: &Ipv4Net) -> bool {
    net.prefix_len() == 0
}

/// The service CIDR EKS gives a cluster in `vpc` when none is set.
pub fn default_service_cidr(vpc: &Ipv4Net) -> Ipv4Net {
    if TEN.contains(vpc) {
        SERVICE_CIDR_BESIDE_TEN
    } else {
        SERVICE_CIDR
    }
}

/// Parse the spec's CIDR at `field`: an IPv4 network without host bits.
pub(super) fn parse(s: &str, field: &str, d: &mut Diagnostics) -> Option<Ipv4Net> {
    match s.trim().parse::<Ipv4Net>() {
        _ if has_leading_zero(s) => {
            d.push(
                Diagnostic::new(
                    Code::E010,
                    format!(
                        "`{s}` has a number with a leading zero, which some tools read as octal"
                    ),
                )
                .at(field)
                .fix("write each number without leading zeros, e.g. 10.0.0.0/16"),
            );
            None
        }
        Ok(n) if n.network() == n.addr() => Some(n),
        Ok(n) => {
            d.push(
                Diagnostic::new(
                    Code::E010,
                    format!("`{s}` has host bits set; its network is {}", n.trunc()),
                )
                .at(field)
                .fix(format!("write `{}`", n.trunc())),
            );
            None
        }
        Err(_) => {
            let why = if s.contains(':') {
                " (IPv6 CIDRs belong to an IPv6 cluster: `ipFamily: ipv6`, and there only in `endpointAccess.publicCidrs`)"
            } else {
                ""
            };
            d.push(
                Diagnostic::new(Code::E010, format!("`{s}` is not an IPv4 CIDR{why}")).at(field),
            );
            None
        }
    }
}

/// Whether a dotted address or prefix has a number like `010`.
fn has_leading_zero(s: &str) -> bool {
    s.trim()
        .split(['.', '/'])
        .any(|n| n.len() > 1 && n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
}

/// eksctl's subnet prefix for a VPC prefix and an AZ count, or None when
/// eksctl would refuse (more than 16 subnets).
pub fn eksctl_prefix(vpc_prefix: u8, azs: usize) -> Option<u8> {
    match 2 * azs {
        0..=8 => Some(vpc_prefix + 3),
        9..=16 => Some(vpc_prefix + 4),
        _ => None,
    }
    .filter(|p| *p <= 32)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Public before private breaks ties (`Tier`'s order).
    pub tier: Tier,
    pub az_index: usize,
    pub prefix: u8,
}

/// Place `requests` in `vpc` around the `fixed` blocks. Returns the CIDR of
/// each request in the order given, or the index of the first request that
/// does not fit.
pub fn place(vpc: Ipv4Net, fixed: &[Ipv4Net], requests: &[Request]) -> Result<Vec<Ipv4Net>, usize> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| {
        let r = requests[i];
        (r.prefix, r.tier, r.az_index)
    });
    let mut taken: Vec<Ipv4Net> = fixed.to_vec();
    let mut out: Vec<Option<Ipv4Net>> = vec![None; requests.len()];
    for i in order {
        let net = first_fit(vpc, &taken, requests[i].prefix).ok_or(i)?;
        taken.push(net);
        out[i] = Some(net);
    }
    Ok(out
        .into_iter()
        .map(|n| n.expect("every request placed"))
        .collect())
}

/// The lowest block of `prefix` inside `vpc` that overlaps nothing in `taken`.
fn first_fit(vpc: Ipv4Net, taken: &[Ipv4Net], prefix: u8) -> Option<Ipv4Net> {
    if prefix < vpc.prefix_len() || prefix > 32 {
        return None;
    }
    let size = 1u64 << (32 - prefix);
    let start = u32::from(vpc.network()) as u64;
    let end = start + (1u64 << (32 - vpc.prefix_len()));
    let mut addr = start;
    while addr + size <= end {
        let cand = Ipv4Net::new((addr as u32).into(), prefix).expect("valid prefix");
        match taken.iter().find(|t| overlaps(t, &cand)) {
            None => return Some(cand),
            Some(t) => {
                // Jump past the blocking block, then up to the next aligned address.
                let past = u32::from(t.broadcast()) as u64 + 1;
                addr = past.div_ceil(size) * size;
            }
        }
    }
    None
}

pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Addresses in a subnet that instances can use: AWS keeps five.
pub fn usable(net: &Ipv4Net) -> u64 {
    (1u64 << (32 - net.prefix_len())).saturating_sub(5)
}

pub fn size(net: &Ipv4Net) -> u64 {
    1u64 << (32 - net.prefix_len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn leading_zeros_are_refused_not_read_as_decimal() {
        let mut d = Diagnostics::default();
        assert_eq!(parse("010.0.0.0/16", "vpc.cidr", &mut d), None);
        assert!(d.iter().any(|x| x.message.contains("leading zero")));
        assert_eq!(parse("10.0.0.0/016", "vpc.cidr", &mut d), None);
        let mut clean = Diagnostics::default();
        assert!(parse("10.0.0.0/16", "vpc.cidr", &mut clean).is_some());
        assert!(parse("0.0.0.0/0", "x", &mut clean).is_some() && clean.is_empty());
    }

    #[test]
    fn never_public_names_the_range() {
        let n = |s: &str| never_public(&s.parse().unwrap());
        assert_eq!(n("10.1.0.0/16").map(|(_, w)| w), Some("private"));
        assert_eq!(n("0.0.0.0/32").map(|(_, w)| w), Some("\"this network\""));
        assert_eq!(n("52.0.0.0/8"), None);
        // Wider than a special range: some of it is public.
        assert_eq!(n("0.0.0.0/0"), None);
    }

    use super::*;

    #[test]
    fn numbers_and_blocks_are_written_as_display_writes_them() {
        for n in [0, 7, 10, 99, 100, 4_096, 1_000_001, u64::MAX] {
            let mut s = String::from("x");
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
        for net in [
            "0.0.0.0/0",
            "10.0.0.48/28",
            "255.255.255.255/32",
            "192.168.1.7/24",
        ] {
            let net: Ipv4Net = net.parse().unwrap();
            let mut s = String::new();
            push_net(&mut s, &net);
            assert_eq!(s, net.to_string());
        }
    }

    fn n(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn reqs(public: &[u8], private: &[u8]) -> Vec<Request> {
        let mut v = Vec::new();
        for (i, p) in public.iter().enumerate() {
            v.push(Request {
                tier: Tier::Public,
                az_index: i,
                prefix: *p,
            });
        }
        for (i, p) in private.iter().enumerate() {
            v.push(Request {
                tier: Tier::Private,
                az_index: i,
                prefix: *p,
            });
        }
        v
    }

    fn strs(v: &[Ipv4Net]) -> Vec<String> {
        v.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn eksctl_default_three_azs() {
        let p = eksctl_prefix(16, 3).unwrap();
        assert_eq!(p, 19);
        let got = place(n("192.168.0.0/16"), &[], &reqs(&[p; 3], &[p; 3])).unwrap();
        assert_eq!(
            strs(&got),
            [
                "192.168.0.0/19",
                "192.168.32.0/19",
                "192.168.64.0/19",
                "192.168.96.0/19",
                "192.168.128.0/19",
                "192.168.160.0/19"
            ]
        );
    }

    #[test]
    fn eksctl_six_azs_use_sixteen_slots() {
        let p = eksctl_prefix(16, 6).unwrap();
        assert_eq!(p, 20);
        let got = place(n("10.4.0.0/16"), &[], &reqs(&[p; 6], &[p; 6])).unwrap();
        assert_eq!(got[0].to_string(), "10.4.0.0/20");
        assert_eq!(got[5].to_string(), "10.4.80.0/20");
        assert_eq!(got[6].to_string(), "10.4.96.0/20");
        assert_eq!(got[11].to_string(), "10.4.176.0/20");
    }

    #[test]
    fn mixed_sizes_place_large_first() {
        let got = place(n("10.0.0.0/16"), &[], &reqs(&[24; 3], &[18; 3])).unwrap();
        assert_eq!(
            strs(&got),
            [
                "10.0.192.0/24",
                "10.0.193.0/24",
                "10.0.194.0/24",
                "10.0.0.0/18",
                "10.0.64.0/18",
                "10.0.128.0/18"
            ]
        );
    }

    #[test]
    fn places_around_fixed_blocks() {
        let got = place(n("10.0.0.0/16"), &[n("10.0.0.0/24")], &reqs(&[], &[20, 20])).unwrap();
        assert_eq!(strs(&got), ["10.0.16.0/20", "10.0.32.0/20"]);
    }

    #[test]
    fn reports_what_does_not_fit() {
        assert_eq!(place(n("10.0.0.0/16"), &[], &reqs(&[17; 3], &[])), Err(2));
        assert_eq!(place(n("10.0.0.0/24"), &[], &reqs(&[16], &[])), Err(0));
    }

    #[test]
    fn constants_are_what_they_say() {
        assert_eq!(ANY, n("0.0.0.0/0"));
        assert!(is_any(&ANY) && !is_any(&TEN));
        assert_eq!(
            PRIVATE_RANGES.map(|r| r.to_string()),
            ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
        );
        assert_eq!(default_service_cidr(&n("10.4.0.0/16")), n("172.20.0.0/16"));
        assert_eq!(
            default_service_cidr(&n("192.168.0.0/16")),
            n("10.100.0.0/16")
        );
        assert_eq!(DOCKER_BRIDGE, n("172.17.0.0/16"));
    }

    #[test]
    fn usable_keeps_five_for_aws() {
        assert_eq!(usable(&n("10.0.0.0/28")), 11);
        assert_eq!(usable(&n("10.0.0.0/19")), 8187);
    }
}
