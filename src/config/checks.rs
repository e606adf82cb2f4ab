//! Semantic checks shared by the conversions from the raw shape: weights,
//! expressions, spellings that name two things, tiers, goalposts.

use std::collections::HashMap;

use polars::prelude::{DataType, Expr, Schema};

use super::layers::ConfigSource;
use crate::error::Result;
use crate::frames::{coerce_date_literals, output_dtype};
use crate::i18n::{Clip, L, Msg};
use crate::text::fold;

pub(super) fn or_key(text: &str, key: &str) -> String {
    if text.is_empty() { key.to_string() } else { text.to_string() }
}

pub(super) fn check_weight(source: &ConfigSource, key: &str, weight: f64) -> Result<()> {
    if !weight.is_finite() {
        return Err(source.error(key, Msg::WeightNotFinite {}));
    }
    if weight < 0.0 {
        return Err(source.error(key, Msg::WeightNegative { weight }));
    }
    Ok(())
}

/// The longest expression and the most operators it may hold. An indicator's
/// expression is a few dozen characters; a parser and the expression tree it
/// builds recurse once per operator (500 chained additions overflowed the
/// stack, an abort no error handling can catch), so the bound is checked on
/// the text before anything parses it.
const MAX_EXPR_CHARS: usize = 2000;
const MAX_EXPR_OPERATORS: usize = 100;

/// Operator characters and opening brackets outside single-quoted text.
fn operators_in(text: &str) -> usize {
    let mut quoted = false;
    text.chars()
        .filter(|c| {
            if *c == '\'' {
                quoted = !quoted;
            }
            !quoted && matches!(c, '+' | '-' | '*' | '/' | '%' | '<' | '>' | '=' | '|' | '&' | '(')
        })
        .count()
}

pub(super) fn parse_sql(source: &ConfigSource, key: &str, text: &str) -> Result<Expr> {
    if text.trim().is_empty() {
        return Err(source.error(key, Msg::ExprEmpty {}));
    }
    let (length, operators) = (text.chars().count(), operators_in(text));
    if length > MAX_EXPR_CHARS || operators > MAX_EXPR_OPERATORS {
        return Err(source.error(key, Msg::ExprTooBig { text: Clip(text.to_string()), length, operators }));
    }
    polars::sql::sql_expr(text).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.trim_start_matches("SQLInterface:").trim().lines().next().unwrap_or("").to_string();
        source.error(key, Msg::ExprParse { text: Clip(text.to_string()), reason })
    })
}

pub(super) fn check_ambiguous_spellings<'a>(
    source: &ConfigSource,
    table: &str,
    entries: impl Iterator<Item = (&'a str, &'a String, &'a Vec<String>)>,
) -> Result<()> {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (key, name, aliases) in entries {
        for spelling in
            std::iter::once(key).chain(std::iter::once(name.as_str())).chain(aliases.iter().map(String::as_str))
        {
            let folded = fold(spelling);
            if let Some(other) = seen.get(&folded)
                && other != key
            {
                return Err(source.error(
                    &format!("{table}.{key}"),
                    Msg::AmbiguousSpelling {
                        spelling: spelling.to_string(),
                        other: other.clone(),
                        key: key.to_string(),
                    },
                ));
            }
            seen.insert(folded, key.to_string());
        }
    }
    Ok(())
}

/// An expression must be one polars can plan over the columns it runs on, and a
/// condition must give true/false: both are config errors at its key, found
/// before any data is read rather than as a failed query mid-run.
pub(super) fn check_plan(
    source: &ConfigSource,
    key: &str,
    expr: &Expr,
    schema: &Schema,
    condition: bool,
) -> Result<()> {
    let prepared = coerce_date_literals(expr.clone(), schema)
        .map_err(|e| source.error(key, Msg::ExprEval { reason: first_line(&e.to_string()).to_string() }))?;
    let dtype = output_dtype(prepared, schema)
        .map_err(|reason| source.error(key, Msg::ExprEval { reason: reason.to_string() }))?;
    if condition && !matches!(dtype, DataType::Boolean | DataType::Null) {
        return Err(source.error(key, Msg::NotACondition { kind: dtype_word(&dtype) }));
    }
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

/// A type as an evaluator would name it.
fn dtype_word(dtype: &DataType) -> L {
    match dtype {
        d if d.is_float() || d.is_integer() => L::ValNumber,
        DataType::String => L::ValText,
        DataType::Date | DataType::Datetime(..) => L::ValDate,
        _ => L::ValOther,
    }
}
