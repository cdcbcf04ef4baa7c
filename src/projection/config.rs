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
        Range::parse_within(text, 0.0)
    }

    /// Parses like [`Range::parse`], but the values may lie in `min..=1`, `min` below 0: `-0.3`,
    /// `-0.3-1` (from -0.3 to 1), `-30%~100%`. Only the NOx response takes negative values (a
    /// NOx cut can raise winter nitrate; docs/projection.md).
    pub fn parse_within(text: &str, min: f64) -> Result<Range, String> {
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
            if !(min..=1.0).contains(&v) || !v.is_finite() {
                return Err(if min < 0.0 {
                    format!("'{s}' is not a value between {min} and 1")
                } else if v < 0.0 {
                    format!(
                        "'{s}' is not a share between 0 and 1 (only nox_response may be negative)"
                    )
                } else {
                    format!("'{s}' is not a share between 0 and 1")
                });
            }
            Ok(v)
        };
        let text = text.trim();
        // A leading minus is the sign of the low end, not the range separator.
        let sign = usize::from(text.starts_with('-'));
        let split = text[sign..]
            .find(['-', '~', '～'])
            .map(|i| i + sign)
            .filter(|&i| !text[sign..i].trim().is_empty());
        match split {
            Some(i) => {
                let sep = text[i..].chars().next().map_or(1, char::len_utf8);
                let (lo, hi) = (one(&text[..i])?, one(&text[i + sep..])?);
                if lo > hi {
                    return Err(format!("the range '{text}' is inverted"));
                }
                Ok(Range {
                    low: lo,
                    central: (lo + hi) / 2.0,
                    high: hi,
                })
            }
            None => one(text).map(Range::one),
        }
    }

    /// Whether the ends differ (the parameter takes part in the bands).
    pub fn is_ranged(&self) -> bool {
        self.low != self.high
    }
}

/// A number or a text in YAML.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a share (0.5, 50%) or a range of shares (0.4-0.6)"
)]
pub enum NumOrText {
    /// `0.5`.
    Num(f64),
    /// `0.4-0.6`, `50%`.
    Text(String),
}

impl NumOrText {
    /// As a range of shares (0..=1).
    pub fn range(&self) -> Result<Range, String> {
        self.range_within(0.0)
    }

    /// As a range of values in `min..=1` ([`Range::parse_within`]).
    pub fn range_within(&self, min: f64) -> Result<Range, String> {
        match self {
            NumOrText::Num(v) => Range::parse_within(&v.to_string(), min),
            NumOrText::Text(t) => Range::parse_within(t, min),
        }
    }
}

/// `projection.secondary` as written: one share for every sector but dust, or a share per
/// sector.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a share or range for every sector but dust (0.5, 0.4-0.6), or a mapping from \
                 sector to share ({industry: 0.6, traffic: 0.5, dust: 0})"
)]
pub enum RawSecondary {
    /// `0.45`, `0.4-0.5`: every sector except fugitive dust.
    All(NumOrText),
    /// `{industry: 0.5, traffic: 0.6, dust: 0, ...}`.
    PerSector(BTreeMap<String, NumOrText>),
}

/// `projection:` as written.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProjection {
    /// Share of the city's PM2.5 transported from outside during episodes.
    pub transported: Option<NumOrText>,
    /// Share of each sector's PM2.5 that is secondary (sulphate, nitrate, SOA): one value for
    /// every sector but dust, or a value per sector.
    pub secondary: Option<RawSecondary>,
    /// How much of a precursor cut reaches secondary PM2.5 (below 1: less than linear).
    pub secondary_damping: Option<NumOrText>,
    /// The secondary PM2.5 split into sulfate, nitrate and organics (sums to 1).
    pub secondary_composition: Option<BTreeMap<String, NumOrText>>,
    /// Nitrate change per unit NOx cut, relative to the damped linear response (may be
    /// negative in winter).
    pub nox_response: Option<NumOrText>,
    /// Source apportionment of the local PM2.5 by sector (sums to 1).
    pub sectors: BTreeMap<String, NumOrText>,
    /// Hours until the measures have their full effect.
    pub phase_in_hours: Option<u32>,
    /// City -> (source city -> share of its transported PM2.5 coming from there).
    #[serde(default)]
    pub transport: BTreeMap<String, BTreeMap<String, f64>>,
}

/// The secondary PM2.5 split by the precursor that forms it (shares summing to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Composition {
    /// Sulfate, formed from SO2.
    pub sulfate: Range,
    /// Nitrate, formed from NOx.
    pub nitrate: Range,
    /// Secondary organics, formed from VOCs.
    pub organics: Range,
}

impl Composition {
    /// The keys of `projection.secondary_composition`, in field order.
    pub const KEYS: [&'static str; 3] = ["sulfate", "nitrate", "organics"];

    /// The default split, a synthesis and UNVERIFIED: sulfate 0.3, nitrate 0.4, organics 0.3.
    /// Nitrate is 11-27 % of PM2.5 at BTH suburban sites in autumn and winter 2014-15 where
    /// the secondary share is 36-58 % (王彤 et al. 2019, 环境科学 40(3); standards.md 7.2):
    /// 11/36 ≈ 0.31 to 27/58 ≈ 0.47 of the secondary part, about 0.4 in the middle. The
    /// remaining 0.6 is split evenly between sulfate and organics, as no local split was found.
    pub const DEFAULT: [f64; 3] = [0.3, 0.4, 0.3];

    /// The three shares, in [`Composition::KEYS`] order.
    pub fn ranges(&self) -> [Range; 3] {
        [self.sulfate, self.nitrate, self.organics]
    }
}

/// Validated projection parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionConfig {
    /// T: transported share of PM2.5 (default 0.53: the local share was 47.1 % in the
    /// 2016-12 BTH red alert, standards.md 7.1).
    pub transported: Range,
    /// Secondary share of each sector's PM2.5, by sector in [`Sector::ALL`] order (default
    /// 0.5; BTH winter sites 36-58 %, standards.md 7.2). Dust is always 0: fugitive dust is
    /// entirely primary (practice.md 6).
    pub secondary: PerSector<Range>,
    /// Whether `secondary` was one value for every sector but dust: a range then is one
    /// uncertain value, and its ends vary together in the bands (one parameter, not four).
    pub secondary_uniform: bool,
    /// Damping of the secondary response (default 0.5; UNVERIFIED).
    pub damping: Range,
    /// The secondary PM2.5 by precursor (default [`Composition::DEFAULT`], UNVERIFIED).
    pub composition: Composition,
    /// ν: nitrate change per unit NOx cut relative to the damped linear response (default 1,
    /// the linear response). Below 0, NOx cuts raise nitrate, as winter North China saw in the
    /// 2020 lockdown (Le et al. 2020, Science, 10.1126/science.abb7431; Huang et al. 2021,
    /// Natl Sci Rev, 10.1093/nsr/nwaa137; practice.md 6).
    pub nox_response: Range,
    /// Local source apportionment, by sector in [`Sector::ALL`] order.
    pub sectors: PerSector<Range>,
    /// Hours to full effect (default 24; standards.md 7.1: 24-48 h).
    pub phase_in_hours: u32,
    /// Transport matrix.
    pub transport: BTreeMap<String, BTreeMap<String, f64>>,
}

/// The default secondary share of a sector's PM2.5 (BTH winter sites 36-58 %, standards.md 7.2).
pub const DEFAULT_SECONDARY: f64 = 0.5;

/// The most parameters that may be ranges: the bands run every combination of their ends
/// (2^10 = 1024 runs of the model).
pub const MAX_RANGED: usize = 10;

/// The lowest NOx response accepted: a NOx cut raising nitrate by as much as a linear response
/// would lower it. The Guanzhong lockdown, the largest rise cited, raised O3 by 9.2 % while
/// PM2.5 fell 11.6 % (Li et al. 2022, JGR, 10.1029/2021JD036191).
pub const MIN_NOX_RESPONSE: f64 = -1.0;

impl ProjectionConfig {
    /// Validates the raw parameters against the scenario's cities; all problems, each with
    /// its key path.
    pub fn from_raw(
        r: &RawProjection,
        cities: &[&str],
    ) -> Result<ProjectionConfig, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut get = |key: &str, v: &Option<NumOrText>, default: f64, min: f64| match v {
            None => Range::one(default),
            Some(v) => v.range_within(min).unwrap_or_else(|e| {
                problems.push((format!("projection.{key}"), e));
                Range::one(default)
            }),
        };
        let transported = get("transported", &r.transported, 0.53, 0.0);
        let damping = get("secondary_damping", &r.secondary_damping, 0.5, 0.0);
        let nox_response = get("nox_response", &r.nox_response, 1.0, MIN_NOX_RESPONSE);
        let secondary = secondary_shares(r.secondary.as_ref(), &mut problems);
        let composition = composition(r.secondary_composition.as_ref(), &mut problems);
        let sectors = per_sector(&r.sectors, "projection.sectors", &mut problems);
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
        let secondary_uniform = !matches!(r.secondary, Some(RawSecondary::PerSector(_)));
        let secondary_ranged = if secondary_uniform {
            vec![secondary[Sector::Industry]]
        } else {
            secondary.0.to_vec()
        };
        let ranged = [transported, damping, nox_response]
            .into_iter()
            .chain(secondary_ranged)
            .chain(composition.ranges())
            .chain(sectors.0)
            .filter(Range::is_ranged)
            .count();
        if ranged > MAX_RANGED {
            problems.push((
                "projection".into(),
                format!(
                    "{ranged} parameters are ranges; the bands run the model for every \
                     combination of their ends, so at most {MAX_RANGED} may be ranges: give the \
                     best-known ones a single value"
                ),
            ));
        }
        check_transport(&r.transport, cities, &mut problems);
        if problems.is_empty() {
            Ok(ProjectionConfig {
                transported,
                secondary,
                secondary_uniform,
                damping,
                composition,
                nox_response,
                sectors,
                phase_in_hours: r.phase_in_hours.unwrap_or(24).max(1),
                transport: r.transport.clone(),
            })
        } else {
            Err(problems)
        }
    }
}

/// A map keyed by sector, each value a share (unknown sectors reported at `path.KEY`); sectors
/// not named are 0.
fn per_sector(
    map: &BTreeMap<String, NumOrText>,
    path: &str,
    problems: &mut Vec<(String, String)>,
) -> PerSector<Range> {
    let mut out = PerSector([Range::one(0.0); 5]);
    for (k, v) in map {
        match Sector::parse(k) {
            Some(s) => match v.range() {
                Ok(x) => out[s] = x,
                Err(e) => problems.push((format!("{path}.{k}"), e)),
            },
            None => problems.push((
                format!("{path}.{k}"),
                format!(
                    "unknown sector '{k}' (expected {})",
                    Sector::ALL.map(|s| s.key()).join(", ")
                ),
            )),
        }
    }
    out
}

/// `projection.secondary`: one share for every sector but dust, or a share per sector (the
/// sectors not named take [`DEFAULT_SECONDARY`]); dust is always 0.
fn secondary_shares(
    raw: Option<&RawSecondary>,
    problems: &mut Vec<(String, String)>,
) -> PerSector<Range> {
    let mut out = match raw {
        None => PerSector([Range::one(DEFAULT_SECONDARY); 5]),
        Some(RawSecondary::All(v)) => PerSector(
            [v.range().unwrap_or_else(|e| {
                problems.push(("projection.secondary".into(), e));
                Range::one(DEFAULT_SECONDARY)
            }); 5],
        ),
        Some(RawSecondary::PerSector(map)) => {
            let mut out = per_sector(map, "projection.secondary", problems);
            for s in Sector::ALL {
                if s != Sector::Dust && !map.keys().any(|k| Sector::parse(k) == Some(s)) {
                    out[s] = Range::one(DEFAULT_SECONDARY);
                }
            }
            if out[Sector::Dust].high > 0.0 {
                problems.push((
                    "projection.secondary.dust".into(),
                    format!(
                        "fugitive dust is entirely primary (practice.md 6): it emits no SO2, \
                         NOx or VOCs to form secondary PM2.5, so its secondary share is 0, not \
                         {}",
                        out[Sector::Dust].high
                    ),
                ));
            }
            out
        }
    };
    out[Sector::Dust] = Range::one(0.0);
    out
}

/// `projection.secondary_composition`: sulfate, nitrate and organics (the keys not named take
/// their default), central values summing to 1.
fn composition(
    raw: Option<&BTreeMap<String, NumOrText>>,
    problems: &mut Vec<(String, String)>,
) -> Composition {
    let mut v = Composition::DEFAULT.map(Range::one);
    for (k, x) in raw.into_iter().flatten() {
        match Composition::KEYS.iter().position(|key| key == k) {
            Some(i) => match x.range() {
                Ok(r) => v[i] = r,
                Err(e) => problems.push((format!("projection.secondary_composition.{k}"), e)),
            },
            None => problems.push((
                format!("projection.secondary_composition.{k}"),
                format!(
                    "unknown component '{k}' (expected {})",
                    Composition::KEYS.join(", ")
                ),
            )),
        }
    }
    let sum: f64 = v.iter().map(|r| r.central).sum();
    if raw.is_some() && (sum - 1.0).abs() > 0.005 {
        problems.push((
            "projection.secondary_composition".into(),
            format!(
                "the shares (central values) add up to {sum:.3}, not 1: they split the \
                 secondary PM2.5 into sulfate, nitrate and organics"
            ),
        ));
    }
    Composition {
        sulfate: v[0],
        nitrate: v[1],
        organics: v[2],
    }
}

/// `projection.transport`: known cities, shares in 0..=1 adding up to at most 1 per city.
fn check_transport(
    transport: &BTreeMap<String, BTreeMap<String, f64>>,
    cities: &[&str],
    problems: &mut Vec<(String, String)>,
) {
    for (city, row) in transport {
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
                format!("the shares add up to {total:.3}, more than the whole transported part"),
            ));
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
