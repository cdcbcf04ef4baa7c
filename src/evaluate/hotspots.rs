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
/// when empty; control points are left out of city values, HJ 663), over some days (natural
/// days of hour-ending labels, 01:00 to the next 00:00, as `stats::series::day_of` and
/// pipeline.md have them; all when `None`).
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
    /// The first and last hour-ending label looked at.
    pub labels: Option<(NaiveDateTime, NaiveDateTime)>,
}

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

/// A station seen, with its PM2.5 sum, count and first label (the standard of its IAQI).
#[derive(Debug)]
struct Station {
    city: Arc<str>,
    code: Arc<str>,
    /// Index of its city (the hour's values are grouped by it).
    city_id: u32,
    pm25: (f64, usize, Option<NaiveDateTime>),
}

/// A run of hot hours still going: the next hour may extend it.
#[derive(Debug)]
struct Run {
    first: NaiveDateTime,
    last: NaiveDateTime,
    hours: u32,
    max_value: f64,
    max_ratio: f64,
    excess: f64,
}

/// One station's values of an hour: its index and its values by slot.
type StationHour = (u32, [Option<f64>; 7]);

/// The hotspot search, hour by hour: each hour's station values are compared with their
/// city's median when the next hour comes; a run of hot hours is closed (and kept if long
/// enough) at the first hour that does not extend it. Memory is bounded by the stations and
/// the hotspots, not by the hours.
#[derive(Debug)]
pub struct Finder {
    cfg: HotspotConfig,
    scope: Scope,
    /// Station index of a site key.
    ids: HashMap<String, u32>,
    city_ids: HashMap<Arc<str>, u32>,
    stations: Vec<Station>,
    hour: Option<NaiveDateTime>,
    /// This hour's values.
    current: Vec<StationHour>,
    /// The runs going on, by station and pollutant.
    open: BTreeMap<(u32, Slot), Run>,
    found: Vec<Hotspot>,
    station_hours: u64,
    labels: Option<(NaiveDateTime, NaiveDateTime)>,
    /// A buffer for the medians.
    scratch: Vec<f64>,
}

impl Finder {
    /// A search with these thresholds over these station-hours.
    pub fn new(cfg: &HotspotConfig, scope: Scope) -> Finder {
        Finder {
            cfg: cfg.clone(),
            scope,
            ids: HashMap::new(),
            city_ids: HashMap::new(),
            stations: Vec::new(),
            hour: None,
            current: Vec::new(),
            open: BTreeMap::new(),
            found: Vec::new(),
            station_hours: 0,
            labels: None,
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
        let v = values.map(|c| c.map(|c| c.as_f64()));
        self.take(time, &site.key, city, &site.key, v);
    }

    /// The station index of `key` (looked up by reference: a key is copied once per station,
    /// not once per hour).
    fn station(&mut self, key: &str, city: &str, code: &str) -> u32 {
        if let Some(&i) = self.ids.get(key) {
            return i;
        }
        let next = self.city_ids.len() as u32;
        let city: Arc<str> = Arc::from(city);
        let city_id = *self.city_ids.entry(Arc::clone(&city)).or_insert(next);
        let i = self.stations.len() as u32;
        self.stations.push(Station {
            city,
            code: Arc::from(code),
            city_id,
            pm25: (0.0, 0, None),
        });
        self.ids.insert(key.to_string(), i);
        i
    }

    fn take(
        &mut self,
        time: NaiveDateTime,
        key: &str,
        city: &str,
        code: &str,
        v: [Option<f64>; 7],
    ) {
        if self.hour != Some(time) {
            self.settle();
            self.hour = Some(time);
        }
        if self.cfg.pollutants.iter().all(|&p| v[p as usize].is_none()) {
            return;
        }
        self.station_hours += 1;
        // Hours come in time order.
        self.labels.get_or_insert((time, time)).1 = time;
        let i = self.station(key, city, code);
        let st = &mut self.stations[i as usize];
        if self.cfg.pollutants.contains(&Slot::Pm25)
            && let Some(x) = v[Slot::Pm25 as usize]
        {
            st.pm25.0 += x;
            st.pm25.1 += 1;
            st.pm25.2.get_or_insert(time);
        }
        self.current.push((i, v));
    }

    /// Closes the runs the previous hour did not extend, then compares the hour's values with
    /// their city's median and extends or starts the runs of the hot ones.
    fn settle(&mut self) {
        let Some(time) = self.hour else { return };
        // A run the previous hour did not extend is over (the hour before this one may also
        // be missing from the files altogether: runs are of consecutive labels).
        let over: Vec<(u32, Slot)> = self
            .open
            .iter()
            .filter(|(_, r)| r.last + TimeDelta::hours(1) != time)
            .map(|(k, _)| *k)
            .collect();
        for k in over {
            let run = self.open.remove(&k).expect("listed");
            self.close(k, run);
        }
        let mut current = std::mem::take(&mut self.current);
        // A city's stations together (the order inside does not matter: medians and runs
        // are per station).
        let stations = &self.stations;
        current.sort_by_key(|(i, _)| stations[*i as usize].city_id);
        for city in current
            .chunk_by(|a, b| stations[a.0 as usize].city_id == stations[b.0 as usize].city_id)
        {
            for &p in &self.cfg.pollutants {
                self.scratch.clear();
                self.scratch
                    .extend(city.iter().filter_map(|r| r.1[p as usize]));
                if self.scratch.len() < self.cfg.min_stations {
                    continue;
                }
                let m = median(&mut self.scratch);
                for (i, v) in city {
                    let Some(x) = v[p as usize] else { continue };
                    // A margin far below any instrument's resolution: a value at exactly 1.5x
                    // is hot.
                    if m > 0.0 && x >= self.cfg.ratio * m - 1e-9 {
                        let run = self.open.entry((*i, p)).or_insert(Run {
                            first: time,
                            last: time,
                            hours: 0,
                            max_value: f64::MIN,
                            max_ratio: f64::MIN,
                            excess: 0.0,
                        });
                        run.last = time;
                        run.hours += 1;
                        run.max_value = run.max_value.max(x);
                        run.max_ratio = run.max_ratio.max(x / m);
                        run.excess += x - m;
                    }
                }
            }
        }
        current.clear();
        self.current = current;
    }

    /// Keeps a finished run if it is long enough.
    fn close(&mut self, (i, pollutant): (u32, Slot), run: Run) {
        if run.hours < self.cfg.min_hours {
            return;
        }
        let st = &self.stations[i as usize];
        self.found.push(Hotspot {
            city: st.city.to_string(),
            station: st.code.to_string(),
            pollutant,
            first: run.first,
            last: run.last,
            hours: run.hours,
            max_value: run.max_value,
            max_ratio: run.max_ratio,
            mean_excess: run.excess / f64::from(run.hours),
        });
    }

    /// The hotspots and the stations' period means.
    pub fn finish(mut self) -> Hotspots {
        self.settle();
        for (k, run) in std::mem::take(&mut self.open) {
            self.close(k, run);
        }
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| {
            (&a.city, &a.station, a.pollutant, a.first).cmp(&(
                &b.city,
                &b.station,
                b.pollutant,
                b.first,
            ))
        });
        let mut station_aqi: Vec<(String, String, Option<u16>)> = self
            .stations
            .iter()
            .map(|st| {
                let (sum, n, first) = st.pm25;
                let aqi = first.and_then(|first| pm25_iaqi(sum / n as f64, first));
                (st.city.to_string(), st.code.to_string(), aqi)
            })
            .collect();
        station_aqi.sort();
        Hotspots {
            found,
            station_aqi,
            config: self.cfg,
            station_hours: self.station_hours,
            labels: self.labels,
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
    for hour in sorted.chunk_by(|a, b| a.time == b.time) {
        // One station's pollutants together.
        let mut stations: BTreeMap<(&str, &str), [Option<f64>; 7]> = BTreeMap::new();
        for r in hour {
            stations.entry((&r.city, &r.station)).or_default()[r.pollutant as usize] =
                Some(r.value);
        }
        for ((c, s), v) in stations {
            f.take(hour[0].time, &format!("{c}\u{1}{s}"), c, s, v);
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
        // Hot at 01:00, 02:00 and 04:00, the 03:00 hour missing from the files: runs are of
        // consecutive labels, so none of 3 hours.
        let gap: Vec<Reading> = readings(&[150.0; 4])
            .into_iter()
            .filter(|r| r.time != t(3))
            .collect();
        assert!(find(&gap, &cfg).found.is_empty());
        // Two runs of one station: both found, in time order.
        let h = find(
            &readings(&[150.0, 150.0, 150.0, 100.0, 150.0, 150.0, 150.0]),
            &cfg,
        )
        .found;
        assert_eq!(h.len(), 2);
        assert_eq!((h[0].first, h[1].first, h[1].last), (t(1), t(5), t(7)));
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
