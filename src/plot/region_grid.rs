//! The warning levels of a region's cities day by day: two grids side by side, the baseline
//! (no measures) and the projection with the measures, one row per city and one column per
//! day, each cell in the colour of the day's highest warning level.
//!
//! The size follows the data (cells are fixed), so the same data always give the same size:
//! 36 x 30 pixel cells up to a month of days, narrower cells beyond.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::RegionGridChart;
use super::style::{self, Area, Key, MUTED, TEXT};
use crate::alert::WarningLevel;

/// Height of a row.
const CELL_H: i32 = 30;
/// Left and right margins.
const MARGIN: i32 = 24;
/// Space between the two panels.
const GAP: i32 = 40;
/// Top of the cells: title, legend, panel titles and day labels above.
const GRID_TOP: i32 = 150;
/// The narrowest picture, so that the title and the legend always fit.
const MIN_WIDTH: i32 = 760;

/// Width of a day column: 36 pixels up to a month, 18 up to a quarter, 8 beyond (a season of
/// days stays on a screen).
fn cell_width(days: usize) -> i32 {
    match days {
        0..=31 => 36,
        32..=92 => 18,
        _ => 8,
    }
}

/// Width of the city-name column, from the names' characters (CJK about 16 pixels at the
/// label size, others about 9): the canvas size must be known before any text is measured.
fn label_width(cities: &[String]) -> i32 {
    let widest = cities
        .iter()
        .map(|c| {
            c.chars()
                .map(|ch| if ch.is_ascii() { 9 } else { 16 })
                .sum::<i32>()
        })
        .max()
        .unwrap_or(0);
    (widest + 20).max(80)
}

/// The picture's size for the data: (width, height).
pub fn size(c: &RegionGridChart) -> (u32, u32) {
    let (w, h) = layout(c);
    (w as u32, h as u32)
}

fn layout(c: &RegionGridChart) -> (i32, i32) {
    let days = i32::try_from(c.days.len()).unwrap_or(i32::MAX / 64);
    let rows = i32::try_from(c.cities.len()).unwrap_or(i32::MAX / 64);
    let panel = days.saturating_mul(cell_width(c.days.len()));
    let content = MARGIN
        .saturating_add(label_width(&c.cities))
        .saturating_add(panel.saturating_mul(2))
        .saturating_add(GAP + MARGIN);
    let height = GRID_TOP.saturating_add(rows.max(1).saturating_mul(CELL_H)) + 24;
    (content.max(MIN_WIDTH), height)
}

/// Renders the region grid as PNG bytes (size: `size`).
pub fn region_grid(c: &RegionGridChart) -> Result<Vec<u8>, PlotError> {
    for (name, grid) in [("baseline", &c.baseline), ("controlled", &c.controlled)] {
        let rows_ok = grid.len() == c.cities.len();
        if !rows_ok || grid.iter().any(|row| row.len() != c.days.len()) {
            return Err(PlotError::Data(format!(
                "region grid of {}: the {name} levels are not {} cities x {} days",
                c.region,
                c.cities.len(),
                c.days.len()
            )));
        }
    }
    let (w, h) = size(c);
    style::render_png(w, h, |root| draw(root, c, w))
}

fn draw(root: &Area<'_>, c: &RegionGridChart, width: u32) -> Result<(), PlotError> {
    style::title(root, &c.title, width, 24.0)?;
    let mut levels = vec![WarningLevel::None];
    // Blue exists only in the legacy scheme, the pre-warning tier only where enabled: each is
    // shown only when the data use it.
    levels.extend(WarningLevel::ACTIVE.into_iter().filter(|l| {
        !matches!(l, WarningLevel::Blue | WarningLevel::Pre)
            || c.baseline
                .iter()
                .chain(&c.controlled)
                .flatten()
                .any(|x| x == l)
    }));
    let items: Vec<(Key, String)> = levels
        .iter()
        .map(|l| (Key::Swatch(style::warning_colour(*l)), l.label_zh()))
        .collect();
    style::legend(root, width as i32 / 2, 64, &items)?;

    let cw = cell_width(c.days.len());
    let panel = i32::try_from(c.days.len()).unwrap_or(0) * cw;
    let label_w = label_width(&c.cities);
    let content = MARGIN + label_w + 2 * panel + GAP + MARGIN;
    // Centred when the minimum width leaves room.
    let x0 = MARGIN + (width as i32 - content).max(0) / 2 + label_w;
    let [left_title, right_title] = c
        .panels
        .clone()
        .unwrap_or_else(|| ["基线（无措施）".into(), "采取措施后".into()]);
    let panels = [
        (left_title.as_str(), &c.baseline, x0),
        (right_title.as_str(), &c.controlled, x0 + panel + GAP),
    ];

    if c.cities.is_empty() || c.days.is_empty() {
        let note = style::text_style(16.0, MUTED, HPos::Center, VPos::Top);
        return style::draw_text(root, "无数据", (width as i32 / 2, GRID_TOP), &note);
    }

    let panel_title = style::text_style(17.0, TEXT, HPos::Center, VPos::Top);
    let day_label = style::text_style(12.0, TEXT, HPos::Center, VPos::Bottom);
    let city_label = style::text_style(16.0, TEXT, HPos::Right, VPos::Center);
    // A day label every `stride` columns, so that labels (`12-14` is about 34 pixels at this
    // size) never overlap.
    let stride = usize::try_from((34 + cw - 1) / cw).unwrap_or(1);
    for (name, grid, left) in panels {
        style::draw_text(root, name, (left + panel / 2, 96), &panel_title)?;
        for (d, day) in c.days.iter().enumerate().step_by(stride.max(1)) {
            let x = left + d as i32 * cw + cw / 2;
            let text = day.format("%m-%d").to_string();
            style::draw_text(root, &text, (x, GRID_TOP - 6), &day_label)?;
        }
        for (r, row) in grid.iter().enumerate() {
            let y = GRID_TOP + r as i32 * CELL_H;
            for (d, level) in row.iter().enumerate() {
                let x = left + d as i32 * cw;
                // One pixel of white around each cell keeps neighbours of one colour apart.
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cw - 1, y + CELL_H - 1)],
                    style::warning_colour(*level).filled(),
                ))?;
            }
        }
    }
    for (r, city) in c.cities.iter().enumerate() {
        let y = GRID_TOP + r as i32 * CELL_H + CELL_H / 2;
        style::draw_text(root, city, (x0 - 10, y), &city_label)?;
    }
    Ok(())
}
