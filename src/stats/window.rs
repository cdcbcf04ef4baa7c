//! The maximum of a sliding window of values (the highest 8-hour and 1-hour O3 inside a
//! rolling 24 hours), kept with its age so that the window is scanned again only when the
//! maximum leaves it.

use crate::units::Concentration;

/// The highest of the last `n` (at most 24) values of a stream and how many were valid: the
/// current maximum is kept with its age, and the window is scanned again only when it leaves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WindowMax {
    n: usize,
    vals: [Option<Concentration>; 24],
    pos: usize,
    count: u32,
    /// The maximum and how many values came after it.
    max: Option<(Concentration, usize)>,
}

impl WindowMax {
    pub(crate) fn new(n: usize) -> WindowMax {
        WindowMax {
            n: n.clamp(1, 24),
            vals: [None; 24],
            pos: 0,
            count: 0,
            max: None,
        }
    }

    pub(crate) fn reset(&mut self) {
        *self = WindowMax::new(self.n);
    }

    pub(crate) fn push(&mut self, v: Option<Concentration>) {
        self.pos = (self.pos + 1) % 24;
        // The value `n` pushes ago leaves (with n = 24, the slot being overwritten).
        if self.vals[(self.pos + 24 - self.n) % 24].is_some() {
            self.count -= 1;
        }
        self.vals[self.pos] = v;
        if let Some(m) = &mut self.max {
            m.1 += 1;
        }
        if let Some(v) = v {
            self.count += 1;
            // Ties take the newer value, which leaves later.
            if self.max.is_none_or(|(m, _)| v.cmp_exact(m).is_ge()) {
                self.max = Some((v, 0));
            }
        }
        if self.max.is_some_and(|(_, age)| age >= self.n) {
            self.max = None;
            for k in (0..self.n).rev() {
                if let Some(x) = self.vals[(self.pos + 24 - k) % 24]
                    && self.max.is_none_or(|(m, _)| x.cmp_exact(m).is_ge())
                {
                    self.max = Some((x, k));
                }
            }
        }
    }

    /// The maximum, when at least `min` values of the window are valid.
    pub(crate) fn max(&self, min: u32) -> Option<Concentration> {
        self.max.map(|m| m.0).filter(|_| self.count >= min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_maximum_leaves_with_its_window() {
        let c = Concentration::from_units;
        let mut w = WindowMax::new(3);
        for v in [5, 9, 1, 2] {
            w.push(Some(c(v)));
        }
        // 9 was pushed three values ago: 1 and 2 remain with it, then it leaves.
        assert_eq!(w.max(1), Some(c(9)));
        w.push(None);
        assert_eq!(w.max(1), Some(c(2)));
        assert_eq!(w.max(3), None, "two valid of three");
    }
}
