//! Deriving indicators: the built-in columns, every indicator's raw value, the checks
//! and the exemption flag, as one frame with one row per project in scope.
//!
//! This is the only stage that evaluates the config's SQL expressions. Its output,
//! the *indicator frame*, is all that normalising, aggregating and ranking need, so
//! an evaluator's weight change — or a thousand Monte Carlo draws — re-runs only
//! those cheap stages on it.

use polars::prelude::*;

use crate::columns::{IDENTITY_COLUMNS, PANORAMA_COLUMNS, adjustment_column, check_column, raw_column};
use crate::config::{Config, Method};
use crate::error::Result;
use crate::frames::{KahanSum, coerce_date_literals, finite_or_null, first_match, map_text, missing_as_null};
use crate::period::Period;
use crate::validate::Validated;

/// Per-project capital in place, by row of the validated projects:
/// `capital_in_place` over the window and `capital_cumulative` up to the period
/// end (万元, foreign converted), from the validated ledger (rows after the
/// period end are already out). Each project's rows are added in ledger order
/// with a compensated sum, so the sums are the same on every run.
pub(crate) fn capital_by_project(
    ledger: &DataFrame,
    projects: usize,
    config: &Config,
    period: Period,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let first = config.capital_window.first_month(&period).unwrap_or(i32::MIN);
    let (mut in_place, mut cumulative) = (vec![KahanSum::default(); projects], vec![KahanSum::default(); projects]);
    let rows = ledger.column("_project")?.u32()?.iter().zip(ledger.column("month")?.i32()?.iter());
    for ((project, month), capital) in rows.zip(ledger.column("capital")?.f64()?.iter()) {
        let (Some(project), Some(capital)) = (project, capital) else { continue };
        let project = project as usize;
        if project >= projects {
            continue;
        }
        cumulative[project].add(capital);
        // A month outside the window adds a zero, as the expression this
        // replaces did (a zero moves a compensated sum's error).
        in_place[project].add(if month.is_some_and(|m| m >= first) { capital } else { 0.0 });
    }
    Ok((in_place.iter().map(KahanSum::sum).collect(), cumulative.iter().map(KahanSum::sum).collect()))
}

/// Adds the built-in columns to the validated projects: `capital_in_place`,
/// `capital_cumulative`, `chain_class`, `park_fit` and `park_level`.
pub(crate) fn with_built_ins(validated: &Validated, config: &Config) -> Result<LazyFrame> {
    let (in_place, cumulative) =
        capital_by_project(&validated.ledger, validated.projects.height(), config, validated.period)?;
    let mut projects = validated.projects.clone();
    projects.with_column(Column::new("capital_in_place".into(), in_place))?;
    projects.with_column(Column::new("capital_cumulative".into(), cumulative))?;
    with_classes_and_parks(projects, config)
}

/// The built-ins' types, for checking expressions before anything is computed.
pub(crate) fn built_ins_schema(validated: &Validated, config: &Config) -> Result<Schema> {
    let mut projects = validated.projects.head(Some(0));
    projects.with_column(Column::new("capital_in_place".into(), Vec::<f64>::new()))?;
    projects.with_column(Column::new("capital_cumulative".into(), Vec::<f64>::new()))?;
    Ok(with_classes_and_parks(projects, config)?.collect_schema()?.as_ref().clone())
}

/// `chain_class`, `park_fit` and `park_level`, looked up by chain and park.
fn with_classes_and_parks(mut projects: DataFrame, config: &Config) -> Result<LazyFrame> {
    let class_of =
        |chain: &str| config.chains.iter().find(|(c, _)| c.key == chain).map(|(_, class)| class.as_str().to_string());
    let park = |key: &str| config.parks.iter().find(|p| p.named.key == key);
    let classes = map_text(projects.column("chain")?, "chain_class", class_of)?;
    let levels = map_text(projects.column("park_key")?, "park_level", |key| park(key).map(|p| p.level.clone()))?;
    let fits: BooleanChunked = {
        let (parks, chains) =
            (projects.column("park_key")?.cast(&DataType::String)?, projects.column("chain")?.cast(&DataType::String)?);
        parks
            .str()?
            .iter()
            .zip(chains.str()?.iter())
            .map(|pair| match pair {
                (Some(key), Some(chain)) => park(key).is_some_and(|p| p.leading_chains.iter().any(|c| c == chain)),
                _ => false,
            })
            .collect()
    };
    projects.with_column(classes)?;
    projects.with_column(fits.with_name("park_fit".into()).into_column())?;
    projects.with_column(levels)?;
    Ok(projects.lazy())
}

/// A condition as it runs: text compared with a date read as a date, and NaN or
/// infinity inside it (a ratio over a zero land area) missing, so the condition
/// is unknown rather than passed (spec 3.2).
fn condition(expr: &Expr, schema: &Schema) -> Result<Expr> {
    Ok(missing_as_null(coerce_date_literals(expr.clone(), schema)?, schema)?)
}

/// The expression of a check: per park level where the project's park has one.
fn check_expr(rules: &[(Option<String>, String, Expr)], schema: &Schema) -> Result<Expr> {
    let rules: Vec<(Option<String>, Expr)> =
        rules.iter().map(|(level, _, expr)| Ok((level.clone(), condition(expr, schema)?))).collect::<Result<_>>()?;
    let fallback = rules
        .iter()
        .find(|(level, _)| level.is_none())
        .map(|(_, e)| e.clone())
        .unwrap_or(lit(NULL).cast(DataType::Boolean));
    let by_level: Vec<&(Option<String>, Expr)> = rules.iter().filter(|(level, _)| level.is_some()).collect();
    if by_level.is_empty() {
        return Ok(fallback.cast(DataType::Boolean));
    }
    let cases = by_level
        .iter()
        .map(|(level, expr)| {
            (col("park_level").eq(lit(level.clone().unwrap_or_default())), expr.clone().cast(DataType::Boolean))
        })
        .collect();
    Ok(first_match(cases, fallback.cast(DataType::Boolean)))
}

/// An indicator's raw value as derive computes it over columns of `schema`:
/// numbers as f64 with non-finite values null, category values as text,
/// booleans as booleans. `what-if` computes it again for a changed register
/// value.
pub(crate) fn raw_value(indicator: &crate::config::Indicator, schema: &Schema) -> Result<Expr> {
    let expr = coerce_date_literals(indicator.expr.clone(), schema)?;
    Ok(match indicator.method {
        Method::Category { .. } => expr.cast(DataType::String),
        Method::Boolean => expr.cast(DataType::Boolean),
        _ => finite_or_null(expr),
    })
}

/// Builds the indicator frame: identity columns, built-ins, `raw:<key>` per
/// indicator (numbers as f64 with non-finite values null; category values as
/// text; booleans as booleans), `check_<key>` per check, and `_exempt`.
pub(crate) fn derive(validated: &Validated, config: &Config) -> Result<DataFrame> {
    let mut frame = with_built_ins(validated, config)?;
    let schema = frame.collect_schema()?;
    let mut raw: Vec<Expr> = Vec::new();
    for indicator in &config.indicators {
        raw.push(raw_value(indicator, &schema)?.alias(raw_column(&indicator.key)));
    }
    let mut checks: Vec<Expr> = Vec::new();
    for check in &config.checks {
        checks.push(check_expr(&check.rules, &schema)?.alias(check_column(&check.key)));
    }
    let mut frame = frame.with_columns(raw).with_columns(checks);
    // Adjustments and the exemption may name the checks' results.
    let schema = frame.collect_schema()?;
    let exempt = match &config.exempt {
        Some((_, expr)) => condition(expr, &schema)?.cast(DataType::Boolean).fill_null(lit(false)),
        None => lit(false),
    };
    let mut keep: Vec<Expr> = IDENTITY_COLUMNS.iter().map(|c| col(*c)).collect();
    keep.extend(["capital_in_place", "capital_cumulative", "chain_class", "park_fit", "park_level"].map(col));
    // What the chain panorama and the Parks sheet show besides the scores.
    keep.extend(PANORAMA_COLUMNS.map(col));
    keep.extend(config.indicators.iter().map(|i| col(raw_column(&i.key))));
    keep.extend(config.checks.iter().map(|c| col(check_column(&c.key))));
    // Adjustment conditions are evaluated here too, where every column is at hand.
    for adjustment in &config.adjustments {
        let when = condition(&adjustment.when, &schema)?;
        keep.push(when.cast(DataType::Boolean).fill_null(lit(false)).alias(adjustment_column(&adjustment.key)));
    }
    keep.push(exempt.alias("_exempt"));
    Ok(frame.select(keep).collect()?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::columns::InputKind;
    use crate::config::DEFAULT_CONFIG_TEXT;
    use crate::frames::ProjectFrame;

    fn days(year: i32, month: u32, day: u32) -> i32 {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        (chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap() - epoch).num_days() as i32
    }

    /// Validated projects in a national-level park, each with a fixed-asset
    /// investment of 600 万元 and an output of 1,200 万元, on the land areas and
    /// signing dates given; every other canonical column null; no ledger.
    fn validated(config: &Config, land: &[Option<f64>], signed: &[i32]) -> Validated {
        let n = land.len();
        let park = config.parks.iter().find(|p| p.level == "national").expect("a national park");
        let mut frame = ProjectFrame::new();
        for i in 0..n {
            frame = frame.project(&format!("P{i}"), "wuhua", &park.leading_chains[0], 1000.0);
        }
        let mut projects = frame
            .words("project_name", &vec![Some("x"); n])
            .words("park", &vec![Some(park.named.name.as_str()); n])
            .words("park_key", &vec![Some(park.named.key.as_str()); n])
            .numbers("land_area", land)
            .numbers("fixed_asset_investment", &vec![Some(600.0); n])
            .numbers("annual_output", &vec![Some(1200.0); n])
            .build()
            .drop_many(["capital_in_place", "_exempt"]);
        projects.with_column(Column::new("signed_on".into(), signed.to_vec()).cast(&DataType::Date).unwrap()).unwrap();
        projects.with_column(Column::new("_source".into(), vec![0u32; n])).unwrap();
        projects.with_column(Column::new("_row".into(), (0..n as u32).collect::<Vec<_>>())).unwrap();
        for spec in InputKind::Projects.columns() {
            if projects.column(spec.name).is_err() {
                projects.with_column(Column::full_null(spec.name.into(), n, &spec.kind.dtype())).unwrap();
            }
        }
        let ledger =
            df! { "_project" => Vec::<u32>::new(), "month" => Vec::<i32>::new(), "capital" => Vec::<f64>::new() }
                .unwrap();
        let targets = df! { "district" => Vec::<String>::new(), "target" => Vec::<f64>::new() }.unwrap();
        Validated {
            period: "2022Q4".parse().unwrap(),
            sources: Vec::new(),
            projects,
            ledger,
            operations: DataFrame::empty(),
            targets: targets.clone(),
            issues: Vec::new(),
            accounting: Vec::new(),
            extra_columns: Vec::new(),
            out_of_scope: targets,
        }
    }

    fn flags(frame: &DataFrame, name: &str) -> Vec<Option<bool>> {
        frame.column(name).unwrap().bool().unwrap().iter().collect()
    }

    #[test]
    fn a_check_over_a_zero_land_area_is_not_applicable_not_passed() {
        let config = Config::builtin_default();
        let date = days(2022, 3, 1);
        let frame = derive(&validated(&config, &[Some(1.0), Some(0.0), None], &[date; 3]), &config).unwrap();
        // 600/1 ≥ 300 and 1200/1 ≥ 600: passed. 600/0 = ∞ and no land area at
        // all: the ratio is missing, so the check is unknown (spec 3.2).
        assert_eq!(flags(&frame, "check_land_admission"), [Some(true), None, None]);
        let raw: Vec<Option<f64>> = frame.column("raw:fai_per_mu").unwrap().f64().unwrap().iter().collect();
        assert_eq!(raw, [Some(600.0), None, None]);
    }

    #[test]
    fn an_exemption_compares_dates_with_iso_text() {
        let text = DEFAULT_CONFIG_TEXT.replacen("exempt = \"\"", "exempt = \"signed_on >= '2022-07-01'\"", 1);
        let config = Config::from_text(&text, Path::new("config/default.toml")).unwrap();
        let signed = [days(2022, 6, 30), days(2022, 7, 1)];
        let frame = derive(&validated(&config, &[Some(1.0), Some(1.0)], &signed), &config).unwrap();
        assert_eq!(flags(&frame, "_exempt"), [Some(false), Some(true)]);
        // Built-ins: no ledger rows means no capital; the park fits its first chain.
        let capital: Vec<Option<f64>> = frame.column("capital_in_place").unwrap().f64().unwrap().iter().collect();
        assert_eq!(capital, [Some(0.0), Some(0.0)]);
        assert_eq!(flags(&frame, "park_fit"), [Some(true), Some(true)]);
    }
}
