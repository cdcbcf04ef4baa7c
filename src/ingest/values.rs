//! The time and values of one row of a long file. The time: its time cell (with any offset),
//! else date and hour, else year, month, day and hour, in `--tz`. The values: one cell per
//! pollutant column, or, in a per-parameter
//! file, the value cell of the row's parameter in the row's unit; a QC flag, if the file has
//! one, decides first whether the row holds values at all.
//!
//! Kept apart from the reader so that the rules a row is judged by read in one place: a
//! missing marker or a flag other than valid is a missing value (no defect); a number that
//! cannot be a concentration (negative, implausible, in a unit that does not convert) is a
//! defect, and a negative flagged valid says so, because the flag is the publisher's claim.

use chrono::NaiveDateTime;

use super::header::{Columns, Field};
use super::param::{Unit, UnitError, convert, slot_of};
use super::text::{Cell, TextDecoder, parse_cell};
use super::time::{TimeError, at_hour, from_parts, parse_date, parse_hour};
use super::zone::{Offset, parse_datetime_in};
use super::{ReadOptions, Values, concentration_defect, implausible};
use crate::aqi::Slot;
use crate::ingest::defect::DefectKind;
use crate::units::ConcentrationError;

/// The pollutant columns of a wide long file.
pub(super) const POLLUTANT_FIELDS: [(Field, Slot); 7] = [
    (Field::Pm25, Slot::Pm25),
    (Field::Pm10, Slot::Pm10),
    (Field::So2, Slot::So2),
    (Field::No2, Slot::No2),
    (Field::Co, Slot::Co),
    (Field::O3, Slot::O3),
    (Field::O3_8h, Slot::O3EightHour),
];

fn cell_text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim().to_string()
}

/// The Beijing time of a row: its time cell (with its own offset, if any), else its date and
/// hour, else its year, month, day and hour, read in `tz`. A file with both a date column and
/// the four split columns (the foreign missions' `Date (LST),Year,Month,Day,Hour`, whose date
/// cell also holds a clock) is read from the split columns.
pub(super) fn row_time(
    rec: &csv::ByteRecord,
    c: &Columns,
    tz: Offset,
) -> Result<NaiveDateTime, (Field, TimeError)> {
    let cell = |f: Field| {
        rec.get(c.get(f).unwrap_or(usize::MAX))
            .map(cell_text)
            .unwrap_or_default()
    };
    if c.get(Field::Time).is_some() {
        return parse_datetime_in(&cell(Field::Time), tz).map_err(|e| (Field::Time, e));
    }
    let naive = naive_time(c, &cell)?;
    tz.to_beijing(naive).ok_or_else(|| {
        let f = if c.get(Field::Date).is_some() {
            Field::Date
        } else {
            Field::Year
        };
        (f, TimeError::OutOfRange(naive.to_string()))
    })
}

/// The naive time of a row without a time column.
fn naive_time(
    c: &Columns,
    cell: &dyn Fn(Field) -> String,
) -> Result<NaiveDateTime, (Field, TimeError)> {
    let split = [Field::Year, Field::Month, Field::Day, Field::Hour]
        .into_iter()
        .all(|f| c.get(f).is_some());
    if c.get(Field::Date).is_some() && !split {
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

/// What is wrong with a cell of a row.
#[derive(Debug, PartialEq)]
pub(super) struct Issue {
    /// The 0-based column.
    pub column: usize,
    pub kind: DefectKind,
    pub message: String,
}

/// A row's values, its defects, and the parameter it names when hazeplan does not read it.
#[derive(Debug, Default)]
pub(super) struct RowValues {
    pub values: Values,
    pub issues: Vec<Issue>,
    pub unread_parameter: Option<String>,
    /// The flag of a row not flagged valid.
    pub rejected_flag: Option<String>,
}

/// How a file's rows are read.
pub(super) struct Layout<'a> {
    pub columns: &'a Columns,
    /// 3 when CO is in ug/m3 (wide files, and per-parameter files without a unit column).
    pub co_shift: u32,
    pub per_parameter: bool,
}

/// The cell of `f`, decoded and trimmed; `None` without the column or the cell.
fn text(rec: &csv::ByteRecord, c: &Columns, dec: &mut TextDecoder, f: Field) -> Option<String> {
    c.get(f)
        .and_then(|i| rec.get(i))
        .map(|b| dec.decode(b).trim().to_string())
}

/// The defect of a bad number; a negative flagged valid names the flag.
fn number_issue(
    e: &ConcentrationError,
    column: usize,
    prefix: &str,
    flag: Option<(&str, &str)>,
) -> Issue {
    let (kind, message) = match (e, flag) {
        (ConcentrationError::Negative(_), Some((col, flag))) => (
            DefectKind::Negative,
            format!("{e} although flagged valid ({col} '{flag}'); value skipped"),
        ),
        _ => concentration_defect(e),
    };
    Issue {
        column,
        kind,
        message: format!("{prefix}{message}"),
    }
}

/// Reads the values of `rec`.
pub(super) fn read(
    rec: &csv::ByteRecord,
    layout: &Layout<'_>,
    dec: &mut TextDecoder,
    opts: &ReadOptions,
) -> RowValues {
    let c = layout.columns;
    let mut out = RowValues::default();
    // The QC flag first: a row not flagged valid holds no values, whatever its cells say.
    let flag = match text(rec, c, dec, Field::Qc) {
        Some(f) if !opts.qc_valid.is_valid(&f) => {
            out.rejected_flag = Some(f);
            return out;
        }
        Some(f) => c.name(Field::Qc).map(|col| (col.to_string(), f)),
        None if c.get(Field::Qc).is_some() => {
            // A short row without its flag cell: empty, which is valid by default.
            if !opts.qc_valid.is_valid("") {
                return out;
            }
            None
        }
        None => None,
    };
    let flag = flag.as_ref().map(|(c, f)| (c.as_str(), f.as_str()));
    if layout.per_parameter {
        per_parameter(rec, layout, dec, opts, flag, &mut out);
        return out;
    }
    for (field, slot) in POLLUTANT_FIELDS {
        let Some(i) = c.get(field) else { continue };
        let Some(cell) = rec.get(i) else { continue };
        let shift = if slot == Slot::Co { layout.co_shift } else { 0 };
        match parse_cell(cell, shift, &opts.missing) {
            Ok(Cell::Value(v)) => match implausible(slot, v.to_micro()) {
                Some((kind, message)) => out.issues.push(Issue {
                    column: i,
                    kind,
                    message,
                }),
                None => out.values[slot as usize] = Some(v),
            },
            Ok(Cell::Missing) => {}
            Err(e) => out.issues.push(number_issue(&e, i, "", flag)),
        }
    }
    out
}

fn per_parameter(
    rec: &csv::ByteRecord,
    layout: &Layout<'_>,
    dec: &mut TextDecoder,
    opts: &ReadOptions,
    flag: Option<(&str, &str)>,
    out: &mut RowValues,
) {
    let c = layout.columns;
    let parameter = text(rec, c, dec, Field::Parameter).unwrap_or_default();
    let Some(slot) = slot_of(&parameter) else {
        out.unread_parameter = Some(parameter);
        return;
    };
    let Some(vi) = c.get(Field::Value) else {
        return;
    };
    let prefix = format!("{}: ", slot.name());
    let v = match parse_cell(rec.get(vi).unwrap_or_default(), 0, &opts.missing) {
        Ok(Cell::Value(v)) => v,
        Ok(Cell::Missing) => return,
        Err(e) => {
            out.issues.push(number_issue(&e, vi, &prefix, flag));
            return;
        }
    };
    let unit = match (c.get(Field::Unit), text(rec, c, dec, Field::Unit)) {
        // Without a unit column: hazeplan's units, CO as the file's CO unit.
        (None, _) if slot == Slot::Co && layout.co_shift == 3 => Unit::Ug,
        (None, _) if slot == Slot::Co => Unit::Mg,
        (None, _) => Unit::Ug,
        (Some(ui), cell) => {
            let cell = cell.unwrap_or_default();
            match Unit::parse(&cell) {
                Some(u) => u,
                None => {
                    out.issues.push(Issue {
                        column: ui,
                        kind: DefectKind::BadNumber,
                        message: format!(
                            "{prefix}unit '{cell}' is not one hazeplan converts (µg/m³, mg/m³, \
                             ppb, ppm); value skipped"
                        ),
                    });
                    return;
                }
            }
        }
    };
    let v = match convert(slot, v.to_micro(), unit) {
        Ok(v) => v,
        Err(e) => {
            let (column, kind) = match e {
                UnitError::NotAGas { .. } => {
                    (c.get(Field::Unit).unwrap_or(vi), DefectKind::BadNumber)
                }
                UnitError::TooLarge { .. } => (vi, DefectKind::Implausible),
            };
            out.issues.push(Issue {
                column,
                kind,
                message: e.to_string(),
            });
            return;
        }
    };
    match implausible(slot, v.to_micro()) {
        Some((kind, message)) => out.issues.push(Issue {
            column: vi,
            kind,
            message,
        }),
        None => out.values[slot as usize] = Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::map_header;
    use crate::ingest::{QcValid, ReadOptions};

    fn row(header: &str, line: &str, opts: &ReadOptions) -> (RowValues, Columns) {
        let h: Vec<&str> = header.split(',').collect();
        let columns = map_header(&h, &[]).unwrap();
        let rec = csv::ByteRecord::from(line.split(',').collect::<Vec<_>>());
        let layout = Layout {
            columns: &columns,
            co_shift: 0,
            per_parameter: columns.per_parameter(),
        };
        let r = read(&rec, &layout, &mut TextDecoder::default(), opts);
        (r, columns)
    }

    fn value(r: &RowValues, slot: Slot) -> Option<String> {
        r.values[slot as usize].map(|v| v.to_string())
    }

    #[test]
    fn qc_decides_first() {
        let o = ReadOptions::default();
        let wide = "time,PM2.5,CO,QC Name";
        let (r, _) = row(wide, "2023-01-20 10:00,35,0.8,Valid", &o);
        assert_eq!(value(&r, Slot::Pm25).as_deref(), Some("35"));
        let (r, _) = row(wide, "2023-01-20 10:00,35,0.8,Invalid", &o);
        assert!(r.values.iter().all(Option::is_none) && r.issues.is_empty());
        assert_eq!(r.rejected_flag.as_deref(), Some("Invalid"));
        let (r, _) = row(wide, "2023-01-20 10:00,-2,0.8,", &o);
        assert_eq!(
            r.issues[0].message,
            "negative concentration -2 although flagged valid (QC Name ''); value skipped"
        );
        let o = ReadOptions {
            qc_valid: QcValid::new(vec!["Invalid".into()]),
            ..ReadOptions::default()
        };
        let (r, _) = row(wide, "2023-01-20 10:00,35,0.8,invalid", &o);
        assert_eq!(value(&r, Slot::Co).as_deref(), Some("0.8"));
    }

    #[test]
    fn per_parameter_rows() {
        let o = ReadOptions::default();
        let h = "time,site,parameter,value,unit";
        let (r, _) = row(h, "2023-01-20 10:00,A,co,500,ppb", &o);
        assert_eq!(value(&r, Slot::Co).as_deref(), Some("0.572441"));
        let (r, _) = row(h, "2023-01-20 10:00,A,nox,5,ppb", &o);
        assert_eq!(r.unread_parameter.as_deref(), Some("nox"));
        let (r, _) = row(h, "2023-01-20 10:00,A,pm25,-999,ug/m3", &o);
        assert!(r.values.iter().all(Option::is_none) && r.issues.is_empty());
        let (r, _) = row(h, "2023-01-20 10:00,A,pm25,35,", &o);
        assert_eq!(
            (r.issues[0].column, r.issues[0].kind),
            (4, DefectKind::BadNumber)
        );
        // Without a unit column: hazeplan's units.
        let (r, _) = row("time,parameter,value", "2023-01-20 10:00,CO,0.8", &o);
        assert_eq!(value(&r, Slot::Co).as_deref(), Some("0.8"));
        let (r, _) = row("time,parameter,value", "2023-01-20 10:00,O3,120", &o);
        assert_eq!(value(&r, Slot::O3).as_deref(), Some("120"));
    }
}
