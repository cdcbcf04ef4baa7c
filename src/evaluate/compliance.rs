//! Compliance with 停限产 orders from power use (用电监控, 分表计电; practice.md 6: platforms
//! alarm when a curtailed line keeps drawing power).
//!
//! For each ordered action of `schedule.csv` that implies a load (stop, cut output, stop a
//! share of units, a maximum load), the meter's load over the window's hours is compared with
//! its own baseline: for every hour of the window, the mean of the same hour on the days
//! before, skipping hours inside any window of the same enterprise (other warnings), days of
//! its seasonal stops (错峰停产, `seasonal.csv`: a stopped plant's load is no baseline; the
//! issue's "outside other warnings and seasonal stops") and hours without a reading, up to [`ComplianceConfig::baseline_days`] days within
//! [`ComplianceConfig::search_days`]. With B the baseline and L the load summed over the hours
//! that have both, the order allows a share s of B (0 for a stop):
//!
//! - a stop: complied when L ≤ tolerance·B, else not complied (a stopped line drawing more
//!   than the tolerance of its baseline is not complied);
//! - a cut: complied when L ≤ (s + tolerance)·B; partly when at least `partly_share` of the
//!   ordered cut was achieved (L ≤ (1 − (1 − s)·partly_share)·B); else not complied;
//! - no data: no reading, no baseline (or a baseline of 0 kWh), or fewer than
//!   `min_coverage` of the window's hours with both.
//!
//! Actions without a load to check (voluntary, protected, none, a longer coking time, a
//! listed measure whose wording gives no share) are "not assessed". The tolerance and the
//! partly share are UNVERIFIED defaults: no published platform threshold was found.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};

use super::power::{Meter, PowerData};
use super::run_folder::{OrderedAction, SeasonalPeriod};

/// The thresholds of the compliance check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComplianceConfig {
    /// Share of the baseline a load may exceed what the order allows by (default 0.10,
    /// UNVERIFIED: meter noise, auxiliaries that keep running).
    pub tolerance: f64,
    /// Share of the ordered cut that makes "partly" rather than "not complied" (default 0.5,
    /// UNVERIFIED).
    pub partly_share: f64,
    /// Days of baseline per hour (default 7).
    pub baseline_days: u32,
    /// How far back the baseline days are looked for (default 14).
    pub search_days: u32,
    /// Share of the window's hours that must have a load and a baseline (default 0.75).
    pub min_coverage: f64,
}

impl Default for ComplianceConfig {
    fn default() -> Self {
        ComplianceConfig {
            tolerance: 0.10,
            partly_share: 0.5,
            baseline_days: 7,
            search_days: 14,
            min_coverage: 0.75,
        }
    }
}

/// The verdict on one action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compliance {
    /// The load stayed above what the order allows and short of `partly_share` of the cut.
    NotComplied,
    /// Part of the ordered cut.
    Partly,
    /// No usable power data.
    NoData,
    /// Within the tolerance of the order.
    Complied,
    /// The action implies no load to check.
    NotAssessed,
}

impl Compliance {
    /// `not_complied`, `partly`, `no_data`, `complied`, `not_assessed`.
    pub fn id(self) -> &'static str {
        match self {
            Compliance::NotComplied => "not_complied",
            Compliance::Partly => "partly",
            Compliance::NoData => "no_data",
            Compliance::Complied => "complied",
            Compliance::NotAssessed => "not_assessed",
        }
    }
}

/// One action checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplianceRow {
    /// The ordered action.
    pub action: OrderedAction,
    /// The share of the baseline the order allows (None: not assessed).
    pub allowed: Option<f64>,
    /// Baseline kWh over the hours counted.
    pub baseline_kwh: Option<f64>,
    /// Load kWh over the same hours.
    pub load_kwh: Option<f64>,
    /// Hours counted, of the window's hours.
    pub hours: (usize, usize),
    /// Verdict.
    pub verdict: Compliance,
    /// Why, in a few words (for no data and not assessed).
    pub note: String,
}

impl ComplianceRow {
    /// Load as a share of the baseline.
    pub fn load_share(&self) -> Option<f64> {
        match (self.load_kwh, self.baseline_kwh) {
            (Some(l), Some(b)) if b > 0.0 => Some(l / b),
            _ => None,
        }
    }
}

/// A percentage such as `30%` or `30` as a share.
fn pct(s: &str) -> Option<f64> {
    let v: f64 = s.trim().trim_end_matches('%').trim().parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v / 100.0)
}

/// The share of its baseline an action allows, if it implies one.
pub fn allowed_share(action: &str, part: &str, measure: &str) -> Option<f64> {
    let (code, arg) = action.split_once(' ').unwrap_or((action, ""));
    match code {
        "stop" | "bank" => Some(0.0),
        // A line's processes stopped: the line is stopped. An enterprise's named processes:
        // which share of its power they draw is not known.
        "stop_processes" if !part.is_empty() => Some(0.0),
        // Glass furnaces kept warm are written as a cut of output (熔窑保温，限产20%).
        "cut_output" | "stop_units" | "keep_warm" => pct(arg).map(|c| 1.0 - c),
        "max_load" => pct(arg),
        // The list's own wording, clause by clause: `停产` stops the enterprise (or the line
        // the row is for); a clause starting `限产30%` cuts the whole of it. A clause naming a
        // process or section (停产烧结机, 化产回收工段限产20%) gives no share of its power.
        "listed" => {
            let clauses: Vec<&str> = measure
                .split(['，', ',', '；', ';'])
                .map(str::trim)
                .collect();
            if clauses
                .iter()
                .any(|c| *c == "停产" || (!part.is_empty() && c.starts_with("停产")))
            {
                return Some(0.0);
            }
            // On a line's row, the line's own cut (化产回收工段限产30% on the 化产回收 row).
            clauses
                .iter()
                .find_map(|c| match c.strip_prefix("限产") {
                    Some(rest) => pct(rest),
                    None if !part.is_empty() => c.split_once("限产").and_then(|(_, r)| pct(r)),
                    None => None,
                })
                .map(|c| 1.0 - c)
        }
        _ => None,
    }
}

/// The meter readings of an action: its line's, or for a whole enterprise its own meter, else
/// the sum of its lines' meters hour by hour.
fn readings(power: &PowerData, a: &OrderedAction) -> Option<BTreeMap<NaiveDateTime, f64>> {
    let key: Meter = (a.enterprise_id.clone(), a.part.clone());
    if let Some(r) = power.readings.get(&key) {
        return Some(r.clone());
    }
    if !a.part.is_empty() {
        return None;
    }
    let mut sum: BTreeMap<NaiveDateTime, f64> = BTreeMap::new();
    let mut any = false;
    for ((id, _), r) in &power.readings {
        if *id == a.enterprise_id {
            any = true;
            for (t, v) in r {
                *sum.entry(*t).or_default() += v;
            }
        }
    }
    any.then_some(sum)
}

/// Checks the actions of the enterprises the power data has a meter of (any line), worst
/// first (then city, enterprise, line, start). An enterprise without any meter is not part of
/// the monitoring: it is left out (the count is reported), not listed as "no data".
pub fn check(
    schedule: &[OrderedAction],
    seasonal: &[SeasonalPeriod],
    power: &PowerData,
    cfg: &ComplianceConfig,
) -> Vec<ComplianceRow> {
    let metered = |id: &str| power.readings.keys().any(|(e, _)| e == id);
    let mut out: Vec<ComplianceRow> = schedule
        .iter()
        .filter(|a| metered(&a.enterprise_id))
        .map(|a| check_one(a, schedule, seasonal, power, cfg))
        .collect();
    out.sort_by(|x, y| {
        (
            x.verdict,
            &x.action.city,
            &x.action.enterprise_id,
            &x.action.part,
            x.action.start,
        )
            .cmp(&(
                y.verdict,
                &y.action.city,
                &y.action.enterprise_id,
                &y.action.part,
                y.action.start,
            ))
    });
    out
}

fn check_one(
    a: &OrderedAction,
    schedule: &[OrderedAction],
    seasonal: &[SeasonalPeriod],
    power: &PowerData,
    cfg: &ComplianceConfig,
) -> ComplianceRow {
    let labels: Vec<NaiveDateTime> = (1..=(a.end - a.start).num_hours())
        .map(|h| a.start + TimeDelta::hours(h))
        .collect();
    let mut row = ComplianceRow {
        action: a.clone(),
        allowed: allowed_share(&a.action, &a.part, &a.measure),
        baseline_kwh: None,
        load_kwh: None,
        hours: (0, labels.len()),
        verdict: Compliance::NoData,
        note: String::new(),
    };
    let Some(allowed) = row.allowed else {
        row.verdict = Compliance::NotAssessed;
        row.note = "no load implied by the action".into();
        return row;
    };
    let Some(r) = readings(power, a) else {
        row.note = "no power data for this meter".into();
        return row;
    };
    // Hours of any window of the same enterprise: not a baseline.
    let windows: Vec<(NaiveDateTime, NaiveDateTime)> = schedule
        .iter()
        .filter(|x| x.enterprise_id == a.enterprise_id)
        .map(|x| (x.start, x.end))
        .collect();
    let ordered = |t: NaiveDateTime| windows.iter().any(|(s, e)| t > *s && t <= *e);
    // Days of a seasonal stop of the enterprise (a line's own, or any line's for the whole
    // enterprise, whose meters are summed). An hour belongs to the day it starts in: the hour
    // labelled 00:00 closes the day before.
    let stops: Vec<&SeasonalPeriod> = seasonal
        .iter()
        .filter(|s| {
            s.stop
                && s.enterprise_id == a.enterprise_id
                && (s.part == a.part || s.part.is_empty() || a.part.is_empty())
        })
        .collect();
    let season_stopped = |t: NaiveDateTime| {
        let day = (t - TimeDelta::hours(1)).date();
        stops.iter().any(|s| s.start <= day && day <= s.end)
    };
    let mut skipped = false;
    let (mut base, mut load, mut n) = (0.0, 0.0, 0usize);
    for &t in &labels {
        let Some(&l) = r.get(&t) else { continue };
        let mut vals = Vec::new();
        for k in 1..=i64::from(cfg.search_days) {
            let b = t - TimeDelta::days(k);
            if ordered(b) {
                continue;
            }
            if season_stopped(b) {
                skipped = true;
                continue;
            }
            if let Some(&v) = r.get(&b) {
                vals.push(v);
                if vals.len() as u32 == cfg.baseline_days {
                    break;
                }
            }
        }
        if vals.is_empty() {
            continue;
        }
        base += vals.iter().sum::<f64>() / vals.len() as f64;
        load += l;
        n += 1;
    }
    row.hours.0 = n;
    if n == 0 || (n as f64) < cfg.min_coverage * labels.len() as f64 {
        row.note = format!(
            "load and baseline on {n} of {} hours (at least {:.0}% needed){}",
            labels.len(),
            cfg.min_coverage * 100.0,
            if skipped {
                "; days of a seasonal stop are no baseline"
            } else {
                ""
            }
        );
        return row;
    }
    row.baseline_kwh = Some(base);
    row.load_kwh = Some(load);
    if base <= 0.0 {
        row.note = "no load before the window (baseline 0 kWh)".into();
        return row;
    }
    // Shares are compared with a margin far below any meter's resolution, so that a load
    // exactly at the limit (80 % of a 30 % cut with 10 % tolerance) is at the limit.
    const EPS: f64 = 1e-9;
    let share = load / base;
    row.verdict = if share <= allowed + cfg.tolerance + EPS {
        Compliance::Complied
    } else if allowed > 0.0 && share <= 1.0 - (1.0 - allowed) * cfg.partly_share + EPS {
        Compliance::Partly
    } else {
        Compliance::NotComplied
    };
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::WarningLevel;

    fn t(d: u32, h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn action(id: &str, part: &str, code: &str) -> OrderedAction {
        OrderedAction {
            city: "太原".into(),
            enterprise_id: id.into(),
            enterprise: id.into(),
            part: part.into(),
            level: WarningLevel::Orange,
            action: code.into(),
            measure: String::new(),
            start: t(10, 0),
            end: t(11, 0),
        }
    }

    /// 100 kWh an hour on 12-01 … 12-09, then `during` an hour on 12-10.
    fn meter(power: &mut PowerData, id: &str, part: &str, during: f64) {
        let r = power.readings.entry((id.into(), part.into())).or_default();
        for h in 1..=9 * 24 {
            r.insert(t(1, 0) + TimeDelta::hours(h), 100.0);
        }
        for h in 1..=24 {
            r.insert(t(10, 0) + TimeDelta::hours(h), during);
        }
    }

    #[test]
    fn each_verdict_by_hand() {
        let mut p = PowerData::default();
        meter(&mut p, "A", "", 8.0); // stopped: 8% of baseline ≤ 10%: complied
        meter(&mut p, "B", "焦炉1", 15.0); // a stopped line at 15% > 10%: not complied
        meter(&mut p, "C", "", 82.0); // cut 30%: 82% is above 80% but ≤ 85%: partly
        meter(&mut p, "D", "", 95.0); // cut 30%: 95% > 85%: not complied
        meter(&mut p, "E", "", 80.0); // cut 30%: exactly 70% + 10%: complied
        let schedule = vec![
            action("A", "", "stop"),
            action("B", "焦炉1", "stop_processes 焦炉"),
            action("C", "", "cut_output 30%"),
            action("D", "", "cut_output 30%"),
            action("E", "", "cut_output 30%"),
            action("F", "焦炉2", "stop"), // no power data for the line
            action("G", "", "voluntary"),
            action("H", "", "stop"), // no meter at all: left out
        ];
        meter(&mut p, "F", "焦炉1", 100.0);
        meter(&mut p, "G", "", 100.0);
        let rows = check(&schedule, &[], &p, &ComplianceConfig::default());
        let v: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.action.enterprise_id.as_str(), r.verdict.id()))
            .collect();
        assert_eq!(
            v,
            [
                ("B", "not_complied"),
                ("D", "not_complied"),
                ("C", "partly"),
                ("F", "no_data"),
                ("A", "complied"),
                ("E", "complied"),
                ("G", "not_assessed"),
            ]
        );
        let a = rows.iter().find(|r| r.action.enterprise_id == "A").unwrap();
        assert_eq!(a.baseline_kwh, Some(2400.0));
        assert_eq!(a.load_kwh, Some(192.0));
        assert_eq!(a.hours, (24, 24));
        let f = rows.iter().find(|r| r.action.enterprise_id == "F").unwrap();
        assert_eq!(f.note, "no power data for this meter");
    }

    #[test]
    fn baseline_skips_other_windows_and_coverage_is_required() {
        let mut p = PowerData::default();
        meter(&mut p, "A", "", 0.0);
        // An earlier window on 12-09 at 0 kWh: not part of the baseline.
        let r = p.readings.get_mut(&("A".into(), String::new())).unwrap();
        for h in 1..=24 {
            r.insert(t(9, 0) + TimeDelta::hours(h), 0.0);
        }
        let mut early = action("A", "", "stop");
        (early.start, early.end) = (t(9, 0), t(10, 0));
        let rows = check(
            &[action("A", "", "stop"), early],
            &[],
            &p,
            &ComplianceConfig::default(),
        );
        assert!(
            rows.iter().all(|r| r.baseline_kwh == Some(2400.0)),
            "{rows:?}"
        );
        // Half the hours missing: no data.
        let mut p = PowerData::default();
        meter(&mut p, "A", "", 0.0);
        let r = p.readings.get_mut(&("A".into(), String::new())).unwrap();
        for h in 13..=24 {
            r.remove(&(t(10, 0) + TimeDelta::hours(h)));
        }
        let rows = check(
            &[action("A", "", "stop")],
            &[],
            &p,
            &ComplianceConfig::default(),
        );
        assert_eq!(rows[0].verdict, Compliance::NoData);
        assert_eq!(rows[0].hours, (12, 24));
    }

    #[test]
    fn baseline_days_in_a_seasonal_stop_are_skipped() {
        // 100 kWh an hour before the window, except 12-08 and 12-09 at 5 kWh: a seasonal stop
        // (错峰停产) over those two days. The window (12-10) draws 9 kWh an hour.
        let mut p = PowerData::default();
        meter(&mut p, "A", "", 9.0);
        let r = p.readings.get_mut(&("A".into(), String::new())).unwrap();
        for h in 1..=48 {
            r.insert(t(8, 0) + TimeDelta::hours(h), 5.0);
        }
        let stop = SeasonalPeriod {
            enterprise_id: "A".into(),
            part: String::new(),
            stop: true,
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
        };
        let cfg = ComplianceConfig::default();
        // Without the stop: each hour's baseline is the mean of 12-09, 12-08 (5) and 12-07 …
        // 12-03 (100): (2·5 + 5·100)/7 = 72.857…; 9/72.857 = 12.4 % > 10 %: not complied.
        let rows = check(&[action("A", "", "stop")], &[], &p, &cfg);
        assert_eq!(rows[0].verdict, Compliance::NotComplied);
        assert!((rows[0].baseline_kwh.unwrap() - 24.0 * 510.0 / 7.0).abs() < 1e-6);
        // With it, 12-09 and 12-08 are skipped: the 7 days are 12-07 … 12-01, 100 kWh each
        // hour: baseline 2400, load 216 = 9 %: complied.
        let rows = check(
            &[action("A", "", "stop")],
            std::slice::from_ref(&stop),
            &p,
            &cfg,
        );
        assert_eq!(rows[0].baseline_kwh, Some(2400.0));
        assert_eq!(rows[0].load_kwh, Some(216.0));
        assert_eq!(rows[0].verdict, Compliance::Complied);
        // A staggered season (not a stop) stays in the baseline; another enterprise's stop
        // does not count.
        for other in [
            SeasonalPeriod {
                stop: false,
                ..stop.clone()
            },
            SeasonalPeriod {
                enterprise_id: "B".into(),
                ..stop.clone()
            },
        ] {
            let rows = check(&[action("A", "", "stop")], &[other], &p, &cfg);
            assert_eq!(rows[0].verdict, Compliance::NotComplied);
        }
        // A stop covering every day searched: no baseline, and the note says why.
        let long = SeasonalPeriod {
            start: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            ..stop
        };
        let rows = check(&[action("A", "", "stop")], &[long], &p, &cfg);
        assert_eq!(rows[0].verdict, Compliance::NoData);
        assert!(
            rows[0]
                .note
                .ends_with("days of a seasonal stop are no baseline")
        );
    }

    #[test]
    fn allowed_shares_of_the_actions() {
        assert_eq!(allowed_share("stop", "", ""), Some(0.0));
        assert_eq!(allowed_share("cut_output 30%", "", ""), Some(0.7));
        assert_eq!(allowed_share("max_load 60%", "", ""), Some(0.6));
        assert_eq!(allowed_share("stop_processes 烧结", "", ""), None);
        assert_eq!(allowed_share("listed", "", "停产"), Some(0.0));
        assert_eq!(allowed_share("listed", "", "限产30%"), Some(0.7));
        assert_eq!(
            allowed_share("listed", "", "停止使用溶剂型原料，限产50%"),
            Some(0.5)
        );
        assert_eq!(allowed_share("listed", "", "化产回收工段限产20%"), None);
        assert_eq!(
            allowed_share("listed", "化产回收", "化产回收工段限产30%"),
            Some(0.7)
        );
        assert_eq!(allowed_share("listed", "", "停产烧结机、球团竖炉"), None);
        assert_eq!(allowed_share("listed", "焦炉1", "停产"), Some(0.0));
        assert_eq!(
            allowed_share("keep_warm 20%", "", "熔窑保温，限产20%"),
            Some(0.8)
        );
        assert_eq!(allowed_share("voluntary", "", ""), None);
    }
}
