//! Warning classification (预警分级): from the daily AQI forecast of every city and county to
//! the warnings the rules require (practice.md 1-3, standards.md 3): conditions counted in
//! days, one process decided strictly, exclusions per process, regional linkage (联防联控) and
//! dispatch-order floors, one warning per process with the history of its changes, issue
//! times from the forecast's publication and the flags of the 2024 guidance.

pub mod area;
pub mod forecast;
pub mod level;
pub mod rules;

pub use level::WarningLevel;
pub use rules::{Basis, Cause, Condition, RangeBound, RuleSet};
pub mod classify;
pub mod grid;
mod history;
pub mod input;
mod local;
pub mod observed;
pub mod reason;
mod runs;
pub mod warning;

pub use area::{City, County, DispatchOrder, Region, RegionalTrigger};
pub use classify::classify;
pub use forecast::{Forecast, ForecastRow, ForecastTable, Quantity, Resolution};
pub use grid::{CitySeries, Grid, Hour};
pub use input::{DailyValue, from_forecast};
pub use observed::from_observations;
pub use warning::{Advisory, Change, ChangeKind, Classification, Flag, Source, Warning};

/// Everything the warning stage of `hazeplan run` produces for a scenario.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The hourly series classified.
    pub grid: Grid,
    /// Daily values for `daily.csv`.
    pub daily: Vec<DailyValue>,
    /// Warnings, advisories and the final hourly levels.
    pub classification: Classification,
    /// The data-quality summary of the observations (hindcasts only).
    pub quality: Option<crate::ingest::Quality>,
}

/// What the warning stage reads: the parts of a scenario it uses, borrowed (a library user
/// can build them without a scenario file; [`crate::plan()`] takes them from one).
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The AQI standard (`auto`: by date).
    pub standard: crate::aqi::StandardChoice,
    /// The warning rule set.
    pub rules: &'a RuleSet,
    /// The cities warned, with their counties.
    pub cities: &'a [City],
    /// The regions of joint prevention and control.
    pub regions: &'a [Region],
    /// The provincial dispatch orders.
    pub dispatch: &'a [DispatchOrder],
    /// The forecast table, or the observations as a perfect forecast.
    pub forecast: &'a Forecast,
    /// The monitoring files (hindcasts).
    pub observations: Option<&'a crate::ingest::Observations>,
    /// The station list that places stations in cities (hindcasts).
    pub stations: Option<&'a std::path::Path>,
}

/// Builds the series (the forecast table, or the observations for `forecast: observed`) and
/// classifies it with the rules, regions and dispatch orders. This is the engine
/// `hazeplan run` and the batch hindcasts share.
pub fn plan(inputs: &Inputs<'_>) -> Result<Plan, crate::Error> {
    let (grid, daily, quality) = match inputs.forecast {
        Forecast::Table(t) => {
            let (g, d) = from_forecast(t, inputs.cities, inputs.rules, inputs.standard);
            (g, d, None)
        }
        Forecast::Observed => {
            let (g, d, q) = from_observations(inputs)?;
            (g, d, Some(q))
        }
    };
    let classification = classify(&grid, inputs.rules, inputs.regions, inputs.dispatch);
    Ok(Plan {
        grid,
        daily,
        classification,
        quality,
    })
}
