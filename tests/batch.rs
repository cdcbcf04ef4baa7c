//! `hazeplan batch` end to end: the UCI Beijing files, the CNEMC archive days, thread-count
//! independence and a corrupt file in the middle of a batch.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{csv_rows, hazeplan, shared_data};

fn batch(inputs: &[&Path], extra: &[&str]) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = hazeplan()
        .arg("batch")
        .args(inputs)
        .arg("-o")
        .arg(dir.path())
        .args(["--progress", "never"])
        .args(extra)
        .assert()
        .success();
    let o = out.get_output();
    (
        dir,
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn read(dir: &Path, name: &str) -> Vec<std::collections::HashMap<String, String>> {
    csv_rows(&std::fs::read(dir.join(name)).unwrap())
}

#[test]
fn uci_beijing_years() {
    let Some(uci) = shared_data("uci_beijing_multisite") else {
        return;
    };
    let (dir, _, stderr) = batch(&[&uci], &["--city", "北京", "--no-charts"]);
    assert!(
        stderr.contains("read 12 file(s), 420768 row(s)"),
        "{stderr}"
    );
    let daily = read(dir.path(), "daily_city_aqi.csv");
    assert_eq!(daily.len(), 1462);
    let d = daily.iter().find(|r| r["date"] == "2016-12-20").unwrap();
    assert_eq!((d["city"].as_str(), d["aqi"].as_str()), ("北京", "413"));
    // Summary figures counted by hand from the daily AQI of `hazeplan aqi --period day` (the
    // same days as tests/aqi_files.rs): 2014: 363 valid days, 46 above 200, 13 above 300, mean
    // daily PM2.5 84.6; 2016: 364, 39, 8, 72.0.
    let summary = read(dir.path(), "summary.csv");
    let year = |y: &str| summary.iter().find(|r| r["year"] == y).unwrap().clone();
    let y14 = year("2014");
    assert_eq!(
        [
            &y14["valid_days"],
            &y14["days_aqi_over_200"],
            &y14["days_aqi_over_300"],
            &y14["mean_pm25"]
        ],
        ["363", "46", "13", "84.6"]
    );
    let y16 = year("2016");
    assert_eq!(
        [
            &y16["valid_days"],
            &y16["days_aqi_over_200"],
            &y16["days_aqi_over_300"],
            &y16["mean_pm25"]
        ],
        ["364", "39", "8", "72.0"]
    );
    let levels: u32 = (1..=6)
        .map(|l| y16[&format!("days_level_{l}")].parse::<u32>().unwrap())
        .sum();
    assert_eq!(levels, 364);
    // The hindcast under national-2024 (rolling 24-hour AQI) is the one `run` gives
    // (tests/run_scenario.rs): a red warning covers 2016-12-17 to 12-22.
    let w = read(dir.path(), "warnings.csv");
    assert!(w.iter().any(|r| r["level"] == "red"
        && r["start"].as_str() <= "2016-12-17 00:00"
        && r["end"].as_str() >= "2016-12-22 00:00"));
    let reds: u32 = summary
        .iter()
        .map(|r| r["warnings_red"].parse::<u32>().unwrap())
        .sum();
    assert_eq!(
        reds as usize,
        w.iter().filter(|r| r["level"] == "red").count()
    );
}

#[test]
fn cnemc_days_and_calendars() {
    let (Some(cnemc), Some(list)) = (
        shared_data("cnemc"),
        shared_data("station_list/NewSiteList.gbk.csv"),
    ) else {
        return;
    };
    let (dir, stdout, stderr) = batch(
        &[&cnemc],
        &["--stations", list.to_str().unwrap(), "--station-daily"],
    );
    assert!(stdout.contains("batch: 4 file(s)"), "{stdout}");
    assert!(
        stderr.contains("china_sites_20230120.csv:361: short row"),
        "{stderr}"
    );
    let daily = read(dir.path(), "daily_city_aqi.csv");
    let city = |c: &str, d: &str| -> u32 {
        daily
            .iter()
            .find(|r| r["city"] == c && r["date"] == d)
            .unwrap()["aqi"]
            .parse()
            .unwrap()
    };
    // The same values as `hazeplan aqi --by city --period day` (tests/aqi_files.rs).
    assert!(city("运城", "2023-01-22") > 200 && city("临汾", "2023-01-22") > 200);
    assert!(city("太原", "2023-01-22") <= 200);
    assert!(!read(dir.path(), "daily_station_aqi.csv").is_empty());
    let q = read(dir.path(), "quality.csv");
    assert!(
        q.iter()
            .any(|r| r["scope"] == "file" && r["short_row"] == "1")
    );
    assert!(dir.path().join("charts/calendar_太原_2023.png").exists());
}

/// Two readers, one answer: the batch reads archive files into hour blocks and sums city means
/// by index; `hazeplan aqi` streams station rows and averages them by city name. Every
/// city-day (AQI, sub-indices, concentrations, valid hours) and every station-day agrees.
#[test]
fn batch_agrees_with_aqi_over_the_same_files() {
    let (Some(cnemc), Some(list)) = (
        shared_data("cnemc"),
        shared_data("station_list/NewSiteList.utf8.csv"),
    ) else {
        return;
    };
    let list = list.to_str().unwrap();
    let (dir, _, _) = batch(
        &[&cnemc],
        &["--stations", list, "--station-daily", "--no-charts"],
    );
    for (by, batch_file, key) in [
        ("city", "daily_city_aqi.csv", "city"),
        ("station", "daily_station_aqi.csv", "station"),
    ] {
        let aqi_out = dir.path().join(format!("aqi_{by}.csv"));
        hazeplan()
            .arg("aqi")
            .arg(&cnemc)
            .args(["--stations", list, "--by", by, "--period", "day", "-o"])
            .arg(&aqi_out)
            .assert()
            .success();
        let by_key = |rows: Vec<std::collections::HashMap<String, String>>, site: &str| {
            rows.into_iter()
                .map(|mut r| {
                    let k = (r.remove(site).unwrap(), r["date"].clone());
                    (k, r.into_iter().collect::<BTreeMap<_, _>>())
                })
                .collect::<BTreeMap<_, _>>()
        };
        let from_batch = by_key(read(dir.path(), batch_file), key);
        let from_aqi = by_key(read(dir.path(), &format!("aqi_{by}.csv")), "site");
        assert!(from_batch.len() > 300, "{by}: {}", from_batch.len());
        assert_eq!(from_batch, from_aqi, "{by}");
    }
}

/// Every output file of a folder, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(dir) {
        let rel = e.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        out.insert(rel, std::fs::read(&e).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

#[test]
fn same_bytes_for_one_and_four_threads() {
    // The Shanxi columns of the archive days: 11 cities, so every output (calendars included)
    // is compared without drawing 340 calendars twice.
    let (Some(cnemc), Some(list)) = (
        shared_data("shanxi_subsets"),
        shared_data("station_list/NewSiteList.utf8.csv"),
    ) else {
        return;
    };
    let l = list.to_str().unwrap();
    let (one, _, _) = batch(
        &[&cnemc],
        &["--stations", l, "--threads", "1", "--station-daily"],
    );
    let (four, _, _) = batch(
        &[&cnemc],
        &["--stations", l, "--threads", "4", "--station-daily"],
    );
    let (a, b) = (files(one.path()), files(four.path()));
    assert!(a.len() > 15, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between 1 and 4 threads");
    }
    // Without station days the city-days go to the tables on a thread of their own
    // (batch/emit.rs): the same bytes again.
    let (apart, _, _) = batch(&[&cnemc], &["--stations", l, "--threads", "4"]);
    let c = files(apart.path());
    assert!(!c.contains_key("daily_station_aqi.csv"));
    assert_eq!(c.len(), a.len() - 1);
    // (The manifest lists the files, one fewer.)
    for (name, bytes) in c.iter().filter(|(n, _)| *n != ".hazeplan-output") {
        assert!(
            bytes == &a[name],
            "{name} differs with the days on their own thread"
        );
    }
}

#[test]
fn a_corrupt_file_in_the_middle_is_reported_and_skipped() {
    let (Some(cnemc), Some(list)) = (
        shared_data("shanxi_subsets"),
        shared_data("station_list/NewSiteList.utf8.csv"),
    ) else {
        return;
    };
    let l = list.to_str().unwrap();
    let input = tempfile::tempdir().unwrap();
    for d in ["20230120", "20230122"] {
        let name = format!("shanxi_sites_{d}.csv");
        std::fs::copy(cnemc.join(&name), input.path().join(&name)).unwrap();
    }
    // A file of the archive's name whose data row is broken off after a NUL byte.
    std::fs::write(
        input.path().join("shanxi_sites_20230121.csv"),
        b"date,hour,type,1081A\n\x00\xff\"unterminated",
    )
    .unwrap();
    let (dir, stdout, stderr) = batch(&[input.path()], &["--no-charts", "--stations", l]);
    assert!(stdout.contains("batch: 3 file(s)"), "{stdout}");
    assert!(stderr.contains("shanxi_sites_20230121.csv"), "{stderr}");
    let daily = read(dir.path(), "daily_city_aqi.csv");
    assert!(daily.iter().any(|r| r["date"] == "2023-01-22"));
    // Under --strict the same run fails and writes nothing, as `aqi --strict`.
    let out = tempfile::tempdir().unwrap();
    hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(out.path())
        .args([
            "--progress",
            "never",
            "--no-charts",
            "--strict",
            "--stations",
            l,
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--strict was given; nothing written",
        ));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

/// The tables of a batch over two calendar years are the ones the batch wrote when it kept
/// every day in memory (tests/fixtures/batch_new_year, written by the binary before the
/// days were streamed), for any number of threads: a warning running across New Year, the
/// city-years of both years, the days by city then date.
#[test]
fn tables_across_new_year_are_unchanged_by_streaming() {
    let input = tempfile::tempdir().unwrap();
    common::new_year_files(input.path());
    let expected = common::fixture("batch_new_year");
    for threads in ["1", "3"] {
        let (dir, stdout, _) = batch(&[input.path()], &["--threads", threads]);
        assert!(stdout.contains("6 calendars"), "{stdout}");
        for name in ["daily_city_aqi.csv", "warnings.csv", "summary.csv"] {
            let got = std::fs::read_to_string(dir.path().join(name)).unwrap();
            let want = std::fs::read_to_string(expected.join(name)).unwrap();
            assert!(got == want, "{name} with {threads} thread(s):\n{got}");
        }
        let w = read(dir.path(), "warnings.csv");
        assert!(
            w.iter()
                .any(|r| r["start"].starts_with("2022") && r["end"].starts_with("2023")),
            "no warning across New Year"
        );
        for c in ["临汾_2022", "临汾_2023", "大同_2023"] {
            assert!(dir.path().join(format!("charts/calendar_{c}.png")).exists());
        }
    }
}
