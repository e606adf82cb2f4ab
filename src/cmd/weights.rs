//! `chainscore weights`: every weight set as configured (or from AHP judgments,
//! with its consistency ratio) beside the weights the period's data alone would
//! give — entropy (熵权法), CRITIC and standard deviation — and, when asked, a
//! combination α·configured + (1 − α)·objective, printable as a TOML fragment to
//! paste into a config. Advisory: nothing here changes a score.

use clap::{Args, ValueEnum};

use crate::analysis::objective::{WeightSet, weight_sets};
use crate::cmd::{Context, Format, InputArgs, run_pipeline};
use crate::error::{EXIT_OK, Error, Result};

/// An objective method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Objective {
    /// Entropy weights (熵权法).
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

fn name(method: Objective) -> &'static str {
    match method {
        Objective::Entropy => "entropy",
        Objective::Critic => "CRITIC",
        Objective::Std => "standard deviation",
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
        return Err(Error::Usage(format!("--alpha must be between 0 and 1, not {}", args.alpha)));
    }
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let sets = weight_sets(&scored, &config)?;
    let text = match (args.format, args.toml) {
        (_, true) => toml_fragment(&sets, args),
        (Format::Json, false) => format!("{}\n", serde_json::to_string_pretty(&sets)?),
        (Format::Text, false) => render(&sets, args),
    };
    crate::cmd::emit(&text)?;
    Ok(EXIT_OK)
}

fn percent(w: f64) -> String {
    format!("{:.1}%", w * 100.0)
}

fn render(sets: &[WeightSet], args: &WeightsArgs) -> String {
    let mut out = String::new();
    for set in sets {
        let source = match set.ahp_cr {
            Some(cr) => format!("AHP judgments, CR = {cr:.3}"),
            None => "as configured".to_string(),
        };
        out.push_str(&format!("{} ({source}; objective weights from {} project(s)):\n", set.set, set.projects));
        let mut header = vec!["KEY", "CONFIGURED", "ENTROPY", "CRITIC", "STD DEV"];
        let label = args.combine.map(|m| format!("COMBINED ({}, α = {})", name(m).to_uppercase(), args.alpha));
        if let Some(label) = &label {
            header.push(label);
        }
        let combination = args.combine.map(|m| combined(set, m, args.alpha));
        let rows: Vec<Vec<String>> = (0..set.keys.len())
            .map(|i| {
                let mut row = vec![
                    set.keys[i].clone(),
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
        out.push_str(&crate::cmd::table(&header, &rows));
        out.push('\n');
    }
    out.push_str("Objective weights are advisory: a score changes only when the config's weights do.\n");
    out
}

fn toml_fragment(sets: &[WeightSet], args: &WeightsArgs) -> String {
    let mut out = match args.combine {
        Some(m) => format!(
            "# Weights combined: {} × configured + {} × {} (chainscore weights)\n",
            args.alpha,
            1.0 - args.alpha,
            name(m)
        ),
        None => "# The configured weights (chainscore weights)\n".to_string(),
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
