//! Forecast and warning verification (practice.md 6, 总结评估; standards.md 3.3: "加强重污染天气
//! 应对效果评估").
//!
//! - Forecast verification per city-day: the forecast as classified (the rule set's bound of a
//!   published range) and as published (the middle of the range, and whether the observation
//!   fell inside it) against the observed daily AQI: bias (forecast minus observed), mean
//!   absolute error, the AQI level hit rate (HJ 633 levels 1-6) and the level contingency
//!   table (forecast level x observed level).
//! - Warning verification: each issued warning against the level the observations justify
//!   over its period under the same rule set (the highest level of the hindcast warnings of
//!   its city that overlap it): hit (the same level), too high, too low, false alarm (no
//!   warning justified); misses are hindcast warnings no issued warning of the city overlaps.
//!   A county's warning is judged on its city's observations (the run folder carries no
//!   county stations).
//! - Scores per warning level L over the city-days: a day is "issued ≥ L" when a warning at L
//!   or above was in force, "justified ≥ L" when the hindcast had one. Hits a, false alarms
//!   b, misses c: POD = a/(a+c), FAR = b/(a+b), CSI = a/(a+b+c), the standard 2x2 scores of
//!   forecast verification (WMO/WWRP verification guidance); undefined (empty) when the
//!   denominator is 0.

use chrono::{NaiveDate, NaiveDateTime};

use super::observed::Observed;
use super::run_folder::{IssuedWarning, RunFolder};
use crate::alert::WarningLevel;
use crate::aqi::Aqi;

/// One city-day: forecast, observation, issued and justified levels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRow {
    /// City.
    pub city: String,
    /// Day.
    pub date: NaiveDate,
    /// As published (low, high).
    pub published: Option<(u16, u16)>,
    /// The classifying value.
    pub bound: Option<u16>,
    /// Observed daily AQI.
    pub observed: Option<u16>,
    /// Highest warning level issued (in force) that day.
    pub issued: WarningLevel,
    /// Highest level the observations justify that day.
    pub justified: WarningLevel,
}

impl DayRow {
    /// The middle of the published range (the value itself for a single value), rounded up.
    pub fn middle(&self) -> Option<u16> {
        self.published.map(|(l, h)| (l + h).div_ceil(2))
    }
}

/// The AQI level (1-6) of a value.
pub fn aqi_level(v: u16) -> u8 {
    Aqi::new(v).level() as u8
}

/// Error statistics of one city (or all cities: `city` empty).
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastScore {
    /// City, or empty for all cities together.
    pub city: String,
    /// City-days with both a forecast and an observation.
    pub days: usize,
    /// Mean of bound − observed.
    pub bias: f64,
    /// Mean of |bound − observed|.
    pub mae: f64,
    /// Mean of middle − observed (as published).
    pub bias_published: f64,
    /// Mean of |middle − observed|.
    pub mae_published: f64,
    /// Days whose observation fell inside the published range.
    pub in_range: usize,
    /// Days whose bound had the observed AQI level.
    pub level_hits: usize,
}

impl ForecastScore {
    /// The level hit rate, 0-1.
    pub fn hit_rate(&self) -> Option<f64> {
        (self.days > 0).then(|| self.level_hits as f64 / self.days as f64)
    }
}

/// Scores of the days of one city (or all).
pub fn forecast_score(city: &str, days: &[&DayRow]) -> ForecastScore {
    let mut s = ForecastScore {
        city: city.to_string(),
        days: 0,
        bias: 0.0,
        mae: 0.0,
        bias_published: 0.0,
        mae_published: 0.0,
        in_range: 0,
        level_hits: 0,
    };
    let (mut sum, mut abs, mut psum, mut pabs) = (0i64, 0i64, 0i64, 0i64);
    for d in days {
        let (Some(f), Some(o)) = (d.bound, d.observed) else {
            continue;
        };
        s.days += 1;
        let e = i64::from(f) - i64::from(o);
        sum += e;
        abs += e.abs();
        let m = d.middle().unwrap_or(f);
        let pe = i64::from(m) - i64::from(o);
        psum += pe;
        pabs += pe.abs();
        let (lo, hi) = d.published.unwrap_or((f, f));
        if (lo..=hi).contains(&o) {
            s.in_range += 1;
        }
        if aqi_level(f) == aqi_level(o) {
            s.level_hits += 1;
        }
    }
    if s.days > 0 {
        let n = s.days as f64;
        s.bias = sum as f64 / n;
        s.mae = abs as f64 / n;
        s.bias_published = psum as f64 / n;
        s.mae_published = pabs as f64 / n;
    }
    s
}

/// Forecast level (row, 1-6) by observed level (column, 1-6): counts of city-days.
pub fn level_contingency(days: &[DayRow]) -> [[usize; 6]; 6] {
    let mut t = [[0usize; 6]; 6];
    for d in days {
        if let (Some(f), Some(o)) = (d.bound, d.observed) {
            t[usize::from(aqi_level(f) - 1)][usize::from(aqi_level(o) - 1)] += 1;
        }
    }
    t
}

/// A 2x2 contingency table of yes/no events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contingency {
    /// Issued and justified.
    pub hits: usize,
    /// Issued, not justified.
    pub false_alarms: usize,
    /// Justified, not issued.
    pub misses: usize,
    /// Neither.
    pub correct_negatives: usize,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Contingency {
    /// Probability of detection a/(a+c).
    pub fn pod(&self) -> Option<f64> {
        ratio(self.hits, self.hits + self.misses)
    }
    /// False alarm ratio b/(a+b).
    pub fn far(&self) -> Option<f64> {
        ratio(self.false_alarms, self.hits + self.false_alarms)
    }
    /// Critical success index a/(a+b+c).
    pub fn csi(&self) -> Option<f64> {
        ratio(self.hits, self.hits + self.false_alarms + self.misses)
    }
    /// Adds one event.
    pub fn add(&mut self, issued: bool, justified: bool) {
        match (issued, justified) {
            (true, true) => self.hits += 1,
            (true, false) => self.false_alarms += 1,
            (false, true) => self.misses += 1,
            (false, false) => self.correct_negatives += 1,
        }
    }
}

/// The city-day table of one warning level: issued ≥ `level` against justified ≥ `level`.
pub fn level_scores(days: &[DayRow], level: WarningLevel) -> Contingency {
    let mut c = Contingency::default();
    for d in days.iter().filter(|d| d.observed.is_some()) {
        c.add(d.issued >= level, d.justified >= level);
    }
    c
}

/// How an issued warning compares with what the air justified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The justified level is the issued one.
    Hit,
    /// A lower level was justified.
    TooHigh,
    /// A higher level was justified.
    TooLow,
    /// No warning was justified.
    FalseAlarm,
}

impl Verdict {
    /// `hit`, `too_high`, `too_low`, `false_alarm`.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Hit => "hit",
            Verdict::TooHigh => "too_high",
            Verdict::TooLow => "too_low",
            Verdict::FalseAlarm => "false_alarm",
        }
    }

    /// The verdict of an issued level against the justified one.
    pub fn of(issued: WarningLevel, justified: WarningLevel) -> Verdict {
        if !justified.is_warning() {
            Verdict::FalseAlarm
        } else if justified == issued {
            Verdict::Hit
        } else if justified < issued {
            Verdict::TooHigh
        } else {
            Verdict::TooLow
        }
    }
}

/// One issued warning with its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningCheck {
    /// The warning as issued.
    pub warning: IssuedWarning,
    /// The highest level the observations justify over its period.
    pub justified: WarningLevel,
    /// The highest observed daily AQI of its city over its period.
    pub observed_max: Option<u16>,
    /// Verdict.
    pub verdict: Verdict,
}

/// A warning the observations required that was not issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    /// City.
    pub city: String,
    /// The justified level.
    pub level: WarningLevel,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Highest observed daily AQI over it.
    pub observed_max: Option<u16>,
}

/// The highest level of `obs`'s warnings of `city` overlapping `[start, end)`.
fn justified_over(
    obs: &Observed,
    city: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> WarningLevel {
    obs.warnings
        .iter()
        .filter(|w| w.city == city && w.county.is_none())
        .flat_map(|w| w.changes.windows(2))
        .filter(|p| p[0].time < end && p[1].time > start)
        .map(|p| p[0].level)
        .max()
        .unwrap_or_default()
}

/// The highest observed daily AQI of a city on the days of `[start, end)` (labels: a day
/// holds its 24 hours ending 01:00 … 24:00).
fn observed_max(
    obs: &Observed,
    city: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Option<u16> {
    let first = crate::stats::series::day_of(start + chrono::TimeDelta::hours(1));
    let last = crate::stats::series::day_of(end);
    obs.daily
        .range((city.to_string(), first)..=(city.to_string(), last))
        .filter_map(|(_, v)| *v)
        .max()
}

/// Every city-day of the run with its observation and levels.
pub fn days(run: &RunFolder, obs: &Observed) -> Vec<DayRow> {
    run.daily
        .iter()
        .map(|d| DayRow {
            city: d.city.clone(),
            date: d.date,
            published: d.published,
            bound: d.bound,
            observed: obs.daily.get(&(d.city.clone(), d.date)).copied().flatten(),
            issued: d.warning,
            justified: obs.level_on(&d.city, d.date),
        })
        .collect()
}

/// Each issued warning with its verdict, and the misses.
pub fn warnings(run: &RunFolder, obs: &Observed) -> (Vec<WarningCheck>, Vec<Miss>) {
    let checks = run
        .warnings
        .iter()
        .map(|w| {
            let justified = justified_over(obs, &w.city, w.start, w.end);
            WarningCheck {
                warning: w.clone(),
                justified,
                observed_max: observed_max(obs, &w.city, w.start, w.end),
                verdict: Verdict::of(w.level, justified),
            }
        })
        .collect();
    let misses = obs
        .warnings
        .iter()
        .filter(|o| o.county.is_none() && o.level.is_warning())
        .filter(|o| {
            !run.warnings
                .iter()
                .any(|w| w.city == o.city && w.start < o.end && w.end > o.start)
        })
        .map(|o| Miss {
            city: o.city.clone(),
            level: o.level,
            start: o.start,
            end: o.end,
            observed_max: observed_max(obs, &o.city, o.start, o.end),
        })
        .collect();
    (checks, misses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(bound: u16, published: (u16, u16), observed: u16) -> DayRow {
        DayRow {
            city: "太原".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            published: Some(published),
            bound: Some(bound),
            observed: Some(observed),
            issued: WarningLevel::None,
            justified: WarningLevel::None,
        }
    }

    #[test]
    fn pod_far_csi_of_a_small_table() {
        // 6 hits, 2 false alarms, 3 misses, 9 correct negatives:
        // POD 6/9, FAR 2/8, CSI 6/11.
        let mut c = Contingency::default();
        for _ in 0..6 {
            c.add(true, true);
        }
        for _ in 0..2 {
            c.add(true, false);
        }
        for _ in 0..3 {
            c.add(false, true);
        }
        for _ in 0..9 {
            c.add(false, false);
        }
        assert_eq!(c.pod(), Some(6.0 / 9.0));
        assert_eq!(c.far(), Some(0.25));
        assert_eq!(c.csi(), Some(6.0 / 11.0));
        assert_eq!(Contingency::default().pod(), None);
    }

    #[test]
    fn level_scores_count_days_at_or_above_the_level() {
        let mut a = day(250, (200, 250), 240);
        a.issued = WarningLevel::Orange;
        a.justified = WarningLevel::Yellow;
        let mut b = day(120, (100, 120), 230);
        b.justified = WarningLevel::Orange;
        let c = level_scores(&[a.clone(), b.clone()], WarningLevel::Orange);
        assert_eq!((c.hits, c.false_alarms, c.misses), (0, 1, 1));
        let c = level_scores(&[a, b], WarningLevel::Yellow);
        assert_eq!((c.hits, c.false_alarms, c.misses), (1, 0, 1));
    }

    #[test]
    fn one_warning_of_each_verdict() {
        use WarningLevel::*;
        assert_eq!(Verdict::of(Orange, Orange), Verdict::Hit);
        assert_eq!(Verdict::of(Red, Orange), Verdict::TooHigh);
        assert_eq!(Verdict::of(Yellow, Red), Verdict::TooLow);
        assert_eq!(Verdict::of(Orange, None), Verdict::FalseAlarm);
    }

    #[test]
    fn bias_mae_and_hit_rate_by_hand() {
        // Bounds 230, 180, 100 against 200, 190, 60: errors +30, -10, +40;
        // bias 60/3 = 20, MAE 80/3. Middles 205, 165, 90: errors +5, -25, +30;
        // bias 10/3, MAE 60/3 = 20. In range: 200 in 180-230 and 60 not in 80-100, 190 not
        // in 150-180. Levels: 230/200 are 5/4, 180/190 both 4, 100/60 are 2/2: 2 hits.
        let d = [
            day(230, (180, 230), 200),
            day(180, (150, 180), 190),
            day(100, (80, 100), 60),
        ];
        let refs: Vec<&DayRow> = d.iter().collect();
        let s = forecast_score("太原", &refs);
        assert_eq!(s.days, 3);
        assert_eq!(s.bias, 20.0);
        assert_eq!(s.mae, 80.0 / 3.0);
        assert_eq!(s.bias_published, 10.0 / 3.0);
        assert_eq!(s.mae_published, 20.0);
        assert_eq!(s.in_range, 1);
        assert_eq!(s.level_hits, 2);
        let t = level_contingency(&d);
        assert_eq!(t[4][3], 1);
        assert_eq!(t[3][3], 1);
        assert_eq!(t[1][1], 1);
    }
}
