//! Rendering tests: each chart from small hand-made data, decoded back from PNG and checked
//! for size, content (the official colours appear, the text is drawn) and determinism.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, BASELINE, CONTROLLED, TARGET};
use super::*;
use crate::alert::WarningLevel;
use crate::aqi::AqiLevel;
use crate::emissions::{EmissionPollutant, Sector};

/// A decoded PNG: width, height, RGB bytes (also for the charts' own test modules).
pub(super) struct Image {
    pub(super) w: u32,
    pub(super) h: u32,
    pub(super) rgb: Vec<u8>,
}

impl Image {
    pub(super) fn decode(png_bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        // Palette pictures (the year calendar) as the RGB they show.
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut rgb = vec![0; reader.output_buffer_size().expect("a sane size")];
        let info = reader.next_frame(&mut rgb).expect("a PNG frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        rgb.truncate(info.buffer_size());
        Image {
            w: info.width,
            h: info.height,
            rgb,
        }
    }

    pub(super) fn pixel(&self, x: u32, y: u32) -> (u8, u8, u8) {
        let i = ((y * self.w + x) * 3) as usize;
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    pub(super) fn colours(&self) -> HashSet<(u8, u8, u8)> {
        self.rgb.chunks(3).map(|p| (p[0], p[1], p[2])).collect()
    }

    pub(super) fn count(&self, c: RGBColor) -> usize {
        self.rgb
            .chunks(3)
            .filter(|p| (p[0], p[1], p[2]) == (c.0, c.1, c.2))
            .count()
    }

    /// Pixels darker than mid-grey in a rectangle: text or lines.
    pub(super) fn dark_in(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for y in y0..y1.min(self.h) {
            for x in x0..x1.min(self.w) {
                let (r, g, b) = self.pixel(x, y);
                if r.max(g).max(b) < 110 {
                    out.push((x, y));
                }
            }
        }
        out
    }
}

/// Renders twice, checks the bytes are equal, and decodes.
pub(super) fn render_checked(chart: &Chart) -> Image {
    let a = render(chart).expect("renders");
    let b = render(chart).expect("renders again");
    assert!(a == b, "the same data gave different bytes");
    assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
    Image::decode(&a)
}

fn t(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("valid time")
}

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).expect("valid date")
}

fn timeline_data() -> TimelineChart {
    let times: Vec<NaiveDateTime> = (0..48).map(|h| t(13, 1) + TimeDelta::hours(h)).collect();
    let baseline: Vec<Option<u16>> = (0..48)
        .map(|h| {
            if h == 30 {
                None
            } else {
                Some(120 + 4 * h as u16)
            }
        })
        .collect();
    let controlled: Vec<Option<u16>> = baseline.iter().map(|v| v.map(|v| v * 4 / 5)).collect();
    let low = controlled.iter().map(|v| v.map(|v| v - 10)).collect();
    let high = controlled.iter().map(|v| v.map(|v| v + 10)).collect();
    TimelineChart {
        city: "太原".into(),
        title: "太原 逐时空气质量指数（AQI）".into(),
        times,
        baseline,
        controlled,
        band: Some((low, high)),
        warnings: vec![
            (t(14, 0), t(14, 12), WarningLevel::Yellow),
            (t(14, 12), t(15, 0), WarningLevel::Red),
        ],
        markers: Vec::new(),
        forecast_bound: None,
    }
}

#[test]
fn timeline_has_bands_warnings_lines_and_is_deterministic() {
    let img = render_checked(&Chart::Timeline(timeline_data()));
    assert_eq!((img.w, img.h), (timeline::WIDTH, timeline::HEIGHT));
    assert_eq!((img.w, img.h), (1200, 640));
    assert!(img.colours().len() > 100, "{} colours", img.colours().len());
    // Data up to 308: the axis goes to 350 and all six bands show, lightened.
    for level in AqiLevel::ALL {
        let band = style::tint(style::aqi_colour(level), timeline::BAND_TINT);
        assert!(img.count(band) > 500, "band of level {level} missing");
    }
    // The warning bars are solid; the lines are not anti-aliased.
    for c in [
        style::warning_colour(WarningLevel::Yellow),
        style::warning_colour(WarningLevel::Red),
        BASELINE,
        CONTROLLED,
    ] {
        assert!(img.count(c) > 50, "colour {c:?} missing");
    }
    assert_eq!(img.count(style::warning_colour(WarningLevel::Orange)), 0);
}

#[test]
fn warning_periods_leave_the_category_bands_clean() {
    // The rows of the 优 band (AQI 0-50, below every line of the data): a warning period used
    // to be an overlay that mixed its colour into the bands. Now each such row has two
    // colours from end to end, the band's and that of the vertical grid lines over it,
    // inside the yellow and red periods as outside them.
    let img = render_checked(&Chart::Timeline(timeline_data()));
    let good = style::tint(style::aqi_colour(AqiLevel::Good), timeline::BAND_TINT);
    let good = (good.0, good.1, good.2);
    let rows: Vec<u32> = (0..img.h)
        .filter(|&y| (0..img.w).filter(|&x| img.pixel(x, y) == good).count() > 900)
        .collect();
    assert!(rows.len() > 40, "{} rows of the 优 band", rows.len());
    for &y in &rows {
        let xs: Vec<u32> = (0..img.w).filter(|&x| img.pixel(x, y) == good).collect();
        let colours: HashSet<(u8, u8, u8)> = (xs[0]..=xs[xs.len() - 1])
            .map(|x| img.pixel(x, y))
            .collect();
        assert!(colours.len() <= 2, "row {y}: {colours:?}");
    }
    // The periods are bars above the plot, in the warning colours, each named inside.
    let top = rows[0];
    for l in [WarningLevel::Yellow, WarningLevel::Red] {
        let c = style::warning_colour(l);
        let above = (0..top)
            .flat_map(|y| (0..img.w).map(move |x| (x, y)))
            .filter(|&(x, y)| img.pixel(x, y) == (c.0, c.1, c.2))
            .count();
        assert!(above > 1000, "{l}: {above} pixels of its bar");
    }
}

#[test]
fn advisories_are_marked_and_labelled_and_the_forecast_bound_noted() {
    let mut c = timeline_data();
    c.markers = vec![data::Marker {
        start: t(13, 4),
        end: t(13, 20),
        kind: data::MarkerKind::Advisory,
        label: "健康提示：沙尘".into(),
    }];
    c.forecast_bound = Some(crate::alert::RangeBound::Upper);
    let with = render_checked(&Chart::Timeline(c.clone()));
    c.markers.clear();
    c.forecast_bound = None;
    let without = Image::decode(&timeline(&c).unwrap());
    assert_eq!(without.count(style::ADVISORY), 0);
    // The bracket, its triangle and the legend swatch in the advisory colour.
    let n = with.count(style::ADVISORY);
    assert!(n > 700, "{n} pixels of the advisory colour");
    // The label above the bracket (rows 84-100, between the legend and the bracket): teal ink.
    let teal = (84..100)
        .flat_map(|y| (0..with.w).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let (r, g, b) = with.pixel(x, y);
            g > r.saturating_add(40) && b > r.saturating_add(40)
        })
        .count();
    assert!(teal > 60, "{teal} pixels of the label");
    // The note on the forecast ranges, bottom left; nothing there without it.
    assert!(with.dark_in(0, with.h - 30, 320, with.h).len() > 100);
    assert!(
        without
            .dark_in(0, without.h - 30, 320, without.h)
            .is_empty()
    );
}

#[test]
fn timelines_mark_advisories_and_pre_warnings_and_read_the_forecast_bound() {
    use from_run::{AdvisoryRow, DailyRow, ProjectionRow, WarningRow};
    let projection: Vec<ProjectionRow> = (1..=48)
        .map(|h| ProjectionRow {
            city: "忻州".into(),
            time: t(5, 0) + TimeDelta::hours(h),
            baseline_aqi: Some(250),
            controlled_aqi: Some(240),
            baseline_level: WarningLevel::None,
            controlled_level: WarningLevel::None,
            controlled_low: None,
            controlled_high: None,
        })
        .collect();
    let advisories = vec![
        AdvisoryRow {
            city: "忻州".into(),
            county: None,
            start: t(5, 0),
            end: t(7, 0),
            reason: "dust;O3 primary (48 of the process's 48 h above AQI 150)".into(),
        },
        AdvisoryRow {
            city: "忻州".into(),
            county: Some("原平市".into()),
            start: t(5, 0),
            end: t(7, 0),
            reason: "dust (48 of the process's 48 h above AQI 150)".into(),
        },
    ];
    let warnings = vec![WarningRow {
        city: "忻州".into(),
        county: None,
        level: WarningLevel::Pre,
        start: t(6, 0),
        end: t(7, 0),
    }];
    let day = |date: u32, aqi: u16, range: Option<(u32, u32)>| DailyRow {
        city: "忻州".into(),
        date: d(12, date),
        aqi: Some(aqi),
        warning: WarningLevel::None,
        forecast_range: range,
    };
    let daily = vec![
        day(5, 250, Some((210, 250))),
        day(6, 100, Some((99, 100))),
        day(7, 90, None),
    ];
    let c = &from_run::timelines(&projection, &warnings, &advisories, &daily)[0];
    let labels: Vec<(&str, data::MarkerKind)> = c
        .markers
        .iter()
        .map(|m| (m.label.as_str(), m.kind))
        .collect();
    assert_eq!(
        labels,
        [
            ("健康提示：沙尘、臭氧", data::MarkerKind::Advisory),
            ("预警提示", data::MarkerKind::PreWarning),
        ]
    );
    assert_eq!(c.forecast_bound, Some(crate::alert::RangeBound::Upper));
    // The lower ends; single values; values that are not the ranges' ends (PM2.5).
    let lower = vec![day(5, 210, Some((210, 250)))];
    let c = &from_run::timelines(&projection, &[], &[], &lower)[0];
    assert_eq!(c.forecast_bound, Some(crate::alert::RangeBound::Lower));
    let single = vec![day(5, 250, Some((250, 250)))];
    assert_eq!(
        from_run::timelines(&projection, &[], &[], &single)[0].forecast_bound,
        None
    );
    let pm = vec![day(5, 300, Some((210, 250)))];
    assert_eq!(
        from_run::timelines(&projection, &[], &[], &pm)[0].forecast_bound,
        None
    );
    assert!(timeline(c).is_ok());
}

#[test]
fn chinese_title_is_drawn() {
    let mut chart = timeline_data();
    chart.title = "太原重污染天气预警".into();
    let with = Image::decode(&timeline(&chart).unwrap());
    chart.title = String::new();
    let without = Image::decode(&timeline(&chart).unwrap());
    // The title row (above the legend) is empty without a title, and full of glyph pixels
    // with a Chinese-only one.
    assert!(without.dark_in(0, 0, 1200, 48).is_empty());
    let dark = with.dark_in(0, 0, 1200, 48);
    assert!(dark.len() > 400, "{} dark pixels", dark.len());
    // Centred: the glyphs are spread on both sides of the middle.
    assert!(dark.iter().any(|p| p.0 < 560) && dark.iter().any(|p| p.0 > 640));
}

#[test]
fn text_is_placed_by_its_glyph_bounds() {
    // "1" alone, centred: with the side bearing honoured its ink straddles the anchor (the
    // plotters 0.3.7 ab_glyph path draws it a few pixels to the left).
    let bytes = style::render_png(200, 100, |area| {
        let s = style::text_style(40.0, style::TEXT, HPos::Center, VPos::Center);
        style::draw_text(area, "1", (100, 50), &s)
    })
    .unwrap();
    let dark = Image::decode(&bytes).dark_in(0, 0, 200, 100);
    let (min, max) = dark
        .iter()
        .fold((u32::MAX, 0), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let centre = (min + max) as i32 / 2;
    assert!((centre - 100).abs() <= 4, "ink from {min} to {max}");
    let (top, bottom) = dark
        .iter()
        .fold((u32::MAX, 0), |(a, b), p| (a.min(p.1), b.max(p.1)));
    assert!(top > 20 && bottom < 80, "ink from y {top} to {bottom}");
}

#[test]
fn timeline_edge_cases_render_or_fail_cleanly() {
    // Empty, one value, all missing, extreme AQI, a gap of days, a span of years.
    let mut c = timeline_data();
    c.times.clear();
    c.baseline.clear();
    c.controlled.clear();
    c.band = None;
    assert!(timeline(&c).is_ok());
    c.times = vec![t(1, 1), t(1, 2), t(20, 5), t(1, 1) + TimeDelta::days(3000)];
    c.baseline = vec![Some(0), None, Some(u16::MAX), Some(40)];
    c.controlled = vec![None; 4];
    assert!(timeline(&c).is_ok());
    // A band of lone values (two-point polygons) and a band with nothing in it.
    let lone = vec![Some(1), None, Some(3), Some(4)];
    c.band = Some((lone.clone(), lone));
    assert!(timeline(&c).is_ok());
    c.band = Some((vec![None; 4], vec![None; 4]));
    assert!(timeline(&c).is_ok());
    c.band = None;
    // Contract violations are errors, never panics.
    c.controlled.pop();
    assert!(matches!(timeline(&c), Err(PlotError::Data(_))));
    c.controlled.push(None);
    c.times.swap(0, 1);
    assert!(matches!(timeline(&c), Err(PlotError::Data(_))));
    let mut c = timeline_data();
    c.band = Some((vec![None], vec![None]));
    assert!(matches!(timeline(&c), Err(PlotError::Data(_))));
}

fn reduction_data() -> ReductionChart {
    ReductionChart {
        city: "太原".into(),
        title: "太原 橙色预警：各污染物减排量".into(),
        level: WarningLevel::Orange,
        sectors: vec![Sector::Industry, Sector::Traffic, Sector::Dust],
        shares: vec![
            [0.15, 0.10, 0.10, 0.10],
            [0.00, 0.15, 0.04, 0.05],
            [0.00, 0.00, 0.20, 0.00],
        ],
        estimated: vec![
            [0.00, 0.00, 0.00, 0.00],
            [0.00, 0.10, 0.04, 0.05],
            [0.00, 0.00, 0.20, 0.00],
        ],
        estimates_count: false,
        target: 0.2,
        pollutants: EmissionPollutant::ALL,
    }
}

#[test]
fn reductions_have_sector_colours_and_target() {
    let img = render_checked(&Chart::Reductions(reduction_data()));
    assert_eq!((img.w, img.h), (1000, 600));
    assert!(img.colours().len() > 40);
    // Solid: the enterprises' cuts (industry) and traffic's part beyond its estimate; light:
    // the estimates (traffic, all of dust).
    for s in [Sector::Industry, Sector::Traffic] {
        assert!(img.count(style::sector_colour(s)) > 2000, "{s:?} missing");
    }
    for s in [Sector::Traffic, Sector::Dust] {
        let light = style::light(style::sector_colour(s));
        assert!(img.count(light) > 2000, "{s:?} estimate missing");
    }
    assert!(img.count(style::sector_colour(Sector::Dust)) < 200);
    assert_eq!(img.count(style::sector_colour(Sector::Residential)), 0);
    assert!(img.count(TARGET) > 300);
    assert!(img.dark_in(0, 0, 1000, 48).len() > 300, "title not drawn");
    assert_eq!(reductions::percent(0.3), "30%");
    assert_eq!(reductions::percent(0.125), "12.5%");
}

#[test]
fn reductions_bad_data_is_an_error() {
    let mut c = reduction_data();
    c.shares.pop();
    assert!(matches!(reductions(&c), Err(PlotError::Data(_))));
    let mut c = reduction_data();
    c.estimated.pop();
    assert!(matches!(reductions(&c), Err(PlotError::Data(_))));
    let mut c = reduction_data();
    c.shares[0][1] = f64::NAN;
    assert!(matches!(reductions(&c), Err(PlotError::Data(_))));
    let mut c = reduction_data();
    c.sectors.clear();
    c.shares.clear();
    c.estimated.clear();
    c.target = 0.0;
    assert!(reductions(&c).is_ok());
}

#[test]
fn calendar_charts_use_the_month_calendar_for_a_short_period_only() {
    use from_run::DailyRow;
    let row = |date: NaiveDate, aqi: Option<u16>, warning| DailyRow {
        city: "太原".into(),
        date,
        aqi,
        warning,
        forecast_range: None,
    };
    let short = vec![
        row(d(12, 13), Some(145), WarningLevel::None),
        row(d(12, 14), Some(230), WarningLevel::Orange),
        row(
            NaiveDate::from_ymd_opt(2027, 1, 2).unwrap(),
            Some(80),
            WarningLevel::None,
        ),
    ];
    let c = from_run::calendar_charts(&short);
    assert_eq!(c.len(), 1, "one calendar across the new year");
    assert_eq!(
        c[0].period,
        Some((d(12, 13), NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()))
    );
    assert_eq!(c[0].warnings, [(d(12, 14), WarningLevel::Orange)]);
    assert_eq!(
        c[0].title,
        "太原 2026年12月至2027年1月 逐日空气质量指数（AQI）与预警"
    );
    assert_eq!(c[0].days.len(), 3);
    let year = vec![
        row(d(1, 1), Some(50), WarningLevel::None),
        row(d(12, 31), Some(60), WarningLevel::None),
    ];
    let c = from_run::calendar_charts(&year);
    assert_eq!((c.len(), c[0].period), (1, None));
}

pub(super) fn calendar_data() -> CalendarChart {
    CalendarChart {
        city: "太原".into(),
        title: "太原 2026年 逐日空气质量指数".into(),
        year: 2026,
        days: vec![
            (d(1, 5), 30),
            (d(3, 10), 80),
            (d(6, 1), 120),
            (d(11, 20), 180),
            (d(12, 14), 250),
            (d(12, 15), 320),
            (NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 500),
        ],
        period: None,
        warnings: Vec::new(),
    }
}

#[test]
fn write_charts_writes_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("charts");
    let charts = vec![
        ("a.png".to_string(), Chart::Calendar(calendar_data())),
        ("b.png".to_string(), Chart::Reductions(reduction_data())),
    ];
    let written = write_charts(&charts, &out).unwrap();
    assert_eq!(written, vec![out.join("a.png"), out.join("b.png")]);
    let a = std::fs::read(out.join("a.png")).unwrap();
    assert_eq!(a, render(&charts[0].1).unwrap());
    // A chart that cannot be drawn names its file and leaves none behind.
    let mut bad = reduction_data();
    bad.shares.clear();
    let err = write_charts(&[("c.png".into(), Chart::Reductions(bad))], &out).unwrap_err();
    assert!(err.to_string().contains("c.png"), "{err}");
    assert!(!out.join("c.png").exists());
}

#[test]
fn huge_shares_render_with_few_ticks() {
    let mut c = reduction_data();
    c.shares[0][0] = 1e12;
    assert!(reductions(&c).is_ok());
}

#[test]
fn a_station_map_colours_stations_and_rings_hotspots() {
    let s = |name: &str, lon: f64, lat: f64, aqi: u16, hotspot: bool| MapStation {
        name: name.into(),
        lon,
        lat,
        aqi: Some(aqi),
        hotspot,
    };
    let img = render_checked(&Chart::StationMap(StationMapChart {
        city: "太原".into(),
        title: "太原 监测站点".into(),
        stations: vec![
            s("南寨", 112.55, 37.98, 86, false),
            s("晋源", 112.48, 37.72, 262, true),
            s("小店", 112.57, 37.74, 120, false),
        ],
    }));
    assert_eq!((img.w, img.h), (1000, 820));
    let colours = img.colours();
    // 良 yellow, 重度污染 purple, 轻度污染 orange, and the hotspot's red ring.
    for c in [
        style::aqi_colour(AqiLevel::Good),
        style::aqi_colour(AqiLevel::Heavy),
        style::aqi_colour(AqiLevel::Light),
        RGBColor(0xC0, 0x00, 0x00),
    ] {
        assert!(colours.contains(&(c.0, c.1, c.2)), "{c:?} missing");
    }
}
