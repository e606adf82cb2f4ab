//! `chainscore validate`: read and check everything, print every problem and the
//! accounting, write nothing. Exit 0 when there is no error, 65 when the input data
//! has errors, 78 for a bad config, 74 for an unreadable file.
//!
//! What a clerk reads first is her own file: the problems are grouped by file,
//! errors first, each row at most 120 columns wide (the message wraps under
//! itself). Info lines (a blank row, a totals row) are counted by kind, not
//! listed, unless `--all` asks; what to do about each kind of problem is said
//! once, at the end, not on every row.

use clap::Args;
use serde::Serialize;

use crate::cmd::{Context, Format, InputArgs};
use crate::columns::InputKind;
use crate::error::{EXIT_DATA, EXIT_OK};
use crate::i18n::{Cx, L, Say};
use crate::issues::{Accounting, Issue, IssueCounts, Severity};
use crate::read::read_inputs;
use crate::validate::validate;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Output format: a readable table, or JSON.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List info-level issues too.
    #[arg(long)]
    pub all: bool,
}

/// An issue as JSON shows it: keys and codes for machines, the sentence and its
/// advice in the run's language.
#[derive(Serialize)]
pub(crate) struct IssueJson<'a> {
    severity: &'static str,
    code: &'static str,
    file: &'a str,
    sheet: Option<&'a str>,
    row: Option<u32>,
    last_row: Option<u32>,
    column: Option<&'a str>,
    project_id: Option<&'a str>,
    message: String,
    advice: String,
    action: crate::issues::Action,
}

impl<'a> IssueJson<'a> {
    pub(crate) fn of(issue: &'a Issue, cx: Cx<'_>) -> Self {
        IssueJson {
            severity: issue.severity.as_str(),
            code: issue.message.code(),
            file: &issue.file,
            sheet: issue.sheet.as_deref(),
            row: issue.row,
            last_row: issue.last_row,
            column: issue.column.as_deref(),
            project_id: issue.project_id.as_deref(),
            message: issue.message.render(cx),
            advice: issue.message.advice(cx),
            action: issue.action,
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    period: String,
    counts: IssueCounts,
    issues: Vec<IssueJson<'a>>,
    accounting: &'a [Accounting],
}

/// Runs `validate`; returns the exit code.
pub(crate) fn run(context: &Context, args: &ValidateArgs) -> crate::Result<i32> {
    let config = context.load_config()?;
    let period = args.inputs.period(&config)?;
    let paths = args.inputs.paths(&config);
    context.info(&config, &Say::Validating { period, config: config.source.path().display().to_string() });
    let inputs = read_inputs(&paths, &config)?;
    let validated = validate(inputs, &config, period)?;
    crate::pipeline::check_columns(&validated, &config)?;

    let cx = config.cx();
    let counts = IssueCounts::of(&validated.issues);
    match args.format {
        Format::Json => {
            let report = Report {
                period: period.to_string(),
                counts,
                issues: validated.issues.iter().map(|i| IssueJson::of(i, cx)).collect(),
                accounting: &validated.accounting,
            };
            crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        }
        Format::Text => {
            let options = Options { all: args.all, color: context.color, width: context.width };
            crate::cmd::emit(&render_text(&validated.issues, &validated.accounting, cx, options))?
        }
    }
    Ok(if counts.error > 0 { EXIT_DATA } else { EXIT_OK })
}

/// How the text report is laid out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// List info-level issues.
    pub all: bool,
    /// Colour the severities.
    pub color: bool,
    /// The widest line.
    pub width: usize,
}

fn paint(text: &str, severity: Severity, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match severity {
        Severity::Error => "31;1",
        Severity::Warning => "33",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// An issue's rows: `34` or `34–40`.
fn rows_of(issue: &Issue, cx: Cx<'_>) -> String {
    match (issue.row, issue.last_row) {
        (Some(first), Some(last)) if last > first => cx.say(&Say::RowRange { first, last }),
        (Some(row), _) => row.to_string(),
        _ => String::new(),
    }
}

/// The text report: per file its problems (errors first), what to do about
/// each kind, the accounting, a one-line verdict.
pub(crate) fn render_text(issues: &[Issue], accounting: &[Accounting], cx: Cx<'_>, options: Options) -> String {
    let mut out = String::new();
    let counts = IssueCounts::of(issues);
    let shown: Vec<&Issue> = issues.iter().filter(|i| options.all || i.severity != Severity::Info).collect();
    if issues.is_empty() {
        out.push_str(cx.l(L::NoIssues));
        out.push('\n');
    }
    // Files in the order the issues name them.
    let mut files: Vec<&str> = Vec::new();
    for issue in &shown {
        if !files.contains(&issue.file.as_str()) {
            files.push(&issue.file);
        }
    }
    let header = [
        cx.l(L::ColSeverity),
        cx.l(L::ColCode),
        cx.l(L::ColRow),
        cx.l(L::ColColumn),
        cx.l(L::ColProject),
        cx.l(L::ColMessage),
    ];
    for file in files {
        let mut of_file: Vec<&Issue> = shown.iter().copied().filter(|i| i.file == file).collect();
        of_file.sort_by_key(|i| (std::cmp::Reverse(i.severity), i.row.unwrap_or(0)));
        let sheets: Vec<&str> = {
            let mut s: Vec<&str> = of_file.iter().filter_map(|i| i.sheet.as_deref()).collect();
            s.dedup();
            s
        };
        let title = if file.is_empty() { cx.l(L::RunWide).to_string() } else { file.to_string() };
        match sheets.as_slice() {
            [one] => out.push_str(&format!(
                "\n{title}{}{}\n",
                cx.pick("，", ", "),
                cx.say(&Say::PlaceSheet { sheet: one.to_string() })
            )),
            _ => out.push_str(&format!("\n{title}\n")),
        }
        let rows: Vec<Vec<String>> = of_file
            .iter()
            .map(|i| {
                vec![
                    cx.l(i.severity.label()).to_string(),
                    i.message.code().to_string(),
                    rows_of(i, cx),
                    i.column.clone().unwrap_or_default(),
                    i.project_id.clone().unwrap_or_default(),
                    format!(
                        "{}{}{}{}",
                        i.message.render(cx),
                        cx.pick("［", " ["),
                        cx.l(i.action.label()),
                        cx.pick("］", "]")
                    ),
                ]
            })
            .collect();
        let text = crate::cmd::fit_table(&header, &rows, options.width.saturating_sub(2));
        let mut index = 0;
        for (n, line) in text.lines().enumerate() {
            out.push_str("  ");
            // The first line of each row starts with its severity: colour it.
            if n > 0 && !line.starts_with(' ') && index < of_file.len() {
                let severity = of_file[index].severity;
                let word = cx.l(severity.label());
                out.push_str(&paint(word, severity, options.color));
                out.push_str(&line[word.len()..]);
                index += 1;
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    // Infos not listed: how many of each kind.
    let hidden: Vec<&Issue> = issues.iter().filter(|i| !options.all && i.severity == Severity::Info).collect();
    if !hidden.is_empty() {
        let mut kinds: Vec<(&'static str, String, usize)> = Vec::new();
        for issue in &hidden {
            let code = issue.message.code();
            match kinds.iter_mut().find(|(c, _, _)| *c == code) {
                Some(kind) => kind.2 += 1,
                None => kinds.push((code, short_kind(issue, cx), 1)),
            }
        }
        let list: Vec<String> = kinds.iter().map(|(_, what, n)| format!("{what} {n}")).collect();
        out.push('\n');
        out.push_str(&cx.say(&Say::InfosHidden { count: hidden.len(), kinds: list.join(cx.comma()) }));
        out.push('\n');
    }
    // What to do, once per kind of problem listed.
    let mut advised: Vec<&'static str> = Vec::new();
    let mut advice_rows: Vec<Vec<String>> = Vec::new();
    let mut by_severity: Vec<&&Issue> = shown.iter().collect();
    by_severity.sort_by_key(|i| std::cmp::Reverse(i.severity));
    for issue in by_severity {
        let code = issue.message.code();
        if advised.contains(&code) {
            continue;
        }
        advised.push(code);
        advice_rows.push(vec![code.to_string(), issue.message.advice(cx)]);
    }
    if !advice_rows.is_empty() {
        out.push('\n');
        out.push_str(cx.l(L::WhatToDo));
        out.push('\n');
        for line in crate::cmd::fit_table(&["", ""], &advice_rows, options.width.saturating_sub(2)).lines().skip(1) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push('\n');
    out.push_str(cx.l(L::RowsPerFile));
    out.push('\n');
    let rows: Vec<Vec<String>> = accounting
        .iter()
        .map(|a| {
            let sheet = a
                .sheet
                .as_ref()
                .map(|s| format!("{}{s}{}", cx.pick("［", " ["), cx.pick("］", "]")))
                .unwrap_or_default();
            let mut line = a.line(cx, L::UsedAccepted);
            if !a.balances() {
                line.push_str(cx.l(L::DoesNotBalance));
            }
            vec![format!("{}{sheet}", a.file), line]
        })
        .collect();
    for line in crate::cmd::fit_table(&["", ""], &rows, options.width.saturating_sub(2)).lines().skip(1) {
        out.push_str(&format!("  {line}\n"));
    }
    let projects: u32 = accounting.iter().filter(|a| a.kind == InputKind::Projects).map(|a| a.used).sum();
    out.push('\n');
    out.push_str(&cx.say(&Say::Verdict {
        errors: counts.error,
        warnings: counts.warning,
        infos: counts.info,
        projects,
        files: accounting.len(),
    }));
    out.push('\n');
    out
}

/// A few words naming an issue's kind, for the count of infos not listed.
fn short_kind(issue: &Issue, cx: Cx<'_>) -> String {
    use crate::i18n::Msg;
    let label = match issue.message {
        Msg::RowBlank { .. } => L::KindBlankRows,
        Msg::TotalsRow { .. } => L::KindTotalsRows,
        Msg::NoteRow { .. } => L::KindNotes,
        Msg::HeaderRepeats { .. } => L::KindRepeatedHeaders,
        Msg::FillerRow { .. } => L::KindFillerRows,
        Msg::NegativeAmount { .. } => L::KindCorrections,
        Msg::ProjectExempt { .. } => L::KindExempt,
        Msg::MedianUsed { .. } | Msg::NoMedian { .. } => L::KindMedians,
        _ => return issue.message.code().to_string(),
    };
    cx.l(label).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, Msg, Name};
    use crate::issues::Action;

    fn issue(severity: Severity, row: u32, message: Msg) -> Issue {
        Issue {
            severity,
            file: "fixtures/a-very-long-folder-name/of-a-district/registers/2022/01-wuhua-district-register.xlsx"
                .into(),
            sheet: Some("项目表".into()),
            row: Some(row),
            last_row: None,
            column: Some("C 所属县区".into()),
            project_id: Some("WH-2022-001".into()),
            message,
            action: Action::RowSkipped,
        }
    }

    #[test]
    fn the_report_fits_120_columns_and_says_each_advice_once() {
        let near = |value: &str| Msg::UnknownNameNear {
            field: Name::column("district"),
            value: value.into(),
            nearest: "五华区".into(),
        };
        let issues = vec![
            issue(Severity::Info, 30, Msg::RowBlank {}),
            issue(Severity::Error, 3, near("五花区")),
            issue(Severity::Error, 4, near("五化区")),
            issue(
                Severity::Warning,
                5,
                Msg::NotANumber {
                    field: Name::column("land_area"),
                    value: "约三十亩，待国土部门核定后另行报送".into(),
                },
            ),
        ];
        for lang in [Language::Zh, Language::En] {
            let options = Options { all: false, color: false, width: 120 };
            let text = render_text(&issues, &[], Cx::plain(lang), options);
            for line in text.lines() {
                assert!(crate::text::display_width(line) <= 120, "too wide ({lang:?}): {line}");
            }
            // The error comes before the warning, the info is counted not listed.
            let error = text.find("V123").expect("error listed");
            let warning = text.find("V113").expect("warning listed");
            assert!(error < warning, "{text}");
            assert!(!text.contains("V101"), "{text}");
            // The advice of V123 is given once, though two rows raise it.
            let advice =
                Msg::UnknownNameNear {
                    field: Name::column("district"), value: "x".into(), nearest: "五华区".into()
                }
                .advice(Cx::plain(lang));
            assert_eq!(text.matches(&advice).count(), 1, "{text}");
        }
        let zh = render_text(&issues, &[], Cx::plain(Language::Zh), Options { all: false, color: false, width: 120 });
        assert!(zh.contains("所属县区“五花区”不在名单中，是否应为“五华区”？"), "{zh}");
        assert!(zh.contains("空行 1"), "{zh}");
        let all = render_text(&issues, &[], Cx::plain(Language::Zh), Options { all: true, color: false, width: 120 });
        assert!(all.contains("V101"), "{all}");
    }
}
