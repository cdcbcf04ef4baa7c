//! The binary as a user runs it: exit codes, output and error messages.

mod common;

use common::hazeplan;
use predicates::prelude::*;

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = hazeplan().args(args).arg("--json").assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn readme_quick_start_example() {
    hazeplan()
        .args([
            "aqi", "--pm25", "160", "--pm10", "200", "--so2", "10", "--no2", "40",
        ])
        .args(["--co", "1.2", "--o3", "80", "--date", "2026-11-29"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "AQI 210  五级 重度污染 (Heavily polluted), 紫色 #99004C\n\
             standard HJ 633—2026, real-time (hourly) report\n\
             primary pollutant: PM2.5\n",
        ));
}

#[test]
fn json_keys_for_machines() {
    let v = json_of(&[
        "aqi",
        "--pm25",
        "75",
        "--pm10",
        "150",
        "--period",
        "day",
        "--standard",
        "hj633-2012",
    ]);
    assert_eq!(v["aqi"], 100);
    assert_eq!(v["level"], 2);
    assert_eq!(v["category"], "良");
    assert_eq!(v["primary"], serde_json::json!(["PM2.5", "PM10"]));
    assert_eq!(v["iaqi"], serde_json::json!({"pm25": 100, "pm10": 100}));
    assert_eq!(v["standard"], "hj633-2012");
}

#[test]
fn standard_follows_the_date() {
    let before = json_of(&[
        "aqi",
        "--pm25",
        "75",
        "--period",
        "day",
        "--date",
        "2026-02-28",
    ]);
    let after = json_of(&[
        "aqi",
        "--pm25",
        "75",
        "--period",
        "day",
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(before["iaqi"]["pm25"], 100);
    assert_eq!(after["iaqi"]["pm25"], 114);
    assert_eq!(after["standard"], "hj633-2026");
}

#[test]
fn na_under_2026_when_indicators_are_missing() {
    let v = json_of(&["aqi", "--pm25", "40", "--standard", "hj633-2026"]);
    assert!(v["aqi"].is_null());
    assert!(v["level"].is_null());
    assert_eq!(v["max_iaqi"], 60);
    assert_eq!(v["primary"], serde_json::json!([]));
    hazeplan()
        .args(["aqi", "--pm25", "40", "--standard", "hj633-2026"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "AQI NA  (withheld: PM10, SO2, NO2, CO, O3 missing",
        ));
}

#[test]
fn special_cases_are_explained() {
    let v = json_of(&["aqi", "--so2", "900", "--standard", "hj633-2026"]);
    assert_eq!(v["aqi"], 200);
    assert_eq!(v["primary"], serde_json::json!(["SO2"]));
    hazeplan()
        .args([
            "aqi",
            "--so2",
            "900",
            "--so2-24h",
            "300",
            "--standard",
            "hj633-2012",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("IAQI of the 24-h SO2 mean"));
}

#[test]
fn bad_values_are_usage_errors() {
    hazeplan()
        .args(["aqi", "--pm25", "-3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '-3' for '--pm25 <UG>': negative concentration -3",
        ));
    hazeplan()
        .args(["aqi", "--co", "1,2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'1,2' is not a number"));
    hazeplan()
        .args(["aqi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: give at least one concentration",
        ));
}
