//! Command-line types (clap derive). No logic: [`crate::app`] turns these into library calls.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::aqi::{Period, StandardChoice};
use crate::units::Concentration;

/// hazeplan: plan the response to heavy-pollution days (重污染天气应对).
#[derive(Debug, Parser)]
#[command(name = "hazeplan", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the AQI (HJ 633—2012 or HJ 633—2026) of a set of concentrations.
    Aqi(AqiArgs),
}

/// `hazeplan aqi`: concentrations in ug/m3, CO in mg/m3.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AqiArgs {
    /// PM2.5 (1-hour value, or 24-hour mean with --period day), ug/m3.
    #[arg(long, value_name = "UG")]
    pub pm25: Option<Concentration>,
    /// PM10 (1-hour value, or 24-hour mean with --period day), ug/m3.
    #[arg(long, value_name = "UG")]
    pub pm10: Option<Concentration>,
    /// SO2 (1-hour value, or 24-hour mean with --period day), ug/m3.
    #[arg(long, value_name = "UG")]
    pub so2: Option<Concentration>,
    /// NO2 (1-hour value, or 24-hour mean with --period day), ug/m3.
    #[arg(long, value_name = "UG")]
    pub no2: Option<Concentration>,
    /// CO (1-hour value, or 24-hour mean with --period day), mg/m3.
    #[arg(long, value_name = "MG")]
    pub co: Option<Concentration>,
    /// O3 1-hour value (with --period day: the day's maximum 1-hour value), ug/m3.
    #[arg(long, value_name = "UG")]
    pub o3: Option<Concentration>,
    /// O3 8-hour mean (with --period day: the day's maximum 8-hour mean), ug/m3.
    #[arg(long = "o3-8h", value_name = "UG")]
    pub o3_8h: Option<Concentration>,
    /// 24-hour moving SO2 mean: scores SO2 when the 1-hour value exceeds 800 under HJ 633—2012.
    #[arg(long = "so2-24h", value_name = "UG")]
    pub so2_24h: Option<Concentration>,
    /// The standard: by date (auto), or fixed.
    #[arg(long, value_enum, default_value_t = StandardChoice::Auto)]
    pub standard: StandardChoice,
    /// The date of the values, which picks the standard under `--standard auto`
    /// (default: today in Beijing time).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Real-time (hourly) or daily report.
    #[arg(long, value_enum, default_value_t = Period::Hour)]
    pub period: Period,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}
