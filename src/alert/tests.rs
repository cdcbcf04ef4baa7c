//! Boundary tests of every branch of the shipped rule sets, and of merging, lifting,
//! upgrades, fluctuation, regional and dispatch floors and the 2024 exclusions.

use chrono::{NaiveDate, NaiveDateTime};

use super::grid::{Grid, Hour};
use super::rules::{Cause, LiftingConvention, RuleSet};
use super::{Classification, Source, WarningLevel, classify};
use crate::aqi::Slot;
use crate::scenario::{DispatchOrder, Region, RegionalTrigger};

use WarningLevel::{Blue, Orange, Red, Yellow};

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(1, 0, 0)
        .unwrap()
}

/// Hourly values from (AQI, hours) pieces, padded with 50 before and after.
fn series(pieces: &[(u16, usize)]) -> Vec<Hour> {
    let mut v = vec![
        Hour {
            aqi: Some(50),
            ..Hour::default()
        };
        48
    ];
    for &(aqi, n) in pieces {
        v.extend(std::iter::repeat_n(
            Hour {
                aqi: Some(aqi),
                ..Hour::default()
            },
            n,
        ));
    }
    v.extend(std::iter::repeat_n(
        Hour {
            aqi: Some(50),
            ..Hour::default()
        },
        96,
    ));
    v
}

fn grid(cities: &[Vec<Hour>]) -> Grid {
    let names: Vec<String> = (0..cities.len()).map(|i| format!("c{i}")).collect();
    let len = cities.iter().map(Vec::len).max().unwrap_or(0);
    let mut g = Grid::new(t0(), len, &names);
    for (c, hours) in g.cities.iter_mut().zip(cities) {
        c.hours[..hours.len()].copy_from_slice(hours);
    }
    g
}

fn run(rules: &str, pieces: &[(u16, usize)]) -> Classification {
    let r = RuleSet::shipped(rules).unwrap();
    classify(&grid(&[series(pieces)]), &r, &[], &[])
}

/// The levels of the warnings, in order.
fn levels(c: &Classification) -> Vec<WarningLevel> {
    c.warnings.iter().map(|w| w.level).collect()
}

fn max_level(rules: &str, pieces: &[(u16, usize)]) -> WarningLevel {
    levels(&run(rules, pieces))
        .into_iter()
        .max()
        .unwrap_or_default()
}

#[test]
fn national_2024_boundaries() {
    let r = "national-2024";
    // Yellow: AQI > 200 at all, or > 150 for 48 h.
    assert_eq!(max_level(r, &[(200, 24)]), WarningLevel::None);
    assert_eq!(max_level(r, &[(201, 1)]), Yellow);
    assert_eq!(max_level(r, &[(151, 47)]), WarningLevel::None);
    assert_eq!(max_level(r, &[(151, 48)]), Yellow);
    assert_eq!(max_level(r, &[(150, 96)]), WarningLevel::None);
    // Orange: > 200 for 48 h, or > 150 for 72 h.
    assert_eq!(max_level(r, &[(201, 47)]), Yellow);
    assert_eq!(max_level(r, &[(201, 48)]), Orange);
    assert_eq!(max_level(r, &[(151, 71)]), Yellow);
    assert_eq!(max_level(r, &[(151, 72)]), Orange);
    // Red: > 200 for 72 h and > 300 for 24 h within it.
    assert_eq!(max_level(r, &[(201, 48), (301, 24)]), Red);
    assert_eq!(max_level(r, &[(201, 48), (301, 23)]), Orange);
    assert_eq!(max_level(r, &[(201, 47), (301, 24)]), Orange);
    assert_eq!(max_level(r, &[(301, 72)]), Red);
}

#[test]
fn national_2019_boundaries() {
    let r = "national-2019";
    assert_eq!(max_level(r, &[(201, 47)]), WarningLevel::None);
    assert_eq!(max_level(r, &[(201, 48)]), Yellow);
    assert_eq!(max_level(r, &[(250, 71)]), Yellow);
    assert_eq!(max_level(r, &[(201, 72)]), Orange);
    assert_eq!(max_level(r, &[(201, 48), (301, 48)]), Red);
    assert_eq!(max_level(r, &[(201, 49), (301, 47)]), Orange);
    assert_eq!(max_level(r, &[(201, 47), (301, 48)]), Orange);
    // Or AQI reaching 500, however short.
    assert_eq!(max_level(r, &[(499, 24)]), WarningLevel::None);
    assert_eq!(max_level(r, &[(500, 1)]), Red);
    // 150 < AQI <= 200 never warns under this scheme.
    assert_eq!(max_level(r, &[(200, 200)]), WarningLevel::None);
}

#[test]
fn legacy_2017_boundaries() {
    let r = "legacy-2017";
    assert_eq!(max_level(r, &[(201, 1)]), Blue);
    assert_eq!(max_level(r, &[(201, 48)]), Yellow);
    assert_eq!(max_level(r, &[(201, 48), (301, 24)]), Orange);
    assert_eq!(max_level(r, &[(201, 48), (301, 23)]), Yellow);
    assert_eq!(max_level(r, &[(201, 48), (301, 48)]), Red);
    assert_eq!(max_level(r, &[(500, 1)]), Red);
}

#[test]
fn warning_times_and_trigger() {
    let c = run("national-2024", &[(201, 48)]);
    assert_eq!(c.warnings.len(), 1);
    let w = &c.warnings[0];
    // The run starts at hour index 48 (label 2026-12-03 01:00): the warning starts at 00:00.
    assert_eq!(w.start.to_string(), "2026-12-03 00:00:00");
    assert_eq!(w.end.to_string(), "2026-12-05 00:00:00");
    assert_eq!(w.issued_at.to_string(), "2026-12-02 00:00:00");
    assert_eq!(w.source, Source::Local);
    assert_eq!(
        w.trigger,
        "national-2024 orange: AQI>200 for >=48h (AQI above from 2026-12-03 00:00 to \
         2026-12-05 00:00, 48 h, max 201)"
    );
}

#[test]
fn upgrade_as_soon_as_a_higher_level_is_forecast() {
    // 2024: > 150 for 24 h (yellow because the episode reaches > 200), then > 200 for 48 h.
    let c = run("national-2024", &[(180, 24), (240, 48)]);
    assert_eq!(levels(&c), [Orange]);
    // 2019: yellow for the first 48 h of a 72 h run? No: the whole run is orange.
    let c = run("national-2019", &[(201, 72)]);
    assert_eq!(levels(&c), [Orange]);
    // An episode that only later becomes red: orange first, red from the red run on.
    let c = run("national-2024", &[(160, 72), (250, 48), (320, 24)]);
    assert_eq!(levels(&c), [Orange, Red]);
    assert_eq!(c.warnings[1].start, c.warnings[0].end);
}

#[test]
fn episodes_merge_when_the_gap_is_within_the_lifting_time() {
    let r = "national-2019";
    let c = run(r, &[(210, 48), (100, 36), (210, 48)]);
    assert_eq!(levels(&c), [Yellow]);
    assert!(c.warnings[0].trigger.contains("dips of at most 36 h held"));
    let c = run(r, &[(210, 48), (100, 37), (210, 48)]);
    assert_eq!(levels(&c), [Yellow, Yellow]);
}

#[test]
fn frequent_fluctuation_keeps_the_higher_level() {
    let r = "national-2019";
    // Orange, 20 h just above 200 but a new run (< 72 h), orange again: one orange period.
    let c = run(r, &[(250, 72), (150, 20), (250, 72)]);
    assert_eq!(levels(&c), [Orange]);
    // A long dip (> 36 h) to the yellow band downgrades: orange, yellow, orange.
    let c = run(r, &[(250, 72), (150, 10), (210, 50), (150, 10), (250, 72)]);
    assert_eq!(levels(&c), [Orange, Yellow, Orange]);
    let c = run(r, &[(250, 72), (210, 60), (100, 40), (250, 72)]);
    assert_eq!(levels(&c), [Orange, Orange]);
}

#[test]
fn lifting_conventions() {
    let mut r = RuleSet::shipped("national-2019").unwrap();
    let pieces = [(210, 48), (180, 60), (120, 48)];
    let g = grid(&[series(&pieces)]);
    // Level start: lifted as soon as the yellow condition is gone for more than 36 h.
    let c = classify(&g, &r, &[], &[]);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(
        c.warnings[0].end,
        c.warnings[0].start + chrono::TimeDelta::hours(48)
    );
    // Xinzhou: held while the AQI is above 150, lifted when it stays <= 150 for > 36 h.
    r.lifting.convention = LiftingConvention::AqiAtMost;
    let c = classify(&g, &r, &[], &[]);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(
        c.warnings[0].end,
        c.warnings[0].start + chrono::TimeDelta::hours(108)
    );
    assert!(c.warnings[0].trigger.contains("dips") || c.warnings[0].trigger.contains("yellow"));
}

fn region(trigger: RegionalTrigger) -> Region {
    Region {
        name: "太原盆地".into(),
        cities: vec!["c0".into(), "c1".into(), "c2".into()],
        trigger,
        stricter: true,
    }
}

#[test]
fn regional_floor() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let g = grid(&[
        series(&[(250, 48)]),
        series(&[(250, 48)]),
        series(&[(160, 48)]),
    ]);
    let c = classify(&g, &r, &[region(RegionalTrigger::MinCities(2))], &[]);
    let third: Vec<_> = c.warnings.iter().filter(|w| w.city == "c2").collect();
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].level, Orange);
    assert_eq!(third[0].source, Source::Regional);
    assert_eq!(third[0].region, "太原盆地");
    assert_eq!(
        third[0].trigger,
        "regional linkage 太原盆地: 2 of 3 cities at orange or above (at least 2 cities)"
    );
    // Not enough cities: the third keeps its local yellow.
    let c = classify(&g, &r, &[region(RegionalTrigger::MinCities(3))], &[]);
    let third: Vec<_> = c.warnings.iter().filter(|w| w.city == "c2").collect();
    assert_eq!((third[0].level, third[0].source), (Yellow, Source::Local));
    // A share works the same way.
    let c = classify(&g, &r, &[region(RegionalTrigger::MinShare(0.6))], &[]);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.city == "c2" && w.source == Source::Regional)
    );
}

#[test]
fn dispatch_floor() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let g = grid(&[series(&[(120, 24)])]);
    let day = |d: u32| {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    let order = DispatchOrder {
        id: "晋气防办调度令〔2026〕1号".into(),
        cities: vec!["c0".into()],
        start: day(3),
        end: day(5),
        level: Orange,
        stricter: false,
    };
    let c = classify(&g, &r, &[], &[order]);
    assert_eq!(c.warnings.len(), 1);
    let w = &c.warnings[0];
    assert_eq!((w.level, w.source), (Orange, Source::Dispatch));
    assert_eq!((w.start, w.end), (day(3), day(5)));
    assert!(
        w.trigger
            .starts_with("dispatch order 晋气防办调度令〔2026〕1号: at least orange")
    );
}

#[test]
fn exclusions_2024_give_advisories() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let mut o3 = series(&[(230, 48)]);
    for h in &mut o3[48..96] {
        h.primary = Some(Slot::O3EightHour);
    }
    let mut dust = series(&[(400, 24)]);
    for h in &mut dust[48..72] {
        h.cause = Some(Cause::Dust);
    }
    let g = grid(&[o3, dust]);
    let c = classify(&g, &r, &[], &[]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.advisories.len(), 2);
    assert_eq!(c.advisories[0].reason, "O3 primary");
    assert_eq!(c.advisories[0].level_otherwise, Orange);
    assert_eq!(c.advisories[1].reason, "dust");
    assert_eq!(c.advisories[1].max_aqi, 400);
    // The 2019 scheme has no O3 exclusion.
    let r19 = RuleSet::shipped("national-2019").unwrap();
    let c = classify(&g, &r19, &[], &[]);
    assert_eq!(c.warnings.iter().filter(|w| w.city == "c0").count(), 1);
}
