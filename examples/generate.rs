//! Generates district inputs of any size, for benchmarks and load tests.
//!
//!     cargo run --release --example generate -- --projects 50000 --months 12 \
//!         --format xlsx|csv|parquet --out DIR [--districts 18] [--seed 7] \
//!         [--missing 0.05] [--fault-rate 0.001] [--ledger-order month|project] \
//!         [--text-amounts 0.02] [--no-serial] [--no-group-header] [--clean]
//!
//! Realistic by default, because districts' files are never clean and a
//! benchmark on fault-free data flatters (100,000 warnings cost more than the
//! scoring):
//!
//! - `--missing` (5 %): each optional figure or word of a project (fixed-asset
//!   investment, land, output, tax, R&D, patents, jobs, high-tech, park, link,
//!   investor tier) is left blank with this probability;
//! - `--fault-rate` (0.1 %): each register row is, with this probability per
//!   kind, one of the invalid rows spec 3.7 names — no id, a repeated id, an
//!   unknown district, a total investment of 待定 or ≤ 0, an unreadable signing
//!   date, a figure that is not a number or is negative, a category word the
//!   config does not know; each register also has a blank row, a 合计 row and a
//!   注 row under its table; ledger rows name an unknown project or an
//!   unreadable month at this rate, and 1 % are negative corrections;
//! - `--ledger-order month` (the default): the ledger appended month by month
//!   as offices keep it (every project's January, then February …); `project`
//!   groups each project's months together;
//! - a 序号 column first (`--no-serial` drops it); in xlsx, a group header row
//!   above the column headers (`--no-group-header` drops it) and a share of
//!   amounts typed as text with units, 1.2亿元 or 3,500万元 (`--text-amounts`).
//!
//! `--clean` turns every one of these off: the fault-free data of earlier
//! benchmarks.
//!
//! Writes into DIR:
//!
//! - `projects/NN-<key>.xlsx|csv`, one register per district (xlsx: a title row
//!   above the header), or one `projects/projects.parquet` for all districts;
//! - `capital/ledger.<ext>`, `--months` rows per project (the months of 2022 from
//!   January, or the last M months ending 2022-12 when M > 12). An xlsx ledger
//!   longer than a sheet allows is split into `ledger-01.xlsx`, `ledger-02.xlsx`, …;
//! - `targets.<ext>`, one 2022 row per district, about its 2022 capital in place.
//!
//! Headers are aliases from `config/default.toml` ([columns.projects], [columns.capital],
//! [columns.targets]). Deterministic: the same arguments give byte-identical files
//! (one seeded generator, a fixed document date in the workbooks). Earlier
//! .xlsx/.csv/.parquet files under DIR/projects and DIR/capital and DIR/targets.* are
//! removed first, so a folder never mixes two runs.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chacha20::ChaCha8Rng;
use chrono::{Datelike, NaiveDate};
use polars::prelude::{Column, DataFrame, DataType, ParquetWriter};
use rand::{RngExt, SeedableRng};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

type Error = Box<dyn std::error::Error>;

const USD_TO_CNY: f64 = 6.7261;

/// (key, name): the config's districts, in the order they are taken.
const DISTRICTS: [(&str, &str); 18] = [
    ("wuhua", "五华区"),
    ("panlong", "盘龙区"),
    ("guandu", "官渡区"),
    ("xishan", "西山区"),
    ("chenggong", "呈贡区"),
    ("jinning", "晋宁区"),
    ("dongchuan", "东川区"),
    ("anning", "安宁市"),
    ("fumin", "富民县"),
    ("yiliang", "宜良县"),
    ("shilin", "石林彝族自治县"),
    ("songming", "嵩明县"),
    ("luquan", "禄劝彝族苗族自治县"),
    ("xundian", "寻甸回族彝族自治县"),
    ("high_tech_zone", "昆明高新区"),
    ("etdz", "昆明经开区"),
    ("dianchi_resort", "滇池度假区"),
    ("yangzonghai", "阳宗海风景名胜区"),
];

const CHAINS: [&str; 8] =
    ["新材料", "电子信息", "生物医药", "先进装备制造", "化工", "冶金", "非烟轻工", "高原特色现代农业"];
const PARKS: [&str; 5] = ["昆明高新技术产业开发区", "昆明经济技术开发区", "安宁工业园区", "杨林经济技术开发区", ""];
const LINKS: [&str; 5] = ["建链", "补链", "延链", "强链", ""];
const TIERS: [&str; 7] = ["世界500强", "中国500强", "民营500强", "行业龙头", "上市公司", "其他", ""];
const PRODUCTS: [&str; 12] = [
    "智能制造基地",
    "新材料产业园",
    "研发中心",
    "生产线建设",
    "深加工",
    "产业化",
    "总部基地",
    "扩能改造",
    "绿色工厂",
    "供应链中心",
    "数字化车间",
    "配套产业园",
];

/// [columns.projects] aliases, in column order.
const PROJECT_HEADERS: [&str; 20] = [
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
    "项目状态",
    "开工时间",
    "投产时间",
];
/// [columns.capital] aliases.
const LEDGER_HEADERS: [&str; 4] = ["项目编号", "月份", "内资到位", "外资到位（万美元）"];
/// [columns.targets] aliases (the amounts as the bundled sample writes them: alias
/// plus a unit in brackets, which the header matcher strips).
const TARGET_HEADERS: [&str; 4] = ["县区", "年度", "内资到位目标（万元）", "外资到位目标（万美元）"];

/// Data rows one xlsx sheet holds below a header (1,048,576 rows in all).
const XLSX_MAX_DATA_ROWS: usize = 1_048_576 - 2;
/// Ledger rows per xlsx file before it is split.
const LEDGER_ROWS_PER_XLSX: usize = 1_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
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

struct Args {
    projects: usize,
    months: usize,
    format: Fmt,
    out: PathBuf,
    districts: usize,
    seed: u64,
    realism: Realism,
}

/// How far the files are from clean: see the module comment.
#[derive(Clone, Copy)]
struct Realism {
    missing: f64,
    fault_rate: f64,
    ledger_by_month: bool,
    serial: bool,
    group_header: bool,
    text_amounts: f64,
}

impl Realism {
    const DEFAULT: Realism = Realism {
        missing: 0.05,
        fault_rate: 0.001,
        ledger_by_month: true,
        serial: true,
        group_header: true,
        text_amounts: 0.02,
    };
    const CLEAN: Realism = Realism {
        missing: 0.0,
        fault_rate: 0.0,
        ledger_by_month: false,
        serial: false,
        group_header: false,
        text_amounts: 0.0,
    };
}

const USAGE: &str = "usage: generate --projects N --months M --format xlsx|csv|parquet --out DIR [--districts 18] \
     [--seed 7] [--missing 0.05] [--fault-rate 0.001] [--ledger-order month|project] [--text-amounts 0.02] \
     [--no-serial] [--no-group-header] [--clean]";

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        projects: 50_000,
        months: 12,
        format: Fmt::Xlsx,
        out: PathBuf::new(),
        districts: 18,
        seed: 7,
        realism: Realism::DEFAULT,
    };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        match arg.as_str() {
            "--clean" => {
                args.realism = Realism::CLEAN;
                continue;
            }
            "--no-serial" => {
                args.realism.serial = false;
                continue;
            }
            "--no-group-header" => {
                args.realism.group_header = false;
                continue;
            }
            _ => {}
        }
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => it.next().ok_or_else(|| format!("{key} needs a value\n{USAGE}"))?,
        };
        let number = |v: &str| -> Result<u64, Error> {
            v.replace('_', "").parse::<u64>().map_err(|_| format!("{key} wants a whole number, not `{v}`").into())
        };
        let share = |v: &str| -> Result<f64, Error> {
            v.parse::<f64>()
                .ok()
                .filter(|s| (0.0..=1.0).contains(s))
                .ok_or_else(|| format!("{key} wants a share from 0 to 1, not `{v}`").into())
        };
        match key.as_str() {
            "--missing" => args.realism.missing = share(&value)?,
            "--fault-rate" => args.realism.fault_rate = share(&value)?,
            "--text-amounts" => args.realism.text_amounts = share(&value)?,
            "--ledger-order" => {
                args.realism.ledger_by_month = match value.as_str() {
                    "month" => true,
                    "project" => false,
                    other => return Err(format!("--ledger-order is month or project, not `{other}`").into()),
                }
            }
            "--projects" => args.projects = number(&value)? as usize,
            "--months" => args.months = number(&value)? as usize,
            "--districts" => args.districts = number(&value)? as usize,
            "--seed" => args.seed = number(&value)?,
            "--out" => out = Some(PathBuf::from(value)),
            "--format" => {
                args.format = match value.to_ascii_lowercase().as_str() {
                    "xlsx" => Fmt::Xlsx,
                    "csv" => Fmt::Csv,
                    "parquet" | "pq" => Fmt::Parquet,
                    other => return Err(format!("--format is xlsx, csv or parquet, not `{other}`").into()),
                }
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}").into()),
        }
    }
    args.out = out.ok_or_else(|| format!("--out DIR is required\n{USAGE}"))?;
    if !(1..=DISTRICTS.len()).contains(&args.districts) {
        return Err(format!("--districts is 1 to {}", DISTRICTS.len()).into());
    }
    if args.projects < args.districts {
        return Err(format!("--projects must be at least --districts ({})", args.districts).into());
    }
    if args.months == 0 {
        return Err("--months must be at least 1".into());
    }
    Ok(args)
}

struct Project {
    id: String,
    name: String,
    district: usize,
    park: &'static str,
    chain: &'static str,
    link: &'static str,
    tier: &'static str,
    signed: NaiveDate,
    total: f64,
    fai: Option<f64>,
    land: Option<f64>,
    output: Option<f64>,
    tax: Option<f64>,
    rd: Option<f64>,
    high_tech: Option<bool>,
    patents: Option<u32>,
    jobs: Option<u32>,
    /// Part of the capital comes as foreign capital.
    foreign: bool,
    /// Share of the total investment in place over the ledger's months.
    share: f64,
    /// What is wrong with the row as written, if anything.
    fault: Fault,
    /// Its progress as the register says it (spec 2.5), with a known truth.
    progress: Progress,
}

/// A project's progress at 2022-12-31 as its register row says it, drawn from
/// its sequence number (not the random stream, so the other columns are those
/// of a run without these): which overdue list, if any, `tracking` must put it
/// on is known from its kind.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Progress {
    status: Option<&'static str>,
    started: Option<NaiveDate>,
    operating: Option<NaiveDate>,
}

/// 10 % nothing said (stage unknown), 6 % stalled after starting, 3 %
/// withdrawn, 21 % late (started nine months after signing, past the six of
/// the policy), the rest on time (started after three months, operating after
/// eighteen); a date after 2022-12-31 is not written (status 签约 instead).
fn progress_of(seq: usize, signed: NaiveDate) -> Progress {
    let end = NaiveDate::from_ymd_opt(2022, 12, 31).expect("a valid date");
    let after = |months: u32| signed.checked_add_months(chrono::Months::new(months)).filter(|d| *d <= end);
    let bucket = (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32 & 0xFFFF;
    let bucket = bucket % 100;
    let none = Progress { status: None, started: None, operating: None };
    match bucket {
        0..10 => none,
        10..16 => Progress { status: Some("停建"), started: after(2), ..none },
        16..19 => Progress { status: Some("终止"), ..none },
        19..40 => match after(9) {
            Some(started) => Progress { status: Some("开工"), started: Some(started), ..none },
            None => Progress { status: Some("签约"), ..none },
        },
        _ => match (after(3), after(18)) {
            (Some(started), Some(operating)) => {
                Progress { status: Some("投产"), started: Some(started), operating: Some(operating) }
            }
            (Some(started), None) => Progress { status: Some("开工"), started: Some(started), ..none },
            _ => Progress { status: Some("签约"), ..none },
        },
    }
}

/// The invalid rows of spec 3.7, as a register row shows them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    /// No project id.
    NoId,
    /// The id of the row above.
    RepeatedId,
    /// A district the config does not know (五华新区).
    UnknownDistrict,
    /// 待定 as the total investment (a number ≤ 0 in parquet).
    BadInvestment,
    /// 待定 as the signing date (blank in parquet).
    BadDate,
    /// Land as "约30亩左右" (negative in parquet).
    BadNumber,
    /// Jobs negative.
    NegativeNumber,
    /// An investor tier the config does not know (外资企业).
    UnknownCategory,
}

const FAULTS: [Fault; 8] = [
    Fault::NoId,
    Fault::RepeatedId,
    Fault::UnknownDistrict,
    Fault::BadInvestment,
    Fault::BadDate,
    Fault::BadNumber,
    Fault::NegativeNumber,
    Fault::UnknownCategory,
];

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// Rounded to two decimals, printed without float noise.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The ledger files written, and each project's 2022 (domestic, foreign) sums.
type LedgerFiles = (Vec<PathBuf>, Vec<(f64, f64)>);

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// `value`, or nothing with probability `missing`.
fn maybe<T>(rng: &mut ChaCha8Rng, missing: f64, value: T) -> Option<T> {
    if missing > 0.0 && rng.random_bool(missing) { None } else { Some(value) }
}

/// A word, or "" (blank) with probability `missing`.
fn maybe_word(rng: &mut ChaCha8Rng, missing: f64, word: &'static str) -> &'static str {
    maybe(rng, missing, word).unwrap_or("")
}

/// The projects, district by district (contiguous), ids unique city-wide.
fn make_projects(rng: &mut ChaCha8Rng, count: usize, districts: usize, realism: Realism) -> Vec<Project> {
    let first_day = NaiveDate::from_ymd_opt(2020, 1, 1).expect("a valid date");
    let days = (NaiveDate::from_ymd_opt(2022, 12, 31).expect("a valid date") - first_day).num_days() as u64 + 1;
    let (lo, hi) = (1_000f64.ln(), 1_000_000f64.ln());
    let missing = realism.missing;
    let mut projects = Vec::with_capacity(count);
    for (d, (key, _)) in DISTRICTS.iter().enumerate().take(districts) {
        let prefix = key.to_ascii_uppercase();
        let (start, end) = (d * count / districts, (d + 1) * count / districts);
        for seq in start + 1..=end {
            let chain = pick(rng, &CHAINS);
            let product = pick(rng, &PRODUCTS);
            let total = round_to(rng.random_range(lo..hi).exp(), 1.0).max(1000.0);
            let fai = round_to(total * rng.random_range(0.5..0.9), 1.0);
            let land = round_to((fai / rng.random_range(80.0..900.0)).clamp(10.0, 500.0), 0.1);
            let output = round_to(fai * rng.random_range(0.5..3.0), 1.0);
            let tax = round_to(output * rng.random_range(0.02..0.1), 0.1);
            let rd = round_to(output * rng.random_range(0.002..0.07), 0.1);
            let signed = first_day.checked_add_days(chrono::Days::new(rng.random_range(0..days))).expect("in range");
            // One fault kind at most per row, each at the fault rate; not
            // on a district's first row (a repeated id needs a row above).
            let fault = if realism.fault_rate > 0.0 && seq > start + 1 {
                let draw: f64 = rng.random_range(0.0..1.0);
                let kind = (draw / realism.fault_rate) as usize;
                FAULTS.get(kind).copied().unwrap_or(Fault::None)
            } else {
                Fault::None
            };
            let (park, link, tier) = (pick(rng, &PARKS), pick(rng, &LINKS), pick(rng, &TIERS));
            let high_tech = rng.random_bool(0.4);
            let patents = if rng.random_bool(0.35) { 0 } else { rng.random_range(1..=30) };
            let jobs = rng.random_range(0..=2000);
            projects.push(Project {
                id: format!("{prefix}-{seq:06}"),
                name: format!("{chain}{product}项目（{seq}）"),
                district: d,
                park: maybe_word(rng, missing, park),
                chain,
                link: maybe_word(rng, missing, link),
                tier: maybe_word(rng, missing, tier),
                signed,
                total,
                fai: maybe(rng, missing, fai),
                land: maybe(rng, missing, land),
                output: maybe(rng, missing, output),
                tax: maybe(rng, missing, tax),
                rd: maybe(rng, missing, rd),
                high_tech: maybe(rng, missing, high_tech),
                patents: maybe(rng, missing, patents),
                jobs: maybe(rng, missing, jobs),
                foreign: rng.random_bool(0.15),
                progress: progress_of(seq, signed),
                share: rng.random_range(0.3..0.95),
                fault,
            });
        }
    }
    projects
}

/// (year, month) of the ledger's months: 2022-01 to 2022-M, or the last M months
/// ending 2022-12 when M > 12.
fn ledger_months(m: usize) -> Vec<(i32, u32)> {
    if m <= 12 {
        return (1..=m as u32).map(|k| (2022, k)).collect();
    }
    let last = 2022 * 12 + 11;
    (0..m as i64)
        .map(|k| {
            let index = last - (m as i64 - 1 - k);
            (index.div_euclid(12) as i32, index.rem_euclid(12) as u32 + 1)
        })
        .collect()
}

/// What is wrong with a ledger row as written, if anything.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LedgerFault {
    None,
    /// A project id no register has.
    UnknownId,
    /// 上个月 as the month.
    BadPeriod,
}

/// One ledger row: its project (index), month (index), amounts and fault.
struct LedgerRow {
    project: usize,
    month: usize,
    domestic: f64,
    foreign: Option<f64>,
    fault: LedgerFault,
}

/// Generates the ledger row by row, handing each to `emit`, in month blocks
/// (every project's first month, then the second …) or project by project;
/// returns each district's 2022 (domestic, foreign USD) sums over the rows a
/// run counts.
fn make_ledger(
    rng: &mut ChaCha8Rng,
    projects: &[Project],
    months: &[(i32, u32)],
    districts: usize,
    realism: Realism,
    mut emit: impl FnMut(LedgerRow) -> Result<(), Error>,
) -> Result<Vec<(f64, f64)>, Error> {
    let mut sums = vec![(0.0, 0.0); districts];
    let spread = months.len().max(12) as f64;
    let order: Vec<(usize, usize)> = if realism.ledger_by_month {
        (0..months.len()).flat_map(|m| (0..projects.len()).map(move |p| (p, m))).collect()
    } else {
        (0..projects.len()).flat_map(|p| (0..months.len()).map(move |m| (p, m))).collect()
    };
    for (p, m) in order {
        let project = &projects[p];
        let per_month = project.total * project.share / spread;
        let amount = per_month * rng.random_range(0.4..1.6);
        let (mut domestic, foreign) = if project.foreign {
            (cents(amount * 0.4), Some(cents(amount * 0.6 / USD_TO_CNY)))
        } else {
            (cents(amount), None)
        };
        // A few corrections: negative rows taking back part of an earlier entry.
        if rng.random_bool(0.01) {
            domestic = -cents(domestic * rng.random_range(0.1..0.5));
        }
        let fault = if realism.fault_rate > 0.0 {
            match (rng.random_range(0.0..1.0) / realism.fault_rate) as usize {
                0 => LedgerFault::UnknownId,
                1 => LedgerFault::BadPeriod,
                _ => LedgerFault::None,
            }
        } else {
            LedgerFault::None
        };
        // Only the rows a run counts: a valid row of a project that reads.
        let counted = fault == LedgerFault::None
            && !matches!(
                project.fault,
                Fault::NoId | Fault::RepeatedId | Fault::UnknownDistrict | Fault::BadInvestment | Fault::BadDate
            );
        if months[m].0 == 2022 && counted {
            sums[project.district].0 += domestic;
            sums[project.district].1 += foreign.unwrap_or(0.0);
        }
        emit(LedgerRow { project: p, month: m, domestic, foreign, fault })?;
    }
    Ok(sums)
}

fn properties() -> Result<DocProperties, Error> {
    let created = ExcelDateTime::from_ymd(2022, 12, 31)?;
    Ok(DocProperties::new().set_creation_datetime(&created).set_author("chainscore generate"))
}

fn date_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// One register cell.
enum Value<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

fn number<T: Into<f64>>(value: Option<T>) -> Value<'static> {
    value.map_or(Value::Blank, |v| Value::Number(v.into()))
}

fn word(text: &str) -> Value<'_> {
    if text.is_empty() { Value::Blank } else { Value::Text(text) }
}

/// A district the config does not know, as a clerk might write one.
const UNKNOWN_DISTRICT: &str = "城南新区";

/// A register row's cells in [`PROJECT_HEADERS`] order, with its fault as
/// written: `previous` is the id of the row above.
fn project_row<'a>(p: &'a Project, district: &'a str, previous: &'a str) -> [Value<'a>; 20] {
    let mut row = [
        Value::Text(&p.id),
        Value::Text(&p.name),
        Value::Text(district),
        word(p.park),
        Value::Text(p.chain),
        word(p.link),
        word(p.tier),
        Value::Date(p.signed),
        Value::Number(p.total),
        number(p.fai),
        number(p.land),
        number(p.output),
        number(p.tax),
        number(p.rd),
        p.high_tech.map_or(Value::Blank, |b| Value::Text(if b { "是" } else { "否" })),
        number(p.patents),
        number(p.jobs),
        p.progress.status.map_or(Value::Blank, Value::Text),
        p.progress.started.map_or(Value::Blank, Value::Date),
        p.progress.operating.map_or(Value::Blank, Value::Date),
    ];
    match p.fault {
        Fault::None => {}
        Fault::NoId => row[0] = Value::Blank,
        Fault::RepeatedId => row[0] = Value::Text(previous),
        Fault::UnknownDistrict => row[2] = Value::Text(UNKNOWN_DISTRICT),
        Fault::BadInvestment => row[8] = Value::Text("待定"),
        Fault::BadDate => row[7] = Value::Text("待定"),
        Fault::BadNumber => row[10] = Value::Text("见附件"),
        Fault::NegativeNumber => row[16] = Value::Number(-5.0),
        Fault::UnknownCategory => row[6] = Value::Text("外资企业"),
    }
    row
}

/// The rows under a register's table a run skips: a 合计 row and a note.
fn rows_under(projects: &[Project]) -> [[Value<'static>; 17]; 2] {
    let total: f64 = projects.iter().map(|p| p.total).sum();
    let mut totals: [Value<'static>; 17] = std::array::from_fn(|_| Value::Blank);
    totals[1] = Value::Text("合  计");
    totals[8] = Value::Number(total);
    let mut note: [Value<'static>; 17] = std::array::from_fn(|_| Value::Blank);
    note[0] = Value::Text("注：金额单位为万元，用地面积单位为亩。");
    [totals, note]
}

/// An amount as a clerk types it as text: 1.2345亿元 or 3,500万元.
fn amount_as_text(rng: &mut ChaCha8Rng, value: f64) -> String {
    if value >= 10_000.0 && rng.random_bool(0.5) {
        let yi = format!("{:.4}", value / 10_000.0);
        format!("{}亿元", yi.trim_end_matches('0').trim_end_matches('.'))
    } else {
        let whole = value.round() as i64;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{grouped}万元")
    }
}

fn header_format() -> Format {
    Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7")
}

/// The group header above the column headers: (first column, last column,
/// text) of the 17 project columns.
const GROUPS: [(usize, usize, &str); 4] =
    [(0, 7, "基本情况"), (8, 13, "投资与效益（万元、亩）"), (14, 15, "科技创新"), (16, 16, "就业")];

fn write_register_xlsx(
    path: &Path,
    district: &str,
    projects: &[Project],
    realism: Realism,
    rng: &mut ChaCha8Rng,
) -> Result<(), Error> {
    if projects.len() > XLSX_MAX_DATA_ROWS - 4 {
        return Err(format!(
            "{district} has {} projects, more than one xlsx sheet holds; use more districts or --format csv",
            projects.len()
        )
        .into());
    }
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties()?);
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let header = header_format();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name("招商项目")?;
    let shift = u16::from(realism.serial);
    let last_col = PROJECT_HEADERS.len() as u16 - 1 + shift;
    sheet.merge_range(0, 0, 0, last_col, &format!("2022年{district}招商引资项目统计表"), &title)?;
    let mut header_row = 1;
    if realism.group_header {
        for (first, last, text) in GROUPS {
            let (first, last) = (first as u16 + shift, last as u16 + shift);
            if first == last {
                sheet.write_string_with_format(header_row, first, text, &header)?;
            } else {
                sheet.merge_range(header_row, first, header_row, last, text, &header)?;
            }
        }
        if realism.serial {
            sheet.write_string_with_format(header_row, 0, "", &header)?;
        }
        header_row += 1;
    }
    if realism.serial {
        sheet.write_string_with_format(header_row, 0, "序号", &header)?;
    }
    for (c, h) in PROJECT_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(header_row, c as u16 + shift, *h, &header)?;
    }
    let faulty = realism.fault_rate > 0.0;
    let mut row = header_row + 1;
    for (i, p) in projects.iter().enumerate() {
        // A blank row halfway, as a deleted project leaves one.
        if faulty && i == projects.len() / 2 && i > 0 {
            row += 1;
        }
        if realism.serial {
            sheet.write_number(row, 0, (i + 1) as f64)?;
        }
        let previous = if i > 0 { projects[i - 1].id.as_str() } else { "" };
        for (c, value) in project_row(p, district, previous).into_iter().enumerate() {
            let value = match value {
                // 计划总投资, 固定资产投资, 达产年产值, 达产年税收 typed as text.
                Value::Number(v)
                    if matches!(c, 8 | 9 | 11 | 12)
                        && realism.text_amounts > 0.0
                        && rng.random_bool(realism.text_amounts) =>
                {
                    Value::Owned(amount_as_text(rng, v))
                }
                other => other,
            };
            write_value(sheet, row, c as u16 + shift, &value, &date)?;
        }
        row += 1;
    }
    if faulty {
        for cells in rows_under(projects) {
            for (c, value) in cells.iter().enumerate() {
                write_value(sheet, row, c as u16 + shift, value, &date)?;
            }
            row += 1;
        }
    }
    workbook.save(path)?;
    Ok(())
}

fn write_value(sheet: &mut Worksheet, row: u32, col: u16, value: &Value, date: &Format) -> Result<(), Error> {
    match value {
        Value::Blank | Value::Text("") => {}
        Value::Text(t) => {
            sheet.write_string(row, col, *t)?;
        }
        Value::Owned(t) => {
            sheet.write_string(row, col, t)?;
        }
        Value::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Value::Date(d) => {
            let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, when, date)?;
        }
    }
    Ok(())
}

fn cell_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.to_string(),
        Value::Owned(t) => t.clone(),
        Value::Number(n) => format!("{n}"),
        Value::Date(d) => date_text(*d),
        Value::Blank => String::new(),
    }
}

fn write_register_csv(path: &Path, district: &str, projects: &[Project], realism: Realism) -> Result<(), Error> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_path(path)?;
    let serial = realism.serial.then_some("序号");
    writer.write_record(serial.into_iter().chain(PROJECT_HEADERS))?;
    let faulty = realism.fault_rate > 0.0;
    let mut record: Vec<String> = Vec::with_capacity(PROJECT_HEADERS.len() + 1);
    for (i, p) in projects.iter().enumerate() {
        if faulty && i == projects.len() / 2 && i > 0 {
            writer.write_record([""])?;
        }
        record.clear();
        if realism.serial {
            record.push((i + 1).to_string());
        }
        let previous = if i > 0 { projects[i - 1].id.as_str() } else { "" };
        record.extend(project_row(p, district, previous).iter().map(cell_text));
        writer.write_record(&record)?;
    }
    if faulty {
        for cells in rows_under(projects) {
            let serial = realism.serial.then(String::new);
            writer.write_record(serial.into_iter().chain(cells.iter().map(cell_text)))?;
        }
    }
    writer.flush()?;
    Ok(())
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn write_parquet(path: &Path, mut frame: DataFrame) -> Result<(), Error> {
    let file = File::create(path)?;
    ParquetWriter::new(file).finish(&mut frame)?;
    Ok(())
}

/// All registers as one parquet file, typed: a fault that is text in a
/// spreadsheet is what a typed column can hold instead (a total of −1, a
/// missing date, a negative land area).
fn write_registers_parquet(path: &Path, projects: &[Project], realism: Realism) -> Result<(), Error> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let h = PROJECT_HEADERS;
    let ids: Vec<Option<&str>> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| match p.fault {
            Fault::NoId => None,
            Fault::RepeatedId if i > 0 => Some(projects[i - 1].id.as_str()),
            _ => Some(p.id.as_str()),
        })
        .collect();
    let floats = |f: fn(&Project) -> Option<f64>| projects.iter().map(f).collect::<Vec<Option<f64>>>();
    let mut columns = Vec::new();
    if realism.serial {
        columns.push(Column::new("序号".into(), (1..=projects.len() as i64).collect::<Vec<i64>>()));
    }
    columns.extend([
        Column::new(h[0].into(), ids),
        Column::new(h[1].into(), projects.iter().map(|p| p.name.as_str()).collect::<Vec<&str>>()),
        Column::new(
            h[2].into(),
            projects
                .iter()
                .map(|p| if p.fault == Fault::UnknownDistrict { UNKNOWN_DISTRICT } else { DISTRICTS[p.district].1 })
                .collect::<Vec<&str>>(),
        ),
        Column::new(h[3].into(), projects.iter().map(|p| non_empty(p.park)).collect::<Vec<Option<&str>>>()),
        Column::new(h[4].into(), projects.iter().map(|p| p.chain).collect::<Vec<&str>>()),
        Column::new(h[5].into(), projects.iter().map(|p| non_empty(p.link)).collect::<Vec<Option<&str>>>()),
        Column::new(
            h[6].into(),
            projects
                .iter()
                .map(|p| if p.fault == Fault::UnknownCategory { Some("外资企业") } else { non_empty(p.tier) })
                .collect::<Vec<Option<&str>>>(),
        ),
        Column::new(
            h[7].into(),
            projects
                .iter()
                .map(|p| (p.fault != Fault::BadDate).then(|| (p.signed - epoch).num_days() as i32))
                .collect::<Vec<Option<i32>>>(),
        )
        .cast(&DataType::Date)?,
        Column::new(
            h[8].into(),
            projects.iter().map(|p| if p.fault == Fault::BadInvestment { -1.0 } else { p.total }).collect::<Vec<f64>>(),
        ),
        Column::new(h[9].into(), floats(|p| p.fai)),
        Column::new(
            h[10].into(),
            projects.iter().map(|p| if p.fault == Fault::BadNumber { Some(-3.0) } else { p.land }).collect::<Vec<_>>(),
        ),
        Column::new(h[11].into(), floats(|p| p.output)),
        Column::new(h[12].into(), floats(|p| p.tax)),
        Column::new(h[13].into(), floats(|p| p.rd)),
        Column::new(
            h[14].into(),
            projects.iter().map(|p| p.high_tech.map(|b| if b { "是" } else { "否" })).collect::<Vec<Option<&str>>>(),
        ),
        Column::new(h[15].into(), projects.iter().map(|p| p.patents.map(i64::from)).collect::<Vec<Option<i64>>>()),
        Column::new(
            h[16].into(),
            projects
                .iter()
                .map(|p| if p.fault == Fault::NegativeNumber { Some(-5) } else { p.jobs.map(i64::from) })
                .collect::<Vec<Option<i64>>>(),
        ),
        Column::new(h[17].into(), projects.iter().map(|p| p.progress.status).collect::<Vec<Option<&str>>>()),
        Column::new(
            h[18].into(),
            projects.iter().map(|p| p.progress.started.map(|d| (d - epoch).num_days() as i32)).collect::<Vec<_>>(),
        )
        .cast(&DataType::Date)?,
        Column::new(
            h[19].into(),
            projects.iter().map(|p| p.progress.operating.map(|d| (d - epoch).num_days() as i32)).collect::<Vec<_>>(),
        )
        .cast(&DataType::Date)?,
    ]);
    write_parquet(path, DataFrame::new(projects.len(), columns)?)
}

/// An xlsx ledger, split into several files when it outgrows one sheet.
struct XlsxLedger {
    paths: Vec<PathBuf>,
    current: Option<Workbook>,
    file_index: usize,
    row: u32,
}

impl XlsxLedger {
    fn new(dir: &Path, rows: usize) -> XlsxLedger {
        let files = rows.div_ceil(LEDGER_ROWS_PER_XLSX).max(1);
        let paths = if files == 1 {
            vec![dir.join("ledger.xlsx")]
        } else {
            (1..=files).map(|i| dir.join(format!("ledger-{i:02}.xlsx"))).collect()
        };
        XlsxLedger { paths, current: None, file_index: 0, row: 0 }
    }

    fn push(&mut self, id: &str, month: &str, domestic: f64, foreign: Option<f64>) -> Result<(), Error> {
        if self.current.is_some() && self.row as usize > LEDGER_ROWS_PER_XLSX {
            self.save_current()?;
        }
        if self.current.is_none() {
            let mut workbook = Workbook::new();
            workbook.set_properties(&properties()?);
            let header = header_format();
            let sheet = workbook.add_worksheet();
            sheet.set_name("资金到位台账")?;
            for (c, h) in LEDGER_HEADERS.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &header)?;
            }
            self.current = Some(workbook);
            self.row = 1;
        }
        let workbook = self.current.as_mut().expect("opened above");
        let sheet = workbook.worksheet_from_index(0)?;
        let r = self.row;
        sheet.write_string(r, 0, id)?;
        sheet.write_string(r, 1, month)?;
        sheet.write_number(r, 2, domestic)?;
        if let Some(f) = foreign {
            sheet.write_number(r, 3, f)?;
        }
        self.row += 1;
        Ok(())
    }

    fn save_current(&mut self) -> Result<(), Error> {
        if let Some(mut workbook) = self.current.take() {
            workbook.save(&self.paths[self.file_index])?;
            self.file_index += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<PathBuf>, Error> {
        self.save_current()?;
        Ok(self.paths)
    }
}

/// The id and month a ledger row is written with: its fault as written.
fn ledger_cells<'a>(row: &LedgerRow, projects: &'a [Project], labels: &'a [String]) -> (&'a str, &'a str) {
    match row.fault {
        LedgerFault::None => (projects[row.project].id.as_str(), labels[row.month].as_str()),
        LedgerFault::UnknownId => ("ZZ-999999", labels[row.month].as_str()),
        LedgerFault::BadPeriod => (projects[row.project].id.as_str(), "上个月"),
    }
}

/// Writes the ledger in the chosen format; returns its files and the districts'
/// 2022 sums.
fn write_ledger(
    rng: &mut ChaCha8Rng,
    dir: &Path,
    format: Fmt,
    projects: &[Project],
    months: &[(i32, u32)],
    districts: usize,
    realism: Realism,
) -> Result<LedgerFiles, Error> {
    let labels: Vec<String> = months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect();
    match format {
        Fmt::Xlsx => {
            let mut ledger = XlsxLedger::new(dir, projects.len() * months.len());
            let sums = make_ledger(rng, projects, months, districts, realism, |row| {
                let (id, month) = ledger_cells(&row, projects, &labels);
                ledger.push(id, month, row.domestic, row.foreign)
            })?;
            Ok((ledger.finish()?, sums))
        }
        Fmt::Csv => {
            let path = dir.join("ledger.csv");
            let mut writer = csv::Writer::from_path(&path)?;
            writer.write_record(LEDGER_HEADERS)?;
            let sums = make_ledger(rng, projects, months, districts, realism, |row| {
                let (id, month) = ledger_cells(&row, projects, &labels);
                let domestic = format!("{}", row.domestic);
                let foreign = row.foreign.map(|f| format!("{f}")).unwrap_or_default();
                writer.write_record([id, month, domestic.as_str(), foreign.as_str()])?;
                Ok(())
            })?;
            writer.flush()?;
            Ok((vec![path], sums))
        }
        Fmt::Parquet => {
            let rows = projects.len() * months.len();
            let (mut ids, mut periods) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
            let (mut domestics, mut foreigns) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
            let sums = make_ledger(rng, projects, months, districts, realism, |row| {
                let (id, month) = ledger_cells(&row, projects, &labels);
                ids.push(id);
                periods.push(month);
                domestics.push(row.domestic);
                foreigns.push(row.foreign);
                Ok(())
            })?;
            let h = LEDGER_HEADERS;
            let frame = DataFrame::new(
                rows,
                vec![
                    Column::new(h[0].into(), ids),
                    Column::new(h[1].into(), periods),
                    Column::new(h[2].into(), domestics),
                    Column::new(h[3].into(), foreigns),
                ],
            )?;
            let path = dir.join("ledger.parquet");
            write_parquet(&path, frame)?;
            Ok((vec![path], sums))
        }
    }
}

/// One 2022 row per district: its 2022 capital in place times 0.8–1.3.
fn write_targets(rng: &mut ChaCha8Rng, path: &Path, format: Fmt, sums: &[(f64, f64)]) -> Result<(), Error> {
    let rows: Vec<(&str, f64, f64)> = sums
        .iter()
        .enumerate()
        .map(|(d, &(domestic, foreign))| {
            let factor = rng.random_range(0.8..1.3);
            (
                DISTRICTS[d].1,
                round_to((domestic * factor).max(0.0), 100.0).max(100.0),
                round_to((foreign * factor).max(0.0), 1.0),
            )
        })
        .collect();
    match format {
        Fmt::Xlsx => {
            let mut workbook = Workbook::new();
            workbook.set_properties(&properties()?);
            let header = header_format();
            let sheet = workbook.add_worksheet();
            sheet.set_name("目标任务")?;
            for (c, h) in TARGET_HEADERS.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &header)?;
            }
            for (i, (name, domestic, foreign)) in rows.iter().enumerate() {
                let r = 1 + i as u32;
                sheet.write_string(r, 0, *name)?;
                sheet.write_number(r, 1, 2022.0)?;
                sheet.write_number(r, 2, *domestic)?;
                sheet.write_number(r, 3, *foreign)?;
            }
            workbook.save(path)?;
        }
        Fmt::Csv => {
            let mut writer = csv::Writer::from_path(path)?;
            writer.write_record(TARGET_HEADERS)?;
            for &(name, domestic, foreign) in &rows {
                let (domestic, foreign) = (format!("{domestic}"), format!("{foreign}"));
                writer.write_record([name, "2022", domestic.as_str(), foreign.as_str()])?;
            }
            writer.flush()?;
        }
        Fmt::Parquet => {
            let h = TARGET_HEADERS;
            let frame = DataFrame::new(
                rows.len(),
                vec![
                    Column::new(h[0].into(), rows.iter().map(|r| r.0).collect::<Vec<&str>>()),
                    Column::new(h[1].into(), vec![2022i64; rows.len()]),
                    Column::new(h[2].into(), rows.iter().map(|r| r.1).collect::<Vec<f64>>()),
                    Column::new(h[3].into(), rows.iter().map(|r| r.2).collect::<Vec<f64>>()),
                ],
            )?;
            write_parquet(path, frame)?;
        }
    }
    Ok(())
}

/// Removes input files an earlier run left, so the folder holds this run only.
fn clear_earlier(out: &Path) -> Result<(), Error> {
    let ours = |p: &Path| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "csv" | "parquet"));
    for sub in ["projects", "capital"] {
        let dir = out.join(sub);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries {
                let path = entry?.path();
                if path.is_file() && ours(&path) {
                    std::fs::remove_file(&path)?;
                }
            }
        }
    }
    for ext in ["xlsx", "csv", "parquet"] {
        let path = out.join(format!("targets.{ext}"));
        if path.is_file() {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn size(paths: &[PathBuf]) -> Result<u64, Error> {
    let mut bytes = 0;
    for path in paths {
        bytes += std::fs::metadata(path)?.len();
    }
    Ok(bytes)
}

fn main() -> Result<(), Error> {
    let args = parse_args()?;
    let started = Instant::now();
    let ext = args.format.ext();
    clear_earlier(&args.out)?;
    let (projects_dir, capital_dir) = (args.out.join("projects"), args.out.join("capital"));
    std::fs::create_dir_all(&projects_dir)?;
    std::fs::create_dir_all(&capital_dir)?;

    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let projects = make_projects(&mut rng, args.projects, args.districts, args.realism);

    let mut register_files = Vec::new();
    if args.format == Fmt::Parquet {
        let path = projects_dir.join("projects.parquet");
        write_registers_parquet(&path, &projects, args.realism)?;
        register_files.push(path);
    } else {
        let mut start = 0;
        for (d, (key, name)) in DISTRICTS.iter().take(args.districts).enumerate() {
            let end = start + projects[start..].iter().take_while(|p| p.district == d).count();
            let path = projects_dir.join(format!("{:02}-{key}.{ext}", d + 1));
            match args.format {
                Fmt::Xlsx => write_register_xlsx(&path, name, &projects[start..end], args.realism, &mut rng)?,
                _ => write_register_csv(&path, name, &projects[start..end], args.realism)?,
            }
            register_files.push(path);
            start = end;
        }
    }

    let months = ledger_months(args.months);
    let (ledger_files, sums) =
        write_ledger(&mut rng, &capital_dir, args.format, &projects, &months, args.districts, args.realism)?;
    let targets_file = args.out.join(format!("targets.{ext}"));
    write_targets(&mut rng, &targets_file, args.format, &sums)?;

    let mb = |bytes: u64| bytes as f64 / 1e6;
    let (register_bytes, ledger_bytes, target_bytes) =
        (size(&register_files)?, size(&ledger_files)?, size(std::slice::from_ref(&targets_file))?);
    println!(
        "generated {} files in {}: {} projects in {} register file(s) ({:.1} MB), {} ledger rows in {} file(s) ({:.1} MB), {} target rows ({:.2} MB); {:.1} MB in {:.1} s",
        register_files.len() + ledger_files.len() + 1,
        args.out.display(),
        projects.len(),
        register_files.len(),
        mb(register_bytes),
        projects.len() * months.len(),
        ledger_files.len(),
        mb(ledger_bytes),
        sums.len(),
        mb(target_bytes),
        mb(register_bytes + ledger_bytes + target_bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
