//! The warning levels of a region's cities day by day: two grids, the baseline (no measures)
//! above the projection with the measures, one row per city and one column per day, each cell
//! in the colour of the day's highest warning level.
//!
//! Made to be read on a printed page: a bureau pastes the picture into an A4 document, which
//! scales it to about 16 cm. So the width is bounded (at most [`MAX_WIDTH`] pixels) and the
//! cells and text stay large: the two grids are stacked rather than side by side, and a long
//! period wraps into blocks of at most [`DAYS_PER_BLOCK`] days, one under the other, instead
//! of narrowing the cells. The size follows the data only, so the same data give the same size.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::RegionGridChart;
use super::style::{self, Area, Key, MUTED, TEXT};
use crate::alert::WarningLevel;

/// Width of a day column, whatever the number of days.
pub(super) const CELL_W: i32 = 42;
/// Height of a city row.
pub(super) const CELL_H: i32 = 34;
/// The most days side by side; longer periods wrap into blocks.
pub const DAYS_PER_BLOCK: usize = 31;
/// The widest picture: a month of days and the widest city column.
pub const MAX_WIDTH: u32 = 1600;
/// Size of the city names (pixels).
const CITY_FONT: f64 = 18.0;
/// Size of the day labels (`12-14`, about 36 pixels wide at this size: one per column fits).
const DAY_FONT: f64 = 13.0;
/// Left and right margins.
const MARGIN: i32 = 24;
/// Top of the first panel: title and legend above.
const TOP: i32 = 96;
/// Height of a panel title.
const PANEL_TITLE: i32 = 32;
/// Height of the day labels above each block.
const DAY_ROW: i32 = 22;
/// Space after a block, and after a panel.
const BLOCK_GAP: i32 = 12;
const PANEL_GAP: i32 = 18;
/// The narrowest picture, so that the title and the legend always fit.
const MIN_WIDTH: i32 = 760;
/// The widest city column; a longer name is cut with `…`.
const MAX_LABEL: i32 = 240;

// The widest layout (a full block of days and the widest city column) fits the bound.
const _: () = assert!(2 * MARGIN + MAX_LABEL + DAYS_PER_BLOCK as i32 * CELL_W <= MAX_WIDTH as i32);

/// Estimated width of a name at the label size (CJK about 18 pixels, others about 10): the
/// canvas size must be known before any text is measured.
fn name_width(name: &str) -> i32 {
    name.chars().map(char_width).sum()
}

fn char_width(ch: char) -> i32 {
    if ch.is_ascii() { 10 } else { 18 }
}

/// Width of the city-name column.
fn label_width(cities: &[String]) -> i32 {
    let widest = cities.iter().map(|c| name_width(c)).max().unwrap_or(0);
    (widest + 20).clamp(80, MAX_LABEL)
}

/// The name as it fits the city column: cut with `…` when too long.
fn fit(name: &str) -> String {
    if name_width(name) + 20 <= MAX_LABEL {
        return name.to_string();
    }
    let mut out = String::new();
    let mut w = char_width('…');
    for ch in name.chars() {
        if w + char_width(ch) + 20 > MAX_LABEL {
            break;
        }
        w += char_width(ch);
        out.push(ch);
    }
    out.push('…');
    out
}

/// The blocks of days: as few as hold the period at [`DAYS_PER_BLOCK`] at most, of equal
/// length (40 days are two blocks of 20, not 31 and 9).
fn blocks(days: usize) -> (usize, usize) {
    let n = days.div_ceil(DAYS_PER_BLOCK).max(1);
    (n, days.div_ceil(n))
}

/// The picture's size for the data: (width, height).
pub fn size(c: &RegionGridChart) -> (u32, u32) {
    let (w, h) = layout(c);
    (w as u32, h as u32)
}

fn layout(c: &RegionGridChart) -> (i32, i32) {
    let (n, per_block) = blocks(c.days.len());
    let per_block = i32::try_from(per_block).unwrap_or(i32::MAX / 64);
    let n = i32::try_from(n).unwrap_or(i32::MAX / 64);
    let rows = i32::try_from(c.cities.len()).unwrap_or(i32::MAX / 64);
    let content = (2 * MARGIN + label_width(&c.cities)).saturating_add(per_block * CELL_W);
    let block = DAY_ROW
        .saturating_add(rows.max(1).saturating_mul(CELL_H))
        .saturating_add(BLOCK_GAP);
    let panel = PANEL_TITLE
        .saturating_add(n.saturating_mul(block))
        .saturating_add(PANEL_GAP);
    (content.max(MIN_WIDTH), TOP.saturating_add(2 * panel))
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

    if c.cities.is_empty() || c.days.is_empty() {
        let note = style::text_style(16.0, MUTED, HPos::Center, VPos::Top);
        return style::draw_text(root, "无数据", (width as i32 / 2, TOP), &note);
    }

    let (_, per_block) = blocks(c.days.len());
    let label_w = label_width(&c.cities);
    let content = 2 * MARGIN + label_w + i32::try_from(per_block).unwrap_or(0) * CELL_W;
    // Centred when the minimum width leaves room.
    let x0 = MARGIN + (width as i32 - content).max(0) / 2 + label_w;
    let names: Vec<String> = c.cities.iter().map(|n| fit(n)).collect();

    let panel_title = style::text_style(19.0, TEXT, HPos::Left, VPos::Top);
    let day_label = style::text_style(DAY_FONT, TEXT, HPos::Center, VPos::Bottom);
    let city_label = style::text_style(CITY_FONT, TEXT, HPos::Right, VPos::Center);
    let [first, second] = c
        .panels
        .clone()
        .unwrap_or_else(|| ["基线（无措施）".into(), "采取措施后".into()]);
    let mut y = TOP;
    for (title, grid) in [(first, &c.baseline), (second, &c.controlled)] {
        style::draw_text(root, &title, (x0 - label_w + 4, y + 4), &panel_title)?;
        y += PANEL_TITLE;
        for start in (0..c.days.len()).step_by(per_block.max(1)) {
            let end = (start + per_block).min(c.days.len());
            for (d, day) in c.days[start..end].iter().enumerate() {
                let x = x0 + d as i32 * CELL_W + CELL_W / 2;
                let text = day.format("%m-%d").to_string();
                style::draw_text(root, &text, (x, y + DAY_ROW - 4), &day_label)?;
            }
            y += DAY_ROW;
            for (row, name) in grid.iter().zip(&names) {
                style::draw_text(root, name, (x0 - 10, y + CELL_H / 2), &city_label)?;
                for (d, level) in row[start..end].iter().enumerate() {
                    let x = x0 + d as i32 * CELL_W;
                    // One pixel of white around each cell keeps neighbours of one colour apart.
                    root.draw(&Rectangle::new(
                        [(x + 1, y + 1), (x + CELL_W - 1, y + CELL_H - 1)],
                        style::warning_colour(*level).filled(),
                    ))?;
                }
                y += CELL_H;
            }
            y += BLOCK_GAP;
        }
        y += PANEL_GAP;
    }
    Ok(())
}
