//! The blueprints embedded in the binary, each named once: a constant per
//! template for the renderers, and the list Tera loads.
//!
//! A template's name is its path under `blueprints/`; `macros.tera` files
//! are not rendered themselves but imported (`{% import ... as m %}`) by the
//! templates of their format. What is embedded is each blueprint's syntax
//! tree, which `build.rs` parsed (`blueprint_ast`).

use super::blueprint_ast;
use std::collections::HashMap;
use tera::ast::{Block, Node};
use tera::Template;

/// Declares a constant per template and `TEMPLATES`, so each path is spelled
/// once for both the name and the embedded file.
macro_rules! blueprints {
    ($($(#[$doc:meta])* $name:ident = $path:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $path;)*

        /// Every template's syntax tree as bytes, by the path it has under
        /// `blueprints/`.
        pub const TEMPLATES: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!(env!("OUT_DIR"), "/blueprints/", $path, ".ast"))),)*
        ];
    };
}

blueprints! {
    /// Layout shared by the CloudFormation template (imported as `m`).
    CLOUDFORMATION_MACROS = "cloudformation/macros.tera";
    /// The CloudFormation stack.
    CLOUDFORMATION_TEMPLATE = "cloudformation/template.yaml.tera";
    /// Layout shared by the Terraform files (imported as `m`).
    TERRAFORM_MACROS = "terraform/macros.tera";
    /// `required_providers`, for the root module and the module alike.
    TERRAFORM_VERSIONS = "terraform/versions.tf.tera";
    /// The variables: the module's with their checks, the root's passed on.
    TERRAFORM_VARIABLES = "terraform/variables.tf.tera";
    /// The root module: the provider and the call of the module.
    TERRAFORM_ROOT = "terraform/root.tf.tera";
    /// The root module's `moved` blocks into the module.
    TERRAFORM_MOVED = "terraform/moved.tf.tera";
    /// The module's network.
    TERRAFORM_MAIN = "terraform/main.tf.tera";
    /// The module's cluster and node group.
    TERRAFORM_EKS = "terraform/eks.tf.tera";
    /// The outputs: the module's, and the root's copies of them.
    TERRAFORM_OUTPUTS = "terraform/outputs.tf.tera";
    /// Layout shared by the eksctl config (imported as `m`).
    EKSCTL_MACROS = "eksctl/macros.tera";
    /// The eksctl ClusterConfig.
    EKSCTL_CLUSTER = "eksctl/cluster.yaml.tera";
}

/// Template `name` from its embedded syntax tree, with what Tera finds in
/// a tree when it parses one: the macros it defines, the macro files it
/// imports, its parent and its blocks.
pub fn template(name: &str, tree: &[u8]) -> Template {
    let ast = blueprint_ast::decode(tree)
        .expect("the embedded syntax trees decode (a unit test checks them)");
    let mut macros = HashMap::new();
    let mut imported_macro_files = Vec::new();
    let mut parent = None;
    for node in &ast {
        match node {
            Node::MacroDefinition(_, m, _) => {
                macros.insert(m.name.clone(), m.clone());
            }
            Node::ImportMacro(_, file, namespace) => {
                imported_macro_files.push((file.clone(), namespace.clone()));
            }
            Node::Extends(_, p) => parent = Some(p.clone()),
            _ => {}
        }
    }
    let mut blocks = HashMap::new();
    find_blocks(&ast, &mut blocks);
    Template {
        name: name.to_string(),
        path: None,
        ast,
        from_extend: false,
        macros,
        imported_macro_files,
        parent,
        blocks,
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    }
}

/// The `{% block %}`s of `ast`, nested ones too, by name.
fn find_blocks(ast: &[Node], blocks: &mut HashMap<String, Block>) {
    for node in ast {
        if let Node::Block(_, b, _) = node {
            blocks.insert(b.name.clone(), b.clone());
            find_blocks(&b.body, blocks);
        }
    }
}
