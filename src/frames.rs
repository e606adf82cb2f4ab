//! Frame helpers shared by the stages.
//!
//! Why [`aggregate_by`] exists: with polars' `streaming` feature (which the csv and
//! parquet features pull in), a plain `group_by(..).agg(..)` of sums or means is
//! run by the streaming executor, which adds partial sums in whatever order its
//! morsels finish. Floating-point addition is not associative, so the last bit of a
//! sum changed from run to run and the workbook was not byte-identical. Window
//! expressions (`.over()`) are evaluated group by group in row order, so a grouped
//! aggregation written as windows, keeping each group's first row, is the same on
//! every run.

use polars::prelude::*;

use crate::error::Result;

/// One row per distinct `key` (in order of first appearance) with each named
/// aggregation evaluated over that key's rows, deterministically.
pub fn aggregate_by<S: AsRef<str>>(frame: LazyFrame, key: &str, aggregations: Vec<(S, Expr)>) -> Result<LazyFrame> {
    let mut columns = vec![col(key)];
    for (name, expr) in aggregations {
        columns.push(expr.over([col(key)])?.alias(name.as_ref()));
    }
    Ok(frame.select(columns).filter(col(key).is_first_distinct()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_sums_come_out_the_same_every_time() {
        // Many chunks of awkward floats: the case where summation order shows.
        let n = 20_000;
        let frames: Vec<LazyFrame> = (0..8)
            .map(|part| {
                let ids: Vec<String> = (0..n).map(|i| format!("P{}", (i * 7 + part) % 97)).collect();
                let values: Vec<f64> = (0..n).map(|i| ((i + part * n) as f64 * 0.7261).sin() * 1234.567).collect();
                df! { "id" => ids, "v" => values }.unwrap().lazy()
            })
            .collect();
        let stacked = concat(frames, UnionArgs::default()).unwrap().collect().unwrap();
        let run = || {
            let out = aggregate_by(stacked.clone().lazy(), "id", vec![("s", col("v").sum()), ("n", len())])
                .unwrap()
                .collect()
                .unwrap();
            out.column("s").unwrap().f64().unwrap().iter().map(|v| v.unwrap().to_bits()).collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first.len(), 97);
        for _ in 0..10 {
            assert_eq!(run(), first);
        }
    }
}
