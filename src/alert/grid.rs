//! The hourly series the classifier works on: one AQI value per city and hour-ending label on
//! a common time axis, with the primary pollutant and cause of each hour.

use chrono::{NaiveDateTime, TimeDelta};

use super::Cause;
use crate::aqi::Slot;

/// One hour of one city.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hour {
    /// The AQI that classifies this hour (daily or rolling 24-hour, per the rule set), or
    /// `None` where there is no forecast.
    pub aqi: Option<u16>,
    /// The primary pollutant, if known.
    pub primary: Option<Slot>,
    /// The cause, if one was given.
    pub cause: Option<Cause>,
}

/// The series of one city.
#[derive(Clone, Debug, PartialEq)]
pub struct CitySeries {
    /// City name.
    pub city: String,
    /// One entry per hour of the grid.
    pub hours: Vec<Hour>,
}

/// Every city on one hourly axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The label of the first hour (hour-ending: it covers `start - 1h` to `start`).
    pub start: NaiveDateTime,
    /// Number of hours.
    pub len: usize,
    /// The cities, in scenario order.
    pub cities: Vec<CitySeries>,
}

impl Grid {
    /// An empty grid of `len` hours from `start` for these cities.
    pub fn new(start: NaiveDateTime, len: usize, cities: &[String]) -> Grid {
        Grid {
            start,
            len,
            cities: cities
                .iter()
                .map(|c| CitySeries {
                    city: c.clone(),
                    hours: vec![Hour::default(); len],
                })
                .collect(),
        }
    }

    /// The label of hour `i`.
    pub fn label(&self, i: usize) -> NaiveDateTime {
        self.start + TimeDelta::hours(i as i64)
    }

    /// The index of a label, if on the grid.
    pub fn index(&self, label: NaiveDateTime) -> Option<usize> {
        let h = (label - self.start).num_hours();
        (h >= 0 && (h as usize) < self.len && label == self.label(h as usize)).then_some(h as usize)
    }

    /// The series of a city.
    pub fn city_mut(&mut self, name: &str) -> Option<&mut CitySeries> {
        self.cities.iter_mut().find(|c| c.city == name)
    }
}
