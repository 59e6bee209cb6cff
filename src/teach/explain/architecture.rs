//! The Architecture and VPC sections: what the chosen layout is for and
//! what it trades, and why the VPC's DNS settings matter to the API endpoint.

use super::{fact, same, st, Section, Statement};
use crate::spec::Architecture;
use crate::teach::sources::Ref;
use crate::topology::Topology;
use serde_json::Value;

pub(super) fn overview(t: &Topology, out: &mut Vec<Statement>) {
    let head = vec![
        same("/topology/name", &t.name),
        same("/topology/region", &t.region),
        same("/topology/kubernetesVersion", &t.kubernetes_version),
    ];
    let Some(arch) = t.architecture else {
        let mut facts = head;
        facts.push(fact("/topology/architecture", Value::Null, "imported"));
        out.push(st(
            Section::Overview,
            format!(
                "{} in {} (Kubernetes {}) is an imported VPC: it follows no architecture by name, so each part below is explained on its own.",
                t.name, t.region, t.kubernetes_version
            ),
            facts,
            &[Ref::BlogNetworking],
        ));
        return;
    };
    let (what, trade, refs): (&str, &str, &[Ref]) = match arch {
        Architecture::PublicOnly => (
            "nodes and internet-facing load balancers share public subnets; every node has its own public IP and reaches the internet, ECR and S3 through the internet gateway",
            "Trade-off: the simplest and cheapest layout (no NAT gateway), for basic web apps where ingress from the internet to the nodes is no concern; but every node is addressable from the internet, so only its security groups protect it, and each node's public IPv4 address is charged by the hour.",
            &[Ref::BlogNetworking],
        ),
        Architecture::PublicPrivate => (
            "load balancers live in public subnets and nodes in private subnets, which reach the internet through NAT",
            "Trade-off: nodes cannot be reached from the internet while most Kubernetes applications work unchanged; the price is the NAT gateways (per hour and per GB processed). It is the layout of AWS's EKS VPC template; eksctl creates the same public and private subnets by default, but puts its node groups in the public subnets unless privateNetworking is set.",
            &[Ref::BlogNetworking, Ref::EksCreateVpc, Ref::AwsTemplates, Ref::Eksctl],
        ),
        Architecture::PrivateOnly => (
            "only private subnets, no internet gateway and no public ingress; nodes reach AWS services through PrivateLink endpoints, or through a transit gateway when one is configured",
            "Trade-off: for workloads that need no traffic from the internet; no load balancer can face the internet, and images must come from ECR (or through the egress path). The public endpoint stays on, as the blog asks, so kubectl works from outside without a VPN.",
            &[Ref::BlogNetworking, Ref::EksPrivate],
        ),
        Architecture::FullyPrivate => (
            "no route out of the VPC at all: PrivateLink endpoints replace the internet, and the API endpoint is private only",
            "Trade-off: the strictest isolation, but kubectl must run in the VPC or a connected network (VPN, Direct Connect, a bastion), every image, including operational tools such as Cluster Autoscaler, must come from ECR through the endpoints, and each interface endpoint is charged per AZ and hour.",
            &[Ref::BlogNetworking, Ref::EksPrivate],
        ),
    };
    let mut facts = head;
    facts.push(same("/topology/architecture", arch.as_str()));
    let mut what = what.to_string();
    if arch == Architecture::PublicOnly {
        // The API is reached inside the VPC whenever private access is on.
        let private = t.cluster.endpoint_private_access;
        let api = if private {
            ", and the API through the private endpoint (private access is on)"
        } else {
            ", and the API through the public endpoint (private access is off)"
        };
        what.push_str(api);
        facts.push(fact(
            "/topology/cluster/endpointPrivateAccess",
            private,
            if private {
                "private access is on"
            } else {
                "private access is off"
            },
        ));
    }
    out.push(st(
        Section::Overview,
        format!(
            "{} in {} (Kubernetes {}) is {}: {what}. {trade}",
            t.name,
            t.region,
            t.kubernetes_version,
            arch.as_str()
        ),
        facts,
        refs,
    ));
}

pub(super) fn vpc(t: &Topology, out: &mut Vec<Statement>) {
    let v = &t.vpc;
    let dns = v.enable_dns_support && v.enable_dns_hostnames;
    let why = if dns {
        "the EKS guide requires both, or nodes cannot register with the cluster; with private access on, the API endpoint's name also resolves through an EKS-managed private hosted zone that needs both"
    } else {
        "the EKS guide requires both, or nodes cannot register with the cluster, and with either off the private API endpoint's name does not resolve inside the VPC; turn both on"
    };
    out.push(st(
        Section::Vpc,
        format!(
            "VPC {} has enableDnsSupport {} and enableDnsHostnames {}: {why}. {} addresses are in no subnet, left for later subnets.",
            v.cidr, v.enable_dns_support, v.enable_dns_hostnames, v.unallocated_addresses
        ),
        vec![
            same("/topology/vpc/cidr", v.cidr),
            same("/topology/vpc/enableDnsSupport", v.enable_dns_support),
            same("/topology/vpc/enableDnsHostnames", v.enable_dns_hostnames),
            same("/topology/vpc/unallocatedAddresses", v.unallocated_addresses),
        ],
        &[Ref::EksVpc, Ref::EksEndpoint],
    ));
}
