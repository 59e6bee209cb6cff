//! `eksnet generate`: plan, render the chosen formats, and write them (or
//! print one, or check the files on disk for drift).
//!
//! The plan must be free of errors before anything is rendered, and every
//! format is rendered in memory before the first byte is written, so a
//! failure in one format cannot leave the others half-updated.

use super::{exit, SpecArgs, Ui};
use crate::output::{self, Change, WriteError};
use crate::render::{self, Format, Ids, OutputFile, RenderOptions};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Cloudformation,
    Terraform,
    Eksctl,
    All,
}

#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    #[command(flatten)]
    pub output: GenerateOutput,
}

/// What to write and where; after the spec overrides in `--help`, under
/// their own heading.
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
}

pub fn generate(all: &GenerateArgs, ui: &Ui) -> i32 {
    let args = &all.output;
    let formats: Vec<Format> = match args.format {
        FormatArg::Cloudformation => vec![Format::CloudFormation],
        FormatArg::Terraform => vec![Format::Terraform],
        FormatArg::Eksctl => vec![Format::Eksctl],
        // eksctl always creates a cluster: with --network-only, `all`
        // means the formats that can describe a network alone.
        FormatArg::All if args.network_only => vec![Format::CloudFormation, Format::Terraform],
        FormatArg::All => Format::ALL.to_vec(),
    };
    if args.stdout && !matches!(args.format, FormatArg::Cloudformation | FormatArg::Eksctl) {
        ui.error(
            "--stdout prints a single file: use it with --format cloudformation or --format eksctl",
        );
        return exit::USAGE;
    }
    if args.network_only && args.format == FormatArg::Eksctl {
        let e = render::RenderError::NetworkOnlyEksctl;
        ui.error(e.to_string());
        if let Some(h) = e.help() {
            ui.info(format!("hint: {h}"));
        }
        return exit::USAGE;
    }
    let (_, plan) = match super::plan::load_and_plan(&all.spec, ui) {
        Ok(p) => p,
        Err(code) => return code,
    };
    ui.diagnostics(&plan.diagnostics);
    let Some(t) = plan.valid() else {
        ui.error("the spec has errors; nothing was generated");
        return exit::PROBLEMS;
    };
    let ids = match &args.ids_from {
        None => None,
        Some(p) => {
            let checked = Ids::from_file(p).and_then(|ids| {
                let public = t.subnets_of(crate::topology::Tier::Public).count();
                let private = t.subnets_of(crate::topology::Tier::Private).count();
                ids.check(&p.display().to_string(), public, private)?;
                Ok(ids)
            });
            match checked {
                Ok(ids) => Some(ids),
                Err(e) => {
                    ui.error(e.to_string());
                    return exit::USAGE;
                }
            }
        }
    };
    let opts = RenderOptions {
        network_only: args.network_only,
        ids,
    };
    let mut files: Vec<OutputFile> = Vec::new();
    for f in &formats {
        match render::render(t, *f, &opts) {
            Ok(mut v) => files.append(&mut v),
            Err(e) => {
                ui.error(e.to_string());
                if let Some(h) = e.help() {
                    ui.info(format!("hint: {h}"));
                }
                return exit::USAGE;
            }
        }
    }
    // The output directory explains itself: diagram, subnets, choices, deploy steps.
    files.push(OutputFile {
        path: "README.md".into(),
        contents: crate::teach::readme(t),
    });
    let notes = render::notes(t, &formats, &opts);

    if args.stdout {
        print!("{}", files[0].contents);
        for n in &notes {
            ui.info(format!("note: {n}"));
        }
        return exit::OK;
    }
    if args.check {
        let drift = output::check(&args.out, &files);
        if drift.is_empty() {
            ui.info(format!(
                "eksnet: {} file(s) in {} are up to date",
                files.len(),
                args.out.display()
            ));
            return exit::OK;
        }
        for d in &drift {
            print!("{}", d.diff);
        }
        let names: Vec<String> = drift.iter().map(|d| d.path.display().to_string()).collect();
        ui.error(format!(
            "{} generated file(s) differ from the spec: {}",
            drift.len(),
            names.join(", ")
        ));
        ui.info("hint: run `eksnet generate --force` with the same flags to update them");
        return exit::DRIFT;
    }
    match output::write_all(&args.out, &files, args.force) {
        Ok(done) => {
            let mut changed = 0;
            for (p, c) in &done {
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
                    done.len(),
                    args.out.display()
                ));
            } else {
                ui.info(format!(
                    "eksnet: wrote {changed} of {} file(s) in {}",
                    done.len(),
                    args.out.display()
                ));
            }
            for n in &notes {
                ui.info(format!("note: {n}"));
            }
            exit::OK
        }
        Err(e @ WriteError::WouldOverwrite(_)) => {
            ui.error(format!("{e}; nothing was written"));
            ui.info("hint: pass --force to overwrite them, or --check to see the differences");
            exit::USAGE
        }
        Err(e) => {
            ui.error(format!(
                "{e}; the files already there were left as they were"
            ));
            exit::USAGE
        }
    }
}
