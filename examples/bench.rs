//! Times the pipeline on generated inputs of a chosen size and reports peak memory.
//!
//!     cargo run --release --example bench -- [PROJECTS] [LEDGER_ROWS]
//!
//! Writes a register (.xlsx) and a ledger (.xlsx) into a temporary folder, then
//! times each stage separately: reading, validation, scoring (derive, normalise,
//! aggregate, rank, districts), the workbook, and re-scoring with other weights on
//! the normalised frame (what a Monte Carlo draw costs). Peak resident memory is read
//! from /proc/self/status.

use std::time::Instant;

use chainscore::aggregate::Weights;
use chainscore::config::Config;
use chainscore::pipeline::{rescore, score};
use chainscore::read::{InputPaths, read_inputs};
use rand::{RngExt, SeedableRng};
use rust_xlsxwriter::Workbook;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let projects = args.first().copied().unwrap_or(20_000);
    let ledger_rows = args.get(1).copied().unwrap_or(projects * 12);
    let dir = tempfile::tempdir()?;
    let mut rng = chacha20::ChaCha8Rng::seed_from_u64(7);
    let districts = ["五华区", "盘龙区", "官渡区", "西山区", "安宁市", "昆明高新区", "昆明经开区", "嵩明县"];
    let chains = ["新材料", "电子信息", "生物医药", "先进装备制造", "化工", "冶金"];
    let parks = ["昆明高新技术产业开发区", "昆明经济技术开发区", "安宁工业园区", ""];
    let tiers = ["世界500强", "中国500强", "行业龙头", "上市公司", "其他"];

    let started = Instant::now();
    let register = dir.path().join("register.xlsx");
    {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let head = [
            "项目编号",
            "项目名称",
            "所属县区",
            "所在园区",
            "所属产业链",
            "投资方类别",
            "签约时间",
            "计划总投资",
            "固定资产投资",
            "用地面积",
            "达产年产值",
            "达产年税收",
            "研发投入",
            "是否高新技术企业",
            "发明专利",
        ];
        for (c, h) in head.iter().enumerate() {
            sheet.write_string(0, c as u16, *h)?;
        }
        for i in 0..projects {
            let r = i as u32 + 1;
            let total: f64 = rng.random_range(1000.0..500_000.0);
            sheet.write_string(r, 0, format!("P{i:07}"))?;
            sheet.write_string(r, 1, format!("项目{i}"))?;
            sheet.write_string(r, 2, districts[i % districts.len()])?;
            sheet.write_string(r, 3, parks[rng.random_range(0..parks.len())])?;
            sheet.write_string(r, 4, chains[rng.random_range(0..chains.len())])?;
            sheet.write_string(r, 5, tiers[rng.random_range(0..tiers.len())])?;
            sheet.write_string(r, 6, format!("2022-{:02}-{:02}", rng.random_range(1..13), rng.random_range(1..29)))?;
            sheet.write_number(r, 7, total)?;
            sheet.write_number(r, 8, total * 0.8)?;
            sheet.write_number(r, 9, rng.random_range(5.0..500.0))?;
            sheet.write_number(r, 10, total * rng.random_range(0.5..3.0))?;
            sheet.write_number(r, 11, total * 0.05)?;
            sheet.write_number(r, 12, total * 0.02)?;
            sheet.write_string(r, 13, if rng.random_bool(0.4) { "是" } else { "否" })?;
            sheet.write_number(r, 14, rng.random_range(0..30) as f64)?;
        }
        workbook.save(&register)?;
    }
    let ledger = dir.path().join("ledger.xlsx");
    {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, h) in ["项目编号", "月份", "内资到位", "外资到位（万美元）"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h)?;
        }
        for i in 0..ledger_rows {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, format!("P{:07}", rng.random_range(0..projects)))?;
            sheet.write_string(r, 1, format!("2022-{:02}", rng.random_range(1..13)))?;
            sheet.write_number(r, 2, rng.random_range(0.0..5000.0))?;
            if rng.random_bool(0.1) {
                sheet.write_number(r, 3, rng.random_range(0.0..100.0))?;
            }
        }
        workbook.save(&ledger)?;
    }
    let sizes = (std::fs::metadata(&register)?.len() as f64 / 1e6, std::fs::metadata(&ledger)?.len() as f64 / 1e6);
    println!(
        "generated {projects} projects ({:.1} MB) and {ledger_rows} ledger rows ({:.1} MB) in {:.1} s",
        sizes.0,
        sizes.1,
        started.elapsed().as_secs_f64()
    );

    // calamine alone on the same files: the floor our reading can approach.
    let t = Instant::now();
    let mut cells = 0usize;
    for path in [&register, &ledger] {
        use calamine::Reader;
        let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path)?;
        let name = workbook.sheet_names()[0].clone();
        cells += workbook.worksheet_range(&name)?.used_cells().count();
    }
    let calamine_alone = t.elapsed().as_secs_f64();

    let config = Config::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml")))?;
    let paths = InputPaths {
        projects: vec![register.display().to_string()],
        capital: vec![ledger.display().to_string()],
        targets: Vec::new(),
    };
    let t = Instant::now();
    let inputs = read_inputs(&paths, &config)?;
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let validated = chainscore::validate::validate(inputs, &config, "2022Q4".parse()?)?;
    let validate = t.elapsed().as_secs_f64();
    let targets = validated.targets.clone();
    let t = Instant::now();
    let scored = score(validated, &config)?;
    let scoring = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let bytes = chainscore::write::workbook::build(&scored, &config)?;
    let workbook = t.elapsed().as_secs_f64();
    let draws = 20;
    let t = Instant::now();
    let base = Weights::from_config(&config);
    for draw in 0..draws {
        let factor = 1.0 + 0.01 * draw as f64;
        let dims: Vec<f64> =
            base.dimensions.iter().enumerate().map(|(d, w)| if d == 0 { w * factor } else { *w }).collect();
        let weights = Weights::from_raw(&config, &dims, &base.indicators);
        rescore(&scored.normalised, &targets, &config, scored.period, &weights)?;
    }
    let per_draw = t.elapsed().as_secs_f64() / draws as f64;
    println!(
        "calamine alone {calamine_alone:.2} s for {cells} cells; chainscore reading {:.1}× that",
        read / calamine_alone
    );
    println!(
        "read {read:.2} s · validate {validate:.2} s · score {scoring:.2} s · workbook {workbook:.2} s ({:.1} MB) · re-score {:.0} ms per weight draw",
        bytes.len() as f64 / 1e6,
        per_draw * 1000.0
    );
    println!(
        "{} projects scored, {} districts; peak memory {:.0} MB",
        scored.projects.height(),
        scored.districts.height(),
        peak_rss_mb()
    );
    Ok(())
}
