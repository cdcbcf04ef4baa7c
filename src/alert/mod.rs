//! Warning classification (预警分级): from per-city forecast AQI series to the warnings the
//! rules require, with regional linkage (联防联控) and dispatch-order floors, each warning
//! recording the rule branch that fired and the AQI behind it. Sources: standards.md 3.

pub mod level;
pub mod rules;

pub use level::WarningLevel;
pub use rules::{Basis, Cause, Condition, RangeBound, RuleSet};
pub mod classify;
pub mod grid;
pub mod input;
pub mod observed;
#[cfg(test)]
mod tests;

pub use classify::{Advisory, Classification, Source, Warning, classify};
pub use grid::{CitySeries, Grid, Hour};
pub use input::{DailyValue, from_forecast};
pub use observed::from_observations;

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
    let names: Vec<String> = scn.cities.iter().map(|c| c.name.clone()).collect();
    let (grid, daily, quality) = match &scn.forecast {
        crate::scenario::Forecast::Table(t) => {
            let (g, d) = from_forecast(t, &names, &scn.rules, scn.standard);
            (g, d, None)
        }
        crate::scenario::Forecast::Observed => {
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
