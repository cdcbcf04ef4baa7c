//! Chart data from a run folder (golden values of the fixture `tests/fixtures/run/basin/`),
//! the reader's errors, and `hazeplan plot` as a user runs it.

mod common;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use common::{fixture, hazeplan};
use hazeplan::alert::WarningLevel::{self, None as No, Orange, Red, Yellow};
use hazeplan::emissions::{EmissionPollutant, Sector, Share, Tonnes};
use hazeplan::plot::from_run::{
    self, ProjectionRow, RegionRow, SectorReductionRow, charts, file_part,
};
use hazeplan::plot::{
    CalendarChart, Chart, ReductionChart, RegionGridChart, charts_from_run, read_run, render,
};
use predicates::prelude::*;

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn basin() -> Vec<(String, Chart)> {
    charts_from_run(&fixture("run/basin")).unwrap()
}

#[test]
fn file_names_in_order() {
    let names: Vec<String> = basin().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "timeline_太原.png",
            "timeline_晋中.png",
            "reductions_太原.png",
            "reductions_晋中.png",
            "region_太原盆地.png",
            // Runs of less than three months: one month calendar each (太原's runs into 2027).
            "calendar_太原_2026.png",
            "calendar_晋中_2026.png",
        ]
    );
}

#[test]
fn golden_timelines() {
    let charts = basin();
    let Chart::Timeline(ty) = &charts[0].1 else {
        panic!("a timeline first")
    };
    assert_eq!(ty.city, "太原");
    assert_eq!(ty.times.len(), 36);
    assert_eq!(ty.times[0], t("2026-12-13 13:00"));
    assert_eq!(ty.times[35], t("2026-12-15 00:00"));
    assert_eq!(ty.baseline[0], Some(120));
    assert_eq!(ty.controlled[0], Some(102));
    assert_eq!(ty.baseline[35], Some(260));
    // The gap of the fixture (two hours without values) stays a gap.
    assert_eq!(&ty.baseline[19..23], &[Some(196), None, None, Some(208)]);
    assert_eq!(&ty.controlled[20..22], &[None, None]);
    let (lo, hi) = ty.band.as_ref().expect("太原 has a band");
    assert_eq!((lo[0], hi[0]), (Some(90), Some(114)));
    assert_eq!((lo[20], hi[20]), (None, None));
    assert_eq!(
        ty.warnings,
        [(t("2026-12-14 00:00"), t("2026-12-15 00:00"), Orange)]
    );

    let Chart::Timeline(jz) = &charts[1].1 else {
        panic!("two timelines")
    };
    assert_eq!(jz.city, "晋中");
    assert_eq!(jz.band, None, "晋中's band columns are empty");
    assert_eq!(
        jz.warnings,
        [(t("2026-12-14 12:00"), t("2026-12-15 00:00"), Yellow)]
    );
}

#[test]
fn golden_reductions() {
    let charts = basin();
    assert_eq!(
        charts[2].1,
        Chart::Reductions(ReductionChart {
            city: "太原".into(),
            title: "太原 橙色预警（Ⅱ级响应）：各污染物减排量（按行业）".into(),
            level: Orange,
            sectors: vec![Sector::Industry, Sector::Traffic, Sector::Dust],
            shares: vec![
                [0.15, 0.10, 0.10, 0.10],
                [0.00, 0.15, 0.04, 0.05],
                [0.00, 0.00, 0.20, 0.00],
            ],
            // The fixture predates `estimated_t` and `basis`: the sectors other than
            // industry were the orders' estimates, and they counted.
            estimated: vec![
                [0.00, 0.00, 0.00, 0.00],
                [0.00, 0.15, 0.04, 0.05],
                [0.00, 0.00, 0.20, 0.00],
            ],
            estimates_count: true,
            target: 0.2,
            pollutants: EmissionPollutant::ALL,
        })
    );
    let Chart::Reductions(jz) = &charts[3].1 else {
        panic!("reductions of 晋中")
    };
    assert_eq!((jz.level, jz.target), (Yellow, 0.1));
    assert_eq!(jz.sectors, [Sector::Industry]);
    assert_eq!(jz.shares, [[0.1, 0.1, 0.05, 0.05]]);
}

#[test]
fn golden_region_grid() {
    assert_eq!(
        basin()[4].1,
        Chart::RegionGrid(RegionGridChart {
            region: "太原盆地".into(),
            title: "太原盆地 各城市逐日预警级别：基线与采取措施后".into(),
            cities: vec!["太原".into(), "晋中".into()],
            // Hour-ending: 12-13 13:00 to 12-14 00:00 is 12-13, up to 12-15 00:00 is 12-14.
            days: vec![d("2026-12-13"), d("2026-12-14")],
            baseline: vec![vec![No, Orange], vec![No, Yellow]],
            controlled: vec![vec![No, Yellow], vec![No, No]],
            panels: None,
        })
    );
}

#[test]
fn golden_calendars() {
    let charts = basin();
    let cal = |i: usize| match &charts[i].1 {
        Chart::Calendar(c) => c.clone(),
        other => panic!("not a calendar: {other:?}"),
    };
    assert_eq!(
        cal(5),
        CalendarChart {
            city: "太原".into(),
            title: "太原 2026年12月至2027年1月 逐日空气质量指数（AQI）与预警".into(),
            year: 2026,
            // 12-15 has no AQI: no value, but a day of the period.
            days: vec![
                (d("2026-12-13"), 145),
                (d("2026-12-14"), 230),
                (d("2027-01-02"), 80)
            ],
            period: Some((d("2026-12-13"), d("2027-01-02"))),
            warnings: vec![(d("2026-12-14"), Orange)],
        }
    );
    assert_eq!(cal(6).days, [(d("2026-12-13"), 95), (d("2026-12-14"), 170)]);
    assert_eq!(cal(6).warnings, [(d("2026-12-14"), Yellow)]);
}

#[test]
fn every_fixture_chart_renders() {
    for (name, chart) in basin() {
        let png = render(&chart).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "{name}");
    }
}

fn reduction(
    city: &str,
    level: WarningLevel,
    sector: Sector,
    p: EmissionPollutant,
) -> SectorReductionRow {
    SectorReductionRow {
        city: city.into(),
        level,
        sector,
        pollutant: p,
        reduced: Tonnes::parse("1").unwrap(),
        estimated: Tonnes(0),
        inventory: Tonnes::parse("4").unwrap(),
        target: Some(Share::parse("30%").unwrap()),
        estimates_count: false,
    }
}

#[test]
fn reductions_take_the_highest_level_and_survive_empty_inventories() {
    use EmissionPollutant::*;
    let mut rows = vec![
        reduction("太原", Yellow, Sector::Industry, So2),
        reduction("太原", Red, Sector::Traffic, Nox),
        reduction("太原", Red, Sector::Traffic, Pm),
    ];
    rows[2].inventory = Tonnes(0);
    let c = &from_run::reduction_charts(&rows)[0];
    assert_eq!((c.level, c.target), (Red, 0.3));
    assert_eq!(c.sectors, [Sector::Traffic]);
    assert_eq!(c.shares, [[0.0, 0.25, 0.0, 0.0]]);
}

#[test]
fn region_days_are_contiguous_and_cities_without_rows_are_none() {
    let row = |city: &str, time: &str, b: WarningLevel| ProjectionRow {
        city: city.into(),
        time: t(time),
        baseline_aqi: Some(100),
        controlled_aqi: Some(90),
        baseline_level: b,
        controlled_level: No,
        controlled_low: None,
        controlled_high: None,
    };
    let projection = [
        row("A", "2026-12-01 12:00", Red),
        row("A", "2026-12-04 00:00", Yellow),
    ];
    let regions = [
        RegionRow {
            region: "R".into(),
            city: "A".into(),
        },
        RegionRow {
            region: "R".into(),
            city: "B".into(),
        },
        RegionRow {
            region: "R".into(),
            city: "A".into(),
        },
    ];
    let g = &from_run::region_charts(&regions, &projection)[0];
    assert_eq!(g.cities, ["A", "B"]);
    assert_eq!(g.days, [d("2026-12-01"), d("2026-12-02"), d("2026-12-03")]);
    assert_eq!(g.baseline, [vec![Red, No, Yellow], vec![No, No, No]]);
}

#[test]
fn file_parts_are_safe_and_names_unique() {
    assert_eq!(file_part("太原"), "太原");
    assert_eq!(file_part("a/b c:d"), "a_b_c_d");
    assert_eq!(file_part(".."), "_");
    assert_eq!(file_part(""), "_");
    let mut rows = read_run(&fixture("run/basin")).unwrap();
    rows.projection = None;
    rows.sector_reductions = None;
    for r in &mut rows.daily {
        r.city = if r.city == "太原" {
            "a/b".into()
        } else {
            "a:b".into()
        };
    }
    let names: Vec<String> = charts(&rows).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["calendar_a_b_2026.png", "calendar_a_b_2026-2.png"]);
}

/// A copy of the fixture run folder in a temporary folder, with `edit` applied to its files.
fn run_folder(edit: impl Fn(&str, String) -> Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "warnings.csv",
        "warning_changes.csv",
        "daily.csv",
        "projection.csv",
        "sector_reductions.csv",
        "regions.csv",
    ] {
        let text = std::fs::read_to_string(fixture("run/basin").join(f)).unwrap();
        if let Some(text) = edit(f, text) {
            std::fs::write(dir.path().join(f), text).unwrap();
        }
    }
    dir
}

fn error_of(dir: &Path) -> String {
    charts_from_run(dir).unwrap_err().to_string()
}

#[test]
fn a_run_without_the_newer_files_gives_calendars_only() {
    let dir =
        run_folder(|f, text| (f == "warning_changes.csv" || f == "daily.csv").then_some(text));
    let names: Vec<String> = charts_from_run(dir.path())
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["calendar_太原_2026.png", "calendar_晋中_2026.png"]);
}

#[test]
fn a_run_from_before_warning_histories_is_drawn_from_its_warnings_rows() {
    // `warnings.csv` of the old layout (one row per period at one level), no history.
    let dir = run_folder(|f, text| {
        (f != "warning_changes.csv").then(|| {
            if f == "warnings.csv" {
                "city,region,level,issued_at,start,end,trigger,source\n\
                 太原,太原盆地,orange,2026-12-13 00:00,2026-12-14 00:00,2026-12-15 00:00,x,local\n\
                 晋中,太原盆地,yellow,2026-12-14 00:00,2026-12-14 12:00,2026-12-15 00:00,x,regional\n"
                    .to_string()
            } else {
                text
            }
        })
    });
    assert_eq!(charts_from_run(dir.path()).unwrap(), basin());
}

#[test]
fn excel_byte_order_marks_are_skipped() {
    let dir = run_folder(|_, text| Some(format!("\u{feff}{text}")));
    assert_eq!(charts_from_run(dir.path()).unwrap(), basin());
}

#[test]
fn errors_name_file_line_and_column() {
    let dir = run_folder(|f, text| {
        Some(if f == "daily.csv" {
            text.replace(",230,", ",2x0,")
        } else {
            text
        })
    });
    let e = error_of(dir.path());
    assert!(
        e.contains("daily.csv: line 3: column 'aqi': '2x0' is not an AQI"),
        "{e}"
    );

    let dir = run_folder(|f, text| {
        Some(if f == "projection.csv" {
            let dup = text.lines().nth(1).unwrap().to_string();
            format!("{text}{dup}\n")
        } else {
            text
        })
    });
    let e = error_of(dir.path());
    assert!(e.contains("projection.csv: line 74: a second row for 太原 at 2026-12-13 13:00 (the first is on line 2)"), "{e}");

    let dir = run_folder(|f, text| {
        Some(if f == "sector_reductions.csv" {
            text.replace("inventory_t", "inv")
        } else {
            text
        })
    });
    let e = error_of(dir.path());
    assert!(
        e.contains("sector_reductions.csv: line 1: no column 'inventory_t'"),
        "{e}"
    );

    let dir = run_folder(|f, text| {
        Some(if f == "warning_changes.csv" {
            text.replace("orange", "purple")
        } else {
            text
        })
    });
    assert!(
        error_of(dir.path()).contains(
            "warning_changes.csv: line 2: column 'level': 'purple' is not a warning level"
        )
    );

    let dir = run_folder(|f, text| {
        Some(if f == "projection.csv" {
            text.replace("2026-12-13 14:00", "12/13 14h")
        } else {
            text
        })
    });
    assert!(
        error_of(dir.path())
            .contains("projection.csv: line 3: column 'time': '12/13 14h' is not a time")
    );

    let dir = run_folder(|f, text| (f != "daily.csv").then_some(text));
    assert!(error_of(dir.path()).contains("daily.csv: missing"));
    assert!(error_of(&dir.path().join("nowhere")).contains("not a folder"));
}

#[test]
fn cli_plot_writes_the_charts() {
    let dir = run_folder(|_, text| Some(text));
    hazeplan()
        .arg("plot")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("timeline_太原.png"))
        .stdout(predicate::str::contains("calendar_晋中_2026.png"));
    let charts = dir.path().join("charts");
    for (name, chart) in basin() {
        let written = std::fs::read(charts.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            written,
            render(&chart).unwrap(),
            "{name} differs from render()"
        );
    }
    // -o elsewhere; nothing but the PNG files is left there.
    let out = tempfile::tempdir().unwrap();
    hazeplan()
        .arg("plot")
        .arg(dir.path())
        .arg("-o")
        .arg(out.path().join("x"))
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(out.path().join("x")).unwrap().count(), 7);
}

#[test]
fn cli_plot_reports_a_bad_folder() {
    let dir = run_folder(|f, text| {
        Some(if f == "regions.csv" {
            text.replace("晋中", "")
        } else {
            text
        })
    });
    hazeplan()
        .arg("plot")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "regions.csv: line 3: column 'city': empty",
        ));
    assert!(!dir.path().join("charts").exists());
}
