//! Charts as PNG: plotters with the bitmap backend and a bundled font (no system font
//! libraries). Renderers take the finished data of [`data`] and return PNG bytes; the same
//! data always give the same bytes.
//!
//! - [`timeline()`]: hourly AQI of a city, baseline and controlled, over the AQI category
//!   bands, warning periods as bars above the plot, health advisories and pre-warnings
//!   marked and labelled (1200 x 640);
//! - [`reductions()`]: emission cuts per pollutant stacked by sector against the target
//!   (1000 x 600);
//! - [`region_grid()`]: warning level per city and day of a region, baseline above
//!   controlled, long periods wrapped into blocks (at most 1600 pixels wide);
//! - [`calendar()`]: daily AQI of a city and year in twelve month panels (1200 x 900), or of
//!   a run shorter than three months in large panels of its months only;
//! - [`station_map()`]: a city's stations at their coordinates, coloured by AQI category,
//!   hotspots ringed (1000 x 820; `hazeplan evaluate`);
//! - [`compliance()`]: a city's ordered actions, each enterprise's load against its own
//!   power-use baseline, the allowed level and the tolerance, coloured by verdict (1300 wide;
//!   `hazeplan evaluate --power`).
//!
//! [`from_run`] builds the chart data from the CSV files of a `hazeplan run` folder, and
//! [`write_charts`] renders and writes them ([`render_charts`] and [`write_pngs`] apart, for
//! `hazeplan run`, which also embeds the PNG bytes in report.html). docs/charts.md describes
//! the charts.

mod calendar;
mod calendar_year;
mod compliance;
pub mod data;
pub mod from_run;
mod glyphs;
mod palette;
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
pub use compliance::compliance;
pub use data::{
    CalendarChart, ComplianceBar, ComplianceChart, ComplianceMark, MapStation, Marker, MarkerKind,
    ReductionChart, RegionGridChart, StationMapChart, TimelineChart,
};
pub use reductions::reductions;
pub use region_grid::region_grid;
pub use run_csv::read_run;
pub use station_map::station_map;
pub use timeline::timeline;

use crate::Error;
use crate::output::atomic::Output;

/// Reads a run folder and builds all its charts, each with its file name
/// (`timeline_<city>.png`, `reductions_<city>.png`, `region_<region>.png`,
/// `calendar_<city>_<year>.png`).
pub fn charts_from_run(dir: &std::path::Path) -> Result<Vec<(String, Chart)>, Error> {
    Ok(from_run::charts(&read_run(dir)?))
}

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
    /// See [`compliance()`].
    Compliance(ComplianceChart),
}

impl Chart {
    /// The chart's title, as drawn at its top (and given as a page's caption).
    pub fn title(&self) -> &str {
        match self {
            Chart::Timeline(c) => &c.title,
            Chart::Reductions(c) => &c.title,
            Chart::RegionGrid(c) => &c.title,
            Chart::Calendar(c) => &c.title,
            Chart::StationMap(c) => &c.title,
            Chart::Compliance(c) => &c.title,
        }
    }
}

/// Renders any chart as PNG bytes.
pub fn render(chart: &Chart) -> Result<Vec<u8>, PlotError> {
    match chart {
        Chart::Timeline(c) => timeline(c),
        Chart::Reductions(c) => reductions(c),
        Chart::RegionGrid(c) => region_grid(c),
        Chart::Calendar(c) => calendar(c),
        Chart::StationMap(c) => station_map(c),
        Chart::Compliance(c) => compliance(c),
    }
}

/// Renders each chart as PNG bytes, in order. A chart that cannot be drawn is an error naming
/// its file under `dir`.
pub fn render_charts(charts: &[(String, Chart)], dir: &Path) -> Result<Vec<Vec<u8>>, Error> {
    charts
        .iter()
        .map(|(name, chart)| {
            render(chart).map_err(|source| Error::Plot {
                path: dir.join(name),
                source: Box::new(source),
            })
        })
        .collect()
}

/// Writes rendered charts (file name and PNG bytes) into `dir`, each atomically, creating
/// `dir` if needed. Returns the paths written, in order.
pub fn write_pngs<'a>(
    pngs: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, png) in pngs {
        let path = dir.join(name);
        let mut out = Output::create(Some(&path))?;
        std::io::Write::write_all(&mut out, png).map_err(|e| out.err(e))?;
        out.commit()?;
        written.push(path);
    }
    Ok(written)
}

/// Renders each chart and writes it as `dir/<file name>` ([`render_charts`], then
/// [`write_pngs`]): a chart that cannot be drawn stops it before any file is written. Returns
/// the paths written, in order.
pub fn write_charts(charts: &[(String, Chart)], dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let pngs = render_charts(charts, dir)?;
    write_pngs(
        charts
            .iter()
            .zip(&pngs)
            .map(|((name, _), png)| (name.as_str(), png.as_slice())),
        dir,
    )
}
