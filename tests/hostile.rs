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

/// A file read row by row: its exit code and, when it has a fault, an issue
/// about the file in `validate --format json`.
struct Rows {
    file: &'static str,
    code: i32,
    issue: Option<Want>,
}

/// An issue a file must give: its stable code, words of its message (in the
/// run's language, Chinese by default) and, for a run of identical rows told
/// once, its first and last row (0: any).
#[derive(Clone, Copy)]
struct Want {
    code: &'static str,
    words: &'static str,
    first: u64,
    last: u64,
}

/// An issue of `code` whose message holds `words`.
const fn says(code: &'static str, words: &'static str) -> Option<Want> {
    Some(Want { code, words, first: 0, last: 0 })
}

/// One issue of `code` for the run of rows `first` to `last` (0: any).
const fn spans(code: &'static str, words: &'static str, first: u64, last: u64) -> Option<Want> {
    Some(Want { code, words, first, last })
}

#[rustfmt::skip]
const REFUSALS: &[Refusal] = &[
    // Archives and compound files that declare more than they hold.
    Refusal { file: "zip-bomb.xlsx", code: 65, words: "：其中 xl/worksheets/sheet1.xml 解压后会膨胀 1010 倍（从 " },
    Refusal { file: "sst-claim.xlsx", code: 65, words: "：文件声称有 1000000000000000 个文本，但相应部件只有 " },
    Refusal { file: "far-cells.xls", code: 65, words: "：工作表声明的范围为 65536 行 × 256 列 = 16777216 个单元格，超过此格式的上限 2500000" },
    Refusal { file: "xls-dimensions.xls", code: 65, words: "：工作表声明的范围为 4294967280 行 × 21 列 = " },
    // Found by fuzz/file_xls: 17 KB whose cells span 4.2 million cells, within
    // the old dense limit (a quarter of max_cells), took 350 MB; now refused.
    Refusal { file: "xls-dense-area.xls", code: 65, words: "：工作表声明的范围为 4115 行 × 1028 列 = 4230220 个单元格，超过此格式的上限 2500000" },
    // Found by fuzz/file_xls: a Workbook stream longer in the directory than in
    // its sectors, whose tail hid a sheet's cells from the record walk while
    // calamine reached them; it took 12.7 GB and a minute. Now the stream is
    // read whole first, and each sheet is also walked from its own offset.
    Refusal { file: "xls-stream-length.xls", code: 74, words: "xls-stream-length.xls：.xls 工作簿的内容已损坏。在 Excel 中打开修复后另存为 .xlsx" },
    Refusal { file: "xls-dimensions-backwards.xls", code: 74, words: "：第 1 张工作表声明的范围不可能成立，文件已损坏" },
    // Found by fuzz/file_xls: a worksheet whose BOF record claims another kind
    // of substream slipped past the cell count and took 1.1 GB in calamine.
    Refusal { file: "xls-bof-type.xls", code: 65, words: "：工作表声明的范围为 269 行 × 65535 列 = " },
    Refusal { file: "xls-name.xls", code: 74, words: "xls-name.xls：.xls 工作簿的内容已损坏。" },
    Refusal { file: "xls-name-long.xls", code: 74, words: "：无法作为工作簿读取。在 Excel 或 WPS 中打开并另存为 .xlsx。" },
    Refusal { file: "xls-name-ptg.xls", code: 74, words: "xls-name-ptg.xls：读取时发现内容已损坏。" },
    Refusal { file: "repeat-bomb.ods", code: 65, words: "，工作表“项目表”：工作表声明的范围为 1000000 行 × 1000 列 = " },
    Refusal { file: "ods-formula-repeat.ods", code: 65, words: "：工作表声明的范围为 100000 行 × 16000 列 = " },
    Refusal { file: "ods-space-run.ods", code: 65, words: "：content.xml 要求在单元格中重复 100000000 个空格，上限为 16777216" },
    // Found by fuzz/file_parquet: a page header declaring -1 bytes; polars-parquet
    // asserted on a pool thread and the panic was printed with its backtrace
    // before the refusal. Now the page headers are checked first (and a pool
    // thread's panic would be said in the refusal's one line).
    Refusal { file: "parquet-dictionary.parquet", code: 65, words: "parquet-dictionary.parquet：parquet 文件已损坏。从原系统重新导出。" },
    // Found by fuzz/file_parquet: a page whose value count is negative; polars
    // reserved 2^61 bytes for its validity and the process aborted.
    Refusal { file: "parquet-page-count.parquet", code: 65, words: "parquet-page-count.parquet：parquet 文件已损坏。" },
    // Found by fuzz/file_parquet: a footer whose field headers a plain Thrift
    // reading does not place where polars does, over a page with a negative
    // value count (an abort): the pages are now checked where polars' own
    // reading of the footer puts them.
    Refusal { file: "parquet-footer-fields.parquet", code: 65, words: "parquet-footer-fields.parquet：parquet 文件已损坏。" },
    // Found by fuzz/file_parquet: a footer list claiming 1.2 × 10^16 entries,
    // which polars reserved at once and the process aborted.
    Refusal { file: "parquet-footer-count.parquet", code: 65, words: "parquet-footer-count.parquet：parquet 文件已损坏。" },
    // Found by fuzz/file_parquet: a footer whose field 4 (the row groups) says
    // it is something else. polars reads a field by its id, not by its header,
    // so a walk by declared types passed it, and polars reserved 49.8 GB and
    // the process aborted. The footer is now walked by polars' own field table.
    Refusal { file: "parquet-footer-alloc.parquet", code: 65, words: "parquet-footer-alloc.parquet：parquet 文件已损坏。从原系统重新导出。" },
    // Found while fixing the one above: a schema of 2000 nested groups made
    // polars' recursive schema reader overflow its stack (an abort).
    Refusal { file: "parquet-schema-depth.parquet", code: 65, words: "parquet-schema-depth.parquet：parquet 文件已损坏。" },
    Refusal { file: "not-a-workbook.xlsx", code: 74, words: "not-a-workbook.xlsx：不是有效的 .xlsx/.ods 文件（内容不是表格压缩包）" },
    Refusal { file: "password.xlsx", code: 74, words: "password.xlsx：文件设有打开密码，无法读取。在 Excel 或 WPS 中打开，取消密码" },
    // Files that are not what their name says, or that hide what they hold
    // (issue L): each refused for its real reason.
    Refusal { file: "password.xls", code: 74, words: "password.xls：文件设有打开密码，无法读取" },
    Refusal { file: "password.ods", code: 74, words: "password.ods：文件设有打开密码，无法读取" },
    Refusal { file: "biff4.xls", code: 74, words: "biff4.xls：这是 Excel 4.0 的旧格式工作簿，格式过旧无法读取。在 Excel 或 WPS 中打开并另存为 .xlsx" },
    Refusal { file: "word-renamed.xlsx", code: 74, words: "word-renamed.xlsx：这是一份 Word 文档，不是表格文件。" },
    Refusal { file: "zip-not-workbook.xlsx", code: 74, words: "：这是一个不含工作簿的压缩包，不是表格文件" },
    Refusal { file: "pdf-renamed.xls", code: 74, words: "pdf-renamed.xls：这是一份 PDF 文件，不是表格文件" },
    Refusal { file: "html-two-tables.xls", code: 65, words: "：这是网页（HTML）格式的表格，其中有 2 张表（五华区、盘龙区），无法确定哪一张是登记表" },
    Refusal { file: "html-no-table.xls", code: 65, words: "html-no-table.xls：这是网页（HTML）文件，其中没有表格。从原系统导出 Excel 格式（.xlsx）的文件后再提交" },
    Refusal { file: "xlsb-record-claim.xlsb", code: 74, words: "xlsb-record-claim.xlsb：.xlsb 工作簿的内容已损坏" },
    // Headers that are not there.
    Refusal { file: "missing-column.xlsx", code: 65, words: "；第 1 行最接近，但缺少：项目编号" },
    Refusal { file: "no-header.xlsx", code: 65, words: "：前 20 行中找不到项目登记表的表头" },
    // CSV quotes that would swallow rows.
    Refusal { file: "unterminated-quote-eof.csv", code: 65, words: "：第 3 行的引号始终没有闭合，其后各行会被读成同一个单元格" },
    Refusal { file: "unterminated-quote.csv", code: 65, words: "：第 3 行的引号直到第 7 行才闭合，第 4–7 行会被读成同一个单元格" },
    // Configs.
    Refusal { file: "extends-dev-zero.toml", code: 78, words: "extends-dev-zero.toml 第 1 行，键 extends：extends 指向的 /dev/zero 不是普通文件（是管道或设备）" },
    Refusal { file: "extends-folder.toml", code: 78, words: "第 1 行，键 extends：extends 指向的 fixtures/broken/. 是文件夹，不是配置文件" },
    Refusal { file: "empty-extends.toml", code: 78, words: "empty-extends.toml 第 1 行，键 extends：extends 应为加引号的文件名" },
    Refusal { file: "utf16.toml", code: 78, words: "utf16.toml：配置文件是 UTF-16 编码，请另存为 UTF-8" },
    Refusal { file: "invalid-utf8.toml", code: 78, words: "invalid-utf8.toml：配置文件不是 UTF-8 编码，请另存为 UTF-8" },
    Refusal { file: "weights-overflow.toml", code: 78, words: "键 dimensions：权重太大，无法相加" },
    Refusal { file: "weights-overflow-indicators.toml", code: 78, words: "：权重太大，无法相加" },
    Refusal { file: "negative-weight.toml", code: 78, words: "键 dimensions.tech.weight：权重不能为负数（现为 -20）" },
    Refusal { file: "unknown-key.toml", code: 78, words: "未知的键 `weigth`，是否应为 `weight`？" },
];

#[rustfmt::skip]
const ROWS: &[Rows] = &[
    Rows { file: "good-register.xlsx", code: 0, issue: None },
    Rows { file: "bad-date.xlsx", code: 65, issue: says("V127", "签约时间“2022-02-30”不是日期") },
    Rows { file: "bad-investment.xlsx", code: 65, issue: says("V125", "计划总投资“12,3a”不是数字") },
    Rows { file: "bad-number.xlsx", code: 0, issue: says("V113", "用地面积“二十亩”不是数字，按未填处理") },
    Rows { file: "bad-serials.xlsx", code: 65, issue: says("V127", "签约时间“#NUM!”") },
    Rows { file: "duplicate-id.xlsx", code: 65, issue: says("V121", "项目编号“B-001”已出现在 ") },
    Rows { file: "missing-id.xlsx", code: 65, issue: says("V120", "缺少项目编号") },
    Rows { file: "unknown-chain.xlsx", code: 65, issue: says("V123", "是否应为“新材料”？") },
    Rows { file: "unknown-district.xlsx", code: 65, issue: says("V123", "是否应为“五华区”？") },
    Rows { file: "far-cell.xlsx", code: 0, issue: spans("V101", "空行", 3, 1_048_575) },
    Rows { file: "drag-filled.xlsx", code: 0, issue: spans("V104", "该行只在不读取的列中有内容", 0, 300_000) },
    Rows { file: "excel365-errors.xlsx", code: 0, issue: says("V114", "是公式错误值“#SPILL!”") },
    Rows { file: "two-level-header.xlsx", code: 0, issue: None },
    Rows { file: "merged-title-row.xlsx", code: 0, issue: None },
    Rows { file: "chart-first.xlsx", code: 0, issue: None },
    Rows { file: "brackets[2022].xlsx", code: 0, issue: None },
    Rows { file: "invisible-chars.xlsx", code: 0, issue: None },
    Rows { file: "escape-codes.xlsx", code: 0, issue: None },
    Rows { file: "long-cell.xlsx", code: 0, issue: None },
    Rows { file: "long-line.csv", code: 0, issue: says("V102", "合计行“") },
    Rows { file: "many-headers.csv", code: 0, issue: says("V102", "合计行“") },
    Rows { file: "xls-named-xlsx.xlsx", code: 0, issue: says("V102", "合计行“") },
    Rows { file: "xlsx-named-xls.xls", code: 0, issue: says("V102", "合计行“") },
    // What Excel or LibreOffice open and calamine refused whole, and text saved
    // under a workbook's name (issue L).
    Rows { file: "macro-sheet.xlsx", code: 0, issue: None },
    Rows { file: "dangling-sheet.xlsx", code: 0, issue: None },
    Rows { file: "ods-white-space.ods", code: 0, issue: says("V102", "合计行“") },
    Rows { file: "xls-byte-order.xls", code: 0, issue: says("V102", "合计行“") },
    Rows { file: "register.xlsb", code: 0, issue: None },
    Rows { file: "html-table.xls", code: 0, issue: None },
    Rows { file: "unicode-text.xls", code: 0, issue: None },
    Rows { file: "utf16be.csv", code: 0, issue: None },
    Rows { file: "utf32.csv", code: 0, issue: None },
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
        .chain(LEDGERS.iter().map(|f| (*f, 65, says("V131", "月份“上个月”无法识别"), true)));
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
                let all: Vec<&serde_json::Value> =
                    report["issues"].as_array().unwrap().iter().filter(|i| i["file"] == path.as_str()).collect();
                let row_is = |value: &serde_json::Value, want: u64| want == 0 || value.as_u64() == Some(want);
                match issue {
                    Some(want)
                        if !all.iter().any(|i| {
                            i["code"] == want.code
                                && i["message"].as_str().unwrap().contains(want.words)
                                && row_is(&i["row"], want.first)
                                && row_is(&i["last_row"], want.last)
                        }) =>
                    {
                        let said: Vec<String> = all
                            .iter()
                            .map(|i| format!("{} {}–{}: {}", i["code"], i["row"], i["last_row"], i["message"]))
                            .collect();
                        wrong.push(format!(
                            "no issue {} says {:?} (rows {}–{}): {said:?}",
                            want.code, want.words, want.first, want.last
                        ));
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
