//! `generate --check`: compare rendered files with what is on disk, for CI
//! jobs that fail when someone edited the spec but not the generated code
//! (or the other way round).

use crate::render::OutputFile;
use similar::TextDiff;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub path: PathBuf,
    /// A unified diff from the file on disk to what eksnet would write
    /// (from an empty file when it is missing).
    pub diff: String,
    pub missing: bool,
}

/// The files under `out` that differ from `files`, in order.
pub fn check(out: &Path, files: &[OutputFile]) -> Vec<Drift> {
    files
        .iter()
        .filter_map(|f| {
            let path = out.join(&f.path);
            let (old, missing) = match std::fs::read(&path) {
                Ok(b) => (String::from_utf8_lossy(&b).into_owned(), false),
                Err(_) => (String::new(), true),
            };
            if !missing && old == f.contents {
                return None;
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
            Some(Drift {
                path,
                diff,
                missing,
            })
        })
        .collect()
}
