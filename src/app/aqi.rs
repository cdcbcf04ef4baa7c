//! `hazeplan aqi` with concentrations on the command line.

use std::io::Write;

use super::today_beijing;
use crate::Error;
use crate::aqi::{AqiOptions, Readings, score};
use crate::cli::AqiArgs;
use crate::report;

pub(super) fn run(args: &AqiArgs, quiet: bool) -> Result<u8, Error> {
    if !args.inputs.is_empty() {
        return super::aqi_files::run(args, quiet);
    }
    let readings = Readings {
        pm25: args.pm25,
        pm10: args.pm10,
        so2: args.so2,
        no2: args.no2,
        co: args.co,
        o3: args.o3,
        o3_8h: args.o3_8h,
        so2_24h: args.so2_24h,
        ..Readings::default()
    };
    if readings == Readings::default() {
        return Err(Error::Usage(
            "give at least one concentration, e.g. `hazeplan aqi --pm25 160`".into(),
        ));
    }
    let date = args.date.unwrap_or_else(today_beijing);
    let standard = args.standard.for_date(date);
    let result = score(&readings, args.period, standard, &AqiOptions::default());
    let text = if args.json {
        report::aqi::json(&result)
    } else {
        report::aqi::text(&result)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(Error::stdout)?;
    Ok(0)
}
