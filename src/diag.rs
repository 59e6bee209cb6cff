//! Diagnostics: what the rules say about a spec or a topology.
//!
//! A diagnostic carries a stable rule code (see `rules::catalog`), the place it
//! is about (a spec field path such as `vpc.cidr`, later resolved to a file
//! line and column or to the flag that set it) and a message specific to this
//! occurrence. The explanation and the fix live in the catalog, so every
//! occurrence of a rule explains itself the same way.

pub use crate::rules::catalog::{Code, Severity};
use crate::text::{shown, shown_lines};
use serde::Serialize;
use std::fmt;

/// Where a diagnostic points. `field` is a dotted spec path (`vpc.subnets.public[1]`);
/// `location` is filled in by the loader once it knows where that field came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// A resource of the topology (`subnet private-us-west-2a`), for rules
    /// about the network rather than a spec key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    #[serde(flatten)]
    pub place: Place,
    pub fix: String,
}

impl Diagnostic {
    /// A diagnostic for rule `code`; severity and fix come from the catalog.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        let rule = code.rule();
        Diagnostic {
            code,
            severity: rule.severity,
            message: message.into(),
            place: Place::default(),
            fix: rule.fix.to_string(),
        }
    }

    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.place.field = Some(field.into());
        self
    }

    pub fn on(mut self, resource: impl Into<String>) -> Self {
        self.place.resource = Some(resource.into());
        self
    }

    /// Replace the catalog's generic fix with one specific to this occurrence.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }
}

/// The text form, for a terminal: the message, place and fix may hold
/// values from the input, so their control characters are escapes here
/// (`text::shown`). The fields keep the exact values, for JSON.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity,
            self.code,
            shown(&self.message)
        )?;
        match (&self.place.location, &self.place.field) {
            (Some(loc), Some(field)) => write!(f, "\n  --> {} ({})", shown(loc), shown(field))?,
            (Some(loc), None) => write!(f, "\n  --> {}", shown(loc))?,
            (None, Some(field)) => write!(f, "\n  --> {}", shown(field))?,
            (None, None) => {}
        }
        if let Some(r) = &self.place.resource {
            write!(f, "\n  --> {}", shown(r))?;
        }
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", shown_lines(&self.fix))?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, kept in a stable order: errors first, then by code.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// The order of a report's findings ([`Diagnostics::sort`]): errors first,
/// then by code, place and message.
pub fn report_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    fn key(d: &Diagnostic) -> (Severity, Code, &Option<String>, &Option<String>, &String) {
        (
            d.severity,
            d.code,
            &d.place.field,
            &d.place.resource,
            &d.message,
        )
    }
    key(a).cmp(&key(b))
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn has_warnings(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Warning)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }
    pub fn sort(&mut self) {
        // A large VPC's doctor run has hundreds of thousands of findings.
        crate::par::sort_by(&mut self.0, 4096, report_order);
        self.0.dedup();
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}
