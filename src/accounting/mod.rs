//! Reduction accounting: the reductions of each window of the schedule (enterprises apart
//! from the orders' estimates, [`reduction`]), the emission cut each window of the schedule achieves, per pollutant,
//! against the level's target share of the city's society-wide inventory (standards.md 4), and
//! `tighten`, which adds curtailments to close a shortfall at the least lost output.
//!
//! All arithmetic is exact: rates are micro-tonnes per day times parts per million (`u128`),
//! so `reduced >= target x inventory` is an integer comparison.

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub mod reduction;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_seasonal;

use reduction::{Rates, WindowReduction, window_reduction};

use crate::alert::{City, Grid, WarningLevel};
use crate::emissions::{Basis, EmissionPollutant, Emissions, Inventory, Share, Targets, Tonnes};
use crate::measures::catalog::limit_form;
use crate::measures::schedule::{EnterpriseAction, Schedule};
use crate::measures::schedule::{credited, seasonal_share};
use crate::measures::{Action, Catalog, Enterprise, Grade};
use crate::stats::series::day_of;

const PPM: u128 = 1_000_000;

/// Exact tonnes/day of a scaled rate, rounded half to even at the micro-tonne.
pub fn rate_tonnes(r: u128) -> Tonnes {
    Tonnes(crate::units::round_half_even_u128(r, PPM) as u64)
}

/// The accounting of one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowAccount {
    /// Index of the window.
    pub window: usize,
    /// The city's society-wide inventory (t/day).
    pub inventory: Emissions,
    /// The reductions achieved, the enterprises' apart from the orders' estimates.
    pub reduction: WindowReduction,
    /// What counts toward the target on the scenario's basis (scaled rates).
    pub reduced: Rates,
    /// The level's target share, if the level has one.
    pub target: Option<Share>,
    /// Target met, per pollutant (true where there is no target).
    pub met: [bool; 4],
}

/// One row of `reductions.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayReduction {
    /// City.
    pub city: String,
    /// Day.
    pub date: NaiveDate,
    /// The highest level in force that day.
    pub level: WarningLevel,
    /// Pollutant.
    pub pollutant: EmissionPollutant,
    /// Society-wide inventory, t/day.
    pub inventory: Tonnes,
    /// The enterprises' reduction (verifiable) in force during the day's warning at that level
    /// (of the window counting least, where it changes within the day), scaled.
    pub listed: u128,
    /// The orders' estimated effect in the same window, scaled.
    pub estimated: u128,
    /// What counts toward the target on the basis, scaled.
    pub reduced: u128,
    /// What counts: the enterprises' reductions alone, or with the estimates.
    pub basis: Basis,
    /// Target share, if any.
    pub target: Option<Share>,
    /// Whether the reduction reaches the target.
    pub met: bool,
}

impl DayReduction {
    /// The achieved share, exact as a fraction `(numerator, denominator)` of ppm-scaled values;
    /// `None` for an empty inventory.
    pub fn share_ppm(&self) -> Option<u128> {
        let inv = u128::from(self.inventory.micro());
        (inv > 0).then(|| crate::units::round_half_even_u128(self.reduced, inv))
    }
}

/// What `tighten` could not reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Infeasible {
    /// Index of the window.
    pub window: usize,
    /// Pollutants still short, with the share reached (ppm) and the shortfall (scaled).
    pub short: Vec<Shortfall>,
}

/// A target a window cannot reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortfall {
    /// The pollutant.
    pub pollutant: EmissionPollutant,
    /// The share reached, ppm.
    pub reached: u128,
    /// The share required, ppm.
    pub target: u128,
    /// What is missing, micro-tonnes/day x 10^6.
    pub missing: u128,
}

/// The full accounting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    /// Per window.
    pub windows: Vec<WindowAccount>,
    /// Per city, day and pollutant.
    pub days: Vec<DayReduction>,
    /// Windows whose target even `tighten` cannot reach.
    pub infeasible: Vec<Infeasible>,
    /// What counted toward the targets.
    pub basis: Basis,
}

fn met(reduced: u128, target: Option<Share>, inventory: Tonnes) -> bool {
    target.is_none_or(|t| reduced >= u128::from(t.ppm()) * u128::from(inventory.micro()))
}

/// What the accounting reads: the parts of a scenario it uses, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The cities' society-wide inventories; nothing is accounted without them.
    pub inventory: Option<&'a Inventory>,
    /// The target shares per level.
    pub targets: &'a Targets,
    /// The cities, in the scenario's order (the order of the days' rows).
    pub cities: &'a [City],
    /// The measure catalog (what `tighten` may add).
    pub catalog: &'a Catalog,
    /// The emergency reduction list the schedule's actions index.
    pub enterprises: &'a [Enterprise],
}

/// The parts of a scenario the measure, accounting and projection stages read, owned, for
/// tests that build them by hand.
#[cfg(test)]
pub(crate) struct Fixture {
    pub standard: crate::aqi::StandardChoice,
    pub rules: crate::alert::RuleSet,
    pub regions: Vec<crate::alert::Region>,
    pub cities: Vec<City>,
    pub dispatch: Vec<crate::alert::DispatchOrder>,
    pub inventory: Option<Inventory>,
    pub enterprises: Vec<Enterprise>,
    pub catalog: Catalog,
    pub targets: Targets,
    pub city_orders: BTreeMap<String, crate::measures::CityOrders>,
}

#[cfg(test)]
impl Fixture {
    /// What the schedule reads.
    pub fn measures(&self) -> crate::measures::schedule::Inputs<'_> {
        crate::measures::schedule::Inputs {
            catalog: &self.catalog,
            enterprises: &self.enterprises,
            city_orders: &self.city_orders,
            regions: &self.regions,
            dispatch: &self.dispatch,
        }
    }

    /// What the accounting reads.
    pub fn accounting(&self) -> Inputs<'_> {
        Inputs {
            inventory: self.inventory.as_ref(),
            targets: &self.targets,
            cities: &self.cities,
            catalog: &self.catalog,
            enterprises: &self.enterprises,
        }
    }
}

/// Accounts every window and day of the schedule.
pub fn account(scn: &Inputs<'_>, s: &Schedule, grid: &Grid) -> Accounting {
    let basis = scn.targets.basis();
    let mut out = Accounting {
        basis,
        ..Accounting::default()
    };
    let Some(inv) = scn.inventory else {
        return out;
    };
    for (w, win) in s.windows.iter().enumerate() {
        let inventory = inv.total(&win.city).unwrap_or_default();
        let reduction = window_reduction(scn, s, w);
        let reduced = reduction.counted(basis);
        let target = scn.targets.share(&win.city, win.level);
        let m = EmissionPollutant::ALL.map(|p| met(reduced[p], target, inventory.get(p)));
        out.windows.push(WindowAccount {
            window: w,
            inventory,
            reduction,
            reduced,
            target,
            met: m,
        });
    }
    // Days: the highest level of the day, and among that level's windows touching the day,
    // per pollutant the one that counts least.
    let mut days: BTreeMap<(usize, NaiveDate), (WarningLevel, [usize; 4])> = BTreeMap::new();
    let city_pos = |c: &str| {
        scn.cities
            .iter()
            .position(|x| x.name == c)
            .unwrap_or(usize::MAX)
    };
    for (w, win) in s.windows.iter().enumerate() {
        let counted = out.windows[w].reduced;
        for t in win.hours.0..win.hours.1 {
            let key = (city_pos(&win.city), day_of(grid.label(t)));
            let e = days.entry(key).or_insert((win.level, [w; 4]));
            if win.level > e.0 {
                *e = (win.level, [w; 4]);
            } else if win.level == e.0 {
                for (p, have) in EmissionPollutant::ALL.iter().zip(e.1.iter_mut()) {
                    if counted[*p] < out.windows[*have].reduced[*p] {
                        *have = w;
                    }
                }
            }
        }
    }
    for ((ci, date), (level, least)) in days {
        let city = &scn.cities[ci].name;
        let total = inv.total(city).unwrap_or_default();
        let target = scn.targets.share(city, level);
        for (p, &w) in EmissionPollutant::ALL.iter().zip(least.iter()) {
            let acc = &out.windows[w];
            out.days.push(DayReduction {
                city: city.clone(),
                date,
                level,
                pollutant: *p,
                inventory: total.get(*p),
                listed: acc.reduction.listed[*p],
                estimated: acc.reduction.estimated_total()[*p],
                reduced: acc.reduced[*p],
                basis,
                target,
                met: met(acc.reduced[*p], target, total.get(*p)),
            });
        }
    }
    out
}

/// Reduction per unit of lost output, as a fraction to compare by cross-multiplication:
/// (micro-tonnes of the pollutants still short, output value).
/// A staggered enterprise counts what it still emits over the season.
fn efficiency(e: &Enterprise, off: Share, deficit: &Rates) -> (u128, u128) {
    let running = u128::from(Share::ALL.ppm() - off.ppm());
    let t: u128 = deficit
        .iter()
        .filter(|(_, d)| **d > 0)
        .map(|(p, _)| u128::from(e.emissions.get(p).micro()) * running)
        .sum();
    (t, u128::from(e.output_value.0))
}

/// Strengthens the measures of every window whose target is not met (on the scenario's
/// basis): enterprises of the lowest grade first, then those with the most reduction (of the
/// pollutants still short) per unit of lost output. Each step raises one enterprise's cut to
/// the smallest whole percent of its production that closes the shortfall, in the form its
/// industry can take (a longer coking time, a furnace kept warm) and never past its limit
/// ([`Catalog::cap`](crate::measures::Catalog::cap)); the stronger action replaces the one it
/// had (kept in `replaced`). Exempt enterprises (protected, self-directed grades) are never
/// used. Returns the windows that stay short even so, with what is missing.
pub fn tighten(scn: &Inputs<'_>, s: &mut Schedule) -> Vec<Infeasible> {
    let mut infeasible = Vec::new();
    let Some(inv) = scn.inventory else {
        return infeasible;
    };
    let basis = scn.targets.basis();
    let catalog = scn.catalog;
    for w in 0..s.windows.len() {
        let win = s.windows[w].clone();
        let Some(target) = scn.targets.share(&win.city, win.level) else {
            continue;
        };
        let total = inv.total(&win.city).unwrap_or_default();
        let mut rates = window_reduction(scn, s, w).counted(basis);
        let need = Rates::from_fn(|p| u128::from(target.ppm()) * u128::from(total.get(p).micro()));
        let deficit = |rates: &Rates| Rates::from_fn(|p| need[p].saturating_sub(rates[p]));
        if deficit(&rates).iter().all(|(_, d)| *d == 0) {
            continue;
        }
        // Each enterprise's action in this window (one at most), by enterprise.
        let mut current: BTreeMap<usize, usize> = s
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.window == w)
            .map(|(i, a)| (a.enterprise, i))
            .collect();
        let given_up = |s: &Schedule, current: &BTreeMap<usize, usize>, ei: usize| -> Share {
            current.get(&ei).map_or(Share(0), |&i| {
                s.actions[i].action.output_share(&scn.enterprises[ei])
            })
        };
        // The seasonal baseline of the window (windows start anew where it changes).
        let day = win.start.date();
        let off = |ei: usize| seasonal_share(&scn.enterprises[ei], day);
        // An enterprise whose seasonal control already takes what its limit allows (a plant
        // stopped for the season) has nothing more to give.
        let mut candidates: Vec<usize> = scn
            .enterprises
            .iter()
            .enumerate()
            .filter(|(ei, e)| {
                let cap = tighten_cap(catalog, e, win.level, win.stricter);
                e.city == win.city
                    && !catalog.exempt(e, win.level)
                    && given_up(s, &current, *ei) < cap
                    && off(*ei) < cap
            })
            .map(|(ei, _)| ei)
            .collect();
        loop {
            let d = deficit(&rates);
            if d.iter().all(|(_, x)| *x == 0) {
                break;
            }
            // The best candidate that can still help.
            candidates.retain(|&ei| efficiency(&scn.enterprises[ei], off(ei), &d).0 > 0);
            let best = candidates.iter().copied().min_by(|&a, &b| {
                let (ea, eb) = (&scn.enterprises[a], &scn.enterprises[b]);
                let ((ta, va), (tb, vb)) = (efficiency(ea, off(a), &d), efficiency(eb, off(b), &d));
                // Higher ta/va first: compare tb*va with ta*vb (zero output value = no loss).
                ea.grade
                    .rank()
                    .cmp(&eb.grade.rank())
                    .then((tb * va).cmp(&(ta * vb)))
                    .then(ea.id.cmp(&eb.id))
            });
            let Some(ei) = best else {
                infeasible.push(Infeasible {
                    window: w,
                    short: shortfalls(&d, &rates, target, &total),
                });
                break;
            };
            let e = &scn.enterprises[ei];
            let before = current.get(&ei).map(|&i| s.actions[i].action.clone());
            let old = before.clone().unwrap_or(Action::None);
            // The season's share counts as given: a cut adds only what exceeds it.
            let had = old.output_share(e).max(off(ei));
            // The share that closes each shortfall this enterprise can touch; the largest.
            let needed = d
                .iter()
                .filter(|(p, x)| **x > 0 && e.emissions.get(*p).micro() > 0)
                .map(|(p, x)| x.div_ceil(u128::from(e.emissions.get(p).micro())))
                .max()
                .unwrap_or(0);
            // Whole percent of production, as plans write cuts, within the limit.
            let cap = tighten_cap(catalog, e, win.level, win.stricter);
            let want = (u128::from(had.ppm()) + needed).div_ceil(10_000) * 10_000;
            let want = Share(want.min(u128::from(cap.ppm())) as u32);
            let action = stronger(catalog, e, want);
            let gained = credited(&action, e, off(ei));
            let lost = credited(&old, e, off(ei));
            // Only a step that takes nothing back from any pollutant.
            let better = EmissionPollutant::ALL
                .iter()
                .all(|p| gained[*p] >= lost[*p])
                && EmissionPollutant::ALL.iter().any(|p| gained[*p] > lost[*p]);
            if !better {
                candidates.retain(|&c| c != ei);
                continue;
            }
            for p in EmissionPollutant::ALL {
                rates[p] += gained[p] - lost[p];
            }
            if action.output_share(e) >= cap {
                candidates.retain(|&c| c != ei);
            }
            let row = EnterpriseAction {
                window: w,
                enterprise: ei,
                action,
                added: true,
                // The first replacement keeps what the list or catalog said.
                replaced: match current.get(&ei) {
                    Some(&i) if s.actions[i].added => s.actions[i].replaced.clone(),
                    _ => before.filter(|a| *a != Action::None),
                },
                listed: false,
                seasonal: off(ei),
                transport: catalog.transport_at(win.level).cloned(),
            };
            match current.get(&ei) {
                Some(&i) => s.actions[i] = row,
                None => {
                    current.insert(ei, s.actions.len());
                    s.actions.push(row);
                }
            }
        }
    }
    s.actions.sort_by_key(|a| (a.window, a.enterprise, a.added));
    infeasible
}

/// How far `tighten` may take an enterprise: its industry's limit ([`Catalog::cap`]), and for
/// B and B- no further than the catalog orders a C enterprise of its industry at that level
/// and regime. B and B- take "fewer or lighter measures than C" (standards.md 5.2, VERIFIED
/// secondary): that is the point of grading (差异化管控). Stopping B plants to reach a target
/// would treat the better plants as the worst; the window is reported short instead, and the
/// bureau decides.
fn tighten_cap(catalog: &Catalog, e: &Enterprise, level: WarningLevel, stricter: bool) -> Share {
    let cap = catalog.cap(e, level);
    if !matches!(e.grade, Grade::B | Grade::BMinus) {
        return cap;
    }
    let as_c = Enterprise {
        grade: Grade::C,
        ..e.clone()
    };
    cap.min(catalog.action(&as_c, level, stricter).output_share(&as_c))
}

/// The stronger action of `tighten`: `want` of the enterprise's production in its industry's
/// form, stopping (or banking) only at 100 %.
fn stronger(catalog: &Catalog, e: &Enterprise, want: Share) -> Action {
    match catalog.limit(&e.industry) {
        // Past the form's own cap only where banking is allowed (`want` is within the cap).
        Some(l) if want > l.form.cap() => Action::Bank,
        Some(l) => limit_form(l.form, want, l.form.cap()),
        None if want == Share::ALL => Action::Stop,
        None => Action::CutOutput(want),
    }
}

/// What a window still misses, per pollutant.
fn shortfalls(d: &Rates, rates: &Rates, target: Share, total: &Emissions) -> Vec<Shortfall> {
    d.iter()
        .filter(|(_, x)| **x > 0)
        .map(|(p, x)| {
            let inv_p = u128::from(total.get(p).micro()).max(1);
            Shortfall {
                pollutant: p,
                reached: crate::units::round_half_even_u128(rates[p], inv_p),
                target: u128::from(target.ppm()),
                missing: *x,
            }
        })
        .collect()
}

/// Output value lost per day by the added curtailments, in millionths of 万元 x 10^6.
pub fn added_lost_output(scn: &Inputs<'_>, s: &Schedule) -> u128 {
    s.actions
        .iter()
        .filter(|a| a.added)
        .map(|a| {
            let e = &scn.enterprises[a.enterprise];
            // Production already off for the season is not lost to the warning.
            let before = a
                .replaced
                .as_ref()
                .map_or(Share(0), |r| r.output_share(e))
                .max(a.seasonal);
            let more = a.action.output_share(e).ppm().saturating_sub(before.ppm());
            u128::from(e.output_value.0) * u128::from(more)
        })
        .sum()
}
