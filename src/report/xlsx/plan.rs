//! `plan.xlsx` of `hazeplan run --xlsx`: the summary sheet a duty officer signs (each warning
//! with its level and response, period, reduction target and whether it was met), then the
//! run's tables, each as its CSV file holds it: warnings, warning history, one schedule sheet
//! per city (the 一厂一策 table a bureau publishes), orders, reductions and the projection
//! summary.

use chrono::{NaiveDateTime, NaiveTime};
use rust_xlsxwriter::{Format, FormatBorder, XlsxError};

use super::labels::{self, Sheet};
use super::{Book, Styles, Table, excel_time, kind_of, set_widths, text_width};
use crate::accounting::Accounting;
use crate::alert::Warning;
use crate::plan::Plan;
use crate::report::plan::{self as plan_out, Lang};
use crate::report::{projection as proj_out, warnings};

/// One warning's line of the summary sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// The warning's identifier (`太原-1`, as in warnings.csv).
    pub id: String,
    /// City.
    pub city: String,
    /// County, for a county's warning.
    pub county: Option<String>,
    /// The warning's highest level.
    pub level: crate::alert::WarningLevel,
    /// First issued.
    pub issued_at: NaiveDateTime,
    /// Start.
    pub start: NaiveDateTime,
    /// Final lift.
    pub end: NaiveDateTime,
    /// The highest reduction target (%) of the city's accounted days in the warning, if any.
    pub target_pct: Option<f64>,
    /// The city's accounted days in the warning, and how many of them met every pollutant's
    /// target.
    pub days: usize,
    /// Of [`SummaryRow::days`], those met.
    pub days_met: usize,
}

/// The summary's rows: per warning, the city's accounted days that overlap it (a day counts
/// when any of its hours is in the warning) from `reductions.csv`'s rows, the highest target of
/// those days and how many met every pollutant's target.
pub fn summary_rows(warnings: &[Warning], acc: &Accounting) -> Vec<SummaryRow> {
    warnings
        .iter()
        .zip(warnings::warning_ids(warnings))
        .map(|(w, id)| {
            let in_warning = acc.days.iter().filter(|d| {
                d.city == w.city
                    && d.date >= w.start.date()
                    && d.date.and_time(NaiveTime::MIN) < w.end
            });
            let mut days: std::collections::BTreeMap<chrono::NaiveDate, bool> = Default::default();
            let mut target: Option<f64> = None;
            for d in in_warning {
                *days.entry(d.date).or_insert(true) &= d.met;
                if let Some(t) = d.target.and_then(|t| t.pct().parse::<f64>().ok()) {
                    target = Some(target.map_or(t, |x: f64| x.max(t)));
                }
            }
            SummaryRow {
                id,
                city: w.city.clone(),
                county: w.county.clone(),
                level: w.level,
                issued_at: w.issued_at,
                start: w.start,
                end: w.end,
                target_pct: target,
                days: days.len(),
                days_met: days.values().filter(|m| **m).count(),
            }
        })
        .collect()
}

/// The summary sheet's column titles.
pub fn summary_header(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Zh => [
            "预警编号",
            "城市",
            "区县",
            "预警级别",
            "响应级别",
            "发布时间",
            "开始时间",
            "解除时间",
            "减排目标(%)",
            "核算天数",
            "达标天数",
            "是否达标",
        ],
        Lang::En => [
            "Warning",
            "City",
            "County",
            "Level",
            "Response",
            "Issued",
            "Start",
            "End",
            "Target (%)",
            "Days accounted",
            "Days met",
            "Targets met",
        ],
    }
}

/// The summary's "targets met" cell: yes, no, or empty without accounted days.
pub fn met_text(row: &SummaryRow, lang: Lang) -> &'static str {
    match (row.days, row.days == row.days_met, lang) {
        (0, _, _) => "",
        (_, true, Lang::Zh) => "是",
        (_, false, Lang::Zh) => "否",
        (_, true, Lang::En) => "yes",
        (_, false, Lang::En) => "no",
    }
}

/// The row of the summary sheet's column titles (0-based): below the title and the
/// scenario's document line.
pub const SUMMARY_HEADER_ROW: u32 = 2;

/// `plan.xlsx` of a finished plan, its sheet names and column titles in `lang`. Created (as
/// the document property says) at the start of the scenario's period, so that the same
/// scenario gives the same bytes.
pub fn plan_workbook(plan: &Plan<'_>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let scn = plan.scenario;
    let c = &plan.classification;
    let io = XlsxError::IoError;
    let by_name = |_: usize, h: &str| kind_of(h);
    let title = scn.title.clone().unwrap_or_else(|| scn.name.clone());
    let created = scn.period.0.and_time(NaiveTime::MIN);
    let mut book = Book::new(created, &title, scn.authority.as_deref().unwrap_or(""))?;
    summary_sheet(&mut book, plan, &title, lang).map_err(|e| {
        super::context(
            format!("sheet '{}'", labels::sheet(Sheet::Summary, lang)),
            e,
        )
    })?;
    let table = |book: &mut Book, sheet: &str, t: &Table| {
        book.table(sheet, t, &labels::header(&t.header, lang))
    };
    let t = Table::from_csv(|b| warnings::warnings_csv(b, &c.warnings), by_name).map_err(io)?;
    table(&mut book, labels::sheet(Sheet::Warnings, lang), &t)?;
    let t = Table::from_csv(|b| warnings::changes_csv(b, &c.warnings), by_name).map_err(io)?;
    table(&mut book, labels::sheet(Sheet::WarningHistory, lang), &t)?;
    if plan.has_measures {
        let sched = &plan.schedule;
        let all =
            Table::from_csv(|b| plan_out::schedule_csv(b, scn, sched), by_name).map_err(io)?;
        for city in schedule_cities(&all, scn) {
            table(
                &mut book,
                &labels::schedule_sheet(&city, lang),
                &all.filtered("city", &city),
            )?;
        }
        let t = Table::from_csv(|b| plan_out::orders_csv(b, sched, lang), by_name).map_err(io)?;
        table(&mut book, labels::sheet(Sheet::Orders, lang), &t)?;
        let t = Table::from_csv(|b| plan_out::reductions_csv(b, &plan.accounting), by_name)
            .map_err(io)?;
        table(&mut book, labels::sheet(Sheet::Reductions, lang), &t)?;
    }
    if let Some(p) = &plan.projection {
        let t = Table::from_csv(|b| proj_out::summary_csv(b, p), by_name).map_err(io)?;
        table(&mut book, labels::sheet(Sheet::Projection, lang), &t)?;
    }
    book.finish()
}

/// The cities of the schedule's rows: the scenario's cities in its order, then any other the
/// rows name (none today), each once.
fn schedule_cities(all: &Table, scn: &crate::scenario::Scenario) -> Vec<String> {
    let i = all.header.iter().position(|h| h == "city").unwrap_or(0);
    let named: Vec<&str> = all
        .rows
        .iter()
        .filter_map(|r| r.get(i).map(String::as_str))
        .collect();
    let mut out: Vec<String> = scn
        .cities
        .iter()
        .map(|c| c.name.clone())
        .filter(|c| named.contains(&c.as_str()))
        .collect();
    for n in named {
        if !out.iter().any(|c| c == n) {
            out.push(n.to_string());
        }
    }
    out
}

/// The summary sheet: the scenario's title and document line, then one row per warning, then
/// the lines the duty officer signs.
fn summary_sheet(
    book: &mut Book,
    plan: &Plan<'_>,
    title: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let scn = plan.scenario;
    let styles = book.styles.clone();
    let (_, ws) = book.sheet(labels::sheet(Sheet::Summary, lang))?;
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    let (from, to) = (
        scn.period.0.format("%Y-%m-%d"),
        scn.period.1.format("%Y-%m-%d"),
    );
    let doc: Vec<&str> = [scn.authority.as_deref(), scn.document.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let line = match lang {
        Lang::Zh => format!("{}  预警期 {from} 至 {to}", doc.join("  ")),
        Lang::En => format!("{}  period {from} to {to}", doc.join("  ")),
    };
    ws.write_string(1, 0, line.trim())?;
    let header = summary_header(lang);
    let mut widths: Vec<usize> = header.iter().map(|h| text_width(h)).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(SUMMARY_HEADER_ROW, c as u16, *h, &styles.header)?;
    }
    let rows = summary_rows(&plan.classification.warnings, &plan.accounting);
    let mut r = SUMMARY_HEADER_ROW;
    for row in &rows {
        r += 1;
        let level = Styles::level(row.level);
        let (name, response) = match lang {
            Lang::Zh => (row.level.name_zh().to_string(), row.level.response_zh()),
            Lang::En => (row.level.id().to_string(), row.level.response_en()),
        };
        let texts = [
            (0, row.id.as_str()),
            (1, row.city.as_str()),
            (2, row.county.as_deref().unwrap_or("")),
            (4, response),
            (11, met_text(row, lang)),
        ];
        for (c, t) in texts {
            if !t.is_empty() {
                ws.write_string(r, c, t)?;
                widths[usize::from(c)] = widths[usize::from(c)].max(text_width(t));
            }
        }
        ws.write_string_with_format(r, 3, &name, &level)?;
        widths[3] = widths[3].max(text_width(&name));
        for (c, t) in [(5, row.issued_at), (6, row.start), (7, row.end)] {
            ws.write_datetime_with_format(r, c, &excel_time(t)?, &styles.datetime)?;
            widths[usize::from(c)] = widths[usize::from(c)].max(16);
        }
        if let Some(t) = row.target_pct {
            ws.write_number(r, 8, t)?;
        }
        if row.days > 0 {
            ws.write_number(r, 9, row.days as f64)?;
            ws.write_number(r, 10, row.days_met as f64)?;
        }
    }
    if rows.is_empty() {
        r += 1;
        ws.write_string(
            r,
            0,
            if lang == Lang::Zh {
                "无预警"
            } else {
                "no warnings"
            },
        )?;
    }
    // The lines the duty officer signs, below the table with a blank row between.
    let sign = Format::new().set_border_bottom(FormatBorder::Thin);
    let (officer, date) = match lang {
        Lang::Zh => ("值班员（签字）：", "日期："),
        Lang::En => ("Duty officer (signature):", "Date:"),
    };
    ws.write_string(r + 2, 0, officer)?;
    ws.write_blank(r + 2, 1, &sign)?;
    ws.write_blank(r + 2, 2, &sign)?;
    ws.write_string(r + 3, 0, date)?;
    ws.write_blank(r + 3, 1, &sign)?;
    ws.write_blank(r + 3, 2, &sign)?;
    ws.set_freeze_panes(SUMMARY_HEADER_ROW + 1, 0)?;
    ws.set_repeat_rows(0, SUMMARY_HEADER_ROW)?;
    set_widths(ws, &widths)
}
