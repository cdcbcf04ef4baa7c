//! Batch processing of historical monitoring data (`hazeplan batch`): daily city (and station)
//! AQI, a hindcast of the warnings with the observations as a perfect forecast, yearly
//! statistics and the data-quality summary, over years of files.
//!
//! CNEMC archive files are parsed in parallel (rayon), each into its own hour frames with its
//! own site table and quality counts; the results are then merged in date order by one thread,
//! a few days of city-hours are pushed through the city series city by city in parallel
//! (`cities.rs`), and what the cities gave is handed to the sink in date order, on a thread of
//! its own (`emit.rs`): the output is the same for any number of threads. Long files go
//! through the ordinary time-ordered stream. Memory is bounded by the stations and a chunk of
//! files, never by the number of days of hourly data: closed days go to a [`Sink`] (the command
//! writes them out) and the hindcast series to a spill file, so a decade runs in the memory of
//! a year.

mod cities;
mod emit;
mod hindcast;
mod pipeline;
pub mod spill;
pub mod stats;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDateTime;

use crate::Error;
use crate::alert::{RuleSet, Warning};
use crate::aqi::{AqiResult, StandardChoice};
use crate::ingest::cnemc::{self, DayFile, Header};
use crate::ingest::records::Records;
use crate::ingest::{
    Defect, DefectKind, FileId, FileQuality, FrameStream, Quality, ReadOptions, SiteId,
    SiteQuality, Sites, StationList,
};
use crate::stats::DayStats;
use emit::{Emitter, Outlet};
use pipeline::{Columns, Pipeline, Source};

pub use stats::{CityYear, Years};

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
    /// Where the hindcast's spill file goes (the system's temporary folder if `None`).
    pub scratch: Option<PathBuf>,
}

/// Where a batch delivers its days as they close: city-days date by date, every city's day of
/// a date before any city's day of a later date, and likewise (with `station_daily`) the
/// station-days; the two streams are not in step (the city-days come a few days behind). The
/// days of a decade are never held at once; the sink writes them out or drops them.
pub trait Sink: Send {
    /// A city-day; `city` is the city's index in this run (one per name).
    fn city_day(&mut self, city: usize, day: &SiteDay) -> Result<(), Error>;
    /// A station-day; `station` is the site's index in this run.
    fn station_day(&mut self, station: usize, day: &SiteDay) -> Result<(), Error>;
    /// Does the sink take every station-hour ([`Sink::station_hour`])? Off by default: a
    /// batch keeps days, and a decade of station-hours is billions of values.
    fn wants_station_hours(&self) -> bool {
        false
    }
    /// One station's (or city column's) values of one hour, in time order, when
    /// [`Sink::wants_station_hours`]: the same values the city means are made of (of a site in
    /// several files, the first file's), so a command that needs both reads the files once.
    fn station_hour(
        &mut self,
        _time: NaiveDateTime,
        _site: &crate::ingest::Site,
        _values: &crate::ingest::Values,
    ) -> Result<(), Error> {
        Ok(())
    }
    /// No more days come (called once, before the hindcast is classified).
    fn days_done(&mut self) -> Result<(), Error> {
        Ok(())
    }
    /// Hindcast warnings of a few whole cities, by city (name order) then start; the calls
    /// follow the city order.
    fn warnings(&mut self, warnings: &[Warning]) -> Result<(), Error>;
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

/// What a batch produces besides the days it gave its [`Sink`].
#[derive(Clone, Debug)]
pub struct BatchResult {
    /// City-days closed.
    pub city_days: u64,
    /// The hindcast warnings given to the sink.
    pub warnings: usize,
    /// The statistics of every city-year, by city then year.
    pub years: Vec<CityYear>,
    /// The data-quality summary.
    pub quality: Quality,
}

/// A header with the sites it was read into.
struct CachedHeader {
    raw: Vec<u8>,
    header: Header,
    sites: Sites,
}

/// The headers read lately: archive files of one network share a handful of headers (a
/// station joins or leaves now and then), each of which then needs reading (decoding,
/// station lookups, interning) once, not once per file.
#[derive(Default)]
struct HeaderCache(Mutex<Vec<Arc<CachedHeader>>>);

/// How many headers the cache keeps, most recent first.
const CACHED_HEADERS: usize = 8;

impl HeaderCache {
    fn get(&self, raw: &[u8]) -> Option<Arc<CachedHeader>> {
        let list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        list.iter().find(|c| c.raw == raw).cloned()
    }

    fn put(&self, c: &Arc<CachedHeader>) {
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        list.insert(0, Arc::clone(c));
        list.truncate(CACHED_HEADERS);
    }
}

/// A CNEMC file parsed on its own.
struct Parsed {
    quality: Quality,
    header: Arc<CachedHeader>,
    day: DayFile,
    bytes: u64,
}

fn parse_cnemc(
    path: &Path,
    stations: Option<&StationList>,
    opts: &ReadOptions,
    cache: &HeaderCache,
) -> Parsed {
    let name = path.display().to_string();
    let mut quality = Quality::default();
    quality.files.push(FileQuality {
        file: name.clone(),
        ..FileQuality::default()
    });
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let empty = || {
        Arc::new(CachedHeader {
            raw: Vec::new(),
            header: Header::new(
                (Vec::new(), Default::default()),
                &mut Sites::default(),
                None,
                opts,
            ),
            sites: Sites::default(),
        })
    };
    let (header, day) = match File::open(path) {
        Ok(f) => {
            let mut records = Records::new(f);
            match cnemc::first_line(&mut records, &mut quality, FileId(0)) {
                None => (empty(), DayFile::default()),
                Some(line) => {
                    let header = match line.raw().and_then(|raw| cache.get(raw)) {
                        Some(hit) => hit,
                        None => {
                            let mut sites = Sites::default();
                            let header = Header::new(line.decode(), &mut sites, stations, opts);
                            let c = Arc::new(CachedHeader {
                                raw: line.raw().map(<[u8]>::to_vec).unwrap_or_default(),
                                header,
                                sites,
                            });
                            if line.raw().is_some() {
                                cache.put(&c);
                            }
                            c
                        }
                    };
                    let day =
                        cnemc::read_day(FileId(0), records, &header.header, opts, &mut quality);
                    (header, day)
                }
            }
        }
        Err(e) => {
            quality.add(Defect {
                file: Arc::from(name.as_str()),
                line: 0,
                column: None,
                kind: DefectKind::Unreadable,
                message: format!("{e}; file skipped"),
                station: None,
            });
            (empty(), DayFile::default())
        }
    };
    Parsed {
        quality,
        header,
        day,
        bytes,
    }
}

/// What the merge keeps between files.
#[derive(Default)]
struct Merged {
    sites: Sites,
    quality: Quality,
    /// Recent headers and their columns in the run's terms, most recent first.
    recent: Vec<(Arc<CachedHeader>, Arc<Columns>)>,
    /// Per run-wide site id: site-hours with any value and valid values per slot.
    counts: Vec<SiteQuality>,
}

/// Folds a parsed file into the run's sites and quality; returns its hours as blocks of the run.
fn merge(
    p: Parsed,
    m: &mut Merged,
    pipeline: &mut Pipeline<'_, '_>,
) -> Vec<(NaiveDateTime, Source)> {
    let quality = &mut m.quality;
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
        quality
            .sites
            .entry(key)
            .or_default()
            .add_counts(s.hours, &s.valid);
    }
    let known = m.recent.iter().find(|(h, _)| Arc::ptr_eq(h, &p.header));
    let columns = match known {
        Some((_, c)) => Arc::clone(c),
        None => {
            let local_sites = &p.header.sites;
            let map: Vec<SiteId> = (0..local_sites.len())
                .map(|i| {
                    let s = local_sites.get(SiteId(i as u32));
                    m.sites.intern(s.kind, &s.key, s.city.as_deref(), s.control)
                })
                .collect();
            let site = p
                .header
                .header
                .columns
                .iter()
                .map(|c| c.map(|c| map[c.0 as usize]))
                .collect();
            let c = pipeline.columns(site, &m.sites);
            m.recent.insert(0, (Arc::clone(&p.header), Arc::clone(&c)));
            m.recent.truncate(CACHED_HEADERS);
            c
        }
    };
    m.counts.resize(m.sites.len(), SiteQuality::default());
    for (site, (hours, valid)) in columns.site.iter().zip(&p.day.counts) {
        if let Some(site) = site {
            m.counts[site.0 as usize].add_counts(*hours, valid);
        }
    }
    pipeline::sources(p.day, &columns)
}

/// An error of the hindcast's spill file, named by the folder it is in.
fn scratch_err(opts: &BatchOptions<'_>, e: std::io::Error) -> Error {
    Error::Write {
        path: opts.scratch.clone().unwrap_or_else(std::env::temp_dir),
        source: crate::diag::without_temp_path(e),
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

/// Runs a batch over files (already expanded from directories), giving the days to `sink`.
pub fn run(
    paths: &[PathBuf],
    stations: Option<StationList>,
    opts: &BatchOptions<'_>,
    sink: &mut dyn Sink,
) -> Result<BatchResult, Error> {
    let station_hours = sink.wants_station_hours();
    // The days go to the sink on a thread of their own, unless station days or hours need
    // the sink on this one.
    let threaded = !opts.station_daily && !station_hours;
    let emitter = Emitter::new(opts, sink)?;
    std::thread::scope(|scope| {
        let outlet = if threaded {
            Outlet::thread(scope, emitter)
        } else {
            Outlet::Here(Box::new(emitter))
        };
        read(
            paths,
            stations,
            opts,
            Pipeline::new(opts, outlet, station_hours),
        )
    })
}

/// Reads the files through the pipeline.
fn read(
    paths: &[PathBuf],
    stations: Option<StationList>,
    opts: &BatchOptions<'_>,
    mut pipeline: Pipeline<'_, '_>,
) -> Result<BatchResult, Error> {
    let all_cnemc =
        opts.read.format != crate::ingest::FormatChoice::Long && paths.iter().all(|p| is_cnemc(p));
    let (quality, sites) = if all_cnemc {
        let mut m = Merged::default();
        let cache = HeaderCache::default();
        let mut sorted = paths.to_vec();
        // Archive files are named by date; sorting by name is sorting by time.
        sorted.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
        // Files in flight: enough to keep every thread busy, few enough to bound memory.
        let window = rayon::current_num_threads().max(1) * 2;
        let (mut done, mut bytes) = (0usize, 0u64);
        // Hours waiting for every file that may hold them, with their blocks in file order.
        let mut pending: BTreeMap<NaiveDateTime, Vec<Source>> = BTreeMap::new();
        // Each file is parsed as a task of its own, `window` ahead of the one being merged,
        // and merged in order as soon as it is there: no round waits for its slowest file
        // (rounds of a few files, parsed while the round before was merged, left a core idle
        // a seventh of the time).
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Parsed)>();
        rayon::scope(|scope| {
            // Moved in: a receiver is not shared between threads.
            let rx = rx;
            let spawn = |i: usize| {
                let (tx, path) = (tx.clone(), &sorted[i]);
                let (stations, cache) = (stations.as_ref(), &cache);
                scope.spawn(move |_| {
                    // The receiver outlives every task (it is dropped after the scope).
                    let _ = tx.send((i, parse_cnemc(path, stations, &opts.read, cache)));
                });
            };
            for i in 0..window.min(sorted.len()) {
                spawn(i);
            }
            let mut ready: BTreeMap<usize, Parsed> = BTreeMap::new();
            for i in 0..sorted.len() {
                let p = loop {
                    if let Some(p) = ready.remove(&i) {
                        break p;
                    }
                    // Waiting, this thread parses (or runs other tasks) rather than idles.
                    let got = match rx.try_recv() {
                        Ok(got) => got,
                        Err(_) if rayon::yield_now() == Some(rayon::Yield::Executed) => continue,
                        Err(_) => match rx.recv() {
                            Ok(got) => got,
                            // Unreachable: `tx` is alive and file `i`'s task not run yet.
                            Err(_) => continue,
                        },
                    };
                    ready.insert(got.0, got.1);
                };
                if i + window < sorted.len() {
                    spawn(i + window);
                }
                bytes += p.bytes;
                for (time, source) in merge(p, &mut m, &mut pipeline) {
                    pending.entry(time).or_default().push(source);
                }
                done += 1;
                (opts.progress)(done, bytes);
                // Every hour before the last day seen is complete: a later file is a later
                // day.
                let Some(&newest) = pending.keys().next_back() else {
                    continue;
                };
                let cut = newest - chrono::TimeDelta::hours(24);
                while let Some(entry) = pending.first_entry() {
                    if *entry.key() > cut {
                        break;
                    }
                    let (time, sources) = entry.remove_entry();
                    pipeline.hour(time, &sources, &m.sites, &mut m.quality);
                }
            }
        });
        while let Some((time, sources)) = pending.pop_first() {
            pipeline.hour(time, &sources, &m.sites, &mut m.quality);
        }
        // The site-hour counts, by site key as the summary has them.
        for (i, c) in m.counts.iter().enumerate() {
            if c.hours > 0 {
                let key = &m.sites.get(SiteId(i as u32)).key;
                let q = m.quality.sites.entry(key.clone()).or_default();
                q.add_counts(c.hours, &c.valid);
            }
        }
        (m.quality, m.sites)
    } else {
        let mut stream = FrameStream::open(paths, stations, opts.read.clone());
        let mut done = 0usize;
        while let Some(frame) = stream.next_frame() {
            pipeline.frame(frame, &stream.sites, &mut stream.quality);
            done += 1;
            if done.is_multiple_of(24) {
                let (files, bytes) = stream.progress();
                (opts.progress)(files, bytes);
            }
        }
        let (files, bytes) = stream.progress();
        (opts.progress)(files, bytes);
        (
            std::mem::take(&mut stream.quality),
            std::mem::take(&mut stream.sites),
        )
    };
    let done = pipeline.finish(&sites)?;
    Ok(BatchResult {
        city_days: done.city_days,
        warnings: done.warnings,
        years: done.years,
        quality,
    })
}
