//! The forecast table: header spellings, values and ranges, encodings, line numbers, and every
//! row defect.

use chrono::NaiveDate;

use super::{BASE, ok, problems};
use crate::alert::Cause;
use crate::aqi::Slot;
use crate::scenario::forecast::{MESSAGES_PER_KIND, parse_value};
use crate::scenario::{Forecast, ForecastTable, Quantity};

fn table(csv: &str) -> ForecastTable {
    match ok(BASE, &[("f.csv", csv)]).forecast {
        Forecast::Table(t) => t,
        Forecast::Observed => panic!("a table"),
    }
}

fn bad(csv: &str) -> Vec<String> {
    problems(BASE, &[("f.csv", csv)])
}

#[test]
fn values_and_ranges() {
    assert_eq!(parse_value("180", Quantity::Aqi), Ok((180, 180)));
    assert_eq!(parse_value(" 0 ", Quantity::Aqi), Ok((0, 0)));
    for r in [
        "180-230",
        "180~230",
        "180～230",
        "180 - 230",
        "180–230",
        "180—230",
    ] {
        assert_eq!(parse_value(r, Quantity::Aqi), Ok((180, 230)), "{r}");
    }
    assert_eq!(parse_value("200-200", Quantity::Aqi), Ok((200, 200)));
    assert_eq!(parse_value("600", Quantity::Pm25), Ok((600, 600)));
    let err = |s: &str| parse_value(s, Quantity::Aqi).unwrap_err();
    assert_eq!(err(""), "no value");
    assert_eq!(
        err("230-180"),
        "the range '230-180' is inverted (low end first: 180-230)"
    );
    assert_eq!(err("501"), "AQI 501 is above 500, the top of the index");
    assert_eq!(err("99999999999"), "'99999999999' is too large");
    for s in [
        "-5",
        "12.5",
        "abc",
        "180-",
        "-230",
        "1-2-3",
        "+5",
        "１８０",
        "180,230",
    ] {
        assert_eq!(
            err(s),
            format!("'{s}' is not a whole number or a range such as 180-230"),
            "{s}"
        );
    }
}

#[test]
fn rows_are_sorted_by_scenario_city_then_time_and_keep_all_columns() {
    let t = table(
        "\u{feff}城市,日期,AQI,首要污染物,原因\n\
         晋中,2026-12-02,100,,\n\
         太原,2026-12-02,150-200,PM2.5;PM10,\n\
         晋中,2026-11-30,90,O3_8h,\n\
         太原,2026-12-01,120,pm10,沙尘\n\
         太原,2027-01-05,80,—,-\n",
    );
    let got: Vec<(&str, NaiveDate, u32, u32)> = t
        .rows
        .iter()
        .map(|r| (r.city.as_str(), r.time.date(), r.low, r.high))
        .collect();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(
        got,
        [
            ("太原", d(12, 1), 120, 120),
            ("太原", d(12, 2), 150, 200),
            ("太原", NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(), 80, 80),
            ("晋中", d(11, 30), 90, 90),
            ("晋中", d(12, 2), 100, 100),
        ]
    );
    assert!(
        t.rows
            .iter()
            .all(|r| r.time.time() == chrono::NaiveTime::MIN)
    );
    assert_eq!(t.rows[0].primary, Some(Slot::Pm10));
    assert_eq!(t.rows[0].cause, Some(Cause::Dust));
    assert_eq!(t.rows[0].line, 5);
    assert_eq!(t.rows[1].primary, Some(Slot::Pm25));
    assert_eq!(t.rows[2].primary, None);
    assert_eq!(t.rows[2].cause, None);
    assert_eq!(t.rows[3].primary, Some(Slot::O3EightHour));
}

fn cities(names: &[&str]) -> Vec<crate::scenario::City> {
    names
        .iter()
        .map(|n| crate::scenario::City {
            name: n.to_string(),
            stations: Vec::new(),
            counties: Vec::new(),
        })
        .collect()
}

#[test]
fn gbk_crlf_and_blank_lines() {
    let text = "city,date,aqi\r\n\r\n太原,2026-12-01,100\r\n晋中,2026-12-01,x\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.csv"), &gbk).unwrap();
    let e = crate::scenario::forecast::read(
        &dir.path().join("f.csv"),
        crate::scenario::Resolution::Daily,
        Quantity::Aqi,
        &cities(&["太原", "晋中"]),
    )
    .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, Some(4));
    assert_eq!(
        e[0].message,
        "'x' is not a whole number or a range such as 180-230"
    );
    let ok_gbk = encoding_rs::GBK
        .encode("城市,日期,aqi\r\n太原,2026-12-01,100\r\n")
        .0;
    std::fs::write(dir.path().join("g.csv"), &ok_gbk).unwrap();
    let rows = crate::scenario::forecast::read(
        &dir.path().join("g.csv"),
        crate::scenario::Resolution::Daily,
        Quantity::Aqi,
        &cities(&["太原"]),
    )
    .unwrap();
    assert_eq!(rows[0].city, "太原");
    assert_eq!(rows[0].line, 2);
}

#[test]
fn every_row_defect_is_reported() {
    let p = bad("city,date,aqi,primary,cause\n\
         太圆,2026-12-01,100,,\n\
         ,2026-12-01,100,,\n\
         太原,2026-12-32,100,,\n\
         太原,2026-12-02,,,\n\
         太原,2026-12-03,100,PM1,\n\
         太原,2026-12-04,100,,smog\n\
         晋中,2026-12-01,100,,\n\
         晋中,2026-12-01,110,,\n\
         晋中,2026-12-02,100,,,x\n\
         晋中,2026-12-03\n");
    assert_eq!(
        p,
        [
            "f.csv:2: column 'city': unknown city '太圆' (did you mean '太原'?)",
            "f.csv:3: column 'city': no city",
            "f.csv:4: column 'date': '2026-12-32' is not a valid date",
            "f.csv:5: column 'aqi': no value",
            "f.csv:6: column 'primary': unknown pollutant 'PM1' (expected PM2.5, PM10, SO2, NO2, CO, O3 or O3_8h)",
            "f.csv:7: column 'cause': unknown cause 'smog' (expected dust/沙尘, local_dust/局地扬沙, wildfire/山火, fireworks/烟花爆竹 or cross_border/国境外传输)",
            "f.csv:9: duplicate row for 晋中 2026-12-01 (first on line 8)",
            "f.csv:10: 6 fields where the header has 5; row skipped",
            "f.csv:11: column 'aqi': no value",
        ]
    );
}

#[test]
fn hourly_duplicates_name_the_hour() {
    let yaml = BASE.replace("{file: f.csv}", "{file: f.csv, resolution: hourly}");
    let p = problems(
        &yaml,
        &[(
            "f.csv",
            "city,time,aqi\n太原,2026-12-01 24:00,1\n太原,2026-12-02 00:00,2\n太原,2026-12-02 00:30,2\n",
        )],
    );
    assert_eq!(
        p,
        [
            "f.csv:3: duplicate row for 太原 2026-12-02 00:00 (first on line 2)",
            "f.csv:4: column 'time': '2026-12-02 00:30' is not on the hour",
        ]
    );
}

#[test]
fn header_problems() {
    assert_eq!(
        bad("city,date,aqi,cuase,remark,aqi\n"),
        [
            "f.csv:1: column 'cuase': unknown column (did you mean 'cause'?)",
            "f.csv:1: column 'remark': unknown column (columns: city, county, date or time, aqi or pm25, primary, cause, issued)",
            "f.csv:1: column 'aqi': appears twice (columns 3 and 6)",
        ]
    );
    assert_eq!(
        bad("城市,时间,pm2.5\n"),
        [
            "f.csv:1: column '时间': holds hours: set forecast.resolution: hourly, or give a 'date' column",
            "f.csv:1: column 'pm2.5': holds PM2.5: set forecast.quantity: pm25, or give an 'aqi' column",
        ]
    );
    assert_eq!(bad("date,aqi\n"), ["f.csv:1: no 'city' column (城市)"]);
    assert_eq!(
        bad("\n\ncity,aqi,,\n"),
        ["f.csv:3: no 'date' column (日期)"]
    );
    assert_eq!(bad(""), ["f.csv: the file is empty (no header)"]);
    assert_eq!(bad("city,date,aqi\n"), ["f.csv: the forecast has no rows"]);
}

#[test]
fn at_most_twenty_messages_per_kind() {
    let mut csv = String::from("city,date,aqi\n");
    for day in 1..=25 {
        csv += &format!("太原,2026-12-{day:02},x\n");
    }
    csv += "大同,2026-12-01,1\n";
    let p = bad(&csv);
    assert_eq!(p.len(), MESSAGES_PER_KIND + 2, "{p:#?}");
    assert_eq!(
        p[MESSAGES_PER_KIND],
        "f.csv:27: column 'city': unknown city '大同' (not in cities: 太原, 晋中)"
    );
    assert_eq!(
        p[MESSAGES_PER_KIND + 1],
        "f.csv: 5 more value problem(s) not shown (25 in all)"
    );
}

#[test]
fn never_panics_on_odd_csv() {
    for csv in [
        "\"",
        "city,date,aqi\n\"太原",
        ",,,\n,,,",
        "city,date,aqi\n\u{0},\u{0},\u{0}",
        "\u{feff}",
    ] {
        let _ = super::load_with(BASE, &[("f.csv", csv)]);
    }
}
