//! One module per subcommand. Each owns its arguments and its `run`, turns them
//! into calls of the pipeline stages and the analyses, and prints or writes the
//! result; none holds pipeline logic of its own, and none imports another: what two
//! commands share (the [`Context`], the input selection [`InputArgs`], the output
//! [`Format`], [`run_pipeline`], aligned tables) lives here.

pub(crate) mod compare;
pub(crate) mod explain;
pub(crate) mod history;
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
    /// Operations files or globs (replace [inputs] operations).
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub operations: Vec<String>,
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
        crate::read::InputPaths::resolve(config, &self.projects, &self.capital, &self.targets, &self.operations)
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
    // Registers with nothing under their headers: no run of 0 projects that
    // exits 0 (one empty register among others is an error-level issue).
    let registers: Vec<&crate::issues::Accounting> =
        validated.accounting.iter().filter(|a| a.kind == crate::columns::InputKind::Projects).collect();
    if let Some(first) = registers.first()
        && registers.iter().all(|a| a.read == 0)
    {
        return Err(Error::InputData {
            place: crate::error::InputPlace::sheet(std::path::Path::new(&first.file), first.sheet.as_deref()),
            message: Box::new(Msg::EmptyRegister {}),
        });
    }
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

/// Formats rows as an aligned table no wider than `width` display columns.
/// A table that fits is one line per row. One that does not first wraps its
/// headers (a header is often the widest cell of a column of numbers), then
/// narrows its widest wrappable columns — text, never a number or a short
/// token such as 81→131 — one column at a time, each cell wrapped in its
/// column and the row as tall as its tallest cell. CJK text counts two
/// columns, control characters are shown escaped, no line ends in spaces.
pub(crate) fn fit_table(header: &[&str], rows: &[Vec<String>], width: usize) -> String {
    use crate::text::display_width;
    let clean = |c: &str| crate::text::printable(&c.replace(['\t', '\n', '\r'], " ")).into_owned();
    let header: Vec<String> = header.iter().map(|h| clean(h)).collect();
    let body: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let columns = body.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let cell = |row: &[String], i: usize| row.get(i).map(String::as_str).unwrap_or("").to_string();
    // Per column: the widest data cell, the narrowest it may wrap to (a
    // short token without spaces stays whole), and the header's width.
    let mut data = vec![0usize; columns];
    let mut least = vec![1usize; columns];
    for row in &body {
        for i in 0..columns {
            let text = cell(row, i);
            let w = display_width(&text);
            data[i] = data[i].max(w);
            let token = !text.contains(' ') && w <= 14 && !text.chars().any(|c| display_width(&c.to_string()) > 1);
            least[i] = least[i].max(if token { w } else { 8.min(w) });
        }
    }
    for (i, h) in header.iter().enumerate() {
        // A header wraps at its spaces; a Chinese one (no spaces) into halves.
        let longest_word = h.split(' ').map(display_width).max().unwrap_or(0);
        let chinese = h.chars().any(|c| display_width(&c.to_string()) > 1);
        let floor = if chinese && !h.contains(' ') { display_width(h).div_ceil(2) } else { longest_word };
        least[i] = least[i].max(floor.min(display_width(h)));
    }
    let gaps = 2 * (columns - 1);
    let mut widths: Vec<usize> = (0..columns).map(|i| data[i].max(display_width(&cell(&header, i)))).collect();
    if widths.iter().sum::<usize>() + gaps > width {
        // Headers first: a column as wide as its data, or its header's floor.
        for i in 0..columns {
            widths[i] = data[i].max(least[i]);
        }
    }
    while widths.iter().sum::<usize>() + gaps > width {
        // The widest column that can still give a column.
        let Some(i) = (0..columns).filter(|&i| widths[i] > least[i]).max_by_key(|&i| (widths[i], i)) else { break };
        widths[i] -= 1;
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&body) {
        let pieces: Vec<Vec<String>> = (0..columns).map(|i| wrap_words(&cell(row, i), widths[i].max(1))).collect();
        let height = pieces.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut line = String::new();
            for (i, lines) in pieces.iter().enumerate() {
                let piece = lines.get(k).map(String::as_str).unwrap_or("");
                line.push_str(piece);
                if i + 1 < columns {
                    line.push_str(&" ".repeat(widths[i].saturating_sub(display_width(piece)) + 2));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// A sentence as lines of at most `width` display columns, each ending in a
/// line break.
pub(crate) fn paragraph(text: &str, width: usize) -> String {
    wrap(text, width).into_iter().map(|line| line + "\n").collect()
}

/// Words as lines of at most `width` display columns, broken only between
/// words when every word fits; otherwise as [`wrap`] cuts them.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use crate::text::display_width;
    // Two spaces in a row are the data's own ("合  计"): kept as written.
    if !text.contains(' ') || text.contains("  ") || text.split(' ').any(|w| display_width(w) > width) {
        return wrap(text, width);
    }
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if display_width(line) + 1 + display_width(word) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
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
            // Break at the last space of an English line when it is not too
            // far back; else before a Latin word or number that the break
            // would cut (--baseline, CRITIC, 2022Q4 beside Chinese text).
            let in_word = |c: char| c.is_ascii_alphanumeric() || "-_.,%/".contains(c);
            let word_start = if in_word(c) {
                line.char_indices().rev().take_while(|(_, ch)| in_word(*ch)).last().map(|(at, _)| at)
            } else {
                None
            };
            match line.rfind(' ').filter(|&at| display_width_of(&line[at..]) < width / 3) {
                Some(at) => {
                    let rest = line[at + 1..].to_string();
                    line.truncate(at);
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                    line = rest;
                }
                None => match word_start.filter(|&at| at > 0 && display_width_of(&line[at..]) < width / 3) {
                    Some(at) => {
                        let rest = line[at..].to_string();
                        line.truncate(at);
                        lines.push(std::mem::take(&mut line));
                        line = rest;
                    }
                    None => lines.push(std::mem::take(&mut line)),
                },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    fn widest(text: &str) -> usize {
        text.lines().map(display_width).max().unwrap_or(0)
    }

    #[test]
    fn wrapping_chinese_never_cuts_a_latin_word() {
        let lines = wrap("或本次与以前某次（--baseline）；写出 compare 工作簿。", 16);
        assert!(lines.iter().any(|l| l.contains("--baseline")), "{lines:?}");
        assert!(lines.iter().all(|l| display_width(l) <= 16), "{lines:?}");
        assert_eq!(wrap("一二三四五六", 4), ["一二", "三四", "五六"]);
    }

    #[test]
    fn a_table_that_fits_is_one_line_per_row() {
        let rows = vec![vec!["1".to_string(), "五华区".to_string(), "72.91".to_string()]];
        let text = fit_table(&["名次", "县区", "综合得分"], &rows, 120);
        assert_eq!(text, "名次  县区    综合得分\n1     五华区  72.91\n");
    }

    /// Too wide: headers wrap at their spaces first (never inside a word),
    /// then the widest text column narrows; numbers and short tokens stay
    /// whole; no line is wider than asked.
    #[test]
    fn a_wide_table_wraps_headers_then_text_and_never_numbers() {
        let header = ["RANK", "DISTRICT", "RANK BEFORE", "PROJECT MEAN SHIFT", "MOVED MOST BY"];
        let rows = vec![
            vec![
                "1".into(),
                "Kunming Economic and Technological Development Zone".into(),
                "119→71".into(),
                "1,060,192.27".into(),
                "Fixed-asset investment per mu -2.50".into(),
            ],
            vec!["2".into(), "五华区".into(), "3".into(), "8.59".into(), "研发投入强度 +5.33".into()],
        ];
        for width in [120, 80, 60] {
            let text = fit_table(&header, &rows, width);
            assert!(widest(&text) <= width, "{width}:\n{text}");
            for token in ["119→71", "1,060,192.27", "RANK", "BEFORE", "SHIFT", "五华区"] {
                assert!(text.contains(token), "{width}: {token} was cut:\n{text}");
            }
        }
        let narrow = fit_table(&header, &rows, 60);
        assert!(narrow.lines().next().unwrap().starts_with("RANK  DISTRICT"), "{narrow}");
        // A Chinese header without spaces wraps into halves rather than
        // widening a column of numbers.
        let text = fit_table(&["名次变动的项目数", "X"], &[vec!["230".into(), "x".repeat(40)]], 30);
        assert!(widest(&text) <= 30, "{text}");
        assert!(text.starts_with("名次变动\n") || text.starts_with("名次变动  "), "{text}");
    }
}
