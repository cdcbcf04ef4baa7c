//! Emissions: the four pollutants of the reduction targets, exact tonnages, sectors, the city
//! inventories and the target shares per warning level (standards.md section 4). What a
//! schedule cuts, against these, is [`crate::accounting`].

pub mod cells;
pub mod inventory;
pub mod model;

pub use model::{
    Basis, EmissionPollutant, Emissions, Inventory, PerPollutant, PerSector, Sector, Share,
    ShareError, Targets, Tonnes,
};
