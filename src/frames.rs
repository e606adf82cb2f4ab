//! Frame and expression helpers shared by the stages.
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
pub(crate) fn aggregate_by<S: AsRef<str>>(
    frame: LazyFrame,
    key: &str,
    aggregations: Vec<(S, Expr)>,
) -> Result<LazyFrame> {
    let mut columns = vec![col(key)];
    for (name, expr) in aggregations {
        columns.push(expr.over([col(key)])?.alias(name.as_ref()));
    }
    Ok(frame.select(columns).filter(col(key).is_first_distinct()))
}

/// A column's values as text, all null when the frame lacks it (a sidecar of an
/// older run, a column the config did not keep).
pub(crate) fn text_values(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(match frame.column(name) {
        Ok(c) => c.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect(),
        Err(_) => vec![None; frame.height()],
    })
}

/// A column's values as numbers, all null when the frame lacks it.
pub(crate) fn number_values(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(match frame.column(name) {
        Ok(c) => c.cast(&DataType::Float64)?.f64()?.iter().collect(),
        Err(_) => vec![None; frame.height()],
    })
}

/// The value of the first case whose condition holds, else `otherwise`: a
/// when/then chain built from the last case up.
pub(crate) fn first_match(cases: Vec<(Expr, Expr)>, otherwise: Expr) -> Expr {
    cases.into_iter().rev().fold(otherwise, |rest, (condition, value)| when(condition).then(value).otherwise(rest))
}

/// A left join on the named columns that keeps the left frame's row order; rows
/// without a match (null keys never match) get nulls.
pub(crate) fn left_join(frame: LazyFrame, other: LazyFrame, on: &[&str]) -> LazyFrame {
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    let keys: Vec<Expr> = on.iter().map(|c| col(*c)).collect();
    frame.join(other, keys.clone(), keys, args)
}

/// Null for null, NaN and ±infinity: what "missing" means for a numeric indicator.
pub(crate) fn finite_or_null(expr: Expr) -> Expr {
    let value = expr.cast(DataType::Float64);
    when(value.clone().is_finite()).then(value).otherwise(lit(NULL).cast(DataType::Float64))
}

/// A code per value of a text column, numbering the distinct values in order
/// of first appearance, and [`MISSING_CODE`] for a missing one; `first_seen`
/// is called once per distinct value, in that order. A run of equal values (a
/// register lists one district's projects together) is looked up once.
pub(crate) fn distinct_codes<'a>(strings: &'a StringChunked, mut first_seen: impl FnMut(&'a str)) -> Vec<IdxSize> {
    let mut codes: TextMap<IdxSize> = TextMap::new();
    let mut next: IdxSize = 0;
    let mut previous: Option<(&str, IdxSize)> = None;
    strings
        .iter()
        .map(|value| {
            let Some(value) = value else { return MISSING_CODE };
            if let Some((last, code)) = previous
                && last == value
            {
                return code;
            }
            let code = *codes.get_or_insert_with(value, || {
                first_seen(value);
                next += 1;
                next - 1
            });
            previous = Some((value, code));
            code
        })
        .collect()
}

/// The code [`distinct_codes`] gives a missing value.
pub(crate) const MISSING_CODE: IdxSize = IdxSize::MAX;

/// A text column mapped value by value through `map` (null stays null), each
/// distinct value mapped once: a million projects naming a few dozen districts
/// take a hash lookup each, where a join with a mapping frame copied every
/// column of the frame.
pub(crate) fn map_text(column: &Column, name: &str, map: impl Fn(&str) -> Option<String>) -> PolarsResult<Column> {
    let text = column.cast(&DataType::String)?;
    let mut mapped: Vec<Option<String>> = Vec::new();
    let codes = distinct_codes(text.str()?, |value| mapped.push(map(value)));
    let values: StringChunked =
        codes.iter().map(|&code| mapped.get(code as usize).and_then(|value| value.as_deref())).collect();
    Ok(values.with_name(name.into()).into_column())
}

/// A compensated (Kahan) sum, added to value by value: the sum polars' grouped
/// `sum()` of floats computes, so a sum taken in a loop over rows in the
/// same order is the same to the last bit as the expression it replaces.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct KahanSum {
    sum: f64,
    err: f64,
}

impl KahanSum {
    pub(crate) fn add(&mut self, value: f64) {
        let y = value - self.err;
        let sum = self.sum + y;
        let err = (sum - self.sum) - y;
        self.sum = sum;
        // Keeps the error finite, so an infinity cannot become NaN.
        if err.is_finite() {
            self.err = err;
        }
    }

    pub(crate) fn sum(&self) -> f64 {
        self.sum
    }
}

/// A hash map keyed by text borrowed from a column, for lookups by the
/// million: a key of up to twelve bytes (periods such as `2022-03`, most
/// project ids) is held as one integer made of its length and bytes, hashed and
/// compared in a step; a longer key is hashed as text.
#[derive(Debug)]
pub(crate) struct TextMap<'a, V> {
    short: PlHashMap<u128, V>,
    long: PlHashMap<&'a str, V>,
}

impl<'a, V> TextMap<'a, V> {
    pub(crate) fn new() -> Self {
        TextMap { short: PlHashMap::new(), long: PlHashMap::new() }
    }

    /// The value of `key`, inserting `make()` first when it has none.
    pub(crate) fn get_or_insert_with(&mut self, key: &'a str, make: impl FnOnce() -> V) -> &mut V {
        match short_key(key) {
            Some(short) => self.short.entry(short).or_insert_with(make),
            None => self.long.entry(key).or_insert_with(make),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        match short_key(key) {
            Some(short) => self.short.get(&short),
            None => self.long.get(key),
        }
    }
}

/// A text of at most twelve bytes as one integer: its length, then its bytes.
fn short_key(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    (bytes.len() <= 12).then(|| {
        let mut key = [0u8; 16];
        key[..4].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
        key[4..4 + bytes.len()].copy_from_slice(bytes);
        u128::from_le_bytes(key)
    })
}

// ---- Small frames for tests ----

/// Builds the small project frames the stages' unit tests and the property tests
/// run on: one row per [`ProjectFrame::project`], the identity columns the
/// stages read (`project_id`, `district`, `chain`, `total_investment`,
/// `capital_in_place`, `_exempt`) filled in, any other column added whole.
#[derive(Debug, Default)]
pub struct ProjectFrame {
    ids: Vec<String>,
    districts: Vec<String>,
    chains: Vec<String>,
    investments: Vec<f64>,
    capital: Vec<f64>,
    exempt: Vec<bool>,
    columns: Vec<Column>,
}

impl ProjectFrame {
    /// No projects yet.
    pub fn new() -> ProjectFrame {
        ProjectFrame::default()
    }

    /// One project: no capital in place, not exempt.
    pub fn project(mut self, id: &str, district: &str, chain: &str, investment: f64) -> ProjectFrame {
        self.ids.push(id.to_string());
        self.districts.push(district.to_string());
        self.chains.push(chain.to_string());
        self.investments.push(investment);
        self.capital.push(0.0);
        self.exempt.push(false);
        self
    }

    /// Capital in place of each project, in order.
    pub fn capital(mut self, values: &[f64]) -> ProjectFrame {
        self.capital = values.to_vec();
        self
    }

    /// Which projects are exempt, in order.
    pub fn exempt(mut self, values: &[bool]) -> ProjectFrame {
        self.exempt = values.to_vec();
        self
    }

    /// A number column (null for `None`).
    pub fn numbers(mut self, name: &str, values: &[Option<f64>]) -> ProjectFrame {
        self.columns.push(Column::new(name.into(), values.to_vec()));
        self
    }

    /// A text column (null for `None`).
    pub fn words(mut self, name: &str, values: &[Option<&str>]) -> ProjectFrame {
        self.columns.push(Column::new(name.into(), values.to_vec()));
        self
    }

    /// A true/false column (null for `None`).
    pub fn flags(mut self, name: &str, values: &[Option<bool>]) -> ProjectFrame {
        self.columns.push(Column::new(name.into(), values.to_vec()));
        self
    }

    /// The frame; panics on columns of another length (a test's mistake).
    pub fn build(self) -> DataFrame {
        let mut columns = vec![
            Column::new("project_id".into(), self.ids),
            Column::new("district".into(), self.districts),
            Column::new("chain".into(), self.chains),
            Column::new("total_investment".into(), self.investments),
            Column::new("capital_in_place".into(), self.capital),
            Column::new("_exempt".into(), self.exempt),
        ];
        columns.extend(self.columns);
        let height = columns[0].len();
        DataFrame::new(height, columns).expect("columns of one length")
    }
}

// ---- Expressions written by people ----
//
// The config's SQL expressions are written by evaluators who know SQL, not
// polars' typing rules. Two rewrites make them mean what such a person means,
// and [`output_dtype`] plans one without data, so a config error is found at
// load and named by its key instead of failing mid-run with a query plan.

/// Rewrites every text literal compared with a date column (`signed_on >=
/// '2021-01-01'`, what SQL users write) into a date literal. A text that is not
/// an ISO date (`YYYY-MM-DD`) is an error naming it.
pub(crate) fn coerce_date_literals(expr: Expr, schema: &Schema) -> PolarsResult<Expr> {
    let is_date = |e: &Expr| matches!(e, Expr::Column(name) if schema.get(name) == Some(&DataType::Date));
    expr.try_map_expr(|e| match e {
        Expr::BinaryExpr { left, op, right } if op.is_comparison() => {
            let left = match (text_literal(&left), is_date(&right)) {
                (Some(text), true) => std::sync::Arc::new(date_literal(text)?),
                _ => left,
            };
            let right = match (text_literal(&right), is_date(&left)) {
                (Some(text), true) => std::sync::Arc::new(date_literal(text)?),
                _ => right,
            };
            Ok(Expr::BinaryExpr { left, op, right })
        }
        other => Ok(other),
    })
}

fn text_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Literal(value) => value.extract_str(),
        _ => None,
    }
}

fn date_literal(text: &str) -> PolarsResult<Expr> {
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
        |_| polars_err!(InvalidOperation: "'{}' is compared with a date but is not a date written YYYY-MM-DD", text),
    )?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let days = i32::try_from((date - epoch).num_days()).expect("a four-digit year fits");
    Ok(Expr::Literal(Scalar::new_date(days).into()))
}

/// Makes NaN and ±infinity inside an expression null, so that a condition over a
/// division by zero is unknown rather than true (`x / 0 = inf ≥ 300`). Every
/// computed node whose type is a float is wrapped in [`finite_or_null`].
pub(crate) fn missing_as_null(expr: Expr, schema: &Schema) -> PolarsResult<Expr> {
    expr.try_map_expr(|e| {
        let computed = match &e {
            Expr::BinaryExpr { op, .. } => op.is_arithmetic(),
            Expr::Function { .. } | Expr::Column(_) => true,
            _ => false,
        };
        if computed && e.to_field(schema)?.dtype().is_float() { Ok(finite_or_null(e)) } else { Ok(e) }
    })
}

/// The type an expression gives over a frame of `schema`, or polars' reason why
/// it cannot be planned (first line, without the plan).
pub(crate) fn output_dtype(expr: Expr, schema: &Schema) -> std::result::Result<DataType, String> {
    let mut plan = DataFrame::empty_with_schema(schema).lazy().select([expr]);
    match plan.collect_schema() {
        Ok(out) => Ok(out.get_at_index(0).map(|(_, dtype)| dtype.clone()).unwrap_or(DataType::Null)),
        Err(e) => {
            let message = e.to_string();
            let message = message.split("\n\nResolved plan until failure").next().unwrap_or_default();
            Err(message.lines().next().unwrap_or_default().trim().to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_map_tells_every_short_and_long_key_apart() {
        // Keys around the twelve-byte boundary, with a trailing NUL that the
        // short key's padding must not hide, and multi-byte text.
        let mut keys: Vec<String> = (0..=20).flat_map(|n| ["x".repeat(n), format!("{}\0", "x".repeat(n))]).collect();
        keys.extend((1..=5).map(|n| "项".repeat(n)));
        let mut map: TextMap<usize> = TextMap::new();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(*map.get_or_insert_with(key, || i), i, "{key:?} is new");
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), Some(&i), "{key:?}");
        }
        assert_eq!(map.get("y"), None);
    }

    #[test]
    fn a_mapped_text_column_keeps_nulls_and_maps_each_value_once() {
        let calls = std::cell::Cell::new(0);
        let column = Column::new("raw".into(), [Some("五华"), None, Some("盘龙"), Some("五华"), Some("?")]);
        let mapped = map_text(&column, "key", |raw| {
            calls.set(calls.get() + 1);
            match raw {
                "五华" => Some("wuhua".to_string()),
                "盘龙" => Some("panlong".to_string()),
                _ => None,
            }
        })
        .unwrap();
        let values: Vec<Option<&str>> = mapped.str().unwrap().iter().collect();
        assert_eq!(values, [Some("wuhua"), None, Some("panlong"), Some("wuhua"), None]);
        assert_eq!((mapped.name().as_str(), calls.get()), ("key", 3));
    }

    #[test]
    fn a_kahan_sum_keeps_what_plain_addition_loses() {
        let mut sum = KahanSum::default();
        for value in [1e16, 1.0, 1.0, -1e16] {
            sum.add(value);
        }
        assert_eq!(sum.sum(), 2.0);
        assert_eq!([1e16, 1.0, 1.0, -1e16].iter().sum::<f64>(), 0.0);
    }

    fn schema() -> Schema {
        Schema::from_iter([
            (PlSmallStr::from("signed_on"), DataType::Date),
            (PlSmallStr::from("a"), DataType::Float64),
            (PlSmallStr::from("b"), DataType::Float64),
            (PlSmallStr::from("name"), DataType::String),
        ])
    }

    #[test]
    fn text_compared_with_a_date_becomes_a_date() {
        let expr = polars::sql::sql_expr("signed_on >= '2021-01-01'").unwrap();
        assert!(output_dtype(expr.clone(), &schema()).is_err(), "polars alone refuses it");
        let expr = coerce_date_literals(expr, &schema()).unwrap();
        assert_eq!(output_dtype(expr.clone(), &schema()), Ok(DataType::Boolean));
        let frame = df! { "signed_on" => [Some(18_627i32), Some(18_628), None] }
            .unwrap()
            .lazy()
            .with_column(col("signed_on").cast(DataType::Date))
            .select([expr.alias("after")])
            .collect()
            .unwrap();
        // 18 627 days after 1970-01-01 is 2020-12-31.
        let after: Vec<Option<bool>> = frame.column("after").unwrap().bool().unwrap().iter().collect();
        assert_eq!(after, [Some(false), Some(true), None]);
        let bad = polars::sql::sql_expr("signed_on >= 'last year'").unwrap();
        assert!(coerce_date_literals(bad, &schema()).unwrap_err().to_string().contains("YYYY-MM-DD"));
        // A text column compared with text is left alone.
        let names = coerce_date_literals(polars::sql::sql_expr("name = '2021-01-01'").unwrap(), &schema()).unwrap();
        assert_eq!(output_dtype(names, &schema()), Ok(DataType::Boolean));
    }

    #[test]
    fn a_condition_over_a_division_by_zero_is_unknown() {
        let expr = polars::sql::sql_expr("a / b >= 300").unwrap();
        let expr = missing_as_null(expr, &schema()).unwrap();
        let frame = df! { "a" => [600.0, 600.0, 0.0, 100.0], "b" => [1.0, 0.0, 0.0, 1.0] }
            .unwrap()
            .lazy()
            .select([expr.alias("passes")])
            .collect()
            .unwrap();
        let passes: Vec<Option<bool>> = frame.column("passes").unwrap().bool().unwrap().iter().collect();
        assert_eq!(passes, [Some(true), None, None, Some(false)]);
    }

    #[test]
    fn expressions_are_typed_without_data() {
        let sql = |text: &str| polars::sql::sql_expr(text).unwrap();
        assert_eq!(output_dtype(sql("a > 1"), &schema()), Ok(DataType::Boolean));
        assert_eq!(output_dtype(sql("a + b"), &schema()), Ok(DataType::Float64));
        assert!(output_dtype(sql("name > signed_on"), &schema()).is_err());
    }

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
