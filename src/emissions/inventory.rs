//! The emission inventory of a scenario: each city's daily emissions (t/day) of SO2, NOx, PM
//! and VOCs by sector, the base of its reduction targets (standards.md 4: the cut is a share
//! of the city's society-wide total). The format is documented in `docs/scenario.md`.
//!
//! UTF-8 or GBK, English or Chinese headers, true line numbers; every defective row is
//! reported as `FILE:LINE: column 'NAME': message`, as the forecast table is. A city and
//! sector appear at most once; a sector without a row emits nothing; every city of the
//! scenario needs at least one row, or its targets would have no base.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::model::{Emissions, Inventory, PerSector, Sector};
use crate::diag::suggest::hint;
use crate::diag::{Problem, suggest::city_hint};
use crate::table::{self, ColumnSpec, FirstSeen, Report, Unit, cell, first_on, is_blank};

/// The columns, all required.
const COLUMNS: [ColumnSpec; 7] = [
    ColumnSpec {
        key: "city",
        aliases: &["城市"],
        required: true,
        unit: Unit::None,
    },
    ColumnSpec {
        key: "sector",
        aliases: &["部门", "行业类别"],
        required: true,
        unit: Unit::None,
    },
    ColumnSpec {
        key: "so2",
        aliases: &["二氧化硫"],
        required: true,
        unit: Unit::TonnesPerDay,
    },
    ColumnSpec {
        key: "nox",
        aliases: &["氮氧化物"],
        required: true,
        unit: Unit::TonnesPerDay,
    },
    ColumnSpec {
        key: "pm",
        aliases: &["颗粒物"],
        required: true,
        unit: Unit::TonnesPerDay,
    },
    ColumnSpec {
        key: "vocs",
        aliases: &["挥发性有机物"],
        required: true,
        unit: Unit::TonnesPerDay,
    },
    // Free remarks (the source of a row), never read.
    ColumnSpec {
        key: "note",
        aliases: &["备注"],
        required: false,
        unit: Unit::None,
    },
];

const CITY: usize = 0;
const SECTOR: usize = 1;
const EMISSIONS: [usize; 4] = [2, 3, 4, 5];

/// Sector spellings for suggestions, and the list shown when none is near.
const SECTOR_NAMES: [&str; 12] = [
    "industry",
    "traffic",
    "mobile",
    "dust",
    "residential",
    "other",
    "工业",
    "交通",
    "移动源",
    "扬尘",
    "生活",
    "其他",
];

/// Where each row of an inventory is, for messages that compare it with other files.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Located {
    /// The line of each city and sector.
    pub lines: HashMap<(String, Sector), u64>,
    /// The header spellings of the SO2, NOx, PM and VOCs columns.
    pub columns: [String; 4],
}

/// Reads an inventory. `cities` are the scenario's cities: every row's city must be one of
/// them, and each of them needs at least one row.
pub fn read(path: &Path, cities: &[&str]) -> Result<Inventory, Vec<Problem>> {
    read_located(path, cities).map(|(inventory, _)| inventory)
}

/// [`read`], with the line of every row.
pub(crate) fn read_located(
    path: &Path,
    cities: &[&str],
) -> Result<(Inventory, Located), Vec<Problem>> {
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
    // Every column is required: the header check has found them all.
    let col = |k: usize| cols[k].clone().unwrap_or_default();
    let mut located = Located {
        lines: HashMap::new(),
        columns: EMISSIONS.map(|k| col(k).1),
    };
    let mut out: BTreeMap<String, PerSector<Emissions>> = BTreeMap::new();
    let mut seen: FirstSeen<(String, Sector)> = FirstSeen::new();
    let mut with_rows: Vec<&str> = Vec::new();
    for (line, cells) in records {
        let (ci, city_col) = col(CITY);
        let city = cell(&cells, ci);
        let known = cities.iter().find(|c| **c == city).copied();
        // A city whose rows are all defective has rows: their defects are the message.
        if let Some(c) = known
            && !with_rows.contains(&c)
        {
            with_rows.push(c);
        }
        if !table::check_width(&cells, hcells.len(), line, &mut r) {
            continue;
        }
        let before = r.count();
        match known {
            Some(_) => {}
            None if is_blank(city) => {
                let msg = "no value (required: a city of the scenario)".to_string();
                r.push("city", line, Some(&city_col), msg);
            }
            None => {
                let msg = format!("unknown city '{city}'{}", city_hint(city, cities));
                r.push("city", line, Some(&city_col), msg);
            }
        }
        let (si, sector_col) = col(SECTOR);
        let sector = parse_sector(cell(&cells, si))
            .map_err(|m| r.push("sector", line, Some(&sector_col), m))
            .ok();
        let mut emissions = Emissions::default();
        for (p, &k) in EMISSIONS.iter().enumerate() {
            let (i, name) = col(k);
            let text = cell(&cells, i);
            let value = if is_blank(text) {
                Err("no value (required: t/day; write 0 for none)".to_string())
            } else {
                super::cells::tonnes(text)
            };
            match value {
                Ok(v) => emissions.0[p] = v,
                Err(m) => r.push(COLUMNS[k].key, line, Some(&name), m),
            }
        }
        let (Some(city), Some(sector)) = (known, sector) else {
            continue;
        };
        if let Some(first) = seen.seen((city.to_string(), sector), line) {
            let msg = format!(
                "duplicate row for {city} {}{}",
                sector.key(),
                first_on(first)
            );
            r.push("duplicate", line, None, msg);
            continue;
        }
        if r.count() > before {
            continue;
        }
        located.lines.insert((city.to_string(), sector), line);
        out.entry(city.to_string()).or_default()[sector] = emissions;
    }
    for city in cities.iter().filter(|c| !with_rows.contains(c)) {
        let msg = format!(
            "no inventory rows for {city}: add its emissions (every city of the scenario needs \
             them, as the base of its reduction targets)"
        );
        r.push("missing city", 0, None, msg);
    }
    let problems = r.finish();
    if problems.is_empty() {
        Ok((Inventory { cities: out }, located))
    } else {
        Err(problems)
    }
}

/// A sector by key or Chinese name (case ignored), or a message with the choices.
fn parse_sector(text: &str) -> Result<Sector, String> {
    if is_blank(text) {
        return Err("no value (required: industry, traffic, dust, residential or other)".into());
    }
    if let Some(s) = Sector::parse(&text.to_lowercase()) {
        return Ok(s);
    }
    Err(match hint(text, SECTOR_NAMES) {
        h if h.is_empty() => format!(
            "unknown sector '{text}' (expected industry/工业, traffic/交通, dust/扬尘, \
             residential/生活 or other/其他)"
        ),
        h => format!("unknown sector '{text}'{h}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::{EmissionPollutant, Tonnes};

    const CITIES: [&str; 2] = ["太原", "晋中"];

    fn read_bytes(bytes: &[u8]) -> Result<(Inventory, Located), Vec<Problem>> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let p = dir.path().join("i.csv");
        std::fs::write(&p, bytes).expect("file");
        read_located(&p, &CITIES)
    }

    /// The problems as `LINE: column 'NAME': message`, without the temporary file's name.
    fn bad(csv: &str) -> Vec<String> {
        let problems = read_bytes(csv.as_bytes()).expect_err("expected problems");
        problems.iter().map(Problem::without_file).collect()
    }

    #[test]
    fn rows_by_city_and_sector() {
        let (inv, located) = read_bytes(
            "city,sector,so2,nox,pm,vocs\n太原,industry,12.5,30,8,6.000001\n太原,Traffic,0,20,1,4\n\
             晋中,其他,1,1,1,1\n"
                .as_bytes(),
        )
        .expect("valid");
        let ind = inv.sector("太原", Sector::Industry).expect("a row");
        assert_eq!(ind.get(EmissionPollutant::So2), Tonnes(12_500_000));
        assert_eq!(ind.get(EmissionPollutant::Vocs), Tonnes(6_000_001));
        // A sector without a row emits nothing.
        assert_eq!(inv.sector("太原", Sector::Dust), Some(Emissions::default()));
        let total = inv.total("太原").expect("a city");
        assert_eq!(total.get(EmissionPollutant::Nox), Tonnes(50_000_000));
        assert_eq!(
            inv.sector("晋中", Sector::Other)
                .map(|e| e.get(EmissionPollutant::Pm)),
            Some(Tonnes(1_000_000))
        );
        assert_eq!(located.lines[&("太原".to_string(), Sector::Traffic)], 3);
        assert_eq!(located.columns, ["so2", "nox", "pm", "vocs"]);
    }

    #[test]
    fn chinese_headers_and_gbk() {
        let text = "城市,部门,二氧化硫（吨/日）,氮氧化物,颗粒物,挥发性有机物,备注\r\n\
                    太原,工业,1,2,3,4,统计年鉴\r\n\r\n晋中,扬尘源,0,0,5,0,\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (inv, located) = read_bytes(&gbk).expect("valid");
        assert_eq!(
            inv.sector("晋中", Sector::Dust)
                .map(|e| e.get(EmissionPollutant::Pm)),
            Some(Tonnes(5_000_000))
        );
        assert_eq!(located.lines[&("晋中".to_string(), Sector::Dust)], 4);
        assert_eq!(located.columns[0], "二氧化硫（吨/日）");
        let ok = read_bytes(
            "city,行业类别,so2,nox,pm,vocs\n太原,生活,1,1,1,1\n晋中,mobile,1,1,1,1\n".as_bytes(),
        );
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn row_problems() {
        assert_eq!(
            bad("city,sector,so2,nox,pm,vocs\n\
                 太原,industry,1,1,1,1\n\
                 太原,工业,1,1,1,1\n\
                 太圆,agriculture,1,1,1,1\n\
                 晋中,industy,-1,x,,1\n\
                 ,,1,1,1,1\n"),
            [
                "3: duplicate row for 太原 industry (first on line 2)",
                "4: column 'city': unknown city '太圆' (did you mean '太原'?)",
                "4: column 'sector': unknown sector 'agriculture' (expected industry/工业, \
                 traffic/交通, dust/扬尘, residential/生活 or other/其他)",
                "5: column 'sector': unknown sector 'industy' (did you mean 'industry'?)",
                "5: column 'so2': negative emission '-1' (t/day cannot be below zero)",
                "5: column 'nox': 'x' is not a number (t/day, such as 12.5)",
                "5: column 'pm': no value (required: t/day; write 0 for none)",
                "6: column 'city': no value (required: a city of the scenario)",
                "6: column 'sector': no value (required: industry, traffic, dust, residential or \
                 other)",
            ]
        );
    }

    #[test]
    fn every_city_needs_rows() {
        assert_eq!(
            bad("city,sector,so2,nox,pm,vocs\n太原,industry,1,1,1,1\n"),
            [
                "no inventory rows for 晋中: add its emissions (every city of the scenario needs \
                 them, as the base of its reduction targets)"
            ]
        );
        // A city whose rows are defective has rows: its defects are the message.
        assert_eq!(
            bad("city,sector,so2,nox,pm,vocs\n太原,industry,1,1,1,1\n晋中,industry,x,1,1,1\n"),
            ["3: column 'so2': 'x' is not a number (t/day, such as 12.5)"]
        );
    }

    #[test]
    fn header_problems() {
        assert_eq!(
            bad("city,sectr,so2,nox,pm\n"),
            [
                "1: column 'sectr': unknown column (did you mean 'sector'?)",
                "1: no 'sector' column (部门)",
                "1: no 'vocs' column (挥发性有机物)",
            ]
        );
        assert_eq!(bad(""), ["the file is empty (no header)"]);
        assert_eq!(
            bad("city,sector,so2,nox,pm,vocs\n太原,industry,1,1,1,1,9\n晋中,dust,1,1,1,1\n"),
            ["2: 7 fields where the header has 6; row skipped"]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_an_answer_not_a_panic(body in "[,;\n\r\"太原晋中industry工业1\\-.9]{0,200}") {
            let _ = read_bytes(format!("city,sector,so2,nox,pm,vocs\n{body}").as_bytes());
            let _ = read_bytes(body.as_bytes());
        }
    }
}
