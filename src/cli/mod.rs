//! The command line: flags (clap derive), dispatch, and exit codes.

mod compare;
mod diagram;
mod doctor;
mod explain;
mod generate;
mod init;
mod plan;
mod ui;

use crate::spec::{LoadError, LoadedSpec, Overrides};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
pub use ui::Ui;

/// Exit codes, the same for every command.
pub mod exit {
    pub const OK: i32 = 0;
    /// The spec is invalid, or problems were found.
    pub const PROBLEMS: i32 = 1;
    /// Usage error, I/O error, or unreadable input.
    pub const USAGE: i32 = 2;
    /// `generate --check` found generated files that differ from the spec.
    pub const DRIFT: i32 = 3;
    /// The wizard was left (Esc, Ctrl-C, quit, or an existing spec kept):
    /// nothing was written. 130 is what a shell reports for Ctrl-C.
    pub const CANCELLED: i32 = 130;
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success (warnings are printed)
  1    the spec is invalid, or problems were found (or warnings, with --deny-warnings)
  2    usage error, I/O error, or unreadable input (or no terminal for the wizard)
  3    drift: generate --check found files that differ
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
    #[command(after_help = "Example:\n  eksnet schema > eksnet.schema.json")]
    Schema,
    /// List every rule code with its severity and title
    #[command(after_help = "Examples:\n  eksnet rules\n  eksnet rules --output json")]
    Rules(plan::RulesArgs),
    /// Explain why the planned network is shaped so, or explain one rule by its code
    #[command(after_help = "Examples:\n  eksnet explain\n  eksnet explain --architecture fully-private\n  eksnet explain E060\n\n".to_string() + EXIT_CODES_HELP)]
    Explain(explain::ExplainArgs),
    /// Compare the four architectures for the spec's VPC and AZs, with hourly costs
    #[command(after_help = "Examples:\n  eksnet compare\n  eksnet compare --spec eksnet.yaml --output json\n\n".to_string() + EXIT_CODES_HELP)]
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

/// Where the spec comes from, and the flags that override it.
#[derive(Debug, Clone, clap::Args)]
pub struct SpecArgs {
    /// Spec file (default: ./eksnet.yaml if present, else the built-in default)
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    #[command(flatten)]
    pub overrides: Overrides,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

impl SpecArgs {
    /// Load the spec, apply the flags, and say on stderr which spec is used.
    pub fn load(&self, ui: &Ui) -> Result<LoadedSpec, i32> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match LoadedSpec::resolve(self.spec.as_deref(), &cwd) {
            Ok(mut l) => {
                ui.info(format!("eksnet: using {}", l.source.describe()));
                self.overrides.apply(&mut l);
                Ok(l)
            }
            Err(e) => Err(report_load_error(&e, ui)),
        }
    }
}

pub fn report_load_error(e: &LoadError, ui: &Ui) -> i32 {
    match e {
        // S001 like any unreadable spec, so CI logs can match on the code.
        LoadError::Io { path, .. } => ui.diagnostic(
            &crate::diag::Diagnostic::new("S001", e.to_string()).at_location(path.clone()),
        ),
        LoadError::Invalid(d) => ui.diagnostic(d),
        LoadError::InvalidKeys(ds) => ds.iter().for_each(|d| ui.diagnostic(d)),
    }
    e.exit_code()
}

/// Run the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    let ui = Ui::new(cli.quiet, cli.verbose);
    run(cli, &ui)
}

pub fn run(cli: Cli, ui: &Ui) -> i32 {
    match cli.command {
        // On a terminal, `eksnet` alone is the wizard; in a script it is a
        // usage error that says what to run instead.
        None if init::not_terminals().is_empty() => init::init(ui),
        None => {
            ui.error("no command given, and no terminal for the wizard (`eksnet init`)");
            ui.info(init::NO_TERMINAL_HINT);
            ui.info("`eksnet --help` lists the commands.");
            exit::USAGE
        }
        Some(Command::Init) => init::init(ui),
        Some(Command::Plan(a)) => plan::plan(&a, ui),
        Some(Command::Validate(a)) => plan::validate(&a, ui),
        Some(Command::Rules(a)) => plan::rules(&a),
        Some(Command::Generate(a)) => generate::generate(&a, ui),
        Some(Command::Explain(a)) => explain::explain(&a, ui),
        Some(Command::Compare(a)) => compare::compare(&a, ui),
        Some(Command::Diagram(a)) => diagram::diagram(&a, ui),
        Some(Command::Doctor(a)) => doctor::doctor(&a, ui),
        Some(Command::Schema) => {
            print!("{}", crate::spec::json_schema());
            exit::OK
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "eksnet", &mut std::io::stdout());
            exit::OK
        }
        Some(Command::Man) => {
            let man = clap_mangen::Man::new(Cli::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => exit::OK,
                Err(e) => {
                    ui.error(format!("cannot write the man page: {e}"));
                    exit::USAGE
                }
            }
        }
    }
}
