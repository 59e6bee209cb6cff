//! A path as reachability tells it (`reach`, `reach_ipv6`): the hops a
//! node's traffic takes, its address family, whether it holds, and why
//! not. Apart from the analysis, so that each family's analysis reads
//! these types without reading the other.

use super::model::*;
use crate::diag::Code;
use ipnet::Ipv4Net;
use serde::Serialize;

/// One step of a path as data, for readers that draw it (diagrams) rather
/// than print it: each names the model object it passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hop {
    /// A subnet of the topology, by `id`.
    Subnet(String),
    /// The VPC's implicit `local` route.
    LocalRoute,
    InternetGateway,
    /// A NAT gateway, by `id`.
    NatGateway(String),
    /// A transit gateway, by its ID.
    TransitGateway(String),
    /// The EKS-managed ENIs of the private API endpoint.
    PrivateEndpoint,
    /// The public API endpoint.
    PublicEndpoint,
    /// A VPC endpoint, by service (`ecr.api`, `s3`).
    VpcEndpoint(String),
    /// AWS services' public endpoints, over the internet.
    AwsPublicServices,
}

/// The address family a path is taken over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    #[default]
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Ipv4 => "IPv4",
            Family::Ipv6 => "IPv6",
        }
    }
}

/// Hops as text and as data. One text hop may name several data hops
/// ("ecr.api interface endpoint + s3 gateway endpoint").
#[derive(Debug, Clone, Default)]
pub(super) struct Trail {
    pub(super) text: Vec<String>,
    pub(super) via: Vec<Hop>,
}

impl Trail {
    /// "<tier> subnet <id> (<az>)": every path of every subnet starts so,
    /// so it is put together without the formatter.
    pub(super) fn start(s: &Subnet) -> Trail {
        let tier = s.tier.as_str();
        let mut first = String::with_capacity(tier.len() + s.id.len() + s.az.len() + 11);
        for part in [tier, " subnet ", &s.id, " (", &s.az, ")"] {
            first.push_str(part);
        }
        let mut t = Trail {
            text: Vec::with_capacity(4),
            via: Vec::with_capacity(4),
        };
        t.push(first, Hop::Subnet(s.id.clone()));
        t
    }
    pub(super) fn push(&mut self, text: impl Into<String>, hop: Hop) {
        self.text.push(text.into());
        self.via.push(hop);
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    /// The family the path is taken over: IPv4, or (IPv6 clusters) IPv6.
    pub family: Family,
    pub ok: bool,
    /// Each step, e.g. "0.0.0.0/0 → NAT gateway nat-us-west-2a".
    pub hops: Vec<String>,
    /// The same steps as data (the last one reached, when the path is broken).
    #[serde(skip)]
    pub via: Vec<Hop>,
    /// Why there is no path (when `ok` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The rule a missing path breaks.
    #[serde(skip)]
    pub code: Option<Code>,
    /// What breaks it, in terms a fix can act on (`doctor` turns these into
    /// AWS CLI commands). Not serialized: `problem` says it in words.
    #[serde(skip)]
    pub causes: Vec<Cause>,
}

/// One thing that breaks a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The route table has no 0.0.0.0/0 route.
    NoDefaultRoute { route_table: String },
    /// The default route points at an internet gateway the VPC lacks.
    NoInternetGateway { route_table: String },
    /// 0.0.0.0/0 goes to the internet gateway but the subnet gives no public IPs.
    NoPublicIp { subnet: String },
    /// The default route points at a NAT gateway that does not exist (or is
    /// not usable): `route_table`'s 0.0.0.0/0 should be replaced.
    MissingNat { route_table: String, nat: String },
    /// The NAT gateway has no way to the internet itself.
    NatWithoutInternet { nat: String },
    /// The default route goes somewhere eksnet cannot follow.
    Unfollowable { route_table: String, target: String },
    /// Routes more specific than the VPC's local route send the private
    /// endpoint's addresses (in the VPC) elsewhere.
    LocalOverridden {
        route_table: String,
        destinations: Vec<Ipv4Net>,
    },
    /// Public and private endpoint access are both off.
    EndpointAccessOff,
    /// Private access is on but the VPC's DNS attributes are not both on.
    VpcDnsOff,
    /// Private access is off and the public endpoint does not admit the
    /// address node traffic leaves with (a NAT gateway's, when known).
    PublicCidrs { nat: Option<String> },
    /// The route table sends no `::/0` anywhere the node's IPv6 can leave by.
    NoIpv6Route { route_table: String },
    /// Nodes launched in the subnet get no IPv6 address (no /64, or
    /// IPv6 auto-assign off).
    NoIpv6Address { subnet: String },
    /// A VPC endpoint the path needs is missing or unusable.
    Endpoint {
        service: String,
        problem: EndpointProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointProblem {
    Missing,
    PrivateDnsOff,
    /// Its security groups do not admit TCP 443 from the subnet.
    IngressBlocked {
        subnet: String,
    },
    /// A gateway endpoint not on the subnet's route table.
    NotOnRouteTable {
        route_table: String,
    },
    /// The subnet's route table sends the endpoint's addresses elsewhere
    /// (routes more specific than the VPC's local route).
    RoutedAway {
        route_table: String,
        destinations: Vec<Ipv4Net>,
    },
}

impl Path {
    pub(super) fn ok(t: Trail) -> Path {
        Path {
            family: Family::Ipv4,
            ok: true,
            hops: t.text,
            via: t.via,
            problem: None,
            code: None,
            causes: vec![],
        }
    }
    pub(super) fn broken(
        code: Code,
        t: Trail,
        problem: impl Into<String>,
        causes: Vec<Cause>,
    ) -> Path {
        Path {
            family: Family::Ipv4,
            ok: false,
            hops: t.text,
            via: t.via,
            problem: Some(problem.into()),
            code: Some(code),
            causes,
        }
    }
    pub(super) fn over(mut self, family: Family) -> Path {
        self.family = family;
        self
    }
    /// "a → b → c", or "a → ✗ problem".
    pub fn describe(&self) -> String {
        let mut s = self.hops.join(" → ");
        if let Some(p) = &self.problem {
            if !s.is_empty() {
                s.push_str(" → ");
            }
            s.push_str("✗ ");
            s.push_str(p);
        }
        s
    }
}
