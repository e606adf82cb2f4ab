//! Progress and log lines on stderr, through `tracing`: short sentences for
//! people, or with `--log-format json` one JSON object per line for a log
//! shipper; `RUST_LOG` chooses levels (`RUST_LOG=warn`, `RUST_LOG=chainscore=debug`)
//! and `--quiet` silences everything below a warning. Results (tables, JSON
//! documents) go to stdout and are not log lines.
//!
//! The commands call [`Logger::info`] and [`Logger::warn`]; the logger installs
//! the subscriber once, so a library user who installs their own keeps it.

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum LogFormat {
    /// Plain sentences.
    #[default]
    Text,
    /// One JSON object per line (timestamp, level, message).
    Json,
}

/// Writes log lines to stderr.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Logger {
    /// Lines are JSON (no progress bars then).
    json: bool,
    /// Suppress info lines.
    pub quiet: bool,
}

impl Logger {
    /// A logger; installs the stderr subscriber (once per process).
    pub(crate) fn new(format: LogFormat, quiet: bool) -> Self {
        use tracing_subscriber::EnvFilter;
        let default = if quiet { "warn" } else { "info" };
        // --quiet wins over RUST_LOG for info lines: cron asked for silence.
        let filter = match std::env::var("RUST_LOG") {
            Ok(spec) if !quiet && !spec.trim().is_empty() => {
                EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new(default))
            }
            _ => EnvFilter::new(default),
        };
        let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
        let _ = match format {
            LogFormat::Text => builder.without_time().with_target(false).with_level(false).with_ansi(false).try_init(),
            LogFormat::Json => builder.json().with_current_span(false).try_init(),
        };
        Logger { json: format == LogFormat::Json, quiet }
    }

    /// Whether lines are JSON objects.
    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// An informational line (suppressed by `--quiet`).
    pub(crate) fn info(&self, message: &str) {
        tracing::info!("{message}");
    }

    /// A warning line (always shown).
    pub(crate) fn warn(&self, message: &str) {
        tracing::warn!("{message}");
    }

    /// A progress bar of `total` steps on stderr, shown only to a person: when
    /// stderr is a terminal, lines are text and `--quiet` is off.
    pub(crate) fn progress(&self, total: u64, what: &str) -> Progress {
        use std::io::IsTerminal;
        if self.quiet || self.json || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let style = indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        Progress(Some(indicatif::ProgressBar::new(total).with_style(style).with_message(what.to_string())))
    }
}

/// A progress bar, or nothing (see [`Logger::progress`]); safe to advance from
/// many threads.
#[derive(Debug)]
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// Advances by `steps`.
    pub(crate) fn advance(&self, steps: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(steps);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Wall time per stage of a run, in the order the stages ran: `score --timings`
/// prints them, and they tell where a slow quarterly run spends its time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings(pub Vec<(&'static str, f64)>);

impl Timings {
    /// Runs one stage and records its wall time in seconds.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let value = f();
        self.0.push((stage, started.elapsed().as_secs_f64()));
        value
    }

    /// Records a stage timed elsewhere (on another thread).
    pub fn record(&mut self, stage: &'static str, seconds: f64) {
        self.0.push((stage, seconds));
    }

    /// Appends another run's stages.
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }
}

/// A stage's name as `--timings` prints it (the key stays in run.json).
pub(crate) fn stage_label(stage: &str) -> crate::i18n::L {
    use crate::i18n::L;
    match stage {
        "read" => L::StageRead,
        "validate" => L::StageValidate,
        "derive" => L::StageDerive,
        "settle" => L::StageSettle,
        "normalise" => L::StageNormalise,
        "aggregate" => L::StageAggregate,
        "chains" => L::StageChains,
        "tracking" => L::StageTracking,
        "diagnostics" => L::StageDiagnostics,
        "workbook" => L::StageWorkbook,
        "sidecars" => L::StageSidecars,
        _ => L::StageOther,
    }
}
