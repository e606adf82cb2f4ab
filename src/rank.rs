//! Ranks and tiers (spec 3.5).
//!
//! Totals are compared after rounding to 6 decimals (half away from zero: two totals
//! that print the same are the same). Equal totals share the lowest rank: 1, 2, 2, 4.
//! Tiers come by threshold on the rounded total, or by share of the ranking, where
//! tied totals always share a tier because they share a rank.

use polars::prelude::*;

use crate::config::{TierMethod, Tiers};
use crate::error::Result;

/// The tier of a project that is listed but not scored.
pub(crate) const EXEMPT_TIER: &str = "T";

/// A total rounded for comparison.
pub(crate) fn rounded(total: Expr) -> Expr {
    total.round(6, RoundMode::HalfAwayFromZero)
}

/// Competition rank ("1224") of `total`, highest first, optionally within groups.
/// Null totals get no rank.
pub(crate) fn competition_rank(total: Expr, within: Option<&str>) -> Result<Expr> {
    let rank =
        rounded(total).rank(RankOptions { method: RankMethod::Min, descending: true }, None).cast(DataType::UInt32);
    Ok(match within {
        Some(group) => rank.over([col(group)])?,
        None => rank,
    })
}

/// The tier expression for a total and its rank among `count` ranked rows.
pub(crate) fn tier_expr(total: Expr, rank: Expr, count: Expr, tiers: &Tiers) -> Expr {
    let total = rounded(total);
    let condition = |bound: f64| match tiers.method {
        TierMethod::Threshold => total.clone().gt_eq(lit(bound)),
        TierMethod::Share => {
            rank.clone().cast(DataType::Float64).lt_eq(lit(bound) * count.clone().cast(DataType::Float64) + lit(1e-9))
        }
    };
    let levels = &tiers.levels;
    // The last level takes the rest (threshold 0 or share 1 cover everything).
    let last = lit(levels[levels.len() - 1].name.clone());
    let cases =
        levels[..levels.len() - 1].iter().map(|level| (condition(level.bound), lit(level.name.clone()))).collect();
    when(total.is_null()).then(lit(NULL).cast(DataType::String)).otherwise(crate::frames::first_match(cases, last))
}

/// Ranks projects: `rank` (city), `district_rank`, `chain_rank`, `tier` ("T" for
/// exempt rows), ordered by total descending then project_id; exempt rows last.
pub(crate) fn rank_projects(frame: DataFrame, tiers: &Tiers) -> Result<DataFrame> {
    let ranked = frame
        .lazy()
        .with_columns([
            competition_rank(col("total"), None)?.alias("rank"),
            competition_rank(col("total"), Some("district"))?.alias("district_rank"),
            competition_rank(col("total"), Some("chain"))?.alias("chain_rank"),
        ])
        .with_column(
            when(col("_exempt"))
                .then(lit(EXEMPT_TIER))
                .otherwise(tier_expr(col("total"), col("rank"), col("total").count(), tiers))
                .alias("tier"),
        )
        .sort_by_exprs(
            [rounded(col("total")), col("project_id")],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, false])
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .collect()?;
    Ok(ranked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TierLevel;

    fn threshold() -> Tiers {
        Tiers {
            method: TierMethod::Threshold,
            levels: [("A", 85.0), ("B", 70.0), ("C", 60.0), ("D", 0.0)]
                .iter()
                .map(|(n, b)| TierLevel { name: n.to_string(), bound: *b })
                .collect(),
        }
    }

    fn share() -> Tiers {
        Tiers {
            method: TierMethod::Share,
            levels: [("A", 0.2), ("B", 0.6), ("C", 0.95), ("D", 1.0)]
                .iter()
                .map(|(n, b)| TierLevel { name: n.to_string(), bound: *b })
                .collect(),
        }
    }

    fn frame(ids: &[&str], totals: &[Option<f64>]) -> DataFrame {
        let n = ids.len();
        DataFrame::new(
            n,
            vec![
                Column::new("project_id".into(), ids.to_vec()),
                Column::new("total".into(), totals.to_vec()),
                Column::new("district".into(), vec!["d"; n]),
                Column::new("chain".into(), vec!["c"; n]),
                Column::new("_exempt".into(), totals.iter().map(|t| t.is_none()).collect::<Vec<_>>()),
            ],
        )
        .unwrap()
    }

    fn column(frame: &DataFrame, name: &str) -> Vec<String> {
        frame
            .column(name)
            .unwrap()
            .cast(&DataType::String)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap_or("-").to_string())
            .collect()
    }

    #[test]
    fn ties_share_the_lowest_rank_after_rounding_to_six_decimals() {
        let f = frame(&["p1", "p2", "p3", "p4"], &[Some(90.0), Some(80.000_000_1), Some(80.0), Some(70.0)]);
        let ranked = rank_projects(f, &threshold()).unwrap();
        assert_eq!(column(&ranked, "rank"), ["1", "2", "2", "4"]);
        // Equal rounded totals order by project_id.
        assert_eq!(column(&ranked, "project_id"), ["p1", "p2", "p3", "p4"]);
        let f = frame(&["b", "a"], &[Some(50.0), Some(50.0)]);
        let ranked = rank_projects(f, &threshold()).unwrap();
        assert_eq!(column(&ranked, "project_id"), ["a", "b"]);
        assert_eq!(column(&ranked, "rank"), ["1", "1"]);
    }

    #[test]
    fn threshold_tiers_include_their_bound() {
        let f =
            frame(&["a", "b", "c", "d", "e"], &[Some(85.0), Some(84.999_999_9), Some(70.0), Some(60.0), Some(59.99)]);
        let ranked = rank_projects(f, &threshold()).unwrap();
        assert_eq!(column(&ranked, "tier"), ["A", "A", "B", "C", "D"]);
    }

    #[test]
    fn share_tiers_follow_the_ranking_and_keep_ties_together() {
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let totals: Vec<Option<f64>> =
            [95.0, 90.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0].iter().map(|v| Some(*v)).collect();
        let ranked = rank_projects(frame(&ids, &totals), &share()).unwrap();
        // Ranks 1,2,2,4,...: top 20 % of 10 is ranks ≤ 2, so the tie at rank 2 is A.
        assert_eq!(column(&ranked, "tier"), ["A", "A", "A", "B", "B", "B", "C", "C", "C", "D"]);
    }

    #[test]
    fn exempt_rows_have_no_rank_and_tier_t() {
        let ranked = rank_projects(frame(&["a", "b"], &[None, Some(10.0)]), &threshold()).unwrap();
        assert_eq!(column(&ranked, "project_id"), ["b", "a"]);
        assert_eq!(column(&ranked, "rank"), ["1", "-"]);
        assert_eq!(column(&ranked, "tier"), ["D", "T"]);
    }
}
