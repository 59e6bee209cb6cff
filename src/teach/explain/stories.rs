//! The failure stories: for the architecture at hand, what a user sees
//! when a part of this network is missing or wrong (the exact error text),
//! and the rule that catches it before deploying or in `eksnet doctor`.
//! Then the options beside this plan: a regional NAT gateway (taught, not
//! planned), and, for an IPv4 cluster, IPv6 with an egress-only internet
//! gateway (which `ipFamily: ipv6` plans).

use super::{same, st, Section, Statement};
use crate::spec::Architecture;
use crate::teach::sources::Ref;
use crate::topology::{IpFamily, Topology};

/// A story: when it applies, what breaks and what the user sees, the rules
/// that catch it, and where that is written down.
struct Story {
    applies: fn(Architecture) -> bool,
    text: &'static str,
    refs: &'static [Ref],
}

const STORIES: &[Story] = &[
    Story {
        applies: |a| a.has_public_subnets(),
        text: "a public subnet whose MapPublicIpOnLaunch is off makes EKS refuse a managed node group placed in it: `Ec2SubnetInvalidConfiguration: One or more Amazon EC2 Subnets of [subnet-...] for node group ... does not automatically assign public IP addresses to instances launched into it`. eksnet turns the setting on in public subnets; E060 (nodes there) and W074 (none yet) catch it in plan and doctor",
        refs: &[Ref::EksNodeSubnets, Ref::Roadmap607],
    },
    Story {
        applies: |_| true,
        text: "nodes that cannot reach the cluster API never register, and after about 15 minutes the managed node group reports `NodeCreationFailure: Instances failed to join the kubernetes cluster`. The reachability engine proves each node subnet's way to the API before anything is written: E061 (no path), E034 (public access CIDRs that leave the nodes out while private access is off), E072 (VPC DNS support or hostnames off)",
        refs: &[Ref::EksTroubleshooting, Ref::EksEndpointAccess, Ref::EksVpc],
    },
    Story {
        applies: |a| matches!(a, Architecture::PrivateOnly | Architecture::FullyPrivate),
        text: "without the ecr.api and ecr.dkr interface endpoints and the s3 gateway endpoint (ECR keeps image layers in S3), image pulls time out and pods stay in ErrImagePull or ImagePullBackOff, the VPC CNI and kube-proxy among them, so nodes never become Ready. E062 catches a node subnet without a path to ECR and S3, W081 an S3 gateway endpoint missing from a node route table",
        refs: &[Ref::EksPrivate, Ref::EcrEndpoints],
    },
    Story {
        applies: |a| a == Architecture::PublicPrivate,
        text: "private subnets whose default route to the NAT gateway is missing leave nodes without a way to ECR, S3 and STS: image pulls time out (ErrImagePull, ImagePullBackOff) and nodes never become Ready. E062 and W063 catch the broken paths",
        refs: &[Ref::EksNodeSubnets, Ref::VpcNat],
    },
    Story {
        applies: |_| true,
        text: "DHCP options without AmazonProvidedDNS leave a node without its private DNS name: the kubelet logs `node \"\" not found` and the node never joins, and the private endpoint's name does not resolve. W078 catches it in doctor",
        refs: &[Ref::EksTroubleshooting, Ref::EksEndpoint],
    },
    Story {
        applies: |_| true,
        text: "a VPC that overlaps 172.17.0.0/16, the range the EKS guide says Docker uses in EKS clusters, can make kubectl exec and logs fail with `error dialing backend: dial tcp 172.17.<nn>.<nn>:10250: getsockopt: no route to host`. W023 warns when the VPC CIDR overlaps it",
        refs: &[Ref::EksTroubleshooting],
    },
];

pub(super) fn stories(t: &Topology, out: &mut Vec<Statement>) {
    let Some(arch) = t.architecture else {
        return;
    };
    for s in STORIES.iter().filter(|s| (s.applies)(arch)) {
        out.push(st(
            Section::Stories,
            format!("{}: {}.", arch.as_str(), s.text),
            vec![same("/topology/architecture", arch.as_str())],
            s.refs,
        ));
    }
}

/// The options beside the four architectures, as teaching text only.
pub(super) fn options(t: &Topology, out: &mut Vec<Statement>) {
    if !t.nat_gateways.is_empty() {
        out.push(st(
            Section::Options,
            format!(
                "Regional NAT gateway, instead of NAT mode {}: one NAT gateway that needs no public subnet and expands across the AZs the workloads are in, giving each AZ its way out without a gateway and a route per AZ. eksnet plans zonal NAT gateways (one in a public subnet, single or per AZ) and does not generate a regional one; doctor follows routes to one in an imported VPC.",
                t.nat_mode.as_str()
            ),
            vec![same("/topology/natMode", t.nat_mode.as_str())],
            &[Ref::VpcRegionalNat, Ref::VpcNat],
        ));
    }
    if t.ip_family == IpFamily::Ipv4 {
        out.push(st(
            Section::Options,
            format!(
                "IPv6 cluster, instead of this IPv4 one in {}: pods and services get IPv6 addresses, and private subnets that need a way out use an egress-only internet gateway (IPv6) beside NAT (IPv4). The IP family is chosen when the cluster is created and cannot be changed later: `ipFamily: ipv6` (or `--ip-family ipv6`) plans one.",
                t.vpc.cidr
            ),
            vec![same("/topology/vpc/cidr", t.vpc.cidr)],
            &[Ref::EksIpv6, Ref::EksNodeSubnets],
        ));
    }
}
