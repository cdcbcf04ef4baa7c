//! `hazeplan run SCENARIO [-o DIR]`: the warnings a scenario's forecast requires, written as
//! `warnings.csv`, `daily.csv` and `advisories.csv` (each atomically) with a summary on
//! standard output.

use std::path::PathBuf;

use crate::Error;
use crate::cli::RunArgs;
use crate::report::atomic::Output;
use crate::report::{table, warnings};
use crate::scenario::Forecast;

pub(super) fn run(args: &RunArgs) -> Result<u8, Error> {
    let scn = crate::scenario::load(&args.scenario)?;
    let plan = crate::alert::plan(&scn)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scn.name));
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let c = &plan.classification;
    let write = |name: &str, f: &dyn Fn(&mut Output) -> std::io::Result<()>| -> Result<(), Error> {
        let mut out = Output::create(Some(&dir.join(name)))?;
        f(&mut out).map_err(|e| out.err(e))?;
        out.commit()
    };
    write("warnings.csv", &|o| warnings::warnings_csv(o, &c.warnings))?;
    write("daily.csv", &|o| {
        warnings::daily_csv(o, &plan.daily, &plan.grid, c)
    })?;
    write("advisories.csv", &|o| {
        warnings::advisories_csv(o, &c.advisories)
    })?;

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
        match r.basis {
            crate::alert::Basis::Daily => "daily",
            crate::alert::Basis::Rolling24 => "rolling 24-h",
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
    if let Some(q) = &plan.quality {
        eprint!("{}", table::quality_text(q, 20));
    }
    print!("{}", warnings::summary(c));
    println!(
        "wrote {}",
        ["warnings.csv", "daily.csv", "advisories.csv"]
            .iter()
            .map(|f| dir.join(f).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(0)
}
