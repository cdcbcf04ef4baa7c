//! Reading the CSV files of a run folder into the rows of [`super::from_run`]. Columns are
//! found by their header names (so extra or reordered columns do no harm); a UTF-8 byte-order
//! mark (`hazeplan run --excel`) is skipped. The first bad value stops the reading, with the
//! file, line and column in the error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};

use super::from_run::{
    AdvisoryRow, DailyRow, ProjectionRow, RegionRow, RunRows, SectorReductionRow, WarningRow,
};
use crate::Error;
use crate::alert::WarningLevel;
use crate::emissions::{EmissionPollutant, Sector, Share, Tonnes};

/// Reads the chart inputs of a run folder. `warnings.csv` and `daily.csv` are required (every
/// run writes them); the others are read when present.
pub fn read_run(dir: &Path) -> Result<RunRows, Error> {
    if !dir.is_dir() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            message: "not a folder (expected the output folder of `hazeplan run`)".into(),
        });
    }
    let required = |name: &str| -> Result<Table, Error> {
        Table::read(&dir.join(name))?.ok_or_else(|| Error::Input {
            path: dir.join(name),
            message: "missing: is this the output folder of `hazeplan run`?".into(),
        })
    };
    Ok(RunRows {
        // Runs before warning histories (issue 11) have only `warnings.csv`, one row per
        // period at one level.
        warnings: match Table::read(&dir.join("warning_changes.csv"))? {
            Some(t) => warning_periods(&t)?,
            None => match Table::read(&dir.join("warnings.csv"))? {
                Some(t) => warning_rows(&t)?,
                None => warning_periods(&required("warning_changes.csv")?)?,
            },
        },
        daily: daily(&required("daily.csv")?)?,
        // Runs before advisories had none to show.
        advisories: Table::read(&dir.join("advisories.csv"))?
            .map(|t| advisories(&t))
            .transpose()?
            .unwrap_or_default(),
        projection: Table::read(&dir.join("projection.csv"))?
            .map(|t| projection(&t))
            .transpose()?,
        sector_reductions: Table::read(&dir.join("sector_reductions.csv"))?
            .map(|t| sector_reductions(&t))
            .transpose()?,
        regions: Table::read(&dir.join("regions.csv"))?
            .map(|t| regions(&t))
            .transpose()?,
    })
}

/// A CSV file read whole: its header and its records with their line numbers.
pub(crate) struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    header: Vec<String>,
    /// The records with the line each starts on.
    pub(crate) records: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// The table, or `None` when the file does not exist.
    pub(crate) fn read(path: &Path) -> Result<Option<Table>, Error> {
        let input = |message: String| Error::Input {
            path: path.to_path_buf(),
            message,
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(input(format!("cannot be read: {e}"))),
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
        let csv_err = |e: csv::Error| {
            let line = e.position().map_or(0, |p| p.line());
            input(format!("line {line}: {e}"))
        };
        let header: Vec<String> = rdr
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let columns = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .rev() // the first of two equal names wins
            .collect();
        let mut records = Vec::new();
        for r in rdr.records() {
            let r = r.map_err(csv_err)?;
            let line = r.position().map_or(0, |p| p.line());
            records.push((line, r));
        }
        Ok(Some(Table {
            path: path.to_path_buf(),
            columns,
            header,
            records,
        }))
    }

    pub(crate) fn error(&self, line: u64, message: String) -> Error {
        Error::Input {
            path: self.path.clone(),
            message: format!("line {line}: {message}"),
        }
    }

    /// The index of a column that must exist.
    pub(crate) fn column(&self, name: &'static str) -> Result<Col, Error> {
        match self.columns.get(name) {
            Some(&i) => Ok(Col(name, Some(i))),
            None => Err(self.error(
                1,
                format!(
                    "no column '{name}' (the header has: {})",
                    self.header.join(",")
                ),
            )),
        }
    }

    /// The index of a column that may be absent.
    pub(crate) fn optional(&self, name: &'static str) -> Col {
        Col(name, self.columns.get(name).copied())
    }

    /// Parses a cell: `f` gets the trimmed text, its message is placed on the line and column.
    pub(crate) fn get<T>(
        &self,
        (line, rec): &(u64, csv::StringRecord),
        col: Col,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, Error> {
        let text = col.1.and_then(|i| rec.get(i)).unwrap_or("").trim();
        f(text).map_err(|m| self.error(*line, format!("column '{}': {m}", col.0)))
    }
}

/// A column: its name (for messages) and index (none: absent, read as empty).
#[derive(Clone, Copy)]
pub(crate) struct Col(&'static str, Option<usize>);

pub(crate) fn name(s: &str) -> Result<String, String> {
    if s.is_empty() {
        Err("empty".into())
    } else {
        Ok(s.to_string())
    }
}

pub(crate) fn level(s: &str) -> Result<WarningLevel, String> {
    WarningLevel::from_str(s)
}

pub(crate) fn time(s: &str) -> Result<NaiveDateTime, String> {
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| format!("'{s}' is not a time (YYYY-MM-DD HH:MM)"))
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

/// An AQI, or none for an empty cell (also `NA`, `-`).
pub(crate) fn aqi(s: &str) -> Result<Option<u16>, String> {
    match s {
        "" | "NA" | "na" | "-" => Ok(None),
        // HJ 633 scores at most 500 (values above a table are scored 500): a larger AQI in a
        // run file is a damaged file, not a bad day.
        _ => match s.parse::<u16>() {
            Ok(v) if v <= 500 => Ok(Some(v)),
            _ => Err(format!(
                "'{s}' is not an AQI (a whole number from 0 to 500, or empty)"
            )),
        },
    }
}

/// A whole number (a published forecast value: an AQI or a concentration), or none.
fn number(s: &str) -> Result<Option<u32>, String> {
    match s {
        "" | "NA" | "na" | "-" => Ok(None),
        _ => s
            .parse::<u32>()
            .map(Some)
            .map_err(|_| format!("'{s}' is not a whole number")),
    }
}

fn pollutant(s: &str) -> Result<EmissionPollutant, String> {
    EmissionPollutant::ALL
        .into_iter()
        .find(|p| s.eq_ignore_ascii_case(p.key()) || s == p.name_zh())
        .ok_or_else(|| format!("'{s}' is not a pollutant (so2, nox, pm, vocs)"))
}

fn sector(s: &str) -> Result<Sector, String> {
    Sector::parse(s).ok_or_else(|| {
        format!("'{s}' is not a sector (industry, traffic, dust, residential, other)")
    })
}

/// `basis`: whether the estimates count (`listed+estimated`, or empty in an older file).
fn basis(s: &str) -> Result<bool, String> {
    match s {
        "listed" => Ok(false),
        "listed+estimated" | "" => Ok(true),
        _ => Err(format!("'{s}' is not a basis (listed or listed+estimated)")),
    }
}

fn tonnes(s: &str) -> Result<Tonnes, String> {
    Tonnes::parse(s).map_err(|e| e.to_string())
}

fn target(s: &str) -> Result<Option<Share>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        // `target_pct` holds a number of percent; `target` of earlier runs ends in `%`.
        let text = if s.ends_with('%') {
            s.to_string()
        } else {
            format!("{s}%")
        };
        Share::parse(&text).map(Some).map_err(|e| e.to_string())
    }
}

/// Refuses a second row with the same key, naming the line of the first.
fn unique<K: std::hash::Hash + Eq>(
    t: &Table,
    seen: &mut HashMap<K, u64>,
    key: K,
    line: u64,
    what: impl FnOnce() -> String,
) -> Result<(), Error> {
    match seen.insert(key, line) {
        Some(first) => Err(t.error(
            line,
            format!("a second row for {} (the first is on line {first})", what()),
        )),
        None => Ok(()),
    }
}

/// The rows of a `warnings.csv` of a run before warning histories: each a period at one level.
fn warning_rows(t: &Table) -> Result<Vec<WarningRow>, Error> {
    let (c, l) = (t.column("city")?, t.column("level")?);
    let (s, e) = (t.column("start")?, t.column("end")?);
    t.records
        .iter()
        .map(|rec| {
            let row = WarningRow {
                city: t.get(rec, c, name)?,
                county: None,
                level: t.get(rec, l, level)?,
                start: t.get(rec, s, time)?,
                end: t.get(rec, e, time)?,
            };
            if row.end < row.start {
                return Err(t.error(rec.0, "the warning ends before it starts".into()));
            }
            Ok(row)
        })
        .collect()
}

/// The periods at one level of every warning, from its history: each change but the lift
/// holds until the next change of the same warning.
fn warning_periods(t: &Table) -> Result<Vec<WarningRow>, Error> {
    let (id, c, k) = (t.column("id")?, t.column("city")?, t.column("county")?);
    let (ch, tm, l) = (t.column("change")?, t.column("time")?, t.column("level")?);
    // (line, id, city, county, change, time, level)
    type Row = (
        u64,
        String,
        String,
        Option<String>,
        String,
        NaiveDateTime,
        WarningLevel,
    );
    let mut rows: Vec<Row> = Vec::with_capacity(t.records.len());
    for rec in &t.records {
        let county = t.get(rec, k, |x| Ok(x.to_string()))?;
        rows.push((
            rec.0,
            t.get(rec, id, |x| Ok(x.to_string()))?,
            t.get(rec, c, name)?,
            (!county.is_empty()).then_some(county),
            t.get(rec, ch, |x| Ok(x.to_string()))?,
            t.get(rec, tm, time)?,
            t.get(rec, l, level)?,
        ));
    }
    let mut out = Vec::new();
    for (i, (line, wid, city, county, change, start, level)) in rows.iter().enumerate() {
        if change == "lift" {
            continue;
        }
        let Some(next) = rows.get(i + 1).filter(|r| r.1 == *wid) else {
            return Err(t.error(
                *line,
                format!("warning {wid} has no lift after this change"),
            ));
        };
        if next.5 < *start {
            return Err(t.error(next.0, format!("warning {wid}: changes out of time order")));
        }
        out.push(WarningRow {
            city: city.clone(),
            county: county.clone(),
            level: *level,
            start: *start,
            end: next.5,
        });
    }
    Ok(out)
}

fn daily(t: &Table) -> Result<Vec<DailyRow>, Error> {
    let (c, d, a) = (t.column("city")?, t.column("date")?, t.column("aqi")?);
    let w = t.column("warning")?;
    let (lo, hi) = (t.optional("forecast_low"), t.optional("forecast_high"));
    // Calendars are per city: a county's own rows (runs since counties) are left out.
    let county = t.columns.get("county").copied();
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(t.records.len());
    for rec in &t.records {
        if county.is_some_and(|k| rec.1.get(k).is_some_and(|x| !x.is_empty())) {
            continue;
        }
        let row = DailyRow {
            city: t.get(rec, c, name)?,
            date: t.get(rec, d, date)?,
            aqi: t.get(rec, a, aqi)?,
            warning: t.get(rec, w, level)?,
            forecast_range: match (t.get(rec, lo, number)?, t.get(rec, hi, number)?) {
                (Some(l), Some(h)) => Some((l, h)),
                _ => None,
            },
        };
        unique(t, &mut seen, (row.city.clone(), row.date), rec.0, || {
            format!("{} on {}", row.city, row.date)
        })?;
        out.push(row);
    }
    Ok(out)
}

pub(crate) fn projection(t: &Table) -> Result<Vec<ProjectionRow>, Error> {
    let (c, tm) = (t.column("city")?, t.column("time")?);
    let (ba, ca) = (t.column("baseline_aqi")?, t.column("controlled_aqi")?);
    let (bl, cl) = (t.column("baseline_level")?, t.column("controlled_level")?);
    let (lo, hi) = (
        t.optional("controlled_aqi_low"),
        t.optional("controlled_aqi_high"),
    );
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(t.records.len());
    for rec in &t.records {
        let row = ProjectionRow {
            city: t.get(rec, c, name)?,
            time: t.get(rec, tm, time)?,
            baseline_aqi: t.get(rec, ba, aqi)?,
            controlled_aqi: t.get(rec, ca, aqi)?,
            baseline_level: t.get(rec, bl, level)?,
            controlled_level: t.get(rec, cl, level)?,
            controlled_low: t.get(rec, lo, aqi)?,
            controlled_high: t.get(rec, hi, aqi)?,
        };
        if let (Some(l), Some(h)) = (row.controlled_low, row.controlled_high)
            && l > h
        {
            return Err(t.error(
                rec.0,
                format!("controlled_aqi_low {l} is above controlled_aqi_high {h}"),
            ));
        }
        unique(t, &mut seen, (row.city.clone(), row.time), rec.0, || {
            format!("{} at {}", row.city, row.time.format("%Y-%m-%d %H:%M"))
        })?;
        out.push(row);
    }
    Ok(out)
}

fn sector_reductions(t: &Table) -> Result<Vec<SectorReductionRow>, Error> {
    let (c, l, s) = (t.column("city")?, t.column("level")?, t.column("sector")?);
    let (p, r) = (t.column("pollutant")?, t.column("reduced_t")?);
    // `target_pct` (a number); `target` (`30%`) in run folders of earlier versions.
    let (i, pct) = (t.column("inventory_t")?, t.optional("target_pct"));
    let tg = if pct.1.is_some() {
        pct
    } else {
        t.column("target")?
    };
    let (e, b) = (t.optional("estimated_t"), t.optional("basis"));
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(t.records.len());
    for rec in &t.records {
        let sector = t.get(rec, s, sector)?;
        let reduced = t.get(rec, r, tonnes)?;
        // Files from before the split: industry was the enterprises, every other sector the
        // orders' estimates, and everything counted.
        let estimated = t.get(rec, e, |x| match x {
            "" if sector == Sector::Industry => Ok(Tonnes(0)),
            "" => Ok(reduced),
            x => tonnes(x),
        })?;
        let row = SectorReductionRow {
            city: t.get(rec, c, name)?,
            level: t.get(rec, l, level)?,
            sector,
            pollutant: t.get(rec, p, pollutant)?,
            reduced,
            estimated,
            inventory: t.get(rec, i, tonnes)?,
            target: t.get(rec, tg, target)?,
            estimates_count: t.get(rec, b, basis)?,
        };
        let key = (row.city.clone(), row.level, row.sector, row.pollutant);
        unique(t, &mut seen, key, rec.0, || {
            format!(
                "{}, {}, {}, {}",
                row.city,
                row.level,
                row.sector.key(),
                row.pollutant.key()
            )
        })?;
        out.push(row);
    }
    Ok(out)
}

fn regions(t: &Table) -> Result<Vec<RegionRow>, Error> {
    let (r, c) = (t.column("region")?, t.column("city")?);
    t.records
        .iter()
        .map(|rec| {
            Ok(RegionRow {
                region: t.get(rec, r, name)?,
                city: t.get(rec, c, name)?,
            })
        })
        .collect()
}

fn advisories(t: &Table) -> Result<Vec<AdvisoryRow>, Error> {
    let (c, k) = (t.column("city")?, t.optional("county"));
    let (s, e, r) = (t.column("start")?, t.column("end")?, t.column("reason")?);
    t.records
        .iter()
        .map(|rec| {
            let county = t.get(rec, k, |x| Ok(x.to_string()))?;
            let row = AdvisoryRow {
                city: t.get(rec, c, name)?,
                county: (!county.is_empty()).then_some(county),
                start: t.get(rec, s, time)?,
                end: t.get(rec, e, time)?,
                reason: t.get(rec, r, |x| Ok(x.to_string()))?,
            };
            if row.end < row.start {
                return Err(t.error(rec.0, "the advisory ends before it starts".into()));
            }
            Ok(row)
        })
        .collect()
}
