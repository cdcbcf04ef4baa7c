//! Writers of the measure plan's tables: `schedule.csv`, `seasonal.csv`, `orders.csv` and
//! `reductions.csv`; `report.md` is in [`super::plan_md`].

use std::io::Write;

use chrono::NaiveDateTime;

use crate::accounting::{Accounting, rate_tonnes};
use crate::emissions::Share;
use crate::measures::Action;
use crate::measures::schedule::{EnterpriseAction, Schedule};
use crate::scenario::Scenario;

/// Report language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

fn csv_err(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// The machine form of an action: `stop`, `cut_output 20%`, `stop_processes 烧结;球团`, ….
pub fn action_code(a: &Action) -> String {
    match a {
        Action::None => "none".into(),
        Action::Voluntary => "voluntary".into(),
        Action::Protected => "protected".into(),
        Action::CutOutput(s) => format!("cut_output {s}"),
        Action::StopProcesses(p) => format!("stop_processes {}", p.join(";")),
        Action::StopUnits(s) => format!("stop_units {s}"),
        Action::Stop => "stop".into(),
        Action::ExtendCoking { hours, .. } => format!("extend_coking {hours}"),
        Action::KeepWarm(s) => format!("keep_warm {s}"),
        Action::Bank => "bank".into(),
        Action::MaxLoad(s) => format!("max_load {s}"),
        Action::Listed { .. } => "listed".into(),
    }
}

/// `schedule.csv`.
pub fn schedule_csv(w: impl Write, scn: &Scenario, s: &Schedule) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "enterprise_id",
        "enterprise",
        "part",
        "industry",
        "grade",
        "level",
        "action",
        "measure",
        "source",
        "replaced_measure",
        "seasonal",
        "start",
        "end",
        "reduction_so2",
        "reduction_nox",
        "reduction_pm",
        "reduction_vocs",
        "added_to_meet_target",
        "transport",
    ])
    .map_err(csv_err)?;
    for a in &s.actions {
        let win = &s.windows[a.window];
        let e = &scn.enterprises[a.enterprise];
        let r = a.credited(e).0.map(|x| rate_tonnes(x).to_string());
        c.write_record([
            win.city.as_str(),
            &e.id,
            &e.name,
            e.part.as_deref().unwrap_or(""),
            &e.industry,
            e.grade.label(),
            win.level.id(),
            &action_code(&a.action),
            &a.action.describe_zh(),
            a.source().id(),
            &a.replaced
                .as_ref()
                .map_or(String::new(), Action::describe_zh),
            &seasonal_text(e, a),
            &t(win.start),
            &t(win.end),
            &r[0],
            &r[1],
            &r[2],
            &r[3],
            if a.added { "yes" } else { "no" },
            a.transport.as_ref().map_or("", |t| t.measure.as_str()),
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `seasonal.csv`: every enterprise (or line) of the list under a seasonal control (错峰), with
/// its days, whether or not a warning window falls in them. `hazeplan evaluate` reads it to
/// keep the seasonal stops out of the power-use baseline (the days before a warning can fall
/// in a stop that ended before the warning; `schedule.csv`'s `seasonal` column names only the
/// control in force during each window). Written only when some enterprise has a control.
pub fn seasonal_csv(w: impl Write, scn: &Scenario) -> std::io::Result<()> {
    use crate::measures::SeasonalSource;
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "enterprise_id",
        "enterprise",
        "part",
        "control",
        "start",
        "end",
        "source",
        "document",
    ])
    .map_err(csv_err)?;
    for e in &scn.enterprises {
        let Some(sc) = &e.seasonal else { continue };
        let (source, document) = match &sc.source {
            SeasonalSource::List => ("list".to_string(), ""),
            SeasonalSource::Rule { index, document } => (
                format!("seasonal[{index}]"),
                document.as_deref().unwrap_or(""),
            ),
        };
        c.write_record([
            e.city.as_str(),
            &e.id,
            &e.name,
            e.part.as_deref().unwrap_or(""),
            &sc.control.to_string(),
            &sc.start.to_string(),
            &sc.end.to_string(),
            &source,
            document,
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `orders.csv`: the orders in force in each window, one per subject, in the city's wording;
/// `subject` and `order_id` name them as the catalog does.
pub fn orders_csv(w: impl Write, s: &Schedule, lang: Lang) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city", "level", "kind", "measure", "start", "end", "subject", "order_id",
    ])
    .map_err(csv_err)?;
    for o in &s.orders {
        let win = &s.windows[o.window];
        let text = match (lang, &o.measure.measure_en) {
            (Lang::En, Some(en)) => en.as_str(),
            _ => o.measure.measure.as_str(),
        };
        c.write_record([
            win.city.as_str(),
            win.level.id(),
            o.measure.kind.id(),
            text,
            &t(win.start),
            &t(win.end),
            &o.measure.subject,
            &o.measure.id,
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// `reductions.csv`: per city, day and pollutant the enterprises' reduction (`listed_t`,
/// verifiable), the orders' estimated effect (`estimated_t`), what counts toward the target on
/// the scenario's `basis` (`reduced_t`, `share`), the target and whether it is met.
pub fn reductions_csv(w: impl Write, a: &Accounting) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "city",
        "date",
        "level",
        "pollutant",
        "inventory_t",
        "listed_t",
        "estimated_t",
        "reduced_t",
        "share_pct",
        "target_pct",
        "basis",
        "met",
    ])
    .map_err(csv_err)?;
    for d in &a.days {
        let share = d.share_ppm().map_or(String::new(), |p| {
            Share(p.min(u128::from(u32::MAX)) as u32).pct()
        });
        c.write_record([
            d.city.as_str(),
            &d.date.format("%Y-%m-%d").to_string(),
            d.level.id(),
            d.pollutant.key(),
            &d.inventory.to_string(),
            &rate_tonnes(d.listed).to_string(),
            &rate_tonnes(d.estimated).to_string(),
            &rate_tonnes(d.reduced).to_string(),
            &share,
            &d.target.map_or(String::new(), Share::pct),
            d.basis.id(),
            if d.met { "yes" } else { "no" },
        ])
        .map_err(csv_err)?;
    }
    c.flush()
}

/// The seasonal control in force during the action's window, with its days (empty outside
/// one).
fn seasonal_text(e: &crate::measures::Enterprise, a: &EnterpriseAction) -> String {
    match &e.seasonal {
        Some(sc) if a.seasonal != Share(0) => sc.describe_zh(),
        _ => String::new(),
    }
}
