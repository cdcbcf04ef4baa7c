//! The CNEMC national archive format: `date,hour,type,<site...>`, one row per hour and
//! indicator type, one column per station (codes such as `1001A`) or, in the city variant, per
//! city (names such as `太原`).
//!
//! A file holds one day, so it is read whole into at most 24 hour frames (memory bounded by
//! the number of stations, not days). `hour` h is the mean of (h-1):00-h:00 and is labelled
//! h:00 of `date` (hour-ending, pipeline.md). Of the 15 types, the 1-hour values of the six
//! pollutants and the O3 8-hour moving mean are read; the `AQI` row and the 24-hour moving
//! means are the publisher's derived values and are recomputed, not trusted.

use std::collections::BTreeMap;
use std::io::Read;

use chrono::NaiveDateTime;

use super::defect::{Defect, DefectKind, FileQuality, Quality};
use super::lines::{LineTrack, error_line, record_line};
use super::sites::{SiteId, SiteKind, Sites};
use super::stations::StationList;
use super::text::{Cell, TextDecoder, parse_cell};
use super::time::{at_hour, parse_date, parse_hour};
use super::{
    CoCheck, FileId, HourFrame, ReadOptions, SiteHour, Values, concentration_defect,
    short_row_message,
};
use crate::aqi::Slot;

/// The archive's types and what hazeplan does with each.
fn type_slot(t: &[u8]) -> Result<Option<Slot>, ()> {
    Ok(match t {
        b"PM2.5" => Some(Slot::Pm25),
        b"PM10" => Some(Slot::Pm10),
        b"SO2" => Some(Slot::So2),
        b"NO2" => Some(Slot::No2),
        b"CO" => Some(Slot::Co),
        b"O3" => Some(Slot::O3),
        b"O3_8h" => Some(Slot::O3EightHour),
        b"AQI" | b"PM2.5_24h" | b"PM10_24h" | b"SO2_24h" | b"NO2_24h" | b"O3_24h"
        | b"O3_8h_24h" | b"CO_24h" => None,
        _ => return Err(()),
    })
}

/// Is a header cell a station code (`1001A`, `3867A`)?
pub fn looks_like_station_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphabetic)
}

/// Does a header start like a CNEMC archive file?
pub fn is_cnemc_header(cells: &[String]) -> bool {
    cells.len() > 3
        && cells[0].eq_ignore_ascii_case("date")
        && cells[1].eq_ignore_ascii_case("hour")
        && cells[2].eq_ignore_ascii_case("type")
}

/// One column of the file.
struct Column {
    name: String,
    site: Option<SiteId>,
}

/// The frames of one hour while the file is read: values per column.
struct Pending {
    line: u64,
    values: Vec<Values>,
    types_seen: u8,
    /// Line of the first row of each type.
    type_lines: [u64; 7],
}

/// Reads one CNEMC archive file into hour frames sorted by time.
pub(crate) fn read(
    file: FileId,
    input: impl Read,
    sites: &mut Sites,
    stations: Option<&StationList>,
    opts: &ReadOptions,
    quality: &mut Quality,
) -> Vec<HourFrame> {
    let name = quality.files[file.0].file.clone();
    let name: std::sync::Arc<str> = name.into();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(LineTrack::new(input));
    let mut dec = TextDecoder::default();
    let mut rec = csv::ByteRecord::new();
    let defect = |quality: &mut Quality,
                  line: u64,
                  column: Option<&str>,
                  kind: DefectKind,
                  message: String,
                  station: Option<&str>| {
        quality.add(Defect {
            file: name.clone(),
            line,
            column: column.map(str::to_string),
            kind,
            message,
            station: station.map(str::to_string),
        });
    };
    // Header.
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Vec::new(),
        Err(e) => {
            defect(
                quality,
                1,
                None,
                DefectKind::Unreadable,
                e.to_string(),
                None,
            );
            return Vec::new();
        }
    }
    let header: Vec<String> = rec
        .iter()
        .map(|c| dec.decode(c).trim().to_string())
        .collect();
    let is_station =
        |h: &str| stations.is_some_and(|s| s.get(h).is_some()) || looks_like_station_code(h);
    let city_variant = !header[3..].iter().any(|h| is_station(h));
    quality.files[file.0].format = if city_variant { "cnemc-city" } else { "cnemc" }.into();
    let mut columns = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let site = if i < 3 || h.is_empty() {
            None
        } else if city_variant {
            Some(sites.intern(SiteKind::City, h, Some(h), false))
        } else {
            let known = stations.and_then(|s| s.get(h));
            if stations.is_some() && known.is_none() {
                defect(
                    quality,
                    1,
                    Some(h),
                    DefectKind::UnknownStation,
                    format!(
                        "station '{h}' is not in the station list; its values count for the station only, not for a city"
                    ),
                    Some(h),
                );
            }
            let city = known.map(|s| s.city.as_str()).or(opts.city.as_deref());
            let control = known.is_some_and(|s| s.control);
            Some(sites.intern(SiteKind::Station, h, city, control))
        };
        columns.push(Column {
            name: h.clone(),
            site,
        });
    }
    let width = columns.len();
    let co_shift = opts.co_shift(None);
    let mut co_check = CoCheck::new(co_shift);
    let mut hours: BTreeMap<NaiveDateTime, Pending> = BTreeMap::new();
    let mut rows = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = error_line(&rdr, &e);
                defect(
                    quality,
                    line,
                    None,
                    DefectKind::Unreadable,
                    format!("{e}; the rest of the file is skipped"),
                    None,
                );
                break;
            }
        }
        rows += 1;
        let line = record_line(&rdr, &rec);
        if rec.len() == 1 && rec[0].is_empty() {
            continue;
        }
        if rec.len() < width {
            defect(
                quality,
                line,
                None,
                DefectKind::ShortRow,
                short_row_message(rec.len(), &header, rec.len() < 3),
                None,
            );
        } else if rec.len() > width {
            defect(
                quality,
                line,
                None,
                DefectKind::LongRow,
                format!(
                    "{} fields where the header has {width}; the extra cells are ignored",
                    rec.len()
                ),
                None,
            );
        }
        if rec.len() < 3 {
            continue;
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
        let time = parse_date(&text(&rec[0]))
            .map_err(|e| (0, e))
            .and_then(|d| {
                parse_hour(&text(&rec[1]))
                    .and_then(|h| at_hour(d, h))
                    .map_err(|e| (1, e))
            });
        let time = match time {
            Ok(t) => t,
            Err((col, e)) => {
                defect(
                    quality,
                    line,
                    Some(&header[col]),
                    DefectKind::BadTime,
                    format!("{e}; row skipped"),
                    None,
                );
                continue;
            }
        };
        let slot = match type_slot(rec[2].trim_ascii()) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(()) => {
                defect(
                    quality,
                    line,
                    Some(&header[2]),
                    DefectKind::UnknownType,
                    format!("unknown type '{}'; row skipped", text(&rec[2])),
                    None,
                );
                continue;
            }
        };
        let shift = if slot == Slot::Co { co_shift } else { 0 };
        let pending = hours.entry(time).or_insert_with(|| Pending {
            line,
            values: vec![[None; 7]; width],
            types_seen: 0,
            type_lines: [0; 7],
        });
        let duplicate = pending.types_seen & (1 << slot as u8) != 0;
        pending.types_seen |= 1 << slot as u8;
        if !duplicate {
            pending.type_lines[slot as usize] = line;
        }
        let first_line = pending.type_lines[slot as usize];
        for (i, cell) in rec.iter().enumerate().take(width).skip(3) {
            let Some(_) = columns[i].site else {
                continue;
            };
            let value = match parse_cell(cell, shift, &opts.missing) {
                Ok(Cell::Value(v)) => Some(v),
                Ok(Cell::Missing) => None,
                Err(e) => {
                    let (kind, msg) = concentration_defect(&e);
                    defect(
                        quality,
                        line,
                        Some(&columns[i].name),
                        kind,
                        msg,
                        Some(&columns[i].name),
                    );
                    None
                }
            };
            if slot == Slot::Co
                && let Some(v) = value
            {
                co_check.observe(v);
            }
            let stored = &mut pending.values[i][slot as usize];
            if duplicate {
                if let (Some(a), Some(b)) = (*stored, value)
                    && a != b
                {
                    defect(
                        quality,
                        line,
                        Some(&columns[i].name),
                        DefectKind::Conflict,
                        format!(
                            "{} at {} given twice with different values ({} here, {} at {name}:{first_line}); both skipped",
                            slot.name(),
                            time.format("%Y-%m-%d %H:%M"),
                            show(value),
                            show(*stored)
                        ),
                        Some(&columns[i].name),
                    );
                    *stored = None;
                } else if stored.is_none() {
                    *stored = value;
                }
            } else {
                *stored = value;
            }
        }
    }
    let fq: &mut FileQuality = &mut quality.files[file.0];
    fq.rows = rows;
    fq.encoding = dec.encoding().name().into();
    if let Some(note) = co_check.note(&name) {
        quality.notes.push(note);
    }
    let mut frames = Vec::with_capacity(hours.len());
    // Counted per column here and added to the summary once per file: a lookup per
    // station-hour in the summary's map would cost more than parsing the cell.
    let mut counts: Vec<(u64, [u64; 7])> = vec![(0, [0; 7]); width];
    for (time, p) in hours {
        let mut rows = Vec::new();
        for (i, values) in p.values.into_iter().enumerate() {
            let Some(site) = columns[i].site else {
                continue;
            };
            if values.iter().all(Option::is_none) {
                continue;
            }
            let c = &mut counts[i];
            c.0 += 1;
            for (n, v) in c.1.iter_mut().zip(&values) {
                *n += u64::from(v.is_some());
            }
            rows.push(SiteHour {
                site,
                values,
                file,
                line: p.line,
            });
        }
        frames.push(HourFrame { time, rows });
    }
    for (i, (hours, valid)) in counts.into_iter().enumerate() {
        if hours > 0 {
            let q = quality.sites.entry(columns[i].name.clone()).or_default();
            q.hours += hours;
            for (a, b) in q.valid.iter_mut().zip(valid) {
                *a += b;
            }
        }
    }
    frames
}

fn show(v: Option<crate::units::Concentration>) -> String {
    v.map_or("missing".to_string(), |c| c.to_string())
}
