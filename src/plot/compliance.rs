//! A city's compliance from power use (`hazeplan evaluate --power`): one row per ordered
//! action, worst first as given, with its load during the action as a bar in per cent of its
//! own baseline, coloured by verdict; the level the order allows as a black tick and the
//! tolerance above it as a light band (a load inside the band is complied); a row without data
//! says 无数据 instead of a bar. The axis runs to at least 120 % and the 100 % baseline is
//! dashed; a bar beyond the axis is cut at its end, its value written.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::PlotError;
use super::data::{ComplianceChart, ComplianceMark};
use super::style::{self, Area, EMPTY, GRID, Key, MUTED, TEXT};

const WIDTH: u32 = 1300;
/// The bars' box: left and right edges, the first row's top, and a row's height.
const X0: i32 = 570;
const X1: i32 = 1250;
const Y0: i32 = 110;
const ROW: i32 = 34;
/// The axis never runs beyond this share: a meter gone wild stays readable.
const MAX_AXIS: f64 = 3.0;

/// The colour of a verdict: clear of the AQI and warning colours.
pub fn mark_colour(m: ComplianceMark) -> RGBColor {
    match m {
        ComplianceMark::Complied => RGBColor(0x2E, 0x7D, 0x32),
        ComplianceMark::Partly => RGBColor(0xD8, 0x9B, 0x00),
        ComplianceMark::NotComplied => RGBColor(0xA8, 0x1C, 0x1C),
        ComplianceMark::NoData => EMPTY,
    }
}

/// The tolerance band's colour.
pub const BAND: RGBColor = RGBColor(0xCF, 0xE8, 0xD0);

/// The Chinese name of a verdict, as the legend shows it.
fn mark_zh(m: ComplianceMark) -> &'static str {
    match m {
        ComplianceMark::Complied => "已落实",
        ComplianceMark::Partly => "部分落实",
        ComplianceMark::NotComplied => "未落实",
        ComplianceMark::NoData => "无数据",
    }
}

/// Renders the chart as PNG bytes: 1300 wide, 190 + 34 per row high.
pub fn compliance(c: &ComplianceChart) -> Result<Vec<u8>, PlotError> {
    if !(c.tolerance.is_finite() && c.tolerance >= 0.0) {
        return Err(PlotError::Data(format!("tolerance {}", c.tolerance)));
    }
    for b in &c.bars {
        let bad_share = b.share.is_some_and(|s| !(s.is_finite() && s >= 0.0));
        if !(0.0..=1.0).contains(&b.allowed) || bad_share {
            return Err(PlotError::Data(format!(
                "{}: allowed {} and load {:?} must be shares from 0",
                b.label, b.allowed, b.share
            )));
        }
    }
    let rows = i32::try_from(c.bars.len().max(1)).map_err(|_| PlotError::Size {
        width: WIDTH,
        height: u32::MAX,
    })?;
    let height = rows
        .checked_mul(ROW)
        .and_then(|h| h.checked_add(Y0 + 80))
        .and_then(|h| u32::try_from(h).ok())
        .ok_or(PlotError::Size {
            width: WIDTH,
            height: u32::MAX,
        })?;
    style::render_png(WIDTH, height, |root| draw(root, c, rows))
}

fn draw(root: &Area<'_>, c: &ComplianceChart, rows: i32) -> Result<(), PlotError> {
    style::title(root, &c.title, WIDTH, 24.0)?;
    let mut items: Vec<(Key, String)> = [
        ComplianceMark::Complied,
        ComplianceMark::Partly,
        ComplianceMark::NotComplied,
        ComplianceMark::NoData,
    ]
    .iter()
    .map(|m| (Key::Swatch(mark_colour(*m)), mark_zh(*m).to_string()))
    .collect();
    items.push((Key::Line(TEXT, false), "要求负荷".into()));
    items.push((
        Key::Swatch(BAND),
        format!("容差（基线的 {:.0}%）", c.tolerance * 100.0),
    ));
    style::legend(root, WIDTH as i32 / 2, 64, &items)?;
    // The axis: to the largest share or allowed level plus tolerance, at least 120 %, in steps
    // of 20 %.
    let top = c
        .bars
        .iter()
        .flat_map(|b| [b.share.unwrap_or(0.0), b.allowed + c.tolerance])
        .fold(1.2_f64, f64::max)
        .min(MAX_AXIS);
    let top = (top / 0.2 - 1e-9).ceil() * 0.2;
    let x = |share: f64| X0 + ((share.min(top) / top) * f64::from(X1 - X0)).round() as i32;
    let bottom = Y0 + rows * ROW;
    let tick = style::text_style(13.0, MUTED, HPos::Center, VPos::Top);
    let steps = (top / 0.2).round() as i32;
    for i in 0..=steps {
        let s = f64::from(i) * 0.2;
        root.draw(&PathElement::new(
            vec![(x(s), Y0), (x(s), bottom)],
            GRID.stroke_width(1),
        ))?;
        style::draw_text(
            root,
            &format!("{:.0}%", s * 100.0),
            (x(s), bottom + 6),
            &tick,
        )?;
    }
    // The baseline, dashed.
    let mut y = Y0;
    while y < bottom {
        root.draw(&PathElement::new(
            vec![(x(1.0), y), (x(1.0), (y + 6).min(bottom))],
            style::BASELINE.stroke_width(1),
        ))?;
        y += 10;
    }
    let note = style::text_style(14.0, MUTED, HPos::Center, VPos::Top);
    style::draw_text(root, &c.note, (WIDTH as i32 / 2, bottom + 30), &note)?;
    if c.bars.is_empty() {
        return style::draw_text(root, "无需核查的措施", ((X0 + X1) / 2, Y0 + 8), &note);
    }
    let label = style::text_style(14.0, TEXT, HPos::Right, VPos::Center);
    let value = style::text_style(13.0, TEXT, HPos::Left, VPos::Center);
    for (i, b) in c.bars.iter().enumerate() {
        let top_y = Y0 + i as i32 * ROW;
        let mid = top_y + ROW / 2;
        style::draw_text(root, &b.label, (X0 - 10, mid), &label)?;
        root.draw(&Rectangle::new(
            [
                (x(b.allowed), top_y + 3),
                (x(b.allowed + c.tolerance), top_y + ROW - 3),
            ],
            BAND.filled(),
        ))?;
        match b.share {
            Some(s) if b.mark != ComplianceMark::NoData => {
                let end = x(s).max(X0 + 1);
                root.draw(&Rectangle::new(
                    [(X0, mid - 8), (end, mid + 8)],
                    mark_colour(b.mark).filled(),
                ))?;
                style::draw_text(root, &format!("{:.1}%", s * 100.0), (end + 6, mid), &value)?;
            }
            _ => {
                root.draw(&Rectangle::new(
                    [(X0, mid - 8), (X0 + 70, mid + 8)],
                    EMPTY.filled(),
                ))?;
                style::draw_text(root, "无数据", (X0 + 6, mid), &value)?;
            }
        }
        root.draw(&PathElement::new(
            vec![(x(b.allowed), top_y + 2), (x(b.allowed), top_y + ROW - 2)],
            TEXT.stroke_width(2),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::data::ComplianceBar;
    use crate::plot::tests::render_checked;
    use crate::plot::{Chart, render};

    fn chart(bars: Vec<ComplianceBar>) -> ComplianceChart {
        ComplianceChart {
            city: "太原".into(),
            title: "太原 减排措施落实（用电监控）".into(),
            tolerance: 0.1,
            note: "横轴：措施期间用电占基线的比例".into(),
            bars,
        }
    }

    fn bar(label: &str, allowed: f64, share: Option<f64>, mark: ComplianceMark) -> ComplianceBar {
        ComplianceBar {
            label: label.into(),
            allowed,
            share,
            mark,
        }
    }

    #[test]
    fn bars_are_coloured_by_verdict_at_their_share_with_the_band() {
        let c = chart(vec![
            bar("甲 停产", 0.0, Some(0.55), ComplianceMark::NotComplied),
            bar("乙 化产回收", 0.7, Some(0.825), ComplianceMark::Partly),
            bar("丙 化产回收", 0.7, None, ComplianceMark::NoData),
            bar("丁 停产", 0.0, Some(0.04), ComplianceMark::Complied),
        ]);
        let img = render_checked(&Chart::Compliance(c));
        assert_eq!((img.w, img.h), (1300, 110 + 4 * 34 + 80));
        // The axis runs to 120 %: 680 pixels. Row 1's bar (55 %) ends at 570 + 312 = 882: red
        // before it, none after; its band is 0-10 % (570-627).
        let x = |s: f64| 570 + (s / 1.2 * 680.0).round() as u32;
        let mid = |row: u32| 110 + row * 34 + 17;
        let red = mark_colour(ComplianceMark::NotComplied);
        assert_eq!(img.pixel(x(0.3), mid(0)), (red.0, red.1, red.2));
        assert_eq!(img.pixel(x(0.9), mid(0)), (255, 255, 255));
        assert_eq!(img.pixel(x(0.7), mid(0) + 12), (255, 255, 255));
        // Row 2: partly at 82.5 %, the band 70-80 % above and below the bar, the black tick at
        // 70 %.
        let amber = mark_colour(ComplianceMark::Partly);
        assert_eq!(img.pixel(x(0.5), mid(1)), (amber.0, amber.1, amber.2));
        assert_eq!(img.pixel(x(0.75), mid(1) + 12), (BAND.0, BAND.1, BAND.2));
        assert_eq!(img.pixel(x(1.1), mid(1)), (255, 255, 255));
        let tick = img.pixel(x(0.7), mid(1) + 12);
        assert!(tick.0 < 0x40, "{tick:?}");
        // Row 3: no bar, the grey 无数据 box with its text.
        assert!(img.count(EMPTY) > 500);
        assert!(
            !img.dark_in(x(0.0) + 2, mid(2) - 8, x(0.0) + 70, mid(2) + 8)
                .is_empty()
        );
        // Row 4: green; the labels are drawn left of the bars.
        let green = mark_colour(ComplianceMark::Complied);
        assert_eq!(img.pixel(x(0.02), mid(3)), (green.0, green.1, green.2));
        for row in 0..4 {
            assert!(!img.dark_in(300, mid(row) - 8, 560, mid(row) + 8).is_empty());
        }
    }

    #[test]
    fn the_axis_grows_with_the_load_and_bad_data_is_an_error() {
        let wide = chart(vec![bar("甲", 0.0, Some(2.5), ComplianceMark::NotComplied)]);
        let img = render_checked(&Chart::Compliance(wide));
        // 250 % on a 260 % axis: the bar nearly reaches the right edge.
        let red = mark_colour(ComplianceMark::NotComplied);
        assert_eq!(
            img.pixel(570 + (2.45 / 2.6 * 680.0) as u32, 110 + 17),
            (red.0, red.1, red.2)
        );
        let huge = chart(vec![bar(
            "甲",
            0.0,
            Some(1e12),
            ComplianceMark::NotComplied,
        )]);
        assert!(render(&Chart::Compliance(huge)).is_ok());
        assert!(render(&Chart::Compliance(chart(Vec::new()))).is_ok());
        for b in [
            bar("甲", 1.5, Some(0.5), ComplianceMark::Complied),
            bar("甲", 0.5, Some(f64::NAN), ComplianceMark::Complied),
            bar("甲", 0.5, Some(-0.1), ComplianceMark::Complied),
        ] {
            assert!(matches!(
                render(&Chart::Compliance(chart(vec![b]))),
                Err(PlotError::Data(_))
            ));
        }
    }
}
