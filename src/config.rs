//! The configuration: every number of the method, every name and alias, read from TOML.
//!
//! Two layers of checking. Serde, with unknown keys denied, catches the shape; the
//! error is turned into a sentence naming the key, its line and the nearest valid key
//! (we look the line up ourselves in the parsed document, so a key inherited through
//! `extends` is found in the file it comes from). Then [`Config::from_raw`] checks
//! the meaning: negative weights, empty weight sets, goalposts with lo = hi, bands out
//! of order, tiers that do not cover 0–100, expressions that do not parse.
//!
//! A config may `extends = "other.toml"`: tables merge key by key, anything else
//! (numbers, strings, arrays) is replaced. Evaluators write three-line configs that
//! change one weight; the full default stays in one place.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use polars::prelude::Expr;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::error::{ConfigPlace, Error, Result};
use crate::period::{CapitalWindow, Period};
use crate::text::{fold, nearest};

/// The built-in default configuration, as shipped in `config/default.toml`.
pub const DEFAULT_CONFIG_TEXT: &str = include_str!("../config/default.toml");

// ---------------------------------------------------------------------------------
// Raw shape, as serde reads it.

/// A map that keeps the order of the file (indicator columns follow it).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<T> OrderedMap<T> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Entries in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// The whole config file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Another config this one starts from (merged before deserialising).
    #[serde(default)]
    pub extends: Option<String>,
    /// `[run]`
    pub run: RawRun,
    /// `[inputs]`
    pub inputs: RawInputs,
    /// `[limits]`
    pub limits: Limits,
    /// `[output]`
    pub output: RawOutput,
    /// `[capital]`
    pub capital: RawCapital,
    /// `[scoring]`
    pub scoring: RawScoring,
    /// `[tiers]`
    pub tiers: RawTiers,
    /// `[district]`
    pub district: RawDistrictScoring,
    /// `[dimensions.<key>]`
    pub dimensions: OrderedMap<RawDimension>,
    /// `[indicators.<key>]`
    pub indicators: OrderedMap<RawIndicator>,
    /// `[[checks]]`
    #[serde(default)]
    pub checks: Vec<RawCheck>,
    /// `[[adjustments]]`
    #[serde(default)]
    pub adjustments: Vec<RawAdjustment>,
    /// `[districts.<key>]`
    pub districts: OrderedMap<RawDistrict>,
    /// `[chains.<key>]`
    pub chains: OrderedMap<RawChain>,
    /// `[parks.<key>]`
    #[serde(default)]
    pub parks: OrderedMap<RawPark>,
    /// `[columns.*]`
    pub columns: RawColumns,
    /// `[vocabulary.*]`
    pub vocabulary: RawVocabulary,
    /// `[[targets]]`: district targets written in the config.
    #[serde(default)]
    pub targets: Vec<RawTarget>,
}

/// `[run]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRun {
    /// Default period.
    pub period: String,
    /// Project scope.
    pub scope: ProjectScope,
    /// Capital window.
    pub capital_window: CapitalWindow,
}

/// Which projects are in scope for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectScope {
    /// Signed on or before the period end.
    ToDate,
    /// Signed within the period's year, up to its end.
    Year,
}

/// `[inputs]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInputs {
    /// Project register files or globs.
    #[serde(default)]
    pub projects: Vec<String>,
    /// Capital ledger files or globs.
    #[serde(default)]
    pub capital: Vec<String>,
    /// Target files or globs.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Where a project's district comes from.
    pub district_from: DistrictFrom,
    /// Sheet to read in project files.
    #[serde(default)]
    pub projects_sheet: String,
    /// Sheet to read in ledger files.
    #[serde(default)]
    pub capital_sheet: String,
    /// Sheet to read in target files.
    #[serde(default)]
    pub targets_sheet: String,
    /// Words marking a totals row.
    pub totals_words: Vec<String>,
    /// Words opening a notes row.
    pub notes_words: Vec<String>,
    /// Cell texts that mean "nothing".
    pub blank_words: Vec<String>,
}

/// Where the district of a project is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DistrictFrom {
    /// The district column.
    Column,
    /// The sheet name.
    Sheet,
    /// The file name.
    File,
}

/// `[limits]`: what an input file may cost before we refuse it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest input file, MiB.
    pub max_file_mb: u64,
    /// Largest declared uncompressed size of an archive, MiB.
    pub max_uncompressed_mb: u64,
    /// Largest compression ratio of an archive member over 1 MiB.
    pub max_compression_ratio: u64,
    /// Largest number of cells of a sheet.
    pub max_cells: u64,
}

/// `[output]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Output folder.
    pub dir: String,
    /// Workbook language.
    pub language: Language,
}

/// Language of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Chinese.
    Zh,
    /// English.
    En,
}

/// `[capital]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCapital {
    /// CNY per USD.
    pub usd_to_cny: f64,
}

/// `[scoring]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScoring {
    /// Arithmetic or geometric.
    pub aggregation: Aggregation,
    /// Exemption condition.
    #[serde(default)]
    pub exempt: String,
}

/// How dimension scores make a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Weighted arithmetic mean.
    Arithmetic,
    /// Weighted geometric mean of max(score, 1).
    Geometric,
}

/// `[tiers]` and `[district] tiers`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTiers {
    /// Threshold or share.
    pub method: TierMethod,
    /// The levels, best first.
    #[serde(default)]
    pub levels: Vec<RawTierLevel>,
}

/// How tiers are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TierMethod {
    /// By score threshold.
    Threshold,
    /// By cumulative share of the ranking.
    Share,
}

/// One tier level.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTierLevel {
    /// Tier name ("A").
    pub name: String,
    /// Lowest total of the tier (threshold method).
    pub min: Option<f64>,
    /// Cumulative share of the ranking (share method).
    pub share: Option<f64>,
}

/// `[district]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistrictScoring {
    /// Investment or equal.
    pub quality_weighting: QualityWeighting,
    /// Weight of quality.
    pub quality_weight: f64,
    /// Weight of the capital score.
    pub capital_weight: f64,
    /// Pro-rate targets by months elapsed.
    pub pro_rate: bool,
    /// Completion cap.
    pub capital_cap: f64,
    /// Gate threshold.
    pub gate_min_completion: f64,
    /// Best tier a gated district may have.
    pub gate_max_tier: String,
    /// District tiers (empty levels: the project tiers).
    pub tiers: Option<RawTiers>,
}

/// How project totals are averaged into district quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QualityWeighting {
    /// Weighted by total investment.
    Investment,
    /// Equal weights.
    Equal,
}

/// `[dimensions.<key>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    /// Chinese name.
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Relative weight.
    pub weight: f64,
}

/// `[indicators.<key>]`: one flat table; which keys apply depends on `method`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    /// Chinese name.
    #[serde(default)]
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Unit of the raw value.
    #[serde(default)]
    pub unit: String,
    /// Dimension key.
    pub dimension: String,
    /// SQL expression.
    pub expr: String,
    /// Relative weight within the dimension.
    pub weight: f64,
    /// Normalisation method.
    pub method: MethodName,
    /// Higher or lower is better.
    #[serde(default)]
    pub direction: Direction,
    /// City or chain population.
    #[serde(default)]
    pub scope: NormaliseScope,
    /// Missing-value policy.
    pub missing: Option<MissingPolicy>,
    /// goalpost: lower goalpost.
    pub lo: Option<f64>,
    /// goalpost: upper goalpost.
    pub hi: Option<f64>,
    /// goalpost: compare ln(1 + x).
    pub log: Option<bool>,
    /// goalpost: per-chain goalposts.
    pub by_chain: Option<OrderedMap<RawGoalpostOverride>>,
    /// minmax: winsorising percentiles.
    pub winsor: Option<Vec<f64>>,
    /// bands: [[threshold, score], …].
    pub bands: Option<Vec<Vec<f64>>>,
    /// bands: score under every threshold.
    pub below: Option<f64>,
    /// category: value → score.
    pub map: Option<OrderedMap<f64>>,
    /// category: score of an unmapped value.
    pub default: Option<f64>,
    /// ratio: the benchmark.
    pub benchmark: Option<RawBenchmark>,
    /// ratio: cap of value ÷ benchmark.
    pub cap: Option<f64>,
    /// efficacy: lowest score.
    pub floor: Option<f64>,
}

/// Per-chain goalposts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoalpostOverride {
    /// Lower goalpost for this chain.
    pub lo: Option<f64>,
    /// Upper goalpost for this chain.
    pub hi: Option<f64>,
}

/// A ratio benchmark: a number, or a multiple of the population mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawBenchmark {
    /// A fixed benchmark.
    Fixed(f64),
    /// k × the population mean.
    MeanTimes {
        /// The multiple k.
        mean_times: f64,
    },
}

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
    pub fn from_method(method: &Method) -> MethodName {
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
    pub fn as_str(&self) -> &'static str {
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

/// Whether higher or lower raw values are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher is better.
    #[default]
    Higher,
    /// Lower is better: the score becomes 100 − score.
    Lower,
}

/// The population an indicator is normalised over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NormaliseScope {
    /// Every project in scope.
    #[default]
    City,
    /// Each chain separately.
    Chain,
}

/// What a missing raw value becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    /// Score 0.
    Zero,
    /// Raw value replaced by the population median.
    Median,
    /// Dropped; the dimension's other weights are rescaled.
    Exclude,
    /// The project is not scored.
    Reject,
    /// The category map's default.
    Default,
}

/// `[[checks]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    /// Key; the result column is `check_<key>`.
    pub key: String,
    /// Chinese name.
    #[serde(default)]
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Condition for every project.
    pub expr: Option<String>,
    /// Condition per park level.
    pub by_park_level: Option<OrderedMap<String>>,
}

/// `[[adjustments]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustment {
    /// Key.
    pub key: String,
    /// Chinese name.
    #[serde(default)]
    pub name: String,
    /// Project or district.
    pub level: AdjustmentLevel,
    /// Condition on a project.
    pub when: String,
    /// Points per matching project (district) or for the project.
    pub points: f64,
    /// Largest absolute adjustment.
    pub cap: Option<f64>,
}

/// What an adjustment applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdjustmentLevel {
    /// A project's total.
    Project,
    /// A district's total, per matching project.
    District,
}

/// `[districts.<key>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    /// Display name.
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// district or development_area.
    #[serde(default)]
    pub kind: String,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `[chains.<key>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChain {
    /// Display name.
    pub name: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// key, traditional, agriculture or other.
    pub class: ChainClass,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The class of an industrial chain in the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainClass {
    /// The four key chains.
    Key,
    /// The four traditional chains.
    Traditional,
    /// Plateau agriculture.
    Agriculture,
    /// Anything else.
    Other,
}

impl ChainClass {
    /// The class as written.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChainClass::Key => "key",
            ChainClass::Traditional => "traditional",
            ChainClass::Agriculture => "agriculture",
            ChainClass::Other => "other",
        }
    }
}

/// `[parks.<key>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPark {
    /// Display name.
    pub name: String,
    /// national or provincial.
    #[serde(default)]
    pub level: String,
    /// Chain keys the park leads with.
    #[serde(default)]
    pub leading_chains: Vec<String>,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `[columns.*]`: header aliases per input kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumns {
    /// Project register headers.
    pub projects: OrderedMap<Vec<String>>,
    /// Capital ledger headers.
    pub capital: OrderedMap<Vec<String>>,
    /// Target headers.
    pub targets: OrderedMap<Vec<String>>,
}

/// `[vocabulary.*]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVocabulary {
    /// Investor tiers.
    pub investor_tier: OrderedMap<Vec<String>>,
    /// Chain links.
    pub link: OrderedMap<Vec<String>>,
    /// Project status.
    pub status: OrderedMap<Vec<String>>,
    /// Yes and no.
    pub boolean: RawBooleanWords,
}

/// `[vocabulary.boolean]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBooleanWords {
    /// Words for yes.
    #[serde(rename = "true")]
    pub yes: Vec<String>,
    /// Words for no.
    #[serde(rename = "false")]
    pub no: Vec<String>,
}

/// `[[targets]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    /// District key or name.
    pub district: String,
    /// Year.
    pub year: i32,
    /// Domestic target, 万元.
    #[serde(default)]
    pub domestic_target: f64,
    /// Foreign target, 万美元.
    #[serde(default)]
    pub foreign_target_usd: f64,
}

// ---------------------------------------------------------------------------------
// Where keys are: line lookup through the layers of `extends`.

/// The config files a config was built from, most specific first, kept so that any
/// key can be traced to the file and line that set it.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    layers: Vec<(PathBuf, String)>,
}

impl ConfigSource {
    /// The file the user named.
    pub fn path(&self) -> &Path {
        &self.layers[0].0
    }

    /// The text of the file the user named.
    pub fn text(&self) -> &str {
        &self.layers[0].1
    }

    /// Every file of the config, most specific first.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.layers.iter().map(|(p, _)| p.as_path())
    }

    /// The place of a dotted key (`indicators.x.weight`, `checks[0].expr`): the first
    /// layer that sets it, with its line; else the user's file without a line.
    pub fn place(&self, key: &str) -> ConfigPlace {
        let path = parse_key_path(key);
        for (file, text) in &self.layers {
            if let Some(line) = line_of_key(text, &path) {
                return ConfigPlace { file: file.clone(), key: key.to_string(), line: Some(line) };
            }
        }
        ConfigPlace { file: self.path().to_path_buf(), key: key.to_string(), line: None }
    }

    /// A config error at a key.
    pub fn error(&self, key: &str, message: impl Into<String>) -> Error {
        Error::config(self.place(key), message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum KeySegment {
    Key(String),
    Index(usize),
}

fn parse_key_path(key: &str) -> Vec<KeySegment> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let name = &rest[..open];
            if !name.is_empty() {
                out.push(KeySegment::Key(name.to_string()));
            }
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                if let Ok(index) = rest[1..close].parse() {
                    out.push(KeySegment::Index(index));
                }
                rest = &rest[close + 1..];
                if !rest.starts_with('[') {
                    break;
                }
            }
        } else if !part.is_empty() {
            out.push(KeySegment::Key(part.to_string()));
        }
    }
    out
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The line of the deepest segment of `path` that exists in `text` — but only when
/// the whole path exists (a missing key is reported at its table by the caller).
fn line_of_key(text: &str, path: &[KeySegment]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&toml::de::DeArray> = None;
    let mut span = None;
    for segment in path {
        let value = match segment {
            KeySegment::Key(k) => {
                let t = table?;
                let (key, value) = t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str())?;
                span = Some(key.span());
                value
            }
            KeySegment::Index(i) => {
                let value = array?.get(*i)?;
                span = Some(value.span());
                value
            }
        };
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a),
            _ => {}
        }
    }
    span.map(|s| line_of_offset(text, s.start))
}

/// Reads a config file and every file it extends, merged, with its source kept.
pub fn read_layers(path: &Path) -> Result<(toml::Table, ConfigSource)> {
    let mut layers = Vec::new();
    let mut tables = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(file) = next.take() {
        if layers.len() >= 8 || layers.iter().any(|(p, _): &(PathBuf, String)| p == &file) {
            return Err(Error::ConfigSyntax {
                file: file.clone(),
                line: None,
                message: "`extends` goes round in a circle or deeper than 8 files".into(),
            });
        }
        let text = std::fs::read_to_string(&file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::ConfigSyntax {
                file: file.clone(),
                line: None,
                message: "config file not found (pass --config FILE, or run from the project folder)".into(),
            },
            _ => Error::io(&file, "cannot read config", e),
        })?;
        let mut table: toml::Table = toml::from_str(&text).map_err(|e| Error::ConfigSyntax {
            file: file.clone(),
            line: e.span().map(|s| line_of_offset(&text, s.start)),
            message: format!("not valid TOML: {}", e.message().trim()),
        })?;
        if let Some(extends) = table.remove("extends") {
            let Some(name) = extends.as_str() else {
                return Err(Error::config(
                    ConfigPlace {
                        file: file.clone(),
                        key: "extends".into(),
                        line: line_of_key(&text, &parse_key_path("extends")),
                    },
                    "`extends` must be a file name in quotes",
                ));
            };
            let base = file.parent().unwrap_or(Path::new(".")).join(name);
            next = Some(base);
        }
        resolve_layer_paths(&mut table, file.parent().unwrap_or(Path::new("")));
        tables.push(table);
        layers.push((file, text));
    }
    // Merge from the most general layer up.
    let mut merged = tables.pop().expect("at least one layer");
    while let Some(upper) = tables.pop() {
        forget_replaced_methods(&mut merged, &upper);
        merge_tables(&mut merged, upper);
    }
    Ok((merged, ConfigSource { layers }))
}

/// Makes the paths a config file writes (`[inputs]` lists, `[output] dir`) relative
/// to that file's folder, so a path inherited through `extends` still points where
/// its author meant.
fn resolve_layer_paths(table: &mut toml::Table, dir: &Path) {
    let resolve = |text: &str| -> String {
        let path = Path::new(text);
        if path.is_absolute() || dir.as_os_str().is_empty() {
            text.to_string()
        } else {
            dir.join(path).to_string_lossy().into_owned()
        }
    };
    if let Some(toml::Value::Table(inputs)) = table.get_mut("inputs") {
        for key in ["projects", "capital", "targets"] {
            if let Some(toml::Value::Array(items)) = inputs.get_mut(key) {
                for item in items.iter_mut() {
                    if let toml::Value::String(text) = item {
                        *text = resolve(text);
                    }
                }
            }
        }
    }
    if let Some(toml::Value::Table(output)) = table.get_mut("output")
        && let Some(toml::Value::String(dir_text)) = output.get_mut("dir")
    {
        *dir_text = resolve(dir_text);
    }
}

/// Keys of an indicator that belong to its method.
const METHOD_KEYS: [&str; 12] =
    ["lo", "hi", "log", "by_chain", "winsor", "bands", "below", "map", "default", "benchmark", "cap", "floor"];

/// When an extending config gives an indicator another method, the base's
/// parameters of the old method (`lo`, `hi`, `bands`, …) no longer apply: drop them
/// before merging, so `method = "minmax"` over a goalpost indicator just works.
fn forget_replaced_methods(base: &mut toml::Table, upper: &toml::Table) {
    let (Some(toml::Value::Table(base_indicators)), Some(toml::Value::Table(upper_indicators))) =
        (base.get_mut("indicators"), upper.get("indicators"))
    else {
        return;
    };
    for (key, upper_indicator) in upper_indicators {
        let Some(upper_method) = upper_indicator.get("method") else { continue };
        if let Some(toml::Value::Table(base_indicator)) = base_indicators.get_mut(key)
            && base_indicator.get("method") != Some(upper_method)
        {
            for method_key in METHOD_KEYS {
                base_indicator.remove(method_key);
            }
        }
    }
}

fn merge_tables(base: &mut toml::Table, upper: toml::Table) {
    for (key, value) in upper {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) => merge_tables(b, u),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Deserialises the merged table, turning serde's errors into sentences with the key,
/// its line and the nearest valid key or value.
fn deserialize_raw(table: toml::Table, source: &ConfigSource) -> Result<RawConfig> {
    let value = toml::Value::Table(table);
    serde_path_to_error::deserialize::<_, RawConfig>(value).map_err(|error| {
        let mut key = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => {
                    Some(key.clone())
                }
                serde_path_to_error::Segment::Seq { index } => Some(format!("[{index}]")),
                serde_path_to_error::Segment::Unknown => None,
            })
            .fold(String::new(), |mut acc, part| {
                if part.starts_with('[') || acc.is_empty() {
                    acc.push_str(&part);
                } else {
                    acc.push('.');
                    acc.push_str(&part);
                }
                acc
            });
        let message = error.inner().message().trim().to_string();
        let text = describe_serde_error(&message, &mut key);
        source.error(if key.is_empty() { "(top level)" } else { &key }, text)
    })
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" (and the same for
/// variants and missing fields) into a sentence with the nearest valid name, fixing
/// `key` to point at the offending key.
fn describe_serde_error(message: &str, key: &mut String) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let push = |key: &mut String, name: &str| {
        if !key.ends_with(name) {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(name);
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted.first().copied().unwrap_or(rest);
        push(key, name);
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        return match nearest(name, expected.iter().copied()) {
            Some(best) => format!("unknown key `{name}`; did you mean `{best}`?"),
            None if expected.is_empty() => {
                format!("unknown key `{name}`: this table takes no keys")
            }
            None => format!("unknown key `{name}`; valid keys are {}", expected.join(", ")),
        };
    }
    if message.starts_with("unknown variant ") {
        let name = quoted.first().copied().unwrap_or_default();
        let expected: Vec<&str> = quoted.iter().skip(1).copied().collect();
        return match nearest(name, expected.iter().copied()) {
            Some(best) => {
                format!("`{name}` is not a valid value; did you mean `{best}`? (valid: {})", expected.join(", "))
            }
            None => format!("`{name}` is not a valid value; valid values are {}", expected.join(", ")),
        };
    }
    if message.starts_with("missing field ") {
        let name = quoted.first().copied().unwrap_or_default();
        let table = key.clone();
        push(key, name);
        return if table.is_empty() {
            format!("the required key `{name}` is missing")
        } else {
            format!("the required key `{name}` is missing from [{table}]")
        };
    }
    message.to_string()
}

// ---------------------------------------------------------------------------------
// The validated config the engine uses.

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
}

impl Lexicon {
    fn insert(&mut self, spelling: &str, key: &str) {
        let folded = fold(spelling);
        if !folded.is_empty() {
            self.map.entry(folded).or_insert_with(|| key.to_string());
            self.spellings.push(spelling.to_string());
        }
    }

    fn add(&mut self, key: &str, spellings: &[&str]) {
        self.keys.push(key.to_string());
        if let Some(first) = spellings.iter().find(|s| !s.is_empty()) {
            self.first.push((key.to_string(), first.to_string()));
        }
        self.insert(key, key);
        for s in spellings {
            self.insert(s, key);
        }
    }

    /// The key a cell's text names, exactly after folding.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        self.map.get(&fold(text)).map(String::as_str)
    }

    /// The key whose longest spelling is contained in `text` (for sheet and file
    /// names such as "2022年五华区招商项目"). `Err` lists two keys that tie.
    pub fn find_within(&self, text: &str) -> std::result::Result<Option<&str>, (String, String)> {
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
    pub fn first_spelling(&self, key: &str) -> Option<&str> {
        self.first.iter().find(|(k, _)| k == key).map(|(_, w)| w.as_str())
    }

    /// The closest spelling to `text`, for "did you mean" messages.
    pub fn nearest(&self, text: &str) -> Option<&str> {
        nearest(text, self.spellings.iter().map(String::as_str).chain(self.keys.iter().map(String::as_str)))
    }

    /// All keys, in config order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
}

/// The config the engine runs on: checked, with weights made relative and lookups
/// built once.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it came from.
    pub source: ConfigSource,
    /// Default period.
    pub period: Period,
    /// Project scope.
    pub scope: ProjectScope,
    /// Capital window.
    pub capital_window: CapitalWindow,
    /// Project inputs, resolved against the config's folder.
    pub projects: Vec<String>,
    /// Ledger inputs.
    pub capital: Vec<String>,
    /// Target inputs.
    pub targets_files: Vec<String>,
    /// Where the district comes from.
    pub district_from: DistrictFrom,
    /// Sheet names to read, by kind ("" = first matching).
    pub projects_sheet: String,
    /// Sheet of ledger files.
    pub capital_sheet: String,
    /// Sheet of target files.
    pub targets_sheet: String,
    /// Folded totals words.
    pub totals_words: Vec<String>,
    /// Folded notes words.
    pub notes_words: Vec<String>,
    /// Folded blank words.
    pub blank_words: Vec<String>,
    /// Resource limits.
    pub limits: Limits,
    /// Output folder, resolved.
    pub output_dir: PathBuf,
    /// Workbook language.
    pub language: Language,
    /// CNY per USD.
    pub usd_to_cny: f64,
    /// Aggregation.
    pub aggregation: Aggregation,
    /// Exemption (text, parsed).
    pub exempt: Option<(String, Expr)>,
    /// Project tiers.
    pub tiers: Tiers,
    /// District scoring.
    pub district: DistrictScoring,
    /// Dimensions in order.
    pub dimensions: Vec<Dimension>,
    /// Indicators in order.
    pub indicators: Vec<Indicator>,
    /// Checks.
    pub checks: Vec<Check>,
    /// Adjustments.
    pub adjustments: Vec<Adjustment>,
    /// Districts in config order.
    pub districts: Vec<Named>,
    /// Chains in config order, with their class.
    pub chains: Vec<(Named, ChainClass)>,
    /// Parks.
    pub parks: Vec<Park>,
    /// Header aliases: (kind, canonical or extra column, aliases).
    pub columns: RawColumns,
    /// District spellings.
    pub district_names: Lexicon,
    /// Chain spellings.
    pub chain_names: Lexicon,
    /// Park spellings.
    pub park_names: Lexicon,
    /// Investor tier words.
    pub investor_tiers: Lexicon,
    /// Chain link words.
    pub links: Lexicon,
    /// Status words.
    pub statuses: Lexicon,
    /// Yes/no words.
    pub booleans: Lexicon,
    /// Targets written in the config.
    pub config_targets: Vec<RawTarget>,
}

/// Dimension keys the sidecars and the workbook expect, in order.
pub const DIMENSION_KEYS: [&str; 4] = ["intensity", "output", "tech", "relevance"];

/// The projects sidecar's columns before the indicators' (spec 5); an indicator
/// key may not repeat one of them.
pub const SIDECAR_PROJECT_COLUMNS: [&str; 14] = [
    "project_id",
    "project_name",
    "district",
    "park",
    "chain",
    "tier",
    "total",
    "intensity",
    "output",
    "tech",
    "relevance",
    "rank",
    "district_rank",
    "chain_rank",
];

/// Column names the engine adds to every project, usable in expressions.
pub const BUILT_IN_COLUMNS: [&str; 4] = ["capital_in_place", "capital_cumulative", "chain_class", "park_fit"];

impl Config {
    /// Reads, merges, deserialises and checks a config file.
    pub fn load(path: &Path) -> Result<Config> {
        let (table, source) = read_layers(path)?;
        let raw = deserialize_raw(table, &source)?;
        Config::from_raw(raw, source)
    }

    /// Reads a config from text (tests, `init`), as if it were the file `path`.
    pub fn from_text(text: &str, path: &Path) -> Result<Config> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| Error::ConfigSyntax {
            file: path.to_path_buf(),
            line: e.span().map(|s| line_of_offset(text, s.start)),
            message: format!("not valid TOML: {}", e.message().trim()),
        })?;
        resolve_layer_paths(&mut table, path.parent().unwrap_or(Path::new("")));
        let source = ConfigSource { layers: vec![(path.to_path_buf(), text.to_string())] };
        let raw = deserialize_raw(table, &source)?;
        Config::from_raw(raw, source)
    }

    /// The built-in default config, with paths relative to `config/`.
    pub fn builtin_default() -> Config {
        Config::from_text(DEFAULT_CONFIG_TEXT, Path::new("config/default.toml")).expect("the built-in config is valid")
    }

    /// Checks the meaning of a deserialised config.
    pub fn from_raw(raw: RawConfig, source: ConfigSource) -> Result<Config> {
        // Paths were made relative to their own file by `resolve_layer_paths`.
        let resolve = |p: &str| -> String { p.to_string() };
        let period: Period = raw.run.period.parse().map_err(|e: String| source.error("run.period", e))?;

        // Dimensions.
        if raw.dimensions.is_empty() {
            return Err(source.error("dimensions", "at least one dimension is needed"));
        }
        for (key, dim) in raw.dimensions.iter() {
            check_weight(&source, &format!("dimensions.{key}.weight"), dim.weight)?;
        }
        for key in raw.dimensions.keys() {
            if !DIMENSION_KEYS.contains(&key) {
                let hint = nearest(key, DIMENSION_KEYS).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
                return Err(source.error(
                    &format!("dimensions.{key}"),
                    format!("`{key}` is not one of the four dimensions ({}){hint}", DIMENSION_KEYS.join(", ")),
                ));
            }
        }
        let dimension_sum: f64 = raw.dimensions.iter().map(|(_, d)| d.weight).sum();
        if dimension_sum <= 0.0 {
            return Err(source.error("dimensions", "the dimension weights sum to zero; at least one must be positive"));
        }
        let dimensions: Vec<Dimension> = raw
            .dimensions
            .iter()
            .map(|(key, d)| Dimension {
                key: key.to_string(),
                name: d.name.clone(),
                name_en: if d.name_en.is_empty() { key.to_string() } else { d.name_en.clone() },
                weight: d.weight,
                relative_weight: d.weight / dimension_sum,
            })
            .collect();

        // Chains first: goalpost overrides and parks refer to them.
        if raw.chains.is_empty() {
            return Err(source.error("chains", "at least one chain is needed"));
        }
        let mut chain_names = Lexicon::default();
        let mut chains = Vec::new();
        for (key, chain) in raw.chains.iter() {
            let mut spellings: Vec<&str> = vec![chain.name.as_str(), chain.name_en.as_str()];
            spellings.extend(chain.aliases.iter().map(String::as_str));
            chain_names.add(key, &spellings);
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
        check_ambiguous_spellings(&source, "chains", raw.chains.iter().map(|(k, c)| (k, &c.name, &c.aliases)))?;

        // Indicators.
        let mut indicators = Vec::new();
        for (key, ind) in raw.indicators.iter() {
            let at = |field: &str| format!("indicators.{key}.{field}");
            let Some(dimension) = dimensions.iter().position(|d| d.key == ind.dimension) else {
                let hint = nearest(&ind.dimension, dimensions.iter().map(|d| d.key.as_str()))
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_default();
                return Err(source.error(&at("dimension"), format!("`{}` is not a dimension{hint}", ind.dimension)));
            };
            check_weight(&source, &at("weight"), ind.weight)?;
            let expr = parse_sql(&source, &at("expr"), &ind.expr)?;
            let method = check_method(&source, key, ind, &chain_names)?;
            let missing = match (ind.missing, &method) {
                (Some(MissingPolicy::Default), Method::Category { .. }) => MissingPolicy::Default,
                (Some(MissingPolicy::Default), _) => {
                    return Err(source.error(
                        &at("missing"),
                        "`default` applies only to category indicators; use zero, median, exclude or reject",
                    ));
                }
                (Some(MissingPolicy::Median), Method::Category { .. } | Method::Boolean) => {
                    return Err(source.error(
                        &at("missing"),
                        "`median` needs numbers; a category or boolean indicator cannot use it",
                    ));
                }
                (Some(policy), _) => policy,
                (None, Method::Category { .. }) => MissingPolicy::Default,
                (None, _) => MissingPolicy::Zero,
            };
            indicators.push(Indicator {
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
            });
        }
        for (d, dim) in dimensions.iter().enumerate() {
            let members: Vec<usize> = (0..indicators.len()).filter(|&i| indicators[i].dimension == d).collect();
            if members.is_empty() {
                return Err(source
                    .error(&format!("dimensions.{}", dim.key), format!("dimension `{}` has no indicator", dim.key)));
            }
            let sum: f64 = members.iter().map(|&i| indicators[i].weight).sum();
            if sum <= 0.0 {
                return Err(source.error(
                    &format!("indicators.{}.weight", indicators[members[0]].key),
                    format!(
                        "the weights of the indicators of dimension `{}` sum to zero; at least one must be positive",
                        dim.key
                    ),
                ));
            }
            for i in members {
                indicators[i].relative_weight = indicators[i].weight / sum;
            }
        }
        for key in SIDECAR_PROJECT_COLUMNS.iter() {
            if raw.indicators.get(key).is_some() {
                return Err(source.error(
                    &format!("indicators.{key}"),
                    format!("`{key}` is a column of the output already; give the indicator another key"),
                ));
            }
        }

        // Tiers.
        let tiers = check_tiers(&source, "tiers", &raw.tiers)?;
        let district_tiers = match &raw.district.tiers {
            Some(t) if !t.levels.is_empty() => check_tiers(&source, "district.tiers", t)?,
            _ => tiers.clone(),
        };
        if !district_tiers.levels.iter().any(|l| l.name == raw.district.gate_max_tier) {
            let names: Vec<&str> = district_tiers.levels.iter().map(|l| l.name.as_str()).collect();
            return Err(source.error(
                "district.gate_max_tier",
                format!("`{}` is not a tier; tiers are {}", raw.district.gate_max_tier, names.join(", ")),
            ));
        }
        check_weight(&source, "district.quality_weight", raw.district.quality_weight)?;
        check_weight(&source, "district.capital_weight", raw.district.capital_weight)?;
        let district_sum = raw.district.quality_weight + raw.district.capital_weight;
        if district_sum <= 0.0 {
            return Err(source.error("district.quality_weight", "quality_weight and capital_weight sum to zero"));
        }
        if raw.district.capital_cap <= 0.0 || !raw.district.capital_cap.is_finite() {
            return Err(source.error(
                "district.capital_cap",
                format!("capital_cap must be above 0 (it is {})", raw.district.capital_cap),
            ));
        }
        if raw.district.gate_min_completion < 0.0 {
            return Err(source.error("district.gate_min_completion", "gate_min_completion cannot be negative"));
        }
        if raw.capital.usd_to_cny <= 0.0 || !raw.capital.usd_to_cny.is_finite() {
            return Err(source.error(
                "capital.usd_to_cny",
                format!("usd_to_cny must be above 0 (it is {})", raw.capital.usd_to_cny),
            ));
        }
        for (key, value) in [
            ("limits.max_file_mb", raw.limits.max_file_mb),
            ("limits.max_uncompressed_mb", raw.limits.max_uncompressed_mb),
            ("limits.max_compression_ratio", raw.limits.max_compression_ratio),
            ("limits.max_cells", raw.limits.max_cells),
        ] {
            if value == 0 {
                return Err(source.error(key, "a limit of 0 would refuse every file"));
            }
        }

        // Districts.
        if raw.districts.is_empty() {
            return Err(source.error("districts", "at least one district is needed"));
        }
        let mut district_names = Lexicon::default();
        let mut districts = Vec::new();
        for (key, d) in raw.districts.iter() {
            let mut spellings: Vec<&str> = vec![d.name.as_str(), d.name_en.as_str()];
            spellings.extend(d.aliases.iter().map(String::as_str));
            district_names.add(key, &spellings);
            districts.push(Named {
                key: key.to_string(),
                name: d.name.clone(),
                name_en: or_key(&d.name_en, key),
                aliases: d.aliases.clone(),
            });
        }
        check_ambiguous_spellings(&source, "districts", raw.districts.iter().map(|(k, d)| (k, &d.name, &d.aliases)))?;

        // Parks.
        let mut park_names = Lexicon::default();
        let mut parks = Vec::new();
        for (key, p) in raw.parks.iter() {
            for (i, chain) in p.leading_chains.iter().enumerate() {
                if chain_names.keys().iter().all(|k| k != chain) {
                    let hint = nearest(chain, chain_names.keys().iter().map(String::as_str))
                        .map(|b| format!("; did you mean `{b}`?"))
                        .unwrap_or_default();
                    return Err(source.error(
                        &format!("parks.{key}.leading_chains[{i}]"),
                        format!("`{chain}` is not a chain key{hint}"),
                    ));
                }
            }
            let mut spellings: Vec<&str> = vec![p.name.as_str()];
            spellings.extend(p.aliases.iter().map(String::as_str));
            park_names.add(key, &spellings);
            parks.push(Park {
                named: Named {
                    key: key.to_string(),
                    name: p.name.clone(),
                    name_en: key.to_string(),
                    aliases: p.aliases.clone(),
                },
                level: p.level.clone(),
                leading_chains: p.leading_chains.clone(),
            });
        }

        // Checks and adjustments.
        let mut checks = Vec::new();
        for (i, c) in raw.checks.iter().enumerate() {
            let mut rules = Vec::new();
            if let Some(expr) = &c.expr {
                rules.push((None, expr.clone(), parse_sql(&source, &format!("checks[{i}].expr"), expr)?));
            }
            if let Some(levels) = &c.by_park_level {
                for (level, expr) in levels.iter() {
                    rules.push((
                        Some(level.to_string()),
                        expr.clone(),
                        parse_sql(&source, &format!("checks[{i}].by_park_level.{level}"), expr)?,
                    ));
                }
            }
            if rules.is_empty() {
                return Err(
                    source.error(&format!("checks[{i}]"), format!("check `{}` needs `expr` or `by_park_level`", c.key))
                );
            }
            checks.push(Check {
                key: c.key.clone(),
                name: or_key(&c.name, &c.key),
                name_en: or_key(&c.name_en, &c.key),
                rules,
            });
        }
        let mut adjustments = Vec::new();
        for (i, a) in raw.adjustments.iter().enumerate() {
            if !a.points.is_finite() {
                return Err(source.error(&format!("adjustments[{i}].points"), "points must be a number"));
            }
            if let Some(cap) = a.cap
                && (cap < 0.0 || !cap.is_finite())
            {
                return Err(
                    source.error(&format!("adjustments[{i}].cap"), "cap must be a number of points of 0 or more")
                );
            }
            adjustments.push(Adjustment {
                key: a.key.clone(),
                name: or_key(&a.name, &a.key),
                level: a.level,
                when_text: a.when.clone(),
                when: parse_sql(&source, &format!("adjustments[{i}].when"), &a.when)?,
                points: a.points,
                cap: a.cap,
            });
        }
        let exempt = if raw.scoring.exempt.trim().is_empty() {
            None
        } else {
            Some((raw.scoring.exempt.clone(), parse_sql(&source, "scoring.exempt", &raw.scoring.exempt)?))
        };

        // Columns: every kind needs its required canonical columns to have aliases.
        for (kind, map, required) in [
            (
                "projects",
                &raw.columns.projects,
                &["project_id", "project_name", "chain", "signed_on", "total_investment"][..],
            ),
            ("capital", &raw.columns.capital, &["project_id", "period", "domestic"][..]),
            ("targets", &raw.columns.targets, &["district", "year", "domestic_target"][..]),
        ] {
            for column in required {
                if map.get(column).is_none() {
                    return Err(source.error(
                        &format!("columns.{kind}"),
                        format!("the required column `{column}` has no aliases in [columns.{kind}]"),
                    ));
                }
            }
        }

        let vocabulary = |key: &str, map: &OrderedMap<Vec<String>>| -> Lexicon {
            let _ = key;
            let mut lex = Lexicon::default();
            for (value, words) in map.iter() {
                lex.add(value, &words.iter().map(String::as_str).collect::<Vec<_>>());
            }
            lex
        };
        let investor_tiers = vocabulary("investor_tier", &raw.vocabulary.investor_tier);
        let links = vocabulary("link", &raw.vocabulary.link);
        let statuses = vocabulary("status", &raw.vocabulary.status);
        let mut booleans = Lexicon::default();
        booleans.add("true", &raw.vocabulary.boolean.yes.iter().map(String::as_str).collect::<Vec<_>>());
        booleans.add("false", &raw.vocabulary.boolean.no.iter().map(String::as_str).collect::<Vec<_>>());

        for (i, t) in raw.targets.iter().enumerate() {
            if district_names.lookup(&t.district).is_none() {
                let hint =
                    district_names.nearest(&t.district).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
                return Err(source
                    .error(&format!("targets[{i}].district"), format!("`{}` is not a district{hint}", t.district)));
            }
            if t.domestic_target < 0.0 || t.foreign_target_usd < 0.0 {
                return Err(source.error(&format!("targets[{i}]"), "a target cannot be negative"));
            }
        }

        let fold_all = |words: &[String]| words.iter().map(|w| fold(w)).filter(|w| !w.is_empty()).collect::<Vec<_>>();
        Ok(Config {
            period,
            scope: raw.run.scope,
            capital_window: raw.run.capital_window,
            projects: raw.inputs.projects.iter().map(|p| resolve(p)).collect(),
            capital: raw.inputs.capital.iter().map(|p| resolve(p)).collect(),
            targets_files: raw.inputs.targets.iter().map(|p| resolve(p)).collect(),
            district_from: raw.inputs.district_from,
            projects_sheet: raw.inputs.projects_sheet.clone(),
            capital_sheet: raw.inputs.capital_sheet.clone(),
            targets_sheet: raw.inputs.targets_sheet.clone(),
            totals_words: fold_all(&raw.inputs.totals_words),
            notes_words: fold_all(&raw.inputs.notes_words),
            blank_words: fold_all(&raw.inputs.blank_words),
            limits: raw.limits,
            output_dir: PathBuf::from(resolve(&raw.output.dir)),
            language: raw.output.language,
            usd_to_cny: raw.capital.usd_to_cny,
            aggregation: raw.scoring.aggregation,
            exempt,
            tiers,
            district: DistrictScoring {
                quality_weighting: raw.district.quality_weighting,
                quality_weight: raw.district.quality_weight / district_sum,
                capital_weight: raw.district.capital_weight / district_sum,
                pro_rate: raw.district.pro_rate,
                capital_cap: raw.district.capital_cap,
                gate_min_completion: raw.district.gate_min_completion,
                gate_max_tier: raw.district.gate_max_tier.clone(),
                tiers: district_tiers,
            },
            dimensions,
            indicators,
            checks,
            adjustments,
            districts,
            chains,
            parks,
            columns: raw.columns,
            district_names,
            chain_names,
            park_names,
            investor_tiers,
            links,
            statuses,
            booleans,
            config_targets: raw.targets,
            source,
        })
    }

    /// The dimension with a key.
    pub fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }

    /// Display name of a district key in the config's language.
    pub fn district_display(&self, key: &str) -> String {
        self.districts
            .iter()
            .find(|d| d.key == key)
            .map(|d| self.pick(&d.name, &d.name_en))
            .unwrap_or_else(|| key.to_string())
    }

    /// Display name of a chain key in the config's language.
    pub fn chain_display(&self, key: &str) -> String {
        self.chains
            .iter()
            .find(|(c, _)| c.key == key)
            .map(|(c, _)| self.pick(&c.name, &c.name_en))
            .unwrap_or_else(|| key.to_string())
    }

    /// The Chinese or English form, as the output language says.
    pub fn pick(&self, zh: &str, en: &str) -> String {
        match self.language {
            Language::Zh => zh.to_string(),
            Language::En => en.to_string(),
        }
    }

    /// Checks that every expression names only columns that exist; `available` are
    /// the columns of the project frame (canonical, extra and built-in). A config
    /// error names the key, its line and the columns that exist.
    pub fn check_expression_columns(&self, available: &[String]) -> Result<()> {
        let mut expressions: Vec<(String, &Expr, Vec<String>)> = Vec::new();
        for ind in &self.indicators {
            expressions.push((format!("indicators.{}.expr", ind.key), &ind.expr, Vec::new()));
        }
        let check_columns: Vec<String> = self.checks.iter().map(|c| format!("check_{}", c.key)).collect();
        for (i, check) in self.checks.iter().enumerate() {
            for (level, _, expr) in &check.rules {
                let key = match level {
                    Some(level) => format!("checks[{i}].by_park_level.{level}"),
                    None => format!("checks[{i}].expr"),
                };
                expressions.push((key, expr, Vec::new()));
            }
        }
        for (i, a) in self.adjustments.iter().enumerate() {
            expressions.push((format!("adjustments[{i}].when"), &a.when, check_columns.clone()));
        }
        if let Some((_, expr)) = &self.exempt {
            expressions.push(("scoring.exempt".into(), expr, check_columns.clone()));
        }
        for (key, expr, extra) in expressions {
            for name in expr_columns(expr) {
                if !available.contains(&name) && !extra.contains(&name) {
                    let all: Vec<&str> =
                        available.iter().map(String::as_str).chain(extra.iter().map(String::as_str)).collect();
                    let hint = nearest(&name, all.iter().copied())
                        .map(|b| format!(" Did you mean `{b}`?"))
                        .unwrap_or_default();
                    return Err(self.source.error(
                        &key,
                        format!(
                            "the expression names the column `{name}`, which does not exist.{hint} The columns are: {}",
                            all.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Column names an expression reads.
pub fn expr_columns(expr: &Expr) -> Vec<String> {
    let mut names: Vec<String> = expr.clone().meta().root_names().into_iter().map(|s| s.to_string()).collect();
    names.sort();
    names.dedup();
    names
}

fn or_key(text: &str, key: &str) -> String {
    if text.is_empty() { key.to_string() } else { text.to_string() }
}

fn check_weight(source: &ConfigSource, key: &str, weight: f64) -> Result<()> {
    if !weight.is_finite() {
        return Err(source.error(key, "a weight must be a finite number"));
    }
    if weight < 0.0 {
        return Err(source.error(key, format!("a weight cannot be negative (it is {weight})")));
    }
    Ok(())
}

fn parse_sql(source: &ConfigSource, key: &str, text: &str) -> Result<Expr> {
    if text.trim().is_empty() {
        return Err(source.error(key, "the expression is empty"));
    }
    polars::sql::sql_expr(text).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.trim_start_matches("SQLInterface:").trim().lines().next().unwrap_or("").to_string();
        source.error(key, format!("the expression `{text}` does not parse: {reason}"))
    })
}

fn check_ambiguous_spellings<'a>(
    source: &ConfigSource,
    table: &str,
    entries: impl Iterator<Item = (&'a str, &'a String, &'a Vec<String>)>,
) -> Result<()> {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (key, name, aliases) in entries {
        for spelling in
            std::iter::once(key).chain(std::iter::once(name.as_str())).chain(aliases.iter().map(String::as_str))
        {
            let folded = fold(spelling);
            if let Some(other) = seen.get(&folded)
                && other != key
            {
                return Err(source.error(
                    &format!("{table}.{key}"),
                    format!("the spelling `{spelling}` names both `{other}` and `{key}`; a name must point to one {table} entry"),
                ));
            }
            seen.insert(folded, key.to_string());
        }
    }
    Ok(())
}

fn check_tiers(source: &ConfigSource, at: &str, raw: &RawTiers) -> Result<Tiers> {
    if raw.levels.is_empty() {
        return Err(source.error(&format!("{at}.levels"), "at least one tier level is needed"));
    }
    let mut levels = Vec::new();
    for (i, level) in raw.levels.iter().enumerate() {
        let key = format!("{at}.levels[{i}]");
        if level.name.trim().is_empty() {
            return Err(source.error(&key, "a tier needs a name"));
        }
        if levels.iter().any(|l: &TierLevel| l.name == level.name) {
            return Err(source.error(&key, format!("the tier `{}` appears twice", level.name)));
        }
        let bound = match (raw.method, level.min, level.share) {
            (TierMethod::Threshold, Some(min), None) => min,
            (TierMethod::Share, None, Some(share)) => share,
            (TierMethod::Threshold, _, _) => {
                return Err(source.error(
                    &key,
                    format!("tier `{}` needs `min` (and no `share`) with method = \"threshold\"", level.name),
                ));
            }
            (TierMethod::Share, _, _) => {
                return Err(source.error(
                    &key,
                    format!("tier `{}` needs `share` (and no `min`) with method = \"share\"", level.name),
                ));
            }
        };
        if !bound.is_finite() {
            return Err(source.error(&key, "the bound must be a finite number"));
        }
        levels.push(TierLevel { name: level.name.clone(), bound });
    }
    match raw.method {
        TierMethod::Threshold => {
            for pair in levels.windows(2) {
                if pair[1].bound >= pair[0].bound {
                    return Err(source.error(
                        &format!("{at}.levels"),
                        format!(
                            "tier thresholds must fall from the best tier down: `{}` ({}) is not below `{}` ({})",
                            pair[1].name, pair[1].bound, pair[0].name, pair[0].bound
                        ),
                    ));
                }
            }
            if levels[0].bound > 100.0 {
                return Err(source.error(
                    &format!("{at}.levels"),
                    format!(
                        "the best tier `{}` starts above 100 ({}); no total can reach it",
                        levels[0].name, levels[0].bound
                    ),
                ));
            }
            let last = levels.last().expect("non-empty");
            if last.bound != 0.0 {
                return Err(source.error(&format!("{at}.levels"), format!("the tiers must cover 0–100: the last tier `{}` starts at {}, so totals below it would have no tier; set its min to 0", last.name, last.bound)));
            }
        }
        TierMethod::Share => {
            for pair in levels.windows(2) {
                if pair[1].bound <= pair[0].bound {
                    return Err(source.error(
                        &format!("{at}.levels"),
                        format!(
                            "tier shares are cumulative and must rise: `{}` ({}) is not above `{}` ({})",
                            pair[1].name, pair[1].bound, pair[0].name, pair[0].bound
                        ),
                    ));
                }
            }
            if levels[0].bound <= 0.0 {
                return Err(source.error(&format!("{at}.levels"), "the first share must be above 0"));
            }
            let last = levels.last().expect("non-empty");
            if (last.bound - 1.0).abs() > 1e-9 {
                return Err(source.error(
                    &format!("{at}.levels"),
                    format!(
                        "the tiers must cover the whole ranking: the last tier `{}` has share {}, it must be 1",
                        last.name, last.bound
                    ),
                ));
            }
        }
    }
    Ok(Tiers { method: raw.method, levels })
}

/// Keys of an indicator table that each method accepts beyond the common ones.
fn method_keys(method: MethodName) -> &'static [&'static str] {
    match method {
        MethodName::Goalpost => &["lo", "hi", "log", "by_chain"],
        MethodName::Minmax => &["winsor"],
        MethodName::Zscore | MethodName::Percentile | MethodName::Boolean => &[],
        MethodName::Bands => &["bands", "below"],
        MethodName::Category => &["map", "default"],
        MethodName::Ratio => &["benchmark", "cap"],
        MethodName::Efficacy => &["floor"],
    }
}

fn check_method(source: &ConfigSource, key: &str, ind: &RawIndicator, chains: &Lexicon) -> Result<Method> {
    let at = |field: &str| format!("indicators.{key}.{field}");
    let present: Vec<(&str, bool)> = vec![
        ("lo", ind.lo.is_some()),
        ("hi", ind.hi.is_some()),
        ("log", ind.log.is_some()),
        ("by_chain", ind.by_chain.is_some()),
        ("winsor", ind.winsor.is_some()),
        ("bands", ind.bands.is_some()),
        ("below", ind.below.is_some()),
        ("map", ind.map.is_some()),
        ("default", ind.default.is_some()),
        ("benchmark", ind.benchmark.is_some()),
        ("cap", ind.cap.is_some()),
        ("floor", ind.floor.is_some()),
    ];
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

fn check_goalposts(source: &ConfigSource, key: &str, lo: f64, hi: f64, log: bool) -> Result<()> {
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

    fn with_default(extra: &str) -> String {
        format!("{DEFAULT_CONFIG_TEXT}\n{extra}")
    }

    fn error_of(text: &str) -> String {
        Config::from_text(text, Path::new("c.toml")).unwrap_err().to_string()
    }

    #[test]
    fn the_default_config_loads_with_thirteen_indicators() {
        let config = Config::builtin_default();
        assert_eq!(config.indicators.len(), 13);
        assert_eq!(config.dimensions.len(), 4);
        let weights: Vec<f64> = config.dimensions.iter().map(|d| d.relative_weight).collect();
        assert_eq!(weights, vec![0.3, 0.3, 0.2, 0.2]);
        assert_eq!(config.districts.len(), 18);
        assert_eq!(config.chains.len(), 9);
        assert_eq!(config.period, Period::Quarter(2022, 4));
        let fai = &config.indicators[0];
        assert_eq!(fai.key, "fai_per_mu");
        assert!((fai.relative_weight - 0.5).abs() < 1e-12);
    }

    #[test]
    fn district_and_chain_spellings_resolve_to_keys() {
        let config = Config::builtin_default();
        assert_eq!(config.district_names.lookup("五华"), Some("wuhua"));
        assert_eq!(config.district_names.lookup("五华区"), Some("wuhua"));
        assert_eq!(config.district_names.lookup("WUHUA"), Some("wuhua"));
        assert_eq!(config.district_names.lookup("经开区"), Some("etdz"));
        assert_eq!(config.district_names.lookup("阳宗海"), Some("yangzonghai"));
        assert_eq!(config.chain_names.lookup("新材料"), Some("new_materials"));
        assert_eq!(config.district_names.find_within("2022年五华区招商引资项目"), Ok(Some("wuhua")));
        assert_eq!(config.district_names.nearest("五花区"), Some("五华区"));
    }

    #[test]
    fn an_unknown_key_names_its_line_and_the_nearest_key() {
        let text =
            DEFAULT_CONFIG_TEXT.replacen("weight = 50\nmethod = \"goalpost\"", "weigth = 50\nmethod = \"goalpost\"", 1);
        let message = error_of(&text);
        let line = text.lines().position(|l| l.starts_with("weigth")).unwrap() + 1;
        assert!(message.contains(&format!("line {line}")), "{message}");
        assert!(message.contains("unknown key `weigth`; did you mean `weight`?"), "{message}");
        assert!(message.contains("indicators.fai_per_mu.weigth"), "{message}");
    }

    #[test]
    fn an_unknown_method_suggests_the_nearest() {
        let text = DEFAULT_CONFIG_TEXT.replacen("method = \"goalpost\"", "method = \"goalpst\"", 1);
        let message = error_of(&text);
        assert!(message.contains("did you mean `goalpost`?"), "{message}");
        assert!(message.contains("indicators.fai_per_mu.method"), "{message}");
    }

    #[test]
    fn negative_weights_and_zero_sums_are_config_errors() {
        let text = DEFAULT_CONFIG_TEXT.replacen("weight = 50", "weight = -5", 1);
        let message = error_of(&text);
        assert!(
            message.contains("indicators.fai_per_mu.weight") && message.contains("cannot be negative"),
            "{message}"
        );
        let text = DEFAULT_CONFIG_TEXT
            .replacen(
                "name = \"投资强度\"\nname_en = \"Investment intensity\"\nweight = 30",
                "name = \"投资强度\"\nweight = 0",
                1,
            )
            .replacen(
                "name = \"产出效益\"\nname_en = \"Output efficiency\"\nweight = 30",
                "name = \"产出效益\"\nweight = 0",
                1,
            )
            .replacen(
                "name = \"科技含量\"\nname_en = \"Technology content\"\nweight = 20",
                "name = \"科技含量\"\nweight = 0",
                1,
            )
            .replacen(
                "name = \"产业关联度\"\nname_en = \"Industrial relevance\"\nweight = 20",
                "name = \"产业关联度\"\nweight = 0",
                1,
            );
        assert!(error_of(&text).contains("sum to zero"), "{}", error_of(&text));
    }

    #[test]
    fn goalposts_bands_and_tiers_are_checked() {
        let text = DEFAULT_CONFIG_TEXT.replacen("lo = 100\nhi = 500", "lo = 100\nhi = 100", 1);
        assert!(error_of(&text).contains("goalposts are equal"), "{}", error_of(&text));
        let text =
            DEFAULT_CONFIG_TEXT.replacen("[[0, 0], [1, 40], [5, 70], [20, 100]]", "[[0, 0], [5, 40], [1, 70]]", 1);
        assert!(error_of(&text).contains("bands out of order"), "{}", error_of(&text));
        let text = DEFAULT_CONFIG_TEXT.replacen("{ name = \"D\", min = 0 }", "{ name = \"D\", min = 10 }", 1);
        let message = error_of(&text);
        assert!(message.contains("must cover 0–100") && message.contains("tiers.levels"), "{message}");
    }

    #[test]
    fn expressions_that_do_not_parse_are_config_errors() {
        let text = DEFAULT_CONFIG_TEXT.replacen(
            "expr = \"fixed_asset_investment / land_area\"",
            "expr = \"fixed_asset_investment / / land_area)\"",
            1,
        );
        let message = error_of(&text);
        assert!(message.contains("indicators.fai_per_mu.expr") && message.contains("does not parse"), "{message}");
    }

    #[test]
    fn unknown_columns_in_expressions_name_the_columns_that_exist() {
        let text = DEFAULT_CONFIG_TEXT.replacen(
            "expr = \"fixed_asset_investment / land_area\"",
            "expr = \"fixed_asset_investmnt / land_area\"",
            1,
        );
        let config = Config::from_text(&text, Path::new("c.toml")).unwrap();
        let available: Vec<String> = [
            "fixed_asset_investment",
            "land_area",
            "total_investment",
            "annual_output",
            "annual_tax",
            "rd_expense",
            "high_tech",
            "patents",
            "link",
            "investor_tier",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(BUILT_IN_COLUMNS.iter().map(|s| s.to_string()))
        .collect();
        let message = config.check_expression_columns(&available).unwrap_err().to_string();
        assert!(
            message.contains("`fixed_asset_investmnt`") && message.contains("Did you mean `fixed_asset_investment`?"),
            "{message}"
        );
        assert!(message.contains("The columns are:"), "{message}");
        assert!(message.contains("line "), "{message}");
    }

    #[test]
    fn extends_merges_tables_and_keeps_lines_per_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), DEFAULT_CONFIG_TEXT).unwrap();
        std::fs::write(dir.path().join("mine.toml"), "extends = \"default.toml\"\n\n[dimensions.tech]\nweight = -1\n")
            .unwrap();
        let err = Config::load(&dir.path().join("mine.toml")).unwrap_err().to_string();
        assert!(err.contains("mine.toml line 4") && err.contains("dimensions.tech.weight"), "{err}");
        std::fs::write(dir.path().join("mine.toml"), "extends = \"default.toml\"\n[dimensions.tech]\nweight = 40\n")
            .unwrap();
        let config = Config::load(&dir.path().join("mine.toml")).unwrap();
        assert_eq!(config.dimensions[2].weight, 40.0);
        assert_eq!(config.dimensions[2].name, "科技含量");
        assert_eq!(config.indicators.len(), 13);
    }

    #[test]
    fn an_extending_config_can_change_an_indicators_method() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), DEFAULT_CONFIG_TEXT).unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "extends = \"default.toml\"\n[indicators.fai_per_mu]\nmethod = \"zscore\"\n",
        )
        .unwrap();
        let config = Config::load(&dir.path().join("mine.toml")).unwrap();
        assert_eq!(config.indicators[0].method, Method::ZScore);
        assert_eq!(config.indicators[0].expr_text, "fixed_asset_investment / land_area");
        // The same method keeps its parameters and takes new ones.
        std::fs::write(
            dir.path().join("mine.toml"),
            "extends = \"default.toml\"\n[indicators.fai_per_mu]\nmethod = \"goalpost\"\nhi = 800\n",
        )
        .unwrap();
        let config = Config::load(&dir.path().join("mine.toml")).unwrap();
        assert_eq!(
            config.indicators[0].method,
            Method::Goalpost { lo: 100.0, hi: 800.0, log: false, by_chain: vec![] }
        );
    }

    #[test]
    fn a_key_path_finds_its_line() {
        let text = "[a]\nb = 1\n\n[[c]]\nd = 2\n[[c]]\nd = 3\n";
        assert_eq!(line_of_key(text, &parse_key_path("a.b")), Some(2));
        assert_eq!(line_of_key(text, &parse_key_path("c[1].d")), Some(7));
        assert_eq!(line_of_key(text, &parse_key_path("a.x")), None);
    }

    #[test]
    fn method_keys_must_fit_the_method() {
        let text = with_default("").replacen("method = \"boolean\"", "method = \"boolean\"\nlo = 3", 1);
        let message = error_of(&text);
        assert!(message.contains("`lo` does not apply to method `boolean`"), "{message}");
    }
}
