//! `chainscore init` end to end: it writes a starter config and four templates,
//! refuses to write over them, and — the acceptance test — the templates filled
//! with the sample's rows validate without an error or a warning. That proves the
//! templates' header rows are ones the reader matches, that the starter config
//! points at them, and that their drop-downs offer what validation accepts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chainscore::config::{Config, OrderedMap};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

use crate::support::{Test, Workdir, root};

/// The files `init` writes.
const FILES: [&str; 5] = ["chainscore.toml", "projects.xlsx", "capital.xlsx", "targets.xlsx", "operations.xlsx"];

fn contents(dir: &Path) -> Vec<Vec<u8>> {
    FILES.iter().map(|name| std::fs::read(dir.join(name)).unwrap()).collect()
}

#[test]
fn init_writes_five_files_and_refuses_to_write_over_them() {
    let work = Workdir::new();
    let dir = work.join("eval");
    let outcome = Test::new().arg("init").arg(&dir).run();
    for name in FILES {
        assert!(dir.join(name).is_file(), "{name} was not written");
        assert!(outcome.stdout.contains(&dir.join(name).display().to_string()), "{}", outcome.stdout);
    }
    assert!(
        outcome.stdout.contains("chainscore --config ") && outcome.stdout.contains("chainscore.toml validate\n"),
        "{}",
        outcome.stdout
    );
    // Without --period, the period of the config in force.
    let config = std::fs::read_to_string(dir.join("chainscore.toml")).unwrap();
    assert!(config.lines().any(|l| l == "period = \"2022Q4\""), "{config}");

    let before = contents(&dir);
    let refused = Test::new().arg("init").arg(&dir).args(["--period", "2023Q1"]).code(2).run();
    let first = dir.join("chainscore.toml").display().to_string();
    assert!(
        refused.stderr.contains(&format!("chainscore: 错误：{first}、"))
            && refused.stderr.contains("operations.xlsx 已存在。加 --force 覆盖，或换一个文件夹。"),
        "{}",
        refused.stderr
    );
    assert!(contents(&dir) == before, "a refused init changed a file");

    // With --force the files are written again, byte for byte the same.
    Test::new().arg("init").arg(&dir).arg("--force").run();
    assert!(contents(&dir) == before, "init wrote different bytes for the same period");
}

/// A sheet as rows of cells.
type Rows = Vec<Vec<Data>>;

/// One data row: canonical column → cell, blank cells left out.
type Record = BTreeMap<String, Data>;

/// Folded as the reader folds headers: NFKC, no white space, lower case.
fn fold(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// A folded header without its trailing unit in brackets: `用地面积(亩)` → `用地面积`.
fn without_unit(folded: &str) -> Option<&str> {
    let stem = folded.strip_suffix(')')?;
    let open = stem.rfind('(')?;
    Some(&folded[..open]).filter(|s| !s.is_empty())
}

/// The column a header names under `aliases` (`[columns.<kind>]` of the default
/// config): its key or an alias, folded, then without a trailing unit.
fn canonical(header: &str, aliases: &OrderedMap<Vec<String>>) -> Option<String> {
    let find = |folded: &str| {
        aliases
            .iter()
            .find(|(key, words)| fold(key) == folded || words.iter().any(|w| fold(w) == folded))
            .map(|(key, _)| key.clone())
    };
    let folded = fold(header);
    if folded.is_empty() {
        return None;
    }
    find(folded.as_str()).or_else(|| without_unit(&folded).and_then(find))
}

/// Every sheet of a sample file as rows; a merged region holds its top-left value
/// in every cell, as the reader fills it (盘龙区 is merged down its column). A CSV
/// export is GB18030 text.
fn sheets_of(path: &Path) -> Vec<Rows> {
    if path.extension().is_some_and(|e| e == "csv") {
        let bytes = std::fs::read(path).unwrap();
        let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let rows: Rows = reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                record
                    .iter()
                    .map(|f| if f.trim().is_empty() { Data::Empty } else { Data::String(f.to_string()) })
                    .collect()
            })
            .collect();
        return vec![rows];
    }
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = workbook.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let range = workbook.worksheet_range(&name).unwrap();
        let (height, width) = range.end().map(|(r, c)| (r + 1, c + 1)).unwrap_or((0, 0));
        let mut rows: Rows = (0..height)
            .map(|r| (0..width).map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty)).collect())
            .collect();
        for region in workbook.merge_cells_by_sheet_name(&name).unwrap() {
            let (top, left) = (region.start.0 as usize, region.start.1 as usize);
            let value = rows.get(top).and_then(|row| row.get(left)).cloned().unwrap_or(Data::Empty);
            for r in region.start.0..=region.end.0 {
                for c in region.start.1..=region.end.1 {
                    if let Some(cell) = rows.get_mut(r as usize).and_then(|row| row.get_mut(c as usize)) {
                        *cell = value.clone();
                    }
                }
            }
        }
        sheets.push(rows);
    }
    sheets
}

/// The header row of a sheet: the first of its first 20 rows naming three
/// columns or more, with the column each of its cells names.
fn header_row(rows: &Rows, aliases: &OrderedMap<Vec<String>>) -> Option<(usize, BTreeMap<usize, String>)> {
    rows.iter().take(20).enumerate().find_map(|(r, row)| {
        let columns: BTreeMap<usize, String> = row
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| match cell {
                Data::String(text) => canonical(text, aliases).map(|name| (c, name)),
                _ => None,
            })
            .collect();
        (columns.len() >= 3).then_some((r, columns))
    })
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The data rows of the first sheet of a sample file with a header row. Only rows
/// with a `key` cell are kept: that drops the blank row, the 合计 row and the 注
/// row under each register (their id cell is empty), and nothing else — the
/// caller checks the counts.
fn records(path: &Path, aliases: &OrderedMap<Vec<String>>, key: &str) -> Vec<Record> {
    let sheets = sheets_of(path);
    let (rows, (at, columns)) = sheets
        .iter()
        .find_map(|rows| header_row(rows, aliases).map(|header| (rows, header)))
        .unwrap_or_else(|| panic!("{}: no sheet has a header row", path.display()));
    rows[at + 1..]
        .iter()
        .map(|row| {
            columns
                .iter()
                .filter_map(|(c, name)| {
                    row.get(*c).filter(|cell| !is_blank(cell)).map(|cell| (name.clone(), cell.clone()))
                })
                .collect::<Record>()
        })
        .filter(|record| record.contains_key(key))
        .collect()
}

/// A template's data sheet (its first): its name, and its header row as
/// (column, header, canonical name). Every header must name a column.
fn template_header(path: &Path, aliases: &OrderedMap<Vec<String>>) -> (String, Vec<(u16, String, String)>) {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let width = range.end().map(|(_, c)| c + 1).unwrap_or(0);
    let header = (0..width)
        .filter_map(|c| match range.get_value((0, c)) {
            Some(Data::String(text)) => {
                let key = canonical(text, aliases)
                    .unwrap_or_else(|| panic!("{}: the header `{text}` names no column", path.display()));
                Some((c as u16, text.clone(), key))
            }
            _ => None,
        })
        .collect();
    (name, header)
}

/// A template's drop-down values by canonical column, read from its hidden
/// `lists` sheet, where a label `可选值：<header>` heads each list.
fn drop_downs(path: &Path, header: &[(u16, String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    if !workbook.sheet_names().iter().any(|name| name == "下拉选项") {
        return BTreeMap::new();
    }
    let range = workbook.worksheet_range("下拉选项").unwrap();
    let (height, width) = range.end().map(|(r, c)| (r + 1, c + 1)).unwrap_or((0, 0));
    let mut lists = BTreeMap::new();
    for c in 0..width {
        let Some(Data::String(label)) = range.get_value((0, c)) else { continue };
        let title = label.strip_prefix("可选值：").unwrap_or_else(|| panic!("`{label}` is not a list's label"));
        let (_, _, key) = header
            .iter()
            .find(|(_, h, _)| h == title)
            .unwrap_or_else(|| panic!("the list `{label}` is of no column of the template"));
        let values: BTreeSet<String> = (1..height)
            .filter_map(|r| match range.get_value((r, c)) {
                Some(Data::String(s)) => Some(s.clone()),
                _ => None,
            })
            .collect();
        lists.insert(key.clone(), values);
    }
    lists
}

/// Writes `records` into the template at `path`, as a user filling it would:
/// the template's data sheet name and header row, one record per row below, each
/// cell under the header of its canonical column (the 说明 and lists sheets are
/// not needed to read it). A value the template's drop-down does not offer is
/// left blank and noted in `outside`: a user of the drop-down could not have
/// chosen it.
fn fill(
    path: &Path,
    aliases: &OrderedMap<Vec<String>>,
    records: Vec<Record>,
    outside: &mut BTreeSet<(String, String)>,
) {
    let (sheet, header) = template_header(path, aliases);
    let lists = drop_downs(path, &header);
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(&sheet).unwrap();
    for (col, text, _) in &header {
        worksheet.write_string(0, *col, text).unwrap();
    }
    for (i, mut record) in records.into_iter().enumerate() {
        for (key, values) in &lists {
            if let Some(Data::String(value)) = record.get(key)
                && !values.contains(value.trim())
            {
                outside.insert((key.clone(), value.trim().to_string()));
                record.remove(key);
            }
        }
        for key in record.keys() {
            assert!(header.iter().any(|(_, _, k)| k == key), "{}: the template has no column `{key}`", path.display());
        }
        let row = i as u32 + 1;
        for (col, _, key) in &header {
            let Some(cell) = record.get(key) else { continue };
            let written = match cell {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => worksheet.write_string(row, *col, s),
                Data::Float(f) => worksheet.write_number(row, *col, *f),
                Data::Int(n) => worksheet.write_number(row, *col, *n as f64),
                Data::Bool(b) => worksheet.write_boolean(row, *col, *b),
                Data::DateTime(d) => worksheet.write_number_with_format(row, *col, d.as_f64(), &date),
                Data::Error(_) | Data::Empty => continue,
            };
            written.unwrap();
        }
    }
    workbook.save(path).unwrap();
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn the_templates_filled_with_the_sample_validate_without_errors_or_warnings() {
    let work = Workdir::new();
    let dir = work.join("eval");
    Test::new().arg("init").arg(&dir).args(["--period", "2022Q4"]).run();
    let config = Config::load(&root().join("config/default.toml")).unwrap();
    let sample = root().join("fixtures/sample");

    // What is copied: every data row of the sample — the seven registers (the
    // GB18030 CSV included), the ledger and the targets — and nothing of the rows
    // the sample's own validation skips (a blank row, a 合计 row and a 注 row under
    // each register). 254 register rows: 234 in scope for 2022Q4, 20 signed later.
    let columns = &config.columns;
    let registers: Vec<Record> = files_in(&sample.join("projects"))
        .iter()
        .flat_map(|path| records(path, &columns.projects, "project_id"))
        .collect();
    let ledger = records(&sample.join("capital/ledger-2021-2023.xlsx"), &columns.capital, "project_id");
    let targets = records(&sample.join("targets.xlsx"), &columns.targets, "district");
    assert_eq!((registers.len(), ledger.len(), targets.len()), (254, 1930, 21));

    let mut outside = BTreeSet::new();
    fill(&dir.join("projects.xlsx"), &columns.projects, registers, &mut outside);
    fill(&dir.join("capital.xlsx"), &columns.capital, ledger, &mut outside);
    fill(&dir.join("targets.xlsx"), &columns.targets, targets, &mut outside);
    let operations = records(&sample.join("operations.csv"), &columns.operations, "project_id");
    assert_eq!(operations.len(), 5);
    fill(&dir.join("operations.xlsx"), &columns.operations, operations, &mut outside);
    // The one value of the sample no drop-down offers: SM-2022-005's investor tier
    // (the sample's only warning), left blank like a user of the template would.
    let expected: BTreeSet<(String, String)> = [("investor_tier".to_string(), "外资企业".to_string())].into();
    assert_eq!(outside, expected);

    let json = Test::new()
        .arg("--config")
        .arg(dir.join("chainscore.toml"))
        .args(["-q", "validate", "--format", "json", "--period", "2022Q4"])
        .run()
        .json();
    let loud: Vec<&Json> = json["issues"].as_array().unwrap().iter().filter(|i| i["severity"] != "info").collect();
    assert!(loud.is_empty(), "errors or warnings: {loud:#?}");
    assert_eq!(json["counts"]["error"], 0);
    assert_eq!(json["counts"]["warning"], 0);
    let accounting = json["accounting"].as_array().unwrap();
    assert_eq!(accounting.len(), 4, "the four filled templates and nothing else: {accounting:#?}");
    for file in accounting {
        assert_eq!(file["skipped"], 0, "{file}");
        assert!(file["file"].as_str().unwrap().starts_with(&dir.display().to_string()), "{file}");
    }
    let used = |kind: &str| accounting.iter().find(|a| a["kind"] == kind).unwrap()["used"].as_u64().unwrap();
    // The same as the sample itself (tests/validate.rs).
    assert_eq!((used("projects"), used("capital"), used("targets")), (234, 1668, 7));
    // The sample's operations rows, all of projects in scope.
    assert_eq!(used("operations"), 5);
}
