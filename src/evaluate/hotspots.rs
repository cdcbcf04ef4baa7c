//! High-value hotspots (快速消除污染高值热点): stations that stand above their city's other
//! stations, which the province's plan asks bureaus to find and remove fast (issue 15;
//! practice.md 6 on checking the response).
//!
//! A station-hour is hot when its 1-hour concentration of a pollutant is at least
//! [`HotspotConfig::ratio`] times the median of its city's non-control stations that hour
//! (the median of at least [`HotspotConfig::min_stations`] stations with a value, the station
//! itself included); a hotspot is a run of at least [`HotspotConfig::min_hours`] consecutive
//! hot hours. The defaults (1.5x, 3 hours, 3 stations, PM2.5 and PM10) are the example
//! values: UNVERIFIED, no published definition was found.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDateTime, TimeDelta};

use crate::Error;
use crate::aqi::Slot;
use crate::ingest::{FrameStream, ReadOptions, SiteKind, StationList};

/// The hotspot thresholds.
#[derive(Clone, Debug, PartialEq)]
pub struct HotspotConfig {
    /// Times the city median a station must reach (default 1.5, UNVERIFIED).
    pub ratio: f64,
    /// Consecutive hours (default 3, UNVERIFIED).
    pub min_hours: u32,
    /// Stations with a value the city needs that hour for a median (default 3).
    pub min_stations: usize,
    /// Pollutants looked at (default PM2.5 and PM10).
    pub pollutants: Vec<Slot>,
}

impl Default for HotspotConfig {
    fn default() -> Self {
        HotspotConfig {
            ratio: 1.5,
            min_hours: 3,
            min_stations: 3,
            pollutants: vec![Slot::Pm25, Slot::Pm10],
        }
    }
}

/// One station's 1-hour value of one pollutant.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// Hour-ending label.
    pub time: NaiveDateTime,
    /// City.
    pub city: String,
    /// Station.
    pub station: String,
    /// Pollutant.
    pub pollutant: Slot,
    /// Concentration (ug/m3; CO mg/m3).
    pub value: f64,
}

/// One hotspot.
#[derive(Clone, Debug, PartialEq)]
pub struct Hotspot {
    /// City.
    pub city: String,
    /// Station.
    pub station: String,
    /// Pollutant.
    pub pollutant: Slot,
    /// First hour's label.
    pub first: NaiveDateTime,
    /// Last hour's label.
    pub last: NaiveDateTime,
    /// Hours.
    pub hours: u32,
    /// Highest value.
    pub max_value: f64,
    /// Highest ratio to the city median.
    pub max_ratio: f64,
    /// Mean excess over the median.
    pub mean_excess: f64,
}

/// A hot hour: label, value, city median.
type HotHour = (NaiveDateTime, f64, f64);

/// The median of values (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The hotspots of `readings`, by city, station, pollutant, then time.
pub fn find(readings: &[Reading], cfg: &HotspotConfig) -> Vec<Hotspot> {
    // (pollutant, city, time) -> the stations' values.
    let mut by_hour: BTreeMap<(Slot, &str, NaiveDateTime), Vec<f64>> = BTreeMap::new();
    for r in readings {
        by_hour
            .entry((r.pollutant, &r.city, r.time))
            .or_default()
            .push(r.value);
    }
    let medians: BTreeMap<(Slot, &str, NaiveDateTime), f64> = by_hour
        .into_iter()
        .filter(|(_, v)| v.len() >= cfg.min_stations)
        .map(|(k, mut v)| (k, median(&mut v)))
        .collect();
    // (city, station, pollutant) -> hot hours: (time, value, median).
    let mut hot: BTreeMap<(&str, &str, Slot), Vec<HotHour>> = BTreeMap::new();
    for r in readings {
        let Some(&m) = medians.get(&(r.pollutant, r.city.as_str(), r.time)) else {
            continue;
        };
        // A margin far below any instrument's resolution: a value at exactly 1.5x is hot.
        if m > 0.0 && r.value >= cfg.ratio * m - 1e-9 {
            hot.entry((&r.city, &r.station, r.pollutant))
                .or_default()
                .push((r.time, r.value, m));
        }
    }
    let mut out = Vec::new();
    for ((city, station, pollutant), mut hours) in hot {
        hours.sort_by_key(|h| h.0);
        let mut start = 0;
        for i in 1..=hours.len() {
            let breaks = i == hours.len() || hours[i].0 - hours[i - 1].0 != TimeDelta::hours(1);
            if !breaks {
                continue;
            }
            let run = &hours[start..i];
            if run.len() as u32 >= cfg.min_hours {
                out.push(Hotspot {
                    city: city.to_string(),
                    station: station.to_string(),
                    pollutant,
                    first: run[0].0,
                    last: run[run.len() - 1].0,
                    hours: run.len() as u32,
                    max_value: run.iter().map(|h| h.1).fold(f64::MIN, f64::max),
                    max_ratio: run.iter().map(|h| h.1 / h.2).fold(f64::MIN, f64::max),
                    mean_excess: run.iter().map(|h| h.1 - h.2).sum::<f64>() / run.len() as f64,
                });
            }
            start = i;
        }
    }
    out
}

/// Each station's mean PM2.5 over the readings, scored on the 24-hour table (HJ 633, the
/// standard of the first reading's date): the colour of the station map. By city, station.
pub fn station_aqi(readings: &[Reading]) -> Vec<(String, String, Option<u16>)> {
    let mut sums: BTreeMap<(&str, &str), (f64, usize, NaiveDateTime)> = BTreeMap::new();
    for r in readings.iter().filter(|r| r.pollutant == Slot::Pm25) {
        let e = sums
            .entry((&r.city, &r.station))
            .or_insert((0.0, 0, r.time));
        e.0 += r.value;
        e.1 += 1;
        e.2 = e.2.min(r.time);
    }
    let mut out: Vec<(String, String, Option<u16>)> = sums
        .into_iter()
        .map(|((c, s), (sum, n, first))| {
            let mean = (sum / n as f64).round().max(0.0) as u32;
            let r = crate::aqi::Readings {
                pm25: Some(crate::units::Concentration::from_units(mean)),
                ..crate::aqi::Readings::default()
            };
            let standard = crate::aqi::Standard::for_hour_ending(first);
            let aqi = crate::aqi::score(
                &r,
                crate::aqi::Period::Day,
                standard,
                &crate::aqi::AqiOptions::default(),
            )
            .iaqi(Slot::Pm25)
            .map(|a| a.value());
            (c.to_string(), s.to_string(), aqi)
        })
        .collect();
    // Stations with only PM10 still belong on the map, uncoloured.
    for r in readings {
        if !out.iter().any(|(c, s, _)| *c == r.city && *s == r.station) {
            out.push((r.city.clone(), r.station.clone(), None));
        }
    }
    out.sort();
    out
}

/// The 1-hour station values of `cities` (non-control stations) in the observation files.
pub fn read(
    paths: &[PathBuf],
    stations: Option<StationList>,
    opts: ReadOptions,
    cities: &[String],
    cfg: &HotspotConfig,
) -> Result<Vec<Reading>, Error> {
    let mut stream = FrameStream::open(paths, stations, opts);
    let mut out = Vec::new();
    while let Some(frame) = stream.next_frame() {
        for row in &frame.rows {
            let site = stream.sites.get(row.site);
            let Some(city) = site.city.as_ref().filter(|c| cities.contains(c)) else {
                continue;
            };
            if site.kind != SiteKind::Station || site.control {
                continue;
            }
            for &p in &cfg.pollutants {
                if let Some(v) = row.values[p as usize] {
                    out.push(Reading {
                        time: frame.time,
                        city: city.clone(),
                        station: site.key.clone(),
                        pollutant: p,
                        value: v.as_f64(),
                    });
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2023, 1, 22)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    /// Three stations of 临汾 over `hot.len()` hours: A and B at 100, C at `hot[i]`.
    fn readings(hot: &[f64]) -> Vec<Reading> {
        let mut out = Vec::new();
        for (i, &c) in hot.iter().enumerate() {
            for (s, v) in [("A", 100.0), ("B", 100.0), ("C", c)] {
                out.push(Reading {
                    time: t(i as u32 + 1),
                    city: "临汾".into(),
                    station: s.into(),
                    pollutant: Slot::Pm25,
                    value: v,
                });
            }
        }
        out
    }

    #[test]
    fn a_hotspot_at_its_threshold_and_one_just_below() {
        let cfg = HotspotConfig::default();
        // The median of 100, 100, 150 is 100: 150 is exactly 1.5x, for 3 hours: a hotspot.
        let h = find(&readings(&[150.0, 150.0, 150.0]), &cfg);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].station.as_str(), h[0].hours), ("C", 3));
        assert_eq!((h[0].first, h[0].last), (t(1), t(3)));
        assert_eq!((h[0].max_ratio, h[0].mean_excess), (1.5, 50.0));
        // 149 is 1.49x: no hotspot.
        assert!(find(&readings(&[150.0, 149.0, 150.0]), &cfg).is_empty());
        // 1.5x for 2 hours only: no hotspot.
        assert!(find(&readings(&[150.0, 150.0, 100.0]), &cfg).is_empty());
        // Two stations only: no median to compare with.
        let two: Vec<Reading> = readings(&[300.0; 3])
            .into_iter()
            .filter(|r| r.station != "B")
            .collect();
        assert!(find(&two, &cfg).is_empty());
    }
}

#[cfg(test)]
mod real_data {
    use super::*;

    /// The Shanxi stations of the CNEMC archive on 2023-01-22 (the heavy day in 临汾 and
    /// 运城): read in place from `../shared/data`, skipped when absent.
    #[test]
    fn shanxi_hotspots_on_2023_01_22() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
        let file = root.join("shanxi_subsets/shanxi_sites_20230122.csv");
        let list = root.join("station_list/NewSiteList.utf8.csv");
        if !file.exists() || !list.exists() {
            eprintln!("skipped: {} is absent", file.display());
            return;
        }
        let stations = crate::ingest::station_list(Some(&list)).unwrap();
        let cities: Vec<String> = [
            "太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect();
        let cfg = HotspotConfig::default();
        let readings = read(&[file], stations, ReadOptions::default(), &cities, &cfg).unwrap();
        assert!(readings.len() > 1000, "{}", readings.len());
        let found = find(&readings, &cfg);
        for h in &found {
            eprintln!(
                "{} {} {} {}..{} {} h max {:.0} x{:.2}",
                h.city,
                h.station,
                h.pollutant.name(),
                h.first,
                h.last,
                h.hours,
                h.max_value,
                h.max_ratio
            );
        }
        // Every hotspot holds its definition; ten on that day (the Spring Festival night's
        // fireworks), the longest 太原 1085A's PM10, 10 hours up to 4.76x the city median.
        assert!(found.iter().all(|h| h.hours >= 3 && h.max_ratio >= 1.5));
        assert_eq!(found.len(), 10);
        let longest = found.iter().max_by_key(|h| h.hours).unwrap();
        assert_eq!(
            (
                longest.city.as_str(),
                longest.station.as_str(),
                longest.pollutant,
                longest.hours
            ),
            ("太原", "1085A", Slot::Pm10, 10)
        );
    }
}
