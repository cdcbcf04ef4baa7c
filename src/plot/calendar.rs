//! Daily AQI of one city as a calendar, like openair's calendarPlot: Monday-first week grids
//! whose cells carry the day number in the official colour of the day's AQI category.
//!
//! - A year: twelve month panels (four across, three down), 1200 x 900 pixels.
//! - A run shorter than three months ([`CalendarChart::period`]): only the months of the
//!   period, large (three across at most), each day with its AQI and a bar in the colour of
//!   its warning level; days outside the period are left blank. A year of mostly grey cells
//!   said nothing of a three-week episode.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::calendar_year;
use super::data::CalendarChart;
use super::style::{self, Area, EMPTY, GRID, Key, MUTED, TEXT};
use crate::alert::WarningLevel;
use crate::aqi::{Aqi, AqiLevel};

use super::calendar_year::number_on_dark;
pub use super::calendar_year::{HEIGHT, WIDTH};

/// Renders the calendar as PNG bytes (a year: 1200 x 900; a short run: the size of its months).
pub fn calendar(c: &CalendarChart) -> Result<Vec<u8>, PlotError> {
    if let Some((first, last)) = c.period {
        if last < first || months_of(first, last).len() > MAX_MONTHS {
            return Err(PlotError::Data(format!(
                "calendar of {}: the period {first} to {last} is not one of less than three months",
                c.city
            )));
        }
        let (w, h) = size(c);
        return style::render_png(w, h, |root| draw_months(root, c, first, last));
    }
    if NaiveDate::from_ymd_opt(c.year, 1, 1).is_none()
        || NaiveDate::from_ymd_opt(c.year, 12, 31).is_none()
    {
        return Err(PlotError::Data(format!(
            "calendar of {}: {} is not a year that can be shown",
            c.city, c.year
        )));
    }
    calendar_year::png(c)
}

/// The most months a short run touches (less than three months: 01-31 to 04-29 is four).
const MAX_MONTHS: usize = 4;
/// Cell of the month calendar: the day number, the AQI and the warning bar fit.
pub(super) const M_CELL_W: i32 = 60;
pub(super) const M_CELL_H: i32 = 52;
/// Height of the warning bar at the foot of a cell.
const M_BAR: i32 = 9;
const M_PANEL_W: i32 = 7 * M_CELL_W;
/// Month title, weekday names and six week rows.
const M_PANEL_H: i32 = 58 + 6 * M_CELL_H;
const M_GAP: i32 = 40;
const M_LEFT: i32 = 40;
const M_TOP: i32 = 64;
/// Room for the two legend rows below the panels.
const M_LEGEND: i32 = 84;
const M_MIN_WIDTH: i32 = 760;

/// The first day of each month from `first`'s to `last`'s.
fn months_of(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = first.with_day(1);
    while let Some(d) = m.filter(|d| *d <= last && out.len() <= MAX_MONTHS) {
        out.push(d);
        m = d.checked_add_months(chrono::Months::new(1));
    }
    out
}

/// Panels across: all of them up to three, else two (four months make a square).
fn columns(months: usize) -> i32 {
    if months <= 3 { months.max(1) as i32 } else { 2 }
}

/// The picture's size: (width, height). A year is 1200 x 900; a short run follows its months
/// (one month 760 x 518, three 1420 x 518, four 960 x 928).
pub fn size(c: &CalendarChart) -> (u32, u32) {
    let Some((first, last)) = c.period else {
        return (WIDTH, HEIGHT);
    };
    let n = months_of(first, last).len().min(MAX_MONTHS);
    let cols = columns(n);
    let rows = (n as i32 + cols - 1) / cols;
    let w = (2 * M_LEFT + cols * M_PANEL_W + (cols - 1) * M_GAP).max(M_MIN_WIDTH);
    let h = M_TOP + rows.max(1) * (M_PANEL_H + M_GAP) + M_LEGEND - M_GAP;
    (w as u32, h as u32)
}

/// The month calendar of a short run.
fn draw_months(
    root: &Area<'_>,
    c: &CalendarChart,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<(), PlotError> {
    let (w, h) = size(c);
    style::title(root, &c.title, w, 26.0)?;
    let values: BTreeMap<NaiveDate, u16> = c.days.iter().copied().collect();
    let warnings: BTreeMap<NaiveDate, WarningLevel> = c
        .warnings
        .iter()
        .copied()
        .filter(|(_, l)| l.is_active())
        .collect();
    let months = months_of(first, last);
    let cols = columns(months.len());
    let (n_cols, n_rows) = (cols, (months.len() as i32 + cols - 1) / cols);
    let grid_w = n_cols * M_PANEL_W + (n_cols - 1) * M_GAP;
    let left = (w as i32 - grid_w) / 2;

    let month_style = style::text_style(20.0, TEXT, HPos::Left, VPos::Top);
    let weekday_style = style::text_style(15.0, MUTED, HPos::Center, VPos::Top);
    let number_style =
        |ink: RGBColor, size: f64| style::text_style(size, ink, HPos::Center, VPos::Center);
    let (day_light, day_dark, day_none) = (
        number_style(TEXT, 17.0),
        number_style(WHITE, 17.0),
        number_style(MUTED, 17.0),
    );
    let (aqi_light, aqi_dark) = (number_style(TEXT, 13.0), number_style(WHITE, 13.0));
    for (i, month) in months.iter().enumerate() {
        let i = i as i32;
        let px = left + (i % cols) * (M_PANEL_W + M_GAP);
        let py = M_TOP + (i / cols) * (M_PANEL_H + M_GAP);
        style::draw_text(
            root,
            &format!("{}年{}月", month.year(), month.month()),
            (px, py + 4),
            &month_style,
        )?;
        calendar_year::weekday_titles(root, (px, py + 34), M_CELL_W, &weekday_style)?;
        let offset = month.weekday().num_days_from_monday() as i32;
        for day in month.iter_days().take_while(|d| d.month() == month.month()) {
            let slot = offset + day.day() as i32 - 1;
            let x = px + (slot % 7) * M_CELL_W;
            let y = py + 58 + (slot / 7) * M_CELL_H;
            let cell = [(x + 1, y + 1), (x + M_CELL_W - 1, y + M_CELL_H - 1)];
            if day < first || day > last {
                // Not a day of the run: an outline only, so it never reads as "no data".
                root.draw(&Rectangle::new(cell, GRID.stroke_width(1)))?;
                let n = day.day().to_string();
                style::draw_text(root, &n, (x + M_CELL_W / 2, y + M_CELL_H / 2), &day_none)?;
                continue;
            }
            let value = values.get(&day).copied();
            let dark = value.is_some_and(|v| number_on_dark(AqiLevel::of(Aqi::new(v))));
            let fill = value.map_or(EMPTY, |v| style::aqi_colour(AqiLevel::of(Aqi::new(v))));
            root.draw(&Rectangle::new(cell, fill.filled()))?;
            let centre = x + M_CELL_W / 2;
            let (day_ink, aqi_ink) = match (value, dark) {
                (None, _) => (&day_none, &aqi_light),
                (Some(_), true) => (&day_dark, &aqi_dark),
                (Some(_), false) => (&day_light, &aqi_light),
            };
            style::draw_text(root, &day.day().to_string(), (centre, y + 13), day_ink)?;
            if let Some(v) = value {
                style::draw_text(root, &v.to_string(), (centre, y + 30), aqi_ink)?;
            }
            if let Some(level) = warnings.get(&day) {
                // A white line above the bar keeps it apart from a cell of a like colour
                // (a red warning on a red or maroon day).
                let foot = y + M_CELL_H - 1;
                root.draw(&Rectangle::new(
                    [(x + 1, foot - M_BAR - 2), (x + M_CELL_W - 1, foot - M_BAR)],
                    WHITE.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x + 1, foot - M_BAR), (x + M_CELL_W - 1, foot)],
                    style::warning_colour(*level).filled(),
                ))?;
            }
        }
    }

    let legend_y = M_TOP + n_rows * (M_PANEL_H + M_GAP) - M_GAP + 20;
    let mut items = style::aqi_legend_items();
    items.push((Key::Swatch(EMPTY), "无数据".to_string()));
    style::legend(root, w as i32 / 2, legend_y, &items)?;
    let used: Vec<(Key, String)> = WarningLevel::ACTIVE
        .into_iter()
        .filter(|l| warnings.values().any(|x| x == l))
        .map(|l| {
            (
                Key::Swatch(style::warning_colour(l)),
                format!("{}时段", l.label_zh()),
            )
        })
        .collect();
    if !used.is_empty() {
        style::legend(
            root,
            w as i32 / 2,
            (legend_y + 30).min(h as i32 - 14),
            &used,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::plot::tests::{Image, calendar_data, render_checked};
    use crate::plot::{Chart, calendar};

    fn d(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("valid date")
    }

    #[test]
    fn a_short_run_gets_a_month_calendar() {
        // 20 days, 12-05 to 12-24, every category and two red-warning days.
        let days: Vec<(NaiveDate, u16)> = (0..20)
            .map(|i| (d(12, 5) + TimeDelta::days(i), 40 + 20 * i as u16))
            .collect();
        let c = CalendarChart {
            city: "太原".into(),
            title: "太原 2026年12月 逐日空气质量指数（AQI）与预警".into(),
            year: 2026,
            days: days.clone(),
            period: Some((d(12, 5), d(12, 24))),
            warnings: vec![
                (d(12, 14), WarningLevel::Red),
                (d(12, 15), WarningLevel::Red),
            ],
        };
        let img = render_checked(&Chart::Calendar(c.clone()));
        assert_eq!((img.w, img.h), calendar::size(&c));
        assert_eq!((img.w, img.h), (760, 518), "one month, not a year");
        // Not a year of grey: only the legend's swatch is the no-data grey.
        assert!(img.count(EMPTY) < 400, "{} grey pixels", img.count(EMPTY));
        // Each day of the period is a large cell in its category's colour (December 2026 starts
        // on a Tuesday: column 1 of the first week row).
        let left = (760 - 7 * calendar::M_CELL_W) / 2;
        let cell = |day: u32| {
            let slot = 1 + day as i32 - 1;
            (
                (left + (slot % 7) * calendar::M_CELL_W) as u32,
                (64 + 58 + (slot / 7) * calendar::M_CELL_H) as u32,
            )
        };
        for (date, v) in &days {
            let (x, y) = cell(chrono::Datelike::day(date));
            let want = style::aqi_colour(AqiLevel::of(crate::aqi::Aqi::new(*v)));
            for (dx, dy) in [(3, 3), (calendar::M_CELL_W as u32 - 4, 3)] {
                assert_eq!(
                    img.pixel(x + dx, y + dy),
                    (want.0, want.1, want.2),
                    "{date}"
                );
            }
        }
        // The warning days carry a bar in the warning colour at the foot of the cell.
        let red = style::warning_colour(WarningLevel::Red);
        let (x, y) = cell(14);
        assert_eq!(
            img.pixel(x + 4, y + calendar::M_CELL_H as u32 - 4),
            (red.0, red.1, red.2)
        );
        let (x, y) = cell(13);
        assert_ne!(
            img.pixel(x + 4, y + calendar::M_CELL_H as u32 - 4),
            (red.0, red.1, red.2)
        );
        // A day outside the period is blank, not "no data".
        let (x, y) = cell(3);
        assert_eq!(img.pixel(x + 4, y + 4), (255, 255, 255));
        // Four months at most; a longer period is the year calendar's.
        let mut long = c.clone();
        long.period = Some((d(1, 5), d(12, 24)));
        assert!(matches!(calendar(&long), Err(PlotError::Data(_))));
        long.period = Some((d(1, 31), d(4, 29)));
        assert_eq!(calendar::size(&long), (960, 928));
        assert!(calendar(&long).is_ok());
    }

    #[test]
    fn calendar_has_all_categories_and_empty_days() {
        let img = render_checked(&Chart::Calendar(calendar_data()));
        assert_eq!((img.w, img.h), (1200, 900));
        assert!(img.colours().len() > 40);
        // Each category has one day (a cell, about 35 x 32) besides its legend swatch (16 x 16).
        for level in AqiLevel::ALL {
            let n = img.count(style::aqi_colour(level));
            assert!(n > 700, "level {level}: {n} pixels");
        }
        assert!(
            img.count(EMPTY) > 300 * 900,
            "the days without data are grey"
        );
        assert!(img.dark_in(0, 0, 1200, 50).len() > 300, "title not drawn");

        // Without the heavy days only the legend swatches keep those colours.
        let mut c = calendar_data();
        c.days.retain(|x| x.1 <= 200);
        let img = Image::decode(&calendar(&c).unwrap());
        assert!(img.count(style::aqi_colour(AqiLevel::Heavy)) < 400);
    }

    #[test]
    fn calendar_day_cell_is_in_the_right_place() {
        // 2026-12-14 is a Monday: first column of the third week row of the December panel
        // (4th column, 3rd row of panels; December 1st is a Tuesday).
        let img = Image::decode(&calendar(&calendar_data()).unwrap());
        let (px, py) = (30 + 3 * 285, 62 + 2 * 260);
        let grid_left = px + (285 - 7 * 37) / 2;
        let (x, y) = (grid_left + 3, py + 46 + 2 * 34 + 3);
        let (r, g, b) = AqiLevel::Heavy.colour().rgb;
        assert_eq!(img.pixel(x as u32, y as u32), (r, g, b));
    }

    #[test]
    fn calendar_is_the_same_with_a_cold_or_a_warm_glyph_cache() {
        // Rasterised glyphs are cached per thread: a new thread starts cold, this one is warm by
        // the second render. All must give the same bytes (as batch threads do).
        let c = calendar_data();
        let here = calendar(&c).unwrap();
        assert_eq!(calendar(&c).unwrap(), here);
        let cold = std::thread::spawn(move || calendar(&c).unwrap())
            .join()
            .unwrap();
        assert_eq!(cold, here);
    }

    #[test]
    fn calendar_impossible_year_is_an_error() {
        let mut c = calendar_data();
        c.year = 1_000_000;
        assert!(matches!(calendar(&c), Err(PlotError::Data(_))));
    }
}
