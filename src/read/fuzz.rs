//! Entry points for the fuzzers in `fuzz/`, and the properties they check.
//!
//! A fuzzer only finds what a function says is wrong: a panic, a hang, memory
//! without bound. The functions here call the read layer's parsers the way a file
//! would reach them and turn the parsers' promises into assertions, so a value
//! that breaks a promise (a NaN number, a date outside the plausible years, a
//! header that maps one column twice) is a crash the fuzzer keeps and minimises.
//! They live in the library, beside what they call, because the parsers are
//! crate-private; they are not part of the engine's interface.

use std::path::Path;

use chrono::Datelike;

use super::cells::{self, Cell};
use super::grid::Grid;
use super::header::{self, HeaderMatcher};
use crate::columns::{InputKind, Unit};
use crate::config::Config;

/// Every cell parser on one text and one number, as a sheet would give them.
///
/// Checked: numbers are finite; dates, periods and years fall in the years
/// the parsers accept; a value read from text reads the same from its own
/// spelling (numbers shown as a spreadsheet shows them parse back to themselves).
pub fn cell_parsers(config: &Config, text: &str, number: f64) {
    let units = [Unit::TenThousandYuan, Unit::TenThousandUsd, Unit::Mu, Unit::Count, Unit::Plain];
    let blank = &config.blank_words;
    for cell in [Cell::Text(text.to_string()), Cell::Number(number)] {
        for unit in units {
            if let Ok(Some(n)) = cells::parse_number(&cell, unit, blank) {
                assert!(n.is_finite(), "{cell:?} read as {n} ({unit:?})");
            }
        }
        if let Ok(Some(date)) = cells::parse_date(&cell, blank) {
            assert!((1900..=2200).contains(&date.year()), "{cell:?} read as {date}");
        }
        if let Ok(Some(month)) = cells::parse_period(&cell, blank) {
            let (year, m) = crate::period::year_month(month);
            assert!((1900..=2200).contains(&year) && (1..=12).contains(&m), "{cell:?} read as {year}-{m}");
        }
        if let Ok(Some(year)) = cells::parse_year(&cell, blank) {
            assert!((1900..=2200).contains(&year), "{cell:?} read as year {year}");
        }
        let _ = cells::parse_boolean(&cell, &config.booleans);
        for words in [&config.links, &config.investor_tiers, &config.statuses] {
            if let Ok(Some(key)) = cells::parse_category(&cell, words) {
                assert_eq!(words.lookup(&key), Some(key.as_str()), "{cell:?} read as {key}, not a key");
            }
        }
        if let Some(text) = cells::parse_text(&cell) {
            assert_eq!(cells::normalise_text(&text), text, "{cell:?}: normalised text is not stable");
        }
    }
    if number.is_finite() {
        let shown = cells::format_number(number);
        let back = cells::parse_number_text(&shown, Unit::Plain);
        assert_eq!(back, Some(number), "{number} shown as {shown:?} reads back as {back:?}");
    }
    if let Some(date) = cells::excel_serial_to_date(number) {
        assert!((1899..=9999).contains(&date.year()), "serial {number} is {date}");
    }
}

/// The header search on rows of text (as the first rows of a sheet), for every
/// kind of input.
///
/// Checked: a header found maps each canonical column once, holds every
/// required column, and lies within the rows searched.
pub fn header_search(config: &Config, rows: &[Vec<&str>]) {
    let grid = Grid::from_text_rows(Some("fuzz"), rows);
    for kind in [InputKind::Projects, InputKind::Capital, InputKind::Targets] {
        let matcher = HeaderMatcher::new(config, kind);
        let required = kind.required(true);
        if let Ok(found) = header::locate(&grid, &matcher, kind, required) {
            assert!((1..=super::grid::HEADER_SEARCH_ROWS).contains(&found.number), "header at row {}", found.number);
            let mut names: Vec<String> = found.columns.iter().map(|c| format!("{:?}", c.target)).collect();
            let all = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), all, "a column is mapped twice: {:?}", found.columns);
            for name in required {
                assert!(found.canonical(kind.columns(), name).is_some(), "required {name} missing from {found:?}");
            }
        }
    }
}

/// A whole file from its bytes, named `name` (whose extension gives its format),
/// read as each kind of input. An error is a fine answer, and so is a panic
/// inside a dependency's reader, refused as damaged content (exit 74); a panic in
/// our own code, caught the same way, is a fault, raised again for the fuzzer.
pub fn whole_file(config: &Config, name: &str, bytes: &[u8]) {
    for kind in [InputKind::Projects, InputKind::Capital, InputKind::Targets] {
        if let Err(crate::Error::Unreadable { reason, detail: Some(detail), .. }) =
            super::read_bytes(Path::new(name), bytes, kind, config)
            && matches!(*reason, crate::i18n::Msg::ReaderFailed {})
            && detail.contains(" in chainscore ")
        {
            panic!("{name} as {kind:?}: {detail}");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The fuzzers' seeds — fixtures and the input of every fault they found —
    /// through the same entry points, so a fault fixed stays fixed under
    /// `cargo test` and the entry points keep compiling and holding.
    #[test]
    fn every_seed_passes_its_target() {
        let config = Config::builtin_default();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
        let mut count = 0;
        for target in std::fs::read_dir(&seeds).unwrap() {
            let target = target.unwrap().path();
            let name = target.file_name().unwrap().to_string_lossy().into_owned();
            for seed in std::fs::read_dir(&target).unwrap() {
                let bytes = std::fs::read(seed.unwrap().path()).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                match name.as_str() {
                    "cell_values" => cell_parsers(&config, &text, 44562.0),
                    "header_row" => {
                        let rows: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
                        header_search(&config, &rows);
                    }
                    "config_load" => {}
                    file => whole_file(&config, &format!("seed.{}", file.trim_start_matches("file_")), &bytes),
                }
                count += 1;
            }
        }
        assert!(count >= 40, "only {count} seeds found");
    }
}
