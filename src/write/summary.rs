//! `run.json`: the run's summary for machines — engine, period, config and inputs
//! with their SHA-256, the accounting, issue counts, weights, the district ranking,
//! the files written, and the run's start time (which stays out of the workbook so
//! the workbook is byte-identical between runs).

use std::path::Path;

use polars::prelude::{DataFrame, DataType};
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::issues::{Accounting, IssueCounts};
use crate::pipeline::Scored;

/// One input file in the summary.
#[derive(Debug, Serialize)]
pub struct InputSummary {
    /// Path.
    pub file: String,
    /// Kind.
    pub kind: crate::columns::InputKind,
    /// Sheet read.
    pub sheet: Option<String>,
    /// SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Header row.
    pub header_row: u32,
    /// Where its rows went.
    pub accounting: Accounting,
}

/// A config file in the summary.
#[derive(Debug, Serialize)]
pub struct ConfigSummary {
    /// Path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
}

/// One district in the summary.
#[derive(Debug, Serialize)]
pub struct DistrictLine {
    /// Key.
    pub district: String,
    /// Display name.
    pub name: String,
    /// Rank.
    pub rank: Option<u32>,
    /// Tier.
    pub tier: Option<String>,
    /// Total.
    pub total: Option<f64>,
    /// Below the gate's minimum completion.
    pub gated: Option<bool>,
    /// The gate lowered its tier (it would be better without the gate).
    pub capped: Option<bool>,
    /// Rank change since the baseline run (positive: up), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_change: Option<i64>,
    /// Tier in the baseline run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_before: Option<String>,
    /// Projected year-end capital completion (quarter and month runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected_completion: Option<f64>,
    /// How it was projected: "seasonal" (last year's shape), "pace" (this
    /// year's), or "blend" (between them, as last year's share nears a tenth).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<String>,
    /// Projected below the gate's minimum completion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<bool>,
    /// No target to project against (quarter and month runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_target: Option<bool>,
    /// Total change since the baseline run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_change: Option<f64>,
}

/// What changed since the baseline run.
#[derive(Debug, Serialize)]
pub struct BaselineSummary {
    /// The baseline's folder.
    pub folder: String,
    /// Why the comparison may mislead, if it may.
    pub warnings: Vec<MessageJson>,
    /// Projects ranked in both runs.
    pub projects_compared: usize,
    /// Of those, ranked higher now.
    pub projects_up: usize,
    /// Ranked lower now.
    pub projects_down: usize,
    /// In another tier now.
    pub project_tier_changes: usize,
    /// Districts in another tier now.
    pub district_tier_changes: usize,
}

/// One chain in the summary.
#[derive(Debug, Serialize)]
pub struct ChainLine {
    /// Key.
    pub chain: String,
    /// Projects scored.
    pub projects: u32,
    /// Total investment, 万元.
    pub total_investment: f64,
    /// Capital in place, 万元.
    pub capital_in_place: f64,
    /// Mean total.
    pub mean_score: Option<f64>,
    /// The best project's id.
    pub best_project_id: Option<String>,
}

/// A message in JSON: its code for machines, its sentence for people.
#[derive(Debug, Serialize)]
pub struct MessageJson {
    /// The stable code.
    pub code: String,
    /// The sentence, in the run's language.
    pub message: String,
}

impl MessageJson {
    /// A message as JSON writes it.
    pub(crate) fn of(message: &crate::i18n::Msg, cx: crate::i18n::Cx<'_>) -> Self {
        MessageJson { code: message.code().to_string(), message: message.render(cx) }
    }
}

/// The summary.
#[derive(Debug, Serialize)]
pub struct RunSummary {
    /// "ok": a run.json in a period folder is written only by a run that
    /// succeeded (`last-run.json` beside the folders also records failures).
    pub status: String,
    /// The process exit code.
    pub exit_code: i32,
    /// Engine name and version.
    pub engine: String,
    /// Engine version.
    pub version: String,
    /// Start of the run, UTC, RFC 3339.
    pub started_at: String,
    /// End of the run (when run.json was written), UTC, RFC 3339.
    pub finished_at: String,
    /// Wall time of each stage, seconds, each on its own thread (the workbook's
    /// and the sidecars' overlap).
    pub stages: Vec<(String, f64)>,
    /// Wall time of the run, seconds.
    pub duration_seconds: f64,
    /// Period scored.
    pub period: String,
    /// Last day of the period.
    pub period_end: String,
    /// Capital window.
    pub capital_window: crate::period::CapitalWindow,
    /// Project scope.
    pub scope: crate::config::ProjectScope,
    /// Config files, the one named first.
    pub config: Vec<ConfigSummary>,
    /// Input files.
    pub inputs: Vec<InputSummary>,
    /// Projects scored.
    pub projects_scored: usize,
    /// Projects exempt.
    pub projects_exempt: usize,
    /// Districts ranked.
    pub districts: usize,
    /// Issues by severity.
    pub issues: IssueCounts,
    /// Relative dimension weights.
    pub dimension_weights: Vec<(String, f64)>,
    /// Relative indicator weights within their dimension.
    pub indicator_weights: Vec<(String, f64)>,
    /// District ranking.
    pub ranking: Vec<DistrictLine>,
    /// Chains, in config order.
    pub chains: Vec<ChainLine>,
    /// The period's output folder, absolute (a cron job run from `/` and a
    /// person in the config's folder find the same files).
    pub output_folder: String,
    /// Files written, relative to the output folder.
    pub outputs: Vec<String>,
    /// Projects followed past signing (spec 3.10), when the registers carry
    /// stage dates or statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking: Option<crate::tracking::TrackingSummary>,
    /// Changes since the baseline run, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
}

/// The current time as RFC 3339 UTC.
pub(crate) fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    chrono::DateTime::from_timestamp(now.as_secs() as i64, now.subsec_nanos())
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Builds the summary of a run that began at `started_at` and has taken
/// `duration_seconds` so far (its stages overlap: the workbook is written
/// beside the sidecars).
pub(crate) fn summarise(
    scored: &Scored,
    config: &Config,
    (started_at, duration_seconds): (String, f64),
    outputs: Vec<String>,
) -> Result<RunSummary> {
    let config_files = config
        .source
        .digests()
        .map(|(p, sha256)| ConfigSummary { path: crate::files::clean_path(p).display().to_string(), sha256 })
        .collect();
    let inputs = scored
        .sources
        .iter()
        .zip(&scored.accounting)
        .map(|(s, a)| InputSummary {
            file: s.display(),
            kind: s.kind,
            sheet: s.sheet.clone(),
            sha256: s.sha256.clone(),
            bytes: s.bytes,
            header_row: s.header_row,
            accounting: a.clone(),
        })
        .collect();
    let districts = &scored.districts;
    let keys = districts.column("district")?.str()?;
    let ranks = districts.column("rank")?.u32()?;
    let tiers = districts.column("tier")?.str()?;
    let totals = districts.column("total")?.f64()?;
    let gated = districts.column("gated")?.bool()?;
    let capped: Vec<Option<bool>> = match districts.column("capped") {
        Ok(column) => column.bool()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let rank_change: Vec<Option<i64>> = match districts.column("rank_change") {
        Ok(column) => column.cast(&DataType::Int64)?.i64()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let tier_before: Vec<Option<String>> = match districts.column("tier_before") {
        Ok(column) => column.str()?.iter().map(|t| t.map(str::to_string)).collect(),
        Err(_) => vec![None; districts.height()],
    };
    let total_change: Vec<Option<f64>> = match districts.column("total_change") {
        Ok(column) => column.f64()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let projected: Vec<Option<f64>> = match districts.column("projected_completion") {
        Ok(column) => column.f64()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let projection: Vec<Option<String>> = match districts.column("projection") {
        Ok(column) => column.str()?.iter().map(|t| t.map(str::to_string)).collect(),
        Err(_) => vec![None; districts.height()],
    };
    let at_risk: Vec<Option<bool>> = match districts.column("at_risk") {
        Ok(column) => column.bool()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let no_target: Vec<Option<bool>> = match districts.column("no_target") {
        Ok(column) => column.bool()?.iter().collect(),
        Err(_) => vec![None; districts.height()],
    };
    let ranking = (0..districts.height())
        .map(|i| {
            let key = keys.get(i).unwrap_or_default().to_string();
            DistrictLine {
                name: config.district_display(&key),
                district: key,
                rank: ranks.get(i),
                tier: tiers.get(i).map(str::to_string),
                total: totals.get(i),
                gated: gated.get(i),
                capped: capped[i],
                rank_change: rank_change[i],
                tier_before: tier_before[i].clone(),
                total_change: total_change[i],
                projected_completion: projected[i],
                projection: projection[i].clone(),
                at_risk: at_risk[i],
                no_target: no_target[i],
            }
        })
        .collect();
    let exempt = scored.projects.column("_exempt")?.bool()?.sum().unwrap_or(0) as usize;
    let stages: Vec<(String, f64)> = scored.timings.0.iter().map(|(s, t)| (s.to_string(), *t)).collect();
    Ok(RunSummary {
        status: "ok".into(),
        exit_code: 0,
        duration_seconds,
        stages,
        finished_at: now_rfc3339(),
        baseline: None,
        engine: "chainscore".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        started_at,
        period: scored.period.to_string(),
        period_end: scored.period.end_date().to_string(),
        capital_window: config.capital_window,
        scope: config.scope,
        config: config_files,
        inputs,
        projects_scored: scored.projects.height() - exempt,
        projects_exempt: exempt,
        districts: districts.height(),
        issues: IssueCounts::of(&scored.issues),
        dimension_weights: config
            .dimensions
            .iter()
            .zip(&scored.weights.dimensions)
            .map(|(d, w)| (d.key.clone(), *w))
            .collect(),
        indicator_weights: config
            .indicators
            .iter()
            .zip(&scored.weights.indicators)
            .map(|(i, w)| (i.key.clone(), *w))
            .collect(),
        ranking,
        chains: chain_lines(&scored.chains)?,
        output_folder: String::new(),
        tracking: scored.tracking.as_ref().map(crate::tracking::Tracked::summary).transpose()?,
        outputs,
    })
}

fn chain_lines(chains: &DataFrame) -> Result<Vec<ChainLine>> {
    let keys = chains.column("chain")?.str()?;
    let projects = chains.column("projects")?.cast(&DataType::UInt32)?;
    let projects = projects.u32()?;
    let investment = chains.column("total_investment")?.f64()?;
    let capital = chains.column("capital_in_place")?.f64()?;
    let mean = chains.column("mean_score")?.f64()?;
    let best = chains.column("best_project_id")?.str()?;
    Ok((0..chains.height())
        .map(|i| ChainLine {
            chain: keys.get(i).unwrap_or_default().to_string(),
            projects: projects.get(i).unwrap_or(0),
            total_investment: investment.get(i).unwrap_or(0.0),
            capital_in_place: capital.get(i).unwrap_or(0.0),
            mean_score: mean.get(i),
            best_project_id: best.get(i).map(str::to_string),
        })
        .collect())
}

/// The baseline part of the summary, from the change columns the pipeline added.
pub(crate) fn baseline_summary(
    scored: &Scored,
    config: &Config,
    folder: &Path,
    warnings: Vec<crate::i18n::Msg>,
) -> Result<BaselineSummary> {
    let changes = |frame: &DataFrame| -> Result<(Vec<Option<i64>>, usize)> {
        let Ok(rank_change) = frame.column("rank_change") else { return Ok((Vec::new(), 0)) };
        let ranks: Vec<Option<i64>> = rank_change.cast(&DataType::Int64)?.i64()?.iter().collect();
        let tiers = frame.column("tier")?.str()?;
        let before = frame.column("tier_before")?.str()?;
        let tier_changes = tiers.iter().zip(before.iter()).filter(|(a, b)| b.is_some() && a != b).count();
        Ok((ranks, tier_changes))
    };
    let (projects, project_tier_changes) = changes(&scored.projects)?;
    let (_, district_tier_changes) = changes(&scored.districts)?;
    Ok(BaselineSummary {
        folder: folder.display().to_string(),
        warnings: warnings.iter().map(|w| MessageJson::of(w, config.cx())).collect(),
        projects_compared: projects.iter().flatten().count(),
        projects_up: projects.iter().flatten().filter(|c| **c > 0).count(),
        projects_down: projects.iter().flatten().filter(|c| **c < 0).count(),
        project_tier_changes,
        district_tier_changes,
    })
}

/// What `last-run.json` beside the period folders says of a run that failed.
#[derive(Debug, Serialize)]
pub struct FailedRun {
    /// "failed".
    pub status: String,
    /// The process exit code.
    pub exit_code: i32,
    /// The error sentence, in the run's language.
    pub error: String,
    /// Its stable code.
    pub code: String,
    /// The period asked for.
    pub period: String,
    /// Start of the run.
    pub started_at: String,
    /// When it failed.
    pub finished_at: String,
}

/// Writes any JSON document atomically.
pub(crate) fn write_json<T: Serialize>(value: &T, path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    super::output::write_bytes(path, format!("{text}\n").as_bytes())
}

/// Writes `run.json` atomically.
pub(crate) fn write_summary(summary: &RunSummary, path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(summary)?;
    super::output::write_bytes(path, format!("{text}\n").as_bytes())
}
