//! Day two: the everyday changes of a spec keep the identity of what is
//! deployed (CloudFormation logical IDs, Terraform resource addresses), so
//! regenerating and redeploying updates resources instead of replacing them.
//! With the lock, adding or removing a zone or changing a prefix keeps
//! every live subnet's CIDR and address; what cannot stay is named.

use crate::cases::base;
use eksnet::render::{self, Format, OutputFile, RenderOptions};
use eksnet::spec::{Architecture, NatMode, PodNetworkSpec, Spec};
use eksnet::topology::{plan, plan_locked, Lock, Replacement, Tier};
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

// ---- The lock: live subnets keep their CIDR and their address ----------

/// The plan of `spec` keeping the subnets of `lock`; with its lock.
pub fn planned(spec: &Spec, lock: Option<&Lock>) -> (Vec<OutputFile>, Lock, Vec<Replacement>) {
    let p = plan_locked(spec, lock);
    assert!(!p.diagnostics.has_errors(), "{:?}", p.diagnostics);
    let t = p.topology.expect("a valid plan has a topology");
    let mut files = Vec::new();
    for f in Format::ALL {
        files.extend(render::render(&t, f, &RenderOptions::default()).expect("renders"));
    }
    (files, Lock::of(&t), p.replacements)
}

/// The contents of the generated file at `path`.
pub(crate) fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// Each format's subnets: its address for one (CloudFormation logical ID,
/// Terraform address, eksctl key) → CIDR.
fn addresses(files: &[OutputFile]) -> [BTreeMap<String, String>; 3] {
    let doc: Y = serde_yaml_ng::from_str(file(files, "cloudformation/template.yaml")).unwrap();
    let cfn = doc["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, v)| v["Type"].as_str() == Some("AWS::EC2::Subnet"))
        .map(|(k, v)| {
            let cidr = v["Properties"]["CidrBlock"].as_str().unwrap();
            (k.as_str().unwrap().to_string(), cidr.to_string())
        })
        .collect();
    let tf = file(files, "terraform/modules/eksnet/main.tf");
    let mut terraform = BTreeMap::new();
    for tier in ["public", "private", "pod"] {
        let Some(rest) = tf.split(&format!("  {tier}_subnets = {{\n")).nth(1) else {
            continue;
        };
        let block = &rest[..rest.find("\n  }\n").unwrap()];
        let mut az = None;
        for line in block.lines() {
            if let Some(k) = line
                .strip_prefix("    \"")
                .and_then(|l| l.strip_suffix("\" = {"))
            {
                az = Some(k.to_string());
            }
            if let Some(c) = line.trim().strip_prefix("cidr_block") {
                let c = c.trim().trim_start_matches('=').trim().trim_matches('"');
                let key = format!("aws_subnet.{tier}[\"{}\"]", az.take().unwrap());
                terraform.insert(key, c.to_string());
            }
        }
    }
    let doc: Y = serde_yaml_ng::from_str(file(files, "eksctl/cluster.yaml")).unwrap();
    let mut eksctl = BTreeMap::new();
    for tier in ["public", "private"] {
        if let Some(m) = doc["vpc"]["subnets"][tier].as_mapping() {
            for (k, v) in m {
                let cidr = v["cidr"].as_str().unwrap().to_string();
                eksctl.insert(format!("{tier}/{}", k.as_str().unwrap()), cidr);
            }
        }
    }
    [cfn, terraform, eksctl]
}

/// Every subnet of `before` is in `after` at the same address with the
/// same CIDR, except those of the zones in `gone`; `after` has `added`
/// more and `removed` fewer. eksctl lists no subnets while they are its own carving, so only
/// the subnets it lists on both sides are compared.
fn assert_kept(
    before: &[OutputFile],
    after: &[OutputFile],
    gone: &[&str],
    (added, removed): (usize, usize),
) {
    let names = ["CloudFormation", "Terraform", "eksctl"];
    let (b, a) = (addresses(before), addresses(after));
    for (i, (b, a)) in b.iter().zip(&a).enumerate() {
        let in_gone = |k: &str| gone.iter().any(|z| k.contains(z) || k.contains(&upper(z)));
        for (k, cidr) in b.iter().filter(|(k, _)| !in_gone(k)) {
            if i == 2 && a.is_empty() {
                continue;
            }
            assert_eq!(
                a.get(k),
                Some(cidr),
                "{}: {k} moved\n{b:?}\n{a:?}",
                names[i]
            );
        }
        if i < 2 {
            assert_eq!(a.len() + removed, b.len() + added, "{}: {a:?}", names[i]);
        }
    }
}

/// `us-west-2d` as CloudFormation spells it in a logical ID.
fn upper(az: &str) -> String {
    az.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn azs(spec: &mut Spec, zones: &[&str]) {
    spec.vpc.availability_zones = zones.iter().map(|z| z.to_string()).collect();
}

const ABC: [&str; 3] = ["us-west-2a", "us-west-2b", "us-west-2c"];
const ABCD: [&str; 4] = ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"];

fn architectures() -> Vec<Spec> {
    let mut custom = base(Architecture::PublicPrivate);
    custom.vpc.cidr = "10.40.0.0/16".into();
    custom.vpc.public_subnet_prefix = Some(24);
    custom.vpc.private_subnet_prefix = Some(19);
    let mut pods = base(Architecture::PublicPrivate);
    pods.pod_network = Some(pod_network("100.64.0.0/16"));
    vec![
        base(Architecture::PublicPrivate),
        base(Architecture::PublicOnly),
        base(Architecture::PrivateOnly),
        base(Architecture::FullyPrivate),
        custom,
        pods,
    ]
}

fn pod_network(secondary: &str) -> PodNetworkSpec {
    PodNetworkSpec {
        secondary_cidr: Some(secondary.into()),
        ..Default::default()
    }
}

#[test]
fn pod_subnets_stay_when_the_even_split_changes_and_go_with_their_secondary_cidr() {
    let mut spec = base(Architecture::PublicPrivate);
    spec.pod_network = Some(pod_network("100.64.0.0/16"));
    azs(&mut spec, &["us-west-2a", "us-west-2b"]);
    let (_, two, _) = planned(&spec, None);
    // A third zone makes the even split /18; the two locked /17s fill the
    // /16, stay, and the error says how to fit the new one.
    azs(&mut spec, &ABC);
    let p = plan_locked(&spec, Some(&two));
    assert!(p.replacements.is_empty(), "{:?}", p.replacements);
    let full = p
        .diagnostics
        .errors()
        .find(|d| d.code.as_str() == "E124")
        .expect("no room for a third pod subnet");
    assert!(full.fix.contains("stay where they are"), "{}", full.fix);
    // Four zones of /18 from the start: the fourth is the last slot.
    azs(&mut spec, &ABCD);
    let (_, lock, _) = planned(&spec, None);
    assert_eq!(
        lock.subnet(Tier::Pod, "us-west-2d")
            .map(|s| s.cidr.to_string()),
        Some("100.64.192.0/18".to_string())
    );
    // Another secondary CIDR replaces every pod subnet, and says so.
    azs(&mut spec, &ABCD);
    spec.pod_network = Some(pod_network("100.65.0.0/16"));
    let (_, _, replaced) = planned(&spec, Some(&lock));
    assert_eq!(replaced.len(), 4, "{replaced:?}");
    assert!(replaced
        .iter()
        .all(|r| r.tier == Tier::Pod && r.why.contains("100.65.0.0/16")));
    // Without a pod network they would be deleted.
    spec.pod_network = None;
    let (_, _, replaced) = planned(&spec, Some(&lock));
    assert!(
        replaced.iter().all(|r| r.why.contains("secondaryCidr")),
        "{replaced:?}"
    );
    assert_eq!(replaced.len(), 4);
}

#[test]
fn adding_an_az_keeps_every_subnet_where_it_is() {
    for mut spec in architectures() {
        azs(&mut spec, &ABC);
        let (before, lock, _) = planned(&spec, None);
        azs(&mut spec, &ABCD);
        let (after, relocked, replaced) = planned(&spec, Some(&lock));
        assert!(replaced.is_empty(), "{replaced:?}");
        let tiers = lock.subnets.len() / 3;
        assert_kept(&before, &after, &[], (tiers, 0));
        // The lock grows by the new zone's subnets, the old lines unchanged.
        for s in &lock.subnets {
            assert_eq!(relocked.subnet(s.tier, &s.az).map(|x| x.cidr), Some(s.cidr));
        }
        assert_eq!(relocked.subnets.len(), lock.subnets.len() + tiers);
        // Without the lock eksctl's layout would move the private subnets.
        if spec.architecture == Architecture::PublicPrivate
            && spec.vpc.private_subnet_prefix.is_none()
        {
            let (fresh, ..) = planned(&spec, None);
            let [_, tf, _] = addresses(&fresh);
            let [_, kept, _] = addresses(&before);
            assert_ne!(
                tf["aws_subnet.private[\"us-west-2a\"]"],
                kept["aws_subnet.private[\"us-west-2a\"]"]
            );
        }
    }
}

#[test]
fn removing_an_az_names_its_subnets_and_keeps_the_others() {
    for mut spec in architectures() {
        azs(&mut spec, &ABCD);
        let (before, lock, _) = planned(&spec, None);
        azs(&mut spec, &["us-west-2a", "us-west-2b", "us-west-2d"]);
        let (after, _, replaced) = planned(&spec, Some(&lock));
        let gone: Vec<_> = lock
            .subnets
            .iter()
            .filter(|s| s.az == "us-west-2c")
            .collect();
        assert_eq!(replaced.len(), gone.len(), "{replaced:?}");
        for (r, s) in replaced.iter().zip(gone) {
            assert_eq!(
                (r.tier, r.az.as_str(), r.cidr),
                (s.tier, "us-west-2c", s.cidr)
            );
            assert!(r.why.contains("deleted"), "{}", r.why);
        }
        assert_kept(&before, &after, &["us-west-2c"], (0, replaced.len()));
    }
}

#[test]
fn a_new_prefix_sizes_new_subnets_and_keeps_the_locked_ones() {
    let mut spec = base(Architecture::PublicPrivate);
    spec.vpc.cidr = "10.40.0.0/16".into();
    spec.vpc.public_subnet_prefix = Some(24);
    spec.vpc.private_subnet_prefix = Some(19);
    let (before, lock, _) = planned(&spec, None);
    spec.vpc.private_subnet_prefix = Some(20);
    spec.vpc.public_subnet_prefix = Some(26);
    let (after, relocked, replaced) = planned(&spec, Some(&lock));
    assert!(replaced.is_empty(), "{replaced:?}");
    assert_kept(&before, &after, &[], (0, 0));
    assert_eq!(relocked, lock);
    // With a new zone too: its subnets take the new sizes, around the old.
    azs(&mut spec, &ABCD);
    let (after, relocked, _) = planned(&spec, Some(&lock));
    assert_kept(&before, &after, &[], (2, 0));
    let new: Vec<String> = relocked
        .subnets
        .iter()
        .filter(|s| s.az == "us-west-2d")
        .map(|s| s.cidr.to_string())
        .collect();
    // Public /26 after the /24s, private /20 in the first free aligned block.
    assert_eq!(new, ["10.40.99.0/26", "10.40.112.0/20"]);
}

#[test]
fn the_default_size_changing_with_the_az_count_keeps_the_locked_ones() {
    // Five zones need 10 subnets: eksctl's size shrinks from /19 to /20,
    // and the four new ones fill the last quarter of the VPC.
    let mut spec = base(Architecture::PublicPrivate);
    spec.region = "us-east-1".into();
    azs(&mut spec, &["us-east-1a", "us-east-1b", "us-east-1c"]);
    let (before, lock, _) = planned(&spec, None);
    let five = [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1f",
    ];
    azs(&mut spec, &five);
    let (after, lock5, _) = planned(&spec, Some(&lock));
    assert_kept(&before, &after, &[], (4, 0));
    let sizes: Vec<u8> = lock5.subnets.iter().map(|s| s.cidr.prefix_len()).collect();
    assert_eq!(sizes, [19, 19, 19, 20, 20, 19, 19, 19, 20, 20]);
}

#[test]
fn new_subnets_that_do_not_fit_around_the_locked_ones_say_how_to_fit() {
    let mut spec = base(Architecture::PublicPrivate);
    let (_, lock, _) = planned(&spec, None);
    // Six /19s of eksctl's layout leave a quarter of the /16 (a /18): not
    // enough for a new zone's /19 public and /18 private subnets.
    azs(&mut spec, &ABCD);
    spec.vpc.private_subnet_prefix = Some(18);
    let p = plan_locked(&spec, Some(&lock));
    let e17: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.code == eksnet::diag::Code::E017)
        .collect();
    assert_eq!(e17.len(), 1, "{:?}", p.diagnostics);
    assert!(
        e17[0].fix.contains("eksnet.lock stay where they are"),
        "{:?}",
        e17[0]
    );
}

#[test]
fn explicit_cidrs_win_and_moving_a_locked_subnet_is_a_replacement() {
    let spec = base(Architecture::PublicPrivate);
    let (_, lock, _) = planned(&spec, None);
    let mut explicit = spec.clone();
    let tier = |t: Tier| -> Vec<String> {
        lock.subnets
            .iter()
            .filter(|s| s.tier == t)
            .map(|s| s.cidr.to_string())
            .collect()
    };
    explicit.vpc.subnets.public = tier(Tier::Public);
    explicit.vpc.subnets.private = tier(Tier::Private);
    // The same CIDRs: nothing moves.
    assert!(planned(&explicit, Some(&lock)).2.is_empty());
    // One moved: the spec's CIDR is planned, and the locked one is named.
    explicit.vpc.subnets.private[2] = "192.168.224.0/19".into();
    let (_, relocked, replaced) = planned(&explicit, Some(&lock));
    assert_eq!(
        relocked
            .subnet(Tier::Private, "us-west-2c")
            .unwrap()
            .cidr
            .to_string(),
        "192.168.224.0/19"
    );
    assert_eq!(replaced.len(), 1, "{replaced:?}");
    assert_eq!(replaced[0].to_string(), "private subnet 192.168.160.0/19 in us-west-2c: `vpc.subnets.private[2]` moves it to 192.168.224.0/19");
}

#[test]
fn a_new_vpc_cidr_replaces_every_locked_subnet() {
    let mut spec = base(Architecture::PublicPrivate);
    let (_, lock, _) = planned(&spec, None);
    spec.vpc.cidr = "10.8.0.0/16".into();
    let (_, _, replaced) = planned(&spec, Some(&lock));
    assert_eq!(replaced.len(), 6);
    assert!(replaced.iter().all(|r| r
        .why
        .contains("VPC CIDR changes from 192.168.0.0/16 to 10.8.0.0/16")));
    // A public-private VPC made private-only deletes the public subnets.
    let mut spec = base(Architecture::PublicPrivate);
    spec.architecture = Architecture::PrivateOnly;
    spec.vpc.nat = None;
    let (_, _, replaced) = planned(&spec, Some(&lock));
    assert_eq!(replaced.len(), 3, "{replaced:?}");
    assert!(replaced.iter().all(|r| r.tier == Tier::Public));
}

#[test]
fn the_lock_round_trips_byte_identically() {
    for spec in crate::cases::cases().into_iter().map(|c| c.spec) {
        let p = plan(&spec);
        let Some(t) = p.valid() else { continue };
        let text = Lock::of(t).text();
        let lock = Lock::parse(&text).unwrap();
        assert_eq!(lock.text(), text);
        // Planned again with its own lock: the same network, nothing replaced.
        let again = plan_locked(&spec, Some(&lock));
        assert!(again.replacements.is_empty());
        assert_eq!(Lock::of(again.valid().unwrap()).text(), text);
        let cidrs = |t: &eksnet::topology::Topology| -> Vec<String> {
            t.subnets
                .iter()
                .map(|s| format!("{} {}", s.id, s.cidr))
                .collect()
        };
        assert_eq!(cidrs(again.topology.as_ref().unwrap()), cidrs(t));
    }
}

// ---- The command line: refusals and bad locks ----------------------------

/// `eksnet ARGS` in `dir`: exit code and stderr.
fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = crate::support::eksnet()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn generate_refuses_to_delete_live_subnets_and_names_them() {
    use eksnet::jobs::exit;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let four = "us-west-2a,us-west-2b,us-west-2c,us-west-2d";
    assert_eq!(run(dir, &["generate", "--azs", four]).0, 0);
    let out = dir.join("eksnet-out");
    let lock = std::fs::read_to_string(out.join("eksnet.lock")).unwrap();
    assert!(
        lock.contains("\nprivate us-west-2d 192.168.224.0/19\n"),
        "{lock}"
    );
    let before = snapshot(&out);
    // `--check` reads the lock too: up to date.
    assert_eq!(run(dir, &["generate", "--check", "--azs", four]).0, 0);
    let three = "us-west-2a,us-west-2b,us-west-2d";
    for args in [
        &["generate", "--force", "--azs", three][..],
        &["generate", "--check", "--azs", three],
        &[
            "generate",
            "--force",
            "--vpc-cidr",
            "10.0.0.0/16",
            "--azs",
            four,
        ],
    ] {
        let (code, err) = run(dir, args);
        assert_eq!(code, exit::REPLACES, "{args:?}: {err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert!(err.contains("--replace-subnets"), "{err}");
        assert_eq!(snapshot(&out), before, "{args:?} wrote");
    }
    let (_, err) = run(dir, &["generate", "--force", "--azs", three]);
    for named in [
        "public subnet 192.168.64.0/19 in us-west-2c",
        "private subnet 192.168.192.0/19 in us-west-2c",
        "CloudFormation SubnetPrivateUSWEST2C",
        "Terraform module.eksnet.aws_subnet.private[\"us-west-2c\"]",
        "no longer in the spec",
    ] {
        assert!(err.contains(named), "{named}: {err}");
    }
    // Told to: the zone's subnets go, the others stay, the lock follows.
    let args = ["generate", "--force", "--replace-subnets", "--azs", three];
    assert_eq!(run(dir, &args).0, 0);
    let after = std::fs::read_to_string(out.join("eksnet.lock")).unwrap();
    let kept: Vec<&str> = lock.lines().filter(|l| !l.contains("us-west-2c")).collect();
    assert_eq!(after.lines().collect::<Vec<_>>(), kept);
    assert_eq!(run(dir, &["generate", "--check", "--azs", three]).0, 0);
}

#[test]
fn a_bad_lock_is_refused_with_its_line_and_nothing_is_written() {
    let head = "lock eksnet/v1alpha1\nvpc 192.168.0.0/16\n";
    let cases: [(String, &str); 6] = [
        (
            "vpc 192.168.0.0/16\n".into(),
            "eksnet.lock:1: expected `lock eksnet/v1alpha1` first",
        ),
        (
            format!("{head}public us-west-2a 192.168.0.0/19\npublic us-west-2b 192.168.0.0/20\n"),
            "eksnet.lock:4: public subnet 192.168.0.0/20 overlaps 192.168.0.0/19 (line 3)",
        ),
        (
            format!("{head}private us-west-2a 10.0.0.0/19\n"),
            "eksnet.lock:3: private subnet 10.0.0.0/19 is outside the VPC 192.168.0.0/16",
        ),
        (
            format!("{head}private us-west-2z 192.168.96.0/19\n"),
            "eksnet.lock:3: `us-west-2z` is not a zone of us-west-2",
        ),
        (
            format!("{head}private us-west-2a 192.168.96.0/33\n"),
            "eksnet.lock:3: `192.168.96.0/33` is not an IPv4 CIDR",
        ),
        (
            format!("{head}subnet us-west-2a 192.168.96.0/19\n"),
            "eksnet.lock:3: `subnet us-west-2a 192.168.96.0/19` is not",
        ),
    ];
    for (text, said) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("eksnet-out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("eksnet.lock"), &text).unwrap();
        for args in [&["generate"][..], &["generate", "--check"]] {
            let (code, err) = run(tmp.path(), args);
            assert_eq!(code, eksnet::jobs::exit::USAGE, "{text}: {err}");
            assert!(err.contains(said), "{said}\n{err}");
            assert!(
                err.contains("regenerate") || err.contains("keep one"),
                "no fix: {err}"
            );
            assert_eq!(snapshot(&out).len(), 1, "{text}: something was written");
        }
    }
}

#[test]
fn ids_from_is_remembered_by_later_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let stack = r#"{"Stacks":[{"StackName":"net","Outputs":[
        {"OutputKey":"VpcId","OutputValue":"vpc-0123abcd"},
        {"OutputKey":"PrivateSubnetIds","OutputValue":"subnet-0000000a,subnet-0000000b,subnet-0000000c"}]}]}"#;
    std::fs::write(dir.join("stack.json"), stack).unwrap();
    // eksctl cannot create pod-identity's eks-auth endpoint: it uses the VPC
    // the other formats build, so its config holds IDs.
    let spec = [
        "--architecture",
        "fully-private",
        "--addons",
        "pod-identity",
    ];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut v = vec!["generate"];
        v.extend(spec);
        v.extend(extra);
        v
    };
    let (code, err) = run(dir, &with(&["--ids-from", "stack.json"]));
    assert_eq!(code, 0, "{err}");
    let out = dir.join("eksnet-out");
    let eksctl = || std::fs::read_to_string(out.join("eksctl/cluster.yaml")).unwrap();
    assert!(eksctl().contains("id: \"subnet-0000000c\""), "{}", eksctl());
    let remembered = std::fs::read_to_string(out.join("eksnet-ids.json")).unwrap();
    assert!(remembered.contains("subnet-0000000b"), "{remembered}");
    // Without --ids-from: up to date, and a rerun writes the same IDs.
    assert_eq!(run(dir, &with(&["--check"])).0, 0);
    let (code, err) = run(dir, &with(&[]));
    assert_eq!(code, 0, "{err}");
    assert!(eksctl().contains("id: \"subnet-0000000c\""), "{}", eksctl());
    // Other zones (a new one; or as many, shifted): the IDs, kept in zone
    // order, are not used, and a note says so.
    let four = [
        "--azs",
        "us-west-2a,us-west-2b,us-west-2c,us-west-2d",
        "--force",
    ];
    let (code, err) = run(dir, &with(&four));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("eksnet-ids.json holds the IDs of zones us-west-2a, us-west-2b, us-west-2c"),
        "{err}"
    );
    assert!(err.contains("rerun with --ids-from"), "{err}");
    assert!(eksctl().contains("<PrivateSubnetIds[3]>"), "{}", eksctl());
}

#[test]
fn outputs_from_before_the_lock_are_not_recarved_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert_eq!(run(dir, &["generate"]).0, 0);
    // An output directory an eksnet without the lock wrote.
    std::fs::remove_file(dir.join("eksnet-out/eksnet.lock")).unwrap();
    let before =
        std::fs::read_to_string(dir.join("eksnet-out/terraform/modules/eksnet/main.tf")).unwrap();
    let four = [
        "generate",
        "--force",
        "--azs",
        "us-west-2a,us-west-2b,us-west-2c,us-west-2d",
    ];
    let (code, err) = run(dir, &four);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("holds outputs without eksnet.lock") && err.contains("192.168.192.0/19"),
        "{err}"
    );
    let after =
        std::fs::read_to_string(dir.join("eksnet-out/terraform/modules/eksnet/main.tf")).unwrap();
    assert_eq!(before, after, "nothing written");
    // The unchanged spec writes the lock; then the zone is added around it.
    assert_eq!(run(dir, &["generate", "--force"]).0, 0);
    assert!(dir.join("eksnet-out/eksnet.lock").is_file());
    let (code, err) = run(dir, &four);
    assert_eq!(code, 0, "{err}");
}
