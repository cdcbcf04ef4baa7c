//! Why an area has its level, why its warning ends and why a process got an advisory instead,
//! as data: the rule branch with its days and maximum, the region with its member count, the
//! dispatch order, the exclusions. Classification builds these; the writers render them in
//! the output's language (`report::reason`), so a Chinese report never carries English text
//! built inside the classifier.

use chrono::NaiveDateTime;

use super::WarningLevel;
use super::rules::{Cause, Condition};

/// Why a warning is in force at a change (issue, upgrade, downgrade, extension) or why it
/// ends (lift).
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// A condition of the rule set met by the area's own forecast (or the city's, for a
    /// county without one).
    Rule(RuleMet),
    /// The level holds after its condition stopped (standards.md 3.4).
    Held {
        /// The rule set's name.
        rules: String,
        /// The level held.
        level: WarningLevel,
        /// How it holds.
        how: Hold,
        /// The county is classified on its city's forecast.
        city_forecast: bool,
        /// Excluded hours the process has but counts with it.
        mixed: Option<Mixed>,
    },
    /// Regional linkage (联防联控): enough members at the level.
    Regional {
        /// The region's name.
        region: String,
        /// Members at the level or above.
        count: usize,
        /// Members in all.
        members: usize,
        /// The region's trigger.
        trigger: RegionRule,
        /// The level.
        level: WarningLevel,
    },
    /// A regional level kept while the linkage holds.
    RegionalHeld {
        /// The level.
        level: WarningLevel,
    },
    /// A provincial dispatch order (调度令) sets a floor.
    Dispatch {
        /// The order's identifier.
        order: String,
        /// Its floor.
        level: WarningLevel,
        /// From.
        start: NaiveDateTime,
        /// To.
        end: NaiveDateTime,
    },
    /// A dispatch floor kept.
    DispatchHeld {
        /// The level.
        level: WarningLevel,
    },
    /// Why the warning ends.
    Lift(Lift),
}

// `RegionRule::MinShare` holds a validated share in (0, 1], never NaN.
impl Eq for Reason {}

/// A rule-set condition met: the branch, its days and the values behind them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMet {
    /// The rule set's name (`national-2024`).
    pub rules: String,
    /// The level of the rule.
    pub level: WarningLevel,
    /// The branch of the rule that holds.
    pub condition: Condition,
    /// The threshold whose days are counted.
    pub threshold: u16,
    /// Days above it in the process.
    pub days: u32,
    /// Days the process spans (more than `days` when it has dips).
    pub span_days: u32,
    /// Lifting time of the rule set (a dip this short does not lift), hours.
    pub lifting_hours: u32,
    /// For a process with dips, the daily AQI of each counted day (its start, its value).
    pub daily: Vec<(NaiveDateTime, Option<u16>)>,
    /// First day's start and last day's end.
    pub from: NaiveDateTime,
    /// The last day's end.
    pub to: NaiveDateTime,
    /// The highest daily AQI.
    pub max: u16,
    /// The county is classified on its city's forecast.
    pub city_forecast: bool,
    /// Excluded hours the process has but counts with it.
    pub mixed: Option<Mixed>,
}

/// How a level holds after its condition stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Until the AQI stays at or below `aqi` for more than `hours` (`aqi_at_most` lifting).
    NotYetLifted {
        /// The lifting AQI.
        aqi: u16,
        /// The lifting time.
        hours: u32,
    },
    /// A dip of at most `hours` is bridged.
    Bridged {
        /// The lifting time.
        hours: u32,
    },
    /// A gap of at most `hours` between two warnings does not lift.
    Gap {
        /// The lifting time.
        hours: u32,
    },
}

/// Excluded hours a process has but counts with it (most of its polluted hours are not
/// excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mixed {
    /// Excluded hours.
    pub hours: u32,
    /// What excludes them.
    pub exclusions: Vec<Exclusion>,
}

/// What takes an hour out of a warning's count (2024 guidance).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusion {
    /// A cause of the rule set (dust, wildfire, …).
    Cause(Cause),
    /// O3 is the primary pollutant.
    O3Primary,
}

/// A region's trigger as its reason quotes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RegionRule {
    /// At least this many members.
    MinCities(u32),
    /// At least this share of members, in (0, 1].
    MinShare(f64),
    /// No trigger (a region raised only by orders).
    None,
}

/// Why a warning ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lift {
    /// The dispatch order behind it ends.
    DispatchEnds,
    /// The forecast ends with the warning in force (lifting to be announced, 另行通知).
    ForecastEnds,
    /// The forecast stays below the start condition for more than `hours`.
    BelowStart {
        /// The lifting time.
        hours: u32,
    },
    /// The forecast AQI stays at or below `aqi` for more than `hours`.
    AqiAtMost {
        /// The lifting AQI.
        aqi: u16,
        /// The lifting time.
        hours: u32,
    },
    /// The regional linkage ends.
    RegionalEnds,
}

/// Why a process got a health advisory instead of a colour warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvisoryReason {
    /// What excluded its hours.
    pub exclusions: Vec<Exclusion>,
    /// Excluded hours.
    pub excluded: u32,
    /// Hours above `threshold` in the process.
    pub polluted: u32,
    /// The rule set's lowest threshold.
    pub threshold: u16,
}
