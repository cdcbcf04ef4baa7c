//! Timestamps of monitoring data: the date, hour and date-time texts of every input format,
//! turned into naive Beijing-time label times.
//!
//! A value is labelled by the END of its hour (the CNEMC convention: hour 5 holds the mean of
//! 04:00-05:00), so hour 24 is accepted and means 00:00 of the next day. The parsers are written
//! by hand rather than as a list of chrono format strings: they run once per row over millions
//! of rows, and they can say precisely what is wrong with a text.

use chrono::{NaiveDate, NaiveDateTime};

/// Why a text is not a date, an hour or a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Shaped like a date but not one on the calendar (month 13, February 30).
    #[error("'{0}' is not a valid date")]
    InvalidDate(String),
    /// Not a whole hour from 0 to 24.
    #[error("'{0}' is not an hour (0-24)")]
    InvalidHour(String),
    /// A clock time outside 00:00-24:00 (hour 25, minute 60).
    #[error("'{0}' is not a valid time of day")]
    InvalidTime(String),
    /// Minutes or seconds are not zero: hourly data are labelled on the hour.
    #[error("'{0}' is not on the hour")]
    NotOnTheHour(String),
    /// A trailing zone (`Z`, `+08:00`, `UTC`): hazeplan reads Beijing time without a zone,
    /// and silently dropping one could shift every value by hours.
    #[error("'{0}' carries a time zone; give Beijing time without one")]
    TimeZone(String),
    /// A zone suffix hazeplan cannot convert: a name other than `UTC`/`GMT` (`CST` is China
    /// Standard Time to some exporters and US Central Time to others), or a malformed offset.
    #[error("'{0}' carries a time zone hazeplan does not know; give an offset such as +08:00 or Z")]
    UnknownZone(String),
    /// A time with an offset that is not on the hour once in Beijing time (`+05:30`).
    #[error("'{0}' is {1} Beijing time, not on the hour")]
    OffTheHourInBeijing(String, String),
    /// Hour 24 of the last day chrono can represent.
    #[error("'{0}' is outside the supported range of dates")]
    OutOfRange(String),
    /// Not shaped like any accepted date or time.
    #[error("'{0}' is not a date or time")]
    Unrecognised(String),
}

/// A run of ASCII digits as an integer; `None` for anything else. Nine digits at most, so the
/// value always fits.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// An integer that may be written as a float with a zero fraction (`5`, `5.0`, `5.`), as
/// spreadsheets and pandas exports write whole numbers.
fn whole(s: &str) -> Option<u32> {
    match s.split_once('.') {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => digits(int),
        Some(_) => None,
        None => digits(s),
    }
}

/// Year, month and day as the calendar knows them, or the "not a valid date" error for `text`.
fn ymd(y: u32, m: u32, d: u32, text: &str) -> Result<NaiveDate, TimeError> {
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| TimeError::InvalidDate(text.to_string()))
}

/// Dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (month and day with or without a leading
/// zero, one separator throughout) and `YYYYMMDD`. Surrounding spaces are ignored.
pub fn parse_date(s: &str) -> Result<NaiveDate, TimeError> {
    let t = s.trim();
    let unrecognised = || TimeError::Unrecognised(t.to_string());
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (digits(&t[..4]), digits(&t[4..6]), digits(&t[6..]));
        return match (y, m, d) {
            (Some(y), Some(m), Some(d)) => ymd(y, m, d, t),
            _ => Err(unrecognised()),
        };
    }
    let sep = t
        .bytes()
        .find(|b| !b.is_ascii_digit())
        .ok_or_else(unrecognised)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Err(unrecognised());
    }
    let mut parts = t.split(char::from(sep));
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(unrecognised());
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return Err(unrecognised());
    }
    match (digits(y), digits(m), digits(d)) {
        (Some(y), Some(m), Some(d)) => ymd(y, m, d, t),
        _ => Err(unrecognised()),
    }
}

/// Hours `0`..=`24`, also written `5.0` or with surrounding spaces; returns the integer.
pub fn parse_hour(s: &str) -> Result<u32, TimeError> {
    let t = s.trim();
    whole(t)
        .filter(|h| *h <= 24)
        .ok_or_else(|| TimeError::InvalidHour(t.to_string()))
}

/// The label time of `hour` (0..=24) on `date`; hour 24 is 00:00 of the next day.
pub fn at_hour(date: NaiveDate, hour: u32) -> Result<NaiveDateTime, TimeError> {
    match hour {
        24 => date
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .ok_or_else(|| TimeError::OutOfRange(format!("{date} 24:00"))),
        _ => date
            .and_hms_opt(hour, 0, 0)
            .ok_or_else(|| TimeError::InvalidHour(hour.to_string())),
    }
}

/// Year, month, day and hour given as separate texts, as in the UCI Beijing files
/// (`2013,3,1,0`). Each may be written as a whole float (`2013.0`).
pub fn from_parts(
    year: &str,
    month: &str,
    day: &str,
    hour: &str,
) -> Result<NaiveDateTime, TimeError> {
    let (y, m, d) = (year.trim(), month.trim(), day.trim());
    let text = || format!("{y}-{m}-{d}");
    let date = match (whole(y), whole(m), whole(d)) {
        (Some(y), Some(m), Some(d)) => ymd(y, m, d, &text())?,
        _ => return Err(TimeError::InvalidDate(text())),
    };
    at_hour(date, parse_hour(hour)?)
}

/// A full timestamp: `YYYY-MM-DD HH:MM[:SS]` (also with `/` or `.` in the date, `T` before the
/// time, or a one-digit hour such as `5:00`), a date alone (midnight), or `YYYYMMDDHH`.
/// `24:00` is 00:00 of the next day; minutes and seconds must be zero; a time zone is refused.
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, TimeError> {
    let t = s.trim();
    let unrecognised = || TimeError::Unrecognised(t.to_string());
    if t.len() == 10 && t.bytes().all(|b| b.is_ascii_digit()) {
        let date = parse_date(&t[..8]).map_err(|e| match e {
            TimeError::Unrecognised(_) => unrecognised(),
            other => other,
        })?;
        let hour = digits(&t[8..]).ok_or_else(unrecognised)?;
        if hour > 24 {
            return Err(TimeError::InvalidTime(t.to_string()));
        }
        return at_hour(date, hour);
    }
    let Some(split) = t.find([' ', 'T']) else {
        return parse_date(t).map(|d| d.and_time(chrono::NaiveTime::MIN));
    };
    let (date_text, time_text) = (&t[..split], t[split + 1..].trim_start());
    let date = parse_date(date_text).map_err(|e| match e {
        // The date part alone is less telling than the whole text.
        TimeError::Unrecognised(_) => unrecognised(),
        other => other,
    })?;
    let (h, m, sec) = clock(time_text, t)?;
    if h > 24 || m > 59 || sec > 59 {
        return Err(TimeError::InvalidTime(t.to_string()));
    }
    if m != 0 || sec != 0 {
        return Err(TimeError::NotOnTheHour(t.to_string()));
    }
    at_hour(date, h)
}

/// `H:MM` or `HH:MM[:SS]` as numbers, before any range check; `whole` is the full text for
/// the error messages.
fn clock(time: &str, whole: &str) -> Result<(u32, u32, u32), TimeError> {
    // The clock is the leading run of digits and colons; what follows can only be a zone.
    let end = time
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(time.len());
    let (clock, rest) = time.split_at(end);
    let rest = rest.trim();
    if !rest.is_empty() {
        let zone =
            rest.starts_with(['Z', 'z', '+', '-']) || rest.chars().all(|c| c.is_ascii_alphabetic());
        return Err(if zone && !clock.is_empty() {
            TimeError::TimeZone(whole.to_string())
        } else {
            TimeError::Unrecognised(whole.to_string())
        });
    }
    let two = |p: &str| if p.len() == 2 { digits(p) } else { None };
    let mut parts = clock.split(':');
    let parsed = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(m), s, None) if (1..=2).contains(&h.len()) => {
            let sec = match s {
                Some(s) => two(s),
                None => Some(0),
            };
            digits(h).zip(two(m)).zip(sec).map(|((h, m), s)| (h, m, s))
        }
        _ => None,
    };
    parsed.ok_or_else(|| TimeError::Unrecognised(whole.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dt(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        date(y, m, d).and_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn dates_in_every_form() {
        let want = date(2023, 1, 5);
        for s in [
            "2023-01-05",
            "2023/01/05",
            "2023.01.05",
            "20230105",
            "2023-1-5",
            "2023/1/5",
            "2023.1.05",
            " 2023-01-05 ",
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn february_29() {
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
        assert_eq!(parse_date("20000229"), Ok(date(2000, 2, 29)));
        assert_eq!(
            parse_date("2023-02-29"),
            Err(TimeError::InvalidDate("2023-02-29".into()))
        );
        assert_eq!(
            parse_date("19000229"),
            Err(TimeError::InvalidDate("19000229".into()))
        );
        assert_eq!(parse_datetime("2023-02-28 24:00"), Ok(dt(2023, 3, 1, 0)));
        assert_eq!(parse_datetime("2024-02-28 24:00"), Ok(dt(2024, 2, 29, 0)));
    }

    #[test]
    fn date_errors() {
        let invalid = |s: &str| Err(TimeError::InvalidDate(s.into()));
        let unrecognised = |s: &str| Err(TimeError::Unrecognised(s.into()));
        assert_eq!(parse_date("2023-13-01"), invalid("2023-13-01"));
        assert_eq!(parse_date("2023-00-10"), invalid("2023-00-10"));
        assert_eq!(parse_date("2023/4/31"), invalid("2023/4/31"));
        assert_eq!(parse_date("20231301"), invalid("20231301"));
        assert_eq!(
            TimeError::InvalidDate("2023-13-01".into()).to_string(),
            "'2023-13-01' is not a valid date"
        );
        for s in [
            "abc",
            "",
            "2023",
            "2023-01",
            "2023-01/05",
            "2023-01-05-01",
            "23-01-05",
            "2023-001-05",
            "2023-1-",
            "2023_01_05",
            "202301051",
            "２０２３-01-05",
            "-2023-01-05",
        ] {
            assert_eq!(parse_date(s), unrecognised(s), "{s}");
        }
        assert_eq!(
            TimeError::Unrecognised("abc".into()).to_string(),
            "'abc' is not a date or time"
        );
    }

    #[test]
    fn hours() {
        assert_eq!(parse_hour("0"), Ok(0));
        assert_eq!(parse_hour("05"), Ok(5));
        assert_eq!(parse_hour(" 5 "), Ok(5));
        assert_eq!(parse_hour("5.0"), Ok(5));
        assert_eq!(parse_hour("5."), Ok(5));
        assert_eq!(parse_hour("24"), Ok(24));
        for s in [
            "25",
            "-1",
            "5.5",
            "",
            "abc",
            "1e1",
            ".0",
            "+5",
            "99999999999",
        ] {
            assert_eq!(parse_hour(s), Err(TimeError::InvalidHour(s.into())), "{s}");
        }
        assert_eq!(
            parse_hour("25").unwrap_err().to_string(),
            "'25' is not an hour (0-24)"
        );
    }

    #[test]
    fn at_hour_rolls_24_to_next_day() {
        assert_eq!(at_hour(date(2023, 1, 20), 0), Ok(dt(2023, 1, 20, 0)));
        assert_eq!(at_hour(date(2023, 1, 20), 23), Ok(dt(2023, 1, 20, 23)));
        assert_eq!(at_hour(date(2023, 1, 20), 24), Ok(dt(2023, 1, 21, 0)));
        assert_eq!(at_hour(date(2023, 12, 31), 24), Ok(dt(2024, 1, 1, 0)));
        assert_eq!(
            at_hour(date(2023, 1, 20), 25),
            Err(TimeError::InvalidHour("25".into()))
        );
        assert!(matches!(
            at_hour(NaiveDate::MAX, 24),
            Err(TimeError::OutOfRange(_))
        ));
    }

    #[test]
    fn parts_as_in_uci_files() {
        assert_eq!(from_parts("2013", "3", "1", "0"), Ok(dt(2013, 3, 1, 0)));
        assert_eq!(from_parts("2017", "2", "28", "23"), Ok(dt(2017, 2, 28, 23)));
        assert_eq!(from_parts("2016", "2", "29", "24"), Ok(dt(2016, 3, 1, 0)));
        assert_eq!(
            from_parts("2013.0", " 03 ", "1.0", "5.0"),
            Ok(dt(2013, 3, 1, 5))
        );
        assert_eq!(
            from_parts("2015", "2", "29", "0"),
            Err(TimeError::InvalidDate("2015-2-29".into()))
        );
        assert_eq!(
            from_parts("2013", "NA", "1", "0"),
            Err(TimeError::InvalidDate("2013-NA-1".into()))
        );
        assert_eq!(
            from_parts("99999999999", "1", "1", "0"),
            Err(TimeError::InvalidDate("99999999999-1-1".into()))
        );
        assert_eq!(
            from_parts("2013", "3", "1", "25"),
            Err(TimeError::InvalidHour("25".into()))
        );
    }

    #[test]
    fn datetimes_in_every_form() {
        let want = dt(2023, 1, 20, 10);
        for s in [
            "2023-01-20 10:00",
            "2023-01-20 10:00:00",
            "2023/01/20 10:00",
            "2023.01.20 10:00:00",
            "2023/1/20 10:00",
            "2023-01-20T10:00",
            "2023-01-20T10:00:00",
            "2023-01-20  10:00",
            " 2023-01-20 10:00 ",
            "2023012010",
        ] {
            assert_eq!(parse_datetime(s), Ok(want), "{s}");
        }
        assert_eq!(parse_datetime("2023-01-20 5:00"), Ok(dt(2023, 1, 20, 5)));
        assert_eq!(parse_datetime("2023-01-20 05:00"), Ok(dt(2023, 1, 20, 5)));
        assert_eq!(parse_datetime("2023-01-20 0:00"), Ok(dt(2023, 1, 20, 0)));
        assert_eq!(parse_datetime("2023-01-20"), Ok(dt(2023, 1, 20, 0)));
        assert_eq!(parse_datetime("2023/1/20"), Ok(dt(2023, 1, 20, 0)));
        assert_eq!(parse_datetime("20230120"), Ok(dt(2023, 1, 20, 0)));
    }

    #[test]
    fn datetime_hour_24_is_next_midnight() {
        assert_eq!(parse_datetime("2023-01-20 24:00"), Ok(dt(2023, 1, 21, 0)));
        assert_eq!(parse_datetime("2023-12-31 24:00:00"), Ok(dt(2024, 1, 1, 0)));
        assert_eq!(parse_datetime("2023012024"), Ok(dt(2023, 1, 21, 0)));
    }

    #[test]
    fn datetime_errors() {
        let err = |s: &str| parse_datetime(s).unwrap_err();
        assert_eq!(
            err("2023-01-20 10:30"),
            TimeError::NotOnTheHour("2023-01-20 10:30".into())
        );
        assert_eq!(
            err("2023-01-20 10:30").to_string(),
            "'2023-01-20 10:30' is not on the hour"
        );
        assert_eq!(
            err("2023-01-20 10:00:01"),
            TimeError::NotOnTheHour("2023-01-20 10:00:01".into())
        );
        assert_eq!(
            err("2023-01-20 24:30"),
            TimeError::NotOnTheHour("2023-01-20 24:30".into())
        );
        for s in [
            "2023-01-20 25:00",
            "2023-01-20 10:60",
            "2023-01-20 10:00:60",
        ] {
            assert_eq!(err(s), TimeError::InvalidTime(s.into()), "{s}");
        }
        assert_eq!(
            err("2023012025"),
            TimeError::InvalidTime("2023012025".into())
        );
        assert_eq!(
            err("2023-13-01 10:00"),
            TimeError::InvalidDate("2023-13-01".into())
        );
        assert_eq!(err("2023133110"), TimeError::InvalidDate("20231331".into()));
        for s in [
            "2023-01-20T10:00:00Z",
            "2023-01-20 10:00+08:00",
            "2023-01-20T10:00:00-05:00",
            "2023-01-20 10:00 UTC",
            "2023-01-20 10:00 CST",
        ] {
            assert_eq!(err(s), TimeError::TimeZone(s.into()), "{s}");
        }
        for s in [
            "abc",
            "",
            "2023-01-20 10",
            "2023-01-20 10:0",
            "2023-01-20 100:00",
            "2023-01-20 :00",
            "2023-01-20 10:00:00:00",
            "2023-01-20 10:00:00.000",
            "2023-01-20 ten",
            "x2023-01-20 10:00",
            "2023-01-20 10:00 pm2",
            "20230120100",
        ] {
            assert_eq!(err(s), TimeError::Unrecognised(s.trim().into()), "{s:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "时间",
            "2023年1月20日",
            "2023-01-20 10:00:0é",
            "é",
            "2023-01-20T",
            "T",
            " T ",
            "\u{feff}2023-01-20",
            "2023-01-20\t10:00",
            "::",
            "2023-01-20 ::",
        ] {
            let _ = parse_datetime(s);
            let _ = parse_date(s);
            let _ = parse_hour(s);
            let _ = from_parts(s, s, s, s);
        }
    }
}
