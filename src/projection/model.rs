//! The linear source-receptor projection (standards.md 7.1):
//!
//! ```text
//! C_ctrl(t) = C_base(t) x [ T x R(t) + (1 - T) x L(t) ]
//! L(t) = 1 - sum_s w_s x f_s(t)                       local part
//! f_s(t) = phase(t) x [ (1 - sec_s) x cut_PM,s(t) + sec_s x damping x sec_cut_s(t) ]
//! sec_cut_s(t) = x_SO4 x cut_SO2,s(t) + x_NO3 x nu x cut_NOx,s(t) + x_org x cut_VOCs,s(t)
//! R(t) = 1 - sum_j m_ij x (1 - L_j(t))                transported part (transport matrix)
//! ```
//!
//! `cut_P,s` is the share of sector s's emissions of pollutant P that the schedule removes in
//! force at t (enterprise actions for industry, orders' effects for the other sectors).
//! `sec_s` is the secondary share of sector s's PM2.5 (0 for fugitive dust, which is entirely
//! primary), `x` the composition of the secondary part (sulfate, nitrate, organics), and `nu`
//! the NOx response: 1 for the damped linear response, below 0 when a winter NOx cut raises
//! nitrate. `phase` ramps from 0 to 1 over the phase-in hours from the start of the warning.
//! The particulate that drives the forecast AQI (PM2.5, or PM10 when it is the primary
//! pollutant) is recovered from the AQI through the 24-hour breakpoint table, scaled, and
//! scored again; hours whose primary pollutant is a gas are left unchanged (the measures target
//! particulates). The model is a screening tool: see docs/projection.md for its assumptions and
//! the published effect sizes its defaults reproduce.

// The loops index cities, hours, sectors and pollutants as the formula's subscripts do.
#![allow(clippy::needless_range_loop)]

use chrono::{NaiveDate, NaiveDateTime};

use super::config::{ProjectionConfig, Range};
use crate::accounting::reduction::window_reduction;
use crate::alert::{Classification, Grid, Hour, Region, RuleSet, WarningLevel, classify};
use crate::aqi::{Slot, Standard, Table, breakpoints};
use crate::emissions::{EmissionPollutant, PerPollutant, PerSector, Sector};
use crate::measures::schedule::Schedule;
use crate::stats::series::day_of;

/// One projected hour of one city.
#[derive(Clone, Debug, PartialEq)]
pub struct HourProjection {
    /// Hour-ending label.
    pub time: NaiveDateTime,
    /// The particulate behind the baseline AQI (ug/m3), if recovered.
    pub baseline_conc: Option<f64>,
    /// The same with the measures (central estimate).
    pub controlled_conc: Option<f64>,
    /// Baseline AQI (the forecast).
    pub baseline_aqi: Option<u16>,
    /// Controlled AQI: low (most effect), central, high (least effect).
    pub controlled_aqi: Option<(u16, u16, u16)>,
    /// Warning level without measures.
    pub baseline_level: WarningLevel,
    /// Warning level of the controlled AQI.
    pub controlled_level: WarningLevel,
}

/// Heavy-pollution hours and days and peaks, baseline versus controlled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Hours with AQI > 200, baseline.
    pub heavy_hours_baseline: u32,
    /// Hours with AQI > 200, controlled (low, central, high).
    pub heavy_hours_controlled: (u32, u32, u32),
    /// Days with a daily AQI > 200, baseline.
    pub heavy_days_baseline: u32,
    /// Days with a daily AQI > 200, controlled (central).
    pub heavy_days_controlled: u32,
    /// Peak AQI, baseline.
    pub peak_baseline: u16,
    /// Peak AQI, controlled (central).
    pub peak_controlled: u16,
    /// Mean PM2.5 reduction over the warning hours (central), in percent; negative when the
    /// NOx response makes the measures raise the air.
    pub mean_reduction_pct: f64,
    /// The same per warning level of the windows in force, lowest level first (only the
    /// levels the city had): what docs/projection.md compares with the published 5-10 % at
    /// yellow and orange.
    pub reduction_by_level: Vec<(WarningLevel, f64)>,
}

/// One city's projection.
#[derive(Clone, Debug, PartialEq)]
pub struct CityProjection {
    /// City.
    pub city: String,
    /// Hours, on the plan's grid.
    pub hours: Vec<HourProjection>,
    /// The summary.
    pub summary: Summary,
}

/// The projection of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Cities in scenario order.
    pub cities: Vec<CityProjection>,
    /// Whether the NOx response can be negative (its low end below 0): NOx cuts may then raise
    /// nitrate, and O3, which the model leaves unchanged (hours whose primary pollutant is a
    /// gas); the run summary says so.
    pub nox_may_raise: bool,
}

/// The AQI -> concentration inverse of a 24-hour table: the concentration whose interpolated
/// IAQI is exactly `aqi` (table units: ug/m3).
pub fn invert(table: Table, standard: Standard, aqi: u16) -> f64 {
    let pts = breakpoints(standard, table).points;
    let a = f64::from(aqi);
    for w in pts.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        if aqi <= hi.iaqi {
            let (il, ih) = (f64::from(lo.iaqi), f64::from(hi.iaqi));
            let (cl, ch) = (f64::from(lo.conc), f64::from(hi.conc));
            return cl + (a - il) * (ch - cl) / (ih - il);
        }
    }
    f64::from(pts[pts.len() - 1].conc)
}

/// The IAQI of a modelled concentration on a 24-hour table, through the exact engine.
fn score(table: Table, standard: Standard, conc: f64) -> u16 {
    let micro = (conc.max(0.0) * 1e6).round() as u64;
    let c = crate::units::Concentration::from_micro(micro.min(1_000_000_000_000))
        .unwrap_or(crate::units::Concentration::ZERO);
    crate::aqi::interpolate(standard, table, c, &crate::aqi::AqiOptions::default()).unwrap_or(500)
}

/// The share of each sector's emissions of each pollutant a window removes (0-1).
pub type Cuts = PerSector<PerPollutant<f64>>;

/// What the projection reads: the parts of a scenario it uses, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// What the accounting reads: the inventory the cuts are shares of, the enterprises.
    pub accounting: crate::accounting::Inputs<'a>,
    /// The AQI standard (`auto`: by date).
    pub standard: crate::aqi::StandardChoice,
    /// The warning rules, to classify the projected series.
    pub rules: &'a RuleSet,
    /// The regions, for their linkage in the projected classification.
    pub regions: &'a [Region],
}

/// Sector cut shares per window: `cuts[w][s][p]` (0-1), from the window's reductions
/// ([`window_reduction`]: the enterprises' cuts in industry, the orders' estimates in their
/// sectors, never more than a sector emits). Each precursor keeps its own cut: SO2 reaches
/// sulfate, NOx nitrate and VOCs organics in [`local_factor`].
fn window_cuts(scn: &Inputs<'_>, s: &Schedule) -> Vec<Cuts> {
    let Some(inv) = scn.accounting.inventory else {
        return vec![Cuts::default(); s.windows.len()];
    };
    (0..s.windows.len())
        .map(|w| {
            let city = &s.windows[w].city;
            let by_sector = window_reduction(&scn.accounting, s, w).by_sector();
            let mut cut = Cuts::default();
            for (sector, removed) in by_sector.iter() {
                let Some(emitted) = inv.sector(city, sector) else {
                    continue;
                };
                for (p, r) in removed.iter() {
                    let base = emitted.get(p).micro() as f64 * 1e6;
                    if base > 0.0 {
                        cut[sector][p] = (*r as f64 / base).min(1.0);
                    }
                }
            }
            cut
        })
        .collect()
}

/// One combination of the parameters.
#[derive(Clone, Copy, Debug)]
struct Params {
    t: f64,
    damp: f64,
    /// ν, the NOx response.
    nu: f64,
    /// Secondary share per sector.
    sec: PerSector<f64>,
    /// Sulfate, nitrate, organics shares of the secondary part.
    comp: [f64; 3],
    /// Sector shares of the local PM2.5.
    w: PerSector<f64>,
}

impl Params {
    /// The central values.
    fn central(cfg: &ProjectionConfig) -> Params {
        Params {
            t: cfg.transported.central,
            damp: cfg.damping.central,
            nu: cfg.nox_response.central,
            sec: PerSector(cfg.secondary.0.map(|r| r.central)),
            comp: cfg.composition.ranges().map(|r| r.central),
            w: PerSector(cfg.sectors.0.map(|r| r.central)),
        }
    }

    /// Sets parameter `i` of the order of [`ranges`].
    fn set(&mut self, i: usize, v: f64) {
        match i {
            0 => self.t = v,
            1 => self.damp = v,
            2 => self.nu = v,
            3..8 => self.sec.0[i - 3] = v,
            8..11 => self.comp[i - 8] = v,
            11..16 => self.w.0[i - 11] = v,
            // One secondary share for every sector but dust (always 0).
            _ => {
                for s in Sector::ALL {
                    if s != Sector::Dust {
                        self.sec[s] = v;
                    }
                }
            }
        }
    }
}

/// [`Params::set`]'s index of the secondary share when one value serves every sector.
const ALL_SECONDARY: usize = 16;

/// Every parameter as a range with its [`Params::set`] index; a uniform secondary share is one
/// parameter.
fn ranges(cfg: &ProjectionConfig) -> Vec<(usize, Range)> {
    let mut out: Vec<(usize, Range)> = [cfg.transported, cfg.damping, cfg.nox_response]
        .into_iter()
        .enumerate()
        .collect();
    if cfg.secondary_uniform {
        out.push((ALL_SECONDARY, cfg.secondary[Sector::Industry]));
    } else {
        out.extend(
            cfg.secondary
                .0
                .into_iter()
                .enumerate()
                .map(|(i, r)| (3 + i, r)),
        );
    }
    out.extend(
        cfg.composition
            .ranges()
            .into_iter()
            .enumerate()
            .map(|(i, r)| (8 + i, r)),
    );
    out.extend(
        cfg.sectors
            .0
            .into_iter()
            .enumerate()
            .map(|(i, r)| (11 + i, r)),
    );
    out
}

/// Shares renormalised to sum to 1 (a combination of ends need not).
fn normalised<const N: usize>(x: [f64; N]) -> [f64; N] {
    let sum: f64 = x.iter().sum();
    if sum > 0.0 { x.map(|v| v / sum) } else { x }
}

/// Every combination of the low and high ends of the ranged parameters (sector shares and
/// the composition renormalised to 1), or the central values alone. The controlled factor is
/// multilinear in the parameters (before renormalisation), so its extremes over the box of
/// ranges lie at these corners. The scenario allows at most
/// [`MAX_RANGED`](super::config::MAX_RANGED) ranged parameters (1024 corners).
fn combinations(cfg: &ProjectionConfig) -> (Params, Vec<Params>) {
    let central = Params::central(cfg);
    let ranged: Vec<(usize, Range)> = ranges(cfg)
        .into_iter()
        .filter(|(_, r)| r.is_ranged())
        .collect();
    let n = ranged.len().min(super::config::MAX_RANGED);
    let mut all = Vec::with_capacity(1 << n);
    for mask in 0..(1u32 << n) {
        let mut p = central;
        for (bit, (i, r)) in ranged.iter().take(n).enumerate() {
            p.set(
                *i,
                if mask & (1 << bit) != 0 {
                    r.high
                } else {
                    r.low
                },
            );
        }
        p.w.0 = normalised(p.w.0);
        p.comp = normalised(p.comp);
        all.push(p);
    }
    (central, all)
}

/// The local factor L of one hour: 1 minus the sectors' weighted reductions. Each sector's
/// primary part falls with its PM cut, its secondary part with the precursor cuts weighted by
/// what they form (SO2 sulfate, NOx nitrate through the NOx response ν, VOCs organics). L
/// exceeds 1 when a negative ν outweighs the other cuts.
fn local_factor(p: &Params, cut: &Cuts, phase: f64) -> f64 {
    use EmissionPollutant::{Nox, Pm, So2, Vocs};
    let mut reduction = 0.0;
    for (s, c) in cut.iter() {
        let [sulfate, nitrate, organics] = p.comp;
        let secondary = sulfate * c[So2] + nitrate * p.nu * c[Nox] + organics * c[Vocs];
        let f = phase * ((1.0 - p.sec[s]) * c[Pm] + p.sec[s] * p.damp * secondary);
        reduction += p.w[s] * f;
    }
    (1.0 - reduction).max(0.0)
}

/// The steady-state reduction of a city's PM2.5 (0-1) under sector cuts `cut`, with the
/// central parameters, the measures at full effect, and the transported part cut by
/// `regional` (0 without regional action; the share of the local reduction the upwind region
/// achieves, 1 when it acts as strongly): what docs/projection.md's effect sizes are computed
/// with.
pub fn steady_reduction(cfg: &ProjectionConfig, cut: &Cuts, regional: f64) -> f64 {
    let p = Params::central(cfg);
    let local = local_factor(&p, cut, 1.0);
    let transported = 1.0 - regional * (1.0 - local);
    1.0 - (p.t * transported + (1.0 - p.t) * local)
}

/// Projects every city of the plan. `grid` and `plan` are the baseline series and its
/// classification; `s` the schedule (after `tighten`, if used).
pub fn project(scn: &Inputs<'_>, cfg: &ProjectionConfig, grid: &Grid, s: &Schedule) -> Projection {
    let cuts = window_cuts(scn, s);
    let nc = grid.cities.len();
    let n = grid.len;
    // The window in force at each hour of each city, and the phase of the measures.
    let mut win: Vec<Vec<Option<usize>>> = vec![vec![None; n]; nc];
    for (w, x) in s.windows.iter().enumerate() {
        if let Some(ci) = grid.cities.iter().position(|c| c.city == x.city) {
            for t in x.hours.0..x.hours.1 {
                win[ci][t] = Some(w);
            }
        }
    }
    let phase: Vec<Vec<f64>> = win
        .iter()
        .map(|row| {
            let mut out = vec![0.0; n];
            let mut since = 0u32;
            for t in 0..n {
                if row[t].is_some() {
                    since += 1;
                    out[t] = (f64::from(since) / f64::from(cfg.phase_in_hours)).min(1.0);
                } else {
                    since = 0;
                }
            }
            out
        })
        .collect();
    let (central, combos) = combinations(cfg);
    let names: Vec<&str> = grid.cities.iter().map(|c| c.city.as_str()).collect();
    // factor[k][ci][t] for the central (k = 0) and every combination.
    let params: Vec<Params> = std::iter::once(central).chain(combos).collect();
    let factors: Vec<Vec<Vec<f64>>> = params
        .iter()
        .map(|p| {
            let local: Vec<Vec<f64>> = (0..nc)
                .map(|ci| {
                    (0..n)
                        .map(|t| match win[ci][t] {
                            Some(w) => local_factor(p, &cuts[w], phase[ci][t]),
                            None => 1.0,
                        })
                        .collect()
                })
                .collect();
            (0..nc)
                .map(|ci| {
                    let row = cfg.transport.get(names[ci]);
                    (0..n)
                        .map(|t| {
                            let r = row.map_or(1.0, |m| {
                                1.0 - m
                                    .iter()
                                    .filter_map(|(from, share)| {
                                        names
                                            .iter()
                                            .position(|x| x == from)
                                            .map(|j| share * (1.0 - local[j][t]))
                                    })
                                    .sum::<f64>()
                            });
                            p.t * r + (1.0 - p.t) * local[ci][t]
                        })
                        .collect()
                })
                .collect()
        })
        .collect();

    // Controlled series, scored again.
    let mut ctrl_grid = grid.clone();
    let mut out = Vec::with_capacity(nc);
    // Per city and hour: baseline and controlled concentration, controlled AQI band.
    type Projected = (Option<f64>, Option<f64>, Option<(u16, u16, u16)>);
    let mut tmp: Vec<Vec<Projected>> = Vec::new();
    for ci in 0..nc {
        let mut row = Vec::with_capacity(n);
        for t in 0..n {
            let h = grid.cities[ci].hours[t];
            let Some(aqi) = h.aqi else {
                row.push((None, None, None));
                continue;
            };
            let table = match h.primary {
                Some(Slot::Pm10) => Some(Table::Pm10Day),
                Some(Slot::Pm25) | None => Some(Table::Pm25Day),
                _ => None,
            };
            let standard = scn.standard.for_hour_ending(grid.label(t));
            let Some(table) = table else {
                row.push((None, None, Some((aqi, aqi, aqi))));
                continue;
            };
            let base = invert(table, standard, aqi);
            // Scored again, on the side of the baseline the factor says: a cut never scores
            // above the forecast nor a rise below it through rounding. A negative NOx response
            // can raise the air (factor above 1), and the band shows it.
            let at = |k: usize| {
                let f = factors[k][ci][t];
                if (f - 1.0).abs() < 1e-12 {
                    aqi
                } else if f < 1.0 {
                    score(table, standard, base * f).min(aqi)
                } else {
                    score(table, standard, base * f).max(aqi)
                }
            };
            let mid = at(0);
            let all: Vec<u16> = (1..params.len()).map(at).collect();
            let lo = all.iter().copied().min().unwrap_or(mid).min(mid);
            let hi = all.iter().copied().max().unwrap_or(mid).max(mid);
            row.push((
                Some(base),
                Some(base * factors[0][ci][t]),
                Some((lo, mid, hi)),
            ));
            ctrl_grid.cities[ci].hours[t] = Hour {
                aqi: Some(mid),
                ..h
            };
        }
        tmp.push(row);
    }
    // Levels from the air alone: the rules and regional linkage, without dispatch floors.
    let base_c: Classification = classify(grid, scn.rules, scn.regions, &[]);
    let ctrl_c: Classification = classify(&ctrl_grid, scn.rules, scn.regions, &[]);
    for ci in 0..nc {
        let mut hours = Vec::with_capacity(n);
        for t in 0..n {
            let (b, c, a) = tmp[ci][t];
            hours.push(HourProjection {
                time: grid.label(t),
                baseline_conc: b,
                controlled_conc: c,
                baseline_aqi: grid.cities[ci].hours[t].aqi,
                controlled_aqi: a,
                baseline_level: base_c.levels[ci][t],
                controlled_level: ctrl_c.levels[ci][t],
            });
        }
        let levels: Vec<Option<WarningLevel>> = win[ci]
            .iter()
            .map(|w| w.map(|w| s.windows[w].level))
            .collect();
        let summary = summarise(&hours, &levels);
        out.push(CityProjection {
            city: grid.cities[ci].city.clone(),
            hours,
            summary,
        });
    }
    Projection {
        cities: out,
        nox_may_raise: cfg.nox_response.low < 0.0,
    }
}

fn summarise(hours: &[HourProjection], win: &[Option<WarningLevel>]) -> Summary {
    let mut s = Summary::default();
    let mut by_level: std::collections::BTreeMap<WarningLevel, (f64, u32)> = Default::default();
    let mut days: std::collections::BTreeMap<NaiveDate, (Vec<f64>, Vec<f64>, u16, u16)> =
        Default::default();
    let (mut red_sum, mut red_n) = (0.0, 0u32);
    for (h, w) in hours.iter().zip(win) {
        if let Some(b) = h.baseline_aqi {
            s.heavy_hours_baseline += u32::from(b > 200);
            s.peak_baseline = s.peak_baseline.max(b);
        }
        if let Some((lo, mid, hi)) = h.controlled_aqi {
            s.heavy_hours_controlled.0 += u32::from(lo > 200);
            s.heavy_hours_controlled.1 += u32::from(mid > 200);
            s.heavy_hours_controlled.2 += u32::from(hi > 200);
            s.peak_controlled = s.peak_controlled.max(mid);
        }
        let d = days.entry(day_of(h.time)).or_default();
        if let (Some(b), Some(c)) = (h.baseline_conc, h.controlled_conc) {
            d.0.push(b);
            d.1.push(c);
            if let (Some(level), true) = (w, b > 0.0) {
                let pct = 100.0 * (1.0 - c / b);
                red_sum += pct;
                red_n += 1;
                let l = by_level.entry(*level).or_default();
                l.0 += pct;
                l.1 += 1;
            }
        }
        d.2 = d.2.max(h.baseline_aqi.unwrap_or(0));
        d.3 = d.3.max(h.controlled_aqi.map_or(0, |x| x.1));
    }
    // A day is heavy when its AQI exceeds 200; with daily forecasts every hour of the day has
    // the day's value, so the hourly maxima are the daily values.
    for (_, (_, _, b, c)) in days {
        s.heavy_days_baseline += u32::from(b > 200);
        s.heavy_days_controlled += u32::from(c > 200);
    }
    if red_n > 0 {
        s.mean_reduction_pct = red_sum / f64::from(red_n);
    }
    s.reduction_by_level = by_level
        .into_iter()
        .map(|(level, (sum, n))| (level, sum / f64::from(n)))
        .collect();
    s
}
