//! Scenario files: the YAML a bureau plans an episode from, parsed with serde-saphyr into raw
//! structs and validated once into [`Scenario`] (regions, cities, rules, observations,
//! forecast, dispatch orders). All problems are reported together, each with its file, line
//! and column (or YAML key path) and a suggestion where one fits.

pub mod model;

pub use model::{
    City, DispatchOrder, Forecast, ForecastRow, ForecastTable, Observations, Quantity, Region,
    RegionalTrigger, Resolution, Scenario,
};
