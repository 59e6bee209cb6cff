//! The statements printed: as wrapped text with their sources, and as JSON.

use super::{statements, Statement};
use crate::teach::sources::{inline, Ref};
use crate::topology::Topology;
use serde::Serialize;

/// Word-wrap `text` to `width` columns; continuation lines get `indent`.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        let len = line.chars().count() + word.chars().count() + usize::from(!empty);
        if !empty && len > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The explanation as text: a heading per section, one wrapped bullet per
/// statement with its sources, and the sources listed at the end.
pub fn text(t: &Topology) -> String {
    let stmts = statements(t);
    let mut o = String::new();
    let mut section = None;
    for s in &stmts {
        if section != Some(s.section) {
            if section.is_some() {
                o.push('\n');
            }
            o.push_str(s.section.heading());
            o.push('\n');
            section = Some(s.section);
        }
        let body = if s.sources.is_empty() {
            s.text.clone()
        } else {
            format!("{} {}", s.text, inline(&s.sources))
        };
        o.push_str(&wrap(&body, 100, "  - ", "    "));
    }
    o.push_str("\nSources\n");
    for r in cited(&stmts) {
        o.push_str(&wrap(
            &format!("[{}] {}", r.key(), r.citation()),
            100,
            "  ",
            "    ",
        ));
    }
    o
}

/// Every source the statements cite, once, in a fixed order.
pub fn cited(stmts: &[Statement]) -> Vec<Ref> {
    let mut refs: Vec<Ref> = stmts.iter().flat_map(|s| s.sources.clone()).collect();
    refs.sort();
    refs.dedup();
    refs
}

#[derive(Serialize)]
struct ExplainJson<'a> {
    statements: &'a [Statement],
    sources: Vec<SourceJson>,
}

#[derive(Serialize)]
struct SourceJson {
    key: &'static str,
    title: &'static str,
    url: &'static str,
    checked: &'static str,
}

/// The statements, facts included, as JSON.
pub fn json(t: &Topology) -> String {
    let stmts = statements(t);
    let doc = ExplainJson {
        sources: cited(&stmts)
            .into_iter()
            .map(|r| SourceJson {
                key: r.key(),
                title: r.title(),
                url: r.url(),
                checked: r.checked(),
            })
            .collect(),
        statements: &stmts,
    };
    serde_json::to_string_pretty(&doc).expect("statements serialize") + "\n"
}
