//! Warning rule sets as data: the shipped national schemes (`rules/*.yaml`, embedded in the
//! binary) and their overrides from a scenario.
//!
//! A level fires when any of its conditions holds; a condition is a run of consecutive hours
//! above a threshold (`above`, `for_hours`), a value reaching a threshold (`reaches`), or all of
//! several conditions within one run (`all`). Sources: standards.md 3.1-3.4.

use serde::Deserialize;

use super::WarningLevel;

/// What the thresholds apply to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The natural-day AQI, held over the day's 24 hours.
    #[default]
    Daily,
    /// The rolling 24-hour AQI, hour by hour across midnight (standards.md 2.5).
    Rolling24,
}

/// Which bound of a forecast range (`180-230`) classifies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RangeBound {
    /// The upper bound (the cautious reading; default).
    #[default]
    Upper,
    /// The lower bound.
    Lower,
    /// The midpoint, rounded up.
    Middle,
}

/// A cause of an episode that a forecast row can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// 沙尘 (dust storm).
    Dust,
    /// 局地扬沙 (local blowing dust).
    LocalDust,
    /// 山火 (wildfire).
    Wildfire,
    /// 烟花爆竹 (fireworks).
    Fireworks,
    /// 国境外传输 (transport from abroad).
    CrossBorder,
}

impl Cause {
    /// The identifier used in files.
    pub fn id(self) -> &'static str {
        match self {
            Cause::Dust => "dust",
            Cause::LocalDust => "local_dust",
            Cause::Wildfire => "wildfire",
            Cause::Fireworks => "fireworks",
            Cause::CrossBorder => "cross_border",
        }
    }

    /// Parses an identifier (also the Chinese names).
    pub fn parse(s: &str) -> Option<Cause> {
        Some(match s.trim() {
            "dust" | "沙尘" => Cause::Dust,
            "local_dust" | "扬沙" | "局地扬沙" => Cause::LocalDust,
            "wildfire" | "山火" => Cause::Wildfire,
            "fireworks" | "烟花爆竹" => Cause::Fireworks,
            "cross_border" | "境外传输" | "国境外传输" => Cause::CrossBorder,
            _ => return None,
        })
    }
}

/// A condition of a level, as written in YAML.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// Daily AQI strictly above this …
    pub above: Option<u16>,
    /// … on this many days (in hours: 1 or 24 = one day, 48 = two days …).
    pub for_hours: Option<u32>,
    /// … or on this many days.
    pub for_days: Option<u32>,
    /// Daily AQI at or above this on any day.
    pub reaches: Option<u16>,
    /// All of these, within one run of the first.
    pub all: Option<Vec<RawCondition>>,
}

/// A condition of a level. Every threshold applies to the daily AQI (practice.md 1): a natural
/// day's, or under the rolling basis any 24 consecutive hours'; "for 48 h" is two days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// At least `days` days with daily AQI > `threshold`, consecutive or bridged by dips the
    /// lifting rule does not lift (one process, practice.md 2).
    Above {
        /// AQI threshold (strictly above).
        threshold: u16,
        /// Minimum number of days above.
        days: u32,
    },
    /// A day with daily AQI >= `threshold`.
    Reaches {
        /// AQI threshold (at or above).
        threshold: u16,
    },
    /// Every condition, the later ones on days of a run of the first.
    All(Vec<Condition>),
}

/// The days of `for_hours` / `for_days`.
fn days_of(hours: Option<u32>, days: Option<u32>) -> Result<u32, String> {
    match (hours, days) {
        (Some(_), Some(_)) => Err("give for_hours or for_days, not both".into()),
        (None, None) => Ok(1),
        (None, Some(0)) => Err("for_days must be at least 1".into()),
        (None, Some(d)) => Ok(d),
        (Some(0), None) => Err("for_hours must be at least 1".into()),
        (Some(1), None) => Ok(1),
        (Some(h), None) if h % 24 == 0 => Ok(h / 24),
        (Some(h), None) => Err(format!(
            "for_hours is {h}: thresholds apply to the daily AQI (practice.md 1), so a \
             duration is whole days (24, 48, 72 …; 1 means one day)"
        )),
    }
}

impl Condition {
    fn from_raw(r: &RawCondition) -> Result<Condition, String> {
        match (r.above, r.reaches, &r.all) {
            (Some(threshold), None, None) => Ok(Condition::Above {
                threshold,
                days: days_of(r.for_hours, r.for_days)?,
            }),
            (None, Some(threshold), None) if r.for_hours.is_none() && r.for_days.is_none() => {
                Ok(Condition::Reaches { threshold })
            }
            (None, None, Some(all)) if !all.is_empty() && r.for_hours.is_none() => {
                Ok(Condition::All(
                    all.iter()
                        .map(Condition::from_raw)
                        .collect::<Result<_, _>>()?,
                ))
            }
            _ => Err(
                "a condition is `{above: AQI, for_hours: H}`, `{reaches: AQI}` or \
                      `{all: [conditions]}`"
                    .into(),
            ),
        }
    }

    /// A short description: `AQI>200 for >=48h`.
    pub fn describe(&self) -> String {
        match self {
            Condition::Above { threshold, days } if *days <= 1 => format!("AQI>{threshold}"),
            Condition::Above { threshold, days } => {
                format!("AQI>{threshold} for >={}h", days * 24)
            }
            Condition::Reaches { threshold } => format!("AQI>={threshold}"),
            Condition::All(cs) => cs
                .iter()
                .map(Condition::describe)
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }

    /// The lowest AQI threshold the condition looks at.
    pub fn lowest_threshold(&self) -> u16 {
        match self {
            Condition::Above { threshold, .. } => *threshold,
            Condition::Reaches { threshold } => threshold.saturating_sub(1),
            Condition::All(cs) => cs
                .iter()
                .map(Condition::lowest_threshold)
                .min()
                .unwrap_or(0),
        }
    }

    /// The threshold whose days are counted (of the first condition of a compound one).
    pub fn first_threshold(&self) -> u16 {
        match self {
            Condition::Above { threshold, .. } | Condition::Reaches { threshold } => *threshold,
            Condition::All(cs) => cs.first().map_or(0, Condition::first_threshold),
        }
    }

    /// The days of forecast the condition needs before it can hold.
    pub fn days_needed(&self) -> u32 {
        match self {
            Condition::Above { days, .. } => *days,
            Condition::Reaches { .. } => 1,
            Condition::All(cs) => cs.iter().map(Condition::days_needed).max().unwrap_or(1),
        }
    }
}

/// The conditions of one level, as written in YAML.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevelRule {
    /// The level.
    pub level: WarningLevel,
    /// Any of these starts it.
    pub any: Vec<RawCondition>,
}

/// The conditions of one level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelRule {
    /// The level.
    pub level: WarningLevel,
    /// Any of these starts it.
    pub any: Vec<Condition>,
}

/// Episodes that get a health advisory instead of a colour warning.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    /// Hours whose primary pollutant is O3 (2024: O3-driven pollution gets advisories).
    #[serde(default)]
    pub o3_primary: bool,
    /// Hours with one of these causes.
    #[serde(default)]
    pub causes: Vec<Cause>,
}

/// How a warning is lifted (解除).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifting {
    /// `level_start`: when the forecast stays below the start condition of the warning
    /// (Taiyuan 2019 §3.4.2); `aqi_at_most`: when the AQI stays at or below `aqi` (Xinzhou:
    /// 轻度污染及以下, 150).
    #[serde(default)]
    pub convention: LiftingConvention,
    /// The AQI of `aqi_at_most`.
    #[serde(default = "default_lift_aqi")]
    pub aqi: u16,
    /// For more than this many hours (36).
    #[serde(default = "default_lift_hours")]
    pub hours: u32,
}

/// The published lifting conventions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiftingConvention {
    /// Below the level's start condition for more than the lifting hours.
    #[default]
    LevelStart,
    /// AQI at or below a value for more than the lifting hours.
    AqiAtMost,
}

fn default_lift_aqi() -> u16 {
    150
}

fn default_lift_hours() -> u32 {
    36
}

fn default_lead() -> u32 {
    24
}

impl Default for Lifting {
    fn default() -> Self {
        Lifting {
            convention: LiftingConvention::LevelStart,
            aqi: default_lift_aqi(),
            hours: default_lift_hours(),
        }
    }
}

/// A rule set as written in YAML (`rules/*.yaml`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleSet {
    /// Identifier (`national-2024`).
    pub name: String,
    /// Title of the scheme.
    pub title: String,
    /// Where the thresholds come from.
    pub source: String,
    /// Daily or rolling 24-hour AQI.
    #[serde(default)]
    pub basis: Basis,
    /// Which bound of a forecast range classifies.
    #[serde(default)]
    pub range_bound: RangeBound,
    /// The levels, lowest first.
    pub levels: Vec<RawLevelRule>,
    /// Advisory-only episodes.
    #[serde(default)]
    pub exclusions: Exclusions,
    /// Hours between issuing a warning and its start (24).
    #[serde(default = "default_lead")]
    pub lead_time_hours: u32,
    /// How warnings are lifted.
    #[serde(default)]
    pub lifting: Lifting,
    /// The optional tier below the lowest colour level.
    #[serde(default)]
    pub pre_warning: Option<RawPreWarning>,
}

/// The pre-warning tier (不利气象条件应对 / 临时管控, practice.md 2): its own conditions below the
/// colour levels, used only when enabled. City plans set different thresholds (Jiangsu: daily
/// AQI > 150, or > 100 for 48 h); a trigger on AQI > 100 moves with HJ 633—2026, which lowered
/// the PM2.5 and PM10 concentrations of IAQI 100 (practice.md 1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPreWarning {
    /// Whether the tier is used (off in every shipped rule set).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Any of these starts it.
    #[serde(default)]
    pub any: Option<Vec<RawCondition>>,
}

/// A validated rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    /// Identifier.
    pub name: String,
    /// Title of the scheme.
    pub title: String,
    /// Where the thresholds come from.
    pub source: String,
    /// Daily or rolling 24-hour AQI.
    pub basis: Basis,
    /// Which bound of a forecast range classifies.
    pub range_bound: RangeBound,
    /// The levels, lowest first.
    pub levels: Vec<LevelRule>,
    /// Advisory-only episodes.
    pub exclusions: Exclusions,
    /// Hours between issuing a warning and its start.
    pub lead_time_hours: u32,
    /// How warnings are lifted.
    pub lifting: Lifting,
}

impl RuleSet {
    /// Validates a raw rule set.
    pub fn from_raw(r: RawRuleSet) -> Result<RuleSet, String> {
        let mut levels = Vec::new();
        if let Some(p) = &r.pre_warning
            && p.enabled == Some(true)
        {
            let any = p.any.as_deref().unwrap_or_default();
            if any.is_empty() {
                return Err("pre_warning is enabled but has no condition (any: [...])".into());
            }
            levels.push(LevelRule {
                level: WarningLevel::Pre,
                any: any
                    .iter()
                    .map(Condition::from_raw)
                    .collect::<Result<_, _>>()?,
            });
        }
        for l in &r.levels {
            if l.level == WarningLevel::Pre {
                return Err(
                    "the pre-warning tier is set under pre_warning: {enabled: true, any: [...]}"
                        .into(),
                );
            }
            if !l.level.is_warning() {
                return Err("a rule's level is blue, yellow, orange or red".into());
            }
            if levels
                .last()
                .is_some_and(|p: &LevelRule| p.level >= l.level)
            {
                return Err(format!(
                    "levels must be listed lowest first ({} is out of order)",
                    l.level
                ));
            }
            if l.any.is_empty() {
                return Err(format!("level {} has no condition", l.level));
            }
            levels.push(LevelRule {
                level: l.level,
                any: l
                    .any
                    .iter()
                    .map(Condition::from_raw)
                    .collect::<Result<_, _>>()?,
            });
        }
        if !levels.iter().any(|l| l.level.is_warning()) {
            return Err("a rule set needs at least one level".into());
        }
        Ok(RuleSet {
            name: r.name,
            title: r.title,
            source: r.source,
            basis: r.basis,
            range_bound: r.range_bound,
            levels,
            exclusions: r.exclusions,
            lead_time_hours: r.lead_time_hours,
            lifting: r.lifting,
        })
    }

    /// The names of the shipped rule sets.
    pub const SHIPPED: [&'static str; 3] = ["national-2024", "national-2019", "legacy-2017"];

    /// The raw YAML of a shipped rule set.
    pub fn shipped_yaml(name: &str) -> Option<&'static str> {
        Some(match name {
            "national-2024" => include_str!("../../rules/national-2024.yaml"),
            "national-2019" => include_str!("../../rules/national-2019.yaml"),
            "legacy-2017" => include_str!("../../rules/legacy-2017.yaml"),
            _ => return None,
        })
    }

    /// A shipped rule set, parsed.
    pub fn shipped(name: &str) -> Option<RuleSet> {
        let raw: RawRuleSet = serde_saphyr::from_str(RuleSet::shipped_yaml(name)?).ok()?;
        RuleSet::from_raw(raw).ok()
    }

    /// Why `level` cannot be used with this rule set (it has no such level), if so.
    pub fn lacks_level(&self, level: WarningLevel) -> Option<String> {
        if self.levels.iter().any(|l| l.level == level) {
            return None;
        }
        let have: Vec<&str> = self.levels.iter().map(|l| l.level.id()).collect();
        Some(format!(
            "rule set {} has no level {level} (its levels: {})",
            self.name,
            have.join(", ")
        ))
    }

    /// The lowest AQI any colour level looks at: below it no colour warning can start.
    pub fn lowest_threshold(&self) -> u16 {
        self.levels
            .iter()
            .filter(|l| l.level.is_warning())
            .flat_map(|l| l.any.iter().map(Condition::lowest_threshold))
            .min()
            .unwrap_or(200)
    }

    /// The lowest AQI the conditions of `level` look at (of the lowest level of the set at or
    /// above it): a forecast at or below it cannot support a warning at that level.
    pub fn threshold_of(&self, level: WarningLevel) -> u16 {
        self.levels
            .iter()
            .find(|l| l.level >= level)
            .map(|l| {
                l.any
                    .iter()
                    .map(Condition::lowest_threshold)
                    .min()
                    .unwrap_or(200)
            })
            .unwrap_or(200)
    }

    /// The rule of a level.
    pub fn rule(&self, level: WarningLevel) -> Option<&LevelRule> {
        self.levels.iter().find(|l| l.level == level)
    }
}

/// Fields of a scenario's `rules:` mapping that override a base rule set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverrides {
    /// The rule set to start from (a shipped name).
    pub base: Option<String>,
    /// Replaces the basis.
    pub basis: Option<Basis>,
    /// Replaces the range bound.
    pub range_bound: Option<RangeBound>,
    /// Replaces all levels.
    pub levels: Option<Vec<RawLevelRule>>,
    /// Replaces the exclusions.
    pub exclusions: Option<Exclusions>,
    /// Replaces the lead time.
    pub lead_time_hours: Option<u32>,
    /// Replaces the lifting rule.
    pub lifting: Option<Lifting>,
    /// Enables the pre-warning tier or replaces its conditions.
    pub pre_warning: Option<RawPreWarning>,
}

impl RuleOverrides {
    /// Applies the overrides to the base (default `national-2024`).
    pub fn apply(&self) -> Result<RuleSet, String> {
        let base = self.base.as_deref().unwrap_or("national-2024");
        let yaml = RuleSet::shipped_yaml(base).ok_or_else(|| {
            format!(
                "unknown rule set '{base}' (shipped: {})",
                RuleSet::SHIPPED.join(", ")
            )
        })?;
        let mut raw: RawRuleSet = serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        raw.name = format!("{base} (with overrides)");
        if let Some(b) = self.basis {
            raw.basis = b;
        }
        if let Some(b) = self.range_bound {
            raw.range_bound = b;
        }
        if let Some(l) = &self.levels {
            raw.levels = l.clone();
        }
        if let Some(e) = &self.exclusions {
            raw.exclusions = e.clone();
        }
        if let Some(h) = self.lead_time_hours {
            raw.lead_time_hours = h;
        }
        if let Some(l) = self.lifting {
            raw.lifting = l;
        }
        if let Some(p) = &self.pre_warning {
            let base = raw.pre_warning.take().unwrap_or_default();
            raw.pre_warning = Some(RawPreWarning {
                enabled: Some(p.enabled.unwrap_or(true)),
                any: p.any.clone().or(base.any),
            });
        }
        RuleSet::from_raw(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rule_sets_parse() {
        for name in RuleSet::SHIPPED {
            let r = RuleSet::shipped(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(r.name, name);
        }
        let r = RuleSet::shipped("national-2024").unwrap();
        assert_eq!(r.levels.len(), 3);
        assert_eq!(r.lowest_threshold(), 150);
        assert!(r.exclusions.o3_primary);
        assert_eq!(
            RuleSet::shipped("national-2019")
                .unwrap()
                .lowest_threshold(),
            200
        );
        assert_eq!(
            RuleSet::shipped("legacy-2017").unwrap().levels[0].level,
            WarningLevel::Blue
        );
    }

    #[test]
    fn overrides() {
        let o = RuleOverrides {
            base: Some("national-2019".into()),
            lead_time_hours: Some(12),
            ..RuleOverrides::default()
        };
        let r = o.apply().unwrap();
        assert_eq!(r.lead_time_hours, 12);
        assert_eq!(r.levels.len(), 3);
        let bad = RuleOverrides {
            base: Some("national-2030".into()),
            ..RuleOverrides::default()
        };
        assert!(
            bad.apply()
                .unwrap_err()
                .starts_with("unknown rule set 'national-2030'")
        );
    }
}
