//! Writers of the projection: `projection.csv` (hour by hour), `projection_summary.csv` (heavy
//! hours and days avoided, peaks), and the chart inputs `sector_reductions.csv` and
//! `regions.csv` that `hazeplan plot` reads back.

use std::io::Write;

use crate::accounting::{Accounting, rate_tonnes};
use crate::alert::WarningLevel;
use crate::measures::schedule::Schedule;
use crate::projection::Projection;
use crate::scenario::Scenario;

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn f1(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.1}"))
}

/// `projection.csv`: `city,time,baseline_pm25,controlled_pm25,baseline_aqi,controlled_aqi,
/// baseline_level,controlled_level,controlled_aqi_low,controlled_aqi_high`. The concentrations
/// are those of the particulate behind the AQI (PM2.5, or PM10 where it is primary).
pub fn projection_csv(w: impl Write, p: &Projection) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "time",
        "baseline_pm25",
        "controlled_pm25",
        "baseline_aqi",
        "controlled_aqi",
        "baseline_level",
        "controlled_level",
        "controlled_aqi_low",
        "controlled_aqi_high",
    ])
    .map_err(csv_err)?;
    for city in &p.cities {
        for h in &city.hours {
            if h.baseline_aqi.is_none() {
                continue;
            }
            let (lo, mid, hi) = h.controlled_aqi.map_or(
                (String::new(), String::new(), String::new()),
                |(a, b, c)| (a.to_string(), b.to_string(), c.to_string()),
            );
            c.write_record([
                city.city.as_str(),
                &h.time.format("%Y-%m-%d %H:%M").to_string(),
                &f1(h.baseline_conc),
                &f1(h.controlled_conc),
                &h.baseline_aqi.map_or(String::new(), |a| a.to_string()),
                &mid,
                h.baseline_level.id(),
                h.controlled_level.id(),
                &lo,
                &hi,
            ])
            .map_err(csv_err)?;
        }
    }
    c.flush()
}

/// `projection_summary.csv`: per city, heavy-pollution (AQI > 200) hours and days without and
/// with the measures, the peak AQI, the mean particulate reduction during the warnings and the
/// same per colour level (`pm_reduction_pct_blue` to `_red`, empty where the city had no window
/// at that level).
pub fn summary_csv(w: impl Write, p: &Projection) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "heavy_hours_baseline",
        "heavy_hours_controlled",
        "heavy_hours_avoided",
        "heavy_hours_controlled_low",
        "heavy_hours_controlled_high",
        "heavy_days_baseline",
        "heavy_days_controlled",
        "heavy_days_avoided",
        "peak_aqi_baseline",
        "peak_aqi_controlled",
        "mean_pm_reduction_pct",
        "pm_reduction_pct_blue",
        "pm_reduction_pct_yellow",
        "pm_reduction_pct_orange",
        "pm_reduction_pct_red",
    ])
    .map_err(csv_err)?;
    for city in &p.cities {
        let s = &city.summary;
        let by_level = WarningLevel::COLOURS.map(|l| {
            s.reduction_by_level
                .iter()
                .find(|(x, _)| *x == l)
                .map_or(String::new(), |(_, pct)| format!("{pct:.1}"))
        });
        let mut record = vec![
            city.city.clone(),
            s.heavy_hours_baseline.to_string(),
            s.heavy_hours_controlled.1.to_string(),
            (s.heavy_hours_baseline - s.heavy_hours_controlled.1.min(s.heavy_hours_baseline))
                .to_string(),
            s.heavy_hours_controlled.0.to_string(),
            s.heavy_hours_controlled.2.to_string(),
            s.heavy_days_baseline.to_string(),
            s.heavy_days_controlled.to_string(),
            (s.heavy_days_baseline - s.heavy_days_controlled.min(s.heavy_days_baseline))
                .to_string(),
            s.peak_baseline.to_string(),
            s.peak_controlled.to_string(),
            format!("{:.1}", s.mean_reduction_pct),
        ];
        record.extend(by_level);
        c.write_record(record).map_err(csv_err)?;
    }
    c.flush()
}

/// `sector_reductions.csv`: `city,level,sector,pollutant,reduced_t,estimated_t,inventory_t,
/// target,basis` for the first window at each city's highest level (the bars of the reductions
/// chart): each sector's reduction, the part of it that is the orders' estimate (all of it
/// outside industry), the city's society-wide emissions, the target and what counts toward it.
pub fn sector_reductions_csv(
    w: impl Write,
    scn: &Scenario,
    s: &Schedule,
    a: &Accounting,
) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "level",
        "sector",
        "pollutant",
        "reduced_t",
        "estimated_t",
        "inventory_t",
        "target_pct",
        "basis",
    ])
    .map_err(csv_err)?;
    for city in &scn.cities {
        let Some(acc) = a
            .windows
            .iter()
            .filter(|x| s.windows[x.window].city == city.name)
            .max_by_key(|x| (s.windows[x.window].level, std::cmp::Reverse(x.window)))
        else {
            continue;
        };
        let level = s.windows[acc.window].level;
        let by_sector = acc.reduction.by_sector();
        let target = acc.target.map_or(String::new(), |t| t.pct());
        for (sector, removed) in by_sector.iter() {
            for (p, r) in removed.iter() {
                c.write_record([
                    city.name.as_str(),
                    level.id(),
                    sector.key(),
                    p.key(),
                    &rate_tonnes(*r).to_string(),
                    &rate_tonnes(acc.reduction.estimated[sector][p]).to_string(),
                    &acc.inventory.get(p).to_string(),
                    &target,
                    a.basis.id(),
                ])
                .map_err(csv_err)?;
            }
        }
    }
    c.flush()
}

/// `regions.csv`: `region,city`.
pub fn regions_csv(w: impl Write, scn: &Scenario) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record(["region", "city"]).map_err(csv_err)?;
    for r in &scn.regions {
        for city in &r.cities {
            c.write_record([r.name.as_str(), city.as_str()])
                .map_err(csv_err)?;
        }
    }
    c.flush()
}

/// A line per city for the run summary: heavy hours (with the controlled band's low-high),
/// heavy days, the peak and the PM2.5 cut (per level when the city had more than one); then
/// the cities without a heavy hour, by name, and a note when NOx cuts may raise the air.
pub fn summary_text(p: &Projection) -> String {
    let mut s = String::from("projection (heavy = AQI > 200; baseline -> with measures):\n");
    let mut calm = Vec::new();
    for c in &p.cities {
        let x = &c.summary;
        if x.heavy_hours_baseline == 0 && x.peak_baseline <= 200 {
            calm.push(c.city.as_str());
            continue;
        }
        s.push_str(&format!(
            "  {}  heavy hours {} -> {} (band low-high {}-{}), heavy days {} -> {}, peak AQI {} -> {}, PM {:+.1}% during warnings{}\n",
            c.city,
            x.heavy_hours_baseline,
            x.heavy_hours_controlled.1,
            x.heavy_hours_controlled.0,
            x.heavy_hours_controlled.2,
            x.heavy_days_baseline,
            x.heavy_days_controlled,
            x.peak_baseline,
            x.peak_controlled,
            -x.mean_reduction_pct,
            per_level(&x.reduction_by_level),
        ));
    }
    if !calm.is_empty() {
        s.push_str(&format!("  no heavy hour: {}\n", calm.join(", ")));
    }
    if p.nox_may_raise {
        s.push_str(
            "  nox_response below 0: NOx cuts may raise nitrate (the bands include it) and O3, \
             which is not modelled (hours with a gas as primary pollutant are left unchanged)\n",
        );
    }
    s
}

/// ` (yellow -6.1%, orange -8.0%)` when a city had windows at more than one level.
fn per_level(by_level: &[(WarningLevel, f64)]) -> String {
    if by_level.len() < 2 {
        return String::new();
    }
    let parts: Vec<String> = by_level
        .iter()
        .map(|(l, pct)| format!("{} {:+.1}%", l.id(), -pct))
        .collect();
    format!(" ({})", parts.join(", "))
}
