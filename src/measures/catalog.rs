//! The measure catalog: what each enterprise must do by industry, grade and level, and the
//! traffic, dust and other orders by level, with their effect on sector emissions.
//!
//! Catalogs are data: the default ships as `measures/default.yaml` (embedded in the binary,
//! [`Catalog::shipped`]) and a bureau replaces it with its own file ([`Catalog::load`]). The
//! YAML form and its validation are in `catalog/parse.rs`; docs/measures.md describes the
//! format and the default rules with their sources (standards.md sections 5-6).

mod parse;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use super::model::{Action, Enterprise, Grade};
use crate::alert::WarningLevel;
use crate::emissions::{Sector, Share};

/// An industry rule: for these industries (empty: any) and grades, the action per level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndustryRule {
    /// Industries it applies to; empty for every industry. Matched to an enterprise's
    /// industry after trimming, without regard to ASCII case.
    pub industries: Vec<String>,
    /// Grades it applies to.
    pub grades: Vec<Grade>,
    /// Action per level; a level not listed takes the action of the next lower listed level.
    /// Below the lowest listed level the rule does not apply, so earlier rules decide (write
    /// `none` at a level to override them with nothing).
    pub actions: BTreeMap<WarningLevel, Action>,
    /// A stricter variant (加严): applies only in regions or orders that demand it.
    pub stricter: bool,
}

impl IndustryRule {
    /// Does the rule cover this industry and grade (ignoring `stricter`)?
    pub fn covers(&self, industry: &str, grade: Grade) -> bool {
        self.grades.contains(&grade)
            && (self.industries.is_empty()
                || self.industries.iter().any(|i| same_industry(i, industry)))
    }
}

/// Industry names as lists write them: `Steel` and `steel ` are `steel`.
fn same_industry(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
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

    /// The sector an order of this kind reduces unless the catalog says otherwise.
    pub fn default_sector(self) -> Sector {
        match self {
            OrderKind::Traffic => Sector::Traffic,
            OrderKind::Dust => Sector::Dust,
            OrderKind::Other => Sector::Other,
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
    /// Share of that sector's emissions removed, per pollutant (SO2, NOx, PM, VOCs). The
    /// effects of all orders in force at a level add up.
    pub effect: [Share; 4],
    /// A stricter variant (加严) only; added to the other orders where it applies.
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
    /// The industries named by rules of their own, in catalog order without repeats.
    pub fn named_industries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for i in self.industry.iter().flat_map(|r| &r.industries) {
            if !out.iter().any(|o| same_industry(o, i)) {
                out.push(i.trim());
            }
        }
        out
    }

    /// Does any rule name this industry (rather than apply to every industry)?
    pub fn names_industry(&self, industry: &str) -> bool {
        self.industry
            .iter()
            .any(|r| r.industries.iter().any(|i| same_industry(i, industry)))
    }

    /// The action for an enterprise at a level. Protected enterprises are never curtailed and
    /// A+/A/引领性 never forced, whatever the rules say.
    pub fn action(&self, e: &Enterprise, level: WarningLevel, stricter: bool) -> Action {
        // No warning, no measure: not even the "protected" marker, which only has a meaning
        // while others are curtailed.
        if !level.is_warning() {
            return Action::None;
        }
        if e.protected.is_some() {
            return Action::Protected;
        }
        self.action_for(&e.industry, e.grade, level, stricter)
    }

    /// The action the rules give an industry and grade at a level (an enterprise that is not
    /// protected). A+/A/引领性 get at most [`Action::Voluntary`].
    pub fn action_for(
        &self,
        industry: &str,
        grade: Grade,
        level: WarningLevel,
        stricter: bool,
    ) -> Action {
        if !level.is_warning() {
            return Action::None;
        }
        let mut found = Action::None;
        for r in &self.industry {
            if (r.stricter && !stricter) || !r.covers(industry, grade) {
                continue;
            }
            if let Some((_, a)) = r.actions.range(..=level).next_back() {
                found = a.clone();
            }
        }
        if grade.voluntary_only() && found.is_curtailment() {
            return Action::Voluntary;
        }
        found
    }

    /// The sector orders in force at a level: those of this level and every lower one, with
    /// the stricter orders only when `stricter`.
    pub fn orders_at(&self, level: WarningLevel, stricter: bool) -> Vec<&SectorMeasure> {
        self.orders
            .iter()
            .filter(|o| level.is_warning() && o.level <= level && (stricter || !o.stricter))
            .collect()
    }

    /// The YAML text of the shipped default catalog (`measures/default.yaml`).
    pub fn shipped_yaml() -> &'static str {
        include_str!("../../measures/default.yaml")
    }

    /// The shipped default catalog, parsed once. (A unit test guarantees that it parses; were
    /// it ever not to, this would be an empty catalog rather than a panic.)
    pub fn shipped() -> Catalog {
        static SHIPPED: OnceLock<Catalog> = OnceLock::new();
        SHIPPED
            .get_or_init(|| Catalog::from_yaml(Catalog::shipped_yaml()).unwrap_or_default())
            .clone()
    }

    /// Reads a catalog file. Problems are `LINE:COL: message` (without the file name).
    pub fn load(path: &Path) -> Result<Catalog, Vec<String>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
        Catalog::from_yaml(&text)
    }

    /// Parses and validates a catalog. A YAML or structure error stops at the first problem;
    /// past that, every validation problem is collected. Each is `LINE:COL: message` where
    /// the location is known.
    pub fn from_yaml(text: &str) -> Result<Catalog, Vec<String>> {
        parse::from_yaml(text)
    }
}
