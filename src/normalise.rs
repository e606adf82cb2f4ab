//! Normalisation (spec 3.3): every indicator's raw value to a score on 0–100.
//!
//! Each method is one polars expression. Population statistics (min, max, mean,
//! standard deviation, percentiles, ranks) are aggregations over the projects
//! being scored — exempt projects are not part of the population — and become
//! window expressions over `chain` when an indicator has `scope = "chain"`.
//! Missing values (null; NaN and infinity were made null when deriving) follow the
//! indicator's `missing` policy.

use polars::prelude::*;

use crate::columns::{raw_column, score_column};
use crate::config::{Benchmark, Config, Direction, Indicator, Method, MissingPolicy, NormaliseScope};
use crate::error::Result;
use crate::frames::first_match;
use crate::i18n::{Kind, Msg, Name};
use crate::issues::{Action, Note, Severity, Subject};

fn population_stat(expr: Expr, scope: NormaliseScope) -> Result<Expr> {
    Ok(match scope {
        NormaliseScope::City => expr,
        NormaliseScope::Chain => expr.over([col("chain")])?,
    })
}

fn f(value: f64) -> Expr {
    lit(value)
}

/// The score expression of a method applied to `x` (a numeric, text or boolean
/// column expression), before direction and missing values are handled.
pub(crate) fn method_expr(x: Expr, method: &Method, scope: NormaliseScope) -> Result<Expr> {
    let stat = |e: Expr| population_stat(e, scope);
    Ok(match method {
        Method::Goalpost { lo, hi, log, by_chain } => {
            let transform = |v: f64| if *log { v.ln_1p() } else { v };
            let mut lo_expr = f(transform(*lo));
            let mut hi_expr = f(transform(*hi));
            if !by_chain.is_empty() {
                let is = |chain: &String| col("chain").eq(lit(chain.clone()));
                lo_expr = first_match(by_chain.iter().map(|(c, lo, _)| (is(c), f(transform(*lo)))).collect(), lo_expr);
                hi_expr = first_match(by_chain.iter().map(|(c, _, hi)| (is(c), f(transform(*hi)))).collect(), hi_expr);
            }
            let x = if *log { x.log1p() } else { x };
            // Multiplying before dividing keeps common cases exact (60, not 60.00000000000001).
            ((x - lo_expr.clone()) * f(100.0) / (hi_expr - lo_expr)).clip(f(0.0), f(100.0))
        }
        Method::MinMax { winsor } => {
            let v = match winsor {
                Some((p_lo, p_hi)) => {
                    let q_lo = stat(x.clone().quantile(f(*p_lo), QuantileMethod::Linear))?;
                    let q_hi = stat(x.clone().quantile(f(*p_hi), QuantileMethod::Linear))?;
                    x.clip(q_lo, q_hi)
                }
                None => x,
            };
            let (min, max) = (stat(v.clone().min())?, stat(v.clone().max())?);
            when((max.clone() - min.clone()).gt(f(0.0)))
                .then((v - min.clone()) * f(100.0) / (max - min))
                .otherwise(f(100.0))
        }
        Method::ZScore => {
            let (mean, sd) = (stat(x.clone().mean())?, stat(x.clone().std(0))?);
            when(sd.clone().gt(f(0.0)))
                .then((f(50.0) + f(10.0) * (x - mean) / sd).clip(f(0.0), f(100.0)))
                .otherwise(f(50.0))
        }
        Method::Percentile => {
            let rank = stat(x.clone().rank(RankOptions { method: RankMethod::Average, descending: false }, None))?
                .cast(DataType::Float64);
            let n = stat(x.count())?.cast(DataType::Float64);
            when(n.clone().gt(f(1.0))).then(f(100.0) * (rank - f(1.0)) / (n - f(1.0))).otherwise(f(100.0))
        }
        Method::Bands { bands, below } => {
            let mut descending = bands.clone();
            descending.sort_by(|a, b| b.0.total_cmp(&a.0));
            first_match(descending.iter().map(|(t, s)| (x.clone().gt_eq(f(*t)), f(*s))).collect(), f(*below))
        }
        Method::Category { map, default } => {
            let x = x.cast(DataType::String);
            first_match(
                map.iter().map(|(value, score)| (x.clone().eq(lit(value.clone())), f(*score))).collect(),
                f(*default),
            )
        }
        Method::Boolean => when(x.cast(DataType::Boolean)).then(f(100.0)).otherwise(f(0.0)),
        Method::Ratio { benchmark, cap } => {
            let b = match benchmark {
                Benchmark::Fixed(b) => f(*b),
                Benchmark::MeanTimes(k) => f(*k) * stat(x.clone().mean())?,
            };
            // A benchmark of 0 or below (a population of zeros) cannot divide: reaching
            // it scores 100, falling short 0.
            when(b.clone().gt(f(0.0)))
                .then((x.clone() * f(100.0) / b.clone()).clip(f(0.0), f(100.0 * cap)) / f(*cap))
                .otherwise(when(x.gt_eq(b)).then(f(100.0)).otherwise(f(0.0)))
        }
        Method::Efficacy { floor } => {
            let (min, max) = (stat(x.clone().min())?, stat(x.clone().max())?);
            when((max.clone() - min.clone()).gt(f(0.0)))
                .then(f(*floor) + f(100.0 - floor) * (x - min.clone()) / (max - min))
                .otherwise(f(100.0))
        }
    })
}

/// The full score expression of an indicator over its raw column: the median
/// imputed first if the policy says so, the method, the direction, then missing
/// values per policy. Non-finite results count as missing.
pub(crate) fn indicator_expr(indicator: &Indicator) -> Result<Expr> {
    let raw = col(raw_column(&indicator.key));
    let x = match indicator.missing {
        MissingPolicy::Median => raw.clone().fill_null(population_stat(raw.clone().median(), indicator.scope)?),
        _ => raw.clone(),
    };
    let score = method_expr(x.clone(), &indicator.method, indicator.scope)?;
    let score = match indicator.direction {
        Direction::Higher => score,
        Direction::Lower => f(100.0) - score,
    };
    // Every score lies on 0–100; the clip also removes a last-ulp overshoot such as
    // (a·100)/a = 100.00000000000001.
    let score =
        when(score.clone().is_finite()).then(score.clip(f(0.0), f(100.0))).otherwise(lit(NULL).cast(DataType::Float64));
    let missing_score = match (indicator.missing, &indicator.method) {
        (MissingPolicy::Default, Method::Category { default, .. }) => f(*default),
        (MissingPolicy::Exclude, _) => lit(NULL).cast(DataType::Float64),
        // A population with no value at all has no median: nothing to credit.
        _ => f(0.0),
    };
    Ok(when(x.is_null()).then(missing_score).otherwise(score).fill_null(match indicator.missing {
        MissingPolicy::Exclude => lit(NULL).cast(DataType::Float64),
        _ => f(0.0),
    }))
}

/// Drops projects with a missing value in an indicator whose policy is `reject`;
/// returns the kept frame and one note per rejected project.
pub(crate) fn reject_missing(frame: DataFrame, config: &Config) -> Result<(DataFrame, Vec<Note>)> {
    let rejecting: Vec<&Indicator> = config.indicators.iter().filter(|i| i.missing == MissingPolicy::Reject).collect();
    if rejecting.is_empty() || frame.height() == 0 {
        return Ok((frame, Vec::new()));
    }
    let missing = |i: &Indicator| col(raw_column(&i.key)).is_null();
    let any_missing = rejecting.iter().map(|i| missing(i)).reduce(|a, b| a.or(b)).expect("non-empty");
    let population = col("_exempt").not();
    let rejected = frame.clone().lazy().filter(any_missing.clone().and(population.clone())).collect()?;
    let mut notes = Vec::new();
    let ids = rejected.column("project_id")?.str()?.clone();
    for indicator in &rejecting {
        let nulls = rejected.column(&raw_column(&indicator.key))?.is_null();
        for (id, is_null) in ids.iter().zip(nulls.iter()) {
            if let (Some(id), Some(true)) = (id, is_null) {
                notes.push(Note {
                    subject: Subject::Project(id.to_string()),
                    severity: Severity::Error,
                    message: Msg::MissingRejected { indicator: Name::new(Kind::Indicator, indicator.key.clone()) },
                    action: Action::NotScored,
                });
            }
        }
    }
    let kept = frame.lazy().filter(any_missing.and(population).not()).collect()?;
    Ok((kept, notes))
}

/// Notes for values the method could not place: category values outside the map
/// (they score the default) and missing values filled with the median.
fn value_notes(population: &DataFrame, config: &Config) -> Result<Vec<Note>> {
    let mut notes = Vec::new();
    let ids = population.column("project_id")?.str()?.clone();
    for indicator in &config.indicators {
        let raw = population.column(&raw_column(&indicator.key))?;
        match (&indicator.method, indicator.missing) {
            (Method::Category { map, default }, _) => {
                let values = raw.cast(&DataType::String)?;
                for (id, value) in ids.iter().zip(values.str()?.iter()) {
                    if let (Some(id), Some(value)) = (id, value)
                        && !map.iter().any(|(k, _)| k == value)
                    {
                        notes.push(Note {
                            subject: Subject::Project(id.to_string()),
                            severity: Severity::Warning,
                            message: Msg::NotInMap {
                                indicator: Name::new(Kind::Indicator, indicator.key.clone()),
                                value: value.to_string(),
                                default: *default,
                            },
                            action: Action::DefaultUsed,
                        });
                    }
                }
            }
            (_, MissingPolicy::Median) => {
                let median_expr = population_stat(col(raw_column(&indicator.key)).median(), indicator.scope)?;
                let filled = population
                    .clone()
                    .lazy()
                    .select([
                        col("project_id"),
                        col(raw_column(&indicator.key)).is_null().alias("missing"),
                        median_expr.alias("median"),
                    ])
                    .collect()?;
                let medians = filled.column("median")?.f64()?.clone();
                for ((id, missing), median) in
                    ids.iter().zip(filled.column("missing")?.bool()?.iter()).zip(medians.iter())
                {
                    if let (Some(id), Some(true)) = (id, missing) {
                        let name = Name::new(Kind::Indicator, indicator.key.clone());
                        let message = match median {
                            Some(median) => Msg::MedianUsed { indicator: name, median },
                            None => Msg::NoMedian { indicator: name },
                        };
                        notes.push(Note {
                            subject: Subject::Project(id.to_string()),
                            severity: Severity::Info,
                            message,
                            action: Action::DefaultUsed,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(notes)
}

/// Adds `score:<key>` for every indicator. The population is the rows not exempt;
/// exempt rows keep null scores.
pub fn normalise(frame: DataFrame, config: &Config) -> Result<(DataFrame, Vec<Note>)> {
    // Filtering copies every column: a run without exempt projects skips it.
    let (population, exempt) = if frame.column("_exempt")?.bool()?.any() {
        (frame.clone().lazy().filter(col("_exempt").not()).collect()?, frame.lazy().filter(col("_exempt")).collect()?)
    } else {
        let none = frame.head(Some(0));
        (frame, none)
    };
    let notes = value_notes(&population, config)?;
    let scores: Vec<Expr> =
        config.indicators.iter().map(|i| Ok(indicator_expr(i)?.alias(score_column(&i.key)))).collect::<Result<_>>()?;
    let scored = population.lazy().with_columns(scores).collect()?;
    if exempt.height() == 0 {
        return Ok((scored, notes));
    }
    let nulls: Vec<Expr> =
        config.indicators.iter().map(|i| lit(NULL).cast(DataType::Float64).alias(score_column(&i.key))).collect();
    let exempt = exempt.lazy().with_columns(nulls);
    let args = UnionArgs { to_supertypes: true, maintain_order: true, parallel: false, ..Default::default() };
    Ok((concat([scored.lazy(), exempt], args)?.collect()?, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(
        values: &[Option<f64>],
        method: Method,
        scope: NormaliseScope,
        chains: Option<&[&str]>,
    ) -> Vec<Option<f64>> {
        let n = values.len();
        let chains: Vec<String> =
            chains.map(|c| c.iter().map(|s| s.to_string()).collect()).unwrap_or_else(|| vec!["a".to_string(); n]);
        let frame =
            DataFrame::new(n, vec![Column::new("x".into(), values.to_vec()), Column::new("chain".into(), chains)])
                .unwrap();
        let expr = method_expr(col("x"), &method, scope).unwrap();
        let out = frame.lazy().select([expr.alias("s")]).collect().unwrap();
        out.column("s").unwrap().f64().unwrap().iter().map(|v| v.map(|v| (v * 1e9).round() / 1e9)).collect()
    }

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().map(|v| Some(*v)).collect()
    }

    #[test]
    fn goalpost_clamps_between_the_posts() {
        let m = Method::Goalpost { lo: 100.0, hi: 500.0, log: false, by_chain: vec![] };
        assert_eq!(
            scores(&some(&[50.0, 100.0, 300.0, 500.0, 900.0]), m, NormaliseScope::City, None),
            some(&[0.0, 0.0, 50.0, 100.0, 100.0])
        );
    }

    #[test]
    fn log_goalpost_compares_ln_of_one_plus_x() {
        // ln(1+x) for x = 999 is ln 1000; the posts 999 and 999999 become ln 1000 and ln 10^6.
        let m = Method::Goalpost { lo: 999.0, hi: 999_999.0, log: true, by_chain: vec![] };
        assert_eq!(
            scores(&some(&[999.0, 31_621.776_601_683_792, 999_999.0]), m, NormaliseScope::City, None),
            some(&[0.0, 50.0, 100.0])
        );
    }

    #[test]
    fn goalposts_can_differ_per_chain() {
        let m = Method::Goalpost { lo: 0.0, hi: 100.0, log: false, by_chain: vec![("b".into(), 0.0, 200.0)] };
        assert_eq!(scores(&some(&[50.0, 50.0]), m, NormaliseScope::City, Some(&["a", "b"])), some(&[50.0, 25.0]));
    }

    #[test]
    fn minmax_spans_the_population_and_gives_100_when_flat() {
        let m = Method::MinMax { winsor: None };
        assert_eq!(
            scores(&some(&[10.0, 20.0, 30.0]), m.clone(), NormaliseScope::City, None),
            some(&[0.0, 50.0, 100.0])
        );
        assert_eq!(scores(&some(&[7.0, 7.0]), m.clone(), NormaliseScope::City, None), some(&[100.0, 100.0]));
        assert_eq!(scores(&some(&[7.0]), m, NormaliseScope::City, None), some(&[100.0]));
    }

    #[test]
    fn minmax_winsorises_at_interpolated_percentiles() {
        // Values 0..=10 and an outlier 1000: the 10th and 90th percentiles (linear) of
        // 12 values are 1.1 and 9.9; 1000 clamps to 9.9 and scores 100, 0 clamps to 1.1.
        let mut values: Vec<f64> = (0..=10).map(|v| v as f64).collect();
        values.push(1000.0);
        let out = scores(&some(&values), Method::MinMax { winsor: Some((0.1, 0.9)) }, NormaliseScope::City, None);
        assert_eq!(out[0], Some(0.0));
        assert_eq!(out[1], Some(0.0));
        assert_eq!(out[5], Some(((5.0 - 1.1) / (9.9 - 1.1) * 100.0 * 1e9_f64).round() / 1e9));
        assert_eq!(out[11], Some(100.0));
    }

    #[test]
    fn zscore_uses_the_population_sd_and_50_when_flat() {
        // mean 5, sd (ddof 0) of [3, 5, 7] is sqrt(8/3) = 1.632993...
        let out = scores(&some(&[3.0, 5.0, 7.0]), Method::ZScore, NormaliseScope::City, None);
        let z = 10.0 * 2.0 / (8.0f64 / 3.0).sqrt();
        assert_eq!(
            out,
            vec![Some(((50.0 - z) * 1e9).round() / 1e9), Some(50.0), Some(((50.0 + z) * 1e9).round() / 1e9)]
        );
        assert_eq!(scores(&some(&[4.0, 4.0]), Method::ZScore, NormaliseScope::City, None), some(&[50.0, 50.0]));
        assert_eq!(
            scores(
                &some(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 100.0]),
                Method::ZScore,
                NormaliseScope::City,
                None
            )[10],
            Some(81.622776602)
        );
    }

    #[test]
    fn percentile_uses_average_ranks() {
        assert_eq!(
            scores(&some(&[10.0, 20.0, 20.0, 40.0]), Method::Percentile, NormaliseScope::City, None),
            vec![Some(0.0), Some(50.0), Some(50.0), Some(100.0)]
        );
        assert_eq!(scores(&some(&[3.0]), Method::Percentile, NormaliseScope::City, None), some(&[100.0]));
        // Nulls are not ranked and do not count in n.
        assert_eq!(
            scores(&[Some(1.0), None, Some(2.0)], Method::Percentile, NormaliseScope::City, None),
            vec![Some(0.0), None, Some(100.0)]
        );
    }

    #[test]
    fn bands_take_the_largest_threshold_reached() {
        let m = Method::Bands { bands: vec![(0.0, 0.0), (1.0, 40.0), (5.0, 70.0), (20.0, 100.0)], below: 0.0 };
        assert_eq!(
            scores(&some(&[-1.0, 0.0, 1.0, 4.9, 5.0, 19.0, 20.0, 300.0]), m, NormaliseScope::City, None),
            some(&[0.0, 0.0, 40.0, 40.0, 70.0, 70.0, 100.0, 100.0])
        );
        let m = Method::Bands { bands: vec![(10.0, 50.0)], below: 20.0 };
        assert_eq!(scores(&some(&[9.99, 10.0]), m, NormaliseScope::City, None), some(&[20.0, 50.0]));
    }

    #[test]
    fn ratio_caps_and_scales_to_the_benchmark() {
        let m = Method::Ratio { benchmark: Benchmark::Fixed(200.0), cap: 1.0 };
        assert_eq!(
            scores(&some(&[0.0, 100.0, 200.0, 400.0, -5.0]), m, NormaliseScope::City, None),
            some(&[0.0, 50.0, 100.0, 100.0, 0.0])
        );
        // cap 1.5: 300 of 200 is 1.5, the full score; 200 is 1/1.5 of it.
        let m = Method::Ratio { benchmark: Benchmark::Fixed(200.0), cap: 1.5 };
        assert_eq!(
            scores(&some(&[200.0, 300.0]), m, NormaliseScope::City, None),
            vec![Some(66.666666667), Some(100.0)]
        );
        // Benchmark 1.0 × mean (= 20): 10 scores 50.
        let m = Method::Ratio { benchmark: Benchmark::MeanTimes(1.0), cap: 1.0 };
        assert_eq!(scores(&some(&[10.0, 30.0]), m.clone(), NormaliseScope::City, None), some(&[50.0, 100.0]));
        assert_eq!(scores(&some(&[0.0, 0.0]), m, NormaliseScope::City, None), some(&[100.0, 100.0]));
    }

    #[test]
    fn efficacy_starts_at_the_floor() {
        let m = Method::Efficacy { floor: 60.0 };
        assert_eq!(
            scores(&some(&[10.0, 15.0, 20.0]), m.clone(), NormaliseScope::City, None),
            some(&[60.0, 80.0, 100.0])
        );
        assert_eq!(scores(&some(&[5.0]), m, NormaliseScope::City, None), some(&[100.0]));
    }

    #[test]
    fn chain_scope_normalises_each_chain_apart() {
        let out = scores(
            &some(&[1.0, 3.0, 100.0, 300.0]),
            Method::MinMax { winsor: None },
            NormaliseScope::Chain,
            Some(&["a", "a", "b", "b"]),
        );
        assert_eq!(out, some(&[0.0, 100.0, 0.0, 100.0]));
        let out = scores(&some(&[1.0, 3.0, 100.0]), Method::Percentile, NormaliseScope::Chain, Some(&["a", "a", "b"]));
        assert_eq!(out, some(&[0.0, 100.0, 100.0]));
    }

    /// Normalises one numeric indicator `x` (goalpost 0–10, weight 1 in `tech`, the
    /// only tech indicator) under a missing policy; returns scores and notes.
    fn with_policy(policy: &str, values: &[Option<f64>]) -> (Vec<Option<f64>>, Vec<Note>) {
        let text = crate::config::DEFAULT_CONFIG_TEXT.to_string();
        let start = text.find("[indicators.rd_intensity]").unwrap();
        let end = text.find("[indicators.chain_class]").unwrap();
        let text = format!(
            "{}[indicators.x]\ndimension = \"tech\"\nexpr = \"patents\"\nweight = 1\nmethod = \"goalpost\"\nlo = 0\nhi = 10\nmissing = \"{policy}\"\n\n{}",
            &text[..start],
            &text[end..]
        );
        let config = Config::from_text(&text, std::path::Path::new("t.toml")).unwrap();
        let n = values.len();
        let mut columns = vec![
            Column::new("project_id".into(), (0..n).map(|i| format!("P{i}")).collect::<Vec<_>>()),
            Column::new("chain".into(), vec!["a"; n]),
            Column::new("_exempt".into(), vec![false; n]),
        ];
        for indicator in &config.indicators {
            let name = PlSmallStr::from(raw_column(&indicator.key));
            columns.push(match indicator.key.as_str() {
                "x" => Column::new(name, values.to_vec()),
                _ => Column::new(name, vec![None::<f64>; n])
                    .cast(&match indicator.method {
                        Method::Category { .. } => DataType::String,
                        Method::Boolean => DataType::Boolean,
                        _ => DataType::Float64,
                    })
                    .unwrap(),
            });
        }
        let frame = DataFrame::new(n, columns).unwrap();
        let (frame, notes) = reject_missing(frame, &config).unwrap();
        let (scored, more) = normalise(frame, &config).unwrap();
        let scores = scored.column(&score_column("x")).unwrap().f64().unwrap().iter().collect();
        (scores, notes.into_iter().chain(more).filter(|n| n.message.to_string().contains("\"x\"")).collect())
    }

    #[test]
    fn missing_values_follow_their_policy() {
        let values = [Some(2.0), None, Some(6.0), Some(9.0)];
        assert_eq!(with_policy("zero", &values).0, vec![Some(20.0), Some(0.0), Some(60.0), Some(90.0)]);
        // The median of 2, 6, 9 is 6: the missing project scores as if it had 6.
        let (scores, notes) = with_policy("median", &values);
        assert_eq!(scores, vec![Some(20.0), Some(60.0), Some(60.0), Some(90.0)]);
        assert_eq!(notes.len(), 1);
        assert!(
            matches!(notes[0].message, crate::i18n::Msg::MedianUsed { median, .. } if median == 6.0)
                && notes[0].project_id() == Some("P1"),
            "{notes:?}"
        );
        // Excluded: no score at all; the dimension is rescaled without it.
        assert_eq!(with_policy("exclude", &values).0, vec![Some(20.0), None, Some(60.0), Some(90.0)]);
        // Rejected: the project is not scored and an error says why.
        let (scores, notes) = with_policy("reject", &values);
        assert_eq!(scores, vec![Some(20.0), Some(60.0), Some(90.0)]);
        assert_eq!(
            (notes[0].project_id().unwrap_or_default(), notes[0].severity, notes[0].action),
            ("P1", Severity::Error, Action::NotScored)
        );
    }

    #[test]
    fn boolean_and_category() {
        let frame = df! { "x" => [Some(true), Some(false), None] }.unwrap();
        let out = frame
            .lazy()
            .select([method_expr(col("x"), &Method::Boolean, NormaliseScope::City).unwrap().alias("s")])
            .collect()
            .unwrap();
        assert_eq!(
            out.column("s").unwrap().f64().unwrap().iter().collect::<Vec<_>>(),
            vec![Some(100.0), Some(0.0), Some(0.0)]
        );
        let m = Method::Category { map: vec![("build".into(), 100.0), ("extend".into(), 80.0)], default: 40.0 };
        let frame = df! { "x" => [Some("extend"), Some("other"), None] }.unwrap();
        let out = frame
            .lazy()
            .select([method_expr(col("x"), &m, NormaliseScope::City).unwrap().alias("s")])
            .collect()
            .unwrap();
        assert_eq!(
            out.column("s").unwrap().f64().unwrap().iter().collect::<Vec<_>>(),
            vec![Some(80.0), Some(40.0), Some(40.0)]
        );
    }
}
