//! Writers of `hazeplan run`: `warnings.csv`, `daily.csv`, `advisories.csv` and the summary
//! printed for the duty officer.

use std::fmt::Write as _;
use std::io::Write;

use chrono::NaiveDateTime;

use crate::alert::{Advisory, Classification, DailyValue, Grid, Warning, WarningLevel};
use crate::aqi::Aqi;

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// `warnings.csv`: `city,region,level,issued_at,start,end,trigger,source`.
pub fn warnings_csv(w: impl Write, warnings: &[Warning]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "region",
        "level",
        "issued_at",
        "start",
        "end",
        "trigger",
        "source",
    ])
    .map_err(csv_err)?;
    for x in warnings {
        c.write_record([
            x.city.as_str(),
            &x.region,
            x.level.id(),
            &t(x.issued_at),
            &t(x.start),
            &t(x.end),
            &x.trigger,
            x.source.id(),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `daily.csv`: `city,date,aqi,level,primary`, then the highest warning level in force that
/// day and the forecast value as published.
pub fn daily_csv(
    w: impl Write,
    daily: &[DailyValue],
    grid: &Grid,
    c: &Classification,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "city", "date", "aqi", "level", "primary", "warning", "forecast",
    ])
    .map_err(csv_err)?;
    // The highest level of each city-day, in one pass over the grid.
    let mut by_day: std::collections::HashMap<(usize, chrono::NaiveDate), WarningLevel> =
        std::collections::HashMap::new();
    for (ci, levels) in c.levels.iter().enumerate() {
        for (i, l) in levels.iter().enumerate() {
            let e = by_day
                .entry((ci, crate::stats::series::day_of(grid.label(i))))
                .or_default();
            *e = (*e).max(*l);
        }
    }
    for d in daily {
        let ci = grid.cities.iter().position(|x| x.city == d.city);
        let warning = ci
            .and_then(|ci| by_day.get(&(ci, d.date)).copied())
            .unwrap_or_default();
        out.write_record([
            d.city.as_str(),
            &d.date.format("%Y-%m-%d").to_string(),
            &d.aqi.map_or(String::new(), |a| a.to_string()),
            &d.aqi
                .map_or(String::new(), |a| Aqi::new(a).level().number().to_string()),
            &d.primary,
            warning.id(),
            &d.published,
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// `advisories.csv`: health advisories given instead of colour warnings.
pub fn advisories_csv(w: impl Write, advisories: &[Advisory]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "start",
        "end",
        "reason",
        "level_otherwise",
        "max_aqi",
    ])
    .map_err(csv_err)?;
    for a in advisories {
        c.write_record([
            a.city.as_str(),
            &t(a.start),
            &t(a.end),
            &a.reason,
            a.level_otherwise.id(),
            &a.max_aqi.to_string(),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// The readable summary of a run.
pub fn summary(c: &Classification) -> String {
    let mut s = String::new();
    let width = c
        .warnings
        .iter()
        .map(|w| w.city.chars().count())
        .max()
        .unwrap_or(2);
    let _ = writeln!(s, "warnings ({}):", c.warnings.len());
    if c.warnings.is_empty() {
        let _ = writeln!(s, "  none");
    }
    for w in &c.warnings {
        let pad = width.saturating_sub(w.city.chars().count());
        let _ = writeln!(
            s,
            "  {}{}  {:<6}  {} → {}  {:<8}  {}",
            w.city,
            " ".repeat(pad),
            w.level.id(),
            t(w.start),
            t(w.end),
            w.source.id(),
            w.trigger
        );
    }
    if !c.advisories.is_empty() {
        let _ = writeln!(
            s,
            "health advisories instead of warnings ({}):",
            c.advisories.len()
        );
        for a in &c.advisories {
            let _ = writeln!(
                s,
                "  {}  {} → {}  {} (would be {}, max AQI {})",
                a.city,
                t(a.start),
                t(a.end),
                a.reason,
                a.level_otherwise.id(),
                a.max_aqi
            );
        }
    }
    let top = c
        .warnings
        .iter()
        .map(|w| w.level)
        .max()
        .unwrap_or(WarningLevel::None);
    if top.is_warning() {
        let _ = writeln!(s, "highest level: {} ({})", top.id(), top.name_zh());
    }
    s
}
