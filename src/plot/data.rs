//! The finished data each chart is drawn from. Computation fills these; the renderers only
//! draw them, and the golden tests check them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::alert::{RangeBound, WarningLevel};
use crate::emissions::{EmissionPollutant, Sector};

/// AQI values hour by hour, `None` where there is none (the line breaks there).
pub type AqiSeries = Vec<Option<u16>>;

/// Per city: AQI timeline, baseline and controlled, with warning periods.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineChart {
    /// City.
    pub city: String,
    /// Chart title.
    pub title: String,
    /// Hour-ending labels.
    pub times: Vec<NaiveDateTime>,
    /// Baseline (forecast) AQI per hour.
    pub baseline: Vec<Option<u16>>,
    /// Controlled AQI per hour (central estimate).
    pub controlled: Vec<Option<u16>>,
    /// Low/high band of the controlled AQI, if the scenario gives ranges.
    pub band: Option<(AqiSeries, AqiSeries)>,
    /// Warning periods (start, end, level) of the plan, drawn as bars in the level colour
    /// along the top of the plot (never over the category bands).
    pub warnings: Vec<(NaiveDateTime, NaiveDateTime, WarningLevel)>,
    /// Health advisories and pre-warnings, each marked above the plot with a short label, so
    /// that an episode without a colour warning is not silent.
    pub markers: Vec<Marker>,
    /// Which end of the published forecast ranges the plotted forecast values are (`180-230`
    /// drawn as 230 under the default cautious reading), when the forecast was published as
    /// ranges; the chart says so in a note. `None`: single values, or not known.
    pub forecast_bound: Option<RangeBound>,
}

/// What a timeline marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A health advisory given instead of a colour warning (dust, O3, …: `advisories.csv`).
    Advisory,
    /// A period of the pre-warning tier (不利气象条件应对, below yellow).
    PreWarning,
}

/// A marked period of a timeline: a bracket above the plot with a short Chinese label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Start of the period.
    pub start: NaiveDateTime,
    /// End of the period.
    pub end: NaiveDateTime,
    /// What it is (its colour).
    pub kind: MarkerKind,
    /// The label: `健康提示：沙尘`, `预警提示`.
    pub label: String,
}

/// Per city: emission reductions by pollutant and sector against the target.
#[derive(Clone, Debug, PartialEq)]
pub struct ReductionChart {
    /// City.
    pub city: String,
    /// Chart title.
    pub title: String,
    /// The level the bars are for (the highest of the plan).
    pub level: WarningLevel,
    /// Reduction share of the society-wide inventory (0-1) per pollutant, split by sector:
    /// `shares[s][p]` for sector `sectors[s]` and pollutant `EmissionPollutant::ALL[p]`.
    pub sectors: Vec<Sector>,
    /// See `sectors`.
    pub shares: Vec<[f64; 4]>,
    /// The part of each share that is an order's estimated effect (not verifiable), same
    /// layout as `shares`; drawn light.
    pub estimated: Vec<[f64; 4]>,
    /// Whether the estimates count toward the target (`targets.count_estimates`).
    pub estimates_count: bool,
    /// The target share (0-1).
    pub target: f64,
    /// The pollutants, in bar order.
    pub pollutants: [EmissionPollutant; 4],
}

/// Per region: city x day grid of warning levels, baseline and controlled side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionGridChart {
    /// Region.
    pub region: String,
    /// Chart title.
    pub title: String,
    /// Rows.
    pub cities: Vec<String>,
    /// Columns.
    pub days: Vec<NaiveDate>,
    /// `baseline[c][d]`: the highest warning level of city c on day d without measures.
    pub baseline: Vec<Vec<WarningLevel>>,
    /// The same with the measures (projected).
    pub controlled: Vec<Vec<WarningLevel>>,
    /// The titles of the two panels (none: 基线（无措施） and 采取措施后); the evaluation
    /// draws the levels issued against those the observations justify.
    pub panels: Option<[String; 2]>,
}

/// One station of a [`StationMapChart`].
#[derive(Clone, Debug, PartialEq)]
pub struct MapStation {
    /// Name (Chinese, from the station list; else the code).
    pub name: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
    /// The AQI that colours it, if any.
    pub aqi: Option<u16>,
    /// A high-value hotspot.
    pub hotspot: bool,
}

/// A city's stations at their coordinates (`hazeplan evaluate`: hotspots).
#[derive(Clone, Debug, PartialEq)]
pub struct StationMapChart {
    /// City.
    pub city: String,
    /// Chart title.
    pub title: String,
    /// Stations with coordinates.
    pub stations: Vec<MapStation>,
}

/// A calendar of daily AQI coloured by category (like openair's calendarPlot).
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarChart {
    /// City.
    pub city: String,
    /// Chart title.
    pub title: String,
    /// Year shown (one panel per month).
    pub year: i32,
    /// Daily AQI of the days that have one.
    pub days: Vec<(NaiveDate, u16)>,
    /// The first and last day of a run shorter than three months: the calendar is then a
    /// month calendar of the period's months only (large cells, days outside the period left
    /// blank) instead of a mostly grey year. `None`: the twelve months of `year`.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The warning level in force each day (days without one may be left out); the month
    /// calendar shows it as a bar at the foot of the day's cell.
    pub warnings: Vec<(NaiveDate, WarningLevel)>,
}

/// The verdict a bar of a [`ComplianceChart`] is coloured by (`hazeplan evaluate`'s
/// compliance from power use; the chart does not decide it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplianceMark {
    /// 未落实.
    NotComplied,
    /// 部分落实.
    Partly,
    /// 无数据: no bar, the row says so.
    NoData,
    /// 已落实.
    Complied,
}

/// One ordered action of a [`ComplianceChart`].
#[derive(Clone, Debug, PartialEq)]
pub struct ComplianceBar {
    /// The row's label (enterprise, line, level, window).
    pub label: String,
    /// The share of its baseline the order allows (0 for a stop, 0.7 for a 30 % cut).
    pub allowed: f64,
    /// The load during the action as a share of its baseline; `None` without data.
    pub share: Option<f64>,
    /// The verdict.
    pub mark: ComplianceMark,
}

/// A city's ordered actions against their own power-use baseline (`hazeplan evaluate
/// --power`): the load during each action as a share of its baseline, the level the order
/// allows and the tolerance band above it, coloured by verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplianceChart {
    /// City.
    pub city: String,
    /// Chart title.
    pub title: String,
    /// The tolerance, a share of the baseline (0.1).
    pub tolerance: f64,
    /// The note under the axis (what the axis is, the tolerance's source).
    pub note: String,
    /// The actions, top to bottom (worst first as the caller sorts them).
    pub bars: Vec<ComplianceBar>,
}
