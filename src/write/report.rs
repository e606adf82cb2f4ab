//! Report workbooks (`compare-<period>.xlsx`, `sensitivity-<period>.xlsx`): sheets
//! of typed tables, each with a frozen, filtered header, and optionally a chart.
//!
//! The analyses live above this layer, so they do not write cells: a command
//! turns an analysis into [`ReportSheet`]s — a title, notes, a header and rows
//! of [`Cell`]s — and this module owns how every workbook of the engine looks
//! (the same header style, number formats and colour scales as the evaluation
//! workbook), that strings stay strings, and that the file is byte-identical for
//! identical content (document date fixed to the period end) and appears whole
//! (written to a temporary file and renamed).

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Format, Workbook,
};

use super::style::{self, num};
use crate::error::{Error, Result};
use crate::period::Period;

/// One cell of a report table. Each kind has one number format, so a column
/// of one kind reads alike from top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing.
    Empty,
    /// Text, written as a string whatever it looks like.
    Text(String),
    /// A tier, in its colour.
    Tier(String),
    /// A whole number.
    Integer(i64),
    /// A number shown with two decimals (a score).
    Number(f64),
    /// Points of change, shown with their sign.
    Points(f64),
    /// An index or correlation, three decimals.
    Index(f64),
    /// A share shown as a percentage.
    Percent(f64),
    /// A signed change shown with its sign (+3, −2, 0).
    Change(i64),
}

impl Cell {
    /// A number, or empty when there is none.
    pub(crate) fn number(value: Option<f64>) -> Cell {
        value.filter(|v| v.is_finite()).map_or(Cell::Empty, Cell::Number)
    }

    /// Points of change, or empty when there is none.
    pub(crate) fn points(value: Option<f64>) -> Cell {
        value.filter(|v| v.is_finite()).map_or(Cell::Empty, Cell::Points)
    }

    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(t) | Cell::Tier(t) => crate::text::display_width(t) + 2,
            Cell::Integer(i) | Cell::Change(i) => i.to_string().len() + 2,
            Cell::Number(v) | Cell::Points(v) => format!("{v:.2}").len() + 2,
            Cell::Index(v) => format!("{v:.3}").len() + 2,
            Cell::Percent(_) => 8,
        }
    }
}

/// How a bar chart's value axis runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Axis {
    /// From 0 up: shares and indices, so 0.56 against 0.64 looks like it.
    FromZero,
    /// Symmetric about 0, at least ±1: shifts, so a bar of 0 still has room.
    Symmetric,
}

/// A chart drawn from a sheet's own table, placed under it.
#[derive(Debug, Clone)]
pub(crate) enum ReportChart {
    /// One bar per row: category column, value column, a label per bar
    /// (empty: the value), the value axis.
    Bars { title: String, category: usize, value: usize, labels: Vec<String>, axis: Axis },
    /// Per row, a vertical line from the value in `low` to the one in `high` with
    /// a marker at `mark` (rank intervals around the nominal rank), the value
    /// axis reversed so rank 1 is at the top.
    Interval { title: String, category: usize, low: usize, mark: usize, high: usize, axis_name: String },
    /// One line per row across the columns `first..=last` (the header cells
    /// are the categories: periods), the value axis reversed from 1 so rank 1
    /// is at the top. A row with no value in a column leaves a gap.
    Lines { title: String, name: usize, first: usize, last: usize, axis_name: String },
}

/// One sheet of a report.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportSheet {
    /// Sheet name (≤ 31 characters).
    pub name: String,
    /// A title line above everything.
    pub title: String,
    /// Lines under the title (parameters, how to read the table).
    pub notes: Vec<String>,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// Columns holding 0–100 scores, shown with a colour scale.
    pub score_columns: Vec<usize>,
    /// Columns holding shares 0–1, shown with a colour scale.
    pub share_columns: Vec<usize>,
    /// An optional chart.
    pub chart: Option<ReportChart>,
    /// What the sheet says when it has no rows.
    pub empty_note: Option<String>,
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e)
}

/// Excel's limit on a cell's text.
const CELL_LIMIT: usize = 32_767;

fn cell_text(text: &str) -> &str {
    if text.len() <= CELL_LIMIT {
        return text;
    }
    let mut end = CELL_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The widest a column is set, in characters; longer text wraps.
const WIDEST: usize = 48;

/// The rows of a printed A4 landscape page, about.
const PAGE_ROWS: u32 = 34;

/// Writes a report workbook to `path`, atomically; its document date is the end of
/// `period`.
pub(crate) fn write_report(path: &Path, period: Period, title: &str, sheets: &[ReportSheet]) -> Result<()> {
    let mut workbook = Workbook::new();
    let end = period.end_date();
    let created = ExcelDateTime::from_ymd(
        chrono::Datelike::year(&end) as u16,
        chrono::Datelike::month(&end) as u8,
        chrono::Datelike::day(&end) as u8,
    )
    .map_err(xlsx)?;
    workbook.set_properties(
        &DocProperties::new().set_title(title).set_author("chainscore").set_creation_datetime(&created),
    );
    for sheet in sheets {
        write_sheet(&mut workbook, sheet, title)?;
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx)?;
    super::output::write_bytes(path, &bytes)
}

/// The formats of a report's cells.
struct Formats {
    text: Format,
    wrapped: Format,
    integer: Format,
    number: Format,
    points: Format,
    index: Format,
    percent: Format,
    change: Format,
}

/// One sheet: its title line after the workbook's (which names the period),
/// notes, the table and its chart; printed A4 landscape, one page wide, the
/// header row repeated, the workbook's title at the top of each page.
fn write_sheet(workbook: &mut Workbook, report: &ReportSheet, book_title: &str) -> Result<()> {
    let f = Formats {
        text: style::text(),
        wrapped: style::wrapped(),
        integer: style::number(num::INTEGER),
        number: style::number(num::SCORE),
        points: style::number(num::SIGNED_SCORE),
        index: style::number(num::INDEX),
        percent: style::number(num::PERCENT),
        change: style::number(num::SIGNED_INTEGER),
    };
    let sheet = workbook.add_worksheet();
    sheet.set_name(&report.name).map_err(xlsx)?;
    let title = format!("{book_title} · {}", report.title);
    sheet.write_string_with_format(0, 0, cell_text(&title), &style::title()).map_err(xlsx)?;
    for (i, note) in report.notes.iter().enumerate() {
        sheet.write_string(1 + i as u32, 0, cell_text(note)).map_err(xlsx)?;
    }
    let header_row = 2 + report.notes.len() as u32;
    sheet.set_header(format!("&C{} · &A", book_title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    let mut widths: Vec<usize> = report.header.iter().map(|h| style::header_width(h).max(8)).collect();
    for (c, h) in report.header.iter().enumerate() {
        let lines = style::header_lines(h);
        sheet.write_string_with_format(header_row, c as u16, cell_text(&lines), &style::header()).map_err(xlsx)?;
    }
    for (r, row) in report.rows.iter().enumerate() {
        let at = header_row + 1 + r as u32;
        // A wrapped text's row as tall as its lines (they overprint otherwise).
        let lines = row
            .iter()
            .filter_map(|cell| match cell {
                Cell::Text(t) if crate::text::display_width(t) > WIDEST => Some(style::wrapped_lines(t, WIDEST as f64)),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(at, style::LINE_HEIGHT * lines as f64 + 2.0).map_err(xlsx)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) | Cell::Tier(t) if t.is_empty() => {}
                Cell::Text(t) => {
                    let format = if crate::text::display_width(t) > WIDEST { &f.wrapped } else { &f.text };
                    sheet.write_string_with_format(at, col, cell_text(t), format).map_err(xlsx)?;
                }
                Cell::Tier(t) => {
                    let format = style::tier_badge(t).unwrap_or_else(style::centred);
                    sheet.write_string_with_format(at, col, cell_text(t), &format).map_err(xlsx)?;
                }
                Cell::Integer(i) => {
                    sheet.write_number_with_format(at, col, *i as f64, &f.integer).map_err(xlsx)?;
                }
                Cell::Number(v) => {
                    sheet.write_number_with_format(at, col, *v, &f.number).map_err(xlsx)?;
                }
                Cell::Points(v) => {
                    sheet.write_number_with_format(at, col, *v, &f.points).map_err(xlsx)?;
                }
                Cell::Index(v) => {
                    sheet.write_number_with_format(at, col, *v, &f.index).map_err(xlsx)?;
                }
                Cell::Percent(v) => {
                    sheet.write_number_with_format(at, col, *v, &f.percent).map_err(xlsx)?;
                }
                Cell::Change(i) => {
                    sheet.write_number_with_format(at, col, *i as f64, &f.change).map_err(xlsx)?;
                }
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(cell.width().min(WIDEST));
            }
        }
    }
    if report.rows.is_empty()
        && let Some(note) = &report.empty_note
    {
        sheet.write_string_with_format(header_row + 1, 0, cell_text(note), &f.text).map_err(xlsx)?;
    }
    let last_row = header_row + report.rows.len().max(1) as u32;
    // Landscape A4, one page wide, the header repeated on every printed page.
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    if !report.header.is_empty() {
        sheet.set_row_height(header_row, 36).map_err(xlsx)?;
        sheet.set_repeat_rows(header_row, header_row).map_err(xlsx)?;
        sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx)?;
        sheet.autofilter(header_row, 0, last_row, report.header.len() as u16 - 1).map_err(xlsx)?;
    }
    if !report.rows.is_empty() {
        for &c in &report.score_columns {
            sheet
                .add_conditional_format(header_row + 1, c as u16, last_row, c as u16, &style::score_scale())
                .map_err(xlsx)?;
        }
        for &c in &report.share_columns {
            sheet
                .add_conditional_format(header_row + 1, c as u16, last_row, c as u16, &style::share_scale())
                .map_err(xlsx)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w as f64 + 1.0).map_err(xlsx)?;
    }
    if let Some(chart) = &report.chart
        && !report.rows.is_empty()
    {
        let name = report.name.as_str();
        let (first, last) = (header_row + 1, header_row + report.rows.len() as u32);
        let mut chart = match chart {
            ReportChart::Bars { title, category, value, labels, axis } => {
                bar_chart((name, first, last), title, report, (*category, *value), labels, *axis)
            }
            ReportChart::Interval { title, category, low, mark, high, axis_name } => {
                interval_chart((name, first, last), title, report, *category, [*low, *mark, *high], axis_name)
            }
            ReportChart::Lines { title, name: label, first: c0, last: c1, axis_name } => {
                let mut chart = Chart::new(ChartType::Line);
                for r in first..=last {
                    chart
                        .add_series()
                        .set_name((name, r, *label as u16))
                        .set_categories((name, header_row, *c0 as u16, header_row, *c1 as u16))
                        .set_values((name, r, *c0 as u16, r, *c1 as u16));
                }
                chart.title().set_name(title);
                chart.y_axis().set_name(axis_name).set_reverse().set_min(1);
                chart.legend().set_position(ChartLegendPosition::Bottom);
                chart
            }
        };
        let height = (220 + 22 * report.rows.len().min(40) as u32).min(900);
        chart.set_width(640).set_height(height);
        // Under the table: a chart beside a wide table would print on its own
        // page. When the chart would run past the first printed page (about
        // PAGE_ROWS rows of 20 pixels), it starts a page of its own rather
        // than being cut in two.
        let at = last_row + 2;
        if at + height / 20 > PAGE_ROWS {
            sheet.set_page_breaks(&[at]).map_err(xlsx)?;
        }
        sheet.insert_chart(at, 0, &chart).map_err(xlsx)?;
    }
    Ok(())
}

/// A bar per row, every bar labelled (a bar of 0 too: 无变化), the value axis
/// from 0 or symmetric about it.
fn bar_chart(
    (name, first, last): (&str, u32, u32),
    title: &str,
    report: &ReportSheet,
    (category, value): (usize, usize),
    labels: &[String],
    axis: Axis,
) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    let values: Vec<f64> = report
        .rows
        .iter()
        .map(|row| match row.get(value) {
            Some(Cell::Integer(i) | Cell::Change(i)) => *i as f64,
            Some(Cell::Number(v) | Cell::Points(v) | Cell::Index(v) | Cell::Percent(v)) => *v,
            _ => 0.0,
        })
        .collect();
    let series = chart
        .add_series()
        .set_name(report.header[value].as_str())
        .set_categories((name, first, category as u16, last, category as u16))
        .set_values((name, first, value as u16, last, value as u16))
        .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(style::BAR_COLOUR)));
    if labels.len() == report.rows.len() && !labels.is_empty() {
        let custom: Vec<ChartDataLabel> =
            labels.iter().map(|l| ChartDataLabel::new().set_value(l.as_str()).to_custom()).collect();
        series.set_custom_data_labels(&custom);
    } else {
        series.set_data_label(ChartDataLabel::new().show_value());
    }
    chart.title().set_name(title);
    chart.legend().set_hidden();
    // A bar chart's categories are on its y axis: first row at the top, as in
    // the table; its values on the x axis.
    chart.y_axis().set_reverse();
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    match axis {
        Axis::FromZero => {
            chart.x_axis().set_min(0.0);
            if largest == 0.0 {
                chart.x_axis().set_max(1.0);
            }
        }
        Axis::Symmetric => {
            // Whole steps for whole changes (rank shifts), the names at the
            // left edge rather than on the zero line among the bars.
            let bound = largest.max(1.0).ceil();
            chart.x_axis().set_min(-bound).set_max(bound).set_num_format("0");
            if bound <= 10.0 {
                chart.x_axis().set_major_unit(1.0);
            }
            chart.y_axis().set_label_position(ChartAxisLabelPosition::Low);
        }
    }
    chart
}

/// A line chart without lines: markers at the low, mark and high values of each
/// row, joined by high–low lines (the classic interval plot).
fn interval_chart(
    (name, first, last): (&str, u32, u32),
    title: &str,
    report: &ReportSheet,
    category: usize,
    columns: [usize; 3],
    axis_name: &str,
) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    let categories = (name, first, category as u16, last, category as u16);
    let markers = [
        (ChartMarkerType::ShortDash, "#2E75B6"),
        (ChartMarkerType::Circle, "#C00000"),
        (ChartMarkerType::ShortDash, "#2E75B6"),
    ];
    for (column, (kind, color)) in columns.into_iter().zip(markers) {
        chart
            .add_series()
            .set_name(report.header[column].as_str())
            .set_categories(categories)
            .set_values((name, first, column as u16, last, column as u16))
            .set_format(ChartFormat::new().set_no_line())
            .set_marker(
                ChartMarker::new()
                    .set_type(kind)
                    .set_size(7)
                    .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color))),
            );
    }
    chart.set_high_low_lines(true);
    chart.title().set_name(title);
    chart.y_axis().set_reverse().set_name(axis_name).set_min(1.0);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
}
