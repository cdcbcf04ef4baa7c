//! The classification engine (standards.md 3.4-3.6, practice.md 1-3).
//!
//! 1. Every area with a series of its own (each city; each county with its own forecast rows
//!    or stations) is classified on it (`local`): conditions counted in days of the
//!    daily AQI, runs bridged by the lifting rule counted as one process, exclusions decided
//!    per process. A county without a series follows its city's forecast.
//! 2. Regional linkage: for each region with a trigger, the highest level enough members
//!    reach is a floor for every member, held through dips no longer than the lifting time
//!    (a region's notice holds for its process). Dispatch orders are floors over their
//!    windows. A floor naming a city covers its counties.
//! 3. The final level of an hour is the highest of the three, its source the first of local,
//!    regional, dispatch that reaches it; short gaps between warnings are bridged, so a change
//!    of source is a change of one warning, not a new one (`history`).

use chrono::Timelike;

use super::WarningLevel;
use super::grid::Grid;
use super::history::{self, Floors, RegionalWhy, Unit};
use super::local::{Local, bridge, classify_series};
use super::reason::AdvisoryReason;
use super::rules::RuleSet;
use super::warning::{Advisory, Classification, Source};
use super::{DispatchOrder, Region, RegionalTrigger};

/// The areas of a grid: each city, then the counties (a county without hours of its own
/// borrows its city's series).
fn units(grid: &Grid) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit> = grid
        .cities
        .iter()
        .enumerate()
        .map(|(ci, s)| Unit {
            city: ci,
            county: None,
            name: s,
            series: s,
            own: true,
        })
        .collect();
    for (k, s) in grid.counties.iter().enumerate() {
        let Some(ci) = grid.cities.iter().position(|c| c.city == s.city) else {
            continue;
        };
        let own = !s.hours.is_empty();
        out.push(Unit {
            city: ci,
            county: Some(k),
            name: s,
            series: if own { s } else { &grid.cities[ci] },
            own,
        });
    }
    out
}

/// The local levels of unit `m` (every unit's are kept when regions link them).
fn lv(locals: &[Option<Local>], m: usize) -> &[WarningLevel] {
    &locals[m].as_ref().expect("kept for linkage").levels
}

/// Is unit `u` named by a list of cities and (city, county) pairs? A city covers its counties.
fn names(u: &Unit, cities: &[String], counties: &[(String, String)]) -> bool {
    let city = &u.name.city;
    cities.iter().any(|c| c == city)
        || u.name
            .county
            .as_ref()
            .is_some_and(|k| counties.iter().any(|(c, kk)| c == city && kk == k))
}

/// Is unit `u` itself a member (for counting a regional trigger)?
fn member(u: &Unit, r: &Region) -> bool {
    match &u.name.county {
        None => r.cities.contains(&u.name.city),
        Some(k) => r
            .counties
            .iter()
            .any(|(c, kk)| *c == u.name.city && kk == k),
    }
}

/// Classifies every area of the grid.
pub fn classify(
    grid: &Grid,
    rules: &RuleSet,
    regions: &[Region],
    dispatch: &[DispatchOrder],
) -> Classification {
    let n = grid.len;
    let first_hour = grid.start.hour();
    let units = units(grid);
    let nc = grid.cities.len();
    let gap = rules.lifting.hours as usize;
    let order: Vec<WarningLevel> = rules.levels.iter().map(|l| l.level).collect();

    // 1. Local levels of every area with a series of its own. Regional linkage counts every
    // member's levels, so with regions every area's result is kept; without (a national
    // batch), each is computed when its warnings are written, and dropped.
    let local_of = |u: &Unit| classify_series(&u.series.hours, first_hour, grid.basis, rules);
    let linked = regions.iter().any(|r| r.trigger != RegionalTrigger::None);
    let mut locals: Vec<Option<Local>> = Vec::new();
    if linked {
        for u in &units {
            let l = if u.own {
                local_of(u)
            } else {
                locals[u.city].clone().expect("cities come first")
            };
            locals.push(Some(l));
        }
    }
    // 2. Regional floors: the highest colour level enough members reach, bridged like a
    // warning. Floors and reasons only for the areas that have one (a national batch has
    // thousands of city-years and no region).
    let mut regional: Vec<Vec<WarningLevel>> = vec![Vec::new(); units.len()];
    // Each region's own level, hour by hour (empty for a region without a trigger).
    let mut region_levels: Vec<Vec<WarningLevel>> = vec![Vec::new(); regions.len()];
    let mut regional_why: Vec<Vec<Option<RegionalWhy>>> = vec![Vec::new(); units.len()];
    for (ri, r) in regions.iter().enumerate() {
        let members: Vec<usize> = (0..units.len()).filter(|&u| member(&units[u], r)).collect();
        if members.is_empty() || r.trigger == RegionalTrigger::None {
            continue;
        }
        let mut level = vec![WarningLevel::None; n];
        for (t, slot) in level.iter_mut().enumerate() {
            let count =
                |l: WarningLevel| members.iter().filter(|&&m| lv(&locals, m)[t] >= l).count();
            let meets = |k: usize| match r.trigger {
                RegionalTrigger::MinCities(x) => k as u32 >= x,
                RegionalTrigger::MinShare(s) => k as f64 >= s * members.len() as f64 - 1e-9,
                RegionalTrigger::None => false,
            };
            if let Some(l) = order
                .iter()
                .rev()
                .copied()
                .find(|&l| l.is_warning() && meets(count(l)))
            {
                *slot = l;
            }
        }
        let colour: Vec<WarningLevel> = order.iter().copied().filter(|l| l.is_warning()).collect();
        bridge(&mut level, &colour, gap);
        region_levels[ri].clone_from(&level);
        let published = |t: usize| {
            members
                .iter()
                .filter_map(|&m| units[m].series.published.get(t).copied().flatten())
                .max()
        };
        for u in 0..units.len() {
            let covered = names(&units[u], &r.cities, &r.counties);
            if !covered {
                continue;
            }
            for t in 0..n {
                if !level[t].is_warning() {
                    continue;
                }
                if regional[u].is_empty() {
                    regional[u] = vec![WarningLevel::None; n];
                    regional_why[u] = vec![None; n];
                }
                if level[t] > regional[u][t] {
                    regional[u][t] = level[t];
                    let count = members
                        .iter()
                        .filter(|&&m| lv(&locals, m)[t] >= level[t])
                        .count();
                    regional_why[u][t] = Some((ri, count, published(t)));
                }
            }
        }
    }

    // Dispatch floors: labels inside (start, end].
    let mut floor: Vec<Vec<WarningLevel>> = vec![Vec::new(); units.len()];
    let mut floor_why: Vec<Vec<Option<usize>>> = vec![Vec::new(); units.len()];
    for (oi, o) in dispatch.iter().enumerate() {
        for (u, unit) in units.iter().enumerate() {
            if !names(unit, &o.cities, &o.counties) {
                continue;
            }
            for t in 0..n {
                let label = grid.label(t);
                if label <= o.start || label > o.end {
                    continue;
                }
                if floor[u].is_empty() {
                    floor[u] = vec![WarningLevel::None; n];
                    floor_why[u] = vec![None; n];
                }
                if o.level > floor[u][t] {
                    floor[u][t] = o.level;
                    floor_why[u][t] = Some(oi);
                }
            }
        }
    }

    // 3. Final levels and the warnings of each area.
    let mut warnings: Vec<Vec<super::Warning>> = Vec::with_capacity(units.len());
    let mut finals: Vec<Vec<WarningLevel>> = Vec::with_capacity(units.len());
    let mut advisories = Vec::new();
    for (ui, u) in units.iter().enumerate() {
        // A county without a series of its own is classified on its city's.
        let computed;
        let local: &Local = match locals.get(ui) {
            Some(Some(l)) => l,
            _ => {
                computed = local_of(u);
                &computed
            }
        };
        if u.own {
            for e in &local.excluded {
                advisories.push(Advisory {
                    city: u.name.city.clone(),
                    county: u.name.county.clone(),
                    start: grid.label(e.from) - chrono::TimeDelta::hours(1),
                    end: grid.label(e.to - 1),
                    reason: AdvisoryReason {
                        exclusions: e.exclusions.clone(),
                        excluded: e.excluded,
                        polluted: e.polluted,
                        threshold: rules.lowest_threshold(),
                    },
                    level_otherwise: e.level,
                    max_aqi: e.max,
                });
            }
        }
        let at = |v: &Vec<WarningLevel>, t: usize| v.get(t).copied().unwrap_or_default();
        let mut fin = vec![WarningLevel::None; n];
        let mut src = vec![Source::Local; n];
        for t in 0..n {
            let (l, r, d) = (local.levels[t], at(&regional[ui], t), at(&floor[ui], t));
            fin[t] = l.max(r).max(d);
            src[t] = if l >= fin[t] {
                Source::Local
            } else if r >= fin[t] {
                Source::Regional
            } else {
                Source::Dispatch
            };
        }
        // A gap no longer than the lifting time between two warnings of different sources
        // does not lift: one warning (a bridged hour keeps the source before it).
        if !regional[ui].is_empty() || !floor[ui].is_empty() {
            let bridged = bridge(&mut fin, &order, gap);
            for t in 1..n {
                if bridged[t] && local.levels[t] < fin[t] {
                    src[t] = src[t - 1];
                }
            }
        }
        let floors = Floors {
            regional_why: &regional_why[ui],
            dispatch_why: &floor_why[ui],
        };
        let (adjusted, ws) = history::warnings(
            grid, u, local, &fin, &src, &floors, rules, regions, dispatch,
        );
        finals.push(adjusted);
        warnings.push(ws);
    }

    // A county whose levels are its city's has no warnings of its own: its city's cover it.
    let mut county_levels = vec![Vec::new(); grid.counties.len()];
    let mut out = Vec::new();
    for ci in 0..nc {
        out.append(&mut warnings[ci]);
        for (ui, u) in units.iter().enumerate().skip(nc) {
            if u.city != ci {
                continue;
            }
            if finals[ui] != finals[ci] {
                out.append(&mut warnings[ui]);
                county_levels[u.county.expect("county unit")] = std::mem::take(&mut finals[ui]);
            }
        }
    }
    finals.truncate(nc);
    // Advisories in the order of the warnings: each city, then its counties.
    let key = |a: &Advisory| {
        let ci = grid.cities.iter().position(|c| c.city == a.city);
        let k = a.county.as_ref().and_then(|k| {
            grid.counties
                .iter()
                .position(|c| c.city == a.city && c.county.as_ref() == Some(k))
        });
        (ci, k.map_or(0, |k| k + 1), a.start)
    };
    advisories.sort_by_key(key);
    Classification {
        warnings: out,
        advisories,
        levels: finals,
        county_levels,
        region_levels,
    }
}
