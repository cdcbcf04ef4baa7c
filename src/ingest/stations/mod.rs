//! The station list: code, name, city, coordinates, control-point flag and administrative
//! areas of every monitoring station, read from `NewSiteList`-style CSV files.
//!
//! The published list is GBK encoded while converted copies are UTF-8 (with or without a BOM),
//! so the encoding is detected rather than asked for. Every defect of the file is collected
//! with its line and column, so a user fixes a hand-edited list in one pass instead of one
//! error per run.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One monitoring station.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// The station code (`1081A`).
    pub code: String,
    /// The name as listed, status text included (`市监测中心(停运150702)`).
    pub name: String,
    /// The city (`太原`).
    pub city: String,
    /// Longitude in degrees, when listed.
    pub lon: Option<f64>,
    /// Latitude in degrees, when listed.
    pub lat: Option<f64>,
    /// A control (background) point, `对照点 = Y`: excluded from city means (HJ 663).
    pub control: bool,
    /// The province (`山西省`), when listed.
    pub province: Option<String>,
    /// The prefecture-level division (`太原市`), when listed.
    pub prefecture: Option<String>,
}

/// Why a station list cannot be read. Messages name the line and column but not the file,
/// which the caller prefixes, except [`StationListError::Io`], which has no line to name.
///
/// `line` is the 1-based line of the row, `column` the header's own spelling of the column,
/// `text` the offending cell (trimmed); `first`/`second` are 1-based column numbers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StationListError {
    /// The file cannot be read.
    #[error("cannot read {}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// The bytes are neither UTF-8 nor GBK/GB18030.
    #[error("the file is neither UTF-8 nor GBK/GB18030 text")]
    Encoding,
    /// No header row.
    #[error("the file is empty (no header)")]
    NoHeader,
    /// The CSV reader failed.
    #[error("{line}: {message}")]
    Csv { line: u64, message: String },
    /// A required column is absent from the header.
    #[error("missing column '{0}'")]
    MissingColumn(String),
    /// A column appears twice in the header.
    #[error("column '{column}' appears twice in the header (columns {first} and {second})")]
    DuplicateColumn {
        column: String,
        first: usize,
        second: usize,
    },
    /// A row with a different number of fields than the header.
    #[error("{line}: {found} fields where the header has {expected}")]
    FieldCount {
        line: u64,
        found: usize,
        expected: usize,
    },
    /// A required value (code, city) is empty.
    #[error("{line}: column '{column}': no value")]
    Empty { line: u64, column: String },
    /// A coordinate is not a number.
    #[error("{line}: column '{column}': '{text}' is not a number")]
    NotANumber {
        line: u64,
        column: String,
        text: String,
    },
    /// A coordinate outside its range.
    #[error("{line}: column '{column}': {text} is outside {min} to {max}")]
    OutOfRange {
        line: u64,
        column: String,
        text: String,
        min: i16,
        max: i16,
    },
    /// A control flag that is neither yes nor no.
    #[error("{line}: column '{column}': '{text}' is not Y or N")]
    BadFlag {
        line: u64,
        column: String,
        text: String,
    },
    /// A station code listed twice.
    #[error("{line}: station code '{code}' appears twice (first on line {first_line})")]
    DuplicateCode {
        line: u64,
        code: String,
        first_line: u64,
    },
}

impl StationListError {
    /// The line the problem is on, where it is on one (its message then starts with it).
    pub fn line(&self) -> Option<u64> {
        match self {
            StationListError::Csv { line, .. }
            | StationListError::FieldCount { line, .. }
            | StationListError::Empty { line, .. }
            | StationListError::NotANumber { line, .. }
            | StationListError::OutOfRange { line, .. }
            | StationListError::BadFlag { line, .. }
            | StationListError::DuplicateCode { line, .. } => Some(*line),
            StationListError::Io { .. }
            | StationListError::Encoding
            | StationListError::NoHeader
            | StationListError::MissingColumn(_)
            | StationListError::DuplicateColumn { .. } => None,
        }
    }
}

/// The columns of a station list: (Chinese header, English header, required).
const COLUMNS: [(&str, &str, bool); 8] = [
    ("监测点编码", "code", true),
    ("监测点名称", "name", true),
    ("城市", "city", true),
    ("经度", "lon", false),
    ("纬度", "lat", false),
    ("对照点", "control", true),
    ("省级行政区", "province", false),
    ("地级行政区", "prefecture", false),
];
const CODE: usize = 0;
const NAME: usize = 1;
const CITY: usize = 2;
const LON: usize = 3;
const LAT: usize = 4;
const CONTROL: usize = 5;
const PROVINCE: usize = 6;
const PREFECTURE: usize = 7;

/// The list of stations, in file order, indexed by code and by name.
#[derive(Debug, Clone, Default)]
pub struct StationList {
    stations: Vec<Station>,
    by_code: HashMap<String, usize>,
    /// `None` for a name two stations share.
    by_name: HashMap<String, Option<usize>>,
}

/// UTF-8 (BOM dropped) when the bytes are valid UTF-8, else GB18030, a superset of GBK. Text
/// in GBK is practically never valid UTF-8, so the test cannot mistake one for the other.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, StationListError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(StationListError::Encoding);
    }
    Ok(text)
}

/// The control flag; `None` when the text says neither yes nor no.
fn flag(t: &str) -> Option<bool> {
    match t {
        "Y" | "y" | "是" | "1" => Some(true),
        "N" | "n" | "否" | "0" | "" => Some(false),
        _ if t.eq_ignore_ascii_case("true") => Some(true),
        _ if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Where each column is in the header, and the header's own spelling of it for messages.
struct Layout {
    index: [Option<usize>; 8],
    names: [String; 8],
    width: usize,
}

fn read_layout(header: &csv::StringRecord) -> Result<Layout, Vec<StationListError>> {
    let mut index = [None; 8];
    let mut names: [String; 8] = Default::default();
    let mut errors = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let cell = cell.trim();
        let Some(k) = COLUMNS
            .iter()
            .position(|(zh, en, _)| cell == *zh || cell.eq_ignore_ascii_case(en))
        else {
            continue;
        };
        if let Some(first) = index[k] {
            errors.push(StationListError::DuplicateColumn {
                column: cell.to_string(),
                first: first + 1,
                second: i + 1,
            });
            continue;
        }
        index[k] = Some(i);
        names[k] = cell.to_string();
    }
    // Missing columns are named in the language of the header.
    let chinese = header.iter().any(|c| !c.is_ascii());
    for (k, (zh, en, required)) in COLUMNS.iter().enumerate() {
        if *required && index[k].is_none() {
            let name = if chinese { zh } else { en };
            errors.push(StationListError::MissingColumn(name.to_string()));
        }
    }
    if errors.is_empty() {
        Ok(Layout {
            index,
            names,
            width: header.len(),
        })
    } else {
        Err(errors)
    }
}

impl Layout {
    /// The trimmed cell of column `k` (empty when the file has no such column).
    fn cell<'r>(&self, rec: &'r csv::StringRecord, k: usize) -> &'r str {
        self.index[k].and_then(|i| rec.get(i)).map_or("", str::trim)
    }

    /// Builds the station of one row, pushing its defects to `errors`.
    fn station(
        &self,
        rec: &csv::StringRecord,
        line: u64,
        errors: &mut Vec<StationListError>,
    ) -> Option<Station> {
        let extra = rec.iter().skip(self.width).any(|c| !c.trim().is_empty());
        if rec.len() < self.width || extra {
            errors.push(StationListError::FieldCount {
                line,
                found: rec.len(),
                expected: self.width,
            });
            return None;
        }
        let before = errors.len();
        let column = |k: usize| self.names[k].clone();
        for k in [CODE, CITY] {
            if self.cell(rec, k).is_empty() {
                errors.push(StationListError::Empty {
                    line,
                    column: column(k),
                });
            }
        }
        let mut coord = |k: usize, limit: i16| {
            let text = self.cell(rec, k);
            if text.is_empty() {
                return None;
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= f64::from(limit) => Some(v),
                Ok(v) if v.is_finite() => {
                    errors.push(StationListError::OutOfRange {
                        line,
                        column: column(k),
                        text: text.to_string(),
                        min: -limit,
                        max: limit,
                    });
                    None
                }
                _ => {
                    errors.push(StationListError::NotANumber {
                        line,
                        column: column(k),
                        text: text.to_string(),
                    });
                    None
                }
            }
        };
        let (lon, lat) = (coord(LON, 180), coord(LAT, 90));
        let control = flag(self.cell(rec, CONTROL)).unwrap_or_else(|| {
            errors.push(StationListError::BadFlag {
                line,
                column: column(CONTROL),
                text: self.cell(rec, CONTROL).to_string(),
            });
            false
        });
        if errors.len() > before {
            return None;
        }
        let optional = |k: usize| Some(self.cell(rec, k).to_string()).filter(|s| !s.is_empty());
        Some(Station {
            code: self.cell(rec, CODE).to_string(),
            name: self.cell(rec, NAME).to_string(),
            city: self.cell(rec, CITY).to_string(),
            lon,
            lat,
            control,
            province: optional(PROVINCE),
            prefecture: optional(PREFECTURE),
        })
    }
}

impl StationList {
    /// Reads a list from bytes: UTF-8 with or without BOM, or GBK/GB18030, detected
    /// automatically. The header is the Chinese one of `NewSiteList` or the English
    /// `code,name,city,lon,lat,control,province,prefecture` (case ignored); coordinates,
    /// province and prefecture are optional. All defects are returned, not just the first.
    pub fn from_bytes(bytes: &[u8]) -> Result<StationList, Vec<StationListError>> {
        let text = decode(bytes).map_err(|e| vec![e])?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(super::lines::LineTrack::new(text.as_bytes()));
        let mut list = StationList::default();
        let mut errors = Vec::new();
        let mut layout_found: Option<Layout> = None;
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = super::lines::error_line(&rdr, &e);
                    errors.push(StationListError::Csv {
                        line,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = rec
                .position()
                .map_or(0, |p| rdr.get_ref().line_of(p.byte()));
            let Some(layout) = &layout_found else {
                layout_found = Some(read_layout(&rec)?);
                continue;
            };
            let Some(station) = layout.station(&rec, line, &mut errors) else {
                continue;
            };
            if let Some(first) = first_line.get(&station.code) {
                errors.push(StationListError::DuplicateCode {
                    line,
                    code: station.code,
                    first_line: *first,
                });
                continue;
            }
            first_line.insert(station.code.clone(), line);
            list.push(station);
        }
        if layout_found.is_none() {
            errors.push(StationListError::NoHeader);
        }
        if errors.is_empty() {
            Ok(list)
        } else {
            Err(errors)
        }
    }

    /// Reads a list from a file; see [`StationList::from_bytes`].
    pub fn from_path(path: &Path) -> Result<StationList, Vec<StationListError>> {
        let bytes = std::fs::read(path).map_err(|e| {
            vec![StationListError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            }]
        })?;
        StationList::from_bytes(&bytes)
    }

    fn push(&mut self, s: Station) {
        let i = self.stations.len();
        self.by_code.insert(s.code.clone(), i);
        if !s.name.is_empty() {
            self.by_name
                .entry(s.name.clone())
                .and_modify(|e| *e = None)
                .or_insert(Some(i));
        }
        self.stations.push(s);
    }

    /// The station with this code.
    pub fn get(&self, code: &str) -> Option<&Station> {
        self.by_code.get(code).map(|&i| &self.stations[i])
    }

    /// The station with exactly this name (long files may name stations instead of coding
    /// them); `None` when no station or more than one has it.
    pub fn by_name(&self, name: &str) -> Option<&Station> {
        self.by_name
            .get(name)
            .copied()
            .flatten()
            .map(|i| &self.stations[i])
    }

    /// The stations in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Station> {
        self.stations.iter()
    }

    /// Number of stations.
    pub fn len(&self) -> usize {
        self.stations.len()
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.stations.is_empty()
    }

    /// Distinct city names in order of first appearance.
    pub fn cities(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.stations
            .iter()
            .map(|s| s.city.as_str())
            .filter(|c| seen.insert(*c))
            .collect()
    }
}

#[cfg(test)]
mod tests;
