//! Power-use monitoring data (用电监控, 分表计电; practice.md 6): hourly kWh per enterprise, or per
//! production line, as a CSV file or an Excel workbook (first sheet).
//!
//! Columns, found by name: `enterprise_id` (or `企业编号`), `part` (or `生产线`; optional: empty
//! for the whole enterprise), `time` (or `时间`: the hour-ending label, Beijing time, as in the
//! monitoring files: `2026-12-14 01:00` is the hour from 00:00 to 01:00) and `kwh` (or
//! `用电量`). A negative reading or a second reading of the same meter and hour is refused with
//! the file and line: a meter does not run backwards, and two readings of one hour cannot both
//! be the truth.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::Error;

/// A meter: an enterprise, or one of its lines.
pub type Meter = (String, String);

/// Hourly readings per meter, by hour-ending label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PowerData {
    /// The file, for messages.
    pub path: PathBuf,
    /// kWh per meter and hour.
    pub readings: BTreeMap<Meter, BTreeMap<NaiveDateTime, f64>>,
}

fn input(path: &Path, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message,
    }
}

/// The rows of the file: (line or row number, cells), the header first.
fn rows(path: &Path) -> Result<Vec<(u64, Vec<String>)>, Error> {
    if crate::table::workbook::is_workbook(path) {
        let sheet = crate::table::workbook::read_sheet(path, None).map_err(|m| input(path, m))?;
        return Ok(sheet.records);
    }
    let bytes = std::fs::read(path).map_err(|e| input(path, format!("cannot be read: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            input(path, format!("line {line}: {e}"))
        })?;
        let line = r.position().map_or(0, |p| p.line());
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((line, r.iter().map(|c| c.trim().to_string()).collect()));
    }
    Ok(out)
}

/// Reads a power-use file.
pub fn read(path: &Path) -> Result<PowerData, Error> {
    let rows = rows(path)?;
    let Some((hline, header)) = rows.first() else {
        return Err(input(path, "empty: no header".into()));
    };
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let need = |names: &[&str]| {
        find(names).ok_or_else(|| {
            input(
                path,
                format!(
                    "line {hline}: no column '{}' (the header has: {})",
                    names[0],
                    header.join(",")
                ),
            )
        })
    };
    let id = need(&["enterprise_id", "企业编号"])?;
    let time = need(&["time", "时间"])?;
    let kwh = need(&["kwh", "用电量"])?;
    let part = find(&["part", "生产线"]);
    let mut data = PowerData {
        path: path.to_path_buf(),
        readings: BTreeMap::new(),
    };
    let mut lines: BTreeMap<(Meter, NaiveDateTime), u64> = BTreeMap::new();
    for (line, cells) in &rows[1..] {
        let cell = |i: usize| cells.get(i).map_or("", |s| s.as_str());
        let err = |col: &str, m: String| input(path, format!("line {line}: column '{col}': {m}"));
        let e = cell(id);
        if e.is_empty() {
            return Err(err(&header[id], "empty".into()));
        }
        let t = crate::plot::run_csv::time(cell(time)).map_err(|m| err(&header[time], m))?;
        let text = cell(kwh);
        let v: f64 = text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| err(&header[kwh], format!("'{text}' is not a number of kWh")))?;
        if v < 0.0 {
            return Err(err(
                &header[kwh],
                format!("negative reading {text} kWh (a meter does not run backwards)"),
            ));
        }
        let meter = (
            e.to_string(),
            part.map_or(String::new(), |p| cell(p).to_string()),
        );
        if let Some(first) = lines.insert((meter.clone(), t), *line) {
            return Err(err(
                &header[time],
                format!(
                    "a second reading of {}{} at {} (the first is on line {first})",
                    meter.0,
                    if meter.1.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", meter.1)
                    },
                    t.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        data.readings.entry(meter).or_default().insert(t, v);
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<PowerData, String> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("power.csv");
        std::fs::write(&p, text).unwrap();
        read(&p).map_err(|e| e.to_string().replace(&p.display().to_string(), "power.csv"))
    }

    #[test]
    fn duplicate_hours_and_negative_readings_are_refused_with_their_line() {
        let e = read_text("enterprise_id,time,kwh\nE1,2026-12-01 01:00,5\nE1,2026-12-01 01:00,6\n")
            .unwrap_err();
        assert_eq!(
            e,
            "power.csv: line 3: column 'time': a second reading of E1 at 2026-12-01 01:00 \
             (the first is on line 2)"
        );
        let e = read_text("enterprise_id,time,kwh\nE1,2026-12-01 01:00,-5\n").unwrap_err();
        assert_eq!(
            e,
            "power.csv: line 2: column 'kwh': negative reading -5 kWh (a meter does not run \
             backwards)"
        );
        let p = read_text("\u{feff}企业编号,生产线,时间,用电量\nE1,焦炉1,2026-12-01 01:00,5\n")
            .unwrap();
        assert_eq!(p.readings.len(), 1);
        assert!(p.readings.contains_key(&("E1".into(), "焦炉1".into())));
    }

    #[test]
    fn a_workbook_reads_as_its_csv_twin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("power.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["enterprise_id", "part", "time", "kwh"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        for r in 0..2u32 {
            let t = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 12, 1)
                .unwrap()
                .and_hms(r as u16 + 1, 0, 0)
                .unwrap();
            ws.write_string(r + 1, 0, "E1").unwrap();
            ws.write_datetime_with_format(r + 1, 2, t, &fmt).unwrap();
            ws.write_number(r + 1, 3, 100.5).unwrap();
        }
        wb.save(&path).unwrap();
        let p = read(&path).unwrap();
        let r = &p.readings[&("E1".to_string(), String::new())];
        assert_eq!(r.len(), 2);
        assert_eq!(r[&t0], 100.5);
    }
}
