//! From an area's final levels to its warnings: one warning per process (from the first issue
//! to the final lift), each with the history of its changes, the time each change was decided
//! and the flags of the 2024 guidance (practice.md 2).
//!
//! Times: a change cannot take effect before the forecast (or notice) behind it was
//! published, so an hour whose level was published after it began keeps the level before it
//! (upgrades take effect when decided). The first issue is the later of that publication
//! and the start minus the rule set's lead time; an issue later than the lead time is flagged.
//! A regional or dispatch floor with no forecast above its level's threshold behind it is
//! flagged too.

use chrono::{NaiveDateTime, TimeDelta};

use super::WarningLevel;
use super::grid::{CitySeries, Grid};
use super::local::{Local, Why};
use super::reason::{Hold, Lift, Mixed, Reason, RegionRule, RuleMet};
use super::rules::{Condition, LiftingConvention, RuleSet};
use super::warning::{Change, ChangeKind, Flag, Source, Warning};
use super::{DispatchOrder, Region, RegionalTrigger};

/// Why an hour has a regional floor: region, members at the level or above, and when the
/// members' forecasts behind it were published.
pub(super) type RegionalWhy = (usize, usize, Option<chrono::NaiveDateTime>);

/// An area being classified: its city (index in the grid), county (index in the grid's
/// counties), the series that names it and the series it is classified on.
pub(super) struct Unit<'a> {
    pub city: usize,
    pub county: Option<usize>,
    pub name: &'a CitySeries,
    pub series: &'a CitySeries,
    /// Whether `series` is its own (a county without one follows its city's).
    pub own: bool,
}

/// The floors of one area and why it has them (empty when it has none).
pub(super) struct Floors<'a> {
    pub regional_why: &'a [Option<RegionalWhy>],
    pub dispatch_why: &'a [Option<usize>],
}

/// Everything the reasons of one area need.
struct Ctx<'a> {
    grid: &'a Grid,
    unit: &'a Unit<'a>,
    local: &'a Local,
    floors: &'a Floors<'a>,
    rules: &'a RuleSet,
    regions: &'a [Region],
    dispatch: &'a [DispatchOrder],
}

impl Ctx<'_> {
    fn start_of(&self, t: usize) -> NaiveDateTime {
        self.grid.label(t) - TimeDelta::hours(1)
    }

    fn published(&self, t: usize) -> Option<NaiveDateTime> {
        self.unit.series.published.get(t).copied().flatten()
    }

    /// When a floor at hour `t` was known: the publication of the members' forecasts behind
    /// a regional notice, the notice of a dispatch order.
    fn known_at(&self, t: usize, source: Source) -> Option<NaiveDateTime> {
        match source {
            Source::Local => self.published(t),
            Source::Regional => self.floors.regional_why.get(t).copied().flatten()?.2,
            Source::Dispatch => {
                let oi = self.floors.dispatch_why.get(t).copied().flatten()?;
                self.dispatch[oi].issued
            }
        }
    }

    /// Why hour `t` has its level from `source`.
    fn reason(&self, t: usize, level: WarningLevel, source: Source) -> Reason {
        let r = self.rules;
        match source {
            Source::Local => {
                let city_forecast = !(self.unit.own || self.unit.name.county.is_none());
                let mixed = self
                    .local
                    .mixed
                    .iter()
                    .find(|(a, b, _, _)| (*a..*b).contains(&t))
                    .map(|(_, _, n, why)| Mixed {
                        hours: *n,
                        exclusions: why.clone(),
                    });
                // The mark behind the level in force (a lower one than the hour's highest when
                // the higher was not yet published).
                let mark = match self.local.why[t] {
                    Why::Mark(i) if self.local.marks[i].level == level => Some(i),
                    Why::Mark(_) => self
                        .local
                        .marks
                        .iter()
                        .position(|m| m.level == level && m.from <= t && t < m.to),
                    _ => None,
                };
                let held = |level, how| Reason::Held {
                    rules: r.name.clone(),
                    level,
                    how,
                    city_forecast,
                    mixed: mixed.clone(),
                };
                match self.local.why[t] {
                    _ if mark.is_some() => {
                        Reason::Rule(self.rule_met(mark.expect("some"), city_forecast, mixed))
                    }
                    Why::Mark(i) => Reason::Rule(self.rule_met(i, city_forecast, mixed)),
                    Why::Held(l) => held(
                        l,
                        Hold::NotYetLifted {
                            aqi: r.lifting.aqi,
                            hours: r.lifting.hours,
                        },
                    ),
                    Why::Bridged(l) => held(
                        l,
                        Hold::Bridged {
                            hours: r.lifting.hours,
                        },
                    ),
                    // A gap between two warnings bridged at the final level.
                    Why::None => held(
                        level,
                        Hold::Gap {
                            hours: r.lifting.hours,
                        },
                    ),
                }
            }
            Source::Regional => match self.floors.regional_why.get(t).copied().flatten() {
                Some((ri, count, _)) => {
                    let reg = &self.regions[ri];
                    Reason::Regional {
                        region: reg.name.clone(),
                        count,
                        members: reg.cities.len() + reg.counties.len(),
                        trigger: match reg.trigger {
                            RegionalTrigger::MinCities(k) => RegionRule::MinCities(k),
                            RegionalTrigger::MinShare(s) => RegionRule::MinShare(s),
                            RegionalTrigger::None => RegionRule::None,
                        },
                        level,
                    }
                }
                None => Reason::RegionalHeld { level },
            },
            Source::Dispatch => match self.floors.dispatch_why.get(t).copied().flatten() {
                Some(oi) => {
                    let o = &self.dispatch[oi];
                    Reason::Dispatch {
                        order: o.id.clone(),
                        level: o.level,
                        start: o.start,
                        end: o.end,
                    }
                }
                None => Reason::DispatchHeld { level },
            },
        }
    }

    /// The rule branch behind mark `i`, its days and values.
    fn rule_met(&self, i: usize, city_forecast: bool, mixed: Option<Mixed>) -> RuleMet {
        let m = &self.local.marks[i];
        let r = self.rules;
        let condition = r
            .rule(m.level)
            .and_then(|l| l.any.get(m.branch))
            .cloned()
            .unwrap_or(Condition::All(Vec::new()));
        let span_days = (m.to - m.from).div_ceil(24);
        let mut daily = Vec::new();
        if (m.days as usize) < span_days {
            // The days behind a process with dips, each as the 24 hours from its start (the
            // natural days, or under the rolling basis the phase that held the condition).
            let mut end = m.first_day.1;
            while end <= m.last_day.1 {
                let a = end.saturating_sub(24).max(m.first_day.0);
                let v = self.unit.series.hours.get(end - 1).and_then(|h| h.aqi);
                daily.push((self.start_of(a), v));
                end += 24;
            }
        }
        RuleMet {
            rules: r.name.clone(),
            level: m.level,
            threshold: condition.first_threshold(),
            condition,
            days: m.days,
            span_days: u32::try_from(span_days).unwrap_or(u32::MAX),
            lifting_hours: r.lifting.hours,
            daily,
            from: self.start_of(m.first_day.0),
            to: self.grid.label(m.last_day.1 - 1),
            max: m.max,
            city_forecast,
            mixed,
        }
    }

    /// Why the warning ends at the end of hour `b - 1`.
    fn lift_reason(&self, b: usize, source: Source) -> Reason {
        let r = self.rules;
        let end = self.grid.label(b - 1);
        if source == Source::Dispatch
            && let Some(oi) = self.floors.dispatch_why.get(b - 1).copied().flatten()
            && self.dispatch[oi].end == end
        {
            return Reason::Lift(Lift::DispatchEnds);
        }
        if b >= self.grid.len {
            return Reason::Lift(Lift::ForecastEnds);
        }
        Reason::Lift(match source {
            Source::Local => match r.lifting.convention {
                LiftingConvention::LevelStart => Lift::BelowStart {
                    hours: r.lifting.hours,
                },
                LiftingConvention::AqiAtMost => Lift::AqiAtMost {
                    aqi: r.lifting.aqi,
                    hours: r.lifting.hours,
                },
            },
            Source::Regional => Lift::RegionalEnds,
            Source::Dispatch => Lift::DispatchEnds,
        })
    }
}

/// The levels as they can take effect, and when each was known: an hour whose level was
/// published only after it began has the highest level known by then (a lower level whose
/// forecast was out in time, or the level before it), never more than its own.
fn adjust(
    ctx: &Ctx,
    fin: &[WarningLevel],
    src: &[Source],
) -> (Vec<WarningLevel>, Vec<Option<NaiveDateTime>>) {
    let n = fin.len();
    let timed = !ctx.unit.series.published.is_empty()
        || ctx
            .floors
            .regional_why
            .iter()
            .flatten()
            .any(|w| w.2.is_some())
        || ctx.dispatch.iter().any(|o| o.issued.is_some());
    if !timed {
        return (fin.to_vec(), vec![None; n]);
    }
    // When each local mark was known: the publication of the days that established it.
    let mark_known: Vec<Option<NaiveDateTime>> = ctx
        .local
        .marks
        .iter()
        .map(|m| {
            (m.from..m.known_by.max(m.from + 1))
                .filter_map(|u| ctx.published(u))
                .max()
        })
        .collect();
    let in_time = |k: Option<NaiveDateTime>, t: usize| k.is_none_or(|k| k <= ctx.start_of(t));
    // The highest local level known at the start of hour `t`, and when it was known.
    let local_known = |t: usize| -> (WarningLevel, Option<NaiveDateTime>) {
        let mut best = (WarningLevel::None, None);
        let own = ctx.published(t);
        for (i, m) in ctx.local.marks.iter().enumerate() {
            if m.from <= t && t < m.to && m.level > best.0 {
                let k = mark_known[i].max(own);
                if in_time(k, t) {
                    best = (m.level, k);
                }
            }
        }
        if let Why::Bridged(l) | Why::Held(l) = ctx.local.why[t]
            && l > best.0
            && in_time(own, t)
        {
            best = (l, own);
        }
        best
    };
    let mut levels = Vec::with_capacity(n);
    let mut known = Vec::with_capacity(n);
    let mut prev = (WarningLevel::None, None);
    for t in 0..n {
        let full = match src[t] {
            Source::Local => {
                let (l, k) = local_known(t);
                // A gap bridged between two warnings holds the level before it.
                if l >= fin[t] || !matches!(ctx.local.why[t], Why::None) {
                    (l, k)
                } else {
                    (fin[t], ctx.published(t))
                }
            }
            s => {
                let k = ctx.known_at(t, s);
                if in_time(k, t) {
                    (fin[t], k)
                } else {
                    local_known(t)
                }
            }
        };
        let carried = (prev.0.min(fin[t]), prev.1);
        let here = if full.0.min(fin[t]) >= carried.0 {
            (full.0.min(fin[t]), full.1)
        } else {
            carried
        };
        levels.push(here.0);
        known.push(here.1);
        prev = here;
    }
    (levels, known)
}

/// The warnings of one area, and its levels as they take effect.
#[allow(clippy::too_many_arguments)]
pub(super) fn warnings(
    grid: &Grid,
    unit: &Unit,
    local: &Local,
    fin: &[WarningLevel],
    src: &[Source],
    floors: &Floors,
    rules: &RuleSet,
    regions: &[Region],
    dispatch: &[DispatchOrder],
) -> (Vec<WarningLevel>, Vec<Warning>) {
    let ctx = Ctx {
        grid,
        unit,
        local,
        floors,
        rules,
        regions,
        dispatch,
    };
    let (levels, known) = adjust(&ctx, fin, src);
    let city = &unit.name.city;
    let county = unit.name.county.as_deref();
    let member_of: Vec<&str> = regions
        .iter()
        .filter(|r| {
            r.cities.iter().any(|c| c == city)
                || county.is_some_and(|k| r.counties.iter().any(|(c, kk)| c == city && kk == k))
        })
        .map(|r| r.name.as_str())
        .collect();
    let lead = TimeDelta::hours(i64::from(rules.lead_time_hours));
    let values = &unit.series.hours;
    let mut out = Vec::new();
    for (a, b) in super::local::stretches(&levels) {
        let start = ctx.start_of(a);
        let mut changes: Vec<Change> = Vec::new();
        let mut flags = Vec::new();
        let issued_at = known[a].map_or(start - lead, |k| k.max(start - lead));
        if issued_at > start - lead {
            flags.push(Flag::LateIssue {
                hours: (start - issued_at).num_hours(),
                lead: rules.lead_time_hours,
            });
        }
        changes.push(Change {
            kind: ChangeKind::Issue,
            time: start,
            decided_at: Some(issued_at),
            level: levels[a],
            source: src[a],
            reason: ctx.reason(a, levels[a], src[a]),
            flags: flags.clone(),
        });
        for t in a + 1..b {
            if levels[t] == levels[t - 1] && src[t] == src[t - 1] {
                continue;
            }
            let kind = match levels[t].cmp(&levels[t - 1]) {
                std::cmp::Ordering::Greater => ChangeKind::Upgrade,
                std::cmp::Ordering::Less => ChangeKind::Downgrade,
                std::cmp::Ordering::Equal => ChangeKind::Extension,
            };
            changes.push(Change {
                kind,
                time: ctx.start_of(t),
                decided_at: known[t],
                level: levels[t],
                source: src[t],
                reason: ctx.reason(t, levels[t], src[t]),
                flags: Vec::new(),
            });
        }
        changes.push(Change {
            kind: ChangeKind::Lift,
            time: grid.label(b - 1),
            decided_at: None,
            level: WarningLevel::None,
            source: src[b - 1],
            reason: ctx.lift_reason(b, src[b - 1]),
            flags: Vec::new(),
        });
        // Floors with no forecast above their level's threshold behind them.
        let mut t = a;
        while t < b {
            if src[t] == Source::Local {
                t += 1;
                continue;
            }
            let (s0, source) = (t, src[t]);
            while t < b && src[t] == source {
                t += 1;
            }
            let top = levels[s0..t].iter().copied().max().unwrap_or_default();
            let threshold = rules.threshold_of(top);
            let max = values
                .get(s0..t)
                .and_then(|h| h.iter().filter_map(|h| h.aqi).max());
            let supported = (s0..t).any(|u| {
                values
                    .get(u)
                    .and_then(|h| h.aqi)
                    .is_some_and(|v| v > rules.threshold_of(levels[u]))
            });
            if !supported {
                let f = Flag::Unsupported {
                    source,
                    level: top,
                    from: ctx.start_of(s0),
                    to: grid.label(t - 1),
                    threshold,
                    max,
                };
                if let Some(c) = changes
                    .iter_mut()
                    .rev()
                    .find(|c| c.time <= ctx.start_of(s0) && c.kind != ChangeKind::Lift)
                {
                    c.flags.push(f.clone());
                }
                flags.push(f);
            }
        }
        let level = levels[a..b].iter().copied().max().unwrap_or_default();
        let top = changes
            .iter()
            .find(|c| c.level == level)
            .expect("the highest level has a change");
        let mut sources: Vec<Source> = Vec::new();
        for c in &changes[..changes.len() - 1] {
            if !sources.contains(&c.source) {
                sources.push(c.source);
            }
        }
        let region = if src[a..b].contains(&Source::Regional) {
            let mut names: Vec<&str> = (a..b)
                .filter_map(|t| floors.regional_why.get(t).copied().flatten())
                .map(|(ri, _, _)| regions[ri].name.as_str())
                .collect();
            names.dedup();
            names.sort_unstable();
            names.dedup();
            names.join(";")
        } else {
            member_of.join(";")
        };
        out.push(Warning {
            city: city.clone(),
            county: county.map(str::to_string),
            region,
            level,
            issued_at,
            start,
            end: grid.label(b - 1),
            trigger: top.reason.clone(),
            source: src[a],
            sources,
            changes,
            flags,
        });
    }
    (levels, out)
}
