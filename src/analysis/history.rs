//! `chainscore history`: every period folder of an output folder side by side.
//!
//! A bureau in its third year reads its assessments as a series: which
//! district keeps falling, which project has sat in the bottom tier for three
//! years running (Shandong escalates measures by exactly that count). Each
//! period folder already holds what is needed — `districts.parquet`,
//! `projects.parquet`, `run.json` — so history reads them as written, never
//! scores again: a period scored with another config is shown as it was, and
//! marked (its config's SHA-256 differs from the latest one's), not refused.
//!
//! Streaks follow spec 3.10: the lowest tier is the last configured tier
//! (districts' after the gate's cap, as their sidecar holds it); a run counts
//! adjacent periods of the same kind as the latest period (2021Q4 → 2022Q1 is
//! adjacent; 2022 and 2022Q4 never chain), ending with the latest; a missing
//! folder, or a period where the project was absent, exempt or out of scope,
//! ends it. `[tracking] streak_labels` names what each length means.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, InputPlace, Result};
use crate::i18n::Msg;
use crate::period::Period;

/// One period folder as read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodLine {
    /// The period.
    pub period: String,
    /// Its folder.
    pub folder: String,
    /// Its config's SHA-256 digests differ from the latest period's.
    pub other_config: bool,
    #[serde(skip)]
    pub value: Period,
}

/// A district's figures in one period.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DistrictPoint {
    pub rank: Option<u32>,
    pub tier: Option<String>,
    pub total: Option<f64>,
    pub completion: Option<f64>,
}

/// A run in the lowest tier that reaches the latest period.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Streak {
    /// "district" or "project".
    pub kind: &'static str,
    /// District key or project id.
    pub key: String,
    /// The project's name (projects only).
    pub name: Option<String>,
    /// The district (key) the project belongs to, or the district itself.
    pub district: String,
    /// Consecutive periods, the latest included.
    pub periods: usize,
    /// `[tracking] streak_labels` for that length.
    pub label: Option<String>,
}

/// Every period side by side.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct History {
    /// The periods, oldest first.
    pub periods: Vec<PeriodLine>,
    /// Per district (key, in the latest period's rank order, then the others)
    /// its figures per period (None: not in that period).
    pub districts: Vec<(String, Vec<Option<DistrictPoint>>)>,
    /// Per project (id): district, name and its tier per period.
    #[serde(skip)]
    pub projects: Vec<(String, String, String, Vec<Option<String>>)>,
    /// Runs in the lowest tier reaching the latest period, longest first.
    pub streaks: Vec<Streak>,
}

/// The period folders of an output folder: canonical names (the engine's own)
/// holding both sidecars.
fn period_folders(out: &Path) -> Result<Vec<(Period, PathBuf)>> {
    let entries = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, crate::i18n::L::IoCannotRead, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|path| path.join("projects.parquet").is_file() && path.join("districts.parquet").is_file())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            let period = name.parse::<Period>().ok()?;
            (period.to_string() == name).then_some((period, path))
        });
    let mut folders: Vec<(Period, PathBuf)> = entries.collect();
    // By end month; at one end month a year before its quarter before its month.
    let rank = |p: &Period| match p {
        Period::Year(_) => 0,
        Period::Quarter(..) => 1,
        Period::Month(..) => 2,
    };
    folders.sort_by_key(|(p, _)| (p.end_month(), rank(p)));
    Ok(folders)
}

fn read_parquet(path: &Path) -> Result<DataFrame> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, crate::i18n::L::IoCannotReadBaseline, e))?;
    ParquetReader::new(file).finish().map_err(|e| {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        Error::unreadable(InputPlace::file(path), Msg::NotASidecar { name }, e)
    })
}

/// The config digests a period's run.json records, in order.
fn config_digests(dir: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("run.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json["config"].as_array()?.iter().filter_map(|c| c["sha256"].as_str().map(str::to_string)).collect())
}

fn texts(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(match frame.column(name) {
        Ok(column) => column.cast(&DataType::String)?.str()?.iter().map(|v| v.map(str::to_string)).collect(),
        Err(_) => vec![None; frame.height()],
    })
}

fn numbers(frame: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    Ok(match frame.column(name) {
        Ok(column) => column.cast(&DataType::Float64)?.f64()?.iter().collect(),
        Err(_) => vec![None; frame.height()],
    })
}

/// Whether `later` follows `earlier` directly (same kind, one step on).
fn adjacent(earlier: Period, later: Period) -> bool {
    let step = match (earlier, later) {
        (Period::Year(_), Period::Year(_)) => 12,
        (Period::Quarter(..), Period::Quarter(..)) => 3,
        (Period::Month(..), Period::Month(..)) => 1,
        _ => return false,
    };
    later.end_month() - earlier.end_month() == step
}

/// The label of a run of `n` periods: its own key's, else the largest key's
/// when the run is longer than every key.
fn label_of(config: &Config, n: usize) -> Option<String> {
    let labels: BTreeMap<usize, &String> =
        config.tracking.streak_labels.iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
    labels.get(&n).map(|l| l.to_string()).or_else(|| {
        let (&largest, label) = labels.iter().next_back()?;
        (n > largest).then(|| label.to_string())
    })
}

/// Reads every period folder of `out`.
pub(crate) fn history(out: &Path, config: &Config) -> Result<History> {
    let folders = period_folders(out)?;
    let latest_digests = folders.last().and_then(|(_, dir)| config_digests(dir));
    let mut periods = Vec::new();
    // Per period: district key → point; project id → (district, name, tier).
    let mut district_points: Vec<BTreeMap<String, DistrictPoint>> = Vec::new();
    // Per period: project id → (district, name, tier).
    type Tiers = BTreeMap<String, (String, String, Option<String>)>;
    let mut project_tiers: Vec<Tiers> = Vec::new();
    let mut latest_order: Vec<String> = Vec::new();
    for (period, dir) in &folders {
        let districts = read_parquet(&dir.join("districts.parquet"))?;
        let projects = read_parquet(&dir.join("projects.parquet"))?;
        let keys = texts(&districts, "district")?;
        let (ranks, tiers) = (numbers(&districts, "rank")?, texts(&districts, "tier")?);
        let (totals, completion) = (numbers(&districts, "total")?, numbers(&districts, "completion")?);
        let mut points = BTreeMap::new();
        latest_order.clear();
        for i in 0..districts.height() {
            let Some(key) = keys[i].clone() else {
                continue;
            };
            latest_order.push(key.clone());
            points.insert(
                key,
                DistrictPoint {
                    rank: ranks[i].map(|r| r as u32),
                    tier: tiers[i].clone(),
                    total: totals[i],
                    completion: completion[i],
                },
            );
        }
        district_points.push(points);
        let (ids, names) = (texts(&projects, "project_id")?, texts(&projects, "project_name")?);
        let (project_districts, project_tiers_now) = (texts(&projects, "district")?, texts(&projects, "tier")?);
        let mut tiers_now = BTreeMap::new();
        for i in 0..projects.height() {
            if let Some(id) = ids[i].clone() {
                let entry = (
                    project_districts[i].clone().unwrap_or_default(),
                    names[i].clone().unwrap_or_default(),
                    project_tiers_now[i].clone(),
                );
                tiers_now.insert(id, entry);
            }
        }
        project_tiers.push(tiers_now);
        let other_config = match (&latest_digests, config_digests(dir)) {
            (Some(latest), Some(own)) => latest != &own,
            _ => false,
        };
        periods.push(PeriodLine {
            period: period.to_string(),
            folder: dir.display().to_string(),
            other_config,
            value: *period,
        });
    }
    // Districts: the latest period's rank order, then any seen only earlier.
    let mut order = latest_order;
    for points in &district_points {
        for key in points.keys() {
            if !order.contains(key) {
                order.push(key.clone());
            }
        }
    }
    let districts: Vec<(String, Vec<Option<DistrictPoint>>)> = order
        .iter()
        .map(|key| (key.clone(), district_points.iter().map(|points| points.get(key).cloned()).collect()))
        .collect();
    let mut ids: Vec<&String> = project_tiers.iter().flat_map(|p| p.keys()).collect();
    ids.sort();
    ids.dedup();
    let projects: Vec<(String, String, String, Vec<Option<String>>)> = ids
        .into_iter()
        .map(|id| {
            let last = project_tiers.iter().rev().find_map(|p| p.get(id)).cloned().unwrap_or_default();
            let tiers = project_tiers.iter().map(|p| p.get(id).and_then(|(_, _, t)| t.clone())).collect();
            (id.clone(), last.0, last.1, tiers)
        })
        .collect();
    let streaks = streaks(&periods, &districts, &projects, config);
    Ok(History { periods, districts, projects, streaks })
}

/// Runs in the lowest tier that reach the latest period.
fn streaks(
    periods: &[PeriodLine],
    districts: &[(String, Vec<Option<DistrictPoint>>)],
    projects: &[(String, String, String, Vec<Option<String>>)],
    config: &Config,
) -> Vec<Streak> {
    let Some(latest) = periods.len().checked_sub(1) else {
        return Vec::new();
    };
    // The chain of adjacent periods of the latest's kind ending with it.
    let mut chain = vec![latest];
    for i in (0..latest).rev() {
        let next = *chain.last().expect("the chain starts with the latest");
        if periods[i].value.end_month() >= periods[next].value.end_month() {
            continue;
        }
        if std::mem::discriminant(&periods[i].value) != std::mem::discriminant(&periods[next].value) {
            continue;
        }
        if !adjacent(periods[i].value, periods[next].value) {
            break;
        }
        chain.push(i);
    }
    let lowest = |tiers: &crate::config::Tiers| tiers.levels.last().map(|l| l.name.clone());
    let district_lowest = lowest(&config.district.tiers);
    let project_lowest = lowest(&config.tiers);
    let run = |tier_at: &dyn Fn(usize) -> Option<String>, wanted: &Option<String>| -> usize {
        chain.iter().take_while(|&&p| wanted.is_some() && tier_at(p) == *wanted).count()
    };
    let mut out = Vec::new();
    for (key, points) in districts {
        let n = run(&|p| points[p].as_ref().and_then(|x| x.tier.clone()), &district_lowest);
        if n > 0 {
            out.push(Streak {
                kind: "district",
                key: key.clone(),
                name: None,
                district: key.clone(),
                periods: n,
                label: label_of(config, n),
            });
        }
    }
    for (id, district, name, tiers) in projects {
        let n = run(&|p| tiers[p].clone(), &project_lowest);
        if n > 0 {
            out.push(Streak {
                kind: "project",
                key: id.clone(),
                name: Some(name.clone()),
                district: district.clone(),
                periods: n,
                label: label_of(config, n),
            });
        }
    }
    out.sort_by(|a, b| b.periods.cmp(&a.periods).then(a.kind.cmp(b.kind)).then(a.key.cmp(&b.key)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_periods_are_one_step_of_the_same_kind() {
        let p = |t: &str| t.parse::<Period>().unwrap();
        assert!(adjacent(p("2021Q4"), p("2022Q1")));
        assert!(adjacent(p("2021"), p("2022")));
        assert!(adjacent(p("2022-11"), p("2022-12")));
        assert!(!adjacent(p("2022Q2"), p("2022Q4")));
        assert!(!adjacent(p("2022"), p("2022Q4")));
    }

    #[test]
    fn a_run_longer_than_every_key_takes_the_largest_key_s_label() {
        let config = Config::builtin_default();
        assert_eq!(label_of(&config, 1).as_deref(), Some("关注"));
        assert_eq!(label_of(&config, 3).as_deref(), Some("限制"));
        assert_eq!(label_of(&config, 5).as_deref(), Some("限制"));
        assert_eq!(label_of(&config, 0), None);
    }
}
