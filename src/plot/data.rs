//! The finished data each chart is drawn from. Computation fills these; the renderers only
//! draw them, and the golden tests check them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::alert::WarningLevel;
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
    /// Warning periods (start, end, level) of the plan, shaded in the level colour.
    pub warnings: Vec<(NaiveDateTime, NaiveDateTime, WarningLevel)>,
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
}
