//! Outputs: the sidecar files (`projects.parquet`, `districts.parquet`,
//! `chains.parquet`, CSV copies, `run.json`) and, in `workbook`, the ranked evaluation workbook. Every file is
//! written to a temporary file in the output folder and renamed into place, so a
//! reader never sees half a file.

pub(crate) mod folder;
pub(crate) mod output;
pub(crate) mod report;
pub(crate) mod sidecar;
pub(crate) mod style;
pub(crate) mod summary;
pub(crate) mod templates;
pub mod workbook;

use polars::prelude::*;

use crate::columns::{DIMENSION_KEYS, SIDECAR_PROJECT_COLUMNS, dimension_column, raw_column, score_column};
use crate::config::Config;
use crate::error::Result;
use crate::pipeline::Scored;

fn dimension_or_null(config: &Config, key: &str) -> Expr {
    if config.dimension(key).is_some() { col(dimension_column(key)) } else { lit(NULL).cast(DataType::Float64) }
}

/// The most issues the Issues sheet lists (errors first, then warnings, then
/// infos). A run over a million projects raises a hundred thousand; a sheet of
/// them is read by nobody and cost a second to write. All of them, beyond
/// this, are in `issues.parquet`.
pub(crate) const ISSUE_SHEET_ROWS: usize = 10_000;

/// The issues sidecar, written when the Issues sheet cannot list them all: one
/// row per issue in the sheet's order, its place and kind as columns (the
/// code, the file, sheet, row, last row, column, project) and its sentence in
/// the run's language.
pub(crate) fn issue_frame(scored: &Scored, config: &Config) -> Result<DataFrame> {
    use rayon::prelude::*;
    let issues = crate::issues::in_sheet_order(&scored.issues);
    let cx = config.cx();
    let n = issues.len();
    let text = |f: &(dyn Fn(&crate::issues::Issue) -> Option<String> + Sync)| -> Vec<Option<String>> {
        issues.par_iter().map(|i| f(i)).collect()
    };
    let number = |f: fn(&crate::issues::Issue) -> Option<u32>| issues.iter().map(|i| f(i)).collect::<Vec<_>>();
    let columns = vec![
        Column::new("severity".into(), issues.iter().map(|i| i.severity.as_str()).collect::<Vec<_>>()),
        Column::new("code".into(), issues.iter().map(|i| i.message.code()).collect::<Vec<_>>()),
        Column::new("file".into(), issues.iter().map(|i| i.file.as_str()).collect::<Vec<_>>()),
        Column::new("sheet".into(), issues.iter().map(|i| i.sheet.as_deref()).collect::<Vec<_>>()),
        Column::new("row".into(), number(|i| i.row)),
        Column::new("last_row".into(), number(|i| i.last_row)),
        Column::new("column".into(), issues.iter().map(|i| i.column.as_deref()).collect::<Vec<_>>()),
        Column::new("project_id".into(), issues.iter().map(|i| i.project_id.as_deref()).collect::<Vec<_>>()),
        Column::new("message".into(), text(&|i| Some(i.message.render(cx)))),
        Column::new("action".into(), issues.iter().map(|i| i.action.as_str()).collect::<Vec<_>>()),
    ];
    Ok(DataFrame::new(n, columns)?)
}

/// The projects sidecar: exactly the columns of spec 5, keys not display names.
pub(crate) fn project_frame(scored: &Scored, config: &Config) -> Result<DataFrame> {
    let mut columns: Vec<Expr> = SIDECAR_PROJECT_COLUMNS
        .iter()
        .map(|&name| match name {
            // The park's key where the config knows it, else the park as written.
            "park" => when(col("park_key").is_not_null()).then(col("park_key")).otherwise(col("park")).alias("park"),
            dimension if DIMENSION_KEYS.contains(&dimension) => dimension_or_null(config, dimension).alias(dimension),
            other => col(other),
        })
        .collect();
    for indicator in &config.indicators {
        columns.push(col(raw_column(&indicator.key)).alias(&indicator.key));
        columns.push(col(score_column(&indicator.key)).alias(format!("{}_score", indicator.key)));
    }
    columns.extend(baseline_columns(&scored.projects));
    Ok(scored.projects.clone().lazy().select(columns).collect()?)
}

/// The changes since a baseline run, when the pipeline added them.
fn baseline_columns(frame: &DataFrame) -> Vec<Expr> {
    ["rank_change", "tier_before", "total_change"].into_iter().filter(|c| frame.column(c).is_ok()).map(col).collect()
}

/// The districts sidecar: exactly the columns of spec 5, then `rank_change`,
/// `tier_before` and `total_change` when the run has a baseline.
pub(crate) fn district_frame(scored: &Scored, config: &Config) -> Result<DataFrame> {
    let mut columns =
        vec![col("district"), col("rank"), col("tier"), col("total"), col("quality"), col("capital_score")];
    columns.extend(DIMENSION_KEYS.iter().map(|k| dimension_or_null(config, k).alias(*k)));
    columns.extend(["projects", "total_investment", "capital_in_place", "target", "completion", "gated"].map(col));
    columns.extend(baseline_columns(&scored.districts));
    // A quarter's or a month's year-end projection (the early warning).
    columns.extend(
        ["projected_capital", "projected_completion", "projection", "at_risk", "no_target"]
            .into_iter()
            .filter(|c| scored.districts.column(c).is_ok())
            .map(col),
    );
    Ok(scored.districts.clone().lazy().select(columns).collect()?)
}

/// The chains sidecar: the Chains sheet's figures under their keys.
pub(crate) fn chain_frame(scored: &Scored) -> DataFrame {
    scored.chains.clone()
}
