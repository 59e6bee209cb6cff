//! The pod network in Terraform: the secondary CIDR association, the pod
//! subnets (one `aws_subnet.pod` per AZ, which wait for the association),
//! the prefix reservations, and the VPC CNI add-on's configuration values
//! as an HCL object that `jsonencode` turns into the add-on's JSON.

use super::{network, subnet_ref, Ref};
use crate::render::filters::hcl_key_width;
use crate::topology::{Tier, Topology};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct PodNetworkV {
    /// The secondary CIDR (None: prefix delegation alone).
    cidr: Option<String>,
    subnets: Vec<network::SubnetV>,
    prefix_reservations: Vec<ReservationV>,
    reservations_width: usize,
}

#[derive(Serialize)]
struct ReservationV {
    /// The `for_each` key: the subnet's model id (`pod-us-west-2a`).
    key: String,
    subnet: Ref,
    cidr: String,
}

pub(super) fn pod_network(t: &Topology) -> Option<PodNetworkV> {
    let p = t.pod_network.as_ref()?;
    Some(PodNetworkV {
        cidr: p.secondary_cidr.map(|c| c.to_string()),
        subnets: network::subnets(t, Tier::Pod),
        reservations_width: hcl_key_width(p.prefix_reservations.iter().map(|r| r.subnet.as_str())),
        prefix_reservations: p
            .prefix_reservations
            .iter()
            .map(|r| ReservationV {
                key: r.subnet.clone(),
                subnet: subnet_ref(t, &r.subnet),
                cidr: r.cidr.to_string(),
            })
            .collect(),
    })
}

/// The VPC CNI add-on's configuration, laid out as an HCL object.
#[derive(Serialize)]
pub(super) struct VpcCniV {
    env: Vec<(String, String)>,
    env_width: usize,
    region: String,
    /// (zone, pod subnet) of each ENIConfig.
    eni_configs: Vec<(String, Ref)>,
    zone_width: usize,
}

pub(super) fn vpc_cni(t: &Topology) -> Option<VpcCniV> {
    let c = t.vpc_cni_config()?;
    Some(VpcCniV {
        env_width: hcl_key_width(c.env.keys().copied()),
        env: c
            .env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        region: c.region.clone(),
        zone_width: hcl_key_width(c.eni_configs.iter().map(|e| e.zone.as_str())),
        eni_configs: c
            .eni_configs
            .iter()
            .map(|e| (e.zone.clone(), subnet_ref(t, &e.subnet)))
            .collect(),
    })
}
