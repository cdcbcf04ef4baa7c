//! Baseline for the batch benchmark (issue 7, `scripts/bench-batch.sh`): the least work any
//! reader of CNEMC archive files must do, timed so that `hazeplan batch` can be held to a
//! multiple of it ("at most 2x the time of reading and splitting the same files").
//!
//! It reads every file given (or every `.csv` file of a directory given) with the `csv` crate,
//! default reader settings except `flexible(true)` (the archive's last row is often truncated)
//! and no header handling (the header is read as an ordinary record), splits every record into
//! a reused `ByteRecord` and touches every field (counts it and adds its length). Files are
//! spread over a rayon pool, all cores by default. Nothing is parsed, looked up or written;
//! the totals are printed at the end so that the work cannot be optimised away.
//!
//! ```text
//! cargo build --release --example csv_split
//! target/release/examples/csv_split [--threads N] INPUT...
//! ```
//!
//! `--threads 0` (or no option) uses every core (rayon's default, which also honours
//! `RAYON_NUM_THREADS`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

const USAGE: &str =
    "usage: csv_split [--threads N] INPUT...  (INPUT: a CSV file, or a directory of .csv files)";

/// What one file (or all of them) held.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    files: u64,
    records: u64,
    fields: u64,
    /// Sum of the lengths of all fields, in bytes (separators, quotes and line ends excluded).
    field_bytes: u64,
    /// Size of the files on disk.
    file_bytes: u64,
}

impl Totals {
    fn add(self, other: Totals) -> Totals {
        Totals {
            files: self.files + other.files,
            records: self.records + other.records,
            fields: self.fields + other.fields,
            field_bytes: self.field_bytes + other.field_bytes,
            file_bytes: self.file_bytes + other.file_bytes,
        }
    }
}

/// Reads and splits one file.
fn split_file(path: &Path) -> Result<Totals> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let mut record = csv::ByteRecord::new();
    let mut totals = Totals {
        files: 1,
        ..Totals::default()
    };
    while reader
        .read_byte_record(&mut record)
        .with_context(|| format!("cannot read {}", path.display()))?
    {
        totals.records += 1;
        for field in &record {
            totals.fields += 1;
            totals.field_bytes += field.len() as u64;
        }
    }
    totals.file_bytes = reader.position().byte();
    Ok(totals)
}

/// The files named by the inputs: a file as given, a directory as its `.csv` files (sorted).
fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
            {
                let path = entry?.path();
                let is_csv = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                if is_csv && path.is_file() {
                    found.push(path);
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("csv_split: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut threads = 0_usize;
    let mut inputs = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return Ok(());
            }
            Some("--threads" | "-j") => {
                let value = args.next().context("--threads needs a number")?;
                threads = value
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .with_context(|| {
                        format!("--threads: not a number: {}", value.to_string_lossy())
                    })?;
            }
            Some(s) if s.starts_with("--threads=") => {
                let value = &s["--threads=".len()..];
                threads = value
                    .parse()
                    .with_context(|| format!("--threads: not a number: {value}"))?;
            }
            _ => inputs.push(PathBuf::from(arg)),
        }
    }
    if inputs.is_empty() {
        bail!("{USAGE}");
    }
    let files = collect_files(&inputs)?;
    if files.is_empty() {
        bail!("no .csv files in the inputs");
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the thread pool")?;
    let start = Instant::now();
    let totals = pool.install(|| {
        files
            .par_iter()
            .map(|path| split_file(path))
            .try_reduce(Totals::default, |a, b| Ok(a.add(b)))
    })?;
    let secs = start.elapsed().as_secs_f64();

    println!(
        "{} files, {} records, {} fields, {} field bytes, {:.1} MB read with {} threads in {:.3} s ({:.0} MB/s)",
        totals.files,
        totals.records,
        totals.fields,
        totals.field_bytes,
        totals.file_bytes as f64 / 1e6,
        pool.current_num_threads(),
        secs,
        totals.file_bytes as f64 / 1e6 / secs.max(1e-9),
    );
    Ok(())
}
