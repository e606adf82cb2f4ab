//! `chainscore compare` end to end: a config against itself, against changed
//! weights (checked against the other config's own run), and a run against an
//! earlier run's folder.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::support::{Test, Workdir, numbers, read_parquet, root, strings};

fn compare(work: &Workdir, args: &[&str]) -> Json {
    let out = work.join("out");
    Test::new().args(["-q", "compare", "--format", "json", "--out", out.to_str().unwrap()]).args(args).run().json()
}

#[test]
fn a_config_compared_with_itself_agrees_completely() {
    let work = Workdir::new();
    let itself = root().join("config/default.toml");
    let json = compare(&work, &["--against", itself.to_str().unwrap()]);
    for side in ["projects", "districts"] {
        assert_eq!(json[side]["spearman"], 1.0, "{}", json[side]);
        assert_eq!(json[side]["kendall"], 1.0, "{}", json[side]);
        assert_eq!(json[side]["moved"], 0);
        assert_eq!(json[side]["tier_changes"], 0);
    }
    assert_eq!(json["config_changes"].as_array().unwrap().len(), 0);
    assert!(json["project_shifts"].as_array().unwrap().iter().all(|s| s["shift"] == 0 && s["driver"].is_null()));
    assert!(work.join("out/compare-2022Q4.xlsx").exists());
}

#[test]
fn changed_weights_are_listed_and_the_after_side_is_that_config_s_own_run() {
    let work = Workdir::new();
    let other = work.config("other.toml", "[dimensions.tech]\nweight = 30\n[indicators.link]\nweight = 0\n");
    let json = compare(&work, &["--against", other.to_str().unwrap()]);
    let changed: Vec<&str> =
        json["config_changes"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert!(changed.contains(&"dimensions.tech.weight"), "{changed:?}");
    assert!(changed.contains(&"indicators.link.weight"), "{changed:?}");
    assert!(!changed.contains(&"indicators.fai_per_mu.weight"), "unchanged weights are not listed: {changed:?}");
    let rho = json["projects"]["spearman"].as_f64().unwrap();
    assert!(rho < 1.0 && rho > 0.5, "{rho}");
    // The after side's ranks are what `score` gives with the other config.
    let out = work.join("other-run");
    Test::new().args(["-q", "--config", other.to_str().unwrap(), "score", "--out", out.to_str().unwrap()]).run();
    let frame = read_parquet(&crate::support::period_dir(&out).join("projects.parquet"));
    let ranks: HashMap<String, f64> = strings(&frame, "project_id")
        .into_iter()
        .zip(numbers(&frame, "rank"))
        .filter_map(|(k, r)| Some((k?, r?)))
        .collect();
    let shifts = json["project_shifts"].as_array().unwrap();
    for s in shifts {
        let (before, after) = (s["rank"][0].as_f64().unwrap(), s["rank"][1].as_f64().unwrap());
        assert_eq!(after, ranks[s["key"].as_str().unwrap()], "{s}");
        assert_eq!(s["shift"].as_f64().unwrap(), before - after, "{s}");
    }
    // Largest movers first.
    let sizes: Vec<i64> = shifts.iter().map(|s| s["shift"].as_i64().unwrap().abs()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    // A project that moved names an indicator that moved it.
    assert!(shifts.iter().filter(|s| s["shift"] != 0).all(|s| s["driver"][0].is_string()), "{}", shifts[0]);
}

#[test]
fn a_run_compared_with_its_own_earlier_output_agrees_and_knows_the_config_is_the_same() {
    let work = Workdir::new();
    let earlier = work.join("earlier");
    Test::new().args(["-q", "score", "--out", earlier.to_str().unwrap()]).run();
    let earlier = crate::support::period_dir(&earlier);
    let json = compare(&work, &["--baseline", earlier.to_str().unwrap()]);
    assert_eq!(json["same_config"], true);
    assert_eq!(json["projects"]["spearman"], 1.0);
    assert_eq!(json["districts"]["moved"], 0);
    assert_eq!(json["config_changes"].as_array().unwrap().len(), 0);
}

#[test]
fn compare_needs_a_second_side() {
    Test::new().args(["-q", "compare"]).code(2).stderr_has("--against").run();
    let work = Workdir::new();
    let missing = work.join("nothing-here");
    Test::new()
        .args(["-q", "compare", "--baseline", missing.to_str().unwrap()])
        .code(74)
        .stderr_has("projects.parquet")
        .run();
}

/// What moved when only weights change: the dimension scores stay, their
/// weighted contributions do. Hand-computed from the default's weights
/// (dimensions 30/30/20/20, a district's quality at 70 %) against technology
/// at 40 (so 40/120 of the total).
#[test]
fn a_weight_change_moves_the_weighted_contributions() {
    let work = Workdir::new();
    let other = work.config("other.toml", "[dimensions.tech]\nweight = 40\n");
    let json = compare(&work, &["--against", other.to_str().unwrap()]);
    let (before, after) = ([0.3, 0.3, 0.2, 0.2], [0.25, 0.25, 1.0 / 3.0, 1.0 / 6.0]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for (shifts, scale) in [(&json["district_shifts"], 0.7), (&json["project_shifts"], 1.0)] {
        let shifts = shifts.as_array().unwrap();
        assert!(!shifts.is_empty());
        for s in shifts {
            for d in 0..4 {
                let score = &s["dimensions"][d];
                assert!(close(score[0].as_f64().unwrap(), score[1].as_f64().unwrap()), "scores stay: {s}");
                let part = &s["contributions"][d];
                assert!(close(part[0].as_f64().unwrap(), scale * before[d] * score[0].as_f64().unwrap()), "{s}");
                assert!(close(part[1].as_f64().unwrap(), scale * after[d] * score[1].as_f64().unwrap()), "{s}");
            }
            // Technology gained weight: a district or project with any
            // technology score gained points there.
            let tech = &s["contributions"][2];
            if s["dimensions"][2][0].as_f64().unwrap() > 0.0 {
                assert!(tech[1].as_f64().unwrap() > tech[0].as_f64().unwrap(), "{s}");
            }
        }
    }
    // The text view says so in points, per dimension.
    Test::new()
        .args(["-q", "compare", "--against"])
        .arg(&other)
        .stdout_has("产业关联度")
        .stdout_has("各维度列为该维度加权贡献的变化（分）")
        .stdout_lacks("tech")
        .run();
}
