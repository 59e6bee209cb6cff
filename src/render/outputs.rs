//! The outputs a generated network exposes, each named once: its
//! CloudFormation stack output and its Terraform output.
//!
//! The templates read the names from the `output` variable every render
//! gets (`{{ output.vpc_id.cloudformation }}`), `--ids-from` (`ids.rs`)
//! reads deployed networks by them, and the eksctl config's placeholders
//! (`<PublicSubnetIds[0]>`) name the CloudFormation output to copy from, so
//! the three cannot drift apart.

use serde::Serialize;

/// One output of the network, as each format names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Output {
    /// The CloudFormation stack output key (values comma-joined).
    pub cloudformation: &'static str,
    /// The Terraform output (values as a list, or a map keyed by AZ for a
    /// per-AZ output); None where Terraform has no such output.
    pub terraform: Option<&'static str>,
    /// One CloudFormation output per AZ, keyed `<cloudformation><AZ>` (the
    /// AZ's letters and digits, upper-cased) and exported as
    /// `<stack name>-<cloudformation>-<az>`: another stack imports one
    /// subnet, and a later AZ adds an export instead of changing one.
    pub per_az: bool,
}

/// The VPC's ID.
pub const VPC_ID: Output = Output {
    cloudformation: "VpcId",
    terraform: Some("vpc_id"),
    per_az: false,
};
/// Every subnet's ID.
pub const SUBNET_IDS: Output = Output {
    cloudformation: "SubnetIds",
    terraform: None,
    per_az: false,
};
/// The public subnets' IDs, in the model's AZ order.
pub const PUBLIC_SUBNET_IDS: Output = Output {
    cloudformation: "PublicSubnetIds",
    terraform: Some("public_subnets"),
    per_az: false,
};
/// The private subnets' IDs, in the model's AZ order.
pub const PRIVATE_SUBNET_IDS: Output = Output {
    cloudformation: "PrivateSubnetIds",
    terraform: Some("private_subnets"),
    per_az: false,
};
/// The pod subnets' IDs (`podNetwork`), in the model's AZ order: the
/// eksctl config's ENIConfigs name them.
pub const POD_SUBNET_IDS: Output = Output {
    cloudformation: "PodSubnetIds",
    terraform: Some("pod_subnets"),
    per_az: false,
};
/// The NAT gateways' Elastic IP addresses, in the model's order.
pub const NAT_PUBLIC_IPS: Output = Output {
    cloudformation: "NatPublicIps",
    terraform: Some("nat_public_ips"),
    per_az: false,
};
/// The cluster security group EKS creates (only with a cluster).
pub const CLUSTER_SECURITY_GROUP: Output = Output {
    cloudformation: "SecurityGroups",
    terraform: Some("cluster_security_group_id"),
    per_az: false,
};
/// The EKS cluster's name (only with a cluster).
pub const CLUSTER_NAME: Output = Output {
    cloudformation: "ClusterName",
    terraform: Some("cluster_name"),
    per_az: false,
};
/// The public subnets, one CloudFormation export each; in Terraform a map
/// from AZ to subnet ID.
pub const PUBLIC_SUBNETS_BY_AZ: Output = Output {
    cloudformation: "PublicSubnet",
    terraform: Some("public_subnets_by_az"),
    per_az: true,
};
/// The private subnets, one CloudFormation export each; in Terraform a map
/// from AZ to subnet ID.
pub const PRIVATE_SUBNETS_BY_AZ: Output = Output {
    cloudformation: "PrivateSubnet",
    terraform: Some("private_subnets_by_az"),
    per_az: true,
};
/// The private route tables' IDs, in the model's AZ order (Terraform: a map
/// from AZ to route table ID).
pub const PRIVATE_ROUTE_TABLE_IDS: Output = Output {
    cloudformation: "PrivateRouteTableIds",
    terraform: Some("private_route_table_ids"),
    per_az: false,
};
/// The cluster's ARN (only with a cluster).
pub const CLUSTER_ARN: Output = Output {
    cloudformation: "ClusterArn",
    terraform: Some("cluster_arn"),
    per_az: false,
};
/// The Kubernetes API server endpoint (only with a cluster).
pub const CLUSTER_ENDPOINT: Output = Output {
    cloudformation: "ClusterEndpoint",
    terraform: Some("cluster_endpoint"),
    per_az: false,
};
/// The cluster's certificate authority, base64-encoded as in a kubeconfig
/// (only with a cluster).
pub const CLUSTER_CERTIFICATE_AUTHORITY_DATA: Output = Output {
    cloudformation: "ClusterCertificateAuthorityData",
    terraform: Some("cluster_certificate_authority_data"),
    per_az: false,
};
/// The cluster's OpenID Connect issuer URL, for IAM roles for service
/// accounts (only with a cluster).
pub const CLUSTER_OIDC_ISSUER_URL: Output = Output {
    cloudformation: "ClusterOidcIssuerUrl",
    terraform: Some("cluster_oidc_issuer_url"),
    per_az: false,
};
/// The node group's IAM role (only with a cluster).
pub const NODE_ROLE_ARN: Output = Output {
    cloudformation: "NodeRoleArn",
    terraform: Some("node_role_arn"),
    per_az: false,
};
/// The KMS key that encrypts Kubernetes secrets (only with secrets
/// encryption); `--ids-from` puts it in eksctl's `secretsEncryption.keyARN`.
pub const SECRETS_KMS_KEY_ARN: Output = Output {
    cloudformation: "SecretsKmsKeyArn",
    terraform: Some("secrets_kms_key_arn"),
    per_az: false,
};

/// Every output, as the templates see them: `output.<key>`.
pub const ALL: &[(&str, Output)] = &[
    ("vpc_id", VPC_ID),
    ("subnet_ids", SUBNET_IDS),
    ("public_subnet_ids", PUBLIC_SUBNET_IDS),
    ("private_subnet_ids", PRIVATE_SUBNET_IDS),
    ("pod_subnet_ids", POD_SUBNET_IDS),
    ("nat_public_ips", NAT_PUBLIC_IPS),
    ("cluster_security_group", CLUSTER_SECURITY_GROUP),
    ("cluster_name", CLUSTER_NAME),
    ("public_subnets_by_az", PUBLIC_SUBNETS_BY_AZ),
    ("private_subnets_by_az", PRIVATE_SUBNETS_BY_AZ),
    ("private_route_table_ids", PRIVATE_ROUTE_TABLE_IDS),
    ("cluster_arn", CLUSTER_ARN),
    ("cluster_endpoint", CLUSTER_ENDPOINT),
    (
        "cluster_certificate_authority_data",
        CLUSTER_CERTIFICATE_AUTHORITY_DATA,
    ),
    ("cluster_oidc_issuer_url", CLUSTER_OIDC_ISSUER_URL),
    ("node_role_arn", NODE_ROLE_ARN),
    ("secrets_kms_key_arn", SECRETS_KMS_KEY_ARN),
];

/// The template variable that holds `ALL`.
pub(crate) const VARIABLE: &str = "output";

/// The Terraform name of an output Terraform has; a compile error for one
/// it lacks when used in a constant.
pub const fn terraform(o: Output) -> &'static str {
    match o.terraform {
        Some(name) => name,
        None => panic!("Terraform has no such output"),
    }
}

/// `ALL` as a template value.
pub(crate) fn value() -> std::collections::BTreeMap<&'static str, Output> {
    ALL.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{render, Format, RenderOptions};
    use crate::spec::LoadedSpec;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique() {
        let cfn: BTreeSet<_> = ALL.iter().map(|(_, o)| o.cloudformation).collect();
        let tf: BTreeSet<_> = ALL.iter().filter_map(|(_, o)| o.terraform).collect();
        let with_tf = ALL.iter().filter(|(_, o)| o.terraform.is_some()).count();
        assert_eq!((cfn.len(), tf.len()), (ALL.len(), with_tf));
    }

    /// The built-in plan (a cluster behind NAT) with secrets encryption
    /// and a pod network has every output, and each format declares exactly the outputs named
    /// here; a per-AZ output once per AZ in CloudFormation.
    #[test]
    fn the_formats_declare_these_outputs() {
        let mut spec = LoadedSpec::built_in().spec;
        spec.secrets_encryption = true;
        spec.pod_network = Some(crate::spec::PodNetworkSpec {
            secondary_cidr: Some("100.64.0.0/16".into()),
            ..Default::default()
        });
        let t = crate::topology::plan(&spec).topology.unwrap();
        let opts = RenderOptions::default();
        let cfn = &render(&t, Format::CloudFormation, &opts).unwrap()[0].contents;
        let (_, cfn_outputs) = cfn.split_once("\nOutputs:\n").unwrap();
        let declared: BTreeSet<String> = cfn_outputs
            .lines()
            .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
            .filter(|k| !k.starts_with(' '))
            .map(str::to_string)
            .collect();
        let azs: Vec<String> = t
            .availability_zones
            .iter()
            .map(|a| crate::render::upper_alnum(&a.name))
            .collect();
        let named: BTreeSet<String> = ALL
            .iter()
            .flat_map(|(_, o)| {
                if o.per_az {
                    azs.iter()
                        .map(|az| format!("{}{az}", o.cloudformation))
                        .collect()
                } else {
                    vec![o.cloudformation.to_string()]
                }
            })
            .collect();
        assert_eq!(declared, named);

        let tf = render(&t, Format::Terraform, &opts).unwrap();
        let declared: BTreeSet<&str> = tf
            .iter()
            .flat_map(|f| f.contents.lines())
            .filter_map(|l| l.strip_prefix("output \"")?.strip_suffix("\" {"))
            .collect();
        let named: BTreeSet<&str> = ALL.iter().filter_map(|(_, o)| o.terraform).collect();
        assert_eq!(declared, named);
    }
}
