//! `chainscore sensitivity` end to end on the sample: spread 0 reproduces the
//! run exactly, the same seed gives the same bytes at any thread count, and an
//! indicator without weight moves nothing when left out.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::support::{Test, Workdir, numbers, read_parquet, strings};

fn sensitivity(work: &Workdir, extra: &[&str]) -> Json {
    let out = work.join("out");
    let mut args = vec!["-q", "sensitivity", "--format", "json", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    Test::new().args(args).run().json()
}

#[test]
fn spread_zero_gives_the_nominal_rank_and_certain_tiers() {
    let work = Workdir::new();
    let json = sensitivity(&work, &["--spread", "0", "--draws", "20", "--sobol-samples", "8"]);
    // The run's own ranks, from its sidecars.
    let out = work.join("score");
    Test::new().args(["-q", "score", "--out", out.to_str().unwrap()]).run();
    for (kind, key, file) in
        [("projects", "project_id", "projects.parquet"), ("districts", "district", "districts.parquet")]
    {
        let frame = read_parquet(&crate::support::period_dir(&out).join(file));
        let ranks: HashMap<String, (f64, String)> = strings(&frame, key)
            .into_iter()
            .zip(numbers(&frame, "rank"))
            .zip(strings(&frame, "tier"))
            .filter_map(|((k, r), t)| Some((k?, (r?, t?))))
            .collect();
        let entries = json[kind].as_array().unwrap();
        assert_eq!(entries.len(), ranks.len(), "every scored {kind} has an interval");
        for entry in entries {
            let (rank, tier) = &ranks[entry["key"].as_str().unwrap()];
            assert_eq!(entry["nominal_rank"].as_f64().unwrap(), *rank, "{entry}");
            assert_eq!(entry["nominal_tier"].as_str().unwrap(), tier, "{entry}");
            for q in ["median", "p5", "p95"] {
                assert_eq!(entry[q].as_f64().unwrap(), *rank, "{q} of {entry}");
            }
            assert_eq!(entry["mean_abs_shift"].as_f64().unwrap(), 0.0);
            let probabilities: Vec<f64> =
                entry["tier_probability"].as_array().unwrap().iter().map(|p| p.as_f64().unwrap()).collect();
            assert!(probabilities.iter().all(|&p| p == 0.0 || p == 1.0), "{entry}");
            assert_eq!(probabilities.iter().sum::<f64>(), 1.0);
            assert_eq!(entry["borderline"], false);
        }
    }
    for dimension in json["sobol"].as_array().unwrap() {
        assert_eq!(dimension["first"].as_f64().unwrap(), 0.0, "{dimension}");
        assert_eq!(dimension["total"].as_f64().unwrap(), 0.0, "{dimension}");
    }
}

#[test]
fn the_same_seed_gives_the_same_workbook_whatever_the_thread_count() {
    let work = Workdir::new();
    let run = |name: &str, threads: &str, seed: &str| {
        let out = work.join(name);
        Test::new()
            .env("RAYON_NUM_THREADS", threads)
            .args(["-q", "sensitivity", "--draws", "300", "--seed", seed, "--sobol-samples", "64"])
            .args(["--out", out.to_str().unwrap()])
            .run();
        std::fs::read(out.join("sensitivity-2022Q4.xlsx")).unwrap()
    };
    let one = run("one", "1", "7");
    assert_eq!(one, run("two", "2", "7"), "same seed, other thread count");
    assert_eq!(one, run("again", "3", "7"));
    assert_ne!(one, run("other", "2", "8"), "another seed draws other weights");
}

#[test]
fn leaving_out_an_indicator_without_weight_moves_nothing() {
    let work = Workdir::new();
    let config = work.config("zero.toml", "[indicators.link]\nweight = 0\n");
    let out = work.join("out");
    let json = Test::new()
        .args(["-q", "--config", config.to_str().unwrap(), "sensitivity", "--format", "json", "--draws", "50"])
        .args(["--sobol-samples", "8", "--out", out.to_str().unwrap()])
        .run()
        .json();
    let rows = json["leave_one_out"].as_array().unwrap();
    let link = rows.iter().find(|r| r["indicator"] == "link").unwrap();
    for key in [
        "districts_moved",
        "district_max_shift",
        "district_tier_changes",
        "projects_moved",
        "project_max_shift",
        "project_tier_changes",
    ] {
        assert_eq!(link[key].as_u64().unwrap(), 0, "{key}: {link}");
    }
    // An indicator with weight does move projects, so the check above can fail.
    let fai = rows.iter().find(|r| r["indicator"] == "fai_per_mu").unwrap();
    assert!(fai["projects_moved"].as_u64().unwrap() > 0, "{fai}");
}

#[test]
fn intervals_hold_the_nominal_rank_between_their_ends_and_probabilities_sum_to_one() {
    let work = Workdir::new();
    for sampling in ["uniform", "dirichlet"] {
        let json = sensitivity(&work, &["--draws", "200", "--sampling", sampling, "--sobol-samples", "16"]);
        for entry in json["projects"].as_array().unwrap().iter().chain(json["districts"].as_array().unwrap()) {
            let (p5, median, p95) =
                (entry["p5"].as_f64().unwrap(), entry["median"].as_f64().unwrap(), entry["p95"].as_f64().unwrap());
            assert!(p5 <= median && median <= p95, "{entry}");
            let sum: f64 = entry["tier_probability"].as_array().unwrap().iter().map(|p| p.as_f64().unwrap()).sum();
            assert!((sum - 1.0).abs() < 1e-9, "{entry}");
        }
    }
}

#[test]
fn a_spread_of_one_or_more_is_a_usage_error() {
    Test::new().args(["-q", "sensitivity", "--spread", "1.5"]).code(2).stderr_has("--spread").run();
}

#[test]
fn varying_the_aggregation_moves_projects_even_at_spread_zero() {
    let work = Workdir::new();
    let json = sensitivity(&work, &["--spread", "0", "--vary-aggregation", "--draws", "40", "--sobol-samples", "4"]);
    let moved = json["projects"].as_array().unwrap().iter().filter(|p| p["p5"] != p["p95"]).count();
    assert!(moved > 0, "geometric aggregation reorders some projects");
    assert_eq!(json["settings"]["vary_aggregation"], true);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let work = Workdir::new();
    let out = work.join("out");
    let outcome = Test::new().args(["sensitivity", "--draws", "500", "--sobol-samples", "4", "--out"]).arg(&out).run();
    // Only the log sentences: a cron log or a pipe gets no bar.
    assert!(!outcome.stderr.contains('░') && !outcome.stderr.contains("/500"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("已完成 500 次抽样（234 个项目、"), "{}", outcome.stderr);
}

#[test]
fn an_alternative_method_moves_ranks_and_the_configured_method_as_alternative_moves_nothing() {
    let work = Workdir::new();
    let json = sensitivity(
        &work,
        &["--spread", "0", "--alternative", "fai_per_mu=minmax", "--draws", "60", "--sobol-samples", "4"],
    );
    let moved = json["projects"].as_array().unwrap().iter().filter(|p| p["p5"] != p["p95"]).count();
    assert!(moved > 0, "min-max instead of goalposts reorders some projects");
    // An indicator scored by z-score, with z-score as its alternative: the
    // alternative column equals the configured one, so nothing moves.
    let config = work.config("z.toml", "[indicators.tax_per_mu]\nmethod = \"zscore\"\n");
    let out = work.join("z-out");
    let json = Test::new()
        .args(["-q", "--config", config.to_str().unwrap(), "sensitivity", "--format", "json", "--spread", "0"])
        .args(["--alternative", "tax_per_mu=zscore", "--draws", "30", "--sobol-samples", "4", "--out"])
        .arg(&out)
        .run()
        .json();
    assert!(json["projects"].as_array().unwrap().iter().all(|p| p["p5"] == p["p95"] && p["mean_abs_shift"] == 0.0));
    Test::new()
        .args(["-q", "sensitivity", "--alternative", "link=minmax"])
        .code(2)
        .stderr_has("--alternative：“建补延强环节”是分类计分指标，取值不是数字")
        .run();
}

#[test]
fn rows_skipped_with_an_error_are_announced_not_silently_left_out() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new()
        .args(["-q", "sensitivity", "--projects", "fixtures/broken/unknown-district.xlsx", "--draws", "20"])
        .args(["--sobol-samples", "4", "--out"])
        .arg(&out)
        .stderr_has("警告：有 1 行输入数据因错误被跳过，未纳入本次分析。运行 chainscore validate")
        .run();
}
