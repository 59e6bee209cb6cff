//! Fixes for pod address space (W064, W127, E128, E129): a new subnet in
//! the AZ, sized by the capacity planner's numbers, that pods use through
//! an ENIConfig (custom networking) or the `kubernetes.io/role/cni` tag
//! (the VPC CNI's subnet discovery, 1.18 and later).
//!
//! Flags as in the AWS CLI reference: ec2 create-subnet (--vpc-id,
//! --availability-zone, --cidr-block), ec2 create-tags (--resources,
//! --tags Key=,Value=); kubectl patch (--type merge, -p). An ENIConfig's
//! name and an AZ's are free-form: one shell word each (`text::shell_word`).

use super::import::{Imported, CNI_ROLE_TAG};
use crate::diag::Code;
use crate::text::shell_word as w;
use crate::topology::capacity::{SubnetNeed, SubnetSize};
use crate::topology::Subnet;

/// The fix of a pod-space finding on `resource`, or None: `subnet` is the
/// subnet it names and `need` what the capacity planner says that subnet
/// needs, both found by the caller's maps (a large VPC has a finding per
/// subnet).
pub(super) fn finding(
    imp: &Imported,
    code: Code,
    resource: Option<&str>,
    subnet: Option<&Subnet>,
    need: Option<&SubnetNeed>,
) -> Option<String> {
    let t = &imp.topology;
    match code {
        Code::W127 => Some(replace_pod_subnet(imp, subnet?, need?.need())),
        Code::W064 if !t.cni_mode().custom_networking => {
            let n = need?;
            Some(tagged_subnet(
                imp,
                subnet?,
                n.need().saturating_sub(n.capacity),
            ))
        }
        Code::E128 => {
            let pods = need.map_or(0, |n| n.nodes * t.node_group.addresses_per_node.pod_subnet);
            Some(new_eniconfig(imp, subnet?, pods))
        }
        Code::E129 => {
            let name = resource?.strip_prefix("eniconfig ")?;
            Some(format!(
                "point ENIConfig {name} at a subnet of {} in its zone, then replace the nodes that use it:\n{}",
                imp.vpc_id,
                patch(name, "SUBNET-ID")
            ))
        }
        _ => None,
    }
}

fn create_subnet(imp: &Imported, az: &str) -> String {
    format!(
        "aws ec2 create-subnet --vpc-id {} --availability-zone {} --cidr-block FREE-CIDR",
        w(&imp.vpc_id),
        w(az)
    )
}

fn patch(eniconfig: &str, subnet: &str) -> String {
    format!(
        "kubectl patch eniconfig {} --type merge -p '{{\"spec\":{{\"subnet\":\"{subnet}\"}}}}'",
        w(eniconfig)
    )
}

/// FREE-CIDR, in words: the size the addresses need.
fn size(addresses: u64) -> String {
    let s = SubnetSize::holding(addresses);
    format!(
        "FREE-CIDR: a free /{} or larger of the VPC's CIDR blocks ({} addresses)",
        s.prefix, s.addresses
    )
}

/// Custom networking: a larger subnet for the AZ, and its ENIConfigs
/// pointed at it.
fn replace_pod_subnet(imp: &Imported, s: &Subnet, need: u64) -> String {
    let mut cmds = vec![create_subnet(imp, &s.az)];
    let names = imp.pods.eniconfigs.get(&s.id).into_iter().flatten();
    cmds.extend(names.map(|n| patch(n, "NEW-SUBNET-ID")));
    format!(
        "a larger pod subnet in {} for its ENIConfig, then replace the AZ's nodes ({}):\n{}",
        s.az,
        size(need),
        cmds.join("\n")
    )
}

/// Subnet discovery: another subnet in the AZ, tagged for pods.
fn tagged_subnet(imp: &Imported, s: &Subnet, short: u64) -> String {
    format!(
        "add a subnet in {} that the VPC CNI (1.18 or later) places pods in ({}):\n{}\naws ec2 create-tags --resources NEW-SUBNET-ID --tags Key={CNI_ROLE_TAG},Value=1",
        s.az,
        size(short),
        create_subnet(imp, &s.az)
    )
}

/// Custom networking in an AZ without a pod subnet: one, and an ENIConfig
/// named after the zone.
fn new_eniconfig(imp: &Imported, s: &Subnet, need: u64) -> String {
    format!(
        "a pod subnet in {az} and an ENIConfig named {az} (spec.subnet: NEW-SUBNET-ID, spec.securityGroups: the nodes' security groups), then replace the AZ's nodes ({}):\n{}",
        size(need),
        create_subnet(imp, &s.az),
        az = s.az,
    )
}
