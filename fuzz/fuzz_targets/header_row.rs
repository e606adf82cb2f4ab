//! The header search on the first rows of a sheet: lines are rows, tabs
//! separate cells.
#![no_main]

use std::sync::LazyLock;

use chainscore::config::Config;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::builtin_default);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<Vec<&str>> = text.split('\n').take(24).map(|line| line.split('\t').collect()).collect();
    chainscore::read::fuzz::header_search(&CONFIG, &rows);
});
