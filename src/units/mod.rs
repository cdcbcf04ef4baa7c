//! Physical quantities shared by every stage: pollutants and exact concentrations.
//!
//! Concentrations are kept as exact rationals, `num / (den * 10^6)` in the pollutant's unit
//! (ug/m3; CO in mg/m3, see [`Pollutant::unit`]). Monitoring data are published with at most
//! three decimals, so text parses exactly; means keep their divisor in `den` instead of being
//! divided out, and means of means (a daily mean of hourly city means) stay exact through
//! [`ExactSum`]. That is what lets the AQI engine apply GB/T 8170 rounding and the rounded-up
//! interpolation of HJ 633 without ever touching a float (standards.md 1.2).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

mod sums;

pub use sums::{ExactSum, SlidingSum};

/// Micro-units per unit: the finest resolution a parsed value keeps.
pub const MICRO: u64 = 1_000_000;

/// The largest concentration accepted, in the pollutant's unit. Real extremes are a few
/// thousand ug/m3 (PM10 5,202 ug/m3 in the 2023 Spring Festival dust); anything near this bound
/// is a unit or sentinel error, and the bound keeps every product below in `u128` range.
pub const MAX_CONCENTRATION: u64 = 1_000_000;

/// The six pollutants of HJ 633 (O3 has two averaging periods, handled by the AQI slots).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Pollutant {
    /// Fine particulate matter, ug/m3.
    Pm25,
    /// Inhalable particulate matter, ug/m3.
    Pm10,
    /// Sulphur dioxide, ug/m3.
    So2,
    /// Nitrogen dioxide, ug/m3.
    No2,
    /// Carbon monoxide, mg/m3.
    Co,
    /// Ozone, ug/m3.
    O3,
}

impl Pollutant {
    /// All pollutants in the order of HJ 633 output tables used throughout hazeplan.
    pub const ALL: [Pollutant; 6] = [
        Pollutant::Pm25,
        Pollutant::Pm10,
        Pollutant::So2,
        Pollutant::No2,
        Pollutant::Co,
        Pollutant::O3,
    ];

    /// Display name as in Chinese monitoring publications.
    pub fn name(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "PM2.5",
            Pollutant::Pm10 => "PM10",
            Pollutant::So2 => "SO2",
            Pollutant::No2 => "NO2",
            Pollutant::Co => "CO",
            Pollutant::O3 => "O3",
        }
    }

    /// The unit values of this pollutant are stored in.
    pub fn unit(self) -> &'static str {
        match self {
            Pollutant::Co => "mg/m3",
            _ => "ug/m3",
        }
    }
}

impl fmt::Display for Pollutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text could not become a concentration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConcentrationError {
    /// Empty text where a number was expected.
    #[error("empty value")]
    Empty,
    /// Not a decimal number.
    #[error("'{0}' is not a number")]
    NotANumber(String),
    /// A negative number: concentrations cannot be below zero.
    #[error("negative concentration {0}")]
    Negative(String),
    /// Above [`MAX_CONCENTRATION`]: a unit or sentinel error, never a real reading.
    #[error("concentration {0} is implausibly large (over {MAX_CONCENTRATION})")]
    TooLarge(String),
}

/// An exact, non-negative concentration: `num / (den * 10^6)` in the pollutant's unit.
///
/// Compare with [`Concentration::cmp_exact`]; two values are equal when their rationals are,
/// whatever their representation.
#[derive(Clone, Copy, Debug)]
pub struct Concentration {
    num: u64,
    den: u64,
}

impl Concentration {
    /// Zero.
    pub const ZERO: Concentration = Concentration { num: 0, den: 1 };

    /// A whole number of units.
    pub fn from_units(units: u32) -> Concentration {
        Concentration {
            num: u64::from(units) * MICRO,
            den: 1,
        }
    }

    /// `micro` millionths of a unit.
    pub fn from_micro(micro: u64) -> Result<Concentration, ConcentrationError> {
        if micro > MAX_CONCENTRATION * MICRO {
            return Err(ConcentrationError::TooLarge(format!("{micro}e-6")));
        }
        Ok(Concentration { num: micro, den: 1 })
    }

    /// The mean of values whose micro-units sum to `sum_micro`, over `count` values.
    /// Returns `None` for `count == 0`.
    pub fn mean_of_micro(sum_micro: u64, count: u32) -> Option<Concentration> {
        (count > 0).then_some(Concentration {
            num: sum_micro,
            den: u64::from(count),
        })
    }

    /// Parses a decimal text (`12`, `0.8`, `1.25`, `+3`, `4.`, and with an exponent `1.5e2`,
    /// `1E-3`, as spreadsheets export them) exactly.
    ///
    /// `shift` moves the decimal point left: 3 turns ug/m3 text into mg/m3. Digits beyond the
    /// sixth decimal after the shift are rounded half to even (GB/T 8170); no instrument
    /// reports such digits, so this never changes a scored value.
    pub fn parse_scaled(text: &str, shift: u32) -> Result<Concentration, ConcentrationError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(ConcentrationError::Empty);
        }
        let bad = || ConcentrationError::NotANumber(t.to_string());
        let (neg, body) = match t.as_bytes()[0] {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        // An exponent: `e` or `E` and a signed whole number of at most three digits.
        let (body, exp) = match body.split_once(['e', 'E']) {
            Some((m, e)) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty()
                    || digits.len() > 3
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(bad());
                }
                (m, e.parse::<i64>().map_err(|_| bad())?)
            }
            None => (body, 0),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty()
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let int_part = int_part.trim_start_matches('0');
        let too_large = || {
            if neg {
                ConcentrationError::Negative(t.to_string())
            } else {
                ConcentrationError::TooLarge(t.to_string())
            }
        };
        // Beyond this many integer digits the value is over MAX_CONCENTRATION anyway.
        if exp == 0 && int_part.len() > 12 {
            return Err(too_large());
        }
        // Value = digits * 10^-(frac_len + shift - exp); keep 6 decimals, round the rest
        // half-even.
        let keep = 6i64;
        let decimals = frac_part.len() as i64 + i64::from(shift) - exp;
        let mut digits: u128 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            if digits > u128::MAX / 100 {
                return Err(ConcentrationError::TooLarge(t.to_string()));
            }
            digits = digits * 10 + u128::from(b - b'0');
        }
        let micro: u128 = if decimals <= keep {
            // A zero is zero whatever its exponent; otherwise too many places is too large.
            match u32::try_from(keep - decimals)
                .ok()
                .and_then(|p| 10u128.checked_pow(p))
                .and_then(|f| digits.checked_mul(f))
            {
                Some(m) => m,
                None if digits == 0 => 0,
                None => return Err(too_large()),
            }
        } else {
            let drop = decimals - keep;
            if drop > 30 {
                0
            } else {
                round_half_even_u128(digits, 10u128.pow(drop as u32))
            }
        };
        if neg && micro > 0 {
            return Err(ConcentrationError::Negative(t.to_string()));
        }
        if micro > u128::from(MAX_CONCENTRATION * MICRO) {
            return Err(ConcentrationError::TooLarge(t.to_string()));
        }
        Ok(Concentration {
            num: micro as u64,
            den: 1,
        })
    }

    /// The value as `(numerator, denominator)` in micro-units: value = num / den / 10^6.
    pub fn micro_ratio(self) -> (u64, u64) {
        (self.num, self.den)
    }

    /// Value rounded half to even (GB/T 8170) to a multiple of `step_micro` micro-units,
    /// returned as a count of steps: `step_micro = 10^6` gives whole units, `10^5` tenths.
    pub fn round_half_even_to(self, step_micro: u64) -> u64 {
        if self.den == 1 {
            // Parsed values (the common case) need no 128-bit division.
            let (q, r) = (self.num / step_micro, self.num % step_micro);
            return match (2 * r).cmp(&step_micro) {
                Ordering::Less => q,
                Ordering::Greater => q + 1,
                Ordering::Equal => q + (q & 1),
            };
        }
        let den = u128::from(self.den) * u128::from(step_micro);
        round_half_even_u128(u128::from(self.num), den) as u64
    }

    /// Micro-units rounded half to even: the value at the resolution means are kept at when
    /// they are summed again (for example a daily mean of hourly city means).
    pub fn to_micro(self) -> u64 {
        self.round_half_even_to(1)
    }

    /// Exact comparison of the two rationals.
    pub fn cmp_exact(self, other: Concentration) -> Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        let a = u128::from(self.num) * u128::from(other.den);
        let b = u128::from(other.num) * u128::from(self.den);
        a.cmp(&b)
    }

    /// Is the value strictly above `units` whole units?
    pub fn exceeds_units(self, units: u32) -> bool {
        self.cmp_exact(Concentration::from_units(units)) == Ordering::Greater
    }

    /// A float approximation, for display, charts and statistics that are not scored.
    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64 / MICRO as f64
    }
}

impl PartialEq for Concentration {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_exact(*other) == Ordering::Equal
    }
}

impl FromStr for Concentration {
    type Err = ConcentrationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Concentration::parse_scaled(s, 0)
    }
}

impl fmt::Display for Concentration {
    /// Exact decimals when the value has at most six; otherwise six decimals, rounded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micro = self.to_micro();
        let int = micro / MICRO;
        let frac = micro % MICRO;
        if frac == 0 {
            write!(f, "{int}")
        } else {
            // The six decimals without their trailing zeros, and no string of their own (a
            // national year's daily tables write some 800,000 of them).
            let (mut digits, mut width) = (frac, 6);
            while digits % 10 == 0 {
                digits /= 10;
                width -= 1;
            }
            write!(f, "{int}.{digits:0width$}")
        }
    }
}

/// `num / den` rounded to the nearest integer, ties to even (GB/T 8170 四舍六入五成双).
pub fn round_half_even_u128(num: u128, den: u128) -> u128 {
    let q = num / den;
    let r = num % den;
    match (2 * r).cmp(&den) {
        Ordering::Less => q,
        Ordering::Greater => q + 1,
        Ordering::Equal => q + (q & 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_decimals() {
        let c: Concentration = "2.25".parse().unwrap();
        assert_eq!(c.micro_ratio(), (2_250_000, 1));
        assert_eq!("0.8".parse::<Concentration>().unwrap().to_micro(), 800_000);
        assert_eq!("+3".parse::<Concentration>().unwrap().to_micro(), 3_000_000);
        assert_eq!("4.".parse::<Concentration>().unwrap().to_micro(), 4_000_000);
        assert_eq!(".5".parse::<Concentration>().unwrap().to_micro(), 500_000);
        assert_eq!("-0".parse::<Concentration>().unwrap().to_micro(), 0);
        // Exponents, as spreadsheets export numbers: exact.
        for (text, micro) in [
            ("1.5e2", 150_000_000),
            ("1e6", 1_000_000_000_000),
            ("1E-3", 1_000),
            ("2.5e+1", 25_000_000),
            ("0e999", 0),
            ("12345e-9", 12),
            ("0.0000015e0", 2),
        ] {
            assert_eq!(
                text.parse::<Concentration>().unwrap().to_micro(),
                micro,
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_bad_text() {
        assert_eq!("".parse::<Concentration>(), Err(ConcentrationError::Empty));
        assert!(matches!(
            "abc".parse::<Concentration>(),
            Err(ConcentrationError::NotANumber(_))
        ));
        for bad in ["1e", "1e+", "e3", "1e3.5", "1e1000", "1ee3", "1e 3"] {
            assert!(
                matches!(
                    bad.parse::<Concentration>(),
                    Err(ConcentrationError::NotANumber(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            "1e7".parse::<Concentration>(),
            Err(ConcentrationError::TooLarge(_))
        ));
        assert!(matches!(
            "-1e2".parse::<Concentration>(),
            Err(ConcentrationError::Negative(_))
        ));
        assert!(matches!(
            ".".parse::<Concentration>(),
            Err(ConcentrationError::NotANumber(_))
        ));
        assert!(matches!(
            "-999".parse::<Concentration>(),
            Err(ConcentrationError::Negative(_))
        ));
        assert!(matches!(
            "1000001".parse::<Concentration>(),
            Err(ConcentrationError::TooLarge(_))
        ));
        assert!(matches!(
            "99999999999999999999999".parse::<Concentration>(),
            Err(ConcentrationError::TooLarge(_))
        ));
    }

    #[test]
    fn shift_converts_ug_to_mg_exactly() {
        let c = Concentration::parse_scaled("300", 3).unwrap();
        assert_eq!(c.to_micro(), 300_000);
        let c = Concentration::parse_scaled("1234.5", 3).unwrap();
        assert_eq!(c.to_micro(), 1_234_500);
    }

    #[test]
    fn half_even_rounding_matches_gbt8170() {
        let r = |s: &str, step| s.parse::<Concentration>().unwrap().round_half_even_to(step);
        assert_eq!(r("35.5", MICRO), 36);
        assert_eq!(r("36.5", MICRO), 36);
        assert_eq!(r("36.51", MICRO), 37);
        assert_eq!(r("2.25", MICRO / 10), 22);
        assert_eq!(r("2.35", MICRO / 10), 24);
        assert_eq!(r("2.250001", MICRO / 10), 23);
    }

    #[test]
    fn means_stay_exact() {
        // (36 + 37) / 2 = 36.5 -> 36 (half to even); (36 + 37 + 37) / 3 = 36.67 -> 37.
        let m = Concentration::mean_of_micro(73 * MICRO, 2).unwrap();
        assert_eq!(m.round_half_even_to(MICRO), 36);
        let m = Concentration::mean_of_micro(110 * MICRO, 3).unwrap();
        assert_eq!(m.round_half_even_to(MICRO), 37);
        assert!(Concentration::mean_of_micro(5, 0).is_none());
        assert_eq!(m, Concentration::mean_of_micro(220 * MICRO, 6).unwrap());
    }

    #[test]
    fn exact_sums_of_means() {
        // (1/3 + 2/3 + 1/2 + 1/2) / 4 = 1/2 exactly: a tie that micro rounding would break.
        let mut s = ExactSum::default();
        for (n, d) in [(1, 3), (2, 3), (1, 2), (1, 2)] {
            s.add(Concentration::mean_of_micro(n * MICRO, d).unwrap());
        }
        let m = s.mean().unwrap();
        assert_eq!(m, Concentration::mean_of_micro(MICRO, 2).unwrap());
        assert_eq!(m.micro_ratio(), (MICRO / 2, 1));
        assert_eq!(s.count(), 4);
        assert_eq!(ExactSum::default().mean(), None);
        let mut s = ExactSum::default();
        s.add("78.5".parse().unwrap());
        assert_eq!(s.mean().unwrap().round_half_even_to(MICRO), 78);
    }

    #[test]
    fn sliding_sums_follow_a_window_exactly() {
        let mut s = SlidingSum::default();
        let v = |n: u64, d: u32| Concentration::mean_of_micro(n * MICRO, d).unwrap();
        s.add(v(1, 3));
        s.add(v(2, 3));
        s.add(v(1, 2));
        assert_eq!(s.mean(), Some(v(3, 6)));
        s.remove(v(1, 3));
        s.remove(v(2, 3));
        assert_eq!(s.mean(), Some(v(1, 2)));
        assert_eq!(s.count(), 1);
        s.remove(v(1, 2));
        assert_eq!(s.mean(), None);
        // A common denominator beyond 64 bits is reported, not wrapped.
        let mut big = SlidingSum::default();
        for d in [(1u64 << 40) + 1, (1u64 << 40) + 3] {
            big.add(Concentration { num: 1, den: d });
        }
        assert!(big.overflowed());
        assert_eq!(big.mean(), None);
    }

    #[test]
    fn display_is_exact() {
        assert_eq!("0.80".parse::<Concentration>().unwrap().to_string(), "0.8");
        assert_eq!("160".parse::<Concentration>().unwrap().to_string(), "160");
        let third = Concentration::mean_of_micro(MICRO, 3).unwrap();
        assert_eq!(third.to_string(), "0.333333");
    }
}
