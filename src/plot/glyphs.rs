//! The bitmap backend with text set by hazeplan: every drawing call goes to plotters'
//! `BitMapBackend`, except text, which is laid out here with ab_glyph from the bundled font.
//!
//! Why: plotters 0.3.7 draws ab_glyph text without the glyphs' side bearings (each outline is
//! put at the pen position, not at its bounding box), so narrow glyphs such as `1` or `(` sit
//! off their place and `12-14` reads `12-1 4`. Here each glyph is positioned by ab_glyph
//! (advance, kerning, bearings) on a baseline at the font's ascent, and anchors and rotation
//! follow plotters' conventions, so charts and plotters' own labels (axes, mesh) look right.
//!
//! Rasterised glyphs are kept per thread (see [`coverage`]): a calendar sets some 400 day
//! numbers from a dozen glyphs, and outlining and rasterising each one again was most of its
//! drawing time.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, PxScaleFont, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The bundled font: a GB 2312 + Latin subset of WenQuanYi Micro Hei (assets/fonts/README.md).
/// `include_bytes!` gives the `'static` bytes that plotters' ab_glyph registry requires.
pub(super) static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/hazeplan-cjk.ttf");

/// The bundled font, parsed once (`None`: it does not parse, a broken build).
pub(super) fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
}

/// plotters' bitmap backend over an RGB buffer, with text drawn by
/// [`GlyphBackend::draw_text`].
///
/// It keeps the buffer rather than a `BitMapBackend`, and wraps it in one for each drawing
/// call (the bitmap backend of a buffer holds no state between calls, so this costs nothing):
/// text is then blended straight into the buffer, which plotters gives no access to, instead
/// of pixel by pixel through `draw_pixel`, which took a fifth of a calendar's time once glyphs
/// were cached.
pub struct GlyphBackend<'a> {
    buf: &'a mut [u8],
    size: (u32, u32),
    font: &'static FontRef<'static>,
}

impl<'a> GlyphBackend<'a> {
    /// Draws on `buf`, `size` pixels of RGB (refused if `buf` is too short).
    pub(super) fn new(
        buf: &'a mut [u8],
        size: (u32, u32),
        font: &'static FontRef<'static>,
    ) -> std::result::Result<Self, BitmapError> {
        <BitMapBackend<'_>>::with_buffer_and_format(buf, size)?;
        Ok(GlyphBackend { buf, size, font })
    }

    /// plotters' bitmap backend over the buffer, for one drawing call.
    fn bitmap(&mut self) -> Result<BitMapBackend<'_>> {
        BitMapBackend::with_buffer_and_format(self.buf, self.size)
            .map_err(DrawingErrorKind::DrawingError)
    }

    /// Width of `text` (pen advance with kerning) and the line height, in pixels, at `size`.
    fn measure(&self, text: &str, size: f64) -> (f32, f32) {
        let f = self.font.as_scaled(PxScale::from(size as f32));
        let mut width = 0.0;
        let mut prev = None;
        for ch in text.chars() {
            let id = f.glyph_id(ch);
            if let Some(p) = prev {
                width += f.kern(p, id);
            }
            width += f.h_advance(id);
            prev = Some(id);
        }
        (width, f.ascent() - f.descent())
    }
}

/// The bitmap backend's error (plotters does not re-export its name).
type BitmapError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;
type Result<T> = std::result::Result<T, DrawingErrorKind<BitmapError>>;

impl DrawingBackend for GlyphBackend<'_> {
    type ErrorType = BitmapError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.bitmap()?.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.bitmap()?.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.bitmap()?.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        self.bitmap()?.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.bitmap()?
            .draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        self.bitmap()?.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.bitmap()?.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        self.bitmap()?.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        self.bitmap()?.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32)> {
        let (w, h) = self.measure(text, style.size());
        Ok((w.ceil() as u32, h.ceil() as u32))
    }

    /// Lays out `text` on a baseline at the font's ascent below the top of its box, places the
    /// box by the anchor at `pos`, rotates it as plotters does (about the anchor), and blends
    /// each glyph's coverage into the bitmap.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<()> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let size = style.size();
        let (width, height) = self.measure(text, size);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let f = self.font.as_scaled(PxScale::from(size as f32));
        let transform = style.transform();
        let (w, h) = self.size;
        let mut caret = dx;
        let mut prev = None;
        for ch in text.chars() {
            let id = f.glyph_id(ch);
            if let Some(p) = prev {
                caret += f.kern(p, id);
            }
            prev = Some(id);
            let pixels = coverage(&f, id, caret, dy + f.ascent());
            caret += f.h_advance(id);
            for &(x, y, coverage) in pixels.iter() {
                let (tx, ty) = transform.transform(x, y);
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let at = (py as usize * w as usize + px as usize) * 3;
                    let alpha = colour.alpha * f64::from(coverage);
                    blend(&mut self.buf[at..at + 3], colour.rgb, alpha);
                }
            }
        }
        Ok(())
    }
}

/// Blends `rgb` with opacity `alpha` into the pixel `px` with the arithmetic of plotters'
/// bitmap backend (`draw_pixel`), so that text has the same bytes as when plotters drew it:
/// nearly opaque is opaque, and each channel moves by `floor(alpha * 256) / 256` of the way.
fn blend(px: &mut [u8], (r, g, b): (u8, u8, u8), alpha: f64) {
    if alpha >= 1.0 - 1.0 / 256.0 {
        px.copy_from_slice(&[r, g, b]);
    } else if alpha > 0.0 {
        // `as` truncates, which is `floor` here (alpha > 0) without a call to libm's floor.
        let a = (alpha * 256.0) as u64;
        for (old, new) in px.iter_mut().zip([r, g, b]) {
            if new > *old {
                *old += (u64::from(new - *old) * a / 256) as u8;
            } else {
                *old -= (u64::from(*old - new) * a / 256) as u8;
            }
        }
    }
}

/// A rasterised glyph: the pixels it covers, relative to the text's origin (before rotation),
/// with their coverage in (0, 1].
type Coverage = Rc<[(i32, i32, f32)]>;

/// Which glyph, at which size, placed where relative to the text's origin. The exact `f32`
/// bits are the key, so a cached raster is the very raster ab_glyph would draw again: the
/// cache changes no pixel.
type CoverageKey = (GlyphId, [u32; 4]);

/// How many rasters a thread keeps; past it the cache starts over. A chart uses a few hundred
/// at most (every label of a timeline); the bound only keeps odd texts from piling up.
const CACHE_LIMIT: usize = 4096;

thread_local! {
    /// Per thread, so that charts drawn in parallel (`hazeplan batch`) share no lock.
    static COVERAGE: RefCell<HashMap<CoverageKey, Coverage>> = RefCell::new(HashMap::new());
}

/// The coverage of glyph `id` of `f` with its pen at `(x, y)` from the text's origin: from the
/// thread's cache, or outlined and rasterised by ab_glyph (empty for a space).
fn coverage(f: &PxScaleFont<&FontRef<'_>>, id: GlyphId, x: f32, y: f32) -> Coverage {
    let scale = f.scale();
    let key = (id, [scale.x, scale.y, x, y].map(f32::to_bits));
    if let Some(c) = COVERAGE.with_borrow(|cache| cache.get(&key).cloned()) {
        return c;
    }
    let mut pixels = Vec::new();
    let glyph = id.with_scale_and_position(scale, point(x, y));
    if let Some(outline) = f.outline_glyph(glyph) {
        let bounds = outline.px_bounds();
        let (x0, y0) = (bounds.min.x as i32, bounds.min.y as i32);
        outline.draw(|x, y, coverage| {
            if coverage > 0.0 {
                pixels.push((x0 + x as i32, y0 + y as i32, coverage.min(1.0)));
            }
        });
    }
    let c: Coverage = pixels.into();
    COVERAGE.with_borrow_mut(|cache| {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Rc::clone(&c));
    });
    c
}

#[cfg(test)]
mod tests {
    use ab_glyph::Font;
    use plotters::prelude::BitMapBackend;
    use plotters_backend::{BackendColor, DrawingBackend};

    use super::super::style;
    use crate::alert::WarningLevel;
    use crate::aqi::AqiLevel;
    use crate::emissions::{EmissionPollutant, Sector};

    #[test]
    fn the_font_has_every_character_the_charts_write() {
        let font = style::ensure_font().unwrap();
        let mut texts: Vec<String> = [
            "太原 逐时空气质量指数（AQI）：基线与采取措施后",
            "基线/无措施 采取措施后 措施后范围 时段 时间 (北京时间) 12-14 00:30",
            "各污染物减排量（按行业） 目标 12.5% 占全社会排放量的比例 (%) 减排量",
            "各城市逐日预警级别 基线（无措施） 无数据 年 月 一 二 三 四 五 六 日",
            "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 太原盆地 汾河谷地",
        ]
        .map(String::from)
        .to_vec();
        texts.extend(WarningLevel::ACTIVE.map(|l| l.label_zh()));
        texts.push(WarningLevel::None.name_zh().to_string());
        texts.extend(AqiLevel::ALL.map(|l| l.category_zh().to_string()));
        texts.extend(Sector::ALL.map(|s| style::sector_name_zh(s).to_string()));
        texts.extend(EmissionPollutant::ALL.map(|p| format!("{} {}", p.name_zh(), p.name())));
        for text in &texts {
            for ch in text.chars().filter(|c| !c.is_whitespace()) {
                assert_ne!(font.glyph_id(ch).0, 0, "no glyph for '{ch}' in '{text}'");
            }
        }
    }

    #[test]
    fn blend_is_the_bitmap_backends_draw_pixel() {
        let alphas = [0.0, 1e-3, 0.1, 0.25, 0.5, 0.7, 0.99, 1.0 - 1.0 / 256.0, 1.0];
        let pairs = [
            ((255, 255, 255), (0x20, 0x20, 0x20)),
            ((0xE0, 0, 0), (255, 255, 255)),
        ];
        for alpha in alphas {
            for (under, (r, g, b)) in pairs {
                let mut ours = [under.0, under.1, under.2];
                super::blend(&mut ours, (r, g, b), alpha);
                let mut theirs = [under.0, under.1, under.2];
                BitMapBackend::with_buffer(&mut theirs, (1, 1))
                    .draw_pixel(
                        (0, 0),
                        BackendColor {
                            alpha,
                            rgb: (r, g, b),
                        },
                    )
                    .unwrap();
                assert_eq!(
                    ours,
                    theirs,
                    "alpha {alpha} of {:?} over {under:?}",
                    (r, g, b)
                );
            }
        }
    }
}
