//! Reading real files through the library: every messy-spreadsheet feature of spec
//! 2.4 in one workbook written with rust_xlsxwriter, CSV in GB18030, parquet, and
//! districts taken from sheet or file names.

use chainscore::columns::InputKind;
use chainscore::config::Config;
use chainscore::read::table::RowNoteKind;
use chainscore::read::{InputPaths, read_file};
use polars::prelude::*;

use crate::support::{Value, Workdir, numbers, root, strings, texts};

fn default_config() -> Config {
    Config::load(&root().join("config/default.toml")).unwrap()
}

fn messy_workbook(work: &Workdir) -> std::path::PathBuf {
    use Value::*;
    let header = texts(&[
        "序号",
        "项目编号",
        "项目名称",
        "所属县区",
        "所属产业链",
        "签约时间",
        "计划总投资\n（万元）",
        "用地面积\n（亩）",
        "是否高新技术企业",
        "投资方类别",
        "链条环节",
        "研发占比",
    ]);
    let rows = vec![
        vec![Text("2022年五华区招商引资项目统计表")],
        vec![Text("单位：万元、亩")],
        header,
        vec![
            Number(1.0),
            Text("WH-001"),
            Text("甲项目"),
            Text("五华区"),
            Text("新材料"),
            Date(2022, 3, 15),
            Text("1,200"),
            Text("50亩"),
            Text("是"),
            Text("世界500强"),
            Text("建链"),
            Text("5%"),
        ],
        vec![
            Number(2.0),
            Text("ＷＨ－００２"),
            Text("乙项目"),
            Blank,
            Text("Electronic information"),
            Number(44635.0),
            Text("３５００"),
            Text("12.5"),
            Text("YES"),
            Text("GLOBAL500"),
            Text("supplement"),
            Text("0.5%"),
        ],
        vec![
            Number(3.0),
            Text("WH-003"),
            Text("丙项目"),
            Blank,
            Text("生物医药"),
            Text("2022年3月15日"),
            Text("1200万元"),
            Blank,
            Text("no"),
            Text("China 500"),
            Blank,
            Blank,
        ],
        vec![
            Number(4.0),
            Text("WH-004"),
            Text("丁项目"),
            Blank,
            Text(" 先进装备 "),
            Text("2022/3/15"),
            Text("3.5亿元"),
            Text("-"),
            Text("否"),
            Text("其他"),
            Text("强链"),
            Blank,
        ],
        vec![],
        vec![Blank, Blank, Text("合 计"), Blank, Blank, Blank, Number(40900.0)],
        vec![Text("注：本表由区投资促进局填报。")],
    ];
    work.xlsx(
        "messy.xlsx",
        "项目清单",
        &rows,
        &[(0, 0, 0, 11, "2022年五华区招商引资项目统计表"), (1, 0, 1, 11, "单位：万元、亩"), (3, 3, 6, 3, "五华区")],
    )
}

#[test]
fn every_messy_spreadsheet_feature_is_read() {
    let work = Workdir::new();
    let path = messy_workbook(&work);
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    let frame = &read.table.frame;
    // Title and unit rows above the header; header on sheet row 3.
    assert_eq!(read.source.header_row, 3);
    assert_eq!(read.source.sheet.as_deref(), Some("项目清单"));
    assert_eq!(read.table.rows_read, 7);
    assert_eq!(frame.height(), 4);
    assert_eq!(strings(frame, "project_id"), ["WH-001", "WH-002", "WH-003", "WH-004"].map(|s| Some(s.to_string())));
    // The district cell merged down the column belongs to every row.
    assert_eq!(strings(frame, "district"), vec![Some("五华区".to_string()); 4]);
    // Real date, serial, Chinese text, slashes.
    assert_eq!(strings(frame, "signed_on"), vec![Some("2022-03-15".to_string()); 4]);
    // Separators, full-width digits, a trailing unit, 亿元 converted to 万元.
    assert_eq!(numbers(frame, "total_investment"), vec![Some(1200.0), Some(3500.0), Some(1200.0), Some(35000.0)]);
    // A unit after the number, a blank word, an empty cell.
    assert_eq!(numbers(frame, "land_area"), vec![Some(50.0), Some(12.5), None, None]);
    assert_eq!(
        frame.column("high_tech").unwrap().bool().unwrap().iter().collect::<Vec<_>>(),
        vec![Some(true), Some(true), Some(false), Some(false)]
    );
    assert_eq!(
        strings(frame, "investor_tier"),
        ["global500", "global500", "china500", "other"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        strings(frame, "link"),
        vec![Some("build".into()), Some("supplement".into()), None, Some("strengthen".into())]
    );
    // A column that is not canonical is kept, numeric, percent signs read.
    assert_eq!(numbers(frame, "研发占比"), vec![Some(0.05), Some(0.005), None, None]);
    // The blank row, the totals row and the note are skipped and noted.
    let notes: Vec<(u32, RowNoteKind)> = read.table.rows.iter().map(|n| (n.first_row, n.kind)).collect();
    assert_eq!(notes, vec![(8, RowNoteKind::Blank), (9, RowNoteKind::Totals), (10, RowNoteKind::Notes)]);
    assert!(read.table.cells.is_empty(), "{:?}", read.table.cells);
    assert_eq!(read.source.label("total_investment"), "G 计划总投资（万元）");
}

#[test]
fn validation_maps_names_in_any_form_to_keys() {
    let work = Workdir::new();
    let path = messy_workbook(&work);
    let config = default_config();
    let paths = InputPaths {
        projects: vec![path.to_string_lossy().into_owned()],
        capital: Vec::new(),
        targets: Vec::new(),
        operations: Vec::new(),
    };
    let inputs = chainscore::read::read_inputs(&paths, &config).unwrap();
    let validated = chainscore::validate::validate(inputs, &config, "2022Q4".parse().unwrap()).unwrap();
    assert_eq!(validated.error_count(), 0, "{:#?}", validated.issues);
    assert_eq!(strings(&validated.projects, "district"), vec![Some("wuhua".to_string()); 4]);
    assert_eq!(
        strings(&validated.projects, "chain"),
        ["new_materials", "electronic_information", "biomedicine", "advanced_equipment"].map(|s| Some(s.to_string()))
    );
    assert_eq!(validated.accounting[0].read, 7);
    assert_eq!(validated.accounting[0].used, 4);
    assert_eq!(validated.accounting[0].skipped, 3);
}

#[test]
fn a_gb18030_csv_export_is_decoded() {
    let path = root().join("fixtures/sample/projects/04-anning.csv");
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.sheet, None);
    assert_eq!(read.source.header_row, 2);
    let districts = strings(&read.table.frame, "district");
    assert!(districts.iter().all(|d| d.as_deref() == Some("安宁市")), "{districts:?}");
    let names = strings(&read.table.frame, "project_name");
    assert!(names.iter().all(|n| n.as_deref().is_some_and(|n| n.ends_with("项目"))), "{names:?}");
    assert_eq!(read.table.rows.iter().filter(|n| n.kind == RowNoteKind::Totals).count(), 1);
}

#[test]
fn a_parquet_register_is_read_with_its_column_names_as_header() {
    let work = Workdir::new();
    let path = work.join("register.parquet");
    let mut frame = df! {
        "Project ID" => ["P-1", "P-2"],
        "Project" => ["甲", "乙"],
        "District" => ["盘龙", "五华"],
        "Industry chain" => ["生物医药", "新材料"],
        "Signed on" => ["2022-05-01", "2022-06-30"],
        "Total investment" => [1500.0, 2500.5],
        "Patents" => [Some(3i64), None],
    }
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.header_row, 1);
    assert_eq!(numbers(&read.table.frame, "total_investment"), vec![Some(1500.0), Some(2500.5)]);
    assert_eq!(numbers(&read.table.frame, "patents"), vec![Some(3.0), None]);
    assert_eq!(strings(&read.table.frame, "signed_on"), vec![Some("2022-05-01".into()), Some("2022-06-30".into())]);
}

/// pandas and pyarrow write small counts as uint8/uint16 and money as
/// decimal(p, s): each is read as a number, exactly.
#[test]
fn parquet_small_integers_and_decimals_are_numbers() {
    let work = Workdir::new();
    let path = work.join("small.parquet");
    let mut frame = df! {
        "Project ID" => ["P-1", "P-2"],
        "Project" => ["甲", "乙"],
        "District" => ["盘龙", "五华"],
        "Industry chain" => ["生物医药", "新材料"],
        "Signed on" => ["2022-05-01", "2022-06-30"],
        "Total investment" => [1500.25, 2500.5],
        "Patents" => [Some(3u8), None],
        "Annual tax" => [Some(300u16), Some(65_000u16)],
        "Land area" => [Some(-5i8), Some(12i8)],
        "Annual output" => [Some(-300i16), Some(30_000i16)],
    }
    .unwrap();
    let money = frame.column("Total investment").unwrap().cast(&DataType::Decimal(12, 2)).unwrap();
    assert!(money.dtype().is_decimal(), "{:?}", money.dtype());
    frame.with_column(money).unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(numbers(&read.table.frame, "total_investment"), vec![Some(1500.25), Some(2500.5)]);
    assert_eq!(numbers(&read.table.frame, "patents"), vec![Some(3.0), None]);
    assert_eq!(numbers(&read.table.frame, "annual_tax"), vec![Some(300.0), Some(65_000.0)]);
    assert_eq!(numbers(&read.table.frame, "annual_output"), vec![Some(-300.0), Some(30_000.0)]);
}

#[test]
fn districts_can_come_from_the_sheet_or_the_file_name() {
    let work = Workdir::new();
    let head = texts(&["项目编号", "项目名称", "所属产业链", "签约时间", "计划总投资"]);
    let row = vec![
        Value::Text("P-1"),
        Value::Text("甲"),
        Value::Text("新材料"),
        Value::Text("2022-01-05"),
        Value::Number(100.0),
    ];
    let by_sheet = work.xlsx("a.xlsx", "2022年盘龙区招商项目", &[head.clone(), row.clone()], &[]);
    let by_file = work.xlsx(
        "2022年官渡区项目表.xlsx",
        "Sheet1",
        &[
            head,
            vec![
                Value::Text("P-2"),
                Value::Text("乙"),
                Value::Text("新材料"),
                Value::Text("2022-01-05"),
                Value::Number(100.0),
            ],
        ],
        &[],
    );
    for (from, path, want) in [("sheet", &by_sheet, "panlong"), ("file", &by_file, "guandu")] {
        let config_path = work.config(&format!("{from}.toml"), &format!("[inputs]\ndistrict_from = \"{from}\"\n"));
        let config = Config::load(&config_path).unwrap();
        let paths = InputPaths {
            projects: vec![path.to_string_lossy().into_owned()],
            capital: Vec::new(),
            targets: Vec::new(),
            operations: Vec::new(),
        };
        let inputs = chainscore::read::read_inputs(&paths, &config).unwrap();
        let validated = chainscore::validate::validate(inputs, &config, "2022Q4".parse().unwrap()).unwrap();
        assert_eq!(validated.error_count(), 0, "{:#?}", validated.issues);
        assert_eq!(strings(&validated.projects, "district"), vec![Some(want.to_string())], "district_from = {from}");
    }
}

#[test]
fn files_are_read_in_path_order_and_duplicates_across_files_are_caught() {
    let work = Workdir::new();
    let head = texts(&["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"]);
    let row = |name: &'static str| {
        vec![
            Value::Text("P-1"),
            Value::Text(name),
            Value::Text("五华"),
            Value::Text("新材料"),
            Value::Text("2022-01-05"),
            Value::Number(100.0),
        ]
    };
    work.xlsx("b.xlsx", "s", &[head.clone(), row("second")], &[]);
    work.xlsx("a.xlsx", "s", &[head, row("first")], &[]);
    let config = default_config();
    let pattern = work.join("*.xlsx").to_string_lossy().into_owned();
    let paths =
        InputPaths { projects: vec![pattern], capital: Vec::new(), targets: Vec::new(), operations: Vec::new() };
    let inputs = chainscore::read::read_inputs(&paths, &config).unwrap();
    assert!(inputs.projects[0].source.path.ends_with("a.xlsx"));
    let validated = chainscore::validate::validate(inputs, &config, "2022Q4".parse().unwrap()).unwrap();
    assert_eq!(strings(&validated.projects, "project_name"), vec![Some("first".to_string())]);
    let error = validated.issues.iter().find(|i| i.severity == chainscore::issues::Severity::Error).unwrap();
    assert!(
        error.file.ends_with("b.xlsx")
            && error.message.to_string().contains("already appears in")
            && error.message.to_string().contains("a.xlsx, row 2"),
        "{error:?}"
    );
}

/// The two-level header offices use every day (spec 2.4): a title merged across
/// the table, identity labels merged down two rows, a group label merged over
/// its sub-columns.
#[test]
fn a_two_level_merged_header_reads_its_sub_columns() {
    use Value::*;
    let work = Workdir::new();
    let rows = vec![
        vec![Text("2022年五华区招商引资项目统计表")],
        texts(&["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资", "达产后", "", "备注"]),
        texts(&["", "", "", "", "", "", "年产值", "年税收", ""]),
        vec![
            Text("WH-001"),
            Text("甲项目"),
            Text("五华区"),
            Text("新材料"),
            Date(2022, 3, 15),
            Number(1200.0),
            Number(5000.0),
            Number(300.0),
            Text("首批"),
        ],
        vec![
            Text("WH-002"),
            Text("乙项目"),
            Text("五华区"),
            Text("生物医药"),
            Date(2022, 4, 1),
            Number(800.0),
            Number(2000.0),
            Number(90.0),
        ],
    ];
    let mut merges: Vec<(u32, u16, u32, u16, &str)> = vec![(0, 0, 0, 8, "2022年五华区招商引资项目统计表")];
    for (c, label) in ["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"].iter().enumerate()
    {
        merges.push((1, c as u16, 2, c as u16, label));
    }
    merges.push((1, 6, 1, 7, "达产后"));
    merges.push((1, 8, 2, 8, "备注"));
    let path = work.xlsx("two-level.xlsx", "项目", &rows, &merges);
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.header_row, 3, "both header rows are header, not data");
    let frame = &read.table.frame;
    assert_eq!(frame.height(), 2);
    assert_eq!(numbers(frame, "annual_output"), [Some(5000.0), Some(2000.0)]);
    assert_eq!(numbers(frame, "annual_tax"), [Some(300.0), Some(90.0)]);
    assert_eq!(strings(frame, "project_id"), [Some("WH-001".to_string()), Some("WH-002".to_string())]);
    let rows: Vec<Option<u32>> = frame.column("_row").unwrap().u32().unwrap().iter().collect();
    assert_eq!(rows, [Some(4), Some(5)]);
    let label = read.source.labels.iter().find(|(c, _)| c == "annual_output").map(|(_, l)| l.as_str());
    assert_eq!(label, Some("G 年产值"));
}

/// Values a typed parquet column can hold that a cell parser would refuse: NaN
/// and infinite numbers, placeholder dates. They are unreadable cells (a note and
/// a null), as in a workbook, not numbers and dates to score.
#[test]
fn parquet_values_the_parsers_refuse_are_noted_not_scored() {
    let work = Workdir::new();
    let path = work.join("odd.parquet");
    let epoch = |y, m, d| {
        (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
            .num_days() as i32
    };
    let mut frame = df! {
        "项目编号" => ["P1", "P2", "P3"],
        "项目名称" => ["甲", "乙", "丙"],
        "所属县区" => ["五华区", "五华区", "五华区"],
        "所属产业链" => ["新材料", "新材料", "新材料"],
        "签约时间" => [epoch(2022, 3, 1), epoch(1900, 1, 1), epoch(2022, 5, 1)],
        "计划总投资" => [1000.0, 2000.0, f64::NAN],
        "发明专利" => [Some(3u32), None, Some(250u32)],
    }
    .unwrap();
    frame.with_column(frame.column("签约时间").unwrap().cast(&DataType::Date).unwrap()).unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    let problems: Vec<(u32, &str)> = read.table.cells.iter().map(|c| (c.row, c.column.as_str())).collect();
    assert_eq!(problems, [(3, "signed_on"), (4, "total_investment")]);
    assert_eq!(numbers(&read.table.frame, "total_investment"), [Some(1000.0), Some(2000.0), None]);
    // Small unsigned integers are numbers like any other.
    assert_eq!(numbers(&read.table.frame, "patents"), [Some(3.0), None, Some(250.0)]);
}

/// A note typed beside a CSV table, in a column without a header, is still a
/// note under the table.
#[test]
fn a_csv_note_outside_the_header_columns_is_a_note() {
    let work = Workdir::new();
    let path = work.write(
        "note.csv",
        "项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资\nP1,甲,五华区,新材料,2022-01-01,100\n,,,,,,注：数据截至年底\n",
    );
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.rows_read, 2);
    assert_eq!(read.table.rows.len(), 1);
    assert_eq!(read.table.rows[0].kind, RowNoteKind::Notes);
}

/// A chart sheet before the register is passed over, not refused.
#[test]
fn a_chart_sheet_before_the_register_is_passed_over() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let work = Workdir::new();
    let path = work.join("with-chart.xlsx");
    let mut workbook = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("项目!$F$2:$F$3");
    workbook.add_chartsheet().set_name("图表").unwrap().insert_chart(0, 0, &chart).unwrap();
    let sheet = workbook.add_worksheet().set_name("项目").unwrap();
    for (c, h) in ["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in ["P1", "P2"].iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in [*id, "甲", "五华区", "新材料", "2022-03-01"].iter().enumerate() {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
        sheet.write_number(r, 5, 1000.0).unwrap();
    }
    workbook.save(&path).unwrap();
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.sheet.as_deref(), Some("项目"));
    assert_eq!(read.table.frame.height(), 2);
}

/// A visible sheet is preferred to a hidden one that also holds a register (an
/// old copy, a template's hidden sheet): the hidden one came first and was
/// taken.
#[test]
fn a_visible_register_is_preferred_to_a_hidden_one() {
    use rust_xlsxwriter::Workbook;
    let work = Workdir::new();
    let path = work.join("hidden-first.xlsx");
    let mut workbook = Workbook::new();
    for (name, ids, hidden) in [("旧表", ["OLD1"], true), ("项目", ["P1"], false)] {
        let sheet = workbook.add_worksheet().set_name(name).unwrap();
        for (c, h) in ["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"].iter().enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in [ids[0], "甲", "五华区", "新材料", "2022-03-01"].iter().enumerate() {
            sheet.write_string(1, c as u16, *v).unwrap();
        }
        sheet.write_number(1, 5, 1000.0).unwrap();
        // A hidden sheet cannot be the active one.
        if hidden {
            sheet.set_hidden(true);
        } else {
            sheet.set_active(true);
        }
    }
    workbook.save(&path).unwrap();
    let read = read_file(&path, InputKind::Projects, &default_config()).unwrap();
    assert_eq!(read.source.sheet.as_deref(), Some("项目"));
}

/// A register with a header and nothing under it is an error naming the
/// file: validate exits 65, and a run with no other register does not score
/// 0 projects and exit 0.
#[test]
fn a_register_with_only_a_header_is_an_error() {
    let work = Workdir::new();
    let head = texts(&["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"]);
    let empty = work.xlsx("empty.xlsx", "项目", &[head], &[]);
    crate::support::Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&empty)
        .code(65)
        .stdout_has("V108")
        .stdout_has("项目登记表在表头以下没有任何数据行")
        .run();
    crate::support::Test::new()
        .args(["-q", "score", "--out"])
        .arg(work.join("out"))
        .arg("--projects")
        .arg(&empty)
        .code(65)
        .stderr_has("empty.xlsx，工作表“项目”：项目登记表在表头以下没有任何数据行")
        .run();
    assert!(!work.join("out/2022Q4").exists());
}
