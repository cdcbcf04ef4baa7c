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
use crate::aqi::{AqiOptions, AqiResult, Period, Readings, Slot, StandardChoice, score};
use crate::ingest::cnemc;
use crate::ingest::{
    Defect, DefectKind, FileId, FileQuality, FrameStream, HourFrame, Quality, ReadOptions,
    SiteHour, Sites, StationList,
};
use crate::stats::series::day_of;
use crate::stats::{DayStats, Rules, Series, city_values};

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
    p.frames
        .into_iter()
        .map(|f| HourFrame {
            time: f.time,
            rows: f
                .rows
                .into_iter()
                .map(|r| SiteHour {
                    site: map[r.site.0 as usize],
                    file,
                    ..r
                })
                .collect(),
        })
        .collect()
}

/// A city-hour of the rolling hindcast: label, rolling 24-hour AQI, its primary pollutant.
type RollingHour = (NaiveDateTime, Option<u16>, Option<Slot>);

/// The day's series of each city (and station) and what they give.
struct Pipeline<'a> {
    opts: &'a BatchOptions<'a>,
    stats_rules: Rules,
    rolling: bool,
    cities: BTreeMap<String, Series>,
    stations: BTreeMap<String, Series>,
    hourly: BTreeMap<String, Vec<RollingHour>>,
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
            cities: BTreeMap::new(),
            stations: BTreeMap::new(),
            hourly: BTreeMap::new(),
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

    fn close(&mut self, day: NaiveDate) {
        let standard = self.opts.standard;
        let aqi = AqiOptions::default();
        for (map, out) in [
            (&mut self.cities, &mut self.city_days),
            (&mut self.stations, &mut self.station_days),
        ] {
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
        for (city, values) in city_values(frame, sites, &self.stats_rules) {
            let mut s = match self.cities.remove(&city) {
                Some(s) => s,
                None => self.series(),
            };
            let hs = s.push(frame.time, &values);
            self.cities.insert(city.clone(), s);
            if self.rolling {
                let m = &hs.mean_24h;
                let r = Readings {
                    pm25: m[0],
                    pm10: m[1],
                    so2: m[2],
                    no2: m[3],
                    co: m[4],
                    o3_8h: hs.o3_8h,
                    ..Readings::default()
                };
                let res = score(
                    &r,
                    Period::Day,
                    self.opts.standard.for_hour_ending(frame.time),
                    &AqiOptions::default(),
                );
                self.hourly.entry(city).or_default().push((
                    frame.time,
                    res.max_iaqi.map(|a| a.value()),
                    res.primary.iter().next(),
                ));
            }
        }
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
                for &(t, aqi, primary) in self.hourly.get(name).into_iter().flatten() {
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
        let mut pending: BTreeMap<NaiveDateTime, Vec<SiteHour>> = BTreeMap::new();
        for group in sorted.chunks(chunk) {
            let parsed: Vec<Parsed> = group
                .par_iter()
                .map(|p| parse_cnemc(p, stations.as_ref(), &opts.read))
                .collect();
            for p in parsed {
                bytes += p.bytes;
                for f in merge(p, &mut sites, &mut quality) {
                    pending.entry(f.time).or_default().extend(f.rows);
                }
                done += 1;
                (opts.progress)(done, bytes);
            }
            // Every hour before the last day seen is complete: a later file is a later day.
            let Some(&newest) = pending.keys().next_back() else {
                continue;
            };
            let cut = newest - chrono::TimeDelta::hours(24);
            while let Some(entry) = pending.first_entry() {
                if *entry.key() > cut {
                    break;
                }
                let (time, rows) = entry.remove_entry();
                pipeline.frame(&dedup(time, rows), &sites, &mut quality);
            }
        }
        while let Some((time, rows)) = pending.pop_first() {
            pipeline.frame(&dedup(time, rows), &sites, &mut quality);
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
fn dedup(time: NaiveDateTime, mut rows: Vec<SiteHour>) -> HourFrame {
    rows.sort_by_key(|r| (r.site, r.file, r.line));
    rows.dedup_by_key(|r| r.site);
    HourFrame { time, rows }
}
