//! The run folder of `hazeplan run`, written from a finished [`Plan`]: every CSV table,
//! report.md, the workbook plan.xlsx (when asked), the charts and report.html (the plan with
//! the charts embedded), built beside the target and swapped in at the end
//! ([`crate::output::run_dir`]); and the summary the command prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::plan::{self as plan_out, Lang};
use super::{projection as proj_out, table, warnings};
use crate::Error;
use crate::accounting::added_lost_output;
use crate::emissions::Basis;
use crate::output::atomic::Output;
use crate::output::run_dir::RunDir;
use crate::plan::Plan;
use crate::scenario::{Forecast, Resolution};

/// How the run folder is written.
#[derive(Clone, Copy, Debug)]
pub struct WriteOptions {
    /// Language of report.md, report.html, plan.xlsx's titles and of the order texts in
    /// orders.csv.
    pub lang: Lang,
    /// Whether CSV files start with the UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Write into a non-empty folder that is not a hazeplan output.
    pub force: bool,
    /// Also write the workbook `plan.xlsx` (the scenario's own `xlsx: true` counts as well).
    pub xlsx: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            lang: Lang::Zh,
            bom: true,
            force: false,
            xlsx: false,
        }
    }
}

/// What [`write_run`] wrote.
#[derive(Clone, Debug)]
pub struct Written {
    /// The run folder.
    pub dir: PathBuf,
    /// The files in it, in the order written (charts not included).
    pub files: Vec<&'static str>,
    /// The charts, under `dir/charts`.
    pub charts: usize,
}

/// Writes the run folder `target` from `plan`: the warning tables, the measure plan and
/// report.md (with measure inputs), the projection tables (with a projection), plan.xlsx
/// (with `options.xlsx` or the scenario's `xlsx: true`), the charts and, beside report.md,
/// report.html with the charts' PNG bytes embedded as they were just encoded.
/// Nothing of an earlier run stays; a failure leaves the folder as it was.
pub fn write_run(target: &Path, plan: &Plan<'_>, options: &WriteOptions) -> Result<Written, Error> {
    let out = RunDir::prepare(target, options.force)?;
    let dir = out.path().to_path_buf();
    let (c, bom) = (&plan.classification, options.bom);
    let mut files = vec![
        "warnings.csv",
        "warning_changes.csv",
        "daily.csv",
        "advisories.csv",
    ];
    Output::write_file(&dir, "warnings.csv", bom, &|o| {
        warnings::warnings_csv(o, &c.warnings)
    })?;
    Output::write_file(&dir, "warning_changes.csv", bom, &|o| {
        warnings::changes_csv(o, &c.warnings)
    })?;
    Output::write_file(&dir, "daily.csv", bom, &|o| {
        warnings::daily_csv(o, &plan.daily, &plan.grid, c)
    })?;
    Output::write_file(&dir, "advisories.csv", bom, &|o| {
        warnings::advisories_csv(o, &c.advisories)
    })?;
    if plan.has_measures {
        let (scn, sched) = (plan.scenario, &plan.schedule);
        Output::write_file(&dir, "schedule.csv", bom, &|o| {
            plan_out::schedule_csv(o, scn, sched)
        })?;
        Output::write_file(&dir, "orders.csv", bom, &|o| {
            plan_out::orders_csv(o, sched, options.lang)
        })?;
        Output::write_file(&dir, "reductions.csv", bom, &|o| {
            plan_out::reductions_csv(o, &plan.accounting)
        })?;
        let report = super::plan_md::report_md(plan, options.lang);
        Output::write_file(&dir, "report.md", false, &|o| {
            o.write_all(report.as_bytes())
        })?;
        files.extend(["schedule.csv", "orders.csv", "reductions.csv", "report.md"]);
        if scn.enterprises.iter().any(|e| e.seasonal.is_some()) {
            Output::write_file(&dir, "seasonal.csv", bom, &|o| {
                plan_out::seasonal_csv(o, scn)
            })?;
            files.push("seasonal.csv");
        }
    }
    if let Some(p) = &plan.projection {
        Output::write_file(&dir, "projection.csv", bom, &|o| {
            proj_out::projection_csv(o, p)
        })?;
        Output::write_file(&dir, "projection_summary.csv", bom, &|o| {
            proj_out::summary_csv(o, p)
        })?;
        Output::write_file(&dir, "sector_reductions.csv", bom, &|o| {
            proj_out::sector_reductions_csv(o, plan.scenario, &plan.schedule, &plan.accounting)
        })?;
        Output::write_file(&dir, "regions.csv", bom, &|o| {
            proj_out::regions_csv(o, plan.scenario)
        })?;
        files.extend([
            "projection.csv",
            "projection_summary.csv",
            "sector_reductions.csv",
            "regions.csv",
        ]);
    }
    if options.xlsx || plan.scenario.xlsx {
        let book = super::xlsx::plan_workbook(plan, options.lang);
        super::xlsx::save(&dir, "plan.xlsx", &target.join("plan.xlsx"), book)?;
        files.push("plan.xlsx");
    }
    // The charts, drawn from the files just written (as `hazeplan plot` draws them again),
    // encoded once for their files and for report.html.
    let charts = crate::plot::charts_from_run(&dir)?;
    let charts_dir = dir.join("charts");
    let pngs = crate::plot::render_charts(&charts, &charts_dir)?;
    let images: Vec<super::html::ChartImage<'_>> = charts
        .iter()
        .zip(&pngs)
        .map(|((file, chart), png)| super::html::ChartImage { file, chart, png })
        .collect();
    crate::plot::write_pngs(images.iter().map(|c| (c.file, c.png)), &charts_dir)?;
    if plan.has_measures {
        let html = super::html::report_html(plan, options.lang, &images);
        Output::write_file(&dir, "report.html", false, &|o| {
            o.write_all(html.as_bytes())
        })?;
        files.push("report.html");
    }
    let charts = images.len();
    out.commit("run")?;
    Ok(Written {
        dir: target.to_path_buf(),
        files,
        charts,
    })
}

/// What `hazeplan run` prints on standard output after writing: the scenario, its rules and
/// forecast, the warnings, the measures against their targets, the projection and the files.
pub fn summary(plan: &Plan<'_>, written: &Written) -> String {
    let scn = plan.scenario;
    let r = &scn.rules;
    let mut s = format!(
        "scenario {}{}\n",
        scn.name,
        scn.title
            .as_ref()
            .map_or(String::new(), |t| format!(" — {t}"))
    );
    s += &format!(
        "period {} to {}; rules {} ({} AQI, lead {} h, lifted after more than {} h below the start condition)\n",
        scn.period.0,
        scn.period.1,
        r.name,
        match (&scn.forecast, r.basis) {
            (Forecast::Table(t), _) if t.resolution == Resolution::Daily => "the forecast's daily",
            (_, crate::alert::Basis::Daily) => "natural-day",
            (_, crate::alert::Basis::Rolling24) => "rolling 24-h",
        },
        r.lead_time_hours,
        r.lifting.hours
    );
    s += &match &scn.forecast {
        Forecast::Table(t) => format!(
            "forecast {} ({} rows, {} cities)\n",
            t.path.display(),
            t.rows.len(),
            scn.cities.len()
        ),
        Forecast::Observed => format!(
            "hindcast from the observations ({} cities)\n",
            scn.cities.len()
        ),
    };
    for r in scn.regions.iter().filter(|r| r.source.is_some()) {
        s += &format!(
            "region {}: shipped definition, {}\n",
            r.name,
            r.source.as_deref().unwrap_or_default()
        );
    }
    s += &warnings::summary(&plan.classification);
    if plan.has_measures {
        s += &measures_summary(plan);
    }
    if let Some(p) = &plan.projection {
        s += &proj_out::summary_text(p);
    }
    let dir = &written.dir;
    s += &format!(
        "charts: {} PNG files in {}\n",
        written.charts,
        dir.join("charts").display()
    );
    s += &format!(
        "wrote {}\n",
        written
            .files
            .iter()
            .map(|f| dir.join(f).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    s
}

/// The data-quality summary of a hindcast's observations, for standard error.
pub fn quality_note(plan: &Plan<'_>) -> Option<String> {
    plan.quality.as_ref().map(|q| table::quality_text(q, 20))
}

/// The measures' lines of the summary: actions, orders, targets met, tightening.
fn measures_summary(plan: &Plan<'_>) -> String {
    let (sched, acc) = (&plan.schedule, &plan.accounting);
    let city_days: std::collections::BTreeSet<_> =
        acc.days.iter().map(|d| (&d.city, d.date)).collect();
    let short: std::collections::BTreeSet<_> = acc
        .days
        .iter()
        .filter(|d| !d.met)
        .map(|d| (&d.city, d.date))
        .collect();
    let mut s = format!(
        "measures: {} enterprise actions and {} orders in {} windows; targets met on {} of {} city-days ({})\n",
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
    if plan.tightened {
        let added = sched.actions.iter().filter(|a| a.added).count();
        let lost =
            added_lost_output(&crate::plan::accounting_inputs(plan.scenario), sched) / 1_000_000;
        s += &format!(
            "tighten: {added} curtailments added, output lost {:.2} (10k yuan/day){}\n",
            lost as f64 / 1e6,
            if plan.infeasible.is_empty() {
                String::new()
            } else {
                format!("; {} window(s) infeasible", plan.infeasible.len())
            }
        );
    } else if !short.is_empty() {
        s += "(targets short: run with --tighten to add curtailments)\n";
    }
    s
}
