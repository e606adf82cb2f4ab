//! From the raw shape to the checked model, one type at a time: each part of the
//! config converts itself from its raw table and says, with the key and line, what
//! is wrong with it. [`super::Config::from_raw`] is the list of these calls, in the
//! order their dependencies need (chains before the indicators and parks that name
//! them, tiers before the district gate that names one).

use polars::prelude::Expr;

use super::checks::{check_ambiguous_spellings, check_weight, or_key, parse_sql};
use super::layers::ConfigSource;
use super::methods::check_method;
use super::model::{
    Adjustment, Check, Dimension, DistrictScoring, Indicator, Lexicon, Method, Named, Park, TierLevel, Tiers,
};
use super::raw::{
    ChainClass, Limits, MissingPolicy, OrderedMap, RawAdjustment, RawChain, RawCheck, RawColumns, RawDimension,
    RawDistrict, RawDistrictScoring, RawIndicator, RawPark, RawTarget, RawTierLevel, RawTiers, RawVocabulary,
    TierMethod, Tracking,
};
use crate::columns::{DIMENSION_KEYS, SIDECAR_PROJECT_COLUMNS};
use crate::error::Result;
use crate::i18n::{Hint, Msg, Name};
use crate::text::nearest;

impl Dimension {
    /// The dimensions, in config order, with weights made relative.
    pub(super) fn list_from_raw(raw: &OrderedMap<RawDimension>, source: &ConfigSource) -> Result<Vec<Dimension>> {
        if raw.is_empty() {
            return Err(source.error("dimensions", Msg::NoDimension {}));
        }
        for (key, dim) in raw.iter() {
            check_weight(source, &format!("dimensions.{key}.weight"), dim.weight)?;
        }
        for key in raw.keys() {
            if !DIMENSION_KEYS.contains(&key.as_str()) {
                let hint = Hint::of(nearest(key, DIMENSION_KEYS));
                return Err(source.error(
                    &format!("dimensions.{key}"),
                    Msg::NotADimensionKey {
                        key: key.to_string(),
                        keys: DIMENSION_KEYS.iter().map(|k| k.to_string()).collect(),
                        hint,
                    },
                ));
            }
        }
        let sum: f64 = raw.iter().map(|(_, d)| d.weight).sum();
        if sum <= 0.0 {
            return Err(source.error("dimensions", Msg::WeightsSumZero {}));
        }
        check_weight_sum(source, "dimensions", sum)?;
        Ok(raw
            .iter()
            .map(|(key, d)| Dimension {
                key: key.to_string(),
                name: d.name.clone(),
                name_en: if d.name_en.is_empty() { key.to_string() } else { d.name_en.clone() },
                weight: d.weight,
                relative_weight: d.weight / sum,
            })
            .collect())
    }
}

/// The chains with their class, and the lexicon of their spellings.
pub(super) fn chains_from_raw(
    raw: &OrderedMap<RawChain>,
    source: &ConfigSource,
) -> Result<(Vec<(Named, ChainClass)>, Lexicon)> {
    if raw.is_empty() {
        return Err(source.error("chains", Msg::NoChain {}));
    }
    let mut names = Lexicon::default();
    let mut chains = Vec::new();
    for (key, chain) in raw.iter() {
        let mut spellings: Vec<&str> = vec![chain.name.as_str(), chain.name_en.as_str()];
        spellings.extend(chain.aliases.iter().map(String::as_str));
        names.add(key, &spellings);
        chains.push((
            Named {
                key: key.to_string(),
                name: chain.name.clone(),
                name_en: or_key(&chain.name_en, key),
                aliases: chain.aliases.clone(),
            },
            chain.class,
        ));
    }
    check_ambiguous_spellings(source, "chains", raw.iter().map(|(k, c)| (k.as_str(), &c.name, &c.aliases)))?;
    Ok((chains, names))
}

/// The districts and the lexicon of their spellings.
pub(super) fn districts_from_raw(
    raw: &OrderedMap<RawDistrict>,
    source: &ConfigSource,
) -> Result<(Vec<Named>, Lexicon)> {
    if raw.is_empty() {
        return Err(source.error("districts", Msg::NoDistrict {}));
    }
    let mut names = Lexicon::default();
    let mut districts = Vec::new();
    for (key, d) in raw.iter() {
        let mut spellings: Vec<&str> = vec![d.name.as_str(), d.name_en.as_str()];
        spellings.extend(d.aliases.iter().map(String::as_str));
        names.add(key, &spellings);
        districts.push(Named {
            key: key.to_string(),
            name: d.name.clone(),
            name_en: or_key(&d.name_en, key),
            aliases: d.aliases.clone(),
        });
    }
    check_ambiguous_spellings(source, "districts", raw.iter().map(|(k, d)| (k.as_str(), &d.name, &d.aliases)))?;
    Ok((districts, names))
}

impl Indicator {
    /// The indicators, in config order, with their weights made relative within
    /// their dimension.
    pub(super) fn list_from_raw(
        raw: &OrderedMap<RawIndicator>,
        dimensions: &[Dimension],
        chains: &Lexicon,
        source: &ConfigSource,
    ) -> Result<Vec<Indicator>> {
        let mut indicators = Vec::new();
        for (key, ind) in raw.iter() {
            indicators.push(Indicator::from_raw(key, ind, dimensions, chains, source)?);
        }
        for (d, dim) in dimensions.iter().enumerate() {
            let members: Vec<usize> = (0..indicators.len()).filter(|&i| indicators[i].dimension == d).collect();
            if members.is_empty() {
                return Err(source.error(
                    &format!("dimensions.{}", dim.key),
                    Msg::DimensionWithoutIndicator { dimension: dim.key.clone() },
                ));
            }
            let sum: f64 = members.iter().map(|&i| indicators[i].weight).sum();
            if sum <= 0.0 {
                return Err(
                    source.error(&format!("indicators.{}.weight", indicators[members[0]].key), Msg::WeightsSumZero {})
                );
            }
            check_weight_sum(source, &format!("indicators.{}.weight", indicators[members[0]].key), sum)?;
            for i in members {
                indicators[i].relative_weight = indicators[i].weight / sum;
            }
        }
        for key in SIDECAR_PROJECT_COLUMNS.iter() {
            if raw.get(*key).is_some() {
                return Err(source.error(&format!("indicators.{key}"), Msg::ReservedKey { key: key.to_string() }));
            }
        }
        Ok(indicators)
    }

    /// One indicator; its relative weight is set by [`Indicator::list_from_raw`].
    fn from_raw(
        key: &str,
        ind: &RawIndicator,
        dimensions: &[Dimension],
        chains: &Lexicon,
        source: &ConfigSource,
    ) -> Result<Indicator> {
        let at = |field: &str| format!("indicators.{key}.{field}");
        let Some(dimension) = dimensions.iter().position(|d| d.key == ind.dimension) else {
            let hint = Hint::of(nearest(&ind.dimension, dimensions.iter().map(|d| d.key.as_str())));
            return Err(source.error(&at("dimension"), Msg::NotADimension { name: ind.dimension.clone(), hint }));
        };
        check_weight(source, &at("weight"), ind.weight)?;
        let expr = parse_sql(source, &at("expr"), &ind.expr)?;
        let method = check_method(source, key, ind, chains)?;
        let missing = match (ind.missing, &method) {
            (Some(MissingPolicy::Default), Method::Category { .. }) => MissingPolicy::Default,
            (Some(MissingPolicy::Default), _) => {
                return Err(source.error(&at("missing"), Msg::DefaultOnlyCategory {}));
            }
            (Some(MissingPolicy::Median), Method::Category { .. } | Method::Boolean) => {
                return Err(source.error(&at("missing"), Msg::MedianNeedsNumbers {}));
            }
            (Some(policy), _) => policy,
            (None, Method::Category { .. }) => MissingPolicy::Default,
            (None, _) => MissingPolicy::Zero,
        };
        Ok(Indicator {
            key: key.to_string(),
            name: if ind.name.is_empty() { key.to_string() } else { ind.name.clone() },
            name_en: or_key(&ind.name_en, key),
            unit: ind.unit.clone(),
            dimension,
            expr_text: ind.expr.clone(),
            expr,
            weight: ind.weight,
            relative_weight: 0.0,
            method,
            direction: ind.direction,
            scope: ind.scope,
            missing,
        })
    }
}

impl Tiers {
    /// A tier set: thresholds falling from the best tier to 0, or cumulative
    /// shares rising to 1.
    pub(super) fn from_raw(raw: &RawTiers, at: &str, source: &ConfigSource) -> Result<Tiers> {
        if raw.levels.is_empty() {
            return Err(source.error(&format!("{at}.levels"), Msg::NoTier {}));
        }
        let mut levels: Vec<TierLevel> = Vec::new();
        for (i, level) in raw.levels.iter().enumerate() {
            let level = TierLevel::from_raw(raw.method, level, &format!("{at}.levels[{i}]"), source)?;
            if levels.iter().any(|l| l.name == level.name) {
                let key = format!("{at}.levels[{i}]");
                return Err(source.error(&key, Msg::TierTwice { name: level.name.clone() }));
            }
            levels.push(level);
        }
        match raw.method {
            TierMethod::Threshold => check_thresholds(&levels, at, source)?,
            TierMethod::Share => check_shares(&levels, at, source)?,
        }
        Ok(Tiers { method: raw.method, levels })
    }
}

impl TierLevel {
    /// One level: a name, and the bound its tier method needs.
    fn from_raw(method: TierMethod, level: &RawTierLevel, key: &str, source: &ConfigSource) -> Result<TierLevel> {
        if level.name.trim().is_empty() {
            return Err(source.error(key, Msg::TierNoName {}));
        }
        let bound = match (method, level.min, level.share) {
            (TierMethod::Threshold, Some(min), None) => min,
            (TierMethod::Share, None, Some(share)) => share,
            (TierMethod::Threshold, _, _) => {
                return Err(source.error(key, Msg::TierNeedsMin { name: level.name.clone() }));
            }
            (TierMethod::Share, _, _) => {
                return Err(source.error(key, Msg::TierNeedsShare { name: level.name.clone() }));
            }
        };
        if !bound.is_finite() {
            return Err(source.error(key, Msg::TierBound {}));
        }
        Ok(TierLevel { name: level.name.clone(), bound })
    }
}

/// Weights are relative, so only their ratios matter; a set whose sum overflows
/// (1e308 + 1e308) would make every relative weight 0 and every total 0.
fn check_weight_sum(source: &ConfigSource, key: &str, sum: f64) -> Result<()> {
    if sum.is_finite() {
        return Ok(());
    }
    Err(source.error(key, Msg::WeightsOverflow {}))
}

fn check_thresholds(levels: &[TierLevel], at: &str, source: &ConfigSource) -> Result<()> {
    for pair in levels.windows(2) {
        if pair[1].bound >= pair[0].bound {
            return Err(source.error(
                &format!("{at}.levels"),
                Msg::ThresholdsOrder {
                    name: pair[1].name.clone(),
                    bound: pair[1].bound,
                    above: pair[0].name.clone(),
                    above_bound: pair[0].bound,
                },
            ));
        }
    }
    if levels[0].bound > 100.0 {
        return Err(source.error(
            &format!("{at}.levels"),
            Msg::BestTierAbove { name: levels[0].name.clone(), bound: levels[0].bound },
        ));
    }
    let last = levels.last().expect("non-empty");
    if last.bound != 0.0 {
        return Err(
            source.error(&format!("{at}.levels"), Msg::TiersNotCovering { name: last.name.clone(), bound: last.bound })
        );
    }
    Ok(())
}

fn check_shares(levels: &[TierLevel], at: &str, source: &ConfigSource) -> Result<()> {
    for pair in levels.windows(2) {
        if pair[1].bound <= pair[0].bound {
            return Err(source.error(
                &format!("{at}.levels"),
                Msg::SharesOrder {
                    name: pair[1].name.clone(),
                    bound: pair[1].bound,
                    above: pair[0].name.clone(),
                    above_bound: pair[0].bound,
                },
            ));
        }
    }
    if levels[0].bound <= 0.0 {
        return Err(source.error(&format!("{at}.levels"), Msg::FirstShare {}));
    }
    let last = levels.last().expect("non-empty");
    if (last.bound - 1.0).abs() > 1e-9 {
        return Err(source
            .error(&format!("{at}.levels"), Msg::SharesNotCovering { name: last.name.clone(), bound: last.bound }));
    }
    Ok(())
}

impl DistrictScoring {
    /// The district roll-up settings; the district tiers default to the project
    /// tiers, and the gate must name one of them.
    pub(super) fn from_raw(
        raw: &RawDistrictScoring,
        project_tiers: &Tiers,
        source: &ConfigSource,
    ) -> Result<DistrictScoring> {
        let tiers = match &raw.tiers {
            Some(t) if !t.levels.is_empty() => Tiers::from_raw(t, "district.tiers", source)?,
            _ => project_tiers.clone(),
        };
        if !tiers.levels.iter().any(|l| l.name == raw.gate_max_tier) {
            let tiers = tiers.levels.iter().map(|l| l.name.clone()).collect();
            return Err(
                source.error("district.gate_max_tier", Msg::GateNotATier { name: raw.gate_max_tier.clone(), tiers })
            );
        }
        check_weight(source, "district.quality_weight", raw.quality_weight)?;
        check_weight(source, "district.capital_weight", raw.capital_weight)?;
        let sum = raw.quality_weight + raw.capital_weight;
        if sum <= 0.0 {
            return Err(source.error("district.quality_weight", Msg::DistrictWeightsZero {}));
        }
        check_weight_sum(source, "district.quality_weight", sum)?;
        if raw.capital_cap <= 0.0 || !raw.capital_cap.is_finite() {
            return Err(source.error("district.capital_cap", Msg::MustBePositive { value: raw.capital_cap }));
        }
        if raw.gate_min_completion < 0.0 {
            return Err(source.error("district.gate_min_completion", Msg::MustNotBeNegative {}));
        }
        Ok(DistrictScoring {
            quality_weighting: raw.quality_weighting,
            quality_weight: raw.quality_weight / sum,
            capital_weight: raw.capital_weight / sum,
            pro_rate: raw.pro_rate,
            capital_cap: raw.capital_cap,
            gate_min_completion: raw.gate_min_completion,
            gate_max_tier: raw.gate_max_tier.clone(),
            tiers,
        })
    }
}

/// The exchange rate must be a positive number.
pub(super) fn check_usd_to_cny(usd_to_cny: f64, source: &ConfigSource) -> Result<()> {
    if usd_to_cny <= 0.0 || !usd_to_cny.is_finite() {
        return Err(source.error("capital.usd_to_cny", Msg::MustBePositive { value: usd_to_cny }));
    }
    Ok(())
}

/// The most rows a sheet can list below its header with a note row after
/// them: Excel's 1,048,576 rows less those two.
const SHEET_ROWS: u64 = 1_048_574;

/// `[output] sheet_projects`: 1 to what a sheet holds.
pub(super) fn sheet_projects(value: u64, source: &ConfigSource) -> Result<usize> {
    if value == 0 || value > SHEET_ROWS {
        return Err(source.error("output.sheet_projects", Msg::SheetProjects { max: SHEET_ROWS, value }));
    }
    Ok(value as usize)
}

/// `[tracking]`: each deadline 1 to 600 months (50 years), none before the
/// stage it follows.
pub(super) fn check_tracking(tracking: &Tracking, source: &ConfigSource) -> Result<()> {
    let (start, operate, full) =
        (tracking.start_within_months, tracking.operate_within_months, tracking.full_production_within_months);
    let in_range = [start, operate, full].iter().all(|m| (1..=600).contains(m));
    if !in_range || start > operate || operate > full {
        let key = if !(1..=600).contains(&start) || start > operate {
            "tracking.start_within_months"
        } else if !(1..=600).contains(&operate) || operate > full {
            "tracking.operate_within_months"
        } else {
            "tracking.full_production_within_months"
        };
        return Err(source.error(key, Msg::TrackingDeadlines { start, operate, full }));
    }
    let overrun = tracking.capital_overrun;
    if !overrun.is_finite() || overrun <= 0.0 {
        return Err(source.error("tracking.capital_overrun", Msg::MustBePositive { value: overrun }));
    }
    for key in tracking.streak_labels.keys() {
        if key.parse::<u32>().map_or(true, |n| n == 0) {
            return Err(
                source.error(&format!("tracking.streak_labels.{key}"), Msg::StreakLabelKey { key: key.clone() })
            );
        }
    }
    let floor = tracking.promise_floor;
    if !floor.is_finite() || floor <= 0.0 {
        return Err(source.error("tracking.promise_floor", Msg::MustBePositive { value: floor }));
    }
    Ok(())
}

/// No limit may be 0: it would refuse every file.
pub(super) fn check_limits(limits: &Limits, source: &ConfigSource) -> Result<()> {
    for (key, value) in [
        ("limits.max_file_mb", limits.max_file_mb),
        ("limits.max_uncompressed_mb", limits.max_uncompressed_mb),
        ("limits.max_compression_ratio", limits.max_compression_ratio),
        ("limits.max_cells", limits.max_cells),
    ] {
        if value == 0 {
            return Err(source.error(key, Msg::LimitZero {}));
        }
    }
    Ok(())
}

impl Park {
    /// The parks and the lexicon of their spellings; every leading chain must be
    /// a chain key.
    pub(super) fn list_from_raw(
        raw: &OrderedMap<RawPark>,
        chains: &Lexicon,
        source: &ConfigSource,
    ) -> Result<(Vec<Park>, Lexicon)> {
        let mut names = Lexicon::default();
        let mut parks = Vec::new();
        for (key, p) in raw.iter() {
            for (i, chain) in p.leading_chains.iter().enumerate() {
                if chains.keys().iter().all(|k| k != chain) {
                    let hint = Hint::of(nearest(chain, chains.keys().iter().map(String::as_str)));
                    return Err(source.error(
                        &format!("parks.{key}.leading_chains[{i}]"),
                        Msg::NotAChainKey { chain: chain.clone(), hint },
                    ));
                }
            }
            let mut spellings: Vec<&str> = vec![p.name.as_str(), p.name_en.as_str()];
            spellings.extend(p.aliases.iter().map(String::as_str));
            names.add(key, &spellings);
            parks.push(Park {
                named: Named {
                    key: key.to_string(),
                    name: p.name.clone(),
                    name_en: or_key(&p.name_en, key),
                    aliases: p.aliases.clone(),
                },
                level: p.level.clone(),
                leading_chains: p.leading_chains.clone(),
            });
        }
        Ok((parks, names))
    }
}

impl Check {
    /// The checks: each has an expression for every project, or one per park level.
    pub(super) fn list_from_raw(raw: &[RawCheck], source: &ConfigSource) -> Result<Vec<Check>> {
        let mut checks = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            let mut rules = Vec::new();
            if let Some(expr) = &c.expr {
                rules.push((None, expr.clone(), parse_sql(source, &format!("checks[{i}].expr"), expr)?));
            }
            if let Some(levels) = &c.by_park_level {
                for (level, expr) in levels.iter() {
                    rules.push((
                        Some(level.to_string()),
                        expr.clone(),
                        parse_sql(source, &format!("checks[{i}].by_park_level.{level}"), expr)?,
                    ));
                }
            }
            if rules.is_empty() {
                return Err(source.error(&format!("checks[{i}]"), Msg::CheckNeedsExpr { key: c.key.clone() }));
            }
            checks.push(Check {
                key: c.key.clone(),
                name: or_key(&c.name, &c.key),
                name_en: or_key(&c.name_en, &c.key),
                rules,
            });
        }
        Ok(checks)
    }
}

impl Adjustment {
    /// The adjustments: finite points, a cap of 0 or more, a condition.
    pub(super) fn list_from_raw(raw: &[RawAdjustment], source: &ConfigSource) -> Result<Vec<Adjustment>> {
        let mut adjustments = Vec::new();
        for (i, a) in raw.iter().enumerate() {
            if !a.points.is_finite() {
                return Err(source.error(&format!("adjustments[{i}].points"), Msg::PointsNotNumber {}));
            }
            if let Some(cap) = a.cap
                && (cap < 0.0 || !cap.is_finite())
            {
                return Err(source.error(&format!("adjustments[{i}].cap"), Msg::CapNotPoints {}));
            }
            adjustments.push(Adjustment {
                key: a.key.clone(),
                name: or_key(&a.name, &a.key),
                name_en: or_key(&a.name_en, &a.key),
                level: a.level,
                when_text: a.when.clone(),
                when: parse_sql(source, &format!("adjustments[{i}].when"), &a.when)?,
                points: a.points,
                cap: a.cap,
            });
        }
        Ok(adjustments)
    }
}

/// The exemption condition, when one is written.
pub(super) fn exempt_from_raw(text: &str, source: &ConfigSource) -> Result<Option<(String, Expr)>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some((text.to_string(), parse_sql(source, "scoring.exempt", text)?)))
}

/// Every kind needs its required canonical columns to have aliases.
pub(super) fn check_required_aliases(columns: &RawColumns, source: &ConfigSource) -> Result<()> {
    for (kind, map, required) in [
        ("projects", &columns.projects, &["project_id", "project_name", "chain", "signed_on", "total_investment"][..]),
        ("capital", &columns.capital, &["project_id", "period", "domestic"][..]),
        ("targets", &columns.targets, &["district", "year", "domestic_target"][..]),
    ] {
        for column in required {
            if map.get(*column).is_none() {
                return Err(source.error(
                    &format!("columns.{kind}"),
                    Msg::NoAliases {
                        column: Name::column(*column),
                        key: column.to_string(),
                        table: format!("columns.{kind}"),
                    },
                ));
            }
        }
    }
    Ok(())
}

/// The lexicons of the categorical columns: investor tiers, links, statuses and
/// yes/no, in that order.
pub(super) fn vocabularies_from_raw(raw: &RawVocabulary) -> (Lexicon, Lexicon, Lexicon, Lexicon) {
    let lexicon = |map: &OrderedMap<Vec<String>>| -> Lexicon {
        let mut lex = Lexicon::default();
        for (value, words) in map.iter() {
            lex.add(value, &words.iter().map(String::as_str).collect::<Vec<_>>());
        }
        lex
    };
    let mut booleans = Lexicon::default();
    booleans.add("true", &raw.boolean.yes.iter().map(String::as_str).collect::<Vec<_>>());
    booleans.add("false", &raw.boolean.no.iter().map(String::as_str).collect::<Vec<_>>());
    (lexicon(&raw.investor_tier), lexicon(&raw.link), lexicon(&raw.status), booleans)
}

/// Targets written in the config name known districts and are not negative.
pub(super) fn check_config_targets(targets: &[RawTarget], districts: &Lexicon, source: &ConfigSource) -> Result<()> {
    for (i, t) in targets.iter().enumerate() {
        if districts.lookup(&t.district).is_none() {
            let hint = Hint::of(districts.nearest(&t.district));
            return Err(
                source.error(&format!("targets[{i}].district"), Msg::NotADistrict { name: t.district.clone(), hint })
            );
        }
        if t.domestic_target < 0.0 || t.foreign_target_usd < 0.0 {
            return Err(source.error(&format!("targets[{i}]"), Msg::TargetNegativeConfig {}));
        }
    }
    Ok(())
}
