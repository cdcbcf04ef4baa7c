//! Quality-control flags: a column (`QC Name`, `数据标识`, or `--map qc=COLUMN`) whose cell says
//! whether a row's value was validated. Rows not flagged valid are missing values, never
//! concentrations, and are not defects: the publisher has already judged them.

/// The flags that mean valid by default, matched after trimming, case ignored: `Valid` (the
/// foreign missions' archives, AirNow's `QC Name`), `有效` (Chinese exports) and empty (an
/// unflagged row of a file that flags only its exceptions). Other flags (`Missing`,
/// `Invalid`, `无效`, instrument codes) mean missing; `--qc-valid TEXT` adds a valid one.
pub const DEFAULT_VALID: [&str; 3] = ["Valid", "有效", ""];

/// The flags that mean valid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QcValid {
    extra: Vec<String>,
}

impl QcValid {
    /// The defaults plus `extra`.
    pub fn new(extra: Vec<String>) -> QcValid {
        QcValid {
            extra: extra.into_iter().map(|s| s.trim().to_lowercase()).collect(),
        }
    }

    /// Does the (decoded) flag mean valid?
    pub fn is_valid(&self, flag: &str) -> bool {
        let f = flag.trim().to_lowercase();
        DEFAULT_VALID.iter().any(|v| v.to_lowercase() == f) || self.extra.contains(&f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        let q = QcValid::new(vec![" OK ".into()]);
        for f in ["Valid", "valid", " VALID ", "有效", "", "ok"] {
            assert!(q.is_valid(f), "{f}");
        }
        for f in ["Missing", "Invalid", "无效", "N", "Suspect"] {
            assert!(!q.is_valid(f), "{f}");
        }
        assert!(!QcValid::default().is_valid("OK"));
    }
}
