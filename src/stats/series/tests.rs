use super::*;

fn t(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2023, 1, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn vals(pm25: u32, o3: u32) -> Values {
    let mut v: Values = [None; 7];
    v[0] = Some(Concentration::from_units(pm25));
    v[5] = Some(Concentration::from_units(o3));
    v
}

#[test]
fn midnight_label_belongs_to_the_previous_day() {
    assert_eq!(
        day_of(t(21, 0)),
        NaiveDate::from_ymd_opt(2023, 1, 20).unwrap()
    );
    assert_eq!(
        day_of(t(21, 1)),
        NaiveDate::from_ymd_opt(2023, 1, 21).unwrap()
    );
    let mut s = Series::new(Rules::default());
    // Labels 20 01:00 .. 21 00:00 = day 20, with PM2.5 = hour number (24 for midnight).
    for h in 1..=24u32 {
        let label = if h == 24 { t(21, 0) } else { t(20, h) };
        s.push(label, &vals(h, 10));
    }
    s.push(t(21, 1), &vals(1000, 10));
    s.close_through(NaiveDate::from_ymd_opt(2023, 1, 20).unwrap());
    let days = s.take_days();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].hours[0], 24);
    // (1 + … + 24) / 24 = 12.5, and the 1000 of 21 01:00 is not in it.
    assert_eq!(
        days[0].means[0],
        Concentration::mean_of_micro(300_000_000, 24)
    );
}

#[test]
fn daily_mean_needs_20_hours() {
    let mut s = Series::new(Rules::default());
    for h in 1..=19 {
        s.push(t(20, h), &vals(50, 10));
    }
    s.close_through(NaiveDate::from_ymd_opt(2023, 1, 20).unwrap());
    let d = &s.take_days()[0];
    assert_eq!(d.hours[0], 19);
    assert_eq!(d.means[0], None);
    let mut s = Series::new(Rules::default());
    for h in 1..=20 {
        s.push(t(20, h), &vals(50, 10));
    }
    s.close_through(NaiveDate::from_ymd_opt(2023, 1, 20).unwrap());
    assert_eq!(
        s.take_days()[0].means[0],
        Some(Concentration::from_units(50))
    );
}

#[test]
fn o3_8h_needs_6_of_8_and_mda8_uses_windows_ending_8_to_24() {
    let mut s = Series::new(Rules::default());
    let mut last = None;
    for h in 1..=23 {
        // O3 = 100 except a spike of 400 at 02:00 (only in windows ending before 08:00+2).
        let o3 = if h == 2 { 400 } else { 100 };
        let hs = s.push(t(20, h), &vals(10, o3));
        if h == 5 {
            assert_eq!(hs.o3_8h, None, "5 hours only");
        }
        if h == 6 {
            // (400 + 5 * 100) / 6 = 150
            assert_eq!(hs.o3_8h, Some(Concentration::from_units(150)));
        }
        last = Some(hs);
    }
    assert_eq!(last.unwrap().o3_8h, Some(Concentration::from_units(100)));
    s.push(t(21, 0), &vals(10, 100));
    s.close_through(NaiveDate::from_ymd_opt(2023, 1, 20).unwrap());
    let d = &s.take_days()[0];
    // Windows ending 08:00 and 09:00 still hold the 400 at 02:00: (400 + 7*100)/8 = 137.5.
    assert_eq!(d.o3_8h_max, Concentration::mean_of_micro(1_100_000_000, 8));
    assert_eq!(d.o3_8h_windows, 17);
    assert_eq!(d.o3_1h_max, Some(Concentration::from_units(400)));
}

#[test]
fn rolling_24h_crosses_midnight_and_gaps_count_as_missing() {
    let mut s = Series::new(Rules::default());
    for h in 12..=23 {
        s.push(t(20, h), &vals(100, 10));
    }
    for h in 0..=7 {
        let hs = s.push(t(21, h), &vals(200, 10));
        if h == 7 {
            // 12 hours of 100 and 8 of 200 = 20 valid of 24.
            let want = Concentration::mean_of_micro((1200 + 1600) * 1_000_000, 20);
            assert_eq!(hs.mean_24h[0], want);
        }
    }
    // A gap of five hours: the window now has fewer than 20 valid hours.
    let hs = s.push(t(21, 13), &vals(200, 10));
    assert_eq!(hs.mean_24h[0], None);
}

#[test]
fn long_gaps_do_not_leak_old_values() {
    let mut s = Series::new(Rules::default());
    s.push(t(1, 5), &vals(100, 10));
    let hs = s.push(t(10, 5), &vals(50, 10));
    assert_eq!(hs.o3_8h, None);
    s.close_through(NaiveDate::from_ymd_opt(2023, 1, 10).unwrap());
    let days = s.take_days();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    assert_eq!(days[1].hours[0], 1);
}

#[test]
fn rolling_readings_take_the_highest_8_hour_o3_inside_the_24_hours() {
    let mut s = Series::new(Rules::default());
    let mut last = None;
    // O3 400 for eight hours (labels 02:00-09:00), then 100: the trailing 8-hour mean at
    // 23:00 is 100, the highest inside the 24 hours 400.
    for h in 1..=23u32 {
        let o3 = if (2..=9).contains(&h) { 400 } else { 100 };
        last = Some(s.push(t(20, h), &vals(50, o3)));
    }
    let hs = last.unwrap();
    assert_eq!(hs.o3_8h, Some(Concentration::from_units(100)));
    // Only the windows ending in the last 17 hours (07:00-23:00) lie inside the 24 hours
    // ending 23:00 the way the daily maximum's lie inside a day: 14 valid are needed, and
    // 17 are there; the highest, ending 09:00, is 400.
    assert_eq!(hs.o3_8h_max_24h, Some(Concentration::from_units(400)));
    // 23 valid hours of 24: the 1-hour maximum (HJ 633—2012's daily O3) is there too.
    assert_eq!(hs.o3_1h_max_24h, Some(Concentration::from_units(400)));
    let r = hs.rolling_readings();
    assert_eq!(r.o3_8h, Some(Concentration::from_units(400)));
}

proptest::proptest! {
    /// The sliding sums and window maxima give what summing and scanning the last 24
    /// labels again gives, through missing values, gaps and station means of any count.
    #[test]
    fn sliding_windows_equal_a_fresh_scan(
        hours in proptest::collection::vec(
            (0u32..3, proptest::option::weighted(0.85, (0u64..600_000_000, 1u32..13))),
            1..200,
        )
    ) {
        let rules = Rules::default();
        let mut s = Series::new(rules);
        let mut t = t(1, 1);
        // The values of every label pushed, for the scan.
        let mut all: Vec<Option<Concentration>> = Vec::new();
        let mut o3_8h: Vec<Option<Concentration>> = Vec::new();
        for (skip, v) in hours {
            // Gaps of up to two labels count as missing hours.
            for _ in 0..skip {
                t += TimeDelta::hours(1);
                all.push(None);
                let n = all.len();
                let mut w = ExactSum::default();
                for x in all[n.saturating_sub(8)..].iter().flatten() {
                    w.add(*x);
                }
                o3_8h.push((w.count() >= rules.min_hours_o3_8h).then(|| w.mean()).flatten());
            }
            t += TimeDelta::hours(1);
            let c = v.map(|(n, d)| Concentration::mean_of_micro(n, d).unwrap());
            let mut vals: Values = [None; 7];
            vals[0] = c;
            vals[5] = c;
            let hs = s.push(t, &vals);
            all.push(c);
            let n = all.len();
            let window = &all[n.saturating_sub(24)..];
            let mut sum = ExactSum::default();
            for x in window.iter().flatten() {
                sum.add(*x);
            }
            let want = (sum.count() >= rules.min_hours_24h).then(|| sum.mean()).flatten();
            proptest::prop_assert_eq!(hs.mean_24h[0], want);
            let mut w = ExactSum::default();
            for x in all[n.saturating_sub(8)..].iter().flatten() {
                w.add(*x);
            }
            let want8 = (w.count() >= rules.min_hours_o3_8h).then(|| w.mean()).flatten();
            proptest::prop_assert_eq!(hs.o3_8h, want8);
            o3_8h.push(want8);
            let max = |xs: &[Option<Concentration>], min: u32| {
                let valid: Vec<Concentration> = xs.iter().flatten().copied().collect();
                let m = valid.iter().copied().reduce(|a, b| if b.cmp_exact(a).is_ge() { b } else { a });
                m.filter(|_| valid.len() as u32 >= min)
            };
            proptest::prop_assert_eq!(hs.o3_1h_max_24h, max(window, rules.min_hours_24h));
            let k = o3_8h.len();
            proptest::prop_assert_eq!(
                hs.o3_8h_max_24h,
                max(&o3_8h[k.saturating_sub(17)..], rules.mda8_min_windows)
            );
        }
    }
}
