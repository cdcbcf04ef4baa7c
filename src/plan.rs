//! The whole plan of a scenario in one call, with no I/O: warnings (`alert`), the measure
//! schedule (`measures`), its emission accounting and the tightening (`emissions`), and the
//! projection (`projection`). `hazeplan run` is [`plan`] followed by
//! [`report::write_run`](crate::report::write_run); a library user calls the same.

use crate::accounting::{Accounting, Infeasible, account, tighten};
use crate::alert::{Classification, DailyValue, Grid};
use crate::measures::schedule::{Schedule, schedule};
use crate::projection::Projection;
use crate::scenario::Scenario;

/// How the plan is built (the scenario's own `tighten: true` counts as well).
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions {
    /// Strengthen enterprises' measures where the schedule falls short of a target, within
    /// the feasible limits (`run --tighten`).
    pub tighten: bool,
}

/// Every stage's result for one scenario: what `hazeplan run` writes.
#[derive(Debug)]
pub struct Plan<'s> {
    /// The scenario planned.
    pub scenario: &'s Scenario,
    /// The hourly series classified (forecast, or observations for a hindcast).
    pub grid: Grid,
    /// The daily values (`daily.csv`).
    pub daily: Vec<DailyValue>,
    /// Warnings, advisories and the final hourly levels.
    pub classification: Classification,
    /// The data-quality summary of the observations (hindcasts only).
    pub quality: Option<crate::ingest::Quality>,
    /// Whether the scenario has the inputs of a measure plan (an inventory or an enterprise
    /// list); without them the schedule holds only the orders and nothing is accounted.
    pub has_measures: bool,
    /// The measure schedule (after tightening, if it ran).
    pub schedule: Schedule,
    /// Whether tightening ran.
    pub tightened: bool,
    /// The windows tightening could not bring to their target.
    pub infeasible: Vec<Infeasible>,
    /// The reductions against the targets (empty without measure inputs).
    pub accounting: Accounting,
    /// The projection, when the scenario sets its parameters.
    pub projection: Option<Projection>,
}

/// Plans a loaded scenario: classification, schedule, tightening, accounting, projection.
///
/// Fails only where the scenario's observations (a hindcast) cannot be read.
pub fn plan<'s>(scenario: &'s Scenario, options: &PlanOptions) -> Result<Plan<'s>, crate::Error> {
    let warnings = crate::alert::plan(&alert_inputs(scenario))?;
    let has_measures = scenario.inventory.is_some() || !scenario.enterprises.is_empty();
    let tightened = has_measures && (scenario.tighten || options.tighten);
    let mut sched = schedule(
        &measure_inputs(scenario),
        &warnings.grid,
        &warnings.classification,
    );
    let infeasible = if tightened {
        tighten(&accounting_inputs(scenario), &mut sched)
    } else {
        Vec::new()
    };
    let projection = scenario.projection.as_ref().map(|cfg| {
        crate::projection::project(&projection_inputs(scenario), cfg, &warnings.grid, &sched)
    });
    let accounting = if has_measures {
        account(&accounting_inputs(scenario), &sched, &warnings.grid)
    } else {
        Accounting::default()
    };
    Ok(Plan {
        scenario,
        grid: warnings.grid,
        daily: warnings.daily,
        classification: warnings.classification,
        quality: warnings.quality,
        has_measures,
        schedule: sched,
        tightened,
        infeasible,
        accounting,
        projection,
    })
}

/// What the warning stage reads of a scenario.
pub fn alert_inputs(s: &Scenario) -> crate::alert::Inputs<'_> {
    crate::alert::Inputs {
        standard: s.standard,
        rules: &s.rules,
        cities: &s.cities,
        regions: &s.regions,
        dispatch: &s.dispatch,
        forecast: &s.forecast,
        observations: s.observations.as_ref(),
        stations: s.stations.as_deref(),
    }
}

/// What the measure schedule reads of a scenario.
pub fn measure_inputs(s: &Scenario) -> crate::measures::schedule::Inputs<'_> {
    crate::measures::schedule::Inputs {
        catalog: &s.catalog,
        enterprises: &s.enterprises,
        city_orders: &s.city_orders,
        regions: &s.regions,
        dispatch: &s.dispatch,
    }
}

/// What the accounting (and `tighten`) reads of a scenario.
pub fn accounting_inputs(s: &Scenario) -> crate::accounting::Inputs<'_> {
    crate::accounting::Inputs {
        inventory: s.inventory.as_ref(),
        targets: &s.targets,
        cities: &s.cities,
        catalog: &s.catalog,
        enterprises: &s.enterprises,
    }
}

/// What the projection reads of a scenario.
pub fn projection_inputs(s: &Scenario) -> crate::projection::Inputs<'_> {
    crate::projection::Inputs {
        accounting: accounting_inputs(s),
        standard: s.standard,
        rules: &s.rules,
        regions: &s.regions,
    }
}
