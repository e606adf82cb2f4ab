//! The unattended run (issue H): the built-in config from any folder, one
//! output folder per period, locks, staging, exit codes.

use crate::support::{Test, Workdir, big_register, root};

/// A config in `work` that extends the built-in one and reads the sample by
/// absolute paths.
fn cron_config(work: &Workdir, extra: &str) -> std::path::PathBuf {
    let sample = root().join("fixtures/sample");
    work.write(
        "chainscore.toml",
        &format!(
            "extends = \"builtin\"\n[inputs]\nprojects = [{:?}]\ncapital = [{:?}]\ntargets = [{:?}]\n{extra}",
            sample.join("projects/*").to_string_lossy(),
            sample.join("capital/*.xlsx").to_string_lossy(),
            sample.join("targets.xlsx").to_string_lossy(),
        ),
    )
}

#[test]
fn the_built_in_config_works_from_any_folder() {
    let work = Workdir::new();
    let config = cron_config(&work, "[output]\ndir = \"results\"\n");
    // Run from an unrelated folder: nothing relative to the source tree is needed.
    Test::new().current_dir(work.path()).args(["-q", "--config", config.to_str().unwrap(), "score"]).run();
    assert!(work.join("results").exists(), "outputs under the config's own folder");
    // Without --config the built-in config reads the sample of the source folder;
    // elsewhere it says what to do.
    Test::new()
        .current_dir(work.path())
        .args(["-q", "score"])
        .code(74)
        .stderr_has("：内置配置读取 chainscore 源码中的示例数据（")
        .stderr_has("，这里没有。先运行 chainscore init DIR 生成模板和配置，再用 --config DIR/chainscore.toml")
        .run();
}

/// Reads every file of a folder: name → bytes.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// run.json without the fields that say when the run was.
fn run_json_without_times(bytes: &[u8]) -> serde_json::Value {
    let mut json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    for key in ["started_at", "finished_at", "stages", "duration_seconds"] {
        json.as_object_mut().unwrap().remove(key);
    }
    json
}

#[test]
fn two_consecutive_runs_into_one_folder_give_identical_outputs() {
    let work = Workdir::new();
    let out = work.join("out");
    let run = || Test::new().args(["-q", "score", "--emit", "csv", "--out"]).arg(&out).run();
    run();
    let first = snapshot(&out.join("2022Q4"));
    run();
    let second = snapshot(&out.join("2022Q4"));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        if name == "run.json" {
            assert_eq!(run_json_without_times(bytes), run_json_without_times(&second[name]));
        } else {
            assert!(bytes == &second[name], "{name} differs between two runs");
        }
    }
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, [".chainscore.lock", "2022Q4", "last-run.json"], "nothing else beside the period folder");
}

#[test]
fn a_second_run_on_a_locked_folder_exits_75_naming_the_holder() {
    let work = Workdir::new();
    let out = work.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(out.join(".chainscore.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(out.join(".chainscore.lock"), format!("pid={}\nstarted=2026-11-27T02:00:00Z\n", std::process::id()))
        .unwrap();
    Test::new()
        .args(["-q", "score", "--out"])
        .arg(&out)
        .code(75)
        .stderr_has(&format!(
            "{}：另一个 chainscore 进程（pid {}，开始于 2026-11-27T02:00:00Z）正在写入此输出文件夹",
            out.display(),
            std::process::id()
        ))
        .run();
    assert!(!out.join("2022Q4").exists(), "the refused run wrote nothing");
    drop(lock);
    // The holder gone, its lock file left behind is taken over with a warning.
    Test::new()
        .args(["-q", "score", "--out"])
        .arg(&out)
        .stderr_has(&format!(
            "警告：上一次运行（pid {}，开始于 2026-11-27T02:00:00Z）已不在，其锁已接管",
            std::process::id()
        ))
        .run();
    assert!(out.join("2022Q4/run.json").exists());
}

#[test]
fn a_run_killed_while_writing_leaves_the_earlier_outputs_untouched() {
    let work = Workdir::new();
    let out = work.join("out");
    Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    let before = snapshot(&out.join("2022Q4"));
    let register = big_register(&work, 40_000, false);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chainscore"))
        .current_dir(root())
        .args(["-q", "score", "--projects"])
        .arg(&register)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it is writing its staged outputs, then kill it outright.
    let staging = out.join(format!(".staging-2022Q4-{}", child.id()));
    let started = std::time::Instant::now();
    while !(staging.exists() && std::fs::read_dir(&staging).map(|d| d.count() > 0).unwrap_or(false)) {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it was killed");
        assert!(started.elapsed().as_secs() < 120, "the run never started writing");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no cleanup can run.
    child.wait().unwrap();
    assert_eq!(snapshot(&out.join("2022Q4")), before, "the period's earlier outputs are byte-identical");
    // What the killed run left is only its staging folder, which the next run removes.
    Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging") || n.starts_with(".retired"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sigterm_removes_the_staging_folder() {
    let work = Workdir::new();
    let out = work.join("out");
    let register = big_register(&work, 40_000, false);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chainscore"))
        .current_dir(root())
        .args(["-q", "score", "--projects"])
        .arg(&register)
        .arg("--out")
        .arg(&out)
        .spawn()
        .unwrap();
    let staging = out.join(format!(".staging-2022Q4-{}", child.id()));
    let started = std::time::Instant::now();
    while !staging.exists() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before the signal");
        assert!(started.elapsed().as_secs() < 120, "the run never started staging");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(128 + libc::SIGTERM));
    assert!(!staging.exists(), "SIGTERM removed the staging folder");
    assert!(!out.join("2022Q4").exists());
    // last-run.json says the run was interrupted, for a monitor reading it.
    let last: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("last-run.json")).unwrap()).unwrap();
    assert_eq!((last["status"].as_str(), last["signal"].as_str()), (Some("interrupted"), Some("SIGTERM")), "{last}");
    assert_eq!(last["exit_code"], 143);
    // The next run says so too, not that the previous run vanished.
    Test::new()
        .args(["score", "--out"])
        .arg(&out)
        .stderr_has("被 SIGTERM 信号中断，未写出结果；本次运行照常进行")
        .run();
}

/// A sidecar as key → (rank, tier, total, rank_change, tier_before, total_change).
type Changes = std::collections::HashMap<
    String,
    (Option<f64>, Option<String>, Option<f64>, Option<f64>, Option<String>, Option<f64>),
>;

fn changes(path: &std::path::Path, key: &str) -> Changes {
    use crate::support::{numbers, read_parquet, strings};
    let frame = read_parquet(path);
    let column =
        |name: &str| if frame.column(name).is_ok() { numbers(&frame, name) } else { vec![None; frame.height()] };
    let text = |name: &str| if frame.column(name).is_ok() { strings(&frame, name) } else { vec![None; frame.height()] };
    let (ranks, tiers, totals) = (column("rank"), text("tier"), column("total"));
    let (rank_change, tier_before, total_change) = (column("rank_change"), text("tier_before"), column("total_change"));
    strings(&frame, key)
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            (
                k.unwrap(),
                (ranks[i], tiers[i].clone(), totals[i], rank_change[i], tier_before[i].clone(), total_change[i]),
            )
        })
        .collect()
}

/// Each change in `now` is its rank, tier and total against `before`'s.
fn assert_changes_against(now: &Changes, before: &Changes, what: &str) -> usize {
    let mut compared = 0;
    for (key, (rank, tier, total, rank_change, tier_before, total_change)) in now {
        match before.get(key) {
            Some((rank0, tier0, total0, ..)) if rank0.is_some() && rank.is_some() => {
                assert_eq!(*rank_change, Some(rank0.unwrap() - rank.unwrap()), "{what} {key} rank change");
                assert_eq!(tier_before, tier0, "{what} {key} tier before");
                let expected = total.unwrap() - total0.unwrap();
                assert!((total_change.unwrap() - expected).abs() < 1e-9, "{what} {key} total change");
                let _ = tier;
                compared += 1;
            }
            _ => assert_eq!(*rank_change, None, "{what} {key} has no earlier rank"),
        }
    }
    compared
}

#[test]
fn baseline_previous_compares_with_the_latest_earlier_period_also_across_a_year() {
    let work = Workdir::new();
    let config = work.config("previous.toml", "[output]\nbaseline = \"previous\"\n");
    let out = work.join("out");
    let score = |period: &str| {
        Test::new()
            .args(["-q", "--config", config.to_str().unwrap(), "score", "--period", period, "--out"])
            .arg(&out)
            .run()
    };
    // The first period has no earlier folder: no baseline, no change columns.
    score("2022Q3");
    let q3 = changes(&out.join("2022Q3/districts.parquet"), "district");
    assert!(q3.values().all(|c| c.3.is_none()));
    for (now, before) in [("2022Q4", "2022Q3"), ("2023Q1", "2022Q4")] {
        score(now);
        for (file, key, what) in
            [("districts.parquet", "district", "district"), ("projects.parquet", "project_id", "project")]
        {
            let compared = assert_changes_against(
                &changes(&out.join(now).join(file), key),
                &changes(&out.join(before).join(file), key),
                what,
            );
            assert!(compared > 0, "{now}: some {what} is in both runs");
        }
        let run: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(now).join("run.json")).unwrap()).unwrap();
        assert!(run["baseline"]["folder"].as_str().unwrap().ends_with(before), "{}", run["baseline"]);
        assert!(run["baseline"]["warnings"].as_array().unwrap().is_empty(), "same config: {}", run["baseline"]);
    }
}

#[test]
fn log_lines_are_json_for_shippers_and_quiet_is_silent() {
    let work = Workdir::new();
    let out = work.join("out");
    let outcome = Test::new().args(["--log-format", "json", "score", "--out"]).arg(&out).run();
    let lines: Vec<serde_json::Value> =
        outcome.stderr.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect();
    assert!(lines.len() >= 3, "{}", outcome.stderr);
    assert!(lines.iter().all(|l| l["level"] == "INFO" && l["fields"]["message"].is_string()));
    assert!(lines.iter().any(|l| {
        let message = l["fields"]["message"].as_str().unwrap();
        message.starts_with("已写入 ") && message.contains("2022Q4：evaluation-2022Q4.xlsx、")
    }));
    // The error line too is JSON, with the message's code and the exit code.
    let outcome = Test::new()
        .args(["--log-format", "json", "validate", "--projects"])
        .arg(root().join("fixtures/broken/biff4.xls"))
        .code(74)
        .run();
    let last: serde_json::Value = serde_json::from_str(outcome.stderr.lines().last().unwrap()).unwrap();
    assert_eq!((last["level"].as_str(), last["fields"]["code"].as_str()), (Some("ERROR"), Some("R339")));
    assert_eq!(last["fields"]["exit"], 74);
    assert!(last["fields"]["message"].as_str().unwrap().contains("biff4.xls：这是 Excel 4.0 的旧格式工作簿"));
    // RUST_LOG=warn keeps only warnings; --quiet prints nothing at all on success.
    let outcome = Test::new().env("RUST_LOG", "warn").args(["score", "--out"]).arg(&out).run();
    assert_eq!(outcome.stderr, "");
    let outcome = Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    assert_eq!((outcome.stdout.as_str(), outcome.stderr.as_str()), ("", ""));
}

#[test]
fn a_folder_of_the_user_s_is_never_replaced_and_inputs_inside_the_target_are_refused() {
    let work = Workdir::new();
    let data = work.join("data");
    // The registers kept in data/2022Q4: `--out data` would replace that folder.
    std::fs::create_dir_all(data.join("2022Q4")).unwrap();
    let register = data.join("2022Q4/projects.xlsx");
    std::fs::copy(root().join("fixtures/sample/projects/01-wuhua.xlsx"), &register).unwrap();
    Test::new()
        .args(["-q", "score", "--projects"])
        .arg(&register)
        .arg("--out")
        .arg(&data)
        .code(74)
        .stderr_has("2022Q4 不是 chainscore 以前写出的期间文件夹，不能替换")
        .run();
    assert!(register.exists(), "the user's file is untouched");
    // Inside an earlier output folder of ours, an input is refused too.
    let out = work.join("out");
    Test::new().args(["-q", "score", "--out"]).arg(&out).run();
    let inside = out.join("2022Q4/copied.xlsx");
    std::fs::copy(root().join("fixtures/sample/projects/01-wuhua.xlsx"), &inside).unwrap();
    Test::new()
        .args(["-q", "score", "--projects"])
        .arg(&inside)
        .arg("--out")
        .arg(&out)
        .code(2)
        .stderr_has("位于本次运行将整体替换的输出文件夹")
        .run();
    assert!(inside.exists());
}

/// A workbook someone has open leaves a lock file beside it (`~$…` from Excel,
/// `.~…` from WPS); the quarterly run passes over it with a warning naming it
/// instead of stopping on a file that is not a workbook.
#[test]
fn a_lock_file_beside_the_registers_does_not_stop_the_run() {
    let work = Workdir::new();
    let registers = work.join("registers");
    std::fs::create_dir_all(&registers).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/sample/projects")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), registers.join(entry.file_name())).unwrap();
    }
    // What Excel and WPS leave: a few bytes that are not a zip archive.
    std::fs::write(registers.join("~$01-wuhua.xlsx"), b"\x0cuser name").unwrap();
    std::fs::write(registers.join(".~02-panlong.xlsx"), b"\x0cuser name").unwrap();
    let json = Test::new()
        .args(["-q", "validate", "--format", "json", "--projects"])
        .arg(format!("{}/*", registers.display()))
        .run()
        .json();
    let locks: Vec<&serde_json::Value> =
        json["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "V107").collect();
    assert_eq!(locks.len(), 2, "{locks:?}");
    assert!(locks.iter().all(|i| i["severity"] == "warning"));
    assert!(locks.iter().any(|i| i["file"].as_str().unwrap().ends_with("/~$01-wuhua.xlsx")), "{locks:?}");
    Test::new()
        .args(["-q", "score", "--out"])
        .arg(work.join("out"))
        .arg("--projects")
        .arg(format!("{}/*", registers.display()))
        .run();
}

/// `[output] dir` is relative to the config's folder, as its inputs are: the
/// starter config `init` writes, run by cron from `/`, writes beside itself,
/// not into `/out`.
#[test]
fn the_output_folder_is_relative_to_the_config() {
    let work = Workdir::new();
    let eval = work.join("eval");
    Test::new().args(["-q", "init"]).arg(&eval).run();
    let config = eval.join("chainscore.toml");
    // The templates are blank: score the sample with the starter config.
    let sample = root().join("fixtures/sample");
    Test::new()
        .current_dir("/")
        .args(["-q", "--config"])
        .arg(&config)
        .args(["score", "--projects"])
        .arg(sample.join("projects/*"))
        .arg("--capital")
        .arg(sample.join("capital/*.xlsx"))
        .arg("--targets")
        .arg(sample.join("targets.xlsx"))
        .run();
    assert!(eval.join("out/2022Q4/evaluation-2022Q4.xlsx").is_file(), "outputs beside the config");
    // run.json and last-run.json record the folder as an absolute path.
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(eval.join("out/last-run.json")).unwrap()).unwrap();
    assert_eq!(run["output_folder"].as_str(), Some(eval.join("out/2022Q4").to_str().unwrap()));
    // --out stays relative to the current folder.
    Test::new()
        .current_dir(work.path())
        .args(["--config"])
        .arg(&config)
        .args(["score", "--out", "here", "--projects"])
        .arg(sample.join("projects/*"))
        .stderr_has(&format!("{}：", work.join("here/2022Q4").display()))
        .run();
    assert!(work.join("here/2022Q4/evaluation-2022Q4.xlsx").is_file());
}
