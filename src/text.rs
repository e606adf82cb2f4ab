//! Text folding and fuzzy matching shared by headers, names and vocabularies.
//!
//! Offices type the same word many ways: full-width letters and digits, stray spaces
//! and line breaks inside a header cell, a unit in brackets after it, English in any
//! letter case. Everything that compares a cell with a name from the config goes
//! through [`fold`], so the rules are the same everywhere.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: Unicode NFKC (full-width to half-width), every kind of
/// white space and every invisible character (zero-width spaces and joiners, a
/// BOM, a soft hyphen, bidirectional marks: what a copy from a web page leaves in
/// a district's name) removed, lower case.
pub(crate) fn fold(text: &str) -> String {
    // NFKC leaves ASCII as it is: most ids, periods and numbers skip it (it was
    // the largest cost of reading a big ledger).
    if text.is_ascii() {
        return text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()).collect();
    }
    text.nfkc().filter(|c| !c.is_whitespace() && !is_invisible(*c)).flat_map(char::to_lowercase).collect()
}

/// Text safe to print on a terminal: control characters from a cell (an escape
/// sequence that would recolour or clear the screen, a bell, a carriage return
/// that would overwrite the line, a line break that would make two sentences of
/// one) are shown as `\u{1b}` instead of obeyed. Tables and the error line on
/// stderr both go through it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| if c.is_control() && c != '\t' { c.escape_unicode().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// Characters that take no space and change nothing a reader sees.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// Drops one trailing bracketed part, the unit of a header: `用地面积(亩)` becomes
/// `用地面积`. Works on folded text (NFKC has already turned `（）` into `()`), and
/// also knows `[]`, `【】` and `〔〕`. Returns `None` when there is nothing to drop.
pub(crate) fn without_trailing_unit(folded: &str) -> Option<&str> {
    const PAIRS: [(char, char); 4] = [('(', ')'), ('[', ']'), ('【', '】'), ('〔', '〕')];
    let last = folded.chars().last()?;
    let (open, _) = PAIRS.iter().find(|(_, close)| *close == last)?;
    let start = folded.rfind(*open)?;
    let stem = &folded[..start];
    if stem.is_empty() { None } else { Some(stem) }
}

/// Text of a header cell as it should be shown in a message: a line break between
/// CJK characters disappears ("用地面积\n（亩）" reads "用地面积（亩）"), any other run of
/// white space becomes one space.
pub(crate) fn display_header(raw: &str) -> String {
    let parts: Vec<&str> = raw.split_whitespace().collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let before = parts[i - 1].chars().last().is_some_and(|c| !c.is_ascii());
            let after = part.chars().next().is_some_and(|c| !c.is_ascii());
            if !(before || after) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out
}

/// The candidate closest to `wanted`, when it is close enough to be worth suggesting.
///
/// Compares folded text by normalised Damerau-Levenshtein similarity; a candidate that
/// contains `wanted` or is contained in it also counts as close (`五华` and `五华区`).
pub(crate) fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest_n(wanted, candidates, 1).into_iter().next()
}

/// Up to `n` candidates closest to `wanted`, best first, ties broken alphabetically.
pub(crate) fn nearest_n<'a, I>(wanted: &str, candidates: I, n: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_folded = fold(wanted);
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let folded = fold(candidate);
            let mut similarity = strsim::normalized_damerau_levenshtein(&wanted_folded, &folded);
            if !wanted_folded.is_empty()
                && !folded.is_empty()
                && (folded.contains(&wanted_folded) || wanted_folded.contains(&folded))
            {
                similarity = similarity.max(0.75);
            }
            (similarity >= 0.4).then_some((similarity, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, candidate)| candidate).collect()
}

/// The spreadsheet letter of a 0-based column index: 0 is `A`, 26 is `AA`.
pub(crate) fn column_letter(index: u32) -> String {
    let mut n = index as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Formats a number for messages: up to 6 significant decimals, no trailing zeros.
pub(crate) fn format_value(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// Terminal display width of text (CJK characters take two columns).
pub(crate) fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_width_space_and_case() {
        assert_eq!(fold("用地面积\n（亩）"), "用地面积(亩)");
        assert_eq!(fold(" Project  ID "), "projectid");
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
    }

    #[test]
    fn headers_display_without_stray_breaks() {
        assert_eq!(display_header("用地面积\n（亩）"), "用地面积（亩）");
        assert_eq!(display_header("Total\n investment"), "Total investment");
        assert_eq!(display_header("  计划 总投资 "), "计划总投资");
    }

    #[test]
    fn trailing_units_are_dropped_once() {
        assert_eq!(without_trailing_unit("总投资(万元)"), Some("总投资"));
        assert_eq!(without_trailing_unit("用地面积【亩】"), Some("用地面积"));
        assert_eq!(without_trailing_unit("总投资"), None);
        assert_eq!(without_trailing_unit("(万元)"), None);
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        let names = ["wuhua", "panlong", "guandu", "五华区"];
        assert_eq!(nearest("wuhau", names), Some("wuhua"));
        assert_eq!(nearest("五华", names), Some("五华区"));
        assert_eq!(nearest("zzzzzzzz", names), None);
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(printable("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(printable("五华区"), "五华区");
    }

    #[test]
    fn invisible_characters_do_not_change_a_name() {
        assert_eq!(fold("五\u{200B}华区\u{FEFF}"), fold("五华区"));
        assert_eq!(fold("\u{2066}Wuhua\u{2069}"), "wuhua");
    }

    #[test]
    fn values_format_without_trailing_zeros() {
        assert_eq!(format_value(12.5), "12.5");
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(1.0 / 3.0), "0.333333");
        assert_eq!(format_value(-0.0000001), "0");
    }
}
