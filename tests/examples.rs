//! The committed examples: each spec's outputs in `examples/<name>/out` are
//! exactly what `eksnet generate` writes today, so they never drift. After a
//! deliberate change, regenerate them with `scripts/update-examples` (and
//! delete what it no longer writes: the test names such files).

use crate::support::{eksnet, repo};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files below `root`, relative to it.
fn files_under(root: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out
}

#[test]
fn committed_outputs_match_generate() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        let out = eksnet()
            .current_dir(&dir)
            .args([
                "generate",
                "--check",
                "--spec",
                "eksnet.yaml",
                "--out",
                "out",
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{} drifted; run scripts/update-examples\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let fresh = tempfile::tempdir().unwrap();
        let made = eksnet()
            .current_dir(&dir)
            .args(["generate", "--quiet", "--spec", "eksnet.yaml", "--out"])
            .arg(fresh.path())
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        assert_eq!(
            files_under(&dir.join("out")),
            files_under(fresh.path()),
            "{}: files generate no longer writes are left in out/; delete them",
            dir.display()
        );
        seen += 1;
    }
    assert!(
        seen >= 5,
        "expected the four architectures and custom-sizes, found {seen}"
    );
}
