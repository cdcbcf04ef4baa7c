//! The AQI engine: exact HJ 633—2012 and HJ 633—2026 scoring of concentrations into IAQI, AQI,
//! level, category and primary pollutants, for the real-time (hourly) and daily reports.
//!
//! The module owns the standards' arithmetic and nothing else: callers hand in concentrations
//! that are already aggregated (hourly, 24-hour or 8-hour means, see `stats`) and get plain
//! result structs back. Sources: standards.md section 1; vectors: aqi-test-vectors.md.
//!
//! Exactness: concentrations are exact rationals ([`Concentration`](crate::units::Concentration)); under HJ 633—2026 they
//! are rounded half to even (GB/T 8170, 2026 §4.2.2) to whole ug/m3 (CO: 0.1 mg/m3), under
//! HJ 633—2012 the value is scored as given, unrounded (standards.md 1.2), and the IAQI comes
//! from integer interpolation with a ceiling division. No float is ever rounded up.

pub mod breakpoints;
pub mod level;
mod score;
#[cfg(test)]
mod tests;
pub mod us_epa;

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::Serialize;

pub use breakpoints::{Breakpoint, Breakpoints, Table, breakpoints};
pub use level::{AqiLevel, Colour};
pub(crate) use score::interpolate;
pub use score::{
    AqiOptions, AqiResult, HourlyPm2012, Note, Readings, SlotScore, max_and_primary, score,
};

use crate::units::Pollutant;

/// The version of HJ 633 that scores a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Standard {
    /// HJ 633—2012, for data before 2026-03-01.
    #[serde(rename = "hj633-2012")]
    Hj633_2012,
    /// HJ 633—2026, in force from 2026-03-01 (approved 2026-02-14).
    #[serde(rename = "hj633-2026")]
    Hj633_2026,
}

impl Standard {
    /// The first day HJ 633—2026 applies (standards.md headline finding).
    pub fn effective_2026() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date")
    }

    /// The standard in force on a date.
    pub fn for_date(date: NaiveDate) -> Standard {
        if date < Standard::effective_2026() {
            Standard::Hj633_2012
        } else {
            Standard::Hj633_2026
        }
    }

    /// The standard for an hourly value labelled by the end of its hour: the value labelled
    /// 2026-03-01 00:00 is the mean of the last hour of February and is scored under 2012.
    pub fn for_hour_ending(end: NaiveDateTime) -> Standard {
        Standard::for_date((end - TimeDelta::hours(1)).date())
    }

    /// The identifier used on the command line and in files.
    pub fn id(self) -> &'static str {
        match self {
            Standard::Hj633_2012 => "hj633-2012",
            Standard::Hj633_2026 => "hj633-2026",
        }
    }

    /// The standard's title as printed on it.
    pub fn title(self) -> &'static str {
        match self {
            Standard::Hj633_2012 => "HJ 633—2012",
            Standard::Hj633_2026 => "HJ 633—2026",
        }
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which standard to use: fixed, or chosen by the data's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
pub enum StandardChoice {
    /// By date: HJ 633—2012 before 2026-03-01, HJ 633—2026 from then on.
    #[default]
    Auto,
    /// Always HJ 633—2012.
    #[value(name = "hj633-2012")]
    #[serde(rename = "hj633-2012")]
    Hj633_2012,
    /// Always HJ 633—2026.
    #[value(name = "hj633-2026")]
    #[serde(rename = "hj633-2026")]
    Hj633_2026,
}

impl StandardChoice {
    /// The standard for data of a given day.
    pub fn for_date(self, date: NaiveDate) -> Standard {
        match self {
            StandardChoice::Auto => Standard::for_date(date),
            StandardChoice::Hj633_2012 => Standard::Hj633_2012,
            StandardChoice::Hj633_2026 => Standard::Hj633_2026,
        }
    }

    /// The standard for an hourly value labelled by the end of its hour.
    pub fn for_hour_ending(self, end: NaiveDateTime) -> Standard {
        match self {
            StandardChoice::Auto => Standard::for_hour_ending(end),
            other => other.for_date(end.date()),
        }
    }
}

/// The report an AQI belongs to (standards.md 1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// The real-time (实时报) report of one hour.
    #[default]
    Hour,
    /// The daily (日报) report of one natural day.
    Day,
}

impl Period {
    /// `hour` or `day`.
    pub fn id(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
        }
    }
}

/// An AQI or IAQI value (0-500; the tables end at 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Aqi(u16);

impl Aqi {
    /// The cap of every table: values beyond a table's top score this.
    pub const MAX: Aqi = Aqi(500);

    /// A value, capped at 500.
    pub fn new(value: u16) -> Aqi {
        Aqi(value.min(500))
    }

    /// The integer value.
    pub fn value(self) -> u16 {
        self.0
    }

    /// The level of this value.
    pub fn level(self) -> AqiLevel {
        AqiLevel::of(self)
    }
}

impl fmt::Display for Aqi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An indicator slot of the reports: one pollutant and averaging period. In the real-time
/// report the slots hold 1-hour values (and, under 2012, the O3 8-hour moving mean); in the
/// daily report they hold 24-hour means, the daily maximum 1-hour O3 (2012 only) and the
/// daily maximum 8-hour O3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Slot {
    /// PM2.5.
    Pm25,
    /// PM10.
    Pm10,
    /// SO2.
    So2,
    /// NO2.
    No2,
    /// CO.
    Co,
    /// O3 1-hour (daily report: the day's maximum 1-hour value).
    O3,
    /// O3 8-hour (daily report: the day's maximum 8-hour moving mean).
    O3EightHour,
}

impl Slot {
    /// Every slot, in output column order.
    pub const ALL: [Slot; 7] = [
        Slot::Pm25,
        Slot::Pm10,
        Slot::So2,
        Slot::No2,
        Slot::Co,
        Slot::O3,
        Slot::O3EightHour,
    ];

    /// Machine key, as in `iaqi_<key>` columns and JSON.
    pub fn key(self) -> &'static str {
        ["pm25", "pm10", "so2", "no2", "co", "o3", "o3_8h"][self as usize]
    }

    /// The name used for primary pollutants (首要污染物), as CNEMC publishes them.
    pub fn name(self) -> &'static str {
        ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "O3_8h"][self as usize]
    }

    /// The pollutant measured in this slot.
    pub fn pollutant(self) -> Pollutant {
        match self {
            Slot::Pm25 => Pollutant::Pm25,
            Slot::Pm10 => Pollutant::Pm10,
            Slot::So2 => Pollutant::So2,
            Slot::No2 => Pollutant::No2,
            Slot::Co => Pollutant::Co,
            Slot::O3 | Slot::O3EightHour => Pollutant::O3,
        }
    }

    /// The breakpoint column that scores this slot in a report.
    pub fn table(self, period: Period) -> Table {
        match (self, period) {
            // Hourly PM is scored on the 24-hour table: HJ 633—2026 式1 notes, and the
            // national real-time publication under 2012 (checked against CNEMC's AQI rows).
            (Slot::Pm25, _) => Table::Pm25Day,
            (Slot::Pm10, _) => Table::Pm10Day,
            (Slot::So2, Period::Hour) => Table::So2Hour,
            (Slot::So2, Period::Day) => Table::So2Day,
            (Slot::No2, Period::Hour) => Table::No2Hour,
            (Slot::No2, Period::Day) => Table::No2Day,
            (Slot::Co, Period::Hour) => Table::CoHour,
            (Slot::Co, Period::Day) => Table::CoDay,
            (Slot::O3, _) => Table::O3Hour,
            (Slot::O3EightHour, _) => Table::O3EightHour,
        }
    }

    /// Parses a key (`pm25`) or a name (`PM2.5`).
    pub fn parse(s: &str) -> Option<Slot> {
        Slot::ALL
            .into_iter()
            .find(|x| x.key().eq_ignore_ascii_case(s) || x.name().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Slot {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Slot::parse(s).ok_or_else(|| format!("unknown pollutant '{s}'"))
    }
}

/// A set of slots (primary pollutants, missing indicators) without allocation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SlotSet(u8);

impl SlotSet {
    /// The empty set.
    pub const EMPTY: SlotSet = SlotSet(0);

    /// Adds a slot.
    pub fn insert(&mut self, s: Slot) {
        self.0 |= 1 << (s as u8);
    }

    /// Is `s` in the set?
    pub fn contains(self, s: Slot) -> bool {
        self.0 & (1 << (s as u8)) != 0
    }

    /// Is the set empty?
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of slots.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The slots in column order.
    pub fn iter(self) -> impl Iterator<Item = Slot> {
        Slot::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Names joined by `sep` (`PM2.5;PM10`).
    pub fn join(self, sep: &str) -> String {
        self.joined(sep).to_string()
    }

    /// Names joined by `sep`, to format without a string of their own.
    pub fn joined(self, sep: &str) -> impl std::fmt::Display + '_ {
        Joined { set: self, sep }
    }
}

/// [`SlotSet::joined`].
struct Joined<'a> {
    set: SlotSet,
    sep: &'a str,
}

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.set.iter().enumerate() {
            if i > 0 {
                f.write_str(self.sep)?;
            }
            f.write_str(s.name())?;
        }
        Ok(())
    }
}

impl FromIterator<Slot> for SlotSet {
    fn from_iter<T: IntoIterator<Item = Slot>>(iter: T) -> Self {
        let mut s = SlotSet::EMPTY;
        for x in iter {
            s.insert(x);
        }
        s
    }
}
