//! `eksnet init`, and `eksnet` alone on a terminal: the wizard.
//!
//! The wizard only runs when stdin, stdout and stderr are all terminals:
//! inquire reads keys from stdin and draws on stderr, and a redirected
//! stdout means a script is running us. Without a terminal it never
//! prompts; it says what to run instead and exits 2, writing nothing.

use super::Ui;
use crate::jobs::{Error, GenerateOptions};
use crate::render::Format;
use crate::wizard::{self, InquirePrompter, WizardOutcome};
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

pub fn init(ui: &Ui) -> Result<(), Error> {
    let missing = not_terminals();
    if !missing.is_empty() {
        return Err(Error::NoTerminal(missing));
    }
    let cwd = std::env::current_dir().map_err(Error::CurrentDir)?;
    let mut prompter = InquirePrompter::new(ui.color());
    let outcome = wizard::run_wizard(&mut prompter, &cwd)?;
    after_wizard(&outcome, ui)
}

/// What follows a written spec: the outputs chosen in the wizard, written
/// by the library's `generate` from the spec file just written, exactly as
/// `eksnet generate` does, so that running it later reproduces them byte
/// for byte.
fn after_wizard(outcome: &WizardOutcome, ui: &Ui) -> Result<(), Error> {
    ui.info(format!("eksnet: wrote ./{}", wizard::SPEC_FILE));
    let Some(req) = &outcome.outputs else {
        ui.info(
            "next: `eksnet generate` writes the outputs; `eksnet plan` shows the whole network",
        );
        return Ok(());
    };
    // All formats at once, as `eksnet generate` alone; else one by one.
    let formats: Vec<Option<Format>> = if req.formats.len() == Format::ALL.len() {
        vec![None]
    } else {
        req.formats.iter().copied().map(Some).collect()
    };
    for format in formats {
        let opts = GenerateOptions {
            format,
            ..GenerateOptions::new(&req.out_dir)
        };
        let spec = Path::new(wizard::SPEC_FILE);
        super::generate::run(Some(spec), &Default::default(), &opts, ui).map_err(|e| {
            Error::WizardOutputs {
                out: req.out_dir.clone(),
                source: Box::new(e),
            }
        })?;
    }
    for cmd in generate_commands(&req.formats, &req.out_dir) {
        ui.info(format!(
            "again: `{cmd}` regenerates the same files from ./{}",
            wizard::SPEC_FILE
        ));
    }
    Ok(())
}

/// The `eksnet generate` command lines that write `formats` into `out`.
pub fn generate_commands(formats: &[Format], out: &Path) -> Vec<String> {
    let out_flag = if out.as_os_str() == wizard::DEFAULT_OUT_DIR {
        String::new()
    } else {
        format!(" --out {}", out.display())
    };
    if formats.len() == Format::ALL.len() {
        return vec![format!("eksnet generate{out_flag}")];
    }
    formats
        .iter()
        .map(|f| format!("eksnet generate --format {}{out_flag}", f.as_str()))
        .collect()
}
