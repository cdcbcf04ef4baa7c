//! The workbooks (issue #14 item 2): `run --xlsx` writes plan.xlsx and `batch --xlsx` writes
//! batch.xlsx. Each is read back with calamine and every sheet compared with the CSV files of
//! the same output folder, cell by cell (numbers as numbers, times as Excel dates); the
//! summary sheet is recomputed from warnings.csv and reductions.csv; the frozen header rows and
//! the level colours are read from the workbook's XML parts. Also: the same input gives the
//! same bytes, `xlsx: true` in the scenario, and a workbook that cannot be written leaves the
//! earlier run as it was.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{NaiveDate, NaiveDateTime};
use common::hazeplan;
use hazeplan::report::plan::Lang;
use hazeplan::report::xlsx::{Kind, kind_of, labels};

/// A CSV file: its header and rows, in order.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Csv {
        let mut r =
            csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        Csv { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap()
    }
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A sheet's rows, from A1 (the range calamine gives starts at the first used cell).
fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    assert_eq!(range.start(), Some((0, 0)), "sheet {name} starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap())
        })
}

/// Whether a cell holds the CSV's value: empty for empty, the same number, the same time, or
/// the same text.
fn same(cell: &Data, value: &str) -> bool {
    match cell {
        Data::Empty => value.is_empty(),
        Data::Float(x) => value.parse::<f64>().is_ok_and(|v| v == *x),
        Data::Int(x) => value.parse::<f64>().is_ok_and(|v| v == *x as f64),
        Data::DateTime(d) => d.as_datetime().is_some() && d.as_datetime() == time(value),
        Data::String(s) => s == value,
        _ => false,
    }
}

/// Checks a table sheet against its CSV rows: the titles, then every cell, each of its
/// column's type. Returns the number of rows compared.
fn check_table(
    sheet_name: &str,
    rows: &[Vec<Data>],
    csv: &Csv,
    want: &[&Vec<String>],
    lang: Lang,
    kind: &dyn Fn(usize, &str) -> Kind,
) -> usize {
    let titles: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let expected: Vec<String> = csv.header.iter().map(|h| labels::column(h, lang)).collect();
    assert_eq!(titles, expected, "{sheet_name}: column titles");
    assert_eq!(rows.len() - 1, want.len(), "{sheet_name}: rows");
    for (r, (got, row)) in rows[1..].iter().zip(want).enumerate() {
        assert_eq!(got.len(), row.len(), "{sheet_name} row {}", r + 2);
        for (c, (cell, value)) in got.iter().zip(row.iter()).enumerate() {
            let at = format!("{sheet_name} row {} column {}", r + 2, csv.header[c]);
            assert!(same(cell, value), "{at}: {cell:?} is not {value:?}");
            if value.is_empty() {
                continue;
            }
            match kind(c, &csv.header[c]) {
                Kind::Number => assert!(matches!(cell, Data::Float(_)), "{at}: not a number"),
                Kind::Date | Kind::DateTime => {
                    assert!(matches!(cell, Data::DateTime(_)), "{at}: not a date")
                }
                Kind::Text | Kind::Level => {
                    assert!(matches!(cell, Data::String(_)), "{at}: not text")
                }
            }
        }
    }
    want.len()
}

fn all(csv: &Csv) -> Vec<&Vec<String>> {
    csv.rows.iter().collect()
}

/// Runs a scenario into a new folder with extra arguments.
fn run(scenario: &str, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    hazeplan()
        .args(["run", scenario, "-o"])
        .arg(out)
        .args(extra)
        .assert()
}

/// The summary sheet recomputed from warnings.csv and reductions.csv: per warning the level,
/// response, times, the highest target of the city's days that overlap the warning, the days
/// accounted and met.
fn check_summary(rows: &[Vec<Data>], dir: &Path, lang: Lang, title: &str) -> usize {
    assert_eq!(rows[0][0].to_string(), title);
    let header_row = 2;
    let warnings = Csv::read(&dir.join("warnings.csv"));
    let reductions = dir
        .join("reductions.csv")
        .exists()
        .then(|| Csv::read(&dir.join("reductions.csv")));
    let w = |r: &Vec<String>, c: &str| r[warnings.col(c)].clone();
    for (i, wr) in warnings.rows.iter().enumerate() {
        let got = &rows[header_row + 1 + i];
        let at = format!("summary row {}", header_row + 2 + i);
        assert!(same(&got[0], &w(wr, "id")), "{at}");
        assert!(same(&got[1], &w(wr, "city")), "{at}");
        assert!(same(&got[2], &w(wr, "county")), "{at}");
        let level: hazeplan::alert::WarningLevel = w(wr, "level").parse().unwrap();
        let (name, response) = match lang {
            Lang::Zh => (level.name_zh().to_string(), w(wr, "response")),
            Lang::En => (level.id().to_string(), level.response_en().to_string()),
        };
        assert!(same(&got[3], &name), "{at}: {:?}", got[3]);
        assert!(same(&got[4], &response), "{at}: {:?}", got[4]);
        for (c, col) in [(5, "issued_at"), (6, "start"), (7, "end")] {
            assert!(matches!(got[c], Data::DateTime(_)), "{at} {col}");
            assert!(same(&got[c], &w(wr, col)), "{at} {col}");
        }
        // The city's accounted days overlapping [start, end).
        let (start, end) = (time(&w(wr, "start")).unwrap(), time(&w(wr, "end")).unwrap());
        let mut days: BTreeMap<String, bool> = BTreeMap::new();
        let mut target: Option<f64> = None;
        if let Some(red) = &reductions {
            for r in &red.rows {
                let date = time(&r[red.col("date")]).unwrap();
                if r[red.col("city")] == w(wr, "city") && date.date() >= start.date() && date < end
                {
                    *days.entry(r[red.col("date")].clone()).or_insert(true) &=
                        r[red.col("met")] == "yes";
                    if let Ok(t) = r[red.col("target_pct")].parse::<f64>() {
                        target = Some(target.map_or(t, |x| x.max(t)));
                    }
                }
            }
        }
        let met = days.values().filter(|m| **m).count();
        assert!(
            same(&got[8], &target.map_or(String::new(), |t| t.to_string())),
            "{at}: target {:?}",
            got[8]
        );
        let n = |x: usize| {
            if days.is_empty() {
                String::new()
            } else {
                x.to_string()
            }
        };
        assert!(same(&got[9], &n(days.len())), "{at}: days {:?}", got[9]);
        assert!(same(&got[10], &n(met)), "{at}: met {:?}", got[10]);
        let yes_no = match (days.is_empty(), met == days.len(), lang) {
            (true, _, _) => "",
            (false, true, Lang::Zh) => "是",
            (false, false, Lang::Zh) => "否",
            (false, true, Lang::En) => "yes",
            (false, false, Lang::En) => "no",
        };
        assert!(same(&got[11], yes_no), "{at}: {:?}", got[11]);
    }
    warnings.rows.len()
}

/// A part of a workbook (a zip archive) as text.
fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The `name="value"` attributes of the elements `<tag ` in `xml`, in order.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    xml.split(&open)
        .skip(1)
        .filter(|e| e.starts_with([' ', '>', '/']))
        .map(|e| &e[..e.find('>').unwrap_or(e.len())])
        .collect()
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = element.find(&key)? + key.len();
    Some(&element[i..i + element[i..].find('"')?])
}

fn section<'a>(xml: &'a str, tag: &str) -> &'a str {
    let start = xml.find(&format!("<{tag}")).unwrap();
    let end = xml.find(&format!("</{tag}>")).unwrap();
    &xml[start..end]
}

/// The fill colour (RGB hex) and font colour of the style of cell `cell` (`E2`) in the
/// workbook's sheet number `n` (1-based).
fn cell_colours(path: &Path, n: usize, cell: &str) -> (Option<String>, Option<String>) {
    let sheet = part(path, &format!("xl/worksheets/sheet{n}.xml"));
    let c = elements(&sheet, "c")
        .into_iter()
        .find(|c| attr(c, "r") == Some(cell))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let style: usize = attr(c, "s").unwrap_or("0").parse().unwrap();
    let styles = part(path, "xl/styles.xml");
    let xfs = elements(section(&styles, "cellXfs"), "xf");
    let fill: usize = attr(xfs[style], "fillId").unwrap().parse().unwrap();
    let font: usize = attr(xfs[style], "fontId").unwrap().parse().unwrap();
    let fills: Vec<&str> = section(&styles, "fills").split("<fill>").skip(1).collect();
    let fonts: Vec<&str> = section(&styles, "fonts").split("<font>").skip(1).collect();
    let rgb = |s: &str, tag: &str| {
        elements(s, tag)
            .first()
            .and_then(|e| attr(e, "rgb"))
            // ARGB: the alpha first.
            .map(|c| c.get(2..).unwrap_or(c).to_string())
    };
    (rgb(fills[fill], "fgColor"), rgb(fonts[font], "color"))
}

/// Every sheet of plan.xlsx against the CSV files of its run folder.
fn check_plan_workbook(dir: &Path, lang: Lang, title: &str) -> (usize, usize) {
    let path = dir.join("plan.xlsx");
    let mut wb = open(&path);
    let names = wb.sheet_names();
    let by_name = |_: usize, h: &str| kind_of(h);
    let mut expected: Vec<String> = vec![
        labels::sheet(labels::Sheet::Summary, lang).into(),
        labels::sheet(labels::Sheet::Warnings, lang).into(),
        labels::sheet(labels::Sheet::WarningHistory, lang).into(),
    ];
    let schedule = Csv::read(&dir.join("schedule.csv"));
    let city = schedule.col("city");
    let mut cities: Vec<&str> = Vec::new();
    for r in &schedule.rows {
        if !cities.contains(&r[city].as_str()) {
            cities.push(&r[city]);
        }
    }
    expected.extend(cities.iter().map(|c| labels::schedule_sheet(c, lang)));
    expected.extend(
        [
            labels::Sheet::Orders,
            labels::Sheet::Reductions,
            labels::Sheet::Projection,
        ]
        .map(|s| labels::sheet(s, lang).to_string()),
    );
    // The schedule sheets in the scenario's order of cities; compared as sets of names here,
    // their rows below.
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>(),
        expected.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(names[..3], expected[..3]);
    let mut rows = check_summary(&sheet(&mut wb, &names[0]), dir, lang, title);
    for (s, file) in [
        (labels::Sheet::Warnings, "warnings.csv"),
        (labels::Sheet::WarningHistory, "warning_changes.csv"),
        (labels::Sheet::Orders, "orders.csv"),
        (labels::Sheet::Reductions, "reductions.csv"),
        (labels::Sheet::Projection, "projection_summary.csv"),
    ] {
        let name = labels::sheet(s, lang);
        let csv = Csv::read(&dir.join(file));
        assert!(!csv.rows.is_empty(), "{file} is empty");
        rows += check_table(
            name,
            &sheet(&mut wb, name),
            &csv,
            &all(&csv),
            lang,
            &by_name,
        );
    }
    for c in &cities {
        let name = labels::schedule_sheet(c, lang);
        let mine: Vec<&Vec<String>> = schedule.rows.iter().filter(|r| r[city] == *c).collect();
        rows += check_table(
            &name,
            &sheet(&mut wb, &name),
            &schedule,
            &mine,
            lang,
            &by_name,
        );
    }
    // Every sheet's header is frozen: three rows (title, document line, titles) on the summary,
    // one elsewhere.
    for (i, n) in names.iter().enumerate() {
        let xml = part(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
        let pane = elements(&xml, "pane");
        assert_eq!(pane.len(), 1, "{n}: no frozen pane");
        assert_eq!(attr(pane[0], "state"), Some("frozen"), "{n}");
        let rows = if i == 0 { "3" } else { "1" };
        assert_eq!(attr(pane[0], "ySplit"), Some(rows), "{n}");
    }
    (names.len(), rows)
}

#[test]
fn plan_workbooks_of_both_examples_hold_the_csv_files() {
    let tmp = tempfile::tempdir().unwrap();
    for (scenario, lang, extra, title, sheets, rows) in [
        (
            "scenarios/taiyuan-basin-winter.yaml",
            Lang::Zh,
            &[][..],
            "太原盆地 2026年12月重污染过程应对（示例，合成数据）",
            11,
            859,
        ),
        (
            "scenarios/fenhe-valley-winter.yaml",
            Lang::En,
            &["--lang", "en"][..],
            "汾河谷地南部 2026年12月重污染过程应对（示例，合成数据）",
            10,
            1360,
        ),
    ] {
        let out = tmp.path().join(Path::new(scenario).file_stem().unwrap());
        let assert = run(scenario, &out, &[&["--xlsx"][..], extra].concat()).success();
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(stdout.contains("plan.xlsx"), "{stdout}");
        let got = check_plan_workbook(&out, lang, title);
        eprintln!("{scenario}: {} sheets, {} rows compared", got.0, got.1);
        assert_eq!(got, (sheets, rows), "{scenario}");
    }
}

#[test]
fn level_cells_carry_the_warning_colours() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run("scenarios/taiyuan-basin-winter.yaml", &out, &["--xlsx"]).success();
    let path = out.join("plan.xlsx");
    let warnings = Csv::read(&out.join("warnings.csv"));
    let level = warnings.col("level");
    assert_eq!(level, 4, "the level is column E of the warnings sheet");
    let mut seen = BTreeSet::new();
    for (i, r) in warnings.rows.iter().enumerate() {
        // Sheet 2 is the warnings; the level is column E; row 1 holds the titles.
        let (fill, font) = cell_colours(&path, 2, &format!("E{}", i + 2));
        let want = match r[level].as_str() {
            "yellow" => ("FFD700", None),
            "orange" => ("FF8C00", None),
            "red" => ("E00000", Some("FFFFFF".to_string())),
            other => panic!("level {other}"),
        };
        assert_eq!(
            (fill.as_deref(), font),
            (Some(want.0), want.1),
            "row {}",
            i + 2
        );
        seen.insert(r[level].clone());
        // And on the summary sheet (sheet 1, column D, below the three header rows).
        let (fill, _) = cell_colours(&path, 1, &format!("D{}", i + 4));
        assert_eq!(fill.as_deref(), Some(want.0));
    }
    assert!(seen.len() >= 2, "{seen:?}");
}

#[test]
fn the_same_scenario_gives_the_same_workbook_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run("scenarios/fenhe-valley-winter.yaml", &a, &["--xlsx"]).success();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run("scenarios/fenhe-valley-winter.yaml", &b, &["--xlsx"]).success();
    let (x, y) = (
        std::fs::read(a.join("plan.xlsx")).unwrap(),
        std::fs::read(b.join("plan.xlsx")).unwrap(),
    );
    assert!(x.len() > 10_000);
    assert!(x == y, "plan.xlsx differs between two runs");
    assert!(part(&a.join("plan.xlsx"), "docProps/core.xml").contains("2026-12-01T00:00:00Z"));
}

/// The fenhe scenario in a temporary folder, data paths made absolute, with `edit` applied.
fn fenhe_copy(dir: &Path, edit: &dyn Fn(String) -> String) -> PathBuf {
    let src = std::fs::read_to_string("scenarios/fenhe-valley-winter.yaml").unwrap();
    let data = std::fs::canonicalize("scenarios/data").unwrap();
    let yaml = dir.join("fenhe.yaml");
    std::fs::write(
        &yaml,
        edit(src.replace("data/", &format!("{}/", data.display()))),
    )
    .unwrap();
    yaml
}

#[test]
fn the_scenario_key_asks_for_the_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = fenhe_copy(tmp.path(), &|s| {
        s.replace("tighten: true", "tighten: true\nxlsx: true")
    });
    let out = tmp.path().join("out");
    run(yaml.to_str().unwrap(), &out, &[]).success();
    assert!(out.join("plan.xlsx").exists());
    hazeplan()
        .args(["check", yaml.to_str().unwrap()])
        .assert()
        .success();
}

/// A workbook that cannot be written (a title longer than an Excel cell holds) fails the run
/// with an error naming plan.xlsx; the earlier run stays whole and no plan.xlsx appears.
#[test]
fn a_workbook_that_cannot_be_written_leaves_the_earlier_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run("scenarios/fenhe-valley-winter.yaml", &out, &[]).success();
    let before: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let warnings = std::fs::read(out.join("warnings.csv")).unwrap();
    let long = "很".repeat(40_000);
    let yaml = fenhe_copy(tmp.path(), &|s| {
        s.replace(
            "title: 汾河谷地南部 2026年12月重污染过程应对（示例，合成数据）",
            &format!("title: {long}"),
        )
    });
    let assert = run(yaml.to_str().unwrap(), &out, &["--xlsx"]).code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("plan.xlsx"), "{stderr}");
    assert!(!stderr.contains("hazeplan-staging"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
    assert!(!out.join("plan.xlsx").exists());
    assert_eq!(std::fs::read(out.join("warnings.csv")).unwrap(), warnings);
    // Nothing beside the run folder but the scenario copy: no staging folder left.
    let mut beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["fenhe.yaml", "out"]);
}

#[test]
fn batch_workbook_holds_the_summary_and_quality_files() {
    let input = tempfile::tempdir().unwrap();
    common::new_year_files(input.path());
    let out = tempfile::tempdir().unwrap();
    hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(out.path())
        .args(["--progress", "never", "--no-charts", "--xlsx"])
        .assert()
        .success();
    let path = out.path().join("batch.xlsx");
    let mut wb = open(&path);
    let names = wb.sheet_names();
    let (summary, quality) = (
        labels::sheet(labels::Sheet::YearlySummary, Lang::Zh),
        labels::sheet(labels::Sheet::Quality, Lang::Zh),
    );
    assert_eq!(names, [summary, quality]);
    let csv = Csv::read(&out.path().join("summary.csv"));
    let by_name = |_: usize, h: &str| kind_of(h);
    let n = check_table(
        summary,
        &sheet(&mut wb, summary),
        &csv,
        &all(&csv),
        Lang::Zh,
        &by_name,
    );
    // Three cities, two years each (2022 and 2023).
    assert_eq!(n, 6);
    let csv = Csv::read(&out.path().join("quality.csv"));
    let counts = |i: usize, _: &str| if i >= 4 { Kind::Number } else { Kind::Text };
    let n = check_table(
        quality,
        &sheet(&mut wb, quality),
        &csv,
        &all(&csv),
        Lang::Zh,
        &counts,
    );
    // Twelve files and three sites.
    assert_eq!(n, 15);
    for i in 1..=2 {
        let xml = part(&path, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(xml.contains("state=\"frozen\""), "sheet {i}");
    }
    // The same input gives the same bytes.
    let again = tempfile::tempdir().unwrap();
    hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(again.path())
        .args([
            "--progress",
            "never",
            "--no-charts",
            "--xlsx",
            "--threads",
            "2",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read(&path).unwrap() == std::fs::read(again.path().join("batch.xlsx")).unwrap()
    );
}
