//! Batch processing of historical monitoring data (`hazeplan batch`): daily city (and station)
//! AQI, a hindcast of the warnings with the observations as a perfect forecast, yearly
//! statistics and the data-quality summary, over years of files.
//!
//! CNEMC archive files are parsed in parallel (rayon), each into its own hour frames with its
//! own site table and quality counts; the results are then merged in date order by one thread,
//! so the output is the same for any number of threads. Long files go through the ordinary
//! time-ordered stream. Memory is bounded by the stations and a chunk of files, never by the
//! number of days of hourly data.

pub mod stats;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use crate::Error;
use crate::alert::{Basis, Classification, Grid, Hour, RuleSet, classify};
use crate::aqi::{AqiOptions, AqiResult, Period, Slot, StandardChoice, score};
use crate::ingest::cnemc;
use crate::ingest::{
    Defect, DefectKind, FileId, FileQuality, FrameStream, HourFrame, Quality, ReadOptions,
    SiteHour, Sites, StationList,
};
use crate::stats::series::day_of;
use crate::stats::{DayStats, Rules, Series};

pub use stats::{CityYear, city_years};

/// How a batch runs.
pub struct BatchOptions<'a> {
    /// Warning rules of the hindcast.
    pub rules: RuleSet,
    /// AQI standard choice.
    pub standard: StandardChoice,
    /// How to read the inputs.
    pub read: ReadOptions,
    /// Also compute daily station AQI.
    pub station_daily: bool,
    /// Called with the number of input files done and their bytes, as the merge advances.
    pub progress: &'a (dyn Fn(usize, u64) + Sync),
}

/// One site-day: its daily values and their AQI.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteDay {
    /// City name or station code.
    pub site: String,
    /// Daily values.
    pub day: DayStats,
    /// Daily AQI.
    pub aqi: AqiResult,
}

/// Everything a batch produces.
#[derive(Clone, Debug)]
pub struct BatchResult {
    /// City-days, by city then date.
    pub city_days: Vec<SiteDay>,
    /// Station-days (with `station_daily`), by station then date.
    pub station_days: Vec<SiteDay>,
    /// The hindcast grid (cities in name order) and its classification.
    pub grid: Grid,
    /// The hindcast warnings.
    pub classification: Classification,
    /// The data-quality summary.
    pub quality: Quality,
}

/// A CNEMC file parsed on its own.
struct Parsed {
    quality: Quality,
    sites: Sites,
    frames: Vec<HourFrame>,
    bytes: u64,
}

fn parse_cnemc(path: &Path, stations: Option<&StationList>, opts: &ReadOptions) -> Parsed {
    let name = path.display().to_string();
    let mut quality = Quality::default();
    quality.files.push(FileQuality {
        file: name.clone(),
        ..FileQuality::default()
    });
    let mut sites = Sites::default();
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let frames = match File::open(path) {
        Ok(f) => cnemc::read(
            FileId(0),
            BufReader::with_capacity(1 << 17, f),
            &mut sites,
            stations,
            opts,
            &mut quality,
        ),
        Err(e) => {
            quality.add(Defect {
                file: Arc::from(name.as_str()),
                line: 0,
                column: None,
                kind: DefectKind::Unreadable,
                message: format!("{e}; file skipped"),
                station: None,
            });
            Vec::new()
        }
    };
    Parsed {
        quality,
        sites,
        frames,
        bytes,
    }
}

/// Folds a parsed file into the run's sites and quality; returns its frames with global ids.
fn merge(p: Parsed, sites: &mut Sites, quality: &mut Quality) -> Vec<HourFrame> {
    let file = FileId(quality.files.len());
    let local = p.quality;
    let mut fq = local.files[0].clone();
    fq.defects.clear();
    quality.files.push(fq);
    let kept = local.defects.len() as u64;
    for d in local.defects {
        quality.add(d);
    }
    // Defects past the kept maximum were counted but not stored: count them here too.
    quality.defect_count += local.defect_count.saturating_sub(kept);
    quality.notes.extend(local.notes);
    for (key, s) in local.sites {
        let q = quality.sites.entry(key).or_default();
        q.hours += s.hours;
        for (a, b) in q.valid.iter_mut().zip(s.valid) {
            *a += b;
        }
    }
    let map: Vec<crate::ingest::SiteId> = (0..p.sites.len())
        .map(|i| {
            let s = p.sites.get(crate::ingest::SiteId(i as u32));
            sites.intern(s.kind, &s.key, s.city.as_deref(), s.control)
        })
        .collect();
    let mut frames = p.frames;
    for f in &mut frames {
        for r in &mut f.rows {
            r.site = map[r.site.0 as usize];
            r.file = file;
        }
    }
    frames
}

/// A city-hour of the rolling hindcast: label, rolling 24-hour AQI, its primary pollutant.
type RollingHour = (NaiveDateTime, Option<u16>, Option<Slot>);

/// The day's series of each city (and station) and what they give.
struct Pipeline<'a> {
    opts: &'a BatchOptions<'a>,
    stats_rules: Rules,
    rolling: bool,
    /// City series by city index (name, series).
    cities: Vec<(String, Series)>,
    city_ids: std::collections::HashMap<String, u32>,
    /// Per site id: the city its values average into (non-control stations with a city).
    city_of_site: Vec<Option<u32>>,
    /// Per site id: the city a city-level row is (CNEMC city variant, city files).
    direct_of_site: Vec<Option<u32>>,
    /// Per-frame work buffers, by city index.
    sums: Vec<[crate::units::ExactSum; 6]>,
    direct: Vec<Option<crate::ingest::Values>>,
    touched: Vec<u32>,
    stations: BTreeMap<String, Series>,
    hourly: Vec<Vec<RollingHour>>,
    city_days: BTreeMap<String, Vec<SiteDay>>,
    station_days: BTreeMap<String, Vec<SiteDay>>,
    day: Option<NaiveDate>,
    last: Option<NaiveDateTime>,
}

impl<'a> Pipeline<'a> {
    fn new(opts: &'a BatchOptions<'a>) -> Pipeline<'a> {
        Pipeline {
            opts,
            stats_rules: Rules::default(),
            rolling: opts.rules.basis == Basis::Rolling24,
            cities: Vec::new(),
            city_ids: std::collections::HashMap::new(),
            city_of_site: Vec::new(),
            direct_of_site: Vec::new(),
            sums: Vec::new(),
            direct: Vec::new(),
            touched: Vec::new(),
            stations: BTreeMap::new(),
            hourly: Vec::new(),
            city_days: BTreeMap::new(),
            station_days: BTreeMap::new(),
            day: None,
            last: None,
        }
    }

    fn series(&self) -> Series {
        if self.rolling {
            Series::new(self.stats_rules)
        } else {
            Series::without_rolling(self.stats_rules)
        }
    }

    /// The index of a city, created on first sight.
    fn city_id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.city_ids.get(name) {
            return i;
        }
        let i = self.cities.len() as u32;
        let series = self.series();
        self.cities.push((name.to_string(), series));
        self.city_ids.insert(name.to_string(), i);
        self.sums.push(Default::default());
        self.direct.push(None);
        self.hourly.push(Vec::new());
        i
    }

    /// Extends the per-site city tables to every site seen so far.
    fn learn_sites(&mut self, sites: &Sites) {
        for i in self.city_of_site.len()..sites.len() {
            let site = sites.get(crate::ingest::SiteId(i as u32));
            let (agg, direct) = match site.kind {
                crate::ingest::SiteKind::City => (None, Some(self.city_id(&site.key))),
                crate::ingest::SiteKind::Station => match site.city.as_deref() {
                    Some(c) if !site.control => (Some(self.city_id(c)), None),
                    _ => (None, None),
                },
            };
            self.city_of_site.push(agg);
            self.direct_of_site.push(direct);
        }
    }

    fn close(&mut self, day: NaiveDate) {
        let standard = self.opts.standard;
        let aqi = AqiOptions::default();
        for (site, s) in self.cities.iter_mut() {
            s.close_through(day);
            for d in s.take_days() {
                let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                self.city_days
                    .entry(site.clone())
                    .or_default()
                    .push(SiteDay {
                        site: site.clone(),
                        day: d,
                        aqi: r,
                    });
            }
        }
        for (map, out) in [(&mut self.stations, &mut self.station_days)] {
            for (site, s) in map.iter_mut() {
                s.close_through(day);
                for d in s.take_days() {
                    let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                    out.entry(site.clone()).or_default().push(SiteDay {
                        site: site.clone(),
                        day: d,
                        aqi: r,
                    });
                }
            }
        }
    }

    fn frame(&mut self, frame: &HourFrame, sites: &Sites, quality: &mut Quality) {
        if self.last.is_some_and(|l| frame.time <= l) {
            quality.notes.push(format!(
                "hour {} came after later hours (overlapping files); skipped",
                frame.time.format("%Y-%m-%d %H:%M")
            ));
            return;
        }
        self.last = Some(frame.time);
        let d = day_of(frame.time);
        if let Some(prev) = self.day
            && d > prev
        {
            self.close(prev);
        }
        self.day = Some(d);
        // City values (stats::city_values, by index: the same rules, without string maps):
        // city-level rows as they are, else the mean of the city's non-control stations.
        self.learn_sites(sites);
        for r in &frame.rows {
            let sid = r.site.0 as usize;
            if let Some(c) = self.direct_of_site[sid] {
                let mut v = r.values;
                v[Slot::O3EightHour as usize] = None;
                self.direct[c as usize] = Some(v);
                self.touched.push(c);
            } else if let Some(c) = self.city_of_site[sid] {
                for (sum, v) in self.sums[c as usize].iter_mut().zip(&r.values) {
                    if let Some(v) = v {
                        sum.add(*v);
                    }
                }
                self.touched.push(c);
            }
        }
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        for &c in &touched {
            let ci = c as usize;
            let values = match self.direct[ci].take() {
                Some(v) => v,
                None => {
                    let mut v: crate::ingest::Values = [None; 7];
                    for (i, sum) in self.sums[ci].iter().enumerate() {
                        if sum.count() >= self.stats_rules.min_stations_city {
                            v[i] = sum.mean();
                        }
                    }
                    v
                }
            };
            self.sums[ci] = Default::default();
            if values.iter().all(Option::is_none) {
                continue;
            }
            let hs = self.cities[ci].1.push(frame.time, &values);
            if self.rolling {
                let res = score(
                    &hs.rolling_readings(),
                    Period::Day,
                    self.opts.standard.for_hour_ending(frame.time),
                    &AqiOptions::default(),
                );
                self.hourly[ci].push((
                    frame.time,
                    res.max_iaqi.map(|a| a.value()),
                    res.primary.iter().next(),
                ));
            }
        }
        touched.clear();
        self.touched = touched;
        if self.opts.station_daily {
            for r in &frame.rows {
                let key = sites.get(r.site).key.clone();
                let series = self.series();
                self.stations
                    .entry(key)
                    .or_insert(series)
                    .push(frame.time, &r.values);
            }
        }
    }

    fn finish(mut self) -> (Vec<SiteDay>, Vec<SiteDay>, Grid, Classification) {
        if let Some(d) = self.day {
            self.close(d);
        }
        let city_days: Vec<SiteDay> = self.city_days.into_values().flatten().collect();
        let station_days: Vec<SiteDay> = self.station_days.into_values().flatten().collect();
        // The hindcast: daily AQI held over the day's hours, or the rolling 24-hour AQI.
        let names: Vec<String> = {
            let mut n: Vec<String> = city_days.iter().map(|d| d.site.clone()).collect();
            n.dedup();
            n
        };
        let first = city_days.iter().map(|d| d.day.date).min();
        let last = city_days.iter().map(|d| d.day.date).max();
        let (Some(first), Some(last)) = (first, last) else {
            let g = Grid::new(NaiveDateTime::MIN, 0, &[]);
            return (city_days, station_days, g, Classification::default());
        };
        let start = first.and_hms_opt(1, 0, 0).expect("01:00");
        let len = ((last - first).num_days() as usize + 1) * 24;
        let mut grid = Grid::new(start, len, &names);
        if self.rolling {
            for (ci, name) in names.iter().enumerate() {
                let hourly = self
                    .city_ids
                    .get(name)
                    .map_or(&[][..], |&i| &self.hourly[i as usize][..]);
                for &(t, aqi, primary) in hourly {
                    if let Some(i) = grid.index(t) {
                        grid.cities[ci].hours[i] = Hour {
                            aqi,
                            primary,
                            cause: None,
                        };
                    }
                }
            }
        } else {
            for d in &city_days {
                let ci = names.iter().position(|n| *n == d.site).expect("listed");
                let i0 = ((d.day.date - first).num_days() as usize) * 24;
                let h = Hour {
                    aqi: d.aqi.max_iaqi.map(|a| a.value()),
                    primary: d.aqi.primary.iter().next(),
                    cause: None,
                };
                for i in i0..i0 + 24 {
                    grid.cities[ci].hours[i] = h;
                }
            }
        }
        let c = classify(&grid, &self.opts.rules, &[], &[]);
        (city_days, station_days, grid, c)
    }
}

/// Is a file a CNEMC archive file (by its header)?
fn is_cnemc(path: &Path) -> bool {
    let Ok(f) = File::open(path) else {
        return false;
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(BufReader::new(f));
    let mut rec = csv::StringRecord::new();
    matches!(rdr.read_record(&mut rec), Ok(true))
        && rec.len() > 3
        && rec[0]
            .trim_start_matches('\u{feff}')
            .eq_ignore_ascii_case("date")
        && rec[1].eq_ignore_ascii_case("hour")
        && rec[2].eq_ignore_ascii_case("type")
}

/// Runs a batch over files (already expanded from directories).
pub fn run(
    paths: &[PathBuf],
    stations: Option<StationList>,
    opts: &BatchOptions<'_>,
) -> Result<BatchResult, Error> {
    let mut pipeline = Pipeline::new(opts);
    let all_cnemc =
        opts.read.format != crate::ingest::FormatChoice::Long && paths.iter().all(|p| is_cnemc(p));
    let quality = if all_cnemc {
        let mut sites = Sites::default();
        let mut quality = Quality::default();
        let mut sorted = paths.to_vec();
        // Archive files are named by date; sorting by name is sorting by time.
        sorted.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
        let chunk = rayon::current_num_threads().max(1) * 2;
        let (mut done, mut bytes) = (0usize, 0u64);
        // Hours waiting for every file that may hold them; `true` when several files did.
        let mut pending: BTreeMap<NaiveDateTime, (Vec<SiteHour>, bool)> = BTreeMap::new();
        let parse = |group: &[PathBuf]| -> Vec<Parsed> {
            group
                .par_iter()
                .map(|p| parse_cnemc(p, stations.as_ref(), &opts.read))
                .collect()
        };
        let groups: Vec<&[PathBuf]> = sorted.chunks(chunk).collect();
        // Parsing the next chunk of files overlaps with merging and aggregating this one.
        let mut next = groups.first().map_or_else(Vec::new, |g| parse(g));
        for i in 0..groups.len() {
            let current = std::mem::take(&mut next);
            let (parsed_next, ()) = rayon::join(
                || groups.get(i + 1).map_or_else(Vec::new, |g| parse(g)),
                || {
                    for p in current {
                        bytes += p.bytes;
                        for f in merge(p, &mut sites, &mut quality) {
                            match pending.entry(f.time) {
                                std::collections::btree_map::Entry::Vacant(v) => {
                                    v.insert((f.rows, false));
                                }
                                std::collections::btree_map::Entry::Occupied(mut o) => {
                                    let e = o.get_mut();
                                    e.0.extend(f.rows);
                                    e.1 = true;
                                }
                            }
                        }
                        done += 1;
                        (opts.progress)(done, bytes);
                    }
                    // Every hour before the last day seen is complete: a later file is a
                    // later day.
                    let Some(&newest) = pending.keys().next_back() else {
                        return;
                    };
                    let cut = newest - chrono::TimeDelta::hours(24);
                    while let Some(entry) = pending.first_entry() {
                        if *entry.key() > cut {
                            break;
                        }
                        let (time, (rows, mixed)) = entry.remove_entry();
                        pipeline.frame(&dedup(time, rows, mixed), &sites, &mut quality);
                    }
                },
            );
            next = parsed_next;
        }
        while let Some((time, (rows, mixed))) = pending.pop_first() {
            pipeline.frame(&dedup(time, rows, mixed), &sites, &mut quality);
        }
        quality
    } else {
        let mut stream = FrameStream::open(paths, stations, opts.read.clone());
        let mut done = 0usize;
        while let Some(frame) = stream.next_frame() {
            let sites = std::mem::take(&mut stream.sites);
            pipeline.frame(&frame, &sites, &mut stream.quality);
            stream.sites = sites;
            done += 1;
            if done % 24 == 0 {
                (opts.progress)(0, 0);
            }
        }
        std::mem::take(&mut stream.quality)
    };
    let (city_days, station_days, grid, classification) = pipeline.finish();
    Ok(BatchResult {
        city_days,
        station_days,
        grid,
        classification,
        quality,
    })
}

/// One row per site: the first occurrence of a site in the hour is kept (the same
/// station-hour in two archive files is a duplicate file).
fn dedup(time: NaiveDateTime, mut rows: Vec<SiteHour>, mixed: bool) -> HourFrame {
    // One file has one row per column and hour already.
    if mixed {
        rows.sort_by_key(|r| (r.site, r.file, r.line));
        rows.dedup_by_key(|r| r.site);
    }
    HourFrame { time, rows }
}
