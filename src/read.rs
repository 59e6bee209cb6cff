//! Reading a file eksnet is given (`--ids-from`, the doctor's JSON, the
//! outputs `generate --check` compares, the output directory's
//! `eksnet.lock`): a regular file, up to a size.
//!
//! A path can name anything. A FIFO blocks the open until a writer comes
//! (forever, in CI); a device such as `/dev/zero` never ends; a huge file
//! takes the memory. So the type is checked before the file is opened (and
//! again on the open handle), and at most `cap + 1` bytes are read, so a file
//! that grew past its metadata is caught too. Each caller names its cap.
//!
//! Imports nothing from eksnet.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not found")]
    NotFound,
    /// A directory, FIFO, socket or device: named by its kind.
    #[error("it is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error("it is larger than {} MiB, the most eksnet reads from it", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound
        } else {
            ReadError::Io(e)
        }
    }
}

/// What a file that is not a regular file is, in words.
fn kind(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// The bytes of the regular file at `path` (symbolic links followed), at
/// most `cap` of them.
pub fn bounded(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if let Some(k) = kind(meta.file_type()) {
        return Err(ReadError::NotAFile(k));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let file = std::fs::File::open(path)?;
    // The path may have been replaced between the two looks.
    if let Some(k) = kind(file.metadata()?.file_type()) {
        return Err(ReadError::NotAFile(k));
    }
    // Sized from the metadata: a large file is read without growing the
    // buffer (each doubling copies all that came before).
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// [`bounded`], as UTF-8 text, without the byte-order mark some Windows
/// editors and PowerShell's redirection put first.
pub fn bounded_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let text = String::from_utf8(bounded(path, cap)?).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })?;
    Ok(without_bom(text))
}

/// `text` without a leading UTF-8 byte-order mark (U+FEFF).
pub fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_up_to_the_cap() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(bounded(&p, 5).unwrap(), b"12345");
        assert!(matches!(bounded(&p, 4), Err(ReadError::TooLarge(4))));
        assert!(matches!(
            bounded(&tmp.path().join("nope"), 5),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            bounded(tmp.path(), 5),
            Err(ReadError::NotAFile("a directory"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_unread() {
        let e = bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(e.to_string(), "it is a device, not a regular file");
    }
}
