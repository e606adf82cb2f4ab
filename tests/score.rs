//! `chainscore score` end to end: a golden case computed by hand, the sidecars'
//! exact columns, an independent recomputation of the sample, and the run's
//! failure modes.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::support::{Test, Value, Workdir, numbers, read_parquet, root, texts, texts_of};

fn close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what} is null"));
    assert!((actual - expected).abs() < 1e-9, "{what}: {actual} ≠ {expected}");
}

/// The default config with the indicators replaced by the golden set and inputs
/// pointing into `work`.
fn golden_config(work: &Workdir) -> PathBuf {
    let text = std::fs::read_to_string(root().join("config/default.toml")).unwrap();
    let start = text.find("[indicators.fai_per_mu]").unwrap();
    let end = text.find("[[checks]]").unwrap();
    let indicators = r#"
[indicators.fai_per_mu]
dimension = "intensity"
expr = "fixed_asset_investment / land_area"
weight = 50
method = "goalpost"
lo = 100
hi = 500

[indicators.scale]
dimension = "intensity"
expr = "total_investment"
weight = 50
method = "goalpost"
lo = 999
hi = 999999
log = true

[indicators.output_per_mu]
dimension = "output"
expr = "annual_output / land_area"
weight = 1
method = "goalpost"
lo = 200
hi = 1200

[indicators.patents]
dimension = "tech"
expr = "patents"
weight = 60
method = "bands"
bands = [[0, 0], [1, 40], [5, 70], [20, 100]]

[indicators.high_tech]
dimension = "tech"
expr = "high_tech"
weight = 40
method = "boolean"

[indicators.investor_tier]
dimension = "relevance"
expr = "investor_tier"
weight = 1
method = "category"
map = { global500 = 100, listed = 60, other = 40 }
default = 40

"#;
    let mut text = format!("{}{indicators}{}", &text[..start], &text[end..]);
    let path_list = |name: &str| format!("[{:?}]", work.join(name).to_string_lossy());
    text = text.replace(
        "projects = [\"../fixtures/sample/projects/*\"]",
        &format!("projects = {}", path_list("register.xlsx")),
    );
    text = text.replace(
        "capital = [\"../fixtures/sample/capital/*.xlsx\"]",
        &format!("capital = {}", path_list("ledger.xlsx")),
    );
    text = text.replace(
        "targets = [\"../fixtures/sample/targets.xlsx\"]",
        &format!("targets = {}", path_list("targets.xlsx")),
    );
    text = text.replace("gate_max_tier = \"B\"", "gate_max_tier = \"C\"");
    work.write("golden.toml", &text)
}

fn golden_inputs(work: &Workdir) {
    use Value::*;
    let head = texts(&[
        "项目编号",
        "项目名称",
        "所属县区",
        "所属产业链",
        "签约时间",
        "计划总投资",
        "固定资产投资",
        "用地面积",
        "达产年产值",
        "发明专利",
        "是否高新技术企业",
        "投资方类别",
    ]);
    let rows = vec![
        head,
        vec![
            Text("G-1"),
            Text("一号"),
            Text("五华区"),
            Text("新材料"),
            Text("2022-01-10"),
            Number(99999.0),
            Number(40000.0),
            Number(100.0),
            Number(70000.0),
            Number(5.0),
            Text("是"),
            Text("世界500强"),
        ],
        vec![
            Text("G-2"),
            Text("二号"),
            Text("五华区"),
            Text("新材料"),
            Text("2022-02-10"),
            Number(9999.0),
            Number(20000.0),
            Number(100.0),
            Number(20000.0),
            Blank,
            Text("否"),
            Text("上市公司"),
        ],
        vec![
            Text("G-3"),
            Text("三号"),
            Text("盘龙区"),
            Text("生物医药"),
            Text("2022-03-10"),
            Number(999999.0),
            Number(50000.0),
            Number(0.0),
            Number(9000.0),
            Number(25.0),
            Text("是"),
            Blank,
        ],
        vec![
            Text("G-4"),
            Text("四号"),
            Text("盘龙区"),
            Text("生物医药"),
            Text("2022-04-10"),
            Number(9999.0),
            Number(20000.0),
            Number(100.0),
            Number(20000.0),
            Blank,
            Text("否"),
            Text("上市公司"),
        ],
        vec![
            Text("G-5"),
            Text("五号"),
            Text("盘龙区"),
            Text("生物医药"),
            Text("2022-07-01"),
            Number(5000.0),
            Number(1000.0),
            Number(10.0),
            Number(100.0),
            Blank,
            Text("否"),
            Blank,
        ],
    ];
    work.xlsx("register.xlsx", "项目", &rows, &[]);
    let ledger = vec![
        texts(&["项目编号", "月份", "内资到位", "外资到位（万美元）"]),
        vec![Text("G-1"), Text("2021-12"), Number(500.0), Blank],
        vec![Text("G-1"), Text("2022-01"), Number(3000.0), Blank],
        vec![Text("G-1"), Text("2022-03"), Blank, Number(100.0)],
        vec![Text("G-1"), Text("2022-07"), Number(999.0), Blank],
        vec![Text("G-2"), Text("2022Q1"), Number(827.39), Blank],
        vec![Text("G-3"), Text("2022年5月"), Number(2000.0), Blank],
        vec![Text("G-3"), Text("2022-06"), Number(-200.0), Blank],
        vec![Text("G-5"), Text("2022-07"), Number(50.0), Blank],
    ];
    work.xlsx("ledger.xlsx", "台账", &ledger, &[]);
    let targets = vec![
        texts(&["县区", "年度", "内资到位目标", "外资到位目标（万美元）"]),
        vec![Text("五华区"), Number(2022.0), Number(10000.0), Number(0.0)],
        vec![Text("盘龙"), Number(2022.0), Number(6000.0), Blank],
        vec![Text("五华区"), Number(2021.0), Number(1.0), Number(0.0)],
    ];
    work.xlsx("targets.xlsx", "目标", &targets, &[]);
}

/// The golden case, every number by hand.
///
/// Indicators (relative weights within each dimension):
///   intensity: fai_per_mu goalpost 100–500 (½), scale log goalpost 999–999999 (½):
///              ln(1+x) turns the posts into ln 10³ and ln 10⁶, so x = 9999 scores
///              (4−3)/(6−3) = 33.333…, x = 99999 scores 66.666…, x = 999999 100.
///   output:    output_per_mu goalpost 200–1200 (1).
///   tech:      patents bands 0→0, 1→40, 5→70, 20→100 (0.6); high_tech boolean (0.4).
///   relevance: investor_tier category global500 100, listed 60, other 40, default 40.
/// Dimensions 30/30/20/20. Period 2022Q2: window Jan–Jun 2022, targets × 6/12.
///
/// G-1 (五华): fai 40000/100 = 400 → 300/400 = 75; scale 99999 → 66.666…;
///   intensity = ½·75 + ½·66.666… = 70.8333…; output 70000/100 = 700 → 500/1000 = 50;
///   patents 5 (exactly on a band threshold) → 70, high-tech → 100: tech = 42 + 40 = 82;
///   世界500强 → 100. total = 0.3·70.8333 + 0.3·50 + 0.2·82 + 0.2·100
///   = 21.25 + 15 + 16.4 + 20 = 72.65.
/// G-2 (五华): fai 200 → 25; scale 9999 → 33.333…; intensity 29.1666…; output 200 → 0;
///   patents missing → 0 (missing = zero), not high-tech → 0: tech 0; 上市公司 → 60.
///   total = 8.75 + 0 + 0 + 12 = 20.75.
/// G-3 (盘龙): land 0, so fai_per_mu and output_per_mu divide by zero: infinite, hence
///   missing, hence 0; scale 999999 → 100: intensity 50; output 0; patents 25 → 100,
///   high-tech → 100: tech 100; investor tier blank → the map's default 40.
///   total = 15 + 0 + 20 + 8 = 43.
/// G-4 (盘龙): the same figures as G-2: total 20.75, a tie.
/// G-5: signed 2022-07-01, after the period: out of scope.
///
/// Ranks: G-1 1, G-3 2, G-2 and G-4 tie at 3 (G-2 first by id). Tiers: B, D, D, D.
/// District ranks: G-1 1, G-2 2 in 五华; G-3 1, G-4 2 in 盘龙.
///
/// 五华: quality = (99999·72.65 + 9999·20.75)/(99999 + 9999) = 7472406.6/109998
///   = 67.932204221895…; capital Jan–Jun = 3000 + 100 万美元 × 6.7261 + 827.39
///   (2022Q1 counts in March) = 4500 (2021-12 is before the window, 2022-07 after
///   the period); target 10000 × 6/12 = 5000; completion 0.9 → capital score 90;
///   total = 0.7·67.932204 + 0.3·90 = 74.552542955326…: tier B, but gated (0.9 < 1)
///   and gate_max_tier = C, so C.
/// 盘龙: quality = (999999·43 + 9999·20.75)/1009998 = 42.779724563811…; capital 2000 −
///   200 (a correction) = 1800; target 6000 × 6/12 = 3000; completion 0.6 → 60;
///   total = 0.7·42.779725 + 18 = 47.945807194668…: D, gated.
#[test]
fn the_golden_case_matches_the_hand_computation() {
    let work = Workdir::new();
    golden_inputs(&work);
    let config = golden_config(&work);
    let out = work.join("out");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--period", "2022Q2", "--out"]).arg(&out).run();
    let projects = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    assert_eq!(texts_of(&projects, "project_id"), ["G-1", "G-3", "G-2", "G-4"]);
    assert_eq!(texts_of(&projects, "rank"), ["1", "2", "3", "3"]);
    assert_eq!(texts_of(&projects, "district_rank"), ["1", "1", "2", "2"]);
    assert_eq!(texts_of(&projects, "chain_rank"), ["1", "1", "2", "2"]);
    assert_eq!(texts_of(&projects, "tier"), ["B", "D", "D", "D"]);
    assert_eq!(texts_of(&projects, "district"), ["wuhua", "panlong", "wuhua", "panlong"]);
    let totals = numbers(&projects, "total");
    for (got, want) in totals.iter().zip([72.65, 43.0, 20.75, 20.75]) {
        close(*got, want, "project total");
    }
    let by = |name: &str| numbers(&projects, name);
    close(by("fai_per_mu_score")[0], 75.0, "G-1 fai_per_mu");
    close(by("scale_score")[0], 200.0 / 3.0, "G-1 scale (log goalpost)");
    close(by("intensity")[0], 70.833_333_333_333_33, "G-1 intensity");
    close(by("patents_score")[0], 70.0, "G-1 patents on the threshold");
    close(by("tech")[0], 82.0, "G-1 tech");
    assert_eq!(by("fai_per_mu")[1], None, "G-3: division by zero is missing");
    close(by("fai_per_mu_score")[1], 0.0, "G-3 fai_per_mu missing scores 0");
    close(by("output_per_mu_score")[1], 0.0, "G-3 output_per_mu missing scores 0");
    close(by("investor_tier_score")[1], 40.0, "G-3 investor tier default");
    close(by("scale_score")[2], 100.0 / 3.0, "G-2 scale");
    assert_eq!(by("patents")[2], None);
    close(by("patents_score")[2], 0.0, "G-2 patents missing");
    close(by("relevance")[2], 60.0, "G-2 relevance");

    let districts = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
    assert_eq!(texts_of(&districts, "district"), ["wuhua", "panlong"]);
    assert_eq!(texts_of(&districts, "rank"), ["1", "2"]);
    assert_eq!(texts_of(&districts, "tier"), ["C", "D"]);
    assert_eq!(texts_of(&districts, "gated"), ["true", "true"]);
    assert_eq!(texts_of(&districts, "projects"), ["2", "2"]);
    close(numbers(&districts, "quality")[0], 7_472_406.6 / 109_998.0, "五华 quality");
    close(numbers(&districts, "quality")[1], (999_999.0 * 43.0 + 9999.0 * 20.75) / 1_009_998.0, "盘龙 quality");
    close(numbers(&districts, "capital_in_place")[0], 4500.0, "五华 capital");
    close(numbers(&districts, "capital_in_place")[1], 1800.0, "盘龙 capital");
    close(numbers(&districts, "target")[0], 5000.0, "五华 pro-rated target");
    close(numbers(&districts, "completion")[0], 0.9, "五华 completion");
    close(numbers(&districts, "capital_score")[1], 60.0, "盘龙 capital score");
    close(numbers(&districts, "total")[0], 0.7 * 7_472_406.6 / 109_998.0 + 27.0, "五华 total");
    close(
        numbers(&districts, "total")[1],
        0.7 * (999_999.0 * 43.0 + 9999.0 * 20.75) / 1_009_998.0 + 18.0,
        "盘龙 total",
    );
    close(
        numbers(&districts, "intensity")[0],
        (99_999.0 * (70.0 + 5.0 / 6.0) + 9999.0 * (29.0 + 1.0 / 6.0)) / 109_998.0,
        "五华 intensity",
    );
    close(numbers(&districts, "total_investment")[0], 109_998.0, "五华 investment");

    // Every row of every file is accounted for.
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    let lines: Vec<(String, u64, u64, u64, u64)> = run["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let a = &i["accounting"];
            (
                a["kind"].as_str().unwrap().to_string(),
                a["read"].as_u64().unwrap(),
                a["used"].as_u64().unwrap(),
                a["out_of_scope"].as_u64().unwrap(),
                a["skipped"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines[0], ("projects".into(), 5, 4, 1, 0));
    // G-1 2022-07 and G-5 2022-07 are after the period end.
    assert_eq!(lines[1], ("capital".into(), 8, 6, 2, 0));
    assert_eq!(lines[2], ("targets".into(), 3, 2, 1, 0));
}

#[test]
fn the_sidecars_have_exactly_the_columns_of_the_spec() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new().args(["-q", "score", "--emit", "csv", "--out"]).arg(&out).run();
    let projects = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    let mut expected: Vec<String> = "project_id, project_name, district, park, chain, tier, total, intensity, output, tech, relevance, rank, district_rank, chain_rank"
        .split(", ")
        .map(str::to_string)
        .collect();
    for key in [
        "fai_per_mu",
        "scale",
        "capital_realisation",
        "output_per_mu",
        "tax_per_mu",
        "output_per_investment",
        "rd_intensity",
        "high_tech",
        "patents",
        "chain_class",
        "link",
        "investor_tier",
        "park_fit",
    ] {
        expected.push(key.to_string());
        expected.push(format!("{key}_score"));
    }
    let names: Vec<String> = projects.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(names, expected);
    assert_eq!(projects.height(), 234);
    let districts = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
    let names: Vec<String> = districts.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        names.join(", "),
        "district, rank, tier, total, quality, capital_score, intensity, output, tech, relevance, projects, total_investment, capital_in_place, target, completion, gated"
    );
    assert_eq!(districts.height(), 7);
    let csv = std::fs::read_to_string(crate::support::period_dir(&out).join("projects.csv")).unwrap();
    assert!(csv.starts_with(&format!("\u{FEFF}{}", expected.join(","))));
    assert_eq!(csv.lines().count(), 235);
    assert!(
        crate::support::period_dir(&out).join("districts.csv").exists()
            && crate::support::period_dir(&out).join("run.json").exists()
    );
    // The chains sidecar holds the Chains sheet's figures, and they add up.
    let chains = read_parquet(&crate::support::period_dir(&out).join("chains.parquet"));
    let names: Vec<String> = chains.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        names.join(", "),
        "chain, projects, total_investment, capital_in_place, mean_score, best_project_id, best_project_name, best_score"
    );
    let scored: f64 = numbers(&chains, "projects").iter().flatten().sum();
    assert_eq!(scored, 234.0);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    assert_eq!(summary["chains"].as_array().unwrap().len(), chains.height());
    assert!(crate::support::period_dir(&out).join("chains.csv").exists());
    // The sample's registers carry statuses: every project in scope is tracked.
    let tracking = read_parquet(&crate::support::period_dir(&out).join("tracking.parquet"));
    let names: Vec<String> = tracking.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        names.join(", "),
        "project_id, project_name, district, signing_year, stage, halted, overdue, months_overdue, on_schedule, start_due, operate_due, full_production_due, total_investment, capital_since_signing, delivery_year, promised_output, actual_output, promised_tax, actual_tax, output_delivery, tax_delivery, delivery_flagged"
    );
    assert_eq!(tracking.height(), 234);
    assert_eq!(summary["tracking"]["projects"], 234);
    // One lead in the sample: WH-2022-016's capital in place is 134.8 % of its
    // total investment, named by its register row.
    let checks = read_parquet(&crate::support::period_dir(&out).join("checks.parquet"));
    assert_eq!(checks.height(), 1);
    assert_eq!(crate::support::strings(&checks, "flag"), [Some("capital_overrun".to_string())]);
    assert_eq!(crate::support::strings(&checks, "project_id"), [Some("WH-2022-016".to_string())]);
    assert_eq!(crate::support::strings(&checks, "rows"), [Some("19".to_string())]);
    assert_eq!(summary["tracking"]["integrity_leads"], 1);
}

/// Stage dates in a register (spec 2.5, 3.10): each project's stage, list and
/// months overdue in tracking.parquet, the counts in run.json, and not one
/// score changed by them.
#[test]
fn stage_dates_put_projects_on_the_overdue_lists() {
    let work = Workdir::new();
    let header = "项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资,开工时间,投产时间,达产时间,项目状态";
    let rows = [
        // Signed 2022-03-15, not started by 2022-12-31: start due 2022-09-15, 3 months over.
        "T-1,甲,五华区,新材料,2022-03-15,1000,,,,签约",
        // Started on time, operating due 2023-01-10: on schedule.
        "T-2,乙,五华区,新材料,2021-01-10,2000,2021-05-01,,,",
        // Started late; operation due 2022-01-31 passed: 11 months over.
        "T-3,丙,盘龙区,生物医药,2020-01-31,3000,2020-09-30,,,",
        // Stalled: listed apart, never overdue.
        "T-4,丁,盘龙区,生物医药,2020-01-01,1500,2020-03-01,,,停建",
        // Nothing of progress: stage unknown.
        "T-5,戊,盘龙区,生物医药,2021-07-01,800,,,,",
    ];
    let register = work.write("register.csv", &format!("{header}\n{}\n", rows.join("\n")));
    let out = work.join("out");
    Test::new().args(["-q", "score", "--period", "2022", "--projects"]).arg(&register).args(["--out"]).arg(&out).run();
    let dir = crate::support::period_dir(&out);
    let tracking = read_parquet(&dir.join("tracking.parquet"));
    let text = |name: &str| -> Vec<Option<String>> {
        tracking.column(name).unwrap().str().unwrap().iter().map(|v| v.map(str::to_string)).collect()
    };
    let some = |v: &[Option<&str>]| v.iter().map(|s| s.map(str::to_string)).collect::<Vec<_>>();
    assert_eq!(text("project_id"), some(&[Some("T-1"), Some("T-2"), Some("T-3"), Some("T-4"), Some("T-5")]));
    assert_eq!(text("stage"), some(&[Some("signed"), Some("started"), Some("started"), Some("started"), None]));
    assert_eq!(text("overdue"), some(&[Some("not_started"), None, Some("not_operating"), None, None]));
    assert_eq!(text("halted"), some(&[None, None, None, Some("stalled"), None]));
    let months: Vec<Option<u32>> = tracking.column("months_overdue").unwrap().u32().unwrap().iter().collect();
    assert_eq!(months, [Some(3), None, Some(11), None, None]);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    let t = &summary["tracking"];
    assert_eq!((t["not_started"].as_u64(), t["not_operating"].as_u64()), (Some(1), Some(1)));
    assert_eq!((t["stalled"].as_u64(), t["stage_unknown"].as_u64()), (Some(1), Some(1)));
    // The workbook's Overdue sheet: each list in order, then the stalled.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("evaluation-2022.xlsx")).unwrap();
    let overdue = book.worksheet_range("逾期清单").unwrap();
    let listed: Vec<(String, String, String)> =
        overdue.rows().skip(1).map(|r| (r[1].to_string(), r[3].to_string(), r[6].to_string())).collect();
    assert_eq!(
        listed,
        [
            ("T-1".into(), "签约未开工".into(), "3".into()),
            ("T-3".into(), "开工未投产".into(), "11".into()),
            ("T-4".into(), "停滞".into(), String::new()),
        ]
    );
    let progress = book.worksheet_range("项目推进").unwrap();
    let city: Vec<String> = progress.rows().find(|r| r[0] == "全市").unwrap().iter().map(|c| c.to_string()).collect();
    // The city's 2020 cohort: T-3 and T-4, both started, none on schedule.
    assert_eq!(city[1], "2020");
    // Tracking changes no score: the same register without its stage columns
    // and statuses scores the same totals.
    let plain: Vec<String> = std::iter::once("项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资".to_string())
        .chain(rows.iter().map(|r| r.split(',').take(6).collect::<Vec<_>>().join(",")))
        .collect();
    let plain_register = work.write("plain.csv", &(plain.join("\n") + "\n"));
    let plain_out = work.join("plain-out");
    Test::new()
        .args(["-q", "score", "--period", "2022", "--projects"])
        .arg(&plain_register)
        .args(["--out"])
        .arg(&plain_out)
        .run();
    let totals = |dir: &std::path::Path| numbers(&read_parquet(&dir.join("projects.parquet")), "total");
    assert_eq!(totals(&dir), totals(&crate::support::period_dir(&plain_out)));
    assert!(!crate::support::period_dir(&plain_out).join("tracking.parquet").exists());
}

#[test]
fn score_with_no_arguments_scores_the_bundled_sample_into_out() {
    let work = Workdir::new();
    for dir in ["config", "fixtures/sample/projects", "fixtures/sample/capital"] {
        std::fs::create_dir_all(work.join(dir)).unwrap();
    }
    for file in ["config/default.toml", "fixtures/sample/targets.xlsx", "fixtures/sample/capital/ledger-2021-2023.xlsx"]
    {
        std::fs::copy(root().join(file), work.join(file)).unwrap();
    }
    for entry in std::fs::read_dir(root().join("fixtures/sample/projects")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), work.join("fixtures/sample/projects").join(entry.file_name())).unwrap();
    }
    let outcome = Test::new()
        .current_dir(work.path())
        .arg("score")
        .stdout_has("2022年第四季度：评分项目 234 个，豁免 0 个，县区 7 个；")
        .stdout_has("名次  等级  县区")
        .run();
    // The folder is told as an absolute path: a cron log says where the files are.
    assert!(
        outcome.stderr.contains(&format!(
            "已写入 {}：evaluation-2022Q4.xlsx、projects.parquet、districts.parquet、chains.parquet、tracking.parquet、checks.parquet、diagnostics.json、run.json",
            work.join("out/2022Q4").display()
        )),
        "{}",
        outcome.stderr
    );
    for file in ["evaluation-2022Q4.xlsx", "projects.parquet", "districts.parquet", "chains.parquet", "run.json"] {
        assert!(work.join("out/2022Q4").join(file).exists(), "{file}");
    }
    // The gate column: 限档 only where the gate lowered the district's tier.
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("out/2022Q4/run.json")).unwrap()).unwrap();
    let ranking = run["ranking"].as_array().unwrap();
    let districts =
        |capped: bool| ranking.iter().filter(|l| l["gated"] == true && (l["capped"] == true) == capped).count();
    let lines = |word: &str| outcome.stdout.lines().filter(|l| l.ends_with(word)).count();
    assert_eq!(lines("资金到位未达标，限档"), districts(true), "{}", outcome.stdout);
    assert_eq!(lines("资金到位未达标"), districts(false), "{}", outcome.stdout);
    // Beside the period folder only the lock file (kept: removing a lock file
    // races with a run opening it) and last-run.json.
    let leftovers: Vec<_> = std::fs::read_dir(work.join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') && name != ".chainscore.lock")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// Recomputes every project's indicator scores, dimensions and total from the raw
/// values in the sidecar, and every district's figures from the project sidecar and
/// its own capital and target columns, with plain arithmetic written from the spec —
/// no polars expression shared with the engine.
#[test]
fn an_independent_recomputation_of_the_sample_agrees() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    let projects = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    let goalpost = |x: Option<f64>, lo: f64, hi: f64, log: bool| -> f64 {
        match x {
            None => 0.0,
            Some(x) if log => {
                (((1.0 + x).ln() - (1.0 + lo).ln()) / ((1.0 + hi).ln() - (1.0 + lo).ln())).clamp(0.0, 1.0) * 100.0
            }
            Some(x) => ((x - lo) / (hi - lo)).clamp(0.0, 1.0) * 100.0,
        }
    };
    let bands = |x: Option<f64>| match x {
        Some(x) if x >= 20.0 => 100.0,
        Some(x) if x >= 5.0 => 70.0,
        Some(x) if x >= 1.0 => 40.0,
        _ => 0.0,
    };
    let col = |name: &str| numbers(&projects, name);
    let text = |name: &str| texts_of(&projects, name);
    let (fai, scale, realised, opm, tpm, opi, rd, patents) = (
        col("fai_per_mu"),
        col("scale"),
        col("capital_realisation"),
        col("output_per_mu"),
        col("tax_per_mu"),
        col("output_per_investment"),
        col("rd_intensity"),
        col("patents"),
    );
    let (high_tech, chain_class, link, tier, fit) =
        (text("high_tech"), text("chain_class"), text("link"), text("investor_tier"), text("park_fit"));
    let totals = col("total");
    let mut mine = Vec::new();
    for i in 0..projects.height() {
        let intensity = 0.5 * goalpost(fai[i], 100.0, 500.0, false)
            + 0.25 * goalpost(scale[i], 1000.0, 1_000_000.0, true)
            + 0.25 * goalpost(realised[i], 0.0, 1.0, false);
        let output = 0.4 * goalpost(opm[i], 200.0, 1500.0, false)
            + 0.4 * goalpost(tpm[i], 10.0, 100.0, false)
            + 0.2 * goalpost(opi[i], 0.5, 3.0, false);
        let tech = 0.4 * goalpost(rd[i], 0.0, 0.05, false)
            + 0.3 * if high_tech[i] == "true" { 100.0 } else { 0.0 }
            + 0.3 * bands(patents[i]);
        let class = match chain_class[i].as_str() {
            "key" => 100.0,
            "traditional" | "agriculture" => 70.0,
            _ => 30.0,
        };
        let link = match link[i].as_str() {
            "build" => 100.0,
            "supplement" => 90.0,
            "extend" => 80.0,
            "strengthen" => 70.0,
            _ => 40.0,
        };
        let investor = match tier[i].as_str() {
            "global500" => 100.0,
            "china500" => 90.0,
            "private500" => 85.0,
            "leader" => 75.0,
            "listed" => 60.0,
            _ => 40.0,
        };
        let fit = if fit[i] == "true" { 100.0 } else { 40.0 };
        let relevance = 0.35 * class + 0.2 * link + 0.3 * investor + 0.15 * fit;
        let total = 0.3 * intensity + 0.3 * output + 0.2 * tech + 0.2 * relevance;
        close(totals[i], total, &format!("total of {}", text("project_id")[i]));
        mine.push(total);
    }
    // Ranks: competition ranking on totals rounded to 6 decimals.
    let rounded: Vec<f64> = mine.iter().map(|t| (t * 1e6).round() / 1e6).collect();
    let ranks: Vec<String> =
        rounded.iter().map(|t| (rounded.iter().filter(|o| *o > t).count() + 1).to_string()).collect();
    assert_eq!(texts_of(&projects, "rank"), ranks);
    // Tiers by threshold.
    let tiers: Vec<&str> = rounded
        .iter()
        .map(|t| {
            if *t >= 85.0 {
                "A"
            } else if *t >= 70.0 {
                "B"
            } else if *t >= 60.0 {
                "C"
            } else {
                "D"
            }
        })
        .collect();
    assert_eq!(texts_of(&projects, "tier"), tiers);

    // Districts: investment-weighted quality (total_investment from the raw `scale`),
    // capital score from completion, 70/30, the gate.
    let districts = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
    let mut sums: HashMap<String, (f64, f64)> = HashMap::new();
    for (i, district) in text("district").iter().enumerate() {
        let investment = scale[i].unwrap();
        let entry = sums.entry(district.clone()).or_default();
        entry.0 += investment * mine[i];
        entry.1 += investment;
    }
    let (keys, quality, capital, target, completion, capital_score, total, gated, tier) = (
        texts_of(&districts, "district"),
        numbers(&districts, "quality"),
        numbers(&districts, "capital_in_place"),
        numbers(&districts, "target"),
        numbers(&districts, "completion"),
        numbers(&districts, "capital_score"),
        numbers(&districts, "total"),
        texts_of(&districts, "gated"),
        texts_of(&districts, "tier"),
    );
    for i in 0..districts.height() {
        let (weighted, investment) = sums[&keys[i]];
        let q = weighted / investment;
        close(quality[i], q, &format!("quality of {}", keys[i]));
        let c = capital[i].unwrap() / target[i].unwrap();
        close(completion[i], c, "completion");
        let cs = c.clamp(0.0, 1.0) * 100.0;
        close(capital_score[i], cs, "capital score");
        let t = 0.7 * q + 0.3 * cs;
        close(total[i], t, &format!("total of {}", keys[i]));
        assert_eq!(gated[i], (c < 1.0).to_string());
        let natural = if t >= 85.0 {
            "A"
        } else if t >= 70.0 {
            "B"
        } else if t >= 60.0 {
            "C"
        } else {
            "D"
        };
        let capped = if c < 1.0 && natural == "A" { "B" } else { natural };
        assert_eq!(tier[i], capped);
    }
    // Targets: the yearly target in the file, converted and pro-rated 12/12 for Q4.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    assert_eq!(json["period_end"], "2022-12-31");
}

#[test]
fn strict_mode_refuses_error_rows_and_writes_nothing() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new()
        .args(["-q", "score", "--strict", "--projects", "fixtures/broken/unknown-district.xlsx", "--out"])
        .arg(&out)
        .code(65)
        .stderr_has("错误：fixtures/broken/unknown-district.xlsx，工作表“项目表”，第 3 行，C 列（所属县区）：所属县区“五花区”不在名单中")
        .stderr_has("chainscore: 错误：输入数据中有 1 条错误。运行 chainscore validate")
        .run();
    // Nothing for the period; the failure is recorded beside the period folders.
    assert!(!out.join("2022Q4").exists());
    let last: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("last-run.json")).unwrap()).unwrap();
    assert_eq!((last["status"].as_str(), last["exit_code"].as_i64()), (Some("failed"), Some(65)), "{last}");
    assert_eq!(last["code"], "E503", "{last}");
    // Without --strict the same input scores, the bad row skipped.
    Test::new()
        .args(["score", "--projects", "fixtures/broken/unknown-district.xlsx", "--out"])
        .arg(&out)
        .stdout_has("评分项目 1 个，")
        .run();
}

#[test]
fn rejected_and_exempt_projects_are_accounted_for() {
    let work = Workdir::new();
    // Two rejecting indicators: P-2 and P-4 miss both; each must be counted once
    // (their notes interleave: P-2, P-4 for one indicator, then P-2, P-4).
    let config = work.config(
        "c.toml",
        "[scoring]\nexempt = \"status = 'operating'\"\n[indicators.fai_per_mu]\nmissing = \"reject\"\n[indicators.output_per_mu]\nmissing = \"reject\"\n[indicators.tax_per_mu]\nmissing = \"median\"\n",
    );
    let head = texts(&[
        "项目编号",
        "项目名称",
        "所属县区",
        "所属产业链",
        "签约时间",
        "计划总投资",
        "固定资产投资",
        "用地面积",
        "项目状态",
        "达产年产值",
    ]);
    use Value::*;
    let rows = vec![
        head,
        vec![
            Text("P-1"),
            Text("甲"),
            Text("五华"),
            Text("新材料"),
            Text("2022-01-05"),
            Number(1000.0),
            Number(800.0),
            Number(4.0),
            Text("开工"),
            Number(100.0),
        ],
        vec![
            Text("P-2"),
            Text("乙"),
            Text("五华"),
            Text("新材料"),
            Text("2022-01-05"),
            Number(1000.0),
            Number(800.0),
            Blank,
            Text("开工"),
            Blank,
        ],
        vec![
            Text("P-4"),
            Text("丁"),
            Text("五华"),
            Text("新材料"),
            Text("2022-01-05"),
            Number(1000.0),
            Number(800.0),
            Blank,
            Text("开工"),
            Blank,
        ],
        vec![
            Text("P-3"),
            Text("丙"),
            Text("五华"),
            Text("新材料"),
            Text("2022-01-05"),
            Number(1000.0),
            Number(800.0),
            Number(4.0),
            Text("投产"),
            Number(100.0),
        ],
    ];
    let register = work.xlsx("p.xlsx", "s", &rows, &[]);
    let ledger = work.xlsx(
        "l.xlsx",
        "s",
        &[
            texts(&["项目编号", "月份", "内资到位"]),
            vec![Text("P-1"), Text("2022-03"), Number(10.0)],
            vec![Text("P-2"), Text("2022-03"), Number(20.0)],
            vec![Text("P-3"), Text("2022-03"), Number(30.0)],
        ],
        &[],
    );
    let out = work.join("out");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "score", "--out"])
        .arg(&out)
        .arg("--projects")
        .arg(&register)
        .arg("--capital")
        .arg(&ledger)
        .run();
    let projects = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    assert_eq!(texts_of(&projects, "project_id"), ["P-1", "P-3"]);
    assert_eq!(texts_of(&projects, "tier"), ["D", "T"]);
    assert_eq!(texts_of(&projects, "rank"), ["1", "∅"]);
    let districts = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
    close(numbers(&districts, "capital_in_place")[0], 10.0, "only the scored project's capital counts");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    let register_line = &run["inputs"][0]["accounting"];
    assert_eq!(
        (
            register_line["read"].as_u64(),
            register_line["used"].as_u64(),
            register_line["exempt"].as_u64(),
            register_line["skipped"].as_u64()
        ),
        (Some(4), Some(1), Some(1), Some(2))
    );
    let ledger_line = &run["inputs"][1]["accounting"];
    assert_eq!((ledger_line["used"].as_u64(), ledger_line["out_of_scope"].as_u64()), (Some(1), Some(2)));
    assert_eq!(run["projects_exempt"], 1);
    assert_eq!(run["issues"]["error"], 4, "one error per missing rejecting indicator");
}

/// The golden inputs under other capital windows and scopes (2022Q2):
/// window `period` (Apr–Jun): 五华 has nothing (its rows are in Jan and Mar), 盘龙
/// 2000 − 200 = 1800; window `cumulative`: 五华 adds December 2021's 500 → 5000.
#[test]
fn capital_windows_sum_the_months_they_name() {
    let work = Workdir::new();
    golden_inputs(&work);
    golden_config(&work);
    for (window, wuhua, panlong) in [("ytd", 4500.0, 1800.0), ("period", 0.0, 1800.0), ("cumulative", 5000.0, 1800.0)] {
        let config = work.write(
            &format!("{window}.toml"),
            &format!("extends = \"golden.toml\"\n[run]\ncapital_window = \"{window}\"\n"),
        );
        let out = work.join(window);
        Test::new().arg("--config").arg(&config).args(["-q", "score", "--period", "2022Q2", "--out"]).arg(&out).run();
        let districts = read_parquet(&crate::support::period_dir(&out).join("districts.parquet"));
        let capital: HashMap<String, Option<f64>> =
            texts_of(&districts, "district").into_iter().zip(numbers(&districts, "capital_in_place")).collect();
        close(capital["wuhua"], wuhua, &format!("五华 capital, window {window}"));
        close(capital["panlong"], panlong, &format!("盘龙 capital, window {window}"));
    }
    // Scope "year": only projects signed within the period's year, up to its end.
    let config = work.write("year.toml", "extends = \"golden.toml\"\n[run]\nscope = \"year\"\n");
    let out = work.join("year");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--period", "2022-03", "--out"]).arg(&out).run();
    let projects = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    assert_eq!(texts_of(&projects, "project_id"), ["G-1", "G-3", "G-2"], "signed in 2022 up to March");
    let out = work.join("month");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--period", "2022", "--out"]).arg(&out).run();
    assert_eq!(
        read_parquet(&crate::support::period_dir(&out).join("projects.parquet")).height(),
        5,
        "the whole year 2022: all five"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_exit_74() {
    let work = Workdir::new();
    // A folder inside a regular file cannot be made, even by root.
    let file = work.write("not-a-folder", "x");
    let outcome = Test::new().args(["-q", "score", "--out"]).arg(file.join("out")).code(74).run();
    assert!(outcome.stderr.contains("not-a-folder/out"), "{}", outcome.stderr);
    assert_eq!(outcome.stderr.lines().count(), 1, "one sentence: {}", outcome.stderr);
}

#[test]
fn timings_name_every_stage() {
    let work = Workdir::new();
    let out = work.join("out");
    let outcome = Test::new().args(["-q", "score", "--timings", "--out"]).arg(&out).run();
    // On stderr, each stage by its label in the run's language.
    for stage in [
        "阶段",
        "读取",
        "检查",
        "计算指标",
        "标准化",
        "加权、排名、县区",
        "工作簿",
        "数据文件（与工作簿同时）",
        "合计（墙钟）",
    ] {
        assert!(outcome.stderr.contains(stage), "{stage} missing:\n{}", outcome.stderr);
    }
    // run.json keeps the stages' keys, for machines.
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::support::period_dir(&out).join("run.json")).unwrap())
            .unwrap();
    let keys: Vec<&str> = run["stages"].as_array().unwrap().iter().map(|s| s[0].as_str().unwrap()).collect();
    for stage in ["read", "validate", "derive", "normalise", "aggregate", "workbook", "sidecars"] {
        assert!(keys.contains(&stage), "{stage} missing from run.json: {keys:?}");
    }
}

#[test]
fn quiet_scoring_prints_nothing_on_success() {
    let work = Workdir::new();
    let outcome = Test::new().args(["-q", "score", "--out"]).arg(work.join("out")).run();
    assert_eq!((outcome.stdout.as_str(), outcome.stderr.as_str()), ("", ""));
    assert!(work.join("out/2022Q4/evaluation-2022Q4.xlsx").exists());
}

/// The operations input (spec 2.5) is read and validated like the ledger: an
/// unknown project a warning, an unreadable year an error, a second row for a
/// project and year an error, a negative actual treated as missing; every row
/// accounted for.
#[test]
fn operations_rows_are_validated_like_the_ledger_s() {
    let work = Workdir::new();
    let register = work.write(
        "register.csv",
        "项目编号,项目名称,所属县区,所属产业链,签约时间,计划总投资,达产年产值\nT-1,甲,五华区,新材料,2018-03-15,1000,500\nT-2,乙,盘龙区,生物医药,2021-01-10,2000,800\n",
    );
    let operations = work.write(
        "operations.csv",
        "项目编号,年度,实际产值,实际税收\nT-1,2022年,200,10\nT-9,2022,100,5\nT-2,明年,50,1\nT-1,2022,210,11\nT-2,2022,-5,2\n",
    );
    let json = Test::new()
        .args(["-q", "validate", "--period", "2022", "--format", "json", "--projects"])
        .arg(&register)
        .arg("--operations")
        .arg(&operations)
        .code(65)
        .run()
        .json();
    let issues: Vec<(String, u64, String)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"].as_str().unwrap().ends_with("operations.csv"))
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["row"].as_u64().unwrap(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        issues,
        [
            ("V150".to_string(), 3, "warning".to_string()),
            ("V140".to_string(), 4, "error".to_string()),
            ("V151".to_string(), 5, "error".to_string()),
            ("V152".to_string(), 6, "warning".to_string()),
        ]
    );
    let accounting = json["accounting"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["file"].as_str().unwrap().ends_with("operations.csv"))
        .unwrap();
    assert_eq!(
        (accounting["read"].as_u64(), accounting["used"].as_u64(), accounting["skipped"].as_u64()),
        (Some(5), Some(2), Some(3))
    );
    // Scored: T-1 is past its full-production deadline (2021-03-15) and made
    // 200 of its promised 500 in 2022: 40 %, below 60 %, flagged.
    let out = work.join("out");
    Test::new()
        .args(["-q", "score", "--period", "2022", "--projects"])
        .arg(&register)
        .arg("--operations")
        .arg(&operations)
        .arg("--out")
        .arg(&out)
        .run();
    let tracking = read_parquet(&crate::support::period_dir(&out).join("tracking.parquet"));
    let flagged: Vec<Option<bool>> = tracking.column("delivery_flagged").unwrap().bool().unwrap().iter().collect();
    assert_eq!(flagged, [Some(true), None]);
    assert_eq!(numbers(&tracking, "output_delivery"), [Some(0.4), None]);
}

/// The README's tracking example: the sample with its operations file and
/// deadlines of 3, 9 and 12 months. Five projects are assessed on 2022; three
/// made less than 60 % of a promise (WH-2021-020 3,200 of 37,170; PL-2021-014
/// 9,800 of 18,690; GD-2021-015 26,300 of 49,330); WH-2021-020's 2022 row is
/// also a lead, as it was still 签约.
#[test]
fn the_tracking_example_compares_the_sample_s_operations_with_its_promises() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new().args(["-q", "--config", "config/examples/tracking.toml", "score", "--out"]).arg(&out).run();
    let dir = crate::support::period_dir(&out);
    let tracking = read_parquet(&dir.join("tracking.parquet"));
    let assessed: Vec<(String, bool)> = crate::support::strings(&tracking, "project_id")
        .into_iter()
        .zip(tracking.column("delivery_flagged").unwrap().bool().unwrap().iter())
        .filter_map(|(id, flag)| Some((id?, flag?)))
        .collect();
    assert_eq!(
        assessed,
        [
            ("WH-2021-012".to_string(), false),
            ("WH-2021-020".to_string(), true),
            ("WH-2021-024".to_string(), false),
            ("PL-2021-014".to_string(), true),
            ("GD-2021-015".to_string(), true),
        ]
    );
    let checks = read_parquet(&dir.join("checks.parquet"));
    assert!(crate::support::strings(&checks, "flag").contains(&Some("operations_before_operating".to_string())));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("evaluation-2022Q4.xlsx")).unwrap();
    let delivery = book.worksheet_range("履约").unwrap();
    // The flagged first: three rows marked 是 under the header (row 3).
    let marks: Vec<String> = delivery.rows().skip(3).take(5).map(|r| r[9].to_string()).collect();
    assert_eq!(marks, ["是", "是", "是", "否", "否"]);
}
