//! What `chainscore init` writes: a starter config and a blank input template
//! per kind of input (projects, capital, targets).
//!
//! Most rows a run skips were typed by hand: a district spelt the old way, a chain
//! the config does not know, a header renamed "to make it clearer". A template
//! stops those in Excel rather than in the report. Its header row is built from
//! the config's own aliases (the first Chinese one of each canonical column), so
//! the reader matches it by construction; drop-down lists offer exactly the
//! districts, chains and category words the config knows; numbers, dates and years
//! are checked as they are typed, and each cell prompts with its unit. The lists
//! live on a hidden sheet (下拉选项, Lists) because Excel refuses an inline list
//! over 255 characters (eighteen district names are over), and one path for
//! every list is simpler than two. An instructions sheet (说明) says in the file
//! what the README says. Everything is in the config's language; an English
//! template takes the config's English aliases and words, which the reader
//! matches as well as the Chinese ones. Each sheet prints on A4 landscape,
//! one page wide, as a form.
//!
//! Validations warn rather than stop: the reader also accepts aliases ("五华" for
//! 五华区), English words and numbers with units ("3.5亿元"), and a template must
//! not refuse what a run would read. The workbooks are dated at the period end,
//! never the clock, so `init` gives the same bytes every time.
//!
//! The starter config extends the config in force and repeats every key of the
//! built-in default, commented out under its explanation: an evaluator uncomments
//! the line to change instead of looking its name up. The keys `init` sets (the
//! period, the three inputs) are written live inside their own `[run]` and
//! `[inputs]` tables, so uncommenting another key of those tables just works and
//! no table is ever opened twice.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::output::write_bytes;
use crate::columns::{ColumnSpec, ColumnType, InputKind, Unit, Vocabulary};
use crate::config::{Config, DEFAULT_CONFIG_TEXT, DistrictFrom, Lexicon, Named};
use crate::error::Result;
use crate::i18n::{Cx, Kind, L, Language, Say};
use crate::period::Period;
use crate::text::{column_letter, display_width};

/// The starter config's file name.
pub(crate) const CONFIG_FILE: &str = "chainscore.toml";

/// The templates, in the order they are written and listed.
pub(crate) const TEMPLATES: [(InputKind, &str); 4] = [
    (InputKind::Projects, "projects.xlsx"),
    (InputKind::Capital, "capital.xlsx"),
    (InputKind::Targets, "targets.xlsx"),
    (InputKind::Operations, "operations.xlsx"),
];

/// The first data row and the last row validations cover, 0-based: rows 2 to 5001
/// as a spreadsheet numbers them.
const FIRST_ROW: u32 = 1;
const LAST_ROW: u32 = 5000;
/// The years a signing date or a target year may fall in.
const EARLIEST_YEAR: u16 = 1990;
const LATEST_YEAR: u16 = 2100;
/// Widths of the instructions sheet's columns: column, required, unit, what
/// it may hold. Their sum is the width a merged instruction line wraps at.
const HOW_TO_WIDTHS: [f64; 4] = [24.0, 8.0, 10.0, 70.0];

/// What a file of each kind is called in the template's own words.
fn title_of(kind: InputKind) -> L {
    match kind {
        InputKind::Projects => L::TemplateProjects,
        InputKind::Capital => L::TemplateCapital,
        InputKind::Targets => L::TemplateTargets,
        InputKind::Operations => L::TemplateOperations,
    }
}

/// The data sheet's name: the one the config tells the reader to read, else a
/// plain name in the template's language.
fn data_sheet_name(config: &Config, kind: InputKind) -> String {
    let wanted = match kind {
        InputKind::Projects => &config.projects_sheet,
        InputKind::Capital => &config.capital_sheet,
        InputKind::Targets => &config.targets_sheet,
        InputKind::Operations => &config.operations_sheet,
    };
    if !wanted.trim().is_empty() {
        return wanted.clone();
    }
    let label = match kind {
        InputKind::Projects => L::TemplateSheetProjects,
        InputKind::Capital => L::TemplateSheetCapital,
        InputKind::Targets => L::TemplateSheetTargets,
        InputKind::Operations => L::TemplateSheetOperations,
    };
    config.cx().l(label).to_string()
}

/// The hidden sheet holding the drop-down lists, and the instructions sheet.
fn lists_sheet(cx: Cx<'_>) -> &'static str {
    cx.l(L::TemplateSheetLists)
}

// ---------------------------------------------------------------- Columns

/// One column of a template: its header and what its cells may hold, in the
/// template's language.
struct TemplateColumn<'a> {
    spec: ColumnSpec,
    header: String,
    required: bool,
    /// The drop-down's values; empty when the column has none.
    choices: Vec<String>,
    cx: Cx<'a>,
}

/// The columns of a kind's template, in canonical order.
fn template_columns(config: &Config, kind: InputKind) -> Vec<TemplateColumn<'_>> {
    let required = kind.required(config.district_from == DistrictFrom::Column);
    kind.columns()
        .iter()
        .map(|spec| TemplateColumn {
            spec: *spec,
            header: header_of(config, kind, spec.name),
            required: required.contains(&spec.name),
            choices: choices_of(config, spec),
            cx: config.cx(),
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A column's header: an alias of `[columns.<kind>]` in the config's language
/// (Chinese, or without Chinese for English), with the column's unit in
/// brackets: the alias that already ends in that unit (外资到位（万美元）),
/// else the first without brackets with the unit added (内资到位（万元）,
/// Domestic (10k CNY)) — never an alias whose brackets say something else
/// ("Foreign (USD)" for amounts in 10k USD). Without an alias in the
/// language, the first alias, else the canonical name. The reader matches
/// each by construction: it strips a trailing bracketed unit before matching.
fn header_of(config: &Config, kind: InputKind, name: &str) -> String {
    let aliases = match kind {
        InputKind::Projects => &config.columns.projects,
        InputKind::Capital => &config.columns.capital,
        InputKind::Targets => &config.columns.targets,
        InputKind::Operations => &config.columns.operations,
    };
    let words: Vec<&String> =
        aliases.get(name).map(|w| w.iter().filter(|w| !w.trim().is_empty()).collect()).unwrap_or_default();
    let in_language = |w: &&&String| match config.language {
        Language::Zh => w.chars().any(is_cjk),
        Language::En => !w.chars().any(is_cjk),
    };
    let spec = kind.columns().iter().find(|c| c.name == name);
    let unit = spec.map(|spec| TemplateColumn::unit_of(spec, config.cx())).unwrap_or("");
    let bracketed = |w: &str| w.ends_with(['）', ')']);
    if !unit.is_empty() {
        let (open, close) = match config.language {
            Language::Zh => ("（", "）"),
            Language::En => (" (", ")"),
        };
        // In the config's order: the first that names the unit, or has no
        // brackets to add it to.
        for w in words.iter().filter(in_language) {
            if w.trim_end().ends_with(&format!("{unit}{close}")) {
                return w.to_string();
            }
            if !bracketed(w) {
                return format!("{w}{open}{unit}{close}");
            }
        }
    }
    words.iter().find(in_language).or_else(|| words.first()).map(|w| w.to_string()).unwrap_or_else(|| name.to_string())
}

/// The words of a vocabulary as a drop-down offers them: in Chinese each
/// value's first spelling in the config (世界500强 for `global500`); in English
/// its English word when the reader takes it back (Fortune Global 500), else
/// the config's first spelling without Chinese (Private 500), else the first.
fn words(config: &Config, lexicon: &Lexicon, kind: Kind) -> Vec<String> {
    let cx = config.cx();
    lexicon
        .keys()
        .iter()
        .map(|key| {
            let first = lexicon.first_spelling(key).unwrap_or(key.as_str()).to_string();
            match config.language {
                Language::Zh => first,
                Language::En => {
                    let word = cx.name(kind, key);
                    if lexicon.lookup(&word) == Some(key.as_str()) {
                        return word;
                    }
                    lexicon.spellings_of(key).find(|w| !w.chars().any(is_cjk)).map_or(first, str::to_string)
                }
            }
        })
        .collect()
}

/// A district's or chain's name as the drop-down offers it (both names are
/// spellings the reader matches).
fn display_name(config: &Config, named: &Named) -> String {
    let name = config.pick(&named.name, &named.name_en);
    if name.trim().is_empty() { named.key.clone() } else { name }
}

/// The drop-down of a column: districts and chains by name, categories and
/// yes/no by their word.
fn choices_of(config: &Config, spec: &ColumnSpec) -> Vec<String> {
    match spec.kind {
        ColumnType::Category(Vocabulary::Link) => words(config, &config.links, Kind::Link),
        ColumnType::Category(Vocabulary::InvestorTier) => words(config, &config.investor_tiers, Kind::InvestorTier),
        ColumnType::Category(Vocabulary::Status) => words(config, &config.statuses, Kind::Status),
        ColumnType::Boolean => words(config, &config.booleans, Kind::AnyWord),
        ColumnType::Text if spec.name == "district" => {
            config.districts.iter().map(|d| display_name(config, d)).collect()
        }
        ColumnType::Text if spec.name == "chain" => {
            config.chains.iter().map(|(chain, _)| display_name(config, chain)).collect()
        }
        _ => Vec::new(),
    }
}

/// Text cut to `max` UTF-16 units, Excel's measure of a validation's title and message.
fn clip(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() + 1 > max {
            break;
        }
        out.push(c);
        used += c.len_utf16();
    }
    out.push('…');
    out
}

impl TemplateColumn<'_> {
    /// The unit a column's numbers are read in, in `cx`'s language (a count
    /// of patents has none in English).
    fn unit_of(spec: &ColumnSpec, cx: Cx<'_>) -> &'static str {
        let label = match spec.kind {
            ColumnType::Number(Unit::TenThousandYuan) => L::UnitTenThousandYuan,
            ColumnType::Number(Unit::TenThousandUsd) => L::UnitTenThousandUsd,
            ColumnType::Number(Unit::Mu) => L::UnitMu,
            ColumnType::Number(Unit::Count) if spec.name == "jobs" => L::UnitPeople,
            // A count of patents: 件 in Chinese, the bare number in English.
            ColumnType::Number(Unit::Count) => return cx.lang.pick("件", ""),
            _ => return "",
        };
        cx.l(label)
    }

    /// The unit its numbers are read in.
    fn unit(&self) -> &'static str {
        Self::unit_of(&self.spec, self.cx)
    }

    /// What a cell may hold, for the instructions sheet.
    fn allowed(&self) -> String {
        let cx = self.cx;
        if !self.choices.is_empty() {
            return self.choices.join(cx.comma());
        }
        match self.spec.kind {
            ColumnType::Number(Unit::Count) => cx.l(L::TemplateAllowedWhole).into(),
            ColumnType::Number(_) => cx.l(L::TemplateAllowedNumber).into(),
            ColumnType::Date => cx.say(&Say::TemplateDateRange { first: EARLIEST_YEAR, last: LATEST_YEAR }),
            ColumnType::Period => cx.l(L::TemplateAllowedPeriod).into(),
            ColumnType::Year => cx.say(&Say::TemplateYearRange { first: EARLIEST_YEAR, last: LATEST_YEAR }),
            _ => cx.l(L::TemplateAllowedText).into(),
        }
    }

    /// The prompt shown when a cell of the column is selected.
    fn prompt(&self) -> String {
        let cx = self.cx;
        let unit = self.unit().to_string();
        let what = match self.spec.kind {
            _ if !self.choices.is_empty() => cx.l(L::TemplatePick).to_string(),
            ColumnType::Number(Unit::Count) if unit.is_empty() => capitalised(cx.l(L::TemplateAllowedWhole)),
            ColumnType::Number(Unit::Count) => cx.say(&Say::TemplateWholeIn { unit }),
            ColumnType::Number(_) => cx.say(&Say::TemplateNumberIn { unit }),
            ColumnType::Date => cx.l(L::TemplateDate).to_string(),
            ColumnType::Period => cx.l(L::TemplatePeriod).to_string(),
            ColumnType::Year => cx.l(L::TemplateYear).to_string(),
            _ => cx.l(L::TemplateText).to_string(),
        };
        let need = if self.required { L::TemplateRequired } else { L::TemplateOptional };
        cx.say(&Say::TemplatePrompt { need, what })
    }

    /// The warning shown when a typed value does not pass the validation.
    fn complaint(&self) -> String {
        let cx = self.cx;
        let unit = self.unit().to_string();
        match self.spec.kind {
            _ if !self.choices.is_empty() => cx.l(L::TemplateNotListed).into(),
            ColumnType::Number(Unit::Count) if unit.is_empty() => {
                cx.say(&Say::TemplateShouldBe { what: cx.l(L::TemplateAllowedWhole).into() })
            }
            ColumnType::Number(Unit::Count) => cx.say(&Say::TemplateNotWhole { unit }),
            ColumnType::Number(_) => cx.say(&Say::TemplateNotNumber { unit }),
            ColumnType::Date | ColumnType::Year => cx.say(&Say::TemplateShouldBe { what: self.allowed() }),
            _ => String::new(),
        }
    }

    /// The validation of its data rows; `list` is the range of its drop-down.
    fn validation(&self, list: Option<&str>) -> Result<DataValidation, XlsxError> {
        let any = DataValidation::new();
        let typed = match (list, self.spec.kind) {
            (Some(range), _) => any.allow_list_formula(Formula::new(range)),
            (None, ColumnType::Number(Unit::Count)) => {
                any.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            }
            (None, ColumnType::Number(_)) => any.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            (None, ColumnType::Date) => any.allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(EARLIEST_YEAR, 1, 1)?,
                ExcelDateTime::from_ymd(LATEST_YEAR, 12, 31)?,
            )),
            (None, ColumnType::Year) => {
                any.allow_whole_number(DataValidationRule::Between(i32::from(EARLIEST_YEAR), i32::from(LATEST_YEAR)))
            }
            // Any value: the prompt still says what to write.
            (None, _) => any,
        };
        let typed = typed.set_input_title(clip(&self.header, 32))?.set_input_message(clip(&self.prompt(), 255))?;
        let complaint = self.complaint();
        let typed = if complaint.is_empty() {
            typed
        } else {
            typed
                .set_error_title(clip(self.cx.l(L::TemplateCheckValue), 32))?
                .set_error_message(clip(&complaint, 255))?
        };
        Ok(typed.set_error_style(DataValidationErrorStyle::Warning))
    }

    /// A width that fits the header, the widest drop-down value and a typical value.
    fn width(&self) -> f64 {
        let header = display_width(&self.header) as f64 + 4.0;
        // A drop-down's arrow takes about three characters.
        let values = self.choices.iter().map(|c| display_width(c)).max().unwrap_or(0) as f64 + 3.0;
        let typical: f64 = match self.spec.kind {
            ColumnType::Text => match self.spec.name {
                "project_name" => 24.0,
                "investor" => 18.0,
                "project_id" => 14.0,
                _ => 10.0,
            },
            ColumnType::Date | ColumnType::Number(_) => 12.0,
            ColumnType::Period => 10.0,
            _ => 8.0,
        };
        header.max(values).max(typical).clamp(8.0, 40.0)
    }
}

/// "a whole number" → "A whole number"; Chinese as it is.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------- Workbooks

/// Where each column's drop-down sits on the lists sheet (`'下拉选项'!$A$2:$A$19`),
/// one sheet column per list in column order; `None` for a column without one.
/// The sheet name is quoted: it may be Chinese.
fn list_ranges(columns: &[TemplateColumn], lists: &str) -> Vec<Option<String>> {
    let mut next = 0u32;
    columns
        .iter()
        .map(|column| {
            if column.choices.is_empty() {
                return None;
            }
            let letter = column_letter(next);
            next += 1;
            Some(format!("'{lists}'!${letter}$2:${letter}${}", column.choices.len() + 1))
        })
        .collect()
}

/// A4 landscape, one page wide, the header row on every page, the title at
/// the top and the page number at the foot: a template prints as a form.
fn print_as_form(sheet: &mut Worksheet, title: &str, header_rows: Option<u32>) -> Result<()> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    // `&` starts a code in a header; a title never has one, but keep it literal.
    sheet.set_header(format!("&C&\"-,Bold\"{}", title.replace('&', "&&")));
    sheet.set_footer("&C&P / &N");
    if let Some(last) = header_rows {
        sheet.set_repeat_rows(0, last)?;
        sheet.set_print_gridlines(true);
    }
    Ok(())
}

/// The header row, bold and frozen (required columns orange), column formats and
/// widths, and a validation with a prompt on every column's data rows.
fn write_data_sheet(
    workbook: &mut Workbook,
    name: &str,
    title: &str,
    columns: &[TemplateColumn],
    lists: &[Option<String>],
) -> Result<()> {
    let optional = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7");
    let required = optional.clone().set_background_color("#FCE4D6");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Text cells keep what is typed: an id "001" keeps its zeros, a month
    // "2022-09" is not turned into a date.
    let text = Format::new().set_num_format("@");
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (i, (column, list)) in columns.iter().zip(lists).enumerate() {
        // A kind has about twenty columns.
        let col = i as u16;
        match column.spec.kind {
            ColumnType::Date => {
                sheet.set_column_format(col, &date)?;
            }
            ColumnType::Text | ColumnType::Period => {
                sheet.set_column_format(col, &text)?;
            }
            _ => {}
        }
        sheet.set_column_width(col, column.width())?;
        let format = if column.required { &required } else { &optional };
        sheet.write_string_with_format(0, col, column.header.as_str(), format)?;
        sheet.add_data_validation(FIRST_ROW, col, LAST_ROW, col, &column.validation(list.as_deref())?)?;
    }
    sheet.set_row_height(0, 32)?;
    sheet.set_freeze_panes(1, 0)?;
    // Ruled on paper over the rows filled in (no print area: it would cut a
    // long register).
    print_as_form(sheet, title, Some(0))?;
    Ok(())
}

/// The notes above the column table of the instructions sheet.
fn instruction_lines(kind: InputKind, data_sheet: &str, period: Period, has_lists: bool, cx: Cx<'_>) -> Vec<String> {
    let how = match kind {
        InputKind::Projects => L::TemplateHowProjects,
        InputKind::Capital => L::TemplateHowCapital,
        InputKind::Targets => L::TemplateHowTargets,
        InputKind::Operations => L::TemplateHowOperations,
    };
    let mut lines = vec![
        cx.say(&Say::TemplatePeriod { period, end: period.end_date() }),
        cx.say(&Say::TemplateWhere { sheet: data_sheet.to_string(), last: LAST_ROW + 1 }),
        cx.l(L::TemplateRequiredOrange).to_string(),
        cx.l(how).to_string(),
    ];
    // Only where there are drop-downs (the ledger has none).
    if has_lists {
        lines.push(cx.say(&Say::TemplateLists { sheet: lists_sheet(cx).to_string() }));
    }
    lines.push(cx.say(&Say::TemplateNext { config: CONFIG_FILE.to_string() }));
    lines
}

/// The height of a row whose text wraps in `width` characters: one 15-point
/// line per width's worth of text (a Chinese character about two of a
/// column's character units, a Latin one a little under one).
fn wrapped_height(text: &str, width: f64) -> f64 {
    super::style::LINE_HEIGHT * super::style::wrapped_lines(text, width) as f64 + 3.0
}

/// The instructions sheet: the period, how to fill the template, and each
/// column with whether it is required, its unit and what it may hold. Each
/// line wraps across the table's width, so nothing is cut at a column edge.
fn write_instructions_sheet(
    workbook: &mut Workbook,
    kind: InputKind,
    columns: &[TemplateColumn],
    data_sheet: &str,
    period: Period,
    cx: Cx<'_>,
) -> Result<()> {
    let title_format = Format::new().set_bold().set_font_size(14);
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let cell = Format::new().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let ruled = wrap.clone().set_border(FormatBorder::Thin);
    let sheet = workbook.add_worksheet();
    let title = cx.say(&Say::TemplateHowTo { title: title_of(kind) });
    sheet.set_name(cx.l(L::TemplateSheetHowTo))?;
    sheet.write_string_with_format(0, 0, title.as_str(), &title_format)?;
    sheet.set_row_height(0, 24)?;
    let full: f64 = HOW_TO_WIDTHS.iter().sum();
    let last_col = HOW_TO_WIDTHS.len() as u16 - 1;
    let has_lists = columns.iter().any(|c| !c.choices.is_empty());
    let lines = instruction_lines(kind, data_sheet, period, has_lists, cx);
    for (i, line) in lines.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.merge_range(row, 0, row, last_col, line.as_str(), &wrap)?;
        sheet.set_row_height(row, wrapped_height(line, full))?;
    }
    let table = 2 + lines.len() as u32;
    for (c, label) in [L::TemplateColumn, L::TemplateRequired, L::TemplateUnit, L::TemplateAllowed].iter().enumerate() {
        sheet.write_string_with_format(table, c as u16, cx.l(*label), &header)?;
    }
    for (i, column) in columns.iter().enumerate() {
        let row = table + 1 + i as u32;
        let allowed = column.allowed();
        sheet.write_string_with_format(row, 0, column.header.as_str(), &cell)?;
        sheet.write_string_with_format(row, 1, cx.l(if column.required { L::Yes } else { L::No }), &cell)?;
        sheet.write_string_with_format(row, 2, column.unit(), &cell)?;
        sheet.write_string_with_format(row, 3, allowed.as_str(), &ruled)?;
        sheet.set_row_height(row, wrapped_height(&allowed, HOW_TO_WIDTHS[3]))?;
    }
    for (c, width) in HOW_TO_WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    print_as_form(sheet, &title, None)?;
    Ok(())
}

/// The hidden sheet of drop-down values, one column per list in the order of
/// [`list_ranges`], each under a label naming its column.
fn write_lists_sheet(workbook: &mut Workbook, columns: &[TemplateColumn], cx: Cx<'_>) -> Result<()> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(lists_sheet(cx))?;
    // Not "所属县区" alone: a sheet whose first row matched the aliases could be
    // taken for a register.
    for (c, column) in columns.iter().filter(|column| !column.choices.is_empty()).enumerate() {
        let c = c as u16;
        sheet.write_string(0, c, cx.say(&Say::TemplateChoices { header: column.header.clone() }))?;
        for (r, choice) in column.choices.iter().enumerate() {
            sheet.write_string(1 + r as u32, c, choice.as_str())?;
        }
        sheet.set_column_width(c, column.width())?;
    }
    sheet.set_hidden(true);
    Ok(())
}

/// Title, author and a creation date at the period end, so every run gives the
/// same bytes.
fn set_properties(workbook: &mut Workbook, kind: InputKind, period: Period, cx: Cx<'_>) -> Result<()> {
    let end = period.end_date();
    let created = ExcelDateTime::from_ymd(end.year() as u16, end.month() as u8, end.day() as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", cx.l(title_of(kind)), cx.say(&Say::PeriodWords { period })))
            .set_author("chainscore")
            .set_creation_datetime(&created),
    );
    Ok(())
}

/// One template in memory: the data sheet first (the reader takes the first
/// sheet whose header matches), then the instructions, then the hidden lists.
fn build_template(config: &Config, kind: InputKind, period: Period) -> Result<Vec<u8>> {
    let cx = config.cx();
    let columns = template_columns(config, kind);
    let lists = list_ranges(&columns, lists_sheet(cx));
    let data_sheet = data_sheet_name(config, kind);
    let title = format!("{} · {}", capitalised(cx.l(title_of(kind))), cx.say(&Say::PeriodWords { period }));
    let mut workbook = Workbook::new();
    set_properties(&mut workbook, kind, period, cx)?;
    write_data_sheet(&mut workbook, &data_sheet, &title, &columns, &lists)?;
    write_instructions_sheet(&mut workbook, kind, &columns, &data_sheet, period, cx)?;
    if lists.iter().any(Option::is_some) {
        write_lists_sheet(&mut workbook, &columns, cx)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Writes the three templates into `dir` (created if missing), each atomically;
/// returns their paths. All three are built before any is written.
pub(crate) fn write_templates(dir: &Path, config: &Config, period: Period) -> Result<Vec<PathBuf>> {
    let mut built = Vec::new();
    for (kind, file) in TEMPLATES {
        built.push((dir.join(file), build_template(config, kind, period)?));
    }
    let mut written = Vec::new();
    for (path, bytes) in built {
        write_bytes(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

// ---------------------------------------------------------------- Starter config

/// A key `init` sets, written live in its table of the starter config.
struct Override {
    table: &'static str,
    key: &'static str,
    line: String,
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The keys `init` sets: the period, and each kind's input as its template.
fn overrides(period: Period) -> Vec<Override> {
    let mut list =
        vec![Override { table: "run", key: "period", line: format!("period = {}", toml_string(&period.to_string())) }];
    for (kind, file) in TEMPLATES {
        list.push(Override {
            table: "inputs",
            key: kind.key(),
            line: format!("{} = [{}]", kind.key(), toml_string(file)),
        });
    }
    list
}

/// The name of a table header line (`[run]`, `[[checks]]`, `[dimensions.tech]`).
fn table_header(line: &str) -> Option<String> {
    let inner = line.strip_prefix("[[").or_else(|| line.strip_prefix('['))?;
    let end = inner.find(']')?;
    Some(inner[..end].trim().to_string())
}

/// The key of a `key = value` line.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    Some(key.trim().trim_matches('"'))
}

/// Brackets and braces a line opens minus those it closes, outside strings and
/// comments: a value spans lines while this sums above zero.
fn bracket_balance(line: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => break,
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                _ => {}
            },
        }
    }
    depth
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Writes the overrides of `table` not written yet.
fn write_missing(out: &mut String, table: &str, overrides: &[Override], written: &mut [bool]) {
    for (i, o) in overrides.iter().enumerate() {
        if o.table == table && !written[i] {
            push_line(out, &o.line);
            written[i] = true;
        }
    }
}

/// `text` (a config) with every key commented out under its explanation, except
/// that the tables of `overrides` stay open and each override follows the
/// commented default it replaces (after its last line, for a value over several
/// lines). An override whose key or table the text lacks is still written.
fn commented_config(text: &str, overrides: &[Override]) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10 + 256);
    let mut table = String::new();
    let mut written = vec![false; overrides.len()];
    let mut pending: Option<usize> = None;
    let mut depth = 0;
    for line in text.lines() {
        let trimmed = line.trim();
        if depth == 0
            && let Some(name) = table_header(trimmed)
        {
            write_missing(&mut out, &table, overrides, &mut written);
            table = name;
            if overrides.iter().any(|o| o.table == table) {
                push_line(&mut out, line);
                continue;
            }
        }
        if depth == 0 && (trimmed.is_empty() || trimmed.starts_with('#')) {
            push_line(&mut out, line);
            continue;
        }
        out.push_str("# ");
        push_line(&mut out, line);
        if depth == 0 {
            pending = overrides.iter().position(|o| o.table == table && key_of(trimmed) == Some(o.key));
        }
        depth = (depth + bracket_balance(trimmed)).max(0);
        if depth == 0
            && let Some(i) = pending.take()
        {
            push_line(&mut out, &overrides[i].line);
            written[i] = true;
        }
    }
    write_missing(&mut out, &table, overrides, &mut written);
    // Tables the text does not have at all.
    let mut opened: Vec<&str> = Vec::new();
    for (i, o) in overrides.iter().enumerate() {
        if written[i] {
            continue;
        }
        if !opened.contains(&o.table) {
            out.push_str(&format!("\n[{}]\n", o.table));
            opened.push(o.table);
        }
        push_line(&mut out, &o.line);
    }
    out
}

/// The starter config: `extends` the config in force (by its absolute path, so
/// the folder can be anywhere), sets the period and the three templates as
/// inputs, and carries every key of the built-in default commented out.
pub(crate) fn starter_config(config_path: Option<&Path>, period: Period, config: &Config) -> String {
    // The built-in config, or the file in force by its absolute path.
    let base = match config_path {
        Some(path) => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).to_string_lossy().into_owned(),
        None => crate::config::BUILT_IN.to_string(),
    };
    let mut out = String::new();
    out.push_str(&format!("# chainscore config for {period}, written by `chainscore init`.\n"));
    out.push_str("#\n");
    out.push_str("# It extends the config named below and sets only the lines that are not\n");
    out.push_str("# commented out: the period, and the three input templates beside this file.\n");
    out.push_str("# Every key of chainscore's default config follows, commented out under its\n");
    out.push_str("# explanation, with the default's value. To change one, uncomment it and the\n");
    out.push_str("# [table] line above it ([run] and [inputs] are open already).\n");
    if period != config.period {
        out.push_str(&format!("# (The config extended scores {} when no period is given.)\n", config.period));
    }
    out.push_str("# Check the inputs with:\n");
    out.push_str(&format!("#     chainscore --config {CONFIG_FILE} validate\n\n"));
    out.push_str(&format!("extends = {}\n\n", toml_string(&base)));
    out.push_str(&commented_config(DEFAULT_CONFIG_TEXT, &overrides(period)));
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use calamine::{Data, Reader};

    use super::*;

    fn quarter() -> Period {
        Period::Quarter(2022, 4)
    }

    /// The sheet names and first-row texts of each sheet of a workbook.
    fn sheets(path: &Path) -> Vec<(String, Vec<String>)> {
        let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let names = workbook.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let range = workbook.worksheet_range(&name).unwrap();
                let width = range.end().map(|(_, c)| c + 1).unwrap_or(0);
                let first: Vec<String> = (0..width)
                    .map(|c| match range.get_value((0, c)) {
                        Some(Data::String(s)) => s.clone(),
                        _ => String::new(),
                    })
                    .collect();
                (name, first)
            })
            .collect()
    }

    fn member(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut file = archive.by_name(name).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn every_template_opens_with_the_headers_the_reader_matches() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::builtin_default();
        let written = write_templates(dir.path(), &config, quarter()).unwrap();
        assert_eq!(written.len(), 4);
        for (kind, file) in TEMPLATES {
            let path = dir.path().join(file);
            let sheets = sheets(&path);
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names[0], data_sheet_name(&config, kind), "{file}: the data sheet comes first");
            assert!(names.contains(&"说明"), "{file}: {names:?}");
            let expected: Vec<String> = template_columns(&config, kind).into_iter().map(|c| c.header).collect();
            assert_eq!(sheets[0].1, expected, "{file}");
            // The reader finds the header and maps every column to its canonical name.
            let read = crate::read::read_file(&path, kind, &config).unwrap();
            assert_eq!(read.source.header_row, 1, "{file}");
            assert_eq!(read.table.frame.height(), 0, "{file}: a blank template has no rows");
            for spec in kind.columns() {
                assert!(read.source.labels.iter().any(|(c, _)| c == spec.name), "{file}: {} not mapped", spec.name);
            }
        }
        let projects = &template_columns(&config, InputKind::Projects);
        let headers: Vec<&str> = projects.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(&headers[..3], ["项目编号", "项目名称", "所属县区"]);
        assert!(headers.contains(&"用地面积（亩）"), "{headers:?}");
    }

    #[test]
    fn drop_downs_come_from_the_hidden_lists_sheet() {
        let config = Config::builtin_default();
        let bytes = build_template(&config, InputKind::Projects, quarter()).unwrap();
        let data = member(&bytes, "xl/worksheets/sheet1.xml");
        let columns = template_columns(&config, InputKind::Projects);
        assert_eq!(data.matches("<dataValidation ").count(), columns.len(), "one validation per column");
        // District is the first list: 18 names under a label.
        assert!(data.contains("<formula1>'下拉选项'!$A$2:$A$19</formula1>"), "{data}");
        let workbook = member(&bytes, "xl/workbook.xml");
        assert!(workbook.contains(r#"name="下拉选项" sheetId="3" state="hidden""#), "{workbook}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("projects.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let lists = book.worksheet_range("下拉选项").unwrap();
        let column = |c: u32| -> Vec<String> {
            (1..40)
                .filter_map(|r| match lists.get_value((r, c)) {
                    Some(Data::String(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        };
        let districts: Vec<String> = config.districts.iter().map(|d| d.name.clone()).collect();
        assert_eq!(column(0), districts);
        // Then chain, link, investor tier, status, high-tech, in column order.
        assert_eq!(column(2), ["建链", "补链", "延链", "强链"]);
        assert_eq!(column(3), ["世界500强", "中国500强", "民营500强", "行业龙头", "上市公司", "其他"]);
        assert_eq!(column(4), ["签约", "开工", "投产", "达产", "停滞", "终止"]);
        assert_eq!(column(5), ["是", "否"]);
        // The ledger has no drop-down and so no lists sheet.
        let ledger = build_template(&config, InputKind::Capital, quarter()).unwrap();
        assert!(!member(&ledger, "xl/workbook.xml").contains("下拉选项"));
    }

    /// An English template takes the config's English aliases and words, and
    /// the reader takes them back: every header maps to its column, and a row
    /// filled from the drop-downs reads as the keys they stand for.
    #[test]
    fn an_english_template_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::builtin_default();
        config.language = Language::En;
        write_templates(dir.path(), &config, quarter()).unwrap();
        let path = dir.path().join("projects.xlsx");
        let sheets = sheets(&path);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Projects", "Instructions", "Lists"]);
        for (name, first_row) in &sheets {
            for text in first_row {
                assert!(!text.chars().any(is_cjk), "{name}: {text}");
            }
        }
        assert_eq!(&sheets[0].1[..3], ["Project ID", "Project", "District"]);
        let read = crate::read::read_file(&path, InputKind::Projects, &config).unwrap();
        for spec in InputKind::Projects.columns() {
            assert!(read.source.labels.iter().any(|(c, _)| c == spec.name), "{} not mapped", spec.name);
        }
        let columns = template_columns(&config, InputKind::Projects);
        let tiers = &columns.iter().find(|c| c.spec.name == "investor_tier").unwrap().choices;
        assert_eq!(tiers[0], "Fortune Global 500");
        for (column, lexicon) in [("investor_tier", &config.investor_tiers), ("link", &config.links)] {
            for word in &columns.iter().find(|c| c.spec.name == column).unwrap().choices {
                assert!(lexicon.lookup(word).is_some(), "{column}: {word} is not read back");
            }
        }
        for district in &columns.iter().find(|c| c.spec.name == "district").unwrap().choices {
            assert!(config.district_names.lookup(district).is_some(), "{district}");
            assert!(!district.chars().any(is_cjk), "{district}");
        }
        // The instructions are English through and through.
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let how = book.worksheet_range("Instructions").unwrap();
        for cell in how.used_cells() {
            let text = cell.2.to_string();
            assert!(!text.chars().any(is_cjk), "{text}");
        }
    }

    #[test]
    fn the_same_period_gives_the_same_bytes() {
        let config = Config::builtin_default();
        for (kind, _) in TEMPLATES {
            assert_eq!(
                build_template(&config, kind, quarter()).unwrap(),
                build_template(&config, kind, quarter()).unwrap()
            );
        }
        let core = member(&build_template(&config, InputKind::Targets, quarter()).unwrap(), "docProps/core.xml");
        assert!(core.contains("2022-12-31T00:00:00Z"), "{core}");
    }

    #[test]
    fn prompts_and_titles_fit_excels_limits() {
        let config = Config::builtin_default();
        for (kind, _) in TEMPLATES {
            for column in template_columns(&config, kind) {
                assert!(column.validation(Some("lists!$A$2:$A$3")).is_ok(), "{}", column.spec.name);
                assert!(column.validation(None).is_ok(), "{}", column.spec.name);
            }
        }
        assert_eq!(clip("一二三四五", 3), "一二…");
        assert_eq!(clip("一二三", 3), "一二三");
    }

    /// Writes the default as `config/default.toml` and a starter config extending
    /// it as `eval/chainscore.toml` in `dir`; returns the starter's path and text.
    fn starter_in(dir: &Path, period: Period) -> (PathBuf, String) {
        let base = dir.join("config").join("default.toml");
        std::fs::create_dir_all(base.parent().unwrap()).unwrap();
        std::fs::write(&base, DEFAULT_CONFIG_TEXT).unwrap();
        let default = Config::load(&base).unwrap();
        let text = starter_config(Some(&base), period, &default);
        let path = dir.join("eval").join(CONFIG_FILE);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        (path, text)
    }

    #[test]
    fn the_starter_config_loads_and_keeps_every_key_of_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let (path, text) = starter_in(dir.path(), Period::Month(2023, 6));
        let config = Config::load(&path).unwrap();
        assert_eq!(config.period, Period::Month(2023, 6));
        let beside = |name: &str| path.parent().unwrap().join(name).to_string_lossy().into_owned();
        assert_eq!(config.projects, [beside("projects.xlsx")]);
        assert_eq!(config.capital, [beside("capital.xlsx")]);
        assert_eq!(config.targets_files, [beside("targets.xlsx")]);
        assert_eq!(config.indicators.len(), Config::builtin_default().indicators.len());
        let canonical = std::fs::canonicalize(dir.path().join("config/default.toml")).unwrap();
        assert!(text.contains(&format!("extends = {}\n", toml_string(&canonical.to_string_lossy()))), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        for line in DEFAULT_CONFIG_TEXT.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let commented = format!("# {line}");
            assert!(
                lines.contains(&commented.as_str()) || (lines.contains(&line) && table_header(trimmed).is_some()),
                "the starter config lacks `{line}`"
            );
        }
        for live in ["[run]", "period = \"2023-06\"", "[inputs]", "projects = [\"projects.xlsx\"]"] {
            assert!(lines.contains(&live), "`{live}` is not live:\n{text}");
        }
        assert_eq!(lines.iter().filter(|l| **l == "[run]").count(), 1);
    }

    #[test]
    fn a_key_uncommented_under_an_open_table_takes_effect() {
        let dir = tempfile::tempdir().unwrap();
        let (path, text) = starter_in(dir.path(), quarter());
        assert!(text.contains("# scope = \"to_date\"\n"), "{text}");
        std::fs::write(&path, text.replacen("# scope = \"to_date\"\n", "scope = \"year\"\n", 1)).unwrap();
        assert_eq!(Config::load(&path).unwrap().scope, crate::config::ProjectScope::Year);
    }

    #[test]
    fn an_override_follows_the_last_line_of_a_value_over_several_lines() {
        let text = "# top\n[inputs]\nprojects = [\n  \"a\",\n  \"b\",\n]\nother = 1\n[limits]\nx = [[1, 2]]\n";
        let out = commented_config(text, &overrides(quarter()));
        let expected = "# top\n[inputs]\n# projects = [\n#   \"a\",\n#   \"b\",\n# ]\nprojects = [\"projects.xlsx\"]\n\
                        # other = 1\ncapital = [\"capital.xlsx\"]\ntargets = [\"targets.xlsx\"]\n\
                        operations = [\"operations.xlsx\"]\n# [limits]\n# x = [[1, 2]]\n\
                        \n[run]\nperiod = \"2022Q4\"\n";
        assert_eq!(out, expected);
        assert_eq!(bracket_balance("a = [\"[\", '{', # ]"), 1);
        assert_eq!(toml_string("C:\\x \"y\""), "\"C:\\\\x \\\"y\\\"\"");
    }
}
