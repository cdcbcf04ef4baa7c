//! The enterprise list of a scenario (应急减排清单): one row per enterprise, or per production
//! line or process of it, with its city, county, industry, performance grade (or none: most
//! listed enterprises are outside the graded industries), protection (保障类, 豁免), baseline
//! daily emissions (减排基数, t/day) of SO2, NOx, PM and VOCs, optionally its output value,
//! processes and number of production lines, and in the layout bureaus keep (一厂一策,
//! practice.md 4) for each warning level the measure and the reduction of each pollutant it
//! counts on, used as given. The format is documented in `docs/scenario.md`.
//!
//! A CSV file (UTF-8 or GBK) or an Excel workbook (`.xlsx`, the first sheet or a named one),
//! English or Chinese headers (a unit in brackets is checked: `二氧化硫（吨/日）`), title rows
//! above the header, a two-row header with the levels over their columns, enterprise cells
//! merged (or left blank) down over the rows of its lines. Every defective row is reported as
//! `FILE:LINE: column 'NAME': message` (`FILE[SHEET]:ROW: column 'NAME (F)'` in a workbook; at
//! most [`MESSAGES_PER_KIND`](crate::table::MESSAGES_PER_KIND) per column, with a
//! count of the rest), as the forecast table is.

mod cells;
mod header;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_seasonal;

use std::path::Path;

pub(crate) use cells::parse_day;
use cells::{parse_grade, parse_load, parse_processes, parse_seasonal, parse_units};

use super::Catalog;
use super::model::{Enterprise, Grade, ListedMeasure, OutputValue};
use super::seasonal::Seasonal;
use crate::diag::{Problem, suggest::city_hint};
use crate::emissions::{EmissionPollutant, Emissions};
use crate::table::workbook;
use crate::table::{self, ColumnSpec, FirstSeen, Report, Unit, cell, first_on, is_blank};

/// The columns, in the order of the documented header. Required ones must be in the header
/// and have a value in every row.
const COLUMNS: [ColumnSpec; 38] = [
    spec("id", &["企业编号", "编号", "企业代码"], true, Unit::None),
    spec("name", &["企业名称", "名称", "单位名称"], true, Unit::None),
    spec("city", &["城市", "所在城市", "地市"], true, Unit::None),
    spec("county", &["区县", "所在区县", "县区"], false, Unit::None),
    spec(
        "industry",
        &["行业", "所属行业", "行业类别"],
        true,
        Unit::None,
    ),
    spec(
        "grade",
        &["绩效等级", "等级", "绩效分级"],
        false,
        Unit::None,
    ),
    spec("protected", &["是否保障类", "保障类"], false, Unit::None),
    spec("protected_reason", &["保障原因"], false, Unit::None),
    spec("so2", &["二氧化硫"], true, Unit::TonnesPerDay),
    spec("nox", &["氮氧化物"], true, Unit::TonnesPerDay),
    spec("pm", &["颗粒物"], true, Unit::TonnesPerDay),
    spec("vocs", &["挥发性有机物"], true, Unit::TonnesPerDay),
    spec("output_value", &["产值"], false, Unit::WanYuanPerDay),
    spec("processes", &["工序"], false, Unit::None),
    spec("units", &["生产线数"], false, Unit::None),
    spec(
        "part",
        &[
            "生产线",
            "生产线或工序",
            "生产线/工序",
            "排放环节",
            "生产单元",
        ],
        false,
        Unit::None,
    ),
    spec(
        "max_load",
        &["核定最大负荷", "最大允许生产负荷", "核定负荷"],
        false,
        Unit::None,
    ),
    // The seasonal control (错峰) in force over a date range: the baseline of the warning
    // measures (practice.md 4).
    spec(
        "seasonal",
        &["错峰措施", "错峰生产", "季节性管控", "错峰生产措施"],
        false,
        Unit::None,
    ),
    spec(
        "seasonal_start",
        &["错峰开始", "错峰开始日期", "错峰起始日期"],
        false,
        Unit::None,
    ),
    spec(
        "seasonal_end",
        &["错峰结束", "错峰结束日期", "错峰截止日期"],
        false,
        Unit::None,
    ),
    // Free remarks and bookkeeping, never read: lists carry them, and refusing them would
    // help nobody.
    spec("note", &["备注"], false, Unit::None),
    spec("serial", &["序号"], false, Unit::None),
    spec("contact", &["联系人", "联系电话"], false, Unit::None),
    // The levels of the 一厂一策 layout, matched by `header::level_column` however written.
    level("yellow_measure", Unit::None),
    level("yellow_so2", Unit::TonnesPerDay),
    level("yellow_nox", Unit::TonnesPerDay),
    level("yellow_pm", Unit::TonnesPerDay),
    level("yellow_vocs", Unit::TonnesPerDay),
    level("orange_measure", Unit::None),
    level("orange_so2", Unit::TonnesPerDay),
    level("orange_nox", Unit::TonnesPerDay),
    level("orange_pm", Unit::TonnesPerDay),
    level("orange_vocs", Unit::TonnesPerDay),
    level("red_measure", Unit::None),
    level("red_so2", Unit::TonnesPerDay),
    level("red_nox", Unit::TonnesPerDay),
    level("red_pm", Unit::TonnesPerDay),
    level("red_vocs", Unit::TonnesPerDay),
];

const fn spec(
    key: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    unit: Unit,
) -> ColumnSpec {
    ColumnSpec {
        key,
        aliases,
        required,
        unit,
    }
}

const fn level(key: &'static str, unit: Unit) -> ColumnSpec {
    spec(key, &[], false, unit)
}

// Positions in `COLUMNS`.
const ID: usize = 0;
const NAME: usize = 1;
const CITY: usize = 2;
const COUNTY: usize = 3;
const INDUSTRY: usize = 4;
const GRADE: usize = 5;
const PROTECTED: usize = 6;
const REASON: usize = 7;
const EMISSIONS: [usize; 4] = [8, 9, 10, 11];
const OUTPUT: usize = 12;
const PROCESSES: usize = 13;
const UNITS: usize = 14;
const PART: usize = 15;
const MAX_LOAD: usize = 16;
const SEASONAL: usize = 17;
const SEASONAL_START: usize = 18;
const SEASONAL_END: usize = 19;
/// The first level column: then five per level (measure, SO2, NOx, PM, VOCs), in the order
/// of `header::LEVELS`.
const LEVEL0: usize = 23;

/// Reads an enterprise list: a CSV file, or a workbook's sheet (`sheet`, else its first).
/// `cities` are the scenario's cities; every row's city must be one of them, and every graded
/// row's industry and grade one the `catalog` knows. Enterprises (and their lines) come in
/// file order.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    cities: &[&str],
    catalog: &Catalog,
) -> Result<Vec<Enterprise>, Vec<Problem>> {
    let in_workbook = workbook::is_workbook(path);
    let (shown, records) = if in_workbook {
        match workbook::read_sheet(path, sheet) {
            Ok(s) => (s.shown, s.records),
            Err(m) => return Err(vec![Problem::in_file(path, m)]),
        }
    } else {
        let mut r = Report::new(path);
        let records = table::records(path, &mut r);
        if !r.problems.is_empty() {
            return Err(r.finish());
        }
        (path.to_path_buf(), records)
    };
    let mut r = Report::new(&shown);
    let rows: Vec<Vec<String>> = records.iter().map(|(_, c)| c.clone()).collect();
    let Some(found) = header::find(&rows, &COLUMNS) else {
        let msg = if records.is_empty() {
            "the file is empty (no header)".to_string()
        } else {
            "no header: no row names two of the columns (企业编号/id, 企业名称/name, 城市/city, \
             行业/industry …)"
                .to_string()
        };
        r.push("header", 0, None, msg);
        return Err(r.finish());
    };
    let hline = records[found.first].0;
    let Some(mut cols) = table::header(&found.matched, hline, &COLUMNS, &mut r) else {
        return Err(r.finish());
    };
    // Messages name a column as the list writes it (and where it is, in a workbook).
    for (i, name) in cols.iter_mut().flatten() {
        *name = match (in_workbook, found.shown.get(*i)) {
            (true, Some(s)) => format!("{s} ({})", workbook::column_letters(*i)),
            (false, Some(s)) => s.clone(),
            _ => name.clone(),
        };
    }
    if !header::levels_complete(&cols, hline, &mut r) {
        return Err(r.finish());
    }
    let width = found.matched.len();
    let skip = found.first + if found.two_rows { 2 } else { 1 };
    let mut ids = FirstSeen::new();
    let mut out: Vec<Enterprise> = Vec::new();
    let mut previous: Option<Vec<String>> = None;
    for (line, cells) in records.into_iter().skip(skip) {
        if !table::check_width(&cells, width, line, &mut r) {
            continue;
        }
        // A row of a line with its enterprise's cells blank (merged down in the workbook the
        // CSV came from) continues the enterprise above it.
        let cells = continued(cells, &cols, previous.as_deref());
        let row = Row {
            cells: &cells,
            cols: &cols,
            line,
        };
        if let Some(e) = row.read(cities, catalog, &mut ids, &out, &mut r) {
            out.push(e);
        }
        previous = Some(cells);
    }
    if out.is_empty() && r.problems.is_empty() {
        r.push("rows", 0, None, "the enterprise list has no rows".into());
    }
    let problems = r.finish();
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The enterprise's own columns, which a line's row takes from the row above when they are
/// blank.
const ENTERPRISE_COLUMNS: [usize; 8] = [ID, NAME, CITY, COUNTY, INDUSTRY, GRADE, PROTECTED, REASON];

/// A row whose id and name are blank but which names a line continues the enterprise above.
fn continued(
    mut cells: Vec<String>,
    cols: &[Option<(usize, String)>],
    previous: Option<&[String]>,
) -> Vec<String> {
    let blank =
        |k: usize, c: &[String]| cols[k].as_ref().is_none_or(|(i, _)| is_blank(cell(c, *i)));
    let Some(prev) = previous else {
        return cells;
    };
    if !(blank(ID, &cells) && blank(NAME, &cells)) || blank(PART, &cells) {
        return cells;
    }
    for k in ENTERPRISE_COLUMNS {
        if let Some((i, _)) = &cols[k] {
            if cells.len() <= *i {
                cells.resize(*i + 1, String::new());
            }
            if is_blank(&cells[*i]) {
                cells[*i] = cell(prev, *i).to_string();
            }
        }
    }
    cells
}

/// One row, with the columns found in the header.
struct Row<'a> {
    cells: &'a [String],
    cols: &'a [Option<(usize, String)>],
    line: u64,
}

impl Row<'_> {
    /// The cell of column `k` (empty when the header has no such column).
    fn text(&self, k: usize) -> &str {
        self.cols[k]
            .as_ref()
            .map_or("", |(i, _)| cell(self.cells, *i))
    }

    /// The header spelling of column `k` (its key when absent).
    fn name(&self, k: usize) -> &str {
        self.cols[k]
            .as_ref()
            .map_or(COLUMNS[k].key, |(_, n)| n.as_str())
    }

    fn push(&self, k: usize, message: String, r: &mut Report) {
        r.push(COLUMNS[k].key, self.line, Some(self.name(k)), message);
    }

    /// The cell of a required column, or `None` with a problem saying what it needs.
    fn required(&self, k: usize, what: &str, r: &mut Report) -> Option<&str> {
        let t = self.text(k);
        if is_blank(t) {
            self.push(k, format!("no value (required: {what})"), r);
            return None;
        }
        Some(t)
    }

    /// The enterprise, or `None` when the row has a problem (all of them are reported).
    fn read(
        &self,
        cities: &[&str],
        catalog: &Catalog,
        ids: &mut FirstSeen<(String, String)>,
        done: &[Enterprise],
        r: &mut Report,
    ) -> Option<Enterprise> {
        let before = r.count();
        let id = self.required(ID, "a unique id", r);
        let part = Some(self.text(PART))
            .filter(|t| !is_blank(t))
            .map(str::to_string);
        if let Some(id) = id
            && let Some(first) = ids.seen(
                (id.to_string(), part.clone().unwrap_or_default()),
                self.line,
            )
        {
            let msg = match &part {
                Some(p) => format!(
                    "duplicate line '{p}' of enterprise '{id}'{}",
                    first_on(first)
                ),
                None => format!("duplicate id '{id}'{}", first_on(first)),
            };
            self.push(ID, msg, r);
        }
        let name = self.required(NAME, "the enterprise's name", r);
        let city = self.required(CITY, "a city of the scenario", r);
        if let Some(c) = city
            && !cities.contains(&c)
        {
            self.push(
                CITY,
                format!("unknown city '{c}'{}", city_hint(c, cities)),
                r,
            );
        }
        let industry = self.required(INDUSTRY, "the industry, as the measure catalog names it", r);
        // No grade: an enterprise outside the graded industries (practice.md 4).
        let grade = match self.text(GRADE) {
            t if is_blank(t) => Some(Grade::Ungraded),
            g => parse_grade(g).map_err(|m| self.push(GRADE, m, r)).ok(),
        };
        // The grade belongs to the industry's scheme; an industry the catalog does not name
        // would silently take none of its rules.
        if let (Some(i), Some(g)) = (industry, grade)
            && let Err(m) = catalog.check_grade(i, g)
        {
            let k = if catalog.scheme(i).is_some() {
                GRADE
            } else {
                INDUSTRY
            };
            self.push(k, m, r);
        }
        let protected = self.protection(r);
        let max_load = match self.text(MAX_LOAD) {
            t if is_blank(t) => None,
            t => parse_load(t).map_err(|m| self.push(MAX_LOAD, m, r)).ok(),
        };
        if max_load.is_some() && matches!(protected, Some(None)) {
            let msg = "a maximum load is for a protected enterprise (保障类): mark it protected, \
                       or clear the load"
                .to_string();
            self.push(MAX_LOAD, msg, r);
        }
        let mut emissions = Emissions::default();
        for (p, &k) in EMISSIONS.iter().enumerate() {
            if let Some(t) = self.required(k, "t/day; write 0 for none", r) {
                match crate::emissions::cells::tonnes(t) {
                    Ok(v) => emissions.0[p] = v,
                    Err(m) => self.push(k, m, r),
                }
            }
        }
        let output_value = match self.text(OUTPUT) {
            t if is_blank(t) => OutputValue(0),
            t => table::micro_amount(t, "output value", "万元/day, such as 120.5")
                .map(OutputValue)
                .unwrap_or_else(|m| {
                    self.push(OUTPUT, m, r);
                    OutputValue(0)
                }),
        };
        let processes = match self.text(PROCESSES) {
            t if is_blank(t) => Vec::new(),
            t => parse_processes(t).unwrap_or_else(|m| {
                self.push(PROCESSES, m, r);
                Vec::new()
            }),
        };
        let units = match self.text(UNITS) {
            t if is_blank(t) => None,
            t => parse_units(t).map_err(|m| self.push(UNITS, m, r)).ok(),
        };
        let listed = self.listed(&emissions, r);
        let seasonal = self.seasonal(r);
        // The lines of one enterprise are of one enterprise.
        if let (Some(id), Some(name), Some(city), Some(_)) = (id, name, city, &part)
            && let Some(first) = done.iter().find(|e| e.id == id)
            && (first.name != name || first.city != city)
        {
            let msg = format!(
                "enterprise '{id}' is {} in {} on line {}: the rows of its lines repeat its name \
                 and city (or leave them blank under it)",
                first.name, first.city, first.line
            );
            self.push(ID, msg, r);
        }
        if r.count() > before {
            return None;
        }
        let county = Some(self.text(COUNTY))
            .filter(|t| !is_blank(t))
            .map(str::to_string);
        Some(Enterprise {
            id: id?.to_string(),
            name: name?.to_string(),
            city: city?.to_string(),
            county,
            part,
            listed,
            industry: industry?.to_string(),
            grade: grade?,
            protected: protected?,
            max_load,
            emissions,
            output_value,
            processes,
            units,
            seasonal,
            line: self.line,
        })
    }

    /// The row's seasonal control (错峰) with its dates, all three cells or none.
    fn seasonal(&self, r: &mut Report) -> Option<Seasonal> {
        let texts = [SEASONAL, SEASONAL_START, SEASONAL_END].map(|k| self.text(k));
        parse_seasonal(texts)
            .map_err(|(i, m)| self.push([SEASONAL, SEASONAL_START, SEASONAL_END][i], m, r))
            .ok()
            .flatten()
    }

    /// The list's own measure and reductions at each level it gives (一厂一策): a level's cells
    /// all blank give nothing (the catalog decides); a measure comes with its four reductions,
    /// each at most the row's baseline emission.
    fn listed(&self, baseline: &Emissions, r: &mut Report) -> Vec<ListedMeasure> {
        let mut out = Vec::new();
        for (l, (level, key, _)) in header::LEVELS.iter().enumerate() {
            let k0 = LEVEL0 + 5 * l;
            if self.cols[k0].is_none() {
                continue;
            }
            let measure = self.text(k0);
            let given: Vec<usize> = (1..5).filter(|f| !is_blank(self.text(k0 + f))).collect();
            if is_blank(measure) && given.is_empty() {
                continue;
            }
            if is_blank(measure) {
                let msg = format!(
                    "a {key} reduction without its measure: write what the enterprise does \
                     (停产, 限产30%, 延长结焦时间至36小时 …)"
                );
                self.push(k0, msg, r);
                continue;
            }
            let mut reduction = Emissions::default();
            let mut ok = true;
            for (f, p) in EmissionPollutant::ALL.iter().enumerate() {
                let k = k0 + 1 + f;
                let t = self.text(k);
                if is_blank(t) {
                    let msg = format!(
                        "no {} reduction for the {key} measure (t/day; write 0 where it reduces \
                         nothing)",
                        p.name()
                    );
                    self.push(k, msg, r);
                    ok = false;
                    continue;
                }
                match crate::emissions::cells::tonnes(t) {
                    Ok(v) if v > baseline.get(*p) => {
                        let msg = format!(
                            "the {key} reduction of {} ({t} t/day) is more than the row's \
                             baseline emission ({} t/day)",
                            p.name(),
                            baseline.get(*p)
                        );
                        self.push(k, msg, r);
                        ok = false;
                    }
                    Ok(v) => reduction.0[f] = v,
                    Err(m) => {
                        let m = m.replace("negative emission", "negative reduction");
                        self.push(k, m, r);
                        ok = false;
                    }
                }
            }
            if ok {
                out.push(ListedMeasure {
                    level: *level,
                    measure: measure.to_string(),
                    reduction,
                });
            }
        }
        out
    }

    /// The protection reason of a protected enterprise (`Some(None)`: not protected), or
    /// `None` with a problem. A reason without the flag is refused too: a 保障类 enterprise
    /// curtailed because its flag was forgotten is the costliest mistake a list can make.
    fn protection(&self, r: &mut Report) -> Option<Option<String>> {
        let flag = self.text(PROTECTED);
        let protected = match flag.to_lowercase().as_str() {
            t if is_blank(t) => false,
            "y" | "yes" | "是" => true,
            "n" | "no" | "否" => false,
            _ => {
                let msg = format!("'{flag}' is not Y or N (also 是 or 否; empty means N)");
                self.push(PROTECTED, msg, r);
                return None;
            }
        };
        let reason = Some(self.text(REASON)).filter(|t| !is_blank(t));
        match (protected, reason) {
            (true, Some(why)) => Some(Some(why.to_string())),
            (false, None) => Some(None),
            (true, None) if self.cols[REASON].is_some() => {
                let msg = "no reason for a protected enterprise: say why it is protected \
                           (保障类 供热, 豁免 …)"
                    .to_string();
                self.push(REASON, msg, r);
                None
            }
            (true, None) => {
                let msg = "the enterprise is protected but the file has no 'protected_reason' \
                           column (保障原因): add it with the reason"
                    .to_string();
                self.push(PROTECTED, msg, r);
                None
            }
            (false, Some(why)) => {
                let msg = format!(
                    "a reason is given ('{why}') but the enterprise is not protected: write Y \
                     to protect it, or clear the reason"
                );
                self.push(PROTECTED, msg, r);
                None
            }
        }
    }
}
