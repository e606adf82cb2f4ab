//! The one error type of the library, and the exit code each kind of failure maps to.
//!
//! A cron job reads only the exit code, a person at a terminal reads only the first line
//! of stderr. So every variant carries what a person needs to find the problem (the
//! file, sheet, row and column, or the config key and its line) and `code()` gives the
//! exit code of the spec: 65 bad input data, 74 an I/O problem, 78 a bad config, 2 bad
//! usage, 1 anything we did not foresee.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::columns::InputKind;
use crate::i18n::{Cx, L, Language, Msg, Say};

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

impl ConfigPlace {
    /// `c.toml 第 12 行，键 indicators.x.weight` / `c.toml line 12, key `indicators.x.weight``.
    pub fn render(&self, cx: Cx<'_>) -> String {
        let file = self.file.display().to_string();
        match self.line {
            Some(line) => cx.say(&Say::ConfigPlaceLine { file, line, key: self.key.clone() }),
            None => cx.say(&Say::ConfigPlaceKey { file, key: self.key.clone() }),
        }
    }
}

impl fmt::Display for ConfigPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Cx::plain(Language::En)))
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

    /// `d.xlsx，工作表“项目”，第 7 行，F 列（总投资）`.
    pub fn render(&self, cx: Cx<'_>) -> String {
        let mut out = self.file.display().to_string();
        let sep = cx.pick("，", ", ");
        if let Some(sheet) = &self.sheet {
            out.push_str(sep);
            out.push_str(&cx.say(&Say::PlaceSheet { sheet: sheet.clone() }));
        }
        if let Some(row) = self.row {
            out.push_str(sep);
            out.push_str(&cx.say(&Say::PlaceRow { row }));
        }
        if let Some(column) = &self.column {
            out.push_str(sep);
            out.push_str(&column_phrase(column, cx));
        }
        out
    }
}

/// A column label (`F 总投资（万元）`, or a name alone) as a phrase:
/// `F 列（总投资（万元））`, `column F 总投资（万元）`.
pub(crate) fn column_phrase(label: &str, cx: Cx<'_>) -> String {
    let (letter, header) = match label.split_once(' ') {
        Some((letter, header)) if !letter.is_empty() && letter.bytes().all(|b| b.is_ascii_uppercase()) => {
            (letter.to_string(), header.to_string())
        }
        _ => return cx.say(&Say::PlaceColumnName { name: label.to_string() }),
    };
    cx.say(&Say::PlaceColumn { letter, header })
}

impl fmt::Display for InputPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Cx::plain(Language::En)))
    }
}

/// Who holds the output folder's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Its process id.
    pub pid: u32,
    /// When it started (RFC 3339), when it said.
    pub started: Option<String>,
}

/// Everything that can stop a run. Each variant holds what a person needs to
/// find the problem and a message of the catalogue; [`Error::render`] writes
/// it in the run's language, and `Display` in English (for logs). A library's
/// own words (calamine's, polars', the operating system's) are kept apart as
/// the detail, shown with `RUST_LOG=debug`, never in the sentence.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is invalid: a key, a value, or an expression.
    Config {
        /// Where the problem is.
        place: ConfigPlace,
        /// What is wrong.
        message: Box<Msg>,
    },

    /// The config file itself could not be read or parsed as TOML.
    ConfigSyntax {
        /// The config file.
        file: PathBuf,
        /// The 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong.
        message: Box<Msg>,
    },

    /// A file could not be opened, read or written.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What we were doing ("cannot read", "cannot write").
        action: L,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// A file exists but is not a readable spreadsheet, CSV or parquet file.
    Unreadable {
        /// The file (and sheet) concerned.
        place: InputPlace,
        /// Why it could not be read.
        reason: Box<Msg>,
        /// The reader's own words, for `RUST_LOG=debug`.
        detail: Option<String>,
    },

    /// An input file was refused before loading because it would take too much memory:
    /// a zip bomb, a sheet declaring millions of cells, a file over the size limit.
    Refused {
        /// The file (and sheet) concerned.
        place: InputPlace,
        /// The measured size and the limit it exceeds.
        reason: Box<Msg>,
    },

    /// An input file's content cannot be used at all (no header row, a required
    /// column missing, no input files matched).
    InputData {
        /// Where the problem is.
        place: InputPlace,
        /// What is wrong.
        message: Box<Msg>,
    },

    /// A glob or file named as input matched nothing.
    NoInput {
        /// Which input.
        kind: InputKind,
        /// The pattern that matched nothing.
        pattern: String,
        /// Whether the pattern is the built-in config's bundled sample.
        built_in: bool,
    },

    /// Validation found error-level issues (reported elsewhere, one per row); this is
    /// the verdict that makes the exit code 65.
    InvalidRows {
        /// How many error-level issues there were.
        errors: usize,
    },

    /// A project id given on the command line is not in the register.
    UnknownProject {
        /// The id asked for.
        id: String,
        /// The closest ids that exist.
        nearest: Vec<String>,
    },

    /// The command line names something impossible (a malformed period, say).
    Usage(Box<Msg>),

    /// What the command asks of the data is not there (a district without
    /// projects to lift): exit 65.
    Data(Box<Msg>),

    /// An output file could not be written (a full disk, a folder that is a file,
    /// no permission): exit 74, like any other I/O failure.
    Write {
        /// The file being written.
        path: PathBuf,
        /// The writer's reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The output folder cannot take this run's outputs (a folder of the
    /// user's where the period's folder would go): exit 74.
    OutputFolder {
        /// What is wrong.
        message: Box<Msg>,
    },

    /// Another run is writing to the same output folder.
    Locked {
        /// The output folder.
        path: PathBuf,
        /// Who holds the lock.
        holder: Holder,
    },

    /// A frame operation failed where no input should make it fail: a bug, kept
    /// with polars' own error so the report can name the operation.
    Polars(#[from] polars::error::PolarsError),

    /// The workbook could not be assembled in memory (before anything is written).
    Workbook(#[from] rust_xlsxwriter::XlsxError),

    /// A JSON document could not be produced.
    Json(#[from] serde_json::Error),

    /// A failure inside the engine that no input should cause.
    Internal(String),
}

impl fmt::Display for Error {
    /// English, without config names: for logs and `RUST_LOG=debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Cx::plain(Language::En)))
    }
}

/// The operating system's reason in the user's words; one the catalogue does
/// not know is told as a failure of the system, its own words in the detail.
fn io_reason(error: &std::io::Error) -> L {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::NotFound => L::IoNotFound,
        K::PermissionDenied | K::ReadOnlyFilesystem => L::IoPermission,
        K::StorageFull | K::QuotaExceeded => L::IoDiskFull,
        K::AlreadyExists => L::IoExists,
        K::IsADirectory => L::IoIsFolder,
        K::NotADirectory => L::IoNotFolder,
        K::DirectoryNotEmpty => L::IoNotEmpty,
        K::InvalidData | K::UnexpectedEof => L::IoDamaged,
        K::CrossesDevices => L::IoOtherDisk,
        K::BrokenPipe => L::IoPipe,
        _ => L::IoSystem,
    }
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
            | Error::UnknownProject { .. }
            | Error::Data(_) => EXIT_DATA,
            Error::NoInput { .. } | Error::Write { .. } | Error::OutputFolder { .. } => EXIT_IO,
            Error::Usage(_) => EXIT_USAGE,
            Error::Locked { .. } => EXIT_LOCKED,
            Error::Polars(_) | Error::Workbook(_) | Error::Json(_) | Error::Internal(_) => EXIT_FAILURE,
        }
    }

    /// The stable code of the message, when the error carries one.
    pub fn message_code(&self) -> &'static str {
        match self {
            Error::Config { message, .. } | Error::ConfigSyntax { message, .. } => message.code(),
            Error::Unreadable { reason, .. } | Error::Refused { reason, .. } => reason.code(),
            Error::InputData { message, .. } => message.code(),
            Error::Usage(message) | Error::Data(message) | Error::OutputFolder { message } => message.code(),
            Error::Io { .. } => "E501",
            Error::NoInput { .. } => "E502",
            Error::InvalidRows { .. } => "E503",
            Error::UnknownProject { .. } => "E504",
            Error::Write { .. } => "E505",
            Error::Locked { .. } => "E506",
            Error::Polars(_) | Error::Workbook(_) | Error::Json(_) | Error::Internal(_) => "E599",
        }
    }

    /// The error as one sentence (and its advice) in `cx`'s language.
    pub fn render(&self, cx: Cx<'_>) -> String {
        let with_advice = |text: String, message: &Msg| crate::i18n::with_advice(&text, &message.advice(cx), cx.lang);
        let path = |p: &Path| p.display().to_string();
        match self {
            Error::Config { place, message } => {
                with_advice(format!("{}{}{}", place.render(cx), cx.pick("：", ": "), message.render(cx)), message)
            }
            Error::ConfigSyntax { file, line, message } => {
                let place = match line {
                    Some(line) => cx.say(&Say::ConfigPlaceFileLine { file: path(file), line: *line }),
                    None => path(file),
                };
                with_advice(format!("{place}{}{}", cx.pick("：", ": "), message.render(cx)), message)
            }
            Error::Io { path: p, action, source } => {
                cx.say(&Say::IoFailed { path: path(p), action: *action, reason: io_reason(source) })
            }
            Error::Unreadable { place, reason, .. } | Error::Refused { place, reason } => {
                with_advice(format!("{}{}{}", place.render(cx), cx.pick("：", ": "), reason.render(cx)), reason)
            }
            Error::InputData { place, message } => {
                with_advice(format!("{}{}{}", place.render(cx), cx.pick("：", ": "), message.render(cx)), message)
            }
            Error::NoInput { kind, pattern, built_in } => {
                let message = if *built_in {
                    Msg::NoInputBuiltIn { kind: kind.noun(), pattern: pattern.clone() }
                } else {
                    Msg::NoInput { kind: kind.noun(), pattern: pattern.clone() }
                };
                with_advice(message.render(cx), &message)
            }
            Error::InvalidRows { errors } => {
                let message = Msg::InvalidRows { errors: *errors };
                with_advice(message.render(cx), &message)
            }
            Error::UnknownProject { id, nearest } => {
                let message = if nearest.is_empty() {
                    Msg::UnknownProject { id: id.clone() }
                } else {
                    Msg::UnknownProjectNear { id: id.clone(), nearest: nearest.clone() }
                };
                with_advice(message.render(cx), &message)
            }
            Error::Usage(message) | Error::Data(message) | Error::OutputFolder { message } => {
                with_advice(message.render(cx), message)
            }
            Error::Write { path: p, source } => {
                let reason = source
                    .downcast_ref::<std::io::Error>()
                    .map(io_reason)
                    .or_else(|| {
                        source.downcast_ref::<rust_xlsxwriter::XlsxError>().and_then(|e| match e {
                            rust_xlsxwriter::XlsxError::IoError(io) => Some(io_reason(io)),
                            _ => None,
                        })
                    })
                    .unwrap_or(L::IoSystem);
                cx.say(&Say::IoFailed { path: path(p), action: L::IoCannotWrite, reason })
            }
            Error::Locked { path: p, holder } => {
                let message = Msg::Locked {
                    folder: path(p),
                    pid: holder.pid,
                    started: holder.started.clone().unwrap_or_default(),
                };
                with_advice(message.render(cx), &message)
            }
            Error::Polars(_) | Error::Workbook(_) | Error::Json(_) | Error::Internal(_) => {
                let message = Msg::Internal {};
                with_advice(message.render(cx), &message)
            }
        }
    }

    /// What the library or the operating system said, for `RUST_LOG=debug`.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Io { source, .. } => Some(source.to_string()),
            Error::Write { source, .. } => Some(source.to_string()),
            Error::Unreadable { detail, .. } => detail.clone(),
            Error::Polars(e) => Some(e.to_string()),
            Error::Workbook(e) => Some(e.to_string()),
            Error::Json(e) => Some(e.to_string()),
            Error::Internal(text) => Some(text.clone()),
            _ => None,
        }
    }

    /// A config error at a key.
    pub(crate) fn config(place: ConfigPlace, message: Msg) -> Self {
        Error::Config { place, message: Box::new(message) }
    }

    /// An I/O error on a path.
    pub(crate) fn io(path: &Path, action: L, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), action, source }
    }

    /// A failure writing an output file.
    pub(crate) fn write(path: &Path, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Write { path: path.to_path_buf(), source: Box::new(source) }
    }

    /// A file that cannot be read, with its reader's words kept as the detail.
    pub(crate) fn unreadable(place: InputPlace, reason: Msg, detail: impl fmt::Display) -> Self {
        Error::Unreadable { place, reason: Box::new(reason), detail: Some(detail.to_string()) }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fallible function returns this; its message is boxed so the
    /// `Result` stays small on the path that succeeds.
    #[test]
    fn an_error_stays_small() {
        assert!(std::mem::size_of::<Error>() <= 128, "{}", std::mem::size_of::<Error>());
    }

    #[test]
    fn each_kind_of_failure_has_the_exit_code_of_the_spec() {
        let place = ConfigPlace { file: "c.toml".into(), key: "a.b".into(), line: Some(3) };
        assert_eq!(Error::config(place.clone(), Msg::WeightNotFinite {}).code(), 78);
        assert_eq!(
            Error::Refused { place: InputPlace::file(Path::new("a.xlsx")), reason: Box::new(Msg::NotRegularFile {}) }
                .code(),
            65
        );
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        assert_eq!(Error::io(Path::new("a"), L::IoCannotRead, io).code(), 74);
        assert_eq!(Error::Usage(Box::new(Msg::NoProjectsGiven {})).code(), 2);
        assert_eq!(Error::InvalidRows { errors: 2 }.code(), 65);
        let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        assert_eq!(Error::write(Path::new("out/x.parquet"), full).code(), 74);
        let polars = polars::error::PolarsError::ComputeError("boom".into());
        assert_eq!(Error::from(polars).code(), 1);
        assert_eq!(Error::Locked { path: "out".into(), holder: Holder { pid: 1, started: None } }.code(), 75);
    }

    #[test]
    fn messages_name_the_place_in_both_languages() {
        let place = ConfigPlace { file: "c.toml".into(), key: "indicators.x.weight".into(), line: Some(12) };
        let error = Error::config(place, Msg::WeightNegative { weight: -1.0 });
        assert_eq!(
            error.render(Cx::plain(Language::En)).split(':').next(),
            Some("c.toml line 12, key `indicators.x.weight`")
        );
        assert!(
            error.render(Cx::plain(Language::Zh)).starts_with("c.toml 第 12 行，键 indicators.x.weight："),
            "{}",
            error.render(Cx::plain(Language::Zh))
        );
        let place = InputPlace {
            file: "d.xlsx".into(),
            sheet: Some("项目".into()),
            row: Some(7),
            column: Some("F 总投资".into()),
        };
        assert_eq!(place.to_string(), "d.xlsx, sheet \"项目\", row 7, column F 总投资");
        assert_eq!(place.render(Cx::plain(Language::Zh)), "d.xlsx，工作表“项目”，第 7 行，F 列（总投资）");
    }

    #[test]
    fn an_operating_system_reason_is_told_once_in_the_user_s_words() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let error = Error::io(Path::new("in.xlsx"), L::IoCannotRead, io);
        let zh = error.render(Cx::plain(Language::Zh));
        assert!(!zh.contains("os error"), "{zh}");
        assert!(zh.contains("不存在"), "{zh}");
        assert_eq!(error.detail().as_deref(), Some("No such file or directory (os error 2)"));
    }
}
