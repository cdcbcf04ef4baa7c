//! The bitmap backend with text set by hazeplan: every drawing call goes to plotters'
//! `BitMapBackend`, except text, which is laid out here with ab_glyph from the bundled font.
//!
//! Why: plotters 0.3.7 draws ab_glyph text without the glyphs' side bearings (each outline is
//! put at the pen position, not at its bounding box), so narrow glyphs such as `1` or `(` sit
//! off their place and `12-14` reads `12-1 4`. Here each glyph is positioned by ab_glyph
//! (advance, kerning, bearings) on a baseline at the font's ascent, and anchors and rotation
//! follow plotters' conventions, so charts and plotters' own labels (axes, mesh) look right.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::style::FONT_BYTES;

/// The bundled font, parsed once (`None`: it does not parse, a broken build).
pub(super) fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
}

/// plotters' bitmap backend, with text drawn by [`GlyphBackend::draw_text`].
pub struct GlyphBackend<'a> {
    inner: BitMapBackend<'a>,
    font: &'static FontRef<'static>,
}

impl<'a> GlyphBackend<'a> {
    /// Wraps a bitmap backend.
    pub(super) fn new(inner: BitMapBackend<'a>, font: &'static FontRef<'static>) -> Self {
        GlyphBackend { inner, font }
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
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<()> {
        self.inner.blit_bitmap(pos, size, src)
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
        let (w, h) = self.get_size();
        let mut caret = dx;
        let mut prev = None;
        for ch in text.chars() {
            let id = f.glyph_id(ch);
            if let Some(p) = prev {
                caret += f.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(f.scale(), point(caret, dy + f.ascent()));
            caret += f.h_advance(id);
            let Some(outline) = f.outline_glyph(glyph) else {
                continue; // a space
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    pixels.push((x, y, coverage.min(1.0)));
                }
            });
            for (x, y, coverage) in pixels {
                let (tx, ty) = transform.transform(
                    bounds.min.x as i32 + x as i32,
                    bounds.min.y as i32 + y as i32,
                );
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let c = BackendColor {
                        alpha: colour.alpha * f64::from(coverage),
                        rgb: colour.rgb,
                    };
                    self.inner.draw_pixel((px, py), c)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use ab_glyph::Font;

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
        texts.extend(WarningLevel::COLOURS.map(|l| l.name_zh().to_string()));
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
}
