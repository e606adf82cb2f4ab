//! Generates the bundled sample (`fixtures/sample/`) and the broken files
//! (`fixtures/broken/`). Deterministic: a fixed seed and fixed document dates, so
//! running it twice gives byte-identical files.
//!
//!     cargo run --example make_fixtures
//!
//! The sample imitates what district offices really send: a title row merged over
//! the table, a unit line, headers with units and line breaks, numbers typed as
//! text with separators or full-width digits, dates in three forms, a blank row and
//! a totals row at the bottom, a note under the table, one office exporting GBK CSV,
//! one putting an instructions sheet first, one merging the district column down.
//! `.xls` and `.ods` copies of one register are made with LibreOffice when they are
//! missing or with `-- --convert` (they are committed, so tests do not need it).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

type Error = Box<dyn std::error::Error>;

const USD_TO_CNY: f64 = 6.7261;

#[derive(Clone)]
struct Project {
    id: String,
    name: String,
    district: &'static str,
    park: &'static str,
    chain: &'static str,
    link: &'static str,
    investor: String,
    tier: &'static str,
    origin: &'static str,
    status: &'static str,
    signed: (i32, u32, u32),
    total: f64,
    fai: f64,
    land: f64,
    output: f64,
    tax: f64,
    rd: f64,
    high_tech: bool,
    patents: u32,
    jobs: u32,
    foreign: bool,
}

struct District {
    key: &'static str,
    name: &'static str,
    prefix: &'static str,
    file: &'static str,
    count: usize,
    parks: &'static [&'static str],
    chains: &'static [(&'static str, u32)],
}

const DISTRICTS: &[District] = &[
    District {
        key: "wuhua",
        name: "五华区",
        prefix: "WH",
        file: "01-wuhua.xlsx",
        count: 30,
        parks: &[""],
        chains: &[("电子信息", 4), ("生物医药", 3), ("新材料", 2), ("先进装备制造", 1)],
    },
    District {
        key: "panlong",
        name: "盘龙区",
        prefix: "PL",
        file: "02-panlong.xlsx",
        count: 24,
        parks: &[""],
        chains: &[("生物医药", 4), ("电子信息", 3), ("非烟轻工", 2), ("高原特色现代农业", 1)],
    },
    District {
        key: "guandu",
        name: "官渡区",
        prefix: "GD",
        file: "03-guandu.xlsx",
        count: 40,
        parks: &["", "昆明经济技术开发区"],
        chains: &[("先进装备制造", 3), ("电子信息", 3), ("生物医药", 2), ("新材料", 2), ("烟草及配套", 1)],
    },
    District {
        key: "anning",
        name: "安宁市",
        prefix: "AN",
        file: "04-anning.csv",
        count: 34,
        parks: &["安宁工业园区"],
        chains: &[("化工", 4), ("冶金", 4), ("新材料", 3), ("先进装备制造", 1)],
    },
    District {
        key: "high_tech_zone",
        name: "昆明高新区",
        prefix: "GX",
        file: "05-high-tech-zone.xlsx",
        count: 52,
        parks: &["昆明高新技术产业开发区"],
        chains: &[("电子信息", 5), ("生物医药", 5), ("新材料", 4), ("先进装备制造", 1)],
    },
    District {
        key: "etdz",
        name: "昆明经开区",
        prefix: "JK",
        file: "06-etdz.xlsx",
        count: 46,
        parks: &["昆明经济技术开发区"],
        chains: &[("先进装备制造", 5), ("电子信息", 4), ("生物医药", 3), ("新材料", 1), ("烟草及配套", 1)],
    },
    District {
        key: "songming",
        name: "嵩明县",
        prefix: "SM",
        file: "07-songming.xlsx",
        count: 28,
        parks: &["杨林经济技术开发区", ""],
        chains: &[("生物医药", 3), ("先进装备制造", 3), ("非烟轻工", 3), ("高原特色现代农业", 2)],
    },
];

fn products(chain: &str) -> &'static [&'static str] {
    match chain {
        "新材料" => {
            &["高纯硅材料", "锂电池正极材料", "稀贵金属新材料", "石墨烯复合材料", "光伏玻璃", "高性能铝基材料"]
        }
        "电子信息" => {
            &["智能终端制造", "半导体封装测试", "光电显示模组", "绿色数据中心", "红外光电器件", "工业软件研发中心"]
        }
        "生物医药" => {
            &["中药配方颗粒", "生物疫苗", "高端医疗器械", "三七提取物", "创新药研发生产基地", "体外诊断试剂"]
        }
        "先进装备制造" => {
            &["智能装备制造", "新能源汽车零部件", "轨道交通装备", "高原电力装备", "智能物流装备", "数控机床"]
        }
        "化工" => &["精细磷化工", "绿色农药", "磷酸铁", "电子级化学品"],
        "冶金" => &["铜材深加工", "钛合金材料", "高端铝型材", "再生金属循环利用"],
        "非烟轻工" => &["高原特色食品加工", "精酿啤酒", "环保包装材料", "日用化妆品"],
        "烟草及配套" => &["烟用新材料", "卷烟配套辅料"],
        _ => &["鲜切花种植加工", "高原蔬菜冷链物流", "咖啡精深加工", "食用菌产业园"],
    }
}

const FIRMS: &[&str] = &[
    "金瑞", "恒达", "云泰", "华创", "博源", "睿通", "中科", "天成", "滇峰", "宏图", "汇能", "隆基", "信达", "瑞丰",
    "盛景", "康宁", "正和", "远航", "锦程", "海纳",
];
const PLACES: &[&str] = &["云南", "昆明", "上海", "深圳", "杭州", "成都", "北京", "广州", "苏州", "香港"];
const ORIGINS: &[(&str, bool)] = &[
    ("上海", false),
    ("广东", false),
    ("北京", false),
    ("浙江", false),
    ("江苏", false),
    ("四川", false),
    ("云南", false),
    ("香港", true),
    ("新加坡", true),
    ("美国", true),
];
const TIERS: &[(&str, u32)] =
    &[("世界500强", 1), ("中国500强", 2), ("民营500强", 3), ("行业龙头", 5), ("上市公司", 5), ("其他", 10), ("", 4)];
const LINKS: &[(&str, u32)] = &[("建链", 2), ("补链", 4), ("延链", 4), ("强链", 5), ("", 3)];
const STATUSES: &[(&str, u32)] = &[("签约", 3), ("开工", 5), ("投产", 3)];

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    items[0].0
}

fn round_to(value: f64, step: f64) -> f64 {
    (value / step).round() * step
}

fn make_projects(rng: &mut ChaCha8Rng, d: &District) -> Vec<Project> {
    let mut out = Vec::new();
    for i in 0..d.count {
        let chain = pick(rng, d.chains);
        let product = products(chain)[rng.random_range(0..products(chain).len())];
        let firm = FIRMS[rng.random_range(0..FIRMS.len())];
        let place = PLACES[rng.random_range(0..PLACES.len())];
        let scale =
            if rng.random_bool(0.3) { format!("年产{}万吨", rng.random_range(1..20)) } else { String::new() };
        let name = format!("{place}{firm}{scale}{product}项目");
        let suffix = ["集团有限公司", "股份有限公司", "科技有限公司", "实业有限公司"][rng.random_range(0..4)];
        let (origin, foreign) = ORIGINS[rng.random_range(0..ORIGINS.len())];
        // Signing dates from 2021-01 to 2023-02; a few fall after 2022Q4.
        let month_index = rng.random_range(0..26u32);
        let (year, month) = (2021 + (month_index / 12) as i32, month_index % 12 + 1);
        let day = rng.random_range(1..=28);
        let total = round_to((rng.random_range(7.5f64..12.6)).exp(), 10.0);
        let fai = round_to(total * rng.random_range(0.6..0.92), 1.0);
        let land = round_to(fai / rng.random_range(120.0..650.0), 0.1).max(5.0);
        let output = round_to(fai * rng.random_range(0.5..3.2), 10.0);
        let tax = round_to(output * rng.random_range(0.02..0.11), 1.0);
        let rd = round_to(output * rng.random_range(0.0..0.07), 1.0);
        out.push(Project {
            id: format!("{}-{}-{:03}", d.prefix, year, i + 1),
            name,
            district: d.name,
            park: d.parks[rng.random_range(0..d.parks.len())],
            chain,
            link: pick(rng, LINKS),
            investor: format!("{place}{firm}{suffix}"),
            tier: pick(rng, TIERS),
            origin,
            status: pick(rng, STATUSES),
            signed: (year, month, day),
            total,
            fai,
            land,
            output,
            tax,
            rd,
            high_tech: rng.random_bool(0.45),
            patents: if rng.random_bool(0.35) { 0 } else { rng.random_range(1..32) },
            jobs: rng.random_range(20..900),
            foreign,
        });
    }
    out
}

fn fixed_properties() -> Result<DocProperties, Error> {
    let created = ExcelDateTime::from_ymd(2023, 1, 10)?;
    Ok(DocProperties::new().set_creation_datetime(&created).set_author("昆明市投资促进委员会"))
}

/// How an office writes one cell: the styles vary by district.
#[derive(Clone, Copy)]
enum DateStyle {
    RealDate,
    DashText,
    SlashText,
    ChineseText,
    Serial,
}

fn date_text(style: DateStyle, (y, m, d): (i32, u32, u32)) -> String {
    match style {
        DateStyle::DashText | DateStyle::RealDate => format!("{y}-{m:02}-{d:02}"),
        DateStyle::SlashText => format!("{y}/{m}/{d}"),
        DateStyle::ChineseText | DateStyle::Serial => format!("{y}年{m}月{d}日"),
    }
}

fn with_separators(value: f64) -> String {
    let whole = value.round() as i64;
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 { format!("-{out}") } else { out }
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c })
        .collect()
}

struct Layout {
    headers: Vec<&'static str>,
    date_style: DateStyle,
    sheet: &'static str,
    instructions_first: bool,
    merge_district: bool,
    text_numbers: bool,
}

fn layout_for(key: &str) -> Layout {
    let standard = vec![
        "序号",
        "项目编号",
        "项目名称",
        "所属县区",
        "所在园区",
        "所属产业链",
        "链条环节",
        "投资方",
        "投资方类别",
        "资金来源地",
        "项目状态",
        "签约时间",
        "计划总投资\n（万元）",
        "固定资产投资\n（万元）",
        "用地面积\n（亩）",
        "达产年产值\n（万元）",
        "达产年税收\n（万元）",
        "研发投入\n（万元）",
        "是否高新技术企业",
        "发明专利\n（件）",
        "新增就业\n（人）",
    ];
    match key {
        "wuhua" => Layout {
            headers: standard,
            date_style: DateStyle::RealDate,
            sheet: "项目清单",
            instructions_first: false,
            merge_district: false,
            text_numbers: false,
        },
        "panlong" => Layout {
            headers: standard,
            date_style: DateStyle::DashText,
            sheet: "盘龙区",
            instructions_first: false,
            merge_district: true,
            text_numbers: true,
        },
        "guandu" => {
            let mut h = standard;
            h[3] = "县（市）区";
            h[11] = "签约日期";
            h[12] = "总投资（万元）";
            h[14] = "用地面积";
            h[15] = "预计年产值\n（万元）";
            h[16] = "预计年税收\n（万元）";
            Layout {
                headers: h,
                date_style: DateStyle::ChineseText,
                sheet: "Sheet1",
                instructions_first: false,
                merge_district: false,
                text_numbers: false,
            }
        }
        "anning" => Layout {
            headers: standard,
            date_style: DateStyle::SlashText,
            sheet: "",
            instructions_first: false,
            merge_district: false,
            text_numbers: true,
        },
        "high_tech_zone" => Layout {
            headers: standard,
            date_style: DateStyle::Serial,
            sheet: "高新区项目",
            instructions_first: true,
            merge_district: false,
            text_numbers: false,
        },
        "etdz" => Layout {
            headers: standard,
            date_style: DateStyle::RealDate,
            sheet: "经开区",
            instructions_first: false,
            merge_district: false,
            text_numbers: true,
        },
        _ => Layout {
            headers: standard,
            date_style: DateStyle::SlashText,
            sheet: "项目台账",
            instructions_first: false,
            merge_district: false,
            text_numbers: false,
        },
    }
}

/// The cells of one project row, as the office types them.
fn project_cells(
    p: &Project,
    index: usize,
    layout: &Layout,
    rng: &mut ChaCha8Rng,
    district_key: &str,
) -> Vec<CellValue> {
    let number = |rng: &mut ChaCha8Rng, v: f64, unit: &str| -> CellValue {
        if layout.text_numbers && rng.random_bool(0.35) {
            match rng.random_range(0..4) {
                0 => CellValue::Text(with_separators(v)),
                1 => CellValue::Text(full_width(&format!("{}", v.round() as i64))),
                2 if !unit.is_empty() => CellValue::Text(format!("{}{unit}", v)),
                _ => CellValue::Text(format!("{v}")),
            }
        } else {
            CellValue::Number(v)
        }
    };
    let tier = if district_key == "songming" && index == 4 { "外资企业" } else { p.tier };
    let land =
        if district_key == "songming" && index == 7 { CellValue::Text("-".into()) } else { number(rng, p.land, "亩") };
    let date = match layout.date_style {
        DateStyle::RealDate => CellValue::Date(p.signed),
        DateStyle::Serial => CellValue::Number(excel_serial(p.signed)),
        style => CellValue::Text(date_text(style, p.signed)),
    };
    vec![
        CellValue::Number((index + 1) as f64),
        CellValue::Text(p.id.clone()),
        CellValue::Text(p.name.clone()),
        CellValue::Text(p.district.to_string()),
        CellValue::Text(p.park.to_string()),
        CellValue::Text(p.chain.to_string()),
        CellValue::Text(p.link.to_string()),
        CellValue::Text(p.investor.clone()),
        CellValue::Text(tier.to_string()),
        CellValue::Text(p.origin.to_string()),
        CellValue::Text(p.status.to_string()),
        date,
        number(rng, p.total, "万元"),
        number(rng, p.fai, "万元"),
        land,
        number(rng, p.output, ""),
        number(rng, p.tax, ""),
        number(rng, p.rd, ""),
        CellValue::Text(if p.high_tech { "是" } else { "否" }.into()),
        CellValue::Number(p.patents as f64),
        CellValue::Number(p.jobs as f64),
    ]
}

#[derive(Clone)]
enum CellValue {
    Text(String),
    Number(f64),
    Date((i32, u32, u32)),
}

fn excel_serial((y, m, d): (i32, u32, u32)) -> f64 {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    (date - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, value: &CellValue, date_format: &Format) -> Result<(), Error> {
    match value {
        CellValue::Text(t) if t.is_empty() => {}
        CellValue::Text(t) => {
            sheet.write_string(row, col, t)?;
        }
        CellValue::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        CellValue::Date((y, m, d)) => {
            sheet.write_datetime_with_format(
                row,
                col,
                ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8)?,
                date_format,
            )?;
        }
    }
    Ok(())
}

fn write_register(path: &Path, d: &District, projects: &[Project], rng: &mut ChaCha8Rng) -> Result<(), Error> {
    let layout = layout_for(d.key);
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let title_format = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let merge_format = Format::new().set_align(FormatAlign::VerticalCenter).set_align(FormatAlign::Center);
    if layout.instructions_first {
        let notes = workbook.add_worksheet();
        notes.set_name("填报说明")?;
        notes.write_string(0, 0, "填报说明")?;
        notes.write_string(1, 0, "1. 本表统计2022年度签约的工业招商引资项目，金额单位为万元。")?;
        notes.write_string(2, 0, "2. 签约时间按合同签订日期填写。")?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(layout.sheet)?;
    let last_col = (layout.headers.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &format!("2022年{}招商引资工业项目统计表", d.name), &title_format)?;
    sheet.merge_range(1, 0, 1, last_col, "填报单位：区投资促进局        单位：万元、亩", &Format::new())?;
    for (c, h) in layout.headers.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &header_format)?;
        sheet.set_column_width(c as u16, if c == 2 || c == 7 { 36 } else { 12 })?;
    }
    sheet.set_row_height(2, 45)?;
    let first_data = 3u32;
    for (i, p) in projects.iter().enumerate() {
        let row = first_data + i as u32;
        for (c, value) in project_cells(p, i, &layout, rng, d.key).iter().enumerate() {
            if layout.merge_district && c == 3 {
                continue;
            }
            write_cell(sheet, row, c as u16, value, &date_format)?;
        }
    }
    let last_data = first_data + projects.len() as u32 - 1;
    if layout.merge_district {
        sheet.merge_range(first_data, 3, last_data, 3, d.name, &merge_format)?;
    }
    // A blank row, the totals row, a note.
    let totals_row = last_data + 2;
    sheet.write_string(totals_row, 2, "合  计")?;
    let sum = |f: fn(&Project) -> f64| projects.iter().map(f).sum::<f64>();
    sheet.write_number(totals_row, 12, sum(|p| p.total))?;
    sheet.write_number(totals_row, 13, sum(|p| p.fai))?;
    sheet.write_number(totals_row, 14, (sum(|p| p.land) * 10.0).round() / 10.0)?;
    sheet.write_string(
        totals_row + 1,
        0,
        "注：金额单位为万元，用地面积单位为亩；填表人：张敏，联系电话：0871-6xxxxxxx",
    )?;
    workbook.save(path)?;
    Ok(())
}

fn write_register_csv(path: &Path, d: &District, projects: &[Project], rng: &mut ChaCha8Rng) -> Result<(), Error> {
    let layout = layout_for(d.key);
    let mut text = String::new();
    text.push_str(&format!("2022年{}招商引资工业项目统计表\r\n", d.name));
    let headers: Vec<String> = layout.headers.iter().map(|h| h.replace('\n', "")).collect();
    text.push_str(&headers.join(","));
    text.push_str("\r\n");
    let quote =
        |s: &str| if s.contains([',', '"']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    for (i, p) in projects.iter().enumerate() {
        let cells: Vec<String> = project_cells(p, i, &layout, rng, d.key)
            .iter()
            .map(|c| match c {
                CellValue::Text(t) => quote(t),
                CellValue::Number(n) => format!("{n}"),
                CellValue::Date(date) => date_text(DateStyle::SlashText, *date),
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text.push_str(&format!(",,合计,,,,,,,,,,{},,\r\n", projects.iter().map(|p| p.total).sum::<f64>()));
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(path, &bytes)?;
    Ok(())
}

struct LedgerRow {
    id: String,
    name: String,
    district: &'static str,
    period: CellValue,
    domestic: f64,
    foreign: Option<f64>,
}

fn make_ledger(rng: &mut ChaCha8Rng, projects: &[Project]) -> (Vec<LedgerRow>, BTreeMap<&'static str, f64>) {
    let mut rows = Vec::new();
    let mut capital_2022: BTreeMap<&'static str, f64> = BTreeMap::new();
    for p in projects {
        let start = (p.signed.0 - 2021) as u32 * 12 + p.signed.1 - 1;
        let share = rng.random_range(0.25..0.95);
        let months: Vec<u32> = (start..26).filter(|_| rng.random_bool(0.55)).collect();
        if months.is_empty() {
            continue;
        }
        let per_month = p.total * share / months.len() as f64;
        let quarterly = p.district == "嵩明县";
        let mut quarter_sums: BTreeMap<(i32, u32), (f64, f64)> = BTreeMap::new();
        for m in months {
            let (year, month) = (2021 + (m / 12) as i32, m % 12 + 1);
            let amount = round_to(per_month * rng.random_range(0.5..1.5), 1.0);
            let (domestic, foreign) = if p.foreign {
                (round_to(amount * 0.4, 1.0), Some(round_to(amount * 0.6 / USD_TO_CNY, 0.1)))
            } else {
                (amount, None)
            };
            if year == 2022 {
                *capital_2022.entry(p.district).or_default() += domestic + foreign.unwrap_or(0.0) * USD_TO_CNY;
            }
            if quarterly && year == 2022 {
                let entry = quarter_sums.entry((year, (month - 1) / 3 + 1)).or_default();
                entry.0 += domestic;
                entry.1 += foreign.unwrap_or(0.0);
                continue;
            }
            let period = match rng.random_range(0..6) {
                0 => CellValue::Date((year, month, 1)),
                1 => CellValue::Text(format!("{year}年{month}月")),
                _ => CellValue::Text(format!("{year}-{month:02}")),
            };
            rows.push(LedgerRow {
                id: p.id.clone(),
                name: p.name.clone(),
                district: p.district,
                period,
                domestic,
                foreign,
            });
        }
        for ((year, quarter), (domestic, foreign)) in quarter_sums {
            rows.push(LedgerRow {
                id: p.id.clone(),
                name: p.name.clone(),
                district: p.district,
                period: CellValue::Text(format!("{year}Q{quarter}")),
                domestic,
                foreign: (foreign > 0.0).then_some(foreign),
            });
        }
    }
    // A few corrections: negative rows undoing part of an earlier entry.
    for k in [5usize, 60, 140] {
        if let Some(row) = rows.get(k) {
            let correction = LedgerRow {
                id: row.id.clone(),
                name: row.name.clone(),
                district: row.district,
                period: CellValue::Text("2022-11".into()),
                domestic: -round_to(row.domestic * 0.2, 1.0),
                foreign: None,
            };
            *capital_2022.entry(row.district).or_default() += correction.domestic;
            rows.push(correction);
        }
    }
    (rows, capital_2022)
}

fn write_ledger(path: &Path, rows: &[LedgerRow]) -> Result<(), Error> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let sheet = workbook.add_worksheet();
    sheet.set_name("资金到位台账")?;
    let header_format = Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin);
    let date_format = Format::new().set_num_format("yyyy-mm");
    sheet.merge_range(
        0,
        0,
        0,
        5,
        "2021—2023年工业招商引资项目资金到位台账",
        &Format::new().set_bold().set_font_size(14),
    )?;
    for (c, h) in
        ["项目编号", "项目名称", "所属县区", "月份", "内资到位\n（万元）", "外资到位（万美元）"].iter().enumerate()
    {
        sheet.write_string_with_format(1, c as u16, *h, &header_format)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_string(r, 0, &row.id)?;
        sheet.write_string(r, 1, &row.name)?;
        sheet.write_string(r, 2, row.district)?;
        write_cell(sheet, r, 3, &row.period, &date_format)?;
        sheet.write_number(r, 4, row.domestic)?;
        if let Some(f) = row.foreign {
            sheet.write_number(r, 5, f)?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

fn write_targets(path: &Path, capital_2022: &BTreeMap<&'static str, f64>, rng: &mut ChaCha8Rng) -> Result<(), Error> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let sheet = workbook.add_worksheet();
    sheet.set_name("目标任务")?;
    sheet.merge_range(0, 0, 0, 3, "各县区招商引资到位资金目标任务", &Format::new().set_bold())?;
    for (c, h) in ["县区", "年度", "内资到位目标（万元）", "外资到位目标（万美元）"].iter().enumerate()
    {
        sheet.write_string(1, c as u16, *h)?;
    }
    let mut r = 2;
    for d in DISTRICTS {
        let actual = capital_2022.get(d.name).copied().unwrap_or(0.0);
        for year in [2021, 2022, 2023] {
            let completion = rng.random_range(0.72..1.32);
            let total = round_to(actual / completion, 100.0).max(1000.0);
            let foreign = round_to(total * 0.08 / USD_TO_CNY, 10.0);
            let domestic = round_to(total - foreign * USD_TO_CNY, 100.0);
            sheet.write_string(r, 0, d.name)?;
            sheet.write_number(r, 1, year as f64)?;
            sheet.write_number(r, 2, domestic)?;
            sheet.write_number(r, 3, foreign)?;
            r += 1;
        }
    }
    workbook.save(path)?;
    Ok(())
}

// ------------------------------------------------------------------------------------
// Broken files: one small file per failure the tests check.

fn small_register(path: &Path, header: &[&str], rows: &[Vec<&str>]) -> Result<(), Error> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let sheet = workbook.add_worksheet();
    sheet.set_name("项目表")?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v)?;
            }
        }
    }
    workbook.save(path)?;
    Ok(())
}

const HEAD: [&str; 7] =
    ["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资（万元）", "用地面积（亩）"];

fn good(id: &str) -> Vec<&str> {
    match id {
        "B-001" => vec!["B-001", "甲项目", "五华区", "新材料", "2022-03-15", "12000", "50"],
        _ => vec!["B-002", "乙项目", "盘龙区", "生物医药", "2022-05-20", "8000", "30"],
    }
}

fn write_zip(path: &Path, members: &[(&str, Vec<u8>)]) -> Result<(), Error> {
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2023, 1, 10, 0, 0, 0)?);
    for (name, data) in members {
        zip.start_file(*name, options)?;
        zip.write_all(data)?;
    }
    zip.finish()?;
    Ok(())
}

fn write_broken(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir)?;
    small_register(
        &dir.join("unknown-district.xlsx"),
        &HEAD,
        &[good("B-001"), vec!["B-003", "丙项目", "五花区", "新材料", "2022-06-01", "5000", "20"]],
    )?;
    small_register(
        &dir.join("unknown-chain.xlsx"),
        &HEAD,
        &[good("B-001"), vec!["B-003", "丙项目", "五华区", "新材科", "2022-06-01", "5000", "20"]],
    )?;
    small_register(
        &dir.join("duplicate-id.xlsx"),
        &HEAD,
        &[
            good("B-001"),
            good("B-002"),
            vec!["B-001", "甲项目（重复）", "五华区", "新材料", "2022-03-15", "12000", "50"],
        ],
    )?;
    small_register(
        &dir.join("missing-id.xlsx"),
        &HEAD,
        &[good("B-001"), vec!["", "无编号项目", "五华区", "新材料", "2022-06-01", "5000", "20"]],
    )?;
    small_register(
        &dir.join("bad-investment.xlsx"),
        &HEAD,
        &[
            good("B-001"),
            vec!["B-003", "丙项目", "五华区", "新材料", "2022-06-01", "12,3a", "20"],
            vec!["B-004", "丁项目", "五华区", "新材料", "2022-06-01", "-50", "20"],
        ],
    )?;
    small_register(
        &dir.join("bad-date.xlsx"),
        &HEAD,
        &[good("B-001"), vec!["B-003", "丙项目", "五华区", "新材料", "2022-02-30", "5000", "20"]],
    )?;
    small_register(
        &dir.join("bad-number.xlsx"),
        &HEAD,
        &[good("B-001"), vec!["B-003", "丙项目", "五华区", "新材料", "2022-06-01", "5000", "二十亩"]],
    )?;
    small_register(
        &dir.join("missing-column.xlsx"),
        &["项目号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资（万元）"],
        &[good("B-001")],
    )?;
    small_register(&dir.join("no-header.xlsx"), &["B-001", "甲项目", "五华区"], &[good("B-002")])?;
    // A ledger with an unreadable period and a project no register knows.
    {
        let mut workbook = Workbook::new();
        workbook.set_properties(&fixed_properties()?);
        let sheet = workbook.add_worksheet();
        sheet.set_name("台账")?;
        for (c, h) in ["项目编号", "月份", "内资到位"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h)?;
        }
        for (r, (id, period, amount)) in
            [("B-001", "2022-03", 100.0), ("B-001", "上个月", 50.0), ("ZZ-999", "2022-04", 10.0)].iter().enumerate()
        {
            sheet.write_string(r as u32 + 1, 0, *id)?;
            sheet.write_string(r as u32 + 1, 1, *period)?;
            sheet.write_number(r as u32 + 1, 2, *amount)?;
        }
        workbook.save(dir.join("bad-period-ledger.xlsx"))?;
    }
    small_register(&dir.join("good-register.xlsx"), &HEAD, &[good("B-001"), good("B-002")])?;
    // A tiny workbook with a real cell at XFD1048576: harmless to a sparse reader.
    {
        let mut workbook = Workbook::new();
        workbook.set_properties(&fixed_properties()?);
        let sheet = workbook.add_worksheet();
        sheet.set_name("项目表")?;
        for (c, h) in HEAD.iter().enumerate() {
            sheet.write_string(0, c as u16, *h)?;
        }
        for (c, v) in good("B-001").iter().enumerate() {
            sheet.write_string(1, c as u16, *v)?;
        }
        sheet.write_string(1_048_575, 16_383, "far away")?;
        workbook.save(dir.join("far-cell.xlsx"))?;
    }
    // A zip bomb: one sheet member of 8 MiB of spaces, a few KiB on disk.
    let content_types = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec();
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.to_vec();
    sheet.extend(std::iter::repeat_n(b' ', 8 << 20));
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    write_zip(
        &dir.join("zip-bomb.xlsx"),
        &[("[Content_Types].xml", content_types), ("xl/worksheets/sheet1.xml", sheet)],
    )?;
    // An .ods whose one table repeats a filled row a million times across 1000 columns.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="项目表"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    write_zip(
        &dir.join("repeat-bomb.ods"),
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
            ("content.xml", content.as_bytes().to_vec()),
        ],
    )?;
    // An .xls whose sheet has a cell at A1 and one at IV65536: 16.7 million cells densely.
    {
        let mut compound = cfb::create(dir.join("far-cells.xls"))?;
        let mut stream = compound.create_stream("/Workbook")?;
        let record = |kind: u16, body: &[u8]| -> Vec<u8> {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((body.len() as u16).to_le_bytes());
            r.extend_from_slice(body);
            r
        };
        let bof = |kind: u16| -> Vec<u8> {
            let mut body = vec![0u8; 16];
            body[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
            body[2..4].copy_from_slice(&kind.to_le_bytes());
            record(0x0809, &body)
        };
        let number = |row: u16, col: u16| -> Vec<u8> {
            let mut body = Vec::new();
            body.extend(row.to_le_bytes());
            body.extend(col.to_le_bytes());
            body.extend(0u16.to_le_bytes());
            body.extend(1.0f64.to_le_bytes());
            record(0x0203, &body)
        };
        let mut bytes = Vec::new();
        bytes.extend(bof(0x0005));
        bytes.extend(record(0x000A, &[]));
        bytes.extend(bof(0x0010));
        bytes.extend(number(0, 0));
        bytes.extend(number(65535, 255));
        bytes.extend(record(0x000A, &[]));
        stream.write_all(&bytes)?;
    }
    std::fs::write(dir.join("not-a-workbook.xlsx"), "this is a text file, not a workbook\n")?;
    std::fs::write(
        dir.join("unknown-key.toml"),
        "extends = \"../../config/default.toml\"\n\n[indicators.fai_per_mu]\nweigth = 60\n",
    )?;
    std::fs::write(
        dir.join("negative-weight.toml"),
        "extends = \"../../config/default.toml\"\n\n[dimensions.tech]\nweight = -20\n",
    )?;
    Ok(())
}

fn convert_with_libreoffice(source: &Path, format: &str, out_dir: &Path) {
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(source)
        .output();
    match status {
        Ok(out) if out.status.success() => println!("converted {} to {format}", source.display()),
        _ => println!("LibreOffice not available: keeping the committed .{format} copy"),
    }
}

fn main() -> Result<(), Error> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let sample = root.join("sample");
    std::fs::create_dir_all(sample.join("projects"))?;
    std::fs::create_dir_all(sample.join("capital"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(20221231);
    let mut all = Vec::new();
    for d in DISTRICTS {
        let projects = make_projects(&mut rng, d);
        let path = sample.join("projects").join(d.file);
        if d.file.ends_with(".csv") {
            write_register_csv(&path, d, &projects, &mut rng)?;
        } else {
            write_register(&path, d, &projects, &mut rng)?;
        }
        println!("wrote {} ({} projects)", path.display(), projects.len());
        all.extend(projects);
    }
    let (ledger, capital_2022) = make_ledger(&mut rng, &all);
    write_ledger(&sample.join("capital").join("ledger-2021-2023.xlsx"), &ledger)?;
    println!("wrote ledger ({} rows)", ledger.len());
    write_targets(&sample.join("targets.xlsx"), &capital_2022, &mut rng)?;
    write_broken(&root.join("broken"))?;
    println!("wrote fixtures/broken");
    // Other formats of one register, for the reader tests.
    let formats = root.join("formats");
    std::fs::create_dir_all(&formats)?;
    std::fs::copy(sample.join("projects").join("01-wuhua.xlsx"), formats.join("wuhua.xlsx"))?;
    // LibreOffice stamps the time into what it writes, so the committed copies are
    // only remade when missing or when asked (`-- --convert`).
    let convert = std::env::args().any(|a| a == "--convert");
    for format in ["xls", "ods"] {
        if convert || !formats.join(format!("wuhua.{format}")).exists() {
            convert_with_libreoffice(&formats.join("wuhua.xlsx"), format, &formats);
        }
    }
    Ok(())
}
