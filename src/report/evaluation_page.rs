//! The summary evaluation inside the issued report (issue #15: "report section in
//! report.md/html when those exist"). The run folder is the plan as issued, an audit record,
//! so `hazeplan evaluate` never changes it: it writes `evaluation/report.md` (the run's
//! report.md, then the 总结评估 section of `evaluation.md`) and `evaluation/report.html` (the
//! run's report.html with the same section before its footer, the evaluation's charts
//! embedded as PNG data URIs, no script, no address of any other resource).
//!
//! The section's words are `evaluation.md`'s own: the HTML is laid out from that Markdown
//! (headings, paragraphs, pipe tables, `**bold**` and image lines, the only forms
//! [`super::evaluation_text`] writes), so the two never disagree. Nothing here computes.

use std::fmt::Write as _;

use super::html::{ChartImage, escape, figure};

/// `evaluation/report.md`: the issued report, then the section.
pub fn report_md(issued: &str, section: &str) -> String {
    let mut s = issued.trim_end().to_string();
    s += "\n\n";
    s += section;
    s
}

/// `evaluation/report.html`: the issued page with the section (as HTML, its charts embedded)
/// before its footer. The issued charts' captions are pointed at `run_charts` (the run
/// folder's `charts/` seen from the evaluation folder), as the evaluation's own `charts/`
/// holds only its charts.
pub fn report_html(
    issued: &str,
    section: &str,
    charts: &[ChartImage<'_>],
    run_charts: &str,
) -> String {
    let issued = issued.replace(
        "<span class=\"note\">(charts/",
        &format!("<span class=\"note\">({}", escape(run_charts)),
    );
    let body = section_html(section, charts);
    let at = issued
        .rfind("<footer>")
        .or_else(|| issued.rfind("</body>"))
        .unwrap_or(issued.len());
    format!("{}{body}{}", &issued[..at], &issued[at..])
}

/// Escaped text with `**bold**` as `<strong>` and the UNVERIFIED labels marked as report.html
/// marks them.
fn inline(t: &str) -> String {
    let mut s = String::new();
    for (i, part) in escape(t).split("**").enumerate() {
        if i % 2 == 1 {
            let _ = write!(s, "<strong>{part}</strong>");
        } else {
            s += part;
        }
    }
    s.replace("UNVERIFIED", "<span class=\"unverified\">UNVERIFIED</span>")
}

fn cells(line: &str) -> Vec<&str> {
    let t = line.trim().trim_start_matches('|').trim_end_matches('|');
    t.split('|').map(str::trim).collect()
}

/// The section as HTML: a `<section class="city evaluation">` (a new printed page, as a city's
/// section).
pub fn section_html(md: &str, charts: &[ChartImage<'_>]) -> String {
    let mut s = String::from("<section class=\"city evaluation\" id=\"evaluation\">\n");
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(h) = line.strip_prefix("### ") {
            let _ = writeln!(s, "<h3>{}</h3>", inline(h));
        } else if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(s, "<h2>{}</h2>", inline(h));
        } else if line.starts_with('|') {
            let start = i;
            while i + 1 < lines.len() && lines[i + 1].starts_with('|') {
                i += 1;
            }
            s += "<table class=\"evaluation\">\n<thead><tr>";
            for c in cells(lines[start]) {
                let _ = write!(s, "<th>{}</th>", inline(c));
            }
            s += "</tr></thead>\n<tbody>\n";
            // The second line is the Markdown separator (`|---|`).
            for row in &lines[(start + 2).min(i + 1)..=i] {
                s += "<tr>";
                for c in cells(row) {
                    let _ = write!(s, "<td>{}</td>", inline(c));
                }
                s += "</tr>\n";
            }
            s += "</tbody></table>\n";
        } else if let Some(rest) = line.strip_prefix("![") {
            let path = rest
                .split_once("](")
                .map_or("", |(_, p)| p.trim_end_matches(')'));
            let file = path.strip_prefix("charts/").unwrap_or(path);
            if let Some(c) = charts.iter().find(|c| c.file == file) {
                figure(&mut s, c);
            }
        } else if !line.trim().is_empty() {
            let _ = writeln!(s, "<p>{}</p>", inline(line));
        }
        i += 1;
    }
    s += "</section>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_of_the_section_becomes_html() {
        let md = "## 总结评估\n\n时段：a < b。\n\n### 预警核验\n\n| 预警 | 结论 |\n|---|---|\n| W1 | 准确 |\n| W2 | 空报 |\n\n**注意：混合。**（UNVERIFIED 默认值）\n\n![图](charts/none.png)\n";
        let h = section_html(md, &[]);
        assert_eq!(
            h,
            "<section class=\"city evaluation\" id=\"evaluation\">\n<h2>总结评估</h2>\n\
             <p>时段：a &lt; b。</p>\n<h3>预警核验</h3>\n<table class=\"evaluation\">\n\
             <thead><tr><th>预警</th><th>结论</th></tr></thead>\n<tbody>\n\
             <tr><td>W1</td><td>准确</td></tr>\n<tr><td>W2</td><td>空报</td></tr>\n\
             </tbody></table>\n<p><strong>注意：混合。</strong>（<span class=\"unverified\">\
             UNVERIFIED</span> 默认值）</p>\n</section>\n"
        );
    }

    #[test]
    fn the_section_goes_before_the_footer_and_issued_captions_point_at_the_run() {
        let issued = "<body><figure><figcaption>t <span class=\"note\">(charts/a.png)</span>\
                      </figcaption></figure><footer>f</footer></body>";
        let h = report_html(issued, "## 总结评估\n", &[], "../charts/");
        assert_eq!(
            h,
            "<body><figure><figcaption>t <span class=\"note\">(../charts/a.png)</span>\
             </figcaption></figure><section class=\"city evaluation\" id=\"evaluation\">\n\
             <h2>总结评估</h2>\n</section>\n<footer>f</footer></body>"
        );
        assert_eq!(
            report_md("# 方案\n\n", "## 总结评估\n"),
            "# 方案\n\n## 总结评估\n"
        );
    }
}
