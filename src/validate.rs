//! Row validation (spec 3.7) and the accounting of spec 3.9.
//!
//! Files are stacked in path order. Each register rule is a polars expression
//! over the stacked frame, so a million rows cost a few column passes; the
//! ledger's twelve million rows are matched against the registers' ids in one
//! pass (split among threads), each row keeping the row of the project it names.
//! Only the rows that break a rule are pulled out of the frame, to be written up
//! as issues naming file, sheet, row and column. Every row read ends in exactly
//! one place — used, out of scope, or skipped with an issue — and
//! [`Accounting`] proves it per file.

use std::collections::HashMap;

use polars::prelude::*;

use crate::columns::InputKind;
use crate::config::{Config, DistrictFrom, Lexicon, ProjectScope};
use crate::error::Result;
use crate::frames::{TextMap, map_text};
use crate::i18n::{Kind, Msg, Name};
use crate::issues::{Accounting, Action, Issue, Severity};
use crate::period::Period;
use crate::read::cells::CellProblem;
use crate::read::table::{RowNote, RowNoteKind};
use crate::read::{Inputs, ReadFile, SourceFile};

/// Numeric project columns that are optional: unreadable or negative values are
/// treated as missing with a warning.
pub(crate) const OPTIONAL_NUMBERS: [&str; 7] =
    ["fixed_asset_investment", "land_area", "annual_output", "annual_tax", "rd_expense", "patents", "jobs"];

/// What validation hands on to scoring.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The period validated against.
    pub period: Period,
    /// Every file read: project registers, then ledgers, then targets; `_source`
    /// columns index this list.
    pub sources: Vec<SourceFile>,
    /// Projects in scope that passed every rule, with `district` and `chain` as
    /// config keys, `park_key`, `_source` and `_row`.
    pub projects: DataFrame,
    /// The used ledger rows (of those projects, up to the period end):
    /// `_project` (the row of [`Validated::projects`] the ledger row's id
    /// names), `month` (see [`crate::period::month_index`]), `capital` (万元,
    /// foreign converted), `_source` and `_row`.
    pub ledger: DataFrame,
    /// Operations rows of projects in scope (spec 2.5): `_project` (the row of
    /// [`Validated::projects`]), `year`, `actual_output`, `actual_tax`,
    /// `actual_jobs`, `_source`, `_row`.
    pub operations: DataFrame,
    /// Targets of the period's year: `district`, `domestic_target`,
    /// `foreign_target_usd`, `target` (万元, foreign converted).
    pub targets: DataFrame,
    /// Every issue found.
    pub issues: Vec<Issue>,
    /// Per file: where its rows went.
    pub accounting: Vec<Accounting>,
    /// Non-canonical columns of the registers, usable in expressions.
    pub extra_columns: Vec<String>,
    /// Projects read but out of scope for the period: `project_id`, `signed_on`,
    /// `_source`, `_row`.
    pub out_of_scope: DataFrame,
}

impl Validated {
    /// Number of error-level issues.
    pub fn error_count(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Error).count()
    }
}

/// Builds issues with a file's place filled in. Consecutive rows skipped for the
/// same reason without a project id (a 序号 column drag-filled far below the
/// table) become one issue naming the row range, not one issue per row.
struct IssueWriter<'a> {
    sources: &'a [SourceFile],
    issues: Vec<Issue>,
    /// The issue a run of identical rows extends: its index and last row.
    run: Option<(usize, u32)>,
}

impl IssueWriter<'_> {
    fn new(sources: &[SourceFile]) -> IssueWriter<'_> {
        IssueWriter { sources, issues: Vec::new(), run: None }
    }

    /// The issues, each run's message naming its rows.
    fn finish(mut self) -> Vec<Issue> {
        self.close_run();
        self.issues
    }

    fn close_run(&mut self) {
        if let Some((index, last)) = self.run.take() {
            let issue = &mut self.issues[index];
            let first = issue.row.unwrap_or(last);
            if last > first {
                issue.last_row = Some(last);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        source: u32,
        row: Option<u32>,
        column: Option<&str>,
        project_id: Option<String>,
        severity: Severity,
        message: Msg,
        action: Action,
    ) {
        let file = &self.sources[source as usize];
        let column = column.map(|c| file.label(c));
        if let (Some((index, last)), Some(r), None) = (self.run, row, &project_id) {
            let previous = &self.issues[index];
            if r == last + 1
                && previous.file == file.display()
                && previous.sheet == file.sheet
                && previous.column == column
                && previous.message == message
                && previous.severity == severity
                && previous.action == action
            {
                self.run = Some((index, r));
                return;
            }
        }
        self.close_run();
        if let (Some(r), None) = (row, &project_id) {
            self.run = Some((self.issues.len(), r));
        }
        self.issues.push(Issue {
            severity,
            file: file.display(),
            sheet: file.sheet.clone(),
            row,
            last_row: None,
            column,
            project_id,
            message,
            action,
        });
    }

    fn row_notes(&mut self, source: u32, notes: &[RowNote]) {
        for note in notes {
            let text = || note.text.clone().unwrap_or_default();
            let message = match note.kind {
                RowNoteKind::Blank => Msg::RowBlank {},
                RowNoteKind::Totals => Msg::TotalsRow { text: text() },
                RowNoteKind::Header => Msg::HeaderRepeats {},
                RowNoteKind::Filler => Msg::FillerRow {},
                RowNoteKind::Notes => Msg::NoteRow { text: text() },
            };
            self.push(source, Some(note.first_row), None, None, Severity::Info, message, Action::RowSkipped);
            // A run of rows read as one note (blank rows, a 序号 column dragged
            // down) is one issue naming its range.
            if note.count() > 1
                && let Some(issue) = self.issues.last_mut()
                && issue.row == Some(note.first_row)
            {
                issue.last_row = Some(note.last_row);
            }
        }
    }

    fn duplicate_headers(&mut self, file: &ReadFile) {
        for dup in &file.duplicate_headers {
            self.issues.push(Issue {
                severity: Severity::Warning,
                file: file.source.display(),
                sheet: file.source.sheet.clone(),
                row: Some(file.source.header_row),
                last_row: None,
                column: Some(dup.label()),
                project_id: None,
                message: Msg::DuplicateHeader { header: dup.header.clone() },
                action: Action::None,
            });
        }
    }
}

fn stack(files: &[ReadFile], first_source: u32) -> Result<DataFrame> {
    let frames: Vec<LazyFrame> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            f.table
                .frame
                .clone()
                .lazy()
                .with_column(lit(first_source + i as u32).cast(DataType::UInt32).alias("_source"))
        })
        .collect();
    if frames.is_empty() {
        return Ok(DataFrame::empty());
    }
    let args = UnionArgs { to_supertypes: true, maintain_order: true, parallel: false, ..Default::default() };
    Ok(concat_lf_diagonal(frames, args)?.collect()?)
}

fn strings(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(frame.column(name)?.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
}

fn numbers(frame: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    Ok(frame.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
}

fn u32s(frame: &DataFrame, name: &str) -> Result<Vec<u32>> {
    Ok(frame.column(name)?.u32()?.iter().map(|v| v.unwrap_or(0)).collect())
}

fn bools(frame: &DataFrame, name: &str) -> Result<Vec<bool>> {
    Ok(frame.column(name)?.bool()?.iter().map(|v| v.unwrap_or(false)).collect())
}

type CellIndex<'a> = HashMap<(u32, u32, &'a str), &'a CellProblem>;

fn cell_index(files: &[ReadFile], first_source: u32) -> CellIndex<'_> {
    let mut index = HashMap::new();
    for (i, file) in files.iter().enumerate() {
        for note in &file.table.cells {
            index.insert((first_source + i as u32, note.row, note.column.as_str()), &note.problem);
        }
    }
    index
}

/// Per-source counts of (skipped by validation, out of scope, used) from boolean
/// columns `_skip` and `_out`.
fn count_by_source(frame: &DataFrame) -> Result<HashMap<u32, (u32, u32, u32)>> {
    let mut out = HashMap::new();
    if frame.height() == 0 {
        return Ok(out);
    }
    let counts = frame
        .clone()
        .lazy()
        .group_by_stable([col("_source")])
        .agg([
            col("_skip").cast(DataType::UInt32).sum().alias("skip"),
            col("_out").cast(DataType::UInt32).sum().alias("out"),
            len().cast(DataType::UInt32).alias("all"),
        ])
        .collect()?;
    let (sources, skip, out_, all) =
        (u32s(&counts, "_source")?, u32s(&counts, "skip")?, u32s(&counts, "out")?, u32s(&counts, "all")?);
    for i in 0..sources.len() {
        out.insert(sources[i], (skip[i], out_[i], all[i] - skip[i] - out_[i]));
    }
    Ok(out)
}

/// Validates every input against the config for a period.
pub fn validate(inputs: Inputs, config: &Config, period: Period) -> Result<Validated> {
    let project_count = inputs.projects.len() as u32;
    let capital_count = inputs.capital.len() as u32;
    let target_count = inputs.targets.len() as u32;
    let all_files = || inputs.projects.iter().chain(&inputs.capital).chain(&inputs.targets).chain(&inputs.operations);
    let sources: Vec<SourceFile> = all_files().map(|f| f.source.clone()).collect();
    let mut writer = IssueWriter::new(&sources);
    for (i, file) in all_files().enumerate() {
        writer.row_notes(i as u32, &file.table.rows);
        writer.duplicate_headers(file);
    }

    let extra_columns: Vec<String> = {
        let canonical: Vec<&str> = InputKind::Projects.columns().iter().map(|s| s.name).collect();
        let mut extras: Vec<String> = Vec::new();
        for file in &inputs.projects {
            for name in file.table.frame.get_column_names() {
                if name.as_str() != "_row"
                    && !canonical.contains(&name.as_str())
                    && !extras.iter().any(|e| e == name.as_str())
                {
                    extras.push(name.to_string());
                }
            }
        }
        extras
    };

    let (projects, register_ids, out_of_scope, project_counts) =
        validate_projects(&inputs.projects, config, period, &mut writer)?;
    let (ledger, ledger_counts) =
        validate_ledger(&inputs.capital, project_count, config, period, &register_ids, &mut writer)?;
    let (targets, target_counts) =
        validate_targets(&inputs.targets, project_count + capital_count, config, period, &mut writer)?;
    let (operations, operation_counts) = validate_operations(
        &inputs.operations,
        project_count + capital_count + target_count,
        &register_ids,
        &mut writer,
    )?;

    let mut accounting = Vec::new();
    for (i, (file, source)) in all_files().zip(&sources).enumerate() {
        let i = i as u32;
        let read_skipped: u32 = file.table.rows.iter().map(RowNote::count).sum();
        let (skip, out, used) = project_counts
            .get(&i)
            .or_else(|| ledger_counts.get(&i))
            .or_else(|| target_counts.get(&i))
            .or_else(|| operation_counts.get(&i))
            .copied()
            .unwrap_or((0, 0, 0));
        accounting.push(Accounting {
            file: source.display(),
            sheet: source.sheet.clone(),
            kind: source.kind,
            read: source.rows_read,
            used,
            exempt: 0,
            out_of_scope: out,
            skipped: skip + read_skipped,
        });
    }
    // A register with nothing under its header: an error naming the file,
    // never a quiet run of 0 projects.
    for (i, file) in inputs.projects.iter().enumerate() {
        if file.source.rows_read == 0 {
            writer.push(i as u32, None, None, None, Severity::Error, Msg::EmptyRegister {}, Action::None);
        }
    }
    let mut issues = writer.finish();
    // A warning, not an info: the workbook beside it may hold unsaved edits.
    issues.extend(inputs.lock_files.iter().map(|(_, path)| Issue {
        severity: Severity::Warning,
        file: path.display().to_string(),
        sheet: None,
        row: None,
        last_row: None,
        column: None,
        project_id: None,
        message: Msg::LockFile {},
        action: Action::None,
    }));
    let order: Vec<String> =
        sources.iter().map(SourceFile::display).chain(std::iter::once("config".to_string())).collect();
    crate::issues::sort_issues(&mut issues, &order);
    Ok(Validated {
        period,
        sources,
        projects,
        ledger,
        operations,
        targets,
        issues,
        accounting,
        extra_columns,
        out_of_scope,
    })
}

type Counts = HashMap<u32, (u32, u32, u32)>;

/// Ascending row numbers as ranges: `3–7, 12, 15–16`, the first eight ranges.
fn row_ranges(rows: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => ranges.push((row, row)),
        }
    }
    let shown: Vec<String> =
        ranges.iter().take(8).map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    if ranges.len() > 8 { format!("{}, …", shown.join(", ")) } else { shown.join(", ") }
}

fn validate_projects(
    files: &[ReadFile],
    config: &Config,
    period: Period,
    writer: &mut IssueWriter,
) -> Result<(DataFrame, RegisterIds, DataFrame, Counts)> {
    let stacked = stack(files, 0)?;
    if stacked.height() == 0 && stacked.width() == 0 {
        let empty = crate::read::table::build(
            &Default::default(),
            &crate::read::header::HeaderRow { number: 0, columns: Vec::new(), duplicates: Vec::new() },
            InputKind::Projects,
            config,
            None,
        )?;
        let frame = empty.frame.lazy().with_columns([lit(0u32).cast(DataType::UInt32).alias("_source")]).collect()?;
        return validate_projects_frame(frame, &HashMap::new(), config, period, writer);
    }
    let cells = cell_index(files, 0);
    validate_projects_frame(stacked, &cells, config, period, writer)
}

/// Validates the stacked registers: writes an issue for every broken rule, then
/// returns the accepted projects, the ids read, the out-of-scope rows and the
/// per-source counts.
fn validate_projects_frame(
    stacked: DataFrame,
    cells: &CellIndex,
    config: &Config,
    period: Period,
    writer: &mut IssueWriter,
) -> Result<(DataFrame, RegisterIds, DataFrame, Counts)> {
    project_cell_warnings(&stacked, cells, config, writer)?;
    let frame = map_project_names(stacked, config)?;
    let frame = flag_projects(frame, config, period)?;
    skipped_project_issues(&frame, cells, config, writer)?;

    // Negative optional numbers: warnings, treated as missing. Unknown parks: kept, noted.
    let kept = frame.clone().lazy().filter(col("_skip").not());
    negative_number_warnings(kept.clone(), writer)?;
    unknown_park_warnings(kept, config, writer)?;

    let counts = count_by_source(&frame)?;
    let out_of_scope = out_of_scope_projects(&frame)?;
    let register_ids = registered_ids(&frame)?;
    let accepted = accepted_projects(frame)?;
    Ok((accepted, register_ids, out_of_scope, counts))
}

/// The keys of a cell index in (source, row, column) order, so issues are
/// written in the same order on every run.
fn sorted_cell_keys<'a>(cells: &CellIndex<'a>) -> Vec<(u32, u32, &'a str)> {
    let mut keys: Vec<_> = cells.keys().copied().collect();
    keys.sort();
    keys
}

/// Writes the registers' cell-level problems of optional columns.
fn project_cell_warnings(
    stacked: &DataFrame,
    cells: &CellIndex,
    config: &Config,
    writer: &mut IssueWriter,
) -> Result<()> {
    // Cell-level problems of optional columns: warnings, value treated as missing.
    // The ids of the rows holding a problem only: a million-row register with a
    // few problems needs a few ids, not a map of a million.
    let wanted: std::collections::HashSet<(u32, u32)> = cells.keys().map(|&(s, r, _)| (s, r)).collect();
    let mut ids_for_cells: HashMap<(u32, u32), Option<String>> = HashMap::new();
    if !wanted.is_empty() {
        let ids = stacked.column("project_id")?.cast(&DataType::String)?;
        let (s, r) = (u32s(stacked, "_source")?, u32s(stacked, "_row")?);
        for ((s, r), id) in s.into_iter().zip(r).zip(ids.str()?.iter()) {
            if wanted.contains(&(s, r)) {
                ids_for_cells.insert((s, r), id.map(str::to_string));
            }
        }
    }
    for (source, row, column) in sorted_cell_keys(cells) {
        let problem = cells[&(source, row, column)];
        let id = ids_for_cells.get(&(source, row)).cloned().flatten();
        let text = problem.text();
        match column {
            "total_investment" | "signed_on" => {} // reported with the row, in skipped_project_issues
            "link" | "investor_tier" => {
                let (words, kind) = match column {
                    "link" => (&config.links, Kind::Link),
                    _ => (&config.investor_tiers, Kind::InvestorTier),
                };
                let known = words.keys().iter().map(|k| Name::new(kind, k.clone())).collect();
                let message = Msg::UnknownWord { field: Name::column(column), value: text.to_string(), known };
                writer.push(source, Some(row), Some(column), id, Severity::Warning, message, Action::DefaultUsed);
            }
            "status" => {
                let known = config.statuses.keys().iter().map(|k| Name::new(Kind::Status, k.clone())).collect();
                let message = Msg::UnknownStatus { value: text.to_string(), known };
                writer.push(source, Some(row), Some(column), id, Severity::Warning, message, Action::TreatedAsMissing);
            }
            "started_on" | "operating_on" | "full_production_on" => {
                let message = Msg::NotADate { field: Name::column(column), value: text.to_string() };
                writer.push(source, Some(row), Some(column), id, Severity::Warning, message, Action::TreatedAsMissing);
            }
            "high_tech" => {
                let message = Msg::NotYesNo { field: Name::column(column), value: text.to_string() };
                writer.push(source, Some(row), Some(column), id, Severity::Warning, message, Action::TreatedAsMissing);
            }
            _ => {
                let (field, value) = (Name::column(column), text.to_string());
                let message = match problem {
                    CellProblem::ErrorValue(_) => Msg::ErrorValue { field, value },
                    _ => Msg::NotANumber { field, value },
                };
                writer.push(source, Some(row), Some(column), id, Severity::Warning, message, Action::TreatedAsMissing);
            }
        }
    }
    Ok(())
}

/// Keeps the raw district and chain names as `district_raw` and `chain_raw` and
/// adds their config keys as `district` and `chain`, and the park's as
/// `park_key`.
fn map_project_names(stacked: DataFrame, config: &Config) -> Result<LazyFrame> {
    let mut frame = stacked.lazy().rename(["district", "chain"], ["district_raw", "chain_raw"], true).collect()?;
    let district = map_text(frame.column("district_raw")?, "district", |raw| {
        config.district_names.lookup(raw).map(str::to_string).or_else(|| match config.district_from {
            DistrictFrom::Column => None,
            _ => config.district_names.find_within(raw).ok().flatten().map(str::to_string),
        })
    })?;
    let chain =
        map_text(frame.column("chain_raw")?, "chain", |raw| config.chain_names.lookup(raw).map(str::to_string))?;
    let park = map_text(frame.column("park")?, "park_key", |raw| config.park_names.lookup(raw).map(str::to_string))?;
    for column in [district, chain, park] {
        frame.with_column(column)?;
    }
    Ok(frame.lazy())
}

/// Adds a flag column per project rule, where each id first appears, `_skip`
/// for rows breaking any rule and `_out` for the other rows outside the scope.
fn flag_projects(frame: LazyFrame, config: &Config, period: Period) -> Result<DataFrame> {
    // Rules, in the order their messages are written.
    let end = period.end_date();
    let year_start = chrono::NaiveDate::from_ymd_opt(period.year(), 1, 1).expect("valid date");
    let date_lit = |d: chrono::NaiveDate| lit(d).cast(DataType::Date);
    let out_of_scope = match config.scope {
        ProjectScope::ToDate => col("signed_on").gt(date_lit(end)),
        ProjectScope::Year => col("signed_on").gt(date_lit(end)).or(col("signed_on").lt(date_lit(year_start))),
    };
    let frame = frame
        .with_columns([
            col("project_id").is_null().alias("_id_missing"),
            col("project_id").is_not_null().and(col("project_id").is_first_distinct().not()).alias("_duplicate"),
        ])
        .collect()?;
    // Where each id first appears, for the duplicates' messages: two grouped
    // passes over a million ids, needed only when some id repeats.
    let (first_source, first_row) = if frame.column("_duplicate")?.bool()?.any() {
        (col("_source").first().over([col("project_id")])?, col("_row").first().over([col("project_id")])?)
    } else {
        (col("_source"), col("_row"))
    };
    let frame = frame
        .lazy()
        .with_columns([
            first_source.alias("_first_source"),
            first_row.alias("_first_row"),
            col("district").is_null().alias("_district_bad"),
            col("chain").is_null().alias("_chain_bad"),
            col("total_investment").is_null().or(col("total_investment").lt_eq(lit(0.0))).alias("_investment_bad"),
            col("signed_on").is_null().alias("_signed_bad"),
        ])
        .with_column(
            any_horizontal([
                col("_id_missing"),
                col("_duplicate"),
                col("_district_bad"),
                col("_chain_bad"),
                col("_investment_bad"),
                col("_signed_bad"),
            ])?
            .alias("_skip"),
        )
        .with_column(col("_skip").not().and(out_of_scope.fill_null(lit(false))).alias("_out"))
        .collect()?;
    Ok(frame)
}

/// The error for a name that maps to no config key: missing, or unknown with the
/// nearest display name as a hint (五华区 for 昆明市五华区, never a key).
fn not_in_config(column: &str, raw: Option<&str>, names: &Lexicon) -> Msg {
    let field = Name::column(column);
    match raw {
        None => Msg::FieldMissing { field },
        Some(raw) => match names.nearest_name(raw) {
            Some(nearest) => Msg::UnknownNameNear { field, value: raw.to_string(), nearest: nearest.to_string() },
            None => Msg::UnknownName { field, value: raw.to_string() },
        },
    }
}

/// Writes the errors of the skipped register rows: one per broken rule.
fn skipped_project_issues(
    frame: &DataFrame,
    cells: &CellIndex,
    config: &Config,
    writer: &mut IssueWriter,
) -> Result<()> {
    let skipped = frame.clone().lazy().filter(col("_skip")).collect()?;
    if skipped.height() == 0 {
        return Ok(());
    }
    let source = u32s(&skipped, "_source")?;
    let row = u32s(&skipped, "_row")?;
    let id = strings(&skipped, "project_id")?;
    let first_source = u32s(&skipped, "_first_source")?;
    let first_row = u32s(&skipped, "_first_row")?;
    let district_raw = strings(&skipped, "district_raw")?;
    let chain_raw = strings(&skipped, "chain_raw")?;
    let investment = numbers(&skipped, "total_investment")?;
    let flags: Vec<Vec<bool>> =
        ["_id_missing", "_duplicate", "_district_bad", "_chain_bad", "_investment_bad", "_signed_bad"]
            .iter()
            .map(|f| bools(&skipped, f))
            .collect::<Result<_>>()?;
    for i in 0..skipped.height() {
        let (s, r, pid) = (source[i], row[i], id[i].clone());
        let skip = |w: &mut IssueWriter, column: &str, message: Msg| {
            w.push(s, Some(r), Some(column), pid.clone(), Severity::Error, message, Action::RowSkipped)
        };
        if flags[0][i] {
            // Without an id the row is not a project; one error says so.
            skip(writer, "project_id", Msg::IdMissing {});
            continue;
        }
        if flags[1][i] {
            let file = writer.sources[first_source[i] as usize].display();
            skip(
                writer,
                "project_id",
                Msg::IdDuplicate { id: pid.clone().unwrap_or_default(), file, row: first_row[i] },
            );
        }
        if flags[2][i] {
            skip(writer, "district", not_in_config("district", district_raw[i].as_deref(), &config.district_names));
        }
        if flags[3][i] {
            skip(writer, "chain", not_in_config("chain", chain_raw[i].as_deref(), &config.chain_names));
        }
        if flags[4][i] {
            let message = match (cells.get(&(s, r, "total_investment")), investment[i]) {
                (Some(problem), _) => Msg::InvestmentNotNumber { value: problem.text().to_string() },
                (None, Some(value)) => Msg::InvestmentNotPositive { value },
                (None, None) => Msg::FieldMissing { field: Name::column("total_investment") },
            };
            skip(writer, "total_investment", message);
        }
        if flags[5][i] {
            let field = Name::column("signed_on");
            let message = match cells.get(&(s, r, "signed_on")) {
                Some(problem) => Msg::NotADate { field, value: problem.text().to_string() },
                None => Msg::FieldMissing { field },
            };
            skip(writer, "signed_on", message);
        }
    }
    Ok(())
}

/// Warns of each negative optional number on a kept row; [`accepted_projects`]
/// treats it as missing.
fn negative_number_warnings(kept: LazyFrame, writer: &mut IssueWriter) -> Result<()> {
    let negatives = kept
        .filter(any_horizontal(
            OPTIONAL_NUMBERS.iter().map(|c| col(*c).lt(lit(0.0)).fill_null(lit(false))).collect::<Vec<_>>(),
        )?)
        .collect()?;
    if negatives.height() == 0 {
        return Ok(());
    }
    let (source, row, id) =
        (u32s(&negatives, "_source")?, u32s(&negatives, "_row")?, strings(&negatives, "project_id")?);
    for column in OPTIONAL_NUMBERS {
        let values = numbers(&negatives, column)?;
        for i in 0..negatives.height() {
            if let Some(v) = values[i].filter(|v| *v < 0.0) {
                writer.push(
                    source[i],
                    Some(row[i]),
                    Some(column),
                    id[i].clone(),
                    Severity::Warning,
                    Msg::NegativeNumber { field: Name::column(column), value: v },
                    Action::TreatedAsMissing,
                );
            }
        }
    }
    Ok(())
}

/// Warns of each kept row naming a park the config does not know; the row stays.
fn unknown_park_warnings(kept: LazyFrame, config: &Config, writer: &mut IssueWriter) -> Result<()> {
    let unknown_parks = kept.filter(col("park").is_not_null().and(col("park_key").is_null())).collect()?;
    if unknown_parks.height() == 0 {
        return Ok(());
    }
    let (source, row, id, park) = (
        u32s(&unknown_parks, "_source")?,
        u32s(&unknown_parks, "_row")?,
        strings(&unknown_parks, "project_id")?,
        strings(&unknown_parks, "park")?,
    );
    for i in 0..unknown_parks.height() {
        let raw = park[i].clone().unwrap_or_default();
        let message = match config.park_names.nearest_name(&raw) {
            Some(nearest) => Msg::UnknownParkNear { value: raw.clone(), nearest: nearest.to_string() },
            None => Msg::UnknownPark { value: raw.clone() },
        };
        writer.push(source[i], Some(row[i]), Some("park"), id[i].clone(), Severity::Warning, message, Action::Kept);
    }
    Ok(())
}

/// The rows outside the period's scope, as [`Validated::out_of_scope`] lists them.
fn out_of_scope_projects(frame: &DataFrame) -> Result<DataFrame> {
    Ok(frame
        .clone()
        .lazy()
        .filter(col("_out"))
        .select([col("project_id"), col("signed_on"), col("_source"), col("_row")])
        .collect()?)
}

/// The register rows' ids in register order, each with the row of
/// [`Validated::projects`] it became (None for a row not used); the ledger's
/// rows are matched against them.
pub(crate) struct RegisterIds {
    ids: StringChunked,
    accepted: Vec<Option<u32>>,
}

impl RegisterIds {
    /// Each id read → the projects row it became, or None when it is not used.
    /// An id's first row decides: a later row with the same id is a duplicate,
    /// never used.
    fn index(&self) -> TextMap<'_, Option<u32>> {
        let mut index = TextMap::new();
        for (id, accepted) in self.ids.iter().zip(&self.accepted) {
            if let Some(id) = id {
                index.get_or_insert_with(id, || *accepted);
            }
        }
        index
    }
}

fn registered_ids(frame: &DataFrame) -> Result<RegisterIds> {
    let ids = frame.column("project_id")?.cast(&DataType::String)?.str()?.clone();
    let (skip, out) = (frame.column("_skip")?.bool()?, frame.column("_out")?.bool()?);
    let mut next = 0u32;
    let accepted = skip
        .iter()
        .zip(out.iter())
        .map(|(skip, out)| {
            (skip != Some(true) && out != Some(true)).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    Ok(RegisterIds { ids, accepted })
}

/// The used register rows, negative optional numbers made missing and the rule
/// flags dropped.
fn accepted_projects(frame: DataFrame) -> Result<DataFrame> {
    // Filtering and rewriting copy whole columns: done only where some row is
    // dropped, or some value is negative.
    let some_dropped = frame.column("_skip")?.bool()?.any() || frame.column("_out")?.bool()?.any();
    let mut negatives = Vec::new();
    for c in OPTIONAL_NUMBERS {
        if frame.column(c)?.cast(&DataType::Float64)?.f64()?.min().is_some_and(|min| min < 0.0) {
            negatives
                .push(when(col(c).lt(lit(0.0))).then(lit(NULL).cast(DataType::Float64)).otherwise(col(c)).alias(c));
        }
    }
    let mut frame = frame.lazy();
    if some_dropped {
        frame = frame.filter(col("_skip").not().and(col("_out").not()));
    }
    Ok(frame
        .with_columns(negatives)
        .drop(by_name(
            [
                "_id_missing",
                "_duplicate",
                "_first_source",
                "_first_row",
                "_district_bad",
                "_chain_bad",
                "_investment_bad",
                "_signed_bad",
                "_skip",
                "_out",
            ],
            true,
            false,
        ))
        .collect()?)
}

/// Warns of each unreadable amount in the named columns; such a cell counts as 0.
fn counts_as_zero_warnings(cells: &CellIndex, columns: &[&str], writer: &mut IssueWriter) {
    for (source, row, column) in sorted_cell_keys(cells) {
        if columns.contains(&column) {
            let text = cells[&(source, row, column)].text();
            writer.push(
                source,
                Some(row),
                Some(column),
                None,
                Severity::Warning,
                Msg::AmountNotNumber { field: Name::column(column), value: text.to_string() },
                Action::TreatedAsMissing,
            );
        }
    }
}

/// A ledger with no rows, in the shape [`Validated::ledger`] documents.
fn empty_ledger() -> Result<DataFrame> {
    Ok(DataFrame::new(
        0,
        vec![
            Column::new("_project".into(), Vec::<u32>::new()),
            Column::new("month".into(), Vec::<i32>::new()),
            Column::new("capital".into(), Vec::<f64>::new()),
            Column::new("_source".into(), Vec::<u32>::new()),
            Column::new("_row".into(), Vec::<u32>::new()),
        ],
    )?)
}

/// Validates the stacked ledgers against the ids the registers hold: writes the
/// issues, then returns the used rows and the per-source counts.
fn validate_ledger(
    files: &[ReadFile],
    first_source: u32,
    config: &Config,
    period: Period,
    register: &RegisterIds,
    writer: &mut IssueWriter,
) -> Result<(DataFrame, Counts)> {
    let stacked = stack(files, first_source)?;
    if stacked.height() == 0 {
        return Ok((empty_ledger()?, HashMap::new()));
    }
    let cells = cell_index(files, first_source);
    counts_as_zero_warnings(&cells, &["domestic", "foreign_usd"], writer);
    let index = register.index();
    let mut fates = LedgerFates::of(&stacked, &index, period)?;
    ledger_row_issues(&stacked, &fates, &cells, writer)?;
    let used = fates.used_rows(&stacked, config)?;
    Ok((used, fates.count_by_source(&stacked)?))
}

/// What becomes of each ledger row, decided in one pass over the rows (twelve
/// million at a city's scale): used, out of scope, or skipped and why.
struct LedgerFates {
    /// Per row: 0 for a used row, else the `LEDGER_*` flags.
    fate: Vec<u8>,
    /// Per row: the [`Validated::projects`] row of a used row's project.
    project: Vec<u32>,
}

/// The row has no project id.
const LEDGER_ID_MISSING: u8 = 1;
/// The row's period is missing or unreadable.
const LEDGER_PERIOD_BAD: u8 = 2;
/// No register holds the row's project id.
const LEDGER_UNKNOWN: u8 = 4;
/// A readable row not counted: its project is out of scope (or skipped), or
/// its month is after the period.
const LEDGER_OUT: u8 = 8;
const LEDGER_SKIP: u8 = LEDGER_ID_MISSING | LEDGER_PERIOD_BAD | LEDGER_UNKNOWN;

impl LedgerFates {
    /// The fates of the stacked ledger rows, the rows split among the threads
    /// in order (each part is matched on its own; the parts are joined in row
    /// order, so the result does not depend on the thread count).
    fn of(stacked: &DataFrame, register: &TextMap<Option<u32>>, period: Period) -> Result<LedgerFates> {
        use rayon::prelude::*;
        let end = period.end_month();
        let ids = stacked.column("project_id")?.cast(&DataType::String)?;
        let months = stacked.column("period")?.cast(&DataType::Int32)?;
        let (ids, months) = (ids.str()?, months.i32()?);
        let rows = ids.len();
        let part = rows.div_ceil(rayon::current_num_threads().max(1) * 4).max(1 << 16);
        let parts: Vec<(Vec<u8>, Vec<u32>)> = (0..rows.div_ceil(part))
            .into_par_iter()
            .map(|p| {
                let (offset, length) = (p * part, part.min(rows - p * part));
                let (ids, months) = (ids.slice(offset as i64, length), months.slice(offset as i64, length));
                let (mut fate, mut project) = (Vec::with_capacity(length), Vec::with_capacity(length));
                for (id, month) in ids.iter().zip(months.iter()) {
                    let (flags, row) = ledger_fate(id, month, register, end);
                    fate.push(flags);
                    project.push(row);
                }
                (fate, project)
            })
            .collect();
        let (mut fate, mut project) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        for (f, p) in parts {
            fate.extend(f);
            project.extend(p);
        }
        Ok(LedgerFates { fate, project })
    }

    /// Per source: (skipped, out of scope, used).
    fn count_by_source(&self, stacked: &DataFrame) -> Result<Counts> {
        let mut counts: Vec<(u32, u32, u32)> = Vec::new();
        let sources = stacked.column("_source")?.u32()?;
        for (source, fate) in sources.into_no_null_iter().zip(&self.fate) {
            let source = source as usize;
            if counts.len() <= source {
                counts.resize(source + 1, (0, 0, 0));
            }
            let entry = &mut counts[source];
            match *fate {
                0 => entry.2 += 1,
                LEDGER_OUT => entry.1 += 1,
                _ => entry.0 += 1,
            }
        }
        Ok(counts.into_iter().enumerate().filter(|(_, c)| *c != (0, 0, 0)).map(|(s, c)| (s as u32, c)).collect())
    }

    /// The used rows in the shape [`Validated::ledger`] documents, foreign
    /// capital converted: `capital` = domestic + foreign × usd_to_cny, a
    /// missing amount counting as 0. Whole columns, filtered only when some
    /// row is not used.
    fn used_rows(&mut self, stacked: &DataFrame, config: &Config) -> Result<DataFrame> {
        let projects = UInt32Chunked::from_vec("_project".into(), std::mem::take(&mut self.project));
        let columns = vec![
            projects.into_column(),
            stacked.column("period")?.cast(&DataType::Int32)?.with_name("month".into()),
            stacked.column("domestic")?.cast(&DataType::Float64)?,
            stacked.column("foreign_usd")?.cast(&DataType::Float64)?,
            stacked.column("_source")?.clone(),
            stacked.column("_row")?.clone(),
        ];
        let mut frame = DataFrame::new(stacked.height(), columns)?.lazy();
        if self.fate.iter().any(|f| *f != 0) {
            let used: BooleanChunked = self.fate.iter().map(|f| *f == 0).collect();
            frame = frame.filter(lit(used.into_series()));
        }
        let capital =
            col("domestic").fill_null(lit(0.0)) + col("foreign_usd").fill_null(lit(0.0)) * lit(config.usd_to_cny);
        Ok(frame
            .select([col("_project"), col("month"), capital.alias("capital"), col("_source"), col("_row")])
            .collect()?)
    }
}

/// One ledger row's fate (0 for used, else the `LEDGER_*` flags) and, for a
/// used row, the [`Validated::projects`] row of its project.
fn ledger_fate(id: Option<&str>, month: Option<i32>, register: &TextMap<Option<u32>>, end: i32) -> (u8, u32) {
    let accepted = id.and_then(|id| register.get(id));
    let mut flags = 0;
    if id.is_none() {
        flags |= LEDGER_ID_MISSING;
    } else if accepted.is_none() {
        flags |= LEDGER_UNKNOWN;
    }
    if month.is_none() {
        flags |= LEDGER_PERIOD_BAD;
    }
    let row = accepted.copied().flatten();
    if flags == 0 && (row.is_none() || month > Some(end)) {
        flags = LEDGER_OUT;
    }
    (flags, row.unwrap_or(0))
}

/// Writes the issues of the skipped ledger rows and notes the negative amounts
/// of the others.
fn ledger_row_issues(
    stacked: &DataFrame,
    fates: &LedgerFates,
    cells: &CellIndex,
    writer: &mut IssueWriter,
) -> Result<()> {
    let (domestic, foreign) = (
        stacked.column("domestic")?.cast(&DataType::Float64)?,
        stacked.column("foreign_usd")?.cast(&DataType::Float64)?,
    );
    let negative = |v: Option<f64>| v.is_some_and(|v| v < 0.0);
    let flagged: Vec<IdxSize> = domestic
        .f64()?
        .iter()
        .zip(foreign.f64()?.iter())
        .zip(&fates.fate)
        .enumerate()
        .filter(|(_, ((d, f), fate))| **fate & LEDGER_SKIP != 0 || negative(*d) || negative(*f))
        .map(|(i, _)| i as IdxSize)
        .collect();
    if flagged.is_empty() {
        return Ok(());
    }
    let fate: Vec<u8> = flagged.iter().map(|&i| fates.fate[i as usize]).collect();
    let flagged = stacked.take(&IdxCa::from_vec("i".into(), flagged))?;
    // Rows of a project no register knows: one warning per project, naming its
    // rows, not one per row (a district's register checked against the city's
    // ledger would otherwise bury its own errors under thousands of these).
    let mut unknown: indexmap::IndexMap<(u32, String), Vec<u32>> = indexmap::IndexMap::new();
    let (source, row, id) = (u32s(&flagged, "_source")?, u32s(&flagged, "_row")?, strings(&flagged, "project_id")?);
    let (domestic, foreign) = (numbers(&flagged, "domestic")?, numbers(&flagged, "foreign_usd")?);
    for i in 0..flagged.height() {
        let (s, r, pid) = (source[i], row[i], id[i].clone());
        if fate[i] & LEDGER_ID_MISSING != 0 {
            writer.push(s, Some(r), Some("project_id"), None, Severity::Error, Msg::IdMissing {}, Action::RowSkipped);
        }
        if fate[i] & LEDGER_PERIOD_BAD != 0 {
            let message = match cells.get(&(s, r, "period")) {
                Some(problem) => Msg::NotAPeriod { value: problem.text().to_string() },
                None => Msg::FieldMissing { field: Name::column("period") },
            };
            writer.push(s, Some(r), Some("period"), pid.clone(), Severity::Error, message, Action::RowSkipped);
        }
        if fate[i] & LEDGER_UNKNOWN != 0 {
            unknown.entry((s, pid.clone().unwrap_or_default())).or_default().push(r);
        }
        if fate[i] & LEDGER_SKIP == 0 {
            for (column, value) in [("domestic", domestic[i]), ("foreign_usd", foreign[i])] {
                if let Some(v) = value.filter(|v| *v < 0.0) {
                    writer.push(
                        s,
                        Some(r),
                        Some(column),
                        pid.clone(),
                        Severity::Info,
                        Msg::NegativeAmount { field: Name::column(column), value: v },
                        Action::Kept,
                    );
                }
            }
        }
    }
    unknown_project_warnings(unknown, writer);
    Ok(())
}

/// Unknown projects beyond which a ledger's are one note: a city's ledger
/// checked against one district's register names hundreds of other districts'
/// projects, and a warning for each buried the register's own problems.
const UNKNOWN_PROJECTS_LISTED: usize = 20;

/// Writes one warning per (file, project) unknown to the registers, at its first
/// ledger row; over [`UNKNOWN_PROJECTS_LISTED`] in one ledger, one info for
/// that ledger naming a few and counting all.
fn unknown_project_warnings(unknown: indexmap::IndexMap<(u32, String), Vec<u32>>, writer: &mut IssueWriter) {
    let mut per_file: indexmap::IndexMap<u32, (usize, usize, Vec<String>, u32)> = indexmap::IndexMap::new();
    for ((s, pid), rows) in &unknown {
        let entry = per_file.entry(*s).or_insert((0, 0, Vec::new(), rows[0]));
        entry.0 += 1;
        entry.1 += rows.len();
        if entry.2.len() < 3 {
            entry.2.push(pid.clone());
        }
        entry.3 = entry.3.min(rows[0]);
    }
    for (s, (projects, rows, first, row)) in &per_file {
        if *projects > UNKNOWN_PROJECTS_LISTED {
            let message = Msg::LedgerOtherProjects { projects: *projects, rows: *rows, first: first.clone() };
            writer.push(*s, Some(*row), Some("project_id"), None, Severity::Info, message, Action::RowSkipped);
        }
    }
    for ((s, pid), rows) in unknown {
        if per_file.get(&s).is_some_and(|(projects, ..)| *projects > UNKNOWN_PROJECTS_LISTED) {
            continue;
        }
        let count = rows.len();
        let message = if count == 1 {
            Msg::LedgerUnknownProject { id: pid.clone() }
        } else {
            Msg::LedgerUnknownProjectRows { id: pid.clone(), count, rows: row_ranges(&rows) }
        };
        writer.push(s, Some(rows[0]), Some("project_id"), Some(pid), Severity::Warning, message, Action::RowSkipped);
    }
}

/// One used target: district key, domestic target, foreign target in USD.
type TargetRow = (String, f64, f64);

/// Validates the stacked target files and adds the config's targets: writes the
/// issues, then returns the period year's targets and the per-source counts.
/// Validates the operations rows (spec 2.5): a row needs a project of the
/// registers and a readable year (an unknown project is a warning, as in the
/// ledger; a missing id or year an error); a second row for a project and year
/// is an error; a negative or unreadable actual is treated as missing with a
/// warning. Rows of projects out of scope are kept, not used. Returns the used
/// rows — `_project` (the row in [`Validated::projects`]), `year`,
/// `actual_output`, `actual_tax`, `actual_jobs`, `_source`, `_row` — and the
/// per-source counts.
fn validate_operations(
    files: &[ReadFile],
    first_source: u32,
    register: &RegisterIds,
    writer: &mut IssueWriter,
) -> Result<(DataFrame, Counts)> {
    let stacked = stack(files, first_source)?;
    // The used rows' columns: project row, year, the three actuals, source, row.
    type UsedRows = (Vec<u32>, Vec<i32>, [Vec<Option<f64>>; 3], Vec<u32>, Vec<u32>);
    let mut used: UsedRows = (Vec::new(), Vec::new(), [Vec::new(), Vec::new(), Vec::new()], Vec::new(), Vec::new());
    let mut counts: Counts = HashMap::new();
    if stacked.height() > 0 {
        let cells = cell_index(files, first_source);
        let index = register.index();
        let ids = strings(&stacked, "project_id")?;
        let years: Vec<Option<i32>> = stacked.column("year")?.cast(&DataType::Int32)?.i32()?.iter().collect();
        let sources = u32s(&stacked, "_source")?;
        let rows = u32s(&stacked, "_row")?;
        let figures = ["actual_output", "actual_tax", "actual_jobs"];
        let values: Vec<Vec<Option<f64>>> = figures
            .iter()
            .map(|f| match stacked.column(f) {
                Ok(_) => numbers(&stacked, f),
                Err(_) => Ok(vec![None; stacked.height()]),
            })
            .collect::<Result<_>>()?;
        let mut seen: HashMap<(u32, i32), ()> = HashMap::new();
        for i in 0..stacked.height() {
            let (source, row) = (sources[i], rows[i]);
            let id = ids[i].clone();
            let entry = counts.entry(source).or_insert((0, 0, 0));
            let skip = |writer: &mut IssueWriter, column: Option<&str>, severity: Severity, message: Msg| {
                writer.push(source, Some(row), column, id.clone(), severity, message, Action::RowSkipped);
            };
            let Some(key) = id.as_deref() else {
                skip(writer, Some("project_id"), Severity::Error, Msg::IdMissing {});
                entry.0 += 1;
                continue;
            };
            let Some(year) = years[i] else {
                let value = cells.get(&(source, row, "year")).map(|p| p.text().to_string()).unwrap_or_default();
                skip(writer, Some("year"), Severity::Error, Msg::NotAYear { value });
                entry.0 += 1;
                continue;
            };
            let Some(accepted) = index.get(key) else {
                skip(
                    writer,
                    Some("project_id"),
                    Severity::Warning,
                    Msg::OperationsUnknownProject { id: key.to_string() },
                );
                entry.0 += 1;
                continue;
            };
            let Some(project) = *accepted else {
                entry.1 += 1;
                continue;
            };
            if seen.insert((project, year), ()).is_some() {
                skip(writer, Some("year"), Severity::Error, Msg::OperationsTwice { id: key.to_string(), year });
                entry.0 += 1;
                continue;
            }
            entry.2 += 1;
            used.0.push(project);
            used.1.push(year);
            for (k, figure) in figures.iter().enumerate() {
                let mut value = values[k][i];
                if let Some(v) = value.filter(|v| *v < 0.0) {
                    let message = Msg::ActualNegative { field: Name::column(*figure), value: v };
                    writer.push(
                        source,
                        Some(row),
                        Some(figure),
                        id.clone(),
                        Severity::Warning,
                        message,
                        Action::TreatedAsMissing,
                    );
                    value = None;
                } else if value.is_none()
                    && let Some(problem) = cells.get(&(source, row, *figure))
                {
                    let message = Msg::NotANumber { field: Name::column(*figure), value: problem.text().to_string() };
                    writer.push(
                        source,
                        Some(row),
                        Some(figure),
                        id.clone(),
                        Severity::Warning,
                        message,
                        Action::TreatedAsMissing,
                    );
                }
                used.2[k].push(value);
            }
            used.3.push(source);
            used.4.push(row);
        }
    }
    let height = used.0.len();
    let [output, tax, jobs] = used.2;
    let frame = DataFrame::new(
        height,
        vec![
            Column::new("_project".into(), used.0),
            Column::new("year".into(), used.1),
            Column::new("actual_output".into(), output),
            Column::new("actual_tax".into(), tax),
            Column::new("actual_jobs".into(), jobs),
            Column::new("_source".into(), used.3),
            Column::new("_row".into(), used.4),
        ],
    )?;
    Ok((frame, counts))
}

fn validate_targets(
    files: &[ReadFile],
    first_source: u32,
    config: &Config,
    period: Period,
    writer: &mut IssueWriter,
) -> Result<(DataFrame, Counts)> {
    let stacked = stack(files, first_source)?;
    let (counts, mut rows) = if stacked.height() > 0 {
        let cells = cell_index(files, first_source);
        counts_as_zero_warnings(&cells, &["foreign_target_usd"], writer);
        let frame = flag_targets(stacked, config, period)?;
        skipped_target_issues(&frame, &cells, config, writer)?;
        let counts = count_by_source(&frame)?;
        (counts, used_targets(frame)?)
    } else {
        (HashMap::new(), Vec::new())
    };
    add_config_targets(&mut rows, config, period, writer);
    Ok((targets_frame(&rows, config.usd_to_cny)?, counts))
}

/// Keeps the raw district name as `district_raw`, adds its config key as
/// `district` and a flag column per target rule, `_skip` for rows breaking any
/// and `_out` for the other rows of another year.
fn flag_targets(stacked: DataFrame, config: &Config, period: Period) -> Result<DataFrame> {
    let mut frame = stacked.lazy().rename(["district"], ["district_raw"], true).collect()?;
    let district = map_text(frame.column("district_raw")?, "district", |raw| {
        config.district_names.lookup(raw).map(str::to_string)
    })?;
    frame.with_column(district)?;
    let frame = frame
        .lazy()
        .with_columns([
            col("district").is_null().alias("_district_bad"),
            col("year").is_null().alias("_year_bad"),
            col("domestic_target").is_null().or(col("domestic_target").lt(lit(0.0))).alias("_domestic_bad"),
            col("foreign_target_usd").lt(lit(0.0)).fill_null(lit(false)).alias("_foreign_bad"),
        ])
        .with_column(concat_str([col("district"), col("year").cast(DataType::String)], "|", false).alias("_key"))
        .with_column(col("_key").is_not_null().and(col("_key").is_first_distinct().not()).alias("_duplicate"))
        .with_column(
            any_horizontal([
                col("_district_bad"),
                col("_year_bad"),
                col("_domestic_bad"),
                col("_foreign_bad"),
                col("_duplicate"),
            ])?
            .alias("_skip"),
        )
        .with_column(col("_skip").not().and(col("year").neq(lit(period.year()))).alias("_out"))
        .collect()?;
    Ok(frame)
}

/// Writes the errors of the skipped target rows: one per broken rule.
fn skipped_target_issues(
    frame: &DataFrame,
    cells: &CellIndex,
    config: &Config,
    writer: &mut IssueWriter,
) -> Result<()> {
    let skipped = frame.clone().lazy().filter(col("_skip")).collect()?;
    if skipped.height() == 0 {
        return Ok(());
    }
    let (source, row, raw) = (u32s(&skipped, "_source")?, u32s(&skipped, "_row")?, strings(&skipped, "district_raw")?);
    let flags: Vec<Vec<bool>> = ["_district_bad", "_year_bad", "_domestic_bad", "_foreign_bad", "_duplicate"]
        .iter()
        .map(|f| bools(&skipped, f))
        .collect::<Result<_>>()?;
    let (domestic, year) = (numbers(&skipped, "domestic_target")?, numbers(&skipped, "year")?);
    let foreign = numbers(&skipped, "foreign_target_usd")?;
    for i in 0..skipped.height() {
        let (s, r) = (source[i], row[i]);
        let skip = |w: &mut IssueWriter, column: &str, message: Msg| {
            w.push(s, Some(r), Some(column), None, Severity::Error, message, Action::RowSkipped)
        };
        if flags[0][i] {
            skip(writer, "district", not_in_config("district", raw[i].as_deref(), &config.district_names));
        }
        if flags[1][i] {
            let message = match cells.get(&(s, r, "year")) {
                Some(p) => Msg::NotAYear { value: p.text().to_string() },
                None => Msg::FieldMissing { field: Name::column("year") },
            };
            skip(writer, "year", message);
        }
        if flags[2][i] {
            let field = Name::column("domestic_target");
            let message = match (cells.get(&(s, r, "domestic_target")), domestic[i]) {
                (Some(p), _) => Msg::TargetNotNumber { field, value: p.text().to_string() },
                (None, Some(value)) => Msg::TargetNegative { field, value },
                (None, None) => Msg::FieldMissing { field },
            };
            skip(writer, "domestic_target", message);
        }
        if flags[3][i] {
            let message =
                Msg::TargetNegative { field: Name::column("foreign_target_usd"), value: foreign[i].unwrap_or(-1.0) };
            skip(writer, "foreign_target_usd", message);
        }
        if flags[4][i] && !flags[0][i] && !flags[1][i] {
            let message = Msg::TargetTwice {
                district: raw[i].clone().unwrap_or_default(),
                year: year[i].map(|y| y as i32).unwrap_or_default(),
            };
            skip(writer, "district", message);
        }
    }
    Ok(())
}

/// The used target rows, missing amounts as 0.
fn used_targets(frame: DataFrame) -> Result<Vec<TargetRow>> {
    let used = frame.lazy().filter(col("_skip").not().and(col("_out").not())).collect()?;
    let (district, domestic, foreign) =
        (strings(&used, "district")?, numbers(&used, "domestic_target")?, numbers(&used, "foreign_target_usd")?);
    Ok((0..used.height())
        .map(|i| (district[i].clone().unwrap_or_default(), domestic[i].unwrap_or(0.0), foreign[i].unwrap_or(0.0)))
        .collect())
}

/// Adds the config's targets of the period's year for districts no target file
/// covers, warning of each one a file overrides.
fn add_config_targets(rows: &mut Vec<TargetRow>, config: &Config, period: Period, writer: &mut IssueWriter) {
    // Targets written in the config fill districts the files leave out.
    for target in config.config_targets.iter().filter(|t| t.year == period.year()) {
        let key = config.district_names.lookup(&target.district).expect("checked at load").to_string();
        if rows.iter().any(|(d, _, _)| *d == key) {
            writer.issues.push(Issue {
                severity: Severity::Warning,
                file: config.source.path().display().to_string(),
                sheet: None,
                row: config.source.place("targets").line.map(|l| l as u32),
                last_row: None,
                column: None,
                project_id: None,
                message: Msg::ConfigTargetIgnored {
                    district: Name::new(Kind::District, key.clone()),
                    year: target.year,
                },
                action: Action::None,
            });
        } else {
            rows.push((key, target.domestic_target, target.foreign_target_usd));
        }
    }
}

/// The targets frame [`Validated::targets`] documents, foreign targets converted
/// at `rate`.
fn targets_frame(rows: &[TargetRow], rate: f64) -> Result<DataFrame> {
    Ok(DataFrame::new(
        rows.len(),
        vec![
            Column::new("district".into(), rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>()),
            Column::new("domestic_target".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()),
            Column::new("foreign_target_usd".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
            Column::new("target".into(), rows.iter().map(|r| r.1 + r.2 * rate).collect::<Vec<_>>()),
        ],
    )?)
}

#[cfg(test)]
mod tests {
    use super::row_ranges;

    #[test]
    fn rows_are_shown_as_ranges() {
        assert_eq!(row_ranges(&[3, 4, 5, 7, 9, 10]), "3–5, 7, 9–10");
        assert_eq!(row_ranges(&[1]), "1");
        let many: Vec<u32> = (0..20).map(|i| i * 3).collect();
        assert!(row_ranges(&many).ends_with(", …"));
    }
}
