//! One failing example per rule: each must raise its code, and the full
//! report (message, place, fix) is pinned by a snapshot. A rule without an
//! example fails `every_rule_has_a_failing_example`.

use crate::snap;
use eksnet::diag::Diagnostics;
use eksnet::rules::catalog::RULES;
use eksnet::spec::{LoadError, LoadedSpec, SpecSource};
use eksnet::topology::{plan, Topology};
use serde_yaml_ng::Value;

const BASE: &str = "apiVersion: eksnet/v1alpha1
kind: ClusterNetwork
name: demo
region: us-west-2
vpc:
  availabilityZones: [us-west-2a, us-west-2b, us-west-2c]
";

/// Deep-merge `overlay` into `base` (mappings merge, anything else replaces).
fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// The example spec: BASE with `overlay` merged in, written out as YAML.
fn spec_text(overlay: &str) -> String {
    let mut base: Value = serde_yaml_ng::from_str(BASE).unwrap();
    if !overlay.trim().is_empty() {
        merge(&mut base, serde_yaml_ng::from_str(overlay).unwrap());
    }
    serde_yaml_ng::to_string(&base).unwrap()
}

/// Diagnostics of a spec example, located in `example.yaml`.
fn from_spec(text: &str) -> Diagnostics {
    match LoadedSpec::from_str(text, SpecSource::File("example.yaml".into())) {
        Ok(l) => {
            let mut p = plan(&l.spec);
            l.place(&mut p.diagnostics);
            p.diagnostics
        }
        Err(LoadError::Invalid(d)) => Diagnostics(vec![*d]),
        Err(e) => panic!("{e}"),
    }
}

/// Diagnostics of a planned topology after `change`: for the rules about
/// networks eksnet never plans itself but may import.
fn from_topology(overlay: &str, change: impl FnOnce(&mut Topology)) -> Diagnostics {
    let l = LoadedSpec::from_str(&spec_text(overlay), SpecSource::BuiltIn).unwrap();
    let mut t = plan(&l.spec).topology.expect("the base example plans");
    change(&mut t);
    let mut d = Diagnostics(eksnet::rules::check(&t));
    d.sort();
    d
}

enum Example {
    Spec(&'static str),
    Raw(&'static str),
    /// Bytes on disk, read through the file loader.
    File(&'static [u8]),
    /// An imported VPC: a `doctor` fixture (rules only an import can break).
    Doctor(&'static str),
    /// The VPC endpoints a `doctor` fixture's fixes create, as the findings
    /// its SARIF and Code Quality reports add.
    DoctorEndpoints(&'static str),
    Topology(&'static str, fn(&mut Topology)),
}

fn examples() -> Vec<(&'static str, Example)> {
    use Example::*;
    vec![
        ("E001", Spec("apiVersion: eksnet/v2")),
        ("E002", Spec("name: '-bad name'")),
        ("E003", Spec("region: us-west-9")),
        ("E004", Spec("vpc: {availabilityZones: [us-west-2a]}")),
        ("E005", Spec("vpc: {availabilityZones: [us-west-2a, eu-west-1b]}")),
        ("E006", Spec("vpc: {availabilityZones: [us-west-2a, us-west-2a]}")),
        ("E007", Spec("region: us-east-1\nvpc: {availabilityZones: [use1-az1, use1-az3]}")),
        ("E008", Spec("vpc: {availabilityZones: [usw2-az1, us-west-2b]}")),
        ("E009", Spec("region: us-east-1\nvpc: {availabilityZones: [us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f]}")),
        ("E010", Spec("vpc: {cidr: 'fd00::/56'}")),
        ("E011", Spec("vpc: {cidr: 10.0.0.0/8}")),
        ("E012", Spec("vpc: {cidr: 10.0.0.0/16, subnets: {public: [10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24], private: [10.0.0.0/20, 10.0.16.0/20, 10.0.32.0/20]}}")),
        ("E013", Spec("vpc: {cidr: 10.0.0.0/16, subnets: {private: [10.0.0.0/20, 10.0.16.0/20, 10.1.0.0/20]}, publicSubnetPrefix: 24}")),
        ("E014", Spec("vpc: {cidr: 10.0.0.0/16, subnets: {public: [10.0.0.0/29, 10.0.0.8/29, 10.0.0.16/29]}}")),
        ("E015", Spec("vpc: {cidr: 10.0.0.0/16, subnets: {private: [10.0.0.0/20, 10.0.16.0/20]}}")),
        ("E016", Spec("vpc: {cidr: 10.0.0.0/16, publicSubnetPrefix: 24, subnets: {public: [10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24]}}")),
        ("E017", Spec("vpc: {cidr: 10.0.0.0/16, privateSubnetPrefix: 17}")),
        ("E018", Spec("architecture: fully-private\nvpc: {nat: none, publicSubnetPrefix: 24}")),
        ("E019", Spec("vpc: {publicSubnetPrefix: 30}")),
        ("E020", Spec("serviceIpv4Cidr: 100.64.0.0/16")),
        ("E021", Spec("serviceIpv4Cidr: 10.100.0.0/25")),
        ("E022", Spec("serviceIpv4Cidr: 192.168.0.0/16")),
        ("W023", Spec("vpc: {cidr: 172.17.0.0/16}")),
        ("E024", Spec("kubernetesVersion: '1.20'")),
        ("W025", Spec("kubernetesVersion: '1.32'")),
        ("E026", Spec("vpc: {cidr: 127.0.0.0/16}")),
        ("E030", Spec("endpointAccess: {public: false, private: false}")),
        ("E031", Spec("architecture: fully-private\nendpointAccess: {public: true, private: true}")),
        ("E032", Spec("architecture: private-only\nendpointAccess: {public: true, private: false}")),
        ("W033", Spec("endpointAccess: {publicCidrs: [0.0.0.0/0]}")),
        ("E034", Spec("architecture: public-only\nendpointAccess: {public: true, private: false, publicCidrs: [203.0.113.0/24]}")),
        ("N035", Spec("endpointAccess: {public: true, private: false, publicCidrs: [203.0.113.0/24]}")),
        ("E036", Spec("architecture: private-only\nendpointAccess: {public: false, publicCidrs: [203.0.113.0/24]}")),
        ("E037", Spec("endpointAccess: {publicCidrs: [52.0.0.0/32, 52.0.0.1/32, 52.0.0.2/32, 52.0.0.3/32, 52.0.0.4/32, 52.0.0.5/32, 52.0.0.6/32, 52.0.0.7/32, 52.0.0.8/32, 52.0.0.9/32, 52.0.0.10/32, 52.0.0.11/32, 52.0.0.12/32, 52.0.0.13/32, 52.0.0.14/32, 52.0.0.15/32, 52.0.0.16/32, 52.0.0.17/32, 52.0.0.18/32, 52.0.0.19/32, 52.0.0.20/32, 52.0.0.21/32, 52.0.0.22/32, 52.0.0.23/32, 52.0.0.24/32, 52.0.0.25/32, 52.0.0.26/32, 52.0.0.27/32, 52.0.0.28/32, 52.0.0.29/32, 52.0.0.30/32, 52.0.0.31/32, 52.0.0.32/32, 52.0.0.33/32, 52.0.0.34/32, 52.0.0.35/32, 52.0.0.36/32, 52.0.0.37/32, 52.0.0.38/32, 52.0.0.39/32, 52.0.0.40/32]}")),
        ("W038", Spec("endpointAccess: {publicCidrs: [192.168.0.0/16, 52.0.0.0/16]}")),
        ("E040", Spec("architecture: public-only\nvpc: {nat: single}")),
        ("E041", Spec("vpc: {egress: none}")),
        ("E042", Spec("architecture: private-only\nvpc: {egress: transit-gateway}")),
        ("W044", Spec("region: us-east-1\nvpc: {availabilityZones: [use1-az1, use1-az2, use1-az4, use1-az5, use1-az6], nat: per-az}")),
        ("E050", Spec("privateLink: [s4]")),
        ("W051", Spec("architecture: fully-private\nprivateLinkExclude: [ec2]")),
        ("W052", Spec("architecture: fully-private\nprivateLinkExclude: [logs]")),
        ("E053", Spec("region: ap-southeast-5\nvpc: {availabilityZones: [ap-southeast-5a, ap-southeast-5b]}\nprivateLink: [eks]")),
        ("E060", Topology("architecture: public-only", |t| t.subnets[0].map_public_ip_on_launch = false)),
        ("E061", Spec("vpc: {nat: none}\nendpointAccess: {public: true, private: false}")),
        ("E062", Spec("architecture: fully-private\nprivateLinkExclude: [ecr.dkr]")),
        ("W063", Spec("architecture: fully-private\nprivateLinkExclude: [sts]")),
        ("W064", Spec("architecture: fully-private\nvpc: {privateSubnetPrefix: 27}\nnodeGroup: {maxSize: 30}")),
        ("E065", Topology("", |t| {
            let id = t.cluster.subnets[0].clone();
            t.subnets.iter_mut().find(|s| s.id == id).unwrap().available_addresses = Some(3);
        })),
        ("E066", Topology("", |t| t.cluster.subnets.truncate(1))),
        ("N067", Spec("nodeGroup: {instanceTypes: [x9.large]}")),
        ("E068", Spec("nodeGroup: {minSize: 3, desiredSize: 2, maxSize: 4}")),
        ("E069", Spec("nodeGroup: {instanceTypes: [M6I]}")),
        ("E070", Spec("name: a-cluster-name-that-is-long-enough-to-overflow-the-node-group")),
        ("E071", Spec("tags: {'aws:owner': me}")),
        ("E072", Topology("architecture: private-only", |t| t.vpc.enable_dns_hostnames = false)),
        ("E073", Spec("adminPrincipalArns: ['arn:aws:iam::123:role/admin']")),
        ("W074", Topology("", |t| t.subnets[0].map_public_ip_on_launch = false)),
        ("W075", Topology("", |t| t.subnets[3].available_addresses = Some(12))),
        ("E076", Topology("", |t| t.subnets[3].available_addresses = Some(0))),
        ("W077", Topology("", |t| t.subnets.iter_mut().for_each(|s| s.tags.clear()))),
        ("W078", Topology("", |t| t.vpc.amazon_provided_dns = Some(false))),
        ("W079", Topology("architecture: fully-private", |t| endpoint(t, "sts").private_dns = false)),
        ("W080", Topology("architecture: fully-private", |t| endpoint(t, "sts").ingress_cidrs = Some(vec![]))),
        ("W081", Topology("architecture: fully-private", |t| endpoint(t, "s3").route_tables.truncate(1))),
        ("E082", Doctor("nacl-blocks-https")),
        ("N083", Doctor("minimal-files")),
        ("E084", Spec("nodeGroup: {instanceTypes: [m7g.large, m6i.large]}")),
        ("E085", Spec("adminPrincipalArns: ['arn:aws:iam::123456789012:role/admin', 'arn:aws:iam::123456789012:role/admin']")),
        ("E086", Spec("tags: {Team: a, team: b}")),
        ("W087", Spec("region: us-east-1\nvpc: {availabilityZones: [us-east-1a, us-east-1b]}")),
        ("N088", Spec("adminPrincipalArns: ['arn:aws:iam::123456789012:role/admin']")),
        ("W089", Spec("clusterCreatorAdmin: false")),
        ("N090", Topology("architecture: fully-private", |t| endpoint(t, "sts").subnets.truncate(1))),
        ("W091", Spec("kubernetesVersion: '1.36'")),
        ("E092", Spec("architecture: fully-private\naddons: [cloudwatch]\nprivateLinkExclude: [logs]")),
        ("E093", Spec("region: cn-north-1\nvpc: {availabilityZones: [cn-north-1a, cn-north-1b]}\narchitecture: fully-private\naddons: [pod-identity]")),
        ("W094", Doctor("addon-endpoints-missing")),
        ("W095", Spec("addons: [ssm, cloudwatch, ssm]")),
        ("N096", Doctor("endpoints-several-for-one-service")),
        ("E100", Spec("ipFamily: ipv6\nserviceIpv4Cidr: 10.100.0.0/16")),
        (
            "E101",
            Spec("ipFamily: ipv6\nregion: cn-north-1\nvpc: {availabilityZones: [cn-north-1a, cn-north-1b]}"),
        ),
        ("E102", Spec("ipFamily: ipv6\nnodeGroup: {instanceTypes: [m6i.large, t2.large]}")),
        (
            "E103",
            Spec("ipFamily: ipv6\narchitecture: private-only\nvpc: {egress: transit-gateway, transitGatewayId: tgw-0123456789abcdef0}"),
        ),
        (
            "E104",
            Spec("ipFamily: ipv6\nendpointAccess: {private: false, publicCidrs: [203.0.113.0/24, 2001:db8::/32]}"),
        ),
        (
            "E105",
            Topology("ipFamily: ipv6", |t| node_subnet(t).ipv6 = None),
        ),
        (
            "E106",
            Topology("ipFamily: ipv6", |t| {
                node_subnet(t).ipv6.as_mut().unwrap().assign_on_creation = false
            }),
        ),
        (
            "W107",
            Topology("ipFamily: ipv6", |t| {
                let rt = node_subnet(t).route_table.clone();
                let table = t.route_tables.iter_mut().find(|r| r.id == rt).unwrap();
                table.ipv6_routes.clear();
            }),
        ),
        (
            "W108",
            Topology("ipFamily: ipv6", |t| {
                node_subnet(t).ipv6.as_mut().unwrap().dns64 = true
            }),
        ),
        (
            "E109",
            Topology("ipFamily: ipv6\nendpointAccess: {private: false}", |t| {
                let rt = node_subnet(t).route_table.clone();
                let table = t.route_tables.iter_mut().find(|r| r.id == rt).unwrap();
                table.ipv6_routes.clear();
            }),
        ),
        (
            "E119",
            Spec("ipFamily: ipv6\npodNetwork: {prefixDelegation: true}"),
        ),
        ("E120", Spec("podNetwork: {mode: subnet-discovery}")),
        ("E121", Spec("podNetwork: {secondaryCidr: 100.64.0.0/12}")),
        ("E122", Spec("podNetwork: {secondaryCidr: 10.1.0.0/16}")),
        ("E123", Spec("podNetwork: {secondaryCidr: 192.168.0.0/17}")),
        ("E124", Spec("podNetwork: {secondaryCidr: 100.64.0.0/16, subnetPrefix: 29}")),
        ("E125", Spec("vpc: {availabilityZones: [usw2-az1, usw2-az2]}\npodNetwork: {secondaryCidr: 100.64.0.0/16}")),
        ("W126", Spec("vpc: {privateSubnetPrefix: 24}\nnodeGroup: {maxSize: 30}\npodNetwork: {prefixDelegation: true}")),
        ("W127", Spec("podNetwork: {secondaryCidr: 100.64.0.0/24}\nnodeGroup: {maxSize: 30}")),
        ("E128", Doctor("eniconfig-missing-for-az")),
        ("E129", Doctor("eniconfig-missing-for-az")),
        ("E130", Spec("architecture: private-only\nvpc: {cidr: 10.0.0.0/16, egress: transit-gateway, transitGatewayId: tgw-0123456789abcdef0, transitGatewayCidrs: [10.0.0.0/8]}")),
        ("N131", DoctorEndpoints("ecr-endpoint-missing")),
        ("S001", File(b"apiVersion: eksnet/v1alpha1\nname: \xff\xfe\n")),
        ("S002", Raw("apiVersion: eksnet/v1alpha1\nvpc: [unclosed\n")),
        ("S003", Spec("vpc: {cidrr: 10.0.0.0/16}")),
        ("S004", Spec("architecture: public-privat")),
        ("S005", Raw("apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nregion: us-west-2\n")),
    ]
}

/// The first node subnet.
fn node_subnet(t: &mut Topology) -> &mut eksnet::topology::Subnet {
    t.subnets
        .iter_mut()
        .find(|s| s.nodes)
        .expect("a node subnet")
}

fn endpoint<'a>(t: &'a mut Topology, service: &str) -> &'a mut eksnet::topology::VpcEndpoint {
    t.endpoints
        .iter_mut()
        .find(|e| e.service == service)
        .expect("planned endpoint")
}

/// The doctor's report on one of its test fixtures.
fn diagnosed(fixture: &str) -> eksnet::doctor::Report {
    let dir = crate::support::repo()
        .join("tests/fixtures/doctor")
        .join(fixture);
    eksnet::doctor::diagnose(&dir, &Default::default()).expect("fixture reads")
}

fn run(example: &Example) -> (String, Diagnostics) {
    match example {
        Example::Spec(overlay) => {
            let text = spec_text(overlay);
            let d = from_spec(&text);
            (text, d)
        }
        Example::Raw(text) => (text.to_string(), from_spec(text)),
        Example::Doctor(fixture) => (
            format!("# eksnet doctor tests/fixtures/doctor/{fixture}\n"),
            diagnosed(fixture).diagnostics,
        ),
        Example::DoctorEndpoints(fixture) => (
            format!("# the findings eksnet doctor --output sarif adds for the endpoints to create in tests/fixtures/doctor/{fixture}\n"),
            eksnet::doctor::endpoint_findings(&diagnosed(fixture)),
        ),
        Example::File(bytes) => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("example.yaml");
            std::fs::write(&path, bytes).unwrap();
            let d = match LoadedSpec::from_file(&path) {
                Err(LoadError::Invalid(d)) => Diagnostics(vec![*d]),
                other => panic!("expected an unreadable spec, got {other:?}"),
            };
            // The temporary directory's path is not stable: show the file name only.
            let prefix = format!("{}/", dir.path().display());
            let shown = Diagnostics(
                d.0.into_iter()
                    .map(|mut x| {
                        x.message = x.message.replace(&prefix, "");
                        x.place.location = x.place.location.map(|l| l.replace(&prefix, ""));
                        x
                    })
                    .collect(),
            );
            (String::from_utf8_lossy(bytes).into_owned(), shown)
        }
        Example::Topology(overlay, change) => (
            format!("{}# then changed in the topology\n", spec_text(overlay)),
            from_topology(overlay, change),
        ),
    }
}

#[test]
fn each_rule_fires_on_its_example() {
    for (code, example) in examples() {
        let (input, d) = run(&example);
        assert!(
            d.iter().any(|x| x.code.as_str() == code),
            "{code} did not fire on:\n{input}\ngot: {:?}",
            d.iter().map(|x| x.code).collect::<Vec<_>>()
        );
        let report: Vec<String> = d.iter().map(|x| x.to_string()).collect();
        snap!(insta::assert_snapshot!(
            format!("rule_{code}"),
            format!("{input}\n---\n{}", report.join("\n"))
        ));
    }
}

#[test]
fn every_rule_has_a_failing_example() {
    let covered: Vec<&str> = examples().iter().map(|(c, _)| *c).collect();
    for r in RULES {
        assert!(
            covered.contains(&r.code),
            "rule {} has no failing example in tests/rules.rs",
            r.code
        );
    }
}

#[test]
fn the_base_example_is_clean_but_for_the_open_endpoint() {
    let d = from_spec(&spec_text(""));
    let codes: Vec<&str> = d.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, ["W033"]);
}

/// The EKS guide asks for VPC DNS support and hostnames whatever the
/// endpoint access: nodes do not register without them.
#[test]
fn vpc_dns_is_required_without_private_access_too() {
    let d = from_topology("architecture: public-only", |t| {
        t.cluster.endpoint_private_access = false;
        t.vpc.enable_dns_support = false;
    });
    let e072: Vec<&str> = d
        .iter()
        .filter(|x| x.code.as_str() == "E072")
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(e072.len(), 1, "{e072:?}");
    assert!(e072[0].contains("enableDnsSupport"), "{e072:?}");
}
