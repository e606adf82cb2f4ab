//! Every cell parser on fuzzed text and a fuzzed number (the first eight bytes).
#![no_main]

use std::sync::LazyLock;

use chainscore::config::Config;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::builtin_default);

fuzz_target!(|data: &[u8]| {
    let (number, text) = match data.split_first_chunk::<8>() {
        Some((head, rest)) => (f64::from_le_bytes(*head), rest),
        None => (0.0, data),
    };
    chainscore::read::fuzz::cell_parsers(&CONFIG, &String::from_utf8_lossy(text), number);
});
