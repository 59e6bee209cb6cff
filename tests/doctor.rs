//! `eksnet doctor` on AWS CLI output: one fixture directory per failure it
//! must name and per healthy architecture (tests/fixtures/doctor, made by
//! generate.py there), snapshots of the reports, exit codes, input errors.

use crate::snap;
use crate::support::{eksnet, repo};
use std::path::{Path, PathBuf};

fn fixture(case: &str) -> PathBuf {
    repo().join("tests/fixtures/doctor").join(case)
}

/// Each case, the exit code it must give, and what its report must name.
const CASES: &[(&str, i32, &[&str])] = &[
    ("healthy-public-only", 0, &["nodes can join", "node's own public IP"]),
    ("healthy-public-private", 0, &["nodes can join", "NAT gateway nat-"]),
    ("healthy-public-private-regional-nat", 0, &["every AZ (regional)"]),
    ("healthy-private-only", 0, &["transit gateway tgw-"]),
    ("healthy-fully-private", 0, &["ecr.dkr interface endpoint", "s3 gateway endpoint"]),
    (
        "public-subnet-auto-assign-off",
        1,
        &["error[E060]", "aws ec2 modify-subnet-attribute --subnet-id subnet-00000000000000051 --map-public-ip-on-launch"],
    ),
    (
        "nat-route-missing",
        1,
        &["has no default route", "aws ec2 create-route --route-table-id rtb-00000000000000074 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-00000000000000032"],
    ),
    (
        "nat-gateway-deleted",
        1,
        &["in state deleted", "aws ec2 replace-route --route-table-id rtb-00000000000000074"],
    ),
    (
        "ecr-endpoint-missing",
        1,
        &["no ecr.dkr endpoint", "--service-name com.amazonaws.us-west-2.ecr.dkr --vpc-endpoint-type Interface"],
    ),
    (
        "public-cidrs-exclude-nat",
        1,
        &["error[E034]", "aws eks update-cluster-config --name demo --resources-vpc-config endpointPrivateAccess=true"],
    ),
    ("node-subnets-full", 1, &["error[E076]", "warning[W075]"]),
    ("lb-role-tags-missing", 0, &["warning[W077]", "aws ec2 create-tags --resources"]),
    (
        "vpc-dns-off",
        1,
        &["error[E072]", "warning[W078]", "--enable-dns-hostnames '{\"Value\":true}'"],
    ),
    (
        "endpoint-private-dns-off",
        0,
        &["warning[W079]", "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-00000000000000095 --private-dns-enabled"],
    ),
    (
        "endpoint-sg-blocks-nodes",
        1,
        &["warning[W080]", "aws ec2 authorize-security-group-ingress --group-id sg-00000000000000062 --protocol tcp --port 443 --cidr 10.0.128.0/18"],
    ),
    (
        "s3-endpoint-not-on-route-table",
        0,
        &["warning[W081]", "--add-route-table-ids rtb-00000000000000074"],
    ),
    (
        "nacl-blocks-https",
        1,
        &["error[E082]", "--egress --rule-number 49 --protocol tcp --port-range From=443,To=443"],
    ),
    (
        "main-route-table-implicit",
        1,
        &["route table rtb-00000000000000071, ", "rtb-00000000000000071 (the VPC's main route table"],
    ),
    ("minimal-files", 0, &["note[N083]", "cluster.json not collected"]),
    (
        "addon-endpoints-missing",
        0,
        &["warning[W063]", "cannot reach STS + eks-auth", "warning[W094]", "--service-name com.amazonaws.us-west-2.logs"],
    ),
    (
        "endpoints-several-for-one-service",
        0,
        &[
            "note[N096]: vpce-00000000000000095 is another ecr.dkr endpoint besides vpce-00000000000000096",
            "s3 gateway endpoint (route table rtb-00000000000000073)",
        ],
    ),
    (
        "prefix-list-route-not-followed",
        0,
        &["note[N083]: route table rtb-00000000000000073 sends prefix list pl-0123456789abcdef0 to transit gateway tgw-000000000000000f1: the list's entries are not collected"],
    ),
    // Longest prefix match over every route of the table.
    (
        "lpm-half-routes-blackhole",
        1,
        &[
            "the routes to 0.0.0.0/1, 128.0.0.0/1 go to NAT gateway nat-00000000000000039 (blackhole: the target no longer exists): the traffic is dropped",
            "aws ec2 replace-route --route-table-id rtb-00000000000000073 --destination-cidr-block 128.0.0.0/1 --nat-gateway-id nat-00000000000000031",
        ],
    ),
    (
        "lpm-half-routes-to-nat",
        0,
        &["0.0.0.0/1, 128.0.0.0/1 → NAT gateway nat-00000000000000031 in us-west-2a → internet gateway"],
    ),
    (
        "route-overrides-local",
        1,
        &[
            "error[E061]",
            "sends 10.0.192.0/18 (the cluster subnets, where the private endpoint's ENIs are) to eni-000000000000000a1",
            "aws ec2 delete-route --route-table-id rtb-00000000000000072 --destination-cidr-block 10.0.192.0/18",
        ],
    ),
    (
        "ipv6-subnet-faults",
        1,
        &[
            "does not give new nodes an IPv6 address",
            "error[E106]",
            "aws ec2 modify-subnet-attribute --subnet-id subnet-00000000000000053 --assign-ipv6-address-on-creation",
            "warning[W107]: private subnet subnet-00000000000000054 has no IPv6 default route (::/0) in route table rtb-00000000000000074",
            "aws ec2 modify-subnet-attribute --subnet-id subnet-00000000000000053 --no-enable-dns64",
        ],
    ),
    // Pod subnets: named by ENIConfigs (custom networking), or tagged.
    (
        "healthy-custom-networking",
        0,
        &["Pod subnets from the ENIConfigs in eniconfigs.json (custom networking):", "subnet-00000000000000056 (us-west-2b, 100.64.128.0/17, 32760 addresses free)"],
    ),
    (
        "pod-subnet-nearly-full",
        0,
        &[
            "warning[W127]: pod subnet subnet-00000000000000056 has 30 free addresses; 2 node(s) at 20 pods each need 40",
            "aws ec2 create-subnet --vpc-id vpc-000000000000000a1 --availability-zone us-west-2b --cidr-block FREE-CIDR",
            "kubectl patch eniconfig us-west-2b --type merge -p '{\"spec\":{\"subnet\":\"NEW-SUBNET-ID\"}}'",
        ],
    ),
    (
        "eniconfig-missing-for-az",
        1,
        &[
            "error[E128]: custom networking: nodes in us-west-2b (subnet-00000000000000054) have no pod subnet there: no ENIConfig names a subnet of the zone",
            "error[E129]: ENIConfig us-west-2b names subnet-00000000000000599, which is not a subnet of vpc-000000000000000a1",
        ],
    ),
    (
        "pod-subnets-tagged",
        0,
        &[
            "warning[W064]: subnet-00000000000000054 and subnet-00000000000000056 have 49 free addresses; 2 node(s) at 29 pods each need 66",
            "aws ec2 create-tags --resources NEW-SUBNET-ID --tags Key=kubernetes.io/role/cni,Value=1",
        ],
    ),
    // Refused input (exit 2): the needles are on stderr, stdout is empty.
    (
        "subnet-id-not-an-id",
        2,
        &["subnets.json: Subnets[2].SubnetId: `subnet-1;touch x` is not an AWS resource ID (`subnet-` and 8 or 17 lowercase hex digits)"],
    ),
];

#[test]
fn every_fixture_is_a_case() {
    let mut dirs: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/doctor"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    cases.sort();
    assert_eq!(dirs, cases);
}

#[test]
fn reports_name_each_fault_and_its_fix() {
    for (case, code, needles) in CASES {
        let out = eksnet()
            .args(["doctor"])
            .arg(fixture(case))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(*code), "{case}: {text}\n{err}");
        if *code == 2 {
            assert!(text.is_empty(), "{case}: {text}");
            for n in *needles {
                assert!(err.contains(n), "{case}: missing {n:?} in\n{err}");
            }
            continue;
        }
        for n in *needles {
            assert!(text.contains(n), "{case}: missing {n:?} in\n{text}");
        }
        snap!(insta::assert_snapshot!(format!("doctor_{case}_text"), text));
    }
}

#[test]
fn json_reports() {
    for case in ["healthy-public-private", "public-subnet-auto-assign-off"] {
        let out = eksnet()
            .args(["doctor", "--output", "json"])
            .arg(fixture(case))
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let can_join = v["allNodeSubnetsCanJoin"].as_bool().unwrap();
        assert_eq!(can_join, out.status.code() == Some(0), "{case}");
        assert_eq!(v["topology"]["source"], "imported");
        snap!(insta::assert_json_snapshot!(
            format!("doctor_{case}_json"),
            v
        ));
    }
}

#[test]
fn deny_warnings_and_node_subnet_choice() {
    eksnet()
        .args(["doctor", "--deny-warnings"])
        .arg(fixture("lb-role-tags-missing"))
        .assert()
        .code(1);
    // Nodes placed by flag in the healthy subnet only: the deleted NAT no longer matters.
    let out = eksnet()
        .args(["doctor", "--node-subnets", "subnet-00000000000000053"])
        .arg(fixture("nat-gateway-deleted"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Node subnets from --node-subnets"), "{text}");
    assert!(!text.contains("subnet-00000000000000054 ("), "{text}");
}

/// A copy of a fixture to break.
fn copy(case: &str, into: &Path) -> PathBuf {
    let dst = into.join(case);
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(fixture(case)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    dst
}

fn stderr_of(dir: &Path, extra: &[&str]) -> String {
    let out = eksnet()
        .arg("doctor")
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing printed on stdout on input errors"
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn input_errors_name_the_file_and_field() {
    let tmp = tempfile::tempdir().unwrap();

    let d = copy("healthy-public-private", tmp.path());
    std::fs::remove_file(d.join("subnets.json")).unwrap();
    let e = stderr_of(&d, &[]);
    assert!(e.contains("subnets.json: not found"), "{e}");

    let d = copy("healthy-public-only", tmp.path());
    let p = d.join("subnets.json");
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        s.replacen(
            "\"MapPublicIpOnLaunch\": true",
            "\"MapPublicIpOnLaunch\": \"yes\"",
            1,
        ),
    )
    .unwrap();
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("subnets.json: Subnets[0] (subnet-00000000000000051): invalid type: string \"yes\", expected a boolean"),
        "{e}"
    );

    let d = copy("healthy-fully-private", tmp.path());
    let p = d.join("cluster.json");
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, s.replace("\"endpointPrivateAccess\": true,", "")).unwrap();
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("cluster.json: cluster: missing field `endpointPrivateAccess`"),
        "{e}"
    );

    let d = copy("healthy-private-only", tmp.path());
    std::fs::write(d.join("vpc-endpoints.json"), "").unwrap();
    let e = stderr_of(&d, &[]);
    assert!(e.contains("vpc-endpoints.json: is empty"), "{e}");

    let d = copy("healthy-public-private-regional-nat", tmp.path());
    std::fs::write(d.join("route-tables.json"), "{\"RouteTables\": [").unwrap();
    let e = stderr_of(&d, &[]);
    assert!(e.contains("route-tables.json: is not JSON"), "{e}");

    let e = stderr_of(
        &fixture("healthy-public-private"),
        &["--node-subnets", "subnet-0ffffffffffffffff"],
    );
    assert!(
        e.contains("node subnet subnet-0ffffffffffffffff (--node-subnets) is not a subnet"),
        "{e}"
    );

    // A node group's subnet outside the VPC: the error names its file.
    let d = copy("healthy-public-private", &tmp.path().join("ng"));
    edit(&d, "nodegroup-demo-nodes.json", |v| {
        v["nodegroup"]["subnets"][1] = "subnet-0ffffffffffffffff".into();
    });
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("nodegroup-demo-nodes.json: node subnet subnet-0ffffffffffffffff (node group(s) demo-nodes) is not a subnet"),
        "{e}"
    );

    let e = stderr_of(&tmp.path().join("no-such-dir"), &[]);
    assert!(e.contains("is not a directory"), "{e}");
}

#[test]
fn the_documented_collection_script_is_the_one_in_scripts() {
    let doc = std::fs::read_to_string(repo().join("docs/doctor.md")).unwrap();
    let script = std::fs::read_to_string(repo().join("scripts/collect-vpc.sh")).unwrap();
    let block = doc
        .split("```bash\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/doctor.md has a bash block");
    assert_eq!(
        block, script,
        "docs/doctor.md and scripts/collect-vpc.sh differ"
    );
    assert!(
        script.contains("describe-nat-gateways --filter \""),
        "NAT gateways take --filter"
    );
    let ok = std::process::Command::new("bash")
        .args(["-n"])
        .arg(repo().join("scripts/collect-vpc.sh"))
        .status()
        .unwrap();
    assert!(ok.success(), "collect-vpc.sh has a syntax error");
}

/// The script against a stand-in `aws` that logs its arguments: every file
/// is written, from the calls the docs name, with the endpoint URL passed on.
#[test]
fn the_collection_script_makes_each_call_and_file() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = tmp.path().join("calls.log");
    let stub = format!(
        "#!/usr/bin/env bash\necho \"$*\" >> '{}'\ncase \"$*\" in\n  *DhcpOptionsId*) echo dopt-1 ;;\n  *list-nodegroups*) echo ng-a ;;\n  *) echo '{{}}' ;;\nesac\n",
        log.display()
    );
    let kubectl = format!(
        "#!/usr/bin/env bash\necho \"kubectl $*\" >> '{}'\necho '{{\"items\": []}}'\n",
        log.display()
    );
    for (name, text) in [("aws", stub), ("kubectl", kubectl)] {
        let p = bin.join(name);
        std::fs::write(&p, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let out_dir = tmp.path().join("dump");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("bash")
        .arg(repo().join("scripts/collect-vpc.sh"))
        .args(["vpc-1", "demo"])
        .arg(&out_dir)
        .env("PATH", path)
        .env("EKSNET_AWS_ENDPOINT_URL", "http://127.0.0.1:1")
        .status()
        .unwrap();
    assert!(status.success());
    for f in [
        "vpcs.json",
        "subnets.json",
        "route-tables.json",
        "internet-gateways.json",
        "nat-gateways.json",
        "vpc-endpoints.json",
        "security-groups.json",
        "network-acls.json",
        "dhcp-options.json",
        "vpc-dns-support.json",
        "vpc-dns-hostnames.json",
        "cluster.json",
        "eniconfigs.json",
        "nodegroup-ng-a.json",
    ] {
        assert!(out_dir.join(f).is_file(), "{f} not written");
    }
    let calls = std::fs::read_to_string(&log).unwrap();
    for c in [
        "--endpoint-url http://127.0.0.1:1 --output json ec2 describe-nat-gateways --filter Name=vpc-id,Values=vpc-1",
        "ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=vpc-1",
        "ec2 describe-vpc-attribute --vpc-id vpc-1 --attribute enableDnsHostnames",
        "ec2 describe-dhcp-options --dhcp-options-ids dopt-1",
        "eks describe-nodegroup --cluster-name demo --nodegroup-name ng-a",
        "kubectl get eniconfigs.crd.k8s.amazonaws.com -o json",
    ] {
        assert!(calls.contains(c), "missing call {c:?} in\n{calls}");
    }
}

/// eksnet's own network-only CloudFormation for each architecture, deployed
/// to moto's server (started and stopped by the script), collected with
/// scripts/collect-vpc.sh, healthy, then broken through the API: doctor must
/// name each fault (each carries a pod network, whose pod subnets doctor
/// reads, and deploys with the other pod network mode too); every
/// architecture also as an IPv6 cluster, healthy as
/// deployed, and public-private's IPv6 template deploys only in its DependsOn
/// order (moto_server.py supplies what moto's CloudFormation lacks for it). EKSNET_MOTO_PYTHON is the Python of a virtualenv with
/// moto[server,cloudformation] and awscli; EKSNET_ROUNDTRIP_TEMPLATES may
/// name a directory of <architecture>.yaml templates to deploy instead of
/// `eksnet generate --network-only`. See docs/doctor.md.
#[test]
fn round_trip_through_moto() {
    let Some(python) = crate::support::tool("EKSNET_MOTO_PYTHON") else {
        return;
    };
    let out = crate::support::moto_script(&python, "tests/roundtrip/doctor_moto.py")
        .output()
        .expect("runs the round trip");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "round trip failed:\n{err}");
    assert_eq!(
        err.matches("(as expected)").count(),
        17,
        "every architecture, healthy and broken, with the other pod network mode, \
         and healthy as IPv6; \
         public-private's IPv6 template deployed only in its DependsOn order:\n{err}"
    );
}

/// Rewrite one file of a copied fixture.
fn edit(dir: &Path, file: &str, f: impl FnOnce(&mut serde_json::Value)) {
    let p = dir.join(file);
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn doctor_text(dir: &Path) -> (i32, String) {
    let out = eksnet().arg("doctor").arg(dir).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn subnets_in_a_secondary_cidr_are_inside_the_vpc() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("healthy-public-private", tmp.path());
    edit(&d, "vpcs.json", |v| {
        v["Vpcs"][0]["CidrBlockAssociationSet"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "AssociationId": "vpc-cidr-assoc-0000000000000002",
                "CidrBlock": "100.64.0.0/16",
                "CidrBlockState": {"State": "associated"}
            }));
    });
    edit(&d, "subnets.json", |v| {
        v["Subnets"][3]["CidrBlock"] = "100.64.0.0/18".into();
    });
    let (code, text) = doctor_text(&d);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("E013"), "{text}");
    assert!(text.contains("100.64.0.0/18"), "{text}");
}

#[test]
fn a_private_nat_gateway_is_no_way_out() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("healthy-public-private", tmp.path());
    edit(&d, "nat-gateways.json", |v| {
        v["NatGateways"][1]["ConnectivityType"] = "private".into();
    });
    let (code, text) = doctor_text(&d);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "NAT gateway nat-00000000000000032, a private NAT gateway (no internet access)"
        ),
        "{text}"
    );
    assert!(
        text.contains("aws ec2 replace-route --route-table-id rtb-00000000000000074 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-00000000000000031"),
        "{text}"
    );
}

#[test]
fn ids_without_aws_syntax_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("healthy-public-private", tmp.path());
    edit(&d, "route-tables.json", |v| {
        v["RouteTables"][1]["RouteTableId"] = "rtb-0$(reboot)".into();
    });
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("route-tables.json: RouteTables[1].RouteTableId: `rtb-0$(reboot)` is not an AWS resource ID (`rtb-` and 8 or 17 lowercase hex digits)"),
        "{e}"
    );
    let d = copy("healthy-fully-private", tmp.path());
    edit(&d, "vpc-endpoints.json", |v| {
        v["VpcEndpoints"][0]["Groups"][0]["GroupId"] = "sg-12345678 --profile prod".into();
    });
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("vpc-endpoints.json: VpcEndpoints[0].Groups[0].GroupId: `sg-12345678 --profile prod` is not"),
        "{e}"
    );
}

/// An endpoint's service name names it in the report and in the fixes
/// (an interface endpoint's security group is "the ec2 endpoint's"): one
/// that AWS would not write, with a line break and a command, is refused.
#[test]
fn endpoint_service_names_without_aws_syntax_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("ecr-endpoint-missing", tmp.path());
    edit(&d, "vpc-endpoints.json", |v| {
        v["VpcEndpoints"][0]["ServiceName"] = "com.amazonaws.us-west-2.a\ncurl x | sh\n#".into();
    });
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("vpc-endpoints.json: VpcEndpoints[0].ServiceName: `com.amazonaws.us-west-2.a\\u{a}curl x | sh\\u{a}#` is not a VPC endpoint service name"),
        "{e}"
    );
}

/// VPC Lattice's endpoints (types `Resource` and `ServiceNetwork`) have no
/// service name: the doctor leaves them out and reads the rest.
#[test]
fn endpoints_without_a_service_name_are_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("healthy-fully-private", tmp.path());
    let (_, before) = doctor_text(&d);
    edit(&d, "vpc-endpoints.json", |v| {
        let first = v["VpcEndpoints"][0].clone();
        for (kind, arn) in [
            ("Resource", "ResourceConfigurationArn"),
            ("ServiceNetwork", "ServiceNetworkArn"),
        ] {
            let mut e = first.clone();
            let map = e.as_object_mut().unwrap();
            map.remove("ServiceName");
            map.insert("VpcEndpointType".into(), kind.into());
            map.insert(
                arn.into(),
                "arn:aws:vpc-lattice:us-west-2:123456789012:x/y".into(),
            );
            map.insert("VpcEndpointId".into(), "vpce-0fedcba9876543210".into());
            v["VpcEndpoints"].as_array_mut().unwrap().push(e);
        }
    });
    let (code, after) = doctor_text(&d);
    assert_eq!(code, 0, "{after}");
    assert_eq!(after, before);
}

/// A cluster name is free-form: in a command it is one shell word, quoted.
#[test]
fn a_hostile_cluster_name_is_quoted_in_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("public-cidrs-exclude-nat", tmp.path());
    let name = "demo'$(touch pwned)";
    edit(&d, "cluster.json", |v| v["cluster"]["name"] = name.into());
    let (code, text) = doctor_text(&d);
    assert_eq!(code, 1, "{text}");
    let quoted = r"'demo'\''$(touch pwned)'";
    let cmd = format!(
        "aws eks update-cluster-config --name {quoted} --resources-vpc-config endpointPrivateAccess=true"
    );
    assert!(text.contains(&cmd), "{text}");
    // The shell reads the word back as the name, running nothing.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf %s {quoted}"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), name);
    assert!(!tmp.path().join("pwned").exists());
    // JSON keeps the command as it is printed.
    let v = doctor_json(&d, "json");
    assert_eq!(v["cluster"], name);
    fn has(v: &serde_json::Value, s: &str) -> bool {
        match v {
            serde_json::Value::String(x) => x == s,
            serde_json::Value::Array(a) => a.iter().any(|x| has(x, s)),
            serde_json::Value::Object(o) => o.values().any(|x| has(x, s)),
            _ => false,
        }
    }
    assert!(has(&v["subnets"], &cmd), "{v}");
}

/// An ENIConfig's name is free-form (escaped on the terminal, one shell
/// word in a command); its subnet and security groups are IDs.
#[test]
fn eniconfigs_are_untrusted_input() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("pod-subnet-nearly-full", tmp.path());
    let name = "us-west-2b\u{1b}]0;pwned\u{7}'$(touch x)";
    edit(&d, "eniconfigs.json", |v| {
        v["items"][1]["metadata"]["name"] = name.into();
    });
    let (code, text) = doctor_text(&d);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.contains(
            r"kubectl patch eniconfig 'us-west-2b\u{1b}]0;pwned\u{7}'\''$(touch x)' --type merge"
        ),
        "{text}"
    );
    let d = copy("healthy-custom-networking", tmp.path());
    edit(&d, "eniconfigs.json", |v| {
        v["items"][0]["spec"]["securityGroups"][0] = "sg-1 --profile prod".into();
    });
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("eniconfigs.json: items[0].spec.securityGroups[0]: `sg-1 --profile prod` is not an AWS resource ID"),
        "{e}"
    );
    edit(&d, "eniconfigs.json", |v| v["items"] = "none".into());
    let e = stderr_of(&d, &[]);
    assert!(
        e.contains("eniconfigs.json: `items` should be a list"),
        "{e}"
    );
}

/// Pod subnets in JSON and SARIF: the topology's pod tier and where the
/// subnets came from; an ENIConfig finding points at eniconfigs.json.
#[test]
fn pod_subnets_in_json_and_sarif() {
    let case = fixture("eniconfig-missing-for-az");
    let v = doctor_json(&case, "json");
    assert_eq!(
        v["podSubnetsFrom"],
        "the ENIConfigs in eniconfigs.json (custom networking)"
    );
    assert_eq!(v["topology"]["podNetwork"]["mode"], "custom-networking");
    assert_eq!(v["topology"]["nodeGroup"]["maxPodsPerNode"], 20);
    let pods: Vec<&str> = v["topology"]["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["tier"] == "pod")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(pods, ["subnet-00000000000000055"]);
    let v = doctor_json(&case, "sarif");
    let uri_of = |code: &str| {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == code)
            .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone())
            .unwrap()
    };
    assert!(uri_of("E129")
        .as_str()
        .unwrap()
        .ends_with("/eniconfigs.json"));
    assert!(uri_of("E128").as_str().unwrap().ends_with("/subnets.json"));
}

/// An ENIConfig may name a node subnet: its zone's pods then have addresses
/// there, and the subnet stays a node subnet.
#[test]
fn an_eniconfig_naming_a_node_subnet_covers_its_zone() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("eniconfig-missing-for-az", tmp.path());
    edit(&d, "eniconfigs.json", |v| {
        v["items"][1]["spec"]["subnet"] = "subnet-00000000000000054".into();
    });
    let (code, text) = doctor_text(&d);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("E128") && !text.contains("E129"), "{text}");
    assert!(
        text.contains("subnet-00000000000000054 (us-west-2b, private, 10.0.192.0/18"),
        "{text}"
    );
}

/// Every doctor fixture that diagnoses (those whose input is refused do
/// not), with its report.
fn diagnosed_fixtures() -> Vec<(PathBuf, eksnet::doctor::Report)> {
    std::fs::read_dir(repo().join("tests/fixtures/doctor"))
        .unwrap()
        .filter_map(|e| {
            let dir = e.unwrap().path();
            let r = eksnet::doctor::diagnose(&dir, &eksnet::doctor::Options::default()).ok()?;
            Some((dir, r))
        })
        .collect()
}

/// The describe-* files of a VPC of `subnets` subnets, as
/// bench/doctor/large-vpc.py writes them, in `into`.
fn large_vpc(subnets: u32, into: &Path) -> PathBuf {
    let dir = into.join("vpc");
    let made = std::process::Command::new("python3")
        .arg(repo().join("bench/doctor/large-vpc.py"))
        .arg(subnets.to_string())
        .arg(&dir)
        .status()
        .expect("python3 runs");
    assert!(made.success());
    dir
}

/// The JSON report is written piece by piece, yet reads as the whole
/// report made one `serde_json::Value` would (keys sorted, `cluster` null
/// when there is none, `podSubnetsFrom` only when there are pod subnets,
/// `endpointsToCreate` only when a fix creates one),
/// for every fixture.
#[test]
fn the_json_report_is_the_report_as_one_value() {
    let mut cases = 0;
    for (dir, r) in diagnosed_fixtures() {
        let mut whole = serde_json::json!({
            "vpc": r.vpc,
            "region": r.region,
            "cluster": r.cluster,
            "nodeSubnetsFrom": r.node_subnets_from,
            "allNodeSubnetsCanJoin": r.all_can_join(),
            "subnets": r.subnets,
            "diagnostics": r.diagnostics,
            "topology": r.topology,
        });
        if let Some(from) = &r.pod_subnets_from {
            whole["podSubnetsFrom"] = from.as_str().into();
        }
        if !r.endpoints_to_create.is_empty() {
            whole["endpointsToCreate"] = serde_json::to_value(&r.endpoints_to_create).unwrap();
        }
        let whole = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        let streamed = eksnet::doctor::report::json(&r);
        assert!(
            streamed == whole,
            "{}: the JSON reports differ",
            dir.display()
        );
        cases += 1;
    }
    assert!(cases >= 30, "{cases} fixtures diagnosed");
}

/// A large VPC's work is split over threads (import, paths, verdicts,
/// checks, fixes, text): one thread and several make the same reports,
/// byte for byte. 3,000 subnets are enough to split every step.
#[test]
fn a_large_vpc_reports_the_same_on_one_thread_and_on_several() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = large_vpc(3000, tmp.path());
    let reports = |threads: usize| {
        eksnet::par::set_threads(threads);
        let r = eksnet::doctor::diagnose(&dir, &eksnet::doctor::Options::default()).unwrap();
        eksnet::par::set_threads(0);
        (
            eksnet::doctor::report::text(&r),
            eksnet::doctor::report::json(&r),
            r.subnets.len(),
        )
    };
    let (text, json, subnets) = reports(1);
    assert!(subnets > 2_900, "{subnets} node subnets");
    for threads in [2, 3] {
        let (t, j, _) = reports(threads);
        assert!(t == text, "the text report differs on {threads} threads");
        assert!(j == json, "the JSON report differs on {threads} threads");
    }
}

/// Creating a VPC endpoint is one command for the whole VPC: the reports
/// say it once, however many subnets it repairs, for each service a broken
/// path lacks ("no s3 endpoint") and for no other.
#[test]
fn each_endpoint_to_create_is_said_once() {
    let mut said = 0;
    for (dir, r) in diagnosed_fixtures() {
        let text = eksnet::doctor::report::text(&r);
        let lacking: std::collections::BTreeSet<&str> = text
            .lines()
            .filter(|l| l.contains(" NO "))
            .flat_map(|l| l.split("no ").skip(1))
            .filter_map(|rest| rest.split_once(" endpoint").map(|(svc, _)| svc))
            .filter(|svc| !svc.contains(' '))
            .collect();
        let listed: Vec<&str> = r
            .endpoints_to_create
            .iter()
            .map(|e| e.service.as_str())
            .collect();
        let lacking: Vec<&str> = lacking.into_iter().collect();
        assert_eq!(lacking, listed, "{}:\n{text}", dir.display());
        let json = eksnet::doctor::report::json(&r);
        for report in [&text, &json] {
            assert_eq!(
                report.matches("create-vpc-endpoint").count(),
                listed.len(),
                "{}:\n{report}",
                dir.display()
            );
        }
        said += listed.len();
    }
    assert!(said >= 10, "{said} endpoints to create in all fixtures");
}

/// SARIF and Code Quality are read finding by finding, each with its path's
/// first fix: there each endpoint that a first fix creates is one N131
/// finding on `endpoint SERVICE` at vpc-endpoints.json, whose fix is its
/// command (and a shell comment), in report order with the other findings; its
/// command is in no other finding, and an endpoint only an alternative
/// fix creates is not there.
#[test]
fn each_endpoint_a_first_fix_creates_is_a_finding_in_sarif_and_code_quality() {
    let mut found = 0;
    for (dir, r) in diagnosed_fixtures() {
        let expected = eksnet::doctor::endpoint_findings(&r).0;
        let first: Vec<&str> = r
            .endpoints_to_create
            .iter()
            .filter(|e| e.in_first_fix)
            .map(|e| e.command.as_str())
            .collect();
        // The command, then at most a shell comment (why the security group).
        let commands: Vec<&str> = expected
            .iter()
            .map(|d| d.fix.lines().next().unwrap())
            .collect();
        assert_eq!(commands, first, "{}", dir.display());
        for d in &expected {
            assert!(
                d.fix.lines().skip(1).all(|l| l.starts_with("# ")),
                "{}",
                d.fix
            );
            assert!(d.fix.lines().count() <= 2, "{}", d.fix);
        }
        let sarif = doctor_json(&dir, "sarif");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let notes: Vec<&serde_json::Value> =
            results.iter().filter(|f| f["ruleId"] == "N131").collect();
        assert_eq!(notes.len(), expected.len(), "{}", dir.display());
        for (f, d) in notes.iter().zip(expected.iter()) {
            assert_eq!(f["level"], "note");
            assert_eq!(
                f["message"]["text"],
                format!("{}\nFix: {}", d.message, d.fix)
            );
            let at = &f["locations"][0];
            assert_eq!(
                at["logicalLocations"][0]["fullyQualifiedName"],
                *d.place.resource.as_ref().unwrap()
            );
            let uri = at["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(uri.ends_with("/vpc-endpoints.json"), "{uri}");
        }
        // Report order: errors, warnings, notes, each by code.
        let rank = |f: &serde_json::Value| {
            let level = ["error", "warning", "note"]
                .iter()
                .position(|l| f["level"] == *l);
            (level, f["ruleId"].as_str().unwrap().to_string())
        };
        assert!(
            results.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
            "{}",
            dir.display()
        );
        let quality = doctor_json(&dir, "codequality");
        let issues = quality.as_array().unwrap();
        let notes: Vec<&serde_json::Value> = issues
            .iter()
            .filter(|f| f["check_name"] == "N131")
            .collect();
        assert_eq!(notes.len(), expected.len(), "{}", dir.display());
        for (f, d) in notes.iter().zip(expected.iter()) {
            assert_eq!(f["description"], format!("{} (fix: {})", d.message, d.fix));
            assert_eq!(f["severity"], "info");
        }
        for e in &r.endpoints_to_create {
            let texts = results
                .iter()
                .map(|f| (&f["ruleId"], f["message"]["text"].as_str().unwrap()));
            let with: Vec<_> = texts
                .filter(|(_, t)| t.contains(&e.command))
                .map(|(rule, _)| rule)
                .collect();
            let times = usize::from(e.in_first_fix);
            assert_eq!(with.len(), times, "{}: {}", dir.display(), e.service);
            assert!(with.iter().all(|rule| **rule == "N131"));
        }
        found += expected.len();
    }
    assert!(found >= 3, "{found} endpoint findings in all fixtures");
}

/// A private VPC without its S3 gateway endpoint either: the first fix of
/// the nodes' image path creates both, and in SARIF the s3 finding's fix
/// is the gateway endpoint's command on both node route tables, without
/// a security-group comment (a gateway endpoint has no security group).
#[test]
fn a_missing_s3_gateway_endpoint_is_a_sarif_finding_with_its_route_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let d = copy("ecr-endpoint-missing", tmp.path());
    edit(&d, "vpc-endpoints.json", |v| {
        let all = v["VpcEndpoints"].as_array_mut().unwrap();
        all.retain(|e| e["VpcEndpointType"] != "Gateway");
    });
    let sarif = doctor_json(&d, "sarif");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let on = |r: &serde_json::Value| {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let notes: Vec<String> = results
        .iter()
        .filter(|r| r["ruleId"] == "N131")
        .map(on)
        .collect();
    assert_eq!(notes, ["endpoint ecr.dkr", "endpoint s3"]);
    let s3 = results.iter().find(|r| on(r) == "endpoint s3").unwrap();
    let text = s3["message"]["text"].as_str().unwrap();
    let (_, fix) = text.split_once("\nFix: ").unwrap();
    assert_eq!(
        fix,
        "aws ec2 create-vpc-endpoint --vpc-id vpc-000000000000000a1 --service-name com.amazonaws.us-west-2.s3 --vpc-endpoint-type Gateway --route-table-ids rtb-00000000000000072 rtb-00000000000000073"
    );
}

/// The report of `eksnet doctor --output FORMAT DIR` (JSON, SARIF or Code
/// Quality), parsed.
fn doctor_json(dir: &Path, format: &str) -> serde_json::Value {
    let out = eksnet()
        .args(["doctor", "--output", format])
        .arg(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A large VPC with neither NAT gateways nor VPC endpoints: every node
/// subnet is broken, and the gateway endpoint's command, which names each
/// of its 60 node route tables, is said once in the text and JSON reports.
/// SARIF shows each path's first fix only, here a NAT gateway: there the
/// endpoint, an alternative, is not said at all.
#[test]
fn a_large_broken_vpc_names_its_route_tables_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = large_vpc(3000, tmp.path());
    std::fs::write(dir.join("nat-gateways.json"), r#"{"NatGateways": []}"#).unwrap();
    std::fs::write(dir.join("vpc-endpoints.json"), r#"{"VpcEndpoints": []}"#).unwrap();
    for format in ["text", "json", "sarif"] {
        let out = eksnet()
            .args(["doctor", "--output", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let report = String::from_utf8(out.stdout).unwrap();
        assert!(report.contains("CANNOT join") || format != "text");
        let once = usize::from(format != "sarif");
        assert_eq!(
            report.matches("--route-table-ids").count(),
            once,
            "{format}"
        );
        if format == "sarif" {
            assert!(report.contains("create-nat-gateway"));
            continue;
        }
        let (_, tables) = report.split_once("--route-table-ids ").unwrap();
        let tables = tables.split(['\n', '"']).next().unwrap();
        assert_eq!(tables.split(' ').count(), 60, "{format}: {tables}");
    }
}

/// In China no source confirms eks-auth's endpoint service name, so no
/// `create-vpc-endpoint` can be written for it; the fix lists the region's
/// names ending in it instead of saying nothing.
#[test]
fn an_endpoint_name_unconfirmed_in_china_is_looked_up() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy("addon-endpoints-missing", tmp.path());
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("us-west-2", "cn-north-1")
            .replace("arn:aws:", "arn:aws-cn:");
        std::fs::write(&path, text).unwrap();
    }
    let (code, text) = doctor_text(&dir);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("in cn-north-1"), "{text}");
    let lookup = "aws ec2 describe-vpc-endpoint-services --query \"ServiceNames[?ends_with(@, '.eks-auth')]\" --output text";
    // Once per node subnet's STS + eks-auth path, and once per finding.
    assert_eq!(text.matches(lookup).count(), 4, "{text}");
    assert!(!text.contains(".eks-auth --vpc-endpoint-type"), "{text}");
    // logs has a confirmed name there: it is created as anywhere else.
    assert!(
        text.contains("--service-name com.amazonaws.cn-north-1.logs"),
        "{text}"
    );
}
