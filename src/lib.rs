//! hazeplan: a planner for heavy-pollution day response (重污染天气应对).
//!
//! The pipeline (see `docs/` and the README): monitoring CSVs are read by `ingest`, aggregated
//! under the validity rules by `stats`, scored by [`aqi`] (HJ 633—2012 and HJ 633—2026),
//! classified into warnings by `alert` from a `scenario`, turned into a measure schedule by
//! `measures` and checked by `emissions`, projected by `projection`, and written by [`report`]
//! and `plot`. `batch` runs the first stages over years of files in parallel; `evaluate`
//! compares a written plan with what was observed afterwards (and with power use).
//!
//! Computation never writes output: every stage returns plain structs that the writers in
//! [`report`] render. The binary (`src/main.rs`) only parses arguments ([`cli`]) and calls
//! [`app::run`].
//!
//! The whole plan of a scenario is one call, [`plan()`], with no I/O; one writer,
//! [`report::write_run`], writes the run folder (tables, report.md, charts) from it, which is
//! all `hazeplan run` does:
//!
//! ```
//! use std::path::Path;
//! use hazeplan::alert::WarningLevel;
//!
//! let scenario = hazeplan::scenario::load(Path::new("scenarios/taiyuan-basin-winter.yaml"))?;
//! let plan = hazeplan::plan(&scenario, &hazeplan::PlanOptions::default())?;
//!
//! // The forecast requires a red warning for 太原 (Taiyuan).
//! let taiyuan = plan.classification.warnings.iter().find(|w| w.city == "太原").unwrap();
//! assert_eq!(taiyuan.level, WarningLevel::Red);
//! // Each enterprise's action at each level, and the reductions against the targets.
//! assert!(!plan.schedule.actions.is_empty());
//! assert!(!plan.accounting.days.is_empty());
//!
//! // The run folder, as `hazeplan run` writes it.
//! let dir = tempfile::tempdir()?;
//! let written = hazeplan::report::write_run(
//!     &dir.path().join("run"),
//!     &plan,
//!     &hazeplan::report::WriteOptions::default(),
//! )?;
//! assert!(written.files.contains(&"report.md") && written.files.contains(&"report.html"));
//! assert!(written.charts > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod accounting;
pub mod alert;
pub mod app;
pub mod aqi;
pub mod batch;
pub mod cli;
pub mod diag;
pub mod emissions;
pub mod error;
pub mod evaluate;
pub mod ingest;
pub mod measures;
pub mod output;
pub mod plan;
pub mod plot;
pub mod projection;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod table;
#[cfg(test)]
mod tests;
pub mod units;
mod yaml_guard;

pub use error::Error;
pub use plan::{Plan, PlanOptions, plan};
