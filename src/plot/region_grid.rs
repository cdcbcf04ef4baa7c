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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeDelta};

    use super::*;
    use crate::plot::style::EMPTY;
    use crate::plot::tests::{Image, render_checked};
    use crate::plot::{Chart, region_grid};

    fn d(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("valid date")
    }

    fn grid_data(days: usize) -> RegionGridChart {
        use WarningLevel::*;
        let dates: Vec<NaiveDate> = (0..days)
            .map(|i| d(12, 1) + TimeDelta::days(i as i64))
            .collect();
        let row = |levels: &[WarningLevel]| -> Vec<WarningLevel> {
            (0..days).map(|i| levels[i % levels.len()]).collect()
        };
        RegionGridChart {
            region: "太原盆地".into(),
            title: "太原盆地 各城市逐日预警级别".into(),
            cities: vec!["太原".into(), "晋中".into(), "吕梁".into()],
            days: dates,
            baseline: vec![
                row(&[None, Red, Red]),
                row(&[Orange, Orange, None]),
                row(&[Yellow]),
            ],
            controlled: vec![row(&[None, Orange]), row(&[Yellow, None]), row(&[None])],
            panels: Option::None,
        }
    }

    #[test]
    fn region_grid_size_follows_the_data_and_shows_levels() {
        let c = grid_data(7);
        let img = render_checked(&Chart::RegionGrid(c.clone()));
        assert_eq!((img.w, img.h), region_grid::size(&c));
        for l in [
            WarningLevel::Yellow,
            WarningLevel::Orange,
            WarningLevel::Red,
        ] {
            // Cells (34 x 28 inside their white border) beyond the legend swatch.
            assert!(img.count(style::warning_colour(l)) > 900, "{l} missing");
        }
        assert!(img.count(EMPTY) > 900);
        // Blue is in the legend only when used.
        assert_eq!(img.count(style::warning_colour(WarningLevel::Blue)), 0);
        assert!(img.dark_in(0, 0, img.w, 48).len() > 300, "title not drawn");

        // More days, a wider picture; a month and a quarter of days both fit.
        let (w7, h7) = region_grid::size(&c);
        let (w30, h30) = region_grid::size(&grid_data(30));
        assert!(w30 > w7 && h30 == h7);
        assert!(region_grid::size(&grid_data(90)).0 < 4000);
        assert!(region_grid(&grid_data(90)).is_ok());
    }

    #[test]
    fn region_grid_stays_readable_when_a_page_scales_it() {
        // Thirty cities (some with long names) over a quarter: the days wrap into blocks and the
        // picture stays within a page's width; the cells keep their size (a quarter used to draw
        // 18-pixel cells side by side, and a longer period 8-pixel ones, 2400 pixels and more wide).
        let days = 92;
        let mut c = grid_data(days);
        c.cities = (0..30)
            .map(|i| {
                if i % 7 == 0 {
                    format!("吕梁市第{i}号很长很长很长的县级行政区")
                } else {
                    format!("城市{i}")
                }
            })
            .collect();
        c.baseline = vec![vec![WarningLevel::Red; days]; 30];
        c.controlled = vec![vec![WarningLevel::Orange; days]; 30];
        let img = Image::decode(&region_grid(&c).unwrap());
        assert_eq!((img.w, img.h), region_grid::size(&c));
        assert!(img.w <= region_grid::MAX_WIDTH, "{} pixels wide", img.w);
        assert!(img.w >= 1200, "a month of columns: {} pixels", img.w);
        // Each cell is at least 40 x 32 pixels inside its white border: the longest runs of red.
        let red = style::warning_colour(WarningLevel::Red);
        let is_red = |x: u32, y: u32| img.pixel(x, y) == (red.0, red.1, red.2);
        let run = |cells: &mut dyn Iterator<Item = bool>| {
            cells
                .fold((0, 0), |(best, cur), r| {
                    let cur = if r { cur + 1 } else { 0 };
                    (best.max(cur), cur)
                })
                .0
        };
        let wide = (0..img.h)
            .map(|y| run(&mut (0..img.w).map(|x| is_red(x, y))))
            .max();
        let tall = (0..img.w)
            .map(|x| run(&mut (0..img.h).map(|y| is_red(x, y))))
            .max();
        assert!(wide.unwrap_or(0) >= 40, "cells {wide:?} pixels wide");
        assert!(tall.unwrap_or(0) >= 32, "cells {tall:?} pixels tall");
        // The names are large: the ink of the first city's name (its row is 150-184) is at least
        // 14 pixels tall.
        let ink = img.dark_in(0, 150, 260, 184);
        let (top, bottom) = ink
            .iter()
            .fold((u32::MAX, 0), |(a, b), p| (a.min(p.1), b.max(p.1)));
        assert!(bottom >= top + 13, "city name ink from y {top} to {bottom}");
        // Three blocks of days per panel, stacked: two panels of three blocks of 30 rows each.
        assert!(img.h > 2 * 3 * 30 * region_grid::CELL_H as u32);
        // The city names are drawn, the long ones cut to the column.
        assert!(img.dark_in(0, 150, 250, 600).len() > 1000);
    }

    #[test]
    fn region_grid_edge_cases() {
        let mut c = grid_data(3);
        c.controlled[1].pop();
        assert!(matches!(region_grid(&c), Err(PlotError::Data(_))));
        let mut c = grid_data(0);
        c.cities.clear();
        c.baseline.clear();
        c.controlled.clear();
        assert!(region_grid(&c).is_ok());
        // An absurd number of days is refused, not allocated.
        let mut c = grid_data(1);
        c.days = vec![d(1, 1); 3_000_000];
        c.baseline = vec![vec![WarningLevel::None; 3_000_000]; 3];
        c.controlled = c.baseline.clone();
        assert!(matches!(region_grid(&c), Err(PlotError::Size { .. })));
    }
}
