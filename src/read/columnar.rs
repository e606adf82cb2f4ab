//! Reading CSV and parquet column by column, into typed polars columns.
//!
//! The spreadsheet path reads a sheet into a sparse grid of cells and types it
//! row by row; that is right for a workbook an office fills by hand, and wrong
//! for a million-row parquet file, which is already columns (and often typed):
//! turning it into cells cost about 40 bytes and an allocation per value. Here a
//! file's body stays a polars frame — one column per header column, as the file
//! typed it, plus `_row` with the row number a spreadsheet would show — and each
//! mapped column is typed as a whole:
//!
//! - a column already of the wanted type (numbers, dates, booleans) is cast;
//! - otherwise each *distinct* value is read once with the same cell parsers the
//!   spreadsheet path uses, and the results are joined back. A ledger's twelve
//!   million rows hold a few dozen distinct periods and one id per project, so
//!   the work follows the distinct values, not the rows.
//!
//! Only the rows that can be blank, totals or notes rows (their id is empty or
//! starts with one of those words) are looked at one by one, with the same
//! classification as the grid path; only failing cells become notes.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::cells::{Cell, CellProblem};
use super::grid::{Grid, GridRow, HEADER_SEARCH_ROWS};
use super::guard::Format;
use super::header::{self, HeaderMatcher, HeaderRow, MappedColumn};
use super::table::{Builder, CellNote, RowSorter, Table, plan, read_cell};
use crate::columns::{ColumnType, InputKind, Unit};
use crate::config::{Config, DistrictFrom, Limits};
use crate::error::{Error, InputPlace, Result};
use crate::frames::{MISSING_CODE, distinct_codes};
use crate::i18n::Msg;
use crate::text::fold;

// ---- Reading the files ----

/// Reads a CSV or parquet file of a kind: its header (row 1 of a parquet file is
/// its column names; a CSV's is searched for in its first 20 rows like a
/// sheet's) and its typed table.
pub(crate) fn read(
    path: &Path,
    bytes: &[u8],
    format: Format,
    kind: InputKind,
    config: &Config,
    district_fill: Option<&str>,
) -> Result<(HeaderRow, Table)> {
    let matcher = HeaderMatcher::new(config, kind);
    let district_from_column = kind != InputKind::Projects || config.district_from == DistrictFrom::Column;
    let required = kind.required(district_from_column);
    let locate = |head: &Grid| {
        header::locate(head, &matcher, kind, required)
            .map_err(|miss| Error::InputData { place: InputPlace::file(path), message: Box::new(miss.describe(kind)) })
    };
    let (header, body) = match format {
        Format::Parquet => {
            let frame = read_parquet(path, bytes, &config.limits)?;
            let names: Vec<(u32, Cell)> = frame
                .get_column_names()
                .iter()
                .enumerate()
                .map(|(c, n)| (c as u32, Cell::Text(n.to_string())))
                .collect();
            let head = Grid { sheet: None, rows: vec![GridRow { number: 1, cells: names }] };
            let header = locate(&head)?;
            let height = frame.height();
            let rows = UInt32Chunked::from_vec("_row".into(), (2..height as u32 + 2).collect());
            let mut columns = vec![rows.into_column()];
            for (index, column) in frame.columns().iter().enumerate() {
                if header.columns.iter().chain(&header.duplicates).any(|c| c.index == index as u32) {
                    columns.push(column.clone().with_name(body_column(index as u32).into()));
                }
            }
            (header, (DataFrame::new(height, columns)?, Vec::new()))
        }
        _ => {
            let text = csv_text(bytes);
            let csv = CsvText::new(&text);
            csv.check_quotes().map_err(|message| Error::InputData { place: InputPlace::file(path), message })?;
            let header = locate(&csv.head(path)?)?;
            let (body, filler) = csv.body(&header, kind, config, path)?;
            (header, (body, filler))
        }
    };
    let (body, filler) = body;
    let table = build(body, &filler, &header, kind, config, district_fill)?;
    Ok((header, table))
}

/// A file the reader refused; its words are kept as the detail.
fn unreadable(path: &Path, reason: Msg, detail: impl std::fmt::Display) -> Error {
    Error::unreadable(InputPlace::file(path), reason, detail)
}

/// A parquet file as polars reads it, after checking its uncompressed size (from
/// its metadata) against `[limits] max_uncompressed_mb`.
fn read_parquet(path: &Path, bytes: &[u8], limits: &Limits) -> Result<DataFrame> {
    let mut reader = ParquetReader::new(std::io::Cursor::new(bytes));
    let metadata = reader.get_metadata().map_err(|e| unreadable(path, Msg::ParquetUnreadable {}, e))?;
    let inflated: u64 = metadata.row_groups.iter().map(|g| g.total_byte_size() as u64).sum();
    // Run-length and dictionary encodings make the declared size honest and tiny
    // for billions of rows: eight bytes a value is the floor of what they take.
    let columns = metadata.schema().columns().len() as u64;
    let decoded = (metadata.num_rows as u64).saturating_mul(columns).saturating_mul(8);
    let inflated = inflated.max(decoded);
    // Every page header, where polars' own reading of the footer puts them.
    for group in &metadata.row_groups {
        for chunk in group.parquet_columns() {
            super::thrift::check_parquet_pages(bytes, chunk.byte_range(), chunk.num_values(), group.num_rows() as i64)
                .map_err(|reason| {
                    tracing::debug!("{}: {reason}", path.display());
                    Error::Refused { place: InputPlace::file(path), reason: Box::new(Msg::ParquetDamaged {}) }
                })?;
        }
    }
    if inflated > limits.max_uncompressed_mb.saturating_mul(1024 * 1024) {
        return Err(Error::Refused {
            place: InputPlace::file(path),
            reason: Box::new(Msg::ParquetTooBig { size: inflated / (1024 * 1024), limit: limits.max_uncompressed_mb }),
        });
    }
    if let Ok(Ok(frame)) = super::quiet_panics::catch(|| reader.finish()) {
        return Ok(frame);
    }
    // Damaged. Its columns were decoded in parallel, and which fault surfaced
    // first was a race: read it again on this thread, so the message names the
    // first fault in column order whatever the thread count.
    let sequential = || ParquetReader::new(std::io::Cursor::new(bytes)).read_parallel(ParallelStrategy::None).finish();
    match super::quiet_panics::catch(sequential) {
        Ok(Ok(frame)) => Ok(frame),
        Ok(Err(e)) => Err(unreadable(path, Msg::ParquetUnreadable {}, e)),
        Err(message) => Err(unreadable(path, Msg::ReaderFailed {}, message)),
    }
}

/// A CSV file's text: UTF-8 (a BOM dropped) borrowed as it is, anything else
/// decoded: UTF-16 or UTF-32 (Excel's "Unicode text" is UTF-16LE), else
/// GB18030 (a superset of GBK).
fn csv_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if super::grid::unicode_encoding(unmarked).is_some() {
        return std::borrow::Cow::Owned(super::grid::decode_text(unmarked).0);
    }
    match std::str::from_utf8(unmarked) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => std::borrow::Cow::Owned(super::grid::decode_text(bytes).0),
    }
}

/// A CSV text with its delimiter: of `,` tab `;` `|`, the one that splits the
/// most of the first 20 lines into one same number of fields (a title line above
/// the header may hold any of them, or none; numbers may hold thousands commas).
struct CsvText<'a> {
    text: &'a str,
    delimiter: u8,
    /// Delimiters on most of the first lines: a row's width, less one.
    delimiters_per_line: usize,
}

impl<'a> CsvText<'a> {
    fn new(text: &'a str) -> CsvText<'a> {
        // Lines end at \n, \r\n or a bare \r (old Mac exports).
        let lines: Vec<&str> =
            text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(HEADER_SEARCH_ROWS as usize).collect();
        // (lines sharing the most common count, that count), for one delimiter.
        let score = |d: u8| -> (usize, usize) {
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for line in &lines {
                let n = fields_outside_quotes(line, d);
                if n > 0 {
                    *counts.entry(n).or_default() += 1;
                }
            }
            counts.into_iter().map(|(n, lines)| (lines, n)).max().unwrap_or((0, 0))
        };
        let (delimiter, (_, delimiters_per_line)) = [b',', b'\t', b';', b'|']
            .into_iter()
            .fold((b',', (0, 0)), |best, d| if score(d) > best.1 { (d, score(d)) } else { best });
        CsvText { text, delimiter, delimiters_per_line }
    }

    /// An opening quote that never closes would swallow the rest of the file into
    /// one cell, and every row after it with it: refused, naming its line. So is
    /// a quote that closes only lines later when the lines it takes in look like
    /// rows of their own (as many delimiters as half a row or more): a stray
    /// quote that found its match in another row's quoted number.
    fn check_quotes(&self) -> std::result::Result<(), Box<Msg>> {
        let bytes = self.text.as_bytes();
        let (mut quoted, mut field_start, mut line, mut opened_at) = (false, true, 1usize, 0usize);
        // Inside a quote: delimiters on the current inner line, and the most on
        // any line after the one the quote opened on.
        let (mut on_line, mut most_inner) = (0usize, 0usize);
        let row_like = (self.delimiters_per_line / 2).max(2);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let line_break = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if quoted {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        quoted = false;
                        if line > opened_at {
                            most_inner = most_inner.max(on_line);
                        }
                        if line > opened_at && most_inner >= row_like {
                            return Err(Box::new(Msg::QuoteCloses {
                                opened: opened_at as u64,
                                line: line as u64,
                                next: opened_at as u64 + 1,
                            }));
                        }
                    }
                } else if b == self.delimiter {
                    on_line += 1;
                } else if line_break {
                    if line > opened_at {
                        most_inner = most_inner.max(on_line);
                    }
                    on_line = 0;
                    line += 1;
                }
            } else {
                if b == b'"' && field_start {
                    quoted = true;
                    opened_at = line;
                    (on_line, most_inner) = (0, 0);
                }
                field_start = b == self.delimiter || b == b'\n' || b == b'\r';
                if line_break {
                    line += 1;
                }
            }
            i += 1;
        }
        if quoted {
            return Err(Box::new(Msg::QuoteNeverCloses { opened: opened_at as u64 }));
        }
        Ok(())
    }

    fn reader(&self) -> csv::Reader<&'a [u8]> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(self.text.as_bytes())
    }

    /// Each record with the row number a spreadsheet shows it on: records in
    /// order, with the blank lines between them counted as rows, and line breaks
    /// inside quoted cells not counted (they stay inside one row).
    fn records(&self) -> impl Iterator<Item = std::result::Result<(u32, csv::StringRecord), csv::Error>> + 'a {
        let bytes = self.text.as_bytes();
        let mut row = 0u32;
        self.reader().into_records().map(move |record| {
            let record = record?;
            // The reader's position is where it began looking, before any blank
            // lines it skipped: the record itself starts after them.
            let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(0).min(bytes.len());
            while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                start += 1;
            }
            row += line_breaks_before(bytes, start, row == 0) + u32::from(row == 0);
            Ok((row, record))
        })
    }

    /// The first 20 rows as a grid, for the header search.
    fn head(&self, path: &Path) -> Result<Grid, Error> {
        let mut rows = Vec::new();
        for record in self.records() {
            let (number, record) = record.map_err(|e| unreadable(path, Msg::CsvInvalid {}, e))?;
            if number > HEADER_SEARCH_ROWS {
                break;
            }
            let cells = record_cells(&record);
            if !cells.is_empty() {
                rows.push(GridRow { number, cells });
            }
        }
        Ok(Grid { sheet: None, rows })
    }

    /// The records below the header, one text column per header column, and the
    /// first non-empty cell outside them (`_other_index`, `_other`: a note typed
    /// beside the table is still a note). Records × columns count against
    /// `[limits] max_cells`.
    ///
    /// Records with nothing in the kind's own columns are not kept: blank ones
    /// are rows the frame lacks (noted as blank), and the others — a 序号 column
    /// drag-filled down a million rows — come back as filler row numbers, so
    /// they cost four bytes each instead of a cell per column.
    fn body(&self, header: &HeaderRow, kind: InputKind, config: &Config, path: &Path) -> Result<(DataFrame, Vec<u32>)> {
        let limits = &config.limits;
        let (_, _, id_column, name_column) = plan(header, kind);
        let mut canonical: Vec<usize> = header
            .columns
            .iter()
            .filter(|c| matches!(c.target, header::Target::Canonical(_)))
            .map(|c| c.index as usize)
            .collect();
        canonical.sort_unstable();
        let mut filler: Vec<u32> = Vec::new();
        let indexes: Vec<u32> = header.columns.iter().chain(&header.duplicates).map(|c| c.index).collect();
        let mut rows: Vec<u32> = Vec::new();
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); indexes.len()];
        let (mut other_index, mut other): (Vec<Option<u32>>, Vec<Option<String>>) = (Vec::new(), Vec::new());
        let width = indexes.len() as u64 + 1;
        // Which columns the header has, by index: a lookup per field, not a search.
        let mut in_header = vec![false; indexes.iter().max().map_or(0, |m| *m as usize + 1)];
        for &index in &indexes {
            in_header[index as usize] = true;
        }
        for record in self.records() {
            let (number, record) = record.map_err(|e| unreadable(path, Msg::CsvInvalid {}, e))?;
            if number <= header.number {
                continue;
            }
            if canonical.iter().all(|&i| record.get(i).is_none_or(|t| t.trim().is_empty())) {
                let cells = record_cells(&record);
                if cells.is_empty() {
                    continue;
                }
                let row = GridRow { number, cells };
                if super::table::classify(&row, id_column, name_column, config).is_none() {
                    filler.push(number);
                    continue;
                }
            }
            if (rows.len() as u64 + 1).saturating_mul(width) > limits.max_cells {
                return Err(Error::Refused {
                    place: InputPlace::file(path),
                    reason: Box::new(Msg::CellsOverLimit { limit: limits.max_cells }),
                });
            }
            rows.push(number);
            for (values, &index) in columns.iter_mut().zip(&indexes) {
                let value = record.get(index as usize).filter(|t| !t.trim().is_empty()).map(str::to_string);
                values.push(value);
            }
            let outside = record
                .iter()
                .enumerate()
                .find(|(i, t)| !t.trim().is_empty() && !in_header.get(*i).copied().unwrap_or(false));
            other_index.push(outside.map(|(i, _)| i as u32));
            other.push(outside.map(|(_, t)| t.to_string()));
        }
        let mut frame = vec![Column::new("_row".into(), rows.clone())];
        for (values, index) in columns.into_iter().zip(indexes) {
            frame.push(Column::new(body_column(index).into(), values));
        }
        frame.push(Column::new("_other_index".into(), other_index));
        frame.push(Column::new("_other".into(), other));
        Ok((DataFrame::new(rows.len(), frame)?, filler))
    }
}

/// A record's non-blank fields as text cells, by column.
fn record_cells(record: &csv::StringRecord) -> Vec<(u32, Cell)> {
    record
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(c, t)| (c as u32, Cell::Text(t.to_string())))
        .collect()
}

/// How many times a delimiter splits a line, not counting inside quotes.
fn fields_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == delimiter && !quoted
        })
        .count()
}

/// Line breaks (`\r\n`, `\n` or a bare `\r`, each one) in the run of line-break
/// characters just before `start`: the end of the previous record and any blank
/// lines after it. Before the first record, every leading break is a blank line.
fn line_breaks_before(bytes: &[u8], start: usize, first: bool) -> u32 {
    let mut i = start;
    let mut breaks = 0;
    while i > 0 && matches!(bytes[i - 1], b'\r' | b'\n') {
        if bytes[i - 1] == b'\n' && i >= 2 && bytes[i - 2] == b'\r' {
            i -= 1;
        }
        breaks += 1;
        i -= 1;
    }
    if first { breaks } else { breaks.max(1) }
}

/// The frame column holding a file's column `index`.
pub(crate) fn body_column(index: u32) -> String {
    format!("c{index}")
}

/// A value of a body column as the cell a spreadsheet would hold.
pub(crate) fn cell_of(value: AnyValue) -> Cell {
    match value {
        AnyValue::Null => Cell::Empty,
        AnyValue::Boolean(b) => Cell::Bool(b),
        AnyValue::String(s) => text_cell(s),
        AnyValue::StringOwned(s) => text_cell(&s),
        AnyValue::Date(days) => date_of_days(days as i64),
        AnyValue::Datetime(value, unit, _) | AnyValue::DatetimeOwned(value, unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Nanoseconds => 86_400_000_000_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Milliseconds => 86_400_000,
            };
            date_of_days(value.div_euclid(per_day))
        }
        other => match other.extract::<f64>() {
            Some(n) => Cell::Number(n),
            None => text_cell(other.to_string().trim_matches('"')),
        },
    }
}

fn text_cell(text: &str) -> Cell {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Cell::Empty
    } else if is_error_literal(trimmed) {
        // "#N/A" typed or exported into a CSV is the error value it names: an
        // unreadable cell (a warning), not silently an empty one.
        Cell::Error(trimmed.to_string())
    } else {
        Cell::Text(text.to_string())
    }
}

/// Excel's error values, as text.
fn is_error_literal(text: &str) -> bool {
    const ERRORS: [&str; 15] = [
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#BUSY!",
    ];
    text.starts_with('#') && ERRORS.iter().any(|e| e.eq_ignore_ascii_case(text))
}

fn date_of_days(days: i64) -> Cell {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
        .map(Cell::Date)
        .unwrap_or(Cell::Empty)
}

/// Types for the parser: a column of these polars types is read as its cells
/// are; anything else (decimals, small and unsigned integers, dictionaries) is
/// cast to the nearest of them first.
fn readable(column: &Column) -> PolarsResult<Column> {
    Ok(match column.dtype() {
        DataType::String | DataType::Boolean | DataType::Date | DataType::Float64 => column.clone(),
        DataType::Datetime(..) => column.cast(&DataType::Date)?,
        dtype if dtype.is_primitive_numeric() || dtype.is_decimal() => column.cast(&DataType::Float64)?,
        _ => as_text(column),
    })
}

/// A column as text: cast where polars can, else each value written out (a list
/// or struct column of a parquet file, kept as an extra column).
fn as_text(column: &Column) -> Column {
    column.cast(&DataType::String).unwrap_or_else(|_| {
        let values: Vec<Option<String>> = column
            .as_materialized_series()
            .iter()
            .map(|v| if v.is_null() { None } else { Some(v.to_string()) })
            .collect();
        Column::new(column.name().clone(), values)
    })
}

/// One body column typed as `kind`: the typed column, and each failing cell as
/// (row index in the body, problem).
fn typed(
    source: &Column,
    kind: ColumnType,
    name: &str,
    config: &Config,
) -> PolarsResult<(Column, Vec<(usize, CellProblem)>)> {
    // Integer and decimal ids are text: through f64 they would lose digits past 2^53.
    let source = match kind {
        ColumnType::Text | ColumnType::Category(_) if source.dtype().is_integer() || source.dtype().is_decimal() => {
            as_text(source)
        }
        _ => readable(source)?,
    };
    // Text is read row by row: text cells raise no problems, most values are
    // returned unchanged, and a column of a million distinct names gains
    // nothing from hashing them.
    if kind == ColumnType::Text && source.dtype() == &DataType::String {
        let strings = source.str()?;
        if strings.iter().all(|v| v.is_none_or(is_plain)) {
            return Ok((source.with_name(name.into()), Vec::new()));
        }
        return Ok((text_values(strings).with_name(name.into()).into_column(), Vec::new()));
    }
    // Already the wanted type: nothing to parse, only the checks the parsers
    // make on such values (a finite number, a plausible date).
    match (kind, source.dtype()) {
        (ColumnType::Number(_), DataType::Float64) => return checked_numbers(&source, name),
        (ColumnType::Date, DataType::Date) => return checked_dates(&source, name),
        (ColumnType::Boolean, DataType::Boolean) => return Ok((source.with_name(name.into()), Vec::new())),
        _ => {}
    }
    if let Ok(strings) = source.str() {
        return typed_strings(strings, kind, name, config);
    }
    // Each distinct value read once.
    let distinct = source.unique_stable()?;
    let mut builder = Builder::new(kind, distinct.len());
    let mut problems: Vec<Option<CellProblem>> = Vec::with_capacity(distinct.len());
    for value in distinct.as_materialized_series().iter() {
        let cell = cell_of(value);
        problems.push(read_cell(&mut builder, kind, Some(&cell), config));
    }
    let values = builder.finish("_value")?;
    let problem_index: Vec<Option<u32>> =
        problems.iter().enumerate().map(|(i, p)| p.as_ref().map(|_| i as u32)).collect();
    let key = distinct.with_name("_key".into());
    let mapping = DataFrame::new(key.len(), vec![key, values, Column::new("_problem".into(), problem_index)])?;
    let body = DataFrame::new(source.len(), vec![source.with_name("_key".into())])?;
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    args.nulls_equal = false;
    let joined = body.lazy().join(mapping.lazy(), [col("_key")], [col("_key")], args).collect()?;
    let mut failing = Vec::new();
    let index = joined.column("_problem")?.u32()?;
    if index.null_count() < index.len() {
        for (row, problem) in index.iter().enumerate() {
            if let Some(p) = problem {
                failing.push((row, problems[p as usize].clone().expect("indexed problems exist")));
            }
        }
    }
    Ok((joined.column("_value")?.clone().with_name(name.into()), failing))
}

/// A text column as the cell parser reads each value (`parse_text` of the
/// cell the value makes), with values the parser returns unchanged borrowed.
fn text_values(values: &StringChunked) -> StringChunked {
    values
        .iter()
        .map(|v| {
            v.and_then(|v| {
                if is_plain(v) {
                    Some(std::borrow::Cow::Borrowed(v))
                } else {
                    super::cells::parse_text(&text_cell(v)).map(std::borrow::Cow::Owned)
                }
            })
        })
        .collect()
}

/// True when a value is already in NFKC form (ASCII and the common CJK
/// ideographs are, and are checked without the quick-check tables), untrimmed-equal and
/// not empty, and not an error value: text the parser returns unchanged.
fn is_plain(v: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    if v.is_empty() || v.starts_with(char::is_whitespace) || v.ends_with(char::is_whitespace) || v.starts_with('#') {
        return false;
    }
    if v.is_ascii() {
        return true;
    }
    for c in v.chars() {
        match c {
            c if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) => {}
            // A full-width form or the ideographic space is never NFKC.
            '\u{FF01}'..='\u{FF5E}' | '\u{3000}' => return false,
            _ => return is_nfkc_quick(v.chars()) == IsNormalized::Yes,
        }
    }
    true
}

/// A text column read as another kind: each distinct value parsed once, and the
/// results gathered back by a code per row. A ledger's twelve million periods
/// hold a dozen distinct values; this takes one hash lookup per row, where
/// `unique` and a join took two passes and a hash table each.
fn typed_strings(
    strings: &StringChunked,
    kind: ColumnType,
    name: &str,
    config: &Config,
) -> PolarsResult<(Column, Vec<(usize, CellProblem)>)> {
    let mut builder = Builder::new(kind, 64);
    let mut problems: Vec<Option<CellProblem>> = Vec::new();
    let mut codes = distinct_codes(strings, |v| {
        problems.push(read_cell(&mut builder, kind, Some(&text_cell(v)), config));
    });
    let mut failing = Vec::new();
    if problems.iter().any(Option::is_some) {
        for (row, &code) in codes.iter().enumerate() {
            if let Some(Some(problem)) = problems.get(code as usize) {
                failing.push((row, problem.clone()));
            }
        }
    }
    // A missing value takes the code of one more value, an empty cell.
    let missing = problems.len() as IdxSize;
    if codes.contains(&MISSING_CODE) {
        read_cell(&mut builder, kind, None, config);
        codes.iter_mut().filter(|c| **c == MISSING_CODE).for_each(|c| *c = missing);
    }
    let values = builder.finish(name)?;
    Ok((values.take(&IdxCa::from_vec("codes".into(), codes))?, failing))
}

/// A number column as it is, but NaN and infinity are unreadable numbers (a
/// note and a null), as the cell parser has them.
fn checked_numbers(source: &Column, name: &str) -> PolarsResult<(Column, Vec<(usize, CellProblem)>)> {
    let values = source.f64()?;
    if values.iter().flatten().all(f64::is_finite) {
        return Ok((source.clone().with_name(name.into()), Vec::new()));
    }
    let mut failing = Vec::new();
    let cleaned: Float64Chunked = values
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Some(v) if !v.is_finite() => {
                failing.push((i, CellProblem::NotANumber(super::cells::format_number(v))));
                None
            }
            other => other,
        })
        .collect();
    Ok((cleaned.with_name(name.into()).into_series().into(), failing))
}

/// A date column as it is, but dates outside the plausible years (a 1900-01-01
/// placeholder, a typo of 2202) are unreadable dates, as the cell parser has them.
fn checked_dates(source: &Column, name: &str) -> PolarsResult<(Column, Vec<(usize, CellProblem)>)> {
    use chrono::Datelike;
    let days = source.to_physical_repr();
    let days = days.i32()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let plausible = |d: i32| {
        epoch
            .checked_add_signed(chrono::Duration::days(d as i64))
            .is_some_and(|date| super::cells::PLAUSIBLE_YEARS.contains(&date.year()))
    };
    if days.iter().flatten().all(plausible) {
        return Ok((source.clone().with_name(name.into()), Vec::new()));
    }
    let mut failing = Vec::new();
    let cleaned: Int32Chunked = days
        .iter()
        .enumerate()
        .map(|(i, d)| match d {
            Some(d) if !plausible(d) => {
                failing.push((i, CellProblem::NotADate(cell_of(AnyValue::Date(d)).as_text())));
                None
            }
            other => other,
        })
        .collect();
    let column: Column = cleaned.with_name(name.into()).into_series().into();
    Ok((column.cast(&DataType::Date)?, failing))
}

/// Rows that may be blank, totals, notes or repeated header rows: the id is
/// empty, or its folded text starts with a totals or notes word (a totals row
/// repeats 合计 in the id), or is the id column's own header.
///
/// One pass over the ids, without folding them: an ASCII id whose first letter
/// begins none of the words is passed on that letter alone, and the few other
/// values are folded once each. A ledger's twelve million ids took half a
/// second to fold; this is a byte per id.
fn candidate_rows(body: &DataFrame, id: Option<&MappedColumn>, config: &Config) -> PolarsResult<Vec<usize>> {
    let Some(id) = id else { return Ok((0..body.height()).collect()) };
    let column = readable(body.column(&body_column(id.index))?)?.cast(&DataType::String)?;
    let header = fold(&id.header);
    let words: Vec<&str> = config.totals_words.iter().chain(&config.notes_words).map(String::as_str).collect();
    let flagged_fold =
        |folded: &str| folded.is_empty() || folded == header || words.iter().any(|w| folded.starts_with(w));
    // The first bytes a flagged ASCII id can fold to start with.
    let mut first_bytes = [false; 128];
    for word in words.iter().copied().chain([header.as_str()]) {
        match word.bytes().next() {
            Some(b) if b.is_ascii() => first_bytes[b as usize] = true,
            Some(_) => {}
            // An empty word begins every id.
            None => first_bytes = [true; 128],
        }
    }
    let mut verdicts: HashMap<&str, bool> = HashMap::new();
    let mut rows = Vec::new();
    for (i, value) in column.str()?.iter().enumerate() {
        let flagged = match value {
            None => true,
            Some(v) if v.is_ascii() => match v.bytes().find(|b| !(*b as char).is_whitespace()) {
                None => true,
                Some(b) if !first_bytes[b.to_ascii_lowercase() as usize] => false,
                Some(_) => flagged_fold(&fold(v)),
            },
            Some(v) => *verdicts.entry(v).or_insert_with(|| flagged_fold(&fold(v))),
        };
        if flagged {
            rows.push(i);
        }
    }
    Ok(rows)
}

/// The body row `i` as a grid row of its non-empty cells, for classification.
fn grid_row(body: &DataFrame, columns: &[(u32, &Column)], number: u32, i: usize) -> PolarsResult<GridRow> {
    let mut cells = Vec::new();
    for (index, column) in columns {
        let cell = cell_of(column.get(i)?);
        if !cell.is_blank() {
            cells.push((*index, cell));
        }
    }
    // A CSV's first cell outside the header's columns.
    if let (Ok(index), Ok(text)) = (body.column("_other_index"), body.column("_other"))
        && let (AnyValue::UInt32(index), AnyValue::String(text)) = (index.get(i)?, text.get(i)?)
    {
        cells.push((index, Cell::Text(text.to_string())));
        cells.sort_by_key(|(index, _)| *index);
    }
    Ok(GridRow { number, cells })
}

/// Builds the typed table of a body: `body` holds `_row` and one `c<index>`
/// column per header column (see [`body_column`]). `district_fill` replaces the
/// district column (districts taken from the file name).
pub(crate) fn build(
    body: DataFrame,
    filler: &[u32],
    header: &HeaderRow,
    kind: InputKind,
    config: &Config,
    district_fill: Option<&str>,
) -> PolarsResult<Table> {
    let (mut plan, extras, id_column, name_column) = plan(header, kind);
    if district_fill.is_some() {
        for entry in plan.iter_mut().filter(|(name, _, _)| name == "district") {
            entry.2 = None;
        }
    }
    let rows: Vec<u32> = body.column("_row")?.u32()?.iter().map(|r| r.unwrap_or(0)).collect();
    let sheet_columns: Vec<(u32, &Column)> = header
        .columns
        .iter()
        .chain(&header.duplicates)
        .filter_map(|c| body.column(&body_column(c.index)).ok().map(|column| (c.index, column)))
        .collect();
    let mut sorted_columns = sheet_columns.clone();
    sorted_columns.sort_by_key(|(index, _)| *index);

    // Blank, totals and notes rows, among the candidates only.
    let mut skipped = vec![false; body.height()];
    let mut last_filled = header.number;
    let candidates = candidate_rows(&body, id_column, config)?;
    let mut candidate = candidates.iter().peekable();
    let mut sorter = RowSorter::new(header, id_column, name_column, config);
    let mut filler = filler.iter().copied().peekable();
    for (i, &number) in rows.iter().enumerate() {
        while let Some(f) = filler.next_if(|&f| f < number) {
            sorter.filler_row(f);
        }
        if candidate.next_if(|&&c| c == i).is_none() {
            sorter.data_row(number);
            last_filled = number;
            continue;
        }
        let row = grid_row(&body, &sorted_columns, number, i)?;
        if !row.is_blank() {
            last_filled = number;
        }
        skipped[i] = !sorter.is_data(&row);
    }
    for f in filler {
        sorter.filler_row(f);
        last_filled = last_filled.max(f);
    }
    let notes = sorter.finish(last_filled);
    let rows_read = last_filled.saturating_sub(header.number);
    // Most files keep every row: filtering would copy every column for nothing.
    let body = if skipped.iter().any(|s| *s) || rows.last().is_some_and(|&r| r > last_filled) {
        let keep: BooleanChunked =
            rows.iter().zip(&skipped).map(|(number, skip)| !skip && *number <= last_filled).collect();
        body.filter(&keep)?
    } else {
        body
    };
    let kept_rows = body.column("_row")?.clone();
    let row_number = |i: usize| kept_rows.u32().ok().and_then(|rows| rows.get(i)).unwrap_or(0);

    // Each body column is let go once typed: the ledger's raw periods alone
    // are 190 MB at twelve million rows.
    let mut body = body;
    let height = body.height();
    let mut cell_notes = Vec::new();
    let mut columns: Vec<Column> = Vec::with_capacity(plan.len() + extras.len() + 1);
    columns.push(kept_rows.clone());
    for (name, column_type, mapped) in &plan {
        let column = match (name.as_str(), district_fill, mapped) {
            ("district", Some(fill), _) => Column::new(name.into(), vec![Some(fill.to_string()); height]),
            (_, _, Some(mapped)) => {
                let source = body.drop_in_place(&body_column(mapped.index))?;
                let (column, failing) = typed(&source, *column_type, name, config)?;
                drop(source);
                cell_notes.extend(failing.into_iter().map(|(i, problem)| CellNote {
                    row: row_number(i),
                    column: name.clone(),
                    problem,
                }));
                column
            }
            (_, _, None) => Column::full_null(name.into(), height, &column_type.dtype()),
        };
        columns.push(column);
    }
    for (name, mapped) in &extras {
        let source = body.column(&body_column(mapped.index))?;
        let numeric = readable(source)?.dtype() == &DataType::Float64 || all_numbers(source, config)?;
        let column_type = if numeric { ColumnType::Number(Unit::Plain) } else { ColumnType::Text };
        let (column, _) = typed(source, column_type, name, config)?;
        columns.push(column);
    }
    let frame = DataFrame::new(height, columns)?;
    let mut labels: Vec<(String, String)> =
        plan.iter().filter_map(|(n, _, m)| m.map(|m| (n.clone(), m.label()))).collect();
    labels.extend(extras.iter().map(|(n, m)| (n.clone(), m.label())));
    Ok(Table { frame, cells: cell_notes, rows: notes, rows_read, labels })
}

/// Whether every value of a text column reads as a plain number.
fn all_numbers(source: &Column, config: &Config) -> PolarsResult<bool> {
    let distinct = readable(source)?.unique_stable()?;
    Ok(distinct
        .as_materialized_series()
        .iter()
        .all(|value| super::cells::parse_number(&cell_of(value), Unit::Plain, &config.blank_words).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<u32> {
        CsvText::new(text).records().map(|r| r.unwrap().0).collect()
    }

    #[test]
    fn a_text_column_read_as_periods_parses_each_distinct_value_once_and_keeps_rows_in_place() {
        let config = Config::builtin_default();
        let source = Column::new(
            "c".into(),
            [Some("2022-01"), None, Some("2022Q2"), Some("soon"), Some("2022-01"), Some("soon")],
        );
        let (column, failing) = typed(&source, ColumnType::Period, "period", &config).unwrap();
        let months: Vec<Option<i32>> = column.cast(&DataType::Int32).unwrap().i32().unwrap().iter().collect();
        let january = months[0].expect("2022-01 reads");
        assert_eq!(months[4], Some(january));
        assert_eq!((months[1], months[3], months[5]), (None, None, None));
        assert!(months[2].is_some_and(|m| m > january));
        let rows: Vec<usize> = failing.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [3, 5], "each row holding the unreadable value, not the first only");
    }

    #[test]
    fn text_is_read_row_by_row_as_the_cell_parser_reads_it() {
        let config = Config::builtin_default();
        // Plain values stay as they are; full-width brackets fold (NFKC), outer
        // spaces go, blanks become nulls, an error literal is kept as its text.
        let values = [Some("甲项目"), Some("乙项目（二期）"), Some("  丙 "), Some("   "), None, Some("#N/A")];
        let (column, failing) = typed(&Column::new("c".into(), values), ColumnType::Text, "name", &config).unwrap();
        let read: Vec<Option<&str>> = column.str().unwrap().iter().collect();
        assert_eq!(read, [Some("甲项目"), Some("乙项目(二期)"), Some("丙"), None, None, Some("#N/A")]);
        assert!(failing.is_empty());
        for value in values.iter().flatten() {
            let expected = super::super::cells::parse_text(&text_cell(value));
            let alone = typed(&Column::new("c".into(), [*value]), ColumnType::Text, "name", &config).unwrap().0;
            assert_eq!(alone.str().unwrap().get(0).map(str::to_string), expected, "{value:?}");
        }
    }

    #[test]
    fn a_quote_that_takes_in_whole_rows_is_refused_and_a_multi_line_cell_is_not() {
        let head = "id,name,district,chain,total\n";
        // A note written over two lines inside one quoted cell.
        let fine = format!("{head}A-1,\"甲项目\n（二期）\",五华区,新材料,100\nA-2,乙,五华区,新材料,200\n");
        assert_eq!(CsvText::new(&fine).check_quotes(), Ok(()));
        // A stray quote on line 2 that finds its match in row 4's quoted number.
        let stray =
            format!("{head}A-1,\"甲,五华区,新材料,100\nA-2,乙,五华区,新材料,200\nA-3,丙,五华区,新材料,\"1,300\"\n");
        let refused = CsvText::new(&stray).check_quotes().unwrap_err();
        assert_eq!(*refused, Msg::QuoteCloses { opened: 2, line: 4, next: 3 });
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        // A blank line is a row; a line break inside a quoted cell is not.
        assert_eq!(numbers("title\r\na,b\r\n\r\n\"x\ny\",2\r\n3,4\r\n"), [1, 2, 4, 5]);
        // Bare carriage returns end lines too (old Mac exports).
        assert_eq!(numbers("a,b\rc,d\r\re,f"), [1, 2, 4]);
        assert_eq!(numbers("\n\na,b\n"), [3]);
    }

    #[test]
    fn the_delimiter_is_the_one_splitting_some_early_line_most() {
        // A title with a semicolon above a comma-separated table.
        assert_eq!(CsvText::new("2022年; 五华区\na,b,c,d\n1,2,3,4\n").delimiter, b',');
        // A tab-separated table under a bare title line.
        assert_eq!(CsvText::new("标题\na\tb\tc\n1\t2\t3\n").delimiter, b'\t');
        // Tabs between fields, thousands commas inside them.
        let tsv = "项目编号\t月份\t内资到位\t外资到位\nP1\t2022-01\t1,234,567\t12,000\n";
        assert_eq!(CsvText::new(tsv).delimiter, b'\t');
        // Commas inside quotes do not count.
        assert_eq!(CsvText::new("a;b;c\n\"1,5\";\"2,5\";3\n").delimiter, b';');
    }

    #[test]
    fn an_unterminated_quote_is_refused_with_its_line() {
        let message = CsvText::new("a,b\n1,2\n\"3,4\n5,6\n").check_quotes().unwrap_err();
        assert_eq!(*message, Msg::QuoteNeverCloses { opened: 3 });
        assert!(CsvText::new("a,b\n\"x \"\"y\"\"\",2\n").check_quotes().is_ok());
        // A quote inside an unquoted cell does not open anything.
        assert!(CsvText::new("a,b\n5\" pipe,2\n").check_quotes().is_ok());
    }
}
