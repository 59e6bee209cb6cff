//! The collection directory: every describe-* file the doctor reads, parsed,
//! so a missing or malformed file is reported before anything is judged.

use super::ids;
use super::{
    ADDONS, CLUSTER, DHCP_OPTIONS, DNS_HOSTNAMES, DNS_SUPPORT, EGRESS_ONLY_GATEWAYS, ENICONFIGS,
    INTERNET_GATEWAYS, NAT_GATEWAYS, NETWORK_ACLS, NODEGROUP_PREFIX, ROUTE_TABLES, SECURITY_GROUPS,
    SUBNETS, VPCS, VPC_ENDPOINTS,
};
use crate::doctor::aws::{self, read_json, InputError, Result};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Every file of a collection directory, parsed.
#[derive(Debug, Clone)]
pub struct Input {
    pub dir: PathBuf,
    pub vpcs: Vec<aws::Vpc>,
    pub subnets: Vec<aws::Subnet>,
    pub route_tables: Vec<aws::RouteTable>,
    pub internet_gateways: Vec<aws::InternetGateway>,
    /// When collected: the egress-only internet gateways (IPv6 egress).
    pub egress_only_gateways: Option<Vec<aws::EgressOnlyInternetGateway>>,
    pub nat_gateways: Vec<aws::NatGateway>,
    pub endpoints: Vec<aws::VpcEndpoint>,
    pub security_groups: Vec<aws::SecurityGroup>,
    pub cluster: Option<aws::Cluster>,
    /// Each collected node group, with the file it was read from.
    pub nodegroups: Vec<(PathBuf, aws::Nodegroup)>,
    pub network_acls: Option<Vec<aws::NetworkAcl>>,
    pub dhcp_options: Option<Vec<aws::DhcpOptions>>,
    pub dns_support: Option<bool>,
    pub dns_hostnames: Option<bool>,
    /// The EKS managed add-ons `aws eks list-addons` names.
    pub addons: Option<Vec<String>>,
    /// When collected (kubectl): the cluster's ENIConfigs.
    pub eniconfigs: Option<Vec<aws::EniConfig>>,
}

fn optional(dir: &Path, name: &str) -> Result<Option<(PathBuf, serde_json::Value)>> {
    let p = dir.join(name);
    Ok(read_json(&p)?.map(|v| (p, v)))
}

/// The list under `key` of a file that must be there.
fn required_list<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    key: &str,
    id_field: &str,
) -> Result<Vec<T>> {
    let p = dir.join(name);
    aws::read_list(&p, key, id_field)?.ok_or_else(|| InputError {
        file: p,
        message: "not found (it is required; collect it with the script in docs/doctor.md)".into(),
    })
}

/// A list, and the check of its IDs.
type Checked<T> = (Vec<T>, Result<()>);

/// [`required_list`], its IDs checked by `ids` (the error is kept for later).
fn checked<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    key: &str,
    id_field: &str,
    ids: fn(&Path, &[T]) -> Result<()>,
) -> Result<Checked<T>> {
    required_list(dir, name, key, id_field).map(|l| checked_by(dir, name, l, ids))
}

fn checked_by<T>(
    dir: &Path,
    name: &str,
    list: Vec<T>,
    ids: fn(&Path, &[T]) -> Result<()>,
) -> Checked<T> {
    let c = ids(&dir.join(name), &list);
    (list, c)
}

/// The list under `key` of a file that may be missing.
fn optional_list<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    key: &str,
    id_field: &str,
) -> Result<Option<Vec<T>>> {
    aws::read_list(&dir.join(name), key, id_field)
}

/// The single object under `key` (or the whole document) of a file that may
/// be missing.
fn optional_object<T: DeserializeOwned>(dir: &Path, name: &str, key: &str) -> Result<Option<T>> {
    optional(dir, name)?
        .map(|(p, v)| aws::object(&p, &v, key))
        .transpose()
}

/// Every `nodegroup-<name>.json`, in file-name order.
fn nodegroups(dir: &Path) -> Result<Vec<(PathBuf, aws::Nodegroup)>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| InputError {
            file: dir.to_path_buf(),
            message: format!("cannot list: {e}"),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(NODEGROUP_PREFIX) && n.ends_with(".json"))
        })
        .collect();
    names.sort();
    let mut nodegroups = Vec::new();
    for p in names {
        if let Some(n) = aws::read_object(&p, "nodegroup")? {
            ids::nodegroup(&p, &n)?;
            nodegroups.push((p, n));
        }
    }
    Ok(nodegroups)
}

impl Input {
    /// Read every file; the first one missing or malformed is the error,
    /// then the first resource ID without AWS's syntax.
    pub fn load(dir: &Path) -> Result<Input> {
        if !dir.is_dir() {
            return Err(InputError {
                file: dir.to_path_buf(),
                message: "is not a directory".into(),
            });
        }
        // The three files a large VPC makes large (and the node groups,
        // which name its subnets) are parsed and their IDs checked on
        // threads of their own; the errors are still taken in the fields'
        // order below, then in [`ids::check`]'s, so which comes first is
        // fixed.
        let (subnets, (route_tables, (acls, nodegroups))) = crate::par::both(
            true,
            || checked(dir, SUBNETS, "Subnets", "SubnetId", ids::subnets),
            || {
                crate::par::both(
                    true,
                    || {
                        checked(
                            dir,
                            ROUTE_TABLES,
                            "RouteTables",
                            "RouteTableId",
                            ids::route_tables,
                        )
                    },
                    || {
                        let acls = optional_list(dir, NETWORK_ACLS, "NetworkAcls", "NetworkAclId")
                            .map(|l| {
                                l.map(|l| checked_by(dir, NETWORK_ACLS, l, ids::network_acls))
                            });
                        (acls, nodegroups(dir))
                    },
                )
            },
        );
        let vpcs = required_list(dir, VPCS, "Vpcs", "VpcId")?;
        let (subnets, subnet_ids) = subnets?;
        let (route_tables, route_ids) = route_tables?;
        let mut acl_ids = Ok(());
        let input = Input {
            dir: dir.to_path_buf(),
            vpcs,
            subnets,
            route_tables,
            internet_gateways: required_list(
                dir,
                INTERNET_GATEWAYS,
                "InternetGateways",
                "InternetGatewayId",
            )?,
            nat_gateways: required_list(dir, NAT_GATEWAYS, "NatGateways", "NatGatewayId")?,
            endpoints: required_list(dir, VPC_ENDPOINTS, "VpcEndpoints", "VpcEndpointId")?,
            security_groups: required_list(dir, SECURITY_GROUPS, "SecurityGroups", "GroupId")?,
            cluster: optional_object(dir, CLUSTER, "cluster")?,
            nodegroups: nodegroups?,
            network_acls: acls?.map(|(l, c)| {
                acl_ids = c;
                l
            }),
            dhcp_options: optional_list(dir, DHCP_OPTIONS, "DhcpOptions", "DhcpOptionsId")?,
            dns_support: optional_object::<aws::DnsSupportAttribute>(dir, DNS_SUPPORT, "")?
                .map(|a| a.enable_dns_support.value),
            dns_hostnames: optional_object::<aws::DnsHostnamesAttribute>(dir, DNS_HOSTNAMES, "")?
                .map(|a| a.enable_dns_hostnames.value),
            addons: optional_object::<aws::AddonList>(dir, ADDONS, "")?.map(|l| l.addons),
            egress_only_gateways: optional_list(
                dir,
                EGRESS_ONLY_GATEWAYS,
                "EgressOnlyInternetGateways",
                "EgressOnlyInternetGatewayId",
            )?,
            eniconfigs: optional_list(dir, ENICONFIGS, "items", "kind")?,
        };
        let large = ids::Large {
            subnets: subnet_ids,
            route_tables: route_ids,
            network_acls: acl_ids,
        };
        ids::check(&input, large)?;
        Ok(input)
    }

    pub(super) fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The large files' IDs are checked on their own threads; the first bad
    /// one told is still the first in the checks' order (VPCs, subnets,
    /// network ACLs, route tables), whichever thread finished first.
    #[test]
    fn the_first_bad_id_is_told_in_a_fixed_order() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        for (name, key) in [
            (INTERNET_GATEWAYS, "InternetGateways"),
            (NAT_GATEWAYS, "NatGateways"),
            (VPC_ENDPOINTS, "VpcEndpoints"),
            (SECURITY_GROUPS, "SecurityGroups"),
        ] {
            write(name, &format!(r#"{{"{key}":[]}}"#));
        }
        let vpcs =
            |id: &str| format!(r#"{{"Vpcs":[{{"VpcId":"{id}","CidrBlock":"10.0.0.0/16"}}]}}"#);
        write(VPCS, &vpcs("vpc-bad"));
        write(
            SUBNETS,
            r#"{"Subnets":[{"SubnetId":"subnet-bad","VpcId":"vpc-0123abcd","CidrBlock":"10.0.0.0/24",
                "AvailabilityZone":"us-west-2a","AvailableIpAddressCount":5,"MapPublicIpOnLaunch":false}]}"#,
        );
        write(
            ROUTE_TABLES,
            r#"{"RouteTables":[{"RouteTableId":"rtb-bad","VpcId":"vpc-0123abcd"}]}"#,
        );
        write(
            NETWORK_ACLS,
            r#"{"NetworkAcls":[{"NetworkAclId":"acl-bad","VpcId":"vpc-0123abcd"}]}"#,
        );
        let first = || Input::load(dir.path()).unwrap_err();
        let e = first();
        assert!(
            e.file.ends_with(VPCS) && e.message.starts_with("Vpcs[0].VpcId:"),
            "{e}"
        );
        write(VPCS, &vpcs("vpc-0123abcd"));
        let e = first();
        assert!(
            e.file.ends_with(SUBNETS) && e.message.starts_with("Subnets[0].SubnetId:"),
            "{e}"
        );
        write(SUBNETS, r#"{"Subnets":[]}"#);
        let e = first();
        assert!(
            e.file.ends_with(NETWORK_ACLS) && e.message.starts_with("NetworkAcls[0]"),
            "{e}"
        );
        write(NETWORK_ACLS, r#"{"NetworkAcls":[]}"#);
        let e = first();
        assert!(
            e.file.ends_with(ROUTE_TABLES) && e.message.starts_with("RouteTables[0]"),
            "{e}"
        );
        write(ROUTE_TABLES, r#"{"RouteTables":[]}"#);
        assert!(Input::load(dir.path()).is_ok());
    }
}
