//! The IAQI breakpoint tables of HJ 633—2012 表1 and HJ 633—2026 表3, as data, and the exact
//! interpolation of 式1 over them.
//!
//! Source: standards.md 1.1 (VERIFIED primary, read from both standard texts). The two versions
//! differ only in the PM10 and PM2.5 concentrations at IAQI 100 (2012: 150 and 75 ug/m3;
//! 2026: 120 and 60 ug/m3). Concentrations are stored in integer *table units*: ug/m3, except
//! CO in 0.1 mg/m3, so that every breakpoint is an integer and interpolation is integer
//! arithmetic (the float-ceiling bug of other libraries, aqi-test-vectors.md section 2, cannot
//! happen here).

use super::Standard;

/// One averaging-period column of the breakpoint table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// SO2 24-hour (daily) mean.
    So2Day,
    /// SO2 1-hour mean; real-time report only, ends at 800 ug/m3 (IAQI 200).
    So2Hour,
    /// NO2 24-hour (daily) mean.
    No2Day,
    /// NO2 1-hour mean; real-time report only.
    No2Hour,
    /// PM10 24-hour mean; also scores hourly PM10 in the real-time AQI.
    Pm10Day,
    /// CO 24-hour (daily) mean.
    CoDay,
    /// CO 1-hour mean; real-time report only.
    CoHour,
    /// O3 1-hour mean.
    O3Hour,
    /// O3 8-hour mean; ends at 800 ug/m3 (IAQI 300).
    O3EightHour,
    /// PM2.5 24-hour mean; also scores hourly PM2.5 in the real-time AQI.
    Pm25Day,
}

impl Table {
    /// Every table, for exhaustive tests.
    pub const ALL: [Table; 10] = [
        Table::So2Day,
        Table::So2Hour,
        Table::No2Day,
        Table::No2Hour,
        Table::Pm10Day,
        Table::CoDay,
        Table::CoHour,
        Table::O3Hour,
        Table::O3EightHour,
        Table::Pm25Day,
    ];

    /// Micro-units of the pollutant's unit per table unit (CO tables count 0.1 mg/m3).
    pub fn micro_per_unit(self) -> u64 {
        match self {
            Table::CoDay | Table::CoHour => 100_000,
            _ => 1_000_000,
        }
    }
}

/// A breakpoint: the concentration (table units) at which the IAQI equals `iaqi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    /// Concentration in table units.
    pub conc: u32,
    /// IAQI at that concentration.
    pub iaqi: u16,
}

/// One column of the table: ascending breakpoints starting at (0, 0).
#[derive(Debug)]
pub struct Breakpoints {
    /// Which column this is.
    pub table: Table,
    /// The points, ascending in both concentration and IAQI.
    pub points: &'static [Breakpoint],
}

const fn bp<const N: usize>(conc: [u32; N], iaqi: [u16; N]) -> [Breakpoint; N] {
    let mut out = [Breakpoint { conc: 0, iaqi: 0 }; N];
    let mut i = 0;
    while i < N {
        out[i] = Breakpoint {
            conc: conc[i],
            iaqi: iaqi[i],
        };
        i += 1;
    }
    out
}

const I8: [u16; 8] = [0, 50, 100, 150, 200, 300, 400, 500];

/// SO2 24 h, both versions (the column aqi-hub gets wrong: 50/150/475, not 150/500/650).
const SO2_DAY: [Breakpoint; 8] = bp([0, 50, 150, 475, 800, 1600, 2100, 2620], I8);
/// SO2 1 h, both versions; above 800 see [`super::score`] (表1 note 2 / 表3 note b).
const SO2_HOUR: [Breakpoint; 5] = bp([0, 150, 500, 650, 800], [0, 50, 100, 150, 200]);
const NO2_DAY: [Breakpoint; 8] = bp([0, 40, 80, 180, 280, 565, 750, 940], I8);
const NO2_HOUR: [Breakpoint; 8] = bp([0, 100, 200, 700, 1200, 2340, 3090, 3840], I8);
/// PM10 24 h under HJ 633—2012 (IAQI 100 at 150 ug/m3).
const PM10_DAY_2012: [Breakpoint; 8] = bp([0, 50, 150, 250, 350, 420, 500, 600], I8);
/// PM10 24 h under HJ 633—2026 (IAQI 100 at 120 ug/m3).
const PM10_DAY_2026: [Breakpoint; 8] = bp([0, 50, 120, 250, 350, 420, 500, 600], I8);
/// CO 24 h in 0.1 mg/m3: 2, 4, 14, 24, 36, 48, 60 mg/m3.
const CO_DAY: [Breakpoint; 8] = bp([0, 20, 40, 140, 240, 360, 480, 600], I8);
/// CO 1 h in 0.1 mg/m3: 5, 10, 35, 60, 90, 120, 150 mg/m3.
const CO_HOUR: [Breakpoint; 8] = bp([0, 50, 100, 350, 600, 900, 1200, 1500], I8);
const O3_HOUR: [Breakpoint; 8] = bp([0, 160, 200, 300, 400, 800, 1000, 1200], I8);
/// O3 8 h, both versions; above 800 see [`super::score`] (表1 note 3 / 表3 note c).
const O3_EIGHT_HOUR: [Breakpoint; 6] =
    bp([0, 100, 160, 215, 265, 800], [0, 50, 100, 150, 200, 300]);
/// PM2.5 24 h under HJ 633—2012 (IAQI 100 at 75 ug/m3).
const PM25_DAY_2012: [Breakpoint; 8] = bp([0, 35, 75, 115, 150, 250, 350, 500], I8);
/// PM2.5 24 h under HJ 633—2026 (IAQI 100 at 60 ug/m3).
const PM25_DAY_2026: [Breakpoint; 8] = bp([0, 35, 60, 115, 150, 250, 350, 500], I8);

macro_rules! table {
    ($name:ident, $table:expr, $points:expr) => {
        static $name: Breakpoints = Breakpoints {
            table: $table,
            points: &$points,
        };
    };
}

table!(T_SO2_DAY, Table::So2Day, SO2_DAY);
table!(T_SO2_HOUR, Table::So2Hour, SO2_HOUR);
table!(T_NO2_DAY, Table::No2Day, NO2_DAY);
table!(T_NO2_HOUR, Table::No2Hour, NO2_HOUR);
table!(T_PM10_DAY_2012, Table::Pm10Day, PM10_DAY_2012);
table!(T_PM10_DAY_2026, Table::Pm10Day, PM10_DAY_2026);
table!(T_CO_DAY, Table::CoDay, CO_DAY);
table!(T_CO_HOUR, Table::CoHour, CO_HOUR);
table!(T_O3_HOUR, Table::O3Hour, O3_HOUR);
table!(T_O3_EIGHT_HOUR, Table::O3EightHour, O3_EIGHT_HOUR);
table!(T_PM25_DAY_2012, Table::Pm25Day, PM25_DAY_2012);
table!(T_PM25_DAY_2026, Table::Pm25Day, PM25_DAY_2026);

/// The breakpoints of `table` under `standard`.
pub fn breakpoints(standard: Standard, table: Table) -> &'static Breakpoints {
    match (table, standard) {
        (Table::So2Day, _) => &T_SO2_DAY,
        (Table::So2Hour, _) => &T_SO2_HOUR,
        (Table::No2Day, _) => &T_NO2_DAY,
        (Table::No2Hour, _) => &T_NO2_HOUR,
        (Table::Pm10Day, Standard::Hj633_2012) => &T_PM10_DAY_2012,
        (Table::Pm10Day, Standard::Hj633_2026) => &T_PM10_DAY_2026,
        (Table::CoDay, _) => &T_CO_DAY,
        (Table::CoHour, _) => &T_CO_HOUR,
        (Table::O3Hour, _) => &T_O3_HOUR,
        (Table::O3EightHour, _) => &T_O3_EIGHT_HOUR,
        (Table::Pm25Day, Standard::Hj633_2012) => &T_PM25_DAY_2012,
        (Table::Pm25Day, Standard::Hj633_2026) => &T_PM25_DAY_2026,
    }
}

impl Breakpoints {
    /// The highest breakpoint.
    pub fn top(&self) -> Breakpoint {
        self.points[self.points.len() - 1]
    }

    /// 式1 for an integer concentration in table units, rounded up; `None` above the top
    /// breakpoint. This is the hot kernel: integer operations only.
    #[inline]
    pub fn iaqi_int(&self, conc: u32) -> Option<u16> {
        let pts = self.points;
        if conc == 0 {
            return Some(0);
        }
        let mut lo = pts[0];
        for &hi in &pts[1..] {
            if conc <= hi.conc {
                let di = u64::from(hi.iaqi - lo.iaqi);
                let dc = u64::from(hi.conc - lo.conc);
                let x = u64::from(conc - lo.conc);
                let v = (di * x).div_ceil(dc);
                return Some(lo.iaqi + v as u16);
            }
            lo = hi;
        }
        None
    }

    /// 式1 for the exact rational concentration `num / den` table units, rounded up;
    /// `None` above the top breakpoint.
    pub fn iaqi_ratio(&self, num: u128, den: u128) -> Option<u16> {
        debug_assert!(den > 0);
        if num == 0 {
            return Some(0);
        }
        // Means of a few dozen values fit 64 bits, where the divisions are the machine's own:
        // with num < 2^56 and den < 2^40, every product below stays under 2^63.
        if num < 1 << 56 && den < 1 << 40 {
            let (num, den) = (num as u64, den as u64);
            let mut lo = self.points[0];
            for &hi in &self.points[1..] {
                if num <= u64::from(hi.conc) * den {
                    let di = u64::from(hi.iaqi - lo.iaqi);
                    let dc = u64::from(hi.conc - lo.conc) * den;
                    let x = num - u64::from(lo.conc) * den;
                    return Some(lo.iaqi + (di * x).div_ceil(dc) as u16);
                }
                lo = hi;
            }
            return None;
        }
        let mut lo = self.points[0];
        for &hi in &self.points[1..] {
            if num <= u128::from(hi.conc) * den {
                let di = u128::from(hi.iaqi - lo.iaqi);
                let dc = u128::from(hi.conc - lo.conc) * den;
                let x = num - u128::from(lo.conc) * den;
                let v = (di * x).div_ceil(dc);
                return Some(lo.iaqi + v as u16);
            }
            lo = hi;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_ascending_from_zero() {
        for std in [Standard::Hj633_2012, Standard::Hj633_2026] {
            for t in Table::ALL {
                let b = breakpoints(std, t);
                assert_eq!(b.table, t);
                assert_eq!(b.points[0], Breakpoint { conc: 0, iaqi: 0 });
                for w in b.points.windows(2) {
                    assert!(w[0].conc < w[1].conc && w[0].iaqi < w[1].iaqi, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn versions_differ_only_in_pm_at_100() {
        for t in Table::ALL {
            let a = breakpoints(Standard::Hj633_2012, t).points;
            let b = breakpoints(Standard::Hj633_2026, t).points;
            let diff: Vec<_> = a.iter().zip(b).filter(|(x, y)| x != y).collect();
            match t {
                Table::Pm10Day => assert_eq!(diff.len(), 1),
                Table::Pm25Day => assert_eq!(diff.len(), 1),
                _ => assert!(diff.is_empty(), "{t:?}"),
            }
            for (x, _) in diff {
                assert_eq!(x.iaqi, 100);
            }
        }
    }

    #[test]
    fn integer_and_rational_kernels_agree() {
        for std in [Standard::Hj633_2012, Standard::Hj633_2026] {
            for t in Table::ALL {
                let b = breakpoints(std, t);
                for c in 0..=b.top().conc + 3 {
                    assert_eq!(b.iaqi_int(c), b.iaqi_ratio(u128::from(c), 1), "{t:?} {c}");
                    assert_eq!(b.iaqi_int(c), b.iaqi_ratio(u128::from(c) * 7, 7));
                }
            }
        }
    }
}
