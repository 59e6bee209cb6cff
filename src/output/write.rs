//! Write generated files without ever leaving a half-written one.
//!
//! Every changed file is first written in full to a temporary file beside
//! its target; only when all of them are written are they renamed into
//! place, so a failure (disk full, a path that cannot be created) leaves
//! the previous files as they were. A new output directory is staged beside
//! the target and renamed as a whole. eksnet writes only the files it
//! generates and deletes nothing else; a file whose content would change is
//! replaced only with `force`, and identical content is left alone, so a
//! rerun is a no-op.

use super::check::MAX_OUTPUT_BYTES;
use crate::read;
use crate::render::OutputFile;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} would change: {}", if .0.len() == 1 { "a generated file" } else { "generated files" }, .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    WouldOverwrite(Vec<PathBuf>),
    #[error("cannot write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |e| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Write `files` under `out`; returns each file's full path and what happened to it.
pub fn write_all(
    out: &Path,
    files: &[OutputFile],
    force: bool,
) -> Result<Vec<(PathBuf, Change)>, WriteError> {
    let _lock = lock_parent(out)?;
    if std::fs::symlink_metadata(out).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        // Nothing there yet: every file is new, and nothing can be in the way.
        stage_new_dir(out, files)?;
        return Ok(files
            .iter()
            .map(|f| (out.join(&f.path), Change::Created))
            .collect());
    }
    let mut plan = Vec::new();
    let mut conflicts = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        refuse_linked_dirs(out, &f.path)?;
        let change = match read::bounded(&path, MAX_OUTPUT_BYTES) {
            Ok(old) if old == f.contents.as_bytes() => Change::Unchanged,
            Ok(_) => {
                conflicts.push(path.clone());
                Change::Updated
            }
            Err(read::ReadError::NotFound) => Change::Created,
            Err(e) => {
                return Err(WriteError::Io {
                    path,
                    reason: e.to_string(),
                })
            }
        };
        plan.push((path, change, f));
    }
    if !conflicts.is_empty() && !force {
        return Err(WriteError::WouldOverwrite(conflicts));
    }
    if !out.exists() {
        stage_new_dir(out, files)?;
    } else {
        // Leftovers of an earlier run that was killed mid-write.
        let mut dirs: Vec<&Path> = plan.iter().filter_map(|(p, ..)| p.parent()).collect();
        dirs.dedup();
        dirs.into_iter().for_each(sweep_stale_temps);
        // Phase 1: every changed file, in full, beside its target.
        let mut staged = Vec::new();
        for (path, change, f) in &plan {
            if *change == Change::Unchanged {
                continue;
            }
            let dir = path.parent().expect("files live in the output directory");
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            staged.push((temp_with(dir, &f.contents).map_err(io(path))?, path));
        }
        // Phase 2: rename them into place.
        for (tmp, path) in staged {
            tmp.persist(path).map_err(|e| io(path)(e.error))?;
        }
    }
    Ok(plan.into_iter().map(|(p, c, _)| (p, c)).collect())
}

/// The directory that holds `out` (`.` for a bare name).
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Hold an advisory lock on the directory that holds `out` until the
/// returned handle is dropped: a second `generate` into the same place waits
/// for the first to finish, so neither sees the other's half-made directory
/// and the files are all of one run or all of the other.
fn lock_parent(out: &Path) -> Result<std::fs::File, WriteError> {
    let parent = parent_of(out);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let dir = std::fs::File::open(&parent).map_err(io(&parent))?;
    dir.lock().map_err(io(&parent))?;
    Ok(dir)
}

/// Refuse a directory on the way to a generated file (`out/terraform`)
/// that is a symbolic link: writing through it would put files outside the
/// output directory. A file that is a link is replaced, not followed, by the
/// rename that writes it.
fn refuse_linked_dirs(out: &Path, file: &Path) -> Result<(), WriteError> {
    let mut dir = out.to_path_buf();
    for part in file.parent().into_iter().flat_map(Path::components) {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(WriteError::Io {
                    path: dir,
                    reason: "it is a symbolic link; eksnet writes only into real directories under the output directory (remove the link)".into(),
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// Remove eksnet's own temporary files (`.eksnet-*.tmp`) older than a
/// minute from `dir`: a run killed between staging and renaming leaves them.
/// Younger ones may belong to a run still going on. Anything else is never
/// touched.
fn sweep_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".eksnet-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A builder for temporary files that become files users keep and commit:
/// readable by all like any file they would write (tempfile's default is
/// owner-only), before the umask.
pub fn shared_temp_builder<'a>() -> tempfile::Builder<'a, 'a> {
    let mut b = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b
}

fn temp_with(dir: &Path, contents: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = shared_temp_builder()
        .prefix(".eksnet-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Build the whole directory beside `out`, then rename it into place.
fn stage_new_dir(out: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let parent = parent_of(out);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let stage = tempfile::Builder::new()
        .prefix(&format!(".{name}.eksnet-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let mut made: Vec<PathBuf> = Vec::new();
    for f in files {
        let path = stage.path().join(&f.path);
        let dir = path.parent().expect("files live in the output directory");
        if !made.iter().any(|m| m == dir) {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            made.push(dir.to_path_buf());
        }
        std::fs::write(&path, &f.contents).map_err(io(&path))?;
    }
    let staged = stage.keep();
    std::fs::rename(&staged, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        io(out)(e)
    })
}
