//! The enterprise list reader: every column, headers, bad rows, the 一厂一策 layout.
use super::*;
use crate::emissions::{PerPollutant, Share, Tonnes};
use crate::measures::{Process, SeasonalControl};

const CITIES: [&str; 2] = ["太原", "晋中"];

/// A catalog that names no industry: the reader's own checks only.
fn any() -> Catalog {
    Catalog::default()
}
const HEADER: &str = "id,name,city,industry,grade,so2,nox,pm,vocs\n";

fn read_bytes(bytes: &[u8]) -> Result<Vec<Enterprise>, Vec<Problem>> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let p = dir.path().join("e.csv");
    std::fs::write(&p, bytes).expect("file");
    read(&p, None, &CITIES, &any())
}

pub(super) fn ok(csv: &str) -> Vec<Enterprise> {
    read_bytes(csv.as_bytes()).unwrap_or_else(|p| panic!("expected a valid list: {p:#?}"))
}

/// The problems as `LINE: column 'NAME': message`, without the temporary file's name.
pub(super) fn bad(csv: &str) -> Vec<String> {
    let problems = read_bytes(csv.as_bytes()).expect_err("expected problems");
    problems.iter().map(Problem::without_file).collect()
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
                share: PerPollutant([Share(350_000); 4])
            },
            Process {
                name: "球团".into(),
                share: PerPollutant([Share(150_000); 4])
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
             units, part, max_load, seasonal, seasonal_start, seasonal_end, note, serial, contact, and per level yellow_measure, … (黄色预警 减排措施 \
             …))",
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
        ["2: column 'grade': unknown grade 'E' (expected A+, A, 引领性, B, B-, C, 非引领性 or D)"]
    );
    // One letter from B-, but also from A+: no guess for short names.
    assert_eq!(
        bad_row("E1,甲,太原,s,B+,1,1,1,1"),
        ["2: column 'grade': unknown grade 'B+' (expected A+, A, 引领性, B, B-, C, 非引领性 or D)"]
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
        bad_row("E1,甲,太原,s,C,-1.5,1x3,1,99999999"),
        [
            "2: column 'so2': negative emission '-1.5' (t/day cannot be below zero)",
            "2: column 'nox': '1x3' is not a number (t/day, such as 12.5)",
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
    const EX: &str = "write processes as 烧结:0.35;球团:0.15, or per pollutant \
                      烧结:so2=0.6/nox=0.4/pm=0.3/vocs=0.1";
    let p = |t: &str| parse_processes(t);
    // Per pollutant: a process's share of each (left out: 0).
    let sinter = p("烧结:so2=60%,nox=0.4,pm=0.3;球团:0.2").unwrap();
    assert_eq!(
        sinter[0].share,
        PerPollutant([Share(600_000), Share(400_000), Share(300_000), Share(0)])
    );
    assert_eq!(sinter[1].share, PerPollutant([Share(200_000); 4]));
    assert_eq!(
        p("烧结:so2=0.9;球团:so2=0.2"),
        Err(
            "the process shares of SO2 add up to 110%: they are shares of the enterprise's \
             emissions, at most 100 % together"
                .into()
        )
    );
    assert_eq!(
        p("烧结:co=0.5"),
        Err("process '烧结': 'co' is not a pollutant (so2, nox, pm, vocs)".into())
    );
    assert_eq!(
        p("烧结:so2=0.5,so2=0.1"),
        Err("process '烧结': SO2 is given twice".into())
    );
    assert_eq!(p("烧结:1").map(|v| v.len()), Ok(1));
    assert_eq!(
        p(" 烧结 : 0.5 ; ").map(|v| v[0].name.clone()),
        Ok("烧结".into())
    );
    assert_eq!(
        p("烧结0.35"),
        Err(format!("'烧结0.35' is not name:share ({EX})"))
    );
    assert_eq!(
        p(":0.35"),
        Err(format!("':0.35' has no process name ({EX})"))
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
    assert_eq!(p(";;"), Err(format!("no processes in ';;' ({EX})")));
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
    let e = read(dir.path(), None, &CITIES, &any()).unwrap_err();
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

/// A bureau's 一厂一策 list as it exports to CSV: a title row, a two-row header with the levels
/// over their columns (merged cells: a value and blanks), an enterprise's cells left blank
/// under it on the rows of its other lines, an ungraded enterprise and a level left to the
/// catalog.
const YICHANG_YICE: &str = "\
太原市重污染天气应急减排清单（示例，合成数据）,,,,,,,,,,,,,,,,,,,,\n\
企业编号,企业名称,城市,区县,行业,绩效等级,生产线,二氧化硫,氮氧化物,颗粒物,挥发性有机物,黄色预警,,,,,橙色预警（Ⅱ级响应）,,,,\n\
,,,,,,,,,,,减排措施,二氧化硫,氮氧化物,颗粒物,挥发性有机物,减排措施,二氧化硫,氮氧化物,颗粒物,挥发性有机物\n\
E1,甲焦化,太原,清徐县,coking,B,焦炉,1.2,2,0.5,0.8,延长结焦时间至28小时,0.2,0.3,0.1,0.1,延长结焦时间至36小时,0.4,0.6,0.15,0.2\n\
,,,,,,烧结机,0.8,1,0.3,0,,,,,,停产烧结机,0.8,1,0.3,0\n\
\n\
E2,乙加工,晋中,,食品加工,,,0.01,0.02,0.05,0.4,,,,,,停产,0.01,0.02,0.05,0.4\n";

#[test]
fn the_yichang_yice_layout_is_read_as_bureaus_write_it() {
    let list = ok(YICHANG_YICE);
    assert_eq!(list.len(), 3);
    let (coke, sinter, ungraded) = (&list[0], &list[1], &list[2]);
    assert_eq!(
        (coke.id.as_str(), coke.part.as_deref(), coke.line),
        ("E1", Some("焦炉"), 4)
    );
    // The line below repeats its enterprise.
    assert_eq!(
        (
            sinter.id.as_str(),
            sinter.name.as_str(),
            sinter.city.as_str()
        ),
        ("E1", "甲焦化", "太原")
    );
    assert_eq!(
        (
            sinter.part.as_deref(),
            sinter.county.as_deref(),
            sinter.grade
        ),
        (Some("烧结机"), Some("清徐县"), Grade::B)
    );
    assert_eq!(coke.listed.len(), 2);
    assert_eq!(coke.listed[0].level, crate::alert::WarningLevel::Yellow);
    assert_eq!(coke.listed[0].measure, "延长结焦时间至28小时");
    assert_eq!(
        coke.listed[1].reduction,
        Emissions([
            Tonnes(400_000),
            Tonnes(600_000),
            Tonnes(150_000),
            Tonnes(200_000)
        ])
    );
    // Nothing at yellow for the sinter line: the catalog decides that level.
    assert_eq!(sinter.listed.len(), 1);
    assert_eq!(sinter.listed[0].measure, "停产烧结机");
    assert_eq!(ungraded.grade, Grade::Ungraded);
    assert_eq!(ungraded.line, 7);
    // The same list, GBK-encoded, as Windows saves it.
    let (gbk, _, _) = encoding_rs::GBK.encode(YICHANG_YICE);
    assert_eq!(read_bytes(&gbk).unwrap(), list);
}

#[test]
fn a_workbook_with_merged_cells_reads_as_its_csv() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("清单.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("应急减排清单").unwrap();
    let f = Format::new();
    let rows: Vec<Vec<&str>> = YICHANG_YICE
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    ws.merge_range(0, 0, 0, 20, rows[0][0], &f).unwrap();
    // Header: the enterprise columns merged down over both rows, the levels across theirs.
    for (c, name) in rows[1].iter().enumerate().take(11) {
        ws.merge_range(1, c as u16, 2, c as u16, name, &f).unwrap();
    }
    ws.merge_range(1, 11, 1, 15, "黄色预警", &f).unwrap();
    ws.merge_range(1, 16, 1, 20, "橙色预警（Ⅱ级响应）", &f)
        .unwrap();
    for (c, name) in rows[2].iter().enumerate().skip(11) {
        ws.write(2, c as u16, *name).unwrap();
    }
    // Data: numbers as numbers; E1's cells merged down over its two lines.
    for (r, row) in rows.iter().enumerate().skip(3) {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() || (r == 4 && c < 6) {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) => ws.write(r as u32, c as u16, x).unwrap(),
                Err(_) => ws.write(r as u32, c as u16, *v).unwrap(),
            };
        }
    }
    for c in 0..6u16 {
        ws.merge_range(3, c, 4, c, rows[3][c as usize], &f).unwrap();
    }
    wb.save(&p).unwrap();
    let got = read(&p, None, &CITIES, &any()).unwrap();
    assert_eq!(got, ok(YICHANG_YICE));
    // A named sheet, and a wrong one.
    assert!(read(&p, Some("应急减排清单"), &CITIES, &any()).is_ok());
    let e = read(&p, Some("清单"), &CITIES, &any()).unwrap_err();
    assert_eq!(e[0].message, "no sheet '清单' (sheets: 应急减排清单)");
}

#[test]
fn list_measures_are_checked_cell_by_cell() {
    let header = "id,name,city,industry,grade,part,so2,nox,pm,vocs,\
                  yellow_measure,yellow_so2,yellow_nox,yellow_pm,yellow_vocs\n";
    let row = |r: &str| bad(&format!("{header}{r}\n"));
    assert_eq!(
        row("E1,甲,太原,coking,B,焦炉,1,1,1,1,限产,0.2,x,-0.1,"),
        [
            "2: column 'yellow_nox': 'x' is not a number (t/day, such as 12.5)",
            "2: column 'yellow_pm': negative reduction '-0.1' (t/day cannot be below zero)",
            "2: column 'yellow_vocs': no VOCs reduction for the yellow measure (t/day; write 0 \
             where it reduces nothing)",
        ]
    );
    assert_eq!(
        row("E1,甲,太原,coking,B,焦炉,1,1,1,1,,0.2,0,0,0"),
        [
            "2: column 'yellow_measure': a yellow reduction without its measure: write what the \
          enterprise does (停产, 限产30%, 延长结焦时间至36小时 …)"
        ]
    );
    assert_eq!(
        row("E1,甲,太原,coking,B,焦炉,1,1,1,1,停产,1.5,1,1,1"),
        [
            "2: column 'yellow_so2': the yellow reduction of SO2 (1.5 t/day) is more than the \
          row's baseline emission (1 t/day)"
        ]
    );
    assert_eq!(
        bad(&format!(
            "{header}E1,甲,太原,coking,B,焦炉,1,1,1,1,,,,,\nE1,甲,太原,coking,B,焦炉,1,1,1,1,,,,,\n"
        )),
        ["3: column 'id': duplicate line '焦炉' of enterprise 'E1' (first on line 2)"]
    );
    // A level without all of its columns.
    assert_eq!(
        bad("id,name,city,industry,so2,nox,pm,vocs,red_measure,red_so2,red_nox\n"),
        [
            "1: red has some of its columns but not 'red_pm' (红色预警颗粒物), 'red_vocs' \
          (红色预警挥发性有机物): a level gives its measure and the reduction of each pollutant \
          (write 0 where it reduces nothing)"
        ]
    );
}

#[test]
fn the_example_workbook_and_its_gbk_csv_twin_are_one_list() {
    let cities = ["太原", "晋中", "吕梁", "阳泉", "忻州"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data");
    let wb = read(
        &dir.join("taiyuan-basin-list.synthetic.xlsx"),
        Some("应急减排清单"),
        &cities,
        &Catalog::shipped(),
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    let csv = read(
        &dir.join("taiyuan-basin-list.synthetic.gbk.csv"),
        None,
        &cities,
        &Catalog::shipped(),
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    // The workbook's rows start one row later (its header rows are rows 2-3, as the CSV's
    // lines 2-3): rows and lines are the same numbers.
    assert_eq!(wb, csv);
    assert_eq!(wb.len(), 400);
    assert!(wb.iter().any(|e| e.part.as_deref() == Some("化产回收")));
    // Other industries: ungraded, except packaging printing and furniture, graded 引领性 /
    // 非引领性 by the catalog's schemes.
    assert_eq!(wb.iter().filter(|e| e.grade == Grade::Ungraded).count(), 37);
    assert_eq!(
        wb.iter()
            .filter(|e| matches!(e.grade, Grade::Leading | Grade::NonLeading))
            .count(),
        23
    );
    // Protected heat supply at its approved 85 %.
    assert!(
        wb.iter()
            .filter(|e| e.protected.is_some())
            .all(|e| e.max_load == Some(Share(850_000)))
    );
    assert!(wb.iter().filter(|e| !e.listed.is_empty()).count() > 100);
    // Seasonal controls (错峰): cement D stopped (but the protected one), cement C staggered
    // 30 %, the days read from the workbook's date cells as from the CSV's text.
    let season = |c: SeasonalControl| {
        wb.iter()
            .filter(|e| e.seasonal.as_ref().is_some_and(|s| s.control == c))
            .count()
    };
    assert_eq!(
        (
            season(SeasonalControl::Stop),
            season(SeasonalControl::Staggered(Share(300_000)))
        ),
        (19, 21)
    );
    assert!(wb.iter().filter_map(|e| e.seasonal.as_ref()).all(|s| {
        (s.start.to_string(), s.end.to_string()) == ("2026-11-15".into(), "2027-03-15".into())
    }));
}
