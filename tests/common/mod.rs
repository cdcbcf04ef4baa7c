//! Shared helpers of the integration tests: the one way to run the binary, fixture paths, and
//! the location of the real data in `../shared/data` (skipped with a message when absent).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `hazeplan` binary with a clean environment and the repository as working directory.
pub fn hazeplan() -> Command {
    let mut cmd = Command::cargo_bin("hazeplan").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("RUST_LOG");
    cmd
}

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A path under `../shared/data/`, or `None` (with a "skipped" line on stderr) when the shared
/// data are not beside this clone. CI always has them.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the real data live beside the repository in CI)",
            p.display()
        );
        None
    }
}

/// A CSV table as one map (column name to value) per row.
pub fn csv_rows(bytes: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header = rdr.headers().expect("a header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("a record");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
