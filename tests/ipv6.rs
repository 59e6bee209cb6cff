//! IPv6 clusters: the three formats agree on every subnet's /64 index, the
//! `::/0` routes and the IP family; the built-in spec's defaults are told
//! from the user's choices; what IPv6 cannot be combined with is refused.

use crate::cases::{cases, Case};
use crate::render::{render_case, topology};
use crate::support::eksnet;
use eksnet::render::{Format, OutputFile};
use eksnet::topology::{Ipv6Target, Tier, Topology};
use std::collections::BTreeMap;

fn ipv6_cases() -> Vec<Case> {
    cases()
        .into_iter()
        .filter(|c| c.name.starts_with("ipv6-"))
        .collect()
}

fn text<'a>(files: &'a [(Format, Vec<OutputFile>)], format: Format, path: &str) -> &'a str {
    files
        .iter()
        .find(|(f, _)| *f == format)
        .and_then(|(_, fs)| fs.iter().find(|f| f.path.ends_with(path)))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// (tier, AZ) → /64 index, as the topology holds them.
fn model_indices(t: &Topology) -> BTreeMap<(String, String), u8> {
    t.subnets
        .iter()
        .map(|s| {
            let v6 = s.ipv6.expect("every subnet of an IPv6 VPC has a /64");
            ((s.tier.as_str().to_string(), s.az.clone()), v6.index)
        })
        .collect()
}

/// (tier, AZ) → index, from CloudFormation: each subnet's `!Select [N, ...]`
/// and its zone.
fn cfn_indices(cfn: &str) -> BTreeMap<(String, String), u8> {
    let mut out = BTreeMap::new();
    for block in cfn.split("\n  Subnet").skip(1) {
        if !block.contains("Type: AWS::EC2::Subnet\n") {
            continue;
        }
        let tier = if block.starts_with("Public") {
            "public"
        } else {
            "private"
        };
        let az = block
            .lines()
            .find_map(|l| {
                let l = l.trim();
                l.strip_prefix("AvailabilityZone: ")
                    .or_else(|| l.strip_prefix("AvailabilityZoneId: "))
            })
            .expect("a zone")
            .trim_matches('"')
            .to_string();
        let index = block
            .lines()
            .find_map(|l| l.trim().strip_prefix("Ipv6CidrBlock: !Select ["))
            .and_then(|rest| rest.split(',').next())
            .expect("an IPv6 block")
            .parse()
            .unwrap();
        out.insert((tier.to_string(), az), index);
    }
    out
}

/// (tier, AZ) → index, from Terraform's `<tier>_subnets` locals.
fn tf_indices(main: &str) -> BTreeMap<(String, String), u8> {
    let mut out = BTreeMap::new();
    for tier in ["public", "private"] {
        let Some(start) = main.find(&format!("  {tier}_subnets = {{")) else {
            continue;
        };
        let body = &main[start..];
        let body = &body[..body.find("\n  }\n").unwrap()];
        let mut az = None;
        for l in body.lines() {
            let l = l.trim();
            if let Some(k) = l.strip_suffix(" = {") {
                if k.starts_with('"') {
                    az = Some(k.trim_matches('"').to_string());
                }
            }
            if let Some(v) = l.strip_prefix("ipv6_index") {
                let n = v.trim_start_matches([' ', '=']).parse().unwrap();
                out.insert((tier.to_string(), az.clone().unwrap()), n);
            }
        }
    }
    out
}

#[test]
fn every_format_gives_each_subnet_the_same_64() {
    let all = ipv6_cases();
    assert!(all.len() >= 4, "the case table has IPv6 cases");
    for c in all {
        let t = topology(&c);
        let files = render_case(&c);
        let model = model_indices(&t);
        let cfn = text(&files, Format::CloudFormation, "template.yaml");
        let tf = text(&files, Format::Terraform, "modules/eksnet/main.tf");
        assert_eq!(cfn_indices(cfn), model, "{}: CloudFormation", c.name);
        assert_eq!(tf_indices(tf), model, "{}: Terraform", c.name);
        // Distinct /64s, each subnet assigning IPv6 on creation.
        let mut seen: Vec<u8> = model.values().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), model.len(), "{}: indices collide", c.name);
        assert_eq!(
            cfn.matches("AssignIpv6AddressOnCreation: true").count(),
            model.len(),
            "{}",
            c.name
        );
        // The cluster's family, in every format.
        assert!(cfn.contains("IpFamily: ipv6") && !cfn.contains("ServiceIpv4Cidr"));
        let eks = text(&files, Format::Terraform, "eks.tf");
        assert!(eks.contains("ip_family = \"ipv6\"") && !eks.contains("service_ipv4_cidr"));
        let eksctl = text(&files, Format::Eksctl, "cluster.yaml");
        assert!(eksctl.contains("ipFamily: IPv6") && !eksctl.contains("serviceIPv4CIDR"));
        assert!(eksctl.contains("withOIDC: true"), "{}", c.name);
    }
}

#[test]
fn default_routes_follow_the_model_in_every_format() {
    for c in ipv6_cases() {
        let t = topology(&c);
        let files = render_case(&c);
        let cfn = text(&files, Format::CloudFormation, "template.yaml");
        let tf = text(&files, Format::Terraform, "modules/eksnet/main.tf");
        let routes: Vec<&Ipv6Target> = t
            .route_tables
            .iter()
            .flat_map(|r| r.ipv6_routes.iter().map(|x| &x.target))
            .collect();
        let to_eigw = routes
            .iter()
            .filter(|r| ***r == Ipv6Target::EgressOnlyInternetGateway)
            .count();
        let to_igw = routes
            .iter()
            .filter(|r| ***r == Ipv6Target::InternetGateway)
            .count();
        assert_eq!(
            cfn.matches("EgressOnlyInternetGatewayId: !Ref").count(),
            to_eigw,
            "{}",
            c.name
        );
        assert_eq!(
            cfn.matches("DestinationIpv6CidrBlock: \"::/0\"").count(),
            to_eigw + to_igw,
            "{}",
            c.name
        );
        assert_eq!(
            tf.matches("= \"::/0\"").count(),
            to_eigw + to_igw,
            "{}",
            c.name
        );
        // An egress-only gateway exactly where private subnets route to it.
        let eigw = t.egress_only_internet_gateway.is_some();
        assert_eq!(eigw, to_eigw > 0, "{}", c.name);
        assert_eq!(
            tf.contains("resource \"aws_egress_only_internet_gateway\""),
            eigw
        );
        let private_routes = t
            .route_tables
            .iter()
            .filter(|r| r.tier == Tier::Private)
            .all(|r| r.ipv6_routes.len() == usize::from(eigw));
        assert!(private_routes, "{}", c.name);
    }
}

/// The built-in spec's service CIDR is a default: `--ip-family ipv6` plans
/// without it. One the user gives is refused, by flag or in a file.
#[test]
fn a_default_service_cidr_is_dropped_a_chosen_one_refused() {
    let ok = eksnet()
        .args(["validate", "--ip-family", "ipv6"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let flag = eksnet()
        .args([
            "validate",
            "--ip-family",
            "ipv6",
            "--service-cidr",
            "10.100.0.0/16",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&flag.stderr);
    assert_eq!(flag.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[E100]") && err.contains("flag --service-cidr"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("eksnet.yaml");
    std::fs::write(
        &spec,
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: v6\nregion: us-west-2\n\
         ipFamily: ipv6\nserviceIpv4Cidr: 10.100.0.0/16\n",
    )
    .unwrap();
    let file = eksnet()
        .args(["validate", "--spec"])
        .arg(&spec)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&file.stderr);
    assert_eq!(file.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E100]") && err.contains(":6:1"), "{err}");
}

/// Prefix mode decides max pods: 110 below 30 vCPUs, 250 from 30.
#[test]
fn max_pods_follow_prefix_mode() {
    for c in ipv6_cases() {
        let t = topology(&c);
        let big = t
            .node_group
            .instance_types
            .iter()
            .any(|i| i == "m6i.8xlarge");
        let expected = if big { 250 } else { 110 };
        assert_eq!(t.node_group.max_pods_per_node, expected, "{}", c.name);
        assert!(t.node_group.cni_ipv6_policy, "{}", c.name);
    }
}

/// CloudFormation resolves `!GetAtt VPC.Ipv6CidrBlocks` as soon as the VPC
/// exists, before its IPv6 block is associated: every resource that reads it
/// must wait for the `AWS::EC2::VPCCidrBlock` (a subnet created first gets no
/// /64, and AssignIpv6AddressOnCreation then fails, eksctl issue 4363).
#[test]
fn what_reads_the_vpcs_ipv6_block_waits_for_it() {
    for c in ipv6_cases() {
        let files = render_case(&c);
        let cfn = text(&files, Format::CloudFormation, "template.yaml");
        let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(cfn).unwrap();
        let resources = doc["Resources"].as_mapping().unwrap();
        let block: Vec<&str> = resources
            .iter()
            .filter(|(_, r)| r["Type"].as_str() == Some("AWS::EC2::VPCCidrBlock"))
            .map(|(id, _)| id.as_str().unwrap())
            .collect();
        assert_eq!(block.len(), 1, "{}: one IPv6 block", c.name);
        let mut readers = 0;
        for (id, r) in resources {
            let body = format!("{:?}", r["Properties"]);
            if !body.contains("Ipv6CidrBlocks") {
                continue;
            }
            readers += 1;
            let depends: Vec<&str> = match &r["DependsOn"] {
                serde_yaml_ng::Value::String(s) => vec![s.as_str()],
                serde_yaml_ng::Value::Sequence(v) => v.iter().filter_map(|x| x.as_str()).collect(),
                _ => vec![],
            };
            assert!(
                depends.contains(&block[0]),
                "{}: {} reads the VPC's IPv6 blocks without waiting for {}",
                c.name,
                id.as_str().unwrap(),
                block[0]
            );
        }
        let subnets = resources
            .values()
            .filter(|r| r["Type"].as_str() == Some("AWS::EC2::Subnet"))
            .count();
        assert!(readers >= subnets, "{}: the subnets read the block", c.name);
    }
}

fn planned_ipv6(yaml: &str) -> eksnet::topology::Plan {
    let text = format!(
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: v6\nregion: us-west-2\n\
         ipFamily: ipv6\nvpc: {{availabilityZones: [us-west-2a, us-west-2b]}}\n{yaml}"
    );
    let spec: eksnet::spec::Spec = serde_yaml_ng::from_str(&text).unwrap();
    eksnet::topology::plan(&spec)
}

/// The topology of `p`, which must have planned without an error.
fn accepted(p: &eksnet::topology::Plan) -> &eksnet::topology::Topology {
    assert!(
        p.diagnostics.errors().next().is_none(),
        "{:?}",
        p.diagnostics
    );
    p.valid().unwrap()
}

/// Fully private and IPv6: no route out on either family, and nodes still
/// get everything over IPv4 (their subnets keep IPv4 addresses; the
/// endpoints are IPv4): the API over both families, ECR, S3 and STS over
/// IPv4 through the endpoints, pods' STS through their node.
#[test]
fn a_fully_private_ipv6_cluster_gets_everything_over_ipv4() {
    use eksnet::topology::reach::{analyze, Family, Hop};
    let p = planned_ipv6("architecture: fully-private\n");
    let t = accepted(&p);
    for r in analyze(t) {
        let v6 = r.api_ipv6.as_ref().unwrap();
        assert!(r.api.ok && v6.ok, "{r:?}");
        assert_eq!(v6.via.last(), Some(&Hop::PrivateEndpoint));
        for p in [&r.images, &r.credentials] {
            assert!(p.ok, "{}", p.describe());
            assert_eq!(p.family, Family::Ipv4);
            assert!(p.via.iter().any(|h| matches!(h, Hop::VpcEndpoint(_))));
        }
        assert!(r.credentials.hops[1].starts_with("pod's host-local IPv4"));
    }
}

/// Public endpoint only, admitting `::/0` alone: nodes' IPv4 is not
/// admitted, but they reach the dual-stack endpoint over IPv6 from their
/// own addresses, so the cluster is accepted (an IPv4 cluster is not:
/// E034). Admitting 0.0.0.0/0 alone is refused (E104), and E109 does not
/// repeat it.
#[test]
fn the_api_is_reached_on_either_family() {
    use eksnet::topology::reach::analyze;
    let p = planned_ipv6(
        "architecture: public-only\nendpointAccess: {private: false, publicCidrs: [\"::/0\"]}\n",
    );
    let t = accepted(&p);
    for r in analyze(t) {
        assert!(!r.api.ok && r.api_ipv6.as_ref().unwrap().ok, "{r:?}");
        assert!(r.api_reached());
    }
    let p = planned_ipv6(
        "architecture: public-only\nendpointAccess: {private: false, publicCidrs: [0.0.0.0/0]}\n",
    );
    let codes: Vec<&str> = p.diagnostics.errors().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E104"]);
}
