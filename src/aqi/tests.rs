//! Vectors of standards.md 1.8 and aqi-test-vectors.md, and property tests of the tables.

use proptest::prelude::*;

use super::*;
use crate::units::{Concentration, MICRO};

const S12: Standard = Standard::Hj633_2012;
const S26: Standard = Standard::Hj633_2026;

fn c(s: &str) -> Concentration {
    s.parse().unwrap()
}

/// The sub-index of one slot scored alone in a report, with `opts`.
fn scored(
    std: Standard,
    period: Period,
    slot: Slot,
    value: Concentration,
    opts: &AqiOptions,
) -> Option<u16> {
    let mut r = Readings::default();
    r.set(slot, Some(value));
    score(&r, period, std, opts).iaqi(slot).map(Aqi::value)
}

/// The sub-index of one slot scored alone in a report, with the default options.
fn one(std: Standard, period: Period, slot: Slot, value: &str) -> Option<u16> {
    scored(std, period, slot, c(value), &AqiOptions::default())
}

fn day(std: Standard, slot: Slot, value: &str) -> u16 {
    one(std, Period::Day, slot, value).unwrap()
}

fn hour(std: Standard, slot: Slot, value: &str) -> u16 {
    one(std, Period::Hour, slot, value).unwrap()
}

#[test]
fn standards_1_8_vectors() {
    // (slot, period, concentration, 2012 IAQI, 2026 IAQI)
    let cases: &[(Slot, Period, &str, u16, u16)] = &[
        (Slot::Pm25, Period::Day, "60", 82, 100),
        (Slot::Pm25, Period::Day, "75", 100, 114),
        (Slot::Pm25, Period::Day, "115", 150, 150),
        (Slot::Pm25, Period::Day, "116", 152, 152),
        (Slot::Pm25, Period::Day, "150", 200, 200),
        (Slot::Pm25, Period::Day, "151", 201, 201),
        (Slot::Pm25, Period::Day, "160", 210, 210),
        (Slot::Pm25, Period::Day, "250", 300, 300),
        (Slot::Pm25, Period::Day, "251", 301, 301),
        (Slot::Pm10, Period::Day, "150", 100, 112),
        (Slot::Pm10, Period::Day, "351", 202, 202),
        (Slot::So2, Period::Day, "150", 100, 100),
        (Slot::So2, Period::Day, "300", 124, 124),
        (Slot::No2, Period::Hour, "250", 105, 105),
        (Slot::Co, Period::Day, "1.5", 38, 38),
        (Slot::O3EightHour, Period::Day, "170", 110, 110),
        (Slot::O3, Period::Hour, "250", 125, 125),
    ];
    for &(slot, period, value, v12, v26) in cases {
        assert_eq!(
            one(S12, period, slot, value),
            Some(v12),
            "2012 {slot} {value}"
        );
        if slot == Slot::O3 && period == Period::Day {
            continue;
        }
        assert_eq!(
            one(S26, period, slot, value),
            Some(v26),
            "2026 {slot} {value}"
        );
    }
}

#[test]
fn so2_24h_guards_against_the_aqi_hub_table() {
    // aqi-hub reuses the 1-hour points for the 24-hour column and gets 50 here.
    assert_eq!(day(S12, Slot::So2, "150"), 100);
    assert_eq!(day(S26, Slot::So2, "150"), 100);
}

#[test]
fn discriminating_vectors_2026_daily() {
    let cases: &[(Slot, &str, u16, Option<u16>)] = &[
        (Slot::Pm25, "35", 50, Some(50)),
        (Slot::Pm25, "36", 52, Some(52)),
        (Slot::Pm25, "60", 100, Some(82)),
        (Slot::Pm25, "61", 101, Some(83)),
        (Slot::Pm25, "75", 114, Some(100)),
        (Slot::Pm25, "115", 150, Some(150)),
        (Slot::Pm25, "150", 200, Some(200)),
        (Slot::Pm25, "250", 300, Some(300)),
        (Slot::Pm25, "500", 500, Some(500)),
        (Slot::Pm10, "120", 100, Some(85)),
        (Slot::Pm10, "150", 112, Some(100)),
        (Slot::Co, "2.2", 55, None),
        (Slot::So2, "300", 124, None),
    ];
    for &(slot, value, v26, v12) in cases {
        assert_eq!(day(S26, slot, value), v26, "2026 {slot} {value}");
        if let Some(v12) = v12 {
            assert_eq!(day(S12, slot, value), v12, "2012 {slot} {value}");
        }
    }
    // O3 1-hour 900 and 1000 on the 1-hour table (a real-time indicator in 2026).
    assert_eq!(hour(S26, Slot::O3, "900"), 350);
    assert_eq!(hour(S26, Slot::O3, "1000"), 400);
}

#[test]
fn gbt8170_rounding_before_scoring() {
    assert_eq!(c("35.5").round_half_even_to(MICRO), 36);
    assert_eq!(c("36.5").round_half_even_to(MICRO), 36);
    assert_eq!(c("2.25").round_half_even_to(MICRO / 10), 22);
    assert_eq!(c("2.35").round_half_even_to(MICRO / 10), 24);
    // 36.5 rounds to 36 (IAQI 52); a half-up rounding would give 37 and 54.
    assert_eq!(day(S26, Slot::Pm25, "36.5"), 52);
    assert_eq!(day(S26, Slot::Pm25, "35.5"), 52);
    assert_eq!(day(S26, Slot::Co, "2.25"), 55);
    assert_eq!(day(S26, Slot::Co, "2.35"), 60);
}

#[test]
fn float_ceiling_bugs_of_other_libraries() {
    // aqi-hub 0.3.3 gives 56 and 219 through float ceilings.
    assert_eq!(day(S26, Slot::Co, "2.2"), 55);
    assert_eq!(hour(S26, Slot::Co, "65.4"), 218);
    // python-aqi truncates CO to integers and rounds IAQI half-even.
    assert_eq!(day(S26, Slot::Co, "2.5"), 63);
    assert_eq!(day(S26, Slot::Co, "3.9"), 98);
    // Every CO 1-hour value at 0.1 resolution against an independent exact computation.
    for tenths in 0..=1500u64 {
        let got = hour(S26, Slot::Co, &format!("{}.{}", tenths / 10, tenths % 10));
        assert_eq!(u64::from(got), co_hour_exact(tenths, 1), "CO {tenths}");
    }
}

/// The CO 1-hour breakpoints in 0.1 mg/m3, written out again for the independent checks.
const CO_HOUR_TENTHS: [(u64, u64); 8] = [
    (0, 0),
    (50, 50),
    (100, 100),
    (350, 150),
    (600, 200),
    (900, 300),
    (1200, 400),
    (1500, 500),
];

/// The CO 1-hour IAQI of `x` in units of 0.1 mg/m3 / `per_tenth`, in plain integers:
/// ceil(i0 + (i1 - i0)(x - c0)/(c1 - c0)) is the least n with
/// n (c1 - c0) >= i0 (c1 - c0) + (i1 - i0)(x - c0).
fn co_hour_exact(x: u64, per_tenth: u64) -> u64 {
    let pts = CO_HOUR_TENTHS.map(|(conc, iaqi)| (conc * per_tenth, iaqi));
    let w = pts.windows(2).find(|w| x <= w[1].0).unwrap();
    let ((c0, i0), (c1, i1)) = (w[0], w[1]);
    (i0 * (c1 - c0) + (i1 - i0) * (x - c0)).div_ceil(c1 - c0)
}

/// The sub-index of one slot scored alone with `opts`; it must have one.
fn one_with(std: Standard, period: Period, slot: Slot, c: Concentration, opts: &AqiOptions) -> u16 {
    scored(std, period, slot, c, opts).unwrap()
}

const ROUND_2012: AqiOptions = AqiOptions {
    round_2012: true,
    hourly_pm_2012: HourlyPm2012::OneHour,
    o3_8h_in_hourly_aqi_2012: false,
};

#[test]
fn hj633_2012_scores_the_reported_value_unrounded() {
    let opts = AqiOptions::default();
    assert!(
        !opts.round_2012,
        "standards.md 1.2: no rounding under 2012 by default"
    );
    // standards.md 1.2: a city platform publishes CO 541 ug/m3 with IAQI 6. 0.541 mg/m3 on the
    // CO 1-hour table (0-5 mg/m3 -> 0-50) is 5.41, up to 6; rounded to 0.5 mg/m3 first it is 5.
    let co = Concentration::parse_scaled("541", 3).unwrap();
    assert_eq!(one_with(S12, Period::Hour, Slot::Co, co, &opts), 6);
    // HJ 633—2026 §4.2.2 rounds per GB/T 8170 first, whatever round_2012 says: 0.5 -> 5.
    assert_eq!(one_with(S26, Period::Hour, Slot::Co, co, &opts), 5);
    assert_eq!(one_with(S26, Period::Hour, Slot::Co, co, &ROUND_2012), 5);
    // round_2012 brings the rounding back under 2012 on request.
    assert_eq!(one_with(S12, Period::Hour, Slot::Co, co, &ROUND_2012), 5);
}

#[test]
fn pm25_with_a_fraction_2012_against_2026() {
    // (24-hour PM2.5, 2012 unrounded, 2012 with round_2012, 2026)
    let cases: &[(&str, u16, u16, u16)] = &[
        // 100 + 50 x 0.4 / 40 = 100.5 -> 101; rounded 75 -> 100; 2026: 75 -> 113.6 -> 114.
        ("75.4", 101, 100, 114),
        // 100.625 -> 101; rounded to 76 (half to even) -> 102; 2026: 76 -> 114.5 -> 115.
        ("75.5", 101, 102, 115),
        // 50 + 50 x 0.5 / 40 = 50.625 -> 51 (python-aqi's half-even rounding gives 50);
        // rounded 36 -> 52 under both.
        ("35.5", 51, 52, 52),
        // 36.5 -> 51.875 -> 52 unrounded; GB/T 8170 gives 36 -> 52 (half-up: 37 -> 54).
        ("36.5", 52, 52, 52),
        // Exact arithmetic: 50 x 4.9 / 35 is exactly 7; a float ceiling gives 8. Rounded to
        // 5 ug/m3 the value is 7.14 -> 8.
        ("4.9", 7, 8, 8),
        // 150 + 50 x 13.3 / 35 = 169 exactly (a float ceiling gives 170); rounded 128 -> 169.
        ("128.3", 169, 169, 169),
        // Whole numbers are unchanged by the rule.
        ("75", 100, 100, 114),
        ("60", 82, 82, 100),
    ];
    let opts = AqiOptions::default();
    for &(value, v12, v12_rounded, v26) in cases {
        let conc = c(value);
        let got = |std, o| one_with(std, Period::Day, Slot::Pm25, conc, o);
        assert_eq!(got(S12, &opts), v12, "2012 {value}");
        assert_eq!(got(S12, &ROUND_2012), v12_rounded, "2012 rounded {value}");
        assert_eq!(got(S26, &opts), v26, "2026 {value}");
        assert_eq!(got(S26, &ROUND_2012), v26, "2026 {value}");
    }
    // The real-time report scores hourly PM2.5 on the same table.
    assert_eq!(hour(S12, Slot::Pm25, "75.4"), 101);
    assert_eq!(hour(S26, Slot::Pm25, "75.4"), 114);
}

#[test]
fn unrounded_2012_is_exact_at_micro_resolution() {
    // Every CO 1-hour value at 1 ug/m3 resolution (0.001 mg/m3) against the independent exact
    // computation. Values on whole 0.1 mg/m3 take the integer kernel, the others the rational
    // one.
    let opts = AqiOptions::default();
    for ug in 0..=150_000u64 {
        let co = Concentration::from_micro(ug * 1000).unwrap();
        let got = one_with(S12, Period::Hour, Slot::Co, co, &opts);
        assert_eq!(u64::from(got), co_hour_exact(ug, 100), "CO {ug} ug/m3");
    }
    // A mean keeps its divisor: (75 + 75 + 76) / 3 = 75.333... -> 100.42 -> 101 under 2012;
    // 2026 rounds it to 75 -> 114.
    let mean = Concentration::mean_of_micro(226 * MICRO, 3).unwrap();
    assert_eq!(one_with(S12, Period::Day, Slot::Pm25, mean, &opts), 101);
    assert_eq!(
        one_with(S12, Period::Day, Slot::Pm25, mean, &ROUND_2012),
        100
    );
    assert_eq!(one_with(S26, Period::Day, Slot::Pm25, mean, &opts), 114);
}

#[test]
fn so2_above_800_real_time() {
    let mut r = Readings {
        so2: Some(c("900")),
        ..Readings::default()
    };
    let res = score(&r, Period::Hour, S26, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::So2), Some(Aqi::new(200)));
    assert_eq!(
        res.slots[Slot::So2 as usize].unwrap().note,
        Some(Note::So2Over800Is200)
    );
    r.so2 = Some(c("801"));
    assert_eq!(hour(S26, Slot::So2, "801"), 200);
    // 2012: the 24-hour SO2 mean scores instead; none given -> no SO2 sub-index at all.
    let res = score(&r, Period::Hour, S12, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::So2), None);
    assert!(res.missing.contains(Slot::So2));
    assert_eq!(res.aqi, None);
    r.so2_24h = Some(c("300"));
    let res = score(&r, Period::Hour, S12, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::So2), Some(Aqi::new(124)));
    assert_eq!(
        res.slots[Slot::So2 as usize].unwrap().note,
        Some(Note::So2Over800UsesDay)
    );
    r.so2 = Some(c("800"));
    assert_eq!(
        score(&r, Period::Hour, S12, &AqiOptions::default()).iaqi(Slot::So2),
        Some(Aqi::new(200))
    );
}

#[test]
fn o3_8h_above_800() {
    let mut r = Readings {
        o3_8h: Some(c("900")),
        o3: Some(c("1000")),
        ..Readings::default()
    };
    let res = score(&r, Period::Day, S26, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::O3EightHour), Some(Aqi::new(300)));
    assert_eq!(
        res.iaqi(Slot::O3),
        None,
        "no O3 1-h maximum in the 2026 daily report"
    );
    let res = score(&r, Period::Day, S12, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::O3EightHour), Some(Aqi::new(400)));
    assert_eq!(
        res.slots[Slot::O3EightHour as usize].unwrap().note,
        Some(Note::O3EightHourOver800UsesHour)
    );
    r.o3_8h = Some(c("801"));
    assert_eq!(day(S26, Slot::O3EightHour, "801"), 300);
    r.o3 = None;
    let res = score(&r, Period::Day, S12, &AqiOptions::default());
    assert_eq!(res.iaqi(Slot::O3EightHour), None);
}

#[test]
fn above_the_table_scores_500_and_is_flagged() {
    let mut r = Readings {
        pm25: Some(c("501")),
        ..Readings::default()
    };
    let res = score(&r, Period::Hour, S26, &AqiOptions::default());
    assert_eq!(res.aqi, Some(Aqi::MAX));
    assert_eq!(res.slots[0].unwrap().note, Some(Note::AboveTable));
    r.pm10 = Some(c("5202"));
    assert_eq!(
        score(&r, Period::Day, S12, &AqiOptions::default()).aqi,
        Some(Aqi::MAX)
    );
    assert_eq!(hour(S12, Slot::O3, "1201"), 500);
    assert_eq!(hour(S12, Slot::Co, "150.1"), 500);
}

#[test]
fn missing_data_rule_2026() {
    // Five of six indicators, max 52: withheld (NA) under 2026, published under 2012.
    let r = Readings {
        pm25: Some(c("36")),
        pm10: Some(c("40")),
        so2: Some(c("5")),
        no2: Some(c("20")),
        co: Some(c("0.5")),
        ..Readings::default()
    };
    let res = score(&r, Period::Hour, S26, &AqiOptions::default());
    assert_eq!(res.aqi, None);
    assert_eq!(res.max_iaqi, Some(Aqi::new(52)));
    assert!(res.withheld());
    assert!(res.primary.is_empty());
    assert_eq!(res.missing.iter().collect::<Vec<_>>(), vec![Slot::O3]);
    let res = score(&r, Period::Hour, S12, &AqiOptions::default());
    assert_eq!(res.aqi, Some(Aqi::new(52)));
    assert_eq!(res.primary.join(";"), "PM2.5");
    // Above 100 the AQI is published even with a missing indicator.
    let r = Readings {
        pm25: Some(c("80")),
        ..r
    };
    let res = score(&r, Period::Hour, S26, &AqiOptions::default());
    assert_eq!(res.aqi, Some(Aqi::new(119)));
    // Nothing at all: NA, never a number.
    let res = score(
        &Readings::default(),
        Period::Day,
        S12,
        &AqiOptions::default(),
    );
    assert_eq!(res.aqi, None);
    assert_eq!(res.max_iaqi, None);
}

#[test]
fn primary_pollutants_keep_ties_and_need_aqi_above_50() {
    let r = Readings {
        pm25: Some(c("75")),  // 2012: 100
        pm10: Some(c("150")), // 2012: 100
        so2: Some(c("10")),
        no2: Some(c("40")),
        co: Some(c("1.2")),
        o3: Some(c("80")),
        o3_8h: Some(c("70")),
        ..Readings::default()
    };
    let res = score(&r, Period::Day, S12, &AqiOptions::default());
    assert_eq!(res.aqi, Some(Aqi::new(100)));
    assert_eq!(res.primary.join(";"), "PM2.5;PM10");
    let clean = Readings {
        pm25: Some(c("20")),
        ..Readings::default()
    };
    let res = score(&clean, Period::Day, S12, &AqiOptions::default());
    assert_eq!(res.aqi, Some(Aqi::new(29)));
    assert!(res.primary.is_empty());
}

#[test]
fn report_indicators_per_version() {
    let r = Readings {
        pm25: Some(c("20")),
        pm10: Some(c("20")),
        so2: Some(c("5")),
        no2: Some(c("20")),
        co: Some(c("0.5")),
        o3: Some(c("250")),
        o3_8h: Some(c("170")),
        ..Readings::default()
    };
    let opts = AqiOptions::default();
    // 2012 daily: O3 1-h maximum (125) and 8-h maximum (110) both enter.
    let res = score(&r, Period::Day, S12, &opts);
    assert_eq!(res.aqi, Some(Aqi::new(125)));
    assert_eq!(res.primary.join(";"), "O3");
    // 2026 daily: only the 8-h maximum.
    let res = score(&r, Period::Day, S26, &opts);
    assert_eq!(res.aqi, Some(Aqi::new(110)));
    assert_eq!(res.primary.join(";"), "O3_8h");
    // 2012 real-time: the 8-h IAQI is reported but left out of the AQI by default.
    let r2 = Readings {
        o3: Some(c("100")),
        ..r
    };
    let res = score(&r2, Period::Hour, S12, &opts);
    assert_eq!(res.iaqi(Slot::O3EightHour), Some(Aqi::new(110)));
    assert_eq!(res.aqi, Some(Aqi::new(32)));
    let incl = AqiOptions {
        o3_8h_in_hourly_aqi_2012: true,
        ..opts
    };
    assert_eq!(
        score(&r2, Period::Hour, S12, &incl).aqi,
        Some(Aqi::new(110))
    );
    // 2026 real-time: no 8-h indicator at all.
    assert_eq!(
        score(&r2, Period::Hour, S26, &opts).iaqi(Slot::O3EightHour),
        None
    );
    // 2012 real-time with the 24-hour moving PM option.
    let moving = AqiOptions {
        hourly_pm_2012: HourlyPm2012::Moving24h,
        ..opts
    };
    let r3 = Readings {
        pm25_24h: Some(c("160")),
        ..r2
    };
    assert_eq!(
        score(&r3, Period::Hour, S12, &moving).aqi,
        Some(Aqi::new(210))
    );
}

#[test]
fn standard_by_date() {
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    assert_eq!(Standard::for_date(d(2026, 2, 28)), S12);
    assert_eq!(Standard::for_date(d(2026, 3, 1)), S26);
    let midnight = d(2026, 3, 1).and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(Standard::for_hour_ending(midnight), S12);
    assert_eq!(
        Standard::for_hour_ending(midnight + chrono::TimeDelta::hours(1)),
        S26
    );
    assert_eq!(StandardChoice::Hj633_2026.for_date(d(2020, 1, 1)), S26);
    assert_eq!(StandardChoice::Auto.for_date(d(2020, 1, 1)), S12);
}

fn any_standard() -> impl Strategy<Value = Standard> {
    prop_oneof![Just(S12), Just(S26)]
}

fn any_table() -> impl Strategy<Value = Table> {
    proptest::sample::select(Table::ALL.to_vec())
}

proptest! {
    #[test]
    fn iaqi_is_non_decreasing(std in any_standard(), t in any_table(), a in 0u32..20_000, b in 0u32..20_000) {
        let bps = breakpoints(std, t);
        let (lo, hi) = (a.min(b), a.max(b));
        let f = |x: u32| bps.iaqi_int(x).unwrap_or(u16::MAX);
        prop_assert!(f(lo) <= f(hi));
        // The rational kernel too, at micro resolution.
        let g = |x: u32| bps.iaqi_ratio(u128::from(x), 1000).unwrap_or(u16::MAX);
        prop_assert!(g(lo) <= g(hi));
    }

    #[test]
    fn iaqi_is_exact_at_every_breakpoint(std in any_standard(), t in any_table()) {
        let bps = breakpoints(std, t);
        for p in bps.points {
            prop_assert_eq!(bps.iaqi_int(p.conc), Some(p.iaqi));
            prop_assert_eq!(bps.iaqi_ratio(u128::from(p.conc) * 1_000_000, 1_000_000), Some(p.iaqi));
            if p.conc > 0 {
                // Just above a breakpoint the IAQI moves past it, never below.
                let above = bps.iaqi_ratio(u128::from(p.conc) * 1000 + 1, 1000);
                prop_assert!(above.is_none_or(|v| v == p.iaqi + 1));
            }
        }
        prop_assert_eq!(bps.iaqi_int(bps.top().conc + 1), None);
    }

    #[test]
    fn aqi_is_the_maximum_iaqi(
        std in any_standard(),
        period in prop_oneof![Just(Period::Hour), Just(Period::Day)],
        vals in proptest::collection::vec(proptest::option::of(0u64..3_000_000_000), 7),
    ) {
        let mut r = Readings::default();
        for (slot, v) in Slot::ALL.into_iter().zip(&vals) {
            r.set(slot, v.map(|m| Concentration::from_micro(m).unwrap()));
        }
        let res = score(&r, period, std, &AqiOptions::default());
        let max = Slot::ALL
            .into_iter()
            .filter_map(|s| res.slots[s as usize].filter(|x| x.in_aqi).and_then(|x| x.iaqi))
            .max();
        prop_assert_eq!(res.max_iaqi, max);
        if !res.withheld() {
            prop_assert_eq!(res.aqi, max);
        }
        for s in res.primary.iter() {
            prop_assert_eq!(res.iaqi(s), res.aqi);
        }
    }

    #[test]
    fn max_and_primary_is_what_score_gives(
        std in any_standard(),
        period in prop_oneof![Just(Period::Hour), Just(Period::Day)],
        // Small values too, so that ties between slots and the 2026 withholding occur.
        vals in proptest::collection::vec(proptest::option::of(prop_oneof![0u64..3_000_000_000, (0u64..400).prop_map(|u| u * 1_000_000)]), 10),
        den in 1u64..40,
        round_2012 in any::<bool>(),
        moving in any::<bool>(),
        o3_8h in any::<bool>(),
    ) {
        let c = |v: &Option<u64>| v.map(|m| Concentration::mean_of_micro(m * den / 3, den as u32).unwrap());
        let r = Readings {
            pm25: c(&vals[0]),
            pm10: c(&vals[1]),
            so2: c(&vals[2]),
            no2: c(&vals[3]),
            co: c(&vals[4]),
            o3: c(&vals[5]),
            o3_8h: c(&vals[6]),
            so2_24h: c(&vals[7]),
            pm25_24h: c(&vals[8]),
            pm10_24h: c(&vals[9]),
        };
        let opts = AqiOptions {
            round_2012,
            hourly_pm_2012: if moving { HourlyPm2012::Moving24h } else { HourlyPm2012::OneHour },
            o3_8h_in_hourly_aqi_2012: o3_8h,
        };
        let res = score(&r, period, std, &opts);
        prop_assert_eq!(
            max_and_primary(&r, period, std, &opts),
            (res.max_iaqi, res.primary.iter().next())
        );
    }
}
