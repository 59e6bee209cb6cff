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
    ("minimal-files", 0, &["note[N083]", "cluster.json not collected"]),
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
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{case}: {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
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

    let e = stderr_of(&tmp.path().join("no-such-dir"), &[]);
    assert!(e.contains("is not a directory"), "{e}");
}
