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
    pub const ALL: [Field; 15] = {
        use Field::*;
        [
            Time, Date, Hour, Year, Month, Day, Station, City, Pm25, Pm10, So2, No2, Co, O3, O3_8h,
        ]
    };

    /// The `--map` name.
    pub fn key(self) -> &'static str {
        [
            "time", "date", "hour", "year", "month", "day", "station", "city", "pm25", "pm10",
            "so2", "no2", "co", "o3", "o3_8h",
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
        | "点位名称" => Field::Station,
        "city" | "cityname" | "城市" | "城市名称" | "地市" => Field::City,
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
    found: Box<[Option<(usize, String)>; 15]>,
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
        return Err(HeaderError::NoPollutant);
    }
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::Field::*;
    use super::*;

    /// The UCI Beijing header after CSV unquoting.
    const UCI: &str = "No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,\
                       station";
    const CHINESE: &str = "监测时间,城市,站点名称,PM2.5(μg/m³),PM10(μg/m³),SO2(μg/m³),NO2(μg/m³),\
                           CO(mg/m³),O3(μg/m³),O3_8h(μg/m³)";

    fn map(s: &str) -> ColumnMap {
        s.parse().unwrap()
    }

    fn found(c: &Columns) -> Vec<(Field, usize)> {
        c.iter().map(|(f, i, _)| (f, i)).collect()
    }

    #[test]
    fn station_code_wins_over_station_name() {
        let h = ["时间", "站点名称", "站点编码", "PM2.5"];
        let c = map_header(&h, &[]).unwrap();
        assert_eq!(c.get(Station), Some(2));
        let h = ["监测点编码", "监测点名称", "time", "PM2.5"];
        assert_eq!(map_header(&h, &[]).unwrap().get(Station), Some(0));
        let h = ["站点", "站点名称", "time", "PM2.5"];
        assert!(map_header(&h, &[]).is_err());
    }

    #[test]
    fn keys_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
            assert_eq!(Field::ALL[f as usize], f);
        }
        assert_eq!(Field::from_key("PM25"), Some(Pm25));
        assert_eq!(Field::from_key("pm2.5"), None);
        assert!(O3_8h.is_pollutant() && !City.is_pollutant());
    }

    #[test]
    fn recognises_spellings() {
        let cases = [
            (
                Time,
                "time| DateTime |date_time|TimePoint|数据时间|日期时间|\u{feff}时间|监测时间",
            ),
            (Time, "时间（北京时间）"),
            (Date, "Date|日期"),
            (Hour, "HOUR|时|小时"),
            (Year, "Year|年|年份"),
            (Month, "month|月|月份"),
            (Day, "day|日"),
            (
                Station,
                "Station_Code|site name|SiteCode|站点|站点编码|监测点|监测点名称",
            ),
            (
                Station,
                "监测点编码|点位|点位名称|stationname|site|站点名称",
            ),
            (City, "City Name|城市|城市名称|地市|city"),
            (Pm25, "PM2.5(μg/m³)|PM2.5 [ug/m3]|pm_2.5|PM2.5|pm-2.5"),
            (Pm10, "PM10（μg/m³）|pm10"),
            (So2, "SO2|so2(ug/m3)"),
            (No2, "NO2|no2(ug/m3)"),
            (Co, "CO（mg/m3）|CO(mg/m3）|co"),
            (O3, "O3-1h|O3|o3_1h(ug/m3)"),
            (O3_8h, "O3_8h|O3-8小时|o3 8h (ug/m3)|O3_8h(μg/m³)"),
        ];
        for (f, cells) in cases {
            for cell in cells.split('|') {
                assert_eq!(recognise(cell), Some(f), "{cell}");
            }
        }
        let others = "No|TEMP|wd|PM2.5_24h|O3_8h_24h|AQI||(μg/m³)|PM2.5(|PM|co2|类型|datehour";
        for cell in others.split('|') {
            assert_eq!(recognise(cell), None, "{cell}");
        }
    }

    #[test]
    fn co_units() {
        for cell in ["CO(mg/m3)", "CO（mg/m³）", "CO (MG/M3)", "CO(毫克/立方米)"] {
            assert_eq!(co_unit_of(cell), Some(CoUnit::Mg), "{cell}");
        }
        for cell in ["CO(μg/m³)", "CO(µg/m3)", "CO(ug/m3)", "CO [ μg / m3 ]"] {
            assert_eq!(co_unit_of(cell), Some(CoUnit::Ug), "{cell}");
        }
        for cell in ["CO", "CO(ppm)", "PM2.5(mg/m3)"] {
            assert_eq!(co_unit_of(cell), None, "{cell}");
        }
    }

    #[test]
    fn parses_maps() {
        let want = ColumnMap {
            field: Pm25,
            column: "PM2.5 (ug/m3)".into(),
        };
        assert_eq!(map("pm25=PM2.5 (ug/m3)"), want);
        assert_eq!(map(" O3_8H = a=b ").column, "a=b");
        let err = |s: &str| s.parse::<ColumnMap>().unwrap_err();
        assert_eq!(err("pm25"), "--map 'pm25' needs FIELD=COLUMN");
        assert_eq!(err("pm25="), "--map 'pm25=' needs FIELD=COLUMN");
        assert_eq!(err("=PM2.5"), "--map '=PM2.5' needs FIELD=COLUMN");
        assert_eq!(
            err("pm2.5=X"),
            "unknown field 'pm2.5' in --map (fields: time, date, hour, year, month, day, \
             station, city, pm25, pm10, so2, no2, co, o3, o3_8h); did you mean 'pm25'?"
        );
        assert!(err("statoin=X").ends_with("did you mean 'station'?"));
        assert!(err("O3-8h=X").ends_with("did you mean 'o3_8h'?"));
        assert!(err("时间=X").ends_with("did you mean 'time'?"));
        assert!(err("temperature=X").ends_with("o3_8h)"));
    }

    #[test]
    fn uci_header() {
        let h: Vec<&str> = UCI.split(',').collect();
        let c = map_header(&h, &[]).unwrap();
        let fields = [
            Year, Month, Day, Hour, Pm25, Pm10, So2, No2, Co, O3, Station,
        ];
        let mut want: Vec<(Field, usize)> = fields.into_iter().zip((1..=10).chain([17])).collect();
        want.sort();
        assert_eq!(found(&c), want);
        assert_eq!(c.name(Pm25), Some("PM2.5"));
        assert_eq!(co_unit_of(c.name(Co).unwrap()), None);
    }

    #[test]
    fn chinese_header() {
        let h: Vec<&str> = CHINESE.split(',').collect();
        let c = map_header(&h, &[]).unwrap();
        let fields = [Time, City, Station, Pm25, Pm10, So2, No2, Co, O3, O3_8h];
        let mut want: Vec<(Field, usize)> = fields.into_iter().zip(0..).collect();
        want.sort();
        assert_eq!(found(&c), want);
        assert_eq!(co_unit_of(c.name(Co).unwrap()), Some(CoUnit::Mg));
    }

    #[test]
    fn explicit_maps_win() {
        let h = ["date", "hour", "PM2.5", "pm25", "value"];
        assert_eq!(
            map_header(&h, &[]).unwrap_err().to_string(),
            "columns 3 ('PM2.5') and 4 ('pm25') both look like pm25; choose one with --map \
             pm25=COLUMN"
        );
        let c = map_header(&h, &[map("pm25=pm25")]).unwrap();
        assert_eq!(found(&c), [(Date, 0), (Hour, 1), (Pm25, 3)]);
        // Case-insensitive when no exact match; a mapped column is not recognised again.
        let c = map_header(&h, &[map("pm10=Value"), map("pm25=PM2.5")]).unwrap();
        assert_eq!((c.get(Pm10), c.get(Pm25)), (Some(4), Some(2)));
        let c = map_header(&["t", "PM2.5", "hour"], &[map("time=T"), map("pm10=PM2.5")]).unwrap();
        assert_eq!(found(&c), [(Time, 0), (Hour, 2), (Pm10, 1)]);
        assert!(map_header(&h, &[map("pm25=pm25"), map("pm25=pm25")]).is_ok());
    }

    #[test]
    fn map_errors() {
        let h = ["time", "PM2.5", "a", "A", "x", "x"];
        let err = |maps: &[&str]| {
            let maps: Vec<ColumnMap> = maps.iter().map(|m| map(m)).collect();
            map_header(&h, &maps).unwrap_err().to_string()
        };
        assert_eq!(
            err(&["pm25=PM25x"]),
            "--map names column 'PM25x', which the header does not have (columns: time, \
             PM2.5, a, A, x, x)"
        );
        let twice = "which matches columns 5 and 6 of the header";
        assert_eq!(err(&["pm10=x"]), format!("--map names column 'x', {twice}"));
        // An exact match is preferred to case-insensitive ones; without one, two are ambiguous.
        assert_eq!(map_header(&h, &[map("pm10=a")]).unwrap().get(Pm10), Some(2));
        assert_eq!(err(&["pm10=X"]), format!("--map names column 'X', {twice}"));
        assert_eq!(
            err(&["pm10=a", "pm10=A"]),
            "--map gives pm10 twice ('a' and 'A')"
        );
        assert_eq!(
            err(&["pm10=a", "so2=a"]),
            "--map maps column 'a' to both pm10 and so2"
        );
        let wide: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        let e = map_header(&wide, &[map("pm25=zz")]).unwrap_err();
        assert!(e.to_string().ends_with("c28, c29, ... (10 more))"), "{e}");
    }

    #[test]
    fn header_errors() {
        let err = |h: &[&str]| map_header(h, &[]).unwrap_err();
        assert_eq!(err(&[]), HeaderError::EmptyHeader);
        assert_eq!(err(&["", " "]), HeaderError::EmptyHeader);
        assert_eq!(err(&["station", "PM2.5"]), HeaderError::NoTime);
        assert_eq!(err(&["date", "PM2.5"]), HeaderError::NoTime);
        assert_eq!(
            err(&["year", "month", "hour", "PM2.5"]),
            HeaderError::NoTime
        );
        assert_eq!(
            HeaderError::NoTime.to_string(),
            "no time columns: need 'time', or 'date' and 'hour', or 'year', 'month', 'day' and \
             'hour' (use --map)"
        );
        assert_eq!(err(&["date", "hour", "station"]), HeaderError::NoPollutant);
        assert_eq!(
            HeaderError::NoPollutant.to_string(),
            "no pollutant columns found (use --map)"
        );
        // Two station names (neither a code) need a choice.
        let e = err(&["time", "站点", "站点名称", "PM10"]).to_string();
        assert!(e.starts_with("columns 2 ('站点') and 3 ('站点名称') both look like station"));
        assert!(map_header(&["date", "hour", "O3_8h"], &[]).is_ok());
        assert!(map_header(&["time", "co"], &[]).is_ok());
    }
}
