//! `eksnet generate`: its flags, and what it says about the files it wrote
//! (or printed, or checked for drift).

use super::{out, SpecsArgs, Ui};
use crate::jobs::{self, Action, Error, GenerateOptions, GenerateOutcome, Planned};
use crate::output::Change;
use crate::render::Format;
use crate::spec::Overrides;
use std::path::{Path, PathBuf};

/// `--format`: one format by its name, or `all`. The names are the
/// formats' own, so there is one list of formats (`render::Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatArg(pub Option<Format>);

impl clap::ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            FormatArg(Some(Format::CloudFormation)),
            FormatArg(Some(Format::Terraform)),
            FormatArg(Some(Format::Eksctl)),
            FormatArg(None),
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(
            self.0.map_or("all", Format::as_str),
        ))
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub spec: SpecsArgs,
    #[command(flatten)]
    pub output: GenerateOutput,
}

// What to write and where; after the spec overrides in `--help`, under
// their own heading.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct GenerateOutput {
    /// Which outputs to write
    #[arg(long, value_enum, default_value = "all")]
    pub format: FormatArg,
    /// Output directory
    #[arg(long, value_name = "DIR", default_value = "eksnet-out")]
    pub out: PathBuf,
    /// Overwrite generated files whose content would change
    #[arg(long, conflicts_with_all = ["check", "stdout"])]
    pub force: bool,
    /// Write nothing; exit 3 with a diff when the files on disk differ
    #[arg(long, conflicts_with = "stdout")]
    pub check: bool,
    /// Leave the cluster, node group and IAM roles out (CloudFormation, Terraform)
    #[arg(long)]
    pub network_only: bool,
    /// Print the one file of --format cloudformation or eksctl instead of writing
    #[arg(long)]
    pub stdout: bool,
    /// Fill the eksctl config's VPC and subnet IDs from `aws cloudformation
    /// describe-stacks` JSON or `terraform output -json`
    #[arg(long, value_name = "FILE")]
    pub ids_from: Option<PathBuf>,
    /// Go ahead when the plan moves or deletes subnets of the output
    /// directory's eksnet.lock (without it: exit 4, naming them)
    #[arg(long)]
    pub replace_subnets: bool,
}

impl GenerateOutput {
    fn options(&self) -> GenerateOptions {
        GenerateOptions {
            format: self.format.0,
            out: self.out.clone(),
            action: if self.stdout {
                Action::Print
            } else if self.check {
                Action::Check
            } else {
                Action::Write { force: self.force }
            },
            network_only: self.network_only,
            ids_from: self.ids_from.clone(),
            replace_subnets: self.replace_subnets,
        }
    }
}

/// One spec as always; with several, each spec's outputs go to `--out`
/// resolved against that spec's own directory.
pub fn generate(args: &GenerateArgs, ui: &Ui) -> Result<(), Error> {
    let opts = args.output.options();
    let overrides = &args.spec.overrides;
    if let Some(spec) = args.spec.single() {
        return run(spec, overrides, &opts, ui);
    }
    // Several specs first: `--stdout` is refused for that, whatever the format.
    opts.check_several()?;
    opts.check()?;
    let apart = apart(&args.spec.specs, &opts);
    super::each_spec(&args.spec.specs, apart, ui, |spec| {
        run(Some(spec), overrides, &opts.beside(spec), ui)
    })
}

/// Whether every spec writes to a directory of its own, so that their jobs
/// can run side by side: not when two specs share a directory (or one is
/// given twice), nor when `--out` is absolute or climbs out with `..`.
fn apart(specs: &[PathBuf], opts: &GenerateOptions) -> bool {
    use std::path::Component;
    let relative = opts
        .out
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let mut dirs = std::collections::BTreeSet::new();
    relative
        && specs.iter().all(|spec| {
            let out = opts.beside(spec).out;
            let dir = spec.parent().filter(|d| !d.as_os_str().is_empty());
            // The real place: an existing output directory may be a link.
            let real = std::fs::canonicalize(&out).or_else(|_| {
                std::fs::canonicalize(dir.unwrap_or(Path::new("."))).map(|d| d.join(&opts.out))
            });
            real.is_ok_and(|real| dirs.insert(real))
        })
}

/// Load and plan the spec, show the diagnostics, generate, and say what
/// was done: `eksnet generate`, and the outputs the wizard was asked for.
pub fn run(
    spec: Option<&Path>,
    overrides: &Overrides,
    opts: &GenerateOptions,
    ui: &Ui,
) -> Result<(), Error> {
    // Flags that cannot go together are reported before the spec is read.
    opts.check()?;
    let p = Planned::for_output(super::load(spec, overrides, ui)?, &opts.out)?;
    ui.diagnostics(&p.plan.diagnostics);
    let notes = match jobs::generate(&p, opts)? {
        GenerateOutcome::Print { file, notes } => {
            out(file.contents)?;
            notes
        }
        GenerateOutcome::Checked { files, drift } => {
            if drift.is_empty() {
                ui.info(format!(
                    "eksnet: {files} file(s) in {} are up to date",
                    opts.out.display()
                ));
                return Ok(());
            }
            for d in &drift {
                out(&d.diff)?;
            }
            return Err(Error::Drift(drift.into_iter().map(|d| d.path).collect()));
        }
        GenerateOutcome::Written { changes, notes } => {
            written(&changes, &opts.out, ui);
            notes
        }
    };
    for n in &notes {
        ui.info(format!("note: {n}"));
    }
    Ok(())
}

/// One line per file created or updated (and unchanged, with --verbose),
/// then the count.
fn written(changes: &[(PathBuf, Change)], out: &Path, ui: &Ui) {
    let mut changed = 0;
    for (p, c) in changes {
        if *c != Change::Unchanged {
            changed += 1;
            ui.info(format!("{} {}", c.as_str(), p.display()));
        } else if ui.verbose {
            ui.info(format!("unchanged {}", p.display()));
        }
    }
    if changed == 0 {
        ui.info(format!(
            "eksnet: {} file(s) in {} already up to date",
            changes.len(),
            out.display()
        ));
    } else {
        ui.info(format!(
            "eksnet: wrote {changed} of {} file(s) in {}",
            changes.len(),
            out.display()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(out: &str) -> GenerateOptions {
        GenerateOptions::new(out)
    }

    #[test]
    fn specs_are_apart_only_when_their_outputs_are() {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir(tmp.path().join(d)).unwrap();
        }
        let spec = |p: &str| tmp.path().join(p);
        let two = [spec("a/eksnet.yaml"), spec("b/eksnet.yaml")];
        assert!(apart(&two, &options("eksnet-out")));
        assert!(apart(&two, &options("./out/x")));
        // One directory, one spec twice, one --out for all, or out of each.
        let shared = [spec("a/eksnet.yaml"), spec("a/other.yaml")];
        assert!(!apart(&shared, &options("eksnet-out")));
        let twice = [spec("a/eksnet.yaml"), spec("b/../a/eksnet.yaml")];
        assert!(!apart(&twice, &options("eksnet-out")));
        assert!(!apart(&two, &options("/tmp/out")));
        assert!(!apart(&two, &options("../out")));
    }
}
