//! What an IPv6 cluster changes, statement by statement: the VPC's /56 and
//! the subnets' /64 indices, IPv6 auto-assign and DNS64, the `::/0` routes,
//! the public endpoint, prefix mode and the CNI's IPv6 policy, and how each
//! address family leaves the node subnets. Nothing for an IPv4 cluster.

use super::{list, same, st, Section, Statement};
use crate::report::ipv6_target;
use crate::teach::sources::Ref;
use crate::topology::{IpFamily, Topology};

pub(super) fn ipv6(t: &Topology, out: &mut Vec<Statement>) {
    if t.ip_family != IpFamily::Ipv6 {
        return;
    }
    out.push(blocks(t));
    out.push(subnet_settings(t));
    out.push(routes(t));
    out.push(cluster(t));
    out.push(families(t));
}

/// Which family each path takes, from the service facts of `aws::services`.
fn families(t: &Topology) -> Statement {
    st(
        Section::Paths,
        format!("Paths by address family (IP family {}): the cluster's API endpoint is dual-stack, and nodes, which have IPv6 addresses of their own, try IPv6 first and fall back to IPv4: both paths are proved below, and the IPv6 one must work (E109). ECR, S3 and STS answer IPv4 only by the names nodes and pods use unless told otherwise, and the interface endpoints eksnet creates keep their default IP address type, IPv4: images are pulled over the node's IPv4 address, and pods reach STS over a host-local IPv4 address the VPC CNI translates to their node's, on the node's IPv4 path. No IPv6 path to an IPv4-only service is claimed, so DNS64 and NAT64 are not needed.", t.ip_family.as_str()),
        vec![same("/topology/ipFamily", t.ip_family.as_str())],
        &[Ref::EksIpv6, Ref::EksEndpoint],
    )
}

/// The /56 and each subnet's /64 index.
fn blocks(t: &Topology) -> Statement {
    let mut facts = vec![
        same("/topology/ipFamily", t.ip_family.as_str()),
        same("/topology/vpc/amazonIpv6", t.vpc.amazon_ipv6),
    ];
    let mut each = Vec::new();
    for (i, s) in t.subnets.iter().enumerate() {
        if let Some(v6) = s.ipv6 {
            facts.push(same(format!("/topology/subnets/{i}/ipv6/index"), v6.index));
            each.push(format!("{} {}", s.id, v6.index));
        }
    }
    st(
        Section::Vpc,
        format!(
            "IP family {}: pods and services get IPv6 addresses (EKS runs no dual-stack pods), fixed when the cluster is created. The VPC keeps its IPv4 CIDR and gets an Amazon-provided IPv6 /56 too (amazonIpv6 {}), whose address is known only once deployed: each subnet's /64 is a fixed index into it (public subnets from 0, private ones from 64, plus the zone's letter or AZ ID number), so regenerating never moves one: {}.",
            t.ip_family.as_str(),
            t.vpc.amazon_ipv6,
            list(&each)
        ),
        facts,
        &[Ref::EksIpv6],
    )
}

/// IPv6 auto-assign and DNS64, the same on every planned subnet.
fn subnet_settings(t: &Topology) -> Statement {
    let mut facts = Vec::new();
    let (mut assign, mut dns64) = (true, false);
    for (i, s) in t.subnets.iter().enumerate() {
        if let Some(v6) = s.ipv6 {
            facts.push(same(
                format!("/topology/subnets/{i}/ipv6/assignOnCreation"),
                v6.assign_on_creation,
            ));
            facts.push(same(format!("/topology/subnets/{i}/ipv6/dns64"), v6.dns64));
            assign &= v6.assign_on_creation;
            dns64 |= v6.dns64;
        }
    }
    st(
        Section::Subnets,
        format!(
            "IPv6 auto-assign {assign} on every subnet: EKS refuses a managed node group in a subnet that gives its instances no IPv6 address (E106). DNS64 {dns64}: pods reach IPv4-only names through their node's IPv4 address (the VPC CNI gives each pod a host-local IPv4 address translated to the node's), so no NAT64 is needed, and DNS64's synthesized 64:ff9b:: addresses would lead nowhere without it (W108)."
        ),
        facts,
        &[Ref::EksIpv6],
    )
}

/// Where `::/0` goes from each route table.
fn routes(t: &Topology) -> Statement {
    let mut facts = Vec::new();
    let mut each = Vec::new();
    for (i, rt) in t.route_tables.iter().enumerate() {
        for (j, r) in rt.ipv6_routes.iter().enumerate() {
            facts.push(same(
                format!("/topology/routeTables/{i}/ipv6Routes/{j}/destination"),
                r.destination,
            ));
            each.push(format!(
                "{} sends {} to the {}",
                rt.id,
                r.destination,
                ipv6_target(&r.target)
            ));
        }
    }
    let text = if each.is_empty() {
        facts.push(same("/topology/ipFamily", t.ip_family.as_str()));
        format!(
            "In this {} cluster no route table sends ::/0 anywhere: nothing leaves the VPC, over IPv6 either; AWS services are reached through the VPC endpoints over IPv4, from the nodes and from pods through their node's IPv4 address.",
            t.ip_family.as_str()
        )
    } else {
        format!(
            "IPv6 routes: {}. An egress-only internet gateway lets IPv6 out and nothing in: IPv6 addresses are public, so it does for the private subnets what NAT does for IPv4, without NAT's hourly and per-GB processing charges (data sent to the internet is charged as usual). IPv4 keeps its own routes (NAT where the architecture has it).",
            list(&each)
        )
    };
    st(Section::Routes, text, facts, &[Ref::EksIpv6])
}

/// The cluster side: service range, public endpoint, prefix mode, CNI policy.
fn cluster(t: &Topology) -> Statement {
    let g = &t.node_group;
    let mut facts = vec![
        same("/topology/nodeGroup/maxPodsPerNode", g.max_pods_per_node),
        same("/topology/nodeGroup/cniIpv6Policy", g.cni_ipv6_policy),
    ];
    let c = &t.cluster;
    for (k, n) in c.public_access_ipv6_cidrs.iter().enumerate() {
        facts.push(same(
            format!("/topology/cluster/publicAccessIpv6Cidrs/{k}"),
            n,
        ));
    }
    let public6: Vec<String> = c
        .public_access_ipv6_cidrs
        .iter()
        .map(|n| n.to_string())
        .collect();
    let endpoint = if public6.is_empty() {
        String::new()
    } else {
        format!(
            " The public endpoint is dual-stack and admits {} over IPv6 (::/0 is as open as 0.0.0.0/0).",
            list(&public6)
        )
    };
    st(
        Section::Nodes,
        format!(
            "EKS assigns the services' IPv6 range itself (no serviceIpv4Cidr).{endpoint} IPv6 forces the VPC CNI's prefix mode: up to {} pods per node (110 below 30 vCPUs, 250 from 30), each from the subnet's /64, so pods take none of the subnet's IPv4 addresses. The node role holds the CNI's IPv6 permissions (ec2:AssignIpv6Addresses and the describe calls; cniIpv6Policy {}) in a policy of its own: AWS manages none for IPv6.",
            g.max_pods_per_node, g.cni_ipv6_policy
        ),
        facts,
        &[Ref::EksIpv6],
    )
}
