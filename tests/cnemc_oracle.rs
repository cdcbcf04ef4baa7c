//! Real-data check of the AQI engine: every station-hour of the four CNEMC archive days is
//! rescored from its concentration rows and compared with the published real-time `AQI` row.
//!
//! The reader here is deliberately minimal (the `ingest` module is the real one): it keys the
//! rows by (hour, type) and reads each station column.

mod common;

use std::collections::HashMap;

use hazeplan::aqi::{AqiOptions, Period, Readings, Slot, StandardChoice, score};
use hazeplan::units::Concentration;

#[derive(Default, Debug)]
struct Counts {
    compared: usize,
    equal: usize,
    different: usize,
    so2_over_800: usize,
    no_published_aqi: usize,
    nothing_to_score: usize,
}

#[test]
fn hourly_aqi_matches_the_published_aqi_row() {
    let Some(dir) = common::shared_data("cnemc") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    let mut n = Counts::default();
    let mut mismatches = Vec::new();
    for path in &files {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .unwrap();
        let header = rdr.headers().unwrap().clone();
        let mut rows: HashMap<(String, String), csv::StringRecord> = HashMap::new();
        let mut date = String::new();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            date = rec[0].to_string();
            rows.insert((rec[1].to_string(), rec[2].to_string()), rec);
        }
        let day = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d").unwrap();
        let standard = StandardChoice::Auto.for_date(day);
        for hour in 0..24 {
            let h = hour.to_string();
            let cell = |ty: &str, col: usize| -> Option<Concentration> {
                let s = rows.get(&(h.clone(), ty.to_string()))?.get(col)?;
                (!s.is_empty()).then(|| s.parse().expect("a number"))
            };
            for col in 3..header.len() {
                let published = cell("AQI", col);
                let r = Readings {
                    pm25: cell("PM2.5", col),
                    pm10: cell("PM10", col),
                    so2: cell("SO2", col),
                    no2: cell("NO2", col),
                    co: cell("CO", col),
                    o3: cell("O3", col),
                    o3_8h: cell("O3_8h", col),
                    so2_24h: cell("SO2_24h", col),
                    ..Readings::default()
                };
                let res = score(&r, Period::Hour, standard, &AqiOptions::default());
                let Some(published) = published else {
                    n.no_published_aqi += 1;
                    continue;
                };
                if r.so2.is_some_and(|c| c.exceeds_units(800)) {
                    n.so2_over_800 += 1;
                    eprintln!(
                        "SO2 1-h > 800 at {} {}:00 {}: published AQI {}, hazeplan {:?} \
                         (SO2 IAQI {:?} from the 24-h mean {:?})",
                        date,
                        hour,
                        &header[col],
                        published,
                        res.aqi.map(|a| a.value()),
                        res.iaqi(Slot::So2).map(|a| a.value()),
                        r.so2_24h.map(|c| c.to_string()),
                    );
                    continue;
                }
                let Some(ours) = res.aqi else {
                    n.nothing_to_score += 1;
                    continue;
                };
                n.compared += 1;
                let published = published.round_half_even_to(1_000_000) as u16;
                if ours.value() == published {
                    n.equal += 1;
                } else {
                    n.different += 1;
                    if mismatches.len() < 10 {
                        mismatches
                            .push(format!("{date} {hour} {} {published} {ours}", &header[col]));
                    }
                }
            }
        }
    }
    eprintln!("{n:?}");
    println!(
        "compared {}, equal {}, different {} (SO2 1-h > 800 excluded: {}; no published AQI: {}; \
         nothing to score: {})",
        n.compared, n.equal, n.different, n.so2_over_800, n.no_published_aqi, n.nothing_to_score
    );
    assert!(n.compared > 150_000, "{n:?}");
    assert_eq!(n.different, 0, "first mismatches: {mismatches:#?}");
    assert_eq!(n.nothing_to_score, 0);
}
