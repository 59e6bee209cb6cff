//! The doctor's report: per node subnet, can nodes join, by which path, and
//! if not, why and the commands that fix it; then every finding. Text for
//! people, JSON for tools; both deterministic (the topology's order, sorted
//! findings).
//!
//! The text is for a terminal: every value that comes from the input goes
//! through `text::shown`, so a control character in a name or an ID is an
//! escape, not a command to the terminal. JSON keeps every value exact.

use super::{Check, EndpointToCreate, Report, SubnetReport};
use crate::diag::{Diagnostic, Severity};
use crate::text::shown;
use crate::topology::reach::Family;
use crate::topology::{Tier, Topology};
use serde::Serialize;
use std::io::{Result, Write};

/// `parts` one after the other: a large VPC's report is millions of
/// lines, which `write!` would take through the formatting machinery.
fn put(o: &mut Vec<u8>, parts: &[&str]) {
    for p in parts {
        o.extend_from_slice(p.as_bytes());
    }
}

fn fixes(o: &mut Vec<u8>, c: &Check, indent: &str) {
    for (i, r) in c.fixes.iter().enumerate() {
        let head = if i == 0 { "fix: " } else { "or: " };
        put(o, &[indent, head, &shown(&r.summary), "\n"]);
        for cmd in &r.commands {
            put(o, &[indent, "  ", &shown(cmd), "\n"]);
        }
        if let Some(line) = r.create_line() {
            put(o, &[indent, "  ", &shown(&line), "\n"]);
        }
    }
}

/// The VPC endpoints that fixes below create: each command once, since an
/// endpoint serves the whole VPC.
fn endpoints_to_create(r: &Report, o: &mut impl Write) -> Result<()> {
    let all = &r.endpoints_to_create;
    if all.is_empty() {
        return Ok(());
    }
    o.write_all(b"\nVPC endpoints to create (one command each, for the whole VPC; the fixes below name them)\n")?;
    // One security group serves every interface endpoint a fix creates.
    if let Some(why) = all.iter().find_map(|e| e.security_group_reason.as_ref()) {
        writeln!(o, "  (interface endpoints: {})", shown(why))?;
    }
    for e in all {
        let only = if e.in_first_fix {
            ""
        } else {
            " (only an alternative fix creates it; the preferred one needs no endpoint)"
        };
        writeln!(
            o,
            "  {}{only}\n    {}",
            shown(&e.service),
            shown(&e.command)
        )?;
    }
    Ok(())
}

/// Where the pod subnets were taken from, and each with its free addresses.
fn pod_subnets(r: &Report, o: &mut impl Write) -> Result<()> {
    let Some(from) = &r.pod_subnets_from else {
        return Ok(());
    };
    writeln!(o, "Pod subnets from {}:", shown(from))?;
    for s in r.topology.subnets.iter().filter(|s| s.tier == Tier::Pod) {
        let free = s
            .available_addresses
            .map_or(String::new(), |n| format!(", {n} addresses free"));
        writeln!(o, "  {} ({}, {}{free})", shown(&s.id), shown(&s.az), s.cidr)?;
    }
    Ok(())
}

/// The text report, as one string ([`write_text`] into memory).
pub fn text(r: &Report) -> String {
    let mut o = Vec::new();
    write_text(r, &mut o).expect("writing to memory does not fail");
    String::from_utf8(o).expect("the report is UTF-8")
}

/// The text report, written as it is made: a large VPC's report runs to
/// hundreds of megabytes, which need not be held in memory on the way to
/// stdout.
pub fn write_text(r: &Report, o: &mut impl Write) -> Result<()> {
    let t = &r.topology;
    let cluster = r
        .cluster
        .as_deref()
        .map_or("no cluster.json".to_string(), |c| {
            format!("cluster {}", shown(c))
        });
    writeln!(
        o,
        "eksnet doctor: VPC {} ({}) in {}, {cluster}",
        shown(&r.vpc),
        t.vpc.cidr,
        shown(&r.region)
    )?;
    let c = &t.cluster;
    let public = if c.endpoint_public_access {
        let cidrs: Vec<String> = c
            .public_access_cidrs
            .iter()
            .map(|n| n.to_string())
            .collect();
        format!("public from {}", cidrs.join(", "))
    } else {
        "public off".into()
    };
    writeln!(
        o,
        "API endpoint: {public}; private {}",
        if c.endpoint_private_access {
            "on"
        } else {
            "off"
        }
    )?;
    writeln!(o, "Node subnets from {}", shown(&r.node_subnets_from))?;
    pod_subnets(r, o)?;
    endpoints_to_create(r, o)?;

    in_order(o, &r.subnets, subnet)?;
    o.write_all(b"\nFindings\n")?;
    if r.diagnostics.is_empty() {
        o.write_all(b"  none\n")?;
    }
    in_order(o, &r.diagnostics.0, finding)?;

    let blocked = r.subnets.iter().filter(|s| !s.can_join).count();
    writeln!(
        o,
        "\n{}: {} of {} node subnet(s) cannot join; {} error(s), {} warning(s)",
        if blocked == 0 && r.errors() == 0 {
            "healthy"
        } else {
            "broken"
        },
        blocked,
        r.subnets.len(),
        r.errors(),
        r.warnings()
    )?;
    Ok(())
}

/// `each` of `items`, written to `o` in order: a window of items at a time
/// is written into memory on every core (a large VPC has 100,000 subnets
/// and twice as many findings), then the window goes out.
fn in_order<T: Sync>(
    o: &mut impl Write,
    items: &[T],
    each: fn(&mut Vec<u8>, &T) -> Result<()>,
) -> Result<()> {
    const WINDOW: usize = 16_384;
    for window in items.chunks(WINDOW) {
        let texts = crate::par::map_chunks(window, 1_024, |chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 512);
            chunk
                .iter()
                .try_for_each(|x| each(&mut buf, x))
                .map(|()| buf)
        });
        for text in texts {
            o.write_all(&text?)?;
        }
    }
    Ok(())
}

/// One node subnet's verdict, its paths and their fixes.
fn subnet(o: &mut Vec<u8>, s: &SubnetReport) -> Result<()> {
    put(
        o,
        &[
            "\n",
            &shown(&s.subnet),
            " (",
            &shown(&s.az),
            ", ",
            &s.tier,
            ", ",
        ],
    );
    write!(o, "{}", s.cidr)?;
    put(o, &[", route table ", &shown(&s.route_table)]);
    if let Some(n) = s.available_addresses {
        write!(o, ", {n} addresses free")?;
    }
    let verdict = if s.can_join {
        "nodes can join"
    } else {
        "nodes CANNOT join"
    };
    put(o, &["): ", verdict, "\n"]);
    for (label, family, c) in s.path_checks() {
        let what = match family {
            Family::Ipv6 => "API over IPv6",
            Family::Ipv4 => label,
        };
        let ok = if c.ok { " ok " } else { " NO " };
        put(
            o,
            &["  ", what, padding(what, 15), ok, &shown(&c.path), "\n"],
        );
        fixes(o, c, "    ");
    }
    for b in &s.blockers {
        put(
            o,
            &["  also", padding("also", 15), " NO ", &shown(&b.path), "\n"],
        );
        fixes(o, b, "    ");
    }
    Ok(())
}

/// The spaces that pad `s` to `width` characters, as `{:<width}` would.
fn padding(s: &str, width: usize) -> &'static str {
    const SPACES: &str = "                ";
    let n = width.saturating_sub(s.chars().count()).min(SPACES.len());
    &SPACES[..n]
}

/// One finding, with its place and (unless a note) its fix.
fn finding(o: &mut Vec<u8>, d: &Diagnostic) -> Result<()> {
    put(
        o,
        &[
            d.severity.as_str(),
            "[",
            d.code.as_str(),
            "]: ",
            &shown(&d.message),
            "\n",
        ],
    );
    if let Some(res) = &d.place.resource {
        put(o, &["  --> ", &shown(res), "\n"]);
    }
    if !d.fix.is_empty() && d.severity != Severity::Note {
        let mut lines = d.fix.lines();
        if let Some(first) = lines.next() {
            put(o, &["  fix: ", &shown(first), "\n"]);
        }
        for l in lines {
            put(o, &["       ", &shown(l), "\n"]);
        }
    }
    Ok(())
}

/// The JSON report, as one string ([`write_json`] into memory).
pub fn json(r: &Report) -> String {
    let mut o = Vec::new();
    write_json(r, &mut o).expect("writing to memory does not fail");
    String::from_utf8(o).expect("JSON is UTF-8")
}

/// The JSON report, written as it is made. Its keys come out sorted, as
/// they always have: the report was once built as one `serde_json::Value`,
/// whose objects sort their keys. Now one subnet or one finding at a time
/// becomes such a `Value` on its way out (the topology, a fifth of the
/// report, still whole), so a large VPC's report (a quarter of a gigabyte
/// at 100,000 subnets) is never all in memory at once.
pub fn write_json(r: &Report, o: &mut impl Write) -> Result<()> {
    let doc = JsonReport {
        all_node_subnets_can_join: r.all_can_join(),
        cluster: &r.cluster,
        diagnostics: Each(&r.diagnostics.0),
        endpoints_to_create: Each(&r.endpoints_to_create),
        node_subnets_from: &r.node_subnets_from,
        pod_subnets_from: r.pod_subnets_from.as_deref(),
        region: &r.region,
        subnets: Each(&r.subnets),
        topology: Sorted(&r.topology),
        vpc: &r.vpc,
    };
    serde_json::to_writer_pretty(&mut *o, &doc)?;
    o.write_all(b"\n")
}

/// The JSON report's fields, in the order of their keys.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    all_node_subnets_can_join: bool,
    cluster: &'a Option<String>,
    diagnostics: Each<'a, Diagnostic>,
    #[serde(skip_serializing_if = "Each::is_empty")]
    endpoints_to_create: Each<'a, EndpointToCreate>,
    node_subnets_from: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pod_subnets_from: Option<&'a str>,
    region: &'a str,
    subnets: Each<'a, SubnetReport>,
    topology: Sorted<'a, Topology>,
    vpc: &'a str,
}

/// A value written as its `serde_json::Value`: with its objects' keys sorted.
struct Sorted<'a, T>(&'a T);

impl<T: Serialize> Serialize for Sorted<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::Error;
        serde_json::to_value(self.0)
            .map_err(S::Error::custom)?
            .serialize(s)
    }
}

/// A list written element by element, each [`Sorted`].
struct Each<'a, T>(&'a [T]);

impl<T> Each<'_, T> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Each<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Sorted))
    }
}
