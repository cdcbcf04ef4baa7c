//! `hazeplan batch INPUT... -o DIR`: daily city AQI, the warning hindcast, yearly statistics,
//! the data-quality summary (also as the workbook batch.xlsx with `--xlsx`) and calendars over
//! years of files, in parallel.
//!
//! The days come from the batch as they close ([`Tables`], the run's [`Sink`]): the daily
//! tables keep their rows in spill files in the staging folder, and each year's calendars are
//! drawn as soon as the year is over, on the pool beside the reading of the next. Memory stays
//! that of one year however many years are read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::Datelike;

use crate::Error;
use crate::alert::RuleSet;
use crate::batch::{BatchOptions, Sink, SiteDay};
use crate::cli::{BatchArgs, CoUnitArg, FileArgs, LayoutArgs, Progress};
use crate::ingest::{
    CoUnit, ColumnMap, MissingMarkers, QcValid, ReadOptions, expand_inputs, station_list,
};
use crate::output::atomic::Output;
use crate::output::run_dir::RunDir;
use crate::plot::{CalendarChart, Chart};
use crate::report::batch::{self as out, DailyTable};
use crate::report::{table, warnings};

/// The rule set named on the command line: a shipped name or a YAML file.
pub(super) fn rules(spec: &str) -> Result<RuleSet, Error> {
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
    if let Some((line, column)) = crate::yaml_guard::too_deep(&text) {
        return Err(Error::Located(crate::diag::Problem {
            file: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            context: None,
            message: crate::yaml_guard::message(),
        }));
    }
    let raw = crate::yaml_guard::on_big_stack(|| {
        serde_saphyr::from_str(&text)
            .map_err(|e| Error::Located(crate::scenario::yaml_problem(&e, &text, path)))
    })?;
    RuleSet::from_raw(raw).map_err(|message| Error::Input {
        path: path.to_path_buf(),
        message,
    })
}

pub(super) fn run(args: &BatchArgs, quiet: bool) -> Result<u8, Error> {
    let paths = expand_inputs(&args.inputs)?;
    let stations = station_list(args.stations.as_deref())?;
    let rules = rules(&args.rules)?;
    // Refused before the work if the folder is someone else's (report::run_dir).
    let out = RunDir::prepare(&args.output, args.force)?;
    let read = read_options(&args.input);
    let n_files = paths.len();
    let bar = FileProgress::new(args.work.progress, &paths);
    let progress = |done: usize, bytes: u64| bar.report(done, bytes);
    let dir = out.path();
    let bom = !args.no_bom;
    let opts = BatchOptions {
        rules,
        standard: args.standard,
        read,
        station_daily: args.station_daily,
        progress: &progress,
        scratch: Some(dir.to_path_buf()),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(args.work.threads))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))?;
    let drawn = Mutex::new(Ok(0usize));
    // The scope ends when every calendar it was given is drawn and written.
    let result = pool.install(|| {
        rayon::scope(|scope| -> Result<_, Error> {
            let charts = (!args.no_charts).then(|| Calendars {
                scope,
                dir: dir.join("charts"),
                shown: args.output.join("charts"),
                year: None,
                cities: Vec::new(),
                drawn: &drawn,
            });
            let mut sink = Tables {
                city: DailyTable::new(dir).map_err(|e| write_err(dir, e))?,
                station: args
                    .station_daily
                    .then(|| DailyTable::new(dir).map_err(|e| write_err(dir, e)))
                    .transpose()?,
                charts,
                warnings: {
                    let mut w = csv::Writer::from_writer(Output::csv(
                        Some(&dir.join("warnings.csv")),
                        bom,
                    )?);
                    warnings::warnings_header(&mut w).map_err(|e| w.get_ref().err(e))?;
                    w
                },
                dir,
                bom,
            };
            let result = crate::batch::run(&paths, stations, &opts, &mut sink)?;
            // The tables are written while the last year's calendars are drawn.
            write_tables(dir, sink, &result)?;
            if args.xlsx {
                let book = crate::report::xlsx::batch_workbook(&result.years, &result.quality);
                let shown = args.output.join("batch.xlsx");
                crate::report::xlsx::save(dir, "batch.xlsx", &shown, book)?;
            }
            Ok(result)
        })
    });
    bar.finish();
    let charts = std::mem::replace(
        &mut *drawn.lock().unwrap_or_else(PoisonError::into_inner),
        Ok(0),
    );
    let result = result?;
    let charts = charts?;
    let q = &result.quality;
    // As `aqi`: a batch that read nothing is a failure, not an empty result.
    if result.city_days == 0 && q.files.iter().all(|f| f.rows == 0) {
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
    if quiet {
        return Ok(0);
    }
    eprint!("{}", table::quality_text(q, 20));
    println!(
        "batch: {} file(s), {} city-days, {} warnings ({} rule set), {} city-years, {charts} calendars -> {}",
        n_files,
        result.city_days,
        result.warnings,
        opts.rules.name,
        result.years.len(),
        dir.display()
    );
    Ok(0)
}

/// How `batch` and `hotspots` read the files.
pub(super) fn read_options(args: &FileArgs) -> ReadOptions {
    long_file_options(&args.maps, args.co_unit, args.city.as_ref(), &args.layout)
}

/// The options of long files that `aqi`, `batch` and `hotspots` share (format detected).
pub(super) fn long_file_options(
    maps: &[ColumnMap],
    co_unit: Option<CoUnitArg>,
    city: Option<&String>,
    layout: &LayoutArgs,
) -> ReadOptions {
    ReadOptions {
        format: crate::ingest::FormatChoice::Auto,
        maps: maps.to_vec(),
        co_unit: co_unit.map(|u| match u {
            CoUnitArg::Mg => CoUnit::Mg,
            CoUnitArg::Ug => CoUnit::Ug,
        }),
        missing: MissingMarkers::new(layout.missing.clone()),
        city: city.cloned(),
        header_row: layout.header_row,
        tz: layout.tz,
        qc_valid: QcValid::new(layout.qc_valid.clone()),
    }
}

/// The progress of a read over files (`--progress`): a bar on a terminal; with `always` into a
/// file or pipe, plain lines, one per file finished or tenth of the bytes read, instead of a
/// bar's redraws (which only a terminal shows).
pub(super) struct FileProgress {
    bar: indicatif::ProgressBar,
    lines: bool,
    total: u64,
    n_files: usize,
    last_files: AtomicUsize,
    last_tenth: AtomicU64,
}

impl FileProgress {
    pub(super) fn new(progress: Progress, paths: &[PathBuf]) -> FileProgress {
        let total: u64 = paths
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .sum();
        // A bar only on a terminal; `always` elsewhere gives plain lines.
        let show = match progress {
            Progress::Always | Progress::Auto => std::io::stderr().is_terminal(),
            Progress::Never => false,
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
        FileProgress {
            bar,
            lines: matches!(progress, Progress::Always) && !std::io::stderr().is_terminal(),
            total,
            n_files: paths.len(),
            last_files: AtomicUsize::new(0),
            last_tenth: AtomicU64::new(0),
        }
    }

    /// `done` files of `bytes` read.
    pub(super) fn report(&self, done: usize, bytes: u64) {
        let (total, n_files) = (self.total, self.n_files);
        if self.lines {
            let tenth = (bytes * 10).checked_div(total).unwrap_or(0);
            let new_files = self.last_files.fetch_max(done, Ordering::Relaxed) < done;
            let new_tenth = self.last_tenth.fetch_max(tenth, Ordering::Relaxed) < tenth;
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
            self.bar.set_position(bytes);
        }
        self.bar.set_message(format!("{done}/{n_files} files"));
    }

    /// Clears the bar.
    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The worker threads: all cores by default (or 0); at most 4x the cores, since more only
/// adds memory and switching (a typo such as `--threads 4000` would otherwise start them all).
pub(super) fn threads(asked: Option<usize>) -> usize {
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

fn write_err(dir: &Path, e: std::io::Error) -> Error {
    Error::Write {
        path: dir.to_path_buf(),
        source: crate::diag::without_temp_path(e),
    }
}

/// The tables other than the daily ones, and the daily ones from their spill files.
fn write_tables(
    dir: &Path,
    sink: Tables<'_, '_, '_>,
    result: &crate::batch::BatchResult,
) -> Result<(), Error> {
    let mut w = sink
        .warnings
        .into_inner()
        .map_err(|e| write_err(dir, e.into_error()))?;
    std::io::Write::flush(&mut w).map_err(|e| w.err(e))?;
    w.commit()?;
    let bom = sink.bom;
    write_daily(dir, "daily_city_aqi.csv", sink.city, "city", bom)?;
    if let Some(t) = sink.station {
        write_daily(dir, "daily_station_aqi.csv", t, "station", bom)?;
    }
    Output::write_file(dir, "summary.csv", bom, &|o| {
        out::summary_csv(o, &result.years)
    })?;
    Output::write_file(dir, "quality.csv", bom, &|o| {
        table::quality_csv(o, &result.quality)
    })
}

fn write_daily(
    dir: &Path,
    name: &str,
    t: DailyTable,
    site_column: &str,
    bom: bool,
) -> Result<(), Error> {
    let mut o = Output::csv(Some(&dir.join(name)), bom)?;
    t.write(&mut o, site_column).map_err(|e| o.err(e))?;
    o.commit()
}

/// The batch's sink: the daily tables and the calendars.
struct Tables<'d, 's, 'scope> {
    city: DailyTable,
    station: Option<DailyTable>,
    charts: Option<Calendars<'s, 'scope>>,
    /// `warnings.csv`, written a few cities at a time.
    warnings: csv::Writer<Output>,
    dir: &'d Path,
    /// Whether the CSV files start with the byte-order mark (not `--no-bom`).
    bom: bool,
}

impl Sink for Tables<'_, '_, '_> {
    fn city_day(&mut self, city: usize, day: &SiteDay) -> Result<(), Error> {
        if let Some(c) = &mut self.charts {
            c.add(city, day)?;
        }
        let dir = self.dir;
        self.city.push(city, day).map_err(|e| write_err(dir, e))
    }

    fn station_day(&mut self, station: usize, day: &SiteDay) -> Result<(), Error> {
        let dir = self.dir;
        match &mut self.station {
            Some(t) => t.push(station, day).map_err(|e| write_err(dir, e)),
            None => Ok(()),
        }
    }

    fn warnings(&mut self, ws: &[crate::alert::Warning]) -> Result<(), Error> {
        warnings::warning_rows(&mut self.warnings, ws).map_err(|e| self.warnings.get_ref().err(e))
    }

    fn days_done(&mut self) -> Result<(), Error> {
        if let Some(c) = &mut self.charts {
            c.draw()?;
        }
        Ok(())
    }
}

/// The calendars of the year being read: each city's valid days (by city index). When a day
/// of the next year comes, the year's calendars are drawn on the pool while reading goes on.
struct Calendars<'s, 'scope> {
    scope: &'s rayon::Scope<'scope>,
    /// The staging charts folder, and the one the user named (for messages).
    dir: PathBuf,
    shown: PathBuf,
    year: Option<i32>,
    cities: Vec<(String, Vec<(chrono::NaiveDate, u16)>)>,
    /// Calendars written, or the first error.
    drawn: &'scope Mutex<Result<usize, Error>>,
}

impl Calendars<'_, '_> {
    fn add(&mut self, city: usize, d: &SiteDay) -> Result<(), Error> {
        let year = d.day.date.year();
        if self.year.is_some_and(|y| y != year) {
            self.draw()?;
        }
        self.year = Some(year);
        if self.cities.len() <= city {
            self.cities.resize_with(city + 1, Default::default);
        }
        let (name, days) = &mut self.cities[city];
        if name.is_empty() {
            name.clone_from(&d.site);
        }
        if let Some(a) = d.aqi.aqi {
            days.push((d.day.date, a.value()));
        }
        Ok(())
    }

    /// Draws the year's calendars, one task each; a city-year with no valid day (the first
    /// hour of an archive belongs to the day before) has nothing to draw.
    fn draw(&mut self) -> Result<(), Error> {
        let Some(year) = self.year.take() else {
            return Ok(());
        };
        let cities = std::mem::take(&mut self.cities);
        if cities.iter().all(|(_, days)| days.is_empty()) {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir).map_err(|source| Error::Write {
            path: self.shown.clone(),
            source,
        })?;
        for (city, days) in cities {
            if days.is_empty() {
                continue;
            }
            let name = format!("calendar_{city}_{year}.png");
            let chart = Chart::Calendar(CalendarChart {
                title: format!("{city} {year}年 逐日空气质量指数（AQI）"),
                city,
                year,
                days,
                // A batch is years of data: always the year calendar.
                period: None,
                warnings: Vec::new(),
            });
            let (dir, shown, drawn) = (self.dir.clone(), self.shown.clone(), self.drawn);
            // Each calendar is drawn and written on its own (independent charts, whose bytes
            // do not depend on order).
            self.scope.spawn(move |_| {
                let res = crate::plot::render(&chart)
                    .map_err(|source| Error::Plot {
                        path: shown.join(&name),
                        source: Box::new(source),
                    })
                    .and_then(|bytes| {
                        // Straight into the staging folder, which is swapped in whole or
                        // removed, so the file needs no atomicity of its own: a temporary
                        // file renamed into place per calendar (the folder's lock taken by
                        // both threads in turn) was 5 % of a national year's CPU in the
                        // kernel's file system code, 1 % without.
                        std::fs::write(dir.join(&name), &bytes).map_err(|source| Error::Write {
                            path: shown.join(&name),
                            source,
                        })
                    });
                let mut d = drawn.lock().unwrap_or_else(PoisonError::into_inner);
                match (res, &mut *d) {
                    (Ok(()), Ok(n)) => *n += 1,
                    (Err(e), Ok(_)) => *d = Err(e),
                    (_, Err(_)) => {}
                }
            });
        }
        Ok(())
    }
}
