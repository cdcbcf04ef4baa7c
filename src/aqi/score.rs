//! Scoring one set of readings (a station-hour, a city-day, …) into an [`AqiResult`].

use super::{Aqi, AqiLevel, Period, Slot, SlotSet, Standard, Table, breakpoints};
use crate::units::Concentration;

/// The concentrations of one report, by slot. `None` is a missing or invalid value: it is never
/// scored (a NaN that becomes 500 is a known bug of other libraries, aqi-test-vectors.md 2).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Readings {
    /// PM2.5: 1-hour or 24-hour mean, ug/m3.
    pub pm25: Option<Concentration>,
    /// PM10: 1-hour or 24-hour mean, ug/m3.
    pub pm10: Option<Concentration>,
    /// SO2: 1-hour or 24-hour mean, ug/m3.
    pub so2: Option<Concentration>,
    /// NO2: 1-hour or 24-hour mean, ug/m3.
    pub no2: Option<Concentration>,
    /// CO: 1-hour or 24-hour mean, mg/m3.
    pub co: Option<Concentration>,
    /// O3: 1-hour value, or the day's maximum 1-hour value, ug/m3.
    pub o3: Option<Concentration>,
    /// O3: 8-hour moving mean, or the day's maximum of them, ug/m3.
    pub o3_8h: Option<Concentration>,
    /// Real-time report under 2012 only: the 24-hour moving SO2 mean that scores SO2 when the
    /// 1-hour value exceeds 800 ug/m3 (HJ 633—2012 表1 note 2).
    pub so2_24h: Option<Concentration>,
    /// Real-time report under 2012 only, with [`HourlyPm2012::Moving24h`]: 24-hour moving PM2.5.
    pub pm25_24h: Option<Concentration>,
    /// Real-time report under 2012 only, with [`HourlyPm2012::Moving24h`]: 24-hour moving PM10.
    pub pm10_24h: Option<Concentration>,
}

impl Readings {
    /// The value in a slot.
    pub fn get(&self, slot: Slot) -> Option<Concentration> {
        match slot {
            Slot::Pm25 => self.pm25,
            Slot::Pm10 => self.pm10,
            Slot::So2 => self.so2,
            Slot::No2 => self.no2,
            Slot::Co => self.co,
            Slot::O3 => self.o3,
            Slot::O3EightHour => self.o3_8h,
        }
    }

    /// Sets the value of a slot.
    pub fn set(&mut self, slot: Slot, value: Option<Concentration>) {
        let field = match slot {
            Slot::Pm25 => &mut self.pm25,
            Slot::Pm10 => &mut self.pm10,
            Slot::So2 => &mut self.so2,
            Slot::No2 => &mut self.no2,
            Slot::Co => &mut self.co,
            Slot::O3 => &mut self.o3,
            Slot::O3EightHour => &mut self.o3_8h,
        };
        *field = value;
    }
}

/// Which PM value scores the 2012 real-time AQI. HJ 633—2012 lists both the 1-hour value and
/// the 24-hour moving mean without saying which enters the AQI (standards.md 1.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HourlyPm2012 {
    /// The 1-hour value on the 24-hour table: what the national real-time AQI publishes
    /// (every comparable CNEMC station-hour agrees) and what 2026 prescribes.
    #[default]
    OneHour,
    /// The 24-hour moving mean on the 24-hour table.
    Moving24h,
}

/// Choices the standards leave open; the defaults follow national practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AqiOptions {
    /// Round concentrations per GB/T 8170 before scoring under HJ 633—2012 too. Default
    /// `false`: the 2012 text does not ask for it and official platforms under 2012 scored the
    /// reported value unrounded (CO 541 ug/m3 published with IAQI 6: 0.541 mg/m3 gives 5.41,
    /// up to 6, where 0.5 mg/m3 would give 5; standards.md 1.2 and checklist in section 8).
    /// HJ 633—2026 always rounds (2026 §4.2.2), whatever this says.
    pub round_2012: bool,
    /// Which PM value scores the 2012 real-time AQI.
    pub hourly_pm_2012: HourlyPm2012,
    /// Whether the O3 8-hour moving mean enters the 2012 real-time AQI. It is a real-time
    /// indicator of HJ 633—2012 and its IAQI is always reported, but the national real-time
    /// AQI leaves it out (13,800 CNEMC station-hours of 2023-01-20/23 would differ otherwise),
    /// so the default is `false`. HJ 633—2026 has no such indicator.
    pub o3_8h_in_hourly_aqi_2012: bool,
}

impl Default for AqiOptions {
    fn default() -> Self {
        AqiOptions {
            round_2012: false,
            hourly_pm_2012: HourlyPm2012::OneHour,
            o3_8h_in_hourly_aqi_2012: false,
        }
    }
}

/// Why a sub-index is not the plain interpolation of its own concentration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// Beyond the table's top breakpoint: scored 500 and flagged. Neither version defines
    /// this case; capping at 500 is the common practice (standards.md 1.2, UNVERIFIED).
    AboveTable,
    /// SO2 1-hour > 800 ug/m3 under 2026: IAQI 200 (HJ 633—2026 表3 note b).
    So2Over800Is200,
    /// SO2 1-hour > 800 ug/m3 under 2012: the IAQI of the 24-hour moving SO2 mean is reported
    /// (HJ 633—2012 表1 note 2). Without that mean the SO2 sub-index is missing.
    So2Over800UsesDay,
    /// O3 8-hour > 800 ug/m3 under 2026: IAQI 300 (HJ 633—2026 表3 note c).
    O3EightHourOver800Is300,
    /// O3 8-hour > 800 ug/m3 under 2012: the IAQI of the O3 1-hour value is reported
    /// (HJ 633—2012 表1 note 3). Without a 1-hour value the sub-index is missing.
    O3EightHourOver800UsesHour,
}

impl Note {
    /// A short English description.
    pub fn describe(self) -> &'static str {
        match self {
            Note::AboveTable => "above the top breakpoint: scored 500",
            Note::So2Over800Is200 => {
                "SO2 1-h above 800 ug/m3: IAQI 200 (HJ 633-2026 table 3 note b)"
            }
            Note::So2Over800UsesDay => {
                "SO2 1-h above 800 ug/m3: IAQI of the 24-h SO2 mean (HJ 633-2012 table 1 note 2)"
            }
            Note::O3EightHourOver800Is300 => {
                "O3 8-h above 800 ug/m3: IAQI 300 (HJ 633-2026 table 3 note c)"
            }
            Note::O3EightHourOver800UsesHour => {
                "O3 8-h above 800 ug/m3: IAQI of the O3 1-h value (HJ 633-2012 table 1 note 3)"
            }
        }
    }
}

/// The score of one slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlotScore {
    /// The concentration as given (before rounding).
    pub concentration: Concentration,
    /// The sub-index; `None` when a special case has nothing to substitute.
    pub iaqi: Option<Aqi>,
    /// Whether this slot enters the AQI in this report.
    pub in_aqi: bool,
    /// Why the sub-index is special, if it is.
    pub note: Option<Note>,
}

/// The AQI of one report.
#[derive(Clone, Debug, PartialEq)]
pub struct AqiResult {
    /// The version that scored it.
    pub standard: Standard,
    /// Real-time or daily.
    pub period: Period,
    /// Per slot, in [`Slot::ALL`] order; `None` for a slot with no value or not an indicator
    /// of this report.
    pub slots: [Option<SlotScore>; 7],
    /// The published AQI; `None` is NA (no data, or withheld under 2026 §5.3.1).
    pub aqi: Option<Aqi>,
    /// The maximum sub-index of the available indicators, even when the AQI is withheld.
    pub max_iaqi: Option<Aqi>,
    /// Primary pollutants (首要污染物, ties kept); empty unless the AQI is published and > 50.
    pub primary: SlotSet,
    /// Indicators of this report that had no usable value.
    pub missing: SlotSet,
    /// Values given for slots that are not indicators of this report (the O3 8-hour mean in
    /// the 2026 real-time report, the O3 1-hour maximum in the 2026 daily report).
    pub ignored: SlotSet,
}

impl AqiResult {
    /// The sub-index of a slot.
    pub fn iaqi(&self, slot: Slot) -> Option<Aqi> {
        self.slots[slot as usize].and_then(|s| s.iaqi)
    }

    /// The level of the published AQI.
    pub fn level(&self) -> Option<AqiLevel> {
        self.aqi.map(Aqi::level)
    }

    /// Is the AQI computed but withheld (HJ 633—2026 §5.3.1)?
    pub fn withheld(&self) -> bool {
        self.aqi.is_none() && self.max_iaqi.is_some()
    }
}

/// Does `slot` enter the AQI of this report? (standards.md 1.6)
fn enters_aqi(standard: Standard, period: Period, slot: Slot, opts: &AqiOptions) -> bool {
    match (standard, period, slot) {
        // 2026 real-time: six 1-hour values only; daily: six indicators, no O3 1-hour maximum.
        (Standard::Hj633_2026, Period::Hour, Slot::O3EightHour) => false,
        (Standard::Hj633_2026, Period::Day, Slot::O3) => false,
        (Standard::Hj633_2012, Period::Hour, Slot::O3EightHour) => opts.o3_8h_in_hourly_aqi_2012,
        _ => true,
    }
}

/// Is `slot` reported at all (its IAQI shown) in this report?
fn is_indicator(standard: Standard, period: Period, slot: Slot) -> bool {
    !matches!(
        (standard, period, slot),
        (Standard::Hj633_2026, Period::Hour, Slot::O3EightHour)
            | (Standard::Hj633_2026, Period::Day, Slot::O3)
    )
}

/// Does the 2012 real-time report score PM by its 24-hour moving means ([`HourlyPm2012`])?
fn moving_pm(standard: Standard, period: Period, opts: &AqiOptions) -> bool {
    standard == Standard::Hj633_2012
        && period == Period::Hour
        && opts.hourly_pm_2012 == HourlyPm2012::Moving24h
}

/// The concentration that scores `slot`: the 24-hour moving PM means when `moving_pm`.
fn slot_value(readings: &Readings, slot: Slot, moving_pm: bool) -> Option<Concentration> {
    match slot {
        Slot::Pm25 if moving_pm => readings.pm25_24h,
        Slot::Pm10 if moving_pm => readings.pm10_24h,
        _ => readings.get(slot),
    }
}

/// Plain 式1 of one concentration on one table, with the version's rounding (GB/T 8170 under
/// HJ 633—2026 or with [`AqiOptions::round_2012`], else the exact value); `None` above the
/// table's top.
pub(crate) fn interpolate(
    standard: Standard,
    table: Table,
    c: Concentration,
    opts: &AqiOptions,
) -> Option<u16> {
    let bps = breakpoints(standard, table);
    let round = standard == Standard::Hj633_2026 || opts.round_2012;
    if round {
        let units = c.round_half_even_to(table.micro_per_unit());
        // Values are bounded by MAX_CONCENTRATION, so this never saturates in practice.
        bps.iaqi_int(u32::try_from(units).unwrap_or(u32::MAX))
    } else {
        let (num, den) = c.micro_ratio();
        let per_unit = table.micro_per_unit();
        if den == 1 && num % per_unit == 0 {
            // A whole number of table units (most readings as published): the integer kernel
            // gives the same value as the rational one, without 128-bit divisions.
            return bps.iaqi_int(u32::try_from(num / per_unit).unwrap_or(u32::MAX));
        }
        bps.iaqi_ratio(u128::from(num), u128::from(den) * u128::from(per_unit))
    }
}

/// The sub-index of a slot with the special cases of HJ 633 表1/表3 notes.
fn sub_index(
    standard: Standard,
    period: Period,
    slot: Slot,
    c: Concentration,
    r: &Readings,
    opts: &AqiOptions,
) -> (Option<Aqi>, Option<Note>) {
    let table = slot.table(period);
    if let Some(v) = interpolate(standard, table, c, opts) {
        return (Some(Aqi::new(v)), None);
    }
    match (table, standard) {
        (Table::So2Hour, Standard::Hj633_2026) => {
            (Some(Aqi::new(200)), Some(Note::So2Over800Is200))
        }
        (Table::So2Hour, Standard::Hj633_2012) => {
            let day = r
                .so2_24h
                .map(|d| interpolate(standard, Table::So2Day, d, opts).unwrap_or(500));
            (day.map(Aqi::new), Some(Note::So2Over800UsesDay))
        }
        (Table::O3EightHour, Standard::Hj633_2026) => {
            (Some(Aqi::new(300)), Some(Note::O3EightHourOver800Is300))
        }
        (Table::O3EightHour, Standard::Hj633_2012) => {
            let hour =
                r.o3.map(|h| interpolate(standard, Table::O3Hour, h, opts).unwrap_or(500));
            (hour.map(Aqi::new), Some(Note::O3EightHourOver800UsesHour))
        }
        _ => (Some(Aqi::MAX), Some(Note::AboveTable)),
    }
}

/// What [`score`] gives as `max_iaqi` and the first of its `primary` pollutants (in
/// [`Slot::ALL`] order), without the per-slot detail: the rolling 24-hour AQI of every
/// city-hour of a batch needs only these, and building a whole [`AqiResult`] for each of a
/// national year's three million was a tenth of the batch's work. The same rules in the same
/// order as [`score`], and a slot that cannot raise the maximum is not interpolated; a
/// property test holds the two together.
pub fn max_and_primary(
    readings: &Readings,
    period: Period,
    standard: Standard,
    opts: &AqiOptions,
) -> (Option<Aqi>, Option<Slot>) {
    let moving_pm = moving_pm(standard, period, opts);
    let mut max: Option<Aqi> = None;
    let mut first_at_max = None;
    let mut missing = false;
    for slot in Slot::ALL {
        if !is_indicator(standard, period, slot) || !enters_aqi(standard, period, slot, opts) {
            continue;
        }
        let Some(c) = slot_value(readings, slot, moving_pm) else {
            missing = true;
            continue;
        };
        if max.is_some_and(|m| cannot_exceed(standard, slot.table(period), c, m)) {
            continue;
        }
        match sub_index(standard, period, slot, c, readings, opts).0 {
            // Ties keep the first slot, as `primary.iter().next()` does.
            Some(v) if max.is_none_or(|m| v > m) => {
                max = Some(v);
                first_at_max = Some(slot);
            }
            Some(_) => {}
            None => missing = true,
        }
    }
    let withheld =
        standard == Standard::Hj633_2026 && missing && max.is_some_and(|m| m.value() <= 100);
    let primary = first_at_max.filter(|_| !withheld && max.is_some_and(|m| m.value() > 50));
    (max, primary)
}

/// Is the sub-index of `c` on `table` surely at most `m`, without computing it? True when
/// `c` lies at or below a breakpoint whose IAQI is at most `m`: the sub-index does not
/// decrease with the concentration, and the rounding of HJ 633—2026 never carries a value
/// past a breakpoint (they are whole table units). One multiplication, where the sub-index
/// takes two divisions; most slots of an hour lie far below the highest one.
fn cannot_exceed(standard: Standard, table: Table, c: Concentration, m: Aqi) -> bool {
    // From the bottom: the maximum is most often under 100, two breakpoints up.
    let Some(p) = breakpoints(standard, table)
        .points
        .iter()
        .take_while(|p| p.iaqi <= m.value())
        .last()
    else {
        return false;
    };
    let (num, den) = c.micro_ratio();
    u128::from(num) <= u128::from(p.conc) * u128::from(table.micro_per_unit()) * u128::from(den)
}

/// Scores `readings` as a report of `period` under `standard`.
///
/// The AQI is the maximum sub-index of the indicators that enter it (式2), computed from the
/// available ones when some are missing (2026 §5.3.1). Under HJ 633—2026 an AQI of 100 or less
/// with a missing indicator is withheld (NA); 2012 has no such rule and publishes it.
pub fn score(
    readings: &Readings,
    period: Period,
    standard: Standard,
    opts: &AqiOptions,
) -> AqiResult {
    let mut slots = [None; 7];
    let mut missing = SlotSet::EMPTY;
    let mut ignored = SlotSet::EMPTY;
    let mut max: Option<Aqi> = None;
    let moving_pm = moving_pm(standard, period, opts);
    for slot in Slot::ALL {
        if !is_indicator(standard, period, slot) {
            if readings.get(slot).is_some() {
                ignored.insert(slot);
            }
            continue;
        }
        let value = slot_value(readings, slot, moving_pm);
        let in_aqi = enters_aqi(standard, period, slot, opts);
        let Some(c) = value else {
            if in_aqi {
                missing.insert(slot);
            }
            continue;
        };
        let (iaqi, note) = sub_index(standard, period, slot, c, readings, opts);
        match iaqi {
            Some(v) if in_aqi => max = max.max(Some(v)),
            None if in_aqi => missing.insert(slot),
            _ => {}
        }
        slots[slot as usize] = Some(SlotScore {
            concentration: c,
            iaqi,
            in_aqi,
            note,
        });
    }
    let withheld = standard == Standard::Hj633_2026
        && !missing.is_empty()
        && max.is_some_and(|m| m.value() <= 100);
    let aqi = if withheld { None } else { max };
    let primary = match aqi {
        Some(a) if a.value() > 50 => Slot::ALL
            .into_iter()
            .filter(|&s| slots[s as usize].is_some_and(|x| x.in_aqi && x.iaqi == Some(a)))
            .collect(),
        _ => SlotSet::EMPTY,
    };
    AqiResult {
        standard,
        period,
        slots,
        aqi,
        max_iaqi: max,
        primary,
        missing,
        ignored,
    }
}
