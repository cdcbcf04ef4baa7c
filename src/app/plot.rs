//! `hazeplan plot RUN_DIR [-o DIR]`: draws the charts of a run folder from its CSV files into
//! `RUN_DIR/charts/` (or DIR), each PNG written atomically, and lists what it wrote.

use crate::Error;
use crate::cli::PlotArgs;
use crate::plot::{charts_from_run, write_charts};

pub(super) fn run(args: &PlotArgs, quiet: bool) -> Result<u8, Error> {
    let charts = charts_from_run(&args.run_dir)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| args.run_dir.join("charts"));
    let written = write_charts(&charts, &dir)?;
    if quiet {
        return Ok(0);
    }
    if written.is_empty() {
        // Not an error: a run whose daily.csv has no AQI at all has nothing to draw.
        println!("no charts: {} has no data to draw", args.run_dir.display());
    }
    for p in &written {
        println!("wrote {}", p.display());
    }
    Ok(0)
}
