//! The committed examples: each spec's outputs in `examples/<name>/out` are
//! exactly what `eksnet generate` writes today, so they never drift. After a
//! deliberate change, regenerate them with `scripts/update-examples`.

use crate::support::{eksnet, repo};

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
        seen += 1;
    }
    assert!(
        seen >= 5,
        "expected the four architectures and custom-sizes, found {seen}"
    );
}
