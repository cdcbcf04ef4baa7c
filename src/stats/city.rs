//! City values from station values: the mean of the city's valid non-control stations, hour by
//! hour and pollutant by pollutant (HJ 663; control points 对照点 excluded). The city AQI is then
//! computed from these means, never as a mean of station AQIs.

use std::collections::BTreeMap;

use super::Rules;
use crate::aqi::Slot;
use crate::ingest::{HourFrame, SiteKind, Sites, Values};
use crate::units::ExactSum;

/// The city values of one hour frame, by city name. Rows that are cities already (the CNEMC
/// city variant, city-level long files) are taken as they are; station rows without a city or
/// marked as control points are left out. The O3 8-hour slot is not averaged: a city's 8-hour
/// O3 is computed from its own hourly O3.
pub fn city_values(frame: &HourFrame, sites: &Sites, rules: &Rules) -> BTreeMap<String, Values> {
    let mut sums: BTreeMap<&str, [ExactSum; 6]> = BTreeMap::new();
    let mut direct: BTreeMap<String, Values> = BTreeMap::new();
    for row in &frame.rows {
        let site = sites.get(row.site);
        match site.kind {
            SiteKind::City => {
                let mut v = row.values;
                v[Slot::O3EightHour as usize] = None;
                direct.insert(site.key.clone(), v);
            }
            SiteKind::Station => {
                let Some(city) = site.city.as_deref().filter(|_| !site.control) else {
                    continue;
                };
                let e = sums.entry(city).or_default();
                for (sum, v) in e.iter_mut().zip(&row.values) {
                    if let Some(v) = v {
                        sum.add(*v);
                    }
                }
            }
        }
    }
    let mut out = direct;
    for (city, sum) in sums {
        if out.contains_key(city) {
            continue;
        }
        let mut v: Values = [None; 7];
        for i in 0..6 {
            if sum[i].count() >= rules.min_stations_city {
                v[i] = sum[i].mean();
            }
        }
        if v.iter().any(Option::is_some) {
            out.insert(city.to_string(), v);
        }
    }
    out
}
