//! The network checks of an IPv6 cluster (E105 to W108): they read only
//! the model, so they judge an imported VPC as they would a planned one
//! (which passes them by construction).

use super::model::*;
use super::ANY6;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(t: &Topology, out: &mut Vec<Diagnostic>) {
    if t.ip_family != IpFamily::Ipv6 {
        return;
    }
    for s in &t.subnets {
        let on = s.place();
        match s.ipv6 {
            None if s.nodes => out.push(
                Diagnostic::new(
                    Code::E105,
                    format!("node subnet {} has no IPv6 block in an IPv6 cluster", s.id),
                )
                .on(&on)
                .fix(format!(
                    "aws ec2 associate-subnet-cidr-block --subnet-id {} --ipv6-cidr-block IPV6-64-OF-THE-VPC",
                    s.id
                )),
            ),
            None => {}
            Some(v6) => {
                if s.nodes && !v6.assign_on_creation {
                    out.push(
                        Diagnostic::new(
                            Code::E106,
                            format!(
                                "node subnet {} does not assign IPv6 addresses on creation: EKS refuses a managed node group there (Ec2SubnetMissingIpv6Assignment)",
                                s.id
                            ),
                        )
                        .on(&on)
                        .fix(format!(
                            "aws ec2 modify-subnet-attribute --subnet-id {} --assign-ipv6-address-on-creation",
                            s.id
                        )),
                    );
                }
                if v6.dns64 {
                    out.push(
                        Diagnostic::new(
                            Code::W108,
                            format!("subnet {} has DNS64 on", s.id),
                        )
                        .on(&on)
                        .fix(format!(
                            "aws ec2 modify-subnet-attribute --subnet-id {} --no-enable-dns64",
                            s.id
                        )),
                    );
                }
            }
        }
        // Without an internet gateway nothing leaves the VPC, over IPv6 either.
        let way_out = t.internet_gateway.is_some();
        if way_out
            && s.tier == Tier::Private
            && s.ipv6.is_some()
            && !has_ipv6_default(t, &s.route_table)
        {
            out.push(
                Diagnostic::new(
                    Code::W107,
                    format!(
                        "private subnet {} has no IPv6 default route (::/0) in route table {}",
                        s.id, s.route_table
                    ),
                )
                .on(&on)
                .fix(format!(
                    "aws ec2 create-route --route-table-id {} --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id EIGW-ID (create one with `aws ec2 create-egress-only-internet-gateway --vpc-id VPC-ID`)",
                    s.route_table
                )),
            );
        }
    }
}

/// Whether the route table sends `::/0` somewhere.
fn has_ipv6_default(t: &Topology, route_table: &str) -> bool {
    t.route_table(route_table)
        .is_some_and(|rt| rt.ipv6_routes.iter().any(|r| r.destination == ANY6))
}
