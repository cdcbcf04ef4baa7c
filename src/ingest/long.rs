//! Long monitoring files: one row per station-hour (or city-hour), columns recognised from the
//! header (`PM2.5`, `PM2.5(μg/m³)`, `监测时间`, `站点名称`, …) or mapped with `--map`.
//!
//! A file is read twice. The first pass checks that the times never go backwards (true of
//! every export seen: per-station files, or all stations hour by hour) and samples CO to catch
//! a wrong unit; the second pass streams rows into hour frames. A file whose times do go
//! backwards is loaded whole and sorted instead, and the quality summary says so.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::defect::{Defect, DefectKind, Quality};
use super::header::{Columns, Field, co_unit_of, map_header};
use super::lines::{LineTrack, error_line, record_line};
use super::sites::{SiteId, SiteKind, Sites};
use super::stations::StationList;
use super::text::{Cell, TextDecoder, parse_cell};
use super::time::{TimeError, at_hour, from_parts, parse_date, parse_datetime, parse_hour};
use super::{
    CoCheck, FileId, HourFrame, ReadOptions, SiteHour, Values, concentration_defect, implausible,
    short_row_message,
};
use crate::aqi::Slot;

const POLLUTANT_FIELDS: [(Field, Slot); 7] = [
    (Field::Pm25, Slot::Pm25),
    (Field::Pm10, Slot::Pm10),
    (Field::So2, Slot::So2),
    (Field::No2, Slot::No2),
    (Field::Co, Slot::Co),
    (Field::O3, Slot::O3),
    (Field::O3_8h, Slot::O3EightHour),
];

/// What the first pass learnt about a file.
#[derive(Debug)]
pub(super) struct Plan {
    header: Vec<String>,
    columns: Columns,
    co_shift: u32,
    /// The first valid time, for ordering the sources.
    pub(super) start: Option<NaiveDateTime>,
    sorted: bool,
}

fn open_csv<R: Read>(input: R) -> csv::Reader<LineTrack<R>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(LineTrack::new(input))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim().to_string()
}

fn row_time(rec: &csv::ByteRecord, c: &Columns) -> Result<NaiveDateTime, (Field, TimeError)> {
    let cell = |f: Field| {
        rec.get(c.get(f).unwrap_or(usize::MAX))
            .map(text)
            .unwrap_or_default()
    };
    if c.get(Field::Time).is_some() {
        return parse_datetime(&cell(Field::Time)).map_err(|e| (Field::Time, e));
    }
    if c.get(Field::Date).is_some() {
        let d = parse_date(&cell(Field::Date)).map_err(|e| (Field::Date, e))?;
        let h = parse_hour(&cell(Field::Hour)).map_err(|e| (Field::Hour, e))?;
        return at_hour(d, h).map_err(|e| (Field::Hour, e));
    }
    let (y, m, d, h) = (
        cell(Field::Year),
        cell(Field::Month),
        cell(Field::Day),
        cell(Field::Hour),
    );
    from_parts(&y, &m, &d, &h).map_err(|e| {
        // Name the column at fault: the hour, else the part that cannot be a month or year,
        // else the day (30 February is the day's fault).
        let field = match e {
            TimeError::InvalidHour(_) | TimeError::InvalidTime(_) | TimeError::NotOnTheHour(_) => {
                Field::Hour
            }
            _ if !m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)) => Field::Month,
            _ if y.parse::<i32>().is_err() => Field::Year,
            _ => Field::Day,
        };
        (field, e)
    })
}

/// The first pass. `Err` carries a message for a file that cannot be read as a long file.
pub(super) fn scan(
    file: FileId,
    input: impl Read,
    opts: &ReadOptions,
    quality: &mut Quality,
) -> Result<Plan, String> {
    let name = quality.files[file.0].file.clone();
    let mut rdr = open_csv(input);
    let mut rec = csv::ByteRecord::new();
    let mut dec = TextDecoder::default();
    if !rdr.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
        return Err("the file is empty".into());
    }
    let header: Vec<String> = rec
        .iter()
        .map(|c| dec.decode(c).trim().to_string())
        .collect();
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let columns = map_header(&refs, &opts.maps).map_err(|e| e.to_string())?;
    let declared = columns.get(Field::Co).and_then(|i| co_unit_of(&header[i]));
    let mut co_check = CoCheck::new(0);
    let mut start = None;
    let mut last: Option<NaiveDateTime> = None;
    let mut sorted = true;
    while rdr.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
        if let Ok(t) = row_time(&rec, &columns) {
            start = start.min(Some(t)).or(Some(t));
            if last.is_some_and(|l| t < l) {
                sorted = false;
            }
            last = Some(t);
        }
        if opts.co_unit.is_none()
            && declared.is_none()
            && let Some(Ok(Cell::Value(v))) = columns
                .get(Field::Co)
                .and_then(|i| rec.get(i))
                .map(|b| parse_cell(b, 0, &opts.missing))
        {
            co_check.observe(v);
        }
    }
    let mut co_shift = opts.co_shift(declared);
    if opts.co_unit.is_none() && declared.is_none() {
        if let Some(m) = co_check.median_mg()
            && m > super::CO_MG_PLAUSIBLE_MEDIAN
        {
            co_shift = 3;
            quality.notes.push(format!(
                "{name}: CO read as ug/m3 (its header gives no unit and its median, {m}, is \
                 implausible in mg/m3); pass --co-unit mg to override"
            ));
        }
    } else if let Some(note) = co_check.note(&name) {
        quality.notes.push(note);
    }
    if !sorted {
        quality.notes.push(format!(
            "{name}: times are not in order; the file is loaded whole and sorted"
        ));
    }
    let fq = &mut quality.files[file.0];
    for (field, slot) in POLLUTANT_FIELDS {
        fq.columns[slot as usize] = columns.get(field).map(|i| header[i].clone());
    }
    fq.format = "long".into();
    fq.encoding = dec.encoding().name().into();
    Ok(Plan {
        header,
        columns,
        co_shift,
        start,
        sorted,
    })
}

/// The second pass: rows into hour frames.
pub(super) struct Reader<R: Read> {
    file: FileId,
    name: Arc<str>,
    stem: String,
    plan: Plan,
    rdr: csv::Reader<LineTrack<R>>,
    rec: csv::ByteRecord,
    dec: TextDecoder,
    /// Rows already read but belonging to the next frame.
    carry: Option<(NaiveDateTime, SiteHour)>,
    /// Rows of an unsorted file, sorted, consumed from the back.
    sorted_rows: Option<Vec<(NaiveDateTime, SiteHour)>>,
    cache: HashMap<(String, String), SiteId>,
    reported: HashSet<String>,
    rows: u64,
}

impl<R: Read> Reader<R> {
    /// Bytes of the file read so far (to the last record read).
    pub(super) fn bytes_read(&self) -> u64 {
        self.rdr.position().byte()
    }

    pub(super) fn new(
        file: FileId,
        path: &Path,
        input: R,
        plan: Plan,
        quality: &Quality,
    ) -> Reader<R> {
        let mut rdr = open_csv(input);
        let mut rec = csv::ByteRecord::new();
        // The header was checked by the first pass.
        let _ = rdr.read_byte_record(&mut rec);
        Reader {
            file,
            name: quality.files[file.0].file.as_str().into(),
            stem: path
                .file_stem()
                .map_or("station".into(), |s| s.to_string_lossy().into_owned()),
            plan,
            rdr,
            rec,
            dec: TextDecoder::default(),
            carry: None,
            sorted_rows: None,
            cache: HashMap::new(),
            reported: HashSet::new(),
            rows: 0,
        }
    }

    fn defect(
        &self,
        q: &mut Quality,
        line: u64,
        col: Option<usize>,
        kind: DefectKind,
        message: String,
        station: Option<&str>,
    ) {
        q.add(Defect {
            file: self.name.clone(),
            line,
            column: col.map(|i| self.plan.header.get(i).cloned().unwrap_or_default()),
            kind,
            message,
            station: station.map(str::to_string),
        });
    }

    /// The site of a row, registering it.
    fn site(
        &mut self,
        line: u64,
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
        q: &mut Quality,
    ) -> Option<SiteId> {
        let c = &self.plan.columns;
        let field = |rec: &csv::ByteRecord, dec: &mut TextDecoder, f: Field| {
            c.get(f)
                .and_then(|i| rec.get(i))
                .map(|b| dec.decode(b).trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let station = field(&self.rec, &mut self.dec, Field::Station);
        let city = field(&self.rec, &mut self.dec, Field::City);
        let has_station_col = c.get(Field::Station).is_some();
        let key = (
            station.clone().unwrap_or_default(),
            city.clone().unwrap_or_default(),
        );
        if let Some(&id) = self.cache.get(&key) {
            return Some(id);
        }
        let id = match (station, has_station_col) {
            (None, true) => {
                self.defect(
                    q,
                    line,
                    c.get(Field::Station),
                    DefectKind::UnknownStation,
                    "empty station; row skipped".into(),
                    None,
                );
                return None;
            }
            (Some(s), _) => {
                let known = stations.and_then(|l| l.get(&s).or_else(|| l.by_name(&s)));
                if stations.is_some() && known.is_none() && self.reported.insert(s.clone()) {
                    self.defect(
                        q,
                        line,
                        c.get(Field::Station),
                        DefectKind::UnknownStation,
                        format!("station '{s}' is not in the station list; its values count for the station only, unless the row names its city"),
                        Some(&s),
                    );
                }
                let code = known.map_or(s.clone(), |k| k.code.clone());
                let city = city
                    .as_deref()
                    .or(known.map(|k| k.city.as_str()))
                    .or(opts.city.as_deref());
                let control = known.is_some_and(|k| k.control);
                sites.intern(SiteKind::Station, &code, city, control)
            }
            (None, false) => match city {
                Some(city) => sites.intern(SiteKind::City, &city, Some(&city), false),
                None => sites.intern(SiteKind::Station, &self.stem, opts.city.as_deref(), false),
            },
        };
        self.cache.insert(key, id);
        Some(id)
    }

    /// Reads and parses the next row; `Ok(None)` at the end of the file.
    fn next_row(
        &mut self,
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
        q: &mut Quality,
    ) -> Option<(NaiveDateTime, SiteHour)> {
        loop {
            match self.rdr.read_byte_record(&mut self.rec) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    let line = error_line(&self.rdr, &e);
                    self.defect(
                        q,
                        line,
                        None,
                        DefectKind::Unreadable,
                        format!("{e}; the rest of the file is skipped"),
                        None,
                    );
                    return None;
                }
            }
            self.rows += 1;
            let line = record_line(&self.rdr, &self.rec);
            let width = self.plan.header.len();
            if self.rec.len() == 1 && self.rec[0].is_empty() {
                continue;
            }
            if self.rec.len() < width {
                self.defect(
                    q,
                    line,
                    None,
                    DefectKind::ShortRow,
                    short_row_message(self.rec.len(), &self.plan.header, false),
                    None,
                );
            } else if self.rec.len() > width {
                self.defect(
                    q,
                    line,
                    None,
                    DefectKind::LongRow,
                    format!(
                        "{} fields where the header has {width}; the extra cells are ignored",
                        self.rec.len()
                    ),
                    None,
                );
            }
            let time = match row_time(&self.rec, &self.plan.columns) {
                Ok(t) => t,
                Err((f, e)) => {
                    self.defect(
                        q,
                        line,
                        self.plan.columns.get(f),
                        DefectKind::BadTime,
                        format!("{e}; row skipped"),
                        None,
                    );
                    continue;
                }
            };
            let Some(site) = self.site(line, sites, stations, opts, q) else {
                continue;
            };
            let key = sites.get(site).key.clone();
            let mut values: Values = [None; 7];
            for (field, slot) in POLLUTANT_FIELDS {
                let Some(i) = self.plan.columns.get(field) else {
                    continue;
                };
                let Some(cell) = self.rec.get(i) else {
                    continue;
                };
                let shift = if slot == Slot::Co {
                    self.plan.co_shift
                } else {
                    0
                };
                match parse_cell(cell, shift, &opts.missing) {
                    Ok(Cell::Value(v)) => match implausible(slot, v.to_micro()) {
                        Some((kind, msg)) => self.defect(q, line, Some(i), kind, msg, Some(&key)),
                        None => values[slot as usize] = Some(v),
                    },
                    Ok(Cell::Missing) => {}
                    Err(e) => {
                        let (kind, msg) = concentration_defect(&e);
                        self.defect(q, line, Some(i), kind, msg, Some(&key));
                    }
                }
            }
            if values.iter().all(Option::is_none) {
                continue;
            }
            q.count_site_hour(
                &key,
                Slot::ALL
                    .into_iter()
                    .filter(|s| values[*s as usize].is_some()),
            );
            let row = SiteHour {
                site,
                values,
                file: self.file,
                line,
            };
            return Some((time, row));
        }
    }

    /// The next hour frame of this file, in time order.
    pub(super) fn next_frame(
        &mut self,
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
        q: &mut Quality,
    ) -> Option<HourFrame> {
        if !self.plan.sorted && self.sorted_rows.is_none() {
            let mut all = Vec::new();
            while let Some(r) = self.next_row(sites, stations, opts, q) {
                all.push(r);
            }
            // Descending, so that frames pop from the back in ascending order.
            all.sort_by_key(|r| std::cmp::Reverse((r.0, r.1.line)));
            self.sorted_rows = Some(all);
            q.files[self.file.0].rows = self.rows;
        }
        let first = match self.carry.take() {
            Some(r) => r,
            None => self.pull(sites, stations, opts, q)?,
        };
        let time = first.0;
        let mut rows = vec![first.1];
        while let Some(r) = self.pull(sites, stations, opts, q) {
            if r.0 == time {
                rows.push(r.1);
            } else {
                self.carry = Some(r);
                break;
            }
        }
        q.files[self.file.0].rows = self.rows;
        Some(HourFrame { time, rows })
    }

    fn pull(
        &mut self,
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
        q: &mut Quality,
    ) -> Option<(NaiveDateTime, SiteHour)> {
        match &mut self.sorted_rows {
            Some(rows) => rows.pop(),
            None => self.next_row(sites, stations, opts, q),
        }
    }
}
