//! Scores the same inputs many times in one process and reports resident memory,
//! to show that nothing accumulates from run to run (caches, interned strings,
//! thread-local buffers, a leak in a reader).
//!
//!     cargo run --release --example soak -- [--runs 200] [--projects GLOB --capital GLOB --targets GLOB]
//!
//! Each run does what `score` does in memory: read every input, validate, score,
//! build the workbook (not written). Without inputs it reads the bundled sample.
//! It prints the resident set (VmRSS) after the first run, every 25th run and
//! the last, and the growth from the first to the last; the peak (VmHWM) too.

use std::path::Path;
use std::time::Instant;

use chainscore::config::Config;
use chainscore::pipeline::score;
use chainscore::read::{InputPaths, read_inputs};

type Error = Box<dyn std::error::Error>;

const USAGE: &str = "usage: soak [--runs 200] [--projects GLOB --capital GLOB --targets GLOB]";

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn main() -> Result<(), Error> {
    let mut runs = 200usize;
    let (mut projects, mut capital, mut targets) = (Vec::new(), Vec::new(), Vec::new());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--runs" => runs = value()?.parse().map_err(|_| format!("--runs wants a whole number\n{USAGE}"))?,
            "--projects" => projects.push(value()?),
            "--capital" => capital.push(value()?),
            "--targets" => targets.push(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}").into()),
        }
    }
    let config = Config::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml")))?;
    let paths = InputPaths::resolve(&config, &projects, &capital, &targets, &[]);
    let period = config.period;
    let started = Instant::now();
    let mut first = 0;
    let mut rows = 0;
    for run in 1..=runs {
        let inputs = read_inputs(&paths, &config)?;
        let validated = chainscore::validate::validate(inputs, &config, period)?;
        let scored = score(validated, &config)?;
        let diagnostics = chainscore::diagnostics::diagnose(&scored.projects, &config)?;
        let workbook = chainscore::write::workbook::build(&scored, &config, &diagnostics)?;
        rows = scored.projects.height();
        std::hint::black_box(workbook);
        let rss = status_kb("VmRSS:");
        if run == 1 {
            first = rss;
        }
        if run == 1 || run % 25 == 0 || run == runs {
            println!("run {run:>4}: VmRSS {:>7.1} MB", rss as f64 / 1024.0);
        }
    }
    let last = status_kb("VmRSS:");
    println!(
        "{runs} runs of {rows} projects in {:.1} s: VmRSS first {:.1} MB, last {:.1} MB, growth {:+.1} MB ({:+.1} %); VmHWM {:.1} MB",
        started.elapsed().as_secs_f64(),
        first as f64 / 1024.0,
        last as f64 / 1024.0,
        (last as f64 - first as f64) / 1024.0,
        100.0 * (last as f64 - first as f64) / first.max(1) as f64,
        status_kb("VmHWM:") as f64 / 1024.0,
    );
    Ok(())
}
