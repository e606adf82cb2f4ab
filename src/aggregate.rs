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
use crate::i18n::{Kind, Msg, Name};
use crate::issues::{Action, Note, Severity, Subject};

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
            let members = config.members(d);
            let sum: f64 = members.iter().map(|&i| indicators[i]).sum();
            for i in members {
                inds[i] = if sum > 0.0 { indicators[i] / sum } else { 0.0 };
            }
        }
        Weights { dimensions: dims, indicators: inds }
    }
}

/// The weights of a dimension's indicators within it for one project, after
/// rescaling over the indicators it has a score for (`missing = "exclude"`
/// drops the others): what [`aggregate`] computes as an expression, for
/// `explain` to show one project's arithmetic.
pub(crate) fn weights_within(weights: &Weights, members: &[usize], scored: &[bool]) -> Vec<f64> {
    let available: f64 = members.iter().zip(scored).filter(|(_, s)| **s).map(|(&i, _)| weights.indicators[i]).sum();
    members
        .iter()
        .zip(scored)
        .map(|(&i, &s)| if s && available > 0.0 { weights.indicators[i] / available } else { 0.0 })
        .collect()
}

fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// Adds `dim:<key>` for each dimension, `base_total`, `adjustment` and `total`.
/// Exempt rows get nulls. Notes: dimensions whose indicators were all excluded.
pub(crate) fn aggregate(frame: DataFrame, config: &Config, weights: &Weights) -> Result<(DataFrame, Vec<Note>)> {
    let exempt = col("_exempt");
    let mut dims = Vec::new();
    let mut available = Vec::new();
    for (d, dimension) in config.dimensions.iter().enumerate() {
        let members = config.members(d);
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
            notes.push(Note {
                subject: Subject::Project(id.to_string()),
                severity: Severity::Warning,
                message: Msg::DimensionEmpty { dimension: Name::new(Kind::Dimension, dimension.key.clone()) },
                action: Action::DefaultUsed,
            });
        }
    }
    let helper: Vec<String> = config.dimensions.iter().map(|d| format!("has:{}", d.key)).collect();
    Ok((frame.drop_many(helper), notes))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::DEFAULT_CONFIG_TEXT;
    use crate::frames::ProjectFrame;

    /// Three projects whose output indicators score 80 and all others 50; P2
    /// has no score for `tax_per_mu` (excluded) and P3 is exempt.
    fn frame(config: &Config) -> DataFrame {
        let mut frame = ProjectFrame::new()
            .project("P1", "wuhua", "biomedicine", 1.0)
            .project("P2", "wuhua", "biomedicine", 1.0)
            .project("P3", "wuhua", "biomedicine", 1.0)
            .exempt(&[false, false, true]);
        for indicator in &config.indicators {
            let score = if indicator.dimension == 1 { 80.0 } else { 50.0 };
            let p2 = if indicator.key == "tax_per_mu" { None } else { Some(score) };
            frame = frame.numbers(&score_column(&indicator.key), &[Some(score), p2, Some(score)]);
        }
        frame.build()
    }

    fn value(frame: &DataFrame, name: &str, row: usize) -> Option<f64> {
        frame.column(name).unwrap().f64().unwrap().get(row)
    }

    #[test]
    fn an_excluded_score_rescales_the_rest_of_its_dimension() {
        let config = Config::builtin_default();
        let weights = Weights::from_config(&config);
        let (out, notes) = aggregate(frame(&config), &config, &weights).unwrap();
        assert_eq!(value(&out, "dim:output", 0), Some(80.0));
        // P2 has no tax_per_mu score: the other two output indicators are
        // rescaled, (0.4·80 + 0.2·80) / (0.4 + 0.2) = 80, not 0.4·80 + 0.2·80 = 48.
        assert!((value(&out, "dim:output", 1).unwrap() - 80.0).abs() < 1e-9);
        // Exempt projects get no dimension score and no total.
        assert_eq!(value(&out, "dim:output", 2), None);
        assert_eq!(value(&out, "total", 2), None);
        // Total: 0.3·50 + 0.3·80 + 0.2·50 + 0.2·50 = 59.
        assert!((value(&out, "total", 0).unwrap() - 59.0).abs() < 1e-9);
        assert!(notes.is_empty());
        let within = weights_within(&weights, &config.members(1), &[true, false, true]);
        for (w, expected) in within.iter().zip([2.0 / 3.0, 0.0, 1.0 / 3.0]) {
            assert!((w - expected).abs() < 1e-12, "{within:?}");
        }
    }

    #[test]
    fn geometric_aggregation_is_a_weighted_geometric_mean() {
        let text = DEFAULT_CONFIG_TEXT.replacen("aggregation = \"arithmetic\"", "aggregation = \"geometric\"", 1);
        let config = Config::from_text(&text, Path::new("config/default.toml")).unwrap();
        let (out, _) = aggregate(frame(&config), &config, &Weights::from_config(&config)).unwrap();
        // 50^0.7 · 80^0.3.
        let expected = 50f64.powf(0.7) * 80f64.powf(0.3);
        assert!((value(&out, "total", 0).unwrap() - expected).abs() < 1e-9);
    }

    #[test]
    fn weights_are_relative_per_set() {
        let config = Config::builtin_default();
        let doubled: Vec<f64> = config.indicators.iter().map(|i| i.weight * 2.0).collect();
        let weights = Weights::from_raw(&config, &[60.0, 60.0, 40.0, 40.0], &doubled);
        assert_eq!(weights.dimensions, [0.3, 0.3, 0.2, 0.2]);
        let nominal = Weights::from_config(&config);
        for (a, b) in weights.indicators.iter().zip(&nominal.indicators) {
            assert!((a - b).abs() < 1e-15);
        }
    }
}
