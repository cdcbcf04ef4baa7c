//! The measure catalog: what each enterprise must do by industry, grade and level, and the
//! traffic, dust and other orders by level, with their effect on sector emissions.
//! (Skeleton: parsing and the shipped catalog come with the catalog work.)

use std::collections::BTreeMap;

use super::model::{Action, Enterprise, Grade};
use crate::alert::WarningLevel;
use crate::emissions::{Sector, Share};

/// An industry rule: for these industries (empty: any) and grades, the action per level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndustryRule {
    /// Industries it applies to; empty for every industry.
    pub industries: Vec<String>,
    /// Grades it applies to.
    pub grades: Vec<Grade>,
    /// Action per level; a level not listed inherits the action of the next lower listed
    /// level (or none).
    pub actions: BTreeMap<WarningLevel, Action>,
    /// A stricter variant (加严): applies only in regions or orders that demand it.
    pub stricter: bool,
}

/// The kind of an order in `orders.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrderKind {
    /// Traffic and non-road machinery.
    Traffic,
    /// Dust control.
    Dust,
    /// Other (fireworks, open burning, health).
    Other,
}

impl OrderKind {
    /// `traffic`, `dust`, `other`.
    pub fn id(self) -> &'static str {
        match self {
            OrderKind::Traffic => "traffic",
            OrderKind::Dust => "dust",
            OrderKind::Other => "other",
        }
    }
}

/// A traffic, dust or other order and its effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectorMeasure {
    /// Kind.
    pub kind: OrderKind,
    /// The lowest level it applies at (it applies at higher levels too).
    pub level: WarningLevel,
    /// The order as a notice words it (Chinese).
    pub measure: String,
    /// An English rendering, if given.
    pub measure_en: Option<String>,
    /// The sector whose emissions it reduces.
    pub sector: Sector,
    /// Share of that sector's emissions removed, per pollutant (SO2, NOx, PM, VOCs).
    pub effect: [Share; 4],
    /// A stricter variant (加严) only.
    pub stricter: bool,
}

/// A measure catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Name.
    pub name: String,
    /// Where its values come from.
    pub source: String,
    /// Industry rules; later rules override earlier ones where both match.
    pub industry: Vec<IndustryRule>,
    /// Sector orders.
    pub orders: Vec<SectorMeasure>,
}

impl Catalog {
    /// The action for an enterprise at a level. Protected enterprises are never curtailed and
    /// A+/A/引领性 never forced, whatever the rules say.
    pub fn action(&self, e: &Enterprise, level: WarningLevel, stricter: bool) -> Action {
        if e.protected.is_some() {
            return Action::Protected;
        }
        if !level.is_warning() {
            return Action::None;
        }
        let mut found = Action::None;
        for r in &self.industry {
            if (r.stricter && !stricter)
                || !r.grades.contains(&e.grade)
                || !(r.industries.is_empty() || r.industries.iter().any(|i| i == &e.industry))
            {
                continue;
            }
            if let Some((_, a)) = r.actions.range(..=level).next_back() {
                found = a.clone();
            }
        }
        if e.grade.voluntary_only() && found.is_curtailment() {
            return Action::Voluntary;
        }
        found
    }

    /// The sector orders in force at a level.
    pub fn orders_at(&self, level: WarningLevel, stricter: bool) -> Vec<&SectorMeasure> {
        self.orders
            .iter()
            .filter(|o| level.is_warning() && o.level <= level && (stricter || !o.stricter))
            .collect()
    }
}
