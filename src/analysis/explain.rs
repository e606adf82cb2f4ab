//! How one project's total was built: every indicator's raw value, score, weight
//! within its dimension and contribution, the dimension scores, the total and the
//! three ranks, read from a scored run. `chainscore explain` prints it; an
//! objection letter quotes it.

use polars::prelude::*;
use serde::Serialize;

use crate::aggregate::weights_within;
use crate::columns::{dimension_column, raw_column, score_column};
use crate::config::{Aggregation, Config, Method};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::pipeline::Scored;
use crate::text::format_value;

/// One indicator's part in the total.
#[derive(Debug, Serialize)]
pub(crate) struct IndicatorLine {
    /// Key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Dimension key.
    pub dimension: String,
    /// The SQL expression.
    pub expr: String,
    /// Method, as written in the config (`goalpost (log)` for a log goalpost).
    pub method: String,
    /// Method, as a person reads it.
    #[serde(skip)]
    pub method_label: crate::i18n::L,
    /// Raw value as text (numbers in full, categories as their value), or null.
    pub raw: Option<String>,
    /// The raw value's unit as the config writes it (万元/亩, %, 件), or empty.
    pub unit: String,
    /// Score 0–100, null when excluded.
    pub score: Option<f64>,
    /// Relative weight within its dimension, after rescaling for excluded indicators.
    pub weight_in_dimension: f64,
    /// Points this indicator adds to the total (arithmetic aggregation).
    pub contribution: Option<f64>,
}

/// One dimension's part in the total.
#[derive(Debug, Serialize)]
pub(crate) struct DimensionLine {
    /// Key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Relative weight in the total.
    pub weight: f64,
    /// Score 0–100.
    pub score: Option<f64>,
    /// Points added to the total (arithmetic aggregation).
    pub contribution: Option<f64>,
}

/// A rank and the size of the group it is taken in.
#[derive(Debug, Serialize)]
pub(crate) struct RankLine {
    /// Rank (1 is best), none for exempt projects.
    pub rank: Option<u32>,
    /// How many projects share the group.
    pub of: usize,
    /// The group: "city", a district key or a chain key.
    pub within: String,
    /// What the group is: "city", "district" or "chain".
    pub kind: &'static str,
}

/// The explanation of one project.
#[derive(Debug, Serialize)]
pub(crate) struct Explanation {
    /// Project id.
    pub project_id: String,
    /// Name.
    pub project_name: String,
    /// District key and display name.
    pub district: (String, String),
    /// Chain key and display name.
    pub chain: (String, String),
    /// Park as written.
    pub park: Option<String>,
    /// The config's park the register's park was recognised as, if any.
    pub park_key: Option<String>,
    /// Period.
    pub period: String,
    /// Period, as a value.
    #[serde(skip)]
    pub period_value: crate::period::Period,
    /// Exempt from scoring.
    pub exempt: bool,
    /// Tier.
    pub tier: Option<String>,
    /// Total before adjustments.
    pub base_total: Option<f64>,
    /// Adjustment points.
    pub adjustment: Option<f64>,
    /// Total.
    pub total: Option<f64>,
    /// Aggregation of dimensions.
    pub aggregation: Aggregation,
    /// City, district and chain ranks.
    pub ranks: Vec<RankLine>,
    /// The dimensions.
    pub dimensions: Vec<DimensionLine>,
    /// The indicators.
    pub indicators: Vec<IndicatorLine>,
    /// Where the project stands past signing, when the run tracked projects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressLine>,
}

/// A project's stage, deadlines and overdue list (spec 3.10), as keys.
#[derive(Debug, Serialize)]
pub(crate) struct ProgressLine {
    /// signed, started, operating or full_production; none when unknown.
    pub stage: Option<String>,
    /// stalled or withdrawn.
    pub halted: Option<String>,
    /// The overdue list it is on.
    pub overdue: Option<String>,
    /// Whole months since the missed deadline.
    pub months_overdue: Option<u32>,
    /// Every passed deadline met by a dated stage; none when undetermined.
    pub on_schedule: Option<bool>,
    /// The three deadlines, ISO dates.
    pub due: [Option<String>; 3],
}

/// The tracking row of a project, when the run has one.
fn progress_line(scored: &Scored, project_id: &str) -> Result<Option<ProgressLine>> {
    let Some(tracked) = &scored.tracking else {
        return Ok(None);
    };
    let frame = &tracked.projects;
    let Some(i) = frame.column("project_id")?.str()?.iter().position(|id| id == Some(project_id)) else {
        return Ok(None);
    };
    let text = |name: &str| -> Result<Option<String>> {
        Ok(frame.column(name)?.cast(&DataType::String)?.str()?.get(i).map(str::to_string))
    };
    Ok(Some(ProgressLine {
        stage: text("stage")?,
        halted: text("halted")?,
        overdue: text("overdue")?,
        months_overdue: frame.column("months_overdue")?.u32()?.get(i),
        on_schedule: frame.column("on_schedule")?.bool()?.get(i),
        due: [text("start_due")?, text("operate_due")?, text("full_production_due")?],
    }))
}

fn value_text(frame: &DataFrame, column: &str) -> Result<Option<String>> {
    let value = frame.column(column)?.get(0)?;
    Ok(match value {
        AnyValue::Null => None,
        AnyValue::Float64(v) => Some(format_value(v)),
        AnyValue::Boolean(b) => Some(b.to_string()),
        AnyValue::String(s) => Some(s.to_string()),
        AnyValue::StringOwned(s) => Some(s.to_string()),
        other => Some(other.to_string()),
    })
}

fn number(frame: &DataFrame, column: &str) -> Result<Option<f64>> {
    Ok(frame.column(column)?.cast(&DataType::Float64)?.f64()?.get(0))
}

fn text(frame: &DataFrame, column: &str) -> Result<Option<String>> {
    Ok(frame.column(column)?.cast(&DataType::String)?.str()?.get(0).map(str::to_string))
}

/// Explains one project of a scored run.
pub(crate) fn explain(scored: &Scored, config: &Config, project_id: &str) -> Result<Explanation> {
    let row = scored.projects.clone().lazy().filter(col("project_id").eq(lit(project_id))).collect()?;
    if row.height() == 0 {
        let ids: Vec<String> =
            scored.projects.column("project_id")?.str()?.iter().flatten().map(str::to_string).collect();
        let nearest = crate::text::nearest_n(project_id, ids.iter().map(String::as_str), 3)
            .into_iter()
            .map(str::to_string)
            .collect();
        let skipped = scored
            .issues
            .iter()
            .find(|i| i.project_id.as_deref() == Some(project_id) && i.action == crate::issues::Action::RowSkipped);
        let out = scored.out_of_scope.clone().lazy().filter(col("project_id").eq(lit(project_id))).collect()?;
        if out.height() > 0 {
            let signed = text(&out, "signed_on")?.unwrap_or_default();
            let source = out.column("_source")?.u32()?.get(0).and_then(|s| scored.sources.get(s as usize));
            let place = crate::error::InputPlace {
                file: source.map(|s| s.path.clone()).unwrap_or_default(),
                sheet: source.and_then(|s| s.sheet.clone()),
                row: out.column("_row")?.u32()?.get(0),
                column: source.map(|s| s.label("signed_on")),
            };
            return Err(Error::InputData {
                place,
                message: Box::new(Msg::OutOfScope {
                    id: project_id.to_string(),
                    period: scored.period,
                    signed,
                    end: scored.period.end_date(),
                }),
            });
        }
        return Err(match skipped {
            Some(issue) => Error::InputData {
                place: crate::error::InputPlace {
                    file: issue.file.clone().into(),
                    sheet: issue.sheet.clone(),
                    row: issue.row,
                    column: issue.column.clone(),
                },
                message: Box::new(Msg::NotScoredBecause {
                    id: project_id.to_string(),
                    reason: Box::new(issue.message.clone()),
                }),
            },
            None => Error::UnknownProject { id: project_id.to_string(), nearest },
        });
    }
    let exempt = row.column("_exempt")?.bool()?.get(0).unwrap_or(false);
    let district = text(&row, "district")?.unwrap_or_default();
    let chain = text(&row, "chain")?.unwrap_or_default();
    let count_in = |column: &str, value: &str| -> Result<usize> {
        Ok(scored
            .projects
            .clone()
            .lazy()
            .filter(col(column).eq(lit(value.to_string())).and(col("_exempt").not()))
            .collect()?
            .height())
    };
    let rank = |column: &str| -> Result<Option<u32>> { Ok(row.column(column)?.cast(&DataType::UInt32)?.u32()?.get(0)) };
    let ranks = vec![
        RankLine {
            rank: rank("rank")?,
            of: scored.projects.height() - scored.projects.column("_exempt")?.bool()?.sum().unwrap_or(0) as usize,
            within: "city".into(),
            kind: "city",
        },
        RankLine {
            rank: rank("district_rank")?,
            of: count_in("district", &district)?,
            within: district.clone(),
            kind: "district",
        },
        RankLine { rank: rank("chain_rank")?, of: count_in("chain", &chain)?, within: chain.clone(), kind: "chain" },
    ];
    let arithmetic = config.aggregation == Aggregation::Arithmetic;
    let mut dimensions = Vec::new();
    let mut indicators = Vec::new();
    for (d, dimension) in config.dimensions.iter().enumerate() {
        let weight = scored.weights.dimensions[d];
        let score = number(&row, &dimension_column(&dimension.key))?;
        dimensions.push(DimensionLine {
            key: dimension.key.clone(),
            name: config.pick(&dimension.name, &dimension.name_en),
            weight,
            score,
            contribution: if arithmetic { score.map(|s| s * weight) } else { None },
        });
        let members = config.members(d);
        let scores: Vec<Option<f64>> =
            members.iter().map(|&i| number(&row, &score_column(&config.indicators[i].key))).collect::<Result<_>>()?;
        let has_score: Vec<bool> = scores.iter().map(Option::is_some).collect();
        let within = weights_within(&scored.weights, &members, &has_score);
        for ((&i, score), &within) in members.iter().zip(&scores).zip(&within) {
            let indicator = &config.indicators[i];
            let name = crate::config::MethodName::from_method(&indicator.method);
            let method = match indicator.method {
                Method::Goalpost { log: true, .. } => "goalpost (log)".to_string(),
                _ => name.as_str().to_string(),
            };
            let method_label = match indicator.method {
                Method::Goalpost { log: true, .. } => crate::i18n::L::MethodGoalpostLog,
                _ => name.label(),
            };
            indicators.push(IndicatorLine {
                key: indicator.key.clone(),
                name: config.pick(&indicator.name, &indicator.name_en),
                dimension: dimension.key.clone(),
                expr: indicator.expr_text.clone(),
                method,
                method_label,
                raw: value_text(&row, &raw_column(&indicator.key))?,
                unit: indicator.unit.clone(),
                score: *score,
                weight_in_dimension: within,
                contribution: if arithmetic && !exempt { score.map(|s| s * within * weight) } else { None },
            });
        }
    }
    Ok(Explanation {
        project_id: project_id.to_string(),
        project_name: text(&row, "project_name")?.unwrap_or_default(),
        district: (district.clone(), config.district_display(&district)),
        chain: (chain.clone(), config.chain_display(&chain)),
        park: text(&row, "park")?,
        park_key: text(&row, "park_key")?,
        period: scored.period.to_string(),
        period_value: scored.period,
        exempt,
        tier: text(&row, "tier")?,
        base_total: number(&row, "base_total")?,
        adjustment: number(&row, "adjustment")?,
        total: number(&row, "total")?,
        aggregation: config.aggregation,
        ranks,
        dimensions,
        indicators,
        progress: progress_line(scored, project_id)?,
    })
}
