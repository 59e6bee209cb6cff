//! The pod addresses section (`podNetwork`): the secondary CIDR and how
//! long EKS takes to see it, the VPC CNI mode and what it does to max pods,
//! why the add-on comes before the nodes, and the prefix reservations.

use super::{list, same, st, Section, Statement};
use crate::spec::PodNetworkMode;
use crate::teach::sources::Ref;
use crate::topology::{cni::ENI_CONFIG_LABEL, Tier, Topology};

pub(super) fn pods(t: &Topology, out: &mut Vec<Statement>) {
    let Some(p) = &t.pod_network else {
        return;
    };
    if let Some(c) = p.secondary_cidr {
        let pods: Vec<String> = t.subnets_of(Tier::Pod).map(|s| s.id.clone()).collect();
        out.push(st(
            Section::Pods,
            format!(
                "Secondary CIDR {c}: associated with the VPC for pod addresses, with one pod subnet per node AZ ({}), each on the route table of its AZ's node subnet (the same NAT gateway, endpoints and S3 route) and without load balancer tags. EKS can take up to an hour to recognise a newly associated CIDR: until then pods may not get addresses from it, so give a new network that hour before scaling.",
                list(&pods)
            ),
            vec![same("/topology/podNetwork/secondaryCidr", c)],
            &[Ref::EksVpc, Ref::EksCustomNetworking],
        ));
        out.push(mode(t, p.mode));
    }
    if p.prefix_delegation {
        out.push(prefixes(t));
    }
}

/// What the mode does to where pods go and to max pods, and how the
/// outputs order the add-on and the nodes.
fn mode(t: &Topology, mode: PodNetworkMode) -> Statement {
    let max = t.node_group.max_pods_per_node;
    let facts = vec![
        same("/topology/podNetwork/mode", mode.as_str()),
        same("/topology/nodeGroup/maxPodsPerNode", max),
    ];
    match mode {
        PodNetworkMode::CustomNetworking => st(
            Section::Pods,
            format!(
                "Mode custom-networking: the VPC CNI (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true) gives pods addresses only from the pod subnets, and each node takes the ENIConfig named after its zone (ENI_CONFIG_LABEL_DEF={ENI_CONFIG_LABEL}). The node's primary network interface carries no pods, so a node holds up to {max} pods. The ENIConfigs come with the VPC CNI managed add-on itself (eniConfig in its configuration values), which CloudFormation and Terraform create before the node group: nodes start with their ENIConfig, and a managed node group computes max pods from the add-on's configuration when it is created. eksctl has no custom networking of its own: its config uses the VPC the CloudFormation or Terraform output creates, with the add-on's configuration under addons, and eksctl creates the vpc-cni add-on before its managed node groups (without waiting for it to be active). Its node group's launch template names no AMI, so EKS sets max pods there too, from the add-on's configuration, and eksnet writes no maxPodsPerNode: with several instance types EKS gives every node the smallest of their max pods, and one fixed number (the planner's counts the largest type) would promise the smaller ones pods they cannot address."
            ),
            facts,
            &[
                Ref::EksCustomNetworking,
                Ref::EksCustomNetworkingTutorial,
                Ref::EksctlAddonOrder,
                Ref::EksPrefixDelegation,
                Ref::EksSubnetSelection,
            ],
        ),
        PodNetworkMode::SubnetDiscovery => st(
            Section::Pods,
            format!(
                "Mode subnet-discovery: the VPC CNI's enhanced subnet discovery (on by default since 1.18) puts each new secondary network interface in the node's subnet or its AZ's pod subnet (tagged kubernetes.io/role/cni=1), whichever has more free addresses. The primary interface still carries pods, so a node holds up to {max} pods, as without a pod network; the two subnets of an AZ are one pool. No ENIConfig, no add-on setting."
            ),
            facts,
            &[Ref::EksSubnetSelection],
        ),
    }
}

/// Prefix delegation: max pods and the reservations.
fn prefixes(t: &Topology) -> Statement {
    let max = t.node_group.max_pods_per_node;
    let mut facts = vec![same("/topology/nodeGroup/maxPodsPerNode", max)];
    let mut reserved = Vec::new();
    if let Some(p) = &t.pod_network {
        for (i, r) in p.prefix_reservations.iter().enumerate() {
            facts.push(same(
                format!("/topology/podNetwork/prefixReservations/{i}/cidr"),
                r.cidr,
            ));
            reserved.push(format!("{} in {}", r.cidr, r.subnet));
        }
    }
    st(
        Section::Pods,
        format!(
            "Prefix delegation (ENABLE_PREFIX_DELEGATION=true): each address slot of a network interface holds a /28 prefix of 16 addresses, so a node holds up to {max} pods (the EKS guide caps it at 110 below 30 vCPUs and 250 from 30). Prefixes need whole free /28s: subnet CIDR reservations of the prefix type keep {} for them, so addresses scattered by nodes, load balancers and endpoints cannot fragment it.",
            list(&reserved)
        ),
        facts,
        &[Ref::EksPrefixDelegation],
    )
}
