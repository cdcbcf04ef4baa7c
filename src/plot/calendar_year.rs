//! The year calendar (twelve month panels, 1200 x 900) put together from prepared pieces.
//!
//! `hazeplan batch` draws one per city and year, some 340 for a national year, and drawing
//! them through plotters cost as much as encoding them: 365 day numbers set glyph by glyph on
//! cells of eight colours. But a year calendar is the same picture everywhere except its
//! title and the colour of each cell: the month and weekday titles and the legend are one
//! fixed layer, drawn once per process, and a cell is one of 31 day numbers on one of seven
//! fills, drawn once per thread and copied into place. The pieces are drawn by the same
//! plotters calls as a whole drawing would make, and nothing overlaps, so the pixels are the
//! same; a test compares the two. The rows are filtered the quick way ([`style::Rows`]).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::CalendarChart;
use super::style::{self, Area, EMPTY, Key, MUTED, TEXT};
use crate::aqi::{Aqi, AqiLevel};

/// Width of the year calendar.
pub const WIDTH: u32 = 1200;
/// Height of the year calendar.
pub const HEIGHT: u32 = 900;

const COLUMNS: i32 = 4;
const LEFT: i32 = 30;
/// The top of the first row of panels: above it only the title, which is all that differs
/// between two calendars of one year besides the cells.
const TOP: i32 = 62;
const PANEL_W: i32 = 285;
const PANEL_H: i32 = 260;
/// Cell size: seven columns and six week rows fit a panel with its month and weekday titles.
pub(super) const CELL_W: i32 = 37;
pub(super) const CELL_H: i32 = 34;
/// Offset of the first week row from the top of a panel.
const WEEKS_TOP: i32 = 46;
/// Centre of the legend row.
const LEGEND_Y: i32 = 872;

/// Day numbers are white where the category colour is dark (red, purple, maroon).
pub(super) fn number_on_dark(level: AqiLevel) -> bool {
    level >= AqiLevel::Moderate
}

/// The left edge of a month's week grid and the top of its panel.
fn panel(month: u32) -> (i32, i32) {
    let i = month as i32 - 1;
    let px = LEFT + (i % COLUMNS) * PANEL_W;
    let py = TOP + (i / COLUMNS) * PANEL_H;
    (px + (PANEL_W - 7 * CELL_W) / 2, py)
}

/// Every day of `year` with the top-left corner of its cell.
fn cells(year: i32) -> impl Iterator<Item = (NaiveDate, (i32, i32))> {
    (1..=12u32).flat_map(move |month| {
        let (grid_left, py) = panel(month);
        let first = NaiveDate::from_ymd_opt(year, month, 1);
        let offset = first.map_or(0, |f| f.weekday().num_days_from_monday() as i32);
        first
            .into_iter()
            .flat_map(|f| f.iter_days())
            .take_while(move |d| d.month() == month)
            .map(move |day| {
                let slot = offset + day.day() as i32 - 1;
                let x = grid_left + (slot % 7) * CELL_W;
                (day, (x, py + WEEKS_TOP + (slot / 7) * CELL_H))
            })
    })
}

/// What no city or year changes: the month and weekday titles and the legend.
fn draw_fixed(root: &Area<'_>) -> Result<(), PlotError> {
    let month_style = style::text_style(18.0, TEXT, HPos::Left, VPos::Top);
    let weekday_style = style::text_style(13.0, MUTED, HPos::Center, VPos::Top);
    for month in 1..=12u32 {
        let (grid_left, py) = panel(month);
        style::draw_text(
            root,
            &format!("{month}月"),
            (grid_left, py + 4),
            &month_style,
        )?;
        weekday_titles(root, (grid_left, py + 28), CELL_W, &weekday_style)?;
    }
    let mut items = style::aqi_legend_items();
    items.push((Key::Swatch(EMPTY), "无数据".to_string()));
    style::legend(root, WIDTH as i32 / 2, LEGEND_Y, &items)
}

/// The weekday titles (Monday first) over a week grid whose left edge is `left`, at `y`.
pub(super) fn weekday_titles(
    root: &Area<'_>,
    (left, y): (i32, i32),
    cell_w: i32,
    style: &TextStyle<'_>,
) -> Result<(), PlotError> {
    for (k, name) in ["一", "二", "三", "四", "五", "六", "日"]
        .iter()
        .enumerate()
    {
        style::draw_text(
            root,
            name,
            (left + k as i32 * cell_w + cell_w / 2, y),
            style,
        )?;
    }
    Ok(())
}

/// A cell with its top-left corner at `(x, y)`: the fill of the day's category (or no data)
/// and the day number.
fn draw_cell(
    root: &Area<'_>,
    (x, y): (i32, i32),
    day: u32,
    level: Option<AqiLevel>,
) -> Result<(), PlotError> {
    let (fill, ink) = match level {
        Some(l) if number_on_dark(l) => (style::aqi_colour(l), WHITE),
        Some(l) => (style::aqi_colour(l), TEXT),
        None => (EMPTY, MUTED),
    };
    root.draw(&Rectangle::new(
        [(x + 1, y + 1), (x + CELL_W - 1, y + CELL_H - 1)],
        fill.filled(),
    ))?;
    let number = style::text_style(14.0, ink, HPos::Center, VPos::Center);
    style::draw_text(
        root,
        &day.to_string(),
        (x + CELL_W / 2, y + CELL_H / 2),
        &number,
    )
}

/// The days of the chart's year with their AQI; of two values for a day, the later wins.
fn values(c: &CalendarChart) -> BTreeMap<NaiveDate, u16> {
    c.days
        .iter()
        .filter(|(d, _)| d.year() == c.year)
        .copied()
        .collect()
}

/// The PNG of a year calendar (the year is one chrono can show: checked by the caller).
pub(super) fn png(c: &CalendarChart) -> Result<Vec<u8>, PlotError> {
    let fixed = fixed_layer()?;
    let values = values(c);
    CANVAS.with(|canvas| {
        let mut canvas = canvas.borrow_mut();
        let Canvas { year, buf } = &mut *canvas;
        // The last calendar of this thread had the same year: every cell it drew is drawn
        // again below, so only the title band is made blank (the 3 MB copy of the fixed layer
        // was a tenth of a calendar). Cleared before drawing: a failed drawing leaves none.
        if year.take() == Some(c.year) {
            let band = TOP as usize * WIDTH as usize * 3;
            buf[..band].copy_from_slice(&fixed[..band]);
        } else {
            buf.clear();
            buf.extend_from_slice(fixed);
        }
        style::draw_on(buf, WIDTH, HEIGHT, |root| {
            style::title(root, &c.title, WIDTH, 26.0)
        })?;
        TILES.with(|tiles| {
            let mut tiles = tiles.borrow_mut();
            for (day, (x, y)) in cells(c.year) {
                let level = values.get(&day).map(|&v| AqiLevel::of(Aqi::new(v)));
                let tile = tiles.get(day.day(), level)?;
                blit(buf, (x, y), tile);
            }
            Ok::<(), PlotError>(())
        })?;
        *year = Some(c.year);
        style::encode_png(buf, WIDTH, HEIGHT, style::Rows::Quick)
    })
}

/// A thread's canvas and the year of the calendar last drawn on it.
#[derive(Default)]
struct Canvas {
    year: Option<i32>,
    buf: Vec<u8>,
}

thread_local! {
    static CANVAS: RefCell<Canvas> = RefCell::new(Canvas::default());
}

/// The fixed layer on white, drawn once per process (two threads may both draw it first).
fn fixed_layer() -> Result<&'static [u8], PlotError> {
    static FIXED: OnceLock<Vec<u8>> = OnceLock::new();
    if let Some(f) = FIXED.get() {
        return Ok(f);
    }
    let mut buf = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    style::draw_on(&mut buf, WIDTH, HEIGHT, draw_fixed)?;
    Ok(FIXED.get_or_init(|| buf))
}

/// A tile: a cell drawn on white with one pixel of margin all round, `TILE_W` x `TILE_H`.
const TILE_W: u32 = CELL_W as u32 + 1;
const TILE_H: u32 = CELL_H as u32 + 1;

/// The tiles drawn by this thread, by day number and category.
#[derive(Default)]
struct Tiles(Vec<Option<Vec<u8>>>);

thread_local! {
    static TILES: RefCell<Tiles> = RefCell::new(Tiles::default());
}

impl Tiles {
    fn get(&mut self, day: u32, level: Option<AqiLevel>) -> Result<&[u8], PlotError> {
        let i = (day as usize - 1) * 7 + level.map_or(0, |l| l as usize);
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        if self.0[i].is_none() {
            self.0[i] = Some(tile(day, level)?);
        }
        Ok(self.0[i].as_deref().unwrap_or_default())
    }
}

fn tile(day: u32, level: Option<AqiLevel>) -> Result<Vec<u8>, PlotError> {
    let mut buf = vec![255u8; (TILE_W * TILE_H * 3) as usize];
    style::draw_on(&mut buf, TILE_W, TILE_H, |root| {
        draw_cell(root, (0, 0), day, level)
    })?;
    Ok(buf)
}

/// Copies a tile's cell (inside its margin, which stays white: a test checks that the
/// drawing never reaches it) to the cell at `(x, y)`.
fn blit(buf: &mut [u8], (x, y): (i32, i32), tile: &[u8]) {
    let (tw, w) = (TILE_W as usize * 3, WIDTH as usize * 3);
    let row_len = (CELL_W as usize - 1) * 3;
    for r in 1..CELL_H as usize {
        let from = r * tw + 3;
        let to = (y as usize + r) * w + (x as usize + 1) * 3;
        buf[to..to + row_len].copy_from_slice(&tile[from..from + row_len]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::{Image, calendar_data};

    #[test]
    fn tiles_are_what_plotters_draws_on_the_whole_canvas() {
        // The whole picture drawn in one go through plotters, as before the pieces.
        let c = calendar_data();
        let values = values(&c);
        let whole = style::render_png(WIDTH, HEIGHT, |root| {
            style::title(root, &c.title, WIDTH, 26.0)?;
            draw_fixed(root)?;
            for (day, at) in cells(c.year) {
                let level = values.get(&day).map(|&v| AqiLevel::of(Aqi::new(v)));
                draw_cell(root, at, day.day(), level)?;
            }
            Ok(())
        })
        .unwrap();
        let (a, b) = (Image::decode(&whole), Image::decode(&png(&c).unwrap()));
        assert_eq!((a.w, a.h), (b.w, b.h));
        assert!(a.rgb == b.rgb, "the pieces differ from the whole drawing");
    }

    #[test]
    fn no_cell_drawing_reaches_its_margin() {
        let levels = std::iter::once(None).chain(AqiLevel::ALL.map(Some));
        for level in levels {
            for day in 1..=31 {
                let t = tile(day, level).unwrap();
                let w = TILE_W as usize;
                for (i, px) in t.chunks_exact(3).enumerate() {
                    let (x, y) = (i % w, i / w);
                    // The last column and row are the rectangle's far edge when plotters
                    // draws it inclusive; anything beyond the copied cell must be white.
                    if x == 0 || y == 0 || x >= CELL_W as usize || y >= CELL_H as usize {
                        assert_eq!(px, [255, 255, 255], "day {day} {level:?} at ({x}, {y})");
                    }
                }
            }
        }
    }
}
