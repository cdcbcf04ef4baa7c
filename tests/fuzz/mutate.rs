//! The inputs of the fuzz targets: arbitrary bytes, and structure-aware mutations of seed
//! files (byte flips, truncation, line and cell edits with tricky values, header edits, line
//! endings, byte-order mark, GBK). A mutation is data, so proptest shrinks a failing input to
//! the fewest and smallest edits of its seed.

use std::fmt;

use proptest::prelude::*;
use proptest::sample::Index;

/// Bytes that print as an escaped string (a failing input is readable in the report).
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A megabyte input prints its start; the whole is written to a file on failure.
        let shown = &self.0[..self.0.len().min(4096)];
        write!(f, "b\"{}\" ({} bytes)", shown.escape_ascii(), self.0.len())
    }
}

/// Cell and value replacements that readers get wrong: missing markers, numbers at and past
/// every limit, sentinels, dates that do not exist, long text, other encodings, CSV and YAML
/// syntax in a value.
const TRICKY: &[&[u8]] = &[
    b"",
    b" ",
    b"-",
    b"--",
    b"NA",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"null",
    b"~",
    b"0",
    b"-0",
    b"-1",
    b"+5",
    b".5",
    b"5.",
    b"1.5e2",
    b"1e6",
    b"1e999",
    b"-1e999",
    b"1e-999",
    b"0.0000001",
    b"999999",
    b"9999",
    b"99999999999999999999999999",
    b"18446744073709551616",
    b"4294967296",
    b"2147483648",
    b"-9223372036854775809",
    b"0x10",
    b"1,5",
    b"\xef\xbc\x91\xef\xbc\x92",
    b"2023-02-30",
    b"2023-13-01",
    b"0000-00-00",
    b"9999-12-31 23:00",
    b"-262144-01-01",
    b"262143-12-31",
    b"2023-01-20 24:00",
    b"2023-01-20 23:59:60",
    b"24",
    b"25",
    b"-1:00",
    b"20230120",
    b"2023012",
    b"202301200",
    b"AQI",
    b"PM2.5",
    b"date",
    b"1001A",
    b"\xe5\xa4\xaa\xe5\x8e\x9f",
    b"\xcc\xab\xd4\xad",
    b"\xb1\xb1\xbe\xa9",
    b"\xff\xfe",
    b"\xc3",
    b"\xe5\xa4",
    b"\xef\xbb\xbf",
    b"\0",
    b"\t",
    b"\r",
    b"\r\n",
    b"\n",
    b"\"",
    b"\"\"",
    b"\"unterminated",
    b"\"a,b\"",
    b"a\"b",
    b",",
    b",,,,,,,,",
    b"'",
    b"[",
    b"{",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"&a [*a, *a, *a, *a]",
    b"*a",
    b"!!binary aGk=",
    b"!custom x",
    b"<<: *a",
    b"? complex",
    b"- - - - -",
    b"key: value: other",
    b"|",
    b">-",
    b"%",
    b"#",
    b"@",
    b"`",
    b"none",
    b"red",
    b"yes",
    b"on",
    b"0o17",
    b"1_000",
    b".inf",
    b"-.nan",
    b"listed+estimated",
    b"lift",
    b"100%",
    b"150%",
    b"-5%",
    b"\xf0\x9f\x92\xa8",
    b"\xe2\x80\xae",
];

/// A tricky value: from the table, or generated (very long text, deep nesting).
#[derive(Clone, Debug)]
pub enum Tricky {
    /// An entry of [`TRICKY`].
    Table(Index),
    /// `len` copies of a byte (a 1 MB cell, a 64 kB name).
    Long(u8, usize),
    /// Brackets nested `depth` deep (YAML flow collections, quotes in CSV).
    Nested(u8, usize),
}

impl Tricky {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Tricky::Table(i) => TRICKY[i.index(TRICKY.len())].to_vec(),
            Tricky::Long(b, len) => vec![*b; *len],
            Tricky::Nested(b, depth) => {
                let close = match b {
                    b'[' => b']',
                    b'{' => b'}',
                    _ => *b,
                };
                let mut v = vec![*b; *depth];
                v.extend(std::iter::repeat_n(close, *depth));
                v
            }
        }
    }
}

fn tricky() -> impl Strategy<Value = Tricky> {
    prop_oneof![
        40 => any::<Index>().prop_map(Tricky::Table),
        // Mostly tens of kB; a megabyte now and then (each costs milliseconds to read).
        2 => (prop::sample::select(&b"x9\xe5 ,\"\n"[..]), 1_000usize..70_000)
            .prop_map(|(b, n)| Tricky::Long(b, n)),
        1 => (prop::sample::select(&b"x9\xe5 ,\"\n"[..]), 1_000_000usize..1_100_000)
            .prop_map(|(b, n)| Tricky::Long(b, n)),
        2 => (prop::sample::select(&b"[{\"("[..]), 1usize..20_000)
            .prop_map(|(b, n)| Tricky::Nested(b, n)),
    ]
}

/// One edit of a file.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Flip one bit of a byte.
    FlipBit(Index, u8),
    /// Set a byte.
    SetByte(Index, u8),
    /// Insert a tricky value at a byte.
    Insert(Index, Tricky),
    /// Cut the file at a byte.
    Truncate(Index),
    /// Repeat a line (`n` more copies).
    DupLine(Index, u8),
    /// Delete a line.
    DelLine(Index),
    /// Swap two lines.
    SwapLines(Index, Index),
    /// Replace a comma-separated cell of a line.
    Cell(Index, Index, Tricky),
    /// Replace a cell of the first line (the header).
    HeaderCell(Index, Tricky),
    /// Delete a cell (and its comma) of a line.
    DelCell(Index, Index),
    /// Repeat a cell of a line.
    DupCell(Index, Index),
    /// Replace what follows the first `: ` of a line (a YAML value).
    Value(Index, Tricky),
    /// Change a line's indentation by `n` spaces (positive: more).
    Indent(Index, i8),
    /// Line endings: 0 CRLF, 1 CR only, 2 LF (from CRLF).
    Endings(u8),
    /// Prepend a UTF-8 byte-order mark.
    Bom,
    /// Re-encode the text as GBK.
    Gbk,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<Index>;
    prop_oneof![
        4 => (i(), 0u8..8).prop_map(|(p, b)| Mutation::FlipBit(p, b)),
        2 => (i(), any::<u8>()).prop_map(|(p, b)| Mutation::SetByte(p, b)),
        3 => (i(), tricky()).prop_map(|(p, t)| Mutation::Insert(p, t)),
        2 => i().prop_map(Mutation::Truncate),
        2 => (i(), 1u8..4).prop_map(|(l, n)| Mutation::DupLine(l, n)),
        2 => i().prop_map(Mutation::DelLine),
        2 => (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        8 => (i(), i(), tricky()).prop_map(|(l, c, t)| Mutation::Cell(l, c, t)),
        3 => (i(), tricky()).prop_map(|(c, t)| Mutation::HeaderCell(c, t)),
        2 => (i(), i()).prop_map(|(l, c)| Mutation::DelCell(l, c)),
        1 => (i(), i()).prop_map(|(l, c)| Mutation::DupCell(l, c)),
        4 => (i(), tricky()).prop_map(|(l, t)| Mutation::Value(l, t)),
        1 => (i(), -4i8..5).prop_map(|(l, n)| Mutation::Indent(l, n)),
        1 => (0u8..3).prop_map(Mutation::Endings),
        1 => Just(Mutation::Bom),
        1 => Just(Mutation::Gbk),
    ]
}

/// The lines of a text, each with its `\n` (the last may lack it).
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// A line without its line ending, and the ending.
fn split_ending(line: &[u8]) -> (&[u8], &[u8]) {
    let body = line
        .strip_suffix(b"\r\n")
        .or_else(|| line.strip_suffix(b"\n"))
        .unwrap_or(line);
    (body, &line[body.len()..])
}

/// Edits the cells of one line (`f` gets them without the line ending).
fn edit_cells(line: &mut Vec<u8>, f: impl FnOnce(&mut Vec<Vec<u8>>)) {
    let (body, end) = split_ending(line);
    let end = end.to_vec();
    let mut cells: Vec<Vec<u8>> = body.split(|&b| b == b',').map(<[u8]>::to_vec).collect();
    f(&mut cells);
    let mut out = cells.join(&b","[..]);
    out.extend(end);
    *line = out;
}

impl Mutation {
    /// Applies the edit (an index picks among what the bytes have at the time).
    pub fn apply(&self, bytes: &mut Vec<u8>) {
        let on_lines = |bytes: &mut Vec<u8>, f: &mut dyn FnMut(&mut Vec<Vec<u8>>)| {
            let mut ls = lines(bytes);
            if !ls.is_empty() {
                f(&mut ls);
                *bytes = ls.concat();
            }
        };
        match self {
            Mutation::FlipBit(p, bit) if !bytes.is_empty() => {
                let p = p.index(bytes.len());
                bytes[p] ^= 1 << bit;
            }
            Mutation::SetByte(p, b) if !bytes.is_empty() => {
                let p = p.index(bytes.len());
                bytes[p] = *b;
            }
            Mutation::Insert(p, t) => {
                let p = p.index(bytes.len() + 1);
                bytes.splice(p..p, t.bytes());
            }
            Mutation::Truncate(p) => bytes.truncate(p.index(bytes.len() + 1)),
            Mutation::DupLine(l, n) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                let line = ls[i].clone();
                for _ in 0..*n {
                    ls.insert(i, line.clone());
                }
            }),
            Mutation::DelLine(l) => on_lines(bytes, &mut |ls| {
                ls.remove(l.index(ls.len()));
            }),
            Mutation::SwapLines(a, b) => on_lines(bytes, &mut |ls| {
                let (a, b) = (a.index(ls.len()), b.index(ls.len()));
                ls.swap(a, b);
            }),
            Mutation::Cell(l, c, t) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                edit_cells(&mut ls[i], |cells| {
                    let k = c.index(cells.len());
                    cells[k] = t.bytes();
                });
            }),
            Mutation::HeaderCell(c, t) => on_lines(bytes, &mut |ls| {
                edit_cells(&mut ls[0], |cells| {
                    let k = c.index(cells.len());
                    cells[k] = t.bytes();
                });
            }),
            Mutation::DelCell(l, c) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                edit_cells(&mut ls[i], |cells| {
                    cells.remove(c.index(cells.len()));
                });
            }),
            Mutation::DupCell(l, c) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                edit_cells(&mut ls[i], |cells| {
                    let k = c.index(cells.len());
                    cells.insert(k, cells[k].clone());
                });
            }),
            Mutation::Value(l, t) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                let (body, end) = split_ending(&ls[i]);
                if let Some(at) = body.windows(2).position(|w| w == b": ") {
                    let mut line = body[..at + 2].to_vec();
                    line.extend(t.bytes());
                    line.extend_from_slice(end);
                    ls[i] = line;
                }
            }),
            Mutation::Indent(l, n) => on_lines(bytes, &mut |ls| {
                let i = l.index(ls.len());
                let line = &mut ls[i];
                if *n >= 0 {
                    line.splice(0..0, std::iter::repeat_n(b' ', *n as usize));
                } else {
                    let spaces = line.iter().take_while(|&&b| b == b' ').count();
                    line.drain(..spaces.min(n.unsigned_abs() as usize));
                }
            }),
            Mutation::Endings(kind) => {
                let text = bytes.clone();
                *bytes = match kind {
                    0 => lines(&text)
                        .iter()
                        .flat_map(|l| match split_ending(l) {
                            (b, b"\n") => [b, b"\r\n"].concat(),
                            _ => l.clone(),
                        })
                        .collect(),
                    1 => text
                        .iter()
                        .map(|&b| if b == b'\n' { b'\r' } else { b })
                        .collect(),
                    _ => lines(&text)
                        .iter()
                        .flat_map(|l| match split_ending(l) {
                            (b, b"\r\n") => [b, b"\n"].concat(),
                            _ => l.clone(),
                        })
                        .collect(),
                };
            }
            Mutation::Bom => bytes.splice(0..0, *b"\xef\xbb\xbf").for_each(drop),
            Mutation::Gbk => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                *bytes = encoding_rs::GBK.encode(&text).0.into_owned();
            }
            _ => {}
        }
    }
}

/// A seed file.
#[derive(Clone, Debug)]
pub struct Seed {
    /// Where it came from (for the report).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// An input: arbitrary bytes (`seed` none), or a seed with edits.
#[derive(Clone, Debug)]
pub struct Input {
    /// The seed's name, if any.
    pub seed: Option<String>,
    /// The bytes the target reads.
    pub bytes: Bytes,
}

/// Inputs over `seeds`: one in eight arbitrary bytes, the rest one to eight edits of a seed.
pub fn inputs(seeds: Vec<Seed>) -> impl Strategy<Value = Input> {
    assert!(!seeds.is_empty(), "a fuzz target needs seeds");
    let arbitrary = prop::collection::vec(any::<u8>(), 0..2048).prop_map(|b| Input {
        seed: None,
        bytes: Bytes(b),
    });
    let mutated = (
        prop::sample::select(seeds),
        prop::collection::vec(mutation(), 1..8),
    )
        .prop_map(|(seed, edits)| {
            let mut bytes = seed.bytes;
            for e in &edits {
                e.apply(&mut bytes);
            }
            Input {
                seed: Some(seed.name),
                bytes: Bytes(bytes),
            }
        });
    prop_oneof![1 => arbitrary, 7 => mutated]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_line_endings_are_edited_in_place() {
        let mut line = b"1,2,3\r\n".to_vec();
        edit_cells(&mut line, |cells| cells[1] = b"NA".to_vec());
        assert_eq!(line, b"1,NA,3\r\n");
        let mut b = b"a\nb\r\n".to_vec();
        Mutation::Endings(0).apply(&mut b);
        assert_eq!(b, b"a\r\nb\r\n");
        Mutation::Endings(2).apply(&mut b);
        assert_eq!(b, b"a\nb\n");
    }
}
