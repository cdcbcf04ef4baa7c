//! The measure catalog: what each enterprise must do by industry, grade and level, and the
//! traffic, dust and other orders by level, with their effect on sector emissions.
//!
//! Catalogs are data: the default ships as `measures/default.yaml` (embedded in the binary,
//! [`Catalog::shipped`]) and a bureau replaces it with its own file ([`Catalog::load`]). The
//! YAML form and its validation are in `catalog/parse.rs`; docs/measures.md describes the
//! format and the default rules with their sources (standards.md sections 5-6).

mod orders;
mod parse;
mod policy;
#[cfg(test)]
mod tests;

pub use policy::{Exemptions, GradeScheme, Limit, LimitForm};

pub use orders::{Placeholder, TransportRule};

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

/// A traffic, dust or other order and its effect. In the catalog its texts are templates
/// (`{urban_area}禁止…`); in a schedule they are the city's ([`Catalog::orders_in_force`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectorMeasure {
    /// Identifier, unique in the catalog (`heavy_trucks`), by which a city enables, disables
    /// or rewords it.
    pub id: String,
    /// What it regulates (`non_road_machinery`): of the orders of one subject only one is in
    /// force, the strictest (practice.md 5).
    pub subject: String,
    /// Kind.
    pub kind: OrderKind,
    /// The lowest level it applies at (it applies at higher levels too, unless an order of
    /// its subject of a higher level replaces it).
    pub level: WarningLevel,
    /// The order as a notice words it (Chinese).
    pub measure: String,
    /// An English rendering, if given.
    pub measure_en: Option<String>,
    /// The sector whose emissions it reduces.
    pub sector: Sector,
    /// Share of that sector's emissions removed, per pollutant (SO2, NOx, PM, VOCs), while it
    /// is the order of its subject in force: the effects of the orders in force add up, and
    /// an order replaced by a stricter one counts no more.
    pub effect: [Share; 4],
    /// A stricter variant (加严): in force only where stricter measures apply, where it
    /// replaces the plain order of its subject and level.
    pub stricter: bool,
    /// In force only in a city that enables it (school closure at red, practice.md 5).
    pub optional: bool,
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
    /// The grade scheme of each graded industry.
    pub schemes: Vec<GradeScheme>,
    /// Who takes no mandatory measure, up to which level.
    pub exemptions: Exemptions,
    /// What limited industries can physically do.
    pub limits: Vec<Limit>,
    /// Sector orders (templates).
    pub orders: Vec<SectorMeasure>,
    /// The placeholders order templates may use.
    pub placeholders: Vec<Placeholder>,
    /// The transport rules of listed enterprises, lowest level first.
    pub transport: Vec<TransportRule>,
    /// Each industry's names (`[coking, 焦化]`): its key and the names lists use for it, the
    /// first Chinese name the one reports print.
    pub industry_names: Vec<Vec<String>>,
}

impl Catalog {
    /// The industries named by rules or grade schemes of their own, in catalog order without
    /// repeats.
    pub fn named_industries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let names = self
            .industry
            .iter()
            .flat_map(|r| &r.industries)
            .chain(self.schemes.iter().flat_map(|s| &s.industries));
        for i in names {
            if !out.iter().any(|o| same_industry(o, i)) {
                out.push(i.trim());
            }
        }
        out
    }

    /// The industries the catalog names, for a message: their keys (the ASCII names) where
    /// the catalog has them, as its other spellings are the same industries in Chinese.
    fn industry_keys(&self) -> String {
        let named = self.named_industries();
        let keys: Vec<&str> = named.iter().copied().filter(|n| n.is_ascii()).collect();
        if keys.is_empty() {
            named.join(", ")
        } else {
            format!("{} and their Chinese names", keys.join(", "))
        }
    }

    /// Does a rule or a grade scheme name this industry (rather than apply to every industry)?
    pub fn names_industry(&self, industry: &str) -> bool {
        self.named_industries()
            .iter()
            .any(|i| same_industry(i, industry))
    }

    /// Do two industry names mean the same industry: equal (ignoring case), or names of one
    /// industry in `industry_names`? Not "listed together by a rule": a grade scheme lists
    /// steel, coking and cement together, and a seasonal rule for cement must not stop a
    /// coke oven.
    pub fn same_industry(&self, a: &str, b: &str) -> bool {
        same_industry(a, b)
            || self
                .names_of(a)
                .is_some_and(|names| names.iter().any(|n| same_industry(n, b)))
    }

    /// The names of an industry, if `industry_names` has it.
    fn names_of(&self, industry: &str) -> Option<&[String]> {
        self.industry_names
            .iter()
            .find(|names| names.iter().any(|n| same_industry(n, industry)))
            .map(Vec::as_slice)
    }

    /// The industry as a report prints it: in Chinese its first Chinese name, in English its
    /// key (the first ASCII name), as the list writes it where the catalog has no other.
    pub fn industry_label<'a>(&'a self, industry: &'a str, chinese: bool) -> &'a str {
        self.names_of(industry)
            .and_then(|names| {
                names
                    .iter()
                    .find(|n| n.is_ascii() != chinese)
                    .map(String::as_str)
            })
            .unwrap_or(industry)
    }

    /// The grade scheme of an industry.
    pub fn scheme(&self, industry: &str) -> Option<&GradeScheme> {
        self.schemes
            .iter()
            .find(|s| s.industries.iter().any(|i| same_industry(i, industry)))
    }

    /// Is a graded enterprise of this industry and grade one the catalog knows? `Err` says
    /// why not: an industry no rule or scheme names (a misspelling takes none of its rules),
    /// or a grade outside the industry's scheme.
    pub fn check_grade(&self, industry: &str, grade: Grade) -> Result<(), String> {
        if grade == Grade::Ungraded {
            // Outside the graded industries: "other industries" (其他行业), any name.
            return Ok(());
        }
        if let Some(s) = self.scheme(industry) {
            if s.grades.contains(&grade) {
                return Ok(());
            }
            let grades: Vec<&str> = s.grades.iter().map(|g| g.label()).collect();
            return Err(format!(
                "grade {grade} is not a grade of {industry}, which is graded {}",
                grades.join(", ")
            ));
        }
        let named = self.named_industries();
        // A catalog of rules for every industry alone cannot tell one industry from another.
        if named.is_empty() || self.names_industry(industry) {
            return Ok(());
        }
        let hint = crate::diag::suggest::hint(industry, named.iter().copied());
        let hint = if hint.is_empty() {
            format!(
                " (the catalog names {}; an enterprise of another industry has no grade)",
                self.industry_keys()
            )
        } else {
            hint
        };
        Err(format!(
            "industry '{industry}' is graded {grade} but no rule or grade scheme of the measure \
             catalog names it{hint}"
        ))
    }

    /// The limit of an industry.
    pub fn limit(&self, industry: &str) -> Option<&Limit> {
        self.limits
            .iter()
            .find(|l| l.industries.iter().any(|i| same_industry(i, industry)))
    }

    /// Does this grade reduce on its own (自主减排) at this level?
    pub fn voluntary(&self, grade: Grade, level: WarningLevel) -> bool {
        self.exemptions
            .voluntary
            .get(&grade)
            .is_some_and(|up_to| level <= *up_to)
    }

    /// Is the enterprise exempt from mandatory measures at this level (protected, or of a
    /// self-directed grade)? `tighten` never uses it.
    pub fn exempt(&self, e: &Enterprise, level: WarningLevel) -> bool {
        (e.protected.is_some() && level <= self.exemptions.protected)
            || self.voluntary(e.grade, level)
    }

    /// The largest share of its production an enterprise can give up at a level: its
    /// industry's limit (all of it where banking is allowed from this level), else all.
    pub fn cap(&self, e: &Enterprise, level: WarningLevel) -> Share {
        match self.limit(&e.industry) {
            Some(l) if l.bank_from.is_none_or(|b| level < b) => l.form.cap(),
            _ => Share::ALL,
        }
    }

    /// The action for an enterprise at a level. Protected enterprises keep their approved
    /// maximum load and self-directed grades only reduce voluntarily, up to the levels of
    /// the catalog's exemptions; every action is one the industry can take.
    pub fn action(&self, e: &Enterprise, level: WarningLevel, stricter: bool) -> Action {
        // No warning, no measure: not even the "protected" marker, which only has a meaning
        // while others are curtailed.
        if !level.is_warning() {
            return Action::None;
        }
        if e.protected.is_some() && level <= self.exemptions.protected {
            return match e.max_load {
                Some(load) if load < Share::ALL => Action::MaxLoad(load),
                _ => Action::Protected,
            };
        }
        let found = self.action_for(&e.industry, e.grade, level, stricter);
        self.feasible(e, found, level)
    }

    /// The action the rules give an industry and grade at a level (an enterprise that is not
    /// protected), before its limit. A self-directed grade gets at most
    /// [`Action::Voluntary`].
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
        if self.voluntary(grade, level) && found.is_curtailment() {
            return Action::Voluntary;
        }
        found
    }

    /// The action in the form the enterprise's industry can take, within its limit: a coke
    /// plant's cut as a longer coking time, a glass furnace's as keeping warm, a stop as
    /// banking where allowed, anything beyond the cap as the cap.
    pub fn feasible(&self, e: &Enterprise, a: Action, level: WarningLevel) -> Action {
        let Some(limit) = self.limit(&e.industry) else {
            return a;
        };
        if !a.is_curtailment() || matches!(a, Action::Listed { .. }) {
            return a;
        }
        let banking = limit.bank_from.is_some_and(|b| level >= b);
        let (share, cap) = (a.output_share(e), limit.form.cap());
        if share > cap {
            // Past what the process allows only by banking it, where the plan allows that.
            return if banking {
                Action::Bank
            } else {
                limit_form(limit.form, cap, cap)
            };
        }
        match (limit.form, &a) {
            // A named process stop within the cap is what the rule means: kept.
            (_, Action::StopProcesses(_)) | (LimitForm::MaxCut(_), _) => a,
            _ => limit_form(limit.form, share, cap),
        }
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

/// A cut of `share` of production in a limited industry's form, at most `cap`.
pub fn limit_form(form: LimitForm, share: Share, cap: Share) -> Action {
    let s = share.min(cap);
    match form {
        LimitForm::KeepWarm(_) => Action::KeepWarm(s),
        LimitForm::MaxCut(_) if s == Share::ALL => Action::Stop,
        LimitForm::MaxCut(_) => Action::CutOutput(s),
        LimitForm::Coking { normal, longest } => {
            // The shortest whole-hour coking time that gives at least the cut, within the
            // longest allowed: t = normal / (1 - s).
            let rest = u64::from(Share::ALL.ppm() - s.ppm().min(Share::ALL.ppm() - 1));
            let hours = (u64::from(normal) * 1_000_000).div_ceil(rest);
            let hours = u32::try_from(hours).unwrap_or(u32::MAX).min(longest);
            if s == Share(0) {
                Action::None
            } else {
                Action::ExtendCoking {
                    normal,
                    hours: hours.max(normal + 1),
                }
            }
        }
    }
}
