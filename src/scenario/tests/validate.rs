//! One test per validation rule of `validate.rs` and `files.rs`.

use chrono::NaiveDate;

use super::{BASE, FORECAST, base_with, load_with, ok, problem, problems};
use crate::alert::WarningLevel;
use crate::alert::rules::{LiftingConvention, RangeBound};
use crate::aqi::StandardChoice;
use crate::ingest::header::Field;
use crate::ingest::{CoUnit, FormatChoice};
use crate::scenario::{Forecast, Quantity, RegionalTrigger, Resolution};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_minimal_scenario_gets_the_defaults() {
    let s = ok(BASE, &[]);
    assert_eq!(s.name, "t");
    assert_eq!(s.title, None);
    assert_eq!(s.period, (date(2026, 12, 1), date(2026, 12, 3)));
    assert_eq!(s.standard, StandardChoice::Auto);
    assert_eq!(s.rules.name, "national-2024");
    assert_eq!(s.cities.len(), 2);
    assert!(s.cities.iter().all(|c| c.stations.is_empty()));
    assert!(s.regions.is_empty() && s.dispatch.is_empty());
    assert_eq!(s.stations, None);
    assert_eq!(s.observations, None);
    let Forecast::Table(t) = &s.forecast else {
        panic!("a table")
    };
    assert_eq!(
        (t.resolution, t.quantity),
        (Resolution::Daily, Quantity::Aqi)
    );
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn empty_optional_lists_are_none() {
    let s = ok(&base_with("regions:\ndispatch: []\ntitle:\n"), &[]);
    assert!(s.regions.is_empty() && s.dispatch.is_empty());
    assert_eq!(s.title, None);
}

#[test]
fn name_is_a_folder_name() {
    for good in ["a", "taiyuan-basin_2026", "太原盆地"] {
        ok(&BASE.replace("name: t", &format!("name: {good}")), &[]);
    }
    assert_eq!(
        problem(&BASE.replace("name: t", "name: a/b")),
        "1:7: name: 'a/b' is not a valid name: use letters, digits, '-' and '_', starting with a \
         letter or digit (it names the output folder)"
    );
    assert!(problem(&BASE.replace("name: t", "name: -a")).contains("not a valid name"));
    assert!(problem(&BASE.replace("name: t", "name: a.b")).contains("not a valid name"));
    assert_eq!(
        problem(&BASE.replace("name: t", "name: ' '")),
        "1:7: name: the name is empty"
    );
}

#[test]
fn period_dates_and_order() {
    let one_day = BASE.replace("end: 2026-12-03", "end: 2026-12-01");
    assert_eq!(ok(&one_day, &[]).period.1, date(2026, 12, 1));
    ok(&BASE.replace("2026-12-03", "2026/12/3"), &[]);
    assert_eq!(
        problems(
            &BASE.replace(
                "start: 2026-12-01, end: 2026-12-03",
                "start: 2026-02-30, end: x"
            ),
            &[]
        ),
        [
            "2:17: period.start: '2026-02-30' is not a valid date",
            "2:34: period.end: 'x' is not a date or time",
        ]
    );
    assert_eq!(
        problem(&BASE.replace("start: 2026-12-01", "start: 2026-12-04")),
        "2:34: period.end: the period ends (2026-12-03) before it starts (2026-12-04)"
    );
}

#[test]
fn standard() {
    for (text, want) in [
        ("auto", StandardChoice::Auto),
        ("hj633-2012", StandardChoice::Hj633_2012),
        ("HJ633-2026", StandardChoice::Hj633_2026),
    ] {
        assert_eq!(
            ok(&base_with(&format!("standard: {text}\n")), &[]).standard,
            want
        );
    }
    assert_eq!(
        problem(&base_with("standard: 2026\n")),
        "5:11: standard: unknown standard '2026' (expected auto, hj633-2012 or hj633-2026)"
    );
}

#[test]
fn rules_by_name_and_overrides() {
    for name in crate::alert::RuleSet::SHIPPED {
        assert_eq!(
            ok(&base_with(&format!("rules: {name}\n")), &[]).rules.name,
            name
        );
    }
    assert_eq!(
        problem(&base_with("rules: provincial\n")),
        "5:8: rules: unknown rule set 'provincial' (shipped: national-2024, national-2019 or \
         legacy-2017)"
    );
    let s = ok(
        &base_with(
            "rules:\n  base: national-2019\n  lead_time_hours: 12\n  range_bound: lower\n  \
             lifting: {convention: aqi_at_most, aqi: 150, hours: 36}\n",
        ),
        &[],
    );
    assert_eq!(s.rules.name, "national-2019 (with overrides)");
    assert_eq!(s.rules.lead_time_hours, 12);
    assert_eq!(s.rules.range_bound, RangeBound::Lower);
    assert_eq!(s.rules.lifting.convention, LiftingConvention::AqiAtMost);
    // Without a base, the default rule set is the base.
    let s = ok(&base_with("rules: {lead_time_hours: 6}\n"), &[]);
    assert_eq!(s.rules.name, "national-2024 (with overrides)");
    assert_eq!(
        problem(&base_with("rules: {base: national-2018}\n")),
        "5:8: rules.base: unknown rule set 'national-2018' (did you mean 'national-2019'?)"
    );
    assert_eq!(
        problem(&base_with("rules: {levels: []}\n")),
        "5:8: rules.levels: a rule set needs at least one level"
    );
}

#[test]
fn cities_shorthand_full_and_duplicates() {
    let s = ok(
        &BASE.replace(
            "cities: [太原, 晋中]",
            "cities:\n  - name: 太原\n    stations: [1081A, ' 1082A ']\n  - 晋中",
        ),
        &[],
    );
    assert_eq!(s.cities[0].stations, ["1081A", "1082A"]);
    assert_eq!(s.cities[1].name, "晋中");
    assert_eq!(
        problem(&BASE.replace("cities: [太原, 晋中]", "cities: []")),
        "3:9: cities: no cities: list at least one"
    );
    assert_eq!(
        problems(&BASE.replace("[太原, 晋中]", "[太原, 晋中, 太原, '']"), &[]),
        [
            "3:18: cities[2]: duplicate city '太原' (first at line 3)",
            "3:22: cities[3]: a city needs a name",
        ]
    );
    assert_eq!(
        problems(
            &BASE.replace(
                "cities: [太原, 晋中]",
                "cities:\n  - {name: 太原, stations: [A, A, '']}\n  - {name: 晋中, stations: [A]}"
            ),
            &[]
        ),
        [
            "4:30: cities[0].stations[1]: station 'A' is listed twice",
            "4:33: cities[0].stations[2]: empty station code",
            "5:27: cities[1].stations[0]: station 'A' is already a station of 太原",
        ]
    );
}

const STATIONS: &str = "code,name,city,lon,lat,control\n1081A,尖草坪,太原,112.5,37.9,N\n";

#[test]
fn station_list_exists_reads_and_holds_the_codes() {
    let with_codes = BASE.replace(
        "cities: [太原, 晋中]",
        "stations: st.csv\ncities:\n  - {name: 太原, stations: [1081A, 1083A]}\n  - 晋中",
    );
    let p = problems(&with_codes, &[("st.csv", STATIONS)]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with(
            "5:34: cities[0].stations[1]: station '1083A' is not in the station list "
        )
    );
    let s = ok(&with_codes.replace(", 1083A", ""), &[("st.csv", STATIONS)]);
    assert!(s.stations.is_some_and(|p| p.ends_with("st.csv")));
    let p = problems(&with_codes, &[]);
    assert!(
        p[0].starts_with("3:11: stations: no such file 'st.csv' (looked for "),
        "{p:?}"
    );
    let p = problems(
        &with_codes,
        &[("st.csv", "code,name,city,control\nX,n,c,maybe\n")],
    );
    assert_eq!(p, ["st.csv:2: column 'control': 'maybe' is not Y or N"]);
}

#[test]
fn regions_reference_defined_cities() {
    let s = ok(
        &base_with("regions:\n  - name: 盆地\n    cities: [太原, 晋中]\n    stricter: true\n"),
        &[],
    );
    assert_eq!(s.regions[0].cities, ["太原", "晋中"]);
    assert_eq!(s.regions[0].trigger, RegionalTrigger::None);
    assert!(s.regions[0].stricter);
    assert_eq!(
        problems(
            &base_with(
                "regions:\n  - name: 盆地\n    cities: [太圆, 大同, 晋中, 晋中]\n  \
                 - name: 盆地\n    cities: []\n  - name: ''\n    cities: [太原]\n"
            ),
            &[]
        ),
        [
            "7:14: regions[0].cities[0]: unknown city '太圆' (did you mean '太原'?)",
            "7:18: regions[0].cities[1]: unknown city '大同' (not in cities: 太原, 晋中)",
            "7:26: regions[0].cities[3]: city '晋中' is listed twice",
            "8:11: regions[1].name: duplicate region '盆地' (first at line 6)",
            "9:13: regions[1].cities: no cities: list at least one",
            "10:11: regions[2].name: a region needs a name",
        ]
    );
}

#[test]
fn regional_triggers() {
    let region = |t: &str| {
        base_with(&format!(
            "regions:\n  - name: r\n    cities: [太原, 晋中]\n    trigger: {t}\n"
        ))
    };
    assert_eq!(
        ok(&region("{min_cities: 2}"), &[]).regions[0].trigger,
        RegionalTrigger::MinCities(2)
    );
    assert_eq!(
        ok(&region("{min_share: 0.6}"), &[]).regions[0].trigger,
        RegionalTrigger::MinShare(0.6)
    );
    assert_eq!(
        ok(&region("{min_share: 1}"), &[]).regions[0].trigger,
        RegionalTrigger::MinShare(1.0)
    );
    assert_eq!(
        problem(&region("{min_cities: 0}")),
        "8:27: regions[0].trigger.min_cities: min_cities must be at least 1"
    );
    assert_eq!(
        problem(&region("{min_cities: 3}")),
        "8:27: regions[0].trigger.min_cities: min_cities is 3 but the region has 2 members in the scenario"
    );
    for bad in ["0", "-0.5", "1.01", ".nan"] {
        let p = problem(&region(&format!("{{min_share: {bad}}}")));
        assert!(
            p.starts_with(
                "8:26: regions[0].trigger.min_share: min_share must be above 0 and at most 1, not "
            ),
            "{p}"
        );
    }
    assert_eq!(
        problem(&region("{min_cities: 1, min_share: 0.5}")),
        "8:14: regions[0].trigger: give min_cities or min_share, not both"
    );
    assert_eq!(
        problem(&region("{}")),
        "8:14: regions[0].trigger: give min_cities or min_share"
    );
}

const OBSERVED: &str = "time,station,city,pm25\n2026-12-01 01:00,A,太原,100\n";

#[test]
fn observations() {
    let obs = "observations:\n  files: [obs/, one.csv]\n  format: LONG\n  map: {station: 站点, PM25: PM2.5}\n  co_unit: ug\n  city: 太原\nforecast: observed\n";
    let yaml = BASE.replace("forecast: {file: f.csv}\n", obs);
    let files = [("obs/a.csv", OBSERVED), ("one.csv", OBSERVED)];
    let s = ok(&yaml, &files);
    let o = s.observations.expect("observations");
    assert_eq!(o.files.len(), 2);
    assert!(o.files[0].ends_with("obs/"));
    assert_eq!(o.format, FormatChoice::Long);
    assert_eq!(
        o.map
            .iter()
            .map(|m| (m.field, m.column.as_str()))
            .collect::<Vec<_>>(),
        [(Field::Station, "站点"), (Field::Pm25, "PM2.5")]
    );
    assert_eq!(o.co_unit, Some(CoUnit::Ug));
    assert_eq!(o.city.as_deref(), Some("太原"));
    assert_eq!(s.forecast, Forecast::Observed);
    let p = problems(&yaml, &[("obs/", ""), ("one.csv", OBSERVED)]);
    assert_eq!(
        p,
        ["5:11: observations.files[0]: the directory holds no .csv file"]
    );
    let bad = "observations:\n  files: [nope.csv]\n  format: wide\n  map: {stn: 站点, pm10: ''}\n  co_unit: kg\n  city: 阳泉\n";
    let p = problems(&base_with(bad), &[]);
    assert_eq!(p.len(), 6, "{p:#?}");
    assert!(p[0].starts_with(
        "6:11: observations.files[0]: no such file or folder 'nope.csv' (looked for "
    ));
    assert_eq!(
        p[1..],
        [
            "7:11: observations.format: unknown format 'wide' (expected auto, long or cnemc)",
            "8:9: observations.map.stn: unknown field 'stn' (fields: time, date, hour, year, month, day, station, city, parameter, value, unit, qc, pm25, pm10, so2, no2, co, o3, o3_8h)",
            "8:24: observations.map.pm10: no column name",
            "9:12: observations.co_unit: unknown CO unit 'kg' (did you mean 'mg'?)",
            "10:9: observations.city: unknown city '阳泉' (not in cities: 太原, 晋中)",
        ]
    );
    assert_eq!(
        problem(&base_with("observations: {files: []}\n")),
        "5:23: observations.files: no files: list at least one file or folder"
    );
}

#[test]
fn forecast_options() {
    let hourly = BASE.replace(
        "{file: f.csv}",
        "{file: h.csv, resolution: hourly, quantity: PM2.5}",
    );
    let s = ok(
        &hourly,
        &[("h.csv", "city,time,pm25\n太原,2026-12-01 24:00,300\n")],
    );
    let Forecast::Table(t) = &s.forecast else {
        panic!("a table")
    };
    assert_eq!(
        (t.resolution, t.quantity),
        (Resolution::Hourly, Quantity::Pm25)
    );
    assert_eq!(
        t.rows[0].time,
        date(2026, 12, 2).and_hms_opt(0, 0, 0).unwrap()
    );
    assert_eq!(t.rows[0].high, 300);
    assert_eq!(
        problems(
            &BASE.replace(
                "{file: f.csv}",
                "{file: f.csv, resolution: daly, quantity: no2}"
            ),
            &[]
        ),
        [
            "4:37: forecast.resolution: unknown resolution 'daly' (did you mean 'daily'?)",
            "4:53: forecast.quantity: unknown quantity 'no2' (expected aqi or pm25)",
        ]
    );
    assert_eq!(
        problem(&BASE.replace("{file: f.csv}", "observd")),
        "4:11: forecast: unknown forecast 'observd' (did you mean 'observed'?) (give 'observed' or a \
         mapping with file, resolution and quantity)"
    );
    assert_eq!(
        problem(&BASE.replace("{file: f.csv}", "observed")),
        "4:11: forecast: 'observed' replays the observations, but there is no observations section"
    );
    let p = problems(&BASE.replace("f.csv", "d"), &[("d/", "")]);
    assert!(
        p[0].starts_with("4:18: forecast.file: 'd' is not a file (looked for "),
        "{p:?}"
    );
    assert_eq!(
        problem(&BASE.replace("f.csv", "''")),
        "4:18: forecast.file: no path given"
    );
}

#[test]
fn the_forecast_is_not_read_without_cities() {
    // Every row would be an unknown city; the one problem is the empty list.
    assert_eq!(
        problems(&BASE.replace("[太原, 晋中]", "[]"), &[]),
        ["3:9: cities: no cities: list at least one"]
    );
}

const ORDER: &str = "dispatch:\n  - id: 令12号\n    cities: [太原]\n    start: 2026-12-16\n    end: 2026-12-20 12:00\n    level: 橙色\n";

#[test]
fn dispatch_orders() {
    let s = ok(&base_with(ORDER), &[]);
    let d = &s.dispatch[0];
    assert_eq!(d.id, "令12号");
    assert_eq!(d.cities, ["太原"]);
    assert_eq!(d.start, date(2026, 12, 16).and_hms_opt(0, 0, 0).unwrap());
    assert_eq!(d.end, date(2026, 12, 20).and_hms_opt(12, 0, 0).unwrap());
    assert_eq!(d.level, WarningLevel::Orange);
    assert!(!d.stricter);
    let two = format!(
        "{ORDER}{}",
        ORDER
            .replace("dispatch:\n", "")
            .replace("2026-12-20 12:00", "2026-12-15")
            .replace("橙色", "none")
            .replace("[太原]", "[]")
    );
    assert_eq!(
        problems(&base_with(&two), &[]),
        [
            "11:9: dispatch[1].id: duplicate dispatch order '令12号' (first at line 6)",
            "12:13: dispatch[1].cities: no cities: list at least one",
            "14:10: dispatch[1].end: the order ends (2026-12-15 00:00) before it starts (2026-12-16 00:00)",
            "15:12: dispatch[1].level: unknown level 'none' (expected blue, yellow, orange or red)",
        ]
    );
    assert_eq!(
        problem(&base_with(&ORDER.replace("橙色", "blue"))),
        "10:12: dispatch[0].level: rule set national-2024 has no level blue (its levels: yellow, orange, red)"
    );
    let legacy = base_with(&format!(
        "rules: legacy-2017\n{}",
        ORDER.replace("橙色", "blue")
    ));
    assert_eq!(ok(&legacy, &[]).dispatch[0].level, WarningLevel::Blue);
}

#[test]
fn all_problems_come_at_once_in_file_order() {
    let yaml = "\
dispatch:
  - {id: a, cities: [x], start: 2026-12-01, end: 2026-12-02, level: red}
name: bad name
period: {start: 2026-12-05, end: 2026-12-01}
rules: nope
cities: [太原, 太原]
forecast: {file: missing.csv}
";
    let p = problems(yaml, &[]);
    assert_eq!(p.len(), 6, "{p:#?}");
    assert!(p[0].starts_with("2:22: dispatch[0].cities[0]: unknown city 'x'"));
    assert!(p[1].starts_with("3:7: name:"));
    assert!(p[2].starts_with("4:34: period.end:"));
    assert!(p[3].starts_with("5:8: rules:"));
    assert!(p[4].starts_with("6:14: cities[1]: duplicate city"));
    assert!(p[5].starts_with("7:18: forecast.file: no such file"));
}

#[test]
fn forecast_problems_follow_the_scenario_problems() {
    let p = problems(
        &BASE.replace("name: t", "name: a b"),
        &[("f.csv", "city,date,aqi\n太原,2026-12-01,x\n")],
    );
    assert_eq!(p.len(), 2);
    assert!(p[0].starts_with("1:7: name:"));
    assert_eq!(
        p[1],
        "f.csv:2: column 'aqi': 'x' is not a whole number or a range such as 180-230"
    );
    assert!(load_with(BASE, &[("f.csv", FORECAST)]).is_ok());
}
