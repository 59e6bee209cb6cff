//! The EKS cluster as describe-cluster shows it, or EKS's defaults (noted as
//! assumed) when cluster.json was not collected.

use super::{bad, parse_cidr, Input, CLUSTER, SUBNETS};
use crate::diag::{Code, Diagnostic};
use crate::doctor::aws::{self, Result};
use crate::topology::{cidr, Cluster};
use ipnet::{Ipv4Net, Ipv6Net};
use std::path::Path;

/// Every subnet the cluster names must be a subnet of the VPC.
pub(super) fn check_subnets(
    input: &Input,
    vpc_id: &str,
    subnets_in: &[&aws::Subnet],
) -> Result<()> {
    let Some(c) = &input.cluster else {
        return Ok(());
    };
    for s in &c.resources_vpc_config.subnet_ids {
        if !subnets_in.iter().any(|x| &x.subnet_id == s) {
            return Err(bad(
                input.file(CLUSTER),
                format!("cluster.resourcesVpcConfig.subnetIds names {s}, which is not a subnet of {vpc_id} in {SUBNETS}"),
            ));
        }
    }
    Ok(())
}

/// The cluster; without cluster.json, EKS's default endpoint access on the
/// node subnets.
pub(super) fn cluster(
    input: &Input,
    vpc_cidr: Ipv4Net,
    node_subnets: &[String],
    notes: &mut Vec<Diagnostic>,
) -> Result<Cluster> {
    match &input.cluster {
        Some(c) => described(&input.file(CLUSTER), c, vpc_cidr),
        None => Ok(assumed(vpc_cidr, node_subnets, notes)),
    }
}

/// The cluster cluster.json describes.
fn described(file: &Path, c: &aws::Cluster, vpc_cidr: Ipv4Net) -> Result<Cluster> {
    let v = &c.resources_vpc_config;
    let mut cidrs = Vec::new();
    let mut cidrs6 = Vec::new();
    if v.endpoint_public_access {
        for s in &v.public_access_cidrs {
            // An IPv6 cluster's public endpoint admits IPv6 CIDRs too.
            if s.contains(':') {
                cidrs6.push(s.parse::<Ipv6Net>().map(|n| n.trunc()).map_err(|_| {
                    bad(
                        file.to_path_buf(),
                        format!(
                            "cluster.resourcesVpcConfig.publicAccessCidrs: `{s}` is not a CIDR"
                        ),
                    )
                })?);
                continue;
            }
            cidrs.push(parse_cidr(
                file,
                "cluster.resourcesVpcConfig.publicAccessCidrs",
                s,
            )?);
        }
        if cidrs.is_empty() && cidrs6.is_empty() {
            cidrs.push(cidr::ANY);
        }
    }
    let network = c.kubernetes_network_config.as_ref();
    let ipv6 = network.and_then(|k| k.ip_family.as_deref()) == Some("ipv6");
    let service = match network.and_then(|k| k.service_ipv4_cidr.as_deref()) {
        // An IPv6 cluster's services take IPv6 addresses.
        _ if ipv6 => None,
        Some(s) => Some(parse_cidr(
            file,
            "cluster.kubernetesNetworkConfig.serviceIpv4Cidr",
            s,
        )?),
        None => Some(cidr::default_service_cidr(&vpc_cidr)),
    };
    Ok(Cluster {
        name: c.name.clone(),
        endpoint_public_access: v.endpoint_public_access,
        endpoint_private_access: v.endpoint_private_access,
        public_access_cidrs: cidrs,
        public_access_ipv6_cidrs: cidrs6,
        allow_nat_addresses: false,
        service_ipv4_cidr: service,
        subnets: v.subnet_ids.clone(),
        logging: vec![],
        secrets_encryption: false,
        admin_principal_arns: vec![],
        creator_admin: true,
    })
}

/// A cluster with EKS's default endpoint access, as cluster.json was not
/// collected.
fn assumed(vpc_cidr: Ipv4Net, node_subnets: &[String], notes: &mut Vec<Diagnostic>) -> Cluster {
    notes.push(
        Diagnostic::new(
            Code::N083,
            format!("{CLUSTER} not collected: endpoint access assumed to be EKS's default (public, from 0.0.0.0/0; private off)"),
        )
        .on("cluster"),
    );
    Cluster {
        name: "CLUSTER-NAME".into(),
        endpoint_public_access: true,
        endpoint_private_access: false,
        public_access_cidrs: vec![cidr::ANY],
        public_access_ipv6_cidrs: vec![],
        allow_nat_addresses: false,
        service_ipv4_cidr: Some(cidr::default_service_cidr(&vpc_cidr)),
        subnets: node_subnets.to_vec(),
        logging: vec![],
        secrets_encryption: false,
        admin_principal_arns: vec![],
        creator_admin: true,
    }
}
