//! From a scenario's forecast table to the hourly grid the classifier reads, and the daily
//! values reported beside the warnings.
//!
//! A daily row of day D holds for the labels D 01:00 … D+1 00:00 (the day's 24 hours). A
//! range (`180-230`) classifies by the rule set's bound. PM2.5 forecasts are scored on the
//! 24-hour table: hourly PM2.5 is first averaged over the rolling 24 hours (rolling basis) or
//! the natural day (daily basis), with at least 20 valid hours. Hourly AQI forecasts are taken
//! as the series to classify as they are (a forecaster's hourly AQI is already the quantity the
//! thresholds are written for).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::grid::{Grid, Hour};
use super::rules::{Basis, RangeBound, RuleSet};
use crate::aqi::{AqiOptions, Period, Readings, Slot, StandardChoice, score};
use crate::scenario::{ForecastRow, ForecastTable, Quantity, Resolution};
use crate::stats::series::day_of;
use crate::units::{Concentration, ExactSum};

/// One city-day of `daily.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyValue {
    /// City.
    pub city: String,
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

/// The grid and daily values of a forecast table.
pub fn from_forecast(
    table: &ForecastTable,
    cities: &[String],
    rules: &RuleSet,
    standard: StandardChoice,
) -> (Grid, Vec<DailyValue>) {
    let all: Vec<NaiveDateTime> = table
        .rows
        .iter()
        .flat_map(|r| labels(r, table.resolution))
        .collect();
    let (Some(&first), Some(&last)) = (all.iter().min(), all.iter().max()) else {
        return (Grid::new(NaiveDateTime::MIN, 0, cities), Vec::new());
    };
    let len = (last - first).num_hours() as usize + 1;
    let mut grid = Grid::new(first, len, cities);
    let mut daily = Vec::new();
    let b = rules.range_bound;
    match (table.resolution, table.quantity) {
        (Resolution::Daily, q) => {
            for r in &table.rows {
                let v = bound(r.low, r.high, b);
                let aqi = match q {
                    Quantity::Aqi => Some(v.min(500) as u16),
                    Quantity::Pm25 => {
                        pm25_iaqi(Concentration::from_units(v), r.time.date(), standard)
                    }
                };
                if let Some(c) = grid.city_mut(&r.city) {
                    for l in labels(r, Resolution::Daily) {
                        let i = (l - first).num_hours() as usize;
                        c.hours[i] = Hour {
                            aqi,
                            primary: r.primary,
                            cause: r.cause,
                        };
                    }
                }
                daily.push(DailyValue {
                    city: r.city.clone(),
                    date: r.time.date(),
                    aqi,
                    primary: r.primary.map_or(String::new(), |s| s.name().to_string()),
                    published: published(r),
                });
            }
        }
        (Resolution::Hourly, Quantity::Aqi) => {
            let mut days: BTreeMap<(String, NaiveDate), (u16, Option<Slot>)> = BTreeMap::new();
            for r in &table.rows {
                let v = bound(r.low, r.high, b).min(500) as u16;
                if let Some(c) = grid.city_mut(&r.city) {
                    let i = (r.time - first).num_hours() as usize;
                    c.hours[i] = Hour {
                        aqi: Some(v),
                        primary: r.primary,
                        cause: r.cause,
                    };
                }
                let e = days
                    .entry((r.city.clone(), day_of(r.time)))
                    .or_insert((0, None));
                if v >= e.0 {
                    *e = (v, r.primary);
                }
            }
            for ((city, date), (v, p)) in days {
                daily.push(DailyValue {
                    city,
                    date,
                    aqi: Some(v),
                    primary: p.map_or(String::new(), |s| s.name().to_string()),
                    published: String::new(),
                });
            }
        }
        (Resolution::Hourly, Quantity::Pm25) => {
            hourly_pm25(table, &mut grid, &mut daily, rules, standard);
        }
    }
    sort_daily(&mut daily, cities);
    (grid, daily)
}

/// Hourly PM2.5: rolling or natural-day means with >= 20 valid hours, then the IAQI.
fn hourly_pm25(
    table: &ForecastTable,
    grid: &mut Grid,
    daily: &mut Vec<DailyValue>,
    rules: &RuleSet,
    standard: StandardChoice,
) {
    let b = rules.range_bound;
    let first = grid.start;
    for ci in 0..grid.cities.len() {
        let city = grid.cities[ci].city.clone();
        let mut conc: Vec<Option<u32>> = vec![None; grid.len];
        let mut meta: Vec<(Option<Slot>, Option<super::Cause>)> = vec![(None, None); grid.len];
        for r in table.rows.iter().filter(|r| r.city == city) {
            let i = (r.time - first).num_hours() as usize;
            conc[i] = Some(bound(r.low, r.high, b));
            meta[i] = (r.primary, r.cause);
        }
        let mean = |range: std::ops::Range<usize>| {
            let mut s = ExactSum::default();
            for v in conc[range].iter().flatten() {
                s.add(Concentration::from_units(*v));
            }
            (s.count() >= 20).then(|| s.mean()).flatten()
        };
        // Natural days.
        let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for i in 0..grid.len {
            by_day.entry(day_of(grid.label(i))).or_default().push(i);
        }
        for (date, idx) in &by_day {
            let (a, z) = (idx[0], idx[idx.len() - 1] + 1);
            let aqi = mean(a..z).and_then(|m| pm25_iaqi(m, *date, standard));
            if conc[a..z].iter().any(Option::is_some) {
                daily.push(DailyValue {
                    city: city.clone(),
                    date: *date,
                    aqi,
                    primary: aqi.map_or(String::new(), |_| "PM2.5".into()),
                    published: String::new(),
                });
            }
            if rules.basis == Basis::Daily {
                for &i in idx {
                    grid.cities[ci].hours[i] = Hour {
                        aqi,
                        primary: meta[i].0.or(Some(Slot::Pm25)),
                        cause: meta[i].1,
                    };
                }
            }
        }
        if rules.basis == Basis::Rolling24 {
            for (i, (primary, cause)) in meta.iter().enumerate() {
                let a = i.saturating_sub(23);
                let aqi = mean(a..i + 1).and_then(|m| pm25_iaqi(m, grid.label(i).date(), standard));
                grid.cities[ci].hours[i] = Hour {
                    aqi,
                    primary: primary.or(Some(Slot::Pm25)),
                    cause: *cause,
                };
            }
        }
    }
}

/// Sorts daily values by city in scenario order, then date.
pub fn sort_daily(daily: &mut [DailyValue], cities: &[String]) {
    let pos = |c: &str| cities.iter().position(|x| x == c).unwrap_or(usize::MAX);
    daily.sort_by_key(|a| (pos(&a.city), a.date));
}
