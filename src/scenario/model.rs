//! The validated scenario: what every later stage reads. Built once from the YAML by
//! [`super::load`]; nothing downstream re-validates.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::alert::{City, DispatchOrder, Forecast, Region, RuleSet};
use crate::aqi::StandardChoice;
use crate::emissions::{Inventory, Targets};
use crate::ingest::Observations;
use crate::measures::{Catalog, CityOrders, Enterprise};

/// A planning scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Identifier, also the default output folder name (`output/<name>/`).
    pub name: String,
    /// Free title for reports.
    pub title: Option<String>,
    /// The issuing authority, for the report (`太原市重污染天气应急指挥部办公室`).
    pub authority: Option<String>,
    /// The document number, for the report (`并重污指办〔2026〕12号`).
    pub document: Option<String>,
    /// The scenario file.
    pub path: PathBuf,
    /// First and last day planned (inclusive).
    pub period: (NaiveDate, NaiveDate),
    /// The AQI standard (`auto`: by date).
    pub standard: StandardChoice,
    /// The warning rules, overrides applied.
    pub rules: RuleSet,
    /// Regions for joint control, in file order.
    pub regions: Vec<Region>,
    /// Cities, in file order.
    pub cities: Vec<City>,
    /// A station list (resolved path), for observations by station code.
    pub stations: Option<PathBuf>,
    /// Monitoring data (needed for `forecast: observed`).
    pub observations: Option<Observations>,
    /// The forecast to classify.
    pub forecast: Forecast,
    /// Provincial dispatch orders (调度令).
    pub dispatch: Vec<DispatchOrder>,
    /// City emission inventories by sector (t/day), the base of the reduction targets.
    pub inventory: Option<Inventory>,
    /// The emergency reduction list (应急减排清单), in file order.
    pub enterprises: Vec<Enterprise>,
    /// The measure catalog (the shipped default unless the scenario names one).
    pub catalog: Catalog,
    /// Required reduction shares per level (10/20/30 % unless overridden).
    pub targets: Targets,
    /// Add curtailments to close shortfalls (`tighten: true`).
    pub tighten: bool,
    /// Also write the workbook plan.xlsx (`xlsx: true`, as `run --xlsx`).
    pub xlsx: bool,
    /// Each city's own wording of the catalog's orders (`cities[].orders`, practice.md 5):
    /// place names, time windows, optional orders enabled, orders disabled or replaced. A city
    /// without an entry takes the catalog's as they are.
    pub city_orders: BTreeMap<String, CityOrders>,
    /// Projection parameters; no projection without them.
    pub projection: Option<crate::projection::ProjectionConfig>,
}
