//! Objective weights (客观赋权): what the period's data alone would weight each
//! criterion, to set beside the weights the commission chose.
//!
//! Rows are projects, columns the criteria of one weight set (the indicator
//! scores of one dimension, or the four dimension scores). The definitions are
//! pymcdm 1.4.0's (`entropy_weights`, `critic_weights`,
//! `standard_deviation_weights`), with one deliberate difference: in the
//! entropy method a share of 0 contributes 0·ln 0 = 0, as the textbook method
//! (熵权法) has it. pymcdm 1.4.0 refuses such a matrix outright (its sum
//! normalisation raises on any value ≤ 0; versions up to 1.3.1 gave a column
//! with a zero the largest weight), and goalpost scores of 0 make zeros the
//! common case. The tests hold pymcdm's figures on a matrix without zeros.

use polars::prelude::*;

use crate::columns::{dimension_column, score_column};
use crate::config::Config;
use crate::diagnostics::pearson;
use crate::error::Result;
use crate::pipeline::Scored;

fn normalised(weights: Vec<f64>) -> Vec<f64> {
    let sum: f64 = weights.iter().filter(|w| w.is_finite()).sum();
    weights.iter().map(|w| if sum > 0.0 && w.is_finite() { w / sum } else { 0.0 }).collect()
}

fn column(rows: &[Vec<f64>], j: usize) -> Vec<f64> {
    rows.iter().map(|r| r[j]).collect()
}

fn std_dev(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// Entropy weights: shares pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ, entropy Eⱼ = −Σ pᵢⱼ ln pᵢⱼ / ln m,
/// weight ∝ 1 − Eⱼ.
pub(crate) fn entropy(rows: &[Vec<f64>], criteria: usize) -> Vec<f64> {
    let m = rows.len() as f64;
    normalised(
        (0..criteria)
            .map(|j| {
                let values = column(rows, j);
                let total: f64 = values.iter().sum();
                if total <= 0.0 || m < 2.0 {
                    return 0.0;
                }
                let entropy: f64 =
                    values.iter().map(|x| x / total).filter(|p| *p > 0.0).map(|p| -p * p.ln()).sum::<f64>() / m.ln();
                1.0 - entropy
            })
            .collect(),
    )
}

/// CRITIC weights: columns min–max normalised, Cⱼ = sⱼ · Σₖ (1 − rⱼₖ) with s the
/// standard deviation (ddof 1) and r Pearson's correlation; weight ∝ Cⱼ.
pub(crate) fn critic(rows: &[Vec<f64>], criteria: usize) -> Vec<f64> {
    let columns: Vec<Vec<f64>> = (0..criteria)
        .map(|j| {
            let values = column(rows, j);
            let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
            values.iter().map(|v| if max > min { (v - min) / (max - min) } else { 0.0 }).collect()
        })
        .collect();
    normalised(
        (0..criteria)
            .map(|j| {
                let conflict: f64 =
                    (0..criteria).map(|k| 1.0 - if j == k { 1.0 } else { pearson(&columns[j], &columns[k]) }).sum();
                std_dev(&columns[j]) * conflict
            })
            .collect(),
    )
}

/// Standard-deviation weights: weight ∝ the column's standard deviation (ddof 1).
pub(crate) fn standard_deviation(rows: &[Vec<f64>], criteria: usize) -> Vec<f64> {
    normalised((0..criteria).map(|j| std_dev(&column(rows, j))).collect())
}

/// One weight set with its configured and objective weights.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct WeightSet {
    /// `dimensions` or `indicators.<dimension>`.
    pub set: String,
    /// Criteria keys.
    pub keys: Vec<String>,
    /// Configured (or AHP) weights, relative.
    pub configured: Vec<f64>,
    /// AHP consistency ratio, when the set is given by judgments.
    pub ahp_cr: Option<f64>,
    /// Entropy weights.
    pub entropy: Vec<f64>,
    /// CRITIC weights.
    pub critic: Vec<f64>,
    /// Standard-deviation weights.
    pub standard_deviation: Vec<f64>,
    /// Projects the objective weights were computed on (those with every
    /// criterion of the set scored).
    pub projects: usize,
}

/// The rows of the scored (not exempt) projects over some score columns,
/// keeping only projects that have all of them.
fn matrix(scored: &Scored, columns: &[String]) -> Result<Vec<Vec<f64>>> {
    let frame = scored
        .projects
        .clone()
        .lazy()
        .filter(col("_exempt").not())
        .select(columns.iter().map(col).collect::<Vec<_>>())
        .collect()?;
    let values: Vec<Vec<Option<f64>>> = columns
        .iter()
        .map(|c| Ok(frame.column(c)?.cast(&DataType::Float64)?.f64()?.iter().collect()))
        .collect::<Result<_>>()?;
    Ok((0..frame.height()).filter_map(|r| values.iter().map(|v| v[r]).collect::<Option<Vec<f64>>>()).collect())
}

/// Every weight set of the config: the dimensions, then each dimension's indicators.
pub(crate) fn weight_sets(scored: &Scored, config: &Config) -> Result<Vec<WeightSet>> {
    let cr = |set: &str| config.ahp.iter().find(|a| a.set == set).map(|a| a.priorities.cr);
    let mut sets = Vec::new();
    let mut add = |set: String, keys: Vec<String>, configured: Vec<f64>, columns: Vec<String>| -> Result<()> {
        let rows = matrix(scored, &columns)?;
        let n = keys.len();
        sets.push(WeightSet {
            ahp_cr: cr(&set),
            set,
            keys,
            configured,
            entropy: entropy(&rows, n),
            critic: critic(&rows, n),
            standard_deviation: standard_deviation(&rows, n),
            projects: rows.len(),
        });
        Ok(())
    };
    add(
        "dimensions".into(),
        config.dimensions.iter().map(|d| d.key.clone()).collect(),
        config.dimensions.iter().map(|d| d.relative_weight).collect(),
        config.dimensions.iter().map(|d| dimension_column(&d.key)).collect(),
    )?;
    for (d, dimension) in config.dimensions.iter().enumerate() {
        let members = config.members(d);
        add(
            format!("indicators.{}", dimension.key),
            members.iter().map(|&i| config.indicators[i].key.clone()).collect(),
            members.iter().map(|&i| config.indicators[i].relative_weight).collect(),
            members.iter().map(|&i| score_column(&config.indicators[i].key)).collect(),
        )?;
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pymcdm 1.4.0 on this matrix (no zeros, so its entropy and the textbook's agree):
    ///   m = np.array([[70., 12., 3.5], [55., 30., 2.0], [90., 18., 4.0], [40., 25., 1.5], [65., 22., 3.0]])
    ///   entropy_weights(m)            = [0.252310228945, 0.318695390162, 0.428994380893]
    ///   critic_weights(m)             = [0.229762527899, 0.486054623976, 0.284182848124]
    ///   standard_deviation_weights(m) = [0.701421828694, 0.259281730079, 0.039296441227]
    #[test]
    fn objective_weights_match_pymcdm() {
        let rows: Vec<Vec<f64>> =
            [[70.0, 12.0, 3.5], [55.0, 30.0, 2.0], [90.0, 18.0, 4.0], [40.0, 25.0, 1.5], [65.0, 22.0, 3.0]]
                .iter()
                .map(|r| r.to_vec())
                .collect();
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-11);
        assert!(
            close(&entropy(&rows, 3), &[0.252310228945, 0.318695390162, 0.428994380893]),
            "{:?}",
            entropy(&rows, 3)
        );
        assert!(close(&critic(&rows, 3), &[0.229762527899, 0.486054623976, 0.284182848124]), "{:?}", critic(&rows, 3));
        assert!(
            close(&standard_deviation(&rows, 3), &[0.701421828694, 0.259281730079, 0.039296441227]),
            "{:?}",
            standard_deviation(&rows, 3)
        );
    }

    #[test]
    fn a_criterion_that_does_not_vary_gets_no_objective_weight() {
        let rows: Vec<Vec<f64>> = [[50.0, 10.0], [50.0, 20.0], [50.0, 40.0]].iter().map(|r| r.to_vec()).collect();
        for weights in [entropy(&rows, 2), critic(&rows, 2), standard_deviation(&rows, 2)] {
            assert!(weights[0].abs() < 1e-12 && (weights[1] - 1.0).abs() < 1e-12, "{weights:?}");
        }
    }
}
