//! 诊断 (Diagnostics): per indicator its coverage, zeros, distribution and
//! influence; per dimension Cronbach's α and influence; the correlations.
//! A flag marks what stands out (see [`crate::diagnostics`]): a long tail, an
//! effective weight far from the nominal one, two indicators counting one
//! thing twice or pulling against each other.

use rust_xlsxwriter::Workbook;

use super::Context;
use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use crate::diagnostics::Diagnostics;
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L, Say};

/// The Diagnostics sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context, d: &Diagnostics) -> Result<()> {
    let formats = &context.formats;
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetDiagnostics)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    sheet.wide_text(0, 0, &context.say(&Say::DiagnosticsTitle { projects: d.projects }), &formats.bold)?;
    let flag =
        |up: bool| if up { Value::Flag(context.l(L::CheckThis), true) } else { Value::Flag(context.l(L::Fine), false) };
    let indicators = &d.indicators;
    let cols = vec![
        Col::new(context.l(L::ColIndicator), Kind::Text, move |i| {
            Value::Text(context.name(NameKind::Indicator, &indicators[i].indicator))
        }),
        Col::new(context.l(L::Dimension), Kind::Text, move |i| {
            Value::Text(context.name(NameKind::Dimension, &indicators[i].dimension))
        }),
        Col::new(context.l(L::ColCoverage), Kind::Percent, move |i| Value::Number(indicators[i].coverage)),
        Col::new(context.l(L::ColZeros), Kind::Percent, move |i| Value::Number(indicators[i].zeros)),
        Col::new(context.l(L::ColSkewness), Kind::Points, move |i| Value::number(indicators[i].skewness)),
        Col::new(context.l(L::ColKurtosis), Kind::Points, move |i| Value::number(indicators[i].kurtosis)),
        Col::new(context.l(L::ColDistribution), Kind::Flag, move |i| {
            let x = &indicators[i];
            match (x.skewness, x.skewed) {
                (None, _) => Value::Flag(context.l(L::DistCategory), false),
                (Some(_), true) => Value::Flag(context.l(L::DistLongTail), true),
                (Some(s), false) if s.abs() > 1.0 => Value::Flag(context.l(L::DistSkewed), false),
                (Some(_), false) => Value::Flag(context.l(L::DistFine), false),
            }
        }),
        Col::new(context.l(L::ColNominalWeight), Kind::Percent, move |i| Value::Number(indicators[i].nominal_weight)),
        Col::new(context.l(L::ColEffectiveWeight), Kind::Percent, move |i| {
            Value::Number(indicators[i].effective_weight)
        }),
        Col::new(context.l(L::ColInfluence), Kind::Flag, move |i| flag(indicators[i].influence_flag)),
    ];
    let mut r = sheet.table(formats, 1, &cols, indicators.len(), false)?;
    r += 1;
    let dimensions = &d.dimensions;
    let cols = vec![
        Col::new(context.l(L::Dimension), Kind::Text, move |i| {
            Value::Text(context.name(NameKind::Dimension, &dimensions[i].dimension))
        }),
        Col::new(context.l(L::ColCronbach), Kind::Points, move |i| Value::number(dimensions[i].cronbach_alpha)),
        Col::new(context.l(L::ColNominalWeight), Kind::Percent, move |i| Value::Number(dimensions[i].nominal_weight)),
        Col::new(context.l(L::ColEffectiveWeight), Kind::Percent, move |i| {
            Value::Number(dimensions[i].effective_weight)
        }),
        Col::new(context.l(L::ColInfluence), Kind::Flag, move |i| flag(dimensions[i].influence_flag)),
    ];
    r = table_below(&mut sheet, context, r, &cols, dimensions.len())?;
    r += 1;
    sheet.wide_text(r, 0, &context.l(L::CorrelationsNote), &formats.note)?;
    r += 1;
    let within = d.within.len();
    let pairs: Vec<&crate::diagnostics::Correlation> = d.within.iter().chain(&d.between).collect();
    let pairs = &pairs;
    let name = move |i: usize, key: &str| {
        let kind = if i < within { NameKind::Indicator } else { NameKind::Dimension };
        Value::Text(context.name(kind, key))
    };
    let cols = vec![
        Col::new(context.l(L::ColFirst), Kind::Text, move |i| name(i, &pairs[i].a)),
        Col::new(context.l(L::ColSecond), Kind::Text, move |i| name(i, &pairs[i].b)),
        Col::new(context.l(L::ColCorrelation), Kind::Points, move |i| Value::Number(pairs[i].r)),
        Col::new(context.l(L::ColInfluence), Kind::Flag, move |i| flag(pairs[i].flag)),
    ];
    table_below(&mut sheet, context, r, &cols, pairs.len())?;
    // Three tables, one under another: a header repeated on each page would
    // head the second and third with the first one's columns.
    sheet.print_setup(None, true, &context.book_title())?;
    sheet.finish()
}

/// A second table on the sheet: its header and rows, not frozen or filtered
/// (a sheet has one of each).
fn table_below(sheet: &mut Sheet, context: &Context, header_row: u32, cols: &[Col], rows: usize) -> Result<u32> {
    let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
    sheet.header(header_row, &headers, &context.formats.header)?;
    for i in 0..rows {
        for (c, col) in cols.iter().enumerate() {
            sheet.cell(&context.formats, header_row + 1 + i as u32, c as u16, col.kind, (col.value)(i))?;
        }
    }
    Ok(header_row + rows as u32 + 1)
}
