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
use crate::accounting::DayReduction;
use crate::alert::{Source, Warning, WarningLevel};
use crate::emissions::{Basis, EmissionPollutant};
use crate::measures::schedule::Window;
use crate::plan::Plan;

pub(super) fn source_name(s: Source, lang: Lang) -> &'static str {
    match (s, lang) {
        (Source::Local, Lang::Zh) => "本地预报",
        (Source::Regional, Lang::Zh) => "区域联动",
        (Source::Dispatch, Lang::Zh) => "省级调度令",
        (Source::Local, Lang::En) => "local forecast",
        (Source::Regional, Lang::En) => "regional linkage",
        (Source::Dispatch, Lang::En) => "provincial dispatch order",
    }
}

/// The heading of the plan (without `# `), the lines under it (rules and period, the issuing
/// authority and document) and the notes after them (tightening, shipped regions with the
/// status of their membership).
pub(super) fn header_lines(r: &Plan<'_>, lang: Lang) -> (String, Vec<String>, Vec<String>) {
    let scn = r.scenario;
    let zh = lang == Lang::Zh;
    let title = scn.title.clone().unwrap_or_else(|| scn.name.clone());
    let mut meta = Vec::new();
    let mut notes = Vec::new();
    let h1 = if zh {
        meta.push(format!(
            "预警规则：{}（{}）；时段：{} 至 {}。减排目标为全社会排放量的占比，按城市、污染物、日核算。",
            scn.rules.title, scn.rules.name, scn.period.0, scn.period.1
        ));
        format!("{title}：重污染天气应急响应方案")
    } else {
        meta.push(format!(
            "Warning rules: {} ({}); period {} to {}. Targets are shares of society-wide emissions, \
             accounted per city, pollutant and day.",
            scn.rules.title, scn.rules.name, scn.period.0, scn.period.1
        ));
        format!("{title}: heavy-pollution response plan")
    };
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
        meta.push(format!("{}{end}", heading.join(sep)));
    }
    match (r.tightened, zh) {
        (true, true) => notes.push(
            "目录措施不足以达到减排目标之处，已按“绩效等级低者优先、单位产值减排量大者优先”追加限产\
             （schedule.csv 中 added_to_meet_target 为 yes）。"
                .to_string(),
        ),
        (true, false) => notes.push(
            "Where the catalog measures fall short of a target, output cuts were added, lowest \
             grade first and most reduction per unit of lost output first (added_to_meet_target \
             = yes in schedule.csv)."
                .to_string(),
        ),
        _ => {}
    }
    // Regions taken from the shipped definitions, with the status of their membership.
    for reg in scn.regions.iter().filter(|x| x.source.is_some()) {
        notes.push(format!(
            "{} {}：{}",
            if zh { "区域" } else { "Region" },
            reg.name,
            reg.source.as_deref().unwrap_or_default()
        ));
    }
    (h1, meta, notes)
}

/// The projected effect in a city, if the plan has a projection of it.
pub(super) fn projection_text(r: &Plan<'_>, city: &str, lang: Lang) -> Option<String> {
    let p = r
        .projection
        .as_ref()?
        .cities
        .iter()
        .find(|c| c.city == city)?;
    let x = &p.summary;
    let nox_may_raise = r.projection.as_ref().is_some_and(|p| p.nox_may_raise);
    let text = if lang == Lang::Zh {
        format!(
            "预计效果（线性源受体模型，见 projection.csv）：预警期间颗粒物浓度平均{}约 {:.1}%；\
             重污染（AQI>200）小时数 {} → {}，重污染天数 {} → {}，AQI 峰值 {} → {}。\
             二次颗粒物的阻尼系数与组分为未经核实的假设 [UNVERIFIED]（docs/projection.md）。",
            if x.mean_reduction_pct < 0.0 {
                "上升"
            } else {
                "下降"
            },
            x.mean_reduction_pct.abs(),
            x.heavy_hours_baseline,
            x.heavy_hours_controlled.1,
            x.heavy_days_baseline,
            x.heavy_days_controlled,
            x.peak_baseline,
            x.peak_controlled
        )
    } else {
        format!(
            "Projected effect (linear source-receptor model, see projection.csv): particulates \
             about {:.1}% {} during the warnings; heavy-pollution (AQI > 200) hours {} -> {}, \
             days {} -> {}, peak AQI {} -> {}. The damping and composition of the secondary \
             part are assumptions [UNVERIFIED] (docs/projection.md).",
            x.mean_reduction_pct.abs(),
            if x.mean_reduction_pct < 0.0 {
                "higher"
            } else {
                "lower"
            },
            x.heavy_hours_baseline,
            x.heavy_hours_controlled.1,
            x.heavy_days_baseline,
            x.heavy_days_controlled,
            x.peak_baseline,
            x.peak_controlled
        )
    };
    // A negative NOx response (docs/projection.md) can make the measures raise nitrate and O3;
    // the band shows the first, the model leaves O3 out, and the reader must know both.
    Some(match (nox_may_raise, lang) {
        (false, _) => text,
        (true, Lang::Zh) => format!(
            "{text}冬季 NOx 减排可能使硝酸盐上升（nox_response 区间低端为负，已计入 \
             controlled_aqi_low/high 区间），臭氧可能上升，本模型未计算臭氧。"
        ),
        (true, Lang::En) => format!(
            "{text} Winter NOx cuts may raise nitrate (nox_response reaches below 0; the \
             controlled_aqi_low/high band includes it) and O3, which the model does not compute."
        ),
    })
}

/// What a city without a warning gets.
pub(super) fn no_warning_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "本时段无预警。",
        Lang::En => "No warning in the period.",
    }
}

/// The heading of a county's own warnings.
pub(super) fn county_title(county: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{county}（区县预警）"),
        Lang::En => format!("{county} (county warnings)"),
    }
}

/// The note after a city's county warnings.
pub(super) fn county_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "注：区县预警单独列出；下列企业与行业措施仍按城市预警级别安排。",
        Lang::En => {
            "Note: county warnings are listed on their own; the enterprise and sector \
             measures below still follow the city's level."
        }
    }
}

/// The heading of a measure window: its period and level.
pub(super) fn window_title(win: &Window, lang: Lang) -> String {
    format!(
        "{} → {}: {}{}",
        t(win.start),
        t(win.end),
        level_name(win.level, lang),
        match (win.stricter, lang == Lang::Zh) {
            (true, true) => "（加严措施）",
            (true, false) => " (stricter measures)",
            _ => "",
        }
    )
}

/// A city's accounted days, in date order, each with its rows (one per pollutant).
pub(super) fn city_days<'a>(
    r: &'a Plan<'_>,
    city: &str,
) -> Vec<(NaiveDate, Vec<&'a DayReduction>)> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&DayReduction>> = BTreeMap::new();
    for d in r.accounting.days.iter().filter(|d| d.city == city) {
        by_day.entry(d.date).or_default().push(d);
    }
    by_day.into_iter().collect()
}

/// The column titles of the daily accounting.
pub(super) fn day_header(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "日期",
            "预警",
            "二氧化硫",
            "氮氧化物",
            "颗粒物",
            "挥发性有机物",
        ],
        Lang::En => ["Date", "Warning", "SO2", "NOx", "PM", "VOCs"],
    }
}

/// A day's cell of each pollutant (in [`EmissionPollutant::ALL`] order) and whether its target
/// is met (`None`: no row for the pollutant).
pub(super) fn day_cells(rows: &[&DayReduction], lang: Lang) -> Vec<(String, Option<bool>)> {
    let zh = lang == Lang::Zh;
    let mut cells = Vec::new();
    for p in EmissionPollutant::ALL {
        let Some(d) = rows.iter().find(|d| d.pollutant == p) else {
            cells.push((String::new(), None));
            continue;
        };
        // Rounded for reading (reductions.csv keeps the exact values); the mark is decided on
        // the exact values.
        let inv = u128::from(d.inventory.micro());
        let share = |x: u128| (inv > 0).then(|| pct(crate::units::round_half_even_u128(x, inv)));
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
        cells.push((
            match d.basis {
                Basis::Listed => format!("{listed} / {target} {mark}（+{estimated}）"),
                Basis::WithEstimates => format!(
                    "{listed} + {estimated} = {} / {target} {mark}",
                    share(d.reduced).unwrap_or("–".into())
                ),
            },
            Some(d.met),
        ));
    }
    cells
}

/// A table in Markdown: the header, the rule, the rows.
fn md_table(s: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(
        s,
        "| {} |\n|{}",
        head.join(" | "),
        "---|".repeat(head.len())
    );
    for r in rows {
        let _ = writeln!(s, "| {} |", r.join(" | "));
    }
}

/// `report.md`.
pub fn report_md(r: &Plan<'_>, lang: Lang) -> String {
    let scn = r.scenario;
    let mut s = String::new();
    let (h1, meta, notes) = header_lines(r, lang);
    let _ = writeln!(s, "# {h1}\n");
    for p in meta.iter().chain(&notes) {
        let _ = writeln!(s, "{p}\n");
    }
    for city in &scn.cities {
        let name = city.name.as_str();
        let warnings: Vec<_> = r
            .classification
            .warnings
            .iter()
            .filter(|w| w.city == name)
            .collect();
        let _ = writeln!(s, "## {name}\n");
        if let Some(p) = projection_text(r, name, lang) {
            let _ = writeln!(s, "{p}\n");
        }
        let own: Vec<&Warning> = warnings
            .iter()
            .copied()
            .filter(|w| w.county.is_none())
            .collect();
        if own.is_empty() {
            let _ = writeln!(s, "{}\n", no_warning_text(lang));
        } else {
            warnings_table(&mut s, &own, lang);
        }
        md_list(&mut s, &pre_warning_lines(r, name, lang));
        md_list(&mut s, &advisory_lines(r, name, None, lang));
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
            let _ = writeln!(s, "### {}\n", county_title(&k.name, lang));
            warnings_table(&mut s, &theirs, lang);
            md_list(&mut s, &advisory_lines(r, name, Some(&k.name), lang));
        }
        if warnings.iter().any(|w| w.county.is_some()) {
            let _ = writeln!(s, "{}\n", county_note(lang));
        }
        for (w_idx, win) in r
            .schedule
            .windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.city == name)
        {
            let _ = writeln!(s, "### {}\n", window_title(win, lang));
            super::plan_window::window_section(&mut s, r, w_idx, lang);
        }
        // Day by day accounting.
        let days = city_days(r, name);
        if !days.is_empty() {
            let (heading, note) = basis_text(r.accounting.basis, lang);
            let _ = writeln!(s, "### {heading}\n\n{note}\n");
            let rows: Vec<Vec<String>> = days
                .iter()
                .map(|(date, rows)| {
                    let mut cells = vec![date.to_string(), level_name(rows[0].level, lang)];
                    cells.extend(day_cells(rows, lang).into_iter().map(|(c, _)| c));
                    cells
                })
                .collect();
            md_table(&mut s, &day_header(lang), &rows);
            let _ = writeln!(s);
        }
    }
    super::plan_list::appendix(&mut s, r, lang);
    s
}

/// Lines as a Markdown list, then a blank line (nothing without lines).
fn md_list(s: &mut String, lines: &[String]) {
    for l in lines {
        let _ = writeln!(s, "- {l}");
    }
    if !lines.is_empty() {
        let _ = writeln!(s);
    }
}

/// The heading of the daily accounting and what it counts toward the targets.
pub(super) fn basis_text(basis: Basis, lang: Lang) -> (&'static str, &'static str) {
    match (basis, lang) {
        (Basis::Listed, Lang::Zh) => (
            "逐日减排核算",
            "达标判断仅计清单企业的减排量（可通过用电监控、在线监测核查）；\
             交通、扬尘等管控措施的效果为措施库的假设值（未核实），以“估算”单列，不计入达标。",
        ),
        (Basis::WithEstimates, Lang::Zh) => (
            "逐日减排核算",
            "达标判断计入清单企业的减排量与交通、扬尘等管控措施的估算效果\
             （措施库的假设值，未核实；本方案设定 targets.count_estimates）。",
        ),
        (Basis::Listed, Lang::En) => (
            "Daily reduction accounting",
            "Targets are checked on the listed enterprises' \
             reductions alone (verifiable through power use and online monitoring); the effects \
             of traffic, dust and other orders are the catalog's assumptions (UNVERIFIED), shown \
             apart as estimates and not counted.",
        ),
        (Basis::WithEstimates, Lang::En) => (
            "Daily reduction accounting",
            "Targets are checked on the listed enterprises' \
             reductions plus the estimated effects of the orders (the catalog's assumptions, \
             UNVERIFIED; this plan sets targets.count_estimates).",
        ),
    }
}

/// The column titles of a warnings table.
pub(super) fn warning_header(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["区域", "变化", "时间", "预警级别", "来源", "依据"],
        Lang::En => ["Area", "Change", "Time", "Level", "Source", "Basis"],
    }
}

/// The history of some warnings, a row per change: the level it is at, and the cells (area,
/// change, time, level, source, reason).
pub(super) fn warning_rows(warnings: &[&Warning], lang: Lang) -> Vec<(WarningLevel, [String; 6])> {
    let zh = lang == Lang::Zh;
    let mut rows = Vec::new();
    for w in warnings {
        let area = w.area();
        for (i, ch) in w.changes.iter().enumerate() {
            // The issue row says when it was issued.
            let when = match (i, zh) {
                (0, true) => format!("{}（{} 发布）", t(ch.time), t(w.issued_at)),
                (0, false) => format!("{} (issued {})", t(ch.time), t(w.issued_at)),
                _ => t(ch.time),
            };
            rows.push((
                ch.level,
                [
                    area.clone(),
                    if zh { ch.kind.name_zh() } else { ch.kind.id() }.to_string(),
                    when,
                    if ch.level.is_active() {
                        level_name(ch.level, lang)
                    } else {
                        String::new()
                    },
                    source_name(ch.source, lang).to_string(),
                    reason_text(&ch.reason, lang),
                ],
            ));
        }
    }
    rows
}

/// The flags of some warnings, a line each.
pub(super) fn flag_lines(warnings: &[&Warning], lang: Lang) -> Vec<String> {
    warnings
        .iter()
        .flat_map(|w| {
            w.flags.iter().map(move |f| {
                format!(
                    "{} {}: {}",
                    if lang == Lang::Zh {
                        "⚠ 提示"
                    } else {
                        "⚠ Flag"
                    },
                    w.area(),
                    flag_text(f, lang)
                )
            })
        })
        .collect()
}

/// The history of some warnings as a table, then their flags.
fn warnings_table(s: &mut String, warnings: &[&Warning], lang: Lang) {
    let rows: Vec<Vec<String>> = warning_rows(warnings, lang)
        .into_iter()
        .map(|(_, mut cells)| {
            cells[5] = cells[5].replace('|', "/");
            cells.to_vec()
        })
        .collect();
    md_table(s, &warning_header(lang), &rows);
    let flags = flag_lines(warnings, lang);
    if !flags.is_empty() {
        let _ = writeln!(s);
        for f in flags {
            let _ = writeln!(s, "- {f}");
        }
    }
    let _ = writeln!(s);
}

/// The city's pre-warning periods (不利气象条件应对 / 临时管控, below yellow; practice.md 2),
/// where the rule set enables them: not a colour warning, so the list's measures do not apply.
pub(super) fn pre_warning_lines(r: &Plan<'_>, city: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let Some(ci) = r.grid.cities.iter().position(|c| c.city == city) else {
        return out;
    };
    let levels = &r.classification.levels[ci];
    let mut i = 0;
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
        out.push(if lang == Lang::Zh {
            format!(
                "不利气象条件应对（临时管控）：{} → {}。不属于颜色预警，应急减排清单措施不执行；按本地不利气象条件应对方案加强监管。",
                t(from),
                t(to)
            )
        } else {
            format!(
                "Pre-warning (temporary controls, 不利气象条件应对): {} -> {}. Not a colour warning: \
                 the list's measures do not apply; supervision is stepped up under the local plan.",
                t(from),
                t(to)
            )
        });
    }
    out
}

/// The health advisories given to an area instead of warnings (2024: O3-driven, dust …).
pub(super) fn advisory_lines(
    r: &Plan<'_>,
    city: &str,
    county: Option<&str>,
    lang: Lang,
) -> Vec<String> {
    r.classification
        .advisories
        .iter()
        .filter(|a| a.city == city && a.county.as_deref() == county)
        .map(|a| {
            if lang == Lang::Zh {
                format!(
                    "健康提示（不启动预警）：{} → {}，{}；按空气质量本应为{}，AQI 最高 {}。",
                    t(a.start),
                    t(a.end),
                    advisory_text(&a.reason, lang),
                    level_name(a.level_otherwise, lang),
                    a.max_aqi
                )
            } else {
                format!(
                    "Health advisory instead of a warning: {} -> {}, {}; the air alone would give {}, \
                     AQI up to {}.",
                    t(a.start),
                    t(a.end),
                    advisory_text(&a.reason, lang),
                    level_name(a.level_otherwise, lang),
                    a.max_aqi
                )
            }
        })
        .collect()
}
