//! Chart data from the files of a `hazeplan run` folder: the periods of `warning_changes.csv`,
//! `daily.csv`, `projection.csv`, `sector_reductions.csv` and `regions.csv`, and pure
//! functions from those rows to the chart structs of [`super::data`].
//!
//! The builders never fail: the reader ([`super::read_run`]) has already refused what they could not
//! use (bad values, duplicate rows), naming the file and line. Charts whose file is absent are
//! left out (a run without inventories has no `sector_reductions.csv`; one from before the
//! projection has no `projection.csv`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::Chart;
use super::data::{
    CalendarChart, Marker, MarkerKind, ReductionChart, RegionGridChart, TimelineChart,
};
use crate::alert::{Cause, RangeBound, WarningLevel};
use crate::emissions::{EmissionPollutant, Sector, Share, Tonnes};
use crate::stats::series::day_of;

/// A period of a warning at one level, from `warning_changes.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningRow {
    /// City.
    pub city: String,
    /// County, for a county's own warning.
    pub county: Option<String>,
    /// Level.
    pub level: WarningLevel,
    /// Start of the warning period.
    pub start: NaiveDateTime,
    /// End of the warning period.
    pub end: NaiveDateTime,
}

/// A row of `daily.csv` (the columns charts use).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyRow {
    /// City.
    pub city: String,
    /// Day.
    pub date: NaiveDate,
    /// Daily AQI, if the day has one.
    pub aqi: Option<u16>,
    /// Highest warning level in force that day.
    pub warning: WarningLevel,
    /// The low and high ends of the forecast as published (`forecast_low`, `forecast_high`;
    /// absent in observations and in runs from before the columns).
    pub forecast_range: Option<(u32, u32)>,
}

/// A row of `advisories.csv`: a health advisory given instead of a colour warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvisoryRow {
    /// City.
    pub city: String,
    /// County, for a county's own advisory.
    pub county: Option<String>,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Why (`dust (48 of the process's 48 h above AQI 150)`).
    pub reason: String,
}

/// A row of `projection.csv`: one city-hour, without and with the measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectionRow {
    /// City.
    pub city: String,
    /// Hour-ending label, Beijing time.
    pub time: NaiveDateTime,
    /// AQI without measures.
    pub baseline_aqi: Option<u16>,
    /// AQI with the measures (central estimate).
    pub controlled_aqi: Option<u16>,
    /// Warning level in force without measures.
    pub baseline_level: WarningLevel,
    /// Warning level the controlled AQI calls for.
    pub controlled_level: WarningLevel,
    /// Low end of the controlled AQI (optional columns `controlled_aqi_low`/`_high`).
    pub controlled_low: Option<u16>,
    /// High end of the controlled AQI.
    pub controlled_high: Option<u16>,
}

/// A row of `sector_reductions.csv`: a city's cut of one pollutant by one sector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectorReductionRow {
    /// City.
    pub city: String,
    /// The level the cut is for.
    pub level: WarningLevel,
    /// Sector.
    pub sector: Sector,
    /// Pollutant.
    pub pollutant: EmissionPollutant,
    /// Reduction, t/day.
    pub reduced: Tonnes,
    /// The part of it that is the orders' estimated effect, t/day (`estimated_t`; a file
    /// written before it existed: everything outside industry).
    pub estimated: Tonnes,
    /// The city's society-wide emissions of the pollutant, t/day.
    pub inventory: Tonnes,
    /// The target share at this level (none: no target).
    pub target: Option<Share>,
    /// Whether the estimates count toward the target (`basis`; before it existed they did).
    pub estimates_count: bool,
}

/// A row of `regions.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionRow {
    /// Region.
    pub region: String,
    /// A city of the region.
    pub city: String,
}

/// Everything charts are drawn from; `None` where the run folder lacks the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRows {
    /// The level periods of `warning_changes.csv`.
    pub warnings: Vec<WarningRow>,
    /// `daily.csv`.
    pub daily: Vec<DailyRow>,
    /// `advisories.csv` (empty in runs from before it).
    pub advisories: Vec<AdvisoryRow>,
    /// `projection.csv`.
    pub projection: Option<Vec<ProjectionRow>>,
    /// `sector_reductions.csv`.
    pub sector_reductions: Option<Vec<SectorReductionRow>>,
    /// `regions.csv`.
    pub regions: Option<Vec<RegionRow>>,
}

/// All the charts of a run's rows with their file names: timelines, reductions, region grids,
/// calendars, each in the order of first appearance in its file.
pub fn charts(rows: &RunRows) -> Vec<(String, Chart)> {
    let mut out = Vec::new();
    if let Some(p) = &rows.projection {
        for c in timelines(p, &rows.warnings, &rows.advisories, &rows.daily) {
            out.push((
                format!("timeline_{}.png", file_part(&c.city)),
                Chart::Timeline(c),
            ));
        }
    }
    if let Some(r) = &rows.sector_reductions {
        for c in reduction_charts(r) {
            let name = format!("reductions_{}.png", file_part(&c.city));
            out.push((name, Chart::Reductions(c)));
        }
    }
    if let (Some(regions), Some(p)) = (&rows.regions, &rows.projection) {
        for c in region_charts(regions, p) {
            let name = format!("region_{}.png", file_part(&c.region));
            out.push((name, Chart::RegionGrid(c)));
        }
    }
    for c in calendar_charts(&rows.daily) {
        let name = format!("calendar_{}_{}.png", file_part(&c.city), c.year);
        out.push((name, Chart::Calendar(c)));
    }
    // Two names that differ only in characters a file name cannot hold would overwrite each
    // other: the later ones get a number.
    let mut seen = BTreeSet::new();
    for (name, _) in &mut out {
        if !seen.insert(name.clone()) {
            let stem = name.trim_end_matches(".png").to_string();
            let mut k = 2;
            while !seen.insert(format!("{stem}-{k}.png")) {
                k += 1;
            }
            *name = format!("{stem}-{k}.png");
        }
    }
    out
}

/// A name made safe as part of a file name: path separators, characters Windows refuses,
/// control characters and spaces become `_`. Chinese names are kept as they are.
pub fn file_part(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || r#"/\:*?"<>|"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    match s.as_str() {
        "" | "." | ".." => "_".to_string(),
        _ => s,
    }
}

/// Distinct values in order of first appearance.
fn in_order<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|s| seen.insert(*s))
        .map(str::to_string)
        .collect()
}

/// One timeline per city of the projection, with the city's warning periods, its health
/// advisories and pre-warnings marked, and which end of the published forecast ranges its
/// forecast values are (from `daily`). A city gets the controlled band when any of its rows
/// has a low or high value.
pub fn timelines(
    projection: &[ProjectionRow],
    warnings: &[WarningRow],
    advisories: &[AdvisoryRow],
    daily: &[DailyRow],
) -> Vec<TimelineChart> {
    in_order(projection.iter().map(|r| r.city.as_str()))
        .into_iter()
        .map(|city| {
            let by_time: BTreeMap<NaiveDateTime, &ProjectionRow> = projection
                .iter()
                .filter(|r| r.city == city)
                .map(|r| (r.time, r))
                .collect();
            let rows: Vec<&ProjectionRow> = by_time.into_values().collect();
            let has_band = rows
                .iter()
                .any(|r| r.controlled_low.is_some() || r.controlled_high.is_some());
            TimelineChart {
                title: format!("{city} 逐时空气质量指数（AQI）：基线与采取措施后"),
                times: rows.iter().map(|r| r.time).collect(),
                baseline: rows.iter().map(|r| r.baseline_aqi).collect(),
                controlled: rows.iter().map(|r| r.controlled_aqi).collect(),
                band: has_band.then(|| {
                    (
                        rows.iter().map(|r| r.controlled_low).collect(),
                        rows.iter().map(|r| r.controlled_high).collect(),
                    )
                }),
                warnings: warnings
                    .iter()
                    .filter(|w| w.city == city && w.county.is_none() && w.level.is_active())
                    .map(|w| (w.start, w.end, w.level))
                    .collect(),
                markers: markers(&city, warnings, advisories),
                forecast_bound: forecast_bound(daily.iter().filter(|r| r.city == city)),
                city,
            }
        })
        .collect()
}

/// The city's own advisories (`健康提示：沙尘`) and pre-warning periods (`预警提示`), in time
/// order; a county's are left out, as its warnings are.
fn markers(city: &str, warnings: &[WarningRow], advisories: &[AdvisoryRow]) -> Vec<Marker> {
    let mut out: Vec<Marker> = advisories
        .iter()
        .filter(|a| a.city == city && a.county.is_none())
        .map(|a| Marker {
            start: a.start,
            end: a.end,
            kind: MarkerKind::Advisory,
            label: advisory_label(&a.reason),
        })
        .collect();
    out.extend(
        warnings
            .iter()
            .filter(|w| w.city == city && w.county.is_none() && w.level == WarningLevel::Pre)
            .map(|w| Marker {
                start: w.start,
                end: w.end,
                kind: MarkerKind::PreWarning,
                label: "预警提示".to_string(),
            }),
    );
    out.sort_by_key(|m| (m.start, m.end));
    out
}

/// `健康提示` with the causes of the advisory's reason (`dust;O3 primary (…)` gives
/// `健康提示：沙尘、臭氧`); a reason it cannot read gives the plain label.
fn advisory_label(reason: &str) -> String {
    let head = reason.split(" (").next().unwrap_or("");
    let causes: Vec<&str> = head
        .split(';')
        .filter_map(|x| match x.trim() {
            "O3 primary" => Some("臭氧"),
            x => Cause::parse(x).map(crate::report::reason::cause_zh),
        })
        .collect();
    if causes.is_empty() {
        "健康提示".to_string()
    } else {
        format!("健康提示：{}", causes.join("、"))
    }
}

/// Which end of the published ranges the days' values are: the one every ranged day (low
/// below high) agrees with, the upper end first when a day cannot tell (a range of width 1
/// has its midpoint at the top). `None` without ranges, or when the values are not the
/// ranges' ends (a PM2.5 forecast, scored as an AQI).
fn forecast_bound<'a>(rows: impl Iterator<Item = &'a DailyRow>) -> Option<RangeBound> {
    let mut left = vec![RangeBound::Upper, RangeBound::Lower, RangeBound::Middle];
    let mut ranged = false;
    for r in rows {
        let (Some((low, high)), Some(aqi)) = (r.forecast_range, r.aqi) else {
            continue;
        };
        if low >= high {
            continue;
        }
        ranged = true;
        left.retain(|b| crate::alert::input::bound(low, high, *b) == u32::from(aqi));
    }
    if ranged { left.first().copied() } else { None }
}

/// One reduction chart per city, at the city's highest level in the rows: each sector's cut
/// of each pollutant as a share of the city's society-wide emissions of that pollutant.
pub fn reduction_charts(rows: &[SectorReductionRow]) -> Vec<ReductionChart> {
    in_order(rows.iter().map(|r| r.city.as_str()))
        .into_iter()
        .map(|city| {
            let level = rows
                .iter()
                .filter(|r| r.city == city)
                .map(|r| r.level)
                .max()
                .unwrap_or_default();
            let mine: Vec<&SectorReductionRow> = rows
                .iter()
                .filter(|r| r.city == city && r.level == level)
                .collect();
            let sectors: Vec<Sector> = Sector::ALL
                .into_iter()
                .filter(|s| mine.iter().any(|r| r.sector == *s))
                .collect();
            let per_sector = |part: fn(&SectorReductionRow) -> Tonnes| -> Vec<[f64; 4]> {
                sectors
                    .iter()
                    .map(|s| {
                        std::array::from_fn(|p| {
                            mine.iter()
                                .filter(|r| {
                                    r.sector == *s && r.pollutant == EmissionPollutant::ALL[p]
                                })
                                .map(|r| ratio(part(r), r.inventory))
                                .sum()
                        })
                    })
                    .collect()
            };
            let shares = per_sector(|r| r.reduced);
            let estimated = per_sector(|r| r.estimated);
            // One target per city and level; should rows disagree, the strictest is drawn.
            let target = mine
                .iter()
                .filter_map(|r| r.target)
                .max()
                .unwrap_or_default();
            ReductionChart {
                title: format!("{city} {}：各污染物减排量（按行业）", level.label_zh()),
                level,
                sectors,
                shares,
                estimated,
                estimates_count: mine.iter().all(|r| r.estimates_count),
                target: f64::from(target.ppm()) / 1e6,
                pollutants: EmissionPollutant::ALL,
                city,
            }
        })
        .collect()
}

/// `reduced / inventory`, 0 for an empty inventory (nothing to cut, nothing cut).
fn ratio(reduced: Tonnes, inventory: Tonnes) -> f64 {
    if inventory.micro() == 0 {
        0.0
    } else {
        reduced.micro() as f64 / inventory.micro() as f64
    }
}

/// One grid per region of `regions.csv`, its cities in file order, over every day from the
/// first to the last of the projection of those cities: the highest hourly level of each
/// city-day (an hour-ending 00:00 belongs to the day before), baseline and controlled.
pub fn region_charts(regions: &[RegionRow], projection: &[ProjectionRow]) -> Vec<RegionGridChart> {
    in_order(regions.iter().map(|r| r.region.as_str()))
        .into_iter()
        .map(|region| {
            let cities = in_order(
                regions
                    .iter()
                    .filter(|r| r.region == region)
                    .map(|r| r.city.as_str()),
            );
            let mut top: BTreeMap<(&str, NaiveDate), (WarningLevel, WarningLevel)> =
                BTreeMap::new();
            for r in projection.iter().filter(|r| cities.contains(&r.city)) {
                let e = top.entry((r.city.as_str(), day_of(r.time))).or_default();
                e.0 = e.0.max(r.baseline_level);
                e.1 = e.1.max(r.controlled_level);
            }
            let first = top.keys().map(|k| k.1).min();
            let last = top.keys().map(|k| k.1).max();
            let days: Vec<NaiveDate> = match (first, last) {
                (Some(a), Some(b)) => a.iter_days().take_while(|d| *d <= b).collect(),
                _ => Vec::new(),
            };
            let grid = |pick: fn(&(WarningLevel, WarningLevel)) -> WarningLevel| {
                cities
                    .iter()
                    .map(|c| {
                        days.iter()
                            .map(|d| top.get(&(c.as_str(), *d)).map(pick).unwrap_or_default())
                            .collect()
                    })
                    .collect()
            };
            RegionGridChart {
                title: format!("{region} 各城市逐日预警级别：基线与采取措施后"),
                baseline: grid(|x| x.0),
                controlled: grid(|x| x.1),
                panels: None,
                cities,
                days,
                region,
            }
        })
        .collect()
}

/// One calendar per city and year of `daily.csv` that has at least one daily AQI; or, for a
/// city whose rows cover less than three months (a run's period), one month calendar of the
/// period, named by its first year, with the warning level of each day.
pub fn calendar_charts(daily: &[DailyRow]) -> Vec<CalendarChart> {
    use chrono::Datelike;
    let mut out = Vec::new();
    for city in in_order(daily.iter().map(|r| r.city.as_str())) {
        let rows: Vec<&DailyRow> = daily.iter().filter(|r| r.city == city).collect();
        let mut years: BTreeMap<i32, BTreeMap<NaiveDate, u16>> = BTreeMap::new();
        for r in &rows {
            if let Some(aqi) = r.aqi {
                years.entry(r.date.year()).or_default().insert(r.date, aqi);
            }
        }
        if years.is_empty() {
            continue;
        }
        let first = rows.iter().map(|r| r.date).min();
        let last = rows.iter().map(|r| r.date).max();
        if let (Some(first), Some(last)) = (first, last)
            && first
                .checked_add_months(chrono::Months::new(3))
                .is_some_and(|end| last < end)
        {
            let months = if first.year() == last.year() && first.month() == last.month() {
                format!("{}年{}月", first.year(), first.month())
            } else if first.year() == last.year() {
                format!("{}年{}月至{}月", first.year(), first.month(), last.month())
            } else {
                format!(
                    "{}年{}月至{}年{}月",
                    first.year(),
                    first.month(),
                    last.year(),
                    last.month()
                )
            };
            let warnings: BTreeMap<NaiveDate, WarningLevel> = rows
                .iter()
                .filter(|r| r.warning.is_active())
                .map(|r| (r.date, r.warning))
                .collect();
            out.push(CalendarChart {
                city: city.clone(),
                title: format!("{city} {months} 逐日空气质量指数（AQI）与预警"),
                year: first.year(),
                days: years.into_values().flatten().collect(),
                period: Some((first, last)),
                warnings: warnings.into_iter().collect(),
            });
            continue;
        }
        for (year, days) in years {
            out.push(CalendarChart {
                city: city.clone(),
                title: format!("{city} {year}年 逐日空气质量指数（AQI）"),
                year,
                days: days.into_iter().collect(),
                period: None,
                warnings: Vec::new(),
            });
        }
    }
    out
}
