//! The commands: each turns parsed arguments into library calls and hands the results to the
//! writers in [`crate::report`]. Returns the process exit code.

mod aqi;
mod aqi_files;
mod batch;
mod check;
mod evaluate;
mod hotspots;
mod plot;
mod run_scenario;
mod shell;

use crate::Error;
use crate::cli::{Cli, Command};

/// Runs the command line; `Ok` carries the exit code (non-zero for soft failures).
pub fn run(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        Command::Aqi(args) => aqi::run(args, cli.quiet),
        Command::Check(args) => check::run(args, cli.quiet),
        Command::Run(args) => run_scenario::run(args, cli.quiet),
        Command::Plot(args) => plot::run(args, cli.quiet),
        Command::Evaluate(args) => evaluate::run(args, cli.quiet),
        Command::Hotspots(args) => hotspots::run(args, cli.quiet),
        Command::Batch(args) => batch::run(args, cli.quiet),
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
    }
}

/// Today's date in Beijing time (UTC+8, no daylight saving), the project's time convention.
pub fn today_beijing() -> chrono::NaiveDate {
    (chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(8)).date()
}
