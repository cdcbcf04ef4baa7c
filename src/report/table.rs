//! CSV tables of AQI results (`hazeplan aqi` over files) and of the data-quality summary, as
//! records for `csv::Writer` like every other table.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::aqi::{AqiResult, Slot};
use crate::ingest::{DefectKind, Quality};
use crate::stats::DayStats;
use crate::units::Concentration;

/// The hourly table's header.
pub const HOURLY_HEADER: [&str; 12] = [
    "time",
    "site",
    "aqi",
    "level",
    "primary",
    "iaqi_pm25",
    "iaqi_pm10",
    "iaqi_so2",
    "iaqi_no2",
    "iaqi_co",
    "iaqi_o3",
    "iaqi_o3_8h",
];

/// The daily table's columns after those it shares with the hourly table (the first named
/// `date`): the daily concentrations and the valid hours behind them.
pub const DAILY_EXTRA: [&str; 14] = [
    "pm25",
    "pm10",
    "so2",
    "no2",
    "co",
    "o3_1h_max",
    "o3_8h_max",
    "hours_pm25",
    "hours_pm10",
    "hours_so2",
    "hours_no2",
    "hours_co",
    "hours_o3",
    "windows_o3_8h",
];

/// The daily table's header.
pub fn daily_header() -> Vec<&'static str> {
    let mut h = vec!["date"];
    h.extend(&HOURLY_HEADER[1..]);
    h.extend(DAILY_EXTRA);
    h
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

/// `aqi,level,primary,iaqi_*` of a result.
fn result_cells(r: &AqiResult, out: &mut Vec<String>) {
    out.push(opt(r.aqi));
    out.push(opt(r.level().map(|l| l.number())));
    out.push(r.primary.join(";"));
    out.extend(Slot::ALL.iter().map(|&slot| opt(r.iaqi(slot))));
}

/// One row of the hourly table, for a `csv::Writer` (which quotes free-text site names).
pub fn hourly_record(time: NaiveDateTime, site: &str, r: &AqiResult) -> Vec<String> {
    let mut v = vec![time.format("%Y-%m-%d %H:%M").to_string(), site.to_string()];
    result_cells(r, &mut v);
    v
}

/// One row of the daily table.
pub fn daily_record(date: NaiveDate, site: &str, r: &AqiResult, d: &DayStats) -> Vec<String> {
    let c = |v: Option<Concentration>| opt(v);
    let mut v = vec![date.format("%Y-%m-%d").to_string(), site.to_string()];
    result_cells(r, &mut v);
    v.extend(d.means.iter().map(|m| c(*m)));
    v.push(c(d.o3_1h_max));
    v.push(c(d.o3_8h_max));
    v.extend(d.hours.iter().map(ToString::to_string));
    v.push(d.o3_8h_windows.to_string());
    v
}

/// The quality summary as CSV: one row per file, then one per site.
pub fn quality_csv(w: &mut impl Write, q: &Quality) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    let mut header: Vec<String> = ["scope", "name", "format", "encoding", "rows", "hours"]
        .map(String::from)
        .to_vec();
    header.extend(Slot::ALL.iter().map(|s| format!("valid_{}", s.key())));
    header.extend(DefectKind::ALL.iter().map(|k| k.key().to_string()));
    c.write_record(&header).map_err(std::io::Error::other)?;
    for f in &q.files {
        let mut row = vec![
            "file".to_string(),
            f.file.clone(),
            f.format.clone(),
            f.encoding.clone(),
            f.rows.to_string(),
            String::new(),
        ];
        row.extend(std::iter::repeat_n(String::new(), Slot::ALL.len()));
        row.extend(
            DefectKind::ALL
                .iter()
                .map(|k| f.defects.get(k).copied().unwrap_or(0).to_string()),
        );
        c.write_record(&row).map_err(std::io::Error::other)?;
    }
    for (name, s) in &q.sites {
        let mut row = vec![
            "site".to_string(),
            name.clone(),
            String::new(),
            String::new(),
            String::new(),
            s.hours.to_string(),
        ];
        row.extend(s.valid.iter().map(ToString::to_string));
        row.extend(
            DefectKind::ALL
                .iter()
                .map(|k| s.defects.get(k).copied().unwrap_or(0).to_string()),
        );
        c.write_record(&row).map_err(std::io::Error::other)?;
    }
    c.flush()
}

/// A readable summary for standard error: counts, notes and the defect messages (at most
/// `per_kind` of each kind).
pub fn quality_text(q: &Quality, per_kind: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let rows: u64 = q.files.iter().map(|f| f.rows).sum();
    let by_kind = q.by_kind();
    let _ = write!(
        s,
        "read {} file(s), {} row(s), {} site(s); {} defect(s)",
        q.files.len(),
        rows,
        q.sites.len(),
        q.defect_count
    );
    if !by_kind.is_empty() {
        let parts: Vec<String> = by_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", k.key()))
            .collect();
        let _ = write!(s, " ({})", parts.join(", "));
    }
    s.push('\n');
    for n in &q.notes {
        let _ = writeln!(s, "note: {n}");
    }
    let mut shown: std::collections::BTreeMap<DefectKind, usize> = Default::default();
    for d in &q.defects {
        let c = shown.entry(d.kind).or_default();
        *c += 1;
        if *c <= per_kind {
            let _ = writeln!(s, "{d}");
        }
    }
    for (k, n) in by_kind {
        let n = n as usize;
        if n > per_kind {
            let _ = writeln!(
                s,
                "… and {} more {} defect(s) (all are counted in --quality FILE)",
                n - per_kind,
                k.key()
            );
        }
    }
    s
}
