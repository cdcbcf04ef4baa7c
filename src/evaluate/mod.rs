//! The summary evaluation after an episode (总结评估, required by the 2024 guidance; practice.md
//! 6, standards.md 3.3 "加强重污染天气应对效果评估"): the plan as issued (a `hazeplan run`
//! folder) against what happened afterwards (the observations, and the enterprises' power
//! use).
//!
//! - [`run_folder`]: reads the plan back (warnings, daily forecast, schedule).
//! - [`observed`]: the observed daily AQI and the warnings the observations justify, by the
//!   batch hindcast (the same ingest, AQI and classification code as `hazeplan batch`).
//! - [`verification`]: forecast and warning verification, POD/FAR/CSI per level.
//! - [`power`] and [`compliance`]: power-use data and the compliance of each ordered action.
//! - [`effect`]: projected against observed AQI during each warning (confounded, and said so).
//! - [`hotspots`]: stations far above their city's median for hours (快速消除污染高值热点).
//!
//! Computation only: [`evaluate`] returns an [`Evaluation`]; `report::evaluation` writes it.

pub mod compliance;
pub mod effect;
pub mod hotspots;
pub mod observed;
pub mod power;
pub mod run_folder;
pub mod verification;

use crate::alert::WarningLevel;
pub use compliance::{Compliance, ComplianceConfig, ComplianceRow};
pub use observed::Observed;
pub use power::PowerData;
pub use run_folder::RunFolder;
pub use verification::{Contingency, DayRow, ForecastScore, Miss, Verdict, WarningCheck};

/// The thresholds of an evaluation, with their documented defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalConfig {
    /// Share of the plan's days each city needs an observed daily AQI on (default 0.8; the
    /// first and last day are always needed). A design choice, not from a source.
    pub min_observed_share: f64,
    /// The compliance check's thresholds.
    pub compliance: ComplianceConfig,
    /// The hotspot thresholds.
    pub hotspots: hotspots::HotspotConfig,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            min_observed_share: 0.8,
            compliance: ComplianceConfig::default(),
            hotspots: hotspots::HotspotConfig::default(),
        }
    }
}

/// The scores of one warning level over the city-days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelScore {
    /// The level (days at it or above).
    pub level: WarningLevel,
    /// The 2x2 table.
    pub table: Contingency,
}

/// Everything `hazeplan evaluate` reports.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The rule set the justified levels were decided under.
    pub rules: String,
    /// First and last day of the plan.
    pub period: (chrono::NaiveDate, chrono::NaiveDate),
    /// Every city-day.
    pub days: Vec<DayRow>,
    /// Forecast errors per city, then all cities (city empty).
    pub forecast: Vec<ForecastScore>,
    /// Forecast AQI level by observed AQI level (1-6), all cities.
    pub levels: [[usize; 6]; 6],
    /// Each issued warning with its verdict.
    pub warnings: Vec<WarningCheck>,
    /// Warnings required but not issued.
    pub misses: Vec<Miss>,
    /// POD, FAR, CSI per warning level of the rule set.
    pub scores: Vec<LevelScore>,
    /// The compliance of each ordered action (empty without power data).
    pub compliance: Vec<ComplianceRow>,
    /// Ordered actions of enterprises without any meter in the power data (left out).
    pub unmetered: usize,
    /// The compliance thresholds used.
    pub compliance_config: ComplianceConfig,
    /// Projected against observed AQI per city warning (empty without a projection).
    pub effects: Vec<effect::Effect>,
    /// Stations far above their city's median (empty without station data).
    pub hotspots: Vec<hotspots::Hotspot>,
    /// The hotspot thresholds used.
    pub hotspot_config: hotspots::HotspotConfig,
    /// Each station's period-mean PM2.5 IAQI (city, station code, IAQI), for the maps.
    pub station_aqi: Vec<(String, String, Option<u16>)>,
}

/// Evaluates a run against its observations (and power data).
pub fn evaluate(
    run: &RunFolder,
    obs: &Observed,
    rules: &crate::alert::RuleSet,
    power: Option<&PowerData>,
    cfg: &EvalConfig,
) -> Evaluation {
    let days = verification::days(run, obs);
    let mut forecast: Vec<ForecastScore> = run
        .cities()
        .iter()
        .map(|c| {
            let d: Vec<&DayRow> = days.iter().filter(|d| &d.city == c).collect();
            verification::forecast_score(c, &d)
        })
        .collect();
    forecast.push(verification::forecast_score(
        "",
        &days.iter().collect::<Vec<_>>(),
    ));
    let (warnings, misses) = verification::warnings(run, obs);
    let scores = rules
        .levels
        .iter()
        .map(|l| l.level)
        .filter(|l| l.is_warning())
        .map(|level| LevelScore {
            level,
            table: verification::level_scores(&days, level),
        })
        .collect();
    let compliance = power.map_or_else(Vec::new, |p| {
        compliance::check(&run.schedule, &run.seasonal, p, &cfg.compliance)
    });
    let unmetered = power.map_or(0, |p| {
        run.schedule
            .iter()
            .filter(|a| !p.readings.keys().any(|(e, _)| *e == a.enterprise_id))
            .count()
    });
    Evaluation {
        unmetered,
        rules: rules.name.clone(),
        period: run.period().unwrap_or_default(),
        levels: verification::level_contingency(&days),
        days,
        forecast,
        warnings,
        misses,
        scores,
        compliance,
        compliance_config: cfg.compliance,
        effects: run
            .projection
            .as_deref()
            .map_or_else(Vec::new, |p| effect::effects(&run.warnings, p, obs)),
        hotspots: hotspots::find(&obs.stations, &cfg.hotspots),
        hotspot_config: cfg.hotspots.clone(),
        station_aqi: hotspots::station_aqi(&obs.stations),
    }
}
