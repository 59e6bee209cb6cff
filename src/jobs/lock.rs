//! Reading the lock of an output directory (`eksnet.lock`): bounded, as
//! untrusted input, every line checked before anything is planned.

use super::Error;
use crate::read::{self, ReadError};
use crate::topology::{Lock, LockError, LOCK_FILE};
use std::path::Path;

/// The largest lock read. A lock holds a line per subnet, well under a KiB;
/// 1 MiB refuses a wrong file at once.
pub const MAX_LOCK_BYTES: u64 = 1024 * 1024;

/// The lock in the output directory `out`, or None when there is none yet.
/// Its zones must be zones of `region`.
pub fn read_lock(out: &Path, region: &str) -> Result<Option<Lock>, Error> {
    let path = out.join(LOCK_FILE);
    let bad = |error: LockError| Error::Lock {
        path: path.clone(),
        error,
    };
    let text = match read::bounded_text(&path, MAX_LOCK_BYTES) {
        Ok(t) => t,
        Err(ReadError::NotFound) => return Ok(None),
        Err(e) => {
            return Err(bad(LockError {
                line: 0,
                message: format!("cannot read it: {e}"),
                fix: "eksnet reads the lock of the output directory as a regular text file".into(),
            }))
        }
    };
    let lock = Lock::parse(&text).map_err(bad)?;
    lock.check_zones(region).map_err(bad)?;
    Ok(Some(lock))
}
