//! serde-saphyr errors in the scenario's words, with line, column and key path.

use std::path::Path;

use super::{BASE, base_with, problem};

#[test]
fn unknown_keys_get_a_suggestion_or_the_list() {
    assert_eq!(
        problem(&base_with("regoins: []\n")),
        "5:1: regoins: unknown key 'regoins' (did you mean 'regions'?)"
    );
    assert_eq!(
        problem(&base_with("colour: red\n")),
        "5:1: colour: unknown key 'colour' (expected name, title, authority, document, period, \
         standard, rules, \
         stations, cities, regions, observations, forecast, dispatch, inventory, enterprises, \
         measures, targets, tighten, xlsx, seasonal or projection)"
    );
    assert_eq!(
        problem(&BASE.replace("end: 2026-12-03", "edn: 2026-12-03")),
        "2:29: period.edn: unknown key 'edn' (did you mean 'end'?)"
    );
    assert_eq!(
        problem(&base_with(
            "regions:\n  - name: r\n    cities: [太原]\n    trigger: {min_city: 1}\n"
        )),
        "8:15: regions[0].trigger.min_city: unknown key 'min_city' (expected min_cities or min_share)"
    );
    assert_eq!(
        problem(&base_with("rules: {base: national-2019, lead_time: 12}\n")),
        "5:30: rules.lead_time: unknown key 'lead_time' (did you mean 'lead_time_hours'?)"
    );
    assert_eq!(
        problem(&base_with("projection: x\n")),
        "5:13: projection: expected a mapping (key: value), found 'x'"
    );
    assert_eq!(
        problem(&base_with("targets: {oragne: 20%}\n")),
        "5:11: targets.oragne: unknown key 'oragne' (did you mean 'orange'?)"
    );
    // Under a city's name the keys are levels; every unknown one is listed.
    assert_eq!(
        super::problems(
            &base_with("targets:\n  cities:\n    太原: {Red: 30%, yelow: 10%}\n"),
            &[]
        ),
        [
            "7:10: targets.cities.太原.Red: unknown key 'Red' (did you mean 'red'?)",
            "7:20: targets.cities.太原.yelow: unknown key 'yelow' (did you mean 'yellow'?)",
        ]
    );
}

#[test]
fn missing_keys_point_at_their_mapping() {
    assert_eq!(
        problem(&BASE.replace("forecast: {file: f.csv}\n", "")),
        "1:1: missing key 'forecast'"
    );
    assert_eq!(
        problem(&BASE.replace(", end: 2026-12-03", "")),
        "2:9: period: missing key 'end'"
    );
    assert_eq!(
        problem(&base_with("regions:\n  - cities: [太原]\n")),
        "6:5: regions[0]: missing key 'name'"
    );
    assert_eq!(
        problem(&base_with("regions:\n  - {}\n")),
        "6:5: regions[0]: missing key 'name'"
    );
}

#[test]
fn type_errors_say_what_was_expected_and_found() {
    assert_eq!(
        problem(&BASE.replace("[太原, 晋中]", "太原")),
        "3:9: cities: expected a list, found '太原'"
    );
    assert_eq!(
        problem(&BASE.replace("{start: 2026-12-01, end: 2026-12-03}", "2026-12-01")),
        "2:9: period: expected a mapping (key: value), found '2026-12-01'"
    );
    assert_eq!(
        problem(&BASE.replace("[太原, 晋中]", "[太原, [晋中]]")),
        "3:14: cities[1]: expected a city name or a mapping with name and stations, found a list"
    );
    assert_eq!(
        problem(&BASE.replace("[太原, 晋中]", "[太原, 12]")),
        "3:14: cities[1]: expected a city name or a mapping with name and stations, found '12'"
    );
    assert_eq!(
        problem(&BASE.replace("name: t", "name: [t]")),
        "1:7: name: expected text, found a list"
    );
    assert_eq!(
        problem(&BASE.replace("name: t", "name: ~")),
        "1:7: name: expected text, found no value"
    );
    let region = |t: &str| {
        base_with(&format!(
            "regions:\n  - name: r\n    cities: [太原]\n    {t}\n"
        ))
    };
    assert_eq!(
        problem(&region("trigger: {min_cities: -1}")),
        "8:27: regions[0].trigger.min_cities: expected a whole number from 0 to 4294967295, found '-1'"
    );
    assert_eq!(
        problem(&region("trigger: {min_cities: 99999999999}")),
        "8:27: regions[0].trigger.min_cities: expected a whole number from 0 to 4294967295, found '99999999999'"
    );
    assert_eq!(
        problem(&region("trigger: {min_share: lots}")),
        "8:26: regions[0].trigger.min_share: expected a number, found 'lots'"
    );
    assert_eq!(
        problem(&base_with("tighten: maybe\n")),
        "5:10: tighten: expected true or false, found 'maybe'"
    );
    assert_eq!(
        problem(&base_with("targets: {cities: [太原]}\n")),
        "5:19: targets.cities: expected a mapping (key: value), found a list"
    );
    assert_eq!(
        problem(&base_with("targets: {cities: {太原: 30%}}\n")),
        "5:24: targets.cities.太原: expected a mapping (key: value), found '30%'"
    );
    assert_eq!(
        problem(&region("stricter: maybe")),
        "8:15: regions[0].stricter: expected true or false, found 'maybe'"
    );
    assert_eq!(
        problem(&base_with("rules: {basis: rolling}\n")),
        "5:16: rules.basis: unknown value 'rolling' (did you mean 'rolling24'?)"
    );
    assert_eq!(
        problem(&base_with("rules: {basis: hourly}\n")),
        "5:16: rules.basis: unknown value 'hourly' (expected daily or rolling24)"
    );
    assert_eq!(
        problem(&base_with("rules: {range_bound: uper}\n")),
        "5:22: rules.range_bound: unknown value 'uper' (did you mean 'upper'?)"
    );
}

#[test]
fn document_level_errors() {
    assert_eq!(
        problem(&base_with("name: again\n")),
        "5:1: name: duplicate key 'name'"
    );
    assert_eq!(
        problem(&format!("{BASE}---\nname: u\n")),
        "6:1: more than one YAML document ('---'): a scenario is one document"
    );
    assert_eq!(problem(""), "the scenario is empty");
    assert_eq!(problem("# nothing\n"), "the scenario is empty");
    assert_eq!(
        problem("- a\n"),
        "1:1: expected a mapping (key: value), found a list"
    );
    assert_eq!(
        problem(&BASE.replace("2026-12-03}", "2026-12-03")),
        "3:7: invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'"
    );
}

#[test]
fn aliases_work_and_errors_through_them_are_located() {
    let yaml = BASE.replace("cities: [太原, 晋中]", "cities: &c [太原, 晋中]")
        + "regions:\n  - {name: r, cities: *c}\n";
    let s = super::ok(&yaml, &[]);
    assert_eq!(s.regions[0].cities, ["太原", "晋中"]);
    let p = problem(&base_with("x: &a 1\n"));
    assert!(p.starts_with("5:1: x: unknown key 'x'"), "{p}");
}

#[test]
fn never_panics_on_odd_yaml() {
    let odd = [
        "",
        "~",
        "[]",
        "{}",
        "\"",
        "'",
        "- - -",
        "a: b: c",
        "? [a]\n: b",
        "!!binary aGk=",
        "name: !!int x",
        "&a [*a]",
        "*a",
        "a: *a",
        "{a: 1, a: 2}",
        "\t",
        "name:\n\t- x",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "cities: [\u{0}]",
        "name: \u{feff}",
        "%YAML 9.9\n---\na: 1",
        "period: {start: 2026-12-01, end: 2026-12-03}\nforecast: {file: ../../../../../../etc}",
        "rules: {levels: [{level: purple, any: []}]}",
        "rules: {levels: [{level: red, any: [{above: 1, reaches: 2}]}]}",
        "rules: {levels: [{level: red, any: [{all: []}]}]}",
        "targets: {cities: {~: {red: 1}}}",
        "targets: {cities: {[a]: {red: 1}}}",
        "targets: {red: [1]}",
        "inventory: [a]",
        "measures: ''",
    ];
    for y in odd {
        // Must return, problems or not.
        let _ = crate::scenario::load_str(y, Path::new("odd.yaml"));
        let _ = crate::scenario::load_str(&base_with(y), Path::new("odd.yaml"));
    }
}

#[test]
fn every_unknown_key_is_reported() {
    let yaml = "name: x\nperiod: {start: 2026-12-01, end: 2026-12-31}\ncitiez: [太原]\n\
                regoins: []\nforecast: {file: f.csv, resolutoin: daily}\n\
                regions:\n  - name: r\n    cities: []\n    trigger: {min_citys: 2}\n";
    let p = crate::scenario::yaml::unknown_keys(yaml, Path::new("s.yaml"));
    let got: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "s.yaml:3:1: citiez: unknown key 'citiez' (did you mean 'cities'?)",
            "s.yaml:4:1: regoins: unknown key 'regoins' (did you mean 'regions'?)",
            "s.yaml:5:25: forecast.resolutoin: unknown key 'resolutoin' (did you mean 'resolution'?)",
            "s.yaml:9:15: regions[0].trigger.min_citys: unknown key 'min_citys' (did you mean 'min_cities'?)",
        ]
    );
    assert_eq!(
        crate::scenario::yaml::pattern("rules.levels[2].any[0].all[1]"),
        "rules.levels[].any[].all[]"
    );
}

/// A float beyond f64 deep in the document (#13 item 3): the parser cannot read it as any
/// value, yet the message keeps its key path and quotes it as written.
#[test]
fn a_number_beyond_f64_keeps_its_key_path() {
    assert_eq!(
        problem(&base_with(
            "projection:\n  sectors: {industry: 0.4, traffic: 1.5e400}\n"
        )),
        "6:37: projection.sectors.traffic: invalid YAML: value `1.5e400` is not a finite number"
    );
    assert_eq!(
        problem(&base_with("projection:\n  phase_in_hours: 1.5e400\n")),
        "6:19: projection.phase_in_hours: expected a whole number, found '1.5e400'"
    );
}
