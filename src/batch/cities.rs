//! The per-city half of a batch's aggregation, run for many cities at once.
//!
//! The city values of an hour are summed in time order by one thread ([`super::pipeline`]),
//! but what follows depends on one city's own series alone: its 8-hour and 24-hour windows,
//! its daily values and AQI, its rolling 24-hour AQI for the hindcast. That was most of a
//! national year's sequential time (a 370-city push and score every hour), so the hours of a
//! few days are kept ([`Deferred`]) and then pushed city by city in parallel; what each city
//! gives is handed on in the original order (day ends by date, cities by index), so the output
//! is the same for any number of threads.

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use super::hindcast::HourLog;
use crate::alert::Hour;
use crate::aqi::{AqiOptions, AqiResult, Period, Standard, StandardChoice, max_and_primary, score};
use crate::ingest::Values;
use crate::stats::{DayStats, Series};
use crate::units::Concentration;

/// Hours kept before they are pushed: a few days, so that each city's work is large against
/// the cost of sharing it out, and the kept values stay a few MB (a city-hour is 72 bytes, [`CityHour`]).
pub(super) const HOURS_AT_ONCE: usize = 96;

/// A city-hour as kept: per pollutant (the six before the O3 8-hour mean, which a city's
/// series computes, in [`crate::aqi::Slot`] order) the sum of its station values in
/// micro-units and how many, 0 for no value. 72 bytes where [`Values`] takes 176: every city
/// task reads one an hour from a row of all cities, and those reads were what the kept hours
/// cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CityHour {
    pub sum: [u64; 6],
    pub n: [u32; 6],
}

impl CityHour {
    /// The city's values: the exact mean of each sum (`None` for a city-hour with none).
    fn values(&self) -> Option<Values> {
        if self.n == [0; 6] {
            return None;
        }
        let mut v: Values = [None; 7];
        for (s, slot) in v.iter_mut().take(6).enumerate() {
            *slot = Concentration::mean_of_micro(self.sum[s], self.n[s]);
        }
        Some(v)
    }
}

/// What happened, in time order.
enum Event {
    /// An hour's city values: `values[start..start + len]`, by city index (cities first seen
    /// later have none).
    Hour {
        time: NaiveDateTime,
        /// Hours after the run's first label (the rolling hindcast's position).
        offset: usize,
        standard: Standard,
        start: usize,
        len: usize,
    },
    /// Every day through this one is complete.
    Close(NaiveDate),
}

/// What one city gave over the kept hours.
#[derive(Default)]
pub(super) struct CityOut {
    /// Its completed days with their AQI, each with the number of the day end (0, 1, … among
    /// the kept `Close` events) that completed it.
    pub days: Vec<(usize, DayStats, AqiResult)>,
    /// Its rolling 24-hour AQI (rolling basis), encoded for the spill ([`HourLog`]).
    pub hours: Vec<u8>,
}

/// The hours and day ends kept since the last [`Deferred::run`].
#[derive(Default)]
pub(super) struct Deferred {
    events: Vec<Event>,
    values: Vec<CityHour>,
    hours: usize,
    closes: usize,
}

impl Deferred {
    /// Keeps an hour's city values, which `fill` appends (by city index).
    pub(super) fn hour(
        &mut self,
        time: NaiveDateTime,
        offset: usize,
        standard: Standard,
        fill: impl FnOnce(&mut Vec<CityHour>),
    ) {
        let start = self.values.len();
        fill(&mut self.values);
        self.events.push(Event::Hour {
            time,
            offset,
            standard,
            start,
            len: self.values.len() - start,
        });
        self.hours += 1;
    }

    /// Keeps a day end: every day through `day` is complete.
    pub(super) fn close(&mut self, day: NaiveDate) {
        self.events.push(Event::Close(day));
        self.closes += 1;
    }

    /// Hours kept.
    pub(super) fn hours(&self) -> usize {
        self.hours
    }

    /// Day ends kept.
    pub(super) fn closes(&self) -> usize {
        self.closes
    }

    /// Pushes the kept hours into every city's series (`logs`: their rolling hours so far),
    /// cities in parallel, and forgets them; returns what each city gave, by index.
    pub(super) fn run(
        &mut self,
        cities: &mut [(String, Series)],
        logs: &mut Vec<HourLog>,
        standard: StandardChoice,
        rolling: bool,
    ) -> Vec<CityOut> {
        logs.resize_with(cities.len(), HourLog::default);
        let mut outs: Vec<CityOut> = Vec::new();
        outs.resize_with(cities.len(), CityOut::default);
        let kept = Kept {
            events: &self.events,
            values: &self.values,
            standard,
            rolling,
        };
        cities
            .par_iter_mut()
            .zip(logs.par_iter_mut())
            .zip(outs.par_iter_mut())
            .enumerate()
            .with_min_len(8)
            .for_each(|(ci, (((_, series), log), out))| {
                city(ci, series, log, out, &kept);
                out.hours = std::mem::take(&mut log.bytes);
            });
        self.events.clear();
        self.values.clear();
        self.hours = 0;
        self.closes = 0;
        outs
    }
}

/// The kept events as every city reads them.
struct Kept<'k> {
    events: &'k [Event],
    values: &'k [CityHour],
    standard: StandardChoice,
    rolling: bool,
}

/// One city (index `ci`) through the kept events.
fn city(ci: usize, series: &mut Series, log: &mut HourLog, out: &mut CityOut, kept: &Kept<'_>) {
    let Kept {
        events,
        values,
        standard,
        rolling,
    } = *kept;
    let aqi = AqiOptions::default();
    let mut closes = 0;
    for e in events {
        match *e {
            Event::Hour {
                time,
                offset,
                standard: hour_standard,
                start,
                len,
            } => {
                let Some(v) = (ci < len).then(|| values[start + ci].values()).flatten() else {
                    continue;
                };
                let hs = series.push(time, &v);
                if rolling {
                    let (max, primary) =
                        max_and_primary(&hs.rolling_readings(), Period::Day, hour_standard, &aqi);
                    let h = Hour {
                        aqi: max.map(|a| a.value()),
                        primary,
                        cause: None,
                    };
                    log.hour(offset, &h);
                }
            }
            Event::Close(day) => {
                series.close_through(day);
                for d in series.take_days() {
                    let r = score(&d.readings(), Period::Day, standard.for_date(d.date), &aqi);
                    out.days.push((closes, d, r));
                }
                closes += 1;
            }
        }
    }
}
