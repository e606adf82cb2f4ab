//! The command line: global options, and one subcommand per module of `cmd`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd::{self, Context};
use crate::log::{LogFormat, Logger};

/// Assess industrial investment promotion: score projects and districts from their
/// spreadsheets.
#[derive(Debug, Parser)]
#[command(name = "chainscore", version, about, long_about = None, arg_required_else_help = true)]
pub(crate) struct Cli {
    /// Config file (TOML); paths inside it are relative to it. Default: the config
    /// built into chainscore (config/default.toml of its source), which a config
    /// can extend with `extends = "builtin"`.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print no progress lines.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Format of progress and log lines on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Colour in tables: auto (when stdout is a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub(crate) fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Score the period: read, validate, score, rank, write the sidecars and the
    /// workbook. With no arguments, scores the bundled sample into out/.
    Score(cmd::score::ScoreArgs),
    /// How one project's total was built: every indicator's raw value, score,
    /// weight and contribution, the dimensions and the ranks.
    Explain(cmd::explain::ExplainArgs),
    /// Read and check the config and every input; print each problem with file,
    /// sheet, row and column, and where every row went. Writes nothing.
    Validate(cmd::validate::ValidateArgs),
    /// Start an evaluation folder: a starter config that extends this one, and
    /// blank input templates with drop-down lists. Overwrites nothing without --force.
    Init(cmd::init::InitArgs),
    /// How robust the ranking is to the weights: Monte Carlo draws of the weight
    /// sets; rank intervals and tier probabilities of every district and project,
    /// Sobol indices of the dimension weights, leave-one-indicator-out shifts.
    /// Writes sensitivity-<period>.xlsx.
    Sensitivity(cmd::sensitivity::SensitivityArgs),
    /// What moved between two scorings: this config against another on the same
    /// inputs (--against), or this run against an earlier run's folder
    /// (--baseline). Writes compare-<period>.xlsx.
    Compare(cmd::compare::CompareArgs),
    /// What would lift a project or a district one tier: the smallest change of
    /// each indicator on its own (projects), the capital in place that opens the
    /// gate and lifts the tier (districts).
    WhatIf(cmd::what_if::WhatIfArgs),
    /// Every weight set as configured (or from AHP judgments, with its
    /// consistency ratio) beside entropy, CRITIC and standard-deviation weights
    /// from the period's data; optionally combined, as a TOML fragment.
    Weights(cmd::weights::WeightsArgs),
}

/// Parses arguments and runs a subcommand; returns the exit code.
pub fn run<I, T>(args: I) -> anyhow::Result<i32>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = error.exit_code();
            // Help piped into `head` is not a failure.
            let _ = error.print();
            return Ok(code);
        }
    };
    let context = Context {
        config_path: cli.config.clone(),
        logger: Logger::new(cli.log_format, cli.quiet),
        color: cli.color.enabled(),
    };
    let code = match &cli.command {
        Command::Score(args) => cmd::score::run(&context, args)?,
        Command::Explain(args) => cmd::explain::run(&context, args)?,
        Command::Validate(args) => cmd::validate::run(&context, args)?,
        Command::Init(args) => cmd::init::run(&context, args)?,
        Command::Sensitivity(args) => cmd::sensitivity::run(&context, args)?,
        Command::Compare(args) => cmd::compare::run(&context, args)?,
        Command::WhatIf(args) => cmd::what_if::run(&context, args)?,
        Command::Weights(args) => cmd::weights::run(&context, args)?,
    };
    Ok(code)
}
