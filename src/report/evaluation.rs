//! The CSV tables of `hazeplan evaluate`, written from a finished [`Evaluation`]
//! (`evaluation.md`, the summary and the charts are in [`super::evaluation_text`]). Nothing
//! here computes.

use std::io::Write;

use chrono::NaiveDateTime;

use crate::alert::WarningLevel;
use crate::evaluate::Evaluation;
use crate::evaluate::verification::aqi_level;

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

fn f2(v: f64) -> String {
    format!("{v:.2}")
}

fn ratio(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.3}"))
}

/// `forecast_verification.csv`: one row per city-day.
pub fn days_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "date",
        "forecast",
        "forecast_bound",
        "observed",
        "error",
        "in_range",
        "forecast_level",
        "observed_level",
        "issued",
        "justified",
    ])
    .map_err(csv_err)?;
    for d in &e.days {
        let published = d.published.map_or(String::new(), |(l, h)| {
            if l == h {
                l.to_string()
            } else {
                format!("{l}-{h}")
            }
        });
        let (error, in_range) = match (d.bound, d.observed) {
            (Some(f), Some(o)) => {
                let (lo, hi) = d.published.unwrap_or((f, f));
                (
                    (i32::from(f) - i32::from(o)).to_string(),
                    if (lo..=hi).contains(&o) { "yes" } else { "no" }.to_string(),
                )
            }
            _ => (String::new(), String::new()),
        };
        c.write_record([
            d.city.as_str(),
            &d.date.to_string(),
            &published,
            &opt(d.bound),
            &opt(d.observed),
            &error,
            &in_range,
            &opt(d.bound.map(aqi_level)),
            &opt(d.observed.map(aqi_level)),
            d.issued.id(),
            d.justified.id(),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `forecast_scores.csv`: bias, MAE and level hit rate per city, then `all`.
pub fn forecast_scores_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "days",
        "bias",
        "mae",
        "bias_published",
        "mae_published",
        "in_range_days",
        "level_hits",
        "level_hit_pct",
    ])
    .map_err(csv_err)?;
    for s in &e.forecast {
        c.write_record([
            if s.city.is_empty() { "all" } else { &s.city },
            &s.days.to_string(),
            &f2(s.bias),
            &f2(s.mae),
            &f2(s.bias_published),
            &f2(s.mae_published),
            &s.in_range.to_string(),
            &s.level_hits.to_string(),
            &s.hit_rate()
                .map_or(String::new(), |r| format!("{:.1}", r * 100.0)),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `level_contingency.csv`: forecast AQI level (rows) by observed level (columns).
pub fn contingency_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "forecast_level",
        "observed_1",
        "observed_2",
        "observed_3",
        "observed_4",
        "observed_5",
        "observed_6",
    ])
    .map_err(csv_err)?;
    for (i, row) in e.levels.iter().enumerate() {
        let mut rec = vec![(i + 1).to_string()];
        rec.extend(row.iter().map(|n| n.to_string()));
        c.write_record(&rec).map_err(csv_err)?;
    }
    c.flush()
}

/// `warning_verification.csv`: each issued warning with its verdict, then each miss.
pub fn warnings_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "id",
        "city",
        "county",
        "level",
        "start",
        "end",
        "sources",
        "justified",
        "observed_max_aqi",
        "verdict",
    ])
    .map_err(csv_err)?;
    for x in &e.warnings {
        let w = &x.warning;
        c.write_record([
            w.id.as_str(),
            &w.city,
            w.county.as_deref().unwrap_or(""),
            w.level.id(),
            &t(w.start),
            &t(w.end),
            &w.sources,
            x.justified.id(),
            &opt(x.observed_max),
            x.verdict.id(),
        ])
        .map_err(csv_err)?;
    }
    for m in &e.misses {
        c.write_record([
            "",
            m.city.as_str(),
            "",
            WarningLevel::None.id(),
            &t(m.start),
            &t(m.end),
            "",
            m.level.id(),
            &opt(m.observed_max),
            "miss",
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `scores.csv`: the city-day contingency table, POD, FAR and CSI per warning level.
pub fn scores_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "level",
        "hits",
        "false_alarms",
        "misses",
        "correct_negatives",
        "pod",
        "far",
        "csi",
    ])
    .map_err(csv_err)?;
    for s in &e.scores {
        let x = &s.table;
        c.write_record([
            s.level.id(),
            &x.hits.to_string(),
            &x.false_alarms.to_string(),
            &x.misses.to_string(),
            &x.correct_negatives.to_string(),
            &ratio(x.pod()),
            &ratio(x.far()),
            &ratio(x.csi()),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `compliance.csv`: each ordered action's load against its baseline, worst first.
pub fn compliance_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "enterprise_id",
        "enterprise",
        "part",
        "level",
        "action",
        "start",
        "end",
        "allowed_pct",
        "baseline_kwh",
        "load_kwh",
        "load_pct",
        "hours",
        "window_hours",
        "verdict",
        "tolerance_pct",
        "note",
    ])
    .map_err(csv_err)?;
    let tol = format!("{:.1}", e.compliance_config.tolerance * 100.0);
    for r in &e.compliance {
        let a = &r.action;
        c.write_record([
            a.city.as_str(),
            &a.enterprise_id,
            &a.enterprise,
            &a.part,
            a.level.id(),
            &a.action,
            &t(a.start),
            &t(a.end),
            &r.allowed
                .map_or(String::new(), |x| format!("{:.1}", x * 100.0)),
            &r.baseline_kwh.map_or(String::new(), f2),
            &r.load_kwh.map_or(String::new(), f2),
            &r.load_share()
                .map_or(String::new(), |x| format!("{:.1}", x * 100.0)),
            &r.hours.0.to_string(),
            &r.hours.1.to_string(),
            r.verdict.id(),
            &tol,
            &r.note,
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `hotspots.csv`: stations far above their city's median, by city, station, pollutant, time.
pub fn hotspots_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    super::hotspots::hotspots_csv(w, &e.hotspots, &e.hotspot_config)
}

/// `effect.csv`: projected (without, with the measures, the band) against observed AQI during
/// each city warning. The observed change against the baseline is confounded with the
/// forecast's error (the column's name says so).
pub fn effect_csv(w: impl Write, e: &Evaluation) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "id",
        "city",
        "level",
        "start",
        "end",
        "projected_baseline_aqi",
        "projected_controlled_aqi",
        "projected_controlled_low",
        "projected_controlled_high",
        "observed_aqi",
        "projected_reduction_pct",
        "observed_vs_baseline_pct_confounded",
        "observed_within_band",
    ])
    .map_err(csv_err)?;
    let one = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.1}"));
    for x in &e.effects {
        let w = &x.warning;
        c.write_record([
            w.id.as_str(),
            &w.city,
            w.level.id(),
            &t(w.start),
            &t(w.end),
            &one(x.baseline),
            &one(x.controlled),
            &one(x.band.map(|b| b.0)),
            &one(x.band.map(|b| b.1)),
            &one(x.observed),
            &one(x.projected_pct()),
            &one(x.observed_vs_baseline_pct()),
            x.within_band().map_or("", |b| if b { "yes" } else { "no" }),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}
