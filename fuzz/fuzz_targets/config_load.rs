//! The config loader on fuzzed bytes, `extends` resolved in memory: the input is
//! up to three files separated by `\n#---\n`, named `config/fuzz.toml` (the one
//! loaded), `config/a.toml` and `config/b.toml`.
#![no_main]

use std::path::{Path, PathBuf};

use chainscore::config::{Config, InMemory};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut files = InMemory::default();
    let names = ["config/fuzz.toml", "config/a.toml", "config/b.toml"];
    let mut rest = data;
    for name in names {
        let (file, next) = match rest.windows(6).position(|w| w == b"\n#---\n") {
            Some(at) => (&rest[..at], &rest[at + 6..]),
            None => (rest, &[][..]),
        };
        files.0.insert(PathBuf::from(name), file.to_vec());
        rest = next;
    }
    let _ = Config::load_from(Some(Path::new(names[0])), &files);
});
