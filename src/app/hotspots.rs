//! `hazeplan hotspots INPUT... --stations FILE -o DIR`: the high-value hotspots (快速消除污染高值
//! 热点) of monitoring files on their own, without a run: the files read as `batch` reads them
//! (the same options, in parallel), the hotspots found as `evaluate` finds them
//! (`evaluate::observed::read_hotspots`, `evaluate::hotspots`), and `hotspots.csv`, `hotspots.md` and a station map per city written
//! into an output folder with the rules of `batch` (refused before the work if it is someone
//! else's, staged, swapped in whole with its manifest).

use crate::Error;
use crate::cli::HotspotsArgs;
use crate::evaluate::hotspots::{HotspotConfig, Scope};
use crate::evaluate::observed;
use crate::ingest::{expand_inputs, station_list};
use crate::output::atomic::Output;
use crate::output::run_dir::RunDir;
use crate::report::hotspots as out;
use crate::report::table;

use super::batch::{FileProgress, read_options, threads};

pub(super) fn run(args: &HotspotsArgs, quiet: bool) -> Result<u8, Error> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(Error::Usage(format!(
            "--from {from} is after --to {to}: nothing to look at"
        )));
    }
    let paths = expand_inputs(&args.inputs)?;
    let stations = station_list(Some(&args.stations))?;
    // The maps need the coordinates.
    let map_list = stations.clone();
    let read = read_options(&args.input);
    let cfg = HotspotConfig {
        ratio: args.ratio,
        min_hours: args.hours,
        ..HotspotConfig::default()
    };
    let scope = Scope {
        cities: args.cities.clone(),
        from: args.from,
        to: args.to,
    };
    // Refused before the work if the folder is someone else's.
    let dir_out = RunDir::prepare(&args.output, args.force)?;
    let bar = FileProgress::new(args.work.progress, &paths);
    let progress = |done: usize, bytes: u64| bar.report(done, bytes);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(args.work.threads))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))?;
    let result = pool.install(|| {
        observed::read_hotspots(&paths, stations, read, &cfg, scope.clone(), &progress)
    });
    bar.finish();
    let (found, quality) = result?;
    if quality.files.iter().all(|f| f.rows == 0) {
        eprint!("{}", table::quality_text(&quality, 20));
        return Err(Error::NoData);
    }
    if found.station_hours == 0 {
        if !quiet {
            eprint!("{}", table::quality_text(&quality, 20));
        }
        return Err(Error::Evaluation(nothing_in_scope(&scope)));
    }
    if args.strict && quality.defect_count > 0 {
        eprint!("{}", table::quality_text(&quality, 20));
        return Err(Error::Strict {
            count: quality.defect_count,
        });
    }
    let dir = dir_out.path().to_path_buf();
    Output::write_file(&dir, "hotspots.csv", !args.no_bom, &|o| {
        out::hotspots_csv(o, &found.found, &found.config)
    })?;
    let period = args.from.zip(args.to);
    let md = out::hotspots_md(&found, period, args.lang);
    Output::write_file(&dir, "hotspots.md", false, &|o| {
        std::io::Write::write_all(o, md.as_bytes())
    })?;
    let charts = out::station_maps(
        &found.station_aqi,
        &found.found,
        map_list.as_ref(),
        args.lang,
    );
    crate::plot::write_charts(&charts, &dir.join("charts"))?;
    dir_out.commit("hotspots")?;
    if quiet {
        return Ok(0);
    }
    eprint!("{}", table::quality_text(&quality, 20));
    let cities = {
        let mut v: Vec<&str> = found.station_aqi.iter().map(|x| x.0.as_str()).collect();
        v.dedup();
        v.len()
    };
    println!(
        "hotspots: {} in {cities} cities ({} stations, {} station-hours; a station at least \
         {:.1}x its city's median for {} h or more, UNVERIFIED)",
        found.found.len(),
        found.station_aqi.len(),
        found.station_hours,
        cfg.ratio,
        cfg.min_hours
    );
    for h in &found.found {
        println!(
            "  {} {} {} {} -> {} {} h, max {:.1} ({:.2}x)",
            h.city,
            h.station,
            h.pollutant.name(),
            (h.first - chrono::TimeDelta::hours(1)).format("%Y-%m-%d %H:%M"),
            h.last.format("%Y-%m-%d %H:%M"),
            h.hours,
            h.max_value,
            h.max_ratio
        );
    }
    println!(
        "wrote hotspots.csv, hotspots.md and {} station maps (charts/) in {}",
        charts.len(),
        args.output.display()
    );
    Ok(0)
}

/// Why no station-hour was looked at: the period or the cities.
fn nothing_in_scope(scope: &Scope) -> String {
    let mut what = Vec::new();
    if !scope.cities.is_empty() {
        what.push(format!("of {}", scope.cities.join(", ")));
    }
    match (scope.from, scope.to) {
        (Some(f), Some(t)) => what.push(format!("from {f} to {t}")),
        (Some(f), None) => what.push(format!("from {f}")),
        (None, Some(t)) => what.push(format!("up to {t}")),
        (None, None) => {}
    }
    format!(
        "no station-hour {} in the files (stations need a city, from --stations or the file, \
         and not be control points)",
        if what.is_empty() {
            "with a city".to_string()
        } else {
            what.join(" ")
        }
    )
}
