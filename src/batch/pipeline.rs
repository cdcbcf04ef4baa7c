//! The sequential half of a batch: hour by hour, in time order, station values into city
//! values (and station series into daily values and AQI); the city values of a few days at a
//! time then go through the city series in parallel ([`super::cities`]), daily values, AQI
//! and the city-hours of the hindcast.
//!
//! Closed days go through the [`Outlet`] to the run's sink, the hindcast values to a spill
//! file ([`super::hindcast`]), the yearly figures to [`super::stats::Years`]: nothing kept
//! grows with the number of days.
//!
//! An hour arrives as one or more column blocks ([`Source`]: a CNEMC file's hour, or an hour
//! frame of the stream in the same shape). City means are integer sums of micro-units over
//! column indices, the same rules as [`crate::stats::city_values`] without its string maps:
//! a city-level column is taken as it is, else the mean of the city's non-control stations
//! with at least `min_stations_city` valid values.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::cities::{self, CityHour, Deferred};
use super::emit::{Batch, Outlet};
use super::hindcast::{self, Axis, HourLog};
use super::stats::CityYear;
use super::{BatchOptions, SiteDay, scratch_err};
use crate::Error;
use crate::alert::Basis;
use crate::aqi::{AqiOptions, Period, score};
use crate::ingest::cnemc::{DayFile, HourBlock, NONE, SLOTS};
use crate::ingest::{HourFrame, Quality, SiteId, SiteKind, Sites};
use crate::stats::series::day_of;
use crate::stats::{Rules, Series};

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

/// What a batch ends with (the days went to the sink).
pub(super) struct Finished {
    /// City-days closed.
    pub city_days: u64,
    /// The hindcast warnings given to the sink.
    pub warnings: usize,
    /// Every city-year, by city then year.
    pub years: Vec<CityYear>,
}

/// The running state of a batch.
pub(super) struct Pipeline<'a, 'scope> {
    opts: &'a BatchOptions<'a>,
    /// Where the cities' days and hours go, in order.
    outlet: Outlet<'a, 'scope>,
    /// City names handed to the outlet so far.
    named: usize,
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
    direct: Vec<Option<CityHour>>,
    /// Per site id: already taken this hour (several blocks of one hour).
    seen: Vec<bool>,
    /// The sink takes every station-hour ([`Sink::wants_station_hours`]).
    station_hours: bool,
    /// Station series by site id (`station_daily`; boxed, as most runs have none).
    stations: Vec<Option<Box<Series>>>,
    /// City-hours and day ends not yet pushed into the city series.
    deferred: Deferred,
    /// Per city: its rolling hours not yet handed on.
    logs: Vec<HourLog>,
    /// The first label seen: hindcast hours count from it.
    first: Option<NaiveDateTime>,
    day: Option<NaiveDate>,
    last: Option<NaiveDateTime>,
}

impl<'a, 'scope> Pipeline<'a, 'scope> {
    /// A pipeline whose days go to `outlet`; `station_hours`: the sink takes every
    /// station-hour.
    pub(super) fn new(
        opts: &'a BatchOptions<'a>,
        outlet: Outlet<'a, 'scope>,
        station_hours: bool,
    ) -> Pipeline<'a, 'scope> {
        Pipeline {
            opts,
            station_hours,
            outlet,
            named: 0,
            stats_rules: Rules::default(),
            rolling: opts.rules.basis == Basis::Rolling24,
            cities: Vec::new(),
            city_ids: HashMap::new(),
            city_of_site: Vec::new(),
            direct_of_site: Vec::new(),
            sums: Vec::new(),
            direct: Vec::new(),
            seen: Vec::new(),
            stations: Vec::new(),
            deferred: Deferred::default(),
            logs: Vec::new(),
            first: None,
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

    /// Closes the days through `day` of every city and station: each goes to the sink, the
    /// yearly figures and (daily basis) the hindcast. The cities' days close with their kept
    /// hours ([`Self::flush`]); the stations' at once.
    fn close(&mut self, day: NaiveDate, sites: &Sites) {
        let standard = self.opts.standard;
        let aqi = AqiOptions::default();
        self.deferred.close(day);
        for (si, s) in self.stations.iter_mut().enumerate() {
            let Some(s) = s else { continue };
            s.close_through(day);
            for d in s.take_days() {
                let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                let day = SiteDay {
                    site: sites.get(SiteId(si as u32)).key.clone(),
                    day: d,
                    aqi: r,
                };
                let Some(em) = self.outlet.here() else {
                    debug_assert!(false, "station days go to an emitter on this thread");
                    continue;
                };
                if em.failed.is_none()
                    && let Err(e) = em.sink.station_day(si, &day)
                {
                    em.fail(e);
                }
            }
        }
    }

    /// Pushes the kept city-hours into the city series (cities in parallel) and hands what
    /// they gave to the outlet.
    fn flush(&mut self) {
        if self.deferred.hours() == 0 && self.deferred.closes() == 0 {
            return;
        }
        let closes = self.deferred.closes();
        let outs = self.deferred.run(
            &mut self.cities,
            &mut self.logs,
            self.opts.standard,
            self.rolling,
        );
        let names = self.cities[self.named..]
            .iter()
            .map(|(n, _)| n.clone())
            .collect();
        self.named = self.cities.len();
        self.outlet.send(Batch {
            names,
            closes,
            outs,
        });
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
            self.close(prev, sites);
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
        if self.opts.station_daily || self.station_hours {
            let firsts = self.first_columns(sources);
            if self.station_hours {
                self.give_station_hours(time, sources, &firsts, sites);
            }
            if self.opts.station_daily {
                self.push_stations(time, sources, &firsts);
            }
        }
        self.push_cities(time);
    }

    /// Adds a block whose columns are all distinct sites, none taken yet this hour.
    fn add_block(&mut self, src: &Source) {
        let cols = &src.columns;
        let width = cols.site.len();
        // Without branches (a missing value is as likely as not to follow a present one):
        // columns of no city add into a scratch entry past the cities, missing values add 0.
        let scratch = self.sums.len();
        self.sums.push(Default::default());
        for s in 0..6 {
            let row = &src.hour.values[s * width..(s + 1) * width];
            for (&v, &c) in row.iter().zip(&cols.agg) {
                let ok = v != NONE;
                let e = &mut self.sums[if c == NO { scratch } else { c as usize }][s];
                e.0 += if ok { v } else { 0 };
                e.1 += u32::from(ok);
            }
        }
        self.sums.pop();
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
        let values = &src.hour.values;
        if (0..SLOTS).all(|s| values[s * width + col] == NONE) {
            return;
        }
        // Each value a sum of one; a column with only the O3 8-hour mean still stands for
        // the city this hour, with no value.
        let mut h = CityHour::default();
        for s in 0..6 {
            let v = values[s * width + col];
            if v != NONE {
                (h.sum[s], h.n[s]) = (v, 1);
            }
        }
        self.direct[city as usize] = Some(h);
    }

    /// Pushes the hour's city values into the city series (and the rolling hindcast).
    fn push_cities(&mut self, time: NaiveDateTime) {
        let min = self.stats_rules.min_stations_city.max(1);
        let offset = (time - self.first.expect("set")).num_hours() as usize;
        let standard = self.opts.standard.for_hour_ending(time);
        let (direct, sums) = (&mut self.direct, &mut self.sums);
        self.deferred.hour(time, offset, standard, |values| {
            for (direct, sums) in direct.iter_mut().zip(sums.iter_mut()) {
                let h = direct.take().unwrap_or_else(|| {
                    let mut h = CityHour::default();
                    for (s, e) in sums.iter().enumerate() {
                        if e.1 >= min {
                            (h.sum[s], h.n[s]) = *e;
                        }
                    }
                    h
                });
                *sums = Default::default();
                values.push(h);
            }
        });
        if self.deferred.hours() >= cities::HOURS_AT_ONCE {
            self.flush();
        }
    }

    /// Gives every site-hour of the blocks to the sink (`firsts`: [`Self::first_columns`]).
    fn give_station_hours(
        &mut self,
        time: NaiveDateTime,
        sources: &[Source],
        firsts: &[(usize, usize, usize)],
        sites: &Sites,
    ) {
        let Some(em) = self.outlet.here() else {
            debug_assert!(false, "station hours go to an emitter on this thread");
            return;
        };
        if em.failed.is_some() {
            return;
        }
        for &(i, col, si) in firsts {
            let src = &sources[i];
            let v = src.hour.column(src.columns.site.len(), col);
            if let Err(e) = em.sink.station_hour(time, sites.get(SiteId(si as u32)), &v) {
                em.fail(e);
                return;
            }
        }
    }

    /// Pushes every site-hour of the blocks into its station series (`firsts`:
    /// [`Self::first_columns`]).
    fn push_stations(
        &mut self,
        time: NaiveDateTime,
        sources: &[Source],
        firsts: &[(usize, usize, usize)],
    ) {
        for &(i, col, si) in firsts {
            let src = &sources[i];
            let v = src.hour.column(src.columns.site.len(), col);
            let fresh = self.series();
            self.stations[si]
                .get_or_insert_with(|| Box::new(fresh))
                .push(time, &v);
        }
    }

    /// Closes the last day and runs the hindcast.
    pub(super) fn finish(mut self, sites: &Sites) -> Result<Finished, Error> {
        if let Some(d) = self.day {
            self.close(d, sites);
        }
        self.flush();
        let first_label = self.first;
        let mut em = self.outlet.finish();
        if let Some(e) = em.failed.take() {
            return Err(e);
        }
        em.sink.days_done()?;
        let spilled = em
            .hindcast
            .finish()
            .map_err(|e| scratch_err(self.opts, e))?;
        // Cities in name order, those with a day.
        let mut cities: Vec<(usize, String)> = (0..em.names.len())
            .filter(|&i| em.has_days[i])
            .map(|i| (i, em.names[i].clone()))
            .collect();
        cities.sort_by(|a, b| a.1.cmp(&b.1));
        let mut warnings = 0;
        if let Some((first, last)) = em.days_span {
            // The hindcast: daily AQI held over the day's hours, or the rolling 24-hour
            // AQI, from the first city-day's first hour to the last one's last.
            let axis = Axis {
                start: first.and_hms_opt(1, 0, 0).expect("01:00"),
                len: ((last - first).num_days() as usize + 1) * 24,
                first_label: first_label.expect("hours were seen"),
                first_day: first,
                basis: self.opts.rules.basis,
            };
            // A few cities at a time (classified in parallel), their warnings written and
            // counted before the next: a decade's warnings are never held at once.
            for group in cities.chunks(CITIES_AT_ONCE) {
                let ws = hindcast::warnings(&spilled, group, &axis, &self.opts.rules)
                    .map_err(|e| scratch_err(self.opts, e))?;
                em.years.count(&ws);
                warnings += ws.len();
                em.sink.warnings(&ws)?;
            }
        }
        Ok(Finished {
            city_days: em.city_days,
            years: em.years.finish(),
            warnings,
        })
    }
}

/// Cities classified together: enough to keep every core busy.
const CITIES_AT_ONCE: usize = 16;

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
