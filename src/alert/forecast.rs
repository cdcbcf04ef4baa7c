//! The forecast a classification reads: a table of daily or hourly values (AQI or PM2.5, a
//! single value or a published range) per city and county, or the observations themselves in
//! a hindcast.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use super::Cause;
use crate::aqi::Slot;

/// Where the series to classify comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Forecast {
    /// A hindcast: the observations, as a perfect forecast.
    Observed,
    /// A forecast table.
    Table(ForecastTable),
}

/// The time resolution of a forecast table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// One row per city and day (`date` column).
    Daily,
    /// One row per city and hour-ending label (`time` column).
    Hourly,
}

/// What a forecast table's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// AQI.
    Aqi,
    /// PM2.5 in ug/m3 (scored on the 24-hour table).
    Pm25,
}

/// A forecast table, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastTable {
    /// The CSV file (resolved path).
    pub path: PathBuf,
    /// Daily or hourly.
    pub resolution: Resolution,
    /// AQI or PM2.5.
    pub quantity: Quantity,
    /// The rows, sorted by city (scenario order), county (city rows first) then time.
    pub rows: Vec<ForecastRow>,
    /// When the whole table was published (`forecast.issued`), for rows without their own.
    pub issued: Option<NaiveDateTime>,
}

/// One forecast value.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastRow {
    /// City name.
    pub city: String,
    /// County name, for a county's own row.
    pub county: Option<String>,
    /// Daily: midnight starting the day (the day's labels are 01:00 … 24:00);
    /// hourly: the hour-ending label.
    pub time: NaiveDateTime,
    /// The value or range as published (`180-230`), low and high; equal for a single value.
    pub low: u32,
    /// See `low`.
    pub high: u32,
    /// The primary pollutant, if given.
    pub primary: Option<Slot>,
    /// The cause, if given.
    pub cause: Option<Cause>,
    /// When the row was published (`issued` column), if given.
    pub issued: Option<NaiveDateTime>,
    /// The line of the CSV, for messages.
    pub line: u64,
}
