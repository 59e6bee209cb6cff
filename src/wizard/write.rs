//! Writing the spec: the serialized `Spec` under a fixed header, written to
//! a temporary file beside the target and renamed into place, so an
//! interrupted write leaves no half-written `eksnet.yaml`.
//!
//! The text is `serde_yaml_ng`'s rendering of the `Spec` itself (keys in
//! declaration order, unset options left out), so it holds no timestamp
//! and loads back into the same value.

use super::WizardError;
use crate::spec::Spec;
use std::io::Write;
use std::path::Path;

/// The JSON Schema written beside the spec, which the header's first line
/// names for YAML language servers: editors complete and check keys offline.
pub const SCHEMA_FILE: &str = "eksnet.schema.json";

pub const HEADER: &str = "\
# yaml-language-server: $schema=./eksnet.schema.json
# eksnet spec, written by `eksnet init`.
# `eksnet plan` shows the network; `eksnet generate` writes it out
# (both read ./eksnet.yaml by themselves). Every key: `eksnet schema`.
";

pub fn to_yaml(spec: &Spec) -> String {
    let body = serde_yaml_ng::to_string(spec).expect("a spec serializes");
    format!("{HEADER}{body}")
}

pub fn spec_file(path: &Path, spec: &Spec, replace: bool) -> Result<(), WizardError> {
    let io = |e: std::io::Error| WizardError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = crate::output::shared_temp_builder()
        .prefix(".eksnet.yaml.")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(to_yaml(spec).as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if replace {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        // Created meanwhile by someone else: do not replace what was not confirmed.
        tmp.persist_noclobber(path).map_err(|e| io(e.error))?;
    }
    schema_file(&dir.join(SCHEMA_FILE))
}

/// The spec's JSON Schema, unless a file of that name is there already
/// (an older eksnet's schema is the user's to refresh: `eksnet schema --out`).
fn schema_file(path: &Path) -> Result<(), WizardError> {
    let io = |e: std::io::Error| WizardError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if path.symlink_metadata().is_ok() {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = crate::output::shared_temp_builder()
        .prefix(".eksnet.schema.")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(crate::spec::json_schema().as_bytes())
        .map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        // Written meanwhile by another run: theirs stays.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e.error)),
    }
}
