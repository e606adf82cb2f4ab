//! `chainscore weights`: every weight set as configured (or from AHP judgments,
//! with its consistency ratio) beside the weights the period's data alone would
//! give — entropy (熵权法), CRITIC and standard deviation — and, when asked, a
//! combination α·configured + (1 − α)·objective, printable as a TOML fragment to
//! paste into a config. Advisory: nothing here changes a score.

use clap::{Args, ValueEnum};

use crate::analysis::objective::{WeightSet, weight_sets};
use crate::cmd::{Context, Format, InputArgs, run_pipeline};
use crate::error::{EXIT_OK, Error, Result};
use crate::i18n::{Cx, Fixed, Kind, L, Msg, Name, Say};

/// An objective method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Objective {
    /// Entropy weights.
    Entropy,
    /// CRITIC weights (contrast and conflict).
    Critic,
    /// Standard-deviation weights.
    Std,
}

/// Arguments of `weights`.
#[derive(Debug, Args)]
pub(crate) struct WeightsArgs {
    /// Inputs and period (the data the objective weights come from).
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Combine the configured weights with these objective ones.
    #[arg(long, value_enum)]
    pub combine: Option<Objective>,
    /// Share of the configured weights in the combination (0–1).
    #[arg(long, default_value_t = 0.5)]
    pub alpha: f64,
    /// Print the combined (or, without --combine, the configured) weights as a
    /// TOML fragment for a config.
    #[arg(long)]
    pub toml: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn name(method: Objective) -> L {
    match method {
        Objective::Entropy => L::MethodEntropy,
        Objective::Critic => L::MethodCritic,
        Objective::Std => L::MethodStd,
    }
}

/// The config key of a method, for the TOML fragment's comment.
fn key(method: Objective) -> &'static str {
    match method {
        Objective::Entropy => "entropy",
        Objective::Critic => "critic",
        Objective::Std => "std",
    }
}

fn objective(set: &WeightSet, method: Objective) -> &[f64] {
    match method {
        Objective::Entropy => &set.entropy,
        Objective::Critic => &set.critic,
        Objective::Std => &set.standard_deviation,
    }
}

/// α·configured + (1 − α)·objective, renormalised.
fn combined(set: &WeightSet, method: Objective, alpha: f64) -> Vec<f64> {
    let raw: Vec<f64> =
        set.configured.iter().zip(objective(set, method)).map(|(c, o)| alpha * c + (1.0 - alpha) * o).collect();
    let sum: f64 = raw.iter().sum();
    raw.iter().map(|w| if sum > 0.0 { w / sum } else { 0.0 }).collect()
}

/// Runs `weights`; returns the exit code.
pub(crate) fn run(context: &Context, args: &WeightsArgs) -> Result<i32> {
    if !(0.0..=1.0).contains(&args.alpha) {
        return Err(Error::Usage(Box::new(Msg::AlphaRange { value: args.alpha })));
    }
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let sets = weight_sets(&scored, &config)?;
    let text = match (args.format, args.toml) {
        (_, true) => toml_fragment(&sets, args),
        (Format::Json, false) => format!("{}\n", serde_json::to_string_pretty(&sets)?),
        (Format::Text, false) => render(&sets, args, config.cx(), context.width),
    };
    crate::cmd::emit(&text)?;
    Ok(EXIT_OK)
}

fn percent(w: f64) -> String {
    format!("{:.1}%", w * 100.0)
}

/// A weight set's name: 维度权重, or 科技含量的指标权重.
fn set_title(set: &str, cx: Cx<'_>) -> String {
    match set.strip_prefix("indicators.") {
        Some(dimension) => cx.say(&Say::IndicatorsOf { dimension: Name::new(Kind::Dimension, dimension) }),
        None => cx.l(L::DimensionWeights).to_string(),
    }
}

fn render(sets: &[WeightSet], args: &WeightsArgs, cx: Cx<'_>, width: usize) -> String {
    let mut out = String::new();
    for set in sets {
        let title = set_title(&set.set, cx);
        let source = match set.ahp_cr {
            Some(cr) => cx.say(&Say::FromAhp { cr: Fixed(cr, 3) }),
            None => cx.l(L::AsConfigured).to_string(),
        };
        out.push_str(&cx.say(&Say::WeightSetTitle { title, source, projects: set.projects }));
        out.push('\n');
        let kind = if set.set == "dimensions" { Kind::Dimension } else { Kind::Indicator };
        let mut header: Vec<String> = [L::ColItem, L::ColConfigured, L::MethodEntropy, L::MethodCritic, L::MethodStd]
            .iter()
            .map(|l| cx.l(*l).to_string())
            .collect();
        if let Some(method) = args.combine {
            header.push(cx.say(&Say::Combined { method: name(method), alpha: args.alpha }));
        }
        let combination = args.combine.map(|m| combined(set, m, args.alpha));
        let rows: Vec<Vec<String>> = (0..set.keys.len())
            .map(|i| {
                let mut row = vec![
                    cx.name(kind, &set.keys[i]),
                    percent(set.configured[i]),
                    percent(set.entropy[i]),
                    percent(set.critic[i]),
                    percent(set.standard_deviation[i]),
                ];
                if let Some(c) = &combination {
                    row.push(percent(c[i]));
                }
                row
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str(&crate::cmd::fit_table(&header, &rows, width));
        out.push('\n');
    }
    out.push_str(cx.l(L::ObjectiveAdvisory));
    out.push('\n');
    out
}

/// The weights as config lines; keys, since a config is written in keys, and
/// one comment naming the combination.
fn toml_fragment(sets: &[WeightSet], args: &WeightsArgs) -> String {
    let mut out = match args.combine {
        Some(m) => format!(
            "# chainscore weights --combine {} --alpha {}: {} × configured + {} × {}\n",
            key(m),
            args.alpha,
            args.alpha,
            1.0 - args.alpha,
            key(m)
        ),
        None => "# chainscore weights: the configured weights\n".to_string(),
    };
    for set in sets {
        let weights = match args.combine {
            Some(m) => combined(set, m, args.alpha),
            None => set.configured.clone(),
        };
        let table = if set.set == "dimensions" { "dimensions" } else { "indicators" };
        for (key, w) in set.keys.iter().zip(weights) {
            out.push_str(&format!("[{table}.{key}]\nweight = {}\n", (w * 100_000.0).round() / 1000.0));
        }
    }
    out
}
