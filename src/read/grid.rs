//! Reading a workbook sheet into a sparse grid of cells (CSV and parquet are read
//! column by column instead: see `columnar.rs`).
//!
//! The grid keeps only the cells that hold something, row by row, with the row
//! numbers a spreadsheet shows: a sheet declaring XFD1048576 costs nothing unless it
//! really fills those cells, and every count of cells is checked against
//! `[limits] max_cells` while reading. xlsx sheets are streamed with calamine's cell
//! reader (the same reader `worksheet_range` uses, minus the dense copy); xls and ods
//! go through `worksheet_range` after `guard.rs` has bounded what it can allocate.
//! Merged regions are filled with their top-left value, so a district name merged
//! down a column belongs to every row it spans.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader};
use chrono::NaiveDate;

use super::cells::Cell;
use super::guard::Format;
use crate::config::Limits;
use crate::error::{Error, InputPlace, Result};
use crate::i18n::Msg;

/// How many rows from the top are searched for the header.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 20;

/// A merged region: (first row, first column) and (last row, last column), 0-based.
pub type MergedRegion = ((u32, u32), (u32, u32));

/// One row of a sheet: its spreadsheet row number and its non-empty cells by column.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// 1-based row number.
    pub number: u32,
    /// (0-based column, cell), ascending by column, empty cells left out.
    pub cells: Vec<(u32, Cell)>,
}

impl GridRow {
    /// The cell in a column, if it holds something.
    pub(crate) fn get(&self, column: u32) -> Option<&Cell> {
        self.cells.binary_search_by_key(&column, |(c, _)| *c).ok().map(|i| &self.cells[i].1)
    }

    /// True when no cell of the row holds anything but white space.
    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, c)| c.is_blank())
    }
}

/// A sheet's non-empty rows, in row order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// The sheet's name (`None` for CSV and parquet).
    pub sheet: Option<String>,
    /// Rows holding at least one cell, ascending by number.
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// A grid from rows of text: row `i` is spreadsheet row `i + 1`.
    pub(crate) fn from_text_rows(sheet: Option<&str>, rows: &[Vec<&str>]) -> Grid {
        let mut grid = Grid { sheet: sheet.map(str::to_string), rows: Vec::new() };
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<(u32, Cell)> = row
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, t)| (c as u32, Cell::Text(t.to_string())))
                .collect();
            if !cells.is_empty() {
                grid.rows.push(GridRow { number: i as u32 + 1, cells });
            }
        }
        grid
    }

    /// Fills each merged region (rows and columns 0-based, inclusive) with its
    /// top-left value, where those cells are empty. Regions count against the cell
    /// budget. The fills are gathered, sorted and merged into the rows in one pass
    /// (inserting them one by one was quadratic in a tall region).
    pub(crate) fn fill_merged(&mut self, regions: &[MergedRegion], budget: &mut CellBudget) -> Result<()> {
        let mut fills: Vec<(u32, u32, Cell)> = Vec::new();
        for &((r0, c0), (r1, c1)) in regions {
            let Some(value) = self.cell(r0 + 1, c0).cloned() else {
                continue;
            };
            let area = (r1.saturating_sub(r0) as u64 + 1) * (c1.saturating_sub(c0) as u64 + 1);
            budget.take(area)?;
            for row in r0..=r1 {
                for col in c0..=c1 {
                    if (row, col) != (r0, c0) {
                        fills.push((row + 1, col, value.clone()));
                    }
                }
            }
        }
        if fills.is_empty() {
            return Ok(());
        }
        // Stable: where regions overlap, the first listed fills the cell.
        fills.sort_by_key(|(row, col, _)| (*row, *col));
        fills.dedup_by_key(|(row, col, _)| (*row, *col));
        let rows = std::mem::take(&mut self.rows);
        let mut fills = fills.into_iter().peekable();
        let mut merged: Vec<GridRow> = Vec::with_capacity(rows.len());
        let take_fills = |number: u32, fills: &mut std::iter::Peekable<std::vec::IntoIter<(u32, u32, Cell)>>| {
            let mut cells = Vec::new();
            while let Some((_, col, value)) = fills.next_if(|(r, _, _)| *r == number) {
                cells.push((col, value));
            }
            cells
        };
        for row in rows {
            while let Some(&(number, _, _)) = fills.peek() {
                if number >= row.number {
                    break;
                }
                let cells = take_fills(number, &mut fills);
                merged.push(GridRow { number, cells });
            }
            let extra = take_fills(row.number, &mut fills);
            merged.push(GridRow { number: row.number, cells: fill_row(row.cells, extra) });
        }
        while let Some(&(number, _, _)) = fills.peek() {
            let cells = take_fills(number, &mut fills);
            merged.push(GridRow { number, cells });
        }
        self.rows = merged;
        Ok(())
    }

    fn cell(&self, number: u32, column: u32) -> Option<&Cell> {
        let i = self.rows.binary_search_by_key(&number, |r| r.number).ok()?;
        self.rows[i].get(column)
    }
}

/// A row's cells with fills (both ascending by column) put in where the row has
/// no cell or a blank one.
fn fill_row(cells: Vec<(u32, Cell)>, fills: Vec<(u32, Cell)>) -> Vec<(u32, Cell)> {
    if fills.is_empty() {
        return cells;
    }
    let mut out = Vec::with_capacity(cells.len() + fills.len());
    let mut fills = fills.into_iter().peekable();
    for (col, cell) in cells {
        while let Some((c, value)) = fills.next_if(|(c, _)| *c < col) {
            out.push((c, value));
        }
        match fills.next_if(|(c, _)| *c == col) {
            Some((_, value)) if cell.is_blank() => out.push((col, value)),
            _ => out.push((col, cell)),
        }
    }
    out.extend(fills);
    out
}

/// Counts cells against `[limits] max_cells` for one sheet.
#[derive(Debug)]
pub struct CellBudget {
    used: u64,
    limit: u64,
    place: InputPlace,
}

impl CellBudget {
    /// A fresh budget for a sheet.
    pub(crate) fn new(limits: &Limits, place: InputPlace) -> Self {
        CellBudget { used: 0, limit: limits.max_cells, place }
    }

    /// Takes `n` cells; refuses the sheet when the limit is passed.
    pub(crate) fn take(&mut self, n: u64) -> Result<()> {
        self.used = self.used.saturating_add(n);
        if self.used > self.limit {
            return Err(Error::Refused {
                place: self.place.clone(),
                reason: Box::new(Msg::CellsOverLimit { limit: self.limit }),
            });
        }
        Ok(())
    }
}

/// Accumulates cells arriving in (mostly) row order into rows.
struct RowBuilder {
    rows: Vec<GridRow>,
    sorted: bool,
}

impl RowBuilder {
    fn new() -> Self {
        RowBuilder { rows: Vec::new(), sorted: true }
    }

    fn push(&mut self, number: u32, column: u32, cell: Cell) {
        match self.rows.last_mut() {
            Some(last) if last.number == number => {
                if last.cells.last().is_some_and(|(c, _)| *c >= column) {
                    self.sorted = false;
                }
                last.cells.push((column, cell));
            }
            Some(last) if last.number > number => {
                self.sorted = false;
                self.rows.push(GridRow { number, cells: vec![(column, cell)] });
            }
            _ => self.rows.push(GridRow { number, cells: vec![(column, cell)] }),
        }
    }

    /// Adds a streamed cell at its 0-based position, leaving blanks out and
    /// counting it against the sheet's budget; `false` once past the rows a
    /// header may be in, when only those are wanted.
    fn take(
        &mut self,
        (row, col): (u32, u32),
        value: DataRef<'_>,
        head_only: bool,
        budget: &mut CellBudget,
    ) -> Result<bool> {
        if head_only && row >= HEADER_SEARCH_ROWS {
            return Ok(false);
        }
        let value = from_data_ref(value);
        if !value.is_blank() {
            budget.take(1)?;
            self.push(row + 1, col, value);
        }
        Ok(true)
    }

    fn finish(mut self) -> Vec<GridRow> {
        if !self.sorted {
            self.rows.sort_by_key(|r| r.number);
            let mut merged: Vec<GridRow> = Vec::with_capacity(self.rows.len());
            for row in self.rows {
                match merged.last_mut() {
                    Some(last) if last.number == row.number => last.cells.extend(row.cells),
                    _ => merged.push(row),
                }
            }
            for row in &mut merged {
                row.cells.sort_by_key(|(c, _)| *c);
                row.cells.dedup_by_key(|(c, _)| *c);
            }
            self.rows = merged;
        }
        self.rows
    }
}

fn date_cell(year: u16, month: u8, day: u8) -> Cell {
    NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).map(Cell::Date).unwrap_or(Cell::Empty)
}

fn iso_date_cell(text: &str) -> Cell {
    let date = text.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    date.map(Cell::Date).unwrap_or_else(|| Cell::Text(text.to_string()))
}

fn from_data_ref(value: DataRef<'_>) -> Cell {
    match value {
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            date_cell(y, m, d)
        }
        DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) => iso_date_cell(&s),
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            date_cell(y, m, d)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date_cell(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// An opened input file, ready to give its sheets.
pub enum Workbook<'a> {
    /// xlsx: streamed per sheet.
    Xlsx(Box<calamine::Xlsx<Cursor<&'a [u8]>>>, &'a [u8]),
    /// xlsb: streamed per sheet (calamine does not give its merged cells).
    Xlsb(Box<calamine::Xlsb<Cursor<&'a [u8]>>>),
    /// xls or ods: loaded by calamine.
    Other(Box<calamine::Sheets<Cursor<&'a [u8]>>>),
    /// An HTML table: read whole when opened (one sheet, no name).
    Html(Grid),
}

/// A workbook or sheet the reader refused; its words are kept as the detail.
fn unreadable(path: &Path, sheet: Option<&str>, detail: impl std::fmt::Display) -> Error {
    Error::unreadable(InputPlace::sheet(path, sheet), Msg::WorkbookUnreadable {}, detail)
}

impl<'a> Workbook<'a> {
    /// Opens a file's bytes that passed `guard::preflight`; `path` names it.
    pub(crate) fn open(path: &Path, bytes: &'a [u8], format: Format, limits: &Limits) -> Result<Workbook<'a>> {
        match format {
            Format::Xlsb => {
                let workbook = calamine::Xlsb::new(Cursor::new(bytes)).map_err(|e| unreadable(path, None, e))?;
                Ok(Workbook::Xlsb(Box::new(workbook)))
            }
            Format::Html => {
                let (page, _) = decode_text(bytes);
                let mut budget = CellBudget::new(limits, InputPlace::file(path));
                let input_data =
                    |message: Msg| Error::InputData { place: InputPlace::file(path), message: Box::new(message) };
                match super::html::read(&page, &mut budget)? {
                    super::html::Page::Table(mut grid, regions) => {
                        grid.fill_merged(&regions, &mut budget)?;
                        Ok(Workbook::Html(grid))
                    }
                    super::html::Page::NoTable => Err(input_data(Msg::HtmlNoTable {})),
                    super::html::Page::Tables(tables) => {
                        Err(input_data(Msg::HtmlTables { count: tables.len(), tables }))
                    }
                }
            }
            Format::Xlsx => {
                let workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(path, None, e))?;
                Ok(Workbook::Xlsx(Box::new(workbook), bytes))
            }
            // By the format the bytes say (see `Format::sniff`), not the extension.
            Format::Xls => {
                let workbook = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(path, None, e))?;
                Ok(Workbook::Other(Box::new(calamine::Sheets::Xls(workbook))))
            }
            Format::Ods => {
                let workbook = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(path, None, e))?;
                Ok(Workbook::Other(Box::new(calamine::Sheets::Ods(workbook))))
            }
            Format::Csv | Format::Parquet => {
                Err(Error::Internal("CSV and parquet are read column by column, not as workbooks".into()))
            }
        }
    }

    /// The sheets, the visible ones first, each group in workbook order (a
    /// hidden sheet, such as a template's list of choices or an old copy, is
    /// taken only when no visible one holds a register). Chart sheets (and
    /// macro and dialog sheets) are left out: a chart before the register is
    /// no reason to refuse the file.
    pub(crate) fn sheet_names(&self) -> Vec<Option<String>> {
        let worksheets = |sheets: &[calamine::Sheet]| -> Vec<Option<String>> {
            let mut sheets: Vec<&calamine::Sheet> =
                sheets.iter().filter(|s| s.typ == calamine::SheetType::WorkSheet).collect();
            sheets.sort_by_key(|s| s.visible != calamine::SheetVisible::Visible);
            sheets.into_iter().map(|s| Some(s.name.clone())).collect()
        };
        match self {
            Workbook::Xlsx(w, _) => worksheets(w.sheets_metadata()),
            Workbook::Xlsb(w) => worksheets(w.sheets_metadata()),
            Workbook::Other(w) => worksheets(w.sheets_metadata()),
            Workbook::Html(_) => vec![None],
        }
    }

    /// Reads a sheet; with `head_only`, only the rows where a header may be.
    pub(crate) fn read(&mut self, path: &Path, sheet: Option<&str>, head_only: bool, limits: &Limits) -> Result<Grid> {
        let place = InputPlace::sheet(path, sheet);
        let mut budget = CellBudget::new(limits, place);
        match self {
            Workbook::Xlsx(workbook, bytes) => {
                let name = sheet.unwrap_or_default();
                let mut builder = RowBuilder::new();
                let mut unknown_errors = false;
                {
                    let mut reader = workbook.worksheet_cells_reader(name).map_err(|e| unreadable(path, sheet, e))?;
                    loop {
                        let cell = match reader.next_cell() {
                            Ok(Some(cell)) => cell,
                            Ok(None) => break,
                            // An Excel 365 error value calamine does not know
                            // (#SPILL!, #CALC!, …): the reader has consumed it
                            // without saying where it was, so the sheet is read
                            // on and those cells are found afterwards.
                            Err(calamine::XlsxError::CellError(_)) => {
                                unknown_errors = true;
                                continue;
                            }
                            Err(e) => return Err(unreadable(path, sheet, e)),
                        };
                        if !builder.take(cell.get_position(), cell.get_value().clone(), head_only, &mut budget)? {
                            break;
                        }
                    }
                }
                if unknown_errors {
                    let cells = xlsx_error_cells(bytes, name).map_err(|e| unreadable(path, sheet, e))?;
                    for (row, col, text) in cells {
                        if head_only && row >= HEADER_SEARCH_ROWS {
                            break;
                        }
                        budget.take(1)?;
                        builder.push(row + 1, col, Cell::Error(text));
                    }
                }
                let mut grid = Grid { sheet: sheet.map(str::to_string), rows: builder.finish() };
                if !head_only {
                    // The fast path, else calamine's (a workbook written with
                    // unusual namespace prefixes, say).
                    let regions = match xlsx_merged_regions(bytes, name) {
                        Ok(regions) => regions,
                        Err(_) => workbook
                            .merge_cells_by_sheet_name(name)
                            .map_err(|e| unreadable(path, sheet, e))?
                            .iter()
                            .map(|d| (d.start, d.end))
                            .collect(),
                    };
                    grid.fill_merged(&regions, &mut budget)?;
                } else {
                    grid.rows.retain(|r| r.number <= HEADER_SEARCH_ROWS);
                }
                Ok(grid)
            }
            Workbook::Xlsb(workbook) => {
                let name = sheet.unwrap_or_default();
                let mut builder = RowBuilder::new();
                let mut reader = workbook.worksheet_cells_reader(name).map_err(|e| unreadable(path, sheet, e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| unreadable(path, sheet, e))? {
                    if !builder.take(cell.get_position(), cell.get_value().clone(), head_only, &mut budget)? {
                        break;
                    }
                }
                Ok(Grid { sheet: sheet.map(str::to_string), rows: builder.finish() })
            }
            Workbook::Html(grid) => {
                let mut grid = grid.clone();
                if head_only {
                    grid.rows.retain(|r| r.number <= HEADER_SEARCH_ROWS);
                }
                Ok(grid)
            }
            Workbook::Other(workbook) => {
                let name = sheet.unwrap_or_default();
                let range = workbook.worksheet_range(name).map_err(|e| unreadable(path, sheet, e))?;
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let mut builder = RowBuilder::new();
                for (r, c, value) in range.used_cells() {
                    let number = row0 + r as u32 + 1;
                    if head_only && number > HEADER_SEARCH_ROWS {
                        break;
                    }
                    let cell = from_data(value);
                    if cell.is_blank() {
                        continue;
                    }
                    budget.take(1)?;
                    builder.push(number, col0 + c as u32, cell);
                }
                let mut grid = Grid { sheet: sheet.map(str::to_string), rows: builder.finish() };
                if !head_only && let calamine::Sheets::Xls(xls) = workbook.as_ref() {
                    let regions: Vec<_> = xls
                        .merge_cells_by_sheet_name(name)
                        .unwrap_or_default()
                        .iter()
                        .map(|d| (d.start, d.end))
                        .collect();
                    grid.fill_merged(&regions, &mut budget)?;
                }
                Ok(grid)
            }
        }
    }
}

/// The merged regions of an xlsx sheet. calamine finds them by parsing the whole
/// sheet's XML a second time (they come after the cells); here the sheet's part
/// is found through the workbook's relationships and its bytes are searched for
/// `<mergeCell ref="…">`, which costs a fraction of that parse.
fn xlsx_merged_regions(bytes: &[u8], sheet: &str) -> std::result::Result<Vec<MergedRegion>, String> {
    let mut regions = Vec::new();
    scan_sheet_part(bytes, sheet, b"<mergeCell ", b">", |element| {
        if let Some(range) = xml_attribute(element, "ref")
            && let Some(region) = parse_range(&range)
        {
            regions.push(region);
        }
    })?;
    Ok(regions)
}

/// The cells of an xlsx sheet holding an error value (`t="e"`), as (0-based row,
/// column, the error's text), in sheet order: for the error values calamine does
/// not know (#SPILL!, #CALC!, #FIELD!, …), which it reports without their place.
fn xlsx_error_cells(bytes: &[u8], sheet: &str) -> std::result::Result<Vec<(u32, u32, String)>, String> {
    let mut cells = Vec::new();
    scan_sheet_part(bytes, sheet, b"<c ", b"</c>", |element| {
        let tag = &element[..element.find('>').unwrap_or(element.len())];
        if xml_attribute(tag, "t").as_deref() != Some("e") {
            return;
        }
        let value = element
            .find("<v>")
            .and_then(|start| element[start + 3..].find("</v>").map(|end| &element[start + 3..start + 3 + end]));
        if let (Some(place), Some(value)) = (xml_attribute(tag, "r"), value)
            && let Some(((row, col), _)) = parse_range(&place)
        {
            cells.push((row, col, xml_unescape(value)));
        }
    })?;
    Ok(cells)
}

/// An attribute's value in an element's text (which may begin with the
/// attribute, after the element name).
fn xml_attribute(element: &str, name: &str) -> Option<String> {
    let element = format!(" {element}");
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + element[start..].find('"')?;
    Some(xml_unescape(&element[start..end]))
}

/// Streams the part of an xlsx sheet (found through the workbook's
/// relationships) and hands `found` the text of every element from `open` to
/// the first `close` after it. Elements straddling two chunks are joined.
fn scan_sheet_part(
    bytes: &[u8],
    sheet: &str,
    open: &[u8],
    close: &[u8],
    mut found: impl FnMut(&str),
) -> std::result::Result<(), String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut text = |name: &str| -> std::result::Result<String, String> {
        let mut part = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
        let mut out = String::new();
        part.read_to_string(&mut out).map_err(|e| format!("{name}: {e}"))?;
        Ok(out)
    };
    let workbook = text("xl/workbook.xml")?;
    let relationships = text("xl/_rels/workbook.xml.rels")?;
    let attribute = |element: &str, name: &str| xml_attribute(element, name);
    let id = workbook
        .split("<sheet ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap_or(e.len())])
        .find(|e| attribute(e, "name").as_deref() == Some(sheet))
        .and_then(|e| attribute(e, "r:id"))
        .ok_or_else(|| format!("the workbook lists no sheet \"{sheet}\""))?;
    let target = relationships
        .split("<Relationship ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap_or(e.len())])
        .find(|e| attribute(e, "Id").as_deref() == Some(id.as_str()))
        .and_then(|e| attribute(e, "Target"))
        .ok_or_else(|| format!("the workbook's relationships lack {id}"))?;
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let mut reader = archive.by_name(&part).map_err(|e| format!("{part}: {e}"))?;
    // Stream the part; a match may straddle two chunks, so the tail is kept.
    let opening = memchr::memmem::Finder::new(open);
    let closing = memchr::memmem::Finder::new(close);
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut chunk).map_err(|e| format!("{part}: {e}"))?;
        buffer.extend_from_slice(&chunk[..n]);
        let mut consumed = 0;
        while let Some(at) = opening.find(&buffer[consumed..]) {
            let start = consumed + at;
            // A self-closing element ends at its first `/>`, before any `close`.
            let Some(tag_end) = memchr::memchr(b'>', &buffer[start..]).map(|e| start + e) else { break };
            let end = match buffer[tag_end - 1] == b'/' {
                true => tag_end + 1,
                false => match closing.find(&buffer[start..]) {
                    Some(e) => start + e + close.len(),
                    None => break,
                },
            };
            found(&String::from_utf8_lossy(&buffer[start..end]));
            consumed = end;
        }
        if n == 0 {
            break;
        }
        // Keep what may begin a match (an unfinished element, or a partial tag).
        let keep_from = match opening.find(&buffer[consumed..]) {
            Some(at) => consumed + at,
            None => buffer.len().saturating_sub(open.len()).max(consumed),
        };
        buffer.drain(..keep_from);
    }
    Ok(())
}

/// `A1:C3` (or one cell, `B2`) as 0-based ((row, column), (row, column)).
fn parse_range(range: &str) -> Option<MergedRegion> {
    let cell = |text: &str| -> Option<(u32, u32)> {
        let letters: String = text.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let digits = &text[letters.len()..];
        let column = letters.bytes().try_fold(0u32, |acc, b| {
            acc.checked_mul(26)?.checked_add(u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1)
        })?;
        let row: u32 = digits.parse().ok()?;
        Some((row.checked_sub(1)?, column.checked_sub(1)?))
    };
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    Some((cell(first)?, cell(last)?))
}

/// The five XML entities, for names in attributes (a sheet named `R&D`).
fn xml_unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// A Unicode encoding that text announces: by its byte order mark, or —
/// UTF-16 without one, as some exports write it — by its ASCII characters'
/// zero bytes on every other byte. `None` for anything else (UTF-8 without a
/// mark, GB18030, binary).
pub(crate) fn unicode_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Some("UTF-8 (BOM)");
    }
    // UTF-32LE's mark begins with UTF-16LE's: look at it first.
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return Some("UTF-32LE");
    }
    if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Some("UTF-32BE");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16BE");
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() >= 8 {
        let zeros = |offset: usize| head.iter().skip(offset).step_by(2).filter(|&&b| b == 0).count() * 2;
        let (even, odd) = (zeros(0), zeros(1));
        // Mostly ASCII (header words, digits, tabs): one byte of each pair zero.
        if odd * 10 >= head.len() * 7 && even * 20 < head.len() {
            return Some("UTF-16LE (no mark)");
        }
        if even * 10 >= head.len() * 7 && odd * 20 < head.len() {
            return Some("UTF-16BE (no mark)");
        }
    }
    None
}

/// UTF-32 code units to text, each unit that is not a character replaced by
/// U+FFFD (encoding_rs decodes no UTF-32: the WHATWG standard left it out).
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks_exact(4)
        .map(|unit| {
            let unit = [unit[0], unit[1], unit[2], unit[3]];
            let code = if big_endian { u32::from_be_bytes(unit) } else { u32::from_le_bytes(unit) };
            char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
}

/// Decodes text bytes: UTF-8, UTF-16 or UTF-32 as `unicode_encoding` tells
/// them, else UTF-8 without a mark, else GB18030 (a superset of GBK), which
/// Chinese office software still exports. Returns the text and the encoding.
pub(crate) fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(encoding) = unicode_encoding(bytes) {
        let text = match encoding {
            "UTF-8 (BOM)" => String::from_utf8_lossy(&bytes[3..]).into_owned(),
            "UTF-32LE" => decode_utf32(&bytes[4..], false),
            "UTF-32BE" => decode_utf32(&bytes[4..], true),
            "UTF-16LE" => encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]).0.into_owned(),
            "UTF-16BE" => encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]).0.into_owned(),
            "UTF-16LE (no mark)" => encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
            _ => encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
        };
        return (text, encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_regions_found_by_search_are_calamines() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample/projects");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "xlsx") {
                continue;
            }
            let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            for name in workbook.sheet_names() {
                let expected: Vec<MergedRegion> =
                    workbook.merge_cells_by_sheet_name(&name).unwrap().iter().map(|d| (d.start, d.end)).collect();
                assert_eq!(
                    xlsx_merged_regions(&std::fs::read(&path).unwrap(), &name).unwrap(),
                    expected,
                    "{}",
                    path.display()
                );
                checked += expected.len();
            }
        }
        assert!(checked > 0, "the sample has merged cells");
    }

    #[test]
    fn merged_ranges_parse_as_zero_based_corners() {
        assert_eq!(parse_range("A1:C3"), Some(((0, 0), (2, 2))));
        assert_eq!(parse_range("AA10"), Some(((9, 26), (9, 26))));
        assert_eq!(parse_range("XFD1048576"), Some(((1_048_575, 16_383), (1_048_575, 16_383))));
        assert_eq!(parse_range("A0"), None);
        assert_eq!(xml_unescape("R&amp;D &lt;2022&gt;"), "R&D <2022>");
    }

    #[test]
    fn merged_regions_fill_down_and_across() {
        let mut grid =
            Grid::from_text_rows(Some("s"), &[vec!["a", "b"], vec!["五华区", "x"], vec!["", "y"], vec!["", "z"]]);
        let limits = crate::config::Config::builtin_default().limits;
        let mut budget = CellBudget::new(&limits, InputPlace::default());
        grid.fill_merged(&[((1, 0), (3, 0))], &mut budget).unwrap();
        assert_eq!(grid.rows[3].get(0), Some(&Cell::Text("五华区".into())));
        assert_eq!(grid.rows[2].get(1), Some(&Cell::Text("y".into())));
    }

    #[test]
    fn a_merged_region_larger_than_the_budget_is_refused() {
        let mut grid = Grid::from_text_rows(Some("s"), &[vec!["title"]]);
        let mut limits = crate::config::Config::builtin_default().limits;
        limits.max_cells = 1000;
        let mut budget = CellBudget::new(&limits, InputPlace::default());
        let err = grid.fill_merged(&[((0, 0), (1_048_575, 16_383))], &mut budget).unwrap_err();
        assert_eq!(err.code(), 65);
    }

    #[test]
    fn out_of_order_cells_are_sorted_into_rows() {
        let mut b = RowBuilder::new();
        b.push(3, 1, Cell::Number(1.0));
        b.push(1, 2, Cell::Number(2.0));
        b.push(3, 0, Cell::Number(3.0));
        let rows = b.finish();
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(rows[1].cells.iter().map(|(c, _)| *c).collect::<Vec<_>>(), vec![0, 1]);
    }

    #[test]
    fn csv_text_is_decoded_from_utf8_bom_and_gb18030() {
        let (text, encoding) = decode_text("\u{FEFF}项目编号".as_bytes());
        assert_eq!((text.as_str(), encoding), ("项目编号", "UTF-8 (BOM)"));
        let (gbk, _, _) = encoding_rs::GBK.encode("项目编号,计划总投资");
        let (text, encoding) = decode_text(&gbk);
        assert_eq!((text.as_str(), encoding), ("项目编号,计划总投资", "GB18030"));
    }
}
