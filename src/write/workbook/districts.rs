//! 县区排名 (Districts): rank, tier, total, quality, capital score, the
//! dimensions, investment, capital, target, completion and the gate; the
//! projected year-end completion for a quarter or month; the changes since a
//! baseline when the run has one.

use rust_xlsxwriter::Workbook;

use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use super::{Columns, Context};
use crate::columns::dimension_column;
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L};

/// The changes since a baseline (`rank_change`, `tier_before`,
/// `total_change`), when the pipeline added them, as three columns.
pub(super) fn change_columns<'a>(context: &Context, columns: &Columns, cols: &mut Vec<Col<'a>>) -> Result<()> {
    if columns.0.column("rank_change").is_err() {
        return Ok(());
    }
    let (rank, tier, total) =
        (columns.number("rank_change")?, columns.text("tier_before")?, columns.number("total_change")?);
    cols.push(Col::new(context.l(L::RankChange), Kind::SignedInteger, move |i| Value::number(rank[i])));
    cols.push(Col::new(context.l(L::TierBefore), Kind::Tier, move |i| Value::text(tier[i].as_deref())));
    cols.push(Col::new(context.l(L::TotalChange), Kind::SignedScore, move |i| Value::number(total[i])));
    Ok(())
}

/// The gate's word for a district: met, below the minimum, or below it and
/// capped (限档 only where the cap lowered the tier).
pub(super) fn gate_value(context: &Context, gated: bool, capped: bool) -> Value {
    let word = match (gated, capped) {
        (true, true) => L::GateCapped,
        (true, false) => L::GateBelow,
        _ => L::GateMet,
    };
    Value::Flag(context.l(word), gated)
}

/// The Districts sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let districts = &context.districts;
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetDistricts)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let number = |name: &str| districts.number(name);
    let (ranks, tiers) = (number("rank")?, districts.text("tier")?);
    let (totals, quality, capital_score) = (number("total")?, number("quality")?, number("capital_score")?);
    let names = &context.district_names;
    let mut cols: Vec<Col> = vec![
        Col::new(context.l(L::Rank), Kind::Integer, move |i| Value::number(ranks[i])),
        Col::new(context.l(L::Tier), Kind::Tier, move |i| Value::text(tiers[i].as_deref())),
        Col::new(context.l(L::District), Kind::Text, move |i| Value::Text(names[i].clone())),
        Col::new(context.l(L::Total), Kind::Score, move |i| Value::number(totals[i])),
        Col::new(context.l(L::Quality), Kind::Score, move |i| Value::number(quality[i])),
        Col::new(context.l(L::CapitalScore), Kind::Score, move |i| Value::number(capital_score[i])),
    ];
    for key in &context.dimension_keys {
        let values = number(&dimension_column(key))?;
        cols.push(Col::new(context.name(NameKind::Dimension, key), Kind::Score, move |i| Value::number(values[i])));
    }
    let (count, investment, capital) = (number("projects")?, number("total_investment")?, number("capital_in_place")?);
    let (target, completion) = (number("target")?, number("completion")?);
    let gated = districts.flag("gated")?;
    let capped = match districts.0.column("capped") {
        Ok(_) => districts.flag("capped")?,
        Err(_) => vec![None; gated.len()],
    };
    cols.extend([
        Col::new(context.l(L::Projects), Kind::Integer, move |i| Value::number(count[i])),
        Col::new(context.l(L::TotalInvestment), Kind::Money, move |i| Value::number(investment[i])),
        Col::new(context.l(L::CapitalInPlace), Kind::Money, move |i| Value::number(capital[i])),
        Col::new(context.l(L::Target), Kind::Money, move |i| Value::number(target[i])),
        Col::new(context.l(L::Completion), Kind::Percent, move |i| Value::number(completion[i])),
        Col::new(context.l(L::ColGateStatus), Kind::Flag, move |i| {
            gate_value(context, gated[i].unwrap_or(false), capped[i].unwrap_or(false))
        }),
    ]);
    // For a quarter or month, the projected year-end completion and its flag.
    if let Some(projected) = districts.number_if("projected_completion")? {
        let at_risk = districts.flag("at_risk")?;
        let no_target = districts.flag("no_target")?;
        cols.push(Col::new(context.l(L::ProjectedCompletion), Kind::Percent, move |i| Value::number(projected[i])));
        cols.push(Col::new(context.l(L::AtRisk), Kind::Flag, move |i| match (at_risk[i], no_target[i]) {
            (_, Some(true)) => Value::Flag(context.l(L::NoTarget).to_string(), true),
            (Some(risk), _) => Value::Flag(context.yes_no(risk), risk),
            (None, _) => Value::Empty,
        }));
    }
    // With a baseline the pipeline added each district's changes since then.
    change_columns(context, districts, &mut cols)?;
    sheet.table(&context.formats, 0, &cols, context.district_keys.len(), false)?;
    sheet.print_setup(Some(0), true, &context.book_title())?;
    sheet.finish()
}
