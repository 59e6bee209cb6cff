//! The Paths section: each node subnet's paths to the API endpoint, ECR
//! and S3, and STS, as the reachability engine found them.

use super::{fact, same, st, Section, Statement};
use crate::teach::sources::Ref;
use crate::topology::reach::SubnetReach;

pub(super) fn paths(reach: &[SubnetReach], out: &mut Vec<Statement>) {
    for (i, r) in reach.iter().enumerate() {
        for (what, key, p) in [
            ("the API endpoint", "api", &r.api),
            ("ECR and S3 (image pulls)", "images", &r.images),
            (
                "STS and eks-auth (pod credentials)",
                "credentials",
                &r.credentials,
            ),
        ] {
            let base = format!("/reachability/{i}/{key}");
            let mut facts = vec![
                same(format!("/reachability/{i}/subnet"), &r.subnet),
                fact(
                    format!("{base}/ok"),
                    p.ok,
                    if p.ok { "ok" } else { "NO PATH" },
                ),
            ];
            for (h, hop) in p.hops.iter().enumerate() {
                facts.push(same(format!("{base}/hops/{h}"), hop));
            }
            if let Some(problem) = &p.problem {
                facts.push(same(format!("{base}/problem"), problem));
            }
            out.push(st(
                Section::Paths,
                format!(
                    "{} → {what}: {}: {}",
                    r.subnet,
                    if p.ok { "ok" } else { "NO PATH" },
                    p.describe()
                ),
                facts,
                &[Ref::BlogNetworking],
            ));
        }
    }
}
