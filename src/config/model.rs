//! The checked config the engine runs on: methods with their parameters,
//! dimensions and indicators with relative weights, tiers, checks, adjustments,
//! named things and the lexicons that map every spelling to a key.

use std::collections::HashMap;

use polars::prelude::Expr;

use super::raw::{AdjustmentLevel, QualityWeighting, TierMethod};
use super::{Direction, MissingPolicy, NormaliseScope};
use crate::text::{fold, nearest};

/// A normalisation method with its parameters checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// clamp((x − lo)/(hi − lo), 0, 1)·100, optionally on ln(1 + ·), per-chain goalposts.
    Goalpost {
        /// Lower goalpost.
        lo: f64,
        /// Upper goalpost.
        hi: f64,
        /// Compare ln(1 + x).
        log: bool,
        /// Chain key → (lo, hi).
        by_chain: Vec<(String, f64, f64)>,
    },
    /// (x − min)/(max − min)·100 after optional winsorising.
    MinMax {
        /// Percentiles (fractions) to clamp to first.
        winsor: Option<(f64, f64)>,
    },
    /// clamp(50 + 10·z, 0, 100).
    ZScore,
    /// 100·(r − 1)/(n − 1) with average ranks.
    Percentile,
    /// Step bands, ascending thresholds.
    Bands {
        /// (threshold, score) pairs, thresholds ascending.
        bands: Vec<(f64, f64)>,
        /// Score under every threshold.
        below: f64,
    },
    /// Value → score map.
    Category {
        /// (value, score) pairs.
        map: Vec<(String, f64)>,
        /// Score of an unmapped value.
        default: f64,
    },
    /// True 100, false 0.
    Boolean,
    /// clamp(x / benchmark, 0, cap)/cap·100.
    Ratio {
        /// The benchmark.
        benchmark: Benchmark,
        /// The cap.
        cap: f64,
    },
    /// floor + (100 − floor)·(x − min)/(max − min).
    Efficacy {
        /// The floor.
        floor: f64,
    },
}

/// The benchmark of a ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Benchmark {
    /// A fixed number.
    Fixed(f64),
    /// k × the population mean.
    MeanTimes(f64),
}

/// Which earlier run a scoring run compares with (`[output] baseline`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// None.
    None,
    /// The latest earlier period's folder under the output folder.
    Previous,
    /// A run's output folder.
    Folder(std::path::PathBuf),
}

/// A dimension with its weight made relative (the weights of all dimensions sum to 1).
#[derive(Debug, Clone)]
pub struct Dimension {
    /// Key (`intensity`).
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Weight as written.
    pub weight: f64,
    /// Weight divided by the sum of all dimension weights.
    pub relative_weight: f64,
}

/// An indicator, parsed and checked.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Key (`fai_per_mu`); the sidecars' column name.
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Unit of the raw value.
    pub unit: String,
    /// Index into [`Config::dimensions`].
    pub dimension: usize,
    /// The SQL text.
    pub expr_text: String,
    /// The parsed expression.
    pub expr: Expr,
    /// Weight as written.
    pub weight: f64,
    /// Weight divided by the sum of its dimension's weights.
    pub relative_weight: f64,
    /// The method.
    pub method: Method,
    /// Direction.
    pub direction: Direction,
    /// Population.
    pub scope: NormaliseScope,
    /// Missing-value policy.
    pub missing: MissingPolicy,
}

/// A tier level, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TierLevel {
    /// Name ("A").
    pub name: String,
    /// Lowest total (threshold) or cumulative share (share).
    pub bound: f64,
}

/// A tier set, checked: thresholds descending to 0, or shares ascending to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    /// Threshold or share.
    pub method: TierMethod,
    /// Levels, best first.
    pub levels: Vec<TierLevel>,
}

/// A check, parsed.
#[derive(Debug, Clone)]
pub struct Check {
    /// Key.
    pub key: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// (park level or `None` for every project, SQL text, parsed expression).
    pub rules: Vec<(Option<String>, String, Expr)>,
}

/// An adjustment, parsed.
#[derive(Debug, Clone)]
pub struct Adjustment {
    /// Key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Project or district.
    pub level: AdjustmentLevel,
    /// SQL text of the condition.
    pub when_text: String,
    /// The parsed condition.
    pub when: Expr,
    /// Points.
    pub points: f64,
    /// Cap of the absolute total adjustment.
    pub cap: Option<f64>,
}

/// A named entity of the config (district, chain, park) with its spellings.
#[derive(Debug, Clone)]
pub struct Named {
    /// Key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Aliases as written.
    pub aliases: Vec<String>,
}

/// A park.
#[derive(Debug, Clone)]
pub struct Park {
    /// Key, names and aliases.
    pub named: Named,
    /// national / provincial.
    pub level: String,
    /// Leading chain keys.
    pub leading_chains: Vec<String>,
}

/// District scoring settings.
#[derive(Debug, Clone)]
pub struct DistrictScoring {
    /// Investment or equal.
    pub quality_weighting: QualityWeighting,
    /// Relative weight of quality (quality + capital = 1).
    pub quality_weight: f64,
    /// Relative weight of the capital score.
    pub capital_weight: f64,
    /// Pro-rate targets.
    pub pro_rate: bool,
    /// Completion cap.
    pub capital_cap: f64,
    /// Gate threshold.
    pub gate_min_completion: f64,
    /// Best tier of a gated district.
    pub gate_max_tier: String,
    /// District tiers.
    pub tiers: Tiers,
}

/// Folded spelling → key, for one kind of name.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    map: HashMap<String, String>,
    keys: Vec<String>,
    spellings: Vec<String>,
    first: Vec<(String, String)>,
    /// (key, spelling) as written, in config order.
    written: Vec<(String, String)>,
}

impl Lexicon {
    pub(super) fn insert(&mut self, spelling: &str, key: &str) {
        let folded = fold(spelling);
        if !folded.is_empty() {
            self.map.entry(folded).or_insert_with(|| key.to_string());
            self.spellings.push(spelling.to_string());
        }
    }

    pub(super) fn add(&mut self, key: &str, spellings: &[&str]) {
        self.keys.push(key.to_string());
        if let Some(first) = spellings.iter().find(|s| !s.is_empty()) {
            self.first.push((key.to_string(), first.to_string()));
        }
        self.written.extend(spellings.iter().filter(|s| !s.is_empty()).map(|s| (key.to_string(), s.to_string())));
        self.insert(key, key);
        for s in spellings {
            self.insert(s, key);
        }
    }

    /// The key a cell's text names, exactly after folding.
    pub(crate) fn lookup(&self, text: &str) -> Option<&str> {
        self.map.get(&fold(text)).map(String::as_str)
    }

    /// The key whose longest spelling is contained in `text` (for sheet and file
    /// names such as "2022年五华区招商项目"). `Err` lists two keys that tie.
    pub(crate) fn find_within(&self, text: &str) -> std::result::Result<Option<&str>, (String, String)> {
        let folded = fold(text);
        let mut best: Option<(usize, &str)> = None;
        let mut tie: Option<&str> = None;
        for (spelling, key) in &self.map {
            if folded.contains(spelling.as_str()) {
                let len = spelling.chars().count();
                match best {
                    Some((l, k)) if len < l || (len == l && k == key) => {}
                    Some((l, k)) if len == l && k != key => tie = Some(key),
                    _ => {
                        best = Some((len, key));
                        tie = None;
                    }
                }
            }
        }
        match (best, tie) {
            (Some((_, a)), Some(b)) => Err((a.to_string(), b.to_string())),
            (best, _) => Ok(best.map(|(_, k)| k)),
        }
    }

    /// The first word written for a key in the config (its display form), if any.
    pub(crate) fn first_spelling(&self, key: &str) -> Option<&str> {
        self.first.iter().find(|(k, _)| k == key).map(|(_, w)| w.as_str())
    }

    /// Every word written for a key, in config order.
    pub(crate) fn spellings_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.written.iter().filter(move |(k, _)| k == key).map(|(_, w)| w.as_str())
    }

    /// The closest spelling to `text`, for "did you mean" messages.
    pub(crate) fn nearest(&self, text: &str) -> Option<&str> {
        nearest(text, self.spellings.iter().map(String::as_str).chain(self.keys.iter().map(String::as_str)))
    }

    /// The display name (the first spelling written: 五华区) of the entry
    /// `text` most likely means, for "did you mean" messages: the one whose
    /// name it contains (昆明市五华区 → 五华区), else the one spelled closest.
    /// Never a key, unless an entry has no spelling but its key.
    pub(crate) fn nearest_name(&self, text: &str) -> Option<&str> {
        let key = match self.find_within(text) {
            Ok(Some(key)) => Some(key),
            _ => self.nearest(text).and_then(|spelling| self.lookup(spelling)),
        }?;
        let key = self.keys.iter().find(|k| k.as_str() == key)?;
        self.first_spelling(key).or(Some(key.as_str()))
    }

    /// All keys, in config order.
    pub(crate) fn keys(&self) -> &[String] {
        &self.keys
    }
}
