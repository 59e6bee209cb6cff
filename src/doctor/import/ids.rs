//! Every AWS resource ID the doctor reads has AWS's syntax, or the input is
//! refused.
//!
//! IDs end up in the fix commands people paste into a shell, and in the
//! report on their terminal. AWS writes them as a prefix naming the kind
//! (`subnet-`, `rtb-`, `vpc-`, ...) and 8 or 17 lowercase hex digits (the
//! short form of resources made before 2016–2018, the long form since), so
//! anything else did not come from the AWS CLI unchanged: it is an input
//! error naming the file and the field, before anything is judged.

use super::{
    Input, ADDONS, CLUSTER, EGRESS_ONLY_GATEWAYS, ENICONFIGS, INTERNET_GATEWAYS, NAT_GATEWAYS,
    SECURITY_GROUPS, VPCS, VPC_ENDPOINTS,
};
use crate::doctor::aws::{self, InputError, Result};
use crate::text::shown;
use std::path::Path;

pub use crate::aws::resource_ids::is_id;

/// `value` of `field` in `file` is an ID with one of `prefixes`, or the error.
fn id(file: &Path, field: &dyn Fn() -> String, value: &str, prefixes: &[&str]) -> Result<()> {
    if prefixes.iter().any(|p| is_id(value, p)) {
        return Ok(());
    }
    let kinds: Vec<String> = prefixes.iter().map(|p| format!("`{p}-`")).collect();
    Err(InputError {
        file: file.to_path_buf(),
        message: format!(
            "{}: `{}` is not an AWS resource ID ({} and 8 or 17 lowercase hex digits)",
            field(),
            shown(value),
            kinds.join(" or ")
        ),
    })
}

/// `value` of `field` in `file` is a VPC endpoint service name as AWS
/// writes them (`com.amazonaws.us-west-2.ecr.dkr`,
/// `com.amazonaws.vpce.us-west-2.vpce-svc-…`,
/// `aws.sagemaker.us-west-2.notebook`): up to 255 lowercase letters,
/// digits, dots, hyphens and underscores. Its last part names the endpoint
/// in the report and in the fixes. The EC2 API gives the name no pattern;
/// these are the characters of every form AWS documents.
fn service_name(file: &Path, field: &dyn Fn() -> String, value: &str) -> Result<()> {
    let fits = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !value.is_empty() && value.len() <= 255 && value.chars().all(fits) {
        return Ok(());
    }
    Err(InputError {
        file: file.to_path_buf(),
        message: format!(
            "{}: `{}` is not a VPC endpoint service name (1 to 255 lowercase letters, digits and `.-_`, as in `com.amazonaws.REGION.SERVICE`)",
            field(),
            shown(value)
        ),
    })
}

/// [`id`] for an optional value.
fn opt(
    file: &Path,
    field: &dyn Fn() -> String,
    value: Option<&str>,
    prefixes: &[&str],
) -> Result<()> {
    value.map_or(Ok(()), |v| id(file, field, v, prefixes))
}

/// [`id`] for each value of a list field.
fn each<'a>(
    file: &Path,
    field: &dyn Fn() -> String,
    values: impl IntoIterator<Item = &'a String>,
    prefixes: &[&str],
) -> Result<()> {
    for (j, v) in values.into_iter().enumerate() {
        id(file, &|| format!("{}[{j}]", field()), v, prefixes)?;
    }
    Ok(())
}

/// The ID checks of the three files a large VPC makes large, made on the
/// threads that parse them; [`check`] tells their errors in its own order.
pub(super) struct Large {
    pub subnets: Result<()>,
    pub route_tables: Result<()>,
    pub network_acls: Result<()>,
}

/// Every ID of every file of `input`.
pub(super) fn check(input: &Input, large: Large) -> Result<()> {
    vpcs(input)?;
    large.subnets?;
    large.network_acls?;
    large.route_tables?;
    gateways(input)?;
    endpoints(input)?;
    if let Some(c) = &input.cluster {
        cluster(&input.file(CLUSTER), c)?;
    }
    if let Some(list) = &input.addons {
        addon_names(&input.file(ADDONS), list)?;
    }
    eniconfigs(input)
}

/// An ENIConfig's subnet and security groups are IDs (its name is free-form:
/// shown escaped, and quoted in a command).
fn eniconfigs(input: &Input) -> Result<()> {
    let f = input.file(ENICONFIGS);
    for (i, e) in input.eniconfigs.iter().flatten().enumerate() {
        let at = |field: &str| format!("items[{i}].spec.{field}");
        opt(&f, &|| at("subnet"), e.spec.subnet.as_deref(), &["subnet"])?;
        each(
            &f,
            &|| at("securityGroups"),
            &e.spec.security_groups,
            &["sg"],
        )?;
    }
    Ok(())
}

/// At most `n` characters of `s`, with `...` when cut: the error quotes
/// the input, which may be of any length.
fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// EKS add-on names are lowercase letters, digits and hyphens (as
/// `aws eks describe-addon-versions` lists them); anything else did not come
/// from the AWS CLI.
fn addon_names(f: &Path, list: &[String]) -> Result<()> {
    for (i, n) in list.iter().enumerate() {
        let ok = !n.is_empty()
            && n.len() <= 100
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err(InputError {
                file: f.to_path_buf(),
                message: format!(
                    "addons[{i}]: `{}` is not an EKS add-on name (lowercase letters, digits and hyphens)",
                    crate::text::shown(&cut(n, 64))
                ),
            });
        }
    }
    Ok(())
}

fn vpcs(input: &Input) -> Result<()> {
    let f = input.file(VPCS);
    for (i, v) in input.vpcs.iter().enumerate() {
        id(&f, &|| format!("Vpcs[{i}].VpcId"), &v.vpc_id, &["vpc"])?;
    }
    Ok(())
}

/// The IDs of subnets.json (`f`).
pub(super) fn subnets(f: &Path, subnets: &[aws::Subnet]) -> Result<()> {
    for (i, s) in subnets.iter().enumerate() {
        id(
            f,
            &|| format!("Subnets[{i}].SubnetId"),
            &s.subnet_id,
            &["subnet"],
        )?;
        id(f, &|| format!("Subnets[{i}].VpcId"), &s.vpc_id, &["vpc"])?;
    }
    Ok(())
}

/// The IDs of network-acls.json (`f`).
pub(super) fn network_acls(f: &Path, acls: &[aws::NetworkAcl]) -> Result<()> {
    for (i, a) in acls.iter().enumerate() {
        let at = |field: &str| format!("NetworkAcls[{i}].{field}");
        id(f, &|| at("NetworkAclId"), &a.network_acl_id, &["acl"])?;
        id(f, &|| at("VpcId"), &a.vpc_id, &["vpc"])?;
        for (j, x) in a.associations.iter().enumerate() {
            id(
                f,
                &|| at(&format!("Associations[{j}].SubnetId")),
                &x.subnet_id,
                &["subnet"],
            )?;
        }
    }
    Ok(())
}

/// The IDs of route-tables.json (`f`).
pub(super) fn route_tables(f: &Path, tables: &[aws::RouteTable]) -> Result<()> {
    for (i, rt) in tables.iter().enumerate() {
        let at = |field: &str| format!("RouteTables[{i}].{field}");
        id(f, &|| at("RouteTableId"), &rt.route_table_id, &["rtb"])?;
        id(f, &|| at("VpcId"), &rt.vpc_id, &["vpc"])?;
        for (j, a) in rt.associations.iter().enumerate() {
            let field = || at(&format!("Associations[{j}].SubnetId"));
            opt(f, &field, a.subnet_id.as_deref(), &["subnet"])?;
        }
        for (j, r) in rt.routes.iter().enumerate() {
            route(f, &|field| at(&format!("Routes[{j}].{field}")), r)?;
        }
    }
    Ok(())
}

/// The targets eksnet follows or names; `local` is the VPC's own route.
fn route(f: &Path, at: &dyn Fn(&str) -> String, r: &aws::Route) -> Result<()> {
    opt(
        f,
        &|| at("NatGatewayId"),
        r.nat_gateway_id.as_deref(),
        &["nat"],
    )?;
    opt(
        f,
        &|| at("TransitGatewayId"),
        r.transit_gateway_id.as_deref(),
        &["tgw"],
    )?;
    opt(
        f,
        &|| at("EgressOnlyInternetGatewayId"),
        r.egress_only_internet_gateway_id.as_deref(),
        &["eigw"],
    )?;
    opt(
        f,
        &|| at("DestinationPrefixListId"),
        r.destination_prefix_list_id.as_deref(),
        &["pl"],
    )?;
    match r.gateway_id.as_deref() {
        Some("local") | None => Ok(()),
        Some(g) => id(f, &|| at("GatewayId"), g, &["igw", "vgw", "vpce"]),
    }
}

fn gateways(input: &Input) -> Result<()> {
    let f = input.file(INTERNET_GATEWAYS);
    for (i, g) in input.internet_gateways.iter().enumerate() {
        let at = |field: &str| format!("InternetGateways[{i}].{field}");
        id(
            &f,
            &|| at("InternetGatewayId"),
            &g.internet_gateway_id,
            &["igw"],
        )?;
        for (j, a) in g.attachments.iter().enumerate() {
            id(
                &f,
                &|| at(&format!("Attachments[{j}].VpcId")),
                &a.vpc_id,
                &["vpc"],
            )?;
        }
    }
    let f = input.file(EGRESS_ONLY_GATEWAYS);
    for (i, g) in input.egress_only_gateways.iter().flatten().enumerate() {
        let at = |field: &str| format!("EgressOnlyInternetGateways[{i}].{field}");
        id(
            &f,
            &|| at("EgressOnlyInternetGatewayId"),
            &g.egress_only_internet_gateway_id,
            &["eigw"],
        )?;
        for (j, a) in g.attachments.iter().enumerate() {
            id(
                &f,
                &|| at(&format!("Attachments[{j}].VpcId")),
                &a.vpc_id,
                &["vpc"],
            )?;
        }
    }
    let f = input.file(NAT_GATEWAYS);
    for (i, n) in input.nat_gateways.iter().enumerate() {
        let at = |field: &str| format!("NatGateways[{i}].{field}");
        id(&f, &|| at("NatGatewayId"), &n.nat_gateway_id, &["nat"])?;
        opt(&f, &|| at("SubnetId"), n.subnet_id.as_deref(), &["subnet"])?;
        opt(&f, &|| at("VpcId"), n.vpc_id.as_deref(), &["vpc"])?;
    }
    Ok(())
}

fn endpoints(input: &Input) -> Result<()> {
    let f = input.file(VPC_ENDPOINTS);
    for (i, e) in input.endpoints.iter().enumerate() {
        let at = |field: &str| format!("VpcEndpoints[{i}].{field}");
        id(&f, &|| at("VpcEndpointId"), &e.vpc_endpoint_id, &["vpce"])?;
        id(&f, &|| at("VpcId"), &e.vpc_id, &["vpc"])?;
        if let Some(name) = &e.service_name {
            service_name(&f, &|| at("ServiceName"), name)?;
        }
        each(&f, &|| at("RouteTableIds"), &e.route_table_ids, &["rtb"])?;
        each(&f, &|| at("SubnetIds"), &e.subnet_ids, &["subnet"])?;
        for (j, g) in e.groups.iter().enumerate() {
            id(
                &f,
                &|| at(&format!("Groups[{j}].GroupId")),
                &g.group_id,
                &["sg"],
            )?;
        }
    }
    let f = input.file(SECURITY_GROUPS);
    for (i, g) in input.security_groups.iter().enumerate() {
        let at = |field: &str| format!("SecurityGroups[{i}].{field}");
        id(&f, &|| at("GroupId"), &g.group_id, &["sg"])?;
        for (j, p) in g.ip_permissions.iter().enumerate() {
            for (k, pair) in p.user_id_group_pairs.iter().enumerate() {
                let field = || at(&format!("IpPermissions[{j}].UserIdGroupPairs[{k}].GroupId"));
                opt(&f, &field, pair.group_id.as_deref(), &["sg"])?;
            }
        }
    }
    Ok(())
}

fn cluster(f: &Path, c: &aws::Cluster) -> Result<()> {
    let v = &c.resources_vpc_config;
    let at = |field: &str| format!("cluster.resourcesVpcConfig.{field}");
    each(f, &|| at("subnetIds"), &v.subnet_ids, &["subnet"])?;
    each(
        f,
        &|| at("securityGroupIds"),
        &v.security_group_ids,
        &["sg"],
    )?;
    let csg = v.cluster_security_group_id.as_deref();
    opt(f, &|| at("clusterSecurityGroupId"), csg, &["sg"])?;
    opt(f, &|| at("vpcId"), v.vpc_id.as_deref(), &["vpc"])
}

/// The subnets of one `nodegroup-<name>.json`.
pub(super) fn nodegroup(f: &Path, n: &aws::Nodegroup) -> Result<()> {
    each(
        f,
        &|| "nodegroup.subnets".to_string(),
        &n.subnets,
        &["subnet"],
    )
}

#[cfg(test)]
mod tests {
    use super::{is_id, service_name};
    use std::path::Path;

    /// Every form of service name AWS documents passes; what AWS does not
    /// write is refused.
    #[test]
    fn endpoint_service_name_syntax() {
        let check = |v: &str| service_name(Path::new("vpc-endpoints.json"), &|| "f".into(), v);
        for good in [
            "com.amazonaws.us-west-2.ecr.dkr",
            "cn.com.amazonaws.cn-north-1.sts",
            "com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0",
            "aws.sagemaker.us-west-2.notebook",
            "aws.api.us-west-2.bcm-data-exports",
            "com.amazonaws.s3-global.accesspoint",
        ] {
            assert!(check(good).is_ok(), "{good}");
        }
        let long = "a".repeat(256);
        for bad in [
            "",
            "Com.amazonaws.x",
            "com.amazonaws.a b",
            "arn:aws:x/y",
            "a\nb",
            "a\u{1b}b",
            &long,
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn aws_id_syntax() {
        assert!(is_id("subnet-0123abcd", "subnet"));
        assert!(is_id("subnet-0123456789abcdef0", "subnet"));
        for bad in [
            "subnet-1",
            "subnet-1;touch x",
            "subnet-0123ABCD",
            "subnet-0123abcd ",
            "subnet-0123456789abcdef",
            "rtb-0123abcd",
            "subnet0123abcd",
            "subnet-0123abcg",
        ] {
            assert!(!is_id(bad, "subnet"), "{bad}");
        }
    }
}
