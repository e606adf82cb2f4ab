//! What changed between two scorings of a period (spec 4, `compare`): two
//! configs on the same inputs, or this run against an earlier run's outputs
//! (before and after districts corrected rows during the objection period).
//!
//! Both sides are read as the sidecars show them (`project_id`, `rank`, `tier`,
//! `total`, the dimensions, `<key>_score`), so an earlier run compares the same
//! way whether it is in memory or only on disk. The report answers, in order, the
//! questions an evaluator is asked: what did you change (the config diff), how
//! much did the ranking move overall (Spearman's ρ and Kendall's τ), who changed
//! tier — and, with quota tiers, who changed tier only because others moved —
//! and for the largest movers, which indicator moved them most.

use std::collections::HashMap;

use polars::prelude::*;

use super::stats::{kendall_tau_b, spearman};
use crate::columns::DIMENSION_KEYS;
use crate::config::Config;
use crate::error::Result;
use crate::frames::{number_values as numbers, text_values as text};
use crate::i18n::{Cx, Kind, L, Name, Pct, Say};

/// One fact of a config a diff lists: its key (for JSON), what a person reads
/// it as, and its value in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    /// The config key (`dimensions.tech.weight`).
    pub key: String,
    /// What it is, in words (维度权重：科技含量).
    pub label: String,
    /// Its value, in words.
    pub value: String,
}

/// The facts of a config that a diff lists, in config order, in `cx`'s words.
pub(crate) fn config_facts(config: &Config, cx: Cx<'_>) -> Vec<Fact> {
    use crate::config::words;
    let fmt = crate::text::format_value;
    let mut facts = Vec::new();
    let mut fact = |key: String, label: String, value: String| facts.push(Fact { key, label, value });
    let say = |s: Say| cx.say(&s);
    fact(
        "scoring.aggregation".into(),
        cx.l(L::FactAggregation).into(),
        cx.l(words::aggregation(config.aggregation)).into(),
    );
    for d in &config.dimensions {
        fact(
            format!("dimensions.{}.weight", d.key),
            say(Say::FactDimensionWeight { dimension: Name::new(Kind::Dimension, d.key.clone()) }),
            say(Say::WeightShare { weight: fmt(d.weight), share: Pct(d.relative_weight) }),
        );
    }
    for i in &config.indicators {
        let at = format!("indicators.{}", i.key);
        let name = || Name::new(Kind::Indicator, i.key.clone());
        let (method, parameters) = i.method.describe(cx);
        fact(
            format!("{at}.weight"),
            say(Say::FactIndicatorWeight { indicator: name() }),
            say(Say::WeightShareInDimension { weight: fmt(i.weight), share: Pct(i.relative_weight) }),
        );
        fact(
            format!("{at}.method"),
            say(Say::FactMethod { indicator: name() }),
            if parameters.is_empty() {
                method
            } else {
                format!("{method}{}{parameters}{}", cx.pick("（", " ("), cx.pick("）", ")"))
            },
        );
        fact(format!("{at}.expr"), say(Say::FactExpr { indicator: name() }), i.expr_text.clone());
        fact(
            format!("{at}.direction"),
            say(Say::FactDirection { indicator: name() }),
            cx.l(words::direction(i.direction)).into(),
        );
        fact(
            format!("{at}.missing"),
            say(Say::FactMissing { indicator: name() }),
            cx.l(words::missing(i.missing)).into(),
        );
        fact(format!("{at}.scope"), say(Say::FactScope { indicator: name() }), cx.l(words::scope(i.scope)).into());
    }
    fact("tiers".into(), cx.l(L::FactProjectTiers).into(), words::tiers(&config.tiers, cx));
    let s = &config.district;
    fact(
        "district.quality_weighting".into(),
        cx.l(L::FactQualityWeighting).into(),
        cx.l(words::weighting(s.quality_weighting)).into(),
    );
    fact("district.quality_weight".into(), cx.l(L::FactQualityWeight).into(), fmt(s.quality_weight));
    fact("district.capital_weight".into(), cx.l(L::FactCapitalWeight).into(), fmt(s.capital_weight));
    fact("district.pro_rate".into(), cx.l(L::FactProRate).into(), cx.l(if s.pro_rate { L::Yes } else { L::No }).into());
    fact("district.capital_cap".into(), cx.l(L::FactCapitalCap).into(), format!("{}%", fmt(s.capital_cap * 100.0)));
    fact(
        "district.gate_min_completion".into(),
        cx.l(L::FactGateMin).into(),
        format!("{}%", fmt(s.gate_min_completion * 100.0)),
    );
    fact("district.gate_max_tier".into(), cx.l(L::FactGateMax).into(), s.gate_max_tier.clone());
    fact("district.tiers".into(), cx.l(L::FactDistrictTiers).into(), words::tiers(&s.tiers, cx));
    for a in &config.adjustments {
        fact(
            format!("adjustments.{}", a.key),
            say(Say::FactAdjustment { adjustment: Name::new(Kind::Adjustment, a.key.clone()) }),
            words::adjustment(a, cx),
        );
    }
    fact(
        "scoring.exempt".into(),
        cx.l(L::FactExempt).into(),
        config.exempt.as_ref().map(|(t, _)| t.clone()).unwrap_or_default(),
    );
    facts
}

/// One side of a comparison.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    /// What it is ("config/default.toml", "out/2022Q3").
    pub label: String,
    /// The projects sidecar.
    pub projects: DataFrame,
    /// The districts sidecar.
    pub districts: DataFrame,
    /// Relative dimension weights by key.
    pub dimension_weights: Vec<(String, f64)>,
    /// Relative indicator weights within their dimension, by key.
    pub indicator_weights: Vec<(String, f64)>,
    /// Indicator key → dimension key.
    pub indicator_dimensions: HashMap<String, String>,
    /// Config facts (see [`config_facts`]); empty when only the weights are known.
    pub facts: Vec<Fact>,
    /// The district total's weight of quality (the rest is capital).
    pub quality_weight: f64,
    /// SHA-256 of each config layer, when known.
    pub config_sha256: Vec<String>,
}

/// A changed config value.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ConfigChange {
    /// Its key.
    pub key: String,
    /// What it is, in words.
    pub label: String,
    /// Before (empty when new).
    pub before: String,
    /// After (empty when gone).
    pub after: String,
}

/// Rank correlations over the entities scored on both sides.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(crate) struct Agreement {
    /// Entities on both sides.
    pub compared: usize,
    /// Spearman's ρ of the ranks.
    pub spearman: f64,
    /// Kendall's τ-b of the ranks.
    pub kendall: f64,
    /// Entities whose rank changed.
    pub moved: usize,
    /// Entities whose tier changed.
    pub tier_changes: usize,
}

/// One project or district on both sides.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Shift {
    /// Project id or district key.
    pub key: String,
    /// District key (projects) or display name (districts).
    pub label: String,
    /// Rank before, after.
    pub rank: (Option<u32>, Option<u32>),
    /// Rank improvement: before − after (positive moved up).
    pub shift: Option<i64>,
    /// Total before, after.
    pub total: (Option<f64>, Option<f64>),
    /// Tier before, after.
    pub tier: (Option<String>, Option<String>),
    /// Dimension scores before, after, by [`DIMENSION_KEYS`].
    pub dimensions: Vec<(Option<f64>, Option<f64>)>,
    /// Each dimension's weighted contribution to the total before and after, in
    /// points, by [`DIMENSION_KEYS`]: what moved when only the weights did.
    pub contributions: Vec<(Option<f64>, Option<f64>)>,
    /// The tier changed while the total did not: moved by others (quota tiers).
    pub knock_on: bool,
    /// The indicator whose weighted contribution changed most, and by how much
    /// (points of the total).
    pub driver: Option<(String, f64)>,
}

/// The comparison.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Comparison {
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
    /// Changed config values (or weights, for a run on disk).
    pub config_changes: Vec<ConfigChange>,
    /// Whether the two configs' SHA-256s are known and equal.
    pub same_config: Option<bool>,
    /// Over projects.
    pub projects: Agreement,
    /// Over districts.
    pub districts: Agreement,
    /// Projects whose tier changed only because others moved.
    pub knock_on_tier_changes: usize,
    /// Every district, in the after side's order.
    pub district_shifts: Vec<Shift>,
    /// Every project on either side, largest |shift| first.
    pub project_shifts: Vec<Shift>,
    /// Projects scored only before.
    pub only_before: Vec<String>,
    /// Projects scored only after.
    pub only_after: Vec<String>,
}

/// The rows of a sidecar by key: rank, total, tier, dimensions, indicator scores.
struct Rows {
    order: Vec<String>,
    label: HashMap<String, String>,
    rank: HashMap<String, u32>,
    total: HashMap<String, f64>,
    tier: HashMap<String, String>,
    dimensions: HashMap<String, Vec<Option<f64>>>,
    scores: HashMap<String, HashMap<String, f64>>,
}

impl Rows {
    fn of(frame: &DataFrame, key: &str, label: &str, indicators: &[String]) -> Result<Rows> {
        let keys = text(frame, key)?;
        let labels = text(frame, label)?;
        let ranks = numbers(frame, "rank")?;
        let totals = numbers(frame, "total")?;
        let tiers = text(frame, "tier")?;
        let dims: Vec<Vec<Option<f64>>> =
            DIMENSION_KEYS.iter().map(|d| numbers(frame, d)).collect::<PolarsResult<_>>()?;
        let scores: Vec<(String, Vec<Option<f64>>)> = indicators
            .iter()
            .map(|i| Ok((i.clone(), numbers(frame, &format!("{i}_score"))?)))
            .collect::<Result<_>>()?;
        let mut rows = Rows {
            order: Vec::new(),
            label: HashMap::new(),
            rank: HashMap::new(),
            total: HashMap::new(),
            tier: HashMap::new(),
            dimensions: HashMap::new(),
            scores: HashMap::new(),
        };
        for (r, k) in keys.into_iter().enumerate() {
            let Some(k) = k else { continue };
            rows.order.push(k.clone());
            rows.label.insert(k.clone(), labels[r].clone().unwrap_or_default());
            if let Some(rank) = ranks[r] {
                rows.rank.insert(k.clone(), rank as u32);
            }
            if let Some(total) = totals[r] {
                rows.total.insert(k.clone(), total);
            }
            if let Some(tier) = &tiers[r] {
                rows.tier.insert(k.clone(), tier.clone());
            }
            rows.dimensions.insert(k.clone(), dims.iter().map(|d| d[r]).collect());
            let s: HashMap<String, f64> = scores.iter().filter_map(|(i, v)| v[r].map(|x| (i.clone(), x))).collect();
            rows.scores.insert(k, s);
        }
        Ok(rows)
    }
}

/// Compares two sides.
pub(crate) fn compare(before: &Side, after: &Side, cx: Cx<'_>) -> Result<Comparison> {
    let mut indicators: Vec<String> = before.indicator_weights.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in &after.indicator_weights {
        if !indicators.contains(k) {
            indicators.push(k.clone());
        }
    }
    let (pb, pa) = (
        Rows::of(&before.projects, "project_id", "district", &indicators)?,
        Rows::of(&after.projects, "project_id", "district", &indicators)?,
    );
    let (db, da) = (
        Rows::of(&before.districts, "district", "district", &[])?,
        Rows::of(&after.districts, "district", "district", &[])?,
    );
    let contribution = |side: &Side, scores: &HashMap<String, f64>, indicator: &str| -> f64 {
        let within = side.indicator_weights.iter().find(|(k, _)| k == indicator).map_or(0.0, |(_, w)| *w);
        let dimension = side.indicator_dimensions.get(indicator);
        let outer = side.dimension_weights.iter().find(|(k, _)| Some(k) == dimension).map_or(0.0, |(_, w)| *w);
        outer * within * scores.get(indicator).copied().unwrap_or(0.0)
    };
    // The driver pushes the way the total went: of the contributions that changed
    // in that direction, the largest (a project that rose because its tech
    // weight grew is "moved by" tech, not by the smaller indicator that fell).
    let driver = |key: &str| -> Option<(String, f64)> {
        let (sb, sa) = (pb.scores.get(key)?, pa.scores.get(key)?);
        let direction = match (pb.total.get(key), pa.total.get(key)) {
            (Some(b), Some(a)) if a < b => -1.0,
            _ => 1.0,
        };
        let deltas: Vec<(String, f64)> = indicators
            .iter()
            .map(|i| (i.clone(), contribution(after, sa, i) - contribution(before, sb, i)))
            .filter(|(_, delta)| delta.abs() > 1e-9)
            .collect();
        let largest = |candidates: &mut dyn Iterator<Item = &(String, f64)>, key: &dyn Fn(f64) -> f64| {
            candidates.max_by(|a, b| key(a.1).total_cmp(&key(b.1)).then_with(|| b.0.cmp(&a.0))).cloned()
        };
        largest(&mut deltas.iter().filter(|(_, d)| d * direction > 0.0), &|d| d * direction)
            .or_else(|| largest(&mut deltas.iter(), &f64::abs))
    };
    let mut keys: Vec<String> = pa.order.clone();
    keys.extend(pb.order.iter().filter(|k| !pa.label.contains_key(*k)).cloned());
    let mut project_shifts: Vec<Shift> =
        keys.iter().map(|k| shift(k, &pb, &pa, driver(k), (before, after), true)).collect();
    // Largest movers first; then by rank after, then id, so the order is total.
    project_shifts.sort_by(|a, b| {
        let size = |s: &Shift| s.shift.map_or(-1, i64::abs);
        size(b)
            .cmp(&size(a))
            .then(a.rank.1.unwrap_or(u32::MAX).cmp(&b.rank.1.unwrap_or(u32::MAX)))
            .then(a.key.cmp(&b.key))
    });
    let district_shifts: Vec<Shift> = da
        .order
        .iter()
        .chain(db.order.iter().filter(|k| !da.label.contains_key(*k)))
        .map(|k| shift(k, &db, &da, None, (before, after), false))
        .collect();
    let config_changes = config_diff(before, after, cx);
    let same_config = (!before.config_sha256.is_empty() && !after.config_sha256.is_empty())
        .then(|| before.config_sha256 == after.config_sha256);
    Ok(Comparison {
        before: before.label.clone(),
        after: after.label.clone(),
        config_changes,
        same_config,
        projects: agreement(&pb, &pa),
        districts: agreement(&db, &da),
        knock_on_tier_changes: project_shifts.iter().filter(|s| s.knock_on).count(),
        district_shifts,
        only_before: pb.order.iter().filter(|k| !pa.label.contains_key(*k)).cloned().collect(),
        only_after: pa.order.iter().filter(|k| !pb.label.contains_key(*k)).cloned().collect(),
        project_shifts,
    })
}

/// One entity on both sides. A project's dimension contributes its weight in
/// the total; a district's, its weight in quality times the quality weight.
fn shift(
    key: &str,
    before: &Rows,
    after: &Rows,
    driver: Option<(String, f64)>,
    sides: (&Side, &Side),
    project: bool,
) -> Shift {
    let rank = (before.rank.get(key).copied(), after.rank.get(key).copied());
    let total = (before.total.get(key).copied(), after.total.get(key).copied());
    let tier = (before.tier.get(key).cloned(), after.tier.get(key).cloned());
    let same_total =
        matches!(total, (Some(a), Some(b)) if super::engine::comparable(a) == super::engine::comparable(b));
    let empty = vec![None; DIMENSION_KEYS.len()];
    let (dims_before, dims_after) =
        (before.dimensions.get(key).unwrap_or(&empty), after.dimensions.get(key).unwrap_or(&empty));
    let contribution = |side: &Side, dims: &[Option<f64>]| -> Vec<Option<f64>> {
        let outer = if project { 1.0 } else { side.quality_weight };
        DIMENSION_KEYS
            .iter()
            .zip(dims)
            .map(|(d, score)| {
                let weight = side.dimension_weights.iter().find(|(k, _)| k == d).map(|(_, w)| *w)?;
                score.map(|s| outer * weight * s)
            })
            .collect()
    };
    let (cb, ca) = (contribution(sides.0, dims_before), contribution(sides.1, dims_after));
    Shift {
        contributions: cb.into_iter().zip(ca).collect(),
        key: key.to_string(),
        label: after.label.get(key).or_else(|| before.label.get(key)).cloned().unwrap_or_default(),
        shift: match rank {
            (Some(b), Some(a)) => Some(i64::from(b) - i64::from(a)),
            _ => None,
        },
        knock_on: same_total && tier.0.is_some() && tier.1.is_some() && tier.0 != tier.1,
        rank,
        total,
        tier,
        dimensions: dims_before.iter().copied().zip(dims_after.iter().copied()).collect(),
        driver,
    }
}

fn agreement(before: &Rows, after: &Rows) -> Agreement {
    let common: Vec<&String> =
        after.order.iter().filter(|k| before.rank.contains_key(*k) && after.rank.contains_key(*k)).collect();
    let x: Vec<f64> = common.iter().map(|k| f64::from(before.rank[*k])).collect();
    let y: Vec<f64> = common.iter().map(|k| f64::from(after.rank[*k])).collect();
    Agreement {
        compared: common.len(),
        spearman: spearman(&x, &y),
        kendall: kendall_tau_b(&x, &y),
        moved: x.iter().zip(&y).filter(|(a, b)| a != b).count(),
        tier_changes: common.iter().filter(|k| before.tier.get(**k) != after.tier.get(**k)).count(),
    }
}

/// The config facts that differ; with only weights known (a run on disk without
/// its config), the weights that differ.
fn config_diff(before: &Side, after: &Side, cx: Cx<'_>) -> Vec<ConfigChange> {
    let facts = |side: &Side| -> Vec<Fact> {
        if !side.facts.is_empty() && !before.facts.is_empty() && !after.facts.is_empty() {
            return side.facts.clone();
        }
        let mut facts: Vec<Fact> = side
            .dimension_weights
            .iter()
            .map(|(k, w)| Fact {
                key: format!("dimensions.{k}.weight"),
                label: cx.say(&Say::FactDimensionWeight { dimension: Name::new(Kind::Dimension, k.clone()) }),
                value: format!("{:.1}%", w * 100.0),
            })
            .collect();
        facts.extend(side.indicator_weights.iter().map(|(k, w)| Fact {
            key: format!("indicators.{k}.weight"),
            label: cx.say(&Say::FactIndicatorWeight { indicator: Name::new(Kind::Indicator, k.clone()) }),
            value: cx.say(&Say::ShareInDimension { share: Pct(*w) }),
        }));
        facts
    };
    let (b, a) = (facts(before), facts(after));
    let find = |list: &[Fact], key: &str| list.iter().find(|f| f.key == key).map(|f| f.value.clone());
    let mut changes: Vec<ConfigChange> = b
        .iter()
        .filter_map(|fact| {
            let other = find(&a, &fact.key).unwrap_or_default();
            (other != fact.value).then(|| ConfigChange {
                key: fact.key.clone(),
                label: fact.label.clone(),
                before: fact.value.clone(),
                after: other,
            })
        })
        .collect();
    changes.extend(a.iter().filter(|f| find(&b, &f.key).is_none()).map(|f| ConfigChange {
        key: f.key.clone(),
        label: f.label.clone(),
        before: String::new(),
        after: f.value.clone(),
    }));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(label: &str, ranks: &[(&str, u32, f64, &str)]) -> Side {
        let n = ranks.len();
        let projects = DataFrame::new(
            n,
            vec![
                Column::new("project_id".into(), ranks.iter().map(|r| r.0).collect::<Vec<_>>()),
                Column::new("district".into(), vec!["wuhua"; n]),
                Column::new("rank".into(), ranks.iter().map(|r| r.1).collect::<Vec<_>>()),
                Column::new("total".into(), ranks.iter().map(|r| r.2).collect::<Vec<_>>()),
                Column::new("tier".into(), ranks.iter().map(|r| r.3).collect::<Vec<_>>()),
            ],
        )
        .unwrap();
        let districts = df! { "district" => ["wuhua"], "rank" => [1u32], "total" => [70.0], "tier" => ["B"] }.unwrap();
        Side {
            label: label.into(),
            projects,
            districts,
            dimension_weights: vec![],
            indicator_weights: vec![],
            indicator_dimensions: HashMap::new(),
            facts: vec![],
            quality_weight: 0.7,
            config_sha256: vec![],
        }
    }

    #[test]
    fn a_side_compared_with_itself_has_no_movers() {
        let a = side("a", &[("P1", 1, 90.0, "A"), ("P2", 2, 80.0, "B"), ("P3", 2, 80.0, "B")]);
        let c = compare(&a, &a, crate::i18n::Cx::plain(crate::i18n::Language::En)).unwrap();
        assert_eq!((c.projects.spearman, c.projects.kendall), (1.0, 1.0));
        assert_eq!(c.projects.moved, 0);
        assert!(c.project_shifts.iter().all(|s| s.shift == Some(0)));
        assert!(c.config_changes.is_empty());
    }

    #[test]
    fn a_tier_change_without_a_change_of_total_is_a_knock_on() {
        // Quota tiers: P3 rose past P2, so P2 (same total) dropped from A to B.
        let before = side("b", &[("P1", 2, 80.0, "A"), ("P2", 1, 85.0, "A"), ("P3", 3, 60.0, "B")]);
        let after = side("a", &[("P1", 2, 80.0, "B"), ("P2", 3, 85.0, "A"), ("P3", 1, 95.0, "A")]);
        let c = compare(&before, &after, crate::i18n::Cx::plain(crate::i18n::Language::En)).unwrap();
        let p1 = c.project_shifts.iter().find(|s| s.key == "P1").unwrap();
        assert!(p1.knock_on);
        let p3 = c.project_shifts.iter().find(|s| s.key == "P3").unwrap();
        assert!(!p3.knock_on);
        assert_eq!(p3.shift, Some(2));
        assert_eq!(c.knock_on_tier_changes, 1);
        assert_eq!(c.projects.tier_changes, 2);
    }
}
