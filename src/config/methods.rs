//! The normalisation methods a config can name, and the parameters each takes:
//! one table, [`METHOD_PARAMETERS`], that the checks, the `extends` merge and the
//! error messages all read.

use serde::Deserialize;

use super::layers::ConfigSource;
use super::model::{Benchmark, Lexicon, Method};
use super::raw::{RawBenchmark, RawIndicator};
use crate::error::Result;
use crate::i18n::{Hint, Kind, L, Msg, Name};
use crate::text::nearest;

/// Normalisation method names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MethodName {
    /// Fixed goalposts.
    Goalpost,
    /// Population min and max.
    Minmax,
    /// Standard score.
    Zscore,
    /// Average rank.
    Percentile,
    /// Step bands.
    Bands,
    /// Category map.
    Category,
    /// True 100, false 0.
    Boolean,
    /// Value over benchmark.
    Ratio,
    /// Efficacy coefficient.
    Efficacy,
}

impl MethodName {
    /// The name of a checked method.
    pub(crate) fn from_method(method: &Method) -> MethodName {
        match method {
            Method::Goalpost { .. } => MethodName::Goalpost,
            Method::MinMax { .. } => MethodName::Minmax,
            Method::ZScore => MethodName::Zscore,
            Method::Percentile => MethodName::Percentile,
            Method::Bands { .. } => MethodName::Bands,
            Method::Category { .. } => MethodName::Category,
            Method::Boolean => MethodName::Boolean,
            Method::Ratio { .. } => MethodName::Ratio,
            Method::Efficacy { .. } => MethodName::Efficacy,
        }
    }

    /// The method's name as a person reads it (目标值法, 极差标准化 …).
    pub(crate) fn label(&self) -> L {
        match self {
            MethodName::Goalpost => L::MethodGoalpost,
            MethodName::Minmax => L::MethodMinmax,
            MethodName::Zscore => L::MethodZscore,
            MethodName::Percentile => L::MethodPercentile,
            MethodName::Bands => L::MethodBands,
            MethodName::Category => L::MethodCategory,
            MethodName::Boolean => L::MethodBoolean,
            MethodName::Ratio => L::MethodRatio,
            MethodName::Efficacy => L::MethodEfficacy,
        }
    }

    /// The name as written in the config.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            MethodName::Goalpost => "goalpost",
            MethodName::Minmax => "minmax",
            MethodName::Zscore => "zscore",
            MethodName::Percentile => "percentile",
            MethodName::Bands => "bands",
            MethodName::Category => "category",
            MethodName::Boolean => "boolean",
            MethodName::Ratio => "ratio",
            MethodName::Efficacy => "efficacy",
        }
    }
}

/// Each method and the keys of an indicator table that are its parameters. The
/// one list: [`method_keys`], the `extends` merge (which drops a replaced
/// method's parameters) and the messages read it; a test keeps it equal to the
/// parameter fields of [`RawIndicator`].
pub(crate) const METHOD_PARAMETERS: [(MethodName, &[&str]); 9] = [
    (MethodName::Goalpost, &["lo", "hi", "log", "by_chain"]),
    (MethodName::Minmax, &["winsor"]),
    (MethodName::Zscore, &[]),
    (MethodName::Percentile, &[]),
    (MethodName::Bands, &["bands", "below"]),
    (MethodName::Category, &["map", "default"]),
    (MethodName::Boolean, &[]),
    (MethodName::Ratio, &["benchmark", "cap"]),
    (MethodName::Efficacy, &["floor"]),
];

/// Every method parameter key, of any method.
pub(super) const METHOD_PARAMETER_KEYS: [&str; 12] =
    ["lo", "hi", "log", "by_chain", "winsor", "bands", "below", "map", "default", "benchmark", "cap", "floor"];

/// The keys of an indicator table that a method accepts beyond the common ones.
pub(super) fn method_keys(method: MethodName) -> &'static [&'static str] {
    METHOD_PARAMETERS.iter().find(|(name, _)| *name == method).map(|(_, keys)| *keys).unwrap_or(&[])
}

pub(super) fn check_method(source: &ConfigSource, key: &str, ind: &RawIndicator, chains: &Lexicon) -> Result<Method> {
    let at = |field: &str| format!("indicators.{key}.{field}");
    let present = ind.parameters_set();
    let allowed = method_keys(ind.method);
    for (name, is_set) in present {
        if is_set && !allowed.contains(&name) {
            let message = if allowed.is_empty() {
                Msg::ParameterNone { name: name.to_string(), method: ind.method.label() }
            } else {
                Msg::ParameterNotForMethod {
                    name: name.to_string(),
                    method: ind.method.label(),
                    takes: allowed.iter().map(|k| k.to_string()).collect(),
                }
            };
            return Err(source.error(&at(name), message));
        }
    }
    let finite = |field: &str, v: f64| -> Result<f64> {
        if v.is_finite() { Ok(v) } else { Err(source.error(&at(field), Msg::NotFinite {})) }
    };
    Ok(match ind.method {
        MethodName::Goalpost => {
            let lo =
                finite("lo", ind.lo.ok_or_else(|| source.error(&format!("indicators.{key}"), Msg::GoalpostNeeds {}))?)?;
            let hi =
                finite("hi", ind.hi.ok_or_else(|| source.error(&format!("indicators.{key}"), Msg::GoalpostNeeds {}))?)?;
            let log = ind.log.unwrap_or(false);
            check_goalposts(source, &at("hi"), lo, hi, log)?;
            let mut by_chain = Vec::new();
            if let Some(overrides) = &ind.by_chain {
                for (chain, o) in overrides.iter() {
                    let place = format!("indicators.{key}.by_chain.{chain}");
                    if !chains.keys().iter().any(|k| k == chain) {
                        let hint = Hint::of(nearest(chain, chains.keys().iter().map(String::as_str)));
                        return Err(source.error(&place, Msg::NotAChainKey { chain: chain.to_string(), hint }));
                    }
                    let (clo, chi) = (o.lo.unwrap_or(lo), o.hi.unwrap_or(hi));
                    check_goalposts(source, &place, clo, chi, log)?;
                    by_chain.push((chain.to_string(), clo, chi));
                }
            }
            Method::Goalpost { lo, hi, log, by_chain }
        }
        MethodName::Minmax => {
            let winsor = match &ind.winsor {
                None => None,
                Some(w)
                    if w.len() == 2 && (0.0..=1.0).contains(&w[0]) && (0.0..=1.0).contains(&w[1]) && w[0] < w[1] =>
                {
                    Some((w[0], w[1]))
                }
                Some(w) => {
                    return Err(source.error(&at("winsor"), Msg::Winsor { found: numbers(w) }));
                }
            };
            Method::MinMax { winsor }
        }
        MethodName::Zscore => Method::ZScore,
        MethodName::Percentile => Method::Percentile,
        MethodName::Boolean => Method::Boolean,
        MethodName::Bands => {
            let raw_bands =
                ind.bands.as_ref().ok_or_else(|| source.error(&format!("indicators.{key}"), Msg::BandsNeeded {}))?;
            if raw_bands.is_empty() {
                return Err(source.error(&at("bands"), Msg::BandsEmpty {}));
            }
            let mut bands = Vec::new();
            for (i, band) in raw_bands.iter().enumerate() {
                if band.len() != 2 || !band[0].is_finite() || !band[1].is_finite() {
                    return Err(source.error(&at("bands"), Msg::BandShape { band: i + 1, found: numbers(band) }));
                }
                if !(0.0..=100.0).contains(&band[1]) {
                    return Err(source.error(&at("bands"), Msg::BandScore { band: i + 1, score: band[1] }));
                }
                bands.push((band[0], band[1]));
            }
            for (i, pair) in bands.windows(2).enumerate() {
                if pair[1].0 <= pair[0].0 {
                    return Err(source.error(
                        &at("bands"),
                        Msg::BandsOrder { threshold: pair[1].0, band: i + 2, before: pair[0].0, band_before: i + 1 },
                    ));
                }
            }
            let below = ind.below.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&below) {
                return Err(source.error(&at("below"), Msg::ScoreRange { value: below }));
            }
            Method::Bands { bands, below }
        }
        MethodName::Category => {
            let map = ind.map.as_ref().ok_or_else(|| source.error(&format!("indicators.{key}"), Msg::MapNeeded {}))?;
            for (value, score) in map.iter() {
                if !(0.0..=100.0).contains(score) {
                    return Err(source.error(
                        &format!("indicators.{key}.map.{value}"),
                        Msg::MapScore { value: Name::new(Kind::AnyWord, value.to_string()), score: *score },
                    ));
                }
            }
            let default = ind.default.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&default) {
                return Err(source.error(&at("default"), Msg::ScoreRange { value: default }));
            }
            Method::Category { map: map.iter().map(|(k, v)| (k.to_string(), *v)).collect(), default }
        }
        MethodName::Ratio => {
            let benchmark = match &ind.benchmark {
                Some(RawBenchmark::Fixed(b)) if *b > 0.0 && b.is_finite() => Benchmark::Fixed(*b),
                Some(RawBenchmark::MeanTimes { mean_times }) if *mean_times > 0.0 && mean_times.is_finite() => {
                    Benchmark::MeanTimes(*mean_times)
                }
                Some(_) => {
                    return Err(source.error(&at("benchmark"), Msg::BenchmarkPositive {}));
                }
                None => {
                    return Err(source.error(&format!("indicators.{key}"), Msg::BenchmarkNeeded {}));
                }
            };
            let cap = ind.cap.unwrap_or(1.0);
            if cap <= 0.0 || !cap.is_finite() {
                return Err(source.error(&at("cap"), Msg::MustBePositive { value: cap }));
            }
            Method::Ratio { benchmark, cap }
        }
        MethodName::Efficacy => {
            let floor = ind.floor.unwrap_or(60.0);
            if !(0.0..=100.0).contains(&floor) {
                return Err(source.error(&at("floor"), Msg::ScoreRange { value: floor }));
            }
            Method::Efficacy { floor }
        }
    })
}

/// Numbers as a config writes a list of them: `[0.05, 1.2]`.
fn numbers(values: &[f64]) -> String {
    format!("[{}]", values.iter().map(|v| crate::text::format_value(*v)).collect::<Vec<_>>().join(", "))
}

pub(super) fn check_goalposts(source: &ConfigSource, key: &str, lo: f64, hi: f64, log: bool) -> Result<()> {
    if lo == hi {
        return Err(source.error(key, Msg::GoalpostsEqual { lo }));
    }
    if log && (lo <= -1.0 || hi <= -1.0) {
        return Err(source.error(key, Msg::GoalpostsLog {}));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameter_table_names_every_parameter_field_once() {
        let mut from_table: Vec<&str> = METHOD_PARAMETERS.iter().flat_map(|(_, keys)| keys.iter().copied()).collect();
        from_table.sort();
        let mut all = METHOD_PARAMETER_KEYS.to_vec();
        all.sort();
        assert_eq!(from_table, all);
        let indicator: RawIndicator =
            toml::from_str("dimension = \"tech\"\nexpr = \"patents\"\nweight = 1\nmethod = \"zscore\"").unwrap();
        let mut fields: Vec<&str> = indicator.parameters_set().into_iter().map(|(name, _)| name).collect();
        fields.sort();
        assert_eq!(fields, all);
    }
}
