//! `hazeplan run SCENARIO [-o DIR]`: loads the scenario, plans it ([`crate::plan`]), writes the
//! run folder ([`crate::report::write_run`]) and prints the summary.

use std::path::PathBuf;

use crate::Error;
use crate::cli::RunArgs;
use crate::report::{self, WriteOptions};

pub(super) fn run(args: &RunArgs, quiet: bool) -> Result<u8, Error> {
    let scenario = crate::scenario::load(&args.scenario)?;
    let options = crate::PlanOptions {
        tighten: args.tighten,
    };
    let plan = crate::plan(&scenario, &options)?;
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    let write = WriteOptions {
        lang: args.lang,
        bom: !args.no_bom,
        force: args.force,
        xlsx: args.xlsx,
    };
    let written = report::write_run(&target, &plan, &write)?;
    if !quiet {
        if let Some(note) = report::run::quality_note(&plan) {
            eprint!("{note}");
        }
        print!("{}", report::summary(&plan, &written));
    }
    Ok(0)
}
