//! The questions the wizard can ask, as a trait.
//!
//! The wizard's logic talks to this trait only, so it runs the same against
//! a real terminal (`InquirePrompter`) and against a script in unit tests
//! (`ScriptedPrompter`). Checks are shared closures (`Rc`) because inquire
//! wants its validators `Clone + 'static` and re-runs them on every submit.

use std::rc::Rc;

/// The user left the wizard (Esc or Ctrl-C): nothing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aborted;

/// Checks a typed answer; `Err` holds the message shown under the prompt.
pub type TextCheck = Rc<dyn Fn(&str) -> Result<(), String>>;
/// Checks a set of picked options, by index.
pub type ListCheck = Rc<dyn Fn(&[usize]) -> Result<(), String>>;

/// One question: its prompt line and a help line shown under it.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub message: &'a str,
    pub help: &'a str,
}

pub trait Prompter {
    /// One of `options`; returns its index.
    fn select(&mut self, ask: Ask, options: &[String], default: usize) -> Result<usize, Aborted>;
    /// Any of `options` (indexes, in option order), re-asked until `check` passes.
    fn multi_select(
        &mut self,
        ask: Ask,
        options: &[String],
        defaults: &[usize],
        check: ListCheck,
    ) -> Result<Vec<usize>, Aborted>;
    /// Free text, re-asked until `check` passes; empty input takes `default`.
    fn text(&mut self, ask: Ask, default: &str, check: TextCheck) -> Result<String, Aborted>;
    fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Aborted>;
    /// Show information (a table, a summary) between questions.
    fn say(&mut self, text: &str);
}
