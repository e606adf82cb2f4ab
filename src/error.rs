//! The one error type of the library, and the exit code each kind of failure maps to.
//!
//! A cron job reads only the exit code, a person at a terminal reads only the first line
//! of stderr. So every variant carries what a person needs to find the problem (the
//! file, sheet, row and column, or the config key and its line) and `code()` gives the
//! exit code of the spec: 65 bad input data, 74 an I/O problem, 78 a bad config, 2 bad
//! usage, 1 anything we did not foresee.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: an unexpected failure.
pub const EXIT_FAILURE: i32 = 1;
/// Exit code: the command line was not understood.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: input data invalid (sysexits `EX_DATAERR`).
pub const EXIT_DATA: i32 = 65;
/// Exit code: a file could not be read or written (sysexits `EX_IOERR`).
pub const EXIT_IO: i32 = 74;
/// Another run holds the output folder's lock (EX_TEMPFAIL: try again later).
pub const EXIT_LOCKED: i32 = 75;
/// Exit code: the configuration is invalid (sysexits `EX_CONFIG`).
pub const EXIT_CONFIG: i32 = 78;

/// Where in a config file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPlace {
    /// The config file, as the user named it.
    pub file: PathBuf,
    /// The dotted key, e.g. `indicators.fai_per_mu.weight`.
    pub key: String,
    /// The 1-based line of the key in `file`, when it could be found.
    pub line: Option<usize>,
}

impl fmt::Display for ConfigPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {}, key `{}`", self.file.display(), line, self.key),
            None => write!(f, "{}, key `{}`", self.file.display(), self.key),
        }
    }
}

/// Where in an input file a problem sits. Every field but the file is optional
/// because some problems concern a whole file or a whole sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputPlace {
    /// The input file.
    pub file: PathBuf,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The 1-based row a spreadsheet shows.
    pub row: Option<u32>,
    /// The column, as its letter and header (`F 总投资（万元）`).
    pub column: Option<String>,
}

impl InputPlace {
    /// A place naming only a file.
    pub(crate) fn file(path: &Path) -> Self {
        InputPlace { file: path.to_path_buf(), ..Default::default() }
    }

    /// A place naming a file and one of its sheets.
    pub(crate) fn sheet(path: &Path, sheet: Option<&str>) -> Self {
        InputPlace { file: path.to_path_buf(), sheet: sheet.map(str::to_string), ..Default::default() }
    }
}

impl fmt::Display for InputPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is invalid: a key, a value, or an expression.
    #[error("{place}: {message}")]
    Config {
        /// Where the problem is.
        place: ConfigPlace,
        /// What is wrong, as a sentence fragment.
        message: String,
    },

    /// The config file itself could not be read or parsed as TOML.
    #[error("{file}{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default(), file = file.display())]
    ConfigSyntax {
        /// The config file.
        file: PathBuf,
        /// The 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// A file could not be opened, read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What we were doing ("cannot read", "cannot write").
        action: &'static str,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// A file exists but is not a readable spreadsheet, CSV or parquet file.
    #[error("{place}: cannot be read: {reason}")]
    Unreadable {
        /// The file (and sheet) concerned.
        place: InputPlace,
        /// Why it could not be read.
        reason: String,
    },

    /// An input file was refused before loading because it would take too much memory:
    /// a zip bomb, a sheet declaring millions of cells, a file over the size limit.
    #[error("{place}: refused: {reason}")]
    Refused {
        /// The file (and sheet) concerned.
        place: InputPlace,
        /// The measured size and the limit it exceeds.
        reason: String,
    },

    /// An input file's content cannot be used at all (no header row, a required
    /// column missing, no input files matched).
    #[error("{place}: {message}")]
    InputData {
        /// Where the problem is.
        place: InputPlace,
        /// What is wrong.
        message: String,
    },

    /// A glob or file named as input matched nothing.
    #[error("no {kind} input: {pattern} matches no file{hint}")]
    NoInput {
        /// Which input ("projects", "capital", "targets").
        kind: &'static str,
        /// The pattern that matched nothing.
        pattern: String,
        /// What to do about it, when there is more to say ("" otherwise).
        hint: &'static str,
    },

    /// Validation found error-level issues (reported elsewhere, one per row); this is
    /// the verdict that makes the exit code 65.
    #[error("{errors} error-level issue(s) in the input data")]
    InvalidRows {
        /// How many error-level issues there were.
        errors: usize,
    },

    /// A project id given on the command line is not in the register.
    #[error("project `{id}` is not among the projects in scope{}", nearest_hint(nearest))]
    UnknownProject {
        /// The id asked for.
        id: String,
        /// The closest ids that exist.
        nearest: Vec<String>,
    },

    /// The command line names something impossible (a malformed period, say).
    #[error("{0}")]
    Usage(String),

    /// An output file could not be written (a full disk, a folder that is a file,
    /// no permission): exit 74, like any other I/O failure.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The writer's reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// Another run is writing to the same output folder.
    #[error("{}: another chainscore run ({holder}) is writing to this output folder; try again when it has finished", path.display())]
    Locked {
        /// The output folder.
        path: PathBuf,
        /// Who holds the lock: pid and start time.
        holder: String,
    },

    /// A frame operation failed where no input should make it fail: a bug, kept
    /// with polars' own error so the report can name the operation.
    #[error("internal error in a frame operation: {0}")]
    Polars(#[from] polars::error::PolarsError),

    /// The workbook could not be assembled in memory (before anything is written).
    #[error("internal error building the workbook: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),

    /// A JSON document could not be produced.
    #[error("internal error writing JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// A failure inside the engine that no input should cause.
    #[error("internal error: {0}")]
    Internal(String),
}

fn nearest_hint(nearest: &[String]) -> String {
    if nearest.is_empty() { String::new() } else { format!("; the nearest ids are {}", nearest.join(", ")) }
}

impl Error {
    /// The process exit code for this error, as the spec fixes them.
    pub fn code(&self) -> i32 {
        match self {
            Error::Config { .. } | Error::ConfigSyntax { .. } => EXIT_CONFIG,
            Error::Io { .. } | Error::Unreadable { .. } => EXIT_IO,
            Error::Refused { .. }
            | Error::InputData { .. }
            | Error::InvalidRows { .. }
            | Error::UnknownProject { .. } => EXIT_DATA,
            Error::NoInput { .. } | Error::Write { .. } => EXIT_IO,
            Error::Usage(_) => EXIT_USAGE,
            Error::Locked { .. } => EXIT_LOCKED,
            Error::Polars(_) | Error::Workbook(_) | Error::Json(_) | Error::Internal(_) => EXIT_FAILURE,
        }
    }

    /// A config error at a key.
    pub(crate) fn config(place: ConfigPlace, message: impl Into<String>) -> Self {
        Error::Config { place, message: message.into() }
    }

    /// An I/O error on a path.
    pub(crate) fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }

    /// A failure writing an output file.
    pub(crate) fn write(path: &Path, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Write { path: path.to_path_buf(), source: Box::new(source) }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_the_exit_code_of_the_spec() {
        let place = ConfigPlace { file: "c.toml".into(), key: "a.b".into(), line: Some(3) };
        assert_eq!(Error::config(place.clone(), "x").code(), 78);
        assert_eq!(Error::Refused { place: InputPlace::file(Path::new("a.xlsx")), reason: "big".into() }.code(), 65);
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        assert_eq!(Error::io(Path::new("a"), "cannot read", io).code(), 74);
        assert_eq!(Error::Usage("bad".into()).code(), 2);
        assert_eq!(Error::InvalidRows { errors: 2 }.code(), 65);
        let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        assert_eq!(Error::write(Path::new("out/x.parquet"), full).code(), 74);
        let polars = polars::error::PolarsError::ComputeError("boom".into());
        assert_eq!(Error::from(polars).code(), 1);
        assert_eq!(Error::Locked { path: "out".into(), holder: "pid 1".into() }.code(), 75);
    }

    #[test]
    fn messages_name_the_place() {
        let place = ConfigPlace { file: "c.toml".into(), key: "indicators.x.weight".into(), line: Some(12) };
        let message = Error::config(place, "a weight cannot be negative (-1)").to_string();
        assert_eq!(message, "c.toml line 12, key `indicators.x.weight`: a weight cannot be negative (-1)");
        let place = InputPlace {
            file: "d.xlsx".into(),
            sheet: Some("项目".into()),
            row: Some(7),
            column: Some("F 总投资".into()),
        };
        assert_eq!(place.to_string(), "d.xlsx, sheet \"项目\", row 7, column F 总投资");
    }
}
