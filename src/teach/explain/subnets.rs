//! The Subnets section: one statement per group of subnets that differ only
//! in name, AZ and CIDR (as planned, one per AZ and tier), with their role,
//! what MapPublicIpOnLaunch does there, and what flipping it would break.

use super::{fact, list, same, Fact, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::{Subnet, Tier, Topology};

/// One statement per group of alike subnets, in the order of their first
/// member, so the explanation grows little with the number of AZs.
pub(super) fn subnets(t: &Topology, out: &mut Vec<Statement>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, s) in t.subnets.iter().enumerate() {
        let alike = |g: &Vec<usize>| {
            let o = &t.subnets[g[0]];
            (
                o.tier,
                o.nodes,
                o.map_public_ip_on_launch,
                o.usable_addresses,
            ) == (
                s.tier,
                s.nodes,
                s.map_public_ip_on_launch,
                s.usable_addresses,
            )
        };
        match groups.iter_mut().find(|g| alike(g)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    for g in groups {
        out.push(subnet_group(t, &g));
    }
}

fn subnet_group(t: &Topology, members: &[usize]) -> Statement {
    let s = &t.subnets[members[0]];
    let mut facts = Vec::new();
    let mut role_text = "";
    for &i in members {
        let m = &t.subnets[i];
        let p = |field: &str| format!("/topology/subnets/{i}/{field}");
        facts.extend([
            same(p("id"), &m.id),
            same(p("az"), &m.az),
            same(p("tier"), m.tier.as_str()),
            same(p("cidr"), m.cidr),
            same(p("usableAddresses"), m.usable_addresses),
            same(p("mapPublicIpOnLaunch"), m.map_public_ip_on_launch),
        ]);
        role_text = role(m, &p, &mut facts);
    }
    let extra = neighbours(t, members, &mut facts);
    let mut refs = vec![Ref::EksVpc];
    let flip = map_public_ip(t, s, &mut refs);
    let pick = |f: fn(&Subnet) -> String| -> Vec<String> {
        members.iter().map(|&i| f(&t.subnets[i])).collect()
    };
    let head = if members.len() == 1 {
        format!(
            "{} in {}: {} subnet, {} with {} usable addresses",
            s.id,
            s.az,
            s.tier.as_str(),
            s.cidr,
            s.usable_addresses
        )
    } else {
        format!(
            "{} in {}: {} subnets, {}, each with {} usable addresses",
            list(&pick(|m| m.id.clone())),
            list(&pick(|m| m.az.clone())),
            s.tier.as_str(),
            list(&pick(|m| m.cidr.to_string())),
            s.usable_addresses
        )
    };
    Statement {
        section: Section::Subnets,
        text: format!(
            "{head} (AWS keeps 5 of every subnet); {role_text}.{extra} MapPublicIpOnLaunch {flip}."
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
        (Tier::Pod, false) => {
            facts.push(fact(p("nodes"), false, "no nodes: pod addresses"));
            "no nodes: pod addresses for this AZ's nodes (podNetwork)"
        }
    }
}

/// The NAT gateways placed in the subnets, and which of them are cluster
/// subnets, as sentences; their facts go to `facts`.
fn neighbours(t: &Topology, members: &[usize], facts: &mut Vec<Fact>) -> String {
    let mut extra = String::new();
    let one = members.len() == 1;
    let mut cluster = Vec::new();
    for &i in members {
        let s = &t.subnets[i];
        for (j, n) in t.nat_gateways.iter().enumerate() {
            if n.subnet.as_deref() == Some(s.id.as_str()) {
                let place = if one {
                    "here".to_string()
                } else {
                    format!("in {}", s.id)
                };
                extra.push_str(&format!(" NAT gateway {} sits {place}.", n.id));
                facts.push(same(format!("/topology/natGateways/{j}/id"), &n.id));
            }
        }
        if let Some(k) = t.cluster.subnets.iter().position(|c| *c == s.id) {
            let shown = if one {
                "cluster subnet".to_string()
            } else {
                s.id.clone()
            };
            facts.push(fact(format!("/topology/cluster/subnets/{k}"), &s.id, shown));
            cluster.push(s.id.clone());
        }
    }
    let what = "EKS places the control plane's network interfaces";
    if one && !cluster.is_empty() {
        extra.push_str(&format!(" It is a cluster subnet: {what} here."));
    } else if !one && cluster.len() == members.len() {
        extra.push_str(&format!(" They are all cluster subnets: {what} in them."));
    } else if !cluster.is_empty() {
        extra.push_str(&format!(
            " {} are cluster subnets: {what} in them.",
            list(&cluster)
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
        (Tier::Private | Tier::Pod, _, false) if t.internet_gateway.is_none() => {
            refs.push(Ref::BlogNetworking);
            "false, as a private subnet should be: the VPC has no internet gateway, so a public IP could carry no traffic. Flipped to true: nothing would be gained, and the subnet would no longer look private to audits"
        }
        (Tier::Private | Tier::Pod, _, false) => {
            refs.push(Ref::BlogNetworking);
            "false, as a private subnet should be: its default route does not go to the internet gateway, so a public IP would be of no use. Flipped to true: instances would get public IPv4 addresses that no route uses, each charged by the hour since February 2024, and the subnet would no longer look private to audits"
        }
        (Tier::Private | Tier::Pod, _, true) => {
            refs.push(Ref::BlogNetworking);
            "true on a private subnet: instances get public IPv4 addresses that no route uses, each charged by the hour since February 2024. Flipped to false, as the blog asks for private subnets: nothing is lost"
        }
    }
}
