//! Config errors end to end: exit 78, the file, line, key and the nearest valid key.

use crate::support::{Test, Workdir};

#[test]
fn a_misspelt_key_names_its_line_and_the_nearest_key() {
    Test::new()
        .args(["--config", "fixtures/broken/unknown-key.toml", "validate"])
        .code(78)
        .stderr_has("fixtures/broken/unknown-key.toml line 4, key `indicators.fai_per_mu.weigth`: unknown key `weigth`; did you mean `weight`?")
        .run();
}

#[test]
fn a_negative_weight_is_a_config_error() {
    Test::new()
        .args(["--config", "fixtures/broken/negative-weight.toml", "validate"])
        .code(78)
        .stderr_has("fixtures/broken/negative-weight.toml line 4, key `dimensions.tech.weight`: a weight cannot be negative (it is -20)")
        .run();
}

#[test]
fn an_expression_naming_an_unknown_column_lists_the_columns() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[indicators.fai_per_mu]\nexpr = \"fixed_asset_investmnt / land_area\"\n");
    let outcome = Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("c.toml line 3, key `indicators.fai_per_mu.expr`")
        .run();
    assert!(outcome.stderr.contains("Did you mean `fixed_asset_investment`?"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("The columns are: project_id, project_name"), "{}", outcome.stderr);
}

#[test]
fn a_missing_config_file_is_a_config_error() {
    Test::new()
        .args(["--config", "nowhere.toml", "validate"])
        .code(78)
        .stderr_has("nowhere.toml: config file not found")
        .run();
}

#[test]
fn invalid_toml_names_the_line() {
    let work = Workdir::new();
    let config = work.write("c.toml", "[run]\nperiod = \"2022Q4\"\nscope = \n");
    Test::new().arg("--config").arg(&config).arg("validate").code(78).stderr_has("c.toml line 3: not valid TOML").run();
}

#[test]
fn every_example_config_scores_the_sample() {
    let work = Workdir::new();
    for entry in std::fs::read_dir(crate::support::root().join("config/examples")).unwrap() {
        let path = entry.unwrap().path();
        let out = work.join(path.file_stem().unwrap().to_str().unwrap());
        Test::new()
            .arg("--config")
            .arg(&path)
            .args(["-q", "score", "--out"])
            .arg(&out)
            .stdout_has("234 project(s) scored")
            .run();
        assert!(out.join("evaluation-2022Q4.xlsx").exists());
    }
}

#[test]
fn a_date_compared_with_iso_text_works_as_sql_users_write_it() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"signed_on >= '2022-07-01'\"\n");
    let out = work.join("out");
    Test::new().arg("--config").arg(&config).args(["-q", "score", "--out"]).arg(&out).run();
    let projects = crate::support::read_parquet(&out.join("projects.parquet"));
    let exempt = crate::support::strings(&projects, "tier").iter().filter(|t| t.as_deref() == Some("T")).count();
    // The sample signs projects through 2022: some in the second half-year.
    assert!(exempt > 0 && exempt < projects.height(), "{exempt} of {} exempt", projects.height());
}

#[test]
fn an_expression_that_cannot_be_planned_is_a_config_error_at_its_key() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"project_name > signed_on\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("c.toml line 3, key `scoring.exempt`: the expression cannot be evaluated")
        .run();
}

#[test]
fn a_condition_that_is_not_true_or_false_is_a_config_error() {
    let work = Workdir::new();
    let config = work.config("c.toml", "[scoring]\nexempt = \"jobs\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("key `scoring.exempt`: a condition must be true or false, but this expression gives a number value")
        .run();
    let config = work.config("d.toml", "[[checks]]\nkey = \"just_a_number\"\nexpr = \"42\"\n");
    Test::new()
        .arg("--config")
        .arg(&config)
        .args(["-q", "validate"])
        .code(78)
        .stderr_has("key `checks[0].expr`: a condition must be true or false")
        .run();
}
