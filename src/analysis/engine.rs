//! The re-scoring engine: aggregation, ranking, tiering and the district roll-up
//! of a scored run, as plain arithmetic on a matrix of indicator scores.
//!
//! Why a second implementation of stages the pipeline already has: `sensitivity`
//! re-scores a run thousands of times with other weights, and `what-if` hundreds
//! of times with one score changed. Each of those is a small matrix product and a
//! sort; building polars frames for each would cost a thousand times more than the
//! arithmetic. What changes between draws is only the weights (or one project's
//! score): the indicator scores, the adjustments, the capital side of every
//! district and the gate are fixed by the run and read once from it.
//!
//! The engine follows the pipeline's definitions to the bit where it can (the same
//! sums in the same order, the same clipping, totals compared after rounding to 6
//! decimals half away from zero) and a test checks that at the run's own weights
//! it reproduces every project's and district's total, rank and tier.

use polars::prelude::*;

use crate::aggregate::Weights;
use crate::columns::score_column;
use crate::config::{Aggregation, Config, QualityWeighting, TierMethod, Tiers};
use crate::error::Result;
use crate::pipeline::Scored;

/// A scored run reduced to what re-scoring needs.
#[derive(Debug, Clone)]
pub(crate) struct Engine {
    /// Scored (not exempt) projects, in the run's ranked order.
    pub project_ids: Vec<String>,
    /// Each project's district, as an index into `district_keys`.
    pub project_district: Vec<usize>,
    /// Indicator scores, row-major (`project × indicator`); NaN where the project
    /// has no score (an excluded missing value).
    scores: Vec<f64>,
    /// Indicators per project row.
    width: usize,
    /// Indicator indices of each dimension.
    members: Vec<Vec<usize>>,
    aggregation: Aggregation,
    /// Each project's adjustment points (fixed: conditions do not depend on weights).
    adjustments: Vec<f64>,
    /// Each project's weight in its district's quality.
    quality_weights: Vec<f64>,
    /// Districts in the run's ranked order.
    pub district_keys: Vec<String>,
    /// Per district: capital weight × capital score + adjustment (fixed).
    district_fixed: Vec<f64>,
    quality_share: f64,
    /// Per district: held by the policy gate.
    gated: Vec<bool>,
    tiers: Tiers,
    district_tiers: Tiers,
    gate_tier: usize,
}

/// The outcome of one re-scoring.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// Project totals, in engine order.
    pub totals: Vec<f64>,
    /// Project city ranks (competition ranks, 1 best).
    pub ranks: Vec<u32>,
    /// Project tiers, as indices into the config's tier levels.
    pub tiers: Vec<u8>,
    /// District totals, in engine order.
    pub district_totals: Vec<f64>,
    /// District ranks.
    pub district_ranks: Vec<u32>,
    /// District tiers after the gate, as indices into the district tier levels.
    pub district_tiers: Vec<u8>,
}

/// A total as compared: rounded to 6 decimals, half away from zero, in millionths.
pub(crate) fn comparable(total: f64) -> i64 {
    (total * 1e6).round() as i64
}

/// Competition ranks ("1224"), highest total first, of totals compared after
/// rounding. Sorts a copy of the keys; `scratch` is reused between calls.
pub(crate) fn competition_ranks(totals: &[f64], scratch: &mut Vec<u64>, ranks: &mut Vec<u32>) {
    // Key: the rounded total reversed in the high bits (so ascending order is
    // descending total), the row in the low 32.
    scratch.clear();
    scratch.extend(totals.iter().enumerate().map(|(row, &t)| {
        let reversed = (i64::from(u32::MAX) - comparable(t).clamp(0, i64::from(u32::MAX))) as u64;
        (reversed << 32) | row as u64
    }));
    scratch.sort_unstable();
    ranks.clear();
    ranks.resize(totals.len(), 0);
    let mut previous = u64::MAX;
    let mut rank = 0u32;
    for (position, key) in scratch.iter().enumerate() {
        if key >> 32 != previous {
            previous = key >> 32;
            rank = position as u32 + 1;
        }
        ranks[(key & u64::from(u32::MAX)) as usize] = rank;
    }
}

/// The tier index of a total with its rank among `count` ranked rows (spec 3.5,
/// as `rank::tier_expr`).
pub(crate) fn tier_of(total: f64, rank: u32, count: usize, tiers: &Tiers) -> u8 {
    let rounded = comparable(total) as f64 / 1e6;
    let last = tiers.levels.len() - 1;
    let index = tiers.levels[..last]
        .iter()
        .position(|level| match tiers.method {
            TierMethod::Threshold => rounded >= level.bound,
            TierMethod::Share => f64::from(rank) <= level.bound * count as f64 + 1e-9,
        })
        .unwrap_or(last);
    index as u8
}

fn f64_column(frame: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    Ok(frame.column(name)?.cast(&DataType::Float64)?.f64()?.iter().collect())
}

fn text_column(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(frame.column(name)?.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect())
}

impl Engine {
    /// Reads the engine's inputs from a scored run.
    pub(crate) fn from_scored(scored: &Scored, config: &Config) -> Result<Engine> {
        let projects = scored.projects.clone().lazy().filter(col("_exempt").not()).collect()?;
        let project_ids: Vec<String> = text_column(&projects, "project_id")?.into_iter().flatten().collect();
        let district_keys: Vec<String> =
            text_column(&scored.districts, "district")?.into_iter().map(Option::unwrap_or_default).collect();
        let project_district = text_column(&projects, "district")?
            .iter()
            .map(|d| district_keys.iter().position(|k| Some(k) == d.as_ref()).unwrap_or(0))
            .collect();
        let width = config.indicators.len();
        let mut scores = vec![f64::NAN; project_ids.len() * width];
        for (i, indicator) in config.indicators.iter().enumerate() {
            for (row, value) in f64_column(&projects, &score_column(&indicator.key))?.into_iter().enumerate() {
                scores[row * width + i] = value.unwrap_or(f64::NAN);
            }
        }
        let adjustments = f64_column(&projects, "adjustment")?.into_iter().map(|v| v.unwrap_or(0.0)).collect();
        let quality_weights = match config.district.quality_weighting {
            QualityWeighting::Investment => {
                f64_column(&projects, "total_investment")?.into_iter().map(|v| v.unwrap_or(0.0)).collect()
            }
            QualityWeighting::Equal => vec![1.0; project_ids.len()],
        };
        let capital = f64_column(&scored.districts, "capital_score")?;
        let adjustment = f64_column(&scored.districts, "adjustment")?;
        let district_fixed = capital
            .iter()
            .zip(&adjustment)
            .map(|(c, a)| config.district.capital_weight * c.unwrap_or(0.0) + a.unwrap_or(0.0))
            .collect();
        let gated = scored.districts.column("gated")?.bool()?.iter().map(|g| g.unwrap_or(true)).collect();
        let gate_tier = config
            .district
            .tiers
            .levels
            .iter()
            .position(|l| l.name == config.district.gate_max_tier)
            .unwrap_or(config.district.tiers.levels.len() - 1);
        Ok(Engine {
            project_ids,
            project_district,
            scores,
            width,
            members: (0..config.dimensions.len()).map(|d| config.members(d)).collect(),
            aggregation: config.aggregation,
            adjustments,
            quality_weights,
            district_keys,
            district_fixed,
            quality_share: config.district.quality_weight,
            gated,
            tiers: config.tiers.clone(),
            district_tiers: config.district.tiers.clone(),
            gate_tier,
        })
    }

    /// Scored projects.
    pub(crate) fn projects(&self) -> usize {
        self.project_ids.len()
    }

    /// Listed districts.
    pub(crate) fn districts(&self) -> usize {
        self.district_keys.len()
    }

    /// The project tiers' levels.
    pub(crate) fn tiers(&self) -> &Tiers {
        &self.tiers
    }

    /// The district tiers' levels.
    pub(crate) fn district_tiers(&self) -> &Tiers {
        &self.district_tiers
    }

    /// A project's adjustment points.
    pub(crate) fn adjustment(&self, project: usize) -> f64 {
        self.adjustments[project]
    }

    /// A project's indicator score (NaN when it has none).
    pub(crate) fn score(&self, project: usize, indicator: usize) -> f64 {
        self.scores[project * self.width + indicator]
    }

    /// One project's total from its indicator scores (as `aggregate::aggregate`).
    pub(crate) fn total_of(&self, scores: &[f64], adjustment: f64, weights: &Weights) -> f64 {
        let mut base = 0.0;
        for (d, members) in self.members.iter().enumerate() {
            let (mut numerator, mut denominator) = (0.0, 0.0);
            for &i in members {
                let s = scores[i];
                let w = weights.indicators[i];
                numerator += w * if s.is_nan() { 0.0 } else { s };
                denominator += w * if s.is_nan() { 0.0 } else { 1.0 };
            }
            let dimension = if denominator > 0.0 { (numerator / denominator).clamp(0.0, 100.0) } else { 0.0 };
            base += match self.aggregation {
                Aggregation::Arithmetic => weights.dimensions[d] * dimension,
                Aggregation::Geometric => weights.dimensions[d] * dimension.max(1.0).ln(),
            };
        }
        if self.aggregation == Aggregation::Geometric {
            base = base.exp();
        }
        (base.clamp(0.0, 100.0) + adjustment).clamp(0.0, 100.0)
    }

    /// Every project's total with the given weights.
    pub(crate) fn project_totals(&self, weights: &Weights, totals: &mut Vec<f64>) {
        totals.clear();
        totals.extend(
            (0..self.projects()).map(|p| {
                self.total_of(&self.scores[p * self.width..(p + 1) * self.width], self.adjustments[p], weights)
            }),
        );
    }

    /// Every district's total from its projects' totals (as `district::districts`).
    pub(crate) fn district_totals(&self, project_totals: &[f64]) -> Vec<f64> {
        let mut sums = vec![(0.0, 0.0); self.districts()];
        for ((&total, &district), &weight) in
            project_totals.iter().zip(&self.project_district).zip(&self.quality_weights)
        {
            sums[district].0 += weight * total;
            sums[district].1 += weight;
        }
        sums.iter()
            .zip(&self.district_fixed)
            .map(|(&(numerator, denominator), fixed)| {
                let quality = if denominator != 0.0 { (numerator / denominator).clamp(0.0, 100.0) } else { 0.0 };
                (self.quality_share * quality + fixed).clamp(0.0, 100.0)
            })
            .collect()
    }

    /// Ranks and gated tiers of districts from their totals.
    pub(crate) fn district_standing(&self, totals: &[f64]) -> (Vec<u32>, Vec<u8>) {
        let mut ranks = Vec::new();
        competition_ranks(totals, &mut Vec::new(), &mut ranks);
        let tiers = totals
            .iter()
            .zip(&ranks)
            .zip(&self.gated)
            .map(|((&t, &r), &gated)| {
                let tier = tier_of(t, r, totals.len(), &self.district_tiers);
                if gated { tier.max(self.gate_tier as u8) } else { tier }
            })
            .collect();
        (ranks, tiers)
    }

    /// The whole re-scoring with one set of weights.
    pub(crate) fn evaluate(&self, weights: &Weights) -> Outcome {
        let mut totals = Vec::new();
        self.project_totals(weights, &mut totals);
        let mut ranks = Vec::new();
        competition_ranks(&totals, &mut Vec::new(), &mut ranks);
        let tiers = totals.iter().zip(&ranks).map(|(&t, &r)| tier_of(t, r, totals.len(), &self.tiers)).collect();
        let district_totals = self.district_totals(&totals);
        let (district_ranks, district_tiers) = self.district_standing(&district_totals);
        Outcome { totals, ranks, tiers, district_totals, district_ranks, district_tiers }
    }

    /// The largest rank still in each project tier level (0 when none), for one
    /// ranking: tiers are monotone in rank, so a project's tier follows from its
    /// rank and these cut-offs without storing it.
    pub(crate) fn tier_cutoffs(&self, totals: &[f64], ranks: &[u32]) -> Vec<u32> {
        let mut cutoffs = vec![0u32; self.tiers.levels.len()];
        for (&t, &r) in totals.iter().zip(ranks) {
            let tier = tier_of(t, r, totals.len(), &self.tiers) as usize;
            cutoffs[tier] = cutoffs[tier].max(r);
        }
        cutoffs
    }

    /// The position of a district by key.
    pub(crate) fn district_index(&self, key: &str) -> Option<usize> {
        self.district_keys.iter().position(|k| k == key)
    }
}

/// The tier of a rank given a ranking's cut-offs (see [`Engine::tier_cutoffs`]).
pub(crate) fn tier_by_cutoffs(rank: u32, cutoffs: &[u32]) -> usize {
    cutoffs.iter().position(|&c| rank <= c).unwrap_or(cutoffs.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks_share_the_lowest_rank_after_rounding() {
        let mut ranks = Vec::new();
        competition_ranks(&[90.0, 80.000_000_1, 80.0, 70.0, 95.0], &mut Vec::new(), &mut ranks);
        assert_eq!(ranks, [2, 3, 3, 5, 1]);
    }

    #[test]
    fn cutoffs_give_back_each_rank_s_tier() {
        for (rank, tier) in [(1, 0), (3, 0), (4, 1), (9, 2), (10, 3), (12, 3)] {
            assert_eq!(tier_by_cutoffs(rank, &[3, 8, 9, 12]), tier, "rank {rank}");
        }
        // An empty level (no project in B) is skipped.
        assert_eq!(tier_by_cutoffs(4, &[3, 0, 9, 12]), 2);
    }
}
