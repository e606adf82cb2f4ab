//! Times the pipeline on generated inputs and reports peak memory.
//!
//!     cargo run --release --example generate -- --projects 50000 --months 12 --format xlsx --out /tmp/gen
//!     cargo run --release --example bench -- /tmp/gen [--period 2022Q4] [--draws 20] [--no-limits]
//!
//! Reads the inputs `generate` writes under DIR (every file in DIR/projects, every
//! file in DIR/capital, DIR/targets.*) with the bundled config and times each stage
//! separately: reading, validation, scoring (derive, normalise, aggregate, rank,
//! districts, chains), the workbook, and re-scoring with other weights on the
//! normalised frame (what a Monte Carlo draw costs). `--no-limits` lifts [limits]
//! for inputs larger than the config accepts.
//!
//! When every input is .xlsx it also measures the I/O floor in the same run:
//! calamine reading every cell of every input file, plus rust_xlsxwriter writing as
//! many cells as the scored projects and districts frames hold, into a buffer. The
//! ratio of chainscore's total to that floor says how much the engine adds to the
//! bare reading and writing. Peak resident memory is read from /proc/self/status:
//! the last line is the peak through chainscore's stages, before the floor runs.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chainscore::aggregate::Weights;
use chainscore::config::Config;
use chainscore::period::Period;
use chainscore::pipeline::{rescore, score};
use chainscore::read::{InputPaths, read_inputs};
use polars::prelude::{AnyValue, DataFrame};
use rust_xlsxwriter::Workbook;

// The allocator the binary uses (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error>;

const USAGE: &str = "usage: bench DIR [--period 2022Q4] [--draws 20] [--no-limits]";

/// Data rows per sheet of the floor's workbook (a sheet holds 1,048,576 rows).
const FLOOR_ROWS_PER_SHEET: usize = 1_000_000;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

struct Args {
    dir: PathBuf,
    period: String,
    draws: usize,
    no_limits: bool,
}

fn parse_args() -> Result<Args, Error> {
    let mut dir = None;
    let mut args = Args { dir: PathBuf::new(), period: "2022Q4".into(), draws: 20, no_limits: false };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match key.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--no-limits" => args.no_limits = true,
            "--period" | "--draws" => {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().ok_or_else(|| format!("{key} needs a value\n{USAGE}"))?,
                };
                if key == "--period" {
                    args.period = value;
                } else {
                    args.draws = value.parse().map_err(|_| format!("--draws wants a whole number, not `{value}`"))?;
                }
            }
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`\n{USAGE}").into()),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("one DIR only (`{arg}` is a second)\n{USAGE}").into()),
        }
    }
    args.dir = dir.ok_or_else(|| format!("DIR is required\n{USAGE}"))?;
    Ok(args)
}

fn is_input(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    path.is_file()
        && !name.starts_with('.')
        && !name.starts_with("~$")
        && matches!(ext.as_str(), "xlsx" | "xls" | "ods" | "csv" | "parquet")
}

/// The input files directly in `dir` whose stem passes `keep`, in path order.
fn inputs_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if is_input(&path) && keep(stem) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn strings(paths: &[PathBuf]) -> Vec<String> {
    paths.iter().map(|p| p.display().to_string()).collect()
}

fn is_xlsx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// calamine alone: every cell of every sheet of each file, each value touched.
/// Returns the cells read.
fn read_floor(files: &[PathBuf]) -> Result<usize, Error> {
    use calamine::{Data, Reader};
    let mut cells = 0usize;
    let mut touched = 0usize;
    for path in files {
        let mut workbook = calamine::open_workbook::<calamine::Xlsx<_>, _>(path)?;
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name)?;
            for (_, _, value) in range.used_cells() {
                touched = touched.wrapping_add(match black_box(value) {
                    Data::Float(f) => f.to_bits() as usize & 0xff,
                    Data::Int(i) => *i as usize & 0xff,
                    Data::String(s) => s.len(),
                    Data::Bool(b) => *b as usize,
                    _ => 1,
                });
                cells += 1;
            }
        }
    }
    black_box(touched);
    Ok(cells)
}

/// rust_xlsxwriter alone: each frame's header and values, one cell per value
/// (numbers as numbers, text as text, nulls left empty), into a buffer.
/// Returns the cells written and the workbook's size in bytes.
fn write_floor(frames: &[&DataFrame]) -> Result<(usize, usize), Error> {
    let mut workbook = Workbook::new();
    let mut cells = 0usize;
    for frame in frames {
        let height = frame.height();
        for chunk in 0..height.div_ceil(FLOOR_ROWS_PER_SHEET).max(1) {
            let start = chunk * FLOOR_ROWS_PER_SHEET;
            let length = FLOOR_ROWS_PER_SHEET.min(height - start);
            let sheet = workbook.add_worksheet();
            for (c, column) in frame.columns().iter().enumerate().take(16_384) {
                let col = c as u16;
                sheet.write_string(0, col, column.name().as_str())?;
                cells += 1;
                let series = column.as_materialized_series().slice(start as i64, length);
                for (i, value) in series.iter().enumerate() {
                    let row = 1 + i as u32;
                    match value {
                        AnyValue::Null => continue,
                        AnyValue::Boolean(b) => {
                            sheet.write_boolean(row, col, b)?;
                        }
                        AnyValue::String(s) => {
                            sheet.write_string(row, col, s)?;
                        }
                        AnyValue::StringOwned(s) => {
                            sheet.write_string(row, col, s.as_str())?;
                        }
                        other => match other.extract::<f64>() {
                            Some(n) => {
                                sheet.write_number(row, col, n)?;
                            }
                            None => {
                                sheet.write_string(row, col, other.to_string())?;
                            }
                        },
                    }
                    cells += 1;
                }
            }
        }
    }
    let bytes = workbook.save_to_buffer()?;
    Ok((cells, bytes.len()))
}

fn row(stage: &str, seconds: f64, detail: &str) {
    println!("{stage:<24}{seconds:>10.3}  {detail}");
}

fn main() -> Result<(), Error> {
    let args = parse_args()?;
    let period: Period = args.period.parse()?;
    let projects = inputs_in(&args.dir.join("projects"), |_| true)?;
    if projects.is_empty() {
        return Err(format!("no project register in {}", args.dir.join("projects").display()).into());
    }
    let capital_dir = args.dir.join("capital");
    let capital = if capital_dir.is_dir() { inputs_in(&capital_dir, |_| true)? } else { Vec::new() };
    let targets = inputs_in(&args.dir, |stem| stem == "targets")?;
    let all: Vec<PathBuf> = projects.iter().chain(&capital).chain(&targets).cloned().collect();
    let mut input_bytes = 0u64;
    for path in &all {
        input_bytes += std::fs::metadata(path)?.len();
    }

    let mut config = Config::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml")))?;
    if args.no_limits {
        config.limits.max_cells = u64::MAX / 4;
        // In MiB; multiplied by 2^20 when checked, so no higher than this.
        config.limits.max_file_mb = 1 << 40;
        config.limits.max_uncompressed_mb = 1 << 40;
    }
    let paths = InputPaths {
        projects: strings(&projects),
        capital: strings(&capital),
        targets: strings(&targets),
        operations: Vec::new(),
    };

    let t = Instant::now();
    let inputs = read_inputs(&paths, &config)?;
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let validated = chainscore::validate::validate(inputs, &config, period)?;
    let validate = t.elapsed().as_secs_f64();
    let (project_rows, ledger_rows) = (validated.projects.height(), validated.ledger.height());
    let (issues, errors) = (validated.issues.len(), validated.error_count());
    let targets_frame = validated.targets.clone();
    let t = Instant::now();
    let scored = score(validated, &config)?;
    let scoring = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let diagnostics = chainscore::diagnostics::diagnose(&scored.projects, &config)?;
    let bytes = chainscore::write::workbook::build(&scored, &config, &diagnostics)?;
    let workbook = t.elapsed().as_secs_f64();
    let total = read + validate + scoring + workbook;

    let base = Weights::from_config(&config);
    let t = Instant::now();
    for draw in 0..args.draws {
        let factor = 1.0 + 0.01 * draw as f64;
        let dims: Vec<f64> =
            base.dimensions.iter().enumerate().map(|(d, w)| if d == 0 { w * factor } else { *w }).collect();
        let weights = Weights::from_raw(&config, &dims, &base.indicators);
        black_box(rescore(scored.normalised.clone(), &targets_frame, &config, scored.period, &weights)?);
    }
    let per_draw = if args.draws > 0 { t.elapsed().as_secs_f64() / args.draws as f64 } else { f64::NAN };
    let peak = peak_rss_mb();

    println!(
        "{}: {} input files ({:.1} MB), period {}{}",
        args.dir.display(),
        all.len(),
        input_bytes as f64 / 1e6,
        args.period,
        if args.no_limits { ", limits lifted" } else { "" }
    );
    println!("{:<24}{:>10}  detail", "stage", "seconds");
    row(
        "read",
        read,
        &format!("{} registers, {} ledgers, {} target files", projects.len(), capital.len(), targets.len()),
    );
    row(
        "validate",
        validate,
        &format!("{project_rows} projects, {ledger_rows} ledger rows kept; {issues} issues ({errors} errors)"),
    );
    row(
        "score",
        scoring,
        &format!("{} projects ranked, {} districts", scored.projects.height(), scored.districts.height()),
    );
    row("workbook", workbook, &format!("{:.1} MB", bytes.len() as f64 / 1e6));
    row("chainscore total", total, "read + validate + score + workbook");
    if args.draws > 0 {
        row("re-score per draw", per_draw, &format!("{} draws", args.draws));
    }

    if all.iter().all(|p| is_xlsx(p)) {
        let t = Instant::now();
        let cells_read = read_floor(&all)?;
        let floor_read = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (cells_written, floor_bytes) = write_floor(&[&scored.projects, &scored.districts])?;
        let floor_write = t.elapsed().as_secs_f64();
        let floor = floor_read + floor_write;
        row("floor: calamine read", floor_read, &format!("{cells_read} cells"));
        row(
            "floor: xlsxwriter write",
            floor_write,
            &format!("{cells_written} cells, {:.1} MB", floor_bytes as f64 / 1e6),
        );
        row("floor total", floor, "");
        println!("{:<24}{:>10.2}  ×", "chainscore / floor", total / floor);
        println!("{:<24}{:>10.0}  MB", "peak incl. floor", peak_rss_mb());
    } else {
        println!("(no I/O floor: the inputs are not all .xlsx)");
    }
    println!("peak {peak:.0} MB");
    Ok(())
}
