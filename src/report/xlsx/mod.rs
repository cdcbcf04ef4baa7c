//! The Excel workbooks: `plan.xlsx` of `hazeplan run --xlsx` ([`plan_workbook`], in
//! [`plan`]) and `batch.xlsx` of `hazeplan batch --xlsx` ([`batch_workbook`]).
//!
//! This module owns what every sheet shares: sheet names Excel accepts, the header row (bold,
//! frozen, repeated on printed pages), column widths that fit Chinese text, typed cells
//! (numbers as numbers, dates as Excel dates with a date format), warning levels coloured as
//! the charts colour them ([`WarningLevel::rgb`]), A4 landscape printing, a fixed creation
//! time (the same input gives the same bytes) and the atomic write.
//!
//! A table sheet holds exactly what its CSV file holds: the table is rendered by the CSV
//! writer itself ([`Table::from_csv`]) and each column gets its cell type here, so the two can
//! never disagree on a column or a value. Nothing here computes a result.

pub mod labels;
pub mod plan;

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::plan::Lang;
use crate::Error;
use crate::alert::WarningLevel;
use crate::output::atomic::Output;

pub use plan::plan_workbook;

/// The widest column, in Excel's character units: longer texts (order wording, reasons) wrap
/// in the cell's width rather than pushing every other column off the page.
const MAX_WIDTH: f64 = 60.0;
/// The narrowest column.
const MIN_WIDTH: f64 = 6.0;
/// Excel's limit on a sheet name, in characters.
const MAX_SHEET_NAME: usize = 31;

/// What a column's cells are in the workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text, as in the CSV.
    Text,
    /// A number (written as a number; empty stays empty).
    Number,
    /// A date `YYYY-MM-DD` (an Excel date).
    Date,
    /// A time `YYYY-MM-DD HH:MM` (an Excel date and time).
    DateTime,
    /// A warning level id (`orange`), coloured with the level's colour.
    Level,
}

/// The cell type of a column of the run's and the batch's tables, by its CSV name.
pub fn kind_of(column: &str) -> Kind {
    const TIMES: [&str; 5] = ["issued_at", "start", "end", "time", "decided_at"];
    const NUMBERS: [&str; 6] = [
        "year",
        "valid_days",
        "mean_pm25",
        "p95_pm25",
        "rows",
        "hours",
    ];
    const NUMBER_PREFIXES: [&str; 6] = [
        "reduction_",
        "heavy_",
        "peak_",
        "days_",
        "warnings_",
        "valid_",
    ];
    if TIMES.contains(&column) {
        Kind::DateTime
    } else if column == "date" {
        Kind::Date
    } else if column == "level" || column == "warning" {
        Kind::Level
    } else if NUMBERS.contains(&column)
        || column.ends_with("_t")
        || column.ends_with("_pct")
        || NUMBER_PREFIXES.iter().any(|p| column.starts_with(p))
    {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// One table of a workbook: a CSV table's header and rows, and each column's cell type.
#[derive(Clone, Debug)]
pub struct Table {
    /// The column names, as in the CSV header.
    pub header: Vec<String>,
    /// The rows, each cell as the CSV has it.
    pub rows: Vec<Vec<String>>,
    /// The cell type of each column.
    pub kinds: Vec<Kind>,
}

impl Table {
    /// The table a CSV writer writes: `write` renders it into memory and it is read back, so
    /// the sheet has the CSV's own columns and values. `kind` gives each column's type from its
    /// index and name.
    pub fn from_csv(
        write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
        kind: impl Fn(usize, &str) -> Kind,
    ) -> std::io::Result<Table> {
        let mut buf = Vec::new();
        write(&mut buf)?;
        let mut r = csv::Reader::from_reader(buf.as_slice());
        let header: Vec<String> = r
            .headers()
            .map_err(std::io::Error::other)?
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|rec| {
                rec.map(|rec| rec.iter().map(String::from).collect())
                    .map_err(std::io::Error::other)
            })
            .collect::<std::io::Result<Vec<Vec<String>>>>()?;
        let kinds = header.iter().enumerate().map(|(i, h)| kind(i, h)).collect();
        Ok(Table {
            header,
            rows,
            kinds,
        })
    }

    /// The rows whose column `column` is `value` (a city's schedule).
    pub fn filtered(&self, column: &str, value: &str) -> Table {
        let i = self.header.iter().position(|h| h == column);
        Table {
            header: self.header.clone(),
            rows: self
                .rows
                .iter()
                .filter(|r| i.is_some_and(|i| r.get(i).is_some_and(|v| v == value)))
                .cloned()
                .collect(),
            kinds: self.kinds.clone(),
        }
    }
}

/// The fill of a level's cells as RGB and whether its text is white (on red and blue, where
/// black text would be hard to read); `None` for no warning.
pub fn level_fill(level: WarningLevel) -> Option<(u32, bool)> {
    let (r, g, b) = level.rgb()?;
    let white = matches!(level, WarningLevel::Red | WarningLevel::Blue);
    Some((
        (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b),
        white,
    ))
}

/// The cell formats of a workbook.
#[derive(Clone)]
struct Styles {
    header: Format,
    title: Format,
    text: Format,
    /// Text wrapped in the cell's width (columns wider than [`MAX_WIDTH`]).
    wrapped: Format,
    date: Format,
    datetime: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE7_E6_E6))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            text: Format::new(),
            wrapped: Format::new().set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }

    /// The format of a level's cell: its colour as the fill.
    fn level(level: WarningLevel) -> Format {
        match level_fill(level) {
            Some((rgb, white)) => {
                let f = Format::new().set_background_color(Color::RGB(rgb));
                if white {
                    f.set_font_color(Color::White)
                } else {
                    f
                }
            }
            None => Format::new(),
        }
    }
}

/// A workbook being built: its sheets' names so far (kept unique) and its formats.
pub struct Book {
    wb: Workbook,
    names: Vec<String>,
    styles: Styles,
}

/// A sheet name Excel accepts, unique among `used` (compared without case, as Excel does): the
/// characters `[]:*?/\` become `_`, a leading or trailing `'` goes, the name is cut to 31
/// characters, and a repeated name gets ` (2)`, ` (3)`, ….
pub fn sheet_name(wanted: &str, used: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base = if clean.is_empty() { "Sheet" } else { clean };
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let first = cut(base, MAX_SHEET_NAME);
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            format!(
                "{}{suffix}",
                cut(base, MAX_SHEET_NAME - suffix.chars().count())
            )
        })
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// The width of a text in Excel's character units: a Chinese (wide) character counts two.
pub fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// An Excel date and time of a chrono one.
fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(t.year()).map_err(|_| XlsxError::DateTimeRangeError(t.to_string()))?;
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

/// An Excel date of a chrono one.
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// `e` with where it happened (`sheet '预警', row 3, column 2`) in front; carried as an I/O
/// error, whose message rust_xlsxwriter shows as it is.
fn context(place: String, e: XlsxError) -> XlsxError {
    XlsxError::IoError(std::io::Error::other(format!("{place}: {e}")))
}

/// Where a cell failed: the sheet, row and column, for the error message.
fn at(sheet: &str, row: u32, col: u16, e: XlsxError) -> XlsxError {
    context(
        format!("sheet '{sheet}', row {}, column {}", row + 1, col + 1),
        e,
    )
}

impl Book {
    /// An empty workbook whose creation time is `created` (a time of the input, so that two
    /// runs of the same input give the same bytes), with `title` and `company` as its
    /// document properties.
    pub fn new(created: NaiveDateTime, title: &str, company: &str) -> Result<Book, XlsxError> {
        let mut wb = Workbook::new();
        let props = DocProperties::new()
            .set_title(title)
            .set_author("hazeplan")
            .set_company(company)
            .set_creation_datetime(&excel_time(created)?);
        wb.set_properties(&props);
        Ok(Book {
            wb,
            names: Vec::new(),
            styles: Styles::new(),
        })
    }

    /// Adds a sheet named (after [`sheet_name`]) `wanted`, set up for A4 landscape printing,
    /// one page wide.
    fn sheet(&mut self, wanted: &str) -> Result<(String, &mut Worksheet), XlsxError> {
        let name = sheet_name(wanted, &self.names);
        self.names.push(name.clone());
        let ws = self.wb.add_worksheet();
        ws.set_name(&name)?;
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        Ok((name, ws))
    }

    /// Adds a sheet holding `table` under the column titles `labels`: the header row frozen,
    /// filtered and repeated on every printed page, each column as wide as its longest text.
    pub fn table(
        &mut self,
        wanted: &str,
        table: &Table,
        labels: &[String],
    ) -> Result<(), XlsxError> {
        let styles = self.styles.clone();
        let (name, ws) = self.sheet(wanted)?;
        // Each column as wide as its widest text (a date is as wide as its CSV text); a column
        // whose texts are wider than the limit wraps them.
        let mut widths: Vec<usize> = labels.iter().map(|l| text_width(l)).collect();
        for row in &table.rows {
            if row.len() > widths.len() {
                widths.resize(row.len(), 0);
            }
            for (w, value) in widths.iter_mut().zip(row) {
                *w = (*w).max(text_width(value));
            }
        }
        for (c, label) in labels.iter().enumerate() {
            let c = col(c)?;
            ws.write_string_with_format(0, c, label, &styles.header)
                .map_err(|e| at(&name, 0, c, e))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, value) in row.iter().enumerate() {
                let kind = table.kinds.get(c).copied().unwrap_or(Kind::Text);
                let wrap = column_width(widths[c]) >= MAX_WIDTH;
                write_cell(ws, &styles, r, col(c)?, value, kind, wrap)
                    .map_err(|e| at(&name, r, c as u16, e))?;
            }
        }
        let last_col = col(labels.len().max(1) - 1)?;
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        if !table.rows.is_empty() {
            ws.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        }
        set_widths(ws, &widths)
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.wb.save_to_buffer()
    }
}

/// A column index.
fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// The width of a column whose widest text is `text` units wide: a margin of two, within the
/// limits.
fn column_width(text: usize) -> f64 {
    (text as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Sets each column's width from its widest text (in character units), within the limits.
fn set_widths(ws: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c)?, column_width(*w))?;
    }
    Ok(())
}

/// Writes one cell of a CSV table as its column's type, a text wrapped in the cell's width
/// when `wrap`. A value that does not read as its type (never the case for hazeplan's own tables) is
/// written as the text it is, rather than lost.
fn write_cell(
    ws: &mut Worksheet,
    styles: &Styles,
    r: u32,
    c: u16,
    value: &str,
    kind: Kind,
    wrap: bool,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    match kind {
        Kind::Number => {
            if let Ok(x) = value.parse::<f64>()
                && x.is_finite()
            {
                ws.write_number(r, c, x)?;
                return Ok(());
            }
        }
        Kind::Date => {
            if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                ws.write_datetime_with_format(r, c, &excel_date(d)?, &styles.date)?;
                return Ok(());
            }
        }
        Kind::DateTime => {
            if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M") {
                ws.write_datetime_with_format(r, c, &excel_time(t)?, &styles.datetime)?;
                return Ok(());
            }
        }
        Kind::Level => {
            if let Ok(l) = value.parse::<WarningLevel>() {
                ws.write_string_with_format(r, c, value, &Styles::level(l))?;
                return Ok(());
            }
        }
        Kind::Text => {}
    }
    let format = if wrap { &styles.wrapped } else { &styles.text };
    ws.write_string_with_format(r, c, value, format)?;
    Ok(())
}

/// Writes `bytes` as `name` in `dir` atomically (a temporary file renamed into place); an
/// error names `shown`, the file as the user knows it (not the staging folder).
pub fn save(
    dir: &Path,
    name: &str,
    shown: &Path,
    book: Result<Vec<u8>, XlsxError>,
) -> Result<(), Error> {
    let bytes = book.map_err(|e| Error::Write {
        path: shown.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let mut out = Output::create(Some(&dir.join(name)))?;
    out.write_all(&bytes).map_err(|e| out.err(e))?;
    out.commit()
}

/// `batch.xlsx`: the yearly summary (`summary.csv`) and the data quality (`quality.csv`), each
/// on its own sheet. Created at the first January of the earliest year read.
pub fn batch_workbook(
    years: &[crate::batch::CityYear],
    quality: &crate::ingest::Quality,
) -> Result<Vec<u8>, XlsxError> {
    let io = |e: std::io::Error| XlsxError::IoError(e);
    let summary =
        Table::from_csv(|b| super::batch::summary_csv(b, years), |_, h| kind_of(h)).map_err(io)?;
    // After `scope, name, format, encoding` every column of the quality table is a count.
    let quality = Table::from_csv(
        |b| super::table::quality_csv(b, quality),
        |i, _| if i >= 4 { Kind::Number } else { Kind::Text },
    )
    .map_err(io)?;
    let first = years.iter().map(|y| y.year).min().unwrap_or(2000);
    let created = NaiveDate::from_ymd_opt(first, 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN);
    let mut book = Book::new(created, "hazeplan batch", "")?;
    let lang = Lang::Zh;
    book.table(
        labels::sheet(labels::Sheet::YearlySummary, lang),
        &summary,
        &labels::header(&summary.header, lang),
    )?;
    book.table(
        labels::sheet(labels::Sheet::Quality, lang),
        &quality,
        &labels::header(&quality.header, lang),
    )?;
    book.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        for wanted in [
            "太原一厂一策",
            "a/b:c*d?e[f]g\\h",
            "'quoted'",
            "",
            "Summary",
            "summary",
        ] {
            let n = sheet_name(wanted, &used);
            used.push(n);
        }
        assert_eq!(
            used,
            [
                "太原一厂一策",
                "a_b_c_d_e_f_g_h",
                "quoted",
                "Sheet",
                "Summary",
                "summary (2)"
            ]
        );
        let long = "很".repeat(40);
        let a = sheet_name(&long, &[]);
        let b = sheet_name(&long, std::slice::from_ref(&a));
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b.chars().count(), 31);
        assert!(b.ends_with(" (2)") && a != b);
    }

    #[test]
    fn levels_get_the_warning_colours() {
        assert_eq!(level_fill(WarningLevel::Yellow), Some((0xFFD700, false)));
        assert_eq!(level_fill(WarningLevel::Orange), Some((0xFF8C00, false)));
        assert_eq!(level_fill(WarningLevel::Red), Some((0xE00000, true)));
        assert_eq!(level_fill(WarningLevel::None), None);
    }

    #[test]
    fn chinese_text_counts_two_units_a_character() {
        assert_eq!(text_width("太原-1"), 6);
        assert_eq!(text_width("orange"), 6);
    }

    #[test]
    fn columns_get_their_types() {
        assert_eq!(kind_of("start"), Kind::DateTime);
        assert_eq!(kind_of("date"), Kind::Date);
        assert_eq!(kind_of("level"), Kind::Level);
        assert_eq!(kind_of("reduced_t"), Kind::Number);
        assert_eq!(kind_of("target_pct"), Kind::Number);
        assert_eq!(kind_of("reduction_so2"), Kind::Number);
        assert_eq!(kind_of("enterprise_id"), Kind::Text);
        assert_eq!(kind_of("part"), Kind::Text);
    }
}
