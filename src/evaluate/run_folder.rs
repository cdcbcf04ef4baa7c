//! The plan as issued, read back from a `hazeplan run` folder: the manifest (which command and
//! version wrote it), `warnings.csv` (the warnings), `daily.csv` (the forecast per city-day and
//! the level in force) and, when the run had measures, `schedule.csv` (what each enterprise
//! was ordered to do) and `seasonal.csv` (the seasonal controls, 错峰, with their days). A folder that is not a run output, or written by another version, or a
//! file without the expected columns is refused with the file (and line, column) named
//! (practice.md 6: the evaluation is of the plan as issued, so it must be that plan).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use crate::Error;
use crate::alert::{RuleSet, WarningLevel};
use crate::output::run_dir::MANIFEST;
use crate::plot::run_csv::{self as rc, Table};

/// One issued warning (a row of `warnings.csv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedWarning {
    /// The run's id of the warning (`W1` …).
    pub id: String,
    /// City.
    pub city: String,
    /// County, for a county's own warning (judged on its city's observations).
    pub county: Option<String>,
    /// Highest level.
    pub level: WarningLevel,
    /// Start.
    pub start: NaiveDateTime,
    /// Final lift.
    pub end: NaiveDateTime,
    /// Sources (`local;regional;dispatch`), as written.
    pub sources: String,
}

/// One city-day of `daily.csv`: the forecast as published and as classified, and the level in
/// force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastDay {
    /// City.
    pub city: String,
    /// Day.
    pub date: NaiveDate,
    /// The classifying value (the rule set's bound of a published range).
    pub bound: Option<u16>,
    /// The value as published: low and high ends (equal for a single value).
    pub published: Option<(u16, u16)>,
    /// The highest warning level in force that day.
    pub warning: WarningLevel,
}

/// One row of `schedule.csv`: an enterprise's (or a line's) ordered action in one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderedAction {
    /// City.
    pub city: String,
    /// Enterprise id of the list.
    pub enterprise_id: String,
    /// Enterprise name.
    pub enterprise: String,
    /// Production line or part (empty: the whole enterprise).
    pub part: String,
    /// Level of the window.
    pub level: WarningLevel,
    /// The action code (`stop`, `cut_output 30%`, …).
    pub action: String,
    /// The measure as worded.
    pub measure: String,
    /// Start of the window.
    pub start: NaiveDateTime,
    /// End of the window.
    pub end: NaiveDateTime,
}

/// One row of `seasonal.csv`: an enterprise's (or a line's) seasonal control and its days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeasonalPeriod {
    /// Enterprise id of the list.
    pub enterprise_id: String,
    /// Production line or part (empty: the whole enterprise).
    pub part: String,
    /// A seasonal stop (错峰停产); else a staggered share (错峰限产), which the baseline keeps.
    pub stop: bool,
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

/// A seasonal control as `seasonal.csv` writes it: `stop` or `staggered 30%`.
fn seasonal_control(s: &str) -> Result<bool, String> {
    match s.split_whitespace().next() {
        Some("stop") => Ok(true),
        Some("staggered") => Ok(false),
        _ => Err(format!(
            "'{s}' is not a seasonal control (stop, or staggered with a share)"
        )),
    }
}

/// A run folder read back.
#[derive(Clone, Debug)]
pub struct RunFolder {
    /// The folder.
    pub dir: PathBuf,
    /// The rule set named by the warnings' triggers (a shipped one), if any.
    pub rules: Option<String>,
    /// Issued warnings.
    pub warnings: Vec<IssuedWarning>,
    /// City-days (counties' own rows left out).
    pub daily: Vec<ForecastDay>,
    /// Ordered actions; empty for a run without measures.
    pub schedule: Vec<OrderedAction>,
    /// Seasonal controls (`seasonal.csv`); empty when no enterprise has one.
    pub seasonal: Vec<SeasonalPeriod>,
    /// The projection (`projection.csv`), when the run had one.
    pub projection: Option<Vec<crate::plot::from_run::ProjectionRow>>,
}

impl RunFolder {
    /// The first and last day of the plan with a forecast value (a day without one, such as
    /// the day a hindcast's first label closes, cannot be verified), else of all its days.
    pub fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let with: Vec<NaiveDate> = self
            .daily
            .iter()
            .filter(|d| d.bound.is_some())
            .map(|d| d.date)
            .collect();
        let days: Vec<NaiveDate> = if with.is_empty() {
            self.daily.iter().map(|d| d.date).collect()
        } else {
            with
        };
        Some((*days.iter().min()?, *days.iter().max()?))
    }

    /// The cities, in order of first appearance in `daily.csv`.
    pub fn cities(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.daily {
            if !out.contains(&d.city) {
                out.push(d.city.clone());
            }
        }
        out
    }
}

fn input(path: &Path, message: impl Into<String>) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Checks the manifest: written by `hazeplan run` of this version.
fn check_manifest(dir: &Path) -> Result<(), Error> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        input(
            dir,
            format!(
                "not a hazeplan run output (no {MANIFEST}): give the folder `hazeplan run` wrote"
            ),
        )
    })?;
    let first = text.lines().next().unwrap_or("");
    let mut words = first.split_whitespace();
    let (tool, version, command) = (words.next(), words.next(), words.next());
    if tool != Some("hazeplan") {
        return Err(input(&path, "line 1: not a hazeplan manifest"));
    }
    if command != Some("run") {
        return Err(input(
            &path,
            format!(
                "line 1: written by `hazeplan {}`, not `hazeplan run`: evaluate a run folder",
                command.unwrap_or("?")
            ),
        ));
    }
    let ours = env!("CARGO_PKG_VERSION");
    if version != Some(ours) {
        return Err(input(
            &path,
            format!(
                "line 1: written by hazeplan {}, this is {ours}: run the scenario again with this \
                 version (its files may differ)",
                version.unwrap_or("?")
            ),
        ));
    }
    Ok(())
}

/// A published forecast: `180`, `180-230`, or empty.
fn published(s: &str) -> Result<Option<(u16, u16)>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("'{s}' is not a forecast AQI (a number or a range such as 180-230)");
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s, s),
    };
    let lo: u16 = lo.parse().map_err(|_| bad())?;
    let hi: u16 = hi.parse().map_err(|_| bad())?;
    if lo > hi || hi > 500 {
        return Err(bad());
    }
    Ok(Some((lo, hi)))
}

/// Reads a run folder.
pub fn read(dir: &Path) -> Result<RunFolder, Error> {
    if !dir.is_dir() {
        return Err(input(
            dir,
            "not a folder (expected the output folder of `hazeplan run`)",
        ));
    }
    check_manifest(dir)?;
    let required = |name: &str| -> Result<Table, Error> {
        Table::read(&dir.join(name))?.ok_or_else(|| {
            input(
                &dir.join(name),
                "missing: is this the output folder of `hazeplan run`?",
            )
        })
    };
    let w = required("warnings.csv")?;
    let mut warnings = Vec::new();
    let mut rules = None;
    {
        let (id, c, k) = (w.column("id")?, w.column("city")?, w.column("county")?);
        let (l, s, e) = (w.column("level")?, w.column("start")?, w.column("end")?);
        let (src, tr) = (w.column("sources")?, w.column("trigger")?);
        for rec in &w.records {
            let county = w.get(rec, k, |x| Ok(x.to_string()))?;
            let x = IssuedWarning {
                id: w.get(rec, id, rc::name)?,
                city: w.get(rec, c, rc::name)?,
                county: (!county.is_empty()).then_some(county),
                level: w.get(rec, l, rc::level)?,
                start: w.get(rec, s, rc::time)?,
                end: w.get(rec, e, rc::time)?,
                sources: w.get(rec, src, |x| Ok(x.to_string()))?,
            };
            if x.end < x.start {
                return Err(w.error(rec.0, "the warning ends before it starts".into()));
            }
            // `national-2024 red: …`: the rule set that classified it.
            let trigger = w.get(rec, tr, |x| Ok(x.to_string()))?;
            if rules.is_none()
                && let Some(first) = trigger.split_whitespace().next()
                && RuleSet::SHIPPED.contains(&first)
            {
                rules = Some(first.to_string());
            }
            warnings.push(x);
        }
    }
    let d = required("daily.csv")?;
    let mut daily = Vec::new();
    {
        let (c, k, dt) = (d.column("city")?, d.column("county")?, d.column("date")?);
        let (a, wl, f) = (
            d.column("aqi")?,
            d.column("warning")?,
            d.column("forecast")?,
        );
        let mut seen = std::collections::HashMap::new();
        for rec in &d.records {
            if !d.get(rec, k, |x| Ok(x.is_empty()))? {
                continue;
            }
            let row = ForecastDay {
                city: d.get(rec, c, rc::name)?,
                date: d.get(rec, dt, rc::date)?,
                bound: d.get(rec, a, rc::aqi)?,
                published: d.get(rec, f, published)?,
                warning: d.get(rec, wl, rc::level)?,
            };
            if let Some(first) = seen.insert((row.city.clone(), row.date), rec.0) {
                return Err(d.error(
                    rec.0,
                    format!(
                        "a second row for {} on {} (the first is on line {first})",
                        row.city, row.date
                    ),
                ));
            }
            daily.push(row);
        }
    }
    if daily.is_empty() {
        return Err(input(
            &dir.join("daily.csv"),
            "no city-days: nothing to evaluate",
        ));
    }
    let mut schedule = Vec::new();
    if let Some(s) = Table::read(&dir.join("schedule.csv"))? {
        let (c, id, n) = (
            s.column("city")?,
            s.column("enterprise_id")?,
            s.column("enterprise")?,
        );
        let (p, l, a) = (s.column("part")?, s.column("level")?, s.column("action")?);
        let (m, st, en) = (s.column("measure")?, s.column("start")?, s.column("end")?);
        for rec in &s.records {
            let row = OrderedAction {
                city: s.get(rec, c, rc::name)?,
                enterprise_id: s.get(rec, id, rc::name)?,
                enterprise: s.get(rec, n, |x| Ok(x.to_string()))?,
                part: s.get(rec, p, |x| Ok(x.to_string()))?,
                level: s.get(rec, l, rc::level)?,
                action: s.get(rec, a, rc::name)?,
                measure: s.get(rec, m, |x| Ok(x.to_string()))?,
                start: s.get(rec, st, rc::time)?,
                end: s.get(rec, en, rc::time)?,
            };
            if row.end < row.start {
                return Err(s.error(rec.0, "the window ends before it starts".into()));
            }
            schedule.push(row);
        }
    }
    let mut seasonal = Vec::new();
    if let Some(s) = Table::read(&dir.join("seasonal.csv"))? {
        let (id, p, c) = (
            s.column("enterprise_id")?,
            s.column("part")?,
            s.column("control")?,
        );
        let (st, en) = (s.column("start")?, s.column("end")?);
        for rec in &s.records {
            let row = SeasonalPeriod {
                enterprise_id: s.get(rec, id, rc::name)?,
                part: s.get(rec, p, |x| Ok(x.to_string()))?,
                stop: s.get(rec, c, seasonal_control)?,
                start: s.get(rec, st, rc::date)?,
                end: s.get(rec, en, rc::date)?,
            };
            if row.end < row.start {
                return Err(s.error(rec.0, "the control ends before it starts".into()));
            }
            seasonal.push(row);
        }
    }
    let projection = Table::read(&dir.join("projection.csv"))?
        .map(|t| rc::projection(&t))
        .transpose()?;
    Ok(RunFolder {
        projection,
        dir: dir.to_path_buf(),
        rules,
        warnings,
        daily,
        schedule,
        seasonal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_forecasts_are_values_or_ranges() {
        assert_eq!(published(""), Ok(None));
        assert_eq!(published("180"), Ok(Some((180, 180))));
        assert_eq!(published("180-230"), Ok(Some((180, 230))));
        assert!(published("230-180").is_err());
        assert!(published("high").is_err());
    }

    #[test]
    fn seasonal_controls_as_run_writes_them() {
        assert_eq!(seasonal_control("stop"), Ok(true));
        assert_eq!(seasonal_control("staggered 30%"), Ok(false));
        assert!(seasonal_control("停产").is_err());
        assert!(seasonal_control("").is_err());
    }
}
