//! The evaluation workbook read back with calamine, and `chainscore explain`.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::support::{Test, Value, Workdir, big_register, numbers, read_parquet, texts};

fn score_sample(out: &Path, extra: &[&str]) {
    Test::new().args(["-q", "score", "--out"]).arg(out).args(extra).run();
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// A sheet's header row, each header on one line (the workbook breaks long
/// ones before their unit).
fn header(range: &calamine::Range<Data>) -> Vec<String> {
    range.rows().next().unwrap().iter().map(|c| c.to_string().replace('\n', "")).collect()
}

fn cell_f64(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn the_workbook_matches_the_sidecars() {
    let work = Workdir::new();
    let out = work.join("out");
    score_sample(&out, &[]);
    let path = crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx");
    let workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "概览",
            "县区排名",
            "项目评分",
            "产业链",
            "问题清单",
            "参数配置",
            "诊断",
            "红黑榜",
            "产业链全景",
            "园区",
            "项目推进",
            "逾期清单",
            "履约",
            "核查线索"
        ]
    );

    let districts = sheet(&path, "县区排名");
    assert_eq!(
        header(&districts),
        [
            "排名",
            "等级",
            "县区",
            "综合得分",
            "项目质量得分",
            "资金到位得分",
            "投资强度",
            "产出效益",
            "科技含量",
            "产业关联度",
            "项目数",
            "计划总投资（万元）",
            "到位资金（万元）",
            "到位目标（万元）",
            "目标完成率",
            "资金到位达标情况"
        ]
    );
    let sidecar = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
    assert_eq!(districts.height() - 1, sidecar.height());
    let (ranks, totals, completion) =
        (numbers(&sidecar, "rank"), numbers(&sidecar, "total"), numbers(&sidecar, "completion"));
    for (i, row) in districts.rows().skip(1).enumerate() {
        assert_eq!(cell_f64(&row[0]), ranks[i], "rank of row {i}");
        assert_eq!(cell_f64(&row[3]), totals[i], "total of row {i}");
        assert_eq!(cell_f64(&row[14]), completion[i]);
    }
    // Keys are shown as display names.
    assert_eq!(districts.get((1, 2)).unwrap().to_string(), "昆明经开区");

    let projects = sheet(&path, "项目评分");
    let head = header(&projects);
    assert_eq!(
        &head[..10],
        [
            "排名",
            "县区内排名",
            "产业链内排名",
            "项目编号",
            "项目名称",
            "县区",
            "所在园区",
            "产业链",
            "等级",
            "综合得分"
        ]
    );
    assert!(
        head.contains(&"亩均固定资产投资（万元/亩）".to_string()) && head.contains(&"亩均固定资产投资得分".to_string()),
        "{head:?}"
    );
    assert!(head.contains(&"核查：土地准入标准".to_string()), "{head:?}");
    let sidecar = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    let ids: Vec<String> =
        sidecar.column("project_id").unwrap().str().unwrap().iter().map(|s| s.unwrap().to_string()).collect();
    let (ranks, totals) = (numbers(&sidecar, "rank"), numbers(&sidecar, "total"));
    assert_eq!(projects.height() - 1, ids.len());
    for (i, row) in projects.rows().skip(1).enumerate() {
        assert_eq!(row[3].to_string(), ids[i]);
        assert_eq!(cell_f64(&row[0]), ranks[i]);
        assert_eq!(cell_f64(&row[9]), totals[i]);
    }

    // Category values read in the vocabulary's words, not as keys.
    let words: Vec<String> =
        projects.rows().skip(1).flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()).collect();
    for word in ["重点产业链", "建链", "补链", "是"] {
        assert!(words.iter().any(|w| w == word), "{word} missing from the Projects sheet");
    }
    assert!(!words.iter().any(|w| w == "supplement" || w == "traditional"), "keys shown instead of words");

    let issues = sheet(&path, "问题清单");
    assert_eq!(header(&issues), ["级别", "代码", "文件", "工作表", "行", "列", "项目编号", "说明", "处理", "处理建议"]);
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    let counts = &run["issues"];
    let total_issues =
        counts["error"].as_u64().unwrap() + counts["warning"].as_u64().unwrap() + counts["info"].as_u64().unwrap();
    assert_eq!(issues.height() as u64 - 1, total_issues);

    let chains = sheet(&path, "产业链");
    assert_eq!(
        header(&chains),
        ["产业链", "项目数", "计划总投资（万元）", "到位资金（万元）", "平均得分", "得分最高项目", "最高得分"]
    );
    let counted: f64 = chains.rows().skip(1).filter_map(|r| cell_f64(&r[1])).sum();
    assert_eq!(counted, 234.0);

    // Provenance on the Summary: engine, config with its SHA-256, every input.
    let summary = sheet(&path, "概览");
    let text: Vec<String> = summary.rows().flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()).collect();
    assert!(text.iter().any(|t| t == &format!("chainscore {}", env!("CARGO_PKG_VERSION"))));
    assert!(text.iter().any(|t| t == "config/default.toml"));
    let config_sha = run["config"][0]["sha256"].as_str().unwrap();
    assert!(text.iter().any(|t| t == config_sha));
    for input in run["inputs"].as_array().unwrap() {
        assert!(text.iter().any(|t| t == input["sha256"].as_str().unwrap()), "{input}");
    }
    assert!(text.iter().any(|t| t == "读入 33 = 评分 28 + 范围外 2 + 跳过 3"));
    // No wall-clock time in the workbook: the run's start is in run.json only.
    let started = run["started_at"].as_str().unwrap();
    assert!(!text.iter().any(|t| t.contains(&started[..16])));

    let config = sheet(&path, "参数配置");
    assert_eq!(&header(&config)[..3], ["维度", "名称", "计算公式"]);
    let weights: Vec<(String, f64)> =
        config.rows().skip(1).filter_map(|r| Some((r[1].to_string(), cell_f64(r.get(10)?)?))).collect();
    assert!(weights.contains(&("亩均固定资产投资".to_string(), 0.15)), "{weights:?}");
}

#[test]
fn two_runs_give_byte_identical_workbooks() {
    let work = Workdir::new();
    let (a, b) = (work.join("a"), work.join("b"));
    score_sample(&a, &["--emit", "csv"]);
    score_sample(&b, &["--emit", "csv"]);
    for file in ["evaluation-2022Q4.xlsx", "projects.parquet", "districts.parquet", "projects.csv", "districts.csv"] {
        assert_eq!(
            std::fs::read(crate::support::period_dir(&a).join(file)).unwrap(),
            std::fs::read(crate::support::period_dir(&b).join(file)).unwrap(),
            "{file} differs between runs"
        );
    }
}

/// Files are read in parallel and polars runs its own threads: one thread of
/// each gives the same bytes as the machine's default.
#[test]
fn outputs_do_not_depend_on_the_thread_count() {
    let work = Workdir::new();
    let (one, many) = (work.join("one"), work.join("many"));
    Test::new()
        .env("RAYON_NUM_THREADS", "1")
        .env("POLARS_MAX_THREADS", "1")
        .args(["-q", "score", "--emit", "csv", "--out"])
        .arg(&one)
        .run();
    Test::new().args(["-q", "score", "--emit", "csv", "--out"]).arg(&many).run();
    for file in ["evaluation-2022Q4.xlsx", "projects.parquet", "districts.parquet", "chains.parquet", "projects.csv"] {
        let read = |out: &std::path::Path| std::fs::read(crate::support::period_dir(out).join(file)).unwrap();
        assert_eq!(read(&one), read(&many), "{file} differs");
    }
}

#[test]
fn the_workbook_speaks_english_when_asked() {
    let work = Workdir::new();
    let config = work.config("en.toml", "[output]\nlanguage = \"en\"\n");
    let out = work.join("out");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--out"]).arg(&out).run();
    let path = crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx");
    let workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Summary",
            "Districts",
            "Projects",
            "Chains",
            "Issues",
            "Config",
            "Diagnostics",
            "Red and black lists",
            "Chain panorama",
            "Parks",
            "Progress",
            "Overdue",
            "Delivery",
            "Checks"
        ]
    );
    let districts = sheet(&path, "Districts");
    assert_eq!(&header(&districts)[..4], ["Rank", "Tier", "District", "Total"]);
    assert_eq!(districts.get((1, 2)).unwrap().to_string(), "Kunming Economic and Technological Development Zone");
}

#[test]
fn formula_like_names_stay_text_in_the_workbook_and_the_csv() {
    let work = Workdir::new();
    let head = texts(&["项目编号", "项目名称", "所属县区", "所属产业链", "签约时间", "计划总投资"]);
    let name = "=HYPERLINK(\"http://x\",\"y\")";
    let row = vec![
        Value::Text("P-1"),
        Value::Text(name),
        Value::Text("五华"),
        Value::Text("新材料"),
        Value::Text("2022-01-05"),
        Value::Number(100.0),
    ];
    let register = work.xlsx("p.xlsx", "s", &[head, row], &[]);
    let out = work.join("out");
    Test::new().args(["-q", "score", "--emit", "csv", "--projects"]).arg(&register).arg("--out").arg(&out).run();
    let projects = sheet(&crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx"), "项目评分");
    assert_eq!(projects.get((1, 4)), Some(&Data::String(name.into())));
    let mut workbook: Xlsx<_> = open_workbook(crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx")).unwrap();
    let formulas = workbook.worksheet_formula("项目评分").unwrap();
    assert!(formulas.used_cells().next().is_none(), "the workbook holds no formula");
    let csv = std::fs::read_to_string(crate::support::period_dir(&out).join("projects.csv")).unwrap();
    assert!(csv.contains("P-1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",wuhua"), "{csv}");
}

#[test]
fn a_baseline_shows_rank_changes() {
    let work = Workdir::new();
    let (before, after) = (work.join("before"), work.join("after"));
    score_sample(&before, &[]);
    // The same inputs with another weighting: ranks move.
    let config = work.config("w.toml", "[dimensions.tech]\nweight = 80\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "score", "--out"])
        .arg(&after)
        .arg("--baseline")
        .arg(crate::support::period_dir(&before))
        .run();
    let districts = sheet(&crate::support::period_dir(&after).join("evaluation-2022Q4.xlsx"), "县区排名");
    let head = header(&districts);
    assert_eq!(head[head.len() - 3..], ["排名变化", "上期等级", "总分变化"]);
    let projects = header(&sheet(&crate::support::period_dir(&after).join("evaluation-2022Q4.xlsx"), "项目评分"));
    assert_eq!(projects[projects.len() - 3..], ["排名变化", "上期等级", "总分变化"], "projects too");
    let base = read_parquet(&crate::support::period_dir(&before).join("districts.parquet"));
    let base_ranks: std::collections::HashMap<String, f64> = base
        .column("district")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .zip(numbers(&base, "rank"))
        .map(|(k, r)| (k.unwrap().to_string(), r.unwrap()))
        .collect();
    let now = read_parquet(&crate::support::period_dir(&after).join("districts.parquet"));
    let keys: Vec<String> =
        now.column("district").unwrap().str().unwrap().iter().map(|k| k.unwrap().to_string()).collect();
    let ranks = numbers(&now, "rank");
    let sidecar_changes = numbers(&now, "rank_change");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&after).join("run.json")).unwrap())
            .unwrap();
    let change_col = head.len() - 3;
    let mut moved = 0;
    for (i, row) in districts.rows().skip(1).enumerate() {
        let change = base_ranks[&keys[i]] - ranks[i].unwrap();
        // The workbook, the districts sidecar and run.json agree.
        assert_eq!(cell_f64(&row[change_col]), Some(change));
        assert_eq!(sidecar_changes[i], Some(change));
        assert_eq!(summary["ranking"][i]["rank_change"].as_f64(), Some(change));
        moved += usize::from(change != 0.0);
    }
    assert!(moved > 0, "a 4× weight on technology moves some district");
    // A baseline that is not there is a warning that says why, not a failure.
    let elsewhere = work.join("elsewhere");
    Test::new()
        .args(["-q", "score", "--baseline", "nowhere", "--out"])
        .arg(&elsewhere)
        .stderr_has("警告：不比较基期：nowhere/projects.parquet：无法读取基期（文件或文件夹不存在）")
        .run();
    let sidecar = read_parquet(&crate::support::period_dir(&elsewhere).join("districts.parquet"));
    assert!(sidecar.column("rank_change").is_err(), "no changes without a baseline");
}

#[test]
fn explain_shows_how_a_total_was_built() {
    Test::new()
        .args(["-q", "explain", "GX-2022-036"])
        .stdout_has("综合得分 89.77（A 档）：全市第 1 名（共 234 个）、昆明高新区第 1 名（共 49 个）")
        .stdout_has("亩均固定资产投资")
        .stdout_has("543.56 万元/亩")
        .stdout_has("71.03%")
        .stdout_lacks("fai_per_mu")
        .run();
    // Its stage past signing (spec 3.10): the sample's status 签约, signed
    // 2021-01-06, past its start deadline by 17 whole months at 2022-12-31.
    Test::new()
        .args(["-q", "explain", "WH-2021-020"])
        .stdout_has("项目推进：已签约；应于 2021-07-06 前开工、2023-01-06 前投产、2024-01-06 前达产。\n列入“签约未开工”清单，已逾期 17 个月。")
        .run();
    Test::new()
        .args(["-q", "--lang", "en", "explain", "GX-2022-036"])
        .stdout_has("Progress: signed; due to start by 2022-11-07, operate by 2024-05-07, reach full production by 2025-05-07.\nOn the list \"Signed, not started\": 1 month(s) overdue.")
        .stdout_has("rank 1 of 234 in the city")
        .stdout_has("543.56 10k CNY/mu")
        .run();
    let json = Test::new().args(["-q", "explain", "GX-2022-036", "--format", "json"]).run().json();
    // The contributions add up to the total.
    let points: f64 = json["indicators"].as_array().unwrap().iter().map(|i| i["contribution"].as_f64().unwrap()).sum();
    assert!((points - json["total"].as_f64().unwrap()).abs() < 1e-9);
    let dims: f64 = json["dimensions"].as_array().unwrap().iter().map(|d| d["contribution"].as_f64().unwrap()).sum();
    assert!((dims - json["total"].as_f64().unwrap()).abs() < 1e-9);
    let fai = &json["indicators"][0];
    assert_eq!(
        (fai["key"].as_str(), fai["score"].as_f64(), fai["weight_in_dimension"].as_f64()),
        (Some("fai_per_mu"), Some(100.0), Some(0.5))
    );
    // JSON keeps keys; the text shows their names.
    assert_eq!(json["ranks"][2]["within"], "electronic_information");
}

#[test]
fn explain_names_the_nearest_ids_of_an_unknown_one() {
    Test::new()
        .args(["-q", "explain", "GX-2022-36"])
        .code(65)
        .stderr_has("项目“GX-2022-36”不在评价范围内；最接近的编号：GX-2022-036")
        .run();
    Test::new()
        .args(["-q", "explain", "AN-2023-007"])
        .code(65)
        .stderr_has("fixtures/sample/projects/04-anning.csv，第 9 行，L 列（签约时间）：项目“AN-2023-007”不在2022年第四季度的评价范围内：签约于 2023-01-09")
        .run();
    Test::new()
        .args(["-q", "explain", "B-003", "--projects", "fixtures/broken/unknown-district.xlsx"])
        .code(65)
        .stderr_has("第 3 行，C 列（所属县区）：项目“B-003”未参与评分：所属县区“五花区”不在名单中，是否应为“五华区”？")
        .run();
}

/// The chain panorama lists every chain's four links (a link without a project
/// is a gap), and its project counts add up to the projects scored; the parks
/// and the red and black lists are there.
#[test]
fn the_panorama_covers_every_chain_link_and_every_scored_project() {
    let work = Workdir::new();
    let out = work.join("out");
    score_sample(&out, &[]);
    let path = crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx");
    let panorama = sheet(&path, "产业链全景");
    let rows: Vec<Vec<Data>> = panorama.rows().skip(2).map(|r| r.to_vec()).collect();
    let chains = std::collections::BTreeSet::<String>::from_iter(rows.iter().map(|r| r[0].to_string()));
    assert_eq!(chains.len(), 9, "every chain of the config");
    for chain in &chains {
        let links: Vec<String> = rows.iter().filter(|r| &r[0].to_string() == chain).map(|r| r[1].to_string()).collect();
        for link in ["建链", "补链", "延链", "强链"] {
            assert!(links.iter().any(|l| l == link), "{chain} lacks {link}: {links:?}");
        }
    }
    let projects: f64 = rows.iter().filter_map(|r| cell_f64(&r[2])).sum();
    assert_eq!(projects, 234.0, "each scored project in exactly one chain and link");
    for row in &rows {
        let gap = row[9].to_string();
        assert_eq!(gap == "缺口", cell_f64(&row[2]) == Some(0.0), "{row:?}");
    }
    let parks = sheet(&path, "园区");
    assert!(parks.rows().count() > 2, "some park");
    let lists = sheet(&path, "红黑榜");
    assert!(lists.rows().any(|r| r[1] == "红榜") && lists.rows().any(|r| r[1] == "黑榜"));
}

/// The number format of cell `cell` (such as "J2") of a workbook's sheet `n`:
/// the format code of its style's number format in styles.xml.
fn number_format_of(path: &Path, n: usize, cell: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let sheet = part(&format!("xl/worksheets/sheet{n}.xml"));
    let styles = part("xl/styles.xml");
    let at = sheet.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let xf: usize = tag.split(" s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let entry = xfs.split("<xf ").nth(xf + 1).unwrap();
    let id = entry.split("numFmtId=\"").nth(1).unwrap();
    let id = &id[..id.find('"').unwrap()];
    match id {
        "0" => "General".into(),
        "1" => "0".into(),
        "2" => "0.00".into(),
        custom => {
            let code = styles.split(&format!("<numFmt numFmtId=\"{custom}\" formatCode=\"")).nth(1).unwrap();
            code[..code.find('"').unwrap()].to_string()
        }
    }
}

/// Over 10,000 projects the Projects sheet is streamed on a thread of its own
/// and its columns carry their cells' formats: the cells show what the
/// projects sidecar holds, with the same number formats as a small sheet's, it
/// lists `[output] sheet_projects` of them and says where the rest are. Over
/// 10,000 issues the Issues sheet lists 10,000 and issues.parquet all. One
/// thread writes the same bytes as many.
#[test]
fn a_big_run_s_projects_sheet_is_streamed_with_its_formats() {
    let work = Workdir::new();
    let register = big_register(&work, 10_050, true);
    let config = work.config("c.toml", "[output]\nsheet_projects = 300\n");
    let run = |out: &str, threads: &str| {
        Test::new()
            .env("POLARS_MAX_THREADS", threads)
            .env("RAYON_NUM_THREADS", threads)
            .arg("--config")
            .arg(&config)
            .args(["-q", "score", "--projects"])
            .arg(&register)
            .arg("--out")
            .arg(work.join(out))
            .run();
        crate::support::period_dir(&work.join(out))
    };
    let (many, one) = (run("many", "2"), run("one", "1"));
    let path = many.join("evaluation-2022Q4.xlsx");
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(one.join("evaluation-2022Q4.xlsx")).unwrap());

    let projects = sheet(&path, "项目评分");
    assert_eq!(projects.height(), 1 + 300 + 1, "header, the best 300, the note");
    let last = projects.rows().next_back().unwrap().iter().map(|c| c.to_string()).collect::<String>();
    assert!(last.contains("共 10050 个项目，本表按名次列出前 300 个；全部项目见 projects.parquet"), "{last}");
    let sidecar = read_parquet(&many.join("projects.parquet"));
    let (ranks, totals) = (numbers(&sidecar, "rank"), numbers(&sidecar, "total"));
    for (i, row) in projects.rows().skip(1).take(300).enumerate() {
        assert_eq!(cell_f64(&row[0]), ranks[i], "rank of row {i}");
        assert_eq!(cell_f64(&row[9]), totals[i], "total of row {i}");
    }
    let issues = sheet(&path, "问题清单");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(many.join("run.json")).unwrap()).unwrap();
    let counts = &run["issues"];
    let all = ["error", "warning", "info"].iter().map(|s| counts[*s].as_u64().unwrap() as usize).sum::<usize>();
    assert!(all > 10_050, "a warning per row at least: {counts}");
    // The sheet lists the first 10,000 by severity and says where the rest
    // are; issues.parquet holds every one, in the sheet's order.
    assert_eq!(issues.height(), 1 + 10_000 + 1, "header, 10,000 issues, the note");
    let note = issues.rows().next_back().unwrap().iter().map(|c| c.to_string()).collect::<String>();
    assert!(note.contains(&format!("共 {all} 条问题，本表按级别列出前 10000 条；全部问题见 issues.parquet")), "{note}");
    let sidecar = read_parquet(&many.join("issues.parquet"));
    assert_eq!(sidecar.height(), all);
    let codes: Vec<String> =
        sidecar.column("code").unwrap().str().unwrap().iter().take(3).map(|c| c.unwrap().to_string()).collect();
    assert_eq!(codes[0], "V115", "{codes:?}");
    let second = issues.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        (second[1].as_str(), second[4].as_str(), second[7].as_str()),
        ("V115", "2", "新增就业不能为负数（现为 -1），按未填处理"),
        "{second:?}"
    );
    assert_eq!(number_format_of(&path, 5, "E2"), "0_ ");
    // The header row is as tall as a small sheet's.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut issues_xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet5.xml").unwrap(), &mut issues_xml).unwrap();
    let first_row = &issues_xml[issues_xml.find("<row r=\"1\"").unwrap()..];
    assert!(first_row[..first_row.find('>').unwrap()].contains("ht=\"36\""), "{}", &first_row[..80]);
    // Ranks show as whole numbers and totals with two decimals (padded one
    // space from the cell border), as in a
    // small sheet (the sample's).
    assert_eq!(number_format_of(&path, 3, "A2"), "0_ ");
    assert_eq!(number_format_of(&path, 3, "J2"), "0.00_ ");
    assert_eq!(number_format_of(&path, 3, "J301"), "0.00_ ");
    let small = work.join("small");
    score_sample(&small, &[]);
    let small = crate::support::period_dir(&small).join("evaluation-2022Q4.xlsx");
    assert_eq!(number_format_of(&small, 3, "A2"), "0_ ");
    assert_eq!(number_format_of(&small, 3, "J2"), "0.00_ ");
}
