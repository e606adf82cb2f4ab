//! Config errors end to end: exit 78, the file, line, key and the nearest valid key.

use crate::support::{Test, Workdir};

#[test]
fn a_misspelt_key_names_its_line_and_the_nearest_key() {
    Test::new()
        .args(["--config", "fixtures/broken/unknown-key.toml", "validate"])
        .code(78)
        .stderr_has("chainscore: 错误：fixtures/broken/unknown-key.toml 第 4 行，键 indicators.fai_per_mu.weigth：未知的键 `weigth`，是否应为 `weight`？改为 `weight`；")
        .run();
}

#[test]
fn a_negative_weight_is_a_config_error() {
    Test::new()
        .args(["--config", "fixtures/broken/negative-weight.toml", "validate"])
        .code(78)
        .stderr_has("fixtures/broken/negative-weight.toml 第 4 行，键 dimensions.tech.weight：权重不能为负数（现为 -20）。改为 0（不计入）或正数。")
        .run();
}

#[test]
fn an_expression_naming_an_unknown_column_lists_the_columns() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[indicators.fai_per_mu]\nexpr = \"fixed_asset_investmnt / land_area\"\n");
    let outcome = Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("c.toml 第 3 行，键 indicators.fai_per_mu.expr：表达式用到的列 `fixed_asset_investmnt` 不存在")
        .run();
    assert!(outcome.stderr.contains("；是否应为 `fixed_asset_investment`？"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("（可用的列：project_id, project_name"), "{}", outcome.stderr);
}

#[test]
fn a_projects_sheet_of_no_rows_or_more_than_a_sheet_holds_is_a_config_error() {
    let work = Workdir::new();
    for value in ["0", "1048575"] {
        let config = work.config("c.toml", &format!("[output]\nsheet_projects = {value}\n"));
        Test::new()
            .arg("--config")
            .arg(&config)
            .args(["-q", "validate"])
            .code(78)
            .stderr_has(&format!(
                "c.toml 第 3 行，键 output.sheet_projects：须在 1 到 1048574 之间（一张工作表去掉表头和说明行能放的行数），现为 {value}"
            ))
            .run();
    }
}

#[test]
fn a_missing_config_file_is_a_config_error() {
    Test::new()
        .args(["--config", "nowhere.toml", "validate"])
        .code(78)
        .stderr_has("chainscore: 错误：nowhere.toml：配置文件不存在。")
        .run();
}

#[test]
fn invalid_toml_names_the_line() {
    let work = Workdir::new();
    let config = work.write("c.toml", "[run]\nperiod = \"2022Q4\"\nscope = \n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .arg("validate")
        .code(78)
        .stderr_has("c.toml 第 3 行：不是有效的 TOML：")
        .run();
}

#[test]
fn every_example_config_scores_the_sample() {
    let work = Workdir::new();
    for entry in std::fs::read_dir(crate::support::root().join("config/examples")).unwrap() {
        let path = entry.unwrap().path();
        let out = work.join(path.file_stem().unwrap().to_str().unwrap());
        Test::new().arg("--config").arg(&path).args(["score", "--out"]).arg(&out).stdout_has("评分项目 234 个，").run();
        assert!(crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx").exists());
    }
}

#[test]
fn a_date_compared_with_iso_text_works_as_sql_users_write_it() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"signed_on >= '2022-07-01'\"\n");
    let out = work.join("out");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--out"]).arg(&out).run();
    let projects = crate::support::read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    let exempt = crate::support::strings(&projects, "tier").iter().filter(|t| t.as_deref() == Some("T")).count();
    // The sample signs projects through 2022: some in the second half-year.
    assert!(exempt > 0 && exempt < projects.height(), "{exempt} of {} exempt", projects.height());
}

#[test]
fn an_expression_that_cannot_be_planned_is_a_config_error_at_its_key() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"project_name > signed_on\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("c.toml 第 3 行，键 scoring.exempt：表达式无法计算：")
        .run();
}

#[test]
fn a_condition_that_is_not_true_or_false_is_a_config_error() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"jobs\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("键 scoring.exempt：条件须得出“是/否”，但此表达式得出数值。写成比较")
        .run();
    let config = work.config("d.toml", "[[checks]]\nkey = \"just_a_number\"\nexpr = \"42\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("键 checks[0].expr：条件须得出“是/否”，但此表达式得出数值")
        .run();
}

/// A config names files; a config is untrusted too. Each case: the config that
/// names the bad file, and the sentence.
#[test]
fn extends_reads_only_regular_config_files() {
    let work = Workdir::new();
    let folder = work.join("a-folder");
    std::fs::create_dir_all(&folder).unwrap();
    let fifo = work.join("a-pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let cases: [(&str, String); 5] = [
        ("dev-zero.toml", "extends = \"/dev/zero\"\n".into()),
        ("folder.toml", format!("extends = {:?}\n", folder.display().to_string())),
        ("pipe.toml", format!("extends = {:?}\n", fifo.display().to_string())),
        ("missing.toml", "extends = \"nowhere.toml\"\n".into()),
        ("empty.toml", "extends = \"\"\n".into()),
    ];
    let expected = [
        "extends 指向的 /dev/zero 不是普通文件（是管道或设备）",
        "a-folder 是文件夹，不是配置文件",
        "a-pipe 不是普通文件（是管道或设备）",
        "nowhere.toml 不存在",
        "extends 应为加引号的文件名，或 \"builtin\"（内置配置）",
    ];
    for ((name, text), sentence) in cases.iter().zip(expected) {
        let config = work.write(name, text);
        let outcome = Test::new().arg("--config").arg(&config).args(["-q", "validate"]).code(78).run();
        assert!(outcome.stderr.contains(&format!("{name} 第 1 行，键 extends：")), "{name}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(sentence), "{name}: {}", outcome.stderr);
    }
}

#[test]
fn a_config_that_is_not_utf8_text_is_a_config_error() {
    let work = Workdir::new();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("[run]\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let path = work.join("utf16.toml");
    std::fs::write(&path, utf16).unwrap();
    Test::new()
        .arg("--config")
        .arg(&path)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("utf16.toml：配置文件是 UTF-16 编码，请另存为 UTF-8")
        .run();
    let path = work.join("latin1.toml");
    std::fs::write(&path, b"# caf\xe9\n").unwrap();
    Test::new()
        .arg("--config")
        .arg(&path)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("latin1.toml：配置文件不是 UTF-8 编码，请另存为 UTF-8")
        .run();
    Test::new()
        .arg("--config")
        .arg(work.path())
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("：配置文件是文件夹，不是配置文件")
        .run();
}

#[test]
fn weights_too_large_to_add_are_a_config_error_not_zero_totals() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[dimensions.intensity]\nweight = 1e308\n[dimensions.output]\nweight = 1e308\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("键 dimensions：权重太大，无法相加")
        .run();
}

/// A pasted text of 200,000 characters, or 500 chained additions (which used
/// to overflow the parser's stack: an abort), is refused before it is parsed,
/// with the expression cut to its first characters.
#[test]
fn an_expression_too_long_or_too_deep_is_refused_before_it_is_parsed() {
    let work = Workdir::new();
    for expr in ["a+".repeat(500) + "b", "x".repeat(200_000)] {
        let config = work.config("c.toml", &format!("[indicators.fai_per_mu]\nexpr = \"{expr}\"\n"));
        let outcome = Test::new()
            .arg("--config")
            .arg(&config)
            .args(["-q", "validate"])
            .code(78)
            .stderr_has("c.toml 第 3 行，键 indicators.fai_per_mu.expr：表达式 `")
            .stderr_has("过长或过于复杂（")
            .run();
        assert!(
            outcome.stderr.len() < 600,
            "the first line quotes the whole expression: {} bytes",
            outcome.stderr.len()
        );
    }
}

/// A chain of configs that comes back on itself is refused at the `extends`
/// of the config given, not at whichever file the circle returned to.
#[test]
fn an_extends_circle_is_named_at_the_config_given() {
    let work = Workdir::new();
    let a = work.write("a.toml", "extends = \"b.toml\"\n");
    work.write("b.toml", "extends = \"c.toml\"\n");
    work.write("c.toml", "extends = \"b.toml\"\n");
    Test::new()
        .arg("--config")
        .arg(&a)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has(&format!("{} 第 1 行，键 extends：extends 循环引用", a.display()))
        .run();
}

/// `[tracking]` (spec 3.10): deadlines out of order, a floor of 0 and a streak
/// label whose key is not a run length are each refused at their key.
#[test]
fn tracking_settings_are_checked_at_their_keys() {
    let work = Workdir::new();
    for (body, key) in [
        ("[tracking]\nstart_within_months = 30\n", "tracking.start_within_months：各阶段期限须为 1–600 个月并依次不减"),
        ("[tracking]\npromise_floor = 0\n", "tracking.promise_floor"),
        ("[tracking]\nstreak_labels = { x = \"关注\" }\n", "tracking.streak_labels.x：“x”不是连续期数"),
    ] {
        let config = work.config("c.toml", body);
        Test::new().arg("--config").arg(&config).args(["-q", "validate"]).code(78).stderr_has(key).run();
    }
}
