//! The pod network in CloudFormation: the secondary CIDR block the pod
//! subnets wait for, the prefix reservations, and the VPC CNI add-on's
//! configuration values (`Fn::Sub`, so they name the pod subnets and the
//! cluster security group by reference).

use super::{subnet_id, tier_word, upper_alnum, Names};
use crate::topology::{Tier, Topology};
use serde::Serialize;

/// The logical ID of the secondary CIDR block.
pub(super) const POD_CIDR_BLOCK_ID: &str = "VPCCidrBlockPods";

#[derive(Serialize)]
pub(super) struct PodNetworkV {
    /// The `AWS::EC2::VPCCidrBlock`, when there are pod subnets.
    cidr_block: Option<CidrBlockV>,
    prefix_reservations: Vec<ReservationV>,
}

#[derive(Serialize)]
struct CidrBlockV {
    id: &'static str,
    cidr: String,
}

#[derive(Serialize)]
struct ReservationV {
    id: String,
    subnet: String,
    cidr: String,
}

pub(super) fn pod_network(t: &Topology, names: &Names) -> Option<PodNetworkV> {
    let p = t.pod_network.as_ref()?;
    Some(PodNetworkV {
        cidr_block: p.secondary_cidr.map(|c| CidrBlockV {
            id: POD_CIDR_BLOCK_ID,
            cidr: c.to_string(),
        }),
        prefix_reservations: p
            .prefix_reservations
            .iter()
            .map(|r| {
                let s = t.subnet(&r.subnet).expect("reservations are in subnets");
                ReservationV {
                    id: format!(
                        "PrefixReservation{}{}",
                        tier_word(s.tier),
                        upper_alnum(&s.az)
                    ),
                    subnet: names.subnet(&r.subnet),
                    cidr: r.cidr.to_string(),
                }
            })
            .collect(),
    })
}

/// What a pod subnet waits for: the CIDR block it lies in.
pub(super) fn subnet_depends_on(tier: Tier) -> Option<&'static str> {
    (tier == Tier::Pod).then_some(POD_CIDR_BLOCK_ID)
}

/// The VPC CNI add-on's `ConfigurationValues`, and whether it is the body
/// of an `Fn::Sub`: with ENIConfigs, each pod subnet is `${SubnetPod...}`
/// and their security group the cluster's (which the nodes have).
pub(super) fn vpc_cni_configuration(t: &Topology) -> Option<(String, bool)> {
    let config = t.vpc_cni_config()?;
    let sub = !config.eni_configs.is_empty();
    let subnet = |id: &str| {
        let s = t.subnet(id).expect("ENIConfigs name pod subnets");
        format!("${{{}}}", subnet_id(s.tier, &s.az))
    };
    Some((
        config.json(
            &subnet,
            &["${ControlPlane.ClusterSecurityGroupId}".to_string()],
        ),
        sub,
    ))
}
