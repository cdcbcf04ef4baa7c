//! The US EPA AQI for PM2.5 (2024 breakpoints) and 8-hour O3, for comparison with figures
//! quoted abroad. Not used by hazeplan's Chinese pipeline.
//!
//! Source: EPA Technical Assistance Document for the Reporting of Daily Air Quality
//! (2024 PM2.5 revision); vectors in aqi-test-vectors.md ("US EPA 2024"). Unlike HJ 633 the
//! EPA bands are gapped (9.0 -> 50, 9.1 -> 51), concentrations are truncated (PM2.5 to
//! 0.1 ug/m3, O3 to 0.001 ppm) and the index is rounded to the nearest integer.

use crate::units::Concentration;

/// A gapped band: concentrations `lo..=hi` (truncated units) map to `ilo..=ihi`.
struct Band {
    lo: u64,
    hi: u64,
    ilo: u64,
    ihi: u64,
}

const fn band(lo: u64, hi: u64, ilo: u64, ihi: u64) -> Band {
    Band { lo, hi, ilo, ihi }
}

/// PM2.5 24-hour, 0.1 ug/m3 units (2024 revision).
const PM25: [Band; 6] = [
    band(0, 90, 0, 50),
    band(91, 354, 51, 100),
    band(355, 554, 101, 150),
    band(555, 1254, 151, 200),
    band(1255, 2254, 201, 300),
    band(2255, 3254, 301, 500),
];

/// O3 8-hour, ppb (0.001 ppm) units.
const O3_8H: [Band; 5] = [
    band(0, 54, 0, 50),
    band(55, 70, 51, 100),
    band(71, 85, 101, 150),
    band(86, 105, 151, 200),
    band(106, 200, 201, 300),
];

fn index(bands: &[Band], c: Concentration, micro_per_step: u64) -> Option<u16> {
    let (num, den) = c.micro_ratio();
    let x = num / (den * micro_per_step);
    let b = bands.iter().find(|b| x <= b.hi)?;
    // I = ilo + (ihi - ilo)(x - lo)/(hi - lo), rounded half up.
    let n = (b.ihi - b.ilo) * (x - b.lo);
    let d = b.hi - b.lo;
    Some((b.ilo + (2 * n + d) / (2 * d)) as u16)
}

/// EPA AQI of a 24-hour PM2.5 mean in ug/m3; `None` beyond the table.
pub fn pm25(c: Concentration) -> Option<u16> {
    index(&PM25, c, 100_000)
}

/// EPA AQI of an 8-hour O3 mean given in ppm; `None` beyond the 8-hour table.
pub fn o3_8h_ppm(c: Concentration) -> Option<u16> {
    index(&O3_8H, c, 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Concentration {
        s.parse().unwrap()
    }

    #[test]
    fn epa_2024_vectors() {
        let cases = [
            ("9.0", 50),
            ("9.1", 51),
            ("35.4", 100),
            ("35.5", 101),
            ("125.4", 200),
            ("225.5", 301),
            ("9.09", 50),
        ];
        for (v, want) in cases {
            assert_eq!(pm25(c(v)), Some(want), "PM2.5 {v}");
        }
        assert_eq!(o3_8h_ppm(c("0.055")), Some(51));
        assert_eq!(o3_8h_ppm(c("0.058")), Some(61));
        assert_eq!(pm25(c("325.5")), None);
    }
}
