//! `chainscore score`: the whole run — read, validate, score, write the sidecars
//! (and the workbook) into the output folder, print the ranking.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cmd::{Context, InputArgs, run_pipeline};
use crate::error::{EXIT_DATA, EXIT_OK, Error, Result};
use crate::issues::IssueCounts;
use crate::pipeline::{Scored, compare_with_baseline};
use crate::read::read_baseline;
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
    /// Output folder (default: [output] dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write the sidecars in these formats.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub emit: Vec<Emit>,
    /// Treat any error-level issue as a failure: write nothing, exit 65.
    #[arg(long)]
    pub strict: bool,
    /// An earlier run's output folder: the Districts sheet shows each district's
    /// rank change since then.
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// Print the wall time of each stage on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `score`; returns the exit code.
pub(crate) fn run(context: &Context, args: &ScoreArgs) -> Result<i32> {
    let started_at = summary::now_rfc3339();
    let (config, mut scored) = run_pipeline(context, &args.inputs)?;
    let counts = IssueCounts::of(&scored.issues);
    if args.strict && counts.error > 0 {
        for issue in scored.issues.iter().filter(|i| i.severity == crate::issues::Severity::Error) {
            context.logger.warn(&format!("error: {}: {}", issue.place(), issue.message));
        }
        return Err(Error::InvalidRows { errors: counts.error });
    }
    let out = args.out.clone().unwrap_or_else(|| crate::files::clean_path(&config.output_dir));
    if let Some(dir) = &args.baseline {
        compare_with_baseline(&mut scored, &read_baseline(dir)?)?;
    }
    let mut written = Vec::new();
    let mut timings = std::mem::take(&mut scored.timings);
    written.push(timings.time("workbook", || crate::write::workbook::write(&scored, &config, &out))?);
    timings.time("sidecars", || -> Result<()> {
        let sidecars = [
            ("projects", project_frame(&scored, &config)?),
            ("districts", district_frame(&scored, &config)?),
            ("chains", chain_frame(&scored)),
        ];
        for (name, frame) in &sidecars {
            sidecar::write_parquet(frame, &out.join(format!("{name}.parquet")))?;
            written.push(format!("{name}.parquet"));
        }
        if args.emit.contains(&Emit::Csv) {
            for (name, frame) in &sidecars {
                sidecar::write_csv(frame, &out.join(format!("{name}.csv")))?;
                written.push(format!("{name}.csv"));
            }
        }
        Ok(())
    })?;
    if args.timings {
        let rows: Vec<Vec<String>> =
            timings.0.iter().map(|(stage, seconds)| vec![stage.to_string(), format!("{seconds:.3}")]).collect();
        let total: f64 = timings.0.iter().map(|(_, s)| s).sum();
        let mut rows = rows;
        rows.push(vec!["total".into(), format!("{total:.3}")]);
        eprint!("{}", crate::cmd::table(&["STAGE", "SECONDS"], &rows));
    }
    scored.timings = timings;
    written.push("run.json".into());
    let run = summary::summarise(&scored, &config, started_at, written.clone())?;
    summary::write_summary(&run, &out.join("run.json"))?;
    // `--quiet` is for cron: nothing at all on success, the files say it all.
    if !context.logger.quiet {
        crate::cmd::emit(&render_ranking(&run, &scored, &config))?;
    }
    context.logger.info(&format!("wrote {} in {}", written.join(", "), out.display()));
    Ok(if counts.error > 0 && args.strict { EXIT_DATA } else { EXIT_OK })
}

/// The ranking as printed after a run.
pub(crate) fn render_ranking(run: &summary::RunSummary, scored: &Scored, config: &crate::config::Config) -> String {
    let mut out = format!(
        "{} {} — {}: {} project(s) scored, {} exempt, {} district(s); {} error(s), {} warning(s), {} info(s)\n\n",
        run.engine,
        run.version,
        run.period,
        run.projects_scored,
        run.projects_exempt,
        run.districts,
        run.issues.error,
        run.issues.warning,
        run.issues.info
    );
    let d = &scored.districts;
    let get_f = |name: &str, i: usize| d.column(name).ok().and_then(|c| c.f64().ok().and_then(|c| c.get(i)));
    let rows: Vec<Vec<String>> = (0..d.height())
        .map(|i| {
            let line = &run.ranking[i];
            vec![
                line.rank.map(|r| r.to_string()).unwrap_or_default(),
                line.tier.clone().unwrap_or_default(),
                config.district_display(&line.district),
                get_f("total", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("quality", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("capital_score", i).map(|v| format!("{v:.2}")).unwrap_or_default(),
                get_f("completion", i).map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into()),
                if line.gated == Some(true) { "gated".into() } else { String::new() },
            ]
        })
        .collect();
    out.push_str(&crate::cmd::table(
        &["RANK", "TIER", "DISTRICT", "TOTAL", "QUALITY", "CAPITAL", "COMPLETION", "GATE"],
        &rows,
    ));
    out
}
