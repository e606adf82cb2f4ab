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
use crate::write::report::{Cell, ReportChart, ReportSheet, write_report};

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
        return Err(Error::Usage(format!(
            "--spread must be at least 0 and below 1 (a weight × U(1−S, 1+S) must stay positive), not {}",
            args.spread
        )));
    }
    if args.concentration.is_some_and(|k| !(k.is_finite() && k > 0.0)) {
        return Err(Error::Usage("--concentration must be a positive number".into()));
    }
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let mut engine = Engine::from_scored(&scored, &config)?;
    for spec in &args.alternative {
        let (indicator, scores) = alternative_scores(&scored, &config, spec).map_err(Error::Usage)?;
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
    let analysis = {
        let progress = context.logger.progress(scorings(&engine, &settings), "draws");
        sensitivity(&engine, &config, &settings, &progress)
    };
    context.logger.info(&format!(
        "{} draws of {} project(s) and {} district(s) in {:.2} s",
        settings.draws,
        engine.projects(),
        engine.districts(),
        started.elapsed().as_secs_f64()
    ));
    let names = project_names(&scored.projects)?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let path = out.join(format!("sensitivity-{}.xlsx", scored.period));
    write_report(&path, scored.period, "chainscore sensitivity", &sheets(&analysis, &config, &names))?;
    match args.format {
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&analysis)?))?,
        // The analysis is the output: --quiet drops only the progress lines.
        Format::Text => crate::cmd::emit(&render(&analysis, &config))?,
    }
    context.logger.info(&format!("wrote {}", path.display()));
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
fn settings_line(a: &Sensitivity) -> String {
    let s = &a.settings;
    let mut line = format!("{} draws, ", s.draws);
    line.push_str(&match s.sampling {
        Sampling::Uniform => {
            format!("each weight × U({:.2}, {:.2}), renormalised per set", 1.0 - s.spread, 1.0 + s.spread)
        }
        Sampling::Dirichlet => format!("Dirichlet centred on the configured weights, κ = {:.1}", a.concentration),
    });
    if s.vary_aggregation {
        line.push_str(", arithmetic or geometric aggregation");
    }
    if !s.alternatives.is_empty() {
        line.push_str(&format!(", each in half the draws: {}", s.alternatives.join(", ")));
    }
    line.push_str(&format!(", seed {}", s.seed));
    line
}

/// The analysis as text: the settings, the districts, the Sobol indices and
/// leave-one-out, and how many projects are borderline.
pub(crate) fn render(a: &Sensitivity, config: &Config) -> String {
    let s = &a.settings;
    let mut out = format!("Sensitivity: {}\n\n", settings_line(a));
    let mut header = vec!["RANK", "DISTRICT", "TIER", "MEDIAN", "5–95%", "MEAN SHIFT"];
    let tier_headers: Vec<String> = a.district_tiers.iter().map(|t| format!("P({t})")).collect();
    header.extend(tier_headers.iter().map(String::as_str));
    header.push("");
    let rows: Vec<Vec<String>> = a
        .districts
        .iter()
        .map(|d| {
            let mut row = vec![
                d.nominal_rank.to_string(),
                config.district_display(&d.key),
                d.nominal_tier.clone(),
                format!("{}", d.median),
                interval_text(d),
                format!("{:.2}", d.mean_abs_shift),
            ];
            row.extend(d.tier_probability.iter().map(|p| format!("{:.0}%", p * 100.0)));
            row.push(if d.borderline { "borderline".into() } else { String::new() });
            row
        })
        .collect();
    out.push_str(&crate::cmd::table(&header, &rows));
    let borderline = a.projects.iter().filter(|p| p.borderline).count();
    out.push_str(&format!(
        "\n{borderline} of {} project(s) borderline (no tier in {:.0}% of the draws); the workbook lists them.\n\n",
        a.projects.len(),
        BORDERLINE * 100.0
    ));
    let precision = if a.sobol_samples_needed == 0 {
        "the district ranking does not move when only the dimension weights do".to_string()
    } else {
        format!("N ≈ {} gives a standard error of 0.02", a.sobol_samples_needed)
    };
    out.push_str(&format!(
        "Sobol indices of the dimension weights on the district ranking (N = {}; {precision}):\n",
        s.sobol_samples
    ));
    let rows: Vec<Vec<String>> = a
        .sobol
        .iter()
        .map(|d| {
            vec![
                d.dimension.clone(),
                format!("{:.3} ± {:.3}", d.index.first, d.index.first_se),
                format!("{:.3} ± {:.3}", d.index.total, d.index.total_se),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(&["DIMENSION", "FIRST ORDER", "TOTAL EFFECT"], &rows));
    out.push_str("\nLeaving one indicator out:\n");
    let rows: Vec<Vec<String>> = a
        .leave_one_out
        .iter()
        .map(|l| {
            vec![
                l.indicator.clone(),
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
    out.push_str(&crate::cmd::table(
        &[
            "INDICATOR",
            "WEIGHT",
            "DISTRICTS MOVED",
            "MAX SHIFT",
            "TIER CHANGES",
            "PROJECTS MOVED",
            "MEAN SHIFT",
            "TIER CHANGES",
        ],
        &rows,
    ));
    out
}

/// Most project rows a sheet carries (the JSON output has them all).
const SHEET_ROWS: usize = 100_000;

fn interval_cells(i: &Interval) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Integer(i64::from(i.nominal_rank)),
        Cell::Text(i.nominal_tier.clone()),
        Cell::Number(i.median),
        Cell::Number(i.p5),
        Cell::Number(i.p95),
        Cell::Number(i.p95 - i.p5),
        Cell::Number(i.mean_abs_shift),
    ];
    cells.extend(i.tier_probability.iter().map(|&p| Cell::Percent(p)));
    cells.push(Cell::Text(if i.borderline { "borderline".into() } else { String::new() }));
    cells
}

fn interval_header(first: &[&str], tiers: &[String]) -> Vec<String> {
    let mut header: Vec<String> = first.iter().map(|s| s.to_string()).collect();
    header.extend(
        [
            "nominal rank",
            "nominal tier",
            "median rank",
            "5th percentile",
            "95th percentile",
            "interval width",
            "mean |shift|",
        ]
        .map(String::from),
    );
    header.extend(tiers.iter().map(|t| format!("P({t})")));
    header.push("borderline".into());
    header
}

/// The workbook: districts, projects, the Sobol indices, leave-one-out.
fn sheets(a: &Sensitivity, config: &Config, names: &HashMap<String, (String, String)>) -> Vec<ReportSheet> {
    let settings = settings_line(a);
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

fn sobol_sheet(a: &Sensitivity, config: &Config) -> ReportSheet {
    let s = &a.settings;
    ReportSheet {
        name: "Sobol".into(),
        title: "Sobol indices of the dimension weights on the district ranking".into(),
        notes: vec![
            format!(
                "Each dimension weight × U({:.2}, {:.2}), independent; first order: Saltelli (2010), total effect: Jansen (1999), pooled over districts by rank variance.",
                1.0 - s.spread,
                1.0 + s.spread
            ),
            format!(
                "Base sample N = {} ({} re-scorings); a standard error of 0.02 on every index needs N ≈ {}.",
                s.sobol_samples,
                s.sobol_samples * (config.dimensions.len() + 2),
                a.sobol_samples_needed
            ),
        ],
        header: ["dimension", "name", "first order", "± s.e.", "total effect", "± s.e."].map(String::from).to_vec(),
        rows: a
            .sobol
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(d.dimension.clone()),
                    Cell::Text(
                        config.dimension(&d.dimension).map(|x| config.pick(&x.name, &x.name_en)).unwrap_or_default(),
                    ),
                    Cell::Number(d.index.first),
                    Cell::Number(d.index.first_se),
                    Cell::Number(d.index.total),
                    Cell::Number(d.index.total_se),
                ]
            })
            .collect(),
        chart: Some(ReportChart::Bars { title: "Total-effect index".into(), category: 0, value: 4 }),
        ..Default::default()
    }
}

fn districts_sheet(a: &Sensitivity, config: &Config, settings: &str) -> ReportSheet {
    ReportSheet {
        name: "Districts".into(),
        title: "District rank intervals and tier probabilities".into(),
        notes: vec![
            settings.to_string(),
            format!("Borderline: no tier in {:.0}% of the draws. Tiers after the policy gate.", BORDERLINE * 100.0),
        ],
        header: interval_header(&["district", "name"], &a.district_tiers),
        rows: a
            .districts
            .iter()
            .map(|d| {
                let mut row = vec![Cell::Text(d.key.clone()), Cell::Text(config.district_display(&d.key))];
                row.extend(interval_cells(d));
                row
            })
            .collect(),
        share_columns: (first_tier_column(2)..first_tier_column(2) + a.district_tiers.len()).collect(),
        chart: Some(ReportChart::Interval {
            title: "District rank: 5th–95th percentile and nominal".into(),
            category: 1,
            low: 5,
            mark: 2,
            high: 6,
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
    let mut notes = vec![settings.to_string()];
    if a.projects.len() > SHEET_ROWS {
        notes.push(format!(
            "The first {SHEET_ROWS} of {} projects by nominal rank; `--format json` gives them all.",
            a.projects.len()
        ));
    }
    ReportSheet {
        name: "Projects".into(),
        title: "Project rank intervals and tier probabilities".into(),
        notes,
        header: interval_header(&["project_id", "project_name", "district"], &a.tiers),
        rows: a
            .projects
            .iter()
            .take(SHEET_ROWS)
            .map(|p| {
                let (name, district) = names.get(&p.key).cloned().unwrap_or_default();
                let mut row =
                    vec![Cell::Text(p.key.clone()), Cell::Text(name), Cell::Text(config.district_display(&district))];
                row.extend(interval_cells(p));
                row
            })
            .collect(),
        share_columns: (first_tier_column(3)..first_tier_column(3) + a.tiers.len()).collect(),
        ..Default::default()
    }
}

fn leave_one_out_sheet(a: &Sensitivity, config: &Config) -> ReportSheet {
    ReportSheet {
        name: "Leave-one-out".into(),
        title: "Leaving one indicator out (its weight 0, the rest of its dimension rescaled)".into(),
        notes: vec![],
        header: [
            "indicator",
            "name",
            "weight in total",
            "districts moved",
            "mean |shift|",
            "max |shift|",
            "district tier changes",
            "projects moved",
            "mean |shift| (projects)",
            "max |shift| (projects)",
            "project tier changes",
        ]
        .map(String::from)
        .to_vec(),
        rows: a
            .leave_one_out
            .iter()
            .map(|l| {
                let name = config.indicator_display(&l.indicator);
                vec![
                    Cell::Text(l.indicator.clone()),
                    Cell::Text(name),
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
        chart: Some(ReportChart::Bars { title: "Projects moved".into(), category: 0, value: 7 }),
        ..Default::default()
    }
}
