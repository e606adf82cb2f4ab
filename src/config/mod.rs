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

pub mod ahp;
mod checks;
mod convert;
mod layers;
mod methods;
mod model;
mod raw;
pub(crate) mod words;

use std::path::{Path, PathBuf};

use polars::prelude::{DataType, Expr, Schema};

pub(crate) use layers::BUILT_IN;
pub use layers::ConfigSource;
pub use methods::MethodName;
pub use model::*;
pub use raw::*;

pub use layers::{ConfigFileProblem, ConfigFiles, InMemory};
use layers::{OnDisk, deserialize_raw, line_of_offset, read_layers, resolve_layer_paths};

use crate::columns::check_column;
use crate::error::{Error, Result};
use crate::i18n::{Clip, Hint, Kind, Msg};
use crate::period::{CapitalWindow, Period};
use crate::text::{fold, nearest};
use checks::check_plan;

/// The built-in default configuration, as shipped in `config/default.toml`.
pub const DEFAULT_CONFIG_TEXT: &str = include_str!("../../config/default.toml");

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
    /// Operations patterns (optional).
    pub operations: Vec<String>,
    /// Where the district comes from.
    pub district_from: DistrictFrom,
    /// Sheet names to read, by kind ("" = first matching).
    pub projects_sheet: String,
    /// Sheet of ledger files.
    pub capital_sheet: String,
    /// Sheet of target files.
    pub targets_sheet: String,
    /// Sheet name for operations files ("" = first matching).
    pub operations_sheet: String,
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
    /// The baseline run: none, the previous period's folder, or a folder.
    pub baseline: Baseline,
    /// Workbook language.
    pub language: Language,
    /// The most projects the workbook's Projects sheet lists.
    pub sheet_projects: usize,
    /// Stage deadlines for tracking projects (spec 3.10).
    pub tracking: Tracking,
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
    /// Weight sets given as AHP judgments, with their consistency.
    pub ahp: Vec<ahp::AhpSet>,
}

impl Config {
    /// Reads, merges, deserialises and checks a config file.
    pub fn load(path: &Path) -> Result<Config> {
        Config::load_or_built_in(Some(path))
    }

    /// Reads a config file, or with `None` the config built into the binary
    /// (whose paths resolve from `config/`, as the repository's file would).
    pub fn load_or_built_in(path: Option<&Path>) -> Result<Config> {
        Config::load_from(path, &OnDisk)
    }

    /// Reads a config and the files it extends from `files` (the disk, or memory
    /// for the fuzzers), or with `None` the built-in config.
    pub fn load_from(path: Option<&Path>, files: &dyn ConfigFiles) -> Result<Config> {
        let (table, source) = read_layers(path, files)?;
        let raw = deserialize_raw(table, &source)?;
        Config::from_raw(raw, source)
    }

    /// Reads a config from text (tests, `init`), as if it were the file `path`.
    pub fn from_text(text: &str, path: &Path) -> Result<Config> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| Error::ConfigSyntax {
            file: path.to_path_buf(),
            line: e.span().map(|s| line_of_offset(text, s.start)),
            message: Box::new(crate::i18n::Msg::NotToml { reason: e.message().trim().to_string() }),
        })?;
        let folder = path.parent().unwrap_or(Path::new(""));
        resolve_layer_paths(&mut table, folder, folder);
        let source = ConfigSource { layers: vec![(path.to_path_buf(), text.to_string())] };
        let raw = deserialize_raw(table, &source)?;
        Config::from_raw(raw, source)
    }

    /// The built-in default config, with input paths relative to `config/` and
    /// the output folder relative to the current one, as a run without
    /// `--config` has it.
    pub fn builtin_default() -> Config {
        Config::load_or_built_in(None).expect("the built-in config is valid")
    }

    /// Checks the meaning of a deserialised config: each part converts itself
    /// (see `convert`), in the order their references need.
    pub(crate) fn from_raw(raw: RawConfig, source: ConfigSource) -> Result<Config> {
        let period: Period = raw
            .run
            .period
            .parse()
            .map_err(|_| source.error("run.period", Msg::BadPeriod { text: raw.run.period.clone() }))?;
        let mut dimensions = Dimension::list_from_raw(&raw.dimensions, &source)?;
        // Chains first: goalpost overrides and parks refer to them.
        let (chains, chain_names) = convert::chains_from_raw(&raw.chains, &source)?;
        let mut indicators = Indicator::list_from_raw(&raw.indicators, &dimensions, &chain_names, &source)?;
        // Weight sets given as pairwise judgments replace the weights written.
        let ahp = ahp::apply(&raw.ahp, &mut dimensions, &mut indicators, &source)?;
        let tiers = Tiers::from_raw(&raw.tiers, "tiers", &source)?;
        let district = DistrictScoring::from_raw(&raw.district, &tiers, &source)?;
        convert::check_usd_to_cny(raw.capital.usd_to_cny, &source)?;
        convert::check_limits(&raw.limits, &source)?;
        convert::check_tracking(&raw.tracking, &source)?;
        let (districts, district_names) = convert::districts_from_raw(&raw.districts, &source)?;
        let (parks, park_names) = Park::list_from_raw(&raw.parks, &chain_names, &source)?;
        let checks = Check::list_from_raw(&raw.checks, &source)?;
        let adjustments = Adjustment::list_from_raw(&raw.adjustments, &source)?;
        let exempt = convert::exempt_from_raw(&raw.scoring.exempt, &source)?;
        convert::check_required_aliases(&raw.columns, &source)?;
        let (investor_tiers, links, statuses, booleans) = convert::vocabularies_from_raw(&raw.vocabulary);
        convert::check_config_targets(&raw.targets, &district_names, &source)?;

        // Paths were made relative to their own file when the layers were read.
        let fold_all = |words: &[String]| words.iter().map(|w| fold(w)).filter(|w| !w.is_empty()).collect::<Vec<_>>();
        let config = Config {
            period,
            scope: raw.run.scope,
            capital_window: raw.run.capital_window,
            projects: raw.inputs.projects.clone(),
            capital: raw.inputs.capital.clone(),
            targets_files: raw.inputs.targets.clone(),
            operations: raw.inputs.operations.clone(),
            district_from: raw.inputs.district_from,
            projects_sheet: raw.inputs.projects_sheet.clone(),
            capital_sheet: raw.inputs.capital_sheet.clone(),
            targets_sheet: raw.inputs.targets_sheet.clone(),
            operations_sheet: raw.inputs.operations_sheet.clone(),
            totals_words: fold_all(&raw.inputs.totals_words),
            notes_words: fold_all(&raw.inputs.notes_words),
            blank_words: fold_all(&raw.inputs.blank_words),
            limits: raw.limits,
            output_dir: PathBuf::from(&raw.output.dir),
            baseline: match raw.output.baseline.as_str() {
                "" => Baseline::None,
                "previous" => Baseline::Previous,
                folder => Baseline::Folder(PathBuf::from(folder)),
            },
            language: raw.output.language,
            sheet_projects: convert::sheet_projects(raw.output.sheet_projects, &source)?,
            tracking: raw.tracking.clone(),
            usd_to_cny: raw.capital.usd_to_cny,
            aggregation: raw.scoring.aggregation,
            exempt,
            tiers,
            district,
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
            ahp,
            source,
        };
        // Expressions over the canonical and built-in columns are checked now;
        // those naming a register's extra columns once the registers are read.
        config.check_expressions(&crate::columns::expression_schema(), true)?;
        Ok(config)
    }

    /// The indicators of dimension `d` (an index into `dimensions`), as indices
    /// into `indicators`, in config order.
    pub(crate) fn members(&self, d: usize) -> Vec<usize> {
        (0..self.indicators.len()).filter(|&i| self.indicators[i].dimension == d).collect()
    }

    /// The dimension with a key.
    pub(crate) fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }

    /// Display name of a district key in the config's language.
    pub(crate) fn district_display(&self, key: &str) -> String {
        self.districts
            .iter()
            .find(|d| d.key == key)
            .map(|d| self.pick(&d.name, &d.name_en))
            .unwrap_or_else(|| key.to_string())
    }

    /// Display name of a chain key in the config's language.
    pub(crate) fn chain_display(&self, key: &str) -> String {
        self.chains
            .iter()
            .find(|(c, _)| c.key == key)
            .map(|(c, _)| self.pick(&c.name, &c.name_en))
            .unwrap_or_else(|| key.to_string())
    }

    /// The Chinese or English form, as the output language says.
    pub(crate) fn pick(&self, zh: &str, en: &str) -> String {
        match self.language {
            Language::Zh => zh.to_string(),
            Language::En => en.to_string(),
        }
    }

    /// Every expression of the config with its key, whether it is a condition
    /// (a check, an adjustment's `when`, the exemption: must be true/false), and
    /// the extra columns it may name (adjustments and the exemption see the
    /// checks' results).
    fn expressions(&self) -> Vec<ConfigExpression<'_>> {
        let mut expressions = Vec::new();
        for ind in &self.indicators {
            let key = format!("indicators.{}.expr", ind.key);
            expressions.push(ConfigExpression { key, expr: &ind.expr, condition: false, sees_checks: false });
        }
        for (i, check) in self.checks.iter().enumerate() {
            for (level, _, expr) in &check.rules {
                let key = match level {
                    Some(level) => format!("checks[{i}].by_park_level.{level}"),
                    None => format!("checks[{i}].expr"),
                };
                expressions.push(ConfigExpression { key, expr, condition: true, sees_checks: false });
            }
        }
        for (i, a) in self.adjustments.iter().enumerate() {
            let key = format!("adjustments[{i}].when");
            expressions.push(ConfigExpression { key, expr: &a.when, condition: true, sees_checks: true });
        }
        if let Some((_, expr)) = &self.exempt {
            let key = "scoring.exempt".to_string();
            expressions.push(ConfigExpression { key, expr, condition: true, sees_checks: true });
        }
        expressions
    }

    /// Checks every expression against the project columns it will run on
    /// (`schema`: canonical, extra and built-in, with their types): it names only
    /// columns that exist, it can be planned (a text compared with a date is read
    /// as a date), and a condition is true/false. A config error names the key and
    /// its line. With `only_known`, expressions naming a column outside `schema`
    /// are passed over: at load, a register's extra columns are not known yet.
    pub(crate) fn check_expressions(&self, schema: &Schema, only_known: bool) -> Result<()> {
        let check_columns: Vec<String> = self.checks.iter().map(|c| check_column(&c.key)).collect();
        for item in self.expressions() {
            let mut columns = schema.clone();
            if item.sees_checks {
                for name in &check_columns {
                    columns.insert(name.into(), DataType::Boolean);
                }
            }
            let unknown: Vec<String> =
                expr_columns(item.expr).into_iter().filter(|name| columns.get(name).is_none()).collect();
            match unknown.first() {
                Some(_) if only_known => continue,
                Some(name) => {
                    let all: Vec<&str> = columns.iter_names().map(|n| n.as_str()).collect();
                    let hint = Hint::of(nearest(name, all.iter().copied()));
                    return Err(self.source.error(
                        &item.key,
                        Msg::UnknownColumn { name: name.clone(), hint, columns: Clip(all.join(", ")) },
                    ));
                }
                None => {}
            }
            check_plan(&self.source, &item.key, item.expr, &columns, item.condition)?;
        }
        Ok(())
    }
}

/// The config names what it declares, in both languages: districts, chains,
/// parks, indicators, dimensions, checks and adjustments by their `name` and
/// `name_en`, a vocabulary word of its own by the first word written for it.
impl crate::i18n::Names for Config {
    fn name(&self, kind: Kind, key: &str, language: Language) -> Option<&str> {
        let pick = |n: &'_ Named| -> bool { n.key == key };
        match kind {
            Kind::District => self.districts.iter().find(|n| pick(n)).map(|n| language.pick(&n.name, &n.name_en)),
            Kind::Chain => {
                self.chains.iter().map(|(n, _)| n).find(|n| pick(n)).map(|n| language.pick(&n.name, &n.name_en))
            }
            Kind::Park => {
                self.parks.iter().map(|p| &p.named).find(|n| pick(n)).map(|n| language.pick(&n.name, &n.name_en))
            }
            Kind::Indicator => {
                self.indicators.iter().find(|i| i.key == key).map(|i| language.pick(&i.name, &i.name_en))
            }
            Kind::Dimension => {
                self.dimensions.iter().find(|d| d.key == key).map(|d| language.pick(&d.name, &d.name_en))
            }
            Kind::Check => self.checks.iter().find(|c| c.key == key).map(|c| language.pick(&c.name, &c.name_en)),
            Kind::Adjustment => {
                self.adjustments.iter().find(|a| a.key == key).map(|a| language.pick(&a.name, &a.name_en))
            }
            Kind::Link => self.links.first_spelling(key),
            Kind::InvestorTier => self.investor_tiers.first_spelling(key),
            Kind::Status => self.statuses.first_spelling(key),
            Kind::AnyWord => [&self.links, &self.investor_tiers, &self.statuses]
                .into_iter()
                .find_map(|words| words.first_spelling(key)),
            Kind::Column | Kind::ChainClass => None,
        }
    }
}

impl Config {
    /// How this run speaks: its language, names from this config.
    pub fn cx(&self) -> crate::i18n::Cx<'_> {
        crate::i18n::Cx::new(self.language, self)
    }
}

/// One expression of the config and where it sits.
struct ConfigExpression<'a> {
    key: String,
    expr: &'a Expr,
    condition: bool,
    sees_checks: bool,
}

/// Column names an expression reads.
pub(crate) fn expr_columns(expr: &Expr) -> Vec<String> {
    let mut names: Vec<String> = expr.clone().meta().root_names().into_iter().map(|s| s.to_string()).collect();
    names.sort();
    names.dedup();
    names
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
    fn a_config_of_its_own_may_leave_the_projects_sheet_s_size_out() {
        // A config that extends none was written before the key existed.
        let text = DEFAULT_CONFIG_TEXT.replacen("sheet_projects = 50000", "", 1);
        assert_ne!(text, DEFAULT_CONFIG_TEXT);
        let config = Config::from_text(&text, Path::new("own.toml")).unwrap();
        assert_eq!(config.sheet_projects, 50_000);
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
        let message = config.check_expressions(&crate::columns::expression_schema(), false).unwrap_err().to_string();
        assert!(
            message.contains("`fixed_asset_investmnt`") && message.contains("did you mean `fixed_asset_investment`?"),
            "{message}"
        );
        assert!(message.contains("the columns are:"), "{message}");
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
    fn method_keys_must_fit_the_method() {
        let text = with_default("").replacen("method = \"boolean\"", "method = \"boolean\"\nlo = 3", 1);
        let message = error_of(&text);
        assert!(message.contains("`lo` does not apply to the method yes/no"), "{message}");
    }
}
