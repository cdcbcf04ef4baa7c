//! The synthetic 一厂一策 list of the Taiyuan example, as a bureau keeps it (practice.md 4): a
//! workbook with a title row, a two-row header whose first row names each warning level over
//! its columns (merged cells), the rows of an enterprise's production lines under its merged
//! cells, enterprises without a grade, and for each level the measure and its reduction of
//! SO2, NOx, PM and VOCs; and the same list as a GBK CSV, as Excel on Chinese Windows saves it.
//!
//! Made from the synthetic enterprises of `enterprises()`: coke plants get a row per line
//! (coke ovens, by-product plant) with the coking-time measures plans use (延长结焦时间:
//! reduction = 1 - normal / extended time), steel works stop sinter and pellet, and every city
//! gains enterprises of other industries without a grade. All of it SYNTHETIC.

use std::fmt::Write as _;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// One row of the list: an enterprise, or one line of it.
pub struct Row {
    id: String,
    name: String,
    city: String,
    county: String,
    industry: String,
    grade: String,
    protected: bool,
    reason: String,
    part: String,
    emissions: [f64; 4],
    output: f64,
    /// Processes with their shares (工序), for the catalog's process stops.
    processes: String,
    /// A protected enterprise's approved maximum load (核定最大负荷), a share.
    max_load: Option<f64>,
    /// The seasonal control (错峰) over the heating season, if any.
    seasonal: Option<&'static str>,
    /// The measure and reductions at yellow, orange, red (empty measure: none given).
    levels: [(String, [f64; 4]); 3],
}

/// The heating season's seasonal controls (错峰生产): Shanxi stops grade D and staggers the
/// others of its key industries over the heating season (standards.md 5.1); here cement,
/// from 2026-11-15 to 2027-03-15. SYNTHETIC.
const SEASON: [&str; 2] = ["2026-11-15", "2027-03-15"];

fn seasonal(industry: &str, grade: &str, protected: bool) -> Option<&'static str> {
    match (industry, grade, protected) {
        (_, _, true) => None,
        ("cement", "D", _) => Some("停产"),
        ("cement", "C", _) => Some("限产30%"),
        _ => None,
    }
}

const LEVELS: [&str; 3] = [
    "黄色预警（Ⅲ级响应）",
    "橙色预警（Ⅱ级响应）",
    "红色预警（Ⅰ级响应）",
];
const BASE: [&str; 19] = [
    "企业编号",
    "企业名称",
    "城市",
    "区县",
    "行业",
    "绩效等级",
    "是否保障类",
    "保障原因",
    "生产线",
    "二氧化硫（吨/日）",
    "氮氧化物（吨/日）",
    "颗粒物（吨/日）",
    "挥发性有机物（吨/日）",
    "产值（万元/日）",
    "工序",
    "核定最大负荷",
    "错峰措施",
    "错峰开始日期",
    "错峰结束日期",
];
/// The columns of the seasonal days (written as dates in the workbook).
const SEASON_COLUMNS: [usize; 2] = [17, 18];
const UNDER: [&str; 5] = ["减排措施", "二氧化硫", "氮氧化物", "颗粒物", "挥发性有机物"];

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn scaled(e: &[f64; 4], f: f64) -> [f64; 4] {
    e.map(|x| round3(x * f))
}

fn no_level() -> (String, [f64; 4]) {
    (String::new(), [0.0; 4])
}

/// Grades whose measures are the list's to set (A+, A, 引领性 reduce on their own).
fn curtailed(grade: &str) -> bool {
    !matches!(grade, "A+" | "A" | "引领性")
}

/// The list's rows, from the synthetic enterprise CSV of `enterprises()`.
pub fn rows(list: &str, cities: &[(&str, usize)], seed: u64) -> Vec<Row> {
    let mut out = Vec::new();
    for line in list.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let e: [f64; 4] = std::array::from_fn(|i| c[8 + i].parse().unwrap_or(0.0));
        let base = |part: &str, emissions: [f64; 4], output: f64| Row {
            id: c[0].to_string(),
            name: c[1].to_string(),
            city: c[2].to_string(),
            county: c[3].to_string(),
            industry: c[4].to_string(),
            grade: c[5].to_string(),
            protected: c[6] == "Y",
            reason: c[7].to_string(),
            part: part.to_string(),
            emissions,
            output,
            // A line's row is one process already.
            processes: if part.is_empty() {
                c[13].to_string()
            } else {
                String::new()
            },
            // Heat supply runs as heat demand sets it (以热定产): an approved 85 % here.
            max_load: (c[6] == "Y").then_some(0.85),
            seasonal: seasonal(c[4], c[5], c[6] == "Y"),
            levels: [no_level(), no_level(), no_level()],
        };
        let output: f64 = c[12].parse().unwrap_or(0.0);
        let listed = curtailed(c[5]) && c[6] != "Y";
        match c[4] {
            // Coke ovens cannot be stopped: the coking time is extended (normal 24 h; 28, 36,
            // 48 h by level), reduction 1 - 24/t; the by-product plant cuts its load.
            "coking" => {
                let mut ovens = base("焦炉", scaled(&e, 0.7), round3(output * 0.7));
                let mut byprod = base("化产回收", scaled(&e, 0.3), round3(output * 0.3));
                if listed {
                    for (l, hours) in [28.0, 36.0, 48.0].into_iter().enumerate() {
                        let f = 1.0 - 24.0 / hours;
                        ovens.levels[l] = (
                            format!("延长结焦时间至{hours}小时"),
                            scaled(&ovens.emissions, f),
                        );
                    }
                    for (l, f) in [(1, 0.2), (2, 0.3)] {
                        byprod.levels[l] = (
                            format!("化产回收工段限产{}%", f * 100.0),
                            scaled(&byprod.emissions, f),
                        );
                    }
                }
                out.push(ovens);
                out.push(byprod);
            }
            // Steel: stop sinter and pellet (50 % of the works' emissions) at orange and red.
            "steel" if listed => {
                let mut r = base("", e, output);
                for l in [1, 2] {
                    r.levels[l] = ("停产烧结机、球团竖炉".to_string(), scaled(&e, 0.5));
                }
                out.push(r);
            }
            _ => out.push(base("", e, output)),
        }
    }
    // Enterprises of other industries, without a grade: some of them list their own measures.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    const OTHER: [(&str, &str); 4] = [
        ("食品加工", "食品"),
        ("家具制造", "家具"),
        ("包装印刷", "印刷"),
        ("铸造", "铸造"),
    ];
    for (ci, &(city, _)) in cities.iter().enumerate() {
        for k in 0..12 {
            let (industry, short) = OTHER[rng.random_range(0..OTHER.len())];
            // Packaging printing and furniture are graded 引领性 / 非引领性 (the catalog's
            // schemes); the others stay ungraded (其他行业).
            let grade = match (industry, rng.random_range(0..4)) {
                ("包装印刷" | "家具制造", 0) => "引领性",
                ("包装印刷" | "家具制造", 1 | 2) => "非引领性",
                _ => "",
            };
            let e: [f64; 4] = [
                round3(rng.random_range(0.0..0.05)),
                round3(rng.random_range(0.01..0.08)),
                round3(rng.random_range(0.02..0.12)),
                round3(rng.random_range(0.05..0.4)),
            ];
            let mut r = Row {
                id: format!("Q{:02}{:03}", ci + 1, k + 1),
                name: format!("{city}示例{short}{}有限公司（合成）", k + 1),
                city: city.to_string(),
                county: format!("{city}示例区"),
                industry: industry.to_string(),
                grade: grade.to_string(),
                protected: false,
                reason: String::new(),
                part: String::new(),
                emissions: e,
                output: rng.random_range(2.0..30.0f64).round(),
                processes: String::new(),
                max_load: None,
                seasonal: None,
                levels: [no_level(), no_level(), no_level()],
            };
            if grade != "引领性" && rng.random_range(0.0..1.0) < 0.5 {
                r.levels[1] = ("停止使用溶剂型原料，限产50%".to_string(), scaled(&e, 0.5));
                r.levels[2] = ("停产".to_string(), e);
            }
            out.push(r);
        }
    }
    out
}

/// Each city's total emissions of its rows.
pub fn sums(rows: &[Row], cities: &[&str]) -> Vec<[f64; 4]> {
    cities
        .iter()
        .map(|c| {
            let mut s = [0.0; 4];
            for r in rows.iter().filter(|r| r.city == *c) {
                for (x, e) in s.iter_mut().zip(&r.emissions) {
                    *x += e;
                }
            }
            s
        })
        .collect()
}

fn num(x: f64) -> String {
    format!("{}", round3(x))
}

/// The cells of a row, as text.
fn cells(r: &Row) -> Vec<String> {
    let mut v = vec![
        r.id.clone(),
        r.name.clone(),
        r.city.clone(),
        r.county.clone(),
        r.industry.clone(),
        r.grade.clone(),
        if r.protected { "是" } else { "否" }.to_string(),
        r.reason.clone(),
        r.part.clone(),
    ];
    v.extend(r.emissions.iter().map(|x| num(*x)));
    v.push(num(r.output));
    v.push(r.processes.clone());
    v.push(r.max_load.map_or(String::new(), num));
    match r.seasonal {
        Some(control) => v.extend([control.to_string(), SEASON[0].into(), SEASON[1].into()]),
        None => v.extend([String::new(), String::new(), String::new()]),
    }
    for (measure, red) in &r.levels {
        v.push(measure.clone());
        if measure.is_empty() {
            v.extend(std::iter::repeat_n(String::new(), 4));
        } else {
            v.extend(red.iter().map(|x| num(*x)));
        }
    }
    v
}

const TITLE: &str = "太原盆地重污染天气应急减排清单（一厂一策，示例，合成数据）";

/// The list as a CSV export: the title, the two header rows (a level's name in its first
/// column, blanks after it), and a line's row with its enterprise's cells blank.
pub fn csv(rows: &[Row]) -> String {
    let width = BASE.len() + 15;
    let mut s = String::new();
    let mut title = vec![TITLE.to_string()];
    title.resize(width, String::new());
    let _ = writeln!(s, "{}", title.join(","));
    let mut top: Vec<String> = BASE.iter().map(|x| x.to_string()).collect();
    let mut under = vec![String::new(); BASE.len()];
    for l in LEVELS {
        top.push(l.to_string());
        top.extend(std::iter::repeat_n(String::new(), 4));
        under.extend(UNDER.iter().map(|x| x.to_string()));
    }
    let _ = writeln!(s, "{}", top.join(","));
    let _ = writeln!(s, "{}", under.join(","));
    let mut previous = "";
    for r in rows {
        let mut c = cells(r);
        if r.id == previous {
            for cell in c.iter_mut().take(8) {
                cell.clear();
            }
        }
        previous = &r.id;
        let _ = writeln!(s, "{}", c.join(","));
    }
    s
}

/// The list as a workbook: the title and the level names merged over their columns, the
/// enterprise columns merged down over both header rows and over the rows of its lines.
pub fn workbook(rows: &[Row], path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time: the same bytes on every run.
    wb.set_properties(
        &DocProperties::new()
            .set_title(TITLE)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 12, 1)?),
    );
    let ws = wb.add_worksheet().set_name("应急减排清单")?;
    let head = Format::new().set_bold().set_align(FormatAlign::Center);
    let width = (BASE.len() + 15) as u16;
    ws.merge_range(0, 0, 0, width - 1, TITLE, &head)?;
    for (c, name) in BASE.iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, name, &head)?;
    }
    for (l, name) in LEVELS.iter().enumerate() {
        let c0 = (BASE.len() + 5 * l) as u16;
        ws.merge_range(1, c0, 1, c0 + 4, name, &head)?;
        for (k, u) in UNDER.iter().enumerate() {
            ws.write_with_format(2, c0 + k as u16, *u, &head)?;
        }
    }
    let plain = Format::new();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let mut row = 3u32;
    let mut i = 0;
    while i < rows.len() {
        let n = rows[i..].iter().take_while(|r| r.id == rows[i].id).count();
        for (k, r) in rows[i..i + n].iter().enumerate() {
            let r0 = row + k as u32;
            for (c, v) in cells(r).iter().enumerate() {
                // The enterprise's own columns are merged over its lines below.
                if n > 1 && c < 8 {
                    continue;
                }
                match v.parse::<f64>() {
                    // Days as Excel keeps them: date cells, not text.
                    _ if SEASON_COLUMNS.contains(&c) && !v.is_empty() => ws
                        .write_datetime_with_format(
                            r0,
                            c as u16,
                            ExcelDateTime::parse_from_str(v)?,
                            &day,
                        )?,
                    Ok(x) if c >= 9 => ws.write(r0, c as u16, x)?,
                    _ if v.is_empty() => continue,
                    _ => ws.write(r0, c as u16, v.as_str())?,
                };
            }
        }
        if n > 1 {
            for (c, v) in cells(&rows[i]).iter().enumerate().take(8) {
                ws.merge_range(row, c as u16, row + n as u32 - 1, c as u16, v, &plain)?;
            }
        }
        row += n as u32;
        i += n;
    }
    ws.set_freeze_panes(3, 2)?;
    wb.save(path)
}
