//! The CNEMC national archive format: `date,hour,type,<site...>`, one row per hour and
//! indicator type, one column per station (codes such as `1001A`) or, in the city variant, per
//! city (names such as `太原`).
//!
//! A file holds one day, so it is read whole into at most 24 hour blocks of integer
//! micro-units, one row of columns per indicator (`day`; memory bounded by the number of
//! stations, not days); `read` turns them into the hour frames of the time-ordered stream
//! and `read_day` hands them to the batch as they are. `hour` h is the mean of
//! (h-1):00-h:00 and is labelled h:00 of `date` (hour-ending, pipeline.md). Of the 15 types,
//! the 1-hour values of the six pollutants and the O3 8-hour moving mean are read; the `AQI`
//! row and the 24-hour moving means are the publisher's derived values and are recomputed, not
//! trusted, and their rows are passed over unsplit (`fast`).

mod day;
mod fast;
#[cfg(test)]
mod tests;

pub(crate) use day::{DayFile, HourBlock, NONE, SLOTS};

use std::collections::BTreeMap;
use std::io::Read;

use chrono::NaiveDateTime;

use super::defect::{Defect, DefectKind, FileQuality, Quality};
use super::records::{Line, Records, split_plain};
use super::sites::{SiteId, SiteKind, Sites};
use super::stations::StationList;
use super::text::{Cell, TextDecoder, fast_micro, parse_cell};
use super::{
    CoCheck, FileId, HourFrame, ReadOptions, concentration_defect, implausible,
    plausible_max_micro, short_row_message,
};
use crate::aqi::Slot;
use crate::units::Concentration;
use fast::{fast_row, row_time, skippable};

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

/// The values of one hour while the file is read.
pub(super) struct Pending {
    pub line: u64,
    pub values: Vec<u64>,
    pub types_seen: u8,
    /// Line of the first row of each type.
    pub type_lines: [u64; SLOTS],
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
    let mut records = Records::new(input);
    let Some(header) = first_line(&mut records, quality, file) else {
        return Vec::new();
    };
    let header = Header::new(header.decode(), sites, stations, opts);
    let day = read_day(file, records, &header, opts, quality);
    for (i, (hours, valid)) in day.counts.iter().enumerate() {
        if *hours > 0 && day.columns[i].is_some() {
            let q = quality.sites.entry(header.names[i].clone()).or_default();
            q.add_counts(*hours, valid);
        }
    }
    day.into_frames(file)
}

/// What a header says: its column names and the site of each column (in the [`Sites`] it
/// was read into), with the columns of stations missing from the station list.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    /// Column names as decoded and trimmed.
    pub names: Vec<String>,
    /// The site of each column.
    pub columns: Vec<Option<SiteId>>,
    city_variant: bool,
    /// Columns of stations not in the station list.
    unknown: Vec<usize>,
    encoding: super::text::Encoding,
}

impl Header {
    /// Reads a header's names into sites of `sites`.
    pub fn new(
        (names, encoding): (Vec<String>, super::text::Encoding),
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
    ) -> Header {
        let is_station =
            |h: &str| stations.is_some_and(|s| s.get(h).is_some()) || looks_like_station_code(h);
        let city_variant = !names.iter().skip(3).any(|h| is_station(h));
        let mut columns = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        for (i, h) in names.iter().enumerate() {
            let site = if i < 3 || h.is_empty() {
                None
            } else if city_variant {
                Some(sites.intern(SiteKind::City, h, Some(h), false))
            } else {
                let known = stations.and_then(|s| s.get(h));
                if stations.is_some() && known.is_none() {
                    unknown.push(i);
                }
                let city = known.map(|s| s.city.as_str()).or(opts.city.as_deref());
                let control = known.is_some_and(|s| s.control);
                Some(sites.intern(SiteKind::Station, h, city, control))
            };
            columns.push(site);
        }
        Header {
            names,
            columns,
            city_variant,
            unknown,
            encoding,
        }
    }
}

/// The header line of a file as read.
pub(crate) enum HeaderLine {
    /// A plain line (no quotes), raw: the same bytes mean the same header.
    Plain(u64, Vec<u8>),
    /// A line that needed the CSV grammar, as fields.
    Split(Vec<Vec<u8>>),
}

impl HeaderLine {
    /// The raw bytes of a plain header line.
    pub fn raw(&self) -> Option<&[u8]> {
        match self {
            HeaderLine::Plain(_, raw) => Some(raw),
            HeaderLine::Split(_) => None,
        }
    }

    /// The column names, decoded and trimmed, and the encoding they showed.
    pub fn decode(&self) -> (Vec<String>, super::text::Encoding) {
        let mut dec = TextDecoder::default();
        let names = match self {
            HeaderLine::Plain(line, raw) => {
                let mut ends = Vec::new();
                split_plain(*line, raw, &mut ends)
                    .iter()
                    .map(|c| dec.decode(c).trim().to_string())
                    .collect()
            }
            HeaderLine::Split(fields) => fields
                .iter()
                .map(|c| dec.decode(c).trim().to_string())
                .collect(),
        };
        (names, dec.encoding())
    }
}

/// The header line of a file; `None` for an empty or unreadable file (reported).
pub(crate) fn first_line<R: Read>(
    records: &mut Records<R>,
    quality: &mut Quality,
    file: FileId,
) -> Option<HeaderLine> {
    let refuse = |quality: &mut Quality, line: u64, message: String| {
        let name = quality.files[file.0].file.clone();
        quality.add(Defect {
            file: name.into(),
            line,
            column: None,
            kind: DefectKind::Unreadable,
            message,
            station: None,
        });
        None
    };
    match records.next_line(&mut |_| false) {
        Ok(Some(Line::Plain { line, text })) => {
            let fields = memchr::memchr_iter(b',', text).count() + 1;
            if fields > super::MAX_COLUMNS {
                return refuse(
                    quality,
                    line,
                    format!("{}; file skipped", super::too_many_columns(fields)),
                );
            }
            Some(HeaderLine::Plain(line, text.to_vec()))
        }
        Ok(Some(Line::Record(rec))) => {
            if rec.len() > super::MAX_COLUMNS {
                return refuse(
                    quality,
                    rec.line,
                    format!("{}; file skipped", super::too_many_columns(rec.len())),
                );
            }
            Some(HeaderLine::Split(rec.iter().map(<[u8]>::to_vec).collect()))
        }
        Ok(None) => None,
        Err(e) => refuse(quality, 1, format!("{e}; the rest of the file is skipped")),
    }
}

/// Reads the rows of one CNEMC archive file after its header into hour blocks sorted by time,
/// with per-column counts; its defects and format go into `quality` (whose `files[file.0]`
/// must exist).
pub(crate) fn read_day<R: Read>(
    file: FileId,
    mut records: Records<R>,
    head: &Header,
    opts: &ReadOptions,
    quality: &mut Quality,
) -> DayFile {
    let name = quality.files[file.0].file.clone();
    let name: std::sync::Arc<str> = name.into();
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
    let unreadable = |quality: &mut Quality, line: u64, e: std::io::Error| {
        defect(
            quality,
            line,
            None,
            DefectKind::Unreadable,
            format!("{e}; the rest of the file is skipped"),
            None,
        );
    };
    let header = &head.names;
    quality.files[file.0].format = if head.city_variant {
        "cnemc-city"
    } else {
        "cnemc"
    }
    .into();
    for &i in &head.unknown {
        let h = &header[i];
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
    let columns = head.columns.clone();
    let width = columns.len();
    let co_shift = opts.co_shift(None);
    let mut co_check = CoCheck::new(co_shift);
    let plain_numbers = opts.missing.is_default();
    let mut hours: BTreeMap<NaiveDateTime, Pending> = BTreeMap::new();
    let mut rows = 0u64;
    // `--cfg hazeplan_ablation=...` turns the fast path off for the ablation in BENCHMARKS.md
    // ("CSV fast path"); the shipped build always takes it.
    #[allow(unexpected_cfgs)]
    let fast = !cfg!(any(
        hazeplan_ablation = "fast-off",
        hazeplan_ablation = "csv-core"
    ));
    let mut skip = |line: &[u8]| fast && skippable(line, width);
    let mut ends = Vec::new();
    loop {
        let next = match records.next_line(&mut skip) {
            Ok(Some(next)) => next,
            Ok(None) => break,
            Err(e) => {
                unreadable(quality, records.line(), e);
                break;
            }
        };
        rows += 1;
        let rec = match next {
            Line::Plain { line, text } => {
                // The common row, plain numbers in a row of the header's width, is read in
                // one pass; anything else (and any row with a defect) takes the general way.
                if fast
                    && plain_numbers
                    && fast_row(text, line, &columns, co_shift, &mut hours, &mut co_check)
                {
                    continue;
                }
                split_plain(line, text, &mut ends)
            }
            Line::Record(rec) => rec,
        };
        let line = rec.line;
        if rec.len() == 1 && rec.get(0).is_empty() {
            continue;
        }
        if rec.len() < width {
            defect(
                quality,
                line,
                None,
                DefectKind::ShortRow,
                short_row_message(rec.len(), header, rec.len() < 3),
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
        let time = match row_time(rec.get(0), rec.get(1)) {
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
        let slot = match type_slot(rec.get(2).trim_ascii()) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(()) => {
                defect(
                    quality,
                    line,
                    Some(&header[2]),
                    DefectKind::UnknownType,
                    format!(
                        "unknown type '{}'; row skipped",
                        String::from_utf8_lossy(rec.get(2)).trim()
                    ),
                    None,
                );
                continue;
            }
        };
        let shift = if slot == Slot::Co { co_shift } else { 0 };
        let pending = hours.entry(time).or_insert_with(|| Pending {
            line,
            values: vec![NONE; SLOTS * width],
            types_seen: 0,
            type_lines: [0; SLOTS],
        });
        let duplicate = pending.types_seen & (1 << slot as u8) != 0;
        pending.types_seen |= 1 << slot as u8;
        if !duplicate {
            pending.type_lines[slot as usize] = line;
        }
        let first_line = pending.type_lines[slot as usize];
        let row = &mut pending.values[slot as usize * width..(slot as usize + 1) * width];
        for (i, cell) in rec.iter().enumerate().take(width).skip(3) {
            if columns[i].is_none() {
                continue;
            }
            // Archive cells are nearly all empty or plain decimals: those take no detour.
            let value = if cell.is_empty() {
                NONE
            } else if let Some(m) =
                fast_micro(cell, shift).filter(|&m| plain_numbers && m <= plausible_max_micro(slot))
            {
                m
            } else {
                match parse_cell(cell, shift, &opts.missing) {
                    Ok(Cell::Value(v)) => match implausible(slot, v.to_micro()) {
                        Some((kind, msg)) => {
                            defect(quality, line, Some(&header[i]), kind, msg, Some(&header[i]));
                            NONE
                        }
                        None => v.to_micro(),
                    },
                    Ok(Cell::Missing) => NONE,
                    Err(e) => {
                        let (kind, msg) = concentration_defect(&e);
                        defect(quality, line, Some(&header[i]), kind, msg, Some(&header[i]));
                        NONE
                    }
                }
            };
            if slot == Slot::Co && value != NONE {
                co_check.observe_micro(value);
            }
            let stored = &mut row[i];
            if !duplicate {
                *stored = value;
            } else if *stored != NONE && value != NONE && *stored != value {
                defect(
                    quality,
                    line,
                    Some(&header[i]),
                    DefectKind::Conflict,
                    format!(
                        "{} at {} given twice with different values ({} here, {} at {name}:{first_line}); both skipped",
                        slot.name(),
                        time.format("%Y-%m-%d %H:%M"),
                        show(value),
                        show(*stored)
                    ),
                    Some(&header[i]),
                );
                *stored = NONE;
            } else if *stored == NONE {
                *stored = value;
            }
        }
    }
    let fq: &mut FileQuality = &mut quality.files[file.0];
    fq.rows = rows + records.skipped();
    fq.encoding = head.encoding.name().into();
    if let Some(note) = co_check.note(&name) {
        quality.notes.push(note);
    }
    let hours: Vec<HourBlock> = hours
        .into_iter()
        .map(|(time, p)| HourBlock {
            time,
            line: p.line,
            values: p.values,
        })
        .collect();
    // Counted per column here, for the summary: a lookup per station-hour in the summary's
    // map would cost more than parsing the cell.
    // Slot by slot over contiguous rows (a loop the compiler vectorises), then turned into
    // per-column counts once.
    let mut valid = vec![0u32; SLOTS * width];
    let mut any_hours = vec![0u32; width];
    let mut any = vec![false; width];
    for h in &hours {
        any.fill(false);
        for (row, valid) in h
            .values
            .chunks_exact(width.max(1))
            .zip(valid.chunks_exact_mut(width.max(1)))
        {
            for ((c, a), &v) in valid.iter_mut().zip(any.iter_mut()).zip(row) {
                let ok = v != NONE;
                *c += u32::from(ok);
                *a |= ok;
            }
        }
        for (c, &a) in any_hours.iter_mut().zip(&any) {
            *c += u32::from(a);
        }
    }
    let counts: Vec<(u64, [u64; SLOTS])> = (0..width)
        .map(|col| {
            (
                u64::from(any_hours[col]),
                std::array::from_fn(|s| u64::from(valid[s * width + col])),
            )
        })
        .collect();
    DayFile {
        columns,
        hours,
        counts,
    }
}

fn show(micro: u64) -> String {
    if micro == NONE {
        "missing".to_string()
    } else {
        Concentration::from_micro(micro).map_or_else(|_| micro.to_string(), |c| c.to_string())
    }
}
