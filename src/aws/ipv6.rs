//! What an IPv6 EKS cluster needs and refuses.
//!
//! Sources, read 2026-12: EKS user guide "Learn about IPv6 addresses to
//! clusters, Pods, and services" (cni-ipv6: Nitro-based nodes only, prefix
//! mode, no Windows, no custom networking, no Outposts); the Amazon VPC CNI's
//! "IAM Policy" page (the IPv6-mode policy); EC2 instance types guide
//! "Instances built on the AWS Nitro System"; EKS API reference
//! KubernetesNetworkConfigRequest (no `ipv6` in the China Regions).

use super::ami::family;

/// The VPC CNI's permissions in IPv6 mode, on every resource. AWS manages
/// no policy with them (`AmazonEKS_CNI_Policy` is IPv4's): the cluster
/// creates its own.
pub const CNI_IPV6_ACTIONS: &[&str] = &[
    "ec2:AssignIpv6Addresses",
    "ec2:DescribeInstances",
    "ec2:DescribeTags",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeInstanceTypes",
];

/// The CNI also tags the network interfaces it manages (resource
/// `arn:PARTITION:ec2:*:*:network-interface/*`).
pub const CNI_IPV6_TAG_ACTION: &str = "ec2:CreateTags";

/// Instance families built on the Xen hypervisor, not on Nitro: IPv6
/// clusters cannot use them. `i3` and `p3` are Xen except their `metal` and
/// `p3dn` sizes, which are Nitro.
const XEN_FAMILIES: &[&str] = &[
    "c1", "c3", "c4", "cc2", "cr1", "d2", "g2", "g3", "g3s", "h1", "hi1", "hs1", "i2", "i3", "m1",
    "m2", "m3", "m4", "p2", "p3", "r3", "r4", "t1", "t2", "x1", "x1e",
];

/// Whether an instance type runs on the Nitro System (unknown families are
/// assumed to: every family since 2018 does).
pub fn is_nitro(instance_type: &str) -> bool {
    let fam = family(instance_type);
    let size = instance_type.split_once('.').map_or("", |(_, s)| s);
    if fam == "i3" && size == "metal" {
        return true;
    }
    !XEN_FAMILIES.contains(&fam)
}

/// Max pods per node in prefix mode, which IPv6 forces: 110 below 30
/// vCPUs, 250 from 30. The vCPUs follow from the size's name (`large` 2,
/// `xlarge` 4, `Nxlarge` 4N); a size it cannot tell (`metal`) is None.
pub fn prefix_mode_max_pods(instance_type: &str) -> Option<u32> {
    let size = instance_type.split_once('.')?.1;
    let vcpus = match size {
        "nano" | "micro" | "small" | "medium" | "large" => 2,
        "xlarge" => 4,
        s => 4 * s.strip_suffix("xlarge")?.parse::<u32>().ok()?,
    };
    Some(super::instances::prefix_cap(vcpus))
}

/// Partitions where EKS creates IPv6 clusters (not aws-cn).
pub fn partition_allows_ipv6(partition: &str) -> bool {
    partition != "aws-cn"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nitro_families() {
        assert!(is_nitro("m6i.large"));
        assert!(is_nitro("m7g.xlarge"));
        assert!(!is_nitro("t2.medium"));
        assert!(!is_nitro("m4.large"));
        assert!(!is_nitro("i3.large"));
        assert!(is_nitro("i3.metal"));
        assert!(is_nitro("p3dn.24xlarge"));
    }

    #[test]
    fn prefix_mode_caps_at_110_below_30_vcpus() {
        assert_eq!(prefix_mode_max_pods("t3.small"), Some(110));
        assert_eq!(prefix_mode_max_pods("m6i.large"), Some(110));
        assert_eq!(prefix_mode_max_pods("m6i.4xlarge"), Some(110));
        assert_eq!(prefix_mode_max_pods("m6i.8xlarge"), Some(250));
        assert_eq!(prefix_mode_max_pods("m6i.metal"), None);
    }

    #[test]
    fn china_has_no_ipv6_clusters() {
        assert!(!partition_allows_ipv6("aws-cn"));
        assert!(partition_allows_ipv6("aws"));
        assert!(partition_allows_ipv6("aws-us-gov"));
    }
}
