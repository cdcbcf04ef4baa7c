//! The classification engine (standards.md 3.4-3.6).
//!
//! Per city and hour: each level's conditions mark the hours of the runs that satisfy them
//! (a run of consecutive hours above a threshold, long enough); the hour's local level is the
//! highest marked. Dips no longer than the lifting time are bridged at the level around them,
//! which both merges episodes that the lifting rule does not separate and keeps the higher
//! level through frequent fluctuation; under the `aqi_at_most` convention a warning is also held
//! until the AQI stays at or below the lifting value for longer than the lifting time. Regional
//! linkage and dispatch orders then set floors, and the hours are cut into warnings, each with
//! its source and the rule branch and AQI values behind it.

use chrono::{NaiveDateTime, TimeDelta};

use super::WarningLevel;
use super::grid::{Grid, Hour};
use super::rules::{Condition, LiftingConvention, RuleSet};
use crate::aqi::Slot;
use crate::scenario::{DispatchOrder, Region, RegionalTrigger};

/// Where a warning comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The city's own forecast met the rule.
    Local,
    /// Regional linkage raised the city to the region's level.
    Regional,
    /// A provincial dispatch order set a floor.
    Dispatch,
}

impl Source {
    /// `local`, `regional` or `dispatch`.
    pub fn id(self) -> &'static str {
        match self {
            Source::Local => "local",
            Source::Regional => "regional",
            Source::Dispatch => "dispatch",
        }
    }
}

/// One warning period of one city at one level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// City.
    pub city: String,
    /// The regions the city belongs to (`;`-joined), or the one that triggered it.
    pub region: String,
    /// Level.
    pub level: WarningLevel,
    /// Nominal issue time: the start minus the rule set's lead time.
    pub issued_at: NaiveDateTime,
    /// Start (the beginning of the first hour).
    pub start: NaiveDateTime,
    /// End (the end of the last hour).
    pub end: NaiveDateTime,
    /// The rule branch that fired and the AQI values behind it.
    pub trigger: String,
    /// Local, regional or dispatch.
    pub source: Source,
}

/// A health advisory instead of a colour warning (2024: O3-driven, dust, wildfire,
/// cross-border episodes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advisory {
    /// City.
    pub city: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Why no colour warning (`O3 primary`, `dust`, …).
    pub reason: String,
    /// The level the AQI alone would have given.
    pub level_otherwise: WarningLevel,
    /// The highest AQI of the period.
    pub max_aqi: u16,
}

/// The result for all cities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    /// Warnings, by city (scenario order), then start.
    pub warnings: Vec<Warning>,
    /// Advisories, by city, then start.
    pub advisories: Vec<Advisory>,
    /// The final level of every city and hour, in grid order.
    pub levels: Vec<Vec<WarningLevel>>,
}

/// Why an hour has its local level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    None,
    /// Marked by branch `branch` of `level`'s rule; the run is `[from, to)`.
    Rule {
        level: WarningLevel,
        branch: usize,
        from: usize,
        to: usize,
    },
    /// A dip bridged at this level (shorter than the lifting time).
    Bridged(WarningLevel),
    /// Held until the lifting condition is met (`aqi_at_most`).
    Held(WarningLevel),
}

/// Maximal runs `[from, to)` of hours with AQI > `x`.
fn runs_above(v: &[Option<u16>], x: u16) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, a) in v.iter().enumerate() {
        match (a.is_some_and(|a| a > x), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, v.len()));
    }
    out
}

/// The intervals of hours a condition marks.
fn mark(c: &Condition, v: &[Option<u16>]) -> Vec<(usize, usize)> {
    match c {
        Condition::Above { threshold, hours } => runs_above(v, *threshold)
            .into_iter()
            .filter(|(a, b)| (b - a) as u32 >= *hours)
            .collect(),
        Condition::Reaches { threshold } => runs_above(v, threshold.saturating_sub(1)),
        Condition::All(cs) => {
            let Some((first, rest)) = cs.split_first() else {
                return Vec::new();
            };
            let others: Vec<Vec<(usize, usize)>> = rest.iter().map(|c| mark(c, v)).collect();
            mark(first, v)
                .into_iter()
                .filter(|&(a, b)| {
                    others
                        .iter()
                        .all(|iv| iv.iter().any(|&(c, d)| c < b && a < d))
                })
                .collect()
        }
    }
}

/// Local levels of one city from its (masked) values, with the reason of each hour.
fn local_levels(v: &[Option<u16>], rules: &RuleSet) -> (Vec<WarningLevel>, Vec<Why>) {
    let n = v.len();
    let mut level = vec![WarningLevel::None; n];
    let mut why = vec![Why::None; n];
    for rule in &rules.levels {
        for (branch, c) in rule.any.iter().enumerate() {
            for (from, to) in mark(c, v) {
                for t in from..to {
                    if rule.level > level[t] {
                        level[t] = rule.level;
                        why[t] = Why::Rule {
                            level: rule.level,
                            branch,
                            from,
                            to,
                        };
                    }
                }
            }
        }
    }
    // Bridge dips no longer than the lifting time, lowest level first, so that a short dip of
    // an orange episode into yellow stays orange and a short gap between episodes is one
    // episode (standards.md 3.4).
    let gap = rules.lifting.hours as usize;
    for rule in &rules.levels {
        let l = rule.level;
        let mut t = 0;
        while t < n {
            if level[t] >= l {
                t += 1;
                continue;
            }
            let a = t;
            while t < n && level[t] < l {
                t += 1;
            }
            let b = t;
            if a > 0 && b < n && b - a <= gap {
                for u in a..b {
                    level[u] = l;
                    why[u] = Why::Bridged(l);
                }
            }
        }
    }
    if rules.lifting.convention == LiftingConvention::AqiAtMost {
        let x = rules.lifting.aqi;
        let mut held = WarningLevel::None;
        for t in 0..n {
            if level[t].is_warning() {
                held = level[t];
                continue;
            }
            if !held.is_warning() {
                continue;
            }
            // Lifted once the AQI stays at or below the value for longer than the lifting time
            // (or until the forecast ends).
            let lifted = (t..(t + gap + 1).min(n)).all(|u| v[u].is_none_or(|a| a <= x));
            if lifted {
                held = WarningLevel::None;
            } else {
                level[t] = held;
                why[t] = Why::Held(held);
            }
        }
    }
    (level, why)
}

/// Is an hour excluded from colour warnings by the rule set?
fn excluded(h: &Hour, rules: &RuleSet) -> bool {
    let o3 = matches!(h.primary, Some(Slot::O3 | Slot::O3EightHour));
    (rules.exclusions.o3_primary && o3)
        || h.cause
            .is_some_and(|c| rules.exclusions.causes.contains(&c))
}

fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Classifies every city of the grid.
pub fn classify(
    grid: &Grid,
    rules: &RuleSet,
    regions: &[Region],
    dispatch: &[DispatchOrder],
) -> Classification {
    let n = grid.len;
    let nc = grid.cities.len();
    let city_index = |name: &str| grid.cities.iter().position(|c| c.city == name);
    // The reasons of each hour are recomputed city by city when the warnings are written
    // rather than kept for every city-hour: a national year is millions of city-hours.
    let masked = |c: &super::grid::CitySeries| -> Vec<Option<u16>> {
        c.hours
            .iter()
            .map(|h| h.aqi.filter(|_| !excluded(h, rules)))
            .collect()
    };
    let mut local = Vec::with_capacity(nc);
    let mut advisories = Vec::new();
    for c in &grid.cities {
        let masked = masked(c);
        let (lv, _) = local_levels(&masked, rules);
        let all: Vec<Option<u16>> = c.hours.iter().map(|h| h.aqi).collect();
        if all != masked {
            let (lv_all, _) = local_levels(&all, rules);
            advisories.extend(advisory_periods(grid, c, &lv, &lv_all));
        }
        local.push(lv);
    }

    // Regional floors (standards.md 3.5): the highest level that enough members reach.
    // Floors, like their reasons, only for the cities that have one (empty otherwise): a
    // national batch has thousands of city-years and no region.
    let mut regional: Vec<Vec<WarningLevel>> = vec![Vec::new(); nc];
    // Reasons only for the cities that have a floor (empty otherwise).
    let mut regional_why: Vec<Vec<Option<(usize, usize)>>> = vec![Vec::new(); nc];
    for (ri, r) in regions.iter().enumerate() {
        let members: Vec<usize> = r.cities.iter().filter_map(|c| city_index(c)).collect();
        if members.is_empty() || r.trigger == RegionalTrigger::None {
            continue;
        }
        for t in 0..n {
            let floor = rules.levels.iter().rev().map(|l| l.level).find(|&l| {
                let count = members.iter().filter(|&&m| local[m][t] >= l).count();
                match r.trigger {
                    RegionalTrigger::MinCities(k) => count as u32 >= k,
                    RegionalTrigger::MinShare(s) => count as f64 >= s * members.len() as f64 - 1e-9,
                    RegionalTrigger::None => false,
                }
            });
            let Some(floor) = floor else {
                continue;
            };
            let count = members.iter().filter(|&&m| local[m][t] >= floor).count();
            for &m in &members {
                if regional[m].is_empty() {
                    regional[m] = vec![WarningLevel::None; n];
                }
                if floor > regional[m][t] {
                    regional[m][t] = floor;
                    if regional_why[m].is_empty() {
                        regional_why[m] = vec![None; n];
                    }
                    regional_why[m][t] = Some((ri, count));
                }
            }
        }
    }

    // Dispatch floors: labels inside (start, end].
    let mut floor: Vec<Vec<WarningLevel>> = vec![Vec::new(); nc];
    let mut floor_why: Vec<Vec<Option<usize>>> = vec![Vec::new(); nc];
    for (oi, o) in dispatch.iter().enumerate() {
        for city in &o.cities {
            let Some(ci) = city_index(city) else {
                continue;
            };
            for t in 0..n {
                let label = grid.label(t);
                if label > o.start && label <= o.end && floor[ci].is_empty() {
                    floor[ci] = vec![WarningLevel::None; n];
                }
                if label > o.start && label <= o.end && o.level > floor[ci][t] {
                    floor[ci][t] = o.level;
                    if floor_why[ci].is_empty() {
                        floor_why[ci] = vec![None; n];
                    }
                    floor_why[ci][t] = Some(oi);
                }
            }
        }
    }

    let mut warnings = Vec::new();
    let mut levels = Vec::with_capacity(nc);
    let lead = TimeDelta::hours(i64::from(rules.lead_time_hours));
    for ci in 0..nc {
        let city = &grid.cities[ci].city;
        let member_of: Vec<&str> = regions
            .iter()
            .filter(|r| r.cities.iter().any(|c| c == city))
            .map(|r| r.name.as_str())
            .collect();
        let mut fin = vec![WarningLevel::None; n];
        let mut src = vec![Source::Local; n];
        for t in 0..n {
            let at = |v: &Vec<WarningLevel>| v.get(t).copied().unwrap_or(WarningLevel::None);
            let (l, r, d) = (local[ci][t], at(&regional[ci]), at(&floor[ci]));
            fin[t] = l.max(r).max(d);
            src[t] = if l >= fin[t] {
                Source::Local
            } else if r >= fin[t] {
                Source::Regional
            } else {
                Source::Dispatch
            };
        }
        let mut why = None;
        let mut t = 0;
        while t < n {
            if !fin[t].is_warning() {
                t += 1;
                continue;
            }
            let (a, level, source) = (t, fin[t], src[t]);
            while t < n && fin[t] == level && src[t] == source {
                t += 1;
            }
            let b = t;
            let start = grid.label(a) - TimeDelta::hours(1);
            let (trigger, region) = match source {
                Source::Local => (
                    local_trigger(
                        grid,
                        ci,
                        &why.get_or_insert_with(|| {
                            local_levels(&masked(&grid.cities[ci]), rules).1
                        })[a..b],
                        level,
                        rules,
                    ),
                    member_of.join(";"),
                ),
                Source::Regional => {
                    let (ri, count) = regional_why[ci][a].expect("set with the floor");
                    let r = &regions[ri];
                    let rule = match r.trigger {
                        RegionalTrigger::MinCities(k) => format!("at least {k} cities"),
                        RegionalTrigger::MinShare(s) => {
                            format!("at least {:.0}% of cities", s * 100.0)
                        }
                        RegionalTrigger::None => String::new(),
                    };
                    (
                        format!(
                            "regional linkage {}: {count} of {} cities at {level} or above ({rule})",
                            r.name,
                            r.cities.len()
                        ),
                        r.name.clone(),
                    )
                }
                Source::Dispatch => {
                    let o = &dispatch[floor_why[ci][a].expect("set with the floor")];
                    (
                        format!(
                            "dispatch order {}: at least {level} from {} to {}",
                            o.id,
                            fmt_time(o.start),
                            fmt_time(o.end)
                        ),
                        member_of.join(";"),
                    )
                }
            };
            warnings.push(Warning {
                city: city.clone(),
                region,
                level,
                issued_at: start - lead,
                start,
                end: grid.label(b - 1),
                trigger,
                source,
            });
        }
        levels.push(fin);
    }
    Classification {
        warnings,
        advisories,
        levels,
    }
}

/// The trigger text of a local warning: the first rule branch at this level in the period,
/// with its run and AQI values; or why the level is held.
fn local_trigger(
    grid: &Grid,
    ci: usize,
    why: &[Why],
    level: WarningLevel,
    rules: &RuleSet,
) -> String {
    let hours = &grid.cities[ci].hours;
    let rule = why.iter().find_map(|w| match *w {
        Why::Rule {
            level: l,
            branch,
            from,
            to,
        } if l == level => Some((branch, from, to)),
        _ => None,
    });
    let held = why
        .iter()
        .any(|w| matches!(w, Why::Bridged(_) | Why::Held(_)));
    match rule {
        Some((branch, from, to)) => {
            let cond = rules
                .levels
                .iter()
                .find(|r| r.level == level)
                .map(|r| r.any[branch].describe())
                .unwrap_or_default();
            let max = hours[from..to]
                .iter()
                .filter_map(|h| h.aqi)
                .max()
                .unwrap_or(0);
            let mut s = format!(
                "{} {level}: {cond} (AQI above from {} to {}, {} h, max {max})",
                rules.name,
                fmt_time(grid.label(from) - TimeDelta::hours(1)),
                fmt_time(grid.label(to - 1)),
                to - from
            );
            if held {
                s.push_str(&format!(
                    "; dips of at most {} h held at the higher level",
                    rules.lifting.hours
                ));
            }
            s
        }
        None => match why.first() {
            Some(Why::Held(_)) => format!(
                "{} {level} held: AQI not yet at or below {} for more than {} h",
                rules.name, rules.lifting.aqi, rules.lifting.hours
            ),
            _ => format!(
                "{} {level} held: the AQI fell below the {level} condition for at most {} h \
                 (lifting needs more than {} h)",
                rules.name, rules.lifting.hours, rules.lifting.hours
            ),
        },
    }
}

/// Periods where the AQI alone would give a warning but the excluded hours (O3-driven,
/// dust, …) leave none.
fn advisory_periods(
    grid: &Grid,
    c: &super::grid::CitySeries,
    masked: &[WarningLevel],
    all: &[WarningLevel],
) -> Vec<Advisory> {
    let mut out = Vec::new();
    let n = masked.len();
    let mut t = 0;
    while t < n {
        if !all[t].is_warning() || masked[t].is_warning() {
            t += 1;
            continue;
        }
        let a = t;
        while t < n && all[t].is_warning() && !masked[t].is_warning() {
            t += 1;
        }
        let hours = &c.hours[a..t];
        let mut reasons: Vec<String> = Vec::new();
        for h in hours {
            let r = match (h.primary, h.cause) {
                (_, Some(cause)) => cause.id().to_string(),
                (Some(Slot::O3 | Slot::O3EightHour), None) => "O3 primary".to_string(),
                _ => continue,
            };
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        out.push(Advisory {
            city: c.city.clone(),
            start: grid.label(a) - TimeDelta::hours(1),
            end: grid.label(t - 1),
            reason: reasons.join(";"),
            level_otherwise: all[a..t].iter().copied().max().unwrap_or_default(),
            max_aqi: hours.iter().filter_map(|h| h.aqi).max().unwrap_or(0),
        });
    }
    out
}
