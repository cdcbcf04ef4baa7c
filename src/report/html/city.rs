//! One city's section of `report.html`, from a new printed page: the projected effect, the
//! warnings with their history, reasons and flags (the city's and each county's), the
//! pre-warnings and health advisories, each window's measures and orders, the day-by-day
//! accounting against the targets, the city's charts in place, and its rows of the emergency
//! reduction list (一厂一策).

use std::fmt::Write as _;

use super::{ChartImage, escape, figure, level_cell, list, table, td, td_class, text};
use crate::alert::Warning;
use crate::plan::Plan;
use crate::plot::Chart;
use crate::report::plan::Lang;
use crate::report::plan_window::{Line, window_lines};
use crate::report::{plan_list, plan_md};

/// An `id` attribute for a city's section: its name as it is (HTML 5 allows any characters
/// but spaces), spaces as `_`.
fn anchor(city: &str) -> String {
    format!(
        "city-{}",
        escape(&city.replace(|c: char| c.is_whitespace(), "_"))
    )
}

/// The section of `city`, with its `charts`.
pub(super) fn section(
    s: &mut String,
    r: &Plan<'_>,
    city: &str,
    lang: Lang,
    charts: &[&ChartImage<'_>],
) {
    let zh = lang == Lang::Zh;
    let of = |f: fn(&Chart) -> bool| charts.iter().filter(move |c| f(c.chart));
    let _ = writeln!(
        s,
        "<section class=\"city\" id=\"{}\">\n<h2>{}</h2>",
        anchor(city),
        escape(city)
    );
    if let Some(p) = plan_md::projection_text(r, city, lang) {
        let _ = writeln!(s, "<p>{}</p>", text(&p));
    }
    for c in of(|c| matches!(c, Chart::Timeline(_))) {
        figure(s, c);
    }
    let warnings: Vec<&Warning> = r
        .classification
        .warnings
        .iter()
        .filter(|w| w.city == city)
        .collect();
    let own: Vec<&Warning> = warnings
        .iter()
        .copied()
        .filter(|w| w.county.is_none())
        .collect();
    let _ = writeln!(
        s,
        "<h3>{}</h3>",
        if zh {
            "预警及其变更"
        } else {
            "Warnings and their history"
        }
    );
    if own.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", escape(plan_md::no_warning_text(lang)));
    } else {
        warnings_table(s, &own, lang);
    }
    list(s, "pre", &plan_md::pre_warning_lines(r, city, lang));
    list(
        s,
        "advisories",
        &plan_md::advisory_lines(r, city, None, lang),
    );
    if let Some(c) = r.scenario.cities.iter().find(|c| c.name == city) {
        for k in &c.counties {
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
                "<h3>{}</h3>",
                escape(&plan_md::county_title(&k.name, lang))
            );
            warnings_table(s, &theirs, lang);
            list(
                s,
                "advisories",
                &plan_md::advisory_lines(r, city, Some(&k.name), lang),
            );
        }
    }
    if warnings.iter().any(|w| w.county.is_some()) {
        let _ = writeln!(
            s,
            "<p class=\"note\">{}</p>",
            escape(plan_md::county_note(lang))
        );
    }
    measures(s, r, city, lang);
    reductions(s, r, city, lang);
    for c in of(|c| matches!(c, Chart::Reductions(_))) {
        figure(s, c);
    }
    for c in of(|c| matches!(c, Chart::Calendar(_))) {
        figure(s, c);
    }
    if let Some((head, rows)) = plan_list::appendix_table(r, city, lang) {
        let (heading, intro) = plan_list::appendix_intro(lang);
        let _ = writeln!(
            s,
            "<h3 class=\"list\">{}</h3>\n<p class=\"note\">{}</p>",
            escape(heading),
            escape(intro)
        );
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| td(c)).collect())
            .collect();
        table(s, "schedule", &head, &rows);
    }
    let _ = writeln!(s, "</section>");
}

/// Warnings' history as a table (level cells coloured), then their flags.
fn warnings_table(s: &mut String, warnings: &[&Warning], lang: Lang) {
    let rows: Vec<Vec<String>> = plan_md::warning_rows(warnings, lang)
        .into_iter()
        .map(|(level, [area, change, when, name, source, reason])| {
            vec![
                td(&area),
                td(&change),
                td(&when),
                level_cell(level, &name),
                td(&source),
                td(&reason),
            ]
        })
        .collect();
    table(s, "warnings", &plan_md::warning_header(lang), &rows);
    list(s, "flag", &plan_md::flag_lines(warnings, lang));
}

/// Each window of the city: its heading, the enterprises' measures as a list, the orders as a
/// table by sector, and a target the window cannot reach.
fn measures(s: &mut String, r: &Plan<'_>, city: &str, lang: Lang) {
    let zh = lang == Lang::Zh;
    let windows: Vec<usize> = (0..r.schedule.windows.len())
        .filter(|&w| r.schedule.windows[w].city == city)
        .collect();
    if windows.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<h3>{}</h3>",
        if zh { "应急减排措施" } else { "Measures" }
    );
    for w in windows {
        let _ = writeln!(
            s,
            "<h4>{}</h4>",
            escape(&plan_md::window_title(&r.schedule.windows[w], lang))
        );
        let lines = window_lines(r, w, lang);
        // Each item with the sub-items that follow it (tighten's additions under the
        // industry line).
        let mut items: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut orders = Vec::new();
        let mut alerts = String::new();
        for l in &lines {
            match l {
                Line::Item(t) => items.push((t, Vec::new())),
                Line::Sub(t) => match items.last_mut() {
                    Some((_, subs)) => subs.push(t),
                    None => items.push((t, Vec::new())),
                },
                Line::Orders(kind, texts) => orders.push(vec![
                    td(super::super::words::kind_name(*kind, lang)),
                    format!(
                        "<td>{}</td>",
                        texts
                            .iter()
                            .map(|t| text(t))
                            .collect::<Vec<_>>()
                            .join("<br>")
                    ),
                ]),
                Line::Alert(label, rest) => {
                    let _ = write!(
                        alerts,
                        "<p class=\"alert\">{}{}</p>",
                        escape(label),
                        text(rest)
                    );
                }
            }
        }
        if !items.is_empty() {
            let _ = write!(s, "<ul class=\"measures\">");
            for (item, subs) in items {
                let _ = write!(s, "<li>{}", text(item));
                if !subs.is_empty() {
                    let _ = write!(s, "<ul>");
                    for sub in subs {
                        let _ = write!(s, "<li>{}</li>", text(sub));
                    }
                    let _ = write!(s, "</ul>");
                }
                let _ = write!(s, "</li>");
            }
            let _ = writeln!(s, "</ul>");
        }
        if !orders.is_empty() {
            let head: [&str; 2] = if zh {
                ["类别", "管控措施"]
            } else {
                ["Kind", "Orders"]
            };
            table(s, "orders", &head, &orders);
        }
        if !alerts.is_empty() {
            let _ = writeln!(s, "{alerts}");
        }
    }
}

/// The day-by-day accounting against the targets.
fn reductions(s: &mut String, r: &Plan<'_>, city: &str, lang: Lang) {
    let days = plan_md::city_days(r, city);
    if days.is_empty() {
        return;
    }
    let (heading, note) = plan_md::basis_text(r.accounting.basis, lang);
    let _ = writeln!(
        s,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>",
        escape(heading),
        text(note)
    );
    let rows: Vec<Vec<String>> = days
        .iter()
        .map(|(date, rows)| {
            let level = rows[0].level;
            let mut cells = vec![
                td_class("time", &date.to_string()),
                level_cell(level, &super::super::words::level_name(level, lang)),
            ];
            for (cell, met) in plan_md::day_cells(rows, lang) {
                cells.push(match met {
                    Some(true) => format!("<td class=\"met\">{}</td>", escape(&cell)),
                    Some(false) => format!("<td class=\"short\">{}</td>", escape(&cell)),
                    None => td(&cell),
                });
            }
            cells
        })
        .collect();
    table(s, "reductions", &plan_md::day_header(lang), &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_keep_chinese_names_and_lose_spaces() {
        assert_eq!(anchor("临汾"), "city-临汾");
        assert_eq!(anchor("a b\"c"), "city-a_b&quot;c");
    }

    #[test]
    fn a_city_of_the_tightened_example() {
        let scn = crate::scenario::load(std::path::Path::new("scenarios/fenhe-valley-winter.yaml"))
            .unwrap();
        let plan = crate::plan(&scn, &crate::PlanOptions::default()).unwrap();
        let mut s = String::new();
        section(&mut s, &plan, "临汾", Lang::Zh, &[]);
        assert!(s.starts_with("<section class=\"city\" id=\"city-临汾\">\n<h2>临汾</h2>\n"));
        assert!(s.trim_end().ends_with("</section>"));
        assert!(!s.contains("<figure>"));
        // tighten's additions nest under the industry line, closed in order.
        assert!(s.contains("<li>工业源："), "{s}");
        assert!(s.contains("<ul><li>E"), "{s}");
        assert_eq!(s.matches("<li>").count(), s.matches("</li>").count());
        assert_eq!(s.matches("<ul").count(), s.matches("</ul>").count());
        // An unreachable target, its label in bold as in report.md.
        assert!(s.contains("<p class=\"alert\">减排目标无法达到：可调控企业用尽可行措施后，"));
        // The orders by sector, the accounting with its marks, the list.
        assert!(s.contains("<table class=\"orders\"><thead><tr><th>类别</th><th>管控措施</th>"));
        assert!(s.contains("<td class=\"met\">") && s.contains("<td class=\"short\">"));
        assert!(s.contains("<table class=\"schedule\">"));
    }
}
