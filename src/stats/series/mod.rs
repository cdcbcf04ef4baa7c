//! The running statistics of one site (a station or a city) over its hourly values in time
//! order: trailing 8-hour O3, 24-hour moving means across midnight, and daily values.
//!
//! Hours are labelled by their end (pipeline.md), so day D is the labels D 01:00 … D+1 00:00.
//! Missing hours, including hours absent from the input, count as invalid; memory is one day.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};

use super::Rules;
use super::window::WindowMax;
use crate::aqi::{Readings, Slot};
use crate::ingest::Values;
use crate::units::{Concentration, ExactSum, SlidingSum};

/// The six pollutants' 1-hour slots, the columns of the ring.
const HOURLY: [Slot; 6] = [
    Slot::Pm25,
    Slot::Pm10,
    Slot::So2,
    Slot::No2,
    Slot::Co,
    Slot::O3,
];
const O3: usize = 5;

/// The day an hour-ending label belongs to.
pub fn day_of(label: NaiveDateTime) -> NaiveDate {
    (label - TimeDelta::hours(1)).date()
}

/// The last label of a day: 00:00 of the next day.
pub fn end_of_day(day: NaiveDate) -> NaiveDateTime {
    (day + TimeDelta::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
}

/// What one hour gives: its values, the trailing 8-hour O3 and the 24-hour moving means.
#[derive(Clone, Debug, PartialEq)]
pub struct HourStats {
    /// The label.
    pub time: NaiveDateTime,
    /// The values as read (`o3_8h` only if the input had it).
    pub values: Values,
    /// Trailing 8-hour O3 mean ending at this label (>= 6 valid hours).
    pub o3_8h: Option<Concentration>,
    /// 24-hour moving means ending at this label, in `Slot` order of the six pollutants.
    pub mean_24h: [Option<Concentration>; 6],
    /// The highest 8-hour O3 of the windows inside the 24 hours ending at this label (the
    /// windows ending in its last 17 hours, as the daily maximum takes those inside the day),
    /// with at least the daily maximum's valid windows.
    pub o3_8h_max_24h: Option<Concentration>,
    /// The highest 1-hour O3 of the 24 hours, with at least the daily valid hours.
    pub o3_1h_max_24h: Option<Concentration>,
}

impl HourStats {
    /// The readings of the real-time report: 1-hour values, the input's O3 8-hour mean or
    /// else the computed one, and the 24-hour means the 2012 special cases use.
    pub fn readings(&self) -> Readings {
        let v = &self.values;
        Readings {
            pm25: v[0],
            pm10: v[1],
            so2: v[2],
            no2: v[3],
            co: v[4],
            o3: v[5],
            o3_8h: v[6].or(self.o3_8h),
            so2_24h: self.mean_24h[2],
            pm25_24h: self.mean_24h[0],
            pm10_24h: self.mean_24h[1],
        }
    }
}

impl HourStats {
    /// The readings of the rolling 24-hour AQI that warnings use (standards.md 2.5): the
    /// 24 hours are a day that may cross midnight, so they are the daily report's readings
    /// over them: the 24-hour means, the highest 8-hour O3 inside them and (scored under HJ
    /// 633—2012 only) the highest 1-hour O3, to be scored by the daily method.
    pub fn rolling_readings(&self) -> Readings {
        let m = &self.mean_24h;
        Readings {
            pm25: m[0],
            pm10: m[1],
            so2: m[2],
            no2: m[3],
            co: m[4],
            o3: self.o3_1h_max_24h,
            o3_8h: self.o3_8h_max_24h,
            ..Readings::default()
        }
    }
}

/// The daily values of one site.
#[derive(Clone, Debug, PartialEq)]
pub struct DayStats {
    /// The natural day.
    pub date: NaiveDate,
    /// Daily means of PM2.5, PM10, SO2, NO2, CO (`None` below the valid-hours rule).
    pub means: [Option<Concentration>; 5],
    /// Valid hours of PM2.5, PM10, SO2, NO2, CO, O3.
    pub hours: [u32; 6],
    /// The day's maximum 1-hour O3 (with at least the daily valid hours).
    pub o3_1h_max: Option<Concentration>,
    /// The day's maximum 8-hour O3 (with at least the required valid windows).
    pub o3_8h_max: Option<Concentration>,
    /// Valid 8-hour windows that counted.
    pub o3_8h_windows: u32,
}

impl DayStats {
    /// The readings of the daily report.
    pub fn readings(&self) -> Readings {
        Readings {
            pm25: self.means[0],
            pm10: self.means[1],
            so2: self.means[2],
            no2: self.means[3],
            co: self.means[4],
            o3: self.o3_1h_max,
            o3_8h: self.o3_8h_max,
            ..Readings::default()
        }
    }
}

#[derive(Clone, Debug)]
struct DayAcc {
    date: NaiveDate,
    sum: [ExactSum; 6],
    o3_max: Option<Concentration>,
    mda8: Option<Concentration>,
    windows: u32,
}

impl DayAcc {
    fn new(date: NaiveDate) -> DayAcc {
        DayAcc {
            date,
            sum: [ExactSum::default(); 6],
            o3_max: None,
            mda8: None,
            windows: 0,
        }
    }

    fn finish(&self, rules: &Rules) -> Option<DayStats> {
        let count = self.sum.map(|s| s.count());
        if count.iter().all(|&c| c == 0) {
            return None;
        }
        let mean = |i: usize| {
            (count[i] >= rules.min_hours_day)
                .then(|| self.sum[i].mean())
                .flatten()
        };
        Some(DayStats {
            date: self.date,
            means: [mean(0), mean(1), mean(2), mean(3), mean(4)],
            hours: count,
            o3_1h_max: self.o3_max.filter(|_| count[O3] >= rules.min_hours_day),
            o3_8h_max: self.mda8.filter(|_| self.windows >= rules.mda8_min_windows),
            o3_8h_windows: self.windows,
        })
    }
}

/// The running statistics of one site.
#[derive(Clone, Debug)]
pub struct Series {
    rules: Rules,
    /// The last 24 hours, `ring[pos]` the latest.
    ring: [[Option<Concentration>; 6]; 24],
    /// The sum of the last 8 hours' O3, for the trailing 8-hour mean.
    o3_8h_sum: SlidingSum,
    /// The highest trailing 8-hour O3 of the windows inside the last 24 hours, and the
    /// highest 1-hour O3 of the last 24 hours (rolling series only).
    o3_8h_max: WindowMax,
    o3_1h_max: WindowMax,
    /// The sums of the ring's columns, kept as values come and go (rolling series only): the
    /// 24-hour means of every hour of a national year are most of a batch's aggregation.
    sums_24h: [SlidingSum; 6],
    pos: usize,
    last: Option<NaiveDateTime>,
    acc: Option<DayAcc>,
    done: Vec<DayStats>,
    /// Whether `push` computes the 24-hour moving means (batch runs under a daily-basis rule
    /// set do not need them, and they are most of the cost of a push).
    rolling: bool,
}

fn max_conc(a: Option<Concentration>, b: Concentration) -> Option<Concentration> {
    match a {
        Some(a) if a.cmp_exact(b).is_ge() => Some(a),
        _ => Some(b),
    }
}

impl Series {
    /// An empty series.
    pub fn new(rules: Rules) -> Series {
        Series {
            rules,
            ring: [[None; 6]; 24],
            o3_8h_sum: SlidingSum::default(),
            o3_8h_max: WindowMax::new((25 - rules.mda8_first_window_end.clamp(1, 24)) as usize),
            o3_1h_max: WindowMax::new(24),
            sums_24h: [SlidingSum::default(); 6],
            pos: 0,
            last: None,
            acc: None,
            done: Vec::new(),
            rolling: true,
        }
    }

    /// An empty series whose hours carry no 24-hour moving means.
    pub fn without_rolling(rules: Rules) -> Series {
        Series {
            rolling: false,
            ..Series::new(rules)
        }
    }

    /// The mean of the latest `n` ring entries of column `c` with at least `min` valid.
    fn trailing(&self, c: usize, n: usize, min: u32) -> Option<Concentration> {
        let mut sum = ExactSum::default();
        for k in 0..n {
            if let Some(v) = self.ring[(self.pos + 24 - k) % 24][c] {
                sum.add(v);
            }
        }
        (sum.count() >= min).then(|| sum.mean()).flatten()
    }

    /// The 24-hour mean of column `c` (with the valid hours the rule asks), from its sliding
    /// sum; summed again from the ring when the sum's denominator outgrew 64 bits.
    fn mean_24h(&mut self, c: usize) -> Option<Concentration> {
        if self.sums_24h[c].overflowed() {
            let mut s = SlidingSum::default();
            for row in &self.ring {
                if let Some(v) = row[c] {
                    s.add(v);
                }
            }
            self.sums_24h[c] = s;
            if s.overflowed() {
                return self.trailing(c, 24, self.rules.min_hours_24h);
            }
        }
        let s = &self.sums_24h[c];
        (s.count() >= self.rules.min_hours_24h)
            .then(|| s.mean())
            .flatten()
    }

    /// One label forward. Returns the trailing 8-hour O3 at this label.
    /// `prev` is the label before `t` (`t` belongs to `prev`'s date, [`day_of`]).
    fn step(
        &mut self,
        t: NaiveDateTime,
        prev: NaiveDateTime,
        values: &Values,
    ) -> Option<Concentration> {
        let day = prev.date();
        if self.acc.as_ref().is_some_and(|a| a.date != day) {
            self.finish_day();
        }
        let acc = self.acc.get_or_insert_with(|| DayAcc::new(day));
        self.pos = (self.pos + 1) % 24;
        // The O3 of 8 labels ago leaves the 8-hour window.
        if let Some(old) = self.ring[(self.pos + 16) % 24][O3] {
            self.o3_8h_sum.remove(old);
        }
        if let Some(v) = values[Slot::O3 as usize] {
            self.o3_8h_sum.add(v);
        }
        for (c, slot) in HOURLY.iter().enumerate() {
            let v = values[*slot as usize];
            if self.rolling {
                // The value of 24 labels ago leaves the window as this one enters it.
                if let Some(old) = self.ring[self.pos][c] {
                    self.sums_24h[c].remove(old);
                }
                if let Some(v) = v {
                    self.sums_24h[c].add(v);
                }
            }
            self.ring[self.pos][c] = v;
            if let Some(v) = v {
                acc.sum[c].add(v);
            }
        }
        if let Some(o3) = values[Slot::O3 as usize] {
            acc.o3_max = max_conc(acc.o3_max, o3);
        }
        self.last = Some(t);
        let o3_8h = if self.o3_8h_sum.overflowed() {
            self.o3_8h_sum = SlidingSum::default();
            for k in 0..8 {
                if let Some(v) = self.ring[(self.pos + 24 - k) % 24][O3] {
                    self.o3_8h_sum.add(v);
                }
            }
            self.trailing(O3, 8, self.rules.min_hours_o3_8h)
        } else {
            (self.o3_8h_sum.count() >= self.rules.min_hours_o3_8h)
                .then(|| self.o3_8h_sum.mean())
                .flatten()
        };
        if self.rolling {
            self.o3_8h_max.push(o3_8h);
            self.o3_1h_max.push(values[Slot::O3 as usize]);
        }
        let end_hour = if t.hour() == 0 { 24 } else { t.hour() };
        if end_hour >= self.rules.mda8_first_window_end
            && let Some(w) = o3_8h
        {
            let acc = self.acc.as_mut().expect("set above");
            acc.windows += 1;
            acc.mda8 = max_conc(acc.mda8, w);
        }
        o3_8h
    }

    fn finish_day(&mut self) {
        if let Some(acc) = self.acc.take()
            && let Some(d) = acc.finish(&self.rules)
        {
            self.done.push(d);
        }
    }

    /// Steps through the labels after the last one up to `until` (inclusive) with no data.
    fn fill_to(&mut self, until: NaiveDateTime) {
        let Some(last) = self.last else {
            return;
        };
        if until - last > TimeDelta::hours(48) {
            // A long gap: nothing of the old day or ring survives it.
            self.finish_day();
            self.ring = [[None; 6]; 24];
            self.o3_8h_sum = SlidingSum::default();
            self.o3_8h_max.reset();
            self.o3_1h_max.reset();
            self.sums_24h = [SlidingSum::default(); 6];
            self.last = Some(until - TimeDelta::hours(24));
        }
        let empty: Values = [None; 7];
        let mut prev = self.last.expect("set");
        let mut t = prev + TimeDelta::hours(1);
        while t <= until {
            self.step(t, prev, &empty);
            prev = t;
            t += TimeDelta::hours(1);
        }
    }

    /// Adds the values of label `t` (later than any before) and returns the hour's statistics.
    pub fn push(&mut self, t: NaiveDateTime, values: &Values) -> HourStats {
        let prev = t - TimeDelta::hours(1);
        if self.last.is_some_and(|l| t <= l) {
            // Callers feed labels in order; a repeat would double-count.
            debug_assert!(false, "labels out of order");
        } else if self.last != Some(prev) {
            // Hours missing since the last label (most pushes follow it directly).
            self.fill_to(prev);
        }
        let o3_8h = self.step(t, prev, values);
        let (mean_24h, o3_8h_max_24h, o3_1h_max_24h) = if self.rolling {
            (
                std::array::from_fn(|c| self.mean_24h(c)),
                self.o3_8h_max.max(self.rules.mda8_min_windows),
                self.o3_1h_max.max(self.rules.min_hours_24h),
            )
        } else {
            ([None; 6], None, None)
        };
        HourStats {
            time: t,
            values: *values,
            o3_8h,
            mean_24h,
            o3_8h_max_24h,
            o3_1h_max_24h,
        }
    }

    /// Completes every day up to and including `day` (its missing hours count as invalid).
    pub fn close_through(&mut self, day: NaiveDate) {
        let end = end_of_day(day);
        if self.last.is_some_and(|l| l < end) {
            self.fill_to(end);
        }
        if self.acc.as_ref().is_some_and(|a| a.date <= day) {
            self.finish_day();
        }
    }

    /// The days completed since the last call.
    pub fn take_days(&mut self) -> Vec<DayStats> {
        std::mem::take(&mut self.done)
    }
}

#[cfg(test)]
mod tests;
