//! `generate --check`: compare rendered files with what is on disk, for CI
//! jobs that fail when someone edited the spec but not the generated code
//! (or the other way round).

use crate::read::{self, ReadError};
use crate::render::OutputFile;
use similar::TextDiff;
use std::path::{Path, PathBuf};

/// The largest file on disk compared. eksnet's outputs are tens of KiB; a
/// file far beyond that is not one eksnet wrote, and reading it whole would
/// only cost memory.
pub const MAX_OUTPUT_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub path: PathBuf,
    /// A unified diff from the file on disk to what eksnet would write
    /// (from an empty file when it is missing).
    pub diff: String,
    pub missing: bool,
}

/// A file where an output belongs that cannot be compared: a directory, a
/// FIFO or a device, one too large, one that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot compare {}: {source}", .path.display())]
pub struct CheckError {
    pub path: PathBuf,
    pub source: ReadError,
}

/// The files under `out` that differ from `files`, in order; a missing file
/// differs, one that cannot be read is the error.
pub fn check(out: &Path, files: &[OutputFile]) -> Result<Vec<Drift>, CheckError> {
    let mut drift = Vec::new();
    for f in files {
        let path = out.join(&f.path);
        let (old, missing) = match read::bounded(&path, MAX_OUTPUT_BYTES) {
            Ok(b) => (String::from_utf8_lossy(&b).into_owned(), false),
            Err(ReadError::NotFound) => (String::new(), true),
            Err(source) => return Err(CheckError { path, source }),
        };
        if !missing && old == f.contents {
            continue;
        }
        let shown = path.display().to_string();
        let diff = TextDiff::from_lines(&old, &f.contents)
            .unified_diff()
            .context_radius(3)
            .header(
                &if missing {
                    "/dev/null".to_string()
                } else {
                    format!("a/{shown}")
                },
                &format!("b/{shown}"),
            )
            .to_string();
        drift.push(Drift {
            path,
            diff,
            missing,
        });
    }
    Ok(drift)
}
