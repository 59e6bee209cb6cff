//! `rules`: every rule code with its severity and title.

use super::OutputFormat;
use crate::report;
use crate::rules::catalog::RULES;

#[derive(Debug, Clone, Copy, Default)]
pub struct RulesOptions {
    pub output: OutputFormat,
}

/// The list of rules, as a table or JSON.
pub fn rules(opts: &RulesOptions) -> String {
    match opts.output {
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = RULES
                .iter()
                .map(|r| {
                    vec![
                        r.code.to_string(),
                        r.severity.to_string(),
                        r.title.to_string(),
                    ]
                })
                .collect();
            report::table(&["CODE", "SEVERITY", "RULE"], &rows)
        }
        OutputFormat::Json => serde_json::to_string_pretty(RULES).expect("serializes") + "\n",
    }
}
