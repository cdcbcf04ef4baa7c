//! `report.md`: the plan a duty officer sends, in Chinese or English: the issuing authority and
//! document, per city its warnings with their history (and each county's), the health
//! advisories given instead of warnings, the measures of every window, the day-by-day
//! accounting, and an appendix with every listed enterprise's action at each level (the list a
//! bureau publishes).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::plan::Lang;
use super::reason::{advisory_text, flag_text, reason_text};
use super::words::{level_name, pct, t, tonnes};
use crate::alert::{Source, Warning, WarningLevel};
use crate::emissions::{Basis, EmissionPollutant};
use crate::plan::Plan;

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

/// `report.md`.
pub fn report_md(r: &Plan<'_>, lang: Lang) -> String {
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
    // The issuing authority and document number, as a notice is headed.
    let (issuer, doc, sep, end) = if zh {
        ("发布单位：", "文号：", "；", "")
    } else {
        ("Issued by ", "document ", "; ", ".")
    };
    let heading: Vec<String> = [
        scn.authority.as_ref().map(|a| format!("{issuer}{a}")),
        scn.document.as_ref().map(|d| format!("{doc}{d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !heading.is_empty() {
        let _ = writeln!(
            s,
            "{}{end}
",
            heading.join(sep)
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
    let by_city_day: BTreeMap<(&str, NaiveDate), Vec<&crate::accounting::DayReduction>> =
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
            .as_ref()
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
        let own: Vec<&Warning> = warnings
            .iter()
            .copied()
            .filter(|w| w.county.is_none())
            .collect();
        if own.is_empty() {
            let _ = writeln!(
                s,
                "{}\n",
                if zh {
                    "本时段无预警。"
                } else {
                    "No warning in the period."
                }
            );
        } else {
            warnings_table(&mut s, &own, lang);
        }
        pre_warnings(&mut s, r, name, lang);
        advisories(&mut s, r, name, None, lang);
        // Each county with warnings of its own.
        for k in &city.counties {
            let theirs: Vec<&Warning> = warnings
                .iter()
                .copied()
                .filter(|w| w.county.as_deref() == Some(k.name.as_str()))
                .collect();
            if theirs.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "### {}{}\n",
                k.name,
                if zh {
                    "（区县预警）"
                } else {
                    " (county warnings)"
                }
            );
            warnings_table(&mut s, &theirs, lang);
            advisories(&mut s, r, name, Some(&k.name), lang);
        }
        if warnings.iter().any(|w| w.county.is_some()) {
            let _ = writeln!(
                s,
                "{}\n",
                if zh {
                    "注：区县预警单独列出；下列企业与行业措施仍按城市预警级别安排。"
                } else {
                    "Note: county warnings are listed on their own; the enterprise and sector \
                     measures below still follow the city's level."
                }
            );
        }
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
            super::plan_window::window_section(&mut s, r, w_idx, lang);
        }
        // Day by day accounting.
        let days: Vec<_> = by_city_day
            .iter()
            .filter(|((c, _), _)| *c == name)
            .collect();
        if !days.is_empty() {
            basis_note(&mut s, r.accounting.basis, lang);
            if zh {
                let _ = writeln!(
                    s,
                    "| 日期 | 预警 | 二氧化硫 | 氮氧化物 | 颗粒物 | 挥发性有机物 |\n|---|---|---|---|---|---|"
                );
            } else {
                let _ = writeln!(
                    s,
                    "| Date | Warning | SO2 | NOx | PM | VOCs |\n|---|---|---|---|---|---|"
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
                    let inv = u128::from(d.inventory.micro());
                    let share = |x: u128| {
                        (inv > 0).then(|| pct(crate::units::round_half_even_u128(x, inv)))
                    };
                    let target = d.target.map_or(String::new(), |x| x.to_string());
                    let mark = if d.met { "✓" } else { "✗" };
                    let listed = format!(
                        "{:.2} t/d, {}",
                        tonnes(d.listed),
                        share(d.listed).unwrap_or("–".into())
                    );
                    let estimated = format!(
                        "{} {:.2} t/d, {}",
                        if zh { "估算" } else { "est." },
                        tonnes(d.estimated),
                        share(d.estimated).unwrap_or("–".into())
                    );
                    cells.push(match d.basis {
                        Basis::Listed => format!("{listed} / {target} {mark}（+{estimated}）"),
                        Basis::WithEstimates => format!(
                            "{listed} + {estimated} = {} / {target} {mark}",
                            share(d.reduced).unwrap_or("–".into())
                        ),
                    });
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
    super::plan_list::appendix(&mut s, r, lang);
    s
}

/// The heading of the daily accounting and what it counts toward the targets.
fn basis_note(s: &mut String, basis: Basis, lang: Lang) {
    let text = match (basis, lang) {
        (Basis::Listed, Lang::Zh) => {
            "### 逐日减排核算\n\n达标判断仅计清单企业的减排量（可通过用电监控、在线监测核查）；\
             交通、扬尘等管控措施的效果为措施库的假设值（未核实），以“估算”单列，不计入达标。\n"
        }
        (Basis::WithEstimates, Lang::Zh) => {
            "### 逐日减排核算\n\n达标判断计入清单企业的减排量与交通、扬尘等管控措施的估算效果\
             （措施库的假设值，未核实；本方案设定 targets.count_estimates）。\n"
        }
        (Basis::Listed, Lang::En) => {
            "### Daily reduction accounting\n\nTargets are checked on the listed enterprises' \
             reductions alone (verifiable through power use and online monitoring); the effects \
             of traffic, dust and other orders are the catalog's assumptions (UNVERIFIED), shown \
             apart as estimates and not counted.\n"
        }
        (Basis::WithEstimates, Lang::En) => {
            "### Daily reduction accounting\n\nTargets are checked on the listed enterprises' \
             reductions plus the estimated effects of the orders (the catalog's assumptions, \
             UNVERIFIED; this plan sets targets.count_estimates).\n"
        }
    };
    let _ = writeln!(s, "{text}");
}

/// The history of some warnings as a table, then their flags.
fn warnings_table(s: &mut String, warnings: &[&Warning], lang: Lang) {
    let zh = lang == Lang::Zh;
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
    for w in warnings {
        let area = w.area();
        for (i, ch) in w.changes.iter().enumerate() {
            // The issue row says when it was issued.
            let when = match (i, zh) {
                (0, true) => format!("{}（{} 发布）", t(ch.time), t(w.issued_at)),
                (0, false) => format!("{} (issued {})", t(ch.time), t(w.issued_at)),
                _ => t(ch.time),
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
                reason_text(&ch.reason, lang).replace('|', "/")
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
                flag_text(f, lang)
            );
        }
    }
    let _ = writeln!(s);
}

/// The city's pre-warning periods (不利气象条件应对 / 临时管控, below yellow; practice.md 2),
/// where the rule set enables them: not a colour warning, so the list's measures do not apply.
fn pre_warnings(s: &mut String, r: &Plan<'_>, city: &str, lang: Lang) {
    let Some(ci) = r.grid.cities.iter().position(|c| c.city == city) else {
        return;
    };
    let levels = &r.classification.levels[ci];
    let mut i = 0;
    let mut any = false;
    while i < levels.len() {
        if levels[i] != WarningLevel::Pre {
            i += 1;
            continue;
        }
        let a = i;
        while i < levels.len() && levels[i] == WarningLevel::Pre {
            i += 1;
        }
        let (from, to) = (
            r.grid.label(a) - chrono::TimeDelta::hours(1),
            r.grid.label(i - 1),
        );
        let _ = if lang == Lang::Zh {
            writeln!(
                s,
                "- 不利气象条件应对（临时管控）：{} → {}。不属于颜色预警，应急减排清单措施不执行；按本地不利气象条件应对方案加强监管。",
                t(from),
                t(to)
            )
        } else {
            writeln!(
                s,
                "- Pre-warning (temporary controls, 不利气象条件应对): {} -> {}. Not a colour warning: \
                 the list's measures do not apply; supervision is stepped up under the local plan.",
                t(from),
                t(to)
            )
        };
        any = true;
    }
    if any {
        let _ = writeln!(s);
    }
}

/// The health advisories given to an area instead of warnings (2024: O3-driven, dust …).
fn advisories(s: &mut String, r: &Plan<'_>, city: &str, county: Option<&str>, lang: Lang) {
    let zh = lang == Lang::Zh;
    let mut any = false;
    for a in r
        .classification
        .advisories
        .iter()
        .filter(|a| a.city == city && a.county.as_deref() == county)
    {
        if zh {
            let _ = writeln!(
                s,
                "- 健康提示（不启动预警）：{} → {}，{}；按空气质量本应为{}，AQI 最高 {}。",
                t(a.start),
                t(a.end),
                advisory_text(&a.reason, lang),
                level_name(a.level_otherwise, lang),
                a.max_aqi
            );
        } else {
            let _ = writeln!(
                s,
                "- Health advisory instead of a warning: {} -> {}, {}; the air alone would give {}, \
                 AQI up to {}.",
                t(a.start),
                t(a.end),
                advisory_text(&a.reason, lang),
                level_name(a.level_otherwise, lang),
                a.max_aqi
            );
        }
        any = true;
    }
    if any {
        let _ = writeln!(s);
    }
}
