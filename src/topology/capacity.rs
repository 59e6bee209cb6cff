//! The capacity planner: what the node group claims in each subnet at
//! maxSize, spread evenly over its subnets, and what the subnet has. The
//! `plan` table and the capacity warnings (W064, W127, W126) read the same
//! numbers.

use super::model::*;
use crate::aws::instances::PREFIX_ADDRESSES;
use crate::diag::{Code, Diagnostic};
use crate::hash::HashMap;

/// Addresses EKS needs free in each subnet it places the control plane's
/// network interfaces in (its minimum; 16 are recommended).
pub const EKS_CLUSTER_ADDRESSES: u64 = 6;

/// The addresses EKS keeps in subnet `s`: its six where the cluster is
/// placed, none elsewhere.
pub fn eks_addresses(t: &Topology, s: &Subnet) -> u64 {
    if t.cluster.subnets.contains(&s.id) {
        EKS_CLUSTER_ADDRESSES
    } else {
        0
    }
}

/// One subnet's share of the node group at maxSize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetNeed {
    /// The subnet's `id`.
    pub subnet: String,
    pub az: String,
    /// Nodes in the AZ at maxSize (the node group spread evenly).
    pub nodes: u64,
    /// The nodes' primary addresses (in a node subnet).
    pub node_addresses: u64,
    /// What the nodes' pods take here: pod addresses, and the secondary
    /// network interfaces' own (or whole /28s with prefix delegation).
    pub pod_addresses: u64,
    /// The control plane's network interfaces (a cluster subnet).
    pub eks_addresses: u64,
    /// Free addresses: usable ones when planned, AWS's count when imported;
    /// with subnet discovery the AZ's pod subnet's too.
    pub capacity: u64,
    /// Subnet discovery: the pod subnet pooled with this node subnet.
    pub pooled_with: Option<String>,
}

impl SubnetNeed {
    pub fn need(&self) -> u64 {
        self.node_addresses + self.pod_addresses + self.eks_addresses
    }
}

/// Nodes per node subnet at maxSize, spread evenly (rounded up).
pub fn nodes_per_subnet(t: &Topology) -> u64 {
    let g = &t.node_group;
    let n = g.subnets.len().max(1) as u64;
    u64::from(g.max_size).div_ceil(n)
}

/// Each node subnet's need, then (custom networking) its AZ's pod subnet's.
pub fn needs(t: &Topology) -> Vec<SubnetNeed> {
    let by_id = t.subnets_by_id();
    shares(t, &by_id)
        .into_iter()
        .map(|n| SubnetNeed {
            subnet: n.subnet.id.clone(),
            az: n.subnet.az.clone(),
            nodes: n.nodes,
            node_addresses: n.node_addresses,
            pod_addresses: n.pod_addresses,
            eks_addresses: n.eks_addresses,
            capacity: n.capacity,
            pooled_with: n.pooled_with.map(|p| p.id.clone()),
        })
        .collect()
}

/// A [`SubnetNeed`] that borrows its subnets: the warnings read these
/// without copying 100,000 IDs and AZ names.
struct Share<'t> {
    subnet: &'t Subnet,
    nodes: u64,
    node_addresses: u64,
    pod_addresses: u64,
    eks_addresses: u64,
    capacity: u64,
    pooled_with: Option<&'t Subnet>,
}

/// What [`needs`] returns, borrowed; `by_id` is [`Topology::subnets_by_id`].
fn shares<'t>(t: &'t Topology, by_id: &HashMap<&str, &'t Subnet>) -> Vec<Share<'t>> {
    let nodes = nodes_per_subnet(t);
    let per = t.node_group.addresses_per_node;
    let pooled = t.pod_network.as_ref().is_some_and(|p| {
        p.secondary_cidr.is_some() && p.mode == crate::spec::PodNetworkMode::SubnetDiscovery
    });
    // Found by map, not by scan: an imported node group can have 100,000
    // subnets. The first pod subnet of an AZ is its pod subnet.
    let pod_subnets: HashMap<&str, &Subnet> = t
        .subnets
        .iter()
        .rev()
        .filter(|s| s.tier == Tier::Pod)
        .map(|s| (s.az.as_str(), s))
        .collect();
    let mut out = Vec::with_capacity(t.node_group.subnets.len());
    for &s in t
        .node_group
        .subnets
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
    {
        let pod = pod_subnets.get(s.az.as_str()).copied();
        let pool = pod.filter(|_| pooled);
        out.push(Share {
            subnet: s,
            nodes,
            node_addresses: nodes,
            pod_addresses: nodes * per.node_subnet.saturating_sub(1),
            eks_addresses: eks_addresses(t, s),
            capacity: s.free_addresses() + pool.map_or(0, Subnet::free_addresses),
            pooled_with: pool,
        });
        if let Some(p) = pod.filter(|_| per.pod_subnet > 0) {
            out.push(Share {
                subnet: p,
                nodes,
                node_addresses: 0,
                pod_addresses: nodes * per.pod_subnet,
                eks_addresses: 0,
                capacity: p.free_addresses(),
                pooled_with: None,
            });
        }
    }
    out
}

/// W064 for a node subnet, W127 for a pod subnet, that the nodes of its AZ
/// could exhaust at maxSize.
pub(super) fn warnings(t: &Topology, out: &mut Vec<Diagnostic>) {
    let max_pods = t.node_group.max_pods_per_node;
    let by_id = t.subnets_by_id();
    for n in shares(t, &by_id) {
        let need = n.node_addresses + n.pod_addresses + n.eks_addresses;
        if need <= n.capacity {
            continue;
        }
        let id = &n.subnet.id;
        // By ID, as the findings name it: the first subnet of a repeated ID.
        let is_pod = by_id.get(id.as_str()).is_some_and(|s| s.tier == Tier::Pod);
        let (code, holder) = match (n.pooled_with, is_pod) {
            (_, true) => (Code::W127, ["pod subnet ", id, "", "", " has"]),
            (Some(pod), false) => (Code::W064, ["", id, " and ", &pod.id, " have"]),
            (None, false) => (Code::W064, ["", id, "", "", " has"]),
        };
        // Put together without the formatter: a large VPC may have this
        // finding for every node subnet.
        let mut message = String::with_capacity(100);
        for part in holder {
            message.push_str(part);
        }
        let numbers = [
            (" ", n.capacity),
            (" free addresses; ", n.nodes),
            (" node(s) at ", u64::from(max_pods)),
            (" pods each need ", need),
        ];
        for (words, number) in numbers {
            message.push_str(words);
            super::cidr::push_number(&mut message, number);
        }
        out.push(Diagnostic::new(code, message).on(n.subnet.place()));
    }
    prefix_reservations(t, out);
}

/// W126: with prefix delegation, the /28s the nodes of an AZ need at
/// maxSize against those the AZ's prefix reservations hold.
fn prefix_reservations(t: &Topology, out: &mut Vec<Diagnostic>) {
    let Some(p) = t.pod_network.as_ref().filter(|p| p.prefix_delegation) else {
        return;
    };
    let pods = u64::from(t.node_group.max_pods_per_node.saturating_sub(2));
    let per_node = pods.div_ceil(u64::from(PREFIX_ADDRESSES));
    let nodes = nodes_per_subnet(t);
    for s in t.node_group.subnets.iter().filter_map(|id| t.subnet(id)) {
        let reserved: Vec<&PrefixReservation> = p
            .prefix_reservations
            .iter()
            .filter(|r| t.subnet(&r.subnet).is_some_and(|x| x.az == s.az))
            .collect();
        let held: u64 = reserved
            .iter()
            .map(|r| super::cidr::size(&r.cidr) / u64::from(PREFIX_ADDRESSES))
            .sum();
        let need = nodes * per_node;
        if need > held {
            let cidrs: Vec<String> = reserved.iter().map(|r| r.cidr.to_string()).collect();
            let what = if cidrs.is_empty() {
                "no prefix reservation (its subnets are too small for one)".to_string()
            } else {
                format!("prefix reservations {} hold {held} /28s", cidrs.join(", "))
            };
            out.push(
                Diagnostic::new(
                    Code::W126,
                    format!(
                        "{}: {what}; {nodes} node(s) at {} pods each need {need} /28s",
                        s.az, t.node_group.max_pods_per_node
                    ),
                )
                .on(s.place()),
            );
        }
    }
}

/// A subnet size: the addresses it must hold and the smallest prefix that
/// holds them (AWS keeps five of every subnet; /28 at least).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetSize {
    pub addresses: u64,
    pub prefix: u8,
}

impl SubnetSize {
    pub fn holding(addresses: u64) -> SubnetSize {
        let total = (addresses + 5).next_power_of_two().max(16);
        SubnetSize {
            addresses,
            prefix: 32 - total.trailing_zeros() as u8,
        }
    }
}

/// "What do I need": for a node count and pods per node, spread over the
/// network's AZs, the node subnet each AZ needs without a pod network, and
/// with custom networking the node and pod subnets and the secondary CIDR.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sizing {
    pub nodes: u32,
    pub pods_per_node: u32,
    pub nodes_per_az: u64,
    /// Pods a node of the largest instance type holds: by default, and
    /// with prefix delegation.
    pub max_pods: u32,
    pub max_pods_with_prefixes: u32,
    /// Without a pod network: each AZ's node subnet (nodes, their pods, EKS's).
    pub node_subnet: SubnetSize,
    /// Whether the VPC holds those node subnets beside the public ones.
    pub fits_in_vpc: bool,
    /// With custom networking: each AZ's node subnet and pod subnet (pods,
    /// and one address per secondary network interface carrying them).
    pub custom_node_subnet: SubnetSize,
    pub custom_pod_subnet: SubnetSize,
    /// The smallest secondary CIDR that holds the pod subnets of every AZ.
    pub secondary_prefix: u8,
}

pub fn sizing(t: &Topology, nodes: u32, pods_per_node: u32) -> Sizing {
    let azs = t.availability_zones.len().max(1) as u64;
    let nodes_per_az = u64::from(nodes).div_ceil(azs);
    let pods = u64::from(pods_per_node);
    let types = &t.node_group.instance_types;
    let default = super::endpoints::node_claim(types, CniMode::default()).0;
    let prefixes = CniMode {
        custom_networking: false,
        prefix_delegation: true,
    };
    let with_prefixes = super::endpoints::node_claim(types, prefixes).0;
    let node_subnet = SubnetSize::holding(nodes_per_az * (pods + 1) + EKS_CLUSTER_ADDRESSES);
    let public: u64 = t
        .subnets_of(Tier::Public)
        .map(|s| super::cidr::size(&s.cidr))
        .sum();
    let node_subnets = azs << (32 - node_subnet.prefix);
    let fits_in_vpc = public + node_subnets <= super::cidr::size(&t.vpc.cidr);
    let per_eni = types
        .iter()
        .filter_map(|x| crate::aws::instances::addresses_per_eni(x))
        .max()
        .unwrap_or(10);
    let interfaces = pods.div_ceil(u64::from(per_eni - 1)).max(1);
    let custom_pod_subnet = SubnetSize::holding(nodes_per_az * (pods + interfaces));
    let all_pods = azs.next_power_of_two() << (32 - custom_pod_subnet.prefix);
    Sizing {
        nodes,
        pods_per_node,
        nodes_per_az,
        max_pods: default.max_pods,
        max_pods_with_prefixes: with_prefixes.max_pods,
        node_subnet,
        fits_in_vpc,
        custom_node_subnet: SubnetSize::holding(nodes_per_az + EKS_CLUSTER_ADDRESSES),
        custom_pod_subnet,
        secondary_prefix: 32 - all_pods.trailing_zeros() as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnet_sizes_hold_the_addresses_and_aws_s_five() {
        assert_eq!(SubnetSize::holding(11).prefix, 28);
        assert_eq!(SubnetSize::holding(12).prefix, 27);
        assert_eq!(SubnetSize::holding(251).prefix, 24);
        assert_eq!(SubnetSize::holding(252).prefix, 23);
    }

    #[test]
    fn sizing_says_when_the_vpc_is_too_small() {
        let spec = crate::spec::LoadedSpec::built_in().spec;
        let t = crate::topology::plan(&spec).topology.unwrap();
        // 30 m6i.large nodes with 25 pods, over 3 AZs: 10 × 26 + 6 = 266 → /23.
        let s = sizing(&t, 30, 25);
        assert_eq!((s.nodes_per_az, s.node_subnet.addresses), (10, 266));
        assert_eq!(s.node_subnet.prefix, 23);
        assert!(s.fits_in_vpc);
        assert_eq!((s.max_pods, s.max_pods_with_prefixes), (29, 110));
        // 3,000 nodes of 100 pods: /15 node subnets cannot fit a /16 VPC.
        let s = sizing(&t, 3000, 100);
        assert!(!s.fits_in_vpc);
        // Custom networking: 1,000 nodes per AZ, 100 pods and 12 interfaces each.
        assert_eq!(s.custom_pod_subnet.addresses, 1000 * (100 + 12));
        assert_eq!(s.custom_pod_subnet.prefix, 15);
        assert_eq!(s.secondary_prefix, 13);
    }
}
