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

/// Which address families a destination answers on, as nodes and pods
/// reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Families {
    /// IPv4 only: no AAAA record, so IPv6 never leads there.
    Ipv4Only,
    /// IPv4 and IPv6.
    DualStack,
}

/// The API endpoint of an IPv6 cluster, public and private: dual-stack
/// (EKS user guide "Cluster API server endpoint", IPv6 cluster endpoint
/// format: every IPv6 cluster created since October 2024). eksnet creates
/// clusters now, and doctor judges a cluster of the ipv6 family the same.
pub const IPV6_CLUSTER_ENDPOINT: Families = Families::DualStack;

/// The families a service's default name answers on: the name AWS SDKs,
/// the kubelet and containerd use unless told to use a dual-stack one.
/// Services not listed are taken as IPv4 only (their default regional
/// names are), so IPv6 is never claimed without a source.
///
/// Sources, read 2026-12: AWS SDKs and Tools reference guide "Dual-stack and
/// FIPS endpoints" (dual-stack names only when asked for); Amazon ECR user
/// guide "Making requests to Amazon ECR registries" (IPv4 names by default,
/// dual-stack `ecr.<region>.api.aws` and `<registry>.dkr-ecr.<region>.on.aws`
/// on request, and no PrivateLink over dual-stack); Amazon S3 user guide
/// "Using Amazon S3 dual-stack endpoints" (`s3.dualstack.<region>.amazonaws.com` on
/// request); the EKS Auth API's endpoint rules (its default endpoint is
/// `eks-auth.<region>.api.aws`, the dual-stack suffix, wherever the
/// partition has one); EKS user guide "Access Amazon EKS using AWS
/// PrivateLink" (`eks` endpoints created since August 2024 are dual-stack;
/// its default name is an IPv4 one).
#[rustfmt::skip]
const DEFAULT_NAME_FAMILIES: &[(&str, Families)] = &[
    ("ec2", Families::Ipv4Only),
    ("ecr.api", Families::Ipv4Only),
    ("ecr.dkr", Families::Ipv4Only),
    ("eks", Families::Ipv4Only),
    ("eks-auth", Families::DualStack),
    ("s3", Families::Ipv4Only),
    ("sts", Families::Ipv4Only),
];

/// The families a node or pod reaches `service` on: by its default name,
/// or through an interface endpoint eksnet creates. eksnet leaves an
/// endpoint's `IpAddressType` at its default, `ipv4` (AWS PrivateLink guide
/// "IP address types"), so its network interfaces and private DNS records
/// are IPv4 only, whatever the service supports (`describe-vpc-endpoint-services`
/// lists that as `SupportedIpAddressTypes`; Terraform's
/// `aws_vpc_endpoint_service` as `supported_ip_address_types`).
pub fn families(service: &str, through_endpoint: bool) -> Families {
    if through_endpoint {
        return Families::Ipv4Only;
    }
    DEFAULT_NAME_FAMILIES
        .iter()
        .find(|(k, _)| *k == service)
        .map_or(Families::Ipv4Only, |(_, f)| *f)
}

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
    fn only_dual_stack_names_answer_ipv6() {
        assert_eq!(families("eks-auth", false), Families::DualStack);
        assert_eq!(families("eks-auth", true), Families::Ipv4Only);
        for k in ["ecr.api", "ecr.dkr", "s3", "sts", "ec2", "logs"] {
            assert_eq!(families(k, false), Families::Ipv4Only, "{k}");
        }
        assert!(DEFAULT_NAME_FAMILIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(DEFAULT_NAME_FAMILIES.iter().all(|(k, _)| find(k).is_some()));
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
