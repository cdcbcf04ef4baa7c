//! The monitoring layouts of issue #17 read to the expected hourly values: a header under lines
//! of notes, sentinels with a QC column, negatives flagged valid, one row per parameter with
//! mixed units, Latin-1, UTC offsets and `--tz`, and the repeated hour of a daylight-saving
//! clock. Values are read through the library (`FrameStream`), which is what every command
//! reads with; the daily run goes through the binary as a user would. The exact messages of
//! the bad inputs of each layout are in `tests/fixtures/bad/` (see `bad_inputs.rs`).

mod common;

use std::collections::BTreeMap;

use common::{csv_rows, fixture, hazeplan};
use hazeplan::aqi::Slot;
use hazeplan::ingest::{FrameStream, Offset, QcValid, Quality, ReadOptions};

/// (time, site, pollutant) to value, every hour of a file.
type Hours = BTreeMap<(String, String, &'static str), String>;

fn read(rel: &str, opts: ReadOptions) -> (Hours, Quality) {
    let mut stream = FrameStream::open(&[fixture(rel)], None, opts);
    let mut out = Hours::new();
    while let Some(f) = stream.next_frame() {
        for r in &f.rows {
            for s in Slot::ALL {
                if let Some(v) = r.values[s as usize] {
                    let key = (
                        f.time.format("%Y-%m-%d %H:%M").to_string(),
                        stream.sites.get(r.site).key.clone(),
                        s.name(),
                    );
                    out.insert(key, v.to_string());
                }
            }
        }
    }
    (out, stream.quality)
}

fn hour(h: &Hours, time: &str, site: &str, slot: &'static str) -> Option<String> {
    h.get(&(time.to_string(), site.to_string(), slot)).cloned()
}

#[test]
fn header_under_notes_with_sentinels_and_qc() {
    let (h, q) = read("monitoring/long_embassy.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 0, "{:?}", q.defects);
    assert!(
        q.notes[0].ends_with(
            "long_embassy.csv: the header is line 4; lines 1-3 above it skipped ('Hazetown - \
             PM2.5 - 2017 (synthetic test data,not a real reco…')"
        ),
        "{:?}",
        q.notes
    );
    // Hours 0-23 of 1 January and hour 0 of 2 January, 40 + 3 per hour; hours 5 and 6 are
    // -999 flagged Missing, hour 12 is a number flagged Invalid: all three missing.
    let mut want = Hours::new();
    for i in 0..25u32 {
        let t = if i < 24 {
            format!("2017-01-01 {i:02}:00")
        } else {
            "2017-01-02 00:00".into()
        };
        if ![5, 6, 12].contains(&i) {
            want.insert((t, "Hazetown".into(), "PM2.5"), (40 + 3 * i).to_string());
        }
    }
    assert_eq!(h, want);
    assert!(
        q.notes[1].ends_with(
            "long_embassy.csv: 3 row(s) not flagged valid in column 'QC Name' read as missing \
             ('Invalid' 1, 'Missing' 2); --qc-valid TEXT accepts a flag"
        ),
        "{:?}",
        q.notes
    );
    // --qc-valid accepts a flag: hour 12 is read; the -999 sentinels stay missing.
    let (h, _) = read(
        "monitoring/long_embassy.csv",
        ReadOptions {
            qc_valid: QcValid::new(vec!["invalid".into(), "Missing".into()]),
            ..ReadOptions::default()
        },
    );
    assert_eq!(
        hour(&h, "2017-01-01 12:00", "Hazetown", "PM2.5").as_deref(),
        Some("55")
    );
    assert_eq!(hour(&h, "2017-01-01 05:00", "Hazetown", "PM2.5"), None);
    assert_eq!(h.len(), 23);
}

#[test]
fn embassy_file_daily_aqi_with_no_option() {
    let out = hazeplan()
        .args(["aqi", "tests/fixtures/monitoring/long_embassy.csv"])
        .args(["--by", "station", "--period", "day"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&out.stdout);
    let day = rows
        .iter()
        .find(|r| r["date"] == "2017-01-01")
        .expect("a row for 2017-01-01");
    // Labels 01:00 of 1 January to 00:00 of 2 January: 21 valid hours, (1748 - 189 + 112)/21.
    assert_eq!(day["site"], "Hazetown");
    assert_eq!(day["hours_pm25"], "21");
    assert_eq!(day["pm25"], "79.571429");
    assert_eq!(day["aqi"], "106");
}

#[test]
fn negative_flagged_valid_is_a_defect_and_invalid_is_missing() {
    let (h, q) = read("bad/negative_flagged_valid.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 1);
    assert_eq!(
        hour(&h, "2017-01-01 01:00", "Hazetown", "PM2.5").as_deref(),
        Some("12")
    );
    assert_eq!(hour(&h, "2017-01-01 02:00", "Hazetown", "PM2.5"), None);
    assert_eq!(hour(&h, "2017-01-01 03:00", "Hazetown", "PM2.5"), None);
    assert_eq!(
        hour(&h, "2017-01-01 04:00", "Hazetown", "PM2.5").as_deref(),
        Some("9")
    );
}

#[test]
fn per_parameter_rows_with_mixed_units_and_offsets() {
    let (h, q) = read("monitoring/long_openaq.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 0, "{:?}", q.defects);
    assert!(
        q.notes.iter().any(|n| n.ends_with(
            "parameter 'bc' (first on line 20) is not one hazeplan scores; its rows are skipped"
        )),
        "{:?}",
        q.notes
    );
    let at = |t: &str, slot| hour(&h, t, "Hazetown Park", slot);
    // +08:00 and Z give the same Beijing hour; ppb and ppm at 25 °C and 1013.25 hPa.
    let t = "2023-01-20 10:00";
    assert_eq!(at(t, "PM2.5").as_deref(), Some("40"));
    assert_eq!(at(t, "PM10").as_deref(), Some("80"), "0.080 mg/m3");
    assert_eq!(at(t, "NO2").as_deref(), Some("37.608214"), "20 ppb");
    assert_eq!(at(t, "SO2").as_deref(), Some("26.183099"), "10 ppb");
    assert_eq!(at(t, "O3").as_deref(), Some("98.091591"), "50 ppb");
    assert_eq!(
        at(t, "CO").as_deref(),
        Some("1.144882"),
        "1.0 ppm, in mg/m3"
    );
    let t = "2023-01-20 12:00";
    assert_eq!(at(t, "PM2.5").as_deref(), Some("42"));
    assert_eq!(at(t, "CO").as_deref(), Some("1.030394"), "0.9 ppm");
    // -08:00: 02:00 on the 19th is 18:00 in Beijing.
    let north = |t: &str| hour(&h, t, "Hazetown North", "PM2.5");
    assert_eq!(north("2023-01-19 18:00").as_deref(), Some("60"));
    assert_eq!(north("2023-01-19 19:00").as_deref(), Some("61"));
    assert_eq!(h.len(), 3 * 6 + 2);
}

#[test]
fn latin1_unit_cells() {
    let (h, q) = read("monitoring/long_latin1.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 0, "{:?}", q.defects);
    assert_eq!(q.files[0].encoding, "Windows-1252");
    let at = |t: &str| hour(&h, t, "Hazetown", "PM2.5");
    assert_eq!(at("2017-02-01 01:00").as_deref(), Some("80"));
    assert_eq!(at("2017-02-01 02:00").as_deref(), Some("96"));
    assert_eq!(at("2017-02-01 03:00"), None);
    assert_eq!(at("2017-02-01 04:00").as_deref(), Some("151"));
}

#[test]
fn naive_timestamps_in_another_zone() {
    let utc: Offset = "UTC".parse().unwrap();
    let (h, _) = read(
        "monitoring/long_utc.csv",
        ReadOptions {
            tz: utc,
            ..ReadOptions::default()
        },
    );
    let at = |t: &str| hour(&h, t, "9001A", "PM2.5");
    assert_eq!(at("2023-01-20 10:00").as_deref(), Some("35"));
    assert_eq!(at("2023-01-20 11:00").as_deref(), Some("38"));
    assert_eq!(at("2023-01-21 00:00").as_deref(), Some("41"));
    // Without --tz the same file is Beijing time.
    let (h, _) = read("monitoring/long_utc.csv", ReadOptions::default());
    assert_eq!(
        hour(&h, "2023-01-20 02:00", "9001A", "PM2.5").as_deref(),
        Some("35")
    );
    // Through the binary.
    let out = hazeplan()
        .args([
            "aqi",
            "tests/fixtures/monitoring/long_utc.csv",
            "--tz",
            "UTC",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let rows = csv_rows(&out.stdout);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str()).collect();
    assert_eq!(
        times,
        ["2023-01-20 10:00", "2023-01-20 11:00", "2023-01-21 00:00"]
    );
    let bad = hazeplan()
        .args([
            "aqi",
            "tests/fixtures/monitoring/long_utc.csv",
            "--tz",
            "America/New_York",
        ])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(
        "'America/New_York' is not a time zone hazeplan knows: give UTC, a fixed offset such \
             as +08:00 or -05:00, or Asia/Shanghai"
    ));
}

#[test]
fn repeated_hour_of_a_daylight_saving_clock() {
    let (h, q) = read("bad/dst_repeated_hour.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 1);
    let at = |t: &str| hour(&h, t, "Hazetown", "PM2.5");
    assert_eq!(at("2017-03-12 01:00").as_deref(), Some("61"));
    // Hour 2 given as 62 and 64, hour 3 absent: neither value is kept, nor any mean of them.
    assert_eq!(at("2017-03-12 02:00"), None);
    assert_eq!(at("2017-03-12 03:00"), None);
    assert_eq!(at("2017-03-12 04:00").as_deref(), Some("64"));
    assert_eq!(h.len(), 23);
}

#[test]
fn header_row_option() {
    let out = hazeplan()
        .args([
            "aqi",
            "tests/fixtures/monitoring/long_embassy.csv",
            "--header-row",
            "4",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let out = hazeplan()
        .args([
            "aqi",
            "tests/fixtures/monitoring/long_embassy.csv",
            "--header-row",
            "2",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "long_embassy.csv: no time columns: need 'time', or 'date' and 'hour', or 'year', \
         'month', 'day' and 'hour' (use --map); line 2 was taken as the header (--header-row); \
         file skipped"
    ));
}

#[test]
fn na_adds_a_sentinel() {
    // 9999 flagged Valid is implausible; --na 9999 makes it a missing value, no defect.
    let run = |extra: &[&str]| {
        let out = hazeplan()
            .args(["aqi", "tests/fixtures/bad/sentinel_flagged_valid.csv"])
            .args(extra)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(
        run(&[]).starts_with("read 1 file(s), 5 row(s), 1 site(s); 1 defect(s) (implausible 1)")
    );
    for flag in ["--na", "--missing"] {
        let stderr = run(&[flag, "9999"]);
        assert!(
            stderr.starts_with("read 1 file(s), 5 row(s), 1 site(s); 0 defect(s)"),
            "{stderr}"
        );
    }
}

#[test]
fn gbk_per_parameter_rows_with_chinese_names_and_flags() {
    let (h, q) = read("monitoring/long_params_gbk.csv", ReadOptions::default());
    assert_eq!(q.defect_count, 0, "{:?}", q.defects);
    assert_eq!(q.files[0].encoding, "GBK/GB18030");
    let at = |t: &str, slot| hour(&h, &format!("2023-01-20 {t}"), "测试一站", slot);
    assert_eq!(at("10:00", "PM2.5").as_deref(), Some("35"));
    assert_eq!(at("10:00", "SO2").as_deref(), Some("20"), "0.020 mg/m3");
    assert_eq!(at("10:00", "CO").as_deref(), Some("0.8"));
    assert_eq!(at("10:00", "O3").as_deref(), Some("78.473272"), "40 ppb");
    // 无效 is missing, and so is -999 flagged 有效.
    assert_eq!(at("11:00", "PM2.5"), None);
    assert_eq!(at("11:00", "CO"), None);
    assert_eq!(at("11:00", "SO2").as_deref(), Some("18"));
    assert_eq!(at("11:00", "O3").as_deref(), Some("82.396936"), "42 ppb");
    assert_eq!(h.len(), 6);
}
