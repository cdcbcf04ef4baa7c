//! Projection arithmetic against cases computed by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::config::{Composition, ProjectionConfig, Range, RawProjection};
use super::model::{Cuts, steady_reduction};
use super::model::{invert, project};
use crate::accounting::Fixture;
use crate::alert::City;
use crate::alert::{Grid, Hour, RuleSet, WarningLevel};
use crate::aqi::{Slot, Standard, StandardChoice, Table};
use crate::emissions::{
    Emissions, Inventory, PerPollutant, PerSector, Sector, Share, Targets, Tonnes,
};
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
    scenario_with(all(5))
}

/// The same with E1 emitting `e` (SO2, NOx, PM, VOCs).
fn scenario_with(e: Emissions) -> Fixture {
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
            emissions: e,
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

/// T 0.5, secondary 0.5, damping 0.5, an even composition (so that an even cut of the three
/// precursors reaches the secondary part as the old mean did), all local PM2.5 from industry.
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
        secondary: PerSector([Range::one(0.5); 5]),
        secondary_uniform: false,
        damping: Range::one(0.5),
        composition: Composition {
            sulfate: Range::one(1.0 / 3.0),
            nitrate: Range::one(1.0 / 3.0),
            organics: Range::one(1.0 / 3.0),
        },
        nox_response: Range::one(1.0),
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

/// A configuration from its YAML, through the scenario's validation.
fn from_yaml(yaml: &str) -> Result<ProjectionConfig, Vec<(String, String)>> {
    let raw: RawProjection = serde_saphyr::from_str(yaml).unwrap();
    ProjectionConfig::from_raw(&raw, &["A", "B"])
}

/// Cuts of one sector: (SO2, NOx, PM, VOCs) shares.
fn cut(sector: Sector, so2: f64, nox: f64, pm: f64, vocs: f64) -> Cuts {
    let mut c = Cuts::default();
    c[sector] = PerPollutant([so2, nox, pm, vocs]);
    c
}

#[test]
fn dust_is_entirely_primary() {
    // All local PM2.5 from dust, nothing transported, the scalar secondary share 0.5 (which
    // applies to every sector but dust): a 30 % dust PM cut is a 30 % cut of the air, where
    // the old model took only the primary half of it (15 %).
    let c = from_yaml("{transported: 0, secondary: 0.5, sectors: {dust: 1}}").unwrap();
    assert_eq!(c.secondary[Sector::Dust], Range::one(0.0));
    assert_eq!(c.secondary[Sector::Industry], Range::one(0.5));
    let r = steady_reduction(&c, &cut(Sector::Dust, 0.0, 0.0, 0.3, 0.0), 0.0);
    assert!((r - 0.3).abs() < 1e-12, "{r}");
    // The same cut in industry, half of whose PM2.5 is secondary: only the primary half.
    let c = from_yaml("{transported: 0, secondary: 0.5, sectors: {industry: 1}}").unwrap();
    let r = steady_reduction(&c, &cut(Sector::Industry, 0.0, 0.0, 0.3, 0.0), 0.0);
    assert!((r - 0.15).abs() < 1e-12, "{r}");
}

#[test]
fn secondary_per_sector_and_dust_refused() {
    let c = from_yaml("{secondary: {industry: 0.6, traffic: 0.4-0.5}, sectors: {industry: 1}}")
        .unwrap();
    assert_eq!(c.secondary[Sector::Industry], Range::one(0.6));
    assert_eq!(
        c.secondary[Sector::Traffic],
        Range::parse("0.4-0.5").unwrap()
    );
    // Sectors not named take the default; dust is 0.
    assert_eq!(c.secondary[Sector::Residential], Range::one(0.5));
    assert_eq!(c.secondary[Sector::Dust], Range::one(0.0));
    let e =
        from_yaml("{secondary: {industry: 0.6, dust: 0.2}, sectors: {industry: 1}}").unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "projection.secondary.dust");
    assert!(
        e[0].1.contains("fugitive dust is entirely primary"),
        "{}",
        e[0].1
    );
    let e = from_yaml("{secondary: {industri: 0.6}, sectors: {industry: 1}}").unwrap_err();
    assert_eq!(e[0].0, "projection.secondary.industri");
}

#[test]
fn each_precursor_reaches_its_own_component() {
    // Industry only, nothing transported, secondary 0.5, damping 0.5, composition sulfate 0.3,
    // nitrate 0.4, organics 0.3 (the defaults). A 40 % SO2-only cut: 0.5 x 0.5 x 0.3 x 0.4
    // = 0.03; a 40 % NOx-only cut: 0.5 x 0.5 x 0.4 x 0.4 = 0.04; a 40 % VOCs-only cut: 0.03.
    let c = from_yaml("{transported: 0, sectors: {industry: 1}}").unwrap();
    let r = |so2, nox, vocs| steady_reduction(&c, &cut(Sector::Industry, so2, nox, 0.0, vocs), 0.0);
    assert!((r(0.4, 0.0, 0.0) - 0.03).abs() < 1e-12);
    assert!((r(0.0, 0.4, 0.0) - 0.04).abs() < 1e-12);
    assert!((r(0.0, 0.0, 0.4) - 0.03).abs() < 1e-12);
    // Without sulfate, an SO2 cut does nothing: it reaches sulfate only.
    let c = from_yaml(
        "{transported: 0, sectors: {industry: 1}, \
         secondary_composition: {sulfate: 0, nitrate: 0.5, organics: 0.5}}",
    )
    .unwrap();
    let so2_only = steady_reduction(&c, &cut(Sector::Industry, 0.4, 0.0, 0.0, 0.0), 0.0);
    assert_eq!(so2_only, 0.0);
    let e = from_yaml(
        "{sectors: {industry: 1}, secondary_composition: {sulfate: 0.5, nitrate: 0.4, organics: 0.3}}",
    )
    .unwrap_err();
    assert_eq!(e[0].0, "projection.secondary_composition");
    assert!(e[0].1.contains("add up to 1.200"), "{}", e[0].1);
}

#[test]
fn nox_response_range() {
    let c = from_yaml("{sectors: {industry: 1}, nox_response: -0.3-1}").unwrap();
    assert_eq!((c.nox_response.low, c.nox_response.high), (-0.3, 1.0));
    assert!((c.nox_response.central - 0.35).abs() < 1e-12);
    let c = from_yaml("{sectors: {industry: 1}}").unwrap();
    assert_eq!(
        c.nox_response,
        Range::one(1.0),
        "the default: the damped linear response"
    );
    let e = from_yaml("{sectors: {industry: 1}, nox_response: -1.5}").unwrap_err();
    assert_eq!(e[0].0, "projection.nox_response");
    assert!(e[0].1.contains("between -1 and 1"), "{}", e[0].1);
    // Only the NOx response may be negative.
    let e = from_yaml("{sectors: {industry: 1}, secondary_damping: -0.3-1}").unwrap_err();
    assert_eq!(e[0].0, "projection.secondary_damping");
    assert!(
        e[0].1.contains("only nox_response may be negative"),
        "{}",
        e[0].1
    );
}

#[test]
fn a_negative_nox_response_raises_the_air_in_the_band() {
    // E1 emits NOx only: its 40 % cut is a 20 % cut of industrial NOx and nothing else.
    // Secondary 0.5, damping 0.5, nitrate 1/3, T 0.5, ν from -1 to 1 (central 0):
    //   ν = -1: f = 0.5 x 0.5 x (1/3) x (-1) x 0.2 = -1/60; L = 1 + 1/60;
    //           factor = 0.5 + 0.5 x L = 1 + 1/120; 200 x that = 201.67 -> 202 -> IAQI 252;
    //   ν = 0:  factor 1: unchanged, 250;
    //   ν = 1:  factor 1 - 1/120; 198.33 -> 198 -> IAQI 248.
    let scn = scenario_with(Emissions([
        Tonnes(0),
        Tonnes(5_000_000),
        Tonnes(0),
        Tonnes(0),
    ]));
    let (grid, s) = setup();
    let mut c = cfg(1, &[]);
    c.nox_response = Range::parse_within("-1-1", -1.0).unwrap();
    let p = project(&inputs(&scn), &c, &grid, &s);
    let h = &p.cities[0].hours[3];
    assert_eq!(h.controlled_aqi, Some((248, 250, 252)));
    assert!(p.nox_may_raise);
    // Wholly negative: the central value itself rises above the forecast.
    c.nox_response = Range::parse_within("-1", -1.0).unwrap();
    let p = project(&inputs(&scn), &c, &grid, &s);
    assert_eq!(p.cities[0].hours[3].controlled_aqi, Some((252, 252, 252)));
    assert!(p.cities[0].summary.mean_reduction_pct < 0.0);
}

#[test]
fn bands_contain_the_central_value() {
    let scn = scenario();
    let (grid, s) = setup();
    let ranges = [
        ("0.3-0.7", "0.2-0.8", "-0.5-1", "0.1-0.5"),
        ("0.5", "0.4-0.6", "-1-0", "0.3"),
        ("0-1", "0-1", "-1-1", "0-1"),
    ];
    for (t, damping, nu, sulfate) in ranges {
        let mut c = cfg(2, &[("B", "A", 0.5)]);
        c.transported = Range::parse(t).unwrap();
        c.damping = Range::parse(damping).unwrap();
        c.nox_response = Range::parse_within(nu, -1.0).unwrap();
        c.composition.sulfate = Range::parse(sulfate).unwrap();
        c.secondary[Sector::Industry] = Range::parse("0.3-0.7").unwrap();
        let p = project(&inputs(&scn), &c, &grid, &s);
        for city in &p.cities {
            for h in &city.hours {
                let (lo, mid, hi) = h.controlled_aqi.unwrap();
                assert!(
                    lo <= mid && mid <= hi,
                    "{t} {damping} {nu}: {lo} {mid} {hi}"
                );
            }
        }
    }
}

/// The reference configuration of docs/projection.md ("Effect sizes the defaults
/// reproduce"): the default parameters, a North-China heating-season apportionment, and an
/// even cut of every pollutant of every sector.
fn reference() -> ProjectionConfig {
    from_yaml(
        "{sectors: {industry: 0.35, traffic: 0.2, dust: 0.15, residential: 0.15, other: 0.15}}",
    )
    .unwrap()
}

fn even(share: f64) -> Cuts {
    PerSector([PerPollutant([share; 4]); 5])
}

#[test]
fn effect_sizes_of_the_defaults() {
    // Non-dust sectors: 0.5 x c + 0.5 x 0.5 x (0.3 + 0.4 + 0.3) x c = 0.75 c; dust c.
    // Local reduction 0.85 x 0.75 c + 0.15 c = 0.7875 c; the local part is 0.47 of PM2.5.
    let c = reference();
    let pct = |share: f64, regional: f64| 100.0 * steady_reduction(&c, &even(share), regional);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    // Own measures only, at the 2024 guidance's targets (10 / 20 / 30 %).
    assert!(close(pct(0.1, 0.0), 3.70125), "{}", pct(0.1, 0.0));
    assert!(close(pct(0.2, 0.0), 7.4025));
    assert!(close(pct(0.3, 0.0), 11.10375));
    // With the region acting as strongly (the transported part cut alike).
    assert!(close(pct(0.2, 1.0), 15.75));
    assert!(close(pct(0.3, 1.0), 23.625));
    // Winter NOx response -0.3 at orange: non-dust 0.5 c + 0.25 x (0.3 - 0.12 + 0.3) c
    // = 0.62 c; local 0.85 x 0.62 c + 0.15 c = 0.677 c; x 0.47 x 0.2 = 6.3638 %.
    let mut winter = reference();
    winter.nox_response = Range::one(-0.3);
    let r = 100.0 * steady_reduction(&winter, &even(0.2), 0.0);
    assert!(close(r, 6.3638), "{r}");
}

#[test]
fn at_most_ten_ranged_parameters() {
    // A uniform secondary range is one uncertain value (its ends vary together): it counts
    // once; a map counts each sector. Ten ranges run 1024 combinations; eleven are refused.
    let yaml = |secondary: &str| {
        format!(
            "{{transported: 0.4-0.6, secondary_damping: 0.4-0.6, nox_response: 0-1, \
             secondary: {secondary}, \
             secondary_composition: {{sulfate: 0.2-0.4, nitrate: 0.3-0.5, organics: 0.3}}, \
             sectors: {{industry: 0.3-0.5, traffic: 0.1-0.3, dust: 0.2, residential: 0.2}}}}"
        )
    };
    let c = from_yaml(&yaml("0.4-0.6")).unwrap();
    assert!(c.secondary_uniform);
    let e = from_yaml(&yaml(
        "{industry: 0.4-0.6, traffic: 0.4-0.6, residential: 0.4-0.6, other: 0.4-0.6}",
    ))
    .unwrap_err();
    assert_eq!(e[0].0, "projection");
    assert!(e[0].1.starts_with("11 parameters are ranges"), "{}", e[0].1);
    assert!(
        from_yaml(&yaml(
            "{industry: 0.4-0.6, traffic: 0.4-0.6, residential: 0.4-0.6}"
        ))
        .is_ok()
    );
}
