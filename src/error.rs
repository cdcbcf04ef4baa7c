//! The library's error type: one variant per failure, with the location it concerns. It names
//! no domain module's types (those render their own messages), so every module can return it
//! without an import circle.

use std::path::PathBuf;

/// Everything that can stop a hazeplan command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The arguments are inconsistent in a way clap cannot check.
    #[error("{0}")]
    Usage(String),
    /// An input file or directory cannot be used at all.
    #[error("{}: {message}", path.display())]
    Input {
        /// The path as given.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The station list has errors (all are listed, one per line).
    #[error("{}", problems.join("\n"))]
    Stations {
        /// The station list.
        path: PathBuf,
        /// Each problem as printed: `FILE:LINE: message`, or `FILE: message` for those that
        /// are not on a line.
        problems: Vec<String>,
    },
    /// `--strict` and the input had defects (they were printed before).
    #[error("{count} defect(s) in the input and --strict was given; nothing written")]
    Strict {
        /// How many defects.
        count: u64,
    },
    /// Nothing could be read from the inputs.
    #[error("no data could be read from the input files")]
    NoData,
    /// A hindcast's observations gave no data: each file with why.
    #[error("no observations could be read for the hindcast:\n{}", reasons.join("\n"))]
    NoObservations {
        /// `FILE: why`, one per file.
        reasons: Vec<String>,
    },
    /// The inputs of `evaluate` or `hotspots` do not fit together (observations not covering
    /// the plan's period, a power-use file that matches no enterprise, no station-hour in the
    /// period or cities asked …).
    #[error("{0}")]
    Evaluation(String),
    /// The scenario has problems (all are listed, one per line, after a header line).
    #[error("scenario {path} has {count}:\n{problems}", path = .0.path.display(), count = .0.count_text(), problems = .0)]
    Scenario(crate::diag::ScenarioErrors),
    /// A problem at a place in a file (`FILE:LINE:COLUMN: key: message`), as scenario
    /// problems are printed: a rule file's, for instance.
    #[error("{0}")]
    Located(crate::diag::Problem),
    /// A chart could not be drawn (`plot`, `run` and `batch` alike; exit 1).
    #[error("cannot draw {}", path.display())]
    Plot {
        /// The chart's file.
        path: PathBuf,
        /// Why (a [`crate::plot::PlotError`]).
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Writing a result failed. The system's reason is the error's source, printed once after
    /// the message (`cannot write out.csv: No space left on device (os error 28)`).
    #[error("cannot write {}", path.display())]
    Write {
        /// The file (or `-` for standard output).
        path: PathBuf,
        /// What the system said, without the paths of temporary files
        /// ([`crate::diag::without_temp_path`]).
        source: std::io::Error,
    },
}

impl Error {
    /// The process exit code for this error: 2 for usage errors (as clap uses), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// A write error on standard output.
    pub fn stdout(source: std::io::Error) -> Error {
        Error::Write {
            path: PathBuf::from("-"),
            source,
        }
    }
}

// By hand rather than `#[from]`, which would also make the problems the error's `source`, and
// `main` (which prints the source chain) would print them twice.
impl From<crate::diag::ScenarioErrors> for Error {
    fn from(e: crate::diag::ScenarioErrors) -> Error {
        Error::Scenario(e)
    }
}
