//! `generate`: render the chosen formats of a planned network, then write
//! them (or hand back the one file to print, or compare the files on disk).
//!
//! The plan must be free of errors before anything is rendered, and every
//! format is rendered in memory before the first byte is written, so a
//! failure in one format cannot leave the others half-updated.

use super::{Error, Planned};
use crate::output::{self, Change, Drift};
use crate::render::ids::REMEMBERED_IDS_FILE;
use crate::render::{self, Format, Ids, OutputFile, RenderError, RenderOptions};
use crate::topology::{Lock, Replacement, Tier, Topology, LOCK_FILE};
use std::path::{Path, PathBuf};

/// What to do with the rendered files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Write them under the output directory; `force` replaces files whose
    /// content would change.
    Write { force: bool },
    /// Write nothing; compare them with the files on disk.
    Check,
    /// Write nothing; the one file of the format is the outcome.
    Print,
}

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// One format, or `None` for all of them (with `network_only`, those
    /// that can describe a network alone).
    pub format: Option<Format>,
    /// The output directory.
    pub out: PathBuf,
    pub action: Action,
    /// Leave the cluster, node group and IAM roles out.
    pub network_only: bool,
    /// Deployed IDs for the eksctl config (stack or `terraform output` JSON).
    pub ids_from: Option<PathBuf>,
    /// Go ahead when the plan moves or deletes subnets of the lock.
    pub replace_subnets: bool,
}

/// What `generate` did.
#[derive(Debug)]
pub enum GenerateOutcome {
    /// `Action::Print`: the file to print, and notes about it.
    Print {
        file: OutputFile,
        notes: Vec<String>,
    },
    /// `Action::Check`: how many files were compared, and those that differ.
    Checked { files: usize, drift: Vec<Drift> },
    /// `Action::Write`: each file's full path and what happened to it.
    Written {
        changes: Vec<(PathBuf, Change)>,
        notes: Vec<String>,
    },
}

impl GenerateOptions {
    /// All formats, written under `out` without replacing changed files.
    pub fn new(out: impl Into<PathBuf>) -> GenerateOptions {
        GenerateOptions {
            format: None,
            out: out.into(),
            action: Action::Write { force: false },
            network_only: false,
            ids_from: None,
            replace_subnets: false,
        }
    }

    /// Options that cannot go together, found before any spec is read.
    pub fn check(&self) -> Result<(), Error> {
        if self.action == Action::Print
            && !matches!(self.format, Some(Format::CloudFormation | Format::Eksctl))
        {
            return Err(Error::StdoutNeedsOneFile);
        }
        if self.network_only && self.format == Some(Format::Eksctl) {
            return Err(RenderError::NetworkOnlyEksctl.into());
        }
        Ok(())
    }

    /// Options that concern a single spec, refused with several `--spec`:
    /// one file on stdout, one network's deployed IDs.
    pub fn check_several(&self) -> Result<(), Error> {
        if self.action == Action::Print {
            return Err(Error::OneSpecOnly("--stdout"));
        }
        if self.ids_from.is_some() {
            return Err(Error::OneSpecOnly("--ids-from"));
        }
        Ok(())
    }

    /// The options for one of several specs: `out` resolved against the
    /// spec's own directory, so the default `eksnet-out` lands beside each
    /// spec (an absolute `out` stays as it is).
    pub fn beside(&self, spec: &Path) -> GenerateOptions {
        let dir = spec.parent().unwrap_or(Path::new(""));
        GenerateOptions {
            out: dir.join(&self.out),
            ..self.clone()
        }
    }

    /// The formats to render.
    pub fn formats(&self) -> Vec<Format> {
        match self.format {
            Some(f) => vec![f],
            // eksctl always creates a cluster: with `network_only`, all
            // means the formats that can describe a network alone.
            None if self.network_only => vec![Format::CloudFormation, Format::Terraform],
            None => Format::ALL.to_vec(),
        }
    }
}

/// Render the plan and do `opts.action` with the files. Plan with
/// [`Planned::for_output`] to keep the subnets of the output directory's
/// lock; the lock of the plan's subnets is written with the files.
pub fn generate(p: &Planned, opts: &GenerateOptions) -> Result<GenerateOutcome, Error> {
    opts.check()?;
    let t = p.plan.valid().ok_or(Error::NotGenerated)?;
    if !p.plan.replacements.is_empty() && !opts.replace_subnets {
        return Err(Error::WouldReplace(p.plan.replacements.clone()));
    }
    if p.lock.is_none() && !opts.replace_subnets && opts.action != Action::Print {
        unlocked_outputs(&opts.out, t)?;
    }
    let mut id_notes = Vec::new();
    let (ids, ids_file) = ids(t, opts, &mut id_notes)?.unzip();
    let render_opts = RenderOptions {
        network_only: opts.network_only,
        ids,
    };
    let formats = opts.formats();
    let mut files = render_all(t, &formats, &render_opts)?;
    // The output directory explains itself: diagram, subnets, choices, deploy steps.
    files.push(OutputFile {
        path: "README.md".into(),
        contents: crate::teach::readme(t),
    });
    // Where the subnets are, for the next run to keep them there.
    files.push(OutputFile {
        path: LOCK_FILE.into(),
        contents: Lock::of(t).text(),
    });
    files.extend(ids_file);
    let mut notes = render::notes(t, &formats, &render_opts);
    notes.extend(render::cloudformation_size_note(t, &files));
    notes.extend(id_notes);
    notes.extend(locked_sizes(p, t));
    notes.extend(legacy_terraform(&opts.out, &formats));
    Ok(match opts.action {
        Action::Print => GenerateOutcome::Print {
            file: files.swap_remove(0),
            notes,
        },
        Action::Check => GenerateOutcome::Checked {
            files: files.len(),
            drift: output::check(&opts.out, &files)?,
        },
        Action::Write { force } => GenerateOutcome::Written {
            changes: output::write_all(&opts.out, &files, force)?,
            notes,
        },
    })
}

/// Every file of `formats`, in their order. On the calling thread: the
/// templates come parsed (build.rs), so laying a format out takes less than
/// starting a thread for it.
fn render_all(
    t: &Topology,
    formats: &[Format],
    opts: &RenderOptions,
) -> Result<Vec<OutputFile>, Error> {
    let mut files = Vec::new();
    for f in formats {
        files.append(&mut render::render(t, *f, opts)?);
    }
    Ok(files)
}

/// The deployed IDs for the eksctl config: those of `--ids-from`, checked
/// against the plan's subnets; else those remembered in the output
/// directory by an earlier `--ids-from`, while they fit the plan (after a
/// zone is added, its subnets have no ID until the network is deployed:
/// then a note says to pass `--ids-from` again). With IDs, the file that
/// remembers them is one of the outputs.
fn ids(
    t: &Topology,
    opts: &GenerateOptions,
    notes: &mut Vec<String>,
) -> Result<Option<(Ids, OutputFile)>, Error> {
    let public = t.subnets_of(Tier::Public).count();
    let private = t.subnets_of(Tier::Private).count();
    let pod = t.subnets_of(Tier::Pod).count();
    let remembered = opts.out.join(REMEMBERED_IDS_FILE);
    let zones: Vec<String> = t
        .availability_zones
        .iter()
        .map(|a| a.name.clone())
        .collect();
    let mut ids = match &opts.ids_from {
        Some(p) => {
            let ids = Ids::from_file(p)?;
            let path = p.display().to_string();
            ids.check(&path, public, private, pod)?;
            ids.validate(&path, &t.region, &t.partition)?;
            ids
        }
        None if remembered.is_file() => {
            let ids = Ids::from_file(&remembered)?;
            let path = remembered.display().to_string();
            // IDs are in zone order: another zone list would hand one zone's
            // subnet to another's.
            let fits = if ids.zones != zones {
                Err(format!(
                    "{path} holds the IDs of zones {}",
                    ids.zones.join(", ")
                ))
            } else {
                ids.check(&path, public, private, pod)
                    .and_then(|()| ids.validate(&path, &t.region, &t.partition))
                    .map_err(|e| e.to_string())
            };
            if let Err(e) = fits {
                notes.push(format!(
                    "{e}: its IDs were not used; deploy the network, then rerun with --ids-from"
                ));
                return Ok(None);
            }
            ids
        }
        None => return Ok(None),
    };
    ids.zones = zones;
    let file = OutputFile {
        path: REMEMBERED_IDS_FILE.into(),
        contents: ids.to_json(),
    };
    Ok(Some((ids, file)))
}

/// An output directory without a lock but with network files of an earlier
/// eksnet: every planned subnet's CIDR must be in one of them, or the plan
/// may have moved a live subnet (the old carving is not known). A directory
/// without such files is new: nothing to keep.
fn unlocked_outputs(out: &Path, t: &Topology) -> Result<(), Error> {
    let texts: Vec<String> = render::network_files()
        .iter()
        .filter_map(|f| crate::read::bounded_text(&out.join(f), MAX_UNLOCKED_BYTES).ok())
        .collect();
    if texts.is_empty() {
        return Ok(());
    }
    let cidrs: Vec<String> = t
        .subnets
        .iter()
        .map(|s| s.cidr.to_string())
        .filter(|c| !texts.iter().any(|x| x.contains(&format!("\"{c}\""))))
        .collect();
    if cidrs.is_empty() {
        Ok(())
    } else {
        Err(Error::Unlocked {
            out: out.to_path_buf(),
            cidrs,
        })
    }
}

/// Generated network files are far smaller; a larger one is not read.
const MAX_UNLOCKED_BYTES: u64 = 16 * 1024 * 1024;

/// Notes on the Terraform files an eksnet from before the module layout
/// wrote into the root module and no run writes now: Terraform would read
/// them with the root, so the user deletes them (they are not eksnet's to
/// delete: it never removes a file).
fn legacy_terraform(out: &Path, formats: &[Format]) -> Vec<String> {
    if !formats.contains(&Format::Terraform) {
        return vec![];
    }
    render::TERRAFORM_LEGACY_FILES
        .iter()
        .map(|f| out.join(f))
        .filter(|f| f.is_file())
        .map(|f| {
            format!(
                "terraform: delete {}, which an earlier eksnet wrote: its resources are in terraform/modules/{}/ now (terraform/moved.tf keeps them in the state)",
                f.display(),
                render::TERRAFORM_MODULE
            )
        })
        .collect()
}

/// Notes on locked subnets whose size is not the tier's prefix any more:
/// the prefix sizes new subnets only.
fn locked_sizes(p: &Planned, t: &Topology) -> Vec<String> {
    let Some(lock) = &p.lock else {
        return vec![];
    };
    let v = &p.loaded.spec.vpc;
    let mut notes = Vec::new();
    for (tier, prefix) in [
        (Tier::Public, v.public_subnet_prefix),
        (Tier::Private, v.private_subnet_prefix),
    ] {
        let Some(prefix) = prefix else { continue };
        let kept = t
            .subnets_of(tier)
            .filter(|s| s.cidr.prefix_len() != prefix)
            .filter(|s| lock.subnet(tier, &s.az).is_some_and(|l| l.cidr == s.cidr))
            .count();
        if kept > 0 {
            let tier = tier.as_str();
            notes.push(format!(
                "{kept} {tier} subnet(s) keep their size from {LOCK_FILE}: `vpc.{tier}SubnetPrefix: {prefix}` sizes new subnets only (resizing a live subnet replaces it: delete {LOCK_FILE} to carve every subnet anew)"
            ));
        }
    }
    notes
}

/// What `Error::WouldReplace` says: each subnet, with its CloudFormation
/// logical ID and Terraform address, why, and what to do.
pub(super) fn replacements_message(r: &[Replacement]) -> String {
    let mut out = format!(
        "regenerating would replace {} live subnet(s) of {LOCK_FILE}:",
        r.len()
    );
    for x in r {
        out.push_str(&format!(
            "\n  {x} (CloudFormation {}, Terraform module.{}.aws_subnet.{}[\"{}\"])",
            render::cloudformation_subnet_id(x.tier, &x.az),
            render::TERRAFORM_MODULE,
            x.tier.as_str(),
            x.az
        ));
    }
    out.push_str(
        "\nnothing was written. A subnet with network interfaces in it cannot be deleted: \
         move the workloads out first, then pass --replace-subnets to replace them",
    );
    out
}
