//! Diagnostics as a GitLab Code Quality report: the JSON array GitLab reads
//! from a job's `artifacts:reports:codequality` and shows in merge requests.
//!
//! Each finding is `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`, located as the SARIF log locates it
//! (`sarif::spec_findings`, `sarif::doctor_findings`): GitLab needs a path
//! for every finding, so a finding of the built-in spec, which is in no
//! file, points at `eksnet.yaml`. The fingerprint is SARIF's, with the path,
//! made unique within the report (GitLab shows one finding per fingerprint).
//! Severity: error → critical (the deploy fails or nodes never join),
//! warning → major, note → info.

use crate::diag::{Diagnostic, Severity};
use crate::sarif::{fnv1a, place, Target};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u64,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

/// A SARIF relative URI reference back to a path: `%XX` decoded.
fn path_of(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The report of these findings, pretty-printed with a final newline,
/// written to `out`.
pub fn write_report(
    findings: Vec<(&Diagnostic, Option<Target>)>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut seen = BTreeSet::new();
    let issues: Vec<Issue> = findings
        .into_iter()
        .map(|(d, target)| {
            let (path, line) = target.map_or(("eksnet.yaml".to_string(), 1), |t| {
                (path_of(&t.uri), t.line)
            });
            let mut fingerprint = fnv1a(&[d.code.as_str(), place(d), &d.message, &path]);
            let mut n = 1u32;
            while !seen.insert(fingerprint.clone()) {
                fingerprint = fnv1a(&[&fingerprint, &n.to_string()]);
                n += 1;
            }
            let mut description = d.message.clone();
            if !d.fix.is_empty() {
                description.push_str(&format!(" (fix: {})", d.fix));
            }
            Issue {
                description,
                check_name: d.code.as_str(),
                fingerprint,
                severity: severity(d.severity),
                location: Location {
                    path,
                    lines: Lines { begin: line },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_turn_back_into_paths() {
        assert_eq!(path_of("infra/my%20spec.yaml"), "infra/my spec.yaml");
        assert_eq!(path_of("a%2"), "a%2");
        assert_eq!(path_of("caf%C3%A9.yaml"), "café.yaml");
    }
}
