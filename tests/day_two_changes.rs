//! Day two, one everyday change at a time: the spec is regenerated after
//! each (a tag, instance types, the Kubernetes version, an admin ARN, an
//! endpoint, the NAT mode), and per format the test pins which resources
//! are added, which are removed and which change: CloudFormation logical
//! IDs, Terraform resource addresses (one per `for_each` key) and the
//! eksctl config's names. Nothing live is replaced unless the change
//! requires it. Adding and removing an AZ, over the lock, are in
//! `day_two.rs`.

use crate::cases::base;
use crate::day_two::file;
use eksnet::render::{self, OutputFile};
use eksnet::spec::{Architecture, NatMode, Spec};
use eksnet::topology::Lock;
use serde_yaml_ng::Value as Y;
use std::collections::{BTreeMap, BTreeSet};

/// Every format's files for `spec`, planned over `lock`, and the new lock.
fn files(spec: &Spec, lock: Option<&Lock>) -> (Vec<OutputFile>, Lock) {
    let (out, lock, _) = crate::day_two::planned(spec, lock);
    (out, lock)
}

/// The CloudFormation resources: logical ID → its definition.
fn cfn(files: &[OutputFile]) -> BTreeMap<String, Y> {
    let doc: Y = serde_yaml_ng::from_str(file(files, "cloudformation/template.yaml")).unwrap();
    doc["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()))
        .collect()
}

/// The instances of a `for_each` (a literal set or map, a local map, or
/// another resource's instances) in `body`, each key with the text of its
/// entry; None without a `for_each`.
fn for_each_entries(
    body: &str,
    hcl: &str,
    blocks: &BTreeMap<String, String>,
) -> Option<Vec<(String, String)>> {
    let first = body
        .lines()
        .find(|l| l.trim_start().starts_with("for_each ="))?;
    let value = first.split_once('=').unwrap().1.trim();
    Some(match value {
        "toset([" => entries(after(body, "for_each ="), "  ])"),
        "{" => entries(after(body, "for_each ="), "  }"),
        v if v.starts_with("local.") => {
            let local = format!("  {} = {{\n", &v["local.".len()..]);
            entries(after(hcl, &local), "  }")
        }
        v => {
            let other = blocks.get(v).unwrap_or_else(|| panic!("for_each = {v}"));
            for_each_entries(other, hcl, blocks).expect("a resource with instances")
        }
    })
}

/// The lines of `text` after the first that contains `start`.
fn after<'a>(text: &'a str, start: &str) -> &'a str {
    let from = text.find(start).expect("the start line");
    let rest = &text[from..];
    &rest[rest.find('\n').map_or(rest.len(), |i| i + 1)..]
}

/// The entries of a set or map literal, one per line `    "key"...` at the
/// first level (with the deeper lines that follow it), up to `end`.
fn entries(text: &str, end: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for l in text.lines().take_while(|l| !l.starts_with(end)) {
        match l.strip_prefix("    \"") {
            Some(rest) => out.push((rest[..rest.find('"').unwrap()].to_string(), l.to_string())),
            None => out.last_mut().expect("an entry").1.push_str(l),
        }
    }
    out
}

/// A block without its literal `for_each`, whose entries are compared one
/// instance at a time.
fn without_for_each(body: &str) -> String {
    let Some(from) = body.find("  for_each = ") else {
        return body.to_string();
    };
    let rest = &body[from..];
    let end = if rest.starts_with("  for_each = toset([") {
        rest.find("\n  ])").map(|i| i + 5)
    } else if rest.starts_with("  for_each = {") {
        rest.find("\n  }").map(|i| i + 4)
    } else {
        rest.find('\n')
    };
    format!("{}{}", &body[..from], &rest[end.unwrap_or(rest.len())..])
}

/// The Terraform module's resource addresses (with their `for_each` keys)
/// → the text that defines each: its block (without the `for_each`
/// literal) and its own entry of the `for_each`.
fn terraform(files: &[OutputFile]) -> BTreeMap<String, String> {
    let module = format!("terraform/modules/{}", render::TERRAFORM_MODULE);
    let hcl: String = ["main.tf", "eks.tf"]
        .iter()
        .map(|f| file(files, &format!("{module}/{f}")))
        .collect();
    let mut blocks = BTreeMap::new();
    for chunk in hcl.split("\nresource \"").skip(1) {
        let (head, body) = chunk.split_once(" {\n").unwrap();
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        blocks.insert(
            head.replace("\" \"", ".").replace('"', ""),
            body.to_string(),
        );
    }
    let mut out = BTreeMap::new();
    for (address, body) in &blocks {
        let own = without_for_each(body);
        match for_each_entries(body, &hcl, &blocks) {
            None => {
                out.insert(address.clone(), own);
            }
            Some(entries) => {
                for (k, entry) in entries {
                    out.insert(format!("{address}[\"{k}\"]"), format!("{own}\n{entry}"));
                }
            }
        }
    }
    out
}

/// What the eksctl config names: the cluster, each node group, each subnet.
fn eksctl(files: &[OutputFile]) -> BTreeSet<String> {
    let doc: Y = serde_yaml_ng::from_str(file(files, "eksctl/cluster.yaml")).unwrap();
    let mut out = BTreeSet::from([format!(
        "cluster {}",
        doc["metadata"]["name"].as_str().unwrap()
    )]);
    for ng in doc["managedNodeGroups"].as_sequence().unwrap() {
        out.insert(format!("nodegroup {}", ng["name"].as_str().unwrap()));
    }
    for tier in ["public", "private"] {
        for (k, _) in doc["vpc"]["subnets"][tier]
            .as_mapping()
            .into_iter()
            .flatten()
        {
            out.insert(format!("subnet {tier}/{}", k.as_str().unwrap()));
        }
    }
    out
}

/// Added, removed, and present on both sides but different.
#[derive(Debug, Default, PartialEq)]
struct Diff {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<String>,
}

fn diff<V: PartialEq>(before: &BTreeMap<String, V>, after: &BTreeMap<String, V>) -> Diff {
    let mut d = Diff::default();
    for (k, v) in after {
        match before.get(k) {
            None => d.added.push(k.clone()),
            Some(b) if b != v => d.changed.push(k.clone()),
            Some(_) => {}
        }
    }
    d.removed = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    d
}

/// One everyday change and what it does in each format. `changed: None`
/// leaves that format's changed resources unpinned (a tag changes nearly
/// every resource, in place).
struct Change {
    what: &'static str,
    apply: fn(&mut Spec),
    cfn: (
        &'static [&'static str],
        &'static [&'static str],
        Option<&'static [&'static str]>,
    ),
    tf: (
        &'static [&'static str],
        &'static [&'static str],
        Option<&'static [&'static str]>,
    ),
    /// The Terraform files that change, besides those that hold resources.
    tf_variables: bool,
    /// Changed resources whose change is only what they wait for
    /// (`DependsOn`, `depends_on`), which updates nothing in AWS.
    order_only: &'static [&'static str],
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn check(what: &str, format: &str, d: &Diff, want: (&[&str], &[&str], Option<&[&str]>)) {
    assert_eq!(d.added, strs(want.0), "{what}: {format} adds\n{d:#?}");
    assert_eq!(d.removed, strs(want.1), "{what}: {format} removes\n{d:#?}");
    if let Some(changed) = want.2 {
        assert_eq!(d.changed, strs(changed), "{what}: {format} changes\n{d:#?}");
    }
}

const ADMIN: &str = "arn:aws:iam::123456789012:role/platform-admins";

fn changes() -> Vec<Change> {
    vec![
        Change {
            what: "a tag",
            apply: |s| {
                s.tags.insert("team".into(), "platform".into());
            },
            cfn: (&[], &[], None),
            tf: (&[], &[], None),
            tf_variables: false,
            order_only: &[],
        },
        Change {
            what: "instance types",
            apply: |s| s.node_group.instance_types = vec!["m7i.large".into(), "m6i.xlarge".into()],
            // CloudFormation replaces the node group (InstanceTypes is
            // create-only) under the same logical ID, with a generated name.
            cfn: (&[], &[], Some(&["ManagedNodeGroup"])),
            // Terraform: a variable's default; no resource block changes.
            tf: (&[], &[], Some(&[])),
            tf_variables: true,
            order_only: &[],
        },
        Change {
            what: "the Kubernetes version",
            apply: |s| s.kubernetes_version = "1.34".into(),
            // The control plane and the nodes, in place.
            cfn: (&[], &[], Some(&["ControlPlane", "ManagedNodeGroup"])),
            tf: (&[], &[], Some(&[])),
            tf_variables: true,
            order_only: &[],
        },
        Change {
            what: "an admin ARN",
            apply: |s| s.admin_principal_arns.push(ADMIN.into()),
            cfn: (&["AdminAccessEntryPlatformadmins03A9C682"], &[], Some(&[])),
            tf: (
                &[
                    "aws_eks_access_entry.admin[\"arn:aws:iam::123456789012:role/platform-admins\"]",
                    "aws_eks_access_policy_association.admin[\"arn:aws:iam::123456789012:role/platform-admins\"]",
                ],
                &[],
                Some(&[]),
            ),
            tf_variables: false,
            order_only: &[],
        },
        Change {
            what: "an endpoint",
            apply: |s| s.private_link.push("logs".into()),
            cfn: (
                &["VPCEndpointLOGS", "VPCEndpointSecurityGroup"],
                &[],
                Some(&["ManagedNodeGroup"]),
            ),
            tf: (
                &[
                    "aws_security_group.vpc_endpoints",
                    "aws_vpc_endpoint.interface[\"logs\"]",
                ],
                &[],
                Some(&["aws_eks_node_group.this"]),
            ),
            tf_variables: false,
            // The nodes wait for the new endpoint too.
            order_only: &["ManagedNodeGroup", "aws_eks_node_group.this"],
        },
        Change {
            what: "NAT single to per-az",
            apply: |s| s.vpc.nat = Some(NatMode::PerAz),
            cfn: (
                &["NATGatewayUSWEST2B", "NATGatewayUSWEST2C", "NATIPUSWEST2B", "NATIPUSWEST2C"],
                &[],
                Some(&["NATPrivateSubnetRouteUSWEST2B", "NATPrivateSubnetRouteUSWEST2C"]),
            ),
            tf: (
                &[
                    "aws_eip.nat[\"us-west-2b\"]",
                    "aws_eip.nat[\"us-west-2c\"]",
                    "aws_nat_gateway.this[\"us-west-2b\"]",
                    "aws_nat_gateway.this[\"us-west-2c\"]",
                ],
                &[],
                // The routes of the other zones now lead to their own NAT:
                // updated in place. The first zone's NAT and its IP stay.
                Some(&[
                    "aws_route.private_nat_gateway[\"us-west-2b\"]",
                    "aws_route.private_nat_gateway[\"us-west-2c\"]",
                ]),
            ),
            tf_variables: false,
            order_only: &[],
        },
    ]
}

#[test]
fn each_everyday_change_touches_only_what_it_must() {
    for c in changes() {
        let spec = base(Architecture::PublicPrivate);
        let (before, lock) = files(&spec, None);
        let mut changed = spec.clone();
        (c.apply)(&mut changed);
        let (after, relocked) = files(&changed, Some(&lock));
        assert_eq!(relocked, lock, "{}: the subnets stay", c.what);
        check(
            c.what,
            "CloudFormation",
            &diff(&cfn(&before), &cfn(&after)),
            c.cfn,
        );
        check(
            c.what,
            "Terraform",
            &diff(&terraform(&before), &terraform(&after)),
            c.tf,
        );
        // Terraform: the variables change only with the values they hold.
        let module = format!("terraform/modules/{}", render::TERRAFORM_MODULE);
        for f in [
            format!("{module}/variables.tf"),
            "terraform/variables.tf".into(),
        ] {
            let same = file(&before, &f) == file(&after, &f);
            assert_eq!(same, !c.tf_variables, "{}: {f}", c.what);
        }
        for id in c.order_only {
            let (b, a) = (cfn(&before), cfn(&after));
            if let (Some(b), Some(a)) = (b.get(*id), a.get(*id)) {
                assert_eq!(b["Properties"], a["Properties"], "{}: {id}", c.what);
            }
            let (b, a) = (terraform(&before), terraform(&after));
            if let (Some(b), Some(a)) = (b.get(*id), a.get(*id)) {
                let cut = |t: &str| t[..t.find("  depends_on = [").unwrap_or(t.len())].to_string();
                assert_eq!(cut(b), cut(a), "{}: {id}", c.what);
            }
        }
        // eksctl names the same cluster and node group, and the same
        // subnets where both configs list them. eksctl cannot add an
        // endpoint it does not know to a VPC it built: from then on its
        // config uses the network CloudFormation or Terraform builds.
        let (b, a) = (eksctl(&before), eksctl(&after));
        let named = |s: &BTreeSet<String>, subnets: bool| -> BTreeSet<String> {
            s.iter()
                .filter(|n| n.starts_with("subnet ") == subnets)
                .cloned()
                .collect()
        };
        assert_eq!(named(&b, false), named(&a, false), "{}", c.what);
        let (bs, as_) = (named(&b, true), named(&a, true));
        if c.what == "an endpoint" {
            assert!(
                bs.is_empty() && as_.len() == 6,
                "{}: {bs:?} {as_:?}",
                c.what
            );
        } else {
            assert_eq!(bs, as_, "{}", c.what);
        }
    }
}
