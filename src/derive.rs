//! Deriving indicators: the built-in columns, every indicator's raw value, the checks
//! and the exemption flag, as one frame with one row per project in scope.
//!
//! This is the only stage that evaluates the config's SQL expressions. Its output,
//! the *indicator frame*, is all that normalising, aggregating and ranking need, so
//! an evaluator's weight change — or a thousand Monte Carlo draws — re-runs only
//! those cheap stages on it.

use polars::prelude::*;

use crate::columns::{IDENTITY_COLUMNS, adjustment_column, check_column, raw_column};
use crate::config::{Config, Method};
use crate::error::Result;
use crate::frames::{finite_or_null, first_match, left_join};
use crate::period::Period;
use crate::validate::Validated;

/// Per-project capital in place: `capital_in_place` over the window and
/// `capital_cumulative` up to the period end (万元, foreign converted), from the
/// validated ledger (rows after the period end are already out).
pub fn capital_by_project(ledger: &DataFrame, config: &Config, period: Period) -> Result<LazyFrame> {
    let in_window = match config.capital_window.first_month(&period) {
        Some(first) => col("month").gt_eq(lit(first)),
        None => lit(true),
    };
    crate::frames::aggregate_by(
        ledger.clone().lazy(),
        "project_id",
        vec![
            ("capital_in_place", when(in_window).then(col("capital")).otherwise(lit(0.0)).sum()),
            ("capital_cumulative", col("capital").sum()),
        ],
    )
}

fn chain_classes(config: &Config) -> Result<DataFrame> {
    let keys: Vec<String> = config.chains.iter().map(|(c, _)| c.key.clone()).collect();
    let classes: Vec<String> = config.chains.iter().map(|(_, class)| class.as_str().to_string()).collect();
    Ok(DataFrame::new(keys.len(), vec![Column::new("chain".into(), keys), Column::new("chain_class".into(), classes)])?)
}

fn park_fits(config: &Config) -> Result<(DataFrame, DataFrame)> {
    let (mut parks, mut chains) = (Vec::new(), Vec::new());
    for park in &config.parks {
        for chain in &park.leading_chains {
            parks.push(park.named.key.clone());
            chains.push(chain.clone());
        }
    }
    let fits = DataFrame::new(
        parks.len(),
        vec![
            Column::new("park_key".into(), parks.clone()),
            Column::new("chain".into(), chains),
            Column::new("park_fit".into(), vec![true; parks.len()]),
        ],
    )?;
    let levels = DataFrame::new(
        config.parks.len(),
        vec![
            Column::new("park_key".into(), config.parks.iter().map(|p| p.named.key.clone()).collect::<Vec<_>>()),
            Column::new("park_level".into(), config.parks.iter().map(|p| p.level.clone()).collect::<Vec<_>>()),
        ],
    )?;
    Ok((fits, levels))
}

/// Adds the built-in columns to the validated projects: `capital_in_place`,
/// `capital_cumulative`, `chain_class`, `park_fit` and `park_level`.
pub fn with_built_ins(validated: &Validated, config: &Config) -> Result<LazyFrame> {
    let capital = capital_by_project(&validated.ledger, config, validated.period)?;
    let (fits, levels) = park_fits(config)?;
    let frame = left_join(validated.projects.clone().lazy(), capital, &["project_id"]);
    let frame = left_join(frame, chain_classes(config)?.lazy(), &["chain"]);
    let frame = left_join(frame, fits.lazy(), &["park_key", "chain"]);
    let frame = left_join(frame, levels.lazy(), &["park_key"]);
    Ok(frame.with_columns([
        col("capital_in_place").fill_null(lit(0.0)),
        col("capital_cumulative").fill_null(lit(0.0)),
        col("park_fit").fill_null(lit(false)),
    ]))
}

/// The expression of a check: per park level where the project's park has one.
fn check_expr(rules: &[(Option<String>, String, Expr)]) -> Expr {
    let fallback = rules
        .iter()
        .find(|(level, _, _)| level.is_none())
        .map(|(_, _, e)| e.clone())
        .unwrap_or(lit(NULL).cast(DataType::Boolean));
    let by_level: Vec<&(Option<String>, String, Expr)> = rules.iter().filter(|(level, _, _)| level.is_some()).collect();
    if by_level.is_empty() {
        return fallback.cast(DataType::Boolean);
    }
    let cases = by_level
        .iter()
        .map(|(level, _, expr)| {
            (col("park_level").eq(lit(level.clone().unwrap_or_default())), expr.clone().cast(DataType::Boolean))
        })
        .collect();
    first_match(cases, fallback.cast(DataType::Boolean))
}

/// Builds the indicator frame: identity columns, built-ins, `raw:<key>` per
/// indicator (numbers as f64 with non-finite values null; category values as
/// text; booleans as booleans), `check_<key>` per check, and `_exempt`.
pub fn derive(validated: &Validated, config: &Config) -> Result<DataFrame> {
    let frame = with_built_ins(validated, config)?;
    let raw: Vec<Expr> = config
        .indicators
        .iter()
        .map(|indicator| {
            let value = match indicator.method {
                Method::Category { .. } => indicator.expr.clone().cast(DataType::String),
                Method::Boolean => indicator.expr.clone().cast(DataType::Boolean),
                _ => finite_or_null(indicator.expr.clone()),
            };
            value.alias(raw_column(&indicator.key))
        })
        .collect();
    let checks: Vec<Expr> = config.checks.iter().map(|c| check_expr(&c.rules).alias(check_column(&c.key))).collect();
    let frame = frame.with_columns(raw).with_columns(checks);
    let exempt = match &config.exempt {
        Some((_, expr)) => expr.clone().cast(DataType::Boolean).fill_null(lit(false)),
        None => lit(false),
    };
    let mut keep: Vec<Expr> = IDENTITY_COLUMNS.iter().map(|c| col(*c)).collect();
    keep.extend(["capital_in_place", "capital_cumulative", "chain_class", "park_fit", "park_level"].map(col));
    keep.extend(config.indicators.iter().map(|i| col(raw_column(&i.key))));
    keep.extend(config.checks.iter().map(|c| col(check_column(&c.key))));
    // Adjustment conditions are evaluated here too, where every column is at hand.
    keep.extend(
        config
            .adjustments
            .iter()
            .map(|a| a.when.clone().cast(DataType::Boolean).fill_null(lit(false)).alias(adjustment_column(&a.key))),
    );
    keep.push(exempt.alias("_exempt"));
    Ok(frame.select(keep).collect()?)
}
