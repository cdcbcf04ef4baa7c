//! Control measures (差异化管控): enterprises and their performance grades, the measure
//! catalog, and the schedule of who does what from when to when (standards.md sections 5-6).

pub mod catalog;
pub mod enterprises;
pub mod model;
pub mod orders;
pub mod schedule;
pub mod seasonal;
pub mod wording;

pub use catalog::{Catalog, IndustryRule, OrderKind, SectorMeasure};
pub use catalog::{Placeholder, TransportRule};
pub use model::{Action, Enterprise, Grade, ListedMeasure, OutputValue, Process};
pub use orders::{CityOrders, LocalText};
pub use seasonal::{Seasonal, SeasonalControl, SeasonalSource};
