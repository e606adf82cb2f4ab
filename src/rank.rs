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

/// Competition rank ("1224") of `total`, highest first. Null totals get no rank.
pub(crate) fn competition_rank(total: Expr) -> Expr {
    rounded(total).rank(RankOptions { method: RankMethod::Min, descending: true }, None).cast(DataType::UInt32)
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
///
/// The order and the three competition ranks come from one sort of row
/// numbers and one pass in that order (a rank within a district is the count
/// of its projects ranked above, plus one, shared by ties), then every column
/// is gathered once: a million projects took a second as window expressions
/// and a multi-key sort of the whole frame.
pub(crate) fn rank_projects(frame: DataFrame, tiers: &Tiers) -> Result<DataFrame> {
    let keys = frame
        .clone()
        .lazy()
        .select([rounded(col("total")).alias("rounded"), col("project_id").cast(DataType::String)])
        .collect()?;
    let rounded: Vec<Option<f64>> = keys.column("rounded")?.f64()?.iter().collect();
    let ids: Vec<Option<&str>> = keys.column("project_id")?.str()?.iter().collect();
    let order = ranking_order(&rounded, &ids);
    let ranks = |group: Option<&str>| -> Result<Column> {
        let groups = match group {
            Some(name) => Some(group_codes(frame.column(name)?)?),
            None => None,
        };
        Ok(Column::new(PlSmallStr::EMPTY, competition_ranks_in_order(&order, &rounded, groups.as_deref())))
    };
    let (rank, district_rank, chain_rank) = (ranks(None)?, ranks(Some("district"))?, ranks(Some("chain"))?);
    // Each column is gathered into rank order and its unsorted self let go
    // (when nothing else holds it), so the frame is never held twice.
    let order = IdxCa::from_vec("order".into(), order);
    let height = frame.height();
    let mut columns: Vec<Column> = {
        use rayon::prelude::*;
        frame.into_columns().into_par_iter().map(|column| column.take(&order)).collect::<PolarsResult<_>>()?
    };
    columns.push(rank.with_name("rank".into()));
    columns.push(district_rank.with_name("district_rank".into()));
    columns.push(chain_rank.with_name("chain_rank".into()));
    let ranked = DataFrame::new(height, columns)?;
    Ok(ranked
        .lazy()
        .with_column(
            when(col("_exempt"))
                .then(lit(EXEMPT_TIER))
                .otherwise(tier_expr(col("total"), col("rank"), col("total").count(), tiers))
                .alias("tier"),
        )
        .collect()?)
}

/// Row numbers in ranking order: rounded total descending (missing totals
/// last), then project_id ascending, then row number (ids are unique; the row
/// keeps the order total even if they were not).
fn ranking_order(rounded: &[Option<f64>], ids: &[Option<&str>]) -> Vec<IdxSize> {
    use rayon::prelude::*;
    use std::cmp::Ordering;
    // Descending totals, as polars orders floats (NaN above every number).
    let by_total = |a: f64, b: f64| match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
    };
    let mut order: Vec<IdxSize> = (0..rounded.len() as IdxSize).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (x, y) = (a as usize, b as usize);
        let totals = match (rounded[x], rounded[y]) {
            (Some(p), Some(q)) => by_total(p, q),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        // A missing id after the others, as polars sorts nulls last.
        let id = |i: usize| (ids[i].is_none(), ids[i]);
        totals.then_with(|| id(x).cmp(&id(y))).then(a.cmp(&b))
    });
    order
}

/// A small code per distinct value of a text column (districts, chains);
/// missing values share one code of their own.
fn group_codes(column: &Column) -> Result<Vec<IdxSize>> {
    use crate::frames::{MISSING_CODE, distinct_codes};
    let text = column.cast(&DataType::String)?;
    let mut distinct = 0;
    let mut codes = distinct_codes(text.str()?, |_| distinct += 1);
    codes.iter_mut().filter(|c| **c == MISSING_CODE).for_each(|c| *c = distinct);
    Ok(codes)
}

/// Competition ranks ("1224") by position in `order` (rows best first):
/// within a group (`groups[row]`), a row's rank is one more than the rows of
/// its group before it, shared with the row before it when their rounded
/// totals are equal. Rows without a total have no rank.
fn competition_ranks_in_order(
    order: &[IdxSize],
    rounded: &[Option<f64>],
    groups: Option<&[IdxSize]>,
) -> Vec<Option<u32>> {
    // Per group: rows ranked so far, and the last one's rounded total and rank.
    let mut state: Vec<(u32, f64, u32)> = Vec::new();
    order
        .iter()
        .map(|&row| {
            let row = row as usize;
            let total = rounded[row]?;
            let group = groups.map_or(0, |g| g[row] as usize);
            if state.len() <= group {
                state.resize(group + 1, (0, f64::NAN, 0));
            }
            let (seen, last, last_rank) = &mut state[group];
            let tied = *seen > 0 && (*last == total || (last.is_nan() && total.is_nan()));
            let rank = if tied { *last_rank } else { *seen + 1 };
            (*seen, *last, *last_rank) = (*seen + 1, total, rank);
            Some(rank)
        })
        .collect()
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
    fn ranks_within_groups_are_those_of_the_window_expressions() {
        // 300 projects over 3 districts and 4 chains, totals from a few values
        // (many ties, some only after rounding), some exempt.
        let n = 300;
        let ids: Vec<String> = (0..n).map(|i| format!("p{:03}", (i * 7919) % n)).collect();
        let totals: Vec<Option<f64>> = (0..n)
            .map(|i| match i % 11 {
                0 => None,
                k => Some(50.0 + (k % 5) as f64 * 10.0 + if i % 3 == 0 { 1e-8 } else { 0.0 }),
            })
            .collect();
        let frame = DataFrame::new(
            n,
            vec![
                Column::new("project_id".into(), ids),
                Column::new("total".into(), totals.clone()),
                Column::new("district".into(), (0..n).map(|i| ["a", "b", "c"][i % 3]).collect::<Vec<_>>()),
                Column::new("chain".into(), (0..n).map(|i| ["w", "x", "y", "z"][i % 4]).collect::<Vec<_>>()),
                Column::new("_exempt".into(), totals.iter().map(Option::is_none).collect::<Vec<_>>()),
            ],
        )
        .unwrap();
        let ranked = rank_projects(frame, &threshold()).unwrap();
        let expected = ranked
            .clone()
            .lazy()
            .select([
                competition_rank(col("total")).alias("rank"),
                competition_rank(col("total")).over([col("district")]).unwrap().alias("district_rank"),
                competition_rank(col("total")).over([col("chain")]).unwrap().alias("chain_rank"),
            ])
            .collect()
            .unwrap();
        for name in ["rank", "district_rank", "chain_rank"] {
            assert_eq!(column(&ranked, name), column(&expected, name), "{name}");
        }
        // In rank order: rounded total descending, missing last, then id.
        let sorted = ranked
            .clone()
            .lazy()
            .sort_by_exprs(
                [rounded(col("total")), col("project_id")],
                SortMultipleOptions::default().with_order_descending_multi([true, false]).with_nulls_last(true),
            )
            .collect()
            .unwrap();
        assert_eq!(column(&ranked, "project_id"), column(&sorted, "project_id"));
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
