//! AHP (层次分析法): weights from pairwise judgments on Saaty's 1–9 scale, with
//! the consistency check (一致性检验) a commission must pass before it can
//! defend its weights.
//!
//! A weight set (the dimensions, or the indicators of one dimension) may be given
//! as judgments instead of weights: `[a, b, x]` says a is x times as important as
//! b (x from 1/9 to 9, as a number or as text like "1/3"). Every pair must be
//! judged once; several experts' complete matrices are pooled element by element
//! by their geometric mean (which keeps the matrix reciprocal). The weights are
//! the principal eigenvector; CR = CI / RI with CI = (λmax − n)/(n − 1) and
//! Saaty's random indices. A set with CR ≥ 0.10 is refused, naming the one
//! judgment whose revision lowers CR most, and the value that does it.

/// Saaty's random consistency indices for n = 1..=15.
const RANDOM_INDEX: [f64; 15] =
    [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

/// The largest consistency ratio accepted.
pub const MAX_CR: f64 = 0.10;

/// A pairwise comparison matrix, row-major, n × n, reciprocal.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgments {
    /// Size.
    pub n: usize,
    /// Entries: `a[i*n + j]` is how many times i outweighs j.
    pub a: Vec<f64>,
}

/// Weights and consistency of a matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Priorities {
    /// The principal eigenvector, summing to 1.
    pub weights: Vec<f64>,
    /// The principal eigenvalue.
    pub lambda_max: f64,
    /// Consistency index.
    pub ci: f64,
    /// Consistency ratio (0 for n ≤ 2).
    pub cr: f64,
}

impl Judgments {
    /// The identity (all equal) matrix of size n.
    pub fn equal(n: usize) -> Judgments {
        Judgments { n, a: vec![1.0; n * n] }
    }

    /// Sets a judgment and its reciprocal.
    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        self.a[i * self.n + j] = value;
        self.a[j * self.n + i] = 1.0 / value;
    }

    /// Entry (i, j).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.n + j]
    }

    /// Several experts' matrices pooled by the element-wise geometric mean.
    pub fn pooled(experts: &[Judgments]) -> Judgments {
        let n = experts[0].n;
        let count = experts.len() as f64;
        let a = (0..n * n).map(|k| experts.iter().map(|e| e.a[k].ln()).sum::<f64>() / count).map(f64::exp).collect();
        Judgments { n, a }
    }

    /// Principal eigenvector by power iteration (the matrix is positive, so it
    /// converges), λmax, CI and CR.
    pub fn priorities(&self) -> Priorities {
        let n = self.n;
        let mut w = vec![1.0 / n as f64; n];
        for _ in 0..10_000 {
            let next: Vec<f64> = (0..n).map(|i| (0..n).map(|j| self.get(i, j) * w[j]).sum()).collect();
            let sum: f64 = next.iter().sum();
            let next: Vec<f64> = next.iter().map(|v| v / sum).collect();
            let change = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            w = next;
            if change < 1e-15 {
                break;
            }
        }
        // λmax = mean of (A·w)ᵢ / wᵢ.
        let lambda_max =
            (0..n).map(|i| (0..n).map(|j| self.get(i, j) * w[j]).sum::<f64>() / w[i]).sum::<f64>() / n as f64;
        let ci = if n > 1 { ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0) } else { 0.0 };
        let ri = RANDOM_INDEX.get(n.saturating_sub(1)).copied().unwrap_or(1.59);
        let cr = if ri > 0.0 { ci / ri } else { 0.0 };
        Priorities { weights: w, lambda_max, ci, cr }
    }

    /// The judgment (i, j) whose revision lowers CR most, with the value that
    /// does it (searched on the log scale between 1/9 and 9) and the CR after:
    /// (i, j, value, CR).
    pub fn most_inconsistent(&self) -> Option<(usize, usize, f64, f64)> {
        let mut best: Option<(usize, usize, f64, f64)> = None;
        for i in 0..self.n {
            for j in i + 1..self.n {
                let cr_at = |log_x: f64| {
                    let mut revised = self.clone();
                    revised.set(i, j, log_x.exp());
                    revised.priorities().cr
                };
                // Golden-section search of CR over ln x in [ln 1/9, ln 9].
                let (mut lo, mut hi) = ((1.0f64 / 9.0).ln(), 9f64.ln());
                let ratio = (5f64.sqrt() - 1.0) / 2.0;
                for _ in 0..60 {
                    let (a, b) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
                    if cr_at(a) < cr_at(b) { hi = b } else { lo = a }
                }
                let x = ((lo + hi) / 2.0).exp();
                let cr = cr_at(x.ln());
                if best.is_none_or(|b| cr < b.3) {
                    best = Some((i, j, x, cr));
                }
            }
        }
        best
    }
}

/// The Saaty-scale value nearest a ratio, written as judges write it (3, 1/3).
pub fn nearest_scale_value(ratio: f64) -> String {
    let candidates =
        (1..=9).map(|k| (k as f64, k.to_string())).chain((2..=9).map(|k| (1.0 / k as f64, format!("1/{k}"))));
    candidates
        .min_by(|a, b| (a.0.ln() - ratio.ln()).abs().total_cmp(&(b.0.ln() - ratio.ln()).abs()))
        .map(|(_, text)| text)
        .unwrap_or_else(|| "1".into())
}

/// Parses a judgment value: a number, or "a/b".
pub fn parse_value(text: &str) -> Option<f64> {
    let text = text.trim();
    match text.split_once('/') {
        Some((a, b)) => Some(a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?),
        None => text.parse().ok(),
    }
}

/// A weight set given by judgments, as the config applied it.
#[derive(Debug, Clone, PartialEq)]
pub struct AhpSet {
    /// `dimensions`, or `indicators.<dimension>`.
    pub set: String,
    /// The keys compared, in config order.
    pub keys: Vec<String>,
    /// The (pooled) matrix.
    pub judgments: Judgments,
    /// Its weights and consistency.
    pub priorities: Priorities,
    /// How many experts' matrices were pooled (1 for plain judgments).
    pub experts: usize,
}

use super::layers::ConfigSource;
use super::raw::{RawAhp, RawJudgment, RawJudgmentSet};
use super::{Dimension, Indicator};
use crate::error::Result;
use crate::i18n::{Fixed, Hint, Msg};

/// Builds one expert's complete matrix from judgments, refusing unknown keys,
/// self-comparisons, values off the scale, pairs judged twice and pairs missing.
fn matrix_of(judgments: &[RawJudgment], keys: &[String], at: &str, source: &ConfigSource) -> Result<Judgments> {
    let n = keys.len();
    let mut matrix = Judgments::equal(n);
    let mut seen = vec![false; n * n];
    let index = |key: &str| -> Result<usize> {
        keys.iter().position(|k| k == key).ok_or_else(|| {
            let hint = Hint::of(crate::text::nearest(key, keys.iter().map(String::as_str)));
            source.error(at, Msg::AhpUnknownKey { key: key.to_string(), keys: keys.to_vec(), hint })
        })
    };
    for (a, b, value) in judgments {
        let (i, j) = (index(a)?, index(b)?);
        if i == j {
            return Err(source.error(at, Msg::AhpSelf { key: a.clone() }));
        }
        let x = value
            .value()
            .filter(|x| x.is_finite() && *x >= 1.0 / 9.0 - 1e-9 && *x <= 9.0 + 1e-9)
            .ok_or_else(|| source.error(at, Msg::AhpScale { a: a.clone(), b: b.clone(), value: value.text() }))?;
        if seen[i * n + j] {
            return Err(source.error(at, Msg::AhpTwice { a: a.clone(), b: b.clone() }));
        }
        seen[i * n + j] = true;
        seen[j * n + i] = true;
        matrix.set(i, j, x);
    }
    for i in 0..n {
        for j in i + 1..n {
            if !seen[i * n + j] {
                return Err(source
                    .error(at, Msg::AhpMissing { a: keys[i].clone(), b: keys[j].clone(), n, pairs: n * (n - 1) / 2 }));
            }
        }
    }
    Ok(matrix)
}

/// The priorities of one set, refused when inconsistent.
fn set_of(raw: &RawJudgmentSet, set: &str, keys: Vec<String>, source: &ConfigSource) -> Result<AhpSet> {
    let at = format!("ahp.{set}");
    let experts: Vec<Judgments> = match (raw.judgments.is_empty(), raw.experts.is_empty()) {
        (false, true) => vec![matrix_of(&raw.judgments, &keys, &format!("{at}.judgments"), source)?],
        (true, false) => raw
            .experts
            .iter()
            .map(|judgments| matrix_of(judgments, &keys, &format!("{at}.experts"), source))
            .collect::<Result<_>>()?,
        (true, true) => return Err(source.error(&at, Msg::AhpNeither {})),
        (false, false) => return Err(source.error(&at, Msg::AhpBoth {})),
    };
    let judgments = Judgments::pooled(&experts);
    let priorities = judgments.priorities();
    if priorities.cr >= MAX_CR {
        let key = if experts.len() > 1 { format!("{at}.experts") } else { format!("{at}.judgments") };
        let set = set.to_string();
        let cr = Fixed(priorities.cr, 3);
        let value = |x: f64| crate::text::format_value((x * 1000.0).round() / 1000.0);
        let message = match judgments.most_inconsistent() {
            // Several experts: each one's judgment of the pair, not the pooled
            // value nobody typed.
            Some((i, j, implied, after)) if experts.len() > 1 => Msg::AhpInconsistentExperts {
                set,
                cr,
                a: keys[i].clone(),
                b: keys[j].clone(),
                each: experts.iter().map(|m| value(m.get(i, j))).collect(),
                implied: Fixed(implied, 2),
                after: Fixed(after, 3),
            },
            Some((i, j, implied, after)) => {
                let (a, b, now) = (keys[i].clone(), keys[j].clone(), value(judgments.get(i, j)));
                let (implied, scale, after_cr) = (Fixed(implied, 2), nearest_scale_value(implied), Fixed(after, 3));
                if after < MAX_CR {
                    Msg::AhpInconsistent { set, cr, a, b, now, implied, scale, after: after_cr }
                } else {
                    Msg::AhpInconsistentMany { set, cr, a, b, now, implied, scale, after: after_cr }
                }
            }
            None => Msg::AhpInconsistentPlain { set, cr },
        };
        return Err(source.error(&key, message));
    }
    Ok(AhpSet { set: set.to_string(), keys, judgments, priorities, experts: experts.len() })
}

/// Replaces the weights of every set given by judgments; returns the sets.
pub(super) fn apply(
    raw: &RawAhp,
    dimensions: &mut [Dimension],
    indicators: &mut [Indicator],
    source: &ConfigSource,
) -> Result<Vec<AhpSet>> {
    let mut sets = Vec::new();
    if let Some(set) = &raw.dimensions {
        let keys = dimensions.iter().map(|d| d.key.clone()).collect();
        let ahp = set_of(set, "dimensions", keys, source)?;
        for (dimension, w) in dimensions.iter_mut().zip(&ahp.priorities.weights) {
            dimension.weight = w * 100.0;
            dimension.relative_weight = *w;
        }
        sets.push(ahp);
    }
    for (dimension_key, set) in &raw.indicators {
        let Some(d) = dimensions.iter().position(|x| &x.key == dimension_key) else {
            let hint = Hint::of(crate::text::nearest(dimension_key, dimensions.iter().map(|x| x.key.as_str())));
            return Err(source.error(
                &format!("ahp.indicators.{dimension_key}"),
                Msg::NotADimension { name: dimension_key.clone(), hint },
            ));
        };
        let members: Vec<usize> = (0..indicators.len()).filter(|&i| indicators[i].dimension == d).collect();
        let keys = members.iter().map(|&i| indicators[i].key.clone()).collect();
        let ahp = set_of(set, &format!("indicators.{dimension_key}"), keys, source)?;
        for (&i, w) in members.iter().zip(&ahp.priorities.weights) {
            indicators[i].weight = w * 100.0;
            indicators[i].relative_weight = *w;
        }
        sets.push(ahp);
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> Judgments {
        Judgments { n: rows.len(), a: rows.iter().flat_map(|r| r.iter().copied()).collect() }
    }

    /// Saaty (1977), "A scaling method for priorities in hierarchical structures",
    /// J. Math. Psychology 15: the relative wealth of seven nations (US, USSR,
    /// China, France, UK, Japan, W. Germany); published eigenvector .427 .230 .021
    /// .052 .052 .123 .094 and λmax 7.61.
    #[test]
    fn saaty_s_wealth_of_nations_example_is_reproduced_to_three_decimals() {
        let t = |a: f64| 1.0 / a;
        let a = matrix(&[
            &[1.0, 4.0, 9.0, 6.0, 6.0, 5.0, 5.0],
            &[t(4.0), 1.0, 7.0, 5.0, 5.0, 3.0, 4.0],
            &[t(9.0), t(7.0), 1.0, t(5.0), t(5.0), t(7.0), t(5.0)],
            &[t(6.0), t(5.0), 5.0, 1.0, 1.0, t(3.0), t(3.0)],
            &[t(6.0), t(5.0), 5.0, 1.0, 1.0, t(3.0), t(3.0)],
            &[t(5.0), t(3.0), 7.0, 3.0, 3.0, 1.0, 2.0],
            &[t(5.0), t(4.0), 5.0, 3.0, 3.0, t(2.0), 1.0],
        ]);
        let p = a.priorities();
        for (w, expected) in p.weights.iter().zip([0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]) {
            assert!((w - expected).abs() < 0.0005, "{:?}", p.weights);
        }
        assert!((p.lambda_max - 7.61).abs() < 0.005, "{}", p.lambda_max);
        // numpy 2.4.6 (np.linalg.eig): λmax = 7.6077202688596035.
        assert!((p.lambda_max - 7.607_720_268_859_603_5).abs() < 1e-9);
    }

    #[test]
    fn a_consistent_matrix_has_cr_zero_and_the_ratios_as_weights() {
        let mut a = Judgments::equal(3);
        a.set(0, 1, 2.0);
        a.set(0, 2, 4.0);
        a.set(1, 2, 2.0);
        let p = a.priorities();
        for (w, e) in p.weights.iter().zip([4.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0]) {
            assert!((w - e).abs() < 1e-12);
        }
        assert!(p.cr.abs() < 1e-12);
    }

    #[test]
    fn the_most_inconsistent_judgment_is_the_one_that_was_written_wrong() {
        // Consistent judgments from the weights 8 : 4 : 2 : 1, except that the
        // first criterion against the last was entered the wrong way round (1/8
        // for 8): that is the judgment to revise, and towards 8.
        let weights = [8.0, 4.0, 2.0, 1.0];
        let mut a = Judgments::equal(4);
        for i in 0..4 {
            for j in i + 1..4 {
                a.set(i, j, weights[i] / weights[j]);
            }
        }
        a.set(0, 3, 1.0 / 8.0);
        assert!(a.priorities().cr > MAX_CR, "{}", a.priorities().cr);
        let (i, j, implied, cr) = a.most_inconsistent().unwrap();
        assert_eq!((i, j), (0, 3), "implied {implied}");
        assert!((implied - 8.0).abs() < 0.01, "{implied}");
        assert!(cr < 1e-6, "back to consistent: {cr}");
        assert!(cr < a.priorities().cr);
        assert_eq!(nearest_scale_value(9.0), "9");
        assert_eq!(nearest_scale_value(0.3), "1/3");
    }

    #[test]
    fn experts_pool_by_the_geometric_mean() {
        let mut a = Judgments::equal(2);
        a.set(0, 1, 2.0);
        let mut b = Judgments::equal(2);
        b.set(0, 1, 8.0);
        let pooled = Judgments::pooled(&[a, b]);
        assert!((pooled.get(0, 1) - 4.0).abs() < 1e-12);
        assert!((pooled.get(1, 0) - 0.25).abs() < 1e-12);
        assert_eq!(parse_value("1/3"), Some(1.0 / 3.0));
        assert_eq!(parse_value(" 5 "), Some(5.0));
        assert_eq!(parse_value("x"), None);
    }
}
