//! Column names: the canonical columns of each kind of input (spec 2.1–2.3) with
//! the type and unit their cells are read as, and the internal names the stages
//! give the columns they add (`raw:<key>`, `score:<key>`, `dim:<key>`, …).
//!
//! Both lists live here, below every stage, because every stage speaks them: the
//! reader maps headers onto the canonical names, validation checks them, derive
//! writes `raw:`, normalise reads `raw:` and writes `score:`, aggregate writes
//! `dim:`, and the writers turn all of them back into the config's keys. A stage
//! that needed another stage's module just to spell a column name is how the
//! module graph grew cycles.

// ---- Canonical input columns ----
/// The four kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Project registers, one row per project.
    Projects,
    /// Capital-in-place ledgers, one row per project per period.
    Capital,
    /// District targets, one row per district and year.
    Targets,
    /// What operating projects produced, one row per project per year
    /// (spec 2.5; optional).
    Operations,
}

/// The vocabularies categorical columns are read through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// `[vocabulary.link]`
    Link,
    /// `[vocabulary.investor_tier]`
    InvestorTier,
    /// `[vocabulary.status]`
    Status,
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (NFKC, trimmed).
    Text,
    /// A number in a unit; negative values are flagged by validation.
    Number(Unit),
    /// A date.
    Date,
    /// A ledger period, read as its month.
    Period,
    /// A year.
    Year,
    /// Yes or no.
    Boolean,
    /// A word of a vocabulary, read as its canonical value.
    Category(Vocabulary),
}

/// One canonical column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Canonical name; the frame's column name.
    pub name: &'static str,
    /// How its cells are read.
    pub kind: ColumnType,
}

const fn col(name: &'static str, kind: ColumnType) -> ColumnSpec {
    ColumnSpec { name, kind }
}

const PROJECT_COLUMNS: &[ColumnSpec] = &[
    col("project_id", ColumnType::Text),
    col("project_name", ColumnType::Text),
    col("district", ColumnType::Text),
    col("park", ColumnType::Text),
    col("chain", ColumnType::Text),
    col("link", ColumnType::Category(Vocabulary::Link)),
    col("investor", ColumnType::Text),
    col("investor_tier", ColumnType::Category(Vocabulary::InvestorTier)),
    col("origin", ColumnType::Text),
    col("status", ColumnType::Category(Vocabulary::Status)),
    col("signed_on", ColumnType::Date),
    col("started_on", ColumnType::Date),
    col("operating_on", ColumnType::Date),
    col("full_production_on", ColumnType::Date),
    col("total_investment", ColumnType::Number(Unit::TenThousandYuan)),
    col("fixed_asset_investment", ColumnType::Number(Unit::TenThousandYuan)),
    col("land_area", ColumnType::Number(Unit::Mu)),
    col("annual_output", ColumnType::Number(Unit::TenThousandYuan)),
    col("annual_tax", ColumnType::Number(Unit::TenThousandYuan)),
    col("rd_expense", ColumnType::Number(Unit::TenThousandYuan)),
    col("high_tech", ColumnType::Boolean),
    col("patents", ColumnType::Number(Unit::Count)),
    col("jobs", ColumnType::Number(Unit::Count)),
];

const CAPITAL_COLUMNS: &[ColumnSpec] = &[
    col("project_id", ColumnType::Text),
    col("period", ColumnType::Period),
    col("domestic", ColumnType::Number(Unit::TenThousandYuan)),
    col("foreign_usd", ColumnType::Number(Unit::TenThousandUsd)),
];

const OPERATION_COLUMNS: &[ColumnSpec] = &[
    col("project_id", ColumnType::Text),
    col("year", ColumnType::Year),
    col("actual_output", ColumnType::Number(Unit::TenThousandYuan)),
    col("actual_tax", ColumnType::Number(Unit::TenThousandYuan)),
    col("actual_jobs", ColumnType::Number(Unit::Count)),
];

const TARGET_COLUMNS: &[ColumnSpec] = &[
    col("district", ColumnType::Text),
    col("year", ColumnType::Year),
    col("domestic_target", ColumnType::Number(Unit::TenThousandYuan)),
    col("foreign_target_usd", ColumnType::Number(Unit::TenThousandUsd)),
];

impl InputKind {
    /// The canonical columns of this kind.
    pub(crate) fn columns(self) -> &'static [ColumnSpec] {
        match self {
            InputKind::Projects => PROJECT_COLUMNS,
            InputKind::Capital => CAPITAL_COLUMNS,
            InputKind::Targets => TARGET_COLUMNS,
            InputKind::Operations => OPERATION_COLUMNS,
        }
    }

    /// Columns a header row must have. The district column is required only when
    /// districts come from it.
    pub(crate) fn required(self, district_from_column: bool) -> &'static [&'static str] {
        match (self, district_from_column) {
            (InputKind::Projects, true) => {
                &["project_id", "project_name", "district", "chain", "signed_on", "total_investment"]
            }
            (InputKind::Projects, false) => &["project_id", "project_name", "chain", "signed_on", "total_investment"],
            (InputKind::Capital, _) => &["project_id", "period", "domestic"],
            (InputKind::Targets, _) => &["district", "year", "domestic_target"],
            (InputKind::Operations, _) => &["project_id", "year"],
        }
    }

    /// The key of this kind in `[inputs]` and `[columns]`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            InputKind::Projects => "projects",
            InputKind::Capital => "capital",
            InputKind::Targets => "targets",
            InputKind::Operations => "operations",
        }
    }
}

/// The unit a numeric column is kept in; decides which written units convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 万元 (ten thousand yuan).
    TenThousandYuan,
    /// 万美元 (ten thousand US dollars).
    TenThousandUsd,
    /// 亩 (mu, 666.67 m²).
    Mu,
    /// A count (patents, jobs).
    Count,
    /// A plain number.
    Plain,
}

impl Unit {
    /// Written units this column accepts after the number, with the factor that
    /// converts them to the column's unit.
    pub(crate) fn suffixes(self) -> &'static [(&'static str, f64)] {
        match self {
            Unit::TenThousandYuan => &[
                ("万元", 1.0),
                ("万", 1.0),
                ("亿元", 1e4),
                ("亿", 1e4),
                ("千万元", 1e3),
                ("千万", 1e3),
                ("百万元", 1e2),
                ("百万", 1e2),
                ("元", 1e-4),
                ("万元人民币", 1.0),
            ],
            Unit::TenThousandUsd => {
                &[("万美元", 1.0), ("万美金", 1.0), ("万", 1.0), ("亿美元", 1e4), ("美元", 1e-4), ("万usd", 1.0)]
            }
            Unit::Mu => {
                &[("亩", 1.0), ("公顷", 15.0), ("平方米", 0.0015), ("m2", 0.0015), ("m²", 0.0015), ("㎡", 0.0015)]
            }
            Unit::Count => &[("件", 1.0), ("项", 1.0), ("个", 1.0), ("人", 1.0), ("名", 1.0), ("家", 1.0)],
            Unit::Plain => &[],
        }
    }
}

impl ColumnType {
    /// The type of the frame column cells of this kind are read into.
    pub(crate) fn dtype(self) -> polars::prelude::DataType {
        use polars::prelude::DataType;
        match self {
            ColumnType::Text | ColumnType::Category(_) => DataType::String,
            ColumnType::Number(_) => DataType::Float64,
            ColumnType::Date => DataType::Date,
            ColumnType::Period | ColumnType::Year => DataType::Int32,
            ColumnType::Boolean => DataType::Boolean,
        }
    }
}

/// The columns the config's expressions can name before any register is read:
/// the canonical project columns and the built-ins, with their types. A
/// register's extra columns join them once it is read.
pub(crate) fn expression_schema() -> polars::prelude::Schema {
    use polars::prelude::{DataType, PlSmallStr, Schema};
    let canonical = InputKind::Projects.columns().iter().map(|c| (PlSmallStr::from(c.name), c.kind.dtype()));
    let built_in = BUILT_IN_COLUMNS.iter().zip(BUILT_IN_TYPES).map(|(name, dtype)| (PlSmallStr::from(*name), dtype));
    Schema::from_iter(canonical.chain(built_in).collect::<Vec<(PlSmallStr, DataType)>>())
}

/// The types of [`BUILT_IN_COLUMNS`], in order.
const BUILT_IN_TYPES: [polars::prelude::DataType; 4] = [
    polars::prelude::DataType::Float64,
    polars::prelude::DataType::Float64,
    polars::prelude::DataType::String,
    polars::prelude::DataType::Boolean,
];

// ---- Internal column names ----

/// The column holding an indicator's raw value in the indicator frame.
pub fn raw_column(key: &str) -> String {
    format!("raw:{key}")
}

/// The column holding an indicator's score (0–100) after normalising.
pub fn score_column(key: &str) -> String {
    format!("score:{key}")
}

/// The column holding a check's result.
pub(crate) fn check_column(key: &str) -> String {
    format!("check_{key}")
}

/// The column holding whether an adjustment's condition holds for a project.
pub fn adjustment_column(key: &str) -> String {
    format!("when:{key}")
}

/// The column holding a dimension's score.
pub fn dimension_column(key: &str) -> String {
    format!("dim:{key}")
}

/// Identity and bookkeeping columns the indicator frame carries through scoring.
pub(crate) const IDENTITY_COLUMNS: [&str; 9] =
    ["project_id", "project_name", "district", "park", "park_key", "chain", "total_investment", "_source", "_row"];

/// Register columns the chain panorama and the Parks sheet read, carried through
/// scoring beside the identity columns.
pub(crate) const PANORAMA_COLUMNS: [&str; 5] = ["link", "investor_tier", "land_area", "annual_output", "annual_tax"];

/// Dimension keys the sidecars and the workbook expect, in order.
pub(crate) const DIMENSION_KEYS: [&str; 4] = ["intensity", "output", "tech", "relevance"];

/// The projects sidecar's columns before the indicators' (spec 5); an indicator
/// key may not repeat one of them.
pub(crate) const SIDECAR_PROJECT_COLUMNS: [&str; 14] = [
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
pub(crate) const BUILT_IN_COLUMNS: [&str; 4] = ["capital_in_place", "capital_cumulative", "chain_class", "park_fit"];
