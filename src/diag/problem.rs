//! The problems a scenario can have, each with the file, line, column and key path (or CSV
//! column) it concerns, and [`ScenarioErrors`], all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a scenario or in a file it names.
///
/// Displays as `FILE:LINE:COL: CONTEXT: message`, dropping the parts that are unknown:
/// `FILE:LINE: CONTEXT: message` for CSV rows, `FILE: message` when nothing locates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it (relative paths stay relative so messages are stable).
    pub file: PathBuf,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column (in characters); only with `line`.
    pub column: Option<u64>,
    /// The YAML key path (`regions[0].cities[1]`) or the CSV column (`column 'aqi'`).
    pub context: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem located nowhere more precise than its file.
    pub fn in_file(file: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line: None,
            column: None,
            context: None,
            message: message.into(),
        }
    }

    /// A problem on a line of a CSV file, in a column (header spelling), if any.
    pub fn on_line(file: &Path, line: u64, column: Option<&str>, message: String) -> Problem {
        Problem {
            file: file.to_path_buf(),
            // Line 0 means the CSV reader could not say; better no line than a wrong one.
            line: (line > 0).then_some(line),
            column: None,
            context: column.map(|c| format!("column '{c}'")),
            message,
        }
    }
}

impl Problem {
    /// `LINE: CONTEXT: message`, without the file: how tests of table readers compare the
    /// problems of a temporary file.
    #[cfg(test)]
    pub(crate) fn without_file(&self) -> String {
        let mut s = self.line.map_or(String::new(), |l| format!("{l}: "));
        if let Some(c) = &self.context {
            s += &format!("{c}: ");
        }
        s + &self.message
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(ctx) = self.context.as_deref().filter(|c| !c.is_empty()) {
            write!(f, ": {ctx}")?;
        }
        // A value echoed in the message may be huge (a 10 MB title): never printed whole.
        write!(
            f,
            ": {}",
            crate::diag::shorten(&self.message, crate::diag::MAX_MESSAGE_CHARS)
        )
    }
}

/// The most problems printed; the rest are counted (a broken file can have thousands).
pub const MAX_PRINTED_PROBLEMS: usize = 50;

/// Every problem found in a scenario: its YAML, and the files it names. Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioErrors {
    /// The scenario file.
    pub path: PathBuf,
    /// The problems, in file order for the scenario itself, then those of other files.
    pub problems: Vec<Problem>,
}

impl ScenarioErrors {
    /// `1 problem` or `N problems`.
    pub fn count_text(&self) -> String {
        match self.problems.len() {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        }
    }
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().take(MAX_PRINTED_PROBLEMS).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        let rest = self.problems.len().saturating_sub(MAX_PRINTED_PROBLEMS);
        if rest > 0 {
            write!(
                f,
                "\n… and {rest} more problem{} (the first {MAX_PRINTED_PROBLEMS} are shown)",
                if rest == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_drops_unknown_parts() {
        let mut p = Problem::in_file(Path::new("s/x.yaml"), "no such file");
        assert_eq!(p.to_string(), "s/x.yaml: no such file");
        p.line = Some(14);
        p.column = Some(7);
        p.context = Some("regions[0].cities[1]".into());
        p.message = "unknown city '太圆' (did you mean '太原'?)".into();
        assert_eq!(
            p.to_string(),
            "s/x.yaml:14:7: regions[0].cities[1]: unknown city '太圆' (did you mean '太原'?)"
        );
        p.context = Some(String::new());
        assert_eq!(
            p.to_string(),
            "s/x.yaml:14:7: unknown city '太圆' (did you mean '太原'?)"
        );
        let csv = Problem::on_line(Path::new("f.csv"), 3, Some("aqi"), "no value".into());
        assert_eq!(csv.to_string(), "f.csv:3: column 'aqi': no value");
        let unknown_line = Problem::on_line(Path::new("f.csv"), 0, None, "bad".into());
        assert_eq!(unknown_line.to_string(), "f.csv: bad");
    }

    #[test]
    fn errors_join_one_per_line() {
        let e = ScenarioErrors {
            path: "x.yaml".into(),
            problems: vec![
                Problem::in_file(Path::new("x.yaml"), "a"),
                Problem::in_file(Path::new("y.csv"), "b"),
            ],
        };
        assert_eq!(e.to_string(), "x.yaml: a\ny.csv: b");
        assert_eq!(e.count_text(), "2 problems");
    }
}
