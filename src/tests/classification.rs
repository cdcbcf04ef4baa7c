//! Boundary tests of every branch of the shipped rule sets (counted in days of the daily AQI),
//! of processes (merging, strict decision, exclusions per process), lifting, upgrades,
//! fluctuation, regional and dispatch floors, the change history, issue times and flags,
//! counties and the pre-warning tier. They read each reason as the CSV files write it (the
//! English renderer of `report`), so they sit above both modules rather than inside `alert`.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

/// A reason as the CSV files write it.
fn en(r: &crate::alert::reason::Reason) -> String {
    crate::report::reason::reason_text(r, crate::report::plan::Lang::En)
}

/// An advisory's reason as the CSV files write it.
fn adv(r: &crate::alert::reason::AdvisoryReason) -> String {
    crate::report::reason::advisory_text(r, crate::report::plan::Lang::En)
}

use crate::alert::grid::{CitySeries, Grid, Hour};
use crate::alert::rules::{Basis, Cause, LiftingConvention, RuleOverrides, RuleSet};
use crate::alert::warning::{ChangeKind, Flag};
use crate::alert::{Classification, Source, WarningLevel, classify};
use crate::alert::{DispatchOrder, Region, RegionalTrigger};
use crate::aqi::Slot;

use WarningLevel::{Blue, Orange, Pre, Red, Yellow};

/// 2026-12-01 01:00, the first label of the grids.
fn t0() -> NaiveDateTime {
    day(1) + TimeDelta::hours(1)
}

/// Midnight starting day `d` of December 2026.
fn day(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

fn hour(aqi: u16) -> Hour {
    Hour {
        aqi: Some(aqi),
        ..Hour::default()
    }
}

/// A daily series: two days of 50, the given days, four days of 50 (the first given day is
/// December 3).
fn days(values: &[u16]) -> Vec<Hour> {
    let mut v = vec![hour(50); 48];
    for &a in values {
        v.extend(std::iter::repeat_n(hour(a), 24));
    }
    v.extend(std::iter::repeat_n(hour(50), 96));
    v
}

fn grid_of(basis: Basis, cities: &[Vec<Hour>]) -> Grid {
    let names: Vec<String> = (0..cities.len()).map(|i| format!("c{i}")).collect();
    let len = cities.iter().map(Vec::len).max().unwrap_or(0);
    let mut g = Grid::new(t0(), len, &names);
    g.basis = basis;
    for (c, hours) in g.cities.iter_mut().zip(cities) {
        c.hours[..hours.len()].copy_from_slice(hours);
    }
    g
}

fn grid(cities: &[Vec<Hour>]) -> Grid {
    grid_of(Basis::Daily, cities)
}

fn run(rules: &str, values: &[u16]) -> Classification {
    let r = RuleSet::shipped(rules).unwrap();
    classify(&grid(&[days(values)]), &r, &[], &[])
}

/// The highest level of each warning, in order.
fn levels(c: &Classification) -> Vec<WarningLevel> {
    c.warnings.iter().map(|w| w.level).collect()
}

fn max_level(rules: &str, values: &[u16]) -> WarningLevel {
    levels(&run(rules, values))
        .into_iter()
        .max()
        .unwrap_or_default()
}

/// The (kind, level, source) of each change of the first warning.
fn history(c: &Classification) -> Vec<(ChangeKind, WarningLevel, Source)> {
    c.warnings[0]
        .changes
        .iter()
        .map(|x| (x.kind, x.level, x.source))
        .collect()
}

#[test]
fn national_2024_boundaries() {
    let r = "national-2024";
    // Yellow: a day above 200, or two days above 150.
    assert_eq!(max_level(r, &[200]), WarningLevel::None);
    assert_eq!(max_level(r, &[201]), Yellow);
    assert_eq!(max_level(r, &[151]), WarningLevel::None);
    assert_eq!(max_level(r, &[151, 151]), Yellow);
    assert_eq!(max_level(r, &[150, 150, 150, 150]), WarningLevel::None);
    // Orange: two days above 200, or three above 150.
    assert_eq!(max_level(r, &[201, 200]), Yellow);
    assert_eq!(max_level(r, &[201, 201]), Orange);
    assert_eq!(max_level(r, &[151, 151, 151]), Orange);
    // Red: three days above 200 and one above 300 among them.
    assert_eq!(max_level(r, &[201, 201, 301]), Red);
    assert_eq!(max_level(r, &[201, 201, 300]), Orange);
    assert_eq!(max_level(r, &[201, 301]), Orange);
    assert_eq!(max_level(r, &[301, 301, 301]), Red);
}

#[test]
fn national_2019_boundaries() {
    let r = "national-2019";
    assert_eq!(max_level(r, &[201]), WarningLevel::None);
    assert_eq!(max_level(r, &[201, 201]), Yellow);
    assert_eq!(max_level(r, &[250, 250, 200]), Yellow);
    assert_eq!(max_level(r, &[201, 201, 201]), Orange);
    assert_eq!(max_level(r, &[201, 201, 301, 301]), Red);
    assert_eq!(max_level(r, &[201, 201, 201, 301]), Orange);
    assert_eq!(max_level(r, &[201, 301, 301]), Orange);
    // Or AQI reaching 500 on a day.
    assert_eq!(max_level(r, &[499]), WarningLevel::None);
    assert_eq!(max_level(r, &[500]), Red);
    // 150 < AQI <= 200 never warns under this scheme.
    assert_eq!(max_level(r, &[200; 8]), WarningLevel::None);
}

#[test]
fn legacy_2017_boundaries() {
    let r = "legacy-2017";
    assert_eq!(max_level(r, &[201]), Blue);
    assert_eq!(max_level(r, &[201, 201]), Yellow);
    // Orange: three days above 200 and a day above 300 occurs (出现日均值>300).
    assert_eq!(max_level(r, &[201, 201, 301]), Orange);
    assert_eq!(max_level(r, &[201, 201, 300]), Yellow);
    assert_eq!(max_level(r, &[201, 201, 301, 301]), Red);
    assert_eq!(max_level(r, &[500]), Red);
}

#[test]
fn one_process_is_decided_strictly() {
    // National 2019: 220 220 180 220 220 is one process with four days above 200: orange
    // from its first day, not two yellows.
    let c = run("national-2019", &[220, 220, 180, 220, 220]);
    assert_eq!(levels(&c), [Orange]);
    let w = &c.warnings[0];
    assert_eq!((w.start, w.end), (day(3), day(8)));
    assert_eq!(history(&c).len(), 2, "{:?}", w.changes);
    assert!(
        en(&w.trigger).contains("4 days above 200 in one process of 5 days"),
        "{}",
        en(&w.trigger)
    );
    // A dip longer than the lifting time (two days, 48 h > 36 h) separates two processes.
    let c = run("national-2019", &[220, 220, 180, 180, 220, 220]);
    assert_eq!(levels(&c), [Yellow, Yellow]);
    // Xinzhou's lifting: held until the AQI stays <= 150 for more than 36 h.
    let mut r = RuleSet::shipped("national-2019").unwrap();
    r.lifting.convention = LiftingConvention::AqiAtMost;
    let c = classify(
        &grid(&[days(&[220, 220, 180, 180, 220, 100, 100])]),
        &r,
        &[],
        &[],
    );
    assert_eq!(levels(&c), [Orange]);
    assert_eq!(c.warnings[0].end, day(8));
}

#[test]
fn one_warning_with_its_history_through_upgrades_and_downgrades() {
    // 2024: three days above 150, then two above 200, then a day above 300: orange from the
    // first day, red from the run above 200 that holds the day above 300.
    let c = run("national-2024", &[160, 160, 160, 250, 250, 320]);
    assert_eq!(levels(&c), [Red]);
    assert_eq!(
        history(&c),
        [
            (ChangeKind::Issue, Orange, Source::Local),
            (ChangeKind::Upgrade, Red, Source::Local),
            (ChangeKind::Lift, WarningLevel::None, Source::Local),
        ]
    );
    assert_eq!(c.warnings[0].changes[1].time, day(6));
    // After the red run, three days above 150 keep the process at orange: a downgrade of
    // the same warning.
    let c = run("national-2024", &[160, 160, 160, 250, 320, 250, 180, 180]);
    assert_eq!(levels(&c), [Red]);
    let kinds: Vec<(ChangeKind, WarningLevel)> = history(&c).iter().map(|x| (x.0, x.1)).collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::Issue, Orange),
            (ChangeKind::Upgrade, Red),
            (ChangeKind::Downgrade, Orange),
            (ChangeKind::Lift, WarningLevel::None)
        ]
    );
    assert_eq!(c.warnings[0].changes[2].time, day(9));
    // Days above 200 in one process count together: 2019, the later pair joins the orange.
    let c = run(
        "national-2019",
        &[250, 250, 250, 150, 210, 210, 150, 150, 250, 250],
    );
    assert_eq!(levels(&c), [Orange, Yellow]);
    assert_eq!(c.warnings[0].end, day(9));
}

#[test]
fn warning_times_issue_and_trigger() {
    let c = run("national-2024", &[201, 201]);
    assert_eq!(c.warnings.len(), 1);
    let w = &c.warnings[0];
    assert_eq!((w.start, w.end), (day(3), day(5)));
    assert_eq!(w.issued_at, day(2));
    assert_eq!(w.source, Source::Local);
    assert!(w.flags.is_empty());
    assert_eq!(
        en(&w.trigger),
        "national-2024 orange: AQI>200 for >=48h (2 days above 200, from 2026-12-03 00:00 to \
         2026-12-05 00:00, max 201)"
    );
}

#[test]
fn rolling_days_may_cross_midnight() {
    // 2019 on the rolling 24-hour AQI (each hour holds the AQI of the 24 hours ending at it):
    // the days ending Dec 3 13:00 and Dec 4 13:00 are two days above 200, although no natural
    // day is; the warning covers both, from Dec 2 13:00.
    let rolling = |above: usize| {
        let mut v = vec![hour(150); 60];
        v.extend(std::iter::repeat_n(hour(260), above));
        v.extend(std::iter::repeat_n(hour(150), 96));
        v
    };
    let r = RuleSet::shipped("national-2019").unwrap();
    let c = classify(&grid_of(Basis::Rolling24, &[rolling(25)]), &r, &[], &[]);
    assert_eq!(levels(&c), [Yellow]);
    assert_eq!(c.warnings[0].start, day(2) + TimeDelta::hours(13));
    assert_eq!(c.warnings[0].end, day(4) + TimeDelta::hours(13));
    // 24 such hours hold no two disjoint days.
    let c = classify(&grid_of(Basis::Rolling24, &[rolling(24)]), &r, &[], &[]);
    assert!(c.warnings.is_empty());
}

#[test]
fn exclusions_are_decided_per_process() {
    let r = RuleSet::shipped("national-2024").unwrap();
    // Its only day above 300 is O3-driven, and so are most of its days: the process is an
    // O3 episode, excluded as a whole (an hour-by-hour exclusion would have left the first two
    // days an orange warning).
    let mut o3 = days(&[250, 250, 320, 250, 250]);
    for h in &mut o3[96..168] {
        h.primary = Some(Slot::O3EightHour);
    }
    for h in &mut o3[48..96] {
        h.primary = Some(Slot::Pm25);
    }
    let mut dust = days(&[400]);
    for h in &mut dust[48..72] {
        h.cause = Some(Cause::Dust);
    }
    let c = classify(&grid(&[o3.clone(), dust]), &r, &[], &[]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.advisories.len(), 2);
    assert_eq!(
        adv(&c.advisories[0].reason),
        "O3 primary (72 of the process's 120 h above AQI 150)"
    );
    assert_eq!(c.advisories[0].level_otherwise, Red);
    assert_eq!(
        adv(&c.advisories[1].reason),
        "dust (24 of the process's 24 h above AQI 150)"
    );
    assert_eq!(c.advisories[1].max_aqi, 400);
    // A process mostly driven by PM2.5 is warned whole, its O3 day included (从严).
    let mut mixed = days(&[250, 250, 320, 250]);
    for h in &mut mixed[96..120] {
        h.primary = Some(Slot::O3EightHour);
    }
    let c = classify(&grid(&[mixed]), &r, &[], &[]);
    assert_eq!(levels(&c), [Red]);
    assert!(c.advisories.is_empty());
    assert!(en(&c.warnings[0].changes[0].reason).contains("24 h with O3 primary"));
    // The 2019 scheme has no O3 exclusion.
    let r19 = RuleSet::shipped("national-2019").unwrap();
    let c = classify(&grid(&[o3]), &r19, &[], &[]);
    assert_eq!(levels(&c), [Orange]);
}

fn region(trigger: RegionalTrigger) -> Region {
    Region {
        name: "太原盆地".into(),
        cities: vec!["c0".into(), "c1".into(), "c2".into()],
        counties: Vec::new(),
        trigger,
        stricter: true,
        source: None,
    }
}

#[test]
fn a_regional_floor_joined_mid_process_is_a_change_of_the_same_warning() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let g = grid(&[
        days(&[100, 250, 250]),
        days(&[100, 250, 250]),
        days(&[160, 160, 140]),
    ]);
    let c = classify(&g, &r, &[region(RegionalTrigger::MinCities(2))], &[]);
    let third: Vec<_> = c.warnings.iter().filter(|w| w.city == "c2").collect();
    assert_eq!(third.len(), 1, "{third:?}");
    let w = third[0];
    assert_eq!((w.level, w.source), (Orange, Source::Local));
    assert_eq!((w.start, w.end), (day(3), day(6)));
    let h: Vec<_> = w
        .changes
        .iter()
        .map(|x| (x.kind, x.level, x.source, x.time))
        .collect();
    assert_eq!(
        h,
        [
            (ChangeKind::Issue, Yellow, Source::Local, day(3)),
            (ChangeKind::Upgrade, Orange, Source::Regional, day(4)),
            (
                ChangeKind::Lift,
                WarningLevel::None,
                Source::Regional,
                day(6)
            ),
        ]
    );
    assert_eq!(
        en(&w.changes[1].reason),
        "regional linkage 太原盆地: 2 of 3 members at orange or above (at least 2 members)"
    );
    assert_eq!(w.region, "太原盆地");
    // The floor is supported: c2's own forecast is above 150 on its first day.
    assert!(w.flags.is_empty(), "{:?}", w.flags);
    // Not enough cities: the third keeps its local yellow.
    let c = classify(&g, &r, &[region(RegionalTrigger::MinCities(3))], &[]);
    let third: Vec<_> = c.warnings.iter().filter(|w| w.city == "c2").collect();
    assert_eq!((third[0].level, third[0].source), (Yellow, Source::Local));
    // A share works the same way.
    let c = classify(&g, &r, &[region(RegionalTrigger::MinShare(0.6))], &[]);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.city == "c2" && w.sources.contains(&Source::Regional))
    );
}

fn order(cities: &[&str], counties: &[(&str, &str)], level: WarningLevel) -> DispatchOrder {
    DispatchOrder {
        id: "晋气防办调度令〔2026〕1号".into(),
        cities: cities.iter().map(|c| c.to_string()).collect(),
        counties: counties
            .iter()
            .map(|(c, k)| (c.to_string(), k.to_string()))
            .collect(),
        issued: None,
        start: day(3),
        end: day(5),
        level,
        stricter: false,
    }
}

#[test]
fn a_dispatch_floor_without_forecast_support_is_flagged() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let g = grid(&[days(&[120, 120])]);
    let c = classify(&g, &r, &[], &[order(&["c0"], &[], Orange)]);
    assert_eq!(c.warnings.len(), 1);
    let w = &c.warnings[0];
    assert_eq!((w.level, w.source), (Orange, Source::Dispatch));
    assert_eq!((w.start, w.end), (day(3), day(5)));
    assert!(
        en(&w.trigger).starts_with("dispatch order 晋气防办调度令〔2026〕1号: at least orange")
    );
    assert_eq!(w.flags.len(), 1);
    assert!(matches!(
        w.flags[0],
        Flag::Unsupported {
            source: Source::Dispatch,
            level: Orange,
            threshold: 150,
            max: Some(120),
            ..
        }
    ));
    assert_eq!(
        w.flags[0].describe(),
        "dispatch floor at orange from 2026-12-03 00:00 to 2026-12-05 00:00 has no forecast \
         above AQI 150 behind it (highest forecast 120)"
    );
    // The same order over a forecast that supports it is not flagged.
    let g = grid(&[days(&[160, 160])]);
    let c = classify(&g, &r, &[], &[order(&["c0"], &[], Orange)]);
    assert!(c.warnings[0].flags.is_empty());
}

#[test]
fn a_late_forecast_is_flagged_and_upgrades_wait_for_their_forecast() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let mut g = grid(&[days(&[160, 160, 250, 250])]);
    // The first two days were published on Dec 2 at 16:00 (8 h before the start), the next
    // two on Dec 5 at 10:00, after the orange they justify would begin.
    let mut published = vec![Some(day(2) + TimeDelta::hours(16)); g.len];
    for p in &mut published[96..] {
        *p = Some(day(5) + TimeDelta::hours(10));
    }
    g.cities[0].published = published;
    let c = classify(&g, &r, &[], &[]);
    let w = &c.warnings[0];
    assert_eq!(w.issued_at, day(2) + TimeDelta::hours(16));
    assert_eq!(w.flags, [Flag::LateIssue { hours: 8, lead: 24 }]);
    let up = &w.changes[1];
    assert_eq!((up.kind, up.level), (ChangeKind::Upgrade, Orange));
    // Upgrades take effect when decided: the hour after the 10:00 publication.
    assert_eq!(up.time, day(5) + TimeDelta::hours(10));
    assert_eq!(up.decided_at, Some(day(5) + TimeDelta::hours(10)));
    // Known in time, nothing is flagged and the issue is the start minus the lead time.
    g.cities[0].published = vec![Some(day(1)); g.len];
    let c = classify(&g, &r, &[], &[]);
    assert_eq!(c.warnings[0].issued_at, day(2));
    assert!(c.warnings[0].flags.is_empty());
}

#[test]
fn counties_follow_their_city_unless_their_own_forecast_or_an_order_differs() {
    let r = RuleSet::shipped("national-2024").unwrap();
    let mut g = grid(&[days(&[201, 120])]);
    let county = |name: &str, hours: Vec<Hour>| CitySeries {
        city: "c0".into(),
        county: Some(name.into()),
        hours,
        published: Vec::new(),
    };
    g.counties = vec![
        county("甲区", Vec::new()),
        county("乙县", days(&[201, 201])),
        county("丙县", Vec::new()),
    ];
    let mut o = order(&[], &[("c0", "丙县")], Orange);
    (o.start, o.end) = (day(4), day(6));
    let c = classify(&g, &r, &[], &[o]);
    let areas: Vec<(String, WarningLevel)> =
        c.warnings.iter().map(|w| (w.area(), w.level)).collect();
    assert_eq!(
        areas,
        [
            ("c0".to_string(), Yellow),
            ("c0 乙县".to_string(), Orange),
            ("c0 丙县".to_string(), Orange),
        ]
    );
    // 甲区 has no levels of its own: its city's apply.
    assert!(c.county_levels[0].is_empty());
    assert_eq!(c.levels_of(0, Some(0)), &c.levels[0][..]);
    assert_eq!(c.levels_of(0, Some(2))[60], Yellow);
    assert_eq!(c.levels_of(0, Some(2))[80], Orange);
    // 丙县's own warning starts with its city's yellow and rises with the order.
    let w = c
        .warnings
        .iter()
        .find(|w| w.county.as_deref() == Some("丙县"))
        .unwrap();
    assert_eq!(
        en(&w.changes[0].reason).split(':').next(),
        Some("the city's forecast")
    );
    assert_eq!(w.changes[1].source, Source::Dispatch);
}

#[test]
fn the_pre_warning_tier_sits_below_yellow_and_is_off_by_default() {
    let r = RuleSet::shipped("national-2024").unwrap();
    assert_eq!(max_level("national-2024", &[160]), WarningLevel::None);
    let on = RuleOverrides {
        base: Some("national-2024".into()),
        pre_warning: Some(crate::alert::rules::RawPreWarning {
            enabled: Some(true),
            any: None,
        }),
        ..RuleOverrides::default()
    }
    .apply()
    .unwrap();
    assert_eq!(on.levels[0].level, Pre);
    assert_eq!(r.levels[0].level, Yellow);
    // Pre-warning on a day above 150, held by the days above 100, then yellow: one process,
    // upgraded.
    let c = classify(&grid(&[days(&[160, 120, 120, 151, 151])]), &on, &[], &[]);
    assert_eq!(
        history(&c),
        [
            (ChangeKind::Issue, Pre, Source::Local),
            (ChangeKind::Upgrade, Yellow, Source::Local),
            (ChangeKind::Lift, WarningLevel::None, Source::Local),
        ]
    );
    // Clean days between them: two processes.
    let c = classify(&grid(&[days(&[160, 90, 90, 151, 151])]), &on, &[], &[]);
    assert_eq!(levels(&c), [Pre, Yellow]);
    // Two days above 100: pre-warning.
    let c = classify(&grid(&[days(&[110, 110])]), &on, &[], &[]);
    assert_eq!(levels(&c), [Pre]);
    assert!(!c.levels[0][60].is_warning() && c.levels[0][60].is_active());
}

/// An hourly AQI forecast table of one city from (AQI, hours) pieces, from Dec 3 01:00.
fn hourly_table(pieces: &[(u32, usize)]) -> crate::alert::ForecastTable {
    let mut rows = Vec::new();
    let mut t = day(3) + TimeDelta::hours(1);
    for &(aqi, n) in pieces {
        for _ in 0..n {
            rows.push(crate::alert::ForecastRow {
                city: "c0".into(),
                county: None,
                time: t,
                low: aqi,
                high: aqi,
                primary: None,
                cause: None,
                issued: None,
                line: 0,
            });
            t += TimeDelta::hours(1);
        }
    }
    crate::alert::ForecastTable {
        path: "f.csv".into(),
        resolution: crate::alert::Resolution::Hourly,
        quantity: crate::alert::Quantity::Aqi,
        rows,
        issued: None,
    }
}

fn classify_hourly(rules: &RuleSet, pieces: &[(u32, usize)]) -> Classification {
    let cities = [crate::alert::City {
        name: "c0".into(),
        stations: Vec::new(),
        counties: Vec::new(),
    }];
    let (g, _) = crate::alert::from_forecast(
        &hourly_table(pieces),
        &cities,
        rules,
        crate::aqi::StandardChoice::Auto,
    );
    classify(&g, rules, &[], &[])
}

#[test]
fn an_hourly_aqi_forecast_is_classified_on_its_daily_aqi() {
    for name in ["national-2024", "national-2019"] {
        let mut r = RuleSet::shipped(name).unwrap();
        for basis in [Basis::Rolling24, Basis::Daily] {
            r.basis = basis;
            // One hour at 300 and 23 at 100: the daily AQI is 109, no threshold is met.
            let c = classify_hourly(&r, &[(100, 23), (300, 1), (100, 48)]);
            assert!(c.warnings.is_empty(), "{name} {basis:?}: {:?}", c.warnings);
        }
    }
    // 24 hours above 200 are one day above 200: yellow under 2024, nothing under 2019 (two
    // days needed), on both bases.
    for basis in [Basis::Rolling24, Basis::Daily] {
        let mut r24 = RuleSet::shipped("national-2024").unwrap();
        r24.basis = basis;
        let c = classify_hourly(&r24, &[(100, 24), (201, 24), (100, 48)]);
        assert_eq!(levels(&c), [Yellow], "{basis:?}");
        let mut r19 = RuleSet::shipped("national-2019").unwrap();
        r19.basis = basis;
        let c = classify_hourly(&r19, &[(100, 24), (201, 24), (100, 48)]);
        assert!(c.warnings.is_empty(), "{basis:?}");
        // 48 hours above 200: two days: yellow under 2019.
        let c = classify_hourly(&r19, &[(100, 24), (250, 48), (100, 48)]);
        assert_eq!(levels(&c), [Yellow], "{basis:?}");
    }
    // A 24-hour run across midnight is a day on the rolling basis only.
    let mut r = RuleSet::shipped("national-2024").unwrap();
    let c = classify_hourly(&r, &[(50, 36), (240, 24), (50, 48)]);
    assert_eq!(levels(&c), [Yellow]);
    r.basis = Basis::Daily;
    let c = classify_hourly(&r, &[(50, 36), (240, 24), (50, 48)]);
    assert!(c.warnings.is_empty(), "natural days: 145 and 145");
}
