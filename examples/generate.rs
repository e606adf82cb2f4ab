//! Generates district inputs of any size, for benchmarks and load tests.
//!
//!     cargo run --release --example generate -- --projects 50000 --months 12 \
//!         --format xlsx|csv|parquet --out DIR [--districts 18] [--seed 7]
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
const PROJECT_HEADERS: [&str; 17] = [
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
}

const USAGE: &str =
    "usage: generate --projects N --months M --format xlsx|csv|parquet --out DIR [--districts 18] [--seed 7]";

fn parse_args() -> Result<Args, Error> {
    let mut args =
        Args { projects: 50_000, months: 12, format: Fmt::Xlsx, out: PathBuf::new(), districts: 18, seed: 7 };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
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
        match key.as_str() {
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
    fai: f64,
    land: f64,
    output: f64,
    tax: f64,
    rd: f64,
    high_tech: bool,
    patents: u32,
    jobs: u32,
    /// Part of the capital comes as foreign capital.
    foreign: bool,
    /// Share of the total investment in place over the ledger's months.
    share: f64,
}

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

/// The projects, district by district (contiguous), ids unique city-wide.
fn make_projects(rng: &mut ChaCha8Rng, count: usize, districts: usize) -> Vec<Project> {
    let first_day = NaiveDate::from_ymd_opt(2020, 1, 1).expect("a valid date");
    let days = (NaiveDate::from_ymd_opt(2022, 12, 31).expect("a valid date") - first_day).num_days() as u64 + 1;
    let (lo, hi) = (1_000f64.ln(), 1_000_000f64.ln());
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
            projects.push(Project {
                id: format!("{prefix}-{seq:06}"),
                name: format!("{chain}{product}项目（{seq}）"),
                district: d,
                park: pick(rng, &PARKS),
                chain,
                link: pick(rng, &LINKS),
                tier: pick(rng, &TIERS),
                signed,
                total,
                fai,
                land,
                output,
                tax,
                rd,
                high_tech: rng.random_bool(0.4),
                patents: if rng.random_bool(0.35) { 0 } else { rng.random_range(1..=30) },
                jobs: rng.random_range(0..=2000),
                foreign: rng.random_bool(0.15),
                share: rng.random_range(0.3..0.95),
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

/// Generates the ledger row by row, handing each to `emit(project, month, domestic,
/// foreign_usd)`; returns each district's 2022 (domestic, foreign USD) sums.
fn make_ledger(
    rng: &mut ChaCha8Rng,
    projects: &[Project],
    months: &[(i32, u32)],
    districts: usize,
    mut emit: impl FnMut(usize, usize, f64, Option<f64>) -> Result<(), Error>,
) -> Result<Vec<(f64, f64)>, Error> {
    let mut sums = vec![(0.0, 0.0); districts];
    let spread = months.len().max(12) as f64;
    for (p, project) in projects.iter().enumerate() {
        let per_month = project.total * project.share / spread;
        for (m, &(year, _)) in months.iter().enumerate() {
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
            if year == 2022 {
                sums[project.district].0 += domestic;
                sums[project.district].1 += foreign.unwrap_or(0.0);
            }
            emit(p, m, domestic, foreign)?;
        }
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
    Number(f64),
    Date(NaiveDate),
}

fn project_row<'a>(p: &'a Project, district: &'a str) -> [Value<'a>; 17] {
    [
        Value::Text(&p.id),
        Value::Text(&p.name),
        Value::Text(district),
        Value::Text(p.park),
        Value::Text(p.chain),
        Value::Text(p.link),
        Value::Text(p.tier),
        Value::Date(p.signed),
        Value::Number(p.total),
        Value::Number(p.fai),
        Value::Number(p.land),
        Value::Number(p.output),
        Value::Number(p.tax),
        Value::Number(p.rd),
        Value::Text(if p.high_tech { "是" } else { "否" }),
        Value::Number(p.patents as f64),
        Value::Number(p.jobs as f64),
    ]
}

fn header_format() -> Format {
    Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7")
}

fn write_register_xlsx(path: &Path, district: &str, projects: &[Project]) -> Result<(), Error> {
    if projects.len() > XLSX_MAX_DATA_ROWS {
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
    sheet.merge_range(
        0,
        0,
        0,
        (PROJECT_HEADERS.len() - 1) as u16,
        &format!("2022年{district}招商引资项目统计表"),
        &title,
    )?;
    for (c, h) in PROJECT_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &header)?;
    }
    for (i, p) in projects.iter().enumerate() {
        let row = 2 + i as u32;
        for (c, value) in project_row(p, district).iter().enumerate() {
            write_value(sheet, row, c as u16, value, &date)?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

fn write_value(sheet: &mut Worksheet, row: u32, col: u16, value: &Value, date: &Format) -> Result<(), Error> {
    match value {
        Value::Text("") => {}
        Value::Text(t) => {
            sheet.write_string(row, col, *t)?;
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

fn write_register_csv(path: &Path, district: &str, projects: &[Project]) -> Result<(), Error> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(PROJECT_HEADERS)?;
    let mut record: Vec<String> = Vec::with_capacity(PROJECT_HEADERS.len());
    for p in projects {
        record.clear();
        record.extend(project_row(p, district).iter().map(|value| match value {
            Value::Text(t) => t.to_string(),
            Value::Number(n) => format!("{n}"),
            Value::Date(d) => date_text(*d),
        }));
        writer.write_record(&record)?;
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

fn write_registers_parquet(path: &Path, projects: &[Project]) -> Result<(), Error> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let h = PROJECT_HEADERS;
    let numbers = |f: fn(&Project) -> f64| projects.iter().map(f).collect::<Vec<f64>>();
    let columns = vec![
        Column::new(h[0].into(), projects.iter().map(|p| p.id.as_str()).collect::<Vec<&str>>()),
        Column::new(h[1].into(), projects.iter().map(|p| p.name.as_str()).collect::<Vec<&str>>()),
        Column::new(h[2].into(), projects.iter().map(|p| DISTRICTS[p.district].1).collect::<Vec<&str>>()),
        Column::new(h[3].into(), projects.iter().map(|p| non_empty(p.park)).collect::<Vec<Option<&str>>>()),
        Column::new(h[4].into(), projects.iter().map(|p| p.chain).collect::<Vec<&str>>()),
        Column::new(h[5].into(), projects.iter().map(|p| non_empty(p.link)).collect::<Vec<Option<&str>>>()),
        Column::new(h[6].into(), projects.iter().map(|p| non_empty(p.tier)).collect::<Vec<Option<&str>>>()),
        Column::new(h[7].into(), projects.iter().map(|p| (p.signed - epoch).num_days() as i32).collect::<Vec<i32>>())
            .cast(&DataType::Date)?,
        Column::new(h[8].into(), numbers(|p| p.total)),
        Column::new(h[9].into(), numbers(|p| p.fai)),
        Column::new(h[10].into(), numbers(|p| p.land)),
        Column::new(h[11].into(), numbers(|p| p.output)),
        Column::new(h[12].into(), numbers(|p| p.tax)),
        Column::new(h[13].into(), numbers(|p| p.rd)),
        Column::new(
            h[14].into(),
            projects.iter().map(|p| if p.high_tech { "是" } else { "否" }).collect::<Vec<&str>>(),
        ),
        Column::new(h[15].into(), projects.iter().map(|p| p.patents as i64).collect::<Vec<i64>>()),
        Column::new(h[16].into(), projects.iter().map(|p| p.jobs as i64).collect::<Vec<i64>>()),
    ];
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

/// Writes the ledger in the chosen format; returns its files and the districts'
/// 2022 sums.
fn write_ledger(
    rng: &mut ChaCha8Rng,
    dir: &Path,
    format: Fmt,
    projects: &[Project],
    months: &[(i32, u32)],
    districts: usize,
) -> Result<LedgerFiles, Error> {
    let labels: Vec<String> = months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect();
    match format {
        Fmt::Xlsx => {
            let mut ledger = XlsxLedger::new(dir, projects.len() * months.len());
            let sums = make_ledger(rng, projects, months, districts, |p, m, domestic, foreign| {
                ledger.push(&projects[p].id, &labels[m], domestic, foreign)
            })?;
            Ok((ledger.finish()?, sums))
        }
        Fmt::Csv => {
            let path = dir.join("ledger.csv");
            let mut writer = csv::Writer::from_path(&path)?;
            writer.write_record(LEDGER_HEADERS)?;
            let sums = make_ledger(rng, projects, months, districts, |p, m, domestic, foreign| {
                let domestic = format!("{domestic}");
                let foreign = foreign.map(|f| format!("{f}")).unwrap_or_default();
                writer.write_record([
                    projects[p].id.as_str(),
                    labels[m].as_str(),
                    domestic.as_str(),
                    foreign.as_str(),
                ])?;
                Ok(())
            })?;
            writer.flush()?;
            Ok((vec![path], sums))
        }
        Fmt::Parquet => {
            let rows = projects.len() * months.len();
            let (mut ids, mut periods) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
            let (mut domestics, mut foreigns) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
            let sums = make_ledger(rng, projects, months, districts, |p, m, domestic, foreign| {
                ids.push(projects[p].id.as_str());
                periods.push(labels[m].as_str());
                domestics.push(domestic);
                foreigns.push(foreign);
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
    let projects = make_projects(&mut rng, args.projects, args.districts);

    let mut register_files = Vec::new();
    if args.format == Fmt::Parquet {
        let path = projects_dir.join("projects.parquet");
        write_registers_parquet(&path, &projects)?;
        register_files.push(path);
    } else {
        let mut start = 0;
        for (d, (key, name)) in DISTRICTS.iter().take(args.districts).enumerate() {
            let end = start + projects[start..].iter().take_while(|p| p.district == d).count();
            let path = projects_dir.join(format!("{:02}-{key}.{ext}", d + 1));
            match args.format {
                Fmt::Xlsx => write_register_xlsx(&path, name, &projects[start..end])?,
                _ => write_register_csv(&path, name, &projects[start..end])?,
            }
            register_files.push(path);
            start = end;
        }
    }

    let months = ledger_months(args.months);
    let (ledger_files, sums) = write_ledger(&mut rng, &capital_dir, args.format, &projects, &months, args.districts)?;
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
