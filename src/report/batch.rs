//! Writers of `hazeplan batch`: `daily_city_aqi.csv`, `daily_station_aqi.csv` and
//! `summary.csv` (the warnings and quality files share the writers of `run` and `aqi`).
//!
//! The daily tables are by site, then date, but a batch closes days date by date for every
//! site at once: [`DailyTable`] formats each row as it comes and keeps it in a spill file
//! under its site, then writes the sites in order, so a decade of rows is never in memory.

use std::io::{self, Write};

use chrono::Datelike;
use std::path::Path;

use crate::aqi::Slot;
use crate::batch::spill::{self, Spill};
use crate::batch::{CityYear, SiteDay};

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// The header of a daily table: `SITE,date,aqi,level,primary,iaqi_*,` the daily
/// concentrations and the valid-hour counts.
fn daily_header(site_column: &str) -> Vec<String> {
    let mut header: Vec<String> = vec![
        site_column.into(),
        "date".into(),
        "aqi".into(),
        "level".into(),
        "primary".into(),
    ];
    header.extend(Slot::ALL.iter().map(|s| format!("iaqi_{}", s.key())));
    header.extend(super::table::DAILY_EXTRA.map(String::from));
    header
}

/// One row of a daily table, written field by field into `w` (`buf` is scratch space): a
/// national year has 135,000 of them, so no field is a string of its own.
fn daily_row<W: Write>(w: &mut csv::Writer<W>, buf: &mut String, d: &SiteDay) -> csv::Result<()> {
    use std::fmt::Write as _;
    let mut field = |w: &mut csv::Writer<W>, v: Option<&dyn std::fmt::Display>| {
        buf.clear();
        if let Some(v) = v {
            write!(buf, "{v}").expect("a String takes any text");
        }
        w.write_field(buf.as_bytes())
    };
    let r = &d.aqi;
    w.write_field(&d.site)?;
    // chrono writes a date of years 0-9999 as `%Y-%m-%d` without parsing a format string.
    let date = d.day.date;
    if (0..=9999).contains(&date.year()) {
        field(w, Some(&date))?;
    } else {
        field(w, Some(&date.format("%Y-%m-%d")))?;
    }
    field(w, r.aqi.as_ref().map(|a| a as _))?;
    field(w, r.level().map(|l| l.number()).as_ref().map(|n| n as _))?;
    field(w, Some(&r.primary.joined(";")))?;
    for s in Slot::ALL {
        field(w, r.iaqi(s).as_ref().map(|a| a as _))?;
    }
    for m in &d.day.means {
        field(w, m.as_ref().map(|m| m as _))?;
    }
    field(w, d.day.o3_1h_max.as_ref().map(|m| m as _))?;
    field(w, d.day.o3_8h_max.as_ref().map(|m| m as _))?;
    for h in &d.day.hours {
        field(w, Some(h))?;
    }
    field(w, Some(&d.day.o3_8h_windows))?;
    w.write_record(None::<&[u8]>)
}

/// A daily table (`SITE,date,aqi,level,primary,iaqi_*,` the daily concentrations and the
/// valid-hour counts) filled as days close and written by site, then date.
pub struct DailyTable {
    spill: Spill,
    /// Per key: the site's name, once it has a row.
    names: Vec<Option<String>>,
    /// Scratch space for formatting a field.
    scratch: String,
    /// Writes one row at a time into its bytes.
    row: csv::Writer<RowBytes>,
}

/// The bytes of a row, emptied through a shared reference (the csv writer lends no other).
#[derive(Default)]
struct RowBytes(std::cell::RefCell<Vec<u8>>);

impl Write for RowBytes {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.get_mut().extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl DailyTable {
    /// A table whose rows wait in an unnamed temporary file in `dir`.
    pub fn new(dir: &Path) -> io::Result<DailyTable> {
        Ok(DailyTable {
            spill: Spill::new(Some(dir), spill::LIMIT)?,
            names: Vec::new(),
            scratch: String::new(),
            row: csv::WriterBuilder::new()
                .buffer_capacity(1024)
                .from_writer(RowBytes::default()),
        })
    }

    /// Adds the day `d` of the site `key` (one key per site name; days of a key in date
    /// order).
    pub fn push(&mut self, key: usize, d: &SiteDay) -> io::Result<()> {
        if self.names.len() <= key {
            self.names.resize(key + 1, None);
        }
        self.names[key].get_or_insert_with(|| d.site.clone());
        // The row exactly as one writer of the whole table would write it, by a writer kept
        // from row to row (a writer per row was a buffer allocated per row).
        let row = &mut self.row;
        daily_row(row, &mut self.scratch, d).map_err(csv_err)?;
        row.flush()?;
        let bytes = &row.get_ref().0;
        self.spill.push(key, &bytes.borrow())?;
        bytes.borrow_mut().clear();
        Ok(())
    }

    /// Writes the table: the header, then each site's rows, sites by name (then key).
    pub fn write(self, mut w: impl Write, site_column: &str) -> io::Result<()> {
        let mut c = csv::Writer::from_writer(&mut w);
        c.write_record(daily_header(site_column)).map_err(csv_err)?;
        c.flush()?;
        drop(c);
        let mut keys: Vec<(&str, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(k, n)| n.as_deref().map(|n| (n, k)))
            .collect();
        keys.sort_unstable();
        let rows = self.spill.finish()?;
        let mut buf = Vec::new();
        for (_, key) in keys {
            buf.clear();
            rows.read(key, &mut buf)?;
            w.write_all(&buf)?;
        }
        w.flush()
    }
}

/// `summary.csv`: one row per city and year.
pub fn summary_csv(w: impl Write, years: &[CityYear]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "year",
        "valid_days",
        "days_level_1",
        "days_level_2",
        "days_level_3",
        "days_level_4",
        "days_level_5",
        "days_level_6",
        "days_aqi_over_200",
        "days_aqi_over_300",
        "mean_pm25",
        "p95_pm25",
        "warnings_blue",
        "warnings_yellow",
        "warnings_orange",
        "warnings_red",
    ])
    .map_err(csv_err)?;
    for y in years {
        let mut row = vec![y.city.clone(), y.year.to_string(), y.valid_days.to_string()];
        row.extend(y.days_by_level.iter().map(u32::to_string));
        row.push(y.days_over_200.to_string());
        row.push(y.days_over_300.to_string());
        row.push(
            y.mean_pm25
                .map_or(String::new(), |m| format!("{:.1}", m.as_f64())),
        );
        row.push(y.p95_pm25.map_or(String::new(), |p| format!("{p:.1}")));
        row.extend(y.warnings.iter().map(u32::to_string));
        c.write_record(&row).map_err(csv_err)?;
    }
    c.flush()
}
