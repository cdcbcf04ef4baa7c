//! Excel workbooks (`.xlsx`) as tables: bureaus keep their emergency reduction lists (应急减排
//! 清单, 一厂一策) in Excel, with titles above the header, header cells merged over the columns
//! of a level, enterprise cells merged down over the rows of its lines and blank rows between
//! groups. A sheet is read with calamine into the same records as a CSV file: its rows, by
//! their row number, each cell as text, every merged region filled with its top-left value.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::Record;

/// Does the path name a workbook (rather than a CSV file)?
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm"))
}

/// Excel's last row and column (XFD): a cell beyond them is a damaged file.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
/// The most cells a list's used range may span (rows x columns): 50,000 rows of 100 columns.
const MAX_CELLS: usize = 5_000_000;

/// A sheet read as records, and the name that locates its problems: `FILE[SHEET]`.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// `list.xlsx[清单]`.
    pub shown: PathBuf,
    /// The non-blank rows, by 1-based row number.
    pub records: Vec<Record>,
}

/// A cell as text. Numbers keep the shortest decimal that is the stored value (Excel keeps
/// `0.495` as the double nearest to it; its shortest form is `0.495` again).
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date cell holds a serial number; its text is the date (with the time if any).
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => d.to_string(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads one sheet (`sheet`, else the first) of a workbook. The message of an error says what
/// went wrong, for the file's problem.
pub(crate) fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Sheet, String> {
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| {
        format!("cannot read the workbook: {e} (an .xlsx file saved by Excel or WPS)")
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "no sheet '{s}' (sheets: {}){}",
                    names.join(", "),
                    crate::diag::suggest::hint(s, names.iter().map(String::as_str))
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheet".to_string())?,
    };
    let merged = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
    // Cell by cell, not `worksheet_range`: a damaged file can place one cell at column
    // 282,274, and a range over it takes gigabytes before anything can be checked.
    let mut cells: Vec<((u32, u32), String)> = Vec::new();
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| format!("cannot read sheet '{name}': {e}"))?;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| format!("cannot read sheet '{name}': {e}"))?
    {
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            return Err(format!(
                "sheet '{name}' has a cell at row {} column {}, beyond Excel's last row \
                 ({MAX_ROWS}) or column (XFD): a damaged workbook",
                u64::from(r) + 1,
                column_letters(c as usize)
            ));
        }
        cells.push(((r, c), text(&Data::from(cell.get_value().clone()))));
    }
    drop(reader);
    let r0 = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
    let c0 = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let rows = cells
        .iter()
        .map(|((r, _), _)| *r + 1 - r0)
        .max()
        .unwrap_or(0) as usize;
    let cols = cells
        .iter()
        .map(|((_, c), _)| *c + 1 - c0)
        .max()
        .unwrap_or(0) as usize;
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(format!(
            "sheet '{name}' spans {rows} rows by {cols} columns, more than an enterprise list \
             holds ({MAX_CELLS} cells): a damaged workbook, or a sheet that is not the list"
        ));
    }
    let mut grid: Vec<Vec<String>> = vec![vec![String::new(); cols]; rows];
    for ((r, c), t) in cells {
        grid[(r - r0) as usize][(c - c0) as usize] = t;
    }
    // A merged region shows its value once, at its top-left cell: fill it over the region.
    for m in &merged {
        let (top, left) = (m.start.0, m.start.1);
        let (Some(ti), Some(li)) = (top.checked_sub(r0), left.checked_sub(c0)) else {
            continue;
        };
        let Some(value) = grid
            .get(ti as usize)
            .and_then(|r| r.get(li as usize))
            .cloned()
        else {
            continue;
        };
        for r in top..=m.end.0 {
            for c in left..=m.end.1 {
                let (ri, ci) = ((r - r0) as usize, (c - c0) as usize);
                if ri < rows
                    && ci < cols
                    && let Some(cell) = grid.get_mut(ri).and_then(|row| row.get_mut(ci))
                {
                    cell.clone_from(&value);
                }
            }
        }
    }
    let records = grid
        .into_iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .map(|(i, mut cells)| {
            // Columns left of the sheet's first used one are empty in the file too.
            let mut row = vec![String::new(); c0 as usize];
            row.append(&mut cells);
            (u64::from(r0) + i as u64 + 1, row)
        })
        .collect();
    Ok(Sheet {
        shown: PathBuf::from(format!("{}[{name}]", path.display())),
        records,
    })
}

/// The spreadsheet letters of a 0-based column: 0 is `A`, 27 is `AB`.
pub(crate) fn column_letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn merged_cells_fill_their_region_and_rows_keep_their_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("清单").unwrap();
        let f = rust_xlsxwriter::Format::new();
        ws.merge_range(0, 0, 0, 2, "标题", &f).unwrap();
        ws.write(2, 0, "企业编号").unwrap();
        ws.merge_range(2, 1, 2, 2, "黄色预警", &f).unwrap();
        ws.write(3, 1, "措施").unwrap();
        ws.write(3, 2, 0.495).unwrap();
        ws.merge_range(4, 0, 5, 0, "E1", &f).unwrap();
        ws.write(5, 2, 12).unwrap();
        wb.save(&p).unwrap();
        let s = read_sheet(&p, None).unwrap();
        assert!(s.shown.to_string_lossy().ends_with("l.xlsx[清单]"));
        let rows: Vec<(u64, Vec<&str>)> = s
            .records
            .iter()
            .map(|(l, c)| (*l, c.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (1, vec!["标题", "标题", "标题"]),
                (3, vec!["企业编号", "黄色预警", "黄色预警"]),
                (4, vec!["", "措施", "0.495"]),
                (5, vec!["E1", "", ""]),
                (6, vec!["E1", "", "12"]),
            ]
        );
        assert!(
            read_sheet(&p, Some("清单2"))
                .unwrap_err()
                .starts_with("no sheet '清单2' (sheets: 清单)")
        );
    }
}
