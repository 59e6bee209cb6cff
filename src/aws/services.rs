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
//! (autoscaling, eks, xray prefixed; kms, elasticloadbalancing not). No
//! public source names eks-auth's China service name: eksnet assumes the
//! plain prefix.

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
    /// In the `aws-cn` partition the service name starts `cn.com.amazonaws`.
    pub china_prefix: bool,
}

const fn s(
    key: &'static str,
    kind: EndpointKind,
    reason: &'static str,
    china_prefix: bool,
) -> Service {
    Service {
        key,
        kind,
        reason,
        china_prefix,
    }
}

use EndpointKind::{Gateway, Interface};

/// Sorted by key. Columns: key, endpoint type, why, China prefix.
#[rustfmt::skip]
pub const CATALOG: &[Service] = &[
    s("autoscaling", Interface, "Cluster Autoscaler resizes Auto Scaling groups", true),
    s("cloudformation", Interface, "eksctl and CloudFormation-driven tooling from inside the VPC", true),
    s("ec2", Interface, "the VPC CNI attaches ENIs and addresses; nodes describe themselves at boot", true),
    s("ec2messages", Interface, "AWS Systems Manager Session Manager (with ssm, ssmmessages)", false),
    s("ecr.api", Interface, "image pulls: ECR authentication and manifests", true),
    s("ecr.dkr", Interface, "image pulls: the Docker registry API of ECR", true),
    s("eks", Interface, "the EKS API (DescribeCluster during bootstrap, eksctl from inside the VPC)", true),
    s("eks-auth", Interface, "EKS Pod Identity: pods exchange their token for AWS credentials", false),
    s("elasticloadbalancing", Interface, "AWS Load Balancer Controller manages load balancers", false),
    s("kms", Interface, "KMS calls from the VPC (envelope encryption, encrypted volumes)", false),
    s("logs", Interface, "CloudWatch Logs agents (Fluent Bit, CloudWatch agent) ship logs", false),
    s("s3", Gateway, "image pulls: ECR keeps image layers in S3", false),
    s("ssm", Interface, "AWS Systems Manager (Session Manager, parameters)", false),
    s("ssmmessages", Interface, "AWS Systems Manager Session Manager channels", false),
    s("sts", Interface, "IAM roles for service accounts (AssumeRoleWithWebIdentity)", true),
    s("xray", Interface, "AWS X-Ray daemon sends traces", true),
];

/// What a VPC with no route out needs for nodes to join, pull images and
/// get pod credentials: EKS guide, private clusters (ec2, ecr.api, ecr.dkr,
/// s3, sts) plus eks-auth for EKS Pod Identity.
pub const REQUIRED_WITHOUT_EGRESS: &[&str] =
    &["ec2", "ecr.api", "ecr.dkr", "eks-auth", "s3", "sts"];

pub fn find(key: &str) -> Option<&'static Service> {
    CATALOG.iter().find(|s| s.key == key)
}

/// The full service name in a region: `com.amazonaws.us-west-2.ecr.api`, or
/// `cn.com.amazonaws.cn-north-1.ecr.api` for the services that take the prefix.
pub fn service_name(svc: &Service, region: &str, partition: &str) -> String {
    if partition == "aws-cn" && svc.china_prefix {
        format!("cn.com.amazonaws.{region}.{}", svc.key)
    } else {
        format!("com.amazonaws.{region}.{}", svc.key)
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
        assert_eq!(
            service_name(ecr, "cn-north-1", "aws-cn"),
            "cn.com.amazonaws.cn-north-1.ecr.dkr"
        );
        assert_eq!(
            service_name(s3, "cn-north-1", "aws-cn"),
            "com.amazonaws.cn-north-1.s3"
        );
        assert_eq!(
            service_name(ecr, "us-west-2", "aws"),
            "com.amazonaws.us-west-2.ecr.dkr"
        );
    }
}
