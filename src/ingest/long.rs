//! Long monitoring files: one row per station-hour (or city-hour), columns recognised from the
//! header (`PM2.5`, `PM2.5(μg/m³)`, `监测时间`, `站点名称`, …) or mapped with `--map`.
//!
//! The header need not be line 1 (see [`super::preamble`]). A file with a parameter and a
//! value column instead of pollutant columns has one row per (time, site, parameter): each row
//! gives one pollutant in the row's unit (see [`super::param`]), and the rows of one site-hour
//! are merged when the hour's frame is complete (see [`super::pivot`]). A QC column, if any,
//! turns rows not flagged valid into missing values (see [`super::qc`]). Timestamps with an
//! offset, and naive ones under `--tz`, are converted to Beijing time (see [`super::zone`]).
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
use super::header::{Columns, Field, co_unit_of};
use super::lines::{LineTrack, error_line, record_line};
use super::pivot::{Artefact, Pivot};
use super::sites::{SiteId, SiteKind, Sites};
use super::stations::StationList;
use super::text::{Cell, Encoding, TextDecoder, parse_cell};
use super::values::{self, Layout, POLLUTANT_FIELDS, row_time};
use super::{CoCheck, FileId, HourFrame, ReadOptions, SiteHour, short_row_message};
use crate::aqi::Slot;

/// What the first pass learnt about a file.
#[derive(Debug)]
pub(super) struct Plan {
    header: Vec<String>,
    columns: Columns,
    co_shift: u32,
    /// The first valid time, for ordering the sources.
    pub(super) start: Option<NaiveDateTime>,
    sorted: bool,
    /// Records up to and including the header.
    skip: usize,
    /// One row per (time, site, parameter).
    per_parameter: bool,
    /// The text encoding, as far as the first pass saw.
    encoding: Encoding,
}

fn open_csv<R: Read>(input: R) -> csv::Reader<LineTrack<R>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(LineTrack::new(input))
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
    let found = super::preamble::find(&mut rdr, &mut dec, &opts.maps, opts.header_row)?;
    if let Some(first) = &found.first_skipped {
        let above = match found.line {
            2 => "line 1".to_string(),
            n => format!("lines 1-{}", n - 1),
        };
        quality.notes.push(format!(
            "{name}: the header is line {}; {above} above it skipped ('{first}')",
            found.line
        ));
    }
    let (header, columns) = (found.cells, found.columns);
    let per_parameter = columns.per_parameter();
    let declared = columns.get(Field::Co).and_then(|i| co_unit_of(&header[i]));
    let mut co_check = CoCheck::new(0);
    let mut start = None;
    let mut last: Option<NaiveDateTime> = None;
    let mut sorted = true;
    while rdr.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
        if dec.encoding() == Encoding::Undecided {
            // Decide the encoding from the text cells (a Latin-1 `µg/m³` unit cell, a GBK
            // station name) for the quality summary and the second pass.
            for f in [
                Field::Station,
                Field::City,
                Field::Parameter,
                Field::Unit,
                Field::Qc,
            ] {
                if let Some(b) = columns.get(f).and_then(|i| rec.get(i)) {
                    dec.decode(b);
                }
            }
        }
        if let Ok(t) = row_time(&rec, &columns, opts.tz) {
            start = start.min(Some(t)).or(Some(t));
            if last.is_some_and(|l| t < l) {
                sorted = false;
            }
            last = Some(t);
        }
        if opts.co_unit.is_none()
            && declared.is_none()
            && !per_parameter
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
        fq.columns[slot as usize] = match columns.get(Field::Value) {
            Some(i) if per_parameter => Some(header[i].clone()),
            _ => columns.get(field).map(|i| header[i].clone()),
        };
    }
    fq.format = "long".into();
    fq.encoding = dec.encoding().name().into();
    Ok(Plan {
        header,
        columns,
        co_shift,
        start,
        sorted,
        skip: found.records,
        per_parameter,
        encoding: dec.encoding(),
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
    /// Parameters not read, noted once each.
    unread: HashSet<String>,
    /// The frame after the one being returned: the repeated-hour check looks one hour ahead.
    ahead: Option<HourFrame>,
    pivot: Pivot,
    /// Site-hours repeated by a daylight-saving clock: the first is a defect, the others are
    /// counted in a note at the end of the file.
    repeats: HashSet<(SiteId, NaiveDateTime)>,
    /// Rows not flagged valid, by flag, for the note at the end of the file.
    rejected: std::collections::BTreeMap<String, u64>,
    finished: bool,
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
        // The header (and any notes above it) was checked by the first pass.
        for _ in 0..plan.skip {
            let _ = rdr.read_byte_record(&mut rec);
        }
        let dec = TextDecoder::with(plan.encoding);
        Reader {
            file,
            name: quality.files[file.0].file.as_str().into(),
            stem: path
                .file_stem()
                .map_or("station".into(), |s| s.to_string_lossy().into_owned()),
            plan,
            rdr,
            rec,
            dec,
            carry: None,
            sorted_rows: None,
            cache: HashMap::new(),
            reported: HashSet::new(),
            rows: 0,
            unread: HashSet::new(),
            ahead: None,
            pivot: Pivot::default(),
            repeats: HashSet::new(),
            rejected: Default::default(),
            finished: false,
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
            let time = match row_time(&self.rec, &self.plan.columns, opts.tz) {
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
            let layout = Layout {
                columns: &self.plan.columns,
                co_shift: self.plan.co_shift,
                per_parameter: self.plan.per_parameter,
            };
            let read = values::read(&self.rec, &layout, &mut self.dec, opts);
            for issue in read.issues {
                self.defect(
                    q,
                    line,
                    Some(issue.column),
                    issue.kind,
                    issue.message,
                    Some(&key),
                );
            }
            if let Some(f) = read.rejected_flag {
                *self.rejected.entry(f).or_default() += 1;
            }
            if let Some(p) = read.unread_parameter
                && self.unread.insert(p.clone())
            {
                q.notes.push(format!(
                    "{}: parameter '{p}' (first on line {line}) is not one hazeplan scores; its \
                     rows are skipped",
                    self.name
                ));
            }
            let values = read.values;
            if values.iter().all(Option::is_none) {
                continue;
            }
            let row = SiteHour {
                site,
                values,
                file: self.file,
                line,
            };
            return Some((time, row));
        }
    }

    /// The next hour frame of this file, in time order, each site once (per-parameter rows
    /// merged), without the values of a repeated hour (see [`super::pivot`]).
    pub(super) fn next_frame(
        &mut self,
        sites: &mut Sites,
        stations: Option<&StationList>,
        opts: &ReadOptions,
        q: &mut Quality,
    ) -> Option<HourFrame> {
        loop {
            let mut frame = match self.ahead.take() {
                Some(f) => f,
                None => match self.raw_frame(sites, stations, opts, q) {
                    Some(f) => f,
                    None => {
                        self.finish(q);
                        return None;
                    }
                },
            };
            self.ahead = self.raw_frame(sites, stations, opts, q);
            let artefacts = self.pivot.settle(&mut frame, self.ahead.as_ref());
            for a in artefacts {
                self.report_repeat(&a, sites, q);
            }
            frame.rows.retain(|r| r.values.iter().any(Option::is_some));
            for r in &frame.rows {
                q.count_site_hour(
                    &sites.get(r.site).key,
                    Slot::ALL
                        .into_iter()
                        .filter(|s| r.values[*s as usize].is_some()),
                );
            }
            if !frame.rows.is_empty() {
                return Some(frame);
            }
        }
    }

    /// The first repeated hour of the file is a defect; the others are counted for a note.
    fn report_repeat(&mut self, a: &Artefact, sites: &Sites, q: &mut Quality) {
        let first = self.repeats.is_empty();
        self.repeats.insert((a.site, a.time));
        if !first {
            return;
        }
        let station = sites.get(a.site).key.clone();
        let column = self
            .plan
            .columns
            .get(Field::Value)
            .filter(|_| self.plan.per_parameter);
        let column = column.or_else(|| {
            POLLUTANT_FIELDS
                .iter()
                .find(|(_, s)| *s == a.slot)
                .and_then(|(f, _)| self.plan.columns.get(*f))
        });
        let message = a.message(&station);
        self.defect(
            q,
            a.second_line,
            column,
            DefectKind::Conflict,
            message,
            Some(&station),
        );
    }

    /// End of file: the note of further repeated hours.
    fn finish(&mut self, q: &mut Quality) {
        if self.finished {
            return;
        }
        self.finished = true;
        if self.repeats.len() > 1 {
            q.notes.push(format!(
                "{}: {} more site-hour(s) repeated by a daylight-saving clock; their values are \
                 skipped",
                self.name,
                self.repeats.len() - 1
            ));
        }
        if !self.rejected.is_empty() {
            let n: u64 = self.rejected.values().sum();
            let flags: Vec<String> = self
                .rejected
                .iter()
                .map(|(f, n)| format!("'{f}' {n}"))
                .collect();
            let column = self.plan.columns.name(Field::Qc).unwrap_or("qc");
            q.notes.push(format!(
                "{}: {n} row(s) not flagged valid in column '{column}' read as missing ({}); \
                 --qc-valid TEXT accepts a flag",
                self.name,
                flags.join(", ")
            ));
        }
    }

    /// The next hour frame as read: rows of one time, a site possibly more than once.
    fn raw_frame(
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
