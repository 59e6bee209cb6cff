//! `eksnet init`, and `eksnet` alone on a terminal: the wizard.
//!
//! The wizard only runs when stdin, stdout and stderr are all terminals:
//! inquire reads keys from stdin and draws on stderr, and a redirected
//! stdout means a script is running us. Without a terminal it never
//! prompts; it says what to run instead and exits 2, writing nothing.

use super::generate::{generate, FormatArg, GenerateArgs, GenerateOutput};
use super::{exit, SpecArgs, Ui};
use crate::wizard::{self, InquirePrompter, OutputKind, WizardError, WizardOutcome};
use std::io::IsTerminal;
use std::path::Path;

/// Which standard streams are not terminals, by name.
pub fn not_terminals() -> Vec<&'static str> {
    let mut v = Vec::new();
    if !std::io::stdin().is_terminal() {
        v.push("stdin");
    }
    if !std::io::stdout().is_terminal() {
        v.push("stdout");
    }
    if !std::io::stderr().is_terminal() {
        v.push("stderr");
    }
    v
}

/// What to run instead of the wizard, when there is no terminal.
pub const NO_TERMINAL_HINT: &str = "\
Without a terminal, give the answers as a spec file or as flags:
  eksnet generate --spec FILE    a spec needs at least apiVersion, kind, name and region
                                 (`eksnet schema` lists every key; the rest have defaults)
  eksnet plan --architecture ARCH --name NAME --region REGION --azs AZ,AZ --vpc-cidr CIDR
                                 every spec key has a flag: `eksnet plan --help`";

pub fn init(ui: &Ui) -> i32 {
    let missing = not_terminals();
    if !missing.is_empty() {
        ui.error(format!(
            "no terminal ({} {} not one): `eksnet init` asks its questions on a terminal",
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        ));
        ui.info(NO_TERMINAL_HINT);
        return exit::USAGE;
    }
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            ui.error(format!("cannot read the current directory: {e}"));
            return exit::USAGE;
        }
    };
    let mut prompter = InquirePrompter::new(ui.color());
    match wizard::run_wizard(&mut prompter, &cwd) {
        Ok(outcome) => after_wizard(&outcome, ui),
        Err(WizardError::Aborted) => {
            ui.info("eksnet: cancelled; nothing was written");
            exit::CANCELLED
        }
        Err(e @ WizardError::Io { .. }) => {
            ui.error(e.to_string());
            exit::USAGE
        }
    }
}

/// What follows a written spec: the outputs chosen in the wizard, written
/// by `generate` from the spec file just written, so that running
/// `eksnet generate` later reproduces them byte for byte.
fn after_wizard(outcome: &WizardOutcome, ui: &Ui) -> i32 {
    ui.info(format!("eksnet: wrote ./{}", wizard::SPEC_FILE));
    let Some(req) = &outcome.outputs else {
        ui.info(
            "next: `eksnet generate` writes the outputs; `eksnet plan` shows the whole network",
        );
        return exit::OK;
    };
    let formats: Vec<FormatArg> = if req.formats.len() == OutputKind::ALL.len() {
        vec![FormatArg::All]
    } else {
        req.formats
            .iter()
            .map(|f| match f {
                OutputKind::CloudFormation => FormatArg::Cloudformation,
                OutputKind::Terraform => FormatArg::Terraform,
                OutputKind::Eksctl => FormatArg::Eksctl,
            })
            .collect()
    };
    for format in formats {
        let args = GenerateArgs {
            spec: SpecArgs {
                spec: Some(wizard::SPEC_FILE.into()),
                overrides: Default::default(),
            },
            output: GenerateOutput {
                format,
                out: req.out_dir.clone(),
                force: false,
                check: false,
                network_only: false,
                stdout: false,
                ids_from: None,
            },
        };
        let code = generate(&args, ui);
        if code != exit::OK {
            // The spec is written either way; say how to bring the outputs in line.
            ui.info(format!(
                "the new ./{} is written; `eksnet generate --force --out {}` updates the outputs from it",
                wizard::SPEC_FILE,
                req.out_dir.display()
            ));
            return code;
        }
    }
    for cmd in generate_commands(&req.formats, &req.out_dir) {
        ui.info(format!(
            "again: `{cmd}` regenerates the same files from ./{}",
            wizard::SPEC_FILE
        ));
    }
    exit::OK
}

/// The `eksnet generate` command lines that write `formats` into `out`.
pub fn generate_commands(formats: &[OutputKind], out: &Path) -> Vec<String> {
    let out_flag = if out.as_os_str() == wizard::DEFAULT_OUT_DIR {
        String::new()
    } else {
        format!(" --out {}", out.display())
    };
    if formats.len() == OutputKind::ALL.len() {
        return vec![format!("eksnet generate{out_flag}")];
    }
    formats
        .iter()
        .map(|f| format!("eksnet generate --format {}{out_flag}", f.as_str()))
        .collect()
}
