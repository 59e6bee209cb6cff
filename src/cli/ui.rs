//! What the user sees on stderr: diagnostics and progress, in colour only on
//! a terminal and never with NO_COLOR set.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ui {
            quiet,
            verbose,
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Progress and notes; hidden by --quiet.
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", msg.as_ref());
        }
    }

    /// Errors are always shown.
    pub fn error(&self, msg: impl AsRef<str>) {
        let _ = writeln!(
            std::io::stderr(),
            "{}: {}",
            self.paint("1;31", "error"),
            msg.as_ref()
        );
    }

    pub fn diagnostic(&self, d: &Diagnostic) {
        if self.quiet && d.severity != Severity::Error {
            return;
        }
        let head = match d.severity {
            Severity::Error => self.paint("1;31", &format!("error[{}]", d.code)),
            Severity::Warning => self.paint("1;33", &format!("warning[{}]", d.code)),
            Severity::Note => self.paint("1;36", &format!("note[{}]", d.code)),
        };
        let mut text = format!("{head}: {}", d.message);
        let place = match (&d.place.location, &d.place.field) {
            (Some(l), Some(f)) => Some(format!("{l} ({f})")),
            (Some(l), None) => Some(l.clone()),
            (None, Some(f)) => Some(f.clone()),
            (None, None) => None,
        };
        if let Some(p) = place {
            text.push_str(&format!("\n  {} {p}", self.paint("34", "-->")));
        }
        if let Some(r) = &d.place.resource {
            text.push_str(&format!("\n  {} {r}", self.paint("34", "-->")));
        }
        if !d.fix.is_empty() {
            text.push_str(&format!("\n  {} {}", self.paint("32", "fix:"), d.fix));
        }
        let _ = writeln!(std::io::stderr(), "{text}");
    }

    pub fn diagnostics(&self, ds: &Diagnostics) {
        for d in ds.iter() {
            self.diagnostic(d);
        }
    }
}
