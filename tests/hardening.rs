//! What a newcomer's trial found (#13), each kept fixed: bounded inputs and the same meaning
//! of failure across commands.

mod common;

use common::{fixture, hazeplan};

#[test]
fn threads_are_capped_at_four_times_the_cores() {
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("monitoring/long_zh.csv"),
        input.path().join("a.csv"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(out.path().join("b"))
        .args(["--progress", "never", "--no-charts", "--threads", "100000"])
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "note: --threads 100000 capped at {} (4 x this machine's {cores} cores)",
            4 * cores
        )));
}

#[test]
fn a_batch_that_reads_nothing_fails_as_aqi_does() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("empty.csv"), "").unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("b");
    hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(&target)
        .args(["--progress", "never"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no data could be read from the input files",
        ));
    assert!(!target.exists());
}

#[test]
fn aqi_that_reads_nothing_prints_no_header() {
    // Seen in the newcomer's trial: the table header went to standard output before the
    // "no data" error, so a pipe received half a table.
    let input = tempfile::tempdir().unwrap();
    let file = input.path().join("empty.csv");
    std::fs::write(&file, "date,hour,type,1001A\n").unwrap();
    hazeplan()
        .arg("aqi")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "no data could be read from the input files",
        ));
    let target = input.path().join("out/aqi.csv");
    hazeplan()
        .arg("aqi")
        .arg(&file)
        .arg("-o")
        .arg(&target)
        .assert()
        .code(1)
        .stdout("");
    assert!(!target.exists());
}

#[test]
fn a_hindcast_that_reads_nothing_fails_check_as_it_fails_run() {
    let scenario = "tests/fixtures/bad/hindcast/unreadable.yaml";
    let expected = std::fs::read_to_string(fixture("bad/hindcast/unreadable.expected")).unwrap();
    assert!(
        expected.contains("unreadable/no_time.csv: no time columns"),
        "{expected}"
    );
    hazeplan()
        .args(["check", scenario])
        .assert()
        .code(1)
        .stdout("")
        .stderr(expected.clone());
    let out = tempfile::tempdir().unwrap();
    hazeplan()
        .args(["run", scenario, "-o"])
        .arg(out.path().join("r"))
        .assert()
        .code(1)
        .stderr(expected);
    assert!(!out.path().join("r").exists());
}

/// `check` of a scenario written into a temporary folder: (exit code, standard error).
fn check_text(yaml: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    std::fs::write(&p, yaml).unwrap();
    let out = hazeplan().arg("check").arg(&p).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BASE: &str = "name: s\nperiod: {start: 2026-12-01, end: 2026-12-02}\ncities: [太原]\n\
                    forecast: {file: f.csv}\n";

#[test]
fn problems_are_capped_at_fifty_then_counted() {
    let keys: String = (0..60).map(|i| format!("extra{i}: 1\n")).collect();
    let (code, err) = check_text(&format!("{BASE}{keys}"));
    assert_eq!(code, Some(1));
    // The header, 50 problems and the count.
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].ends_with("has 60 problems:"), "{}", lines[0]);
    assert_eq!(lines.len(), 52, "{err}");
    assert_eq!(lines[51], "… and 10 more problems (the first 50 are shown)");
}

/// A header wider than any monitoring file's is refused before its names are decoded (a
/// fuzzed 11.5 MB header of empty names took 1.4 GB and 2 s of CPU to match).
#[test]
fn headers_wider_than_any_monitoring_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cols = |prefix: &str| {
        (0..20_001)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let cnemc = dir.path().join("cnemc.csv");
    std::fs::write(
        &cnemc,
        format!("date,hour,type,{}\n20230120,0,PM2.5,1\n", cols("1")),
    )
    .unwrap();
    let long = dir.path().join("long.csv");
    std::fs::write(
        &long,
        format!("time,station,{}\n2023-01-20 01:00,A,1\n", cols("x")),
    )
    .unwrap();
    for (file, fields) in [(&cnemc, 20_004), (&long, 20_003)] {
        let out = hazeplan().arg("aqi").arg(file).assert().code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            err.contains(&format!(
                "line 1: the header has {fields} fields, more than any monitoring file (20000 at \
                 most); file skipped"
            )) || err.contains(&format!(
                ":1: the header has {fields} fields, more than any monitoring file (20000 at \
                 most); file skipped"
            )),
            "{err}"
        );
    }
}

#[test]
fn echoed_values_are_shortened() {
    let huge = "大".repeat(1_000_000);
    let (code, err) = check_text(&format!("{BASE}regions: [{{name: r, cities: [{huge}]}}]\n"));
    assert_eq!(code, Some(1));
    assert!(err.len() < 10_000, "{} bytes", err.len());
    assert!(
        err.contains("more characters)"),
        "{}",
        &err[..500.min(err.len())]
    );
}

#[test]
fn aqi_outputs_make_their_folders_and_fail_before_printing() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("monitoring/long_zh.csv");
    // `-o` and `--quality` into folders that do not exist yet.
    let out = dir.path().join("a/b/aqi.csv");
    let q = dir.path().join("c/quality.csv");
    hazeplan()
        .arg("aqi")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--quality")
        .arg(&q)
        .assert()
        .success();
    assert!(out.exists() && q.exists());
    // A `--quality` path under a file: the error, and nothing on standard output.
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    hazeplan()
        .arg("aqi")
        .arg(&input)
        .arg("--quality")
        .arg(file.join("q.csv"))
        .assert()
        .failure()
        .stdout("")
        .stderr(predicates::str::contains("is a file, not a folder"));
}

#[test]
fn an_os_error_is_printed_once_without_temporary_paths() {
    // A folder name of our own: the temporary files' names start with `.tmp`.
    let dir = tempfile::Builder::new().prefix("hz").tempdir().unwrap();
    let target = dir.path().join("out.csv");
    std::fs::create_dir(&target).unwrap();
    let out = hazeplan()
        .arg("aqi")
        .arg(fixture("monitoring/long_zh.csv"))
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap();
    assert_eq!(
        line,
        format!(
            "error: cannot write {}: Is a directory (os error 21)",
            target.display()
        )
    );
    assert!(!err.contains(".tmp"), "{err}");
    // Nothing left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn numbers_with_exponents_are_numbers() {
    hazeplan()
        .args(["aqi", "--pm25", "1.5e2"])
        .assert()
        .success()
        .stdout(predicates::str::contains("150"));
}

#[test]
fn a_rule_files_problem_is_located_as_a_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.yaml");
    std::fs::write(&rules, "lead_time_hours: abc\n").unwrap();
    hazeplan()
        .arg("batch")
        .arg(fixture("monitoring"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--rules")
        .arg(&rules)
        .assert()
        .code(1)
        .stderr(format!(
            "error: {}:1:18: lead_time_hours: expected a whole number, found 'abc'\n",
            rules.display()
        ));
}

#[test]
fn a_bad_date_is_explained_in_our_words() {
    hazeplan()
        .args(["aqi", "--pm25", "75", "--date", "2026-13-01"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "'2026-13-01' is not a valid date (write it as 2026-03-01)",
        ));
}

#[test]
fn progress_always_writes_lines_to_a_file_and_advances_on_long_input() {
    let input = tempfile::tempdir().unwrap();
    // Two long files over the same hours: read side by side, finished together at the end.
    for name in ["a.csv", "b.csv"] {
        std::fs::copy(fixture("monitoring/long_zh.csv"), input.path().join(name)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let o = hazeplan()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(out.path().join("b"))
        .args(["--progress", "always", "--no-charts"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("progress: "))
        .collect();
    assert!(!lines.is_empty(), "{err}");
    assert!(
        lines.last().unwrap().starts_with("progress: 2/2 files"),
        "{err}"
    );
    // No bar's control codes in a file.
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn progress_advances_through_the_uci_files() {
    // The case observed: 12 long files read side by side sat at 0/12 until the end.
    let Some(uci) = common::shared_data("uci_beijing_multisite") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let o = hazeplan()
        .arg("batch")
        .arg(uci)
        .arg("-o")
        .arg(out.path().join("b"))
        .args(["--city", "北京", "--progress", "always", "--no-charts"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let mb: Vec<u64> = err
        .lines()
        .filter_map(|l| l.strip_prefix("progress: "))
        .filter_map(|l| l.split(", ").nth(1)?.split(' ').next()?.parse().ok())
        .collect();
    assert!(mb.len() >= 5, "{err}");
    assert!(
        mb.windows(2).all(|w| w[0] <= w[1]) && mb[0] < *mb.last().unwrap(),
        "{mb:?}"
    );
}

#[test]
fn plot_refuses_an_aqi_above_500() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture("run/basin")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    let daily = dir.path().join("daily.csv");
    let text = std::fs::read_to_string(&daily).unwrap();
    // The first data row's AQI becomes 501.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let a = header.iter().position(|h| *h == "aqi").unwrap();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[a] = "501".into();
    lines[1] = cells.join(",");
    std::fs::write(&daily, lines.join("\n") + "\n").unwrap();
    hazeplan()
        .arg("plot")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "'501' is not an AQI (a whole number from 0 to 500, or empty)",
        ));
}

#[test]
fn a_number_out_of_range_is_quoted_as_written_with_its_key_path() {
    let (code, err) = check_text(&format!(
        "{BASE}regions: [{{name: r, cities: [太原], trigger: {{min_cities: 99999999999999999999}}}}]\n"
    ));
    assert_eq!(code, Some(1));
    assert!(
        err.contains(
            "regions[0].trigger.min_cities: expected a whole number from 0 to 4294967295, found \
             '99999999999999999999'"
        ),
        "{err}"
    );
}
