//! The AQI timeline of one city: hourly baseline and controlled AQI over the six AQI category
//! bands, with the warning periods of the plan as coloured bars along the top of the plot and
//! the health advisories and pre-warnings marked and labelled above them. 1200 x 640 pixels.

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use plotters::coord::combinators::BindKeyPoints;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::{Marker, MarkerKind, TimelineChart};
use super::style::{self, Area, BASELINE, CONTROLLED, FONT_FAMILY, GRID, Key, MUTED, TEXT};
use crate::alert::{RangeBound, WarningLevel};
use crate::aqi::AqiLevel;

/// Width of the timeline PNG.
pub const WIDTH: u32 = 1200;
/// Height of the timeline PNG.
pub const HEIGHT: u32 = 640;

/// Upper AQI bound of the categories (HJ 633 表2); the last band runs to the top of the axis.
const BOUNDS: [i32; 5] = [50, 100, 150, 200, 300];
/// Strength of the category colours in the background bands: light enough that the lines
/// stay readable over them.
pub(super) const BAND_TINT: f64 = 0.22;
/// Space above the plot for the two lanes: the markers (advisories, pre-warnings) and the
/// warning bars. Outside the plot, so that nothing is laid over the category bands (an
/// overlay mixed its colour into theirs, and orange over light red read as a category).
const LANES: u32 = 56;
/// Height of a warning bar, in pixels; its bottom is 2 pixels above the plot.
pub(super) const BAR: i32 = 16;
/// Renders the timeline as PNG bytes (1200 x 640).
pub fn timeline(c: &TimelineChart) -> Result<Vec<u8>, PlotError> {
    let n = c.times.len();
    if c.baseline.len() != n || c.controlled.len() != n {
        return Err(PlotError::Data(format!(
            "timeline of {}: {n} times but {} baseline and {} controlled values",
            c.city,
            c.baseline.len(),
            c.controlled.len()
        )));
    }
    if let Some((lo, hi)) = &c.band
        && (lo.len() != n || hi.len() != n)
    {
        return Err(PlotError::Data(format!(
            "timeline of {}: {n} times but a band of {} low and {} high values",
            c.city,
            lo.len(),
            hi.len()
        )));
    }
    if let Some(w) = c.times.windows(2).find(|w| w[1] <= w[0]) {
        return Err(PlotError::Data(format!(
            "timeline of {}: the times are not increasing ({} then {})",
            c.city, w[0], w[1]
        )));
    }
    style::render_png(WIDTH, HEIGHT, |root| draw(root, c))
}

/// Hours from the first label: the x coordinate. Gaps in the times stay gaps on the axis.
fn hours(t0: NaiveDateTime, t: NaiveDateTime) -> i32 {
    i32::try_from((t - t0).num_hours()).unwrap_or(if t < t0 { i32::MIN } else { i32::MAX })
}

fn draw(root: &Area<'_>, c: &TimelineChart) -> Result<(), PlotError> {
    style::title(root, &c.title, WIDTH, 24.0)?;
    let warn_levels: Vec<WarningLevel> = WarningLevel::ACTIVE
        .into_iter()
        .filter(|l| c.warnings.iter().any(|w| w.2 == *l))
        .collect();
    let mut items = vec![
        (Key::Line(BASELINE, true), "基线/无措施".to_string()),
        (Key::Line(CONTROLLED, false), "采取措施后".to_string()),
    ];
    if c.band.is_some() {
        items.push((
            Key::Swatch(style::tint(CONTROLLED, 0.3)),
            "措施后范围".to_string(),
        ));
    }
    for l in &warn_levels {
        items.push((
            Key::Swatch(style::warning_colour(*l)),
            format!("{}时段", l.label_zh()),
        ));
    }
    if c.markers.iter().any(|m| m.kind == MarkerKind::Advisory) {
        items.push((Key::Swatch(style::ADVISORY), "健康提示".to_string()));
    }
    style::legend(root, WIDTH as i32 / 2, 62, &items)?;

    let (_, body) = root.split_vertically(80);
    let t0 = c.times.first().copied().unwrap_or_default();
    let span = c.times.last().map_or(0, |&t| hours(t0, t)).max(1);
    let data_max = c
        .baseline
        .iter()
        .chain(&c.controlled)
        .chain(c.band.iter().flat_map(|(lo, hi)| lo.iter().chain(hi)))
        .flatten()
        .copied()
        .max()
        .unwrap_or(0);
    // At least up to 300 (so all the heavy-pollution bands show), else the data's maximum
    // rounded up to a multiple of 50, with a little headroom so a line never runs along the
    // frame.
    let ymax = ((i32::from(data_max) + 10 + 49) / 50).max(6) * 50;
    // Ticks every 50, or a multiple of 50 that keeps them to about ten.
    let y_step = usize::try_from(((ymax / 10 + 49) / 50).max(1) * 50).unwrap_or(50);
    let y_ticks: Vec<i32> = (0..=ymax).step_by(y_step).collect();
    let x_ticks = time_ticks(t0, span);

    let mut chart = ChartBuilder::on(&body)
        .margin_top(LANES)
        .margin_left(16)
        .margin_right(80)
        .margin_bottom(12)
        .x_label_area_size(52)
        .y_label_area_size(62)
        .build_cartesian_2d(
            (0..span).with_key_points(x_ticks),
            (0..ymax).with_key_points(y_ticks),
        )?;

    // Category bands, lowest first, each in its official colour lightened.
    let mut lower = 0;
    for (i, level) in AqiLevel::ALL.iter().enumerate() {
        let upper = BOUNDS.get(i).copied().unwrap_or(ymax).min(ymax);
        if upper <= lower {
            continue;
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0, lower), (span, upper)],
            style::tint(style::aqi_colour(*level), BAND_TINT).filled(),
        )))?;
        lower = upper;
    }

    // Warning periods: bars above the plot, drawn once the plot's pixels are known.
    let clip = |t: NaiveDateTime| hours(t0, t).clamp(0, span);
    let bars: Vec<(i32, i32, WarningLevel)> = c
        .warnings
        .iter()
        .map(|(start, end, level)| (clip(*start), clip(*end), *level))
        .filter(|(a, b, level)| b > a && level.is_active())
        .collect();

    let label_font = (FONT_FAMILY, 14).into_font().color(&TEXT);
    let desc_font = (FONT_FAMILY, 16).into_font().color(&TEXT);
    let x_fmt = |h: &i32| {
        let t = t0 + TimeDelta::hours(i64::from(*h));
        if t.hour() == 0 {
            t.format("%m-%d").to_string()
        } else {
            t.format("%m-%d %H:%M").to_string()
        }
    };
    chart
        .configure_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID.mix(0.7).stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .label_style(label_font)
        .axis_desc_style(desc_font)
        .x_label_formatter(&x_fmt)
        .x_desc("时间 (北京时间)")
        .y_desc("AQI")
        .draw()?;

    let (left, top) = chart.backend_coord(&(0, ymax));
    let (right, _) = chart.backend_coord(&(span, 0));
    // The lanes are named in the right margin, beside the category names (the left one has
    // the axis labels).
    let lane_title = style::text_style(14.0, MUTED, HPos::Left, VPos::Center);
    if !bars.is_empty() {
        style::draw_text(root, "预警", (right + 6, top - 2 - BAR / 2), &lane_title)?;
    }
    for (a, b, level) in bars {
        let (pa, _) = chart.backend_coord(&(a, ymax));
        let (pb, _) = chart.backend_coord(&(b, ymax));
        warning_bar(root, (pa, pb), top - 2 - BAR, level)?;
    }
    let marked: Vec<(i32, i32, &Marker)> = c
        .markers
        .iter()
        .map(|m| (clip(m.start), clip(m.end), m))
        .filter(|(a, b, _)| b > a)
        .map(|(a, b, m)| {
            let x = |h: i32| chart.backend_coord(&(h, ymax)).0;
            (x(a), x(b), m)
        })
        .collect();
    if !marked.is_empty() {
        style::draw_text(root, "提示", (right + 6, top - MARK_Y), &lane_title)?;
    }
    let mut free_from = i32::MIN;
    for (pa, pb, m) in marked {
        free_from = marker(root, (pa, pb), (left, right), top - MARK_Y, m, free_from)?;
    }
    if let Some(bound) = c.forecast_bound {
        let note = style::text_style(14.0, TEXT, HPos::Left, VPos::Bottom);
        let text = match bound {
            RangeBound::Upper => "注：预报值取发布区间上限",
            RangeBound::Lower => "注：预报值取发布区间下限",
            RangeBound::Middle => "注：预报值取发布区间中值",
        };
        style::draw_text(root, text, (16, HEIGHT as i32 - 8), &note)?;
    }

    // The category names in the right margin, beside their bands, where no line crosses them.
    let name_style = style::text_style(14.0, MUTED, HPos::Left, VPos::Center);
    let mut lower = 0;
    for (i, level) in AqiLevel::ALL.iter().enumerate() {
        let upper = BOUNDS.get(i).copied().unwrap_or(ymax).min(ymax);
        if upper > lower {
            let (_, y0) = chart.backend_coord(&(span, lower));
            let (x1, y1) = chart.backend_coord(&(span, upper));
            if y0 - y1 >= 16 {
                style::draw_text(
                    root,
                    level.category_zh(),
                    (x1 + 6, (y0 + y1) / 2),
                    &name_style,
                )?;
            }
            lower = upper;
        }
    }

    let x = |i: usize| hours(t0, c.times[i]);
    if let Some((lo, hi)) = &c.band {
        for run in runs(&c.times, |i| lo[i].is_some() && hi[i].is_some()) {
            let upper = run.clone().filter_map(|i| Some((x(i), i32::from(hi[i]?))));
            let lower: Vec<(i32, i32)> = run
                .clone()
                .filter_map(|i| Some((x(i), i32::from(lo[i]?))))
                .collect();
            let points: Vec<(i32, i32)> = upper.chain(lower.into_iter().rev()).collect();
            chart.draw_series(std::iter::once(Polygon::new(
                points,
                CONTROLLED.mix(0.18).filled(),
            )))?;
        }
    }
    line(&mut chart, c, &c.baseline, BASELINE, true)?;
    line(&mut chart, c, &c.controlled, CONTROLLED, false)?;
    Ok(())
}

/// A warning period as a bar from `pa` to `pb` (pixels) with its top at `y`, the level named
/// inside when it fits (`橙色预警`; the pre-warning tier `临时管控`).
fn warning_bar(
    root: &Area<'_>,
    (pa, pb): (i32, i32),
    y: i32,
    level: WarningLevel,
) -> Result<(), PlotError> {
    let colour = style::warning_colour(level);
    root.draw(&Rectangle::new([(pa, y), (pb, y + BAR)], colour.filled()))?;
    let name = match level {
        WarningLevel::Pre => level.response_zh(),
        _ => level.name_zh(),
    };
    // White on the dark signal colours, dark on yellow and the pale pre-warning slate.
    let ink = if level >= WarningLevel::Orange {
        WHITE
    } else {
        TEXT
    };
    let text = style::text_style(12.0, ink, HPos::Center, VPos::Center);
    if style::text_width(root, name, &text) + 8 <= pb - pa {
        style::draw_text(root, name, ((pa + pb) / 2, y + BAR / 2), &text)?;
    }
    Ok(())
}

/// Height above the plot of a marker's bracket (its label sits on it).
const MARK_Y: i32 = 34;

/// A marker: a bracket from `pa` to `pb` at height `y`, a triangle pointing down at its
/// start, and the label on the bracket (kept inside the plot's `left..right`). A label that
/// would run into the previous one (which ends at `free_from`) is left out, the bracket kept.
/// Returns where the next label may start.
fn marker(
    root: &Area<'_>,
    (pa, pb): (i32, i32),
    (left, right): (i32, i32),
    y: i32,
    m: &Marker,
    free_from: i32,
) -> Result<i32, PlotError> {
    let colour = match m.kind {
        MarkerKind::Advisory => style::ADVISORY,
        MarkerKind::PreWarning => style::warning_colour(WarningLevel::Pre),
    };
    let stroke = colour.stroke_width(2);
    root.draw(&PathElement::new(
        vec![(pa, y + 8), (pa, y), (pb, y), (pb, y + 8)],
        stroke,
    ))?;
    root.draw(&Polygon::new(
        vec![(pa - 5, y + 4), (pa + 5, y + 4), (pa, y + 12)],
        colour.filled(),
    ))?;
    // The pre-warning slate is pale: its label is set in a darker slate to be read.
    let ink = match m.kind {
        MarkerKind::Advisory => colour,
        MarkerKind::PreWarning => RGBColor(0x5A, 0x66, 0x73),
    };
    let text = style::text_style(14.0, ink, HPos::Left, VPos::Bottom);
    let width = style::text_width(root, &m.label, &text);
    let x = (pa + 2).min(right - width).max(left);
    if x < free_from {
        return Ok(free_from);
    }
    style::draw_text(root, &m.label, (x, y - 2), &text)?;
    Ok(x + width + 12)
}

type Chart2d<'a, 'b> = ChartContext<
    'a,
    super::glyphs::GlyphBackend<'b>,
    Cartesian2d<
        plotters::coord::combinators::WithKeyPoints<plotters::coord::types::RangedCoordi32>,
        plotters::coord::combinators::WithKeyPoints<plotters::coord::types::RangedCoordi32>,
    >,
>;

/// Draws one series as lines broken at missing values and at gaps in the times; a value alone
/// between gaps becomes a dot, so that it is not lost.
fn line(
    chart: &mut Chart2d<'_, '_>,
    c: &TimelineChart,
    values: &[Option<u16>],
    colour: RGBColor,
    dashed: bool,
) -> Result<(), PlotError> {
    let t0 = c.times.first().copied().unwrap_or_default();
    for run in runs(&c.times, |i| values[i].is_some()) {
        let points: Vec<(i32, i32)> = run
            .filter_map(|i| Some((hours(t0, c.times[i]), i32::from(values[i]?))))
            .collect();
        let style = colour.stroke_width(2);
        match points.as_slice() {
            [p] => {
                chart.draw_series(std::iter::once(Circle::new(*p, 3, colour.filled())))?;
            }
            _ if dashed => {
                chart.draw_series(DashedLineSeries::new(points, 7, 5, style))?;
            }
            _ => {
                chart.draw_series(LineSeries::new(points, style))?;
            }
        }
    }
    Ok(())
}

/// The index ranges where `present` holds and the times follow hour after hour.
fn runs(times: &[NaiveDateTime], present: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..times.len() {
        let continues = i > 0 && times[i] - times[i - 1] == TimeDelta::hours(1);
        match (start, present(i)) {
            (Some(s), true) if !continues => {
                out.push(s..i);
                start = Some(i);
            }
            (Some(_), true) => {}
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            (None, true) => start = Some(i),
            (None, false) => {}
        }
    }
    if let Some(s) = start {
        out.push(s..times.len());
    }
    out
}

/// Tick positions (hours from `t0`): every midnight, or every 2nd, 3rd … so that at most 16
/// labels share the axis; for less than two days, every 6 hours. Computed, not searched, so
/// that a span of years costs nothing.
fn time_ticks(t0: NaiveDateTime, span: i32) -> Vec<i32> {
    let hour = i32::try_from(t0.hour()).unwrap_or(0);
    let first_midnight = (24 - hour) % 24;
    let midnights = if span >= first_midnight {
        (span - first_midnight) / 24 + 1
    } else {
        0
    };
    if midnights >= 2 {
        let stride = usize::try_from((midnights + 15) / 16).unwrap_or(1).max(1);
        (first_midnight..=span).step_by(24 * stride).collect()
    } else {
        let first = (6 - hour % 6) % 6;
        (first..=span).step_by(6).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(d: u32, h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap()
    }

    #[test]
    fn runs_break_at_missing_values_and_gaps() {
        let times = [t(1, 1), t(1, 2), t(1, 3), t(1, 5), t(1, 6), t(1, 7)];
        let present = [true, false, true, true, true, true];
        assert_eq!(runs(&times, |i| present[i]), vec![0..1, 2..3, 3..6]);
    }

    #[test]
    fn ticks_at_midnights_or_every_six_hours() {
        assert_eq!(time_ticks(t(1, 1), 71), vec![23, 47, 71]);
        assert_eq!(time_ticks(t(1, 1), 20), vec![5, 11, 17]);
    }
}
