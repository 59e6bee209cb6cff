//! Rendering: snapshots of every format for every case in `cases`, byte
//! determinism, and the rules the blueprints must keep (every
//! interpolation escaped, every template embedded).

use crate::cases::{cases, Case};
use crate::snap;
use crate::support::repo;
use eksnet::render::{self, filters::ESCAPING_FILTERS, Format, OutputFile, RenderOptions};
use eksnet::topology::{plan, Topology};

/// The case's topology; panics when the plan has errors.
pub fn topology(c: &Case) -> Topology {
    let p = plan(&c.spec);
    assert!(
        !p.diagnostics.has_errors(),
        "case {} has errors: {:?}",
        c.name,
        p.diagnostics
    );
    p.topology.expect("a valid plan has a topology")
}

/// The formats a case renders (eksctl has no network-only config).
pub fn formats(c: &Case) -> Vec<Format> {
    Format::ALL
        .into_iter()
        .filter(|f| !(c.network_only && *f == Format::Eksctl))
        .collect()
}

pub fn options(c: &Case) -> RenderOptions {
    RenderOptions {
        network_only: c.network_only,
        ids: None,
    }
}

/// Every file of every format of a case.
pub fn render_case(c: &Case) -> Vec<(Format, Vec<OutputFile>)> {
    let t = topology(c);
    formats(c)
        .into_iter()
        .map(|f| {
            let files = render::render(&t, f, &options(c))
                .unwrap_or_else(|e| panic!("case {} format {f}: {e}", c.name));
            (f, files)
        })
        .collect()
}

/// Several files as one snapshot, each under a header with its path.
fn joined(files: &[OutputFile]) -> String {
    if let [one] = files {
        return one.contents.clone();
    }
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.path.display(), f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshots_of_every_format_for_every_case() {
    for c in cases() {
        for (f, files) in render_case(&c) {
            let name = format!("render_{}_{}", c.name, f.as_str());
            snap!(insta::assert_snapshot!(name, joined(&files)));
        }
    }
}

#[test]
fn rendering_is_byte_identical_twice() {
    for c in cases() {
        assert_eq!(render_case(&c), render_case(&c), "case {}", c.name);
    }
}

#[test]
fn output_is_lf_with_one_final_newline() {
    for c in cases() {
        for (_, files) in render_case(&c) {
            for f in files {
                assert!(!f.contents.contains('\r'), "{}", f.path.display());
                assert!(
                    f.contents.ends_with('\n') && !f.contents.ends_with("\n\n"),
                    "{} must end in exactly one newline",
                    f.path.display()
                );
                assert!(
                    !f.contents.lines().any(|l| l.ends_with(' ')),
                    "{} has trailing spaces",
                    f.path.display()
                );
            }
        }
    }
}

#[test]
fn network_only_eksctl_is_an_error_with_a_hint() {
    let c = cases().into_iter().find(|c| c.network_only).unwrap();
    let t = topology(&c);
    let e = render::render(&t, Format::Eksctl, &options(&c)).unwrap_err();
    assert!(matches!(e, render::RenderError::NetworkOnlyEksctl));
    assert!(e.help().unwrap().contains("--format cloudformation"));
}

#[test]
fn network_only_leaves_the_cluster_out() {
    let c = cases().into_iter().find(|c| c.network_only).unwrap();
    for (_, files) in render_case(&c) {
        for f in files {
            for word in ["AWS::EKS::", "aws_eks_", "AWS::IAM::Role", "aws_iam_role"] {
                assert!(
                    !f.contents.contains(word),
                    "{} holds {word}",
                    f.path.display()
                );
            }
        }
    }
}

/// The template a template imports as `m` (`{% import "..." as m %}`).
fn imported_macros(text: &str) -> Option<&str> {
    let at = text.find("import \"")? + "import \"".len();
    let (name, rest) = text[at..].split_once('"')?;
    rest.trim_start().starts_with("as m ").then_some(name)
}

/// The macros a template defines (`{% macro name(...) %}`).
fn defined_macros(text: &str) -> Vec<&str> {
    text.match_indices("{% macro ")
        .filter_map(|(i, m)| text[i + m.len()..].split('(').next())
        .map(str::trim)
        .collect()
}

/// The text of embedded template `name`, from `blueprints/` (the binary
/// embeds its syntax tree; a unit test checks the two agree).
fn template_text(name: &str) -> String {
    assert!(
        render::TEMPLATES.iter().any(|(p, _)| *p == name),
        "{name} is not embedded"
    );
    std::fs::read_to_string(repo().join("blueprints").join(name)).unwrap()
}

/// Every `{{ ... }}` in `blueprints/` ends in an escaping filter, or calls a
/// macro (`m::name(...)` from the imported macros file, `self::name(...)`
/// from the same file) whose own interpolations are checked here too.
#[test]
fn every_interpolation_goes_through_an_escaping_filter() {
    let mut bad = Vec::new();
    let mut seen = 0;
    let mut macro_calls = 0;
    for (path, _) in render::TEMPLATES {
        let text = template_text(path);
        let imported_text = imported_macros(&text).map(template_text);
        let imported: Vec<&str> = imported_text
            .as_deref()
            .map(defined_macros)
            .unwrap_or_default();
        let own = defined_macros(&text);
        let mut rest = text.as_str();
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let end = after.find("}}").expect("every {{ closes");
            let inner = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            seen += 1;
            let called = |prefix: &str, defined: &[&str]| {
                inner
                    .strip_prefix(prefix)
                    .and_then(|call| call.split_once('('))
                    .is_some_and(|(name, _)| defined.contains(&name))
            };
            let is_macro = called("m::", &imported) || called("self::", &own);
            macro_calls += usize::from(is_macro);
            let last_filter = inner
                .rsplit_once('|')
                .map(|(_, f)| f.trim().split('(').next().unwrap_or("").trim());
            if !is_macro && !last_filter.is_some_and(|f| ESCAPING_FILTERS.contains(&f)) {
                bad.push(format!("{path}: {{{{ {inner} }}}}"));
            }
            rest = &after[end + 2..];
        }
    }
    assert!(
        seen > 100 && macro_calls > 10,
        "only {seen} interpolations and {macro_calls} macro calls found: is the scan broken?"
    );
    assert!(
        bad.is_empty(),
        "unescaped interpolations:\n{}",
        bad.join("\n")
    );
}

/// Every file under `blueprints/` is embedded (a unit test checks that each
/// embedded syntax tree is its file parsed).
#[test]
fn every_blueprint_is_embedded() {
    let dir = repo().join("blueprints");
    let mut on_disk = Vec::new();
    for fmt in std::fs::read_dir(&dir).unwrap() {
        let fmt = fmt.unwrap().path();
        for f in std::fs::read_dir(&fmt).unwrap() {
            let f = f.unwrap().path();
            on_disk.push(
                f.strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    on_disk.sort();
    let mut embedded: Vec<String> = render::TEMPLATES
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

/// Every embedded template is used: a format renders it, or a template a
/// format renders imports it; and everything rendered or imported is
/// embedded, under its format's folder.
#[test]
fn every_embedded_template_is_known_and_used() {
    let mut used = std::collections::BTreeSet::new();
    for f in Format::ALL {
        for template in render::templates_of(f) {
            assert!(
                template.starts_with(&format!("{}/", f.as_str())),
                "{f} renders {template}"
            );
            used.insert(template);
            let text = template_text(template);
            if let Some(m) = imported_macros(&text) {
                assert!(
                    m.starts_with(&format!("{}/", f.as_str())),
                    "{template} imports {m}"
                );
                let m = render::TEMPLATES
                    .iter()
                    .find(|(p, _)| *p == m)
                    .unwrap_or_else(|| panic!("{template} imports {m}, which is not embedded"))
                    .0;
                used.insert(m);
            }
        }
    }
    let embedded: std::collections::BTreeSet<&str> =
        render::TEMPLATES.iter().map(|(p, _)| *p).collect();
    assert_eq!(used, embedded, "embedded but never rendered nor imported");
}

/// eksctl parses configs strictly: the config names the eksctl it needs, and
/// where released eksctl gives the control plane public subnets that the
/// other formats keep it out of, the config says so.
#[test]
fn eksctl_config_names_its_eksctl_and_the_control_plane_difference() {
    for c in cases().iter().filter(|c| !c.network_only) {
        let t = topology(c);
        let out = render::render(&t, Format::Eksctl, &options(c)).unwrap();
        let text = &out[0].contents;
        assert!(
            text.contains(&format!(
                "# Needs eksctl {} or later",
                render::EKSCTL_MIN_VERSION
            )),
            "case {}",
            c.name
        );
        let public_left_out = t
            .subnets_of(eksnet::topology::Tier::Public)
            .any(|s| !t.cluster.subnets.contains(&s.id));
        let said = text.contains("every subnet it creates,\n# public ones included");
        assert_eq!(
            said,
            render::eksctl_creates_vpc(&t) && public_left_out,
            "case {}",
            c.name
        );
        assert!(!text.contains("controlPlaneOnPrivateSubnets"));
    }
}

/// `clusterCreatorAdmin: false` reaches the creator's access entry setting
/// of every format; the default keeps it on.
#[test]
fn the_creator_admin_setting_reaches_every_format() {
    let keys = [
        (
            Format::CloudFormation,
            "BootstrapClusterCreatorAdminPermissions: ",
        ),
        (
            Format::Terraform,
            "bootstrap_cluster_creator_admin_permissions = ",
        ),
        (Format::Eksctl, "bootstrapClusterCreatorAdminPermissions: "),
    ];
    for creator_admin in [true, false] {
        let mut spec = eksnet::spec::LoadedSpec::built_in().spec;
        spec.cluster_creator_admin = creator_admin;
        spec.admin_principal_arns = vec!["arn:aws:iam::123456789012:role/admins".into()];
        let t = plan(&spec).topology.unwrap();
        for (format, key) in keys {
            let files = render::render(&t, format, &RenderOptions::default()).unwrap();
            let all: String = files.iter().map(|f| f.contents.as_str()).collect();
            assert!(
                all.contains(&format!("{key}{creator_admin}")),
                "{format}: no `{key}{creator_admin}`"
            );
        }
    }
}

#[test]
fn graviton_nodes_get_the_arm64_ami_type_in_cloudformation_and_terraform() {
    let all = cases();
    let c = all.iter().find(|c| c.name == "graviton").unwrap();
    for (f, files) in render_case(c) {
        let text = joined(&files);
        match f {
            Format::CloudFormation => {
                assert!(
                    text.contains("      AmiType: \"AL2023_ARM_64_STANDARD\"\n"),
                    "{f}"
                );
            }
            Format::Terraform => {
                assert!(
                    text.contains("  ami_type       = var.node_ami_type\n"),
                    "{f}"
                );
                assert!(
                    text.contains("  default     = \"AL2023_ARM_64_STANDARD\"\n"),
                    "{f}"
                );
            }
            // eksctl has no AMI type field: it infers the same from the instance types.
            Format::Eksctl => assert!(!text.contains("amiType"), "{f}"),
        }
    }
}
