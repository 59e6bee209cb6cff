//! What the node group must wait for: its subnets' route table associations
//! and routes, and the VPC endpoints. Nodes need them as they boot, yet
//! nothing in the node group refers to them, so every output format has to
//! order them explicitly (CloudFormation `DependsOn`, Terraform
//! `depends_on`); the list is derived here once, from the model.

use super::model::*;
use std::collections::BTreeSet;

/// One thing the node group waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prerequisite {
    /// The association of a node subnet, or of the pod subnet of a node's
    /// AZ (`Subnet::id`), with its route table.
    Association { subnet: String },
    /// A route of a node subnet's route table (`RouteTable::id`): in a
    /// planned network, its default route.
    Route { route_table: String, route: Route },
    /// An IPv6 route of a node subnet's route table (dual-stack VPCs): an
    /// IPv6 cluster's nodes may reach the dual-stack API endpoint over it.
    Ipv6Route {
        route_table: String,
        route: Ipv6Route,
    },
    /// A VPC endpoint (`VpcEndpoint::service`).
    Endpoint { service: String, kind: EndpointKind },
    /// An EKS managed add-on nodes start with (`ManagedAddon::name`: the
    /// VPC CNI, kube-proxy, DaemonSet add-ons).
    Addon { name: String },
}

impl Topology {
    /// For each node subnet in order, its association and then the routes
    /// of its route table (each route table once); then the pod subnets'
    /// associations; then every endpoint, in
    /// the topology's order; then the managed add-ons created before nodes.
    pub fn node_group_prerequisites(&self) -> Vec<Prerequisite> {
        let mut out = Vec::new();
        let mut tables = BTreeSet::new();
        for s in self.node_subnets() {
            out.push(Prerequisite::Association {
                subnet: s.id.clone(),
            });
            let Some(rt) = self.route_table(&s.route_table) else {
                continue;
            };
            if tables.insert(rt.id.as_str()) {
                out.extend(rt.routes.iter().map(|r| Prerequisite::Route {
                    route_table: rt.id.clone(),
                    route: r.clone(),
                }));
                out.extend(rt.ipv6_routes.iter().map(|r| Prerequisite::Ipv6Route {
                    route_table: rt.id.clone(),
                    route: r.clone(),
                }));
            }
        }
        // Pods take addresses in the pod subnets as soon as nodes start.
        out.extend(
            self.subnets_of(Tier::Pod)
                .map(|s| Prerequisite::Association {
                    subnet: s.id.clone(),
                }),
        );
        out.extend(self.endpoints.iter().map(|e| Prerequisite::Endpoint {
            service: e.service.clone(),
            kind: e.kind,
        }));
        out.extend(
            self.managed_addons
                .iter()
                .filter(|a| !a.after_nodes)
                .map(|a| Prerequisite::Addon {
                    name: a.name.clone(),
                }),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{LoadedSpec, SpecSource};

    /// The network prerequisites of a two-AZ network of `architecture` with
    /// the rest of its spec (managed add-ons: `addons_first`).
    fn prerequisites(architecture: &str, rest: &str) -> Vec<String> {
        all_prerequisites(architecture, rest)
            .into_iter()
            .filter(|p| !p.starts_with("addon "))
            .collect()
    }

    fn all_prerequisites(architecture: &str, rest: &str) -> Vec<String> {
        let text = format!(
            "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: t\nregion: us-west-2\n\
             kubernetesVersion: \"1.33\"\narchitecture: {architecture}\n\
             nodeGroup: {{ instanceTypes: [m6i.large], minSize: 1, desiredSize: 2, maxSize: 4 }}\n\
             {rest}"
        );
        let l = LoadedSpec::from_str(&text, SpecSource::BuiltIn).expect("loads");
        let p = crate::topology::plan(&l.spec);
        let t = p.valid().unwrap_or_else(|| panic!("{:?}", p.diagnostics));
        t.node_group_prerequisites()
            .into_iter()
            .map(|p| match p {
                Prerequisite::Association { subnet } => format!("association {subnet}"),
                Prerequisite::Route { route_table, route } => {
                    assert!(crate::topology::cidr::is_any(&route.destination));
                    format!("route {route_table} -> {:?}", route.target)
                }
                Prerequisite::Ipv6Route { route_table, route } => {
                    format!(
                        "route {route_table} {} -> {:?}",
                        route.destination, route.target
                    )
                }
                Prerequisite::Endpoint { service, kind } => {
                    format!("endpoint {service} {}", kind.as_str())
                }
                Prerequisite::Addon { name } => format!("addon {name}"),
            })
            .collect()
    }

    const AZS: &str = "vpc:\n  cidr: 10.0.0.0/16\n  availabilityZones: [us-west-2a, us-west-2b]\n";

    #[test]
    fn public_private_waits_for_the_nat_routes() {
        assert_eq!(
            prerequisites("public-private", &format!("{AZS}  nat: per-az\n")),
            [
                "association private-us-west-2a",
                "route private-us-west-2a -> NatGateway(\"nat-us-west-2a\")",
                "association private-us-west-2b",
                "route private-us-west-2b -> NatGateway(\"nat-us-west-2b\")",
            ]
        );
        // One NAT gateway: both routes go to it.
        assert_eq!(
            prerequisites("public-private", &format!("{AZS}privateLink: [sts]\n")),
            [
                "association private-us-west-2a",
                "route private-us-west-2a -> NatGateway(\"nat-us-west-2a\")",
                "association private-us-west-2b",
                "route private-us-west-2b -> NatGateway(\"nat-us-west-2a\")",
                "endpoint sts Interface",
            ]
        );
    }

    #[test]
    fn public_only_waits_for_the_shared_route_once() {
        assert_eq!(
            prerequisites("public-only", AZS),
            [
                "association public-us-west-2a",
                "route public -> InternetGateway",
                "association public-us-west-2b",
            ]
        );
    }

    #[test]
    fn private_only_waits_for_the_transit_gateway_routes() {
        let tgw = "  egress: transit-gateway\n  transitGatewayId: tgw-0123456789abcdef0\n";
        assert_eq!(
            prerequisites("private-only", &format!("{AZS}{tgw}")),
            [
                "association private-us-west-2a",
                "route private-us-west-2a -> TransitGateway(\"tgw-0123456789abcdef0\")",
                "association private-us-west-2b",
                "route private-us-west-2b -> TransitGateway(\"tgw-0123456789abcdef0\")",
            ]
        );
    }

    #[test]
    fn without_a_way_out_the_node_group_waits_for_the_endpoints() {
        let endpoints = [
            "endpoint ec2 Interface",
            "endpoint ecr.api Interface",
            "endpoint ecr.dkr Interface",
            "endpoint s3 Gateway",
            "endpoint sts Interface",
        ];
        let private = [
            "association private-us-west-2a",
            "association private-us-west-2b",
        ];
        let expected: Vec<&str> = private.iter().chain(&endpoints).copied().collect();
        let access = "endpointAccess: { public: false, private: true }\n";
        assert_eq!(
            prerequisites("fully-private", &format!("{AZS}{access}")),
            expected
        );
        assert_eq!(prerequisites("private-only", AZS), expected);
        assert_eq!(
            prerequisites("public-private", &format!("{AZS}  nat: none\n")),
            expected
        );
    }

    #[test]
    fn the_daemonset_addons_come_before_the_nodes_and_coredns_after() {
        let all = all_prerequisites(
            "public-private",
            &format!("{AZS}addons: [cloudwatch, pod-identity]\n"),
        );
        let addons: Vec<&str> = all
            .iter()
            .filter(|p| p.starts_with("addon "))
            .map(String::as_str)
            .collect();
        assert_eq!(
            addons,
            [
                "addon vpc-cni",
                "addon kube-proxy",
                "addon eks-pod-identity-agent"
            ]
        );
        assert!(all.last().unwrap().starts_with("addon "), "{all:?}");
    }

    #[test]
    fn ipv6_nodes_wait_for_the_ipv6_default_routes_too() {
        let ipv6 = format!("{AZS}ipFamily: ipv6\n");
        assert_eq!(
            prerequisites("public-private", &ipv6),
            [
                "association private-us-west-2a",
                "route private-us-west-2a -> NatGateway(\"nat-us-west-2a\")",
                "route private-us-west-2a ::/0 -> EgressOnlyInternetGateway",
                "association private-us-west-2b",
                "route private-us-west-2b -> NatGateway(\"nat-us-west-2a\")",
                "route private-us-west-2b ::/0 -> EgressOnlyInternetGateway",
            ]
        );
        assert_eq!(
            prerequisites("public-only", &ipv6),
            [
                "association public-us-west-2a",
                "route public -> InternetGateway",
                "route public ::/0 -> InternetGateway",
                "association public-us-west-2b",
            ]
        );
    }
}
