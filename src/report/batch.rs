//! Writers of `hazeplan batch`: `daily_city_aqi.csv`, `daily_station_aqi.csv` and
//! `summary.csv` (the warnings and quality files share the writers of `run` and `aqi`).

use std::io::Write;

use crate::aqi::Slot;
use crate::batch::{CityYear, SiteDay};

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

/// A daily table: `SITE,date,aqi,level,primary,iaqi_*,` the daily concentrations and the
/// valid-hour counts.
pub fn daily_csv(w: impl Write, site_column: &str, days: &[SiteDay]) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    let mut header: Vec<String> = vec![
        site_column.into(),
        "date".into(),
        "aqi".into(),
        "level".into(),
        "primary".into(),
    ];
    header.extend(Slot::ALL.iter().map(|s| format!("iaqi_{}", s.key())));
    header.extend(
        [
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
        ]
        .map(String::from),
    );
    c.write_record(&header).map_err(csv_err)?;
    for d in days {
        let r = &d.aqi;
        let mut row = vec![
            d.site.clone(),
            d.day.date.format("%Y-%m-%d").to_string(),
            opt(r.aqi),
            opt(r.level().map(|l| l.number())),
            r.primary.join(";"),
        ];
        row.extend(Slot::ALL.iter().map(|s| opt(r.iaqi(*s))));
        row.extend(d.day.means.iter().map(|m| opt(*m)));
        row.push(opt(d.day.o3_1h_max));
        row.push(opt(d.day.o3_8h_max));
        row.extend(d.day.hours.iter().map(u32::to_string));
        row.push(d.day.o3_8h_windows.to_string());
        c.write_record(&row).map_err(csv_err)?;
    }
    c.flush()
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
