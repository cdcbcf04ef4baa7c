//! Conditions counted in days (practice.md 1-2): which days of an area's series are above a
//! threshold, how runs of such days join into one process, and the hours each satisfied
//! condition covers.
//!
//! A *day* is a 24-hour window of the series. Under the daily basis the days are the natural
//! days; under the rolling basis any 24 consecutive hours form a day ("日AQI可按连续24小时（跨
//! 自然日）计算"), so each of the 24 phases (days ending at 01:00, at 02:00, …) is tried and a
//! condition holds when it holds at some phase. "AQI > 200 for 48 h" is two days above 200.
//!
//! Days above a threshold separated by a dip that does not lift a warning (at most the lifting
//! time below it, or under the `aqi_at_most` convention never long enough at or below the
//! lifting AQI) are one run: one process, whose above-days are counted together and whose
//! level is decided on the whole (从严, practice.md 2). A satisfied condition covers the hours
//! of its run from the first day to the last, dips included.

use super::Basis;
use super::rules::{Condition, Lifting, LiftingConvention};

/// One day of a phase: the hours `[from, to)` it covers and the index whose value is its AQI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Day {
    pub from: usize,
    pub to: usize,
    pub at: usize,
}

/// The days of a series of `len` hours, by phase. `first_hour` is the clock hour (0-23) of
/// the first label.
pub(super) fn phases(len: usize, first_hour: u32, basis: Basis) -> Vec<Vec<Day>> {
    match basis {
        Basis::Daily => {
            // Natural days: the labels 01:00 … 24:00; the first label's day may be partial.
            let mut days = Vec::new();
            let mut from = 0;
            // Labels until the end of the first label's day (00:00 ends a day).
            let first_len = if first_hour == 0 {
                1
            } else {
                (24 - first_hour as usize) + 1
            };
            let mut to = first_len.min(len);
            while from < len {
                days.push(Day { from, to, at: from });
                from = to;
                to = (to + 24).min(len);
            }
            vec![days]
        }
        Basis::Rolling24 => (0..24.min(len))
            .map(|p| {
                (p..len)
                    .step_by(24)
                    .map(|e| Day {
                        from: (e + 1).saturating_sub(24),
                        to: e + 1,
                        at: e,
                    })
                    .collect()
            })
            .collect(),
    }
}

/// A run of days of one phase: day indices `first..=last`, with `count` days above the
/// threshold, the condition first holding on day `established`, and the highest AQI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    pub first: usize,
    pub last: usize,
    pub count: u32,
    pub established: usize,
    pub max: u16,
}

/// Does a gap of days (their values) lift a warning under the lifting rule?
fn gap_lifts(gap: &[Option<u16>], lifting: &Lifting) -> bool {
    match lifting.convention {
        LiftingConvention::LevelStart => gap.len() as u64 * 24 > u64::from(lifting.hours),
        LiftingConvention::AqiAtMost => {
            let mut stretch = 0u64;
            for v in gap {
                if v.is_none_or(|a| a <= lifting.aqi) {
                    stretch += 1;
                    if stretch * 24 > u64::from(lifting.hours) {
                        return true;
                    }
                } else {
                    stretch = 0;
                }
            }
            false
        }
    }
}

/// Runs of days above `x` (or at or above, `inclusive`), joined across dips that do not lift.
fn runs(vals: &[Option<u16>], x: u16, inclusive: bool, lifting: &Lifting) -> Vec<Run> {
    let above = |v: Option<u16>| v.is_some_and(|a| if inclusive { a >= x } else { a > x });
    let mut out: Vec<Run> = Vec::new();
    let mut j = 0;
    while j < vals.len() {
        if !above(vals[j]) {
            j += 1;
            continue;
        }
        let a = j;
        while j < vals.len() && above(vals[j]) {
            j += 1;
        }
        let max = vals[a..j].iter().flatten().copied().max().unwrap_or(0);
        let run = Run {
            first: a,
            last: j - 1,
            count: (j - a) as u32,
            established: a,
            max,
        };
        match out.last_mut() {
            Some(prev) if !gap_lifts(&vals[prev.last + 1..a], lifting) => {
                prev.last = run.last;
                prev.count += run.count;
                prev.max = prev.max.max(max);
            }
            _ => out.push(run),
        }
    }
    out
}

/// The day on which a run's `k`-th day above `x` falls.
fn kth_day(vals: &[Option<u16>], r: &Run, x: u16, inclusive: bool, k: u32) -> usize {
    let mut n = 0;
    for (j, v) in vals.iter().enumerate().take(r.last + 1).skip(r.first) {
        if v.is_some_and(|a| if inclusive { a >= x } else { a > x }) {
            n += 1;
            if n >= k {
                return j;
            }
        }
    }
    r.last
}

/// The runs of one phase that satisfy a condition.
pub(super) fn satisfied(c: &Condition, vals: &[Option<u16>], lifting: &Lifting) -> Vec<Run> {
    match c {
        Condition::Above { threshold, days } => runs(vals, *threshold, false, lifting)
            .into_iter()
            .filter(|r| r.count >= *days)
            .map(|r| Run {
                established: kth_day(vals, &r, *threshold, false, *days),
                ..r
            })
            .collect(),
        Condition::Reaches { threshold } => runs(vals, *threshold, true, lifting),
        Condition::All(cs) => {
            let Some((first, rest)) = cs.split_first() else {
                return Vec::new();
            };
            let others: Vec<Vec<Run>> = rest.iter().map(|c| satisfied(c, vals, lifting)).collect();
            satisfied(first, vals, lifting)
                .into_iter()
                .filter_map(|r| {
                    let mut established = r.established;
                    for o in &others {
                        // The later conditions hold on days of this run.
                        let inside = o
                            .iter()
                            .filter(|x| x.first <= r.last && r.first <= x.last)
                            .map(|x| x.established.clamp(r.first, r.last))
                            .min()?;
                        established = established.max(inside);
                    }
                    Some(Run { established, ..r })
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lifting() -> Lifting {
        Lifting::default()
    }

    fn days(v: &[u16]) -> Vec<Option<u16>> {
        v.iter().map(|&a| Some(a)).collect()
    }

    #[test]
    fn natural_days_start_with_a_partial_day() {
        let d = phases(50, 1, Basis::Daily);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0][0],
            Day {
                from: 0,
                to: 24,
                at: 0
            }
        );
        assert_eq!(
            d[0][2],
            Day {
                from: 48,
                to: 50,
                at: 48
            }
        );
        let d = phases(30, 20, Basis::Daily);
        // 20:00 … 00:00 are the last five labels of the first day.
        assert_eq!(
            d[0][0],
            Day {
                from: 0,
                to: 5,
                at: 0
            }
        );
        assert_eq!(
            d[0][1],
            Day {
                from: 5,
                to: 29,
                at: 5
            }
        );
        let r = phases(49, 1, Basis::Rolling24);
        assert_eq!(r.len(), 24);
        assert_eq!(
            r[23][0],
            Day {
                from: 0,
                to: 24,
                at: 23
            }
        );
        assert_eq!(
            r[0][1],
            Day {
                from: 1,
                to: 25,
                at: 24
            }
        );
    }

    #[test]
    fn one_process_counts_its_days_above() {
        // National 2019: 220 220 180 220 220 is one process with four days above 200.
        let v = days(&[100, 220, 220, 180, 220, 220, 100, 100]);
        let r = runs(&v, 200, false, &lifting());
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].first, r[0].last, r[0].count), (1, 5, 4));
        let c = Condition::Above {
            threshold: 200,
            days: 3,
        };
        let s = satisfied(&c, &v, &lifting());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].established, 4);
        // A two-day dip (48 h > 36 h) separates two processes.
        let v = days(&[220, 220, 180, 180, 220, 220]);
        assert_eq!(runs(&v, 200, false, &lifting()).len(), 2);
        assert!(satisfied(&c, &v, &lifting()).is_empty());
    }

    #[test]
    fn aqi_at_most_joins_until_the_air_is_clean_long_enough() {
        let l = Lifting {
            convention: LiftingConvention::AqiAtMost,
            ..Lifting::default()
        };
        let v = days(&[220, 220, 180, 180, 180, 220]);
        assert_eq!(runs(&v, 200, false, &l).len(), 1);
        let v = days(&[220, 220, 140, 140, 220]);
        assert_eq!(runs(&v, 200, false, &l).len(), 2);
    }

    #[test]
    fn compound_conditions_need_the_later_days_inside_the_run() {
        let c = Condition::All(vec![
            Condition::Above {
                threshold: 200,
                days: 3,
            },
            Condition::Above {
                threshold: 300,
                days: 1,
            },
        ]);
        let v = days(&[250, 250, 320, 100, 100]);
        let s = satisfied(&c, &v, &lifting());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].established, 2);
        let v = days(&[320, 100, 100, 250, 250, 250]);
        assert!(satisfied(&c, &v, &lifting()).is_empty());
    }
}
