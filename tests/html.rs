//! report.html (issue #14 item 3): `hazeplan run` writes it beside report.md for both shipped
//! examples. Read back by a plain scan of the markup: every chart of charts/ is embedded once
//! and decodes to the PNG the file holds; every table is there (warnings, each city's schedule
//! and orders, reductions, projection); the language follows `--lang`, with no English reason
//! text in the Chinese page; nothing refers to the network or runs a script; the print
//! stylesheet starts each city on a new A4 page.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{hazeplan, images, png_size, unescape, visible_text};

const EXAMPLES: [&str; 2] = [
    "scenarios/taiyuan-basin-winter.yaml",
    "scenarios/fenhe-valley-winter.yaml",
];

fn run(scenario: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    hazeplan()
        .args(["run", scenario, "-o"])
        .arg(dir.path())
        .args(extra)
        .assert()
        .success();
    dir
}

fn html_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("report.html")).unwrap()
}

/// The `class` of each `<table>`, counted.
fn tables(html: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for part in html.split("<table class=\"").skip(1) {
        *out.entry(part[..part.find('"').unwrap()].to_string())
            .or_default() += 1;
    }
    out
}

#[test]
fn every_chart_is_embedded_once_and_decodes_to_its_file() {
    for scenario in EXAMPLES {
        let dir = run(scenario, &[]);
        let html = html_of(dir.path());
        let embedded = images(&html);
        let mut files: Vec<String> = std::fs::read_dir(dir.path().join("charts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut names: Vec<String> = embedded.iter().map(|(n, _)| n.clone()).collect();
        names.sort();
        assert_eq!(names, files, "{scenario}: one figure per chart file");
        for (name, bytes) in &embedded {
            let file = std::fs::read(dir.path().join("charts").join(name)).unwrap();
            assert_eq!(png_size(bytes), png_size(&file), "{scenario}: {name}");
            assert_eq!(bytes, &file, "{scenario}: {name} is the file's bytes");
        }
        assert!(files.len() >= 4, "{scenario}: {files:?}");
    }
}

#[test]
fn every_table_is_there_per_city() {
    for scenario in EXAMPLES {
        let dir = run(scenario, &[]);
        let html = html_of(dir.path());
        let t = tables(&html);
        let cities: Vec<String> =
            common::csv_rows(&std::fs::read(dir.path().join("projection_summary.csv")).unwrap())
                .into_iter()
                .map(|r| r["city"].clone())
                .collect();
        assert!(cities.len() >= 4, "{scenario}");
        // The summary to sign and the projection, once; per city its list (一厂一策) and
        // its accounting; warnings and orders wherever there are some.
        assert_eq!(t.get("summary"), Some(&1), "{scenario}: {t:?}");
        assert_eq!(t.get("projection"), Some(&1), "{scenario}: {t:?}");
        assert_eq!(t.get("schedule"), Some(&cities.len()), "{scenario}: {t:?}");
        assert_eq!(
            t.get("reductions"),
            Some(&cities.len()),
            "{scenario}: {t:?}"
        );
        assert!(t["warnings"] >= cities.len(), "{scenario}: {t:?}");
        let windows: std::collections::BTreeSet<(String, String, String)> =
            common::csv_rows(&std::fs::read(dir.path().join("orders.csv")).unwrap())
                .into_iter()
                .map(|r| (r["city"].clone(), r["start"].clone(), r["end"].clone()))
                .collect();
        assert_eq!(t.get("orders"), Some(&windows.len()), "{scenario}: {t:?}");
        // A section per city, each from a new page, in the scenario's order.
        for city in &cities {
            assert!(
                html.contains(&format!(
                    "<section class=\"city\" id=\"city-{city}\">\n<h2>{city}</h2>"
                )),
                "{scenario}: {city}"
            );
        }
        // Every warning of warnings.csv is in the summary, by its id.
        for w in common::csv_rows(&std::fs::read(dir.path().join("warnings.csv")).unwrap()) {
            assert!(
                html.contains(&format!("<td>{}</td>", w["id"])),
                "{}",
                w["id"]
            );
        }
        // The lines to sign.
        assert!(html.contains("值班员（签字）："));
    }
}

#[test]
fn self_contained_no_network_no_script_and_a_print_stylesheet() {
    let dir = run(EXAMPLES[0], &[]);
    let html = html_of(dir.path());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    let lower = html.to_lowercase();
    for bad in [
        "http://",
        "https://",
        "<script",
        "src=\"/",
        "src=\"http",
        "href=\"http",
        "<link",
        "@import",
        "url(",
        "<iframe",
        "<object",
        "<embed",
        "javascript:",
        " onload=",
        " onclick=",
        "file://",
    ] {
        assert!(!lower.contains(bad), "report.html contains {bad}");
    }
    // Every src is an embedded image.
    assert_eq!(
        lower.matches(" src=\"").count(),
        lower.matches(" src=\"data:image/png;base64,").count()
    );
    // A4, a page break before each city, rows never split.
    assert!(html.contains("@media print"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("section.city, section.appendix { break-before: page; }"));
    assert!(html.contains("tr, figure, .sign { break-inside: avoid; }"));
    assert!(html.contains("h3.list { break-before: page; }"));
    assert!(html.contains("figure img { max-width: 100%;"));
    // Fonts with Chinese glyphs on Windows and Linux, no font file.
    assert!(html.contains("\"Microsoft YaHei\"") && html.contains("\"Noto Sans CJK SC\""));
    assert!(!lower.contains("@font-face"));
    // Well balanced, as far as a scan can tell: every section and table is closed.
    for tag in ["section", "table", "ul", "figure", "tr", "h2", "h3", "h4"] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}>");
    }
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn chinese_by_default_english_with_lang_en() {
    let zh = run(EXAMPLES[0], &[]);
    let html = html_of(zh.path());
    let md = std::fs::read_to_string(zh.path().join("report.md")).unwrap();
    for part in [
        "<h2>预警汇总</h2>",
        "<h3>预警及其变更</h3>",
        "<h3>应急减排措施</h3>",
        "<h3>逐日减排核算</h3>",
        "<h3 class=\"list\">附表：应急减排清单（一厂一策）</h3>",
        "<th>预警级别</th>",
        "发布单位：太原盆地重污染天气应急指挥部办公室（示例）；文号：示例〔2026〕1号",
        "<h3>孝义市（区县预警）</h3>",
        "健康提示（不启动预警）",
        "季节性管控（错峰生产）为基线",
        // The summary row of 太原's warning: target 30 %, 6 days accounted, none met.
        "<td class=\"num\">30</td><td class=\"num\">6</td><td class=\"num\">0</td><td>否</td>",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    // The UNVERIFIED labels where report.md has them, and only there.
    assert_eq!(
        html.matches("[UNVERIFIED]").count(),
        md.matches("[UNVERIFIED]").count()
    );
    assert!(html.contains("<span class=\"unverified\">[UNVERIFIED]</span>"));
    // No English words in the Chinese reasons: the warnings tables' last column (as the
    // report.md check does, rule-set names and AQI are identifiers).
    for part in html.split("<table class=\"warnings\">").skip(1) {
        let table = &part[..part.find("</table>").unwrap()];
        for row in table.split("<tr>").skip(2) {
            let reason = row.rsplit("<td>").next().unwrap();
            let reason = unescape(&reason[..reason.find("</td>").unwrap()]);
            let words: Vec<&str> = reason
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1 && !["national", "AQI"].contains(w))
                .collect();
            assert!(words.is_empty(), "{reason}: {words:?}");
        }
    }
    assert!(!visible_text(&html).contains("days above"));

    let en = run(EXAMPLES[0], &["--lang", "en"]);
    let html = html_of(en.path());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for part in [
        "heavy-pollution response plan</h1>",
        "<h2>Warnings</h2>",
        "<h3>Daily reduction accounting</h3>",
        "<h3 class=\"list\">Appendix: the emergency reduction list</h3>",
        "Duty officer (signature):",
        "days above 200",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    assert!(!html.contains("预警汇总"));
}

#[test]
fn report_html_is_listed_and_the_same_scenario_gives_the_same_bytes() {
    let a = run(EXAMPLES[1], &[]);
    let b = run(EXAMPLES[1], &[]);
    assert_eq!(html_of(a.path()), html_of(b.path()));
    let out = hazeplan()
        .args(["run", EXAMPLES[1], "-o"])
        .arg(a.path())
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let wrote = stdout.lines().find(|l| l.starts_with("wrote ")).unwrap();
    assert!(wrote.ends_with("report.html"), "{wrote}");
}
