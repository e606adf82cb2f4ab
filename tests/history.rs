//! `chainscore history` end to end (spec 4, issue M): three quarterly and two
//! yearly period folders of the sample side by side, a period scored with
//! another config marked, streaks in the lowest tier, and one period saying
//! there is nothing to compare.

use crate::support::{Test, Workdir, read_parquet, root};

fn score(out: &std::path::Path, period: &str, config: Option<&str>) {
    let mut test = Test::new();
    if let Some(config) = config {
        test = test.arg("--config").arg(root().join(config));
    }
    test.args(["-q", "score", "--period", period, "--out"]).arg(out).run();
}

#[test]
fn history_sets_the_periods_side_by_side_and_counts_runs_in_the_lowest_tier() {
    let work = Workdir::new();
    let out = work.join("out");
    score(&out, "2022Q4", None);
    // One period: nothing to compare, nothing written.
    Test::new().args(["history", "--out"]).arg(&out).stderr_has("中只有一个评价期（2022Q4），暂无可比较的内容").run();
    assert!(!out.join("history.xlsx").exists());

    score(&out, "2022Q2", None);
    // 2022Q3 with another config: shown as it was, and marked.
    score(&out, "2022Q3", Some("config/examples/tech-heavier.toml"));
    score(&out, "2021", None);
    score(&out, "2022", None);
    let outcome = Test::new()
        .args(["history", "--out"])
        .arg(&out)
        // Periods by end month: 2021, 2022Q2, 2022Q3 (another config), 2022, 2022Q4.
        .stdout_has("县区        2021  2022Q2  2022Q3＊  2022  2022Q4")
        .stdout_has("官渡区      7 D   7 D     7 D       7 D   7 D")
        .stdout_has("＊ 该期使用了不同的参数配置")
        // 官渡区 in D at 2022Q2, Q3 and Q4: three adjacent quarters ending with
        // the latest (the years are another kind and never chain with them).
        .stdout_has("官渡区：连续 3 期处于最低档（限制）")
        .stdout_has("个项目连续处于最低档，见 history.xlsx。")
        .run();
    assert!(outcome.stderr.contains("history.xlsx、history.parquet"), "{}", outcome.stderr);
    let frame = read_parquet(&out.join("history.parquet"));
    assert_eq!(frame.height(), 7 * 5, "seven districts in five periods");
    let other: usize =
        frame.column("other_config").unwrap().bool().unwrap().iter().filter(|v| *v == Some(true)).count();
    assert_eq!(other, 7, "the seven rows of 2022Q3");
    let json = Test::new().args(["-q", "history", "--format", "json", "--out"]).arg(&out).run().json();
    let streak = json["streaks"].as_array().unwrap().iter().find(|s| s["kind"] == "district").unwrap();
    assert_eq!((streak["key"].as_str(), streak["periods"].as_u64()), (Some("guandu"), Some(3)));
    use calamine::Reader;
    let book: calamine::Xlsx<_> = calamine::open_workbook(out.join("history.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["县区历次", "项目历次", "连续末档"]);
}

/// In English the streak lines use English brackets, and every line fits 120
/// columns.
#[test]
fn history_speaks_english_when_asked() {
    let work = Workdir::new();
    let out = work.join("out");
    score(&out, "2022Q3", None);
    score(&out, "2022Q4", None);
    let outcome = Test::new()
        .args(["-q", "--lang", "en", "history", "--out"])
        .arg(&out)
        .stdout_has("Guandu District: 2 period(s) in a row in the lowest tier (约谈)")
        .stdout_has(" (Anning City): 2 period(s) in a row")
        .stdout_lacks("（")
        .run();
    assert!(outcome.stdout.lines().all(|l| l.chars().count() <= 120), "{}", outcome.stdout);
}
