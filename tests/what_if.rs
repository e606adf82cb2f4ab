//! `chainscore what-if` end to end: a project's answer names a value per
//! indicator in its unit, a district's the capital that opens its gate, and an
//! unknown id is a data error naming the nearest ids. (That the proposed values
//! really lift a tier, and one step less does not, is the property test in
//! `analysis::what_if`.)

use crate::support::Test;

#[test]
fn a_project_gets_a_value_per_indicator_that_can_lift_it() {
    let json = Test::new().args(["-q", "what-if", "WH-2021-027", "--format", "json"]).run().json();
    assert_eq!(json["tier"], "D");
    assert_eq!(json["target_tier"], "C");
    let lifts = json["lifts"].as_array().unwrap();
    assert_eq!(lifts.len(), 13, "one answer per indicator");
    let patents = lifts.iter().find(|l| l["indicator"] == "patents").unwrap();
    assert_eq!(patents["unit"], "件");
    assert!(patents["needed"].as_f64().unwrap() > patents["now"].as_f64().unwrap(), "{patents}");
    for lift in lifts {
        match lift["total_after"].as_f64() {
            // Totals are compared rounded to 6 decimals (59.9999996 is 60).
            Some(total) => assert!((total * 1e6).round() >= 60e6, "C starts at 60: {lift}"),
            None => assert!(lift["reason"].is_string(), "{lift}"),
        }
    }
    Test::new().args(["-q", "what-if", "WH-2021-027"]).stdout_has("升至 C 档").stdout_has("4 件").run();
    // In English the config's Chinese units read as English ones.
    Test::new()
        .args(["-q", "--lang", "en", "what-if", "WH-2021-027"])
        .stdout_has("To reach tier C")
        .stdout_has("62.61 10k CNY/mu")
        .stdout_lacks("万元")
        .run();
}

#[test]
fn a_gated_district_learns_the_capital_that_opens_its_gate() {
    let json = Test::new().args(["-q", "what-if", "官渡区", "--format", "json"]).run().json();
    assert_eq!(json["district"], "guandu");
    assert_eq!(json["gated"], true);
    let target = json["target"].as_f64().unwrap();
    let gate = json["capital_for_gate"].as_f64().unwrap();
    // The gate opens at 100 % of the (pro-rated) target, shown to 0.01 万元 upward.
    assert!(gate >= target && gate - target < 0.01, "{gate} vs {target}");
    Test::new()
        .args(["-q", "what-if", "guandu"])
        .stdout_has("到位资金达到 1,400,089.57 万元（还需 339,897.30 万元）即达标")
        .run();
}

#[test]
fn an_unknown_id_names_the_nearest() {
    Test::new()
        .args(["-q", "what-if", "WH-2021-02"])
        .code(65)
        .stderr_has("chainscore: 错误：项目“WH-2021-02”不在评价范围内；最接近的编号：WH-2021-0")
        .run();
}
