//! What it would take to move up one tier (spec 4, `what-if`).
//!
//! For a project: for each indicator on its own, the smallest change of its raw
//! value, in the indicator's unit, that lifts the project one tier, and the total
//! it would then have. For a district: the capital in place that lifts its gate,
//! the capital and the quality that lift its tier.
//!
//! How exact, and how the population is handled. A project's score for a changed
//! value is computed with the pipeline's own score expression over the whole
//! population with that one value changed, so a population-relative method
//! (min–max, z-score, percentile, efficacy, a ratio to the mean) moves its
//! population statistics exactly as a re-run would. Every method is monotone in
//! the raw value, and so is the total in a score, so the smallest lifting value is
//! found by bisection down to adjacent floating-point numbers and then rounded
//! outward to four significant digits (whole numbers for counts), checked to lift
//! still. What is held: the other projects' scores and totals (they move only
//! through population statistics, and a project's tier by threshold depends on
//! its own total alone; with quota tiers its rank is counted against the others'
//! present totals), the adjustments and checks.
//!
//! Two views. A user changes a register cell, not an indicator: 达产年产值 feeds
//! 亩均产值, 投入产出比 and 研发投入强度 at once, and 用地面积 every per-mu
//! indicator. So the first answer is per register column: the smallest change
//! of that column, every indicator that reads it re-computed by its own
//! expression and re-scored, the others held. Such a total need not be
//! monotone in the column (more output raises output per mu and lowers R&D
//! intensity), so the change is found by scanning outward from the value now
//! on a fine geometric grid, both ways, then bisecting between the last value
//! that does not lift and the first that does; the smaller change wins. The
//! second view is per indicator on its own, the raw value the indicator's
//! (raising 亩均投资 by 50 万元/亩 is one number, however the register gets
//! there).

use polars::prelude::*;

use super::engine::{Engine, comparable, tier_of};
use crate::aggregate::Weights;
use crate::columns::raw_column;
use crate::config::{Config, Direction, Indicator, Method, TierMethod};
use crate::error::{Error, Result};
use crate::normalise::indicator_expr;
use crate::pipeline::Scored;

/// A raw value as the indicator holds it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum RawValue {
    /// A number in the indicator's unit.
    Number(f64),
    /// A category.
    Text(String),
    /// Yes or no.
    Flag(bool),
}

impl std::fmt::Display for RawValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RawValue::Number(v) => write!(f, "{}", crate::text::format_value(*v)),
            RawValue::Text(t) => write!(f, "{t}"),
            RawValue::Flag(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
        }
    }
}

/// Why no value lifts the tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Reason {
    /// The indicator has no weight.
    NoWeight,
    /// Even its best score would not lift the tier on its own.
    NotEnough,
    /// No value of it alone lifts the tier.
    NoValue,
}

/// One register column's answer: the smallest change of the column that lifts
/// the project, every indicator reading it re-scored.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ColumnLift {
    /// The canonical column.
    pub column: String,
    /// The indicators that read it.
    pub indicators: Vec<String>,
    /// Its value now.
    pub now: Option<f64>,
    /// The value that lifts the tier.
    pub needed: Option<f64>,
    /// The total at that value.
    pub total_after: Option<f64>,
    /// Why none does.
    pub reason: Option<Reason>,
}

/// One indicator's answer.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Lift {
    /// The indicator's key.
    pub indicator: String,
    /// Its unit.
    pub unit: String,
    /// The value now (none when missing).
    pub now: Option<RawValue>,
    /// The value that lifts the tier; none when no value of this indicator alone can.
    pub needed: Option<RawValue>,
    /// Its score now.
    pub score_now: Option<f64>,
    /// Its score at the needed value.
    pub score_needed: Option<f64>,
    /// The total at the needed value.
    pub total_after: Option<f64>,
    /// Why it cannot lift, when it cannot.
    pub reason: Option<Reason>,
}

/// The answer for a project.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ProjectWhatIf {
    /// Its id.
    pub project_id: String,
    /// Total now.
    pub total: f64,
    /// Tier now.
    pub tier: String,
    /// City rank now.
    pub rank: u32,
    /// The tier above, if any.
    pub target_tier: Option<String>,
    /// Per register column an indicator reads, in register order.
    pub columns: Vec<ColumnLift>,
    /// Per indicator, in config order.
    pub lifts: Vec<Lift>,
}

/// The answer for a district.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DistrictWhatIf {
    /// Its key.
    pub district: String,
    /// Total now.
    pub total: f64,
    /// Tier now (after the gate).
    pub tier: String,
    /// Below the gate's minimum completion.
    pub gated: bool,
    /// The gate lowered its tier.
    pub capped: bool,
    /// The tier above, if any.
    pub target_tier: Option<String>,
    /// Quality now.
    pub quality: f64,
    /// Capital in place now (万元) and the (pro-rated) target.
    pub capital_in_place: f64,
    /// The target, when there is one.
    pub target: Option<f64>,
    /// Capital in place that lifts the gate (none when not gated or no target).
    pub capital_for_gate: Option<f64>,
    /// Capital in place that lifts the tier with quality as it is (none when
    /// capital alone cannot).
    pub capital_for_tier: Option<f64>,
    /// Quality that lifts the tier with capital as it is (none when quality alone
    /// cannot, or the gate holds the tier whatever the quality).
    pub quality_for_tier: Option<f64>,
}

/// Bisection steps: enough to reach adjacent doubles from any bracket.
const STEPS: usize = 2100;

/// Whether a total puts the project at `target` tier or better, given the
/// others' totals (for quota tiers).
struct Standing<'a> {
    engine: &'a Engine,
    others: Vec<i64>,
    count: usize,
    target: usize,
}

impl Standing<'_> {
    fn lifts(&self, total: f64) -> bool {
        let key = comparable(total);
        let rank = match self.engine.tiers().method {
            TierMethod::Threshold => 1,
            TierMethod::Share => 1 + self.others.partition_point(|&o| o > key) as u32,
        };
        (tier_of(total, rank, self.count, self.engine.tiers()) as usize) <= self.target
    }
}

/// Answers for a project; `register` is its row of the register with the
/// built-in columns (see [`crate::derive::with_built_ins`]), for the answers
/// per register column (none without it).
pub(crate) fn project_what_if(
    scored: &Scored,
    config: &Config,
    id: &str,
    register: Option<&DataFrame>,
) -> Result<ProjectWhatIf> {
    let engine = Engine::from_scored(scored, config)?;
    let Some(p) = engine.project_ids.iter().position(|x| x == id) else { return Err(not_scored(scored, config, id)) };
    let weights = Weights::from_config(config);
    let nominal = engine.evaluate(&weights);
    let tier = nominal.tiers[p] as usize;
    let mut answer = ProjectWhatIf {
        project_id: id.to_string(),
        total: nominal.totals[p],
        tier: config.tiers.levels[tier].name.clone(),
        rank: nominal.ranks[p],
        target_tier: None,
        columns: Vec::new(),
        lifts: Vec::new(),
    };
    if tier == 0 {
        return Ok(answer);
    }
    answer.target_tier = Some(config.tiers.levels[tier - 1].name.clone());
    let mut others: Vec<i64> =
        nominal.totals.iter().enumerate().filter(|(q, _)| *q != p).map(|(_, &t)| comparable(t)).collect();
    others.sort_unstable_by(|a, b| b.cmp(a));
    let standing = Standing { engine: &engine, others, count: engine.projects(), target: tier - 1 };
    let population = scored.projects.clone().lazy().filter(col("_exempt").not()).collect()?;
    let scores: Vec<f64> = (0..config.indicators.len()).map(|i| engine.score(p, i)).collect();
    let adjustment = engine.adjustment(p);
    for (i, indicator) in config.indicators.iter().enumerate() {
        let probe = Probe { population: &population, indicator, row: p };
        let total_with = |score: Option<f64>| {
            let mut row = scores.clone();
            row[i] = score.unwrap_or(f64::NAN);
            engine.total_of(&row, adjustment, &weights)
        };
        answer.lifts.push(lift(&probe, &standing, &total_with, &weights, indicator, config)?);
    }
    if let Some(register) = register {
        let total_with = |changed: &[(usize, Option<f64>)]| {
            let mut row = scores.clone();
            for &(i, score) in changed {
                row[i] = score.unwrap_or(f64::NAN);
            }
            engine.total_of(&row, adjustment, &weights)
        };
        let columns = RegisterProbe { register, population: &population, row: p, config, standing: &standing };
        answer.columns = columns.lifts(&total_with)?;
    }
    Ok(answer)
}

/// The register row of one project, its population, and what a total must
/// reach: evaluates a changed register value through every indicator that
/// reads the column.
struct RegisterProbe<'a> {
    register: &'a DataFrame,
    population: &'a DataFrame,
    row: usize,
    config: &'a Config,
    standing: &'a Standing<'a>,
}

/// The project's total with some indicators' raw values replaced: (indicator
/// index, raw value) pairs.
type TotalWith<'f> = &'f dyn Fn(&[(usize, Option<f64>)]) -> f64;

/// Values tried between the last that does not lift and the first that does.
const SCAN_PER_OCTAVE: i32 = 8;

impl RegisterProbe<'_> {
    /// Every numeric register column some weighted indicator reads.
    fn lifts(&self, total_with: TotalWith<'_>) -> Result<Vec<ColumnLift>> {
        use crate::columns::{ColumnType, InputKind};
        let mut out = Vec::new();
        for spec in InputKind::Projects.columns() {
            let ColumnType::Number(unit) = spec.kind else { continue };
            let readers: Vec<usize> = (0..self.config.indicators.len())
                .filter(|&i| {
                    crate::config::expr_columns(&self.config.indicators[i].expr).iter().any(|c| c == spec.name)
                })
                .collect();
            if readers.is_empty() || self.register.column(spec.name).is_err() {
                continue;
            }
            out.push(self.column_lift(spec.name, unit, &readers, total_with)?);
        }
        Ok(out)
    }

    /// The total with `column` set to `value`, and whether it lifts.
    fn total_at(&self, column: &str, value: f64, readers: &[usize], total_with: TotalWith<'_>) -> Result<(bool, f64)> {
        let mut row = self.register.clone();
        row.with_column(Column::new(column.into(), vec![Some(value)]))?;
        let schema = row.schema().clone();
        let mut changed = Vec::new();
        for &i in readers {
            let indicator = &self.config.indicators[i];
            let raw =
                row.clone().lazy().select([crate::derive::raw_value(indicator, &schema)?.alias("v")]).collect()?;
            let raw = match raw.column("v")?.get(0)? {
                AnyValue::Null => None,
                AnyValue::Boolean(b) => Some(RawValue::Flag(b)),
                AnyValue::String(s) => Some(RawValue::Text(s.to_string())),
                AnyValue::StringOwned(s) => Some(RawValue::Text(s.to_string())),
                other => other.extract::<f64>().map(RawValue::Number),
            };
            let probe = Probe { population: self.population, indicator, row: self.row };
            let score = match raw {
                Some(raw) => probe.score(&raw)?,
                None => None,
            };
            changed.push((i, score));
        }
        let total = total_with(&changed);
        Ok((self.standing.lifts(total), total))
    }

    fn column_lift(
        &self,
        column: &str,
        unit: crate::columns::Unit,
        readers: &[usize],
        total_with: TotalWith<'_>,
    ) -> Result<ColumnLift> {
        let now = self.register.column(column)?.cast(&DataType::Float64)?.f64()?.get(0);
        let mut answer = ColumnLift {
            column: column.to_string(),
            indicators: readers.iter().map(|&i| self.config.indicators[i].key.clone()).collect(),
            now,
            needed: None,
            total_after: None,
            reason: None,
        };
        let start = now.unwrap_or(0.0).max(0.0);
        let at = |x: f64| self.total_at(column, x, readers, total_with);
        let step = match unit {
            crate::columns::Unit::Count => Step::Whole,
            _ => Step::Money,
        };
        let unit_step = if step == Step::Whole { 1.0 } else { 0.01 };
        // The first of `values` (moving away from the value now) that lifts,
        // and the one before it, which does not.
        let first_lift = |values: &mut dyn Iterator<Item = f64>| -> Result<Option<(f64, f64)>> {
            let mut last = start;
            for x in values {
                if at(x)?.0 {
                    return Ok(Some((last, x)));
                }
                last = x;
            }
            Ok(None)
        };
        // Outward, each way, one value per doubling of the change; then eight
        // between the last that did not lift and the first that did, so a
        // lift a coarse step would jump over (the total need not be monotone)
        // is still the one found.
        let scale = start.max(1.0);
        let mut found: Vec<(f64, f64)> = Vec::new();
        let mut up = (0..=40).map(|k| start + scale * 2f64.powi(k - 10));
        found.extend(first_lift(&mut up)?);
        if start > 0.0 {
            let mut down = (0..=20).map(|k| (start - start * 2f64.powi(k - 20)).max(0.0));
            found.extend(first_lift(&mut down)?);
        }
        let mut refined = Vec::new();
        for (fails, works) in found {
            let mut between =
                (1..=SCAN_PER_OCTAVE).map(|k| fails + (works - fails) * f64::from(k) / f64::from(SCAN_PER_OCTAVE));
            let (mut last, mut first) = (fails, works);
            for x in &mut between {
                if at(x)?.0 {
                    first = x;
                    break;
                }
                last = x;
            }
            refined.push((last, first));
        }
        // The smaller change of the two.
        let Some(&(mut fails, mut works)) =
            refined.iter().min_by(|a, b| (a.1 - start).abs().total_cmp(&(b.1 - start).abs()))
        else {
            answer.reason = Some(Reason::NotEnough);
            return Ok(answer);
        };
        for _ in 0..STEPS {
            let middle = fails + (works - fails) / 2.0;
            if middle == fails || middle == works || (works - fails).abs() <= unit_step / 16.0 {
                break;
            }
            if at(middle)?.0 { works = middle } else { fails = middle }
        }
        let up = works > start;
        let mut readable = round_outward(works, start, up, step);
        // A boundary on a readable value itself (20 patents opens a band) is
        // reached from above by bisection and rounded one step past it: step
        // back while one step less still lifts.
        for _ in 0..3 {
            let back = if up { readable - unit_step } else { readable + unit_step };
            let back = (back / unit_step).round() * unit_step;
            if (back - start) * (readable - start) <= 0.0 || !at(back)?.0 {
                break;
            }
            readable = back;
        }
        let (value, (lifts, total)) = match at(readable)? {
            (true, total) => (readable, (true, total)),
            _ => (works, at(works)?),
        };
        if lifts {
            answer.needed = Some(value);
            answer.total_after = Some(total);
        } else {
            answer.reason = Some(Reason::NotEnough);
        }
        Ok(answer)
    }
}

/// Why a project has no tier to lift: `explain`'s answer (not in scope, skipped
/// with the reason, the nearest ids), or exempt.
fn not_scored(scored: &Scored, config: &Config, id: &str) -> Error {
    match super::explain::explain(scored, config, id) {
        Err(error) => error,
        Ok(_) => Error::Usage(Box::new(crate::i18n::Msg::ExemptNoTier { id: id.to_string() })),
    }
}

/// Evaluates one indicator's score for one project with its raw value changed.
struct Probe<'a> {
    population: &'a DataFrame,
    indicator: &'a Indicator,
    row: usize,
}

impl Probe<'_> {
    fn current(&self) -> Result<Option<RawValue>> {
        let column = self.population.column(&raw_column(&self.indicator.key))?;
        Ok(match column.get(self.row)? {
            AnyValue::Null => None,
            AnyValue::Boolean(b) => Some(RawValue::Flag(b)),
            AnyValue::String(s) => Some(RawValue::Text(s.to_string())),
            AnyValue::StringOwned(s) => Some(RawValue::Text(s.to_string())),
            other => other.extract::<f64>().map(RawValue::Number),
        })
    }

    /// The project's score with `value` in place of its raw value.
    fn score(&self, value: &RawValue) -> Result<Option<f64>> {
        let name = raw_column(&self.indicator.key);
        let column = self.population.column(&name)?;
        let n = self.population.height();
        let replaced = match value {
            RawValue::Number(x) => {
                let mut values: Vec<Option<f64>> = column.cast(&DataType::Float64)?.f64()?.iter().collect();
                values[self.row] = Some(*x);
                Column::new(name.as_str().into(), values)
            }
            RawValue::Text(t) => {
                let mut values: Vec<Option<String>> =
                    column.cast(&DataType::String)?.str()?.iter().map(|v| v.map(String::from)).collect();
                values[self.row] = Some(t.clone());
                Column::new(name.as_str().into(), values)
            }
            RawValue::Flag(b) => {
                let mut values: Vec<Option<bool>> = column.cast(&DataType::Boolean)?.bool()?.iter().collect();
                values[self.row] = Some(*b);
                Column::new(name.as_str().into(), values)
            }
        };
        let frame = DataFrame::new(n, vec![replaced, self.population.column("chain")?.clone()])?;
        // A method that does not look at the population scores the one row alone:
        // the same expression, a thousandth of the work on a large register.
        let (frame, row) =
            if self.population_relative() { (frame, self.row) } else { (frame.slice(self.row as i64, 1), 0) };
        let scores = frame.lazy().select([indicator_expr(self.indicator)?.alias("s")]).collect()?;
        Ok(scores.column("s")?.f64()?.get(row))
    }

    /// Whether the indicator's score of one project depends on the others' values.
    fn population_relative(&self) -> bool {
        !matches!(
            self.indicator.method,
            Method::Goalpost { .. }
                | Method::Bands { .. }
                | Method::Boolean
                | Method::Category { .. }
                | Method::Ratio { benchmark: crate::config::Benchmark::Fixed(_), .. }
        )
    }
}

/// The smallest change of one indicator that lifts the project.
fn lift(
    probe: &Probe,
    standing: &Standing,
    total_with: &dyn Fn(Option<f64>) -> f64,
    weights: &Weights,
    indicator: &Indicator,
    config: &Config,
) -> Result<Lift> {
    let i = config.indicators.iter().position(|x| x.key == indicator.key).unwrap_or(0);
    let now = probe.current()?;
    let score_now = match &now {
        Some(v) => probe.score(v)?,
        None => None,
    };
    let mut answer = Lift {
        indicator: indicator.key.clone(),
        unit: indicator.unit.clone(),
        now: now.clone(),
        needed: None,
        score_now,
        score_needed: None,
        total_after: None,
        reason: None,
    };
    if weights.indicators[i] == 0.0 || weights.dimensions[indicator.dimension] == 0.0 {
        answer.reason = Some(Reason::NoWeight);
        return Ok(answer);
    }
    let lifts_at = |value: &RawValue| -> Result<Option<(f64, f64)>> {
        let score = probe.score(value)?;
        let total = total_with(score);
        Ok(standing.lifts(total).then_some((score.unwrap_or(0.0), total)))
    };
    let found = match &indicator.method {
        Method::Boolean => {
            let value = RawValue::Flag(indicator.direction == Direction::Higher);
            lifts_at(&value)?.map(|r| (value, r))
        }
        Method::Category { map, .. } => {
            // The lowest-scoring category that lifts: the smallest change in kind.
            // Scores as the indicator gives them, direction applied.
            let mut candidates: Vec<(RawValue, f64)> = Vec::new();
            for (value, _) in map {
                let value = RawValue::Text(value.clone());
                if let Some(score) = probe.score(&value)?
                    && score_now.is_none_or(|now| score > now)
                {
                    candidates.push((value, score));
                }
            }
            candidates.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.to_string().cmp(&b.0.to_string())));
            let mut found = None;
            for (value, _) in candidates {
                if let Some(r) = lifts_at(&value)? {
                    found = Some((value, r));
                    break;
                }
            }
            found
        }
        _ => numeric_lift(&now, indicator, &lifts_at)?,
    };
    match found {
        Some((value, (score, total))) => {
            answer.needed = Some(value);
            answer.score_needed = Some(score);
            answer.total_after = Some(total);
        }
        None => {
            answer.reason = Some(match &indicator.method {
                Method::Boolean | Method::Category { .. } => Reason::NoValue,
                _ => Reason::NotEnough,
            })
        }
    }
    Ok(answer)
}

type Lifting<'a> = dyn Fn(&RawValue) -> Result<Option<(f64, f64)>> + 'a;

/// Bisection on a numeric raw value: upward for `higher`, downward (to 0) for
/// `lower`; the result rounded outward to a readable step and checked.
fn numeric_lift(
    now: &Option<RawValue>,
    indicator: &Indicator,
    lifts_at: &Lifting,
) -> Result<Option<(RawValue, (f64, f64))>> {
    let start = match now {
        Some(RawValue::Number(x)) => *x,
        _ => 0.0,
    };
    let up = indicator.direction == Direction::Higher;
    let at = |x: f64| lifts_at(&RawValue::Number(x));
    // A bracket: `fails` does not lift, `works` does.
    let (mut fails, mut works) = if up {
        let mut candidate = start.abs().max(1.0);
        let mut found = None;
        for _ in 0..64 {
            candidate *= 2.0;
            if at(start + candidate)?.is_some() {
                found = Some(start + candidate);
                break;
            }
        }
        match found {
            Some(x) => (start, x),
            None => return Ok(None),
        }
    } else {
        // Downward, as upward: raw values can be negative (a difference, a loss).
        let mut candidate = start.abs().max(1.0);
        let mut found = None;
        for _ in 0..64 {
            candidate *= 2.0;
            if at(start - candidate)?.is_some() {
                found = Some(start - candidate);
                break;
            }
        }
        match found {
            Some(x) => (start, x),
            None => return Ok(None),
        }
    };
    if now.is_none() && at(fails)?.is_some() {
        works = fails;
    }
    for _ in 0..STEPS {
        let middle = fails + (works - fails) / 2.0;
        // Far below any step the answer is rounded to.
        if middle == fails || middle == works || (works - fails).abs() <= 1e-10 * works.abs().max(1e-6) {
            break;
        }
        if at(middle)?.is_some() {
            works = middle;
        } else {
            fails = middle;
        }
    }
    let readable = round_outward(works, start, up, Step::of(&indicator.unit));
    let value = match at(readable)? {
        Some(r) => (readable, r),
        None => (works, at(works)?.expect("the bracket lifts")),
    };
    Ok(Some((RawValue::Number(value.0), value.1)))
}

/// How finely a needed value is shown, from the indicator's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// Counts (件, 人): whole numbers.
    Whole,
    /// Money (万元, 万元/亩): hundredths, 100 yuan.
    Money,
    /// Anything else: four significant digits of the change.
    Significant,
}

impl Step {
    fn of(unit: &str) -> Step {
        if ["件", "项", "个", "人", "名", "家"].contains(&unit) {
            Step::Whole
        } else if unit.starts_with("万") || unit.starts_with("亿") || unit.starts_with("元") {
            Step::Money
        } else {
            Step::Significant
        }
    }
}

/// `x` rounded away from the value now (`from`) to a readable step: the smallest
/// readable value on the lifting side.
pub(crate) fn round_outward(x: f64, from: f64, up: bool, step: Step) -> f64 {
    let change = (x - from).abs();
    if change == 0.0 || !x.is_finite() {
        return x;
    }
    let step = match step {
        Step::Whole => 1.0,
        Step::Money => 0.01,
        Step::Significant => 10f64.powi(change.log10().floor() as i32 - 3),
    };
    let scaled = x / step;
    // Guard against 12.300000000000001 / 0.01 landing a hair above a whole step.
    let near = scaled.round();
    let scaled = if (scaled - near).abs() < 1e-9 {
        near
    } else if up {
        scaled.ceil()
    } else {
        scaled.floor()
    };
    let rounded = scaled * step;
    // Print without binary noise: through the decimal form of the step.
    let decimals = (-step.log10()).ceil().max(0.0) as usize;
    format!("{rounded:.decimals$}").parse().unwrap_or(rounded)
}

/// Answers for a district.
pub(crate) fn district_what_if(scored: &Scored, config: &Config, key: &str) -> Result<Option<DistrictWhatIf>> {
    let engine = Engine::from_scored(scored, config)?;
    let Some(d) = engine.district_index(key) else { return Ok(None) };
    let districts = &scored.districts;
    let get =
        |name: &str| -> Result<Option<f64>> { Ok(districts.column(name)?.cast(&DataType::Float64)?.f64()?.get(d)) };
    let nominal = engine.evaluate(&Weights::from_config(config));
    let scoring = &config.district;
    let tiers = &scoring.tiers;
    let tier = nominal.district_tiers[d] as usize;
    let total = nominal.district_totals[d];
    let quality = get("quality")?.unwrap_or(0.0);
    let capital = get("capital_in_place")?.unwrap_or(0.0);
    let target = get("target")?.filter(|t| *t > 0.0);
    let gated = districts.column("gated")?.bool()?.get(d).unwrap_or(true);
    let adjustment = get("adjustment")?.unwrap_or(0.0);
    let mut answer = DistrictWhatIf {
        district: key.to_string(),
        total,
        tier: tiers.levels[tier].name.clone(),
        gated,
        capped: districts.column("capped").ok().and_then(|c| c.bool().ok()?.get(d)).unwrap_or(false),
        target_tier: None,
        quality,
        capital_in_place: capital,
        target,
        capital_for_gate: None,
        capital_for_tier: None,
        quality_for_tier: None,
    };
    let gate_tier = tiers.levels.iter().position(|l| l.name == scoring.gate_max_tier).unwrap_or(0);
    if gated && let Some(target) = target {
        // Rounded to 0.01 万元, then checked: the gate compares money / target.
        let mut money = round_outward(scoring.gate_min_completion * target, capital, true, Step::Money);
        for _ in 0..100 {
            if money / target >= scoring.gate_min_completion {
                break;
            }
            money = ((money + 0.01) * 100.0).round() / 100.0;
        }
        answer.capital_for_gate = Some(money);
    }
    if tier == 0 {
        return Ok(Some(answer));
    }
    answer.target_tier = Some(tiers.levels[tier - 1].name.clone());
    // The district standing with its own total changed, others held.
    let lifts = |total: f64, gated: bool| -> bool {
        let mut totals = nominal.district_totals.clone();
        totals[d] = total;
        let mut ranks = Vec::new();
        super::engine::competition_ranks(&totals, &mut Vec::new(), &mut ranks);
        let mut t = tier_of(total, ranks[d], totals.len(), tiers) as usize;
        if gated {
            t = t.max(gate_tier);
        }
        t < tier
    };
    let capital_score = get("capital_score")?.unwrap_or(0.0);
    let total_with = |quality: f64, capital_score: f64| {
        (scoring.quality_weight * quality + scoring.capital_weight * capital_score + adjustment).clamp(0.0, 100.0)
    };
    // Capital: completion → capital score; above the gate's minimum it also opens the gate.
    if let Some(target) = target {
        let at = |money: f64| {
            let completion = money / target;
            let score = completion.clamp(0.0, scoring.capital_cap) / scoring.capital_cap * 100.0;
            lifts(total_with(quality, score), completion < scoring.gate_min_completion)
        };
        let ceiling = target * scoring.capital_cap.max(scoring.gate_min_completion);
        if at(ceiling) {
            let (mut fails, mut works) = (capital, ceiling);
            for _ in 0..STEPS {
                let middle = fails + (works - fails) / 2.0;
                if middle == fails || middle == works {
                    break;
                }
                if at(middle) { works = middle } else { fails = middle }
            }
            let readable = round_outward(works, capital, true, Step::Money);
            answer.capital_for_tier = Some(if at(readable) { readable } else { works });
        }
    }
    // Quality, capital as it is: only if the gate does not hold the tier anyway.
    if lifts(total_with(100.0, capital_score), gated) {
        let (mut fails, mut works) = (quality, 100.0);
        for _ in 0..STEPS {
            let middle = fails + (works - fails) / 2.0;
            if middle == fails || middle == works {
                break;
            }
            if lifts(total_with(middle, capital_score), gated) { works = middle } else { fails = middle }
        }
        let readable = round_outward(works, quality, true, Step::Significant);
        answer.quality_for_tier =
            Some(if lifts(total_with(readable, capital_score), gated) { readable } else { works });
    }
    Ok(Some(answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{InputPaths, read_inputs};
    use crate::validate::{Validated, validate};

    fn sample() -> (Config, Validated) {
        let config = Config::builtin_default();
        let inputs = read_inputs(&InputPaths::resolve(&config, &[], &[], &[], &[]), &config).unwrap();
        let validated = validate(inputs, &config, config.period).unwrap();
        (config, validated)
    }

    /// The tier index of a project after scoring `validated` with one register
    /// value changed.
    fn tier_with(config: &Config, validated: &Validated, id: &str, column: &str, value: Expr) -> usize {
        let mut changed = validated.clone();
        changed.projects = changed
            .projects
            .lazy()
            .with_column(when(col("project_id").eq(lit(id))).then(value).otherwise(col(column)).alias(column))
            .collect()
            .unwrap();
        let scored = crate::pipeline::score(changed, config).unwrap();
        let row = scored.projects.clone().lazy().filter(col("project_id").eq(lit(id))).collect().unwrap();
        let tier = row.column("tier").unwrap().str().unwrap().get(0).unwrap().to_string();
        config.tiers.levels.iter().position(|l| l.name == tier).unwrap()
    }

    /// The property the command promises: the value proposed, fed back into the
    /// register and re-scored by the pipeline, lifts the project one tier; one
    /// step less (one unit for counts, 0.01 for money, one step of the shown
    /// precision otherwise) does not. Over a spread of the sample's projects and
    /// every indicator whose raw value is one register column (or one column over
    /// the land area or output, which no other indicator or adjustment reads).
    #[test]
    fn the_proposed_value_lifts_the_tier_and_one_step_less_does_not() {
        let (config, validated) = sample();
        let scored = crate::pipeline::score(validated.clone(), &config).unwrap();
        let ids: Vec<String> =
            scored.projects.column("project_id").unwrap().str().unwrap().iter().flatten().map(String::from).collect();
        // (indicator, register column, the column's value for a raw value x, the step)
        type Case = (&'static str, &'static str, fn(f64) -> Expr, f64);
        let cases: [Case; 4] = [
            ("fai_per_mu", "fixed_asset_investment", |x| lit(x) * col("land_area"), 0.01),
            ("tax_per_mu", "annual_tax", |x| lit(x) * col("land_area"), 0.01),
            ("patents", "patents", lit, 1.0),
            ("rd_intensity", "rd_expense", |x| lit(x) * col("annual_output"), f64::NAN),
        ];
        let mut checked = 0;
        for id in ids.iter().step_by(15) {
            let Ok(answer) = project_what_if(&scored, &config, id, None) else { continue };
            let Some(target) = answer.target_tier.as_ref() else { continue };
            let target = config.tiers.levels.iter().position(|l| &l.name == target).unwrap();
            for (key, column, value_of, step) in cases {
                let lift = answer.lifts.iter().find(|l| l.indicator == key).unwrap();
                let Some(RawValue::Number(x)) = lift.needed else { continue };
                assert!(tier_with(&config, &validated, id, column, value_of(x)) <= target, "{id} {key} = {x} lifts");
                let step = if step.is_nan() {
                    let now = match lift.now {
                        Some(RawValue::Number(v)) => v,
                        _ => 0.0,
                    };
                    10f64.powi((x - now).abs().log10().floor() as i32 - 3)
                } else {
                    step
                };
                let less = x - step;
                if less >= 0.0 {
                    assert!(
                        tier_with(&config, &validated, id, column, value_of(less)) > target,
                        "{id} {key} = {less} (one step less) does not lift"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} cases checked");
    }

    /// What the register view promises: the register value proposed for a
    /// column, written into the register and scored again by the pipeline
    /// (every indicator reading the column re-computed), lifts the project one
    /// tier; one rounding step less (0.01 for money and land, 1 for counts,
    /// toward the value now) does not. Over a spread of the sample's projects
    /// and every register column an indicator reads.
    #[test]
    fn a_proposed_register_value_lifts_the_tier_and_one_step_less_does_not() {
        let (config, validated) = sample();
        let scored = crate::pipeline::score(validated.clone(), &config).unwrap();
        let ids: Vec<String> =
            scored.projects.column("project_id").unwrap().str().unwrap().iter().flatten().map(String::from).collect();
        let (mut checked, mut columns_seen) = (0, std::collections::BTreeSet::new());
        for id in ids.iter().step_by(20) {
            let register = crate::derive::with_built_ins(&validated, &config)
                .unwrap()
                .filter(col("project_id").eq(lit(id.clone())))
                .collect()
                .unwrap();
            let Ok(answer) = project_what_if(&scored, &config, id, Some(&register)) else { continue };
            let Some(target) = answer.target_tier.as_ref() else { continue };
            let target = config.tiers.levels.iter().position(|l| &l.name == target).unwrap();
            for lift in &answer.columns {
                let Some(x) = lift.needed else { continue };
                let now = lift.now.unwrap_or(0.0);
                assert!(
                    tier_with(&config, &validated, id, &lift.column, lit(x)) <= target,
                    "{id} {} = {x} (now {now}) lifts",
                    lift.column
                );
                let step = if matches!(lift.column.as_str(), "patents" | "jobs") { 1.0 } else { 0.01 };
                let less = if x > now { x - step } else { x + step };
                if (less - now) * (x - now) > 0.0 && less >= 0.0 {
                    assert!(
                        tier_with(&config, &validated, id, &lift.column, lit(less)) > target,
                        "{id} {} = {less} (one step less than {x}, now {now}) does not lift",
                        lift.column
                    );
                }
                columns_seen.insert(lift.column.clone());
                checked += 1;
            }
        }
        eprintln!("{checked} register values checked over {columns_seen:?}");
        assert!(checked >= 12, "only {checked} register values checked");
        assert!(columns_seen.len() >= 4, "only {columns_seen:?}");
    }

    #[test]
    fn rounding_outward_is_readable_and_never_falls_short() {
        // Four significant digits of the change (12.34567), outward.
        assert_eq!(round_outward(312.34567, 300.0, true, Step::Significant), 312.35);
        assert_eq!(round_outward(312.34567, 400.0, false, Step::Significant), 312.34);
        assert_eq!(round_outward(0.0123456, 0.0, true, Step::Significant), 0.01235);
        assert_eq!(round_outward(2.2, 1.0, true, Step::Whole), 3.0);
        assert_eq!(round_outward(3.0, 1.0, true, Step::Whole), 3.0);
        assert_eq!(round_outward(12.3, 0.0, true, Step::Significant), 12.3);
        assert_eq!(round_outward(1_400_089.571_2, 1_060_192.27, true, Step::Money), 1_400_089.58);
        assert_eq!(Step::of("万元/亩"), Step::Money);
        assert_eq!(Step::of("件"), Step::Whole);
        assert_eq!(Step::of(""), Step::Significant);
    }
}
