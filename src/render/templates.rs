//! The blueprints embedded in the binary, each named once: a constant per
//! template for the renderers, and the list Tera loads.
//!
//! A template's name is its path under `blueprints/`; `macros.tera` files
//! are not rendered themselves but imported (`{% import ... as m %}`) by the
//! templates of their format.

/// Declares a constant per template and `TEMPLATES`, so each path is spelled
/// once for both the name and the embedded file.
macro_rules! blueprints {
    ($($(#[$doc:meta])* $name:ident = $path:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $path;)*

        /// Every template, by the path it has under `blueprints/`.
        pub const TEMPLATES: &[(&str, &str)] = &[
            $(($path, include_str!(concat!("../../blueprints/", $path))),)*
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
    TERRAFORM_VERSIONS = "terraform/versions.tf.tera";
    TERRAFORM_VARIABLES = "terraform/variables.tf.tera";
    TERRAFORM_MAIN = "terraform/main.tf.tera";
    TERRAFORM_EKS = "terraform/eks.tf.tera";
    TERRAFORM_OUTPUTS = "terraform/outputs.tf.tera";
    /// Layout shared by the eksctl config (imported as `m`).
    EKSCTL_MACROS = "eksctl/macros.tera";
    /// The eksctl ClusterConfig.
    EKSCTL_CLUSTER = "eksctl/cluster.yaml.tera";
}
