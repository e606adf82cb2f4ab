//! The unattended run (issue H): the built-in config from any folder, one
//! output folder per period, locks, staging, exit codes.

use crate::support::{Test, Workdir, root};

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
        .stderr_has("built-in config")
        .stderr_has("--config FILE")
        .run();
}
