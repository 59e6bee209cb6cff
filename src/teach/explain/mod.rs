//! `eksnet explain`: every decision of a Topology, in words, with its source.
//!
//! Each explanation is a `Statement`: the sentence, and the facts it talks
//! about as JSON pointers into the explained document (`/topology/...` as the
//! model serializes, `/reachability/...` as `reach::analyze` returns) with the
//! value read from the typed model and the way the sentence shows it. The
//! sentence is written from those same values, never from text copied from
//! elsewhere; a test resolves every pointer in the serialized model and checks
//! both the value and that the sentence shows it. What a choice means (why
//! MapPublicIpOnLaunch is on, what breaks if it were flipped) is chosen by
//! matching on the model's values, and cites where that knowledge comes from.
//!
//! This file holds the statement model and the print order; each section's
//! statements are written in a file of their own, and `print` turns them
//! into text or JSON.

mod addons;
mod architecture;
mod cluster;
mod ipv6;
mod nat;
mod paths;
mod pods;
mod print;
mod private_link;
mod routes;
mod stories;
mod subnets;
mod tags;

pub use print::{cited, json, text, wrap};

use super::sources::Ref;
use crate::topology::{reach, Topology};
use serde::Serialize;
use serde_json::Value;

/// The parts of an explanation, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Overview,
    Vpc,
    Subnets,
    Routes,
    Nat,
    Endpoint,
    Nodes,
    Pods,
    PrivateLink,
    Addons,
    Tags,
    Paths,
    Stories,
    Options,
}

impl Section {
    pub fn heading(self) -> &'static str {
        match self {
            Section::Overview => "Architecture",
            Section::Vpc => "VPC",
            Section::Subnets => "Subnets",
            Section::Routes => "Routes",
            Section::Nat => "NAT",
            Section::Endpoint => "Cluster API endpoint",
            Section::Nodes => "Cluster and node subnets",
            Section::Pods => "Pod addresses",
            Section::PrivateLink => "PrivateLink endpoints",
            Section::Addons => "Add-ons",
            Section::Tags => "Tags",
            Section::Paths => "Paths from the node subnets (reachability engine)",
            Section::Stories => "What goes wrong, and the rule that catches it",
            Section::Options => "Other options beside this plan",
        }
    }
}

/// One datum a statement talks about.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// JSON pointer into `document(t)`.
    pub pointer: String,
    /// The value, as read from the typed model.
    pub value: Value,
    /// How the sentence shows it.
    pub shown: String,
}

/// One point of an explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub section: Section,
    pub text: String,
    pub facts: Vec<Fact>,
    pub sources: Vec<Ref>,
}

/// The document the facts point into: the topology as it serializes, and
/// the reachability engine's paths.
pub fn document(t: &Topology) -> Value {
    serde_json::json!({
        "topology": t,
        "reachability": reach::analyze(t),
    })
}

/// Escape one JSON pointer token (RFC 6901): tag keys hold `/`.
pub fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn fact(pointer: impl Into<String>, value: impl Serialize, shown: impl Into<String>) -> Fact {
    Fact {
        pointer: pointer.into(),
        value: serde_json::to_value(value).expect("model values serialize"),
        shown: shown.into(),
    }
}

/// A fact shown as its own display form.
fn same<V: Serialize + ToString>(pointer: impl Into<String>, value: V) -> Fact {
    let shown = value.to_string();
    fact(pointer, value, shown)
}

fn st(section: Section, text: String, facts: Vec<Fact>, sources: &[Ref]) -> Statement {
    Statement {
        section,
        text,
        facts,
        sources: sources.to_vec(),
    }
}

fn list(items: &[String]) -> String {
    match items.len() {
        0 => "none".into(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Every statement about `t`, in print order.
pub fn statements(t: &Topology) -> Vec<Statement> {
    statements_with(t, &reach::analyze(t))
}

/// [`statements`] with the paths of `t` already found.
pub fn statements_with(t: &Topology, reach: &[reach::SubnetReach]) -> Vec<Statement> {
    let mut out = Vec::new();
    architecture::overview(t, &mut out);
    architecture::vpc(t, &mut out);
    subnets::subnets(t, &mut out);
    routes::routes(t, &mut out);
    nat::nat(t, &mut out);
    ipv6::ipv6(t, &mut out);
    cluster::endpoint_access(t, &mut out);
    cluster::nodes(t, &mut out);
    pods::pods(t, &mut out);
    private_link::private_link(t, &mut out);
    addons::addons(t, &mut out);
    tags::tags(t, &mut out);
    paths::paths(reach, &mut out);
    stories::stories(t, &mut out);
    stories::options(t, &mut out);
    out
}
