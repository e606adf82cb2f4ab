//! The command line: global options, one subcommand per module of `cmd`.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::error::Error;
use crate::log::{LogFormat, Logger};
use crate::period::Period;

/// Assess industrial investment promotion: score projects and districts from their
/// spreadsheets.
#[derive(Debug, Parser)]
#[command(name = "chainscore", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    /// Config file (TOML); paths inside it are relative to it.
    #[arg(long, global = true, value_name = "FILE", default_value = "config/default.toml")]
    pub config: PathBuf,
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
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score the period: read, validate, score, rank, write the sidecars and the
    /// workbook. With no arguments, scores the bundled sample into out/.
    Score(crate::cmd::score::ScoreArgs),
    /// How one project's total was built: every indicator's raw value, score,
    /// weight and contribution, the dimensions and the ranks.
    Explain(crate::cmd::explain::ExplainArgs),
    /// Read and check the config and every input; print each problem with file,
    /// sheet, row and column, and where every row went. Writes nothing.
    Validate(crate::cmd::validate::ValidateArgs),
}

/// Input selection shared by the subcommands that read inputs.
#[derive(Debug, Clone, Args, Default)]
pub struct InputArgs {
    /// Period to score: 2022, 2022Q3 or 2022-09 (default: [run] period).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Project register files or globs (replace [inputs] projects).
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub projects: Vec<String>,
    /// Capital ledger files or globs (replace [inputs] capital).
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub capital: Vec<String>,
    /// Target files or globs (replace [inputs] targets).
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub targets: Vec<String>,
}

impl InputArgs {
    /// The period asked for, else the config's.
    pub fn period(&self, config: &Config) -> Result<Period, Error> {
        match &self.period {
            Some(text) => text.parse().map_err(Error::Usage),
            None => Ok(config.period),
        }
    }

    /// The input files: the config's, replaced per kind by the command line.
    pub fn paths(&self, config: &Config) -> crate::ingest::InputPaths {
        crate::ingest::InputPaths::resolve(config, &self.projects, &self.capital, &self.targets)
    }
}

/// What every subcommand gets besides its own arguments.
#[derive(Debug, Clone)]
pub struct Context {
    /// The config file path.
    pub config_path: PathBuf,
    /// Progress lines.
    pub logger: Logger,
    /// Colour in stdout tables.
    pub color: bool,
}

impl Context {
    /// Loads the config.
    pub fn load_config(&self) -> Result<Config, Error> {
        Config::load(&self.config_path)
    }
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
        Command::Score(args) => crate::cmd::score::run(&context, args)?,
        Command::Explain(args) => crate::cmd::explain::run(&context, args)?,
        Command::Validate(args) => crate::cmd::validate::run(&context, args)?,
    };
    Ok(code)
}
