//! `eksnet plan` and `eksnet validate` through the real binary.

use crate::snap;
use crate::support::eksnet;

const ARCHS: [&str; 4] = [
    "public-only",
    "public-private",
    "private-only",
    "fully-private",
];

fn stdout(args: &[&str]) -> String {
    let out = eksnet().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "eksnet {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn plan_with_no_arguments_prints_eksctls_six_slash_19s() {
    let tmp = tempfile::tempdir().unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .arg("plan")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for cidr in [
        "192.168.0.0/19",
        "192.168.32.0/19",
        "192.168.64.0/19",
        "192.168.96.0/19",
        "192.168.128.0/19",
        "192.168.160.0/19",
    ] {
        assert!(text.contains(cidr), "missing {cidr} in:\n{text}");
    }
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("using the built-in default spec"), "{err}");
}

#[test]
fn plan_text_and_json_of_each_architecture() {
    for arch in ARCHS {
        let text = stdout(&["plan", "--quiet", "--architecture", arch]);
        let json = stdout(&[
            "plan",
            "--quiet",
            "--architecture",
            arch,
            "--output",
            "json",
        ]);
        let value: serde_json::Value =
            serde_json::from_str(&json).expect("plan --output json is JSON");
        snap!(insta::assert_snapshot!(format!("plan_{arch}_text"), text));
        snap!(insta::assert_json_snapshot!(
            format!("plan_{arch}_json"),
            value
        ));
    }
}

/// The capacity planner's table with each pod network mode: custom
/// networking moves the pods' addresses to the pod subnets (max pods 20 for
/// m5.large), subnet discovery pools an AZ's two subnets (max pods 29),
/// prefix delegation takes whole /28s (110).
#[test]
fn plan_of_each_pod_network() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, pods) in [
        ("custom-networking", "{secondaryCidr: 100.64.0.0/16}"),
        (
            "subnet-discovery",
            "{secondaryCidr: 100.64.0.0/16, mode: subnet-discovery}",
        ),
        ("prefix-delegation", "{prefixDelegation: true}"),
    ] {
        let spec = tmp.path().join(format!("{name}.yaml"));
        std::fs::write(
            &spec,
            format!(
                "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: pods\nregion: us-west-2\n\
                 vpc: {{cidr: 10.0.0.0/20}}\n\
                 nodeGroup: {{instanceTypes: [m5.large], minSize: 1, desiredSize: 3, maxSize: 12}}\n\
                 podNetwork: {pods}\n"
            ),
        )
        .unwrap();
        let text = stdout(&["plan", "--quiet", "--spec", spec.to_str().unwrap()]);
        snap!(insta::assert_snapshot!(format!("plan_pods_{name}"), text));
    }
}

/// "What do I need": subnet sizes for a node count and pod density, and
/// whether a secondary CIDR must hold the pods; a malformed value is a
/// usage error.
#[test]
fn plan_size_for_says_what_a_cluster_needs() {
    let text = stdout(&["plan", "--quiet", "--size-for", "30:50"]);
    let sizing = &text[text.find("\nSizing for").expect("a sizing section")..];
    snap!(insta::assert_snapshot!("plan_size_for_30_50", sizing));
    let json = stdout(&[
        "plan",
        "--quiet",
        "--output",
        "json",
        "--size-for",
        "3000:100",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["sizing"]["fitsInVpc"], false);
    assert_eq!(v["sizing"]["secondaryPrefix"], 13);
    let out = eksnet()
        .args(["plan", "--size-for", "30x50"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not NODES:PODS"));
}

/// `--size-for` sizes IPv4 addresses: an IPv6 cluster's pods take IPv6
/// ones, so it is refused there (exit 2) rather than answered wrongly.
#[test]
fn plan_size_for_is_refused_for_an_ipv6_cluster() {
    let out = eksnet()
        .args(["plan", "--ip-family", "ipv6", "--size-for", "30:50"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: --size-for sizes IPv4 addresses for pods"),
        "{err}"
    );
}

#[test]
fn validate_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    // Valid with a warning (W033): 0, but 1 with --deny-warnings.
    eksnet()
        .current_dir(tmp.path())
        .arg("validate")
        .assert()
        .code(0);
    eksnet()
        .current_dir(tmp.path())
        .args(["validate", "--deny-warnings"])
        .assert()
        .code(1);
    // Invalid value: 1.
    eksnet()
        .current_dir(tmp.path())
        .args(["validate", "--vpc-cidr", "10.0.0.0/8"])
        .assert()
        .code(1);
    // Unreadable input: 2.
    eksnet()
        .current_dir(tmp.path())
        .args(["validate", "--spec", "missing.yaml"])
        .assert()
        .code(2);
    // Usage: 2.
    eksnet()
        .current_dir(tmp.path())
        .args(["validate", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn errors_name_the_flag_or_the_file_position() {
    let tmp = tempfile::tempdir().unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .args(["validate", "--vpc-cidr", "10.0.0.0/8"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error[E011]") && err.contains("flag --vpc-cidr"),
        "{err}"
    );

    let spec = tmp.path().join("eksnet.yaml");
    std::fs::write(&spec, "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: us-west-2\nvpc:\n  cidr: 10.0.0.0/16\n  availabilityZones: [us-west-2a, us-east-1b]\n").unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error[E005]") && err.contains("eksnet.yaml:7:35"),
        "{err}"
    );
}

#[test]
fn spec_precedence_flag_then_local_file_then_built_in() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("eksnet.yaml"),
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: local\nregion: eu-west-1\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("other.yaml"),
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: other\nregion: eu-west-1\n",
    )
    .unwrap();
    let local = eksnet()
        .current_dir(tmp.path())
        .arg("plan")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&local.stdout).starts_with("local "));
    assert!(String::from_utf8_lossy(&local.stderr).contains("using eksnet.yaml"));
    let other = eksnet()
        .current_dir(tmp.path())
        .args(["plan", "--spec", "other.yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&other.stdout).starts_with("other "));
}

#[test]
fn schema_is_pinned_and_rejects_unknown_keys() {
    let text = stdout(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    for key in ["apiVersion", "kind", "name", "region"] {
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(key)),
            "{key} required"
        );
    }
    snap!(insta::assert_snapshot!("schema", text));
}

#[test]
fn every_example_spec_is_valid() {
    for entry in std::fs::read_dir(crate::support::repo().join("examples")).unwrap() {
        let spec = entry.unwrap().path().join("eksnet.yaml");
        let out = eksnet()
            .args(["validate", "--deny-warnings", "--spec"])
            .arg(&spec)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            spec.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_unknown_key_is_reported_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("eksnet.yaml"),
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: a\nregoin: us-west-2\nregion: us-west-2\nvpc:\n  natt: single\ntagz: {a: b}\n",
    )
    .unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for (at, hint) in [
        ("eksnet.yaml:4:1", "`region`"),
        ("eksnet.yaml:7:3", "`nat`"),
        ("eksnet.yaml:8:1", "`tags`"),
    ] {
        assert!(
            err.contains(at) && err.contains(&format!("did you mean {hint}?")),
            "{at} {hint}:\n{err}"
        );
    }
    assert_eq!(err.matches("error[S003]").count(), 3, "{err}");
}

/// The built-in spec's zones are us-west-2's: another `--region` takes its
/// own default zones, and AZ IDs where EKS refuses one of the region's.
#[test]
fn the_built_in_spec_follows_the_region() {
    let zones = |args: &[&str]| {
        let out = eksnet()
            .args(["plan", "--output", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let azs = &v["topology"]["availabilityZones"];
        azs.as_array()
            .unwrap_or_else(|| panic!("no availabilityZones in {v}"))
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        zones(&["--region", "eu-west-1"]),
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    );
    assert_eq!(
        zones(&["--region", "us-east-1"]),
        ["use1-az1", "use1-az2", "use1-az4"]
    );
    assert_eq!(
        zones(&["--region", "eu-west-1", "--azs", "eu-west-1b,eu-west-1c"]),
        ["eu-west-1b", "eu-west-1c"]
    );
    assert_eq!(zones(&[]), ["us-west-2a", "us-west-2b", "us-west-2c"]);
}

/// The limits count what is deployed: NAT addresses added to the public
/// access list, eksnet's own `Name` tag; and names are only suspect where
/// they map per account (not in ca-central-1).
#[test]
fn deploy_limits_count_what_eksnet_adds() {
    let codes = |args: &[&str]| -> String {
        let out = eksnet()
            .args(["validate", "--output", "json"])
            .args(args)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let cidrs: Vec<String> = (0..39).map(|i| format!("52.{i}.0.0/16")).collect();
    let cidrs = cidrs.join(",");
    let base = ["--public-cidrs", &cidrs, "--endpoint-private", "false"];
    assert!(!codes(&base).contains("E037"), "39 CIDRs and one NAT fit");
    let per_az = [&base[..], &["--nat", "per-az"]].concat();
    assert!(
        codes(&per_az).contains("E037"),
        "39 CIDRs and three NAT addresses do not"
    );
    assert!(codes(&["--tag", "name=x"]).contains("E086"));
    let same_role = "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:role/admin";
    assert!(codes(&["--admin-principal-arns", same_role]).contains("E085"));
    let ca = codes(&[
        "--region",
        "ca-central-1",
        "--azs",
        "ca-central-1a,ca-central-1b,ca-central-1d",
    ]);
    assert!(!ca.contains("E009") && !ca.contains("W087"), "{ca}");
    assert!(codes(&["--region", "us-west-1", "--azs", "us-west-1a,us-west-1b"]).contains("W087"));
}

#[test]
fn an_unknown_or_core_add_on_is_named_with_its_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let head = "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: demo\nregion: us-west-2\n";
    for (addons, fix) in [
        ("[pod-identty]", "did you mean `pod-identity`?"),
        (
            "[ssm, coredns]",
            "remove `coredns`: the VPC CNI, kube-proxy and CoreDNS are always installed",
        ),
    ] {
        std::fs::write(
            tmp.path().join("eksnet.yaml"),
            format!("{head}addons: {addons}\n"),
        )
        .unwrap();
        let out = eksnet()
            .current_dir(tmp.path())
            .arg("validate")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{addons}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("error[S004]") && err.contains(fix), "{err}");
        assert!(err.contains("eksnet.yaml:5:"), "{err}");
    }
    // The flag takes the same names; Karpenter without a route out brings
    // its endpoints and its discovery tags.
    std::fs::remove_file(tmp.path().join("eksnet.yaml")).unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .args([
            "plan",
            "--architecture",
            "fully-private",
            "--addons",
            "karpenter",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "add-on karpenter",
        "com.amazonaws.us-west-2.sqs",
        "karpenter.sh/discovery=",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}
