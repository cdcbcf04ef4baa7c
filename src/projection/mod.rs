//! Projected outcomes: each city's air with and without the scheduled measures, through a
//! transparent linear source-receptor model (standards.md 7; docs/projection.md), and the
//! heavy-pollution hours and days the plan avoids.

pub mod config;
pub mod model;
#[cfg(test)]
mod tests;

pub use config::{Composition, ProjectionConfig, Range, RawProjection, RawSecondary};
pub use model::{
    CityProjection, Cuts, HourProjection, Inputs, Projection, Summary, invert, project,
    steady_reduction,
};
