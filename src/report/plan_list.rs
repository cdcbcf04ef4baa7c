//! The appendix of `report.md`: the emergency reduction list (一厂一策) as a bureau publishes
//! it, every row of the scenario's enterprises with its action at each colour level.

use std::fmt::Write as _;

use super::plan::Lang;
use super::words::level_name;
use crate::alert::WarningLevel;
use crate::measures::schedule::{EnterpriseAction, enterprise_action};
use crate::plan::Plan;

/// The transport rule of a window's listed enterprises (no 国四/国五 heavy trucks at
/// orange/red; practice.md 4, standards.md 6.3), once, with how many enterprises it binds.
pub(super) fn transport_line(
    r: &Plan<'_>,
    acts: &[&EnterpriseAction],
    lang: Lang,
) -> Option<String> {
    let rule = acts.iter().find_map(|a| a.transport.as_ref())?;
    let mut ids: Vec<&str> = acts
        .iter()
        .filter(|a| a.transport.is_some())
        .map(|a| r.scenario.enterprises[a.enterprise].id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let n = ids.len();
    Some(if lang == Lang::Zh {
        format!("清单企业运输：{}（{n} 家）", rule.measure)
    } else {
        let text = rule.measure_en.as_deref().unwrap_or(&rule.measure);
        format!("Listed enterprises' transport: {text} ({n} enterprises)")
    })
}

/// The heading of the appendix and the line under it.
pub(super) fn appendix_intro(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => (
            "附表：应急减排清单（一厂一策）",
            "各企业（生产线）在各级预警下的措施；标“（清单）”者为清单所列措施及其减排量，其余按措施目录。",
        ),
        Lang::En => (
            "Appendix: the emergency reduction list",
            "Each enterprise's (line's) measure at each level; \"(list)\" marks the list's own measure and reductions, the others are the catalog's.",
        ),
    }
}

/// A city's rows of the list as a table: the column titles, then per row (enterprise or line)
/// its id, name, line, industry, grade, seasonal control (when any row of the city has one)
/// and its action at each colour level of the rule set (the plain regime; 加严 variants are in
/// the windows), the list's own measure marked. `None` when the city has no rows.
pub(super) fn appendix_table(
    r: &Plan<'_>,
    city: &str,
    lang: Lang,
) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let scn = r.scenario;
    let zh = lang == Lang::Zh;
    let rows: Vec<&crate::measures::Enterprise> =
        scn.enterprises.iter().filter(|e| e.city == city).collect();
    if rows.is_empty() {
        return None;
    }
    let levels: Vec<WarningLevel> = scn
        .rules
        .levels
        .iter()
        .map(|l| l.level)
        .filter(|l| l.is_warning() && *l != WarningLevel::Blue)
        .collect();
    let mut head: Vec<String> = if zh {
        ["企业编号", "企业名称", "生产线", "行业", "绩效等级"]
    } else {
        ["Id", "Enterprise", "Line", "Industry", "Grade"]
    }
    .map(String::from)
    .to_vec();
    // The seasonal baseline (错峰) where the list or the scenario gives one.
    let seasonal = rows.iter().any(|e| e.seasonal.is_some());
    if seasonal {
        head.push(
            if zh {
                "错峰措施"
            } else {
                "Seasonal control"
            }
            .to_string(),
        );
    }
    head.extend(levels.iter().map(|l| level_name(*l, lang)));
    let table = rows
        .into_iter()
        .map(|e| {
            let mut cells = vec![
                e.id.clone(),
                e.name.clone(),
                e.part.clone().unwrap_or_default(),
                scn.catalog.industry_label(&e.industry, zh).to_string(),
                e.grade.label().to_string(),
            ];
            if seasonal {
                cells.push(match (&e.seasonal, zh) {
                    (Some(x), true) => x.describe_zh(),
                    (Some(x), false) => x.describe_en(),
                    (None, _) => String::new(),
                });
            }
            cells.extend(levels.iter().map(|&l| {
                let (a, listed) = enterprise_action(&scn.catalog, e, l, false);
                let text = if zh { a.describe_zh() } else { a.describe_en() };
                match (listed, zh) {
                    (true, true) => format!("{text}（清单）"),
                    (true, false) => format!("{text} (list)"),
                    _ => text,
                }
            }));
            cells
        })
        .collect();
    Some((head, table))
}

/// The appendix: the list's rows of every city ([`appendix_table`]).
pub(super) fn appendix(s: &mut String, r: &Plan<'_>, lang: Lang) {
    let scn = r.scenario;
    if scn.enterprises.is_empty() {
        return;
    }
    let (heading, intro) = appendix_intro(lang);
    let _ = writeln!(s, "## {heading}\n\n{intro}\n");
    for city in &scn.cities {
        let Some((head, rows)) = appendix_table(r, &city.name, lang) else {
            continue;
        };
        // The actions' texts are the last columns; a `|` in them would end the cell.
        let actions = head.len()
            - scn
                .rules
                .levels
                .iter()
                .filter(|l| l.level.is_warning() && l.level != WarningLevel::Blue)
                .count();
        let _ = writeln!(s, "### {}\n", city.name);
        let _ = writeln!(s, "| {} |", head.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
        for row in rows {
            let cells: Vec<String> = row
                .into_iter()
                .enumerate()
                .map(|(i, c)| if i >= actions { c.replace('|', "/") } else { c })
                .collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        let _ = writeln!(s);
    }
}
