//! `chainscore score`: the whole run — read, validate, score, write the sidecars
//! (and the workbook) into the output folder, print the ranking.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cmd::{Context, InputArgs, run_pipeline_with};
use crate::config::{Baseline, Config};
use crate::error::{EXIT_OK, Error, Result};
use crate::i18n::{Kind, L, Msg, Say};
use crate::issues::IssueCounts;
use crate::period::Period;
use crate::pipeline::{Scored, compare_with_baseline};
use crate::read::read_earlier_run;
use crate::write::folder::{self, OutputLock, Staging, previous_period_folder};
use crate::write::{chain_frame, district_frame, project_frame, sidecar, summary};

/// Extra formats of the sidecars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Emit {
    /// CSV copies of projects and districts.
    Csv,
}

/// Arguments of `score`.
#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// Inputs and period.
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Output folder (default: [output] dir); the outputs go into its subfolder
    /// for the period (out/2022Q4/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write the sidecars in these formats.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub emit: Vec<Emit>,
    /// Treat any error-level issue as a failure: write nothing, exit 65.
    #[arg(long)]
    pub strict: bool,
    /// An earlier run's period folder (out/2022Q3): each district's and project's
    /// rank, tier and total change since then (default: [output] baseline).
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// Print the wall time of each stage on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `score`; returns the exit code.
///
/// The output folder is locked for the whole run (a second run exits 75), and
/// the period's outputs are staged and put in place together (see
/// `write::folder`). A run that fails after taking the lock records the failure
/// in `<out>/last-run.json`, leaving the period's earlier outputs untouched.
pub(crate) fn run(context: &Context, args: &ScoreArgs) -> Result<i32> {
    let started = std::time::Instant::now();
    let started_at = summary::now_rfc3339();
    let config = context.load_config()?;
    let period = args.inputs.period(&config)?;
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    let (lock, stale) = OutputLock::acquire(&out, &started_at)?;
    if let Some(warning) = stale {
        context.warn(&config, &warning);
    }
    folder::clean_up_on_signals();
    let result = score_into(context, args, &config, &out, (&started_at, started));
    if let Err(error) = &result {
        let failed = summary::FailedRun {
            status: "failed".into(),
            exit_code: error.code(),
            error: error.render(config.cx()),
            code: error.message_code().to_string(),
            period: period.to_string(),
            started_at: started_at.clone(),
            finished_at: summary::now_rfc3339(),
        };
        // Best effort: the error itself is what the caller must see.
        let _ = summary::write_json(&failed, &out.join(LAST_RUN));
    }
    drop(lock);
    result
}

/// The record of the latest run beside the period folders, for monitoring.
const LAST_RUN: &str = "last-run.json";

/// The earlier run to compare with: `--baseline`, else the config's.
fn baseline_folder(args: &ScoreArgs, config: &Config, out: &Path, period: Period) -> Option<PathBuf> {
    args.baseline.clone().or_else(|| match &config.baseline {
        Baseline::None => None,
        Baseline::Previous => previous_period_folder(out, period),
        Baseline::Folder(folder) => Some(folder.clone()),
    })
}

/// `started`: when the run began, as recorded and as an instant.
fn score_into(
    context: &Context,
    args: &ScoreArgs,
    config: &Config,
    out: &Path,
    started: (&str, std::time::Instant),
) -> Result<i32> {
    let (started_at, started) = started;
    let mut scored = run_pipeline_with(context, config, &args.inputs)?;
    let counts = IssueCounts::of(&scored.issues);
    if args.strict && counts.error > 0 {
        let cx = config.cx();
        for issue in scored.issues.iter().filter(|i| i.severity == crate::issues::Severity::Error) {
            let place = issue.place(cx);
            context.logger.warn(&cx.msg(&Msg::StrictError { place, message: Box::new(issue.message.clone()) }));
        }
        return Err(Error::InvalidRows { errors: counts.error });
    }
    let mut baseline = None;
    match baseline_folder(args, config, out, scored.period) {
        Some(dir) => match read_earlier_run(&dir) {
            Ok(earlier) => {
                let warnings = compare_with_baseline(&mut scored, &earlier, config, &dir.display().to_string())?;
                for warning in &warnings {
                    context.warn(config, warning);
                }
                baseline = Some((dir, warnings));
            }
            Err(error) => context.warn(config, &Msg::BaselineUnreadable { error: error.render(config.cx()) }),
        },
        None if config.baseline == Baseline::Previous => {
            context.info(config, &Say::NoEarlierFolder { folder: out.display().to_string() })
        }
        None => {}
    }
    let staging = Staging::begin(out, &scored.period.to_string())?;
    // The period folder is replaced whole: an input inside it would go with it.
    let target = out.join(scored.period.to_string());
    if let Ok(target) = std::fs::canonicalize(&target) {
        for source in &scored.sources {
            if std::fs::canonicalize(&source.path).is_ok_and(|p| p.starts_with(&target)) {
                return Err(Error::Usage(Box::new(Msg::InputInsideOutput {
                    input: source.path.display().to_string(),
                    folder: target.display().to_string(),
                })));
            }
        }
    }
    let dir = staging.path().to_path_buf();
    let mut timings = std::mem::take(&mut scored.timings);
    // The sidecars are written on a thread of their own while this one takes
    // the diagnostics and writes the workbook: at a million projects each
    // takes a second or more, and they share nothing but the run they read.
    // Each stage's time is its own thread's.
    let (workbook, diagnostics, sidecars) = std::thread::scope(|scope| {
        let sidecars = scope.spawn(|| timed(|| write_sidecars(&scored, config, &dir, &args.emit)));
        let diagnostics = timed(|| crate::diagnostics::diagnose(&scored.projects, config));
        let workbook = match &diagnostics.0 {
            Ok(d) => timed(|| crate::write::workbook::write(&scored, config, d, &dir)),
            // No workbook without its diagnostics; their error is the one told.
            Err(_) => (Ok(String::new()), 0.0),
        };
        // A panic on the sidecars' thread is this run's panic, as it was when
        // they were written here.
        (workbook, diagnostics, sidecars.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    timings.record("diagnostics", diagnostics.1);
    timings.record("workbook", workbook.1);
    timings.record("sidecars", sidecars.1);
    let diagnostics = diagnostics.0?;
    let mut written = vec![workbook.0?];
    let (parquets, csvs) = sidecars.0?;
    written.extend(parquets);
    summary::write_json(&diagnostics, &dir.join("diagnostics.json"))?;
    written.push("diagnostics.json".into());
    written.extend(csvs);
    if args.timings {
        let cx = config.cx();
        let mut rows: Vec<Vec<String>> = timings
            .0
            .iter()
            .map(|(stage, seconds)| vec![cx.l(crate::log::stage_label(stage)).to_string(), format!("{seconds:.3}")])
            .collect();
        rows.push(vec![cx.l(L::StageTotal).to_string(), format!("{:.3}", started.elapsed().as_secs_f64())]);
        eprint!("{}", crate::cmd::table(&[cx.l(L::ColStage), cx.l(L::ColSeconds)], &rows));
    }
    scored.timings = timings;
    written.push("run.json".into());
    let mut run = summary::summarise(
        &scored,
        config,
        (started_at.to_string(), started.elapsed().as_secs_f64()),
        written.clone(),
    )?;
    if let Some((folder, warnings)) = baseline {
        run.baseline = Some(summary::baseline_summary(&scored, config, &folder, warnings)?);
    }
    let final_folder = out.join(scored.period.to_string());
    run.output_folder = std::path::absolute(&final_folder).unwrap_or(final_folder).display().to_string();
    summary::write_summary(&run, &dir.join("run.json"))?;
    let target = staging.commit()?;
    // The outputs are in place: a last-run.json that cannot be written is a
    // warning, not a failed run.
    if let Err(error) = summary::write_json(&run, &out.join(LAST_RUN)) {
        context.warn(config, &Msg::LastRunUnwritten { error: error.render(config.cx()) });
    }
    // `--quiet` is for cron: nothing at all on success, the files say it all.
    if !context.logger.quiet {
        crate::cmd::emit(&render_ranking(&run, &scored, config))?;
    }
    let target = std::path::absolute(&target).unwrap_or(target);
    context.info(config, &Say::Wrote { files: written, folder: target.display().to_string() });
    Ok(EXIT_OK)
}

/// Runs `f`, returning its value and how long it took in seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = std::time::Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64())
}

/// Writes the sidecars into `dir`: projects, districts and chains as parquet,
/// and as CSV with `--emit csv`; returns the names of each kind in that order.
fn write_sidecars(scored: &Scored, config: &Config, dir: &Path, emit: &[Emit]) -> Result<(Vec<String>, Vec<String>)> {
    let mut sidecars = vec![
        ("projects", project_frame(scored, config)?),
        ("districts", district_frame(scored, config)?),
        ("chains", chain_frame(scored)),
    ];
    // Each project's stage, deadlines and place on the overdue lists (spec 3.10).
    if let Some(tracked) = &scored.tracking {
        sidecars.push(("tracking", tracked.projects.clone()));
        sidecars.push(("checks", tracked.checks.clone()));
    }
    // Every issue, when the Issues sheet cannot list them all.
    if scored.issues.len() > crate::write::ISSUE_SHEET_ROWS {
        sidecars.push(("issues", crate::write::issue_frame(scored, config)?));
    }
    let (mut parquets, mut csvs) = (Vec::new(), Vec::new());
    for (name, frame) in &sidecars {
        sidecar::write_parquet(frame, &dir.join(format!("{name}.parquet")))?;
        parquets.push(format!("{name}.parquet"));
    }
    if emit.contains(&Emit::Csv) {
        for (name, frame) in &sidecars {
            sidecar::write_csv(frame, &dir.join(format!("{name}.csv")))?;
            csvs.push(format!("{name}.csv"));
        }
    }
    Ok((parquets, csvs))
}

/// The ranking as printed after a run.
pub(crate) fn render_ranking(run: &summary::RunSummary, scored: &Scored, config: &crate::config::Config) -> String {
    let cx = config.cx();
    let mut out = cx.say(&Say::RunHeadline {
        version: run.version.clone(),
        period: scored.period,
        projects: run.projects_scored,
        exempt: run.projects_exempt,
        districts: run.districts,
        errors: run.issues.error,
        warnings: run.issues.warning,
        infos: run.issues.info,
    });
    out.push_str("\n\n");
    let d = &scored.districts;
    let get_f = |name: &str, i: usize| d.column(name).ok().and_then(|c| c.f64().ok().and_then(|c| c.get(i)));
    let rows: Vec<Vec<String>> = (0..d.height())
        .map(|i| {
            let line = &run.ranking[i];
            vec![
                line.rank.map(|r| r.to_string()).unwrap_or_default(),
                line.tier.clone().unwrap_or_default(),
                cx.name(Kind::District, &line.district),
                get_f("total", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("quality", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("capital_score", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("completion", i).map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into()),
                gate_word(line.gated == Some(true), line.capped == Some(true), cx),
            ]
        })
        .collect();
    let header = [
        L::ColRank,
        L::ColTier,
        L::ColDistrict,
        L::ColTotal,
        L::ColQuality,
        L::ColCapital,
        L::ColCompletion,
        L::ColGate,
    ];
    out.push_str(&crate::cmd::table(&header.map(|l| cx.l(l)), &rows));
    out
}

/// The gate column: below the minimum completion, and whether the cap lowered
/// the tier (限档) or the district's total would have put it there anyway.
pub(crate) fn gate_word(gated: bool, capped: bool, cx: crate::i18n::Cx<'_>) -> String {
    match (gated, capped) {
        (true, true) => cx.l(L::GateCapped).to_string(),
        (true, false) => cx.l(L::GateBelow).to_string(),
        _ => String::new(),
    }
}
