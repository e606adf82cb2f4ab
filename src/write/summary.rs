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
    /// Gated.
    pub gated: Option<bool>,
    /// Rank change since the baseline run (positive: up), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_change: Option<i64>,
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

/// The summary.
#[derive(Debug, Serialize)]
pub struct RunSummary {
    /// Engine name and version.
    pub engine: String,
    /// Engine version.
    pub version: String,
    /// Start of the run, UTC, RFC 3339.
    pub started_at: String,
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
    /// Files written, relative to the output folder.
    pub outputs: Vec<String>,
}

/// The current time as RFC 3339 UTC.
pub(crate) fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    chrono::DateTime::from_timestamp(now.as_secs() as i64, now.subsec_nanos())
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Builds the summary of a run.
pub(crate) fn summarise(
    scored: &Scored,
    config: &Config,
    started_at: String,
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
    let rank_change: Vec<Option<i64>> = match districts.column("rank_change") {
        Ok(column) => column.cast(&DataType::Int64)?.i64()?.iter().collect(),
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
                rank_change: rank_change[i],
            }
        })
        .collect();
    let exempt = scored.projects.column("_exempt")?.bool()?.sum().unwrap_or(0) as usize;
    Ok(RunSummary {
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

/// Writes `run.json` atomically.
pub(crate) fn write_summary(summary: &RunSummary, path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(summary)?;
    super::output::write_bytes(path, format!("{text}\n").as_bytes())
}
