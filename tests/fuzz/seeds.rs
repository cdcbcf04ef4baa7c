//! The seed files of each fuzz target: the repository's fixtures and examples, and the real
//! data in `../shared/data` read in place (left out, with a "skipped" line, when absent).
//! Large real files are cut to their first lines so that one input costs well under a
//! millisecond; the national CNEMC file also gives its truncated last row.

use std::path::{Path, PathBuf};

use super::common::shared_data;
use super::mutate::Seed;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn seed(name: String, bytes: Vec<u8>) -> Seed {
    Seed { name, bytes }
}

/// Every file of a repository folder whose name passes `keep`, whole.
fn repo_files(dir: &str, keep: impl Fn(&str) -> bool) -> Vec<Seed> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(&p)
                .display()
                .to_string();
            seed(name, std::fs::read(&p).expect("a fixture"))
        })
        .collect()
}

/// The first `n` lines of a file.
fn head(bytes: &[u8], n: usize) -> Vec<u8> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .take(n)
        .flatten()
        .copied()
        .collect()
}

/// The first line and the last `n` lines of a file.
fn header_and_tail(bytes: &[u8], n: usize) -> Vec<u8> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut out = lines.first().map_or_else(Vec::new, |l| l.to_vec());
    for l in &lines[lines.len().saturating_sub(n).max(1)..] {
        out.extend_from_slice(l);
    }
    out
}

/// A real file cut to its first `n` lines, if the shared data are here.
fn shared_head(rel: &str, n: usize) -> Option<Seed> {
    let p = shared_data(rel)?;
    let bytes = std::fs::read(&p).expect("a shared data file");
    Some(seed(
        format!("shared/data/{rel} (first {n} lines)"),
        head(&bytes, n),
    ))
}

/// CNEMC archive files: fixtures, Shanxi subsets (3 hours), the national file (its first
/// hour, and its last lines with the truncated final row).
pub fn cnemc() -> Vec<Seed> {
    let mut out = repo_files("tests/fixtures/bad", |n| {
        n.starts_with("cnemc_") && n.ends_with(".csv")
    });
    out.extend(repo_files("tests/fixtures/monitoring", |n| {
        n.starts_with("cnemc")
    }));
    for day in 20..24 {
        out.extend(shared_head(
            &format!("shanxi_subsets/shanxi_sites_202301{day}.csv"),
            46,
        ));
    }
    out.extend(shared_head("cnemc/china_sites_20230122.csv", 16));
    if let Some(p) = shared_data("cnemc/china_sites_20230120.csv") {
        let bytes = std::fs::read(p).expect("a shared data file");
        out.push(seed(
            "shared/data/cnemc/china_sites_20230120.csv (header and last 3 lines)".into(),
            header_and_tail(&bytes, 3),
        ));
    }
    out
}

/// Long files: fixtures (good and bad), and three UCI station files (two days).
pub fn long() -> Vec<Seed> {
    let mut out = repo_files("tests/fixtures/bad", |n| {
        n.ends_with(".csv") && !n.starts_with("cnemc_") && !n.starts_with("stations")
    });
    out.extend(repo_files("tests/fixtures/monitoring", |n| {
        n.starts_with("long")
    }));
    out.extend(repo_files("tests/fixtures/bad/hindcast/unreadable", |_| {
        true
    }));
    for station in ["Aotizhongxin", "Dongsi", "Wanliu"] {
        out.extend(shared_head(
            &format!("uci_beijing_multisite/PRSA_Data_{station}_20130301-20170228.csv"),
            49,
        ));
    }
    out
}

/// Station lists: fixtures and the real list (UTF-8 and GBK).
pub fn stations() -> Vec<Seed> {
    let mut out = repo_files("tests/fixtures/bad", |n| n.starts_with("stations"));
    out.extend(repo_files("tests/fixtures/bad", |n| {
        n == "bad_station_list.csv"
    }));
    out.extend(repo_files("tests/fixtures/scenarios/data", |n| {
        n == "stations.csv"
    }));
    out.extend(shared_head("station_list/NewSiteList.utf8.csv", 60));
    out.extend(shared_head("station_list/NewSiteList.gbk.csv", 60));
    out
}

/// The station list the monitoring targets read with: when the real one is here, its first
/// 60 stations and those of Shanxi (the seeds' stations; a short list is cheap to clone per
/// input), else the fixture's.
pub fn station_list() -> hazeplan::ingest::StationList {
    let bytes = match shared_data("station_list/NewSiteList.utf8.csv") {
        Some(p) => {
            let all = std::fs::read(p).expect("the station list");
            all.split_inclusive(|&b| b == b'\n')
                .enumerate()
                .filter(|(i, line)| *i <= 60 || String::from_utf8_lossy(line).contains("山西省"))
                .flat_map(|(_, line)| line.iter().copied())
                .collect()
        }
        None => std::fs::read(repo("tests/fixtures/bad/stations.csv")).expect("a fixture"),
    };
    hazeplan::ingest::StationList::from_bytes(&bytes).expect("a valid station list")
}

/// Forecast tables of the examples and fixtures.
pub fn forecasts() -> Vec<Seed> {
    let mut out = repo_files("scenarios/data", |n| n.contains("forecast"));
    out.extend(repo_files("tests/fixtures/scenarios/data", |n| {
        n.contains("forecast") || n == "issued.csv"
    }));
    out.extend(repo_files("tests/fixtures/bad/scenarios", |n| {
        n.contains("forecast") && n.ends_with(".csv")
    }));
    out
}

/// Scenario files (their folder is where the paths inside them are taken from), without the
/// hindcasts of the shared UCI folder, which read a whole data set.
pub fn scenarios() -> Vec<(Seed, PathBuf)> {
    let yaml = |n: &str| n.ends_with(".yaml") && !n.starts_with("uci-");
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "tests/fixtures/scenarios",
        "tests/fixtures/bad/scenarios",
        "tests/fixtures/bad/hindcast",
    ] {
        out.extend(repo_files(dir, yaml).into_iter().map(|s| (s, repo(dir))));
    }
    out
}

/// The shipped catalog, whole and cut at a few points.
pub fn catalogs() -> Vec<Seed> {
    let text = std::fs::read(repo("measures/default.yaml")).expect("the shipped catalog");
    let mut out = vec![seed("measures/default.yaml".into(), text.clone())];
    for n in [40, 120, 250] {
        out.push(seed(
            format!("measures/default.yaml (first {n} lines)"),
            head(&text, n),
        ));
    }
    out
}

/// Enterprise lists: CSV fixtures, the examples' lists (first 40 lines; the workbook whole).
pub fn enterprises() -> Vec<Seed> {
    let mut out = repo_files("tests/fixtures/scenarios/data", |n| {
        n.contains("enterprises")
    });
    out.extend(repo_files("tests/fixtures/bad/scenarios", |n| {
        n.starts_with("enterprise") && n.ends_with(".csv")
    }));
    for s in repo_files("scenarios/data", |n| {
        n.contains("enterprises") || n.contains("list")
    }) {
        if s.name.ends_with(".xlsx") {
            out.push(s);
        } else {
            out.push(seed(
                format!("{} (first 40 lines)", s.name),
                head(&s.bytes, 40),
            ));
        }
    }
    out
}

/// The files of a run folder.
pub fn run_folder() -> Vec<Seed> {
    repo_files("tests/fixtures/run/basin", |n| n.ends_with(".csv"))
}
