//! How robust the ranking is to the weights (spec 4, `sensitivity`): Monte Carlo
//! over the weight sets, rank intervals and tier probabilities for every project
//! and district, Sobol indices of the dimension weights on the district ranking,
//! and what leaving each indicator out does.
//!
//! Speed is the design: the indicator scores are computed once by the pipeline,
//! and a draw is a re-scoring by the [`Engine`] — a small matrix product and a
//! sort. Weights are drawn up front from one seeded ChaCha8 stream, draws are
//! scored in parallel into their own slots, and every statistic is computed from
//! those slots in a fixed order: the same seed gives the same numbers whatever
//! the thread count.
//!
//! Memory is bounded: the project ranks of all draws are what the percentiles
//! need, and 10,000 draws of 50,000 projects are two billion bytes. They are kept
//! for one block of projects at a time (the block sized to a budget); a later
//! block re-scores the same draws, which costs time, not memory.

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma};
use rayon::prelude::*;

use super::engine::{Engine, Scratch, competition_ranks, tier_by_cutoffs};
use super::stats::{SobolIndex, sobol_indices};
use crate::aggregate::Weights;
use crate::config::{Aggregation, Config};
use crate::i18n::{Hint, Kind, Msg, Name};

/// How weights are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Sampling {
    /// Each weight × U(1−spread, 1+spread), renormalised per set (the spec's).
    Uniform,
    /// Each set ~ Dirichlet(κ·nominal): centred on the nominal weights, and not
    /// pulled away from the extremes by renormalising.
    Dirichlet,
}

/// What to draw.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Settings {
    /// Weight draws.
    pub draws: usize,
    /// Relative spread of the uniform multipliers (and of the Sobol factors).
    pub spread: f64,
    /// Seed of the draws.
    pub seed: u64,
    /// How weight sets are drawn.
    pub sampling: Sampling,
    /// Dirichlet concentration κ; `None` derives it from the spread.
    pub concentration: Option<f64>,
    /// Base sample size N of the Sobol estimators (N·(d+2) re-scorings).
    pub sobol_samples: usize,
    /// Each draw also picks the aggregation, arithmetic or geometric, with equal
    /// probability.
    pub vary_aggregation: bool,
    /// Alternative normalisation methods, as "indicator=method": each draw uses
    /// each alternative with probability one half (the engine holds their scores).
    pub alternatives: Vec<String>,
    /// Bytes the stored project ranks may take.
    pub rank_budget: usize,
}

/// A project's or district's rank and tier over the draws.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Interval {
    /// Project id or district key.
    pub key: String,
    /// Rank with the configured weights.
    pub nominal_rank: u32,
    /// Tier with the configured weights.
    pub nominal_tier: String,
    /// 5th percentile rank (the best end).
    pub p5: f64,
    /// Median rank over the draws.
    pub median: f64,
    /// 95th percentile rank.
    pub p95: f64,
    /// Mean |rank − nominal rank|.
    pub mean_abs_shift: f64,
    /// Share of draws in each tier, in the config's tier order.
    pub tier_probability: Vec<f64>,
    /// No tier reaches [`BORDERLINE`].
    pub borderline: bool,
}

/// A tier is settled when this share of the draws agrees on it.
pub(crate) const BORDERLINE: f64 = 0.8;

/// Standard error of a Sobol index the sample size is judged against.
pub(crate) const SOBOL_TARGET_SE: f64 = 0.02;

/// What leaving one indicator out moves.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct LeaveOneOut {
    /// The indicator's key.
    pub indicator: String,
    /// Its configured weight in the total (dimension share × share within it).
    pub weight: f64,
    /// Districts whose rank changes.
    pub districts_moved: usize,
    /// Mean |rank shift| of districts.
    pub district_mean_shift: f64,
    /// Largest |rank shift| of a district.
    pub district_max_shift: u32,
    /// Districts whose tier changes.
    pub district_tier_changes: usize,
    /// Projects whose rank changes.
    pub projects_moved: usize,
    /// Mean |rank shift| of projects.
    pub project_mean_shift: f64,
    /// Largest |rank shift| of a project.
    pub project_max_shift: u32,
    /// Projects whose tier changes.
    pub project_tier_changes: usize,
}

/// Sobol indices of one dimension weight on the district ranking.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DimensionSobol {
    /// The dimension's key.
    pub dimension: String,
    /// Its indices.
    #[serde(flatten)]
    pub index: SobolIndex,
}

/// The analysis.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Sensitivity {
    /// What was drawn.
    pub settings: Settings,
    /// κ used for Dirichlet draws.
    pub concentration: f64,
    /// Project tier names, in order.
    pub tiers: Vec<String>,
    /// District tier names, in order.
    pub district_tiers: Vec<String>,
    /// Districts, in nominal order.
    pub districts: Vec<Interval>,
    /// Projects, in nominal order.
    pub projects: Vec<Interval>,
    /// Per dimension, on the district ranking.
    pub sobol: Vec<DimensionSobol>,
    /// Base samples a standard error of [`SOBOL_TARGET_SE`] needs (the largest
    /// over the indices).
    pub sobol_samples_needed: usize,
    /// Per indicator.
    pub leave_one_out: Vec<LeaveOneOut>,
    /// Passes over the draws the project ranks needed (see the module comment).
    pub passes: usize,
}

/// The Dirichlet concentration that gives a weight of average size the variance
/// a uniform multiplier of this spread gives it: with m weights of mean 1/m,
/// Var = S²/(3m²) = (1/m)(1 − 1/m)/(κ + 1), so κ = 3(m − 1)/S² − 1.
pub(crate) fn concentration_for(spread: f64, weights: usize) -> f64 {
    (3.0 * (weights.max(2) as f64 - 1.0) / (spread * spread) - 1.0).max(1.0)
}

/// Draws one set of relative weights.
struct WeightDrawer<'a> {
    config: &'a Config,
    nominal: Weights,
    settings: &'a Settings,
    concentration: f64,
}

impl WeightDrawer<'_> {
    fn multiplier(&self, rng: &mut chacha20::ChaCha8Rng) -> f64 {
        let s = self.settings.spread;
        1.0 - s + 2.0 * s * rng.random::<f64>()
    }

    /// A Dirichlet draw centred on `nominal` (zeros stay zero).
    fn dirichlet(&self, nominal: &[f64], rng: &mut chacha20::ChaCha8Rng) -> Vec<f64> {
        let draws: Vec<f64> = nominal
            .iter()
            .map(|&w| match Gamma::new(self.concentration * w, 1.0) {
                Ok(gamma) if w > 0.0 => gamma.sample(rng),
                _ => 0.0,
            })
            .collect();
        let sum: f64 = draws.iter().sum();
        if sum > 0.0 { draws.iter().map(|d| d / sum).collect() } else { nominal.to_vec() }
    }

    fn draw(&self, rng: &mut chacha20::ChaCha8Rng) -> Weights {
        if self.settings.spread == 0.0 {
            return self.nominal.clone();
        }
        match self.settings.sampling {
            Sampling::Uniform => {
                let dimensions: Vec<f64> = self.nominal.dimensions.iter().map(|w| w * self.multiplier(rng)).collect();
                let indicators: Vec<f64> = self.nominal.indicators.iter().map(|w| w * self.multiplier(rng)).collect();
                Weights::from_raw(self.config, &dimensions, &indicators)
            }
            Sampling::Dirichlet => {
                let dimensions = self.dirichlet(&self.nominal.dimensions, rng);
                let mut indicators = vec![0.0; self.nominal.indicators.len()];
                for d in 0..self.config.dimensions.len() {
                    let members = self.config.members(d);
                    let nominal: Vec<f64> = members.iter().map(|&i| self.nominal.indicators[i]).collect();
                    for (&i, w) in members.iter().zip(self.dirichlet(&nominal, rng)) {
                        indicators[i] = w;
                    }
                }
                Weights { dimensions, indicators }
            }
        }
    }
}

/// An alternative normalisation for `sensitivity`: "indicator=method", the
/// method one without parameters (minmax, zscore, percentile, efficacy with
/// its floor of 60). Returns the indicator's index and its scores under that
/// method, in engine order, by the pipeline's own score expression.
pub(crate) fn alternative_scores(
    scored: &crate::pipeline::Scored,
    config: &Config,
    spec: &str,
) -> crate::error::Result<(usize, Vec<Option<f64>>)> {
    use crate::config::Method;
    let (key, method) = spec
        .split_once('=')
        .ok_or_else(|| crate::Error::Usage(Box::new(Msg::AlternativeShape { text: spec.to_string() })))?;
    let (key, method) = (key.trim(), method.trim());
    let i = config.indicators.iter().position(|x| x.key == key).ok_or_else(|| {
        let hint = crate::text::nearest(key, config.indicators.iter().map(|x| x.key.as_str())).map(str::to_string);
        crate::Error::Usage(Box::new(Msg::AlternativeIndicator { key: key.to_string(), hint: Hint(hint) }))
    })?;
    let method = match method {
        "minmax" => Method::MinMax { winsor: None },
        "zscore" => Method::ZScore,
        "percentile" => Method::Percentile,
        "efficacy" => Method::Efficacy { floor: 60.0 },
        other => {
            return Err(crate::Error::Usage(Box::new(Msg::AlternativeMethod { method: other.to_string() })));
        }
    };
    if matches!(config.indicators[i].method, Method::Category { .. } | Method::Boolean) {
        return Err(crate::Error::Usage(Box::new(Msg::AlternativeCategory {
            indicator: Name::new(Kind::Indicator, key.to_string()),
            method: crate::config::MethodName::from_method(&config.indicators[i].method).label(),
        })));
    }
    let mut indicator = config.indicators[i].clone();
    indicator.method = method;
    let run = || -> crate::error::Result<Vec<Option<f64>>> {
        use polars::prelude::*;
        let expr = crate::normalise::indicator_expr(&indicator)?;
        let frame = scored.projects.clone().lazy().filter(col("_exempt").not()).select([expr.alias("s")]).collect()?;
        Ok(frame.column("s")?.f64()?.iter().collect())
    };
    run().map(|scores| (i, scores))
}

/// Scorings of the whole register the draws make: each draw once per pass over
/// the draws (for a progress bar).
pub(crate) fn scorings(engine: &Engine, settings: &Settings) -> u64 {
    let cell = if engine.projects() <= usize::from(u16::MAX) { 2 } else { 4 };
    let block = (settings.rank_budget / cell / settings.draws.max(1)).clamp(1, engine.projects().max(1));
    let passes = engine.projects().div_ceil(block).max(1);
    (settings.draws * passes) as u64
}

/// Runs the analysis; `progress` advances once per draw and pass.
pub(crate) fn sensitivity(
    engine: &Engine,
    config: &Config,
    settings: &Settings,
    progress: &crate::log::Progress,
) -> Sensitivity {
    let nominal_weights = Weights::from_config(config);
    let nominal = engine.evaluate(&nominal_weights);
    let concentration =
        settings.concentration.unwrap_or_else(|| concentration_for(settings.spread.max(1e-9), config.dimensions.len()));
    let drawer = WeightDrawer { config, nominal: nominal_weights.clone(), settings, concentration };
    let mut rng = chacha20::ChaCha8Rng::seed_from_u64(settings.seed);
    let draws: Vec<Draw> = (0..settings.draws)
        .map(|_| {
            let weights = drawer.draw(&mut rng);
            let aggregation = match (settings.vary_aggregation, rng.random::<bool>()) {
                (false, _) => engine.aggregation(),
                (true, true) => Aggregation::Arithmetic,
                (true, false) => Aggregation::Geometric,
            };
            let alternatives = settings.alternatives.iter().map(|_| rng.random::<bool>()).collect();
            Draw { weights, aggregation, alternatives }
        })
        .collect();

    let (projects, districts, passes) = intervals(engine, &nominal, &draws, settings.rank_budget, progress);
    let sobol_rng = chacha20::ChaCha8Rng::seed_from_u64(settings.seed ^ 0x5b0b_0123_4567_89ab);
    let (sobol, sobol_samples_needed) = dimension_sobol(engine, config, &nominal_weights, settings, sobol_rng);
    Sensitivity {
        settings: settings.clone(),
        concentration,
        tiers: engine.tiers().levels.iter().map(|l| l.name.clone()).collect(),
        district_tiers: engine.district_tiers().levels.iter().map(|l| l.name.clone()).collect(),
        districts,
        projects,
        sobol,
        sobol_samples_needed,
        leave_one_out: leave_one_out(engine, config, &nominal, &nominal_weights),
        passes,
    }
}

/// One draw: weights, an aggregation, which alternatives it uses.
struct Draw {
    weights: Weights,
    aggregation: Aggregation,
    alternatives: Vec<bool>,
}

/// What one draw leaves for the statistics besides the block's project ranks.
struct DrawSummary {
    cutoffs: Vec<u32>,
    district_ranks: Vec<u32>,
    district_tiers: Vec<u8>,
}

/// Rank intervals and tier probabilities of projects and districts; the number
/// of passes over the draws.
fn intervals(
    engine: &Engine,
    nominal: &super::engine::Outcome,
    draws: &[Draw],
    budget: usize,
    progress: &crate::log::Progress,
) -> (Vec<Interval>, Vec<Interval>, usize) {
    // Ranks of up to 65,535 projects fit two bytes: half the passes.
    if engine.projects() <= usize::from(u16::MAX) {
        intervals_in::<u16>(engine, nominal, draws, budget, progress)
    } else {
        intervals_in::<u32>(engine, nominal, draws, budget, progress)
    }
}

/// A stored rank: `u16` or `u32`.
trait RankCell: Copy + Send + Sync + Into<u32> + TryFrom<u32> {}
impl RankCell for u16 {}
impl RankCell for u32 {}

fn intervals_in<T: RankCell>(
    engine: &Engine,
    nominal: &super::engine::Outcome,
    draws: &[Draw],
    budget: usize,
    progress: &crate::log::Progress,
) -> (Vec<Interval>, Vec<Interval>, usize) {
    let n = engine.projects();
    let d = draws.len().max(1);
    let block = (budget / std::mem::size_of::<T>() / d).clamp(1, n.max(1));
    let mut projects = Vec::with_capacity(n);
    let mut summaries: Vec<DrawSummary> = Vec::new();
    let mut passes = 0;
    let mut start = 0;
    // At least one pass, for the districts, even with no project.
    while passes == 0 || start < n {
        let end = (start + block).min(n);
        let first = passes == 0;
        let pass: Vec<(Option<DrawSummary>, Vec<T>)> = draws
            .par_iter()
            .map_init(
                || (Vec::new(), Vec::new(), Vec::new(), Scratch::default()),
                |(totals, order, ranks, scratch), draw| {
                    let dimensions = engine.dimension_scores_with(&draw.weights, &draw.alternatives, scratch);
                    engine.totals_aggregated(&dimensions, &draw.weights, draw.aggregation, totals);
                    competition_ranks(totals, order, ranks);
                    let summary = first.then(|| {
                        let district_totals = engine.district_totals(totals);
                        let (district_ranks, district_tiers) = engine.district_standing(&district_totals);
                        DrawSummary { cutoffs: engine.tier_cutoffs(totals, ranks), district_ranks, district_tiers }
                    });
                    let block: Vec<T> =
                        ranks[start..end].iter().map(|&r| T::try_from(r).ok().expect("ranks fit the cell")).collect();
                    progress.advance(1);
                    (summary, block)
                },
            )
            .collect();
        let (pass_summaries, store): (Vec<Option<DrawSummary>>, Vec<Vec<T>>) = pass.into_iter().unzip();
        if first {
            summaries = pass_summaries.into_iter().flatten().collect();
        }
        let levels = engine.tiers().levels.len();
        let block_intervals: Vec<Interval> = (start..end)
            .into_par_iter()
            .map(|p| {
                let ranks: Vec<u32> = store.iter().map(|draw| draw[p - start].into()).collect();
                let mut counts = vec![0usize; levels];
                for (rank, summary) in ranks.iter().zip(&summaries) {
                    counts[tier_by_cutoffs(*rank, &summary.cutoffs)] += 1;
                }
                interval(
                    engine.project_ids[p].clone(),
                    nominal.ranks[p],
                    &engine.tiers().levels[nominal.tiers[p] as usize].name,
                    ranks,
                    counts,
                )
            })
            .collect();
        projects.extend(block_intervals);
        passes += 1;
        start = end;
    }
    let levels = engine.district_tiers().levels.len();
    let districts = (0..engine.districts())
        .map(|i| {
            let ranks: Vec<u32> = summaries.iter().map(|s| s.district_ranks[i]).collect();
            let mut counts = vec![0usize; levels];
            for s in &summaries {
                counts[s.district_tiers[i] as usize] += 1;
            }
            interval(
                engine.district_keys[i].clone(),
                nominal.district_ranks[i],
                &engine.district_tiers().levels[nominal.district_tiers[i] as usize].name,
                ranks,
                counts,
            )
        })
        .collect();
    (projects, districts, passes)
}

fn interval(key: String, nominal_rank: u32, nominal_tier: &str, mut ranks: Vec<u32>, counts: Vec<usize>) -> Interval {
    let draws = ranks.len();
    let mean_abs_shift = if draws == 0 {
        0.0
    } else {
        ranks.iter().map(|&r| u64::from(r.abs_diff(nominal_rank))).sum::<u64>() as f64 / draws as f64
    };
    let nominal = f64::from(nominal_rank);
    let mut q = |p: f64| if draws == 0 { nominal } else { quantile_selected(&mut ranks, p) };
    let tier_probability: Vec<f64> =
        counts.iter().map(|&c| if draws == 0 { 0.0 } else { c as f64 / draws as f64 }).collect();
    let borderline = draws > 0 && tier_probability.iter().all(|&p| p < BORDERLINE);
    Interval {
        key,
        nominal_rank,
        nominal_tier: nominal_tier.to_string(),
        p5: q(0.05),
        median: q(0.5),
        p95: q(0.95),
        mean_abs_shift,
        tier_probability,
        borderline,
    }
}

/// The `q`-quantile of ranks by numpy's linear method, as
/// [`super::stats::quantile_sorted`] gives it, by selection instead of a sort:
/// the two order statistics it interpolates between, each found in linear time.
fn quantile_selected(ranks: &mut [u32], q: f64) -> f64 {
    let h = (ranks.len() - 1) as f64 * q;
    let low = h.floor() as usize;
    let (_, &mut at_low, above) = ranks.select_nth_unstable(low);
    let at_high = above.iter().copied().min().unwrap_or(at_low);
    f64::from(at_low) + (h - low as f64) * (f64::from(at_high) - f64::from(at_low))
}

/// Sobol indices of the dimension weights (each × U(1−S, 1+S), independent) on
/// the district ranks, and the base sample size a standard error of
/// [`SOBOL_TARGET_SE`] needs.
fn dimension_sobol(
    engine: &Engine,
    config: &Config,
    nominal: &Weights,
    settings: &Settings,
    mut rng: chacha20::ChaCha8Rng,
) -> (Vec<DimensionSobol>, usize) {
    let factors = config.dimensions.len();
    let n = settings.sobol_samples;
    let s = settings.spread;
    let mut sample = || -> Vec<Vec<f64>> {
        (0..n).map(|_| (0..factors).map(|_| 1.0 - s + 2.0 * s * rng.random::<f64>()).collect()).collect()
    };
    let (xa, xb) = (sample(), sample());
    // Only the dimension weights vary: the dimension scores are computed once.
    let dimension_scores = engine.dimension_scores(nominal, &mut Scratch::default());
    let model = |multipliers: &Vec<f64>| -> Vec<f64> {
        let raw: Vec<f64> = nominal.dimensions.iter().zip(multipliers).map(|(w, m)| w * m).collect();
        let sum: f64 = raw.iter().sum();
        let weights = if s == 0.0 {
            nominal.clone()
        } else {
            Weights { dimensions: raw.iter().map(|w| w / sum).collect(), indicators: nominal.indicators.clone() }
        };
        let mut totals = Vec::new();
        engine.totals_from_dimensions(&dimension_scores, &weights, &mut totals);
        let mut ranks = Vec::new();
        competition_ranks(&engine.district_totals(&totals), &mut Vec::new(), &mut ranks);
        ranks.into_iter().map(f64::from).collect()
    };
    let a: Vec<Vec<f64>> = xa.par_iter().map(model).collect();
    let b: Vec<Vec<f64>> = xb.par_iter().map(model).collect();
    let ab: Vec<Vec<Vec<f64>>> = (0..factors)
        .map(|i| {
            xa.par_iter()
                .zip(&xb)
                .map(|(ra, rb)| {
                    let mut x = ra.clone();
                    x[i] = rb[i];
                    model(&x)
                })
                .collect()
        })
        .collect();
    let indices = sobol_indices(&a, &b, &ab);
    let worst = indices.iter().flat_map(|i| [i.first_se, i.total_se]).filter(|e| e.is_finite()).fold(0.0, f64::max);
    // Estimators with no spread at all (the ranking never moves) need no more samples.
    let needed = ((n as f64) * (worst / SOBOL_TARGET_SE).powi(2)).ceil() as usize;
    let sobol = config
        .dimensions
        .iter()
        .zip(indices)
        .map(|(dimension, index)| DimensionSobol { dimension: dimension.key.clone(), index })
        .collect();
    (sobol, needed)
}

/// Re-scores without each indicator in turn (its weight 0, the rest of its
/// dimension rescaled; a dimension left empty drops out of the total).
fn leave_one_out(
    engine: &Engine,
    config: &Config,
    nominal: &super::engine::Outcome,
    weights: &Weights,
) -> Vec<LeaveOneOut> {
    config
        .indicators
        .par_iter()
        .enumerate()
        .map(|(i, indicator)| {
            let mut indicators = weights.indicators.clone();
            indicators[i] = 0.0;
            let mut dimensions = weights.dimensions.clone();
            let d = indicator.dimension;
            if config.members(d).iter().all(|&m| indicators[m] == 0.0) {
                dimensions[d] = 0.0;
            }
            let without = if weights.indicators[i] == 0.0 {
                weights.clone()
            } else {
                Weights::from_raw(config, &dimensions, &indicators)
            };
            let outcome = engine.evaluate(&without);
            let shifts = |a: &[u32], b: &[u32]| -> (usize, f64, u32) {
                let moved = a.iter().zip(b).filter(|(x, y)| x != y).count();
                let sum: u64 = a.iter().zip(b).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
                let max = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y)).max().unwrap_or(0);
                (moved, if a.is_empty() { 0.0 } else { sum as f64 / a.len() as f64 }, max)
            };
            let changes = |a: &[u8], b: &[u8]| a.iter().zip(b).filter(|(x, y)| x != y).count();
            let (districts_moved, district_mean_shift, district_max_shift) =
                shifts(&nominal.district_ranks, &outcome.district_ranks);
            let (projects_moved, project_mean_shift, project_max_shift) = shifts(&nominal.ranks, &outcome.ranks);
            LeaveOneOut {
                indicator: indicator.key.clone(),
                weight: weights.dimensions[d] * weights.indicators[i],
                districts_moved,
                district_mean_shift,
                district_max_shift,
                district_tier_changes: changes(&nominal.district_tiers, &outcome.district_tiers),
                projects_moved,
                project_mean_shift,
                project_max_shift,
                project_tier_changes: changes(&nominal.tiers, &outcome.tiers),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::quantile_sorted;

    #[test]
    fn quantiles_by_selection_equal_quantiles_of_the_sorted_ranks() {
        let mut state = 3u64;
        for len in [1usize, 2, 3, 10, 101, 1000] {
            let ranks: Vec<u32> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((state >> 40) % 50) as u32 + 1
                })
                .collect();
            let mut sorted = ranks.clone();
            sorted.sort_unstable();
            let sorted: Vec<f64> = sorted.into_iter().map(f64::from).collect();
            for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
                assert_eq!(quantile_selected(&mut ranks.clone(), q), quantile_sorted(&sorted, q), "{len} {q}");
            }
        }
    }
}
