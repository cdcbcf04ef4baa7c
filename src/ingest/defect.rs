//! Defects found in input data, and the data-quality summary they are counted in.
//!
//! A defect names its file, 1-based line and column; by default the value concerned is skipped
//! and counted, and `--strict` turns any defect into a failure with the same messages.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::aqi::Slot;

/// The kinds of defect, in the order the quality summary lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefectKind {
    /// A cell that is neither a number nor a missing marker.
    BadNumber,
    /// A negative concentration (other than a missing sentinel such as -999).
    Negative,
    /// A concentration too large to be real (over 1,000,000 in its unit).
    Implausible,
    /// A date or hour that does not exist, or a time not on the hour.
    BadTime,
    /// A station absent from the station list.
    UnknownStation,
    /// The same station-hour twice with different values.
    Conflict,
    /// A row with fewer fields than the header (a truncated row).
    ShortRow,
    /// A row with more fields than the header.
    LongRow,
    /// A CNEMC `type` that is not one of the archive's 15.
    UnknownType,
    /// A file that cannot be read at all (missing, unreadable, not CSV).
    Unreadable,
}

impl DefectKind {
    /// All kinds, for summary columns.
    pub const ALL: [DefectKind; 10] = [
        DefectKind::BadNumber,
        DefectKind::Negative,
        DefectKind::Implausible,
        DefectKind::BadTime,
        DefectKind::UnknownStation,
        DefectKind::Conflict,
        DefectKind::ShortRow,
        DefectKind::LongRow,
        DefectKind::UnknownType,
        DefectKind::Unreadable,
    ];

    /// The key used in summaries and the quality CSV.
    pub fn key(self) -> &'static str {
        match self {
            DefectKind::BadNumber => "bad_number",
            DefectKind::Negative => "negative",
            DefectKind::Implausible => "implausible",
            DefectKind::BadTime => "bad_time",
            DefectKind::UnknownStation => "unknown_station",
            DefectKind::Conflict => "conflict",
            DefectKind::ShortRow => "short_row",
            DefectKind::LongRow => "long_row",
            DefectKind::UnknownType => "unknown_type",
            DefectKind::Unreadable => "unreadable",
        }
    }
}

/// One defect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    /// The file, as the user named it.
    pub file: Arc<str>,
    /// 1-based line (0 when the whole file is concerned).
    pub line: u64,
    /// The column's header name, when one column is concerned.
    pub column: Option<String>,
    /// What kind of defect.
    pub kind: DefectKind,
    /// What was wrong and what hazeplan did about it.
    pub message: String,
    /// The station concerned, for the per-station summary.
    pub station: Option<String>,
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": ")?;
        if let Some(c) = &self.column {
            write!(f, "column '{c}': ")?;
        }
        f.write_str(&crate::diag::shorten(
            &self.message,
            crate::diag::MAX_MESSAGE_CHARS,
        ))
    }
}

/// Counts of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileQuality {
    /// The file.
    pub file: String,
    /// `cnemc`, `cnemc-city` or `long`.
    pub format: String,
    /// The text encoding found.
    pub encoding: String,
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Defects by kind.
    pub defects: BTreeMap<DefectKind, u64>,
    /// For long files: the header of each slot's column, for messages.
    pub columns: [Option<String>; 7],
}

/// Counts of one station (or city column).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteQuality {
    /// Station-hours with at least one valid value.
    pub hours: u64,
    /// Valid values per slot, in [`Slot::ALL`] order.
    pub valid: [u64; 7],
    /// Defects by kind.
    pub defects: BTreeMap<DefectKind, u64>,
}

impl SiteQuality {
    /// Adds site-hours and valid values counted elsewhere (a file, a column).
    pub fn add_counts(&mut self, hours: u64, valid: &[u64; 7]) {
        self.hours += hours;
        for (a, b) in self.valid.iter_mut().zip(valid) {
            *a += b;
        }
    }
}

/// At most this many defects are kept with their messages; all are counted.
pub const MAX_KEPT_DEFECTS: usize = 100_000;

/// The data-quality summary of one run.
#[derive(Clone, Debug, Default)]
pub struct Quality {
    /// Per file, in the order read.
    pub files: Vec<FileQuality>,
    /// Per station or city column, by its code or name.
    pub sites: BTreeMap<String, SiteQuality>,
    /// The defects, in the order found (up to [`MAX_KEPT_DEFECTS`]).
    pub defects: Vec<Defect>,
    /// Total defects, kept or not.
    pub defect_count: u64,
    /// Notes that are not defects (a CO unit inferred from the values, for example).
    pub notes: Vec<String>,
}

impl Quality {
    /// Records a defect against its file (the last one with that name) and station.
    pub fn add(&mut self, d: Defect) {
        self.defect_count += 1;
        if let Some(f) = self.files.iter_mut().rev().find(|f| *f.file == *d.file) {
            *f.defects.entry(d.kind).or_default() += 1;
        }
        if let Some(s) = &d.station {
            *self
                .sites
                .entry(s.clone())
                .or_default()
                .defects
                .entry(d.kind)
                .or_default() += 1;
        }
        if self.defects.len() < MAX_KEPT_DEFECTS {
            self.defects.push(d);
        }
    }

    /// Counts one site-hour and its valid values.
    pub fn count_site_hour(&mut self, site: &str, valid: impl Iterator<Item = Slot>) {
        let q = match self.sites.get_mut(site) {
            Some(q) => q,
            None => self.sites.entry(site.to_string()).or_default(),
        };
        q.hours += 1;
        for s in valid {
            q.valid[s as usize] += 1;
        }
    }

    /// Defects per kind over all files.
    pub fn by_kind(&self) -> BTreeMap<DefectKind, u64> {
        let mut m = BTreeMap::new();
        for f in &self.files {
            for (k, n) in &f.defects {
                *m.entry(*k).or_default() += n;
            }
        }
        m
    }
}
