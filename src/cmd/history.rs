//! `chainscore history`: every period folder of the output folder side by side
//! (see `analysis::history`). Prints each district's rank and tier per period
//! and the runs in the lowest tier; writes `history.xlsx` (the districts with a
//! line chart of their ranks, the projects' tiers, the runs) and
//! `history.parquet` (one row per district and period) into the output folder.
//! One period has nothing to compare: it says so and writes nothing.

use std::path::{Path, PathBuf};

use clap::Args;
use polars::prelude::*;

use crate::analysis::history::{History, history};
use crate::cmd::{Context, Format};
use crate::config::Config;
use crate::error::{EXIT_OK, Result};
use crate::i18n::{Cx, Kind, L, Say};
use crate::write::report::{Cell, ReportChart, ReportSheet, write_report};

/// Arguments of `history`.
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The output folder holding the period folders (default: [output] dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `history`.
pub(crate) fn run(context: &Context, args: &HistoryArgs) -> Result<i32> {
    let config = context.load_config()?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let found = history(&out, &config)?;
    let cx = config.cx();
    if found.periods.len() < 2 {
        let period = found.periods.first().map(|p| p.period.clone()).unwrap_or_default();
        context.info(&config, &Say::HistoryNothing { folder: out.display().to_string(), period });
        if args.format == Format::Json {
            crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
        }
        return Ok(EXIT_OK);
    }
    let latest = found.periods.last().expect("two periods or more").value;
    let xlsx = out.join("history.xlsx");
    let title = cx.say(&Say::HistoryTitle { first: found.periods[0].value, last: latest });
    write_report(&xlsx, latest, &title, &sheets(&found, &config))?;
    let parquet = out.join("history.parquet");
    write_districts(&found, &parquet)?;
    match args.format {
        Format::Json => crate::cmd::emit(&format!("{}\n", serde_json::to_string_pretty(&found)?))?,
        Format::Text => crate::cmd::emit(&render(&found, cx, context.width))?,
    }
    let files: Vec<String> =
        [&xlsx, &parquet].iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    let folder = std::path::absolute(&out).unwrap_or(out.clone());
    context.info(&config, &Say::Wrote { files, folder: folder.display().to_string() });
    Ok(EXIT_OK)
}

/// A period's header: its name, with a mark when its config differs.
fn period_header(history: &History, i: usize, cx: Cx<'_>) -> String {
    let p = &history.periods[i];
    if p.other_config { format!("{}{}", p.period, cx.l(L::OtherConfigMark)) } else { p.period.clone() }
}

fn render(history: &History, cx: Cx<'_>, width: usize) -> String {
    let mut header: Vec<String> = vec![cx.l(L::District).to_string()];
    header.extend((0..history.periods.len()).map(|i| period_header(history, i, cx)));
    let rows: Vec<Vec<String>> = history
        .districts
        .iter()
        .map(|(key, points)| {
            std::iter::once(cx.name(Kind::District, key))
                .chain(points.iter().map(|p| match p {
                    Some(p) => format!(
                        "{} {}",
                        p.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                        p.tier.clone().unwrap_or_default()
                    ),
                    None => "—".into(),
                }))
                .collect()
        })
        .collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut out = crate::cmd::fit_table(&header_refs, &rows, width);
    if history.periods.iter().any(|p| p.other_config) {
        out.push_str(cx.l(L::OtherConfigNote));
        out.push('\n');
    }
    out.push('\n');
    if history.streaks.is_empty() {
        out.push_str(cx.l(L::NoStreaks));
        out.push('\n');
    }
    // Every district's run; the projects' longest ten (all in history.xlsx).
    let projects = history.streaks.iter().filter(|s| s.kind == "project").count();
    let shown = history
        .streaks
        .iter()
        .filter(|s| s.kind == "district")
        .chain(history.streaks.iter().filter(|s| s.kind == "project").take(PROJECT_STREAKS_SHOWN));
    for streak in shown {
        let who = match &streak.name {
            Some(name) => format!(
                "{} {name}{}{}{}",
                streak.key,
                cx.pick("（", " ("),
                cx.name(Kind::District, &streak.district),
                cx.pick("）", ")")
            ),
            None => cx.name(Kind::District, &streak.key),
        };
        out.push_str(&cx.say(&Say::StreakLine {
            who,
            periods: streak.periods,
            label: streak.label.clone().unwrap_or_default(),
        }));
        out.push('\n');
    }
    if projects > PROJECT_STREAKS_SHOWN {
        out.push_str(&cx.say(&Say::MoreStreaks { more: projects - PROJECT_STREAKS_SHOWN }));
        out.push('\n');
    }
    out
}

/// The projects' runs printed; the workbook lists them all.
const PROJECT_STREAKS_SHOWN: usize = 10;

fn sheets(history: &History, config: &Config) -> Vec<ReportSheet> {
    let cx = config.cx();
    let n = history.periods.len();
    let mut header = vec![cx.l(L::District).to_string()];
    header.extend((0..n).map(|i| period_header(history, i, cx)));
    header.extend((0..n).map(|i| format!("{} {}", history.periods[i].period, cx.l(L::ColTierWord))));
    let districts: Vec<Vec<Cell>> = history
        .districts
        .iter()
        .map(|(key, points)| {
            let mut row = vec![Cell::Text(cx.name(Kind::District, key))];
            row.extend(points.iter().map(|p| match p.as_ref().and_then(|p| p.rank) {
                Some(rank) => Cell::Integer(i64::from(rank)),
                None => Cell::Empty,
            }));
            row.extend(points.iter().map(|p| match p.as_ref().and_then(|p| p.tier.clone()) {
                Some(tier) => Cell::Tier(tier),
                None => Cell::Empty,
            }));
            row
        })
        .collect();
    let mut project_header =
        vec![cx.l(L::ProjectId).to_string(), cx.l(L::ProjectName).to_string(), cx.l(L::District).to_string()];
    project_header.extend(history.periods.iter().map(|p| p.period.clone()));
    let projects: Vec<Vec<Cell>> = history
        .projects
        .iter()
        .map(|(id, district, name, tiers)| {
            let mut row =
                vec![Cell::Text(id.clone()), Cell::Text(name.clone()), Cell::Text(cx.name(Kind::District, district))];
            row.extend(tiers.iter().map(|t| t.clone().map_or(Cell::Empty, Cell::Tier)));
            row
        })
        .collect();
    let streaks: Vec<Vec<Cell>> = history
        .streaks
        .iter()
        .map(|s| {
            vec![
                Cell::Text(
                    cx.l(if s.kind == "district" { L::KindDistrictWord } else { L::KindProjectWord }).to_string(),
                ),
                Cell::Text(if s.kind == "district" { cx.name(Kind::District, &s.key) } else { s.key.clone() }),
                Cell::Text(s.name.clone().unwrap_or_default()),
                Cell::Text(cx.name(Kind::District, &s.district)),
                Cell::Integer(s.periods as i64),
                Cell::Text(s.label.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let mut notes = vec![cx.say(&Say::HistoryPeriods { periods: n })];
    if history.periods.iter().any(|p| p.other_config) {
        notes.push(cx.l(L::OtherConfigNote).to_string());
    }
    vec![
        ReportSheet {
            name: cx.l(L::SheetHistoryDistricts).to_string(),
            title: cx.l(L::SheetHistoryDistricts).to_string(),
            notes,
            header,
            rows: districts,
            chart: Some(ReportChart::Lines {
                title: cx.l(L::ChartRanks).to_string(),
                name: 0,
                first: 1,
                last: n,
                axis_name: cx.l(L::ColRankWord).to_string(),
            }),
            ..ReportSheet::default()
        },
        ReportSheet {
            name: cx.l(L::SheetHistoryProjects).to_string(),
            title: cx.l(L::SheetHistoryProjects).to_string(),
            header: project_header,
            rows: projects,
            ..ReportSheet::default()
        },
        ReportSheet {
            name: cx.l(L::SheetStreaks).to_string(),
            title: cx.l(L::SheetStreaks).to_string(),
            notes: vec![cx.l(L::StreakRule).to_string()],
            header: [L::ColKindOf, L::ColWho, L::ProjectName, L::District, L::ColPeriodsInRow, L::ColMeaning]
                .iter()
                .map(|l| cx.l(*l).to_string())
                .collect(),
            rows: streaks,
            empty_note: Some(cx.l(L::NoStreaks).to_string()),
            ..ReportSheet::default()
        },
    ]
}

/// `history.parquet`: one row per district and period.
fn write_districts(history: &History, path: &Path) -> Result<()> {
    let (mut periods, mut keys, mut ranks, mut tiers, mut totals, mut completion, mut other) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (key, points) in &history.districts {
        for (i, point) in points.iter().enumerate() {
            let Some(point) = point else {
                continue;
            };
            periods.push(history.periods[i].period.clone());
            keys.push(key.clone());
            ranks.push(point.rank);
            tiers.push(point.tier.clone());
            totals.push(point.total);
            completion.push(point.completion);
            other.push(history.periods[i].other_config);
        }
    }
    let frame = DataFrame::new(
        periods.len(),
        vec![
            Column::new("period".into(), periods),
            Column::new("district".into(), keys),
            Column::new("rank".into(), ranks),
            Column::new("tier".into(), tiers),
            Column::new("total".into(), totals),
            Column::new("completion".into(), completion),
            Column::new("other_config".into(), other),
        ],
    )?;
    crate::write::sidecar::write_parquet(&frame, path)
}
