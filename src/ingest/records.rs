//! CSV records with true line numbers, and a cheap way past the records a reader does not want.
//!
//! The CNEMC archive repeats every hour in fifteen rows of which hazeplan reads seven (the
//! others are the publisher's AQI and 24-hour means, recomputed rather than trusted). Splitting
//! those eight rows into fields is half the cost of reading a file, so [`Records`] lets the
//! caller look at a line before it is split: a line with no quote and no lone `\r` is one whole
//! record whatever the CSV grammar says (RFC 4180 needs a quote for anything else), so the
//! caller may pass over it. Every other line goes through `csv_core`, the csv crate's own
//! parser, with quoted fields across lines and buffer refills handled as the csv crate does.
//!
//! Line numbers are 1-based and count `\n` bytes before a record's first field, so they stay
//! right after CRLF endings, blank lines and quoted newlines (see [`super::lines`] for the
//! csv crate's own numbers and why they are not used).

use std::io::{self, Read};

/// One record: its fields and the line its first field is on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'a> {
    /// 1-based line of the record's first field.
    pub line: u64,
    data: &'a [u8],
    ends: &'a [usize],
    /// Bytes between fields in `data`: 1 for a line split in place (the commas), 0 for
    /// csv_core's output (fields back to back).
    sep: usize,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` (panics when out of range, as slices do).
    pub fn get(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.sep
        };
        &self.data[start..self.ends[i]]
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let (data, sep) = (self.data, self.sep);
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let field = &data[start..end];
            start = end + sep;
            field
        })
    }
}

/// Reads the CSV records of one input (comma-separated, `"` quotes, any line ending).
pub(crate) struct Records<R> {
    input: R,
    buf: Vec<u8>,
    /// Unconsumed bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    core: csv_core::Reader,
    /// `\n` bytes consumed so far.
    newlines: u64,
    fields: Vec<u8>,
    ends: Vec<usize>,
    skipped: u64,
    /// Whether the first bytes (a possible UTF-8 BOM) were looked at.
    started: bool,
}

/// The smallest read; the buffer grows when a line is longer.
const CHUNK: usize = 1 << 17;

impl<R: Read> Records<R> {
    /// Records of `input`.
    pub fn new(input: R) -> Records<R> {
        Records {
            input,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            core: csv_core::Reader::new(),
            newlines: 0,
            fields: vec![0; 1 << 16],
            ends: vec![0; 256],
            skipped: 0,
            started: false,
        }
    }

    /// Records passed over so far because `skip` said so.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The line the reader is at (where an I/O error happened).
    pub fn line(&self) -> u64 {
        self.newlines + 1
    }

    /// Reads more input after the unconsumed bytes; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // One line fills the buffer: make room for the rest of it.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next line as it is when it is plain (the caller may read it without splitting,
    /// see [`split_plain`]), else the next record split by csv_core. `skip` sees each plain
    /// line (no quote, no lone `\r`, without its line ending) first; a line it returns true for
    /// is passed over and counted in [`Records::skipped`].
    pub fn next_line(
        &mut self,
        skip: &mut dyn FnMut(&[u8]) -> bool,
    ) -> io::Result<Option<Line<'_>>> {
        Ok(match self.advance(skip)? {
            None => None,
            Some(Step::Plain { line, start, len }) => Some(Line::Plain {
                line,
                text: &self.buf[start..start + len],
            }),
            Some(Step::Parsed { line, nout, nend }) => {
                Some(Line::Record(self.parsed(line, nout, nend)))
            }
        })
    }

    fn parsed(&self, line: u64, nout: usize, nend: usize) -> Record<'_> {
        Record {
            line,
            data: &self.fields[..nout],
            ends: &self.ends[..nend],
            sep: 0,
        }
    }

    /// Moves to the next line or record that is not skipped.
    fn advance(&mut self, skip: &mut dyn FnMut(&[u8]) -> bool) -> io::Result<Option<Step>> {
        if !self.started {
            self.started = true;
            while self.end < 3 && self.fill()? {}
            // csv_core strips a BOM too, but only from its own first input: drop it here so
            // that the first line can be looked at like any other.
            if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.pos = 3;
            }
        }
        // Blank lines and line endings before the record.
        loop {
            while self.pos < self.end && matches!(self.buf[self.pos], b'\r' | b'\n') {
                if self.buf[self.pos] == b'\n' {
                    self.newlines += 1;
                }
                self.pos += 1;
            }
            if self.pos == self.end {
                if self.fill()? {
                    continue;
                }
                return Ok(None);
            }
            // A whole line in the buffer?
            let rest = &self.buf[self.pos..self.end];
            let line_len = match memchr::memchr(b'\n', rest) {
                Some(n) => n,
                None if self.eof => rest.len(),
                None => {
                    self.fill()?;
                    continue;
                }
            };
            let mut line = &rest[..line_len];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            // `--cfg hazeplan_ablation="csv-core"`: every record through csv_core (BENCHMARKS.md).
            #[allow(unexpected_cfgs)]
            let all_core = cfg!(hazeplan_ablation = "csv-core");
            if all_core || memchr::memchr2(b'"', b'\r', line).is_some() {
                break;
            }
            let (start, len) = (self.pos, line.len());
            self.pos += line_len;
            if skip(line) {
                self.skipped += 1;
                continue;
            }
            // The line's `\n` is counted when the next call passes it.
            return Ok(Some(Step::Plain {
                line: self.newlines + 1,
                start,
                len,
            }));
        }
        let line = self.newlines + 1;
        // After plain lines `ends` may be short: csv_core needs room for at least one end.
        if self.ends.is_empty() {
            self.ends.push(0);
        }
        let (mut nout, mut nend) = (0, 0);
        // At the end of the input, empty calls tell csv_core to finish the last record.
        let mut at_end = false;
        loop {
            let input = if at_end {
                &[][..]
            } else {
                &self.buf[self.pos..self.end]
            };
            let (res, nin, o, e) =
                self.core
                    .read_record(input, &mut self.fields[nout..], &mut self.ends[nend..]);
            self.newlines += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            self.pos += nin;
            // Field ends count from the start of the record (csv_core keeps the offset).
            nout += o;
            nend += e;
            match res {
                csv_core::ReadRecordResult::InputEmpty => at_end = !self.fill()?,
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.fields.len() * 2;
                    self.fields.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => return Ok(None),
            }
        }
        Ok(Some(Step::Parsed { line, nout, nend }))
    }
}

/// Where [`Records::advance`] stopped.
enum Step {
    /// A plain line at `buf[start..start + len]` (without its line ending).
    Plain { line: u64, start: usize, len: usize },
    /// A record split by csv_core into `fields[..nout]`, `ends[..nend]`.
    Parsed { line: u64, nout: usize, nend: usize },
}

/// A line as [`Records::next_line`] gives it.
pub(crate) enum Line<'a> {
    /// A plain line (no quote, no lone `\r`), without its line ending: its fields are the
    /// text between commas.
    Plain {
        /// 1-based line number.
        line: u64,
        /// The text.
        text: &'a [u8],
    },
    /// Any other record, split.
    Record(Record<'a>),
}

/// The fields of a plain line: the text between its commas. `ends` is a work buffer.
pub(crate) fn split_plain<'a>(line: u64, text: &'a [u8], ends: &'a mut Vec<usize>) -> Record<'a> {
    // Commas are dense (most cells are short or empty), where a plain loop beats memchr's
    // search per match.
    ends.clear();
    ends.extend(
        text.iter()
            .enumerate()
            .filter_map(|(i, &b)| (b == b',').then_some(i)),
    );
    ends.push(text.len());
    Record {
        line,
        data: text,
        ends,

        sep: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, fields) of every record, with a tiny buffer to exercise refills.
    fn records(data: &[u8], skip: &mut dyn FnMut(&[u8]) -> bool) -> (Vec<(u64, Vec<String>)>, u64) {
        let mut r = Records::new(data);
        r.buf = vec![0; 4];
        r.fields = vec![0; 1];
        r.ends = vec![0; 1];
        let mut out = Vec::new();
        let mut ends = Vec::new();
        while let Some(next) = r.next_line(skip).unwrap() {
            let rec = match next {
                Line::Plain { line, text } => split_plain(line, text, &mut ends),
                Line::Record(rec) => rec,
            };
            let fields = rec
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((rec.line, fields));
        }
        (out, r.skipped())
    }

    fn all(data: &str) -> Vec<(u64, Vec<String>)> {
        records(data.as_bytes(), &mut |_| false).0
    }

    fn row(line: u64, fields: &[&str]) -> (u64, Vec<String>) {
        (line, fields.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn lines_after_crlf_blank_lines_and_quoted_newlines() {
        let lines = |d: &str| all(d).into_iter().map(|r| r.0).collect::<Vec<_>>();
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\n1,2\n\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines("a,b\r\n1,2\r\n\r\n\r\n3,4"), [1, 2, 5]);
        assert_eq!(lines("a,b\n\"x\ny\",2\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines("\n\na,b\n"), [3]);
        assert_eq!(lines("a\rb\rc"), [1, 1, 1]);
    }

    #[test]
    fn fields_as_the_csv_crate_splits_them() {
        assert_eq!(
            all("\u{feff}date,x\r\n\"a,b\",\"say \"\"hi\"\"\"\n1,,3\nlast"),
            [
                row(1, &["date", "x"]),
                row(2, &["a,b", "say \"hi\""]),
                row(3, &["1", "", "3"]),
                row(4, &["last"]),
            ]
        );
        // The same as the csv crate on a messy input.
        let messy = "h1,h2\r\n\"q\r\nq\",x\n\n,\r\n\"\"\rz\n";
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(messy.as_bytes());
        let expected: Vec<Vec<String>> = rdr
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let got: Vec<Vec<String>> = all(messy).into_iter().map(|r| r.1).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn plain_lines_can_be_skipped_and_quoted_ones_cannot() {
        let data = b"h\nskip,1\nkeep,2\r\n\"skip\",3\nskip,4";
        let (got, skipped) = records(data, &mut |l| l.starts_with(b"skip"));
        assert_eq!(
            got,
            [
                row(1, &["h"]),
                row(3, &["keep", "2"]),
                row(4, &["skip", "3"])
            ]
        );
        assert_eq!(skipped, 2);
    }

    proptest::proptest! {
        /// Whatever the bytes (quotes, lone `\r`, blank lines, a BOM), the records are the
        /// csv crate's.
        #[test]
        fn records_are_the_csv_crates(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'1', b',', b',', b'"', b'\r', b'\n', b'\n', b' ']),
                0..60,
            ),
            bom in proptest::bool::ANY,
        ) {
            let mut data = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            data.extend(&text);
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&data[..]);
            let expected: Vec<Vec<Vec<u8>>> = rdr
                .byte_records()
                .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
                .collect();
            let got: Vec<Vec<Vec<u8>>> = records(&data, &mut |_| false)
                .0
                .into_iter()
                .map(|(_, f)| f.into_iter().map(String::into_bytes).collect())
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn long_lines_grow_the_buffers() {
        let line = (0..5000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let data = format!("{line}\n{line}\n");
        let got = all(&data);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, 2);
        assert_eq!(got[1].1.len(), 5000);
        assert_eq!(got[1].1[4999], "4999");
    }
}
