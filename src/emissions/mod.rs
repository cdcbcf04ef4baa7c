//! Emissions: the four pollutants of the reduction targets, exact tonnages, sectors, the city
//! inventories and the target shares per warning level (standards.md section 4), and the
//! accounting of a schedule's reductions against them.

pub mod model;

pub use model::{EmissionPollutant, Emissions, Inventory, Sector, Share, Targets, Tonnes};
