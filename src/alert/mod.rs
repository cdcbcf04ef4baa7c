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
#[cfg(test)]
mod tests;
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

/// Builds the series of a scenario (its forecast table, or its observations for
/// `forecast: observed`) and classifies it with the scenario's rules, regions and dispatch
/// orders. This is the engine `hazeplan run` and the batch hindcasts share.
pub fn plan(scn: &crate::scenario::Scenario) -> Result<Plan, crate::Error> {
    let (grid, daily, quality) = match &scn.forecast {
        Forecast::Table(t) => {
            let (g, d) = from_forecast(t, &scn.cities, &scn.rules, scn.standard);
            (g, d, None)
        }
        Forecast::Observed => {
            let (g, d, q) = from_observations(scn, &scn.rules)?;
            (g, d, Some(q))
        }
    };
    let classification = classify(&grid, &scn.rules, &scn.regions, &scn.dispatch);
    Ok(Plan {
        grid,
        daily,
        classification,
        quality,
    })
}
