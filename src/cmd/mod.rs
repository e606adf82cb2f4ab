//! One module per subcommand. Each owns its arguments and its `run`, turns them
//! into calls of the pipeline stages and the analyses, and prints or writes the
//! result; none holds pipeline logic of its own, and none imports another: what two
//! commands share (the [`Context`], the input selection [`InputArgs`], the output
//! [`Format`], [`run_pipeline`], aligned tables) lives here.

pub(crate) mod compare;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod score;
pub(crate) mod sensitivity;
pub(crate) mod validate;
pub(crate) mod weights;
pub(crate) mod what_if;

use std::path::PathBuf;

use clap::Args;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::log::{Logger, Timings};
use crate::period::Period;
use crate::pipeline::{Scored, score};
use crate::read::read_inputs;
use crate::validate::validate;

/// Input selection shared by the subcommands that read inputs.
#[derive(Debug, Clone, Args, Default)]
pub(crate) struct InputArgs {
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
    pub(crate) fn period(&self, config: &Config) -> Result<Period, Error> {
        match &self.period {
            Some(text) => text.parse().map_err(Error::Usage),
            None => Ok(config.period),
        }
    }

    /// The input files: the config's, replaced per kind by the command line.
    pub(crate) fn paths(&self, config: &Config) -> crate::read::InputPaths {
        crate::read::InputPaths::resolve(config, &self.projects, &self.capital, &self.targets)
    }
}

/// What every subcommand gets besides its own arguments.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The config file path; `None` for the built-in config.
    pub config_path: Option<PathBuf>,
    /// Progress lines.
    pub logger: Logger,
    /// Colour in stdout tables.
    pub color: bool,
}

impl Context {
    /// Loads the config.
    pub(crate) fn load_config(&self) -> Result<Config, Error> {
        Config::load_or_built_in(self.config_path.as_deref())
    }
}

/// Output format of `validate` and `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
}

/// Reads, validates and scores, as `score` and `explain` both need.
pub(crate) fn run_pipeline(context: &Context, inputs: &InputArgs) -> Result<(Config, Scored)> {
    let config = context.load_config()?;
    let scored = run_pipeline_with(context, &config, inputs)?;
    // The analyses print no Issues sheet: say that rows were left out, and where
    // to see which (score and validate list them).
    let counts = crate::issues::IssueCounts::of(&scored.issues);
    if counts.error > 0 {
        context.logger.warn(&format!(
            "warning: {} input row(s) were skipped with an error and are not in this analysis; `chainscore validate` lists each with its file, sheet, row and column",
            counts.error
        ));
    }
    Ok((config, scored))
}

/// Reads, validates and scores with a config already loaded.
pub(crate) fn run_pipeline_with(context: &Context, config: &Config, inputs: &InputArgs) -> Result<Scored> {
    let config = config.clone();
    let period = inputs.period(&config)?;
    context.logger.info(&format!("scoring {period} with {}", config.source.path().display()));
    let mut timings = Timings::default();
    let read = timings.time("read", || read_inputs(&inputs.paths(&config), &config))?;
    let files = read.projects.len() + read.capital.len() + read.targets.len();
    let validated = timings.time("validate", || validate(read, &config, period))?;
    context.logger.info(&format!("read {files} file(s): {} project(s) in scope", validated.projects.height()));
    let mut scored = score(validated, &config)?;
    timings.extend(std::mem::take(&mut scored.timings));
    scored.timings = timings;
    Ok(scored)
}

/// Writes a command's result to stdout. A reader that has gone (`| head`) ends the
/// output quietly instead of failing the run: the outputs are already written.
pub(crate) fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(std::path::Path::new("<stdout>"), "cannot write", e))
        }
        _ => Ok(()),
    }
}

/// Formats rows as an aligned table with a header: columns two spaces apart,
/// CJK text two columns wide, colour codes no width, no trailing spaces.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    use std::io::Write;
    let mut writer = tabwriter::TabWriter::new(Vec::new()).minwidth(0).padding(2).ansi(true);
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for cells in std::iter::once(&header).chain(rows) {
        // A tab or a line break inside a cell would start a new one; other
        // control characters from a file are shown, not obeyed.
        let cells: Vec<String> =
            cells.iter().map(|c| crate::text::printable(&c.replace(['\t', '\n', '\r'], " ")).into_owned()).collect();
        writeln!(writer, "{}", cells.join("\t")).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    let text = String::from_utf8_lossy(&bytes);
    text.lines().map(|line| format!("{}\n", line.trim_end())).collect()
}
