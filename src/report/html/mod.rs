//! `report.html`: the plan of report.md as one printable page, in Chinese or English, with the
//! run's charts in place. One self-contained file: the charts are embedded as PNG data URIs,
//! the stylesheet is inline (`style.rs`), and the page holds no script and no address of any
//! other resource, so it opens and prints the same on a machine without network.
//!
//! The words are report.md's own (the same functions of `plan_md.rs`, `plan_window.rs` and
//! `plan_list.rs` give both), so the two never disagree; this module only lays them out: a
//! first page with the heading, the warnings to sign (the summary of plan.xlsx, with the lines
//! for the signature), the projection and the regions' charts, then one section per city
//! starting on a new printed page (`city.rs`). Nothing here computes a result.

mod city;
mod style;

use std::fmt::Write as _;

use base64::prelude::{BASE64_STANDARD, Engine as _};

use super::plan::Lang;
use super::plan_md;
use super::words::t;
use super::xlsx::level_fill;
use super::xlsx::plan::{met_text, summary_header, summary_rows};
use crate::alert::WarningLevel;
use crate::plan::Plan;
use crate::plot::Chart;

/// A chart of the run as drawn: its file name under `charts/`, its data and its PNG bytes.
#[derive(Clone, Copy, Debug)]
pub struct ChartImage<'a> {
    /// The file name (`timeline_太原.png`).
    pub file: &'a str,
    /// What it shows.
    pub chart: &'a Chart,
    /// The PNG file's bytes.
    pub png: &'a [u8],
}

impl ChartImage<'_> {
    /// The city a city's chart belongs to; `None` for a region's.
    fn city(&self) -> Option<&str> {
        match self.chart {
            Chart::Timeline(c) => Some(&c.city),
            Chart::Reductions(c) => Some(&c.city),
            Chart::Calendar(c) => Some(&c.city),
            Chart::StationMap(c) => Some(&c.city),
            Chart::Compliance(c) => Some(&c.city),
            Chart::RegionGrid(_) => None,
        }
    }

    fn title(&self) -> &str {
        self.chart.title()
    }
}

/// `text` with `& < > " '` as character references: safe in element content and in quoted
/// attribute values.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

/// Escaped text, the `[UNVERIFIED]` labels of report.md marked so that they stand out in print.
fn text(t: &str) -> String {
    escape(t).replace(
        "[UNVERIFIED]",
        "<span class=\"unverified\">[UNVERIFIED]</span>",
    )
}

/// The width and height a PNG's header gives (IHDR, the first chunk), if the bytes are a PNG.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let n = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((n(16), n(20)))
}

/// A chart as a figure: the image as a data URI, its title as text and caption.
pub(crate) fn figure(s: &mut String, c: &ChartImage<'_>) {
    let size = png_size(c.png).map_or(String::new(), |(w, h)| {
        format!(" width=\"{w}\" height=\"{h}\"")
    });
    let _ = writeln!(
        s,
        "<figure><img alt=\"{}\"{size} src=\"data:image/png;base64,{}\"><figcaption>{} \
         <span class=\"note\">(charts/{})</span></figcaption></figure>",
        escape(c.title()),
        BASE64_STANDARD.encode(c.png),
        escape(c.title()),
        escape(c.file)
    );
}

/// A level's name in a cell of its colour (white text on red and blue, as in plan.xlsx).
fn level_cell(level: WarningLevel, name: &str) -> String {
    match level_fill(level) {
        Some((rgb, white)) if level.is_active() => format!(
            "<td><span class=\"level\" style=\"background:#{rgb:06X};color:{}\">{}</span></td>",
            if white { "#FFF" } else { "#000" },
            escape(name)
        ),
        _ => format!("<td>{}</td>", escape(name)),
    }
}

/// A table: the header row, then rows of cells already rendered (`<td>…</td>`).
fn table(s: &mut String, class: &str, head: &[&str], rows: &[Vec<String>]) {
    let _ = write!(s, "<table class=\"{class}\"><thead><tr>");
    for h in head {
        let _ = write!(s, "<th>{}</th>", escape(h));
    }
    let _ = writeln!(s, "</tr></thead><tbody>");
    for r in rows {
        let _ = writeln!(s, "<tr>{}</tr>", r.concat());
    }
    let _ = writeln!(s, "</tbody></table>");
}

/// A plain cell.
fn td(t: &str) -> String {
    format!("<td>{}</td>", text(t))
}

/// A cell of a number or a time, kept on one line.
fn td_class(class: &str, t: &str) -> String {
    format!("<td class=\"{class}\">{}</td>", escape(t))
}

/// A list of lines, if there are any.
fn list(s: &mut String, class: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(s, "<ul class=\"{class}\">");
    for l in lines {
        let _ = write!(s, "<li>{}</li>", text(l));
    }
    let _ = writeln!(s, "</ul>");
}

/// `report.html` of a finished plan, in `lang`, with the run's charts: each city's timeline,
/// reductions and calendars in its section, the regions' grids on the first page, and any
/// other chart at the end, so that every chart is in the page once.
pub fn report_html(r: &Plan<'_>, lang: Lang, charts: &[ChartImage<'_>]) -> String {
    let zh = lang == Lang::Zh;
    let (h1, meta, notes) = plan_md::header_lines(r, lang);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>",
        if zh { "zh-CN" } else { "en" },
        escape(&h1),
        style::css()
    );
    let _ = writeln!(s, "<header class=\"cover\">\n<h1>{}</h1>", escape(&h1));
    for p in &meta {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", text(p));
    }
    for p in &notes {
        let _ = writeln!(s, "<p>{}</p>", text(p));
    }
    let _ = writeln!(s, "</header>");
    overview(&mut s, r, lang, charts);
    let mut placed = vec![false; charts.len()];
    for c in &r.scenario.cities {
        let mine: Vec<usize> = (0..charts.len())
            .filter(|&i| !placed[i] && charts[i].city() == Some(c.name.as_str()))
            .collect();
        let theirs: Vec<&ChartImage<'_>> = mine.iter().map(|&i| &charts[i]).collect();
        city::section(&mut s, r, &c.name, lang, &theirs);
        for i in mine {
            placed[i] = true;
        }
    }
    // Charts of no city of the scenario (none today): still shown, once.
    let rest: Vec<&ChartImage<'_>> = charts
        .iter()
        .zip(&placed)
        .filter(|(c, p)| !**p && c.city().is_some())
        .map(|(c, _)| c)
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(
            s,
            "<section class=\"city\" id=\"other-charts\">\n<h2>{}</h2>",
            if zh { "其他图表" } else { "Other charts" }
        );
        for c in rest {
            figure(&mut s, c);
        }
        let _ = writeln!(s, "</section>");
    }
    let _ = writeln!(
        s,
        "<footer>{}</footer>\n</body>\n</html>",
        if zh {
            "由 hazeplan 生成；表格与 report.md、各 CSV 文件一致，图表与 charts/ 中的文件一致。"
        } else {
            "Written by hazeplan; the tables are those of report.md and the CSV files, the charts \
             those of charts/."
        }
    );
    s
}

/// A count, empty for none.
fn counted(n: usize) -> String {
    if n > 0 { n.to_string() } else { String::new() }
}

/// The first page: every warning with its level, period and targets (the summary of
/// plan.xlsx) and the lines to sign, then the projection per city and the regions' charts.
fn overview(s: &mut String, r: &Plan<'_>, lang: Lang, charts: &[ChartImage<'_>]) {
    let zh = lang == Lang::Zh;
    let _ = writeln!(
        s,
        "<section class=\"overview\" id=\"overview\">\n<h2>{}</h2>",
        if zh { "预警汇总" } else { "Warnings" }
    );
    let rows: Vec<Vec<String>> = summary_rows(&r.classification.warnings, &r.accounting)
        .iter()
        .map(|w| {
            let (name, response) = if zh {
                (w.level.name_zh(), w.level.response_zh())
            } else {
                (w.level.id(), w.level.response_en())
            };
            vec![
                td(&w.id),
                td(&w.city),
                td(w.county.as_deref().unwrap_or("")),
                level_cell(w.level, name),
                td(response),
                td_class("time", &t(w.issued_at)),
                td_class("time", &t(w.start)),
                td_class("time", &t(w.end)),
                td_class(
                    "num",
                    &w.target_pct.map_or(String::new(), |x| x.to_string()),
                ),
                // Counts only where the warning has accounted days (as plan.xlsx leaves them).
                td_class("num", &counted(w.days)),
                td_class(
                    "num",
                    &if w.days > 0 {
                        w.days_met.to_string()
                    } else {
                        String::new()
                    },
                ),
                td(met_text(w, lang)),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", escape(plan_md::no_warning_text(lang)));
    } else {
        table(s, "summary", &summary_header(lang), &rows);
    }
    // The lines to sign, under the warnings they sign for (as on plan.xlsx's summary).
    let (officer, date) = if zh {
        ("值班员（签字）：", "日期：")
    } else {
        ("Duty officer (signature):", "Date:")
    };
    let _ = writeln!(
        s,
        "<div class=\"sign\"><div>{officer} <span></span></div><div>{date} <span></span></div></div>"
    );
    if let Some(p) = &r.projection {
        let _ = writeln!(
            s,
            "<h2>{}</h2>",
            if zh {
                "预计效果（重污染：AQI>200）"
            } else {
                "Projected effect (heavy pollution: AQI > 200)"
            }
        );
        let head: &[&str] = if zh {
            &[
                "城市",
                "重污染小时数（无措施 → 有措施）",
                "有措施区间（低-高）",
                "重污染天数",
                "AQI 峰值",
                "预警期间颗粒物降幅",
            ]
        } else {
            &[
                "City",
                "Heavy hours (baseline → with measures)",
                "Band (low-high)",
                "Heavy days",
                "Peak AQI",
                "PM cut during warnings",
            ]
        };
        let rows: Vec<Vec<String>> = p
            .cities
            .iter()
            .map(|c| {
                let x = &c.summary;
                vec![
                    td(&c.city),
                    td_class(
                        "num",
                        &format!(
                            "{} → {}",
                            x.heavy_hours_baseline, x.heavy_hours_controlled.1
                        ),
                    ),
                    td_class(
                        "num",
                        &format!(
                            "{}-{}",
                            x.heavy_hours_controlled.0, x.heavy_hours_controlled.2
                        ),
                    ),
                    td_class(
                        "num",
                        &format!("{} → {}", x.heavy_days_baseline, x.heavy_days_controlled),
                    ),
                    td_class(
                        "num",
                        &format!("{} → {}", x.peak_baseline, x.peak_controlled),
                    ),
                    td_class("num", &format!("{:.1}%", x.mean_reduction_pct)),
                ]
            })
            .collect();
        table(s, "projection", head, &rows);
        let _ = writeln!(
            s,
            "<p class=\"note\">{}</p>",
            escape(if zh {
                "线性源受体模型的估算（见 projection.csv、projection_summary.csv）。"
            } else {
                "Estimates of the linear source-receptor model (see projection.csv and \
                 projection_summary.csv)."
            })
        );
    }
    for c in charts.iter().filter(|c| c.city().is_none()) {
        figure(s, c);
    }
    let _ = writeln!(s, "</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("太原 1+30"), "太原 1+30");
    }

    #[test]
    fn unverified_labels_stand_out() {
        assert_eq!(
            text("区域 <x> [UNVERIFIED]"),
            "区域 &lt;x&gt; <span class=\"unverified\">[UNVERIFIED]</span>"
        );
    }

    #[test]
    fn png_size_reads_the_header() {
        let mut png = Vec::new();
        {
            let mut e = png::Encoder::new(&mut png, 3, 2);
            e.set_color(png::ColorType::Rgb);
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[0; 18]).unwrap();
        }
        assert_eq!(png_size(&png), Some((3, 2)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn level_cells_take_the_warning_colours() {
        assert_eq!(
            level_cell(WarningLevel::Red, "红色预警"),
            "<td><span class=\"level\" style=\"background:#E00000;color:#FFF\">红色预警</span></td>"
        );
        assert_eq!(level_cell(WarningLevel::None, ""), "<td></td>");
    }
}
