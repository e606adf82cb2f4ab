//! 概览 (Summary): the key figures of the run, the districts' totals as bars
//! stacked by weighted dimension contribution, a radar of the top districts, and
//! the provenance a reviewer checks (engine, config and inputs with their
//! SHA-256, each file's accounting).

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Workbook};

use super::sheet::{Sheet, xlsx_error};
use super::{Columns, Context};
use crate::columns::dimension_column;
use crate::error::Result;
use crate::i18n::{Kind, L, Say};
use crate::issues::IssueCounts;

/// The Summary sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let summary_name = context.l(L::SheetSummary);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&summary_name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let row = facts(&mut sheet, context)?;
    let (row, contributions) = contributions(&mut sheet, context, row)?;
    let row = charts(&mut sheet, context, &summary_name, contributions, row)?;
    provenance(&mut sheet, context, row)?;
    sheet.finish()?;
    sheet.print_setup(None, true, &context.book_title())?;
    Ok(())
}

/// The title and the key figures of the run; returns the next row.
fn facts(sheet: &mut Sheet, context: &Context) -> Result<u32> {
    let (scored, formats, cx) = (context.scored, &context.formats, context.cx);
    sheet.wide_text(0, 0, &context.say(&Say::WorkbookTitle { period: scored.period }), &formats.title)?;
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
    let top_project = scored_rows
        .first()
        .map(|&i| format!("{} {}", ids[i].clone().unwrap_or_default(), names[i].clone().unwrap_or_default()))
        .unwrap_or_else(|| "—".into());
    enum Fact {
        Text(String),
        Integer(usize),
        Money(f64),
        Score(Option<f64>),
    }
    let list = [
        (L::Period, Fact::Text(context.say(&Say::PeriodWords { period: scored.period }))),
        (
            L::PeriodEnd,
            Fact::Text({
                let mut out = String::new();
                crate::i18n::Arg::put(&scored.period.end_date(), cx, &mut out);
                out
            }),
        ),
        (L::ProjectsScored, Fact::Integer(scored_rows.len())),
        (L::ProjectsExempt, Fact::Integer(exempt.len() - scored_rows.len())),
        (L::DistrictsRanked, Fact::Integer(context.district_keys.len())),
        (L::InvestmentScored, Fact::Money(invest_sum)),
        (L::CapitalScored, Fact::Money(capital_sum)),
        (L::CityQuality, Fact::Score((invest_sum > 0.0).then(|| weighted / invest_sum))),
        (L::TopDistrict, Fact::Text(context.district_names.first().cloned().unwrap_or_else(|| "—".into()))),
        (L::TopProject, Fact::Text(top_project)),
        (
            L::IssuesCount,
            Fact::Text(context.say(&Say::IssueCounts {
                errors: counts.error,
                warnings: counts.warning,
                infos: counts.info,
            })),
        ),
    ];
    let mut row = 2u32;
    for (label, fact) in list {
        sheet.text(row, 0, &context.l(label), &formats.bold)?;
        match fact {
            Fact::Text(text) => sheet.wide_text(row, 1, &text, &formats.text)?,
            Fact::Integer(n) => sheet.number(row, 1, Some(n as f64), &formats.integer, 0)?,
            Fact::Money(v) => sheet.number(row, 1, Some(v), &formats.money, 2)?,
            Fact::Score(v) => sheet.number(row, 1, v, &formats.score, 2)?,
        }
        row += 1;
    }
    Ok(row)
}

/// Where the contributions table sits, and what the charts drawn from it need.
struct Contributions {
    table_header: u32,
    last_district_row: u32,
    dims: Vec<Vec<Option<f64>>>,
    remainders: Vec<f64>,
}

/// The district contributions table, below `row`; returns the last row written.
fn contributions(sheet: &mut Sheet, context: &Context, mut row: u32) -> Result<(u32, Contributions)> {
    let (config, formats, districts) = (context.config, &context.formats, &context.districts);
    let dimension_keys = &context.dimension_keys;
    // District contributions: quality weight × dimension weight × dimension
    // score, capital weight × capital score, and what adjustments (or a
    // geometric aggregation) leave over.
    row += 1;
    sheet.text(row, 0, &context.l(L::Contributions), &formats.bold)?;
    row += 1;
    let table_header = row;
    let mut headers = vec![context.l(L::District)];
    headers.extend(dimension_keys.iter().map(|k| context.name(Kind::Dimension, k)));
    headers.push(context.l(L::Capital));
    headers.push(context.l(L::Adjustments));
    headers.push(context.l(L::Total));
    sheet.header(row, &headers, &formats.header)?;
    let totals = districts.number("total")?;
    let capital_scores = districts.number("capital_score")?;
    let dims: Vec<Vec<Option<f64>>> =
        dimension_keys.iter().map(|k| districts.number(&dimension_column(k))).collect::<Result<_>>()?;
    let mut remainders = Vec::new();
    for i in 0..context.district_keys.len() {
        row += 1;
        sheet.text(row, 0, &context.district_names[i], &formats.text)?;
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
        // The sum of the parts differs from the total in the last bits of a
        // float; that is not an adjustment, and −0.00 would read as one.
        let remainder = totals[i].unwrap_or(0.0) - sum;
        let remainder = if remainder.abs() < 1e-9 { 0.0 } else { remainder };
        remainders.push(remainder);
        sheet.number(row, col + 1, Some(remainder), &formats.score, 2)?;
        sheet.number(row, col + 2, totals[i], &formats.score, 2)?;
    }
    let last_district_row = row;
    Ok((row, Contributions { table_header, last_district_row, dims, remainders }))
}

/// The contributions chart and the radar of the top districts, with the radar's
/// data; returns the last row they take.
fn charts(
    sheet: &mut Sheet,
    context: &Context,
    summary_name: &str,
    contributions: Contributions,
    mut row: u32,
) -> Result<u32> {
    let formats = &context.formats;
    let dimension_keys = &context.dimension_keys;
    let Contributions { table_header, last_district_row, dims, remainders } = contributions;
    if context.district_keys.is_empty() {
        return Ok(row);
    }
    // A radar of the four dimensions for the top five districts: its data first.
    row += 2;
    sheet.text(row, 0, &context.l(L::DimensionsTop), &formats.bold)?;
    row += 1;
    let radar_header = row;
    let mut headers = vec![context.l(L::Dimension)];
    let top = context.district_keys.len().min(5);
    headers.extend(context.district_names.iter().take(top).cloned());
    sheet.header(row, &headers, &formats.header)?;
    for (d, key) in dimension_keys.iter().enumerate() {
        row += 1;
        sheet.text(row, 0, &context.name(Kind::Dimension, key), &formats.text)?;
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
    chart.title().set_name(&context.l(L::Contributions));
    // A bar chart's value axis is its x axis (rust_xlsxwriter keeps Excel's
    // order): values from 0 to 100, districts top down as in the table.
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
    radar.title().set_name(&context.l(L::DimensionsTop));
    radar.y_axis().set_min(0).set_max(100);
    radar.legend().set_position(ChartLegendPosition::Bottom);
    radar.set_width(440).set_height(340);
    sheet.sheet.insert_chart_with_offset(row, 0, &radar, 620, 0).map_err(xlsx_error)?;
    Ok(row + 18)
}

/// The engine, config files and input files with their SHA-256, below `row`.
fn provenance(sheet: &mut Sheet, context: &Context, mut row: u32) -> Result<()> {
    let (scored, config, formats) = (context.scored, context.config, &context.formats);
    // Provenance: what produced these numbers, for a reviewer to check. Each
    // SHA-256 sits on its own row, where it can run across the empty cells.
    row += 2;
    sheet.text(row, 0, &context.l(L::Provenance), &formats.bold)?;
    row += 1;
    sheet.text(row, 0, &context.l(L::Engine), &formats.bold)?;
    sheet.text(row, 1, &format!("chainscore {}", env!("CARGO_PKG_VERSION")), &formats.text)?;
    for (file, sha256) in config.source.digests() {
        row += 1;
        sheet.text(row, 0, &context.l(L::ConfigFile), &formats.bold)?;
        sheet.wide_text(row, 1, &crate::files::clean_path(file).display().to_string(), &formats.text)?;
        row += 1;
        sheet.wide_text(row, 0, &context.l(L::Sha256), &formats.sha_label)?;
        sheet.wide_text(row, 1, &sha256, &formats.mono)?;
    }
    row += 2;
    let headers = vec![context.l(L::File), context.l(L::Kind), context.l(L::Sheet), context.l(L::Rows)];
    sheet.header(row, &headers, &formats.header)?;
    for (source, accounting) in scored.sources.iter().zip(&scored.accounting) {
        row += 1;
        sheet.text(row, 0, &source.display(), &formats.text)?;
        let kind = match source.kind {
            crate::columns::InputKind::Projects => L::KindProjects,
            crate::columns::InputKind::Capital => L::KindCapital,
            crate::columns::InputKind::Targets => L::KindTargets,
            crate::columns::InputKind::Operations => L::KindOperations,
        };
        sheet.text(row, 1, &context.l(kind), &formats.text)?;
        sheet.text(row, 2, source.sheet.as_deref().unwrap_or(""), &formats.text)?;
        sheet.wide_text(row, 3, &accounting.line(context.cx, L::UsedScored), &formats.text)?;
        row += 1;
        sheet.wide_text(row, 0, &context.l(L::Sha256), &formats.sha_label)?;
        sheet.wide_text(row, 1, &source.sha256, &formats.mono)?;
    }
    Ok(())
}
