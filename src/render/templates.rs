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
