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
use crate::i18n::{Language, Msg, Say};
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
            Some(text) => parse_period(text),
            None => Ok(config.period),
        }
    }

    /// The input files: the config's, replaced per kind by the command line.
    pub(crate) fn paths(&self, config: &Config) -> crate::read::InputPaths {
        crate::read::InputPaths::resolve(config, &self.projects, &self.capital, &self.targets)
    }
}

/// A period given on the command line.
pub(crate) fn parse_period(text: &str) -> Result<Period, Error> {
    text.parse().map_err(|_| Error::Usage(Box::new(Msg::BadPeriodArg { text: text.to_string() })))
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
    /// `--lang`, over the config's `[output] language`.
    pub lang: Option<Language>,
    /// The widest a terminal line is made (120; `--wide`: no limit).
    pub width: usize,
    /// The config once loaded: an error is told with its names.
    pub loaded: std::sync::OnceLock<Config>,
}

impl Context {
    /// Loads the config, in the language of `--lang` when given.
    pub(crate) fn load_config(&self) -> Result<Config, Error> {
        let mut config = Config::load_or_built_in(self.config_path.as_deref())?;
        if let Some(lang) = self.lang {
            config.language = lang;
        }
        let _ = self.loaded.set(config.clone());
        Ok(config)
    }

    /// A progress line, in the config's language.
    pub(crate) fn info(&self, config: &Config, text: &Say) {
        self.logger.info(&config.cx().say(text));
    }

    /// A warning line: the message and its advice.
    pub(crate) fn warn(&self, config: &Config, message: &Msg) {
        let cx = config.cx();
        let text = crate::i18n::with_advice(&message.render(cx), &message.advice(cx), cx.lang);
        let label = cx.l(crate::i18n::L::SevWarning);
        self.logger.warn(&format!("{label}{}{text}", cx.pick("：", ": ")));
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
        context.warn(&config, &Msg::RowsLeftOut { errors: counts.error });
    }
    Ok((config, scored))
}

/// Reads, validates and scores with a config already loaded.
pub(crate) fn run_pipeline_with(context: &Context, config: &Config, inputs: &InputArgs) -> Result<Scored> {
    run_pipeline_keeping(context, config, inputs, &mut |_| Ok(()))
}

/// Reads, validates and scores; `keep` sees the validated inputs before
/// scoring consumes them (what-if keeps a project's register row).
pub(crate) fn run_pipeline_keeping(
    context: &Context,
    config: &Config,
    inputs: &InputArgs,
    keep: &mut dyn FnMut(&crate::validate::Validated) -> Result<()>,
) -> Result<Scored> {
    let config = config.clone();
    let period = inputs.period(&config)?;
    context.info(&config, &Say::Scoring { period, config: config.source.path().display().to_string() });
    let mut timings = Timings::default();
    let read = timings.time("read", || read_inputs(&inputs.paths(&config), &config))?;
    let files = read.projects.len() + read.capital.len() + read.targets.len();
    let validated = timings.time("validate", || validate(read, &config, period))?;
    context.info(&config, &Say::FilesRead { files, projects: validated.projects.height() });
    keep(&validated)?;
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
            Err(Error::io(std::path::Path::new("<stdout>"), crate::i18n::L::IoCannotWrite, e))
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

/// Formats rows as an aligned table no wider than `width` display columns: the
/// last column (a message) is wrapped to what the others leave, its lines
/// indented under it. CJK text counts two columns, control characters are shown
/// escaped, no line ends in spaces.
pub(crate) fn fit_table(header: &[&str], rows: &[Vec<String>], width: usize) -> String {
    use crate::text::display_width;
    let clean = |c: &str| crate::text::printable(&c.replace(['\t', '\n', '\r'], " ")).into_owned();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let rows: Vec<Vec<String>> =
        std::iter::once(&header).chain(rows).map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let indent: usize = widths[..columns - 1].iter().map(|w| w + 2).sum();
    let last_width = width.saturating_sub(indent).max(24);
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(columns - 1) {
            line.push_str(cell);
            line.push_str(&" ".repeat(widths[i] - display_width(cell) + 2));
        }
        let last = row.get(columns - 1).map(String::as_str).unwrap_or("");
        for (k, piece) in wrap(last, last_width).into_iter().enumerate() {
            if k > 0 {
                line.push('\n');
                line.push_str(&" ".repeat(indent));
            }
            line.push_str(&piece);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text cut into lines of at most `width` display columns: at a space when
/// one is near, else between any two characters (Chinese has no spaces).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0usize;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !line.is_empty() {
            // Break at the last space of an English line when it is not too far back.
            match line.rfind(' ').filter(|&at| display_width_of(&line[at..]) < width / 3) {
                Some(at) => {
                    let rest = line[at + 1..].to_string();
                    line.truncate(at);
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                    line = rest;
                }
                None => lines.push(std::mem::take(&mut line)),
            }
            used = display_width_of(&line);
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn display_width_of(text: &str) -> usize {
    crate::text::display_width(text)
}
