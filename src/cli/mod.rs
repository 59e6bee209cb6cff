//! The command line: flags (clap derive), dispatch to the jobs, and how
//! their outcomes and errors are told on stdout and stderr.

mod compare;
mod diagram;
mod doctor;
mod explain;
mod generate;
mod held;
mod init;
mod plan;
mod ui;

pub use crate::jobs::OutputFormat;
use crate::jobs::{self, Error, Planned};
use crate::spec::{LoadError, LoadedSpec, Overrides};
use clap::{CommandFactory, Parser, Subcommand};
use std::path::{Path, PathBuf};
pub use ui::Ui;

/// Exit codes, the same for every command; `Error::exit_code` maps each
/// failure to one.
pub use crate::jobs::exit;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success (warnings are printed)
  1    the spec is invalid, or problems were found (or warnings, with --deny-warnings)
  2    usage error, I/O error, or unreadable input (or no terminal for the wizard)
  3    drift: generate --check found files that differ
  4    generate would move or delete live subnets of eksnet.lock (see --replace-subnets)
  130  the wizard was cancelled (Esc, Ctrl-C or quit); nothing was written";

/// Examples for `eksnet --help`; each command's help has its own.
const TOP_EXAMPLES: &str = "\
Examples:
  eksnet                                     on a terminal: the wizard, as `eksnet init`
  eksnet plan --architecture fully-private   the network of one architecture
  eksnet validate --spec eksnet.yaml         every problem of a spec at once
  eksnet rules                               every rule code

";

#[derive(Debug, Parser)]
#[command(
    name = "eksnet",
    version,
    about = "Design the network of an Amazon EKS cluster and write it out as CloudFormation, Terraform and eksctl config",
    long_about = "Design the network of an Amazon EKS cluster and write it out as CloudFormation, Terraform and eksctl config.\n\n\
eksnet plans a VPC for one of four architectures (public-only, public-private, private-only, fully-private), \
checks that every node subnet can reach the cluster API endpoint, ECR and S3, and renders the same network in every format.\n\n\
The spec is read from --spec FILE, else ./eksnet.yaml, else the built-in default.\n\n\
Run without a command on a terminal (or run `eksnet init`) to answer a few questions and get ./eksnet.yaml.",
    after_help = TOP_EXAMPLES.to_string() + EXIT_CODES_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Print only errors on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Answer a few questions on a terminal and write ./eksnet.yaml (the same as `eksnet` alone)
    #[command(after_help = "Each answer is checked with the rules of `eksnet validate` as you type; the plan is shown before anything is written. Esc or Ctrl-C leaves without writing anything (exit code 130). Without a terminal it asks nothing and exits 2.\n\nExamples:\n  eksnet init\n  eksnet init && eksnet generate\n\n".to_string() + EXIT_CODES_HELP)]
    Init,
    /// Show the planned network: subnets, routes, gateways, endpoints and each node subnet's paths
    #[command(after_help = "Examples:\n  eksnet plan\n  eksnet plan --spec eksnet.yaml --output json\n  eksnet plan --architecture fully-private --azs us-west-2a,us-west-2b\n\n".to_string() + EXIT_CODES_HELP)]
    Plan(plan::PlanArgs),
    /// Check a spec against every rule and report all problems at once
    #[command(after_help = "Examples:\n  eksnet validate --spec eksnet.yaml\n  eksnet validate --deny-warnings --output json\n\n".to_string() + EXIT_CODES_HELP)]
    Validate(plan::ValidateArgs),
    /// Write the network as CloudFormation, Terraform and eksctl config
    #[command(after_help = "Examples:\n  eksnet generate\n  eksnet generate --spec eksnet.yaml --format terraform --out infra\n  eksnet generate --check\n  eksnet generate --format eksctl --ids-from stack.json\n\n".to_string() + EXIT_CODES_HELP)]
    Generate(generate::GenerateArgs),
    /// Diagnose an existing VPC from the AWS CLI's describe-* JSON: can nodes join, and if not, the fix
    #[command(after_help = "Examples:\n  eksnet doctor ./vpc-dump\n  eksnet doctor ./vpc-dump --node-subnets subnet-0a1b2c3d,subnet-4e5f6a7b --output json\n\nCollect DIR with the script in docs/doctor.md (scripts/collect-vpc.sh).\n\n".to_string() + EXIT_CODES_HELP)]
    Doctor(doctor::DoctorArgs),
    /// Print the JSON Schema of the spec file, for editors
    #[command(
        after_help = "Examples:\n  eksnet schema > eksnet.schema.json\n  eksnet schema --out eksnet.schema.json\n\nThen start eksnet.yaml with\n  # yaml-language-server: $schema=./eksnet.schema.json"
    )]
    Schema {
        /// Write the schema to FILE instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List every rule code with its severity and title
    #[command(after_help = "Examples:\n  eksnet rules\n  eksnet rules --output json")]
    Rules(plan::RulesArgs),
    /// Explain why the planned network is shaped so, or explain one rule by its code
    #[command(after_help = "Examples:\n  eksnet explain\n  eksnet explain --architecture fully-private\n  eksnet explain E060\n\n".to_string() + EXIT_CODES_HELP)]
    Explain(explain::ExplainArgs),
    /// Compare the four architectures for the spec's VPC and AZs, with hourly and monthly costs
    #[command(after_help = "Examples:\n  eksnet compare\n  eksnet compare --monthly-gb 2000\n  eksnet compare --spec eksnet.yaml --output json\n\n".to_string() + EXIT_CODES_HELP)]
    Compare(compare::CompareArgs),
    /// Draw the planned network as a Mermaid or Graphviz DOT diagram
    #[command(after_help = "Examples:\n  eksnet diagram > network.mmd\n  eksnet diagram --format dot | dot -Tsvg > network.svg\n\n".to_string() + EXIT_CODES_HELP)]
    Diagram(diagram::DiagramArgs),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  eksnet completions bash > /etc/bash_completion.d/eksnet")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  eksnet man > eksnet.1 && man ./eksnet.1")]
    Man,
}

// Where the spec comes from, and the flags that override it.
#[derive(Debug, Clone, clap::Args)]
pub struct SpecArgs {
    /// Spec file (default: ./eksnet.yaml if present, else the built-in default)
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    #[command(flatten)]
    pub overrides: Overrides,
}

impl SpecArgs {
    /// Load the spec, apply the flags, and say on stderr which spec is used.
    pub fn load(&self, ui: &Ui) -> Result<LoadedSpec, Error> {
        load(self.spec.as_deref(), &self.overrides, ui)
    }

    /// Load and plan; the plan's diagnostics carry their file locations.
    pub fn plan(&self, ui: &Ui) -> Result<Planned, Error> {
        self.load(ui).map(Planned::new)
    }
}

// Where the specs of `validate` and `generate` come from: `--spec` once
// (or not at all) as for every command, or several times, each spec then
// handled on its own; the flags override every one of them.
#[derive(Debug, Clone, clap::Args)]
pub struct SpecsArgs {
    /// Spec file (default: ./eksnet.yaml if present, else the built-in default);
    /// repeat it to handle several specs in one run, each on its own
    #[arg(long = "spec", value_name = "FILE")]
    pub specs: Vec<PathBuf>,
    #[command(flatten)]
    pub overrides: Overrides,
}

impl SpecsArgs {
    /// The one spec given, if any; `None` when there are several.
    pub fn single(&self) -> Option<Option<&Path>> {
        match self.specs.as_slice() {
            [] => Some(None),
            [one] => Some(Some(one)),
            _ => None,
        }
    }
}

/// Run `job` on each of several specs, on as many threads as there are
/// processors when `side_by_side` (specs whose jobs touch nothing in
/// common), else one after the other; what each job prints and each
/// failure is told spec by spec, in the specs' order; then one summary line
/// per spec (with --quiet, only which specs failed and their exit codes,
/// so an error is never left without its spec). Fails with every failure,
/// so the exit code is the worst of them (`Error::exit_code`).
pub fn each_spec(
    specs: &[PathBuf],
    side_by_side: bool,
    ui: &Ui,
    job: impl Fn(&Path) -> Result<(), Error> + Sync,
) -> Result<(), Error> {
    let workers = match side_by_side {
        true => crate::par::threads(),
        false => 1,
    };
    let mut failed = Vec::new();
    let mut summary = Vec::new();
    let mut unshown = None;
    held::side_by_side(
        specs,
        workers,
        |spec| job(spec),
        |spec, result, printed| {
            if let Err(e) = printed.show() {
                unshown.get_or_insert(e);
            }
            let line = format!("eksnet: {}: ", spec.display());
            match result {
                Ok(()) => summary.push(Summary::Ok(line + "ok")),
                Err(e) => {
                    report(&e, ui);
                    summary.push(Summary::Failed {
                        line: format!("{line}failed (exit {})", e.exit_code()),
                        error: e.to_string(),
                    });
                    failed.push((spec.clone(), e));
                }
            }
        },
    );
    if let Some(e) = unshown {
        return Err(Error::Stdout(e));
    }
    for line in &summary {
        match line {
            Summary::Ok(ok) => ui.info(ok),
            // With --quiet the error was told above without the spec's
            // name (not all errors hold it): the name, not the error again.
            Summary::Failed { line, .. } if ui.quiet => ui.kept(line),
            Summary::Failed { line, error } => ui.info(format!("{line}: {error}")),
        }
    }
    if failed.is_empty() {
        return Ok(());
    }
    Err(Error::Specs {
        failed,
        of: specs.len(),
    })
}

/// One spec's line in the summary of several; a failure's error is told
/// after its line unless --quiet (which told the error already).
enum Summary {
    Ok(String),
    Failed { line: String, error: String },
}

/// Load a spec and say on stderr which one is used.
pub fn load(spec: Option<&Path>, overrides: &Overrides, ui: &Ui) -> Result<LoadedSpec, Error> {
    let l = jobs::load(spec, overrides)?;
    ui.info(format!("eksnet: using {}", l.source.describe()));
    Ok(l)
}

/// Print a job's result on stdout. Flushed here, so that a closed pipe is
/// seen now, as an error that ends eksnet quietly.
pub fn out(text: impl AsRef<[u8]>) -> Result<(), Error> {
    held::stdout(text.as_ref()).map_err(Error::Stdout)
}

/// Print a job's document, then end with its failure, if any.
pub fn show(doc: jobs::Document) -> Result<(), Error> {
    out(doc.text)?;
    doc.failure.map_or(Ok(()), Err)
}

/// Say on stderr what went wrong, as each error is best told.
pub fn report(e: &Error, ui: &Ui) {
    match e {
        Error::Load(e) => report_load_error(e, ui),
        // Shown already, with what the job printed; several specs' failures
        // are each told as they come, and summed up per spec.
        Error::Problems | Error::Specs { .. } => {}
        Error::Stdout(io) if io.kind() == std::io::ErrorKind::BrokenPipe => {}
        Error::Args(e) => {
            let _ = e.print();
        }
        Error::Wizard(crate::wizard::WizardError::Aborted) => {
            ui.info("eksnet: cancelled; nothing was written")
        }
        Error::WizardOutputs { out, source } => {
            report(source, ui);
            // The spec is written either way; say how to bring the outputs in line.
            ui.info(format!(
                "the new ./{} is written; `eksnet generate --force --out {}` updates the outputs from it",
                crate::wizard::SPEC_FILE,
                out.display()
            ));
        }
        _ => {
            ui.error(e.to_string());
            if let Some(hint) = hint(e) {
                ui.info(hint);
            }
        }
    }
}

/// What to do about an error, said after it.
fn hint(e: &Error) -> Option<String> {
    Some(match e {
        Error::Render(r) => format!("hint: {}", r.help()?),
        Error::Write(crate::output::WriteError::WouldOverwrite(_)) => {
            "hint: pass --force to overwrite them, or --check to see the differences".into()
        }
        Error::Drift(_) => {
            "hint: run `eksnet generate --force` with the same flags to update them".into()
        }
        Error::UnknownRule { .. } => {
            "run `eksnet rules` to list every rule code; the add-ons are in `eksnet schema`".into()
        }
        Error::NoTerminal(_) => init::NO_TERMINAL_HINT.into(),
        Error::NoCommand => format!(
            "{}\n`eksnet --help` lists the commands.",
            init::NO_TERMINAL_HINT
        ),
        _ => return None,
    })
}

pub fn report_load_error(e: &LoadError, ui: &Ui) {
    // An unreadable spec is S001 like any other, so CI logs can match on the code.
    e.diagnostics().iter().for_each(|d| ui.diagnostic(d));
}

/// Run the command line; returns the exit code.
pub fn main() -> i32 {
    let (result, ui) = match Cli::try_parse() {
        Ok(cli) => {
            let ui = Ui::new(cli.quiet, cli.verbose);
            (run(cli, &ui), ui)
        }
        Err(e) => (Err(Error::Args(e)), Ui::default()),
    };
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            report(&e, &ui);
            e.exit_code()
        }
    }
}

pub fn run(cli: Cli, ui: &Ui) -> Result<(), Error> {
    match cli.command {
        // On a terminal, `eksnet` alone is the wizard; in a script it is a
        // usage error that says what to run instead.
        None if init::not_terminals().is_empty() => init::init(ui),
        None => Err(Error::NoCommand),
        Some(Command::Init) => init::init(ui),
        Some(Command::Plan(a)) => plan::plan(&a, ui),
        Some(Command::Validate(a)) => plan::validate(&a, ui),
        Some(Command::Rules(a)) => plan::rules(&a),
        Some(Command::Generate(a)) => generate::generate(&a, ui),
        Some(Command::Explain(a)) => explain::explain(&a, ui),
        Some(Command::Compare(a)) => compare::compare(&a, ui),
        Some(Command::Diagram(a)) => diagram::diagram(&a, ui),
        Some(Command::Doctor(a)) => doctor::doctor(&a),
        Some(Command::Schema { out: None }) => out(crate::spec::json_schema()),
        Some(Command::Schema { out: Some(file) }) => jobs::write_schema(&file),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "eksnet", &mut script);
            out(script)
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(Error::Stdout)?;
            out(page)
        }
    }
}
