//! The scoring pipeline: validated inputs → indicator frame → each project's
//! fate → normalised scores → totals → ranks → districts and chains, with every
//! note located once and turned into an issue.
//!
//! A row's fate is decided once, in [`settle`], before anything is ranked: a
//! project that an indicator with `missing = "reject"` rejects is skipped, an
//! exempt one is exempt, and the capital rows of both count for nothing.
//! Validation decided the fate of every other row; nothing after this rewrites
//! the accounting.
//!
//! [`rescore`] is the cheap tail — aggregate, rank, roll up — on an already
//! normalised frame ([`Scored::normalised`]), for re-scoring with other weights
//! (the bench example times it; `compare` and `sensitivity` re-score many
//! times with the same definitions as plain arithmetic, `analysis::engine`).

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use crate::aggregate::{Weights, aggregate};
use crate::chain::chains;
use crate::columns::{BUILT_IN_COLUMNS, InputKind};
use crate::config::Config;
use crate::derive::{built_ins_schema, derive};
use crate::district::{districts, early_warning, early_warning_sums};
use crate::error::Result;
use crate::i18n::{L, Msg};
use crate::issues::{Accounting, Action, Issue, Note, Severity, Subject, sort_issues};
use crate::log::Timings;
use crate::normalise::{normalise, reject_missing};
use crate::period::Period;
use crate::rank::rank_projects;
use crate::read::SourceFile;
use crate::validate::Validated;

/// Everything a scoring run produced.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The period scored.
    pub period: Period,
    /// Every file read.
    pub sources: Vec<SourceFile>,
    /// Projects, ranked (exempt ones last, tier "T"), with internal column names:
    /// identity, built-ins, `raw:<key>`, `score:<key>`, `dim:<key>`, totals, ranks.
    pub projects: DataFrame,
    /// Districts, ranked; with a baseline, also `rank_change` (see
    /// [`compare_with_baseline`]).
    pub districts: DataFrame,
    /// Chains in config order (see [`crate::chain::chains`]).
    pub chains: DataFrame,
    /// The normalised frame's columns (indicator scores and all before them),
    /// in rank order and sharing the ranked frame's memory: [`rescore`] takes
    /// it to score again with other weights.
    pub normalised: DataFrame,
    /// Every issue, validation's and scoring's, in file and row order.
    pub issues: Vec<Issue>,
    /// Per file: where its rows went.
    pub accounting: Vec<Accounting>,
    /// The weights used.
    pub weights: Weights,
    /// Projects read but out of scope for the period: `project_id`, `signed_on`.
    pub out_of_scope: DataFrame,
    /// Wall time of each scoring stage.
    pub timings: Timings,
    /// Each project's stage and deadlines, and the cohorts' rates (spec 3.10),
    /// when the registers carry stage dates or statuses.
    pub tracking: Option<crate::tracking::Tracked>,
}

/// Checks the config's expressions against the columns the inputs have, with
/// their types: canonical, the registers' extra columns, and the built-ins.
pub(crate) fn check_columns(validated: &Validated, config: &Config) -> Result<()> {
    let frame = built_ins_schema(validated, config)?;
    let visible = InputKind::Projects
        .columns()
        .iter()
        .map(|c| c.name.to_string())
        .chain(validated.extra_columns.iter().cloned())
        .chain(BUILT_IN_COLUMNS.iter().map(|c| c.to_string()));
    let schema: Schema =
        visible.filter_map(|name| frame.get(&name).map(|dtype| (name.into(), dtype.clone()))).collect();
    config.check_expressions(&schema, false)
}

/// Aggregates, ranks and rolls up a normalised frame with the given weights;
/// returns the ranked projects, the districts and the stages' notes.
pub fn rescore(
    normalised: DataFrame,
    targets: &DataFrame,
    config: &Config,
    period: Period,
    weights: &Weights,
) -> Result<(DataFrame, DataFrame, Vec<Note>)> {
    let (aggregated, mut notes) = aggregate(normalised, config, weights)?;
    let projects = rank_projects(aggregated, &config.tiers)?;
    let (districts, district_notes) = districts(&projects, targets, config, period)?;
    notes.extend(district_notes);
    Ok((projects, districts, notes))
}

/// Scores validated inputs with a config.
pub fn score(validated: Validated, config: &Config) -> Result<Scored> {
    let mut timings = Timings::default();
    check_columns(&validated, config)?;
    let period = validated.period;
    let indicator_frame = timings.time("derive", || derive(&validated, config))?;
    let places = indicator_frame.select(["project_id", "_source", "_row"])?;
    let (kept, reject_notes) = reject_missing(indicator_frame, config)?;
    let exempt = exempt_ids(&kept)?;
    let accounting = timings.time("settle", || settle(&validated, &reject_notes, &exempt, &places))?;
    // The ledger's last use; it and the registers' frames go now (fields left
    // in a destructured struct would live to the end of the function).
    let early_sums = early_warning_sums(&validated.ledger, &validated.projects, &kept, period)?;
    let tracking = match crate::tracking::has_progress(&validated.projects) || validated.operations.height() > 0 {
        true => Some(timings.time("tracking", || {
            crate::tracking::track(
                &validated.projects,
                &validated.ledger,
                &validated.operations,
                &validated.sources,
                config,
                period,
            )
        })?),
        false => None,
    };
    let Validated { sources, targets, issues: validated_issues, out_of_scope, projects, ledger, .. } = validated;
    drop((projects, ledger));

    let (normalised, value_notes) = timings.time("normalise", || normalise(kept, config))?;
    let normalised_columns = normalised.get_column_names_owned();
    let weights = Weights::from_config(config);
    // The normalised frame is handed over, not kept: ranking gathers each of its
    // columns into rank order and lets the unsorted one go.
    let (projects, districts, tail_notes) =
        timings.time("aggregate", || rescore(normalised, &targets, config, period, &weights))?;
    let chains = timings.time("chains", || chains(&projects, config))?;
    // The districts frame gains the early warning for a quarter or month.
    let districts = match early_sums {
        Some(sums) => {
            let warning = early_warning(sums, &districts, &targets, config, period)?;
            crate::frames::left_join(districts.lazy(), warning.lazy(), &["district"]).collect()?
        }
        None => districts,
    };
    // For re-scoring: the same columns, in rank order (re-ranked, they keep it).
    let normalised = projects.select(normalised_columns)?;

    // Notes in the order the stages raised them; the sort below keeps that
    // order among notes on one row.
    let mut notes = reject_notes;
    notes.extend(value_notes);
    let (project_tail, district_tail): (Vec<Note>, Vec<Note>) =
        tail_notes.into_iter().partition(|n| matches!(n.subject, Subject::Project(_)));
    notes.extend(project_tail);
    notes.extend(exemption_notes(config, &exempt));
    notes.extend(district_tail);
    let mut issues = validated_issues;
    issues.extend(locate_notes(&notes, &places, &sources)?);
    let order: Vec<String> = sources
        .iter()
        .map(SourceFile::display)
        .chain([config.source.path().display().to_string(), String::new()])
        .collect();
    sort_issues(&mut issues, &order);
    Ok(Scored {
        period,
        sources,
        projects,
        districts,
        chains,
        normalised,
        issues,
        accounting,
        weights,
        out_of_scope,
        timings,
        tracking,
    })
}

/// The ids of the exempt projects, in frame order.
fn exempt_ids(frame: &DataFrame) -> Result<Vec<String>> {
    let exempt = frame.clone().lazy().filter(col("_exempt")).select([col("project_id")]).collect()?;
    Ok(exempt.column("project_id")?.str()?.iter().flatten().map(str::to_string).collect())
}

/// An info note for each exempt project, quoting the exemption.
fn exemption_notes(config: &Config, exempt: &[String]) -> Vec<Note> {
    let Some((text, _)) = &config.exempt else { return Vec::new() };
    exempt
        .iter()
        .map(|id| Note {
            subject: Subject::Project(id.clone()),
            severity: Severity::Info,
            message: crate::i18n::Msg::ProjectExempt { condition: text.clone() },
            action: Action::NotScored,
        })
        .collect()
}

/// Each row's fate beyond validation's: a rejected project (an error-level
/// `NotScored` note; several notes count it once) moves from used to skipped, an
/// exempt one to exempt, and the ledger rows of both to out of scope.
fn settle(
    validated: &Validated,
    rejections: &[Note],
    exempt: &[String],
    places: &DataFrame,
) -> Result<Vec<Accounting>> {
    let rejected: BTreeSet<&str> = rejections
        .iter()
        .filter(|n| n.action == Action::NotScored && n.severity == Severity::Error)
        .filter_map(Note::project_id)
        .collect();
    let wanted: Vec<String> = rejected.iter().map(|s| s.to_string()).chain(exempt.iter().cloned()).collect();
    let locations = locate(places, wanted.clone())?;
    let mut accounting = validated.accounting.clone();
    for id in &rejected {
        if let Some(&(source, _)) = locations.get(*id) {
            let a = &mut accounting[source as usize];
            a.used = a.used.saturating_sub(1);
            a.skipped += 1;
        }
    }
    for id in exempt {
        if let Some(&(source, _)) = locations.get(id) {
            let a = &mut accounting[source as usize];
            a.used = a.used.saturating_sub(1);
            a.exempt += 1;
        }
    }
    // Their ledger rows: the ledger names a project by its row of the
    // validated projects, which are the rows of `places`, in order.
    if !wanted.is_empty() && validated.ledger.height() > 0 {
        let wanted: std::collections::HashSet<&str> = wanted.iter().map(String::as_str).collect();
        let moved_rows: Vec<bool> =
            places.column("project_id")?.str()?.iter().map(|id| id.is_some_and(|id| wanted.contains(id))).collect();
        let rows =
            validated.ledger.column("_project")?.u32()?.iter().zip(validated.ledger.column("_source")?.u32()?.iter());
        for (project, source) in rows {
            if let (Some(project), Some(source)) = (project, source)
                && moved_rows.get(project as usize).copied().unwrap_or(false)
            {
                let a = &mut accounting[source as usize];
                a.used = a.used.saturating_sub(1);
                a.out_of_scope += 1;
            }
        }
    }
    Ok(accounting)
}

/// The stages' notes as issues: a project note at its register row, a district
/// note with no place.
fn locate_notes(notes: &[Note], places: &DataFrame, sources: &[SourceFile]) -> Result<Vec<Issue>> {
    let mut wanted: Vec<String> = notes.iter().filter_map(Note::project_id).map(str::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let locations = locate(places, wanted)?;
    Ok(notes
        .iter()
        .map(|note| {
            let project = note.project_id();
            let file = project.and_then(|id| locations.get(id)).and_then(|&(source, _)| sources.get(source as usize));
            let row = project.and_then(|id| locations.get(id)).map(|&(_, row)| row);
            Issue {
                severity: note.severity,
                file: file.map(SourceFile::display).unwrap_or_default(),
                sheet: file.and_then(|f| f.sheet.clone()),
                row: file.and(row),
                last_row: None,
                column: None,
                project_id: project.map(str::to_string),
                message: note.message.clone(),
                action: note.action,
            }
        })
        .collect())
}

/// Adds, from an earlier run's outputs, each district's and each project's
/// `rank_change` (its rank then minus its rank now: positive is a move up),
/// `tier_before` and `total_change` (null for one the earlier run did not rank).
/// Returns warnings: a baseline scored with another config (the changes then
/// include the method's), or one whose sidecar lacks the columns (no changes
/// for that side). Never an error for what is in the baseline.
pub(crate) fn compare_with_baseline(
    scored: &mut Scored,
    earlier: &crate::read::EarlierRun,
    config: &Config,
    label: &str,
) -> Result<Vec<Msg>> {
    let mut warnings = Vec::new();
    let digests: Vec<String> = config.source.digests().map(|(_, sha)| sha).collect();
    let earlier_digests: Option<Vec<String>> = earlier.summary.as_ref().and_then(|s| {
        s["config"]
            .as_array()
            .map(|layers| layers.iter().filter_map(|l| l["sha256"].as_str().map(String::from)).collect())
    });
    match earlier_digests {
        Some(d) if d != digests => warnings.push(Msg::BaselineOtherConfig { folder: label.to_string() }),
        None => warnings.push(Msg::BaselineNoRun { folder: label.to_string() }),
        _ => {}
    }
    for (frame, before, key, what) in [
        (&mut scored.districts, &earlier.districts, "district", L::WhatDistricts),
        (&mut scored.projects, &earlier.projects, "project_id", L::WhatProjects),
    ] {
        let wanted = [key, "rank", "tier", "total"];
        if let Some(missing) = wanted.iter().find(|c| before.column(c).is_err()) {
            warnings.push(Msg::BaselineNoColumn { folder: label.to_string(), what, column: missing.to_string() });
            continue;
        }
        // A sidecar is read as text and numbers whatever its types, one row per
        // key (the first), so an odd baseline can cost its changes, never the run.
        let earlier = before
            .clone()
            .lazy()
            .select([
                col(key).cast(DataType::String),
                col("rank").strict_cast(DataType::Int64).alias("_rank_before"),
                col("tier").cast(DataType::String).alias("tier_before"),
                col("total").strict_cast(DataType::Float64).alias("_total_before"),
            ])
            .filter(col(key).is_first_distinct());
        let joined = crate::frames::left_join(frame.clone().lazy(), earlier, &[key])
            .with_columns([
                (col("_rank_before") - col("rank").cast(DataType::Int64)).alias("rank_change"),
                (col("total") - col("_total_before")).alias("total_change"),
            ])
            .collect()
            .map(|joined| joined.drop_many(["_rank_before", "_total_before"]));
        match joined {
            Ok(joined) if joined.height() == frame.height() => *frame = joined,
            Ok(_) => warnings.push(Msg::BaselineUnmatched { folder: label.to_string(), what }),
            Err(e) => {
                tracing::debug!("baseline {label}: {e}");
                warnings.push(Msg::BaselineUnmatched { folder: label.to_string(), what });
            }
        }
    }
    Ok(warnings)
}

/// project_id → (source, row) of the projects named, for locating notes; only
/// those rows are pulled out of the frame.
fn locate(places: &DataFrame, wanted: Vec<String>) -> Result<HashMap<String, (u32, u32)>> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let wanted = DataFrame::new(wanted.len(), vec![Column::new("project_id".into(), wanted)])?;
    let found = places
        .clone()
        .lazy()
        .join(wanted.lazy(), [col("project_id")], [col("project_id")], JoinArgs::new(JoinType::Semi))
        .collect()?;
    let ids = found.column("project_id")?.str()?;
    let sources = found.column("_source")?.u32()?;
    let rows = found.column("_row")?.u32()?;
    Ok(ids
        .iter()
        .zip(sources.iter())
        .zip(rows.iter())
        .filter_map(|((id, s), r)| Some((id?.to_string(), (s?, r?))))
        .collect())
}
