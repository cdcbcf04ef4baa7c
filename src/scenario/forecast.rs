//! The forecast table of a scenario: a CSV of one row per city (or county) and day (or hour)
//! with the AQI or PM2.5 forecast, as a value or a published range (`180-230`), and
//! optionally the county, the primary pollutant, the cause and when the row was published. UTF-8 or GBK, detected as for monitoring files; lines are the
//! file's true lines (CRLF and blank lines included).
//!
//! Every defective row is reported (`FILE:LINE: column 'NAME': message`), at most
//! [`MESSAGES_PER_KIND`] per kind with a count of the rest, as `hazeplan aqi` does.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDateTime, NaiveTime};

use super::areas::unknown_county;
use crate::alert::Cause;
use crate::alert::{City, ForecastRow, Quantity, Resolution};
use crate::aqi::Slot;
use crate::diag::problem::Problem;
use crate::diag::suggest::city_hint;
use crate::diag::suggest::hint;
use crate::ingest::MissingMarkers;
use crate::table::{Report, cell};

use crate::ingest::time::{parse_date, parse_datetime};

pub use crate::table::MESSAGES_PER_KIND;

/// A column of the forecast table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    City,
    County,
    Issued,
    Date,
    Time,
    Aqi,
    Pm25,
    Primary,
    Cause,
}

/// The English header names, for suggestions.
const NAMES: [&str; 9] = [
    "city", "county", "issued", "date", "time", "aqi", "pm25", "primary", "cause",
];

fn recognise(cell: &str) -> Option<Col> {
    let n: String = cell
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    Some(match n.as_str() {
        "city" | "城市" => Col::City,
        "county" | "区县" | "县区" | "区/县" => Col::County,
        "issued" | "published" | "发布时间" => Col::Issued,
        "date" | "日期" => Col::Date,
        "time" | "时间" => Col::Time,
        "aqi" => Col::Aqi,
        "pm25" | "pm2.5" | "pm2_5" => Col::Pm25,
        "primary" | "首要污染物" => Col::Primary,
        "cause" | "原因" => Col::Cause,
        _ => return None,
    })
}

/// The columns found: index and header spelling of each.
struct Header {
    city: (usize, String),
    county: Option<(usize, String)>,
    issued: Option<(usize, String)>,
    time: (usize, String),
    value: (usize, String),
    primary: Option<(usize, String)>,
    cause: Option<(usize, String)>,
    width: usize,
    resolution: Resolution,
    quantity: Quantity,
}

/// The scenario's cities, in order, and their positions by name.
struct Cities<'a> {
    all: &'a [City],
    names: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

/// A publication time: `YYYY-MM-DD HH:MM[:SS]` (minutes allowed) or any form of
/// [`parse_datetime`].
pub(crate) fn parse_issued(text: &str) -> Result<NaiveDateTime, String> {
    let t = text.trim();
    for f in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(x) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(x);
        }
    }
    parse_datetime(t).map_err(|e| e.to_string())
}

fn read_header(
    cells: &[String],
    line: u64,
    resolution: Resolution,
    quantity: Quantity,
    r: &mut Report,
) -> Option<Header> {
    let mut found: Vec<(Col, usize, String)> = Vec::new();
    let before = r.problems.len();
    for (i, cell) in cells.iter().enumerate() {
        // Spreadsheets leave empty header cells after the last column.
        if cell.is_empty() {
            continue;
        }
        let Some(col) = recognise(cell) else {
            let note = match hint(cell, NAMES) {
                h if h.is_empty() => {
                    " (columns: city, county, date or time, aqi or pm25, primary, cause, issued)"
                        .to_string()
                }
                h => h,
            };
            r.push("header", line, Some(cell), format!("unknown column{note}"));
            continue;
        };
        if let Some((_, j, _)) = found.iter().find(|(c, _, _)| *c == col) {
            let msg = format!("appears twice (columns {} and {})", j + 1, i + 1);
            r.push("header", line, Some(cell), msg);
            continue;
        }
        found.push((col, i, cell.clone()));
    }
    let get = |c: Col| {
        found
            .iter()
            .find(|(x, _, _)| *x == c)
            .map(|(_, i, n)| (*i, n.clone()))
    };
    let (want_time, other_time, time_msg) = match resolution {
        Resolution::Daily => (
            Col::Date,
            Col::Time,
            "holds hours: set forecast.resolution: hourly, or give a 'date' column",
        ),
        Resolution::Hourly => (
            Col::Time,
            Col::Date,
            "holds days: set forecast.resolution: daily, or give a 'time' column",
        ),
    };
    let (want_value, other_value, value_msg) = match quantity {
        Quantity::Aqi => (
            Col::Aqi,
            Col::Pm25,
            "holds PM2.5: set forecast.quantity: pm25, or give an 'aqi' column",
        ),
        Quantity::Pm25 => (
            Col::Pm25,
            Col::Aqi,
            "holds the AQI: set forecast.quantity: aqi, or give a 'pm25' column",
        ),
    };
    for (other, msg) in [(other_time, time_msg), (other_value, value_msg)] {
        if let Some((_, name)) = get(other) {
            r.push("header", line, Some(&name), msg.to_string());
        }
    }
    let mut need = |c: Col, name: &str, zh: &str| {
        let got = get(c);
        // A missing column already explained by a column of the other kind is not repeated.
        let explained = (c == want_time && get(other_time).is_some())
            || (c == want_value && get(other_value).is_some());
        if got.is_none() && !explained {
            r.push("header", line, None, format!("no '{name}' column ({zh})"));
        }
        got
    };
    let city = need(Col::City, "city", "城市");
    let time = match resolution {
        Resolution::Daily => need(Col::Date, "date", "日期"),
        Resolution::Hourly => need(Col::Time, "time", "时间"),
    };
    let value = match quantity {
        Quantity::Aqi => need(Col::Aqi, "aqi", "AQI"),
        Quantity::Pm25 => need(Col::Pm25, "pm25", "PM2.5"),
    };
    if r.problems.len() > before {
        return None;
    }
    Some(Header {
        city: city?,
        county: get(Col::County),
        issued: get(Col::Issued),
        time: time?,
        value: value?,
        primary: get(Col::Primary),
        cause: get(Col::Cause),
        width: cells.len(),
        resolution,
        quantity,
    })
}

/// A value or a range: `180`, `180-230`, `180~230`, `180～230` (also en and em dashes).
pub(crate) fn parse_value(text: &str, quantity: Quantity) -> Result<(u32, u32), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("no value".into());
    }
    let bad = || format!("'{t}' is not a whole number or a range such as 180-230");
    let number = |s: &str| -> Result<u32, String> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u32>().map_err(|_| format!("'{s}' is too large"))
    };
    let (low, high) = match t.split_once(['-', '~', '～', '–', '—']) {
        Some((a, b)) => (number(a)?, number(b)?),
        None => {
            let v = number(t)?;
            (v, v)
        }
    };
    if low > high {
        return Err(format!(
            "the range '{t}' is inverted (low end first: {high}-{low})"
        ));
    }
    if quantity == Quantity::Aqi && high > 500 {
        return Err(format!("AQI {high} is above 500, the top of the index"));
    }
    Ok((low, high))
}

/// Reads a forecast table. `cities` are the scenario's cities, in order: rows are sorted by
/// them, then by time. Rows outside the scenario's period are kept (a forecast may start
/// before it).
pub fn read(
    path: &Path,
    resolution: Resolution,
    quantity: Quantity,
    cities: &[City],
) -> Result<Vec<ForecastRow>, Vec<Problem>> {
    let mut r = Report::new(path);
    let cities = Cities {
        all: cities,
        names: cities.iter().map(|c| c.name.as_str()).collect(),
        index: cities
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i))
            .collect(),
    };
    let missing = MissingMarkers::default();
    let mut header: Option<Header> = None;
    let mut header_seen = false;
    let mut rows: Vec<(usize, usize, ForecastRow)> = Vec::new();
    let mut first_line: HashMap<(usize, usize, NaiveDateTime), u64> = HashMap::new();
    for (line, cells) in crate::table::records(path, &mut r) {
        if !header_seen {
            header_seen = true;
            header = read_header(&cells, line, resolution, quantity, &mut r);
            if header.is_none() {
                break;
            }
            continue;
        }
        let Some(h) = &header else { break };
        if cells.len() > h.width && cells[h.width..].iter().any(|c| !c.is_empty()) {
            let msg = format!(
                "{} fields where the header has {}; row skipped",
                cells.len(),
                h.width
            );
            r.push("row length", line, None, msg);
            continue;
        }
        if let Some(row) = read_row(&cells, line, h, &cities, &missing, &mut r) {
            let (ci, ki, row) = row;
            match first_line.get(&(ci, ki, row.time)) {
                Some(first) => {
                    let when = match resolution {
                        Resolution::Daily => row.time.format("%Y-%m-%d").to_string(),
                        Resolution::Hourly => row.time.format("%Y-%m-%d %H:%M").to_string(),
                    };
                    let area = match &row.county {
                        Some(k) => format!("{} {k}", row.city),
                        None => row.city.clone(),
                    };
                    let msg = format!("duplicate row for {area} {when} (first on line {first})");
                    r.push("duplicate", line, None, msg);
                }
                None => {
                    first_line.insert((ci, ki, row.time), line);
                    rows.push((ci, ki, row));
                }
            }
        }
    }
    if !header_seen {
        r.push("header", 0, None, "the file is empty (no header)".into());
    } else if header.is_some() && rows.is_empty() && r.problems.is_empty() {
        r.push("rows", 0, None, "the forecast has no rows".into());
    }
    let problems = r.finish();
    if !problems.is_empty() {
        return Err(problems);
    }
    rows.sort_by_key(|(ci, ki, row)| (*ci, *ki, row.time));
    Ok(rows.into_iter().map(|(_, _, row)| row).collect())
}

/// One row and the positions of its city and county (0 for the city's own row, k + 1 for its
/// k-th county), or `None` with its problems reported.
fn read_row(
    cells: &[String],
    line: u64,
    h: &Header,
    cities: &Cities,
    missing: &MissingMarkers,
    r: &mut Report,
) -> Option<(usize, usize, ForecastRow)> {
    let city_text = cell(cells, h.city.0);
    let city = cities.index.get(city_text).copied();
    if city.is_none() {
        let msg = if city_text.is_empty() {
            "no city".to_string()
        } else {
            format!(
                "unknown city '{city_text}'{}",
                city_hint(city_text, &cities.names)
            )
        };
        r.push("city", line, Some(&h.city.1), msg);
    }
    let mut county = None;
    let mut ki = 0;
    if let (Some((i, name)), Some(ci)) = (&h.county, city) {
        let text = cell(cells, *i);
        if !text.is_empty() {
            let c = &cities.all[ci];
            match c.counties.iter().position(|k| k.name == text) {
                Some(k) => {
                    county = Some(text.to_string());
                    ki = k + 1;
                }
                None => {
                    let msg = unknown_county(text, c).unwrap_or_default();
                    r.push("county", line, Some(name), msg);
                    return None;
                }
            }
        }
    }
    let mut issued = None;
    if let Some((i, name)) = &h.issued {
        let text = cell(cells, *i);
        if !text.is_empty() {
            match parse_issued(text) {
                Ok(t) => issued = Some(t),
                Err(e) => {
                    r.push("issued", line, Some(name), e);
                    return None;
                }
            }
        }
    }
    let time_text = cell(cells, h.time.0);
    let time = match h.resolution {
        Resolution::Daily => parse_date(time_text).map(|d| d.and_time(NaiveTime::MIN)),
        Resolution::Hourly => parse_datetime(time_text),
    };
    let time = time
        .map_err(|e| r.push("time", line, Some(&h.time.1), e.to_string()))
        .ok();
    let value = parse_value(cell(cells, h.value.0), h.quantity)
        .map_err(|e| r.push("value", line, Some(&h.value.1), e))
        .ok();
    let mut primary = None;
    if let Some((i, name)) = &h.primary {
        let text = cell(cells, *i);
        // Several primary pollutants are joined with ';' (as CNEMC publishes them); the
        // first is the one that classifies.
        let first = text
            .split([';', '；', '、'])
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("");
        if !missing.is_missing(first.as_bytes()) {
            primary = Slot::parse(first);
            if primary.is_none() {
                let names: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
                let msg = format!(
                    "unknown pollutant '{first}' (expected {})",
                    crate::diag::suggest::one_of(&names)
                );
                r.push("primary", line, Some(name), msg);
                return None;
            }
        }
    }
    let mut cause = None;
    if let Some((i, name)) = &h.cause {
        let text = cell(cells, *i);
        if !missing.is_missing(text.as_bytes()) {
            cause = Cause::parse(text);
            if cause.is_none() {
                let msg = format!(
                    "unknown cause '{text}' (expected dust/沙尘, local_dust/局地扬沙, \
                     wildfire/山火, fireworks/烟花爆竹 or cross_border/国境外传输)"
                );
                r.push("cause", line, Some(name), msg);
                return None;
            }
        }
    }
    let (ci, time, (low, high)) = (city?, time?, value?);
    Some((
        ci,
        ki,
        ForecastRow {
            city: city_text.to_string(),
            county,
            issued,
            time,
            low,
            high,
            primary,
            cause,
            line,
        },
    ))
}
