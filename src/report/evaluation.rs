//! The files of `hazeplan evaluate`, written from a finished [`Evaluation`]: the CSV tables,
//! `evaluation.md` (the 总结评估 section) and the summary printed on standard output. Nothing
//! here computes.

use std::io::Write;

use chrono::NaiveDateTime;

use crate::alert::WarningLevel;
use crate::evaluate::verification::aqi_level;
use crate::evaluate::{Compliance, Evaluation, Verdict};

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

/// The chart of the evaluation (`charts/verification.png`): the run's cities by day, the
/// warning level issued (left) against the level the observations justify (right), on the
/// region grid of `hazeplan run` (docs/charts.md).
pub fn verification_chart(e: &Evaluation) -> crate::plot::Chart {
    let mut cities: Vec<String> = Vec::new();
    let mut days: Vec<chrono::NaiveDate> = Vec::new();
    for d in &e.days {
        if !cities.contains(&d.city) {
            cities.push(d.city.clone());
        }
        if !days.contains(&d.date) {
            days.push(d.date);
        }
    }
    days.sort();
    let grid = |f: fn(&crate::evaluate::DayRow) -> WarningLevel| -> Vec<Vec<WarningLevel>> {
        cities
            .iter()
            .map(|c| {
                days.iter()
                    .map(|day| {
                        e.days
                            .iter()
                            .find(|d| &d.city == c && d.date == *day)
                            .map_or(WarningLevel::None, f)
                    })
                    .collect()
            })
            .collect()
    };
    crate::plot::Chart::RegionGrid(crate::plot::RegionGridChart {
        region: String::new(),
        title: "预警核验：各城市逐日发布预警级别与实况应发级别".into(),
        baseline: grid(|d| d.issued),
        controlled: grid(|d| d.justified),
        panels: Some(["发布（生效）的预警".into(), "实况应发（同一规则）".into()]),
        cities,
        days,
    })
}

/// The station maps of the evaluation (`charts/stations_<city>.png`): each city's stations at
/// their coordinates from the station list (stations without coordinates are left out),
/// coloured by their period-mean PM2.5 IAQI, hotspots ringed. None without a station list.
pub fn station_maps(
    e: &Evaluation,
    list: Option<&crate::ingest::StationList>,
) -> Vec<(String, crate::plot::Chart)> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut cities: Vec<&str> = e.station_aqi.iter().map(|x| x.0.as_str()).collect();
    cities.dedup();
    let mut out = Vec::new();
    for city in cities {
        let stations: Vec<crate::plot::MapStation> = e
            .station_aqi
            .iter()
            .filter(|x| x.0 == city)
            .filter_map(|(_, code, aqi)| {
                let s = list.get(code).or_else(|| list.by_name(code))?;
                Some(crate::plot::MapStation {
                    name: s.name.clone(),
                    lon: s.lon?,
                    lat: s.lat?,
                    aqi: *aqi,
                    hotspot: e
                        .hotspots
                        .iter()
                        .any(|h| h.city == city && &h.station == code),
                })
            })
            .collect();
        if stations.is_empty() {
            continue;
        }
        out.push((
            format!("stations_{}.png", crate::plot::from_run::file_part(city)),
            crate::plot::Chart::StationMap(crate::plot::StationMapChart {
                city: city.to_string(),
                title: format!("{city} 监测站点（期间平均 PM2.5 分指数）与高值热点"),
                stations,
            }),
        ));
    }
    out
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
    let mut c = csv::Writer::from_writer(w);
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
    .map_err(csv_err)?;
    for h in &e.hotspots {
        c.write_record([
            h.city.as_str(),
            &h.station,
            h.pollutant.name(),
            // The first hour begins an hour before its label.
            &t(h.first - chrono::TimeDelta::hours(1)),
            &t(h.last),
            &h.hours.to_string(),
            &format!("{:.1}", h.max_value),
            &f2(h.max_ratio),
            &format!("{:.1}", h.mean_excess),
            &f2(e.hotspot_config.ratio),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
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

fn verdict_zh(v: Verdict) -> &'static str {
    match v {
        Verdict::Hit => "准确",
        Verdict::TooHigh => "偏高",
        Verdict::TooLow => "偏低",
        Verdict::FalseAlarm => "空报",
    }
}

fn compliance_zh(c: Compliance) -> &'static str {
    match c {
        Compliance::NotComplied => "未落实",
        Compliance::Partly => "部分落实",
        Compliance::NoData => "无数据",
        Compliance::Complied => "已落实",
        Compliance::NotAssessed => "不评估",
    }
}

fn count<T>(items: &[T], f: impl Fn(&T) -> bool) -> usize {
    items.iter().filter(|x| f(x)).count()
}

/// `evaluation.md`: the summary evaluation (总结评估) section.
pub fn evaluation_md(e: &Evaluation) -> String {
    let mut s = String::from("## 总结评估（预报、预警核验与减排措施落实）\n\n");
    s += &format!(
        "时段：{} 至 {}；预警规则：{}（实况按同一规则、按自然日 AQI 判定，不计区域联动和调度令）。\n\n",
        e.period.0, e.period.1, e.rules
    );
    s += "### 预报核验\n\n| 城市 | 天数 | 偏差 | 平均绝对误差 | 发布区间命中 | 等级准确率 |\n|---|---|---|---|---|---|\n";
    for f in &e.forecast {
        s += &format!(
            "| {} | {} | {:+.1} | {:.1} | {} | {} |\n",
            if f.city.is_empty() { "合计" } else { &f.city },
            f.days,
            f.bias,
            f.mae,
            f.in_range,
            f.hit_rate()
                .map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0))
        );
    }
    s += "\n偏差、误差为预报值（按规则取区间上限等）减实况日 AQI。实况是采取减排措施之后的空气：预报误差与措施效果混在一起，无法分开（预警期间实况低于预报，可能部分来自措施），请据此解读。\n\n### 预警核验\n\n| 预警 | 区域 | 发布级别 | 时段 | 实况应发级别 | 实况最高 AQI | 结论 |\n|---|---|---|---|---|---|---|\n";
    for x in &e.warnings {
        let w = &x.warning;
        s += &format!(
            "| {} | {} | {} | {} → {} | {} | {} | {} |\n",
            w.id,
            match &w.county {
                Some(k) => format!("{} {k}", w.city),
                None => w.city.clone(),
            },
            w.level.label_zh(),
            t(w.start),
            t(w.end),
            if x.justified.is_warning() {
                x.justified.label_zh()
            } else {
                "无".to_string()
            },
            opt(x.observed_max),
            verdict_zh(x.verdict)
        );
    }
    for m in &e.misses {
        s += &format!(
            "| — | {} | 未发布 | {} → {} | {} | {} | 漏报 |\n",
            m.city,
            t(m.start),
            t(m.end),
            m.level.label_zh(),
            opt(m.observed_max)
        );
    }
    s += "\n| 级别 | 命中 | 空报 | 漏报 | POD | FAR | CSI |\n|---|---|---|---|---|---|---|\n";
    for l in &e.scores {
        let x = &l.table;
        s += &format!(
            "| {} 及以上 | {} | {} | {} | {} | {} | {} |\n",
            l.level.name_zh(),
            x.hits,
            x.false_alarms,
            x.misses,
            ratio(x.pod()),
            ratio(x.far()),
            ratio(x.csi())
        );
    }
    s += "\n按城市-日统计：当日发布（生效）预警达到该级别为“发布”，实况判定达到该级别为“应发”。\n";
    if !e.effects.is_empty() {
        s += "\n### 措施效果（预估与实况）\n\n**注意：实况与预估基线之差混合了预报误差和措施效果，不能视为措施的实测效果。**\n\n| 预警 | 预估基线 AQI | 预估采取措施后 AQI（区间） | 实况 AQI | 预估降幅 | 实况相对基线（含预报误差） |\n|---|---|---|---|---|---|\n";
        let one = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.1}"));
        for x in &e.effects {
            s += &format!(
                "| {} | {} | {}（{}） | {} | {} | {} |\n",
                x.warning.id,
                one(x.baseline),
                one(x.controlled),
                x.band
                    .map_or("—".to_string(), |(l, h)| format!("{l:.1}-{h:.1}")),
                one(x.observed),
                x.projected_pct()
                    .map_or("—".to_string(), |p| format!("{p:.1}%")),
                x.observed_vs_baseline_pct()
                    .map_or("—".to_string(), |p| format!("{p:+.1}%"))
            );
        }
    }
    let hc = &e.hotspot_config;
    s += &format!(
        "\n### 高值热点\n\n站点小时浓度达到本市站点中位数的 {:.1} 倍、连续 {} 小时及以上（UNVERIFIED 默认值）：{} 处。\n",
        hc.ratio,
        hc.min_hours,
        e.hotspots.len()
    );
    if !e.hotspots.is_empty() {
        s += "\n| 城市 | 站点 | 污染物 | 时段 | 小时数 | 最高浓度 | 最高倍数 |\n|---|---|---|---|---|---|---|\n";
        for h in &e.hotspots {
            s += &format!(
                "| {} | {} | {} | {} → {} | {} | {:.1} | {:.2} |\n",
                h.city,
                h.station,
                h.pollutant.name(),
                t(h.first - chrono::TimeDelta::hours(1)),
                t(h.last),
                h.hours,
                h.max_value,
                h.max_ratio
            );
        }
    }
    if !e.compliance.is_empty() {
        let c = &e.compliance_config;
        s += &format!(
            "\n### 减排措施落实（用电监控）\n\n基线为预警前同时段用电（最多 {} 天，排除其他预警时段）；容差 {:.0}% 基线（UNVERIFIED 默认值）；限产达到要求削减量的 {:.0}% 以上为“部分落实”（UNVERIFIED 默认值）。停产线用电超过容差即为“未落实”。\n\n| 城市 | 企业 | 生产线 | 级别 | 措施 | 允许负荷 | 实际负荷 | 结论 |\n|---|---|---|---|---|---|---|---|\n",
            c.baseline_days,
            c.tolerance * 100.0,
            c.partly_share * 100.0
        );
        for r in e
            .compliance
            .iter()
            .filter(|r| r.verdict != Compliance::NotAssessed)
        {
            let a = &r.action;
            s += &format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                a.city,
                a.enterprise,
                a.part,
                a.level.name_zh(),
                a.action,
                r.allowed
                    .map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0)),
                r.load_share()
                    .map_or("—".to_string(), |x| format!("{:.1}%", x * 100.0)),
                compliance_zh(r.verdict)
            );
        }
    }
    s
}

/// The summary printed after writing.
pub fn summary(e: &Evaluation) -> String {
    let w = &e.warnings;
    let all = e.forecast.last();
    let mut s = format!(
        "evaluation {} to {} under {} ({} city-days, {} observed)\n",
        e.period.0,
        e.period.1,
        e.rules,
        e.days.len(),
        count(&e.days, |d| d.observed.is_some())
    );
    if let Some(f) = all {
        s += &format!(
            "forecast: bias {:+.1}, MAE {:.1}, level hit rate {}, observed inside the published range on {} of {} days\n",
            f.bias,
            f.mae,
            f.hit_rate()
                .map_or("-".to_string(), |r| format!("{:.1}%", r * 100.0)),
            f.in_range,
            f.days
        );
    }
    s += &format!(
        "warnings: {} issued: {} hit, {} too high, {} too low, {} false alarm; {} missed\n",
        w.len(),
        count(w, |x| x.verdict == Verdict::Hit),
        count(w, |x| x.verdict == Verdict::TooHigh),
        count(w, |x| x.verdict == Verdict::TooLow),
        count(w, |x| x.verdict == Verdict::FalseAlarm),
        e.misses.len()
    );
    // An undefined score (no event of the level at all) is shown as `-`.
    let shown = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3}"));
    for l in &e.scores {
        s += &format!(
            "  {:<7} POD {} FAR {} CSI {}\n",
            l.level.id(),
            shown(l.table.pod()),
            shown(l.table.far()),
            shown(l.table.csi())
        );
    }
    if !e.effects.is_empty() {
        let within = count(&e.effects, |x| x.within_band() == Some(true));
        s += &format!(
            "effect: observed AQI inside the projected band with measures in {within} of {} city warnings (observed against the projection mixes forecast error and the measures' effect)\n",
            e.effects.len()
        );
    }
    s += &format!(
        "hotspots: {} (a station at least {:.1}x its city's median for {} h or more, UNVERIFIED)\n",
        e.hotspots.len(),
        e.hotspot_config.ratio,
        e.hotspot_config.min_hours
    );
    if !e.compliance.is_empty() {
        let c = &e.compliance;
        s += &format!(
            "compliance ({} actions of metered enterprises, tolerance {:.0}% of baseline, UNVERIFIED): {} not complied, {} partly, {} no data, {} complied, {} not assessed; {} actions of enterprises without a meter\n",
            c.len(),
            e.compliance_config.tolerance * 100.0,
            count(c, |r| r.verdict == Compliance::NotComplied),
            count(c, |r| r.verdict == Compliance::Partly),
            count(c, |r| r.verdict == Compliance::NoData),
            count(c, |r| r.verdict == Compliance::Complied),
            count(c, |r| r.verdict == Compliance::NotAssessed),
            e.unmetered,
        );
    }
    s
}
