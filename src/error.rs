//! The library's error type: one variant per failure, with the location it concerns.

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
    /// The station list has errors (all are listed).
    #[error("{}", located(path, errors))]
    Stations {
        /// The station list.
        path: PathBuf,
        /// Each problem, typed, with its line where it has one.
        errors: Vec<crate::ingest::stations::StationListError>,
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
    /// The inputs of `evaluate` do not fit together (observations not covering the plan's
    /// period, a power-use file that matches no enterprise …).
    #[error("{0}")]
    Evaluation(String),
    /// The scenario has problems (all are listed, one per line, after a header line).
    #[error("scenario {path} has {count}:\n{problems}", path = .0.path.display(), count = .0.count_text(), problems = .0)]
    Scenario(crate::scenario::ScenarioErrors),
    /// A problem at a place in a file (`FILE:LINE:COLUMN: key: message`), as scenario
    /// problems are printed: a rule file's, for instance.
    #[error("{0}")]
    Located(crate::scenario::Problem),
    /// A chart could not be drawn (`plot`, `run` and `batch` alike; exit 1).
    #[error("cannot draw {}", path.display())]
    Plot {
        /// The chart's file.
        path: PathBuf,
        /// Why.
        source: crate::plot::PlotError,
    },
    /// Writing a result failed. The system's reason is the error's source, printed once after
    /// the message (`cannot write out.csv: No space left on device (os error 28)`).
    #[error("cannot write {}", path.display())]
    Write {
        /// The file (or `-` for standard output).
        path: PathBuf,
        /// What the system said, without the paths of temporary files
        /// ([`without_temp_path`]).
        source: std::io::Error,
    },
}

/// `FILE:LINE: message` for problems on a line (whose message starts with it), `FILE: message`
/// for the others; one per line.
fn located(path: &std::path::Path, errors: &[crate::ingest::stations::StationListError]) -> String {
    errors
        .iter()
        .map(|e| match e.line() {
            Some(_) => format!("{}:{e}", path.display()),
            None => format!("{}: {e}", path.display()),
        })
        .collect::<Vec<_>>()
        .join("\n")
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
impl From<crate::scenario::ScenarioErrors> for Error {
    fn from(e: crate::scenario::ScenarioErrors) -> Error {
        Error::Scenario(e)
    }
}

/// The longest message printed whole; longer ones (a 1 MB cell or title echoed back) are cut.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// `text` as printed: whole up to `max` characters, else its start and how much was left out.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            std::borrow::Cow::Owned(format!("{}… ({rest} more characters)", &text[..cut]))
        }
    }
}

/// An I/O error without the path of a temporary file that `tempfile` appends to its message
/// (" at path \"/out/.tmpXXXX\""): a user never sees our temporary names.
pub fn without_temp_path(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(i) => std::io::Error::new(e.kind(), text[..i].to_string()),
        None => e,
    }
}

#[cfg(test)]
mod shorten_tests {
    use super::shorten;

    #[test]
    fn long_texts_are_cut_with_a_count() {
        assert_eq!(shorten("太原盆地", 10), "太原盆地");
        assert_eq!(shorten("太原盆地", 2), "太原… (2 more characters)");
        let big = "x".repeat(1_000_000);
        assert_eq!(shorten(&big, 5), "xxxxx… (999995 more characters)");
    }
}
