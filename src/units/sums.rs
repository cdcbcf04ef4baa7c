//! Exact sums of concentrations: over a sliding window ([`SlidingSum`], the rolling 24-hour
//! and 8-hour means) and running ([`ExactSum`], means of means), with the exact mean of a sum.
//! Kept apart from [`Concentration`] itself because they are the hot loop of a batch: a
//! national year pushes millions of values through them.

use super::{Concentration, round_half_even_u128};

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// An exact sum over a sliding window: values come in and go out (each value removed must
/// have been added). All values are kept over one common denominator, the least common
/// multiple of theirs; a denominator that would not fit 64 bits makes the sum `overflowed`,
/// and the caller sums the window again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlidingSum {
    num: u128,
    /// The common denominator (0 before any value).
    den: u64,
    count: u32,
    overflowed: bool,
}

impl SlidingSum {
    /// Adds a value.
    pub fn add(&mut self, c: Concentration) {
        if self.overflowed {
            return;
        }
        if self.den == 0 {
            self.den = c.den;
        } else if self.den != c.den && !self.den.is_multiple_of(c.den) {
            let g = gcd64(self.den, c.den);
            let Some(l) = (self.den / g).checked_mul(c.den) else {
                self.overflowed = true;
                return;
            };
            self.num *= u128::from(l / self.den);
            self.den = l;
        }
        self.num += u128::from(c.num) * u128::from(self.scale(c));
        self.count += 1;
    }

    /// `self.den / c.den` (a whole number: `c.den` divides the common denominator).
    fn scale(&self, c: Concentration) -> u64 {
        if self.den == c.den {
            1
        } else {
            self.den / c.den
        }
    }

    /// Removes a value added before.
    pub fn remove(&mut self, c: Concentration) {
        if self.overflowed {
            return;
        }
        self.num -= u128::from(c.num) * u128::from(self.scale(c));
        self.count -= 1;
    }

    /// Values in the window.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether a denominator outgrew 64 bits (the sum is then unusable).
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// The exact mean, `None` when empty or overflowed; not reduced (to be scored or compared,
    /// not summed again).
    pub fn mean(&self) -> Option<Concentration> {
        if self.count == 0 || self.overflowed {
            return None;
        }
        mean_of(self.num, self.den, self.count, false)
    }
}

/// An exact running sum of concentrations, for means of values that are themselves means
/// (station means per city-hour, hourly city means per day). Denominators are combined by
/// their least common multiple: city means have denominators of at most a few dozen stations,
/// so the sums stay far inside 128 bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExactSum {
    num: u128,
    /// 0 while empty.
    den: u64,
    count: u32,
}

impl ExactSum {
    /// Adds a value.
    pub fn add(&mut self, c: Concentration) {
        let (n, d) = (u128::from(c.num), c.den);
        if self.den == 0 || self.den == d {
            self.den = d;
            self.num += n;
        } else {
            // Both denominators fit 64 bits: their gcd needs no 128-bit division (this runs
            // for every city-hour whose station count differs from the day's so far).
            let g = u128::from(gcd64(self.den, d));
            let l = u128::from(self.den) / g * u128::from(d);
            match u64::try_from(l) {
                Ok(l64) => {
                    self.num = self.num * (l / u128::from(self.den)) + n * (l / u128::from(d));
                    self.den = l64;
                }
                Err(_) => {
                    // Unreachable with real station counts; keep micro resolution rather
                    // than overflow.
                    let a = round_half_even_u128(self.num, u128::from(self.den));
                    let b = round_half_even_u128(n, u128::from(d));
                    self.num = a + b;
                    self.den = 1;
                }
            }
        }
        self.count += 1;
    }

    /// How many values were added.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The exact mean, `None` when empty.
    pub fn mean(&self) -> Option<Concentration> {
        if self.count == 0 {
            return None;
        }
        mean_of(self.num, self.den, self.count, true)
    }
}

/// The fraction `num / (den * count)` (`count` > 0), reduced when `reduce` or when it does not
/// fit 64 bits. A concentration compares and scores by value, so a mean that is only scored
/// need not be reduced (the reduction was most of the cost of the rolling means); one that is
/// summed again is, so that the common denominators of later sums stay small.
fn mean_of(num: u128, den: u64, count: u32, reduce: bool) -> Option<Concentration> {
    let den = u128::from(den) * u128::from(count);
    if let (Ok(n64), Ok(d64)) = (u64::try_from(num), u64::try_from(den)) {
        let g = if reduce { gcd64(n64, d64).max(1) } else { 1 };
        return Some(Concentration {
            num: n64 / g,
            den: d64 / g,
        });
    }
    let g = gcd(num, den).max(1);
    let (n, d) = (num / g, den / g);
    Some(match (u64::try_from(n), u64::try_from(d)) {
        (Ok(num), Ok(den)) => Concentration { num, den },
        _ => Concentration {
            num: round_half_even_u128(n, d) as u64,
            den: 1,
        },
    })
}
