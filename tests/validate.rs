//! `chainscore validate` end to end: the sample, every broken fixture, hostile files.

use serde_json::Value as Json;

use crate::support::{Test, Value, Workdir, root, texts};

fn accounting(json: &Json) -> &Vec<Json> {
    json["accounting"].as_array().expect("accounting array")
}

fn issues(json: &Json) -> &Vec<Json> {
    json["issues"].as_array().expect("issues array")
}

/// The one issue of a file with a given severity.
fn issue_of<'a>(json: &'a Json, file: &str, severity: &str) -> &'a Json {
    let found: Vec<&Json> = issues(json).iter().filter(|i| i["file"] == file && i["severity"] == severity).collect();
    assert_eq!(found.len(), 1, "expected one {severity} in {file}: {found:#?}");
    found[0]
}

#[test]
fn validate_on_the_sample_prints_its_accounting_and_exits_zero() {
    let outcome = Test::new()
        .args(["-q", "validate"])
        .stdout_has("各文件行数去向（读入 = 采用 + 豁免 + 范围外 + 跳过）：")
        .stdout_has("\n0 个错误，")
        .stdout_has("；9 个文件中 234 个项目在评价范围内。")
        .run();
    assert!(outcome.stdout.contains("fixtures/sample/projects/01-wuhua.xlsx［项目清单］"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("读入 33 = 采用 28 + 范围外 2 + 跳过 3"), "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("不平衡"), "{}", outcome.stdout);
    // Infos (the blank, totals and note rows under each register) are counted,
    // not listed; what to do is said once, after the problems.
    assert!(
        outcome.stdout.contains("条提示未列出（") && outcome.stdout.contains("），加 --all 显示"),
        "{}",
        outcome.stdout
    );
    assert!(!outcome.stdout.contains("V101"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("\n处理建议：\n"), "{}", outcome.stdout);
    let all = Test::new().args(["-q", "validate", "--all"]).run();
    assert!(all.stdout.contains("V101") && !all.stdout.contains("加 --all 显示"), "{}", all.stdout);
}

#[test]
fn every_row_of_the_sample_is_accounted_for() {
    let json = Test::new().args(["-q", "validate", "--format", "json"]).run().json();
    let rows = accounting(&json);
    assert_eq!(rows.len(), 9, "7 registers, 1 ledger, 1 targets file");
    for row in rows {
        let sum = ["used", "exempt", "out_of_scope", "skipped"].iter().map(|k| row[k].as_u64().unwrap()).sum::<u64>();
        assert_eq!(row["read"].as_u64().unwrap(), sum, "{row}");
    }
    let projects: u64 = rows.iter().filter(|r| r["kind"] == "projects").map(|r| r["used"].as_u64().unwrap()).sum();
    assert_eq!(projects, 234);
    assert_eq!(json["counts"]["error"], 0);
    // The GBK CSV export is read like the workbooks.
    let anning = rows.iter().find(|r| r["file"] == "fixtures/sample/projects/04-anning.csv").unwrap();
    assert_eq!((anning["read"].as_u64(), anning["used"].as_u64()), (Some(35), Some(31)));
    // Sheet choice: the instructions sheet comes first and is passed over.
    let zone = rows.iter().find(|r| r["file"] == "fixtures/sample/projects/05-high-tech-zone.xlsx").unwrap();
    assert_eq!(zone["sheet"], "高新区项目");
    // Quarter rows, real dates and Chinese months in the ledger are all read.
    let ledger = rows.iter().find(|r| r["kind"] == "capital").unwrap();
    assert_eq!(ledger["skipped"], 0);
}

#[test]
fn validate_writes_nothing() {
    let work = Workdir::new();
    let out = work.join("out");
    let config = work.config(
        "c.toml",
        &format!(
            "[output]\ndir = {:?}\n[inputs]\nprojects = [{:?}]\ncapital = [{:?}]\ntargets = [{:?}]\n",
            out.to_string_lossy(),
            root().join("fixtures/sample/projects/*").to_string_lossy(),
            root().join("fixtures/sample/capital/*.xlsx").to_string_lossy(),
            root().join("fixtures/sample/targets.xlsx").to_string_lossy()
        ),
    );
    Test::new().arg("--config").arg(&config).args(["-q", "validate"]).run();
    assert!(!out.exists(), "validate created the output folder");
    let entries: Vec<_> = std::fs::read_dir(work.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "only the config is in the folder");
}

/// Runs validate on one broken register (with clean ledger and targets) as JSON.
fn broken(file: &str) -> Json {
    Test::new()
        .args(["-q", "validate", "--format", "json", "--projects"])
        .arg(format!("fixtures/broken/{file}"))
        .args(["--capital", "fixtures/broken/bad-period-ledger.xlsx", "--targets", "fixtures/sample/targets.xlsx"])
        .code(65)
        .run()
        .json()
}

/// An issue's place, its stable code and words of its message (in the run's
/// language: Chinese by default).
fn assert_place(issue: &Json, file: &str, sheet: &str, row: u64, column: &str, code: &str, message: &str) {
    assert_eq!(issue["code"], code, "{issue}");
    assert_eq!(issue["file"], file, "{issue}");
    assert_eq!(issue["sheet"], sheet, "{issue}");
    assert_eq!(issue["row"], row, "{issue}");
    assert_eq!(issue["column"], column, "{issue}");
    assert!(issue["message"].as_str().unwrap().contains(message), "{issue}");
}

#[test]
fn an_unknown_district_is_skipped_with_the_nearest_name() {
    let json = broken("unknown-district.xlsx");
    let issue = issue_of(&json, "fixtures/broken/unknown-district.xlsx", "error");
    assert_place(
        issue,
        "fixtures/broken/unknown-district.xlsx",
        "项目表",
        3,
        "C 所属县区",
        "V123",
        "所属县区“五花区”不在名单中，是否应为“五华区”？",
    );
    assert_eq!(issue["advice"], "改为“五华区”，或从下拉列表中选择。");
    assert_eq!(issue["action"], "row_skipped");
    assert_eq!(issue["project_id"], "B-003");
}

#[test]
fn an_unknown_chain_is_skipped_with_the_nearest_name() {
    let json = broken("unknown-chain.xlsx");
    let issue = issue_of(&json, "fixtures/broken/unknown-chain.xlsx", "error");
    assert_place(
        issue,
        "fixtures/broken/unknown-chain.xlsx",
        "项目表",
        3,
        "D 所属产业链",
        "V123",
        "所属产业链“新材科”不在名单中，是否应为“新材料”？",
    );
}

#[test]
fn a_repeated_project_id_skips_the_later_row_and_names_the_first() {
    let json = broken("duplicate-id.xlsx");
    let issue = issue_of(&json, "fixtures/broken/duplicate-id.xlsx", "error");
    assert_place(
        issue,
        "fixtures/broken/duplicate-id.xlsx",
        "项目表",
        4,
        "A 项目编号",
        "V121",
        "项目编号“B-001”已出现在 fixtures/broken/duplicate-id.xlsx 第 2 行",
    );
}

#[test]
fn a_missing_project_id_is_one_error() {
    let json = broken("missing-id.xlsx");
    let issue = issue_of(&json, "fixtures/broken/missing-id.xlsx", "error");
    assert_place(issue, "fixtures/broken/missing-id.xlsx", "项目表", 3, "A 项目编号", "V120", "缺少项目编号");
}

#[test]
fn total_investment_not_a_number_or_not_positive_skips_the_row() {
    let json = broken("bad-investment.xlsx");
    let found: Vec<&Json> =
        issues(&json).iter().filter(|i| i["file"] == "fixtures/broken/bad-investment.xlsx").collect();
    assert_eq!(found.len(), 2);
    assert_place(
        found[0],
        "fixtures/broken/bad-investment.xlsx",
        "项目表",
        3,
        "F 计划总投资（万元）",
        "V125",
        "计划总投资“12,3a”不是数字",
    );
    assert_place(
        found[1],
        "fixtures/broken/bad-investment.xlsx",
        "项目表",
        4,
        "F 计划总投资（万元）",
        "V126",
        "计划总投资须大于 0（现为 -50）",
    );
}

#[test]
fn an_unreadable_signing_date_skips_the_row() {
    let json = broken("bad-date.xlsx");
    let issue = issue_of(&json, "fixtures/broken/bad-date.xlsx", "error");
    assert_place(
        issue,
        "fixtures/broken/bad-date.xlsx",
        "项目表",
        3,
        "E 签约时间",
        "V127",
        "签约时间“2022-02-30”不是日期",
    );
}

#[test]
fn a_non_numeric_optional_value_is_a_warning_and_the_row_is_kept() {
    let json = broken("bad-number.xlsx");
    let issue = issue_of(&json, "fixtures/broken/bad-number.xlsx", "warning");
    assert_place(
        issue,
        "fixtures/broken/bad-number.xlsx",
        "项目表",
        3,
        "G 用地面积（亩）",
        "V113",
        "用地面积“二十亩”不是数字，按未填处理",
    );
    assert_eq!(issue["action"], "treated_as_missing");
    let row = accounting(&json).iter().find(|a| a["file"] == "fixtures/broken/bad-number.xlsx").unwrap();
    assert_eq!(row["used"], 2);
}

#[test]
fn ledger_rows_with_bad_periods_or_unknown_projects_are_skipped() {
    let json = broken("bad-date.xlsx");
    let ledger: Vec<&Json> =
        issues(&json).iter().filter(|i| i["file"] == "fixtures/broken/bad-period-ledger.xlsx").collect();
    assert_eq!(ledger.len(), 2);
    assert_place(
        ledger[0],
        "fixtures/broken/bad-period-ledger.xlsx",
        "台账",
        3,
        "B 月份",
        "V131",
        "月份“上个月”无法识别",
    );
    assert_eq!(ledger[0]["severity"], "error");
    assert_place(
        ledger[1],
        "fixtures/broken/bad-period-ledger.xlsx",
        "台账",
        4,
        "A 项目编号",
        "V133",
        "项目编号“ZZ-999”不在任何项目登记表中，该行台账未计入",
    );
    assert_eq!(ledger[1]["severity"], "warning");
    let row = accounting(&json).iter().find(|a| a["file"] == "fixtures/broken/bad-period-ledger.xlsx").unwrap();
    assert_eq!((row["read"].as_u64(), row["used"].as_u64(), row["skipped"].as_u64()), (Some(3), Some(1), Some(2)));
}

#[test]
fn a_header_lacking_a_required_column_names_it_and_the_nearest_alias() {
    Test::new()
        .args(["-q", "validate", "--projects", "fixtures/broken/missing-column.xlsx"])
        .code(65)
        .stderr_has("fixtures/broken/missing-column.xlsx，工作表“项目表”：前 20 行中没有包含全部必填列的表头；第 1 行最接近，但缺少：项目编号")
        .stderr_has("表头“项目号”是否应为“项目编号”？")
        .run();
}

#[test]
fn a_sheet_without_any_header_is_refused() {
    Test::new()
        .args(["-q", "validate", "--projects", "fixtures/broken/no-header.xlsx"])
        .code(65)
        .stderr_has("fixtures/broken/no-header.xlsx，工作表“项目表”：前 20 行中找不到项目登记表的表头")
        .run();
}

#[test]
fn hostile_files_are_refused_in_one_sentence() {
    for (file, words) in [
        ("zip-bomb.xlsx", "zip-bomb.xlsx：其中 xl/worksheets/sheet1.xml 解压后会膨胀 1010 倍"),
        ("far-cells.xls", "far-cells.xls，工作表“#1”：工作表声明的范围为 65536 行 × 256 列"),
        ("repeat-bomb.ods", "repeat-bomb.ods，工作表“项目表”：工作表声明的范围为 1000000 行 × 1000 列"),
    ] {
        let outcome = Test::new()
            .args(["-q", "validate", "--projects"])
            .arg(format!("fixtures/broken/{file}"))
            .code(65)
            .stderr_has(words)
            .run();
        assert_eq!(outcome.stderr.lines().count(), 1, "one sentence: {}", outcome.stderr);
        assert!(outcome.stderr.contains(&format!("fixtures/broken/{file}")));
    }
}

#[test]
fn a_far_away_cell_is_read_sparsely_and_its_row_reported() {
    let json = Test::new()
        .args(["-q", "validate", "--format", "json", "--projects", "fixtures/broken/far-cell.xlsx"])
        .run()
        .json();
    let found: Vec<&Json> = issues(&json).iter().filter(|i| i["file"] == "fixtures/broken/far-cell.xlsx").collect();
    // The blank rows between are one issue for their run.
    assert_eq!(found[0]["code"], "V101", "{}", found[0]);
    assert_eq!(found[0]["message"], "空行");
    assert_eq!((found[0]["row"].as_u64(), found[0]["last_row"].as_u64()), (Some(3), Some(1048575)), "{}", found[0]);
    // The far cell is outside the register's columns: the row holds nothing of
    // a project, so it is noted and skipped, not an error.
    assert_eq!(found[1]["row"], 1048576);
    assert_eq!(found[1]["last_row"], Json::Null, "one row: {}", found[1]);
    assert_eq!(found[1]["severity"], "info");
    assert_eq!(found[1]["code"], "V104");
    assert_eq!(found[1]["message"], "该行只在不读取的列中有内容，没有项目信息");
    let row = &accounting(&json)[0];
    assert_eq!(
        (row["read"].as_u64(), row["used"].as_u64(), row["skipped"].as_u64()),
        (Some(1048575), Some(1), Some(1048574))
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_an_io_error() {
    Test::new()
        .args(["-q", "validate", "--projects", "fixtures/broken/not-a-workbook.xlsx"])
        .code(74)
        .stderr_has("fixtures/broken/not-a-workbook.xlsx：不是有效的 .xlsx/.ods 文件（内容不是表格压缩包）")
        .run();
    Test::new()
        .args(["-q", "validate", "--projects", "fixtures/nowhere/*.xlsx"])
        .code(74)
        .stderr_has("找不到项目登记表：“fixtures/nowhere/*.xlsx”没有匹配任何文件")
        .run();
}

#[test]
fn xlsx_xls_and_ods_copies_read_the_same() {
    let mut seen = Vec::new();
    for file in ["wuhua.xlsx", "wuhua.xls", "wuhua.ods"] {
        let json = Test::new()
            .args([
                "-q",
                "validate",
                "--format",
                "json",
                "--capital",
                "fixtures/broken/bad-period-ledger.xlsx",
                "--projects",
            ])
            .arg(format!("fixtures/formats/{file}"))
            .code(65)
            .run()
            .json();
        let row = accounting(&json)[0].clone();
        seen.push((
            row["sheet"].clone(),
            row["read"].clone(),
            row["used"].clone(),
            row["out_of_scope"].clone(),
            row["skipped"].clone(),
        ));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
    assert_eq!(seen[0].2, 28);
}

#[test]
fn warnings_alone_exit_zero() {
    let work = Workdir::new();
    let head =
        texts(&["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资", "投资方类别", "用地面积"]);
    let row = vec![
        Value::Text("P-1"),
        Value::Text("甲"),
        Value::Text("五华"),
        Value::Text("新材料"),
        Value::Text("2022-01-05"),
        Value::Number(100.0),
        Value::Text("外星企业"),
        Value::Number(-3.0),
    ];
    let file = work.xlsx("p.xlsx", "s", &[head, row], &[]);
    let json = Test::new()
        .args([
            "-q",
            "validate",
            "--format",
            "json",
            "--capital",
            "fixtures/broken/bad-period-ledger.xlsx",
            "--projects",
        ])
        .arg(&file)
        .code(65)
        .run()
        .json();
    let mine: Vec<&Json> = issues(&json).iter().filter(|i| i["file"] == file.to_string_lossy().as_ref()).collect();
    assert_eq!(mine.len(), 2, "{mine:#?}");
    assert!(
        mine.iter().any(|i| i["code"] == "V110"
            && i["message"] == "投资方类别“外星企业”不是可选值，按默认值计分"
            && i["action"] == "default_used"),
        "{mine:#?}"
    );
    assert!(
        mine.iter().any(|i| i["code"] == "V115"
            && i["message"] == "用地面积不能为负数（现为 -3），按未填处理"
            && i["severity"] == "warning"),
        "{mine:#?}"
    );
    // Without the broken ledger there is no error: warnings alone exit 0.
    let ledger = work.xlsx(
        "l.xlsx",
        "s",
        &[
            texts(&["项目编号", "月份", "内资到位"]),
            vec![Value::Text("P-1"), Value::Text("2022-03"), Value::Number(-5.0)],
        ],
        &[],
    );
    let json = Test::new()
        .args(["-q", "validate", "--format", "json", "--projects"])
        .arg(&file)
        .arg("--capital")
        .arg(&ledger)
        .run()
        .json();
    let correction = issues(&json).iter().find(|i| i["file"] == ledger.to_string_lossy().as_ref()).unwrap();
    assert_eq!((correction["severity"].as_str(), correction["action"].as_str()), (Some("info"), Some("kept")));
}

#[test]
fn a_malformed_period_is_a_usage_error() {
    Test::new()
        .args(["-q", "validate", "--period", "2022Q5"])
        .code(2)
        .stderr_has("chainscore: 错误：“2022Q5”不是期间。")
        .run();
}

#[test]
fn ledger_rows_of_unknown_projects_are_one_note_when_they_are_many() {
    // One district's register against the city's ledger: the other districts'
    // projects are unknown. Every row is still counted as skipped, but the
    // hundreds of other projects are one note naming a few, so the register's
    // own error shows.
    let ledger = "fixtures/sample/capital/ledger-2021-2023.xlsx";
    let json = Test::new()
        .args([
            "-q",
            "validate",
            "--format",
            "json",
            "--projects",
            "fixtures/broken/bad-date.xlsx",
            "--capital",
            ledger,
        ])
        .code(65)
        .run()
        .json();
    let notes: Vec<&Json> = issues(&json).iter().filter(|i| i["file"] == ledger).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let note = notes[0];
    assert_eq!((note["code"].as_str(), note["severity"].as_str()), (Some("V135"), Some("info")));
    let message = note["message"].as_str().unwrap();
    assert!(
        message.starts_with("台账中有 ") && message.contains("个项目（共 1930 行）不在所给的项目登记表中"),
        "{message}"
    );
    assert!(message.contains("如 WH-2022-001"), "{message}");
    // Named alone, a register is checked without the bundled sample's ledger
    // and targets (the built-in config's inputs are the sample).
    let alone = Test::new()
        .args(["-q", "validate", "--format", "json", "--projects", "fixtures/broken/bad-date.xlsx"])
        .code(65)
        .run()
        .json();
    let files: Vec<&str> = accounting(&alone).iter().map(|a| a["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["fixtures/broken/bad-date.xlsx"]);
    let row = accounting(&json).iter().find(|a| a["file"] == ledger).unwrap();
    assert_eq!((row["read"].as_u64(), row["skipped"].as_u64()), (Some(1930), Some(1930)));
    assert_eq!(issue_of(&json, "fixtures/broken/bad-date.xlsx", "error")["row"], 3);
}

/// The same workbook with its shared-strings part rewritten.
fn with_shared_strings(work: &Workdir, name: &str, rewrite: impl Fn(String) -> String) -> std::path::PathBuf {
    with_member(work, name, "xl/sharedStrings.xml", rewrite)
}

/// good-register.xlsx with one member of its archive rewritten.
fn with_member(work: &Workdir, name: &str, wanted: &str, rewrite: impl Fn(String) -> String) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let source = std::fs::File::open(root().join("fixtures/broken/good-register.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(source).unwrap();
    let path = work.join(name);
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().unwrap().to_string();
        let mut text = Vec::new();
        member.read_to_end(&mut text).unwrap();
        if name == wanted {
            text = rewrite(String::from_utf8(text).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
    path
}

/// Tiny malformed files that made calamine abort the whole run: each is refused
/// in one sentence naming it, and the run goes on to its exit code.
#[test]
fn files_that_lie_about_their_size_are_refused_before_calamine_reads_them() {
    let work = Workdir::new();
    let strings = with_shared_strings(&work, "strings-bomb.xlsx", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}1000000000000000{}", &xml[..at], &xml[end..])
    });
    let outcome = Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&strings)
        .code(65)
        .stderr_has("strings-bomb.xlsx：文件声称有 1000000000000000 个文本")
        .run();
    assert_eq!(outcome.stderr.lines().count(), 1, "{}", outcome.stderr);
    // calamine finds the part whatever the letter case of its name: so does the check.
    let renamed = work.join("strings-bomb-cased.xlsx");
    {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&strings).unwrap()).unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(&renamed).unwrap());
        for i in 0..archive.len() {
            let mut member = archive.by_index(i).unwrap();
            let name = member.name().unwrap().replace("sharedStrings", "SharedStrings");
            let mut bytes = Vec::new();
            member.read_to_end(&mut bytes).unwrap();
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&bytes).unwrap();
        }
        out.finish().unwrap();
    }
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&renamed)
        .code(65)
        .stderr_has("strings-bomb-cased.xlsx：文件声称有 1000000000000000 个文本")
        .run();

    // The .xls DIMENSIONS record (type 0x0200, 14 bytes): first row 0, last row
    // 4,294,967,280 — billions of cells calamine would reserve at once.
    let bytes = std::fs::read(root().join("fixtures/formats/wuhua.xls")).unwrap();
    let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("a DIMENSIONS record");
    let mut lying = bytes.clone();
    lying[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(work.join("dimensions-bomb.xls"), &lying).unwrap();
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(work.join("dimensions-bomb.xls"))
        .code(65)
        .stderr_has("dimensions-bomb.xls，工作表“#1”：工作表声明的范围为 4294967280 行")
        .run();
    // A last row before the first: calamine's subtraction would wrap round.
    let mut backwards = bytes;
    backwards[at + 4..at + 8].copy_from_slice(&100u32.to_le_bytes());
    backwards[at + 8..at + 12].copy_from_slice(&50u32.to_le_bytes());
    std::fs::write(work.join("backwards.xls"), &backwards).unwrap();
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(work.join("backwards.xls"))
        .code(74)
        .stderr_has("backwards.xls：第 1 张工作表声明的范围不可能成立，文件已损坏")
        .run();
}

/// A small UTF-8 register: a header and the rows given (ids, names and amounts
/// filled in), for the odd-file cases below.
fn csv_register(work: &Workdir, name: &str, extra_lines: &[(usize, String)], rows: usize) -> std::path::PathBuf {
    let header = "序号,项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资,达产年产值";
    let mut lines = vec![header.to_string()];
    for i in 1..=rows {
        lines.push(format!("{i},AN-{i:03},项目{i},安宁市,化工,2022-03-15,{},{}", 1000 + i, 500 + i));
    }
    for (at, line) in extra_lines {
        lines.insert(*at, line.clone());
    }
    work.write(name, &(lines.join("\n") + "\n"))
}

#[test]
fn a_register_file_name_with_brackets_is_that_file_not_a_glob() {
    let work = Workdir::new();
    let path = csv_register(&work, "项目表[2022].csv", &[], 3);
    Test::new().args(["-q", "validate", "--projects"]).arg(&path).run();
}

#[test]
fn control_characters_from_a_cell_are_shown_not_obeyed() {
    let work = Workdir::new();
    let path = csv_register(
        &work,
        "escape.csv",
        &[(2, "9,AN-900,项目\u{1b}[2J,安宁\u{1b}]0;x\u{7}市,化工,2022-03-15,1000,1".into())],
        3,
    );
    let outcome = Test::new().args(["-q", "validate", "--projects"]).arg(&path).code(65).run();
    assert!(!outcome.stdout.contains('\u{1b}') && !outcome.stdout.contains('\u{7}'), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("安宁\\u{1b}]0;x\\u{7}市"), "{}", outcome.stdout);
    // The error line on stderr too: here a config key quoting an escape sequence.
    let config = work.write("esc.toml", "\"x\\u001b[2J\" = 1\n");
    let outcome = Test::new().arg("--config").arg(&config).args(["-q", "validate"]).code(78).run();
    assert!(!outcome.stderr.contains('\u{1b}'), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("键 x\\u{1b}[2J："), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("未知的键 `x\\u{1b}[2J`"), "{}", outcome.stderr);
}

#[test]
fn a_drag_filled_serial_column_is_one_issue_for_its_rows() {
    let work = Workdir::new();
    let filler: Vec<(usize, String)> = (0..5000).map(|k| (4 + k, format!("{}", 4 + k))).collect();
    let path = csv_register(&work, "dragged.csv", &filler, 3);
    // Rows holding only 序号 hold nothing of a project: one note for the run,
    // counted as skipped, and no error.
    let outcome = Test::new().args(["-q", "validate", "--format", "json", "--projects"]).arg(&path).run();
    let report = outcome.json();
    let mine: Vec<&Json> =
        report["issues"].as_array().unwrap().iter().filter(|i| i["file"] == path.to_str().unwrap()).collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["severity"], "info");
    assert_eq!(mine[0]["code"], "V104");
    assert_eq!(mine[0]["message"], "该行只在不读取的列中有内容，没有项目信息");
    assert_eq!((mine[0]["row"].as_u64(), mine[0]["last_row"].as_u64()), (Some(5), Some(5004)), "{}", mine[0]);
    let accounting = &report["accounting"][0];
    assert_eq!((accounting["read"].as_u64(), accounting["skipped"].as_u64()), (Some(5003), Some(5000)));
}

#[test]
fn a_header_repeated_mid_sheet_is_one_skipped_row() {
    let work = Workdir::new();
    let header = "序号,项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资,达产年产值".to_string();
    let path = csv_register(&work, "repeated.csv", &[(3, header)], 4);
    let outcome = Test::new().args(["-q", "validate", "--format", "json", "--projects"]).arg(&path).run();
    let report = outcome.json();
    let issues: Vec<(&str, &str)> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "V103")
        .map(|i| (i["message"].as_str().unwrap(), i["action"].as_str().unwrap()))
        .collect();
    assert_eq!(issues, [("表头在此行重复出现", "row_skipped")]);
}

#[test]
fn an_excel_error_typed_into_a_number_column_is_a_warning_not_silence() {
    let work = Workdir::new();
    let path = csv_register(&work, "errors.csv", &[(2, "9,AN-900,项目,安宁市,化工,2022-03-15,1000,#N/A".into())], 2);
    let outcome = Test::new().args(["-q", "validate", "--format", "json", "--projects"]).arg(&path).run();
    let report = outcome.json();
    let warned = report["issues"].as_array().unwrap().iter().any(|i| {
        i["severity"] == "warning" && i["project_id"] == "AN-900" && i["message"].as_str().unwrap().contains("#N/A")
    });
    assert!(warned, "{}", outcome.stdout);
}

#[test]
fn a_cell_longer_than_a_workbook_cell_holds_is_cut_not_fatal() {
    let work = Workdir::new();
    let long = "长".repeat(40_000);
    let path = csv_register(&work, "long.csv", &[(2, format!("9,AN-900,{long},安宁市,化工,2022-03-15,1000,1"))], 2);
    let out = work.join("out");
    Test::new().args(["-q", "score", "--projects"]).arg(&path).arg("--out").arg(&out).run();
    assert!(crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx").exists());
}

/// A workbook's bytes decide what it is, not its name; a password is named.
#[test]
fn workbooks_are_read_as_what_their_bytes_are() {
    let work = Workdir::new();
    let misnamed = work.join("wuhua-really-xls.xlsx");
    std::fs::copy(root().join("fixtures/formats/wuhua.xls"), &misnamed).unwrap();
    let as_xls =
        Test::new().args(["-q", "validate", "--format", "json", "--projects", "fixtures/formats/wuhua.xls"]).run();
    let as_named = Test::new().args(["-q", "validate", "--format", "json", "--projects"]).arg(&misnamed).run();
    assert_eq!(as_xls.json()["accounting"][0]["used"], as_named.json()["accounting"][0]["used"]);

    let locked = work.join("locked.xlsx");
    {
        let mut compound = cfb::create(&locked).unwrap();
        use std::io::Write;
        compound.create_stream("/EncryptionInfo").unwrap().write_all(b"\x04\x00\x04\x00").unwrap();
        compound.create_stream("/EncryptedPackage").unwrap().write_all(&[0u8; 64]).unwrap();
        compound.flush().unwrap();
    }
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&locked)
        .code(74)
        .stderr_has("locked.xlsx：文件设有打开密码，无法读取。")
        .run();
}

#[test]
fn excel_365_error_values_in_unneeded_cells_do_not_refuse_the_sheet() {
    let work = Workdir::new();
    let path = with_member(&work, "spill.xlsx", "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen("</c></row><row r=\"3\"", "</c><c r=\"Z2\" t=\"e\"><v>#SPILL!</v></c></row><row r=\"3\"", 1)
            .replacen("</c></row></sheetData>", "</c><c r=\"Z3\" t=\"e\"><v>#CALC!</v></c></row></sheetData>", 1)
    });
    let plain = Test::new()
        .args(["-q", "validate", "--format", "json", "--projects", "fixtures/broken/good-register.xlsx"])
        .run()
        .json();
    let spilled = Test::new().args(["-q", "validate", "--format", "json", "--projects"]).arg(&path).run().json();
    assert_eq!(plain["accounting"][0]["used"], spilled["accounting"][0]["used"]);
}

#[test]
fn a_csv_over_the_cell_limit_is_refused_not_loaded() {
    let work = Workdir::new();
    let config = work.config("small.toml", "[limits]\nmax_cells = 50\n");
    let path = csv_register(&work, "big.csv", &[], 20);
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate", "--projects"])
        .arg(&path)
        .code(65)
        .stderr_has("big.csv：包含的单元格超过上限 50 个。删除表格外多余的内容；如确需读取，在配置的 [limits] max_cells 中调高上限。")
        .run();
}

/// An .ods whose content.xml is `table`'s body (rows of cells).
fn ods(work: &Workdir, name: &str, table: &str) -> std::path::PathBuf {
    use std::io::Write;
    let path = work.join(name);
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    out.start_file("mimetype", options).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    out.start_file("content.xml", options).unwrap();
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="项目">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    out.finish().unwrap();
    path
}

/// .ods cells calamine materialises that the guard used to miss: formula-only
/// cells repeated across a sheet, and space runs (`text:s text:c`).
#[test]
fn ods_formula_repeats_and_space_runs_are_refused() {
    let work = Workdir::new();
    let formulas = ods(
        &work,
        "formulas.ods",
        r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:formula="of:=1" table:number-columns-repeated="16000"/></table:table-row>"#,
    );
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&formulas)
        .code(65)
        .stderr_has("formulas.ods，工作表“项目”：工作表声明的范围为 1000 行 × 16000 列")
        .run();
    let spaces = ods(
        &work,
        "spaces.ods",
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="100000000"/>b</text:p></table:table-cell></table:table-row>"#,
    );
    Test::new()
        .args(["-q", "validate", "--projects"])
        .arg(&spaces)
        .code(65)
        .stderr_has("spaces.ods：content.xml 要求在单元格中重复 100000000 个空格")
        .run();
}
