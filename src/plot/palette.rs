//! An 8-bit palette for pictures drawn in a few flat colours with antialiased ink over them,
//! and the mapping of such an RGB drawing onto it (the year calendar, see `calendar_year`).
//!
//! Why: `hazeplan batch` writes some 340 year calendars for a national year, and a PNG of one
//! byte per pixel deflates in about a third of the time of three bytes per pixel, into about
//! half the bytes. A calendar has eleven flat colours (white, the six category colours, the
//! no-data grey, text, muted text, the legend's frame) but antialiased text over them gives
//! some 700 colours in all, too many for a palette. So the palette holds every flat colour
//! exactly and, for each ink over each ground it is drawn on, evenly spaced steps between the
//! two; each pixel becomes its nearest entry. Flat areas keep their exact colour; a text edge
//! moves by at most a few units of a channel (a test bounds it for every blend the glyph
//! renderer can make), which no eye sees.

use plotters::style::RGBColor;

/// The colours of an 8-bit palette (at most 256).
#[derive(Debug)]
pub(super) struct Palette {
    rgb: Vec<[u8; 3]>,
}

impl Palette {
    /// Every colour of `flat`, then as many steps between each (ground, ink) pair of `pairs`
    /// as fill the 256 entries evenly (a colour already in the palette is not added again).
    pub(super) fn new(flat: &[RGBColor], pairs: &[(RGBColor, RGBColor)]) -> Palette {
        let mut rgb: Vec<[u8; 3]> = Vec::with_capacity(256);
        let mut add = |c: [u8; 3]| {
            if !rgb.contains(&c) && rgb.len() < 256 {
                rgb.push(c);
            }
        };
        for c in flat {
            add([c.0, c.1, c.2]);
        }
        let steps = 256usize.saturating_sub(flat.len()) / pairs.len().max(1);
        // Step k of n between ground g and ink i: g + (i - g) * k / (n + 1), rounded.
        let n = steps as u32 + 1;
        for (ground, ink) in pairs {
            let (g, i) = ([ground.0, ground.1, ground.2], [ink.0, ink.1, ink.2]);
            for k in 1..n {
                add(std::array::from_fn(|c| {
                    ((u32::from(g[c]) * (n - k) + u32::from(i[c]) * k + n / 2) / n) as u8
                }));
            }
        }
        Palette { rgb }
    }

    /// The index of the entry nearest to `px` (squared distance; the first of equals).
    pub(super) fn nearest(&self, px: [u8; 3]) -> u8 {
        let d =
            |c: &[u8; 3]| -> u32 { (0..3).map(|k| u32::from(px[k].abs_diff(c[k])).pow(2)).sum() };
        let mut best = (u32::MAX, 0usize);
        for (i, c) in self.rgb.iter().enumerate() {
            let di = d(c);
            if di < best.0 {
                best = (di, i);
            }
        }
        best.1 as u8
    }

    /// The colour of entry `i` (for tests: the encoder takes [`Palette::plte`]).
    #[cfg(test)]
    pub(super) fn colour(&self, i: u8) -> [u8; 3] {
        self.rgb.get(usize::from(i)).copied().unwrap_or_default()
    }

    /// The PLTE chunk's content: red, green, blue of each entry.
    pub(super) fn plte(&self) -> Vec<u8> {
        self.rgb.concat()
    }
}

/// Maps RGB pixels to the indices of one palette, remembering the colours it has seen (a
/// drawing has a few hundred; the search is over 256 entries) in a direct-mapped table: the
/// nearest entry is a function of the colour alone, so what the table holds changes no index.
pub(super) struct Mapper {
    /// By a hash of the colour: the colour (bit 24 set: a slot in use) and its index.
    seen: Vec<(u32, u8)>,
}

impl Default for Mapper {
    fn default() -> Mapper {
        Mapper {
            seen: vec![(0, 0); 1 << SEEN_BITS],
        }
    }
}

/// log2 of the slots of [`Mapper`]'s table.
const SEEN_BITS: u32 = 12;

impl Mapper {
    /// The index of the colour `px`.
    fn index(&mut self, palette: &Palette, px: [u8; 3]) -> u8 {
        let key = 1 << 24 | u32::from(px[0]) << 16 | u32::from(px[1]) << 8 | u32::from(px[2]);
        // Fibonacci hashing: the top bits of the product.
        let slot = (key.wrapping_mul(0x9E37_79B1) >> (32 - SEEN_BITS)) as usize;
        let (k, index) = self.seen[slot];
        if k == key {
            return index;
        }
        let index = palette.nearest(px);
        self.seen[slot] = (key, index);
        index
    }

    /// The indices in `palette` (always the same one for one mapper) of the RGB pixels of
    /// `rgb` into `out` (one per pixel).
    pub(super) fn map(&mut self, palette: &Palette, rgb: &[u8], out: &mut [u8]) {
        // Runs of one colour are most of any picture: eight pixels of the last colour are
        // compared at once (the calendar's title band is 74,000 pixels, nearly all white).
        const RUN: usize = 8;
        let mut run = [0u8; 3 * RUN];
        let mut last = None;
        let (mut i, n) = (0, out.len().min(rgb.len() / 3));
        while i < n {
            if let Some(index) = last
                && i + RUN <= n
                && rgb[3 * i..3 * (i + RUN)] == run
            {
                out[i..i + RUN].fill(index);
                i += RUN;
                continue;
            }
            let px = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]];
            let index = self.index(palette, px);
            out[i] = index;
            if last.is_none() || run[..3] != px {
                for c in run.chunks_exact_mut(3) {
                    c.copy_from_slice(&px);
                }
            }
            last = Some(index);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_colours_are_exact_and_the_palette_is_full() {
        let flat = [RGBColor(255, 255, 255), RGBColor(0, 0, 0)];
        let p = Palette::new(&flat, &[(flat[0], flat[1])]);
        assert_eq!(
            p.rgb.len(),
            256,
            "254 steps between white and black, all distinct"
        );
        // Between two greys 224 apart, 224 distinct colours in all: no entry twice.
        let near = [RGBColor(255, 255, 255), RGBColor(0x20, 0x20, 0x20)];
        assert_eq!(Palette::new(&near, &[(near[0], near[1])]).rgb.len(), 224);
        for c in flat {
            let i = p.nearest([c.0, c.1, c.2]);
            assert_eq!(p.colour(i), [c.0, c.1, c.2]);
        }
        assert_eq!(p.plte().len(), 768);
    }

    #[test]
    fn the_mapper_gives_the_nearest_entry() {
        let flat = [RGBColor(255, 255, 255), RGBColor(0, 0, 0)];
        let p = Palette::new(&flat, &[(flat[0], flat[1])]);
        let rgb = [
            255, 255, 255, 255, 255, 255, 10, 10, 10, 0, 0, 0, 10, 10, 10,
        ];
        let mut out = [9u8; 5];
        Mapper::default().map(&p, &rgb, &mut out);
        let want: Vec<u8> = rgb
            .chunks(3)
            .map(|c| p.nearest([c[0], c[1], c[2]]))
            .collect();
        assert_eq!(out.to_vec(), want);
        assert_eq!(p.colour(out[0]), [255, 255, 255]);
        assert_eq!(p.colour(out[3]), [0, 0, 0]);
    }

    proptest::proptest! {
        #[test]
        fn mapping_is_the_nearest_entry_pixel_by_pixel(
            picks in proptest::collection::vec((0usize..4, 1usize..20), 0..40),
        ) {
            // Runs of a few colours, as pictures have them.
            let colours = [[255, 255, 255], [0, 0, 0], [30, 31, 32], [255, 255, 254]];
            let rgb: Vec<u8> = picks
                .iter()
                .flat_map(|&(c, n)| std::iter::repeat_n(colours[c], n).flatten())
                .collect();
            let flat = [RGBColor(255, 255, 255), RGBColor(0x20, 0x20, 0x20)];
            let p = Palette::new(&flat, &[(flat[0], flat[1])]);
            let mut out = vec![0u8; rgb.len() / 3];
            Mapper::default().map(&p, &rgb, &mut out);
            let want: Vec<u8> = rgb.chunks(3).map(|c| p.nearest([c[0], c[1], c[2]])).collect();
            proptest::prop_assert_eq!(out, want);
        }
    }
}
