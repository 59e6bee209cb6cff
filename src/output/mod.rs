//! Putting rendered files on disk (`write`) or comparing them with what is
//! there (`check`). Rendering never touches the disk; this is the only
//! module that does, so its guarantees (no half-written file, nothing
//! deleted, nothing overwritten without `--force`) hold for every format.

pub mod check;
pub mod write;

pub use check::{check, CheckError, Drift};
pub use write::{shared_temp_builder, write_all, Change, WriteError};
