//! The Cluster API endpoint and node sections: public and private access,
//! the cluster and node group subnets, and the service CIDR.

use super::{fact, list, same, st, Fact, Section, Statement};
use crate::report::strings;
use crate::teach::sources::Ref;
use crate::topology::{cidr, Topology};

pub(super) fn endpoint_access(t: &Topology, out: &mut Vec<Statement>) {
    out.push(public_access(t));
    out.push(private_access(t));
}

/// Public access: who may reach the API server from outside the VPC.
fn public_access(t: &Topology) -> Statement {
    let c = &t.cluster;
    let mut facts = vec![same(
        "/topology/cluster/endpointPublicAccess",
        c.endpoint_public_access,
    )];
    let text = if c.endpoint_public_access {
        public_from(t, &mut facts)
    } else {
        "Public access false: the API server cannot be reached from the internet; kubectl must run in the VPC or a connected network (VPN, Direct Connect, a bastion).".to_string()
    };
    let refs: &[Ref] = if c.endpoint_public_access && !c.endpoint_private_access {
        &[
            Ref::EksEndpoint,
            Ref::EksEndpointAccess,
            Ref::BlogNetworking,
        ]
    } else {
        &[Ref::EksEndpoint, Ref::BlogNetworking]
    };
    st(Section::Endpoint, text, facts, refs)
}

/// The allowed CIDRs, what 0.0.0.0/0 means and how to restrict it, and the
/// NAT gateways' Elastic IPs; their facts go to `facts`.
fn public_from(t: &Topology, facts: &mut Vec<Fact>) -> String {
    let c = &t.cluster;
    let cidrs = strings(&c.public_access_cidrs);
    for (k, n) in c.public_access_cidrs.iter().enumerate() {
        facts.push(same(format!("/topology/cluster/publicAccessCidrs/{k}"), n));
    }
    let open = c.public_access_cidrs.iter().any(cidr::is_any);
    let mut s = format!(
        "Public access true, from {}: kubectl and CI reach the API server from outside the VPC without a VPN.",
        list(&cidrs)
    );
    if open {
        s.push_str(" 0.0.0.0/0 lets anyone on the internet reach the API server (IAM authentication and RBAC still apply). Restrict it by listing your office or VPN ranges in endpointAccess.publicCidrs:");
        if c.endpoint_private_access {
            s.push_str(
                " with private access on, nodes do not use the public endpoint and are unaffected.",
            );
        } else {
            if t.nat_gateways.is_empty() {
                s.push_str(" with private access off, nodes use the public endpoint from their own public IPs, which cannot be known in advance, so turn private access on before restricting.");
            } else {
                s.push_str(" with private access off, the NAT gateways' Elastic IPs must stay in the list or nodes cannot join (eksnet adds them when the list is restricted).");
            }
        }
    }
    if c.allow_nat_addresses {
        facts.push(fact(
            "/topology/cluster/allowNatAddresses",
            true,
            "Elastic IPs",
        ));
        s.push_str(" Private access is off and nodes leave through NAT, so the NAT gateways' Elastic IPs are added to the allowed CIDRs at deploy time; without them nodes could not join.");
    }
    s
}

/// Private access: whether API requests from inside the VPC stay in it.
fn private_access(t: &Topology) -> Statement {
    let c = &t.cluster;
    let nodes_via = if t.nat_gateways.is_empty() {
        "their own public IPs"
    } else {
        "the NAT gateways"
    };
    let facts = vec![same(
        "/topology/cluster/endpointPrivateAccess",
        c.endpoint_private_access,
    )];
    let text = if c.endpoint_private_access {
        "Private access true: API requests from inside the VPC, the kubelets' included, go through the local route to EKS-managed network interfaces in the cluster subnets and never leave the VPC.".to_string()
    } else {
        format!(
            "Private access false: nodes reach the API through the public endpoint, leaving the VPC through {nodes_via}; EKS still places network interfaces in the cluster subnets for kubectl exec and logs."
        )
    };
    st(
        Section::Endpoint,
        text,
        facts,
        &[Ref::EksEndpoint, Ref::BlogNetworking],
    )
}

pub(super) fn nodes(t: &Topology, out: &mut Vec<Statement>) {
    let c = &t.cluster;
    let mut facts = Vec::new();
    for (k, s) in c.subnets.iter().enumerate() {
        facts.push(same(format!("/topology/cluster/subnets/{k}"), s));
    }
    out.push(st(
        Section::Nodes,
        format!(
            "Cluster subnets {}: EKS places the control plane's cross-account network interfaces here; it needs subnets in at least two AZs, each with at least 6 free addresses (16 recommended).",
            list(&c.subnets)
        ),
        facts,
        &[Ref::EksVpc],
    ));
    let g = &t.node_group;
    let mut facts = vec![
        same("/topology/nodeGroup/name", &g.name),
        same(
            "/topology/nodeGroup/privateNetworking",
            g.private_networking,
        ),
    ];
    for (k, s) in g.subnets.iter().enumerate() {
        facts.push(same(format!("/topology/nodeGroup/subnets/{k}"), s));
    }
    let ip = if g.private_networking {
        "nodes get no public IP"
    } else {
        "nodes get public IPs from their subnets' MapPublicIpOnLaunch"
    };
    out.push(st(
        Section::Nodes,
        format!(
            "Node group {} (eksctl's name; CloudFormation lets EKS name it, Terraform uses the name as a prefix, so a replacement can start before the old group goes) runs in {} with privateNetworking {}: {ip}. Nodes need no AssociatePublicIpAddress in a launch template; leaving it out lets the subnet decide.",
            g.name,
            list(&g.subnets),
            g.private_networking
        ),
        facts,
        &[Ref::BlogNetworking, Ref::Eksctl],
    ));
    if let Some(svc) = c.service_ipv4_cidr {
        out.push(st(
            Section::Nodes,
            format!(
                "Service CIDR {svc}: Kubernetes ClusterIPs come from this range, which must not overlap the VPC ({}) or networks it talks to.",
                t.vpc.cidr
            ),
            vec![
                same("/topology/cluster/serviceIpv4Cidr", svc),
                same("/topology/vpc/cidr", t.vpc.cidr),
            ],
            &[Ref::EksVpc],
        ));
    }
}
