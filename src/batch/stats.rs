//! Yearly statistics per city (`summary.csv`): valid days, days per AQI level, heavy and severe
//! days, annual mean and 95th percentile of daily PM2.5, warnings per level.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::SiteDay;
use crate::alert::{Warning, WarningLevel};
use crate::units::{Concentration, ExactSum};

/// One city-year.
#[derive(Clone, Debug, PartialEq)]
pub struct CityYear {
    /// City.
    pub city: String,
    /// Year.
    pub year: i32,
    /// Days with a daily AQI.
    pub valid_days: u32,
    /// Days per AQI level 1-6.
    pub days_by_level: [u32; 6],
    /// Days with AQI > 200 (重污染).
    pub days_over_200: u32,
    /// Days with AQI > 300 (严重污染).
    pub days_over_300: u32,
    /// Mean of the valid daily PM2.5 means (exact).
    pub mean_pm25: Option<Concentration>,
    /// 95th percentile of the valid daily PM2.5 means (HJ 663 interpolation).
    pub p95_pm25: Option<f64>,
    /// Hindcast warnings starting in the year, per level (blue, yellow, orange, red).
    pub warnings: [u32; 4],
}

/// The percentile of HJ 663 (standards.md 2.3, THIRD-PARTY): sorted ascending, k = 1 +
/// (n - 1) p, P = X_s + (X_(s+1) - X_s)(k - s), s = floor(k), indexed from 1.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let k = 1.0 + (n as f64 - 1.0) * p;
    let s = k.floor() as usize;
    let xs = sorted[s - 1];
    let next = sorted.get(s).copied().unwrap_or(xs);
    Some(xs + (next - xs) * (k - s as f64))
}

/// A city-year being counted: its figures so far and its daily PM2.5 means.
struct Open {
    year: CityYear,
    sum: ExactSum,
    pm: Vec<f64>,
}

impl Open {
    fn new(city: &str, year: i32) -> Open {
        Open {
            year: CityYear {
                city: city.to_string(),
                year,
                valid_days: 0,
                days_by_level: [0; 6],
                days_over_200: 0,
                days_over_300: 0,
                mean_pm25: None,
                p95_pm25: None,
                warnings: [0; 4],
            },
            sum: ExactSum::default(),
            pm: Vec::new(),
        }
    }

    fn close(mut self) -> CityYear {
        self.year.mean_pm25 = self.sum.mean();
        self.pm.sort_by(f64::total_cmp);
        self.year.p95_pm25 = percentile(&self.pm, 0.95);
        self.year
    }
}

/// The statistics of every city-year, counted as the city-days come (date by date): a year's
/// daily PM2.5 means are kept only until a day of a later year arrives, so a decade costs a
/// few hundred bytes per city-year, not its days.
#[derive(Default)]
pub struct Years {
    /// City-years of the latest year seen, by city.
    open: BTreeMap<String, Open>,
    /// The latest year seen.
    current: Option<i32>,
    /// Finished city-years, by city and year.
    done: BTreeMap<(String, i32), CityYear>,
}

impl Years {
    /// Counts a city-day. Days come in date order (a batch closes them so).
    pub fn add(&mut self, d: &SiteDay) {
        let year = d.day.date.year();
        if self.current.is_some_and(|c| year > c) {
            self.close();
        }
        debug_assert!(self.current.is_none_or(|c| year >= c), "days in date order");
        self.current = Some(year);
        // Looked up before it is made: the name is copied once a year, not once a day.
        if !self.open.contains_key(&d.site) {
            self.open.insert(d.site.clone(), Open::new(&d.site, year));
        }
        let open = self.open.get_mut(&d.site).expect("inserted above");
        let y = &mut open.year;
        if let Some(a) = d.aqi.aqi {
            y.valid_days += 1;
            y.days_by_level[a.level().number() as usize - 1] += 1;
            y.days_over_200 += u32::from(a.value() > 200);
            y.days_over_300 += u32::from(a.value() > 300);
        }
        if let Some(c) = d.day.means[0] {
            open.sum.add(c);
            open.pm.push(c.as_f64());
        }
    }

    fn close(&mut self) {
        for (city, open) in std::mem::take(&mut self.open) {
            let y = open.close();
            self.done.insert((city, y.year), y);
        }
    }

    /// Counts warnings in the city-years they start in (after the last day).
    pub fn count(&mut self, warnings: &[Warning]) {
        self.close();
        for w in warnings {
            let i = match w.level {
                WarningLevel::Blue => 0,
                WarningLevel::Yellow => 1,
                WarningLevel::Orange => 2,
                WarningLevel::Red => 3,
                WarningLevel::None | WarningLevel::Pre => continue,
            };
            if let Some(y) = self.done.get_mut(&(w.city.clone(), w.start.year())) {
                y.warnings[i] += 1;
            }
        }
    }

    /// Every city-year, by city then year.
    pub fn finish(mut self) -> Vec<CityYear> {
        self.close();
        self.done.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn hj663_percentile() {
        let x: Vec<f64> = (1..=20).map(f64::from).collect();
        // k = 1 + 19 x 0.95 = 19.05: 19 + 0.05 x (20 - 19) = 19.05.
        assert!((percentile(&x, 0.95).unwrap() - 19.05).abs() < 1e-9);
        assert_eq!(percentile(&[7.0], 0.95), Some(7.0));
        assert_eq!(percentile(&[], 0.95), None);
    }
}
