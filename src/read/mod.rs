//! Reading the district spreadsheets into polars frames.
//!
//! Each file is read on its own — checked (`guard`), opened, its sheet and header
//! row found (`header`), its rows typed into a frame (`table`) — and knows nothing of
//! the other files, so files can be read in parallel and a bad file is named alone.
//! Stacking, duplicate ids and everything else that looks across files is the job
//! of `validate`.

pub(crate) mod cells;
pub(crate) mod columnar;
#[doc(hidden)]
pub mod fuzz;
pub(crate) mod grid;
pub(crate) mod guard;
pub(crate) mod header;
pub(crate) mod html;
pub(crate) mod repair;
pub(crate) mod sniff;
pub mod table;
pub(crate) mod thrift;

use std::path::{Path, PathBuf};

use crate::columns::InputKind;
use crate::config::{Config, DistrictFrom};
use crate::error::{Error, InputPlace, Result};
use crate::files::clean_path;
use crate::i18n::{L, Msg};
use grid::Workbook;
use guard::Format;
use header::{HeaderMatcher, MappedColumn};
use table::Table;

/// One input file as read: where it came from and what it holds.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path, lexically cleaned.
    pub path: PathBuf,
    /// Which kind of input.
    pub kind: InputKind,
    /// The sheet read (`None` for CSV and parquet).
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The header's row number.
    pub header_row: u32,
    /// Rows below the header up to the last non-empty one.
    pub rows_read: u32,
    /// (frame column, label: letter and header as written).
    pub labels: Vec<(String, String)>,
}

impl SourceFile {
    /// The label of a frame column in this file (`F 总投资（万元）`), or the column
    /// name when the file has no such header.
    pub fn label(&self, column: &str) -> String {
        self.labels.iter().find(|(c, _)| c == column).map(|(_, l)| l.clone()).unwrap_or_else(|| column.to_string())
    }

    /// The file's path as shown in messages.
    pub(crate) fn display(&self) -> String {
        self.path.display().to_string()
    }
}

/// One file read: its source description, its typed table, and header cells that
/// repeat a column already mapped.
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// Where it came from.
    pub source: SourceFile,
    /// What it holds.
    pub table: Table,
    /// Header cells naming a column a previous cell already took (ignored).
    pub duplicate_headers: Vec<MappedColumn>,
}

/// Whether a file name is the lock file a spreadsheet program leaves beside a
/// workbook someone has open: `~$01-wuhua.xlsx` (Excel), `.~01-wuhua.xlsx`
/// (WPS), `.~lock.01-wuhua.xlsx#` (LibreOffice). Not a register: a glob
/// passes over it with a note, so an open file never stops a quarterly run.
pub(crate) fn is_lock_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with("~$") || name.starts_with(".~")
}

/// Expands files and globs, each pattern's matches in path order, patterns in the
/// order given, every file once. A plain path must exist; a glob must match a
/// file that is not a lock file. Returns the files and the lock files passed over.
pub(crate) fn expand(patterns: &[String], kind: InputKind) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut locks: Vec<PathBuf> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for pattern in patterns {
        // A file that exists is itself, even when its name has glob characters
        // ("项目表[2022].xlsx").
        let is_glob = pattern.contains(['*', '?', '[']) && !Path::new(pattern).is_file();
        if !is_glob {
            let path = clean_path(Path::new(pattern));
            std::fs::metadata(&path).map_err(|e| Error::io(&path, L::IoCannotRead, e))?;
            if seen.insert(path.clone()) {
                out.push(path);
            }
            continue;
        }
        let mut matches: Vec<PathBuf> = glob::glob(pattern)
            .map_err(|_| Error::Usage(Box::new(Msg::BadGlob { kind: kind.noun(), pattern: pattern.clone() })))?
            .filter_map(|entry| entry.ok())
            .filter(|p| p.is_file())
            .map(|p| clean_path(&p))
            .collect();
        matches.sort();
        let (lock_files, files): (Vec<PathBuf>, Vec<PathBuf>) = matches.into_iter().partition(|p| is_lock_file(p));
        if files.is_empty() {
            return Err(Error::NoInput { kind, pattern: pattern.clone(), built_in: false });
        }
        for path in files {
            if seen.insert(path.clone()) {
                out.push(path);
            }
        }
        for path in lock_files {
            if seen.insert(path.clone()) {
                locks.push(path);
            }
        }
    }
    Ok((out, locks))
}

/// Reads one file of a kind: checks it, finds its sheet and header, types its rows.
///
/// The readers underneath (calamine, the zip and XML parsers) are large and see
/// hostile bytes; the guard refuses what is known to make them allocate without
/// bound, and a panic that still happens inside them becomes a refusal of this
/// one file (exit 74) instead of the end of a run over eighteen districts.
pub fn read_file(path: &Path, kind: InputKind, config: &Config) -> Result<ReadFile> {
    let bytes = guard::load(path, &config.limits)?;
    read_bytes(path, &bytes, kind, config)
}

/// Reads one file of a kind from its bytes, as [`read_file`] reads it from disk;
/// `path` names it in messages and its extension says its format (the bytes may
/// overrule .xlsx against .xls). The fuzzers enter here.
pub fn read_bytes(path: &Path, bytes: &[u8], kind: InputKind, config: &Config) -> Result<ReadFile> {
    quiet_panics::catch(|| read_bytes_unguarded(path, bytes, kind, config))
        .unwrap_or_else(|message| Err(Error::unreadable(InputPlace::file(path), Msg::ReaderFailed {}, message)))
}

/// Panics in the readers, caught per file and kept off stderr: the refusal says
/// what happened, once, in the run's own words.
mod quiet_panics {
    use std::cell::{Cell, RefCell};
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, Once};

    thread_local! {
        static CATCHING: Cell<bool> = const { Cell::new(false) };
        static MESSAGE: RefCell<String> = const { RefCell::new(String::new()) };
    }

    /// Catches running on any thread, and the first panic of a worker thread
    /// (one of polars' or rayon's) while one runs: such a panic comes back to
    /// the reading thread through the pool, so it is recorded here and not
    /// printed — the refusal says it, in one line.
    static ACTIVE: AtomicUsize = AtomicUsize::new(0);
    static WORKER_MESSAGE: Mutex<String> = Mutex::new(String::new());

    /// Runs `f`; a panic inside it (or in a pool thread working for it) is
    /// returned as its message on one line, with the crate it happened in
    /// (`… in calamine-0.26.1`, or `… in chainscore src/read/table.rs:40`: a
    /// fault of ours, which the fuzzers treat as a crash).
    pub(super) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let default = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let message = || {
                    let text = one_line(payload_text(info.payload()));
                    let place = info.location().map(|l| where_in(l.file(), l.line())).unwrap_or_default();
                    format!("{text}{place}")
                };
                if CATCHING.with(Cell::get) {
                    MESSAGE.with(|m| *m.borrow_mut() = message());
                } else if ACTIVE.load(Ordering::SeqCst) > 0 {
                    let mut recorded = WORKER_MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
                    if recorded.is_empty() {
                        *recorded = message();
                    }
                } else {
                    default(info);
                }
            }));
        });
        let was = CATCHING.with(|c| c.replace(true));
        ACTIVE.fetch_add(1, Ordering::SeqCst);
        let result = catch_unwind(AssertUnwindSafe(f));
        let last = ACTIVE.fetch_sub(1, Ordering::SeqCst) == 1;
        CATCHING.with(|c| c.set(was));
        let mut worker = WORKER_MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
        let from_worker = match (&result, last) {
            // A worker's panic that its pool absorbed must not be told as the
            // next failed read's.
            (Ok(_), false) => String::new(),
            _ => std::mem::take(&mut *worker),
        };
        drop(worker);
        result.map_err(|payload| {
            let recorded = MESSAGE.with(|m| std::mem::take(&mut *m.borrow_mut()));
            [recorded, from_worker]
                .into_iter()
                .find(|m| !m.is_empty())
                .unwrap_or_else(|| one_line(payload_text(payload.as_ref())))
        })
    }

    /// A panic's text on one line ("a panic" when it carries none).
    fn one_line(text: Option<String>) -> String {
        text.unwrap_or_else(|| "a panic".into()).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn payload_text(payload: &(dyn std::any::Any + Send)) -> Option<String> {
        payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned())
    }

    /// ` in calamine-0.26.1` for a dependency's source, ` in chainscore
    /// src/read/grid.rs:40` for ours.
    pub(super) fn where_in(file: &str, line: u32) -> String {
        let parts: Vec<&str> = file.split(['/', '\\']).collect();
        // `…/registry/src/<index>/<crate>-<version>/src/…`
        match parts.iter().position(|p| *p == "registry").and_then(|r| parts.get(r + 3)) {
            Some(krate) => format!(" in {krate}"),
            None if file.contains("/rustc/") => String::new(),
            _ => format!(" in chainscore {file}:{line}"),
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn a_panic_becomes_its_message() {
            let caught = super::catch(|| -> u32 { panic!("index out of bounds") });
            let message = caught.unwrap_err();
            assert!(message.starts_with("index out of bounds in chainscore src/read/mod.rs:"), "{message}");
            assert_eq!(super::catch(|| 7), Ok(7));
        }

        /// Run alone in a child process by the test below: the panic state is
        /// process-wide, and other tests' reads would overlap it.
        #[test]
        #[ignore = "run alone by a_pool_thread_panic_that_was_absorbed_is_not_told_as_the_next_read_s"]
        fn absorbed_pool_panic_then_a_failing_read() {
            let on_worker = |text: &'static str| std::thread::spawn(move || -> u32 { panic!("{text}") }).join();
            let absorbed = super::catch(|| on_worker("absorbed by its pool").is_err());
            assert_eq!(absorbed, Ok(true));
            let next = super::catch(|| {
                on_worker("the next read's own fault").unwrap_or_else(|p| std::panic::resume_unwind(p))
            });
            let message = next.unwrap_err();
            assert!(message.starts_with("the next read's own fault"), "{message}");
        }

        #[test]
        fn a_pool_thread_panic_that_was_absorbed_is_not_told_as_the_next_read_s() {
            let name = "read::quiet_panics::tests::absorbed_pool_panic_then_a_failing_read";
            let child = std::process::Command::new(std::env::current_exe().unwrap())
                .args([name, "--exact", "--ignored", "--test-threads=1"])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&child.stdout);
            assert!(child.status.success() && stdout.contains("1 passed"), "{stdout}");
        }

        #[test]
        fn a_panic_on_a_pool_thread_comes_back_on_one_line() {
            let caught = super::catch(|| {
                // As rayon does: the worker's payload is resumed on the caller
                // without running the hook again.
                std::thread::spawn(|| -> u32 { panic!("assertion failed\n  left: 0\n right: 24") })
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            });
            let message = caught.unwrap_err();
            assert!(message.starts_with("assertion failed left: 0 right: 24 in chainscore"), "{message}");
        }

        #[test]
        fn a_dependency_is_named_by_its_crate() {
            let file = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/calamine-0.26.1/src/xls.rs";
            assert_eq!(super::where_in(file, 9), " in calamine-0.26.1");
            assert_eq!(super::where_in("src/read/grid.rs", 40), " in chainscore src/read/grid.rs:40");
        }
    }
}

fn read_bytes_unguarded(path: &Path, bytes: &[u8], kind: InputKind, config: &Config) -> Result<ReadFile> {
    let format = Format::of(path).ok_or_else(|| Error::Unreadable {
        place: InputPlace::file(path),
        reason: Box::new(Msg::UnknownExtension {}),
        detail: None,
    })?;
    let sha256 = crate::files::sha256_of_bytes(bytes);
    let size = bytes.len() as u64;
    let byte_order_set_right = repair::compound_byte_order(bytes);
    let bytes = byte_order_set_right.as_deref().unwrap_or(bytes);
    let format = sniff::format_of(path, bytes, format)?;
    guard::preflight(path, bytes, format, &config.limits)?;
    if matches!(format, Format::Csv | Format::Parquet) {
        let file_stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let district_fill =
            (kind == InputKind::Projects && config.district_from != DistrictFrom::Column).then_some(file_stem.as_str());
        let (header, table) = columnar::read(path, bytes, format, kind, config, district_fill)?;
        return Ok(ReadFile::new(path, kind, None, sha256, size, header, table));
    }
    // A workbook calamine refuses whole for a fault in no sheet (see
    // `repair`) is opened again from a copy without that fault.
    let repaired: Vec<u8>;
    let mut workbook = match Workbook::open(path, bytes, format, &config.limits) {
        Ok(workbook) => workbook,
        Err(refusal) => {
            let limit = config.limits.max_uncompressed_mb.saturating_mul(1024 * 1024);
            let fixed = match format {
                Format::Xlsx => repair::xlsx_sheet_entries(bytes, limit),
                Format::Ods => repair::ods_white_space(bytes, limit),
                _ => None,
            };
            match fixed {
                Some(fixed) => {
                    tracing::debug!(
                        "{}: read from a repaired copy ({})",
                        path.display(),
                        refusal.detail().unwrap_or_default()
                    );
                    repaired = fixed;
                    Workbook::open(path, &repaired, format, &config.limits)?
                }
                None => return Err(refusal),
            }
        }
    };
    let matcher = HeaderMatcher::new(config, kind);
    let district_from_column = kind != InputKind::Projects || config.district_from == DistrictFrom::Column;
    let required = kind.required(district_from_column);
    let wanted = match kind {
        InputKind::Projects => &config.projects_sheet,
        InputKind::Capital => &config.capital_sheet,
        InputKind::Targets => &config.targets_sheet,
        InputKind::Operations => &config.operations_sheet,
    };
    let names = workbook.sheet_names();
    let sheet: Option<String> = if !wanted.is_empty() && names.iter().any(Option::is_some) {
        let found = names.iter().flatten().find(|n| crate::text::fold(n) == crate::text::fold(wanted)).cloned();
        let Some(found) = found else {
            let sheets: Vec<String> = names.iter().flatten().cloned().collect();
            return Err(Error::InputData {
                place: InputPlace::file(path),
                message: Box::new(Msg::NoSheetNamed { wanted: wanted.clone(), sheets }),
            });
        };
        Some(found)
    } else {
        let mut first_miss = None;
        let mut chosen = None;
        for name in &names {
            let head = workbook.read(path, name.as_deref(), true, &config.limits)?;
            match header::locate(&head, &matcher, kind, required) {
                Ok(_) => {
                    chosen = Some(name.clone());
                    break;
                }
                Err(miss) => {
                    if first_miss.as_ref().is_none_or(|(_, m): &(Option<String>, header::HeaderMiss)| {
                        m.best_row == 0 && miss.best_row > 0
                    }) {
                        first_miss = Some((name.clone(), miss));
                    }
                }
            }
        }
        match (chosen, first_miss) {
            (Some(sheet), _) => sheet,
            (None, Some((sheet, miss))) => {
                return Err(Error::InputData {
                    place: InputPlace::sheet(path, sheet.as_deref()),
                    message: Box::new(miss.describe(kind)),
                });
            }
            (None, None) => {
                return Err(Error::InputData { place: InputPlace::file(path), message: Box::new(Msg::NoSheet {}) });
            }
        }
    };
    let grid = workbook.read(path, sheet.as_deref(), false, &config.limits)?;
    let header = header::locate(&grid, &matcher, kind, required).map_err(|miss| Error::InputData {
        place: InputPlace::sheet(path, sheet.as_deref()),
        message: Box::new(miss.describe(kind)),
    })?;
    let file_stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let district_fill = match (kind, config.district_from) {
        (InputKind::Projects, DistrictFrom::Sheet) => Some(sheet.clone().unwrap_or_else(|| file_stem.clone())),
        (InputKind::Projects, DistrictFrom::File) => Some(file_stem.clone()),
        _ => None,
    };
    let table = table::build(&grid, &header, kind, config, district_fill.as_deref())?;
    Ok(ReadFile::new(path, kind, sheet, sha256, size, header, table))
}

impl ReadFile {
    fn new(
        path: &Path,
        kind: InputKind,
        sheet: Option<String>,
        sha256: String,
        bytes: u64,
        header: header::HeaderRow,
        table: Table,
    ) -> ReadFile {
        ReadFile {
            source: SourceFile {
                path: path.to_path_buf(),
                kind,
                sheet,
                sha256,
                bytes,
                header_row: header.number,
                rows_read: table.rows_read,
                labels: table.labels.clone(),
            },
            table,
            duplicate_headers: header.duplicates,
        }
    }
}

/// Which files to read, after the command line has had its say.
#[derive(Debug, Clone, Default)]
pub struct InputPaths {
    /// Project register patterns.
    pub projects: Vec<String>,
    /// Ledger patterns.
    pub capital: Vec<String>,
    /// Target patterns.
    pub targets: Vec<String>,
    /// Operations patterns.
    pub operations: Vec<String>,
}

impl InputPaths {
    /// The config's inputs, each kind replaced where the command line names
    /// files. With the built-in config, naming any kind on the command line
    /// leaves the kinds not named empty: its inputs are the bundled sample,
    /// and `validate --projects MINE.xlsx` checked against the sample's
    /// ledger gave 240 warnings about projects that are not the user's.
    pub fn resolve(
        config: &Config,
        projects: &[String],
        capital: &[String],
        targets: &[String],
        operations: &[String],
    ) -> InputPaths {
        let any_named = !(projects.is_empty() && capital.is_empty() && targets.is_empty() && operations.is_empty());
        let sample_only = any_named && config.source.is_built_in();
        let pick = |cli: &[String], from_config: &[String]| {
            if !cli.is_empty() {
                cli.to_vec()
            } else if sample_only {
                Vec::new()
            } else {
                from_config.to_vec()
            }
        };
        InputPaths {
            projects: pick(projects, &config.projects),
            capital: pick(capital, &config.capital),
            targets: pick(targets, &config.targets_files),
            operations: pick(operations, &config.operations),
        }
    }
}

/// Every file read, by kind, in path order.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Project registers.
    pub projects: Vec<ReadFile>,
    /// Capital ledgers.
    pub capital: Vec<ReadFile>,
    /// Target files.
    pub targets: Vec<ReadFile>,
    /// Operations files.
    pub operations: Vec<ReadFile>,
    /// Lock files a glob matched and the run passed over (a workbook open in
    /// Excel or WPS), with the kind of input the glob was for.
    pub lock_files: Vec<(InputKind, PathBuf)>,
}

/// Reads every input file. Project registers are required; ledgers and targets may
/// be absent (no capital, no targets).
pub fn read_inputs(paths: &InputPaths, config: &Config) -> Result<Inputs> {
    if paths.projects.is_empty() {
        return Err(Error::Usage(Box::new(Msg::NoProjectsGiven {})));
    }
    // Every pattern is expanded first, so a glob matching nothing is reported
    // before any file is read; then one task per file (the ledger read while the
    // registers are), results kept in path order so the run stays deterministic
    // and the first failing file in that order is the one reported.
    let mut jobs: Vec<(InputKind, PathBuf)> = Vec::new();
    let mut passed_over: Vec<(InputKind, PathBuf)> = Vec::new();
    for (patterns, kind) in [
        (&paths.projects, InputKind::Projects),
        (&paths.capital, InputKind::Capital),
        (&paths.targets, InputKind::Targets),
        (&paths.operations, InputKind::Operations),
    ] {
        let (files, lock_files) = expand(patterns, kind).map_err(|e| match e {
            // The built-in config's inputs are the sample beside the source;
            // a pattern from the command line is the user's own.
            Error::NoInput { kind, pattern, .. }
                if config.source.is_built_in()
                    && [&config.projects, &config.capital, &config.targets_files, &config.operations]
                        .iter()
                        .any(|from_config| from_config.contains(&pattern)) =>
            {
                Error::NoInput { kind, pattern, built_in: true }
            }
            e => e,
        })?;
        jobs.extend(files.into_iter().map(|path| (kind, path)));
        passed_over.extend(lock_files.into_iter().map(|path| (kind, path)));
    }
    use rayon::prelude::*;
    let read: Vec<Result<ReadFile>> = jobs.par_iter().map(|(kind, path)| read_file(path, *kind, config)).collect();
    let mut inputs = Inputs {
        projects: Vec::new(),
        capital: Vec::new(),
        targets: Vec::new(),
        operations: Vec::new(),
        lock_files: passed_over,
    };
    for ((kind, _), file) in jobs.iter().zip(read) {
        let file = file?;
        match kind {
            InputKind::Projects => inputs.projects.push(file),
            InputKind::Capital => inputs.capital.push(file),
            InputKind::Targets => inputs.targets.push(file),
            InputKind::Operations => inputs.operations.push(file),
        }
    }
    Ok(inputs)
}

/// Reads one parquet sidecar (`projects`, `districts`) of an earlier run.
fn read_sidecar(dir: &Path, name: &str) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::{ParquetReader, SerReader};
    let path = dir.join(format!("{name}.parquet"));
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, L::IoCannotReadBaseline, e))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|e| Error::unreadable(InputPlace::file(&path), Msg::NotASidecar { name: name.to_string() }, e))
}

/// An earlier run's outputs: its sidecars and, when present and readable, its
/// `run.json` (weights, config SHA-256s, period).
#[derive(Debug, Clone)]
pub(crate) struct EarlierRun {
    /// `projects.parquet`.
    pub projects: polars::prelude::DataFrame,
    /// `districts.parquet`.
    pub districts: polars::prelude::DataFrame,
    /// `run.json`, parsed.
    pub summary: Option<serde_json::Value>,
}

/// Reads an earlier run's output folder. The sidecars are required; `run.json` is
/// optional (a folder copied without it still compares, by weights unknown).
pub(crate) fn read_earlier_run(dir: &Path) -> Result<EarlierRun> {
    let projects = read_sidecar(dir, "projects")?;
    let districts = read_sidecar(dir, "districts")?;
    let path = dir.join("run.json");
    let summary = std::fs::File::open(&path).ok().and_then(|file| {
        use std::io::Read;
        let mut text = String::new();
        // A run.json is a few kilobytes; a larger one is not ours.
        file.take(16 << 20).read_to_string(&mut text).ok()?;
        serde_json::from_str(&text).ok()
    });
    Ok(EarlierRun { projects, districts, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_lexically() {
        assert_eq!(clean_path(Path::new("config/../fixtures/sample/a.xlsx")), PathBuf::from("fixtures/sample/a.xlsx"));
        assert_eq!(clean_path(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(clean_path(Path::new("../x")), PathBuf::from("../x"));
    }

    /// A workbook someone has open leaves a lock file beside it; a glob passes
    /// over it (and says so), a glob of nothing but lock files matches nothing.
    #[test]
    fn a_glob_passes_over_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["01-wuhua.xlsx", "~$01-wuhua.xlsx", ".~02-panlong.xlsx", ".~lock.01-wuhua.xlsx#"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let pattern = format!("{}/*", dir.path().display());
        let (files, locks) = expand(std::slice::from_ref(&pattern), InputKind::Projects).unwrap();
        assert_eq!(files, [dir.path().join("01-wuhua.xlsx")]);
        assert_eq!(locks.len(), 3, "{locks:?}");
        let only_locks = format!("{}/~$*", dir.path().display());
        assert_eq!(expand(&[only_locks], InputKind::Projects).unwrap_err().code(), 74);
        // Named as a plain path, a lock file is what was asked for.
        let named = dir.path().join("~$01-wuhua.xlsx").display().to_string();
        assert_eq!(expand(&[named], InputKind::Projects).unwrap().0.len(), 1);
    }

    #[test]
    fn a_glob_matching_nothing_is_an_input_error() {
        let err = expand(&["/nonexistent-chainscore/*.xlsx".into()], InputKind::Projects).unwrap_err();
        assert_eq!(err.code(), 74);
        assert!(err.to_string().contains("matches no file"));
    }
}
