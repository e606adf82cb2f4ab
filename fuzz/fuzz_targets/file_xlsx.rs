//! Whole-file ingestion of fuzzed .xlsx bytes, as a register, a ledger and a
//! targets file. Run with `-rss_limit_mb=512`: a file within the limits must be
//! read within that.
#![no_main]

use std::sync::LazyLock;

use chainscore::config::Config;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::builtin_default);

fuzz_target!(|data: &[u8]| {
    chainscore::read::fuzz::whole_file(&CONFIG, "fuzz.xlsx", data);
});
