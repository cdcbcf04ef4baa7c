//! Emissions: the four pollutants of the reduction targets, exact tonnages, sectors, the city
//! inventories and the target shares per warning level (standards.md section 4), and the
//! accounting of a schedule's reductions against them.

pub mod accounting;
pub mod inventory;
pub mod model;
#[cfg(test)]
mod tests;

pub use model::{EmissionPollutant, Emissions, Inventory, Sector, Share, Targets, Tonnes};
