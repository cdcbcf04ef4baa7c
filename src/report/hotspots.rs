//! The files of the high-value hotspots (快速消除污染高值热点), from a finished
//! [`Hotspots`]: `hotspots.csv`, `hotspots.md` (`hazeplan hotspots`, Chinese or English) and
//! the station map of each city (`charts/stations_<city>.png`), shared by `hazeplan evaluate`
//! and `hazeplan hotspots`. Nothing here computes.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::evaluate::hotspots::{Hotspot, HotspotConfig, Hotspots};
use crate::plot::{Chart, MapStation, StationMapChart};
use crate::report::plan::Lang;

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

/// `hotspots.csv`: one row per hotspot, its first hour given by its start (an hour before its
/// label) and its last by its label.
pub fn hotspots_csv(w: impl Write, found: &[Hotspot], cfg: &HotspotConfig) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    let err = std::io::Error::other;
    c.write_record([
        "city",
        "station",
        "pollutant",
        "start",
        "end",
        "hours",
        "max_value",
        "max_ratio",
        "mean_excess",
        "ratio_threshold",
    ])
    .map_err(err)?;
    for h in found {
        c.write_record([
            h.city.as_str(),
            &h.station,
            h.pollutant.name(),
            &t(h.first - TimeDelta::hours(1)),
            &t(h.last),
            &h.hours.to_string(),
            &format!("{:.1}", h.max_value),
            &format!("{:.2}", h.max_ratio),
            &format!("{:.1}", h.mean_excess),
            &format!("{:.2}", cfg.ratio),
        ])
        .map_err(err)?;
    }
    c.flush()
}

/// The station map of each city (`stations_<city>.png`): its stations at their coordinates
/// from the station list (stations without coordinates are left out), coloured by their
/// period-mean PM2.5 IAQI, hotspots ringed. None without a station list.
pub fn station_maps(
    station_aqi: &[(String, String, Option<u16>)],
    found: &[Hotspot],
    list: Option<&crate::ingest::StationList>,
    lang: Lang,
) -> Vec<(String, Chart)> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut cities: Vec<&str> = station_aqi.iter().map(|x| x.0.as_str()).collect();
    cities.dedup();
    let mut out = Vec::new();
    for city in cities {
        let stations: Vec<MapStation> = station_aqi
            .iter()
            .filter(|x| x.0 == city)
            .filter_map(|(_, code, aqi)| {
                let s = list.get(code).or_else(|| list.by_name(code))?;
                Some(MapStation {
                    name: s.name.clone(),
                    lon: s.lon?,
                    lat: s.lat?,
                    aqi: *aqi,
                    hotspot: found.iter().any(|h| h.city == city && &h.station == code),
                })
            })
            .collect();
        if stations.is_empty() {
            continue;
        }
        let title = match lang {
            Lang::Zh => format!("{city} 监测站点（期间平均 PM2.5 分指数）与高值热点"),
            Lang::En => format!("{city}: stations (period-mean PM2.5 IAQI) and hotspots"),
        };
        out.push((
            format!("stations_{}.png", crate::plot::from_run::file_part(city)),
            Chart::StationMap(StationMapChart {
                city: city.to_string(),
                title,
                stations,
            }),
        ));
    }
    out
}

/// `hotspots.md` of `hazeplan hotspots`: the thresholds, the period and inputs, hotspots per
/// city, and the table.
pub fn hotspots_md(h: &Hotspots, period: Option<(NaiveDate, NaiveDate)>, lang: Lang) -> String {
    let c = &h.config;
    let pollutants: Vec<&str> = c.pollutants.iter().map(|p| p.name()).collect();
    let cities: Vec<&str> = {
        let mut v: Vec<&str> = h.station_aqi.iter().map(|x| x.0.as_str()).collect();
        v.dedup();
        v
    };
    let per_city = |city: &str| h.found.iter().filter(|x| x.city == city).count();
    let mut s = String::new();
    let span = period.map(|(a, b)| format!("{a} – {b}"));
    // The hours looked at, as hours (the first begins an hour before its label).
    let hours = h
        .labels
        .map(|(a, b)| format!("{} → {}", t(a - TimeDelta::hours(1)), t(b)));
    match lang {
        Lang::Zh => {
            s += "# 高值热点（快速消除污染高值热点）\n\n";
            if let Some(span) = &span {
                s += &format!("时段：{span}（自然日）；");
            }
            if let Some(hours) = &hours {
                s += &format!("数据小时：{hours}；");
            }
            s += &format!(
                "{} 个城市、{} 个站点、{} 个站点小时。\n\n判定：站点小时浓度（{}）达到本市非对照站点同一小时中位数的 {:.1} 倍（中位数至少需 {} 个站点有值），连续 {} 小时及以上。阈值为 UNVERIFIED 默认值（未找到公开定义），可用 --ratio、--hours 调整。\n\n",
                cities.len(),
                h.station_aqi.len(),
                h.station_hours,
                pollutants.join("、"),
                c.ratio,
                c.min_stations,
                c.min_hours
            );
            s += &format!(
                "共 {} 处高值热点。\n\n| 城市 | 站点数 | 热点数 |\n|---|---|---|\n",
                h.found.len()
            );
        }
        Lang::En => {
            s += "# High-value hotspots\n\n";
            if let Some(span) = &span {
                s += &format!("Period: {span} (natural days); ");
            }
            if let Some(hours) = &hours {
                s += &format!("hours read: {hours}; ");
            }
            s += &format!(
                "cities: {}, stations: {}, station-hours: {}.\n\nA station-hour is hot when its concentration ({}) is at least {:.1} times the median of its city's non-control stations that hour (a median of at least {} stations); a hotspot is {} or more consecutive hot hours. The thresholds are UNVERIFIED defaults (no published definition was found); set them with --ratio and --hours.\n\n",
                cities.len(),
                h.station_aqi.len(),
                h.station_hours,
                pollutants.join(", "),
                c.ratio,
                c.min_stations,
                c.min_hours
            );
            s += &format!(
                "Hotspots: {}.\n\n| city | stations | hotspots |\n|---|---|---|\n",
                h.found.len()
            );
        }
    }
    for city in &cities {
        let n = h.station_aqi.iter().filter(|x| x.0 == *city).count();
        s += &format!("| {city} | {n} | {} |\n", per_city(city));
    }
    if h.found.is_empty() {
        return s;
    }
    s += match lang {
        Lang::Zh => {
            "\n| 城市 | 站点 | 污染物 | 时段 | 小时数 | 最高浓度 | 最高倍数 | 平均超出 |\n|---|---|---|---|---|---|---|---|\n"
        }
        Lang::En => {
            "\n| city | station | pollutant | period (start → end) | hours | highest value | highest ratio | mean excess |\n|---|---|---|---|---|---|---|---|\n"
        }
    };
    for x in &h.found {
        s += &format!(
            "| {} | {} | {} | {} → {} | {} | {:.1} | {:.2} | {:.1} |\n",
            x.city,
            x.station,
            x.pollutant.name(),
            t(x.first - TimeDelta::hours(1)),
            t(x.last),
            x.hours,
            x.max_value,
            x.max_ratio,
            x.mean_excess
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aqi::Slot;

    fn sample() -> Hotspots {
        let at = |h| {
            NaiveDate::from_ymd_opt(2023, 1, 22)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        Hotspots {
            found: vec![Hotspot {
                city: "临汾".into(),
                station: "C".into(),
                pollutant: Slot::Pm25,
                first: at(1),
                last: at(3),
                hours: 3,
                max_value: 150.0,
                max_ratio: 1.5,
                mean_excess: 50.0,
            }],
            station_aqi: ["A", "B", "C"]
                .iter()
                .map(|s| ("临汾".to_string(), s.to_string(), Some(150)))
                .collect(),
            config: HotspotConfig::default(),
            station_hours: 9,
            labels: Some((at(1), at(3))),
        }
    }

    #[test]
    fn the_csv_gives_the_hours_as_start_and_end() {
        let h = sample();
        let mut out = Vec::new();
        hotspots_csv(&mut out, &h.found, &h.config).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap().lines().nth(1).unwrap(),
            "临汾,C,PM2.5,2023-01-22 00:00,2023-01-22 03:00,3,150.0,1.50,50.0,1.50"
        );
    }

    #[test]
    fn the_summary_in_both_languages() {
        let h = sample();
        let zh = hotspots_md(&h, None, Lang::Zh);
        assert!(zh.contains("共 1 处高值热点"), "{zh}");
        assert!(
            zh.contains("数据小时：2023-01-22 00:00 → 2023-01-22 03:00；1 个城市"),
            "{zh}"
        );
        assert!(zh.contains("| 临汾 | 3 | 1 |"), "{zh}");
        let en = hotspots_md(&h, None, Lang::En);
        assert!(en.contains("Hotspots: 1."), "{en}");
        assert!(en.contains("| 临汾 | C | PM2.5 | 2023-01-22 00:00 → 2023-01-22 03:00 | 3 |"));
    }
}
