//! 项目评分 (Projects): every project (up to `[output] sheet_projects`, the
//! best ones), its ranks, identity, tier, total, dimensions, each indicator's
//! raw value and score, checks and adjustment, and the changes since a
//! baseline.
//!
//! A big register's sheet is streamed (constant memory) and filled on a
//! thread of its own, its columns carrying their formats; a small one is
//! written cell by cell. Both from the same list of columns.

use std::collections::HashMap;

use rust_xlsxwriter::{Workbook, Worksheet};

use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use super::{Columns, Context, STREAMED_SHEET_ROWS};
use crate::columns::{check_column, dimension_column, raw_column, score_column};
use crate::config::Method;
use crate::error::Result;
use crate::i18n::{Kind as NameKind, L, Say};
use crate::pipeline::Scored;

/// Whether the Projects sheet is streamed: a big register's sheet is written
/// to a temporary file row by row (constant memory) instead of held cell by
/// cell, on a thread of its own.
pub(super) fn streamed(scored: &Scored) -> bool {
    scored.projects.height() > STREAMED_SHEET_ROWS
}

/// The Projects sheet, cell by cell.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    fill(workbook.add_worksheet(), context)
}

/// Each distinct key's display name, looked up once.
fn names_of(keys: &[Option<String>], kind: NameKind, context: &Context) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for key in keys.iter().flatten() {
        if !names.contains_key(key) {
            names.insert(key.clone(), context.name(kind, key));
        }
    }
    names
}

/// Fills a worksheet with the Projects sheet.
pub(super) fn fill(worksheet: &mut Worksheet, context: &Context) -> Result<()> {
    let (scored, config) = (context.scored, context.config);
    worksheet.set_name(context.l(L::SheetProjects)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    // More projects than a person reads in a sheet (or than a sheet holds): the
    // best ones, and a last row saying where the rest are (the projects sidecar
    // has them all). Only those rows are taken out of the frame.
    let shown = scored.projects.height().min(config.sheet_projects);
    let best = scored.projects.slice(0, shown);
    let projects = Columns(&best);
    let mut cols: Vec<Col> = Vec::new();
    for (label, name) in [(L::Rank, "rank"), (L::DistrictRank, "district_rank"), (L::ChainRank, "chain_rank")] {
        let values = projects.number(name)?;
        cols.push(Col::new(context.l(label), Kind::Integer, move |i| Value::number(values[i])));
    }
    let (ids, names) = (projects.text("project_id")?, projects.text("project_name")?);
    let districts = projects.text("district")?;
    let district_names = names_of(&districts, NameKind::District, context);
    let chains = projects.text("chain")?;
    let chain_names = names_of(&chains, NameKind::Chain, context);
    let (park_keys, parks) = (projects.text("park_key")?, projects.text("park")?);
    let park_names = names_of(&park_keys, NameKind::Park, context);
    let (tiers, total) = (projects.text("tier")?, projects.number("total")?);
    let lookup = |names: &HashMap<String, String>, key: &Option<String>| {
        key.as_ref().and_then(|k| names.get(k)).map_or(Value::Empty, |n| Value::Text(n.clone()))
    };
    cols.extend([
        Col::new(context.l(L::ProjectId), Kind::Text, move |i| Value::text(ids[i].as_deref())),
        Col::new(context.l(L::ProjectName), Kind::Text, move |i| Value::text(names[i].as_deref())),
        Col::new(context.l(L::District), Kind::Text, move |i| lookup(&district_names, &districts[i])),
        Col::new(context.l(L::Park), Kind::Text, move |i| match &park_keys[i] {
            Some(key) => Value::Text(park_names.get(key).cloned().unwrap_or_else(|| key.clone())),
            None => Value::text(parks[i].as_deref()),
        }),
        Col::new(context.l(L::Chain), Kind::Text, move |i| lookup(&chain_names, &chains[i])),
        Col::new(context.l(L::Tier), Kind::Tier, move |i| Value::text(tiers[i].as_deref())),
        Col::new(context.l(L::Total), Kind::Score, move |i| Value::number(total[i])),
    ]);
    for key in &context.dimension_keys {
        let values = projects.number(&dimension_column(key))?;
        cols.push(Col::new(context.name(NameKind::Dimension, key), Kind::Score, move |i| Value::number(values[i])));
    }
    for indicator in &config.indicators {
        let name = context.name(NameKind::Indicator, &indicator.key);
        let raw_name = raw_column(&indicator.key);
        let shown_unit = context.cx.unit(&indicator.unit);
        let unit = if shown_unit.is_empty() || shown_unit == "%" {
            String::new()
        } else {
            context.say(&Say::Unit { unit: shown_unit.to_string() })
        };
        let raw_header = context.say(&Say::RawHeader { name: name.clone(), unit });
        match indicator.method {
            Method::Category { .. } | Method::Boolean => {
                let raw = projects.text(&raw_name)?;
                // Each value's words once: 建链 for build, 是 for true.
                let words = names_of(&raw, NameKind::AnyWord, context);
                cols.push(Col::new(raw_header, Kind::Text, move |i| lookup(&words, &raw[i])));
            }
            _ => {
                let raw = projects.number(&raw_name)?;
                // Shares as percentages, counts whole, anything else with
                // two decimals: one precision per column.
                let kind = match indicator.unit.as_str() {
                    "%" => Kind::Percent,
                    "件" | "项" | "个" | "家" | "人" | "名" => Kind::Integer,
                    _ => Kind::Raw,
                };
                cols.push(Col::new(raw_header, kind, move |i| Value::number(raw[i])));
            }
        }
        let score = projects.number(&score_column(&indicator.key))?;
        let header = context.say(&Say::ScoreHeader { name });
        cols.push(Col::new(header, Kind::Score, move |i| Value::number(score[i])));
    }
    for check in &config.checks {
        let values = projects.flag(&check_column(&check.key))?;
        let header = context.say(&Say::CheckHeader { check: crate::i18n::Name::new(NameKind::Check, &check.key) });
        cols.push(Col::new(header, Kind::Flag, move |i| match values[i] {
            Some(pass) => Value::Flag(context.yes_no(pass), !pass),
            None => Value::Empty,
        }));
    }
    if !config.adjustments.is_empty() {
        let adjustment = projects.number("adjustment")?;
        cols.push(Col::new(context.l(L::Adjustment), Kind::SignedScore, move |i| Value::number(adjustment[i])));
    }
    super::districts::change_columns(context, &projects, &mut cols)?;
    let next = sheet.table(&context.formats, 0, &cols, shown, streamed(scored))?;
    if shown < scored.projects.height() {
        let note = context.say(&Say::ProjectsListed { shown, total: scored.projects.height() });
        sheet.wide_text(next, 3, &note, &context.formats.note)?;
    }
    // On paper, the leaders' view: ranks, the project, its tier, total and
    // dimension scores, one page wide (the indicators' forty columns printed
    // three pages across, twelve pages for the sample; they stay on screen).
    sheet.print_setup(Some(0), true, &context.book_title())?;
    let summary_columns = 10 + context.dimension_keys.len() as u16;
    sheet.sheet.set_print_area(0, 0, next.max(1), summary_columns - 1).map_err(xlsx_error)?;
    sheet.sheet.set_freeze_panes(1, 5).map_err(xlsx_error)?;
    sheet.finish()
}
