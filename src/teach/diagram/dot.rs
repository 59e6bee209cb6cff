//! A Scene as Graphviz DOT: groups become `cluster_` subgraphs, so Graphviz
//! draws them as boxes; arrows cross them freely.
//!
//! Every id and label is a double-quoted DOT string: `\` and `"` are escaped,
//! and line breaks are written as DOT's `\n`, which Graphviz centres.

use super::{Class, EdgeKind, Group, GroupKind, Scene};
use std::fmt::Write;

/// `s` as a double-quoted DOT string.
pub fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Several lines as one DOT label (escaped, joined by `\n`).
fn label(lines: &[String]) -> String {
    let quoted: Vec<String> = lines
        .iter()
        .map(|l| {
            let q = quote(l);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", quoted.join("\\n"))
}

fn node_style(class: Class) -> &'static str {
    match class {
        Class::PublicSubnet => {
            r##"shape=box, style="rounded,filled", fillcolor="#e6f4ea", color="#2e7d32""##
        }
        Class::PrivateSubnet => {
            r##"shape=box, style="rounded,filled", fillcolor="#e3f2fd", color="#1565c0""##
        }
        Class::Nat => {
            r##"shape=box, style="rounded,filled,bold", fillcolor="#fff3e0", color="#ef6c00""##
        }
        Class::Gateway => r##"shape=hexagon, style=filled, fillcolor="#fff8e1", color="#f9a825""##,
        Class::Endpoint => r##"shape=box, style="filled", fillcolor="#f3e5f5", color="#6a1b9a""##,
        Class::Api => {
            r##"shape=box, style="rounded,filled,bold", fillcolor="#fffde7", color="#5d4037""##
        }
        Class::AwsServices => {
            r##"shape=cylinder, style=filled, fillcolor="#eceff1", color="#455a64""##
        }
    }
}

fn group_style(kind: GroupKind) -> &'static str {
    match kind {
        // Outside boxes sit below the VPC and arrows enter from above: their
        // titles go at the bottom, out of the arrows' way.
        GroupKind::ControlPlane => {
            r##"style="rounded,filled"; fillcolor="#fafafa"; color="#5d4037"; labelloc=b"##
        }
        GroupKind::Vpc => r##"style="rounded"; color="#424242"; penwidth=2"##,
        GroupKind::Az => r##"style="rounded,dashed"; color="#757575""##,
        GroupKind::Endpoints => r##"style="rounded,dashed"; color="#6a1b9a""##,
        GroupKind::AwsServices => {
            r##"style="rounded,filled"; fillcolor="#fafafa"; color="#455a64"; labelloc=b"##
        }
    }
}

fn group(o: &mut String, g: &Group, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        o,
        "{pad}subgraph {} {{",
        quote(&format!("cluster_{}", g.id))
    );
    let _ = writeln!(
        o,
        "{pad}  label={}; {}",
        quote(&g.label),
        group_style(g.kind)
    );
    for n in &g.nodes {
        let _ = writeln!(
            o,
            "{pad}  {} [label={}, {}];",
            quote(&n.id),
            label(&n.lines),
            node_style(n.class)
        );
    }
    for child in &g.groups {
        group(o, child, depth + 1);
    }
    let _ = writeln!(o, "{pad}}}");
}

pub fn render(scene: &Scene) -> String {
    let mut o = String::new();
    o.push_str("digraph eksnet {\n");
    let _ = writeln!(
        o,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=14, compound=true, newrank=true, rankdir=TB, nodesep=0.35, ranksep=0.6];",
        label(&[scene.title.clone(), scene.legend.clone()])
    );
    o.push_str("  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.15,0.06\"];\n");
    o.push_str("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#37474f\"];\n");
    for g in &scene.groups {
        group(&mut o, g, 1);
    }
    // Each layer on one rank across the AZ boxes (newrank allows it), and
    // each AZ's boxes stacked by invisible edges, so AZs stand side by side
    // with public subnets above private ones.
    for ids in super::layers(&scene.groups).values() {
        let q: Vec<String> = ids.iter().map(|i| quote(i)).collect();
        let _ = writeln!(o, "  {{ rank=same; {}; }}", q.join("; "));
    }
    for chain in super::stacks(&scene.groups) {
        for w in chain.windows(2) {
            let _ = writeln!(o, "  {} -> {} [style=invis];", quote(w[0]), quote(w[1]));
        }
    }
    for e in &scene.edges {
        let style = match e.kind {
            EdgeKind::Api => ", penwidth=2",
            EdgeKind::Images => ", style=dashed, color=\"#78909c\", fontcolor=\"#546e7a\"",
            EdgeKind::Broken => ", style=dashed, color=\"#c62828\", fontcolor=\"#c62828\"",
        };
        let label = if e.label.is_empty() {
            String::new()
        } else {
            format!("label={}, ", quote(&e.label))
        };
        let _ = writeln!(
            o,
            "  {} -> {} [{label}{}];",
            quote(&e.from),
            quote(&e.to),
            style.trim_start_matches(", ")
        );
    }
    o.push_str("}\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_quotes() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(label(&["x\"".into(), "y".into()]), r#""x\"\ny""#);
    }
}
