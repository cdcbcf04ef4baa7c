//! All inputs as one stream of hour frames in time order.
//!
//! Sources are opened lazily in order of their first hour, so a year of daily CNEMC files keeps
//! one or two files in memory; per-station long files that cover the same years are read side
//! by side. Frames of the same hour from several files are combined; a station-hour given twice
//! with different values is a defect and those values are skipped.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::defect::{Defect, DefectKind, FileQuality, Quality};
use super::sites::Sites;
use super::stations::StationList;
use super::text::TextDecoder;
use super::time::{at_hour, parse_date, parse_hour};
use super::{FileId, FormatChoice, HourFrame, ReadOptions, SiteHour, cnemc, long};
use crate::aqi::Slot;
use crate::error::Error;

/// Files named by the user, with directories expanded to the `.csv` files below them (sorted
/// by path, so the order never depends on the file system).
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_csv(p, &mut found).map_err(|message| Error::Input {
                path: p.clone(),
                message,
            })?;
            if found.is_empty() {
                return Err(Error::Input {
                    path: p.clone(),
                    message: "the directory holds no .csv file".into(),
                });
            }
            found.sort();
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(Error::Input {
                path: p.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    Ok(out)
}

/// The `.csv` files below `dir`, symlinks followed (walkdir). A symlink loop is an error naming
/// the link, reported once, and a file reached twice (two links to it) is read once.
fn collect_csv(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| match (e.loop_ancestor(), e.path()) {
            (Some(ancestor), Some(link)) => format!(
                "{} is a link back to {} (a loop): remove it or name the folders you want",
                link.display(),
                ancestor.display()
            ),
            _ => e.to_string(),
        })?;
        let p = entry.path();
        if entry.file_type().is_file()
            && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))
            && seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        {
            out.push(p.to_path_buf());
        }
    }
    Ok(())
}

enum Kind {
    Cnemc,
    Long(long::Plan),
}

/// A file not yet opened for reading frames.
struct Pending {
    file: FileId,
    path: PathBuf,
    start: NaiveDateTime,
    kind: Kind,
}

enum Reader {
    Cnemc(VecDeque<HourFrame>),
    Long(Box<long::Reader<BufReader<File>>>),
}

struct Active {
    reader: Reader,
    peeked: Option<HourFrame>,
    /// The file's size, for progress.
    size: u64,
}

/// The merged frames of all inputs.
pub struct FrameStream {
    /// Sites seen so far.
    pub sites: Sites,
    /// The data-quality summary so far.
    pub quality: Quality,
    stations: Option<StationList>,
    opts: ReadOptions,
    pending: Vec<Pending>,
    active: Vec<Active>,
    last: Option<NaiveDateTime>,
    /// Files finished (read to the end, or left out) and their bytes, for progress.
    done_files: usize,
    done_bytes: u64,
}

fn first_line_fields(path: &Path) -> std::io::Result<(Vec<String>, Option<csv::ByteRecord>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(BufReader::new(File::open(path)?));
    let mut rec = csv::ByteRecord::new();
    let mut dec = TextDecoder::default();
    if !rdr.read_byte_record(&mut rec)? {
        return Ok((Vec::new(), None));
    }
    let header = rec
        .iter()
        .map(|c| dec.decode(c).trim().to_string())
        .collect();
    let first = rdr.read_byte_record(&mut rec)?.then_some(rec);
    Ok((header, first))
}

impl FrameStream {
    /// Checks every file's header and plans the reading. Files that cannot be read at all are
    /// reported as defects (kind `unreadable`) and left out.
    pub fn open(
        paths: &[PathBuf],
        stations: Option<StationList>,
        opts: ReadOptions,
    ) -> FrameStream {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        FrameStream::open_named(paths, &names, stations, opts)
    }

    /// [`FrameStream::open`] with the name each file goes by in messages (`-` for standard
    /// input spooled to a temporary file).
    pub fn open_named(
        paths: &[PathBuf],
        names: &[String],
        stations: Option<StationList>,
        opts: ReadOptions,
    ) -> FrameStream {
        let mut quality = Quality::default();
        let mut pending = Vec::new();
        for (path, name) in paths.iter().zip(names) {
            let file = FileId(quality.files.len());
            let name = name.clone();
            quality.files.push(FileQuality {
                file: name.clone(),
                ..FileQuality::default()
            });
            match plan(file, path, &opts, &mut quality) {
                Ok(Some((start, kind))) => pending.push(Pending {
                    file,
                    path: path.clone(),
                    start,
                    kind,
                }),
                Ok(None) => quality.notes.push(format!("{name}: no data rows")),
                Err(message) => quality.add(Defect {
                    file: Arc::from(name.as_str()),
                    line: 0,
                    column: None,
                    kind: DefectKind::Unreadable,
                    message: format!("{message}; file skipped"),
                    station: None,
                }),
            }
        }
        // Latest first: sources are popped from the back.
        pending.sort_by_key(|p| std::cmp::Reverse((p.start, p.file)));
        let done_files = paths.len() - pending.len();
        FrameStream {
            sites: Sites::default(),
            quality,
            stations,
            opts,
            pending,
            active: Vec::new(),
            last: None,
            done_files,
            done_bytes: 0,
        }
    }

    /// Progress: files finished, and bytes read of all files (the long files' readers read
    /// while frames are taken, all at once when they cover the same hours, so bytes are what
    /// moves).
    pub fn progress(&self) -> (usize, u64) {
        let reading: u64 = self
            .active
            .iter()
            .map(|a| match &a.reader {
                Reader::Cnemc(_) => a.size,
                Reader::Long(r) => r.bytes_read().min(a.size),
            })
            .sum();
        (self.done_files, self.done_bytes + reading)
    }

    /// The station list in use.
    pub fn stations(&self) -> Option<&StationList> {
        self.stations.as_ref()
    }

    fn activate(&mut self, p: Pending) {
        let reader = match p.kind {
            Kind::Cnemc => {
                let frames = match File::open(&p.path) {
                    Ok(f) => cnemc::read(
                        p.file,
                        BufReader::with_capacity(1 << 16, f),
                        &mut self.sites,
                        self.stations.as_ref(),
                        &self.opts,
                        &mut self.quality,
                    ),
                    Err(e) => {
                        self.unreadable(p.file, e.to_string());
                        Vec::new()
                    }
                };
                Reader::Cnemc(frames.into())
            }
            Kind::Long(plan) => match File::open(&p.path) {
                Ok(f) => Reader::Long(Box::new(long::Reader::new(
                    p.file,
                    &p.path,
                    BufReader::with_capacity(1 << 16, f),
                    plan,
                    &self.quality,
                ))),
                Err(e) => {
                    self.unreadable(p.file, e.to_string());
                    Reader::Cnemc(VecDeque::new())
                }
            },
        };
        let mut a = Active {
            reader,
            peeked: None,
            size: std::fs::metadata(&p.path).map_or(0, |m| m.len()),
        };
        a.peeked = self.advance(&mut a.reader);
        self.active.push(a);
    }

    fn unreadable(&mut self, file: FileId, message: String) {
        let name = self.quality.files[file.0].file.clone();
        self.quality.add(Defect {
            file: Arc::from(name.as_str()),
            line: 0,
            column: None,
            kind: DefectKind::Unreadable,
            message: format!("{message}; file skipped"),
            station: None,
        });
    }

    fn advance(&mut self, r: &mut Reader) -> Option<HourFrame> {
        match r {
            Reader::Cnemc(frames) => frames.pop_front(),
            Reader::Long(rd) => rd.next_frame(
                &mut self.sites,
                self.stations.as_ref(),
                &self.opts,
                &mut self.quality,
            ),
        }
    }

    fn min_active(&self) -> Option<NaiveDateTime> {
        self.active
            .iter()
            .filter_map(|a| a.peeked.as_ref().map(|f| f.time))
            .min()
    }

    /// The next hour of data, all files combined.
    pub fn next_frame(&mut self) -> Option<HourFrame> {
        loop {
            loop {
                let min = self.min_active();
                match self.pending.last() {
                    Some(p) if min.is_none_or(|m| p.start <= m) => {
                        let p = self.pending.pop().expect("checked");
                        self.activate(p);
                    }
                    _ => break,
                }
            }
            for a in self.active.iter().filter(|a| a.peeked.is_none()) {
                self.done_files += 1;
                self.done_bytes += a.size;
            }
            self.active.retain(|a| a.peeked.is_some());
            let t = self.min_active()?;
            let mut rows = Vec::new();
            let mut active = std::mem::take(&mut self.active);
            for a in &mut active {
                if a.peeked.as_ref().is_some_and(|f| f.time == t) {
                    let f = a.peeked.take().expect("checked");
                    rows.extend(f.rows);
                    a.peeked = self.advance(&mut a.reader);
                }
            }
            self.active = active;
            if self.last.is_some_and(|l| t <= l) {
                // Only a file whose first hour lies before hours already processed gets here.
                for r in &rows {
                    self.row_defect(r, DefectKind::BadTime, format!(
                        "hour {} comes after later hours were processed (files overlap out of order); skipped",
                        t.format("%Y-%m-%d %H:%M")
                    ), None);
                }
                continue;
            }
            self.last = Some(t);
            let rows = self.combine(t, rows);
            return Some(HourFrame { time: t, rows });
        }
    }

    fn row_defect(
        &mut self,
        r: &SiteHour,
        kind: DefectKind,
        message: String,
        column: Option<&str>,
    ) {
        let name = self.quality.files[r.file.0].file.clone();
        let station = self.sites.get(r.site).key.clone();
        self.quality.add(Defect {
            file: Arc::from(name.as_str()),
            line: r.line,
            column: column.map(str::to_string),
            kind,
            message,
            station: Some(station),
        });
    }

    /// One row per site: repeated site-hours are merged slot by slot; differing values are a
    /// conflict and both are skipped.
    fn combine(&mut self, t: NaiveDateTime, mut rows: Vec<SiteHour>) -> Vec<SiteHour> {
        rows.sort_by_key(|r| (r.site, r.file, r.line));
        let mut out: Vec<SiteHour> = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(prev) = out.last_mut().filter(|p| p.site == r.site) else {
                out.push(r);
                continue;
            };
            let mut conflicts = Vec::new();
            for s in Slot::ALL {
                let i = s as usize;
                match (prev.values[i], r.values[i]) {
                    (Some(a), Some(b)) if a != b => {
                        conflicts.push((s, a, b));
                        prev.values[i] = None;
                    }
                    (None, Some(b)) => prev.values[i] = Some(b),
                    _ => {}
                }
            }
            let first = format!("{}:{}", self.quality.files[prev.file.0].file, prev.line);
            let station = self.sites.get(r.site).key.clone();
            for (s, a, b) in conflicts {
                // Long files name the pollutant's column; in the CNEMC archive the column is
                // the station and the row names the pollutant.
                let (column, what) = match &self.quality.files[r.file.0].columns[s as usize] {
                    Some(col) => (col.clone(), format!("station '{station}'")),
                    None => (station.clone(), s.name().to_string()),
                };
                let msg = format!(
                    "{what} at {} given twice with different values ({b} here, {a} at {first}); both skipped",
                    t.format("%Y-%m-%d %H:%M")
                );
                self.row_defect(&r, DefectKind::Conflict, msg, Some(&column));
            }
        }
        out
    }
}

/// The format and first hour of a file; `Ok(None)` for a file without data rows.
fn plan(
    file: FileId,
    path: &Path,
    opts: &ReadOptions,
    quality: &mut Quality,
) -> Result<Option<(NaiveDateTime, Kind)>, String> {
    let (header, first) = first_line_fields(path).map_err(|e| e.to_string())?;
    if header.is_empty() {
        return Err("the file is empty".into());
    }
    let cnemc = match opts.format {
        FormatChoice::Cnemc => true,
        FormatChoice::Long => false,
        FormatChoice::Auto => cnemc::is_cnemc_header(&header),
    };
    if cnemc {
        if !cnemc::is_cnemc_header(&header) {
            return Err(format!(
                "not a CNEMC archive file: the header starts '{}', not 'date,hour,type'",
                header.iter().take(3).cloned().collect::<Vec<_>>().join(",")
            ));
        }
        let Some(first) = first else {
            return Ok(None);
        };
        let text = |i: usize| {
            String::from_utf8_lossy(first.get(i).unwrap_or_default())
                .trim()
                .to_string()
        };
        // The first hour of the file's date; a bad date is reported when the file is read.
        let start = parse_date(&text(0))
            .and_then(|d| parse_hour(&text(1)).and_then(|h| at_hour(d, h)))
            .unwrap_or(NaiveDateTime::MIN);
        quality.files[file.0].format = "cnemc".into();
        return Ok(Some((start, Kind::Cnemc)));
    }
    let f = File::open(path).map_err(|e| e.to_string())?;
    let plan = long::scan(file, BufReader::with_capacity(1 << 16, f), opts, quality)?;
    // A file without one valid time is still read, so that its defects are reported.
    let start = plan.start.unwrap_or(NaiveDateTime::MIN);
    Ok(Some((start, Kind::Long(plan))))
}
