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
pub(super) fn transport_line(s: &mut String, r: &Plan<'_>, acts: &[&EnterpriseAction], lang: Lang) {
    let Some(rule) = acts.iter().find_map(|a| a.transport.as_ref()) else {
        return;
    };
    let mut ids: Vec<&str> = acts
        .iter()
        .filter(|a| a.transport.is_some())
        .map(|a| r.scenario.enterprises[a.enterprise].id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let n = ids.len();
    let _ = if lang == Lang::Zh {
        writeln!(s, "- 清单企业运输：{}（{n} 家）", rule.measure)
    } else {
        let text = rule.measure_en.as_deref().unwrap_or(&rule.measure);
        writeln!(
            s,
            "- Listed enterprises' transport: {text} ({n} enterprises)"
        )
    };
}

/// The appendix: every row of the list and its action at each colour level of the rule set
/// (the plain regime; 加严 variants are in the windows above), the list's own measure marked.
pub(super) fn appendix(s: &mut String, r: &Plan<'_>, lang: Lang) {
    let scn = r.scenario;
    if scn.enterprises.is_empty() {
        return;
    }
    let zh = lang == Lang::Zh;
    let levels: Vec<WarningLevel> = scn
        .rules
        .levels
        .iter()
        .map(|l| l.level)
        .filter(|l| l.is_warning() && *l != WarningLevel::Blue)
        .collect();
    let names: Vec<String> = levels.iter().map(|l| level_name(*l, lang)).collect();
    if zh {
        let _ = writeln!(
            s,
            "## 附表：应急减排清单（一厂一策）\n\n各企业（生产线）在各级预警下的措施；标“（清单）”者为清单所列措施及其减排量，其余按措施目录。\n"
        );
    } else {
        let _ = writeln!(
            s,
            "## Appendix: the emergency reduction list\n\nEach enterprise's (line's) measure at each level; \"(list)\" marks the list's own measure and reductions, the others are the catalog's.\n"
        );
    }
    for city in &scn.cities {
        let rows: Vec<&crate::measures::Enterprise> = scn
            .enterprises
            .iter()
            .filter(|e| e.city == city.name)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {}\n", city.name);
        let mut head = if zh {
            vec!["企业编号", "企业名称", "生产线", "行业", "绩效等级"]
        } else {
            vec!["Id", "Enterprise", "Line", "Industry", "Grade"]
        };
        // The seasonal baseline (错峰) where the list or the scenario gives one.
        let seasonal = rows.iter().any(|e| e.seasonal.is_some());
        if seasonal {
            head.push(if zh {
                "错峰措施"
            } else {
                "Seasonal control"
            });
        }
        let _ = writeln!(s, "| {} | {} |", head.join(" | "), names.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(head.len() + names.len()));
        for e in rows {
            let cells: Vec<String> = levels
                .iter()
                .map(|&l| {
                    let (a, listed) = enterprise_action(&scn.catalog, e, l, false);
                    let text = if zh { a.describe_zh() } else { a.describe_en() };
                    match (listed, zh) {
                        (true, true) => format!("{text}（清单）"),
                        (true, false) => format!("{text} (list)"),
                        _ => text,
                    }
                    .replace('|', "/")
                })
                .collect();
            let season = match (&e.seasonal, seasonal, zh) {
                (_, false, _) => String::new(),
                (Some(x), true, true) => format!("{} | ", x.describe_zh()),
                (Some(x), true, false) => format!("{} | ", x.describe_en()),
                (None, true, _) => " | ".to_string(),
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {season}{} |",
                e.id,
                e.name,
                e.part.as_deref().unwrap_or(""),
                e.industry,
                e.grade.label(),
                cells.join(" | ")
            );
        }
        let _ = writeln!(s);
    }
}
