//! The Paths section: the node subnets' paths to the API endpoint, ECR and
//! S3, and STS, as the reachability engine found them. Subnets whose path
//! to one destination takes the same steps after leaving the subnet share
//! one statement, so the section grows little with the number of AZs.

use super::{fact, list, same, st, Fact, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::reach::{Path, SubnetReach};

/// What the paths lead to, and their key in the reachability document. The
/// credentials and add-on paths are the same kind for every subnet.
fn destinations(first: &SubnetReach) -> Vec<(&'static str, &'static str)> {
    let mut out = if first.api_ipv6.is_some() {
        // An IPv6 cluster's endpoint is dual-stack: one path per family.
        vec![
            ("the API endpoint over IPv4", "api"),
            ("the API endpoint over IPv6", "apiIpv6"),
        ]
    } else {
        vec![("the API endpoint", "api")]
    };
    out.extend([
        ("ECR and S3 (image pulls)", "images"),
        if first.credentials_label.contains("eks-auth") {
            ("STS and eks-auth (pod credentials)", "credentials")
        } else {
            ("STS (pod credentials)", "credentials")
        },
    ]);
    if first.addons.is_some() {
        out.push(("the AWS services the add-ons call", "addons"));
    }
    out
}

fn path_of<'a>(r: &'a SubnetReach, key: &str) -> &'a Path {
    match key {
        "api" => &r.api,
        "apiIpv6" => r.api_ipv6.as_ref().expect("every subnet has the IPv6 path"),
        "images" => &r.images,
        "addons" => r.addons.as_ref().expect("every subnet has the add-on path"),
        _ => &r.credentials,
    }
}

/// What two subnets' paths must share to be told as one.
fn shape(p: &Path) -> (bool, &[String], Option<&String>) {
    (
        p.ok,
        p.hops.get(1..).unwrap_or_default(),
        p.problem.as_ref(),
    )
}

pub(super) fn paths(reach: &[SubnetReach], out: &mut Vec<Statement>) {
    let Some(first) = reach.first() else {
        return;
    };
    for (what, key) in destinations(first) {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, r) in reach.iter().enumerate() {
            let p = path_of(r, key);
            match groups
                .iter_mut()
                .find(|g| shape(path_of(&reach[g[0]], key)) == shape(p))
            {
                Some(g) => g.push(i),
                None => groups.push(vec![i]),
            }
        }
        for g in groups {
            out.push(group(reach, &g, what, key));
        }
    }
}

fn group(reach: &[SubnetReach], members: &[usize], what: &str, key: &str) -> Statement {
    let one = members.len() == 1;
    let first = path_of(&reach[members[0]], key);
    let mut facts: Vec<Fact> = Vec::new();
    for &i in members {
        let r = &reach[i];
        let p = path_of(r, key);
        let base = format!("/reachability/{i}/{key}");
        facts.push(same(format!("/reachability/{i}/subnet"), &r.subnet));
        facts.push(fact(
            format!("{base}/ok"),
            p.ok,
            if p.ok { "ok" } else { "NO PATH" },
        ));
        // A shared statement leaves out each subnet's own first step.
        let skip = usize::from(!one);
        for (h, hop) in p.hops.iter().enumerate().skip(skip) {
            facts.push(same(format!("{base}/hops/{h}"), hop));
        }
        if let Some(problem) = &p.problem {
            facts.push(same(format!("{base}/problem"), problem));
        }
    }
    let status = if first.ok { "ok" } else { "NO PATH" };
    let text = if one {
        format!(
            "{} → {what}: {status}: {}",
            reach[members[0]].subnet,
            first.describe()
        )
    } else {
        let names: Vec<String> = members.iter().map(|&i| reach[i].subnet.clone()).collect();
        let mut steps = first.hops[1..].join(" → ");
        if let Some(p) = &first.problem {
            if !steps.is_empty() {
                steps.push_str(" → ");
            }
            steps.push_str("✗ ");
            steps.push_str(p);
        }
        format!(
            "{} → {what}: {status}, each from its own subnet: {steps}",
            list(&names)
        )
    };
    st(Section::Paths, text, facts, &[Ref::BlogNetworking])
}
