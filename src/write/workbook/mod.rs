//! The ranked evaluation workbook (spec 5): Summary, Districts, Projects, Chains,
//! Issues, Config, Diagnostics, the red and black lists, the chain panorama and
//! the parks, written with rust_xlsxwriter, one module a sheet.
//!
//! It is read by evaluators and leaders in Excel, WPS and LibreOffice, so:
//! every word from the catalogue in the run's language, display names not keys,
//! periods in words; frozen and filterable header rows; one number format a
//! column (money in 万元 with separators, rates as percentages, scores with two
//! decimals) and no number touching the text beside it; tiers and the gate in
//! their colours; A4 landscape pages; charts on the Summary and Chains sheets;
//! provenance a reviewer can check. Strings are always written as strings (a
//! project named "=…" never becomes a formula), the document date is the
//! period end (no wall-clock time), so identical inputs and config give a
//! byte-identical file.

mod chains;
mod config_sheet;
mod diagnostics;
mod districts;
mod issues;
mod lists;
mod progress;
mod projects;
mod sheet;
mod summary;

use polars::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::columns::DIMENSION_KEYS;
use crate::config::Config;
use crate::error::Result;
use crate::i18n::{Cx, Kind as NameKind, L, Say};
use crate::pipeline::Scored;
use sheet::{Formats, xlsx_error};

/// The workbook's file name for a period: `evaluation-2022Q4.xlsx`.
pub(crate) fn file_name(period: &crate::period::Period) -> String {
    format!("evaluation-{period}.xlsx")
}

/// Column values of a frame, by type.
struct Columns<'a>(&'a DataFrame);

impl Columns<'_> {
    pub(super) fn text(&self, name: &str) -> Result<Vec<Option<String>>> {
        Ok(self.0.column(name)?.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
    }
    pub(super) fn number(&self, name: &str) -> Result<Vec<Option<f64>>> {
        Ok(self.0.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
    }
    pub(super) fn flag(&self, name: &str) -> Result<Vec<Option<bool>>> {
        Ok(self.0.column(name)?.bool()?.iter().collect())
    }
    /// A column when the frame has it.
    pub(super) fn number_if(&self, name: &str) -> Result<Option<Vec<Option<f64>>>> {
        if self.0.column(name).is_err() {
            return Ok(None);
        }
        Ok(Some(self.number(name)?))
    }
}

/// What every sheet reads: the run, its config, how it speaks, the formats,
/// and the districts in rank order.
struct Context<'a> {
    scored: &'a Scored,
    config: &'a Config,
    cx: Cx<'a>,
    formats: Formats,
    districts: Columns<'a>,
    district_keys: Vec<String>,
    district_names: Vec<String>,
    dimension_keys: Vec<&'static str>,
}

impl<'a> Context<'a> {
    fn new(scored: &'a Scored, config: &'a Config, formats: Formats) -> Result<Self> {
        let cx = config.cx();
        let districts = Columns(&scored.districts);
        let district_keys: Vec<String> =
            districts.text("district")?.into_iter().map(Option::unwrap_or_default).collect();
        let district_names: Vec<String> = district_keys.iter().map(|k| cx.name(NameKind::District, k)).collect();
        let dimension_keys: Vec<&'static str> =
            DIMENSION_KEYS.iter().copied().filter(|k| config.dimension(k).is_some()).collect();
        Ok(Context { scored, config, cx, formats, districts, district_keys, district_names, dimension_keys })
    }

    /// A word of the catalogue.
    pub(super) fn l(&self, label: L) -> String {
        self.cx.l(label).to_string()
    }

    /// A sentence of the catalogue.
    pub(super) fn say(&self, text: &Say) -> String {
        self.cx.say(text)
    }

    /// A config key's display name.
    pub(super) fn name(&self, kind: NameKind, key: &str) -> String {
        self.cx.name(kind, key)
    }

    /// The workbook's title, which names the period: atop every printed page.
    pub(super) fn book_title(&self) -> String {
        self.say(&Say::WorkbookTitle { period: self.scored.period })
    }

    /// 是 or 否.
    pub(super) fn yes_no(&self, value: bool) -> String {
        self.l(if value { L::Yes } else { L::No })
    }
}

/// Builds the workbook in memory; `diagnostics` are the run's (see
/// [`crate::diagnostics::diagnose`]).
pub fn build(scored: &Scored, config: &Config, diagnostics: &crate::diagnostics::Diagnostics) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    // A big run's workbook spends seconds in deflate at the default level 6;
    // level 1 saves in a third of the time for a somewhat larger file. Small
    // workbooks keep the default.
    if scored.projects.height() > STREAMED_SHEET_ROWS {
        workbook.set_zip_compression_level(1);
    }
    let context = Context::new(scored, config, formats)?;
    properties(&mut workbook, &context)?;
    if !projects::streamed(scored) {
        summary::sheet(&mut workbook, &context)?;
        districts::sheet(&mut workbook, &context)?;
        projects::sheet(&mut workbook, &context)?;
        other_sheets(&mut workbook, &context, diagnostics)?;
        return workbook.save_to_buffer().map_err(xlsx_error);
    }
    // The Projects sheet is filled on a thread of its own while this one
    // writes the others, then put in its place. Streamed sheets number their
    // formats in the workbook's shared table as they write (the others' are
    // merged in when the workbook is saved): every format is numbered there
    // first, so two sheets streaming at once number them the same on every run.
    context.formats.register(&mut workbook)?;
    let mut projects_sheet = workbook.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
    std::thread::scope(|scope| -> Result<()> {
        let filling = scope.spawn(|| projects::fill(&mut projects_sheet, &context));
        let others = summary::sheet(&mut workbook, &context)
            .and_then(|()| districts::sheet(&mut workbook, &context))
            .and_then(|()| other_sheets(&mut workbook, &context, diagnostics));
        filling.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        others
    })?;
    workbook.worksheets_mut().insert(2, projects_sheet);
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The sheets after Projects, in order.
fn other_sheets(
    workbook: &mut Workbook,
    context: &Context,
    diagnostics: &crate::diagnostics::Diagnostics,
) -> Result<()> {
    chains::sheet(workbook, context)?;
    issues::sheet(workbook, context)?;
    config_sheet::sheet(workbook, context)?;
    diagnostics::sheet(workbook, context, diagnostics)?;
    lists::red_black(workbook, context)?;
    lists::panorama(workbook, context)?;
    lists::parks(workbook, context)?;
    progress::sheets(workbook, context)
}

/// The document properties, dated at the period end rather than the clock.
fn properties(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let end = context.scored.period.end_date();
    let created = ExcelDateTime::from_ymd(
        chrono::Datelike::year(&end) as u16,
        chrono::Datelike::month(&end) as u8,
        chrono::Datelike::day(&end) as u8,
    )
    .map_err(xlsx_error)?;
    let title = context.say(&Say::WorkbookTitle { period: context.scored.period });
    workbook.set_properties(
        &DocProperties::new().set_title(title).set_author("chainscore").set_creation_datetime(&created),
    );
    Ok(())
}

/// Above this many projects the Projects sheet, and above this many issues
/// the Issues sheet, is streamed (written row by row to a temporary file,
/// in constant memory, with its columns carrying their formats), and the
/// Projects sheet is filled on a thread of its own.
pub(super) const STREAMED_SHEET_ROWS: usize = 10_000;

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
