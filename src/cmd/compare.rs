//! `chainscore compare`: what moved between two scorings of the period — this
//! config against another on the same inputs (`--against B.toml`), or this run
//! against an earlier run's output folder (`--baseline DIR`). Prints the config
//! diff, the rank correlations, the tier changes and the largest movers with the
//! indicator that moved each most; writes `compare-<period>.xlsx`.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;

use crate::analysis::compare::{Comparison, Shift, Side, compare, config_facts};
use crate::cmd::{Context, Format, InputArgs, run_pipeline};
use crate::columns::DIMENSION_KEYS;
use crate::config::Config;
use crate::error::{EXIT_OK, Result};
use crate::i18n::{Cx, Fixed, Kind, L, Msg, Name, Say};
use crate::pipeline::Scored;
use crate::read::read_earlier_run;
use crate::write::report::{Axis, Cell, ReportChart, ReportSheet, write_report};
use crate::write::{district_frame, project_frame};

/// Arguments of `compare`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("other").required(true).args(["against", "baseline"])))]
pub(crate) struct CompareArgs {
    /// Another config to score the same inputs with (the "after" side).
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,
    /// An earlier run's output folder (the "before" side; this run is "after").
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Largest movers to print.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output folder of the workbook (default: [output] dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn side_of(label: String, scored: &Scored, config: &Config) -> Result<Side> {
    Ok(Side {
        label,
        projects: project_frame(scored, config)?,
        districts: district_frame(scored, config)?,
        dimension_weights: config.dimensions.iter().map(|d| (d.key.clone(), d.relative_weight)).collect(),
        indicator_weights: config.indicators.iter().map(|i| (i.key.clone(), i.relative_weight)).collect(),
        indicator_dimensions: indicator_dimensions(config),
        facts: config_facts(config, config.cx()),
        quality_weight: config.district.quality_weight,
        config_sha256: config.source.digests().map(|(_, sha)| sha).collect(),
    })
}

fn indicator_dimensions(config: &Config) -> HashMap<String, String> {
    config.indicators.iter().map(|i| (i.key.clone(), config.dimensions[i.dimension].key.clone())).collect()
}

/// Pairs of `[key, weight]` from run.json.
fn weights_of(summary: Option<&serde_json::Value>, field: &str) -> Vec<(String, f64)> {
    summary
        .and_then(|s| s[field].as_array())
        .map(|pairs| {
            pairs.iter().filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_f64()?))).collect()
        })
        .unwrap_or_default()
}

/// Runs `compare`; returns the exit code.
pub(crate) fn run(context: &Context, args: &CompareArgs) -> Result<i32> {
    let (config, scored) = run_pipeline(context, &args.inputs)?;
    let this = side_of(config.source.path().display().to_string(), &scored, &config)?;
    let (before, after) = match (&args.against, &args.baseline) {
        (Some(other), _) => {
            // The same inputs and period as this side, whatever the other config's
            // [inputs] say: only the method may differ.
            let paths = args.inputs.paths(&config);
            let inputs = InputArgs {
                period: Some(scored.period.to_string()),
                projects: paths.projects,
                capital: paths.capital,
                targets: paths.targets,
                operations: paths.operations,
            };
            let other_context = Context { config_path: Some(other.clone()), ..context.clone() };
            let (other_config, other_scored) = run_pipeline(&other_context, &inputs)?;
            (this, side_of(other.display().to_string(), &other_scored, &other_config)?)
        }
        (None, Some(dir)) => {
            let earlier = read_earlier_run(dir)?;
            let summary = earlier.summary.as_ref();
            if let Some(period) = summary.and_then(|s| s["period"].as_str())
                && period != scored.period.to_string()
            {
                context.warn(
                    &config,
                    &Msg::BaselineOtherPeriod {
                        folder: dir.display().to_string(),
                        period: period.to_string(),
                        this: scored.period,
                    },
                );
            }
            let before = Side {
                label: dir.display().to_string(),
                projects: earlier.projects,
                districts: earlier.districts,
                dimension_weights: weights_of(summary, "dimension_weights"),
                indicator_weights: weights_of(summary, "indicator_weights"),
                indicator_dimensions: indicator_dimensions(&config),
                facts: Vec::new(),
                quality_weight: summary
                    .and_then(|s| s["district_weights"]["quality"].as_f64())
                    .unwrap_or(config.district.quality_weight),
                config_sha256: summary
                    .and_then(|s| s["config"].as_array())
                    .map(|layers| layers.iter().filter_map(|l| l["sha256"].as_str().map(String::from)).collect())
                    .unwrap_or_default(),
            };
            let after = Side { facts: Vec::new(), ..this };
            (before, after)
        }
        (None, None) => unreachable!("clap requires --against or --baseline"),
    };
    let cx = config.cx();
    let comparison = compare(&before, &after, cx)?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let path = out.join(format!("compare-{}.xlsx", scored.period));
    let names = project_names(&scored)?;
    let title = cx.say(&Say::CompareTitle { period: scored.period });
    write_report(&path, scored.period, &title, &sheets(&comparison, &config, &names))?;
    match args.format {
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&comparison)?))?,
        // The comparison is the output: --quiet drops only the progress lines.
        Format::Text => crate::cmd::emit(&render(&comparison, &config, args.top, context.width))?,
    }
    context.info(&config, &Say::Wrote { files: vec![path.display().to_string()], folder: out.display().to_string() });
    Ok(EXIT_OK)
}

/// Project id → name, for the workbook.
fn project_names(scored: &Scored) -> Result<HashMap<String, String>> {
    let ids = scored.projects.column("project_id")?.str()?.clone();
    let names = scored.projects.column("project_name")?.str()?.clone();
    Ok(ids
        .iter()
        .zip(names.iter())
        .filter_map(|(i, n)| Some((i?.to_string(), n.unwrap_or_default().to_string())))
        .collect())
}

fn rank_text(rank: Option<u32>) -> String {
    rank.map_or_else(|| "—".into(), |r| r.to_string())
}

fn shift_text(shift: Option<i64>, cx: Cx<'_>) -> String {
    match shift {
        Some(s) if s > 0 => format!("↑{s}"),
        Some(s) if s < 0 => format!("↓{}", -s),
        Some(_) => "=".into(),
        None => cx.l(L::NewOrGone).into(),
    }
}

fn tier_text(tier: &(Option<String>, Option<String>)) -> String {
    match tier {
        (Some(a), Some(b)) if a == b => a.clone(),
        (a, b) => format!("{}→{}", a.as_deref().unwrap_or("—"), b.as_deref().unwrap_or("—")),
    }
}

fn delta_text(total: (Option<f64>, Option<f64>)) -> String {
    match total {
        (Some(a), Some(b)) => format!("{:+.2}", b - a),
        _ => String::new(),
    }
}

/// The comparison as text.
pub(crate) fn render(c: &Comparison, config: &Config, top: usize, width: usize) -> String {
    let cx = config.cx();
    let mut out = cx.say(&Say::Comparing { before: c.before.clone(), after: c.after.clone() });
    out.push_str("\n\n");
    if c.config_changes.is_empty() {
        out.push_str(cx.l(match c.same_config {
            Some(false) => L::SameWeightsOtherConfig,
            _ => L::NoConfigChange,
        }));
        out.push_str("\n\n");
    } else {
        let rows: Vec<Vec<String>> =
            c.config_changes.iter().map(|ch| vec![ch.label.clone(), ch.before.clone(), ch.after.clone()]).collect();
        out.push_str(&crate::cmd::fit_table(
            &[cx.l(L::ColChanged), cx.l(L::ColBefore), cx.l(L::ColAfter)],
            &rows,
            width,
        ));
        out.push('\n');
    }
    for (what, a) in [(L::WhatProjects, &c.projects), (L::WhatDistricts, &c.districts)] {
        out.push_str(&cx.say(&Say::Agreement {
            what,
            compared: a.compared,
            spearman: Fixed(a.spearman, 4),
            kendall: Fixed(a.kendall, 4),
            moved: a.moved,
            tier_changes: a.tier_changes,
        }));
        out.push('\n');
    }
    if c.knock_on_tier_changes > 0 {
        out.push_str(&cx.say(&Say::KnockOn { count: c.knock_on_tier_changes }));
        out.push('\n');
    }
    if !c.only_before.is_empty() || !c.only_after.is_empty() {
        out.push_str(&cx.say(&Say::OnlyOneSide { before: c.only_before.len(), after: c.only_after.len() }));
        out.push('\n');
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = c
        .district_shifts
        .iter()
        .map(|s| {
            let mut row = vec![
                rank_text(s.rank.1),
                cx.name(Kind::District, &s.key),
                rank_text(s.rank.0),
                shift_text(s.shift, cx),
                s.total.1.map(|t| format!("{t:.2}")).unwrap_or_default(),
                delta_text(s.total),
            ];
            row.extend(dimensions(config).iter().map(|(i, _)| delta_text(s.contributions[*i])));
            row.push(tier_text(&s.tier));
            row
        })
        .collect();
    let mut header: Vec<String> =
        [L::ColRank, L::ColDistrict, L::ColRankBefore, L::ColShift, L::ColTotal, L::ColChange]
            .map(|l| cx.l(l).to_string())
            .to_vec();
    header.extend(dimensions(config).iter().map(|(_, d)| cx.name(Kind::Dimension, d)));
    header.push(cx.l(L::ColTier).to_string());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&crate::cmd::fit_table(&header, &rows, width));
    out.push_str(&crate::cmd::paragraph(cx.l(L::ContributionColumns), width));
    let movers: Vec<&Shift> = c.project_shifts.iter().filter(|s| s.shift.is_some_and(|x| x != 0)).take(top).collect();
    if !movers.is_empty() {
        out.push('\n');
        out.push_str(cx.l(L::LargestMovers));
        out.push('\n');
        let rows: Vec<Vec<String>> = movers
            .iter()
            .map(|s| {
                vec![
                    s.key.clone(),
                    cx.name(Kind::District, &s.label),
                    format!("{}→{}", rank_text(s.rank.0), rank_text(s.rank.1)),
                    shift_text(s.shift, cx),
                    delta_text(s.total),
                    tier_text(&s.tier),
                    s.driver
                        .as_ref()
                        .map(|(k, d)| format!("{} {d:+.2}", cx.name(Kind::Indicator, k)))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        let header =
            [L::ColProject, L::ColDistrict, L::ColRank, L::ColShift, L::ColChange, L::ColTier, L::ColMovedMostBy];
        out.push_str(&crate::cmd::fit_table(&header.map(|l| cx.l(l)), &rows, width));
    }
    out
}

const SHEET_ROWS: usize = 100_000;

/// The dimensions of the config in force, with their index in [`DIMENSION_KEYS`].
fn dimensions(config: &Config) -> Vec<(usize, &'static str)> {
    DIMENSION_KEYS.iter().enumerate().filter(|(_, k)| config.dimension(k).is_some()).map(|(i, k)| (i, *k)).collect()
}

/// Rank, total and tier before and after, then each dimension's change of
/// contribution in points.
fn side_by_side(s: &Shift, config: &Config) -> Vec<Cell> {
    let rank = |r: Option<u32>| r.map_or(Cell::Empty, |r| Cell::Integer(i64::from(r)));
    let mut row = vec![
        rank(s.rank.0),
        rank(s.rank.1),
        s.shift.map_or(Cell::Empty, Cell::Change),
        Cell::number(s.total.0),
        Cell::number(s.total.1),
        Cell::points(s.total.1.zip(s.total.0).map(|(a, b)| a - b)),
        Cell::Tier(s.tier.0.clone().unwrap_or_default()),
        Cell::Tier(s.tier.1.clone().unwrap_or_default()),
    ];
    for (i, _) in dimensions(config) {
        let (before, after) = s.contributions[i];
        row.push(Cell::points(after.zip(before).map(|(a, b)| a - b)));
    }
    row
}

fn side_by_side_header(first: &[L], config: &Config) -> Vec<String> {
    let cx = config.cx();
    let mut header: Vec<String> = first.iter().map(|l| cx.l(*l).to_string()).collect();
    header.extend(
        [
            L::ColRankBefore,
            L::ColRankAfter,
            L::ColRankShift,
            L::ColTotalBefore,
            L::ColTotalAfter,
            L::ColTotalChange,
            L::ColTierBefore,
            L::ColTierAfter,
        ]
        .map(|l| cx.l(l).to_string()),
    );
    header.extend(
        dimensions(config)
            .iter()
            .map(|(_, d)| cx.say(&Say::ContributionChange { dimension: Name::new(Kind::Dimension, *d) })),
    );
    header
}

fn sheets(c: &Comparison, config: &Config, names: &HashMap<String, String>) -> Vec<ReportSheet> {
    let cx = config.cx();
    let mut notes =
        vec![cx.say(&Say::BeforeSide { label: c.before.clone() }), cx.say(&Say::AfterSide { label: c.after.clone() })];
    for (what, a) in [(L::WhatProjects, &c.projects), (L::WhatDistricts, &c.districts)] {
        notes.push(cx.say(&Say::Agreement {
            what,
            compared: a.compared,
            spearman: Fixed(a.spearman, 4),
            kendall: Fixed(a.kendall, 4),
            moved: a.moved,
            tier_changes: a.tier_changes,
        }));
    }
    notes.push(cx.say(&Say::KnockOn { count: c.knock_on_tier_changes }));
    let summary = ReportSheet {
        name: cx.l(L::SheetChanges).into(),
        title: cx.l(L::TitleChanges).into(),
        notes,
        header: [L::ColChanged, L::ColBefore, L::ColAfter].map(|l| cx.l(l).to_string()).to_vec(),
        rows: c
            .config_changes
            .iter()
            .map(|ch| vec![Cell::Text(ch.label.clone()), Cell::Text(ch.before.clone()), Cell::Text(ch.after.clone())])
            .collect(),
        empty_note: Some(cx.l(L::NoConfigChange).into()),
        ..Default::default()
    };
    let district_labels: Vec<String> = c.district_shifts.iter().map(|s| shift_label(s.shift, cx)).collect();
    let districts = ReportSheet {
        name: cx.l(L::SheetDistrictsCompared).into(),
        title: cx.l(L::TitleDistrictsCompared).into(),
        notes: vec![cx.l(L::NoteContributions).into()],
        header: side_by_side_header(&[L::ColDistrict], config),
        rows: c
            .district_shifts
            .iter()
            .map(|s| {
                let mut row = vec![Cell::Text(cx.name(Kind::District, &s.key))];
                row.extend(side_by_side(s, config));
                row
            })
            .collect(),
        chart: Some(ReportChart::Bars {
            title: cx.l(L::ChartRankShift).into(),
            category: 0,
            value: 3,
            labels: district_labels,
            axis: Axis::Symmetric,
        }),
        ..Default::default()
    };
    let mut project_notes = vec![cx.l(L::NoteMovers).to_string(), cx.l(L::NoteContributions).to_string()];
    if c.project_shifts.len() > SHEET_ROWS {
        project_notes.push(cx.say(&Say::LargestOf { shown: SHEET_ROWS, total: c.project_shifts.len() }));
    }
    // The knock-on column only when some project changed tier that way: an
    // empty column is a question nobody asked.
    let knock_on = c.knock_on_tier_changes > 0;
    let mut header = side_by_side_header(&[L::ColProjectId, L::ColProjectName, L::ColDistrict], config);
    if knock_on {
        header.push(cx.l(L::ColKnockOn).to_string());
    }
    header.extend([L::ColMovedMostBy, L::ColItsChange].map(|l| cx.l(l).to_string()));
    let projects = ReportSheet {
        name: cx.l(L::SheetProjectsCompared).into(),
        title: cx.l(L::TitleProjectsCompared).into(),
        notes: project_notes,
        header,
        rows: c
            .project_shifts
            .iter()
            .take(SHEET_ROWS)
            .map(|s| {
                let mut row = vec![
                    Cell::Text(s.key.clone()),
                    Cell::Text(names.get(&s.key).cloned().unwrap_or_default()),
                    Cell::Text(cx.name(Kind::District, &s.label)),
                ];
                row.extend(side_by_side(s, config));
                if knock_on {
                    row.push(Cell::Text(if s.knock_on { cx.l(L::Yes).into() } else { String::new() }));
                }
                row.push(Cell::Text(s.driver.as_ref().map(|d| cx.name(Kind::Indicator, &d.0)).unwrap_or_default()));
                row.push(Cell::points(s.driver.as_ref().map(|d| d.1)));
                row
            })
            .collect(),
        ..Default::default()
    };
    vec![summary, districts, projects]
}

/// A bar's label: ↑2, ↓1, or 无变化.
fn shift_label(shift: Option<i64>, cx: Cx<'_>) -> String {
    match shift {
        Some(0) => cx.l(L::NoChange).into(),
        other => shift_text(other, cx),
    }
}
