//! `chainscore what-if ID`: what would lift a project or a district one tier.
//! For a project, the smallest change of each indicator on its own, in the
//! indicator's unit; for a district (named by key, name or alias), the capital in
//! place that lifts its gate and its tier, and the quality that would. Writes
//! nothing: this is the answer an evaluator gives a district on the phone.

use clap::Args;

use crate::analysis::what_if::{DistrictWhatIf, ProjectWhatIf, district_what_if, project_what_if};
use crate::cmd::{Context, Format, InputArgs, run_pipeline};
use crate::config::Config;
use crate::error::{EXIT_OK, Result};

/// Arguments of `what-if`.
#[derive(Debug, Args)]
pub(crate) struct WhatIfArgs {
    /// A project id, or a district (key, name or alias).
    pub id: String,
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `what-if`; returns the exit code.
pub(crate) fn run(context: &Context, args: &WhatIfArgs) -> Result<i32> {
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let district = config.district_names.lookup(&args.id).map(str::to_string);
    let text = match district.map(|key| district_what_if(&scored, &config, &key)).transpose()?.flatten() {
        Some(answer) => match args.format {
            Format::Json => format!("{}\n", serde_json::to_string_pretty(&answer)?),
            Format::Text => render_district(&answer, &config),
        },
        None => {
            let answer = project_what_if(&scored, &config, &args.id)?;
            match args.format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&answer)?),
                Format::Text => render_project(&answer, &config),
            }
        }
    };
    crate::cmd::emit(&text)?;
    Ok(EXIT_OK)
}

fn score(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

/// A project's answer as text.
pub(crate) fn render_project(a: &ProjectWhatIf, config: &Config) -> String {
    let mut out = format!("{}: total {:.2}, tier {}, rank {}\n", a.project_id, a.total, a.tier, a.rank);
    let Some(target) = &a.target_tier else {
        out.push_str("Already in the top tier.\n");
        return out;
    };
    out.push_str(&format!("To reach tier {target}, one indicator at a time (the others as they are):\n\n"));
    let rows: Vec<Vec<String>> = a
        .lifts
        .iter()
        .map(|l| {
            let name = config.indicator_display(&l.indicator);
            let unit = |v: &crate::analysis::what_if::RawValue| {
                if l.unit.is_empty() { v.to_string() } else { format!("{v} {}", l.unit) }
            };
            vec![
                format!("{} {name}", l.indicator),
                l.now.as_ref().map(unit).unwrap_or_else(|| "—".into()),
                match &l.needed {
                    Some(v) => unit(v),
                    None => format!("cannot: {}", l.reason.clone().unwrap_or_default()),
                },
                format!("{} → {}", score(l.score_now), score(l.score_needed)),
                score(l.total_after),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(&["INDICATOR", "NOW", "NEEDED", "SCORE", "TOTAL"], &rows));
    out
}

/// A district's answer as text.
pub(crate) fn render_district(a: &DistrictWhatIf, config: &Config) -> String {
    let money = |v: f64| format!("{} 万元", crate::text::format_value((v * 100.0).round() / 100.0));
    let mut out = format!(
        "{}: total {:.2}, tier {}{}; quality {:.2}, capital in place {}{}\n",
        config.district_display(&a.district),
        a.total,
        a.tier,
        if a.gated { " (gated: capital completion below the minimum)" } else { "" },
        a.quality,
        money(a.capital_in_place),
        a.target.map(|t| format!(" of a target of {}", money(t))).unwrap_or_else(|| ", no target".into())
    );
    if let Some(capital) = a.capital_for_gate {
        out.push_str(&format!(
            "The gate opens at {} in place ({} more).\n",
            money(capital),
            money((capital - a.capital_in_place).max(0.0))
        ));
    }
    let Some(target) = &a.target_tier else {
        out.push_str("Already in the top tier.\n");
        return out;
    };
    match a.capital_for_tier {
        Some(capital) => out.push_str(&format!(
            "Tier {target} with quality as it is: capital in place of {} ({} more).\n",
            money(capital),
            money((capital - a.capital_in_place).max(0.0))
        )),
        None => out.push_str(&format!("Capital alone cannot reach tier {target}.\n")),
    }
    match a.quality_for_tier {
        Some(quality) => out.push_str(&format!(
            "Tier {target} with capital as it is: quality {quality:.2} (+{:.2}), the investment-weighted mean of its projects' totals.\n",
            quality - a.quality
        )),
        None => out.push_str(&format!(
            "Quality alone cannot reach tier {target}{}.\n",
            if a.gated { " while the gate holds the district" } else { "" }
        )),
    }
    out
}
