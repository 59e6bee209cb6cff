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
    /// The Terraform output (values as a list); None where Terraform has no
    /// such output.
    pub terraform: Option<&'static str>,
}

/// The VPC's ID.
pub const VPC_ID: Output = Output {
    cloudformation: "VpcId",
    terraform: Some("vpc_id"),
};
/// Every subnet's ID.
pub const SUBNET_IDS: Output = Output {
    cloudformation: "SubnetIds",
    terraform: None,
};
/// The public subnets' IDs, in the model's AZ order.
pub const PUBLIC_SUBNET_IDS: Output = Output {
    cloudformation: "PublicSubnetIds",
    terraform: Some("public_subnets"),
};
/// The private subnets' IDs, in the model's AZ order.
pub const PRIVATE_SUBNET_IDS: Output = Output {
    cloudformation: "PrivateSubnetIds",
    terraform: Some("private_subnets"),
};
/// The NAT gateways' Elastic IP addresses, in the model's order.
pub const NAT_PUBLIC_IPS: Output = Output {
    cloudformation: "NatPublicIps",
    terraform: Some("nat_public_ips"),
};
/// The cluster security group EKS creates (only with a cluster).
pub const CLUSTER_SECURITY_GROUP: Output = Output {
    cloudformation: "SecurityGroups",
    terraform: Some("cluster_security_group_id"),
};
/// The EKS cluster's name (only with a cluster).
pub const CLUSTER_NAME: Output = Output {
    cloudformation: "ClusterName",
    terraform: Some("cluster_name"),
};

/// Every output, as the templates see them: `output.<key>`.
pub const ALL: &[(&str, Output)] = &[
    ("vpc_id", VPC_ID),
    ("subnet_ids", SUBNET_IDS),
    ("public_subnet_ids", PUBLIC_SUBNET_IDS),
    ("private_subnet_ids", PRIVATE_SUBNET_IDS),
    ("nat_public_ips", NAT_PUBLIC_IPS),
    ("cluster_security_group", CLUSTER_SECURITY_GROUP),
    ("cluster_name", CLUSTER_NAME),
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

    /// The built-in plan (a cluster behind NAT) has every output, and each
    /// format declares exactly the outputs named here.
    #[test]
    fn the_formats_declare_these_outputs() {
        let t = crate::topology::plan(&LoadedSpec::built_in().spec)
            .topology
            .unwrap();
        let opts = RenderOptions::default();
        let cfn = &render(&t, Format::CloudFormation, &opts).unwrap()[0].contents;
        let (_, cfn_outputs) = cfn.split_once("\nOutputs:\n").unwrap();
        let declared: BTreeSet<&str> = cfn_outputs
            .lines()
            .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
            .filter(|k| !k.starts_with(' '))
            .collect();
        let named: BTreeSet<&str> = ALL.iter().map(|(_, o)| o.cloudformation).collect();
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
