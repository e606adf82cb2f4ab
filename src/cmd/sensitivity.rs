//! `chainscore sensitivity`: how robust the ranking is to the weights — rank
//! intervals and tier probabilities for every district and project, Sobol indices
//! of the dimension weights, leave-one-indicator-out shifts — printed, and written
//! to `sensitivity-<period>.xlsx` for the evaluation file.
//!
//! The pipeline runs once; the draws re-score its indicator scores (see
//! `analysis::sensitivity`), which is what makes thousands of draws interactive.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::analysis::engine::Engine;
use crate::analysis::sensitivity::{
    BORDERLINE, Interval, Sampling, Sensitivity, Settings, alternative_scores, scorings, sensitivity,
};
use crate::cmd::{Context, Format, InputArgs, run_pipeline};
use crate::config::Config;
use crate::error::{EXIT_OK, Error, Result};
use crate::i18n::{Cx, Fixed, Kind, L, Msg, Say};
use crate::write::report::{Axis, Cell, ReportChart, ReportSheet, write_report};

/// How weight sets are drawn (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SamplingArg {
    /// Each weight × U(1−spread, 1+spread), each set renormalised.
    Uniform,
    /// Each set from a Dirichlet centred on the configured weights.
    Dirichlet,
}

/// Arguments of `sensitivity`.
#[derive(Debug, Args)]
pub(crate) struct SensitivityArgs {
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Weight sets to draw.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub draws: u32,
    /// Relative spread of each weight: × U(1−S, 1+S). 0 gives the configured weights.
    #[arg(long, default_value_t = 0.25)]
    pub spread: f64,
    /// Seed: the same seed gives the same numbers and the same workbook.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How weight sets are drawn.
    #[arg(long, value_enum, default_value_t = SamplingArg::Uniform)]
    pub sampling: SamplingArg,
    /// Dirichlet concentration κ (default: matched to the spread, 3(m−1)/S² − 1).
    #[arg(long)]
    pub concentration: Option<f64>,
    /// Each draw also picks the aggregation (arithmetic or geometric, equally likely).
    #[arg(long)]
    pub vary_aggregation: bool,
    /// Another normalisation for an indicator, used by half the draws:
    /// INDICATOR=minmax|zscore|percentile|efficacy (repeatable).
    #[arg(long, value_name = "INDICATOR=METHOD")]
    pub alternative: Vec<String>,
    /// Base sample size N of the Sobol indices (N·(dimensions+2) re-scorings).
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    pub sobol_samples: u32,
    /// Output folder of the workbook (default: [output] dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Memory the stored project ranks may take (see `analysis::sensitivity`).
const RANK_BUDGET: usize = 512 << 20;

/// Runs `sensitivity`; returns the exit code.
pub(crate) fn run(context: &Context, args: &SensitivityArgs) -> Result<i32> {
    if !(0.0..1.0).contains(&args.spread) {
        return Err(Error::Usage(Box::new(Msg::SpreadRange { value: args.spread })));
    }
    if args.concentration.is_some_and(|k| !(k.is_finite() && k > 0.0)) {
        return Err(Error::Usage(Box::new(Msg::ConcentrationPositive {})));
    }
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let mut engine = Engine::from_scored(&scored, &config)?;
    for spec in &args.alternative {
        let (indicator, scores) = alternative_scores(&scored, &config, spec)?;
        engine.add_alternative(indicator, &scores);
    }
    let settings = Settings {
        draws: args.draws as usize,
        spread: args.spread,
        seed: args.seed,
        sampling: match args.sampling {
            SamplingArg::Uniform => Sampling::Uniform,
            SamplingArg::Dirichlet => Sampling::Dirichlet,
        },
        concentration: args.concentration,
        sobol_samples: args.sobol_samples as usize,
        vary_aggregation: args.vary_aggregation,
        alternatives: args.alternative.clone(),
        rank_budget: RANK_BUDGET,
    };
    let started = std::time::Instant::now();
    let cx = config.cx();
    let analysis = {
        let progress = context.logger.progress(scorings(&engine, &settings), cx.l(L::Draws));
        sensitivity(&engine, &config, &settings, &progress)
    };
    context.info(
        &config,
        &Say::DrawsDone {
            draws: settings.draws,
            projects: engine.projects(),
            districts: engine.districts(),
            seconds: Fixed(started.elapsed().as_secs_f64(), 2),
        },
    );
    let names = project_names(&scored.projects)?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let path = out.join(format!("sensitivity-{}.xlsx", scored.period));
    let title = cx.say(&Say::SensitivityTitle { period: scored.period });
    write_report(&path, scored.period, &title, &sheets(&analysis, &config, &names))?;
    match args.format {
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&analysis)?))?,
        // The analysis is the output: --quiet drops only the progress lines.
        Format::Text => crate::cmd::emit(&render(&analysis, &config, context.width))?,
    }
    context.info(&config, &Say::Wrote { files: vec![path.display().to_string()], folder: out.display().to_string() });
    Ok(EXIT_OK)
}

/// Project id → (name, district key).
fn project_names(projects: &polars::prelude::DataFrame) -> Result<HashMap<String, (String, String)>> {
    let ids = projects.column("project_id")?.str()?.clone();
    let names = projects.column("project_name")?.str()?.clone();
    let districts = projects.column("district")?.str()?.clone();
    Ok(ids
        .iter()
        .zip(names.iter())
        .zip(districts.iter())
        .filter_map(|((id, name), district)| {
            Some((id?.to_string(), (name.unwrap_or_default().to_string(), district.unwrap_or_default().to_string())))
        })
        .collect())
}

fn interval_text(i: &Interval) -> String {
    if i.p5 == i.p95 { format!("{}", i.p5) } else { format!("{}–{}", i.p5, i.p95) }
}

/// What was drawn, in one line: the text output's first and the workbook's notes.
fn settings_line(a: &Sensitivity, cx: Cx<'_>) -> String {
    let s = &a.settings;
    let mut parts = vec![match s.sampling {
        Sampling::Uniform => {
            cx.say(&Say::DrawsUniform { draws: s.draws, low: Fixed(1.0 - s.spread, 2), high: Fixed(1.0 + s.spread, 2) })
        }
        Sampling::Dirichlet => cx.say(&Say::DrawsDirichlet { draws: s.draws, kappa: Fixed(a.concentration, 1) }),
    }];
    if s.vary_aggregation {
        parts.push(cx.l(L::DrawsVaryAggregation).to_string());
    }
    if !s.alternatives.is_empty() {
        parts.push(cx.say(&Say::DrawsAlternatives { alternatives: s.alternatives.join(cx.comma()) }));
    }
    parts.push(cx.say(&Say::Seed { seed: s.seed }));
    parts.join(cx.pick("，", ", "))
}

/// A tier probability's header: P(A).
fn probability_header(tier: &str, cx: Cx<'_>) -> String {
    cx.say(&Say::TierProbability { tier: tier.to_string() })
}

/// The analysis as text: the settings, the districts, the Sobol indices and
/// leave-one-out, and how many projects are borderline.
pub(crate) fn render(a: &Sensitivity, config: &Config, width: usize) -> String {
    let cx = config.cx();
    let s = &a.settings;
    let mut out = cx.say(&Say::SensitivityHead { settings: settings_line(a, cx) });
    out.push_str("\n\n");
    let mut header: Vec<String> =
        [L::ColRank, L::ColDistrict, L::ColTier, L::ColMedianRank, L::ColInterval, L::ColMeanShift]
            .iter()
            .map(|l| cx.l(*l).to_string())
            .collect();
    header.extend(a.district_tiers.iter().map(|t| probability_header(t, cx)));
    header.push(String::new());
    let rows: Vec<Vec<String>> = a
        .districts
        .iter()
        .map(|d| {
            let mut row = vec![
                d.nominal_rank.to_string(),
                cx.name(Kind::District, &d.key),
                d.nominal_tier.clone(),
                format!("{}", d.median),
                interval_text(d),
                format!("{:.2}", d.mean_abs_shift),
            ];
            row.extend(d.tier_probability.iter().map(|p| format!("{:.0}%", p * 100.0)));
            row.push(if d.borderline { cx.l(L::Borderline).into() } else { String::new() });
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&crate::cmd::fit_table(&header, &rows, width));
    let borderline = a.projects.iter().filter(|p| p.borderline).count();
    out.push('\n');
    out.push_str(&cx.say(&Say::BorderlineProjects {
        borderline,
        projects: a.projects.len(),
        share: Fixed(BORDERLINE * 100.0, 0),
    }));
    out.push_str("\n\n");
    let precision = sobol_precision(a, cx);
    out.push_str(&crate::cmd::paragraph(&cx.say(&Say::SobolHead { samples: s.sobol_samples, precision }), width));
    let rows: Vec<Vec<String>> = a
        .sobol
        .iter()
        .map(|d| {
            vec![
                cx.name(Kind::Dimension, &d.dimension),
                format!("{:.3} ± {:.3}", d.index.first, d.index.first_se),
                format!("{:.3} ± {:.3}", d.index.total, d.index.total_se),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::fit_table(
        &[L::ColDimension, L::ColFirstOrder, L::ColTotalEffect].map(|l| cx.l(l)),
        &rows,
        width,
    ));
    out.push('\n');
    out.push_str(cx.l(L::LeaveOneOut));
    out.push('\n');
    let rows: Vec<Vec<String>> = a
        .leave_one_out
        .iter()
        .map(|l| {
            vec![
                cx.name(Kind::Indicator, &l.indicator),
                format!("{:.1}%", l.weight * 100.0),
                l.districts_moved.to_string(),
                l.district_max_shift.to_string(),
                l.district_tier_changes.to_string(),
                l.projects_moved.to_string(),
                format!("{:.2}", l.project_mean_shift),
                l.project_tier_changes.to_string(),
            ]
        })
        .collect();
    let header = [
        L::ColIndicator,
        L::ColWeightInTotal,
        L::ColDistrictsMoved,
        L::ColDistrictMaxShift,
        L::ColDistrictTierChanges,
        L::ColProjectsMoved,
        L::ColProjectMeanShift,
        L::ColProjectTierChanges,
    ];
    out.push_str(&crate::cmd::fit_table(&header.map(|l| cx.l(l)), &rows, width));
    out
}

/// Most project rows a sheet carries (the JSON output has them all).
const SHEET_ROWS: usize = 100_000;

/// A rank as a whole number; a median between two ranks keeps its half.
fn rank_cell(rank: f64) -> Cell {
    if rank.fract() == 0.0 { Cell::Integer(rank as i64) } else { Cell::Number(rank) }
}

fn interval_cells(i: &Interval, cx: Cx<'_>) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Integer(i64::from(i.nominal_rank)),
        Cell::Tier(i.nominal_tier.clone()),
        rank_cell(i.median),
        rank_cell(i.p5),
        rank_cell(i.p95),
        rank_cell(i.p95 - i.p5),
        Cell::Number(i.mean_abs_shift),
    ];
    cells.extend(i.tier_probability.iter().map(|&p| Cell::Percent(p)));
    cells.push(Cell::Text(if i.borderline { cx.l(L::Borderline).into() } else { String::new() }));
    cells
}

fn interval_header(first: &[L], tiers: &[String], cx: Cx<'_>) -> Vec<String> {
    let mut header: Vec<String> = first.iter().map(|l| cx.l(*l).to_string()).collect();
    header.extend(
        [
            L::ColNominalRank,
            L::ColNominalTier,
            L::ColMedianRank,
            L::ColP5,
            L::ColP95,
            L::ColIntervalWidth,
            L::ColMeanShift,
        ]
        .map(|l| cx.l(l).to_string()),
    );
    header.extend(tiers.iter().map(|t| probability_header(t, cx)));
    header.push(cx.l(L::Borderline).into());
    header
}

/// The workbook: districts, projects, the Sobol indices, leave-one-out.
fn sheets(a: &Sensitivity, config: &Config, names: &HashMap<String, (String, String)>) -> Vec<ReportSheet> {
    let settings = settings_line(a, config.cx());
    vec![
        districts_sheet(a, config, &settings),
        projects_sheet(a, config, names, &settings),
        sobol_sheet(a, config),
        leave_one_out_sheet(a, config),
    ]
}

/// Column of the first tier probability in an interval row after `leading`
/// identity columns (see [`interval_cells`]).
fn first_tier_column(leading: usize) -> usize {
    leading + 7
}

/// How precise the indices are: the base sample a standard error of 0.02
/// needs, or that the ranking does not move at all (no variance to share).
fn sobol_precision(a: &Sensitivity, cx: Cx<'_>) -> String {
    if a.sobol_samples_needed == 0 {
        cx.l(L::SobolNoMove).to_string()
    } else {
        cx.say(&Say::SobolPrecision { needed: a.sobol_samples_needed })
    }
}

fn sobol_sheet(a: &Sensitivity, config: &Config) -> ReportSheet {
    let cx = config.cx();
    let s = &a.settings;
    ReportSheet {
        name: cx.l(L::SheetSobol).into(),
        title: cx.l(L::TitleSobol).into(),
        notes: vec![
            cx.say(&Say::SobolMethod { low: Fixed(1.0 - s.spread, 2), high: Fixed(1.0 + s.spread, 2) }),
            cx.say(&Say::SobolSample {
                samples: s.sobol_samples,
                scorings: s.sobol_samples * (config.dimensions.len() + 2),
                precision: sobol_precision(a, cx),
            }),
        ],
        header: [L::ColDimension, L::ColFirstOrder, L::ColFirstOrderSe, L::ColTotalEffect, L::ColTotalEffectSe]
            .map(|l| cx.l(l).to_string())
            .to_vec(),
        rows: a
            .sobol
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(cx.name(Kind::Dimension, &d.dimension)),
                    Cell::Index(d.index.first),
                    Cell::Index(d.index.first_se),
                    Cell::Index(d.index.total),
                    Cell::Index(d.index.total_se),
                ]
            })
            .collect(),
        // A chart of zeros draws nothing but an axis: the note says why.
        chart: (a.sobol_samples_needed > 0).then(|| ReportChart::Bars {
            title: cx.l(L::ChartTotalEffect).into(),
            category: 0,
            value: 3,
            labels: Vec::new(),
            axis: Axis::FromZero,
        }),
        ..Default::default()
    }
}

fn districts_sheet(a: &Sensitivity, config: &Config, settings: &str) -> ReportSheet {
    let cx = config.cx();
    ReportSheet {
        name: cx.l(L::SheetDistrictIntervals).into(),
        title: cx.l(L::TitleDistrictIntervals).into(),
        notes: vec![settings.to_string(), cx.say(&Say::BorderlineNote { share: Fixed(BORDERLINE * 100.0, 0) })],
        header: interval_header(&[L::ColDistrict], &a.district_tiers, cx),
        rows: a
            .districts
            .iter()
            .map(|d| {
                let mut row = vec![Cell::Text(cx.name(Kind::District, &d.key))];
                row.extend(interval_cells(d, cx));
                row
            })
            .collect(),
        share_columns: (first_tier_column(1)..first_tier_column(1) + a.district_tiers.len()).collect(),
        chart: Some(ReportChart::Interval {
            title: cx.l(L::ChartDistrictIntervals).into(),
            category: 0,
            low: 4,
            mark: 1,
            high: 5,
            axis_name: cx.l(L::ColRank).into(),
        }),
        ..Default::default()
    }
}

fn projects_sheet(
    a: &Sensitivity,
    config: &Config,
    names: &HashMap<String, (String, String)>,
    settings: &str,
) -> ReportSheet {
    let cx = config.cx();
    let mut notes = vec![settings.to_string()];
    if a.projects.len() > SHEET_ROWS {
        notes.push(cx.say(&Say::FirstOf { shown: SHEET_ROWS, total: a.projects.len() }));
    }
    ReportSheet {
        name: cx.l(L::SheetProjectIntervals).into(),
        title: cx.l(L::TitleProjectIntervals).into(),
        notes,
        header: interval_header(&[L::ColProjectId, L::ColProjectName, L::ColDistrict], &a.tiers, cx),
        rows: a
            .projects
            .iter()
            .take(SHEET_ROWS)
            .map(|p| {
                let (name, district) = names.get(&p.key).cloned().unwrap_or_default();
                let mut row =
                    vec![Cell::Text(p.key.clone()), Cell::Text(name), Cell::Text(cx.name(Kind::District, &district))];
                row.extend(interval_cells(p, cx));
                row
            })
            .collect(),
        share_columns: (first_tier_column(3)..first_tier_column(3) + a.tiers.len()).collect(),
        ..Default::default()
    }
}

fn leave_one_out_sheet(a: &Sensitivity, config: &Config) -> ReportSheet {
    let cx = config.cx();
    ReportSheet {
        name: cx.l(L::SheetLeaveOneOut).into(),
        title: cx.l(L::TitleLeaveOneOut).into(),
        notes: vec![],
        header: [
            L::ColIndicator,
            L::ColWeightInTotal,
            L::ColDistrictsMoved,
            L::ColDistrictMeanShift,
            L::ColDistrictMaxShift,
            L::ColDistrictTierChanges,
            L::ColProjectsMoved,
            L::ColProjectMeanShift,
            L::ColProjectMaxShift,
            L::ColProjectTierChanges,
        ]
        .map(|l| cx.l(l).to_string())
        .to_vec(),
        rows: a
            .leave_one_out
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(cx.name(Kind::Indicator, &l.indicator)),
                    Cell::Percent(l.weight),
                    Cell::Integer(l.districts_moved as i64),
                    Cell::Number(l.district_mean_shift),
                    Cell::Integer(i64::from(l.district_max_shift)),
                    Cell::Integer(l.district_tier_changes as i64),
                    Cell::Integer(l.projects_moved as i64),
                    Cell::Number(l.project_mean_shift),
                    Cell::Integer(i64::from(l.project_max_shift)),
                    Cell::Integer(l.project_tier_changes as i64),
                ]
            })
            .collect(),
        // The mean shift, not the count of projects moved: nearly every
        // project moves a place or two whichever indicator goes, so the counts
        // (206 to 230 on the sample) made every indicator look alike.
        chart: Some(ReportChart::Bars {
            title: cx.l(L::ChartProjectsMoved).into(),
            category: 0,
            value: 7,
            labels: Vec::new(),
            axis: Axis::FromZero,
        }),
        ..Default::default()
    }
}
