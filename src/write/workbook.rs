//! The ranked evaluation workbook (spec 5): Summary, Districts, Projects, Chains,
//! Issues and Config, written cell by cell with rust_xlsxwriter.
//!
//! It is read by evaluators and leaders in Excel, WPS and LibreOffice, so: frozen
//! and filterable header rows, widths that fit Chinese text, number formats by
//! unit, a colour scale on scores, tiers and the gate highlighted, charts on the
//! Summary and Chains sheets, and provenance a reviewer can check. Strings are
//! always written as strings (a project named "=…" never becomes a formula), the
//! document date is the period end (no wall-clock time), so identical inputs and
//! config give a byte-identical file.

use polars::prelude::*;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::labels::label;
use crate::columns::{DIMENSION_KEYS, check_column, dimension_column, raw_column, score_column};
use crate::config::{Config, Language, Method};
use crate::error::{Error, Result};
use crate::issues::IssueCounts;
use crate::pipeline::Scored;

/// The workbook's file name for a period: `evaluation-2022Q4.xlsx`.
pub(crate) fn file_name(period: &crate::period::Period) -> String {
    format!("evaluation-{period}.xlsx")
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e)
}

/// Column values of a frame, by type.
struct Columns<'a>(&'a DataFrame);

impl Columns<'_> {
    fn text(&self, name: &str) -> Result<Vec<Option<String>>> {
        Ok(self.0.column(name)?.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
    }
    fn number(&self, name: &str) -> Result<Vec<Option<f64>>> {
        Ok(self.0.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
    }
    fn flag(&self, name: &str) -> Result<Vec<Option<bool>>> {
        Ok(self.0.column(name)?.bool()?.iter().collect())
    }
}

/// How many characters `format!("{:.*}", decimals, value)` takes for a
/// non-negative finite `value`, without formatting it: a big sheet's column
/// widths came from four million such strings. Values whose rounding could carry
/// into another integer digit (…9.996 at two decimals) and huge ones are
/// formatted, so the answer is always the formatted length.
fn shown_length(value: f64, decimals: usize) -> usize {
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

/// The changes since a baseline run (`rank_change`, `tier_before`,
/// `total_change`), when the pipeline added them.
struct Changes {
    rank: Vec<Option<f64>>,
    tier_before: Vec<Option<String>>,
    total: Vec<Option<f64>>,
}

impl Changes {
    fn of(columns: &Columns) -> Result<Option<Changes>> {
        if columns.0.column("rank_change").is_err() {
            return Ok(None);
        }
        Ok(Some(Changes {
            rank: columns.number("rank_change")?,
            tier_before: columns.text("tier_before")?,
            total: columns.number("total_change")?,
        }))
    }

    const HEADERS: [&'static str; 3] = ["rank_change", "tier_before", "total_change"];

    /// Writes row `i`'s changes from column `c`.
    fn write(&self, sheet: &mut Sheet, formats: &Formats, r: u32, c: u16, i: usize) -> Result<()> {
        sheet.number(r, c, self.rank[i], &formats.signed_integer, 0)?;
        let tier = self.tier_before[i].as_deref().unwrap_or_default();
        sheet.text(r, c + 1, tier, formats.tier(tier))?;
        sheet.number(r, c + 2, self.total[i], &formats.signed_score, 2)
    }
}

/// The formats of the workbook.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    bold: Format,
    integer: Format,
    score: Format,
    money: Format,
    percent: Format,
    raw: Format,
    signed_integer: Format,
    signed_score: Format,
    gated: Format,
    centered: Format,
    mono: Format,
    sha_label: Format,
    tiers: Vec<(String, Format)>,
}

impl Formats {
    fn new() -> Formats {
        let tier = |fill: &str, font: &str| {
            Format::new().set_background_color(fill).set_font_color(font).set_bold().set_align(FormatAlign::Center)
        };
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: Format::new(),
            bold: Format::new().set_bold(),
            integer: Format::new().set_num_format("0"),
            score: Format::new().set_num_format("0.00"),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
            raw: Format::new().set_num_format("#,##0.0###"),
            signed_integer: Format::new().set_num_format("+0;-0;0"),
            signed_score: Format::new().set_num_format("+0.00;-0.00;0.00"),
            gated: Format::new()
                .set_background_color("#FFC7CE")
                .set_font_color("#9C0006")
                .set_align(FormatAlign::Center),
            centered: Format::new().set_align(FormatAlign::Center),
            mono: Format::new().set_font_name("Consolas").set_font_size(9),
            sha_label: Format::new().set_font_size(9).set_font_color("#595959").set_align(FormatAlign::Right),
            tiers: vec![
                ("A".into(), tier("#C6EFCE", "#006100")),
                ("B".into(), tier("#DDEBF7", "#1F4E78")),
                ("C".into(), tier("#FFEB9C", "#9C5700")),
                ("D".into(), tier("#FFC7CE", "#9C0006")),
                ("T".into(), tier("#EDEDED", "#595959")),
            ],
        }
    }

    fn tier(&self, name: &str) -> &Format {
        self.tiers.iter().find(|(n, _)| n == name).map(|(_, f)| f).unwrap_or(&self.text)
    }

    /// Numbers every format in the workbook's shared format table, in this
    /// order, through a scratch streamed sheet that is then dropped. Streamed
    /// sheets written at once on two threads must use only these formats: one
    /// made on the spot would be numbered by whichever thread met it first.
    fn register(&self, workbook: &mut Workbook) -> Result<()> {
        let mut scratch = workbook.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
        let fixed = [
            &self.title,
            &self.header,
            &self.text,
            &self.bold,
            &self.integer,
            &self.score,
            &self.money,
            &self.percent,
            &self.raw,
            &self.signed_integer,
            &self.signed_score,
            &self.gated,
            &self.centered,
            &self.mono,
            &self.sha_label,
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
struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    widths: Vec<usize>,
    /// Per column, the address of the format the column carries (see
    /// [`Sheet::carry_formats`]), or 0.
    carried: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(sheet: &'a mut Worksheet) -> Self {
        Sheet { sheet, widths: Vec::new(), carried: Vec::new() }
    }

    /// Gives each column its cells' common format as the column's format, so
    /// that its cells are written without one: the writer looks a cell's format
    /// up by hashing all of it, which was half the time of writing a cell of a
    /// big streamed sheet. A cell without a format takes its column's, so the
    /// cells read the same; the columns' formats also apply to cells typed into
    /// them later. Called before any data row is written.
    fn carry_formats(&mut self, columns: &[(u16, &Format)]) -> Result<()> {
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

    /// Whether a text of `bytes` bytes could widen column `col`: a character
    /// is never wider than its UTF-8 bytes, so a text no longer than the
    /// column's width cannot (nor any text once the column is at the widest
    /// width set), and its width need not be measured.
    fn could_widen(&self, col: u16, bytes: usize) -> bool {
        let width = self.widths.get(col as usize).copied().unwrap_or(0);
        bytes > width && width < WIDEST_COLUMN - 2
    }

    fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<()> {
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
            self.widen(col, crate::text::display_width(&text));
        }
        Ok(())
    }

    /// Text that should not widen its column (titles spanning several columns).
    fn wide_text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet.write_string_with_format(row, col, cell_text(text).as_ref(), format).map_err(xlsx_error)?;
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, value: Option<f64>, format: &Format, decimals: usize) -> Result<()> {
        let Some(value) = value.filter(|v| v.is_finite()) else { return Ok(()) };
        if self.carries(col, format) {
            self.sheet.write_number(row, col, value).map_err(xlsx_error)?;
        } else {
            self.sheet.write_number_with_format(row, col, value, format).map_err(xlsx_error)?;
        }
        let digits = shown_length(value.abs(), decimals) + value.abs().log10().max(0.0) as usize / 3 + 1;
        self.widen(col, digits);
        Ok(())
    }

    fn header(&mut self, row: u32, headers: &[String], format: &Format) -> Result<()> {
        for (c, h) in headers.iter().enumerate() {
            self.sheet.write_string_with_format(row, c as u16, h, format).map_err(xlsx_error)?;
            // Headers wrap, so they need only half their length, but not less than 8.
            self.widen(c as u16, (crate::text::display_width(h) / 2 + 2).max(8));
        }
        Ok(())
    }

    /// A header row frozen and filtered, over `rows` data rows.
    fn table_frame(&mut self, header_row: u32, rows: usize, columns: usize) -> Result<()> {
        self.sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx_error)?;
        let last_row = header_row + rows.max(1) as u32;
        self.sheet.autofilter(header_row, 0, last_row, columns.saturating_sub(1) as u16).map_err(xlsx_error)?;
        self.sheet.set_row_height(header_row, 36).map_err(xlsx_error)?;
        Ok(())
    }

    fn color_scale(&mut self, first_row: u32, last_row: u32, col: u16) -> Result<()> {
        if last_row < first_row {
            return Ok(());
        }
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, 0)
            .set_midpoint(ConditionalFormatType::Number, 60)
            .set_maximum(ConditionalFormatType::Number, 100)
            .set_minimum_color("#F8696B")
            .set_midpoint_color("#FFEB84")
            .set_maximum_color("#63BE7B");
        self.sheet.add_conditional_format(first_row, col, last_row, col, &scale).map_err(xlsx_error)?;
        Ok(())
    }

    /// Landscape A4; a header row repeated on every printed page; fitted to one
    /// page wide unless the sheet is too wide to read that way.
    fn print_setup(&mut self, header_row: Option<u32>, fit_width: bool) -> Result<()> {
        self.sheet.set_landscape().set_paper_size(9);
        if fit_width {
            self.sheet.set_print_fit_to_pages(1, 0);
        }
        if let Some(row) = header_row {
            self.sheet.set_repeat_rows(row, row).map_err(xlsx_error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        for (c, width) in self.widths.iter().enumerate() {
            let width = (*width as f64 + 2.0).clamp(6.0, WIDEST_COLUMN as f64);
            self.sheet.set_column_width(c as u16, width).map_err(xlsx_error)?;
        }
        Ok(())
    }
}

/// Text as a cell can hold it: a cell takes at most 32,767 characters, and a
/// longer text (a note pasted into a register) ends in "…" instead of failing
/// the whole workbook.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    if text.len() <= MAX || text.chars().count() <= MAX {
        return text.into();
    }
    let mut cut: String = text.chars().take(MAX - 1).collect();
    cut.push('…');
    cut.into()
}

fn yes_no(language: Language, value: bool) -> &'static str {
    label(language, if value { "yes" } else { "no" })
}

/// A category value as readers know it: in Chinese, the vocabulary's own word
/// (建链 for `build`, 世界500强 for `global500`); otherwise the value itself.
fn category_display(config: &Config, value: &str) -> String {
    if config.language == Language::En {
        return value.to_string();
    }
    let class = label(Language::Zh, &format!("class.{value}"));
    if !class.is_empty() {
        return class.to_string();
    }
    [&config.links, &config.investor_tiers, &config.statuses]
        .iter()
        .find_map(|words| words.first_spelling(value))
        .unwrap_or(value)
        .to_string()
}

/// What every sheet reads: the run, its config and formats, and the districts in
/// rank order.
struct Context<'a> {
    scored: &'a Scored,
    config: &'a Config,
    language: Language,
    formats: Formats,
    districts: Columns<'a>,
    district_keys: Vec<String>,
    district_names: Vec<String>,
    dimension_keys: Vec<&'static str>,
}

impl<'a> Context<'a> {
    fn new(scored: &'a Scored, config: &'a Config, formats: Formats) -> Result<Self> {
        let districts = Columns(&scored.districts);
        let district_keys: Vec<String> =
            districts.text("district")?.into_iter().map(Option::unwrap_or_default).collect();
        let district_names: Vec<String> = district_keys.iter().map(|k| config.district_display(k)).collect();
        let dimension_keys: Vec<&'static str> =
            DIMENSION_KEYS.iter().copied().filter(|k| config.dimension(k).is_some()).collect();
        Ok(Context {
            scored,
            config,
            language: config.language,
            formats,
            districts,
            district_keys,
            district_names,
            dimension_keys,
        })
    }

    fn label(&self, key: &str) -> String {
        label(self.language, key).to_string()
    }

    fn dimension_name(&self, key: &str) -> String {
        self.config.dimension(key).map(|d| self.config.pick(&d.name, &d.name_en)).unwrap_or_else(|| key.to_string())
    }
}

/// Builds the workbook in memory; `diagnostics` are the run's (see
/// [`crate::diagnostics::diagnose`]).
pub fn build(scored: &Scored, config: &Config, diagnostics: &crate::diagnostics::Diagnostics) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    // A big run's workbook spends seconds in deflate at the default level 6;
    // level 1 saves in a third of the time for a somewhat larger file. Small
    // workbooks keep the default, so their bytes do not change.
    if scored.projects.height() > STREAMED_SHEET_ROWS {
        workbook.set_zip_compression_level(1);
    }
    properties(&mut workbook, scored, config.language)?;
    let context = Context::new(scored, config, formats)?;
    if !streams_projects(scored) {
        summary_sheet(&mut workbook, &context)?;
        districts_sheet(&mut workbook, &context)?;
        projects_sheet(&mut workbook, &context)?;
        other_sheets(&mut workbook, &context, diagnostics)?;
        return workbook.save_to_buffer().map_err(xlsx_error);
    }
    // The Projects sheet is filled on a thread of its own while this one
    // writes the others, then put in its place. Streamed sheets number their
    // formats in the workbook's shared table as they write (the others' are
    // merged in when the workbook is saved): every format is numbered there
    // first, so two sheets streaming at once number them the same on every run.
    context.formats.register(&mut workbook)?;
    let mut projects = workbook.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
    std::thread::scope(|scope| -> Result<()> {
        let filling = scope.spawn(|| fill_projects_sheet(&mut projects, &context));
        let others = summary_sheet(&mut workbook, &context)
            .and_then(|()| districts_sheet(&mut workbook, &context))
            .and_then(|()| other_sheets(&mut workbook, &context, diagnostics));
        filling.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        others
    })?;
    workbook.worksheets_mut().insert(2, projects);
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The sheets after Projects, in order.
fn other_sheets(
    workbook: &mut Workbook,
    context: &Context,
    diagnostics: &crate::diagnostics::Diagnostics,
) -> Result<()> {
    chains_sheet(workbook, context)?;
    issues_sheet(workbook, context)?;
    config_sheet(workbook, context)?;
    diagnostics_sheet(workbook, context, diagnostics)?;
    red_black_sheet(workbook, context)?;
    panorama_sheet(workbook, context)?;
    parks_sheet(workbook, context)
}

// ---------------------------------------------------------------- 红黑榜, panorama, parks

/// The words around a simple sheet's table: its tab name, the title line above
/// it and, when not every row is listed, a note below it saying so.
struct Words<'a> {
    name: &'a str,
    title: &'a str,
    note: Option<&'a str>,
}

/// A sheet of one table: a title line, a header row, rows written by `row`.
fn simple_sheet(
    workbook: &mut Workbook,
    context: &Context,
    words: Words,
    headers: &[String],
    rows: usize,
    mut row: impl FnMut(&mut Sheet, u32, usize) -> Result<()>,
) -> Result<()> {
    let Words { name, title, note } = words;
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    sheet.wide_text(0, 0, title, &context.formats.bold)?;
    sheet.header(1, headers, &context.formats.header)?;
    for i in 0..rows {
        row(&mut sheet, i as u32 + 2, i)?;
    }
    if let Some(note) = note {
        sheet.wide_text(rows as u32 + 2, 0, note, &context.formats.bold)?;
    }
    sheet.table_frame(1, rows, headers.len())?;
    sheet.print_setup(Some(1), true)?;
    sheet.finish()
}

fn t(context: &Context, zh: &str, en: &str) -> String {
    if context.language == Language::Zh { zh.to_string() } else { en.to_string() }
}

/// 红黑榜: the best and worst districts overall and per dimension, then every
/// bottom-tier project with the two indicators that cost it most.
fn red_black_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let (lists, laggards, all) =
        crate::panorama::red_and_black(&scored.projects, &scored.districts, config, 3, LAGGARD_ROWS)?;
    let bottom = config.tiers.levels.last().map(|x| x.name.clone()).unwrap_or_default();
    let note = (laggards.len() < all).then(|| {
        config.pick(
            &format!(
                "末档（{bottom}）项目共 {all} 个，本表列出得分最低的 {} 个；每个项目的档次见 projects.parquet",
                laggards.len()
            ),
            &format!(
                "the worst {} of {all} tier {bottom} projects are listed; every project's tier is in projects.parquet",
                laggards.len()
            ),
        )
    });
    let indicator_name = |key: &str| config.indicator_display(key);
    let headers: Vec<String> = [
        ("榜单", "List"),
        ("红/黑", "Red/black"),
        ("县区/项目", "District / project"),
        ("得分", "Score"),
        ("拉低得分的指标", "Indicators that cost most"),
    ]
    .iter()
    .map(|(z, e)| t(context, z, e))
    .collect();
    let title = t(
        context,
        "红黑榜：总分及各维度前三、后三的县区；末档项目及拉低其得分最多的两个指标（权重 ×（100 − 得分）最大）",
        "Red and black lists: the top and bottom three districts overall and per dimension; bottom-tier projects with the two indicators that cost them most (weight × (100 − score))",
    );
    let red = Format::new().set_background_color("#C6EFCE").set_font_color("#006100");
    simple_sheet(
        workbook,
        context,
        Words { name: &t(context, "红黑榜", "Red-black lists"), title: &title, note: note.as_deref() },
        &headers,
        lists.len() + laggards.len(),
        |sheet, r, i| {
            if let Some(entry) = lists.get(i) {
                let list = if entry.list == "overall" {
                    t(context, "总分", "Overall")
                } else {
                    context.dimension_name(&entry.list)
                };
                sheet.text(r, 0, &list, &formats.text)?;
                let (mark, format) = if entry.red {
                    (t(context, "红榜", "red"), &red)
                } else {
                    (t(context, "黑榜", "black"), &formats.gated)
                };
                sheet.text(r, 1, &mark, format)?;
                sheet.text(r, 2, &config.district_display(&entry.district), &formats.text)?;
                sheet.number(r, 3, Some(entry.score), &formats.score, 2)
            } else {
                let l = &laggards[i - lists.len()];
                sheet.text(r, 0, &format!("{} {bottom}", t(context, "末档项目", "Tier")), &formats.text)?;
                sheet.text(r, 1, &t(context, "黑榜", "black"), &formats.gated)?;
                sheet.text(
                    r,
                    2,
                    &format!("{} {} ({})", l.project_id, l.project_name, config.district_display(&l.district)),
                    &formats.text,
                )?;
                sheet.number(r, 3, Some(l.total), &formats.score, 2)?;
                let why: Vec<String> =
                    l.shortfalls.iter().map(|(k, s)| format!("{} {s:.0}", indicator_name(k))).collect();
                sheet.text(r, 4, &why.join("；"), &formats.text)
            }
        },
    )
}

/// 产业链全景: per chain and link, what is there, and the gaps.
fn panorama_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let lines = crate::panorama::chain_links(&scored.projects, config)?;
    let headers: Vec<String> = [
        ("产业链", "Chain"),
        ("环节", "Link"),
        ("项目数", "Projects"),
        ("计划总投资（万元）", "Investment (10k CNY)"),
        ("到位资金（万元）", "Capital in place (10k CNY)"),
        ("平均得分", "Mean score"),
        ("世界500强", "Global 500"),
        ("中国500强", "China 500"),
        ("民营500强", "Private 500"),
        ("缺口", "Gap"),
    ]
    .iter()
    .map(|(z, e)| t(context, z, e))
    .collect();
    let title = t(
        context,
        "产业链全景：各产业链建链、补链、延链、强链环节的项目、投资、到位资金与得分，三类500强企业；无项目的环节为招商缺口",
        "Chain panorama: per chain and link (build, supplement, extend, strengthen) the projects, investment, capital in place, score and top-500 investors; a link without a project is a gap to recruit for",
    );
    simple_sheet(
        workbook,
        context,
        Words { name: &t(context, "产业链全景", "Chain panorama"), title: &title, note: None },
        &headers,
        lines.len(),
        |sheet, r, i| {
            let line = &lines[i];
            sheet.text(r, 0, &config.chain_display(&line.chain), &formats.text)?;
            let link = if line.link.is_empty() {
                t(context, "（未填环节）", "(no link)")
            } else {
                category_display(config, &line.link)
            };
            sheet.text(r, 1, &link, &formats.text)?;
            sheet.number(r, 2, Some(line.projects as f64), &formats.integer, 0)?;
            sheet.number(r, 3, Some(line.investment), &formats.money, 2)?;
            sheet.number(r, 4, Some(line.capital), &formats.money, 2)?;
            sheet.number(r, 5, line.mean_score, &formats.score, 2)?;
            for (k, count) in line.top_500.iter().enumerate() {
                sheet.number(r, 6 + k as u16, Some(*count as f64), &formats.integer, 0)?;
            }
            if line.projects == 0 {
                sheet.text(r, 9, &t(context, "缺口", "gap"), &formats.gated)?;
            }
            Ok(())
        },
    )
}

/// 园区: per park its projects, land, investment, output and tax per mu, and the
/// share of its projects in its leading chains.
fn parks_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let parks = crate::panorama::parks(&scored.projects, config)?;
    let headers: Vec<String> = [
        ("园区", "Park"),
        ("项目数", "Projects"),
        ("用地（亩）", "Land (mu)"),
        ("计划总投资（万元）", "Investment (10k CNY)"),
        ("亩均产值（万元/亩）", "Output per mu"),
        ("亩均税收（万元/亩）", "Tax per mu"),
        ("主导产业项目占比", "Share in leading chains"),
    ]
    .iter()
    .map(|(z, e)| t(context, z, e))
    .collect();
    let title = t(
        context,
        "园区承载：各园区的项目、用地、投资、亩均产值与税收，以及主导产业项目占比（差异化发展）",
        "Parks: projects, land, investment, output and tax per mu, and the share of projects in the park's leading chains",
    );
    simple_sheet(
        workbook,
        context,
        Words { name: &t(context, "园区", "Parks"), title: &title, note: None },
        &headers,
        parks.len(),
        |sheet, r, i| {
            let park = &parks[i];
            let name = config
                .parks
                .iter()
                .find(|p| p.named.key == park.park)
                .map(|p| config.pick(&p.named.name, &p.named.name_en))
                .unwrap_or_else(|| park.park.clone());
            sheet.text(r, 0, &name, &formats.text)?;
            sheet.number(r, 1, Some(park.projects as f64), &formats.integer, 0)?;
            sheet.number(r, 2, Some(park.land), &formats.money, 2)?;
            sheet.number(r, 3, Some(park.investment), &formats.money, 2)?;
            sheet.number(r, 4, park.output_per_mu, &formats.money, 2)?;
            sheet.number(r, 5, park.tax_per_mu, &formats.money, 2)?;
            sheet.number(r, 6, park.leading_share, &formats.percent, 1)
        },
    )
}

// ---------------------------------------------------------------- Diagnostics

/// The Diagnostics sheet: per indicator distribution and influence, per
/// dimension Cronbach's α and influence, and the correlations, flags in red.
fn diagnostics_sheet(workbook: &mut Workbook, context: &Context, d: &crate::diagnostics::Diagnostics) -> Result<()> {
    let (config, formats, language) = (context.config, &context.formats, context.language);
    let zh = language == Language::Zh;
    let t = |c: &str, e: &str| if zh { c.to_string() } else { e.to_string() };
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(t("诊断", "Diagnostics")).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let flag = |sheet: &mut Sheet, r: u32, c: u16, on: bool| -> Result<()> {
        if on { sheet.text(r, c, &t("⚠ 关注", "⚠ check"), &formats.gated) } else { Ok(()) }
    };
    let indicator_name = |key: &str| config.indicator_display(key);
    sheet.wide_text(0, 0, &t(
        &format!("指标诊断（{} 个参评项目）：偏度 |s|>2 且峰度>3.5 标记；有效权重 = 与总分相关系数平方的占比，与名义权重相差两倍以上标记", d.projects),
        &format!("Indicator diagnostics ({} scored projects): |skew| > 2 and kurtosis > 3.5 flagged; effective weight = share of squared correlation with the total, flagged beyond a factor of two from the nominal", d.projects),
    ), &formats.bold)?;
    let headers: Vec<String> = [
        ("指标", "Indicator"),
        ("维度", "Dimension"),
        ("覆盖率", "Coverage"),
        ("零分占比", "Zero scores"),
        ("偏度", "Skewness"),
        ("峰度", "Kurtosis"),
        ("分布", "Distribution"),
        ("名义权重", "Nominal weight"),
        ("有效权重", "Effective weight"),
        ("影响力", "Influence"),
    ]
    .iter()
    .map(|(c, e)| t(c, e))
    .collect();
    sheet.header(1, &headers, &formats.header)?;
    let mut r = 2u32;
    for i in &d.indicators {
        sheet.text(r, 0, &format!("{} {}", i.indicator, indicator_name(&i.indicator)), &formats.text)?;
        sheet.text(r, 1, &context.dimension_name(&i.dimension), &formats.text)?;
        sheet.number(r, 2, Some(i.coverage), &formats.percent, 1)?;
        sheet.number(r, 3, Some(i.zeros), &formats.percent, 1)?;
        sheet.number(r, 4, i.skewness, &formats.score, 2)?;
        sheet.number(r, 5, i.kurtosis, &formats.score, 2)?;
        flag(&mut sheet, r, 6, i.skewed)?;
        sheet.number(r, 7, Some(i.nominal_weight), &formats.percent, 1)?;
        sheet.number(r, 8, Some(i.effective_weight), &formats.percent, 1)?;
        flag(&mut sheet, r, 9, i.influence_flag)?;
        r += 1;
    }
    r += 1;
    sheet.header(
        r,
        &[
            ("维度", "Dimension"),
            ("克朗巴哈 α", "Cronbach's α"),
            ("名义权重", "Nominal weight"),
            ("有效权重", "Effective weight"),
            ("影响力", "Influence"),
        ]
        .iter()
        .map(|(c, e)| t(c, e))
        .collect::<Vec<_>>(),
        &formats.header,
    )?;
    r += 1;
    for dimension in &d.dimensions {
        sheet.text(r, 0, &context.dimension_name(&dimension.dimension), &formats.text)?;
        sheet.number(r, 1, dimension.cronbach_alpha, &formats.score, 2)?;
        sheet.number(r, 2, Some(dimension.nominal_weight), &formats.percent, 1)?;
        sheet.number(r, 3, Some(dimension.effective_weight), &formats.percent, 1)?;
        flag(&mut sheet, r, 4, dimension.influence_flag)?;
        r += 1;
    }
    r += 1;
    sheet.header(
        r,
        &[
            (
                "相关系数（维度内指标，>0.9 或为负标记；维度之间）",
                "Correlations (indicators within a dimension: > 0.9 or negative flagged; dimensions)",
            ),
            ("", ""),
            ("r", "r"),
            ("", ""),
        ]
        .iter()
        .map(|(c, e)| t(c, e))
        .collect::<Vec<_>>(),
        &formats.header,
    )?;
    r += 1;
    for pair in d.within.iter().chain(&d.between) {
        sheet.text(r, 0, &pair.a, &formats.text)?;
        sheet.text(r, 1, &pair.b, &formats.text)?;
        sheet.number(r, 2, Some(pair.r), &formats.score, 2)?;
        flag(&mut sheet, r, 3, pair.flag)?;
        r += 1;
    }
    sheet.print_setup(Some(1), true)?;
    sheet.finish()?;
    Ok(())
}

/// The document properties, dated at the period end rather than the clock.
fn properties(workbook: &mut Workbook, scored: &Scored, language: Language) -> Result<()> {
    let l = |key: &str| label(language, key).to_string();
    let end = scored.period.end_date();
    let created = ExcelDateTime::from_ymd(
        chrono::Datelike::year(&end) as u16,
        chrono::Datelike::month(&end) as u8,
        chrono::Datelike::day(&end) as u8,
    )
    .map_err(xlsx_error)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", l("title"), scored.period))
            .set_author("chainscore")
            .set_creation_datetime(&created),
    );
    Ok(())
}

// ---------------------------------------------------------------- Summary

/// The Summary sheet: key figures, district contributions with their charts, and
/// provenance.
fn summary_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let summary_name = context.label("sheet.summary");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&summary_name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let row = summary_facts(&mut sheet, context)?;
    let (row, contributions) = summary_contributions(&mut sheet, context, row)?;
    let row = summary_charts(&mut sheet, context, &summary_name, contributions, row)?;
    summary_provenance(&mut sheet, context, row)?;
    sheet.finish()?;
    sheet.print_setup(None, true)?;
    Ok(())
}

/// The title and the key figures of the run; returns the last row written.
fn summary_facts(sheet: &mut Sheet, context: &Context) -> Result<u32> {
    let (scored, formats, language) = (context.scored, &context.formats, context.language);
    let (district_keys, district_names) = (&context.district_keys, &context.district_names);
    let l = |key: &str| context.label(key);
    let end = scored.period.end_date();
    sheet.wide_text(0, 0, &format!("{} · {}", l("title"), scored.period), &formats.title)?;
    let counts = IssueCounts::of(&scored.issues);
    let projects = Columns(&scored.projects);
    let exempt: Vec<bool> = projects.flag("_exempt")?.into_iter().map(|v| v.unwrap_or(false)).collect();
    let investment = projects.number("total_investment")?;
    let capital = projects.number("capital_in_place")?;
    let totals = projects.number("total")?;
    let scored_rows: Vec<usize> = (0..exempt.len()).filter(|&i| !exempt[i]).collect();
    let invest_sum: f64 = scored_rows.iter().filter_map(|&i| investment[i]).sum();
    let capital_sum: f64 = scored_rows.iter().filter_map(|&i| capital[i]).sum();
    let weighted: f64 = scored_rows.iter().map(|&i| investment[i].unwrap_or(0.0) * totals[i].unwrap_or(0.0)).sum();
    let names = projects.text("project_name")?;
    let ids = projects.text("project_id")?;
    let mut row = 2u32;
    let fact =
        |sheet: &mut Sheet, row: &mut u32, key: &str, write: &dyn Fn(&mut Sheet, u32) -> Result<()>| -> Result<()> {
            sheet.text(*row, 0, label(language, key), &formats.bold)?;
            write(sheet, *row)?;
            *row += 1;
            Ok(())
        };
    fact(sheet, &mut row, "period", &|s, r| s.text(r, 1, &scored.period.to_string(), &formats.text))?;
    fact(sheet, &mut row, "period_end", &|s, r| s.text(r, 1, &end.to_string(), &formats.text))?;
    fact(sheet, &mut row, "projects_scored", &|s, r| {
        s.number(r, 1, Some(scored_rows.len() as f64), &formats.integer, 0)
    })?;
    fact(sheet, &mut row, "projects_exempt", &|s, r| {
        s.number(r, 1, Some((exempt.len() - scored_rows.len()) as f64), &formats.integer, 0)
    })?;
    fact(sheet, &mut row, "districts_ranked", &|s, r| {
        s.number(r, 1, Some(district_keys.len() as f64), &formats.integer, 0)
    })?;
    fact(sheet, &mut row, "investment_scored", &|s, r| s.number(r, 1, Some(invest_sum), &formats.money, 2))?;
    fact(sheet, &mut row, "capital_scored", &|s, r| s.number(r, 1, Some(capital_sum), &formats.money, 2))?;
    fact(sheet, &mut row, "city_quality", &|s, r| {
        s.number(r, 1, (invest_sum > 0.0).then(|| weighted / invest_sum), &formats.score, 2)
    })?;
    fact(sheet, &mut row, "top_district", &|s, r| {
        s.text(r, 1, district_names.first().map(String::as_str).unwrap_or("—"), &formats.text)
    })?;
    let top_project = scored_rows
        .first()
        .map(|&i| format!("{} {}", ids[i].clone().unwrap_or_default(), names[i].clone().unwrap_or_default()))
        .unwrap_or_else(|| "—".into());
    fact(sheet, &mut row, "top_project", &|s, r| s.wide_text(r, 1, &top_project, &formats.text))?;
    fact(sheet, &mut row, "issues_count", &|s, r| {
        s.text(r, 1, &format!("{} / {} / {}", counts.error, counts.warning, counts.info), &formats.text)
    })?;
    Ok(row)
}

/// Where the contributions table sits on the Summary sheet, and what the charts
/// drawn from it need.
struct Contributions {
    table_header: u32,
    last_district_row: u32,
    dims: Vec<Vec<Option<f64>>>,
    remainders: Vec<f64>,
}

/// The district contributions table, below `row`; returns the last row written.
fn summary_contributions(sheet: &mut Sheet, context: &Context, mut row: u32) -> Result<(u32, Contributions)> {
    let (config, formats, districts) = (context.config, &context.formats, &context.districts);
    let (district_keys, district_names) = (&context.district_keys, &context.district_names);
    let dimension_keys = &context.dimension_keys;
    let l = |key: &str| context.label(key);
    let dimension_name = |key: &str| context.dimension_name(key);
    // District contributions: quality weight × dimension weight × dimension
    // score, capital weight × capital score, and what adjustments (or a
    // geometric aggregation) leave over.
    row += 1;
    sheet.text(row, 0, &l("contributions"), &formats.bold)?;
    row += 1;
    let table_header = row;
    let mut headers = vec![l("district")];
    headers.extend(dimension_keys.iter().map(|k| dimension_name(k)));
    headers.push(l("capital"));
    headers.push(l("adjustments"));
    headers.push(l("total"));
    sheet.header(row, &headers, &formats.header)?;
    let totals = districts.number("total")?;
    let capital_scores = districts.number("capital_score")?;
    let dims: Vec<Vec<Option<f64>>> =
        dimension_keys.iter().map(|k| districts.number(&dimension_column(k))).collect::<Result<_>>()?;
    let mut remainders = Vec::new();
    for i in 0..district_keys.len() {
        row += 1;
        sheet.text(row, 0, &district_names[i], &formats.text)?;
        let mut sum = 0.0;
        for (d, key) in dimension_keys.iter().enumerate() {
            let weight =
                config.district.quality_weight * config.dimension(key).map(|x| x.relative_weight).unwrap_or(0.0);
            let value = weight * dims[d][i].unwrap_or(0.0);
            sum += value;
            sheet.number(row, 1 + d as u16, Some(value), &formats.score, 2)?;
        }
        let capital_part = config.district.capital_weight * capital_scores[i].unwrap_or(0.0);
        sum += capital_part;
        let col = 1 + dimension_keys.len() as u16;
        sheet.number(row, col, Some(capital_part), &formats.score, 2)?;
        let remainder = totals[i].unwrap_or(0.0) - sum;
        remainders.push(remainder);
        sheet.number(row, col + 1, Some(remainder), &formats.score, 2)?;
        sheet.number(row, col + 2, totals[i], &formats.score, 2)?;
    }
    let last_district_row = row;
    Ok((row, Contributions { table_header, last_district_row, dims, remainders }))
}

/// The contributions chart and the radar of the top districts, with the radar's
/// data; returns the last row they take.
fn summary_charts(
    sheet: &mut Sheet,
    context: &Context,
    summary_name: &str,
    contributions: Contributions,
    mut row: u32,
) -> Result<u32> {
    let formats = &context.formats;
    let (district_keys, district_names) = (&context.district_keys, &context.district_names);
    let dimension_keys = &context.dimension_keys;
    let l = |key: &str| context.label(key);
    let dimension_name = |key: &str| context.dimension_name(key);
    let Contributions { table_header, last_district_row, dims, remainders } = contributions;
    if !district_keys.is_empty() {
        // A radar of the four dimensions for the top five districts: its data first.
        row += 2;
        sheet.text(row, 0, &l("dimensions_top"), &formats.bold)?;
        row += 1;
        let radar_header = row;
        let mut headers = vec![l("dimension")];
        let top = district_keys.len().min(5);
        headers.extend(district_names.iter().take(top).cloned());
        sheet.header(row, &headers, &formats.header)?;
        for (d, key) in dimension_keys.iter().enumerate() {
            row += 1;
            sheet.text(row, 0, &dimension_name(key), &formats.text)?;
            for (i, value) in dims[d].iter().take(top).enumerate() {
                sheet.number(row, 1 + i as u16, *value, &formats.score, 2)?;
            }
        }
        // The charts side by side under the tables, so they hide no figure, and on
        // a printed page of their own.
        row += 2;
        sheet.sheet.set_page_breaks(&[row]).map_err(xlsx_error)?;
        let mut chart = Chart::new(ChartType::BarStacked);
        let series_count = dimension_keys.len() + 1 + usize::from(remainders.iter().any(|r| r.abs() > 5e-3));
        for s in 0..series_count {
            let col = 1 + s as u16;
            chart
                .add_series()
                .set_name((summary_name, table_header, col))
                .set_categories((summary_name, table_header + 1, 0, last_district_row, 0))
                .set_values((summary_name, table_header + 1, col, last_district_row, col));
        }
        chart.title().set_name(&l("contributions"));
        chart.x_axis().set_min(0).set_max(100);
        chart.y_axis().set_reverse();
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(600).set_height(340);
        sheet.sheet.insert_chart(row, 0, &chart).map_err(xlsx_error)?;
        let mut radar = Chart::new(ChartType::Radar);
        for i in 0..top {
            let col = 1 + i as u16;
            radar
                .add_series()
                .set_name((summary_name, radar_header, col))
                .set_categories((summary_name, radar_header + 1, 0, radar_header + dimension_keys.len() as u32, 0))
                .set_values((summary_name, radar_header + 1, col, radar_header + dimension_keys.len() as u32, col));
        }
        radar.title().set_name(&l("dimensions_top"));
        radar.y_axis().set_min(0).set_max(100);
        radar.legend().set_position(ChartLegendPosition::Bottom);
        radar.set_width(440).set_height(340);
        sheet.sheet.insert_chart_with_offset(row, 0, &radar, 620, 0).map_err(xlsx_error)?;
        row += 18;
    }
    Ok(row)
}

/// The engine, config files and input files with their SHA-256, below `row`.
fn summary_provenance(sheet: &mut Sheet, context: &Context, mut row: u32) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let l = |key: &str| context.label(key);
    // Provenance: what produced these numbers, for a reviewer to check. Each
    // SHA-256 sits on its own row, where it can run across the empty cells.
    row += 2;
    sheet.text(row, 0, &l("provenance"), &formats.bold)?;
    row += 1;
    sheet.text(row, 0, &l("engine"), &formats.bold)?;
    sheet.text(row, 1, &format!("chainscore {}", env!("CARGO_PKG_VERSION")), &formats.text)?;
    for (file, sha256) in config.source.digests() {
        row += 1;
        sheet.text(row, 0, &l("config_file"), &formats.bold)?;
        sheet.wide_text(row, 1, &crate::files::clean_path(file).display().to_string(), &formats.text)?;
        row += 1;
        sheet.wide_text(row, 0, &l("sha256"), &formats.sha_label)?;
        sheet.wide_text(row, 1, &sha256, &formats.mono)?;
    }
    row += 2;
    let headers = vec![l("file"), l("kind"), l("sheet"), l("rows")];
    sheet.header(row, &headers, &formats.header)?;
    for (source, accounting) in scored.sources.iter().zip(&scored.accounting) {
        row += 1;
        sheet.text(row, 0, &source.display(), &formats.text)?;
        sheet.text(row, 1, &l(&format!("kind.{}", source.kind.key())), &formats.text)?;
        sheet.text(row, 2, source.sheet.as_deref().unwrap_or(""), &formats.text)?;
        sheet.wide_text(row, 3, &accounting.line("scored"), &formats.text)?;
        row += 1;
        sheet.wide_text(row, 0, &l("sha256"), &formats.sha_label)?;
        sheet.wide_text(row, 1, &source.sha256, &formats.mono)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- Districts

/// The Districts sheet, with the rank change since a baseline when the run has one.
fn districts_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (formats, language, districts) = (&context.formats, context.language, &context.districts);
    let (district_keys, district_names) = (&context.district_keys, &context.district_names);
    let dimension_keys = &context.dimension_keys;
    let l = |key: &str| context.label(key);
    let dimension_name = |key: &str| context.dimension_name(key);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(l("sheet.districts")).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let mut headers: Vec<String> =
        ["rank", "tier", "district", "total", "quality", "capital_score"].iter().map(|k| l(k)).collect();
    headers.extend(dimension_keys.iter().map(|k| dimension_name(k)));
    headers.extend(
        ["projects", "total_investment", "capital_in_place", "target", "completion", "gated"].iter().map(|k| l(k)),
    );
    // For a quarter or month, the projected year-end completion and its flag.
    let warning = match districts.0.column("projected_completion") {
        Ok(_) => Some((districts.number("projected_completion")?, districts.flag("at_risk")?)),
        Err(_) => None,
    };
    if warning.is_some() {
        headers.extend(["projected_completion", "at_risk"].iter().map(|k| l(k)));
    }
    // With a baseline the pipeline added each district's changes since then.
    let changes = Changes::of(districts)?;
    if changes.is_some() {
        headers.extend(Changes::HEADERS.iter().map(|k| l(k)));
    }
    sheet.header(0, &headers, &formats.header)?;
    let (ranks, tiers) = (districts.number("rank")?, districts.text("tier")?);
    let numbers: Vec<Vec<Option<f64>>> =
        ["total", "quality", "capital_score"].iter().map(|c| districts.number(c)).collect::<Result<_>>()?;
    let dims: Vec<Vec<Option<f64>>> =
        dimension_keys.iter().map(|k| districts.number(&dimension_column(k))).collect::<Result<_>>()?;
    let (count, investment, capital, target, completion, gated) = (
        districts.number("projects")?,
        districts.number("total_investment")?,
        districts.number("capital_in_place")?,
        districts.number("target")?,
        districts.number("completion")?,
        districts.flag("gated")?,
    );
    for i in 0..district_keys.len() {
        let r = i as u32 + 1;
        sheet.number(r, 0, ranks[i], &formats.integer, 0)?;
        let tier = tiers[i].clone().unwrap_or_default();
        sheet.text(r, 1, &tier, formats.tier(&tier))?;
        sheet.text(r, 2, &district_names[i], &formats.text)?;
        for (c, values) in numbers.iter().enumerate() {
            sheet.number(r, 3 + c as u16, values[i], &formats.score, 2)?;
        }
        let mut c = 6u16;
        for values in &dims {
            sheet.number(r, c, values[i], &formats.score, 2)?;
            c += 1;
        }
        sheet.number(r, c, count[i], &formats.integer, 0)?;
        sheet.number(r, c + 1, investment[i], &formats.money, 2)?;
        sheet.number(r, c + 2, capital[i], &formats.money, 2)?;
        sheet.number(r, c + 3, target[i], &formats.money, 2)?;
        sheet.number(r, c + 4, completion[i], &formats.percent, 1)?;
        let is_gated = gated[i].unwrap_or(false);
        sheet.text(r, c + 5, yes_no(language, is_gated), if is_gated { &formats.gated } else { &formats.centered })?;
        let mut next = c + 6;
        if let Some((projected, at_risk)) = &warning {
            sheet.number(r, next, projected[i], &formats.percent, 1)?;
            if let Some(risk) = at_risk[i] {
                sheet.text(
                    r,
                    next + 1,
                    yes_no(language, risk),
                    if risk { &formats.gated } else { &formats.centered },
                )?;
            }
            next += 2;
        }
        if let Some(changes) = &changes {
            changes.write(&mut sheet, formats, r, next, i)?;
        }
    }
    let last = district_keys.len() as u32;
    for col in 3..6 + dimension_keys.len() as u16 {
        sheet.color_scale(1, last, col)?;
    }
    sheet.table_frame(0, district_keys.len(), headers.len())?;
    sheet.print_setup(Some(0), true)?;
    sheet.finish()?;
    Ok(())
}

// ---------------------------------------------------------------- Projects

/// The Projects sheet: every project, its dimension and indicator scores, checks
/// and adjustment.
fn projects_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    fill_projects_sheet(workbook.add_worksheet(), context)
}

/// Whether the Projects sheet is streamed: a big register's sheet is written
/// to a temporary file row by row (constant memory) instead of held cell by
/// cell, on a thread of its own; small ones keep the standard layout, so their
/// bytes do not change.
fn streams_projects(scored: &Scored) -> bool {
    scored.projects.height() > STREAMED_SHEET_ROWS
}

fn fill_projects_sheet(worksheet: &mut Worksheet, context: &Context) -> Result<()> {
    let (scored, config, formats, language) = (context.scored, context.config, &context.formats, context.language);
    let dimension_keys = &context.dimension_keys;
    let l = |key: &str| context.label(key);
    let streamed = streams_projects(scored);
    worksheet.set_name(l("sheet.projects")).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    // More projects than a person reads in a sheet (or than a sheet holds): the
    // best ones, and a last row saying where the rest are (the projects sidecar
    // has them all). Only those rows are taken out of the frame.
    let shown = scored.projects.height().min(config.sheet_projects);
    let best = scored.projects.slice(0, shown);
    let projects = Columns(&best);
    let headers = project_headers(context);
    let has_adjustments = !config.adjustments.is_empty();
    sheet.header(0, &headers, &formats.header)?;
    // Before the data rows: a streamed sheet cannot change a row once past it.
    sheet.sheet.set_row_height(0, 36).map_err(xlsx_error)?;
    let ints: Vec<Vec<Option<f64>>> =
        ["rank", "district_rank", "chain_rank"].iter().map(|c| projects.number(c)).collect::<Result<_>>()?;
    let (ids, names, districts_col, chains, tiers) = (
        projects.text("project_id")?,
        projects.text("project_name")?,
        projects.text("district")?,
        projects.text("chain")?,
        projects.text("tier")?,
    );
    let (park_keys, parks) = (projects.text("park_key")?, projects.text("park")?);
    let total = projects.number("total")?;
    let dims: Vec<Vec<Option<f64>>> =
        dimension_keys.iter().map(|k| projects.number(&dimension_column(k))).collect::<Result<_>>()?;
    let mut indicator_columns = Vec::new();
    for indicator in &config.indicators {
        let raw_name = raw_column(&indicator.key);
        let raw: Vec<Option<String>> = projects.text(&raw_name)?;
        let raw_numbers = match indicator.method {
            Method::Category { .. } | Method::Boolean => None,
            _ => Some(projects.number(&raw_name)?),
        };
        indicator_columns.push((raw, raw_numbers, projects.number(&score_column(&indicator.key))?));
    }
    let checks: Vec<Vec<Option<bool>>> =
        config.checks.iter().map(|c| projects.flag(&check_column(&c.key))).collect::<Result<_>>()?;
    let adjustment = if has_adjustments { projects.number("adjustment")? } else { Vec::new() };
    let changes = Changes::of(&projects)?;
    if streamed {
        let mut carried: Vec<(u16, &Format)> =
            vec![(0, &formats.integer), (1, &formats.integer), (2, &formats.integer)];
        carried.extend((3..8).map(|c| (c, &formats.text)));
        carried.extend((9..10 + dimension_keys.len() as u16).map(|c| (c, &formats.score)));
        let mut c = 10 + dimension_keys.len() as u16;
        for (_, raw_numbers, _) in &indicator_columns {
            carried.push((c, if raw_numbers.is_some() { &formats.raw } else { &formats.text }));
            carried.push((c + 1, &formats.score));
            c += 2;
        }
        c += config.checks.len() as u16;
        if has_adjustments {
            carried.push((c, &formats.score));
            c += 1;
        }
        if changes.is_some() {
            carried.extend([(c, &formats.signed_integer), (c + 2, &formats.signed_score)]);
        }
        sheet.carry_formats(&carried)?;
    }
    let park_name = |key: &Option<String>, raw: &Option<String>| -> String {
        match key {
            Some(key) => config
                .parks
                .iter()
                .find(|p| &p.named.key == key)
                .map(|p| p.named.name.clone())
                .unwrap_or_else(|| key.clone()),
            None => raw.clone().unwrap_or_default(),
        }
    };
    for i in 0..shown {
        let r = i as u32 + 1;
        for (c, values) in ints.iter().enumerate() {
            sheet.number(r, c as u16, values[i], &formats.integer, 0)?;
        }
        sheet.text(r, 3, ids[i].as_deref().unwrap_or(""), &formats.text)?;
        sheet.text(r, 4, names[i].as_deref().unwrap_or(""), &formats.text)?;
        sheet.text(r, 5, &config.district_display(districts_col[i].as_deref().unwrap_or("")), &formats.text)?;
        sheet.text(r, 6, &park_name(&park_keys[i], &parks[i]), &formats.text)?;
        sheet.text(r, 7, &config.chain_display(chains[i].as_deref().unwrap_or("")), &formats.text)?;
        let tier = tiers[i].clone().unwrap_or_default();
        sheet.text(r, 8, &tier, formats.tier(&tier))?;
        sheet.number(r, 9, total[i], &formats.score, 2)?;
        let mut c = 10u16;
        for values in &dims {
            sheet.number(r, c, values[i], &formats.score, 2)?;
            c += 1;
        }
        for (raw, raw_numbers, score) in &indicator_columns {
            match raw_numbers {
                Some(numbers) => sheet.number(r, c, numbers[i], &formats.raw, 4)?,
                None => {
                    let text = match raw[i].as_deref() {
                        Some("true") => yes_no(language, true).to_string(),
                        Some("false") => yes_no(language, false).to_string(),
                        Some(value) => category_display(config, value),
                        None => String::new(),
                    };
                    sheet.text(r, c, &text, &formats.text)?;
                }
            }
            sheet.number(r, c + 1, score[i], &formats.score, 2)?;
            c += 2;
        }
        for values in &checks {
            if let Some(pass) = values[i] {
                sheet.text(r, c, yes_no(language, pass), if pass { &formats.centered } else { &formats.gated })?;
            }
            c += 1;
        }
        if has_adjustments {
            sheet.number(r, c, adjustment[i], &formats.score, 2)?;
            c += 1;
        }
        if let Some(changes) = &changes {
            changes.write(&mut sheet, formats, r, c, i)?;
        }
    }
    if shown < scored.projects.height() {
        let total = scored.projects.height();
        let note = config.pick(
            &format!("共 {total} 个项目，本表按名次列出前 {shown} 个；全部项目见 projects.parquet"),
            &format!("the best {shown} of {total} projects are listed; every project is in projects.parquet"),
        );
        sheet.wide_text(shown as u32 + 1, 3, &note, &formats.bold)?;
    }
    let last = shown as u32;
    for col in 9..10 + dimension_keys.len() as u16 {
        sheet.color_scale(1, last, col)?;
    }
    for k in 0..config.indicators.len() as u16 {
        sheet.color_scale(1, last, 10 + dimension_keys.len() as u16 + 2 * k + 1)?;
    }
    sheet.table_frame(0, shown, headers.len())?;
    // Too wide for one page: three pages across, with the ranks and the project
    // id repeated on each.
    sheet.print_setup(Some(0), false)?;
    sheet.sheet.set_print_fit_to_pages(3, 0);
    sheet.sheet.set_repeat_columns(0, 3).map_err(xlsx_error)?;
    sheet.sheet.set_freeze_panes(1, 5).map_err(xlsx_error)?;
    sheet.finish()?;
    Ok(())
}

/// The most tier-D projects the 红黑榜 lists (the worst ones): at a million
/// projects the bottom tier holds hundreds of thousands, a list nobody reads
/// that took seven seconds to write.
const LAGGARD_ROWS: usize = 10_000;

/// Above this many projects the Projects sheet, and above this many issues
/// the Issues sheet, is streamed (written row by row to a temporary file,
/// in constant memory, with its columns carrying their formats), and the
/// Projects sheet is filled on a thread of its own.
const STREAMED_SHEET_ROWS: usize = 10_000;

/// The Projects sheet's headers: each indicator has a raw value and a score column.
fn project_headers(context: &Context) -> Vec<String> {
    let (config, language, dimension_keys) = (context.config, context.language, &context.dimension_keys);
    let l = |key: &str| context.label(key);
    let dimension_name = |key: &str| context.dimension_name(key);
    let mut headers: Vec<String> = [
        "rank",
        "district_rank",
        "chain_rank",
        "project_id",
        "project_name",
        "district",
        "park",
        "chain",
        "tier",
        "total",
    ]
    .iter()
    .map(|k| l(k))
    .collect();
    headers.extend(dimension_keys.iter().map(|k| dimension_name(k)));
    for indicator in &config.indicators {
        let name = config.pick(&indicator.name, &indicator.name_en);
        let unit = if indicator.unit.is_empty() { String::new() } else { format!("（{}）", indicator.unit) };
        headers.push(match language {
            Language::Zh => format!("{name}{unit}"),
            Language::En => format!(
                "{name} ({}){}",
                l("raw"),
                if indicator.unit.is_empty() { String::new() } else { format!(" [{}]", indicator.unit) }
            ),
        });
        headers.push(match language {
            Language::Zh => format!("{name}{}", l("score")),
            Language::En => format!("{name} ({})", l("score")),
        });
    }
    headers.extend(config.checks.iter().map(|c| format!("{}: {}", l("checks"), config.pick(&c.name, &c.name_en))));
    let has_adjustments = !config.adjustments.is_empty();
    if has_adjustments {
        headers.push(l("adjustment"));
    }
    if context.scored.projects.column("rank_change").is_ok() {
        headers.extend(Changes::HEADERS.iter().map(|k| l(k)));
    }
    headers
}

// ---------------------------------------------------------------- Chains

/// The Chains sheet: the scored projects summed by chain, in config order.
fn chains_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let l = |key: &str| context.label(key);
    let chains_name = l("sheet.chains");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&chains_name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let by_chain = Columns(&scored.chains);
    let keys = by_chain.text("chain")?;
    let order: Vec<usize> = (0..keys.len()).collect();
    let headers: Vec<String> =
        ["chain", "projects", "total_investment", "capital_in_place", "mean_score", "best_project", "best_score"]
            .iter()
            .map(|k| l(k))
            .collect();
    sheet.header(0, &headers, &formats.header)?;
    let (count, investment, capital, mean, best_id, best_name, best) = (
        by_chain.number("projects")?,
        by_chain.number("total_investment")?,
        by_chain.number("capital_in_place")?,
        by_chain.number("mean_score")?,
        by_chain.text("best_project_id")?,
        by_chain.text("best_project_name")?,
        by_chain.number("best_score")?,
    );
    for (r, &i) in order.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.text(r, 0, &config.chain_display(keys[i].as_deref().unwrap_or("")), &formats.text)?;
        sheet.number(r, 1, count[i], &formats.integer, 0)?;
        sheet.number(r, 2, investment[i], &formats.money, 2)?;
        sheet.number(r, 3, capital[i], &formats.money, 2)?;
        sheet.number(r, 4, mean[i], &formats.score, 2)?;
        sheet.text(
            r,
            5,
            &format!("{} {}", best_id[i].clone().unwrap_or_default(), best_name[i].clone().unwrap_or_default()),
            &formats.text,
        )?;
        sheet.number(r, 6, best[i], &formats.score, 2)?;
    }
    let last = order.len() as u32;
    sheet.color_scale(1, last, 4)?;
    sheet.color_scale(1, last, 6)?;
    sheet.table_frame(0, order.len(), headers.len())?;
    sheet.print_setup(Some(0), true)?;
    if !order.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((chains_name.as_str(), 0, 2))
            .set_categories((chains_name.as_str(), 1, 0, last, 0))
            .set_values((chains_name.as_str(), 1, 2, last, 2));
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name((chains_name.as_str(), 0, 4))
            .set_categories((chains_name.as_str(), 1, 0, last, 0))
            .set_values((chains_name.as_str(), 1, 4, last, 4))
            .set_secondary_axis(true);
        chart.combine(&line);
        chart.title().set_name(&format!("{} / {}", l("total_investment"), l("mean_score")));
        chart.y_axis().set_num_format("#,##0");
        chart.y2_axis().set_min(0).set_max(100);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(360);
        sheet.sheet.insert_chart(last + 3, 0, &chart).map_err(xlsx_error)?;
    }
    sheet.finish()?;
    Ok(())
}

// ---------------------------------------------------------------- Issues

/// The Issues sheet: every issue found, coloured by severity.
fn issues_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, formats, language) = (context.scored, &context.formats, context.language);
    let l = |key: &str| context.label(key);
    // A run with many issues (W1M raises 120,000: a negative amount on every
    // hundredth ledger row) streams them, as a big Projects sheet is.
    let streamed = scored.issues.len() > STREAMED_SHEET_ROWS;
    let worksheet = if streamed {
        workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?
    } else {
        workbook.add_worksheet()
    };
    worksheet.set_name(l("sheet.issues")).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let headers: Vec<String> = ["severity", "file", "sheet", "row", "column", "project_id", "message", "action"]
        .iter()
        .map(|k| l(k))
        .collect();
    sheet.header(0, &headers, &formats.header)?;
    // Before the data rows: a streamed sheet cannot change a row once past it.
    sheet.sheet.set_row_height(0, 36).map_err(xlsx_error)?;
    if streamed {
        let text = &formats.text;
        sheet.carry_formats(&[
            (1, text),
            (2, text),
            (3, &formats.integer),
            (4, text),
            (5, text),
            (6, text),
            (7, text),
        ])?;
    }
    let severity_format = |s: crate::issues::Severity| match s {
        crate::issues::Severity::Error => formats.tier("D"),
        crate::issues::Severity::Warning => formats.tier("C"),
        crate::issues::Severity::Info => &formats.text,
    };
    for (i, issue) in scored.issues.iter().enumerate() {
        let r = i as u32 + 1;
        let severity = match language {
            Language::Zh => issue.severity.as_zh(),
            Language::En => issue.severity.as_str(),
        };
        sheet.text(r, 0, severity, severity_format(issue.severity))?;
        sheet.text(r, 1, &issue.file, &formats.text)?;
        sheet.text(r, 2, issue.sheet.as_deref().unwrap_or(""), &formats.text)?;
        sheet.number(r, 3, issue.row.map(f64::from), &formats.integer, 0)?;
        sheet.text(r, 4, issue.column.as_deref().unwrap_or(""), &formats.text)?;
        sheet.text(r, 5, issue.project_id.as_deref().unwrap_or(""), &formats.text)?;
        sheet.text(r, 6, &issue.message, &formats.text)?;
        let action = match language {
            Language::Zh => issue.action.as_zh(),
            Language::En => issue.action.as_str(),
        };
        sheet.text(r, 7, action, &formats.text)?;
    }
    sheet.table_frame(0, scored.issues.len(), headers.len())?;
    sheet.print_setup(Some(0), true)?;
    sheet.finish()?;
    Ok(())
}

// ---------------------------------------------------------------- Config

/// The Config sheet: dimensions and indicators with their effective weights, and
/// the other settings under them.
fn config_sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let l = |key: &str| context.label(key);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(l("sheet.config")).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let headers: Vec<String> = [
        "dimension",
        "key",
        "name",
        "expression",
        "method",
        "parameters",
        "direction",
        "scope",
        "missing",
        "weight",
        "weight_in_dimension",
        "weight_in_total",
    ]
    .iter()
    .map(|k| l(k))
    .collect();
    sheet.header(0, &headers, &formats.header)?;
    let mut r = 0u32;
    for (d, dimension) in config.dimensions.iter().enumerate() {
        r += 1;
        sheet.text(r, 0, &config.pick(&dimension.name, &dimension.name_en), &formats.bold)?;
        sheet.text(r, 1, &dimension.key, &formats.bold)?;
        sheet.number(r, 9, Some(dimension.weight), &formats.raw, 4)?;
        sheet.number(r, 11, Some(scored.weights.dimensions[d]), &formats.percent, 1)?;
        for (i, indicator) in config.indicators.iter().enumerate().filter(|(_, i)| i.dimension == d) {
            r += 1;
            let (method, params) = crate::config::Method::describe(&indicator.method);
            sheet.text(r, 0, &config.pick(&dimension.name, &dimension.name_en), &formats.text)?;
            sheet.text(r, 1, &indicator.key, &formats.text)?;
            sheet.text(r, 2, &config.pick(&indicator.name, &indicator.name_en), &formats.text)?;
            sheet.text(r, 3, &indicator.expr_text, &formats.mono)?;
            sheet.text(r, 4, &method, &formats.text)?;
            sheet.text(r, 5, &params, &formats.text)?;
            sheet.text(r, 6, &format!("{:?}", indicator.direction).to_lowercase(), &formats.text)?;
            sheet.text(r, 7, &format!("{:?}", indicator.scope).to_lowercase(), &formats.text)?;
            sheet.text(r, 8, &format!("{:?}", indicator.missing).to_lowercase(), &formats.text)?;
            sheet.number(r, 9, Some(indicator.weight), &formats.raw, 4)?;
            sheet.number(r, 10, Some(scored.weights.indicators[i]), &formats.percent, 1)?;
            sheet.number(
                r,
                11,
                Some(scored.weights.indicators[i] * scored.weights.dimensions[d]),
                &formats.percent,
                1,
            )?;
        }
    }
    sheet.table_frame(0, r as usize, headers.len())?;
    sheet.print_setup(Some(0), true)?;
    config_settings(&mut sheet, context, r)?;
    sheet.finish()?;
    Ok(())
}

/// The settings that are not dimensions or indicators, two rows below `r`.
fn config_settings(sheet: &mut Sheet, context: &Context, mut r: u32) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    let l = |key: &str| context.label(key);
    // Other settings under the table.
    r += 2;
    sheet.text(r, 0, &l("setting"), &formats.header)?;
    sheet.text(r, 1, &l("value"), &formats.header)?;
    let tiers = |t: &crate::config::Tiers| {
        t.levels
            .iter()
            .map(|level| match t.method {
                crate::config::TierMethod::Threshold => {
                    format!("{} ≥ {}", level.name, crate::text::format_value(level.bound))
                }
                crate::config::TierMethod::Share => {
                    format!("{} ≤ {}%", level.name, crate::text::format_value(level.bound * 100.0))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let settings = [
        ("period", scored.period.to_string()),
        ("scope", format!("{:?}", config.scope).to_lowercase()),
        ("capital_window", format!("{:?}", config.capital_window).to_lowercase()),
        ("aggregation", format!("{:?}", config.aggregation).to_lowercase()),
        ("tiers", tiers(&config.tiers)),
        ("district.tiers", tiers(&config.district.tiers)),
        ("district.quality_weighting", format!("{:?}", config.district.quality_weighting).to_lowercase()),
        ("district.quality_weight", crate::text::format_value(config.district.quality_weight)),
        ("district.capital_weight", crate::text::format_value(config.district.capital_weight)),
        ("district.pro_rate", config.district.pro_rate.to_string()),
        ("district.capital_cap", crate::text::format_value(config.district.capital_cap)),
        ("district.gate_min_completion", crate::text::format_value(config.district.gate_min_completion)),
        ("district.gate_max_tier", config.district.gate_max_tier.clone()),
        ("capital.usd_to_cny", crate::text::format_value(config.usd_to_cny)),
        ("scoring.exempt", config.exempt.as_ref().map(|(t, _)| t.clone()).unwrap_or_default()),
    ];
    for (key, value) in settings {
        r += 1;
        sheet.text(r, 0, key, &formats.mono)?;
        sheet.text(r, 1, &value, &formats.text)?;
    }
    // AHP sets: the weights came from these judgments (the matrix, pooled over
    // the experts), with their consistency.
    for set in &config.ahp {
        r += 1;
        let p = &set.priorities;
        let experts = if set.experts > 1 { format!(", {} experts pooled", set.experts) } else { String::new() };
        sheet.text(r, 0, &format!("ahp.{}", set.set), &formats.mono)?;
        sheet.text(
            r,
            1,
            &format!("λmax = {:.4}, CI = {:.4}, CR = {:.4}{experts}", p.lambda_max, p.ci, p.cr),
            &formats.text,
        )?;
        for (i, key) in set.keys.iter().enumerate() {
            r += 1;
            sheet.text(r, 0, key, &formats.mono)?;
            let row: Vec<String> = (0..set.keys.len())
                .map(|j| crate::text::format_value((set.judgments.get(i, j) * 1000.0).round() / 1000.0))
                .collect();
            sheet.text(r, 1, &format!("[{}] → {:.2}%", row.join(", "), p.weights[i] * 100.0), &formats.text)?;
        }
    }
    for adjustment in &config.adjustments {
        r += 1;
        sheet.text(r, 0, &format!("adjustments.{}", adjustment.key), &formats.mono)?;
        let cap = adjustment.cap.map(|c| format!(", cap {}", crate::text::format_value(c))).unwrap_or_default();
        sheet.text(
            r,
            1,
            &format!("{:?}: {:+} when {}{cap}", adjustment.level, adjustment.points, adjustment.when_text)
                .to_lowercase(),
            &formats.text,
        )?;
    }
    for check in &config.checks {
        for (level, text, _) in &check.rules {
            r += 1;
            sheet.text(
                r,
                0,
                &format!("checks.{}{}", check.key, level.as_ref().map(|l| format!(".{l}")).unwrap_or_default()),
                &formats.mono,
            )?;
            sheet.text(r, 1, text, &formats.text)?;
        }
    }
    Ok(())
}

/// Builds the workbook and writes it atomically into `dir`; returns its file name.
pub(crate) fn write(
    scored: &Scored,
    config: &Config,
    diagnostics: &crate::diagnostics::Diagnostics,
    dir: &std::path::Path,
) -> Result<String> {
    let bytes = build(scored, config, diagnostics)?;
    let name = file_name(&scored.period);
    super::output::write_bytes(&dir.join(&name), &bytes)?;
    Ok(name)
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
