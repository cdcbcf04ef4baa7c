//! True 1-based line numbers for CSV records.
//!
//! The csv crate's `Position::line()` is one too low after CRLF endings and blank lines (its
//! record position points at the previous record's terminator; rust-csv issue 395), and Windows
//! exports are CRLF. [`LineTrack`] wraps the input, notes where the line terminators are as the
//! bytes stream past, and turns a record's byte offset into the line its first field is on.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};

#[derive(Debug, Default)]
struct State {
    /// Offset of the next byte to be read.
    offset: u64,
    /// Offsets of `\r` and `\n` bytes not yet passed, with the byte.
    terms: VecDeque<(u64, u8)>,
    /// `\n` bytes passed.
    newlines: u64,
}

/// A reader that remembers where its line terminators are.
#[derive(Debug)]
pub struct LineTrack<R> {
    inner: R,
    state: RefCell<State>,
}

impl<R: Read> LineTrack<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> LineTrack<R> {
        LineTrack {
            inner,
            state: RefCell::new(State::default()),
        }
    }

    /// The 1-based line of the record whose position is `byte` (from `Position::byte()`).
    /// Calls must come in non-decreasing order of `byte`, as records are read.
    pub fn line_of(&self, byte: u64) -> u64 {
        let mut s = self.state.borrow_mut();
        let mut start = byte;
        while let Some(&(o, b)) = s.terms.front() {
            // Terminators before the record, and those at its reported start (the previous
            // record's `\n` after `\r`, or blank lines), lie before its first field.
            if o <= start {
                if o == start {
                    start += 1;
                }
                if b == b'\n' {
                    s.newlines += 1;
                }
                s.terms.pop_front();
            } else {
                break;
            }
        }
        s.newlines + 1
    }
}

impl<R: Read> Read for LineTrack<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let s = self.state.get_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                s.terms.push_back((s.offset + i as u64, b));
            }
        }
        s.offset += n as u64;
        Ok(n)
    }
}

/// The true line of a record read from a `LineTrack`ed CSV reader (0 if unknown).
pub fn record_line<R: Read>(rdr: &csv::Reader<LineTrack<R>>, rec: &csv::ByteRecord) -> u64 {
    rec.position()
        .map_or(0, |p| rdr.get_ref().line_of(p.byte()))
}

/// The true line of a CSV error's position (0 if unknown).
pub fn error_line<R: Read>(rdr: &csv::Reader<LineTrack<R>>, e: &csv::Error) -> u64 {
    e.position().map_or(0, |p| rdr.get_ref().line_of(p.byte()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &str) -> Vec<u64> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(4)
            .from_reader(LineTrack::new(data.as_bytes()));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            out.push(record_line(&rdr, &rec));
        }
        out
    }

    #[test]
    fn lines_after_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\n1,2\n\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines("a,b\r\n1,2\r\n\r\n\r\n3,4"), [1, 2, 5]);
        assert_eq!(lines("a,b\n\"x\ny\",2\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines("\n\na,b\n"), [3]);
    }
}
