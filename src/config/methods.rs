//! The normalisation methods a config can name, and the parameters each takes:
//! one table, [`METHOD_PARAMETERS`], that the checks, the `extends` merge and the
//! error messages all read.

use serde::Deserialize;

use super::layers::ConfigSource;
use super::model::{Benchmark, Lexicon, Method};
use super::raw::{RawBenchmark, RawIndicator};
use crate::error::Result;
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
            return Err(source.error(
                &at(name),
                format!(
                    "`{name}` does not apply to method `{}`{}",
                    ind.method.as_str(),
                    if allowed.is_empty() { String::new() } else { format!(" (it takes {})", allowed.join(", ")) }
                ),
            ));
        }
    }
    let finite = |field: &str, v: f64| -> Result<f64> {
        if v.is_finite() { Ok(v) } else { Err(source.error(&at(field), "must be a finite number")) }
    };
    Ok(match ind.method {
        MethodName::Goalpost => {
            let lo = finite(
                "lo",
                ind.lo.ok_or_else(|| {
                    source.error(&format!("indicators.{key}"), "method `goalpost` needs `lo` and `hi`")
                })?,
            )?;
            let hi = finite(
                "hi",
                ind.hi.ok_or_else(|| {
                    source.error(&format!("indicators.{key}"), "method `goalpost` needs `lo` and `hi`")
                })?,
            )?;
            let log = ind.log.unwrap_or(false);
            check_goalposts(source, &at("hi"), lo, hi, log)?;
            let mut by_chain = Vec::new();
            if let Some(overrides) = &ind.by_chain {
                for (chain, o) in overrides.iter() {
                    let place = format!("indicators.{key}.by_chain.{chain}");
                    if !chains.keys().iter().any(|k| k == chain) {
                        let hint = nearest(chain, chains.keys().iter().map(String::as_str))
                            .map(|b| format!("; did you mean `{b}`?"))
                            .unwrap_or_default();
                        return Err(source.error(&place, format!("`{chain}` is not a chain key{hint}")));
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
                    return Err(source.error(&at("winsor"), format!("winsor must be two fractions [p_lo, p_hi] with 0 ≤ p_lo < p_hi ≤ 1, e.g. [0.05, 0.95] (it is {w:?})")));
                }
            };
            Method::MinMax { winsor }
        }
        MethodName::Zscore => Method::ZScore,
        MethodName::Percentile => Method::Percentile,
        MethodName::Boolean => Method::Boolean,
        MethodName::Bands => {
            let raw_bands = ind.bands.as_ref().ok_or_else(|| {
                source.error(&format!("indicators.{key}"), "method `bands` needs `bands = [[threshold, score], …]`")
            })?;
            if raw_bands.is_empty() {
                return Err(source.error(&at("bands"), "bands cannot be empty"));
            }
            let mut bands = Vec::new();
            for (i, band) in raw_bands.iter().enumerate() {
                if band.len() != 2 || !band[0].is_finite() || !band[1].is_finite() {
                    return Err(source
                        .error(&at("bands"), format!("band {} must be [threshold, score] (it is {band:?})", i + 1)));
                }
                if !(0.0..=100.0).contains(&band[1]) {
                    return Err(source.error(&at("bands"), format!("band {} scores {}, outside 0–100", i + 1, band[1])));
                }
                bands.push((band[0], band[1]));
            }
            for (i, pair) in bands.windows(2).enumerate() {
                if pair[1].0 <= pair[0].0 {
                    return Err(source.error(&at("bands"), format!("bands out of order: threshold {} (band {}) is not above {} (band {}); list thresholds ascending", pair[1].0, i + 2, pair[0].0, i + 1)));
                }
            }
            let below = ind.below.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&below) {
                return Err(source.error(&at("below"), format!("below must lie in 0–100 (it is {below})")));
            }
            Method::Bands { bands, below }
        }
        MethodName::Category => {
            let map = ind.map.as_ref().ok_or_else(|| {
                source.error(&format!("indicators.{key}"), "method `category` needs `map = { value = score, … }`")
            })?;
            for (value, score) in map.iter() {
                if !(0.0..=100.0).contains(score) {
                    return Err(source.error(
                        &format!("indicators.{key}.map.{value}"),
                        format!("the score of `{value}` is {score}, outside 0–100"),
                    ));
                }
            }
            let default = ind.default.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&default) {
                return Err(source.error(&at("default"), format!("default must lie in 0–100 (it is {default})")));
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
                    return Err(source.error(&at("benchmark"), "the benchmark must be above 0"));
                }
                None => {
                    return Err(source.error(
                        &format!("indicators.{key}"),
                        "method `ratio` needs `benchmark` (a number, or { mean_times = k })",
                    ));
                }
            };
            let cap = ind.cap.unwrap_or(1.0);
            if cap <= 0.0 || !cap.is_finite() {
                return Err(source.error(&at("cap"), format!("cap must be above 0 (it is {cap})")));
            }
            Method::Ratio { benchmark, cap }
        }
        MethodName::Efficacy => {
            let floor = ind.floor.unwrap_or(60.0);
            if !(0.0..=100.0).contains(&floor) {
                return Err(source.error(&at("floor"), format!("floor must lie in 0–100 (it is {floor})")));
            }
            Method::Efficacy { floor }
        }
    })
}

pub(super) fn check_goalposts(source: &ConfigSource, key: &str, lo: f64, hi: f64, log: bool) -> Result<()> {
    if lo == hi {
        return Err(source.error(key, format!("the goalposts are equal (lo = hi = {lo}); they must differ")));
    }
    if log && (lo <= -1.0 || hi <= -1.0) {
        return Err(source.error(key, "with log = true the goalposts must be above -1 (ln(1 + x) is undefined below)"));
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
