//! The validated scenario: what every later stage reads. Built once from the YAML by
//! [`super::load`]; nothing downstream re-validates.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::alert::{Cause, RuleSet, WarningLevel};
use crate::aqi::{Slot, StandardChoice};
use crate::emissions::{Inventory, Targets};
use crate::ingest::{CoUnit, ColumnMap, FormatChoice};
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
    /// Projection parameters; no projection without them.
    pub projection: Option<crate::projection::ProjectionConfig>,
}

/// A region of joint prevention and control (联防联控区域).
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Name (`太原盆地`).
    pub name: String,
    /// Member cities (names of [`Scenario::cities`]).
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

/// A city of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct City {
    /// Short Chinese name (`太原`), the city's identity.
    pub name: String,
    /// Station codes whose mean is the city's value; empty: all non-control stations of the
    /// city in the station list (or the city's own column or rows in the data).
    pub stations: Vec<String>,
    /// Its counties (区县) that warnings, regions or orders can name, in file order.
    pub counties: Vec<County>,
    /// Its own wording of the catalog's orders: place names, time windows, optional orders
    /// enabled, orders disabled or replaced (`cities[].orders`, practice.md 5).
    pub orders: CityOrders,
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

/// Monitoring files, read as `hazeplan aqi` reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Observations {
    /// Files or folders (resolved paths).
    pub files: Vec<PathBuf>,
    /// Format detection or choice.
    pub format: FormatChoice,
    /// Column mappings for long files.
    pub map: Vec<ColumnMap>,
    /// CO unit, if not left to detection.
    pub co_unit: Option<CoUnit>,
    /// City of stations in long files without a city column.
    pub city: Option<String>,
}

/// Where the series to classify comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Forecast {
    /// A hindcast: the observations, as a perfect forecast.
    Observed,
    /// A forecast table.
    Table(ForecastTable),
}

/// The time resolution of a forecast table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// One row per city and day (`date` column).
    Daily,
    /// One row per city and hour-ending label (`time` column).
    Hourly,
}

/// What a forecast table's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// AQI.
    Aqi,
    /// PM2.5 in ug/m3 (scored on the 24-hour table).
    Pm25,
}

/// A forecast table, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastTable {
    /// The CSV file (resolved path).
    pub path: PathBuf,
    /// Daily or hourly.
    pub resolution: Resolution,
    /// AQI or PM2.5.
    pub quantity: Quantity,
    /// The rows, sorted by city (scenario order), county (city rows first) then time.
    pub rows: Vec<ForecastRow>,
    /// When the whole table was published (`forecast.issued`), for rows without their own.
    pub issued: Option<NaiveDateTime>,
}

/// One forecast value.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastRow {
    /// City name.
    pub city: String,
    /// County name, for a county's own row.
    pub county: Option<String>,
    /// Daily: midnight starting the day (the day's labels are 01:00 … 24:00);
    /// hourly: the hour-ending label.
    pub time: NaiveDateTime,
    /// The value or range as published (`180-230`), low and high; equal for a single value.
    pub low: u32,
    /// See `low`.
    pub high: u32,
    /// The primary pollutant, if given.
    pub primary: Option<Slot>,
    /// The cause, if given.
    pub cause: Option<Cause>,
    /// When the row was published (`issued` column), if given.
    pub issued: Option<NaiveDateTime>,
    /// The line of the CSV, for messages.
    pub line: u64,
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
