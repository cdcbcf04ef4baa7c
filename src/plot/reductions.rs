//! The emission cuts of one city at the plan's highest level: one bar per pollutant (SO2, NOx,
//! PM, VOCs), stacked by sector, as a share of the city's society-wide emissions, against the
//! level's target. The enterprises' cuts are solid; the orders' estimated effects are light,
//! and the label over each bar is what counts toward the target. 1000 x 600 pixels.

use plotters::coord::combinators::BindKeyPoints;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::ReductionChart;
use super::style::{self, Area, FONT_FAMILY, GRID, Key, MUTED, TARGET, TEXT};

/// Width of the reductions PNG.
pub const WIDTH: u32 = 1000;
/// Height of the reductions PNG.
pub const HEIGHT: u32 = 600;

// Coordinates are integers (plotters formats key-point axes of integers only): x in
// hundredths of a pollutant slot (slot p is centred on 100 p), y in hundredths of a percent.
/// Half the width of a bar, in hundredths of a slot.
const HALF_BAR: i32 = 26;
/// Hundredths of a percent per share of 1 (100 % = 10,000).
const Y_SCALE: f64 = 10_000.0;

/// Renders the reduction chart as PNG bytes (1000 x 600).
pub fn reductions(c: &ReductionChart) -> Result<Vec<u8>, PlotError> {
    if c.shares.len() != c.sectors.len() || c.estimated.len() != c.sectors.len() {
        return Err(PlotError::Data(format!(
            "reductions of {}: {} sectors but {} rows of shares and {} of estimates",
            c.city,
            c.sectors.len(),
            c.shares.len(),
            c.estimated.len()
        )));
    }
    let bad = c
        .shares
        .iter()
        .chain(&c.estimated)
        .flatten()
        .chain(std::iter::once(&c.target))
        .find(|v| !v.is_finite() || **v < 0.0);
    if let Some(v) = bad {
        return Err(PlotError::Data(format!(
            "reductions of {}: {v} is not a share (a non-negative number)",
            c.city
        )));
    }
    style::render_png(WIDTH, HEIGHT, |root| draw(root, c))
}

/// `0.3` as `30%`, `0.125` as `12.5%`.
pub(super) fn percent(share: f64) -> String {
    let text = format!("{:.1}", share * 100.0);
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text}%")
}

fn draw(root: &Area<'_>, c: &ReductionChart) -> Result<(), PlotError> {
    style::title(root, &c.title, WIDTH, 24.0)?;
    // The legend lists the sectors that cut something: a swatch drawn nowhere only puzzles.
    let mut items: Vec<(Key, String)> = Vec::new();
    for ((s, row), est) in c.sectors.iter().zip(&c.shares).zip(&c.estimated) {
        let colour = style::sector_colour(*s);
        let name = style::sector_name_zh(*s);
        if row.iter().zip(est).any(|(v, e)| v - e > 0.0) {
            items.push((Key::Swatch(colour), name.to_string()));
        }
        if est.iter().any(|e| *e > 0.0) {
            items.push((Key::Swatch(style::light(colour)), format!("{name}（估算）")));
        }
    }
    items.push((
        Key::Line(TARGET, true),
        format!("目标 {}", percent(c.target)),
    ));
    style::legend(root, WIDTH as i32 / 2, 62, &items)?;

    let (_, body) = root.split_vertically(80);
    let y = |share: f64| (share * Y_SCALE).round().min(f64::from(i32::MAX / 4)) as i32;
    let totals: Vec<f64> = (0..4)
        .map(|p| c.shares.iter().map(|row| row[p]).sum::<f64>())
        .collect();
    let estimates: Vec<f64> = (0..4)
        .map(|p| c.estimated.iter().map(|row| row[p]).sum::<f64>())
        .collect();
    let top = totals.iter().copied().fold(c.target, f64::max);
    // Headroom above the tallest bar for its label, in whole tens of percent.
    let ymax = ((top * 1.15 * 10.0).ceil().max(1.0) * 1_000.0).min(f64::from(i32::MAX / 4)) as i32;
    // Ticks every 10 %, or a multiple of 10 % that keeps them to about ten.
    let step = usize::try_from(((ymax / 10 + 999) / 1_000).max(1) * 1_000).unwrap_or(1_000);
    let y_ticks: Vec<i32> = (0..=ymax).step_by(step).collect();

    let mut chart = ChartBuilder::on(&body)
        .margin_left(16)
        .margin_right(96)
        .margin_top(10)
        .margin_bottom(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (-50..350).with_key_points(vec![0, 100, 200, 300]),
            (0..ymax).with_key_points(y_ticks),
        )?;

    let pollutants = c.pollutants;
    let x_fmt = |x: &i32| match usize::try_from(*x / 100)
        .ok()
        .and_then(|i| pollutants.get(i))
    {
        Some(p) if *x % 100 == 0 => format!("{} {}", p.name_zh(), p.name()),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID.mix(0.7).stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .label_style((FONT_FAMILY, 15).into_font().color(&TEXT))
        .axis_desc_style((FONT_FAMILY, 16).into_font().color(&TEXT))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|v: &i32| format!("{}", v / 100))
        .y_desc("占全社会排放量的比例 (%)")
        .draw()?;

    // The bars, sector by sector from the bottom; column p of `shares` is pollutant p of the
    // chart's pollutant order.
    for (p, total) in totals.iter().enumerate() {
        let x = p as i32 * 100;
        let mut base = 0;
        for (s, sector) in c.sectors.iter().enumerate() {
            let colour = style::sector_colour(*sector);
            let est = c.estimated[s][p].min(c.shares[s][p]);
            // The enterprises' part first, the estimate on top of it.
            for (share, fill) in [(c.shares[s][p] - est, colour), (est, style::light(colour))] {
                let v = y(share);
                if v <= 0 {
                    continue;
                }
                let corners = [(x - HALF_BAR, base), (x + HALF_BAR, base + v)];
                chart.draw_series(std::iter::once(Rectangle::new(corners, fill.filled())))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    corners,
                    WHITE.stroke_width(1),
                )))?;
                base += v;
            }
        }
        let label = if c.estimates_count || estimates[p] <= 0.0 {
            percent(*total)
        } else {
            format!(
                "{}（含估算 {}）",
                percent(total - estimates[p]),
                percent(*total)
            )
        };
        // A label just under the target line would be crossed by it: lift it above the line.
        let gap = c.target - total;
        let at = if gap > 0.0 && gap < 0.035 {
            c.target
        } else {
            *total
        };
        chart.draw_series(std::iter::once(Text::new(
            label,
            (x, y(at)),
            style::text_style(16.0, TEXT, HPos::Center, VPos::Bottom),
        )))?;
    }

    let t = y(c.target);
    chart.draw_series(DashedLineSeries::new(
        vec![(-50, t), (350, t)],
        10,
        6,
        TARGET.stroke_width(2),
    ))?;
    // The target's label in the right margin, level with its line, clear of the bars.
    let (x_end, y_line) = chart.backend_coord(&(350, t));
    style::draw_text(
        root,
        &format!("目标 {}", percent(c.target)),
        (x_end + 8, y_line),
        &style::text_style(15.0, TARGET, HPos::Left, VPos::Center),
    )?;
    chart.draw_series(std::iter::once(Text::new(
        format!(
            "{}：减排量占全社会排放量的比例；{}",
            c.level.label_zh(),
            if c.estimates_count {
                "达标计入估算（浅色）"
            } else {
                "达标仅计企业减排，浅色估算不计入"
            }
        ),
        (-45, ymax),
        style::text_style(15.0, MUTED, HPos::Left, VPos::Top),
    )))?;
    Ok(())
}
