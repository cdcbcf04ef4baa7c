//! Warning classification (预警分级): from per-city forecast AQI series to the warnings the
//! rules require, with regional linkage (联防联控) and dispatch-order floors, each warning
//! recording the rule branch that fired and the AQI behind it. Sources: standards.md 3.

pub mod level;
pub mod rules;

pub use level::WarningLevel;
pub use rules::{Basis, Cause, Condition, RangeBound, RuleSet};
