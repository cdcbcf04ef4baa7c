//! The areas a classification warns: cities with their counties (practice.md 3), the regions
//! of joint prevention and control (联防联控, standards.md 3.5) that link their members, and
//! the provincial dispatch orders (调度令) that set a level floor over cities and counties.

use chrono::NaiveDateTime;

use super::WarningLevel;

/// A city: the unit warned (with its counties) and planned for.
#[derive(Clone, Debug, PartialEq)]
pub struct City {
    /// Short Chinese name (`太原`), the city's identity.
    pub name: String,
    /// Station codes whose mean is the city's value; empty: all non-control stations of the
    /// city in the station list (or the city's own column or rows in the data).
    pub stations: Vec<String>,
    /// Its counties (区县) that warnings, regions or orders can name, in file order.
    pub counties: Vec<County>,
}

/// A county (区县) of a city: warned on its own forecast rows or stations when it has them,
/// otherwise with its city; regions and dispatch orders can name it (practice.md 3).
#[derive(Clone, Debug, PartialEq)]
pub struct County {
    /// Full name (`忻府区`, `原平市`), unique within its city.
    pub name: String,
    /// Station codes whose mean is the county's value in hindcasts; empty: none of its own.
    pub stations: Vec<String>,
}

/// A region of joint prevention and control (联防联控区域).
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Name (`太原盆地`).
    pub name: String,
    /// Member cities (names of the scenario's cities).
    pub cities: Vec<String>,
    /// Member counties, as (city, county) of the scenario's counties.
    pub counties: Vec<(String, String)>,
    /// Where the membership comes from, for a region taken from the shipped definitions
    /// (`regions/shanxi.yaml`), with its status (UNVERIFIED …).
    pub source: Option<String>,
    /// When the region acts together.
    pub trigger: RegionalTrigger,
    /// The region applies stricter measures (加严措施), used by the measures stage.
    pub stricter: bool,
}

/// The regional linkage trigger (standards.md 3.5, UNVERIFIED: configurable).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RegionalTrigger {
    /// No automatic linkage.
    None,
    /// When at least this many member cities reach a level, all members start at least it.
    MinCities(u32),
    /// When at least this share (0-1] of member cities reach a level, all members do.
    MinShare(f64),
}

/// A provincial dispatch order (调度令): a level floor for cities over a window.
#[derive(Clone, Debug, PartialEq)]
pub struct DispatchOrder {
    /// The order's number or title.
    pub id: String,
    /// The cities it names (all their counties included).
    pub cities: Vec<String>,
    /// The counties it names, as (city, county).
    pub counties: Vec<(String, String)>,
    /// When it was notified, if given (else taken as in time).
    pub issued: Option<NaiveDateTime>,
    /// Start of the window.
    pub start: NaiveDateTime,
    /// End of the window.
    pub end: NaiveDateTime,
    /// The minimum level (不低于…).
    pub level: WarningLevel,
    /// The order demands stricter measures (加严措施).
    pub stricter: bool,
}
