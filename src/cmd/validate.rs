//! `chainscore validate`: read and check everything, print every problem and the
//! accounting, write nothing. Exit 0 when there is no error, 65 when the input data
//! has errors, 78 for a bad config, 74 for an unreadable file.

use clap::Args;
use serde::Serialize;

use crate::cmd::{Context, Format, InputArgs};
use crate::columns::InputKind;
use crate::error::{EXIT_DATA, EXIT_OK};
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
}

#[derive(Serialize)]
struct Report<'a> {
    period: String,
    counts: IssueCounts,
    issues: &'a [Issue],
    accounting: &'a [Accounting],
}

/// Runs `validate`; returns the exit code.
pub(crate) fn run(context: &Context, args: &ValidateArgs) -> crate::Result<i32> {
    let config = context.load_config()?;
    let period = args.inputs.period(&config)?;
    let paths = args.inputs.paths(&config);
    context.logger.info(&format!("validating {period} with {}", config.source.path().display()));
    let inputs = read_inputs(&paths, &config)?;
    let validated = validate(inputs, &config, period)?;
    crate::pipeline::check_columns(&validated, &config)?;

    let counts = IssueCounts::of(&validated.issues);
    match args.format {
        crate::cmd::validate::Format::Json => {
            let report = Report {
                period: period.to_string(),
                counts,
                issues: &validated.issues,
                accounting: &validated.accounting,
            };
            crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
        }
        crate::cmd::validate::Format::Text => {
            crate::cmd::emit(&render_text(&validated.issues, &validated.accounting, counts, context.color))?
        }
    }
    Ok(if counts.error > 0 { EXIT_DATA } else { EXIT_OK })
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

/// The text report: the issue table, the accounting, a one-line verdict.
pub(crate) fn render_text(issues: &[Issue], accounting: &[Accounting], counts: IssueCounts, color: bool) -> String {
    let mut out = String::new();
    if issues.is_empty() {
        out.push_str("No issues.\n");
    } else {
        let rows: Vec<Vec<String>> = issues
            .iter()
            .map(|i| {
                vec![
                    i.severity.as_str().to_string(),
                    i.file.clone(),
                    i.sheet.clone().unwrap_or_default(),
                    i.row.map(|r| r.to_string()).unwrap_or_default(),
                    i.column.clone().unwrap_or_default(),
                    i.project_id.clone().unwrap_or_default(),
                    format!("{} [{}]", i.message, i.action.as_str()),
                ]
            })
            .collect();
        let text =
            crate::cmd::table(&["SEVERITY", "FILE", "SHEET", "ROW", "COLUMN", "PROJECT", "MESSAGE [ACTION]"], &rows);
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                out.push_str(line);
            } else {
                let severity = issues[i - 1].severity;
                let word = severity.as_str();
                out.push_str(&paint(word, severity, color));
                out.push_str(&line[word.len()..]);
            }
            out.push('\n');
        }
    }
    out.push_str("\nRows per file (read = used + exempt + out of scope + skipped):\n");
    let rows: Vec<Vec<String>> = accounting
        .iter()
        .map(|a| {
            let sheet = a.sheet.as_ref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let line = a.line("accepted");
            vec![
                format!("  {}{sheet}", a.file),
                line,
                if a.balances() { String::new() } else { "(does not balance!)".into() },
            ]
        })
        .collect();
    for line in crate::cmd::table(&["", "", ""], &rows).lines().skip(1) {
        out.push_str(line);
        out.push('\n');
    }
    let projects: u32 = accounting.iter().filter(|a| a.kind == InputKind::Projects).map(|a| a.used).sum();
    out.push_str(&format!(
        "\n{} error(s), {} warning(s), {} info(s); {} project(s) in scope from {} file(s).\n",
        counts.error,
        counts.warning,
        counts.info,
        projects,
        accounting.len()
    ));
    out
}
