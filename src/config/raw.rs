//! The raw shape of a config, as serde reads it: every table and key of
//! `config/default.toml`, unknown keys denied. Nothing here is checked beyond
//! its type; [`super::Config::from_raw`] gives it meaning.

use indexmap::IndexMap;
use serde::Deserialize;

use super::MethodName;
use crate::period::CapitalWindow;

/// A map that keeps the order of the file (indicator columns follow it).
pub type OrderedMap<T> = IndexMap<String, T>;

/// The whole config file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Another config this one starts from. Read from the TOML table while the
    /// layers are merged; declared here only so the shape accepts it.
    #[serde(default)]
    #[allow(dead_code)]
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
    /// `[tracking]`: deadlines of the project stages (spec 3.10); a config
    /// that extends none may leave it out.
    #[serde(default)]
    pub tracking: Tracking,
    /// `[dimensions.<key>]`
    pub dimensions: OrderedMap<RawDimension>,
    /// `[ahp]`: weight sets given as pairwise judgments.
    #[serde(default)]
    pub ahp: RawAhp,
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
    /// Operations files or globs (what operating projects produced, by year).
    #[serde(default)]
    pub operations: Vec<String>,
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
    /// Sheet to read in operations files.
    #[serde(default)]
    pub operations_sheet: String,
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
    /// The run to compare with: "" none, "previous" the latest earlier period's
    /// folder under `dir`, or a folder.
    #[serde(default)]
    pub baseline: String,
    /// The most projects the workbook's Projects sheet lists (the best ones);
    /// a config that extends none may leave it out.
    #[serde(default = "default_sheet_projects")]
    pub sheet_projects: u64,
}

fn default_sheet_projects() -> u64 {
    50_000
}

pub use crate::i18n::Language;

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

/// `[tracking]`: months from signing by which each stage is due.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Tracking {
    /// Months from signing to the start of construction (开工).
    pub start_within_months: u32,
    /// Months from signing to operation (投产).
    pub operate_within_months: u32,
    /// Months from signing to full production (达产).
    pub full_production_within_months: u32,
    /// Cumulative capital in place above this multiple of total investment is
    /// a lead for a person to check (虚报到位资金).
    pub capital_overrun: f64,
    /// Actual output or tax below this share of the register's promise, for a
    /// project past its full-production deadline, is flagged (履约监管).
    pub promise_floor: f64,
    /// What each length of a run in the lowest tier means locally (keys are
    /// run lengths; a longer run takes the largest key's label).
    pub streak_labels: OrderedMap<String>,
}

impl Default for Tracking {
    /// The policy's defaults: 6, 24 and 36 months.
    fn default() -> Self {
        Tracking {
            start_within_months: 6,
            operate_within_months: 24,
            full_production_within_months: 36,
            capital_overrun: 1.2,
            promise_floor: 0.6,
            streak_labels: [("1", "关注"), ("2", "约谈"), ("3", "限制")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
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

impl RawIndicator {
    /// Each method parameter field and whether the table sets it.
    pub(crate) fn parameters_set(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("lo", self.lo.is_some()),
            ("hi", self.hi.is_some()),
            ("log", self.log.is_some()),
            ("by_chain", self.by_chain.is_some()),
            ("winsor", self.winsor.is_some()),
            ("bands", self.bands.is_some()),
            ("below", self.below.is_some()),
            ("map", self.map.is_some()),
            ("default", self.default.is_some()),
            ("benchmark", self.benchmark.is_some()),
            ("cap", self.cap.is_some()),
            ("floor", self.floor.is_some()),
        ]
    }
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
    /// English name (the key when left out).
    #[serde(default)]
    pub name_en: String,
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
    /// district or development_area: documentation in the config, not used by
    /// the method.
    #[serde(default)]
    #[allow(dead_code)]
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
    pub(crate) fn as_str(&self) -> &'static str {
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
    /// English name (the key when left out).
    #[serde(default)]
    pub name_en: String,
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
    /// Operations headers (a config that extends none may leave them out:
    /// the canonical names are still matched).
    #[serde(default)]
    pub operations: OrderedMap<Vec<String>>,
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

/// `[ahp]`: pairwise judgments in place of weights (层次分析法).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAhp {
    /// `[ahp.dimensions]`: the dimension weights.
    #[serde(default)]
    pub dimensions: Option<RawJudgmentSet>,
    /// `[ahp.indicators.<dimension>]`: the indicator weights within a dimension.
    #[serde(default)]
    pub indicators: OrderedMap<RawJudgmentSet>,
}

/// One weight set's judgments: one matrix, or several experts' to pool.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJudgmentSet {
    /// `[a, b, x]`: a is x times as important as b.
    #[serde(default)]
    pub judgments: Vec<RawJudgment>,
    /// Several experts' complete judgments, pooled by geometric mean.
    #[serde(default)]
    pub experts: Vec<Vec<RawJudgment>>,
}

/// `[a, b, x]`.
pub type RawJudgment = (String, String, RawJudgmentValue);

/// A judgment's value: a number or text like "1/3".
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawJudgmentValue {
    /// 3, 0.5
    Number(f64),
    /// "1/3"
    Text(String),
}

impl RawJudgmentValue {
    /// The value, if it reads as one.
    pub fn value(&self) -> Option<f64> {
        match self {
            RawJudgmentValue::Number(x) => Some(*x),
            RawJudgmentValue::Text(t) => super::ahp::parse_value(t),
        }
    }

    /// As written.
    pub fn text(&self) -> String {
        match self {
            RawJudgmentValue::Number(x) => x.to_string(),
            RawJudgmentValue::Text(t) => format!("\"{t}\""),
        }
    }
}
