//! 产业链 (Chains): the scored projects summed by chain, in config order, with
//! a chart of investment (bars) and mean score (a line).

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Workbook};

use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use super::{Columns, Context};
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L};

/// The Chains sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let chains_name = context.l(L::SheetChains);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&chains_name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let by_chain = Columns(&context.scored.chains);
    let keys = by_chain.text("chain")?;
    let rows = keys.len();
    let names: Vec<String> = keys.iter().map(|k| context.name(NameKind::Chain, k.as_deref().unwrap_or(""))).collect();
    let (count, investment, capital, mean) = (
        by_chain.number("projects")?,
        by_chain.number("total_investment")?,
        by_chain.number("capital_in_place")?,
        by_chain.number("mean_score")?,
    );
    let (best_id, best_name, best) =
        (by_chain.text("best_project_id")?, by_chain.text("best_project_name")?, by_chain.number("best_score")?);
    let cols = vec![
        Col::new(context.l(L::Chain), Kind::Text, move |i| Value::Text(names[i].clone())),
        Col::new(context.l(L::Projects), Kind::Integer, move |i| Value::number(count[i])),
        Col::new(context.l(L::TotalInvestment), Kind::Money, move |i| Value::number(investment[i])),
        Col::new(context.l(L::CapitalInPlace), Kind::Money, move |i| Value::number(capital[i])),
        Col::new(context.l(L::MeanScore), Kind::Score, move |i| Value::number(mean[i])),
        Col::new(context.l(L::BestProject), Kind::Text, move |i| match (&best_id[i], &best_name[i]) {
            (Some(id), name) => Value::Text(format!("{id} {}", name.as_deref().unwrap_or_default())),
            _ => Value::Empty,
        }),
        Col::new(context.l(L::BestScore), Kind::Score, move |i| Value::number(best[i])),
    ];
    sheet.table(&context.formats, 0, &cols, rows, false)?;
    sheet.print_setup(Some(0), true, &context.book_title())?;
    if rows > 0 {
        let last = rows as u32;
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
        chart.title().set_name(&format!("{} / {}", context.l(L::TotalInvestment), context.l(L::MeanScore)));
        chart.y_axis().set_num_format("#,##0").set_min(0);
        chart.y2_axis().set_min(0).set_max(100);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(360);
        sheet.sheet.insert_chart(last + 3, 0, &chart).map_err(xlsx_error)?;
    }
    sheet.finish()
}
