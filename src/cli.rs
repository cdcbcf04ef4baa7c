//! Command-line types (clap derive). No logic: [`crate::app`] turns these into library calls.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::aqi::{Period, StandardChoice};
use crate::ingest::{ColumnMap, FormatChoice};
use crate::report::plan::Lang;
use crate::units::Concentration;

/// The exit status, the same for every command (ripgrep's and hyperfine's convention).
const EXIT: &str = "Exit status: 0 success; 1 failure (bad or unreadable input, a problem in a \
scenario, nothing to read, a file that cannot be written); 2 usage error (an unknown option, a \
value out of range).";

/// hazeplan: plan the response to heavy-pollution days (重污染天气应对).
#[derive(Debug, Parser)]
#[command(name = "hazeplan", version, about, long_about = None, after_help = EXIT)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// No summaries or notes: only the results and the errors (scripts, cron jobs).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The subcommands.
// `AqiArgs` is large, but the enum exists once per process.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the AQI (HJ 633—2012 or HJ 633—2026) of concentrations given as options, or of
    /// every station or city in monitoring files (CSV out).
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan aqi --pm25 160 --pm10 200 --so2 10 --no2 40 --co 1.2 --o3 80\n",
        "  hazeplan aqi data/ --stations NewSiteList.csv --by city --period day -o city_daily.csv\n\n",
        "Exit status: 0 success; 1 failure (nothing readable, --strict with a defect, a file that \
         cannot be written); 2 usage error."
    ))]
    Aqi(AqiArgs),
    /// Check a scenario file and the files it names, reporting every problem at once; print a
    /// short summary when it is valid.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan check scenarios/taiyuan-basin-winter.yaml\n",
        "  hazeplan check my-city.yaml && hazeplan run my-city.yaml\n\n",
        "Exit status: 0 valid; 1 the scenario or a file it names has problems (all listed); 2 \
         usage error."
    ))]
    Check(CheckArgs),
    /// Run a scenario: classify warnings and write the results.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan run scenarios/taiyuan-basin-winter.yaml\n",
        "  hazeplan run scenarios/fenhe-valley-winter.yaml -o plans/fenhe --tighten --lang en\n",
        "  hazeplan run scenarios/taiyuan-basin-winter.yaml --xlsx\n\n",
        "Exit status: 0 success; 1 failure (a problem in the scenario, a file that cannot be \
         written); 2 usage error (also -o naming a folder of other files without --force)."
    ))]
    Run(RunArgs),
    /// Draw the charts (PNG) of a run folder from its CSV files.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan plot output/taiyuan-basin-winter\n",
        "  hazeplan plot output/taiyuan-basin-winter -o slides/charts\n\n",
        "Exit status: 0 success; 1 failure (a damaged run file, a chart that cannot be drawn or \
         written); 2 usage error."
    ))]
    Plot(PlotArgs),
    /// Evaluate a run folder against what happened afterwards: forecast and warning
    /// verification from the observations, compliance of the ordered actions from power use.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan evaluate output/taiyuan-basin-winter --observations obs/\n",
        "  hazeplan evaluate output/taiyuan-basin-winter --observations obs/ --power power.xlsx -o review\n\n",
        "Exit status: 0 success; 1 failure (a folder that is not a run output, bad or \
         insufficient observations or power data, a file that cannot be written); 2 usage \
         error."
    ))]
    Evaluate(EvaluateArgs),
    /// List the stations far above their city's other stations for hours (high-value
    /// hotspots, 快速消除污染高值热点) in monitoring files, and draw a station map per city.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan hotspots data/ --stations NewSiteList.csv --from 2023-01-22 --to 2023-01-22 -o hot\n",
        "  hazeplan hotspots data/ --stations NewSiteList.csv --cities 太原,临汾 --ratio 2 --hours 4 -o hot\n\n",
        "Exit status: 0 success; 1 failure (nothing readable in the files or the period, --strict \
         with a defect, a file that cannot be written); 2 usage error (also -o naming a folder of \
         other files without --force)."
    ))]
    Hotspots(HotspotsArgs),
    /// Process years of monitoring files: daily city AQI, a warning hindcast, yearly
    /// statistics, data quality and calendars.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan batch archive/2015-2024 --stations NewSiteList.csv -o output/decade\n",
        "  hazeplan batch beijing/ --city 北京 --rules national-2019 -o output/beijing --no-charts\n\n",
        "Exit status: 0 success; 1 failure (nothing readable, --strict with a defect, a file that \
         cannot be written); 2 usage error (also -o naming a folder of other files without \
         --force)."
    ))]
    Batch(BatchArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard
    /// output.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan completions bash > ~/.local/share/bash-completion/completions/hazeplan\n",
        "  hazeplan completions zsh > ~/.zfunc/_hazeplan\n\n",
        "Exit status: 0 success; 2 usage error (an unknown shell)."
    ))]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    #[command(after_long_help = concat!(
        "Examples:\n",
        "  hazeplan man > hazeplan.1 && man ./hazeplan.1\n",
        "  hazeplan man | gzip > /usr/local/share/man/man1/hazeplan.1.gz\n\n",
        "Exit status: 0 success."
    ))]
    Man,
}

/// `hazeplan completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// When to show the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    /// On a terminal only.
    #[default]
    Auto,
    /// Always (on standard error).
    Always,
    /// Never.
    Never,
}

/// `hazeplan batch INPUT... -o DIR`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Monitoring CSV files or directories of them (CNEMC archive or long format).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: PathBuf,
    /// Station list (code, name, city, ..., control flag), UTF-8 or GBK.
    #[arg(long, value_name = "FILE")]
    pub stations: Option<PathBuf>,
    /// Warning rules of the hindcast: national-2024, national-2019, legacy-2017, or a rule-set
    /// YAML file (as in rules/).
    #[arg(long, value_name = "RULES", default_value = "national-2024")]
    pub rules: String,
    /// The AQI standard: by date (auto), or fixed.
    #[arg(long, value_enum, default_value_t = StandardChoice::Auto)]
    pub standard: StandardChoice,
    /// How the files are read (as `aqi` reads them).
    #[command(flatten)]
    pub input: FileArgs,
    /// Threads and progress.
    #[command(flatten)]
    pub work: WorkArgs,
    /// Fail (exit 1, nothing written) on any defect in the input, as `aqi --strict`.
    #[arg(long)]
    pub strict: bool,
    /// Also write daily_station_aqi.csv.
    #[arg(long)]
    pub station_daily: bool,
    /// Also write batch.xlsx: the yearly summary and the data quality as sheets of a workbook.
    #[arg(long)]
    pub xlsx: bool,
    /// Do not draw the calendar charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Write the CSV files without the UTF-8 byte-order mark they start with by default (the
    /// mark makes Excel on Chinese Windows read them as UTF-8; every other reader skips it).
    #[arg(long)]
    pub no_bom: bool,
    /// Write into a non-empty folder that is not a hazeplan output (its own files are kept;
    /// an earlier hazeplan output is replaced whole without it).
    #[arg(long)]
    pub force: bool,
}

/// `hazeplan hotspots INPUT... --stations FILE -o DIR`.
#[derive(Debug, Args)]
pub struct HotspotsArgs {
    /// Monitoring CSV files or directories of them (CNEMC archive or long format, as `batch`
    /// reads them).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: PathBuf,
    /// Station list (code, name, city, lon, lat, control flag, province), UTF-8 or GBK: the
    /// stations' cities and their places on the maps.
    #[arg(long, value_name = "FILE")]
    pub stations: PathBuf,
    /// First day looked at (a natural day: the hours labelled 01:00 to the next 00:00).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_arg)]
    pub from: Option<NaiveDate>,
    /// Last day looked at.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_arg)]
    pub to: Option<NaiveDate>,
    /// Only these cities (comma-separated or repeated; default: every city with stations).
    #[arg(long, value_name = "CITY", value_delimiter = ',')]
    pub cities: Vec<String>,
    /// Times the city's median a station's 1-hour value must reach (default 1.5, UNVERIFIED).
    #[arg(long, value_name = "X", default_value_t = 1.5, value_parser = ratio_arg)]
    pub ratio: f64,
    /// Consecutive hours at or above the ratio (default 3, UNVERIFIED).
    #[arg(long, value_name = "H", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub hours: u32,
    /// How the files are read (as `batch` reads them).
    #[command(flatten)]
    pub input: FileArgs,
    /// Language of hotspots.md and of the maps' titles.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Threads and progress.
    #[command(flatten)]
    pub work: WorkArgs,
    /// Fail (exit 1, nothing written) on any defect in the input, as `aqi --strict`.
    #[arg(long)]
    pub strict: bool,
    /// Write the CSV file without the UTF-8 byte-order mark it starts with by default.
    #[arg(long)]
    pub no_bom: bool,
    /// Write into a non-empty folder that is not a hazeplan output (its own files are kept;
    /// an earlier hazeplan output is replaced whole without it).
    #[arg(long)]
    pub force: bool,
}

/// How `batch` and `hotspots` read monitoring files, beyond the station list.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// Map a field to a column of long files (as for `aqi`). Repeatable.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ColumnMap>,
    /// City of the stations of long files that have no city column.
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// Unit of CO in the files.
    #[arg(long, value_enum)]
    pub co_unit: Option<CoUnitArg>,
    /// How long files are laid out (as for `aqi`).
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// The workers of `batch` and `hotspots`.
#[derive(Debug, Args)]
pub struct WorkArgs {
    /// Worker threads for reading files (default: all cores; at most 4x the cores). The output
    /// is the same for any number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Progress bar on standard error.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
}

/// Options of long files' layout, shared by `aqi` and `batch` (docs/data.md).
#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// An extra text meaning "no value" (besides empty, NA, N/A, -, --, —, NaN, null, -999,
    /// -9999). Repeatable.
    #[arg(long = "missing", visible_alias = "na", value_name = "TEXT")]
    pub missing: Vec<String>,
    /// The line of a long file's header (default: the first line naming a time and a pollutant
    /// or value column; lines above it are skipped).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,
    /// An extra QC flag meaning valid (besides Valid, 有效 and empty); rows with other flags
    /// are missing values. Repeatable.
    #[arg(long, value_name = "TEXT")]
    pub qc_valid: Vec<String>,
    /// Zone of long files' timestamps without an offset: UTC, an offset such as +00:00 or
    /// -05:00, or Asia/Shanghai (default: Beijing time). Timestamps with an offset or Z keep
    /// their own; the CNEMC archive is Beijing time.
    #[arg(long, value_name = "ZONE", default_value = "+08:00")]
    pub tz: crate::ingest::Offset,
}

/// `hazeplan check SCENARIO`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The scenario file (YAML; see docs/scenario.md).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Print the result as JSON on standard output, for editors and scripts: `ok` and every
    /// problem with its file, line, column, key path, message and suggestion.
    #[arg(long)]
    pub json: bool,
}

/// `hazeplan run SCENARIO [-o DIR]`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (YAML; see docs/scenario.md).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Write the results into this folder (default: `output/NAME/`, NAME being the scenario's
    /// name).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Add curtailments where the schedule falls short of the reduction target, at the least
    /// lost output (also `tighten: true` in the scenario).
    #[arg(long)]
    pub tighten: bool,
    /// Language of report.md (and of the order texts in orders.csv).
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Write the CSV files without the UTF-8 byte-order mark they start with by default (the
    /// mark makes Excel on Chinese Windows read them as UTF-8; every other reader skips it).
    #[arg(long)]
    pub no_bom: bool,
    /// Also write plan.xlsx: a summary sheet to sign, then the warnings, their history, one
    /// schedule sheet per city (一厂一策), the orders, the reductions and the projection (also
    /// `xlsx: true` in the scenario). Sheet names and column titles follow --lang.
    #[arg(long)]
    pub xlsx: bool,
    /// Kept for earlier scripts: the byte-order mark is now written by default.
    #[arg(long, hide = true)]
    pub excel: bool,
    /// Write into a non-empty folder that is not a hazeplan output (its own files are kept;
    /// an earlier hazeplan output is replaced whole without it).
    #[arg(long)]
    pub force: bool,
}

/// `hazeplan evaluate RUN_DIR --observations FILES... [--power FILE] [-o DIR]`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The output folder of `hazeplan run` (the plan as issued).
    #[arg(value_name = "RUN_DIR")]
    pub run_dir: PathBuf,
    /// Monitoring files or folders of the plan's period (as `hazeplan aqi`/`batch` read them).
    #[arg(long, value_name = "FILES", num_args = 1.., required = true)]
    pub observations: Vec<PathBuf>,
    /// Station list (code, name, city, lon, lat, control flag, province), UTF-8 or GBK.
    #[arg(long, value_name = "FILE")]
    pub stations: Option<PathBuf>,
    /// Hourly power use per enterprise or production line (CSV or .xlsx: enterprise_id, part,
    /// time, kwh).
    #[arg(long, value_name = "FILE")]
    pub power: Option<PathBuf>,
    /// Rule set of the justified levels (default: the one named in the run's warnings.csv,
    /// else national-2024): a shipped name or a YAML file.
    #[arg(long, value_name = "NAME|FILE")]
    pub rules: Option<String>,
    /// Map a field to a column of a long observation file (as `hazeplan aqi --map`).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ColumnMap>,
    /// City of the stations of long files that have no city column.
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// The AQI standard: by date (auto), or fixed.
    #[arg(long, value_enum, default_value_t = StandardChoice::Auto)]
    pub standard: StandardChoice,
    /// Tolerance of the compliance check, percent of the baseline load (default 10,
    /// UNVERIFIED).
    #[arg(long, value_name = "PCT", default_value_t = 10.0, value_parser = pct_arg)]
    pub tolerance: f64,
    /// Hotspots: times the city's median a station's 1-hour value must reach (default 1.5,
    /// UNVERIFIED).
    #[arg(long, value_name = "X", default_value_t = 1.5, value_parser = ratio_arg)]
    pub hotspot_ratio: f64,
    /// Hotspots: consecutive hours at or above the ratio (default 3, UNVERIFIED).
    #[arg(long, value_name = "H", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub hotspot_hours: u32,
    /// Write into this folder (default: `RUN_DIR/evaluation/`).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write the CSV files without the UTF-8 byte-order mark they start with by default.
    #[arg(long)]
    pub no_bom: bool,
    /// Write into a non-empty folder that is not a hazeplan output (its own files are kept).
    #[arg(long)]
    pub force: bool,
}

/// A ratio above 1.
fn ratio_arg(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v > 1.0 && v.is_finite() => Ok(v),
        _ => Err(format!("'{text}' is not a ratio above 1 (such as 1.5)")),
    }
}

/// A percentage from 0 to 100.
fn pct_arg(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("'{text}' is not a percentage from 0 to 100")),
    }
}

/// `hazeplan plot RUN_DIR [-o DIR]`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The output folder of `hazeplan run` (warnings.csv, daily.csv and, when present,
    /// projection.csv, sector_reductions.csv, regions.csv).
    #[arg(value_name = "RUN_DIR")]
    pub run_dir: PathBuf,
    /// Write the charts into this folder (default: `RUN_DIR/charts/`).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// What the rows of `aqi` over files are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One row per station (or per city column of the CNEMC city variant).
    #[default]
    Station,
    /// One row per city: the mean of its non-control stations, then the AQI.
    City,
}

/// The unit of CO in the input files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CoUnitArg {
    /// mg/m3 (the national archive's unit).
    Mg,
    /// ug/m3 (some instruments and the UCI Beijing files).
    Ug,
}

/// `hazeplan aqi`: concentrations in ug/m3, CO in mg/m3.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AqiArgs {
    /// Monitoring CSV files or directories of them (CNEMC archive or long format). Without
    /// them, the concentrations given as options are scored.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input format: detected from the header, or forced.
    #[arg(long, value_enum, default_value_t = FormatChoice::Auto)]
    pub format: FormatChoice,
    /// Station list (code, name, city, lon, lat, control flag, province), UTF-8 or GBK.
    #[arg(long, value_name = "FILE")]
    pub stations: Option<PathBuf>,
    /// Rows per station or per city.
    #[arg(long, value_enum, default_value_t = By::Station)]
    pub by: By,
    /// Map a field to a column of a long file: FIELD is time, date, hour, year, month, day,
    /// station, city, parameter, value, unit, qc, pm25, pm10, so2, no2, co, o3 or o3_8h.
    /// Repeatable.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ColumnMap>,
    /// Unit of CO in the files (default: the header's, else mg/m3 for the CNEMC archive and
    /// inferred from the values for long files).
    #[arg(long, value_enum)]
    pub co_unit: Option<CoUnitArg>,
    /// City of the stations of long files that have no city column.
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
    /// How long files are laid out: --missing/--na, --header-row, --qc-valid, --tz.
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Fail (exit 1, nothing written) on any defect in the input.
    #[arg(long)]
    pub strict: bool,
    /// Write the CSV here (atomically) instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the data-quality summary as CSV here.
    #[arg(long, value_name = "FILE")]
    pub quality: Option<PathBuf>,
    /// Write the CSV files (-o, --quality) without the UTF-8 byte-order mark they start with
    /// by default (the mark makes Excel on Chinese Windows read them as UTF-8; every other
    /// reader skips it). Standard output never gets the mark.
    #[arg(long)]
    pub no_bom: bool,
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
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_arg)]
    pub date: Option<NaiveDate>,
    /// Real-time (hourly) or daily report.
    #[arg(long, value_enum, default_value_t = Period::Hour)]
    pub period: Period,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `--date`: the dates the scenario files take (`2026-03-01`, `2026/3/1`, `20260301`), with our
/// own message.
fn date_arg(text: &str) -> Result<NaiveDate, String> {
    crate::ingest::time::parse_date(text).map_err(|e| format!("{e} (write it as 2026-03-01)"))
}
