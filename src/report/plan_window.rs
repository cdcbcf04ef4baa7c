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

/// The measures of one window.
pub(super) fn window_section(s: &mut String, r: &Plan<'_>, w: usize, lang: Lang) {
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
        let _ = if zh {
            writeln!(
                s,
                "- 季节性管控（错峰生产）为基线：错峰停产 {season_stop} 家（不再计减排量），错峰限产 {season_cut} 家（只计超出错峰部分的减排）。"
            )
        } else {
            writeln!(
                s,
                "- Seasonal controls (错峰) are the baseline: {season_stop} stopped for the season (no reduction credited), {season_cut} staggered (only the cut beyond the seasonal share credited)."
            )
        };
    }
    if zh {
        let _ = writeln!(
            s,
            "- 工业源：{}停产或焖炉 {stop} 家，限产或停产工序 {cut} 家，自主减排 {vol} 家，保障类按核定负荷生产 {prot} 家{}（明细见 schedule.csv）。",
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
        );
    } else {
        let _ = writeln!(
            s,
            "- Industry: {}{stop} stop production or bank, {cut} cut output or stop processes, {vol} reduce voluntarily, {prot} protected at their approved load{} (see schedule.csv).",
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
        );
    }
    for a in acts.iter().filter(|a| a.added) {
        let e = &scn.enterprises[a.enterprise];
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
    super::plan_list::transport_line(s, r, &acts, lang);
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
        if zh {
            let _ = writeln!(
                s,
                "- **减排目标无法达到**：可调控企业用尽可行措施后，{}。",
                short.join("；")
            );
        } else {
            let _ = writeln!(
                s,
                "- **Target infeasible**: with every eligible enterprise at its feasible limit, {}.",
                short.join("; ")
            );
        }
    }
    let _ = writeln!(s);
}
