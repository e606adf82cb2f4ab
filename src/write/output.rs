//! Atomic writes: a temporary file in the destination folder, flushed, renamed.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::L;

/// Held, shared, while a file is created in an output folder (and the folder
/// with it). On SIGTERM the signal thread takes it, exclusive, before removing
/// the staging folders and never lets go: a thread writing the workbook or a
/// sidecar cannot create a staging folder again after it is removed.
pub(crate) static CREATING: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Writes a file atomically: `write` fills a temporary file beside `path`, which is
/// then renamed over it. On any error the temporary file is removed and `path` is
/// left as it was.
pub(crate) fn write_atomic(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = {
        let _creating = CREATING.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, L::IoCannotCreateFolder, e))?;
        tempfile::Builder::new()
            .prefix(".chainscore-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, L::IoCannotWriteFolder, e))?
    };
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush().map_err(|e| Error::io(path, L::IoCannotWrite, e))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, L::IoCannotWrite, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, L::IoCannotWrite, e))?;
    }
    temp.persist(path).map_err(|e| Error::io(path, L::IoCannotWrite, e.error))?;
    Ok(())
}

/// Writes bytes atomically.
pub(crate) fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |file| file.write_all(bytes).map_err(|e| Error::io(path, L::IoCannotWrite, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_bytes(&path, b"old").unwrap();
        let result = write_atomic(&path, |f| {
            f.write_all(b"half").unwrap();
            Err(Error::Internal("boom".into()))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_bytes(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}
