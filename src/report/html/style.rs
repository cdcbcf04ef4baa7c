//! The stylesheet of `report.html`, inline in the page: a plain screen layout, and the print
//! rules for A4 (each city from a new page, its 一厂一策 list too, table rows never split,
//! headers repeated on every page a table spans, charts at most the page's width).

/// Fonts with Chinese glyphs on Windows, macOS and Linux, then the generic family: the page
/// names no font file (the bundled chart font is a subset, and embedding it would add
/// megabytes to every report).
pub(super) const FONTS: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \
     \"PingFang SC\", \"WenQuanYi Micro Hei\", \"SimSun\", sans-serif";

/// The stylesheet, with `{FONTS}` in place.
pub(super) fn css() -> String {
    CSS.replace("{FONTS}", FONTS)
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: {FONTS}; font-size: 10.5pt; line-height: 1.5; color: #111;
  background: #fff; margin: 0 auto; padding: 24px 32px; max-width: 1100px; }
h1 { font-size: 18pt; text-align: center; margin: 0.4em 0 0.6em; line-height: 1.3; }
h2 { font-size: 14pt; border-bottom: 2px solid #333; padding-bottom: 2px; margin: 1.4em 0 0.6em; }
h3 { font-size: 12pt; margin: 1.2em 0 0.4em; }
h4 { font-size: 10.5pt; margin: 1em 0 0.3em; }
p, ul { margin: 0.3em 0 0.6em; }
ul { padding-left: 1.4em; }
.meta { text-align: center; color: #333; }
.note { color: #333; font-size: 9.5pt; }
.flag { color: #8a4b00; }
.alert { color: #a00000; font-weight: bold; }
.unverified { color: #a00000; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.9em; font-size: 9pt; }
th, td { border: 1px solid #777; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
table.summary td, table.warnings td:nth-child(-n+2), table.warnings td:nth-child(4),
table.warnings td:nth-child(5), table.orders td:first-child, table.schedule td:first-child {
  white-space: nowrap; }
table.schedule td:nth-child(2) { min-width: 10em; }
td.time { white-space: nowrap; }
td.met { color: #0a6b0a; }
td.short { color: #a00000; }
.level { display: inline-block; padding: 0 4px; border-radius: 2px; white-space: nowrap; }
/* The level colours print even where the browser leaves backgrounds out by default. */
.level, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
figure { margin: 0.6em 0 1em; text-align: center; }
figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: 9pt; color: #333; }
.sign { margin-top: 2.5em; display: flex; gap: 3em; }
.sign span { display: inline-block; min-width: 14em; border-bottom: 1px solid #111; }
.cover { text-align: left; }
footer { margin-top: 2em; font-size: 8.5pt; color: #555; border-top: 1px solid #aaa; }
@media print {
  @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  section.city, section.appendix { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  h3.list { break-before: page; }
  tr, figure, .sign { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8pt; }
  figure img { max-height: 120mm; width: auto; border: none; }
  a { color: inherit; text-decoration: none; }
}
"#;
