//! The hourly series the classifier works on: one daily AQI value per area (a city, or a
//! county of it) and hour-ending label on a common time axis, with the primary pollutant and
//! cause of each hour and, when the forecast says so, when each value was published.
//!
//! What an hour's value means is the grid's [`Basis`]: under `Daily` every hour holds the AQI
//! of its natural day; under `Rolling24` it holds the AQI of the 24 hours ending at it. Either
//! way it is a daily AQI: no threshold is ever compared with a 1-hour AQI (practice.md 1).

use chrono::{NaiveDateTime, TimeDelta};

use super::{Basis, Cause};
use crate::aqi::Slot;

/// One hour of one area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hour {
    /// The daily AQI that classifies this hour (natural-day or rolling 24-hour, per the
    /// grid's basis), or `None` where there is no forecast.
    pub aqi: Option<u16>,
    /// The primary pollutant, if known.
    pub primary: Option<Slot>,
    /// The cause, if one was given.
    pub cause: Option<Cause>,
}

/// The series of one area: a city, or a county (区县) of a city.
#[derive(Clone, Debug, PartialEq)]
pub struct CitySeries {
    /// City name.
    pub city: String,
    /// County name, for a county's own series.
    pub county: Option<String>,
    /// One entry per hour of the grid; empty for a county without data of its own (it
    /// follows its city).
    pub hours: Vec<Hour>,
    /// When the value of each hour was published, per hour of the grid; empty when the
    /// forecast does not say (the values are taken as known in time).
    pub published: Vec<Option<NaiveDateTime>>,
}

impl CitySeries {
    /// An area's name as people read it: `忻州` or `忻州 忻府区`.
    pub fn area(&self) -> String {
        match &self.county {
            Some(c) => format!("{} {c}", self.city),
            None => self.city.clone(),
        }
    }
}

/// Every area on one hourly axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The label of the first hour (hour-ending: it covers `start - 1h` to `start`).
    pub start: NaiveDateTime,
    /// Number of hours.
    pub len: usize,
    /// What the hourly values are: natural-day AQI held over the day, or rolling 24-hour AQI.
    pub basis: Basis,
    /// The cities, in scenario order.
    pub cities: Vec<CitySeries>,
    /// The counties the scenario lists, by city (scenario order) then county; a county
    /// without data of its own has empty `hours` and follows its city.
    pub counties: Vec<CitySeries>,
}

impl Grid {
    /// An empty grid of `len` hours from `start` for these cities.
    pub fn new(start: NaiveDateTime, len: usize, cities: &[String]) -> Grid {
        Grid {
            start,
            len,
            basis: Basis::Daily,
            cities: cities
                .iter()
                .map(|c| CitySeries {
                    city: c.clone(),
                    county: None,
                    hours: vec![Hour::default(); len],
                    published: Vec::new(),
                })
                .collect(),
            counties: Vec::new(),
        }
    }

    /// The rows of the scenario's counties, without hours of their own (they follow their
    /// city until a series of their own is set).
    pub fn county_rows(cities: &[super::City]) -> Vec<CitySeries> {
        cities
            .iter()
            .flat_map(|c| {
                c.counties.iter().map(|k| CitySeries {
                    city: c.name.clone(),
                    county: Some(k.name.clone()),
                    hours: Vec::new(),
                    published: Vec::new(),
                })
            })
            .collect()
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

    /// The series of an area: a city (`county` `None`) or a county.
    pub fn area_mut(&mut self, city: &str, county: Option<&str>) -> Option<&mut CitySeries> {
        match county {
            None => self.city_mut(city),
            Some(k) => self
                .counties
                .iter_mut()
                .find(|c| c.city == city && c.county.as_deref() == Some(k)),
        }
    }
}
