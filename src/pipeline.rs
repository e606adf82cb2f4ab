//! The scoring pipeline: validated inputs → indicator frame → normalised scores →
//! totals → ranks → districts, with every note turned into a located issue and the
//! accounting brought up to date (rejected projects are skipped, exempt ones
//! exempt, and their capital rows out of scope).
//!
//! [`rescore`] is the cheap tail — aggregate, rank, roll up — on an already
//! normalised frame; `compare` and `sensitivity` call it many times.

use std::collections::HashMap;

use polars::prelude::*;

use crate::aggregate::{Weights, aggregate};
use crate::columns::{BUILT_IN_COLUMNS, InputKind};
use crate::config::Config;
use crate::derive::{derive, with_built_ins};
use crate::district::{DistrictNote, districts};
use crate::error::Result;
use crate::issues::{Accounting, Action, Issue, Severity, sort_issues};
use crate::normalise::{ScoreNote, normalise, reject_missing};
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
    /// Districts, ranked.
    pub districts: DataFrame,
    /// The normalised frame before aggregation (for re-scoring with other weights).
    pub normalised: DataFrame,
    /// Every issue, validation's and scoring's, in file and row order.
    pub issues: Vec<Issue>,
    /// Per file: where its rows went.
    pub accounting: Vec<Accounting>,
    /// The weights used.
    pub weights: Weights,
    /// Projects read but out of scope for the period: `project_id`, `signed_on`.
    pub out_of_scope: DataFrame,
}

/// Checks the config's expressions against the columns the inputs have, with
/// their types: canonical, the registers' extra columns, and the built-ins.
pub fn check_columns(validated: &Validated, config: &Config) -> Result<()> {
    let frame = with_built_ins(validated, config)?.collect_schema()?;
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

/// Aggregates, ranks and rolls up a normalised frame with the given weights.
pub fn rescore(
    normalised: &DataFrame,
    targets: &DataFrame,
    config: &Config,
    period: Period,
    weights: &Weights,
) -> Result<(DataFrame, DataFrame, Vec<ScoreNote>, Vec<DistrictNote>)> {
    let (aggregated, notes) = aggregate(normalised.clone(), config, weights)?;
    let projects = rank_projects(aggregated, &config.tiers)?;
    let (districts, district_notes) = districts(&projects, targets, config, period)?;
    Ok((projects, districts, notes, district_notes))
}

/// Scores validated inputs with a config.
pub fn score(validated: Validated, config: &Config) -> Result<Scored> {
    check_columns(&validated, config)?;
    let period = validated.period;
    let indicator_frame = derive(&validated, config)?;
    let places = indicator_frame.select(["project_id", "_source", "_row"])?;
    let (kept, mut notes) = reject_missing(indicator_frame, config)?;
    let (normalised, value_notes) = normalise(kept, config)?;
    notes.extend(value_notes);
    let weights = Weights::from_config(config);
    let (projects, districts, aggregate_notes, district_notes) =
        rescore(&normalised, &validated.targets, config, period, &weights)?;
    notes.extend(aggregate_notes);

    let mut issues = validated.issues.clone();
    let exempt_ids: Vec<String> = projects
        .clone()
        .lazy()
        .filter(col("_exempt"))
        .select([col("project_id")])
        .collect()?
        .column("project_id")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    if let Some((text, _)) = &config.exempt {
        for id in &exempt_ids {
            notes.push(ScoreNote {
                project_id: id.clone(),
                severity: Severity::Info,
                message: format!(
                    "the project is exempt ([scoring] exempt = \"{text}\"): listed with tier T, not scored or ranked"
                ),
                action: Action::NotScored,
            });
        }
    }
    let mut wanted: Vec<String> =
        notes.iter().map(|n| n.project_id.clone()).chain(exempt_ids.iter().cloned()).collect();
    wanted.sort();
    wanted.dedup();
    let locations = locate(&places, wanted)?;
    for note in &notes {
        let (source, row) = locations.get(&note.project_id).copied().unwrap_or((u32::MAX, 0));
        let file = validated.sources.get(source as usize);
        issues.push(Issue {
            severity: note.severity,
            file: file.map(SourceFile::display).unwrap_or_default(),
            sheet: file.and_then(|f| f.sheet.clone()),
            row: file.map(|_| row),
            column: None,
            project_id: Some(note.project_id.clone()),
            message: note.message.clone(),
            action: note.action,
        });
    }
    for note in district_notes {
        issues.push(Issue {
            severity: note.severity,
            file: String::new(),
            sheet: None,
            row: None,
            column: None,
            project_id: None,
            message: note.message,
            action: note.action,
        });
    }
    let order: Vec<String> = validated
        .sources
        .iter()
        .map(SourceFile::display)
        .chain([config.source.path().display().to_string(), String::new()])
        .collect();
    sort_issues(&mut issues, &order);

    // Accounting: rejected projects were skipped, exempt ones are exempt; their
    // capital rows count for nothing.
    let mut accounting = validated.accounting.clone();
    // A project rejected on several indicators has several notes: count it once.
    let rejected_ids: std::collections::BTreeSet<&String> = notes
        .iter()
        .filter(|n| n.action == Action::NotScored && n.severity == Severity::Error)
        .map(|n| &n.project_id)
        .collect();
    for id in &rejected_ids {
        if let Some(&(source, _)) = locations.get(*id) {
            let a = &mut accounting[source as usize];
            a.used = a.used.saturating_sub(1);
            a.skipped += 1;
        }
    }
    for id in &exempt_ids {
        if let Some(&(source, _)) = locations.get(id) {
            let a = &mut accounting[source as usize];
            a.used = a.used.saturating_sub(1);
            a.exempt += 1;
        }
    }
    let unscored: Vec<String> = rejected_ids.iter().map(|s| s.to_string()).chain(exempt_ids.iter().cloned()).collect();
    if !unscored.is_empty() && validated.ledger.height() > 0 {
        let ids = DataFrame::new(unscored.len(), vec![Column::new("project_id".into(), unscored)])?;
        let moved = validated
            .ledger
            .clone()
            .lazy()
            .join(ids.lazy(), [col("project_id")], [col("project_id")], JoinArgs::new(JoinType::Semi))
            .group_by_stable([col("_source")])
            .agg([len().cast(DataType::UInt32).alias("n")])
            .collect()?;
        for (source, n) in moved.column("_source")?.u32()?.iter().zip(moved.column("n")?.u32()?.iter()) {
            if let (Some(source), Some(n)) = (source, n) {
                let a = &mut accounting[source as usize];
                a.used = a.used.saturating_sub(n);
                a.out_of_scope += n;
            }
        }
    }
    Ok(Scored {
        period,
        sources: validated.sources,
        projects,
        districts,
        normalised,
        issues,
        accounting,
        weights,
        out_of_scope: validated.out_of_scope,
    })
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
