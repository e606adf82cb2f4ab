//! `chainscore weights` and AHP judgments in a config, end to end.

use crate::support::{Test, Workdir, root};

fn sums_to_one(weights: &serde_json::Value) -> bool {
    (weights.as_array().unwrap().iter().map(|w| w.as_f64().unwrap()).sum::<f64>() - 1.0).abs() < 1e-9
}

#[test]
fn weights_prints_every_set_beside_its_objective_weights() {
    let json = Test::new().args(["-q", "weights", "--format", "json"]).run().json();
    let sets = json.as_array().unwrap();
    assert_eq!(sets.len(), 5, "the dimensions and each dimension's indicators");
    assert_eq!(sets[0]["set"], "dimensions");
    assert_eq!(sets[0]["configured"], serde_json::json!([0.3, 0.3, 0.2, 0.2]));
    for set in sets {
        for method in ["configured", "entropy", "critic", "standard_deviation"] {
            assert!(sums_to_one(&set[method]), "{method} of {}", set["set"]);
        }
        assert_eq!(set["projects"], 234);
    }
    let fragment = Test::new().args(["-q", "weights", "--combine", "entropy", "--alpha", "0.5", "--toml"]).run().stdout;
    assert!(fragment.contains("[dimensions.intensity]\nweight = "), "{fragment}");
    // The fragment is a config fragment: a config made of it loads and scores.
    let work = Workdir::new();
    let config = work.config("combined.toml", &fragment);
    Test::new().args(["-q", "--config", config.to_str().unwrap(), "validate"]).run();
}

#[test]
fn ahp_judgments_give_the_weights_and_their_consistency() {
    let example = root().join("config/examples/ahp.toml");
    let json =
        Test::new().args(["-q", "--config", example.to_str().unwrap(), "weights", "--format", "json"]).run().json();
    let dimensions = &json[0];
    let expected = [1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0];
    for (w, e) in dimensions["configured"].as_array().unwrap().iter().zip(expected) {
        assert!((w.as_f64().unwrap() - e).abs() < 1e-9, "{dimensions}");
    }
    assert!(dimensions["ahp_cr"].as_f64().unwrap() < 1e-9, "consistent judgments");
    let tech = json.as_array().unwrap().iter().find(|s| s["set"] == "indicators.tech").unwrap();
    assert!(tech["ahp_cr"].as_f64().unwrap() < 0.1);
    assert!(sums_to_one(&tech["configured"]));
}

#[test]
fn inconsistent_judgments_are_refused_naming_the_judgment_to_revise() {
    // Consistent with 8 : 4 : 2 : 1 except intensity vs relevance, entered the
    // wrong way round.
    let work = Workdir::new();
    let config = work.config(
        "bad.toml",
        r#"[ahp.dimensions]
judgments = [
  ["intensity", "output", 2], ["intensity", "tech", 4], ["intensity", "relevance", "1/8"],
  ["output", "tech", 2], ["output", "relevance", 4], ["tech", "relevance", 2],
]
"#,
    );
    Test::new()
        .args(["-q", "--config", config.to_str().unwrap(), "validate"])
        .code(78)
        .stderr_has("键 ahp.dimensions.judgments：“dimensions”的判断一致性不足：CR = ")
        .stderr_has("，须低于 0.10。把 `intensity` 对 `relevance` 的判断从 0.125 改为约 8.00（标度上最接近 8），CR 降幅最大，可降至 ")
        .run();
    let missing = work.config("missing.toml", "[ahp.dimensions]\njudgments = [[\"intensity\", \"output\", 2]]\n");
    Test::new()
        .args(["-q", "--config", missing.to_str().unwrap(), "validate"])
        .code(78)
        .stderr_has("键 ahp.dimensions.judgments：`intensity` 与 `tech` 没有判断：4 项两两比较共 6 对")
        .run();
    let typo = work.config("typo.toml", "[ahp.dimensions]\njudgments = [[\"intensty\", \"output\", 2]]\n");
    Test::new()
        .args(["-q", "--config", typo.to_str().unwrap(), "validate"])
        .code(78)
        .stderr_has("`intensty` 不在 intensity、output、tech、relevance 之中；是否应为 `intensity`？")
        .run();
}

#[test]
fn diagnostics_audit_flags_a_heavy_indicator_that_does_not_vary() {
    let work = Workdir::new();
    // `scale` gets most of its dimension's weight but the same value for every
    // project: its nominal weight claims influence it cannot have.
    let config = work.config("flat.toml", "[indicators.scale]\nexpr = \"5000.0\"\nweight = 300\n");
    let out = work.join("out");
    Test::new().args(["-q", "--config", config.to_str().unwrap(), "score", "--out"]).arg(&out).run();
    let path = crate::support::period_dir(&out).join("diagnostics.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let indicator =
        |key: &str| json["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == key).unwrap().clone();
    let scale = indicator("scale");
    assert!(scale["nominal_weight"].as_f64().unwrap() > 0.2, "{scale}");
    assert_eq!(scale["effective_weight"].as_f64().unwrap(), 0.0, "{scale}");
    assert_eq!(scale["influence_flag"], true);
    assert_eq!(scale["skewness"], serde_json::Value::Null, "a constant has no shape");
    // One whose influence matches its weight is not flagged.
    let ratio = |i: &serde_json::Value| i["effective_weight"].as_f64().unwrap() / i["nominal_weight"].as_f64().unwrap();
    let fine: Vec<serde_json::Value> =
        json["indicators"].as_array().unwrap().iter().filter(|i| (0.5..=2.0).contains(&ratio(i))).cloned().collect();
    assert!(!fine.is_empty() && fine.iter().all(|i| i["influence_flag"] == false), "{fine:?}");
    assert_eq!(json["projects"], 234);
    assert_eq!(json["dimensions"].as_array().unwrap().len(), 4);
}

#[test]
fn the_config_sheet_shows_the_judgments_and_their_consistency() {
    use calamine::{Reader, Xlsx, open_workbook};
    let work = Workdir::new();
    let out = work.join("out");
    let example = root().join("config/examples/ahp.toml");
    Test::new().args(["-q", "--config", example.to_str().unwrap(), "score", "--out"]).arg(&out).run();
    let mut workbook: Xlsx<_> = open_workbook(crate::support::period_dir(&out).join("evaluation-2022Q4.xlsx")).unwrap();
    let range = workbook.worksheet_range("参数配置").unwrap();
    let cells: Vec<String> = range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    let at = cells.iter().position(|c| c == "维度权重（层次分析法）").expect("the dimensions set is listed");
    assert!(cells[at + 1].contains("CR = 0.0000"), "{}", cells[at + 1]);
    assert!(cells.iter().any(|c| c.contains("3 位专家综合")), "the tech set pools three experts");
}

/// On the sample the audit flags what stands out, not most of the list: the
/// three indicators whose influence is beyond three times and five points
/// from their weight, one dimension, and no correlation.
#[test]
fn the_sample_s_audit_flags_few_indicators() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    let path = crate::support::period_dir(&out).join("diagnostics.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let flagged = |list: &str, key: &str| -> Vec<String> {
        json[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["influence_flag"] == true)
            .map(|i| i[key].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(flagged("indicators", "indicator"), ["scale", "chain_class", "investor_tier"]);
    assert_eq!(flagged("dimensions", "dimension"), ["relevance"]);
    let pairs = json["within"].as_array().unwrap().iter().chain(json["between"].as_array().unwrap());
    assert_eq!(pairs.filter(|p| p["flag"] == true).count(), 0);
}
