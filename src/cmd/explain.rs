//! `chainscore explain PROJECT_ID`: how one project's total was built — every
//! indicator's raw value, score, weight within its dimension and contribution to the
//! total, the dimension scores, the total and the three ranks. Writes nothing.

use clap::Args;

use crate::analysis::explain::{Explanation, explain};
use crate::cmd::{Context, Format, InputArgs};
use crate::config::Aggregation;
use crate::error::{EXIT_OK, Result};
use crate::i18n::{Cx, Kind, L, Say};

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The project to explain.
    pub project_id: String,
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn score_text(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

/// The explanation as text, in `cx`'s language with display names.
/// The project's stage, its deadlines and the overdue list it is on.
fn progress_text(p: &crate::analysis::explain::ProgressLine, cx: Cx<'_>) -> String {
    let stage = match (p.halted.as_deref(), p.stage.as_deref()) {
        (Some("stalled"), _) => L::HaltedStalled,
        (Some(_), _) => L::HaltedWithdrawn,
        (None, Some("signed")) => L::StageSigned,
        (None, Some("started")) => L::StageStarted,
        (None, Some("operating")) => L::StageOperating,
        (None, Some(_)) => L::StageFullProduction,
        (None, None) => L::ColStageUnknown,
    };
    let due = |k: usize| p.due[k].clone().unwrap_or_else(|| "—".into());
    let mut text =
        cx.say(&Say::ExplainProgress { stage: cx.l(stage).to_string(), start: due(0), operate: due(1), full: due(2) });
    if let (Some(list), Some(months)) = (p.overdue.as_deref(), p.months_overdue) {
        let list = match list {
            "not_started" => L::ListNotStarted,
            "not_operating" => L::ListNotOperating,
            _ => L::ListNotFullProduction,
        };
        text.push('\n');
        text.push_str(&cx.say(&Say::ExplainOverdue { list: cx.l(list).to_string(), months }));
    }
    text
}

pub(crate) fn render(e: &Explanation, cx: Cx<'_>, width: usize) -> String {
    let mut out = format!("{}  {}\n", e.project_id, e.project_name);
    let mut place = vec![cx.name(Kind::District, &e.district.0), cx.name(Kind::Chain, &e.chain.0)];
    match (&e.park_key, &e.park) {
        (Some(key), _) => place.push(cx.name(Kind::Park, key)),
        (None, Some(park)) => place.push(park.clone()),
        (None, None) => {}
    }
    out.push_str(&format!("{} · {}\n\n", place.join(" · "), cx.say(&Say::PeriodWords { period: e.period_value })));
    if let Some(progress) = &e.progress {
        out.push_str(&progress_text(progress, cx));
        out.push_str("\n\n");
    }
    if e.exempt {
        out.push_str(cx.l(L::ExplainExempt));
        out.push_str("\n\n");
    } else {
        let ranks: Vec<String> = e
            .ranks
            .iter()
            .map(|r| {
                let rank = r.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
                let within = match r.within.as_str() {
                    "city" => cx.l(L::TheCity).to_string(),
                    key if r.kind == "district" => cx.name(Kind::District, key),
                    key => cx.name(Kind::Chain, key),
                };
                cx.say(&Say::RankOf { rank, of: r.of, within })
            })
            .collect();
        out.push_str(&cx.say(&Say::ExplainTotal {
            total: score_text(e.total),
            tier: e.tier.clone().unwrap_or_default(),
            ranks: ranks.join(cx.comma()),
        }));
        out.push_str("\n\n");
    }
    let rows: Vec<Vec<String>> = e
        .dimensions
        .iter()
        .map(|d| {
            vec![
                cx.name(Kind::Dimension, &d.key),
                format!("{:.1}%", d.weight * 100.0),
                score_text(d.score),
                d.contribution.map(|c| format!("{c:.2}")).unwrap_or_default(),
            ]
        })
        .collect();
    let header = [L::ColDimension, L::ColWeight, L::ColScore, L::ColPoints].map(|l| cx.l(l));
    out.push_str(&crate::cmd::fit_table(&header, &rows, width));
    if let (Some(base), Some(adjustment), Some(total)) = (e.base_total, e.adjustment, e.total) {
        out.push_str(&cx.say(&Say::ExplainSum {
            base: format!("{base:.2}"),
            adjustment: format!("{adjustment:+.2}"),
            total: format!("{total:.2}"),
        }));
        out.push('\n');
    }
    if e.aggregation == Aggregation::Geometric {
        out.push_str(cx.l(L::ExplainGeometric));
        out.push('\n');
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = e
        .indicators
        .iter()
        .map(|i| {
            vec![
                cx.name(Kind::Indicator, &i.key),
                cx.name(Kind::Dimension, &i.dimension),
                cx.l(i.method_label).to_string(),
                i.raw
                    .as_deref()
                    .map(|raw| raw_words(raw, &i.unit, cx))
                    .unwrap_or_else(|| cx.l(L::ValueMissing).to_string()),
                score_text(i.score),
                format!("{:.1}%", i.weight_in_dimension * 100.0),
                i.contribution.map(|c| format!("{c:.2}")).unwrap_or_default(),
            ]
        })
        .collect();
    let header =
        [L::ColIndicator, L::ColDimension, L::ColMethod, L::ColRaw, L::ColScore, L::ColWeightInDimension, L::ColPoints]
            .map(|l| cx.l(l));
    out.push_str(&crate::cmd::fit_table(&header, &rows, width));
    out
}

/// A raw value as a person reads it: a category's word (世界500强, 是); a
/// share as a percentage (71.03%); a count whole (26 件); any other number
/// with two decimals and its unit (543.56 万元/亩). The JSON keeps it in full.
fn raw_words(raw: &str, unit: &str, cx: Cx<'_>) -> String {
    let Ok(value) = raw.parse::<f64>() else {
        return cx.name(Kind::AnyWord, raw);
    };
    let shown = cx.unit(unit);
    let number = if unit == "%" {
        return format!("{:.2}%", value * 100.0);
    } else if value.fract() == 0.0 {
        crate::i18n::grouped(value, 0)
    } else {
        crate::i18n::grouped(value, 2)
    };
    if shown.is_empty() { number } else { format!("{number} {shown}") }
}

/// Runs `explain`; returns the exit code.
pub(crate) fn run(context: &Context, args: &ExplainArgs) -> Result<i32> {
    let (config, scored) = crate::cmd::run_pipeline(context, &args.inputs)?;
    let explanation = explain(&scored, &config, &args.project_id)?;
    match args.format {
        Format::Text => crate::cmd::emit(&render(&explanation, config.cx(), context.width))?,
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&explanation)?))?,
    }
    Ok(EXIT_OK)
}
