//! The fast way through an archive file: rows of types that are not read are passed over
//! unsplit, and plain rows of plain numbers are read in one pass over their bytes. Any row
//! these functions turn down goes the general way ([`super::read_day`]), which reports its
//! defects; the tests check that both ways read the same values.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::day::{NONE, SLOTS};
use super::{Pending, type_slot};
use crate::aqi::Slot;
use crate::ingest::CoCheck;
use crate::ingest::sites::SiteId;
use crate::ingest::text::decimal_micro;
use crate::ingest::time::{TimeError, at_hour, parse_date, parse_hour};

/// The hour of a row from its `date` and `hour` cells, or the column (0 or 1) at fault.
pub(super) fn row_time(date: &[u8], hour: &[u8]) -> Result<NaiveDateTime, (usize, TimeError)> {
    // Borrowed for UTF-8 (no copy per row); both parsers trim.
    let d = parse_date(&String::from_utf8_lossy(date)).map_err(|e| (0, e))?;
    parse_hour(&String::from_utf8_lossy(hour))
        .and_then(|h| at_hour(d, h))
        .map_err(|e| (1, e))
}

/// Can a plain line (no quotes) be passed over unread? Only a row of a type that is not read,
/// with the header's width and a valid time: any other row must be split, because it holds
/// values or a defect to report.
pub(super) fn skippable(line: &[u8], width: usize) -> bool {
    let mut it = line.splitn(4, |&b| b == b',');
    let (Some(date), Some(hour), Some(kind)) = (it.next(), it.next(), it.next()) else {
        return false;
    };
    matches!(type_slot(kind.trim_ascii()), Ok(None))
        && memchr::memchr_iter(b',', line).count() + 1 == width
        && row_time(date, hour).is_ok()
}

/// Reads a plain row (no quotes) of a type that is read, with the header's width, a valid
/// time, not repeating its type within the hour and holding only empty cells and plain
/// decimals, straight into its hour: one pass over the bytes, no fields. Returns false, having
/// changed nothing that the general way would not redo, for any other row.
pub(super) fn fast_row(
    text: &[u8],
    line: u64,
    columns: &[Option<SiteId>],
    co_shift: u32,
    hours: &mut BTreeMap<NaiveDateTime, Pending>,
    co_check: &mut CoCheck,
) -> bool {
    let width = columns.len();
    if width <= 3 {
        return false;
    }
    let mut it = text.splitn(4, |&b| b == b',');
    let (Some(date), Some(hour), Some(kind), Some(cells)) =
        (it.next(), it.next(), it.next(), it.next())
    else {
        return false;
    };
    let (Ok(time), Ok(Some(slot))) = (row_time(date, hour), type_slot(kind.trim_ascii())) else {
        return false;
    };
    let pending = hours.entry(time).or_insert_with(|| Pending {
        line,
        values: vec![NONE; SLOTS * width],
        types_seen: 0,
        type_lines: [0; SLOTS],
    });
    let bit = 1 << slot as u8;
    if pending.types_seen & bit != 0 {
        return false;
    }
    let shift = if slot == Slot::Co { co_shift } else { 0 };
    let row = &mut pending.values[slot as usize * width..(slot as usize + 1) * width];
    // A value above the plausible maximum is a defect the general way reports.
    let max = crate::ingest::plausible_max_micro(slot);
    if !plain_cells(cells, shift, &mut row[3..], &columns[3..])
        || row[3..].iter().any(|&v| v != NONE && v > max)
    {
        return false;
    }
    pending.types_seen |= bit;
    pending.type_lines[slot as usize] = line;
    if slot == Slot::Co {
        for (&v, c) in row.iter().zip(columns) {
            if v != NONE && c.is_some() {
                co_check.observe_micro(v);
            }
        }
    }
    true
}

/// Parses comma-separated cells that are each empty or a plain decimal (as
/// [`crate::ingest::text::fast_micro`] takes them) into `out`, one per column; false at the first other cell or
/// when the cells are more or fewer than the columns.
fn plain_cells(cells: &[u8], shift: u32, out: &mut [u64], columns: &[Option<SiteId>]) -> bool {
    let last = out.len() - 1;
    let (mut col, mut int, mut frac, mut frac_digits, mut digits, mut dot) =
        (0usize, 0u64, 0u64, 0u32, 0u32, false);
    // Ends the current cell; false when it is not empty and not a plain decimal in range.
    let mut end = |col: usize, int: u64, frac: u64, frac_digits: u32, digits: u32, dot: bool| {
        let v = match decimal_micro(int, frac, frac_digits, digits, shift) {
            Some(v) => v,
            None if digits == 0 && !dot => NONE,
            None => return false,
        };
        if columns[col].is_some() {
            out[col] = v;
        }
        true
    };
    for &b in cells {
        match b {
            b'0'..=b'9' => {
                let d = u64::from(b - b'0');
                // Wrapping: past 15 digits the cell is refused anyway.
                if dot {
                    frac = frac.wrapping_mul(10).wrapping_add(d);
                    frac_digits += 1;
                } else {
                    int = int.wrapping_mul(10).wrapping_add(d);
                }
                digits += 1;
            }
            b'.' if !dot => dot = true,
            b',' => {
                // A comma past the last column: a long row, for the general way.
                if col == last || !end(col, int, frac, frac_digits, digits, dot) {
                    return false;
                }
                col += 1;
                (int, frac, frac_digits, digits, dot) = (0, 0, 0, 0, false);
            }
            _ => return false,
        }
    }
    // As many cells as columns, or a short row for the general way.
    col == last && end(col, int, frac, frac_digits, digits, dot)
}
