//! What the tables a scenario names have in common (the forecast, the emission inventory,
//! the enterprise list, as CSV files or Excel workbooks): problems capped per kind, records
//! decoded from UTF-8 or GBK with the file's true line numbers, header recognition by aliases
//! (English and Chinese, a unit in brackets checked). Below every domain module: each reads
//! its own table through this toolkit.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::problem::Problem;
use crate::diag::suggest::hint;
use crate::ingest::MissingMarkers;
use crate::ingest::lines::{LineTrack, error_line, record_line};
use crate::ingest::text::TextDecoder;
use crate::units::{Concentration, ConcentrationError};

pub mod workbook;

/// How many messages of each kind are reported; the rest are counted.
pub const MESSAGES_PER_KIND: usize = 20;

/// Problems of one file, at most [`MESSAGES_PER_KIND`] of each kind: a systematic defect
/// (a wrong unit in every row) should not bury the others under a thousand lines.
pub(crate) struct Report<'a> {
    pub file: &'a Path,
    pub problems: Vec<Problem>,
    counts: Vec<(&'static str, usize)>,
}

impl<'a> Report<'a> {
    pub fn new(file: &'a Path) -> Report<'a> {
        Report {
            file,
            problems: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// A problem on a line (0: none known), in a column (header spelling), if any.
    pub fn push(&mut self, kind: &'static str, line: u64, column: Option<&str>, message: String) {
        self.push_with(kind, line, column, || message);
    }

    /// [`Report::push`] with the message made only if it is shown (past the cap of its kind
    /// a problem is only counted: a million unknown header cells cost no suggestions).
    pub fn push_with(
        &mut self,
        kind: &'static str,
        line: u64,
        column: Option<&str>,
        message: impl FnOnce() -> String,
    ) {
        let i = match self.counts.iter().position(|(k, _)| *k == kind) {
            Some(i) => i,
            None => {
                self.counts.push((kind, 0));
                self.counts.len() - 1
            }
        };
        self.counts[i].1 += 1;
        if self.counts[i].1 <= MESSAGES_PER_KIND {
            self.problems
                .push(Problem::on_line(self.file, line, column, message()));
        }
    }

    /// How many problems were found, shown or not.
    pub fn count(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// The problems, with a count line for each kind that had more than were shown.
    pub fn finish(mut self) -> Vec<Problem> {
        for (kind, n) in &self.counts {
            if *n > MESSAGES_PER_KIND {
                let msg = format!(
                    "{} more {kind} problem(s) not shown ({n} in all)",
                    n - MESSAGES_PER_KIND
                );
                self.problems.push(Problem::in_file(self.file, msg));
            }
        }
        self.problems
    }
}

/// One record of a table: its line and its cells, decoded and trimmed.
pub(crate) type Record = (u64, Vec<String>);

/// The non-blank records of a CSV file (the header first), with their true lines. A file
/// that cannot be read, or a malformed record, is reported; the records before it are kept.
pub(crate) fn records(path: &Path, r: &mut Report) -> Vec<Record> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            r.push("file", 0, None, format!("cannot read: {e}"));
            return Vec::new();
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(LineTrack::new(&bytes[..]));
    let mut dec = TextDecoder::default();
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Reading from memory, only a malformed record can fail; the reader cannot be
                // trusted to resynchronise after it.
                let line = error_line(&rdr, &e);
                r.push(
                    "csv",
                    line,
                    None,
                    format!("{e}; the rest of the file is not read"),
                );
                break;
            }
        }
        let cells: Vec<String> = rec
            .iter()
            .map(|c| dec.decode(c).trim().to_string())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.push((record_line(&rdr, &rec), cells));
    }
    out
}

/// The text of a cell, empty beyond the end of a short row.
pub(crate) fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}

/// Is a cell "no value" (empty, `-`, `—`, `NA` …; the markers of monitoring files)?
pub(crate) fn is_blank(text: &str) -> bool {
    MissingMarkers::default().is_missing(text.as_bytes())
}

/// The unit a column's values must be in, when its header may name one in brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// No unit: a bracket in the header is not recognised.
    None,
    /// Tonnes per day (`t/d`, `吨/日`).
    TonnesPerDay,
    /// 万元 per day (`万元/日`).
    WanYuanPerDay,
}

impl Unit {
    /// The spellings accepted in a header, compared without spaces and case.
    fn spellings(self) -> &'static [&'static str] {
        match self {
            Unit::None => &[],
            Unit::TonnesPerDay => &["t/d", "t/day", "t/日", "t/天", "吨/日", "吨/天", "吨/d"],
            Unit::WanYuanPerDay => &["万元/日", "万元/天", "万元/d", "万元/day"],
        }
    }

    /// What to do with another unit.
    fn refuse(self, unit: &str) -> String {
        match self {
            Unit::None => format!("unit '{unit}' is not expected here"),
            Unit::TonnesPerDay => format!(
                "the unit '{unit}' is not t/day: convert the column to t/day (吨/日), as the \
                 targets are daily"
            ),
            Unit::WanYuanPerDay => format!(
                "the unit '{unit}' is not 万元/day: convert the column to 万元 per day (万元/日)"
            ),
        }
    }
}

/// A column a table may have.
pub(crate) struct ColumnSpec {
    /// The English name (`grade`), first of the names recognised.
    pub key: &'static str,
    /// Other names recognised (Chinese first: it is shown in "no 'grade' column (绩效等级)").
    pub aliases: &'static [&'static str],
    /// Must the header have it?
    pub required: bool,
    /// The unit its values are in, if a header may say so.
    pub unit: Unit,
}

/// A header cell as compared: no BOM, no white space, lower case.
pub(crate) fn normalise(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// `so2(t/d)` -> (`so2`, `t/d`); `二氧化硫（吨/日）` and `so2[t/d]` too.
pub(crate) fn split_unit(n: &str) -> Option<(&str, &str)> {
    let open = n.find(['(', '（', '['])?;
    let (name, rest) = n.split_at(open);
    let rest = rest.trim_start_matches(['(', '（', '[']);
    let unit = rest.strip_suffix([')', '）', ']'])?;
    (!name.is_empty()).then_some((name, unit))
}

/// The columns of a header: for each spec, its index and header spelling if present. Unknown
/// columns are refused (a misspelt optional column would otherwise be dropped silently: a
/// `protectd` column would curtail every protected enterprise), as are duplicates, wrong units
/// and missing required columns; then `None`.
pub(crate) fn header(
    cells: &[String],
    line: u64,
    specs: &[ColumnSpec],
    r: &mut Report,
) -> Option<Vec<Option<(usize, String)>>> {
    let before = r.problems.len();
    let mut found: Vec<Option<(usize, String)>> = specs.iter().map(|_| None).collect();
    // Normalised once: a header can have a million cells.
    let aliases: Vec<Vec<String>> = specs
        .iter()
        .map(|s| s.aliases.iter().map(|a| normalise(a)).collect())
        .collect();
    let find = |n: &str| {
        specs
            .iter()
            .zip(&aliases)
            .position(|(s, a)| s.key == n || a.iter().any(|a| a == n))
    };
    for (i, text) in cells.iter().enumerate() {
        // Spreadsheets leave empty header cells after the last column.
        if text.is_empty() {
            continue;
        }
        let n = normalise(text);
        let spec = match find(&n) {
            Some(k) => Some(k),
            None => match split_unit(&n) {
                Some((base, unit)) => match find(base) {
                    Some(k) if specs[k].unit.spellings().contains(&unit) => Some(k),
                    Some(k) if specs[k].unit != Unit::None => {
                        r.push("header", line, Some(text), specs[k].unit.refuse(unit));
                        // Found, if in the wrong unit: "no 'so2' column" would add nothing.
                        found[k].get_or_insert((i, text.clone()));
                        continue;
                    }
                    _ => None,
                },
                None => None,
            },
        };
        let Some(k) = spec else {
            let note = || match hint(
                &n,
                specs
                    .iter()
                    .flat_map(|s| std::iter::once(s.key).chain(s.aliases.iter().copied())),
            ) {
                h if h.is_empty() => {
                    // Columns without other names are a family (the levels of a list), told
                    // as one.
                    let keys: Vec<&str> = specs
                        .iter()
                        .filter(|s| !s.aliases.is_empty())
                        .map(|s| s.key)
                        .collect();
                    let family = match specs.iter().find(|s| s.aliases.is_empty()) {
                        Some(s) => format!(", and per level {}, … (黄色预警 减排措施 …)", s.key),
                        None => String::new(),
                    };
                    format!(" (columns: {}{family})", keys.join(", "))
                }
                h => h,
            };
            r.push_with("header", line, Some(text), || {
                format!("unknown column{}", note())
            });
            continue;
        };
        if let Some((j, _)) = &found[k] {
            let msg = format!("appears twice (columns {} and {})", j + 1, i + 1);
            r.push("header", line, Some(text), msg);
            continue;
        }
        found[k] = Some((i, text.clone()));
    }
    for (spec, got) in specs.iter().zip(&found) {
        if spec.required && got.is_none() {
            let zh = spec
                .aliases
                .first()
                .map_or(String::new(), |z| format!(" ({z})"));
            r.push(
                "header",
                line,
                None,
                format!("no '{}' column{zh}", spec.key),
            );
        }
    }
    (r.problems.len() == before).then_some(found)
}

/// Rows with more fields than the header are refused: their values would land in the wrong
/// columns. Returns whether the row is usable.
pub(crate) fn check_width(cells: &[String], width: usize, line: u64, r: &mut Report) -> bool {
    if cells.len() > width && cells[width..].iter().any(|c| !c.is_empty()) {
        let msg = format!(
            "{} fields where the header has {width}; row skipped",
            cells.len()
        );
        r.push("row length", line, None, msg);
        return false;
    }
    true
}

/// An exact non-negative amount in millionths of its unit (output value in 万元/day);
/// `example` says how it is written.
pub(crate) fn micro_amount(text: &str, what: &str, example: &str) -> Result<u64, String> {
    let t = text.trim();
    Concentration::parse_scaled(t, 0)
        .map(Concentration::to_micro)
        .map_err(|e| match e {
            ConcentrationError::Negative(_) => format!("negative {what} '{t}'"),
            ConcentrationError::TooLarge(_) => format!("{what} '{t}' is implausibly large"),
            _ => format!("'{t}' is not a number ({example})"),
        })
}

/// The first line each key was seen on, for "duplicate … (first on line N)".
pub(crate) struct FirstSeen<K> {
    lines: HashMap<K, u64>,
}

impl<K: std::hash::Hash + Eq> FirstSeen<K> {
    pub fn new() -> FirstSeen<K> {
        FirstSeen {
            lines: HashMap::new(),
        }
    }

    /// The line `key` was first seen on, if before; else records it on `line`.
    pub fn seen(&mut self, key: K, line: u64) -> Option<u64> {
        match self.lines.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.lines.insert(key, line);
                None
            }
        }
    }
}

/// ` (first on line N)`, or nothing when the line is unknown.
pub(crate) fn first_on(line: u64) -> String {
    match line {
        0 => String::new(),
        n => format!(" (first on line {n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_brackets() {
        assert_eq!(split_unit("so2(t/d)"), Some(("so2", "t/d")));
        assert_eq!(split_unit("二氧化硫（吨/日）"), Some(("二氧化硫", "吨/日")));
        assert_eq!(split_unit("so2[t/d]"), Some(("so2", "t/d")));
        assert_eq!(split_unit("(t/d)"), None);
        assert_eq!(split_unit("so2(t/d"), None);
        assert_eq!(normalise("\u{feff} SO2 (T/D) "), "so2(t/d)");
    }

    #[test]
    fn amounts() {
        let amount = |t: &str| micro_amount(t, "output value", "万元/day, such as 120.5");
        assert_eq!(amount("120.5"), Ok(120_500_000));
        assert_eq!(amount("-1"), Err("negative output value '-1'".into()));
        assert_eq!(
            amount("x"),
            Err("'x' is not a number (万元/day, such as 120.5)".into())
        );
    }
}
