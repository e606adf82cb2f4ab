//! Paths and file contents, independent of what the files hold: lexical path
//! cleaning for messages, and the SHA-256 that provenance records for every input
//! and config file.

use std::path::{Component, Path, PathBuf};

/// Cleans `a/b/../c` to `a/c` without touching the file system, so messages show
/// `fixtures/sample/…` rather than `config/../fixtures/sample/…`.
pub(crate) fn clean_path(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() { PathBuf::from(".") } else { out.iter().collect() }
}

/// SHA-256 of bytes in memory, as lower-case hex.
pub(crate) fn sha256_of_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
