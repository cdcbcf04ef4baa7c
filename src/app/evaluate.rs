//! `hazeplan evaluate RUN_DIR --observations FILES... [--power FILE] [-o DIR]`: reads the plan
//! as issued and what happened afterwards, checks that they fit (a run folder of this
//! version, observations covering the plan's period, power data without duplicate hours or
//! negative readings) before anything is written, evaluates, and writes the evaluation folder
//! (default `RUN_DIR/evaluation/`) in one swap (report::run_dir): the tables, evaluation.md,
//! the charts and, when the run has them, report.md and report.html with the summary
//! evaluation section (report::evaluation_page).

use crate::Error;
use crate::alert::RuleSet;
use crate::cli::EvaluateArgs;
use crate::evaluate::{self, EvalConfig};
use crate::ingest::{ReadOptions, expand_inputs, station_list};
use crate::report::atomic::Output;
use crate::report::evaluation as out;
use crate::report::evaluation_text as text;
use crate::report::run_dir::RunDir;

pub(super) fn run(args: &EvaluateArgs, quiet: bool) -> Result<u8, Error> {
    let run = evaluate::run_folder::read(&args.run_dir)?;
    let rules = match (&args.rules, &run.rules) {
        (Some(spec), _) => super::batch::rules(spec)?,
        (None, Some(name)) => RuleSet::shipped(name).expect("a shipped name"),
        (None, None) => RuleSet::shipped("national-2024").expect("shipped"),
    };
    let power = args
        .power
        .as_deref()
        .map(evaluate::power::read)
        .transpose()?;
    let mut cfg = EvalConfig::default();
    cfg.compliance.tolerance = args.tolerance / 100.0;
    cfg.hotspots.ratio = args.hotspot_ratio;
    cfg.hotspots.min_hours = args.hotspot_hours;
    let paths = expand_inputs(&args.observations)?;
    let stations = station_list(args.stations.as_deref())?;
    // The station maps need the coordinates.
    let map_list = stations.clone();
    let read = ReadOptions {
        maps: args.maps.clone(),
        city: args.city.clone(),
        ..ReadOptions::default()
    };
    let cities = run.cities();
    let period = run.period().expect("a run with days");
    let mut obs = evaluate::observed::read(
        &paths,
        stations.clone(),
        read.clone(),
        &rules,
        args.standard,
        &cities,
    )?;
    // The stations' hours, read again (the batch keeps only city-days).
    obs.stations = evaluate::hotspots::read(&paths, stations, read, &cities, &cfg.hotspots)?;
    if !quiet {
        // The data-quality summary of the observations, as `batch` gives it.
        eprint!("{}", crate::report::table::quality_text(&obs.quality, 20));
    }
    evaluate::observed::check_coverage(&obs, &cities, period, cfg.min_observed_share)?;
    if let Some(p) = &power
        && !run.schedule.is_empty()
        && !p
            .readings
            .keys()
            .any(|(id, _)| run.schedule.iter().any(|a| &a.enterprise_id == id))
    {
        return Err(Error::Evaluation(format!(
            "{}: no enterprise of the run's schedule.csv has power data (is it the power use of \
             another list?)",
            p.path.display()
        )));
    }
    // The issued report, read before anything is written: the evaluation's copy of it gets
    // the section (the run folder itself is the plan as issued and stays as it is).
    let issued = |name: &str| -> Result<Option<String>, Error> {
        let path = args.run_dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Error::Input {
                    path,
                    message: "not UTF-8: is this the report `hazeplan run` wrote?".into(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::Input {
                path,
                message: e.to_string(),
            }),
        }
    };
    let (issued_md, issued_html) = (issued("report.md")?, issued("report.html")?);
    let e = evaluate::evaluate(&run, &obs, &rules, power.as_ref(), &cfg);
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| args.run_dir.join("evaluation"));
    let dir_out = RunDir::prepare(&target, args.force)?;
    let dir = dir_out.path().to_path_buf();
    let bom = !args.no_bom;
    let mut files = vec![
        "forecast_verification.csv",
        "forecast_scores.csv",
        "level_contingency.csv",
        "warning_verification.csv",
        "scores.csv",
        "hotspots.csv",
    ];
    Output::write_file(&dir, files[0], bom, &|o| out::days_csv(o, &e))?;
    Output::write_file(&dir, files[1], bom, &|o| out::forecast_scores_csv(o, &e))?;
    Output::write_file(&dir, files[2], bom, &|o| out::contingency_csv(o, &e))?;
    Output::write_file(&dir, files[3], bom, &|o| out::warnings_csv(o, &e))?;
    Output::write_file(&dir, files[4], bom, &|o| out::scores_csv(o, &e))?;
    Output::write_file(&dir, files[5], bom, &|o| out::hotspots_csv(o, &e))?;
    if !e.effects.is_empty() {
        Output::write_file(&dir, "effect.csv", bom, &|o| out::effect_csv(o, &e))?;
        files.push("effect.csv");
    }
    if power.is_some() {
        Output::write_file(&dir, "compliance.csv", bom, &|o| out::compliance_csv(o, &e))?;
        files.push("compliance.csv");
    }
    let mut charts = vec![("verification.png".to_string(), text::verification_chart(&e))];
    charts.extend(text::station_maps(&e, map_list.as_ref()));
    charts.extend(text::compliance_charts(&e));
    let n_charts = charts.len();
    let md = text::evaluation_md(&e) + &text::charts_md(&charts);
    Output::write_file(&dir, "evaluation.md", false, &|o| {
        std::io::Write::write_all(o, md.as_bytes())
    })?;
    files.push("evaluation.md");
    let charts_dir = dir.join("charts");
    let pngs = crate::plot::render_charts(&charts, &charts_dir)?;
    let images: Vec<crate::report::html::ChartImage<'_>> = charts
        .iter()
        .zip(&pngs)
        .map(|((file, chart), png)| crate::report::html::ChartImage { file, chart, png })
        .collect();
    crate::plot::write_pngs(images.iter().map(|c| (c.file, c.png)), &charts_dir)?;
    if let Some(issued) = &issued_md {
        let page = crate::report::evaluation_page::report_md(issued, &md);
        Output::write_file(&dir, "report.md", false, &|o| {
            std::io::Write::write_all(o, page.as_bytes())
        })?;
        files.push("report.md");
    }
    if let Some(issued) = &issued_html {
        // The run's charts, as the evaluation's page sees them: `../charts/` in the default
        // place, else the run folder's path.
        let run_charts = if target == args.run_dir.join("evaluation") {
            "../charts/".to_string()
        } else {
            format!("{}/charts/", args.run_dir.display())
        };
        let page = crate::report::evaluation_page::report_html(issued, &md, &images, &run_charts);
        Output::write_file(&dir, "report.html", false, &|o| {
            std::io::Write::write_all(o, page.as_bytes())
        })?;
        files.push("report.html");
    }
    dir_out.commit("evaluate")?;
    if !quiet {
        print!("{}", text::summary(&e));
        println!(
            "charts: {n_charts} PNG files in {}",
            target.join("charts").display()
        );
        println!(
            "wrote {}",
            files
                .iter()
                .map(|f| target.join(f).display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(0)
}
