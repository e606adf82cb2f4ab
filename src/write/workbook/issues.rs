//! 问题清单 (Issues): the issues, errors first, then warnings, then infos,
//! each in file and row order: its code, place, message, what was done and
//! what to do. Messages and advice wrap in their columns. A run with more than
//! [`ISSUE_SHEET_ROWS`] (W1M raises 140,000) lists that many, and a note says
//! how many there are and that `issues.parquet` holds them all: a sheet of a
//! hundred thousand issues is read by nobody, and each row's sentences cost
//! their rendering.

use rust_xlsxwriter::Workbook;

use super::Context;
use super::sheet::{Col, Kind, Sheet, Value, xlsx_error};
use crate::error::Result;
use crate::i18n::{L, Say};
use crate::issues::{Issue, Severity};
use crate::write::ISSUE_SHEET_ROWS;

/// The Issues sheet.
pub(super) fn sheet(workbook: &mut Workbook, context: &Context) -> Result<()> {
    let cx = context.cx;
    let all = context.scored.issues.len();
    let mut issues: Vec<&Issue> = crate::issues::in_sheet_order(&context.scored.issues);
    issues.truncate(ISSUE_SHEET_ROWS);
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(context.l(L::SheetIssues)).map_err(xlsx_error)?;
    let mut sheet = Sheet::new(worksheet);
    let issues = &issues;
    let mut cols: Vec<Col> = vec![
        Col::new(context.l(L::Severity), Kind::Flag, move |i| {
            let word = cx.l(issues[i].severity.label()).to_string();
            match issues[i].severity {
                Severity::Error => Value::Flag(word, true),
                Severity::Warning => Value::Amber(word),
                Severity::Info => Value::Flag(word, false),
            }
        }),
        Col::new(context.l(L::ColCode), Kind::Text, move |i| Value::Text(issues[i].message.code().to_string())),
        Col::new(context.l(L::File), Kind::Text, move |i| Value::text(Some(&issues[i].file))),
        Col::new(context.l(L::Sheet), Kind::Text, move |i| Value::text(issues[i].sheet.as_deref())),
        Col::new(context.l(L::Row), Kind::Integer, move |i| Value::number(issues[i].row.map(f64::from))),
    ];
    // The last row of a run (blank rows, a 序号 column dragged down), when any.
    if issues.iter().any(|i| i.last_row.is_some()) {
        cols.push(Col::new(context.l(L::ColLastRow), Kind::Integer, move |i| {
            Value::number(issues[i].last_row.map(f64::from))
        }));
    }
    cols.extend([
        Col::new(context.l(L::Column), Kind::Text, move |i| Value::text(issues[i].column.as_deref())),
        Col::new(context.l(L::ProjectId), Kind::Text, move |i| Value::text(issues[i].project_id.as_deref())),
        Col::new(context.l(L::Message), Kind::Long(50), move |i| Value::Text(issues[i].message.render(cx))),
        Col::new(context.l(L::Action), Kind::Text, move |i| Value::Text(cx.l(issues[i].action.label()).to_string())),
        Col::new(context.l(L::ColAdvice), Kind::Long(40), move |i| Value::Text(issues[i].message.advice(cx))),
    ]);
    let next = sheet.table(&context.formats, 0, &cols, issues.len(), false)?;
    if issues.len() < all {
        let note = context.say(&Say::IssuesListed { shown: issues.len(), total: all });
        sheet.wide_text(next, 0, &note, &context.formats.note)?;
    }
    sheet.print_setup(Some(0), true, &context.book_title())?;
    sheet.finish()
}
