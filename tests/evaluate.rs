//! `hazeplan evaluate` on the Taiyuan example: the synthetic post-episode observations and
//! power use (scenarios/data/taiyuan-basin-*.synthetic.csv, made by
//! `cargo run --example make_example_data`) give exactly the verdicts they were made for; bad
//! inputs (tests/fixtures/bad/evaluate/) each give their message and write nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{bom_csv_rows, fixture, hazeplan, images, png_size, unescape, visible_text};

const OBS: &str = "scenarios/data/taiyuan-basin-observations.synthetic.csv";
const POWER: &str = "scenarios/data/taiyuan-basin-power.synthetic.csv";

/// The example's run folder, written into `dir/run`.
fn run_example(dir: &Path) -> PathBuf {
    common::run_scenario("scenarios/taiyuan-basin-winter.yaml", dir)
}

#[test]
fn the_example_evaluation_gives_the_intended_verdicts() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_example(tmp.path());
    let out = hazeplan()
        .arg("evaluate")
        .arg(&run)
        .args(["--observations", OBS, "--power", POWER])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout
            .contains("warnings: 12 issued: 5 hit, 2 too high, 0 too low, 5 false alarm; 1 missed"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "effect: observed AQI inside the projected band with measures in 0 of 5 city warnings"
    ));
    // Written into RUN_DIR/evaluation by default.
    let dir = run.join("evaluation");
    let verdicts: Vec<(String, String, String)> =
        bom_csv_rows(&dir.join("warning_verification.csv"))
            .iter()
            .map(|r| {
                (
                    r["city"].clone() + &r["county"],
                    r["justified"].clone(),
                    r["verdict"].clone(),
                )
            })
            .collect();
    let want = [
        // 太原's red verified.
        ("太原", "red", "hit"),
        // 晋中's orange did not: the air stayed below 150.
        ("晋中", "none", "false_alarm"),
        ("吕梁", "orange", "hit"),
        // 孝义市 is judged on 吕梁's air: orange, not red.
        ("吕梁孝义市", "orange", "too_high"),
        ("吕梁交城县", "orange", "hit"),
        ("吕梁文水县", "orange", "hit"),
        ("吕梁汾阳市", "orange", "hit"),
        // One day above 200: yellow.
        ("阳泉", "yellow", "too_high"),
        // The regional orange and the dispatch order on the counties: not needed by the air.
        ("忻州", "none", "false_alarm"),
        ("忻州忻府区", "none", "false_alarm"),
        ("忻州定襄县", "none", "false_alarm"),
        ("忻州原平市", "none", "false_alarm"),
        // The episode of 12-26 to 12-28 nobody forecast.
        ("太原", "orange", "miss"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(verdicts, want);
    let scores = bom_csv_rows(&dir.join("scores.csv"));
    let red = scores.iter().find(|r| r["level"] == "red").unwrap();
    assert_eq!(
        (
            red["hits"].as_str(),
            red["pod"].as_str(),
            red["far"].as_str()
        ),
        ("6", "1.000", "0.000")
    );
    let compliance: Vec<(String, String, String)> = bom_csv_rows(&dir.join("compliance.csv"))
        .iter()
        .map(|r| {
            (
                r["enterprise_id"].clone(),
                r["part"].clone(),
                r["verdict"].clone(),
            )
        })
        .collect();
    let mut want = Vec::new();
    for (id, part, v) in [
        ("E01026", "", "not_complied"),
        ("E01015", "化产回收", "partly"),
        ("E01029", "化产回收", "no_data"),
        ("E01019", "化产回收", "complied"),
        ("E01020", "", "complied"),
        ("E01015", "焦炉", "not_assessed"),
        ("E01019", "焦炉", "not_assessed"),
        ("E01029", "焦炉", "not_assessed"),
    ] {
        // Two windows each: 12-14 (red) and 12-15 to 12-20 (red, stricter).
        for _ in 0..2 {
            want.push((id.to_string(), part.to_string(), v.to_string()));
        }
    }
    assert_eq!(compliance, want);
    let md = std::fs::read_to_string(dir.join("evaluation.md")).unwrap();
    assert!(
        md.contains("| — | 太原 | 未发布 | 2026-12-26 00:00 → 2026-12-29 00:00 |"),
        "{md}"
    );
    assert!(md.contains("UNVERIFIED"));
    assert!(md.contains("混合了预报误差和措施效果"));
    let effect = bom_csv_rows(&dir.join("effect.csv"));
    assert_eq!(effect.len(), 5);
    assert_eq!(effect[0]["projected_reduction_pct"], "11.1");
    let png = std::fs::read(dir.join("charts/verification.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // A compliance chart per city with metered actions (only 太原's enterprises have meters):
    // its 10 assessed actions, 1300 x (110 + 10 x 34 + 80).
    let mut charts: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    charts.sort();
    assert_eq!(charts, ["compliance_太原.png", "verification.png"]);
    let chart = std::fs::read(dir.join("charts/compliance_太原.png")).unwrap();
    assert_eq!(png_size(&chart), (1300, 530));
    evaluation_in_the_report(&run, &dir, &md);
    let manifest = std::fs::read_to_string(dir.join(".hazeplan-output")).unwrap();
    assert!(
        manifest.starts_with("hazeplan ")
            && manifest.lines().next().unwrap().ends_with(" evaluate")
    );
}

/// `evaluation/report.md` and `report.html`: the issued report with the 总结评估 section once,
/// its charts embedded as the files' bytes, the issued charts those of the run folder, no
/// English reason text, no script and no network; the run folder itself unchanged.
fn evaluation_in_the_report(run: &Path, dir: &Path, md: &str) {
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    let issued = read(run.join("report.md"));
    assert!(!issued.contains("总结评估"));
    let page = read(dir.join("report.md"));
    assert_eq!(page, format!("{}\n\n{md}", issued.trim_end()));
    assert_eq!(page.matches("## 总结评估").count(), 1);
    assert!(md.contains(
        "![太原 减排措施落实（用电监控）：措施期间用电与基线](charts/compliance_太原.png)"
    ));
    let issued_html = read(run.join("report.html"));
    assert!(!issued_html.contains("总结评估"));
    let html = read(dir.join("report.html"));
    assert_eq!(html.matches("<h2>总结评估").count(), 1);
    let start = html.find("<section class=\"city evaluation\"").unwrap();
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    // Before the footer, the issued page's head and start unchanged.
    assert!(html[start..].contains("<footer>"));
    let head = &issued_html[..issued_html.find("<figure>").unwrap()];
    assert!(html.starts_with(head));
    let mut embedded = images(section);
    embedded.sort();
    let names: Vec<&str> = embedded.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["compliance_太原.png", "verification.png"]);
    for (name, bytes) in &embedded {
        assert_eq!(
            bytes,
            &std::fs::read(dir.join("charts").join(name)).unwrap(),
            "{name}"
        );
    }
    // The issued charts, pointed at the run folder's charts/.
    let issued_charts = images(&html[..start]);
    assert_eq!(issued_charts.len(), images(&issued_html).len());
    for (name, bytes) in &issued_charts {
        let file = name.strip_prefix("../").expect("the run's charts");
        assert_eq!(bytes, &std::fs::read(run.join(file)).unwrap(), "{name}");
    }
    for bad in ["<script", "http://", "https://", "src=\"charts/", "<link"] {
        assert!(!section.contains(bad), "{bad}");
    }
    // No English words in the Chinese section but identifiers (the rule set, pollutants,
    // the scores' names, the UNVERIFIED label); the captions' file names left out.
    let captions: String = section
        .split("<span class=\"note\">")
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                p
            } else {
                &p[p.find("</span>").unwrap()..]
            }
        })
        .collect();
    let text = unescape(&visible_text(&format!("<body>{captions}")));
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
        .filter(|w| {
            ![
                "national",
                "AQI",
                "PM",
                "POD",
                "FAR",
                "CSI",
                "UNVERIFIED",
                "SO",
                "NO",
                "CO",
            ]
            .contains(w)
        })
        .collect();
    assert!(words.is_empty(), "{words:?}");
}

#[test]
fn bad_inputs_give_their_message_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_example(tmp.path());
    let out = tmp.path().join("evaluation");
    let dir = fixture("bad/evaluate");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in &names {
        let file = format!("tests/fixtures/bad/evaluate/{name}.csv");
        let mut cmd = hazeplan();
        cmd.arg("evaluate").arg(&run).arg("-o").arg(&out);
        if name.starts_with("power") {
            cmd.args(["--observations", OBS, "--power", &file]);
        } else {
            cmd.args(["--observations", &file]);
        }
        let o = cmd.assert().code(1);
        let stderr = String::from_utf8_lossy(&o.get_output().stderr).into_owned();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
        for line in expected.lines().filter(|l| !l.is_empty()) {
            assert!(
                stderr.lines().any(|l| l == line),
                "{name}: no line\n{line}\nin\n{stderr}"
            );
        }
        assert!(!out.exists(), "{name}: wrote {}", out.display());
    }
    // The power use of another list (no enterprise of this run's schedule): named.
    let other = tmp.path().join("other-power.csv");
    let power =
        std::fs::read_to_string("scenarios/data/taiyuan-basin-power.synthetic.csv").unwrap();
    std::fs::write(&other, power.replace("\nE0", "\nX0")).unwrap();
    let o = hazeplan()
        .arg("evaluate")
        .arg(&run)
        .args(["--observations", OBS, "--power"])
        .arg(&other)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    assert!(
        String::from_utf8_lossy(&o.get_output().stderr)
            .contains("no enterprise of the run's schedule.csv has power data (is it the power use of another list?)")
    );
    assert!(!out.exists());
    // A run of another scenario (the Fenhe valley) against the basin's observations.
    let fenhe = common::run_scenario("scenarios/fenhe-valley-winter.yaml", &tmp.path().join("f"));
    let o = hazeplan()
        .arg("evaluate")
        .arg(&fenhe)
        .args(["--observations", OBS, "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&o.get_output().stderr).into_owned();
    assert!(
        stderr.contains("the observations do not cover the plan's period")
            && stderr.contains("临汾: no observed day in the period"),
        "{stderr}"
    );
    assert!(!out.exists());
    // A folder that is not a run output, and a run folder of another version.
    let o = hazeplan()
        .args(["evaluate", "scenarios", "--observations", OBS, "-o"])
        .arg(&out)
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&o.get_output().stderr).contains(
        "error: scenarios: not a hazeplan run output (no .hazeplan-output): give the folder \
         `hazeplan run` wrote"
    ));
    // The run folder evaluated again (each time refused, its standard error).
    let refused = || {
        let o = hazeplan()
            .arg("evaluate")
            .arg(&run)
            .args(["--observations", OBS, "-o"])
            .arg(&out)
            .assert()
            .code(1);
        assert!(!out.exists());
        String::from_utf8_lossy(&o.get_output().stderr).into_owned()
    };
    let manifest = run.join(".hazeplan-output");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let first = text.lines().next().unwrap().to_string();
    std::fs::write(&manifest, text.replacen(&first, "hazeplan 0.0.9 run", 1)).unwrap();
    let stderr = refused();
    assert!(
        stderr.contains("line 1: written by hazeplan 0.0.9, this is")
            && stderr.contains("run the scenario again with this version"),
        "{stderr}"
    );
    // The issued report.html not UTF-8: named, nothing written.
    std::fs::write(&manifest, text).unwrap();
    let html = std::fs::read(run.join("report.html")).unwrap();
    std::fs::write(run.join("report.html"), b"<html>\xff\xfe</html>").unwrap();
    let stderr = refused();
    assert!(
        stderr.contains("report.html: not UTF-8: is this the report `hazeplan run` wrote?"),
        "{stderr}"
    );
    std::fs::write(run.join("report.html"), html).unwrap();
    // A run file without its columns is named.
    std::fs::write(run.join("daily.csv"), "city,date\n太原,2026-12-01\n").unwrap();
    let stderr = refused();
    assert!(
        stderr.contains("daily.csv: line 1: no column 'county' (the header has: city,date)"),
        "{stderr}"
    );
}

#[test]
fn hotspots_and_station_maps_of_real_shanxi_stations() {
    let (Some(obs), Some(list)) = (
        common::shared_data("shanxi_subsets/shanxi_sites_20230122.csv"),
        common::shared_data("station_list/NewSiteList.utf8.csv"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let run = common::run_scenario(
        "tests/fixtures/scenarios/shanxi-2023-01-22.yaml",
        tmp.path(),
    );
    let out = hazeplan()
        .arg("evaluate")
        .arg(&run)
        .arg("--observations")
        .arg(&obs)
        .arg("--stations")
        .arg(&list)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("hotspots: 10 "), "{stdout}");
    let dir = run.join("evaluation");
    let hot = bom_csv_rows(&dir.join("hotspots.csv"));
    assert_eq!(hot.len(), 10);
    let longest = hot.iter().find(|r| r["hours"] == "10").unwrap();
    assert_eq!(
        (
            longest["city"].as_str(),
            longest["station"].as_str(),
            longest["pollutant"].as_str(),
            longest["max_ratio"].as_str()
        ),
        ("太原", "1085A", "PM10", "4.76")
    );
    assert!(dir.join("charts/stations_太原.png").exists());
}
