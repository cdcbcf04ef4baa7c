//! One window's section of `report.md`: the seasonal baseline, the enterprises' measures
//! (counted by enterprise, the list's apart from the catalog's, tighten's additions with what
//! they replaced), the orders by sector, and a target the window cannot reach.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::plan::Lang;
use super::words::{kind_name, pct, tonnes};
use crate::emissions::Share;
use crate::measures::schedule::seasonal_share;
use crate::measures::{Action, OrderKind};
use crate::plan::Plan;

/// A line of a window's measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// A measure (the seasonal baseline, the industry counts, the transport rule).
    Item(String),
    /// A detail of the item before it (an enterprise tighten strengthened).
    Sub(String),
    /// The orders of one sector, in the city's wording.
    Orders(OrderKind, Vec<String>),
    /// A warning to the reader (a target the window cannot reach): its label, then the rest.
    Alert(&'static str, String),
}

/// The measures of one window, in Markdown.
pub(super) fn window_section(s: &mut String, r: &Plan<'_>, w: usize, lang: Lang) {
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    for l in window_lines(r, w, lang) {
        let _ = match l {
            Line::Item(t) => writeln!(s, "- {t}"),
            Line::Sub(t) => writeln!(s, "  - {t}"),
            Line::Orders(k, items) => writeln!(s, "- {}：{}", kind_name(k, lang), items.join(sep)),
            Line::Alert(label, rest) => writeln!(s, "- **{label}**{rest}"),
        };
    }
    let _ = writeln!(s);
}

/// The measures of one window, line by line.
pub(super) fn window_lines(r: &Plan<'_>, w: usize, lang: Lang) -> Vec<Line> {
    let mut out = Vec::new();
    let scn = r.scenario;
    let zh = lang == Lang::Zh;
    let acts: Vec<_> = r
        .schedule
        .actions
        .iter()
        .filter(|a| a.window == w)
        .collect();
    let win = &r.schedule.windows[w];
    let day = win.start.date();
    // Enterprises stopped for the season (错峰停产) have nothing to give: counted apart.
    let season_stopped = |e: &crate::measures::Enterprise| seasonal_share(e, day) == Share::ALL;
    // Enterprises, not rows: the rows of an enterprise's lines count once.
    let count = |f: &dyn Fn(&crate::measures::schedule::EnterpriseAction) -> bool| {
        let mut ids: Vec<&str> = acts
            .iter()
            .filter(|a| f(a) && !season_stopped(&scn.enterprises[a.enterprise]))
            .map(|a| scn.enterprises[a.enterprise].id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let catalog = |a: &crate::measures::schedule::EnterpriseAction| !a.added && !a.listed;
    let listed = count(&|a| a.listed && !a.added);
    let stopped = |a: &Action| matches!(a, Action::Stop | Action::Bank);
    let stop = count(&|a| catalog(a) && stopped(&a.action));
    let cut = count(&|a| catalog(a) && a.action.is_curtailment() && !stopped(&a.action));
    let vol = count(&|a| catalog(a) && matches!(a.action, Action::Voluntary));
    let prot = count(&|a| catalog(a) && matches!(a.action, Action::Protected | Action::MaxLoad(_)));
    let added = count(&|a| a.added);
    let seasonal = |stopped: bool| {
        let mut ids: Vec<&str> = scn
            .enterprises
            .iter()
            .filter(|e| e.city == win.city)
            .filter(|e| {
                let off = seasonal_share(e, day);
                off != Share(0) && (off == Share::ALL) == stopped
            })
            .map(|e| e.id.as_str())
            .collect();
        ids.dedup();
        ids.len()
    };
    let (season_stop, season_cut) = (seasonal(true), seasonal(false));
    if season_stop + season_cut > 0 {
        out.push(Line::Item(if zh {
            format!(
                "季节性管控（错峰生产）为基线：错峰停产 {season_stop} 家（不再计减排量），错峰限产 {season_cut} 家（只计超出错峰部分的减排）。"
            )
        } else {
            format!(
                "Seasonal controls (错峰) are the baseline: {season_stop} stopped for the season (no reduction credited), {season_cut} staggered (only the cut beyond the seasonal share credited)."
            )
        }));
    }
    out.push(Line::Item(if zh {
        format!(
            "工业源：{}停产或焖炉 {stop} 家，限产或停产工序 {cut} 家，自主减排 {vol} 家，保障类按核定负荷生产 {prot} 家{}（明细见 schedule.csv）。",
            if listed > 0 {
                format!("按应急减排清单（一厂一策）执行 {listed} 家；其余按措施目录：")
            } else {
                String::new()
            },
            if added > 0 {
                format!("；为达到减排目标加强措施 {added} 家（均在各行业可行范围内）")
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "Industry: {}{stop} stop production or bank, {cut} cut output or stop processes, {vol} reduce voluntarily, {prot} protected at their approved load{} (see schedule.csv).",
            if listed > 0 {
                format!(
                    "{listed} follow their own measures in the list (一厂一策); of the others, "
                )
            } else {
                String::new()
            },
            if added > 0 {
                format!("; {added} strengthened to meet the target (within each industry's limits)")
            } else {
                String::new()
            }
        )
    }));
    for a in acts.iter().filter(|a| a.added) {
        let e = &scn.enterprises[a.enterprise];
        let industry = scn.catalog.industry_label(&e.industry, zh);
        let grade = match e.grade.label() {
            g if g.is_ascii() && zh => format!("{g}级"),
            g => g.to_string(),
        };
        let d = match (&a.replaced, zh) {
            (Some(was), true) => format!(
                "{}（原措施：{}）",
                a.action.describe_zh(),
                was.describe_zh()
            ),
            (Some(was), false) => {
                format!("{} (was: {})", a.action.describe_en(), was.describe_en())
            }
            (None, true) => format!("{}（新增）", a.action.describe_zh()),
            (None, false) => format!("{} (added)", a.action.describe_en()),
        };
        out.push(Line::Sub(if zh {
            format!("{} {}（{}，{grade}）：{d}", e.id, e.name, industry)
        } else {
            format!("{} {} ({}, grade {grade}): {d}", e.id, e.name, industry)
        }));
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
        out.push(Line::Orders(k, items));
    }
    if let Some(t) = super::plan_list::transport_line(r, &acts, lang) {
        out.push(Line::Item(t));
    }
    if let Some(inf) = r.infeasible.iter().find(|i| i.window == w) {
        let short: Vec<String> = inf
            .short
            .iter()
            .map(|x| {
                let p = x.pollutant;
                let name = if zh { p.name_zh() } else { p.name() };
                let reached = pct(x.reached);
                let target = Share(x.target.min(u128::from(u32::MAX)) as u32);
                let missing = tonnes(x.missing);
                if zh {
                    format!("{name}达到 {reached}，目标 {target}，缺口 {missing:.2} t/d")
                } else {
                    format!("{name} reaches {reached} of {target}, {missing:.2} t/d short")
                }
            })
            .collect();
        out.push(if zh {
            Line::Alert(
                "减排目标无法达到",
                format!("：可调控企业用尽可行措施后，{}。", short.join("；")),
            )
        } else {
            Line::Alert(
                "Target infeasible",
                format!(
                    ": with every eligible enterprise at its feasible limit, {}.",
                    short.join("; ")
                ),
            )
        });
    }
    out
}
