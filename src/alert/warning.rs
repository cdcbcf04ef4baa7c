//! What classification produces: one warning per process and area with the history of its
//! changes (issue, upgrade, downgrade, extension, lift), the flags a duty officer must see
//! (late issue, a floor with no forecast behind it), health advisories instead of warnings,
//! and the final level of every area and hour.

use chrono::NaiveDateTime;

use super::WarningLevel;
use super::reason::{AdvisoryReason, Reason};

/// Where a warning level comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The area's own forecast met the rule (or the lifting rule holds it).
    Local,
    /// Regional linkage raised the area to the region's level.
    Regional,
    /// A provincial dispatch order set a floor.
    Dispatch,
}

impl Source {
    /// `local`, `regional` or `dispatch`.
    pub fn id(self) -> &'static str {
        match self {
            Source::Local => "local",
            Source::Regional => "regional",
            Source::Dispatch => "dispatch",
        }
    }
}

/// The kind of a change in a warning's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The first issue (发布).
    Issue,
    /// A higher level (升级), in force when decided.
    Upgrade,
    /// A lower level (降级).
    Downgrade,
    /// The level continues on another source's authority (a regional notice or a dispatch
    /// order keeps the warning after the local forecast would have lifted it, or the reverse).
    Extension,
    /// The warning is lifted (解除), or the forecast ends with it in force.
    Lift,
}

impl ChangeKind {
    /// `issue`, `upgrade`, `downgrade`, `extension`, `lift`.
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::Issue => "issue",
            ChangeKind::Upgrade => "upgrade",
            ChangeKind::Downgrade => "downgrade",
            ChangeKind::Extension => "extension",
            ChangeKind::Lift => "lift",
        }
    }

    /// Chinese: 发布, 升级, 降级, 延续, 解除.
    pub fn name_zh(self) -> &'static str {
        match self {
            ChangeKind::Issue => "发布",
            ChangeKind::Upgrade => "升级",
            ChangeKind::Downgrade => "降级",
            ChangeKind::Extension => "延续",
            ChangeKind::Lift => "解除",
        }
    }
}

/// Something about a warning a duty officer must see (2024 guidance: no warning without
/// forecast support; warnings issued in advance).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Issued with less than the rule set's lead time: `hours` before the start.
    LateIssue {
        /// Hours between issue and start.
        hours: i64,
        /// The rule set's lead time.
        lead: u32,
    },
    /// A regional or dispatch floor with no forecast above the level's threshold behind it.
    Unsupported {
        /// The floor's source.
        source: Source,
        /// Its level.
        level: WarningLevel,
        /// Start and end of the unsupported stretch.
        from: NaiveDateTime,
        to: NaiveDateTime,
        /// The threshold no forecast value exceeded, and the highest forecast value.
        threshold: u16,
        max: Option<u16>,
    },
}

impl Flag {
    /// `late_issue` or `unsupported_floor`.
    pub fn id(&self) -> &'static str {
        match self {
            Flag::LateIssue { .. } => "late_issue",
            Flag::Unsupported { .. } => "unsupported_floor",
        }
    }

    /// A one-line description.
    pub fn describe(&self) -> String {
        let t = |x: &NaiveDateTime| x.format("%Y-%m-%d %H:%M").to_string();
        match self {
            Flag::LateIssue { hours, lead } => {
                format!("issued {hours} h before the start (lead time {lead} h)")
            }
            Flag::Unsupported {
                source,
                level,
                from,
                to,
                threshold,
                max,
            } => format!(
                "{} floor at {level} from {} to {} has no forecast above AQI {threshold} behind \
                 it (highest forecast {})",
                source.id(),
                t(from),
                t(to),
                max.map_or("none".to_string(), |m| m.to_string())
            ),
        }
    }
}

/// One entry of a warning's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// When it takes effect (the beginning of the hour; for a lift, the end of the warning).
    pub time: NaiveDateTime,
    /// When it was decided: the publication of the forecast behind it, the notice of a
    /// dispatch order; for the first issue, the issue time.
    pub decided_at: Option<NaiveDateTime>,
    /// The level from `time` on (`none` for a lift).
    pub level: WarningLevel,
    /// The source of that level.
    pub source: Source,
    /// Why: the rule branch and the days behind it, the region and its members, the order.
    pub reason: Reason,
    /// Flags raised by this change.
    pub flags: Vec<Flag>,
}

/// One warning: one process of one area, from its first issue to its final lift.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// City.
    pub city: String,
    /// County (区县), for a county's own warning.
    pub county: Option<String>,
    /// The regions the area belongs to (`;`-joined), or those that raised it.
    pub region: String,
    /// The highest level of the warning.
    pub level: WarningLevel,
    /// First issue: the later of the forecast's publication and the start minus the lead time.
    pub issued_at: NaiveDateTime,
    /// Start (the beginning of the first hour).
    pub start: NaiveDateTime,
    /// End (the end of the last hour: the final lift).
    pub end: NaiveDateTime,
    /// The reason of the first issue at the highest level.
    pub trigger: Reason,
    /// The source of the first issue.
    pub source: Source,
    /// Every source the warning had, in order of first use.
    pub sources: Vec<Source>,
    /// The history, in time order: the first entry is the issue, the last the lift.
    pub changes: Vec<Change>,
    /// Every flag of the history.
    pub flags: Vec<Flag>,
}

impl Warning {
    /// `忻州` or `忻州 忻府区`.
    pub fn area(&self) -> String {
        match &self.county {
            Some(c) => format!("{} {c}", self.city),
            None => self.city.clone(),
        }
    }
}

/// A health advisory instead of a colour warning (2024: O3-driven, dust, wildfire,
/// cross-border processes), decided per process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advisory {
    /// City.
    pub city: String,
    /// County, for a county's own series.
    pub county: Option<String>,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Why no colour warning (`O3 primary`, `dust`, …), with the share of the process's
    /// polluted hours it covers.
    pub reason: AdvisoryReason,
    /// The level the AQI alone would have given.
    pub level_otherwise: WarningLevel,
    /// The highest AQI of the period.
    pub max_aqi: u16,
}

/// The result for all areas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    /// Warnings, by city (scenario order) with each city's counties after it, then start.
    pub warnings: Vec<Warning>,
    /// Advisories, by area, then start.
    pub advisories: Vec<Advisory>,
    /// The final level of every city and hour, in grid order.
    pub levels: Vec<Vec<WarningLevel>>,
    /// The final level of every county of the grid, in grid order; empty for a county whose
    /// levels are its city's.
    pub county_levels: Vec<Vec<WarningLevel>>,
    /// Each region's level from its linkage, hour by hour, in scenario order (empty for a region
    /// without a trigger): while it is a warning, the region's linkage is in force.
    pub region_levels: Vec<Vec<WarningLevel>>,
}

impl Classification {
    /// The final levels of an area: a county's own, else its city's.
    pub fn levels_of(&self, city: usize, county: Option<usize>) -> &[WarningLevel] {
        match county.map(|k| &self.county_levels[k]) {
            Some(l) if !l.is_empty() => l,
            _ => &self.levels[city],
        }
    }

    /// The flags of every warning, with the warning's area.
    pub fn flags(&self) -> Vec<(&Warning, &Flag)> {
        self.warnings
            .iter()
            .flat_map(|w| w.flags.iter().map(move |f| (w, f)))
            .collect()
    }
}
