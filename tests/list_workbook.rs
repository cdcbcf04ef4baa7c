//! The bureau's own list (一厂一策) as an Excel workbook through `hazeplan check`: each defect
//! of a workbook gives its exact message with the file, the sheet, the row and the column.
//!
//! The workbooks are written here, into a temporary folder, from a correct one with one defect
//! each (a workbook is a binary file: a fixture built by code says what it holds).

mod common;

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

const BASE: [&str; 10] = [
    "企业编号",
    "企业名称",
    "城市",
    "行业",
    "绩效等级",
    "生产线",
    "二氧化硫",
    "氮氧化物",
    "颗粒物",
    "挥发性有机物",
];
const UNDER: [&str; 5] = ["减排措施", "二氧化硫", "氮氧化物", "颗粒物", "挥发性有机物"];

/// A list with a title, the two header rows (base columns merged down, each level merged
/// across its five columns), and its data rows from row 4.
fn workbook(path: &Path, levels: &[&str], under: &[&str], rows: &[Vec<&str>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("应急减排清单").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 9, "示例清单（合成数据）", &f)
        .unwrap();
    for (c, n) in BASE.iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, n, &f).unwrap();
    }
    let mut c = BASE.len() as u16;
    for l in levels {
        let n = under.len() as u16;
        if n > 1 {
            ws.merge_range(1, c, 1, c + n - 1, l, &f).unwrap();
        } else {
            ws.write(1, c, *l).unwrap();
        }
        for (k, u) in under.iter().enumerate() {
            ws.write(2, c + k as u16, *u).unwrap();
        }
        c += n;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) => ws.write(3 + r as u32, c as u16, x).unwrap(),
                Err(_) => ws.write(3 + r as u32, c as u16, *v).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

/// `hazeplan check` of a scenario planning from the workbook; its standard error with the
/// temporary folder's path dropped.
fn check(levels: &[&str], under: &[&str], rows: &[Vec<&str>]) -> String {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("清单.xlsx"), levels, under, rows);
    std::fs::write(
        dir.path().join("f.csv"),
        "city,date,aqi\n太原,2026-12-01,100\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("inv.csv"),
        "city,sector,so2,nox,pm,vocs\n太原,industry,100,100,100,100\n",
    )
    .unwrap();
    let yaml = dir.path().join("s.yaml");
    std::fs::write(
        &yaml,
        "name: s\nperiod: {start: 2026-12-01, end: 2026-12-01}\ncities: [太原]\n\
         forecast: {file: f.csv}\ninventory: inv.csv\nenterprises: 清单.xlsx\n",
    )
    .unwrap();
    let out = common::hazeplan()
        .args(["check", yaml.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let prefix = format!("{}/", dir.path().display());
    err.replace(&prefix, "")
}

fn row<'a>(id: &'a str, part: &'a str, measure: &'a str, so2: &'a str) -> Vec<&'a str> {
    vec![
        id,
        "甲焦化",
        "太原",
        "coking",
        "C",
        part,
        "1",
        "1",
        "1",
        "1",
        measure,
        so2,
        "0.1",
        "0",
        "0",
    ]
}

#[test]
fn a_good_workbook_checks() {
    let err = check(
        &["橙色预警"],
        &UNDER,
        &[row("E1", "焦炉", "延长结焦时间至36小时", "0.3")],
    );
    assert_eq!(err, "");
}

#[test]
fn each_workbook_defect_is_named_with_sheet_row_and_column() {
    // (the columns under the level, the data rows, the message)
    type Case<'a> = (&'a [&'a str], Vec<Vec<&'a str>>, &'a str);
    let mut coke_leading = row("E1", "焦炉", "限产", "0.2");
    coke_leading[4] = "引领性";
    let mut steal = row("E1", "焦炉", "限产", "0.2");
    steal[3] = "steal";
    let cases: [Case; 6] = [
        // A grade outside its industry's scheme.
        (
            &UNDER,
            vec![coke_leading],
            "清单.xlsx[应急减排清单]:4: column '绩效等级 (E)': grade 引领性 is not a grade of \
             coking, which is graded A+, A, B, B-, C, D",
        ),
        // A graded enterprise of an industry the catalog does not name.
        (
            &UNDER,
            vec![steal],
            "清单.xlsx[应急减排清单]:4: column '行业 (D)': industry 'steal' is graded C but no \
             rule or grade scheme of the measure catalog names it (did you mean 'steel'?)",
        ),
        // A text reduction.
        (
            &UNDER,
            vec![row("E1", "焦炉", "限产", "三成")],
            "清单.xlsx[应急减排清单]:4: column '橙色预警 二氧化硫 (L)': '三成' is not a number \
             (t/day, such as 12.5)",
        ),
        // A negative value.
        (
            &UNDER,
            vec![row("E1", "焦炉", "限产", "-0.2")],
            "清单.xlsx[应急减排清单]:4: column '橙色预警 二氧化硫 (L)': negative reduction '-0.2' \
             (t/day cannot be below zero)",
        ),
        // A duplicate enterprise-line.
        (
            &UNDER,
            vec![
                row("E1", "焦炉", "限产", "0.2"),
                row("E1", "焦炉", "限产", "0.2"),
            ],
            "清单.xlsx[应急减排清单]:5: column '企业编号 (A)': duplicate line '焦炉' of enterprise \
             'E1' (first on line 4)",
        ),
        // A level missing two of its columns.
        (
            &UNDER[..3],
            vec![row("E1", "焦炉", "限产", "0.2")[..13].to_vec()],
            "清单.xlsx[应急减排清单]:2: orange has some of its columns but not 'orange_pm' \
             (橙色预警颗粒物), 'orange_vocs' (橙色预警挥发性有机物): a level gives its measure and the \
             reduction of each pollutant (write 0 where it reduces nothing)",
        ),
    ];
    for (under, rows, message) in cases {
        let err = check(&["橙色预警"], under, &rows);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].ends_with("has 1 problem:"), "{err}");
        assert_eq!(lines[1], message);
    }
}

#[test]
fn a_cell_beyond_the_last_column_is_a_damaged_workbook_refused_at_once() {
    // Found by the fuzz harness (a mutated copy of the example workbook): one cell at column
    // 282,274 made the sheet's range 403 x 282,275 cells, 6 GB and 9 s before this check.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("bad/lists/cell_beyond_xfd.xlsx"),
        dir.path().join("清单.xlsx"),
    )
    .unwrap();
    let scenario = dir.path().join("s.yaml");
    std::fs::write(
        &scenario,
        format!(
            "name: s\nperiod: {{start: 2026-12-01, end: 2026-12-03}}\ncities: [太原, 晋中]\n\
             forecast: {{file: {f}}}\ninventory: {i}\nenterprises: 清单.xlsx\n",
            f = common::fixture("scenarios/data/minimal_forecast.csv").display(),
            i = common::fixture("scenarios/data/minimal_inventory.csv").display(),
        ),
    )
    .unwrap();
    let start = std::time::Instant::now();
    common::hazeplan()
        .arg("check")
        .arg(&scenario)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "has a cell at row 8 column PANS, beyond Excel's last row (1048576) or column \
             (XFD): a damaged workbook",
        ));
    assert!(start.elapsed().as_secs() < 5);
}
