//! The rows of one hour of one long file merged per site, and the repeated-hour artefact of a
//! daylight-saving clock.
//!
//! A per-parameter file gives a site-hour in several rows (one per pollutant); they become one
//! site-hour here. A file written by software that kept another country's daylight-saving
//! clock shows, on the day of the switch, one hour twice with different values and the hour
//! before or after it missing. Such a pair is recognised here, per site and pollutant, when the
//! hour's frame is complete and the next one is known (a neighbour counts as missing when the
//! file goes on past it without a value for that site and pollutant; the first and last hours
//! of a file have no neighbour to miss): both values are skipped (which of the
//! two belongs to the missing hour cannot be known, and a mean of two hours is no hourly
//! value) and the reader reports it. A repeat with both neighbours present is an ordinary
//! conflict, left to the merge of all inputs, which reports it as such.

use chrono::{Duration, NaiveDateTime};

use super::sites::SiteId;
use super::{HourFrame, SiteHour};
use crate::aqi::Slot;
use crate::units::Concentration;

/// One repeated hour of one site and pollutant, whose values were removed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Artefact {
    pub site: SiteId,
    pub slot: Slot,
    /// The hour given twice.
    pub time: NaiveDateTime,
    /// The neighbouring hour that is absent.
    pub absent: NaiveDateTime,
    pub first: Concentration,
    pub first_line: u64,
    pub second: Concentration,
    pub second_line: u64,
}

impl Artefact {
    /// The defect message, naming the station (the first artefact of a file is reported).
    pub(crate) fn message(&self, station: &str) -> String {
        let fmt = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        format!(
            "{} of station '{station}' at {} given twice with different values ({} here, {} on \
             line {}) and {} absent: the clock of a zone with daylight saving (an hour repeated, \
             its neighbour skipped); both skipped, as are later repeats of this file (counted in \
             a note)",
            self.slot.name(),
            fmt(self.time),
            self.second,
            self.first,
            self.first_line,
            fmt(self.absent),
        )
    }
}

/// The merge state of one file: what the previous hour held.
#[derive(Debug, Default)]
pub(crate) struct Pivot {
    /// The previous frame's time, and which slots each of its rows had (a bit per slot). A
    /// buffer reused frame after frame: this runs once per hour of every long file.
    prev: Option<NaiveDateTime>,
    prev_rows: Vec<(SiteId, u8)>,
    spare: Vec<(SiteId, u8)>,
}

/// The slots a row has, one bit each.
fn bits(r: &SiteHour) -> u8 {
    r.values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_some())
        .fold(0, |b, (i, _)| b | 1 << i)
}

fn has(frame: &HourFrame, site: SiteId, slot: usize) -> bool {
    frame
        .rows
        .iter()
        .any(|r| r.site == site && r.values[slot].is_some())
}

impl Pivot {
    /// Merges the rows of `frame` per site and removes the values of repeated hours, which it
    /// returns. `next` is the file's next frame, if any.
    pub(crate) fn settle(
        &mut self,
        frame: &mut HourFrame,
        next: Option<&HourFrame>,
    ) -> Vec<Artefact> {
        let t = frame.time;
        let hour = Duration::hours(1);
        let before = t - hour;
        let after = t + hour;
        let prev = self.prev.replace(t);
        let prev_rows = std::mem::take(&mut self.prev_rows);
        let had_before = |site: SiteId, slot: usize| {
            prev == Some(before)
                && prev_rows
                    .iter()
                    .any(|(s, b)| *s == site && b & (1 << slot) != 0)
        };
        let has_after =
            |site: SiteId, slot: usize| next.is_some_and(|n| n.time == after && has(n, site, slot));
        let mut present = std::mem::take(&mut self.spare);
        present.clear();
        present.extend(frame.rows.iter().map(|r| (r.site, bits(r))));
        if frame.rows.len() < 2 {
            // One row (a per-station file with a column per pollutant): nothing to merge.
            self.spare = prev_rows;
            self.prev_rows = present;
            return Vec::new();
        }
        let mut rows = std::mem::take(&mut frame.rows);
        rows.sort_by_key(|r| (r.site, r.line));
        let mut artefacts = Vec::new();
        let mut out: Vec<SiteHour> = Vec::with_capacity(rows.len());
        for group in rows.chunk_by_mut(|a, b| a.site == b.site) {
            let site = group[0].site;
            let mut conflict = false;
            for slot in 0..7 {
                let mut given = group
                    .iter()
                    .filter_map(|r| r.values[slot].map(|v| (v, r.line)));
                let Some((first, first_line)) = given.next() else {
                    continue;
                };
                let Some((second, second_line)) = given.find(|(v, _)| *v != first) else {
                    continue;
                };
                // A neighbour is missing only inside the file: the first or last hour of a
                // file has no neighbour to miss.
                let gap_before = prev.is_some() && !had_before(site, slot);
                let gap_after = next.is_some() && !has_after(site, slot);
                if !gap_before && !gap_after {
                    conflict = true;
                    continue;
                }
                for r in group.iter_mut() {
                    r.values[slot] = None;
                }
                artefacts.push(Artefact {
                    site,
                    slot: Slot::ALL[slot],
                    time: t,
                    absent: if gap_after { after } else { before },
                    first,
                    first_line,
                    second,
                    second_line,
                });
            }
            if conflict {
                // Left to the merge of all inputs, which reports conflicts.
                out.extend(group.iter().cloned());
                continue;
            }
            let mut merged = group[0].clone();
            for r in &group[1..] {
                for (m, v) in merged.values.iter_mut().zip(r.values) {
                    if m.is_none() {
                        *m = v;
                    }
                }
            }
            out.push(merged);
        }
        frame.rows = out;
        self.prev_rows = present;
        self.spare = prev_rows;
        artefacts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::FileId;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2017, 3, 12)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn row(site: u32, slot: Slot, v: u32, line: u64) -> SiteHour {
        let mut values = [None; 7];
        values[slot as usize] = Some(Concentration::from_units(v));
        SiteHour {
            site: SiteId(site),
            values,
            file: FileId(0),
            line,
        }
    }

    fn frame(h: u32, rows: Vec<SiteHour>) -> HourFrame {
        HourFrame { time: at(h), rows }
    }

    #[test]
    fn per_parameter_rows_merge() {
        let mut p = Pivot::default();
        let mut f = frame(1, vec![row(0, Slot::Pm25, 35, 2), row(0, Slot::O3, 80, 3)]);
        assert!(p.settle(&mut f, None).is_empty());
        assert_eq!(f.rows.len(), 1);
        assert_eq!(f.rows[0].line, 2);
        assert_eq!(
            f.rows[0].values[Slot::O3 as usize],
            Some(Concentration::from_units(80))
        );
        assert_eq!(
            f.rows[0].values[Slot::Pm25 as usize],
            Some(Concentration::from_units(35))
        );
    }

    #[test]
    fn repeated_hour_with_a_missing_neighbour_is_the_artefact() {
        let mut p = Pivot::default();
        let mut f1 = frame(1, vec![row(0, Slot::Pm25, 30, 2)]);
        p.settle(&mut f1, None);
        let mut f2 = frame(
            2,
            vec![row(0, Slot::Pm25, 40, 3), row(0, Slot::Pm25, 44, 4)],
        );
        let next = frame(4, vec![row(0, Slot::Pm25, 50, 5)]);
        let a = p.settle(&mut f2, Some(&next));
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].time, a[0].absent), (at(2), at(3)));
        assert_eq!((a[0].first_line, a[0].second_line), (3, 4));
        assert!(f2.rows[0].values.iter().all(Option::is_none));
        // With both neighbours: an ordinary conflict, rows left apart.
        let mut p = Pivot::default();
        p.settle(&mut frame(1, vec![row(0, Slot::Pm25, 30, 2)]), None);
        let mut f2 = frame(
            2,
            vec![row(0, Slot::Pm25, 40, 3), row(0, Slot::Pm25, 44, 4)],
        );
        let next = frame(3, vec![row(0, Slot::Pm25, 50, 5)]);
        assert!(p.settle(&mut f2, Some(&next)).is_empty());
        assert_eq!(f2.rows.len(), 2);
        // At the end of the file nothing is missing: a conflict.
        let mut p = Pivot::default();
        p.settle(&mut frame(1, vec![row(0, Slot::Pm25, 30, 2)]), None);
        let mut f2 = frame(
            2,
            vec![row(0, Slot::Pm25, 40, 3), row(0, Slot::Pm25, 44, 4)],
        );
        assert!(p.settle(&mut f2, None).is_empty());
        // A gap before, the file going on after.
        let mut p = Pivot::default();
        p.settle(&mut frame(1, vec![row(0, Slot::Pm25, 30, 2)]), None);
        let mut f3 = frame(
            3,
            vec![row(0, Slot::Pm25, 40, 3), row(0, Slot::Pm25, 44, 4)],
        );
        let next = frame(4, vec![row(0, Slot::Pm25, 50, 5)]);
        let a = p.settle(&mut f3, Some(&next));
        assert_eq!((a.len(), a[0].absent), (1, at(2)));
        // Identical repeats are harmless.
        let mut f = frame(
            5,
            vec![row(0, Slot::Pm25, 40, 3), row(0, Slot::Pm25, 40, 4)],
        );
        assert!(Pivot::default().settle(&mut f, None).is_empty());
        assert_eq!(f.rows.len(), 1);
    }
}
