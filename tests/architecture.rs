//! ARCHITECTURE.md stays true: every path it names in backticks exists, and
//! the modules keep the "never imports" rules of its code map.

use super::support::repo;
use std::path::Path;

/// Top-level folders whose paths the document may name.
const ROOTS: &[&str] = &[
    "src/",
    "blueprints/",
    "tests/",
    "snapshots/",
    "examples/",
    "docs/",
    "scripts/",
    ".ci/",
];

/// Inline code spans outside fenced blocks.
fn code_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            spans.extend(line.split('`').skip(1).step_by(2).map(str::to_string));
        }
    }
    spans
}

/// Whether `path` exists under `dir`; a `<placeholder>` segment stands for
/// any entry.
fn exists(dir: &Path, path: &str) -> bool {
    let (first, rest) = path.split_once('/').unwrap_or((path, ""));
    if first.is_empty() {
        dir.exists()
    } else if first.starts_with('<') && first.ends_with('>') {
        std::fs::read_dir(dir)
            .is_ok_and(|entries| entries.flatten().any(|e| exists(&e.path(), rest)))
    } else {
        exists(&dir.join(first), rest)
    }
}

#[test]
fn every_path_in_architecture_md_exists() {
    let root = repo();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let paths: Vec<String> = code_spans(&text)
        .into_iter()
        .filter(|s| ROOTS.iter().any(|r| s.starts_with(r)))
        .collect();
    assert!(paths.len() > 20, "too few paths found: {paths:?}");
    for p in &paths {
        let plain = p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-<>".contains(c));
        assert!(
            plain,
            "`{p}` in ARCHITECTURE.md: write a path alone in its backticks"
        );
        assert!(
            exists(&root, p),
            "ARCHITECTURE.md names `{p}`, which does not exist"
        );
    }
}

/// Module (a folder or file under `src/`) → modules it must never import.
const NEVER: &[(&str, &[&str])] = &[
    ("aws", &["*"]),
    ("rules/catalog.rs", &["*"]),
    ("text.rs", &["*"]),
    ("read.rs", &["*"]),
    (
        "diag.rs",
        &[
            "aws", "spec", "topology", "render", "teach", "report", "doctor", "wizard", "output",
            "jobs", "cli",
        ],
    ),
    (
        "spec",
        &[
            "topology", "rules", "render", "teach", "report", "doctor", "wizard", "output", "jobs",
            "cli",
        ],
    ),
    (
        "topology",
        &[
            "rules", "render", "teach", "report", "doctor", "wizard", "output", "jobs", "cli",
        ],
    ),
    (
        "render",
        &[
            "teach", "report", "doctor", "wizard", "output", "jobs", "cli",
        ],
    ),
    (
        "report.rs",
        &[
            "render", "teach", "doctor", "wizard", "output", "jobs", "cli",
        ],
    ),
    ("teach", &["doctor", "wizard", "output", "jobs", "cli"]),
    (
        "doctor",
        &["render", "teach", "wizard", "output", "jobs", "cli"],
    ),
    (
        "sarif.rs",
        &[
            "spec", "topology", "render", "teach", "report", "wizard", "output", "jobs", "cli",
        ],
    ),
    ("wizard", &["jobs", "cli"]),
    (
        "output",
        &["topology", "teach", "doctor", "wizard", "jobs", "cli"],
    ),
    ("jobs", &["cli"]),
];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap().flatten() {
            rust_files(&e.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The first name of each path in a use tree: `a::b, c::{d, e}` → a, c.
fn heads(tree: &str) -> Vec<String> {
    let mut heads = vec![String::new()];
    let mut depth = 0;
    let mut in_head = true;
    for c in tree.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(String::new());
                in_head = true;
            }
            c if in_head && (c.is_ascii_alphanumeric() || c == '_') => {
                heads.last_mut().unwrap().push(c);
            }
            c if c.is_whitespace() => {}
            _ => in_head = false,
        }
        if depth > 0 {
            in_head = false;
        }
    }
    heads.retain(|h| !h.is_empty());
    heads
}

/// The top-level modules a file names through `crate::`, outside its
/// `#[cfg(test)]` part and comments.
fn imports(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .map(|l| l.split("//").next().unwrap_or("").to_string() + "\n")
        .collect();
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(tree) => found.extend(heads(tree)),
            None => found.push(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            ),
        }
    }
    found
}

#[test]
fn modules_keep_the_layers_of_architecture_md() {
    let src = repo().join("src");
    for (module, never) in NEVER {
        let own = module.trim_end_matches(".rs").split('/').next().unwrap();
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        assert!(!files.is_empty(), "no src/{module}");
        for f in files {
            for m in imports(&f) {
                let forbidden = m != own && (never.contains(&"*") || never.contains(&m.as_str()));
                assert!(
                    !forbidden,
                    "{} imports crate::{m}, which ARCHITECTURE.md says src/{module} never does",
                    f.strip_prefix(repo()).unwrap().display()
                );
            }
        }
    }
}
