//! Seasonal controls (错峰生产, 季节性管控): the baseline an emergency plan starts from.
//!
//! Emergency measures come on top of the seasonal controls already in force ("在施行原有季节性
//! 管控措施基础上", Anyang; practice.md 4): an enterprise stopped for the season has nothing more
//! to give, and one staggered for the season (off a share of its production) has given that
//! share already. 错峰 is therefore a baseline, not a warning action (the catalog refuses it as
//! one). A seasonal state comes from the bureau's list (its `seasonal` columns) or from the
//! scenario's `seasonal:` rules; the list's own entry wins.
//!
//! Crediting ([`super::schedule::credited`]): a warning measure's share is a share of normal production (as plans write it:
//! 限产30% of the approved capacity), so what it adds over the season is what exceeds the
//! seasonal share, pollutant by pollutant: `max(0, measure - seasonal)`. A list's reduction in
//! t/day is likewise credited only above what the season removes. This never counts the same
//! tonne twice; it is the conservative reading (a plan that meant "30 % of what is still
//! running" is credited less than it claims, never more).

use std::fmt;

use chrono::NaiveDate;

use crate::emissions::Share;

/// What a seasonal control does to production.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeasonalControl {
    /// 错峰停产: stopped for the season.
    Stop,
    /// 错峰限产: off this share of production for the season (Shanxi: B/B-/C/非引领性
    /// enterprises staggered, standards.md 5.1).
    Staggered(Share),
}

impl SeasonalControl {
    /// The share of normal production the control takes off.
    pub fn share(self) -> Share {
        match self {
            SeasonalControl::Stop => Share::ALL,
            SeasonalControl::Staggered(s) => s,
        }
    }

    /// Reads `停产` / `stop`, or a share with an optional word (`限产30%`, `错峰30%`, `30%`,
    /// `0.3`, `staggered 30%`). 100 % is a stop.
    pub fn parse(text: &str) -> Result<SeasonalControl, String> {
        let t = text.trim();
        let lower = t.to_lowercase();
        if matches!(
            lower.as_str(),
            "停产" | "错峰停产" | "全停" | "stop" | "stopped"
        ) {
            return Ok(SeasonalControl::Stop);
        }
        let share = ["错峰限产", "错峰生产", "错峰", "限产", "staggered", "cut"]
            .iter()
            .find_map(|w| lower.strip_prefix(w))
            .unwrap_or(&lower)
            .trim();
        match Share::parse(share) {
            Ok(s) if s == Share::ALL => Ok(SeasonalControl::Stop),
            Ok(Share(0)) => Err(format!(
                "'{t}' takes nothing off: leave the seasonal control empty for none"
            )),
            Ok(s) => Ok(SeasonalControl::Staggered(s)),
            Err(_) => Err(format!(
                "'{t}' is not a seasonal control: write 停产 (stop) or the share of production \
                 off, such as 限产30% or 30%"
            )),
        }
    }

    /// In Chinese.
    pub fn describe_zh(self) -> String {
        match self {
            SeasonalControl::Stop => "错峰停产".into(),
            SeasonalControl::Staggered(s) => format!("错峰限产{s}"),
        }
    }

    /// In English.
    pub fn describe_en(self) -> String {
        match self {
            SeasonalControl::Stop => "stopped for the season".into(),
            SeasonalControl::Staggered(s) => format!("staggered for the season, {s} off"),
        }
    }
}

impl fmt::Display for SeasonalControl {
    /// The machine form: `stop` or `staggered 30%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeasonalControl::Stop => write!(f, "stop"),
            SeasonalControl::Staggered(s) => write!(f, "staggered {s}"),
        }
    }
}

/// Where an enterprise's seasonal state comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeasonalSource {
    /// The bureau's list (its row).
    List,
    /// A scenario rule: `seasonal[i]`, with the document it cites, if any.
    Rule {
        /// Index of the rule.
        index: usize,
        /// The document the rule cites (`晋工信〔2026〕xx号`).
        document: Option<String>,
    },
}

/// An enterprise's seasonal control over a date range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seasonal {
    /// What it does.
    pub control: SeasonalControl,
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// Where it comes from.
    pub source: SeasonalSource,
}

impl Seasonal {
    /// Is the control in force on `day`?
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// `错峰停产（2026-11-15至2027-03-15）`.
    pub fn describe_zh(&self) -> String {
        format!(
            "{}（{}至{}）",
            self.control.describe_zh(),
            self.start,
            self.end
        )
    }

    /// `stopped for the season (2026-11-15 to 2027-03-15)`.
    pub fn describe_en(&self) -> String {
        format!(
            "{} ({} to {})",
            self.control.describe_en(),
            self.start,
            self.end
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_read_as_bureaus_write_them() {
        use SeasonalControl::*;
        for (text, want) in [
            ("停产", Stop),
            ("错峰停产", Stop),
            ("stop", Stop),
            ("100%", Stop),
            ("限产30%", Staggered(Share(300_000))),
            ("错峰30%", Staggered(Share(300_000))),
            ("30%", Staggered(Share(300_000))),
            ("0.5", Staggered(Share(500_000))),
            ("staggered 20%", Staggered(Share(200_000))),
        ] {
            assert_eq!(SeasonalControl::parse(text), Ok(want), "{text}");
        }
        for bad in ["三成", "0%", "120%"] {
            assert!(SeasonalControl::parse(bad).is_err(), "{bad}");
        }
    }
}
