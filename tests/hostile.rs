//! The hostile-file table: every odd file in `fixtures/broken/`, run through the
//! binary in a child process under a memory limit, with the exit code it must
//! give, words its one-sentence answer must hold (naming the file), and its peak
//! memory, which must stay under 512 MiB whatever the file claims.
//!
//! The child's address space is capped at 1 GiB (`RLIMIT_AS`), so a file that
//! makes a reader allocate without bound fails here instead of taking the
//! machine; its peak resident memory comes from `wait4`'s resource usage.
//! `fixtures/broken/README.md` says what each file is.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::support::root;

/// What a child run did.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    peak_mb: f64,
}

const ADDRESS_SPACE_LIMIT: u64 = 1 << 30;
const PEAK_LIMIT_MB: f64 = 512.0;

/// Runs the binary from the repository root under the memory limit.
fn run_limited(args: &[&str]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chainscore"));
    command.current_dir(root()).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: ADDRESS_SPACE_LIMIT, rlim_max: ADDRESS_SPACE_LIMIT };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("the binary starts");
    // Both pipes are drained at once: a child filling one while we wait on the
    // other would block.
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut stdout = String::new();
        out.read_to_string(&mut stdout).map(|_| stdout)
    });
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let stdout = reader.join().unwrap().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 + libc::WTERMSIG(status) };
    // The child is reaped; keep std from waiting for it again.
    std::mem::forget(child);
    Outcome { code, stdout, stderr, peak_mb: usage.ru_maxrss as f64 / 1024.0 }
}

/// A file refused in one sentence on stderr.
struct Refusal {
    /// The file in `fixtures/broken/`.
    file: &'static str,
    /// The exit code.
    code: i32,
    /// Words the sentence holds.
    words: &'static str,
}

/// A file read row by row: its exit code and, when it has a fault, words of
/// an issue about the file in `validate --format json`.
struct Rows {
    file: &'static str,
    code: i32,
    issue: Option<&'static str>,
}

#[rustfmt::skip]
const REFUSALS: &[Refusal] = &[
    // Archives and compound files that declare more than they hold.
    Refusal { file: "zip-bomb.xlsx", code: 65, words: "refused: its member xl/worksheets/sheet1.xml would inflate 1010 times" },
    Refusal { file: "sst-claim.xlsx", code: 65, words: "refused: its shared-strings part claims 1000000000000000 strings" },
    Refusal { file: "far-cells.xls", code: 65, words: "refused: the sheet spans 65536 rows × 256 columns" },
    Refusal { file: "xls-dimensions.xls", code: 65, words: "refused: the sheet spans 4294967280 rows × 21 columns" },
    // Found by fuzz/file_xls: 17 KB whose cells span 4.2 million cells, within
    // the old dense limit (a quarter of max_cells), took 350 MB; now refused.
    Refusal { file: "xls-dense-area.xls", code: 65, words: "refused: the sheet spans 4115 rows × 1028 columns = 4230220 cells, over the limit of 2500000" },
    // Found by fuzz/file_xls: a Workbook stream longer in the directory than in
    // its sectors, whose tail hid a sheet's cells from the record walk while
    // calamine reached them; it took 12.7 GB and a minute. Now the stream is
    // read whole first, and each sheet is also walked from its own offset.
    Refusal { file: "xls-stream-length.xls", code: 74, words: "its Workbook stream is damaged: it ends before the length its directory gives" },
    Refusal { file: "xls-dimensions-backwards.xls", code: 74, words: "sheet #1 declares impossible dimensions" },
    // Found by fuzz/file_xls: a worksheet whose BOF record claims another kind
    // of substream slipped past the cell count and took 1.1 GB in calamine.
    Refusal { file: "xls-bof-type.xls", code: 65, words: "refused: the sheet spans 269 rows × 65535 columns" },
    Refusal { file: "xls-name.xls", code: 74, words: "it holds a damaged defined-name record" },
    Refusal { file: "xls-name-long.xls", code: 74, words: "it is not a readable workbook" },
    Refusal { file: "xls-name-ptg.xls", code: 74, words: "its reader failed on damaged content" },
    Refusal { file: "repeat-bomb.ods", code: 65, words: "refused: the sheet spans 1000000 rows × 1000 columns" },
    Refusal { file: "ods-formula-repeat.ods", code: 65, words: "refused: the sheet spans 100000 rows × 16000 columns" },
    Refusal { file: "ods-space-run.ods", code: 65, words: "asks for 100000000 repeated spaces" },
    // Found by fuzz/file_parquet: a page header declaring -1 bytes; polars-parquet
    // asserted on a pool thread and the panic was printed with its backtrace
    // before the refusal. Now the page headers are checked first (and a pool
    // thread's panic would be said in the refusal's one line).
    Refusal { file: "parquet-dictionary.parquet", code: 65, words: "refused: a page at byte 407 declares -1 bytes where its column chunk has 228" },
    // Found by fuzz/file_parquet: a page whose value count is negative; polars
    // reserved 2^61 bytes for its validity and the process aborted.
    Refusal { file: "parquet-page-count.parquet", code: 65, words: "refused: a page at byte 3012 declares more values than its column chunk holds" },
    // Found by fuzz/file_parquet: a footer whose field headers a plain Thrift
    // reading does not place where polars does, over a page with a negative
    // value count (an abort): the pages are now checked where polars' own
    // reading of the footer puts them.
    Refusal { file: "parquet-footer-fields.parquet", code: 65, words: "refused: a page at byte 103 declares more values than its column chunk holds" },
    // Found by fuzz/file_parquet: a footer list claiming 1.2 × 10^16 entries,
    // which polars reserved at once and the process aborted.
    Refusal { file: "parquet-footer-count.parquet", code: 65, words: "refused: its metadata declares a list of 12077475184243328 entries in 2928 bytes" },
    // Found by fuzz/file_parquet: a footer whose field 4 (the row groups) says
    // it is something else. polars reads a field by its id, not by its header,
    // so a walk by declared types passed it, and polars reserved 49.8 GB and
    // the process aborted. The footer is now walked by polars' own field table.
    Refusal { file: "parquet-footer-alloc.parquet", code: 65, words: "refused: its metadata declares a list of 30842599794 entries in 929 bytes; the file is damaged: export it again" },
    // Found while fixing the one above: a schema of 2000 nested groups made
    // polars' recursive schema reader overflow its stack (an abort).
    Refusal { file: "parquet-schema-depth.parquet", code: 65, words: "refused: its schema nests groups deeper than 64 levels" },
    Refusal { file: "not-a-workbook.xlsx", code: 74, words: "cannot be read: it is not a valid spreadsheet archive" },
    Refusal { file: "password.xlsx", code: 74, words: "it is protected by a password" },
    // Headers that are not there.
    Refusal { file: "missing-column.xlsx", code: 65, words: "row 1 comes closest but lacks project_id" },
    Refusal { file: "no-header.xlsx", code: 65, words: "no header row found in the first 20 rows" },
    // CSV quotes that would swallow rows.
    Refusal { file: "unterminated-quote-eof.csv", code: 65, words: "the quote opening a cell on line 3 is never closed" },
    Refusal { file: "unterminated-quote.csv", code: 65, words: "the quote opening a cell on line 3 closes only on line 7" },
    // Configs.
    Refusal { file: "extends-dev-zero.toml", code: 78, words: "`extends` names /dev/zero, which is not a regular file" },
    Refusal { file: "extends-folder.toml", code: 78, words: "which is a folder" },
    Refusal { file: "empty-extends.toml", code: 78, words: "`extends` must be a file name in quotes" },
    Refusal { file: "utf16.toml", code: 78, words: "is UTF-16 text; save it as UTF-8" },
    Refusal { file: "invalid-utf8.toml", code: 78, words: "is not UTF-8 text (line 2)" },
    Refusal { file: "weights-overflow.toml", code: 78, words: "the weights are too large to add up" },
    Refusal { file: "weights-overflow-indicators.toml", code: 78, words: "the weights are too large to add up" },
    Refusal { file: "negative-weight.toml", code: 78, words: "a weight cannot be negative" },
    Refusal { file: "unknown-key.toml", code: 78, words: "did you mean `weight`?" },
];

#[rustfmt::skip]
const ROWS: &[Rows] = &[
    Rows { file: "good-register.xlsx", code: 0, issue: None },
    Rows { file: "bad-date.xlsx", code: 65, issue: Some("signed_on `2022-02-30` is not a date") },
    Rows { file: "bad-investment.xlsx", code: 65, issue: Some("total_investment `12,3a` is not a number") },
    Rows { file: "bad-number.xlsx", code: 0, issue: Some("land_area `二十亩` is not a number") },
    Rows { file: "bad-serials.xlsx", code: 65, issue: Some("signed_on `#NUM!`") },
    Rows { file: "duplicate-id.xlsx", code: 65, issue: Some("project_id `B-001` already appears") },
    Rows { file: "missing-id.xlsx", code: 65, issue: Some("project_id is missing") },
    Rows { file: "unknown-chain.xlsx", code: 65, issue: Some("did you mean `新材料`?") },
    Rows { file: "unknown-district.xlsx", code: 65, issue: Some("did you mean `五华区`?") },
    Rows { file: "far-cell.xlsx", code: 0, issue: Some("rows 3–1048575 are blank") },
    Rows { file: "drag-filled.xlsx", code: 0, issue: Some("hold values only in columns that are not read") },
    Rows { file: "excel365-errors.xlsx", code: 0, issue: Some("`#SPILL!` is an error value") },
    Rows { file: "two-level-header.xlsx", code: 0, issue: None },
    Rows { file: "merged-title-row.xlsx", code: 0, issue: None },
    Rows { file: "chart-first.xlsx", code: 0, issue: None },
    Rows { file: "brackets[2022].xlsx", code: 0, issue: None },
    Rows { file: "invisible-chars.xlsx", code: 0, issue: None },
    Rows { file: "escape-codes.xlsx", code: 0, issue: None },
    Rows { file: "long-cell.xlsx", code: 0, issue: None },
    Rows { file: "long-line.csv", code: 0, issue: Some("totals row") },
    Rows { file: "many-headers.csv", code: 0, issue: Some("totals row") },
    Rows { file: "xls-named-xlsx.xlsx", code: 0, issue: Some("totals row") },
    Rows { file: "xlsx-named-xls.xls", code: 0, issue: Some("totals row") },
];

/// Files read as a ledger beside a good register rather than as a register.
const LEDGERS: &[&str] = &["bad-period-ledger.xlsx"];

fn path_of(file: &str) -> String {
    format!("fixtures/broken/{file}")
}

#[test]
fn hostile_files_are_refused_in_one_sentence_naming_them_within_512_mib() {
    let mut failures = Vec::new();
    for case in REFUSALS {
        let path = path_of(case.file);
        let flag = if case.file.ends_with(".toml") { "--config" } else { "--projects" };
        let outcome = run_limited(&["-q", "validate", flag, &path]);
        let mut wrong = Vec::new();
        if outcome.code != case.code {
            wrong.push(format!("exit {} (want {})", outcome.code, case.code));
        }
        if !outcome.stderr.contains(case.words) {
            wrong.push(format!("stderr lacks {:?}", case.words));
        }
        if !outcome.stderr.contains(&path) {
            wrong.push("stderr does not name the file".to_string());
        }
        if outcome.stderr.lines().count() != 1 {
            wrong.push(format!("{} lines, not one", outcome.stderr.lines().count()));
        }
        if outcome.peak_mb >= PEAK_LIMIT_MB {
            wrong.push(format!("peak {:.0} MB", outcome.peak_mb));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n    stderr: {}", case.file, wrong.join("; "), outcome.stderr.trim()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn odd_files_read_row_by_row_account_for_every_row_within_512_mib() {
    let mut failures = Vec::new();
    let cases = ROWS
        .iter()
        .map(|r| (r.file, r.code, r.issue, false))
        .chain(LEDGERS.iter().map(|f| (*f, 65, Some("period `上个月` is not a month"), true)));
    for (file, code, issue, ledger) in cases {
        let path = path_of(file);
        let mut args = vec!["-q", "validate", "--format", "json"];
        let good = path_of("good-register.xlsx");
        if ledger {
            args.extend(["--projects", &good, "--capital", &path]);
        } else {
            args.extend(["--projects", &path]);
        }
        let outcome = run_limited(&args);
        let mut wrong = Vec::new();
        if outcome.code != code {
            wrong.push(format!("exit {} (want {}); stderr: {}", outcome.code, code, outcome.stderr.trim()));
        }
        if outcome.peak_mb >= PEAK_LIMIT_MB {
            wrong.push(format!("peak {:.0} MB", outcome.peak_mb));
        }
        if outcome.stdout.contains('\u{1b}') {
            wrong.push("an escape character reached stdout".into());
        }
        match serde_json::from_str::<serde_json::Value>(&outcome.stdout) {
            Err(e) => wrong.push(format!("stdout is not JSON ({e})")),
            Ok(report) => {
                let messages: Vec<&str> = report["issues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["file"] == path.as_str() && i["severity"] != "info")
                    .map(|i| i["message"].as_str().unwrap())
                    .collect();
                let all: Vec<&str> = report["issues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["file"] == path.as_str())
                    .map(|i| i["message"].as_str().unwrap())
                    .collect();
                match issue {
                    Some(words) if !all.iter().any(|m| m.contains(words)) => {
                        wrong.push(format!("no issue says {words:?}: {all:?}"));
                    }
                    None if !messages.is_empty() => wrong.push(format!("unexpected issues: {messages:?}")),
                    _ => {}
                }
                for a in report["accounting"].as_array().unwrap().iter().filter(|a| a["file"] == path.as_str()) {
                    let n = |k: &str| a[k].as_u64().unwrap();
                    if n("read") != n("used") + n("exempt") + n("out_of_scope") + n("skipped") {
                        wrong.push(format!("rows unaccounted for: {a}"));
                    }
                }
            }
        }
        if !wrong.is_empty() {
            failures.push(format!("{file}: {}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every file in `fixtures/broken/` has its row in one of the tables.
#[test]
fn every_file_in_the_folder_is_in_a_table() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("fixtures/broken")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") || name.ends_with(".py") {
            continue;
        }
        let listed = REFUSALS.iter().any(|c| c.file == name)
            || ROWS.iter().any(|c| c.file == name)
            || LEDGERS.contains(&name.as_str());
        if !listed {
            missing.push(name);
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "files without a row in the tables: {missing:?}");
}
