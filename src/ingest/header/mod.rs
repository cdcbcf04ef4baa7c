//! The header of a long-format monitoring CSV: which column holds the time, the station, the
//! city and each pollutant, recognised from the many spellings exports use (`PM2.5`,
//! `PM2.5(μg/m³)`, `监测时间`, `站点名称`) or named with `--map FIELD=COLUMN`.
//!
//! Recognition is deliberately narrow: a cell either normalises to a known spelling or is
//! ignored, so a column such as `PM2.5_24h` (a 24-hour mean, not an hourly value) can never be
//! read as hourly PM2.5 by accident. Two columns that both look like one field are an error
//! rather than a guess; `--map` settles it.

use std::fmt;
use std::str::FromStr;

/// A field hazeplan reads from a long file. Pollutants are 1-hour values except [`Field::O3_8h`];
/// month and day go with the year and hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Date and time in one cell.
    Time,
    /// The date alone (with [`Field::Hour`]).
    Date,
    /// The hour of the day, 0-24 (with [`Field::Date`] or the year, month and day).
    Hour,
    /// The year (with month, day and hour, as in the UCI Beijing files).
    Year,
    Month,
    Day,
    /// The station, by code or name.
    Station,
    City,
    /// The parameter (pollutant) a row of a per-parameter file gives (`Parameter`, `污染物`).
    Parameter,
    /// The value of a per-parameter row, in the row's unit.
    Value,
    /// The unit of a per-parameter row (`µg/m³`, `mg/m³`, `ppb`, `ppm`).
    Unit,
    /// A quality-control flag (`QC Name`: `Valid`, `Missing`); rows not flagged valid are
    /// missing values.
    Qc,
    Pm25,
    Pm10,
    So2,
    No2,
    Co,
    O3,
    /// O3, 8-hour moving mean.
    O3_8h,
}

impl Field {
    /// Every field, in the order of the `--map` help.
    pub const ALL: [Field; 19] = {
        use Field::*;
        [
            Time, Date, Hour, Year, Month, Day, Station, City, Parameter, Value, Unit, Qc, Pm25,
            Pm10, So2, No2, Co, O3, O3_8h,
        ]
    };

    /// The `--map` name.
    pub fn key(self) -> &'static str {
        [
            "time",
            "date",
            "hour",
            "year",
            "month",
            "day",
            "station",
            "city",
            "parameter",
            "value",
            "unit",
            "qc",
            "pm25",
            "pm10",
            "so2",
            "no2",
            "co",
            "o3",
            "o3_8h",
        ][self as usize]
    }

    /// The field of a `--map` name (ASCII case ignored).
    pub fn from_key(s: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.key().eq_ignore_ascii_case(s))
    }

    /// Is this a pollutant column?
    pub fn is_pollutant(self) -> bool {
        self >= Field::Pm25
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Splits a trailing unit in parentheses or brackets off a trimmed cell: `pm2.5(μg/m³)` ->
/// (`pm2.5`, `μg/m³`). Either width of parenthesis is accepted, mixed too, as exports from
/// Chinese spreadsheets mix them freely.
fn split_unit(t: &str) -> (&str, Option<&str>) {
    let Some(close) = t
        .chars()
        .next_back()
        .filter(|c| matches!(c, ')' | '）' | ']'))
    else {
        return (t, None);
    };
    let inner_end = t.len() - close.len_utf8();
    match t[..inner_end].rfind(['(', '（', '[']) {
        Some(open) => {
            let open_len = t[open..].chars().next().map_or(1, char::len_utf8);
            (t[..open].trim_end(), Some(&t[open + open_len..inner_end]))
        }
        None => (t, None),
    }
}

/// Lowercased and trimmed; a BOM is dropped because the first header cell of a UTF-8 file
/// read without BOM handling carries one.
fn lower(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// The comparable form of a header cell: no unit, no spaces, `_`, `.` or `-`.
fn normalise(cell: &str) -> String {
    let t = lower(cell);
    split_unit(&t)
        .0
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '.' | '-')))
        .collect()
}

/// Recognises a header cell as a field; `None` for anything hazeplan does not read.
pub fn recognise(cell: &str) -> Option<Field> {
    let f = match normalise(cell).as_str() {
        "time" | "datetime" | "timepoint" | "时间" | "监测时间" | "日期时间" | "数据时间" => {
            Field::Time
        }
        "date" | "日期" => Field::Date,
        "hour" | "小时" | "时" => Field::Hour,
        "year" | "年" | "年份" => Field::Year,
        "month" | "月" | "月份" => Field::Month,
        "day" | "日" => Field::Day,
        "station" | "site" | "stationcode" | "sitecode" | "stationname" | "sitename" | "站点"
        | "站点名称" | "站点编码" | "监测点" | "监测点名称" | "监测点编码" | "点位"
        | "点位名称" | "location" | "locationname" => Field::Station,
        "city" | "cityname" | "城市" | "城市名称" | "地市" => Field::City,
        // Per-parameter files (foreign missions' archives, OpenAQ exports, 监测项目 tables).
        "parameter" | "parametername" | "pollutant" | "污染物" | "监测项目" | "项目" => {
            Field::Parameter
        }
        "value" | "concentration" | "浓度" | "监测值" | "浓度值" => Field::Value,
        "unit" | "units" | "单位" => Field::Unit,
        // Only names that say validity: a generic `flag` or `数据标识` column may hold HJ 212
        // instrument codes (`N` normal, `M` maintenance), whose valid set the user must give
        // (`--map qc=COLUMN --qc-valid N`).
        "qc" | "qcname" | "qcflag" | "qcstatus" | "validity" | "有效性" => Field::Qc,
        "pm25" => Field::Pm25,
        "pm10" => Field::Pm10,
        "so2" => Field::So2,
        "no2" => Field::No2,
        "co" => Field::Co,
        "o3" | "o31h" => Field::O3,
        "o38h" | "o38小时" => Field::O3_8h,
        _ => return None,
    };
    Some(f)
}

/// The unit of a CO column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoUnit {
    /// mg/m3, as HJ 633 and CNEMC publish CO.
    Mg,
    /// ug/m3, as the UCI Beijing files (and some exports) give it.
    Ug,
}

/// The unit a CO header declares (`CO(mg/m3)`, `CO（μg/m³）`); `None` when it declares none or
/// the cell is not a CO column.
pub fn co_unit_of(cell: &str) -> Option<CoUnit> {
    if recognise(cell) != Some(Field::Co) {
        return None;
    }
    let t = lower(cell);
    let unit: String = split_unit(&t).1?.split_whitespace().collect();
    // Both micro signs occur: U+00B5 from Latin-1 keyboards, U+03BC from Greek input.
    if ["ug", "μg", "µg", "微克"]
        .iter()
        .any(|p| unit.starts_with(p))
    {
        Some(CoUnit::Ug)
    } else if ["mg", "毫克"].iter().any(|p| unit.starts_with(p)) {
        Some(CoUnit::Mg)
    } else {
        None
    }
}

/// The field a mistyped `--map` name most likely meant: one whose header spelling it is
/// (`PM2.5`, `时间`), else the nearest key within two edits.
fn suggest(name: &str) -> Option<Field> {
    recognise(name).or_else(|| {
        let lower = name.to_lowercase();
        Field::ALL
            .into_iter()
            .map(|f| (strsim::levenshtein(&lower, f.key()), f))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, f)| f)
    })
}

/// `--map FIELD=COLUMN` as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// The field.
    pub field: Field,
    /// The header cell of the column that holds it.
    pub column: String,
}

impl FromStr for ColumnMap {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let needs = || format!("--map '{s}' needs FIELD=COLUMN");
        let (field, column) = s.split_once('=').ok_or_else(needs)?;
        let (field, column) = (field.trim(), column.trim());
        if field.is_empty() || column.is_empty() {
            return Err(needs());
        }
        let Some(f) = Field::from_key(field) else {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            let hint = suggest(field)
                .map(|f| format!("; did you mean '{f}'?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown field '{field}' in --map (fields: {}){hint}",
                keys.join(", ")
            ));
        };
        Ok(ColumnMap {
            field: f,
            column: column.to_string(),
        })
    }
}

/// The columns found in a header: the 0-based index and header cell of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    // Boxed: inline the table is about 500 bytes, and readers keep it in their plans and enums.
    found: Box<[Option<(usize, String)>; 19]>,
}

impl Columns {
    /// The 0-based index of the column holding `f`.
    pub fn get(&self, f: Field) -> Option<usize> {
        self.found[f as usize].as_ref().map(|(i, _)| *i)
    }

    /// The header cell of the column holding `f`.
    pub fn name(&self, f: Field) -> Option<&str> {
        self.found[f as usize].as_ref().map(|(_, n)| n.as_str())
    }

    /// Every field found, in [`Field::ALL`] order, with its index and header cell.
    pub fn iter(&self) -> impl Iterator<Item = (Field, usize, &str)> {
        Field::ALL.into_iter().filter_map(|f| {
            self.found[f as usize]
                .as_ref()
                .map(|(i, n)| (f, *i, n.as_str()))
        })
    }

    /// One row per (time, site, parameter): a parameter and a value column, no pollutant
    /// column (a file with pollutant columns is read by them, whatever else it has).
    pub fn per_parameter(&self) -> bool {
        self.get(Field::Parameter).is_some()
            && self.get(Field::Value).is_some()
            && !Field::ALL
                .into_iter()
                .any(|f| f.is_pollutant() && self.get(f).is_some())
    }

    fn set(&mut self, f: Field, index: usize, name: &str) {
        self.found[f as usize] = Some((index, name.to_string()));
    }
}

/// Why a header cannot be read as a long file. `first` and `second` are 1-based column numbers
/// (as spreadsheets count them) or, for fields, the two fields; `column`, `*_name` and the
/// strings of [`HeaderError::FieldMappedTwice`] are header cells or `--map` columns as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// The header row has no non-empty cell.
    #[error("the header has no columns")]
    EmptyHeader,
    /// A `--map` column is not in the header.
    #[error("--map names column '{column}', which the header does not have (columns: {columns})")]
    UnknownColumn { column: String, columns: String },
    /// A `--map` column matches two header cells.
    #[error(
        "--map names column '{column}', which matches columns {first} and {second} of the header"
    )]
    AmbiguousColumn {
        column: String,
        first: usize,
        second: usize,
    },
    /// One field mapped to two columns.
    #[error("--map gives {field} twice ('{first}' and '{second}')")]
    FieldMappedTwice {
        field: Field,
        first: String,
        second: String,
    },
    /// One column mapped to two fields.
    #[error("--map maps column '{column}' to both {first} and {second}")]
    ColumnMappedTwice {
        column: String,
        first: Field,
        second: Field,
    },
    /// Two columns recognised as the same field.
    #[error(
        "columns {first} ('{first_name}') and {second} ('{second_name}') both look like \
         {field}; choose one with --map {field}=COLUMN"
    )]
    Ambiguous {
        field: Field,
        first: usize,
        first_name: String,
        second: usize,
        second_name: String,
    },
    /// The time is not given in any of the three accepted ways.
    #[error(
        "no time columns: need 'time', or 'date' and 'hour', or 'year', 'month', 'day' and \
         'hour' (use --map)"
    )]
    NoTime,
    /// No pollutant column.
    #[error("no pollutant columns found (use --map)")]
    NoPollutant,
    /// A per-parameter file needs both a parameter and a value column; one was found.
    #[error(
        "a {found} column but no {missing} column: one row per parameter needs both (use \
         --map {missing}=COLUMN)"
    )]
    HalfPerParameter { found: Field, missing: Field },
}

/// The header's cells for a message, shortened for very wide files.
fn list_columns(header: &[&str]) -> String {
    const SHOWN: usize = 30;
    let mut s = header
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if header.len() > SHOWN {
        s.push_str(&format!(", ... ({} more)", header.len() - SHOWN));
    }
    s
}

/// The index of the header cell a `--map` column names: exact match first, then ignoring case
/// and surrounding spaces.
fn find_column(header: &[&str], column: &str) -> Result<usize, HeaderError> {
    let pick = |matches: Vec<usize>| match matches[..] {
        [] => None,
        [i] => Some(Ok(i)),
        [a, b, ..] => Some(Err(HeaderError::AmbiguousColumn {
            column: column.to_string(),
            first: a + 1,
            second: b + 1,
        })),
    };
    let exact = header.iter().enumerate().filter(|(_, h)| **h == column);
    if let Some(r) = pick(exact.map(|(i, _)| i).collect()) {
        return r;
    }
    let want = lower(column);
    let loose = header.iter().enumerate().filter(|(_, h)| lower(h) == want);
    pick(loose.map(|(i, _)| i).collect()).unwrap_or_else(|| {
        Err(HeaderError::UnknownColumn {
            column: column.to_string(),
            columns: list_columns(header),
        })
    })
}

/// Does a station header name a code (`站点编码`, `stationcode`) rather than a name?
fn is_code_column(cell: &str) -> bool {
    let n = normalise(cell);
    n.contains("code") || n.contains("编码")
}

/// Maps a header to fields. Explicit `--map` entries win; every other field is recognised
/// automatically, and a field recognised in two columns is an error unless mapped. The time
/// must be given as `time`, `date`+`hour` or `year`+`month`+`day`+`hour`, and at least one
/// pollutant must be present; station and city are optional.
pub fn map_header(header: &[&str], maps: &[ColumnMap]) -> Result<Columns, HeaderError> {
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(HeaderError::EmptyHeader);
    }
    let mut cols = Columns::default();
    let mut claimed: Vec<Option<Field>> = vec![None; header.len()];
    for m in maps {
        let i = find_column(header, &m.column)?;
        if let Some(j) = cols.get(m.field) {
            if i == j {
                continue;
            }
            return Err(HeaderError::FieldMappedTwice {
                field: m.field,
                first: header[j].to_string(),
                second: header[i].to_string(),
            });
        }
        if let Some(other) = claimed[i] {
            return Err(HeaderError::ColumnMappedTwice {
                column: header[i].to_string(),
                first: other,
                second: m.field,
            });
        }
        claimed[i] = Some(m.field);
        cols.set(m.field, i, header[i]);
    }
    let explicit: Vec<Field> = cols.iter().map(|(f, _, _)| f).collect();
    for (i, cell) in header.iter().enumerate() {
        let Some(f) = recognise(cell).filter(|f| claimed[i].is_none() && !explicit.contains(f))
        else {
            continue;
        };
        if let Some(j) = cols.get(f) {
            // Exports often carry both a station code and a station name: the code is the
            // station's identity (pipeline.md), so it wins without a --map.
            if f == Field::Station {
                match (is_code_column(header[j]), is_code_column(cell)) {
                    (true, false) => continue,
                    (false, true) => {
                        cols.set(f, i, cell);
                        continue;
                    }
                    _ => {}
                }
            }
            return Err(HeaderError::Ambiguous {
                field: f,
                first: j + 1,
                first_name: header[j].to_string(),
                second: i + 1,
                second_name: cell.to_string(),
            });
        }
        cols.set(f, i, cell);
    }
    let has = |f: Field| cols.get(f).is_some();
    let timed = has(Field::Time)
        || has(Field::Date) && has(Field::Hour)
        || [Field::Year, Field::Month, Field::Day, Field::Hour]
            .into_iter()
            .all(has);
    if !timed {
        return Err(HeaderError::NoTime);
    }
    if !Field::ALL.into_iter().any(|f| f.is_pollutant() && has(f)) {
        return match (has(Field::Parameter), has(Field::Value)) {
            (true, true) => Ok(cols),
            (true, false) => Err(HeaderError::HalfPerParameter {
                found: Field::Parameter,
                missing: Field::Value,
            }),
            (false, true) => Err(HeaderError::HalfPerParameter {
                found: Field::Value,
                missing: Field::Parameter,
            }),
            (false, false) => Err(HeaderError::NoPollutant),
        };
    }
    Ok(cols)
}

#[cfg(test)]
mod tests;
