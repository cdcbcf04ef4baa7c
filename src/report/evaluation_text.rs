//! The text and pictures of `hazeplan evaluate`, from a finished [`Evaluation`]:
//! `evaluation.md` (the 总结评估 section, in Chinese), the summary printed on standard output,
//! and the chart structs (the verification grid, the station maps) that `plot` renders.
//! Nothing here computes.

use chrono::NaiveDateTime;

use crate::alert::WarningLevel;
use crate::evaluate::{Compliance, Evaluation, Verdict};

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |x| x.to_string())
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

/// The compliance charts (`charts/compliance_<city>.png`): per city with an assessed action of
/// a metered enterprise, each action's load against its own baseline, worst first (the order
/// of [`Evaluation::compliance`]); actions that imply no load (not assessed) are left out.
pub fn compliance_charts(e: &Evaluation) -> Vec<(String, crate::plot::Chart)> {
    use crate::plot::{ComplianceBar, ComplianceMark};
    let rows: Vec<_> = e
        .compliance
        .iter()
        .filter(|r| r.verdict != Compliance::NotAssessed)
        .collect();
    let mut cities: Vec<&str> = Vec::new();
    for r in &rows {
        if !cities.contains(&r.action.city.as_str()) {
            cities.push(&r.action.city);
        }
    }
    let c = &e.compliance_config;
    let note = format!(
        "横轴：措施期间用电占基线的比例（基线为预警前同时段用电，最多 {} 天，排除其他预警时段和错峰停产日）；容差 {:.0}% 为 UNVERIFIED 默认值",
        c.baseline_days,
        c.tolerance * 100.0
    );
    let when = |x: NaiveDateTime| x.format("%m-%d %H时").to_string();
    cities
        .iter()
        .map(|city| {
            let bars = rows
                .iter()
                .filter(|r| r.action.city == *city)
                .map(|r| {
                    let a = &r.action;
                    ComplianceBar {
                        label: format!(
                            "{}{}{} {} {}至{}",
                            a.enterprise,
                            if a.part.is_empty() { "" } else { " " },
                            a.part,
                            a.level.name_zh(),
                            when(a.start),
                            when(a.end)
                        ),
                        allowed: r.allowed.unwrap_or(0.0),
                        share: r.load_share(),
                        mark: match r.verdict {
                            Compliance::Complied => ComplianceMark::Complied,
                            Compliance::Partly => ComplianceMark::Partly,
                            Compliance::NotComplied => ComplianceMark::NotComplied,
                            Compliance::NoData | Compliance::NotAssessed => ComplianceMark::NoData,
                        },
                    }
                })
                .collect();
            (
                format!("compliance_{}.png", crate::plot::from_run::file_part(city)),
                crate::plot::Chart::Compliance(crate::plot::ComplianceChart {
                    city: city.to_string(),
                    title: format!("{city} 减排措施落实（用电监控）：措施期间用电与基线"),
                    tolerance: c.tolerance,
                    note: note.clone(),
                    bars,
                }),
            )
        })
        .collect()
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
            "\n### 减排措施落实（用电监控）\n\n基线为预警前同时段用电（最多 {} 天，排除其他预警时段和错峰停产日）；容差 {:.0}% 基线（UNVERIFIED 默认值）；限产达到要求削减量的 {:.0}% 以上为“部分落实”（UNVERIFIED 默认值）。停产线用电超过容差即为“未落实”。\n\n| 城市 | 企业 | 生产线 | 级别 | 措施 | 允许负荷 | 实际负荷 | 结论 |\n|---|---|---|---|---|---|---|---|\n",
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
                // The measure as worded (Chinese), not the machine code of compliance.csv.
                if a.measure.is_empty() {
                    &a.action
                } else {
                    &a.measure
                },
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

/// The charts of the section, as Markdown images (`charts/NAME`, relative to the evaluation
/// folder), each with its title.
pub fn charts_md(charts: &[(String, crate::plot::Chart)]) -> String {
    if charts.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n### 图表\n\n");
    for (file, chart) in charts {
        s += &format!("![{}](charts/{file})\n\n", chart.title());
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
