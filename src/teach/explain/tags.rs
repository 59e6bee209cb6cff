//! The Tags section: the subnet tags load balancers and Karpenter look for,
//! and the spec's own tags.

use super::{fact, list, pointer_token, st, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::Topology;
use std::collections::BTreeMap;

pub(super) fn tags(t: &Topology, out: &mut Vec<Statement>) {
    // Group subnet tags by key=value, so one statement covers every subnet
    // carrying the same tag.
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in t.subnets.iter().enumerate() {
        for (k, v) in &s.tags {
            if t.tags.get(k) == Some(v) {
                continue; // the user's tag on everything: said once below
            }
            groups.entry((k, v)).or_default().push(i);
        }
    }
    for ((k, v), idx) in groups {
        let mut facts = Vec::new();
        let names: Vec<String> = idx.iter().map(|i| t.subnets[*i].id.clone()).collect();
        for i in &idx {
            facts.push(fact(
                format!("/topology/subnets/{i}/tags/{}", pointer_token(k)),
                v,
                format!("{k}={v}"),
            ));
        }
        let (why, refs): (String, &[Ref]) = match k {
            "kubernetes.io/role/elb" => (
                "load balancer controllers place internet-facing load balancers in the subnets tagged so. The old kubernetes.io/cluster/ tag with the cluster's name is not needed any more (only clusters up to 1.18 and AWS Load Balancer Controller up to 2.1.1 used it)".into(),
                &[Ref::EksVpc],
            ),
            "kubernetes.io/role/internal-elb" => (
                "load balancer controllers place internal load balancers in the subnets tagged so".into(),
                &[Ref::EksVpc],
            ),
            "karpenter.sh/discovery" => (
                "Karpenter finds the subnets to launch nodes in by this tag (subnetSelectorTerms)".into(),
                &[Ref::Karpenter],
            ),
            _ => ("set by the spec".into(), &[]),
        };
        out.push(st(
            Section::Tags,
            format!("{k}={v} on {}: {why}.", list(&names)),
            facts,
            refs,
        ));
    }
    for (k, v) in &t.tags {
        out.push(st(
            Section::Tags,
            format!("{k}={v}: the spec's tag, on every taggable resource."),
            vec![fact(
                format!("/topology/tags/{}", pointer_token(k)),
                v,
                format!("{k}={v}"),
            )],
            &[],
        ));
    }
}
