//! `chainscore explain PROJECT_ID`: how one project's total was built — every
//! indicator's raw value, score, weight within its dimension and contribution to the
//! total, the dimension scores, the total and the three ranks. Writes nothing.

use clap::Args;

use crate::analysis::explain::{Explanation, explain};
use crate::cmd::{Context, Format, InputArgs};
use crate::config::Aggregation;
use crate::error::{EXIT_OK, Result};

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

/// The explanation as text.
pub(crate) fn render(e: &Explanation) -> String {
    let mut out = format!("{}  {}\n", e.project_id, e.project_name);
    let mut place = vec![e.district.1.clone(), e.chain.1.clone()];
    if let Some(park) = &e.park {
        place.push(park.clone());
    }
    out.push_str(&format!("{} · {}\n\n", place.join(" · "), e.period));
    if e.exempt {
        out.push_str("Exempt from scoring ([scoring] exempt): listed with tier T, not scored or ranked.\n\n");
    } else {
        let ranks: Vec<String> = e
            .ranks
            .iter()
            .map(|r| {
                format!(
                    "{} of {} in {}",
                    r.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                    r.of,
                    if r.within == "city" { "the city".to_string() } else { r.within.clone() }
                )
            })
            .collect();
        out.push_str(&format!(
            "Total {} (tier {}): rank {}.\n\n",
            score_text(e.total),
            e.tier.clone().unwrap_or_default(),
            ranks.join(", ")
        ));
    }
    let rows: Vec<Vec<String>> = e
        .dimensions
        .iter()
        .map(|d| {
            vec![
                format!("{} {}", d.key, d.name),
                format!("{:.1}%", d.weight * 100.0),
                score_text(d.score),
                d.contribution.map(|c| format!("{c:.2}")).unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(&["DIMENSION", "WEIGHT", "SCORE", "POINTS"], &rows));
    if let (Some(base), Some(adjustment), Some(total)) = (e.base_total, e.adjustment, e.total) {
        out.push_str(&format!("dimensions {base:.2} + adjustments {adjustment:+.2} = total {total:.2}\n"));
    }
    if e.aggregation == Aggregation::Geometric {
        out.push_str("(geometric aggregation: the total is the weighted geometric mean of max(dimension, 1); points are not additive)\n");
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = e
        .indicators
        .iter()
        .map(|i| {
            vec![
                format!("{} {}", i.key, i.name),
                i.dimension.clone(),
                i.method.clone(),
                i.raw.clone().unwrap_or_else(|| "missing".into()),
                score_text(i.score),
                format!("{:.1}%", i.weight_in_dimension * 100.0),
                i.contribution.map(|c| format!("{c:.2}")).unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(
        &["INDICATOR", "DIMENSION", "METHOD", "RAW", "SCORE", "WEIGHT IN DIM", "POINTS"],
        &rows,
    ));
    out
}

/// Runs `explain`; returns the exit code.
pub(crate) fn run(context: &Context, args: &ExplainArgs) -> Result<i32> {
    let (config, scored) = crate::cmd::run_pipeline(context, &args.inputs)?;
    let explanation = explain(&scored, &config, &args.project_id)?;
    match args.format {
        Format::Text => crate::cmd::emit(&render(&explanation))?,
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&explanation)?))?,
    }
    Ok(EXIT_OK)
}
