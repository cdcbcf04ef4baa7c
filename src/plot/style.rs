//! What the four charts share: the bundled font, the colours, the canvas that turns a drawing
//! into PNG bytes, and small drawing helpers (text, legends).
//!
//! Determinism: the canvas is a plain RGB buffer (plotters' bitmap backend, no system
//! libraries), the font is compiled in, and the PNG is encoded here with fixed settings and no
//! time or text chunks, so the same data give the same bytes on every run of the same build.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use super::glyphs::{self, GlyphBackend};
use crate::alert::WarningLevel;
use crate::aqi::AqiLevel;
use crate::emissions::Sector;

/// The family name under which the bundled font is registered with plotters; every text of
/// every chart uses it, so no chart ever asks the system for a font.
pub const FONT_FAMILY: &str = "hazeplan-cjk";

/// Registers the bundled font with plotters once per process (text styles name its family,
/// and plotters resolves the family when a style is made) and returns the parsed font that
/// [`GlyphBackend`] sets text with. The outcome is kept, so a broken font fails every render
/// the same way instead of only the first.
pub(super) fn ensure_font() -> Result<&'static ab_glyph::FontRef<'static>, PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, glyphs::FONT_BYTES).is_ok()
    });
    match glyphs::font() {
        Some(f) if ok => Ok(f),
        _ => Err(PlotError::Font),
    }
}

/// The drawing area of a canvas.
pub(super) type Area<'a> = DrawingArea<GlyphBackend<'a>, Shift>;

/// Draws on a white `w` x `h` RGB canvas and encodes the result as PNG.
pub(super) fn render_png(
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<(), PlotError>,
) -> Result<Vec<u8>, PlotError> {
    let font = ensure_font()?;
    let len = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(3))
        .filter(|&n| w > 0 && h > 0 && n <= MAX_CANVAS_BYTES)
        .ok_or(PlotError::Size {
            width: w,
            height: h,
        })?;
    // Already white: no `root.fill`, which would paint the 3 MB again.
    let mut buf = vec![255u8; len];
    draw_with(font, &mut buf, w, h, draw)?;
    encode_png(&buf, w, h, Rows::Compact)
}

/// Draws on `buf`, a `w` x `h` RGB canvas that already holds a picture (of pieces drawn
/// before, see `calendar_year`).
pub(super) fn draw_on(
    buf: &mut [u8],
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<(), PlotError>,
) -> Result<(), PlotError> {
    draw_with(ensure_font()?, buf, w, h, draw)
}

fn draw_with(
    font: &'static ab_glyph::FontRef<'static>,
    buf: &mut [u8],
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<(), PlotError>,
) -> Result<(), PlotError> {
    let backend =
        GlyphBackend::new(buf, (w, h), font).map_err(|e| PlotError::Draw(e.to_string()))?;
    let root = backend.into_drawing_area();
    draw(&root)?;
    root.present()?;
    Ok(())
}

/// The largest canvas drawn (bytes of RGB): a region grid of absurd size is refused rather
/// than allocated (about 16000 x 16000 pixels).
const MAX_CANVAS_BYTES: usize = 768 << 20;

/// How a chart's rows are filtered before compression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rows {
    /// Paeth: flat areas and horizontal or vertical edges all become zero runs; the smaller
    /// file, for the few charts of a run.
    Compact,
    /// Up (each byte less the one above): a row like the one above becomes all zeros, at a
    /// fraction of Paeth's arithmetic. For the hundreds of palette year calendars of
    /// `hazeplan batch`, whose rows repeat down each week row of cells: 0.49 ms a calendar
    /// against Paeth's 0.62, for 1.45x the bytes (BENCHMARKS.md).
    Vertical,
}

/// PNG of an RGB buffer with fixed settings: 8-bit RGB, sRGB chunk, fast compression, the
/// rows filtered as `rows` says, and nothing that varies between runs (no tIME, no text).
///
/// Why fast: deflate at the default level with adaptive filtering took about 15 of the 17 ms
/// of a calendar, and `hazeplan batch` draws hundreds of them. `Compression::Fast` is
/// fdeflate, made for filtered image rows: a 1200 x 900 calendar encodes in about 1.3 ms
/// instead of 15 with the Paeth filter, at about twice the file size (BENCHMARKS.md,
/// "Charts"). The year calendar is a palette picture ([`encode_indexed_png`]).
pub(super) fn encode_png(rgb: &[u8], w: u32, h: u32, rows: Rows) -> Result<Vec<u8>, PlotError> {
    encode(rgb, w, h, rows, |enc| enc.set_color(png::ColorType::Rgb))
}

/// PNG of a picture of 8-bit palette indices (one byte per pixel) with the palette `plte`
/// (see `palette`), the other settings as [`encode_png`]'s.
pub(super) fn encode_indexed_png(
    indices: &[u8],
    w: u32,
    h: u32,
    plte: Vec<u8>,
    rows: Rows,
) -> Result<Vec<u8>, PlotError> {
    encode(indices, w, h, rows, |enc| {
        enc.set_color(png::ColorType::Indexed);
        enc.set_palette(plte);
    })
}

fn encode(
    data: &[u8],
    w: u32,
    h: u32,
    rows: Rows,
    colour: impl FnOnce(&mut png::Encoder<'_, &mut Vec<u8>>),
) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        colour(&mut enc);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(match rows {
            Rows::Compact => png::Filter::Paeth,
            Rows::Vertical => png::Filter::Up,
        });
        let mut writer = enc.write_header()?;
        writer.write_image_data(data)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Body text colour: near-black, so that "dark pixels" always mean text or lines.
pub const TEXT: RGBColor = RGBColor(0x20, 0x20, 0x20);
/// Secondary text (axis notes, empty days).
pub const MUTED: RGBColor = RGBColor(0x70, 0x70, 0x70);
/// Grid lines and frames.
pub const GRID: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);
/// Cells without data (calendar) or without a warning (region grid).
pub const EMPTY: RGBColor = RGBColor(0xEB, 0xEB, 0xEB);
/// The baseline (no measures) line: dark grey, dashed.
pub const BASELINE: RGBColor = RGBColor(0x40, 0x40, 0x40);
/// The controlled (with measures) line and its band: a blue clear of the AQI colours.
pub const CONTROLLED: RGBColor = RGBColor(0x1F, 0x4E, 0xB4);
/// Health advisories on the timeline: a teal clear of the AQI, warning and line colours.
pub const ADVISORY: RGBColor = RGBColor(0x00, 0x89, 0x7B);
/// The target line of the reduction chart.
pub const TARGET: RGBColor = RGBColor(0xC0, 0x00, 0x00);

/// The official colour of an AQI level (HJ 633 表A.1).
pub fn aqi_colour(level: AqiLevel) -> RGBColor {
    let (r, g, b) = level.colour().rgb;
    RGBColor(r, g, b)
}

/// The colour of a warning level ([`WarningLevel::rgb`], shared with the workbook), and no
/// warning as the empty-cell grey.
pub fn warning_colour(level: WarningLevel) -> RGBColor {
    level.rgb().map_or(EMPTY, |(r, g, b)| RGBColor(r, g, b))
}

/// The colour of a sector's bar segment: muted hues clear of the AQI and warning colours, so
/// a bar never reads as a pollution level.
pub fn sector_colour(sector: Sector) -> RGBColor {
    match sector {
        Sector::Industry => RGBColor(0x4E, 0x79, 0xA7),
        Sector::Traffic => RGBColor(0x59, 0xA1, 0x4F),
        Sector::Dust => RGBColor(0x9C, 0x75, 0x5F),
        Sector::Residential => RGBColor(0xB0, 0x7A, 0xA1),
        Sector::Other => RGBColor(0x9A, 0x9A, 0x9A),
    }
}

/// A sector's colour lightened toward white: the part of a bar that is an estimate.
pub fn light(c: RGBColor) -> RGBColor {
    let mix = |v: u8| ((u16::from(v) * 2 + 255 * 3) / 5) as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The Chinese name of a sector, as the legend shows it.
pub fn sector_name_zh(sector: Sector) -> &'static str {
    match sector {
        Sector::Industry => "工业",
        Sector::Traffic => "移动源",
        Sector::Dust => "扬尘",
        Sector::Residential => "生活",
        Sector::Other => "其他",
    }
}

/// `c` mixed with white: `strength` 1 is `c`, 0 is white. Used for the light AQI bands, whose
/// exact colours are then fixed (no alpha blending order to depend on).
pub fn tint(c: RGBColor, strength: f64) -> RGBColor {
    let mix = |v: u8| (255.0 - (255.0 - f64::from(v)) * strength).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Text of the bundled font, `size` pixels, in `colour`, anchored at `(h, v)`.
pub(super) fn text_style(size: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT_FAMILY, size)
        .into_font()
        .color(&colour)
        .pos(Pos::new(h, v))
}

/// Draws `text` at `pos`.
pub(super) fn draw_text(
    area: &Area<'_>,
    text: &str,
    pos: (i32, i32),
    style: &TextStyle<'_>,
) -> Result<(), PlotError> {
    // Straight to the backend: a `Text` element would copy the string and the style (with its
    // font) for every label, which showed in the calendar's 400 day numbers.
    area.draw_text(text, style, pos)?;
    Ok(())
}

/// Width in pixels of `text` in `style` (0 when it cannot be measured).
pub(super) fn text_width(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> i32 {
    area.estimate_text_size(text, style)
        .map_or(0, |(w, _)| i32::try_from(w).unwrap_or(0))
}

/// The key of a legend entry.
#[derive(Clone, Copy, Debug)]
pub(super) enum Key {
    /// A filled square.
    Swatch(RGBColor),
    /// A short line, dashed or solid.
    Line(RGBColor, bool),
}

/// The legend entries of the six AQI categories (colour swatch, Chinese name), best first.
pub(super) fn aqi_legend_items() -> Vec<(Key, String)> {
    AqiLevel::ALL
        .iter()
        .map(|l| (Key::Swatch(aqi_colour(*l)), l.category_zh().to_string()))
        .collect()
}

/// Draws a one-line legend centred on `centre_x`, its keys' middle at `y`.
pub(super) fn legend(
    area: &Area<'_>,
    centre_x: i32,
    y: i32,
    items: &[(Key, String)],
) -> Result<(), PlotError> {
    const KEY: i32 = 16;
    const GAP: i32 = 6;
    const SPACE: i32 = 22;
    let style = text_style(15.0, TEXT, HPos::Left, VPos::Center);
    let widths: Vec<i32> = items
        .iter()
        .map(|(_, t)| text_width(area, t, &style))
        .collect();
    let total: i32 =
        widths.iter().map(|w| KEY + GAP + w).sum::<i32>() + SPACE * (items.len() as i32 - 1).max(0);
    let mut x = centre_x - total / 2;
    for ((key, label), w) in items.iter().zip(&widths) {
        match *key {
            Key::Swatch(c) => {
                area.draw(&Rectangle::new(
                    [(x, y - KEY / 2), (x + KEY, y + KEY / 2)],
                    c.filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(x, y - KEY / 2), (x + KEY, y + KEY / 2)],
                    GRID.stroke_width(1),
                ))?;
            }
            Key::Line(c, dashed) => {
                let segments: &[(i32, i32)] = if dashed {
                    &[(0, 5), (9, 16)]
                } else {
                    &[(0, 16)]
                };
                for &(a, b) in segments {
                    area.draw(&PathElement::new(
                        vec![(x + a, y), (x + b, y)],
                        c.stroke_width(3),
                    ))?;
                }
            }
        }
        draw_text(area, label, (x + KEY + GAP, y), &style)?;
        x += KEY + GAP + w + SPACE;
    }
    Ok(())
}

/// Draws the chart title centred at the top.
pub(super) fn title(area: &Area<'_>, text: &str, width: u32, size: f64) -> Result<(), PlotError> {
    let style = text_style(size, TEXT, HPos::Center, VPos::Top);
    draw_text(area, text, (width as i32 / 2, 14), &style)
}
