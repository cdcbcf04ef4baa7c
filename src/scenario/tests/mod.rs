//! Unit tests of the scenario loader: one per validation rule (`validate.rs`), the YAML error
//! translation (`yaml.rs`) and the forecast table (`forecast.rs`). Scenarios are written into
//! a temporary folder with the files they name.

mod forecast;
mod orders;
mod planning;
mod validate;
mod yaml;

use std::path::Path;

use super::{Problem, Scenario, ScenarioErrors, load};

/// A scenario that passes every check; tests replace or append lines.
pub(super) const BASE: &str = "\
name: t
period: {start: 2026-12-01, end: 2026-12-03}
cities: [太原, 晋中]
forecast: {file: f.csv}
";

/// The forecast `BASE` names.
pub(super) const FORECAST: &str = "city,date,aqi\n太原,2026-12-01,100\n晋中,2026-12-01,120\n";

/// Loads `yaml` from a temporary folder holding `files` (path, contents; a path ending in
/// `/` is a folder) and `f.csv` = [`FORECAST`] unless `files` replaces it.
pub(super) fn load_with(yaml: &str, files: &[(&str, &str)]) -> Result<Scenario, ScenarioErrors> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut all: Vec<(&str, &str)> = vec![("f.csv", FORECAST)];
    all.extend_from_slice(files);
    for (name, text) in all {
        let p = dir.path().join(name);
        if name.ends_with('/') {
            std::fs::create_dir_all(&p).expect("folder");
        } else {
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("folder");
            }
            std::fs::write(&p, text).expect("file");
        }
    }
    let path = dir.path().join("s.yaml");
    std::fs::write(&path, yaml).expect("scenario");
    load(&path)
}

/// The scenario, which must be valid.
pub(super) fn ok(yaml: &str, files: &[(&str, &str)]) -> Scenario {
    load_with(yaml, files).unwrap_or_else(|e| panic!("expected a valid scenario:\n{e}"))
}

/// The problems, which must exist, as `LINE:COL: CONTEXT: message` without the file (the
/// temporary folder's name changes), or `FILE_NAME:LINE: …` for problems of other files.
pub(super) fn problems(yaml: &str, files: &[(&str, &str)]) -> Vec<String> {
    match load_with(yaml, files) {
        Ok(_) => panic!("expected problems in:\n{yaml}"),
        Err(e) => e.problems.iter().map(short).collect(),
    }
}

fn short(p: &Problem) -> String {
    let mut s = if p.file.file_name() == Some("s.yaml".as_ref()) {
        String::new()
    } else {
        p.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if let Some(l) = p.line {
        if !s.is_empty() {
            s.push(':');
        }
        s += &l.to_string();
        if let Some(c) = p.column {
            s += &format!(":{c}");
        }
    }
    if let Some(ctx) = p.context.as_deref().filter(|c| !c.is_empty()) {
        s += &format!(": {ctx}");
    }
    s += &format!(": {}", p.message);
    s.trim_start_matches(": ").to_string()
}

/// The single problem of `yaml`.
pub(super) fn problem(yaml: &str) -> String {
    let p = problems(yaml, &[]);
    assert_eq!(p.len(), 1, "{p:#?}");
    p[0].clone()
}

/// `BASE` with `key: value` lines appended.
pub(super) fn base_with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

#[test]
fn load_str_resolves_relative_paths_from_the_scenario_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("sub")).expect("folder");
    std::fs::write(dir.path().join("sub/f.csv"), FORECAST).expect("file");
    let s = super::load_str(BASE, &dir.path().join("sub/s.yaml")).expect("valid");
    let super::Forecast::Table(t) = &s.forecast else {
        panic!("a table")
    };
    assert_eq!(t.path, dir.path().join("sub/f.csv"));
    assert!(super::load_str(BASE, Path::new("elsewhere/s.yaml")).is_err());
}

#[test]
fn load_reports_unreadable_files() {
    let e = load(Path::new("/no/such/scenario.yaml")).unwrap_err();
    assert_eq!(e.to_string(), "/no/such/scenario.yaml: no such file");
    let dir = tempfile::tempdir().expect("temporary folder");
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .ends_with(": is a folder, not a scenario file"),
        "{e}"
    );
    let p = dir.path().join("gbk.yaml");
    std::fs::write(&p, b"name: x\ncities: [\xbd\xfa\xd6\xd0]\n").expect("file");
    let e = load(&p).unwrap_err();
    assert_eq!(e.problems[0].line, Some(2));
    assert!(e.problems[0].message.starts_with("not UTF-8 text"));
    // A UTF-8 byte-order mark is fine.
    let p = dir.path().join("bom.yaml");
    std::fs::write(&p, format!("\u{feff}{BASE}")).expect("file");
    std::fs::write(dir.path().join("f.csv"), FORECAST).expect("file");
    assert!(load(&p).is_ok());
}
