//! The sequential half of a batch: hour by hour, in time order, station values into city
//! values, city (and station) series into daily values and AQI, and the city-hours of the
//! hindcast.
//!
//! An hour arrives as one or more column blocks ([`Source`]: a CNEMC file's hour, or an hour
//! frame of the stream in the same shape). City means are integer sums of micro-units over
//! column indices, the same rules as [`crate::stats::city_values`] without its string maps:
//! a city-level column is taken as it is, else the mean of the city's non-control stations
//! with at least `min_stations_city` valid values.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::{BatchOptions, SiteDay};
use crate::alert::grid::CitySeries;
use crate::alert::{Basis, Classification, Grid, Hour, classify};
use crate::aqi::{AqiOptions, Period, Slot, score};
use crate::ingest::cnemc::{DayFile, HourBlock, NONE, SLOTS};
use crate::ingest::{HourFrame, Quality, SiteId, SiteKind, Sites, Values};
use crate::stats::series::day_of;
use crate::stats::{Rules, Series};
use crate::units::Concentration;

/// No city (or no site) for a column.
const NO: u32 = u32::MAX;

/// The columns of one file (or frame) in the run's terms.
#[derive(Debug)]
pub(super) struct Columns {
    /// Run-wide site of each column.
    pub site: Vec<Option<SiteId>>,
    /// City index a station column averages into, or [`NO`].
    agg: Vec<u32>,
    /// City index a city-level column is, or [`NO`].
    direct: Vec<u32>,
    /// No site appears in two columns, so no column can shadow another.
    distinct: bool,
}

/// One block of an hour's values: a file's hour with its columns.
pub(super) struct Source {
    pub columns: Arc<Columns>,
    pub hour: HourBlock,
}

/// The running state of a batch.
pub(super) struct Pipeline<'a> {
    opts: &'a BatchOptions<'a>,
    stats_rules: Rules,
    rolling: bool,
    /// City series by city index (name, series).
    cities: Vec<(String, Series)>,
    city_ids: HashMap<String, u32>,
    /// Per site id: the city its values average into (non-control stations with a city).
    city_of_site: Vec<u32>,
    /// Per site id: the city a city-level site is.
    direct_of_site: Vec<u32>,
    /// Per-hour work buffers, by city index: sums of micro-units and counts per slot.
    sums: Vec<[(u64, u32); 6]>,
    direct: Vec<Option<Values>>,
    /// This hour's city values, by city index (a buffer kept between hours).
    values: Vec<Option<Values>>,
    /// Per site id: already taken this hour (several blocks of one hour).
    seen: Vec<bool>,
    /// Station series by site id (`station_daily`; boxed, as most runs have none).
    stations: Vec<Option<Box<Series>>>,
    /// Per city: the rolling 24-hour AQI of every hour since the first label (dense, so that
    /// it becomes the hindcast grid in place).
    hourly: Vec<Vec<Hour>>,
    /// The first label seen: hindcast hours count from it.
    first: Option<NaiveDateTime>,
    /// City-days in the order they were closed (day by day), sorted by city at the end: one
    /// vector rather than one per city, so that the result needs no second copy.
    city_days: Vec<SiteDay>,
    /// Per city index: has it any day?
    has_days: Vec<bool>,
    station_days: Vec<Vec<SiteDay>>,
    day: Option<NaiveDate>,
    last: Option<NaiveDateTime>,
}

impl<'a> Pipeline<'a> {
    pub(super) fn new(opts: &'a BatchOptions<'a>) -> Pipeline<'a> {
        Pipeline {
            opts,
            stats_rules: Rules::default(),
            rolling: opts.rules.basis == Basis::Rolling24,
            cities: Vec::new(),
            city_ids: HashMap::new(),
            city_of_site: Vec::new(),
            direct_of_site: Vec::new(),
            sums: Vec::new(),
            direct: Vec::new(),
            values: Vec::new(),
            seen: Vec::new(),
            stations: Vec::new(),
            hourly: Vec::new(),
            first: None,
            city_days: Vec::new(),
            has_days: Vec::new(),
            station_days: Vec::new(),
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
        self.has_days.push(false);
        i
    }

    /// Extends the per-site city tables to every site seen so far.
    fn learn_sites(&mut self, sites: &Sites) {
        for i in self.city_of_site.len()..sites.len() {
            let site = sites.get(SiteId(i as u32));
            let (agg, direct) = match site.kind {
                SiteKind::City => (NO, self.city_id(&site.key)),
                SiteKind::Station => match site.city.as_deref() {
                    Some(c) if !site.control => (self.city_id(c), NO),
                    _ => (NO, NO),
                },
            };
            self.city_of_site.push(agg);
            self.direct_of_site.push(direct);
            self.seen.push(false);
            self.stations.push(None);
            self.station_days.push(Vec::new());
        }
    }

    /// The columns of a file whose sites are run-wide ids already.
    pub(super) fn columns(&mut self, site: Vec<Option<SiteId>>, sites: &Sites) -> Arc<Columns> {
        self.learn_sites(sites);
        let of = |table: &[u32], s: Option<SiteId>| s.map_or(NO, |s| table[s.0 as usize]);
        let agg = site.iter().map(|&s| of(&self.city_of_site, s)).collect();
        let direct = site.iter().map(|&s| of(&self.direct_of_site, s)).collect();
        let mut ids: Vec<SiteId> = site.iter().flatten().copied().collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        Arc::new(Columns {
            distinct: ids.len() == n,
            site,
            agg,
            direct,
        })
    }

    /// A frame of the time-ordered stream (long files), as one block.
    pub(super) fn frame(&mut self, frame: HourFrame, sites: &Sites, quality: &mut Quality) {
        let width = frame.rows.len();
        let mut values = vec![NONE; SLOTS * width];
        for (col, r) in frame.rows.iter().enumerate() {
            for (s, v) in r.values.iter().enumerate() {
                if let Some(v) = v {
                    // Parsed values are whole micro-units (units.rs), so this is exact.
                    values[s * width + col] = v.to_micro();
                }
            }
        }
        let columns = self.columns(frame.rows.iter().map(|r| Some(r.site)).collect(), sites);
        let line = frame.rows.first().map_or(0, |r| r.line);
        let source = Source {
            columns,
            hour: HourBlock {
                time: frame.time,
                line,
                values,
            },
        };
        self.hour(frame.time, &[source], sites, quality);
    }

    fn close(&mut self, day: NaiveDate) {
        let standard = self.opts.standard;
        let aqi = AqiOptions::default();
        for ((name, s), has) in self.cities.iter_mut().zip(&mut self.has_days) {
            s.close_through(day);
            for d in s.take_days() {
                let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                *has = true;
                self.city_days.push(SiteDay {
                    site: name.clone(),
                    day: d,
                    aqi: r,
                });
            }
        }
        for (s, out) in self.stations.iter_mut().zip(&mut self.station_days) {
            let Some(s) = s else { continue };
            s.close_through(day);
            for d in s.take_days() {
                let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                out.push(SiteDay {
                    site: String::new(),
                    day: d,
                    aqi: r,
                });
            }
        }
    }

    /// Takes the hour `time` from its blocks (in file order: of one site in two blocks, the
    /// first block's values are kept, the same station-hour in two archive files being a
    /// duplicate file).
    pub(super) fn hour(
        &mut self,
        time: NaiveDateTime,
        sources: &[Source],
        sites: &Sites,
        quality: &mut Quality,
    ) {
        if self.last.is_some_and(|l| time <= l) {
            quality.notes.push(format!(
                "hour {} came after later hours (overlapping files); skipped",
                time.format("%Y-%m-%d %H:%M")
            ));
            return;
        }
        self.last = Some(time);
        self.first.get_or_insert(time);
        let d = day_of(time);
        if let Some(prev) = self.day
            && d > prev
        {
            self.close(prev);
        }
        self.day = Some(d);
        self.learn_sites(sites);
        if let [one] = sources
            && one.columns.distinct
        {
            self.add_block(one);
        } else {
            for (i, col, _) in self.first_columns(sources) {
                self.add_column(&sources[i], col);
            }
        }
        if self.opts.station_daily {
            self.push_stations(time, sources);
        }
        self.push_cities(time);
    }

    /// Adds a block whose columns are all distinct sites, none taken yet this hour.
    fn add_block(&mut self, src: &Source) {
        let cols = &src.columns;
        let width = cols.site.len();
        for s in 0..6 {
            let row = &src.hour.values[s * width..(s + 1) * width];
            for (&v, &c) in row.iter().zip(&cols.agg) {
                if v != NONE && c != NO {
                    let e = &mut self.sums[c as usize][s];
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
        for (col, &c) in cols.direct.iter().enumerate() {
            if c != NO {
                self.take_direct(src, col, c);
            }
        }
    }

    /// The column that holds each site's values this hour, as (block, column, site index):
    /// of a site in several blocks or columns, the first with any value, in file order (the
    /// same station-hour in two archive files is a duplicate file).
    fn first_columns(&mut self, sources: &[Source]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, src) in sources.iter().enumerate() {
            let width = src.columns.site.len();
            for (col, site) in src.columns.site.iter().enumerate() {
                let Some(site) = site else { continue };
                let si = site.0 as usize;
                if !self.seen[si] && src.hour.has_any(width, col) {
                    self.seen[si] = true;
                    out.push((i, col, si));
                }
            }
        }
        for &(_, _, si) in &out {
            self.seen[si] = false;
        }
        out
    }

    /// Adds one column of a block.
    fn add_column(&mut self, src: &Source, col: usize) {
        let cols = &src.columns;
        let width = cols.site.len();
        if cols.direct[col] != NO {
            self.take_direct(src, col, cols.direct[col]);
        } else if cols.agg[col] != NO {
            let sums = &mut self.sums[cols.agg[col] as usize];
            for (s, e) in sums.iter_mut().enumerate() {
                let v = src.hour.values[s * width + col];
                if v != NONE {
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
    }

    /// A city-level column's values, as they are (the O3 8-hour slot is computed, not read).
    fn take_direct(&mut self, src: &Source, col: usize, city: u32) {
        let width = src.columns.site.len();
        let mut v = src.hour.column(width, col);
        if v.iter().all(Option::is_none) {
            return;
        }
        v[Slot::O3EightHour as usize] = None;
        self.direct[city as usize] = Some(v);
    }

    /// Pushes the hour's city values into the city series (and the rolling hindcast).
    fn push_cities(&mut self, time: NaiveDateTime) {
        let min = self.stats_rules.min_stations_city.max(1);
        let offset = (time - self.first.expect("set")).num_hours() as usize;
        let standard = self.opts.standard.for_hour_ending(time);
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        for ci in 0..self.cities.len() {
            let v = match self.direct[ci].take() {
                Some(v) => Some(v),
                None => {
                    let sums = &mut self.sums[ci];
                    let mut v: Values = [None; 7];
                    for (slot, e) in v.iter_mut().zip(sums.iter()) {
                        if e.1 >= min {
                            *slot = Concentration::mean_of_micro(e.0, e.1);
                        }
                    }
                    Some(v)
                }
            };
            self.sums[ci] = Default::default();
            values.push(v.filter(|v| v.iter().any(Option::is_some)));
        }
        let rolling = self.rolling;
        self.cities
            .iter_mut()
            .zip(self.hourly.iter_mut())
            .zip(values.iter())
            .for_each(|(((_, series), hours), v)| {
                let Some(v) = v else { return };
                let hs = series.push(time, v);
                if rolling {
                    let res = score(
                        &hs.rolling_readings(),
                        Period::Day,
                        standard,
                        &AqiOptions::default(),
                    );
                    if hours.len() <= offset {
                        hours.resize(offset + 1, Hour::default());
                    }
                    hours[offset] = Hour {
                        aqi: res.max_iaqi.map(|a| a.value()),
                        primary: res.primary.iter().next(),
                        cause: None,
                    };
                }
            });
        self.values = values;
    }

    /// Pushes every site-hour of the blocks into its station series (first block wins).
    fn push_stations(&mut self, time: NaiveDateTime, sources: &[Source]) {
        for (i, col, si) in self.first_columns(sources) {
            let src = &sources[i];
            let v = src.hour.column(src.columns.site.len(), col);
            let fresh = self.series();
            self.stations[si]
                .get_or_insert_with(|| Box::new(fresh))
                .push(time, &v);
        }
    }

    /// Closes the last day and runs the hindcast.
    pub(super) fn finish(
        mut self,
        sites: &Sites,
    ) -> (Vec<SiteDay>, Vec<SiteDay>, Grid, Classification) {
        if let Some(d) = self.day {
            self.close(d);
        }
        // Cities in name order; stations by code.
        let mut order: Vec<usize> = (0..self.cities.len()).collect();
        order.sort_by(|&a, &b| self.cities[a].0.cmp(&self.cities[b].0));
        let mut names = Vec::new();
        let mut hourly = Vec::new();
        for &i in &order {
            if self.has_days[i] {
                names.push(self.cities[i].0.clone());
                hourly.push(std::mem::take(&mut self.hourly[i]));
            }
        }
        // By city, then date (days were closed in date order); the keys are unique, so the
        // unstable sort, which needs no buffer, gives the one order.
        let mut city_days = std::mem::take(&mut self.city_days);
        city_days.sort_unstable_by(|a, b| a.site.cmp(&b.site).then(a.day.date.cmp(&b.day.date)));
        let mut station_order: Vec<usize> = (0..self.station_days.len())
            .filter(|&i| !self.station_days[i].is_empty())
            .collect();
        station_order.sort_by(|&a, &b| {
            let key = |i: usize| &sites.get(SiteId(i as u32)).key;
            key(a).cmp(key(b))
        });
        let mut station_days = Vec::new();
        for i in station_order {
            let key = &sites.get(SiteId(i as u32)).key;
            for mut d in std::mem::take(&mut self.station_days[i]) {
                d.site.clone_from(key);
                station_days.push(d);
            }
        }
        // The hindcast: daily AQI held over the day's hours, or the rolling 24-hour AQI.
        let first = city_days.iter().map(|d| d.day.date).min();
        let last = city_days.iter().map(|d| d.day.date).max();
        let (Some(first), Some(last)) = (first, last) else {
            let g = Grid::new(NaiveDateTime::MIN, 0, &[]);
            return (city_days, station_days, g, Classification::default());
        };
        let start = first.and_hms_opt(1, 0, 0).expect("01:00");
        let len = ((last - first).num_days() as usize + 1) * 24;
        let mut grid = if self.rolling {
            // Each city's hours become its row of the grid: moved to start at `start`, padded
            // to `len`.
            let shift = (start - self.first.expect("hours were seen")).num_hours();
            let cities = names
                .iter()
                .zip(hourly)
                .map(|(city, mut hours)| {
                    if shift >= 0 {
                        hours.drain(..(shift as usize).min(hours.len()));
                    } else {
                        let pad =
                            std::iter::repeat_n(Hour::default(), shift.unsigned_abs() as usize);
                        hours.splice(0..0, pad);
                    }
                    hours.resize(len, Hour::default());
                    CitySeries {
                        city: city.clone(),
                        county: None,
                        hours,
                        published: Vec::new(),
                    }
                })
                .collect();
            Grid {
                start,
                len,
                basis: Basis::Rolling24,
                cities,
                counties: Vec::new(),
            }
        } else {
            Grid::new(start, len, &names)
        };
        if !self.rolling {
            let index: HashMap<&str, usize> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i))
                .collect();
            for d in &city_days {
                let ci = index[d.site.as_str()];
                let i0 = ((d.day.date - first).num_days() as usize) * 24;
                let h = Hour {
                    aqi: d.aqi.max_iaqi.map(|a| a.value()),
                    primary: d.aqi.primary.iter().next(),
                    cause: None,
                };
                grid.cities[ci].hours[i0..i0 + 24].fill(h);
            }
        }
        let c = classify(&grid, &self.opts.rules, &[], &[]);
        (city_days, station_days, grid, c)
    }
}

/// A CNEMC file's hours as blocks of the run, with its columns.
pub(super) fn sources(day: DayFile, columns: &Arc<Columns>) -> Vec<(NaiveDateTime, Source)> {
    day.hours
        .into_iter()
        .map(|h| {
            (
                h.time,
                Source {
                    columns: Arc::clone(columns),
                    hour: h,
                },
            )
        })
        .collect()
}
