//! What the air did: the observed daily AQI of every city and the warnings the observations
//! justify, from monitoring files read exactly as `hazeplan batch` reads them (the same
//! ingest, city aggregation, daily AQI and warning hindcast; nothing re-implemented here).
//!
//! The justified warnings are the batch hindcast's: each city classified on its own observed
//! air under the run's rule set, with no regional or dispatch floor (those are decisions, not
//! air; practice.md 6 asks whether the air justified the response). The hindcast uses the
//! natural-day AQI, the quantity the plan's daily forecast was classified on, so forecast and
//! observation are compared like for like (standards.md 3.6: "natural-day AQI if only daily
//! given").

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use super::hotspots::{Finder, HotspotConfig, Hotspots, Scope};
use crate::Error;
use crate::alert::{Basis, RuleSet, Warning, WarningLevel};
use crate::aqi::StandardChoice;
use crate::batch::{BatchOptions, Sink, SiteDay};
use crate::ingest::{Quality, ReadOptions, Site, StationList, Values};

/// The observations of the run's cities.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// Daily AQI (the classifying value, the maximum sub-index) per city and day; `None`
    /// for a day with too few valid hours.
    pub daily: BTreeMap<(String, NaiveDate), Option<u16>>,
    /// The warnings the observations justify, per city then start.
    pub warnings: Vec<Warning>,
    /// The data-quality summary of the files.
    pub quality: Quality,
    /// The hotspots of the cities' stations, found in the same pass over the files.
    pub hotspots: super::hotspots::Hotspots,
}

impl Observed {
    /// The highest justified level in force on a day of a city (labels of the day: 01:00 to
    /// the next 00:00).
    pub fn level_on(&self, city: &str, date: NaiveDate) -> WarningLevel {
        let from = date.and_hms_opt(0, 0, 0).expect("midnight");
        let to = from + chrono::TimeDelta::days(1);
        self.warnings
            .iter()
            .filter(|w| w.city == city && w.county.is_none())
            .filter_map(|w| {
                w.changes
                    .windows(2)
                    .filter(|p| p[0].time < to && p[1].time > from)
                    .map(|p| p[0].level)
                    .max()
            })
            .max()
            .unwrap_or_default()
    }
}

/// Collects the batch's days and warnings, and the station-hours of the hotspots.
struct Collect<'a> {
    names: &'a [String],
    out: Observed,
    hotspots: Finder,
}

impl Sink for Collect<'_> {
    fn city_day(&mut self, _city: usize, day: &SiteDay) -> Result<(), Error> {
        if self.names.contains(&day.site) {
            self.out.daily.insert(
                (day.site.clone(), day.day.date),
                day.aqi.max_iaqi.map(|a| a.value()),
            );
        }
        Ok(())
    }

    fn station_day(&mut self, _station: usize, _day: &SiteDay) -> Result<(), Error> {
        Ok(())
    }

    fn wants_station_hours(&self) -> bool {
        true
    }

    fn station_hour(
        &mut self,
        time: NaiveDateTime,
        site: &Site,
        values: &Values,
    ) -> Result<(), Error> {
        self.hotspots.site_hour(time, site, values);
        Ok(())
    }

    fn warnings(&mut self, warnings: &[Warning]) -> Result<(), Error> {
        self.out.warnings.extend(
            warnings
                .iter()
                .filter(|w| self.names.contains(&w.city))
                .cloned(),
        );
        Ok(())
    }
}

/// Reads the observations of `cities` from `paths` and hindcasts their warnings under
/// `rules` (on the natural-day AQI); the hotspots under `hotspots` come from the same pass.
pub fn read(
    paths: &[PathBuf],
    stations: Option<StationList>,
    read: ReadOptions,
    rules: &RuleSet,
    standard: StandardChoice,
    cities: &[String],
    hotspots: &HotspotConfig,
) -> Result<Observed, Error> {
    let mut rules = rules.clone();
    rules.basis = Basis::Daily;
    let opts = BatchOptions {
        rules,
        standard,
        read,
        station_daily: false,
        progress: &|_, _| {},
        scratch: None,
    };
    let scope = Scope {
        cities: cities.to_vec(),
        ..Scope::default()
    };
    read_with(paths, stations, &opts, cities, Finder::new(hotspots, scope))
}

/// The hotspots alone of monitoring files (`hazeplan hotspots`), read as `hazeplan batch` reads
/// them, with the data-quality summary. The batch's city-days and hindcast are dropped.
pub fn read_hotspots(
    paths: &[PathBuf],
    stations: Option<StationList>,
    read: ReadOptions,
    cfg: &HotspotConfig,
    scope: Scope,
    progress: &(dyn Fn(usize, u64) + Sync),
) -> Result<(Hotspots, Quality), Error> {
    // The batch's hindcast runs anyway: on the natural day, the cheaper basis.
    let mut rules = RuleSet::shipped("national-2024").expect("shipped");
    rules.basis = Basis::Daily;
    let opts = BatchOptions {
        rules,
        standard: StandardChoice::Auto,
        read,
        station_daily: false,
        progress,
        scratch: None,
    };
    let out = read_with(paths, stations, &opts, &[], Finder::new(cfg, scope))?;
    Ok((out.hotspots, out.quality))
}

/// One batch pass: the days and warnings of `cities`, the station-hours into `hotspots`.
fn read_with(
    paths: &[PathBuf],
    stations: Option<StationList>,
    opts: &BatchOptions<'_>,
    cities: &[String],
    hotspots: Finder,
) -> Result<Observed, Error> {
    let mut sink = Collect {
        names: cities,
        out: Observed::default(),
        hotspots,
    };
    let result = crate::batch::run(paths, stations, opts, &mut sink)?;
    let mut out = sink.out;
    out.quality = result.quality;
    out.hotspots = sink.hotspots.finish();
    Ok(out)
}

/// Refuses observations that do not cover the plan: every city must have an observed daily
/// AQI on the first and the last day of the period and on at least `min_share` of its days.
pub fn check_coverage(
    obs: &Observed,
    cities: &[String],
    period: (NaiveDate, NaiveDate),
    min_share: f64,
) -> Result<(), Error> {
    let days = (period.1 - period.0).num_days() + 1;
    let mut problems = Vec::new();
    for c in cities {
        let have: Vec<NaiveDate> = obs
            .daily
            .range((c.clone(), period.0)..=(c.clone(), period.1))
            .filter(|(_, v)| v.is_some())
            .map(|((_, d), _)| *d)
            .collect();
        let (Some(first), Some(last)) = (have.first(), have.last()) else {
            problems.push(format!("{c}: no observed day in the period"));
            continue;
        };
        if *first > period.0 || *last < period.1 {
            problems.push(format!(
                "{c}: observed from {first} to {last}, the plan runs from {} to {}",
                period.0, period.1
            ));
        } else if (have.len() as f64) < min_share * days as f64 {
            problems.push(format!(
                "{c}: a daily AQI on only {} of the period's {days} days",
                have.len()
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Evaluation(format!(
        "the observations do not cover the plan's period ({} to {}):\n{}",
        period.0,
        period.1,
        problems.join("\n")
    )))
}
