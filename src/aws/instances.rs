//! How many pods a node can hold with the Amazon VPC CNI, and how many
//! subnet addresses it claims for them, in each of the CNI's modes:
//!
//! - secondary IPs (default): ENIs × (IPv4 addresses per ENI − 1) + 2;
//! - custom networking: the primary ENI carries no pods, so (ENIs − 1) × (IPv4
//!   addresses per ENI − 1) + 2;
//! - prefix delegation: each address slot holds a /28 prefix (16 addresses),
//!   capped at 110 pods below 30 vCPUs and 250 from 30 up.
//!
//! The `+ 2` counts the host-network pods (the VPC CNI and kube-proxy).
//!
//! Sources: EKS user guide "Maximum pods" and "Assign more IP addresses to
//! Amazon EKS nodes with prefixes" (cni-increase-ip-addresses), the VPC CNI's
//! `misc/eni-max-pods.txt` (default and custom-networking columns), the EC2
//! user guide table "IP addresses per network interface per instance type";
//! read 2026.

/// (instance type, vCPUs, ENIs, IPv4 addresses per ENI).
const ENI_LIMITS: &[(&str, u32, u32, u32)] = &[
    ("c5.large", 2, 3, 10),
    ("c6i.large", 2, 3, 10),
    ("c7g.large", 2, 3, 10),
    ("m5.2xlarge", 8, 4, 15),
    ("m5.large", 2, 3, 10),
    ("m5.xlarge", 4, 4, 15),
    ("m6g.large", 2, 3, 10),
    ("m6i.2xlarge", 8, 4, 15),
    ("m6i.large", 2, 3, 10),
    ("m6i.xlarge", 4, 4, 15),
    ("m7g.large", 2, 3, 10),
    ("m7i.large", 2, 3, 10),
    ("m7i.xlarge", 4, 4, 15),
    ("r5.large", 2, 3, 10),
    ("r6i.large", 2, 3, 10),
    ("t3.large", 2, 3, 12),
    ("t3.medium", 2, 3, 6),
    ("t3.small", 2, 3, 4),
    ("t3.xlarge", 4, 4, 15),
];

/// Kubernetes' own default cap, assumed for instance types not in the table.
pub const UNKNOWN_MAX_PODS: u32 = 110;

/// Addresses in one prefix of prefix delegation (an IPv4 /28).
pub const PREFIX_ADDRESSES: u32 = 16;

/// How the VPC CNI gives pods addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CniMode {
    /// Pods use only secondary ENIs, in another subnet (custom networking).
    pub custom_networking: bool,
    /// ENI slots hold /28 prefixes instead of single addresses.
    pub prefix_delegation: bool,
}

/// The cap the EKS guide sets on max pods with prefix delegation (IPv6's
/// prefix mode too).
pub fn prefix_cap(vcpus: u32) -> u32 {
    if vcpus < 30 {
        110
    } else {
        250
    }
}

/// The instance type's ENI figures: (vCPUs, ENIs, IPv4 addresses per ENI).
fn limits(instance_type: &str) -> Option<(u32, u32, u32)> {
    ENI_LIMITS
        .iter()
        .find(|(t, ..)| *t == instance_type)
        .map(|(_, vcpus, enis, ips)| (*vcpus, *enis, *ips))
}

/// IPv4 addresses one network interface of the instance type holds.
pub fn addresses_per_eni(instance_type: &str) -> Option<u32> {
    limits(instance_type).map(|(_, _, ips)| ips)
}

/// Max pods for an instance type in the default mode, or None when it is
/// not in the table.
pub fn max_pods(instance_type: &str) -> Option<u32> {
    max_pods_in(instance_type, CniMode::default())
}

/// Max pods for an instance type in `mode`, or None when it is not in the table.
pub fn max_pods_in(instance_type: &str, mode: CniMode) -> Option<u32> {
    let (vcpus, enis, ips) = limits(instance_type)?;
    let pod_enis = enis - u32::from(mode.custom_networking);
    Some(if mode.prefix_delegation {
        (pod_enis * (ips - 1) * PREFIX_ADDRESSES + 2).min(prefix_cap(vcpus))
    } else {
        pod_enis * (ips - 1) + 2
    })
}

/// What one node takes at max pods: addresses in its own subnet (its
/// primary address, and its pods' unless custom networking moves them) and
/// in its AZ's pod subnet (custom networking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub max_pods: u32,
    pub node_subnet: u64,
    pub pod_subnet: u64,
}

/// A node's claim in `mode`, or None for an instance type not in the table.
///
/// Secondary IPs: one address per pod that is not on the host network, and
/// each pod ENI's own address (without custom networking, eksnet counts
/// max pods + 1, its figure since the first release). Prefixes: the /28s
/// those pods fill, and one address per ENI carrying them.
pub fn claim(instance_type: &str, mode: CniMode) -> Option<Claim> {
    let (_, enis, ips) = limits(instance_type)?;
    let max_pods = max_pods_in(instance_type, mode)?;
    let pod_enis = u64::from(enis - u32::from(mode.custom_networking));
    let pods = u64::from(max_pods - 2);
    let (pod_addresses, enis_used) = if mode.prefix_delegation {
        let prefixes = pods.div_ceil(u64::from(PREFIX_ADDRESSES));
        let enis_used = prefixes.div_ceil(u64::from(ips - 1)).clamp(1, pod_enis);
        (prefixes * u64::from(PREFIX_ADDRESSES), enis_used)
    } else {
        (pods, pod_enis)
    };
    Some(if mode.custom_networking {
        Claim {
            max_pods,
            node_subnet: 1,
            pod_subnet: pod_addresses + enis_used,
        }
    } else if mode.prefix_delegation {
        Claim {
            max_pods,
            node_subnet: pod_addresses + enis_used,
            pod_subnet: 0,
        }
    } else {
        Claim {
            max_pods,
            node_subnet: u64::from(max_pods) + 1,
            pod_subnet: 0,
        }
    })
}

/// The claim assumed for an instance type eksnet has no figures for:
/// [`UNKNOWN_MAX_PODS`] pods, each with an address of the subnet pods use.
pub fn unknown_claim(mode: CniMode) -> Claim {
    let pods = u64::from(UNKNOWN_MAX_PODS);
    let pod_addresses = if mode.prefix_delegation {
        pods.div_ceil(u64::from(PREFIX_ADDRESSES)) * u64::from(PREFIX_ADDRESSES)
    } else {
        pods
    };
    if mode.custom_networking {
        Claim {
            max_pods: UNKNOWN_MAX_PODS,
            node_subnet: 1,
            pod_subnet: pod_addresses,
        }
    } else {
        Claim {
            max_pods: UNKNOWN_MAX_PODS,
            node_subnet: pod_addresses + 1,
            pod_subnet: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_max_pods() {
        assert_eq!(max_pods("m5.large"), Some(29));
        assert_eq!(max_pods("t3.medium"), Some(17));
        assert_eq!(max_pods("m5.xlarge"), Some(58));
        assert_eq!(max_pods("t3.small"), Some(11));
        assert_eq!(max_pods("nope.large"), None);
    }

    /// The default and custom-networking columns of the VPC CNI's
    /// `misc/eni-max-pods.txt` for every type in the table.
    #[test]
    fn matches_eni_max_pods_txt() {
        let published: &[(&str, u32, u32)] = &[
            ("c5.large", 29, 20),
            ("c6i.large", 29, 20),
            ("c7g.large", 29, 20),
            ("m5.2xlarge", 58, 44),
            ("m5.large", 29, 20),
            ("m5.xlarge", 58, 44),
            ("m6g.large", 29, 20),
            ("m6i.2xlarge", 58, 44),
            ("m6i.large", 29, 20),
            ("m6i.xlarge", 58, 44),
            ("m7g.large", 29, 20),
            ("m7i.large", 29, 20),
            ("m7i.xlarge", 58, 44),
            ("r5.large", 29, 20),
            ("r6i.large", 29, 20),
            ("t3.large", 35, 24),
            ("t3.medium", 17, 12),
            ("t3.small", 11, 8),
            ("t3.xlarge", 58, 44),
        ];
        assert_eq!(published.len(), ENI_LIMITS.len());
        let custom = CniMode {
            custom_networking: true,
            prefix_delegation: false,
        };
        for (t, default, custom_networking) in published {
            assert_eq!(max_pods(t), Some(*default), "{t}");
            assert_eq!(max_pods_in(t, custom), Some(*custom_networking), "{t}");
        }
    }

    /// Prefix delegation: 110 below 30 vCPUs, unless the ENIs hold fewer.
    #[test]
    fn prefix_delegation_caps_at_110() {
        let pd = CniMode {
            custom_networking: false,
            prefix_delegation: true,
        };
        assert_eq!(max_pods_in("m5.large", pd), Some(110));
        assert_eq!(max_pods_in("t3.small", pd), Some(110));
        assert_eq!(prefix_cap(29), 110);
        assert_eq!(prefix_cap(30), 250);
        // m5.large: 108 pods fill seven /28s on the primary ENI.
        let c = claim("m5.large", pd).unwrap();
        assert_eq!((c.node_subnet, c.pod_subnet), (112 + 1, 0));
        let both = CniMode {
            custom_networking: true,
            prefix_delegation: true,
        };
        let c = claim("m5.large", both).unwrap();
        assert_eq!((c.max_pods, c.node_subnet, c.pod_subnet), (110, 1, 113));
        let custom = CniMode {
            custom_networking: true,
            prefix_delegation: false,
        };
        let c = claim("m5.large", custom).unwrap();
        assert_eq!((c.max_pods, c.node_subnet, c.pod_subnet), (20, 1, 20));
        assert_eq!(
            claim("m5.large", CniMode::default()).unwrap().node_subnet,
            30
        );
    }

    #[test]
    fn sorted() {
        assert!(ENI_LIMITS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
