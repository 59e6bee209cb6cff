//! What the user sees on stderr: diagnostics and progress, in colour only on
//! a terminal and never with NO_COLOR set (anstream decides, and strips the
//! styles where they do not belong).

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::text::{shown, shown_lines};
use anstyle::{AnsiColor, Style};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
const ARROW: Style = AnsiColor::Blue.on_default();
const FIX: Style = AnsiColor::Green.on_default();

#[derive(Debug, Clone, Copy, Default)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn eprintln(text: &str) {
    super::held::stderr_line(text);
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool) -> Ui {
        Ui { quiet, verbose }
    }

    /// Whether stderr shows colour: for what others draw there (the
    /// wizard's prompts).
    pub fn color(&self) -> bool {
        anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
    }

    /// Progress and notes; hidden by --quiet. Control characters in the
    /// message (a path, a value from the input) are shown as escapes.
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln(&shown_lines(msg.as_ref()));
        }
    }

    /// A line that --quiet keeps (which of several specs failed, and how),
    /// its control characters as escapes.
    pub fn kept(&self, msg: impl AsRef<str>) {
        eprintln(&shown_lines(msg.as_ref()));
    }

    /// Errors are always shown, their control characters as escapes.
    pub fn error(&self, msg: impl AsRef<str>) {
        eprintln(&format!(
            "{}: {}",
            paint(ERROR, "error"),
            shown_lines(msg.as_ref())
        ));
    }

    pub fn diagnostic(&self, d: &Diagnostic) {
        if self.quiet && d.severity != Severity::Error {
            return;
        }
        let head = match d.severity {
            Severity::Error => paint(ERROR, &format!("error[{}]", d.code)),
            Severity::Warning => paint(WARNING, &format!("warning[{}]", d.code)),
            Severity::Note => paint(NOTE, &format!("note[{}]", d.code)),
        };
        // As `Diagnostic`'s Display, with colour: values escaped, styles not.
        let mut text = format!("{head}: {}", shown(&d.message));
        let place = match (&d.place.location, &d.place.field) {
            (Some(l), Some(f)) => Some(format!("{} ({})", shown(l), shown(f))),
            (Some(l), None) => Some(shown(l).into_owned()),
            (None, Some(f)) => Some(shown(f).into_owned()),
            (None, None) => None,
        };
        if let Some(p) = place {
            text.push_str(&format!("\n  {} {p}", paint(ARROW, "-->")));
        }
        if let Some(r) = &d.place.resource {
            text.push_str(&format!("\n  {} {}", paint(ARROW, "-->"), shown(r)));
        }
        if !d.fix.is_empty() {
            text.push_str(&format!(
                "\n  {} {}",
                paint(FIX, "fix:"),
                shown_lines(&d.fix)
            ));
        }
        eprintln(&text);
    }

    pub fn diagnostics(&self, ds: &Diagnostics) {
        for d in ds.iter() {
            self.diagnostic(d);
        }
    }
}
