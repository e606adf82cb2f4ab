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
    /// Indicator scores, one column per indicator (0 where the project has no
    /// score): column-major, so a weighted sum streams through memory and
    /// vectorises.
    columns: Vec<Vec<f64>>,
    /// Per indicator, 1 where the project has a score and 0 where it has none (an
    /// excluded missing value): the denominators of the dimension means.
    available: Vec<Vec<f64>>,
    /// Alternative score columns (another normalisation method) a draw may use
    /// instead: (indicator, scores, available).
    alternatives: Vec<(usize, Vec<f64>, Vec<f64>)>,
    /// Indicator indices of each dimension.
    members: Vec<Vec<usize>>,
    aggregation: Aggregation,
    /// Each project's adjustment points (fixed: conditions do not depend on weights).
    adjustments: Vec<f64>,
    /// Each project's weight in its district's quality.
    quality_weights: Vec<f64>,
    /// Districts in the run's ranked order.
    pub district_keys: Vec<String>,
    /// Per district: capital weight × capital score, and the adjustment (fixed).
    district_fixed: Vec<(f64, f64)>,
    quality_share: f64,
    /// Per district: held by the policy gate.
    gated: Vec<bool>,
    tiers: Tiers,
    district_tiers: Tiers,
    gate_tier: usize,
}

/// Buffers a re-scoring reuses.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    numerator: Vec<f64>,
    denominator: Vec<f64>,
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
/// rounding. `order` is scratch space reused between calls.
///
/// A stable radix sort on the rounded total (at most 27 bits: 0–100 in
/// millionths) in three passes of 9 bits: linear, where a comparison sort of
/// 50,000 totals per draw was most of a sensitivity run.
pub(crate) fn competition_ranks(totals: &[f64], order: &mut Vec<u64>, ranks: &mut Vec<u32>) {
    const TOP: i64 = 100_000_000;
    // Key: the rounded total reversed (so ascending is best first) in the high
    // bits, the row in the low 32. A total outside 0–100 cannot occur; clamped.
    let key = |t: f64| (TOP - comparable(t).clamp(0, TOP)) as u64;
    order.clear();
    order.extend(totals.iter().enumerate().map(|(row, &t)| (key(t) << 32) | row as u64));
    let mut buffer = vec![0u64; order.len()];
    for pass in 0..3 {
        let shift = 32 + 9 * pass;
        let mut counts = [0usize; 513];
        for &k in order.iter() {
            counts[((k >> shift) & 511) as usize + 1] += 1;
        }
        for b in 0..512 {
            counts[b + 1] += counts[b];
        }
        for &k in order.iter() {
            let bucket = ((k >> shift) & 511) as usize;
            buffer[counts[bucket]] = k;
            counts[bucket] += 1;
        }
        std::mem::swap(order, &mut buffer);
    }
    ranks.clear();
    ranks.resize(totals.len(), 0);
    let mut previous = u64::MAX;
    let mut rank = 0u32;
    for (position, k) in order.iter().enumerate() {
        if k >> 32 != previous {
            previous = k >> 32;
            rank = position as u32 + 1;
        }
        ranks[(k & u64::from(u32::MAX)) as usize] = rank;
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
        let mut columns = Vec::with_capacity(config.indicators.len());
        let mut available = Vec::with_capacity(config.indicators.len());
        for indicator in &config.indicators {
            let values = f64_column(&projects, &score_column(&indicator.key))?;
            columns.push(values.iter().map(|v| v.unwrap_or(0.0)).collect());
            available.push(values.iter().map(|v| if v.is_some() { 1.0 } else { 0.0 }).collect());
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
            .map(|(c, a)| (config.district.capital_weight * c.unwrap_or(0.0), a.unwrap_or(0.0)))
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
            columns,
            available,
            alternatives: Vec::new(),
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
        if self.available[indicator][project] > 0.0 { self.columns[indicator][project] } else { f64::NAN }
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

    /// Every project's dimension scores with the given indicator weights: one
    /// column per dimension (the same sums, in the same order, as
    /// `aggregate::aggregate`).
    pub(crate) fn dimension_scores(&self, weights: &Weights, scratch: &mut Scratch) -> Vec<Vec<f64>> {
        self.dimension_scores_with(weights, &[], scratch)
    }

    /// Adds an alternative score column for an indicator (scores in engine
    /// order, `None` where the project has none); returns its index.
    pub(crate) fn add_alternative(&mut self, indicator: usize, scores: &[Option<f64>]) -> usize {
        let column = scores.iter().map(|v| v.unwrap_or(0.0)).collect();
        let available = scores.iter().map(|v| if v.is_some() { 1.0 } else { 0.0 }).collect();
        self.alternatives.push((indicator, column, available));
        self.alternatives.len() - 1
    }

    /// Dimension scores with some alternatives in use (`chosen[k]` for
    /// alternative k; missing entries are not chosen).
    pub(crate) fn dimension_scores_with(
        &self,
        weights: &Weights,
        chosen: &[bool],
        scratch: &mut Scratch,
    ) -> Vec<Vec<f64>> {
        let n = self.projects();
        self.members
            .iter()
            .map(|members| {
                let (numerator, denominator) = (&mut scratch.numerator, &mut scratch.denominator);
                numerator.clear();
                numerator.resize(n, 0.0);
                denominator.clear();
                denominator.resize(n, 0.0);
                for &i in members {
                    let w = weights.indicators[i];
                    let alternative = self
                        .alternatives
                        .iter()
                        .enumerate()
                        .find(|(k, (indicator, ..))| *indicator == i && chosen.get(*k).copied().unwrap_or(false));
                    let (scores, available) = match alternative {
                        Some((_, (_, column, available))) => (column, available),
                        None => (&self.columns[i], &self.available[i]),
                    };
                    for ((num, den), (s, a)) in
                        numerator.iter_mut().zip(denominator.iter_mut()).zip(scores.iter().zip(available))
                    {
                        *num += w * s;
                        *den += w * a;
                    }
                }
                numerator
                    .iter()
                    .zip(denominator.iter())
                    .map(|(&num, &den)| if den > 0.0 { (num / den).clamp(0.0, 100.0) } else { 0.0 })
                    .collect()
            })
            .collect()
    }

    /// Every project's total from its dimension scores and the dimension weights.
    pub(crate) fn totals_from_dimensions(&self, dimensions: &[Vec<f64>], weights: &Weights, totals: &mut Vec<f64>) {
        self.totals_aggregated(dimensions, weights, self.aggregation, totals);
    }

    /// The configured aggregation.
    pub(crate) fn aggregation(&self) -> Aggregation {
        self.aggregation
    }

    /// Totals with a given aggregation (`sensitivity` can vary it).
    pub(crate) fn totals_aggregated(
        &self,
        dimensions: &[Vec<f64>],
        weights: &Weights,
        aggregation: Aggregation,
        totals: &mut Vec<f64>,
    ) {
        totals.clear();
        totals.resize(self.projects(), 0.0);
        for (scores, &w) in dimensions.iter().zip(&weights.dimensions) {
            match aggregation {
                Aggregation::Arithmetic => totals.iter_mut().zip(scores).for_each(|(t, d)| *t += w * d),
                Aggregation::Geometric => totals.iter_mut().zip(scores).for_each(|(t, d)| *t += w * d.max(1.0).ln()),
            }
        }
        let geometric = aggregation == Aggregation::Geometric;
        for (t, adjustment) in totals.iter_mut().zip(&self.adjustments) {
            let base = if geometric { t.exp() } else { *t };
            *t = (base.clamp(0.0, 100.0) + adjustment).clamp(0.0, 100.0);
        }
    }

    /// Every project's total with the given weights.
    pub(crate) fn project_totals(&self, weights: &Weights, totals: &mut Vec<f64>) {
        let dimensions = self.dimension_scores(weights, &mut Scratch::default());
        self.totals_from_dimensions(&dimensions, weights, totals);
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
            .map(|(&(numerator, denominator), &(capital, adjustment))| {
                let quality = if denominator != 0.0 { (numerator / denominator).clamp(0.0, 100.0) } else { 0.0 };
                // In the pipeline's order: (quality part + capital part) + adjustment.
                (self.quality_share * quality + capital + adjustment).clamp(0.0, 100.0)
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
    fn radix_ranks_agree_with_counting_the_better_totals() {
        let mut state = 99u64;
        let totals: Vec<f64> = (0..3000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Many ties: totals on a coarse grid, and the extremes.
                match state >> 60 {
                    0 => 0.0,
                    1 => 100.0,
                    _ => ((state >> 33) % 2000) as f64 / 20.0 + 1e-7 * ((state >> 20) % 3) as f64,
                }
            })
            .collect();
        let mut ranks = Vec::new();
        competition_ranks(&totals, &mut Vec::new(), &mut ranks);
        for (i, &t) in totals.iter().enumerate() {
            let better = totals.iter().filter(|&&o| comparable(o) > comparable(t)).count();
            assert_eq!(ranks[i] as usize, better + 1, "total {t}");
        }
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
