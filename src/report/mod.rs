//! Writers: render finished result structs as text, JSON, CSV and Excel workbooks. Nothing here
//! computes.

pub mod aqi;
pub mod atomic;
pub mod batch;
pub mod evaluation;
pub mod evaluation_text;
pub mod plan;
mod plan_list;
pub mod plan_md;
mod plan_window;
pub mod projection;
pub mod reason;
pub mod run;
pub mod run_dir;
pub mod table;
pub mod warnings;
pub mod xlsx;

pub use run::{WriteOptions, Written, summary, write_run};
