//! 项目推进 (Progress) and 逾期清单 (Overdue): what tracking found (spec 3.10),
//! for the leaders' table.
//!
//! Progress holds the cohorts — per district and signing year, then the city
//! as one population — with their list counts and rates, and under them each
//! district's overdue projects by list with a stacked chart, so the question
//! "which district's signed projects are not delivering" is answered on one
//! page. Overdue names the projects themselves, the longest overdue first
//! within each list, then the stalled and withdrawn ones: the list a bureau
//! follows up on.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Workbook};

use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use super::{Columns, Context};
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L, Say};
use crate::tracking::Tracked;

/// The most rows the Overdue and Checks sheets list (the longest overdue, the
/// first leads); the sidecars hold them all. A city's million projects gave
/// 300,000 leads, and writing them all cost the workbook eleven seconds.
const SHEET_ROWS: usize = 10_000;

/// A note under a table cut at [`SHEET_ROWS`].
fn cut_note(sheet: &mut Sheet, context: &Context, row: u32, shown: usize, all: usize, file: &str) -> Result<()> {
    if all > shown {
        let note = context.say(&Say::SheetRowsCut { shown, all, file: file.to_string() });
        sheet.sheet.write_string_with_format(row, 0, note, &context.formats.text).map_err(xlsx_error)?;
    }
    Ok(())
}

/// The overdue lists in order, with their words.
const LISTS: [(&str, L); 3] = [
    ("not_started", L::ListNotStarted),
    ("not_operating", L::ListNotOperating),
    ("not_full_production", L::ListNotFullProduction),
];

/// Both sheets, when the run tracked its projects.
pub(super) fn sheets(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let Some(tracked) = &context.scored.tracking else {
        return Ok(());
    };
    progress(workbook, context, tracked)?;
    overdue(workbook, context, tracked)?;
    delivery(workbook, context, tracked)?;
    checks(workbook, context, tracked)
}

/// 履约 (Delivery): the projects past their full-production deadline with
/// operations data for the last complete year, promise against actual, the
/// flagged first; then each district's delivery rate and the city's.
fn delivery(workbook: &mut Workbook, context: &Context, tracked: &Tracked) -> Result<()> {
    let frame = Columns(&tracked.projects);
    let flagged = frame.flag("delivery_flagged")?;
    let mut order: Vec<usize> = (0..flagged.len()).filter(|&i| flagged[i].is_some()).collect();
    order.sort_by_key(|&i| (!flagged[i].unwrap_or(false), i));
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetDelivery)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let year = crate::tracking::last_complete_year(context.scored.period);
    let floor = format!("{:.0}%", context.config.tracking.promise_floor * 100.0);
    // A sentence above the table: written without widening its column.
    sheet
        .sheet
        .write_string_with_format(0, 0, context.say(&Say::DeliveryYear { year, floor }), &context.formats.text)
        .map_err(xlsx_error)?;
    let (districts, shown_ids, names) =
        (frame.text("district")?, frame.text("project_id")?, frame.text("project_name")?);
    let (output_share, tax_share) = (frame.number("output_delivery")?, frame.number("tax_delivery")?);
    let (promised_output, actual_output) = (frame.number("promised_output")?, frame.number("actual_output")?);
    let (promised_tax, actual_tax) = (frame.number("promised_tax")?, frame.number("actual_tax")?);
    let order = &order;
    let cols = vec![
        Col::new(context.l(L::District), Kind::Text, move |r| {
            Value::Text(district_name(context, districts[order[r]].as_deref()))
        }),
        Col::new(context.l(L::ProjectId), Kind::Text, move |r| Value::text(shown_ids[order[r]].as_deref())),
        Col::new(context.l(L::ProjectName), Kind::Long(36), move |r| Value::text(names[order[r]].as_deref())),
        Col::new(context.l(L::ColPromisedOutput), Kind::Money, move |r| Value::number(promised_output[order[r]])),
        Col::new(context.l(L::ColActualOutput), Kind::Money, move |r| Value::number(actual_output[order[r]])),
        Col::new(context.l(L::ColOutputDelivery), Kind::Percent, move |r| Value::number(output_share[order[r]])),
        Col::new(context.l(L::ColPromisedTax), Kind::Money, move |r| Value::number(promised_tax[order[r]])),
        Col::new(context.l(L::ColActualTax), Kind::Money, move |r| Value::number(actual_tax[order[r]])),
        Col::new(context.l(L::ColTaxDelivery), Kind::Percent, move |r| Value::number(tax_share[order[r]])),
        Col::new(context.l(L::ColBelowPromise), Kind::Flag, move |r| match flagged[order[r]] {
            Some(true) => Value::Flag(context.yes_no(true), true),
            Some(false) => Value::Flag(context.yes_no(false), false),
            None => Value::Empty,
        }),
    ];
    let after = sheet.table(&context.formats, 2, &cols, order.len(), false)?;
    sheet.print_setup(Some(2), true, &context.book_title())?;
    // Each district's delivery rate, then the city's.
    let rates = Columns(&tracked.delivery);
    let (keys, assessed, rate) = (rates.text("district")?, rates.number("assessed")?, rates.number("delivery_rate")?);
    let top = after + 1;
    let headers = [context.l(L::District), context.l(L::ColAssessed), context.l(L::ColDeliveryRate)];
    sheet.header(top, &headers, &context.formats.header)?;
    // The districts with an assessed project, then the city.
    let shown: Vec<usize> =
        (0..keys.len()).filter(|&i| keys[i].is_none() || assessed[i].is_some_and(|a| a > 0.0)).collect();
    for (n, &i) in shown.iter().enumerate() {
        let key = &keys[i];
        let r = top + 1 + n as u32;
        sheet.cell(&context.formats, r, 0, Kind::Text, Value::Text(district_name(context, key.as_deref())))?;
        sheet.cell(&context.formats, r, 1, Kind::Integer, Value::number(assessed[i]))?;
        sheet.cell(&context.formats, r, 2, Kind::Percent, Value::number(rate[i]))?;
    }
    sheet.finish()
}

/// 核查线索 (Checks): each lead of the integrity screen, worded as something
/// for a person to check, with the rows that raised it.
fn checks(workbook: &mut Workbook, context: &Context, tracked: &Tracked) -> Result<()> {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetChecks)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let frame = Columns(&tracked.checks);
    let (ids, districts, flags) = (frame.text("project_id")?, frame.text("district")?, frame.text("flag")?);
    let (files, sheets, rows) = (frame.text("file")?, frame.text("sheet")?, frame.text("rows")?);
    let (first, capital, ratio) = (frame.text("first_month")?, frame.number("capital")?, frame.number("ratio")?);
    let (other, other_district) = (frame.text("other_project")?, frame.text("other_district")?);
    let (later, earlier) = (frame.text("later")?, frame.text("earlier")?);
    let year = frame.number("year")?;
    // The names of the projects shown only.
    let all = tracked.checks.height();
    let wanted: std::collections::HashSet<&str> =
        ids.iter().take(all.min(SHEET_ROWS)).flatten().map(String::as_str).collect();
    let names: std::collections::HashMap<String, String> = {
        let projects = Columns(&tracked.projects);
        projects
            .text("project_id")?
            .into_iter()
            .zip(projects.text("project_name")?)
            .filter_map(|(id, name)| {
                let id = id.filter(|id| wanted.contains(id.as_str()))?;
                Some((id, name.unwrap_or_default()))
            })
            .collect()
    };
    let cx = context.cx;
    let field = |key: &Option<String>| key.as_deref().map(|k| cx.name(NameKind::Column, k)).unwrap_or_default();
    let limit = context.config.tracking.capital_overrun;
    let what: Vec<(String, String)> = (0..all.min(SHEET_ROWS))
        .map(|i| match flags[i].as_deref() {
            Some("capital_before_signing") => (
                context.l(L::LeadBeforeSigning),
                context.say(&Say::CheckBeforeSigning { first: first[i].clone().unwrap_or_default() }),
            ),
            Some("capital_overrun") => (
                context.l(L::LeadOverrun),
                context.say(&Say::CheckOverrun {
                    capital: crate::i18n::grouped(capital[i].unwrap_or(0.0), 2),
                    ratio: format!("{:.1}%", ratio[i].unwrap_or(0.0) * 100.0),
                    limit: format!("{:.0}%", limit * 100.0),
                }),
            ),
            Some("same_project_elsewhere") => (
                context.l(L::LeadElsewhere),
                context.say(&Say::CheckElsewhere {
                    district: district_name(context, other_district[i].as_deref()),
                    project: other[i].clone().unwrap_or_default(),
                }),
            ),
            Some("operations_before_operating") => (
                context.l(L::LeadOpsEarly),
                context.say(&Say::CheckOpsEarly { year: year[i].map(|y| y as i32).unwrap_or_default() }),
            ),
            _ => (
                context.l(L::LeadStageOrder),
                context.say(&Say::CheckStageOrder { later: field(&later[i]), earlier: field(&earlier[i]) }),
            ),
        })
        .collect();
    let place: Vec<String> = (0..all.min(SHEET_ROWS))
        .map(|i| {
            let file = match &sheets[i] {
                Some(sheet) => format!(
                    "{}{}{sheet}{}",
                    files[i].clone().unwrap_or_default(),
                    cx.pick("，工作表“", ", sheet \""),
                    cx.pick("”", "\"")
                ),
                None => files[i].clone().unwrap_or_default(),
            };
            context.say(&Say::CheckWhere { file, rows: rows[i].clone().unwrap_or_default() })
        })
        .collect();
    let count = what.len();
    let (what, names) = (&what, &names);
    let ids_for_names = ids.clone();
    let cols = vec![
        Col::new(context.l(L::District), Kind::Text, move |i| {
            Value::Text(district_name(context, districts[i].as_deref()))
        }),
        Col::new(context.l(L::ProjectId), Kind::Text, move |i| Value::text(ids[i].as_deref())),
        Col::new(context.l(L::ProjectName), Kind::Long(30), move |i| {
            Value::text(ids_for_names[i].as_ref().and_then(|id| names.get(id)).map(String::as_str))
        }),
        Col::new(context.l(L::ColLead), Kind::Text, move |i| Value::Text(what[i].0.clone())),
        Col::new(context.l(L::ColWhatToCheck), Kind::Long(48), move |i| Value::Text(what[i].1.clone())),
        Col::new(context.l(L::ColWhere), Kind::Long(40), move |i| Value::Text(place[i].clone())),
    ];
    let after = sheet.table(&context.formats, 0, &cols, count, false)?;
    cut_note(&mut sheet, context, after, count, all, "checks.parquet")?;
    sheet.print_setup(Some(0), true, &context.book_title())?;
    sheet.finish()
}

fn district_name(context: &Context, key: Option<&str>) -> String {
    match key {
        Some(key) => context.name(NameKind::District, key),
        None => context.l(L::CityWhole),
    }
}

fn progress(workbook: &mut Workbook, context: &Context, tracked: &Tracked) -> Result<()> {
    let name = context.l(L::SheetProgress);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let cohorts = Columns(&tracked.cohorts);
    let districts = cohorts.text("district")?;
    let names: Vec<String> = districts.iter().map(|d| district_name(context, d.as_deref())).collect();
    let years = cohorts.number("signing_year")?;
    let count = |column: &str| cohorts.number(column);
    let (projects, unknown, halted) = (count("projects")?, count("unknown")?, count("halted")?);
    let lists = [count("not_started")?, count("not_operating")?, count("not_full_production")?];
    let (started, operating, on_schedule, realised) =
        (count("started_rate")?, count("operating_rate")?, count("on_schedule_rate")?, count("capital_realisation")?);
    let rows = names.len();
    let lists_ref = &lists;
    let mut cols = vec![
        Col::new(context.l(L::District), Kind::Text, move |i| Value::Text(names[i].clone())),
        Col::new(context.l(L::ColSigningYear), Kind::Integer, move |i| Value::number(years[i])),
        Col::new(context.l(L::Projects), Kind::Integer, move |i| Value::number(projects[i])),
        Col::new(context.l(L::ColStageUnknown), Kind::Integer, move |i| Value::number(unknown[i])),
    ];
    for (k, (_, label)) in LISTS.iter().enumerate() {
        cols.push(Col::new(context.l(*label), Kind::Integer, move |i| Value::number(lists_ref[k][i])));
    }
    cols.extend([
        Col::new(context.l(L::ColHalted), Kind::Integer, move |i| Value::number(halted[i])),
        Col::new(context.l(L::ColStartedRate), Kind::Percent, move |i| Value::number(started[i])),
        Col::new(context.l(L::ColOperatingRate), Kind::Percent, move |i| Value::number(operating[i])),
        Col::new(context.l(L::ColOnScheduleRate), Kind::Percent, move |i| Value::number(on_schedule[i])),
        Col::new(context.l(L::ColRealisation), Kind::Percent, move |i| Value::number(realised[i])),
    ]);
    let after = sheet.table(&context.formats, 0, &cols, rows, false)?;
    sheet.print_setup(Some(0), true, &context.book_title())?;

    // Each district's overdue projects by list, over every signing year, and
    // their chart.
    let mut by_district: Vec<(String, [f64; 3])> = Vec::new();
    for (i, district) in districts.iter().enumerate() {
        let Some(district) = district else {
            continue;
        };
        let name = context.name(NameKind::District, district);
        if by_district.last().is_none_or(|(n, _)| *n != name) {
            by_district.push((name, [0.0; 3]));
        }
        if let Some((_, counts)) = by_district.last_mut() {
            for (k, count) in counts.iter_mut().enumerate() {
                *count += lists[k][i].unwrap_or(0.0);
            }
        }
    }
    if by_district.is_empty() {
        return sheet.finish();
    }
    let top = after + 2;
    let headers: Vec<String> =
        std::iter::once(context.l(L::District)).chain(LISTS.iter().map(|(_, label)| context.l(*label))).collect();
    sheet.header(top, &headers, &context.formats.header)?;
    sheet.sheet.set_row_height(top, 36).map_err(xlsx_error)?;
    for (i, (district, counts)) in by_district.iter().enumerate() {
        let r = top + 1 + i as u32;
        sheet.cell(&context.formats, r, 0, Kind::Text, Value::Text(district.clone()))?;
        for (k, count) in counts.iter().enumerate() {
            sheet.cell(&context.formats, r, 1 + k as u16, Kind::Integer, Value::Number(*count))?;
        }
    }
    let last = top + by_district.len() as u32;
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for k in 0..LISTS.len() {
        let c = 1 + k as u16;
        chart
            .add_series()
            .set_name((name.as_str(), top, c))
            .set_categories((name.as_str(), top + 1, 0, last, 0))
            .set_values((name.as_str(), top + 1, c, last, c));
    }
    chart.title().set_name(&context.l(L::ChartOverdue));
    chart.y_axis().set_num_format("0").set_min(0);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(360);
    sheet.sheet.insert_chart(last + 2, 0, &chart).map_err(xlsx_error)?;
    sheet.finish()
}

/// The row order of the Overdue sheet: each list in order, the longest
/// overdue first, then the stalled and withdrawn; ties by district order and id.
fn overdue_rows(tracked: &Tracked, context: &Context) -> Result<Vec<usize>> {
    let frame = Columns(&tracked.projects);
    let (lists, halted) = (frame.text("overdue")?, frame.text("halted")?);
    let months = frame.number("months_overdue")?;
    let (districts, ids) = (frame.text("district")?, frame.text("project_id")?);
    let district_order = |d: &Option<String>| {
        context.config.districts.iter().position(|x| Some(&x.key) == d.as_ref()).unwrap_or(usize::MAX)
    };
    let group = |i: usize| -> Option<usize> {
        match (&lists[i], &halted[i]) {
            (Some(list), _) => LISTS.iter().position(|(key, _)| key == list),
            (None, Some(h)) if h == "stalled" => Some(LISTS.len()),
            (None, Some(_)) => Some(LISTS.len() + 1),
            _ => None,
        }
    };
    // Each listed row's sort key, computed once (a million projects list
    // hundreds of thousands).
    type Key = (usize, std::cmp::Reverse<i64>, usize);
    let mut keyed: Vec<(Key, usize)> = (0..tracked.projects.height())
        .filter_map(|i| {
            let months = months[i].unwrap_or(0.0) as i64;
            Some(((group(i)?, std::cmp::Reverse(months), district_order(&districts[i])), i))
        })
        .collect();
    keyed.sort_by(|(a, i), (b, j)| a.cmp(b).then_with(|| ids[*i].cmp(&ids[*j])));
    Ok(keyed.into_iter().map(|(_, i)| i).collect())
}

fn overdue(workbook: &mut Workbook, context: &Context, tracked: &Tracked) -> Result<()> {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetOverdue)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let order = overdue_rows(tracked, context)?;
    let frame = Columns(&tracked.projects);
    let (districts, ids, names) = (frame.text("district")?, frame.text("project_id")?, frame.text("project_name")?);
    let (lists, halted, stages) = (frame.text("overdue")?, frame.text("halted")?, frame.text("stage")?);
    let months = frame.number("months_overdue")?;
    let all = order.len();
    let order = &order[..all.min(SHEET_ROWS)];
    // The date each listed project was due at the stage its list names, for
    // the rows shown.
    let due_days = ["start_due", "operate_due", "full_production_due"]
        .map(|c| tracked.projects.column(c).and_then(|c| c.cast(&polars::prelude::DataType::Int32)).ok());
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let due_of: Vec<Option<String>> = order
        .iter()
        .map(|&i| {
            let k = lists[i].as_ref().and_then(|list| LISTS.iter().position(|(key, _)| key == list))?;
            let days = due_days[k].as_ref()?.i32().ok()?.get(i)?;
            Some((epoch + chrono::Duration::days(i64::from(days))).format("%Y-%m-%d").to_string())
        })
        .collect();
    let list_word = move |i: usize| -> String {
        match (&lists[i], &halted[i]) {
            (Some(list), _) => {
                LISTS.iter().find(|(key, _)| key == list).map(|(_, label)| context.l(*label)).unwrap_or_default()
            }
            (None, Some(h)) if h == "stalled" => context.l(L::HaltedStalled),
            (None, Some(_)) => context.l(L::HaltedWithdrawn),
            _ => String::new(),
        }
    };
    let stage_word = move |i: usize| -> String {
        match stages[i].as_deref() {
            Some("signed") => context.l(L::StageSigned),
            Some("started") => context.l(L::StageStarted),
            Some("operating") => context.l(L::StageOperating),
            Some("full_production") => context.l(L::StageFullProduction),
            _ => context.l(L::ColStageUnknown),
        }
    };
    let cols = vec![
        Col::new(context.l(L::District), Kind::Text, move |r| {
            Value::Text(district_name(context, districts[order[r]].as_deref()))
        }),
        Col::new(context.l(L::ProjectId), Kind::Text, move |r| Value::text(ids[order[r]].as_deref())),
        Col::new(context.l(L::ProjectName), Kind::Long(36), move |r| Value::text(names[order[r]].as_deref())),
        Col::new(context.l(L::ColOverdueList), Kind::Text, move |r| Value::Text(list_word(order[r]))),
        Col::new(context.l(L::ColProjectStage), Kind::Text, move |r| Value::Text(stage_word(order[r]))),
        Col::new(context.l(L::ColDue), Kind::Text, move |r| Value::text(due_of[r].as_deref())),
        Col::new(context.l(L::ColMonthsOverdue), Kind::Integer, move |r| Value::number(months[order[r]])),
    ];
    let after = sheet.table(&context.formats, 0, &cols, order.len(), false)?;
    cut_note(&mut sheet, context, after, order.len(), all, "tracking.parquet")?;
    sheet.print_setup(Some(0), true, &context.book_title())?;
    sheet.finish()
}
