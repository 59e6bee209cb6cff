//! The spec: what the user said, as written, and where each part came from.

mod load;
mod locate;
mod overrides;
mod types;
mod unknown;

pub use load::{suggest, LoadError, LoadedSpec, SpecSource, DEFAULT_SPEC, MAX_SPEC_BYTES};
pub use locate::{KeyIndex, Pos};
pub use overrides::Overrides;
pub use types::*;

/// The JSON Schema of the spec, for editors (`eksnet schema`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Spec);
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}
