//! Finding the header row and mapping its cells to canonical columns.
//!
//! Real registers open with a title ("2022年五华区招商引资项目统计表"), a unit line
//! and sometimes a notes row; the header is the row among the first 20 that matches
//! the most column aliases. Headers are compared folded (NFKC, no white space, any
//! case), and again without a trailing bracketed unit, so "用地面积\n（亩）" matches
//! the alias 用地面积.

use super::cells::Cell;
use super::grid::{Grid, GridRow, HEADER_SEARCH_ROWS};
use crate::columns::{ColumnSpec, InputKind};
use crate::config::Config;
use crate::i18n::{Msg, Name, Say};
use crate::text::{column_letter, display_header, fold, nearest, without_trailing_unit};

/// Where a header cell's column goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq)]
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
            InputKind::Operations => &config.columns.operations,
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

/// One column of a candidate header: the texts its name may be, in order of
/// preference, each with how messages show it. The first names the column when
/// no alias matches any.
struct HeaderCell {
    index: u32,
    candidates: Vec<(String, String)>,
}

/// The header cells of one row.
fn single_row(cells: &[(u32, Cell)]) -> Vec<HeaderCell> {
    cells
        .iter()
        .filter_map(|(index, cell)| {
            let Cell::Text(text) = cell else { return None };
            let display = display_header(text);
            (!display.is_empty()).then(|| HeaderCell { index: *index, candidates: vec![(text.clone(), display)] })
        })
        .collect()
}

/// The header cells of a two-level header: a group label in the upper row
/// (merged over its sub-columns, so filled into each) above the sub-labels,
/// and labels merged down both rows (filled into the lower one too). A column
/// is named by its own label, or the group label joined to it when that is
/// what an alias matches (spec 2.4). Both rows are sorted by column, so this is
/// one merge pass.
fn two_rows(upper: &[(u32, Cell)], lower: &[(u32, Cell)]) -> Vec<HeaderCell> {
    let text = |cell: &Cell| match cell {
        Cell::Text(t) if !display_header(t).is_empty() => Some(t.clone()),
        _ => None,
    };
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < upper.len() || j < lower.len() {
        let (index, up, low) = match (upper.get(i), lower.get(j)) {
            (Some(u), Some(l)) if u.0 == l.0 => {
                (i, j) = (i + 1, j + 1);
                (u.0, text(&u.1), text(&l.1))
            }
            (Some(u), Some(l)) if u.0 < l.0 => {
                i += 1;
                (u.0, text(&u.1), None)
            }
            (Some(u), None) => {
                i += 1;
                (u.0, text(&u.1), None)
            }
            (_, Some(l)) => {
                j += 1;
                (l.0, None, text(&l.1))
            }
            (None, None) => break,
        };
        let cell = match (up, low) {
            (Some(up), Some(low)) if fold(&up) != fold(&low) => HeaderCell {
                index,
                candidates: vec![
                    (low.clone(), display_header(&low)),
                    (format!("{up}{low}"), format!("{} {}", display_header(&up), display_header(&low))),
                ],
            },
            (Some(one), _) | (None, Some(one)) => {
                let display = display_header(&one);
                HeaderCell { index, candidates: vec![(one, display)] }
            }
            (None, None) => continue,
        };
        out.push(cell);
    }
    out
}

/// Maps header cells to columns: the first candidate an alias matches names the
/// column; a cell no alias matches is kept as an extra column under its own text.
/// Linear in the number of cells (a title merged across a whole row fills
/// 16,384 of them).
fn map_cells(cells: Vec<HeaderCell>, matcher: &HeaderMatcher) -> HeaderRow {
    let mut columns: Vec<MappedColumn> = Vec::new();
    let mut duplicates = Vec::new();
    let mut taken: std::collections::HashSet<Target> = std::collections::HashSet::new();
    for cell in cells {
        let found = cell.candidates.iter().find_map(|(text, display)| Some((matcher.lookup(text)?, display)));
        let (target, header) = match found {
            Some((target, display)) => (Some(target.clone()), display.clone()),
            None => (None, cell.candidates[0].1.clone()),
        };
        match target {
            Some(target) if taken.contains(&target) => {
                duplicates.push(MappedColumn { index: cell.index, header, target });
            }
            Some(target) => {
                taken.insert(target.clone());
                columns.push(MappedColumn { index: cell.index, header, target });
            }
            None => {
                let name: String = cell.candidates[0].0.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                let name = crate::read::cells::normalise_text(&name);
                columns.push(MappedColumn { index: cell.index, header, target: Target::Extra(name) });
            }
        }
    }
    // Unmatched headers with the same text: the later ones get a suffix (_2, _3…),
    // one counter per text, so a row of identical cells stays linear.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for column in &mut columns {
        if let Target::Extra(name) = &mut column.target {
            let mut candidate = name.clone();
            if seen.contains(&candidate) {
                let n = next.entry(name.clone()).or_insert(2);
                loop {
                    candidate = format!("{name}_{n}");
                    *n += 1;
                    if !seen.contains(&candidate) {
                        break;
                    }
                }
            }
            *name = candidate.clone();
            seen.insert(candidate);
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
    /// The miss as a message: the required columns by their display names, and
    /// the headers that nearly matched one.
    pub(crate) fn describe(&self, kind: InputKind) -> Msg {
        let rows = HEADER_SEARCH_ROWS;
        if self.best_row == 0 {
            return Msg::NoHeaderRow { rows, kind: kind.noun() };
        }
        let missing: Vec<Name> = self.missing.iter().map(|m| Name::column(*m)).collect();
        if self.near_misses.is_empty() {
            return Msg::HeaderLacks { rows, row: self.best_row, missing };
        }
        let near = self
            .near_misses
            .iter()
            .map(|(header, alias)| Say::NearHeader { header: header.clone(), alias: alias.clone() })
            .collect();
        Msg::HeaderLacksNear { rows, row: self.best_row, missing, near }
    }
}

/// Finds the header: among the first 20 rows, the row — or the pair of rows of a
/// two-level header — mapping the most canonical columns; it must hold every
/// required column. A pair wins over its upper row alone when it maps more
/// columns, or as many while its lower row holds nothing but header text (labels
/// merged down two rows), which would otherwise be read as a phantom data row.
pub(crate) fn locate(
    grid: &Grid,
    matcher: &HeaderMatcher,
    kind: InputKind,
    required: &[&'static str],
) -> Result<HeaderRow, HeaderMiss> {
    let specs = kind.columns();
    let canonical_count =
        |row: &HeaderRow| row.columns.iter().filter(|c| matches!(c.target, Target::Canonical(_))).count();
    let window: Vec<&GridRow> = grid.rows.iter().take_while(|r| r.number <= HEADER_SEARCH_ROWS).collect();
    let singles: Vec<(usize, HeaderRow)> = window
        .iter()
        .map(|row| {
            let mut single = map_cells(single_row(&row.cells), matcher);
            single.number = row.number;
            (canonical_count(&single), single)
        })
        .collect();
    let mut best: Option<(usize, HeaderRow)> = None;
    for (k, row) in window.iter().enumerate() {
        let mut candidate = singles[k].clone();
        if let Some(below) = window.get(k + 1).filter(|b| b.number == row.number + 1) {
            let mut pair = map_cells(two_rows(&row.cells, &below.cells), matcher);
            pair.number = below.number;
            let count = canonical_count(&pair);
            // A pair must add what neither row maps alone (a title above the
            // header would otherwise pair with it), or be a header whose lower
            // row only repeats it.
            let alone = candidate.0.max(singles[k + 1].0);
            if count > alone || (count == candidate.0 && count > 0 && is_header_text(below, matcher, row)) {
                candidate = (count, pair);
            }
        }
        if candidate.0 > 0 && best.as_ref().is_none_or(|(n, _)| candidate.0 > *n) {
            best = Some(candidate);
        }
    }
    let Some((count, mut header)) = best else {
        return Err(HeaderMiss { best_row: 0, missing: required.to_vec(), near_misses: Vec::new() });
    };
    // A header row repeated below the one chosen (labels merged down two rows
    // under a title) is header too, not a first data row.
    let last = window.iter().position(|r| r.number == header.number);
    if let Some((k, below)) = last.and_then(|k| window.get(k + 1).map(|b| (k, b)))
        && below.number == header.number + 1
        && is_header_text(below, matcher, window[k])
    {
        let mut pair = map_cells(two_rows(&window[k].cells, &below.cells), matcher);
        pair.number = below.number;
        if canonical_count(&pair) >= count {
            header = pair;
        }
    }
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
    Err(HeaderMiss { best_row: header.number, missing, near_misses })
}

/// True when every non-empty cell of `row` repeats the cell above it or is itself
/// a header an alias matches: the continuation of a header, not data.
fn is_header_text(row: &GridRow, matcher: &HeaderMatcher, above: &GridRow) -> bool {
    !row.is_blank()
        && row.cells.iter().filter(|(_, c)| !c.is_blank()).all(|(index, cell)| match cell {
            Cell::Text(text) => {
                above.get(*index).is_some_and(|a| fold(&a.as_text()) == fold(text)) || matcher.lookup(text).is_some()
            }
            _ => false,
        })
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
        let text = miss.describe(InputKind::Projects).render(crate::i18n::Cx::plain(crate::i18n::Language::Zh));
        assert!(text.contains("缺少：项目编号") && text.contains("表头“项目号”是否应为“项目编号”？"), "{text}");
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

    #[test]
    fn a_two_level_header_names_columns_by_label_or_group_and_label() {
        let (_, m) = matcher();
        // Row 1: 项目编号 … merged down rows 1–2 (so repeated below), and the
        // group label 达产后 merged over its two sub-columns (so repeated across).
        let grid = Grid::from_text_rows(
            Some("s"),
            &[
                vec![
                    "项目编号",
                    "项目名称",
                    "所属县区",
                    "所属产业链",
                    "签约时间",
                    "计划总投资",
                    "达产后",
                    "达产后",
                    "备注",
                ],
                vec![
                    "项目编号",
                    "项目名称",
                    "所属县区",
                    "所属产业链",
                    "签约时间",
                    "计划总投资",
                    "年产值",
                    "年税收",
                    "备注",
                ],
                vec!["WH-001", "某项目", "五华区", "新材料", "2022-03-15", "1000", "500", "20", ""],
            ],
        );
        let header = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        assert_eq!(header.number, 2, "data starts below both header rows");
        let specs = InputKind::Projects.columns();
        assert_eq!(header.columns[6].label(), "G 年产值");
        assert!(header.canonical(specs, "annual_output").is_some_and(|c| c.index == 6));
        assert!(header.canonical(specs, "annual_tax").is_some_and(|c| c.index == 7));
        assert!(header.canonical(specs, "project_id").is_some_and(|c| c.index == 0));
        assert!(header.duplicates.is_empty(), "{:?}", header.duplicates);
    }

    #[test]
    fn a_header_merged_down_two_rows_is_not_a_data_row() {
        let (_, m) = matcher();
        let names = ["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"];
        let grid = Grid::from_text_rows(
            Some("s"),
            &[
                vec!["标题"],
                names.to_vec(),
                names.to_vec(),
                vec!["WH-001", "某项目", "五华区", "新材料", "2022-03-15", "1000"],
            ],
        );
        let header = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        assert_eq!(header.number, 3);
    }

    #[test]
    fn a_row_of_thousands_of_identical_cells_is_mapped_in_linear_time() {
        let (_, m) = matcher();
        // A title merged across A1:XFD1 fills 16,384 cells with the same text.
        let title = vec!["2022年五华区招商引资项目统计表"; 16_384];
        let grid = Grid::from_text_rows(
            Some("s"),
            &[title, vec!["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"]],
        );
        // The cubic path this replaced took hours here; the linear one, a blink.
        let header = locate(&grid, &m, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        assert_eq!(header.number, 2);
        // The title does not pair with the header: no column named after it.
        assert_eq!(header.columns.len(), 6);
    }
}
