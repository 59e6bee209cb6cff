//! How many pods a node can hold with the Amazon VPC CNI in its default
//! (secondary IP) mode: ENIs × (IPv4 addresses per ENI − 1) + 2.
//!
//! Source: EKS user guide "Maximum pods", and the EC2 user guide table
//! "IP addresses per network interface per instance type", read 2026.

/// (instance type, ENIs, IPv4 addresses per ENI).
const ENI_LIMITS: &[(&str, u32, u32)] = &[
    ("c5.large", 3, 10),
    ("c6i.large", 3, 10),
    ("c7g.large", 3, 10),
    ("m5.2xlarge", 4, 15),
    ("m5.large", 3, 10),
    ("m5.xlarge", 4, 15),
    ("m6g.large", 3, 10),
    ("m6i.2xlarge", 4, 15),
    ("m6i.large", 3, 10),
    ("m6i.xlarge", 4, 15),
    ("m7g.large", 3, 10),
    ("m7i.large", 3, 10),
    ("m7i.xlarge", 4, 15),
    ("r5.large", 3, 10),
    ("r6i.large", 3, 10),
    ("t3.large", 3, 12),
    ("t3.medium", 3, 6),
    ("t3.small", 3, 4),
    ("t3.xlarge", 4, 15),
];

/// Kubernetes' own default cap, assumed for instance types not in the table.
pub const UNKNOWN_MAX_PODS: u32 = 110;

/// Max pods for an instance type, or None when it is not in the table.
pub fn max_pods(instance_type: &str) -> Option<u32> {
    ENI_LIMITS
        .iter()
        .find(|(t, ..)| *t == instance_type)
        .map(|(_, enis, ips)| enis * (ips - 1) + 2)
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

    #[test]
    fn sorted() {
        assert!(ENI_LIMITS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
