//! Diagnostics as a SARIF 2.1.0 log, for code-scanning tools (GitHub code
//! scanning, editors' SARIF viewers, other CI dashboards).
//!
//! One run, with eksnet as its tool. `tool.driver.rules` holds the catalog
//! entry of every rule a result names, in catalog order; each result points
//! at its rule by id and index. Where a result points:
//!
//! - `validate`: the spec file, by the path it was given as (relative to the
//!   working directory, which is the repository root in CI), with the line and
//!   column of the key when the spec holds it. A diagnostic about a value a
//!   flag set, or about the network as a whole, points at the spec file's first
//!   line: the file is still what the finding is about, and code-scanning tools
//!   need a line. The built-in default spec is in no file, so its results have
//!   no location.
//! - `doctor`: the collected describe-* JSON file that holds the resource
//!   (`subnets.json` for a subnet, ...) within the collection directory, line
//!   1, and a logical location naming the resource itself.
//!
//! `partialFingerprints` hold a hash of the code, the field or resource and the
//! message, so a finding keeps its identity across runs while lines move.
//! The document depends on its input only: no time, no absolute paths unless
//! the input was given as one outside the working directory.

use crate::diag::{Code, Diagnostic, Diagnostics, Severity};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Component, Path};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of `partialFingerprints`; its version changes if the hashed
/// fields ever do.
const FINGERPRINT: &str = "eksnetFinding/v1";

/// Where a diagnostic points in the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A relative URI reference (`infra/eksnet.yaml`), or a `file://` URI.
    pub uri: String,
    pub line: u64,
    pub column: Option<u64>,
}

/// The URI of `path` as SARIF wants it: relative to `cwd` with `/`
/// separators and percent-encoding, or an absolute `file://` URI when the path
/// lies outside `cwd`.
pub fn artifact_uri(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        match path.strip_prefix(cwd) {
            Ok(r) => r,
            Err(_) => return format!("file://{}", encode(&slashes(path))),
        }
    } else {
        path
    };
    encode(&slashes(rel))
}

/// The path with `/` between its parts and no `.` parts.
fn slashes(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut root = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => root = true,
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if root {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Percent-encode what may not stand in a URI path as it is.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The line and column of `shown` (the spec's path as diagnostics name it)
/// in a diagnostic's location: `eksnet.yaml:14:7`, also after a flag
/// (`flag --azs, eksnet.yaml:9:3`). None when the location names no line.
pub fn line_column(location: &str, shown: &str) -> Option<(u64, Option<u64>)> {
    if shown.is_empty() {
        return None;
    }
    location.match_indices(shown).find_map(|(at, _)| {
        let rest = location[at + shown.len()..].strip_prefix(':')?;
        let rest = rest.split(", ").next().unwrap_or(rest);
        let mut nums = rest.split(':');
        let line = nums.next()?.parse::<u64>().ok().filter(|l| *l > 0)?;
        let column = nums.next().and_then(|c| c.parse::<u64>().ok());
        Some((line, column.filter(|c| *c > 0)))
    })
}

/// Each diagnostic of a spec with where it points: at its key in `spec`
/// when its location holds one, else at the spec's first line; none located
/// without a spec file. `shown` is the spec's path as the diagnostics'
/// locations spell it. [`write_log`] makes them a SARIF log.
pub fn spec_findings<'a>(
    diags: &'a Diagnostics,
    spec: Option<(&str, &str)>,
) -> Vec<(&'a Diagnostic, Option<Target>)> {
    diags
        .iter()
        .map(|d| {
            let target = spec.map(|(uri, shown)| {
                let (line, column) = d
                    .place
                    .location
                    .as_deref()
                    .and_then(|l| line_column(l, shown))
                    .unwrap_or((1, None));
                Target {
                    uri: uri.to_string(),
                    line,
                    column,
                }
            });
            (d, target)
        })
        .collect()
}

/// The collected file that describes the resource a doctor finding is on.
pub fn doctor_file(resource: Option<&str>) -> &'static str {
    use crate::doctor::import as files;
    let r = resource.unwrap_or("vpc");
    if r.starts_with("subnet ") || r.ends_with(" subnets") {
        files::SUBNETS
    } else if r.starts_with("endpoint ") {
        files::VPC_ENDPOINTS
    } else if r == "cluster" {
        files::CLUSTER
    } else if r.starts_with("eniconfig ") {
        files::ENICONFIGS
    } else {
        files::VPCS
    }
}

/// Each doctor finding with where it points: at the collected file of its
/// resource, line 1. `uri_of` turns a file name into its URI (within the
/// collection directory, or the VPC's file when the collection has no such
/// file), once per file: a large VPC's findings are hundreds of thousands,
/// in a handful of files. [`write_log`] makes them a SARIF log.
pub fn doctor_findings<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    uri_of: impl Fn(&str) -> String,
) -> Vec<(&'a Diagnostic, Option<Target>)> {
    let mut uris = std::collections::HashMap::<&str, String>::new();
    diags
        .into_iter()
        .map(|d| {
            let file = doctor_file(d.place.resource.as_deref());
            let target = Target {
                uri: uris.entry(file).or_insert_with(|| uri_of(file)).clone(),
                line: 1,
                column: None,
            };
            (d, Some(target))
        })
        .collect()
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
pub(crate) fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Results<'a>,
}

/// The findings as SARIF results, each made as it is written: a large
/// VPC's doctor finds hundreds of thousands.
struct Results<'a> {
    findings: Vec<(&'a Diagnostic, Option<Target>)>,
    /// The rules' codes, in the order of `Driver::rules`.
    codes: Vec<Code>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.findings.iter().map(|(d, t)| {
            let index = self.codes.binary_search(&d.code).expect("collected");
            result(d, index, t.clone())
        }))
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    source: &'static str,
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    partial_fingerprints: std::collections::BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

/// `VpcDnsOff`-like PascalCase of a rule's title, for its `name`.
fn rule_name(title: &str) -> String {
    let mut out = String::new();
    for w in title.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    out
}

fn descriptor(code: Code) -> RuleDescriptor {
    let r = code.rule();
    let kind = match r.code.chars().next() {
        Some('S') => "spec",
        _ => "network",
    };
    RuleDescriptor {
        id: r.code,
        name: rule_name(r.title),
        short_description: text(r.title),
        full_description: text(r.explanation),
        help: text(r.fix),
        default_configuration: Configuration {
            level: level(r.severity),
        },
        properties: RuleProperties {
            source: r.source,
            tags: vec!["eks", kind],
        },
    }
}

/// What a finding is about: its resource, else its field, else nothing.
pub(crate) fn place(d: &Diagnostic) -> &str {
    d.place
        .resource
        .as_deref()
        .or(d.place.field.as_deref())
        .unwrap_or("")
}

fn result(d: &Diagnostic, rule_index: usize, target: Option<Target>) -> SarifResult {
    let place = place(d);
    let logical: Vec<LogicalLocation> = match (&d.place.resource, &d.place.field) {
        (Some(r), _) => vec![LogicalLocation {
            fully_qualified_name: r.clone(),
            kind: "resource",
        }],
        (None, Some(f)) => vec![LogicalLocation {
            fully_qualified_name: f.clone(),
            kind: "property",
        }],
        (None, None) => vec![],
    };
    let physical = target.map(|t| PhysicalLocation {
        artifact_location: ArtifactLocation { uri: t.uri },
        region: Region {
            start_line: t.line,
            start_column: t.column,
        },
    });
    let locations = if physical.is_none() && logical.is_empty() {
        vec![]
    } else {
        vec![Location {
            physical_location: physical,
            logical_locations: logical,
        }]
    };
    let mut message = d.message.clone();
    if !d.fix.is_empty() {
        message.push_str(&format!("\nFix: {}", d.fix));
    }
    SarifResult {
        rule_id: d.code.as_str(),
        rule_index,
        level: level(d.severity),
        message: text(message),
        locations,
        partial_fingerprints: [(FINGERPRINT, fnv1a(&[d.code.as_str(), place, &d.message]))].into(),
    }
}

/// The SARIF document of these findings, pretty-printed with a final
/// newline, written to `out`.
pub fn write_log(
    findings: Vec<(&Diagnostic, Option<Target>)>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let codes: Vec<Code> = findings
        .iter()
        .map(|(d, _)| d.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let doc = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "eksnet",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: codes.iter().copied().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: Results { findings, codes },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_slashed_and_encoded() {
        let cwd = Path::new("/repo");
        assert_eq!(
            artifact_uri(Path::new("./infra/eksnet.yaml"), cwd),
            "infra/eksnet.yaml"
        );
        assert_eq!(
            artifact_uri(Path::new("/repo/a b/eksnet.yaml"), cwd),
            "a%20b/eksnet.yaml"
        );
        assert_eq!(
            artifact_uri(Path::new("/elsewhere/eksnet.yaml"), cwd),
            "file:///elsewhere/eksnet.yaml"
        );
    }

    #[test]
    fn line_and_column_come_from_the_location() {
        let s = "specs/a.yaml";
        assert_eq!(line_column("specs/a.yaml:14:7", s), Some((14, Some(7))));
        assert_eq!(
            line_column("flag --azs, specs/a.yaml:9:3", s),
            Some((9, Some(3)))
        );
        assert_eq!(line_column("specs/a.yaml", s), None);
        assert_eq!(line_column("flag --azs", s), None);
    }

    #[test]
    fn fingerprints_are_stable() {
        // Pinned: a change here changes every finding's identity in code scanning.
        assert_eq!(
            fnv1a(&["E062", "subnet a", "m"]),
            fnv1a(&["E062", "subnet a", "m"])
        );
        assert_ne!(fnv1a(&["E062", "ab", ""]), fnv1a(&["E062", "a", "b"]));
        assert_eq!(fnv1a(&[]), "cbf29ce484222325");
    }
}
