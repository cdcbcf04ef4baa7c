//! Every CSV file hazeplan writes starts with the UTF-8 byte-order mark, so that Excel on
//! Chinese Windows opens it as UTF-8 (#16); `--no-bom` leaves it out; standard output never
//! carries it. The csv crate (as pandas, polars and DuckDB) reads the first header name
//! without the mark.

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::{fixture, hazeplan};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV files in `dir` and its subfolders.
fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "csv") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Asserts that every CSV file starts with the mark (or none does) and that the csv crate
/// reads the first header name as `first` either way.
fn check(files: &[PathBuf], bom: bool) {
    assert!(!files.is_empty());
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        assert_eq!(bytes.starts_with(BOM), bom, "{}", f.display());
        let mut rdr = csv::Reader::from_reader(bytes.as_slice());
        let first = rdr.headers().unwrap().get(0).unwrap().to_string();
        assert!(
            !first.is_empty() && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{}: first header name {first:?}",
            f.display()
        );
    }
}

#[test]
fn run_writes_the_mark_on_every_csv_unless_no_bom() {
    for (extra, bom) in [(None, true), (Some("--no-bom"), false)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        hazeplan()
            .args(["run", "scenarios/taiyuan-basin-winter.yaml", "-q", "-o"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        let files = csv_files(&out);
        assert!(files.len() >= 11, "{files:?}");
        check(&files, bom);
        // report.md is not a CSV: never a mark.
        assert!(
            !std::fs::read(out.join("report.md"))
                .unwrap()
                .starts_with(BOM)
        );
        let warnings = csv::Reader::from_path(out.join("warnings.csv"))
            .unwrap()
            .headers()
            .unwrap()
            .clone();
        assert_eq!(&warnings[0], "id");
        // `plot` reads the folder back either way.
        hazeplan()
            .arg("plot")
            .arg(&out)
            .arg("-q")
            .assert()
            .success();
    }
}

#[test]
fn aqi_files_carry_the_mark_and_standard_output_never() {
    let input = fixture("monitoring/long_zh.csv");
    for (extra, bom) in [(None, true), (Some("--no-bom"), false)] {
        let dir = tempfile::tempdir().unwrap();
        let (out, quality) = (dir.path().join("aqi.csv"), dir.path().join("q.csv"));
        hazeplan()
            .arg("aqi")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--quality")
            .arg(&quality)
            .args(extra)
            .assert()
            .success();
        check(&[out, quality], bom);
    }
    let stdout = hazeplan().arg("aqi").arg(&input).assert().success();
    let stdout = &stdout.get_output().stdout;
    assert!(stdout.starts_with(b"time,site,aqi"), "standard output");
}

#[test]
fn batch_writes_the_mark_on_every_table_unless_no_bom() {
    let input = fixture("monitoring/cnemc_city.csv");
    for (extra, bom) in [(None, true), (Some("--no-bom"), false)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("batch");
        hazeplan()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--station-daily", "--no-charts", "-q"])
            .args(extra)
            .assert()
            .success();
        let files = csv_files(&out);
        assert_eq!(files.len(), 5, "{files:?}");
        check(&files, bom);
    }
}
