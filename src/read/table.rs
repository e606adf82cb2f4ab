//! From a grid and its header row to a typed polars frame.
//!
//! Every row below the header up to the last non-empty row is accounted for: it is
//! a data row (one frame row, `_row` holding its sheet row number), or a blank,
//! totals or notes row (a [`RowNote`], skipped and reported). Every cell that cannot
//! be read as its column's type becomes a [`CellNote`] and a null in the frame;
//! validation decides what the note means for the row.

use polars::prelude::*;

use super::cells::{self, Cell, CellProblem};
use super::grid::{Grid, GridRow};
use super::header::{HeaderRow, MappedColumn, Target};
use crate::columns::{ColumnType, InputKind, Unit, Vocabulary};
use crate::config::Config;
use crate::period::MonthIndex;
use crate::text::fold;

/// Why a row below the header is not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowNoteKind {
    /// Nothing in it.
    Blank,
    /// A totals row (合计, 总计, 小计).
    Totals,
    /// A note under the table (注：…).
    Notes,
    /// The header row again (a register printed page by page repeats it).
    Header,
    /// Values only in columns that are not the kind's (a 序号 column drag-filled
    /// far below the table): nothing of a project, so no row of the table.
    Filler,
}

/// A run of rows skipped while reading.
#[derive(Debug, Clone, PartialEq)]
pub struct RowNote {
    /// First row number of the run.
    pub first_row: u32,
    /// Last row number of the run (equal to `first_row` for one row).
    pub last_row: u32,
    /// What they are.
    pub kind: RowNoteKind,
    /// The text that marked them (totals or notes).
    pub text: Option<String>,
}

impl RowNote {
    /// How many rows the note covers.
    pub(crate) fn count(&self) -> u32 {
        self.last_row - self.first_row + 1
    }
}

/// A cell that could not be read as its column's type.
#[derive(Debug, Clone, PartialEq)]
pub struct CellNote {
    /// Sheet row number.
    pub row: u32,
    /// Frame column name.
    pub column: String,
    /// What was wrong.
    pub problem: CellProblem,
}

/// The typed content of one sheet.
#[derive(Debug, Clone)]
pub struct Table {
    /// `_row` (u32) and one column per canonical and extra column.
    pub frame: DataFrame,
    /// Cells that could not be read.
    pub cells: Vec<CellNote>,
    /// Rows skipped as blank, totals or notes.
    pub rows: Vec<RowNote>,
    /// Rows below the header up to the last non-empty one.
    pub rows_read: u32,
    /// (frame column, label as messages show it).
    pub labels: Vec<(String, String)>,
}

pub(super) enum Builder {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
    Date(Vec<Option<i32>>),
    Month(Vec<Option<MonthIndex>>),
    Year(Vec<Option<i32>>),
    Bool(Vec<Option<bool>>),
}

impl Builder {
    pub(super) fn new(kind: ColumnType, capacity: usize) -> Builder {
        match kind {
            ColumnType::Text | ColumnType::Category(_) => Builder::Text(Vec::with_capacity(capacity)),
            ColumnType::Number(_) => Builder::Number(Vec::with_capacity(capacity)),
            ColumnType::Date => Builder::Date(Vec::with_capacity(capacity)),
            ColumnType::Period => Builder::Month(Vec::with_capacity(capacity)),
            ColumnType::Year => Builder::Year(Vec::with_capacity(capacity)),
            ColumnType::Boolean => Builder::Bool(Vec::with_capacity(capacity)),
        }
    }

    fn push_null(&mut self) {
        match self {
            Builder::Text(v) => v.push(None),
            Builder::Number(v) => v.push(None),
            Builder::Date(v) | Builder::Month(v) | Builder::Year(v) => v.push(None),
            Builder::Bool(v) => v.push(None),
        }
    }

    pub(super) fn finish(self, name: &str) -> PolarsResult<Column> {
        let name = PlSmallStr::from(name);
        Ok(match self {
            Builder::Text(v) => Column::new(name, v),
            Builder::Number(v) => Column::new(name, v),
            Builder::Date(v) => Column::new(name, v).cast(&DataType::Date)?,
            Builder::Month(v) | Builder::Year(v) => Column::new(name, v),
            Builder::Bool(v) => Column::new(name, v),
        })
    }
}

const EPOCH_DAYS_CE: i32 = 719_163;

/// Reads one cell into its builder, returning the problem when it cannot be read.
pub(super) fn read_cell(
    builder: &mut Builder,
    kind: ColumnType,
    cell: Option<&Cell>,
    config: &Config,
) -> Option<CellProblem> {
    use chrono::Datelike;
    let empty = Cell::Empty;
    let cell = cell.unwrap_or(&empty);
    let blank = &config.blank_words;
    let result: Result<(), CellProblem> = match (builder, kind) {
        (Builder::Text(v), ColumnType::Text) => {
            v.push(cells::parse_text(cell));
            Ok(())
        }
        (Builder::Text(v), ColumnType::Category(vocabulary)) => {
            let words = match vocabulary {
                Vocabulary::Link => &config.links,
                Vocabulary::InvestorTier => &config.investor_tiers,
                Vocabulary::Status => &config.statuses,
            };
            let blank_word = matches!(cell, Cell::Text(t) if config.blank_words.contains(&fold(t)));
            match if blank_word { Ok(None) } else { cells::parse_category(cell, words) } {
                Ok(value) => {
                    v.push(value);
                    Ok(())
                }
                Err(problem) => {
                    v.push(None);
                    Err(problem)
                }
            }
        }
        (Builder::Number(v), ColumnType::Number(unit)) => push_result(v, cells::parse_number(cell, unit, blank)),
        (Builder::Date(v), ColumnType::Date) => {
            push_result(v, cells::parse_date(cell, blank).map(|d| d.map(|d| d.num_days_from_ce() - EPOCH_DAYS_CE)))
        }
        (Builder::Month(v), ColumnType::Period) => push_result(v, cells::parse_period(cell, blank)),
        (Builder::Year(v), ColumnType::Year) => push_result(v, cells::parse_year(cell, blank)),
        (Builder::Bool(v), ColumnType::Boolean) => push_result(v, cells::parse_boolean(cell, &config.booleans)),
        _ => unreachable!("builder made for its column type"),
    };
    result.err()
}

fn push_result<T>(v: &mut Vec<Option<T>>, result: Result<Option<T>, CellProblem>) -> Result<(), CellProblem> {
    match result {
        Ok(value) => {
            v.push(value);
            Ok(())
        }
        Err(problem) => {
            v.push(None);
            Err(problem)
        }
    }
}

/// The folded text of a cell when it is text.
fn folded_text(row: &GridRow, column: Option<&MappedColumn>) -> Option<String> {
    let cell = row.get(column?.index)?;
    let text = fold(&cell.as_text());
    (!text.is_empty()).then_some(text)
}

/// A cell as a hash key: cells equal as keys parse the same.
#[derive(PartialEq, Eq, Hash)]
enum CellKey {
    Text(String),
    Number(u64),
    Date(chrono::NaiveDate),
    Bool(bool),
    Error(String),
}

impl CellKey {
    fn of(cell: &Cell) -> Option<CellKey> {
        Some(match cell {
            Cell::Empty => return None,
            Cell::Text(t) => CellKey::Text(t.clone()),
            Cell::Number(n) => CellKey::Number(n.to_bits()),
            Cell::Date(d) => CellKey::Date(*d),
            Cell::Bool(b) => CellKey::Bool(*b),
            Cell::Error(e) => CellKey::Error(e.clone()),
        })
    }
}

/// A column of cells typed as `kind`, each distinct cell parsed once (a ledger's
/// 600,000 rows hold a dozen periods and one id per project): the typed column,
/// and each failing cell as (row index, problem).
fn typed_cells<'c>(
    cells: impl Iterator<Item = Option<&'c Cell>>,
    kind: ColumnType,
    name: &str,
    config: &Config,
) -> PolarsResult<(Column, Vec<(usize, CellProblem)>)> {
    let mut seen: PlHashMap<CellKey, u32> = PlHashMap::new();
    let mut distinct: Vec<&Cell> = Vec::new();
    let mut indexes: Vec<Option<IdxSize>> = Vec::new();
    for cell in cells {
        let index = cell.and_then(|c| CellKey::of(c).map(|k| (c, k))).map(|(cell, key)| {
            *seen.entry(key).or_insert_with(|| {
                distinct.push(cell);
                distinct.len() as u32 - 1
            })
        });
        indexes.push(index.map(|i| i as IdxSize));
    }
    let mut builder = Builder::new(kind, distinct.len() + 1);
    let problems: Vec<Option<CellProblem>> =
        distinct.iter().map(|cell| read_cell(&mut builder, kind, Some(cell), config)).collect();
    let values = builder.finish(name)?;
    let failing =
        indexes.iter().enumerate().filter_map(|(row, i)| problems[(*i)? as usize].clone().map(|p| (row, p))).collect();
    let indexes: IdxCa = indexes.into_iter().collect();
    Ok((values.take(&indexes)?, failing))
}

/// Classifies a non-blank row: totals, notes, or data (`None`).
pub(super) fn classify(
    row: &GridRow,
    id: Option<&MappedColumn>,
    name: Option<&MappedColumn>,
    config: &Config,
) -> Option<(RowNoteKind, String)> {
    let id_text = folded_text(row, id);
    let starts_with_any = |text: &str, words: &[String]| words.iter().any(|w| text.starts_with(w.as_str()));
    // A totals row has no real id: the id cell is empty or itself says 合计.
    let id_is_total = id_text.as_deref().is_some_and(|t| starts_with_any(t, &config.totals_words));
    if id_text.is_none() || id_is_total {
        for text in [id_text.clone(), folded_text(row, name)].into_iter().flatten() {
            if starts_with_any(&text, &config.totals_words) {
                let shown = row
                    .cells
                    .iter()
                    .map(|(_, c)| c.as_text())
                    .find(|t| starts_with_any(&fold(t), &config.totals_words))
                    .unwrap_or(text);
                return Some((RowNoteKind::Totals, shown));
            }
        }
    }
    let first = row.cells.iter().find(|(_, c)| !c.is_blank())?;
    let first_text = first.1.as_text();
    if matches!(first.1, Cell::Text(_))
        && starts_with_any(&fold(&first_text), &config.notes_words)
        && (id_text.is_none() || id.is_some_and(|c| c.index == first.0))
    {
        return Some((RowNoteKind::Notes, first_text));
    }
    None
}

/// The columns of a table: canonical columns in schema order with the header
/// column each maps to (if any), then the extra columns in sheet order; and the
/// id and name columns that tell totals rows.
#[allow(clippy::type_complexity)]
pub(super) fn plan(
    header: &HeaderRow,
    kind: InputKind,
) -> (
    Vec<(String, ColumnType, Option<&MappedColumn>)>,
    Vec<(String, &MappedColumn)>,
    Option<&MappedColumn>,
    Option<&MappedColumn>,
) {
    let specs = kind.columns();
    let id_column = header.canonical(specs, if kind == InputKind::Targets { "district" } else { "project_id" });
    let name_column = header.canonical(specs, "project_name");
    let plan: Vec<(String, ColumnType, Option<&MappedColumn>)> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            (spec.name.to_string(), spec.kind, header.columns.iter().find(|c| c.target == Target::Canonical(i)))
        })
        .collect();
    let mut extras: Vec<(String, &MappedColumn)> = Vec::new();
    for column in &header.columns {
        if let Target::Extra(name) = &column.target
            && !plan.iter().any(|(n, _, _)| n == name)
        {
            extras.push((name.clone(), column));
        }
    }
    (plan, extras, id_column, name_column)
}

/// The header's columns with their folded text, to recognise the header where
/// it repeats.
pub(super) struct HeaderTexts {
    columns: Vec<(u32, String)>,
    /// The id column's index and folded header: checked first, so a data row
    /// costs one comparison.
    id: Option<(u32, String)>,
}

impl HeaderTexts {
    pub(super) fn new(header: &HeaderRow, id: Option<&MappedColumn>) -> HeaderTexts {
        HeaderTexts {
            columns: header.columns.iter().map(|c| (c.index, fold(&c.header))).collect(),
            id: id.map(|c| (c.index, fold(&c.header))),
        }
    }

    /// True when at least half of the header's columns (and two or more) hold
    /// their own header text in this row: the header repeated mid-sheet.
    pub(super) fn repeats_in(&self, row: &GridRow) -> bool {
        let same_text = |index: u32, folded: &str| row.get(index).is_some_and(|cell| fold(&cell.as_text()) == folded);
        if let Some((index, folded)) = &self.id
            && !same_text(*index, folded)
        {
            return false;
        }
        let same = self.columns.iter().filter(|(index, folded)| same_text(*index, folded)).count();
        same >= 2 && same * 2 >= self.columns.len()
    }
}

/// Decides, row by row in sheet order, which rows below the header are data and
/// notes the others: blank rows (also the rows a file does not hold at all),
/// the header repeated, totals and notes rows. The grid path shows it every row;
/// the columnar path only the rows that can be skipped, telling it of the rest
/// with [`RowSorter::data_row`].
pub(super) struct RowSorter<'a> {
    texts: HeaderTexts,
    /// The sheet columns mapped to the kind's own columns, ascending.
    canonical: Vec<u32>,
    id: Option<&'a MappedColumn>,
    name: Option<&'a MappedColumn>,
    config: &'a Config,
    notes: Vec<RowNote>,
    expected: u32,
}

impl<'a> RowSorter<'a> {
    pub(super) fn new(
        header: &HeaderRow,
        id: Option<&'a MappedColumn>,
        name: Option<&'a MappedColumn>,
        config: &'a Config,
    ) -> RowSorter<'a> {
        let mut canonical: Vec<u32> = header
            .columns
            .iter()
            .filter(|c| matches!(c.target, super::header::Target::Canonical(_)))
            .map(|c| c.index)
            .collect();
        canonical.sort_unstable();
        RowSorter {
            texts: HeaderTexts::new(header, id),
            canonical,
            id,
            name,
            config,
            notes: Vec::new(),
            expected: header.number + 1,
        }
    }

    /// Rows between the last one seen and `number` that the file does not hold.
    fn skip_to(&mut self, number: u32) {
        for missing in self.expected..number {
            push_row_note(&mut self.notes, missing, RowNoteKind::Blank, None);
        }
        self.expected = number + 1;
    }

    /// A row known to be data without looking at it.
    pub(super) fn data_row(&mut self, number: u32) {
        self.skip_to(number);
    }

    /// True when the row is data; otherwise it is noted.
    pub(super) fn is_data(&mut self, row: &GridRow) -> bool {
        self.skip_to(row.number);
        let skipped = if row.is_blank() {
            Some((RowNoteKind::Blank, None))
        } else if self.texts.repeats_in(row) {
            Some((RowNoteKind::Header, None))
        } else {
            classify(row, self.id, self.name, self.config)
                .map(|(kind, text)| (kind, Some(text)))
                .or_else(|| self.is_filler(row).then_some((RowNoteKind::Filler, None)))
        };
        match skipped {
            Some((kind, text)) => {
                push_row_note(&mut self.notes, row.number, kind, text);
                false
            }
            None => true,
        }
    }

    /// A row whose values are all outside the kind's own columns.
    fn is_filler(&self, row: &GridRow) -> bool {
        row.cells.iter().all(|(index, cell)| cell.is_blank() || self.canonical.binary_search(index).is_err())
    }

    /// A row the reader already knows holds values only outside the kind's own
    /// columns (see [`RowSorter::is_filler`]).
    pub(super) fn filler_row(&mut self, number: u32) {
        self.skip_to(number);
        push_row_note(&mut self.notes, number, RowNoteKind::Filler, None);
    }

    /// The notes; blank rows after `last_filled`, the last non-blank row, are
    /// not rows of the table.
    pub(super) fn finish(mut self, last_filled: u32) -> Vec<RowNote> {
        self.notes.retain(|n| n.kind != RowNoteKind::Blank || n.first_row <= last_filled);
        for note in self.notes.iter_mut().filter(|n| n.kind == RowNoteKind::Blank) {
            note.last_row = note.last_row.min(last_filled);
        }
        self.notes
    }
}

/// Adds a skipped row to the notes, joining a blank or filler row to a run of
/// its kind just above it.
pub(super) fn push_row_note(notes: &mut Vec<RowNote>, number: u32, kind: RowNoteKind, text: Option<String>) {
    let runs = matches!(kind, RowNoteKind::Blank | RowNoteKind::Filler);
    match notes.last_mut() {
        Some(last) if runs && last.kind == kind && last.last_row + 1 == number => last.last_row = number,
        _ => notes.push(RowNote { first_row: number, last_row: number, kind, text }),
    }
}

/// Builds the typed table of a sheet. `district_fill` replaces the district column
/// (districts taken from the sheet or file name).
pub(crate) fn build(
    grid: &Grid,
    header: &HeaderRow,
    kind: InputKind,
    config: &Config,
    district_fill: Option<&str>,
) -> PolarsResult<Table> {
    let (mut plan, extras, id_column, name_column) = plan(header, kind);
    let last_row = grid.rows.iter().rev().find(|r| !r.is_blank()).map(|r| r.number).unwrap_or(header.number);
    let rows_read = last_row.saturating_sub(header.number);

    let data_rows = grid.rows.iter().filter(|r| r.number > header.number && r.number <= last_row);
    let mut sorter = RowSorter::new(header, id_column, name_column, config);
    let kept: Vec<&GridRow> = data_rows.filter(|row| sorter.is_data(row)).collect();
    let notes = sorter.finish(last_row);

    let mut cell_notes = Vec::new();
    let mut columns: Vec<Column> = Vec::with_capacity(plan.len() + extras.len() + 1);
    columns.push(Column::new("_row".into(), kept.iter().map(|r| r.number).collect::<Vec<u32>>()));
    for (name, column_type, mapped) in plan.iter_mut() {
        let mut builder = Builder::new(*column_type, kept.len());
        if name == "district"
            && let Some(fill) = district_fill
        {
            if let Builder::Text(v) = &mut builder {
                v.extend(kept.iter().map(|_| Some(fill.to_string())));
            }
            *mapped = None;
        } else if let Some(mapped) = mapped {
            let cells = kept.iter().map(|row| row.get(mapped.index));
            let (column, failing) = typed_cells(cells, *column_type, name, config)?;
            for (i, problem) in failing {
                cell_notes.push(CellNote { row: kept[i].number, column: name.clone(), problem });
            }
            columns.push(column);
            continue;
        } else {
            for _ in &kept {
                builder.push_null();
            }
        }
        columns.push(builder.finish(name)?);
    }
    for (name, mapped) in &extras {
        let all_numbers = kept
            .iter()
            .filter_map(|r| r.get(mapped.index))
            .all(|c| cells::parse_number(c, Unit::Plain, &config.blank_words).is_ok());
        let column_type = if all_numbers { ColumnType::Number(Unit::Plain) } else { ColumnType::Text };
        let mut builder = Builder::new(column_type, kept.len());
        for row in &kept {
            read_cell(&mut builder, column_type, row.get(mapped.index), config);
        }
        columns.push(builder.finish(name)?);
    }
    let frame = DataFrame::new(kept.len(), columns)?;
    let mut labels: Vec<(String, String)> =
        plan.iter().filter_map(|(n, _, m)| m.map(|m| (n.clone(), m.label()))).collect();
    labels.extend(extras.iter().map(|(n, m)| (n.clone(), m.label())));
    Ok(Table { frame, cells: cell_notes, rows: notes, rows_read, labels })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::header::{HeaderMatcher, locate};

    fn table(rows: &[Vec<&str>]) -> Table {
        let config = Config::builtin_default();
        let grid = Grid::from_text_rows(Some("项目"), rows);
        let matcher = HeaderMatcher::new(&config, InputKind::Projects);
        let header = locate(&grid, &matcher, InputKind::Projects, InputKind::Projects.required(true)).unwrap();
        build(&grid, &header, InputKind::Projects, &config, None).unwrap()
    }

    const HEAD: [&str; 8] = [
        "项目编号",
        "项目名称",
        "所属县区",
        "所属产业链",
        "签约时间",
        "计划总投资（万元）",
        "用地面积\n（亩）",
        "备注信息",
    ];

    #[test]
    fn blank_totals_and_notes_rows_are_noted_and_counted() {
        let t = table(&[
            vec!["2022年五华区招商引资项目统计表"],
            HEAD.to_vec(),
            vec!["WH-001", "甲项目", "五华区", "新材料", "2022-03-15", "1,200", "50", "x"],
            vec![],
            vec![],
            vec!["WH-002", "乙项目", "五华区", "新材料", "2022/4/1", "3亿元", "abc", "y"],
            vec!["", "合  计", "", "", "", "31200", "50"],
            vec!["注：本表由区投促局填报"],
        ]);
        assert_eq!(t.rows_read, 6);
        assert_eq!(t.frame.height(), 2);
        let kinds: Vec<(u32, u32, RowNoteKind)> = t.rows.iter().map(|n| (n.first_row, n.last_row, n.kind)).collect();
        assert_eq!(kinds, vec![(4, 5, RowNoteKind::Blank), (7, 7, RowNoteKind::Totals), (8, 8, RowNoteKind::Notes)]);
        let total: Vec<Option<f64>> = t.frame.column("total_investment").unwrap().f64().unwrap().iter().collect();
        assert_eq!(total, vec![Some(1200.0), Some(30000.0)]);
        assert_eq!(
            t.cells,
            vec![CellNote { row: 6, column: "land_area".into(), problem: CellProblem::NotANumber("abc".into()) }]
        );
        let rows: Vec<Option<u32>> = t.frame.column("_row").unwrap().u32().unwrap().iter().collect();
        assert_eq!(rows, vec![Some(3), Some(6)]);
        assert_eq!(t.frame.column("signed_on").unwrap().dtype(), &DataType::Date);
        assert_eq!(t.frame.column("备注信息").unwrap().dtype(), &DataType::String);
        assert_eq!(t.frame.column("jobs").unwrap().null_count(), 2);
    }

    #[test]
    fn a_project_named_total_is_not_a_totals_row() {
        let t = table(&[
            HEAD.to_vec(),
            vec!["P1", "Total Energies 光伏项目", "五华区", "新材料", "2022-03-15", "100", "1", ""],
        ]);
        assert_eq!(t.frame.height(), 1);
        assert!(t.rows.is_empty());
    }
}
