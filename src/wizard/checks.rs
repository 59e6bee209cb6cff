//! Checking an answer: put it in a candidate spec, plan it with the same
//! planner and rules `validate` runs, and keep the diagnostics that are about
//! the question being asked. The wizard has no rules of its own, so a typed
//! answer is turned down with exactly the code and message `validate` would
//! print for the same value in a file.

use crate::diag::{Code, Diagnostic, Severity};
use crate::spec::Spec;
use crate::topology::{plan, Plan};

/// Which diagnostics a question is about.
#[derive(Debug, Clone, Copy)]
pub struct About {
    /// Spec fields (a field matches itself and everything under it).
    pub fields: &'static [&'static str],
    /// Rule codes, whatever field they name (reachability rules name a subnet).
    pub codes: &'static [Code],
}

impl About {
    pub const fn fields(fields: &'static [&'static str]) -> About {
        About { fields, codes: &[] }
    }

    /// Every diagnostic: for the last question, once all others are settled.
    pub const ALL: About = About {
        fields: &[""],
        codes: &[],
    };

    pub fn covers(&self, d: &Diagnostic) -> bool {
        if self.codes.contains(&d.code) {
            return true;
        }
        let Some(field) = d.place.field.as_deref() else {
            return self.fields.contains(&"");
        };
        self.fields.iter().any(|f| {
            f.is_empty()
                || field == *f
                || field.starts_with(&format!("{f}."))
                || field.starts_with(&format!("{f}["))
        })
    }
}

/// One line per diagnostic, as `validate` heads it; the fix is added when it
/// is specific to this value (e.g. "write `10.0.0.0/16`").
pub fn line(d: &Diagnostic) -> String {
    let generic = d.code.rule().fix;
    if d.fix.is_empty() || d.fix == generic {
        format!("{}[{}]: {}", d.severity, d.code, d.message)
    } else {
        format!("{}[{}]: {} (fix: {})", d.severity, d.code, d.message, d.fix)
    }
}

/// `Err` with the errors of `spec` that `about` covers, one per line.
pub fn errors(spec: &Spec, about: About) -> Result<(), String> {
    errors_of(&plan(spec), about)
}

pub fn errors_of(p: &Plan, about: About) -> Result<(), String> {
    let found: Vec<String> = p
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && about.covers(d))
        .map(line)
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("\n"))
    }
}

/// Warnings and notes `about` covers: shown once the answer is taken.
pub fn remarks(p: &Plan, about: About) -> Vec<String> {
    p.diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Error && about.covers(d))
        .map(line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadedSpec;

    #[test]
    fn an_invalid_cidr_is_turned_down_with_validates_message() {
        let mut s = LoadedSpec::built_in().spec;
        s.vpc.cidr = "10.0.0.300/16".into();
        let e = errors(&s, About::fields(&["vpc.cidr"])).unwrap_err();
        assert_eq!(e, "error[E010]: `10.0.0.300/16` is not an IPv4 CIDR");
        s.vpc.cidr = "10.0.0.1/16".into();
        let e = errors(&s, About::fields(&["vpc.cidr"])).unwrap_err();
        assert_eq!(
            e,
            "error[E010]: `10.0.0.1/16` has host bits set; its network is 10.0.0.0/16 (fix: write `10.0.0.0/16`)"
        );
    }

    #[test]
    fn other_fields_errors_are_not_this_questions() {
        let mut s = LoadedSpec::built_in().spec;
        s.name = "bad name!".into();
        assert!(errors(&s, About::fields(&["vpc.cidr"])).is_ok());
        assert!(errors(&s, About::fields(&["name"])).is_err());
        assert!(errors(&s, About::ALL).is_err());
    }
}
