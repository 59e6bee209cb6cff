//! `doctor`: diagnose an existing VPC from the AWS CLI's describe-* JSON.
//!
//! Failed when a node subnet cannot join, another error was found, or
//! (with `deny_warnings`) there are warnings.

use super::{Document, Error, ReportFormat};
use crate::diag::{report_order, Diagnostic};
use crate::doctor::{self, report, Options};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    /// What to diagnose: the node subnets and the VPC.
    pub diagnose: Options,
    pub output: ReportFormat,
    pub deny_warnings: bool,
}

/// The diagnosis of the collection in `dir`.
pub fn doctor(dir: &Path, opts: &DoctorOptions) -> Result<Document, Error> {
    let r = diagnose(dir, opts)?;
    let mut text = Vec::new();
    let failed = write_diagnosis(dir, &r, opts, &mut text)?;
    let text = String::from_utf8(text).expect("reports are UTF-8");
    Ok(Document::new(text, failed))
}

/// The report on the collection in `dir`, to write with [`write_diagnosis`].
pub fn diagnose(dir: &Path, opts: &DoctorOptions) -> Result<doctor::Report, Error> {
    Ok(doctor::diagnose(dir, &opts.diagnose)?)
}

/// Write the report `r` on `dir` to `out` in the format `opts` asks for;
/// whether it failed. The text report goes out as it is made: for a large
/// VPC it is hundreds of megabytes.
pub fn write_diagnosis(
    dir: &Path,
    r: &doctor::Report,
    opts: &DoctorOptions,
    out: &mut impl std::io::Write,
) -> Result<bool, Error> {
    match opts.output {
        ReportFormat::Text => report::write_text(r, out),
        ReportFormat::Json => report::write_json(r, out),
        ReportFormat::Sarif | ReportFormat::Codequality => write_located(dir, r, opts.output, out),
    }
    .map_err(Error::Stdout)?;
    Ok(!r.all_can_join()
        || r.diagnostics.has_errors()
        || (opts.deny_warnings && r.diagnostics.has_warnings()))
}

/// Write the findings as SARIF or a Code Quality report, each at the
/// collected file of its resource within `dir` (the VPC's file when the
/// collection has no such file). Each VPC endpoint that a first fix
/// creates is a finding of its own (N131), its command the fix: these
/// reports are read finding by finding.
fn write_located(
    dir: &Path,
    r: &doctor::Report,
    format: ReportFormat,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let uri_of = |file: &str| {
        let name = if dir.join(file).is_file() {
            file
        } else {
            crate::doctor::import::VPCS
        };
        crate::sarif::artifact_uri(&dir.join(name), &cwd)
    };
    let endpoints = doctor::endpoint_findings(r);
    let all = merged(&r.diagnostics.0, &endpoints.0);
    let findings = crate::sarif::doctor_findings(all, uri_of);
    if format == ReportFormat::Codequality {
        crate::codequality::write_report(findings, out)
    } else {
        crate::sarif::write_log(findings, out)
    }
}

/// Two lists of findings, each in report order, as one in that order: a
/// large VPC's findings are not sorted again for the few of `b`.
fn merged<'a>(a: &'a [Diagnostic], b: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    let mut all = Vec::with_capacity(a.len() + b.len());
    let mut rest = a;
    for d in b {
        let before = rest.partition_point(|x| report_order(x, d).is_le());
        all.extend(&rest[..before]);
        all.push(d);
        rest = &rest[before..];
    }
    all.extend(rest);
    all
}

#[cfg(test)]
mod tests {
    use super::merged;
    use crate::diag::{Code, Diagnostic, Diagnostics};

    fn diags(found: &[(Code, &str)]) -> Vec<Diagnostic> {
        let mut d = Diagnostics(found.iter().map(|(c, m)| Diagnostic::new(*c, *m)).collect());
        d.sort();
        d.0
    }

    fn codes(all: &[&Diagnostic]) -> Vec<String> {
        all.iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.message))
            .collect()
    }

    /// The merge is the report's order, as sorting both lists together
    /// would give it: findings go in between, after their equals, or
    /// alone.
    #[test]
    fn merged_findings_keep_the_report_order() {
        let a = diags(&[(Code::E062, "a"), (Code::N083, "a"), (Code::N131, "z")]);
        let b = diags(&[(Code::E062, "a"), (Code::W063, "b"), (Code::N131, "m")]);
        let mut both: Vec<Diagnostic> = a.iter().chain(&b).cloned().collect();
        both.sort_by(crate::diag::report_order);
        assert_eq!(
            codes(&merged(&a, &b)),
            codes(&both.iter().collect::<Vec<_>>())
        );
        assert_eq!(
            codes(&merged(&[], &b)),
            codes(&b.iter().collect::<Vec<_>>())
        );
        assert_eq!(
            codes(&merged(&a, &[])),
            codes(&a.iter().collect::<Vec<_>>())
        );
        // An equal one of `b` comes after `a`'s.
        let m = merged(&a, &b);
        assert!(std::ptr::eq(m[0], &a[0]) && std::ptr::eq(m[1], &b[0]));
    }
}
