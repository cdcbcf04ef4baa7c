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
use super::palette::{Mapper, Palette};
use super::style::{self, Area, EMPTY, GRID, Key, MUTED, TEXT};
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
    let fill = level.map_or(EMPTY, style::aqi_colour);
    let ink = ink(level);
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

/// The colour of a day number: white where the category colour is dark, muted on no data.
fn ink(level: Option<AqiLevel>) -> RGBColor {
    match level {
        Some(l) if number_on_dark(l) => WHITE,
        Some(_) => TEXT,
        None => MUTED,
    }
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
    let (palette, fixed) = fixed_layer()?;
    let values = values(c);
    CANVAS.with(|canvas| {
        let mut canvas = canvas.borrow_mut();
        let Canvas { year, buf, band } = &mut *canvas;
        let band_len = TOP as usize * WIDTH as usize;
        // The last calendar of this thread had the same year: every cell it drew is drawn
        // again below and the title band is drawn whole, so the fixed layer (a tenth of a
        // calendar's time when it was RGB) is not copied again. Forgotten before drawing: a
        // failed drawing leaves none.
        if year.take() != Some(c.year) {
            buf.clear();
            buf.extend_from_slice(fixed);
        }
        // The title on a white band of its own, drawn in RGB and mapped to the palette.
        band.clear();
        band.resize(band_len * 3, 255);
        style::draw_on(band, WIDTH, TOP as u32, |root| {
            style::title(root, &c.title, WIDTH, 26.0)
        })?;
        let white = palette.nearest([255; 3]);
        MAPPER.with(|m| {
            let mut m = m.borrow_mut();
            let w = WIDTH as usize;
            for (rgb, out) in band
                .chunks_exact(w * 3)
                .zip(buf[..band_len].chunks_exact_mut(w))
            {
                // Most of the band is blank rows above and below the title.
                if rgb.iter().all(|&b| b == 255) {
                    out.fill(white);
                } else {
                    m.map(palette, rgb, out);
                }
            }
        });
        TILES.with(|tiles| {
            let mut tiles = tiles.borrow_mut();
            for (day, (x, y)) in cells(c.year) {
                let level = values.get(&day).map(|&v| AqiLevel::of(Aqi::new(v)));
                let tile = tiles.get(day.day(), level, palette)?;
                blit(buf, (x, y), tile);
            }
            Ok::<(), PlotError>(())
        })?;
        *year = Some(c.year);
        style::encode_indexed_png(buf, WIDTH, HEIGHT, palette.plte(), style::Rows::Vertical)
    })
}

/// A thread's canvas (palette indices) with the year of the calendar last drawn on it, and
/// the RGB band the title is drawn on.
#[derive(Default)]
struct Canvas {
    year: Option<i32>,
    buf: Vec<u8>,
    band: Vec<u8>,
}

thread_local! {
    static CANVAS: RefCell<Canvas> = RefCell::new(Canvas::default());
}

/// The calendar's flat colours: the ground, the texts, the no-data grey, the legend's frame and
/// the six category colours.
fn flat_colours() -> Vec<RGBColor> {
    let mut flat = vec![WHITE, TEXT, MUTED, EMPTY, GRID];
    flat.extend(AqiLevel::ALL.map(style::aqi_colour));
    flat
}

/// Each (ground, ink) the calendar draws text with: titles and legend on white, no-data day
/// numbers on grey, day numbers on each category colour.
fn ink_pairs() -> Vec<(RGBColor, RGBColor)> {
    let mut pairs = vec![(WHITE, TEXT), (WHITE, MUTED), (EMPTY, MUTED)];
    pairs.extend(AqiLevel::ALL.map(|l| (style::aqi_colour(l), ink(Some(l)))));
    pairs
}

/// The calendar's palette ([`Palette`]): its flat colours, and the inks drawn on them.
fn calendar_palette() -> Palette {
    Palette::new(&flat_colours(), &ink_pairs())
}

thread_local! {
    /// This thread's mapping onto the calendar's palette.
    static MAPPER: RefCell<Mapper> = RefCell::new(Mapper::default());
}

/// The fixed layer on white in palette indices, drawn once per process (two threads may both
/// draw it first), with the palette.
fn fixed_layer() -> Result<(&'static Palette, &'static [u8]), PlotError> {
    static FIXED: OnceLock<(Palette, Vec<u8>)> = OnceLock::new();
    if let Some((c, f)) = FIXED.get() {
        return Ok((c, f));
    }
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    style::draw_on(&mut rgb, WIDTH, HEIGHT, draw_fixed)?;
    let palette = calendar_palette();
    let mut indices = vec![0u8; (WIDTH * HEIGHT) as usize];
    MAPPER.with(|m| m.borrow_mut().map(&palette, &rgb, &mut indices));
    let (p, f) = FIXED.get_or_init(|| (palette, indices));
    Ok((p, f))
}

/// A tile: a cell drawn on white with one pixel of margin all round, `TILE_W` x `TILE_H`.
const TILE_W: u32 = CELL_W as u32 + 1;
const TILE_H: u32 = CELL_H as u32 + 1;

/// The tiles drawn by this thread, by day number and category, in palette indices.
#[derive(Default)]
struct Tiles(Vec<Option<Vec<u8>>>);

thread_local! {
    static TILES: RefCell<Tiles> = RefCell::new(Tiles::default());
}

impl Tiles {
    fn get(
        &mut self,
        day: u32,
        level: Option<AqiLevel>,
        palette: &Palette,
    ) -> Result<&[u8], PlotError> {
        let i = (day as usize - 1) * 7 + level.map_or(0, |l| l as usize);
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        if self.0[i].is_none() {
            let rgb = tile(day, level)?;
            let mut indices = vec![0u8; (TILE_W * TILE_H) as usize];
            MAPPER.with(|m| m.borrow_mut().map(palette, &rgb, &mut indices));
            self.0[i] = Some(indices);
        }
        Ok(self.0[i].as_deref().unwrap_or_default())
    }
}

/// A tile in RGB.
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
    let (tw, w) = (TILE_W as usize, WIDTH as usize);
    let row_len = CELL_W as usize - 1;
    for r in 1..CELL_H as usize {
        let from = r * tw + 1;
        let to = (y as usize + r) * w + x as usize + 1;
        buf[to..to + row_len].copy_from_slice(&tile[from..from + row_len]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::{Image, calendar_data};

    /// The whole picture drawn in one go through plotters, in RGB, as before the pieces.
    fn whole(c: &CalendarChart) -> Image {
        let values = values(c);
        let png = style::render_png(WIDTH, HEIGHT, |root| {
            style::title(root, &c.title, WIDTH, 26.0)?;
            draw_fixed(root)?;
            for (day, at) in cells(c.year) {
                let level = values.get(&day).map(|&v| AqiLevel::of(Aqi::new(v)));
                draw_cell(root, at, day.day(), level)?;
            }
            Ok(())
        })
        .unwrap();
        Image::decode(&png)
    }

    #[test]
    fn the_pieces_are_the_whole_drawing_in_the_palette() {
        let c = calendar_data();
        let (a, b) = (whole(&c), Image::decode(&png(&c).unwrap()));
        assert_eq!((a.w, a.h), (b.w, b.h));
        let (palette, _) = fixed_layer().unwrap();
        let mut worst = 0;
        for (pa, pb) in a.rgb.chunks(3).zip(b.rgb.chunks(3)) {
            // Each pixel is the palette's nearest colour to what plotters drew.
            let want = palette.colour(palette.nearest([pa[0], pa[1], pa[2]]));
            assert_eq!(pb, want, "drawn {pa:?}");
            worst = pa
                .iter()
                .zip(pb)
                .map(|(x, y)| x.abs_diff(*y))
                .fold(worst, u8::max);
        }
        assert!(worst <= 5, "a channel moved by {worst}");
        // Every pixel of a flat colour keeps it (a faint text edge may become one).
        let flat = flat_colours();
        for (pa, pb) in a.rgb.chunks(3).zip(b.rgb.chunks(3)) {
            if flat.iter().any(|c| [c.0, c.1, c.2] == pa) {
                assert_eq!(pa, pb);
            }
        }
    }

    #[test]
    fn every_blend_of_ink_on_its_ground_is_near_its_palette_entry() {
        // Each coverage the glyph renderer can make: 0..=256 in 256ths (`glyphs::blend`).
        let palette = calendar_palette();
        let mut worst = 0;
        for (g, i) in ink_pairs() {
            for a in 0..=256u32 {
                let px: [u8; 3] = std::array::from_fn(|k| {
                    let (g, i) = ([g.0, g.1, g.2][k], [i.0, i.1, i.2][k]);
                    let step = (u32::from(g.abs_diff(i)) * a / 256) as u8;
                    if i > g { g + step } else { g - step }
                });
                let got = palette.colour(palette.nearest(px));
                worst = px
                    .iter()
                    .zip(got)
                    .map(|(x, y)| x.abs_diff(y))
                    .fold(worst, u8::max);
            }
        }
        assert!(worst <= 5, "a channel moves by {worst}");
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
