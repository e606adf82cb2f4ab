//! Districts (spec 3.6): quality from their projects, capital completion against
//! their targets, a weighted total, the policy gate, ranks and tiers.
//!
//! The districts listed are those with a project in scope or a target for the
//! period's year. Capital counts only the ledger rows of a district's scored
//! projects (exempt and rejected projects' capital does not count), in the window.

use polars::prelude::*;

use crate::columns::{adjustment_column, dimension_column};
use crate::config::{AdjustmentLevel, Config, DistrictScoring, QualityWeighting};
use crate::error::Result;
use crate::frames::{KahanSum, aggregate_by, left_join};
use crate::i18n::{Kind, Msg, Name};
use crate::issues::{Action, Note, Severity, Subject};
use crate::period::Period;
use crate::rank::{competition_rank, rounded, tier_expr};

/// Rolls scored projects up to districts. `projects` is the ranked project frame
/// (with `_exempt`, `total`, `dim:<key>`, `total_investment`, `capital_in_place`
/// and the adjustment conditions); `targets` is the validated targets of the year.
pub(crate) fn districts(
    projects: &DataFrame,
    targets: &DataFrame,
    config: &Config,
    period: Period,
) -> Result<(DataFrame, Vec<Note>)> {
    let scored = roll_up(projects, config)?;
    let listed = listed_districts(projects, targets, config)?;
    let pro_rate = if config.district.pro_rate { period.months_elapsed() as f64 / 12.0 } else { 1.0 };
    let targets = targets.clone().lazy().select([col("district"), (col("target") * lit(pro_rate)).alias("target")]);
    let frame = left_join(listed.lazy(), scored, &["district"]);
    let frame = left_join(frame, targets, &["district"]);
    let frame = with_totals(frame, config);
    let frame = with_ranks_and_gate(frame, &config.district)?.collect()?;
    let notes = notes(&frame, period)?;
    Ok((frame, notes))
}

/// Per district, over its scored (not exempt) projects: quality and each
/// dimension as weighted means of the projects' scores, the project count,
/// investment, capital in place, and each district adjustment's capped points.
fn roll_up(projects: &DataFrame, config: &Config) -> Result<LazyFrame> {
    // Equal weights are one per project *row*: `lit(1.0)` would be a single
    // value per group, so its sum would be 1 and the mean a sum.
    let weight = match config.district.quality_weighting {
        QualityWeighting::Investment => col("total_investment"),
        QualityWeighting::Equal => col("total").is_not_null().cast(DataType::Float64),
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
    aggregate_by(projects.clone().lazy().filter(col("_exempt").not()), "district", aggregations)
}

/// Every district with a project (scored or exempt) or a target, in config order.
fn listed_districts(projects: &DataFrame, targets: &DataFrame, config: &Config) -> Result<DataFrame> {
    let present: Vec<String> = projects
        .column("district")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .chain(targets.column("district")?.str()?.iter().flatten().map(str::to_string))
        .collect();
    let listed: Vec<String> =
        config.districts.iter().filter(|d| present.contains(&d.key)).map(|d| d.key.clone()).collect();
    Ok(DataFrame::new(listed.len(), vec![Column::new("district".into(), listed)])?)
}

/// Completion against the (pro-rated) target, the capital score, the adjustment
/// and the district total (spec 3.6); districts without projects get zeros.
fn with_totals(frame: LazyFrame, config: &Config) -> LazyFrame {
    let scoring = &config.district;
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
    frame
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
}

/// Ranks and tiers; the policy gate caps a district below the minimum
/// completion at `gate_max_tier`. Ordered by total, then key.
fn with_ranks_and_gate(frame: LazyFrame, scoring: &DistrictScoring) -> Result<LazyFrame> {
    let frame = frame
        .with_column(col("completion").lt(lit(scoring.gate_min_completion)).fill_null(lit(true)).alias("gated"))
        .with_column(competition_rank(col("total")).alias("rank"))
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
    // `capped`: the gate lowered the tier (a gated district of tier C or D was
    // not capped at all, and is not shown as 限档).
    Ok(frame
        .with_column(col("gated").and(better).alias("capped"))
        .with_column(
            when(col("capped"))
                .then(lit(scoring.gate_max_tier.clone()))
                .otherwise(col("tier_before_gate"))
                .alias("tier"),
        )
        .sort_by_exprs(
            [rounded(col("total")), col("district")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]).with_maintain_order(true),
        ))
}

/// The share of last year's capital its months so far must hold for its
/// seasonal shape to be trusted fully.
const SHAPE_TRUSTED_SHARE: f64 = 0.1;

/// Early warning (issue H): for a quarter or month, each district's projected
/// year-end capital in place and completion against its full-year target, and
/// whether that falls below the gate's minimum, from the sums
/// [`early_warning_sums`] takes of the ledger.
///
/// The projection, per district, over the ledger rows of its scored projects:
/// with C the capital from January to the period end, m those months, and
/// s = L_m / L_12 the share of last year's capital (L_12) its same months held
/// (0 when there was none last year), the year end is C ÷ s', where the share
/// expected by now, s', moves continuously from this year's pace to last
/// year's seasonal shape as last year's share becomes trustworthy:
///
/// - w = min(1, s ÷ 0.1): full trust in last year's shape once its months so
///   far held a tenth of its year, none when they held nothing;
/// - s' = w × s + (1 − w) × m ÷ 12.
///
/// At s ≥ 0.1 that is C × L_12 / L_m (if last year reached a third of its total
/// by September, so will this year); at s = 0 it is C × 12 / m. The rule used
/// to jump between the two at s = 0.1 (a district whose months held 8.5 % was
/// projected at 0.48 of its target where 10 % gave 1.2); now a share just
/// under a tenth projects just under what a tenth does. The multiplier 1 ÷ s'
/// is at most 10 on the shape side and, below it, at most 1 ÷ min over s of
/// s' (reached at s = m/24: 1 ÷ (m/12 − m²/576·10) ≈ 15 for January).
pub(crate) fn early_warning(
    sums: DataFrame,
    districts: &DataFrame,
    targets: &DataFrame,
    config: &Config,
    period: Period,
) -> Result<DataFrame> {
    use crate::period::month_index;
    let months = f64::from(period.end_month() - month_index(period.year(), 1) + 1);
    let sums = sums.lazy();
    // Last year's share of its year by these months (0 without a last year, and
    // never negative: a stray correction must not multiply the projection).
    let share = when(col("_last_year").gt(lit(0.0)))
        .then((col("_last_ytd") / col("_last_year")).clip(lit(0.0), lit(1.0)))
        .otherwise(lit(0.0));
    let trust = (share.clone() / lit(SHAPE_TRUSTED_SHARE)).clip(lit(0.0), lit(1.0));
    let expected_share = trust.clone() * share + (lit(1.0) - trust.clone()) * lit(months / 12.0);
    let frame = left_join(districts.clone().lazy().select([col("district")]), sums, &["district"]).with_columns([
        col("_ytd").fill_null(lit(0.0)),
        col("_last_ytd").fill_null(lit(0.0)),
        col("_last_year").fill_null(lit(0.0)),
    ]);
    let frame = left_join(
        frame,
        targets.clone().lazy().select([col("district"), col("target").alias("_year_target")]),
        &["district"],
    )
    .with_columns([
        (col("_ytd") / expected_share).alias("projected_capital"),
        when(trust.clone().gt_eq(lit(1.0)))
            .then(lit("seasonal"))
            .when(trust.gt(lit(0.0)))
            .then(lit("blend"))
            .otherwise(lit("pace"))
            .alias("projection"),
        col("_year_target").gt(lit(0.0)).not().or(col("_year_target").is_null()).alias("no_target"),
    ])
    .with_column(
        when(col("no_target"))
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(col("projected_capital") / col("_year_target"))
            .alias("projected_completion"),
    )
    // A district without a target has nothing to fall short of: not at risk
    // (empty), and said to have no target.
    .with_column(col("projected_completion").lt(lit(config.district.gate_min_completion)).alias("at_risk"))
    .select([
        col("district"),
        col("projected_capital"),
        col("projected_completion"),
        col("projection"),
        col("at_risk"),
        col("no_target"),
    ])
    .collect()?;
    Ok(frame)
}

/// What [`early_warning`] projects from, for a quarter or month (None for a
/// whole year, which has nothing left to project): per district, the capital
/// of its scored projects' ledger rows from January to the period end
/// (`_ytd`), in the same months of last year (`_last_ytd`) and in the whole of
/// last year (`_last_year`). `validated` are the validated projects (the
/// ledger's `_project` indexes their rows); `scored` the projects kept for
/// scoring, with `_exempt`.
pub(crate) fn early_warning_sums(
    ledger: &DataFrame,
    validated: &DataFrame,
    scored: &DataFrame,
    period: Period,
) -> Result<Option<DataFrame>> {
    use crate::period::month_index;
    let (january, end) = (month_index(period.year(), 1), period.end_month());
    if end - january + 1 >= 12 {
        return Ok(None);
    }
    let ranges = [(january, end), (january - 12, end - 12), (january - 12, january - 1)];
    Ok(Some(ledger_sums_by_district(ledger, validated, scored, ranges)?))
}

/// Per district, the capital of its scored projects' ledger rows in each of
/// the month ranges (first and last month included), as `_ytd`, `_last_ytd`
/// and `_last_year`. A ledger row names its project by its row of the
/// validated projects (`validated`); the scored ones are the rows of
/// `projects` (those kept for scoring) that are not exempt. Rows are added in
/// ledger order.
fn ledger_sums_by_district(
    ledger: &DataFrame,
    validated: &DataFrame,
    projects: &DataFrame,
    ranges: [(i32, i32); 3],
) -> Result<DataFrame> {
    let scored =
        projects.clone().lazy().filter(col("_exempt").not()).select([col("project_id"), col("district")]).collect()?;
    let mut district_of: crate::frames::TextMap<&str> = crate::frames::TextMap::new();
    for (id, district) in scored.column("project_id")?.str()?.iter().zip(scored.column("district")?.str()?.iter()) {
        if let (Some(id), Some(district)) = (id, district) {
            district_of.get_or_insert_with(id, || district);
        }
    }
    let by_row: Vec<Option<&str>> = validated
        .column("project_id")?
        .str()?
        .iter()
        .map(|id| id.and_then(|id| district_of.get(id).copied()))
        .collect();
    let mut sums: indexmap::IndexMap<&str, [KahanSum; 3]> = indexmap::IndexMap::new();
    let rows = ledger.column("_project")?.u32()?.iter().zip(ledger.column("month")?.i32()?.iter());
    for ((project, month), capital) in rows.zip(ledger.column("capital")?.f64()?.iter()) {
        let (Some(project), Some(month), Some(capital)) = (project, month, capital) else { continue };
        let Some(Some(district)) = by_row.get(project as usize) else { continue };
        let sum = sums.entry(district).or_default();
        for (total, (first, last)) in sum.iter_mut().zip(ranges) {
            total.add(if (first..=last).contains(&month) { capital } else { 0.0 });
        }
    }
    let column =
        |name: &str, i: usize| Column::new(name.into(), sums.values().map(|s| s[i].sum()).collect::<Vec<f64>>());
    Ok(DataFrame::new(
        sums.len(),
        vec![
            Column::new("district".into(), sums.keys().copied().collect::<Vec<&str>>()),
            column("_ytd", 0),
            column("_last_ytd", 1),
            column("_last_year", 2),
        ],
    )?)
}

/// A warning for each district without a scored project or without a target.
fn notes(frame: &DataFrame, period: Period) -> Result<Vec<Note>> {
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
            notes.push(Note {
                subject: Subject::District(key.clone()),
                severity: Severity::Warning,
                message: Msg::DistrictNoProjects { district: Name::new(Kind::District, key.clone()), period },
                action: Action::DefaultUsed,
            });
        }
        if target.is_none_or(|t| t <= 0.0) {
            notes.push(Note {
                subject: Subject::District(key.clone()),
                severity: Severity::Warning,
                message: Msg::DistrictNoTarget { district: Name::new(Kind::District, key.clone()), year },
                action: Action::DefaultUsed,
            });
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::DEFAULT_CONFIG_TEXT;
    use crate::frames::ProjectFrame;

    fn config(from: &str, to: &str) -> Config {
        let text = DEFAULT_CONFIG_TEXT.replacen(from, to, 1);
        assert_ne!(text, DEFAULT_CONFIG_TEXT, "`{from}` is in the default config");
        Config::from_text(&text, Path::new("config/default.toml")).unwrap()
    }

    /// Two wuhua projects (totals 80 and 60, investments 3 and 1) and one in
    /// panlong (total 90), every dimension scoring like the total.
    fn projects(config: &Config) -> DataFrame {
        let totals = [Some(80.0), Some(60.0), Some(90.0)];
        let mut frame = ProjectFrame::new()
            .project("P1", "wuhua", "biomedicine", 3.0)
            .project("P2", "wuhua", "biomedicine", 1.0)
            .project("P3", "panlong", "chemicals", 5.0)
            .capital(&[30.0, 20.0, 10.0])
            .numbers("total", &totals);
        for dimension in &config.dimensions {
            frame = frame.numbers(&dimension_column(&dimension.key), &totals);
        }
        frame.build()
    }

    fn targets() -> DataFrame {
        df! { "district" => ["wuhua", "panlong"], "target" => [100.0, 10.0] }.unwrap()
    }

    fn column(frame: &DataFrame, district: &str, name: &str) -> f64 {
        let row = frame.column("district").unwrap().str().unwrap().iter().position(|d| d == Some(district)).unwrap();
        frame.column(name).unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().get(row).unwrap()
    }

    /// A ledger whose answer is known, for 2022Q3 (nine months):
    /// - wuhua: this year 100 (Jan) + 200 (Jun) = 300; last year 150 by September
    ///   and 450 in all (300 in December): seasonal, 300 × 450 / 150 = 900 of a
    ///   target of 1000 → 90 %, below the gate: at risk. Its exempt project's
    ///   5000 does not count.
    /// - panlong: 90 in March and nothing last year: pace, 90 × 12 / 9 = 120 of
    ///   100 → 120 %, not at risk.
    #[test]
    fn early_warning_projects_the_year_end_by_last_year_s_shape_or_this_year_s_pace() {
        use crate::period::month_index;
        let config = Config::builtin_default();
        let projects = ProjectFrame::new()
            .project("W1", "wuhua", "biomedicine", 1.0)
            .project("W2", "wuhua", "biomedicine", 1.0)
            .project("P1", "panlong", "chemicals", 1.0)
            .exempt(&[false, true, false])
            .build();
        let rows: [(&str, i32, u32, f64); 7] = [
            ("W1", 2022, 1, 100.0),
            ("W1", 2022, 6, 200.0),
            ("W2", 2022, 2, 5000.0),
            ("W1", 2021, 3, 150.0),
            ("W1", 2021, 12, 300.0),
            ("P1", 2022, 3, 90.0),
            // After the period end: the ledger given to scoring never has it, and
            // the projection must not count it if it did.
            ("P1", 2022, 11, 1000.0),
        ];
        // Ledger rows name their project by its row of the validated projects.
        let row_of = |id: &str| ["W1", "W2", "P1"].iter().position(|p| *p == id).unwrap() as u32;
        let ledger = df! {
            "_project" => rows.iter().map(|r| row_of(r.0)).collect::<Vec<_>>(),
            "month" => rows.iter().map(|r| month_index(r.1, r.2)).collect::<Vec<_>>(),
            "capital" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        }
        .unwrap();
        let targets = df! { "district" => ["wuhua", "panlong"], "target" => [1000.0, 100.0] }.unwrap();
        let districts = df! { "district" => ["panlong", "wuhua"] }.unwrap();
        let period: Period = "2022Q3".parse().unwrap();
        let warning = early_warning(
            early_warning_sums(&ledger, &projects, &projects, period).unwrap().unwrap(),
            &districts,
            &targets,
            &config,
            period,
        )
        .unwrap();
        assert!((column(&warning, "wuhua", "projected_capital") - 900.0).abs() < 1e-9);
        assert!((column(&warning, "wuhua", "projected_completion") - 0.9).abs() < 1e-12);
        assert_eq!(column(&warning, "wuhua", "at_risk"), 1.0);
        assert!((column(&warning, "panlong", "projected_capital") - 120.0).abs() < 1e-9);
        assert_eq!(column(&warning, "panlong", "at_risk"), 0.0);
        let methods: Vec<Option<&str>> = warning.column("projection").unwrap().str().unwrap().iter().collect();
        assert_eq!(methods, [Some("pace"), Some("seasonal")]);
        // A whole year has nothing left to project.
        let year: Period = "2022".parse().unwrap();
        assert!(early_warning_sums(&ledger, &projects, &projects, year).unwrap().is_none());
    }

    /// The projection moves continuously from this year's pace to last year's
    /// shape (issue M). At 2022Q1 (m = 3, pace share 0.25), each district has
    /// 100 in place this year and last year's 1000 in all:
    /// - xishan: 85 of it by March (s = 0.085): w = 0.85, s' = 0.85 × 0.085 +
    ///   0.15 × 0.25 = 0.10975, 100 / 0.10975 = 911.16 (the old rule: pace,
    ///   400; at 0.1 it jumped to 1000);
    /// - guandu: 100 by March (s = 0.1): w = 1, 100 / 0.1 = 1000, seasonal;
    /// - chenggong: 99.99 by March: just under guandu's 1000 (999.77), blend;
    /// - jinning: no target: no completion, not at risk, said to have no target.
    #[test]
    fn the_projection_is_continuous_in_last_year_s_share() {
        use crate::period::month_index;
        let config = Config::builtin_default();
        let names = ["xishan", "guandu", "chenggong", "jinning"];
        let mut frame = ProjectFrame::new();
        for name in names {
            frame = frame.project(&format!("{name}-1"), name, "biomedicine", 1.0);
        }
        let projects = frame.build();
        let by_march = [85.0, 100.0, 99.99, 100.0];
        let mut rows: Vec<(u32, i32, u32, f64)> = Vec::new();
        for (i, ytd) in by_march.iter().enumerate() {
            rows.extend([(i as u32, 2022, 2, 100.0), (i as u32, 2021, 3, *ytd), (i as u32, 2021, 11, 1000.0 - ytd)]);
        }
        let ledger = df! {
            "_project" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "month" => rows.iter().map(|r| month_index(r.1, r.2)).collect::<Vec<_>>(),
            "capital" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        }
        .unwrap();
        let targets =
            df! { "district" => ["xishan", "guandu", "chenggong"], "target" => [1000.0, 1000.0, 1000.0] }.unwrap();
        let districts = df! { "district" => names }.unwrap();
        let period: Period = "2022Q1".parse().unwrap();
        let sums = early_warning_sums(&ledger, &projects, &projects, period).unwrap().unwrap();
        let warning = early_warning(sums, &districts, &targets, &config, period).unwrap();
        let projected = |d: &str| column(&warning, d, "projected_capital");
        assert!((projected("xishan") - 100.0 / 0.10975).abs() < 1e-9, "{}", projected("xishan"));
        assert!((projected("guandu") - 1000.0).abs() < 1e-9);
        let just_under = 100.0 / (0.9999 * 0.09999 + 0.0001 * 0.25);
        assert!((projected("chenggong") - just_under).abs() < 1e-9 && projected("chenggong") < 1000.0);
        assert!(projected("guandu") - projected("chenggong") < 0.5, "continuous at a tenth");
        let text = |name: &str| -> Vec<Option<String>> {
            warning.column(name).unwrap().str().unwrap().iter().map(|v| v.map(str::to_string)).collect()
        };
        assert_eq!(
            text("projection"),
            ["blend", "seasonal", "blend", "seasonal"].map(|s| Some(s.to_string())).to_vec()
        );
        let no_target: Vec<Option<bool>> = warning.column("no_target").unwrap().bool().unwrap().iter().collect();
        assert_eq!(no_target, [Some(false), Some(false), Some(false), Some(true)]);
        let at_risk: Vec<Option<bool>> = warning.column("at_risk").unwrap().bool().unwrap().iter().collect();
        // The gate's minimum is the whole target: only guandu's 1000 meets it.
        assert_eq!(at_risk, [Some(true), Some(false), Some(true), None]);
        let completion = warning.column("projected_completion").unwrap().f64().unwrap().get(3);
        assert_eq!(completion, None);
    }

    #[test]
    fn quality_is_the_investment_weighted_mean_by_default() {
        let config = config("pro_rate = true", "pro_rate = false");
        let (frame, _) = districts(&projects(&config), &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
        // (3·80 + 1·60) / 4 = 75.
        assert!((column(&frame, "wuhua", "quality") - 75.0).abs() < 1e-12);
        assert!((column(&frame, "wuhua", "dim:output") - 75.0).abs() < 1e-12);
        assert_eq!(column(&frame, "wuhua", "projects"), 2.0);
        // Capital 50 of a target of 100: completion 0.5, capital score 50;
        // total 0.7·75 + 0.3·50 = 67.5, and gated (below 100 %).
        assert!((column(&frame, "wuhua", "completion") - 0.5).abs() < 1e-12);
        assert!((column(&frame, "wuhua", "total") - 67.5).abs() < 1e-12);
        assert_eq!(column(&frame, "wuhua", "gated"), 1.0);
    }

    #[test]
    fn equal_weighting_is_the_mean_not_the_sum() {
        let config = config("quality_weighting = \"investment\"", "quality_weighting = \"equal\"");
        let (frame, _) = districts(&projects(&config), &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
        // (80 + 60) / 2 = 70, not 140 capped at 100.
        assert!((column(&frame, "wuhua", "quality") - 70.0).abs() < 1e-12);
        assert!((column(&frame, "wuhua", "dim:tech") - 70.0).abs() < 1e-12);
        assert!((column(&frame, "panlong", "quality") - 90.0).abs() < 1e-12);
    }

    /// The default with one district adjustment: `points` per project for
    /// which it holds, the district's sum clipped to ±`cap`.
    fn with_district_adjustment(points: f64, cap: f64) -> Config {
        let text = format!(
            "{DEFAULT_CONFIG_TEXT}\n[[adjustments]]\nkey = \"bonus\"\nname = \"加分\"\nlevel = \"district\"\n\
             when = \"high_tech\"\npoints = {points}\ncap = {cap}\n"
        );
        Config::from_text(&text.replace("pro_rate = true", "pro_rate = false"), Path::new("config/default.toml"))
            .unwrap()
    }

    /// A district adjustment adds its points once per project it holds for,
    /// up to its cap either way, on top of the weighted total. wuhua (67.5
    /// without it) has two such projects, panlong (93) one.
    #[test]
    fn a_district_adjustment_adds_points_per_project_up_to_its_cap() {
        let cases = [
            // (points, cap, wuhua, panlong)
            (2.0, 3.0, 70.5, 95.0),  // wuhua 2 × 2 = 4, capped at 3
            (2.0, 10.0, 71.5, 95.0), // no cap reached
            (-2.0, 3.0, 64.5, 91.0), // −4 capped at −3
            (1.5, 3.0, 70.5, 94.5),  // 2 × 1.5 = 3: exactly the cap
        ];
        for (points, cap, wuhua, panlong) in cases {
            let config = with_district_adjustment(points, cap);
            let mut projects = projects(&config);
            projects.with_column(Column::new(adjustment_column("bonus").into(), vec![true, true, true])).unwrap();
            let (frame, _) = districts(&projects, &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
            let adjustment = (wuhua - 67.5, panlong - 93.0);
            assert!((column(&frame, "wuhua", "adjustment") - adjustment.0).abs() < 1e-12, "{points} {cap}");
            assert!((column(&frame, "panlong", "adjustment") - adjustment.1).abs() < 1e-12, "{points} {cap}");
            assert!((column(&frame, "wuhua", "total") - wuhua).abs() < 1e-12, "{points} {cap}");
            assert!((column(&frame, "panlong", "total") - panlong).abs() < 1e-12, "{points} {cap}");
        }
        // A project for which it does not hold adds nothing.
        let config = with_district_adjustment(2.0, 10.0);
        let mut projects = projects(&config);
        projects.with_column(Column::new(adjustment_column("bonus").into(), vec![true, false, false])).unwrap();
        let (frame, _) = districts(&projects, &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
        assert!((column(&frame, "wuhua", "total") - 69.5).abs() < 1e-12);
        assert!((column(&frame, "panlong", "total") - 93.0).abs() < 1e-12);
    }

    /// With a capital cap of 1.2, completion counts up to 120 %: the capital
    /// score is completion / 1.2 × 100, full marks at 120 % and beyond.
    #[test]
    fn a_capital_cap_above_one_scores_completion_up_to_it() {
        let text = DEFAULT_CONFIG_TEXT.replacen("capital_cap = 1.0", "capital_cap = 1.2", 1).replacen(
            "pro_rate = true",
            "pro_rate = false",
            1,
        );
        let config = Config::from_text(&text, Path::new("config/default.toml")).unwrap();
        assert_eq!(config.district.capital_cap, 1.2);
        let mut projects = projects(&config);
        // wuhua 50 of 100 (0.5), panlong 11 of 10 (1.1), then 13 of 10 (1.3).
        for (panlong_capital, panlong_score) in [(11.0, 1.1 / 1.2 * 100.0), (13.0, 100.0)] {
            projects.with_column(Column::new("capital_in_place".into(), vec![30.0, 20.0, panlong_capital])).unwrap();
            let (frame, _) = districts(&projects, &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
            assert!((column(&frame, "wuhua", "capital_score") - 0.5 / 1.2 * 100.0).abs() < 1e-9);
            assert!((column(&frame, "panlong", "capital_score") - panlong_score).abs() < 1e-9, "{panlong_capital}");
            let total = 0.7 * 90.0 + 0.3 * panlong_score;
            assert!((column(&frame, "panlong", "total") - total).abs() < 1e-9);
        }
    }

    #[test]
    fn the_gate_caps_the_tier_of_a_district_below_its_target() {
        let config = config("pro_rate = true", "pro_rate = false");
        let mut projects = projects(&config);
        // panlong: total 90 from quality, capital 10 of 10 → 0.7·90 + 0.3·100 = 93: A, not gated.
        let (frame, notes) = districts(&projects, &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
        assert!((column(&frame, "panlong", "total") - 93.0).abs() < 1e-12);
        let tiers: Vec<Option<&str>> = frame.column("tier").unwrap().str().unwrap().iter().collect();
        assert_eq!(tiers, [Some("A"), Some("C")]);
        assert!(notes.is_empty(), "{notes:?}");
        // Without its capital panlong would still be A on quality alone if the
        // gate did not hold it at B.
        projects.with_column(Column::new("capital_in_place".into(), vec![30.0, 20.0, 9.0])).unwrap();
        let (frame, _) = districts(&projects, &targets(), &config, "2022Q4".parse().unwrap()).unwrap();
        // 0.7·90 + 0.3·90 = 90 ≥ 85, but completion 0.9 < 1: gated to B.
        assert!((column(&frame, "panlong", "total") - 90.0).abs() < 1e-12);
        let tiers: Vec<Option<&str>> = frame.column("tier").unwrap().str().unwrap().iter().collect();
        assert_eq!(tiers[0], Some("B"));
        // Capped is what the gate did: panlong's A became B; wuhua is gated
        // too, but its C is below the cap, which lowered nothing.
        assert_eq!((column(&frame, "panlong", "gated"), column(&frame, "panlong", "capped")), (1.0, 1.0));
        assert_eq!((column(&frame, "wuhua", "gated"), column(&frame, "wuhua", "capped")), (1.0, 0.0));
    }
}
