//! The reductions of a schedule's window, computed once for the accounting, the projection and
//! the writers: the enterprises' cuts (verifiable: the list's reductions as given, the catalog's
//! actions on each row's baseline; checked on site through power use and online monitoring,
//! practice.md 6) apart from the estimated effects of the traffic, dust and other orders (a
//! share of a sector's inventory the catalog assumes; no source quantifies them, standards.md
//! 7.2-7.3).
//!
//! Exact: micro-tonnes per day times parts per million (`u128`), like the accounting.

use super::Inputs;
use crate::emissions::{Basis, EmissionPollutant, PerPollutant, PerSector, Sector};
use crate::measures::schedule::Schedule;

/// Reductions in micro-tonnes/day x 10^6, per pollutant.
pub type Rates = PerPollutant<u128>;

/// The reductions of one window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WindowReduction {
    /// The enterprises' cuts (industry sector), verifiable.
    pub listed: Rates,
    /// The orders' estimated effects, by the sector they act on. Each sector's estimate is
    /// capped so that, with the enterprises' cuts, it never removes more than the sector emits.
    pub estimated: PerSector<Rates>,
}

impl WindowReduction {
    /// The orders' estimated effects over all sectors.
    pub fn estimated_total(&self) -> Rates {
        self.estimated
            .iter()
            .fold(Rates::default(), |a, (_, r)| a + *r)
    }

    /// What counts toward the targets on a basis.
    pub fn counted(&self, basis: Basis) -> Rates {
        match basis {
            Basis::Listed => self.listed,
            Basis::WithEstimates => self.listed + self.estimated_total(),
        }
    }

    /// Everything removed, by sector (the enterprises' cuts in industry).
    pub fn by_sector(&self) -> PerSector<Rates> {
        let mut out = self.estimated;
        out[Sector::Industry] += self.listed;
        out
    }
}

/// The reductions of window `w` of the schedule.
pub fn window_reduction(scn: &Inputs<'_>, s: &Schedule, w: usize) -> WindowReduction {
    let mut out = WindowReduction::default();
    for a in s.actions.iter().filter(|a| a.window == w) {
        // What each action adds over its seasonal baseline (错峰): never a tonne twice.
        out.listed += a.credited(&scn.enterprises[a.enterprise]);
    }
    let city = &s.windows[w].city;
    let Some(inv) = scn.inventory else {
        return out;
    };
    for o in s.orders.iter().filter(|o| o.window == w) {
        let Some(sector) = inv.sector(city, o.measure.sector) else {
            continue;
        };
        let est = &mut out.estimated[o.measure.sector];
        for p in EmissionPollutant::ALL {
            est[p] +=
                u128::from(sector.get(p).micro()) * u128::from(o.measure.effect[p as usize].ppm());
        }
    }
    // A sector cannot lose more than it emits.
    for sector in Sector::ALL {
        let Some(emitted) = inv.sector(city, sector) else {
            continue;
        };
        let already = if sector == Sector::Industry {
            out.listed
        } else {
            Rates::default()
        };
        let est = &mut out.estimated[sector];
        for p in EmissionPollutant::ALL {
            let room = (u128::from(emitted.get(p).micro()) * 1_000_000).saturating_sub(already[p]);
            est[p] = est[p].min(room);
        }
    }
    out
}
