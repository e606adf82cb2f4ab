//! Invariants of whole runs over generated inputs: registers of random projects,
//! some of them faulty the way offices' rows are (a missing id, a word where a
//! number belongs, an unknown district, a row repeated, a project signed after
//! the period, a blank row), written as xlsx, csv and parquet, and run through
//! the binary. Whatever the rows, for every case:
//!
//! - every row is accounted for, per file: read = scored + exempt + out of scope
//!   + skipped, and the scored rows are the projects in `projects.parquet`;
//! - the ranks form a competition ranking of the totals (1, 2, 2, 4);
//! - the same data as xlsx, csv or parquet gives the same scores, ranks and tiers;
//! - neither the order of the rows in a file nor the order of the files matters;
//! - one thread gives the same bytes as the machine's default.
//!
//! Each case runs the binary six times, so the cases are few and small; the
//! pure stages have their own, many-case properties in `properties.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;

use crate::support::{Test, Workdir, numbers, period_dir, read_parquet, root, strings};

/// [columns.projects] aliases, in the order the cells are generated.
const HEADERS: [&str; 17] = [
    "项目编号",
    "项目名称",
    "所属县区",
    "所在园区",
    "所属产业链",
    "链条环节",
    "投资方类别",
    "签约时间",
    "计划总投资",
    "固定资产投资",
    "用地面积",
    "达产年产值",
    "达产年税收",
    "研发投入",
    "是否高新技术企业",
    "发明专利",
    "新增就业",
];
const DISTRICTS: [(&str, &str); 3] = [("wuhua", "五华区"), ("panlong", "盘龙区"), ("guandu", "官渡区")];
const CHAINS: [&str; 4] = ["新材料", "电子信息", "生物医药", "化工"];
const LINKS: [&str; 4] = ["建链", "补链", "延链", ""];
const TIERS: [&str; 4] = ["世界500强", "上市公司", "其他", ""];

/// One register cell.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

/// A fault an office's row may have.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    None,
    MissingId,
    WordForInvestment,
    UnknownDistrict,
    SignedAfterPeriod,
    WordForPatents,
    RepeatOfPrevious,
    BlankRow,
}

#[derive(Debug, Clone)]
struct Row {
    district: usize,
    cells: Vec<Cell>,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        12 => Just(Fault::None),
        1 => Just(Fault::MissingId),
        1 => Just(Fault::WordForInvestment),
        1 => Just(Fault::UnknownDistrict),
        1 => Just(Fault::SignedAfterPeriod),
        1 => Just(Fault::WordForPatents),
        1 => Just(Fault::RepeatOfPrevious),
        1 => Just(Fault::BlankRow),
    ]
}

type Draw = (usize, usize, usize, usize, u32, f64, f64, f64, f64, u32, bool, Fault);

fn draw() -> impl Strategy<Value = Draw> {
    (
        0..DISTRICTS.len(),
        0..CHAINS.len(),
        0..LINKS.len(),
        0..TIERS.len(),
        0u32..1000,
        1_000f64..500_000.0,
        0.5f64..0.9,
        10f64..300.0,
        0.5f64..3.0,
        0u32..30,
        any::<bool>(),
        fault(),
    )
}

/// The register rows: projects numbered in draw order, faults applied.
fn rows_of(draws: &[Draw]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (n, &(district, chain, link, tier, day, total, fai_share, land, output_ratio, patents, high_tech, fault)) in
        draws.iter().enumerate()
    {
        if fault == Fault::RepeatOfPrevious
            && let Some(previous) = rows.iter().rev().find(|r| r.cells.iter().any(|c| *c != Cell::Blank))
        {
            rows.push(previous.clone());
            continue;
        }
        if fault == Fault::BlankRow {
            rows.push(Row { district, cells: vec![Cell::Blank; HEADERS.len()] });
            continue;
        }
        let signed = if fault == Fault::SignedAfterPeriod {
            NaiveDate::from_ymd_opt(2023, 3, 1).unwrap()
        } else {
            NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day as u64)
        };
        let total = total.round();
        let fai = (total * fai_share).round();
        let output = (fai * output_ratio).round();
        let text = |s: &str| if s.is_empty() { Cell::Blank } else { Cell::Text(s.to_string()) };
        let cells = vec![
            if fault == Fault::MissingId { Cell::Blank } else { Cell::Text(format!("G-{n:04}")) },
            Cell::Text(format!("{}项目{n}", CHAINS[chain])),
            Cell::Text(if fault == Fault::UnknownDistrict { "火星区" } else { DISTRICTS[district].1 }.to_string()),
            Cell::Blank,
            Cell::Text(CHAINS[chain].to_string()),
            text(LINKS[link]),
            text(TIERS[tier]),
            Cell::Date(signed),
            if fault == Fault::WordForInvestment { Cell::Text("待定".into()) } else { Cell::Number(total) },
            Cell::Number(fai),
            Cell::Number((land * 10.0).round() / 10.0),
            Cell::Number(output),
            Cell::Number((output * 0.05 * 10.0).round() / 10.0),
            Cell::Number((output * 0.02 * 10.0).round() / 10.0),
            Cell::Text(if high_tech { "是" } else { "否" }.into()),
            if fault == Fault::WordForPatents { Cell::Text("若干".into()) } else { Cell::Number(patents as f64) },
            Cell::Number(((patents * 37) % 900) as f64),
        ];
        rows.push(Row { district, cells });
    }
    // Every register here has at least one row skipped with an error.
    let mut last = rows
        .iter()
        .rev()
        .find(|r| r.cells.iter().any(|c| *c != Cell::Blank))
        .cloned()
        .unwrap_or(Row { district: 0, cells: vec![Cell::Text("名称".into()); HEADERS.len()] });
    last.cells[0] = Cell::Blank;
    rows.push(last);
    rows
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Fmt {
    Xlsx,
    Csv,
    Parquet,
}

impl Fmt {
    fn ext(self) -> &'static str {
        match self {
            Fmt::Xlsx => "xlsx",
            Fmt::Csv => "csv",
            Fmt::Parquet => "parquet",
        }
    }
}

fn write_xlsx(path: &Path, rows: &[&Row]) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, c, t).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Date(d) => {
                    let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                    sheet.write_datetime_with_format(r, c, when, &date).unwrap();
                }
                Cell::Blank => {}
            }
        }
    }
    workbook.save(path).unwrap();
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => format!("{n}"),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Blank => String::new(),
    }
}

fn write_csv(path: &Path, rows: &[&Row]) {
    let mut text = HEADERS.join(",") + "\n";
    for row in rows {
        text += &row.cells.iter().map(cell_text).collect::<Vec<_>>().join(",");
        text += "\n";
    }
    std::fs::write(path, text).unwrap();
}

/// Parquet as a district's export would type it: a column holding only numbers
/// (or only dates) is typed, one with a word among them is text.
fn write_parquet(path: &Path, rows: &[&Row]) {
    let columns: Vec<Column> = (0..HEADERS.len())
        .map(|c| {
            let cells: Vec<&Cell> = rows.iter().map(|r| &r.cells[c]).collect();
            let name = HEADERS[c].into();
            if cells.iter().all(|x| matches!(x, Cell::Number(_) | Cell::Blank)) {
                let values: Vec<Option<f64>> =
                    cells.iter().map(|x| if let Cell::Number(n) = x { Some(*n) } else { None }).collect();
                Column::new(name, values)
            } else if cells.iter().all(|x| matches!(x, Cell::Date(_) | Cell::Blank)) {
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
                let days: Vec<Option<i32>> = cells
                    .iter()
                    .map(|x| if let Cell::Date(d) = x { Some((*d - epoch).num_days() as i32) } else { None })
                    .collect();
                Column::new(name, days).cast(&DataType::Date).unwrap()
            } else {
                let texts: Vec<Option<String>> =
                    cells.iter().map(|x| if **x == Cell::Blank { None } else { Some(cell_text(x)) }).collect();
                Column::new(name, texts)
            }
        })
        .collect();
    let mut frame = DataFrame::new(rows.len(), columns).unwrap();
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut frame).unwrap();
}

/// Writes one register per district into `dir`; returns the paths in district
/// order.
fn write_registers(dir: &Path, rows: &[Row], fmt: Fmt) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    DISTRICTS
        .iter()
        .enumerate()
        .map(|(d, (key, _))| {
            let path = dir.join(format!("{:02}-{key}.{}", d + 1, fmt.ext()));
            let mine: Vec<&Row> = rows.iter().filter(|r| r.district == d).collect();
            match fmt {
                Fmt::Xlsx => write_xlsx(&path, &mine),
                Fmt::Csv => write_csv(&path, &mine),
                Fmt::Parquet => write_parquet(&path, &mine),
            }
            path
        })
        .collect()
}

/// A ledger of 2022 months for every generated id, as CSV.
fn write_ledger(dir: &Path, rows: &[Row]) -> PathBuf {
    let mut text = "项目编号,月份,内资到位\n".to_string();
    for (n, row) in rows.iter().enumerate() {
        if let Cell::Text(id) = &row.cells[0] {
            for month in 1..=12 {
                text += &format!("{id},2022-{month:02},{}\n", (n * 7 + month * 13) % 400 + 10);
            }
        }
    }
    let path = dir.join("ledger.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// What a run decided, per project id: (total to 1e-9, rank, tier).
type Decisions = BTreeMap<String, (Option<i64>, Option<u32>, String)>;

struct Run {
    out: PathBuf,
    decisions: Decisions,
    totals_and_ranks: Vec<(f64, u32)>,
    inputs: Vec<Json>,
    scored: usize,
}

fn score(work: &Workdir, name: &str, registers: &[PathBuf], ledger: &Path, one_thread: bool) -> Run {
    let out = work.join(name);
    let mut test = Test::new().arg("-q").arg("score").arg("--out").arg(&out);
    for path in registers {
        test = test.arg("--projects").arg(path);
    }
    test = test.arg("--capital").arg(ledger).arg("--targets").arg(root().join("fixtures/sample/targets.xlsx"));
    if one_thread {
        test = test.env("POLARS_MAX_THREADS", "1").env("RAYON_NUM_THREADS", "1");
    }
    // Faulty rows are skipped with errors; `score` still exits 0 (65 only
    // with --strict) with everything written.
    test.run();
    let dir = period_dir(&out);
    let frame = read_parquet(&dir.join("projects.parquet"));
    let ids = strings(&frame, "project_id");
    let totals = numbers(&frame, "total");
    let ranks = numbers(&frame, "rank");
    let tiers = strings(&frame, "tier");
    let mut decisions = Decisions::new();
    let mut totals_and_ranks = Vec::new();
    for i in 0..ids.len() {
        let id = ids[i].clone().expect("every listed project has an id");
        let rank = ranks[i].map(|r| r as u32);
        if let (Some(total), Some(rank)) = (totals[i], rank) {
            totals_and_ranks.push((total, rank));
        }
        decisions.insert(id, (totals[i].map(|t| (t * 1e9).round() as i64), rank, tiers[i].clone().unwrap_or_default()));
    }
    let run: Json = serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    let inputs = run["inputs"].as_array().unwrap().clone();
    let scored = run["projects_scored"].as_u64().unwrap() as usize;
    Run { out, decisions, totals_and_ranks, inputs, scored }
}

fn assert_accounted(run: &Run, rows: &[Row]) {
    let mut used = 0;
    for input in run.inputs.iter().filter(|i| i["kind"] == "projects") {
        let a = &input["accounting"];
        let n = |k: &str| a[k].as_u64().unwrap();
        assert_eq!(n("read"), n("used") + n("exempt") + n("out_of_scope") + n("skipped"), "{input}");
        // Rows up to the last non-blank one are read.
        let file = input["file"].as_str().unwrap();
        let district = DISTRICTS.iter().position(|(key, _)| file.contains(key)).unwrap();
        let mine: Vec<&Row> = rows.iter().filter(|r| r.district == district).collect();
        let last = mine.iter().rposition(|r| r.cells.iter().any(|c| *c != Cell::Blank)).map_or(0, |p| p + 1);
        assert_eq!(n("read") as usize, last, "{file}: rows read");
        used += n("used") + n("exempt");
    }
    assert_eq!(used as usize, run.decisions.len(), "the scored and exempt rows are the listed projects");
    assert_eq!(run.scored, run.totals_and_ranks.len());
}

fn assert_competition_ranking(run: &Run) {
    let rounded = |t: f64| (t * 1e6).round();
    for &(total, rank) in &run.totals_and_ranks {
        let above = run.totals_and_ranks.iter().filter(|(t, _)| rounded(*t) > rounded(total)).count();
        assert_eq!(rank as usize, above + 1, "total {total} has rank {rank} with {above} totals above it");
    }
}

fn assert_same_files(a: &Path, b: &Path, what: &str) {
    for file in ["evaluation-2022Q4.xlsx", "projects.parquet", "districts.parquet", "chains.parquet"] {
        let read = |out: &Path| std::fs::read(period_dir(out).join(file)).unwrap();
        assert!(read(a) == read(b), "{file} differs {what}");
    }
}

/// The same rows in another order, by a seeded shuffle.
fn shuffled(rows: &[Row], seed: u64) -> Vec<Row> {
    let mut out = rows.to_vec();
    let mut state = seed | 1;
    for i in (1..out.len()).rev() {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        out.swap(i, (state >> 33) as usize % (i + 1));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn runs_over_generated_registers_keep_their_invariants(
        draws in prop::collection::vec(draw(), 12..40),
        seed in any::<u64>(),
    ) {
        let rows = rows_of(&draws);
        let work = Workdir::new();
        let ledger = write_ledger(work.path(), &rows);
        let xlsx = write_registers(&work.join("xlsx"), &rows, Fmt::Xlsx);
        let base = score(&work, "xlsx-out", &xlsx, &ledger, false);
        assert_accounted(&base, &rows);
        assert_competition_ranking(&base);

        for fmt in [Fmt::Csv, Fmt::Parquet] {
            let registers = write_registers(&work.join(fmt.ext()), &rows, fmt);
            let other = score(&work, &format!("{}-out", fmt.ext()), &registers, &ledger, false);
            assert_accounted(&other, &rows);
            prop_assert_eq!(&other.decisions, &base.decisions, "{:?} against xlsx", fmt);
        }

        // Rows in another order. A repeated row is skipped as the later of the
        // two, so with repeats the kept copy may change; the repeat is an exact
        // copy, so the decisions may not.
        let reordered = write_registers(&work.join("shuffled"), &shuffled(&rows, seed), Fmt::Xlsx);
        let other = score(&work, "shuffled-out", &reordered, &ledger, false);
        prop_assert_eq!(&other.decisions, &base.decisions, "rows shuffled");

        // Files in another order.
        let reversed: Vec<PathBuf> = xlsx.iter().rev().cloned().collect();
        let other = score(&work, "reversed-out", &reversed, &ledger, false);
        prop_assert_eq!(&other.decisions, &base.decisions, "files reversed");

        // One thread of polars and one of the file readers.
        let single = score(&work, "single-out", &xlsx, &ledger, true);
        assert_same_files(&base.out, &single.out, "between one thread and the default");
    }
}
