//! A Scene as a Mermaid flowchart: groups become subgraphs, boxes nodes,
//! arrows links. Renders on GitHub and GitLab and with mermaid-cli.
//!
//! Labels are always double-quoted; inside them Mermaid reads `#…;` entity
//! codes, so `#`, `"`, `<` and `>` are written as codes (and `#` first, so
//! the codes themselves survive). Line breaks are `<br/>`.

use super::{all_nodes, Class, EdgeKind, Group, GroupKind, Scene};
use std::fmt::Write;

/// Text safe inside a double-quoted Mermaid label.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => o.push_str("#35;"),
            '"' => o.push_str("#quot;"),
            '<' => o.push_str("#lt;"),
            '>' => o.push_str("#gt;"),
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

fn shape(class: Class, text: &str) -> String {
    match class {
        Class::PublicSubnet | Class::PrivateSubnet => format!("[\"{text}\"]"),
        // Not the stadium shape: Mermaid draws it with random jitter, and the
        // committed SVGs must come out the same on every run.
        Class::Nat => format!("(\"{text}\")"),
        Class::Gateway => format!("{{{{\"{text}\"}}}}"),
        Class::Endpoint => format!("[[\"{text}\"]]"),
        Class::Api => format!("(\"{text}\")"),
        Class::AwsServices => format!("[(\"{text}\")]"),
    }
}

fn group(o: &mut String, g: &Group, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(o, "{pad}subgraph {}[\"{}\"]", g.id, escape(&g.label));
    let dir = match g.kind {
        GroupKind::Vpc => "LR",
        GroupKind::ControlPlane | GroupKind::Az | GroupKind::Endpoints | GroupKind::AwsServices => {
            "TB"
        }
    };
    let _ = writeln!(o, "{pad}  direction {dir}");
    for n in &g.nodes {
        let _ = writeln!(o, "{pad}  {}{}", n.id, shape(n.class, &label(&n.lines)));
    }
    for child in &g.groups {
        group(o, child, depth + 1);
    }
    let _ = writeln!(o, "{pad}end");
}

pub fn render(scene: &Scene) -> String {
    let mut o = String::new();
    // The title sits in YAML front matter: a double-quoted YAML string.
    let title = format!("{} — {}", scene.title, scene.legend)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    // A wider wrapping width keeps each label line on one line.
    let _ = writeln!(
        o,
        "---\ntitle: \"{title}\"\nconfig:\n  flowchart:\n    wrappingWidth: 260\n---"
    );
    o.push_str("flowchart TB\n");
    for g in &scene.groups {
        group(&mut o, g, 1);
    }
    // Invisible links stack each AZ's boxes top to bottom (public subnet,
    // private subnet, NAT gateway), which Mermaid's layout otherwise ignores
    // once boxes have arrows to the outside.
    for chain in super::stacks(&scene.groups) {
        for w in chain.windows(2) {
            let _ = writeln!(o, "  {} ~~~ {}", w[0], w[1]);
        }
    }
    for e in &scene.edges {
        let arrow = match e.kind {
            EdgeKind::Api => "==>",
            EdgeKind::Images => "-.->",
            EdgeKind::Broken => "--x",
        };
        if e.label.is_empty() {
            let _ = writeln!(o, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(o, "  {} {arrow}|\"{}\"| {}", e.from, escape(&e.label), e.to);
        }
    }
    // Colours: public green, private blue, gateways amber, endpoints violet.
    for (class, style) in [
        (
            Class::PublicSubnet,
            "fill:#e6f4ea,stroke:#2e7d32,color:#1b1b1b",
        ),
        (
            Class::PrivateSubnet,
            "fill:#e3f2fd,stroke:#1565c0,color:#1b1b1b",
        ),
        (Class::Nat, "fill:#fff3e0,stroke:#ef6c00,color:#1b1b1b"),
        (Class::Gateway, "fill:#fff8e1,stroke:#f9a825,color:#1b1b1b"),
        (Class::Endpoint, "fill:#f3e5f5,stroke:#6a1b9a,color:#1b1b1b"),
        (Class::Api, "fill:#fffde7,stroke:#5d4037,color:#1b1b1b"),
        (
            Class::AwsServices,
            "fill:#eceff1,stroke:#455a64,color:#1b1b1b",
        ),
    ] {
        let members: Vec<&str> = all_nodes(&scene.groups)
            .into_iter()
            .filter(|n| n.class == class)
            .map(|n| n.id.as_str())
            .collect();
        if !members.is_empty() {
            let _ = writeln!(o, "  classDef {} {style}", class.name());
            let _ = writeln!(o, "  class {} {}", members.join(","), class.name());
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_entities_and_tags() {
        assert_eq!(escape(r#"a"b#c<d>"#), "a#quot;b#35;c#lt;d#gt;");
        assert_eq!(escape("x\ny"), "x y");
    }
}
