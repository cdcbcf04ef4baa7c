//! Projection arithmetic against cases computed by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::config::{ProjectionConfig, Range};
use super::model::{invert, project};
use crate::accounting::Fixture;
use crate::alert::City;
use crate::alert::{Grid, Hour, RuleSet, WarningLevel};
use crate::aqi::{Slot, Standard, StandardChoice, Table};
use crate::emissions::{Emissions, Inventory, PerSector, Sector, Share, Targets, Tonnes};
use crate::measures::schedule::{EnterpriseAction, Schedule, Window};
use crate::measures::{Action, Catalog, Enterprise, Grade, OutputValue};

/// What the projection reads of the fixture.
fn inputs(f: &Fixture) -> super::Inputs<'_> {
    super::Inputs {
        accounting: f.accounting(),
        standard: f.standard,
        rules: &f.rules,
        regions: &f.regions,
    }
}

fn all(x: u64) -> Emissions {
    Emissions([Tonnes(x * 1_000_000); 4])
}

/// Cities A and B; A's industry emits 10 t/d of each pollutant, of which enterprise E1 emits 5.
fn scenario() -> Fixture {
    let mut cities = BTreeMap::new();
    for c in ["A", "B"] {
        let mut s = PerSector::<Emissions>::default();
        s[Sector::Industry] = all(10);
        cities.insert(c.to_string(), s);
    }
    Fixture {
        standard: StandardChoice::Auto,
        rules: RuleSet::shipped("national-2024").unwrap(),
        regions: Vec::new(),
        cities: ["A", "B"]
            .map(|n| City {
                name: n.into(),
                stations: Vec::new(),
                counties: Vec::new(),
            })
            .to_vec(),
        dispatch: Vec::new(),
        inventory: Some(Inventory { cities }),
        enterprises: vec![Enterprise {
            id: "E1".into(),
            name: "e".into(),
            city: "A".into(),
            county: None,
            part: None,
            listed: Vec::new(),
            industry: "steel".into(),
            grade: Grade::C,
            protected: None,
            max_load: None,
            emissions: all(5),
            output_value: OutputValue(1),
            processes: Vec::new(),
            units: None,
            seasonal: None,
            line: 2,
        }],
        catalog: Catalog::default(),
        targets: Targets::default(),
        city_orders: Default::default(),
    }
}

/// T 0.5, secondary 0.5, damping 0.5, all local PM2.5 from industry.
fn cfg(phase_in_hours: u32, transport: &[(&str, &str, f64)]) -> ProjectionConfig {
    let mut sectors = PerSector([Range::one(0.0); 5]);
    sectors[Sector::Industry] = Range::one(1.0);
    let mut m: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for (to, from, share) in transport {
        m.entry(to.to_string())
            .or_default()
            .insert(from.to_string(), *share);
    }
    ProjectionConfig {
        transported: Range::one(0.5),
        secondary: Range::one(0.5),
        damping: Range::one(0.5),
        sectors,
        phase_in_hours,
        transport: m,
    }
}

/// Six hours of AQI 250 (PM2.5 primary) in both cities; in A, E1 cuts 40 % from hour 1 on.
fn setup() -> (Grid, Schedule) {
    let start = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(1, 0, 0)
        .unwrap();
    let mut grid = Grid::new(start, 6, &["A".to_string(), "B".to_string()]);
    for c in &mut grid.cities {
        for h in &mut c.hours {
            *h = Hour {
                aqi: Some(250),
                primary: Some(Slot::Pm25),
                cause: None,
            };
        }
    }
    let s = Schedule {
        windows: vec![Window {
            city: "A".into(),
            level: WarningLevel::Orange,
            stricter: false,
            start: grid.label(1) - chrono::TimeDelta::hours(1),
            end: grid.label(5),
            hours: (1, 6),
        }],
        actions: vec![EnterpriseAction {
            window: 0,
            enterprise: 0,
            action: Action::CutOutput(Share(400_000)),
            added: false,
            replaced: None,
            listed: false,
            seasonal: Share(0),
            transport: None,
        }],
        orders: Vec::new(),
    };
    (grid, s)
}

#[test]
fn aqi_inverts_to_the_concentration() {
    assert_eq!(invert(Table::Pm25Day, Standard::Hj633_2026, 250), 200.0);
    assert_eq!(invert(Table::Pm25Day, Standard::Hj633_2026, 100), 60.0);
    assert_eq!(invert(Table::Pm25Day, Standard::Hj633_2012, 100), 75.0);
    assert_eq!(invert(Table::Pm10Day, Standard::Hj633_2026, 300), 420.0);
}

#[test]
fn single_city() {
    // E1 cuts 40 % of 5 t = 2 t of 10 t: a 20 % cut of every industrial pollutant.
    // f = (1 - 0.5) x 0.2 + 0.5 x 0.5 x 0.2 = 0.15;  L = 0.85;  factor = 0.5 + 0.5 x 0.85
    // = 0.925.  AQI 250 is PM2.5 200 ug/m3; 200 x 0.925 = 185 -> IAQI 200 + 35 = 235.
    let scn = scenario();
    let (grid, s) = setup();
    let p = project(&inputs(&scn), &cfg(1, &[]), &grid, &s);
    let a = &p.cities[0];
    assert_eq!(
        a.hours[0].controlled_aqi,
        Some((250, 250, 250)),
        "before the measures"
    );
    let h = &a.hours[3];
    assert_eq!(h.baseline_conc, Some(200.0));
    assert!((h.controlled_conc.unwrap() - 185.0).abs() < 1e-9);
    assert_eq!(h.controlled_aqi, Some((235, 235, 235)));
    // City B has no measures and no transport from A: unchanged.
    assert!(
        p.cities[1]
            .hours
            .iter()
            .all(|h| h.controlled_aqi == Some((250, 250, 250)))
    );
    assert_eq!(a.summary.peak_controlled, 250);
    assert_eq!(a.summary.heavy_hours_baseline, 6);
    assert_eq!(a.summary.heavy_hours_controlled.1, 6);
    assert!((a.summary.mean_reduction_pct - 7.5).abs() < 1e-9);
}

#[test]
fn two_cities_with_a_transport_matrix() {
    // 40 % of B's transported PM2.5 comes from A: R_B = 1 - 0.4 x (1 - 0.85) = 0.94;
    // factor_B = 0.5 x 0.94 + 0.5 x 1 = 0.97;  200 x 0.97 = 194 -> IAQI 244.
    let scn = scenario();
    let (grid, s) = setup();
    let p = project(&inputs(&scn), &cfg(1, &[("B", "A", 0.4)]), &grid, &s);
    let h = &p.cities[1].hours[3];
    assert!((h.controlled_conc.unwrap() - 194.0).abs() < 1e-9);
    assert_eq!(h.controlled_aqi, Some((244, 244, 244)));
    // A is not helped by B, which cuts nothing.
    assert_eq!(p.cities[0].hours[3].controlled_aqi, Some((235, 235, 235)));
}

#[test]
fn phase_in() {
    // Full effect after 4 hours: at the first hour of the measures a quarter of it.
    // f = 0.15 x 0.25 = 0.0375; L = 0.9625; factor = 0.98125; 200 x 0.98125 = 196.25, rounded
    // to 196 ug/m3 (GB/T 8170) -> IAQI 246. Hours 4 and later: 235.
    let scn = scenario();
    let (grid, s) = setup();
    let p = project(&inputs(&scn), &cfg(4, &[]), &grid, &s);
    let a = &p.cities[0];
    let got: Vec<u16> = a
        .hours
        .iter()
        .map(|h| h.controlled_aqi.unwrap().1)
        .collect();
    // 200 x (1 - 0.075 x k/4): 196.25 -> 196 -> 246; 192.5 -> 192 (half to even) -> 242;
    // 188.75 -> 189 -> 239; 185 -> 235.
    assert_eq!(got, [250, 246, 242, 239, 235, 235]);
}

#[test]
fn bands_from_ranges() {
    let scn = scenario();
    let (grid, s) = setup();
    let mut c = cfg(1, &[]);
    c.transported = Range::parse("0.4-0.6").unwrap();
    let p = project(&inputs(&scn), &c, &grid, &s);
    let (lo, mid, hi) = p.cities[0].hours[3].controlled_aqi.unwrap();
    // T 0.6: factor 0.94 -> 188 -> 238; T 0.4: factor 0.91 -> 182 -> 232; central 235.
    assert_eq!((lo, mid, hi), (232, 235, 238));
}
