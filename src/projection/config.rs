//! The projection parameters of a scenario (`projection:`), each a value or a range.
//!
//! Source-apportionment shares for Taiyuan and the Fenwei plain were not found
//! (standards.md 7.2), so there are no hidden defaults for the sector shares: a scenario that
//! wants a projection states them. The other parameters default to the published values cited
//! in docs/projection.md.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::emissions::{PerSector, Sector};

/// A parameter with its low, central and high values (equal for a single value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Low end.
    pub low: f64,
    /// Central value (the midpoint of a range).
    pub central: f64,
    /// High end.
    pub high: f64,
}

impl Range {
    /// A single value.
    pub fn one(v: f64) -> Range {
        Range {
            low: v,
            central: v,
            high: v,
        }
    }

    /// Parses `0.5`, `50%`, `0.4-0.6` or `40%-60%`; every value must lie in 0..=1.
    pub fn parse(text: &str) -> Result<Range, String> {
        let one = |s: &str| -> Result<f64, String> {
            let s = s.trim();
            let (n, pct) = match s.strip_suffix('%') {
                Some(n) => (n.trim(), true),
                None => (s, false),
            };
            let v: f64 = n
                .parse()
                .map_err(|_| format!("'{s}' is not a number or a share"))?;
            let v = if pct { v / 100.0 } else { v };
            if !(0.0..=1.0).contains(&v) || !v.is_finite() {
                return Err(format!("'{s}' is not a share between 0 and 1"));
            }
            Ok(v)
        };
        match text.split_once(['-', '~', '～']) {
            Some((a, b)) if !a.trim().is_empty() => {
                let (lo, hi) = (one(a)?, one(b)?);
                if lo > hi {
                    return Err(format!("the range '{}' is inverted", text.trim()));
                }
                Ok(Range {
                    low: lo,
                    central: (lo + hi) / 2.0,
                    high: hi,
                })
            }
            _ => one(text).map(Range::one),
        }
    }
}

/// A number or a text in YAML.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum NumOrText {
    /// `0.5`.
    Num(f64),
    /// `0.4-0.6`, `50%`.
    Text(String),
}

impl NumOrText {
    /// As a range.
    pub fn range(&self) -> Result<Range, String> {
        match self {
            NumOrText::Num(v) => Range::parse(&v.to_string()),
            NumOrText::Text(t) => Range::parse(t),
        }
    }
}

/// `projection:` as written.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProjection {
    /// Share of the city's PM2.5 transported from outside during episodes.
    pub transported: Option<NumOrText>,
    /// Share of PM2.5 that is secondary (sulphate, nitrate, SOA).
    pub secondary: Option<NumOrText>,
    /// How much of a precursor cut reaches secondary PM2.5 (below 1: less than linear).
    pub secondary_damping: Option<NumOrText>,
    /// Source apportionment of the local PM2.5 by sector (sums to 1).
    pub sectors: BTreeMap<String, NumOrText>,
    /// Hours until the measures have their full effect.
    pub phase_in_hours: Option<u32>,
    /// City -> (source city -> share of its transported PM2.5 coming from there).
    #[serde(default)]
    pub transport: BTreeMap<String, BTreeMap<String, f64>>,
}

/// Validated projection parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionConfig {
    /// T: transported share of PM2.5 (default 0.53: the local share was 47.1 % in the
    /// 2016-12 BTH red alert, standards.md 7.1).
    pub transported: Range,
    /// Secondary share of PM2.5 (default 0.5; BTH winter sites 36-58 %, standards.md 7.2).
    pub secondary: Range,
    /// Damping of the secondary response (default 0.5; UNVERIFIED).
    pub damping: Range,
    /// Local source apportionment, by sector in [`Sector::ALL`] order.
    pub sectors: PerSector<Range>,
    /// Hours to full effect (default 24; standards.md 7.1: 24-48 h).
    pub phase_in_hours: u32,
    /// Transport matrix.
    pub transport: BTreeMap<String, BTreeMap<String, f64>>,
}

impl ProjectionConfig {
    /// Validates the raw parameters against the scenario's cities; all problems, each with
    /// its key path.
    pub fn from_raw(
        r: &RawProjection,
        cities: &[&str],
    ) -> Result<ProjectionConfig, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut get = |key: &str, v: &Option<NumOrText>, default: f64| match v {
            None => Range::one(default),
            Some(v) => v.range().unwrap_or_else(|e| {
                problems.push((format!("projection.{key}"), e));
                Range::one(default)
            }),
        };
        let transported = get("transported", &r.transported, 0.53);
        let secondary = get("secondary", &r.secondary, 0.5);
        let damping = get("secondary_damping", &r.secondary_damping, 0.5);
        let mut sectors = PerSector([Range::one(0.0); 5]);
        for (k, v) in &r.sectors {
            match Sector::parse(k) {
                Some(s) => match v.range() {
                    Ok(x) => sectors[s] = x,
                    Err(e) => problems.push((format!("projection.sectors.{k}"), e)),
                },
                None => problems.push((
                    format!("projection.sectors.{k}"),
                    format!(
                        "unknown sector '{k}' (expected {})",
                        Sector::ALL.map(|s| s.key()).join(", ")
                    ),
                )),
            }
        }
        let sum: f64 = sectors.iter().map(|(_, s)| s.central).sum();
        if (sum - 1.0).abs() > 0.005 {
            problems.push((
                "projection.sectors".into(),
                format!(
                    "the sector shares (central values) add up to {:.3}, not 1: they split the \
                     local PM2.5 among the sectors",
                    sum
                ),
            ));
        }
        for (city, row) in &r.transport {
            if !cities.contains(&city.as_str()) {
                problems.push((
                    format!("projection.transport.{city}"),
                    format!("unknown city '{city}'"),
                ));
            }
            let mut total = 0.0;
            for (from, share) in row {
                if !cities.contains(&from.as_str()) || from == city {
                    problems.push((
                        format!("projection.transport.{city}.{from}"),
                        format!("'{from}' is not another city of the scenario"),
                    ));
                }
                if !(0.0..=1.0).contains(share) {
                    problems.push((
                        format!("projection.transport.{city}.{from}"),
                        format!("{share} is not a share between 0 and 1"),
                    ));
                }
                total += share;
            }
            if total > 1.0 + 1e-9 {
                problems.push((
                    format!("projection.transport.{city}"),
                    format!(
                        "the shares add up to {total:.3}, more than the whole transported part"
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(ProjectionConfig {
                transported,
                secondary,
                damping,
                sectors,
                phase_in_hours: r.phase_in_hours.unwrap_or(24).max(1),
                transport: r.transport.clone(),
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(Range::parse("0.5").unwrap(), Range::one(0.5));
        assert_eq!(Range::parse("50%").unwrap(), Range::one(0.5));
        let r = Range::parse("0.4-0.6").unwrap();
        assert!((r.central - 0.5).abs() < 1e-12 && r.low == 0.4 && r.high == 0.6);
        assert!(Range::parse("0.6-0.4").is_err());
        assert!(Range::parse("1.5").is_err());
        assert!(Range::parse("abc").is_err());
    }
}
