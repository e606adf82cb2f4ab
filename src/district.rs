//! Districts (spec 3.6): quality from their projects, capital completion against
//! their targets, a weighted total, the policy gate, ranks and tiers.
//!
//! The districts listed are those with a project in scope or a target for the
//! period's year. Capital counts only the ledger rows of a district's scored
//! projects (exempt and rejected projects' capital does not count), in the window.

use polars::prelude::*;

use crate::columns::{adjustment_column, dimension_column};
use crate::config::{AdjustmentLevel, Config, QualityWeighting};
use crate::error::Result;
use crate::issues::{Action, Severity};
use crate::period::Period;
use crate::rank::{competition_rank, rounded, tier_expr};

/// A note about a district.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictNote {
    /// District key.
    pub district: String,
    /// Severity.
    pub severity: Severity,
    /// What happened.
    pub message: String,
    /// What was done.
    pub action: Action,
}

/// Rolls scored projects up to districts. `projects` is the ranked project frame
/// (with `_exempt`, `total`, `dim:<key>`, `total_investment`, `capital_in_place`
/// and the adjustment conditions); `targets` is the validated targets of the year.
pub fn districts(
    projects: &DataFrame,
    targets: &DataFrame,
    config: &Config,
    period: Period,
) -> Result<(DataFrame, Vec<DistrictNote>)> {
    let scoring = &config.district;
    let weight = match scoring.quality_weighting {
        QualityWeighting::Investment => col("total_investment"),
        QualityWeighting::Equal => lit(1.0),
    };
    // A weighted mean of scores lies in 0–100; the clip removes the last ulp of
    // rounding (100.00000000000001 from totals that are all 100).
    let weighted_mean =
        |value: Expr| ((weight.clone() * value).sum() / weight.clone().sum()).clip(lit(0.0), lit(100.0));
    let mut aggregations: Vec<(String, Expr)> = vec![
        ("quality".into(), weighted_mean(col("total"))),
        ("projects".into(), len().cast(DataType::UInt32)),
        ("total_investment".into(), col("total_investment").sum()),
        ("capital_in_place".into(), col("capital_in_place").sum()),
    ];
    for dimension in &config.dimensions {
        let column = dimension_column(&dimension.key);
        aggregations.push((column.clone(), weighted_mean(col(&column))));
    }
    for adjustment in config.adjustments.iter().filter(|a| a.level == AdjustmentLevel::District) {
        let points = col(adjustment_column(&adjustment.key)).cast(DataType::Float64).sum() * lit(adjustment.points);
        let points = match adjustment.cap {
            Some(cap) => points.clip(lit(-cap), lit(cap)),
            None => points,
        };
        aggregations.push((format!("adj:{}", adjustment.key), points));
    }
    let scored =
        crate::frames::aggregate_by(projects.clone().lazy().filter(col("_exempt").not()), "district", aggregations)?;

    // Every district with a project (scored or exempt) or a target, in config order.
    let mut listed: Vec<String> = Vec::new();
    let present: Vec<String> = projects
        .column("district")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .chain(targets.column("district")?.str()?.iter().flatten().map(str::to_string))
        .collect();
    for district in &config.districts {
        if present.contains(&district.key) {
            listed.push(district.key.clone());
        }
    }
    let base = DataFrame::new(listed.len(), vec![Column::new("district".into(), listed.clone())])?;
    let pro_rate = if scoring.pro_rate { period.months_elapsed() as f64 / 12.0 } else { 1.0 };
    let targets = targets.clone().lazy().select([col("district"), (col("target") * lit(pro_rate)).alias("target")]);
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    let frame = base.lazy().join(scored, [col("district")], [col("district")], args.clone()).join(
        targets,
        [col("district")],
        [col("district")],
        args,
    );

    let adjustment = config
        .adjustments
        .iter()
        .filter(|a| a.level == AdjustmentLevel::District)
        .map(|a| col(format!("adj:{}", a.key)).fill_null(lit(0.0)))
        .reduce(|a, b| a + b)
        .unwrap_or(lit(0.0));
    let cap = scoring.capital_cap;
    let completion = when(col("target").gt(lit(0.0)))
        .then(col("capital_in_place") / col("target"))
        .otherwise(lit(NULL).cast(DataType::Float64));
    let mut fills = vec![
        col("quality").fill_null(lit(0.0)),
        col("projects").fill_null(lit(0u32)),
        col("total_investment").fill_null(lit(0.0)),
        col("capital_in_place").fill_null(lit(0.0)),
    ];
    fills.extend(config.dimensions.iter().map(|d| col(dimension_column(&d.key)).fill_null(lit(0.0))));
    let frame = frame
        .with_columns(fills)
        .with_column(completion.alias("completion"))
        .with_column(
            (col("completion").clip(lit(0.0), lit(cap)) / lit(cap) * lit(100.0))
                .fill_null(lit(0.0))
                .alias("capital_score"),
        )
        .with_column(adjustment.alias("adjustment"))
        .with_column(
            (lit(scoring.quality_weight) * col("quality")
                + lit(scoring.capital_weight) * col("capital_score")
                + col("adjustment"))
            .clip(lit(0.0), lit(100.0))
            .alias("total"),
        )
        .with_column(col("completion").lt(lit(scoring.gate_min_completion)).fill_null(lit(true)).alias("gated"))
        .with_column(competition_rank(col("total"), None)?.alias("rank"))
        .with_column(
            tier_expr(col("total"), col("rank"), col("total").count(), &scoring.tiers).alias("tier_before_gate"),
        );
    // The gate: a gated district's tier is at best gate_max_tier.
    let order: Vec<&str> = scoring.tiers.levels.iter().map(|l| l.name.as_str()).collect();
    let cap_index = order.iter().position(|n| *n == scoring.gate_max_tier).expect("checked at load");
    let better = order[..cap_index]
        .iter()
        .map(|name| col("tier_before_gate").eq(lit(name.to_string())))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    let frame = frame
        .with_column(
            when(col("gated").and(better))
                .then(lit(scoring.gate_max_tier.clone()))
                .otherwise(col("tier_before_gate"))
                .alias("tier"),
        )
        .sort_by_exprs(
            [rounded(col("total")), col("district")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]).with_maintain_order(true),
        )
        .collect()?;

    let mut notes = Vec::new();
    let year = period.year();
    let (keys, counts, targets_col) = (
        frame.column("district")?.str()?.clone(),
        frame.column("projects")?.u32()?.clone(),
        frame.column("target")?.f64()?.clone(),
    );
    for ((key, count), target) in keys.iter().zip(counts.iter()).zip(targets_col.iter()) {
        let key = key.unwrap_or_default().to_string();
        if count.unwrap_or(0) == 0 {
            notes.push(DistrictNote {
                district: key.clone(),
                severity: Severity::Warning,
                message: format!("district `{key}` has no project scored in {period}; its quality is 0"),
                action: Action::DefaultUsed,
            });
        }
        if target.is_none_or(|t| t <= 0.0) {
            notes.push(DistrictNote {
                district: key.clone(),
                severity: Severity::Warning,
                message: format!("district `{key}` has no capital target for {year}; it has no completion, a capital score of 0, and is gated"),
                action: Action::DefaultUsed,
            });
        }
    }
    Ok((frame, notes))
}
