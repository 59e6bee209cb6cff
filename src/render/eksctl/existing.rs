//! The existing-VPC part of the eksctl config: the VPC and subnets that the
//! CloudFormation or Terraform output creates, by their IDs from
//! `--ids-from` or by placeholders naming the stack output to copy.

use super::placeholder;
use crate::render::outputs::{Output, PRIVATE_SUBNET_IDS, PUBLIC_SUBNET_IDS, VPC_ID};
use crate::render::Ids;
use crate::topology::{Tier, Topology};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ExistingV {
    vpc_id: String,
    public: Vec<SubnetV>,
    private: Vec<SubnetV>,
}

#[derive(Serialize)]
struct SubnetV {
    key: String,
    id: String,
    az: Option<String>,
    cidr: String,
}

/// The key of the subnet with model id `id` in `vpc.subnets`.
pub(super) fn subnet_key(t: &Topology, id: &str) -> String {
    let s = t.subnet(id).expect("ids refer to subnets of the topology");
    format!("{}-{}", s.tier.as_str(), s.az)
}

pub(super) fn existing_vpc(t: &Topology, ids: Option<&Ids>) -> ExistingV {
    ExistingV {
        vpc_id: ids.map_or_else(|| placeholder(VPC_ID.cloudformation), |i| i.vpc_id.clone()),
        public: tier_subnets(
            t,
            Tier::Public,
            ids.map(|i| &i.public_subnet_ids),
            PUBLIC_SUBNET_IDS,
        ),
        private: tier_subnets(
            t,
            Tier::Private,
            ids.map(|i| &i.private_subnet_ids),
            PRIVATE_SUBNET_IDS,
        ),
    }
}

/// The subnets of one tier; the i-th takes the i-th ID of `output`, or a
/// placeholder for it. An AZ given by ID is left out (eksctl takes names).
fn tier_subnets(
    t: &Topology,
    tier: Tier,
    ids_of: Option<&Vec<String>>,
    output: Output,
) -> Vec<SubnetV> {
    t.subnets_of(tier)
        .enumerate()
        .map(|(i, s)| SubnetV {
            key: format!("{}-{}", tier.as_str(), s.az),
            id: ids_of
                .and_then(|v| v.get(i).cloned())
                .unwrap_or_else(|| placeholder(&format!("{}[{i}]", output.cloudformation))),
            az: t
                .availability_zones
                .iter()
                .any(|a| a.name == s.az && !a.is_id)
                .then(|| s.az.clone()),
            cidr: s.cidr.to_string(),
        })
        .collect()
}

/// The IDs of the cluster's subnets, in the order the model lists them,
/// when they are not every subnet of the existing-VPC config (empty then:
/// eksctl gives the control plane every listed subnet by default).
pub(super) fn control_plane_subnet_ids(t: &Topology, e: &ExistingV) -> Vec<String> {
    let listed: Vec<&SubnetV> = e.public.iter().chain(&e.private).collect();
    let ids: Vec<String> = t
        .cluster
        .subnets
        .iter()
        .filter_map(|id| {
            let key = subnet_key(t, id);
            listed.iter().find(|s| s.key == key).map(|s| s.id.clone())
        })
        .collect();
    if ids.len() == listed.len() {
        Vec::new()
    } else {
        ids
    }
}
