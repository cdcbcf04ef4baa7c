//! Cells of a monitoring file: text decoding (UTF-8, GBK/GB18030 or Windows-1252/Latin-1,
//! decided from the data),
//! missing-value markers, and numbers into exact concentrations.

use std::borrow::Cow;

use crate::units::{Concentration, ConcentrationError};

/// The encoding of a file's text fields. Numbers are ASCII in every encoding, so only text
/// (headers, station and city names) is ever decoded, and the choice can wait until the first
/// non-ASCII byte shows which it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Nothing but ASCII seen so far.
    #[default]
    Undecided,
    /// UTF-8 (a BOM, if any, is skipped by the CSV reader).
    Utf8,
    /// GBK or its superset GB18030.
    Gb18030,
    /// Windows-1252, the superset of Latin-1 (ISO 8859-1) that Western spreadsheets write: a
    /// foreign archive's `µg/m³` unit cell is the bytes B5 67 2F 6D B3.
    Windows1252,
}

impl Encoding {
    /// A name for messages and the quality summary.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Undecided | Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GBK/GB18030",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decodes the text fields of one file, settling the encoding on the first non-ASCII field.
#[derive(Clone, Debug, Default)]
pub struct TextDecoder {
    encoding: Encoding,
}

impl TextDecoder {
    /// A decoder whose encoding is already decided (by an earlier pass over the file).
    pub fn with(encoding: Encoding) -> TextDecoder {
        TextDecoder { encoding }
    }

    /// The encoding decided so far.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Decodes one field (a leading UTF-8 BOM is dropped).
    pub fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.is_ascii() {
            // ASCII is the same in both encodings.
            return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
        }
        if self.encoding == Encoding::Undecided {
            self.encoding = sniff(bytes);
        }
        match self.encoding {
            Encoding::Gb18030 => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
            Encoding::Windows1252 => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
            _ => String::from_utf8_lossy(bytes),
        }
    }
}

/// Share of characters that Chinese monitoring files plausibly hold (CJK ideographs and
/// punctuation, full-width forms, unit signs), as (plausible, total).
fn plausibility(s: &str) -> (usize, usize) {
    let good = s
        .chars()
        .filter(|&c| {
            c.is_ascii()
                || matches!(c as u32,
                    0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
                || matches!(c, 'μ' | 'µ' | '³' | '²' | '°' | '—' | '·')
        })
        .count();
    (good, s.chars().count())
}

/// Decides the encoding of a non-ASCII field. Valid UTF-8 is not proof: short GBK texts can be
/// valid UTF-8 by chance (太原 in GBK is the bytes CC AB D4 AD, which UTF-8 reads as two
/// unrelated letters), so both readings are scored and UTF-8 wins only when it reads at least
/// as plausibly.
fn sniff(bytes: &[u8]) -> Encoding {
    let Ok(utf8) = std::str::from_utf8(bytes) else {
        return sniff_legacy(bytes);
    };
    let (gbk, _, malformed) = encoding_rs::GB18030.decode(bytes);
    if malformed {
        return Encoding::Utf8;
    }
    let (u_good, u_all) = plausibility(utf8);
    let (g_good, g_all) = plausibility(&gbk);
    // u_good / u_all >= g_good / g_all, without division.
    if u_good * g_all >= g_good * u_all {
        Encoding::Utf8
    } else {
        Encoding::Gb18030
    }
}

/// The non-ASCII characters of Latin-1 monitoring files: unit and degree signs.
const LATIN1_SIGNS: [char; 7] = ['µ', '³', '²', '°', '·', '±', '×'];

/// Decides between GBK and Windows-1252 for text that is not UTF-8. A field whose Windows-1252
/// reading is ASCII plus unit signs (`µg/m³`, `°C`) is Latin-1: GBK text read that way gives
/// accented letters (太原, CC AB D4 AD, reads `Ì«Ô­`), and a GBK pair made only of the sign
/// bytes (B0-B7) would be a run of rare characters. Malformed GBK is Latin-1 too.
fn sniff_legacy(bytes: &[u8]) -> Encoding {
    let (latin, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    if latin
        .chars()
        .all(|c| c.is_ascii() || LATIN1_SIGNS.contains(&c))
    {
        return Encoding::Windows1252;
    }
    let (_, _, malformed) = encoding_rs::GB18030.decode(bytes);
    if malformed {
        Encoding::Windows1252
    } else {
        Encoding::Gb18030
    }
}

/// The texts that mean "no value": empty, `NA`, `N/A`, `-`, `—`, `-999` and any extra ones the
/// user configures (`--missing`). Matched after trimming, case-insensitively for letters.
#[derive(Clone, Debug)]
pub struct MissingMarkers {
    extra: Vec<String>,
}

/// The built-in markers.
pub const DEFAULT_MISSING: [&str; 9] = ["", "NA", "N/A", "-", "—", "-999", "NaN", "null", "--"];

impl Default for MissingMarkers {
    fn default() -> Self {
        MissingMarkers::new(Vec::new())
    }
}

impl MissingMarkers {
    /// The defaults plus `extra`.
    pub fn new(extra: Vec<String>) -> MissingMarkers {
        MissingMarkers {
            extra: extra.into_iter().map(|s| s.trim().to_string()).collect(),
        }
    }

    /// No markers beyond the built-in ones (none of which starts with a digit)?
    pub fn is_default(&self) -> bool {
        self.extra.is_empty()
    }

    /// Is `cell` (already trimmed) a missing marker?
    pub fn is_missing(&self, cell: &[u8]) -> bool {
        if cell.is_empty() {
            return true;
        }
        // Fast path: a cell starting with a digit is a number, never a marker.
        if cell[0].is_ascii_digit() && self.extra.is_empty() {
            return false;
        }
        let hit = |m: &str| cell.eq_ignore_ascii_case(m.as_bytes());
        DEFAULT_MISSING.iter().any(|m| hit(m))
            || self.extra.iter().any(|m| hit(m))
            || is_minus_999(cell)
    }
}

/// `-999`, `-999.0`, `-999.00` and `-9999`: sentinels of common exporters.
fn is_minus_999(cell: &[u8]) -> bool {
    let Some(rest) = cell.strip_prefix(b"-999") else {
        return false;
    };
    match rest {
        b"" | b"9" => true,
        [b'.', zeros @ ..] => zeros.iter().all(|&b| b == b'0'),
        _ => false,
    }
}

/// What one cell held.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// A valid concentration.
    Value(Concentration),
    /// A missing-value marker.
    Missing,
}

/// Trims ASCII white space.
pub fn trim(cell: &[u8]) -> &[u8] {
    cell.trim_ascii()
}

/// Parses one concentration cell; `shift` = 3 converts ug/m3 text to mg/m3 (CO).
pub fn parse_cell(
    cell: &[u8],
    shift: u32,
    missing: &MissingMarkers,
) -> Result<Cell, ConcentrationError> {
    let cell = trim(cell);
    if missing.is_missing(cell) {
        return Ok(Cell::Missing);
    }
    if let Some(c) = fast_decimal(cell, shift) {
        return Ok(Cell::Value(c));
    }
    let text = std::str::from_utf8(cell)
        .map_err(|_| ConcentrationError::NotANumber(String::from_utf8_lossy(cell).into_owned()))?;
    Concentration::parse_scaled(text, shift).map(Cell::Value)
}

/// The common case of archive cells, `123` or `0.8` (at most six decimals after the shift and
/// no more than nine integer digits), straight to micro-units; anything else (signs, spaces,
/// long numbers, junk, values over the plausible maximum) is `None` and takes the general
/// parser and its messages.
#[inline]
pub(crate) fn fast_micro(cell: &[u8], shift: u32) -> Option<u64> {
    let mut int: u64 = 0;
    let mut frac: u64 = 0;
    let mut frac_digits = 0u32;
    let mut seen_dot = false;
    if cell.is_empty() || cell.len() > 16 {
        return None;
    }
    for &b in cell {
        match b {
            b'0'..=b'9' => {
                if seen_dot {
                    frac = frac * 10 + u64::from(b - b'0');
                    frac_digits += 1;
                } else {
                    int = int * 10 + u64::from(b - b'0');
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    let digits = (cell.len() - usize::from(seen_dot)) as u32;
    decimal_micro(int, frac, frac_digits, digits, shift)
}

/// Micro-units of a plain decimal read digit by digit: `int` and `frac` the values of the
/// integer and fraction digits, `digits` their number in all, shifted `shift` places left;
/// `None` for no digits, more than 15, nine or more integer digits, more than six decimals
/// after the shift, or a value over the plausible maximum (what [`fast_micro`] leaves to the
/// general parser).
#[inline]
pub(crate) fn decimal_micro(
    int: u64,
    frac: u64,
    frac_digits: u32,
    digits: u32,
    shift: u32,
) -> Option<u64> {
    if digits == 0 || digits > 15 || int >= 1_000_000_000 || frac_digits + shift > 6 {
        return None;
    }
    // A table, not `pow`: this runs for every cell of an archive.
    const POW10: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let micro =
        int * POW10[(6 - shift) as usize] + frac * POW10[(6 - shift - frac_digits) as usize];
    (micro <= crate::units::MAX_CONCENTRATION * crate::units::MICRO).then_some(micro)
}

fn fast_decimal(cell: &[u8], shift: u32) -> Option<Concentration> {
    fast_micro(cell, shift).and_then(|m| Concentration::from_micro(m).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decides_encoding_from_the_first_non_ascii_field() {
        let mut d = TextDecoder::default();
        assert_eq!(d.decode(b"1001A"), "1001A");
        assert_eq!(d.encoding(), Encoding::Undecided);
        let (gbk, _, _) = encoding_rs::GBK.encode("太原");
        assert_eq!(d.decode(&gbk), "太原");
        assert_eq!(d.encoding(), Encoding::Gb18030);
        // The same name in UTF-8 stays UTF-8.
        let mut d = TextDecoder::default();
        assert_eq!(d.decode("太原".as_bytes()), "太原");
        assert_eq!(d.encoding(), Encoding::Utf8);
        let mut d = TextDecoder::default();
        assert_eq!(d.decode("\u{feff}监测时间".as_bytes()), "监测时间");
        assert_eq!(d.encoding(), Encoding::Utf8);
        assert_eq!(d.decode(b"\xEF\xBB\xBFdate"), "date");
        // Latin-1 unit cells.
        let mut d = TextDecoder::default();
        assert_eq!(d.decode(b"\xB5g/m\xB3"), "µg/m³");
        assert_eq!(d.encoding(), Encoding::Windows1252);
        assert_eq!(d.decode(b"\xB0C"), "°C");
        let mut d = TextDecoder::default();
        assert_eq!(d.decode(b"Temp (\xB0C)"), "Temp (°C)");
        assert_eq!(d.encoding(), Encoding::Windows1252);
        // GBK stays GBK, even a name whose first byte is a sign byte of Latin-1.
        for name in ["太原", "北京", "监测点编码", "测试一站"] {
            let (gbk, _, _) = encoding_rs::GBK.encode(name);
            let mut d = TextDecoder::default();
            assert_eq!(d.decode(&gbk), name);
            assert_eq!(d.encoding(), Encoding::Gb18030, "{name}");
        }
    }

    #[test]
    fn missing_markers() {
        let m = MissingMarkers::new(vec!["xx".into()]);
        for s in [
            "", "NA", "na", "N/A", "-", "—", "-999", "-999.0", "-9999", "NaN", "XX",
        ] {
            assert!(m.is_missing(s.as_bytes()), "{s}");
        }
        for s in ["0", "-998", "-999.5", "12", "-1"] {
            assert!(!m.is_missing(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_general_parser() {
        for t in [
            "0",
            "12",
            "0.8",
            "1.25",
            "300",
            "4.",
            "123.456789",
            "999999999",
            "0.000001",
        ] {
            for shift in [0, 3] {
                let general = Concentration::parse_scaled(t, shift).ok();
                let fast = fast_decimal(t.as_bytes(), shift);
                if let Some(f) = fast {
                    assert_eq!(Some(f), general, "{t} {shift}");
                    assert_eq!(f.micro_ratio(), general.unwrap().micro_ratio(), "{t}");
                }
            }
        }
        assert_eq!(fast_decimal(b"-3", 0), None);
        assert_eq!(fast_decimal(b"1e3", 0), None);
        assert_eq!(fast_decimal(b".", 0), None);
        assert_eq!(fast_decimal(b"1.2.3", 0), None);
    }

    #[test]
    fn cells() {
        let m = MissingMarkers::default();
        assert_eq!(
            parse_cell(b" 12 ", 0, &m),
            Ok(Cell::Value("12".parse().unwrap()))
        );
        assert_eq!(parse_cell(b"NA", 0, &m), Ok(Cell::Missing));
        assert_eq!(
            parse_cell(b"300", 3, &m),
            Ok(Cell::Value("0.3".parse().unwrap()))
        );
        assert!(matches!(
            parse_cell(b"-5", 0, &m),
            Err(ConcentrationError::Negative(_))
        ));
        assert!(matches!(
            parse_cell(b"12a", 0, &m),
            Err(ConcentrationError::NotANumber(_))
        ));
        assert!(parse_cell(b"\xB0\xA1", 0, &m).is_err());
    }
}
