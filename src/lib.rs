//! hazeplan: a planner for heavy-pollution day response (重污染天气应对).
//!
//! The pipeline (see `docs/` and the README): monitoring CSVs are read by `ingest`, aggregated
//! under the validity rules by `stats`, scored by [`aqi`] (HJ 633—2012 and HJ 633—2026),
//! classified into warnings by `alert` from a `scenario`, turned into a measure schedule by
//! `measures` and checked by `emissions`, projected by `projection`, and written by [`report`]
//! and `plot`. `batch` runs the first stages over years of files in parallel.
//!
//! Computation never writes output: every stage returns plain structs that the writers in
//! [`report`] render. The binary (`src/main.rs`) only parses arguments ([`cli`]) and calls
//! [`app::run`].

pub mod alert;
pub mod app;
pub mod aqi;
pub mod batch;
pub mod cli;
pub mod emissions;
pub mod error;
pub mod ingest;
pub mod measures;
pub mod plot;
pub mod projection;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod units;

pub use error::Error;
