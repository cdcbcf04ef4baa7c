//! CSV tables of AQI results (`hazeplan aqi` over files) and of the data-quality summary.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::aqi::{AqiResult, Slot};
use crate::ingest::{DefectKind, Quality};
use crate::stats::DayStats;
use crate::units::Concentration;

/// The hourly table's header.
pub const HOURLY_HEADER: &str =
    "time,site,aqi,level,primary,iaqi_pm25,iaqi_pm10,iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3,iaqi_o3_8h";

/// The daily table's header.
pub const DAILY_HEADER: &str = "date,site,aqi,level,primary,iaqi_pm25,iaqi_pm10,iaqi_so2,\
iaqi_no2,iaqi_co,iaqi_o3,iaqi_o3_8h,pm25,pm10,so2,no2,co,o3_1h_max,o3_8h_max,hours_pm25,\
hours_pm10,hours_so2,hours_no2,hours_co,hours_o3,windows_o3_8h";

/// Quotes a CSV field when it needs it (site names are free text).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

/// `aqi,level,primary,iaqi_*` of a result.
fn result_cells(r: &AqiResult) -> String {
    let mut s = format!(
        "{},{},{}",
        opt(r.aqi),
        opt(r.level().map(|l| l.number())),
        r.primary.join(";")
    );
    for slot in Slot::ALL {
        s.push(',');
        s.push_str(&opt(r.iaqi(slot)));
    }
    s
}

/// One row of the hourly table.
pub fn hourly_row(
    w: &mut impl Write,
    time: NaiveDateTime,
    site: &str,
    r: &AqiResult,
) -> std::io::Result<()> {
    writeln!(
        w,
        "{},{},{}",
        time.format("%Y-%m-%d %H:%M"),
        field(site),
        result_cells(r)
    )
}

/// One row of the daily table.
pub fn daily_row(
    w: &mut impl Write,
    date: NaiveDate,
    site: &str,
    r: &AqiResult,
    d: &DayStats,
) -> std::io::Result<()> {
    let c = |v: Option<Concentration>| opt(v);
    let h = &d.hours;
    writeln!(
        w,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        date.format("%Y-%m-%d"),
        field(site),
        result_cells(r),
        c(d.means[0]),
        c(d.means[1]),
        c(d.means[2]),
        c(d.means[3]),
        c(d.means[4]),
        c(d.o3_1h_max),
        c(d.o3_8h_max),
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        h[5],
        d.o3_8h_windows
    )
}

/// The quality summary as CSV: one row per file, then one per site.
pub fn quality_csv(w: &mut impl Write, q: &Quality) -> std::io::Result<()> {
    write!(w, "scope,name,format,encoding,rows,hours")?;
    for s in Slot::ALL {
        write!(w, ",valid_{}", s.key())?;
    }
    for k in DefectKind::ALL {
        write!(w, ",{}", k.key())?;
    }
    writeln!(w)?;
    for f in &q.files {
        write!(
            w,
            "file,{},{},{},{},",
            field(&f.file),
            f.format,
            f.encoding,
            f.rows
        )?;
        write!(w, "{}", ",".repeat(Slot::ALL.len()))?;
        for k in DefectKind::ALL {
            write!(w, ",{}", f.defects.get(&k).copied().unwrap_or(0))?;
        }
        writeln!(w)?;
    }
    for (name, s) in &q.sites {
        write!(w, "site,{},,,,{}", field(name), s.hours)?;
        for v in s.valid {
            write!(w, ",{v}")?;
        }
        for k in DefectKind::ALL {
            write!(w, ",{}", s.defects.get(&k).copied().unwrap_or(0))?;
        }
        writeln!(w)?;
    }
    Ok(())
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
