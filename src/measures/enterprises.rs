//! The enterprise list of a scenario (应急减排清单): one row per enterprise with its city,
//! industry, performance grade, protection (保障类, 豁免), baseline daily emissions (减排基数,
//! t/day) of SO2, NOx, PM and VOCs, and optionally its output value, processes and number of
//! production lines. The format is documented in `docs/scenario.md`.
//!
//! UTF-8 or GBK, English or Chinese headers (a unit in brackets is checked: `二氧化硫（吨/日）`),
//! true line numbers. Every defective row is reported as `FILE:LINE: column 'NAME': message`
//! (at most [`MESSAGES_PER_KIND`](crate::scenario::table::MESSAGES_PER_KIND) per column, with a
//! count of the rest), as the forecast table is.

use std::path::Path;

use super::model::{Enterprise, Grade, OutputValue, Process};
use crate::emissions::{Emissions, Share};
use crate::scenario::suggest::{hint, one_of};
use crate::scenario::table::{self, ColumnSpec, FirstSeen, Report, Unit, cell, first_on, is_blank};
use crate::scenario::{Problem, city_hint};

/// The columns, in the order of the documented header. Required ones must be in the header
/// and have a value in every row.
const COLUMNS: [ColumnSpec; 16] = [
    spec("id", &["企业编号", "编号"], true, Unit::None),
    spec("name", &["企业名称", "名称"], true, Unit::None),
    spec("city", &["城市"], true, Unit::None),
    spec("county", &["区县"], false, Unit::None),
    spec("industry", &["行业"], true, Unit::None),
    spec("grade", &["绩效等级", "等级"], true, Unit::None),
    spec("protected", &["是否保障类", "保障类"], false, Unit::None),
    spec("protected_reason", &["保障原因"], false, Unit::None),
    spec("so2", &["二氧化硫"], true, Unit::TonnesPerDay),
    spec("nox", &["氮氧化物"], true, Unit::TonnesPerDay),
    spec("pm", &["颗粒物"], true, Unit::TonnesPerDay),
    spec("vocs", &["挥发性有机物"], true, Unit::TonnesPerDay),
    spec("output_value", &["产值"], false, Unit::WanYuanPerDay),
    spec("processes", &["工序"], false, Unit::None),
    spec("units", &["生产线数"], false, Unit::None),
    // Free remarks, never read: lists carry them, and refusing them would help nobody.
    spec("note", &["备注"], false, Unit::None),
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

/// How processes are written, for messages.
const PROCESS_EXAMPLE: &str = "write processes as 烧结:0.35;球团:0.15";

/// Reads an enterprise list. `cities` are the scenario's cities; every row's city must be one
/// of them. Enterprises come in file order.
pub fn read(path: &Path, cities: &[&str]) -> Result<Vec<Enterprise>, Vec<Problem>> {
    let mut r = Report::new(path);
    let mut records = table::records(path, &mut r).into_iter();
    let Some((hline, hcells)) = records.next() else {
        if r.problems.is_empty() {
            r.push("header", 0, None, "the file is empty (no header)".into());
        }
        return Err(r.finish());
    };
    let Some(cols) = table::header(&hcells, hline, &COLUMNS, &mut r) else {
        return Err(r.finish());
    };
    let mut ids = FirstSeen::new();
    let mut out = Vec::new();
    for (line, cells) in records {
        if !table::check_width(&cells, hcells.len(), line, &mut r) {
            continue;
        }
        let row = Row {
            cells: &cells,
            cols: &cols,
            line,
        };
        if let Some(e) = row.read(cities, &mut ids, &mut r) {
            out.push(e);
        }
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
        ids: &mut FirstSeen<String>,
        r: &mut Report,
    ) -> Option<Enterprise> {
        let before = r.count();
        let id = self.required(ID, "a unique id", r);
        if let Some(id) = id
            && let Some(first) = ids.seen(id.to_string(), self.line)
        {
            self.push(ID, format!("duplicate id '{id}'{}", first_on(first)), r);
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
        let grade = self
            .required(GRADE, &format!("one of {}", one_of(&grade_labels())), r)
            .and_then(|g| parse_grade(g).map_err(|m| self.push(GRADE, m, r)).ok());
        let protected = self.protection(r);
        let mut emissions = Emissions::default();
        for (p, &k) in EMISSIONS.iter().enumerate() {
            if let Some(t) = self.required(k, "t/day; write 0 for none", r) {
                match table::tonnes(t) {
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
            industry: industry?.to_string(),
            grade: grade?,
            protected: protected?,
            emissions,
            output_value,
            processes,
            units,
            line: self.line,
        })
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

fn grade_labels() -> [&'static str; 8] {
    Grade::ALL.map(Grade::label)
}

/// A performance grade, or a message listing the grades.
fn parse_grade(text: &str) -> Result<Grade, String> {
    if let Some(g) = Grade::parse(text) {
        return Ok(g);
    }
    if matches!(text, "保障类" | "豁免") {
        return Err(format!(
            "'{text}' is not a performance grade: write the enterprise's grade here and mark it \
             protected instead (Y in column 'protected', '{text}' in 'protected_reason')"
        ));
    }
    let labels = grade_labels();
    // Every one-letter grade is one edit from every other: suggest only for longer names
    // (`非引领` for `非引领性`), list the grades otherwise.
    let near = if text.chars().count() >= 3 {
        hint(text, labels)
    } else {
        String::new()
    };
    Err(match near {
        h if h.is_empty() => format!("unknown grade '{text}' (expected {})", one_of(&labels)),
        h => format!("unknown grade '{text}'{h}"),
    })
}

/// `烧结:0.35;球团:0.15` (also `：`, `；`, and shares as `35%`): names unique, shares adding up
/// to at most 100 % of the enterprise's emissions.
fn parse_processes(text: &str) -> Result<Vec<Process>, String> {
    let mut out: Vec<Process> = Vec::new();
    let mut total: u64 = 0;
    for item in text.split([';', '；']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let Some((name, share)) = item.split_once([':', '：']) else {
            return Err(format!("'{item}' is not name:share ({PROCESS_EXAMPLE})"));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("'{item}' has no process name ({PROCESS_EXAMPLE})"));
        }
        let share = table::share(share).map_err(|m| format!("process '{name}': {m}"))?;
        if out.iter().any(|p| p.name == name) {
            return Err(format!("process '{name}' is listed twice"));
        }
        total += u64::from(share.ppm());
        out.push(Process {
            name: name.to_string(),
            share,
        });
    }
    if total > u64::from(Share::ALL.ppm()) {
        let sum = u32::try_from(total)
            .map_or("far more than 100 %".to_string(), |t| Share(t).to_string());
        return Err(format!(
            "the process shares add up to {sum}: they are shares of the enterprise's \
             emissions, at most 100 % together"
        ));
    }
    if out.is_empty() {
        return Err(format!("no processes in '{text}' ({PROCESS_EXAMPLE})"));
    }
    Ok(out)
}

/// A positive whole number of production lines or units.
fn parse_units(text: &str) -> Result<u32, String> {
    let bad = || format!("'{text}' is not a whole number of production lines or units");
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match text.parse::<u32>() {
        Ok(0) => Err("0 production lines or units: give at least 1, or leave it empty".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "'{text}' production lines or units is implausibly many"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::Tonnes;

    const CITIES: [&str; 2] = ["太原", "晋中"];
    const HEADER: &str = "id,name,city,industry,grade,so2,nox,pm,vocs\n";

    fn read_bytes(bytes: &[u8]) -> Result<Vec<Enterprise>, Vec<Problem>> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let p = dir.path().join("e.csv");
        std::fs::write(&p, bytes).expect("file");
        read(&p, &CITIES)
    }

    fn ok(csv: &str) -> Vec<Enterprise> {
        read_bytes(csv.as_bytes()).unwrap_or_else(|p| panic!("expected a valid list: {p:#?}"))
    }

    /// The problems as `LINE: column 'NAME': message`, without the temporary file's name.
    fn bad(csv: &str) -> Vec<String> {
        let problems = read_bytes(csv.as_bytes()).expect_err("expected problems");
        problems
            .iter()
            .map(|p| {
                let mut s = p.line.map_or(String::new(), |l| format!("{l}: "));
                if let Some(c) = &p.context {
                    s += &format!("{c}: ");
                }
                s + &p.message
            })
            .collect()
    }

    /// The problems of one row after `HEADER`.
    fn bad_row(row: &str) -> Vec<String> {
        bad(&format!("{HEADER}{row}\n"))
    }

    #[test]
    fn every_column_is_read_exactly() {
        let list = ok(
            "id,name,city,county,industry,grade,protected,protected_reason,so2,nox,pm,vocs,\
             output_value,processes,units,note\n\
             E1,甲钢铁,太原,小店区,steel,B-,N,,1.234567,2,0.5,0,300.25,烧结:0.35;球团：15%,4,示例\n\
             E2,乙热电,晋中,,power,D,Y,保障供热,0.1,0.2,0.3,0.4,,,,\n",
        );
        assert_eq!(list.len(), 2);
        let e = &list[0];
        assert_eq!(
            (e.id.as_str(), e.name.as_str(), e.city.as_str()),
            ("E1", "甲钢铁", "太原")
        );
        assert_eq!(e.county.as_deref(), Some("小店区"));
        assert_eq!((e.industry.as_str(), e.grade), ("steel", Grade::BMinus));
        assert_eq!(e.protected, None);
        assert_eq!(
            e.emissions,
            Emissions([
                Tonnes(1_234_567),
                Tonnes(2_000_000),
                Tonnes(500_000),
                Tonnes(0)
            ])
        );
        assert_eq!(e.output_value, OutputValue(300_250_000));
        assert_eq!(
            e.processes,
            [
                Process {
                    name: "烧结".into(),
                    share: Share(350_000)
                },
                Process {
                    name: "球团".into(),
                    share: Share(150_000)
                }
            ]
        );
        assert_eq!((e.units, e.line), (Some(4), 2));
        let e = &list[1];
        assert_eq!(e.protected.as_deref(), Some("保障供热"));
        assert_eq!((e.county.clone(), e.output_value), (None, OutputValue(0)));
        assert!(e.processes.is_empty() && e.units.is_none());
    }

    #[test]
    fn chinese_headers_gbk_and_true_lines() {
        let text = "企业编号,企业名称,城市,区县,行业,绩效等级,是否保障类,保障原因,\
                    二氧化硫（吨/日）,氮氧化物(t/d),颗粒物,挥发性有机物,产值（万元/日）,工序,生产线数\r\n\
                    \r\n\
                    E1,甲焦化,太原,清徐县,coking,C级,否,,1,2,3,4,50,焦炉:0.7,2\r\n\
                    E2,乙电厂,晋中,,power,A,是,豁免,1,2,3,4,,,\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let list = read_bytes(&gbk).expect("valid");
        assert_eq!(list[0].name, "甲焦化");
        assert_eq!(list[0].county.as_deref(), Some("清徐县"));
        assert_eq!(list[0].grade, Grade::C);
        assert_eq!(list[0].line, 3);
        assert_eq!(list[1].protected.as_deref(), Some("豁免"));
        assert_eq!(list[1].line, 4);
        // The short aliases.
        let list = ok(
            "编号,名称,城市,行业,等级,保障类,二氧化硫,氮氧化物,颗粒物,挥发性有机物\n\
                       E1,甲,太原,steel,D,N,1,1,1,1\n",
        );
        assert_eq!(list[0].grade, Grade::D);
    }

    #[test]
    fn header_problems() {
        assert_eq!(
            bad(
                "id,name,city,industry,grade,so2,nox,pm,vocs,protectd,remark\nE1,甲,太原,s,C,1,1,1,1,Y,\n"
            ),
            [
                "1: column 'protectd': unknown column (did you mean 'protected'?)",
                "1: column 'remark': unknown column (columns: id, name, city, county, industry, \
                 grade, protected, protected_reason, so2, nox, pm, vocs, output_value, processes, \
                 units, note)",
            ]
        );
        assert_eq!(
            bad("id,name,city,grade,so2,nox,pm,名称\n"),
            [
                "1: column '名称': appears twice (columns 2 and 8)",
                "1: no 'industry' column (行业)",
                "1: no 'vocs' column (挥发性有机物)",
            ]
        );
        assert_eq!(
            bad("id,name,city,industry,grade,so2(t/a),nox(kg/d),pm,vocs,产值(元)\n"),
            [
                "1: column 'so2(t/a)': the unit 't/a' is not t/day: convert the column to t/day \
                 (吨/日), as the targets are daily",
                "1: column 'nox(kg/d)': the unit 'kg/d' is not t/day: convert the column to t/day \
                 (吨/日), as the targets are daily",
                "1: column '产值(元)': the unit '元' is not 万元/day: convert the column to 万元 per \
                 day (万元/日)",
            ]
        );
        assert_eq!(bad(""), ["the file is empty (no header)"]);
        assert_eq!(bad("\n\n"), ["the file is empty (no header)"]);
        assert_eq!(bad(HEADER), ["the enterprise list has no rows"]);
    }

    #[test]
    fn required_values() {
        assert_eq!(
            bad_row("-,,—,,NA,,,,"),
            [
                "2: column 'id': no value (required: a unique id)",
                "2: column 'name': no value (required: the enterprise's name)",
                "2: column 'city': no value (required: a city of the scenario)",
                "2: column 'industry': no value (required: the industry, as the measure catalog \
                 names it)",
                "2: column 'grade': no value (required: one of A+, A, 引领性, B, B-, C, 非引领性 or D)",
                "2: column 'so2': no value (required: t/day; write 0 for none)",
                "2: column 'nox': no value (required: t/day; write 0 for none)",
                "2: column 'pm': no value (required: t/day; write 0 for none)",
                "2: column 'vocs': no value (required: t/day; write 0 for none)",
            ]
        );
        // A short row is missing its last values; `-` is no value too.
        assert_eq!(
            bad_row("E1,甲,太原,steel,C,1,-"),
            [
                "2: column 'nox': no value (required: t/day; write 0 for none)",
                "2: column 'pm': no value (required: t/day; write 0 for none)",
                "2: column 'vocs': no value (required: t/day; write 0 for none)",
            ]
        );
        assert_eq!(
            bad_row("E1,甲,太原,steel,C,1,1,1,1,extra"),
            ["2: 10 fields where the header has 9; row skipped"]
        );
    }

    #[test]
    fn grades() {
        assert_eq!(
            ok(&format!("{HEADER}E1,甲,太原,s,a+,1,1,1,1\n"))[0].grade,
            Grade::APlus
        );
        assert_eq!(
            bad_row("E1,甲,太原,s,E,1,1,1,1"),
            [
                "2: column 'grade': unknown grade 'E' (expected A+, A, 引领性, B, B-, C, 非引领性 or D)"
            ]
        );
        // One letter from B-, but also from A+: no guess for short names.
        assert_eq!(
            bad_row("E1,甲,太原,s,B+,1,1,1,1"),
            [
                "2: column 'grade': unknown grade 'B+' (expected A+, A, 引领性, B, B-, C, 非引领性 or D)"
            ]
        );
        assert_eq!(
            bad_row("E1,甲,太原,s,非引领,1,1,1,1"),
            ["2: column 'grade': unknown grade '非引领' (did you mean '非引领性'?)"]
        );
        assert_eq!(
            bad_row("E1,甲,太原,s,豁免,1,1,1,1"),
            [
                "2: column 'grade': '豁免' is not a performance grade: write the enterprise's \
                 grade here and mark it protected instead (Y in column 'protected', '豁免' in \
                 'protected_reason')"
            ]
        );
    }

    #[test]
    fn ids_and_cities() {
        assert_eq!(
            bad(&format!(
                "{HEADER}E1,甲,太原,s,C,1,1,1,1\nE2,乙,太圆,s,C,1,1,1,1\nE1,丙,大同,s,C,1,1,1,1\n"
            )),
            [
                "3: column 'city': unknown city '太圆' (did you mean '太原'?)",
                "4: column 'id': duplicate id 'E1' (first on line 2)",
                "4: column 'city': unknown city '大同' (not in cities: 太原, 晋中)",
            ]
        );
    }

    #[test]
    fn emissions_and_amounts() {
        assert_eq!(
            bad_row("E1,甲,太原,s,C,-1.5,1e3,1,99999999"),
            [
                "2: column 'so2': negative emission '-1.5' (t/day cannot be below zero)",
                "2: column 'nox': '1e3' is not a number (t/day, such as 12.5)",
                "2: column 'vocs': '99999999' t/day is implausibly large: check the unit (t/day, \
                 not kg or t/year)",
            ]
        );
        let h = "id,name,city,industry,grade,so2,nox,pm,vocs,output_value,units\n";
        assert_eq!(
            bad(&format!(
                "{h}E1,甲,太原,s,C,1,1,1,1,-5,0\nE2,乙,太原,s,C,1,1,1,1,12万,2.5\n"
            )),
            [
                "2: column 'output_value': negative output value '-5'",
                "2: column 'units': 0 production lines or units: give at least 1, or leave it \
                 empty",
                "3: column 'output_value': '12万' is not a number (万元/day, such as 120.5)",
                "3: column 'units': '2.5' is not a whole number of production lines or units",
            ]
        );
        assert_eq!(
            bad(&format!("{h}E1,甲,太原,s,C,1,1,1,1,1,99999999999\n")),
            ["2: column 'units': '99999999999' production lines or units is implausibly many"]
        );
    }

    #[test]
    fn processes() {
        let p = |t: &str| parse_processes(t);
        assert_eq!(p("烧结:1").map(|v| v.len()), Ok(1));
        assert_eq!(
            p(" 烧结 : 0.5 ; ").map(|v| v[0].name.clone()),
            Ok("烧结".into())
        );
        assert_eq!(
            p("烧结0.35"),
            Err("'烧结0.35' is not name:share (write processes as 烧结:0.35;球团:0.15)".into())
        );
        assert_eq!(
            p(":0.35"),
            Err("':0.35' has no process name (write processes as 烧结:0.35;球团:0.15)".into())
        );
        assert_eq!(
            p("烧结:35"),
            Err("process '烧结': '35' is more than 100 % (for 35 percent write 35%)".into())
        );
        assert_eq!(
            p("烧结:0.2;烧结:0.3"),
            Err("process '烧结' is listed twice".into())
        );
        assert_eq!(
            p("烧结:60%;球团:0.5"),
            Err(
                "the process shares add up to 110%: they are shares of the enterprise's \
                 emissions, at most 100 % together"
                    .into()
            )
        );
        assert_eq!(
            p(";;"),
            Err("no processes in ';;' (write processes as 烧结:0.35;球团:0.15)".into())
        );
        // Thousands of full shares add up beyond a u32 of ppm without overflowing.
        let many: Vec<String> = (0..5000).map(|i| format!("p{i}:1")).collect();
        assert!(
            p(&many.join(";"))
                .unwrap_err()
                .contains("far more than 100 %")
        );
    }

    #[test]
    fn protection() {
        let h = "id,name,city,industry,grade,so2,nox,pm,vocs,protected,protected_reason\n";
        let list = ok(&format!(
            "{h}E1,甲,太原,s,C,1,1,1,1,y,供热\nE2,乙,太原,s,C,1,1,1,1,否,\nE3,丙,太原,s,C,1,1,1,1,,—\n"
        ));
        assert_eq!(list[0].protected.as_deref(), Some("供热"));
        assert_eq!(
            (list[1].protected.clone(), list[2].protected.clone()),
            (None, None)
        );
        assert_eq!(
            bad(&format!(
                "{h}E1,甲,太原,s,C,1,1,1,1,Y,\nE2,乙,太原,s,C,1,1,1,1,N,供热\nE3,丙,太原,s,C,1,1,1,1,maybe,\n"
            )),
            [
                "2: column 'protected_reason': no reason for a protected enterprise: say why it \
                 is protected (保障类 供热, 豁免 …)",
                "3: column 'protected': a reason is given ('供热') but the enterprise is not \
                 protected: write Y to protect it, or clear the reason",
                "4: column 'protected': 'maybe' is not Y or N (also 是 or 否; empty means N)",
            ]
        );
        assert_eq!(
            bad("id,name,city,industry,grade,so2,nox,pm,vocs,保障类\nE1,甲,太原,s,C,1,1,1,1,是\n"),
            [
                "2: column '保障类': the enterprise is protected but the file has no \
                 'protected_reason' column (保障原因): add it with the reason"
            ]
        );
    }

    #[test]
    fn problems_are_capped_per_column() {
        let mut csv = HEADER.to_string();
        for i in 0..25 {
            csv += &format!("E{i},甲,太原,s,Z,1,1,1,1\n");
        }
        let p = bad(&csv);
        assert_eq!(p.len(), table::MESSAGES_PER_KIND + 1);
        assert_eq!(
            p.last().map(String::as_str),
            Some("5 more grade problem(s) not shown (25 in all)")
        );
    }

    #[test]
    fn broken_files_are_problems_not_panics() {
        // An unclosed quote runs to the end of the file: the row is short.
        assert_eq!(
            bad(&format!("{HEADER}E1,\"甲,太原,s,C,1,1,1,1\n"))[0],
            "2: column 'city': no value (required: a city of the scenario)"
        );
        let dir = tempfile::tempdir().expect("temporary folder");
        let e = read(dir.path(), &CITIES).unwrap_err();
        assert!(e[0].message.starts_with("cannot read"), "{e:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_an_answer_not_a_panic(
            body in "[,;:：\n\r\"E1\\-.9太原晋中A-D%是否Y保障类烧结]{0,200}"
        ) {
            let _ = read_bytes(format!("{HEADER}{body}").as_bytes());
            let _ = read_bytes(body.as_bytes());
        }
    }
}
