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

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::aqi::Slot;
use crate::ingest::{Site, SiteKind, Values};

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

/// Which station-hours are looked at: the non-control stations of some cities (all cities
/// when empty), over some days (natural days of labels, 01:00 to the next 00:00; all when
/// `None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// Cities; every city with stations when empty.
    pub cities: Vec<String>,
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
}

impl Scope {
    fn takes(&self, time: NaiveDateTime, city: &str) -> bool {
        let day = crate::stats::series::day_of(time);
        (self.cities.is_empty() || self.cities.iter().any(|c| c == city))
            && self.from.is_none_or(|f| day >= f)
            && self.to.is_none_or(|t| day <= t)
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

/// What a hotspot search finds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hotspots {
    /// The hotspots, by city, station, pollutant, then time.
    pub found: Vec<Hotspot>,
    /// Each station's period-mean PM2.5 IAQI (city, station code, IAQI; `None` for a station
    /// without PM2.5), by city then station: the colour of the station map.
    pub station_aqi: Vec<(String, String, Option<u16>)>,
    /// The thresholds used.
    pub config: HotspotConfig,
    /// Station-hours looked at.
    pub station_hours: u64,
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

/// A station's city and code, interned (cloned every hour).
type Names = (Arc<str>, Arc<str>);

/// A station's values of an hour: city, station, one per pollutant of the config.
type StationHour = (Arc<str>, Arc<str>, Vec<Option<f64>>);

/// A station's PM2.5 sum, count and first label (the standard of its IAQI).
type PmSum = (f64, usize, Option<NaiveDateTime>);

/// The hotspot search, hour by hour: each hour's station values are compared with their
/// city's median when the next hour comes, and only the hot hours and a PM2.5 sum per station
/// are kept, so memory is bounded by the stations, not the hours.
#[derive(Debug)]
pub struct Finder {
    cfg: HotspotConfig,
    scope: Scope,
    /// Interned names: (city, station) of a site key.
    names: HashMap<String, Names>,
    hour: Option<NaiveDateTime>,
    /// This hour's values: city, station, one per pollutant of the config.
    current: Vec<StationHour>,
    hot: BTreeMap<(Arc<str>, Arc<str>, Slot), Vec<HotHour>>,
    means: BTreeMap<(Arc<str>, Arc<str>), PmSum>,
    station_hours: u64,
    /// A buffer for the medians.
    scratch: Vec<f64>,
}

impl Finder {
    /// A search with these thresholds over these station-hours.
    pub fn new(cfg: &HotspotConfig, scope: Scope) -> Finder {
        Finder {
            cfg: cfg.clone(),
            scope,
            names: HashMap::new(),
            hour: None,
            current: Vec::new(),
            hot: BTreeMap::new(),
            means: BTreeMap::new(),
            station_hours: 0,
            scratch: Vec::new(),
        }
    }

    /// One station's values of one hour; hours come in time order. Sites other than
    /// non-control stations with a city are passed over.
    pub fn site_hour(&mut self, time: NaiveDateTime, site: &Site, values: &Values) {
        if site.kind != SiteKind::Station || site.control {
            return;
        }
        let Some(city) = site.city.as_deref() else {
            return;
        };
        if !self.scope.takes(time, city) {
            return;
        }
        let (city, station) = self
            .names
            .entry(site.key.clone())
            .or_insert_with(|| (Arc::from(city), Arc::from(site.key.as_str())))
            .clone();
        let v: Vec<Option<f64>> = self
            .cfg
            .pollutants
            .iter()
            .map(|&p| values[p as usize].map(|c| c.as_f64()))
            .collect();
        self.take(time, city, station, v);
    }

    fn take(
        &mut self,
        time: NaiveDateTime,
        city: Arc<str>,
        station: Arc<str>,
        v: Vec<Option<f64>>,
    ) {
        if self.hour != Some(time) {
            self.settle();
            self.hour = Some(time);
        }
        if v.iter().all(Option::is_none) {
            return;
        }
        self.station_hours += 1;
        let pm25 = self.cfg.pollutants.iter().position(|&p| p == Slot::Pm25);
        let e = self
            .means
            .entry((Arc::clone(&city), Arc::clone(&station)))
            .or_insert((0.0, 0, None));
        if let Some(x) = pm25.and_then(|i| v[i]) {
            e.0 += x;
            e.1 += 1;
            e.2.get_or_insert(time);
        }
        self.current.push((city, station, v));
    }

    /// Compares the hour's values with their city's median.
    fn settle(&mut self) {
        let Some(time) = self.hour else { return };
        let mut current = std::mem::take(&mut self.current);
        // A city's stations together, in a fixed order whatever the order of the files.
        current.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for city in current.chunk_by(|a, b| a.0 == b.0) {
            for (i, &p) in self.cfg.pollutants.iter().enumerate() {
                self.scratch.clear();
                self.scratch.extend(city.iter().filter_map(|r| r.2[i]));
                if self.scratch.len() < self.cfg.min_stations {
                    continue;
                }
                let m = median(&mut self.scratch);
                for (c, s, v) in city {
                    let Some(x) = v[i] else { continue };
                    // A margin far below any instrument's resolution: a value at exactly 1.5x
                    // is hot.
                    if m > 0.0 && x >= self.cfg.ratio * m - 1e-9 {
                        self.hot
                            .entry((Arc::clone(c), Arc::clone(s), p))
                            .or_default()
                            .push((time, x, m));
                    }
                }
            }
        }
        current.clear();
        self.current = current;
    }

    /// The hotspots and the stations' period means.
    pub fn finish(mut self) -> Hotspots {
        self.settle();
        let mut found = Vec::new();
        for ((city, station, pollutant), hours) in &self.hot {
            // Hours come in time order: a run is a stretch of consecutive labels.
            for run in hours.chunk_by(|a, b| b.0 - a.0 == TimeDelta::hours(1)) {
                if (run.len() as u32) < self.cfg.min_hours {
                    continue;
                }
                found.push(Hotspot {
                    city: city.to_string(),
                    station: station.to_string(),
                    pollutant: *pollutant,
                    first: run[0].0,
                    last: run[run.len() - 1].0,
                    hours: run.len() as u32,
                    max_value: run.iter().map(|h| h.1).fold(f64::MIN, f64::max),
                    max_ratio: run.iter().map(|h| h.1 / h.2).fold(f64::MIN, f64::max),
                    mean_excess: run.iter().map(|h| h.1 - h.2).sum::<f64>() / run.len() as f64,
                });
            }
        }
        let station_aqi = self
            .means
            .iter()
            .map(|((c, s), &(sum, n, first))| {
                let aqi = first.and_then(|first| pm25_iaqi(sum / n as f64, first));
                (c.to_string(), s.to_string(), aqi)
            })
            .collect();
        Hotspots {
            found,
            station_aqi,
            config: self.cfg,
            station_hours: self.station_hours,
        }
    }
}

/// A mean PM2.5 scored on the 24-hour table (HJ 633, the standard of the first reading's
/// date).
fn pm25_iaqi(mean: f64, first: NaiveDateTime) -> Option<u16> {
    let mean = mean.round().max(0.0) as u32;
    let r = crate::aqi::Readings {
        pm25: Some(crate::units::Concentration::from_units(mean)),
        ..crate::aqi::Readings::default()
    };
    let standard = crate::aqi::Standard::for_hour_ending(first);
    crate::aqi::score(
        &r,
        crate::aqi::Period::Day,
        standard,
        &crate::aqi::AqiOptions::default(),
    )
    .iaqi(Slot::Pm25)
    .map(|a| a.value())
}

/// The hotspots of `readings` (in any order), by city, station, pollutant, then time.
pub fn find(readings: &[Reading], cfg: &HotspotConfig) -> Hotspots {
    let mut sorted: Vec<&Reading> = readings.iter().collect();
    sorted.sort_by_key(|r| r.time);
    let mut f = Finder::new(cfg, Scope::default());
    let mut names: HashMap<(&str, &str), Names> = HashMap::new();
    for hour in sorted.chunk_by(|a, b| a.time == b.time) {
        // One station's pollutants together.
        let mut stations: BTreeMap<(&str, &str), Vec<Option<f64>>> = BTreeMap::new();
        for r in hour {
            let Some(i) = cfg.pollutants.iter().position(|&p| p == r.pollutant) else {
                continue;
            };
            stations
                .entry((&r.city, &r.station))
                .or_insert_with(|| vec![None; cfg.pollutants.len()])[i] = Some(r.value);
        }
        for ((c, s), v) in stations {
            let (c, s) = names
                .entry((c, s))
                .or_insert_with(|| (Arc::from(c), Arc::from(s)))
                .clone();
            f.take(hour[0].time, c, s, v);
        }
    }
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label `h` hours after midnight of 2023-01-22.
    fn t(h: u32) -> NaiveDateTime {
        let midnight: NaiveDateTime = NaiveDate::from_ymd_opt(2023, 1, 22).unwrap().into();
        midnight + TimeDelta::hours(i64::from(h))
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
        let h = find(&readings(&[150.0, 150.0, 150.0]), &cfg).found;
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].station.as_str(), h[0].hours), ("C", 3));
        assert_eq!((h[0].first, h[0].last), (t(1), t(3)));
        assert_eq!((h[0].max_ratio, h[0].mean_excess), (1.5, 50.0));
        // 149 is 1.49x: no hotspot.
        assert!(
            find(&readings(&[150.0, 149.0, 150.0]), &cfg)
                .found
                .is_empty()
        );
        // 1.5x for 2 hours only: no hotspot.
        assert!(
            find(&readings(&[150.0, 150.0, 100.0]), &cfg)
                .found
                .is_empty()
        );
        // Two stations only: no median to compare with.
        let two: Vec<Reading> = readings(&[300.0; 3])
            .into_iter()
            .filter(|r| r.station != "B")
            .collect();
        assert!(find(&two, &cfg).found.is_empty());
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
        let scope = Scope {
            cities,
            ..Scope::default()
        };
        use crate::ingest::ReadOptions;
        let (h, _) = crate::evaluate::observed::read_hotspots(
            &[file],
            stations,
            ReadOptions::default(),
            &cfg,
            scope,
            &|_, _| {},
        )
        .unwrap();
        assert!(h.station_hours > 500, "{}", h.station_hours);
        let found = h.found;
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
