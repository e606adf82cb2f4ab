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
use crate::pipeline::Scored;
use crate::read::read_earlier_run;
use crate::write::report::{Cell, ReportChart, ReportSheet, write_report};
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
        facts: config_facts(config),
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
                context.logger.warn(&format!(
                    "warning: the baseline {} scored {period}, this run {}; comparing them anyway",
                    dir.display(),
                    scored.period
                ));
            }
            let before = Side {
                label: dir.display().to_string(),
                projects: earlier.projects,
                districts: earlier.districts,
                dimension_weights: weights_of(summary, "dimension_weights"),
                indicator_weights: weights_of(summary, "indicator_weights"),
                indicator_dimensions: indicator_dimensions(&config),
                facts: Vec::new(),
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
    let comparison = compare(&before, &after)?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let path = out.join(format!("compare-{}.xlsx", scored.period));
    write_report(&path, scored.period, "chainscore compare", &sheets(&comparison, &config))?;
    match args.format {
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&comparison)?))?,
        // The comparison is the output: --quiet drops only the progress lines.
        Format::Text => crate::cmd::emit(&render(&comparison, &config, args.top))?,
    }
    context.logger.info(&format!("wrote {}", path.display()));
    Ok(EXIT_OK)
}

fn rank_text(rank: Option<u32>) -> String {
    rank.map_or_else(|| "—".into(), |r| r.to_string())
}

fn shift_text(shift: Option<i64>) -> String {
    match shift {
        Some(s) if s > 0 => format!("↑{s}"),
        Some(s) if s < 0 => format!("↓{}", -s),
        Some(_) => "=".into(),
        None => "new/gone".into(),
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
pub(crate) fn render(c: &Comparison, config: &Config, top: usize) -> String {
    let mut out = format!("Comparing {} (before) with {} (after)\n\n", c.before, c.after);
    if c.config_changes.is_empty() {
        out.push_str(match c.same_config {
            Some(false) => "Same weights; the configs differ elsewhere (other SHA-256).\n\n",
            _ => "No config change.\n\n",
        });
    } else {
        let rows: Vec<Vec<String>> =
            c.config_changes.iter().map(|ch| vec![ch.key.clone(), ch.before.clone(), ch.after.clone()]).collect();
        out.push_str(&crate::cmd::table(&["CHANGED", "BEFORE", "AFTER"], &rows));
        out.push('\n');
    }
    for (what, a) in [("Projects", &c.projects), ("Districts", &c.districts)] {
        out.push_str(&format!(
            "{what}: {} on both sides, Spearman ρ = {:.4}, Kendall τ = {:.4}; {} moved, {} changed tier\n",
            a.compared, a.spearman, a.kendall, a.moved, a.tier_changes
        ));
    }
    if c.knock_on_tier_changes > 0 {
        out.push_str(&format!(
            "{} project(s) changed tier only because others moved (their own total did not change)\n",
            c.knock_on_tier_changes
        ));
    }
    if !c.only_before.is_empty() || !c.only_after.is_empty() {
        out.push_str(&format!(
            "{} project(s) scored only before, {} only after\n",
            c.only_before.len(),
            c.only_after.len()
        ));
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = c
        .district_shifts
        .iter()
        .map(|s| {
            vec![
                rank_text(s.rank.1),
                config.district_display(&s.key),
                rank_text(s.rank.0),
                shift_text(s.shift),
                s.total.1.map(|t| format!("{t:.2}")).unwrap_or_default(),
                delta_text(s.total),
                tier_text(&s.tier),
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(&["RANK", "DISTRICT", "BEFORE", "SHIFT", "TOTAL", "CHANGE", "TIER"], &rows));
    let movers: Vec<&Shift> = c.project_shifts.iter().filter(|s| s.shift.is_some_and(|x| x != 0)).take(top).collect();
    if !movers.is_empty() {
        out.push_str("\nLargest movers:\n");
        let rows: Vec<Vec<String>> = movers
            .iter()
            .map(|s| {
                vec![
                    s.key.clone(),
                    config.district_display(&s.label),
                    format!("{}→{}", rank_text(s.rank.0), rank_text(s.rank.1)),
                    shift_text(s.shift),
                    delta_text(s.total),
                    tier_text(&s.tier),
                    s.driver.as_ref().map(|(k, d)| format!("{k} {d:+.2}")).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&crate::cmd::table(
            &["PROJECT", "DISTRICT", "RANK", "SHIFT", "CHANGE", "TIER", "MOVED MOST BY"],
            &rows,
        ));
    }
    out
}

const SHEET_ROWS: usize = 100_000;

fn side_by_side(s: &Shift, label: String) -> Vec<Cell> {
    let rank = |r: Option<u32>| r.map_or(Cell::Empty, |r| Cell::Integer(i64::from(r)));
    let mut row = vec![
        Cell::Text(s.key.clone()),
        Cell::Text(label),
        rank(s.rank.0),
        rank(s.rank.1),
        s.shift.map_or(Cell::Empty, Cell::Change),
        Cell::number(s.total.0),
        Cell::number(s.total.1),
        Cell::number(s.total.1.zip(s.total.0).map(|(a, b)| a - b)),
        Cell::Text(s.tier.0.clone().unwrap_or_default()),
        Cell::Text(s.tier.1.clone().unwrap_or_default()),
    ];
    row.extend(s.dimensions.iter().map(|(b, a)| Cell::number(a.zip(*b).map(|(a, b)| a - b))));
    row
}

fn side_by_side_header(first: &[&str]) -> Vec<String> {
    let mut header: Vec<String> = first.iter().map(|s| s.to_string()).collect();
    header.extend(
        [
            "rank before",
            "rank after",
            "rank shift",
            "total before",
            "total after",
            "total change",
            "tier before",
            "tier after",
        ]
        .map(String::from),
    );
    header.extend(DIMENSION_KEYS.iter().map(|d| format!("Δ {d}")));
    header
}

fn sheets(c: &Comparison, config: &Config) -> Vec<ReportSheet> {
    let mut notes = vec![format!("Before: {}", c.before), format!("After: {}", c.after)];
    for (what, a) in [("Projects", &c.projects), ("Districts", &c.districts)] {
        notes.push(format!(
            "{what}: {} compared, Spearman ρ = {:.4}, Kendall τ-b = {:.4}, {} moved, {} changed tier",
            a.compared, a.spearman, a.kendall, a.moved, a.tier_changes
        ));
    }
    notes.push(format!("Projects that changed tier only because others moved: {}", c.knock_on_tier_changes));
    let summary = ReportSheet {
        name: "Changes".into(),
        title: "What changed in the config".into(),
        notes,
        header: ["key", "before", "after"].map(String::from).to_vec(),
        rows: c
            .config_changes
            .iter()
            .map(|ch| vec![Cell::Text(ch.key.clone()), Cell::Text(ch.before.clone()), Cell::Text(ch.after.clone())])
            .collect(),
        ..Default::default()
    };
    let districts = ReportSheet {
        name: "Districts".into(),
        title: "Districts side by side".into(),
        header: side_by_side_header(&["district", "name"]),
        rows: c.district_shifts.iter().map(|s| side_by_side(s, config.district_display(&s.key))).collect(),
        chart: Some(ReportChart::Bars {
            title: "District rank shift (positive: moved up)".into(),
            category: 1,
            value: 4,
        }),
        ..Default::default()
    };
    let mut project_notes =
        vec!["Largest |rank shift| first. Driver: the indicator whose weighted score changed most.".to_string()];
    if c.project_shifts.len() > SHEET_ROWS {
        project_notes.push(format!(
            "The {SHEET_ROWS} largest movers of {}; `--format json` gives them all.",
            c.project_shifts.len()
        ));
    }
    let mut header = side_by_side_header(&["project_id", "district"]);
    header.extend(["knock-on tier change", "moved most by", "its change"].map(String::from));
    let projects = ReportSheet {
        name: "Projects".into(),
        title: "Projects side by side".into(),
        notes: project_notes,
        header,
        rows: c
            .project_shifts
            .iter()
            .take(SHEET_ROWS)
            .map(|s| {
                let mut row = side_by_side(s, config.district_display(&s.label));
                row.push(Cell::Text(if s.knock_on { "yes".into() } else { String::new() }));
                row.push(Cell::Text(s.driver.as_ref().map(|d| d.0.clone()).unwrap_or_default()));
                row.push(Cell::number(s.driver.as_ref().map(|d| d.1)));
                row
            })
            .collect(),
        ..Default::default()
    };
    vec![summary, districts, projects]
}
