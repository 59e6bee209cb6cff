//! The Subnets section: one statement per subnet, with its role and what
//! MapPublicIpOnLaunch does there, and what flipping it would break.

use super::{fact, same, Fact, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::{Subnet, Tier, Topology};

pub(super) fn subnet(t: &Topology, i: usize, s: &Subnet) -> Statement {
    let p = |field: &str| format!("/topology/subnets/{i}/{field}");
    let mut facts = vec![
        same(p("id"), &s.id),
        same(p("az"), &s.az),
        same(p("tier"), s.tier.as_str()),
        same(p("cidr"), s.cidr),
        same(p("usableAddresses"), s.usable_addresses),
        same(p("mapPublicIpOnLaunch"), s.map_public_ip_on_launch),
    ];
    let role = role(s, &p, &mut facts);
    let extra = neighbours(t, s, &mut facts);
    let mut refs = vec![Ref::EksVpc];
    let flip = map_public_ip(t, s, &mut refs);
    Statement {
        section: Section::Subnets,
        text: format!(
            "{} in {}: {} subnet, {} with {} usable addresses (AWS keeps 5 of every subnet); {role}.{extra} MapPublicIpOnLaunch {flip}.",
            s.id,
            s.az,
            s.tier.as_str(),
            s.cidr,
            s.usable_addresses
        ),
        facts,
        sources: refs,
    }
}

/// What runs in the subnet; its `nodes` fact goes to `facts`.
fn role(s: &Subnet, p: &impl Fn(&str) -> String, facts: &mut Vec<Fact>) -> &'static str {
    match (s.tier, s.nodes) {
        (_, true) => {
            facts.push(fact(p("nodes"), true, "nodes run here"));
            "nodes run here"
        }
        (Tier::Public, false) => {
            facts.push(fact(
                p("nodes"),
                false,
                "no nodes: internet-facing load balancers",
            ));
            "no nodes: internet-facing load balancers live here"
        }
        (Tier::Private, false) => {
            facts.push(fact(p("nodes"), false, "no nodes"));
            "no nodes run here"
        }
    }
}

/// The NAT gateways placed in the subnet, and whether it is a cluster
/// subnet, as sentences; their facts go to `facts`.
fn neighbours(t: &Topology, s: &Subnet, facts: &mut Vec<Fact>) -> String {
    let mut extra = String::new();
    for (j, n) in t.nat_gateways.iter().enumerate() {
        if n.subnet.as_deref() == Some(s.id.as_str()) {
            extra.push_str(&format!(" NAT gateway {} sits here.", n.id));
            facts.push(same(format!("/topology/natGateways/{j}/id"), &n.id));
        }
    }
    if let Some(k) = t.cluster.subnets.iter().position(|c| *c == s.id) {
        extra.push_str(
            " It is a cluster subnet: EKS places the control plane's network interfaces here.",
        );
        facts.push(fact(
            format!("/topology/cluster/subnets/{k}"),
            &s.id,
            "cluster subnet",
        ));
    }
    extra
}

/// What the subnet's MapPublicIpOnLaunch does and what flipping it would
/// do; its sources go to `refs`.
fn map_public_ip(t: &Topology, s: &Subnet, refs: &mut Vec<Ref>) -> &'static str {
    match (s.tier, s.nodes, s.map_public_ip_on_launch) {
        (Tier::Public, true, true) => {
            refs.extend([Ref::EksNodeSubnets, Ref::Roadmap607]);
            "true: nodes get the public IPs their traffic leaves the internet gateway with. Flipped to false: EKS would refuse new managed node groups here (Ec2SubnetInvalidConfiguration: the subnet does not automatically assign public IP addresses to instances launched into it), as it has for node groups in public subnets since 2020-04-22"
        }
        (Tier::Public, false, true) => {
            refs.extend([Ref::AwsTemplates, Ref::EksNodeSubnets, Ref::BlogNetworking]);
            "true, as in AWS's templates, eksctl and the CDK: nothing here needs it today (NAT gateways use Elastic IPs, load balancers get their own addresses), but a node group placed here later gets public IPs. Flipped to false: nothing running breaks (the blog leaves it unset where no nodes run), but EKS would refuse a managed node group created here later (Ec2SubnetInvalidConfiguration)"
        }
        (Tier::Public, _, false) => {
            refs.extend([Ref::EksNodeSubnets, Ref::Roadmap607]);
            "false: nothing launched here gets a public IP, and EKS refuses a managed node group here with Ec2SubnetInvalidConfiguration (since 2020-04-22). Flipped to true: nodes could run here"
        }
        (Tier::Private, _, false) if t.internet_gateway.is_none() => {
            refs.push(Ref::BlogNetworking);
            "false, as a private subnet should be: the VPC has no internet gateway, so a public IP could carry no traffic. Flipped to true: nothing would be gained, and the subnet would no longer look private to audits"
        }
        (Tier::Private, _, false) => {
            refs.push(Ref::BlogNetworking);
            "false, as a private subnet should be: its default route does not go to the internet gateway, so a public IP would be of no use. Flipped to true: instances would get public IPv4 addresses that no route uses, each charged by the hour since February 2024, and the subnet would no longer look private to audits"
        }
        (Tier::Private, _, true) => {
            refs.push(Ref::BlogNetworking);
            "true on a private subnet: instances get public IPv4 addresses that no route uses, each charged by the hour since February 2024. Flipped to false, as the blog asks for private subnets: nothing is lost"
        }
    }
}
