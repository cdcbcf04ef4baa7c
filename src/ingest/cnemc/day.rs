//! The values of one archive file as read: an hour block per hour, one row of columns per
//! indicator, in integer micro-units.

use chrono::NaiveDateTime;

use crate::ingest::sites::SiteId;
use crate::ingest::{FileId, HourFrame, SiteHour, Values};
use crate::units::Concentration;

/// A missing value in an [`HourBlock`].
pub(crate) const NONE: u64 = u64::MAX;

/// The indicators a file's rows are read into, in [`crate::aqi::Slot`] order.
pub(crate) const SLOTS: usize = 7;

/// One hour of a file: every column's values of the seven indicators, as micro-units of the
/// pollutant's unit (parsed cells are exact to the micro-unit, see [`crate::units`]).
#[derive(Clone, Debug)]
pub(crate) struct HourBlock {
    /// The hour's label.
    pub time: NaiveDateTime,
    /// The line of the hour's first row that was read.
    pub line: u64,
    /// `values[slot * width + column]`, [`NONE`] where missing.
    pub values: Vec<u64>,
}

impl HourBlock {
    /// Whether column `col` of a block `width` columns wide has any value (a site-hour).
    pub fn has_any(&self, width: usize, col: usize) -> bool {
        (0..SLOTS).any(|s| self.values[s * width + col] != NONE)
    }

    /// The values of column `col` of a block `width` columns wide.
    pub fn column(&self, width: usize, col: usize) -> Values {
        std::array::from_fn(|s| {
            let v = self.values[s * width + col];
            (v != NONE).then(|| Concentration::from_micro(v).expect("checked when parsed"))
        })
    }
}

/// A CNEMC file read whole.
#[derive(Clone, Debug, Default)]
pub(crate) struct DayFile {
    /// The site of each column (`None` for `date`, `hour`, `type` and empty headers).
    pub columns: Vec<Option<SiteId>>,
    /// The hours in time order.
    pub hours: Vec<HourBlock>,
    /// Per column: hours with any value, and valid values per slot.
    pub counts: Vec<(u64, [u64; SLOTS])>,
}

impl DayFile {
    /// Number of columns (the header's width).
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// The hour frames of the stream: one row per column with any value.
    pub fn into_frames(self, file: FileId) -> Vec<HourFrame> {
        self.hours
            .iter()
            .map(|h| HourFrame {
                time: h.time,
                rows: (0..self.width())
                    .filter_map(|col| {
                        let site = self.columns[col]?;
                        h.has_any(self.width(), col).then(|| SiteHour {
                            site,
                            values: h.column(self.width(), col),
                            file,
                            line: h.line,
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}
