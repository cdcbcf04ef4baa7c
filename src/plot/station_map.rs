//! A city's monitoring stations at their coordinates (lon/lat from the station list, an
//! equirectangular view scaled by the cosine of the latitude), each a disc in the colour of
//! its AQI category (HJ 633 表A.1) with its Chinese name, the high-value hotspots (快速消除污染
//! 高值热点, `evaluate`) ringed.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::StationMapChart;
use super::style::{self, Area, EMPTY, Key, MUTED, TEXT};
use crate::aqi::Aqi;

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 820;
/// The map's box: left, top, right, bottom.
const BOX: (i32, i32, i32, i32) = (80, 110, 800, 780);
/// The ring of a hotspot.
const HOT: RGBColor = RGBColor(0xC0, 0x00, 0x00);

/// Renders the map as PNG bytes (1000 x 820).
pub fn station_map(c: &StationMapChart) -> Result<Vec<u8>, PlotError> {
    style::render_png(WIDTH, HEIGHT, |root| draw(root, c))
}

fn draw(root: &Area<'_>, c: &StationMapChart) -> Result<(), PlotError> {
    style::title(root, &c.title, WIDTH, 24.0)?;
    let mut items = style::aqi_legend_items();
    items.push((Key::Line(HOT, false), "高值热点".to_string()));
    style::legend(root, WIDTH as i32 / 2, 64, &items)?;
    let placed: Vec<_> = c
        .stations
        .iter()
        .filter(|s| s.lon.is_finite() && s.lat.is_finite())
        .collect();
    if placed.is_empty() {
        let note = style::text_style(16.0, MUTED, HPos::Center, VPos::Top);
        return style::draw_text(root, "无坐标", (WIDTH as i32 / 2, BOX.1), &note);
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for s in &placed {
        x0 = x0.min(s.lon);
        x1 = x1.max(s.lon);
        y0 = y0.min(s.lat);
        y1 = y1.max(s.lat);
    }
    // A margin, and at least 0.02° so that one station is centred.
    let pad = ((x1 - x0).max(y1 - y0) * 0.08).max(0.02);
    let (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
    let k = ((y0 + y1) / 2.0).to_radians().cos();
    let (bw, bh) = (f64::from(BOX.2 - BOX.0), f64::from(BOX.3 - BOX.1));
    let scale = (bw / ((x1 - x0) * k)).min(bh / (y1 - y0));
    let ox = f64::from(BOX.0) + (bw - (x1 - x0) * k * scale) / 2.0;
    let oy = f64::from(BOX.1) + (bh - (y1 - y0) * scale) / 2.0;
    let at = |lon: f64, lat: f64| {
        (
            (ox + (lon - x0) * k * scale).round() as i32,
            (oy + (y1 - lat) * scale).round() as i32,
        )
    };
    root.draw(&Rectangle::new(
        [(BOX.0, BOX.1), (BOX.2, BOX.3)],
        style::GRID.stroke_width(1),
    ))?;
    let label = style::text_style(15.0, TEXT, HPos::Left, VPos::Center);
    for s in &placed {
        let p = at(s.lon, s.lat);
        let fill = s
            .aqi
            .map_or(EMPTY, |a| style::aqi_colour(Aqi::new(a).level()));
        root.draw(&Circle::new(p, 9, fill.filled()))?;
        root.draw(&Circle::new(p, 9, style::GRID.stroke_width(1)))?;
        if s.hotspot {
            root.draw(&Circle::new(p, 15, HOT.stroke_width(3)))?;
        }
        let text = match s.aqi {
            Some(a) => format!("{} {a}", s.name),
            None => s.name.clone(),
        };
        style::draw_text(root, &text, (p.0 + 21, p.1), &label)?;
    }
    Ok(())
}
