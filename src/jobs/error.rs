//! The one error of every eksnet job, and the exit code each failure means:
//! `Error::exit_code` is the only place where the two meet.

use crate::diag::Code;
use crate::doctor::InputError;
use crate::output::{CheckError, WriteError};
use crate::render::{IdsError, RenderError};
use crate::spec::LoadError;
use crate::topology::{LockError, Replacement};
use crate::wizard::WizardError;
use std::path::PathBuf;

/// Exit codes, the same for every command.
pub mod exit {
    pub const OK: i32 = 0;
    /// The spec is invalid, or problems were found.
    pub const PROBLEMS: i32 = 1;
    /// Usage error, I/O error, or unreadable input.
    pub const USAGE: i32 = 2;
    /// `generate --check` found generated files that differ from the spec.
    pub const DRIFT: i32 = 3;
    /// `generate` would move or delete subnets of the network that exists
    /// (those of its `eksnet.lock`), and `--replace-subnets` was not given:
    /// nothing was written.
    pub const REPLACES: i32 = 4;
    /// The wizard was left (Esc, Ctrl-C, quit, or an existing spec kept):
    /// nothing was written. 130 is what a shell reports for Ctrl-C.
    pub const CANCELLED: i32 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec could not be read, or is not a spec document.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The plan has errors and no topology: there is no network to show.
    #[error("the spec has errors; no network was planned")]
    NotPlanned,
    /// The plan has errors: nothing is rendered from it.
    #[error("the spec has errors; nothing was generated")]
    NotGenerated,
    /// Problems were found and already shown with the outcome (the plan's
    /// errors, an invalid verdict, a node subnet that cannot join).
    #[error("problems were found")]
    Problems,
    /// Some architectures could not be planned for the spec being compared.
    #[error("some architectures could not be planned for this spec (see `Not planned`)")]
    NotAllPlanned,
    /// `--stdout` with a format that makes more than one file.
    #[error(
        "--stdout prints a single file: use it with --format cloudformation or --format eksctl"
    )]
    StdoutNeedsOneFile,
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The IDs of `--ids-from` could not be read or do not fit the plan.
    #[error(transparent)]
    Ids(#[from] IdsError),
    #[error("{err}; {then}", err = .0, then = match .0 {
        WriteError::WouldOverwrite(_) => "nothing was written",
        WriteError::Io { .. } => "the files already there were left as they were",
    })]
    Write(#[from] WriteError),
    /// `generate --check`: a file where an output belongs cannot be read
    /// (a directory, a FIFO, a device, one too large).
    #[error(transparent)]
    Check(#[from] CheckError),
    /// `plan --size-for` with an IPv6 cluster, whose pods take IPv6 addresses.
    #[error("--size-for sizes IPv4 addresses for pods; an IPv6 cluster's pods take IPv6 addresses from /64 subnets, which do not run out: plan it without --size-for")]
    SizeForIpv6,
    /// A flag that concerns one spec, given with several `--spec`.
    #[error("{0} works with one --spec only")]
    OneSpecOnly(&'static str),
    /// Several specs (`--spec A --spec B`), and these of them failed: each
    /// was told on its own; `of` is how many there were.
    #[error("{} of {of} specs failed: {}", .failed.len(), .failed.iter().map(|(p, _)| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Specs {
        failed: Vec<(PathBuf, Error)>,
        of: usize,
    },
    /// `generate --check`: these generated files differ from the spec.
    #[error("{} generated file(s) differ from the spec: {}", .0.len(), .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Drift(Vec<PathBuf>),
    /// The output directory's lock cannot be read, or a line of it is wrong.
    #[error("{}{}: {}; {}", .path.display(), match .error.line { 0 => String::new(), n => format!(":{n}") }, .error.message, .error.fix)]
    Lock { path: PathBuf, error: LockError },
    /// Regenerating would move or delete subnets of the lock.
    #[error("{}", super::generate::replacements_message(.0))]
    WouldReplace(Vec<Replacement>),
    /// The output directory holds outputs written before eksnet kept a lock,
    /// and the plan has subnets (these CIDRs) that none of them holds.
    #[error("{} holds outputs without {}, and these subnets are in none of them: {}; a subnet that moved would be replaced. Run `eksnet generate --force` once with the spec that made these outputs, unchanged, to write the lock, then change the spec; or pass --replace-subnets", .out.display(), crate::topology::LOCK_FILE, .cidrs.join(", "))]
    Unlocked { out: PathBuf, cidrs: Vec<String> },
    /// The doctor's input directory could not be read.
    #[error(transparent)]
    DoctorInput(#[from] InputError),
    #[error("unknown rule code or add-on `{code}`{}", match .suggestion {
        Some(s) => format!("; did you mean {s}?"),
        None => String::new(),
    })]
    UnknownRule {
        code: String,
        suggestion: Option<&'static str>,
    },
    /// The wizard was left, or its spec could not be written.
    #[error(transparent)]
    Wizard(#[from] WizardError),
    /// The wizard wrote the spec, but writing the outputs it was asked
    /// for failed with `source`.
    #[error("{source}")]
    WizardOutputs { out: PathBuf, source: Box<Error> },
    /// The wizard needs stdin, stdout and stderr to be terminals; these are not.
    #[error(
        "no terminal ({} {} not one): `eksnet init` asks its questions on a terminal",
        .0.join(", "),
        if .0.len() == 1 { "is" } else { "are" }
    )]
    NoTerminal(Vec<&'static str>),
    /// `eksnet` alone, without a terminal for the wizard.
    #[error("no command given, and no terminal for the wizard (`eksnet init`)")]
    NoCommand,
    #[error("cannot read the current directory: {0}")]
    CurrentDir(std::io::Error),
    /// The command line does not parse (clap prints its own message).
    #[error(transparent)]
    Args(#[from] clap::Error),
    /// Writing the result on stdout failed; a reader that stopped reading
    /// (`eksnet plan | head`) is not a failure.
    #[error("cannot write to stdout: {0}")]
    Stdout(std::io::Error),
}

impl Error {
    /// The exit code of the process that fails with this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            // An unreadable or unparsable file (S001, S002) is unreadable
            // input; YAML that is not a valid spec is a problem with the spec.
            Error::Load(LoadError::Io { .. }) => exit::USAGE,
            Error::Load(LoadError::Invalid(d)) if matches!(d.code, Code::S001 | Code::S002) => {
                exit::USAGE
            }
            Error::Load(LoadError::Invalid(_) | LoadError::InvalidKeys(_)) => exit::PROBLEMS,
            Error::NotPlanned | Error::NotGenerated | Error::Problems | Error::NotAllPlanned => {
                exit::PROBLEMS
            }
            Error::Drift(_) => exit::DRIFT,
            Error::WouldReplace(_) | Error::Unlocked { .. } => exit::REPLACES,
            Error::Wizard(WizardError::Aborted) => exit::CANCELLED,
            Error::WizardOutputs { source, .. } => source.exit_code(),
            // Several specs: the highest code of those that failed, so a
            // drift or an unreadable spec is not hidden by a spec with errors.
            Error::Specs { failed, .. } => failed
                .iter()
                .map(|(_, e)| e.exit_code())
                .max()
                .unwrap_or(exit::OK),
            // The closed pipe ends the output as a filter should: quietly.
            Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
            // `--help` and `--version` reach us as clap errors too.
            Error::Args(e) if !e.use_stderr() => exit::OK,
            Error::StdoutNeedsOneFile
            | Error::SizeForIpv6
            | Error::OneSpecOnly(_)
            | Error::Render(_)
            | Error::Ids(_)
            | Error::Lock { .. }
            | Error::Write(_)
            | Error::Check(_)
            | Error::DoctorInput(_)
            | Error::UnknownRule { .. }
            | Error::Wizard(WizardError::Io { .. })
            | Error::NoTerminal(_)
            | Error::NoCommand
            | Error::CurrentDir(_)
            | Error::Args(_)
            | Error::Stdout(_) => exit::USAGE,
        }
    }
}
