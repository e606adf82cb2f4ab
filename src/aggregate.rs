//! Aggregation (spec 3.4) and project adjustments (3.8): indicator scores to
//! dimension scores to a total.
//!
//! Weights are passed apart from the config, already relative, so the sensitivity
//! analysis can draw thousands of weight sets and re-run only this stage and
//! ranking on the same normalised frame.

use polars::prelude::*;

use crate::columns::{adjustment_column, dimension_column, score_column};
use crate::config::{AdjustmentLevel, Aggregation, Config};
use crate::error::Result;
use crate::issues::{Action, Severity};
use crate::normalise::ScoreNote;

/// Relative weights: of each dimension in the total (summing to 1) and of each
/// indicator within its dimension (summing to 1 per dimension).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// By dimension, in config order.
    pub dimensions: Vec<f64>,
    /// By indicator, in config order.
    pub indicators: Vec<f64>,
}

impl Weights {
    /// The config's weights, made relative.
    pub fn from_config(config: &Config) -> Weights {
        Weights {
            dimensions: config.dimensions.iter().map(|d| d.relative_weight).collect(),
            indicators: config.indicators.iter().map(|i| i.relative_weight).collect(),
        }
    }

    /// Weights from raw (not yet relative) values: each set divided by its sum.
    /// A set summing to zero keeps its zeros.
    pub fn from_raw(config: &Config, dimensions: &[f64], indicators: &[f64]) -> Weights {
        let total: f64 = dimensions.iter().sum();
        let dims = dimensions.iter().map(|w| if total > 0.0 { w / total } else { 0.0 }).collect();
        let mut inds = vec![0.0; indicators.len()];
        for d in 0..config.dimensions.len() {
            let members: Vec<usize> =
                (0..config.indicators.len()).filter(|&i| config.indicators[i].dimension == d).collect();
            let sum: f64 = members.iter().map(|&i| indicators[i]).sum();
            for i in members {
                inds[i] = if sum > 0.0 { indicators[i] / sum } else { 0.0 };
            }
        }
        Weights { dimensions: dims, indicators: inds }
    }
}

fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// Adds `dim:<key>` for each dimension, `base_total`, `adjustment` and `total`.
/// Exempt rows get nulls. Notes: dimensions whose indicators were all excluded.
pub fn aggregate(frame: DataFrame, config: &Config, weights: &Weights) -> Result<(DataFrame, Vec<ScoreNote>)> {
    let exempt = col("_exempt");
    let mut dims = Vec::new();
    let mut available = Vec::new();
    for (d, dimension) in config.dimensions.iter().enumerate() {
        let members: Vec<usize> =
            (0..config.indicators.len()).filter(|&i| config.indicators[i].dimension == d).collect();
        let numerator = members
            .iter()
            .map(|&i| lit(weights.indicators[i]) * col(score_column(&config.indicators[i].key)).fill_null(lit(0.0)))
            .reduce(|a, b| a + b)
            .unwrap_or(lit(0.0));
        let denominator = members
            .iter()
            .map(|&i| {
                lit(weights.indicators[i])
                    * col(score_column(&config.indicators[i].key)).is_not_null().cast(DataType::Float64)
            })
            .reduce(|a, b| a + b)
            .unwrap_or(lit(0.0));
        let score = when(denominator.clone().gt(lit(0.0)))
            .then((numerator / denominator.clone()).clip(lit(0.0), lit(100.0)))
            .otherwise(lit(0.0));
        dims.push(when(exempt.clone()).then(null_f64()).otherwise(score).alias(dimension_column(&dimension.key)));
        available.push(denominator.gt(lit(0.0)).alias(format!("has:{}", dimension.key)));
    }
    let base = match config.aggregation {
        Aggregation::Arithmetic => config
            .dimensions
            .iter()
            .enumerate()
            .map(|(d, dim)| lit(weights.dimensions[d]) * col(dimension_column(&dim.key)))
            .reduce(|a, b| a + b)
            .expect("at least one dimension"),
        Aggregation::Geometric => config
            .dimensions
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                lit(weights.dimensions[d])
                    * col(dimension_column(&dim.key)).clip_min(lit(1.0)).log(lit(std::f64::consts::E))
            })
            .reduce(|a, b| a + b)
            .expect("at least one dimension")
            .exp(),
    };
    let adjustment = config
        .adjustments
        .iter()
        .filter(|a| a.level == AdjustmentLevel::Project)
        .map(|a| {
            let points = when(col(adjustment_column(&a.key))).then(lit(a.points)).otherwise(lit(0.0));
            match a.cap {
                Some(cap) => points.clip(lit(-cap), lit(cap)),
                None => points,
            }
        })
        .reduce(|a, b| a + b)
        .unwrap_or(lit(0.0));
    let frame = frame
        .lazy()
        .with_columns(dims)
        .with_columns(available)
        .with_columns([
            base.clip(lit(0.0), lit(100.0)).alias("base_total"),
            when(exempt.clone()).then(null_f64()).otherwise(adjustment).alias("adjustment"),
        ])
        .with_column((col("base_total") + col("adjustment")).clip(lit(0.0), lit(100.0)).alias("total"))
        .collect()?;
    let mut notes = Vec::new();
    for dimension in &config.dimensions {
        let has = format!("has:{}", dimension.key);
        let missing = frame
            .clone()
            .lazy()
            .filter(col(&has).not().and(col("_exempt").not()))
            .select([col("project_id")])
            .collect()?;
        for id in missing.column("project_id")?.str()?.iter().flatten() {
            notes.push(ScoreNote {
                project_id: id.to_string(),
                severity: Severity::Warning,
                message: format!(
                    "every indicator of dimension `{}` is missing and excluded; the dimension scores 0",
                    dimension.key
                ),
                action: Action::DefaultUsed,
            });
        }
    }
    let helper: Vec<String> = config.dimensions.iter().map(|d| format!("has:{}", d.key)).collect();
    Ok((frame.drop_many(helper), notes))
}
