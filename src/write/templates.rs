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
//! live on a hidden `lists` sheet because Excel refuses an inline list over 255
//! characters (eighteen district names are over), and one path for every list is
//! simpler than two. A `说明` sheet says in the file what the README says.
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
    FormatBorder, Formula, Workbook, XlsxError,
};

use super::output::write_bytes;
use crate::columns::{ColumnSpec, ColumnType, InputKind, Unit, Vocabulary};
use crate::config::{Config, DEFAULT_CONFIG_TEXT, DistrictFrom, Lexicon, Named};
use crate::error::Result;
use crate::period::Period;
use crate::text::{column_letter, display_width};

/// The starter config's file name.
pub(crate) const CONFIG_FILE: &str = "chainscore.toml";

/// The templates, in the order they are written and listed.
pub(crate) const TEMPLATES: [(InputKind, &str); 3] = [
    (InputKind::Projects, "projects.xlsx"),
    (InputKind::Capital, "capital.xlsx"),
    (InputKind::Targets, "targets.xlsx"),
];

/// The first data row and the last row validations cover, 0-based: rows 2 to 5001
/// as a spreadsheet numbers them.
const FIRST_ROW: u32 = 1;
const LAST_ROW: u32 = 5000;
/// The hidden sheet holding the drop-down lists.
const LISTS_SHEET: &str = "lists";
/// The instructions sheet.
const INSTRUCTIONS_SHEET: &str = "说明";
/// The years a signing date or a target year may fall in.
const EARLIEST_YEAR: u16 = 1990;
const LATEST_YEAR: u16 = 2100;

/// What a file of each kind is called in the template's own words.
fn title_of(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Projects => "招商引资项目登记表",
        InputKind::Capital => "资金到位台账",
        InputKind::Targets => "到位资金目标任务",
    }
}

/// The data sheet's name: the one the config tells the reader to read, else a
/// plain Chinese name.
fn data_sheet_name(config: &Config, kind: InputKind) -> String {
    let wanted = match kind {
        InputKind::Projects => &config.projects_sheet,
        InputKind::Capital => &config.capital_sheet,
        InputKind::Targets => &config.targets_sheet,
    };
    if !wanted.trim().is_empty() {
        return wanted.clone();
    }
    match kind {
        InputKind::Projects => "项目表",
        InputKind::Capital => "资金到位",
        InputKind::Targets => "目标任务",
    }
    .to_string()
}

// ---------------------------------------------------------------- Columns

/// One column of a template: its header and what its cells may hold.
struct TemplateColumn {
    spec: ColumnSpec,
    header: String,
    required: bool,
    /// The drop-down's values; empty when the column has none.
    choices: Vec<String>,
}

/// The columns of a kind's template, in canonical order.
fn template_columns(config: &Config, kind: InputKind) -> Vec<TemplateColumn> {
    let required = kind.required(config.district_from == DistrictFrom::Column);
    kind.columns()
        .iter()
        .map(|spec| TemplateColumn {
            spec: *spec,
            header: header_of(config, kind, spec.name),
            required: required.contains(&spec.name),
            choices: choices_of(config, spec),
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A column's header: its first Chinese alias in `[columns.<kind>]`, else its
/// first alias, else its canonical name (which the reader always matches).
fn header_of(config: &Config, kind: InputKind, name: &str) -> String {
    let aliases = match kind {
        InputKind::Projects => &config.columns.projects,
        InputKind::Capital => &config.columns.capital,
        InputKind::Targets => &config.columns.targets,
    };
    let words: &[String] = aliases.get(name).map(Vec::as_slice).unwrap_or(&[]);
    words
        .iter()
        .find(|w| w.chars().any(is_cjk))
        .or_else(|| words.first())
        .filter(|w| !w.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// The words of a vocabulary as a drop-down offers them: each value's first
/// spelling in the config (世界500强 for `global500`), else the value itself.
fn words(lexicon: &Lexicon) -> Vec<String> {
    lexicon.keys().iter().map(|key| lexicon.first_spelling(key).unwrap_or(key.as_str()).to_string()).collect()
}

fn display_name(named: &Named) -> String {
    if named.name.trim().is_empty() { named.key.clone() } else { named.name.clone() }
}

/// The drop-down of a column: districts and chains by name, categories and
/// yes/no by their first word.
fn choices_of(config: &Config, spec: &ColumnSpec) -> Vec<String> {
    match spec.kind {
        ColumnType::Category(Vocabulary::Link) => words(&config.links),
        ColumnType::Category(Vocabulary::InvestorTier) => words(&config.investor_tiers),
        ColumnType::Category(Vocabulary::Status) => words(&config.statuses),
        ColumnType::Boolean => words(&config.booleans),
        ColumnType::Text if spec.name == "district" => config.districts.iter().map(display_name).collect(),
        ColumnType::Text if spec.name == "chain" => {
            config.chains.iter().map(|(chain, _)| display_name(chain)).collect()
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

impl TemplateColumn {
    /// The unit its numbers are read in.
    fn unit(&self) -> &'static str {
        match self.spec.kind {
            ColumnType::Number(Unit::TenThousandYuan) => "万元",
            ColumnType::Number(Unit::TenThousandUsd) => "万美元",
            ColumnType::Number(Unit::Mu) => "亩",
            ColumnType::Number(Unit::Count) if self.spec.name == "jobs" => "人",
            ColumnType::Number(Unit::Count) => "件",
            _ => "",
        }
    }

    /// What a cell may hold, for the 说明 sheet.
    fn allowed(&self) -> String {
        if !self.choices.is_empty() {
            return self.choices.join("、");
        }
        match self.spec.kind {
            ColumnType::Number(Unit::Count) => "不小于 0 的整数".into(),
            ColumnType::Number(_) => "不小于 0 的数".into(),
            ColumnType::Date => format!("{EARLIEST_YEAR}-01-01 至 {LATEST_YEAR}-12-31 之间的日期"),
            ColumnType::Period => "月份（2022-09）、季度（2022Q3）或日期".into(),
            ColumnType::Year => format!("年份（{EARLIEST_YEAR}–{LATEST_YEAR}）"),
            _ => "文字".into(),
        }
    }

    /// The prompt shown when a cell of the column is selected.
    fn prompt(&self) -> String {
        let need = if self.required { "必填" } else { "选填" };
        let what = match self.spec.kind {
            _ if !self.choices.is_empty() => "从下拉列表中选择".to_string(),
            ColumnType::Number(Unit::Count) => format!("填不小于 0 的整数，单位：{}", self.unit()),
            ColumnType::Number(_) => format!("填不小于 0 的数，单位：{}", self.unit()),
            ColumnType::Date => "填日期，如 2022-03-15".into(),
            ColumnType::Period => "填月份，如 2022-09；写季度（2022Q3）时计入该季度最后一个月".into(),
            ColumnType::Year => "填年份，如 2022".into(),
            _ => "填文字".into(),
        };
        format!("{need}。{what}。")
    }

    /// The warning shown when a typed value does not pass the validation.
    fn complaint(&self) -> String {
        match self.spec.kind {
            _ if !self.choices.is_empty() => "不在下拉列表中。配置里的别名也能读取，但请尽量从列表中选择。".into(),
            ColumnType::Number(Unit::Count) => format!("应为不小于 0 的整数（单位：{}）。", self.unit()),
            ColumnType::Number(_) => format!("应为不小于 0 的数（单位：{}）。", self.unit()),
            ColumnType::Date => format!("应为 {EARLIEST_YEAR}-01-01 至 {LATEST_YEAR}-12-31 之间的日期。"),
            ColumnType::Year => format!("应为 {EARLIEST_YEAR} 至 {LATEST_YEAR} 之间的年份。"),
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
            typed.set_error_title(clip("请检查这个值", 32))?.set_error_message(clip(&complaint, 255))?
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
                "project_name" | "investor" => 30.0,
                "project_id" => 14.0,
                _ => 12.0,
            },
            ColumnType::Date | ColumnType::Number(_) => 12.0,
            ColumnType::Period => 10.0,
            _ => 8.0,
        };
        header.max(values).max(typical).clamp(8.0, 40.0)
    }
}

// ---------------------------------------------------------------- Workbooks

/// Where each column's drop-down sits on the `lists` sheet (`lists!$A$2:$A$19`),
/// one sheet column per list in column order; `None` for a column without one.
fn list_ranges(columns: &[TemplateColumn]) -> Vec<Option<String>> {
    let mut next = 0u32;
    columns
        .iter()
        .map(|column| {
            if column.choices.is_empty() {
                return None;
            }
            let letter = column_letter(next);
            next += 1;
            Some(format!("{LISTS_SHEET}!${letter}$2:${letter}${}", column.choices.len() + 1))
        })
        .collect()
}

/// The header row, bold and frozen (required columns orange), column formats and
/// widths, and a validation with a prompt on every column's data rows.
fn write_data_sheet(
    workbook: &mut Workbook,
    name: &str,
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
    Ok(())
}

/// The notes above the column table of the 说明 sheet.
fn instruction_lines(kind: InputKind, data_sheet: &str, period: Period) -> Vec<String> {
    let how = match kind {
        InputKind::Projects => {
            "每个项目一行，项目编号全市唯一；签约时间写日期（如 2022-03-15）；金额单位为万元，用地面积单位为亩。"
        }
        InputKind::Capital => {
            "每个项目每月一行；月份写作 2022-09，写季度（2022Q3）时计入该季度最后一个月；内资单位为万元，外资单位为万美元。"
        }
        InputKind::Targets => "每个县区每年一行；内资目标单位为万元，外资目标单位为万美元。",
    };
    vec![
        format!("评价期间：{period}（期末 {}）。", period.end_date()),
        format!(
            "在「{data_sheet}」工作表填写：第 1 行是表头，请勿改动；从第 2 行起每行一条记录。第 2–{} 行带下拉列表和数据验证，选中单元格时提示单位。",
            LAST_ROW + 1
        ),
        "表头为橙色的列必须填写。".to_string(),
        how.to_string(),
        format!("下拉列表的取值在隐藏的「{LISTS_SHEET}」工作表中，由配置文件决定。"),
        format!("填好后运行：chainscore --config {CONFIG_FILE} validate"),
    ]
}

/// The 说明 sheet: the period, how to fill the template, and each column with
/// its canonical key, whether it is required, its unit and what it may hold.
fn write_instructions_sheet(
    workbook: &mut Workbook,
    kind: InputKind,
    columns: &[TemplateColumn],
    data_sheet: &str,
    period: Period,
) -> Result<()> {
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet();
    sheet.set_name(INSTRUCTIONS_SHEET)?;
    sheet.write_string_with_format(0, 0, format!("{}填写说明", title_of(kind)), &title)?;
    let lines = instruction_lines(kind, data_sheet, period);
    for (i, line) in lines.iter().enumerate() {
        sheet.write_string(1 + i as u32, 0, line.as_str())?;
    }
    let table = 2 + lines.len() as u32;
    for (c, label) in ["列名", "字段", "必填", "单位", "可填写的值"].iter().enumerate() {
        sheet.write_string_with_format(table, c as u16, *label, &header)?;
    }
    for (i, column) in columns.iter().enumerate() {
        let row = table + 1 + i as u32;
        sheet.write_string(row, 0, column.header.as_str())?;
        sheet.write_string(row, 1, column.spec.name)?;
        sheet.write_string(row, 2, if column.required { "是" } else { "否" })?;
        sheet.write_string(row, 3, column.unit())?;
        sheet.write_string_with_format(row, 4, column.allowed(), &wrap)?;
    }
    for (c, width) in [24.0, 24.0, 6.0, 8.0, 60.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// The hidden sheet of drop-down values, one column per list in the order of
/// [`list_ranges`], each under a label naming its column.
fn write_lists_sheet(workbook: &mut Workbook, columns: &[TemplateColumn]) -> Result<()> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(LISTS_SHEET)?;
    // Not "所属县区" alone: a sheet whose first row matched the aliases could be
    // taken for a register.
    for (c, column) in columns.iter().filter(|column| !column.choices.is_empty()).enumerate() {
        let c = c as u16;
        sheet.write_string(0, c, format!("可选值：{}", column.header))?;
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
fn set_properties(workbook: &mut Workbook, kind: InputKind, period: Period) -> Result<()> {
    let end = period.end_date();
    let created = ExcelDateTime::from_ymd(end.year() as u16, end.month() as u8, end.day() as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {period}", title_of(kind)))
            .set_author("chainscore")
            .set_creation_datetime(&created),
    );
    Ok(())
}

/// One template in memory: the data sheet first (the reader takes the first
/// sheet whose header matches), then 说明, then the hidden lists.
fn build_template(config: &Config, kind: InputKind, period: Period) -> Result<Vec<u8>> {
    let columns = template_columns(config, kind);
    let lists = list_ranges(&columns);
    let data_sheet = data_sheet_name(config, kind);
    let mut workbook = Workbook::new();
    set_properties(&mut workbook, kind, period)?;
    write_data_sheet(&mut workbook, &data_sheet, &columns, &lists)?;
    write_instructions_sheet(&mut workbook, kind, &columns, &data_sheet, period)?;
    if lists.iter().any(Option::is_some) {
        write_lists_sheet(&mut workbook, &columns)?;
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
        assert_eq!(written.len(), 3);
        for (kind, file) in TEMPLATES {
            let path = dir.path().join(file);
            let sheets = sheets(&path);
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names[0], data_sheet_name(&config, kind), "{file}: the data sheet comes first");
            assert!(names.contains(&INSTRUCTIONS_SHEET), "{file}: {names:?}");
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
        assert!(data.contains("<formula1>lists!$A$2:$A$19</formula1>"), "{data}");
        let workbook = member(&bytes, "xl/workbook.xml");
        assert!(workbook.contains(r#"name="lists" sheetId="3" state="hidden""#), "{workbook}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("projects.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let lists = book.worksheet_range(LISTS_SHEET).unwrap();
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
        assert_eq!(column(4), ["签约", "开工", "投产"]);
        assert_eq!(column(5), ["是", "否"]);
        // The ledger has no drop-down and so no lists sheet.
        let ledger = build_template(&config, InputKind::Capital, quarter()).unwrap();
        assert!(!member(&ledger, "xl/workbook.xml").contains("lists"));
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
                        # other = 1\ncapital = [\"capital.xlsx\"]\ntargets = [\"targets.xlsx\"]\n# [limits]\n# x = [[1, 2]]\n\
                        \n[run]\nperiod = \"2022Q4\"\n";
        assert_eq!(out, expected);
        assert_eq!(bracket_balance("a = [\"[\", '{', # ]"), 1);
        assert_eq!(toml_string("C:\\x \"y\""), "\"C:\\\\x \\\"y\\\"\"");
    }
}
