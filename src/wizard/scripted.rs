//! A prompter that plays back a script of answers, for unit tests of the
//! wizard's logic. It applies the same checks a terminal would, records
//! every answer they reject (with the message the user would see) and
//! takes the next scripted answer instead, as a user retyping would.

use super::prompter::{Aborted, Ask, ListCheck, Prompter, TextCheck};
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Take the default (option, selection, text or yes/no).
    Default,
    /// Select the first option whose label starts with this text.
    Pick(String),
    /// Select exactly the options whose labels start with these texts.
    PickMany(Vec<String>),
    /// Type this text.
    Type(String),
    Yes,
    No,
    /// Esc or Ctrl-C.
    Abort,
}

pub fn pick(s: &str) -> Answer {
    Answer::Pick(s.to_string())
}
pub fn pick_many(s: &[&str]) -> Answer {
    Answer::PickMany(s.iter().map(|x| x.to_string()).collect())
}
pub fn typed(s: &str) -> Answer {
    Answer::Type(s.to_string())
}

#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    answers: VecDeque<Answer>,
    /// Every prompt message, in the order asked.
    pub asked: Vec<String>,
    /// (prompt, message) for each answer a check turned down.
    pub rejected: Vec<(String, String)>,
    /// Everything shown between questions.
    pub said: Vec<String>,
    /// The options each select or multi-select offered, by prompt.
    pub offered: Vec<(String, Vec<String>)>,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> ScriptedPrompter {
        ScriptedPrompter {
            answers: answers.into_iter().collect(),
            ..Default::default()
        }
    }

    pub fn remaining(&self) -> usize {
        self.answers.len()
    }

    fn next(&mut self, message: &str) -> Answer {
        self.asked.push(message.to_string());
        self.answers.pop_front().unwrap_or_else(|| {
            panic!(
                "the script ran out of answers at {message:?}; asked so far: {:#?}",
                self.asked
            )
        })
    }

    fn find(options: &[String], prefix: &str, message: &str) -> usize {
        options
            .iter()
            .position(|o| o.starts_with(prefix))
            .unwrap_or_else(|| panic!("{message:?} offers no {prefix:?}: {options:#?}"))
    }
}

impl Prompter for ScriptedPrompter {
    fn select(&mut self, ask: Ask, options: &[String], default: usize) -> Result<usize, Aborted> {
        self.offered
            .push((ask.message.to_string(), options.to_vec()));
        match self.next(ask.message) {
            Answer::Default => Ok(default),
            Answer::Pick(p) => Ok(Self::find(options, &p, ask.message)),
            Answer::Abort => Err(Aborted),
            other => panic!("{:?} is a select; the script says {other:?}", ask.message),
        }
    }

    fn multi_select(
        &mut self,
        ask: Ask,
        options: &[String],
        defaults: &[usize],
        check: ListCheck,
    ) -> Result<Vec<usize>, Aborted> {
        self.offered
            .push((ask.message.to_string(), options.to_vec()));
        loop {
            let mut picked = match self.next(ask.message) {
                Answer::Default => defaults.to_vec(),
                Answer::PickMany(ps) => ps
                    .iter()
                    .map(|p| Self::find(options, p, ask.message))
                    .collect(),
                Answer::Abort => return Err(Aborted),
                other => panic!(
                    "{:?} is a multi-select; the script says {other:?}",
                    ask.message
                ),
            };
            picked.sort_unstable();
            picked.dedup();
            match check(&picked) {
                Ok(()) => return Ok(picked),
                Err(m) => self.rejected.push((ask.message.to_string(), m)),
            }
        }
    }

    fn text(&mut self, ask: Ask, default: &str, check: TextCheck) -> Result<String, Aborted> {
        loop {
            let s = match self.next(ask.message) {
                Answer::Default => default.to_string(),
                Answer::Type(s) if s.is_empty() => default.to_string(),
                Answer::Type(s) => s,
                Answer::Abort => return Err(Aborted),
                other => panic!("{:?} is a text; the script says {other:?}", ask.message),
            };
            match check(&s) {
                Ok(()) => return Ok(s),
                Err(m) => self.rejected.push((ask.message.to_string(), m)),
            }
        }
    }

    fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Aborted> {
        match self.next(ask.message) {
            Answer::Default => Ok(default),
            Answer::Yes => Ok(true),
            Answer::No => Ok(false),
            Answer::Abort => Err(Aborted),
            other => panic!("{:?} is a yes/no; the script says {other:?}", ask.message),
        }
    }

    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }
}
