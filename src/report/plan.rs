//! Writers of the measure plan: `schedule.csv`, `orders.csv`, `reductions.csv` and `report.md`
//! (the plan a duty officer sends, per city and day, in Chinese or English).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::alert::{Classification, Source, WarningLevel};
use crate::emissions::accounting::{Accounting, Infeasible, rate_tonnes};
use crate::emissions::{EmissionPollutant, Share};
use crate::measures::schedule::Schedule;
use crate::measures::{Action, OrderKind};
use crate::scenario::Scenario;

/// Report language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// The machine form of an action: `stop`, `cut_output 20%`, `stop_processes 烧结;球团`, ….
pub fn action_code(a: &Action) -> String {
    match a {
        Action::None => "none".into(),
        Action::Voluntary => "voluntary".into(),
        Action::Protected => "protected".into(),
        Action::CutOutput(s) => format!("cut_output {s}"),
        Action::StopProcesses(p) => format!("stop_processes {}", p.join(";")),
        Action::StopUnits(s) => format!("stop_units {s}"),
        Action::Staggered(s) => format!("staggered {s}"),
        Action::Stop => "stop".into(),
        Action::Listed { .. } => "listed".into(),
    }
}

/// `schedule.csv`.
pub fn schedule_csv(w: impl Write, scn: &Scenario, s: &Schedule) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "enterprise_id",
        "enterprise",
        "part",
        "industry",
        "grade",
        "level",
        "action",
        "measure",
        "source",
        "start",
        "end",
        "reduction_so2",
        "reduction_nox",
        "reduction_pm",
        "reduction_vocs",
        "added_to_meet_target",
    ])
    .map_err(csv_err)?;
    for a in &s.actions {
        let win = &s.windows[a.window];
        let e = &scn.enterprises[a.enterprise];
        let r = a
            .action
            .reduction_scaled(e)
            .map(|x| rate_tonnes(x).to_string());
        c.write_record([
            win.city.as_str(),
            &e.id,
            &e.name,
            e.part.as_deref().unwrap_or(""),
            &e.industry,
            e.grade.label(),
            win.level.id(),
            &action_code(&a.action),
            &a.action.describe_zh(),
            a.source().id(),
            &t(win.start),
            &t(win.end),
            &r[0],
            &r[1],
            &r[2],
            &r[3],
            if a.added { "yes" } else { "no" },
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `orders.csv`.
pub fn orders_csv(w: impl Write, s: &Schedule, lang: Lang) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record(["city", "level", "kind", "measure", "start", "end"])
        .map_err(csv_err)?;
    for o in &s.orders {
        let win = &s.windows[o.window];
        let text = match (lang, &o.measure.measure_en) {
            (Lang::En, Some(en)) => en.as_str(),
            _ => o.measure.measure.as_str(),
        };
        c.write_record([
            win.city.as_str(),
            win.level.id(),
            o.measure.kind.id(),
            text,
            &t(win.start),
            &t(win.end),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `reductions.csv`.
pub fn reductions_csv(w: impl Write, a: &Accounting) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "date",
        "level",
        "pollutant",
        "inventory_t",
        "reduced_t",
        "share",
        "target",
        "met",
    ])
    .map_err(csv_err)?;
    for d in &a.days {
        let share = d.share_ppm().map_or(String::new(), |p| {
            Share(p.min(u128::from(u32::MAX)) as u32).to_string()
        });
        c.write_record([
            d.city.as_str(),
            &d.date.format("%Y-%m-%d").to_string(),
            d.level.id(),
            d.pollutant.key(),
            &d.inventory.to_string(),
            &rate_tonnes(d.reduced).to_string(),
            &share,
            &d.target.map_or(String::new(), |s| s.to_string()),
            if d.met { "yes" } else { "no" },
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// A level with its response (`橙色预警（Ⅱ级响应）`, practice.md 5).
fn level_name(l: WarningLevel, lang: Lang) -> String {
    match lang {
        Lang::Zh => l.label_zh(),
        Lang::En => l.label_en(),
    }
}

fn source_name(s: Source, lang: Lang) -> &'static str {
    match (s, lang) {
        (Source::Local, Lang::Zh) => "本地预报",
        (Source::Regional, Lang::Zh) => "区域联动",
        (Source::Dispatch, Lang::Zh) => "省级调度令",
        (Source::Local, Lang::En) => "local forecast",
        (Source::Regional, Lang::En) => "regional linkage",
        (Source::Dispatch, Lang::En) => "provincial dispatch order",
    }
}

fn kind_name(k: OrderKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (OrderKind::Traffic, Lang::Zh) => "移动源",
        (OrderKind::Dust, Lang::Zh) => "扬尘源",
        (OrderKind::Other, Lang::Zh) => "其他",
        (OrderKind::Traffic, Lang::En) => "Traffic",
        (OrderKind::Dust, Lang::En) => "Dust",
        (OrderKind::Other, Lang::En) => "Other",
    }
}

/// Everything the report needs.
pub struct PlanReport<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Warnings.
    pub classification: &'a Classification,
    /// The schedule (after `tighten`, if used).
    pub schedule: &'a Schedule,
    /// The accounting.
    pub accounting: &'a Accounting,
    /// Windows `tighten` could not bring to target.
    pub infeasible: &'a [Infeasible],
    /// Whether `tighten` ran.
    pub tightened: bool,
    /// The projection, if the scenario has one.
    pub projection: Option<&'a crate::projection::Projection>,
}

/// `report.md`.
pub fn report_md(r: &PlanReport<'_>, lang: Lang) -> String {
    let scn = r.scenario;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let title = scn.title.clone().unwrap_or_else(|| scn.name.clone());
    let tighten_note = match (r.tightened, zh) {
        (true, true) => {
            "目录措施不足以达到减排目标之处，已按“绩效等级低者优先、单位产值减排量大者优先”追加限产\
             （schedule.csv 中 added_to_meet_target 为 yes）。"
        }
        (true, false) => {
            "Where the catalog measures fall short of a target, output cuts were added, lowest \
             grade first and most reduction per unit of lost output first (added_to_meet_target \
             = yes in schedule.csv)."
        }
        _ => "",
    };
    if zh {
        let _ = writeln!(s, "# {title}：重污染天气应急响应方案\n");
        let _ = writeln!(
            s,
            "预警规则：{}（{}）；时段：{} 至 {}。减排目标为全社会排放量的占比，按城市、污染物、日核算。\n",
            scn.rules.title, scn.rules.name, scn.period.0, scn.period.1
        );
    } else {
        let _ = writeln!(s, "# {title}: heavy-pollution response plan\n");
        let _ = writeln!(
            s,
            "Warning rules: {} ({}); period {} to {}. Targets are shares of society-wide emissions, \
             accounted per city, pollutant and day.\n",
            scn.rules.title, scn.rules.name, scn.period.0, scn.period.1
        );
    }
    if !tighten_note.is_empty() {
        let _ = writeln!(s, "{tighten_note}\n");
    }
    // Regions taken from the shipped definitions, with the status of their membership.
    for reg in scn.regions.iter().filter(|x| x.source.is_some()) {
        let _ = writeln!(
            s,
            "{} {}：{}\n",
            if zh { "区域" } else { "Region" },
            reg.name,
            reg.source.as_deref().unwrap_or_default()
        );
    }
    let by_city_day: BTreeMap<(&str, NaiveDate), Vec<&crate::emissions::accounting::DayReduction>> =
        r.accounting.days.iter().fold(BTreeMap::new(), |mut m, d| {
            m.entry((d.city.as_str(), d.date)).or_default().push(d);
            m
        });
    for city in &scn.cities {
        let name = city.name.as_str();
        let warnings: Vec<_> = r
            .classification
            .warnings
            .iter()
            .filter(|w| w.city == name)
            .collect();
        let _ = writeln!(s, "## {name}\n");
        if let Some(p) = r
            .projection
            .and_then(|p| p.cities.iter().find(|c| c.city == name))
        {
            let x = &p.summary;
            if zh {
                let _ = writeln!(
                    s,
                    "预计效果（线性源受体模型，见 projection.csv）：预警期间颗粒物浓度平均下降约 {:.1}%；\
                     重污染（AQI>200）小时数 {} → {}，重污染天数 {} → {}，AQI 峰值 {} → {}。\n",
                    x.mean_reduction_pct,
                    x.heavy_hours_baseline,
                    x.heavy_hours_controlled.1,
                    x.heavy_days_baseline,
                    x.heavy_days_controlled,
                    x.peak_baseline,
                    x.peak_controlled
                );
            } else {
                let _ = writeln!(
                    s,
                    "Projected effect (linear source-receptor model, see projection.csv): particulates \
                     about {:.1}% lower during the warnings; heavy-pollution (AQI > 200) hours {} -> {}, \
                     days {} -> {}, peak AQI {} -> {}.\n",
                    x.mean_reduction_pct,
                    x.heavy_hours_baseline,
                    x.heavy_hours_controlled.1,
                    x.heavy_days_baseline,
                    x.heavy_days_controlled,
                    x.peak_baseline,
                    x.peak_controlled
                );
            }
        }
        if warnings.is_empty() {
            let _ = writeln!(
                s,
                "{}\n",
                if zh {
                    "本时段无预警。"
                } else {
                    "No warning in the period."
                }
            );
            continue;
        }
        if zh {
            let _ = writeln!(
                s,
                "| 区域 | 变化 | 时间 | 预警级别 | 来源 | 依据 |\n|---|---|---|---|---|---|"
            );
        } else {
            let _ = writeln!(
                s,
                "| Area | Change | Time | Level | Source | Basis |\n|---|---|---|---|---|---|"
            );
        }
        for w in &warnings {
            let area = w.area();
            for (i, ch) in w.changes.iter().enumerate() {
                // The issue row says when it was issued.
                let when = if i == 0 {
                    if zh {
                        format!("{}（{} 发布）", t(ch.time), t(w.issued_at))
                    } else {
                        format!("{} (issued {})", t(ch.time), t(w.issued_at))
                    }
                } else {
                    t(ch.time)
                };
                let _ = writeln!(
                    s,
                    "| {area} | {} | {when} | {} | {} | {} |",
                    if zh { ch.kind.name_zh() } else { ch.kind.id() },
                    if ch.level.is_active() {
                        level_name(ch.level, lang)
                    } else {
                        String::new()
                    },
                    source_name(ch.source, lang),
                    ch.reason.replace('|', "/")
                );
            }
        }
        let flags: Vec<_> = warnings
            .iter()
            .flat_map(|w| w.flags.iter().map(move |f| (w, f)))
            .collect();
        if !flags.is_empty() {
            let _ = writeln!(s);
            for (w, f) in flags {
                let _ = writeln!(
                    s,
                    "- {} {}: {}",
                    if zh { "⚠ 提示" } else { "⚠ Flag" },
                    w.area(),
                    f.describe()
                );
            }
        }
        if warnings.iter().any(|w| w.county.is_some()) {
            let _ = writeln!(
                s,
                "\n{}",
                if zh {
                    "注：区县预警单独列出；下列企业与行业措施仍按城市预警级别安排。"
                } else {
                    "Note: county warnings are listed on their own; the enterprise and sector \
                     measures below still follow the city's level."
                }
            );
        }
        let _ = writeln!(s);
        for (w_idx, win) in r
            .schedule
            .windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.city == name)
        {
            let _ = writeln!(
                s,
                "### {} → {}: {}{}\n",
                t(win.start),
                t(win.end),
                level_name(win.level, lang),
                match (win.stricter, zh) {
                    (true, true) => "（加严措施）",
                    (true, false) => " (stricter measures)",
                    _ => "",
                }
            );
            window_section(&mut s, r, w_idx, lang);
        }
        // Day by day accounting.
        let days: Vec<_> = by_city_day
            .iter()
            .filter(|((c, _), _)| *c == name)
            .collect();
        if !days.is_empty() {
            if zh {
                let _ = writeln!(
                    s,
                    "### 逐日减排核算\n\n| 日期 | 预警 | 二氧化硫 | 氮氧化物 | 颗粒物 | 挥发性有机物 |\n|---|---|---|---|---|---|"
                );
            } else {
                let _ = writeln!(
                    s,
                    "### Daily reduction accounting\n\n| Date | Warning | SO2 | NOx | PM | VOCs |\n|---|---|---|---|---|---|"
                );
            }
            for ((_, date), rows) in days {
                let mut cells = Vec::new();
                for p in EmissionPollutant::ALL {
                    let Some(d) = rows.iter().find(|d| d.pollutant == p) else {
                        cells.push(String::new());
                        continue;
                    };
                    // Rounded for reading (reductions.csv keeps the exact values); the mark is
                    // decided on the exact values.
                    let share = d.share_ppm().map_or("–".to_string(), |x| {
                        format!("{:.1}%", x as f64 / 10_000.0)
                    });
                    let target = d.target.map_or(String::new(), |x| x.to_string());
                    let mark = if d.met { "✓" } else { "✗" };
                    let tonnes = rate_tonnes(d.reduced).micro() as f64 / 1e6;
                    cells.push(format!("{tonnes:.2} t/d, {share} / {target} {mark}"));
                }
                let _ = writeln!(
                    s,
                    "| {date} | {} | {} |",
                    level_name(rows[0].level, lang),
                    cells.join(" | ")
                );
            }
            let _ = writeln!(s);
        }
    }
    s
}

/// The measures of one window.
fn window_section(s: &mut String, r: &PlanReport<'_>, w: usize, lang: Lang) {
    let scn = r.scenario;
    let zh = lang == Lang::Zh;
    let acts: Vec<_> = r
        .schedule
        .actions
        .iter()
        .filter(|a| a.window == w)
        .collect();
    // Enterprises, not rows: the rows of an enterprise's lines count once.
    let count = |f: &dyn Fn(&crate::measures::schedule::EnterpriseAction) -> bool| {
        let mut ids: Vec<&str> = acts
            .iter()
            .filter(|a| f(a))
            .map(|a| scn.enterprises[a.enterprise].id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let catalog = |a: &crate::measures::schedule::EnterpriseAction| !a.added && !a.listed;
    let listed = count(&|a| a.listed && !a.added);
    let stop = count(&|a| catalog(a) && matches!(a.action, Action::Stop));
    let cut =
        count(&|a| catalog(a) && a.action.is_curtailment() && !matches!(a.action, Action::Stop));
    let vol = count(&|a| catalog(a) && matches!(a.action, Action::Voluntary));
    let prot = count(&|a| catalog(a) && matches!(a.action, Action::Protected));
    let added = count(&|a| a.added);
    if zh {
        let _ = writeln!(
            s,
            "- 工业源：{}停产 {stop} 家，限产或停产工序 {cut} 家，自主减排 {vol} 家，保障类不限产 {prot} 家{}（明细见 schedule.csv）。",
            if listed > 0 {
                format!("按应急减排清单（一厂一策）执行 {listed} 家；其余按措施目录：")
            } else {
                String::new()
            },
            if added > 0 {
                format!("；为达到减排目标新增限产 {added} 家")
            } else {
                String::new()
            }
        );
    } else {
        let _ = writeln!(
            s,
            "- Industry: {}{stop} stop production, {cut} cut output or stop processes, {vol} reduce voluntarily, {prot} protected{} (see schedule.csv).",
            if listed > 0 {
                format!(
                    "{listed} follow their own measures in the list (一厂一策); of the others, "
                )
            } else {
                String::new()
            },
            if added > 0 {
                format!("; {added} further cuts added to meet the target")
            } else {
                String::new()
            }
        );
    }
    for a in acts.iter().filter(|a| a.added) {
        let e = &scn.enterprises[a.enterprise];
        let grade = match e.grade.label() {
            g if g.is_ascii() && zh => format!("{g}级"),
            g => g.to_string(),
        };
        let d = match (&a.action, zh) {
            (Action::CutOutput(x), true) => format!("在目录措施之外追加限产{x}"),
            (Action::CutOutput(x), false) => {
                format!("a further output cut of {x} beyond the catalog measure")
            }
            (other, true) => other.describe_zh(),
            (other, false) => other.describe_en(),
        };
        if zh {
            let _ = writeln!(s, "  - {} {}（{}，{grade}）：{d}", e.id, e.name, e.industry);
        } else {
            let _ = writeln!(
                s,
                "  - {} {} ({}, grade {grade}): {d}",
                e.id, e.name, e.industry
            );
        }
    }

    let mut by_kind: BTreeMap<OrderKind, Vec<String>> = BTreeMap::new();
    for o in r.schedule.orders.iter().filter(|o| o.window == w) {
        let text = match (lang, &o.measure.measure_en) {
            (Lang::En, Some(en)) => en.clone(),
            _ => o.measure.measure.clone(),
        };
        by_kind.entry(o.measure.kind).or_default().push(text);
    }
    for (k, items) in by_kind {
        let _ = writeln!(
            s,
            "- {}：{}",
            kind_name(k, lang),
            items.join(if zh { "；" } else { "; " })
        );
    }
    if let Some(inf) = r.infeasible.iter().find(|i| i.window == w) {
        let short: Vec<String> = inf
            .short
            .iter()
            .map(|(p, ppm)| {
                let name = if zh { p.name_zh() } else { p.name() };
                format!("{name} {}", Share((*ppm).min(u128::from(u32::MAX)) as u32))
            })
            .collect();
        if zh {
            let _ = writeln!(
                s,
                "- **减排目标无法达到**：即使所有可调控企业全部停产，{} 仍低于目标。",
                short.join("、")
            );
        } else {
            let _ = writeln!(
                s,
                "- **Target infeasible**: even with every eligible enterprise stopped, {} stay below the target.",
                short.join(", ")
            );
        }
    }
    let _ = writeln!(s);
}
