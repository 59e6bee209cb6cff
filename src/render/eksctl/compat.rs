//! Whether eksctl can build the planned VPC itself: the subnets eksctl would
//! carve, and every reason the plan differs from what eksctl builds.

use super::{EKSCTL_ADDITIONAL_ENDPOINTS, EKSCTL_REQUIRED_ENDPOINTS};
use crate::spec::Architecture;
use crate::topology::{Layout, Topology};

/// Kept here under its old name; the topology owns it now.
pub use crate::topology::eksctl_layout;

/// Why eksctl cannot create this VPC itself (empty when it can).
pub fn eksctl_blockers(t: &Topology) -> Vec<String> {
    let mut why = Vec::new();
    match t.architecture {
        Some(Architecture::PublicPrivate) | Some(Architecture::FullyPrivate) => {}
        Some(a) => why.push(format!("eksctl does not build a {a} VPC")),
        None => why.push("the VPC exists already".into()),
    }
    if t.availability_zones.iter().any(|a| a.is_id) {
        why.push("eksctl takes availability zone names, not IDs".into());
    }
    if t.layout != Layout::Eksctl {
        why.push("the subnets are not eksctl's carving of the VPC CIDR".into());
    }
    why.extend(endpoint_blockers(t));
    if t.transit_gateway.is_some() {
        why.push("eksctl does not route to a transit gateway".into());
    }
    if t.flow_logs {
        why.push("eksctl does not create flow logs".into());
    }
    if t.karpenter_discovery {
        why.push("eksctl does not tag its subnets for Karpenter discovery".into());
    }
    if t.vpc.amazon_ipv6 {
        // eksctl numbers an IPv6 VPC's /64s its own way and builds exactly
        // one NAT gateway for it (it refuses `vpc.nat` with IPv6).
        why.push(
            "eksctl builds an IPv6 VPC with its own subnet numbering and one NAT gateway".into(),
        );
    }
    if let Some(p) = &t.pod_network {
        if p.secondary_cidr.is_some() {
            why.push("eksctl does not associate a secondary CIDR with the VPC for pods".into());
        }
        if !p.prefix_reservations.is_empty() {
            why.push("eksctl does not reserve subnet CIDRs for prefix delegation".into());
        }
    }
    if t.cluster.allow_nat_addresses {
        why.push("the NAT gateways' addresses must join the public endpoint's CIDRs".into());
    }
    why
}

/// Why eksctl cannot create these VPC endpoints: it creates a fixed set,
/// and only in a fully private cluster.
fn endpoint_blockers(t: &Topology) -> Vec<String> {
    let mut why = Vec::new();
    let services: Vec<&str> = t.endpoints.iter().map(|e| e.service.as_str()).collect();
    if t.architecture == Some(Architecture::FullyPrivate) {
        let extra: Vec<&str> = services
            .iter()
            .copied()
            .filter(|s| !EKSCTL_REQUIRED_ENDPOINTS.contains(s))
            .collect();
        let missing = EKSCTL_REQUIRED_ENDPOINTS
            .iter()
            .any(|r| !services.contains(r));
        let unsupported: Vec<&str> = extra
            .iter()
            .copied()
            .filter(|s| !EKSCTL_ADDITIONAL_ENDPOINTS.contains(s))
            .collect();
        if missing {
            why.push(
                "eksctl always creates the ec2, ecr.api, ecr.dkr, s3 and sts endpoints".into(),
            );
        }
        if !unsupported.is_empty() {
            why.push(format!(
                "eksctl cannot create the {} endpoint(s)",
                unsupported.join(", ")
            ));
        }
        if !t.cluster.logging.is_empty() && !services.contains(&"logs") {
            why.push("eksctl adds a logs endpoint when control-plane logging is on".into());
        }
    } else if !services.is_empty() {
        why.push("eksctl creates VPC endpoints only in a fully private cluster".into());
    }
    why
}

/// eksctl creates the VPC itself: the plan is exactly eksctl's.
pub fn eksctl_creates_vpc(t: &Topology) -> bool {
    eksctl_blockers(t).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadedSpec;

    #[test]
    fn the_default_plan_is_eksctls_own() {
        let t = crate::topology::plan(&LoadedSpec::built_in().spec)
            .topology
            .unwrap();
        let layout = eksctl_layout(&t).unwrap();
        let cidrs: Vec<String> = layout.iter().map(|(_, _, c)| c.to_string()).collect();
        assert_eq!(cidrs[0], "192.168.0.0/19");
        assert_eq!(cidrs[5], "192.168.160.0/19");
        assert!(eksctl_creates_vpc(&t), "{:?}", eksctl_blockers(&t));
    }

    #[test]
    fn az_ids_and_extra_endpoints_need_an_existing_vpc() {
        let mut spec = LoadedSpec::built_in().spec;
        spec.vpc.availability_zones = vec!["usw2-az1".into(), "usw2-az2".into()];
        spec.private_link = vec!["logs".into()];
        let t = crate::topology::plan(&spec).topology.unwrap();
        let why = eksctl_blockers(&t);
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(
            why[0].contains("IDs") && why[1].contains("endpoints"),
            "{why:?}"
        );
    }
}
