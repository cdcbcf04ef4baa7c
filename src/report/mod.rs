//! Writers: render finished result structs as text, JSON, CSV, Excel workbooks and HTML. Nothing here
//! computes.

pub mod aqi;
pub use crate::output::atomic;
pub mod batch;
pub mod evaluation;
pub mod evaluation_page;
pub mod evaluation_text;
pub mod html;
pub mod plan;
mod plan_list;
pub mod plan_md;
mod plan_window;
pub mod projection;
pub mod reason;
pub mod run;
pub use crate::output::run_dir;
pub mod table;
pub mod warnings;
mod words;
pub mod xlsx;

pub use run::{WriteOptions, Written, summary, write_run};
