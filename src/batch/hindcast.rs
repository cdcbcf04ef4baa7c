//! The warning hindcast of a batch, city by city with bounded memory.
//!
//! The classification of a city's warnings needs its whole series (a warning can run across
//! New Year, a process is decided on all its days, the lifting rule bridges dips), but a
//! batch without regions or dispatch orders classifies every city on its own series alone.
//! So the series are not kept in memory for all cities at once: each city's hindcast values
//! go to a [`Spill`] as they are computed (4 bytes an hour under the rolling basis, 8 bytes a
//! day under the daily basis), and at the end each city is read back and classified on a
//! grid of one city with the run's common start and length: the same series, the same
//! warnings, in the same order, as one grid of every city would give. The cities are
//! classified in parallel, each holding only its own series.

use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use super::spill::{self, Spill, Spilled};
use crate::alert::grid::CitySeries;
use crate::alert::{Basis, Grid, Hour, RuleSet, Warning, classify};
use crate::aqi::Slot;

/// A city's hindcast values as they come, spilled.
pub(super) struct Recorder {
    spill: Spill,
}

/// One city's rolling 24-hour AQI encoded as the spill holds them: 4 bytes an hour from the
/// run's first label, the hours without a value zeros. Built for many cities at once
/// ([`super::cities`]), handed to [`Recorder::hours`] in order.
#[derive(Default)]
pub(super) struct HourLog {
    /// Hours encoded so far (the next hour's offset).
    hours: usize,
    /// Encoded, not yet handed on.
    pub bytes: Vec<u8>,
}

impl HourLog {
    /// The value at `offset` hours after the first label (offsets increase).
    pub(super) fn hour(&mut self, offset: usize, h: &Hour) {
        let gap = offset.saturating_sub(self.hours);
        self.hours = offset + 1;
        self.bytes.resize(self.bytes.len() + 4 * gap, 0);
        self.bytes.extend_from_slice(&encode(h));
    }
}

/// An hour in 4 bytes: the AQI (2), whether there is one (1), the primary slot + 1 or 0 (1).
/// A batch never has a cause. The default hour is all zeros, so gaps are zeros.
fn encode(h: &Hour) -> [u8; 4] {
    debug_assert!(h.cause.is_none(), "a batch hour has no cause");
    let [lo, hi] = h.aqi.unwrap_or(0).to_le_bytes();
    let primary = h.primary.map_or(0, |s| s as u8 + 1);
    [lo, hi, u8::from(h.aqi.is_some()), primary]
}

fn decode(b: &[u8]) -> Hour {
    Hour {
        aqi: (b[2] != 0).then(|| u16::from_le_bytes([b[0], b[1]])),
        primary: (b[3] != 0).then(|| Slot::ALL[usize::from(b[3] - 1)]),
        cause: None,
    }
}

impl Recorder {
    pub(super) fn new(dir: Option<&Path>) -> io::Result<Recorder> {
        Ok(Recorder {
            spill: Spill::new(dir, spill::LIMIT)?,
        })
    }

    /// Rolling 24-hour AQI of city `city`, as [`HourLog`] encoded them.
    pub(super) fn hours(&mut self, city: usize, bytes: &[u8]) -> io::Result<()> {
        self.spill.push(city, bytes)
    }

    /// The daily AQI of city `city` on `date` (daily basis).
    pub(super) fn day(&mut self, city: usize, date: NaiveDate, h: &Hour) -> io::Result<()> {
        let mut rec = [0u8; 8];
        rec[..4].copy_from_slice(&date.num_days_from_ce().to_le_bytes());
        rec[4..].copy_from_slice(&encode(h));
        self.spill.push(city, &rec)
    }

    pub(super) fn finish(self) -> io::Result<Spilled> {
        self.spill.finish()
    }
}

/// The run's hindcast axis: hours from `start` (the first city-day's 01:00), `len` of them,
/// and the run's first label (rolling offsets count from it).
pub(super) struct Axis {
    pub start: NaiveDateTime,
    pub len: usize,
    pub first_label: NaiveDateTime,
    pub first_day: NaiveDate,
    pub basis: Basis,
}

/// One city's row of the grid, read back from the spill.
fn series(spilled: &Spilled, city: usize, name: &str, axis: &Axis) -> io::Result<CitySeries> {
    let mut bytes = Vec::new();
    spilled.read(city, &mut bytes)?;
    let hours = match axis.basis {
        Basis::Rolling24 => {
            // The hours start at the run's first label: moved to start at `start`, padded to
            // `len`.
            let mut hours: Vec<Hour> = bytes.chunks_exact(4).map(decode).collect();
            let shift = (axis.start - axis.first_label).num_hours();
            if shift >= 0 {
                hours.drain(..(shift as usize).min(hours.len()));
            } else {
                let pad = std::iter::repeat_n(Hour::default(), shift.unsigned_abs() as usize);
                hours.splice(0..0, pad);
            }
            hours.resize(axis.len, Hour::default());
            hours
        }
        Basis::Daily => {
            // Each day's AQI held over its 24 hours.
            let mut hours = vec![Hour::default(); axis.len];
            for rec in bytes.chunks_exact(8) {
                let days = i32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]);
                let date = NaiveDate::from_num_days_from_ce_opt(days).expect("a date we wrote");
                let i0 = ((date - axis.first_day).num_days() as usize) * 24;
                hours[i0..i0 + 24].fill(decode(&rec[4..]));
            }
            hours
        }
    };
    Ok(CitySeries {
        city: name.to_string(),
        county: None,
        hours,
        published: Vec::new(),
    })
}

/// The warnings of every city (`(index, name)`, in name order), each classified on its own:
/// by city, then start, as a grid of every city gives them.
pub(super) fn warnings(
    spilled: &Spilled,
    cities: &[(usize, String)],
    axis: &Axis,
    rules: &RuleSet,
) -> io::Result<Vec<Warning>> {
    let per_city: Vec<Vec<Warning>> = cities
        .par_iter()
        .map(|(ci, name)| {
            let grid = Grid {
                start: axis.start,
                len: axis.len,
                basis: axis.basis,
                cities: vec![series(spilled, *ci, name, axis)?],
                counties: Vec::new(),
            };
            Ok(classify(&grid, rules, &[], &[]).warnings)
        })
        .collect::<io::Result<_>>()?;
    Ok(per_city.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_trip_in_four_bytes() {
        let hs = [
            Hour::default(),
            Hour {
                aqi: Some(0),
                primary: None,
                cause: None,
            },
            Hour {
                aqi: Some(u16::MAX),
                primary: Some(Slot::O3EightHour),
                cause: None,
            },
            Hour {
                aqi: None,
                primary: Some(Slot::Pm25),
                cause: None,
            },
        ];
        for h in hs {
            assert_eq!(decode(&encode(&h)), h);
        }
        assert_eq!(encode(&Hour::default()), [0; 4]);
    }
}
