//! Network ACLs: can a node subnet's ACL carry HTTPS out and its replies back?
//!
//! ACLs are stateless and evaluated per packet, entries in ascending rule
//! number, first match wins, and the `*` entry (32767) denies the rest. The
//! questions asked are about ranges (any address of the internet, any port
//! a reply may come back on), so an entry decides only when it covers the
//! whole range (allow) or touches it (deny): an allow for part of the range
//! lets evaluation go on, a deny for part of it is reported, since some of
//! the traffic is then dropped.
//!
//! Replies come back to the node's ephemeral port: Linux uses 32768-60999;
//! the fix admits AWS's recommended 1024-65535.

use super::aws::{NetworkAcl, NetworkAclEntry};
use ipnet::Ipv4Net;

/// The ports Linux nodes use for outgoing connections.
pub const EPHEMERAL: (u16, u16) = (32768, 60999);

/// A denied direction: which entry drops the traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub acl: String,
    pub egress: bool,
    pub destination: Ipv4Net,
    /// The entry that denies, and the free rule number just below it for
    /// an allow entry (None when no number below it is free).
    pub rule_number: u32,
    pub free_rule_number: Option<u32>,
}

impl Denied {
    pub fn describe(&self) -> String {
        let rule = if self.rule_number == 32767 {
            "its default (*) rule".to_string()
        } else {
            format!("rule {}", self.rule_number)
        };
        if self.egress {
            format!(
                "network ACL {} denies outbound TCP 443 to {} ({rule})",
                self.acl, self.destination
            )
        } else {
            format!(
                "network ACL {} denies inbound TCP {}-{} (replies) from {} ({rule})",
                self.acl, EPHEMERAL.0, EPHEMERAL.1, self.destination
            )
        }
    }
}

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(b) || b.contains(a)
}

/// Does the ACL let TCP on `ports` through in one direction, for every
/// address of `dest`?
pub fn check(acl: &NetworkAcl, egress: bool, ports: (u16, u16), dest: Ipv4Net) -> Option<Denied> {
    let mut entries: Vec<&NetworkAclEntry> = acl
        .entries
        .iter()
        .filter(|e| e.egress == egress && e.cidr_block.is_some())
        .collect();
    entries.sort_by_key(|e| e.rule_number);
    let used: Vec<u32> = entries.iter().map(|e| e.rule_number).collect();
    let denied = |rule: u32| Denied {
        acl: acl.network_acl_id.clone(),
        egress,
        destination: dest,
        rule_number: rule,
        free_rule_number: (1..rule.min(32767)).rev().find(|n| !used.contains(n)),
    };
    for e in entries {
        let Some(cidr) = e
            .cidr_block
            .as_deref()
            .and_then(|c| c.parse::<Ipv4Net>().ok())
        else {
            continue;
        };
        let all_ports = e.protocol == "-1" || e.protocol.eq_ignore_ascii_case("all");
        let tcp = all_ports || e.protocol == "6" || e.protocol.eq_ignore_ascii_case("tcp");
        if !tcp || !overlaps(&cidr, &dest) {
            continue;
        }
        let (covers, touches) = match (all_ports, e.port_range) {
            (true, _) | (false, None) => (true, true),
            (false, Some(r)) => (
                r.from <= ports.0 && ports.1 <= r.to,
                r.from <= ports.1 && ports.0 <= r.to,
            ),
        };
        if !touches {
            continue;
        }
        if e.rule_action.eq_ignore_ascii_case("deny") {
            return Some(denied(e.rule_number));
        }
        if covers && cidr.contains(&dest) {
            return None;
        }
    }
    Some(denied(32767))
}

#[cfg(test)]
mod tests {
    use super::super::aws::PortRange;
    use super::*;
    use crate::topology::cidr;

    fn entry(
        n: u32,
        egress: bool,
        action: &str,
        cidr: &str,
        ports: Option<(u16, u16)>,
    ) -> NetworkAclEntry {
        NetworkAclEntry {
            rule_number: n,
            protocol: if ports.is_some() { "6" } else { "-1" }.into(),
            rule_action: action.into(),
            egress,
            cidr_block: Some(cidr.into()),
            port_range: ports.map(|(from, to)| PortRange { from, to }),
        }
    }

    fn acl(entries: Vec<NetworkAclEntry>) -> NetworkAcl {
        NetworkAcl {
            network_acl_id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: false,
            associations: vec![],
            entries,
        }
    }

    #[test]
    fn default_acl_allows_everything() {
        let a = acl(vec![
            entry(100, true, "allow", "0.0.0.0/0", None),
            entry(32767, true, "deny", "0.0.0.0/0", None),
        ]);
        assert_eq!(check(&a, true, (443, 443), cidr::ANY), None);
    }

    #[test]
    fn a_deny_before_the_allow_wins_and_a_free_number_is_offered() {
        let a = acl(vec![
            entry(90, true, "deny", "0.0.0.0/0", Some((443, 443))),
            entry(100, true, "allow", "0.0.0.0/0", None),
        ]);
        let d = check(&a, true, (443, 443), cidr::ANY).unwrap();
        assert_eq!((d.rule_number, d.free_rule_number), (90, Some(89)));
    }

    #[test]
    fn allowing_only_part_of_the_replies_falls_through_to_the_default_deny() {
        let a = acl(vec![
            entry(100, false, "allow", "0.0.0.0/0", Some((1024, 40000))),
            entry(32767, false, "deny", "0.0.0.0/0", None),
        ]);
        let d = check(&a, false, EPHEMERAL, cidr::ANY).unwrap();
        assert_eq!(d.rule_number, 32767);
        let ok = acl(vec![entry(
            100,
            false,
            "allow",
            "0.0.0.0/0",
            Some((1024, 65535)),
        )]);
        assert_eq!(check(&ok, false, EPHEMERAL, cidr::ANY), None);
    }

    #[test]
    fn a_vpc_only_allow_does_not_admit_the_internet() {
        let a = acl(vec![entry(100, true, "allow", "10.0.0.0/16", None)]);
        assert_eq!(
            check(&a, true, (443, 443), "10.0.0.0/16".parse().unwrap()),
            None
        );
        assert!(check(&a, true, (443, 443), cidr::ANY).is_some());
    }
}
