//! Reading monitoring data: CNEMC archive files (wide), long files (one row per station-hour,
//! or per station, hour and parameter, possibly under lines of notes), the station list;
//! encodings, missing markers, QC flags, time zones and every defect with its file, line and
//! column.
//!
//! Every reader turns a file into **hour frames**: all the values of one hour-ending label
//! (pipeline.md: Beijing time, `05:00` is the mean of 04:00-05:00). [`stream::FrameStream`]
//! merges the frames of all inputs in time order, so the statistics downstream see each hour
//! once, whatever the number of files, and memory is bounded by the number of stations.

pub mod cnemc;
pub mod defect;
pub mod header;
pub mod lines;
pub mod long;
pub mod param;
pub mod pivot;
pub mod preamble;
pub mod qc;
pub(crate) mod records;
pub mod sites;
pub mod stations;
pub mod stream;
pub mod text;
pub mod time;
pub(crate) mod values;
pub mod zone;

use chrono::NaiveDateTime;

pub use defect::{Defect, DefectKind, FileQuality, Quality, SiteQuality};
pub use header::{CoUnit, ColumnMap};
pub use qc::QcValid;
pub use sites::{Site, SiteId, SiteKind, Sites};
pub use stations::{Station, StationList};

/// Monitoring files, read as `hazeplan aqi` reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Observations {
    /// Files or folders (resolved paths).
    pub files: Vec<std::path::PathBuf>,
    /// Format detection or choice.
    pub format: FormatChoice,
    /// Column mappings for long files.
    pub map: Vec<ColumnMap>,
    /// CO unit, if not left to detection.
    pub co_unit: Option<CoUnit>,
    /// City of stations in long files without a city column.
    pub city: Option<String>,
}

pub use stream::{FrameStream, expand_inputs};
pub use text::MissingMarkers;
pub use zone::Offset;

use crate::units::{Concentration, ConcentrationError};

/// The values of one site-hour, by [`crate::aqi::Slot`] (`o3_8h` only when the file has it).
pub type Values = [Option<Concentration>; 7];

/// Index of a file in [`Quality::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// The values of one site at one hour, with where they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteHour {
    /// The site.
    pub site: SiteId,
    /// Its values.
    pub values: Values,
    /// The file they were read from.
    pub file: FileId,
    /// The (first) line they were read from.
    pub line: u64,
}

/// All values of one hour-ending label.
#[derive(Clone, Debug, PartialEq)]
pub struct HourFrame {
    /// The label: the end of the hour, Beijing time.
    pub time: NaiveDateTime,
    /// The site-hours, at most one per site once merged.
    pub rows: Vec<SiteHour>,
}

/// Which reader a file needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    /// From the header: `date,hour,type,...` is the CNEMC archive, anything else long.
    #[default]
    Auto,
    /// One row per station-hour (or city-hour).
    Long,
    /// The CNEMC archive (`date,hour,type,<stations or cities>`).
    Cnemc,
}

/// How to read the inputs.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Format detection or choice.
    pub format: FormatChoice,
    /// `--map FIELD=COLUMN` entries for long files.
    pub maps: Vec<ColumnMap>,
    /// CO unit of the files; `None`: the header's, else mg/m3 for CNEMC and inferred from the
    /// values for long files.
    pub co_unit: Option<CoUnit>,
    /// Missing-value markers.
    pub missing: MissingMarkers,
    /// The city of stations whose city is known from nowhere else (`--city`).
    pub city: Option<String>,
    /// The 1-based line of a long file's header (`--header-row`); `None`: found (see
    /// [`preamble`]).
    pub header_row: Option<u64>,
    /// The zone of timestamps without an offset (`--tz`; Beijing time by default).
    pub tz: Offset,
    /// The QC flags that mean valid (`--qc-valid` added to the defaults).
    pub qc_valid: QcValid,
}

impl ReadOptions {
    /// Decimal shift that brings CO text to mg/m3: 3 for ug/m3, else 0. `declared` is the
    /// unit a header states; an explicit `--co-unit` wins over it.
    pub fn co_shift(&self, declared: Option<CoUnit>) -> u32 {
        match self.co_unit.or(declared) {
            Some(CoUnit::Ug) => 3,
            _ => 0,
        }
    }
}

/// CO in mg/m3 is almost never above 15 (the IAQI 150 breakpoint of the 1-hour table is
/// 35 mg/m3), while in ug/m3 it is hundreds; a median above this says the unit is wrong.
pub const CO_MG_PLAUSIBLE_MEDIAN: u64 = 15;

/// The most columns a monitoring file's header may have. A CNEMC archive has one per station
/// (about 2,000 in the national network), a long file one per field (a few dozen): a header
/// with more is a damaged or mistaken file, refused before its names are decoded (a fuzzed
/// 11.5 MB header of empty names took 1.4 GB and 2 s to decode and match).
pub const MAX_COLUMNS: usize = 20_000;

/// The message for a header line with `n` fields, more than [`MAX_COLUMNS`].
pub(crate) fn too_many_columns(n: usize) -> String {
    format!("the header has {n} fields, more than any monitoring file ({MAX_COLUMNS} at most)")
}

/// The largest hourly value of a pollutant taken as a reading, in micro-units of its unit
/// (ug/m3; CO mg/m3). Above it a value is a sentinel (`999999`, `99999`) or a unit error, a
/// defect (`implausible`), never scored 500. UNVERIFIED bounds, set far above any recorded
/// hourly value (PM10 in the 2021 dust storms, SO2 in the worst years) and several times the
/// measuring range of the analysers (0-1000 ug/m3 for particulates; about 0-500 nmol/mol for
/// the gases), low enough to catch the `9999` sentinel where no reading comes near it:
/// PM2.5 5,000, PM10 20,000, SO2 8,000, NO2 5,000, O3 5,000 ug/m3, CO 200 mg/m3.
pub fn plausible_max_micro(slot: crate::aqi::Slot) -> u64 {
    use crate::aqi::Slot;
    let units = match slot {
        Slot::Pm25 => 5_000,
        Slot::Pm10 => 20_000,
        Slot::So2 => 8_000,
        Slot::No2 | Slot::O3 | Slot::O3EightHour => 5_000,
        Slot::Co => 200,
    };
    units * crate::units::MICRO
}

/// The defect of a value above [`plausible_max_micro`], if it is.
pub(crate) fn implausible(slot: crate::aqi::Slot, micro: u64) -> Option<(DefectKind, String)> {
    let max = plausible_max_micro(slot);
    (micro > max).then(|| {
        let unit = if slot == crate::aqi::Slot::Co {
            "mg/m3"
        } else {
            "ug/m3"
        };
        (
            DefectKind::Implausible,
            format!(
                "{} {} {unit} is above the plausible maximum {} {unit} (a sentinel or a unit \
                 error, not a reading); value skipped",
                slot.name(),
                crate::units::Concentration::from_micro(micro)
                    .map_or_else(|_| micro.to_string(), |c| c.to_string()),
                max / crate::units::MICRO
            ),
        )
    })
}

/// Watches the CO values of a file and says when they look like the other unit.
#[derive(Clone, Debug)]
pub(crate) struct CoCheck {
    shift: u32,
    sample: Vec<u64>,
}

impl CoCheck {
    pub(crate) fn new(shift: u32) -> CoCheck {
        CoCheck {
            shift,
            sample: Vec::new(),
        }
    }

    /// Notes a CO value as read (in mg/m3 after the shift).
    pub(crate) fn observe(&mut self, v: Concentration) {
        self.observe_micro(v.to_micro());
    }

    /// Notes a CO value given in micro-units of mg/m3.
    pub(crate) fn observe_micro(&mut self, micro: u64) {
        if self.sample.len() < 2000 {
            self.sample.push(micro);
        }
    }

    /// The median of the sample in mg/m3, rounded down.
    pub(crate) fn median_mg(&self) -> Option<u64> {
        let mut s = self.sample.clone();
        if s.is_empty() {
            return None;
        }
        s.sort_unstable();
        Some(s[s.len() / 2] / crate::units::MICRO)
    }

    /// A warning when the values look like the other unit.
    pub(crate) fn note(&self, file: &str) -> Option<String> {
        let m = self.median_mg()?;
        if self.shift == 0 && m > CO_MG_PLAUSIBLE_MEDIAN {
            Some(format!(
                "{file}: CO read as mg/m3 but its median is {m} mg/m3, which looks like ug/m3; \
                 pass --co-unit ug if it is"
            ))
        } else if self.shift == 3 && self.sample.len() >= 10 && m == 0 {
            Some(format!(
                "{file}: CO read as ug/m3 but its median is below 1 ug/m3, which looks like mg/m3; \
                 pass --co-unit mg if it is"
            ))
        } else {
            None
        }
    }
}

/// Reads an optional station list; all its problems become one error naming the file.
pub fn station_list(path: Option<&std::path::Path>) -> Result<Option<StationList>, crate::Error> {
    path.map(|p| {
        StationList::from_path(p).map_err(|errors| crate::Error::Stations {
            path: p.to_path_buf(),
            // `FILE:LINE: message` for problems on a line (whose message starts with it).
            problems: errors
                .iter()
                .map(|e| match e.line() {
                    Some(_) => format!("{}:{e}", p.display()),
                    None => format!("{}: {e}", p.display()),
                })
                .collect(),
        })
    })
    .transpose()
}

/// The message of a short row: how many fields it has and which cells are treated as missing.
pub(crate) fn short_row_message(found: usize, header: &[String], skipped: bool) -> String {
    let width = header.len();
    let what = if skipped {
        "row skipped".to_string()
    } else {
        let missing = &header[found.min(width)..];
        match missing {
            [one] => format!("the cell of column '{one}' is treated as missing"),
            [first, .., last] => {
                format!("the cells of columns '{first}' to '{last}' are treated as missing")
            }
            [] => String::new(),
        }
    };
    format!("short row: {found} of {width} fields (truncated?); {what}")
}

/// The defect kind and message for a cell that is not a valid concentration.
pub(crate) fn concentration_defect(e: &ConcentrationError) -> (DefectKind, String) {
    let kind = match e {
        ConcentrationError::Negative(_) => DefectKind::Negative,
        ConcentrationError::TooLarge(_) => DefectKind::Implausible,
        ConcentrationError::Empty | ConcentrationError::NotANumber(_) => DefectKind::BadNumber,
    };
    (kind, format!("{e}; value skipped"))
}
