//! Emissions: the four pollutants of the reduction targets, exact tonnages, sectors, the city
//! inventories and the target shares per warning level (standards.md section 4), the
//! reductions of a schedule's windows (enterprises apart from the orders' estimates) and
//! their accounting against the targets.

pub mod accounting;
pub mod cells;
pub mod inventory;
pub mod model;
pub mod reduction;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_seasonal;

pub use model::{
    Basis, EmissionPollutant, Emissions, Inventory, PerPollutant, PerSector, Sector, Share,
    ShareError, Targets, Tonnes,
};
