//! Day two: the everyday changes of a spec keep the identity of what is
//! deployed (CloudFormation logical IDs, Terraform resource addresses), so
//! regenerating and redeploying updates resources instead of replacing them.

use crate::cases::base;
use eksnet::render::{self, Format, RenderOptions};
use eksnet::spec::{Architecture, NatMode, Spec};
use eksnet::topology::plan;
use serde_yaml_ng::Value as Y;
use std::collections::BTreeMap;

/// The text of `format`'s files for `spec`, joined.
fn rendered(spec: &Spec, format: Format) -> String {
    let p = plan(spec);
    assert!(!p.diagnostics.has_errors(), "{:?}", p.diagnostics);
    let t = p.topology.expect("a valid plan has a topology");
    render::render(&t, format, &RenderOptions::default())
        .expect("renders")
        .iter()
        .map(|f| f.contents.clone())
        .collect()
}

/// The CloudFormation template's resources: logical ID → resource.
fn cfn_resources(spec: &Spec) -> BTreeMap<String, Y> {
    let doc: Y = serde_yaml_ng::from_str(&rendered(spec, Format::CloudFormation)).unwrap();
    doc["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()))
        .collect()
}

/// The logical IDs of the resources of type `ty`.
fn cfn_ids_of(res: &BTreeMap<String, Y>, ty: &str) -> Vec<String> {
    res.iter()
        .filter(|(_, v)| v["Type"].as_str() == Some(ty))
        .map(|(k, _)| k.clone())
        .collect()
}

fn public_private(nat: NatMode) -> Spec {
    let mut s = base(Architecture::PublicPrivate);
    s.vpc.nat = Some(nat);
    s
}

#[test]
fn cloudformation_single_nat_is_the_first_zone_one_of_per_az() {
    let single = cfn_resources(&public_private(NatMode::Single));
    let per_az = cfn_resources(&public_private(NatMode::PerAz));
    for ty in ["AWS::EC2::NatGateway", "AWS::EC2::EIP"] {
        let ids = cfn_ids_of(&single, ty);
        assert_eq!(ids.len(), 1, "{ty}: {ids:?}");
        let all = cfn_ids_of(&per_az, ty);
        assert!(all.len() > 1, "{ty}: {all:?}");
        for id in &ids {
            assert!(all.contains(id), "{ty} {id} is not in per-az: {all:?}");
        }
    }
    // The single one sits in the first AZ, as its per-az namesake does.
    let nat = &cfn_ids_of(&single, "AWS::EC2::NatGateway")[0];
    assert_eq!(
        single[nat]["Properties"]["SubnetId"],
        per_az[nat]["Properties"]["SubnetId"]
    );
}

/// The logical ID of the access entry of `arn`.
fn access_entry_id(res: &BTreeMap<String, Y>, arn: &str) -> String {
    let ids: Vec<String> = cfn_ids_of(res, "AWS::EKS::AccessEntry")
        .into_iter()
        .filter(|id| res[id]["Properties"]["PrincipalArn"].as_str() == Some(arn))
        .collect();
    assert_eq!(ids.len(), 1, "{arn}: {ids:?}");
    ids[0].clone()
}

#[test]
fn access_entries_are_keyed_by_principal_not_position() {
    let first = "arn:aws:iam::123456789012:role/platform-admins";
    let second = "arn:aws:iam::123456789012:user/ops/alice";
    let third = "arn:aws:iam::210987654321:role/platform-admins";
    let mut spec = base(Architecture::PublicPrivate);
    spec.admin_principal_arns = vec![first.into(), second.into(), third.into()];
    let before = cfn_resources(&spec);
    spec.admin_principal_arns.remove(0);
    let after = cfn_resources(&spec);
    for arn in [second, third] {
        assert_eq!(access_entry_id(&before, arn), access_entry_id(&after, arn));
    }
    // The same role name in another account is another entry.
    assert_ne!(
        access_entry_id(&before, first),
        access_entry_id(&before, third)
    );
    // Terraform keys the entries (and their policy associations) by ARN.
    spec.admin_principal_arns = vec![second.into()];
    let tf = rendered(&spec, Format::Terraform);
    let entries = tf
        .split("resource \"aws_eks_access_entry\" \"admin\" {\n  for_each = toset([\n")
        .nth(1)
        .expect("the access entries are one for_each over a set");
    assert!(
        entries.starts_with(&format!("    \"{second}\",\n  ])")),
        "{entries}"
    );
    assert!(tf.contains("  for_each = aws_eks_access_entry.admin\n"));
}

/// The Terraform block of `resource "TYPE" "NAME"`, up to its closing brace.
fn tf_block<'a>(tf: &'a str, ty: &str, name: &str) -> &'a str {
    let head = format!("resource \"{ty}\" \"{name}\" {{\n");
    let from = tf.find(&head).unwrap_or_else(|| panic!("no {ty}.{name}"));
    let rest = &tf[from..];
    &rest[..rest.find("\n}\n").expect("a closed block") + 3]
}

#[test]
fn changing_instance_types_replaces_the_node_group_without_a_name_clash() {
    let mut spec = base(Architecture::PublicPrivate);
    let before = cfn_resources(&spec);
    spec.node_group.instance_types = vec!["m6i.xlarge".into(), "m5.xlarge".into()];
    let after = cfn_resources(&spec);
    // CloudFormation: the same logical ID, and no fixed name, so the
    // replacement CloudFormation makes gets a new one.
    for res in [&before, &after] {
        assert_eq!(cfn_ids_of(res, "AWS::EKS::Nodegroup"), ["ManagedNodeGroup"]);
        let props = &res["ManagedNodeGroup"]["Properties"];
        assert!(props.get("NodegroupName").is_none(), "{props:?}");
    }
    // Terraform: the same address, a name prefix, and the new group is
    // created before the old one is destroyed.
    let tf = rendered(&spec, Format::Terraform);
    let ng = tf_block(&tf, "aws_eks_node_group", "this");
    assert!(!ng.contains("node_group_name "), "{ng}");
    assert!(
        ng.contains("  node_group_name_prefix = \"eksnet-demo-nodes-\"\n"),
        "{ng}"
    );
    assert!(ng.contains("    create_before_destroy = true\n"), "{ng}");
    assert!(ng.contains("[scaling_config[0].desired_size]"), "{ng}");
    // eksctl keeps the topology's name: it manages node groups by name.
    let eksctl = rendered(&spec, Format::Eksctl);
    assert!(
        eksctl.contains("  - name: \"eksnet-demo-nodes\"\n"),
        "{eksctl}"
    );
}

#[test]
fn cloudformation_writes_the_spec_values_not_parameter_defaults() {
    let mut spec = base(Architecture::PublicPrivate);
    spec.kubernetes_version = "1.33".into();
    spec.node_group.instance_types = vec!["m7g.large".into(), "m6g.large".into()];
    spec.node_group.min_size = 3;
    spec.node_group.desired_size = 4;
    spec.node_group.max_size = 9;
    let text = rendered(&spec, Format::CloudFormation);
    let doc: Y = serde_yaml_ng::from_str(&text).unwrap();
    // `aws cloudformation deploy` keeps a parameter's previous value: the
    // only parameters left are the AZ names, which the spec's AZs default.
    if let Some(params) = doc.get("Parameters").and_then(Y::as_mapping) {
        for k in params.keys() {
            let k = k.as_str().unwrap();
            assert!(k.starts_with("AvailabilityZone"), "parameter {k}");
        }
    }
    let res = &doc["Resources"];
    assert_eq!(res["ControlPlane"]["Properties"]["Version"], "1.33");
    let ng = &res["ManagedNodeGroup"]["Properties"];
    let types: Vec<&str> = ng["InstanceTypes"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(types, ["m7g.large", "m6g.large"]);
    assert_eq!(ng["AmiType"], "AL2023_ARM_64_STANDARD");
    let sizes = &ng["ScalingConfig"];
    assert_eq!(
        [&sizes["MinSize"], &sizes["DesiredSize"], &sizes["MaxSize"]],
        [&Y::from(3), &Y::from(4), &Y::from(9)]
    );
}
