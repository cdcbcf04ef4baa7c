//! The documentation shows what the program prints (#13 item 5): every code block of README.md
//! and docs/*.md that starts with `$ hazeplan …` is run and its output compared with the
//! block's.
//!
//! A block without a line `…` must equal the command's standard output exactly. A block with
//! `…` lines shows a stable part: its other lines must appear whole, in order, in the standard
//! output followed by the standard error (so a quality summary on standard error can be shown);
//! a CSV line may be shown with its last columns cut.
//! The commands of one document run in order in one scratch folder with the repository's
//! `scenarios/` and the shared data at the paths the docs use, so `output/…` folders land
//! there, not in the repository, and an example can read what an earlier one wrote
//! (`hazeplan evaluate` reads the folder of the `hazeplan run` example above it). A command
//! naming `../shared/data` is skipped when the shared data are absent (a user's clone).

mod common;

use std::path::{Path, PathBuf};

use common::hazeplan;

/// One shown example: where it is, the command's arguments, the lines shown.
struct Example {
    at: String,
    args: Vec<String>,
    shown: Vec<String>,
}

fn examples(file: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(file).unwrap();
    let name = file
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(file)
        .display()
        .to_string();
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ hazeplan ")) else {
            continue;
        };
        out.push(Example {
            at: format!("{name}:{}", i + 2),
            args: command.split_whitespace().map(str::to_string).collect(),
            shown: block[1..].iter().map(|l| l.to_string()).collect(),
        });
    }
    out
}

/// The documentation files with examples.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// A scratch folder laid out as the docs assume: `scenarios/` here and `../shared` beside.
fn scratch() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("scenarios"), work.join("scenarios")).unwrap();
        // The monitoring layouts of docs/data.md are shown on the test fixtures.
        std::os::unix::fs::symlink(root.join("tests"), work.join("tests")).unwrap();
        let shared = root.join("../shared");
        if shared.exists() {
            std::os::unix::fs::symlink(shared, tmp.path().join("shared")).unwrap();
        }
    }
    tmp
}

/// Do the `shown` lines (with `…` elisions) appear, in order, among `actual`?
fn shows(shown: &[String], actual: &[&str]) -> Result<(), String> {
    let mut rest = actual.iter();
    for want in shown.iter().filter(|l| l.as_str() != "…") {
        let cut = format!("{want},");
        if !rest.any(|a| a == want || a.starts_with(&cut)) {
            return Err(format!("not found in order: {want}"));
        }
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn every_shown_example_prints_what_it_shows() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for doc in documents() {
        let tmp = scratch();
        for ex in examples(&doc) {
            if ex.args.iter().any(|a| a.contains("../shared")) && common::shared_data("").is_none()
            {
                continue;
            }
            let out = hazeplan()
                .current_dir(tmp.path().join("work"))
                .args(&ex.args)
                .output()
                .unwrap();
            ran += 1;
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() {
                failures.push(format!("{}: failed: {stderr}", ex.at));
                continue;
            }
            let result = if ex.shown.iter().any(|l| l == "…") {
                let all: Vec<&str> = stdout.lines().chain(stderr.lines()).collect();
                shows(&ex.shown, &all)
            } else if stdout.trim_end() == ex.shown.join("\n").trim_end() {
                Ok(())
            } else {
                Err(format!("standard output:\n{stdout}"))
            };
            if let Err(e) = result {
                failures.push(format!("{}: {e}", ex.at));
            }
        }
    }
    assert!(ran >= 5, "only {ran} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
