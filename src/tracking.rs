//! Following each project past its signing (一抓到底, spec 3.10): where it
//! stands at the period end, which deadline it has missed and by how long, and
//! how each district's signing cohorts are keeping their promises.
//!
//! Scoring looks at what a project promised when it was signed. A bureau in
//! its third year asks something else first: which signed projects have not
//! started, not begun operating, not reached full production — and whether a
//! district's projects keep to schedule. This stage answers that from the
//! register's stage dates (开工时间, 投产时间, 达产时间) and its status, and from
//! the ledger. It is a pure function of the validated frames and the config,
//! like scoring, and it never changes a score.
//!
//! The rules are the spec's, and each one is a decision a person could
//! question, so they are kept in one place and written out:
//!
//! - A stage is reached by its own date on or before the period end, or —
//!   without that date — by a status at that stage or a later one. A date
//!   after the period end is a plan: it does not reach the stage, and it
//!   overrides a status that says otherwise. A later stage reached implies the
//!   earlier ones.
//! - A project's stage is the latest reached. With no stage date and no
//!   status it is *unknown*: counted, never guessed (a signing date alone says
//!   nothing of progress). With a status of 签约 or only plans it is *signed*.
//! - Deadline k = signing date + k months (clamped to the month's last day);
//!   it has passed when it falls before the period end, and reaching the stage
//!   on the deadline day meets it. The date a stage was reached is its own
//!   date, else the earliest later stage date: an undated status reaches a
//!   stage but cannot say when, so its deadline is *undetermined*.
//! - A project is on the one overdue list its stage names (签约未开工 for a
//!   signed project past its start deadline, 开工未投产, 投产未达产), with the
//!   whole calendar months from the missed deadline to the period end.
//!   Stalled, withdrawn and unknown projects are on no list; stalled and
//!   withdrawn ones keep their dated stage and are never on schedule.
//! - On schedule: every passed deadline met by a dated stage (none passed yet
//!   is on schedule); undetermined when a passed deadline cannot be dated.
//! - Cohorts: the projects in scope by district and signing year, and the city
//!   by signing year as one population (never a mean of districts). A stage
//!   rate counts the projects at that stage or later over those of known
//!   stage; the on-schedule rate leaves the undetermined out; capital
//!   realisation is the capital in place from the signing month to the period
//!   end over the cohort's total investment, whatever the scoring window.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use crate::config::{Config, Tracking};
use crate::error::Result;
use crate::frames::KahanSum;
use crate::period::{Period, month_index};
use crate::read::SourceFile;

/// The stages a project passes through after signing, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Signed, not yet started (or only planned dates).
    Signed,
    /// Construction started (开工).
    Started,
    /// Operating (投产).
    Operating,
    /// In full production (达产).
    FullProduction,
}

impl Stage {
    /// The key written to sidecars and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Started => "started",
            Stage::Operating => "operating",
            Stage::FullProduction => "full_production",
        }
    }

    /// The stage a status key says, when it says one.
    fn of_status(status: &str) -> Option<Stage> {
        match status {
            "signed" => Some(Stage::Signed),
            "started" => Some(Stage::Started),
            "operating" => Some(Stage::Operating),
            "full_production" => Some(Stage::FullProduction),
            _ => None,
        }
    }

    /// The overdue list of a project at this stage past its next deadline.
    fn overdue_list(self) -> Option<&'static str> {
        match self {
            Stage::Signed => Some("not_started"),
            Stage::Started => Some("not_operating"),
            Stage::Operating => Some("not_full_production"),
            Stage::FullProduction => None,
        }
    }
}

/// The stages with a deadline, in order, and each one's months from signing.
fn deadlines(tracking: &Tracking) -> [(Stage, u32); 3] {
    [
        (Stage::Started, tracking.start_within_months),
        (Stage::Operating, tracking.operate_within_months),
        (Stage::FullProduction, tracking.full_production_within_months),
    ]
}

/// What one project's register row says of its progress.
#[derive(Debug, Clone, Default)]
pub struct Progress<'a> {
    /// Signing date.
    pub signed_on: Option<NaiveDate>,
    /// 开工, 投产, 达产 dates, as written (plans included).
    pub dates: [Option<NaiveDate>; 3],
    /// Status key (signed, started, operating, full_production, stalled, withdrawn).
    pub status: Option<&'a str>,
}

/// Where one project stands at the period end.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Its stage; `None` when unknown.
    pub stage: Option<Stage>,
    /// "stalled" or "withdrawn", listed apart.
    pub halted: Option<&'static str>,
    /// The overdue list it is on, and the whole months since the missed deadline.
    pub overdue: Option<(&'static str, u32)>,
    /// Every passed deadline met by a dated stage; `None` when undetermined.
    pub on_schedule: Option<bool>,
    /// The three deadlines (start, operation, full production).
    pub due: [Option<NaiveDate>; 3],
}

/// Whole calendar months from `from` to `to` (0 within the last month).
fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let months = if to.day() < from.day() { months - 1 } else { months };
    months.max(0) as u32
}

/// Where a project stands at `end` under the deadlines of `tracking`.
pub fn standing(progress: &Progress<'_>, tracking: &Tracking, end: NaiveDate) -> Standing {
    let halted = match progress.status {
        Some("stalled") => Some("stalled"),
        Some("withdrawn") => Some("withdrawn"),
        _ => None,
    };
    let status_stage = progress.status.and_then(Stage::of_status);
    let stages = [Stage::Started, Stage::Operating, Stage::FullProduction];
    // Reached by its own date on or before the end, or by a status at it or
    // later — unless its own date is a plan (after the end).
    let own_date_reached = |i: usize| progress.dates[i].filter(|d| *d <= end);
    let reached_alone = |i: usize| match progress.dates[i] {
        Some(date) => date <= end,
        None => status_stage.is_some_and(|s| s >= stages[i]),
    };
    // A later stage reached implies the earlier ones.
    let reached: [bool; 3] = [0, 1, 2].map(|i| (i..3).any(reached_alone));
    let latest = (0..3).rev().find(|&i| reached[i]).map(|i| stages[i]);
    let known = progress.dates.iter().any(Option::is_some) || progress.status.is_some();
    let stage = match latest {
        Some(stage) => Some(stage),
        None if known => Some(Stage::Signed),
        None => None,
    };
    // When each stage was reached: its own date, else the earliest later
    // dated stage; `None` (undatable) when reached only by a status.
    let reached_on = |i: usize| -> Option<NaiveDate> { (i..3).filter_map(own_date_reached).min() };
    let due: [Option<NaiveDate>; 3] = {
        let at = |months: u32| progress.signed_on.and_then(|s| s.checked_add_months(Months::new(months)));
        let d = deadlines(tracking);
        [at(d[0].1), at(d[1].1), at(d[2].1)]
    };
    let mut on_schedule = Some(true);
    let mut overdue = None;
    for i in 0..3 {
        let Some(deadline) = due[i].filter(|d| *d < end) else {
            continue;
        };
        match (reached[i], reached_on(i)) {
            (true, Some(date)) if date <= deadline => {}
            // Reached late, or not reached: off schedule.
            (true, Some(_)) | (false, _) => on_schedule = Some(false),
            // Reached, but when cannot be told.
            (true, None) => {
                if on_schedule == Some(true) {
                    on_schedule = None;
                }
            }
        }
        if !reached[i] && halted.is_none() && stage.is_some() && overdue.is_none() {
            // The list the current stage names: the first deadline missed
            // after it.
            if let Some(list) = stage.and_then(Stage::overdue_list)
                && stage.map(|s| s as usize) == Some(i)
            {
                overdue = Some((list, whole_months(deadline, end)));
            }
        }
    }
    if halted.is_some() {
        on_schedule = Some(false);
    }
    if stage.is_none() {
        // Unknown stage: on schedule while no deadline has passed, else
        // nothing to tell it by.
        on_schedule = if due.iter().flatten().any(|d| *d < end) { None } else { Some(true) };
    }
    Standing { stage, halted, overdue, on_schedule, due }
}

/// What tracking found: one row per project in scope, the cohorts, and the
/// leads of the integrity screen.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// The integrity screen (核查线索): one row per project and flag —
    /// `project_id`, `district`, `flag` (capital_before_signing,
    /// capital_overrun, same_project_elsewhere, stage_dates_out_of_order,
    /// operations_before_operating),
    /// `file`, `sheet`, `rows` (the rows that raised it, ascending, as
    /// "12, 15"), `column`, and the flag's figures: `first_month` (before
    /// signing), `capital`, `ratio` (overrun), `other_project`,
    /// `other_district` (the same project elsewhere), `later`, `earlier` (the
    /// stage columns out of order), `year` (operations_before_operating: the
    /// operations row's year). A lead for a person to check, never a penalty.
    pub checks: DataFrame,
    /// Promise against delivery per district in config order, then the city
    /// (null): `assessed`, `delivered`, `delivery_rate` (null when none is
    /// assessed).
    pub delivery: DataFrame,
    /// `project_id`, `project_name`, `district`, `signing_year`, `stage` (null: unknown),
    /// `halted`, `overdue`, `months_overdue`, `on_schedule`, `start_due`,
    /// `operate_due`, `full_production_due`, `total_investment`,
    /// `capital_since_signing`; in the validated projects' order.
    pub projects: DataFrame,
    /// Per district (null: the city) and signing year: `projects`, `known`,
    /// `unknown`, `not_started`, `not_operating`, `not_full_production`,
    /// `halted`, `started`, `operating`, `on_schedule`, `schedule_known`,
    /// `started_rate`, `operating_rate`, `on_schedule_rate`,
    /// `capital_since_signing`, `total_investment`, `capital_realisation`;
    /// districts in config order, the city last, years ascending.
    pub cohorts: DataFrame,
}

fn dates_of(frame: &DataFrame, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    Ok(match frame.column(name) {
        Ok(column) => column
            .cast(&DataType::Int32)?
            .i32()?
            .iter()
            .map(|d| d.and_then(|d| epoch.checked_add_signed(chrono::Duration::days(i64::from(d)))))
            .collect(),
        Err(_) => vec![None; frame.height()],
    })
}

/// Whether the registers say anything of progress: a stage date column or a
/// status column with a value. Without either, tracking has nothing to judge.
pub fn has_progress(projects: &DataFrame) -> bool {
    ["started_on", "operating_on", "full_production_on", "status"]
        .iter()
        .any(|name| projects.column(name).is_ok_and(|c| c.null_count() < c.len()))
}

/// Tracks every project of `projects` (the validated projects in scope) at
/// the period end, with `ledger` (the validated ledger rows: `_project`, the
/// row in `projects`; `month`; `capital`).
pub fn track(
    projects: &DataFrame,
    ledger: &DataFrame,
    operations: &DataFrame,
    sources: &[SourceFile],
    config: &Config,
    period: Period,
) -> Result<Tracked> {
    let end = period.end_date();
    let n = projects.height();
    let ids = crate::frames::text_values(projects, "project_id")?;
    let names = crate::frames::text_values(projects, "project_name")?;
    let districts = crate::frames::text_values(projects, "district")?;
    let statuses: Vec<Option<String>> = match projects.column("status") {
        Ok(_) => crate::frames::text_values(projects, "status")?,
        Err(_) => vec![None; n],
    };
    let investment = crate::frames::number_values(projects, "total_investment")?;
    let signed = dates_of(projects, "signed_on")?;
    let stage_dates = [
        dates_of(projects, "started_on")?,
        dates_of(projects, "operating_on")?,
        dates_of(projects, "full_production_on")?,
    ];

    // Capital from each project's signing month to the period end, summed in
    // ledger order.
    let mut capital: Vec<KahanSum> = vec![KahanSum::default(); n];
    let signed_month: Vec<Option<i32>> = signed.iter().map(|d| d.map(|d| month_index(d.year(), d.month()))).collect();
    let rows = ledger.column("_project")?.u32()?;
    let months = ledger.column("month")?.cast(&DataType::Int32)?;
    let months = months.i32()?;
    let amounts = ledger.column("capital")?.f64()?;
    for ((row, month), amount) in rows.iter().zip(months.iter()).zip(amounts.iter()) {
        let (Some(row), Some(month), Some(amount)) = (row, month, amount) else {
            continue;
        };
        let row = row as usize;
        if row < n && signed_month[row].is_some_and(|s| month >= s) && month <= period.end_month() {
            capital[row].add(amount);
        }
    }

    // Each project on its own: split among the threads, collected in order.
    use rayon::prelude::*;
    let standings: Vec<Standing> = (0..n)
        .into_par_iter()
        .map(|i| {
            let progress = Progress {
                signed_on: signed[i],
                dates: [stage_dates[0][i], stage_dates[1][i], stage_dates[2][i]],
                status: statuses[i].as_deref(),
            };
            standing(&progress, &config.tracking, end)
        })
        .collect();
    let capital: Vec<f64> = capital.iter().map(KahanSum::sum).collect();
    let years: Vec<Option<i32>> = signed.iter().map(|d| d.map(|d| d.year())).collect();
    let date_column = |name: &str, k: usize| -> Result<Column> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
        let days: Vec<Option<i32>> =
            standings.iter().map(|s| s.due[k].map(|d| (d - epoch).num_days() as i32)).collect();
        Ok(Column::new(name.into(), days).cast(&DataType::Date)?)
    };
    let frame = DataFrame::new(
        n,
        vec![
            Column::new("project_id".into(), ids),
            Column::new("project_name".into(), names),
            Column::new("district".into(), districts.clone()),
            Column::new("signing_year".into(), years.clone()),
            Column::new("stage".into(), standings.iter().map(|s| s.stage.map(Stage::key)).collect::<Vec<_>>()),
            Column::new("halted".into(), standings.iter().map(|s| s.halted).collect::<Vec<_>>()),
            Column::new("overdue".into(), standings.iter().map(|s| s.overdue.map(|o| o.0)).collect::<Vec<_>>()),
            Column::new("months_overdue".into(), standings.iter().map(|s| s.overdue.map(|o| o.1)).collect::<Vec<_>>()),
            Column::new("on_schedule".into(), standings.iter().map(|s| s.on_schedule).collect::<Vec<_>>()),
            date_column("start_due", 0)?,
            date_column("operate_due", 1)?,
            date_column("full_production_due", 2)?,
            Column::new("total_investment".into(), investment.clone()),
            Column::new("capital_since_signing".into(), capital.clone()),
        ],
    )?;
    let cohorts = cohorts(&standings, &districts, &years, &investment, &capital, config)?;
    let (frame, delivery) = delivery(frame, projects, operations, &standings, &districts, config, period)?;
    let checks = integrity(projects, ledger, operations, &statuses, sources, config, period)?;
    Ok(Tracked { projects: frame, cohorts, checks, delivery })
}

/// The last complete year at the period end: its own year when it ends on
/// 31 December, else the year before.
pub fn last_complete_year(period: Period) -> i32 {
    let end = period.end_date();
    if end.month() == 12 && end.day() == 31 { end.year() } else { end.year() - 1 }
}

/// Promise against delivery (spec 3.10): each project past its
/// full-production deadline with operations data for the last complete year
/// is assessed — actual output and tax over the register's 达产 figures — and
/// flagged when either, where promise (> 0) and actual both exist, is below
/// `promise_floor`. Adds `delivery_year`, `promised_output`, `actual_output`,
/// `promised_tax`, `actual_tax`, `output_delivery`, `tax_delivery` and
/// `delivery_flagged` (null: not assessed) to the projects' frame, and
/// returns each district's delivery rate (the share of its assessed projects
/// not flagged; null when none is assessed), then the city's.
fn delivery(
    mut frame: DataFrame,
    projects: &DataFrame,
    operations: &DataFrame,
    standings: &[Standing],
    districts: &[Option<String>],
    config: &Config,
    period: Period,
) -> Result<(DataFrame, DataFrame)> {
    let n = projects.height();
    let (end, year) = (period.end_date(), last_complete_year(period));
    let numbers = |name: &str| -> Result<Vec<Option<f64>>> {
        Ok(match projects.column(name) {
            Ok(_) => crate::frames::number_values(projects, name)?,
            Err(_) => vec![None; n],
        })
    };
    let (promised_output, promised_tax) = (numbers("annual_output")?, numbers("annual_tax")?);
    let mut actual: Vec<Option<(Option<f64>, Option<f64>)>> = vec![None; n];
    if operations.height() > 0 {
        let rows = operations.column("_project")?.u32()?;
        let years = operations.column("year")?.cast(&DataType::Int32)?;
        let years = years.i32()?;
        let (output, tax) = (operations.column("actual_output")?.f64()?, operations.column("actual_tax")?.f64()?);
        for i in 0..operations.height() {
            if let (Some(p), Some(y)) = (rows.get(i), years.get(i))
                && y == year
                && (p as usize) < n
            {
                actual[p as usize] = Some((output.get(i), tax.get(i)));
            }
        }
    }
    let floor = config.tracking.promise_floor;
    let share = |actual: Option<f64>, promise: Option<f64>| match (actual, promise) {
        (Some(a), Some(p)) if p > 0.0 => Some(a / p),
        _ => None,
    };
    let mut output_delivery = vec![None; n];
    let mut tax_delivery = vec![None; n];
    let mut flagged: Vec<Option<bool>> = vec![None; n];
    let (mut actual_output, mut actual_tax) = (vec![None; n], vec![None; n]);
    for p in 0..n {
        let past_due = standings[p].due[2].is_some_and(|d| d < end);
        if let (true, Some((output, tax))) = (past_due, actual[p]) {
            (actual_output[p], actual_tax[p]) = (output, tax);
            output_delivery[p] = share(output, promised_output[p]);
            tax_delivery[p] = share(tax, promised_tax[p]);
            let below = [output_delivery[p], tax_delivery[p]].iter().flatten().any(|d| *d < floor);
            flagged[p] = Some(below);
        }
    }
    let assessed_year: Vec<Option<i32>> = flagged.iter().map(|f| f.map(|_| year)).collect();
    frame.with_column(Column::new("delivery_year".into(), assessed_year))?;
    let promised =
        |values: &[Option<f64>]| -> Vec<Option<f64>> { values.iter().zip(&flagged).map(|(v, f)| f.and(*v)).collect() };
    frame.with_column(Column::new("promised_output".into(), promised(&promised_output)))?;
    frame.with_column(Column::new("actual_output".into(), actual_output))?;
    frame.with_column(Column::new("promised_tax".into(), promised(&promised_tax)))?;
    frame.with_column(Column::new("actual_tax".into(), actual_tax))?;
    frame.with_column(Column::new("output_delivery".into(), output_delivery))?;
    frame.with_column(Column::new("tax_delivery".into(), tax_delivery))?;
    frame.with_column(Column::new("delivery_flagged".into(), flagged.clone()))?;
    // Per district in config order, then the city as one population.
    let mut keys: Vec<Option<String>> = config.districts.iter().map(|d| Some(d.key.clone())).collect();
    keys.push(None);
    let (mut assessed, mut kept) = (vec![0u32; keys.len()], vec![0u32; keys.len()]);
    for p in 0..n {
        let Some(f) = flagged[p] else {
            continue;
        };
        let city = keys.len() - 1;
        let own = districts[p].as_ref().and_then(|d| keys.iter().position(|k| k.as_ref() == Some(d)));
        for k in own.into_iter().chain(std::iter::once(city)) {
            assessed[k] += 1;
            kept[k] += u32::from(!f);
        }
    }
    let rates: Vec<Option<f64>> =
        assessed.iter().zip(&kept).map(|(a, k)| (*a > 0).then(|| f64::from(*k) / f64::from(*a))).collect();
    let delivery = DataFrame::new(
        keys.len(),
        vec![
            Column::new("district".into(), keys),
            Column::new("assessed".into(), assessed),
            Column::new("delivered".into(), kept),
            Column::new("delivery_rate".into(), rates),
        ],
    )?;
    Ok((frame, delivery))
}

/// One lead of the integrity screen, before it becomes a row of
/// [`Tracked::checks`].
#[derive(Debug, Clone, Default)]
struct Lead {
    project: usize,
    flag: &'static str,
    source: u32,
    rows: Vec<u32>,
    column: Option<String>,
    first_month: Option<String>,
    capital: Option<f64>,
    ratio: Option<f64>,
    other: Option<usize>,
    later: Option<&'static str>,
    earlier: Option<&'static str>,
    year: Option<i32>,
}

/// Where each project's register row is (its source and row number): the
/// place of every lead about the register row itself.
struct RegisterRows {
    source: Vec<Option<u32>>,
    row: Vec<Option<u32>>,
}

impl RegisterRows {
    fn of(projects: &DataFrame) -> Result<RegisterRows> {
        let u32s = |name: &str| -> Result<Vec<Option<u32>>> {
            Ok(match projects.column(name) {
                Ok(column) => column.cast(&DataType::UInt32)?.u32()?.iter().collect(),
                Err(_) => vec![None; projects.height()],
            })
        };
        Ok(RegisterRows { source: u32s("_source")?, row: u32s("_row")? })
    }

    /// A lead of `flag` about project `p`'s register row.
    fn lead(&self, p: usize, flag: &'static str) -> Lead {
        Lead {
            project: p,
            flag,
            source: self.source[p].unwrap_or(0),
            rows: self.row[p].into_iter().collect(),
            ..Lead::default()
        }
    }
}

/// The integrity screen (spec 3.10), one function per kind of lead: capital
/// before the signing month and above `capital_overrun` × total investment
/// (the ledger), the same investor and project name in two districts, stage
/// dates out of order (the registers), operations data before operating.
/// Leads in project order, each project's in that order; the operations
/// leads after them, in operations row order.
fn integrity(
    projects: &DataFrame,
    ledger: &DataFrame,
    operations: &DataFrame,
    statuses: &[Option<String>],
    sources: &[SourceFile],
    config: &Config,
    period: Period,
) -> Result<DataFrame> {
    let register = RegisterRows::of(projects)?;
    let mut leads = ledger_leads(projects, ledger, &register, config, period)?;
    leads.extend(same_project_elsewhere(projects, &register)?);
    leads.extend(stage_dates_out_of_order(projects, &register, sources)?);
    // Stable: each project's leads keep the order above.
    leads.sort_by_key(|l| l.project);
    leads.extend(operations_before_operating(projects, operations, statuses)?);
    leads_frame(projects, &leads, sources)
}

/// Capital recorded before the signing month (one lead per ledger file,
/// naming its rows) and cumulative capital up to the period end strictly
/// above `capital_overrun` × total investment (at the register row).
fn ledger_leads(
    projects: &DataFrame,
    ledger: &DataFrame,
    register: &RegisterRows,
    config: &Config,
    period: Period,
) -> Result<Vec<Lead>> {
    let n = projects.height();
    let signed_months: Vec<Option<i32>> =
        dates_of(projects, "signed_on")?.iter().map(|d| d.map(|d| month_index(d.year(), d.month()))).collect();
    let investment = crate::frames::number_values(projects, "total_investment")?;
    // Per project: the first month before signing and its (source, row) places.
    type Before = (Option<i32>, Vec<(u32, u32)>);
    let mut before: Vec<Before> = vec![(None, Vec::new()); n];
    let mut total: Vec<KahanSum> = vec![KahanSum::default(); n];
    // The ledger's columns walked together, not gathered row by row (twelve
    // million rows at a city's scale); a frame without row places (tests)
    // walks null ones.
    let places = |name: &str| -> Result<Column> {
        Ok(match ledger.column(name) {
            Ok(column) => column.cast(&DataType::UInt32)?,
            Err(_) => Column::full_null(name.into(), ledger.height(), &DataType::UInt32),
        })
    };
    let (projects_of, months) = (places("_project")?, ledger.column("month")?.cast(&DataType::Int32)?);
    let (source_column, row_column) = (places("_source")?, places("_row")?);
    let rows = projects_of
        .u32()?
        .iter()
        .zip(months.i32()?.iter())
        .zip(ledger.column("capital")?.f64()?.iter())
        .zip(source_column.u32()?.iter().zip(row_column.u32()?.iter()));
    for (((p, month), amount), (source, row)) in rows {
        let (Some(p), Some(month)) = (p, month) else {
            continue;
        };
        let p = p as usize;
        if p >= n || month > period.end_month() {
            continue;
        }
        total[p].add(amount.unwrap_or(0.0));
        if signed_months[p].is_some_and(|s| month < s) {
            let entry = &mut before[p];
            entry.0 = Some(entry.0.map_or(month, |m: i32| m.min(month)));
            if let (Some(s), Some(r)) = (source, row) {
                entry.1.push((s, r));
            }
        }
    }
    let overrun = config.tracking.capital_overrun;
    let mut leads = Vec::new();
    for p in 0..n {
        let (first, places) = &before[p];
        if let Some(first) = first {
            let mut by_source: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
            for (s, r) in places {
                by_source.entry(*s).or_default().push(*r);
            }
            for (source, mut rows) in by_source {
                rows.sort_unstable();
                leads.push(Lead {
                    project: p,
                    flag: "capital_before_signing",
                    source,
                    rows,
                    first_month: Some(crate::period::format_month(*first)),
                    ..Lead::default()
                });
            }
        }
        let capital = total[p].sum();
        if let Some(investment) = investment[p].filter(|v| *v > 0.0)
            && capital > overrun * investment
        {
            leads.push(Lead {
                capital: Some(capital),
                ratio: Some(capital / investment),
                ..register.lead(p, "capital_overrun")
            });
        }
    }
    Ok(leads)
}

/// Text columns, or nulls when the registers lack one.
fn texts_or_nulls(projects: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(match projects.column(name) {
        Ok(_) => crate::frames::text_values(projects, name)?,
        Err(_) => vec![None; projects.height()],
    })
}

/// The same investor and project name (NFKC-folded, white space removed) in
/// two districts' registers: a lead on each side, naming the other.
fn same_project_elsewhere(projects: &DataFrame, register: &RegisterRows) -> Result<Vec<Lead>> {
    let investors = texts_or_nulls(projects, "investor")?;
    let (names, districts) = (texts_or_nulls(projects, "project_name")?, texts_or_nulls(projects, "district")?);
    let mut seen: std::collections::HashMap<(String, String), Vec<usize>> = std::collections::HashMap::new();
    for p in 0..projects.height() {
        if let (Some(investor), Some(name)) = (&investors[p], &names[p]) {
            let key = (crate::text::fold(investor), crate::text::fold(name));
            if !key.0.is_empty() && !key.1.is_empty() {
                seen.entry(key).or_default().push(p);
            }
        }
    }
    let mut twins: Vec<(usize, usize)> = seen
        .values()
        .flat_map(|group| group.iter().flat_map(move |&a| group.iter().map(move |&b| (a, b))))
        .filter(|&(a, b)| a != b && districts[a] != districts[b])
        .collect();
    twins.sort_unstable();
    Ok(twins.into_iter().map(|(a, b)| Lead { other: Some(b), ..register.lead(a, "same_project_elsewhere") }).collect())
}

/// A stage date earlier than the latest earlier stage date present (plans
/// included; equal dates are fine), named by its column as the file heads it.
fn stage_dates_out_of_order(
    projects: &DataFrame,
    register: &RegisterRows,
    sources: &[SourceFile],
) -> Result<Vec<Lead>> {
    let stage_columns = ["signed_on", "started_on", "operating_on", "full_production_on"];
    let dates: Vec<Vec<Option<NaiveDate>>> =
        stage_columns.iter().map(|c| dates_of(projects, c)).collect::<Result<_>>()?;
    let mut leads = Vec::new();
    for p in 0..projects.height() {
        let mut latest: Option<(usize, NaiveDate)> = None;
        for (k, column) in dates.iter().enumerate() {
            let Some(date) = column[p] else {
                continue;
            };
            if let Some((earlier, earlier_date)) = latest
                && date < earlier_date
            {
                let lead = register.lead(p, "stage_dates_out_of_order");
                let column = sources.get(lead.source as usize).map(|s| s.label(stage_columns[k]));
                leads.push(Lead {
                    column,
                    later: Some(stage_columns[k]),
                    earlier: Some(stage_columns[earlier]),
                    ..lead
                });
            }
            if latest.is_none_or(|(_, d)| date >= d) {
                latest = Some((k, date));
            }
        }
    }
    Ok(leads)
}

/// Operations data for a year by whose end the project was not operating —
/// its dated operating (or full-production) stage after 31 December of that
/// year, or no such stage at all (a status of 投产 or 达产 without a date cannot
/// be placed in time and is not flagged); named at the operations row.
fn operations_before_operating(
    projects: &DataFrame,
    operations: &DataFrame,
    statuses: &[Option<String>],
) -> Result<Vec<Lead>> {
    let n = projects.height();
    let mut leads = Vec::new();
    if operations.height() == 0 {
        return Ok(leads);
    }
    let (operating, full) = (dates_of(projects, "operating_on")?, dates_of(projects, "full_production_on")?);
    let years = operations.column("year")?.cast(&DataType::Int32)?;
    let rows = operations
        .column("_project")?
        .u32()?
        .iter()
        .zip(years.i32()?.iter())
        .zip(operations.column("_source")?.u32()?.iter().zip(operations.column("_row")?.u32()?.iter()));
    for ((p, year), (source, row)) in rows {
        let (Some(p), Some(year)) = (p.map(|p| p as usize).filter(|p| *p < n), year) else {
            continue;
        };
        let Some(year_end) = NaiveDate::from_ymd_opt(year, 12, 31) else {
            continue;
        };
        let early = match [operating[p], full[p]].into_iter().flatten().min() {
            Some(date) => date > year_end,
            None => !matches!(statuses[p].as_deref(), Some("operating" | "full_production")),
        };
        if early {
            leads.push(Lead {
                project: p,
                flag: "operations_before_operating",
                source: source.unwrap_or(0),
                rows: row.into_iter().collect(),
                year: Some(year),
                ..Lead::default()
            });
        }
    }
    Ok(leads)
}

/// The leads as [`Tracked::checks`] holds them.
fn leads_frame(projects: &DataFrame, leads: &[Lead], sources: &[SourceFile]) -> Result<DataFrame> {
    let ids = crate::frames::text_values(projects, "project_id")?;
    let districts = texts_or_nulls(projects, "district")?;
    let file = |l: &Lead| sources.get(l.source as usize).map(SourceFile::display);
    let sheet = |l: &Lead| sources.get(l.source as usize).and_then(|s| s.sheet.clone());
    let rows_text = |l: &Lead| l.rows.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let other = |of: &[Option<String>], l: &Lead| l.other.and_then(|o| of[o].clone());
    Ok(DataFrame::new(
        leads.len(),
        vec![
            Column::new("project_id".into(), leads.iter().map(|l| ids[l.project].clone()).collect::<Vec<_>>()),
            Column::new("district".into(), leads.iter().map(|l| districts[l.project].clone()).collect::<Vec<_>>()),
            Column::new("flag".into(), leads.iter().map(|l| l.flag).collect::<Vec<_>>()),
            Column::new("file".into(), leads.iter().map(file).collect::<Vec<_>>()),
            Column::new("sheet".into(), leads.iter().map(sheet).collect::<Vec<_>>()),
            Column::new("rows".into(), leads.iter().map(rows_text).collect::<Vec<_>>()),
            Column::new("column".into(), leads.iter().map(|l| l.column.clone()).collect::<Vec<_>>()),
            Column::new("first_month".into(), leads.iter().map(|l| l.first_month.clone()).collect::<Vec<_>>()),
            Column::new("capital".into(), leads.iter().map(|l| l.capital).collect::<Vec<_>>()),
            Column::new("ratio".into(), leads.iter().map(|l| l.ratio).collect::<Vec<_>>()),
            Column::new("other_project".into(), leads.iter().map(|l| other(&ids, l)).collect::<Vec<_>>()),
            Column::new("other_district".into(), leads.iter().map(|l| other(&districts, l)).collect::<Vec<_>>()),
            Column::new("later".into(), leads.iter().map(|l| l.later).collect::<Vec<_>>()),
            Column::new("earlier".into(), leads.iter().map(|l| l.earlier).collect::<Vec<_>>()),
            Column::new("year".into(), leads.iter().map(|l| l.year).collect::<Vec<_>>()),
        ],
    )?)
}

/// The run's tracking in a few numbers, for run.json and a cron log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrackingSummary {
    /// Projects tracked (every project in scope).
    pub projects: usize,
    /// Projects whose stage is unknown (no stage date, no status).
    pub stage_unknown: usize,
    /// Stalled projects, listed apart.
    pub stalled: usize,
    /// Withdrawn projects, listed apart.
    pub withdrawn: usize,
    /// 签约未开工: signed, past the start deadline.
    pub not_started: usize,
    /// 开工未投产: started, past the operation deadline.
    pub not_operating: usize,
    /// 投产未达产: operating, past the full-production deadline.
    pub not_full_production: usize,
    /// On schedule over those whose schedule can be told, the city as one
    /// population; `None` when none can be.
    pub on_schedule_rate: Option<f64>,
    /// Leads of the integrity screen (核查线索), for a person to check.
    pub integrity_leads: usize,
}

impl Tracked {
    /// The counts of the lists and the city's on-schedule rate.
    pub fn summary(&self) -> Result<TrackingSummary> {
        let frame = &self.projects;
        let count = |name: &str, value: &str| -> Result<usize> {
            Ok(frame.column(name)?.str()?.iter().filter(|v| *v == Some(value)).count())
        };
        let schedule = frame.column("on_schedule")?.bool()?;
        let known = schedule.len() - schedule.null_count();
        let on = schedule.iter().filter(|v| *v == Some(true)).count();
        Ok(TrackingSummary {
            projects: frame.height(),
            stage_unknown: frame.column("stage")?.null_count(),
            stalled: count("halted", "stalled")?,
            withdrawn: count("halted", "withdrawn")?,
            not_started: count("overdue", "not_started")?,
            not_operating: count("overdue", "not_operating")?,
            not_full_production: count("overdue", "not_full_production")?,
            on_schedule_rate: (known > 0).then(|| on as f64 / known as f64),
            integrity_leads: self.checks.height(),
        })
    }
}

/// The counts of one cohort.
#[derive(Debug, Clone, Default)]
struct Cohort {
    projects: u32,
    known: u32,
    not_started: u32,
    not_operating: u32,
    not_full_production: u32,
    halted: u32,
    started: u32,
    operating: u32,
    on_schedule: u32,
    schedule_known: u32,
    capital: KahanSum,
    investment: KahanSum,
}

impl Cohort {
    fn add(&mut self, standing: &Standing, investment: f64, capital: f64) {
        self.projects += 1;
        match standing.overdue.map(|o| o.0) {
            Some("not_started") => self.not_started += 1,
            Some("not_operating") => self.not_operating += 1,
            Some("not_full_production") => self.not_full_production += 1,
            _ => {}
        }
        self.halted += u32::from(standing.halted.is_some());
        if let Some(stage) = standing.stage {
            self.known += 1;
            self.started += u32::from(stage >= Stage::Started);
            self.operating += u32::from(stage >= Stage::Operating);
        }
        if let Some(on) = standing.on_schedule {
            self.schedule_known += 1;
            self.on_schedule += u32::from(on);
        }
        self.capital.add(capital);
        self.investment.add(investment);
    }
}

fn cohorts(
    standings: &[Standing],
    districts: &[Option<String>],
    years: &[Option<i32>],
    investment: &[Option<f64>],
    capital: &[f64],
    config: &Config,
) -> Result<DataFrame> {
    // (district order, or the city after every district; year) → cohort.
    let order = |district: &str| config.districts.iter().position(|d| d.key == district).unwrap_or(usize::MAX - 1);
    let mut groups: BTreeMap<(usize, i32), (Option<String>, Cohort)> = BTreeMap::new();
    for i in 0..standings.len() {
        let (Some(district), Some(year)) = (&districts[i], years[i]) else {
            continue;
        };
        let amount = investment[i].unwrap_or(0.0);
        for (key, name) in [((order(district), year), Some(district.clone())), ((usize::MAX, year), None)] {
            groups.entry(key).or_insert_with(|| (name, Cohort::default())).1.add(&standings[i], amount, capital[i]);
        }
    }
    let rate = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
    let cohorts: Vec<_> = groups.iter().collect();
    let column_u32 = |name: &str, f: &dyn Fn(&Cohort) -> u32| {
        Column::new(name.into(), cohorts.iter().map(|(_, (_, c))| f(c)).collect::<Vec<_>>())
    };
    let column_f64 = |name: &str, f: &dyn Fn(&Cohort) -> Option<f64>| {
        Column::new(name.into(), cohorts.iter().map(|(_, (_, c))| f(c)).collect::<Vec<_>>())
    };
    Ok(DataFrame::new(
        cohorts.len(),
        vec![
            Column::new("district".into(), cohorts.iter().map(|(_, (d, _))| d.clone()).collect::<Vec<_>>()),
            Column::new("signing_year".into(), cohorts.iter().map(|((_, y), _)| *y).collect::<Vec<_>>()),
            column_u32("projects", &|c| c.projects),
            column_u32("known", &|c| c.known),
            column_u32("unknown", &|c| c.projects - c.known),
            column_u32("not_started", &|c| c.not_started),
            column_u32("not_operating", &|c| c.not_operating),
            column_u32("not_full_production", &|c| c.not_full_production),
            column_u32("halted", &|c| c.halted),
            column_u32("started", &|c| c.started),
            column_u32("operating", &|c| c.operating),
            column_u32("on_schedule", &|c| c.on_schedule),
            column_u32("schedule_known", &|c| c.schedule_known),
            column_f64("started_rate", &|c| rate(c.started, c.known)),
            column_f64("operating_rate", &|c| rate(c.operating, c.known)),
            column_f64("on_schedule_rate", &|c| rate(c.on_schedule, c.schedule_known)),
            column_f64("capital_since_signing", &|c| Some(c.capital.sum())),
            column_f64("total_investment", &|c| Some(c.investment.sum())),
            column_f64("capital_realisation", &|c| {
                let whole = c.investment.sum();
                (whole > 0.0).then(|| c.capital.sum() / whole)
            }),
        ],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn progress<'a>(signed: &str, dates: [Option<&str>; 3], status: Option<&'a str>) -> Progress<'a> {
        Progress { signed_on: Some(date(signed)), dates: dates.map(|d| d.map(date)), status }
    }

    /// The golden case: ten projects through every stage and list, at the
    /// period end 2022-12-31, with the policy's 6, 24 and 36 months. Each
    /// line's arithmetic is in its comment.
    #[test]
    fn ten_projects_through_every_stage_and_list() {
        let tracking = Tracking::default();
        let end = date("2022-12-31");
        type Case<'a> = (&'a str, Progress<'a>, Option<Stage>, Option<(&'a str, u32)>, Option<bool>);
        let cases: Vec<Case> = vec![
            // A: signed 2022-03-15, start due 2022-09-15 (passed), no start:
            // 签约未开工, 2022-09-15 → 2022-12-31 = 3 whole months; off schedule.
            (
                "A",
                progress("2022-03-15", [None, None, None], Some("signed")),
                Some(Stage::Signed),
                Some(("not_started", 3)),
                Some(false),
            ),
            // B: signed 2022-08-01, start due 2023-02-01 (not passed): signed,
            // on no list, on schedule (no deadline passed).
            ("B", progress("2022-08-01", [None, None, None], Some("signed")), Some(Stage::Signed), None, Some(true)),
            // C: signed 2021-01-10, started 2021-05-01 (before 2021-07-10: met);
            // operation due 2023-01-10 (not passed): started, on schedule.
            (
                "C",
                progress("2021-01-10", [Some("2021-05-01"), None, None], None),
                Some(Stage::Started),
                None,
                Some(true),
            ),
            // D: signed 2020-01-31, started 2020-09-30 (due 2020-07-31: late);
            // operation due 2022-01-31 passed, not operating: 开工未投产,
            // 2022-01-31 → 2022-12-31: 11 whole months; off schedule.
            (
                "D",
                progress("2020-01-31", [Some("2020-09-30"), None, None], None),
                Some(Stage::Started),
                Some(("not_operating", 11)),
                Some(false),
            ),
            // E: signed 2019-06-30, operating 2021-05-01 (start undated but
            // implied by it: 2021-05-01 > start due 2019-12-30 → late);
            // full production due 2022-06-30 passed: 投产未达产, 6 months.
            (
                "E",
                progress("2019-06-30", [None, Some("2021-05-01"), None], None),
                Some(Stage::Operating),
                Some(("not_full_production", 6)),
                Some(false),
            ),
            // F: signed 2019-01-01, every stage dated within its deadline
            // (start by 2019-07-01, operate by 2021-01-01, full by 2022-01-01):
            // full production, on schedule.
            (
                "F",
                progress("2019-01-01", [Some("2019-07-01"), Some("2020-12-01"), Some("2021-12-31")], None),
                Some(Stage::FullProduction),
                None,
                Some(true),
            ),
            // G: status 投产 without dates, signed 2021-01-01: start due
            // 2021-07-01 passed, reached but undatable: on schedule
            // undetermined; operation due 2023-01-01 not passed; no list.
            ("G", progress("2021-01-01", [None, None, None], Some("operating")), Some(Stage::Operating), None, None),
            // H: stalled after starting on time: keeps its stage, on no list,
            // never on schedule.
            (
                "H",
                progress("2020-01-01", [Some("2020-03-01"), None, None], Some("stalled")),
                Some(Stage::Started),
                None,
                Some(false),
            ),
            // I: neither dates nor status: unknown, on no list; its start
            // deadline (2022-01-01) passed: on schedule undetermined.
            ("I", progress("2021-07-01", [None, None, None], None), None, None, None),
            // J: status 投产 but its operating date 2023-03-01 is a plan (after
            // the end): the date overrides the status, so only started by
            // status (undated); start due 2022-06-01 passed → undetermined;
            // operation due 2023-12-01 not passed; stage started.
            (
                "J",
                progress("2021-12-01", [None, Some("2023-03-01"), None], Some("operating")),
                Some(Stage::Started),
                None,
                None,
            ),
        ];
        for (name, progress, stage, overdue, on_schedule) in cases {
            let got = standing(&progress, &tracking, end);
            assert_eq!(got.stage, stage, "{name}: stage");
            assert_eq!(got.overdue, overdue, "{name}: overdue");
            assert_eq!(got.on_schedule, on_schedule, "{name}: on schedule");
        }
    }

    /// Cohorts from frames as validation leaves them: three projects of two
    /// districts signed in 2021 and one in 2022, at 2022Q4.
    /// - wuhua 2021: W1 started on time (2021-03-01 ≤ 2021-07-10), W2 status
    ///   签约 past its start deadline: known 2, started 1 → 0.5; on schedule
    ///   1 of 2 → 0.5; capital since signing: W1's 300 (its 2020-12 row is
    ///   before signing and does not count) + W2's 100 = 400 over 1000 + 3000
    ///   = 0.1.
    /// - panlong 2021: P1 unknown (no dates, no status): known 0, no rates.
    /// - city 2021: the three as one population: known 2, started 1 → 0.5,
    ///   realisation (400 + 0) / (4000 + 2000) = 0.0667 — not the mean of
    ///   the districts' rates.
    #[test]
    fn cohorts_count_the_city_as_one_population() {
        use crate::period::month_index;
        let config = Config::builtin_default();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |t: &str| Some((date(t) - epoch).num_days() as i32);
        let projects = df! {
            "project_id" => ["W1", "W2", "P1", "W3"],
            "project_name" => ["甲", "乙", "丙", "丁"],
            "district" => ["wuhua", "wuhua", "panlong", "wuhua"],
            "signed_on" => [day("2021-01-10"), day("2021-02-01"), day("2021-05-01"), day("2022-10-01")],
            "started_on" => [day("2021-03-01"), None, None, None],
            "status" => [None, Some("signed"), None, Some("signed")],
            "total_investment" => [1000.0, 3000.0, 2000.0, 500.0],
        }
        .unwrap()
        .lazy()
        .with_columns([col("signed_on").cast(DataType::Date), col("started_on").cast(DataType::Date)])
        .collect()
        .unwrap();
        let ledger = df! {
            "_project" => [0u32, 0, 1, 0],
            "month" => [month_index(2020, 12), month_index(2021, 6), month_index(2022, 3), month_index(2022, 12)],
            "capital" => [50.0, 200.0, 100.0, 100.0],
        }
        .unwrap();
        let period: Period = "2022Q4".parse().unwrap();
        let tracked = track(&projects, &ledger, &DataFrame::empty(), &[], &config, period).unwrap();
        let stages: Vec<Option<&str>> = tracked.projects.column("stage").unwrap().str().unwrap().iter().collect();
        assert_eq!(stages, [Some("started"), Some("signed"), None, Some("signed")]);
        let capital: Vec<Option<f64>> =
            tracked.projects.column("capital_since_signing").unwrap().f64().unwrap().iter().collect();
        assert_eq!(capital, [Some(300.0), Some(100.0), Some(0.0), Some(0.0)]);
        let cohorts = &tracked.cohorts;
        let row = |district: Option<&str>, year: i32| -> usize {
            (0..cohorts.height())
                .find(|&i| {
                    cohorts.column("district").unwrap().str().unwrap().get(i) == district
                        && cohorts.column("signing_year").unwrap().i32().unwrap().get(i) == Some(year)
                })
                .unwrap()
        };
        let number = |name: &str, i: usize| cohorts.column(name).unwrap().f64().unwrap().get(i);
        let count = |name: &str, i: usize| cohorts.column(name).unwrap().u32().unwrap().get(i).unwrap();
        let wuhua = row(Some("wuhua"), 2021);
        assert_eq!((count("projects", wuhua), count("known", wuhua), count("started", wuhua)), (2, 2, 1));
        assert_eq!(number("started_rate", wuhua), Some(0.5));
        assert_eq!(number("on_schedule_rate", wuhua), Some(0.5));
        assert_eq!(number("capital_realisation", wuhua), Some(0.1));
        let panlong = row(Some("panlong"), 2021);
        assert_eq!((count("known", panlong), count("unknown", panlong)), (0, 1));
        assert_eq!(number("started_rate", panlong), None);
        let city = row(None, 2021);
        assert_eq!((count("projects", city), count("known", city)), (3, 2));
        assert_eq!(number("started_rate", city), Some(0.5));
        assert!((number("capital_realisation", city).unwrap() - 400.0 / 6000.0).abs() < 1e-15);
        // Districts in config order (wuhua before panlong), the city last.
        let order: Vec<Option<&str>> = cohorts.column("district").unwrap().str().unwrap().iter().collect();
        assert_eq!(order, [Some("wuhua"), Some("wuhua"), Some("panlong"), None, None]);
    }

    /// The integrity screen on three projects, each lead naming its rows:
    /// - A (wuhua, signed 2021-03-10): a ledger row of 2021-01 (row 10), before
    ///   the signing month; its 开工时间 2021-02-01 is before its signing date;
    ///   and 云南甲公司's 甲项目 is also registered in panlong (B: the names
    ///   match after folding white space).
    /// - B (panlong): 130 in place against a total investment of 100: 130 %,
    ///   above 120 %; and the twin of A.
    /// - C: nothing to check.
    #[test]
    fn the_integrity_screen_names_the_rows_of_each_lead() {
        use crate::period::month_index;
        let config = Config::builtin_default();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |t: &str| Some((date(t) - epoch).num_days() as i32);
        let projects = df! {
            "project_id" => ["A", "B", "C"],
            "project_name" => ["甲项目", "甲 项目", "丙"],
            "investor" => ["云南甲公司", "云南甲公司 ", "乙"],
            "district" => ["wuhua", "panlong", "wuhua"],
            "signed_on" => [day("2021-03-10"), day("2021-06-01"), day("2022-01-01")],
            "started_on" => [day("2021-02-01"), None, None],
            "total_investment" => [1000.0, 100.0, 500.0],
            "_source" => [0u32, 1, 0],
            "_row" => [5u32, 7, 6],
        }
        .unwrap()
        .lazy()
        .with_columns([col("signed_on").cast(DataType::Date), col("started_on").cast(DataType::Date)])
        .collect()
        .unwrap();
        let ledger = df! {
            "_project" => [0u32, 0, 1, 2],
            "month" => [month_index(2021, 1), month_index(2021, 5), month_index(2021, 7), month_index(2022, 2)],
            "capital" => [50.0, 100.0, 130.0, 100.0],
            "_source" => [2u32, 2, 2, 2],
            "_row" => [10u32, 11, 12, 13],
        }
        .unwrap();
        let period: Period = "2022".parse().unwrap();
        let checks = track(&projects, &ledger, &DataFrame::empty(), &[], &config, period).unwrap().checks;
        let text = |name: &str| -> Vec<Option<String>> {
            checks.column(name).unwrap().str().unwrap().iter().map(|v| v.map(str::to_string)).collect()
        };
        let s = |v: &[Option<&str>]| v.iter().map(|x| x.map(str::to_string)).collect::<Vec<_>>();
        assert_eq!(text("project_id"), s(&[Some("A"), Some("A"), Some("A"), Some("B"), Some("B")]));
        assert_eq!(
            text("flag"),
            s(&[
                Some("capital_before_signing"),
                Some("same_project_elsewhere"),
                Some("stage_dates_out_of_order"),
                Some("capital_overrun"),
                Some("same_project_elsewhere"),
            ])
        );
        assert_eq!(text("rows"), s(&[Some("10"), Some("5"), Some("5"), Some("7"), Some("7")]));
        assert_eq!(text("first_month")[0].as_deref(), Some("2021-01"));
        assert_eq!(text("other_project"), s(&[None, Some("B"), None, None, Some("A")]));
        assert_eq!(text("other_district")[1].as_deref(), Some("panlong"));
        assert_eq!(
            (text("later")[2].as_deref(), text("earlier")[2].as_deref()),
            (Some("started_on"), Some("signed_on"))
        );
        let ratio = checks.column("ratio").unwrap().f64().unwrap().get(3).unwrap();
        assert!((ratio - 1.3).abs() < 1e-12);
        // Exactly at the limit is not a lead: 120 of 100.
        let at_limit = ledger.clone().lazy().with_column(lit(120.0).alias("capital")).collect().unwrap();
        let checks = track(&projects, &at_limit, &DataFrame::empty(), &[], &config, period).unwrap().checks;
        assert!(!text_of(&checks, "flag").contains(&"capital_overrun".to_string()));
    }

    /// Promise against delivery at 2022 (last complete year 2022), floor 0.6:
    /// - P1 (wuhua, signed 2018-05-01: full production due 2021-05-01, passed):
    ///   output 50 of 100 → 0.5, below: flagged;
    /// - P2 (wuhua, same deadline): output 60 of 100 → exactly 0.6, tax 30 of
    ///   40 → 0.75: not flagged;
    /// - P3 (panlong, signed 2021-01-01: due 2024): not assessed, though it
    ///   has data; and its 2022 row is a lead: no operating date, status 签约;
    /// - wuhua's delivery rate 1 of 2 = 0.5; panlong none assessed (null);
    ///   the city 0.5. At 2022Q3 the last complete year is 2021: nobody has
    ///   data for it, nobody is assessed.
    #[test]
    fn delivery_is_promise_against_actual_past_the_full_production_deadline() {
        let config = Config::builtin_default();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |t: &str| Some((date(t) - epoch).num_days() as i32);
        let projects = df! {
            "project_id" => ["P1", "P2", "P3"],
            "project_name" => ["一", "二", "三"],
            "district" => ["wuhua", "wuhua", "panlong"],
            "signed_on" => [day("2018-05-01"), day("2018-05-01"), day("2021-01-01")],
            "operating_on" => [day("2020-01-01"), day("2020-02-01"), None],
            "status" => [None, None, Some("signed")],
            "total_investment" => [1000.0, 1000.0, 1000.0],
            "annual_output" => [100.0, 100.0, 100.0],
            "annual_tax" => [Some(10.0), Some(40.0), None],
        }
        .unwrap()
        .lazy()
        .with_columns([col("signed_on").cast(DataType::Date), col("operating_on").cast(DataType::Date)])
        .collect()
        .unwrap();
        let operations = df! {
            "_project" => [0u32, 1, 2],
            "year" => [2022i32, 2022, 2022],
            "actual_output" => [Some(50.0), Some(60.0), Some(80.0)],
            "actual_tax" => [Some(9.0), Some(30.0), None],
            "actual_jobs" => [None::<f64>, None, None],
            "_source" => [3u32, 3, 3],
            "_row" => [2u32, 3, 4],
        }
        .unwrap();
        let ledger =
            df! { "_project" => Vec::<u32>::new(), "month" => Vec::<i32>::new(), "capital" => Vec::<f64>::new() }
                .unwrap();
        let year: Period = "2022".parse().unwrap();
        let tracked = track(&projects, &ledger, &operations, &[], &config, year).unwrap();
        let flagged: Vec<Option<bool>> =
            tracked.projects.column("delivery_flagged").unwrap().bool().unwrap().iter().collect();
        assert_eq!(flagged, [Some(true), Some(false), None]);
        let output: Vec<Option<f64>> =
            tracked.projects.column("output_delivery").unwrap().f64().unwrap().iter().collect();
        assert_eq!(output, [Some(0.5), Some(0.6), None]);
        let rates: Vec<Option<f64>> = tracked.delivery.column("delivery_rate").unwrap().f64().unwrap().iter().collect();
        let keys: Vec<Option<&str>> = tracked.delivery.column("district").unwrap().str().unwrap().iter().collect();
        let rate_of = |k: Option<&str>| rates[keys.iter().position(|x| *x == k).unwrap()];
        assert_eq!((rate_of(Some("wuhua")), rate_of(Some("panlong")), rate_of(None)), (Some(0.5), None, Some(0.5)));
        // P3's 2022 row is a lead: it was not operating by the end of 2022.
        assert_eq!(text_of(&tracked.checks, "flag"), ["operations_before_operating"]);
        assert_eq!(text_of(&tracked.checks, "project_id"), ["P3"]);
        assert_eq!(text_of(&tracked.checks, "rows"), ["4"]);
        // At 2022Q3 the last complete year is 2021: nothing to compare.
        let quarter: Period = "2022Q3".parse().unwrap();
        assert_eq!(last_complete_year(quarter), 2021);
        let tracked = track(&projects, &ledger, &operations, &[], &config, quarter).unwrap();
        assert_eq!(tracked.projects.column("delivery_flagged").unwrap().null_count(), 3);
    }

    /// A lead names its project and its ledger file's rows, whichever
    /// project and file they are (cargo-mutants: the first project and the
    /// first source passed for any).
    #[test]
    fn a_lead_names_its_own_project_and_file() {
        use crate::period::month_index;
        let config = Config::builtin_default();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let day = |t: &str| Some((date(t) - epoch).num_days() as i32);
        let projects = df! {
            "project_id" => ["A", "B"],
            "project_name" => ["甲", "乙"],
            "district" => ["wuhua", "panlong"],
            "signed_on" => [day("2021-01-10"), day("2021-06-01")],
            "total_investment" => [1000.0, 1000.0],
            "_source" => [0u32, 0],
            "_row" => [2u32, 3],
        }
        .unwrap()
        .lazy()
        .with_column(col("signed_on").cast(DataType::Date))
        .collect()
        .unwrap();
        let ledger = df! {
            "_project" => [1u32],
            "month" => [month_index(2021, 3)],
            "capital" => [10.0],
            "_source" => [1u32],
            "_row" => [9u32],
        }
        .unwrap();
        let source = |path: &str| SourceFile {
            path: path.into(),
            kind: crate::columns::InputKind::Projects,
            sheet: None,
            sha256: String::new(),
            bytes: 0,
            header_row: 1,
            rows_read: 0,
            labels: Vec::new(),
        };
        let sources = [source("register.xlsx"), source("ledger.xlsx")];
        let period: Period = "2022".parse().unwrap();
        let checks = track(&projects, &ledger, &DataFrame::empty(), &sources, &config, period).unwrap().checks;
        assert_eq!(text_of(&checks, "project_id"), ["B"]);
        assert_eq!(text_of(&checks, "file"), ["ledger.xlsx"]);
        assert_eq!(text_of(&checks, "rows"), ["9"]);
        assert_eq!(text_of(&checks, "first_month"), ["2021-03"]);
    }

    fn text_of(frame: &DataFrame, name: &str) -> Vec<String> {
        frame.column(name).unwrap().str().unwrap().iter().flatten().map(str::to_string).collect()
    }

    #[test]
    fn deadlines_clamp_to_the_month_s_last_day_and_the_deadline_day_meets_them() {
        let tracking = Tracking::default();
        // Signed 2021-08-31: start due 2022-02-28 (no 31 February).
        let p = progress("2021-08-31", [Some("2022-02-28"), None, None], None);
        let got = standing(&p, &tracking, date("2022-12-31"));
        assert_eq!(got.due[0], Some(date("2022-02-28")));
        assert_eq!(got.on_schedule, Some(true), "reached on the deadline day meets it");
        // A day later misses it.
        let p = progress("2021-08-31", [Some("2022-03-01"), None, None], None);
        assert_eq!(standing(&p, &tracking, date("2022-12-31")).on_schedule, Some(false));
        // Whole months: 2022-09-15 → 2022-12-14 is 2, → 2022-12-15 is 3.
        assert_eq!(whole_months(date("2022-09-15"), date("2022-12-14")), 2);
        assert_eq!(whole_months(date("2022-09-15"), date("2022-12-15")), 3);
        assert_eq!(whole_months(date("2022-12-20"), date("2022-12-31")), 0);
        // Across years (cargo-mutants: `* 12` as `/ 12` passed the above).
        assert_eq!(whole_months(date("2021-07-06"), date("2022-12-31")), 17);
        assert_eq!(whole_months(date("2020-12-31"), date("2022-01-30")), 12);
        // The last complete year: a period ending 31 December is its own year;
        // one ending on another month's 31st is not (`&&` as `||` passed).
        let period = |t: &str| t.parse::<Period>().unwrap();
        assert_eq!(last_complete_year(period("2022")), 2022);
        assert_eq!(last_complete_year(period("2022-12")), 2022);
        assert_eq!(last_complete_year(period("2022Q1")), 2021);
        assert_eq!(last_complete_year(period("2022-07")), 2021);
    }

    /// Properties over many generated projects: every project has exactly one
    /// standing, at most one overdue list, halted ones are on none, and a
    /// project on a list is never on schedule.
    #[test]
    fn every_project_is_on_at_most_one_list_and_a_listed_one_is_late() {
        let tracking = Tracking::default();
        let end = date("2022-12-31");
        let statuses = [
            None,
            Some("signed"),
            Some("started"),
            Some("operating"),
            Some("full_production"),
            Some("stalled"),
            Some("withdrawn"),
        ];
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..5000 {
            let signed = date("2017-01-01") + chrono::Duration::days(next(2200) as i64);
            let mut dates = [None; 3];
            let mut at = signed;
            for slot in &mut dates {
                if next(3) > 0 {
                    at += chrono::Duration::days(next(900) as i64);
                    *slot = Some(at);
                }
            }
            let status = statuses[next(statuses.len() as u64) as usize];
            let got = standing(&Progress { signed_on: Some(signed), dates, status }, &tracking, end);
            if got.halted.is_some() || got.stage.is_none() {
                assert!(got.overdue.is_none(), "{got:?}");
            }
            if got.overdue.is_some() {
                assert_eq!(got.on_schedule, Some(false), "{got:?}");
            }
            if let Some((list, _)) = got.overdue {
                assert_eq!(got.stage.and_then(Stage::overdue_list), Some(list));
            }
        }
    }
}
