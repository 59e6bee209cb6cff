//! The PrivateLink catalog: services a cluster's nodes may need without an
//! internet path, with their endpoint type and why each is there.
//!
//! Sources: EKS user guide "Deploy private clusters with limited internet
//! access"; AWS PrivateLink "AWS services that integrate with AWS
//! PrivateLink". Read 2026.
//!
//! China: which services take the `cn.com.amazonaws` prefix follows eksctl's
//! endpoint table (ec2, ecr.api, ecr.dkr, sts, cloudformation; not s3, logs,
//! ssm*) and, for services eksctl does not cover, the AWS CDK's table
//! (autoscaling, eks, sqs, xray prefixed; kms, elasticloadbalancing not). No
//! public source names eks-auth's China service name, so eksnet never
//! guesses it: a plan that needs it in China is refused (E093).

use serde::Serialize;

/// How a service is reached privately: network interfaces in the subnets,
/// or routes in the route tables (S3). The topology re-exports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum EndpointKind {
    Interface,
    Gateway,
}

impl EndpointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointKind::Interface => "Interface",
            EndpointKind::Gateway => "Gateway",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Service {
    pub key: &'static str,
    pub kind: EndpointKind,
    /// Why nodes need it, in one line.
    pub reason: &'static str,
    /// Its service name in the `aws-cn` partition.
    pub china: China,
}

/// How a service is named in the `aws-cn` partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum China {
    /// `cn.com.amazonaws.<region>.<service>`
    Prefixed,
    /// `com.amazonaws.<region>.<service>`
    Plain,
    /// No source confirms either: never guessed.
    Unconfirmed,
}

const fn s(key: &'static str, kind: EndpointKind, reason: &'static str, china: China) -> Service {
    Service {
        key,
        kind,
        reason,
        china,
    }
}

use China::{Plain, Prefixed, Unconfirmed};
use EndpointKind::{Gateway, Interface};

/// Sorted by key. Columns: key, endpoint type, why, China prefix.
#[rustfmt::skip]
pub const CATALOG: &[Service] = &[
    s("autoscaling", Interface, "Cluster Autoscaler resizes Auto Scaling groups", Prefixed),
    s("cloudformation", Interface, "eksctl and CloudFormation-driven tooling from inside the VPC", Prefixed),
    s("ec2", Interface, "the VPC CNI attaches ENIs and addresses; nodes describe themselves at boot", Prefixed),
    s("ec2messages", Interface, "AWS Systems Manager Session Manager (with ssm, ssmmessages)", Plain),
    s("ecr.api", Interface, "image pulls: ECR authentication and manifests", Prefixed),
    s("ecr.dkr", Interface, "image pulls: the Docker registry API of ECR", Prefixed),
    s("eks", Interface, "the EKS API (Karpenter's cluster discovery; eksctl and other EKS API calls from inside the VPC)", Prefixed),
    s("eks-auth", Interface, "EKS Pod Identity: pods exchange their token for AWS credentials", Unconfirmed),
    s("elasticloadbalancing", Interface, "AWS Load Balancer Controller manages load balancers", Plain),
    s("kms", Interface, "KMS calls from the VPC (envelope encryption, encrypted volumes)", Plain),
    s("logs", Interface, "CloudWatch Logs agents (Fluent Bit, CloudWatch agent) ship logs", Plain),
    s("s3", Gateway, "image pulls: ECR keeps image layers in S3", Plain),
    s("sqs", Interface, "Karpenter reads its interruption queue", Prefixed),
    s("ssm", Interface, "AWS Systems Manager (Session Manager, parameters)", Plain),
    s("ssmmessages", Interface, "AWS Systems Manager Session Manager channels", Plain),
    s("sts", Interface, "IAM roles for service accounts (AssumeRoleWithWebIdentity)", Prefixed),
    s("xray", Interface, "AWS X-Ray daemon sends traces", Prefixed),
];

/// What a VPC with no route out needs for nodes to join, pull images and
/// get pod credentials through IRSA: the EKS guide's private-cluster set,
/// which is eksctl's too. eks-auth comes with the `pod-identity` add-on.
pub const REQUIRED_WITHOUT_EGRESS: &[&str] = &["ec2", "ecr.api", "ecr.dkr", "s3", "sts"];

pub fn find(key: &str) -> Option<&'static Service> {
    CATALOG.iter().find(|s| s.key == key)
}

/// The full service name in a region: `com.amazonaws.us-west-2.ecr.api`, or
/// `cn.com.amazonaws.cn-north-1.ecr.api` for the services that take the
/// prefix; `None` in China when no source confirms the name.
pub fn service_name(svc: &Service, region: &str, partition: &str) -> Option<String> {
    match (partition == "aws-cn", svc.china) {
        (true, Unconfirmed) => None,
        (true, Prefixed) => Some(format!("cn.com.amazonaws.{region}.{}", svc.key)),
        _ => Some(format!("com.amazonaws.{region}.{}", svc.key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_required_are_known() {
        assert!(CATALOG.windows(2).all(|w| w[0].key < w[1].key));
        for k in REQUIRED_WITHOUT_EGRESS {
            assert!(find(k).is_some(), "{k}");
        }
    }

    #[test]
    fn s3_is_a_gateway_endpoint() {
        assert_eq!(find("s3").unwrap().kind, EndpointKind::Gateway);
    }

    #[test]
    fn china_names_differ_by_service() {
        let ecr = find("ecr.dkr").unwrap();
        let s3 = find("s3").unwrap();
        let name = |s, r, p| service_name(s, r, p);
        assert_eq!(
            name(ecr, "cn-north-1", "aws-cn").as_deref(),
            Some("cn.com.amazonaws.cn-north-1.ecr.dkr")
        );
        assert_eq!(
            name(s3, "cn-north-1", "aws-cn").as_deref(),
            Some("com.amazonaws.cn-north-1.s3")
        );
        assert_eq!(
            name(ecr, "us-west-2", "aws").as_deref(),
            Some("com.amazonaws.us-west-2.ecr.dkr")
        );
        let eks_auth = find("eks-auth").unwrap();
        assert_eq!(name(eks_auth, "cn-north-1", "aws-cn"), None);
        assert!(name(eks_auth, "us-east-1", "aws").is_some());
    }
}
