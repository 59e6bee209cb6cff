//! Teaching the network: why each part of a Topology is there (`explain`),
//! the four architectures side by side (`compare`), pictures of it
//! (`diagram`), and the README written next to generated files (`readme`).
//!
//! Everything here only reads a Topology (and the reachability engine's
//! paths over it); nothing decides anything about the network. Explanations
//! are built as statements that carry the model data they talk about, so a
//! test can check each printed line against the model.

pub mod addon;
pub mod compare;
pub mod cost;
pub mod diagram;
pub mod explain;
pub mod readme;
pub mod rule;
pub mod sources;

pub use readme::readme;
