//! Finding the header row and mapping its cells to canonical columns.
//!
//! Real registers open with a title ("2022年五华区招商引资项目统计表"), a unit line
//! and sometimes a notes row; the header is the row among the first 20 that matches
//! the most column aliases. Headers are compared folded (NFKC, no white space, any
//! case), and again without a trailing bracketed unit, so "用地面积\n（亩）" matches
//! the alias 用地面积.

use super::cells::Cell;
use super::grid::{Grid, HEADER_SEARCH_ROWS};
use crate::columns::{ColumnSpec, InputKind};
use crate::config::Config;
use crate::text::{column_letter, display_header, fold, nearest, without_trailing_unit};

/// Where a header cell's column goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A canonical column of the kind's schema (index into it).
    Canonical(usize),
    /// A column named in `[columns.<kind>]` that is not canonical, or an unmatched
    /// header kept under its own (folded-width, white-space-free) text.
    Extra(String),
}

/// One mapped column of the header row.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedColumn {
    /// 0-based sheet column.
    pub index: u32,
    /// The header as written, white space collapsed.
    pub header: String,
    /// Where it goes.
    pub target: Target,
}

impl MappedColumn {
    /// The column as messages name it: letter and header (`F 总投资（万元）`).
    pub(crate) fn label(&self) -> String {
        format!("{} {}", column_letter(self.index), self.header)
    }
}

/// The header row found in a sheet.
#[derive(Debug, Clone)]
pub struct HeaderRow {
    /// Its 1-based row number.
    pub number: u32,
    /// Its columns in sheet order.
    pub columns: Vec<MappedColumn>,
    /// Header cells matching a canonical column already taken by an earlier cell.
    pub duplicates: Vec<MappedColumn>,
}

impl HeaderRow {
    /// The mapped column of a canonical name.
    pub(crate) fn canonical(&self, specs: &[ColumnSpec], name: &str) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| matches!(c.target, Target::Canonical(i) if specs[i].name == name))
    }
}

/// Folded alias → target, for one input kind.
pub struct HeaderMatcher {
    entries: Vec<(String, Target)>,
    /// The alias lists, for "did you mean" (alias, canonical name).
    pub spellings: Vec<(String, String)>,
}

impl HeaderMatcher {
    /// Builds the matcher of a kind from the config's `[columns.<kind>]`.
    pub(crate) fn new(config: &Config, kind: InputKind) -> Self {
        let specs = kind.columns();
        let aliases = match kind {
            InputKind::Projects => &config.columns.projects,
            InputKind::Capital => &config.columns.capital,
            InputKind::Targets => &config.columns.targets,
        };
        let mut entries = Vec::new();
        let mut spellings = Vec::new();
        for (name, words) in aliases.iter() {
            let target = match specs.iter().position(|s| s.name == name) {
                Some(i) => Target::Canonical(i),
                None => Target::Extra(name.to_string()),
            };
            for word in std::iter::once(name.as_str()).chain(words.iter().map(String::as_str)) {
                let folded = fold(word);
                if let Some(stem) = without_trailing_unit(&folded) {
                    entries.push((stem.to_string(), target.clone()));
                }
                entries.push((folded, target.clone()));
                spellings.push((word.to_string(), name.to_string()));
            }
        }
        // Canonical names always match, even without an alias entry.
        for (i, spec) in specs.iter().enumerate() {
            entries.push((fold(spec.name), Target::Canonical(i)));
        }
        // Exact spellings first, then unit-stripped ones: a lookup takes the first hit.
        entries.sort_by_key(|(_, t)| matches!(t, Target::Extra(_)));
        HeaderMatcher { entries, spellings }
    }

    /// The target of a header cell's text, if any alias matches.
    pub(crate) fn lookup(&self, header: &str) -> Option<&Target> {
        let folded = fold(header);
        if folded.is_empty() {
            return None;
        }
        let find = |key: &str| self.entries.iter().find(|(alias, _)| alias == key).map(|(_, t)| t);
        find(&folded).or_else(|| without_trailing_unit(&folded).and_then(find))
    }
}

/// Maps the cells of one row to columns.
fn map_row(cells: &[(u32, Cell)], matcher: &HeaderMatcher) -> HeaderRow {
    let mut columns: Vec<MappedColumn> = Vec::new();
    let mut duplicates = Vec::new();
    for (index, cell) in cells {
        let Cell::Text(text) = cell else { continue };
        let header = display_header(text);
        if header.is_empty() {
            continue;
        }
        let target = matcher.lookup(text).cloned();
        match target {
            Some(target) if columns.iter().any(|c| c.target == target) => {
                duplicates.push(MappedColumn { index: *index, header, target });
            }
            Some(target) => columns.push(MappedColumn { index: *index, header, target }),
            None => {
                let name: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                let name = crate::read::cells::normalise_text(&name);
                columns.push(MappedColumn { index: *index, header, target: Target::Extra(name) });
            }
        }
    }
    // Two unmatched headers with the same text: the later one gets a suffix.
    let mut seen: Vec<String> = Vec::new();
    for column in &mut columns {
        if let Target::Extra(name) = &mut column.target {
            let mut candidate = name.clone();
            let mut n = 2;
            while seen.contains(&candidate) {
                candidate = format!("{name}_{n}");
                n += 1;
            }
            *name = candidate.clone();
            seen.push(candidate);
        }
    }
    HeaderRow { number: 0, columns, duplicates }
}

/// Why no header row was found: what came closest.
#[derive(Debug, Clone)]
pub struct HeaderMiss {
    /// The closest row's number (0 when the sheet has no text in its first rows).
    pub best_row: u32,
    /// Required canonical columns the closest row lacks.
    pub missing: Vec<&'static str>,
    /// Unmatched headers of the closest row with the alias they nearly are.
    pub near_misses: Vec<(String, String)>,
}

impl HeaderMiss {
    /// One sentence describing the miss.
    pub(crate) fn describe(&self, kind: InputKind) -> String {
        if self.best_row == 0 {
            return format!(
                "no header row found in the first {HEADER_SEARCH_ROWS} rows: none of them names a {} column",
                kind.noun()
            );
        }
        let mut text = format!(
            "no header row in the first {HEADER_SEARCH_ROWS} rows has every required column; row {} comes closest but lacks {}",
            self.best_row,
            self.missing.join(", ")
        );
        if !self.near_misses.is_empty() {
            let hints: Vec<String> =
                self.near_misses.iter().map(|(h, a)| format!("\"{h}\" (did you mean \"{a}\"?)")).collect();
            text.push_str(&format!("; unmatched headers there: {}", hints.join(", ")));
        }
        text.push_str(&format!(" (add aliases under [columns.{}] in the config)", kind.key()));
        text
    }
}

/// Finds the header row: among the first 20 rows, the one mapping the most
/// canonical columns; it must hold every required column.
pub(crate) fn locate(
    grid: &Grid,
    matcher: &HeaderMatcher,
    kind: InputKind,
    required: &[&'static str],
) -> Result<HeaderRow, HeaderMiss> {
    let specs = kind.columns();
    let mut best: Option<(usize, HeaderRow, u32)> = None;
    for row in grid.rows.iter().take_while(|r| r.number <= HEADER_SEARCH_ROWS) {
        let mut mapped = map_row(&row.cells, matcher);
        mapped.number = row.number;
        let canonical = mapped.columns.iter().filter(|c| matches!(c.target, Target::Canonical(_))).count();
        if canonical > 0 && best.as_ref().is_none_or(|(n, _, _)| canonical > *n) {
            best = Some((canonical, mapped, row.number));
        }
    }
    let Some((_, header, number)) = best else {
        return Err(HeaderMiss { best_row: 0, missing: required.to_vec(), near_misses: Vec::new() });
    };
    let missing: Vec<&'static str> =
        required.iter().copied().filter(|name| header.canonical(specs, name).is_none()).collect();
    if missing.is_empty() {
        return Ok(header);
    }
    let alias_words: Vec<&str> =
        matcher.spellings.iter().filter(|(_, c)| missing.contains(&c.as_str())).map(|(w, _)| w.as_str()).collect();
    let near_misses = header
        .columns
        .iter()
        .filter(|c| matches!(c.target, Target::Extra(_)))
        .filter_map(|c| nearest(&c.header, alias_words.iter().copied()).map(|a| (c.header.clone(), a.to_string())))
        .collect();
    Err(HeaderMiss { best_row: number, missing, near_misses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> (Config, HeaderMatcher) {
        let config = Config::builtin_default();
        let matcher = HeaderMatcher::new(&config, InputKind::Projects);
        (config, matcher)
    }

    #[test]
    fn headers_match_after_folding_and_without_units() {
        let (_, m) = matcher();
        let specs = InputKind::Projects.columns();
        let name_of = |h: &str| match m.lookup(h) {
            Some(Target::Canonical(i)) => specs[*i].name.to_string(),
            Some(Target::Extra(e)) => format!("extra:{e}"),
            None => "none".into(),
        };
        assert_eq!(name_of("项目编号"), "project_id");
        assert_eq!(name_of(" 项目\n编号 "), "project_id");
        assert_eq!(name_of("用地面积\n（亩）"), "land_area");
        assert_eq!(name_of("计划总投资（万元）"), "total_investment");
        assert_eq!(name_of("计划总投资【万元】"), "total_investment");
        assert_eq!(name_of("TOTAL INVESTMENT"), "total_investment");
        assert_eq!(name_of("total_investment"), "total_investment");
        assert_eq!(name_of("县（市）区"), "district");
        assert_eq!(name_of("随便什么"), "none");
    }

    #[test]
    fn the_header_is_found_below_a_title_and_a_notes_row() {
        let (_, m) = matcher();
        let grid = Grid::from_text_rows(
            Some("s"),
            &[
                vec!["2022年五华区招商引资项目统计表"],
                vec!["单位：万元、亩"],
                vec![
                    "序号",
                    "项目编号",
                    "项目名称",
                    "所属县区",
                    "所属产业链",
                    "签约时间",
                    "计划总投资（万元）",
                    "研发人员",
                ],
                vec!["1", "WH-001", "某项目", "五华区", "新材料", "2022-03-15", "1000", "12"],
            ],
        );
        let header = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        assert_eq!(header.number, 3);
        assert_eq!(header.columns.len(), 8);
        assert_eq!(header.columns[0].target, Target::Extra("序号".into()));
        assert_eq!(header.columns[7].target, Target::Extra("研发人员".into()));
        assert_eq!(header.columns[6].label(), "G 计划总投资（万元）");
    }

    #[test]
    fn a_missing_required_column_is_named_with_the_nearest_alias() {
        let (_, m) = matcher();
        let grid = Grid::from_text_rows(
            Some("s"),
            &[vec!["项目号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"]],
        );
        let miss = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap_err();
        assert_eq!(miss.best_row, 1);
        assert_eq!(miss.missing, vec!["project_id"]);
        let text = miss.describe(InputKind::Projects);
        assert!(
            text.contains("lacks project_id") && text.contains("\"项目号\" (did you mean \"项目编号\"?)"),
            "{text}"
        );
    }

    #[test]
    fn a_second_header_for_the_same_column_is_kept_apart() {
        let (_, m) = matcher();
        let grid = Grid::from_text_rows(
            Some("s"),
            &[vec!["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资", "总投资"]],
        );
        let header = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        assert_eq!(header.duplicates.len(), 1);
        assert_eq!(header.duplicates[0].header, "总投资");
    }
}
