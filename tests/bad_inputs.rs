//! The bad-input fixture suite: `tests/fixtures/bad/` holds one small file per defect kind,
//! each with its exact expected messages.
//!
//! For every `NAME.csv` with a `NAME.expected`, the binary is run from the repository root as
//! `hazeplan aqi tests/fixtures/bad/NAME.csv [ARGS] -o OUT`, `ARGS` being the lines of the
//! optional `NAME.args` (one argument per line). Then:
//!
//! - every line of `NAME.expected` must appear, whole, on standard error (the summary line
//!   `read … ; N defect(s) (…)` is among them, so no defect can come or go unnoticed);
//! - when `NAME.expected` holds an `error: …` line, the input is unusable and the command must
//!   exit 1 without writing `OUT`; otherwise it must exit 0 and write `OUT`, which must contain
//!   every line of the optional `NAME.out`;
//! - with `--strict`, every input with a defect must exit 1, print the same messages (and, when
//!   the run would otherwise succeed, `error: N defect(s) in the input and --strict was given;
//!   nothing written`) and leave `OUT` unwritten; an input without defect is unaffected.
//!
//! `stations*.csv` are station lists used through `.args`. A data file without `.expected`
//! must be listed in [`PENDING`]: its message is known to be wrong or unclear, and it gets its
//! `.expected` once the message is fixed.

mod common;

use std::path::Path;

/// Fixtures whose message is not enshrined yet, with the reason.
const PENDING: [(&str, &str); 0] = [];

fn lines_of(path: &Path) -> Vec<String> {
    if !path.exists() {
        return Vec::new();
    }
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The number of defects the summary line `read …; N defect(s)…` of `expected` gives.
fn defect_count(expected: &[String]) -> Option<u64> {
    expected
        .iter()
        .find(|l| l.starts_with("read "))
        .and_then(|l| l.split("; ").nth(1))
        .and_then(|s| s.split(' ').next())
        .map(|n| n.parse().expect("a number of defects"))
}

fn missing_lines(stderr: &str, expected: &[String]) -> Vec<String> {
    expected
        .iter()
        .filter(|want| !stderr.lines().any(|l| l == want.as_str()))
        .cloned()
        .collect()
}

#[test]
fn every_bad_input_fixture_gives_its_expected_messages() {
    let dir = common::fixture("bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/bad")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("stations"))
        .collect();
    names.sort();
    let tmp = tempfile::tempdir().expect("temporary directory");
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in &names {
        let expected_path = dir.join(format!("{name}.expected"));
        let pending = PENDING.iter().find(|(n, _)| n == name);
        match (expected_path.exists(), pending) {
            (true, Some(_)) => {
                failures.push(format!(
                    "{name}: has a .expected; remove it from PENDING in tests/bad_inputs.rs"
                ));
                continue;
            }
            (false, Some((_, why))) => {
                eprintln!("pending: {name}.csv ({why})");
                continue;
            }
            (false, None) => {
                failures.push(format!("{name}.csv: no {name}.expected and not PENDING"));
                continue;
            }
            (true, None) => {}
        }
        checked += 1;
        let expected = lines_of(&expected_path);
        assert!(!expected.is_empty(), "{name}.expected is empty");
        let extra = lines_of(&dir.join(format!("{name}.args")));
        let want_out = lines_of(&dir.join(format!("{name}.out")));
        let input = format!("tests/fixtures/bad/{name}.csv");
        let unusable = expected.iter().any(|l| l.starts_with("error: "));
        let defects = defect_count(&expected);

        // Default mode.
        let out = tmp.path().join(format!("{name}.default.csv"));
        let run = common::hazeplan()
            .args(["aqi", &input])
            .args(&extra)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("hazeplan runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let code = run.status.code();
        let missing = missing_lines(&stderr, &expected);
        if !missing.is_empty() {
            failures.push(format!(
                "{name}: default mode: missing on stderr:\n  {}\nstderr was:\n{stderr}",
                missing.join("\n  ")
            ));
        }
        let want_code = if unusable { 1 } else { 0 };
        if code != Some(want_code) {
            failures.push(format!(
                "{name}: default mode: exit {code:?}, expected {want_code}\nstderr was:\n{stderr}"
            ));
        }
        if unusable {
            if out.exists() {
                failures.push(format!(
                    "{name}: default mode: output written despite the error"
                ));
            }
        } else if !out.exists() {
            failures.push(format!("{name}: default mode: no output written"));
        } else if !want_out.is_empty() {
            let written = std::fs::read_to_string(&out).expect("output is UTF-8");
            let missing = missing_lines(&written, &want_out);
            if !missing.is_empty() {
                failures.push(format!(
                    "{name}: default mode: missing in the output:\n  {}\noutput was:\n{written}",
                    missing.join("\n  ")
                ));
            }
        }

        // --strict.
        let out = tmp.path().join(format!("{name}.strict.csv"));
        let run = common::hazeplan()
            .args(["aqi", &input])
            .args(&extra)
            .arg("--strict")
            .arg("-o")
            .arg(&out)
            .output()
            .expect("hazeplan runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let code = run.status.code();
        let clean = !unusable && defects == Some(0);
        let mut want_lines = expected.clone();
        if !unusable && let Some(n) = defects.filter(|n| *n > 0) {
            want_lines.push(format!(
                "error: {n} defect(s) in the input and --strict was given; nothing written"
            ));
        }
        let missing = missing_lines(&stderr, &want_lines);
        if !missing.is_empty() {
            failures.push(format!(
                "{name}: --strict: missing on stderr:\n  {}\nstderr was:\n{stderr}",
                missing.join("\n  ")
            ));
        }
        let want_code = if clean { 0 } else { 1 };
        if code != Some(want_code) {
            failures.push(format!(
                "{name}: --strict: exit {code:?}, expected {want_code}\nstderr was:\n{stderr}"
            ));
        }
        if clean != out.exists() {
            failures.push(format!(
                "{name}: --strict: output {}",
                if clean {
                    "not written for a clean input"
                } else {
                    "written despite defects"
                }
            ));
        }
    }
    assert!(checked >= 15, "only {checked} fixtures checked");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
