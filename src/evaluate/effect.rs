//! The effect of the measures as far as the observations can show it (practice.md 6: the
//! published effect of emergency measures is about 5-10 % of PM2.5 at yellow/orange;
//! standards.md 7.3): for each city warning, the projected AQI without and with the measures
//! (`projection.csv` of the run, hourly, with the controlled band) against the observed
//! daily AQI over the warning's days.
//!
//! The comparison is confounded and says so: the projection's baseline is the forecast, so
//! "observed below the baseline" mixes the measures' effect with the forecast's error, which
//! the forecast verification shows to be of the same size or larger. The observed change
//! against the projected baseline is reported beside the projected reduction, never as the
//! measured effect.

use chrono::NaiveDateTime;

use super::observed::Observed;
use super::run_folder::IssuedWarning;
use crate::plot::from_run::ProjectionRow;

/// One city warning's projected and observed AQI.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The warning.
    pub warning: IssuedWarning,
    /// Mean projected AQI without measures over the warning's hours.
    pub baseline: Option<f64>,
    /// Mean projected AQI with the measures (central).
    pub controlled: Option<f64>,
    /// Mean low and high ends of the controlled band.
    pub band: Option<(f64, f64)>,
    /// Mean observed daily AQI over the warning's days.
    pub observed: Option<f64>,
}

impl Effect {
    /// The projected reduction, percent of the baseline.
    pub fn projected_pct(&self) -> Option<f64> {
        match (self.baseline, self.controlled) {
            (Some(b), Some(c)) if b > 0.0 => Some((b - c) / b * 100.0),
            _ => None,
        }
    }

    /// The observed change against the projected baseline, percent (negative: below it).
    /// Confounded with the forecast's error.
    pub fn observed_vs_baseline_pct(&self) -> Option<f64> {
        match (self.baseline, self.observed) {
            (Some(b), Some(o)) if b > 0.0 => Some((o - b) / b * 100.0),
            _ => None,
        }
    }

    /// Whether the observed mean falls in the controlled band.
    pub fn within_band(&self) -> Option<bool> {
        match (self.band, self.observed) {
            (Some((l, h)), Some(o)) => Some(o >= l && o <= h),
            _ => None,
        }
    }
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0usize);
    for x in v {
        s += x;
        n += 1;
    }
    (n > 0).then(|| s / n as f64)
}

/// The effect of every city warning (counties' warnings have no projection of their own).
pub fn effects(
    warnings: &[IssuedWarning],
    projection: &[ProjectionRow],
    obs: &Observed,
) -> Vec<Effect> {
    warnings
        .iter()
        .filter(|w| w.county.is_none())
        .map(|w| {
            let inside = |t: NaiveDateTime| t > w.start && t <= w.end;
            let rows: Vec<&ProjectionRow> = projection
                .iter()
                .filter(|r| r.city == w.city && inside(r.time))
                .collect();
            let f = |g: fn(&ProjectionRow) -> Option<u16>| {
                mean(rows.iter().filter_map(|r| g(r)).map(f64::from))
            };
            let band = match (f(|r| r.controlled_low), f(|r| r.controlled_high)) {
                (Some(l), Some(h)) => Some((l, h)),
                _ => None,
            };
            let first = crate::stats::series::day_of(w.start + chrono::TimeDelta::hours(1));
            let last = crate::stats::series::day_of(w.end);
            let observed = mean(
                obs.daily
                    .range((w.city.clone(), first)..=(w.city.clone(), last))
                    .filter_map(|(_, v)| v.map(f64::from)),
            );
            Effect {
                warning: w.clone(),
                baseline: f(|r| r.baseline_aqi),
                controlled: f(|r| r.controlled_aqi),
                band,
                observed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::WarningLevel;

    #[test]
    fn projected_and_observed_by_hand() {
        let e = Effect {
            warning: IssuedWarning {
                id: "太原-1".into(),
                city: "太原".into(),
                county: None,
                level: WarningLevel::Red,
                start: NaiveDateTime::default(),
                end: NaiveDateTime::default(),
                sources: "local".into(),
            },
            baseline: Some(300.0),
            controlled: Some(270.0),
            band: Some((260.0, 280.0)),
            observed: Some(285.0),
        };
        // (300 - 270) / 300 = 10 %; (285 - 300) / 300 = -5 %; 285 is above the band.
        assert_eq!(e.projected_pct(), Some(10.0));
        assert_eq!(e.observed_vs_baseline_pct(), Some(-5.0));
        assert_eq!(e.within_band(), Some(false));
    }
}
