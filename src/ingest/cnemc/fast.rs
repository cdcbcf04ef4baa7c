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
    if !plain_cells(cells, shift, max, &mut row[3..], &columns[3..]) {
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
/// when the cells are more or fewer than the columns, or at a value of a site's column above
/// `max` (micro-units: a defect the general way reports).
fn plain_cells(
    cells: &[u8],
    shift: u32,
    max: u64,
    out: &mut [u64],
    columns: &[Option<SiteId>],
) -> bool {
    let last = out.len() - 1;
    // All of a cell's digits in one number and where the point was: the value is
    // `acc / 10^frac_digits`, in micro-units `acc * 10^(6 - shift - frac_digits)`.
    let (mut col, mut acc, mut digits, mut point) = (0usize, 0u64, 0u32, None::<u32>);
    // Ends the current cell; false when it is not empty and not a plain decimal in range.
    let mut end = |col: usize, acc: u64, digits: u32, point: Option<u32>| {
        let v = if digits == 0 {
            if point.is_some() {
                return false;
            }
            NONE
        } else {
            match plain_micro(acc, digits, point.map_or(0, |p| digits - p), shift) {
                Some(v) => v,
                None => return false,
            }
        };
        if columns[col].is_some() {
            if v != NONE && v > max {
                return false;
            }
            out[col] = v;
        }
        true
    };
    for &b in cells {
        let d = b.wrapping_sub(b'0');
        if d < 10 {
            // Wrapping: past 15 digits the cell is refused anyway.
            acc = acc.wrapping_mul(10).wrapping_add(u64::from(d));
            digits += 1;
        } else if b == b',' {
            // A comma past the last column: a long row, for the general way.
            if col == last || !end(col, acc, digits, point) {
                return false;
            }
            col += 1;
            (acc, digits, point) = (0, 0, None);
        } else if b == b'.' && point.is_none() {
            point = Some(digits);
        } else {
            return false;
        }
    }
    // As many cells as columns, or a short row for the general way.
    col == last && end(col, acc, digits, point)
}

/// A cell's micro-units from all its `digits` as one number `acc`, `frac_digits` of them after
/// the point: the value [`crate::ingest::text::decimal_micro`] gives for the same cell (the tests hold them
/// together), `None` where it does.
fn plain_micro(acc: u64, digits: u32, frac_digits: u32, shift: u32) -> Option<u64> {
    if digits > 15 || frac_digits + shift > 6 {
        return None;
    }
    const POW10: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    const MAX: u64 = crate::units::MAX_CONCENTRATION * crate::units::MICRO;
    if digits <= 12 {
        // Under 10^12 times at most 10^6: 64 bits hold it (the common case, without a
        // 128-bit product on every cell).
        return Some(acc * POW10[(6 - shift - frac_digits) as usize]).filter(|&m| m <= MAX);
    }
    // Under 10^15 times at most 10^6: no overflow in 128 bits, and anything over the
    // plausible maximum (an integer part of 10^9 or more included) is refused.
    let micro = u128::from(acc) * u128::from(POW10[(6 - shift - frac_digits) as usize]);
    u64::try_from(micro).ok().filter(|&m| m <= MAX)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::plain_micro;
    use crate::ingest::text::decimal_micro;

    proptest! {
        /// One number of all the digits gives what the integer and fraction parts give.
        #[test]
        fn plain_micro_is_decimal_micro(
            int in "[0-9]{0,17}",
            frac in "[0-9]{0,9}",
            shift in 0u32..4,
        ) {
            let number = |t: &str| t.bytes().fold(0u64, |n, b| {
                n.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))
            });
            let (fd, digits) = (frac.len() as u32, (int.len() + frac.len()) as u32);
            let all = number(&format!("{int}{frac}"));
            let expected = decimal_micro(number(&int), number(&frac), fd, digits, shift);
            let got = if digits == 0 { None } else { plain_micro(all, digits, fd, shift) };
            prop_assert_eq!(got, expected);
        }
    }
}
