//! `chainscore what-if ID`: what would lift a project or a district one tier.
//! For a project, the smallest change of each register column (every indicator
//! reading it re-scored) and, as a second view, of each indicator on its own;
//! for a district (named by key, name or alias), the capital in place that
//! opens its gate and lifts its tier, and the quality that would. Writes
//! nothing: this is the answer an evaluator gives a district on the phone.

use clap::Args;
use polars::prelude::*;

use crate::analysis::what_if::{DistrictWhatIf, ProjectWhatIf, RawValue, district_what_if, project_what_if};
use crate::cmd::{Context, Format, InputArgs};
use crate::columns::Unit;
use crate::config::Config;
use crate::error::{EXIT_OK, Error, Result};
use crate::i18n::{Cx, Kind, L, Money, Msg, Name, Say, grouped};

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
    let config = context.load_config()?;
    let district = config.district_names.lookup(&args.id).map(str::to_string);
    // A project's register row (with the built-ins), kept before scoring.
    let mut register: Option<DataFrame> = None;
    let scored = crate::cmd::run_pipeline_keeping(context, &config, &args.inputs, &mut |validated| {
        if district.is_none() {
            let frame = crate::derive::with_built_ins(validated, &config)?
                .filter(col("project_id").eq(lit(args.id.clone())))
                .collect()?;
            register = (frame.height() == 1).then_some(frame);
        }
        Ok(())
    })?;
    let errors = crate::issues::IssueCounts::of(&scored.issues).error;
    if errors > 0 {
        context.warn(&config, &Msg::RowsLeftOut { errors });
    }
    let text = match district {
        Some(key) => {
            let Some(answer) = district_what_if(&scored, &config, &key)? else {
                return Err(Error::Data(Box::new(Msg::NothingToLift { district: Name::new(Kind::District, key) })));
            };
            match args.format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&answer)?),
                Format::Text => render_district(&answer, &config, context.width),
            }
        }
        None => {
            let answer = project_what_if(&scored, &config, &args.id, register.as_ref())?;
            match args.format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&answer)?),
                Format::Text => render_project(&answer, &config, context.width),
            }
        }
    };
    crate::cmd::emit(&text)?;
    Ok(EXIT_OK)
}

fn score(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

/// A register column's value with its unit: 12,000.00 万元, 35.50 亩, 3 件.
fn column_value(column: &str, value: f64, cx: Cx<'_>) -> String {
    match column_unit(column) {
        Some(Unit::Count) => format!("{}", value.round()),
        Some(Unit::Mu) => format!("{} {}", grouped(value, 2), cx.l(L::UnitMu)),
        Some(Unit::TenThousandUsd) => format!("{} {}", grouped(value, 2), cx.l(L::UnitTenThousandUsd)),
        _ => format!("{} {}", grouped(value, 2), cx.l(L::UnitTenThousandYuan)),
    }
}

/// The unit of a register column, when it holds numbers.
fn column_unit(column: &str) -> Option<Unit> {
    use crate::columns::{ColumnType, InputKind};
    InputKind::Projects.columns().iter().find(|c| c.name == column).and_then(|c| match c.kind {
        ColumnType::Number(unit) => Some(unit),
        _ => None,
    })
}

/// An indicator's raw value with its unit; shares as percentages.
fn raw_value(value: &RawValue, unit: &str, cx: Cx<'_>) -> String {
    let counted = ["件", "项", "个", "人", "名", "家"].contains(&unit);
    let unit = cx.unit(unit);
    match value {
        RawValue::Number(v) if unit == "%" => format!("{:.2}%", v * 100.0),
        RawValue::Number(v) if counted && unit.is_empty() => format!("{v}"),
        RawValue::Number(v) if counted => format!("{v} {unit}"),
        RawValue::Number(v) if unit.is_empty() => grouped(*v, 2),
        RawValue::Number(v) => format!("{} {unit}", grouped(*v, 2)),
        RawValue::Text(t) => cx.name(Kind::AnyWord, t),
        RawValue::Flag(b) => cx.l(if *b { L::Yes } else { L::No }).to_string(),
    }
}

/// A project's answer as text: per register column, then per indicator.
pub(crate) fn render_project(a: &ProjectWhatIf, config: &Config, width: usize) -> String {
    let cx = config.cx();
    let mut out = cx.say(&Say::WhatIfProject {
        id: a.project_id.clone(),
        total: format!("{:.2}", a.total),
        tier: a.tier.clone(),
        rank: a.rank,
    });
    out.push('\n');
    let Some(target) = &a.target_tier else {
        out.push_str(cx.l(L::TopTier));
        out.push('\n');
        return out;
    };
    let mut cannot = false;
    if !a.columns.is_empty() {
        out.push_str(&cx.say(&Say::WhatIfColumns { tier: target.clone() }));
        out.push_str("\n\n");
        let rows: Vec<Vec<String>> = a
            .columns
            .iter()
            .map(|c| {
                let now = c.now.map(|v| column_value(&c.column, v, cx)).unwrap_or_else(|| "—".into());
                let (needed, change) = match (c.needed, c.now) {
                    (Some(v), now) => {
                        let change = v - now.unwrap_or(0.0);
                        let decimals = if column_unit(&c.column) == Some(Unit::Count) { 0 } else { 2 };
                        let sign = if change >= 0.0 { "+" } else { "−" };
                        (column_value(&c.column, v, cx), format!("{sign}{}", grouped(change.abs(), decimals)))
                    }
                    (None, _) => {
                        cannot = true;
                        ("—".into(), String::new())
                    }
                };
                let readers: Vec<String> = c.indicators.iter().map(|k| cx.name(Kind::Indicator, k)).collect();
                vec![
                    cx.name(Kind::Column, &c.column),
                    now,
                    needed,
                    change,
                    score(c.total_after),
                    readers.join(cx.comma()),
                ]
            })
            .collect();
        let header =
            [L::ColRegisterColumn, L::ColNow, L::ColNeeded, L::ColChangeBy, L::ColTotalIfChanged, L::ColRescored];
        out.push_str(&crate::cmd::fit_table(&header.map(|l| cx.l(l)), &rows, width));
        out.push('\n');
    }
    out.push_str(&cx.say(&Say::WhatIfIndicators { tier: target.clone() }));
    out.push_str("\n\n");
    let rows: Vec<Vec<String>> = a
        .lifts
        .iter()
        .map(|l| {
            let now = l.now.as_ref().map(|v| raw_value(v, &l.unit, cx)).unwrap_or_else(|| "—".into());
            let needed = match &l.needed {
                Some(v) => raw_value(v, &l.unit, cx),
                None => {
                    cannot = true;
                    "—".into()
                }
            };
            vec![
                cx.name(Kind::Indicator, &l.indicator),
                now,
                needed,
                format!("{} → {}", score(l.score_now), score(l.score_needed)),
                score(l.total_after),
            ]
        })
        .collect();
    let header = [L::ColIndicator, L::ColNow, L::ColNeeded, L::ColScore, L::ColTotalIfChanged];
    out.push_str(&crate::cmd::fit_table(&header.map(|l| cx.l(l)), &rows, width));
    if cannot {
        out.push('\n');
        out.push_str(cx.l(L::DashCannot));
        out.push('\n');
    }
    out
}

/// A district's answer as text.
pub(crate) fn render_district(a: &DistrictWhatIf, config: &Config, width: usize) -> String {
    let cx = config.cx();
    let district = cx.name(Kind::District, &a.district);
    let gate = match (a.gated, a.capped) {
        (true, true) => cx.l(L::GateCapped).to_string(),
        (true, false) => cx.l(L::GateBelow).to_string(),
        _ => cx.l(L::GateMet).to_string(),
    };
    let mut out = match a.target {
        Some(target) => cx.say(&Say::WhatIfDistrict {
            district: district.clone(),
            total: format!("{:.2}", a.total),
            tier: a.tier.clone(),
            gate,
            quality: format!("{:.2}", a.quality),
            capital: Money(a.capital_in_place),
            target: Money(target),
        }),
        None => cx.say(&Say::WhatIfDistrictNoTarget {
            district: district.clone(),
            total: format!("{:.2}", a.total),
            tier: a.tier.clone(),
            gate,
            quality: format!("{:.2}", a.quality),
            capital: Money(a.capital_in_place),
        }),
    };
    out.push('\n');
    if let Some(capital) = a.capital_for_gate {
        out.push_str(
            &cx.say(&Say::GateOpensAt {
                capital: Money(capital),
                more: Money((capital - a.capital_in_place).max(0.0)),
            }),
        );
        out.push('\n');
    }
    let Some(target) = &a.target_tier else {
        out.push_str(cx.l(L::TopTier));
        out.push('\n');
        return out.lines().map(|line| crate::cmd::paragraph(line, width)).collect();
    };
    match a.capital_for_tier {
        Some(capital) => out.push_str(&cx.say(&Say::TierByCapital {
            tier: target.clone(),
            capital: Money(capital),
            more: Money((capital - a.capital_in_place).max(0.0)),
        })),
        None => out.push_str(&cx.say(&Say::CapitalCannot { tier: target.clone() })),
    }
    out.push('\n');
    match a.quality_for_tier {
        Some(quality) => out.push_str(&cx.say(&Say::TierByQuality {
            tier: target.clone(),
            quality: format!("{quality:.2}"),
            more: format!("{:+.2}", quality - a.quality),
        })),
        None if a.gated => out.push_str(&cx.say(&Say::QualityCannotGated { tier: target.clone() })),
        None => out.push_str(&cx.say(&Say::QualityCannot { tier: target.clone() })),
    }
    out.push('\n');
    // Each sentence wrapped to the terminal's width.
    out.lines().map(|line| crate::cmd::paragraph(line, width)).collect()
}
