//! Where the header of a long file is. Archives from foreign missions and agencies open with
//! lines of notes (site, parameter, disclaimer) before the header, so the header is found
//! rather than assumed to be line 1.
//!
//! The rule (docs/data.md): the header is the first of the first [`SEARCH_RECORDS`] lines that
//! reads as one, that is, names a time field (`time`, `date` and `hour`, or `year`, `month`,
//! `day` and `hour`) and a pollutant column or a parameter and value column, `--map` applied.
//! Lines above it are skipped with one note. `--header-row N` names the line instead. When no
//! line qualifies, the error is that of the first line naming any known field (else line 1),
//! and says which line that was when it is not line 1 or a `--map` was given, so that a `--map`
//! naming a column the header lacks is never mistaken for a problem of another line.

use std::io::Read;

use super::header::{ColumnMap, Columns, map_header, recognise};
use super::lines::{LineTrack, record_line};
use super::text::TextDecoder;

/// Lines searched for the header: notes above a header run to a handful of lines; a data row
/// never reads as a header, so a longer search only costs time on files that have none.
pub const SEARCH_RECORDS: usize = 50;

/// The header found.
#[derive(Debug)]
pub(crate) struct Found {
    /// Its cells, decoded and trimmed.
    pub cells: Vec<String>,
    /// The fields found in it.
    pub columns: Columns,
    /// Records up to and including the header: what the second pass skips.
    pub records: usize,
    /// Its 1-based line.
    pub line: u64,
    /// The first line skipped above it, shortened, for the note.
    pub first_skipped: Option<String>,
}

fn cells(rec: &csv::ByteRecord, dec: &mut TextDecoder) -> Vec<String> {
    rec.iter()
        .map(|c| dec.decode(c).trim().to_string())
        .collect()
}

/// A skipped line for the note: its text, cut at 60 characters.
fn shorten(cells: &[String]) -> String {
    let text = cells.join(",");
    let text = text.trim_matches(',');
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Reads records from `rdr` (positioned at the start of the file) up to the header.
pub(crate) fn find<R: Read>(
    rdr: &mut csv::Reader<LineTrack<R>>,
    dec: &mut TextDecoder,
    maps: &[ColumnMap],
    header_row: Option<u64>,
) -> Result<Found, String> {
    let mut rec = csv::ByteRecord::new();
    let mut records = 0;
    let mut first: Option<(Vec<String>, u64)> = None;
    // The first line naming a known field, whose error is reported when none qualifies.
    let mut fallback: Option<(Vec<String>, u64)> = None;
    while records < SEARCH_RECORDS || header_row.is_some() {
        if !rdr.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
            break;
        }
        records += 1;
        let line = record_line(rdr, &rec);
        if rec.len() > super::MAX_COLUMNS {
            return Err(format!(
                "line {line}: {}",
                super::too_many_columns(rec.len())
            ));
        }
        let c = cells(&rec, dec);
        let first_skipped = first.as_ref().map(|(f, _)| shorten(f));
        if first.is_none() {
            first = Some((c.clone(), line));
        }
        let refs: Vec<&str> = c.iter().map(String::as_str).collect();
        if let Some(n) = header_row {
            if line < n {
                continue;
            }
            if line > n {
                return Err(format!(
                    "line {n} (--header-row) is blank or inside a quoted field; the next record \
                     starts on line {line}"
                ));
            }
            let columns = map_header(&refs, maps)
                .map_err(|e| format!("{e}; line {n} was taken as the header (--header-row)"))?;
            return Ok(Found {
                cells: c,
                columns,
                records,
                line,
                first_skipped,
            });
        }
        if let Ok(columns) = map_header(&refs, maps) {
            return Ok(Found {
                cells: c,
                columns,
                records,
                line,
                first_skipped,
            });
        }
        if fallback.is_none() && refs.iter().any(|h| recognise(h).is_some()) {
            fallback = Some((c, line));
        }
    }
    if let Some(n) = header_row {
        return Err(format!("the file has no line {n} (--header-row)"));
    }
    let Some((c, line)) = fallback.or(first) else {
        return Err("the file is empty".into());
    };
    let refs: Vec<&str> = c.iter().map(String::as_str).collect();
    let e = match map_header(&refs, maps) {
        Err(e) => e,
        // Unreachable: a line that maps was returned above.
        Ok(_) => return Err("no header found".into()),
    };
    Err(if line > 1 || !maps.is_empty() {
        format!("{e}; line {line} was taken as the header (--header-row N picks another)")
    } else {
        e.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, maps: &[&str], row: Option<u64>) -> Result<(u64, usize, String), String> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(LineTrack::new(text.as_bytes()));
        let maps: Vec<ColumnMap> = maps.iter().map(|m| m.parse().unwrap()).collect();
        let f = find(&mut rdr, &mut TextDecoder::default(), &maps, row)?;
        Ok((f.line, f.records, f.first_skipped.unwrap_or_default()))
    }

    const EMBASSY: &str = "Site: Testville (synthetic)\n\
        Parameter: PM2.5 - Principal\n\
        \"Note: data are provisional, not validated\"\n\
        Site,Parameter,Date (LST),Year,Month,Day,Hour,Value,Unit,Duration,QC Name\n\
        Testville,PM2.5,2017-01-01 01:00,2017,1,1,1,35,µg/m³,1 Hr,Valid\n";

    #[test]
    fn header_under_notes() {
        assert_eq!(
            found(EMBASSY, &[], None),
            Ok((4, 4, "Site: Testville (synthetic)".into()))
        );
        assert_eq!(
            found("time,PM2.5\n2023-01-01 01:00,3\n", &[], None),
            Ok((1, 1, String::new()))
        );
        assert_eq!(found(EMBASSY, &[], Some(4)).map(|f| f.0), Ok(4));
    }

    #[test]
    fn errors_name_the_header_line() {
        assert_eq!(
            found(EMBASSY, &["qc=QC Flag"], None).unwrap_err(),
            "--map names column 'QC Flag', which the header does not have (columns: Site, \
             Parameter, Date (LST), Year, Month, Day, Hour, Value, Unit, Duration, QC Name); \
             line 4 was taken as the header (--header-row N picks another)"
        );
        assert_eq!(
            found(EMBASSY, &[], Some(2)).unwrap_err(),
            "no time columns: need 'time', or 'date' and 'hour', or 'year', 'month', 'day' and \
             'hour' (use --map); line 2 was taken as the header (--header-row)"
        );
        assert_eq!(
            found(EMBASSY, &[], Some(40)).unwrap_err(),
            "the file has no line 40 (--header-row)"
        );
        assert_eq!(
            found("station,PM2.5\n9001A,35\n", &[], None).unwrap_err(),
            "no time columns: need 'time', or 'date' and 'hour', or 'year', 'month', 'day' and \
             'hour' (use --map)"
        );
        assert_eq!(found("", &[], None).unwrap_err(), "the file is empty");
    }
}
