//! The canonical columns of each kind of input (spec 2.1–2.3) and their types.

use super::cells::Unit;

/// The three kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Project registers, one row per project.
    Projects,
    /// Capital-in-place ledgers, one row per project per period.
    Capital,
    /// District targets, one row per district and year.
    Targets,
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

const TARGET_COLUMNS: &[ColumnSpec] = &[
    col("district", ColumnType::Text),
    col("year", ColumnType::Year),
    col("domestic_target", ColumnType::Number(Unit::TenThousandYuan)),
    col("foreign_target_usd", ColumnType::Number(Unit::TenThousandUsd)),
];

impl InputKind {
    /// The canonical columns of this kind.
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            InputKind::Projects => PROJECT_COLUMNS,
            InputKind::Capital => CAPITAL_COLUMNS,
            InputKind::Targets => TARGET_COLUMNS,
        }
    }

    /// Columns a header row must have. The district column is required only when
    /// districts come from it.
    pub fn required(self, district_from_column: bool) -> &'static [&'static str] {
        match (self, district_from_column) {
            (InputKind::Projects, true) => {
                &["project_id", "project_name", "district", "chain", "signed_on", "total_investment"]
            }
            (InputKind::Projects, false) => &["project_id", "project_name", "chain", "signed_on", "total_investment"],
            (InputKind::Capital, _) => &["project_id", "period", "domestic"],
            (InputKind::Targets, _) => &["district", "year", "domestic_target"],
        }
    }

    /// The key of this kind in `[inputs]` and `[columns]`.
    pub fn key(self) -> &'static str {
        match self {
            InputKind::Projects => "projects",
            InputKind::Capital => "capital",
            InputKind::Targets => "targets",
        }
    }

    /// What one file of this kind is, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            InputKind::Projects => "project register",
            InputKind::Capital => "capital ledger",
            InputKind::Targets => "targets",
        }
    }

    /// The spec of a canonical column.
    pub fn spec(self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|s| s.name == name)
    }
}
