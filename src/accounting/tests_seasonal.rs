//! Seasonal controls (错峰) as the baseline of the warning measures: nothing already off for
//! the season is credited again, and `tighten` leaves a plant stopped for the season alone.

use chrono::NaiveDate;

use super::reduction::window_reduction;
use super::tests::{scenario, t};
use super::{Fixture, account, added_lost_output, rate_tonnes, tighten};
use crate::alert::{Classification, Grid, WarningLevel};
use crate::emissions::{EmissionPollutant, Share};
use crate::measures::schedule::schedule;
use crate::measures::{Action, Seasonal, SeasonalControl, SeasonalSource};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn season(control: SeasonalControl, from: u32, to: u32) -> Option<Seasonal> {
    Some(Seasonal {
        control,
        start: day(from),
        end: day(to),
        source: SeasonalSource::List,
    })
}

/// `days` days of orange from 2026-12-01 00:00.
fn orange(days: usize) -> (Grid, Classification) {
    let start = day(1).and_hms_opt(1, 0, 0).unwrap();
    let grid = Grid::new(start, 24 * days, &["T".to_string()]);
    let c = Classification {
        levels: vec![vec![WarningLevel::Orange; 24 * days]],
        ..Classification::default()
    };
    (grid, c)
}

fn so2_reduced(scn: &Fixture, s: &crate::measures::schedule::Schedule, w: usize) -> u64 {
    rate_tonnes(window_reduction(&scn.accounting(), s, w).listed[EmissionPollutant::So2]).0
        / 1_000_000
}

#[test]
fn an_enterprise_stopped_for_the_season_adds_nothing() {
    // The hand case credits 19 t (E1's stop 10, E2's and E3's 20 % cuts 4 and 5). E1 is
    // stopped for the season: its warning stop adds nothing.
    let mut scn = scenario(100);
    scn.enterprises[0].seasonal = season(SeasonalControl::Stop, 1, 31);
    let (grid, c) = orange(1);
    let mut s = schedule(&scn.measures(), &grid, &c);
    let e1 = s.actions.iter().find(|a| a.enterprise == 0).unwrap();
    assert_eq!((e1.action.clone(), e1.seasonal), (Action::Stop, Share::ALL));
    assert_eq!(so2_reduced(&scn, &s, 0), 9);
    assert_eq!(
        rate_tonnes(account(&scn.accounting(), &s, &grid).days[0].reduced),
        t(9)
    );
    // tighten closes the 11 t gap with E2 and E3, never with E1.
    assert!(tighten(&scn.accounting(), &mut s).is_empty());
    assert!(
        s.actions
            .iter()
            .filter(|a| a.added)
            .all(|a| a.enterprise != 0)
    );
    assert!(account(&scn.accounting(), &s, &grid).days[0].met);
    assert!(added_lost_output(&scn.accounting(), &s) > 0);
}

#[test]
fn a_staggered_enterprise_is_credited_only_beyond_its_seasonal_share() {
    // E2 (20 t) staggered 30 % for the season: the catalog's 20 % cut adds nothing; E3
    // staggered 10 %: its 20 % cut adds 10 % of 25 t.
    let mut scn = scenario(100);
    scn.enterprises[1].seasonal = season(SeasonalControl::Staggered(Share(300_000)), 1, 31);
    scn.enterprises[2].seasonal = season(SeasonalControl::Staggered(Share(100_000)), 1, 31);
    let (grid, c) = orange(1);
    let s = schedule(&scn.measures(), &grid, &c);
    let r = window_reduction(&scn.accounting(), &s, 0).listed[EmissionPollutant::So2];
    // 10 (E1) + 0 (E2) + 2.5 (E3).
    assert_eq!(rate_tonnes(r), crate::emissions::Tonnes(12_500_000));
}

#[test]
fn a_seasonal_control_starting_within_a_warning_starts_a_new_window() {
    // Two days of orange; E1's seasonal stop starts on the second day.
    let mut scn = scenario(100);
    scn.enterprises[0].seasonal = season(SeasonalControl::Stop, 2, 31);
    let (grid, c) = orange(2);
    let s = schedule(&scn.measures(), &grid, &c);
    assert_eq!(s.windows.len(), 2);
    assert_eq!(s.windows[0].end, day(2).and_hms_opt(0, 0, 0).unwrap());
    assert_eq!(s.windows[1].start, day(2).and_hms_opt(0, 0, 0).unwrap());
    assert_eq!(
        (so2_reduced(&scn, &s, 0), so2_reduced(&scn, &s, 1)),
        (19, 9)
    );
    // A control ending within the warning: the window after its last day credits E1 again.
    scn.enterprises[0].seasonal = season(SeasonalControl::Stop, 1, 1);
    let s = schedule(&scn.measures(), &grid, &c);
    assert_eq!(s.windows.len(), 2);
    assert_eq!(
        (so2_reduced(&scn, &s, 0), so2_reduced(&scn, &s, 1)),
        (9, 19)
    );
    // One outside the warning changes nothing.
    scn.enterprises[0].seasonal = season(SeasonalControl::Stop, 20, 31);
    let s = schedule(&scn.measures(), &grid, &c);
    assert_eq!((s.windows.len(), so2_reduced(&scn, &s, 0)), (1, 19));
}
