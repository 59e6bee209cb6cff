//! Render a Topology as CloudFormation, Terraform or eksctl config.
//!
//! One thin module per format builds a small serializable view model from
//! the Topology (the names that format needs: logical IDs, `for_each` keys,
//! eksctl subnet keys) and hands it to a Tera template from `blueprints/`.
//! Templates only lay out: they never compute an address or choose what a
//! network holds, so the three formats cannot drift apart by template logic.
//! The templates are embedded in the binary, so an installed eksnet renders
//! anywhere.

// The writing half is build.rs's (and the tests').
#[cfg_attr(not(test), allow(dead_code))]
mod blueprint_ast;
pub mod checkov;
mod cloudformation;
mod eksctl;
pub mod filters;
pub mod ids;
pub mod outputs;
pub mod templates;
mod terraform;

use crate::topology::Topology;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use tera::Tera;

pub use cloudformation::size_note as cloudformation_size_note;
pub use cloudformation::stack_name as cloudformation_stack_name;
pub use cloudformation::subnet_id as cloudformation_subnet_id;
pub use eksctl::{
    eksctl_blockers, eksctl_creates_vpc, eksctl_layout, EKSCTL_ADDITIONAL_ENDPOINTS,
    EKSCTL_CHECKED_VERSION, EKSCTL_MIN_VERSION, EKSCTL_REQUIRED_ENDPOINTS,
};
pub use ids::{Ids, IdsError};
pub use templates::TEMPLATES;
pub use terraform::{LEGACY_FILES as TERRAFORM_LEGACY_FILES, MODULE as TERRAFORM_MODULE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    CloudFormation,
    Terraform,
    Eksctl,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::CloudFormation, Format::Terraform, Format::Eksctl];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::CloudFormation => "cloudformation",
            Format::Terraform => "terraform",
            Format::Eksctl => "eksctl",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Leave the cluster, node group and their IAM out (CloudFormation,
    /// Terraform): the network alone, for a cluster created another way.
    pub network_only: bool,
    /// IDs of a deployed network, for eksctl's existing-VPC config.
    pub ids: Option<Ids>,
}

/// One generated file; `path` is relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("eksctl always creates a cluster, so there is no network-only eksctl config")]
    NetworkOnlyEksctl,
    #[error("the {format} template `{template}` failed: {reason}")]
    Template {
        format: Format,
        template: String,
        reason: String,
    },
    #[error(transparent)]
    Ids(#[from] IdsError),
}

impl RenderError {
    /// What to do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            RenderError::NetworkOnlyEksctl => Some(
                "drop --network-only, or use --format cloudformation or --format terraform",
            ),
            RenderError::Ids(_) => Some(
                "pass the JSON of `aws cloudformation describe-stacks --stack-name NAME` or of `terraform output -json`",
            ),
            RenderError::Template { .. } => None,
        }
    }
}

/// Render one format.
pub fn render(
    t: &Topology,
    format: Format,
    opts: &RenderOptions,
) -> Result<Vec<OutputFile>, RenderError> {
    match format {
        Format::CloudFormation => cloudformation::render(t, opts),
        Format::Terraform => terraform::render(t, opts),
        Format::Eksctl => eksctl::render(t, opts),
    }
}

/// The templates `format` renders, in the order of its files (the macro
/// files they import are not listed).
pub fn templates_of(format: Format) -> Vec<&'static str> {
    let files = match format {
        Format::CloudFormation => cloudformation::FILES,
        Format::Terraform => terraform::FILES,
        Format::Eksctl => eksctl::FILES,
    };
    files.iter().map(|(_, template)| *template).collect()
}

/// The file of each format that holds the subnets' CIDRs (the template,
/// the Terraform module's `main.tf`, the eksctl config), and the Terraform
/// root's `main.tf`, where an eksnet from before the module put them.
pub fn network_files() -> [&'static str; 4] {
    [
        cloudformation::PATH,
        terraform::MAIN,
        terraform::ROOT_MAIN,
        eksctl::PATH,
    ]
}

/// Notes for the user about the outputs of `formats` (placeholders to
/// fill, what was added on their behalf), one line each.
pub fn notes(t: &Topology, formats: &[Format], opts: &RenderOptions) -> Vec<String> {
    let mut out = Vec::new();
    let with_cluster: Vec<&str> = formats
        .iter()
        .filter(|f| **f == Format::Eksctl || !opts.network_only)
        .map(|f| f.as_str())
        .collect();
    if t.cluster.allow_nat_addresses && !with_cluster.is_empty() {
        out.push(format!(
            "the public endpoint also admits the NAT gateways' Elastic IPs ({}): private access is off and nodes leave through NAT",
            with_cluster.join(", ")
        ));
    }
    if opts.network_only && formats.contains(&Format::Terraform) {
        out.push(format!(
            "terraform: --network-only writes no {}: delete those an earlier generate left in the output directory",
            terraform::CLUSTER_FILES.join(" or ")
        ));
    }
    if formats.contains(&Format::Eksctl) {
        out.extend(eksctl::notes(t, opts));
    }
    out
}

/// The template engine of `format`: its blueprints (those under its folder
/// in `blueprints/`: the templates it renders and the macros they import)
/// and the escaping filters, built once, on the format's first use from
/// the syntax trees build.rs parsed. A run that renders one format reads
/// that format's trees only.
fn engine(format: Format) -> &'static Tera {
    engine_slot(format).get_or_init(|| {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![]);
        for (name, tree) in templates_in(format) {
            tera.templates
                .insert(name.to_string(), templates::template(name, tree));
        }
        tera.build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
            .expect("the embedded blueprints import what they use (a unit test checks them)");
        filters::register(&mut tera);
        tera
    })
}

/// Where the engine of `format` is kept once built.
fn engine_slot(format: Format) -> &'static OnceLock<Tera> {
    static ENGINES: [OnceLock<Tera>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    &ENGINES[match format {
        Format::CloudFormation => 0,
        Format::Terraform => 1,
        Format::Eksctl => 2,
    }]
}

/// The embedded templates under `format`'s folder, by name and syntax tree.
fn templates_in(format: Format) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    TEMPLATES.iter().copied().filter(move |(path, _)| {
        path.strip_prefix(format.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Every file of a format: each (path, template) of its table laid out
/// with the same view, made Tera's context once for all of them.
fn lay_out_files<V: Serialize>(
    format: Format,
    files: &[(&str, &str)],
    view: &V,
) -> Result<Vec<OutputFile>, RenderError> {
    let ctx = context(view);
    files
        .iter()
        .map(|(path, template)| {
            let err = |reason: String| RenderError::Template {
                format,
                template: template.to_string(),
                reason,
            };
            let ctx = ctx.as_ref().map_err(|reason| err(reason.clone()))?;
            let text = engine(format)
                .render(template, ctx)
                .map_err(|e| err(chain(&e)))?;
            Ok(OutputFile {
                path: PathBuf::from(path),
                contents: one_final_newline(text),
            })
        })
        .collect()
}

/// `text` with LF line ends and exactly one final newline, in place: a
/// rendered file rarely holds a CR, and a search for one is cheap.
fn one_final_newline(mut text: String) -> String {
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

/// `view` as Tera's context, plus the output names as `output` (see
/// `outputs.rs`). Each file is then laid out with LF line ends and exactly
/// one final newline.
fn context<V: Serialize>(view: &V) -> Result<tera::Context, String> {
    let mut ctx = tera::Context::from_serialize(view).map_err(|e| chain(&e))?;
    assert!(
        !ctx.contains_key(outputs::VARIABLE),
        "a view must not shadow the output names"
    );
    ctx.insert(outputs::VARIABLE, &outputs::value());
    Ok(ctx)
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        s.push_str(": ");
        s.push_str(&x.to_string());
        src = x.source();
    }
    s
}

/// A tag as the templates lay it out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Tag {
    pub key: String,
    pub value: String,
}

/// The user's tags, then the resource's own (which win on a clash).
pub(crate) fn merged(t: &Topology, own: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut m = t.tags.clone();
    m.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    m
}

pub(crate) fn tag_list(m: &BTreeMap<String, String>) -> Vec<Tag> {
    m.iter()
        .map(|(k, v)| Tag {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

/// The alias of the key that encrypts the cluster's secrets:
/// `alias/<cluster>-secrets`. A cluster name (letters, digits, `-`, `_`, at
/// most 100) always makes a valid alias name (`alias/` then letters,
/// digits, `/`, `_`, `-`, at most 256, not under `alias/aws/`).
pub(crate) fn secrets_key_alias(t: &Topology) -> String {
    format!("alias/{}-secrets", t.cluster.name)
}

/// Upper-case letters and digits of a name: `us-west-2a` → `USWEST2A`, the
/// suffix eksctl gives per-AZ logical IDs.
pub(crate) fn upper_alnum(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blueprints_load() {
        for f in Format::ALL {
            let _ = engine(f);
            assert!(engine_slot(f).get().is_some(), "{f}");
        }
    }

    /// Each format's engine holds the templates it renders and the macros
    /// they import, and every embedded template is in one engine.
    #[test]
    fn each_engine_holds_its_own_format() {
        let mut all = Vec::new();
        for f in Format::ALL {
            let names: Vec<&str> = engine(f).get_template_names().collect();
            for t in templates_of(f) {
                assert!(names.contains(&t), "{f} lacks {t}");
            }
            assert!(
                names.iter().all(|n| n.starts_with(&format!("{f}/"))),
                "{f}: {names:?}"
            );
            all.extend(names);
        }
        all.sort_unstable();
        let mut embedded: Vec<&str> = TEMPLATES.iter().map(|(p, _)| *p).collect();
        embedded.sort_unstable();
        assert_eq!(all, embedded);
    }

    /// Every embedded syntax tree is the one Tera parses from the
    /// blueprint's text today, with the same macros and imports: the trees
    /// `build.rs` wrote are not stale, and decoding loses nothing.
    #[test]
    fn embedded_trees_are_the_blueprints_parsed() {
        for (name, tree) in TEMPLATES {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("blueprints")
                .join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let parsed = tera::Template::new(name, None, &text).unwrap();
            assert_eq!(blueprint_ast::encode(&parsed.ast), *tree, "{name}");
            let embedded = templates::template(name, tree);
            assert_eq!(embedded.ast, parsed.ast, "{name}");
            assert_eq!(embedded.macros, parsed.macros, "{name}");
            assert_eq!(
                embedded.imported_macro_files, parsed.imported_macro_files,
                "{name}"
            );
            assert_eq!(embedded.parent, parsed.parent, "{name}");
            assert_eq!(embedded.blocks, parsed.blocks, "{name}");
        }
    }

    /// Bytes cut short or followed by more are refused, never misread.
    #[test]
    fn cut_or_padded_trees_are_refused() {
        let (name, tree) = TEMPLATES
            .iter()
            .find(|(n, _)| *n == templates::EKSCTL_CLUSTER)
            .unwrap();
        assert!(blueprint_ast::decode(tree).is_some(), "{name}");
        for cut in [0, 1, 4, tree.len() / 2, tree.len() - 1] {
            assert!(blueprint_ast::decode(&tree[..cut]).is_none(), "{cut}");
        }
        let mut padded = tree.to_vec();
        padded.push(0);
        assert!(blueprint_ast::decode(&padded).is_none());
    }

    /// A variable the view model lacks is an error, never empty text.
    #[test]
    fn undefined_variables_are_errors() {
        #[derive(Serialize)]
        struct Empty {}
        let files = [("x.yaml", templates::EKSCTL_CLUSTER)];
        let e = lay_out_files(Format::Eksctl, &files, &Empty {}).unwrap_err();
        assert!(matches!(e, RenderError::Template { .. }), "{e}");
    }
}
