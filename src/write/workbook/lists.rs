//! The overviews leaders ask for: 红黑榜 (the best and worst districts overall
//! and per dimension, and the bottom-tier projects with the two indicators
//! that cost each most — a list of a bounded, stated length), 产业链全景 (per
//! chain and link what is there, and the gaps to recruit for) and 园区 (per
//! park its load and its share of leading-chain projects).

use rust_xlsxwriter::Workbook;

use super::Context;
use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L, Say};

/// The most bottom-tier projects the 红黑榜 lists (the worst ones): the sample
/// has 160 of 234 in tier D, a list nobody reads; the note says how many there
/// are and where every project's tier is.
const LAGGARD_ROWS: usize = 20;

/// A sheet of one table under a title line, and a note under it when given.
fn one_table(
    workbook: &mut Workbook,
    context: &Context,
    (name, title, note): (String, String, Option<String>),
    cols: &[Col],
    rows: usize,
) -> Result<()> {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&name).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    sheet.wide_text(0, 0, &title, &context.formats.bold)?;
    let next = sheet.table(&context.formats, 1, cols, rows, false)?;
    if let Some(note) = note {
        sheet.wide_text(next, 0, &note, &context.formats.note)?;
    }
    sheet.print_setup(Some(1), true, &context.book_title())?;
    sheet.finish()
}

/// 红黑榜.
pub(super) fn red_black(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let (scored, config) = (context.scored, context.config);
    let (lists, mut laggards, all) =
        crate::panorama::red_and_black(&scored.projects, &scored.districts, config, 3, LAGGARD_ROWS)?;
    // Worst first, as the districts' black lists are.
    laggards.reverse();
    let bottom = config.tiers.levels.last().map(|x| x.name.clone()).unwrap_or_default();
    let note =
        (all > 0).then(|| context.say(&Say::LaggardsListed { tier: bottom.clone(), shown: laggards.len(), all }));
    let (lists, laggards) = (&lists, &laggards);
    let n = lists.len();
    let bottom = &bottom;
    let cols = vec![
        Col::new(context.l(L::ColList), Kind::Text, move |i| match lists.get(i) {
            Some(entry) if entry.list == "overall" => Value::Text(context.l(L::ListOverall)),
            Some(entry) => Value::Text(context.name(NameKind::Dimension, &entry.list)),
            None => Value::Text(context.say(&Say::TierProjects { tier: bottom.clone() })),
        }),
        Col::new(context.l(L::ColRedBlack), Kind::Flag, move |i| match lists.get(i) {
            Some(entry) if entry.red => Value::Good(context.l(L::RedList)),
            _ => Value::Flag(context.l(L::BlackList), true),
        }),
        Col::new(context.l(L::ColDistrictOrProject), Kind::Text, move |i| match lists.get(i) {
            Some(entry) => Value::Text(context.name(NameKind::District, &entry.district)),
            None => {
                let l = &laggards[i - n];
                let district = context.name(NameKind::District, &l.district);
                let district = context.cx.pick("（", " (").to_string() + &district + context.cx.pick("）", ")");
                Value::Text(format!("{} {}{district}", l.project_id, l.project_name))
            }
        }),
        Col::new(context.l(L::ColScore), Kind::Score, move |i| match lists.get(i) {
            Some(entry) => Value::Number(entry.score),
            None => Value::Number(laggards[i - n].total),
        }),
        Col::new(context.l(L::ColShortfalls), Kind::Long(48), move |i| match lists.get(i) {
            Some(_) => Value::Empty,
            None => Value::Text(
                laggards[i - n]
                    .shortfalls
                    .iter()
                    .map(|(k, lost)| {
                        context.say(&Say::Shortfall {
                            indicator: context.name(NameKind::Indicator, k),
                            points: format!("{lost:.2}"),
                        })
                    })
                    .collect::<Vec<_>>()
                    .join(context.cx.comma()),
            ),
        }),
    ];
    let words = (context.l(L::SheetRedBlack), context.l(L::TitleRedBlack), note);
    one_table(workbook, context, words, &cols, lists.len() + laggards.len())
}

/// 产业链全景.
pub(super) fn panorama(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let lines = crate::panorama::chain_links(&context.scored.projects, context.config)?;
    let lines = &lines;
    let mut cols = vec![
        Col::new(context.l(L::Chain), Kind::Text, move |i| Value::Text(context.name(NameKind::Chain, &lines[i].chain))),
        Col::new(context.l(L::ColLink), Kind::Text, move |i| match lines[i].link.as_str() {
            "" => Value::Text(context.l(L::NoLink)),
            link => Value::Text(context.name(NameKind::Link, link)),
        }),
        Col::new(context.l(L::Projects), Kind::Integer, move |i| Value::Number(lines[i].projects as f64)),
        Col::new(context.l(L::TotalInvestment), Kind::Money, move |i| Value::Number(lines[i].investment)),
        Col::new(context.l(L::CapitalInPlace), Kind::Money, move |i| Value::Number(lines[i].capital)),
        Col::new(context.l(L::MeanScore), Kind::Score, move |i| Value::number(lines[i].mean_score)),
    ];
    for (k, tier) in ["global500", "china500", "private500"].into_iter().enumerate() {
        cols.push(Col::new(context.name(NameKind::InvestorTier, tier), Kind::Integer, move |i| {
            Value::Number(lines[i].top_500[k] as f64)
        }));
    }
    cols.push(Col::new(context.l(L::ColGap), Kind::Flag, move |i| {
        if lines[i].projects == 0 { Value::Flag(context.l(L::Gap), true) } else { Value::Empty }
    }));
    let words = (context.l(L::SheetPanorama), context.l(L::TitlePanorama), None);
    one_table(workbook, context, words, &cols, lines.len())
}

/// 园区.
pub(super) fn parks(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let parks = crate::panorama::parks(&context.scored.projects, context.config)?;
    let parks = &parks;
    let cols = vec![
        Col::new(context.l(L::Park), Kind::Text, move |i| Value::Text(context.name(NameKind::Park, &parks[i].park))),
        Col::new(context.l(L::Projects), Kind::Integer, move |i| Value::Number(parks[i].projects as f64)),
        Col::new(context.l(L::ColLand), Kind::Money, move |i| Value::Number(parks[i].land)),
        Col::new(context.l(L::TotalInvestment), Kind::Money, move |i| Value::Number(parks[i].investment)),
        Col::new(context.l(L::ColOutputPerMu), Kind::Money, move |i| Value::number(parks[i].output_per_mu)),
        Col::new(context.l(L::ColTaxPerMu), Kind::Money, move |i| Value::number(parks[i].tax_per_mu)),
        Col::new(context.l(L::ColLeadingShare), Kind::Percent, move |i| Value::number(parks[i].leading_share)),
    ];
    let words = (context.l(L::SheetParks), context.l(L::TitleParks), None);
    one_table(workbook, context, words, &cols, parks.len())
}
