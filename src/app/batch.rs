//! `hazeplan batch INPUT... -o DIR`: daily city AQI, the warning hindcast, yearly statistics,
//! the data-quality summary and calendars over years of files, in parallel.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::Datelike;
use rayon::prelude::*;

use crate::Error;
use crate::alert::RuleSet;
use crate::batch::{BatchOptions, city_years};
use crate::cli::{BatchArgs, CoUnitArg, Progress};
use crate::ingest::{CoUnit, MissingMarkers, ReadOptions, expand_inputs, station_list};
use crate::plot::{CalendarChart, Chart};
use crate::report::atomic::Output;
use crate::report::run_dir::RunDir;
use crate::report::{batch as out, table, warnings};

/// The rule set named on the command line: a shipped name or a YAML file.
fn rules(spec: &str) -> Result<RuleSet, Error> {
    if let Some(r) = RuleSet::shipped(spec) {
        return Ok(r);
    }
    let path = Path::new(spec);
    let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!(
            "not a shipped rule set ({}) and not a readable file: {e}",
            RuleSet::SHIPPED.join(", ")
        ),
    })?;
    // Located as the scenario's problems are: FILE:LINE:COLUMN: key: message.
    let raw = serde_saphyr::from_str(&text)
        .map_err(|e| Error::Located(crate::scenario::yaml_problem(&e, &text, path)))?;
    RuleSet::from_raw(raw).map_err(|message| Error::Input {
        path: path.to_path_buf(),
        message,
    })
}

fn write(
    dir: &Path,
    name: &str,
    f: &dyn Fn(&mut Output) -> std::io::Result<()>,
) -> Result<(), Error> {
    let mut o = Output::create(Some(&dir.join(name)))?;
    f(&mut o).map_err(|e| o.err(e))?;
    o.commit()
}

pub(super) fn run(args: &BatchArgs) -> Result<u8, Error> {
    let paths = expand_inputs(&args.inputs)?;
    let stations = station_list(args.stations.as_deref())?;
    let rules = rules(&args.rules)?;
    // Refused before the work if the folder is someone else's (report::run_dir).
    let out = RunDir::prepare(&args.output, args.force)?;
    let read = ReadOptions {
        format: crate::ingest::FormatChoice::Auto,
        maps: args.maps.clone(),
        co_unit: args.co_unit.map(|u| match u {
            CoUnitArg::Mg => CoUnit::Mg,
            CoUnitArg::Ug => CoUnit::Ug,
        }),
        missing: MissingMarkers::default(),
        city: args.city.clone(),
    };
    let total: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    // A bar only on a terminal; `always` elsewhere gives plain lines (below).
    let show = match args.progress {
        Progress::Always => std::io::stderr().is_terminal(),
        Progress::Never => false,
        Progress::Auto => std::io::stderr().is_terminal(),
    };
    let bar = if show {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {msg} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let n_files = paths.len();
    // `--progress always` into a file or pipe: plain lines, one per file finished or tenth of
    // the bytes read, instead of a bar's redraws (which only a terminal shows).
    let lines = matches!(args.progress, Progress::Always) && !std::io::stderr().is_terminal();
    let (last_files, last_tenth) = (AtomicUsize::new(0), AtomicU64::new(0));
    let progress = |done: usize, bytes: u64| {
        if lines {
            let tenth = (bytes * 10).checked_div(total).unwrap_or(0);
            let new_files = last_files.fetch_max(done, Ordering::Relaxed) < done;
            let new_tenth = last_tenth.fetch_max(tenth, Ordering::Relaxed) < tenth;
            if new_files || new_tenth {
                eprintln!(
                    "progress: {done}/{n_files} files, {} of {} MB",
                    bytes / 1_000_000,
                    total / 1_000_000
                );
            }
            return;
        }
        if bytes > 0 {
            bar.set_position(bytes);
        }
        bar.set_message(format!("{done}/{n_files} files"));
    };
    let opts = BatchOptions {
        rules,
        standard: args.standard,
        read,
        station_daily: args.station_daily,
        progress: &progress,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(args.threads))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))?;
    let result = pool.install(|| crate::batch::run(&paths, stations, &opts))?;
    bar.finish_and_clear();

    let dir = out.path();
    let years = city_years(&result.city_days, &result.classification);
    let tables = || -> Result<(), Error> {
        write(dir, "daily_city_aqi.csv", &|o| {
            out::daily_csv(o, "city", &result.city_days)
        })?;
        if args.station_daily {
            write(dir, "daily_station_aqi.csv", &|o| {
                out::daily_csv(o, "station", &result.station_days)
            })?;
        }
        write(dir, "warnings.csv", &|o| {
            warnings::warnings_csv(o, &result.classification.warnings)
        })?;
        write(dir, "summary.csv", &|o| out::summary_csv(o, &years))?;
        write(dir, "quality.csv", &|o| {
            table::quality_csv(o, &result.quality)
        })
    };
    let calendars = if args.no_charts {
        Vec::new()
    } else {
        calendars(&result.city_days)
    };
    let charts_dir = dir.join("charts");
    if !calendars.is_empty() {
        std::fs::create_dir_all(&charts_dir).map_err(|source| Error::Write {
            path: charts_dir.clone(),
            source,
        })?;
    }
    // The tables are written while the calendars are drawn; each calendar is drawn and written
    // on its own (independent charts, whose bytes do not depend on order).
    let (tables, drawn) = pool.install(|| {
        rayon::join(tables, || {
            calendars
                .par_iter()
                .map(|(name, c)| {
                    let bytes = crate::plot::render(c).map_err(|source| Error::Plot {
                        path: args.output.join("charts").join(name),
                        source,
                    })?;
                    write(&charts_dir, name, &|o| std::io::Write::write_all(o, &bytes))
                })
                .collect::<Result<Vec<()>, Error>>()
        })
    });
    tables?;
    let charts = drawn?.len();
    let q = &result.quality;
    // As `aqi`: a batch that read nothing is a failure, not an empty result.
    if result.city_days.is_empty() && q.files.iter().all(|f| f.rows == 0) {
        eprint!("{}", table::quality_text(q, 20));
        return Err(Error::NoData);
    }
    // --strict means what it means for `aqi`: with a defect, nothing is written (the staging
    // folder goes with `out`).
    if args.strict && q.defect_count > 0 {
        eprint!("{}", table::quality_text(q, 20));
        return Err(Error::Strict {
            count: q.defect_count,
        });
    }
    out.commit("batch")?;
    let dir = &args.output;
    eprint!("{}", table::quality_text(q, 20));
    println!(
        "batch: {} file(s), {} city-days, {} warnings ({} rule set), {} city-years, {charts} calendars -> {}",
        n_files,
        result.city_days.len(),
        result.classification.warnings.len(),
        opts.rules.name,
        years.len(),
        dir.display()
    );
    Ok(0)
}

/// The worker threads: all cores by default (or 0); at most 4x the cores, since more only
/// adds memory and switching (a typo such as `--threads 4000` would otherwise start them all).
fn threads(asked: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked {
        Some(n) if n > 4 * cores => {
            eprintln!(
                "note: --threads {n} capped at {} (4 x this machine's {cores} cores)",
                4 * cores
            );
            4 * cores
        }
        Some(n) => n,
        None => 0,
    }
}

/// The calendars of every city-year with a valid day, from city-days sorted by city and date.
fn calendars(days: &[crate::batch::SiteDay]) -> Vec<(String, Chart)> {
    days.chunk_by(|a, b| a.site == b.site && a.day.date.year() == b.day.date.year())
        .filter_map(|group| {
            let (city, year) = (&group[0].site, group[0].day.date.year());
            let days: Vec<(chrono::NaiveDate, u16)> = group
                .iter()
                .filter_map(|d| d.aqi.aqi.map(|a| (d.day.date, a.value())))
                .collect();
            // A year with no valid day (the first hour of an archive belongs to the day
            // before) has nothing to draw.
            (!days.is_empty()).then(|| {
                (
                    format!("calendar_{city}_{year}.png"),
                    Chart::Calendar(CalendarChart {
                        city: city.clone(),
                        title: format!("{city} {year}年 逐日空气质量指数（AQI）"),
                        year,
                        days,
                    }),
                )
            })
        })
        .collect()
}
