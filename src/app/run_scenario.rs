//! `hazeplan run SCENARIO [-o DIR]`: the warnings a scenario's forecast requires and, when the
//! scenario has enterprises and inventories, the measure schedule and its emission accounting.
//! Every file is written atomically; a summary goes to standard output.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::cli::RunArgs;
use crate::emissions::Basis;
use crate::emissions::accounting::{Accounting, account, added_lost_output, tighten};
use crate::measures::schedule::schedule;
use crate::report::atomic::Output;
use crate::report::plan::{self, PlanReport};
use crate::report::run_dir::RunDir;
use crate::report::{self, table, warnings};
use crate::scenario::Forecast;

/// Writes one output file atomically, a CSV with a byte-order mark first when `bom`.
fn write_file(
    dir: &Path,
    name: &str,
    bom: bool,
    f: &dyn Fn(&mut Output) -> std::io::Result<()>,
) -> Result<(), Error> {
    let mut out = Output::csv(Some(&dir.join(name)), bom && name.ends_with(".csv"))?;
    f(&mut out).map_err(|e| out.err(e))?;
    out.commit()
}

pub(super) fn run(args: &RunArgs, quiet: bool) -> Result<u8, Error> {
    let scn = crate::scenario::load(&args.scenario)?;
    let plan_ = crate::alert::plan(&scn)?;
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scn.name));
    // The whole set is built beside the target and swapped in at the end (report::run_dir).
    let out = RunDir::prepare(&target, args.force)?;
    let dir = out.path().to_path_buf();
    let c = &plan_.classification;
    let bom = !args.no_bom;
    let mut written = vec![
        "warnings.csv",
        "warning_changes.csv",
        "daily.csv",
        "advisories.csv",
    ];
    write_file(&dir, "warnings.csv", bom, &|o| {
        warnings::warnings_csv(o, &c.warnings)
    })?;
    write_file(&dir, "warning_changes.csv", bom, &|o| {
        warnings::changes_csv(o, &c.warnings)
    })?;
    write_file(&dir, "daily.csv", bom, &|o| {
        warnings::daily_csv(o, &plan_.daily, &plan_.grid, c)
    })?;
    write_file(&dir, "advisories.csv", bom, &|o| {
        warnings::advisories_csv(o, &c.advisories)
    })?;

    // The measure plan, when the scenario has the inputs for it; then the projection, when it
    // sets the parameters (computed before report.md, which quotes it).
    let has_measures = scn.inventory.is_some() || !scn.enterprises.is_empty();
    let tightened = has_measures && (scn.tighten || args.tighten);
    let mut sched = schedule(&scn, &plan_.grid, c);
    let infeasible = if tightened {
        tighten(&scn, &mut sched)
    } else {
        Vec::new()
    };
    let projection = scn
        .projection
        .as_ref()
        .map(|cfg| crate::projection::project(&scn, cfg, &plan_.grid, &sched));
    let mut measures_summary = String::new();
    let accounting = if has_measures {
        account(&scn, &sched, &plan_.grid)
    } else {
        Accounting::default()
    };
    if has_measures {
        let acc = &accounting;
        write_file(&dir, "schedule.csv", bom, &|o| {
            plan::schedule_csv(o, &scn, &sched)
        })?;
        write_file(&dir, "orders.csv", bom, &|o| {
            plan::orders_csv(o, &sched, args.lang)
        })?;
        write_file(&dir, "reductions.csv", bom, &|o| {
            plan::reductions_csv(o, acc)
        })?;
        let report = plan::report_md(
            &PlanReport {
                scenario: &scn,
                classification: c,
                schedule: &sched,
                accounting: acc,
                infeasible: &infeasible,
                tightened,
                projection: projection.as_ref(),
                grid: &plan_.grid,
            },
            args.lang,
        );
        write_file(&dir, "report.md", false, &|o| {
            o.write_all(report.as_bytes())
        })?;
        written.extend(["schedule.csv", "orders.csv", "reductions.csv", "report.md"]);
        let city_days: std::collections::BTreeSet<_> =
            acc.days.iter().map(|d| (&d.city, d.date)).collect();
        let short: std::collections::BTreeSet<_> = acc
            .days
            .iter()
            .filter(|d| !d.met)
            .map(|d| (&d.city, d.date))
            .collect();
        measures_summary = format!(
            "measures: {} enterprise actions and {} orders in {} windows; targets met on {} of {} city-days ({})",
            sched.actions.len(),
            sched.orders.len(),
            sched.windows.len(),
            city_days.len() - short.len(),
            city_days.len(),
            match acc.basis {
                Basis::Listed =>
                    "enterprises' reductions only; traffic and dust orders are estimates, not counted",
                Basis::WithEstimates =>
                    "enterprises' reductions plus the estimated effects of the orders",
            }
        );
        if tightened {
            let added = sched.actions.iter().filter(|a| a.added).count();
            let lost = added_lost_output(&scn, &sched) / 1_000_000;
            measures_summary.push_str(&format!(
                "\ntighten: {added} curtailments added, output lost {:.2} (10k yuan/day){}",
                lost as f64 / 1e6,
                if infeasible.is_empty() {
                    String::new()
                } else {
                    format!("; {} window(s) infeasible", infeasible.len())
                }
            ));
        } else if !short.is_empty() {
            measures_summary.push_str("\n(targets short: run with --tighten to add curtailments)");
        }
    }

    let mut projection_summary = String::new();
    if let Some(p) = &projection {
        write_file(&dir, "projection.csv", bom, &|o| {
            report::projection::projection_csv(o, p)
        })?;
        write_file(&dir, "projection_summary.csv", bom, &|o| {
            report::projection::summary_csv(o, p)
        })?;
        write_file(&dir, "sector_reductions.csv", bom, &|o| {
            report::projection::sector_reductions_csv(o, &scn, &sched, &accounting)
        })?;
        write_file(&dir, "regions.csv", bom, &|o| {
            report::projection::regions_csv(o, &scn)
        })?;
        written.extend([
            "projection.csv",
            "projection_summary.csv",
            "sector_reductions.csv",
            "regions.csv",
        ]);
        projection_summary = report::projection::summary_text(p);
    }

    // The charts, drawn from the files just written (as `hazeplan plot` draws them again).
    let charts = crate::plot::charts_from_run(&dir)?;
    let chart_files = crate::plot::write_charts(&charts, &dir.join("charts"))?;
    out.commit("run")?;
    let dir = target;
    if quiet {
        return Ok(0);
    }

    let r = &scn.rules;
    println!(
        "scenario {}{}",
        scn.name,
        scn.title
            .as_ref()
            .map_or(String::new(), |t| format!(" — {t}"))
    );
    println!(
        "period {} to {}; rules {} ({} AQI, lead {} h, lifted after more than {} h below the start condition)",
        scn.period.0,
        scn.period.1,
        r.name,
        match (&scn.forecast, r.basis) {
            (Forecast::Table(t), _) if t.resolution == crate::scenario::Resolution::Daily => {
                "the forecast's daily"
            }
            (_, crate::alert::Basis::Daily) => "natural-day",
            (_, crate::alert::Basis::Rolling24) => "rolling 24-h",
        },
        r.lead_time_hours,
        r.lifting.hours
    );
    match &scn.forecast {
        Forecast::Table(t) => println!(
            "forecast {} ({} rows, {} cities)",
            t.path.display(),
            t.rows.len(),
            scn.cities.len()
        ),
        Forecast::Observed => println!(
            "hindcast from the observations ({} cities)",
            scn.cities.len()
        ),
    }
    for r in scn.regions.iter().filter(|r| r.source.is_some()) {
        println!(
            "region {}: shipped definition, {}",
            r.name,
            r.source.as_deref().unwrap_or_default()
        );
    }
    if let Some(q) = &plan_.quality {
        eprint!("{}", table::quality_text(q, 20));
    }
    print!("{}", warnings::summary(c));
    if !measures_summary.is_empty() {
        println!("{measures_summary}");
    }
    print!("{projection_summary}");
    println!(
        "charts: {} PNG files in {}",
        chart_files.len(),
        dir.join("charts").display()
    );
    println!(
        "wrote {}",
        written
            .iter()
            .map(|f| dir.join(f).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(0)
}
