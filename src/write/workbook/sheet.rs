//! How a sheet of the evaluation workbook is written: a worksheet that tracks
//! its column widths as cells are written, and tables declared as lists of
//! columns.
//!
//! A table sheet is a list of [`Col`]s — each a header from the catalogue, a
//! [`Kind`] that fixes its one number format, width and alignment, and a
//! function giving its value in row `i` — so adding a column is one line, every
//! column reads alike from top to bottom, and a number never touches the text
//! beside it (the formats pad numbers on the right and indent text). The same
//! list writes a small sheet cell by cell and a big one streamed, where each
//! column carries its format so its cells are written without one.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::error::{Error, Result};
use crate::write::style::{self, num};

pub(super) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e)
}

/// What a column holds, which fixes how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text, indented.
    Text,
    /// Long text (a message, a list): wrapped in a column of this width.
    Long(u16),
    /// A whole number (ranks, counts).
    Integer,
    /// A 0–100 score, two decimals, with the score colour scale.
    Score,
    /// A score or points without the colour scale.
    Points,
    /// Money in 万元, with separators.
    Money,
    /// A share, as a percentage.
    Percent,
    /// A raw indicator value: up to four decimals.
    Raw,
    /// A signed whole change (a rank shift).
    SignedInteger,
    /// A signed change in points.
    SignedScore,
    /// A tier, in its colour.
    Tier,
    /// A centred word (是/否); `Value::Flag(true)` in red.
    Flag,
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A word, red when the flag is up (the gate, a failed check, a warning).
    Flag(String, bool),
    /// A word in the amber of a warning.
    Amber(String),
    /// A word in the green of a good mark (the red list, 红榜).
    Good(String),
}

impl Value {
    /// A number, or nothing.
    pub(super) fn number(value: Option<f64>) -> Value {
        value.filter(|v| v.is_finite()).map_or(Value::Empty, Value::Number)
    }

    /// Text, or nothing.
    pub(super) fn text(value: Option<&str>) -> Value {
        value.filter(|t| !t.is_empty()).map_or(Value::Empty, |t| Value::Text(t.to_string()))
    }
}

/// One column of a table: its header, its kind, its value in row `i`.
pub(super) struct Col<'a> {
    pub header: String,
    pub kind: Kind,
    pub value: Box<dyn Fn(usize) -> Value + Sync + 'a>,
}

impl<'a> Col<'a> {
    /// A column.
    pub(super) fn new(header: impl Into<String>, kind: Kind, value: impl Fn(usize) -> Value + Sync + 'a) -> Self {
        Col { header: header.into(), kind, value: Box::new(value) }
    }
}

/// The formats of the workbook, one per [`Kind`] and a few more. Made once per
/// workbook and numbered in its format table before two sheets stream at once
/// (see [`Formats::register`]).
pub(super) struct Formats {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub wrapped: Format,
    pub bold: Format,
    pub integer: Format,
    pub score: Format,
    pub money: Format,
    pub percent: Format,
    pub raw: Format,
    pub signed_integer: Format,
    pub signed_score: Format,
    pub centered: Format,
    pub flagged: Format,
    pub amber: Format,
    pub good: Format,
    pub mono: Format,
    pub sha_label: Format,
    pub note: Format,
    pub tiers: Vec<(String, Format)>,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            header: style::header(),
            text: style::text(),
            wrapped: style::wrapped(),
            bold: Format::new().set_bold(),
            integer: style::number(num::INTEGER),
            score: style::number(num::SCORE),
            money: style::number(num::MONEY),
            percent: style::number(num::PERCENT),
            raw: style::number(num::RAW),
            signed_integer: style::number(num::SIGNED_INTEGER),
            signed_score: style::number(num::SIGNED_SCORE),
            centered: style::centred(),
            flagged: style::badge(style::BAD_FILL, style::BAD_FONT),
            amber: style::badge(style::NEUTRAL_FILL, style::NEUTRAL_FONT),
            good: style::badge(style::GOOD_FILL, style::GOOD_FONT),
            mono: Format::new().set_font_name("Consolas").set_font_size(9),
            sha_label: Format::new()
                .set_font_size(9)
                .set_font_color(style::GREY_FONT)
                .set_align(rust_xlsxwriter::FormatAlign::Right),
            note: Format::new().set_italic().set_font_color(style::GREY_FONT),
            tiers: ["A", "B", "C", "D", "T"]
                .iter()
                .filter_map(|t| style::tier_badge(t).map(|f| (t.to_string(), f)))
                .collect(),
        }
    }

    pub(super) fn tier(&self, name: &str) -> &Format {
        self.tiers.iter().find(|(n, _)| n == name).map(|(_, f)| f).unwrap_or(&self.centered)
    }

    /// The format of a column's cells.
    pub(super) fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::Long(_) => &self.wrapped,
            Kind::Integer => &self.integer,
            Kind::Score | Kind::Points => &self.score,
            Kind::Money => &self.money,
            Kind::Percent => &self.percent,
            Kind::Raw => &self.raw,
            Kind::SignedInteger => &self.signed_integer,
            Kind::SignedScore => &self.signed_score,
            Kind::Tier | Kind::Flag => &self.centered,
        }
    }

    /// Numbers every format in the workbook's shared format table, in this
    /// order, through a scratch streamed sheet that is then dropped. Streamed
    /// sheets written at once on two threads must use only these formats: one
    /// made on the spot would be numbered by whichever thread met it first.
    pub(super) fn register(&self, workbook: &mut Workbook) -> Result<()> {
        let mut scratch = workbook.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
        let fixed = [
            &self.title,
            &self.header,
            &self.text,
            &self.wrapped,
            &self.bold,
            &self.integer,
            &self.score,
            &self.money,
            &self.percent,
            &self.raw,
            &self.signed_integer,
            &self.signed_score,
            &self.centered,
            &self.flagged,
            &self.amber,
            &self.good,
            &self.mono,
            &self.sha_label,
            &self.note,
        ];
        for (col, format) in fixed.into_iter().chain(self.tiers.iter().map(|(_, f)| f)).enumerate() {
            scratch.set_column_format(col as u16, format).map_err(xlsx_error)?;
        }
        Ok(())
    }
}

/// The widest a column is set, in characters.
const WIDEST_COLUMN: usize = 60;

/// A worksheet with column widths tracked as cells are written.
pub(super) struct Sheet<'a> {
    pub sheet: &'a mut Worksheet,
    widths: Vec<usize>,
    /// Per column, a fixed width (long text wraps in it), or 0.
    fixed: Vec<usize>,
    /// Per column, the address of the format the column carries (see
    /// [`Sheet::carry_formats`]), or 0.
    carried: Vec<usize>,
}

impl<'a> Sheet<'a> {
    pub(super) fn new(sheet: &'a mut Worksheet) -> Self {
        Sheet { sheet, widths: Vec::new(), fixed: Vec::new(), carried: Vec::new() }
    }

    /// Gives each column its cells' common format as the column's format, so
    /// that its cells are written without one: the writer looks a cell's format
    /// up by hashing all of it, which was half the time of writing a cell of a
    /// big streamed sheet. A cell without a format takes its column's, so the
    /// cells read the same. Called before any data row is written.
    pub(super) fn carry_formats(&mut self, columns: &[(u16, &Format)]) -> Result<()> {
        for &(col, format) in columns {
            self.sheet.set_column_format(col, format).map_err(xlsx_error)?;
            if self.carried.len() <= col as usize {
                self.carried.resize(col as usize + 1, 0);
            }
            self.carried[col as usize] = format as *const Format as usize;
        }
        Ok(())
    }

    /// Whether column `col` carries `format` (the same one, not an equal one).
    fn carries(&self, col: u16, format: &Format) -> bool {
        self.carried.get(col as usize).is_some_and(|&carried| carried == format as *const Format as usize)
    }

    fn widen(&mut self, col: u16, width: usize) {
        let col = col as usize;
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(width);
    }

    /// A column of a fixed width, its text wrapped.
    pub(super) fn fix_width(&mut self, col: u16, width: usize) {
        let col = col as usize;
        if self.fixed.len() <= col {
            self.fixed.resize(col + 1, 0);
        }
        self.fixed[col] = width;
    }

    /// Whether a text of `bytes` bytes could widen column `col`: a character
    /// is never wider than its UTF-8 bytes, so a text no longer than the
    /// column's width cannot (nor any text once the column is at the widest
    /// width set), and its width need not be measured.
    fn could_widen(&self, col: u16, bytes: usize) -> bool {
        let width = self.widths.get(col as usize).copied().unwrap_or(0);
        bytes > width && width < WIDEST_COLUMN - 2
    }

    pub(super) fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let text = cell_text(text);
        if self.carries(col, format) {
            self.sheet.write_string(row, col, text.as_ref()).map_err(xlsx_error)?;
        } else {
            self.sheet.write_string_with_format(row, col, text.as_ref(), format).map_err(xlsx_error)?;
        }
        if self.could_widen(col, text.len()) {
            // Two more for the indent.
            self.widen(col, crate::text::display_width(&text) + 2);
        }
        Ok(())
    }

    /// Text that should not widen its column (titles spanning several columns).
    pub(super) fn wide_text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet.write_string_with_format(row, col, cell_text(text).as_ref(), format).map_err(xlsx_error)?;
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        row: u32,
        col: u16,
        value: Option<f64>,
        format: &Format,
        decimals: usize,
    ) -> Result<()> {
        let Some(value) = value.filter(|v| v.is_finite()) else { return Ok(()) };
        if self.carries(col, format) {
            self.sheet.write_number(row, col, value).map_err(xlsx_error)?;
        } else {
            self.sheet.write_number_with_format(row, col, value, format).map_err(xlsx_error)?;
        }
        // Digits, separators, sign and the padding space.
        let digits = shown_length(value.abs(), decimals) + value.abs().log10().max(0.0) as usize / 3 + 2;
        self.widen(col, digits);
        Ok(())
    }

    pub(super) fn header(&mut self, row: u32, headers: &[String], format: &Format) -> Result<()> {
        for (c, h) in headers.iter().enumerate() {
            let lines = style::header_lines(h);
            self.sheet.write_string_with_format(row, c as u16, &lines, format).map_err(xlsx_error)?;
            self.widen(c as u16, style::header_width(h).max(8));
        }
        Ok(())
    }

    /// A header row frozen and filtered, over `rows` data rows.
    pub(super) fn table_frame(&mut self, header_row: u32, rows: usize, columns: usize) -> Result<()> {
        self.sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx_error)?;
        let last_row = header_row + rows.max(1) as u32;
        self.sheet.autofilter(header_row, 0, last_row, columns.saturating_sub(1) as u16).map_err(xlsx_error)?;
        self.sheet.set_row_height(header_row, 36).map_err(xlsx_error)?;
        Ok(())
    }

    pub(super) fn color_scale(&mut self, first_row: u32, last_row: u32, col: u16) -> Result<()> {
        if last_row < first_row {
            return Ok(());
        }
        self.sheet.add_conditional_format(first_row, col, last_row, col, &style::score_scale()).map_err(xlsx_error)?;
        Ok(())
    }

    /// Landscape A4; a header row repeated on every printed page; fitted to one
    /// page wide unless the sheet is too wide to read that way; the
    /// workbook's title (with its period) atop each page, the page number
    /// at its foot.
    pub(super) fn print_setup(&mut self, header_row: Option<u32>, fit_width: bool, title: &str) -> Result<()> {
        self.sheet.set_landscape().set_paper_size(9);
        // The workbook's title and, after it, the sheet's name (&A).
        self.sheet.set_header(format!("&C{} · &A", title.replace('&', "&&")));
        self.sheet.set_footer("&C&P / &N");
        if fit_width {
            self.sheet.set_print_fit_to_pages(1, 0);
        }
        if let Some(row) = header_row {
            self.sheet.set_repeat_rows(row, row).map_err(xlsx_error)?;
        }
        Ok(())
    }

    pub(super) fn finish(&mut self) -> Result<()> {
        let columns = self.widths.len().max(self.fixed.len());
        for c in 0..columns {
            let width = match self.fixed.get(c).copied().filter(|w| *w > 0) {
                Some(fixed) => fixed as f64,
                None => (self.widths.get(c).copied().unwrap_or(0) as f64 + 2.0).clamp(6.0, WIDEST_COLUMN as f64),
            };
            self.sheet.set_column_width(c as u16, width).map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Writes a table of `rows` rows under its header at `header_row`: each
    /// column its kind's format (carried by the column when `carry`, as a
    /// streamed sheet needs), scores with their colour scale, the header
    /// frozen and filtered. Returns the row after the last.
    pub(super) fn table(
        &mut self,
        formats: &Formats,
        header_row: u32,
        columns: &[Col],
        rows: usize,
        carry: bool,
    ) -> Result<u32> {
        let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
        self.header(header_row, &headers, &formats.header)?;
        // Before the data rows: a streamed sheet cannot change a row once past it.
        self.sheet.set_row_height(header_row, 36).map_err(xlsx_error)?;
        for (c, column) in columns.iter().enumerate() {
            if let Kind::Long(width) = column.kind {
                self.fix_width(c as u16, width as usize);
            }
        }
        if carry {
            let carried: Vec<(u16, &Format)> = columns
                .iter()
                .enumerate()
                .filter(|(_, c)| !matches!(c.kind, Kind::Tier | Kind::Flag))
                .map(|(i, c)| (i as u16, formats.of(c.kind)))
                .collect();
            self.carry_formats(&carried)?;
        }
        for i in 0..rows {
            let r = header_row + 1 + i as u32;
            let values: Vec<Value> = columns.iter().map(|column| (column.value)(i)).collect();
            // A wrapped text as tall as its lines: a spreadsheet does not
            // grow a row it was given no height for, and the lines overprint
            // the row below. Set before the row's cells, as a stream needs.
            let lines = columns
                .iter()
                .zip(&values)
                .filter_map(|(column, value)| match (column.kind, value) {
                    (Kind::Long(width), Value::Text(text)) => Some(style::wrapped_lines(text, f64::from(width))),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                self.sheet.set_row_height(r, style::LINE_HEIGHT * lines as f64 + 2.0).map_err(xlsx_error)?;
            }
            for ((c, column), value) in columns.iter().enumerate().zip(values) {
                self.cell(formats, r, c as u16, column.kind, value)?;
            }
        }
        let last = header_row + rows as u32;
        for (c, column) in columns.iter().enumerate() {
            if column.kind == Kind::Score {
                self.color_scale(header_row + 1, last, c as u16)?;
            }
        }
        self.table_frame(header_row, rows, columns.len())?;
        Ok(last + 1)
    }

    /// One cell of a column of `kind`.
    pub(super) fn cell(&mut self, formats: &Formats, r: u32, c: u16, kind: Kind, value: Value) -> Result<()> {
        let decimals = match kind {
            Kind::Integer | Kind::SignedInteger => 0,
            Kind::Percent => 1,
            Kind::Raw => 2,
            _ => 2,
        };
        match (kind, value) {
            (_, Value::Empty) => Ok(()),
            (Kind::Tier, Value::Text(t)) => self.text(r, c, &t, formats.tier(&t)),
            (_, Value::Flag(word, up)) => self.text(r, c, &word, if up { &formats.flagged } else { &formats.centered }),
            (_, Value::Amber(word)) => self.text(r, c, &word, &formats.amber),
            (_, Value::Good(word)) => self.text(r, c, &word, &formats.good),
            (_, Value::Text(t)) => self.text(r, c, &t, formats.of(kind)),
            (_, Value::Number(v)) => self.number(r, c, Some(v), formats.of(kind), decimals),
        }
    }
}

/// Text as a cell can hold it: a cell takes at most 32,767 characters, and a
/// longer text (a note pasted into a register) ends in "…" instead of failing
/// the whole workbook.
pub(super) fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    if text.len() <= MAX || text.chars().count() <= MAX {
        return text.into();
    }
    let mut cut: String = text.chars().take(MAX - 1).collect();
    cut.push('…');
    cut.into()
}

/// How many characters `format!("{:.*}", decimals, value)` takes for a
/// non-negative finite `value`, without formatting it: a big sheet's column
/// widths came from four million such strings. Values whose rounding could carry
/// into another integer digit (…9.996 at two decimals) and huge ones are
/// formatted, so the answer is always the formatted length.
pub(super) fn shown_length(value: f64, decimals: usize) -> usize {
    let fraction_part = if decimals > 0 { decimals + 1 } else { 0 };
    let whole = value.trunc();
    let margin = 0.6 * 10f64.powi(-(decimals.min(15) as i32));
    if value >= 1e15 || value - whole >= 1.0 - margin || decimals > 15 {
        return format!("{value:.decimals$}").len();
    }
    let mut digits = 1;
    let mut rest = whole as u64 / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    digits + fraction_part
}

#[cfg(test)]
mod tests {
    use super::shown_length;

    #[test]
    fn a_number_s_shown_length_is_its_formatted_length() {
        let mut values = vec![0.0, 0.004, 0.005, 0.5, 1.5, 2.5, 9.5, 9.994, 9.995, 9.996, 99.99, 99.999, 100.0];
        values.extend([999_999.995, 123_456_789.125, 1e15, 3.3e17, f64::MAX, 1e-300]);
        // A deterministic spread of magnitudes and fractions.
        let mut x = 0.123_456_789_f64;
        for _ in 0..20_000 {
            x = (x * 7_919.0 + 0.618_033_988_7) % 1.0;
            values.push(x * 10f64.powi((x * 1e6) as i32 % 13));
        }
        for value in values {
            for decimals in [0, 1, 2, 4, 6] {
                assert_eq!(shown_length(value, decimals), format!("{value:.decimals$}").len(), "{value} at {decimals}");
            }
        }
    }
}
