//! Chains: per industrial chain, its scored projects, investment, capital in
//! place, mean score and best project — the figures a chain's lead department
//! reads (spec 5, Chains). A stage of its own, after ranking, so that the
//! workbook, the sidecars and `run.json` show one computation.

use polars::prelude::*;

use crate::config::Config;
use crate::error::Result;
use crate::frames::aggregate_by;

/// One row per chain with a scored project, in config order: `chain`,
/// `projects`, `total_investment`, `capital_in_place`, `mean_score`, and the best
/// project's `best_project_id`, `best_project_name` and `best_score` (the highest
/// total; ties to the smaller id). Exempt projects do not count.
pub(crate) fn chains(projects: &DataFrame, config: &Config) -> Result<DataFrame> {
    let ranked = projects.clone().lazy().filter(col("_exempt").not()).sort_by_exprs(
        [col("total"), col("project_id")],
        SortMultipleOptions::default().with_order_descending_multi([true, false]).with_maintain_order(true),
    );
    let summary = aggregate_by(
        ranked,
        "chain",
        vec![
            ("projects", len().cast(DataType::Float64)),
            ("total_investment", col("total_investment").sum()),
            ("capital_in_place", col("capital_in_place").sum()),
            ("mean_score", col("total").mean()),
            ("best_project_id", col("project_id").first()),
            ("best_project_name", col("project_name").first()),
            ("best_score", col("total").first()),
        ],
    )?
    .collect()?;
    // Config order: a left join of the chain keys keeps it.
    let keys: Vec<String> = config.chains.iter().map(|(c, _)| c.key.clone()).collect();
    let order = DataFrame::new(keys.len(), vec![Column::new("chain".into(), keys)])?;
    Ok(order
        .lazy()
        .join(summary.lazy(), [col("chain")], [col("chain")], {
            let mut args = JoinArgs::new(JoinType::Inner);
            args.maintain_order = MaintainOrderJoin::Left;
            args
        })
        .collect()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::ProjectFrame;

    #[test]
    fn each_chain_has_its_count_sums_mean_and_best_project() {
        let config = Config::builtin_default();
        let projects = ProjectFrame::new()
            .project("B", "wuhua", "biomedicine", 100.0)
            .project("A", "wuhua", "biomedicine", 300.0)
            .project("C", "panlong", "new_materials", 50.0)
            .project("D", "panlong", "new_materials", 70.0)
            .capital(&[10.0, 20.0, 5.0, 7.0])
            .exempt(&[false, false, false, true])
            .words("project_name", &[Some("b"), Some("a"), Some("c"), Some("d")])
            .numbers("total", &[Some(80.0), Some(80.0), Some(60.0), None])
            .build();
        let frame = chains(&projects, &config).unwrap();
        let keys: Vec<Option<&str>> = frame.column("chain").unwrap().str().unwrap().iter().collect();
        // Config order: new_materials comes before biomedicine.
        assert_eq!(keys, [Some("new_materials"), Some("biomedicine")]);
        let number = |name: &str| -> Vec<Option<f64>> { frame.column(name).unwrap().f64().unwrap().iter().collect() };
        assert_eq!(number("projects"), [Some(1.0), Some(2.0)]);
        assert_eq!(number("total_investment"), [Some(50.0), Some(400.0)]);
        assert_eq!(number("capital_in_place"), [Some(5.0), Some(30.0)]);
        assert_eq!(number("mean_score"), [Some(60.0), Some(80.0)]);
        // A tie at 80: the smaller id is best.
        let best: Vec<Option<&str>> = frame.column("best_project_id").unwrap().str().unwrap().iter().collect();
        assert_eq!(best, [Some("C"), Some("A")]);
    }
}
