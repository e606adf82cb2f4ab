//! Invariants of the method, checked with proptest on the pure scoring stages
//! (normalise → aggregate → rank → districts) over generated indicator frames.

use std::collections::BTreeMap;
use std::path::Path;

use chainscore::aggregate::Weights;
use chainscore::columns::{adjustment_column, dimension_column, raw_column, score_column};
use chainscore::config::{Config, DEFAULT_CONFIG_TEXT, Method};
use chainscore::frames::ProjectFrame;
use chainscore::normalise::normalise;
use chainscore::pipeline::rescore;
use polars::prelude::*;
use proptest::prelude::*;

/// One generated project: its identity and a raw value per indicator.
#[derive(Debug, Clone)]
struct Project {
    district: &'static str,
    chain: &'static str,
    investment: f64,
    capital: f64,
    numbers: Vec<Option<f64>>,
    words: Vec<Option<&'static str>>,
    flags: Vec<Option<bool>>,
    adjust: Vec<bool>,
}

const DISTRICTS: [&str; 3] = ["wuhua", "panlong", "guandu"];
const CHAINS: [&str; 3] = ["new_materials", "biomedicine", "chemicals"];
const WORDS: [&str; 6] = ["key", "build", "global500", "listed", "true", "unknown-word"];

fn project() -> impl Strategy<Value = Project> {
    (
        prop::sample::select(&DISTRICTS[..]),
        prop::sample::select(&CHAINS[..]),
        1.0f64..1_000_000.0,
        0.0f64..100_000.0,
        prop::collection::vec(prop::option::weighted(0.85, 0.0f64..2000.0), 13),
        prop::collection::vec(prop::option::weighted(0.85, prop::sample::select(&WORDS[..])), 13),
        prop::collection::vec(prop::option::weighted(0.85, any::<bool>()), 13),
        prop::collection::vec(any::<bool>(), 2),
    )
        .prop_map(|(district, chain, investment, capital, numbers, words, flags, adjust)| Project {
            district,
            chain,
            investment,
            capital,
            numbers,
            words,
            flags,
            adjust,
        })
}

fn projects() -> impl Strategy<Value = Vec<Project>> {
    prop::collection::vec(project(), 2..9)
}

/// The indicator frame of generated projects, ids P0, P1, … in generation order.
fn frame(projects: &[Project], config: &Config) -> DataFrame {
    let mut frame = ProjectFrame::new();
    for (i, p) in projects.iter().enumerate() {
        frame = frame.project(&format!("P{i}"), p.district, p.chain, p.investment);
    }
    frame = frame.capital(&projects.iter().map(|p| p.capital).collect::<Vec<_>>());
    for (k, indicator) in config.indicators.iter().enumerate() {
        let name = raw_column(&indicator.key);
        frame = match indicator.method {
            Method::Category { .. } => frame.words(&name, &projects.iter().map(|p| p.words[k]).collect::<Vec<_>>()),
            Method::Boolean => frame.flags(&name, &projects.iter().map(|p| p.flags[k]).collect::<Vec<_>>()),
            _ => frame.numbers(&name, &projects.iter().map(|p| p.numbers[k]).collect::<Vec<_>>()),
        };
    }
    for (a, adjustment) in config.adjustments.iter().enumerate() {
        let values: Vec<Option<bool>> = projects.iter().map(|p| Some(p.adjust[a])).collect();
        frame = frame.flags(&adjustment_column(&adjustment.key), &values);
    }
    frame.build()
}

fn targets() -> DataFrame {
    df! { "district" => ["wuhua", "panlong"], "target" => [50_000.0, 80_000.0] }.unwrap()
}

/// Scores generated projects; returns the ranked projects and districts.
fn run(projects: &[Project], config: &Config, weights: &Weights) -> (DataFrame, DataFrame) {
    let (normalised, _) = normalise(frame(projects, config), config).unwrap();
    let (projects, districts, _) = rescore(normalised, &targets(), config, "2022Q4".parse().unwrap(), weights).unwrap();
    (projects, districts)
}

/// project id → (total, rank, district rank, tier).
fn by_id(projects: &DataFrame) -> BTreeMap<String, (f64, u32, u32, String)> {
    let ids = projects.column("project_id").unwrap().str().unwrap().clone();
    let totals = projects.column("total").unwrap().f64().unwrap().clone();
    let ranks = projects.column("rank").unwrap().u32().unwrap().clone();
    let district_ranks = projects.column("district_rank").unwrap().u32().unwrap().clone();
    let tiers = projects.column("tier").unwrap().str().unwrap().clone();
    (0..projects.height())
        .map(|i| {
            (
                ids.get(i).unwrap().to_string(),
                (
                    totals.get(i).unwrap(),
                    ranks.get(i).unwrap(),
                    district_ranks.get(i).unwrap(),
                    tiers.get(i).unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn district_totals(districts: &DataFrame) -> BTreeMap<String, (f64, u32, String)> {
    let keys = districts.column("district").unwrap().str().unwrap().clone();
    let totals = districts.column("total").unwrap().f64().unwrap().clone();
    let ranks = districts.column("rank").unwrap().u32().unwrap().clone();
    let tiers = districts.column("tier").unwrap().str().unwrap().clone();
    (0..districts.height())
        .map(|i| {
            (
                keys.get(i).unwrap().to_string(),
                (totals.get(i).unwrap(), ranks.get(i).unwrap(), tiers.get(i).unwrap().to_string()),
            )
        })
        .collect()
}

fn default_config() -> Config {
    Config::from_text(DEFAULT_CONFIG_TEXT, Path::new("config/default.toml")).unwrap()
}

/// The default config with population-relative methods on five indicators, chain
/// scope on one, and two adjustments.
fn relative_config() -> Config {
    let text = DEFAULT_CONFIG_TEXT
        .replacen("method = \"goalpost\"\nlo = 100\nhi = 500", "method = \"minmax\"\nscope = \"chain\"", 1)
        .replacen("method = \"goalpost\"\nlo = 10\nhi = 100", "method = \"zscore\"", 1)
        .replacen("method = \"goalpost\"\nlo = 200\nhi = 1500", "method = \"percentile\"", 1)
        .replacen(
            "method = \"goalpost\"\nlo = 0\nhi = 0.05",
            "method = \"ratio\"\nbenchmark = { mean_times = 1.2 }\ncap = 1.5",
            1,
        )
        .replacen("method = \"goalpost\"\nlo = 0.5\nhi = 3", "method = \"efficacy\"\nfloor = 60", 1);
    let text = format!(
        "{text}\n[[adjustments]]\nkey = \"bonus\"\nlevel = \"project\"\nwhen = \"total_investment > 0\"\npoints = 40\n\n[[adjustments]]\nkey = \"penalty\"\nlevel = \"district\"\nwhen = \"total_investment > 0\"\npoints = -30\ncap = 45\n"
    );
    Config::from_text(&text, Path::new("relative.toml")).unwrap()
}

/// The default config with every weight multiplied by `factor`.
fn scaled_config(factor: f64) -> Config {
    let text: String = DEFAULT_CONFIG_TEXT
        .lines()
        .map(|line| match line.strip_prefix("weight = ").and_then(|w| w.parse::<f64>().ok()) {
            Some(w) => format!("weight = {}", w * factor),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    Config::from_text(&text, Path::new("scaled.toml")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_input_rows_changes_no_score_or_rank(projects in projects(), seed in any::<u64>()) {
        for config in [default_config(), relative_config()] {
            let weights = Weights::from_config(&config);
            let (a, da) = run(&projects, &config, &weights);
            // The same projects (same ids) in another order.
            let mut order: Vec<usize> = (0..projects.len()).collect();
            let mut state = seed;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            let shuffled_frame = frame(&projects, &config).take(&IdxCa::from_vec("i".into(), order.iter().map(|&i| i as IdxSize).collect())).unwrap();
            let (normalised, _) = normalise(shuffled_frame, &config).unwrap();
            let (b, db, _) = rescore(normalised, &targets(), &config, "2022Q4".parse().unwrap(), &weights).unwrap();
            let (a, b) = (by_id(&a), by_id(&b));
            for (id, left) in &a {
                let right = &b[id];
                prop_assert!((left.0 - right.0).abs() < 1e-9, "{id}: {left:?} vs {right:?}");
                prop_assert_eq!((left.1, left.2, &left.3), (right.1, right.2, &right.3));
            }
            let (da, db) = (district_totals(&da), district_totals(&db));
            prop_assert_eq!(da.keys().collect::<Vec<_>>(), db.keys().collect::<Vec<_>>());
            for (key, left) in &da {
                let right = &db[key];
                prop_assert!((left.0 - right.0).abs() < 1e-9);
                prop_assert_eq!((left.1, &left.2), (right.1, &right.2));
            }
        }
    }

    #[test]
    fn multiplying_the_weights_by_a_constant_changes_nothing(projects in projects(), factor in prop::sample::select(vec![0.001, 0.37, 3.0, 250.0])) {
        let base = default_config();
        let scaled = scaled_config(factor);
        let (a, da) = run(&projects, &base, &Weights::from_config(&base));
        let (b, db) = run(&projects, &scaled, &Weights::from_config(&scaled));
        let (a, b) = (by_id(&a), by_id(&b));
        for (id, left) in &a {
            let right = &b[id];
            prop_assert!((left.0 - right.0).abs() < 1e-9, "{id}: {left:?} vs {right:?}");
            prop_assert_eq!((left.1, &left.3), (right.1, &right.3));
        }
        for (key, left) in district_totals(&da) {
            prop_assert!((left.0 - district_totals(&db)[&key].0).abs() < 1e-9);
        }
    }

    #[test]
    fn raising_a_higher_is_better_value_never_lowers_that_total(
        projects in projects(),
        pick in any::<prop::sample::Index>(),
        indicator in any::<prop::sample::Index>(),
        raise in 0.001f64..5000.0,
    ) {
        for config in [default_config(), relative_config()] {
            let weights = Weights::from_config(&config);
            let numeric: Vec<usize> = (0..config.indicators.len()).filter(|&k| !matches!(config.indicators[k].method, Method::Category { .. } | Method::Boolean)).collect();
            let k = numeric[indicator.index(numeric.len())];
            let i = pick.index(projects.len());
            let Some(before_value) = projects[i].numbers[k] else { continue };
            let (before, _) = run(&projects, &config, &weights);
            let mut raised = projects.clone();
            raised[i].numbers[k] = Some(before_value + raise);
            let (after, _) = run(&raised, &config, &weights);
            let id = format!("P{i}");
            let (b, a) = (by_id(&before)[&id].0, by_id(&after)[&id].0);
            prop_assert!(a >= b - 1e-9, "raising {} of {id} from {before_value} by {raise} lowered its total {b} → {a}", config.indicators[k].key);
        }
    }

    #[test]
    fn every_score_and_total_lies_between_0_and_100(projects in projects()) {
        for config in [default_config(), relative_config()] {
            let (scored, districts) = run(&projects, &config, &Weights::from_config(&config));
            let mut columns: Vec<String> = config.indicators.iter().map(|i| score_column(&i.key)).collect();
            columns.extend(config.dimensions.iter().map(|d| dimension_column(&d.key)));
            columns.push("total".into());
            for name in &columns {
                for value in scored.column(name).unwrap().f64().unwrap().iter() {
                    let value = value.unwrap();
                    prop_assert!((0.0..=100.0).contains(&value), "{name} = {value}");
                }
            }
            for name in ["quality", "capital_score", "total"] {
                for value in districts.column(name).unwrap().f64().unwrap().iter() {
                    let value = value.unwrap();
                    prop_assert!((0.0..=100.0).contains(&value), "district {name} = {value}");
                }
            }
        }
    }
}
