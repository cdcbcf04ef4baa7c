//! `hazeplan check SCENARIO` (and the scenario loading `hazeplan run` shares).
//!
//! `tests/fixtures/scenarios/` holds valid scenarios with the files they name; each must check
//! with exit 0 and the summary on standard output. `tests/fixtures/bad/scenarios/NAME.yaml`
//! are broken ones: each `NAME.expected` holds the exact standard error of
//! `hazeplan check tests/fixtures/bad/scenarios/NAME.yaml` run from the repository root (exit
//! 1, nothing on standard output). Relative paths keep the messages stable.

mod common;

use std::path::Path;

use hazeplan::alert::WarningLevel;
use hazeplan::scenario::{Forecast, Quantity, RegionalTrigger, Resolution, load};

fn check(path: &str) -> (Option<i32>, String, String) {
    let out = common::hazeplan()
        .args(["check", path])
        .output()
        .expect("hazeplan runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_bad_scenario_gives_its_exact_messages() {
    let dir = common::fixture("bad/scenarios");
    let mut failures = Vec::new();
    let all = names(&dir, "yaml");
    for name in &all {
        let expected_path = dir.join(format!("{name}.expected"));
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!("{name}.yaml: no {name}.expected"));
            continue;
        };
        let (code, stdout, stderr) = check(&format!("tests/fixtures/bad/scenarios/{name}.yaml"));
        if code != Some(1) {
            failures.push(format!("{name}: exit {code:?}, expected 1"));
        }
        if !stdout.is_empty() {
            failures.push(format!("{name}: unexpected standard output:\n{stdout}"));
        }
        if stderr.trim_end() != expected.trim_end() {
            failures.push(format!(
                "{name}: standard error differs\n--- expected\n{expected}--- got\n{stderr}"
            ));
        }
    }
    assert!(all.len() >= 20, "only {} bad scenarios", all.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_bad_scenario_has_a_header_line_then_one_problem_per_line() {
    let dir = common::fixture("bad/scenarios");
    for name in names(&dir, "expected") {
        let text = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let file = format!("tests/fixtures/bad/scenarios/{name}.yaml");
        let n = lines.len() - 1;
        let count = if n == 1 {
            "1 problem".into()
        } else {
            format!("{n} problems")
        };
        assert_eq!(
            lines[0],
            format!("error: scenario {file} has {count}:"),
            "{name}"
        );
        for l in &lines[1..] {
            assert!(
                l.starts_with("tests/fixtures/bad/scenarios/"),
                "{name}: {l}"
            );
        }
    }
}

#[test]
fn run_reports_the_same_problems() {
    let out = common::hazeplan()
        .args(["run", "tests/fixtures/bad/scenarios/undefined_city.yaml"])
        .output()
        .expect("hazeplan runs");
    assert_eq!(out.status.code(), Some(1));
    let expected =
        std::fs::read_to_string(common::fixture("bad/scenarios/undefined_city.expected")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        expected.trim_end()
    );
}

/// A graded enterprise of an industry the catalog does not name is an error in `run` as in
/// `check` (a misspelling would silently take none of its industry's rules).
#[test]
fn an_unknown_industry_fails_run_as_well_as_check() {
    let expected =
        std::fs::read_to_string(common::fixture("bad/scenarios/misspelt_industry.expected"))
            .unwrap();
    assert!(expected.contains("(did you mean 'steel'?)"));
    for command in ["check", "run"] {
        let out = common::hazeplan()
            .args([
                command,
                "tests/fixtures/bad/scenarios/misspelt_industry.yaml",
            ])
            .output()
            .expect("hazeplan runs");
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            expected.trim_end(),
            "{command}"
        );
    }
    // Every industry of the shipped examples is named by the catalog.
    for example in [
        "scenarios/taiyuan-basin-winter.yaml",
        "scenarios/fenhe-valley-winter.yaml",
    ] {
        let (code, stdout, _) = check(example);
        assert_eq!(code, Some(0));
        assert!(!stdout.contains("generic "), "{stdout}");
    }
}

#[test]
fn a_missing_scenario_is_one_problem() {
    let (code, stdout, stderr) = check("tests/fixtures/scenarios/nope.yaml");
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: scenario tests/fixtures/scenarios/nope.yaml has 1 problem:\n\
         tests/fixtures/scenarios/nope.yaml: no such file\n"
    );
}

#[test]
fn valid_scenarios_check_with_a_summary() {
    let (code, stdout, stderr) = check("tests/fixtures/scenarios/minimal.yaml");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        stdout,
        "tests/fixtures/scenarios/minimal.yaml: ok\n\
         name      minimal\n\
         period    2026-12-01 to 2026-12-03 (3 days)\n\
         standard  auto\n\
         rules     national-2024: levels yellow, orange, red\n\
         cities    2 cities: 太原, 晋中\n\
         regions   0 regions\n\
         dispatch  0 orders\n\
         forecast  daily AQI, 6 rows from tests/fixtures/scenarios/data/minimal_forecast.csv\n"
    );
    let dir = common::fixture("scenarios");
    for name in names(&dir, "yaml") {
        let path = format!("tests/fixtures/scenarios/{name}.yaml");
        // The hindcasts of real data need `../shared/data` (a user's clone has none).
        let text = std::fs::read_to_string(dir.join(format!("{name}.yaml"))).unwrap();
        if text.contains("shared/data") && common::shared_data("").is_none() {
            continue;
        }
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, Some(0), "{path}: {stderr}");
        assert!(stdout.starts_with(&format!("{path}: ok\n")), "{stdout}");
    }
}

#[test]
fn the_example_scenarios_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    if !dir.exists() {
        return;
    }
    for name in names(&dir, "yaml") {
        let path = format!("scenarios/{name}.yaml");
        let (code, _, stderr) = check(&path);
        assert_eq!(code, Some(0), "{path}: {stderr}");
    }
}

#[test]
fn overrides_scenario_loads_every_section() {
    let s = load(&common::fixture("scenarios/overrides.yaml")).expect("valid");
    assert_eq!(s.name, "taiyuan-basin_overrides");
    assert_eq!(
        s.title.as_deref(),
        Some("太原盆地 2026年12月 (示例，合成数据)")
    );
    assert_eq!(s.rules.name, "national-2019 (with overrides)");
    assert_eq!(s.rules.lead_time_hours, 12);
    assert!(
        s.stations
            .as_ref()
            .is_some_and(|p| p.ends_with("data/stations.csv"))
    );
    assert_eq!(s.cities[0].stations, ["1081A", "1082A"]);
    assert_eq!(s.regions[0].trigger, RegionalTrigger::MinCities(2));
    assert!(s.regions[0].stricter);
    assert_eq!(s.regions[1].trigger, RegionalTrigger::MinShare(0.5));
    assert_eq!(s.dispatch[0].level, WarningLevel::Orange);
    assert_eq!(s.dispatch[0].start.to_string(), "2026-12-02 00:00:00");
    let Forecast::Table(t) = &s.forecast else {
        panic!("a forecast table")
    };
    assert_eq!(
        (t.resolution, t.quantity),
        (Resolution::Hourly, Quantity::Aqi)
    );
    let rows: Vec<(&str, String, u32, u32, u64)> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.city.as_str(),
                r.time.format("%d %H").to_string(),
                r.low,
                r.high,
                r.line,
            )
        })
        .collect();
    // CRLF and a blank line in the file: lines are the file's own.
    assert_eq!(
        rows,
        [
            ("太原", "02 01".to_string(), 210, 210, 2),
            ("太原", "02 02".to_string(), 220, 240, 4),
            ("晋中", "02 01".to_string(), 180, 180, 5),
            ("阳泉", "02 01".to_string(), 90, 90, 6),
        ]
    );
}

#[test]
fn hindcast_scenario_keeps_the_observation_options() {
    let s = load(&common::fixture("scenarios/hindcast.yaml")).expect("valid");
    assert_eq!(s.forecast, Forecast::Observed);
    assert_eq!(s.rules.name, "legacy-2017");
    let o = s.observations.expect("observations");
    assert_eq!(o.files, [common::fixture("scenarios/data/observed")]);
    assert_eq!(o.map.len(), 1);
    assert_eq!(o.co_unit, Some(hazeplan::ingest::CoUnit::Mg));
}

#[test]
fn planning_scenario_loads_the_measure_inputs() {
    use hazeplan::emissions::{EmissionPollutant, Sector, Share, Tonnes};
    use hazeplan::measures::Grade;
    let s = load(&common::fixture("scenarios/planning.yaml")).expect("valid");
    let inv = s.inventory.as_ref().expect("an inventory");
    assert_eq!(
        inv.sector("太原", Sector::Industry)
            .map(|e| e.get(EmissionPollutant::So2)),
        Some(Tonnes(12_500_000))
    );
    // 太原 has no `other` row: that sector emits nothing.
    assert_eq!(
        inv.sector("太原", Sector::Other)
            .map(|e| e.get(EmissionPollutant::Nox)),
        Some(Tonnes(0))
    );
    let ids: Vec<&str> = s.enterprises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["TY001", "TY002", "TY003", "JZ001", "JZ002"]);
    let power = &s.enterprises[2];
    assert_eq!(power.protected.as_deref(), Some("保障供热"));
    // A power plant: outside the graded industries, no grade.
    assert_eq!((power.grade, power.line), (Grade::Ungraded, 4));
    assert_eq!(s.enterprises[0].processes.len(), 4);
    assert_eq!(
        s.targets.share("太原", WarningLevel::Orange),
        Some(Share(300_000))
    );
    assert_eq!(
        s.targets.share("晋中", WarningLevel::Orange),
        Some(Share(200_000))
    );
    assert!(s.tighten);
}

#[test]
fn check_json_gives_the_same_problems_as_the_text() {
    let dir = common::fixture("bad/scenarios");
    for name in names(&dir, "expected") {
        let path = format!("tests/fixtures/bad/scenarios/{name}.yaml");
        let out = common::hazeplan()
            .args(["check", "--json", &path])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["ok"], false);
        // Each problem printed as the text output prints it.
        let shown: Vec<String> = doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let mut s = p["file"].as_str().unwrap().to_string();
                if let Some(l) = p["line"].as_u64() {
                    s += &format!(":{l}");
                    if let Some(c) = p["column"].as_u64() {
                        s += &format!(":{c}");
                    }
                }
                if let Some(k) = p["path"].as_str().filter(|k| !k.is_empty()) {
                    s += &format!(": {k}");
                }
                s + ": " + p["message"].as_str().unwrap()
            })
            .collect();
        let text = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
        let expected: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(shown, expected, "{name}");
    }
}
