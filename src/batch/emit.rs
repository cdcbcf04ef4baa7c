//! The ordered end of a batch: what the cities gave ([`CityOut`]) goes to the sink, the
//! yearly figures and the hindcast's spill in the order of a one-thread run (day ends by
//! date, cities by index), so the output is the same for any number of threads.
//!
//! This is sequential work (a national year's 135,000 city-day rows, their yearly figures and
//! 3 million rolling hours), so when nothing else needs the sink during the run (no station
//! days or hours) it runs on a thread of its own ([`Outlet::thread`]), a few days behind the
//! reading, instead of between the reading's steps.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use chrono::NaiveDate;

use super::cities::CityOut;
use super::hindcast::Recorder;
use super::stats::Years;
use super::{BatchOptions, Sink, SiteDay, scratch_err};
use crate::Error;
use crate::alert::{Basis, Hour};
use crate::aqi::AqiResult;
use crate::stats::DayStats;

/// What the cities gave over some hours.
pub(super) struct Batch {
    /// Names of the cities first seen since the last batch (indices follow on).
    pub names: Vec<String>,
    /// The day ends the hours held (each city's days carry their number).
    pub closes: usize,
    /// By city index.
    pub outs: Vec<CityOut>,
}

/// The sink and what is counted on the way to it.
pub(super) struct Emitter<'a> {
    opts: &'a BatchOptions<'a>,
    pub sink: &'a mut dyn Sink,
    rolling: bool,
    /// City names by index.
    pub names: Vec<String>,
    /// Per city: the rolling 24-hour AQI of every hour since the first label, or the daily
    /// AQI of every day, spilled to a file city by city.
    pub hindcast: Recorder,
    /// The first and last city-day: the hindcast's axis.
    pub days_span: Option<(NaiveDate, NaiveDate)>,
    pub city_days: u64,
    pub years: Years,
    /// Per city index: has it any day?
    pub has_days: Vec<bool>,
    /// The first error of the sink or the spill: the hours go on being read (the merge runs
    /// inside a parallel join that cannot stop early), nothing more is written, and the run
    /// fails with it at the end.
    pub failed: Option<Error>,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(
        opts: &'a BatchOptions<'a>,
        sink: &'a mut dyn Sink,
    ) -> Result<Emitter<'a>, Error> {
        let hindcast = Recorder::new(opts.scratch.as_deref()).map_err(|e| scratch_err(opts, e))?;
        Ok(Emitter {
            opts,
            sink,
            rolling: opts.rules.basis == Basis::Rolling24,
            names: Vec::new(),
            hindcast,
            days_span: None,
            city_days: 0,
            years: Years::default(),
            has_days: Vec::new(),
            failed: None,
        })
    }

    /// Keeps the first error.
    pub(super) fn fail(&mut self, e: Error) {
        self.failed.get_or_insert(e);
    }

    /// Hands on a batch: the days of each day end, cities by index, then each city's
    /// rolling hours.
    fn batch(&mut self, mut b: Batch) {
        self.names.extend(b.names);
        self.has_days.resize(self.names.len(), false);
        let mut days: Vec<_> = b
            .outs
            .iter_mut()
            .map(|o| std::mem::take(&mut o.days).into_iter().peekable())
            .collect();
        for n in 0..b.closes {
            for (ci, city) in days.iter_mut().enumerate() {
                while let Some((_, d, r)) = city.next_if(|(at, ..)| *at == n) {
                    self.city_day(ci, d, r);
                }
            }
        }
        for (ci, out) in b.outs.iter().enumerate() {
            if self.failed.is_none()
                && !out.hours.is_empty()
                && let Err(e) = self.hindcast.hours(ci, &out.hours)
            {
                self.fail(scratch_err(self.opts, e));
            }
        }
    }

    /// A closed city-day: to the yearly figures, the sink and (daily basis) the hindcast.
    fn city_day(&mut self, ci: usize, d: DayStats, r: AqiResult) {
        self.has_days[ci] = true;
        let date = d.date;
        let span = self.days_span.get_or_insert((date, date));
        span.0 = span.0.min(date);
        span.1 = span.1.max(date);
        self.city_days += 1;
        let day = SiteDay {
            site: self.names[ci].clone(),
            day: d,
            aqi: r,
        };
        self.years.add(&day);
        if self.failed.is_some() {
            return;
        }
        let mut res = self.sink.city_day(ci, &day);
        if res.is_ok() && !self.rolling {
            let h = Hour {
                aqi: day.aqi.max_iaqi.map(|a| a.value()),
                primary: day.aqi.primary.iter().next(),
                cause: None,
            };
            res = (self.hindcast.day(ci, date, &h)).map_err(|e| scratch_err(self.opts, e));
        }
        if let Err(e) = res {
            self.fail(e);
        }
    }
}

/// Where batches go: to an emitter on this thread, or on its own.
pub(super) enum Outlet<'a, 'scope> {
    Here(Box<Emitter<'a>>),
    Thread {
        tx: SyncSender<Batch>,
        handle: ScopedJoinHandle<'scope, Emitter<'a>>,
    },
}

/// Batches in flight to the emitter thread: enough to keep it busy, few enough that the
/// reading is never many days ahead of the writing.
const IN_FLIGHT: usize = 2;

impl<'a, 'scope> Outlet<'a, 'scope> {
    /// An emitter on a thread of `scope`.
    pub(super) fn thread<'env>(
        scope: &'scope Scope<'scope, 'env>,
        mut emitter: Emitter<'a>,
    ) -> Outlet<'a, 'scope>
    where
        'a: 'scope,
    {
        let (tx, rx): (SyncSender<Batch>, Receiver<Batch>) = sync_channel(IN_FLIGHT);
        let handle = scope.spawn(move || {
            for b in rx {
                emitter.batch(b);
            }
            emitter
        });
        Outlet::Thread { tx, handle }
    }

    pub(super) fn send(&mut self, b: Batch) {
        match self {
            Outlet::Here(e) => e.batch(b),
            // A closed channel means the thread panicked: `finish` passes the panic on.
            Outlet::Thread { tx, .. } => {
                let _ = tx.send(b);
            }
        }
    }

    /// The emitter, when it is on this thread (station days and hours go to it directly).
    pub(super) fn here(&mut self) -> Option<&mut Emitter<'a>> {
        match self {
            Outlet::Here(e) => Some(e),
            Outlet::Thread { .. } => None,
        }
    }

    /// The emitter, every batch handed on.
    pub(super) fn finish(self) -> Emitter<'a> {
        match self {
            Outlet::Here(e) => *e,
            Outlet::Thread { tx, handle } => {
                drop(tx);
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            }
        }
    }
}
