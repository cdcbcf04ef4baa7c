//! Accounting and `tighten` on cases small enough to check by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Fixture, Infeasible, Shortfall, account, added_lost_output, rate_tonnes, tighten};
use crate::alert::City;
use crate::alert::{Classification, Grid, RuleSet, WarningLevel};
use crate::aqi::StandardChoice;
use crate::emissions::{
    EmissionPollutant, Emissions, Inventory, PerSector, Sector, Share, Targets, Tonnes,
};
use crate::measures::schedule::{Schedule, schedule};
use crate::measures::{Action, Catalog, Enterprise, Grade, IndustryRule, OutputValue};

pub(super) fn t(x: u64) -> Tonnes {
    Tonnes(x * 1_000_000)
}

fn so2(x: u64) -> Emissions {
    Emissions([t(x), Tonnes(0), Tonnes(0), Tonnes(0)])
}

fn ent(id: &str, grade: Grade, so2_t: u64, output: u64, protected: bool) -> Enterprise {
    Enterprise {
        id: id.into(),
        name: format!("企业{id}"),
        city: "T".into(),
        county: None,
        part: None,
        listed: Vec::new(),
        industry: "steel".into(),
        grade,
        protected: protected.then(|| "供热".into()),
        max_load: None,
        emissions: so2(so2_t),
        output_value: OutputValue(output * 1_000_000),
        processes: Vec::new(),
        units: None,
        seasonal: None,
        line: 2,
    }
}

/// D stops at orange, C cuts 20 %; everything else has no rule.
fn catalog() -> Catalog {
    let rule = |g: Grade, a: Action| IndustryRule {
        industries: Vec::new(),
        grades: vec![g],
        actions: [(WarningLevel::Orange, a)].into_iter().collect(),
        stricter: false,
    };
    Catalog {
        name: "test".into(),
        source: "test".into(),
        industry: vec![
            rule(Grade::D, Action::Stop),
            rule(Grade::C, Action::CutOutput(Share(200_000))),
            // A rule that tries to force an A enterprise: never applied.
            rule(Grade::A, Action::Stop),
        ],
        orders: Vec::new(),
        ..Catalog::default()
    }
}

/// The hand case: SO2 inventory 100 t/d, target 20 % at orange.
///   E1 D, 10 t: stop -> 10;  E2 C, 20 t, output 50: 20 % -> 4;  E3 C, 25 t, output 100: 20 % -> 5
///   E4 A, 50 t (voluntary only);  E5 D protected, 40 t (never curtailed).
/// The catalog gives 19 t, 1 t short. Cutting E2 a further 5 % closes it at 2.5 lost output;
/// E3 would need 4 % at 4. Both are grade C; E2 gives more SO2 per unit of output.
pub(super) fn scenario(inventory_so2: u64) -> Fixture {
    let mut cities = BTreeMap::new();
    cities.insert(
        "T".to_string(),
        PerSector::from_fn(|s| match s {
            Sector::Industry => so2(inventory_so2),
            _ => Emissions::default(),
        }),
    );
    Fixture {
        standard: StandardChoice::Auto,
        rules: RuleSet::shipped("national-2024").unwrap(),
        regions: Vec::new(),
        cities: vec![City {
            name: "T".into(),
            stations: Vec::new(),
            counties: Vec::new(),
        }],
        dispatch: Vec::new(),
        inventory: Some(Inventory { cities }),
        enterprises: vec![
            ent("E1", Grade::D, 10, 10, false),
            ent("E2", Grade::C, 20, 50, false),
            ent("E3", Grade::C, 25, 100, false),
            ent("E4", Grade::A, 50, 1, false),
            ent("E5", Grade::D, 40, 1, true),
        ],
        catalog: catalog(),
        targets: Targets::default(),
        city_orders: Default::default(),
    }
}

fn one_day(level: WarningLevel) -> (Grid, Classification) {
    let start = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(1, 0, 0)
        .unwrap();
    let grid = Grid::new(start, 24, &["T".to_string()]);
    let c = Classification {
        levels: vec![vec![level; 24]],
        ..Classification::default()
    };
    (grid, c)
}

#[test]
fn schedule_follows_grades_and_protection() {
    let scn = scenario(100);
    let (grid, c) = one_day(WarningLevel::Orange);
    let s = schedule(&scn.measures(), &grid, &c);
    assert_eq!(s.windows.len(), 1);
    let actions: Vec<(&str, Action)> = s
        .actions
        .iter()
        .map(|a| (scn.enterprises[a.enterprise].id.as_str(), a.action.clone()))
        .collect();
    assert_eq!(
        actions,
        [
            ("E1", Action::Stop),
            ("E2", Action::CutOutput(Share(200_000))),
            ("E3", Action::CutOutput(Share(200_000))),
            ("E4", Action::Voluntary),
            ("E5", Action::Protected),
        ]
    );
}

#[test]
fn target_arithmetic_is_exact() {
    // 19 t of 95 t is exactly 20 %: met; of 96 t it is not.
    for (inventory, met) in [(95, true), (96, false)] {
        let scn = scenario(inventory);
        let (grid, c) = one_day(WarningLevel::Orange);
        let s = schedule(&scn.measures(), &grid, &c);
        let a = account(&scn.accounting(), &s, &grid);
        let day = a
            .days
            .iter()
            .find(|d| d.pollutant == EmissionPollutant::So2)
            .unwrap();
        assert_eq!(rate_tonnes(day.reduced), t(19));
        assert_eq!(day.met, met, "inventory {inventory}");
        // Pollutants with nothing in the inventory are trivially met.
        assert!(
            a.days
                .iter()
                .filter(|d| d.pollutant != EmissionPollutant::So2)
                .all(|d| d.met)
        );
    }
}

#[test]
fn tighten_reaches_the_target_with_the_least_lost_output() {
    let scn = scenario(100);
    let (grid, c) = one_day(WarningLevel::Orange);
    let mut s = schedule(&scn.measures(), &grid, &c);
    assert!(!account(&scn.accounting(), &s, &grid).days[0].met);
    let infeasible = tighten(&scn.accounting(), &mut s);
    assert!(infeasible.is_empty());
    let added: Vec<(&str, Action)> = s
        .actions
        .iter()
        .filter(|a| a.added)
        .map(|a| (scn.enterprises[a.enterprise].id.as_str(), a.action.clone()))
        .collect();
    // E2's 20 % cut becomes 25 %: one row, the catalog's action kept in `replaced`.
    assert_eq!(added, [("E2", Action::CutOutput(Share(250_000)))]);
    let e2: Vec<_> = s.actions.iter().filter(|a| a.enterprise == 1).collect();
    assert_eq!(e2.len(), 1);
    assert_eq!(e2[0].replaced, Some(Action::CutOutput(Share(200_000))));
    // 50 (output of E2) x 5 % more = 2.5 lost output per day.
    assert_eq!(
        added_lost_output(&scn.accounting(), &s),
        2_500_000 * 1_000_000
    );
    let a = account(&scn.accounting(), &s, &grid);
    let so2 = &a.days[0];
    assert_eq!(rate_tonnes(so2.reduced), t(20));
    assert!(so2.met);
}

#[test]
fn tighten_reports_an_infeasible_target() {
    // Red: 30 % of 300 t = 90 t; all eligible production (E1, E2, E3) is 55 t.
    let scn = scenario(300);
    let (grid, c) = one_day(WarningLevel::Red);
    let mut s = schedule(&scn.measures(), &grid, &c);
    let infeasible = tighten(&scn.accounting(), &mut s);
    assert_eq!(infeasible.len(), 1);
    // 55 / 300 = 18.3333 % (ppm, rounded half to even); 35 t/day missing.
    assert_eq!(
        infeasible[0].short,
        [Shortfall {
            pollutant: EmissionPollutant::So2,
            reached: 183_333,
            target: 300_000,
            missing: 35_000_000 * 1_000_000,
        }]
    );
    // Never the A or the protected enterprise.
    assert!(
        s.actions
            .iter()
            .filter(|a| a.added)
            .all(|a| ["E1", "E2", "E3"].contains(&scn.enterprises[a.enterprise].id.as_str()))
    );
    let a = account(&scn.accounting(), &s, &grid);
    assert!(!a.days[0].met);
    assert_eq!(rate_tonnes(a.days[0].reduced), t(55));
}

#[test]
fn listed_measures_are_used_as_given_to_the_tonne() {
    use crate::measures::ListedMeasure;
    use crate::measures::schedule::ActionSource;
    let mut scn = scenario(100);
    // E1 (grade D: the catalog would stop it) lists its own orange measure, 6.123456 t SO2;
    // E2's list gives only red: the catalog decides orange.
    scn.enterprises[0].listed = vec![ListedMeasure {
        level: WarningLevel::Orange,
        measure: "停产烧结机".into(),
        reduction: Emissions([Tonnes(6_123_456), Tonnes(0), Tonnes(0), Tonnes(0)]),
    }];
    scn.enterprises[1].listed = vec![ListedMeasure {
        level: WarningLevel::Red,
        measure: "停产".into(),
        reduction: so2(20),
    }];
    let (grid, c) = one_day(WarningLevel::Orange);
    let s = schedule(&scn.measures(), &grid, &c);
    let e1 = &s.actions[0];
    assert_eq!(e1.source(), ActionSource::List);
    assert_eq!(e1.action.describe_zh(), "停产烧结机");
    assert_eq!(s.actions[1].source(), ActionSource::Catalog);
    // 6.123456 (E1, as listed) + 4 (E2) + 5 (E3), exactly.
    let a = account(&scn.accounting(), &s, &grid);
    assert_eq!(rate_tonnes(a.days[0].reduced), Tonnes(15_123_456));
    // The production a listed measure gives up is its largest share of a pollutant: 61.2 %.
    assert_eq!(e1.action.output_share(&scn.enterprises[0]), Share(612_345));
}

/// 加严 per episode: a stricter region's measures apply only in the hours its linkage is in
/// force; a stricter region without a trigger never applies them by itself.
#[test]
fn stricter_measures_follow_the_linkage_in_force() {
    use crate::alert::{Region, RegionalTrigger};
    let mut scn = scenario(100);
    scn.regions = vec![Region {
        name: "R".into(),
        cities: vec!["T".into()],
        counties: Vec::new(),
        source: None,
        trigger: RegionalTrigger::None,
        stricter: true,
    }];
    let (grid, mut c) = one_day(WarningLevel::Orange);
    c.region_levels = vec![vec![WarningLevel::None; 24]];
    let s = schedule(&scn.measures(), &grid, &c);
    assert_eq!(s.windows.len(), 1);
    assert!(!s.windows[0].stricter);
    // Linkage in force from hour 6 to 18: three windows, the middle one stricter.
    for l in &mut c.region_levels[0][6..18] {
        *l = WarningLevel::Orange;
    }
    let s = schedule(&scn.measures(), &grid, &c);
    let regimes: Vec<(usize, usize, bool)> = s
        .windows
        .iter()
        .map(|w| (w.hours.0, w.hours.1, w.stricter))
        .collect();
    assert_eq!(regimes, [(0, 6, false), (6, 18, true), (18, 24, false)]);
}

/// The reductions are computed once: the enterprises' cuts apart from the orders' estimates,
/// each sector's estimate capped at what the sector emits.
#[test]
fn window_reduction_keeps_estimates_apart_and_capped() {
    use super::reduction::window_reduction;
    use crate::emissions::{Basis, PerPollutant};
    use crate::measures::schedule::Order;
    use crate::measures::{OrderKind, SectorMeasure};
    let mut scn = scenario(100);
    // Inventory: industry 100 t SO2 (the enterprises' sector), traffic 10 t NOx.
    let inv = scn.inventory.as_mut().unwrap();
    let city = inv.cities.get_mut("T").unwrap();
    city[Sector::Traffic] = Emissions([t(0), t(10), t(0), t(0)]);
    let (grid, c) = one_day(WarningLevel::Orange);
    let mut s = schedule(&scn.measures(), &grid, &c);
    let order = |nox: u32| Order {
        window: 0,
        measure: SectorMeasure {
            id: format!("o{nox}"),
            subject: format!("s{nox}"),
            optional: false,
            kind: OrderKind::Traffic,
            level: WarningLevel::Orange,
            measure: "test".into(),
            measure_en: None,
            sector: Sector::Traffic,
            effect: [Share(0), Share(nox), Share(0), Share(0)],
            stricter: false,
        },
    };
    // 70 % + 50 % of the traffic NOx: capped at the 10 t traffic emits.
    s.orders = vec![order(700_000), order(500_000)];
    let r = window_reduction(&scn.accounting(), &s, 0);
    // E1 stops (10 t), E2 and E3 cut 20 % (4 + 5 t): the enterprises' 19 t, all SO2.
    assert_eq!(r.listed, PerPollutant([19_000_000 * 1_000_000, 0, 0, 0]));
    assert_eq!(
        r.estimated[Sector::Traffic],
        PerPollutant([0, 10_000_000 * 1_000_000, 0, 0])
    );
    assert_eq!(r.counted(Basis::Listed), r.listed);
    assert_eq!(
        r.counted(Basis::WithEstimates),
        PerPollutant([19_000_000 * 1_000_000, 10_000_000 * 1_000_000, 0, 0])
    );
    assert_eq!(r.by_sector()[Sector::Industry], r.listed);
    // The accounting uses the same numbers, on the scenario's basis.
    let a = account(&scn.accounting(), &s, &grid);
    assert_eq!(a.windows[0].reduction, r);
    assert_eq!(a.days[1].listed, 0);
    assert_eq!(a.days[1].estimated, 10_000_000 * 1_000_000);
    assert_eq!(a.days[1].reduced, 0);
    assert!(!a.days[1].met);
    scn.targets.count_estimates = true;
    let a = account(&scn.accounting(), &s, &grid);
    assert_eq!(a.days[1].reduced, 10_000_000 * 1_000_000);
}

/// One enterprise of `industry` and `grade` emitting 10 t SO2 in a city of 100 t, planned with
/// the shipped catalog: every target is out of its reach, so `tighten` pushes it as far as its
/// industry allows.
fn pushed(
    industry: &str,
    grade: Grade,
    level: WarningLevel,
) -> (Fixture, Schedule, Vec<Infeasible>) {
    let mut scn = scenario(100);
    scn.catalog = Catalog::shipped();
    let mut e = ent("X1", grade, 10, 10, false);
    e.industry = industry.into();
    scn.enterprises = vec![e];
    let (grid, c) = one_day(level);
    let mut s = schedule(&scn.measures(), &grid, &c);
    let infeasible = tighten(&scn.accounting(), &mut s);
    (scn, s, infeasible)
}

fn only_action(s: &Schedule) -> Action {
    assert_eq!(s.actions.len(), 1, "{:?}", s.actions);
    s.actions[0].action.clone()
}

#[test]
fn tighten_keeps_every_feasibility_limit() {
    use WarningLevel::{Orange, Red};
    // Glass furnaces keep warm: 30 % at most, never stopped. (B and B-: see below.)
    for grade in [Grade::C, Grade::D] {
        let (_, s, inf) = pushed("glass", grade, Red);
        assert_eq!(only_action(&s), Action::KeepWarm(Share(300_000)), "{grade}");
        assert_eq!(inf.len(), 1);
    }
    // Coke ovens: the coking time at most 48 h (50 %), never stopped or banked by default.
    for grade in [Grade::C, Grade::D] {
        let (scn, s, inf) = pushed("coking", grade, Red);
        let a = only_action(&s);
        assert_eq!(
            a,
            Action::ExtendCoking {
                normal: 24,
                hours: 48
            },
            "{grade}"
        );
        assert_eq!(a.output_share(&scn.enterprises[0]), Share(500_000));
        // 10 t x 50 % = 5 t of the 30 t red target: 25 t short, 5 % reached.
        assert_eq!(inf[0].short[0].missing, 25_000_000 * 1_000_000);
        assert_eq!(inf[0].short[0].reached, 50_000);
    }
    // Steel: blast furnaces bank only where the plan allows it (the shipped limit: red); before
    // that at most 60 %.
    let (_, s, inf) = pushed("steel", Grade::C, Orange);
    assert_eq!(only_action(&s), Action::CutOutput(Share(600_000)));
    assert_eq!(inf.len(), 1);
    let (_, s, _) = pushed("steel", Grade::C, Red);
    assert_eq!(only_action(&s), Action::Bank);
    // Heat supply (保障类): its approved maximum load, never cut below it by tighten.
    let mut scn = scenario(100);
    scn.catalog = Catalog::shipped();
    let mut e = ent("H1", Grade::D, 10, 10, true);
    e.industry = "heat".into();
    e.max_load = Some(Share(800_000));
    scn.enterprises = vec![e];
    let (grid, c) = one_day(Red);
    let mut s = schedule(&scn.measures(), &grid, &c);
    let inf = tighten(&scn.accounting(), &mut s);
    assert_eq!(only_action(&s), Action::MaxLoad(Share(800_000)));
    assert!(!s.actions[0].added);
    assert_eq!(inf[0].short[0].missing, 28_000_000 * 1_000_000);
}

/// B and B- take "fewer or lighter measures than C" (standards.md 5.2): `tighten` takes them
/// no further than the catalog's C action of their industry and level, and reports the
/// window short rather than stopping them.
#[test]
fn tighten_takes_b_no_further_than_c() {
    use WarningLevel::{Orange, Red};
    for grade in [Grade::B, Grade::BMinus] {
        for (industry, level) in [("glass", Red), ("coking", Red), ("chemicals", Orange)] {
            let (scn, s, inf) = pushed(industry, grade, level);
            let e = &scn.enterprises[0];
            let as_c = Enterprise {
                grade: Grade::C,
                ..e.clone()
            };
            let c_action = scn.catalog.action(&as_c, level, false);
            assert_eq!(
                only_action(&s).output_share(e),
                c_action.output_share(&as_c),
                "{industry} {grade} {level}"
            );
            assert_eq!(inf.len(), 1, "{industry} {grade} {level}");
        }
    }
    // Where the C action is the industry's limit, B reaches it too (glass at red for C: 20 %
    // in the shipped catalog, below the 30 % keep-warm limit).
    let (_, s, _) = pushed("glass", Grade::B, Red);
    assert_eq!(only_action(&s), Action::KeepWarm(Share(200_000)));
}

/// A catalog that lets coke ovens bank at red (Anyang-style) gives the stop it asks for.
#[test]
fn a_plan_that_allows_banking_bans_past_the_coking_time() {
    let mut scn = scenario(100);
    let mut cat = Catalog::shipped();
    for l in cat.limits.iter_mut() {
        if l.industries.iter().any(|i| i == "coking") {
            l.bank_from = Some(WarningLevel::Red);
        }
    }
    scn.catalog = cat;
    let mut e = ent("K1", Grade::D, 10, 10, false);
    e.industry = "焦化".into();
    scn.enterprises = vec![e];
    let (grid, c) = one_day(WarningLevel::Red);
    let mut s = schedule(&scn.measures(), &grid, &c);
    assert_eq!(only_action(&s), Action::Bank);
    tighten(&scn.accounting(), &mut s);
    assert_eq!(only_action(&s), Action::Bank);
}
