//! The real prompter: inquire on the terminal (it draws on stderr, so
//! stdout stays free for data, like every other eksnet command).
//!
//! Lists filter by plain substring, best when the typed text starts the
//! option: region codes and architecture names are typed exactly, and a
//! fuzzy matcher would rank `eu-west-1` below options that merely share
//! its letters.

use super::prompter::{Aborted, Ask, ListCheck, Prompter, TextCheck};
use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::ui::RenderConfig;
use inquire::validator::Validation;
use inquire::{Confirm, MultiSelect, Select, Text};

pub struct InquirePrompter {
    render: RenderConfig<'static>,
}

impl InquirePrompter {
    /// `color`: whether to colour the prompts (a terminal without NO_COLOR).
    pub fn new(color: bool) -> InquirePrompter {
        InquirePrompter {
            render: if color {
                RenderConfig::default_colored()
            } else {
                RenderConfig::empty()
            },
        }
    }
}

fn aborted(e: InquireError) -> Aborted {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {}
        other => eprintln!("eksnet: the terminal failed: {other}"),
    }
    Aborted
}

fn substring_score(input: &str, _: &String, value: &str, _: usize) -> Option<i64> {
    let input = input.to_lowercase();
    let value = value.to_lowercase();
    if value.starts_with(&input) {
        Some(1)
    } else if value.contains(&input) {
        Some(0)
    } else {
        None
    }
}

const PAGE: usize = 10;

impl Prompter for InquirePrompter {
    fn select(&mut self, ask: Ask, options: &[String], default: usize) -> Result<usize, Aborted> {
        Select::new(ask.message, options.to_vec())
            .with_help_message(ask.help)
            .with_starting_cursor(default)
            .with_page_size(PAGE)
            .with_scorer(&substring_score)
            .with_render_config(self.render)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(aborted)
    }

    fn multi_select(
        &mut self,
        ask: Ask,
        options: &[String],
        defaults: &[usize],
        check: ListCheck,
    ) -> Result<Vec<usize>, Aborted> {
        let validator = move |picked: &[ListOption<&String>]| {
            let idx: Vec<usize> = picked.iter().map(|o| o.index).collect();
            Ok(match check(&idx) {
                Ok(()) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        };
        MultiSelect::new(ask.message, options.to_vec())
            .with_help_message(ask.help)
            .with_default(defaults)
            .with_page_size(PAGE)
            .with_scorer(&substring_score)
            .with_validator(validator)
            .with_render_config(self.render)
            .raw_prompt()
            .map(|v| v.into_iter().map(|o| o.index).collect())
            .map_err(aborted)
    }

    fn text(&mut self, ask: Ask, default: &str, check: TextCheck) -> Result<String, Aborted> {
        let validator = move |s: &str| {
            Ok(match check(s) {
                Ok(()) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        };
        Text::new(ask.message)
            .with_help_message(ask.help)
            .with_default(default)
            .with_validator(validator)
            .with_render_config(self.render)
            .prompt()
            .map_err(aborted)
    }

    fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Aborted> {
        Confirm::new(ask.message)
            .with_help_message(ask.help)
            .with_default(default)
            .with_render_config(self.render)
            .prompt()
            .map_err(aborted)
    }

    fn say(&mut self, text: &str) {
        eprintln!("{text}");
    }
}
