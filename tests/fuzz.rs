//! Fuzzing on the stable toolchain (#13): one proptest target per input kind, each feeding
//! arbitrary bytes and structure-aware mutations of real files (`fuzz/mutate.rs`, seeds in
//! `fuzz/seeds.rs`) to the library's reader in-process. Every input must give `Ok` or `Err`,
//! never a panic, within 1 s of CPU time (and 30 s of wall time, the watchdog).
//!
//! `HAZEPLAN_FUZZ_CASES` sets the inputs per target (default 100: the smoke `cargo test`
//! runs). The long run, figures in BENCHMARKS.md:
//! `HAZEPLAN_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture`.
//! A failing input, shrunk, is written to `target/tmp/fuzz-failures/<target>.bin`; an input
//! stuck for 30 s aborts the run after writing `<target>.hang.bin`.

#[path = "common/mod.rs"]
mod common;
#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/seeds.rs"]
mod seeds;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use hazeplan::ingest::{CoUnit, FormatChoice, FrameStream, ReadOptions, StationList};
use hazeplan::measures::catalog::Catalog;
use hazeplan::scenario::{City, Quantity, Resolution};
use mutate::{Input, inputs};

/// The longest an input may take: 1 s in an optimised build (the long run); the smoke of
/// `cargo test` runs unoptimised, where reading a 1 MB input takes several times longer.
const LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(5)
} else {
    Duration::from_secs(1)
};
/// CPU time of the calling thread: what an input costs, whatever else the machine runs (the
/// long run shares 2 cores with builds; wall time there measures the neighbours). Wall time
/// on other platforms.
fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant of the OS.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// An input running this long is taken to hang: the run stops with it on disk.
const HANG: Duration = Duration::from_secs(30);

fn cases() -> u32 {
    std::env::var("HAZEPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(100)
}

fn failures_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).expect("a folder for failing inputs");
    dir
}

/// Runs `cases()` inputs of `strategy` through `target`, which panics on a bug. Fails with the
/// shrunk input when one panics or takes longer than [`LIMIT`]; prints the figures.
fn fuzz<S>(name: &str, strategy: S, target: impl Fn(&S::Value))
where
    S: Strategy,
    S::Value: AsRef<[u8]>,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    // The input being read and since when, for the watchdog.
    let current: Arc<Mutex<(Option<Instant>, Vec<u8>)>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, done, name) = (Arc::clone(&current), Arc::clone(&done), name.to_string());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let c = current.lock().unwrap_or_else(|e| e.into_inner());
                if c.0.is_some_and(|t| t.elapsed() > HANG) {
                    let path = failures_dir().join(format!("{name}.hang.bin"));
                    let _ = std::fs::write(&path, &c.1);
                    eprintln!("fuzz {name}: an input hangs; written to {}", path.display());
                    std::process::abort();
                }
            }
        })
    };
    let (count, slowest) = (Cell::new(0u64), Cell::new(Duration::ZERO));
    let slowest_wall = Cell::new(Duration::ZERO);
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |input| {
        *current.lock().unwrap_or_else(|e| e.into_inner()) =
            (Some(Instant::now()), input.as_ref().to_vec());
        let (wall, cpu) = (Instant::now(), thread_cpu());
        target(&input);
        let took = thread_cpu().saturating_sub(cpu);
        current.lock().unwrap_or_else(|e| e.into_inner()).0 = None;
        count.set(count.get() + 1);
        slowest.set(slowest.get().max(took));
        slowest_wall.set(slowest_wall.get().max(wall.elapsed()));
        if took > LIMIT {
            return Err(TestCaseError::fail(format!(
                "took {took:?} of CPU time (limit {LIMIT:?})"
            )));
        }
        Ok(())
    });
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(()) => println!(
            "fuzz {name}: {} inputs in {secs:.1} s ({:.0}/s), 0 panics, 0 over {LIMIT:?} of CPU \
             time, slowest {:.1} ms CPU ({:.1} ms wall)",
            count.get(),
            count.get() as f64 / secs,
            slowest.get().as_secs_f64() * 1e3,
            slowest_wall.get().as_secs_f64() * 1e3
        ),
        Err(TestError::Fail(why, input)) => {
            let path = failures_dir().join(format!("{name}.bin"));
            let _ = std::fs::write(&path, input.as_ref());
            panic!(
                "fuzz {name}: {why} after {} inputs; shrunk input written to {}",
                count.get(),
                path.display()
            );
        }
        Err(e) => panic!("fuzz {name}: {e}"),
    }
}

impl AsRef<[u8]> for Input {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.0
    }
}

/// An input with a choice of options (bits of `flags`).
#[derive(Clone, Debug)]
struct WithFlags(Input, u8);

impl AsRef<[u8]> for WithFlags {
    fn as_ref(&self) -> &[u8] {
        self.0.as_ref()
    }
}

fn with_flags(seeds: Vec<mutate::Seed>) -> impl Strategy<Value = WithFlags> {
    (inputs(seeds), any::<u8>()).prop_map(|(i, f)| WithFlags(i, f))
}

/// A scratch file per target, rewritten for each input.
fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    (dir, path)
}

/// Reads one monitoring file to the end as `hazeplan aqi` does. Flags: bit 0 with the
/// station list, bit 1 `--co-unit ug`, bit 2 `--city`, bit 3 format detection.
fn monitoring(name: &str, seeds: Vec<mutate::Seed>, format: FormatChoice) {
    let stations = seeds::station_list();
    let (_dir, path) = scratch("input.csv");
    let paths = [path.clone()];
    fuzz(name, with_flags(seeds), |WithFlags(input, flags)| {
        std::fs::write(&path, input.as_ref()).expect("a scratch file");
        let opts = ReadOptions {
            format: if flags & 8 != 0 {
                FormatChoice::Auto
            } else {
                format
            },
            co_unit: (flags & 2 != 0).then_some(CoUnit::Ug),
            city: (flags & 4 != 0).then(|| "北京".to_string()),
            ..ReadOptions::default()
        };
        let list = (flags & 1 != 0).then(|| stations.clone());
        let mut stream = FrameStream::open(&paths, list, opts);
        while stream.next_frame().is_some() {}
        for d in stream.quality.defects.iter().take(3) {
            let _ = d.to_string();
        }
    });
}

#[test]
fn fuzz_cnemc_reader() {
    monitoring("cnemc", seeds::cnemc(), FormatChoice::Cnemc);
}

#[test]
fn fuzz_long_reader() {
    monitoring("long", seeds::long(), FormatChoice::Long);
}

#[test]
fn fuzz_station_list() {
    fuzz("stations", inputs(seeds::stations()), |input| {
        if let Err(errors) = StationList::from_bytes(input.as_ref()) {
            let _: Vec<String> = errors.iter().map(ToString::to_string).collect();
        }
    });
}

/// The cities of the examples and fixtures (forecast rows and enterprise lists name them).
fn cities() -> &'static [City] {
    static CITIES: OnceLock<Vec<City>> = OnceLock::new();
    CITIES.get_or_init(|| {
        let mut out: Vec<City> = Vec::new();
        for rel in [
            "scenarios/fenhe-valley-winter.yaml",
            "scenarios/taiyuan-basin-winter.yaml",
            "tests/fixtures/scenarios/overrides.yaml",
            "tests/fixtures/scenarios/minimal.yaml",
        ] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
            let scenario = hazeplan::scenario::load(&path).expect("a valid scenario");
            for c in scenario.cities {
                if !out.iter().any(|o| o.name == c.name) {
                    out.push(c);
                }
            }
        }
        out
    })
}

#[test]
fn fuzz_forecast_csv() {
    let (_dir, path) = scratch("forecast.csv");
    fuzz(
        "forecast",
        with_flags(seeds::forecasts()),
        |WithFlags(input, flags)| {
            std::fs::write(&path, input.as_ref()).expect("a scratch file");
            let resolution = if flags & 1 != 0 {
                Resolution::Hourly
            } else {
                Resolution::Daily
            };
            let quantity = if flags & 2 != 0 {
                Quantity::Pm25
            } else {
                Quantity::Aqi
            };
            let _ = hazeplan::scenario::forecast::read(&path, resolution, quantity, cities());
        },
    );
}

#[test]
fn fuzz_scenario_yaml() {
    let seeds = seeds::scenarios();
    let folders: HashMap<String, PathBuf> = seeds
        .iter()
        .map(|(s, dir)| (s.name.clone(), dir.clone()))
        .collect();
    let fallback = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let (_dir, path) = scratch("scenario.yaml");
    let seeds = seeds.into_iter().map(|(s, _)| s).collect();
    fuzz("scenario", inputs(seeds), |input| {
        // Text is checked as if it sat beside its seed, so the files it names are found.
        let result = match std::str::from_utf8(input.as_ref()) {
            Ok(text) => {
                let dir = input.seed.as_ref().and_then(|s| folders.get(s));
                let at = dir.unwrap_or(&fallback).join("fuzz-input.yaml");
                hazeplan::scenario::load_str(text, &at)
            }
            Err(_) => {
                std::fs::write(&path, input.as_ref()).expect("a scratch file");
                hazeplan::scenario::load(&path)
            }
        };
        if let Err(e) = result {
            let _ = e.to_string();
        }
    });
}

#[test]
fn fuzz_catalog() {
    fuzz("catalog", inputs(seeds::catalogs()), |input| {
        let _ = Catalog::from_yaml(&String::from_utf8_lossy(input.as_ref()));
    });
}

#[test]
fn fuzz_enterprise_list() {
    let names: Vec<&str> = cities().iter().map(|c| c.name.as_str()).collect();
    let catalog = Catalog::shipped();
    let (dir, csv) = scratch("list.csv");
    let xlsx = dir.path().join("list.xlsx");
    fuzz("enterprises", inputs(seeds::enterprises()), |input| {
        let in_workbook = input.seed.as_ref().is_some_and(|s| s.ends_with(".xlsx"));
        let path = if in_workbook { &xlsx } else { &csv };
        std::fs::write(path, input.as_ref()).expect("a scratch file");
        let _ = hazeplan::measures::enterprises::read(path, None, &names, &catalog);
    });
}

#[test]
fn fuzz_plot_run_csvs() {
    let seeds = seeds::run_folder();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file_of = |seed: &str| seed.rsplit('/').next().unwrap_or(seed).to_string();
    let originals: Vec<(String, Vec<u8>)> = seeds
        .iter()
        .map(|s| (file_of(&s.name), s.bytes.clone()))
        .collect();
    for (name, bytes) in &originals {
        std::fs::write(dir.path().join(name), bytes).expect("a run file");
    }
    // One file of the folder is replaced by the input (flags pick it for arbitrary bytes);
    // with bit 7 of the flags another one is missing.
    fuzz("plot-run", with_flags(seeds), |WithFlags(input, flags)| {
        let pick = |k: u8| &originals[k as usize % originals.len()];
        let name = input
            .seed
            .as_deref()
            .map_or_else(|| pick(*flags).0.clone(), file_of);
        std::fs::write(dir.path().join(&name), input.as_ref()).expect("a run file");
        let removed = (flags & 0x80 != 0)
            .then(|| pick(flags >> 3))
            .filter(|r| r.0 != name);
        if let Some((gone, _)) = removed {
            std::fs::remove_file(dir.path().join(gone)).expect("a run file");
        }
        if let Err(e) = hazeplan::plot::charts_from_run(dir.path()) {
            let _ = e.to_string();
        }
        for (file, bytes) in originals
            .iter()
            .filter(|o| o.0 == name || Some(*o) == removed)
        {
            std::fs::write(dir.path().join(file), bytes).expect("a run file");
        }
    });
}
