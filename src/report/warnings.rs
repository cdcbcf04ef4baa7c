//! Writers of `hazeplan run`: `warnings.csv` (one row per warning), `warning_changes.csv`
//! (the history of every warning), `daily.csv`, `advisories.csv` and the summary printed for
//! the duty officer. Levels printed for people carry their response (橙色预警（Ⅱ级响应）).

use super::plan::Lang;
use super::reason::{advisory_text, reason_text};
use std::fmt::Write as _;
use std::io::Write;

use chrono::NaiveDateTime;

use crate::alert::{Advisory, Classification, DailyValue, Flag, Grid, Warning, WarningLevel};
use crate::aqi::Aqi;

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// The identifier of each warning, in order: `太原-1`, `忻州-忻府区-1` (numbered per area).
pub fn warning_ids(warnings: &[Warning]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    warnings
        .iter()
        .map(|w| {
            let area = match &w.county {
                Some(k) => format!("{}-{k}", w.city),
                None => w.city.clone(),
            };
            let n = seen.entry(area.clone()).or_default();
            *n += 1;
            format!("{area}-{n}")
        })
        .collect()
}

/// `id: description` of each flag, `;`-joined.
fn flags_text(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("{}: {}", f.id(), f.describe()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `warnings.csv`: one row per warning (one process of one area): its highest level and
/// response, first issue, start, final lift, sources, the reason of its highest level and its
/// flags.
pub fn warnings_csv(w: impl Write, warnings: &[Warning]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    warnings_header(&mut c)?;
    warning_rows(&mut c, warnings)?;
    c.flush()
}

/// The header of `warnings.csv`.
pub fn warnings_header<W: Write>(c: &mut csv::Writer<W>) -> std::io::Result<()> {
    c.write_record([
        "id",
        "city",
        "county",
        "region",
        "level",
        "response",
        "issued_at",
        "start",
        "end",
        "source",
        "sources",
        "trigger",
        "flags",
    ])
    .map_err(csv_err)
}

/// Rows of `warnings.csv`, for the warnings of whole areas (a batch writes them a few cities
/// at a time: ids count per area, so every area's warnings must come in one call).
pub fn warning_rows<W: Write>(c: &mut csv::Writer<W>, warnings: &[Warning]) -> std::io::Result<()> {
    for (x, id) in warnings.iter().zip(warning_ids(warnings)) {
        let sources: Vec<&str> = x.sources.iter().map(|s| s.id()).collect();
        c.write_record([
            id.as_str(),
            x.city.as_str(),
            x.county.as_deref().unwrap_or(""),
            &x.region,
            x.level.id(),
            x.level.response_zh(),
            &t(x.issued_at),
            &t(x.start),
            &t(x.end),
            x.source.id(),
            &sources.join(";"),
            &reason_text(&x.trigger, Lang::En),
            &flags_text(&x.flags),
        ])
        .map_err(csv_err)?;
    }
    Ok(())
}

/// `warning_changes.csv`: every issue, upgrade, downgrade, extension and lift of every
/// warning, with when it takes effect, when it was decided, the level from then on, its
/// source, the reason and its flags.
pub fn changes_csv(w: impl Write, warnings: &[Warning]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "id",
        "city",
        "county",
        "change",
        "time",
        "decided_at",
        "level",
        "response",
        "source",
        "reason",
        "flags",
    ])
    .map_err(csv_err)?;
    for (x, id) in warnings.iter().zip(warning_ids(warnings)) {
        for ch in &x.changes {
            c.write_record([
                id.as_str(),
                x.city.as_str(),
                x.county.as_deref().unwrap_or(""),
                ch.kind.id(),
                &t(ch.time),
                &ch.decided_at.map_or(String::new(), t),
                ch.level.id(),
                ch.level.response_zh(),
                ch.source.id(),
                &reason_text(&ch.reason, Lang::En),
                &flags_text(&ch.flags),
            ])
            .map_err(csv_err)?;
        }
    }
    c.flush()
}

/// `daily.csv`: `city,county,date,aqi,level,primary` (the day's AQI, its level 1-6 and
/// primary pollutant), then the highest warning level in force that day for the area and the
/// forecast value as published.
pub fn daily_csv(
    w: impl Write,
    daily: &[DailyValue],
    grid: &Grid,
    c: &Classification,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "city",
        "county",
        "date",
        "aqi",
        "level",
        "primary",
        "warning",
        "forecast",
        "forecast_low",
        "forecast_high",
    ])
    .map_err(csv_err)?;
    // The highest level of each area-day, in one pass over the grid per area.
    let mut by_day: std::collections::HashMap<
        (usize, Option<usize>, chrono::NaiveDate),
        WarningLevel,
    > = std::collections::HashMap::new();
    let mut day_max = |ci: usize, k: Option<usize>, levels: &[WarningLevel]| {
        for (i, l) in levels.iter().enumerate() {
            let e = by_day
                .entry((ci, k, crate::stats::series::day_of(grid.label(i))))
                .or_default();
            *e = (*e).max(*l);
        }
    };
    for (ci, levels) in c.levels.iter().enumerate() {
        day_max(ci, None, levels);
    }
    for (k, county) in grid.counties.iter().enumerate() {
        if let Some(ci) = grid.cities.iter().position(|x| x.city == county.city) {
            day_max(ci, Some(k), c.levels_of(ci, Some(k)));
        }
    }
    for d in daily {
        let ci = grid.cities.iter().position(|x| x.city == d.city);
        let k = d.county.as_ref().and_then(|k| {
            grid.counties
                .iter()
                .position(|x| x.city == d.city && x.county.as_ref() == Some(k))
        });
        let warning = ci
            .and_then(|ci| by_day.get(&(ci, k, d.date)).copied())
            .unwrap_or_default();
        // The published range as two numbers (`180-230`; one value is both bounds).
        let (low, high) = d
            .published
            .split_once('-')
            .unwrap_or((d.published.as_str(), d.published.as_str()));
        out.write_record([
            d.city.as_str(),
            d.county.as_deref().unwrap_or(""),
            &d.date.format("%Y-%m-%d").to_string(),
            &d.aqi.map_or(String::new(), |a| a.to_string()),
            &d.aqi
                .map_or(String::new(), |a| Aqi::new(a).level().number().to_string()),
            &d.primary,
            warning.id(),
            &d.published,
            low,
            high,
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// `advisories.csv`: health advisories given instead of colour warnings, per process.
pub fn advisories_csv(w: impl Write, advisories: &[Advisory]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "county",
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
            a.county.as_deref().unwrap_or(""),
            &t(a.start),
            &t(a.end),
            &advisory_text(&a.reason, Lang::En),
            a.level_otherwise.id(),
            &a.max_aqi.to_string(),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// The readable summary of a run: each warning with its level and response, period and
/// sources; its changes after the issue; its flags; then the advisories and a count of flags.
pub fn summary(c: &Classification) -> String {
    let mut s = String::new();
    // Terminal columns: a Chinese character takes two.
    let cols = |x: &str| unicode_width::UnicodeWidthStr::width(x);
    let width = c
        .warnings
        .iter()
        .map(|w| cols(&w.area()))
        .max()
        .unwrap_or(2);
    let _ = writeln!(s, "warnings ({}):", c.warnings.len());
    if c.warnings.is_empty() {
        let _ = writeln!(s, "  none");
    }
    for w in &c.warnings {
        let area = w.area();
        let pad = width.saturating_sub(cols(&area));
        let sources: Vec<&str> = w.sources.iter().map(|x| x.id()).collect();
        let _ = writeln!(
            s,
            "  {area}{}  {:<27}  {} → {}  issued {}  {}",
            " ".repeat(pad),
            w.level.label_en(),
            t(w.start),
            t(w.end),
            t(w.issued_at),
            sources.join("+"),
        );
        for ch in &w.changes[1..w.changes.len().saturating_sub(1)] {
            let _ = writeln!(
                s,
                "  {}  {} {} → {} ({})",
                " ".repeat(width),
                t(ch.time),
                ch.kind.id(),
                ch.level.label_en(),
                ch.source.id()
            );
        }
        for f in &w.flags {
            let _ = writeln!(s, "  {}  ! {}: {}", " ".repeat(width), f.id(), f.describe());
        }
    }
    if !c.advisories.is_empty() {
        let _ = writeln!(
            s,
            "health advisories instead of warnings ({}):",
            c.advisories.len()
        );
        for a in &c.advisories {
            let area = match &a.county {
                Some(k) => format!("{} {k}", a.city),
                None => a.city.clone(),
            };
            let _ = writeln!(
                s,
                "  {area}  {} → {}  {} (would be {}, max AQI {})",
                t(a.start),
                t(a.end),
                advisory_text(&a.reason, Lang::En),
                a.level_otherwise.id(),
                a.max_aqi
            );
        }
    }
    let flags = c.flags();
    if !flags.is_empty() {
        let _ = writeln!(
            s,
            "flags ({}): see warnings.csv and warning_changes.csv; the 2024 guidance asks for \
             warnings issued in advance and never without forecast support",
            flags.len()
        );
    }
    let top = c
        .warnings
        .iter()
        .map(|w| w.level)
        .max()
        .unwrap_or(WarningLevel::None);
    if top.is_active() {
        let _ = writeln!(s, "highest level: {} {}", top.label_en(), top.label_zh());
    }
    s
}
