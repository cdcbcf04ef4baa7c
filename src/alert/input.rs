//! From a scenario's forecast table to the hourly grid the classifier reads, and the daily
//! values reported beside the warnings.
//!
//! No threshold is ever compared with a 1-hour value (practice.md 1). A daily row of day D
//! holds for the labels D 01:00 … D+1 00:00 (the day's 24 hours); a range (`180-230`)
//! classifies by the rule set's bound (the upper one by default, "按空气质量预报结果上限").
//! Hourly rows are first turned into the daily AQI the rule set's basis asks for: the
//! natural day's, or the rolling 24 hours ending at each hour, with at least 20 valid hours
//! (GB 3095 表4). Hourly PM2.5 is averaged and then scored on the 24-hour table; hourly AQI,
//! which carries no concentrations, is averaged as the plans write it ("AQI日均值"), exactly,
//! rounded up as the index is.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::Cause;
use super::grid::{Grid, Hour};
use super::rules::{Basis, RangeBound, RuleSet};
use super::{City, ForecastRow, ForecastTable, Quantity, Resolution};
use crate::aqi::{AqiOptions, Period, Readings, Slot, StandardChoice, score};
use crate::stats::series::day_of;
use crate::units::{Concentration, ExactSum};

/// Valid hours a daily value from hourly rows needs (GB 3095—2026 表4).
const MIN_HOURS: u32 = 20;

/// One area-day of `daily.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyValue {
    /// City.
    pub city: String,
    /// County, for a county's own values.
    pub county: Option<String>,
    /// Natural day.
    pub date: NaiveDate,
    /// The day's AQI (the classifying value of a daily forecast).
    pub aqi: Option<u16>,
    /// Primary pollutants, `;`-joined.
    pub primary: String,
    /// The value as published (`180-230`), for forecasts.
    pub published: String,
}

/// The classifying value of a range.
pub fn bound(low: u32, high: u32, b: RangeBound) -> u32 {
    match b {
        RangeBound::Upper => high,
        RangeBound::Lower => low,
        RangeBound::Middle => (low + high).div_ceil(2),
    }
}

/// The IAQI of a PM2.5 concentration on the 24-hour table.
fn pm25_iaqi(c: Concentration, date: NaiveDate, standard: StandardChoice) -> Option<u16> {
    let r = Readings {
        pm25: Some(c),
        ..Readings::default()
    };
    score(
        &r,
        Period::Day,
        standard.for_date(date),
        &AqiOptions::default(),
    )
    .iaqi(Slot::Pm25)
    .map(|a| a.value())
}

fn published(r: &ForecastRow) -> String {
    if r.low == r.high {
        r.low.to_string()
    } else {
        format!("{}-{}", r.low, r.high)
    }
}

/// The labels a row covers.
fn labels(r: &ForecastRow, res: Resolution) -> Vec<NaiveDateTime> {
    match res {
        Resolution::Hourly => vec![r.time],
        Resolution::Daily => (1..=24).map(|h| r.time + TimeDelta::hours(h)).collect(),
    }
}

/// The areas of the scenario: each city (county `None`), then each city's counties.
fn areas(cities: &[City]) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> =
        cities.iter().map(|c| (c.name.clone(), None)).collect();
    for c in cities {
        out.extend(
            c.counties
                .iter()
                .map(|k| (c.name.clone(), Some(k.name.clone()))),
        );
    }
    out
}

/// One hour of an hourly table: the classifying value, primary, cause, publication.
#[derive(Clone, Copy, Debug, Default)]
struct Raw {
    value: Option<u32>,
    primary: Option<Slot>,
    cause: Option<Cause>,
    issued: Option<NaiveDateTime>,
}

/// The hours whose mean is the daily value at each hour: the rolling 24 hours ending at it,
/// or its natural day (within the grid).
fn window(grid: &Grid, t: usize, basis: Basis) -> Range<usize> {
    match basis {
        Basis::Rolling24 => (t + 1).saturating_sub(24)..t + 1,
        Basis::Daily => {
            let d = day_of(grid.label(t));
            let mut a = t;
            while a > 0 && day_of(grid.label(a - 1)) == d {
                a -= 1;
            }
            let mut b = t + 1;
            while b < grid.len && day_of(grid.label(b)) == d {
                b += 1;
            }
            a..b
        }
    }
}

/// The primary pollutant of a window: the one with the largest summed AQI over the hours it
/// is primary in; the cause: one carried by more than half of the valid hours.
fn window_meta(hours: &[Raw]) -> (Option<Slot>, Option<Cause>) {
    let mut by_slot: Vec<(Slot, u64)> = Vec::new();
    let mut by_cause: Vec<(Cause, u32)> = Vec::new();
    let mut valid = 0u32;
    for h in hours {
        let Some(v) = h.value else { continue };
        valid += 1;
        if let Some(p) = h.primary {
            match by_slot.iter_mut().find(|(s, _)| *s == p) {
                Some(e) => e.1 += u64::from(v),
                None => by_slot.push((p, u64::from(v))),
            }
        }
        if let Some(c) = h.cause {
            match by_cause.iter_mut().find(|(x, _)| *x == c) {
                Some(e) => e.1 += 1,
                None => by_cause.push((c, 1)),
            }
        }
    }
    let primary = by_slot
        .iter()
        .fold(None::<(Slot, u64)>, |best, &(s, w)| match best {
            Some((_, bw)) if bw >= w => best,
            _ => Some((s, w)),
        })
        .map(|(s, _)| s);
    let cause = by_cause
        .iter()
        .find(|(_, n)| n * 2 > valid)
        .map(|(c, _)| *c);
    (primary, cause)
}

/// The daily value of a window of hourly values with at least 20 valid hours: the exact mean
/// AQI rounded up, or the PM2.5 IAQI of the mean concentration.
fn window_value(
    hours: &[Raw],
    quantity: Quantity,
    date: NaiveDate,
    standard: StandardChoice,
) -> Option<u16> {
    let vals: Vec<u32> = hours.iter().filter_map(|h| h.value).collect();
    if (vals.len() as u32) < MIN_HOURS {
        return None;
    }
    match quantity {
        Quantity::Aqi => {
            let sum: u64 = vals.iter().map(|&v| u64::from(v)).sum();
            Some(sum.div_ceil(vals.len() as u64).min(500) as u16)
        }
        Quantity::Pm25 => {
            let mut s = ExactSum::default();
            for v in vals {
                s.add(Concentration::from_units(v));
            }
            s.mean().and_then(|m| pm25_iaqi(m, date, standard))
        }
    }
}

/// The grid and daily values of a forecast table. `cities` are the scenario's, with their
/// counties; a county without rows of its own gets an empty series (it follows its city).
pub fn from_forecast(
    table: &ForecastTable,
    cities: &[City],
    rules: &RuleSet,
    standard: StandardChoice,
) -> (Grid, Vec<DailyValue>) {
    let names: Vec<String> = cities.iter().map(|c| c.name.clone()).collect();
    let all: Vec<NaiveDateTime> = table
        .rows
        .iter()
        .flat_map(|r| labels(r, table.resolution))
        .collect();
    let (Some(&first), Some(&last)) = (all.iter().min(), all.iter().max()) else {
        return (Grid::new(NaiveDateTime::MIN, 0, &names), Vec::new());
    };
    let len = (last - first).num_hours() as usize + 1;
    let mut grid = Grid::new(first, len, &names);
    grid.basis = match table.resolution {
        Resolution::Daily => Basis::Daily,
        Resolution::Hourly => rules.basis,
    };
    grid.counties = Grid::county_rows(cities);
    let mut daily = Vec::new();
    let b = rules.range_bound;
    let issued_of = |r: &ForecastRow| r.issued.or(table.issued);
    let any_issued = table.rows.iter().any(|r| issued_of(r).is_some());
    for (city, county) in areas(cities) {
        let rows: Vec<&ForecastRow> = table
            .rows
            .iter()
            .filter(|r| r.city == city && r.county == county)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut hours = vec![Hour::default(); len];
        let mut pub_at: Vec<Option<NaiveDateTime>> = if any_issued {
            vec![None; len]
        } else {
            Vec::new()
        };
        match table.resolution {
            Resolution::Daily => {
                for r in &rows {
                    let v = bound(r.low, r.high, b);
                    let aqi = match table.quantity {
                        Quantity::Aqi => Some(v.min(500) as u16),
                        Quantity::Pm25 => {
                            pm25_iaqi(Concentration::from_units(v), r.time.date(), standard)
                        }
                    };
                    for l in labels(r, Resolution::Daily) {
                        let i = (l - first).num_hours() as usize;
                        hours[i] = Hour {
                            aqi,
                            primary: r.primary,
                            cause: r.cause,
                        };
                        if any_issued {
                            pub_at[i] = issued_of(r);
                        }
                    }
                    daily.push(DailyValue {
                        city: city.clone(),
                        county: county.clone(),
                        date: r.time.date(),
                        aqi,
                        primary: r.primary.map_or(String::new(), |s| s.name().to_string()),
                        published: published(r),
                    });
                }
            }
            Resolution::Hourly => {
                let mut raw = vec![Raw::default(); len];
                for r in &rows {
                    let i = (r.time - first).num_hours() as usize;
                    let v = bound(r.low, r.high, b);
                    raw[i] = Raw {
                        value: Some(match table.quantity {
                            Quantity::Aqi => v.min(500),
                            Quantity::Pm25 => v,
                        }),
                        primary: r.primary.or(match table.quantity {
                            Quantity::Pm25 => Some(Slot::Pm25),
                            Quantity::Aqi => None,
                        }),
                        cause: r.cause,
                        issued: issued_of(r),
                    };
                }
                for (t, h) in hours.iter_mut().enumerate() {
                    let w = &raw[window(&grid, t, grid.basis)];
                    let (primary, cause) = window_meta(w);
                    *h = Hour {
                        aqi: window_value(w, table.quantity, day_of(grid.label(t)), standard),
                        primary,
                        cause,
                    };
                    if any_issued {
                        pub_at[t] = w.iter().filter_map(|x| x.issued).max();
                    }
                }
                // The natural days for `daily.csv`.
                let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
                for i in 0..len {
                    by_day.entry(day_of(grid.label(i))).or_default().push(i);
                }
                for (date, idx) in by_day {
                    let w = &raw[idx[0]..idx[idx.len() - 1] + 1];
                    if w.iter().all(|x| x.value.is_none()) {
                        continue;
                    }
                    let aqi = window_value(w, table.quantity, date, standard);
                    let primary = window_meta(w).0;
                    daily.push(DailyValue {
                        city: city.clone(),
                        county: county.clone(),
                        date,
                        aqi,
                        primary: match (aqi, primary) {
                            (Some(_), Some(p)) => p.name().to_string(),
                            _ => String::new(),
                        },
                        published: String::new(),
                    });
                }
            }
        }
        if let Some(s) = grid.area_mut(&city, county.as_deref()) {
            s.hours = hours;
            s.published = pub_at;
        }
    }
    sort_daily(&mut daily, cities);
    (grid, daily)
}

/// Sorts daily values by city in scenario order (its counties after it), then date.
pub fn sort_daily(daily: &mut [DailyValue], cities: &[City]) {
    let pos = |d: &DailyValue| {
        let ci = cities.iter().position(|x| x.name == d.city);
        let k = d
            .county
            .as_ref()
            .and_then(|k| ci.and_then(|ci| cities[ci].counties.iter().position(|x| &x.name == k)));
        (ci.unwrap_or(usize::MAX), k.map_or(0, |k| k + 1))
    };
    daily.sort_by_key(|a| (pos(a), a.date));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(values: &[u32]) -> Vec<Raw> {
        values
            .iter()
            .map(|&v| Raw {
                value: Some(v),
                ..Raw::default()
            })
            .collect()
    }

    #[test]
    fn hourly_aqi_becomes_a_daily_mean_rounded_up() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let s = StandardChoice::Auto;
        // One hour at 300 and 23 at 100: (300 + 2300) / 24 = 108.3, up to 109.
        let mut v = vec![100; 23];
        v.push(300);
        assert_eq!(window_value(&raw(&v), Quantity::Aqi, d, s), Some(109));
        // 19 valid hours are not a day.
        assert_eq!(window_value(&raw(&[250; 19]), Quantity::Aqi, d, s), None);
        assert_eq!(
            window_value(&raw(&[201; 20]), Quantity::Aqi, d, s),
            Some(201)
        );
    }

    #[test]
    fn a_window_s_primary_is_the_pollutant_with_the_most_aqi() {
        let mut w = raw(&[100, 100, 300]);
        w[0].primary = Some(Slot::Pm25);
        w[1].primary = Some(Slot::Pm25);
        w[2].primary = Some(Slot::O3);
        w[2].cause = Some(Cause::Dust);
        assert_eq!(window_meta(&w), (Some(Slot::O3), None));
        w[1].cause = Some(Cause::Dust);
        assert_eq!(window_meta(&w).1, Some(Cause::Dust));
    }
}
