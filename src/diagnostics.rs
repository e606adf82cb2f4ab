//! Diagnostics (spec 5): the checks an auditor runs on every scoring, so that a
//! weight that claims influence really carries it.
//!
//! Over the scored (not exempt) projects: per indicator, its coverage (share
//! with a value), share of zero scores, skewness and excess kurtosis of its raw
//! values (flagged, as COINr flags them, when |skew| > 2 and kurtosis > 3.5);
//! the correlations of indicator scores within each dimension (flagged above
//! 0.9, where two indicators count one thing twice, and below −0.3, where they
//! pull against each other) and of the dimension scores; Cronbach's α per
//! dimension; and the effective-weight audit: each indicator's and dimension's
//! squared correlation with the total, as shares, beside its nominal weight.
//! An indicator that does not vary has no influence whatever its weight, and
//! the audit says so.
//!
//! A flag is worth reading only if it is rare. Squared-correlation shares
//! differ from nominal weights for every real register (a yes/no indicator
//! varies less than a ratio), and a factor of two flagged 9 of the sample's 13
//! indicators; a correlation "below 0" flagged −0.003. So the audit flags an
//! effective weight beyond a factor of three *and* five percentage points
//! from the nominal one (3 of 13 in the sample: 计划总投资, 产业链类别,
//! 投资方类别; and the 产业关联度 dimension), and a correlation below −0.3.

use polars::prelude::*;

use crate::columns::{dimension_column, raw_column, score_column};
use crate::config::Config;
use crate::error::Result;

/// Flag limits.
const SKEW_LIMIT: f64 = 2.0;
const KURTOSIS_LIMIT: f64 = 3.5;
const COLLINEAR: f64 = 0.9;
const OPPOSED: f64 = -0.3;
const INFLUENCE_RATIO: f64 = 3.0;
const INFLUENCE_POINTS: f64 = 0.05;

/// One indicator's distribution and influence.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorDiagnostics {
    /// Key.
    pub indicator: String,
    /// Dimension key.
    pub dimension: String,
    /// Share of scored projects with a raw value.
    pub coverage: f64,
    /// Share with a score of 0.
    pub zeros: f64,
    /// Skewness of the raw values (numeric indicators).
    pub skewness: Option<f64>,
    /// Excess kurtosis of the raw values.
    pub kurtosis: Option<f64>,
    /// |skew| > 2 and kurtosis > 3.5.
    pub skewed: bool,
    /// Nominal weight in the total (dimension share × share within it).
    pub nominal_weight: f64,
    /// Squared correlation of its score with the total, as a share of all
    /// indicators'.
    pub effective_weight: f64,
    /// Nominal and effective differ by more than a factor of two.
    pub influence_flag: bool,
}

/// One dimension's consistency and influence.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DimensionDiagnostics {
    /// Key.
    pub dimension: String,
    /// Cronbach's α of its indicator scores (None with fewer than two).
    pub cronbach_alpha: Option<f64>,
    /// Nominal weight.
    pub nominal_weight: f64,
    /// Squared correlation with the total, as a share.
    pub effective_weight: f64,
    /// More than a factor of two apart.
    pub influence_flag: bool,
}

/// A pair of criteria and their correlation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Correlation {
    /// First key.
    pub a: String,
    /// Second key.
    pub b: String,
    /// Pearson's r.
    pub r: f64,
    /// Within one dimension: |r| > 0.9 or r < 0.
    pub flag: bool,
}

/// Everything the Diagnostics sheet and `diagnostics.json` show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostics {
    /// Scored projects.
    pub projects: usize,
    /// Per indicator, in config order.
    pub indicators: Vec<IndicatorDiagnostics>,
    /// Per dimension.
    pub dimensions: Vec<DimensionDiagnostics>,
    /// Indicator pairs within each dimension.
    pub within: Vec<Correlation>,
    /// Dimension pairs.
    pub between: Vec<Correlation>,
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / x.len() as f64
}

/// Pearson's r; 0 when either side does not vary.
pub(crate) fn pearson(x: &[f64], y: &[f64]) -> f64 {
    // A constant column (the mean of equal values can miss them by an ulp).
    let constant = |v: &[f64]| v.iter().all(|a| *a == v[0]);
    if x.is_empty() || constant(x) || constant(y) {
        return 0.0;
    }
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 { 0.0 } else { sxy / (sxx * syy).sqrt() }
}

/// Skewness and excess kurtosis (population moments); None when constant.
pub(crate) fn moments(x: &[f64]) -> Option<(f64, f64)> {
    let m = mean(x);
    let var = variance(x);
    if x.len() < 3 || var <= 0.0 {
        return None;
    }
    let m3 = x.iter().map(|v| (v - m).powi(3)).sum::<f64>() / x.len() as f64;
    let m4 = x.iter().map(|v| (v - m).powi(4)).sum::<f64>() / x.len() as f64;
    Some((m3 / var.powf(1.5), m4 / (var * var) - 3.0))
}

/// Cronbach's α of k columns: k/(k−1) · (1 − Σ var(column) / var(row sum)).
pub(crate) fn cronbach_alpha(columns: &[Vec<f64>]) -> Option<f64> {
    let k = columns.len();
    if k < 2 || columns[0].len() < 2 {
        return None;
    }
    let sums: Vec<f64> = (0..columns[0].len()).map(|r| columns.iter().map(|c| c[r]).sum()).collect();
    let total = variance(&sums);
    if total <= 0.0 {
        return None;
    }
    let parts: f64 = columns.iter().map(|c| variance(c)).sum();
    Some(k as f64 / (k as f64 - 1.0) * (1.0 - parts / total))
}

fn shares(values: Vec<f64>) -> Vec<f64> {
    let sum: f64 = values.iter().sum();
    values.iter().map(|v| if sum > 0.0 { v / sum } else { 0.0 }).collect()
}

/// An effective weight beyond a factor of three and five percentage points
/// from the nominal one.
fn flagged(nominal: f64, effective: f64) -> bool {
    nominal > 0.0
        && (effective - nominal).abs() >= INFLUENCE_POINTS
        && (effective * INFLUENCE_RATIO < nominal || effective > nominal * INFLUENCE_RATIO)
}

/// Runs every check on a ranked project frame.
pub fn diagnose(projects: &DataFrame, config: &Config) -> Result<Diagnostics> {
    // Only the columns read, and only filtered when some project is exempt.
    let mut read: Vec<Expr> = vec![col("total"), col("_exempt")];
    read.extend(config.indicators.iter().flat_map(|i| [col(score_column(&i.key)), col(raw_column(&i.key))]));
    read.extend(config.dimensions.iter().map(|d| col(dimension_column(&d.key))));
    let mut scored = projects.clone().lazy().select(read);
    if projects.column("_exempt")?.bool()?.any() {
        scored = scored.filter(col("_exempt").not());
    }
    let scored = scored.collect()?;
    let n = scored.height();
    // A missing score counts as 0.
    let filled = |name: &str| -> Result<Vec<f64>> {
        Ok(scored.column(name)?.cast(&DataType::Float64)?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
    };
    let total = filled("total")?;
    let scores: Vec<Vec<f64>> =
        config.indicators.iter().map(|i| filled(&score_column(&i.key))).collect::<Result<_>>()?;
    let dims: Vec<Vec<f64>> =
        config.dimensions.iter().map(|d| filled(&dimension_column(&d.key))).collect::<Result<_>>()?;
    let indicator_effective = shares(scores.iter().map(|s| pearson(s, &total).powi(2)).collect());
    let dimension_effective = shares(dims.iter().map(|d| pearson(d, &total).powi(2)).collect());
    let mut indicators = Vec::new();
    for (i, indicator) in config.indicators.iter().enumerate() {
        let raw = scored.column(&raw_column(&indicator.key))?;
        let present = n - raw.null_count();
        let raw_numbers: Option<Vec<f64>> = match raw.dtype() {
            DataType::String | DataType::Boolean => None,
            _ => Some(raw.cast(&DataType::Float64)?.f64()?.iter().flatten().filter(|v| v.is_finite()).collect()),
        };
        let (skewness, kurtosis) = match raw_numbers.as_deref().and_then(moments) {
            Some((s, k)) => (Some(s), Some(k)),
            None => (None, None),
        };
        let nominal = config.dimensions[indicator.dimension].relative_weight * indicator.relative_weight;
        indicators.push(IndicatorDiagnostics {
            indicator: indicator.key.clone(),
            dimension: config.dimensions[indicator.dimension].key.clone(),
            coverage: if n > 0 { present as f64 / n as f64 } else { 0.0 },
            zeros: if n > 0 { scores[i].iter().filter(|s| **s == 0.0).count() as f64 / n as f64 } else { 0.0 },
            skewed: matches!((skewness, kurtosis), (Some(s), Some(k)) if s.abs() > SKEW_LIMIT && k > KURTOSIS_LIMIT),
            skewness,
            kurtosis,
            nominal_weight: nominal,
            effective_weight: indicator_effective[i],
            influence_flag: flagged(nominal, indicator_effective[i]),
        });
    }
    let mut within = Vec::new();
    let mut dimensions = Vec::new();
    for (d, dimension) in config.dimensions.iter().enumerate() {
        let members = config.members(d);
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let r = pearson(&scores[a], &scores[b]);
                within.push(Correlation {
                    a: config.indicators[a].key.clone(),
                    b: config.indicators[b].key.clone(),
                    r,
                    flag: r.abs() > COLLINEAR || r < OPPOSED,
                });
            }
        }
        let columns: Vec<Vec<f64>> = members.iter().map(|&i| scores[i].clone()).collect();
        dimensions.push(DimensionDiagnostics {
            dimension: dimension.key.clone(),
            cronbach_alpha: cronbach_alpha(&columns),
            nominal_weight: dimension.relative_weight,
            effective_weight: dimension_effective[d],
            influence_flag: flagged(dimension.relative_weight, dimension_effective[d]),
        });
    }
    let mut between = Vec::new();
    for a in 0..dims.len() {
        for b in a + 1..dims.len() {
            let r = pearson(&dims[a], &dims[b]);
            between.push(Correlation {
                a: config.dimensions[a].key.clone(),
                b: config.dimensions[b].key.clone(),
                r,
                flag: r.abs() > COLLINEAR,
            });
        }
    }
    Ok(Diagnostics { projects: n, indicators, dimensions, within, between })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_flag_a_long_tail_and_not_a_symmetric_sample() {
        // One large value among many small ones: skew and kurtosis far above the limits.
        let mut tail = vec![1.0; 50];
        tail.push(100.0);
        let (skew, kurtosis) = moments(&tail).unwrap();
        assert!(skew > SKEW_LIMIT && kurtosis > KURTOSIS_LIMIT, "{skew} {kurtosis}");
        let symmetric: Vec<f64> = (0..51).map(f64::from).collect();
        let (skew, kurtosis) = moments(&symmetric).unwrap();
        assert!(skew.abs() < 1e-12 && kurtosis < 0.0, "{skew} {kurtosis}");
        assert!(moments(&[3.0, 3.0, 3.0]).is_none());
    }

    #[test]
    fn cronbach_alpha_is_one_for_identical_items_and_low_for_unrelated_ones() {
        let a: Vec<f64> = (0..20).map(f64::from).collect();
        assert!((cronbach_alpha(&[a.clone(), a.clone()]).unwrap() - 1.0).abs() < 1e-12);
        let b: Vec<f64> = (0..20).map(|i| if i % 2 == 0 { 10.0 } else { 0.0 }).collect();
        assert!(cronbach_alpha(&[a, b]).unwrap() < 0.5);
    }

    #[test]
    fn influence_is_flagged_beyond_a_factor_of_three_and_five_points() {
        assert!(flagged(0.3, 0.0), "a weight with no influence");
        assert!(flagged(0.1, 0.31), "three times and more, 21 points");
        assert!(!flagged(0.1, 0.29), "under three times");
        assert!(!flagged(0.12, 0.322), "the sample's 亩均产值: 2.7 times");
        assert!(flagged(0.075, 0.014), "the sample's 计划总投资: 5.4 times, 6.1 points");
        assert!(!flagged(0.03, 0.002), "15 times, but under 5 points");
        assert!(flagged(0.05, 0.0), "exactly 5 points, no influence");
        assert!(!flagged(0.049, 0.0), "under 5 points");
        assert!(flagged(0.05, 0.2), "four times, 15 points");
        assert!(!flagged(0.05, 0.15), "exactly three times is not beyond it");
        assert!(!flagged(0.0, 0.1), "no weight, nothing claimed");
    }
}
