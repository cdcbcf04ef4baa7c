//! Charts as PNG: plotters with the bitmap backend and a bundled font (no system font
//! libraries). Renderers take the finished data of [`data`] and return PNG bytes; the same
//! data always give the same bytes.
//!
//! - [`timeline()`]: hourly AQI of a city, baseline and controlled, over the AQI category
//!   bands, warning periods shaded (1200 x 600);
//! - [`reductions()`]: emission cuts per pollutant stacked by sector against the target
//!   (1000 x 600);
//! - [`region_grid()`]: warning level per city and day of a region, baseline and controlled
//!   side by side (size fixed by the number of cities and days);
//! - [`calendar()`]: daily AQI of a city and year in twelve month panels (1200 x 900);
//! - [`station_map()`]: a city's stations at their coordinates, coloured by AQI category,
//!   hotspots ringed (1000 x 820; `hazeplan evaluate`).
//!
//! [`from_run`] builds the chart data from the CSV files of a `hazeplan run` folder, and
//! [`write_charts`] renders and writes them. docs/charts.md describes the charts.

mod calendar;
pub mod data;
pub mod from_run;
mod glyphs;
mod reductions;
mod region_grid;
pub(crate) mod run_csv;
mod station_map;
pub mod style;
mod timeline;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use calendar::calendar;
pub use data::{
    CalendarChart, MapStation, ReductionChart, RegionGridChart, StationMapChart, TimelineChart,
};
pub use from_run::charts_from_run;
pub use reductions::reductions;
pub use region_grid::region_grid;
pub use station_map::station_map;
pub use timeline::timeline;

use crate::Error;
use crate::report::atomic::Output;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The bundled font is not a font plotters can use (a broken build, never the input).
    #[error("the bundled font assets/fonts/hazeplan-cjk.ttf cannot be loaded")]
    Font,
    /// The chart data contradict themselves (lengths that do not match, times out of order).
    #[error("inconsistent chart data: {0}")]
    Data(String),
    /// The data would make a picture too large to draw.
    #[error("a chart of {width} x {height} pixels is too large to draw")]
    Size {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// plotters failed while drawing.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] png::EncodingError),
}

// By hand: plotters' error is generic over the backend, and only its text is of use here.
impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for PlotError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> PlotError {
        PlotError::Draw(e.to_string())
    }
}

/// Any chart, for code that handles them alike (`hazeplan plot`, `hazeplan run`).
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    /// See [`timeline()`].
    Timeline(TimelineChart),
    /// See [`reductions()`].
    Reductions(ReductionChart),
    /// See [`region_grid()`].
    RegionGrid(RegionGridChart),
    /// See [`calendar()`].
    Calendar(CalendarChart),
    /// See [`station_map()`].
    StationMap(StationMapChart),
}

/// Renders any chart as PNG bytes.
pub fn render(chart: &Chart) -> Result<Vec<u8>, PlotError> {
    match chart {
        Chart::Timeline(c) => timeline(c),
        Chart::Reductions(c) => reductions(c),
        Chart::RegionGrid(c) => region_grid(c),
        Chart::Calendar(c) => calendar(c),
        Chart::StationMap(c) => station_map(c),
    }
}

/// Renders each chart and writes it as `dir/<file name>`, atomically (a failed chart never
/// leaves a partial file), creating `dir` if needed. Returns the paths written, in order.
pub fn write_charts(charts: &[(String, Chart)], dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::with_capacity(charts.len());
    for (name, chart) in charts {
        let path = dir.join(name);
        let png = render(chart).map_err(|source| Error::Plot {
            path: path.clone(),
            source,
        })?;
        let mut out = Output::create(Some(&path))?;
        std::io::Write::write_all(&mut out, &png).map_err(|e| out.err(e))?;
        out.commit()?;
        written.push(path);
    }
    Ok(written)
}
