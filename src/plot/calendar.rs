//! A year of daily AQI for one city, like openair's calendarPlot: twelve month panels (four
//! across, three down), each a Monday-first week grid whose cells carry the day number in the
//! official colour of the day's AQI category. 1200 x 900 pixels.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::CalendarChart;
use super::style::{self, Area, EMPTY, Key, MUTED, TEXT};
use crate::aqi::{Aqi, AqiLevel};

/// Width of the calendar PNG.
pub const WIDTH: u32 = 1200;
/// Height of the calendar PNG.
pub const HEIGHT: u32 = 900;

const COLUMNS: i32 = 4;
const LEFT: i32 = 30;
const TOP: i32 = 62;
const PANEL_W: i32 = 285;
const PANEL_H: i32 = 260;
/// Cell size: seven columns and six week rows fit a panel with its month and weekday titles.
const CELL_W: i32 = 37;
const CELL_H: i32 = 34;
/// Offset of the first week row from the top of a panel.
const WEEKS_TOP: i32 = 46;
/// Centre of the legend row.
const LEGEND_Y: i32 = 872;

/// Renders the calendar as PNG bytes (1200 x 900).
pub fn calendar(c: &CalendarChart) -> Result<Vec<u8>, PlotError> {
    if NaiveDate::from_ymd_opt(c.year, 1, 1).is_none()
        || NaiveDate::from_ymd_opt(c.year, 12, 31).is_none()
    {
        return Err(PlotError::Data(format!(
            "calendar of {}: {} is not a year that can be shown",
            c.city, c.year
        )));
    }
    style::render_png(WIDTH, HEIGHT, |root| draw(root, c))
}

/// Day numbers are white where the category colour is dark (red, purple, maroon).
fn number_on_dark(level: AqiLevel) -> bool {
    level >= AqiLevel::Moderate
}

fn draw(root: &Area<'_>, c: &CalendarChart) -> Result<(), PlotError> {
    style::title(root, &c.title, WIDTH, 26.0)?;
    // The days of this year only; of two values for a day, the later in the data wins.
    let values: BTreeMap<NaiveDate, u16> = c
        .days
        .iter()
        .filter(|(d, _)| d.year() == c.year)
        .copied()
        .collect();

    let month_style = style::text_style(18.0, TEXT, HPos::Left, VPos::Top);
    let weekday_style = style::text_style(13.0, MUTED, HPos::Center, VPos::Top);
    // Made once: a text style resolves and copies the font, too dear for every day.
    let number_style = |ink: RGBColor| style::text_style(14.0, ink, HPos::Center, VPos::Center);
    let (on_light, on_dark, no_data) =
        (number_style(TEXT), number_style(WHITE), number_style(MUTED));
    for month in 1..=12u32 {
        let i = month as i32 - 1;
        let px = LEFT + (i % COLUMNS) * PANEL_W;
        let py = TOP + (i / COLUMNS) * PANEL_H;
        let grid_left = px + (PANEL_W - 7 * CELL_W) / 2;
        style::draw_text(
            root,
            &format!("{month}月"),
            (grid_left, py + 4),
            &month_style,
        )?;
        for (k, name) in ["一", "二", "三", "四", "五", "六", "日"]
            .iter()
            .enumerate()
        {
            let x = grid_left + k as i32 * CELL_W + CELL_W / 2;
            style::draw_text(root, name, (x, py + 28), &weekday_style)?;
        }
        let Some(first) = NaiveDate::from_ymd_opt(c.year, month, 1) else {
            continue;
        };
        let offset = first.weekday().num_days_from_monday() as i32;
        for day in first.iter_days().take_while(|d| d.month() == month) {
            let slot = offset + day.day() as i32 - 1;
            let x = grid_left + (slot % 7) * CELL_W;
            let y = py + WEEKS_TOP + (slot / 7) * CELL_H;
            let (fill, number) = match values.get(&day) {
                Some(&v) => {
                    let level = AqiLevel::of(Aqi::new(v));
                    let dark = number_on_dark(level);
                    (
                        style::aqi_colour(level),
                        if dark { &on_dark } else { &on_light },
                    )
                }
                None => (EMPTY, &no_data),
            };
            root.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + CELL_W - 1, y + CELL_H - 1)],
                fill.filled(),
            ))?;
            style::draw_text(
                root,
                &day.day().to_string(),
                (x + CELL_W / 2, y + CELL_H / 2),
                number,
            )?;
        }
    }

    let mut items: Vec<(Key, String)> = AqiLevel::ALL
        .iter()
        .map(|l| {
            (
                Key::Swatch(style::aqi_colour(*l)),
                l.category_zh().to_string(),
            )
        })
        .collect();
    items.push((Key::Swatch(EMPTY), "无数据".to_string()));
    style::legend(root, WIDTH as i32 / 2, LEGEND_Y, &items)
}
