//! Per-parameter rows: which pollutant a row's parameter names, and its value converted from
//! the row's unit (µg/m³, mg/m³, ppb, ppm) to hazeplan's (µg/m³; CO mg/m³).
//!
//! Gas mixing ratios are converted at the reference state of the Chinese standards for gases,
//! 298.15 K (25 °C) and 1013.25 hPa: GB 3095—2026 §4.3 (the 2018 amendment of GB 3095—2012 set
//! the same state for SO2, NO2, CO and O3; particulates stay at actual conditions), as recorded
//! in spec/standards.md §2.2. So `µg/m³ = ppb × M / Vm` with `Vm = R·T/p`. The factors are
//! exact rationals and the result is rounded half to even at 10⁻⁶ of the unit, far below any
//! analyser's resolution.

use crate::aqi::Slot;
use crate::units::{Concentration, MAX_CONCENTRATION, MICRO};

use super::header::{Field, recognise};

/// Molar volume at 298.15 K and 101.325 kPa in units of 10⁻⁴ L/mol: R·T/p with R =
/// 8.314462618 J/(mol·K) (exact since the 2019 SI) gives 24.4654 L/mol.
pub const MOLAR_VOLUME_E4: u128 = 244_654;

/// Molar masses in mg/mol, from the IUPAC conventional standard atomic weights (C 12.011,
/// N 14.007, O 15.999, S 32.06; CIAAW 2021): SO2 64.058, NO2 46.005, O3 47.997, CO 28.010.
pub fn molar_mass_mg(slot: Slot) -> Option<u128> {
    match slot {
        Slot::So2 => Some(64_058),
        Slot::No2 => Some(46_005),
        Slot::O3 | Slot::O3EightHour => Some(47_997),
        Slot::Co => Some(28_010),
        Slot::Pm25 | Slot::Pm10 => None,
    }
}

/// The units a per-parameter row may give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// µg/m³.
    Ug,
    /// mg/m³.
    Mg,
    /// Parts per billion by volume (nmol/mol).
    Ppb,
    /// Parts per million by volume (µmol/mol).
    Ppm,
}

impl Unit {
    /// Recognises a unit cell: `µg/m³` with either micro sign, `ug/m3`, `μg m-3`, `微克/立方米`,
    /// `mg/m³`, `毫克/立方米`, `ppb`, `ppbv`, `nmol/mol`, `ppm`, `ppmv`, `µmol/mol`, case and
    /// spaces ignored; `None` for anything else.
    pub fn parse(cell: &str) -> Option<Unit> {
        let t: String = cell
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                // U+00B5 (Latin-1 keyboards) and U+03BC (Greek input) both occur.
                'µ' | 'μ' => 'u',
                '³' => '3',
                _ => c,
            })
            .collect();
        let t = t
            .replace("m^3", "m3")
            .replace("m-3", "/m3")
            .replace("//", "/");
        Some(match t.as_str() {
            "ug/m3" | "微克/立方米" | "micrograms/cubicmeter" => Unit::Ug,
            "mg/m3" | "毫克/立方米" | "milligrams/cubicmeter" => Unit::Mg,
            "ppb" | "ppbv" | "nmol/mol" => Unit::Ppb,
            "ppm" | "ppmv" | "umol/mol" => Unit::Ppm,
            _ => return None,
        })
    }

    /// A name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Ug => "ug/m3",
            Unit::Mg => "mg/m3",
            Unit::Ppb => "ppb",
            Unit::Ppm => "ppm",
        }
    }
}

/// The pollutant a parameter cell names: the header spellings (`PM2.5`, `pm25`, `O3`, `CO`,
/// `O3_8h`), a trailing unit in brackets dropped, or the Chinese names. `None` for parameters
/// hazeplan does not score (NOx, temperature, …).
pub fn slot_of(cell: &str) -> Option<Slot> {
    let field = recognise(cell).or_else(|| {
        let t: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        Some(match t.as_str() {
            "细颗粒物" => Field::Pm25,
            "可吸入颗粒物" => Field::Pm10,
            "二氧化硫" => Field::So2,
            "二氧化氮" => Field::No2,
            "一氧化碳" => Field::Co,
            "臭氧" => Field::O3,
            _ => return None,
        })
    })?;
    Some(match field {
        Field::Pm25 => Slot::Pm25,
        Field::Pm10 => Slot::Pm10,
        Field::So2 => Slot::So2,
        Field::No2 => Slot::No2,
        Field::Co => Slot::Co,
        Field::O3 => Slot::O3,
        Field::O3_8h => Slot::O3EightHour,
        _ => return None,
    })
}

/// Why a value cannot be converted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// A mixing ratio for a particulate.
    #[error("{slot} given in {unit}, a unit of gases; value skipped")]
    NotAGas {
        slot: &'static str,
        unit: &'static str,
    },
    /// Above the largest concentration hazeplan holds after conversion.
    #[error("{slot} {value} {unit} is implausibly large once converted; value skipped")]
    TooLarge {
        slot: &'static str,
        value: String,
        unit: &'static str,
    },
}

/// `micro` micro-units of `unit` in hazeplan's unit of `slot` (µg/m³; CO mg/m³).
pub fn convert(slot: Slot, micro: u64, unit: Unit) -> Result<Concentration, UnitError> {
    // value × num / den, the target being µg/m³ (mg/m³ for CO: one more factor 1/1000).
    let (mut num, mut den): (u128, u128) = match (unit, molar_mass_mg(slot)) {
        (Unit::Ug, _) => (1, 1),
        (Unit::Mg, _) => (1000, 1),
        // ppb × (M mg/mol / 1000) / (Vm_e4 / 10^4 L/mol) = ppb × M × 10 / Vm_e4.
        (Unit::Ppb, Some(m)) => (m * 10, MOLAR_VOLUME_E4),
        (Unit::Ppm, Some(m)) => (m * 10_000, MOLAR_VOLUME_E4),
        (Unit::Ppb | Unit::Ppm, None) => {
            return Err(UnitError::NotAGas {
                slot: slot.name(),
                unit: unit.name(),
            });
        }
    };
    if slot == Slot::Co {
        den *= 1000;
    }
    let g = gcd(num, den);
    (num, den) = (num / g, den / g);
    let scaled = u128::from(micro) * num;
    let (q, r) = (scaled / den, scaled % den);
    let rounded = match (2 * r).cmp(&den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    };
    let too_large = || UnitError::TooLarge {
        slot: slot.name(),
        value: Concentration::from_micro(micro).map_or(micro.to_string(), |c| c.to_string()),
        unit: unit.name(),
    };
    if rounded > u128::from(MAX_CONCENTRATION * MICRO) {
        return Err(too_large());
    }
    Concentration::from_micro(rounded as u64).map_err(|_| too_large())
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Concentration {
        s.parse().unwrap()
    }

    fn conv(slot: Slot, v: &str, unit: Unit) -> String {
        convert(slot, c(v).to_micro(), unit).unwrap().to_string()
    }

    #[test]
    fn units() {
        for s in [
            "µg/m³",
            "μg/m3",
            "ug/m3",
            "UG/M3",
            "µg m-3",
            "ug/m^3",
            "微克/立方米",
        ] {
            assert_eq!(Unit::parse(s), Some(Unit::Ug), "{s}");
        }
        for s in ["mg/m³", "MG/M3", "毫克/立方米"] {
            assert_eq!(Unit::parse(s), Some(Unit::Mg), "{s}");
        }
        for s in ["ppb", "PPB", "ppbv", "nmol/mol"] {
            assert_eq!(Unit::parse(s), Some(Unit::Ppb), "{s}");
        }
        for s in ["ppm", "ppmv", "µmol/mol"] {
            assert_eq!(Unit::parse(s), Some(Unit::Ppm), "{s}");
        }
        for s in ["", "µg/m²", "ppt", "°C", "g/m3"] {
            assert_eq!(Unit::parse(s), None, "{s}");
        }
    }

    #[test]
    fn parameters() {
        assert_eq!(slot_of("PM2.5"), Some(Slot::Pm25));
        assert_eq!(slot_of("pm25"), Some(Slot::Pm25));
        assert_eq!(slot_of("o3"), Some(Slot::O3));
        assert_eq!(slot_of("CO"), Some(Slot::Co));
        assert_eq!(slot_of("二氧化硫"), Some(Slot::So2));
        assert_eq!(slot_of("O3_8h"), Some(Slot::O3EightHour));
        for s in ["NOx", "bc", "temperature", "station", ""] {
            assert_eq!(slot_of(s), None, "{s}");
        }
    }

    #[test]
    fn conversions_at_25_c() {
        // ppb × M / 24.4654.
        assert_eq!(conv(Slot::So2, "10", Unit::Ppb), "26.183099");
        assert_eq!(conv(Slot::No2, "20", Unit::Ppb), "37.608214");
        assert_eq!(conv(Slot::O3, "50", Unit::Ppb), "98.091591");
        assert_eq!(conv(Slot::O3, "0.05", Unit::Ppm), "98.091591");
        assert_eq!(conv(Slot::Co, "1", Unit::Ppm), "1.144882");
        assert_eq!(conv(Slot::Co, "1000", Unit::Ppb), "1.144882");
        assert_eq!(conv(Slot::Co, "800", Unit::Ug), "0.8");
        assert_eq!(conv(Slot::Pm25, "0.035", Unit::Mg), "35");
        assert_eq!(conv(Slot::Pm25, "35", Unit::Ug), "35");
        assert_eq!(conv(Slot::Co, "0.8", Unit::Mg), "0.8");
        assert_eq!(
            convert(Slot::Pm10, 1, Unit::Ppb).unwrap_err().to_string(),
            "PM10 given in ppb, a unit of gases; value skipped"
        );
        assert!(convert(Slot::Pm10, 999_000 * MICRO, Unit::Mg).is_err());
    }
}
