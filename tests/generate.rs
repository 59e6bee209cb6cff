//! `eksnet generate` through the real binary: what it writes, exit codes,
//! `--force`, `--check`, `--stdout`, `--network-only`, `--ids-from`, and
//! the write guarantees (identical rerun is a no-op, foreign files are never
//! touched, a failed write leaves the previous files intact).

use crate::support::eksnet;
use std::fs;
use std::path::Path;

const FILES: [&str; 12] = [
    "cloudformation/template.yaml",
    "terraform/versions.tf",
    "terraform/variables.tf",
    "terraform/main.tf",
    "terraform/outputs.tf",
    "terraform/moved.tf",
    "terraform/modules/eksnet/versions.tf",
    "terraform/modules/eksnet/variables.tf",
    "terraform/modules/eksnet/main.tf",
    "terraform/modules/eksnet/eks.tf",
    "terraform/modules/eksnet/outputs.tf",
    "eksctl/cluster.yaml",
];

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = eksnet().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with('.') {
            out.push(p.display().to_string());
        }
        if p.is_dir() {
            out.extend(leftovers(&p));
        }
    }
    out
}

#[test]
fn no_arguments_writes_every_format_and_a_rerun_is_a_no_op() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(tmp.path(), &["generate"]);
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("eksnet-out");
    for f in FILES {
        assert!(out.join(f).is_file(), "{f} missing; stderr:\n{err}");
        assert!(
            err.contains(&format!(
                "created {}",
                Path::new("eksnet-out").join(f).display()
            )),
            "{err}"
        );
    }
    let before: Vec<String> = FILES.iter().map(|f| read(&out.join(f))).collect();
    let (code, _, err) = run(tmp.path(), &["generate"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already up to date"), "{err}");
    let after: Vec<String> = FILES.iter().map(|f| read(&out.join(f))).collect();
    assert_eq!(before, after);
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );
}

#[test]
fn a_changed_file_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    let cfn = tmp.path().join("eksnet-out/cloudformation/template.yaml");
    let old = read(&cfn);
    let (code, _, err) = run(tmp.path(), &["generate", "--nat", "per-az"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--force") && err.contains("template.yaml"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(read(&cfn), old);
    let (code, _, err) = run(tmp.path(), &["generate", "--nat", "per-az", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("updated"), "{err}");
    assert!(read(&cfn).contains("NATGatewayUSWEST2C"));
}

#[test]
fn check_reports_drift_with_a_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(tmp.path(), &["generate", "--check"]);
    assert_eq!(code, 3, "nothing generated yet is drift: {err}");
    assert!(
        !tmp.path().join("eksnet-out").exists(),
        "--check writes nothing"
    );
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    let (code, _, err) = run(tmp.path(), &["generate", "--check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("up to date"), "{err}");
    let (code, out, err) = run(
        tmp.path(),
        // A new VPC CIDR replaces the subnets of the lock: said to go ahead.
        &[
            "generate",
            "--check",
            "--replace-subnets",
            "--vpc-cidr",
            "10.0.0.0/16",
        ],
    );
    assert_eq!(code, 3, "{err}");
    assert!(
        out.contains("--- a/eksnet-out/cloudformation/template.yaml"),
        "{out}"
    );
    assert!(
        out.contains("+++ b/eksnet-out/cloudformation/template.yaml"),
        "{out}"
    );
    assert!(
        out.contains("-      CidrBlock: \"192.168.0.0/16\""),
        "{out}"
    );
    assert!(out.contains("+      CidrBlock: \"10.0.0.0/16\""), "{out}");
    assert!(err.contains("differ"), "{err}");
    fs::remove_file(tmp.path().join("eksnet-out/terraform/outputs.tf")).unwrap();
    let (code, out, _) = run(tmp.path(), &["generate", "--check"]);
    assert_eq!(code, 3);
    assert!(out.contains("--- /dev/null"), "{out}");
}

#[test]
fn foreign_files_are_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    let out = tmp.path().join("eksnet-out");
    fs::write(out.join("notes.txt"), "mine").unwrap();
    fs::write(out.join("terraform/backend.tf"), "# mine").unwrap();
    let (code, _, err) = run(
        tmp.path(),
        &[
            "generate",
            "--force",
            "--network-only",
            "--format",
            "terraform",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&out.join("notes.txt")), "mine");
    assert_eq!(read(&out.join("terraform/backend.tf")), "# mine");
    // The eksctl file of the earlier run is not deleted either, nor its
    // eks.tf, which --network-only does not write (a note says so).
    assert!(out.join("eksctl/cluster.yaml").is_file());
    assert!(read(&out.join("terraform/modules/eksnet/eks.tf")).contains("aws_eks_cluster"));
    assert!(err.contains("writes no terraform/variables.tf"), "{err}");
}

/// An output directory from before the Terraform module: its root eks.tf
/// would be read with the new root, so a note says to delete it; eksnet
/// leaves it (it never deletes a file).
#[test]
fn a_root_eks_tf_of_an_earlier_eksnet_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    let legacy = tmp.path().join("eksnet-out/terraform/eks.tf");
    fs::write(&legacy, "resource \"aws_eks_cluster\" \"this\" {}\n").unwrap();
    let (code, _, err) = run(tmp.path(), &["generate", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "terraform: delete eksnet-out/terraform/eks.tf, which an earlier eksnet wrote"
        ),
        "{err}"
    );
    assert!(legacy.is_file());
    let (_, _, err) = run(tmp.path(), &["generate", "--force", "--format", "eksctl"]);
    assert!(!err.contains("eks.tf"), "{err}");
}

#[test]
fn stdout_prints_one_file_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, text, err) = run(
        tmp.path(),
        &["generate", "--format", "cloudformation", "--stdout"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("# Generated by eksnet"), "{text}");
    assert!(text.contains("AWS::EKS::Cluster"));
    assert!(!tmp.path().join("eksnet-out").exists());
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    assert_eq!(
        read(&tmp.path().join("eksnet-out/cloudformation/template.yaml")),
        text
    );
    let (code, text, _) = run(tmp.path(), &["generate", "--format", "eksctl", "--stdout"]);
    assert_eq!(code, 0);
    assert!(text.contains("kind: ClusterConfig"));
    for f in ["terraform", "all"] {
        let (code, _, err) = run(tmp.path(), &["generate", "--format", f, "--stdout"]);
        assert_eq!(code, 2, "{f}: {err}");
        assert!(err.contains("single file"), "{err}");
    }
}

#[test]
fn network_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        tmp.path(),
        &["generate", "--network-only", "--format", "eksctl"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eksctl always creates a cluster"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    let (code, _, err) = run(tmp.path(), &["generate", "--network-only"]);
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("eksnet-out");
    assert!(!out.join("eksctl").exists());
    let cfn = read(&out.join("cloudformation/template.yaml"));
    assert!(!cfn.contains("AWS::EKS::"), "{cfn}");
    assert!(cfn.contains("AWS::EC2::VPC"));
}

#[test]
fn an_invalid_spec_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(tmp.path(), &["generate", "--vpc-cidr", "10.0.0.0/8"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was generated"), "{err}");
    assert!(!tmp.path().join("eksnet-out").exists());
}

/// Fault injection: the eksctl directory's place is taken by a regular
/// file, so its file cannot be written (this holds even as root). The
/// CloudFormation file, which would change too, must stay as it was.
#[test]
fn a_failed_write_leaves_the_previous_files_intact() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["generate"]).0, 0);
    let out = tmp.path().join("eksnet-out");
    let cfn_before = read(&out.join("cloudformation/template.yaml"));
    let tf_before = read(&out.join("terraform/main.tf"));
    fs::remove_dir_all(out.join("eksctl")).unwrap();
    fs::write(out.join("eksctl"), "a file where a directory should be").unwrap();
    let (code, _, err) = run(
        tmp.path(),
        &[
            "generate",
            "--force",
            "--replace-subnets",
            "--vpc-cidr",
            "10.8.0.0/16",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot write") && err.contains("left as they were"),
        "{err}"
    );
    assert_eq!(read(&out.join("cloudformation/template.yaml")), cfn_before);
    assert_eq!(read(&out.join("terraform/main.tf")), tf_before);
    assert!(
        leftovers(tmp.path()).is_empty(),
        "{:?}",
        leftovers(tmp.path())
    );

    // The eksctl directory is a dangling symlink: its file reads as missing,
    // so the CloudFormation and Terraform files are staged first and the
    // failure comes only when the eksctl file is staged. None is renamed.
    #[cfg(unix)]
    {
        fs::remove_file(out.join("eksctl")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("nowhere/at/all"), out.join("eksctl")).unwrap();
        let (code, _, err) = run(
            tmp.path(),
            &[
                "generate",
                "--force",
                "--replace-subnets",
                "--vpc-cidr",
                "10.8.0.0/16",
            ],
        );
        assert_eq!(code, 2, "{err}");
        assert_eq!(read(&out.join("cloudformation/template.yaml")), cfn_before);
        assert_eq!(read(&out.join("terraform/main.tf")), tf_before);
        assert!(
            leftovers(tmp.path()).is_empty(),
            "{:?}",
            leftovers(tmp.path())
        );
        fs::remove_file(out.join("eksctl")).unwrap();
        fs::write(out.join("eksctl"), "a file where a directory should be").unwrap();
    }

    // A new output directory that cannot be created: nothing appears.
    let (code, _, err) = run(tmp.path(), &["generate", "--out", "eksnet-out/eksctl/sub"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.join("eksctl").is_file());
}

#[test]
fn ids_from_fills_the_eksctl_config() {
    let tmp = tempfile::tempdir().unwrap();
    let stack = r#"{"Stacks":[{"StackName":"net","Outputs":[
        {"OutputKey":"VpcId","OutputValue":"vpc-0123abcd"},
        {"OutputKey":"PrivateSubnetIds","OutputValue":"subnet-0000000a,subnet-0000000b,subnet-0000000c"}]}]}"#;
    fs::write(tmp.path().join("stack.json"), stack).unwrap();
    let args = [
        "generate",
        "--architecture",
        "fully-private",
        // eksctl cannot create pod-identity's eks-auth endpoint: it uses the
        // VPC the CloudFormation stack built.
        "--addons",
        "pod-identity",
        "--format",
        "eksctl",
        "--stdout",
    ];
    let (code, text, err) = run(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("<VpcId>"), "{text}");
    assert!(
        err.contains("--ids-from"),
        "stderr says how to fill the placeholders: {err}"
    );
    let mut with_ids = args.to_vec();
    with_ids.extend(["--ids-from", "stack.json"]);
    let (code, text, err) = run(tmp.path(), &with_ids);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("id: \"vpc-0123abcd\"") && text.contains("id: \"subnet-0000000c\""),
        "{text}"
    );
    assert!(!text.contains('<'), "{text}");
    // IDs for another plan are refused.
    fs::write(
        tmp.path().join("stack.json"),
        stack.replace("subnet-0000000a,", ""),
    )
    .unwrap();
    let (code, _, err) = run(tmp.path(), &with_ids);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("2 private subnet ID(s)"), "{err}");
    // Values that are no IDs (they would land in the eksctl config) are refused.
    fs::write(
        tmp.path().join("stack.json"),
        stack.replace("vpc-0123abcd", "vpc-XYZ"),
    )
    .unwrap();
    let (code, _, err) = run(tmp.path(), &with_ids);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("stack.json: VPC ID `vpc-XYZ` is not a VPC ID"),
        "{err}"
    );
}

#[test]
fn stale_temporary_files_of_a_killed_run_are_swept() {
    let tmp = tempfile::tempdir().unwrap();
    eksnet()
        .current_dir(tmp.path())
        .arg("generate")
        .assert()
        .code(0);
    let dir = tmp.path().join("eksnet-out/terraform");
    let old = dir.join(".eksnet-AbC123.tmp");
    let fresh = dir.join(".eksnet-XyZ789.tmp");
    let foreign = dir.join("notes.tmp");
    for p in [&old, &fresh, &foreign] {
        std::fs::write(p, "partial").unwrap();
    }
    for p in [&old, &foreign] {
        let status = std::process::Command::new("touch")
            .args(["-d", "2 hours ago"])
            .arg(p)
            .status()
            .unwrap();
        assert!(status.success());
    }
    eksnet()
        .current_dir(tmp.path())
        .arg("generate")
        .assert()
        .code(0);
    assert!(
        !old.exists(),
        "a stale temporary file of eksnet's is removed"
    );
    assert!(fresh.exists(), "a young one may belong to a run going on");
    assert!(
        foreign.exists(),
        "files eksnet did not write are never touched"
    );
}

#[test]
fn a_template_too_large_to_deploy_inline_gets_the_command_that_deploys_it() {
    let tmp = tempfile::tempdir().unwrap();
    let tags: Vec<String> = (1..=20)
        .map(|i| format!("t{i:02}: {}", "a".repeat(40)))
        .collect();
    let spec = format!(
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: big\nregion: us-east-1\n\
         vpc: {{ cidr: 10.0.0.0/16, availabilityZones: [use1-az1, use1-az2, use1-az4, use1-az5, use1-az6], nat: per-az }}\n\
         privateLink: [logs, ssm, ssmmessages, ec2messages, kms, elasticloadbalancing, autoscaling]\n\
         tags: {{ {} }}\n",
        tags.join(", ")
    );
    fs::write(tmp.path().join("eksnet.yaml"), spec).unwrap();
    let (code, _, err) = run(tmp.path(), &["generate", "--format", "cloudformation"]);
    assert_eq!(code, 0, "{err}");
    let size = fs::metadata(tmp.path().join("eksnet-out/cloudformation/template.yaml"))
        .unwrap()
        .len();
    assert!(size > 51_200, "{size}");
    assert!(
        err.contains(&format!("template.yaml is {size} bytes, over the 51200"))
            && err.contains("deploy it with `aws cloudformation deploy --template-file cloudformation/template.yaml --stack-name big --capabilities CAPABILITY_IAM --region us-east-1 --s3-bucket BUCKET`"),
        "{err}"
    );
    // The built-in spec's template is small: no such note.
    let small = tempfile::tempdir().unwrap();
    let (code, _, err) = run(small.path(), &["generate", "--format", "cloudformation"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("takes inline"), "{err}");
}
