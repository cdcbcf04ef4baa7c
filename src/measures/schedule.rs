//! The measure schedule: from the final warning levels of each city, the windows of constant
//! level (and stricter regime), and in each window the orders in force (one per subject, in
//! the city's own wording) and what every enterprise must do, from when to when, with the
//! transport rule of its level.
//!
//! Protected enterprises are never curtailed and A+/A/引领性 only reduce voluntarily: both are
//! enforced by [`Catalog::action`] whatever a catalog says.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::catalog::TransportRule;
use super::catalog::{Catalog, SectorMeasure};
use super::model::{Action, Enterprise};
use super::orders::CityOrders;
use crate::alert::{Classification, DispatchOrder, Grid, Region, WarningLevel};
use crate::emissions::{EmissionPollutant, PerPollutant, Share};
use std::collections::BTreeMap;

/// What the schedule reads: the parts of a scenario it uses, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The measure catalog.
    pub catalog: &'a Catalog,
    /// The emergency reduction list (一厂一策), one entry per enterprise or line.
    pub enterprises: &'a [Enterprise],
    /// Each city's own wording of the catalog's orders (a city without one takes the catalog's).
    pub city_orders: &'a BTreeMap<String, CityOrders>,
    /// The regions, for their stricter regime (加严).
    pub regions: &'a [Region],
    /// The provincial dispatch orders, for theirs.
    pub dispatch: &'a [DispatchOrder],
}

/// A period of one city at one level and regime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// City.
    pub city: String,
    /// Level in force.
    pub level: WarningLevel,
    /// Stricter measures (加严) in force: the linkage of a region that demands them is in force
    /// for the city, or a dispatch order covering it demands them.
    pub stricter: bool,
    /// Start (the beginning of the first hour).
    pub start: NaiveDateTime,
    /// End (the end of the last hour).
    pub end: NaiveDateTime,
    /// Grid hours `[from, to)` of the window.
    pub hours: (usize, usize),
}

/// One enterprise action in one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnterpriseAction {
    /// Index of the window in [`Schedule::windows`].
    pub window: usize,
    /// Index of the enterprise in the scenario's list.
    pub enterprise: usize,
    /// What it must do.
    pub action: Action,
    /// Added by `tighten` to meet the target (not the catalog's rule).
    pub added: bool,
    /// The action `tighten` strengthened (the list's or the catalog's), if it replaced one.
    pub replaced: Option<Action>,
    /// The list's own measure for the enterprise and level (一厂一策), not the catalog's.
    pub listed: bool,
    /// The share of its production the enterprise has off for the season during the window
    /// (错峰, [`super::seasonal`]); 0 outside a seasonal control.
    pub seasonal: Share,
    /// The catalog's transport rule at the level (no 国四/国五 heavy trucks at orange/red;
    /// practice.md 4: part of the list's enterprise actions), if it has one.
    pub transport: Option<TransportRule>,
}

/// Where an enterprise action comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionSource {
    /// The bureau's list gives the measure and its reduction for this level (used as given).
    List,
    /// The measure catalog's rule for the industry, grade and level.
    Catalog,
    /// Added by `tighten` to meet a target.
    Tighten,
}

impl ActionSource {
    /// `list`, `catalog`, `tighten`.
    pub fn id(self) -> &'static str {
        match self {
            ActionSource::List => "list",
            ActionSource::Catalog => "catalog",
            ActionSource::Tighten => "tighten",
        }
    }
}

impl EnterpriseAction {
    /// What the action adds over the season, per pollutant (micro-tonnes/day x 10^6): the
    /// reduction that counts.
    pub fn credited(&self, e: &Enterprise) -> PerPollutant<u128> {
        credited(&self.action, e, self.seasonal)
    }

    /// Where the action comes from.
    pub fn source(&self) -> ActionSource {
        match (self.added, self.listed) {
            (true, _) => ActionSource::Tighten,
            (false, true) => ActionSource::List,
            (false, false) => ActionSource::Catalog,
        }
    }
}

/// One order in one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// Index of the window.
    pub window: usize,
    /// The catalog's order with the city's texts ([`Catalog::orders_in_force`]).
    pub measure: SectorMeasure,
}

/// The schedule of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Windows, by city (scenario order), then start.
    pub windows: Vec<Window>,
    /// Enterprise actions (none for `Action::None`), by window then enterprise.
    pub actions: Vec<EnterpriseAction>,
    /// Orders, by window.
    pub orders: Vec<Order>,
}

/// Is the stricter regime in force for city `ci` at grid hour `t`?
///
/// 加严 is ordered per episode ("太原及周边'1+30'区域要采取加严措施", practice.md 5), not for good: a
/// region's `stricter` applies while its linkage is in force (the region's trigger holds, held
/// through short dips like a warning), a dispatch order's within its window. A region without a
/// trigger has no linkage, so its `stricter` applies only through an order.
fn stricter_at(scn: &Inputs<'_>, grid: &Grid, c: &Classification, city: &str, t: usize) -> bool {
    let in_region = scn.regions.iter().enumerate().any(|(ri, r)| {
        r.stricter
            && r.cities.iter().any(|x| x == city)
            && c.region_levels
                .get(ri)
                .and_then(|l| l.get(t))
                .is_some_and(|l| l.is_warning())
    });
    let label = grid.label(t);
    let by_order = scn.dispatch.iter().any(|o| {
        o.stricter && o.cities.iter().any(|c| c == city) && label > o.start && label <= o.end
    });
    in_region || by_order
}

/// The moments a city's seasonal controls start or end (the first hour of their first day and
/// of the day after their last), sorted.
fn seasonal_turns(scn: &Inputs<'_>, city: &str) -> Vec<NaiveDateTime> {
    let mut out: Vec<NaiveDateTime> = scn
        .enterprises
        .iter()
        .filter(|e| e.city == city)
        .filter_map(|e| e.seasonal.as_ref())
        .flat_map(|s| [s.start, s.end + TimeDelta::days(1)])
        .map(|d| d.and_time(chrono::NaiveTime::MIN))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Builds the schedule from the final levels of the classification.
pub fn schedule(scn: &Inputs<'_>, grid: &Grid, c: &Classification) -> Schedule {
    let catalog = scn.catalog;
    let mut out = Schedule::default();
    let no_changes = CityOrders::default();
    for (ci, series) in grid.cities.iter().enumerate() {
        let city = &series.city;
        let levels = &c.levels[ci];
        let turns = seasonal_turns(scn, city);
        // A seasonal control starting or ending within a warning starts a new window, so each
        // window has one seasonal baseline.
        let turns_at = |t: usize| {
            turns
                .binary_search(&(grid.label(t) - TimeDelta::hours(1)))
                .is_ok()
        };
        let mut t = 0;
        while t < grid.len {
            if !levels[t].is_warning() {
                t += 1;
                continue;
            }
            let (a, level, stricter) = (t, levels[t], stricter_at(scn, grid, c, city, t));
            t += 1;
            while t < grid.len
                && levels[t] == level
                && stricter_at(scn, grid, c, city, t) == stricter
                && !turns_at(t)
            {
                t += 1;
            }
            let w = out.windows.len();
            let day = (grid.label(a) - TimeDelta::hours(1)).date();
            out.windows.push(Window {
                city: city.clone(),
                level,
                stricter,
                start: grid.label(a) - TimeDelta::hours(1),
                end: grid.label(t - 1),
                hours: (a, t),
            });
            for (ei, e) in scn.enterprises.iter().enumerate() {
                if &e.city != city {
                    continue;
                }
                let (action, listed) = enterprise_action(catalog, e, level, stricter);
                if action != Action::None {
                    out.actions.push(EnterpriseAction {
                        window: w,
                        enterprise: ei,
                        action,
                        added: false,
                        replaced: None,
                        listed,
                        seasonal: seasonal_share(e, day),
                        transport: catalog.transport_at(level).cloned(),
                    });
                }
            }
            // One order per subject, in the city's wording (practice.md 5).
            let own = scn.city_orders.get(city).unwrap_or(&no_changes);
            for m in catalog.orders_in_force(level, stricter, own) {
                out.orders.push(Order {
                    window: w,
                    measure: m,
                });
            }
        }
    }
    out
}

/// What an enterprise does at a level: the list's own measure where it gives one for the level
/// (used as given, protected or not: a bureau's list is its decision), else the catalog's rule;
/// and whether it is the list's.
pub fn enterprise_action(
    catalog: &Catalog,
    e: &Enterprise,
    level: WarningLevel,
    stricter: bool,
) -> (Action, bool) {
    if level.is_warning()
        && let Some(m) = e.listed.iter().find(|m| m.level == level)
    {
        return (
            Action::Listed {
                measure: m.measure.clone(),
                reduction: m.reduction,
            },
            true,
        );
    }
    (catalog.action(e, level, stricter), false)
}

/// The enterprise of an action.
pub fn enterprise<'a>(enterprises: &'a [Enterprise], a: &EnterpriseAction) -> &'a Enterprise {
    &enterprises[a.enterprise]
}

/// The share of its production an enterprise has off for the season on `day` (0 outside its
/// seasonal control).
pub fn seasonal_share(e: &Enterprise, day: NaiveDate) -> Share {
    e.seasonal
        .as_ref()
        .filter(|s| s.covers(day))
        .map_or(Share(0), |s| s.control.share())
}

/// What an action adds over the season, per pollutant, in micro-tonnes/day x 10^6: its
/// reduction less what the seasonal share `off` already removes, never below 0.
pub fn credited(action: &Action, e: &Enterprise, off: Share) -> PerPollutant<u128> {
    let full = action.reduction_scaled(e);
    if off == Share(0) {
        return full;
    }
    PerPollutant::from_fn(|p: EmissionPollutant| {
        let already = u128::from(e.emissions.get(p).micro()) * u128::from(off.ppm());
        full[p].saturating_sub(already)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::Tonnes;
    use crate::measures::model::tests::ent as enterprise;

    #[test]
    fn a_stopped_enterprise_is_credited_nothing_and_a_staggered_one_only_the_excess() {
        let mut e = enterprise();
        e.emissions.0 = [Tonnes(1_000_000); 4];
        let cut = Action::CutOutput(Share(300_000));
        let stop = Share::ALL;
        assert!(credited(&cut, &e, stop).iter().all(|(_, x)| *x == 0));
        assert!(
            credited(&Action::Stop, &e, stop)
                .iter()
                .all(|(_, x)| *x == 0)
        );
        // Staggered 20 %: a 30 % cut adds 10 % of a tonne.
        let r = credited(&cut, &e, Share(200_000));
        assert_eq!(r[EmissionPollutant::So2], 100_000 * 1_000_000);
        // Staggered 40 %: a 30 % cut adds nothing.
        assert_eq!(
            credited(&cut, &e, Share(400_000))[EmissionPollutant::Nox],
            0
        );
    }
}
