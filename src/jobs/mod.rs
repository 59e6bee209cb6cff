//! eksnet's jobs as library functions: each command is one function with
//! typed options and a typed outcome, and every failure is an [`Error`]
//! that knows its exit code. The command line only parses flags, calls
//! these and prints what they return; the wizard calls [`generate`] the
//! same way, and tests and other programs can too.
//!
//! A job about a planned network takes a [`Planned`] spec: the plan's
//! diagnostics are there to show before the job runs, so they come first
//! even when the job then fails.

mod compare;
mod diagram;
mod doctor;
mod error;
mod explain;
mod generate;
mod lock;
mod plan;
mod rules;
mod validate;

pub use compare::{compare, CompareOptions};
pub use diagram::{diagram, DiagramOptions};
pub use doctor::{diagnose, doctor, write_diagnosis, DoctorOptions};
pub use error::{exit, Error};
pub use explain::{explain, explain_rule, ExplainOptions};
pub use generate::{generate, Action, GenerateOptions, GenerateOutcome};
pub use lock::{read_lock, MAX_LOCK_BYTES};
pub use plan::{plan, PlanOptions};
pub use rules::{rules, RulesOptions};
pub use validate::{unloadable, validate, ValidateOptions};

use crate::spec::{LoadedSpec, Overrides};
use crate::topology::{self, Lock, Plan, Topology};
use std::path::{Path, PathBuf};

/// How a job writes its document: for people, or for programs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

/// How `validate` and `doctor` write their findings: for people, for
/// programs, as SARIF 2.1.0 for code-scanning tools, or as a GitLab Code
/// Quality report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
    Sarif,
    Codequality,
}

/// What a job shows: a document for stdout and, when what it shows is a
/// failure (a spec with errors, an invalid verdict), the error to end with
/// once it is shown.
#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub failure: Option<Error>,
}

impl Document {
    fn new(text: String, failed: bool) -> Document {
        Document {
            text,
            failure: failed.then_some(Error::Problems),
        }
    }
}

/// `eksnet schema --out FILE`: the spec's JSON Schema, written to `path`
/// (for editors: `# yaml-language-server: $schema=./eksnet.schema.json`).
pub fn write_schema(path: &Path) -> Result<(), Error> {
    std::fs::write(path, crate::spec::json_schema()).map_err(|e| {
        Error::Write(crate::output::WriteError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    })
}

/// Read the spec (`spec`, else `./eksnet.yaml`, else the built-in one) and
/// apply the flags that override it.
pub fn load(spec: Option<&Path>, overrides: &Overrides) -> Result<LoadedSpec, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut loaded = LoadedSpec::resolve(spec, &cwd)?;
    overrides.apply(&mut loaded);
    Ok(loaded)
}

/// A spec and its plan, whose diagnostics point into the file or at the
/// flags that set each field.
#[derive(Debug)]
pub struct Planned {
    pub loaded: LoadedSpec,
    pub plan: Plan,
    /// The lock the subnets were kept to, if any.
    pub lock: Option<Lock>,
}

impl Planned {
    pub fn new(loaded: LoadedSpec) -> Planned {
        Planned::locked(loaded, None)
    }

    /// Planned keeping the subnets of `lock` where they are.
    pub fn locked(loaded: LoadedSpec, lock: Option<Lock>) -> Planned {
        let mut plan = topology::plan_locked(&loaded.spec, lock.as_ref());
        loaded.place(&mut plan.diagnostics);
        Planned { loaded, plan, lock }
    }

    /// Planned for the output directory `out`: keeping the subnets of its
    /// lock (`eksnet.lock`), when it has one, where they are.
    pub fn for_output(loaded: LoadedSpec, out: &Path) -> Result<Planned, Error> {
        let lock = read_lock(out, &loaded.spec.region)?;
        Ok(Planned::locked(loaded, lock))
    }

    /// The document `show` makes of the topology, even one with errors so
    /// the user sees what is wrong; failed when the plan has errors.
    fn show(&self, show: impl FnOnce(&Topology) -> String) -> Result<Document, Error> {
        let t = self.plan.topology.as_ref().ok_or(Error::NotPlanned)?;
        Ok(Document::new(show(t), self.plan.diagnostics.has_errors()))
    }
}
