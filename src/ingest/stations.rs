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
mod tests {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/station_list/");

    const HEAD: &str = "监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区\n";

    fn real(name: &str) -> Option<Vec<u8>> {
        let path = format!("{DIR}{name}");
        match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(_) => {
                eprintln!("skipped: {path} absent");
                None
            }
        }
    }

    fn errors(text: &str) -> Vec<String> {
        StationList::from_bytes(text.as_bytes())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn real_gbk_list() {
        let Some(bytes) = real("NewSiteList.gbk.csv") else {
            return;
        };
        assert!(std::str::from_utf8(&bytes).is_err(), "the trap is GBK");
        let list = StationList::from_bytes(&bytes).unwrap();
        assert_eq!(list.len(), 2026);
        for n in 1081..=1089 {
            let s = list.get(&format!("{n}A")).unwrap();
            assert_eq!(s.city, "太原");
            assert_eq!(s.province.as_deref(), Some("山西省"));
            assert_eq!(s.prefecture.as_deref(), Some("太原市"));
        }
        let s = list.get("1081A").unwrap();
        assert_eq!(s.name, "尖草坪");
        assert_eq!((s.lon, s.lat), (Some(112.5139), Some(37.8873)));
        assert!(!s.control);
        assert_eq!(list.get("1089A").unwrap().name, "金胜");
        assert!(list.get("1083A").unwrap().control);
        let d = list.get("1002A").unwrap();
        assert_eq!((d.name.as_str(), d.control), ("定陵(对照点)", true));
        assert_eq!(list.get("1013A").unwrap().name, "市监测中心(停运150702)");
        let s = list.get("2172A").unwrap();
        assert_eq!((s.lon, s.lat, s.city.as_str()), (None, None, "晋中"));
        assert_eq!(list.iter().filter(|s| s.lon.is_none()).count(), 10);
        assert_eq!(list.iter().filter(|s| s.control).count(), 250);
        assert_eq!(
            list.by_name("尖草坪").map(|s| s.code.as_str()),
            Some("1081A")
        );
        assert!(
            list.by_name("东城区").is_none(),
            "two stations share this name"
        );
        let cities = list.cities();
        assert_eq!(cities[..3], ["北京", "天津", "石家庄"]);
        assert!(cities.contains(&"太原"));
        assert_eq!(list.iter().next().map(|s| s.code.as_str()), Some("1001A"));
    }

    #[test]
    fn real_gbk_and_utf8_agree() {
        let (Some(gbk), Some(utf8)) = (real("NewSiteList.gbk.csv"), real("NewSiteList.utf8.csv"))
        else {
            return;
        };
        let a = StationList::from_bytes(&gbk).unwrap();
        let b = StationList::from_bytes(&utf8).unwrap();
        assert!(a.iter().eq(b.iter()));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&utf8);
        let c = StationList::from_bytes(&bom).unwrap();
        assert!(a.iter().eq(c.iter()));
        let p = Path::new(DIR).join("NewSiteList.gbk.csv");
        assert!(StationList::from_path(&p).unwrap().iter().eq(a.iter()));
    }

    #[test]
    fn encodings_and_bom() {
        let text = format!("{HEAD}1081A,尖草坪,太原,112.5139,37.8873,N,山西省,太原市\n");
        let utf8 = StationList::from_bytes(text.as_bytes()).unwrap();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable);
        let from_gbk = StationList::from_bytes(&gbk).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let from_bom = StationList::from_bytes(&bom).unwrap();
        assert_eq!(utf8.get("1081A").unwrap().name, "尖草坪");
        assert!(utf8.iter().eq(from_gbk.iter()));
        assert!(utf8.iter().eq(from_bom.iter()));
        assert_eq!(
            StationList::from_bytes(b"code,name\n\xFF\xFF,\x80\n").unwrap_err(),
            vec![StationListError::Encoding]
        );
    }

    #[test]
    fn english_header_and_flags() {
        let text = "Code,NAME,city,control\n\
                    A1,One,X,Y\nA2,Two,X,y\nA3,Three,Y,是\nA4,Four,Y,1\nA5,Five,Z,TRUE\n\
                    B1,,X,N\nB2,b,X,n\nB3,b,X,否\nB4,c,X,0\nB5,d,X,false\n\r\n\"B6\",\" e \",X,\n";
        let list = StationList::from_bytes(text.as_bytes()).unwrap();
        assert_eq!(list.len(), 11);
        let control: Vec<bool> = list.iter().map(|s| s.control).collect();
        let mut want = vec![true; 5];
        want.extend([false; 6]);
        assert_eq!(control, want);
        let b6 = list.get("B6").unwrap();
        assert_eq!(
            (b6.name.as_str(), b6.lon, b6.province.as_ref()),
            ("e", None, None)
        );
        assert_eq!(list.cities(), ["X", "Y", "Z"]);
        assert!(list.by_name("b").is_none());
        assert!(list.by_name("").is_none());
        assert_eq!(list.by_name("Two").unwrap().code, "A2");
        assert!(list.get("a1").is_none());
        let empty = StationList::from_bytes(b"code,name,city,control\n").unwrap();
        assert!(empty.is_empty() && empty.cities().is_empty());
    }

    #[test]
    fn row_errors_are_all_collected() {
        let text = format!(
            "{HEAD}1001A,a,北京,116.3,39.8,N,北京市,北京市\n\
             1001A,b,北京,116.3,39.8,N,北京市,北京市\n\
             1003A,c,北京,abc,91,N,北京市,北京市\n\
             1004A,d,北京,-181,nan,X,北京市,北京市\n\
             ,e,,1,1,N,北京市,北京市\n\
             1006A,f,北京,1,1\n\
             1007A,g,北京,1,1,N,北京市,北京市,,\n\
             1008A,h,北京,1,1,N,北京市,北京市,extra\n"
        );
        assert_eq!(
            errors(&text),
            [
                "3: station code '1001A' appears twice (first on line 2)",
                "4: column '经度': 'abc' is not a number",
                "4: column '纬度': 91 is outside -90 to 90",
                "5: column '经度': -181 is outside -180 to 180",
                "5: column '纬度': 'nan' is not a number",
                "5: column '对照点': 'X' is not Y or N",
                "6: column '监测点编码': no value",
                "6: column '城市': no value",
                "7: 5 fields where the header has 8",
                "9: 9 fields where the header has 8",
            ]
        );
    }

    #[test]
    fn header_errors() {
        assert_eq!(
            errors("监测点编码,监测点名称,经度,纬度\n1001A,a,1,1\n"),
            ["missing column '城市'", "missing column '对照点'"]
        );
        assert_eq!(
            errors("code,name,lon\n"),
            ["missing column 'city'", "missing column 'control'"]
        );
        assert_eq!(
            errors("code,name,city,control,CITY\n"),
            ["column 'CITY' appears twice in the header (columns 3 and 5)"]
        );
        assert_eq!(errors(""), ["the file is empty (no header)"]);
        assert_eq!(errors("\n \n"), ["the file is empty (no header)"]);
    }

    #[test]
    fn missing_file_names_the_path() {
        let p = Path::new("/nonexistent/stations.csv");
        let e = StationList::from_path(p).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].to_string()
                .starts_with("cannot read /nonexistent/stations.csv: "),
            "{}",
            e[0]
        );
    }
}
