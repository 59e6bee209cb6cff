//! `eksnet init`: ask, check each answer with the same rules as `validate`,
//! show the plan, and write `./eksnet.yaml`.
//!
//! The wizard produces a spec and nothing else: it never renders. What it
//! returns (`WizardOutcome`) says which outputs the user asked for, so the
//! command line can hand the spec to the same code `eksnet generate` runs,
//! and the written file reproduces those outputs byte for byte.
//!
//! Prompts go through the `Prompter` trait: inquire on a terminal, a script
//! in tests.

mod addons;
mod checks;
mod prompter;
mod questions;
pub mod scripted;
mod summary;
mod terminal;
mod write;

pub use checks::{line as diagnostic_line, About};
pub use prompter::{Aborted, Ask, ListCheck, Prompter, TextCheck};
pub use questions::architecture_blurb;
pub use terminal::InquirePrompter;
pub use write::{to_yaml, HEADER};

use crate::render::Format;
use crate::spec::{LoadedSpec, Spec};
use crate::topology::plan;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The spec file the wizard writes, which `generate` finds by itself.
pub const SPEC_FILE: &str = "eksnet.yaml";
/// Where outputs go unless the user says otherwise (`generate`'s default).
pub const DEFAULT_OUT_DIR: &str = "eksnet-out";

/// What each output format is for, in the wizard's list of outputs.
fn blurb(f: Format) -> &'static str {
    match f {
        Format::CloudFormation => "one stack: aws cloudformation deploy",
        Format::Terraform => "aws provider: terraform apply",
        Format::Eksctl => "ClusterConfig: eksctl create cluster -f",
    }
}

/// The outputs to write now, besides the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputRequest {
    pub formats: Vec<Format>,
    /// As typed: relative to the directory the wizard ran in.
    pub out_dir: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WizardOutcome {
    pub spec: Spec,
    /// The spec file written.
    pub spec_path: PathBuf,
    /// `None` when the user wants only the spec.
    pub outputs: Option<OutputRequest>,
}

#[derive(Debug, thiserror::Error)]
pub enum WizardError {
    /// Esc, Ctrl-C, "quit", or declining to replace an existing spec.
    #[error("cancelled; nothing was written")]
    Aborted,
    #[error("cannot write {path}: {reason}")]
    Io { path: String, reason: String },
}

impl From<Aborted> for WizardError {
    fn from(_: Aborted) -> Self {
        WizardError::Aborted
    }
}

/// The answers every question starts from: the built-in spec, with the
/// service CIDR left to the planner (which keeps it clear of the VPC the
/// user picks: the wizard does not ask for it).
pub fn starting_spec() -> Spec {
    let mut s = LoadedSpec::built_in().spec;
    s.service_ipv4_cidr = None;
    s
}

/// Ask everything, confirm, write `cwd/eksnet.yaml`.
pub fn run_wizard(p: &mut dyn Prompter, cwd: &Path) -> Result<WizardOutcome, WizardError> {
    let path = cwd.join(SPEC_FILE);
    let exists = path.exists();
    p.say("eksnet init: a few questions, then ./eksnet.yaml. Esc or Ctrl-C quits without writing anything.");
    if exists {
        p.say("./eksnet.yaml exists: you will be asked before it is replaced.");
    }
    let mut spec = starting_spec();
    let mut outputs: Option<OutputRequest> = Some(OutputRequest {
        formats: Format::ALL.to_vec(),
        out_dir: PathBuf::from(DEFAULT_OUT_DIR),
    });
    loop {
        questions::architecture(p, &mut spec)?;
        questions::ip_family(p, &mut spec)?;
        questions::name(p, &mut spec)?;
        questions::region(p, &mut spec)?;
        questions::zones(p, &mut spec)?;
        questions::network(p, &mut spec)?;
        questions::nat(p, &mut spec)?;
        questions::egress(p, &mut spec)?;
        questions::endpoint_access(p, &mut spec)?;
        questions::public_cidrs(p, &mut spec)?;
        addons::addons(p, &mut spec)?;
        questions::private_link(p, &mut spec)?;
        outputs = ask_outputs(p, cwd, outputs.as_ref())?;

        let planned = plan(&spec);
        let errors: Vec<String> = planned.diagnostics.errors().map(checks::line).collect();
        if let Some(t) = &planned.topology {
            p.say(&format!("\n{}", summary::plan(t)));
        }
        for r in checks::remarks(&planned, About::ALL) {
            p.say(&r);
        }
        let mut choices = Vec::new();
        if errors.is_empty() {
            choices.push(format!("write ./{SPEC_FILE}"));
        } else {
            p.say(&errors.join("\n"));
        }
        choices.push("change my answers".to_string());
        choices.push("quit without writing".to_string());
        let i = p.select(
            Ask {
                message: "Write the spec?",
                help: "`eksnet plan` shows the full plan once it is written",
            },
            &choices,
            0,
        )?;
        match choices[i].as_str() {
            "change my answers" => continue,
            "quit without writing" => return Err(WizardError::Aborted),
            _ => break,
        }
    }
    if exists {
        let replace = p.confirm(
            Ask {
                message: "./eksnet.yaml exists. Replace it?",
                help: "no: quit and leave it as it is",
            },
            false,
        )?;
        if !replace {
            return Err(WizardError::Aborted);
        }
    }
    write::spec_file(&path, &spec, exists)?;
    Ok(WizardOutcome {
        spec,
        spec_path: path,
        outputs,
    })
}

fn ask_outputs(
    p: &mut dyn Prompter,
    cwd: &Path,
    current: Option<&OutputRequest>,
) -> Result<Option<OutputRequest>, Aborted> {
    let labels: Vec<String> = Format::ALL
        .iter()
        .map(|k| format!("{:<15} {}", k.as_str(), blurb(*k)))
        .collect();
    let defaults: Vec<usize> = Format::ALL
        .iter()
        .enumerate()
        .filter(|(_, k)| current.is_some_and(|c| c.formats.contains(k)))
        .map(|(i, _)| i)
        .collect();
    let picked = p.multi_select(
        Ask {
            message: "Outputs to generate now",
            help: "space to toggle, enter to accept; none: write only eksnet.yaml",
        },
        &labels,
        &defaults,
        Rc::new(|_: &[usize]| Ok(())),
    )?;
    if picked.is_empty() {
        return Ok(None);
    }
    let root = cwd.to_path_buf();
    let check = Rc::new(move |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            return Err("give a directory, e.g. eksnet-out".to_string());
        }
        let full = root.join(s);
        if full.exists() && !full.is_dir() {
            return Err(format!("`{s}` is a file; the outputs need a directory"));
        }
        Ok(())
    });
    let default = current.map_or(DEFAULT_OUT_DIR.to_string(), |c| {
        c.out_dir.display().to_string()
    });
    let dir = p.text(
        Ask {
            message: "Output directory",
            help: "created if missing; eksnet writes only the files it generates",
        },
        &default,
        check,
    )?;
    Ok(Some(OutputRequest {
        formats: picked.iter().map(|i| Format::ALL[*i]).collect(),
        out_dir: PathBuf::from(dir.trim()),
    }))
}

#[cfg(test)]
mod tests;
