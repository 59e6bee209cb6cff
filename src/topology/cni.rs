//! The VPC CNI managed add-on's configuration values, from the model: one
//! function settles them for every output format, which only name the IDs.
//!
//! - Custom networking: `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`, and each
//!   node picks the ENIConfig named after its zone
//!   (`ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`). The add-on's
//!   configuration schema takes `eniConfig: {create, region, subnets}` (as
//!   `aws eks describe-addon-configuration --addon-name vpc-cni` shows, from
//!   the aws-vpc-cni chart's values), and the add-on then creates one
//!   ENIConfig per key of `subnets`, named after the key: so the ENIConfigs
//!   exist as soon as the add-on does, before the node group that waits for
//!   it.
//! - Prefix delegation: `ENABLE_PREFIX_DELEGATION=true`.
//! - Subnet discovery needs no setting: the VPC CNI has it on by default
//!   since 1.18; the pod subnets carry its tag.

use super::model::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The label whose value names a node's ENIConfig: its zone.
pub const ENI_CONFIG_LABEL: &str = "topology.kubernetes.io/zone";

/// What the VPC CNI add-on is configured with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcCniConfig {
    /// Environment variables of the `aws-node` DaemonSet, by name.
    pub env: BTreeMap<&'static str, &'static str>,
    /// Custom networking: one ENIConfig per zone, with its pod subnet.
    pub eni_configs: Vec<EniConfig>,
    pub region: String,
}

/// An ENIConfig: named after a zone, placing the pods of that zone's nodes
/// in its pod subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EniConfig {
    /// The zone name, which is the ENIConfig's name.
    pub zone: String,
    /// The pod subnet's `id`.
    pub subnet: String,
}

impl Topology {
    /// The VPC CNI add-on's configuration, or None when the defaults serve
    /// (no custom networking, no prefix delegation).
    pub fn vpc_cni_config(&self) -> Option<VpcCniConfig> {
        let mode = self.cni_mode();
        if !mode.custom_networking && !mode.prefix_delegation {
            return None;
        }
        let mut env = BTreeMap::new();
        let mut eni_configs = Vec::new();
        if mode.custom_networking {
            env.insert("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", "true");
            env.insert("ENI_CONFIG_LABEL_DEF", ENI_CONFIG_LABEL);
            eni_configs = self
                .subnets_of(Tier::Pod)
                .map(|s| EniConfig {
                    zone: s.az.clone(),
                    subnet: s.id.clone(),
                })
                .collect();
        }
        if mode.prefix_delegation {
            env.insert("ENABLE_PREFIX_DELEGATION", "true");
        }
        Some(VpcCniConfig {
            env,
            eni_configs,
            region: self.region.clone(),
        })
    }
}

impl VpcCniConfig {
    /// The configuration values as the add-on takes them (JSON), each pod
    /// subnet's ID as `subnet_id` names it and the ENIConfigs' security
    /// groups as given (none: the VPC CNI uses the node's primary network
    /// interface's groups).
    pub fn json(&self, subnet_id: &dyn Fn(&str) -> String, security_groups: &[String]) -> String {
        let mut doc = Map::new();
        doc.insert("env".into(), json!(self.env));
        if !self.eni_configs.is_empty() {
            let subnets: Map<String, Value> = self
                .eni_configs
                .iter()
                .map(|e| {
                    let mut s = Map::new();
                    s.insert("id".into(), json!(subnet_id(&e.subnet)));
                    if !security_groups.is_empty() {
                        s.insert("securityGroups".into(), json!(security_groups));
                    }
                    (e.zone.clone(), Value::Object(s))
                })
                .collect();
            doc.insert(
                "eniConfig".into(),
                json!({ "create": true, "region": self.region, "subnets": subnets }),
            );
        }
        Value::Object(doc).to_string()
    }
}
