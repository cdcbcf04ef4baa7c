//! The local levels of one area from its own series (standards.md 3.4-3.6, practice.md 1-2):
//! which conditions hold and over which hours, the level of every hour, dips bridged and
//! warnings held by the lifting rule, and the exclusions decided once per process.

use super::grid::Hour;
use super::reason::Exclusion;
use super::rules::{LiftingConvention, RuleSet};
use super::runs::{Day, phases, satisfied};
use super::{Basis, WarningLevel};
use crate::aqi::Slot;

/// A satisfied condition: level, branch, the hours `[from, to)` it covers, the hour by which
/// it was established (`[from, known_by)` is the forecast it needed), its days above the
/// first threshold and the highest AQI of those days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub level: WarningLevel,
    pub branch: usize,
    pub from: usize,
    pub to: usize,
    pub known_by: usize,
    pub days: u32,
    pub max: u16,
    /// The first day of the run, as hours `[a, b)`, and the last.
    pub first_day: (usize, usize),
    pub last_day: (usize, usize),
}

/// Why an hour has its local level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Why {
    None,
    /// Covered by mark `i` of [`Local::marks`].
    Mark(usize),
    /// A dip no longer than the lifting time, bridged at this level.
    Bridged(WarningLevel),
    /// Held until the lifting condition is met (`aqi_at_most`).
    Held(WarningLevel),
}

/// Why the hours of an excluded process get an advisory instead of a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Excluded {
    /// Hours `[from, to)` of the process.
    pub from: usize,
    pub to: usize,
    /// The level the air alone would have given.
    pub level: WarningLevel,
    /// The exclusions met, in order of first hour.
    pub exclusions: Vec<Exclusion>,
    /// Hours above the rule set's lowest threshold, and how many of them are excluded.
    pub polluted: u32,
    pub excluded: u32,
    pub max: u16,
}

/// The local result of one series.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Local {
    pub levels: Vec<WarningLevel>,
    pub why: Vec<Why>,
    pub marks: Vec<Mark>,
    pub excluded: Vec<Excluded>,
    /// Processes kept whole although some of their hours are excluded: `[from, to)`, the
    /// excluded hours and the reasons.
    pub mixed: Vec<(usize, usize, u32, Vec<Exclusion>)>,
}

/// The exclusion an hour meets, if any (2024: O3-driven, dust …; 2019: dust).
pub(super) fn exclusion(h: &Hour, rules: &RuleSet) -> Option<Exclusion> {
    if let Some(c) = h.cause
        && rules.exclusions.causes.contains(&c)
    {
        return Some(Exclusion::Cause(c));
    }
    let o3 = matches!(h.primary, Some(Slot::O3 | Slot::O3EightHour));
    (rules.exclusions.o3_primary && o3).then_some(Exclusion::O3Primary)
}

/// The marks of every level's conditions over the series.
fn marks(v: &[Option<u16>], first_hour: u32, basis: Basis, rules: &RuleSet) -> Vec<Mark> {
    let mut out = Vec::new();
    for days in phases(v.len(), first_hour, basis) {
        let vals: Vec<Option<u16>> = days.iter().map(|d: &Day| v[d.at]).collect();
        if vals.iter().all(Option::is_none) {
            continue;
        }
        for rule in &rules.levels {
            for (branch, c) in rule.any.iter().enumerate() {
                for r in satisfied(c, &vals, &rules.lifting) {
                    out.push(Mark {
                        level: rule.level,
                        branch,
                        from: days[r.first].from,
                        to: days[r.last].to,
                        known_by: days[r.established].to,
                        days: r.count,
                        max: r.max,
                        first_day: (days[r.first].from, days[r.first].to),
                        last_day: (days[r.last].from, days[r.last].to),
                    });
                }
            }
        }
    }
    // Earliest first, so that an hour's reason is the run that started first.
    out.sort_by_key(|m| (m.level, m.from, m.branch, m.to));
    out
}

/// Bridges gaps of at most `gap` hours between stretches at `l` or above, lowest level first.
pub(super) fn bridge(levels: &mut [WarningLevel], order: &[WarningLevel], gap: usize) -> Vec<bool> {
    let n = levels.len();
    let mut bridged = vec![false; n];
    for &l in order {
        let mut t = 0;
        while t < n {
            if levels[t] >= l {
                t += 1;
                continue;
            }
            let a = t;
            while t < n && levels[t] < l {
                t += 1;
            }
            if a > 0 && t < n && t - a <= gap {
                for u in a..t {
                    levels[u] = l;
                    bridged[u] = true;
                }
            }
        }
    }
    bridged
}

/// Levels and reasons from the marks, with dips bridged and warnings held (standards.md 3.4).
fn levels(v: &[Option<u16>], marks: &[Mark], rules: &RuleSet) -> (Vec<WarningLevel>, Vec<Why>) {
    let n = v.len();
    let mut level = vec![WarningLevel::None; n];
    let mut why = vec![Why::None; n];
    for (i, m) in marks.iter().enumerate() {
        for t in m.from..m.to {
            if m.level > level[t] {
                level[t] = m.level;
                why[t] = Why::Mark(i);
            }
        }
    }
    // Bridge dips no longer than the lifting time, lowest level first, so that a short dip of
    // an orange episode into yellow stays orange and a short gap between episodes is one
    // episode; fluctuation between levels keeps the higher (Taiyuan 2019 §3.4.1).
    let gap = rules.lifting.hours as usize;
    let order: Vec<WarningLevel> = rules.levels.iter().map(|r| r.level).collect();
    for (t, b) in bridge(&mut level, &order, gap).into_iter().enumerate() {
        if b {
            why[t] = Why::Bridged(level[t]);
        }
    }
    if rules.lifting.convention == LiftingConvention::AqiAtMost {
        let x = rules.lifting.aqi;
        let mut held = WarningLevel::None;
        for t in 0..n {
            if level[t].is_active() {
                held = level[t];
                continue;
            }
            if !held.is_active() {
                continue;
            }
            // Lifted once the AQI stays at or below the value for longer than the lifting
            // time (or until the forecast ends).
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

/// Maximal stretches `[from, to)` of active levels.
pub(super) fn stretches(levels: &[WarningLevel]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut t = 0;
    while t < levels.len() {
        if !levels[t].is_active() {
            t += 1;
            continue;
        }
        let a = t;
        while t < levels.len() && levels[t].is_active() {
            t += 1;
        }
        out.push((a, t));
    }
    out
}

/// Classifies one series. Exclusions are decided per process (practice.md 2): a process is
/// advisory-only when most of its hours above the rule set's lowest threshold meet an
/// exclusion (O3 primary, an excluded cause); otherwise it is classified whole, its excluded
/// hours included (strictly, 从严).
pub(super) fn classify_series(
    hours: &[Hour],
    first_hour: u32,
    basis: Basis,
    rules: &RuleSet,
) -> Local {
    let v: Vec<Option<u16>> = hours.iter().map(|h| h.aqi).collect();
    if v.iter().all(Option::is_none) {
        return Local {
            levels: vec![WarningLevel::None; v.len()],
            why: vec![Why::None; v.len()],
            ..Local::default()
        };
    }
    let marks = marks(&v, first_hour, basis, rules);
    let (mut levels, mut why) = levels(&v, &marks, rules);
    let mut excluded = Vec::new();
    let mut mixed = Vec::new();
    let has_exclusions = rules.exclusions.o3_primary || !rules.exclusions.causes.is_empty();
    if has_exclusions {
        let low = rules.lowest_threshold();
        for (a, b) in stretches(&levels) {
            let mut polluted = 0u32;
            let mut out = 0u32;
            let mut reasons: Vec<Exclusion> = Vec::new();
            for h in &hours[a..b] {
                if h.aqi.is_some_and(|x| x > low) {
                    polluted += 1;
                    if let Some(r) = exclusion(h, rules) {
                        out += 1;
                        if !reasons.contains(&r) {
                            reasons.push(r);
                        }
                    }
                }
            }
            if out == 0 {
                continue;
            }
            if out * 2 > polluted {
                excluded.push(Excluded {
                    from: a,
                    to: b,
                    level: levels[a..b].iter().copied().max().unwrap_or_default(),
                    exclusions: reasons,
                    polluted,
                    excluded: out,
                    max: v[a..b].iter().flatten().copied().max().unwrap_or(0),
                });
                levels[a..b].fill(WarningLevel::None);
                why[a..b].fill(Why::None);
            } else {
                mixed.push((a, b, out, reasons));
            }
        }
    }
    Local {
        levels,
        why,
        marks,
        excluded,
        mixed,
    }
}
