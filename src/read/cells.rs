//! Reading one cell's value as the type its column needs.
//!
//! Offices type numbers as text ("1,200", "１２００", "1200万元", "5%"), dates in
//! every form (serials, real dates, "2022/3/15", "2022年3月15日"), and yes/no in two
//! languages. Each parser here takes one cell and says what it holds, or why it
//! cannot be read, so the caller can report the exact cell.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use crate::columns::Unit;
use crate::period::{MonthIndex, month_index};

/// One cell of a sheet, as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (shared or inline string, or a CSV field).
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date (date-formatted cells and ISO date strings of the file format).
    Date(NaiveDate),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// True for an empty cell or one holding only white space.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a spreadsheet would show it (numbers without a
    /// trailing `.0`).
    pub(crate) fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Formats a number as a spreadsheet shows it: integers without decimals.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Why a cell could not be read as its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// Text that is not a number (with the text).
    NotANumber(String),
    /// Text that is not a date.
    NotADate(String),
    /// Text that is not a period (month, quarter or date).
    NotAPeriod(String),
    /// A word not in the vocabulary.
    Unrecognised(String),
    /// An error value (`#DIV/0!`).
    ErrorValue(String),
}

impl CellProblem {
    /// The offending text as written.
    pub(crate) fn text(&self) -> &str {
        match self {
            CellProblem::NotANumber(t)
            | CellProblem::NotADate(t)
            | CellProblem::NotAPeriod(t)
            | CellProblem::Unrecognised(t)
            | CellProblem::ErrorValue(t) => t,
        }
    }
}

/// NFKC-normalised, trimmed text of a cell.
pub(crate) fn normalise_text(text: &str) -> String {
    if text.is_ascii() {
        return text.trim().to_string();
    }
    match nfkc_of_common_text(text) {
        Some(folded) => folded.trim().to_string(),
        None => text.nfkc().collect::<String>().trim().to_string(),
    }
}

/// NFKC of text made only of ASCII, the common CJK ideographs, the
/// ideographic space and full-width ASCII forms (`（二期）`, `Ａ１`), which is
/// what a register's names are: each full-width form becomes its ASCII letter
/// and the ideographic space a space, one character for one. None of these
/// characters composes with its neighbour, so this is NFKC exactly (a test
/// compares it with the full algorithm), at a tenth of its cost; anything
/// else returns `None` and takes the full algorithm.
fn nfkc_of_common_text(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(match c {
            '\0'..='\u{7F}' | '\u{4E00}'..='\u{9FFF}' => c,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
            '\u{3000}' => ' ',
            _ => return None,
        });
    }
    Some(out)
}

/// True when folded text is one of the words meaning "nothing here".
fn is_blank_word(text: &str, blank_words: &[String]) -> bool {
    let folded = crate::text::fold(text);
    folded.is_empty() || blank_words.contains(&folded)
}

/// Reads a number. `Ok(None)` is an empty cell or a blank word ("-", "无").
pub(crate) fn parse_number(cell: &Cell, unit: Unit, blank_words: &[String]) -> Result<Option<f64>, CellProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.is_finite() => Ok(Some(*n)),
        Cell::Number(n) => Err(CellProblem::NotANumber(n.to_string())),
        Cell::Bool(b) => Err(CellProblem::NotANumber(b.to_string())),
        Cell::Date(d) => Err(CellProblem::NotANumber(d.to_string())),
        Cell::Error(e) => Err(CellProblem::ErrorValue(e.clone())),
        Cell::Text(raw) => {
            if is_blank_word(raw, blank_words) {
                return Ok(None);
            }
            parse_number_text(raw, unit).map(Some).ok_or_else(|| CellProblem::NotANumber(raw.trim().to_string()))
        }
    }
}

/// Parses number text: separators, full-width digits, a sign, a percent sign or a
/// trailing unit the column accepts.
pub(crate) fn parse_number_text(raw: &str, unit: Unit) -> Option<f64> {
    let text: String = raw
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '\'')
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let text = text.trim_start_matches(['¥', '$']);
    let text = text.to_lowercase();
    // The longest numeric prefix: sign, digits, one point, digits, exponent.
    let bytes = text.as_bytes();
    let mut end = 0;
    if end < bytes.len() && (bytes[end] == b'-' || bytes[end] == b'+') {
        end += 1;
    }
    let digits_start = end;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end < bytes.len() && bytes[end] == b'.' {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    if end == digits_start || (end == digits_start + 1 && bytes[digits_start] == b'.') {
        return None;
    }
    if end < bytes.len() && bytes[end] == b'e' {
        let mut e = end + 1;
        if e < bytes.len() && (bytes[e] == b'-' || bytes[e] == b'+') {
            e += 1;
        }
        let exp_digits = e;
        while e < bytes.len() && bytes[e].is_ascii_digit() {
            e += 1;
        }
        if e > exp_digits {
            end = e;
        }
    }
    let value: f64 = text[..end].parse().ok()?;
    let suffix = &text[end..];
    let value = if suffix.is_empty() {
        value
    } else if suffix == "%" {
        value / 100.0
    } else {
        let (_, factor) = unit.suffixes().iter().find(|(s, _)| *s == suffix)?;
        value * factor
    };
    value.is_finite().then_some(value)
}

/// Days from the Excel epoch (1899-12-30, 1900 system) to a date.
pub(crate) fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts 1900-02-29, which never was; serials before it are one day off.
    let days = serial.floor() as i64;
    let days = if days < 61 { days + 1 } else { days };
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
}

/// Integer groups of a text, in order ("2022年3月15日" → 2022, 3, 15).
fn digit_groups(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect()
}

fn date_from_groups(groups: &[&str]) -> Option<NaiveDate> {
    match groups {
        [one] if one.len() == 8 => {
            let (y, m, d) = (one[..4].parse().ok()?, one[4..6].parse().ok()?, one[6..].parse().ok()?);
            NaiveDate::from_ymd_opt(y, m, d)
        }
        [one] if one.len() == 5 => excel_serial_to_date(one.parse().ok()?),
        [y, m, rest @ ..] if y.len() == 4 && m.len() <= 2 => {
            let day = rest.first().map(|d| d.parse().ok()).unwrap_or(Some(1))?;
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, day)
        }
        _ => None,
    }
}

/// Reads a date: a date cell, an Excel serial, `yyyymmdd`, or text such as
/// `2022-03-15`, `2022/3/15`, `2022.3.15`, `2022年3月15日`, `2022年3月` (the 1st).
pub(crate) fn parse_date(cell: &Cell, blank_words: &[String]) -> Result<Option<NaiveDate>, CellProblem> {
    let date = parse_any_date(cell, blank_words)?;
    match date {
        // A serial of 5 is 1900-01-05 to Excel, and a typo to everyone else.
        Some(d) if !PLAUSIBLE_YEARS.contains(&d.year()) => {
            Err(CellProblem::NotADate(cell.as_text().trim().to_string()))
        }
        other => Ok(other),
    }
}

/// Years a signing date or a ledger period can fall in; outside them a date is
/// a typing or formatting mistake, reported rather than scored.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

fn parse_any_date(cell: &Cell, blank_words: &[String]) -> Result<Option<NaiveDate>, CellProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => {
            let n = *n;
            if n.fract() == 0.0 && (19_000_101.0..=22_001_231.0).contains(&n) {
                let groups = [format_number(n)];
                let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
                return date_from_groups(&groups).map(Some).ok_or(CellProblem::NotADate(format_number(n)));
            }
            excel_serial_to_date(n).map(Some).ok_or(CellProblem::NotADate(format_number(n)))
        }
        Cell::Text(raw) => {
            if is_blank_word(raw, blank_words) {
                return Ok(None);
            }
            let text = normalise_text(raw);
            // A time after the date ("2022-03-15 08:00:00") is dropped.
            let date_part = text.split([' ', 'T']).next().unwrap_or("");
            date_from_groups(&digit_groups(date_part))
                .map(Some)
                .ok_or_else(|| CellProblem::NotADate(raw.trim().to_string()))
        }
        Cell::Bool(b) => Err(CellProblem::NotADate(b.to_string())),
        Cell::Error(e) => Err(CellProblem::ErrorValue(e.clone())),
    }
}

/// Chinese numerals one to four, for "第一季度".
fn quarter_digit(text: &str) -> Option<u32> {
    for (word, q) in [("一", 1), ("二", 2), ("三", 3), ("四", 4), ("1", 1), ("2", 2), ("3", 3), ("4", 4)] {
        if text.contains(word) {
            return Some(q);
        }
    }
    None
}

/// Reads a ledger period as the month it counts in: a month (`2022-03`, `2022年3月`,
/// `202203`), a quarter (`2022Q1`, `2022年第一季度`: its last month), or a date.
pub(crate) fn parse_period(cell: &Cell, blank_words: &[String]) -> Result<Option<MonthIndex>, CellProblem> {
    match parse_any_period(cell, blank_words)? {
        Some(month) if !PLAUSIBLE_YEARS.contains(&crate::period::year_month(month).0) => {
            Err(CellProblem::NotAPeriod(cell.as_text().trim().to_string()))
        }
        other => Ok(other),
    }
}

fn parse_any_period(cell: &Cell, blank_words: &[String]) -> Result<Option<MonthIndex>, CellProblem> {
    let of_date = |d: NaiveDate| month_index(d.year(), d.month());
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(of_date(*d))),
        Cell::Number(n) => {
            let n = *n;
            if n.fract() == 0.0 && (190_001.0..=220_012.0).contains(&n) {
                let (y, m) = ((n as i64 / 100) as i32, (n as i64 % 100) as u32);
                return if (1..=12).contains(&m) {
                    Ok(Some(month_index(y, m)))
                } else {
                    Err(CellProblem::NotAPeriod(format_number(n)))
                };
            }
            match parse_date(cell, blank_words) {
                Ok(Some(d)) => Ok(Some(of_date(d))),
                _ => Err(CellProblem::NotAPeriod(format_number(n))),
            }
        }
        Cell::Text(raw) => {
            if is_blank_word(raw, blank_words) {
                return Ok(None);
            }
            let bad = || CellProblem::NotAPeriod(raw.trim().to_string());
            let text = normalise_text(raw).to_uppercase();
            if let Some(pos) = text.find('Q').or_else(|| text.find("季")) {
                let year: i32 = digit_groups(&text[..pos])
                    .first()
                    .and_then(|y| (y.len() == 4).then(|| y.parse().ok()).flatten())
                    .ok_or_else(bad)?;
                let quarter = if text[pos..].starts_with('Q') {
                    digit_groups(&text[pos..]).first().and_then(|q| q.parse::<u32>().ok())
                } else {
                    quarter_digit(
                        &text[digit_groups(&text[..pos])
                            .first()
                            .map(|y| text.find(y).unwrap_or(0) + y.len())
                            .unwrap_or(0)..pos],
                    )
                }
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(bad)?;
                return Ok(Some(month_index(year, quarter * 3)));
            }
            let groups = digit_groups(&text);
            match groups.as_slice() {
                [one] if one.len() == 6 => {
                    let (y, m): (i32, u32) =
                        (one[..4].parse().map_err(|_| bad())?, one[4..].parse().map_err(|_| bad())?);
                    if (1..=12).contains(&m) { Ok(Some(month_index(y, m))) } else { Err(bad()) }
                }
                [y, m] if y.len() == 4 && m.len() <= 2 => {
                    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
                    if (1..=12).contains(&m) { Ok(Some(month_index(y, m))) } else { Err(bad()) }
                }
                _ => match parse_date(cell, blank_words) {
                    Ok(Some(d)) => Ok(Some(of_date(d))),
                    _ => Err(bad()),
                },
            }
        }
        Cell::Bool(b) => Err(CellProblem::NotAPeriod(b.to_string())),
        Cell::Error(e) => Err(CellProblem::ErrorValue(e.clone())),
    }
}

/// Reads a year (`2022`, `2022年`).
pub(crate) fn parse_year(cell: &Cell, blank_words: &[String]) -> Result<Option<i32>, CellProblem> {
    let check = |y: i64, text: String| {
        if (1900..=2200).contains(&y) { Ok(Some(y as i32)) } else { Err(CellProblem::NotANumber(text)) }
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 => check(*n as i64, format_number(*n)),
        Cell::Date(d) => Ok(Some(d.year())),
        Cell::Text(raw) => {
            if is_blank_word(raw, blank_words) {
                return Ok(None);
            }
            match digit_groups(&normalise_text(raw)).as_slice() {
                [y] if y.len() == 4 => check(y.parse().unwrap_or(0), raw.trim().to_string()),
                _ => Err(CellProblem::NotANumber(raw.trim().to_string())),
            }
        }
        other => Err(CellProblem::NotANumber(other.as_text())),
    }
}

/// Reads a yes/no cell through the boolean vocabulary (a lexicon whose keys are
/// `true` and `false`), also accepting real booleans and 1/0.
pub(crate) fn parse_boolean(cell: &Cell, words: &crate::config::Lexicon) -> Result<Option<bool>, CellProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(n) if *n == 1.0 => Ok(Some(true)),
        Cell::Number(n) if *n == 0.0 => Ok(Some(false)),
        Cell::Text(t) if t.trim().is_empty() => Ok(None),
        other => {
            let text = other.as_text();
            match words.lookup(&text) {
                Some("true") => Ok(Some(true)),
                Some("false") => Ok(Some(false)),
                _ => Err(CellProblem::Unrecognised(text.trim().to_string())),
            }
        }
    }
}

/// Reads a categorical word through a vocabulary, to its canonical value.
pub(crate) fn parse_category(cell: &Cell, words: &crate::config::Lexicon) -> Result<Option<String>, CellProblem> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.as_text();
    words.lookup(&text).map(|k| Some(k.to_string())).ok_or_else(|| CellProblem::Unrecognised(text.trim().to_string()))
}

/// Reads a text cell: NFKC-normalised and trimmed; numbers as a spreadsheet shows
/// them. `None` when blank.
pub(crate) fn parse_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(t) => {
            let t = normalise_text(t);
            (!t.is_empty()).then_some(t)
        }
        other => Some(other.as_text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::format_month;

    fn blanks() -> Vec<String> {
        ["-", "—", "/", "无"].iter().map(|s| s.to_string()).collect()
    }

    fn number(text: &str, unit: Unit) -> Result<Option<f64>, CellProblem> {
        parse_number(&Cell::Text(text.into()), unit, &blanks())
    }

    #[test]
    fn the_fast_nfkc_of_common_text_is_nfkc() {
        // Every character the fast path takes, alone and between others.
        let taken = ('\0'..='\u{7F}').chain('\u{4E00}'..='\u{9FFF}').chain('\u{FF01}'..='\u{FF5E}').chain(['\u{3000}']);
        for c in taken {
            let text = format!("a{c}（{c}）项目{c}");
            let fast = nfkc_of_common_text(&text).expect("taken");
            assert_eq!(fast, text.nfkc().collect::<String>(), "{c:?}");
        }
        // Anything else goes to the full algorithm.
        for text in ["ｶ", "e\u{301}", "①", "Ⅻ", "\u{FF5F}", "\u{F900}", "\u{200B}"] {
            assert_eq!(nfkc_of_common_text(text), None, "{text:?}");
        }
        assert_eq!(normalise_text(" 新材料项目（１２）　"), "新材料项目(12)");
    }

    #[test]
    fn numbers_stored_as_text_are_read() {
        assert_eq!(number("1,200", Unit::Plain), Ok(Some(1200.0)));
        assert_eq!(number("１２００．５", Unit::Plain), Ok(Some(1200.5)));
        assert_eq!(number(" 35000 ", Unit::Plain), Ok(Some(35000.0)));
        assert_eq!(number("1,234,567.89", Unit::Plain), Ok(Some(1234567.89)));
        assert_eq!(number("−12", Unit::Plain), Ok(Some(-12.0)));
        assert_eq!(number("1.5e3", Unit::Plain), Ok(Some(1500.0)));
    }

    #[test]
    fn percent_signs_and_units_are_understood() {
        assert_eq!(number("5%", Unit::Plain), Ok(Some(0.05)));
        assert_eq!(number("5％", Unit::Plain), Ok(Some(0.05)));
        assert_eq!(number("1200万元", Unit::TenThousandYuan), Ok(Some(1200.0)));
        assert_eq!(number("3.5亿元", Unit::TenThousandYuan), Ok(Some(35000.0)));
        assert_eq!(number("200亩", Unit::Mu), Ok(Some(200.0)));
        assert_eq!(number("10公顷", Unit::Mu), Ok(Some(150.0)));
        assert_eq!(number("12件", Unit::Count), Ok(Some(12.0)));
        assert_eq!(number("300 万美元", Unit::TenThousandUsd), Ok(Some(300.0)));
    }

    #[test]
    fn units_of_the_wrong_kind_and_words_are_not_numbers() {
        assert_eq!(number("200亩", Unit::TenThousandYuan), Err(CellProblem::NotANumber("200亩".into())));
        assert_eq!(number("约100", Unit::Plain), Err(CellProblem::NotANumber("约100".into())));
        assert_eq!(number("abc", Unit::Plain), Err(CellProblem::NotANumber("abc".into())));
        assert_eq!(number(".", Unit::Plain), Err(CellProblem::NotANumber(".".into())));
    }

    #[test]
    fn blank_words_and_empty_cells_are_missing_without_complaint() {
        assert_eq!(number("-", Unit::Plain), Ok(None));
        assert_eq!(number("无", Unit::Plain), Ok(None));
        assert_eq!(number("  ", Unit::Plain), Ok(None));
        assert_eq!(parse_number(&Cell::Empty, Unit::Plain, &blanks()), Ok(None));
        assert_eq!(parse_number(&Cell::Number(7.0), Unit::Plain, &blanks()), Ok(Some(7.0)));
        assert_eq!(
            parse_number(&Cell::Error("#DIV/0!".into()), Unit::Plain, &blanks()),
            Err(CellProblem::ErrorValue("#DIV/0!".into()))
        );
    }

    fn date(cell: Cell) -> Option<String> {
        parse_date(&cell, &blanks()).ok().flatten().map(|d| d.to_string())
    }

    #[test]
    fn dates_are_read_in_every_form_offices_use() {
        let want = Some("2022-03-15".to_string());
        assert_eq!(date(Cell::Text("2022-03-15".into())), want);
        assert_eq!(date(Cell::Text("2022/3/15".into())), want);
        assert_eq!(date(Cell::Text("2022.3.15".into())), want);
        assert_eq!(date(Cell::Text("2022年3月15日".into())), want);
        assert_eq!(date(Cell::Text("２０２２年３月１５日".into())), want);
        assert_eq!(date(Cell::Text("2022-03-15 08:30:00".into())), want);
        assert_eq!(date(Cell::Text("20220315".into())), want);
        assert_eq!(date(Cell::Number(20220315.0)), want);
        assert_eq!(date(Cell::Number(44635.0)), want);
        assert_eq!(date(Cell::Text("44635".into())), want);
        assert_eq!(date(Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 15).unwrap())), want);
        assert_eq!(date(Cell::Text("2022年3月".into())), Some("2022-03-01".into()));
    }

    #[test]
    fn impossible_dates_are_reported_not_guessed() {
        assert!(parse_date(&Cell::Text("2022-02-30".into()), &blanks()).is_err());
        assert!(parse_date(&Cell::Text("下个月".into()), &blanks()).is_err());
        assert!(parse_date(&Cell::Text("15/03/2022".into()), &blanks()).is_err());
        assert_eq!(parse_date(&Cell::Text("-".into()), &blanks()), Ok(None));
    }

    #[test]
    fn implausible_dates_are_reported_not_scored() {
        // Serials that Excel reads as days of 1900, negative or not a number.
        for serial in [5.0, -3.0, f64::NAN, 1e12] {
            assert!(parse_date(&Cell::Number(serial), &blanks()).is_err(), "{serial}");
            assert!(parse_period(&Cell::Number(serial), &blanks()).is_err(), "{serial}");
        }
        let ancient = NaiveDate::from_ymd_opt(1900, 1, 5).unwrap();
        assert!(parse_date(&Cell::Date(ancient), &blanks()).is_err());
        assert!(parse_period(&Cell::Text("1899-12".into()), &blanks()).is_err());
        assert!(parse_date(&Cell::Text("2022-03-15".into()), &blanks()).is_ok());
    }

    #[test]
    fn excel_serials_honour_the_1900_leap_bug() {
        assert_eq!(excel_serial_to_date(1.0).unwrap().to_string(), "1900-01-01");
        assert_eq!(excel_serial_to_date(59.0).unwrap().to_string(), "1900-02-28");
        assert_eq!(excel_serial_to_date(61.0).unwrap().to_string(), "1900-03-01");
        assert_eq!(excel_serial_to_date(44562.0).unwrap().to_string(), "2022-01-01");
    }

    fn period(cell: Cell) -> Option<String> {
        parse_period(&cell, &blanks()).ok().flatten().map(format_month)
    }

    #[test]
    fn ledger_periods_map_to_their_month() {
        assert_eq!(period(Cell::Text("2022-03".into())), Some("2022-03".into()));
        assert_eq!(period(Cell::Text("2022年3月".into())), Some("2022-03".into()));
        assert_eq!(period(Cell::Text("202203".into())), Some("2022-03".into()));
        assert_eq!(period(Cell::Number(202203.0)), Some("2022-03".into()));
        assert_eq!(period(Cell::Text("2022/3/15".into())), Some("2022-03".into()));
        assert_eq!(period(Cell::Number(44635.0)), Some("2022-03".into()));
        assert_eq!(period(Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 1).unwrap())), Some("2022-03".into()));
    }

    #[test]
    fn quarter_rows_count_in_the_quarters_last_month() {
        assert_eq!(period(Cell::Text("2022Q1".into())), Some("2022-03".into()));
        assert_eq!(period(Cell::Text("2022-q2".into())), Some("2022-06".into()));
        assert_eq!(period(Cell::Text("2022年第三季度".into())), Some("2022-09".into()));
        assert_eq!(period(Cell::Text("2022年四季度".into())), Some("2022-12".into()));
        assert!(parse_period(&Cell::Text("2022Q5".into()), &blanks()).is_err());
        assert!(parse_period(&Cell::Text("2022-13".into()), &blanks()).is_err());
        assert!(parse_period(&Cell::Text("上月".into()), &blanks()).is_err());
    }

    #[test]
    fn booleans_and_categories_read_in_both_languages() {
        let config = crate::config::Config::builtin_default();
        let b = |t: &str| parse_boolean(&Cell::Text(t.into()), &config.booleans);
        assert_eq!(b("是"), Ok(Some(true)));
        assert_eq!(b("YES"), Ok(Some(true)));
        assert_eq!(b("否"), Ok(Some(false)));
        assert_eq!(b(""), Ok(None));
        assert_eq!(b("也许"), Err(CellProblem::Unrecognised("也许".into())));
        assert_eq!(parse_boolean(&Cell::Number(1.0), &config.booleans), Ok(Some(true)));
        let tier = |t: &str| parse_category(&Cell::Text(t.into()), &config.investor_tiers);
        assert_eq!(tier("世界500强"), Ok(Some("global500".into())));
        assert_eq!(tier("GLOBAL500"), Ok(Some("global500".into())));
        assert_eq!(tier("fortune global 500"), Ok(Some("global500".into())));
        assert_eq!(tier("外星企业"), Err(CellProblem::Unrecognised("外星企业".into())));
        let link = |t: &str| parse_category(&Cell::Text(t.into()), &config.links);
        assert_eq!(link("补链"), Ok(Some("supplement".into())));
    }

    #[test]
    fn years_and_text() {
        assert_eq!(parse_year(&Cell::Text("2022年".into()), &blanks()), Ok(Some(2022)));
        assert_eq!(parse_year(&Cell::Number(2022.0), &blanks()), Ok(Some(2022)));
        assert!(parse_year(&Cell::Number(22.0), &blanks()).is_err());
        assert_eq!(parse_text(&Cell::Number(1001.0)), Some("1001".into()));
        assert_eq!(parse_text(&Cell::Text(" ＷＨ－００１ ".into())), Some("WH-001".into()));
        assert_eq!(parse_text(&Cell::Text("  ".into())), None);
    }
}
