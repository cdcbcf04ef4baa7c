//! Time zones: timestamps with a UTC offset (`2023-01-20T02:00:00Z`, `…+08:00`) and naive
//! timestamps in a zone named with `--tz`, all turned into the naive Beijing time every other
//! module works in (pipeline.md: UTC+8, no daylight saving, hour-ending labels).
//!
//! Only fixed offsets are supported. A named zone with daylight saving (`America/New_York`)
//! would need the zone database and, worse, makes one local hour ambiguous each autumn; the
//! timestamps such a clock produces are recognised instead as the repeated-hour artefact
//! (see `pivot`). Beijing's own names (`Asia/Shanghai`, `PRC`) are accepted as +08:00: China
//! has kept UTC+8 without daylight saving since 1992.

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDateTime};

use super::time::{TimeError, parse_datetime};

/// A fixed offset from UTC, in minutes east.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offset(i32);

/// Beijing time, UTC+8: the zone of hazeplan's labels and the default of naive timestamps.
pub const BEIJING: Offset = Offset(8 * 60);

impl Default for Offset {
    fn default() -> Self {
        BEIJING
    }
}

impl Offset {
    /// `minutes` east of UTC, if within ±14 hours (the widest offsets in use).
    pub fn from_minutes(minutes: i32) -> Option<Offset> {
        (minutes.abs() <= 14 * 60).then_some(Offset(minutes))
    }

    /// Minutes east of UTC.
    pub fn minutes(self) -> i32 {
        self.0
    }

    /// The Beijing time of `t` read in this offset.
    pub fn to_beijing(self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        if self == BEIJING {
            // The default, once per row: no date arithmetic.
            return Some(t);
        }
        t.checked_add_signed(Duration::minutes(i64::from(BEIJING.0 - self.0)))
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        write!(f, "{sign}{:02}:{:02}", self.0.abs() / 60, self.0.abs() % 60)
    }
}

/// Names taken as UTC and as Beijing time (case ignored).
const UTC_NAMES: [&str; 4] = ["z", "utc", "gmt", "ut"];
const BEIJING_NAMES: [&str; 5] = [
    "asia/shanghai",
    "asia/chongqing",
    "asia/harbin",
    "prc",
    "beijing",
];

/// `+08:00`, `+0800`, `+08`, `-5`, `UTC+8`, `GMT-05:00`: the offset, `None` if not one.
fn numeric(s: &str) -> Option<Offset> {
    let lower = s.to_ascii_lowercase();
    let rest = ["utc", "gmt"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    let (sign, body) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if body.len() == 4 => body.split_at(2),
        None => (body, "0"),
    };
    let ok = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || !ok(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 {
        return None;
    }
    Offset::from_minutes(sign * (h * 60 + m))
}

impl FromStr for Offset {
    type Err = String;

    /// The `--tz` forms: `UTC`, `Z`, `GMT`, an offset (`+08:00`, `-0500`, `UTC+8`) or one of
    /// Beijing's zone names (`Asia/Shanghai`).
    fn from_str(s: &str) -> Result<Offset, String> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if UTC_NAMES.contains(&lower.as_str()) {
            return Ok(Offset(0));
        }
        if BEIJING_NAMES.contains(&lower.as_str()) {
            return Ok(BEIJING);
        }
        numeric(t).ok_or_else(|| {
            format!(
                "'{t}' is not a time zone hazeplan knows: give UTC, a fixed offset such as \
                 +08:00 or -05:00, or Asia/Shanghai (zones with daylight saving are not \
                 supported; give the offset the timestamps were written in)"
            )
        })
    }
}

/// The zone suffix of a timestamp text and the text before it: `Z`, `+08:00`, `-0500`,
/// ` UTC`. `None` when the text ends with its clock (or is a date alone).
fn split_zone(t: &str) -> Option<(&str, &str)> {
    // The zone can only follow the clock, which follows the date: look after the date.
    let clock = t.find([' ', 'T'])? + 1;
    if let Some(stem) = t.strip_suffix(['Z', 'z']) {
        return Some((stem, &t[t.len() - 1..]));
    }
    if let Some(i) = t[clock..].find(['+', '-']) {
        return Some((&t[..clock + i], &t[clock + i..]));
    }
    // A trailing word: `2023-01-20 10:00 UTC`.
    let (stem, word) = t.rsplit_once(' ')?;
    (stem.len() >= clock && word.bytes().all(|b| b.is_ascii_alphabetic())).then_some((stem, word))
}

/// A timestamp (any form of [`parse_datetime`]) as Beijing time: its own offset or `Z` if it
/// has one, else read in `naive` (`--tz`, Beijing by default). The result must be on the hour.
pub fn parse_datetime_in(s: &str, naive: Offset) -> Result<NaiveDateTime, TimeError> {
    let t = s.trim();
    let (stem, offset) = match split_zone(t) {
        Some((stem, zone)) => {
            let lower = zone.trim().to_ascii_lowercase();
            let offset = if UTC_NAMES.contains(&lower.as_str()) {
                Some(Offset(0))
            } else {
                numeric(zone.trim())
            };
            (
                stem,
                offset.ok_or_else(|| TimeError::UnknownZone(t.to_string()))?,
            )
        }
        None => (t, naive),
    };
    let local = parse_datetime(stem).map_err(|e| match e {
        // The whole text names the cell best.
        TimeError::Unrecognised(_) => TimeError::Unrecognised(t.to_string()),
        TimeError::TimeZone(_) => TimeError::UnknownZone(t.to_string()),
        TimeError::NotOnTheHour(_) => TimeError::NotOnTheHour(t.to_string()),
        other => other,
    })?;
    let beijing = offset
        .to_beijing(local)
        .ok_or_else(|| TimeError::OutOfRange(t.to_string()))?;
    // A half-hour offset (India, +05:30) moves an hourly label off the hour.
    if beijing.and_utc().timestamp() % 3600 != 0 {
        return Err(TimeError::OffTheHourInBeijing(
            t.to_string(),
            beijing.format("%Y-%m-%d %H:%M").to_string(),
        ));
    }
    Ok(beijing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn tz_option() {
        for (s, m) in [
            ("UTC", 0),
            ("z", 0),
            ("GMT", 0),
            ("+08:00", 480),
            ("+0800", 480),
            ("+8", 480),
            ("UTC+8", 480),
            ("-05:00", -300),
            ("utc-5", -300),
            ("+05:30", 330),
            ("Asia/Shanghai", 480),
            ("PRC", 480),
        ] {
            assert_eq!(s.parse::<Offset>().map(Offset::minutes), Ok(m), "{s}");
        }
        for s in [
            "",
            "CST",
            "America/New_York",
            "+15:00",
            "+08:60",
            "+008:00",
            "8",
        ] {
            assert!(s.parse::<Offset>().is_err(), "{s}");
        }
        assert_eq!(Offset(-300).to_string(), "-05:00");
        assert_eq!(BEIJING.to_string(), "+08:00");
    }

    #[test]
    fn offsets_become_beijing_time() {
        let want = dt("2023-01-20 10:00");
        for s in [
            "2023-01-20T02:00:00Z",
            "2023-01-20T02:00:00+00:00",
            "2023-01-20T10:00:00+08:00",
            "2023-01-20 10:00+0800",
            "2023-01-19T21:00:00-05:00",
            "2023-01-20 02:00 UTC",
        ] {
            assert_eq!(parse_datetime_in(s, BEIJING), Ok(want), "{s}");
        }
        // Naive texts are read in --tz.
        assert_eq!(parse_datetime_in("2023-01-20 10:00", BEIJING), Ok(want));
        assert_eq!(parse_datetime_in("2023-01-20 02:00", Offset(0)), Ok(want));
        // Across midnight, and hour 24.
        assert_eq!(
            parse_datetime_in("2023-01-19T16:00:00Z", BEIJING),
            Ok(dt("2023-01-20 00:00"))
        );
        assert_eq!(
            parse_datetime_in("2023-01-19 24:00+08:00", BEIJING),
            Ok(dt("2023-01-20 00:00"))
        );
        // A date alone is midnight in --tz.
        assert_eq!(
            parse_datetime_in("2023-01-20", Offset(0)),
            Ok(dt("2023-01-20 08:00"))
        );
    }

    #[test]
    fn zone_errors() {
        let err = |s: &str| parse_datetime_in(s, BEIJING).unwrap_err().to_string();
        assert_eq!(
            err("2023-01-20 10:00 CST"),
            "'2023-01-20 10:00 CST' carries a time zone hazeplan does not know; give an offset \
             such as +08:00 or Z"
        );
        assert_eq!(
            err("2023-01-20T10:00:00+5:3"),
            "'2023-01-20T10:00:00+5:3' carries a time zone hazeplan does not know; give an \
             offset such as +08:00 or Z"
        );
        assert_eq!(
            err("2023-01-20T10:00:00+05:30"),
            "'2023-01-20T10:00:00+05:30' is 2023-01-20 12:30 Beijing time, not on the hour"
        );
        assert_eq!(
            err("2023-01-20T10:30:00Z"),
            "'2023-01-20T10:30:00Z' is not on the hour"
        );
        assert_eq!(err("abcZ"), "'abcZ' is not a date or time");
        assert_eq!(
            err("2023-13-20T10:00:00Z"),
            "'2023-13-20' is not a valid date"
        );
    }
}
