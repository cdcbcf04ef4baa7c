//! Hindcasts: the observations of a scenario as a perfect forecast.
//!
//! The monitoring files are read as `hazeplan aqi` reads them; each scenario city's hourly
//! value is the mean of its listed stations (or of all its non-control stations), each
//! county's the mean of its own stations (a county without stations follows its city); each
//! area's series then gives the rolling 24-hour AQI of every hour (24-hour means of PM2.5,
//! PM10, SO2, NO2, CO, and the highest 8-hour O3 inside the 24 hours (and under HJ 633—2012
//! the highest 1-hour O3), scored by the daily method) and the natural-day AQI. The rule
//! set's basis picks which one classifies.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::Inputs;
use super::grid::{Grid, Hour};
use super::input::{DailyValue, sort_daily};
use super::rules::Basis;
use crate::aqi::{AqiOptions, AqiResult, Period, Slot, StandardChoice, score};
use crate::error::Error;
use crate::ingest::{
    FrameStream, HourFrame, MissingMarkers, Quality, ReadOptions, SiteKind, Values, expand_inputs,
    station_list,
};
use crate::stats::series::day_of;
use crate::stats::{Rules, Series, city_values};
use crate::units::ExactSum;

/// An hour of a city: its label, classifying AQI and first primary pollutant.
type HourValue = (NaiveDateTime, Option<u16>, Option<Slot>);
/// A city's days: AQI, first primary pollutant, all primary pollutants.
type Days = BTreeMap<NaiveDate, (Option<u16>, Option<Slot>, String)>;

/// The first primary pollutant of a result, if any.
fn first_primary(r: &AqiResult) -> Option<Slot> {
    r.primary.iter().next()
}

/// The value that classifies: the maximum sub-index (withholding under 2026 §5.3.1 is about
/// publication, and only concerns AQI <= 100 anyway).
fn value(r: &AqiResult) -> Option<u16> {
    r.max_iaqi.map(|a| a.value())
}

/// The mean of the listed stations' values in one frame, if any.
fn station_mean(frame: &HourFrame, stream: &FrameStream, stations: &[String]) -> Option<Values> {
    let mut sums = [ExactSum::default(); 6];
    for row in &frame.rows {
        let site = stream.sites.get(row.site);
        if site.kind == SiteKind::Station && stations.contains(&site.key) {
            for (s, v) in sums.iter_mut().zip(&row.values) {
                if let Some(v) = v {
                    s.add(*v);
                }
            }
        }
    }
    let mut v: Values = [None; 7];
    for (i, s) in sums.iter().enumerate() {
        v[i] = s.mean();
    }
    v.iter().any(Option::is_some).then_some(v)
}

/// The areas with a series of their own: every city, and every county with stations, as
/// (city index, county name).
fn observed_areas<'a>(scn: &Inputs<'a>) -> Vec<(usize, Option<&'a super::County>)> {
    let mut out: Vec<_> = (0..scn.cities.len()).map(|ci| (ci, None)).collect();
    for (ci, c) in scn.cities.iter().enumerate() {
        out.extend(
            c.counties
                .iter()
                .filter(|k| !k.stations.is_empty())
                .map(|k| (ci, Some(k))),
        );
    }
    out
}

/// The hourly values of each scenario area in one frame.
fn scenario_city_values(
    scn: &Inputs<'_>,
    areas: &[(usize, Option<&super::County>)],
    frame: &HourFrame,
    stream: &FrameStream,
    rules: &Rules,
) -> Vec<(usize, Values)> {
    let by_city = city_values(frame, &stream.sites, rules);
    let mut out = Vec::new();
    for (ai, &(ci, county)) in areas.iter().enumerate() {
        let city = &scn.cities[ci];
        let stations = match county {
            Some(k) => &k.stations,
            None => &city.stations,
        };
        if stations.is_empty() {
            if let Some(v) = by_city.get(&city.name) {
                out.push((ai, *v));
            }
            continue;
        }
        if let Some(v) = station_mean(frame, stream, stations) {
            out.push((ai, v));
        }
    }
    out
}

/// Reads the observations and builds the grid, the daily values and the data-quality summary.
pub fn from_observations(scn: &Inputs<'_>) -> Result<(Grid, Vec<DailyValue>, Quality), Error> {
    let Some(obs) = scn.observations else {
        return Err(Error::Usage(
            "forecast: observed needs `observations` in the scenario".into(),
        ));
    };
    let paths = expand_inputs(&obs.files)?;
    let stations = station_list(scn.stations)?;
    let opts = ReadOptions {
        format: obs.format,
        maps: obs.map.clone(),
        co_unit: obs.co_unit,
        missing: MissingMarkers::default(),
        city: obs.city.clone(),
        ..ReadOptions::default()
    };
    let stats_rules = Rules::default();
    let aqi_opts = AqiOptions::default();
    let standard: StandardChoice = scn.standard;
    let mut stream = FrameStream::open(&paths, stations, opts);
    let areas = observed_areas(scn);
    let nc = areas.len();
    let mut series: Vec<Series> = (0..nc).map(|_| Series::new(stats_rules)).collect();
    let mut hourly: Vec<Vec<HourValue>> = vec![Vec::new(); nc];
    let mut days: Vec<Days> = vec![BTreeMap::new(); nc];
    let mut current: Option<NaiveDate> = None;
    let close = |series: &mut Vec<Series>, days: &mut Vec<Days>, day: NaiveDate| {
        for (ci, s) in series.iter_mut().enumerate() {
            s.close_through(day);
            for d in s.take_days() {
                let r = score(
                    &d.readings(),
                    Period::Day,
                    standard.for_date(d.date),
                    &aqi_opts,
                );
                days[ci].insert(d.date, (value(&r), first_primary(&r), r.primary.join(";")));
            }
        }
    };
    while let Some(frame) = stream.next_frame() {
        let d = day_of(frame.time);
        if let Some(prev) = current
            && d > prev
        {
            close(&mut series, &mut days, prev);
        }
        current = Some(d);
        for (ci, values) in scenario_city_values(scn, &areas, &frame, &stream, &stats_rules) {
            let hs = series[ci].push(frame.time, &values);
            let res = score(
                &hs.rolling_readings(),
                Period::Day,
                standard.for_hour_ending(frame.time),
                &aqi_opts,
            );
            hourly[ci].push((frame.time, value(&res), first_primary(&res)));
        }
    }
    if let Some(prev) = current {
        close(&mut series, &mut days, prev);
    }
    let quality = std::mem::take(&mut stream.quality);
    let names: Vec<String> = scn.cities.iter().map(|c| c.name.clone()).collect();
    let area_of = |ai: usize| {
        let (ci, k) = areas[ai];
        (names[ci].clone(), k.map(|k| k.name.clone()))
    };
    let first = hourly.iter().filter_map(|h| h.first().map(|x| x.0)).min();
    let last = hourly.iter().filter_map(|h| h.last().map(|x| x.0)).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::NoObservations {
            reasons: no_data_reasons(&quality),
        });
    };
    let len = (last - first).num_hours() as usize + 1;
    let mut grid = Grid::new(first, len, &names);
    grid.basis = scn.rules.basis;
    grid.counties = Grid::county_rows(scn.cities);
    for ai in 0..nc {
        let (city, county) = area_of(ai);
        let mut hours = vec![Hour::default(); len];
        match scn.rules.basis {
            Basis::Rolling24 => {
                for &(t, aqi, primary) in &hourly[ai] {
                    let i = (t - first).num_hours() as usize;
                    hours[i] = Hour {
                        aqi,
                        primary,
                        cause: None,
                    };
                }
            }
            Basis::Daily => {
                for (i, h) in hours.iter_mut().enumerate() {
                    if let Some((aqi, primary, _)) = days[ai].get(&day_of(grid.label(i))) {
                        *h = Hour {
                            aqi: *aqi,
                            primary: *primary,
                            cause: None,
                        };
                    }
                }
            }
        }
        if let Some(s) = grid.area_mut(&city, county.as_deref()) {
            s.hours = hours;
        }
    }
    let mut daily: Vec<DailyValue> = Vec::new();
    for (ai, d) in days.iter().enumerate() {
        let (city, county) = area_of(ai);
        for (date, (aqi, _, primary)) in d {
            daily.push(DailyValue {
                city: city.clone(),
                county: county.clone(),
                date: *date,
                aqi: *aqi,
                primary: primary.clone(),
                published: String::new(),
            });
        }
    }
    sort_daily(&mut daily, scn.cities);
    Ok((grid, daily, quality))
}

/// Why each file gave nothing: its file-level defect (unreadable, no time columns …), else
/// that it held no rows of the scenario's cities.
fn no_data_reasons(q: &Quality) -> Vec<String> {
    let mut out: Vec<String> = q
        .files
        .iter()
        .map(|f| {
            q.defects
                .iter()
                .find(|d| &*d.file == f.file.as_str() && d.line == 0)
                .map_or_else(
                    || {
                        format!(
                            "{}: {} row(s), none of the scenario's cities in the period",
                            f.file, f.rows
                        )
                    },
                    |d| d.to_string(),
                )
        })
        .collect();
    if out.is_empty() {
        out.push("no files in the observations' folders".into());
    }
    out
}
