//! The Terraform engine the tests run: the binary named by `EKSNET_TERRAFORM`
//! and the provider filesystem mirror named by `EKSNET_TF_MIRROR` (both set by
//! .ci/tool-env). Providers come from the mirror only, never the registry:
//! each test writes its own CLI configuration saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Engine {
    pub terraform: String,
    pub mirror: String,
    /// The CLI configuration written for this engine (`TF_CLI_CONFIG_FILE`).
    pub cli_config: PathBuf,
}

/// The CLI configuration that installs every provider of the default registry
/// from `mirror` and nothing from the network.
pub fn cli_config_hcl(mirror: &str) -> String {
    let mirror = mirror.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{mirror}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n"
    )
}

impl Engine {
    /// The engine, with its CLI configuration written into `dir`; `None`
    /// (a skip) outside CI when a variable is unset; a panic under CI.
    pub fn from_env(dir: &Path) -> Option<Engine> {
        let terraform = super::tool("EKSNET_TERRAFORM")?;
        let mirror = super::tool("EKSNET_TF_MIRROR")?;
        let cli_config = dir.join("terraform-cli.tfrc");
        std::fs::write(&cli_config, cli_config_hcl(&mirror)).unwrap();
        Some(Engine {
            terraform,
            mirror,
            cli_config,
        })
    }

    /// `terraform` in `dir`, with the mirror-only CLI configuration, no
    /// prompts, no version check and no colour.
    pub fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(&self.terraform);
        c.current_dir(dir)
            .args(args)
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_PLUGIN_CACHE_DIR")
            .env_remove("TF_LOG");
        c
    }

    /// Run `terraform args` in `dir`: its exit code and its stdout and stderr.
    pub fn run(&self, dir: &Path, args: &[&str]) -> (i32, String) {
        let out = self
            .command(dir, args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.terraform));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }
}
