//! Validity rules and aggregation: hourly values into 8-hour and 24-hour moving means, daily
//! means and maxima, and station values into city values.
//!
//! Rules (standards.md section 2): a daily mean needs at least 20 valid hourly values and an
//! 8-hour O3 mean at least 6 of its 8 hours (GB 3095—2026 表4, VERIFIED primary); the daily
//! maximum 8-hour O3 takes the windows ending 08:00-24:00 of the day, and a city's hourly value
//! is the mean of its non-control stations (HJ 663—2013, UNVERIFIED from memory, configurable).

pub mod city;
pub mod series;
mod window;

pub use city::city_values;
pub use series::{DayStats, HourStats, Series};

/// The validity and aggregation rules; the defaults are the documented ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Valid hourly values a daily mean needs (GB 3095—2026 表4: 20).
    pub min_hours_day: u32,
    /// Valid hours an 8-hour O3 mean needs (GB 3095—2026 表4: 6 of 8).
    pub min_hours_o3_8h: u32,
    /// The first hour-ending label whose 8-hour window counts for the daily maximum
    /// (HJ 663—2013 from memory: 8, so the 17 windows ending 08:00-24:00 lie inside the day;
    /// UNVERIFIED). 1 takes all 24 windows ending in the day.
    pub mda8_first_window_end: u32,
    /// Valid 8-hour windows the daily maximum needs (HJ 663—2013 from memory: 14; UNVERIFIED).
    pub mda8_min_windows: u32,
    /// Valid hours a 24-hour moving mean needs (UNVERIFIED; the daily rule, 20 of 24).
    pub min_hours_24h: u32,
    /// Valid stations a city's hourly value needs (HJ 663: not verified; default 1).
    pub min_stations_city: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            min_hours_day: 20,
            min_hours_o3_8h: 6,
            mda8_first_window_end: 8,
            mda8_min_windows: 14,
            min_hours_24h: 20,
            min_stations_city: 1,
        }
    }
}
