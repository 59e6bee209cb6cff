//! The wizard's logic, driven by scripts: each architecture's path, answers
//! turned down with `validate`'s messages, and leaving without a trace.

use super::scripted::{pick, pick_many, typed, Answer, Answer::*, ScriptedPrompter};
use super::*;
use crate::spec::{Architecture, Egress, NatMode, Spec};

fn run(
    script: Vec<Answer>,
) -> (
    ScriptedPrompter,
    Result<WizardOutcome, WizardError>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = ScriptedPrompter::new(script);
    let r = run_wizard(&mut p, dir.path());
    (p, r, dir)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The written file loads back into the same spec, which plans without errors.
fn assert_written(o: &WizardOutcome) {
    let text = std::fs::read_to_string(&o.spec_path).unwrap();
    assert!(text.starts_with(HEADER), "{text}");
    let loaded = LoadedSpec::from_str(&text, crate::spec::SpecSource::BuiltIn).unwrap();
    assert_eq!(loaded.spec, o.spec);
    let p = plan(&loaded.spec);
    assert!(!p.diagnostics.has_errors(), "{:#?}", p.diagnostics);
    assert_eq!(text, to_yaml(&o.spec));
}

#[test]
fn public_private_with_every_default() {
    let (p, r, dir) = run(vec![
        Default,       // architecture
        Default,       // IP family
        typed("shop"), // name
        Default,       // region
        Default,       // zones
        Default,       // VPC CIDR
        Default,       // public size
        Default,       // private size
        Yes,           // use these subnets
        Default,       // NAT
        Default,       // endpoint access
        Default,       // public CIDRs
        Default,       // add-ons
        Default,       // PrivateLink
        Default,       // outputs
        Default,       // output dir
        Default,       // write
    ]);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(o.spec.architecture, Architecture::PublicPrivate);
    assert_eq!(o.spec.name, "shop");
    assert_eq!(o.spec.vpc.nat, Some(NatMode::Single));
    assert_eq!(
        o.spec.vpc.availability_zones,
        ["us-west-2a", "us-west-2b", "us-west-2c"]
    );
    assert_eq!(
        o.outputs,
        Some(OutputRequest {
            formats: Format::ALL.to_vec(),
            out_dir: PathBuf::from("eksnet-out"),
        })
    );
    assert_eq!(files(dir.path()), ["eksnet.schema.json", "eksnet.yaml"]);
    assert_written(&o);
    // The same network as the built-in spec, under another name.
    let mut built_in = starting_spec();
    built_in.name = "shop".into();
    let json = |s: &Spec| serde_json::to_string(&plan(s).topology.unwrap()).unwrap();
    assert_eq!(json(&built_in), json(&o.spec));
    // The subnet sizes were offered with their usable addresses.
    let (_, sizes) = p
        .offered
        .iter()
        .find(|(m, _)| m == "Private subnet size")
        .unwrap();
    assert_eq!(
        sizes[0],
        "/19 — 8,187 usable IPs per subnet (default layout)"
    );
    assert!(sizes.contains(&"/20 — 4,091 usable IPs per subnet".to_string()));
    assert_eq!(sizes.iter().filter(|s| s.starts_with("/19")).count(), 1);
    assert_eq!(sizes.last().unwrap(), "/28 — 11 usable IPs per subnet");
    // The summary was shown before writing.
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("shop — public-private in us-west-2")));
}

#[test]
fn public_only_path() {
    let (p, r, _dir) = run(vec![
        pick("public-only"),
        Default, // IP family
        typed("lab"),
        pick("eu-west-1"),
        pick_many(&["eu-west-1a", "eu-west-1b"]),
        typed("10.20.0.0/16"),
        pick("/24"),
        Yes,
        pick("public and private"),
        typed("203.0.113.0/24, 198.51.100.7/32"),
        pick_many(&["ssm"]),
        pick_many(&["logs"]),
        pick_many(&["terraform"]),
        typed("infra"),
        Default,
    ]);
    let o = r.unwrap();
    // With a route out an add-on needs no endpoint: none is added for it.
    assert_eq!(o.spec.addons, [crate::spec::Addon::Ssm]);
    assert_eq!(p.remaining(), 0);
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert!(!p.asked.contains(&"NAT gateways".to_string()));
    assert_eq!(o.spec.architecture, Architecture::PublicOnly);
    assert_eq!(o.spec.vpc.public_subnet_prefix, Some(24));
    assert_eq!(o.spec.vpc.nat, None);
    assert_eq!(
        o.spec.endpoint_access.public_cidrs,
        ["203.0.113.0/24", "198.51.100.7/32"]
    );
    assert_eq!(o.spec.private_link, ["logs"]);
    assert_eq!(
        o.outputs,
        Some(OutputRequest {
            formats: vec![Format::Terraform],
            out_dir: PathBuf::from("infra"),
        })
    );
    assert_written(&o);
}

#[test]
fn private_only_path_through_a_transit_gateway() {
    let (p, r, _dir) = run(vec![
        pick("private-only"),
        Default, // IP family
        typed("spoke"),
        Default,
        Default,
        typed("10.1.0.0/20"),
        Default,
        Yes,
        pick("transit-gateway"),
        typed("tgw-12"),
        typed("tgw-0123456789abcdef0"),
        pick("private only"),
        Default,
        Default,
        Answer::PickMany(vec![]),
        Default,
    ]);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    assert_eq!(
        p.rejected,
        [(
            "Transit gateway ID".to_string(),
            "error[E042]: `tgw-12` is not a transit gateway ID".to_string()
        )]
    );
    // private-only requires private access (E032): no public-only mode.
    let (_, modes) = p
        .offered
        .iter()
        .find(|(m, _)| m == "Cluster API endpoint access")
        .unwrap();
    assert_eq!(modes.len(), 2, "{modes:?}");
    assert!(!p
        .asked
        .contains(&"CIDRs allowed to reach the public endpoint".to_string()));
    assert_eq!(o.spec.vpc.egress, Some(Egress::TransitGateway));
    assert_eq!(o.spec.endpoint_access.public, Some(false));
    assert_eq!(o.outputs, None);
    assert_written(&o);
}

#[test]
fn private_only_without_egress_offers_no_public_only_endpoint() {
    let (p, r, _dir) = run(vec![
        pick("private-only"),
        Default, // IP family
        Default,
        Default,
        Default,
        Default,
        Default,
        Yes,
        pick("none"),
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
    ]);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    let (_, modes) = p
        .offered
        .iter()
        .find(|(m, _)| m == "Cluster API endpoint access")
        .unwrap();
    let names: Vec<&str> = modes.iter().map(|m| m[..19].trim_end()).collect();
    assert_eq!(names, ["public and private", "private only"]);
    assert_eq!(o.spec.vpc.egress, Some(Egress::None));
    assert_written(&o);
}

#[test]
fn fully_private_path_asks_no_endpoint_question() {
    let (p, r, _dir) = run(vec![
        pick("fully-private"),
        Default, // IP family
        typed("vault"),
        Default,
        pick_many(&["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]),
        Default,
        Default,
        Yes,
        pick_many(&["pod-identity"]),
        pick_many(&["logs", "ssm"]),
        Default,
        Default,
        Default,
    ]);
    let o = r.unwrap();
    assert_eq!(o.spec.addons, [crate::spec::Addon::PodIdentity]);
    let t = crate::topology::plan(&o.spec).topology.unwrap();
    assert!(t.endpoint("eks-auth").is_some_and(|e| !e.required));
    assert_eq!(p.remaining(), 0);
    assert!(p.said.iter().any(|s| s.contains(
        "Cluster endpoint: private only, the only access a fully-private cluster allows here"
    )));
    assert!(p
        .said
        .iter()
        .any(|s| s.contains("included because nodes have no route out: ec2, ecr.api")));
    // Required services are not offered again.
    let (_, offered) = p
        .offered
        .iter()
        .find(|(m, _)| m == "PrivateLink endpoints to add")
        .unwrap();
    assert!(!offered.iter().any(|o| o.starts_with("ecr.api")));
    assert_eq!(o.spec.endpoint_access.public, Some(false));
    assert_eq!(o.spec.vpc.availability_zones.len(), 4);
    assert_eq!(o.spec.private_link, ["logs", "ssm"]);
    assert_written(&o);
}

#[test]
fn an_invalid_cidr_is_turned_down_with_e010_then_corrected() {
    let (p, r, _dir) = run(vec![
        Default,
        Default, // IP family
        Default,
        Default,
        Default,
        typed("10.0.0.300/16"),
        typed("10.0.0.1/16"),
        typed("10.0.0.0/8"),
        typed("10.0.0.0/16"),
        Default,
        Default,
        Yes,
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
    ]);
    let o = r.unwrap();
    assert_eq!(o.spec.vpc.cidr, "10.0.0.0/16");
    let msgs: Vec<&str> = p.rejected.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "error[E010]: `10.0.0.300/16` is not an IPv4 CIDR",
            "error[E010]: `10.0.0.1/16` has host bits set; its network is 10.0.0.0/16 (fix: write `10.0.0.0/16`)",
            "error[E011]: VPC CIDR 10.0.0.0/8 is /8; AWS allows /16 to /28",
        ]
    );
    assert!(p.rejected.iter().all(|(q, _)| q == "VPC CIDR"));
    assert_written(&o);
}

#[test]
fn answers_are_checked_by_validates_rules() {
    let (p, r, _dir) = run(vec![
        Default,
        Default, // IP family
        typed("bad name!"),
        typed("ok-name"),
        Default,
        pick_many(&["us-west-2a"]),
        Default,
        Default,
        Default,
        Default,
        Yes,
        Default,
        pick("public only"),
        typed("203.0.113.0/24,nonsense"),
        typed("203.0.113.0/24"),
        Default,
        Default,
        Default,
        Default,
        Default,
    ]);
    let o = r.unwrap();
    let codes: Vec<(&str, &str)> = p
        .rejected
        .iter()
        .map(|(q, m)| (q.as_str(), &m[..11]))
        .collect();
    assert_eq!(
        codes,
        [
            ("Cluster name", "error[E002]"),
            ("Availability zones", "error[E004]"),
            ("CIDRs allowed to reach the public endpoint", "error[E010]"),
        ]
    );
    // Public-only access with a NAT: eksnet adds the NAT addresses (N035).
    assert!(
        p.said.iter().any(|s| s.starts_with("note[N035]")),
        "{:?}",
        p.said
    );
    assert_eq!(o.spec.endpoint_access.private, Some(false));
    assert_written(&o);
}

#[test]
fn no_nat_includes_the_endpoints_nodes_then_need() {
    let mut script = vec![
        Default, Default, Default, Default, Default, Default, Default, Default, Yes,
    ];
    script.extend([
        pick("none"),
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
        Default,
    ]);
    let (p, r, _dir) = run(script);
    let o = r.unwrap();
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert!(
        p.said.iter().any(|s| s.starts_with(
            "PrivateLink endpoints included because nodes have no route out: ec2, ecr.api, ecr.dkr, s3, sts"
        )),
        "{:?}",
        p.said
    );
    // The planner adds them itself: the spec need not list them.
    assert!(o.spec.private_link.is_empty());
    let t = crate::topology::plan(&o.spec).topology.unwrap();
    let services: Vec<&str> = t.endpoints.iter().map(|e| e.service.as_str()).collect();
    assert_eq!(services, ["ec2", "ecr.api", "ecr.dkr", "s3", "sts"]);
    assert_written(&o);
}

#[test]
fn abort_at_any_prompt_writes_nothing() {
    for at in [0, 4, 8, 14] {
        let mut script: Vec<Answer> = vec![
            Default, Default, Default, Default, Default, Default, Default, Default, Yes, Default,
            Default, Default, Default, Default, Default, Default,
        ];
        script.truncate(at);
        script.push(Abort);
        let (_, r, dir) = run(script);
        assert!(matches!(r, Err(WizardError::Aborted)), "at {at}: {r:?}");
        assert!(files(dir.path()).is_empty(), "at {at}");
    }
}

#[test]
fn quitting_at_the_summary_writes_nothing() {
    let mut script = vec![Default; 8];
    script.extend([
        Yes, Default, Default, Default, Default, Default, Default, Default,
    ]);
    script.push(pick("quit"));
    let (_, r, dir) = run(script);
    assert!(matches!(r, Err(WizardError::Aborted)));
    assert!(files(dir.path()).is_empty());
}

#[test]
fn an_existing_spec_is_replaced_only_when_confirmed() {
    let full = || {
        let mut s = vec![Default; 8];
        s.extend([
            Yes, Default, Default, Default, Default, Default, Default, Default, Default,
        ]);
        s
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eksnet.yaml");
    std::fs::write(&path, "mine\n").unwrap();

    let mut script = full();
    script.push(No);
    let mut p = ScriptedPrompter::new(script);
    assert!(matches!(
        run_wizard(&mut p, dir.path()),
        Err(WizardError::Aborted)
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
    assert_eq!(files(dir.path()), ["eksnet.yaml"]);

    let mut script = full();
    script.push(Yes);
    let mut p = ScriptedPrompter::new(script);
    let o = run_wizard(&mut p, dir.path()).unwrap();
    assert_written(&o);
    assert_eq!(files(dir.path()), ["eksnet.schema.json", "eksnet.yaml"]);
}

#[test]
fn change_my_answers_asks_again_from_the_previous_ones() {
    let mut script = vec![Default, Default, typed("first")];
    script.extend(vec![Default; 5]);
    script.extend([
        Yes, Default, Default, Default, Default, Default, Default, Default,
    ]);
    script.push(pick("change"));
    // Second round: everything defaults to the first round's answers.
    script.extend(vec![Default; 8]);
    script.extend([
        Yes, Default, Default, Default, Default, Default, Default, Default, Default,
    ]);
    let (p, r, _dir) = run(script);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    assert_eq!(o.spec.name, "first");
    assert_written(&o);
}

#[test]
fn a_file_is_no_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out"), "").unwrap();
    let mut script = vec![Default; 8];
    script.extend([Yes, Default, Default, Default, Default, Default, Default]);
    script.extend([typed("out"), typed("out2"), Default]);
    let mut p = ScriptedPrompter::new(script);
    let o = run_wizard(&mut p, dir.path()).unwrap();
    assert_eq!(
        p.rejected,
        [(
            "Output directory".to_string(),
            "`out` is a file; the outputs need a directory".to_string()
        )]
    );
    assert_eq!(o.outputs.unwrap().out_dir, PathBuf::from("out2"));
}

#[test]
fn the_spec_file_is_pinned_text() {
    let (_, r, dir) = run(vec![
        pick("private-only"),
        Default, // IP family
        typed("spoke"),
        Default,
        Default,
        typed("10.1.0.0/20"),
        Default,
        Yes,
        pick("transit-gateway"),
        typed("tgw-0123456789abcdef0"),
        pick("private only"),
        Answer::PickMany(vec![]),
        pick_many(&["logs"]),
        Answer::PickMany(vec![]),
        Default,
    ]);
    r.unwrap();
    let text = std::fs::read_to_string(dir.path().join("eksnet.yaml")).unwrap();
    assert_eq!(
        text,
        "\
# yaml-language-server: $schema=./eksnet.schema.json
# eksnet spec, written by `eksnet init`.
# `eksnet plan` shows the network; `eksnet generate` writes it out
# (both read ./eksnet.yaml by themselves). Every key: `eksnet schema`.
apiVersion: eksnet/v1alpha1
kind: ClusterNetwork
name: spoke
region: us-west-2
kubernetesVersion: '1.35'
architecture: private-only
vpc:
  cidr: 10.1.0.0/20
  availabilityZones:
  - us-west-2a
  - us-west-2b
  - us-west-2c
  egress: transit-gateway
  transitGatewayId: tgw-0123456789abcdef0
endpointAccess:
  public: false
  private: true
nodeGroup:
  instanceTypes:
  - m6i.large
  minSize: 1
  desiredSize: 2
  maxSize: 4
privateLink:
- logs
"
    );
    // The schema the header names is beside it, and it is eksnet's own.
    let schema = std::fs::read_to_string(dir.path().join("eksnet.schema.json")).unwrap();
    assert_eq!(schema, crate::spec::json_schema());
}

#[test]
fn declining_the_subnets_asks_for_the_cidr_and_sizes_again() {
    let (p, r, _dir) = run(vec![
        pick("fully-private"),
        Default, // IP family
        Default,
        Default,
        Default,
        typed("10.0.0.0/16"),
        pick("/24"),
        No,
        typed("10.8.0.0/20"),
        Default,
        Yes,
        Default,
        Default,
        Default,
        Default,
        Default,
    ]);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    assert_eq!(o.spec.vpc.cidr, "10.8.0.0/20");
    // A new CIDR starts from the default layout again.
    assert_eq!(o.spec.vpc.private_subnet_prefix, None);
    let tables: Vec<&String> = p.said.iter().filter(|s| s.starts_with("AZ ")).collect();
    assert!(tables[0].contains("10.0.2.0/24"), "{}", tables[0]);
    assert!(tables[1].contains("10.8."), "{}", tables[1]);
    assert_written(&o);
}

#[test]
fn an_existing_schema_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eksnet.schema.json"), "{}\n").unwrap();
    let mut script = vec![Default, Default, typed("shop")];
    script.extend(vec![Default; 5]);
    script.extend([
        Yes, Default, Default, Default, Default, Default, Default, Default, Default,
    ]);
    let mut p = ScriptedPrompter::new(script);
    let o = run_wizard(&mut p, dir.path()).unwrap();
    assert_written(&o);
    let kept = std::fs::read_to_string(dir.path().join("eksnet.schema.json")).unwrap();
    assert_eq!(kept, "{}\n");
}

#[test]
fn the_ip_family_question_plans_an_ipv6_cluster() {
    let (p, r, _dir) = run(vec![
        Default,        // architecture
        pick("ipv6"),   // IP family
        typed("six"),   // name
        Default,        // region
        Default,        // zones
        Default,        // VPC CIDR
        Default,        // public size
        Default,        // private size
        Yes,            // use these subnets
        pick("per-az"), // NAT: per AZ, beside the egress-only gateway
        Default,        // endpoint access
        Default,        // public CIDRs
        Default,        // add-ons
        Default,        // PrivateLink
        Default,        // outputs
        Default,        // output dir
        Default,        // write
    ]);
    let o = r.unwrap();
    assert_eq!(p.remaining(), 0);
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(o.spec.ip_family, crate::spec::IpFamily::Ipv6);
    assert_eq!(o.spec.service_ipv4_cidr, None);
    assert_eq!(o.spec.vpc.nat, Some(NatMode::PerAz));
    let planned = crate::topology::plan(&o.spec);
    assert!(
        !planned.diagnostics.has_errors(),
        "{:?}",
        planned.diagnostics
    );
    assert!(planned
        .topology
        .unwrap()
        .egress_only_internet_gateway
        .is_some());
    assert!(
        p.said
            .iter()
            .any(|s| s.contains("IPv6 cluster: an Amazon-provided /56")),
        "{:?}",
        p.said
    );
}
