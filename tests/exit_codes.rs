//! Exit codes, the same for every command and documented in `--help` and the README: 0
//! success, 1 failure, 2 usage error (#16 item 2).

mod common;

use common::hazeplan;

/// (arguments, expected exit code) for a success, a failure and a usage error of each command.
const CASES: &[(&[&str], i32)] = &[
    (&["aqi", "--pm25", "75"], 0),
    (&["aqi", "tests/fixtures/bad/empty.csv"], 1),
    (&["aqi", "--pm25", "75", "--period", "week"], 2),
    (&["check", "tests/fixtures/scenarios/minimal.yaml"], 0),
    (
        &["check", "tests/fixtures/bad/scenarios/missing_key.yaml"],
        1,
    ),
    (&["check"], 2),
    (
        &["plot", "tests/fixtures/run/basin", "-o", "{tmp}/charts"],
        0,
    ),
    (&["plot", "tests/fixtures/scenarios"], 1),
    (&["plot", "--colour", "x", "tests/fixtures/run/basin"], 2),
    (
        &[
            "run",
            "tests/fixtures/scenarios/minimal.yaml",
            "-o",
            "{tmp}/run",
        ],
        0,
    ),
    (
        &[
            "run",
            "tests/fixtures/bad/scenarios/missing_key.yaml",
            "-o",
            "{tmp}/run",
        ],
        1,
    ),
    (
        &[
            "run",
            "tests/fixtures/scenarios/minimal.yaml",
            "--lang",
            "fr",
        ],
        2,
    ),
    (
        &[
            "batch",
            "tests/fixtures/monitoring",
            "-o",
            "{tmp}/batch",
            "--no-charts",
        ],
        0,
    ),
    (
        &["batch", "tests/fixtures/bad/empty.csv", "-o", "{tmp}/batch"],
        1,
    ),
    (&["batch", "tests/fixtures/monitoring"], 2),
    (&["completions", "bash"], 0),
    (&["completions", "tcsh"], 2),
    (&["man"], 0),
];

#[test]
fn each_command_exits_0_1_or_2() {
    let mut wrong = Vec::new();
    for (args, code) in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path().display().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", &t)).collect();
        let out = hazeplan().args(&args).output().unwrap();
        if out.status.code() != Some(*code) {
            wrong.push(format!(
                "{args:?}: exit {:?}, expected {code}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_exit_status_is_in_the_help() {
    for cmd in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["batch", "--help"],
    ] {
        hazeplan()
            .args(&cmd)
            .assert()
            .success()
            .stdout(predicates::str::contains("Exit status: 0 success"));
    }
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = hazeplan().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["hazeplan", "batch", "tighten"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    hazeplan()
        .arg("man")
        .assert()
        .success()
        .stdout(predicates::str::contains(".TH hazeplan 1"));
}

#[test]
fn quiet_prints_only_results_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    hazeplan()
        .args(["-q", "run", "tests/fixtures/scenarios/planning.yaml", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert!(out.join("report.md").exists());
    hazeplan()
        .args(["check", "-q", "tests/fixtures/scenarios/minimal.yaml"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    // The table is the result: still printed; the quality summary is not.
    hazeplan()
        .args(["aqi", "--quiet", "tests/fixtures/monitoring/long_zh.csv"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("time,site,aqi"))
        .stderr("");
    // Errors are.
    hazeplan()
        .args([
            "-q",
            "check",
            "tests/fixtures/bad/scenarios/missing_key.yaml",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with("error: scenario"));
}

#[test]
fn quiet_batch_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    hazeplan()
        .args([
            "batch",
            "-q",
            "tests/fixtures/monitoring",
            "--no-charts",
            "-o",
        ])
        .arg(tmp.path().join("b"))
        .assert()
        .success()
        .stdout("")
        .stderr("");
}
