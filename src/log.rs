//! Progress and log lines on stderr, as text for people or JSON lines for machines.
//!
//! The cron job wants `--log-format json` (one object per line, easy to ship to a
//! log store); a person wants short sentences; `--quiet` silences both. Results
//! (tables, JSON documents) go to stdout and are not log lines.

use std::io::Write;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum LogFormat {
    /// Plain sentences.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Writes log lines to stderr.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Logger {
    /// Line format.
    pub format: LogFormat,
    /// Suppress info lines.
    pub quiet: bool,
}

impl Logger {
    /// A logger.
    pub(crate) fn new(format: LogFormat, quiet: bool) -> Self {
        Logger { format, quiet }
    }

    /// An informational line (suppressed by `--quiet`).
    pub(crate) fn info(&self, message: &str) {
        if !self.quiet {
            self.write("info", message);
        }
    }

    /// A warning line (always shown).
    pub(crate) fn warn(&self, message: &str) {
        self.write("warning", message);
    }

    fn write(&self, level: &str, message: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = match self.format {
            LogFormat::Text => writeln!(stderr, "{message}"),
            LogFormat::Json => writeln!(stderr, "{}", serde_json::json!({ "level": level, "message": message })),
        };
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

    /// Appends another run's stages.
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }
}
