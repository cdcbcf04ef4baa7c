//! Scenario files: the YAML a bureau plans an episode from, parsed with serde-saphyr into raw
//! structs and validated once into [`Scenario`] (regions, cities, rules, observations,
//! forecast, dispatch orders, and for the measures stage the inventory, the enterprise list,
//! the measure catalog, the targets and `tighten`). All problems are reported together, each with its file, line
//! and column (or YAML key path) and a suggestion where one fits. The format is documented in
//! `docs/scenario.md`.
//!
//! YAML syntax and type errors come from serde one at a time (the parse stops there); every
//! other problem (dangling references, missing files, bad dates, duplicate names, bad rows of
//! the forecast, inventory and enterprise tables) is collected in one pass.

mod areas;
mod dispatch;
mod files;
pub mod forecast;
mod keys;
pub mod model;
mod orders;
mod planning;
mod raw;
pub mod regions;
mod seasonal;
mod validate;
mod yaml;

use std::path::Path;

pub use crate::alert::{
    City, County, DispatchOrder, Forecast, ForecastRow, ForecastTable, Quantity, Region,
    RegionalTrigger, Resolution,
};
pub use crate::diag::{Problem, ScenarioErrors};
pub use crate::ingest::Observations;
pub use model::Scenario;
pub(crate) use yaml::problem as yaml_problem;

/// Reads and validates a scenario file. Relative paths inside it are taken from its folder;
/// messages name files as `path` names them.
pub fn load(path: &Path) -> Result<Scenario, ScenarioErrors> {
    let fail = |message: String| ScenarioErrors {
        path: path.to_path_buf(),
        problems: vec![Problem::in_file(path, message)],
    };
    if path.is_dir() {
        return Err(fail("is a folder, not a scenario file".into()));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => format!("cannot read: {e}"),
        })
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count() as u64;
        ScenarioErrors {
            path: path.to_path_buf(),
            problems: vec![Problem::on_line(
                path,
                line,
                None,
                "not UTF-8 text: save the scenario as UTF-8 (a GBK file converts with \
                 `iconv -f GBK -t UTF-8`)"
                    .into(),
            )],
        }
    })?;
    load_str(text, path)
}

/// Validates a scenario given as text; `path` names it in messages and is where relative
/// paths inside it are taken from (its folder).
pub fn load_str(yaml: &str, path: &Path) -> Result<Scenario, ScenarioErrors> {
    crate::yaml_guard::on_big_stack(|| read_str(yaml, path))
}

/// [`load_str`] on the calling thread.
fn read_str(yaml: &str, path: &Path) -> Result<Scenario, ScenarioErrors> {
    // Editors on Windows save UTF-8 with a byte-order mark.
    let yaml = yaml.strip_prefix('\u{feff}').unwrap_or(yaml);
    if let Some((line, column)) = crate::yaml_guard::too_deep(yaml) {
        return Err(ScenarioErrors {
            path: path.to_path_buf(),
            problems: vec![Problem {
                file: path.to_path_buf(),
                line: Some(line),
                column: Some(column),
                context: None,
                message: crate::yaml_guard::message(),
            }],
        });
    }
    let raw: raw::RawScenario = serde_saphyr::from_str(yaml).map_err(|e| {
        // serde stops at the first problem; every unknown key is found by walking the
        // document, so a typo in one section does not hide a typo in the next.
        let first = yaml::problem(&e, yaml, path);
        let mut problems = yaml::unknown_keys(yaml, path);
        if !first.message.starts_with("unknown key") || problems.is_empty() {
            problems.retain(|p| (p.line, p.column) != (first.line, first.column));
            problems.push(first);
        }
        ScenarioErrors {
            path: path.to_path_buf(),
            problems: in_order(problems, path),
        }
    })?;
    validate::validate(&raw, path).map_err(|problems| ScenarioErrors {
        path: path.to_path_buf(),
        problems: in_order(problems, path),
    })
}

/// The scenario's own problems in file order (checks run section by section, which need not
/// be the order of the file), then those of the files it names, in the order found.
fn in_order(problems: Vec<Problem>, path: &Path) -> Vec<Problem> {
    let (mut own, others): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(|p| p.file == path);
    own.sort_by_key(|p| (p.line, p.column));
    own.extend(others);
    own
}

#[cfg(test)]
mod tests;
