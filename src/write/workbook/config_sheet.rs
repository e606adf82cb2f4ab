//! 参数配置 (Config): the dimensions and indicators in force, each with its
//! formula, method, parameters, direction, population and missing-value
//! policy in words, its weight as written and after rescaling; then the other
//! settings, the AHP judgments with their consistency, the adjustments and
//! the checks — all as a person reads them, not as the config spells them.

use rust_xlsxwriter::Workbook;

use super::Context;
use super::sheet::{Sheet, xlsx_error};
use crate::config::words;
use crate::error::Result;
use crate::i18n::{Fixed, Kind as NameKind, L, Say};
use crate::write::style;

/// The width of the formula and parameter columns, whose text wraps.
const WRAPPED: f64 = 34.0;

/// The Config sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config, formats, cx) = (context.scored, context.config, &context.formats, context.cx);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetConfig)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let headers: Vec<String> = [
        L::Dimension,
        L::Name,
        L::Expression,
        L::Method,
        L::Parameters,
        L::Direction,
        L::Scope,
        L::Missing,
        L::Weight,
        L::WeightInDimension,
        L::WeightInTotal,
    ]
    .iter()
    .map(|l| context.l(*l))
    .collect();
    sheet.header(0, &headers, &formats.header)?;
    sheet.fix_width(2, WRAPPED as usize);
    sheet.fix_width(4, WRAPPED as usize);
    let mut r = 0u32;
    for (d, dimension) in config.dimensions.iter().enumerate() {
        r += 1;
        let dimension_name = context.name(NameKind::Dimension, &dimension.key);
        sheet.text(r, 0, &dimension_name, &formats.bold)?;
        sheet.number(r, 8, Some(dimension.weight), &formats.raw, 4)?;
        sheet.number(r, 10, Some(scored.weights.dimensions[d]), &formats.percent, 1)?;
        for (i, indicator) in config.indicators.iter().enumerate().filter(|(_, i)| i.dimension == d) {
            r += 1;
            let (method, params) = indicator.method.describe(cx);
            let expression = words::expression(&indicator.expr_text, cx);
            let lines = style::wrapped_lines(&expression, WRAPPED).max(style::wrapped_lines(&params, WRAPPED));
            if lines > 1 {
                sheet.sheet.set_row_height(r, style::LINE_HEIGHT * lines as f64 + 2.0).map_err(xlsx_error)?;
            }
            sheet.text(r, 0, &dimension_name, &formats.text)?;
            sheet.text(r, 1, &context.name(NameKind::Indicator, &indicator.key), &formats.text)?;
            sheet.text(r, 2, &expression, &formats.wrapped)?;
            sheet.text(r, 3, &method, &formats.text)?;
            sheet.text(r, 4, &params, &formats.wrapped)?;
            sheet.text(r, 5, cx.l(words::direction(indicator.direction)), &formats.text)?;
            sheet.text(r, 6, cx.l(words::scope(indicator.scope)), &formats.text)?;
            sheet.text(r, 7, cx.l(words::missing(indicator.missing)), &formats.text)?;
            sheet.number(r, 8, Some(indicator.weight), &formats.raw, 4)?;
            sheet.number(r, 9, Some(scored.weights.indicators[i]), &formats.percent, 1)?;
            let in_total = scored.weights.indicators[i] * scored.weights.dimensions[d];
            sheet.number(r, 10, Some(in_total), &formats.percent, 1)?;
        }
    }
    sheet.table_frame(0, r as usize, headers.len())?;
    sheet.print_setup(Some(0), true, &context.book_title())?;
    settings(&mut sheet, context, r)?;
    sheet.finish()
}

/// The settings that are not dimensions or indicators, two rows below `r`.
fn settings(sheet: &mut Sheet, context: &Context, mut r: u32) -> Result<()> {
    let (scored, config, formats, cx) = (context.scored, context.config, &context.formats, context.cx);
    r += 2;
    sheet.text(r, 0, &context.l(L::Setting), &formats.header)?;
    sheet.text(r, 1, &context.l(L::Value), &formats.header)?;
    let fmt = crate::text::format_value;
    let s = &config.district;
    let settings: Vec<(L, String)> = vec![
        (L::Period, context.say(&Say::PeriodWords { period: scored.period })),
        (L::FactScope, cx.l(words::project_scope(config.scope)).into()),
        (L::FactWindow, cx.l(words::window(config.capital_window)).into()),
        (L::FactAggregation, cx.l(words::aggregation(config.aggregation)).into()),
        (L::FactProjectTiers, words::tiers(&config.tiers, cx)),
        (L::FactDistrictTiers, words::tiers(&s.tiers, cx)),
        (L::FactQualityWeighting, cx.l(words::weighting(s.quality_weighting)).into()),
        (L::FactQualityWeight, format!("{}%", fmt(s.quality_weight * 100.0))),
        (L::FactCapitalWeight, format!("{}%", fmt(s.capital_weight * 100.0))),
        (L::FactProRate, context.yes_no(s.pro_rate)),
        (L::FactCapitalCap, format!("{}%", fmt(s.capital_cap * 100.0))),
        (L::FactGateMin, format!("{}%", fmt(s.gate_min_completion * 100.0))),
        (L::FactGateMax, s.gate_max_tier.clone()),
        (L::FactUsdToCny, fmt(config.usd_to_cny)),
        (
            L::FactExempt,
            config.exempt.as_ref().map(|(t, _)| words::expression(t, cx)).unwrap_or_else(|| context.l(L::NoneSet)),
        ),
    ];
    for (label, value) in settings {
        r += 1;
        sheet.text(r, 0, &context.l(label), &formats.text)?;
        sheet.text(r, 1, &value, &formats.text)?;
    }
    // AHP sets: the weights came from these judgments (the matrix, pooled over
    // the experts), with their consistency.
    for set in &config.ahp {
        r += 1;
        let p = &set.priorities;
        let (title, kind) = match set.set.strip_prefix("indicators.") {
            Some(dimension) => (
                context.say(&Say::AhpIndicators { dimension: crate::i18n::Name::new(NameKind::Dimension, dimension) }),
                NameKind::Indicator,
            ),
            None => (context.l(L::AhpDimensions), NameKind::Dimension),
        };
        sheet.text(r, 0, &title, &formats.bold)?;
        sheet.text(
            r,
            1,
            &context.say(&Say::AhpConsistency {
                lambda: Fixed(p.lambda_max, 4),
                ci: Fixed(p.ci, 4),
                cr: Fixed(p.cr, 4),
                experts: set.experts,
            }),
            &formats.text,
        )?;
        for (i, key) in set.keys.iter().enumerate() {
            r += 1;
            sheet.text(r, 0, &context.name(kind, key), &formats.text)?;
            let row: Vec<String> =
                (0..set.keys.len()).map(|j| fmt((set.judgments.get(i, j) * 1000.0).round() / 1000.0)).collect();
            sheet.text(r, 1, &format!("[{}] → {:.2}%", row.join(", "), p.weights[i] * 100.0), &formats.text)?;
        }
    }
    for adjustment in &config.adjustments {
        r += 1;
        sheet.text(r, 0, &context.name(NameKind::Adjustment, &adjustment.key), &formats.text)?;
        let mut text = words::adjustment(adjustment, cx);
        text = text.replace(&adjustment.when_text, &words::expression(&adjustment.when_text, cx));
        sheet.text(r, 1, &text, &formats.text)?;
    }
    for check in &config.checks {
        for (level, text, _) in &check.rules {
            r += 1;
            let name = context.name(NameKind::Check, &check.key);
            let label = match level {
                Some(level) => context.say(&Say::CheckAtLevel { check: name, level: park_level(level, context) }),
                None => name,
            };
            sheet.text(r, 0, &label, &formats.text)?;
            sheet.text(r, 1, &words::expression(text, cx), &formats.text)?;
        }
    }
    Ok(())
}

/// A park level in words: 国家级, 省级.
fn park_level(level: &str, context: &Context) -> String {
    match level {
        "national" => context.l(L::LevelNational),
        "provincial" => context.l(L::LevelProvincial),
        other => other.to_string(),
    }
}
