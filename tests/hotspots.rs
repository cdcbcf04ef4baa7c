//! `hazeplan hotspots`: the stations far above their city's median on a small fixture
//! (tests/fixtures/hotspots: one hotspot at its threshold, one just below, a control point), on
//! the real Shanxi stations of 2023-01-22 (../shared/data, skipped when absent), and bad input
//! (nothing written).

mod common;

use common::{bom_csv_rows, fixture, hazeplan};

/// `hazeplan hotspots` on the fixture's readings and stations, then `extra`, into `dir`.
fn on_fixture(extra: &[&str], dir: &std::path::Path) -> assert_cmd::assert::Assert {
    hazeplan()
        .arg("hotspots")
        .arg(fixture("hotspots/readings.csv"))
        .arg("--stations")
        .arg(fixture("hotspots/stations.csv"))
        .args(extra)
        .arg("-o")
        .arg(dir)
        .assert()
}

#[test]
fn the_fixture_gives_its_one_hotspot_and_a_map() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hot");
    let out = on_fixture(&[], &dir).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("hotspots: 1 in 1 cities (4 stations, 32 station-hours;"),
        "{stdout}"
    );
    let hot = bom_csv_rows(&dir.join("hotspots.csv"));
    assert_eq!(hot.len(), 1);
    let h = &hot[0];
    assert_eq!(
        (
            h["city"].as_str(),
            h["station"].as_str(),
            h["pollutant"].as_str(),
            h["start"].as_str(),
            h["end"].as_str(),
            h["hours"].as_str(),
            h["max_ratio"].as_str(),
            h["mean_excess"].as_str()
        ),
        (
            "临汾",
            "9103A",
            "PM2.5",
            "2023-01-22 01:00",
            "2023-01-22 04:00",
            "3",
            "1.50",
            "50.0"
        )
    );
    let md = std::fs::read_to_string(dir.join("hotspots.md")).unwrap();
    assert!(
        md.contains("共 1 处高值热点") && md.contains("UNVERIFIED"),
        "{md}"
    );
    let png = std::fs::read(dir.join("charts/stations_临汾.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let manifest = std::fs::read_to_string(dir.join(".hazeplan-output")).unwrap();
    assert!(manifest.lines().next().unwrap().ends_with(" hotspots"));
    // A lower ratio finds 9104A's PM10 too; English summary.
    let out = on_fixture(&["--ratio", "1.49", "--lang", "en"], &dir).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("hotspots: 2 in 1 cities"), "{stdout}");
    let md = std::fs::read_to_string(dir.join("hotspots.md")).unwrap();
    assert!(md.contains("Hotspots: 2."), "{md}");
    // Three hours needed, two in the period: none.
    let out = on_fixture(&["--hours", "4"], &dir).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("hotspots: 0 in 1 cities"), "{stdout}");
    assert!(bom_csv_rows(&dir.join("hotspots.csv")).is_empty());
}

#[test]
fn the_same_hotspots_for_any_number_of_threads() {
    let Some(data) = common::shared_data("shanxi_subsets") else {
        return;
    };
    let Some(list) = common::shared_data("station_list/NewSiteList.utf8.csv") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut csvs = Vec::new();
    for threads in ["1", "2", "3"] {
        let dir = tmp.path().join(threads);
        hazeplan()
            .args(["-q", "hotspots"])
            .arg(&data)
            .arg("--stations")
            .arg(&list)
            .args(["--threads", threads, "-o"])
            .arg(&dir)
            .assert()
            .success();
        csvs.push((
            std::fs::read(dir.join("hotspots.csv")).unwrap(),
            std::fs::read(dir.join("hotspots.md")).unwrap(),
        ));
    }
    assert!(csvs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn real_shanxi_stations_on_2023_01_22() {
    let (Some(d22), Some(d23), Some(list)) = (
        common::shared_data("shanxi_subsets/shanxi_sites_20230122.csv"),
        common::shared_data("shanxi_subsets/shanxi_sites_20230123.csv"),
        common::shared_data("station_list/NewSiteList.utf8.csv"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hot");
    // The natural day 2023-01-22: labels 01:00 to 2023-01-23 00:00, in two files.
    let out = hazeplan()
        .arg("hotspots")
        .arg(&d22)
        .arg(&d23)
        .arg("--stations")
        .arg(&list)
        .args(["--from", "2023-01-22", "--to", "2023-01-22", "-o"])
        .arg(&dir)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains(" in 11 cities (61 stations,"), "{stdout}");
    let hot = bom_csv_rows(&dir.join("hotspots.csv"));
    assert!(!hot.is_empty());
    for h in &hot {
        assert!(h["hours"].parse::<u32>().unwrap() >= 3);
        assert!(h["max_ratio"].parse::<f64>().unwrap() >= 1.5);
        assert!(
            h["start"].as_str() >= "2023-01-22 00:00" && h["end"].as_str() <= "2023-01-23 00:00"
        );
    }
    // 太原 1085A's PM10 (the Spring Festival night's fireworks), 4.76x the city median.
    assert!(hot.iter().any(|h| h["city"] == "太原"
        && h["station"] == "1085A"
        && h["pollutant"] == "PM10"
        && h["max_ratio"] == "4.76"));
    for city in ["太原", "临汾", "运城"] {
        let png = dir.join(format!("charts/stations_{city}.png"));
        assert!(png.exists(), "{}", png.display());
    }
}

#[test]
fn bad_input_gives_a_clear_message_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hot");
    let cases: [(&[&str], i32, &str); 4] = [
        // A period outside the files.
        (
            &["--from", "2024-01-01"],
            1,
            "error: no station-hour from 2024-01-01 in the files",
        ),
        // A city without stations in the files.
        (
            &["--cities", "太原"],
            1,
            "error: no station-hour of 太原 in the files",
        ),
        // --from after --to.
        (
            &["--from", "2023-01-23", "--to", "2023-01-22"],
            2,
            "error: --from 2023-01-23 is after --to 2023-01-22: nothing to look at",
        ),
        // A ratio that is no ratio.
        (
            &["--ratio", "0.5"],
            2,
            "'0.5' is not a ratio above 1 (such as 1.5)",
        ),
    ];
    for (extra, code, message) in cases {
        let o = on_fixture(extra, &dir).code(code);
        let stderr = String::from_utf8_lossy(&o.get_output().stderr).into_owned();
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
        assert!(!dir.exists(), "{extra:?}: wrote {}", dir.display());
    }
    // A file that is no monitoring file.
    let o = hazeplan()
        .arg("hotspots")
        .arg(fixture("hotspots/README.md"))
        .arg("--stations")
        .arg(fixture("hotspots/stations.csv"))
        .arg("-o")
        .arg(&dir)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&o.get_output().stderr).into_owned();
    assert!(stderr.contains("README.md"), "{stderr}");
    assert!(!dir.exists());
    // A folder of other files is refused without --force, and left as it was.
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let o = on_fixture(&[], &dir).code(2);
    let stderr = String::from_utf8_lossy(&o.get_output().stderr).into_owned();
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
