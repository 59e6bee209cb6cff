//! Reading a spec: from a file, `./eksnet.yaml`, or the built-in default,
//! then flags on top. Errors here are about the document itself (syntax,
//! unknown keys, wrong types); everything about values is a rule later on.

use super::locate::KeyIndex;
use super::types::Spec;
use crate::diag::{Code, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The spec used when no `--spec` is given and no `./eksnet.yaml` exists.
pub const DEFAULT_SPEC: &str = include_str!("default.yaml");

/// A spec is a small file; anything larger is a mistake (a wrong path, a log).
pub const MAX_SPEC_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    File(PathBuf),
    BuiltIn,
}

impl SpecSource {
    pub fn describe(&self) -> String {
        match self {
            SpecSource::File(p) => p.display().to_string(),
            SpecSource::BuiltIn => "the built-in default spec".to_string(),
        }
    }
}

/// A spec with what is needed to point back into it.
#[derive(Debug)]
pub struct LoadedSpec {
    pub spec: Spec,
    pub source: SpecSource,
    index: KeyIndex,
    /// Field paths set by flags, with the flag that set them.
    flags: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    /// The document is not YAML, or not a spec (wrong shape, unknown key, wrong type).
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
    /// Several unknown keys (S003), all reported at once.
    #[error("{} unknown keys", .0.len())]
    InvalidKeys(Vec<Diagnostic>),
}

impl LoadError {
    /// The error as diagnostics: an unreadable file is S001 at its path.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Io { path, .. } => {
                vec![Diagnostic::new(Code::S001, self.to_string()).at_location(path.clone())]
            }
            LoadError::Invalid(d) => vec![(**d).clone()],
            LoadError::InvalidKeys(ds) => ds.clone(),
        }
    }
}

impl LoadedSpec {
    /// Pick the spec: `--spec FILE`, else `./eksnet.yaml` in `cwd`, else the built-in.
    pub fn resolve(explicit: Option<&Path>, cwd: &Path) -> Result<LoadedSpec, LoadError> {
        if let Some(p) = explicit {
            return Self::from_file(p);
        }
        let local = cwd.join("eksnet.yaml");
        if local.is_file() {
            return Self::from_file(Path::new("eksnet.yaml")).map(|mut l| {
                l.source = SpecSource::File(PathBuf::from("eksnet.yaml"));
                l
            });
        }
        Ok(Self::built_in())
    }

    pub fn built_in() -> LoadedSpec {
        Self::from_str(DEFAULT_SPEC, SpecSource::BuiltIn).expect("the built-in spec is valid")
    }

    pub fn from_file(path: &Path) -> Result<LoadedSpec, LoadError> {
        let shown = path.display().to_string();
        let io = |reason: String| LoadError::Io {
            path: shown.clone(),
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
        if meta.is_dir() {
            return Err(io("it is a directory, not a spec file".into()));
        }
        if meta.len() > MAX_SPEC_BYTES {
            return Err(LoadError::Invalid(Box::new(
                Diagnostic::new(
                    Code::S001,
                    format!(
                        "{shown} is {} bytes; a spec is at most {} bytes",
                        meta.len(),
                        MAX_SPEC_BYTES
                    ),
                )
                .at_location(shown.clone()),
            )));
        }
        // A regular file only (a FIFO would block the open, a device such as
        // /dev/zero never ends), read to at most one byte past the limit.
        let bytes = match crate::read::bounded(path, MAX_SPEC_BYTES) {
            Ok(b) => b,
            Err(crate::read::ReadError::TooLarge(_)) => {
                // It grew past the limit after its metadata was read.
                return Err(LoadError::Invalid(Box::new(
                    Diagnostic::new(
                        Code::S001,
                        format!(
                        "{shown} holds more than {MAX_SPEC_BYTES} bytes; a spec is at most that"
                    ),
                    )
                    .at_location(shown.clone()),
                )));
            }
            Err(e) => return Err(io(e.to_string())),
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            LoadError::Invalid(Box::new(
                Diagnostic::new(
                    Code::S001,
                    format!(
                        "{shown} is not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
                .at_location(shown.clone()),
            ))
        })?;
        let text = crate::read::without_bom(text);
        Self::from_str(&text, SpecSource::File(path.to_path_buf()))
    }

    pub fn from_str(text: &str, source: SpecSource) -> Result<LoadedSpec, LoadError> {
        let origin = source.describe();
        if text.trim().is_empty() {
            return Err(LoadError::Invalid(Box::new(
                Diagnostic::new(Code::S002, format!("{origin} is empty"))
                    .at_location(origin.clone())
                    .fix("start from `eksnet init`, or from an example in examples/"),
            )));
        }
        // Parse the whole document first: serde reads lazily and would report
        // a wrong type before a syntax error further down.
        let doc = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text)
            .map_err(|e| LoadError::Invalid(Box::new(yaml_error(&e, &origin, text))))?;
        if doc.is_null() {
            // Only comments (or `---`, `~`): as good as empty, and serde would
            // point past the end of the file for the first missing key.
            return Err(LoadError::Invalid(Box::new(
                Diagnostic::new(Code::S002, format!("{origin} holds no spec, only comments"))
                    .at_location(origin.clone())
                    .fix("start from `eksnet init`, or from an example in examples/"),
            )));
        }
        let index = KeyIndex::build(text);
        // The spec from the document already parsed: a valid spec is read
        // once. Only a spec with an error is read again, for the error's
        // place (a `Value` keeps no lines) and all its unknown keys. So is
        // one with a null: read from a `Value`, `vpc: ~` is an empty map,
        // which the text read refuses (and `vpc:` alone it takes).
        if let Some(spec) = (!has_null(&doc))
            .then(|| Spec::deserialize(&doc).ok())
            .flatten()
        {
            return Ok(LoadedSpec {
                spec,
                index,
                source,
                flags: BTreeMap::new(),
            });
        }
        // serde stops at the first unknown key: with several, list them all.
        let unknown = super::unknown::unknown_keys(&doc);
        if unknown.len() > 1 {
            return Err(LoadError::InvalidKeys(
                unknown
                    .into_iter()
                    .map(|(parent, key, allowed)| {
                        let path = if parent.is_empty() {
                            key.clone()
                        } else {
                            format!("{parent}.{key}")
                        };
                        let expected: Vec<String> =
                            allowed.iter().map(|a| format!("`{a}`")).collect();
                        let detail = format!(
                            "unknown field `{key}`, expected one of {}",
                            expected.join(", ")
                        );
                        let fix = did_you_mean(&detail, "remove the key or correct its spelling");
                        let location = match index.find(&path) {
                            Some(p) => format!("{origin}:{}:{}", p.line, p.column),
                            None => origin.clone(),
                        };
                        let mut d = Diagnostic::new(Code::S003, detail)
                            .fix(fix)
                            .at_location(location);
                        d.place.field = (!parent.is_empty()).then_some(parent);
                        d
                    })
                    .collect(),
            ));
        }
        let spec: Spec = serde_yaml_ng::from_str(text)
            .map_err(|e| LoadError::Invalid(Box::new(yaml_error(&e, &origin, text))))?;
        Ok(LoadedSpec {
            spec,
            index,
            source,
            flags: BTreeMap::new(),
        })
    }

    /// Record that a flag set `field`, so diagnostics about it name the flag.
    pub fn set_by_flag(&mut self, field: &str, flag: &str) {
        self.flags.insert(field.to_string(), flag.to_string());
    }

    /// Where a field came from: `file:line:column`, `flag --x`, or the built-in spec.
    pub fn locate(&self, field: &str) -> String {
        let under = |parent: &str, child: &str| {
            child == parent
                || child.starts_with(&format!("{parent}."))
                || child.starts_with(&format!("{parent}["))
        };
        for (f, flag) in &self.flags {
            if under(f, field) {
                return format!("flag {flag}");
            }
        }
        let in_file = match (&self.source, self.index.find(field)) {
            (SpecSource::File(p), Some(pos)) => {
                format!("{}:{}:{}", p.display(), pos.line, pos.column)
            }
            (SpecSource::File(p), None) => p.display().to_string(),
            (SpecSource::BuiltIn, _) => "built-in default spec".to_string(),
        };
        // A rule about a group (`nodeGroup`, `endpointAccess`) whose members
        // were set by flags: name those flags first, then the file.
        let mut below: Vec<String> = Vec::new();
        for (f, flag) in &self.flags {
            let named = format!("flag {flag}");
            if under(field, f) && !below.contains(&named) {
                below.push(named);
            }
        }
        if below.is_empty() {
            in_file
        } else if self.index.contains(field) && matches!(self.source, SpecSource::File(_)) {
            format!("{}, {in_file}", below.join(", "))
        } else {
            below.join(", ")
        }
    }

    /// Fill in the location of every diagnostic that names a field.
    pub fn place(&self, diags: &mut crate::diag::Diagnostics) {
        for d in &mut diags.0 {
            if d.place.location.is_none() {
                if let Some(field) = &d.place.field {
                    d.place.location = Some(self.locate(field));
                }
            }
        }
    }
}

impl Diagnostic {
    pub fn at_location(mut self, loc: impl Into<String>) -> Self {
        self.place.location = Some(loc.into());
        self
    }
}

/// Turn a serde_yaml_ng error into a diagnostic with a location and, for a
/// misspelt key or value, a "did you mean".
fn yaml_error(e: &serde_yaml_ng::Error, origin: &str, text: &str) -> Diagnostic {
    let full = e.to_string();
    let marks = marks(&full);
    let problem = e.location().map(|l| (l.line(), l.column()));
    // libyaml names two places for an unclosed quote or bracket: where it
    // gave up (often the end of the file) and, after ", while ...", where the
    // quote or bracket was opened. The opening is the place to fix, so point
    // there and leave the other in the message.
    let opened = full.split_once(", while ").and_then(|(_, context)| {
        let unclosed = ["quoted scalar", "flow sequence", "flow mapping"]
            .iter()
            .any(|k| context.contains(k));
        marks
            .iter()
            .filter(|m| unclosed && Some((m.2, m.3)) != problem)
            .find(|m| m.0 > full.find(", while ").unwrap_or(0))
            .map(|m| (m.2, m.3))
    });
    let mut at = opened.or(problem);
    // serde_yaml_ng appends " at line L column C"; we print the location ourselves.
    let mut msg = match marks.iter().find(|m| Some((m.2, m.3)) == at) {
        Some(m) => format!("{}{}", &full[..m.0], &full[m.1..]),
        None => full.clone(),
    };
    // A repeated key: serde points at the mapping; the index finds the repeat.
    let mut repeated = None;
    if msg.contains("duplicate entry with key") {
        let index = KeyIndex::build(text);
        if let Some((key, pos)) = index.first_duplicate() {
            at = Some((pos.line, pos.column));
            repeated = Some(key.to_string());
            msg = match index.find(key) {
                Some(first) => format!("`{key}` is set twice (first at line {})", first.line),
                None => format!("`{key}` is set twice"),
            };
        }
    }
    let location = match at {
        Some((line, column)) => format!("{origin}:{line}:{column}"),
        None => origin.to_string(),
    };
    let (field, detail) = match msg.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => {
            (Some(path.to_string()), rest.to_string())
        }
        _ => (None, msg.clone()),
    };
    let (code, fix) = if repeated.is_some() {
        (
            Code::S002,
            "keep one of the two: a key appears once in a mapping".to_string(),
        )
    } else if detail.starts_with("unknown field") {
        (
            Code::S003,
            did_you_mean(&detail, "remove the key or correct its spelling"),
        )
    } else if detail.starts_with("unknown variant") {
        let got = detail.split('`').nth(1).unwrap_or_default();
        let fix = if crate::aws::addons::is_core(got) {
            format!(
                "remove `{got}`: the VPC CNI, kube-proxy and CoreDNS are always installed as EKS managed add-ons"
            )
        } else {
            did_you_mean(&detail, "use one of the allowed values")
        };
        (Code::S004, fix)
    } else if detail.starts_with("missing field") {
        (
            Code::S005,
            "add the key; `eksnet schema` prints every key the spec accepts".to_string(),
        )
    } else if detail.starts_with("invalid type: integer") && detail.contains("128,") {
        // A number past 64 bits: YAML read it as a number although the key
        // wants text (a name, an account ID written without quotes).
        (
            Code::S004,
            "quote the value (`\"...\"`) if it is meant as text; a number this large fits no key"
                .to_string(),
        )
    } else if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        (
            Code::S004,
            "give the value the type shown; `eksnet schema` lists each key's type".to_string(),
        )
    } else {
        (
            Code::S002,
            "fix the YAML syntax at the place shown (indentation, a missing colon, an unclosed quote or bracket)".to_string(),
        )
    };
    let mut d = Diagnostic::new(code, detail).fix(fix);
    d.place.field = repeated.or(field);
    d.place.location = Some(location);
    d
}

/// Every " at line L column C" in a libyaml message: (start, end, line, column).
fn marks(s: &str) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find(" at line ") {
        let start = from + i;
        let rest = &s[start + " at line ".len()..];
        let num = |t: &str| -> Option<(usize, usize)> {
            let n = t.bytes().take_while(u8::is_ascii_digit).count();
            Some((t[..n].parse().ok()?, n))
        };
        let parsed = num(rest).and_then(|(line, n)| {
            let after = rest[n..].strip_prefix(" column ")?;
            let (col, m) = num(after)?;
            Some((line, col, " at line ".len() + n + " column ".len() + m))
        });
        match parsed {
            Some((line, col, len)) => {
                out.push((start, start + len, line, col));
                from = start + len;
            }
            None => from = start + 1,
        }
    }
    out
}

/// The candidate closest to `got`, if it is close enough to be a typo.
pub fn suggest<'a>(got: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let got = got.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&got, &c.to_lowercase()), *c))
        .filter(|(dist, c)| *dist <= (c.len() / 3).max(1))
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, c)| c)
}

/// From "unknown field `x`, expected one of `a`, `b`" suggest the closest name.
fn did_you_mean(detail: &str, otherwise: &str) -> String {
    let got = detail.split('`').nth(1).unwrap_or_default();
    let expected: Vec<&str> = detail
        .split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let best = expected
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&got.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!("did you mean `{c}`?"),
        None if !expected.is_empty() => format!(
            "{otherwise}; allowed: {}",
            expected
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => otherwise.to_string(),
    }
}

/// Whether `v` holds a null anywhere.
fn has_null(v: &serde_yaml_ng::Value) -> bool {
    use serde_yaml_ng::Value;
    match v {
        Value::Null => true,
        Value::Sequence(items) => items.iter().any(has_null),
        Value::Mapping(m) => m.iter().any(|(k, v)| has_null(k) || has_null(v)),
        Value::Tagged(t) => has_null(&t.value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    /// A spec is read from the parsed document when it can be, from the
    /// text only for an error: both must accept the same specs, and read
    /// them alike (the examples, the bad-input corpus, the fuzz corpus, and
    /// nulls, which a `Value` would take for empty maps and lists).
    #[test]
    fn a_spec_read_from_its_document_is_the_spec_read_from_its_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in [
            "examples",
            "tests/bad-inputs/specs",
            "fuzz/corpus/spec_to_plan",
        ] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if dir != "examples" || p.file_name().is_some_and(|n| n == "eksnet.yaml")
                    {
                        if let Ok(text) = std::fs::read_to_string(&p) {
                            texts.push((p.display().to_string(), text));
                        }
                    }
                }
            }
        }
        let head =
            "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: x\nregion: us-west-2\n";
        for tail in [
            "vpc: ~",
            "vpc:",
            "tags: null",
            "vpc: {availabilityZones: ~}",
            "nodeGroup: {instanceTypes: [~]}",
        ] {
            texts.push((tail.to_string(), format!("{head}{tail}\n")));
        }
        let (mut read, mut refused) = (0, 0);
        for (name, text) in &texts {
            let loaded = LoadedSpec::from_str(text, SpecSource::File(name.into())).ok();
            let from_text = serde_yaml_ng::from_str::<Spec>(text).ok();
            assert_eq!(loaded.map(|l| l.spec), from_text, "{name}");
            if from_text.is_some() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            read >= 150 && refused >= 100,
            "{read} read, {refused} refused"
        );
    }

    #[test]
    fn a_number_too_large_says_quote_it() {
        let text = "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: 123456789012345678901234567890\nregion: us-west-2\n";
        let Err(LoadError::Invalid(d)) =
            LoadedSpec::from_str(text, SpecSource::File("x.yaml".into()))
        else {
            panic!("a number past 64 bits is not a name");
        };
        assert_eq!(d.code, Code::S004);
        assert!(d.fix.starts_with("quote the value"), "{}", d.fix);
        assert_eq!(d.place.location.as_deref(), Some("x.yaml:3:7"));
    }

    use super::*;

    fn err(src: &str) -> Diagnostic {
        match LoadedSpec::from_str(src, SpecSource::File("s.yaml".into())) {
            Err(LoadError::Invalid(d)) => *d,
            other => panic!("expected an invalid spec, got {other:?}"),
        }
    }

    #[test]
    fn the_built_in_spec_loads() {
        let l = LoadedSpec::built_in();
        assert_eq!(l.spec.name, "eksnet-demo");
        assert_eq!(l.locate("vpc.cidr"), "built-in default spec");
    }

    #[test]
    fn unknown_key_names_line_column_and_suggests() {
        let d = err("apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: a\nregion: us-west-2\nvpc:\n  cidrr: 10.0.0.0/16\n");
        assert_eq!(d.code, Code::S003);
        assert_eq!(d.place.location.as_deref(), Some("s.yaml:6:3"));
        assert_eq!(d.place.field.as_deref(), Some("vpc"));
        assert_eq!(d.fix, "did you mean `cidr`?");
    }

    #[test]
    fn misspelt_architecture_suggests_the_value() {
        let d = err("apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: a\nregion: us-west-2\narchitecture: public-privat\n");
        assert_eq!(d.code, Code::S004);
        assert_eq!(d.fix, "did you mean `public-private`?");
    }

    #[test]
    fn broken_yaml_is_a_syntax_error() {
        let d = err("name: [a\n");
        assert_eq!(d.code, Code::S002);
        assert!(d.place.location.unwrap().starts_with("s.yaml:"));
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(err("  \n").code, Code::S002);
    }

    #[test]
    fn missing_required_key() {
        let d = err("apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nregion: us-west-2\n");
        assert_eq!(d.code, Code::S005);
    }

    #[test]
    fn flags_take_over_locations() {
        let mut l = LoadedSpec::from_str(
            "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: a\nregion: us-west-2\nvpc:\n  cidr: 10.0.0.0/16\n",
            SpecSource::File("s.yaml".into()),
        )
        .unwrap();
        assert_eq!(l.locate("vpc.cidr"), "s.yaml:6:3");
        l.set_by_flag("vpc.cidr", "--vpc-cidr");
        assert_eq!(l.locate("vpc.cidr"), "flag --vpc-cidr");
        assert_eq!(l.locate("vpc.cidrs"), "s.yaml:5:1");
        // A rule about the whole group names the flag, then the file.
        assert_eq!(l.locate("vpc"), "flag --vpc-cidr, s.yaml:5:1");
        l.set_by_flag("endpointAccess.public", "--endpoint-public");
        l.set_by_flag("endpointAccess.private", "--endpoint-private");
        assert_eq!(
            l.locate("endpointAccess"),
            "flag --endpoint-private, flag --endpoint-public"
        );
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let d = err("apiVersion: eksnet/v1alpha1\nname: 'abc\nregion: us-west-2\n");
        assert_eq!(d.code, Code::S002);
        assert_eq!(d.place.location.as_deref(), Some("s.yaml:2:7"));
        assert!(d.message.contains("at line 4 column 1"), "{}", d.message);
    }

    #[test]
    fn repeated_key_points_at_the_repeat() {
        let d = err("apiVersion: eksnet/v1alpha1\nname: a\nvpc:\n  cidr: x\n  cidr: y\n");
        assert_eq!(d.code, Code::S002);
        assert_eq!(d.place.location.as_deref(), Some("s.yaml:5:3"));
        assert_eq!(d.place.field.as_deref(), Some("vpc.cidr"));
        assert_eq!(d.message, "`vpc.cidr` is set twice (first at line 4)");
    }
}
